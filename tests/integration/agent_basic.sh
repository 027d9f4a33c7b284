#!/bin/sh
# agent_basic.sh - the partner agent `regie` against a real regiehub on
# 127.0.0.1: outbox while the hub is down, receipts, deliveries, restarts,
# SIGKILL between send and receipt, bad input and exit codes, JSON output,
# the control socket, --direct, labels, the audit head.
. "$(dirname "$0")/agent_lib.sh"
t_setup

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
agent_new politie-west politie signal,refer || { t_fail setup "agent init"; t_end; exit 1; }
agent_new acm-intake regieteam intake,regie acm || { t_fail setup "agent init"; t_end; exit 1; }
P="$T_DIR/politie-west"
I="$T_DIR/acm-intake"
BSN=111222333

# ---- set-up commands
r fingerprint "$P/identity.cert"; t_rc "fingerprint exit 0" 0
FP=$(printf '%s' "$OUT" | awk '/vingerafdruk/ {print $2}')
t_expect "fingerprint is 8 groups" '^[a-z2-7]{4}(-[a-z2-7]{4}){7}$' "$FP"
t_expect "hub admitted the same fingerprint" "$FP" "$("$HUB" partner list -c "$HUB_CONF" 2>&1)"
r init "$P" --hub "$HUB_EP" --hub-cert "$HUB_DIR/hub.cert" --network-key "$T_DIR/net.key" --id x --name x --kind x --roles signal
t_rc "init refuses an existing directory" 2
t_expect "directory is 0700" '^700$' "$(stat -c %a "$P")"
t_expect "secrets are 0600" '^600 600$' "$(stat -c %a "$P/identity.secret") $(stat -c %a "$P/network.key")"
chmod 644 "$P/identity.secret"
r status -d "$P"; t_rc "a readable secret is refused" 2
t_expect "the refusal says which file" 'identity.secret' "$ERR"
chmod 600 "$P/identity.secret"

# ---- bad input: exit 2, nothing sent (no daemon needed)
r signal -d "$P" --bsn 123456789 --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed
t_rc "bad BSN exit 2" 2
t_expect "bad BSN explained" 'elfproef|eleven' "$ERR"
r signal -d "$P" --bsn $BSN --leefgebied wonen --severity ernstig --ground geweld --text t --informed
t_rc "unknown leefgebied exit 2" 2
t_expect "unknown leefgebied lists the allowed" 'kies uit: gezin, huisvesting' "$ERR"
t_expect "... naming the option as typed" '^regie signal: --leefgebied "wonen" bestaat niet' "$ERR"
r --lang en signal -d "$P" --bsn $BSN --leefgebied wonen --severity ernstig --ground geweld --text t --informed
t_expect "... in English with --lang en" 'allowed: gezin, huisvesting' "$ERR"
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground geweld --text t
t_rc "missing --informed exit 2" 2
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed no
t_rc "informed no without reason exit 2" 2
t_expect "... the error names the options as typed" '--informed nee vraagt om --not-informed-reason' "$ERR"
t_absent "... never the protocol's field" 'not_informed_reason' "$ERR"
r signal -d "$P" --lang en --bsn $BSN --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed nee
t_expect "... in English: --informed no needs --not-informed-reason" '--informed no needs --not-informed-reason' "$ERR"
r signal -d "$P" --bsn $BSN --bogus 1
t_rc "unknown option exit 2" 2
r signal -d "$P" --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed
t_rc "no household exit 2" 2
r signal -d "$P" --ref 12zz --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed
t_rc "bad ref exit 2" 2
r signal -d "$P" --label "Nobody" --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed
t_rc "unknown label exit 2" 2
r accept -d "$P" --bsn $BSN --casemanager cm-anna
t_rc "role not allowed exit 2" 2
r round -d "$I" --bsn $BSN --at 2025-13-01 --invited politie-west
t_rc "bad date exit 2" 2
t_expect "bad date explained" '--at: "2025-13-01" is geen bestaande datum' "$ERR"
r round -d "$I" --bsn $BSN --at 31-02-2026 --invited politie-west --lang en
t_expect "... in English, also for the Dutch form" 'not a real date' "$ERR"
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground geweld --text t --informed --json
t_rc "no daemon exit 4" 4
t_json "no daemon --json is JSON"
t_equal "no daemon status" "no_daemon" "$(jget 'j["status"]')"
r signal --help; t_rc "--help exit 0" 0
t_expect "--help has an example" 'Voorbeeld:' "$OUT"

