#!/bin/sh
# retention.sh - the hub's retention under power cuts.
#
#   PL_DROP=MUTATION sh tests/powerloss/retention.sh
#
# A store on the test clock (signal_expiry and history 20 days): on day 0
# signals about households H, which the hub's retention timer moves into
# the archive on day 25; on day 25 signals about households A, on day 40
# about households B, each waiting for the intake. On day 50 one retention
# run is due: A's signals expire (into the archive, their envelopes and
# pending deliveries removed), H's archive entries are past their period
# (removed, H's pseudonyms forgotten); B's are not due. That run is made
#   - by `regiehub retention` without a hub: a counting run finds its sync
#     points, then from the same store it is cut at each of them, and once
#     right after it said "Retention done";
#   - by the hub's timer when the hub starts: a counting run (start, the
#     timer's run, clean stop), then cut at each of its sync points;
#   - by a running hub, its clock moved to day 50: through `regiehub
#     retention` (or its timer, whichever comes first), cut right after
#     the command said done.
# After every cut the store passes integrity_check and audit verify, and is
# either the store before the run or the one after it, whole: A's signals,
# envelopes, deliveries, the archive and H's pseudonyms all as before, or
# all as a run without a cut leaves them (and one more retention entry in
# the audit log that removed something) - never a mix; B's signals, envelopes and deliveries and
# every message row are there in both. After a cut that followed "done" it
# must be the store after the run.
. "$(dirname "$0")/powerloss_lib.sh"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT"; t_end; exit 1; }
echo "retention:${PL_DROP:+ mutation=$PL_DROP}"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner woonbron woningcorporatie signal
sed -i 's/    signal_expiry = "730"/    signal_expiry = "20"/; s/    history = "1826"/    history = "20"/' "$HUB_CONF"
grep -q 'signal_expiry = "20"' "$HUB_CONF" && grep -q 'history = "20"' "$HUB_CONF" ||
    { t_fail setup "hub.conf has no signal_expiry/history to shorten"; t_end; exit 1; }

DAY=86400000
clock_day () { echo $(( $1 * DAY )) >"$HUB_DIR/clock.tmp" && mv "$HUB_DIR/clock.tmp" "$HUB_DIR/clock"; }
# signals DAY PREFIX N: N signals on DAY, each about its own household
# (person PREFIX0i00...); their seqs appended to $T_DIR/seqs.PREFIX
signals () {
    _i=1
    while [ "$_i" -le "$3" ]; do
        _p=$(printf '%s%02x' "$2" "$_i"); _p=$(printf '%-64s' "$_p" | tr ' ' 0)
        send woonbron --offset $(( $1 * DAY )) --person "$_p" |
            sed -n 's/^receipt seq=\([0-9]*\) .*/\1/p' >>"$T_DIR/seqs.$2"
        _i=$((_i + 1))
    done
}
list () { tr '\n' ',' <"$T_DIR/seqs.$1" | sed 's/,$//'; }
# wait_audit N: until the store has N retention entries (5 s at most)
wait_audit () {
    for _ in $(seq 1 100); do
        [ "$(sql "SELECT count (*) FROM audit WHERE action = 'retention'" 2>/dev/null)" -ge "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

clock_day 0
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
signals 0 a1 5
hub_stop
clock_day 25
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
wait_audit 1 || t_fail setup "the timer's retention on day 25 did not run"
signals 25 b1 8
hub_stop
clock_day 40
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
signals 40 c1 6
hub_stop
t_equal "5 + 8 + 6 signals receipted" "5 8 6" \
    "$(wc -l <"$T_DIR/seqs.a1" | tr -d ' ') $(wc -l <"$T_DIR/seqs.b1" | tr -d ' ') $(wc -l <"$T_DIR/seqs.c1" | tr -d ' ')"
A=$(list b1); B=$(list c1)
H_HHS=$(sql "SELECT group_concat (hh) FROM history")
clock_day 50
cp -a "$HUB_DIR" "$T_DIR/pristine"

# what a cut may change: A's and H's side, and what must stay: B's side
varies () {
    sql "SELECT (SELECT count (*) FROM messages WHERE seq IN ($A) AND envelope IS NOT NULL),
                (SELECT count (*) FROM signals WHERE seq IN ($A)),
                (SELECT count (*) FROM deliveries WHERE seq IN ($A)),
                (SELECT count (*) || '/' || coalesce (sum (signals), 0) FROM history),
                (SELECT count (*) FROM household_refs WHERE hh IN ($H_HHS)),
                (SELECT count (*) FROM audit WHERE action = 'retention'
                 AND json_extract (result, '$.messages_emptied') > 0)" 2>&1 | tr '|' ' '
}
stays () {
    sql "SELECT (SELECT count (*) FROM messages WHERE seq IN ($B) AND envelope IS NOT NULL),
                (SELECT count (*) FROM signals WHERE seq IN ($B)),
                (SELECT count (*) FROM deliveries WHERE seq IN ($B)),
                (SELECT count (*) FROM messages)" 2>&1 | tr '|' ' '
}
BEFORE=$(varies); STAYS=$(stays)
t_equal "before the run: A's 8 signals held, delivered to none yet; H's 5 archived, known" \
    "8 8 8 5/5 5 1" "$BEFORE"
# the store after a run without a cut
reset_store () {
    rm -rf "$HUB_DIR" "$HUB_DIR.powercut-stash"
    cp -a "$T_DIR/pristine" "$HUB_DIR"
}
"$HUB" retention -c "$HUB_CONF" >/dev/null 2>&1
AFTER=$(varies)
t_equal "after a run without a cut: A's signals archived, emptied, undelivered; H forgotten" \
    "0 0 0 8/8 0 2" "$AFTER"
t_equal "and B's signals, envelopes and deliveries and every message row are there" "$STAYS" "$(stays)"
t_equal "B is what the store held: 6 signals, each with its envelope and delivery" "6 6 6" \
    "$(echo "$STAYS" | cut -d' ' -f1-3)"

# check LABEL: STATE=before, after or bad (with a FAIL line)
check () {
    STATE=bad
    _ic=$(sql 'PRAGMA integrity_check' 2>&1)
    [ "$_ic" = ok ] || { t_fail "$1: the store is whole" "$_ic"; return; }
    _out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1) || { t_fail "$1: the audit chain verifies" "$_out"; return; }
    _s=$(stays)
    [ "$_s" = "$STAYS" ] || { t_fail "$1: nothing not due was lost" "B's side '$_s', expected '$STAYS'"; return; }
    _v=$(varies)
    if [ "$_v" = "$BEFORE" ]; then STATE=before
    elif [ "$_v" = "$AFTER" ]; then STATE=after
    else t_fail "$1: the store is the one before the run or the one after it" \
        "'$_v', expected '$BEFORE' or '$AFTER'"
    fi
}
# sweep LABEL CMD...: counts the sync points of CMD (a shell function run
# from the pristine store under the library), then cuts it at each
sweep () {
    _label=$1; shift
    reset_store
    : >"$T_DIR/powercut.log"
    "$@" POWERCUT_SEED=1
    _syncs=$(sed -n 's/^powercut: exit pid=[0-9]* syncs=\([0-9]*\)$/\1/p' "$T_DIR/powercut.log" | tail -n 1)
    check "$_label, without a cut"
    t_equal "$_label, without a cut, leaves the store after the run (sync points: ${_syncs:-none})" after "$STATE"
    _b=0 _a=0 _bad=0 _k=1
    while [ "$_k" -le "${_syncs:-0}" ]; do
        reset_store
        "$@" POWERCUT_AT_SYNC="$_k" POWERCUT_SEED="$_k"
        check "$_label, cut at sync $_k"
        case $STATE in before) _b=$((_b + 1)) ;; after) _a=$((_a + 1)) ;; *) _bad=$((_bad + 1)) ;; esac
        _k=$((_k + 1))
    done
    t_equal "$_label: after a cut at each of its ${_syncs:-0} sync points ($_b left the store before the run, $_a the one after) every store was whole and one of the two" 0 "$_bad"
}

