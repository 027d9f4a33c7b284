#!/bin/sh
# web_view.sh - the web view of `regie run` (issue 20's foundation) through
# the real programs: a hub and two agents on 127.0.0.1, people added with
# `regie user`, the security points spoken in plain HTTP (tests/web/
# security.py), and the pages in headless Chromium with axe-core on every
# page (tests/web/browser.py; screenshots in build/web-tests/screenshots).
. "$(dirname "$0")/agent_lib.sh"
t_setup
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
WEBT="$TOP/${BUILD:-build}/web-tests"

# the test setup installs what the browser checks need
sh "$TOP/tools/deps.sh" chromium chromium-driver python3-selenium >/dev/null \
    || t_fail setup "chromium, chromium-driver, python3-selenium"
command -v npm >/dev/null 2>&1 || sh "$TOP/tools/deps.sh" npm >/dev/null \
    || t_fail setup "npm"
if [ ! -f "$WEBT/node_modules/axe-core/axe.min.js" ]; then
    mkdir -p "$WEBT"
    npm install --prefix "$WEBT" axe-core --no-audit --no-fund >"$T_DIR/npm.log" 2>&1 \
        || { t_fail setup "npm install axe-core: $(tail -3 "$T_DIR/npm.log")"; t_end; exit 1; }
fi

# outbox_total NAME: every message the agent sent (receipted or not).
outbox_total () {
    "$REGIE" outbox -d "$T_DIR/$1" --json | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["messages"]))'
}

# web_on NAME: the agent's web view on a free port of 127.0.0.1; sets WEB_PORT.
web_on () {
    WEB_PORT=$(free_port)
    sed -i "s|^#   listen = \"127.0.0.1:8470\"|    listen = \"127.0.0.1:$WEB_PORT\"|" "$T_DIR/$1/agent.conf"
}

hub_init "$T_DIR/hub" && hub_start || { t_fail setup "hub"; t_end; exit 1; }
agent_new acm-intake regieteam intake acm && agent_new woonbron woningcorporatie signal,refer \
    && agent_new school school signal,refer \
    || { t_fail setup "agents"; t_end; exit 1; }

# ---- where it listens ---------------------------------------------------------
sed -i "s|^#   listen = \"127.0.0.1:8470\"|    listen = \"0.0.0.0:$(free_port)\"|" "$T_DIR/acm-intake/agent.conf"
r run -d "$T_DIR/acm-intake"
if [ "$RC" = 2 ] && printf '%s' "$ERR" | grep -q "geen loopbackadres" \
   && printf '%s' "$ERR" | grep -q "web/cert"; then t_ok "beyond loopback without TLS the daemon refuses to start, saying why in Dutch"
else t_fail "non-loopback refused" "exit $RC: $ERR"; fi
sed -i "s|^    listen = \"0.0.0.0:[0-9]*\"|#   listen = \"127.0.0.1:8470\"|" "$T_DIR/acm-intake/agent.conf"
sed -i "s|^#   listen = \"127.0.0.1:8470\"|    listen = \"127.0.0.1:99999\"|" "$T_DIR/acm-intake/agent.conf"
r run -d "$T_DIR/acm-intake"
if [ "$RC" = 2 ] && printf '%s' "$ERR" | grep -q "web/listen"; then t_ok "a bad web/listen is refused at start"
else t_fail "bad web/listen" "exit $RC: $ERR"; fi
sed -i "s|^    listen = \"127.0.0.1:99999\"|#   listen = \"127.0.0.1:8470\"|" "$T_DIR/acm-intake/agent.conf"
web_on acm-intake; NL_PORT=$WEB_PORT
web_on woonbron; EN_PORT=$WEB_PORT
web_on school; SCHOOL_PORT=$WEB_PORT
sed -i 's|language = "nl"|language = "en"|' "$T_DIR/woonbron/agent.conf"