# ---- the language: Dutch by default, English on request
r --help; t_rc "regie --help exit 0" 0
t_expect "regie --help is Dutch by default" '^Commando.s \(regie COMMANDO --help bij elk\):$' "$OUT"
t_expect "... with the commands' summaries in Dutch" '^  signal +een signaal melden over een huishouden$' "$OUT"
r --lang en --help
t_expect "regie --lang en --help is English" '^Commands \(regie COMMAND --help for each\):$' "$OUT"
OUT=$(LANGUAGE=en "$REGIE" --help 2>&1)
t_expect "LANGUAGE=en makes it English" '^  signal +raise a signal' "$OUT"
OUT=$(LANGUAGE=en "$REGIE" --help --lang nl 2>&1)
t_expect "--lang (anywhere) goes before LANGUAGE" '^Commando.s' "$OUT"
bad=""
for c in $("$REGIE" --lang en --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
    case "$c" in keygen|init|fingerprint|network-key|run) continue ;; esac
    nl=$("$REGIE" "$c" --help 2>&1); rc1=$?
    en=$("$REGIE" "$c" --help --lang en 2>&1); rc2=$?
    le=$(LANGUAGE=en "$REGIE" "$c" --help 2>&1)
    printf '%s\n' "$nl" | grep -q '^Voorbeeld:$' && printf '%s\n' "$nl" | grep -q '^Bij elk commando:$' \
        && printf '%s\n' "$en" | grep -q '^Example:$' && printf '%s\n' "$en" | grep -q '^Everywhere:$' \
        && [ "$le" = "$en" ] && [ $rc1 = 0 ] && [ $rc2 = 0 ] || bad="$bad $c"
done
t_equal "every command's --help is Dutch by default, English with --lang en and with LANGUAGE=en" "" "$bad"
for c in keygen init fingerprint network-key run; do
    nl=$("$REGIE" "$c" --help 2>&1); en=$("$REGIE" "$c" --help --lang en 2>&1)
    printf '%s\n' "$nl" | grep -q '^Voorbeeld:$' && printf '%s\n' "$en" | grep -q '^Example:$' || bad="$bad $c"
done
t_equal "... and so is the help of the set-up commands" "" "$bad"
r signal --help
t_expect "the options' texts from the protocol's table, in Dutch" '^  --informed \[ja\|nee\] +of het huishouden is ingelicht \(verplicht\)$' "$OUT"
r signal --help --lang en
t_expect "... and in English" '^  --informed \[yes\|no\] +whether the household was told \(required\)$' "$OUT"
r round-held --help
t_expect "round-held takes --held DATE" '^  --held DATUM +wanneer de ronde plaatsvond' "$OUT"
r --lang xx status -d "$P"
t_rc "--lang xx is refused (exit 2)" 2
t_expect "... saying what it takes" 'geef --lang één keer, met nl of en' "$ERR"
r status -d "$P" --lang
t_rc "--lang without a value is refused (exit 2)" 2
r status -d "$P" --lang en --lang nl
t_rc "--lang twice is refused (exit 2)" 2
E="$T_DIR/engels"
r init "$E" --hub "$HUB_EP" --hub-cert "$HUB_DIR/hub.cert" --network-key "$T_DIR/net.key" \
    --id engels --name "English reader" --kind school --roles signal
