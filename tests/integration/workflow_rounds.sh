#!/bin/sh
# workflow_rounds.sh - issue 6 through the real programs: coordination
# rounds over eighteen months of test clock, agreements and their signed
# acceptance, monitoring (reminder, overdue, chase, escalation) exactly once
# across hub restarts (SIGTERM and SIGKILL), stagnation and escalations,
# the access report, `regiehub report` on a known data set, and retention.
. "$(dirname "$0")/rounds_lib.sh"
t_setup

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
T0=$(python3 -c 'import time; print(time.time())')
echo 0 >"$HUB_DIR/clock"
AGENTS="acm-intake cm-anna acm-leiding kredietbank woonbron school-noord ggz"
agent_new acm-intake regieteam intake acm &&
agent_new cm-anna regieteam regie acm &&
agent_new acm-leiding regieteam escalation acm &&
agent_new kredietbank kredietbank signal,refer &&
agent_new woonbron woningcorporatie signal,refer &&
agent_new school-noord school signal,refer &&
agent_new ggz ggz signal,refer || { t_fail setup "agents"; t_end; exit 1; }
# the regisseur's own directory of the network: the names her minutes show
sed -i 's|^partners$|partners\n    kredietbank = "Kredietbank Utrecht"\n    woonbron = "Woonbron"|' \
    "$T_DIR/cm-anna/agent.conf"
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $AGENTS; do agent_start "$a" || t_fail "start $a" "no socket"; done
for a in $AGENTS; do agent_connected "$a" || t_fail "$a connected" "no"; done
D="$T_DIR"
A_BSN=111222333         # household A: the one coordinated for 18 months
B_BSN=123456782         # household B: network takes over, then released
C_BSN=100000010         # household C: one signal that leads to nothing
D_BSN=100000022         # household D: a referral the intake declines
SECRET="Huurachterstand geheim 4417 euro"

cat >"$T_DIR/mcheck.py" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))
exp = json.loads(sys.argv[2])
m = got.get("minutes") or {}
b = m.get("message", {}).get("body", {})
err = []
def eq(what, a, e):
    if a != e: err.append("%s: got %r, expected %r" % (what, a, e))
eq("number", b.get("number"), exp["number"])
eq("regisseur", b.get("regisseur"), "cm-anna")
eq("invited", sorted(b.get("invited", [])), sorted(exp["invited"]))
eq("present", sorted(b.get("present", [])), sorted(exp["present"]))
reps = [[r.get("partner"), r.get("agreement"), r.get("status"), r.get("note")] for r in b.get("reports", [])]
eq("reports", reps, exp["reports"])
ags = {a["agreement"]: [a["owner"], a["action"], a["leefgebied"], a["due"][:10], a["status"], a["new"]]
       for a in b.get("agreements", [])}
eq("agreements", ags, exp["agreements"])
if exp["next"]:
    import datetime
    at = datetime.datetime.fromisoformat(b.get("at"))
    nx = datetime.datetime.fromisoformat(b.get("next", "1970-01-01T00:00:00+00:00"))
    if abs((nx - at).total_seconds() - 91 * 86400) > 60:
        err.append("next %s is not 91 days after %s" % (nx, at))
elif "next" in b:
    err.append("a next round after the last one: %s" % b["next"])
print("; ".join(err) if err else "OK")
PY

# holds EXPR WHAT: EXPR over what `regiehub inspect WHAT` shows (j), with ag
# (the household's agreements by id) and esc (its escalations, listed by
# what each is about) at hand; e.g. holds "ag['$K']['status']" --ref "$A_REF"
holds () {
    h_expr=$1; shift
    inspect "$@" | python3 -c '
import json, sys
j = json.load(sys.stdin)
ag = {a["id"]: a for a in j.get("agreements") or []}
esc = {}
for e in j.get("escalations") or []:
    esc.setdefault(e["object"], []).append(e)
print(eval(sys.argv[1]))' "$h_expr"
}
entries () { "$HUB" audit verify -c "$HUB_CONF" --json | json_get 'j["entries"]'; }

# ---- set-up: signals, claims, consent, phases --------------------------------
r signal -d "$D/woonbron" --bsn $A_BSN --leefgebied huisvesting --severity ernstig \
    --ground financiele_problemen --kind ontruimingsdreiging --text "$SECRET" --informed --json
t_rc "A: signal by woonbron" 0
A_REF=$(jget 'j["household"]["person"]')
r signal -d "$D/school-noord" --bsn $B_BSN --leefgebied opleiding --severity zorg \
    --ground schoolverzuim --text "Verzuim sinds september" --informed --json
t_rc "B: signal by school-noord" 0
B_REF=$(jget 'j["household"]["person"]')
r signal -d "$D/ggz" --bsn $C_BSN --leefgebied gezondheid --severity zorg \
    --ground psychische_problemen --text "Zorgen om bewoner C" --informed --json
t_rc "C: signal by ggz" 0
C_SEQ=$(jget 'j["hub_seq"]'); C_ID=$(jget 'j["id"]'); C_REF=$(jget 'j["household"]["person"]')
r refer -d "$D/woonbron" --bsn $D_BSN --team acm --introducer school-noord --leefgebied huisvesting \
    --reason "Reden D: $SECRET" --contact "010-woonbron" --json
t_rc "D: referred by woonbron" 0
D_REFERRAL=$(jget 'j["id"]'); D_REF=$(jget 'j["household"]["person"]')
r decline -d "$D/acm-intake" --bsn $D_BSN --referral "$D_REFERRAL" --reason acute_crisis \
    --alternative "Eerst de crisisdienst" --json
t_rc "D: declined by the intake" 0
D_DECLINE=$(jget 'j["id"]')
r accept -d "$D/acm-intake" --bsn $A_BSN --casemanager cm-anna; t_rc "A: claimed for cm-anna" 0
r accept -d "$D/acm-intake" --bsn $B_BSN --casemanager cm-anna; t_rc "B: claimed for cm-anna" 0
r signal -d "$D/woonbron" --bsn $A_BSN --leefgebied financien --severity zorg \
    --ground financiele_problemen --text "Tweede achterstand" --informed
t_rc "A: a second signal after the claim" 0
for p in kredietbank woonbron school-noord; do
    r consent -d "$D/cm-anna" --bsn $A_BSN --partner $p --basis toestemming --from "$(day -1)" --until "$(day 900)"
    t_rc "A: consent for $p" 0
done
r consent -d "$D/cm-anna" --bsn $B_BSN --partner kredietbank --basis toestemming --from "$(day -1)" --until "$(day 900)"
t_rc "B: consent for kredietbank" 0
for ph in contact plan uitvoering afsluiting coordinatie; do
    r phase -d "$D/cm-anna" --bsn $A_BSN --phase $ph || true
done
t_rc "A: phase coordinatie" 0

# ---- round 1 and its agreements ---------------------------------------------
r round -d "$D/cm-anna" --direct --bsn $A_BSN --at "$(day 7 14:00)" --invited kredietbank,ggz --json
t_rc "a partner without consent cannot be invited (exit 3)" 3
t_equal "... refused no_basis" no_basis "$(jget 'j["error"]["name"]')"
r round -d "$D/cm-anna" --bsn $A_BSN --at "$(day 7 14:00)" --invited kredietbank,woonbron,school-noord \
    --place "Wijkcentrum Noord" --json
