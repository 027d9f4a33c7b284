#!/bin/sh
# workflow_regie.sh - issue 5 through the real programs: signals, matches
# and closing the loop, history, the priority list, referral and intake,
# the regiecheck (automatic, racing, and as a question), the regie
# lifecycle, members and moves, consent, and the audit log at the end.
#
# One hub and twelve real `regie` agents on 127.0.0.1. The test clock file
# moves the whole network on: t0, then +15 days (match reminders), +23 days
# (escalations), then 25 months on (expiry into history, follow-up over).
# Every household has its own BSN, so the sections do not disturb each other.
. "$(dirname "$0")/agent_lib.sh"
t_setup
# A pyenv shim in PATH costs about 2 s per python3 call; the helpers here
# and in agent_lib.sh call it hundreds of times. The system python does the
# same job in a tenth of that.
if [ -x /usr/bin/python3 ]; then python3 () { /usr/bin/python3 "$@"; }; fi

DAY=86400000

# ---- helpers ---------------------------------------------------------------

# bsn N: a valid BSN (elfproef), different for every N.
bsn () {
    python3 - "$1" <<'PY'
import sys
base = 20000000 + int(sys.argv[1]) * 7919
while True:
    d = [int(c) for c in "%08d" % base]
    s = sum(w * x for w, x in zip(range(9, 1, -1), d))
    if s % 11 < 10 and s - s % 11 != 0:
        print("%08d%d" % (base, s % 11))
        break
    base += 1
PY
}

# clock DAYS: moves the whole network to t0 + DAYS.
clock () { echo $(($1 * DAY)) >"$HUB_DIR/clock"; }

# sig WHO SEVERITY TEXT HOUSEHOLD-OPTIONS...: a signal, --json, in $OUT.
sig () {
    s_who=$1; s_sev=$2; s_text=$3; shift 3
    r signal -d "$T_DIR/$s_who" --leefgebied huisvesting --severity "$s_sev" \
        --ground financiele_problemen --informed yes --text "$s_text" \
        --contact "030-$s_who" --json "$@"
}

# rr WHO COMMAND ARGS...: regie COMMAND -d WHO ARGS --json.
rr () { rr_who=$1; rr_cmd=$2; shift 2; r "$rr_cmd" -d "$T_DIR/$rr_who" --json "$@"; }

# inbox_q WHO FILTER: WHO's inbox (read and unread, each message once) as
# JSON lines, only those for which the python expression FILTER holds; in
# it: m (the inbox entry), t (its type), b (the message body), kind (a
# notice's kind), hh (the household refs).
inbox_q () {
    "$REGIE" inbox -d "$T_DIR/$1" --all --limit 1000 --json 2>/dev/null | python3 -c '
import json, sys
try:
    j = json.load(sys.stdin)
except Exception:
    sys.exit(0)
seen = set()
for m in j.get("messages", []):
    if m.get("id") in seen:
        continue
    seen.add(m.get("id"))
    t = m.get("type", "")
    b = (m.get("message") or {}).get("body") or {}
    kind = b.get("kind", "") if isinstance(b, dict) else ""
    hh = m.get("household") or {}
    if eval(sys.argv[1]):
        print(json.dumps(m, sort_keys=True))
' "$2"
}
count_q () { inbox_q "$1" "$2" | wc -l | tr -d ' '; }

# wait_count SECONDS WHO FILTER N: waits until at least N messages match;
# prints how many do.
wait_count () {
    wc_n=$(($1 * 10)); wc_c=0
    for _ in $(seq 1 "$wc_n"); do
        wc_c=$(count_q "$2" "$3")
        [ "$wc_c" -ge "$4" ] && break
        sleep 0.1
    done
    echo "$wc_c"
}

# py EXPR JSON-LINES: python expression over the lines (list l of objects).
py () {
    printf '%s\n' "$2" | python3 -c '
import json, sys
l = [json.loads(x) for x in sys.stdin if x.strip()]
print(eval(sys.argv[1]))' "$1" 2>/dev/null
}

# holds EXPR WHAT: EXPR over what `regiehub inspect WHAT` shows (j), with h
# (the household's row, {} when there is none) at hand; None prints as "".
# e.g. holds "h.get('team')" --ref "$P5"
holds () {
    h_expr=$1; shift
    inspect "$@" | python3 -c '
import json, sys
j = json.load(sys.stdin)
h = j.get("household") or {}
v = eval(sys.argv[1])
print("" if v is None else v)' "$h_expr"
}

# wait_holds SECONDS EXPECTED EXPR WHAT: waits until holds prints EXPECTED.
wait_holds () {
    wh_n=$(($1 * 10)); wh_want=$2; shift 2
    for _ in $(seq 1 "$wh_n"); do
        [ "$(holds "$@")" = "$wh_want" ] && return 0
        sleep 0.1
    done
    return 1
}

# regie_of REF: "team|casemanager" of the household REF finds ("|" without regie).
regie_of () { holds "'%s|%s' % (h.get('team') or '', h.get('casemanager') or '')" --ref "$1"; }

# households REF...: how many households the refs find, how many of those
# are under regie, and how many of their signals are part of a case.
households () {
    for hs_ref; do
        inspect --ref "$hs_ref" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))'
    done | python3 -c '
import json, sys
found = {}
for line in sys.stdin:
    j = json.loads(line)
    if j["found"]:
        found[j["household_id"]] = j
print(len(found), len([j for j in found.values() if (j["household"] or {}).get("team")]),
      sum(s["led_to_regie"] for j in found.values() for s in j["signals"]))'
}

# answers REF...: the regiecheck answers the access reports of REF... show
# (each asker's answer is an audit entry about the ref asked about): how
# many, and how many of them withheld.
answers () {
    for an_ref; do
        "$HUB" access-report -c "$HUB_CONF" --ref "person:$an_ref" --json |
            python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))'
    done | python3 -c '
import json, sys
rows = [r for line in sys.stdin for r in json.loads(line) if r["action"] == "regiecheck_answer"]
print(len(rows), len([r for r in rows if r["result"].startswith("withheld")]))'
}

# ---- the network -----------------------------------------------------------

hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
echo 0 >"$HUB_DIR/clock"
PARTNERS="woningcorporatie school politie ggz kredietbank"
TEAM="acm-intake cm-anna cm-bram acm-leiding wijkteam-intake cm-wim"
for p in $PARTNERS; do
    agent_new "$p" "$p" signal,refer || { t_fail setup "agent $p"; t_end; exit 1; }
