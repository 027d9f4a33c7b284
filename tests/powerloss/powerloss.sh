#!/bin/sh
# powerloss.sh - power cuts under load, with real `regie run` daemons.
#
#   POWER_CUTS=10 POWER_AGENT_CUTS=10 FAULT_SEED=N sh tests/powerloss/powerloss.sh
#
# kill9.sh's network (three senders raising signals through their daemons'
# outboxes at LOAD_RATE/s each, the intake of team acm a daemon too), with
# every program under the power-cut library (powercut.c). Part 1 cuts the
# hub's power at random moments POWER_CUTS times: its directory is rewritten
# to what a disk would hold (unsynced writes dropped, some applied, some
# torn; unsynced directory entries undone) and the hub restarts on it. Part
# 2 cuts the senders' and the intake's power instead. After each part the
# network settles and check.py proves what it proves after kill -9: every id
# a daemon said "queued" for is in its outbox, every receipted message is in
# the hub's store once at its receipt's seq and in a batch the hub committed,
# every delivered message is in the intake's inbox once; audit verify and
# sqlite's integrity check pass. PL_DROP (a mutation, see powercut.c) makes
# the proof fail: tests/powerloss/selftest.sh.
. "$(dirname "$0")/powerloss_lib.sh"
CUTS=${POWER_CUTS:-10}
AGENT_CUTS=${POWER_AGENT_CUTS:-$CUTS}
SEED=${FAULT_SEED:-$(( $(date +%s) % 100000 ))}
RATE=${LOAD_RATE:-40}
SETTLE=${POWER_SETTLE:-90}
SENDERS="politie-west school-noord woonbron"
echo "powerloss: seed=$SEED hub cuts=$CUTS agent cuts=$AGENT_CUTS rate=$RATE/s per sender${PL_DROP:+ mutation=$PL_DROP}"
rand_init "$SEED"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT (make $BUILD/powercut.so)"; t_end; exit 1; }
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
for a in $SENDERS; do
    agent_new "$a" partner signal || { t_fail setup "agent $a"; t_end; exit 1; }
done
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "intake"; t_end; exit 1; }
mkdir -p "$T_DIR/accepted"
pl_hub_start "$SEED" || { t_fail setup "hub start"; t_end; exit 1; }
for a in $SENDERS acm-intake; do
    pl_agent_start "$a" "$SEED" || { t_fail setup "start $a"; t_end; exit 1; }
done

load_start () {
    socks=""
    for a in $SENDERS; do socks="$socks $T_DIR/$a/agent.sock"; done
    # shellcheck disable=SC2086
    python3 "$FAULTS/load.py" "$T_DIR/accepted" "$RATE" 0 $socks >"$T_DIR/load.$1.out" 2>&1 &
    LOAD_PID=$!
    T_PIDS="$T_PIDS $LOAD_PID"
}
load_stop () {
    kill -TERM "$LOAD_PID" 2>/dev/null
    wait "$LOAD_PID" 2>/dev/null
    pid_forget "$LOAD_PID"
}

# ---- part 1: the hub's power is cut
load_start hub
sleep 1
t0=$(date +%s)
survived=0 uncut=0
i=0
while [ "$i" -lt "$CUTS" ]; do
    sleep_rand 200 1200                     # up, under load
    pl_cut "$HUB_PID" "$T_DIR/cut.hub" || uncut=$((uncut + 1))
    sleep_rand 0 300                        # down: the senders' outboxes fill
    rand 1 99999
    if pl_hub_start "$RAND" >/dev/null; then survived=$((survived + 1)); else
        t_fail "hub restart after cut $((i + 1))" "$(tail -n 3 "$HUB_DIR/hub.log")"; break; fi
    i=$((i + 1))
done
sleep 1
load_stop
t_equal "every power cut of the hub took effect" 0 "$uncut"
t_equal "the hub came back after each of $CUTS power cuts" "$CUTS" "$survived"
if settle "$SETTLE" $SENDERS; then t_ok "hub cuts: the network settled"
else t_fail "hub cuts: the network settled" "see above"; fi
run_checks "hub cuts" $SENDERS
HUB_FIGURES="hub cuts=$survived in $(( $(date +%s) - t0 ))s, $(tail -n 1 "$T_DIR/load.hub.out"), $CHECKED_LINE"
store_checks "hub cuts"

# ---- part 2: the agents' power is cut (senders and the intake)
if [ "$AGENT_CUTS" -gt 0 ]; then
    load_start agents
    sleep 1
    t0=$(date +%s)
    restarted=0 uncut=0
    i=0
    while [ "$i" -lt "$AGENT_CUTS" ]; do
        sleep_rand 200 900
        rand 0 3
        case $RAND in
            0) victim=politie-west ;; 1) victim=school-noord ;; 2) victim=woonbron ;; *) victim=acm-intake ;;
        esac
        pl_cut "$(agent_pid "$victim")" "$T_DIR/cut.$victim" || uncut=$((uncut + 1))
        sleep_rand 0 200
        rand 1 99999
        if pl_agent_start "$victim" "$RAND" >/dev/null; then restarted=$((restarted + 1)); else
            t_fail "restart $victim after cut $((i + 1))" "$(tail -n 3 "$T_DIR/$victim.log")"; break; fi
        i=$((i + 1))
    done
    sleep 1
    load_stop
    t_equal "every power cut of an agent took effect" 0 "$uncut"
    t_equal "every agent came back after each of $AGENT_CUTS power cuts" "$AGENT_CUTS" "$restarted"
    if settle "$SETTLE" $SENDERS; then t_ok "agent cuts: the network settled"
    else t_fail "agent cuts: the network settled" "see above"; fi
    run_checks "agent cuts" $SENDERS
    AGENT_FIGURES="agent cuts=$restarted in $(( $(date +%s) - t0 ))s, $(tail -n 1 "$T_DIR/load.agents.out"), $CHECKED_LINE"
    store_checks "agent cuts"
fi
hub_stop
t_equal "after a clean stop the store still passes integrity_check" "ok" "$(sql 'PRAGMA integrity_check')"
dropped=$(grep -c 'powercut: trigger' "$T_DIR/powercut.log" 2>/dev/null)
echo "cuts: $dropped; $(awk '/powercut: trigger/ { for (i = 1; i <= NF; i++) { split ($i, kv, "="); if (kv[2] != "") s[kv[1]] += kv[2] } }
    END { printf "files=%d writes dropped=%d kept=%d torn=%d dirops undone=%d", s["files"], s["dropped"], s["kept"], s["torn"], s["undone"] }' "$T_DIR/powercut.log")"
echo "figures: $HUB_FIGURES"
[ -n "${AGENT_FIGURES:-}" ] && echo "figures: $AGENT_FIGURES"
f_end
