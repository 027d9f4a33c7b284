#!/bin/sh
# demo.sh - a whole regiehub network on this machine, playing one household's
# story through the real programs. Run by `make demo`.
#
#   tools/demo.sh [--keep] [--quiet] [--lang nl|en] [--dir DIR]
#     --keep    leave the network running at the end and say how to explore it
#     --quiet   only the timeline's headlines (used by the tests)
#     --lang L  the language of the story and of the programs (default: nl)
#     --dir D   build the network in D (default: a new temporary directory)
#
# Every step is a real command: a reader can repeat any of them by hand. The
# hub and the agents listen on 127.0.0.1 only. Exit status 0 only when every
# step did what the story says. The narration is in the programs' catalogs
# (po/, through gettext.sh), so the story speaks the programs' language.
set -u
BUILD=${BUILD:-build}
# (a PATH entry, not a shell function: "python3 ... &" must get python's own PID)
[ -x /usr/bin/python3 ] && PATH="/usr/bin:$PATH" && export PATH
TOP=$(cd "$(dirname "$0")/.." && pwd)
HUB="$TOP/$BUILD/regiehub"
REGIE="$TOP/$BUILD/regie"
KEEP=0
QUIET=0
NET=""
DEMO_LANG=nl
while [ $# -gt 0 ]; do
    case "$1" in
        --keep) KEEP=1 ;;
        --quiet) QUIET=1 ;;
        --dir) NET=$2; shift ;;
        --lang) DEMO_LANG=${2:-}; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$HUB" ] && [ -x "$REGIE" ] || { echo "demo: build first (make)" >&2; exit 2; }
case $DEMO_LANG in nl|en) ;; *) echo "demo: --lang takes nl or en" >&2; exit 2 ;; esac
# one language for the programs and the narration; the programs' catalogs
# in the build tree (the C.UTF-8 locale: gettext ignores LANGUAGE under C)
LANGUAGE=$DEMO_LANG LC_ALL=C.UTF-8 TEXTDOMAIN=regiehub TEXTDOMAINDIR="$TOP/$BUILD/locale"
export LANGUAGE LC_ALL TEXTDOMAIN TEXTDOMAINDIR
if command -v gettext.sh >/dev/null 2>&1; then
    . gettext.sh
else    # no gettext-base: the story's own (English) words
    eval_gettext () { eval "printf '%s' \"$1\""; }
fi
[ -n "$NET" ] || NET=$(mktemp -d /tmp/regiehub-demo-XXXXXX)
mkdir -p "$NET"
PIDS=""
FAILED=0
DAY=86400000

cleanup () {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
}
trap 'cleanup; exit 1' INT TERM

if [ -t 1 ]; then B=$(printf '\033[1m'); D=$(printf '\033[2m'); R=$(printf '\033[0m'); G=$(printf '\033[32m'); X=$(printf '\033[31m')
else B=""; D=""; R=""; G=""; X=""; fi

# say TEXT, note TEXT: the story's words, in the demo's language. TEXT is a
# msgid of the catalogs: write it in single quotes (or \$ in double ones)
# so that its $VARIABLES are filled in after the translation.
say () { printf '\n%s== %s%s\n' "$B" "$(eval_gettext "$1")" "$R"; }
note () { [ "$QUIET" = 1 ] || printf '   %s%s%s\n' "$D" "$(eval_gettext "$1")" "$R"; }
show () { [ "$QUIET" = 1 ] || printf '   %s%s%s\n' "$D" "$*" "$R"; }   # data, as it is
fail () {   # fail TEXT: a step did not do what the story says
    printf '   %s%s%s\n' "$X" "$(eval_gettext "$1")" "$R"
    FAILED=$((FAILED + 1))
}

