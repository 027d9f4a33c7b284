#!/bin/sh
# workflow_unseen.sh - nobody misses what is urgent, through the real
# programs: an acute signal to a regisseur whose agent is offline. After the
# configured wait (unseen/acuut, 15 minutes) the team's intake and
# escalation role are told, and the sender; not before, not for a signal of
# a severity without a wait, not twice (across a SIGKILL of the hub); when
# the regisseur's agent has it, the sender learns that too.
. "$(dirname "$0")/rounds_lib.sh"
t_setup

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
T0=$(python3 -c 'import time; print(time.time())')
echo 0 >"$HUB_DIR/clock"
t_expect "hub.conf says how long a signal may wait, per severity" '^    acuut = "15"$' "$(cat "$HUB_CONF")"
AGENTS="acm-intake cm-anna acm-leiding politie-west"
agent_new acm-intake regieteam intake acm &&
agent_new cm-anna regieteam regie acm &&
agent_new acm-leiding regieteam escalation acm &&
agent_new politie-west politie signal,refer || { t_fail setup "agents"; t_end; exit 1; }
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $AGENTS; do agent_start "$a" || t_fail "start $a" "no socket"; done
for a in $AGENTS; do agent_connected "$a" || t_fail "$a connected" "no"; done
D="$T_DIR"
BSN=111222333
minutes () { python3 -c "print(int(float('$1') * 60000))" >"$HUB_DIR/clock.tmp"; mv "$HUB_DIR/clock.tmp" "$HUB_DIR/clock"; }
# every notice of KIND in NAME's inbox about OBJECT, counted
unseen_count () { ncount "$1" notice "$2" "$3"; }

r accept -d "$D/acm-intake" --bsn $BSN --casemanager cm-anna --json
t_rc "intake claims regie for cm-anna" 0
wait_count 5 cm-anna notice regie_assigned - || t_fail "cm-anna told" "no regie_assigned"

# ---- cm-anna's agent goes offline; an acute and a worried signal reach her queue
agent_stop cm-anna TERM
r signal -d "$D/politie-west" --bsn $BSN --leefgebied gezin --severity acuut --ground geweld \
    --informed no --not-informed-reason "Veiligheid" --text "Ernstige dreiging in de woning" \
    --contact "Wijkagent, 0900-8844" --json
t_rc "politie signals acuut" 0
ACUTE=$(jget 'j["id"]')
t_expect "... sent to the regisseur" "regisseur" "$(jget 'j["note"]')"
r signal -d "$D/politie-west" --bsn $BSN --leefgebied gezin --severity zorg --ground geweld \
    --informed yes --text "Zorgen over de kinderen" --contact "Wijkagent, 0900-8844" --json
t_rc "politie signals zorg" 0
WORRY=$(jget 'j["id"]')

minutes 14
sleep 2.5
t_equal "after 14 minutes nobody is told yet" "0 0 0" \
    "$(unseen_count acm-intake acute_unseen "$ACUTE") $(unseen_count acm-leiding acute_unseen "$ACUTE") $(unseen_count politie-west signal_unseen "$ACUTE")"

minutes 16
wait_count 8 acm-leiding notice acute_unseen "$ACUTE" || t_fail "escalation told" "not within 8 s"
wait_count 5 politie-west notice signal_unseen "$ACUTE" || t_fail "sender told" "not within 5 s"
t_once "after 16 minutes the team's intake is told" acm-intake notice acute_unseen "$ACUTE"
t_once "... and its escalation role" acm-leiding notice acute_unseen "$ACUTE"
t_once "... and the sender, that it has not been received yet" politie-west notice signal_unseen "$ACUTE"
t_expect "the team is told urgently, whom it did not reach and since when" \
    '"urgent": true' "$(ntext acm-leiding acute_unseen "$ACUTE")"
