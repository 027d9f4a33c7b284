#!/bin/sh
# workflow_deputy.sh - cover for an absent casemanager, through the real
# programs: cm-anna names cm-bram her deputy for a period; signals and
# notices about the household she holds reach him too, and the regiecheck
# names both; after the period only her; her team leader may name one for
# her; every naming that breaks a rule is refused with its reason and
# changes nothing; deputy-end ends a period early.
. "$(dirname "$0")/rounds_lib.sh"
t_setup

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
T0=$(python3 -c 'import time; print(time.time())')
echo 0 >"$HUB_DIR/clock"
AGENTS="acm-intake cm-anna cm-bram acm-leiding politie-west cm-otto"
agent_new acm-intake regieteam intake acm &&
agent_new cm-anna regieteam regie acm &&
agent_new cm-bram regieteam regie acm &&
agent_new acm-leiding regieteam escalation acm &&
agent_new politie-west politie signal,refer &&
agent_new cm-otto regieteam regie icm || { t_fail setup "agents"; t_end; exit 1; }
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $AGENTS; do agent_start "$a" || t_fail "start $a" "no socket"; done
for a in $AGENTS; do agent_connected "$a" || t_fail "$a connected" "no"; done
D="$T_DIR"
BSN=111222333
OTHER=123456782
# signal NAME BSN SEVERITY TEXT: politie signals; prints the signal's id.
signal () {
    r signal -d "$D/politie-west" --bsn "$2" --leefgebied gezin --severity "$3" --ground geweld \
        --informed yes --text "$4" --contact "Wijkagent, 0900-8844" --json
    jget 'j["id"]'
}
# deputies: cm-anna's deputy standing in and until when, as the regiecheck says
deputies () {
    "$REGIE" regiecheck -d "$D/acm-intake" --bsn $BSN --json | python3 -c "
import json, sys
b = json.load(sys.stdin)['answer']['body']
print(b.get('deputy'), b.get('deputy_until'))"
}
# sent RESULT: notes the last message's id, for the audit check at the end
sent () { printf '%s %s\n' "$(jget 'j.get("id", "")')" "$1" >>"$T_DIR/sent"; }

r accept -d "$D/acm-intake" --bsn $BSN --casemanager cm-anna --json
t_rc "intake claims regie for cm-anna" 0
wait_count 5 cm-anna notice regie_assigned - || t_fail "cm-anna told" "no regie_assigned"