# run AGENT EXPECTED-EXIT ARGS...: one regie command as AGENT; shows the
# command and its answer as a person reads them.
run () {
    who=$1; want=$2; cmd=$3; shift 3
    shown=""    # the command as one would type it
    for a in "$@"; do case $a in *[\ \;\']*) shown="$shown \"$a\"" ;; *) shown="$shown $a" ;; esac; done
    [ "$QUIET" = 1 ] || printf '   %s[%s]$ regie %s%s%s\n' "$D" "$who" "$cmd" "$shown" "$R"
    "$REGIE" "$cmd" -d "$NET/$who" "$@" >"$NET/last.out" 2>"$NET/last.err"; rc=$?
    [ "$QUIET" = 1 ] || sed 's/^/     /' "$NET/last.out" "$NET/last.err"
    if [ "$rc" != "$want" ]; then
        fail 'UNEXPECTED: exit $rc, the story expects $want'
        cat "$NET/last.err" >&2
    fi
}

# json AGENT ARGS...: a regie command's JSON answer into $J (for the story's
# own checks and the ids it goes on with; not shown).
json () { who=$1; shift; J=$("$REGIE" "$@" -d "$NET/$who" --json 2>/dev/null); }
# sent AGENT: the newest message AGENT sent, its JSON (regie outbox) in $J.
sent () { json "$1" outbox --limit 1; J=$(field 'json.dumps(j["messages"][0])'); }

# jq-like: field EXPR of the last JSON answer
field () { printf '%s' "$J" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

# inbox AGENT KIND: the newest message of that notice kind (or type) in the
# agent's inbox, printed; its JSON in $J.
inbox () {
    who=$1; kind=$2
    for _ in $(seq 1 100); do
        J=$("$REGIE" inbox -d "$NET/$who" --all --json 2>/dev/null)
        hit=$(printf '%s' "$J" | python3 -c "
import json, sys
j = json.load(sys.stdin)
for m in j.get('messages', []):
    b = m.get('message', {}).get('body', {})
    if m.get('type') == '$kind' or b.get('kind') == '$kind':
        print(json.dumps(m)); break
")
        [ -n "$hit" ] && break
        sleep 0.1
    done
    J=$hit
    if [ -z "$hit" ]; then
        fail 'MISSING: no $kind in the inbox of $who'
        return 1
    fi
    # the message as its reader sees it: regie inbox --id, its text
    [ "$QUIET" = 1 ] || printf '   %s[%s]%s %s\n' "$G" "$who" "$R" \
        "$("$REGIE" inbox -d "$NET/$who" --id "$(field 'j["id"]')" | sed '1,/^$/d' | tr '\n' ' ')"
}

clock () {  # clock DAYS: move the whole network DAYS on
    echo $(( $1 * DAY )) >"$NET/hub/clock"
    sleep 2.5   # the hub's timers look every second of its time
}

# ---- the network ---------------------------------------------------------
say "Setting up a network in \$NET"
"$HUB" init "$NET/hub" --endpoint "tcp://127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')" >/dev/null || exit 1
EP=$(sed -n 's/^    endpoint = "\(tcp:[^"]*\)".*/\1/p' "$NET/hub/hub.conf")
python3 "$TOP/tools/demo-hub-conf.py" "$NET/hub/hub.conf" || exit 1
echo 0 >"$NET/hub/clock"
"$REGIE" network-key "$NET/network.key" >/dev/null
note "The hub: \$EP (CURVE), its store and certificates in \$NET/hub"

DEMO_PASSWORD="demo-wachtwoord"
WEB_LINES=""
demo_role () {  # the web role that fits a partner's roles
    case "$1" in
        *intake*) echo intake ;; *regie*) echo casemanager ;; *escalation*) echo teamleider ;;
        *) echo melder ;;
    esac
}
agent () {  # agent ID NAME KIND ROLES [TEAM]
    team=""
    [ -n "${5:-}" ] && team="--team $5"
    # shellcheck disable=SC2086
    "$REGIE" init "$NET/$1" --hub "$EP" --hub-cert "$NET/hub/hub.cert" --network-key "$NET/network.key" \
        --id "$1" --name "$2" --kind "$3" --roles "$4" --contact "030-$(printf '%07d' $$)" $team >/dev/null || exit 1
    sed -i "s|^#   clock_file = \"clock\"|    clock_file = \"$NET/hub/clock\"|; s|^#   reconnect_ivl_max = 30000|    reconnect_ivl_max = 1000|" "$NET/$1/agent.conf"
    if [ "$KEEP" = 1 ]; then     # a web view to click through, with a demo user
        wp=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        sed -i "s|^#   listen = \"127.0.0.1:8470\"|    listen = \"127.0.0.1:$wp\"|" "$NET/$1/agent.conf"
        printf '%s\n' "$DEMO_PASSWORD" | "$REGIE" user add -d "$NET/$1" demo --role "$(demo_role "$4")" >/dev/null || exit 1
        WEB_LINES="${WEB_LINES}  web: http://127.0.0.1:$wp/  $(printf '%-16s' "$1") $(eval_gettext 'user demo, password $DEMO_PASSWORD')
"
    fi
    fp=$("$HUB" partner add -c "$NET/hub/hub.conf" "$NET/$1/identity.cert" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["fingerprint"])')
    show "$(printf '%-16s %-34s %-28s %s' "$1" "$2" "$4" "$fp")"
}
say "Partners: each has its own keys; the hub admits their certificates (fingerprint shown)"
agent woonbron     "Woonbron (woningcorporatie)" woningcorporatie signal,refer
agent school-noord "SMW Noord (school)"          school           signal,refer
agent politie-west "Wijkagent West (politie)"    politie          signal,refer
agent ggd-jeugd    "Jeugdarts GGD"               ggd              signal,refer
agent ggz          "GGZ Centraal"                ggz              signal
agent kredietbank  "Kredietbank"                 kredietbank      signal
agent acm-intake   "ACM intake"                  regieteam        intake        acm
agent cm-anna      "Anna (casemanager ACM)"      regieteam        regie         acm
agent cm-bram      "Bram (casemanager ACM)"      regieteam        regie         acm
agent acm-leiding  "ACM teamleider"              regieteam        escalation    acm
agent wijkteam-intake "Wijkteam intake"          regieteam        intake        wijkteam
agent cm-wim       "Wim (wijkteam)"              regieteam        regie         wijkteam