t_rc "init exit 0" 0
t_expect "init says what it did, in Dutch" '^De agentmap .* is klaar:$' "$OUT"
t_expect "agent.conf names the language, nl" '^    language = "nl"' "$(cat "$E/agent.conf")"
sed -i 's|^    language = "nl"|    language = "en"|' "$E/agent.conf"
r status -d "$E"
t_expect "agent.conf's language = \"en\" makes regie English" 'not running \(start it with' "$OUT"
r signal -d "$E" --bsn $BSN --leefgebied wonen --severity zorg --ground geweld --text t --informed
t_expect "... its errors too" 'is not a known term; allowed:' "$ERR"
r status -d "$E" --lang nl
t_expect "... --lang nl goes before it" 'draait niet \(start met' "$OUT"
OUT=$(LANGUAGE=nl "$REGIE" status -d "$E" 2>&1)
t_expect "... and so does LANGUAGE=nl" 'draait niet' "$OUT"
OUT=$(REGIE_DIR="$E" "$REGIE" status 2>&1)
t_expect "... also when the directory is \$REGIE_DIR" 'not running' "$OUT"
sed -i 's|^    language = "en"|    language = "xx"|' "$E/agent.conf"
r status -d "$E"
t_rc "agent.conf's language = \"xx\" is refused (exit 2)" 2
t_expect "... saying what it takes" 'agent/language moet nl of en zijn' "$ERR"

# ---- the hub is down: the daemon keeps the signal and sends it later
# this daemon checks the hub's audit chain by itself every second
sed -i 's|^#   audit_check = .*|    audit_check = 1000|' "$P/agent.conf"
agent_start politie-west || t_fail "start politie-west" "no socket"
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground financiele_problemen \
    --kind huurachterstand --text "Huurachterstand 4 maanden" --informed --wait 1 --json
t_rc "hub down: exit 4" 4
t_equal "hub down: queued" "queued" "$(jget 'j["status"]')"
QUEUED_ID=$(jget 'j["id"]'); PREF=$(jget 'j["household"]["person"]')
r signal -d "$P" --bsn $BSN --leefgebied financien --severity zorg --ground financiele_problemen \
    --text "Energieschuld" --informed --wait 0 --json
t_rc "hub down, --wait 0: exit 0" 0
SECOND_ID=$(jget 'j["id"]')
t_equal "outbox holds both" 2 "$(outbox_waiting politie-west)"
hub_start || t_fail "hub start" "no"
agent_start acm-intake || t_fail "start acm-intake" "no socket"
if wait_for 15 sh -c "[ \$(\"$REGIE\" status -d \"$P\" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"waiting\"])') = 0 ]"; then
    t_ok "queued signals receipted after the hub started"
else t_fail "queued signals receipted after the hub started" "outbox: $(outbox_waiting politie-west)"; fi
# the hub's numbers, as their receipts gave them to the agent
r outbox -d "$P" --json
Q1=$(jget '[m["hub_seq"] for m in j["messages"] if m["id"] == "'"$QUEUED_ID"'"][0]')
Q2=$(jget '[m["hub_seq"] for m in j["messages"] if m["id"] == "'"$SECOND_ID"'"][0]')
if [ -n "$Q1" ] && [ -n "$Q2" ] && [ "$Q1" -lt "$Q2" ]; then t_ok "queued signals arrived in order"
else t_fail "queued signals arrived in order" "seqs '$Q1' '$Q2'"; fi

# ---- delivery to the intake, inbox, labels
agent_connected acm-intake || t_fail "intake connected" "no"
if wait_for 10 sh -c "[ \$(\"$REGIE\" status -d \"$I\" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"inbox\"][\"total\"])') -ge 2 ]"; then
    t_ok "signals delivered to the intake"