# ---- `regiehub retention` without a hub
offline () {
    # shellcheck disable=SC2046
    env $(pl_env "$HUB_DIR" "$T_DIR/cut.none" 1) "$@" "$HUB" retention -c "$HUB_CONF" 2>&1
}
offline_quiet () { offline "$@" >/dev/null; }
sweep "regiehub retention" offline_quiet
reset_store
out=$(offline POWERCUT_AT_EXIT=1)
t_expect "regiehub retention said done" "8$" "$(printf '%s\n' "$out" | grep -E '^  ' | head -n 1)"
check "cut right after regiehub retention said done"
t_equal "after a power cut right after \"Retention done\" the store is the one after the run" after "$STATE"

# ---- the hub's timer, at its start
timer_run () {
    # shellcheck disable=SC2046
    env $(pl_env "$HUB_DIR" "$T_DIR/cut.none" 1) "$@" "$HUB" run -c "$HUB_CONF" >>"$HUB_DIR/hub.log" 2>&1 &
    HUB_PID=$!
    T_PIDS="$T_PIDS $HUB_PID"
    for _ in $(seq 1 100); do
        kill -0 "$HUB_PID" 2>/dev/null || break
        "$HUB" status -c "$HUB_CONF" >/dev/null 2>&1 && break
        sleep 0.05
    done
    kill -0 "$HUB_PID" 2>/dev/null && wait_audit 2
    kill -TERM "$HUB_PID" 2>/dev/null
    wait "$HUB_PID" 2>/dev/null
    pid_forget "$HUB_PID"
}
sweep "the hub's retention timer" timer_run

# ---- a running hub, through `regiehub retention`
reset_store
clock_day 44            # nothing due at the start: the timer leaves it
pl_hub_start 5 || t_fail "the hub starts" "$(tail -n 2 "$HUB_DIR/hub.log")"
clock_day 50
sleep 1.5               # the hub reads its clock file at its next tick
out=$("$HUB" retention -c "$HUB_CONF" --json 2>&1)
pl_cut "$HUB_PID" "$T_DIR/cut.hub" || t_fail "the cut took effect" "the hub did not die"
t_expect "regiehub retention through the running hub said done" '^\{' "$out"
check "cut right after the running hub's retention said done"
t_equal "after a power cut right after it the store is the one after the run" after "$STATE"
hub_start >/dev/null || t_fail "the hub starts on it" "$(tail -n 2 "$HUB_DIR/hub.log")"
t_expect "and serves" "^receipt seq=[0-9]+ " "$(send woonbron --offset $((50 * DAY)))"
hub_stop
t_end