t_expect "... naming the regisseur" '"partner": "cm-anna"' "$(ntext acm-leiding acute_unseen "$ACUTE")"
t_expect "... and the sender" '"by": "politie-west"' "$(ntext acm-leiding acute_unseen "$ACUTE")"
t_expect "... with the minutes waited" '"count": 1[56]' "$(ntext acm-leiding acute_unseen "$ACUTE")"
t_absent "the sender's notice names no household" '"person"|"address"' \
    "$(inbox_json politie-west | python3 -c "
import json, sys
for m in json.load(sys.stdin)['messages']:
    if m['message'].get('body', {}).get('kind') == 'signal_unseen': print(json.dumps(m['message'].get('subject', {})))")"
t_equal "the worried signal (no wait configured) tells nobody" "0 0" \
    "$(unseen_count acm-leiding acute_unseen "$WORRY") $(unseen_count politie-west signal_unseen "$WORRY")"

# the reader's words, in Dutch and in English
SEQ=$(inbox_json acm-leiding | python3 -c "
import json, sys
for m in json.load(sys.stdin)['messages']:
    if m['message'].get('body', {}).get('kind') == 'acute_unseen': print(m['seq']); break")
r inbox -d "$D/acm-leiding" --id "$SEQ"
t_expect "the escalation role reads it in Dutch" \
    "DRINGEND: Een signaal van Test politie-west van .* heeft Test cm-anna na 1[56] minuten niet bereikt" "$OUT"
r inbox -d "$D/acm-leiding" --id "$SEQ" --lang en
t_expect "... or in English" "URGENT: A signal from Test politie-west of .* has not reached Test cm-anna after 1[56] minutes" "$OUT"

# ---- told once: a SIGKILL of the hub and more time repeat nothing
kill -KILL "$HUB_PID"; wait "$HUB_PID" 2>/dev/null
hub_start || t_fail "hub restart" "after SIGKILL"
minutes 40
sleep 3
t_once "after a SIGKILL and 40 minutes the intake was told once" acm-intake notice acute_unseen "$ACUTE"
t_once "... the escalation role once" acm-leiding notice acute_unseen "$ACUTE"
t_once "... the sender once" politie-west notice signal_unseen "$ACUTE"
t_equal "... and the sender has not heard it arrived" 0 "$(unseen_count politie-west signal_seen "$ACUTE")"

# ---- cm-anna's agent comes back: the sender learns the signal arrived
agent_start cm-anna || t_fail "restart cm-anna" "no socket"
agent_connected cm-anna || t_fail "cm-anna reconnected" "no"
wait_count 10 cm-anna signal - "$ACUTE" || t_fail "cm-anna receives the signal" "not within 10 s"
sleep 1
minutes 41
wait_count 8 politie-west notice signal_seen "$ACUTE" || t_fail "sender told it arrived" "not within 8 s"
t_once "once cm-anna's agent has it, the sender is told so" politie-west notice signal_seen "$ACUTE"
t_expect "... in its words" "Je signaal van .* heeft Test cm-anna nu" "$("$REGIE" inbox -d "$D/politie-west" --all)"
minutes 60
sleep 3
t_once "... once" politie-west notice signal_seen "$ACUTE"
t_once "nobody was told again" acm-leiding notice acute_unseen "$ACUTE"

# ---- a signal that arrives in time tells nobody
r signal -d "$D/politie-west" --bsn $BSN --leefgebied gezin --severity acuut --ground geweld \
    --informed yes --text "Weer onrust" --contact "Wijkagent, 0900-8844" --json
ONTIME=$(jget 'j["id"]')
wait_count 10 cm-anna signal - "$ONTIME" || t_fail "cm-anna receives the second acute signal" "no"
sleep 1
minutes 90
sleep 3
t_equal "an acute signal received in time tells nobody" "0 0 0" \
    "$(unseen_count acm-intake acute_unseen "$ONTIME") $(unseen_count acm-leiding acute_unseen "$ONTIME") $(unseen_count politie-west signal_unseen "$ONTIME")"

"$HUB" audit verify -c "$HUB_CONF" >/dev/null
t_equal "the audit log is intact" 0 $?
t_end