else t_fail "signals delivered to the intake" "inbox $(inbox_total acm-intake); $(tail -3 "$T_DIR/acm-intake.log")"; fi
r label -d "$I" "Fam. Jansen" --bsn $BSN; t_rc "label set" 0
r inbox -d "$I"; t_rc "inbox exit 0" 0
t_expect "inbox shows the label" 'Fam. Jansen' "$OUT"
t_expect "inbox shows the signal" 'signaal.*Huurachterstand' "$OUT"
r inbox -d "$I" --json; t_json "inbox --json is JSON"
t_equal "inbox read: nothing unread now" "0" "$(jget 'len(j["messages"])')"
r inbox -d "$I" --all --json
t_equal "inbox --all shows both" "2" "$(jget 'len(j["messages"])')"
t_equal "json carries the label too" "Fam. Jansen" "$(jget 'j["messages"][0]["household"]["label"]')"
IN_SEQ=$(jget 'j["messages"][0]["seq"]'); IN_ID=$(jget 'j["messages"][0]["id"]')
IN_TEXT=$(jget 'j["messages"][0]["message"]["body"]["text"]')
r inbox -d "$I" --id "$IN_SEQ"; t_rc "inbox --id N: one message (exit 0)" 0
t_expect "... its kind, number and sender in Dutch" "^signaal $IN_SEQ, van partner" "$OUT"
t_expect "... its household by label" 'huishouden +Fam. Jansen' "$OUT"
t_expect "... and its text whole" "$IN_TEXT" "$OUT"
t_equal "... and nothing else" 1 "$(printf '%s\n' "$OUT" | grep -c '^signaal ')"
r inbox -d "$I" --id "$IN_ID" --json
t_equal "inbox --id ID: the same message" "$IN_SEQ 1" "$(jget '"%s %s" % (j["messages"][0]["seq"], len(j["messages"]))')"
r inbox -d "$I" --id "$IN_ID" --lang en
t_expect "... in English" "^signal $IN_SEQ, from partner" "$OUT"
r inbox -d "$I" --id 999999
t_rc "inbox --id of no message: exit 2" 2
t_expect "... saying so" "geen bericht in het postvak" "$ERR"
for bad in 0 -1 12abc "$IN_ID"00 x; do
    r inbox -d "$I" --id "$bad"
    t_rc "inbox --id '$bad' is refused (exit 2)" 2
done
t_expect "... naming the option" "^regie inbox: --id moet het nummer van een bericht" "$ERR"
TOTAL_BEFORE=$(inbox_total acm-intake)

# ---- inbox survives a restart without duplicates
agent_stop acm-intake TERM
t_expect "SIGTERM removes the socket" '^gone$' "$([ -S "$I/agent.sock" ] && echo there || echo gone)"
agent_start acm-intake || t_fail "restart acm-intake" "no socket"
agent_connected acm-intake || t_fail "intake reconnected" "no"
sleep 1
t_equal "inbox after restart: no duplicates" "$TOTAL_BEFORE" "$(inbox_total acm-intake)"
agent_stop acm-intake KILL
agent_start acm-intake || t_fail "restart acm-intake after kill" "no socket"
agent_connected acm-intake
sleep 1
t_equal "inbox after SIGKILL: no duplicates" "$TOTAL_BEFORE" "$(inbox_total acm-intake)"

# ---- SIGKILL between send and receipt: resent after restart, applied once
agent_connected politie-west || t_fail "politie connected" "no"
kill -STOP "$HUB_PID"
r signal -d "$P" --bsn $BSN --leefgebied gezin --severity zorg --ground verwaarlozing \
    --text "Gestuurd vlak voor kill" --informed --wait 1 --json
t_rc "hub frozen: exit 4" 4
KILLED_ID=$(jget 'j["id"]')
agent_stop politie-west KILL
kill -CONT "$HUB_PID"
sleep 0.5
agent_start politie-west || t_fail "restart politie-west" "no socket"
if wait_for 15 sh -c "[ \$(\"$REGIE\" status -d \"$P\" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"outbox\"][\"waiting\"])') = 0 ]"; then
    t_ok "killed agent resent and got its receipt"
