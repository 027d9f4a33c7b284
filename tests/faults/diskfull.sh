#!/bin/sh
# diskfull.sh - the hub's store on a full filesystem.
#
#   DISK_MB=8 sh tests/faults/diskfull.sh
#
# The hub's directory lives on a small tmpfs mounted for this test (root
# only: without it the test prints a "skipped" line and counts nothing).
# A filler file takes the last free byte; then a raw client and a real
# `regie run` daemon keep sending. The hub must refuse with PROTO_UNAVAILABLE
# ("unavailable", naming the cause), send no receipt it cannot honour, stay
# up and answer, and keep the daemon's message in its outbox. When the filler
# is deleted new messages are receipted, the daemon's outbox drains, and
# after a kill -9 and restart every receipted message is in the store.
. "$(dirname "$0")/faults_lib.sh"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
MNT="$T_DIR/mnt"
mkdir -p "$MNT"
MOUNTED=""
disk_release () {
    for p in $T_PIDS; do kill "$p" 2>/dev/null; done
    for p in $T_PIDS; do wait "$p" 2>/dev/null; done
    T_PIDS=""
    [ -n "$MOUNTED" ] && umount "$MNT" 2>/dev/null && MOUNTED=""
}
trap 'disk_release; t_cleanup' EXIT
trap 'disk_release; t_cleanup; exit 1' INT TERM
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o "size=${DISK_MB:-8}m,mode=0700" tmpfs "$MNT" 2>"$T_DIR/mount.err"; then
    t_skip "disk full" "cannot mount a tmpfs here ($(id -un); $(cat "$T_DIR/mount.err" 2>/dev/null | head -c 200))"
    f_end; exit $?
fi
MOUNTED=1
hub_init "$MNT/hub" || { t_fail setup "hub init"; disk_release; f_end; exit 1; }
partner politie-west politie signal
agent_new woonbron woningcorporatie signal || { t_fail setup "agent"; disk_release; f_end; exit 1; }
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "agent"; disk_release; f_end; exit 1; }
hub_start || { t_fail setup "hub start"; disk_release; f_end; exit 1; }
agent_start woonbron && agent_start acm-intake || { t_fail setup "agents"; disk_release; f_end; exit 1; }
agent_connected woonbron

# ids of the raw client's answers: "ID receipt|error NAME"
answers () {
    awk '/^sent id=/ { id = substr($2, 4) }
         /^receipt / { print id, "receipt" }
         /^error /   { split($3, a, "="); print id, "error", a[2] }
         /^timeout/  { print id, "timeout" }' "$1"
}
stored () { sql "SELECT count(*) FROM messages WHERE hex(id) = upper('$1')"; }

out=$(send politie-west --count 5 --show-id)
t_equal "with room, messages are receipted" 5 "$(printf '%s\n' "$out" | grep -c '^receipt')"
printf '%s\n' "$out" >"$T_DIR/before.out"

# ---- fill the filesystem to the last block
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
sync
t_equal "the filesystem is full" 0 "$(df -k --output=avail "$MNT" | tail -n 1 | tr -d ' ')"
send politie-west --count 200 --show-id --timeout 3000 >"$T_DIR/full.out" 2>&1
answers "$T_DIR/full.out" >"$T_DIR/full.ans"
t_expect "the hub refuses with unavailable when it cannot commit" " error unavailable$" "$(cat "$T_DIR/full.ans")"
t_expect "the refusal names the cause" "name=unavailable .*(full|disk)" "$(cat "$T_DIR/full.out")"
t_absent "every message got an answer" " timeout$" "$(cat "$T_DIR/full.ans")"
t_equal "every message sent got one answer" "$(grep -c '^sent id=' "$T_DIR/full.out")" "$(wc -l <"$T_DIR/full.ans" | tr -d ' ')"
n_unavail=$(grep -c ' error unavailable$' "$T_DIR/full.ans")
n_receipt=$(grep -c ' receipt$' "$T_DIR/full.ans")
echo "while full: $n_receipt receipted (room left in the WAL), $n_unavail refused unavailable"
bad=0
for id in $(awk '$2 == "error" { print $1 }' "$T_DIR/full.ans"); do
    [ "$(stored "$id")" = 0 ] || bad=$((bad + 1))
done
t_equal "no refused message was stored" 0 "$bad"
t_expect "the hub logs the failed commit" "commit failed" "$(cat "$HUB_DIR/hub.log")"
if kill -0 "$HUB_PID" 2>/dev/null; then t_ok "the hub is still running"; else t_fail "the hub is still running" "it exited"; fi
t_expect "and answers status" '"partners"' "$("$HUB" status -c "$HUB_CONF" --json 2>&1)"
out=$(send politie-west --type regiecheck --timeout 3000)
t_absent "a question is answered (or refused), not ignored" "^timeout" "$out"

# ---- a real daemon sends while the disk is full: kept, not refused
r signal -d "$T_DIR/woonbron" --bsn 111222333 --leefgebied huisvesting --severity ernstig \
    --ground financiele_problemen --text "tijdens volle schijf" --informed --wait 2 --json
t_expect "the daemon's signal is not receipted while the disk is full" '^(queued|accepted|sent|waiting)$' "$(jget 'j["status"]')"
FULL_ID=$(jget 'j["id"]')
sleep 2
t_equal "it stays in the daemon's outbox, waiting (not refused)" 0 \
    "$(agent_db woonbron "SELECT state FROM outbox WHERE hex(id) = upper('$FULL_ID')")"

# ---- space returns
rm -f "$MNT/filler"
out=$(send politie-west --count 5 --show-id)
t_equal "after space returns, new messages are receipted" 5 "$(printf '%s\n' "$out" | grep -c '^receipt')"
printf '%s\n' "$out" >"$T_DIR/after.out"
if wait_for 20 sh -c "[ \"\$(sqlite3 '$T_DIR/woonbron/agent.db' 'SELECT count(*) FROM outbox WHERE state = 0')\" = 0 ]"; then
    t_ok "the daemon's kept signal is resent and receipted"
else t_fail "the daemon's kept signal is resent and receipted" "outbox: $(agent_db woonbron 'SELECT state, count(*) FROM outbox GROUP BY state')"; fi
if wait_for 20 sh -c "[ \"\$(sqlite3 '$T_DIR/acm-intake/agent.db' \"SELECT count(*) FROM inbox WHERE hex(id) = upper('$FULL_ID')\")\" = 1 ]"; then
    t_ok "and delivered to the intake"
else t_fail "and delivered to the intake" "not in the inbox"; fi

# ---- nothing acknowledged was lost, also not by a kill -9 afterwards
hub_kill KILL
hub_start || t_fail "restart" "no hub"
lost=0; total=0
for f in before after; do
    answers "$T_DIR/$f.out" >"$T_DIR/$f.ans"
done
for id in $(cat "$T_DIR/before.ans" "$T_DIR/full.ans" "$T_DIR/after.ans" | awk '$2 == "receipt" { print $1 }'); do
    total=$((total + 1))
    [ "$(stored "$id")" = 1 ] || lost=$((lost + 1))
done
t_equal "all $total receipted messages of the raw client are stored once, after kill -9" 0 "$lost"
t_equal "the daemon's signal is stored once" 1 "$(stored "$FULL_ID")"
store_checks "after the full disk"
echo "figures: disk full: receipted=$total refused_unavailable=$n_unavail"
disk_release
f_end
