#!/bin/sh
# hub_restore.sh - a backup put back in place of the store (`regiehub
# backup`, `regiehub restore`, `regie audit accept`), with real agents.
#
# After the backup a signal reaches the intake; the store is then replaced
# by the backup, which does not hold it. The restored hub must number new
# messages past every number the intake already holds: the intake's agent
# drops a delivery whose number it has, so without that gap the first
# signal after the restore would never reach its inbox. The partners'
# agents must see the audit chain BROKEN (it now ends where the backup
# ended) until they accept it. One hub per store: a second `run` and a
# restore under a running hub are refused.
. "$(dirname "$0")/agent_lib.sh"
t_setup

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
agent_new politie-west politie signal,refer || { t_fail setup "agent init"; t_end; exit 1; }
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "agent init"; t_end; exit 1; }
P="$T_DIR/politie-west"
I="$T_DIR/acm-intake"
hub_start || exit 1
agent_start acm-intake || exit 1
agent_connected acm-intake || t_fail "intake connected" "no"

signal () {
    r signal -d "$P" --bsn "$1" --leefgebied huisvesting --severity ernstig \
        --ground financiele_problemen --text "Huurachterstand" --informed --direct --json
}
inbox_has () { [ "$(inbox_total acm-intake)" -ge "$1" ]; }
# the store's last message number, as `regiehub backup` reports it (the
# copy itself is not needed), and the length of its audit log
probe=0
last_seq () {
    probe=$((probe + 1))
    "$HUB" backup -c "$HUB_CONF" "$T_DIR/probe-$probe.db" --json | json_get 'j["last_seq"]'
    rm -f "$T_DIR/probe-$probe.db"
}
entries () { "$HUB" audit verify -c "$HUB_CONF" --json | json_get 'j["entries"]'; }
# whether the hub holds message ID, and under which number
held () { inspect_get '"%s %s" % (j["stored"], (j["message"] or {}).get("seq"))' --id "$1"; }

signal 111222333
t_rc "a signal before the backup is receipted" 0
wait_for 10 inbox_has 1 && t_ok "the intake has it" || t_fail "the intake has it" "inbox $(inbox_total acm-intake)"

# ---- backup while the hub runs
out=$("$HUB" backup -c "$HUB_CONF" "$T_DIR/backup.db" --json 2>&1)
t_equal "backup exit 0" 0 "$?"
t_expect "backup names its last message" '"last_seq": [0-9]+' "$out"
BACKUP_LAST=$(printf '%s' "$out" | json_get 'j["last_seq"]')
out=$("$HUB" backup -c "$HUB_CONF" "$T_DIR/backup.db" 2>&1)
t_equal "backup refuses to overwrite a file (exit 2)" 2 "$?"
# sqlite's own check of the backup file: about the file itself
t_equal "the backup is a whole sqlite file" ok "$(sqlite3 "$T_DIR/backup.db" 'PRAGMA integrity_check')"

signal 123456782
t_rc "a signal after the backup is receipted" 0
LOST_ID=$(jget 'j["id"]')
wait_for 10 inbox_has 2 && t_ok "the intake has both" || t_fail "the intake has both" "inbox $(inbox_total acm-intake)"
LAST=$(last_seq)
ENTRIES=$(entries)
r audit check -d "$P" --json
t_rc "the politie's audit check passes before the restore" 0

# ---- a backup checked while the hub runs (restore --dry-run)
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --dry-run 2>&1)
t_equal "restore --dry-run beside the running hub: exit 0" 0 "$?"
t_expect "it says the backup can be restored" 'kan worden teruggezet: berichten tot en met [0-9]+' "$out"
t_expect "and what a restore would lose" 'terugzetten raakt 1 bericht kwijt' "$out"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --dry-run --lang en 2>&1)
t_expect "the same in English" 'can be restored: messages up to [0-9]+.*would lose the 1 message after' "$(printf '%s' "$out" | tr '\n' ' ')"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --dry-run --json 2>&1)
t_equal "--dry-run --json: the backup's last message" \
    "$BACKUP_LAST" "$(printf '%s' "$out" | json_get 'j["backup_last_seq"]')"