t_rc "A: round 1 scheduled" 0
R1=$(rid)
for p in kredietbank woonbron school-noord; do
    wait_count 5 $p notice invitation "$R1"
    t_once "invitation of round 1 in $p's inbox" $p notice invitation "$R1"
done
t_equal "no invitation for ggz" 0 "$(ncount ggz notice invitation "$R1")"

K_DUE=$(day 30); W_DUE=$(day 60); S_DUE=$(day 20)
r agreement -d "$D/cm-anna" --bsn $A_BSN --owner kredietbank --action "Intake schuldhulpverlening" \
    --leefgebied financien --due "$K_DUE" --round "$R1" --json
t_rc "agreement K for kredietbank" 0; K=$(rid)
r agreement -d "$D/cm-anna" --bsn $A_BSN --owner woonbron --action "Betalingsregeling; ontruiming opgeschort" \
    --leefgebied huisvesting --due "$W_DUE" --round "$R1" --json
t_rc "agreement W for woonbron" 0; W=$(rid)
r agreement -d "$D/cm-anna" --bsn $A_BSN --owner school-noord --action "Verzuimgesprek met ouders" \
    --leefgebied opleiding --due "$S_DUE" --round "$R1" --json
t_rc "agreement S for school-noord" 0; S=$(rid)
r agreement -d "$D/cm-anna" --direct --bsn $A_BSN --owner ggz --action "Behandeling" \
    --leefgebied gezondheid --due "$(day 40)" --json
t_equal "an agreement for a partner without consent: no_basis" no_basis "$(jget 'j["error"]["name"]')"
wait_count 5 kredietbank agreement - "$K"
t_equal "the owner received its agreement" 1 "$(ncount kredietbank agreement - -)"

r accept-agreement -d "$D/woonbron" --direct --agreement "$K" --json
t_rc "another partner's accept is refused (exit 3)" 3
t_equal "... forbidden" forbidden "$(jget 'j["error"]["name"]')"
r accept-agreement -d "$D/ggz" --direct --agreement "$K" --json
t_equal "an outsider's accept is refused" 3 "$RC"
r accept-agreement -d "$D/kredietbank" --agreement "$K" --json
t_rc "kredietbank accepts K with its signature" 0
K_ACC_SEQ=$(jget 'j["hub_seq"]'); K_ACC=$(jget 'j["id"]')
r accept-agreement -d "$D/woonbron" --agreement "$W" --json
t_rc "woonbron accepts W" 0
r accept-agreement -d "$D/kredietbank" --direct --agreement "$K" --json
t_rc "a second acceptance of K is refused (exit 3)" 3
t_equal "... invalid_state" invalid_state "$(jget 'j["error"]["name"]')"
t_expect "... accepted already" "^agreement_accepted_already$" "$(jget 'j["error"]["reason_code"]')"
t_equal "K accepted" accepted "$(holds "ag['$K']['status']" --ref "$A_REF")"
t_equal "K: accepted_seq is the acceptance's seq" "$K_ACC_SEQ" \
    "$(holds "ag['$K']['accepted_seq']" --ref "$A_REF")"
t_equal "K: the acceptance envelope kept, signed by kredietbank" \
    "$K_ACC_SEQ|kredietbank|agreement_accept|True|True|True" \
    "$(holds '"|".join(str(j["message"][k]) for k in ("seq", "author", "type", "signature_held", "envelope_held", "envelope_intact"))' --id "$K_ACC")"
t_equal "K: the envelope names the agreement" "$K" "$(holds 'j["message"]["names"].get("agreement")' --id "$K_ACC")"

# ---- monitoring: chase, round 1, reminder, overdue, escalation, restarts ----
clock_day 4
wait_count 5 school-noord notice agreement_unaccepted "$S"
sleep 1.5
t_once "day 4: unaccepted S chased once" school-noord notice agreement_unaccepted "$S"
t_equal "day 4: accepted K not chased" 0 "$(ncount kredietbank notice agreement_unaccepted "$K")"

clock_day 6
r progress -d "$D/kredietbank" --round "$R1" --agreement "$K" --status on_track --note "Intake gepland"
t_rc "round 1: progress by kredietbank" 0
r progress -d "$D/woonbron" --round "$R1" --agreement "$W" --status on_track --note "Regeling loopt"
t_rc "round 1: progress by woonbron" 0
r progress -d "$D/school-noord" --round "$R1" --status not_started
t_rc "round 1: progress by school-noord" 0
r progress -d "$D/ggz" --direct --round "$R1" --status on_track --json
t_equal "progress by a partner not invited: refused" 3 "$RC"
wait_count 5 cm-anna progress - -
t_equal "progress reports reach the regisseur" 3 "$(ncount cm-anna progress - -)"
clock_day 7
r round-held -d "$D/cm-anna" --round "$R1" --present kredietbank,woonbron,ggz --json
t_rc "round 1 held" 0
for p in cm-anna kredietbank woonbron school-noord; do
    wait_count 5 $p minutes - "$R1"
    t_once "round 1 minutes delivered to $p" $p minutes - "$R1"