done
agent_new acm-intake regieteam intake acm \
&& agent_new cm-anna regieteam regie acm \
&& agent_new cm-bram regieteam regie acm \
&& agent_new acm-leiding regieteam escalation acm \
&& agent_new wijkteam-intake regieteam intake wijkteam \
&& agent_new cm-wim regieteam regie wijkteam || { t_fail setup "team agents"; t_end; exit 1; }
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
for a in $PARTNERS $TEAM; do agent_start "$a" || t_fail "start $a" "no socket"; done
for a in $PARTNERS $TEAM; do agent_connected "$a" || t_fail "connect $a" "not connected"; done

B0=$(bsn 0); BA=$(bsn 1); B1=$(bsn 2); B3=$(bsn 3); B4=$(bsn 4); B5=$(bsn 5)
B6=$(bsn 6); B6M=$(bsn 7); BX=$(bsn 8)

# ---- 1. routing: the intake of the default team; acute ---------------------

sig woningcorporatie zorg "Huurachterstand 2 maanden" --bsn "$B0"
t_rc "signal without regie: receipted" 0
S0=$(jget 'j["id"]')
t_expect "receipt names the team" '^signal_to_intake .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "receipt's to is the team" "acm" "$(jget 'j["to"]')"
t_absent "receipt names no person" 'acm-intake|cm-' "$(jget 'j["note"]') $(jget 'j["to"]')"
t_equal "signal reaches acm-intake" 1 "$(wait_count 5 acm-intake "t == 'signal' and m['id'] == '$S0'" 1)"

sig politie acuut "Huiselijk geweld, kinderen in huis" --bsn "$BA"
t_rc "acute signal: receipted" 0
SA=$(jget 'j["id"]'); PA=$(jget 'j["household"]["person"]')
t_expect "acute receipt reminds of Veilig Thuis" '^acute_' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_expect "acute receipt reminds of 112" '^acute_(to_intake|routed_)' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "acute signal reaches acm-intake" 1 "$(wait_count 5 acm-intake "m['id'] == '$SA'" 1)"
N=$(inbox_q acm-intake "kind == 'acute' and hh.get('person') == '$PA'")
t_equal "acute: one notice to the recipient" 1 "$(py 'len(l)' "$N")"
t_equal "acute notice is urgent" True "$(py 'l[0]["message"]["body"].get("urgent") is True' "$N")"

# ---- 2. match ----------------------------------------------------------------

sig woningcorporatie ernstig "WONING-TEKST huurschuld 4 maanden" --bsn "$B1"
P1=$(jget 'j["household"]["person"]')
sig school zorg "SCHOOL-TEKST verzuim 12 dagen" --bsn "$B1"
t_rc "second partner's signal receipted" 0
MF="kind == 'match' and hh.get('person') == '$P1'"
t_equal "match: notice to the intake, which sees to it" 1 \
    "$(wait_count 5 acm-intake "kind == 'match_seen' and hh.get('person') == '$P1'" 1)"
t_equal "match: notice to woningcorporatie" 1 "$(wait_count 5 woningcorporatie "$MF" 1)"
t_equal "match: notice to school" 1 "$(wait_count 5 school "$MF" 1)"
N=$(inbox_q school "$MF")
t_equal "match names who else" True "$(py '"woningcorporatie" in [p["partner"] for p in l[0]["message"]["body"]["partners"]]' "$N")"
t_equal "match says whom to contact" "030-woningcorporatie" \
    "$(py '[p["contact"] for p in l[0]["message"]["body"]["partners"] if p["partner"] == "woningcorporatie"][0]' "$N")"
t_absent "school's match notice holds no text of the other signal" 'WONING-TEKST|huurschuld' "$N"
t_absent "school's whole inbox holds no text of the other signal" 'WONING-TEKST' \
    "$("$REGIE" inbox -d "$T_DIR/school" --all --json)"
t_absent "woningcorporatie's inbox holds no text of school's signal" 'SCHOOL-TEKST' \
    "$("$REGIE" inbox -d "$T_DIR/woningcorporatie" --all --json)"
M1=$(py 'l[0]["message"]["body"]["object"]' "$N")

sig politie ernstig "POLITIE-TEKST melding overlast" --bsn "$B1"
MS="kind == 'match_seen' and hh.get('person') == '$P1'"
t_equal "third partner: one more match to the intake" 2 "$(wait_count 5 acm-intake "$MS" 2)"
t_equal "third partner: one more match to woningcorporatie" 2 "$(wait_count 5 woningcorporatie "$MF" 2)"
t_equal "third partner: one more match to school" 2 "$(wait_count 5 school "$MF" 2)"
t_equal "third partner: its own match notice" 1 "$(wait_count 5 politie "$MF" 1)"
N=$(inbox_q politie "$MF")
t_equal "the new match names all three" "politie,school,woningcorporatie" \
    "$(py '",".join(sorted(p["partner"] for p in l[0]["message"]["body"]["partners"]))' "$N")"
t_absent "politie's match notice holds no other text" 'WONING-TEKST|SCHOOL-TEKST' "$N"
M2=$(py 'l[0]["message"]["body"]["object"]' "$N")
sig woningcorporatie ernstig "WONING-TEKST nog een keer" --bsn "$B1"
t_rc "same partner again: receipted" 0
sleep 1
t_equal "same partner again: no new match (intake)" 2 "$(count_q acm-intake "$MS")"
t_equal "same partner again: no new match (woningcorporatie)" 2 "$(count_q woningcorporatie "$MF")"
t_equal "the hub holds two matches" 2 "$(holds "len(j['matches'])" --ref "$P1")"

# ---- 3. closing the loop, t0 part: school confirms both --------------------

rr school confirm-match --match "$M1" --outcome contact_gelegd; t_rc "school confirms the first match" 0
rr school confirm-match --match "$M2" --outcome contact_gelegd; t_rc "school confirms the second match" 0
rr ggz confirm-match --match "$M1" --outcome contact_gelegd
t_rc "a partner outside the match cannot confirm it" 3
rr school confirm-match --match "$M1" --outcome regie_bestaat
t_rc "a party confirms a match once: the second is refused" 3
t_equal "... and the first confirmation's outcome stays" contact_gelegd \
    "$(holds "[p['outcome'] for m in j['matches'] if m['id'] == '$M1' for p in m['parties'] if p['partner'] == 'school'][0]" --ref "$P1")"
t_equal "no reminder before the deadline" 0 "$(count_q woningcorporatie "kind == 'match_reminder'")"

# ---- 4. history, t0 part: a signal that will expire ------------------------

sig kredietbank zorg "KB-TEKST schuldhulp aangevraagd" --bsn "$B3"
S3=$(jget 'j["id"]'); P3=$(jget 'j["household"]["person"]')

# ---- 5. the priority list ------------------------------------------------------