printf 'garbage\n' >"$T_DIR/garbage.db"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/garbage.db" --dry-run 2>&1)
t_equal "--dry-run of a file that is no store: exit 1" 1 "$?"
t_equal "--dry-run changed nothing" "$LAST $ENTRIES" "$(last_seq) $(entries)"
ls "$HUB_DIR" | grep -q 'restore-check' && t_fail "--dry-run leaves no copy" "$(ls "$HUB_DIR")" ||
    t_ok "--dry-run leaves no copy"

# ---- one hub per store
out=$("$HUB" run -c "$HUB_CONF" 2>&1)
t_equal "a second hub on the same store exits 1" 1 "$?"
t_expect "it says a hub is running, with its pid" "kan niet starten: er draait een hub op deze opslag \\(pid $HUB_PID" "$out"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" 2>&1)
t_equal "restore under a running hub exits 1" 1 "$?"
t_expect "it says to stop the hub first" 'stop die eerst; de opslag is niet veranderd' "$out"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --lang en 2>&1)
t_expect "... also in English" 'stop it first; the store was not changed' "$out"
"$HUB" status -c "$HUB_CONF" >/dev/null 2>&1 && t_ok "the running hub still answers" ||
    t_fail "the running hub still answers" "no"
hub_stop

# ---- bad backups change nothing
printf 'not a database at all, only text\n' >"$T_DIR/garbage.db"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/garbage.db" 2>&1)
t_equal "a file that is no store: exit 1" 1 "$?"
t_expect "... explained" 'de back-up opent niet als opslag van regiehub' "$out"
cp "$T_DIR/backup.db" "$T_DIR/tampered.db"
# a backup file altered behind the hub's back
sqlite3 "$T_DIR/tampered.db" "UPDATE audit SET result = 'stored' WHERE seq = 1"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/tampered.db" 2>&1)
t_equal "a backup whose audit chain breaks: exit 1" 1 "$?"
t_expect "... names the chain" "de auditlog van de back-up klopt niet" "$out"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/none.db" 2>&1)
t_equal "a backup that is not there: exit 1" 1 "$?"
out=$("$HUB" restore -c "$HUB_CONF" 2>&1)
t_equal "no backup named: exit 2" 2 "$?"
t_equal "after the refusals the store is the same" "$LAST $ENTRIES" "$(last_seq) $(entries)"
ls "$HUB_DIR" | grep -q 'restoring\|replaced' && t_fail "refusals leave no files" "$(ls "$HUB_DIR")" ||
    t_ok "refusals leave no files"

# ---- the restore
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --json 2>&1)
t_equal "restore exit 0" 0 "$?"
NEXT=$(printf '%s' "$out" | json_get 'j["next_seq"]')
t_equal "numbering goes on 2^32 past the replaced store's last message" "$((LAST + 4294967296))" "$NEXT"
t_equal "the replaced store was read" "$LAST" "$(printf '%s' "$out" | json_get 'j["replaced_last_seq"]')"
KEPT=$(printf '%s' "$out" | json_get 'j["kept"]')
t_equal "the replaced store is kept and holds every message" "$LAST" \
    "$("$HUB" restore -c "$HUB_CONF" "$KEPT" --dry-run --json | json_get 'j["backup_last_seq"]')"
# what the restore wrote into the restored file: its marker message and
# its audit entry (neither has an id a program would name), read from the
# file itself
t_equal "the restored store ends at the backup's last message, then the marker" \
    "$((NEXT - 1)) restored" "$(store_sql "SELECT seq, type FROM messages ORDER BY seq DESC LIMIT 1" | tr '|' ' ')"
out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1)
t_equal "the restored audit chain verifies" 0 "$?"
t_expect "the restore is the last audit entry" "restore\\|restored from a backup up to message [0-9]+" \
    "$(store_sql "SELECT actor, action, result FROM audit ORDER BY seq DESC LIMIT 1" | cut -d'|' -f2-)"
# and the backup file, which the restore must only have copied
t_equal "the backup itself was not changed" ok "$(sqlite3 "$T_DIR/backup.db" \
    "SELECT CASE WHEN (SELECT count (*) FROM audit WHERE action = 'restore') = 0 THEN 'ok' END")"