else t_fail "killed agent resent and got its receipt" "outbox $(outbox_waiting politie-west)"; fi
t_equal "the hub applied it once: one signal of the household" 1 \
    "$(inspect_get 'len([s for s in j["signals"] if s["id"] == "'"$KILLED_ID"'"])' --ref "$PREF")"
t_equal "... stored once, with one audit entry" "True 1" \
    "$(inspect_get '"%s %d" % (j["stored"], len([e for e in j["audit"] if e["action"] == "signal"]))' --id "$KILLED_ID")"

# ---- receipts, answers, refusals, JSON = human facts
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground financiele_problemen \
    --text "Ontruimingsvonnis" --informed
t_rc "signal receipted exit 0" 0
t_expect "human output says stored" 'opgeslagen door de hub \(nr [0-9]+' "$OUT"
r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity ernstig --ground financiele_problemen \
    --text "Ontruimingsvonnis" --informed --json
t_rc "signal --json exit 0" 0
t_json "signal --json is JSON"
t_equal "signal --json receipted" "receipted" "$(jget 'j["status"]')"
t_expect "signal --json has hub seq" '^[0-9]+$' "$(jget 'j["hub_seq"]')"
r regiecheck -d "$P" --bsn $BSN; t_rc "regiecheck exit 0" 0
t_expect "regiecheck answered" 'regie' "$OUT"
r regiecheck -d "$P" --bsn $BSN --json; t_json "regiecheck --json is JSON"
t_equal "regiecheck answer type" "regiecheck_answer" "$(jget 'j["answer"]["type"]')"
r status -d "$P"; H_OUT=$OUT
r status -d "$P" --json; t_json "status --json is JSON"
W=$(jget 'j["outbox"]["receipted"]')
t_expect "status human = json (receipted)" "$W opgeslagen" "$H_OUT"
t_expect "status says connected" ', verbonden' "$H_OUT"
r status -d "$P" --lang en
t_expect "status in English" "$W receipted" "$OUT"
r audit check -d "$P"; t_rc "audit check exit 0" 0
t_expect "audit check shows the head" 'auditnummer' "$OUT"
t_expect "audit check: the hub's chain still extends the head" 'loopt nog door vanaf deze kop' "$OUT"
r audit check -d "$P" --lang en
t_expect "... in English" 'still extends this head' "$OUT"
r audit check -d "$P" --json
t_equal "audit check --json says extends" "extends" "$(jget 'j["extension_check"]')"
# the hub's operator rewinds the audit log and carries on: the agent's next
# check finds that the chain no longer extends the head it kept
k=$(jget 'j["now_at"]')
hub_stop
# the rewinding is done to the store file itself, behind the hub's back
# (hub_shape.sh allows this file to touch hub.db)
store_sql "DELETE FROM audit WHERE seq > $k - 3; DELETE FROM batches WHERE audit_seq > $k - 3"
"$HUB" audit verify -c "$HUB_CONF" >/dev/null && t_ok "the rewound log still verifies on its own" \
    || t_fail "the rewound log still verifies on its own" "audit verify failed"
hub_start
for n in 1 2 3; do
    r signal -d "$P" --bsn $BSN --leefgebied huisvesting --severity zorg --ground financiele_problemen \
        --text "na terugdraaien $n" --informed yes --contact x
done
r audit check -d "$P"
t_rc "audit check after a rewound history exits 3" 3
t_expect "audit check says the chain is broken" 'GEBROKEN' "$OUT$ERR"
wait_for 5 grep -q 'AUDIT CHECK FAILED' "$T_DIR/politie-west.log" \
    && t_ok "the daemon's own periodic check raised the alarm in its log" \
    || t_fail "the daemon's own periodic check raised the alarm in its log" "$(tail -n 3 "$T_DIR/politie-west.log")"
