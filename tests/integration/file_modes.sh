#!/bin/sh
# Every file the hub and the agent write is their user's alone - store,
# WAL and shm, keys, configuration, certificates, backups, the agent's
# store - files 0600 and directories 0700 (certificates, which are public,
# 0644 inside them), whatever the umask they were
# started with; a directory made beforehand for the hub is made private by
# init. Through the real programs, under the loosest usual umask.
. "$(dirname "$0")/agent_lib.sh"
t_setup
umask 022

# every file and directory under $1 that is not mode $2 (files) / $3 (dirs),
# except what the test's own shell wrote (logs) and certificates: those are
# public by nature (like an ssh .pub file): 0644 or 0600, nothing looser
loose () {
    find "$1" \( -type f ! -name '*.log' ! -name '*.cert' ! -perm "$2" -printf '%m %p\n' \) \
           -o \( -type f -name '*.cert' ! -perm 644 ! -perm 600 -printf '%m %p\n' \) \
           -o \( -type d ! -perm "$3" -printf '%m %p\n' \)
}

mkdir -m 0755 "$T_DIR/hub"
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
t_equal "init into a directory made beforehand makes it 0700" 700 "$(stat -c %a "$T_DIR/hub")"
agent_new politie-west politie signal,refer || { t_fail setup "agent init"; t_end; exit 1; }
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
agent_start politie-west || { t_fail setup "agent start"; t_end; exit 1; }
r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied financien --severity zorg \
    --ground financiele_problemen --kind huurachterstand --informed yes --text "Huurachterstand" \
    --contact "Wijkagent, 0900-8844"
t_rc "a signal is receipted" 0
"$HUB" backup "$T_DIR/backup.db" -c "$HUB_CONF" >/dev/null; rc=$?
t_equal "a backup is made" 0 "$rc"
t_equal "the hub's store has its WAL while it runs (so its mode is checked)" 1 \
    "$(find "$T_DIR/hub" -name '*-wal' | wc -l)"
t_equal "every file of the hub is 0600, every directory 0700" "" "$(loose "$T_DIR/hub" 600 700)"
t_equal "the backup is 0600" 600 "$(stat -c %a "$T_DIR/backup.db")"
t_equal "every file of the agent is 0600, every directory 0700 (sockets aside)" "" \
    "$(loose "$T_DIR/politie-west" 600 700)"
t_equal "the agent's store has its WAL too" yes \
    "$([ -f "$T_DIR/politie-west/agent.db-wal" ] && echo yes || echo no)"
"$HUB" restore "$T_DIR/backup.db" --dry-run -c "$HUB_CONF" >/dev/null 2>&1
t_equal "a dry-run restore leaves nothing loose" "" "$(loose "$T_DIR/hub" 600 700)"
t_end