# ---- cm-anna names cm-bram her deputy for two weeks
r deputy -d "$D/cm-anna" --deputy cm-bram --from "$(day 0)" --until "$(day 14)" --json
t_rc "cm-anna names cm-bram her deputy" 0
t_expect "... the receipt says who stands in until when" '"note": "deputy_named"' "$OUT"
sent stored
t_equal "the hub holds cm-bram as her deputy" cm-bram "$(deputies | cut -d' ' -f1)"
wait_count 5 cm-bram notice deputy_named - || t_fail "cm-bram told" "no deputy_named"
t_once "cm-bram is told he stands in" cm-bram notice deputy_named -
t_expect "... for cm-anna" '"partner": "cm-anna"' "$(ntext cm-bram deputy_named -)"
t_expect "... until when" '"until": ' "$(ntext cm-bram deputy_named -)"
t_equal "cm-anna named him herself: she gets no notice of it" 0 "$(ncount cm-anna notice deputy_named -)"
SEQ=$(inbox_json cm-bram | python3 -c "
import json, sys
for m in json.load(sys.stdin)['messages']:
    if m['message'].get('body', {}).get('kind') == 'deputy_named': print(m['seq']); break")
r inbox -d "$D/cm-bram" --id "$SEQ"
t_expect "cm-bram reads it in Dutch" "Vervanging: van .* tot .* bereiken signalen en berichten over de huishoudens van Test cm-anna \\(team acm\\) ook de vervanger" "$OUT"

# ---- a signal about her household reaches both, and so does its notice
S1=$(signal politie-west $BSN acuut "Ernstige dreiging in de woning")
t_equal "politie signals acuut" 0 "$RC"
wait_count 10 cm-anna signal - "$S1" || t_fail "cm-anna receives the signal" "not within 10 s"
wait_count 10 cm-bram signal - "$S1" || t_fail "cm-bram receives the signal" "not within 10 s"
t_once "the signal reaches cm-anna" cm-anna signal - "$S1"
t_once "... and her deputy cm-bram" cm-bram signal - "$S1"
wait_count 5 cm-bram notice acute "$S1" || t_fail "cm-bram gets the acute notice" "no"
t_once "the acute notice reaches cm-anna" cm-anna notice acute "$S1"
t_once "... and a copy of it reaches cm-bram" cm-bram notice acute "$S1"
S2=$(signal politie-west $OTHER zorg "Zorgen over een ander gezin")
wait_count 10 acm-intake signal - "$S2" || t_fail "intake receives the other signal" "no"
sleep 1
t_equal "a signal about a household she does not hold does not reach the deputy" 0 "$(ncount cm-bram signal - "$S2")"

# ---- the regiecheck names both
r regiecheck -d "$D/acm-intake" --bsn $BSN --json
t_rc "intake asks the regiecheck" 0
t_equal "the answer names the casemanager" cm-anna "$(jget 'j["answer"]["body"]["casemanager"]')"
t_equal "... and her deputy" cm-bram "$(jget 'j["answer"]["body"]["deputy"]')"
t_expect "... until when" '^[0-9]' "$(jget 'j["answer"]["body"]["deputy_until"]')"
r regiecheck -d "$D/politie-west" --bsn $BSN
t_expect "the signaller reads both" "casemanager *cm-anna" "$OUT"
UNTIL=$(long_date "$(day 14)T00:00" nl | sed 's/ 00:00$//')
t_expect "... in Dutch, the deputy too" "vervanger *cm-bram vervangt de casemanager, tot $UNTIL" "$OUT"

# ---- refusals: each with its reason, nothing changed
BEFORE=$(deputies)
refused () {
    sent refused
    t_rc "$1" 3
    t_expect "... with reason $2" "\"reason_code\": \"$2\"" "$OUT $ERR"
    t_equal "... and nothing changed" "$BEFORE" "$(deputies)"
}
r deputy -d "$D/cm-anna" --deputy cm-otto --from "$(day 0)" --until "$(day 5)" --json
refused "a deputy of another team is refused" deputy_not_in_team
r deputy -d "$D/cm-anna" --deputy cm-anna --from "$(day 0)" --until "$(day 5)" --json
refused "cm-anna as her own deputy is refused" deputy_self
r deputy -d "$D/cm-anna" --deputy cm-bram --from "$(day 5)" --until "$(day 2)" --json
refused "until before from is refused" deputy_until_before_from
r deputy -d "$D/cm-anna" --deputy cm-bram --from "$(day 1)" --until "$(day 100)" --json
refused "a period longer than 92 days is refused" deputy_too_long
r deputy -d "$D/cm-bram" --casemanager cm-anna --deputy cm-bram --from "$(day 1)" --until "$(day 5)" --json
refused "a colleague cannot name himself her deputy" deputy_own_only
r deputy -d "$D/acm-leiding" --casemanager cm-otto --deputy cm-bram --from "$(day 1)" --until "$(day 5)" --json
refused "a team leader names none for another team's casemanager" not_a_casemanager
r deputy -d "$D/politie-west" --casemanager cm-anna --deputy cm-bram --from "$(day 1)" --until "$(day 5)" --json
t_rc "a melder's agent does not send a deputy" 2
t_expect "... it says her roles do not allow it" "needs one of: regie,escalation" "$OUT $ERR"
# the hub refuses it too when a melder's program sends one anyway
OUT=$("$HC" send "$HUB_DIR/hub.cert" "$D/politie-west/identity.secret" "$HUB_EP" --type deputy \
      --casemanager cm-anna --deputy cm-bram 2>&1)
t_expect "a melder naming a deputy is refused by the hub" "error code=23 .*type_not_allowed|error code=23" "$OUT"
t_equal "... and nothing changed" "$BEFORE" "$(deputies)"
r deputy -d "$D/cm-anna" --deputy cm-otto --from "$(day 0)" --until "$(day 5)"
t_expect "a refusal reads in Dutch" "Test cm-otto is geen casemanager van team acm" "$OUT $ERR"

# ---- after the period a new signal reaches only cm-anna
clock_day 15
sleep 1.5
S3=$(signal politie-west $BSN zorg "Na de vervanging")
wait_count 10 cm-anna signal - "$S3" || t_fail "cm-anna receives the later signal" "no"
sleep 1.5
t_equal "after the period the signal does not reach cm-bram" 0 "$(ncount cm-bram signal - "$S3")"
r regiecheck -d "$D/acm-intake" --bsn $BSN --json
t_equal "... and the regiecheck names no deputy" None "$(jget 'j["answer"]["body"].get("deputy")')"

# ---- the team leader names one for cm-anna: both are told
r deputy -d "$D/acm-leiding" --casemanager cm-anna --deputy cm-bram --from "$(day 15)" --until "$(day 25)" --json
t_rc "the team leader names cm-bram deputy for cm-anna" 0
sent stored
wait_count 5 cm-anna notice deputy_named - || t_fail "cm-anna told" "no deputy_named"
t_expect "cm-anna is told her team leader named a deputy" '"by": "acm-leiding"' "$(ntext cm-anna deputy_named -)"
wait_count 5 cm-bram notice deputy_named - 2 2>/dev/null
t_equal "cm-bram is told again" 2 "$(ncount cm-bram notice deputy_named -)"
S4=$(signal politie-west $BSN zorg "Weer zorgen")
wait_count 10 cm-bram signal - "$S4" || t_fail "cm-bram receives the signal" "no"
t_once "the team leader's deputy receives the signal" cm-bram signal - "$S4"

# ---- ended early by cm-anna: only she receives again
r deputy-end -d "$D/cm-anna" --json
t_rc "cm-anna ends the period early" 0
sent stored
t_expect "... the receipt says so" '"note": "deputy_ended"' "$OUT"
wait_count 5 cm-bram notice deputy_ended - || t_fail "cm-bram told it ended" "no"
t_once "cm-bram is told the period ended" cm-bram notice deputy_ended -
S5=$(signal politie-west $BSN zorg "Na het einde")
wait_count 10 cm-anna signal - "$S5" || t_fail "cm-anna receives" "no"
sleep 1.5
t_equal "after the end the signal does not reach cm-bram" 0 "$(ncount cm-bram signal - "$S5")"
r deputy-end -d "$D/cm-anna" --json
sent refused
t_rc "ending again is refused" 3
t_expect "... with reason no_deputy" '"reason_code": "no_deputy"' "$OUT $ERR"

# ---- audited like every message
# each as `regiehub inspect --id` shows its entries
audited=$(while read -r id want; do
    inspect --id "$id" | python3 -c "
import json, sys
j = json.load(sys.stdin)
ok = any(a['action'] in ('deputy', 'deputy_end') and a['result'].startswith('$want') for a in j.get('audit', []))
print('ok' if ok else 'missing $id $want')"
done <"$T_DIR/sent" | sort | uniq -c | sed 's/^ *//')
t_equal "the audit log holds each naming, each refusal and each end" "10 ok" "$audited"
"$HUB" audit verify -c "$HUB_CONF" >/dev/null
t_equal "the audit log is intact" 0 $?
t_end