rr acm-intake priority --bsn "$B4" --on yes --note "Zorgmijder"; t_rc "intake puts a household on the priority list" 0
P4=$(jget 'j["household"]["person"]')
PF="kind == 'priority' and hh.get('person') == '$P4'"
sig woningcorporatie ernstig "Huurachterstand" --bsn "$B4" --kind huurachterstand
sleep 0.5
t_equal "a non-opening kind: no priority notice" 0 "$(count_q acm-intake "$PF")"
sig woningcorporatie ernstig "Ontruimingsvonnis" --bsn "$B4" --kind ontruimingsdreiging
t_rc "opening signal receipted" 0
t_equal "opening: priority notice to acm-intake at once" 1 "$(wait_count 3 acm-intake "$PF" 1)"
t_equal "priority notice is urgent" True "$(py 'l[0]["message"]["body"].get("urgent") is True' "$(inbox_q acm-intake "$PF")")"

# ---- 6. referral and intake ---------------------------------------------------

H5="--bsn $B5 --postcode 3511AB --number 5"
# shellcheck disable=SC2086
rr school refer $H5 --team acm --introducer politie --leefgebied opleiding \
    --reason "Meervoudige problematiek" --contact "030-school"
t_rc "school refers" 0
REF1=$(jget 'j["id"]'); P5=$(jget 'j["household"]["person"]')
t_expect "referral receipt names the team" '^referred .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "the intake receives the referral" 1 "$(wait_count 5 acm-intake "t == 'referral' and m['id'] == '$REF1'" 1)"
rr acm-intake decline --bsn "$B0" --referral "$REF1" --reason acute_crisis --alternative x
t_rc "a decline naming another household is refused" 3
t_equal "the refused decline reaches nobody" 0 "$(count_q school "t == 'decline'")"
rr acm-intake decline --bsn "$B5" --referral "$REF1" --reason onveilig_voor_kinderen \
    --alternative "Eerst Veilig Thuis"
t_rc "intake declines with a contra-indication" 0
N=$(inbox_q school "t == 'decline'")
[ -n "$N" ] || { sleep 1; N=$(inbox_q school "t == 'decline'"); }
t_equal "the decline reaches the referrer" 1 "$(py 'len(l)' "$N")"
t_expect "the feedback has the contra-indication and the alternative" \
    'onveilig_voor_kinderen.*Eerst Veilig Thuis|Eerst Veilig Thuis.*onveilig_voor_kinderen' "$N"
rr acm-intake decline --bsn "$B5" --referral "$REF1" --reason acute_crisis --alternative x
t_rc "a referral is declined only once" 3
# shellcheck disable=SC2086
rr school refer $H5 --team acm --introducer politie --reason "Opnieuw, nu veilig" --contact "030-school"
REF2=$(jget 'j["id"]')
rr acm-intake accept --bsn "$B5" --casemanager cm-anna --referral "$REF2"
t_rc "intake accepts the referral" 0
CLAIM_SEQ=$(jget 'j["hub_seq"]')
t_expect "accept claims regie" '^regie_claimed .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
T_CLAIM=$(TZ=${TZ:-Europe/Amsterdam} date +%F)   # the programs show Amsterdam time unless TZ says otherwise
t_equal "the hub: team acm, cm-anna" "acm|cm-anna" "$(regie_of "$P5")"
t_equal "the referral is accepted" "accepted" "$(holds "[r['status'] for r in j['referrals'] if r['id'] == '$REF2'][0]" --ref "$P5")"
t_equal "cm-anna is told she holds regie" 1 \
    "$(wait_count 5 cm-anna "kind == 'regie_assigned' and hh.get('person') == '$P5'" 1)"
t_equal "the referrer is told" 1 "$(wait_count 5 school "kind == 'referral_accepted' and b.get('team') == 'acm'" 1)"
AF="kind == 'continuity' and hh.get('person') == '$P5'"
t_equal "the introducer gets the continuity agreement" 1 "$(wait_count 5 politie "$AF" 1)"
N=$(inbox_q politie "$AF")
DUE_DAYS=$(py 'round((__import__("datetime").datetime.fromisoformat(l[0]["message"]["body"]["due"]) - __import__("datetime").datetime.fromisoformat(l[0]["message"]["ts"])).total_seconds() / 86400)' "$N")
if [ -n "$DUE_DAYS" ] && [ "$DUE_DAYS" -ge 170 ] && [ "$DUE_DAYS" -le 190 ]; then
    t_ok "the continuity agreement is due about 6 months on ($DUE_DAYS days)"
else t_fail "the continuity agreement is due about 6 months on" "due in '$DUE_DAYS' days: $N"; fi
t_equal "the hub holds the continuity agreement for politie" 1 \
    "$(holds "len([a for a in j['agreements'] if a['owner'] == 'politie'])" --ref "$P5")"
t_equal "it follows from the claim: the agreement and its log name the claim's message" \
    "$CLAIM_SEQ|$CLAIM_SEQ" \
    "$(holds "' '.join('%s|%s' % (a['seq'], l['seq']) for a in j['agreements'] if a['owner'] == 'politie' for l in a['log'])" --ref "$P5")"

rr acm-intake accept --bsn "$B5" --casemanager cm-bram --referral "$REF2"
t_rc "an accepted referral is not accepted twice" 3
rr acm-intake accept --bsn "$B5" --casemanager cm-bram --referral "$REF1"
t_rc "a declined referral cannot be accepted" 3
t_equal "the hub: still cm-anna" "acm|cm-anna" "$(regie_of "$P5")"
t_equal "still one continuity agreement" 1 \
    "$(holds "len([a for a in j['agreements'] if a['owner'] == 'politie'])" --ref "$P5")"
t_equal "the referral stays declined" "declined" "$(holds "[r['status'] for r in j['referrals'] if r['id'] == '$REF1'][0]" --ref "$P5")"

# ---- 7. the regiecheck in a claim ----------------------------------------------

rr wijkteam-intake accept --bsn "$B5" --casemanager cm-wim
t_rc "wijkteam's later claim is refused" 3
t_expect "the refusal says regie is held elsewhere" '"reason_code": "regie_held_elsewhere"' "$OUT $ERR"
t_expect "the refusal names team acm" '"team": "acm"' "$OUT $ERR"
t_expect "the refusal says since when" "\"since\": \"$T_CLAIM" "$OUT $ERR"
t_expect "the refusal names a contact" '030-cm-anna' "$OUT $ERR"
t_equal "the hub still says acm" "acm" "$(holds "h.get('team')" --ref "$P5")"

