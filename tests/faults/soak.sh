#!/bin/sh
# soak.sh - a bounded soak: many agents at a sustained rate, the intake
# disconnected for most of the run.
#
#   SOAK_SECONDS=45 SOAK_AGENTS=8 SOAK_RATE=20 sh tests/faults/soak.sh
#
# SOAK_AGENTS sender daemons each raise SOAK_RATE signals a second for
# SOAK_SECONDS. The intake (acm-intake, a daemon) is stopped after the first
# 10% of the run and started again at 90%, so most of the run piles up as
# its backlog at the hub. The hub's VmRSS and RssAnon are sampled every
# second. At the end: nothing is missing (check.py: every receipted signal
# stored once and delivered once), the intake received its whole backlog in
# the hub's order, and the hub's anonymous memory stayed bounded: RssAnon
# never above SOAK_ANON_LIMIT_KB (default 65536: sqlite's page cache may
# take HUB_STORE_CACHE_KIB = 32 MiB as the store grows, the rest of the hub
# gets another 32 MiB). In a short run the page cache is still filling, so
# RssAnon rises; a run long enough for the store to pass 32 MiB (about 12
# minutes at 160 signals a second) shows the plateau - or a leak.
. "$(dirname "$0")/faults_lib.sh"
SECONDS_=${SOAK_SECONDS:-45}
AGENTS=${SOAK_AGENTS:-8}
RATE=${SOAK_RATE:-20}
ANON_LIMIT=${SOAK_ANON_LIMIT_KB:-65536}
echo "soak: $AGENTS senders x $RATE/s for ${SECONDS_}s; the intake is offline from 10% to 90%"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
SENDERS=""
for i in $(seq 1 "$AGENTS"); do
    a=$(printf 'partner-%02d' "$i")
    agent_new "$a" partner signal || { t_fail setup "agent $a"; t_end; exit 1; }
    SENDERS="$SENDERS $a"
done
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "intake"; t_end; exit 1; }
mkdir -p "$T_DIR/accepted"
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $SENDERS acm-intake; do agent_start "$a" || { t_fail setup "start $a"; t_end; exit 1; }; done

socks=""
for a in $SENDERS; do socks="$socks $T_DIR/$a/agent.sock"; done
# shellcheck disable=SC2086
python3 "$FAULTS/load.py" "$T_DIR/accepted" "$RATE" "$SECONDS_" $socks >"$T_DIR/load.out" 2>&1 &
LOAD_PID=$!
T_PIDS="$T_PIDS $LOAD_PID"
mem () { awk '/^VmRSS|^RssAnon/ { printf "%s ", $2 } END { print "" }' "/proc/$HUB_PID/status"; }
off=$((SECONDS_ / 10)); on=$((SECONDS_ * 9 / 10))
: >"$T_DIR/mem"
t=0
while [ "$t" -lt "$SECONDS_" ]; do
    [ "$t" = "$off" ] && agent_stop acm-intake TERM && pid_forget "$(agent_pid acm-intake)"
    [ "$t" = "$on" ] && { backlog=$(sql "SELECT count(*) FROM deliveries WHERE recipient = 'acm-intake'");
                          agent_start acm-intake; }
    echo "$t $(mem)" >>"$T_DIR/mem"
    sleep 1
    t=$((t + 1))
done
wait "$LOAD_PID"; pid_forget "$LOAD_PID"
LOAD_LINE=$(tail -n 1 "$T_DIR/load.out")
echo "$LOAD_LINE"
echo "the intake's backlog when it came back: $backlog"
if settle 120 $SENDERS; then t_ok "the network settled"; else t_fail "the network settled" "see above"; fi
echo "$((t + 1)) $(mem)" >>"$T_DIR/mem"
run_checks "soak" $SENDERS
if [ "${backlog:-0}" -gt 0 ]; then t_ok "the intake had a backlog of $backlog when it reconnected"
else t_fail "the intake had a backlog when it reconnected" "backlog '$backlog'"; fi
# in order: the inbox's arrival order (rowid of arrival = received time)
# follows the hub's sequence
unordered=$(agent_db acm-intake "SELECT count(*) FROM inbox a JOIN inbox b ON b.seq = (SELECT min(seq) FROM inbox WHERE seq > a.seq) WHERE b.received < a.received")
t_equal "the intake received its backlog in the hub's order" 0 "$unordered"
# memory: RssAnon (heap, sqlite's page cache) against its bound
half=$(awk -v h=$((SECONDS_ / 2)) '$1 == h { print $3 }' "$T_DIR/mem")
end=$(tail -n 1 "$T_DIR/mem" | awk '{ print $3 }')
peak=$(awk 'BEGIN { m = 0 } $3 > m { m = $3 } END { print m }' "$T_DIR/mem")
first=$(awk 'NR == 2 { print $3 }' "$T_DIR/mem")
rss_end=$(tail -n 1 "$T_DIR/mem" | awk '{ print $2 }')
db_kb=$(( $(stat -c %s "$HUB_DIR/hub.db") / 1024 ))
echo "hub memory (kB): RssAnon at 1s $first, half time $half, peak $peak, end $end (bound $ANON_LIMIT); VmRSS at end $rss_end; store $db_kb kB"
if [ -n "$peak" ] && [ "$peak" -gt 0 ] && [ "$peak" -le "$ANON_LIMIT" ]; then
    t_ok "the hub's anonymous memory stayed within its bound ($peak <= $ANON_LIMIT kB)"
else t_fail "the hub's anonymous memory stayed within its bound" "peak RssAnon $peak kB > $ANON_LIMIT kB"; fi
store_checks "soak"
echo "figures: soak ${SECONDS_}s, $AGENTS senders x $RATE/s, $LOAD_LINE, backlog $backlog, $CHECKED_LINE, RssAnon kB $first/$half/$peak/$end (1s/half/peak/end), store $db_kb kB"
f_end
