#!/bin/sh
# web_household.sh - Mijn huishoudens and Huishouden (issue 20) through the
# real programs: a hub and three agents on 127.0.0.1. Woonbron raises
# signals (one with <script> in its text); the team's intake accepts one
# household naming itself casemanager and another naming cm-bram; the team
# agent plans a round and an agreement that runs late. Then headless
# Chromium (tests/web/household.py) logs in as the casemanager anna, a
# melder of the same agent and bram (English), with axe-core on every page;
# screenshots in build/web-tests/household-screenshots.
. "$(dirname "$0")/agent_lib.sh"
t_setup
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
WEBT="$TOP/${BUILD:-build}/web-tests"
DAY=86400000

sh "$TOP/tools/deps.sh" chromium chromium-driver python3-selenium >/dev/null \
    || t_fail setup "chromium, chromium-driver, python3-selenium"
command -v npm >/dev/null 2>&1 || sh "$TOP/tools/deps.sh" npm >/dev/null \
    || t_fail setup "npm"
if [ ! -f "$WEBT/node_modules/axe-core/axe.min.js" ]; then
    mkdir -p "$WEBT"
    npm install --prefix "$WEBT" axe-core --no-audit --no-fund >"$T_DIR/npm.log" 2>&1 \
        || { t_fail setup "npm install axe-core: $(tail -3 "$T_DIR/npm.log")"; t_end; exit 1; }
fi

web_on () {
    WEB_PORT=$(free_port)
    sed -i "s|^#   listen = \"127.0.0.1:8470\"|    listen = \"127.0.0.1:$WEB_PORT\"|" "$T_DIR/$1/agent.conf"
}
day () { $PY -c "import time; print(time.strftime('%Y-%m-%d', time.localtime(time.time() + $1 * 86400)))"; }

echo 0 >"$HUB_DIR/clock" 2>/dev/null
hub_init "$T_DIR/hub" && hub_start || { t_fail setup "hub"; t_end; exit 1; }
echo 0 >"$HUB_DIR/clock"
agent_new acm-intake regieteam intake,regie acm && agent_new cm-bram regieteam regie acm \
    && agent_new woonbron woningcorporatie signal,refer \
    || { t_fail setup "agents"; t_end; exit 1; }
web_on acm-intake; ACM_PORT=$WEB_PORT
web_on cm-bram; BRAM_PORT=$WEB_PORT
sed -i 's|language = "nl"|language = "en"|' "$T_DIR/cm-bram/agent.conf"
D="$T_DIR/acm-intake"
for u in "anna casemanager anna-wachtwoord-1" "mel melder mel-wachtwoord-12" "ina intake ina-wachtwoord-12"; do
    set -- $u
    printf '%s\n' "$3" | "$REGIE" user add -d "$D" "$1" --role "$2" >/dev/null || t_fail setup "user $1"
done
printf 'bram-wachtwoord-1\n' | "$REGIE" user add -d "$T_DIR/cm-bram" bram --role casemanager >/dev/null
agent_start acm-intake && agent_start cm-bram && agent_start woonbron && agent_connected woonbron \
    && agent_connected acm-intake && agent_connected cm-bram \
    || { t_fail setup "agents start"; t_end; exit 1; }

# ---- the story: signals, intake accepts ---------------------------------------------
r signal -d "$T_DIR/woonbron" --bsn 111222333 --leefgebied huisvesting --severity ernstig \
    --ground financiele_problemen --informed yes --text "Vier maanden huurachterstand" \
    --contact "Woonbron, 010-4400000" --json
t_rc "a signal about household A reaches the intake" 0
r signal -d "$T_DIR/woonbron" --bsn 111222333 --leefgebied gezin --severity acuut \
    --ground geweld --informed no --not-informed-reason "gevaar voor de kinderen" \
    --text 'Buren horen geschreeuw <script>alert(1)</script>' --contact "Woonbron, 010-4400000" --json