RACE_OK=0; RACE_BAD=""
for i in 1 2 3 4 5 6; do
    b=$(bsn $((100 + i)))
    ( "$REGIE" accept -d "$T_DIR/acm-intake" --direct --json --bsn "$b" --casemanager cm-bram \
        >"$T_DIR/race-a.$i" 2>&1; echo $? >"$T_DIR/race-a.rc" ) &
    ra=$!
    ( "$REGIE" accept -d "$T_DIR/wijkteam-intake" --direct --json --bsn "$b" --casemanager cm-wim \
        >"$T_DIR/race-w.$i" 2>&1; echo $? >"$T_DIR/race-w.rc" ) &
    rw=$!
    wait $ra; wait $rw
    ca=$(cat "$T_DIR/race-a.rc"); cw=$(cat "$T_DIR/race-w.rc")
    OUT=$(cat "$T_DIR/race-a.$i"); ref=$(jget 'j["household"]["person"]')
    team=$(holds "h.get('team')" --ref "$ref")
    if { [ "$ca" = 0 ] && [ "$cw" = 3 ] && [ "$team" = acm ]; } \
    || { [ "$ca" = 3 ] && [ "$cw" = 0 ] && [ "$team" = wijkteam ]; }; then
        RACE_OK=$((RACE_OK + 1))
    else RACE_BAD="$RACE_BAD [#$i: acm exit $ca, wijkteam exit $cw, hub '$team'; $(head -c 200 "$T_DIR/race-a.$i") / $(head -c 200 "$T_DIR/race-w.$i")]"; fi
done
t_equal "simultaneous claims: exactly one wins, every time$RACE_BAD" 6 "$RACE_OK"

# ---- 8. the regiecheck as a question -------------------------------------------

