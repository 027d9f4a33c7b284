#!/bin/sh
# valgrind.sh - memcheck over the unit tests and a short hub + agent run.
#   BUILD=build sh tests/faults/valgrind.sh
# Errors are memory errors and definite or indirect leaks (not "still
# reachable": one-time allocations of CZMQ/libzmq/libsodium); suppressions
# in tests/faults/valgrind.supp. Every process valgrind ran writes its own
# log; each must end with "ERROR SUMMARY: 0 errors". Logs of a failure are
# copied to /tmp/regiehub-valgrind-XXXXXX.
. "$(dirname "$0")/faults_lib.sh"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
command -v valgrind >/dev/null || { t_skip valgrind "valgrind is not installed"; f_end; exit $?; }
VG_LOGS="$T_DIR/vg"
mkdir -p "$VG_LOGS"
# vg_opts NAME: memcheck's options, one log per process. Daemons are started
# as `valgrind $(vg_opts NAME) PROGRAM ... &` so that $! is valgrind itself
# (a shell function in the background would be a subshell around it).
vg_opts () {
    echo "--tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect" \
         "--errors-for-leak-kinds=definite,indirect --track-origins=yes --num-callers=30" \
         "--suppressions=$FAULTS/valgrind.supp --log-file=$VG_LOGS/$1.%p.log"
}
vg () {  # vg NAME PROGRAM ARGS...: runs in the foreground under memcheck
    _name=$1; shift
    # shellcheck disable=SC2046
    valgrind $(vg_opts "$_name") "$@"
}
vg_check () {  # vg_check NAME: every log of NAME says 0 errors
    _n=0; _bad=""
    for _f in "$VG_LOGS/$1".*.log; do
        [ -e "$_f" ] || continue
        _n=$((_n + 1))
        grep -q "ERROR SUMMARY: 0 errors" "$_f" || _bad="$_bad $(basename "$_f")"
    done
    if [ "$_n" -gt 0 ] && [ -z "$_bad" ]; then t_ok "valgrind $1: $_n processes, 0 errors, no leaks"
    else
        _keep=$(mktemp -d /tmp/regiehub-valgrind-XXXXXX); cp "$VG_LOGS"/*.log "$_keep/" 2>/dev/null
        t_fail "valgrind $1: 0 errors, no leaks" "$_n logs; errors in:$_bad (logs in $_keep): $(for b in $_bad; do grep -m 3 -E 'definitely|indirectly|Invalid|uninitialised' "$VG_LOGS/$b"; done | tr '\n' ' ' | head -c 600)"
    fi
}

# ---- the unit tests
cp "$BIN/unit-tests" "$T_DIR/bin/"
out=$(vg unit "$T_DIR/bin/unit-tests" 2>&1)
# their verdicts are `make test`'s business; here only memory counts
echo "unit tests under valgrind: $(printf '%s\n' "$out" | tail -n 1)"
printf '%s\n' "$out" | grep '^FAIL' | head -n 5
vg_check unit

# ---- a short hub + agent run: every process under valgrind
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; f_end; exit 1; }
agent_new politie-west politie signal || { t_fail setup agent; f_end; exit 1; }
agent_new acm-intake regieteam intake,regie acm || { t_fail setup agent; f_end; exit 1; }
# shellcheck disable=SC2046
valgrind $(vg_opts hub) "$HUB" run -c "$HUB_CONF" >>"$HUB_DIR/hub.log" 2>&1 &
HUB_PID=$!; T_PIDS="$T_PIDS $HUB_PID"
wait_for 60 "$HUB" status -c "$HUB_CONF" || t_fail "hub under valgrind starts" "$(tail -n 3 "$HUB_DIR/hub.log")"
for a in politie-west acm-intake; do
    # shellcheck disable=SC2046
    valgrind $(vg_opts "agent-$a") "$REGIE" run -d "$T_DIR/$a" >>"$T_DIR/$a.log" 2>&1 &
    eval "PID_$(echo "$a" | tr - _)=$!"; T_PIDS="$T_PIDS $!"
    wait_for 60 "$REGIE" status -d "$T_DIR/$a" || t_fail "agent $a under valgrind starts" "$(tail -n 3 "$T_DIR/$a.log")"
done
agent_connected politie-west
for i in 1 2 3; do
    r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied huisvesting --severity ernstig \
        --ground financiele_problemen --text "valgrind $i" --informed --wait 30 --json
    t_equal "signal $i is receipted (hub and agent under valgrind)" receipted "$(jget 'j["status"]')"
done
OUT=$(vg cli "$REGIE" regiecheck -d "$T_DIR/politie-west" --bsn 111222333 --json 2>&1); RC=$?
t_rc "a regiecheck through the CLI under valgrind" 0
OUT=$(vg cli "$REGIE" signal -d "$T_DIR/politie-west" --direct --bsn 111222333 --leefgebied werk \
    --severity zorg --ground geweld --text direct --informed --json 2>&1); RC=$?
t_rc "a --direct signal (one-shot link) under valgrind" 0
# refusals on the hub's path, from a raw client with the agent's identity
for m in malformed badsig stale unknowntype; do
    "$HC" send "$HUB_DIR/hub.cert" "$T_DIR/politie-west/identity.secret" "$HUB_EP" --mutate "$m" >/dev/null
done
if wait_for 60 sh -c "[ \$(sqlite3 '$T_DIR/acm-intake/agent.db' 'SELECT count(*) FROM inbox') -ge 4 ]"; then
    t_ok "the intake (under valgrind) received the signals"
else t_fail "the intake (under valgrind) received the signals" "inbox $(agent_db acm-intake 'SELECT count(*) FROM inbox')"; fi
vg status "$HUB" status -c "$HUB_CONF" --json >/dev/null 2>&1
"$HUB" reload -c "$HUB_CONF" >/dev/null 2>&1
# clean stops, so that memcheck sees every exit path free its memory
for a in politie-west acm-intake; do
    p=$(agent_pid "$a"); kill -TERM "$p"; wait "$p"; pid_forget "$p"
done
kill -TERM "$HUB_PID"; wait "$HUB_PID"; pid_forget "$HUB_PID"
vg_check hub
vg_check agent-politie-west
vg_check agent-acm-intake
vg_check cli
vg_check status
f_end
