#!/bin/sh
# kill9.sh - kill -9 cycles under load, with real `regie run` daemons.
#
#   FAULT_KILLS=50 FAULT_AGENT_KILLS=50 FAULT_SEED=N sh tests/faults/kill9.sh
#
# Three senders (politie-west, school-noord, woonbron) raise signals through
# their daemons' outboxes (load.py, LOAD_RATE per second each); every signal
# goes to the intake of the default team acm, a daemon too. Part 1 kills the
# hub with SIGKILL at random moments FAULT_KILLS times and restarts it; part
# 2 kills the senders and the intake instead, FAULT_AGENT_KILLS times. After
# each part the network settles and check.py proves: nothing accepted is
# lost, every receipt is backed by a committed batch, each message is stored
# once and delivered once, in the hub's order; the audit chain and sqlite's
# integrity check pass. FAULT_SEED fixes the kill moments (printed).
. "$(dirname "$0")/faults_lib.sh"
KILLS=${FAULT_KILLS:-50}
AGENT_KILLS=${FAULT_AGENT_KILLS:-$KILLS}
SEED=${FAULT_SEED:-$(( $(date +%s) % 100000 ))}
RATE=${LOAD_RATE:-40}
SENDERS="politie-west school-noord woonbron"
echo "kill9: seed=$SEED hub kills=$KILLS agent kills=$AGENT_KILLS rate=$RATE/s per sender"
rand_init "$SEED"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
for a in $SENDERS; do
    agent_new "$a" partner signal || { t_fail setup "agent $a"; t_end; exit 1; }
done
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "intake"; t_end; exit 1; }
mkdir -p "$T_DIR/accepted"
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $SENDERS acm-intake; do agent_start "$a" || { t_fail setup "start $a"; t_end; exit 1; }; done

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
    tail -n 1 "$T_DIR/load.$1.out"
}

# ---- part 1: the hub is killed
load_start hub
sleep 1
t0=$(date +%s)
survived=0
i=0
while [ "$i" -lt "$KILLS" ]; do
    sleep_rand 100 900                      # up, under load
    hub_kill KILL
    sleep_rand 0 300                        # down: the senders' outboxes fill
    if hub_start >/dev/null; then survived=$((survived + 1)); else
        t_fail "hub restart after kill $((i + 1))" "$(tail -n 3 "$HUB_DIR/hub.log")"; break; fi
    i=$((i + 1))
done
sleep 1
load_stop hub
t_equal "the hub came back after each of $KILLS kills -9" "$KILLS" "$survived"
if settle 90 $SENDERS; then t_ok "hub kills: the network settled"
else t_fail "hub kills: the network settled" "see above"; fi
run_checks "hub kills" $SENDERS
HUB_FIGURES="hub kills=$survived in $(( $(date +%s) - t0 ))s, $(tail -n 1 "$T_DIR/load.hub.out"), $CHECKED_LINE"
store_checks "hub kills"

# ---- part 2: the agents are killed (senders and the intake)
load_start agents
sleep 1
t0=$(date +%s)
restarted=0
victims=""
i=0
while [ "$i" -lt "$AGENT_KILLS" ]; do
    sleep_rand 100 700
    rand 0 3
    case $RAND in
        0) victim=politie-west ;; 1) victim=school-noord ;; 2) victim=woonbron ;; *) victim=acm-intake ;;
    esac
    agent_kill "$victim" KILL
    case " $victims " in *" $victim "*) ;; *) victims="$victims $victim" ;; esac
    sleep_rand 0 200
    if agent_start "$victim" >/dev/null; then restarted=$((restarted + 1)); else
        t_fail "restart $victim after kill $((i + 1))" "$(tail -n 3 "$T_DIR/$victim.log")"; break; fi
    i=$((i + 1))
done
sleep 1
load_stop agents
t_equal "every agent came back after each of $AGENT_KILLS kills -9" "$AGENT_KILLS" "$restarted"
n_victims=$(echo $victims | wc -w)
if [ "$AGENT_KILLS" -ge 8 ]; then
    [ "$n_victims" -ge 3 ] && t_ok "the kills hit $n_victims different agents ($victims )" ||
        t_fail "the kills hit different agents" "only:$victims"
fi
if settle 90 $SENDERS; then t_ok "agent kills: the network settled"
else t_fail "agent kills: the network settled" "see above"; fi
run_checks "agent kills" $SENDERS
AGENT_FIGURES="agent kills=$restarted in $(( $(date +%s) - t0 ))s, $(tail -n 1 "$T_DIR/load.agents.out"), $CHECKED_LINE"
store_checks "agent kills"
hub_stop
t_equal "after a clean stop the store still passes integrity_check" "ok" "$(sql 'PRAGMA integrity_check')"
echo "figures: $HUB_FIGURES"
echo "figures: $AGENT_FIGURES"
f_end