# ---- the restored hub, and the partners' agents
hub_start || exit 1
agent_connected acm-intake || t_fail "intake reconnected" "no"
signal 100000010
t_rc "a signal after the restore is receipted" 0
S=$(jget 'j["hub_seq"]')
[ "$S" -ge "$NEXT" ] && t_ok "it is numbered past the gap ($S)" || t_fail "numbered past the gap" "$S < $NEXT"
wait_for 10 inbox_has 3 && t_ok "the intake's inbox takes it (a reused number would be dropped)" ||
    t_fail "the intake's inbox takes the new signal" "inbox $(inbox_total acm-intake); $(tail -3 "$T_DIR/acm-intake.log")"

r audit check -d "$P" --json
t_rc "the politie's audit check fails: the chain no longer extends its anchor" 3
t_equal "... BROKEN" BROKEN "$(jget 'j["extension_check"]')"
# evidence files of an earlier accept in this very second (and the next few)
# must be kept: the new one gets a name of its own
python3 - "$P" "$(cat "$HUB_DIR/clock" 2>/dev/null || echo 0)" <<'PY'
import sys, time
d, offset = sys.argv[1], int(sys.argv[2] or 0)
now = time.time() + offset / 1000
for k in range(6):
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now + k))
    open("%s/audit-anchor-replaced-%s.json" % (d, stamp), "w").write("earlier\n")
PY
r audit accept -d "$P" --json
t_rc "audit accept exit 0" 0
t_equal "accepted" True "$(jget 'j["accepted"]')"
t_equal "the new anchor is the hub's last entry" "$(entries)" "$(jget 'j["now_at"]')"
EVIDENCE=$(jget 'j["evidence"]')
[ -f "$EVIDENCE" ] && t_ok "the replaced anchor is kept as evidence" || t_fail "evidence file" "$EVIDENCE"
t_expect "the evidence holds the old anchor" '"replaced_anchor"' "$(cat "$EVIDENCE" 2>/dev/null)"
t_expect "an earlier evidence file of the same second is not overwritten" '-2\.json$' "$EVIDENCE"
t_equal "... and keeps what it held" "6 earlier" \
    "$(cat "$P"/audit-anchor-replaced-*Z.json | grep -c '^earlier$') $(cat "${EVIDENCE%-2.json}.json")"
r audit check -d "$P"
t_rc "the audit check passes again" 0
r audit accept -d "$P"
t_rc "accepting an intact chain exits 0" 0
t_expect "... and changes nothing" 'er valt niets te aanvaarden' "$OUT"
r audit bogus -d "$P"
t_rc "an unknown audit action exits 2" 2

# ---- what the restored hub lost, sent again by its author
t_equal "the restored hub does not hold the signal sent after the backup" "False None" "$(held "$LOST_ID")"
r outbox -d "$P" --after "$BACKUP_LAST" --json
t_rc "outbox --after exit 0" 0
t_equal "the outbox names it: receipted after the backup's last message" "$LOST_ID receipted" \
    "$(jget '" ".join(m["id"] + " " + m["state"] for m in j["messages"])')"
LOST_SEQ=$(jget 'j["messages"][0]["hub_seq"]')
r outbox -d "$P"
t_rc "outbox (human) exit 0" 0
t_expect "the human outbox is a table of what was sent" 'hubnr +soort +staat.*' "$OUT"
t_expect "... with the signals, stored" 'signaal +opgeslagen' "$OUT"
r outbox -d "$P" --lang en
t_expect "... in English with --lang en" 'signal +stored' "$OUT"
r outbox -d "$P" --limit 0
t_rc "outbox --limit 0 exits 2" 2
t_expect "... and says the range" '--limit moet een getal van 1 tot 10000 zijn' "$ERR"
r inbox -d "$I" --limit x
t_rc "inbox --limit x exits 2" 2
t_expect "... and says the range" '--limit moet een getal van 1 tot 10000 zijn' "$ERR"
r outbox resend -d "$P"
t_rc "resend without --after exits 2" 2
r outbox resend -d "$P" --after x
t_rc "resend with a bad --after exits 2" 2
r outbox resend -d "$P" --after "$BACKUP_LAST" --json
t_rc "outbox resend exit 0" 0
t_equal "one message queued again" 1 "$(jget 'j["resent"]')"
EV=$(jget 'j["evidence"]')
t_equal "the lost store's receipt is kept as evidence: its message and number" "$LOST_ID $LOST_SEQ" \
    "$(python3 -c "import json; j=json.load(open('$EV')); print(' '.join('%s %s' % (r['id'], r['hub_seq']) for r in j['receipts']))" 2>&1)"