t_expect "before that, its periodic checks passed" 'audit chain extends our head' "$(cat "$T_DIR/politie-west.log")"

# ---- a refusal by the hub: exit 3 with its code name and reason
r accept -d "$I" --bsn $BSN --casemanager nobody-here --json
t_rc "refused: exit 3" 3
t_json "refused --json is JSON"
t_equal "refused: status" "refused" "$(jget 'j["status"]')"
t_expect "refused: error name" '^[a-z_]+$' "$(jget 'j["error"]["name"]')"
t_equal "refused --json: the reason as a code" "not_a_casemanager" "$(jget 'j["error"]["reason_code"]')"
t_equal "refused --json: ... and its arguments" "nobody-here" "$(jget 'j["error"]["args"]["casemanager"]')"
t_absent "refused --json: no sentence of the hub" '"reason"' "$OUT"
REFUSED_ID=$(jget 'j["id"]')
r accept -d "$I" --bsn $BSN --casemanager nobody-here
t_rc "refused (human): exit 3" 3
t_expect "refused (human) says so" 'GEWEIGERD door de hub' "$ERR"
t_expect "refused (human): the reason in Dutch" '"nobody-here" is geen casemanager van team' "$ERR"
t_absent "refused (human): no English" 'is not a casemanager' "$ERR"
t_expect "refused (human): the error's number, not its English name" '\(foutcode [0-9]+\)' "$ERR"
r accept -d "$I" --bsn $BSN --casemanager nobody-here --lang en
t_expect "refused (human, English) says so" 'REFUSED by the hub' "$ERR"
t_expect "refused (human, English): the reason in English" '"nobody-here" is not a casemanager of team' "$ERR"
sleep 2
r outbox -d "$I" --json
t_equal "a refused message is never resent" "refused 1" \
    "$(jget '" ".join("%s %s" % (m["state"], m["sent_count"]) for m in j["messages"] if m["id"] == "'"$REFUSED_ID"'")')"
t_equal "the outbox is empty after a refusal" 0 "$(outbox_waiting acm-intake)"

# ---- the control socket: JSON lines
A=$(sock politie-west '{"cmd":"status","tag":"t1"}')
t_expect "socket status answers" '"ok": ?true' "$A"
t_expect "socket echoes the tag" '"tag": ?"t1"' "$A"
A=$(sock politie-west '{"cmd":"signal","bsn":"111222333","leefgebied":"huisvesting","severity":"zorg","ground":"geweld","informed":true,"text":"via socket"}')
t_expect "socket signal receipted" '"status": ?"receipted"' "$A"
A=$(sock politie-west '{"cmd":"signal","bsn":"123"}')
t_expect "socket bad input exit 2" '"exit": ?2' "$A"
A=$(sock politie-west '{"cmd":"inbox","limit":0}')
t_expect "a socket request's error names the JSON key" '"limit must be a number' "$A"
A=$(sock politie-west '{"cmd":"inbox","limit":0,"cli":true}')
t_expect "... and the option as typed when it says it comes from the command line" \
    '"--limit must be a number' "$A"
r inbox -d "$T_DIR/politie-west" --limit 0
t_expect "regie inbox through the daemon names the option as typed" '--limit moet een getal' "$ERR"
r inbox -d "$T_DIR/politie-west" --limit 0 --lang en
t_expect "... in the language regie prints in (--lang en)" '--limit must be a number' "$ERR"
A=$(sock politie-west '{"cmd":"inbox","limit":0,"cli":true,"lang":"nl"}')
t_expect "a socket request with lang nl is answered in Dutch" '"--limit moet een getal' "$A"
A=$(sock politie-west '{"cmd":"inbox","limit":0,"lang":"xx"}')
t_expect "a socket request with another lang is refused" '"exit": ?2.*lang must be nl or en|lang must be nl or en.*"exit": ?2' "$A"
r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied huisvesting --severity zorg \
    --ground geweld --informed yes