# ---- people ------------------------------------------------------------------------
D="$T_DIR/acm-intake"
user_add () { OUT=$(printf '%s\n' "$3" | "$REGIE" user add -d "$D" "$1" --role "$2" 2>"$T_DIR/stderr"); RC=$?; ERR=$(cat "$T_DIR/stderr"); }
user_add anna intake anna-wachtwoord-1; t_rc "regie user add takes the password from standard input" 0
user_add bram casemanager bram-wachtwoord-1 && user_add cora teamleider cora-wachtwoord-1
user_add anna intake ander-wachtwoord-1; t_rc "a user added twice is refused" 2
user_add dirk directeur dirk-wachtwoord-1; t_rc "a role outside the five is refused" 2
user_add dirk melder kort; t_rc "a short password is refused" 2
user_add 'Dirk<' melder dirk-wachtwoord-1; t_rc "a name with other characters is refused" 2
r user list -d "$D" --json; t_rc "regie user list" 0
if [ "$(jget "','.join(u['name']+':'+u['role'] for u in j['users'])")" = "anna:intake,bram:casemanager,cora:teamleider" ]
then t_ok "the list holds each person once with her role"
else t_fail "user list" "$OUT"; fi
if [ "$(cat "$D/agent.db" "$D/agent.db-wal" 2>/dev/null | grep -ac '\$argon2id\$v=19\$')" -ge 1 ]
then t_ok "the password is kept as an Argon2id hash"
else t_fail "argon2id" "no \$argon2id\$ in agent.db"; fi
if ! grep -rq "anna-wachtwoord-1" "$D/agent.db" "$D/agent.db-wal" 2>/dev/null; then t_ok "the password itself is nowhere in agent.db"
else t_fail "password in clear" "found"; fi
printf 'nieuw-wachtwoord-2\n' | "$REGIE" user passwd -d "$D" cora >/dev/null; RC=$?
t_rc "regie user passwd" 0
printf 'cora-wachtwoord-1\n' | "$REGIE" user passwd -d "$D" cora >/dev/null
printf 'x-wachtwoord-12\n' | "$REGIE" user passwd -d "$D" niemand >/dev/null 2>&1; RC=$?
t_rc "passwd for nobody says nothing was found" 4
r user remove -d "$D" niemand; t_rc "remove of nobody says nothing was found" 4
printf 'en-wachtwoord-1\n' | "$REGIE" user add -d "$T_DIR/woonbron" erik --role melder >/dev/null
printf 'sanne-wachtwoord-1\n' | "$REGIE" user add -d "$T_DIR/school" sanne --role melder >/dev/null

# ---- the network, and signals for the Postvak ----------------------------------------------
agent_start acm-intake && agent_start woonbron && agent_start school && agent_connected woonbron \
    && agent_connected school \
    || { t_fail setup "agents start"; t_end; exit 1; }
if grep -q "web view at http://127.0.0.1:$NL_PORT/" "$T_DIR/acm-intake.log"; then t_ok "the daemon logs where its web view is"
else t_fail "web url logged" "$(tail -3 "$T_DIR/acm-intake.log")"; fi
r signal -d "$T_DIR/woonbron" --bsn 111222333 --leefgebied gezin --severity acuut \
    --ground geweld --informed no --not-informed-reason "gevaar voor de kinderen" \
    --text 'Buren horen geschreeuw <script>alert(1)</script>' --contact "Woonbron, 010-4400000" --json
t_rc "an acute signal from another partner" 0
r signal -d "$T_DIR/woonbron" --bsn 123456782 --leefgebied huisvesting --severity zorg \
    --ground financiele_problemen --informed yes --text "Twee maanden huurachterstand" \
    --contact "Woonbron, 010-4400000" --json
t_rc "a concern about another household" 0
wait_for 10 sh -c "[ \$(\"$REGIE\" status -d \"$D\" --json | $PY -c 'import json,sys; print(json.load(sys.stdin)[\"inbox\"][\"total\"])') -ge 2 ]" \
    || t_fail "signals arrive" "inbox of acm-intake"

# ---- security without the browser ---------------------------------------------------------
"$PY" "$TOP/tests/web/security.py" "http://127.0.0.1:$NL_PORT/" anna anna-wachtwoord-1 "$REGIE" "$D" \
    >"$T_DIR/security.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "ok "*) t_ok "${line#ok }" ;;
        "FAIL "*) t_fail "${line#FAIL }" "" ;;
    esac
done <"$T_DIR/security.out"
grep -q "^security: 0 failed" "$T_DIR/security.out" || t_fail "security.py ran to its end" "$(tail -5 "$T_DIR/security.out")"

# ---- the browser ----------------------------------------------------------------------------
rm -rf "$WEBT/screenshots"
"$PY" "$TOP/tests/web/browser.py" "http://127.0.0.1:$NL_PORT/" "http://127.0.0.1:$EN_PORT/" \
    "$WEBT/node_modules/axe-core/axe.min.js" "$WEBT/screenshots" "http://127.0.0.1:$SCHOOL_PORT/" \
    >"$T_DIR/browser.out" 2>&1
while IFS= read -r line; do
    case "$line" in
        "ok "*) t_ok "${line#ok }" ;;
        "FAIL "*) t_fail "${line#FAIL }" "" ;;
    esac