t_equal "... with the item, its proof and the signed batch head" "True True True" \
    "$(python3 -c "import json; r=json.load(open('$EV'))['receipts'][0]; print(len(r['item']) > 0, len(r['head']) > 0, len(r['head_sig']) == 128)" 2>&1)"
agent_start politie-west || t_fail "politie's daemon" "did not start"
lost_held () { held "$LOST_ID" | grep -q '^True '; }
wait_for 10 lost_held &&
    t_ok "the daemon sent it again: the restored hub holds it" ||
    t_fail "the restored hub holds the resent signal" "$(tail -3 "$T_DIR/politie-west.log")"
RESENT_SEQ=$(held "$LOST_ID" | cut -d' ' -f2)
[ "${RESENT_SEQ:-0}" -ge "$NEXT" ] && t_ok "numbered by the restored hub ($RESENT_SEQ)" ||
    t_fail "the resent signal numbered past the gap" "$RESENT_SEQ"
wait_for 10 sh -c "[ \$('$REGIE' status -d '$P' --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"waiting\"])') = 0 ]" &&
    t_ok "and receipted it: nothing waits in the outbox" || t_fail "the resent signal receipted" "$(outbox_waiting politie-west)"
r outbox resend -d "$P" --after "$((RESENT_SEQ - 1))" --json
t_equal "resending one the hub holds: queued again" 1 "$(jget 'j["resent"]')"
wait_for 10 sh -c "[ \$('$REGIE' status -d '$P' --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"waiting\"])') = 0 ]"
r outbox -d "$P" --json
t_equal "... and receipted as stored before, under its number" "True $RESENT_SEQ" \
    "$(jget '" ".join(str(m["duplicate"]) + " " + str(m["hub_seq"]) for m in j["messages"] if m["id"] == "'"$LOST_ID"'")')"
t_equal "the hub holds it once, under that number" "True $RESENT_SEQ" "$(held "$LOST_ID")"
t_equal "the first resend's evidence is still there, unchanged" "$LOST_SEQ" \
    "$(python3 -c "import json; print(json.load(open('$EV'))['receipts'][0]['hub_seq'])" 2>&1)"
agent_stop politie-west

# ---- a store that no longer opens, and none at all
hub_stop
# the store file destroyed, then removed: the point is the file itself
head -c 65536 /dev/urandom >"$HUB_DIR/hub.db"
rm -f "$HUB_DIR/hub.db-wal" "$HUB_DIR/hub.db-shm"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" 2>&1)
t_equal "restore over a damaged store exit 0" 0 "$?"
t_expect "it says the replaced store did not open" 'opende niet; hij is bewaard als' "$out"
t_expect "numbering goes on 2^32 past the backup's last message" \
    "nummers vanaf $((BACKUP_LAST + 4294967296))" "$out"
# two restores in one second keep both stores they replaced: -2 for the second
"$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null 2>&1 &&
    "$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null 2>&1
t_equal "restores in quick succession go through" 0 "$?"
t_equal "every replaced store is kept, each under its own name" 4 \
    "$(ls "$HUB_DIR" | grep -c '^hub\.db\.replaced-[0-9TZ]*\(-[0-9]*\)\?$')"
rm -f "$HUB_DIR/hub.db"
out=$("$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" --json 2>&1)
t_equal "restore where no store is: exit 0" 0 "$?"
t_equal "nothing was replaced" False "$(printf '%s' "$out" | json_get 'j["replaced"]')"
hub_start && t_ok "the hub starts on it" || t_fail "the hub starts on the restored store" "no"

t_end
