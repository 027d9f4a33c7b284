#!/bin/sh
# syncpoints.sh - the hub's power cut at every sync point of a short run.
#
# A counting run (start, 5 signals from one partner, each sent on its own
# connection, clean stop) finds the run's sync points; then, each time from
# the same store, the run is repeated with the power cut at sync point k,
# before it takes effect. After each cut the hub starts on what the disk
# held, every signal that was receipted before the cut is stored at its
# receipt's seq, and the store passes integrity_check and audit verify.
. "$(dirname "$0")/powerloss_lib.sh"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT"; t_end; exit 1; }
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner politie-west politie signal
cp -a "$HUB_DIR" "$T_DIR/pristine"

reset_store () {
    rm -rf "$HUB_DIR" "$HUB_DIR.powercut-stash"
    cp -a "$T_DIR/pristine" "$HUB_DIR"
}
# one_run [VAR=VALUE]: start, 5 signals, stop; receipted seqs in $T_DIR/seqs
one_run () {
    : >"$T_DIR/seqs"
    # shellcheck disable=SC2046
    env $(pl_env "$HUB_DIR" "$T_DIR/cut.none" 1) "$@" "$HUB" run -c "$HUB_CONF" \
        >>"$HUB_DIR/hub.log" 2>&1 &
    HUB_PID=$!
    T_PIDS="$T_PIDS $HUB_PID"
    for _ in $(seq 1 100); do
        kill -0 "$HUB_PID" 2>/dev/null || break
        "$HUB" status -c "$HUB_CONF" >/dev/null 2>&1 && break
        sleep 0.05
    done
    for _ in 1 2 3 4 5; do
        kill -0 "$HUB_PID" 2>/dev/null || break
        send politie-west --timeout 2000 2>/dev/null | sed -n 's/^receipt seq=\([0-9]*\) .*/\1/p' >>"$T_DIR/seqs"
    done
    kill -TERM "$HUB_PID" 2>/dev/null
    wait "$HUB_PID" 2>/dev/null
    pid_forget "$HUB_PID"
}
reset_store
: >"$T_DIR/powercut.log"
one_run
SYNCS=$(sed -n 's/^powercut: exit pid=[0-9]* syncs=\([0-9]*\)$/\1/p' "$T_DIR/powercut.log" | tail -n 1)
t_equal "the counting run receipted 5 signals" 5 "$(wc -l <"$T_DIR/seqs" | tr -d ' ')"
t_expect "the run has sync points (counted: ${SYNCS:-none})" '^[1-9][0-9]*$' "${SYNCS:-}"
bad=0 receipted=0
k=1
while [ "$k" -le "${SYNCS:-0}" ]; do
    reset_store
    one_run POWERCUT_AT_SYNC="$k" POWERCUT_SEED="$k"
    n=$(wc -l <"$T_DIR/seqs" | tr -d ' ')
    receipted=$((receipted + n))
    if ! hub_start >/dev/null; then
        bad=$((bad + 1)); t_fail "cut at sync $k: the hub starts" "$(tail -n 2 "$HUB_DIR/hub.log")"; k=$((k + 1)); continue
    fi
    hub_stop
    for s in $(cat "$T_DIR/seqs"); do
        got=$(sql "SELECT author FROM messages WHERE seq = $s" 2>&1)
        [ "$got" = politie-west ] || { bad=$((bad + 1)); t_fail "cut at sync $k: receipted seq $s is stored" "got '$got'"; }
    done
    ic=$(sql 'PRAGMA integrity_check' 2>&1)
    [ "$ic" = ok ] || { bad=$((bad + 1)); t_fail "cut at sync $k: integrity_check" "$ic"; }
    out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1) ||
        { bad=$((bad + 1)); t_fail "cut at sync $k: audit verify" "$out"; }
    k=$((k + 1))
done
t_equal "a cut at each of the ${SYNCS:-0} sync points lost none of the $receipted signals receipted before it; every store whole" 0 "$bad"
t_end