t_rc "an acute signal with <script> in its text" 0
r accept -d "$D" --bsn 111222333 --casemanager acm-intake --json
t_rc "intake accepts household A, naming its own team agent casemanager" 0
r accept -d "$D" --bsn 123456782 --casemanager cm-bram --json
t_rc "intake accepts household B for cm-bram" 0
wait_for 10 sh -c "\"$REGIE\" inbox -d \"$T_DIR/cm-bram\" --all --json | grep -q regie_assigned" \
    || t_fail "cm-bram told it holds regie" ""
r signal -d "$T_DIR/woonbron" --bsn 123456782 --leefgebied financien --severity zorg \
    --ground financiele_problemen --informed yes --text "Energierekening onbetaald" \
    --contact "Woonbron, 010-4400000" --json
t_rc "a signal about household B, after the claim, reaches cm-bram" 0
r consent -d "$D" --bsn 111222333 --partner woonbron --basis toestemming --from "$(day -1)" \
    --until "$(day 300)" --json
t_rc "consent for woonbron about A" 0
r round -d "$D" --bsn 111222333 --at "$(day 20)T14:00" --invited woonbron --place "Wijkcentrum" --json
t_rc "a round for A in twenty days" 0
r agreement -d "$D" --bsn 111222333 --owner woonbron --action "Betalingsregeling <b>opstellen</b>" \
    --leefgebied huisvesting --due "$(day 2)" --json
t_rc "an agreement for woonbron, due in two days" 0
AG=$(jget 'j["id"]')
# three days on, the hub marks it overdue and tells the regisseur
echo $((3 * DAY)) >"$HUB_DIR/clock"
wait_for 20 sh -c "\"$REGIE\" inbox -d \"$D\" --all --json | grep -q agreement_overdue" \
    && t_ok "the hub tells the team agent the agreement is overdue" \
    || t_fail "overdue notice" "$("$REGIE" inbox -d "$D" --all --json | head -c 400)"
wait_for 10 sh -c "\"$REGIE\" inbox -d \"$T_DIR/cm-bram\" --all --json | grep -q Energierekening" \
    || t_fail "signal B delivered" ""
wait_for 10 sh -c "[ \$(\"$REGIE\" inbox -d \"$D\" --all --json | grep -o '\"type\": \"signal\"' | wc -l) -ge 2 ]" \
    || t_fail "signals A delivered" ""
"$REGIE" label -d "$D" "Fam. Jansen" --bsn 123456782 >/dev/null \
    && t_ok "a label of another household (B, not held here) exists in the team agent" \
    || t_fail "label B" ""

# ---- the browser -------------------------------------------------------------------
rm -rf "$WEBT/household-screenshots"
"$PY" "$TOP/tests/web/household.py" "http://127.0.0.1:$ACM_PORT/" "http://127.0.0.1:$BRAM_PORT/" \
    "$WEBT/node_modules/axe-core/axe.min.js" "$WEBT/household-screenshots" >"$T_DIR/browser.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "ok "*) t_ok "${line#ok }" ;;
        "FAIL "*) t_fail "${line#FAIL }" "" ;;
    esac
done <"$T_DIR/browser.out"
grep -q "^household: 0 failed" "$T_DIR/browser.out" || t_fail "household.py ran to its end" "$(tail -8 "$T_DIR/browser.out")"

# ---- what the pages kept, and what they did not change ------------------------------------
r label -d "$D" --json
LABELS=$(jget "','.join(sorted(l['name'] for l in j['labels']))")
[ "$LABELS" = "Fam. Jansen,Fam. de Vries" ] \
    && t_ok "the label set in the page is kept in agent.db; refused forms changed nothing" \
    || t_fail "labels after the page" "$LABELS"
grep -q "regie: web: anna labelled household p" "$D.log" \
    && grep -q "regie: web: anna opened household p" "$D.log" \
    && grep -q "regie: web: mel (melder) may not see households" "$D.log" \
    && t_ok "the agent's log names who opened, labelled or was refused a household" \
    || t_fail "log names people" "$(grep 'web:' "$D.log" | tail -5)"
[ "$("$REGIE" outbox -d "$D" --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["messages"]))')" = 5 ] \
    && t_ok "the pages sent nothing to the hub (five messages in the outbox, all from the command line)" \
    || t_fail "outbox after the pages" "$("$REGIE" outbox -d "$D" --json | head -c 300)"
t_end