done <"$T_DIR/browser.out"
grep -q "^browser: 0 failed" "$T_DIR/browser.out" || t_fail "browser.py ran to its end" "$(grep -E "^stopped at|Exception" "$T_DIR/browser.out" | tail -3)"

# ---- what the form sent ---------------------------------------------------------------------
[ "$(outbox_total school)" = 1 ] && t_ok "the refused forms sent nothing: one signal in the school's outbox" \
    || t_fail "form sent nothing while wrong" "outbox: $(outbox_total school)"
wait_for 10 sh -c "\"$REGIE\" inbox -d \"$D\" --all --json | grep -q 'Al drie weken afwezig'" \
    && t_ok "the signal from the form reached the intake" || t_fail "form signal delivered" ""
grep -q "regie: web: sanne sends a signal (ernstig)" "$T_DIR/school.log" \
    && t_ok "the agent's log names who raised the signal" || t_fail "log names sender" "$(grep 'web:' "$T_DIR/school.log" | tail -3)"

# ---- TLS -------------------------------------------------------------------------------------
# woonbron again, with a self-signed certificate: https, and the cookie Secure
agent_stop woonbron
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -keyout "$T_DIR/woonbron/web.key" -out "$T_DIR/woonbron/web.crt" >/dev/null 2>&1
chmod 644 "$T_DIR/woonbron/web.key"
sed -i 's|^#   cert = "web.crt"|    cert = "web.crt"|; s|^#   key = "web.key"|    key = "web.key"|' \
    "$T_DIR/woonbron/agent.conf"
r run -d "$T_DIR/woonbron"
if [ "$RC" = 2 ] && printf '%s' "$ERR" | grep -q "chmod 600"; then t_ok "a TLS key others can read is refused"
else t_fail "TLS key mode" "exit $RC: $ERR"; fi
chmod 600 "$T_DIR/woonbron/web.key"
agent_start woonbron || t_fail "agent with TLS starts" "$(tail -3 "$T_DIR/woonbron.log")"
if grep -q "web view at https://127.0.0.1:$EN_PORT/" "$T_DIR/woonbron.log"; then t_ok "with cert and key the web view speaks https"
else t_fail "https url" "$(grep 'web view' "$T_DIR/woonbron.log")"; fi
"$PY" - "$EN_PORT" "$T_DIR/woonbron/web.crt" >"$T_DIR/tls.out" 2>&1 <<'PY'
import http.client, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.check_hostname = False
c = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=30)
c.request("GET", "/login")
r = c.getresponse()
r.read()
cookie = r.headers.get("Set-Cookie", "")
print("status", r.status)
print("secure", "; Secure" in cookie)
print("hsts", bool(r.headers.get("Strict-Transport-Security")))
PY
if grep -q "^status 200" "$T_DIR/tls.out" && grep -q "^secure True" "$T_DIR/tls.out" \
   && grep -q "^hsts True" "$T_DIR/tls.out"; then t_ok "over TLS the cookies are Secure and HSTS is sent"
else t_fail "TLS cookies" "$(cat "$T_DIR/tls.out")"; fi
if ! "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$EN_PORT/login', timeout=10)" 2>/dev/null
then t_ok "plain http is not answered with a page on a TLS port"
else t_fail "plain http on TLS port" "answered"; fi

# ---- what the agent's log says people did ---------------------------------------------------
grep -q "regie: web: anna (intake) logged in from 127.0.0.1" "$T_DIR/acm-intake.log" \
    && grep -q "regie: web: anna read message" "$T_DIR/acm-intake.log" \
    && grep -q "regie: web: anna logged out" "$T_DIR/acm-intake.log" \
    && grep -q "regie: web: bram locked after 5 failed logins" "$T_DIR/acm-intake.log" \
    && t_ok "the agent's log names the person for each login, read and logout, and the lock" \
    || t_fail "log names people" "$(grep 'web:' "$T_DIR/acm-intake.log" | tail -5)"
r user list -d "$D" --json
[ "$(jget "[u['locked'] for u in j['users'] if u['name']=='bram'][0]")" = "True" ] \
    && t_ok "regie user list shows the lock" || t_fail "lock in list" "$OUT"
printf 'bram-wachtwoord-2\n' | "$REGIE" user passwd -d "$D" bram >/dev/null
r user list -d "$D" --json
[ "$(jget "[u['locked'] for u in j['users'] if u['name']=='bram'][0]")" = "False" ] \
    && t_ok "regie user passwd lifts the lock" || t_fail "passwd unlocks" "$OUT"
t_end
