#!/bin/sh
# restore.sh - `regiehub backup` and `regiehub restore` under power cuts.
#
#   PL_DROP=MUTATION sh tests/powerloss/restore.sh
#
# backup: a backup the command reported done is, after a power cut right
# after it, in place, whole (integrity_check), and holds the messages it
# named. restore: one counting run finds the restore's sync points (file
# and directory syncs); then, each time from the same store, a restore is
# cut at each of them - before it takes effect - and once right after the
# restore said "Restored". After every cut the store is in place, passes
# sqlite's integrity check and audit verify, and is the old store (same
# last message) or the restored one (its marker 2^32 past the higher of
# the two); after the cut that followed "Restored" it must be the restored
# one. Then the hub starts on it and serves.
. "$(dirname "$0")/powerloss_lib.sh"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT"; t_end; exit 1; }
echo "restore:${PL_DROP:+ mutation=$PL_DROP}"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner politie-west politie signal
sed -i 's/    rate = "500"/    rate = "100000"/; s/    burst = "5000"/    burst = "100000"/' "$HUB_CONF"
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
n=$(send politie-west --count 300 | grep -c '^receipt')
t_equal "300 signals receipted" 300 "$n"

# ---- backup, cut right after it said done
mkdir -p "$T_DIR/bk"
# shellcheck disable=SC2046
out=$(env $(pl_env "$T_DIR/bk" "$T_DIR/cut.none" 1) POWERCUT_AT_EXIT=1 \
      "$HUB" backup -c "$HUB_CONF" "$T_DIR/bk/backup.db" 2>&1)
t_expect "the backup said done" "up to message 300" "$out"
if [ -f "$T_DIR/bk/backup.db" ]; then
    t_ok "after a power cut right after it the backup is in place"
    t_equal "and whole" ok "$(sqlite3 "$T_DIR/bk/backup.db" 'PRAGMA integrity_check' 2>&1)"
    t_equal "and holds the messages it named" 300 "$(sqlite3 "$T_DIR/bk/backup.db" 'SELECT max (seq) FROM messages' 2>&1)"
else
    t_fail "after a power cut right after it the backup is in place" "$(ls "$T_DIR/bk")"
    sqlite3 "$HUB_DIR/hub.db" ".backup '$T_DIR/bk/backup.db'"       # for what follows
fi
n=$(send politie-west --count 100 | grep -c '^receipt')
t_equal "100 more after the backup" 100 "$n"
hub_stop
B_LAST=$(sqlite3 "$T_DIR/bk/backup.db" 'SELECT max (seq) FROM messages')
cp -a "$HUB_DIR" "$T_DIR/pristine"
BEFORE=$(sql 'SELECT max (seq) FROM messages')
HIGH=$(( BEFORE > B_LAST ? BEFORE : B_LAST ))
RESTORED=$(( HIGH + 4294967296 - 1 ))

reset_store () {
    rm -rf "$HUB_DIR" "$HUB_DIR.powercut-stash"
    cp -a "$T_DIR/pristine" "$HUB_DIR"
}
# restore_cut [POWERCUT_VAR=VALUE]: one restore under the library
restore_cut () {
    # shellcheck disable=SC2046
    env $(pl_env "$HUB_DIR" "$T_DIR/cut.none" 1) "$@" \
        "$HUB" restore -c "$HUB_CONF" "$T_DIR/bk/backup.db" 2>&1
}
reset_store
: >"$T_DIR/powercut.log"
restore_cut >/dev/null
SYNCS=$(sed -n 's/^powercut: exit pid=[0-9]* syncs=\([0-9]*\)$/\1/p' "$T_DIR/powercut.log" | tail -n 1)
t_expect "a restore has sync points (counted: ${SYNCS:-none})" '^[1-9][0-9]*$' "${SYNCS:-}"

# check_store LABEL: prints old, restored or bad (with a FAIL line)
check_store () {
    if [ ! -f "$HUB_DIR/hub.db" ]; then t_fail "$1: a store is in place" "hub.db is missing"; STATE=bad; return; fi
    _ok=$(sql 'PRAGMA integrity_check' 2>&1)
    [ "$_ok" = ok ] || { t_fail "$1: the store is whole" "$_ok"; STATE=bad; return; }
    _last=$(sql 'SELECT max (seq) FROM messages' 2>&1)
    _out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1) ||
        { t_fail "$1: the audit chain verifies" "$_out"; STATE=bad; return; }
    if [ "$_last" = "$BEFORE" ]; then STATE=old
    elif [ "$_last" = "$RESTORED" ]; then STATE=restored
    else t_fail "$1: the store is the old or the restored one" \
        "last message $_last, expected $BEFORE or $RESTORED"; STATE=bad
    fi
}
old=0 new=0 bad=0
k=1
while [ "$k" -le "${SYNCS:-0}" ]; do
    reset_store
    restore_cut POWERCUT_AT_SYNC="$k" POWERCUT_SEED="$k" >/dev/null
    check_store "cut at sync $k"
    case $STATE in old) old=$((old + 1)) ;; restored) new=$((new + 1)) ;; *) bad=$((bad + 1)) ;; esac
    k=$((k + 1))
done
t_equal "after a cut at each of the ${SYNCS:-0} sync points ($old left the old store, $new the restored one) every store was whole" 0 "$bad"
reset_store
out=$(restore_cut POWERCUT_AT_EXIT=1)
t_expect "the restore said done" "^Restored " "$out"
check_store "cut right after the restore said done"
t_equal "after a power cut right after \"Restored\" the store is the restored one" restored "$STATE"
ls "$HUB_DIR" | grep -q '\.restoring' && t_fail "no copy is left behind" "$(ls "$HUB_DIR")" ||
    t_ok "no copy is left behind"
hub_start || t_fail "the hub starts on the store" "$(tail -2 "$HUB_DIR/hub.log")"
t_expect "and serves" "^receipt seq=[0-9]+ " "$(send politie-west)"
t_end