"$HUB" run -c "$NET/hub/hub.conf" >>"$NET/hub.log" 2>&1 &
PIDS="$PIDS $!"
for a in woonbron school-noord politie-west ggd-jeugd ggz kredietbank acm-intake cm-anna cm-bram acm-leiding wijkteam-intake cm-wim; do
    "$REGIE" run -d "$NET/$a" >>"$NET/$a.log" 2>&1 &
    PIDS="$PIDS $!"
done
for _ in $(seq 1 100); do "$HUB" status -c "$NET/hub/hub.conf" >/dev/null 2>&1 && break; sleep 0.05; done
for a in woonbron school-noord politie-west ggd-jeugd ggz kredietbank acm-intake cm-anna cm-bram acm-leiding wijkteam-intake cm-wim; do
    for _ in $(seq 1 100); do [ -S "$NET/$a/agent.sock" ] && break; sleep 0.05; done
done
note "regiehub and 12 regie daemons are running on 127.0.0.1"

# The household: a mother (BSN 111222333) and a son (BSN 123456782) at
# 3511AB 12. BSNs and the address never leave the agents: only keyed hashes.
MOTHER="--bsn 111222333"
SON="--bsn 123456782"
ADDRESS="--postcode 3511AB --number 12"

# ---- signals and a match ---------------------------------------------------
say "1. Woonbron signals rent arrears and an eviction notice"
run woonbron 0 signal $ADDRESS $MOTHER --leefgebied huisvesting --severity ernstig \
    --ground financiele_problemen --kind ontruimingsdreiging --informed yes \
    --text "Vier maanden huurachterstand; ontruimingsvonnis aangevraagd." --contact "Woonbron, Petra, 010-4400000"
note "The hub knows no regisseur for this household: the signal goes to the intake of the default team."
sent woonbron
SEQ1=$(field 'j["hub_seq"]')
inbox acm-intake signal
run woonbron 0 receipt "$SEQ1"
json woonbron receipt "$SEQ1"
[ "$(field 'j["check"]')" = valid ] || fail 'UNEXPECTED: the receipt of the signal does not hold'

note "Woonbron keeps the hub's signed receipt: proof, checked against the hub's certificate, that the hub took it."

say "2. The school signals the son's absence"
run school-noord 0 signal $SON $ADDRESS --leefgebied opleiding --severity zorg --ground schoolverzuim \
    --kind schoolverzuim --informed yes --text "Sinds oktober 40% verzuim." --contact "SMW Noord, Karin, 030-2200000"
inbox school-noord match
note "Two partners are concerned about one household: a match. Each learns who else and whom to call - never the other's text."

say "3. The police report a domestic disturbance"
run politie-west 0 signal $ADDRESS --leefgebied gezin --severity ernstig --ground geweld \
    --kind huiselijke_onrust --informed no --not-informed-reason "Melding kan onrust vergroten" \
    --text "Melding burenruzie, harde ruzie in de woning." --contact "Wijkagent West, 0900-8844"