t_expect "... and every other option too" '--text ontbreekt' "$ERR"
r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied huisvesting --severity zorg \
    --ground geweld --informed yes --json
t_equal "--json through the daemon: the message in English" "--text is missing: short factual description" \
    "$(jget 'j["message"]')"
# ---- a receipt, checked here: proof that the hub took the message
r outbox -d "$P" --json
RID=$(jget '[m["id"] for m in j["messages"] if m["state"] == "receipted"][0]')
RSEQ=$(jget '[m["hub_seq"] for m in j["messages"] if m["state"] == "receipted"][0]')
r receipt -d "$P" "$RID"
t_rc "regie receipt of a receipted message exits 0" 0
t_expect "... and says it holds" "^Ontvangstbevestiging van .* $RID: GELDIG" "$OUT"
t_expect "... with the hub's number" "hubnr +$RSEQ" "$OUT"
r receipt -d "$P" "$RID" --lang en
t_expect "... in English" "^Receipt of .* $RID: VALID" "$OUT"
r receipt -d "$P" "$RID" --json
t_equal "--json: valid, the hub's number" "valid $RSEQ" "$(jget 'j["check"] + " " + str(j["hub_seq"])')"
r receipt -d "$P" "$RSEQ" --json
t_equal "by the hub's number, as regie outbox shows it: the same message" "valid $RID" \
    "$(jget 'j["check"] + " " + j["id"]')"
r receipt -d "$P" 987654321
t_rc "a hub number this agent has no message of exits 2" 2
# the receipt is altered in the agent's own store file, to prove the check
ADB="$P/agent.db"
SIG=$(sqlite3 "$ADB" "SELECT hex (r_head_sig) FROM outbox WHERE hex (id) = upper ('$RID')")
sqlite3 "$ADB" "UPDATE outbox SET r_head_sig = zeroblob (64) WHERE hex (id) = upper ('$RID')"
r receipt -d "$P" "$RID"
t_rc "a receipt whose head signature was changed exits 3" 3
t_expect "... ONGELDIG" ": ONGELDIG$" "$OUT"
t_expect "... saying why" "reden +de handtekening van de hub" "$OUT"
sqlite3 "$ADB" "UPDATE outbox SET r_head_sig = x'$SIG', r_index = r_index + 1 WHERE hex (id) = upper ('$RID')"
r receipt -d "$P" "$RID"
t_rc "a receipt moved to another place in its batch exits 3" 3
sqlite3 "$ADB" "UPDATE outbox SET r_index = r_index - 1 WHERE hex (id) = upper ('$RID')"
r receipt -d "$P" "$RID"
t_rc "put back, it holds again" 0
r receipt -d "$P" 00112233445566778899aabbccddeeff
t_rc "an id not in the outbox exits 2" 2
t_expect "... saying so" 'staat niet in de verzendwachtrij' "$ERR$OUT"
r receipt -d "$P" nonsense
t_rc "not an id exits 2" 2

A=$(sock politie-west 'not json')
t_expect "socket garbage exit 2" '"exit": ?2' "$A"
A=$(sock politie-west '{"cmd":"nope"}')
t_expect "socket unknown command exit 2" '"exit": ?2' "$A"

# ---- --direct, with and without a hub
agent_stop politie-west TERM
r signal -d "$P" --direct --bsn $BSN --leefgebied werk --severity zorg --ground geweld --text direct --informed --json
t_rc "direct exit 0" 0
t_equal "direct receipted" "receipted" "$(jget 'j["status"]')"
r regiecheck -d "$P" --direct --bsn $BSN; t_rc "direct regiecheck exit 0" 0
hub_stop
r signal -d "$P" --direct --wait 2 --bsn $BSN --leefgebied werk --severity zorg --ground geweld --text direct --informed
t_rc "direct with the hub down: exit 4" 4
t_expect "direct says not sent" 'er is niets verstuurd' "$ERR"

t_end
