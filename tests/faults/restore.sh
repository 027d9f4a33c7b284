#!/bin/sh
# restore.sh - `regiehub restore` killed with SIGKILL at random moments:
# copying the backup, checking it, writing its marker, moving it into place.
# After every kill the store must be whole and be one of two stores: the one
# that was there (same last message) or the restored one (the backup and
# its marker, numbering 2^32 past the higher of the two) - never missing,
# never half of either; its audit chain verifies; and the next restore
# goes through (the kernel drops a killed restore's lock, and leftovers of
# its copy are cleared). Then the hub starts on the result and serves.
#   FAULT_RESTORE_KILLS=15 FAULT_SEED=N sh tests/faults/restore.sh
. "$(dirname "$0")/faults_lib.sh"
KILLS=${FAULT_RESTORE_KILLS:-15}
SEED=${FAULT_SEED:-$(( $(date +%s) % 100000 ))}
echo "seed $SEED, $KILLS kills"
rand_init "$SEED"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner politie-west politie signal
sed -i 's/    rate = "500"/    rate = "100000"/; s/    burst = "5000"/    burst = "100000"/' "$HUB_CONF"
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
# a store large enough that a restore takes a while (copy, integrity check,
# audit chain)
n=$(send politie-west --count 20000 | grep -c '^receipt')
t_equal "20000 signals receipted" 20000 "$n"
"$HUB" backup -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null; t_equal "backup exit 0" 0 $?
n=$(send politie-west --count 100 | grep -c '^receipt')
t_equal "100 more after the backup" 100 "$n"
hub_stop
B_LAST=$(sqlite3 "$T_DIR/backup.db" 'SELECT max (seq) FROM messages')
t0=$(date +%s%N)
"$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null 2>&1
RESTORE_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "one restore takes $RESTORE_MS ms"

killed=0 old=0 new=0 bad=0
for i in $(seq 1 "$KILLS"); do
    before=$(sql 'SELECT max (seq) FROM messages')
    high=$(( before > B_LAST ? before : B_LAST ))
    restored=$(( high + 4294967296 - 1 ))
    "$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null 2>&1 &
    pid=$!
    sleep_rand 0 $((RESTORE_MS * 3 / 2))    # now and then after it ended
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    if [ ! -f "$HUB_DIR/hub.db" ]; then
        bad=$((bad + 1)); t_fail "kill $i: a store is in place" "hub.db is missing"; continue
    fi
    ok=$(sql 'PRAGMA integrity_check' 2>&1)
    last=$(sql 'SELECT max (seq) FROM messages' 2>&1)
    if [ "$ok" != ok ]; then bad=$((bad + 1)); t_fail "kill $i: the store is whole" "$ok"; continue; fi
    if [ "$last" = "$before" ]; then old=$((old + 1))
    elif [ "$last" = "$restored" ]; then new=$((new + 1))
    else bad=$((bad + 1)); t_fail "kill $i: the store is the old or the restored one" \
        "last message $last, expected $before or $restored"; continue
    fi
    out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1) ||
        { bad=$((bad + 1)); t_fail "kill $i: the audit chain verifies" "$out"; }
done
t_equal "after $KILLS kills ($killed during a restore, $old left the old store, $new the restored one) every store was whole" 0 "$bad"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" 2>&1)
rc=$?
[ "$rc" = 0 ] && t_ok "a restore right after the kills goes through" ||
    t_fail "a restore right after the kills goes through" "exit $rc: $out"
ls "$HUB_DIR" | grep -q '\.restoring' && t_fail "no copy is left behind" "$(ls "$HUB_DIR")" ||
    t_ok "no copy is left behind"
hub_start || t_fail "the hub starts on the restored store" "$(tail -2 "$HUB_DIR/hub.log")"
t_expect "and serves" "^receipt seq=[0-9]+ " "$(send politie-west)"
t_end