inbox acm-intake match_seen
MATCH=$(field 'json.loads(json.dumps(j))["message"]["body"]["object"]')
run woonbron 0 confirm-match --match "$MATCH" --outcome contact_gelegd --note "Gebeld met school en wijkagent"

# ---- referral and intake ---------------------------------------------------
say "4. The school refers the household to team ACM, with the jeugdarts as introducing partner"
run school-noord 0 refer $MOTHER $ADDRESS --team acm --introducer ggd-jeugd --leefgebied gezin \
    --reason "Meervoudige problematiek: schulden, ontruiming, verzuim, onrust. Niemand heeft regie." \
    --contact "SMW Noord, Karin, 030-2200000"
sent school-noord
REFERRAL=$(field 'j["id"]')
inbox acm-intake referral

say "5. Intake runs the regiecheck, then accepts: Anna holds regie"
run acm-intake 0 regiecheck $MOTHER
run acm-intake 0 label "Fam. de Vries" $MOTHER
run acm-intake 0 accept --label "Fam. de Vries" --casemanager cm-anna --referral "$REFERRAL"
inbox cm-anna notice
inbox ggd-jeugd notice
note "The introducing partner's continuity commitment is recorded as an agreement, due in about six months."

say "6. The wijkteam, unaware, also tries to take the household: refused, with the name of team ACM"
run wijkteam-intake 3 accept $MOTHER --casemanager cm-wim
note "Two teams never hold one household - the check runs in the same transaction as the claim."

say "7. A partner without any relation asks: it learns exactly what it would for an unknown household"
run ggz 0 regiecheck $MOTHER

# ---- consent, phases --------------------------------------------------------
say "8. Anna records the household's consent for the partners who will work with her"
run cm-anna 0 label "Fam. de Vries" $MOTHER
TODAY=$(date +%Y-%m-%d)
UNTIL=$(date -d '+2 years' +%Y-%m-%d)
for p in kredietbank woonbron school-noord; do
    run cm-anna 0 consent --label "Fam. de Vries" --partner $p --basis toestemming --from "$TODAY" --until "$UNTIL"
done

say "9. Anna moves the household through the phases"
for phase in contact plan uitvoering afsluiting coordinatie; do
    run cm-anna 0 phase --label "Fam. de Vries" --phase $phase
done

# ---- one household known twice ------------------------------------------------
say "10. GGZ signals about the daughter by her BSN alone: the hub cannot know she lives here"
DAUGHTER="--bsn 234567806"
run ggz 0 signal $DAUGHTER --leefgebied gezondheid --severity zorg --ground psychische_problemen \
    --informed yes --text "Somberheid, haakt af bij behandeling." --contact "GGZ Centraal, Mo, 030-8800000"
note "To the hub she is a household of its own, without regie: the signal goes to the intake."
run cm-anna 0 link-member --label "Fam. de Vries" --member-bsn 234567806
note "Anna links the daughter: the hub joins the two households. GGZ's signal is this household's now."
inbox cm-anna joined
inbox acm-intake routed
run ggz 0 regiecheck $DAUGHTER
json ggz regiecheck $DAUGHTER
[ "$(field 'j["answer"]["body"].get("team")')" = acm ] ||
    fail 'UNEXPECTED: the regiecheck about the daughter does not name team ACM'

note "A regiecheck about the daughter names Anna: one household, one regisseur."

# ---- the first coordination round -------------------------------------------
say "11. The first coordination round, with agreements"
AT=$(date -d '+1 day' +%Y-%m-%dT14:00)
run cm-anna 0 round --label "Fam. de Vries" --at "$AT" --invited kredietbank,woonbron,school-noord --place "Wijkcentrum Noord"
sent cm-anna
ROUND=$(field 'j["id"]')
inbox kredietbank invitation
DUE_K=$(date -d '+30 days' +%Y-%m-%d); DUE_W=$(date -d '+20 days' +%Y-%m-%d); DUE_S=$(date -d '+40 days' +%Y-%m-%d)
run cm-anna 0 agreement --label "Fam. de Vries" --owner kredietbank --leefgebied financien \
    --action "Intake schuldhulpverlening en budgetbeheer starten" --due "$DUE_K" --round "$ROUND"
sent cm-anna
AG_K=$(field 'j["id"]')
run cm-anna 0 agreement --label "Fam. de Vries" --owner woonbron --leefgebied huisvesting \
    --action "Betalingsregeling treffen; ontruiming aanhouden zolang die loopt" --due "$DUE_W" --round "$ROUND"