done
t_equal "no minutes for ggz (present, but no consent)" 0 "$(ncount ggz minutes - -)"
r minutes -d "$D/school-noord" --round "$R1" --json; echo "$OUT" >"$T_DIR/m1.json"
t_equal "round 1 minutes match what was recorded" OK "$(python3 "$T_DIR/mcheck.py" "$T_DIR/m1.json" "{
    \"number\": 1, \"invited\": [\"kredietbank\", \"woonbron\", \"school-noord\"],
    \"present\": [\"kredietbank\", \"woonbron\", \"ggz\"],
    \"reports\": [[\"kredietbank\", \"$K\", \"on_track\", \"Intake gepland\"],
                  [\"woonbron\", \"$W\", \"on_track\", \"Regeling loopt\"],
                  [\"school-noord\", null, \"not_started\", null]],
    \"agreements\": {
        \"$K\": [\"kredietbank\", \"Intake schuldhulpverlening\", \"financien\", \"$K_DUE\", \"accepted\", true],
        \"$W\": [\"woonbron\", \"Betalingsregeling; ontruiming opgeschort\", \"huisvesting\", \"$W_DUE\", \"accepted\", true],
        \"$S\": [\"school-noord\", \"Verzuimgesprek met ouders\", \"opleiding\", \"$S_DUE\", \"proposed\", true]},
    \"next\": true}")"
wait_count 5 cm-anna notice next_round "$R1"
t_once "round 1: next round proposed to the regisseur" cm-anna notice next_round "$R1"
t_expect "... three months on" "$(day 98)" "$(ntext cm-anna next_round "$R1")"

# ---- the minutes as a document the casemanager prints -------------------------
r label -d "$D/cm-anna" "Fam. A" --bsn $A_BSN; t_rc "the regisseur labels household A" 0
wait_count 5 cm-anna minutes - "$R1"
r minutes -d "$D/cm-anna" --round "$R1" --json
M_AT=$(jget 'j["minutes"]["message"]["body"]["at"]')
M_NEXT=$(jget 'j["minutes"]["message"]["body"]["next"]')
t_equal "--json: the minutes' facts stay codes" "accepted proposed not_started on_track" \
    "$(jget '" ".join(sorted({a["status"] for a in j["minutes"]["message"]["body"]["agreements"]}) + sorted({r["status"] for r in j["minutes"]["message"]["body"]["reports"]}))')"
t_equal "--json: the names the agent knows" "Kredietbank Utrecht|Test cm-anna" \
    "$(jget 'j["names"]["kredietbank"] + "|" + j["names"]["cm-anna"]')"
r minutes -d "$D/cm-anna" --round "$R1"; MD_TEXT=$OUT
t_rc "minutes (text) exit 0" 0
t_expect "minutes: titled with the round and the household's label" \
    '^Verslag van coördinatieoverleg 1 - Fam. A$' "$MD_TEXT"
t_expect "... the household as she knows it" '^  Huishouden +Fam. A$' "$MD_TEXT"
t_expect "... the date it was held, the Dutch way" "^  Gehouden op +$(long_date "$M_AT" nl)\$" "$MD_TEXT"
t_expect "... the regisseur by name" '^  Regisseur +Test cm-anna$' "$MD_TEXT"
t_expect "... the partners present by name (her directory; an id when none)" \
    '^  Aanwezig +(Test )?ggz, Kredietbank Utrecht, Woonbron$' "$MD_TEXT"
t_expect "... who was invited but absent" '^  Afwezig +(Test )?school-noord$' "$MD_TEXT"
t_expect "... the next round" "^  Volgende ronde +$(long_date "$M_NEXT" nl)\$" "$MD_TEXT"
t_expect "... an agreement: owner, action, leefgebied, due date, status in words, new" \
    "Kredietbank Utrecht +Intake schuldhulpverlening +financien +$(short_date "$K_DUE" nl) +aanvaard +nieuw" "$MD_TEXT"
t_expect "... an agreement not yet accepted" \
    "(Test )?school-noord +Verzuimgesprek met ouders +opleiding +$(short_date "$S_DUE" nl) +voorgesteld" "$MD_TEXT"
t_expect "... progress per agreement, by its action" \
    'Kredietbank Utrecht +Intake schuldhulpverlening +lopend +Intake gepland' "$MD_TEXT"
t_expect "... progress in general" '(Test )?school-noord +algemeen +niet begonnen' "$MD_TEXT"
t_absent "... no status codes, no 8-hex ids" 'on_track|not_started|accepted|proposed|  [0-9a-f]{8}  ' "$MD_TEXT"
r minutes -d "$D/cm-anna" --round "$R1" --markdown; MD=$OUT
t_expect "minutes --markdown: a heading" '^# Verslag van coördinatieoverleg 1 - Fam. A$' "$MD"
t_expect "... the date held" "^\| Gehouden op \| $(long_date "$M_AT" nl) \|$" "$MD"
t_expect "... the agreements' table" \
    "^\| Kredietbank Utrecht \| Intake schuldhulpverlening \| financien \| $(short_date "$K_DUE" nl) \| aanvaard \| nieuw \|$" "$MD"
t_expect "... the progress table" '^\| Kredietbank Utrecht \| Intake schuldhulpverlening \| lopend \| Intake gepland \|$' "$MD"
t_expect "... the next round" "^\| Volgende ronde \| $(long_date "$M_NEXT" nl) \|$" "$MD"
r minutes -d "$D/cm-anna" --round "$R1" --lang en; ME=$OUT
t_expect "minutes in English: the title" '^Minutes of coordination round 1 - Fam. A$' "$ME"
t_expect "... held on" "^  Held on +$(long_date "$M_AT" en)\$" "$ME"
t_expect "... present and absent" '^  Absent +(Test )?school-noord$' "$ME"
t_expect "... statuses in English words" \
    "Kredietbank Utrecht +Intake schuldhulpverlening +financien +$(short_date "$K_DUE" en) +accepted +new" "$ME"
t_expect "... progress in English words" '(Test )?school-noord +in general +not started' "$ME"
t_expect "... the next round" "^  Next round +$(long_date "$M_NEXT" en)\$" "$ME"
LANGUAGE=en r minutes -d "$D/cm-anna" --round "$R1" --markdown
t_expect "minutes --markdown with LANGUAGE=en" '^\| Held on \| ' "$OUT"
r minutes -d "$D/school-noord" --round "$R1"
t_expect "a partner without a label for the household: its pseudonym, and how to name it" \
    '^  Huishouden +p:[0-9a-f]{12} \(nog zonder eigen naam' "$OUT"
t_expect "... the regisseur by id where it knows no name" '^  Regisseur +(Test )?cm-anna$' "$OUT"

# household B: one round, the network takes over
r round -d "$D/cm-anna" --bsn $B_BSN --at "$(day 8 10:00)" --invited kredietbank --json
t_rc "B: round scheduled" 0; RB=$(rid)
r round-held -d "$D/cm-anna" --round "$RB" --present kredietbank --network-took-over yes \
    --held "$(dday 9 10:00)" --json
t_rc "B: a round recorded as held on a day still to come is refused (exit 3)" 3
t_equal "... bad_value" bad_value "$(jget 'j["error"]["name"]')"
t_expect "... the reason names held" '^held_(in_future|too_long_ago)$' "$(jget 'j["error"]["reason_code"]')"
r round-held -d "$D/cm-anna" --round "$RB" --present kredietbank --network-took-over yes \
    --held "$(dday 6 16:30)"
t_rc "B: round held, network took over (--held in the Dutch form DD-MM-YYYY HH:MM)" 0
r minutes -d "$D/cm-anna" --round "$RB" --json
t_equal "B: the minutes say when the round took place (--held), not when it was recorded" \
    "$(day 6 16:30)" "$(jget 'j["minutes"]["message"]["body"]["at"][:16]')"
wait_count 5 cm-anna notice care_taken_over "$RB"
t_once "B: the regisseur is prompted to close coordination, because the network took over" \
    cm-anna notice care_taken_over "$RB"
t_equal "B: no next round proposed" 0 "$(ncount cm-anna notice next_round "$RB")"
r release -d "$D/cm-anna" --bsn $B_BSN --note "Netwerk heeft het overgenomen"
t_rc "B: released (follow-up starts)" 0
B_RELEASED_DAY=7

# SIGTERM, then on to day 24: K's reminder, S overdue
hub_stop
clock_day 24
hub_start || t_fail "hub restart" "after SIGTERM"
wait_count 8 kredietbank notice agreement_reminder "$K" || t_fail "reminder for K" "none within 8 s"
wait_count 5 cm-anna notice agreement_overdue "$S"
sleep 1.5
kill -KILL "$HUB_PID"; wait "$HUB_PID" 2>/dev/null
hub_start || t_fail "hub restart" "after SIGKILL"
sleep 2.5
t_once "day 24: reminder to the owner of K, once across SIGTERM and SIGKILL" kredietbank notice agreement_reminder "$K"
t_equal "no reminder for W (due later)" 0 "$(ncount woonbron notice agreement_reminder "$W")"
t_equal "no reminder for the unaccepted S" 0 "$(ncount school-noord notice agreement_reminder "$S")"
t_once "day 24: S overdue to its owner, once" school-noord notice agreement_overdue "$S"
t_once "day 24: S overdue to the regisseur, once" cm-anna notice agreement_overdue "$S"
r agreement-done -d "$D/school-noord" --direct --agreement "$S" --json
t_rc "S, overdue and never accepted, cannot be marked done (exit 3)" 3
t_expect "... accept it first" "^agreement_not_accepted$" "$(jget 'j["error"]["reason_code"]')"

clock_day 31.5
wait_count 8 cm-anna notice agreement_overdue "$K" || t_fail "overdue K" "none within 8 s"
wait_count 5 acm-leiding notice escalation -
kill -KILL "$HUB_PID"; wait "$HUB_PID" 2>/dev/null
hub_start || t_fail "hub restart" "after the second SIGKILL"
sleep 2.5
hub_stop
hub_start || t_fail "hub restart" "after the second SIGTERM"
sleep 2.5
t_once "day 31: K overdue to the owner, once" kredietbank notice agreement_overdue "$K"
t_once "day 31: K overdue to the regisseur, once" cm-anna notice agreement_overdue "$K"
r accept-agreement -d "$D/kredietbank" --direct --agreement "$K" --json
t_rc "K, overdue after its acceptance, is not accepted again (exit 3)" 3
t_expect "... accepted already" "^agreement_accepted_already$" "$(jget 'j["error"]["reason_code"]')"
t_once "day 31: the reminder still once" kredietbank notice agreement_reminder "$K"
t_once "day 31: S chase still once" school-noord notice agreement_unaccepted "$S"
t_equal "day 31: S escalated once (overdue after the reminder period)" 1 \
    "$(holds "len([e for e in esc.get('$S', []) if e['reason'] == 'agreement_overdue'])" --ref "$A_REF")"

clock_day 39
for _ in $(seq 1 50); do
    [ "$(holds "len(esc.get('$K', []))" --ref "$A_REF")" = 1 ] && break
    sleep 0.1
done
sleep 1.5
t_equal "day 39: K escalated once" 1 "$(holds "len(esc.get('$K', []))" --ref "$A_REF")"
ESC_S=$(holds "esc['$S'][0]['id']" --ref "$A_REF")
ESC_K=$(holds "esc['$K'][0]['id']" --ref "$A_REF")
wait_count 5 acm-leiding notice escalation "$ESC_K"
t_once "escalation for S in acm-leiding's inbox, once" acm-leiding notice escalation "$ESC_S"
t_once "escalation for K in acm-leiding's inbox, once" acm-leiding notice escalation "$ESC_K"
t_expect "the escalation says why, and whose agreement" \
    '"reason": "agreement_overdue".*"partner": "kredietbank"|"partner": "kredietbank".*"reason": "agreement_overdue"' \
    "$(ntext acm-leiding escalation "$ESC_K")"

# ---- stagnation, done, resolving escalations --------------------------------
clock_day 40
r agreement-stagnated -d "$D/woonbron" --agreement "$W" --note "Gezin komt niet op afspraken"
t_rc "woonbron reports stagnation on W" 0
wait_count 3 cm-anna notice stagnation "$W" || t_fail "stagnation notice" "not within 3 s"
t_once "the stagnation reaches the regisseur at once" cm-anna notice stagnation "$W"
t_expect "... as an urgent notice" '"urgent": true' "$(ntext cm-anna stagnation "$W")"
t_equal "one stagnation: no escalation yet" 0 "$(holds "len(esc.get('$W', []))" --ref "$A_REF")"
r agreement-stagnated -d "$D/woonbron" --agreement "$W" --note "Nog steeds geen contact"
t_rc "woonbron reports stagnation again" 0
ESC_W=$(holds "esc['$W'][0]['id']" --ref "$A_REF")
wait_count 5 acm-leiding notice escalation "$ESC_W"
t_once "stagnation twice: escalated to acm-leiding" acm-leiding notice escalation "$ESC_W"
t_expect "... saying why and how often" '"count": 2.*"reason": "stagnation_twice"' \
    "$(ntext acm-leiding escalation "$ESC_W")"
t_equal "the hub keeps the history as data: whose, how often, her last words" \
    "['woonbron']|2|Nog steeds geen contact" \
    "$(holds "'%s|%s|%s' % (esc['$W'][0]['history']['partners'], esc['$W'][0]['history']['count'], esc['$W'][0]['history']['note'])" --ref "$A_REF")"
t_equal "... and the due date of the agreement" \
    "$(holds "ag['$W']['due']" --ref "$A_REF")" "$(holds "esc['$W'][0]['history']['due']" --ref "$A_REF")"
INSPECT_NL=$(LANGUAGE= LC_ALL=C.UTF-8 "$HUB" inspect -c "$HUB_CONF" --ref "$A_REF" 2>&1)
t_expect "inspect shows the history in Dutch" \
    "verloop betreft [^;]*woonbron[^;]*; datum [0-9-]*; aantal keer 2; toelichting \"Nog steeds geen contact\"" "$INSPECT_NL"
t_expect "... and in English" "history concerns [^;]*woonbron[^;]*; date [0-9/-]*; number of times 2; note \"Nog steeds geen contact\"" \
    "$("$HUB" inspect -c "$HUB_CONF" --ref "$A_REF" --lang en 2>&1)"
t_absent "no English prose in the Dutch history" "reported stagnation" "$INSPECT_NL"
r agreement-done -d "$D/woonbron" --agreement "$W" --note "Regeling loopt weer"
t_rc "W done (on time)" 0
r agreement-done -d "$D/kredietbank" --agreement "$K" --note "Intake gedaan"
t_rc "K done (late)" 0
r resolve-escalation -d "$D/cm-anna" --direct --escalation "$ESC_W" --note "x" --json
t_equal "only the escalation role resolves" 2 "$RC"
t_equal "open escalations before resolving" 3 "$("$HUB" report -c "$HUB_CONF" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["escalations"]["open"])')"
r resolve-escalation -d "$D/acm-leiding" --escalation "$ESC_W" --note "Kort ingegrepen door de regisseur"
t_rc "acm-leiding resolves the stagnation escalation" 0
t_equal "it is resolved with the note" "acm-leiding|Kort ingegrepen door de regisseur" \
    "$(holds "'|'.join([esc['$W'][0]['resolved_by'], esc['$W'][0]['note']])" --ref "$A_REF")"
t_equal "the others stay open" 2 "$("$HUB" report -c "$HUB_CONF" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["escalations"]["open"])')"
wait_count 5 cm-anna notice escalation_resolved "$ESC_W" || t_fail "the regisseur told" "not within 5 s"
t_once "the regisseur is told the escalation about her household is resolved" cm-anna notice \
    escalation_resolved "$ESC_W"
t_expect "... by whom, in the resolver's words" '"by": "acm-leiding".*"text": "Kort ingegrepen door de regisseur"' \
    "$(ntext cm-anna escalation_resolved "$ESC_W")"
t_equal "... and the resolver is not told her own resolution" 0 "$(ncount acm-leiding notice escalation_resolved "$ESC_W")"

# ---- rounds 2 to 6, three months apart ---------------------------------------
PREV=$R1; HELD=7; K2=""
for n in 2 3 4 5 6; do
    AT=$((HELD + 91))
    clock_day $((AT - 8))
    r round -d "$D/cm-anna" --bsn $A_BSN --at "$(dday $AT 14:00)" --invited kredietbank,woonbron,school-noord --json
    t_rc "round $n scheduled (day $AT, --at in the Dutch form DD-MM-YYYY HH:MM)" 0
    RN=$(rid)
    if [ $n = 2 ]; then
        K2_DUE=$(day $((AT + 60)))
        r agreement -d "$D/cm-anna" --bsn $A_BSN --owner kredietbank --action "Budgetbeheer starten" \
            --leefgebied financien --due "$K2_DUE" --round "$RN" --json
        t_rc "round 2: new agreement K2" 0; K2=$(rid)
        r accept-agreement -d "$D/kredietbank" --agreement "$K2"; t_rc "K2 accepted" 0
        r progress -d "$D/kredietbank" --round "$RN" --agreement "$K2" --status on_track --note "Aanvraag gedaan"
    else
        r progress -d "$D/kredietbank" --round "$RN" --status on_track
    fi
    r progress -d "$D/woonbron" --round "$RN" --agreement "$W" --status done
    r progress -d "$D/school-noord" --round "$RN" --status not_started --note "Ronde $n"
    t_rc "round $n: progress" 0
    clock_day $AT
    r round-held -d "$D/cm-anna" --round "$RN" --present kredietbank,woonbron,school-noord
    t_rc "round $n held" 0
    for p in cm-anna kredietbank woonbron school-noord; do wait_count 5 $p minutes - "$RN"; done
    t_equal "round $n: minutes to the regisseur and the three partners, once each" "1 1 1 1" \
        "$(ncount cm-anna minutes - "$RN") $(ncount kredietbank minutes - "$RN") $(ncount woonbron minutes - "$RN") $(ncount school-noord minutes - "$RN")"
    if [ $n = 2 ]; then
        r agreement-done -d "$D/kredietbank" --agreement "$K2"; t_rc "K2 done on time" 0
        r minutes -d "$D/kredietbank" --round "$RN" --json; echo "$OUT" >"$T_DIR/m2.json"
        t_equal "round 2 minutes match what was recorded" OK "$(python3 "$T_DIR/mcheck.py" "$T_DIR/m2.json" "{
            \"number\": 2, \"invited\": [\"kredietbank\", \"woonbron\", \"school-noord\"],
            \"present\": [\"kredietbank\", \"woonbron\", \"school-noord\"],
            \"reports\": [[\"kredietbank\", \"$K2\", \"on_track\", \"Aanvraag gedaan\"],
                          [\"woonbron\", \"$W\", \"done\", null],
                          [\"school-noord\", null, \"not_started\", \"Ronde 2\"]],
            \"agreements\": {
                \"$K\": [\"kredietbank\", \"Intake schuldhulpverlening\", \"financien\", \"$K_DUE\", \"done\", false],
                \"$W\": [\"woonbron\", \"Betalingsregeling; ontruiming opgeschort\", \"huisvesting\", \"$W_DUE\", \"done\", false],
                \"$S\": [\"school-noord\", \"Verzuimgesprek met ouders\", \"opleiding\", \"$S_DUE\", \"overdue\", false],
                \"$K2\": [\"kredietbank\", \"Budgetbeheer starten\", \"financien\", \"$K2_DUE\", \"accepted\", true]},
            \"next\": true}")"
    fi
    if [ $n -lt 6 ]; then
        wait_count 5 cm-anna notice next_round "$RN"
        t_once "round $n: next round proposed" cm-anna notice next_round "$RN"
        t_equal "round $n: no prompt to close yet" 0 "$(ncount cm-anna notice last_round "$RN")"
    fi
    PREV=$RN; HELD=$AT
done
R6=$PREV
wait_count 5 cm-anna notice last_round "$R6"
t_once "after the sixth round: prompt to close coordination, the last round" cm-anna notice last_round "$R6"
t_expect "... naming the round" '"number": 6' "$(ntext cm-anna last_round "$R6")"
t_equal "after the sixth round: no next round" 0 "$(ncount cm-anna notice next_round "$R6")"
r minutes -d "$D/woonbron" --round "$R6" --json; echo "$OUT" >"$T_DIR/m6.json"
t_equal "round 6 minutes match what was recorded" OK "$(python3 "$T_DIR/mcheck.py" "$T_DIR/m6.json" "{
    \"number\": 6, \"invited\": [\"kredietbank\", \"woonbron\", \"school-noord\"],
    \"present\": [\"kredietbank\", \"woonbron\", \"school-noord\"],
    \"reports\": [[\"kredietbank\", null, \"on_track\", null], [\"woonbron\", \"$W\", \"done\", null],
                  [\"school-noord\", null, \"not_started\", \"Ronde 6\"]],
    \"agreements\": {
        \"$K\": [\"kredietbank\", \"Intake schuldhulpverlening\", \"financien\", \"$K_DUE\", \"done\", false],
        \"$W\": [\"woonbron\", \"Betalingsregeling; ontruiming opgeschort\", \"huisvesting\", \"$W_DUE\", \"done\", false],
        \"$S\": [\"school-noord\", \"Verzuimgesprek met ouders\", \"opleiding\", \"$S_DUE\", \"overdue\", false],
        \"$K2\": [\"kredietbank\", \"Budgetbeheer starten\", \"financien\", \"$K2_DUE\", \"done\", false]},
    \"next\": false}")"
t_equal "six rounds held for A over $HELD days" "6|$HELD" \
    "$(holds '"%d|%d" % (len(h), (max(h) - min(h)) // 86400000 + 7) if (h := [r["held"] for r in j["rounds"] if r["held"]]) else "none"' --ref "$A_REF")"
t_equal "nothing else repeated: one chase, one reminder for K in all" "1 1" \
    "$(ncount school-noord notice agreement_unaccepted "$S") $(ncount kredietbank notice agreement_reminder "$K")"
t_equal "K2 (done before its reminder) never reminded" 0 "$(ncount kredietbank notice agreement_reminder "$K2")"

# ---- the access report (inzage) --------------------------------------------------
"$HUB" access-report -c "$HUB_CONF" --ref "person:$A_REF" --json >"$T_DIR/access.json" 2>&1
t_equal "access-report --json exit 0" 0 $?
"$HUB" access-report -c "$HUB_CONF" --ref "person:$A_REF" >"$T_DIR/access.txt" 2>&1
ACC=$(python3 - "$T_DIR/access.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
who = sorted({r["partner"] for r in rows} - {"hub", "operator"})
bad = [r for r in rows if not r.get("ts") or not r.get("action")]
print(",".join(who), len(bad))
PY
)
t_equal "access report: exactly who touched household A (ggz only tried, and was refused)" \
    "acm-intake,acm-leiding,cm-anna,ggz,kredietbank,school-noord,woonbron 0" "$ACC"
t_expect "access report: the operator's inspections of A are in it too" '"partner": "operator"' \
    "$(cat "$T_DIR/access.json")"
t_equal "access report: every entry of ggz is a refusal" "0" "$(python3 - "$T_DIR/access.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(len([r for r in rows if r["partner"] == "ggz" and not r["result"].startswith("refused")]))
PY
)"
"$HUB" access-report -c "$HUB_CONF" --ref "person:$A_REF" --lang en >"$T_DIR/access-en.txt" 2>&1
# each row: the partner by name (and id), what it did, in Dutch and in English
while IFS='|' read -r who nl en; do
    t_expect "access report: $who $nl" "\\($who\\) +$nl" "$(cat "$T_DIR/access.txt")"
    t_expect "access report (en): $who $en" "\\($who\\) +$en" "$(cat "$T_DIR/access-en.txt")"
done <<'ROWS'
woonbron|signaal +opgeslagen; naar acm-intake|signal +stored; to acm-intake
acm-intake|ontvangen: signaal +van Test woonbron \(woonbron\)|received: signal +from Test woonbron \(woonbron\)
cm-anna|ontvangen: voortgangsbericht|received: progress report
acm-intake|regie op zich genomen|regie taken on
kredietbank|afspraak aanvaard|agreement accepted
school-noord|voortgangsbericht|progress report
kredietbank|ontvangen: verslag|received: minutes
acm-leiding|ontvangen: bericht|received: notice
acm-leiding|escalatie afgehandeld|escalation resolved
cm-anna|coördinatieoverleg gehouden|coordination round held
ROWS
t_expect "access report: the dates in Dutch" "^[0-9]{1,2} [a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2} " "$(cat "$T_DIR/access.txt")"
t_expect "access report: and in English" "^[0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2} " "$(cat "$T_DIR/access-en.txt")"
t_equal "access report: every receiver a message's entry names has its own row" "0 0" "$(python3 - "$T_DIR/access.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
got = {(r.get("from"), r["partner"], r["action"], r["object"]) for r in rows}
named, missing = 0, []
for r in rows:
    if "; to " in r["result"]:
        for to in r["result"].split("; to ", 1)[1].split(", "):
            named += 1
            if (r["partner"], to, "received " + r["action"], r["object"]) not in got:
                missing.append(to)
print(len(missing), 0 if named >= 20 else "only %d named" % named)
PY
)"
# every message there is: what each agent sent through its daemon (its
# outbox), what each received (its inbox: the hub's own messages too), and
# what the households' access reports name (refusals of --direct sends too),
# each with the audit entries that name it, as `regiehub inspect --id` shows
mkdir -p "$T_DIR/messages"
{
    for a in $AGENTS; do
        "$REGIE" outbox -d "$D/$a" --limit 10000 --json
        "$REGIE" inbox -d "$D/$a" --all --limit 10000 --json
    done
    for ref in "$A_REF" "$B_REF" "$C_REF" "$D_REF"; do
        "$HUB" access-report -c "$HUB_CONF" --ref "person:$ref" --json |
            python3 -c 'import json,sys; print(json.dumps({"messages": [{"id": r["object"]} for r in json.load(sys.stdin)]}))'
    done
} | python3 -c '
import json, sys
dec, text, i, ids = json.JSONDecoder(), sys.stdin.read(), 0, set()
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    o, i = dec.raw_decode(text, i)
    ids |= {m["id"] for m in o.get("messages", []) if m.get("id")}
print("\n".join(sorted(ids)))' >"$T_DIR/message-ids"
while read -r id; do inspect --id "$id" >"$T_DIR/messages/$id.json"; done <"$T_DIR/message-ids"
AUDITED=$(python3 - "$T_DIR"/messages/*.json <<'PY'
import json, sys
stored = refused = bad_stored = bad_refused = queued = 0
for f in sys.argv[1:]:
    j = json.load(open(f))
    audit = [e for e in j["audit"] if e["action"] != "inspect"]
    queued += len([e for e in audit if e["action"] == "queued"])
    if j["stored"]:
        stored += 1
        t = j["message"]["type"]
        own = [e for e in audit if e["action"] == "queued" or e["action"] == t
               and (e["result"].startswith("stored") or e["result"].startswith("to "))]
        bad_stored += len(own) != 1
    for r in [e for e in audit if e["result"].startswith("refused")]:
        refused += 1
        bad_refused += any(e["seq"] != r["seq"] and e["action"] in (r["action"], "queued") for e in audit)
print("%d|%d|%d %s" % (bad_stored, queued, bad_refused,
      "many" if stored > 100 and refused >= 5 else "only %d stored, %d refused" % (stored, refused)))
PY
)
t_equal "one audit entry per stored message (the partners' and the hub's own), none 'queued'" "0|0" \
    "$(echo "$AUDITED" | cut -d'|' -f1-2)"
t_equal "a refused message has its refusal as its only entry" "0 many" "$(echo "$AUDITED" | cut -d'|' -f3)"
t_absent "access report never holds a signal's text (table)" "geheim|4417" "$(cat "$T_DIR/access.txt")"
t_absent "access report never holds a signal's text (json)" "geheim|4417" \
    "$(grep -v -E '"(ts|object)":' "$T_DIR/access.json")"   # ids and times may hold any digits
t_absent "access report for A leaves out household C's signal" '"partner": "ggz",\s*"action": "signal"' "$(cat "$T_DIR/access.json")"

# ---- the regie team's view (regie team): its own figures, open escalations --------
r team -d "$T_DIR/acm-leiding" --json
t_rc "the team view answers the escalation role" 0
t_equal "the team view counts the open escalations of team acm" \
    "$("$HUB" report -c "$HUB_CONF" --team acm --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["escalations"]["open"])')" \
    "$(jget 'json.loads(j["answer"]["body"]["figures"])["escalations"]["open"]')"
t_equal "and lists each of them" \
    "$(jget 'json.loads(j["answer"]["body"]["figures"])["escalations"]["open"]')" \
    "$(jget 'len(json.loads(j["answer"]["body"]["figures"])["open_escalations"])')"
r team -d "$T_DIR/acm-leiding"
t_expect "the team view has a human format" 'open escalaties: [0-9]+' "$OUT"
r team -d "$T_DIR/acm-leiding" --lang en
t_expect "... in English with --lang en" 'open escalations: [0-9]+' "$OUT"
r team -d "$T_DIR/kredietbank" --direct
t_rc "a partner outside the regie teams may not ask for a team view" 2

# ---- regiehub report on the known data set ---------------------------------------
# signals: woonbron A huisvesting + financien, school-noord B opleiding, ggz C
# gezondheid; A in coordinatie, B gesloten (released), C without regie;
# agreements due: K (late), W (on time), S (never done), K2 (on time);
# two stagnations; rounds 6 (A) + 1 (B); escalations S, K, W (W resolved).
"$HUB" report -c "$HUB_CONF" --json >"$T_DIR/report.json"; t_equal "report --json exit 0" 0 $?
"$HUB" report -c "$HUB_CONF" --csv >"$T_DIR/report.csv"; t_equal "report --csv exit 0" 0 $?
"$HUB" report -c "$HUB_CONF" >"$T_DIR/report.txt"; t_equal "report (table) exit 0" 0 $?
REP=$(python3 - "$T_DIR/report.json" "$T_DIR/report.csv" <<'PY'
import csv, json, sys
j = json.load(open(sys.argv[1]))
exp = {
    "signals_per_leefgebied": {"financien": 1, "gezondheid": 1, "huisvesting": 1, "opleiding": 1},
    "signals_per_partner": {"ggz": 1, "school-noord": 1, "woonbron": 2},
    "households_per_phase": {"coordinatie": 1, "gesloten": 1},
    "caseload_per_casemanager": {"cm-anna": 1},
    "agreements.due": 4, "agreements.done_on_time": 2, "agreements.stagnations": 2,
    "agreements.overdue_now": 1, "rounds.due": 7, "rounds.held": 7,
    "escalations.raised": 3, "escalations.open": 2,
}
err = []
for k, v in exp.items():
    if "." in k:
        a, b = k.split(".")
        got = j.get(a, {}).get(b)
    else:
        got = j.get(k)
    if got != v:
        err.append("%s: %r, expected %r" % (k, got, v))
share = j["agreements"].get("share_done_on_time")
if share is None or abs(share - 0.5) > 1e-9:
    err.append("share_done_on_time %r" % share)
rows = {(r["section"], r["key"]): r["value"] for r in csv.DictReader(open(sys.argv[2]))}
for k, v in exp.items():
    if "." in k:
        sec, key = k.split(".")
        if rows.get((sec, key)) != str(v):
            err.append("csv %s: %r" % (k, rows.get((sec, key))))
    else:
        for kk, vv in v.items():
            if rows.get((k, kk)) != str(vv):
                err.append("csv %s.%s: %r" % (k, kk, rows.get((k, kk))))
print("; ".join(err) if err else "OK")
PY
)
t_equal "report counts the known data set (json and csv)" OK "$REP"
t_expect "report table: signals per partner, by name" 'Test woonbron \(woonbron\) +2$' "$(cat "$T_DIR/report.txt")"
t_expect "report table: open escalations" 'nu open +2$' "$(cat "$T_DIR/report.txt")"
t_expect "report table: rounds held" 'gehouden +7$' "$(cat "$T_DIR/report.txt")"
t_expect "report table: the share in Dutch" 'deel op tijd gereed +0,50$' "$(cat "$T_DIR/report.txt")"
"$HUB" report -c "$HUB_CONF" --lang en >"$T_DIR/report-en.txt"
t_expect "report table in English: rounds held" 'rounds held +7$' "$(cat "$T_DIR/report-en.txt")"
t_expect "report table in English: the share" 'share done on time +0\.50$' "$(cat "$T_DIR/report-en.txt")"
t_absent "report holds no signal text or refs" "geheim|$A_REF" "$(cat "$T_DIR/report.txt" "$T_DIR/report.json")"

# ---- retention ----------------------------------------------------------------------
# B was released on day ~7: follow-up until day ~737; C's signal expires on
# day 730. Stop the hub first so its own retention timer does not run.
hub_stop
clock_day 745
# what the hub holds about every household of the story, and its figures:
# what a dry run must leave as it was
snapshot () {
    for ref in "$A_REF" "$B_REF" "$C_REF" "$D_REF"; do inspect --ref "$ref"; done
    "$HUB" report -c "$HUB_CONF" --json
}
BEFORE=$(snapshot)
# the messages about a household, as inspect lists them (those its access
# report names); how many of some such still hold an envelope, and how many
# still wait for delivery, message by message (after retention the household
# may be known by no ref any more)
about () { holds '" ".join(m["id"] for m in j.get("messages", []))' --ref "$1"; }
kept () {
    n=0
    for o in $1; do [ "$(holds 'j["message"]["envelope_held"]' --id "$o")" = True ] && n=$((n + 1)); done
    echo $n
}
queued () {
    n=0
    for o in $1; do n=$((n + $(holds 'len(j["message"]["queued_for"])' --id "$o"))); done
    echo $n
}
B_ABOUT=$(about "$B_REF"); D_ABOUT=$(about "$D_REF")
# every message the access report names for B and D (what inzage shows is
# what retention must empty)
named () {
    "$HUB" access-report -c "$HUB_CONF" --ref "person:$1" --json |
        python3 -c "import json,sys; print(' '.join(sorted({r['object'] for r in json.load(sys.stdin) if r.get('object')})))"
}
NAMED="$(named "$B_REF") $(named "$D_REF")"
named_kept () {
    n=0
    for o in ${1:-$NAMED}; do
        [ "$(holds '(j["message"] or {}).get("envelope_held")' --id "$o")" = True ] && n=$((n + 1))
    done
    echo $n
}
NAMED_KEPT=$(named_kept)
[ "$NAMED_KEPT" -gt 4 ] && t_ok "before retention $NAMED_KEPT messages the access report names for B and D keep envelopes" ||
    t_fail "messages the access report names for B and D keep envelopes" "$NAMED_KEPT of: $NAMED"
B_KEPT=$(kept "$B_ABOUT")
[ "$B_KEPT" -gt 4 ] && t_ok "before retention $B_KEPT messages about B keep their envelopes" ||
    t_fail "messages about B keep their envelopes before retention" "$B_KEPT"
D_KEPT=$(kept "$D_ABOUT")
[ "$D_KEPT" -gt 1 ] && t_ok "... and $D_KEPT about D" ||
    t_fail "messages about D keep their envelopes before retention" "$D_KEPT"
t_equal "inspect counts the same envelopes held" "$B_KEPT $D_KEPT" \
    "$(holds 'j["messages_held"]' --ref "$B_REF") $(holds 'j["messages_held"]' --ref "$D_REF")"
B_HH=$(holds 'j["household_id"]' --ref "$B_REF")
C_HH=$(holds 'j["household_id"]' --ref "$C_REF")
D_HH=$(holds 'j["household_id"]' --ref "$D_REF")
A_HH=$(holds 'j["household_id"]' --ref "$A_REF")
ENTRIES_BEFORE=$(entries)
"$HUB" retention -c "$HUB_CONF" --dry-run --json >"$T_DIR/dry.json"; t_equal "retention --dry-run exit 0" 0 $?
t_equal "dry run writes nothing, not even to the audit log" "$ENTRIES_BEFORE" "$(entries)"
[ "$(python3 -c "import json; print(json.load(open('$T_DIR/dry.json'))['messages_emptied'])")" -gt "$B_KEPT" ] &&
    t_ok "dry run counts the messages it would empty" ||
    t_fail "dry run counts the messages it would empty" "$(cat "$T_DIR/dry.json")"
t_equal "dry run: what would go (C's signal, household B, D's referral, household D)" "1 0 1 1 1" \
    "$(python3 -c "import json; j=json.load(open('$T_DIR/dry.json')); print(j['signals_expired'], j['history_removed'], j['households_reduced'], j['referrals_expired'], j['households_forgotten'])")"
t_equal "dry run changes nothing" "$BEFORE" "$(snapshot)"
# A: refs, consent, signals, agreements with their action, signals and
# acceptances that keep their envelope, progress reports with their note
a_state () {
    holds '"|".join(str(n) for n in (len(j["refs"]), len(j["consent"]), len(j["signals"]),
        len([a for a in j["agreements"] if a["action"] is not None]),
        len([s for s in j["signals"] if s["envelope_held"]]),
        len([a for a in j["agreements"] if a["accepted_seq"] in
             {m["seq"] for m in j["messages"] if m["envelope_held"]}]),
        len([p for r in j["rounds"] for p in r["progress"] if p["note"] is not None])))' --household "$A_HH"
}
A_BEFORE=$(a_state)
t_equal "A before retention: refs, consent, signals, agreements, kept envelopes, notes" "1|3|2|4|2|3|8" "$A_BEFORE"
"$HUB" retention -c "$HUB_CONF" --json >"$T_DIR/ret.json"; t_equal "retention exit 0" 0 $?
t_equal "retention removed C's signal and reduced B" "1 1" \
    "$(python3 -c "import json; j=json.load(open('$T_DIR/ret.json')); print(j['signals_expired'], j['households_reduced'])")"
t_equal "C's signal: gone, in the archive without content" "0|1|1|False" \
    "$(holds '"%d|%d|%s" % (len([s for s in j["signals"] if s["seq"] == '"$C_SEQ"']), len([h for h in j["history"] if h["partner"] == "ggz"]), "|".join(str(h["signals"]) for h in j["history"] if h["partner"] == "ggz"))' --ref "$C_REF")|$(holds 'j["message"]["envelope_held"]' --id "$C_ID")"
others () {  # consent or signals (list $1) of every household but A
    n=0
    for hh in "$B_HH" "$C_HH" "$D_HH"; do n=$((n + $(holds "len(j['$1'])" --household "$hh"))); done
    echo $n
}
t_equal "B: refs, consent and signals gone" "False|0|0" \
    "$(holds 'j["found"]' --ref "$B_REF")|$(others consent)|$(others signals)"
t_equal "A (active) keeps everything" "$A_BEFORE" "$(a_state)"
t_equal "every message about B and D lost its envelope: notices, claims, phases, consent too" "0 0" \
    "$(kept "$B_ABOUT") $(kept "$D_ABOUT")"
t_equal "no message the access report named for B or D keeps its envelope" 0 "$(named_kept)"
t_equal "... and none of them waits for delivery any more" "0 0" \
    "$(queued "$B_ABOUT") $(queued "$D_ABOUT")"
d_state () {
    echo "$(kept "$D_REFERRAL $D_DECLINE")|$(holds 'len(j["refs"])' --household "$D_HH")|$(holds '" ".join(r["status"] for r in j["referrals"] if r["id"] == "'"$D_REFERRAL"'")' --household "$D_HH")"
}
t_equal "D: the declined referral's and the decline's envelopes are gone, the household's pseudonym too; the referral is still counted" \
    "0|0|declined" "$(d_state)"
t_equal "retention counted D's referral and D" "1 1" \
    "$(python3 -c "import json; j=json.load(open('$T_DIR/ret.json')); print(j['referrals_expired'], j['households_forgotten'])")"
t_equal "C keeps its pseudonym while its archive entry lasts" "$C_HH ggz" \
    "$(holds '"%s %s" % (j["household_id"], " ".join(h["partner"] for h in j["history"]))' --ref "$C_REF")"
# what the audit log says about each household, as their access reports show it
for ref in "$A_REF" "$B_REF" "$C_REF" "$D_REF"; do
    "$HUB" access-report -c "$HUB_CONF" --ref "person:$ref" --json
done >"$T_DIR/access-all.json"
t_absent "the secret text is still only in A's kept envelope, not in the audit" "geheim" \
    "$(cat "$T_DIR/access-all.json")"
r_out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1); t_equal "audit verify passes after retention" 0 $?
t_expect "audit verify says intact" 'intact' "$r_out"
hub_start || t_fail "hub start" "after retention"
sleep 1.5
t_equal "the running hub's retention timer removes nothing more" "$A_BEFORE" "$(a_state)"

# five years after C's signal went into the archive: the archive entry goes,
# and with it the last thing that referred to household C
hub_stop
clock_day $((745 + 1830))
"$HUB" retention -c "$HUB_CONF" >"$T_DIR/ret2.txt"; t_equal "retention (human format) exit 0" 0 $?
t_expect "the human format names the forgotten households" 'huishoudens zonder regie vergeten .* 1$' "$(cat "$T_DIR/ret2.txt")"
t_equal "C: archive entry and pseudonym gone, the household row kept for the counts" "0|0|True" \
    "$(holds '"%d|%d|%s" % (len(j["history"]), len(j["refs"]), j["household"] is not None)' --household "$C_HH")"
t_equal "A (under regie) still keeps its pseudonym" 1 "$(holds 'len(j["refs"])' --household "$A_HH")"
"$HUB" retention -c "$HUB_CONF" --json >"$T_DIR/ret3.json"
t_equal "a second run finds nothing more to expire or forget" "0 0 0" \
    "$(python3 -c "import json; j=json.load(open('$T_DIR/ret3.json')); print(j['history_removed'], j['referrals_expired'], j['households_forgotten'])")"

# A's regie ends; once its follow-up window is over, nothing about A keeps its
# content: signals, agreements and their status changes, progress reports,
# rounds held, notices - everything its access report names
hub_start || t_fail "hub start" "to release A"
r release -d "$D/cm-anna" --bsn $A_BSN --note "Afgerond"
t_rc "A: released (follow-up starts)" 0
A_NAMED=$(named "$A_REF")
A_KEPT=$(named_kept "$A_NAMED")
[ "$A_KEPT" -gt 30 ] && t_ok "A's access report names $A_KEPT messages with content" ||
    t_fail "A's access report names messages with content" "$A_KEPT"
hub_stop
clock_day $((745 + 1830 + 2 * 365 + 30))
"$HUB" retention -c "$HUB_CONF" --json >"$T_DIR/ret4.json"; t_equal "retention after A's follow-up exit 0" 0 $?
t_equal "A is reduced" 1 "$(python3 -c "import json; print(json.load(open('$T_DIR/ret4.json'))['households_reduced'])")"
t_equal "no message A's access report named keeps its envelope" 0 "$(named_kept "$A_NAMED")"
t_equal "A's rounds, agreements and escalations are still counted" "6 4" \
    "$(holds '"%d %d" % (len([r for r in j["rounds"] if r["held"]]), len(j["agreements"]))' --household "$A_HH")"
r_out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1); t_equal "audit verify passes after A's reduction" 0 $?

t_end