# the answers so far about the households asked about here (the unknown
# household BX has none: the hub never heard of it)
A0=$(answers "$P5" "$P1")
FULL='j["answer"]["body"].get("held") is True and j["answer"]["body"].get("team") == "acm" and "phase" in j["answer"]["body"] and "since" in j["answer"]["body"]'
rr acm-intake regiecheck --bsn "$B5"; t_equal "intake gets the full answer" True "$(jget "$FULL")"
rr wijkteam-intake regiecheck --bsn "$B5"; t_equal "another team's intake gets the full answer" True "$(jget "$FULL")"
rr cm-bram regiecheck --bsn "$B5"; t_equal "a regie role gets the full answer" True "$(jget "$FULL")"
rr acm-leiding regiecheck --bsn "$B5"; t_equal "the holding team's escalation role gets the full answer" True "$(jget "$FULL")"
rr school regiecheck --bsn "$B5"
t_equal "the referrer learns the team" "acm" "$(jget 'j["answer"]["body"].get("team")')"
t_expect "the referrer learns a contact" '030-cm-anna' "$(jget 'j["answer"]["body"].get("contact")')"
t_equal "the referrer does not get the phase" False "$(jget '"phase" in j["answer"]["body"]')"
rr politie regiecheck --bsn "$B5"
t_equal "the introducer (owns an agreement) learns the team" "acm" "$(jget 'j["answer"]["body"].get("team")')"
rr woningcorporatie regiecheck --bsn "$B1"
t_equal "a signaller learns there is no regie" False "$(jget 'j["answer"]["body"].get("held")')"
NORM='json.dumps({k: v for k, v in j.items() if k not in ("id", "household", "hub_seq")} | {"answer": {k: v for k, v in j["answer"].items() if k not in ("id", "ts", "re", "subject")}}, sort_keys=True)'
rr ggz regiecheck --bsn "$B5"; t_rc "ggz asks about the held household" 0
G1=$(printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($NORM)")
rr ggz regiecheck --bsn "$BX"; t_rc "ggz asks about a household that does not exist" 0
PX=$(jget 'j["household"]["person"]')
G2=$(printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($NORM)")
t_equal "an unrelated partner gets exactly the unknown household's answer" "$G2" "$G1"
t_absent "the unrelated partner learns nothing" 'acm|cm-anna' "$G1"
rr ggz show --bsn "$B5"; G1=$(printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($NORM)")
rr ggz show --bsn "$BX"; G2=$(printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($NORM)")
t_equal "regie show: the same answer as for an unknown household" "$G2" "$G1"
t_equal "asking created no household" False "$(holds "j['found']" --ref "$(jget 'j["household"]["person"]')")"
A1=$(answers "$P5" "$P1" "$PX")
t_equal "every question and answer is audited" 11 "$(( ${A1% *} - ${A0% *} ))"
t_equal "the withheld answers are audited as such (regiecheck, show)" 2 "$(( ${A1#* } - ${A0#* } ))"

# ---- 9. lifecycle, consent -----------------------------------------------------

sig woningcorporatie ernstig "Weer huurachterstand" --bsn "$B5"
S5=$(jget 'j["id"]')
t_expect "after the claim: the receipt names the regisseur's team" '^signal_routed_regisseur .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "after the claim: the signal reaches cm-anna" 1 "$(wait_count 5 cm-anna "m['id'] == '$S5'" 1)"
t_equal "after the claim: not the intake" 0 "$(count_q acm-intake "m['id'] == '$S5'")"

rr cm-bram phase --bsn "$B5" --phase contact; t_rc "another casemanager cannot move the phase" 3
rr acm-intake phase --bsn "$B5" --phase contact
t_expect "the intake cannot move the phase" '^[23]$' "$RC"
t_equal "the phase did not move" "intake" "$(holds "h.get('phase')" --ref "$P5")"
rr cm-anna phase --bsn "$B5" --phase contact; t_rc "the regisseur moves the phase" 0
rr cm-anna phase --bsn "$B5" --phase plan; t_rc "the regisseur moves on to plan" 0
rr cm-anna phase --bsn "$B5" --phase contact; t_rc "moving back without a reason is refused" 3
t_expect "the refusal asks for a reason" 'reason' "$OUT $ERR"
rr cm-anna phase --bsn "$B5" --phase contact --reason "Gezin weer uit beeld"
t_rc "moving back with a reason is accepted" 0
t_equal "the phase is contact" "contact" "$(holds "h.get('phase')" --ref "$P5")"
t_equal "the reason is recorded" 1 \
    "$(holds "len([p for p in j['phases'] if p['reason'] == 'Gezin weer uit beeld' and p['phase'] == 'contact'])" --ref "$P5")"

FROM=$(date -u +%F); UNTIL=$(date -u -d '+1 year' +%F); AT=$(date -u -d '+30 days' +%FT14:00)
rr cm-anna consent --bsn "$B5" --partner kredietbank --basis toestemming --from "$FROM" --until "$UNTIL"
t_rc "cm-anna records consent for kredietbank" 0
rr cm-anna consent --bsn "$B5" --partner woningcorporatie --basis convenant --from "$FROM" --until "$UNTIL"
t_rc "cm-anna records a covenant for woningcorporatie" 0
t_equal "kredietbank is told of its basis" 1 \
    "$(wait_count 5 kredietbank "kind == 'consent' and hh.get('person') == '$P5'" 1)"
rr cm-anna round --bsn "$B5" --at "$AT" --invited kredietbank,ggz
t_rc "a round inviting a partner without consent is refused" 3
t_expect "the refusal is no_basis" 'no_basis' "$OUT $ERR"
rr cm-anna round --bsn "$B5" --at "$AT" --invited kredietbank
t_rc "a round inviting kredietbank (consent) is scheduled" 0
rr cm-anna consent-withdraw --bsn "$B5" --partner kredietbank; t_rc "consent withdrawn" 0
rr cm-anna round --bsn "$B5" --at "$AT" --invited kredietbank
t_rc "right after the withdrawal the invitation is refused" 3
t_expect "the refusal is no_basis again" 'no_basis' "$OUT $ERR"

rr cm-anna transfer --bsn "$B5" --team wijkteam --casemanager cm-wim --note "Warme overdracht besproken"
t_rc "transfer to wijkteam in one step" 0
t_equal "the hub: wijkteam, cm-wim" "wijkteam|cm-wim" "$(regie_of "$P5")"
TF="kind == 'regie_transferred' and hh.get('person') == '$P5'"
t_equal "the new team (cm-wim) is told" 1 "$(wait_count 5 cm-wim "$TF" 1)"
t_expect "the old team (cm-anna, who handed over) has it in her receipt" '^regie_transferred .*"team": "wijkteam"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "the new team's intake is told" 1 "$(wait_count 5 wijkteam-intake "$TF" 1)"
t_equal "the old team's intake is told" 1 "$(wait_count 5 acm-intake "$TF" 1)"
t_equal "the one who handed over gets no notice twice" 0 "$(count_q cm-anna "$TF")"
t_equal "the partner with a basis is told" 1 "$(wait_count 5 woningcorporatie "$TF" 1)"
t_equal "the partner whose consent was withdrawn is not told" 0 "$(count_q kredietbank "$TF")"
t_equal "a partner without consent is not told" 0 "$(count_q school "$TF")"
rr cm-anna phase --bsn "$B5" --phase plan; t_rc "the former regisseur can no longer move the phase" 3
sig school zorg "Verzuim weer opgelopen" --bsn "$B5"; S5B=$(jget 'j["id"]')
t_equal "after the transfer signals reach cm-wim" 1 "$(wait_count 5 cm-wim "m['id'] == '$S5B'" 1)"

rr cm-wim release --bsn "$B5" --note "Netwerk neemt het over"; t_rc "the regisseur releases regie" 0
t_expect "release starts the follow-up window" '^regie_closed .*"until"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "no team holds regie now" "" "$(holds "h.get('team')" --ref "$P5")"
t_equal "the partner with a basis is told of the release" 1 \
    "$(wait_count 5 woningcorporatie "kind == 'regie_released' and hh.get('person') == '$P5'" 1)"
sig woningcorporatie zorg "Nieuwe huurachterstand" --bsn "$B5"; S5C=$(jget 'j["id"]')
t_expect "in the follow-up window the receipt names the former team" '"team": "wijkteam"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "in the follow-up window the signal reaches the former team" 1 "$(wait_count 5 cm-wim "m['id'] == '$S5C'" 1)"
t_equal "in the follow-up window not the intake" 0 "$(count_q acm-intake "m['id'] == '$S5C'")"

# ---- 10. members and moves -----------------------------------------------------

rr acm-intake accept --bsn "$B6" --postcode 3512CD --number 6 --casemanager cm-bram
t_rc "a household with an address is claimed for cm-bram" 0
rr cm-bram link-member --bsn "$B6" --member-bsn "$B6M"; t_rc "link-member adds a person" 0
sig politie zorg "Zoon opgepakt" --bsn "$B6M"; S6=$(jget 'j["id"]')
t_expect "a signal about the member names the regisseur's team" '^signal_routed_regisseur .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "a signal about the member reaches the regisseur" 1 "$(wait_count 5 cm-bram "m['id'] == '$S6'" 1)"
sig kredietbank zorg "Betalingsachterstand" --bsn "$B6"; P6=$(jget 'j["household"]["person"]')
rr kredietbank regiecheck --bsn "$B6"
t_equal "a partner that only signalled learns the team" "acm" "$(jget 'j["answer"]["body"].get("team")')"
t_expect "a partner that only signalled learns a contact" '030-cm-bram' "$(jget 'j["answer"]["body"].get("contact")')"
rr ggz regiecheck --bsn "$B6"
t_equal "ggz still learns nothing" '{"held": false}' "$(jget 'json.dumps(j["answer"]["body"])')"
sig politie zorg "Geluidsoverlast" --postcode 3512CD --number 6; S6A=$(jget 'j["id"]')
t_expect "a signal about the address reaches the regisseur's team" '^signal_routed_regisseur .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
rr politie regiecheck --postcode 3512CD --number 6; Q6A=$(jget 'j["id"]')
t_equal "a question about the address: the partner that signalled learns the team" acm \
    "$(jget 'j["answer"]["body"].get("team")')"
rr cm-bram move --bsn "$B6" --new-postcode 3513EF --new-number 7; t_rc "the household moves" 0
sig politie zorg "Overlast nieuw adres" --postcode 3513EF --number 7; S6N=$(jget 'j["id"]')
t_expect "new address: the regisseur's team" '^signal_routed_regisseur .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "a signal about the new address reaches the regisseur" 1 "$(wait_count 5 cm-bram "m['id'] == '$S6N'" 1)"
sig politie zorg "Overlast oud adres" --postcode 3512CD --number 6; S6O=$(jget 'j["id"]')
t_expect "old address: the intake again" '^signal_to_intake .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
sleep 0.5
t_equal "a signal about the old address does not reach the regisseur" 0 "$(count_q cm-bram "m['id'] == '$S6O'")"
# inzage after the move: what was said under the old address stays the
# household's, what is said about the old address now is not
ACC6=$("$HUB" access-report -c "$HUB_CONF" --ref "person:$P6" --json)
t_expect "the access report still shows the signal about the address it moved away from" \
    "$S6A" "$ACC6"
t_expect "... and the question about it" "$Q6A" "$ACC6"
t_absent "but not the one about that address after the move" "$S6O" "$ACC6"
t_equal "the old address is kept as a former one" 1 \
    "$(holds "len([f for f in j['former_refs'] if f['kind'] == 'address'])" --ref "$P6")"
H6=$(holds "j['household_id']" --ref "$P6")
OLD_ADDR=$(holds "j['former_refs'][0]['ref']" --household "$H6")
rr cm-bram release --bsn "$B6" --note "Verhuisd en afgerond"; t_rc "B6 released (its follow-up starts)" 0

# ---- 10b. one household known twice: a link joins them --------------------------

B7=$(bsn 9); B8=$(bsn 10)
sig school zorg "Zoon verzuimt" --bsn "$B7"; S7=$(jget 'j["id"]'); P7=$(jget 'j["household"]["person"]')
t_expect "a signal about the child alone goes to the intake" '^signal_to_intake .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
sig politie ernstig "Ruzie in de woning" --postcode 3514GH --number 9; A7=$(jget 'j["household"]["address"]')
rr acm-intake accept --postcode 3514GH --number 9 --casemanager cm-anna
t_rc "the household at the address is claimed for cm-anna" 0
H7P=$(holds "j['household_id']" --ref "$P7")
H7A=$(holds "j['household_id']" --ref "$A7")
t_expect "before the link the hub knows two households" '^[0-9]+ [0-9]+$' "$H7P $H7A"
[ "$H7P" != "$H7A" ] && t_ok "... that differ" || t_fail "... that differ" "$H7P $H7A"
rr school regiecheck --bsn "$B7"
t_equal "so the school hears of no regie" '{"held": false}' "$(jget 'json.dumps(j["answer"]["body"])')"
rr cm-anna link-member --postcode 3514GH --number 9 --member-bsn "$B7"
t_rc "linking the child joins the two households" 0
t_expect "the receipt says they were joined, with the signal" '^linked_joined .*"count": 1' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "the child's reference is the directed household's now" "$H7A" "$(holds "j['household_id']" --ref "$P7")"
# inspect --household reads every table that names a household, also with
# the household's own row gone (test_hub_store_inspect.c fails when a table
# is added that it does not read): nothing found is nothing left
t_equal "no table names the joined household any more" False "$(holds "j['found']" --household "$H7P")"
t_equal "its signal is the directed household's, part of the case" "$H7A True" \
    "$(holds "' '.join('%s %s' % (j['household_id'], s['led_to_regie']) for s in j['signals'] if s['id'] == '$S7')" --ref "$A7")"
rr school regiecheck --bsn "$B7"
t_equal "now the school learns the team" acm "$(jget 'j["answer"]["body"].get("team")')"
t_expect "... and whom to call" '030-cm-anna' "$(jget 'j["answer"]["body"].get("contact")')"
HF="kind == 'joined' and any (p.get('partner') == 'school' for p in b.get('partners', []))"
t_equal "the regisseur is told who signalled about the child, with a contact" 1 \
    "$(wait_count 5 cm-anna "$HF and any (p.get('contact') == '030-school' for p in b['partners'])" 1)"
t_equal "the intake that had the child's signal learns where signals go now" 1 \
    "$(wait_count 5 acm-intake "kind == 'routed' and hh.get('person') == '$P7' and [p['partner'] for p in b.get('partners', [])] == ['cm-anna']" 1)"
MJ="kind == 'match' and hh.get('address') == '$A7'"
t_equal "school and politie, concerned about one household now: a match for the school" 1 \
    "$(wait_count 5 school "$MJ" 1)"
t_equal "... and for politie" 1 "$(wait_count 5 politie "$MJ" 1)"
sig school zorg "Weer verzuim" --bsn "$B7"; S7B=$(jget 'j["id"]')
t_expect "a new signal about the child names the regisseur's team" '^signal_routed_regisseur .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "... and reaches the regisseur" 1 "$(wait_count 5 cm-anna "m['id'] == '$S7B'" 1)"
ACC7=$("$HUB" access-report -c "$HUB_CONF" --ref "address:$A7" --json)
t_expect "inzage of the household shows the school's signal from before the join" "$S7" "$ACC7"

# linked by mistake: unlink takes the child off again, with the signals about her alone
rr cm-anna unlink-member --postcode 3514GH --number 9 --member-bsn "$B7" --note "Verkeerd kind"
t_rc "the regisseur takes the child off the household" 0
t_expect "the receipt says both signals about the child alone went with it" '^unlinked .*"count": 2' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
H7U=$(holds "j['household_id']" --ref "$P7")
[ -n "$H7U" ] && [ "$H7U" != "$H7A" ] && t_ok "the child is a household of its own again" ||
    t_fail "the child is a household of its own again" "hh '$H7U'"
t_equal "... without regie, with the two signals about her, no longer part of a case" "|2|0" \
    "$(holds "'%s|%d|%d' % (h.get('team') or '', len(j['signals']), sum(s['led_to_regie'] for s in j['signals']))" --household "$H7U")"
t_equal "the politie's signal about the address stays with the household" 1 \
    "$(holds "len([s for s in j['signals'] if s['partner'] == 'politie'])" --household "$H7A")"
rr school regiecheck --bsn "$B7"
t_equal "a regiecheck about the child no longer names the regisseur" '{"held": false}' \
    "$(jget 'json.dumps(j["answer"]["body"])')"
t_equal "the intake learns that signals about the child reach it again" 1 \
    "$(wait_count 5 acm-intake "kind == 'unlinked' and hh.get('person') == '$P7' and b.get('by') == 'cm-anna'" 1)"
ACC7=$("$HUB" access-report -c "$HUB_CONF" --ref "address:$A7" --json)
t_absent "inzage of the household no longer shows the school's signal about the child" "$S7" "$ACC7"
ACC7U=$("$HUB" access-report -c "$HUB_CONF" --ref "person:$P7" --json)
t_equal "inzage of the child shows who linked and who took her off, and the school's signal" \
    "school signal|cm-anna linked|cm-anna unlinked" \
    "$(printf '%s' "$ACC7U" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
want = [(r["partner"], r["action"]) for r in rows
        if r["action"] in ("linked", "unlinked") or (r["action"] == "signal" and r["object"] == sys.argv[1])]
print("|".join("%s %s" % w for w in want))' "$S7")"
rr cm-anna unlink-member --postcode 3514GH --number 9 --member-bsn "$B7" --note "nog eens"
t_rc "taking off a member the household does not have is refused" 3
rr cm-anna unlink-member --postcode 3514GH --number 9 --member-postcode 3514GH --member-number 9 \
    --note "adres weg"
t_rc "taking off the household's last reference is refused" 3
t_expect "... saying why" '"reason_code": "ref_last"' "$OUT $ERR"
rr cm-anna unlink-member --postcode 3514GH --number 9 --member-bsn "$B7"
t_rc "an unlink without a reason is refused by the agent" 2
rr cm-anna link-member --postcode 3514GH --number 9 --member-bsn "$B7"
t_rc "linked again after all: joined again" 0
t_equal "... with both signals about the child" "$H7A 2" \
    "$(holds "'%s %d' % (j['household_id'], len([s for s in j['signals'] if s['partner'] == 'school']))" --household "$H7A")"

# before anyone holds regie, the intake joins what it can tell is one household
B9=$(bsn 11)
sig politie zorg "Burenruzie" --postcode 3517AB --number 3; A9=$(jget 'j["household"]["address"]')
sig ggz zorg "Moeder in crisis" --bsn "$B9"; P9=$(jget 'j["household"]["person"]')
t_equal "two households without regie, both at acm's intake" "2 0" "$(households "$A9" "$P9" | cut -d' ' -f1-2)"
rr wijkteam-intake link-member --postcode 3517AB --number 3 --member-bsn "$B9"
t_rc "another team's intake may not link them" 3
rr acm-intake link-member --postcode 3517AB --number 3 --member-bsn "$B9"
t_rc "acm's intake links the mother to the address: joined" 0
t_equal "one household now, still without regie, its signals not part of a case" "1 0 0" \
    "$(households "$A9" "$P9")"
M9="kind == 'match' and hh.get('address') == '$A9'"
t_equal "politie and ggz learn of each other: a match" "1 1" \
    "$(wait_count 5 politie "$M9" 1) $(wait_count 5 ggz "$M9" 1)"
t_equal "... and the intake is told" 1 "$(wait_count 5 acm-intake "kind == 'match_seen' and hh.get('address') == '$A9'" 1)"
rr acm-intake unlink-member --postcode 3517AB --number 3 --member-bsn "$B9" --note "Andere moeder"
t_rc "the intake may take her off again" 0
t_equal "two households again" 2 "$(households "$A9" "$P9" | cut -d' ' -f1)"

# a household in its follow-up window, joined by the intake: the follow-up goes on
B10=$(bsn 12)
sig kredietbank zorg "Schulden" --bsn "$B10"
rr acm-intake accept --bsn "$B10" --casemanager cm-bram; t_rc "B10 claimed for cm-bram" 0
rr cm-bram release --bsn "$B10" --note "Afgerond"; t_rc "B10 released: follow-up" 0
sig politie zorg "Overlast" --postcode 3518CD --number 8
rr acm-intake link-member --postcode 3518CD --number 8 --member-bsn "$B10"
t_rc "the intake joins the address with B10's household" 0
sig woningcorporatie zorg "Huurachterstand" --postcode 3518CD --number 8; S10=$(jget 'j["id"]')
t_expect "a signal about the address reaches the former regisseur: the follow-up goes on" \
    '^signal_routed_follow_up .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "... cm-bram" 1 "$(wait_count 5 cm-bram "m['id'] == '$S10'" 1)"

# a member of a household under regie of another team is not taken over
sig ggz zorg "Zorgmijding" --bsn "$B8"; P8=$(jget 'j["household"]["person"]')
rr wijkteam-intake accept --bsn "$B8" --casemanager cm-wim; t_rc "B8 claimed by wijkteam" 0
rr cm-anna link-member --postcode 3514GH --number 9 --member-bsn "$B8"
t_rc "linking a member of a household under regie elsewhere is refused" 3
t_expect "the refusal says the member is held elsewhere" '"reason_code": "ref_held_elsewhere"' "$OUT $ERR"
t_expect "the refusal names the team" '"team": "wijkteam"' "$OUT $ERR"
t_expect "the refusal names whom to call" '"contact": "030-cm-wim"' "$OUT $ERR"
t_equal "the member stays with wijkteam's household" wijkteam "$(holds "h.get('team')" --ref "$P8")"
t_equal "nothing was linked" False "$(holds "'$P8' in [r['ref'] for r in j['refs']]" --household "$H7A")"
sig politie zorg "Zoon van B8 op adres B7" --bsn "$B8" --postcode 3514GH --number 9; S8A=$(jget 'j["id"]')
t_expect "a signal naming B8 at B7's address goes to B8's regisseur" '"team": "wijkteam"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
LF="b.get('object') == '$S8A'"
t_equal "B8's regisseur learns the address is another household's, under regie of acm" 1 \
    "$(wait_count 5 cm-wim "$LF and kind == 'member_elsewhere' and b.get('other_team') == 'acm'" 1)"
t_equal "B7's regisseur learns a person at her address is another household's" 1 \
    "$(wait_count 5 cm-anna "$LF and kind == 'person_elsewhere' and b.get('other_team') == 'wijkteam'" 1)"
t_equal "... about her own household" 1 "$(count_q cm-anna "$LF and kind == 'person_elsewhere' and hh.get('person') == '$P7'")"
t_equal "neither learns what the signal said" 0 "$(count_q cm-anna "'B8 op adres' in json.dumps(m)")"

# a move to an address the hub knows as the household that lived there before
sig woningcorporatie ernstig "Vorige huurder: achterstand" --postcode 3515JK --number 2
S7W=$(jget 'j["id"]'); A7W=$(jget 'j["household"]["address"]'); HW=$(holds "j['household_id']" --ref "$A7W")
rr kredietbank regiecheck --postcode 3515JK --number 2; Q7W=$(jget 'j["id"]')
rr cm-anna move --postcode 3514GH --number 9 --new-postcode 3515JK --new-number 2
t_rc "the household moves to an address known as another household" 0
t_expect "the receipt says what was said there stays with them" '^moved_earlier .*"count": 1' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "the new address is the directed household's" "$H7A" "$(holds "j['household_id']" --ref "$A7W")"
t_equal "the household that lived there keeps its signal" "$HW" \
    "$(holds "j['household_id'] if [s for s in j['signals'] if s['id'] == '$S7W'] else 'none'" --household "$HW")"
t_equal "... and the address as a former one" 1 \
    "$(holds "len([f for f in j['former_refs'] if f['ref'] == '$A7W'])" --household "$HW")"
ACC7=$("$HUB" access-report -c "$HUB_CONF" --ref "person:$P7" --json)
t_absent "inzage of the household that moved in does not show what was said about them" "$S7W" "$ACC7"
t_expect "... but does show the move into that address" '"action": "moved_in"' "$ACC7"
sig politie zorg "Overlast" --postcode 3515JK --number 2; S7N=$(jget 'j["id"]')
t_equal "a signal about the address now reaches the regisseur" 1 "$(wait_count 5 cm-anna "m['id'] == '$S7N'" 1)"
rr cm-anna release --bsn "$B7" --note "Verhuisd en afgerond"; t_rc "the joined household is released" 0

# ---- 11. closing the loop: reminders, then escalation -------------------------

RF="kind == 'match_reminder' and b.get('object') in ('$M1', '$M2')"
clock 15
t_equal "past the deadline: woningcorporatie reminded for both matches" 2 "$(wait_count 5 woningcorporatie "$RF" 2)"
t_equal "past the deadline: politie reminded for its match" 1 "$(wait_count 5 politie "$RF" 1)"
sleep 2.5
t_equal "reminded exactly once (woningcorporatie)" 2 "$(count_q woningcorporatie "$RF")"
t_equal "reminded exactly once (politie)" 1 "$(count_q politie "$RF")"
t_equal "the confirmed partner gets no reminder" 0 "$(count_q school "$RF")"
# the escalations of B1's household about its two matches
EM="[e for e in j['escalations'] if e['object'] in ('$M1', '$M2')]"
t_equal "no escalation yet" 0 "$(holds "len($EM)" --ref "$P1")"
clock 23
if wait_holds 5 3 "len($EM)" --ref "$P1"; then t_ok "after 5 more working days: escalations for the unconfirmed partners"
else t_fail "after 5 more working days: escalations for the unconfirmed partners" "$(holds "len($EM)" --ref "$P1") escalations"; fi
t_equal "escalations name woningcorporatie and politie" "politie woningcorporatie woningcorporatie" \
    "$(holds "' '.join(sorted(p for e in $EM for p in e['history']['partners']))" --ref "$P1")"
t_equal "the confirmed partner is not escalated" 0 "$(holds "len([e for e in $EM if 'school' in e['history']['partners']])" --ref "$P1")"
t_equal "escalations go to acm-leiding" "acm-leiding" "$(holds "' '.join(sorted({e['partner'] for e in $EM}))" --ref "$P1")"
ESC=$(holds "' '.join(e['id'] for e in $EM if e['object'] == '$M1')" --ref "$P1")
t_equal "the escalation reaches acm-leiding" 1 "$(wait_count 5 acm-leiding "kind == 'escalation' and b.get('object') == '$ESC'" 1)"
t_equal "the escalation notice is urgent" True \
    "$(py 'l[0]["message"]["body"].get("urgent") is True' "$(inbox_q acm-leiding "kind == 'escalation' and b.get('object') == '$ESC'")")"
sleep 1.5
t_equal "reminded still exactly once" 2 "$(count_q woningcorporatie "$RF")"
t_equal "escalated exactly once" 3 "$(holds "len($EM)" --ref "$P1")"
rr cm-anna resolve-escalation --escalation "$ESC" --note "x"
t_expect "only the escalation role resolves" '^[23]$' "$RC"
rr acm-leiding resolve-escalation --escalation "$ESC" --note "Directies gebeld, contact gelegd"
t_rc "acm-leiding resolves the escalation" 0
t_equal "the hub: resolved by acm-leiding" "acm-leiding" "$(holds "' '.join(e['resolved_by'] or '-' for e in j['escalations'] if e['id'] == '$ESC')" --ref "$P1")"
rr acm-leiding resolve-escalation --escalation "$ESC" --note "nog eens"
t_rc "an escalation is resolved only once" 3

# ---- 12. 25 months on: history, and the follow-up window is over --------------

clock $((23 + 25 * 31))
if wait_holds 8 False "j['message']['envelope_held']" --id "$S3"; then
    t_ok "the expired signal's envelope is gone from the store"
else t_fail "the expired signal's envelope is gone from the store" "envelope still there"; fi
t_equal "the expired signal is no longer among the household's signals" 0 \
    "$(holds "len([s for s in j['signals'] if s['id'] == '$S3'])" --ref "$P3")"
t_equal "the archive keeps who, without content" "kredietbank" \
    "$(holds "' '.join(a['partner'] for a in j['history'])" --ref "$P3")"
HF="kind == 'history' and hh.get('person') == '$P3'"
sig woningcorporatie zorg "Nieuwe zorg" --bsn "$B3"; t_rc "a new signal for the archived household" 0
t_equal "the recipient is told of the earlier involvement" 1 "$(wait_count 5 acm-intake "$HF" 1)"
N=$(inbox_q acm-intake "$HF")
t_equal "the history notice says by whom" "kredietbank" "$(py '",".join(p["partner"] for p in l[0]["message"]["body"]["partners"])' "$N")"
t_absent "the history notice holds no content" 'KB-TEKST|schuldhulp' "$N"
sig school zorg "Nog een zorg" --bsn "$B3"; t_rc "a second new signal" 0
sleep 1
t_equal "the history notice comes once" 1 "$(count_q acm-intake "$HF")"

sig politie zorg "Na de nazorg" --bsn "$B5"; S5D=$(jget 'j["id"]')
t_expect "after the follow-up window: the intake again" '^signal_to_intake .*"team": "acm"' "$(jget 'j["note"] + " " + json.dumps(j.get("note_args", {}))')"
t_equal "after the follow-up window the signal reaches acm-intake" 1 "$(wait_count 5 acm-intake "m['id'] == '$S5D'" 1)"
t_equal "after the follow-up window not the former team" 0 "$(count_q cm-wim "m['id'] == '$S5D'")"

# B6 moved, then was released: once its follow-up window is over the hub's
# retention reduces it, the address it moved away from with it - but not the
# household that lives there now
# held ID...: whether each message still holds its envelope
held () { for hd_id; do holds "j['message']['envelope_held']" --id "$hd_id"; done | tr '\n' ' ' | sed 's/ $//'; }
t_equal "B6 reduced: refs and former refs gone" "0 0" \
    "$(holds "'%d %d' % (len(j['refs']), len(j['former_refs']))" --household "$H6")"
t_equal "what was said and asked about B6 under its old address lost its content" "False False" \
    "$(held "$S6A" "$Q6A")"
t_equal "the old address still finds the household that lives there now" True \
    "$(holds "j['found'] and j['household_id'] != $H6" --ref "$OLD_ADDR")"
# the joined household, reduced in turn: what was said about the child
# before the join goes with it; what was asked about its last address while
# others lived there stays theirs
t_equal "the joined household reduced: the signals about the child lost their content" "False False" \
    "$(held "$S7" "$S7B")"
t_equal "the question about its last address from before the move keeps its content" True "$(held "$Q7W")"

# ---- the audit log ---------------------------------------------------------------

OUT=$("$HUB" audit verify -c "$HUB_CONF" 2>&1); RC=$?
t_rc "regiehub audit verify passes" 0
t_expect "the audit log is intact" 'intact' "$OUT"

t_end