sent cm-anna
AG_W=$(field 'j["id"]')
run cm-anna 0 agreement --label "Fam. de Vries" --owner school-noord --leefgebied opleiding \
    --action "Verzuimgesprek met leerplicht en moeder; begeleiding op school" --due "$DUE_S" --round "$ROUND"
sent cm-anna
AG_S=$(field 'j["id"]')
say "12. Each owner accepts its agreement with its own signature"
run kredietbank 0 accept-agreement --agreement "$AG_K"
run woonbron 0 accept-agreement --agreement "$AG_W"
run school-noord 0 accept-agreement --agreement "$AG_S"
run school-noord 3 accept-agreement --agreement "$AG_K"
note "Only the owner can accept: the school's attempt on the Kredietbank's agreement is refused."
run kredietbank 0 progress --round "$ROUND" --agreement "$AG_K" --status on_track --note "Intake gepland"
run cm-anna 0 round-held --round "$ROUND" --present kredietbank,woonbron,school-noord
inbox cm-anna minutes
say "13. The minutes, from what was recorded"
if [ "$QUIET" = 0 ]; then
    "$REGIE" minutes -d "$NET/cm-anna" --round "$ROUND" | sed 's/^/     /'
fi

# ---- time moves on ----------------------------------------------------------
say "14. Day 14: the Kredietbank is done; Woonbron gets its reminder a week before its due date"
clock 14
run kredietbank 0 agreement-done --agreement "$AG_K" --note "Budgetbeheer loopt"
inbox woonbron agreement_reminder
say "15. Day 21: Woonbron's agreement is overdue - owner and Anna are told"
clock 21
inbox woonbron agreement_overdue
inbox cm-anna agreement_overdue
say "16. The school reports that help does not get going: it reaches Anna at once"
run school-noord 0 agreement-stagnated --agreement "$AG_S" --note "Moeder komt niet op afspraken"
inbox cm-anna stagnation
say "17. Matches nobody confirmed were reminded, then escalated to the team leader (doorzettingsmacht)"
inbox acm-leiding escalation
ESC=$(field 'j["message"]["body"]["object"]')
run acm-leiding 0 resolve-escalation --escalation "$ESC" --note "School en wijkagent gebeld; contact gelegd"

# ---- proof and figures --------------------------------------------------------
say "18. The audit log: every change and every look-up, hash-chained"
if [ "$QUIET" = 0 ]; then "$HUB" audit verify -c "$NET/hub/hub.conf" | sed 's/^/     /'; fi
"$HUB" audit verify -c "$NET/hub/hub.conf" >/dev/null || fail 'UNEXPECTED: the audit log does not verify'

say "19. The figures (aggregates only, no personal data)"
if [ "$QUIET" = 0 ]; then "$HUB" report -c "$NET/hub/hub.conf" | sed 's/^/     /'; fi
"$HUB" report -c "$NET/hub/hub.conf" --json >"$NET/report.json" || FAILED=$((FAILED + 1))

echo
if [ "$FAILED" -eq 0 ]; then
    echo "${G}$(eval_gettext 'The story played through: every step did what it should.')${R}"
else
    echo "${X}$(eval_gettext '$FAILED step(s) did not do what the story says.')${R}"
fi
if [ "$KEEP" = 1 ]; then
    printf '\n%s\n' "$(eval_gettext 'The network is still running in $NET. Try:')"
    cat <<EOF
  $REGIE inbox -d $NET/cm-anna --all
  $REGIE show -d $NET/cm-anna --label "Fam. de Vries"
  $REGIE regiecheck -d $NET/ggz --bsn 111222333
  $HUB status -c $NET/hub/hub.conf
  $HUB access-report -c $NET/hub/hub.conf --ref \$($REGIE label -d $NET/cm-anna --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["labels"][0]["ref"])')
  echo \$((60*86400000)) > $NET/hub/clock    # move the network 60 days on
EOF
    printf '%s\n%s\n' "$(eval_gettext "Each partner's web view (Postvak), in the browser:")" "$WEB_LINES"
    printf '%s\n  kill %s\n' "$(eval_gettext 'Logs: $NET/*.log. Stop everything with:')" "$PIDS"
    exit "$([ "$FAILED" -eq 0 ] && echo 0 || echo 1)"
fi
cleanup
[ -n "${KEEP_DIR:-}" ] || rm -rf "$NET"
[ "$FAILED" -eq 0 ]
