#!/bin/sh
# What regiehub prints for people: Dutch by default, English with --lang en,
# LANGUAGE=en or language = "en" in hub.conf; --lang of anything else is
# refused. The help, status, the report and the access report carry the
# same facts in both languages (numbers, partners by name, dates in the
# reader's form); --json and --csv do not change with the language; errors
# name what the user typed - through the real programs.
. "$(dirname "$0")/agent_lib.sh"
t_setup
hub_init "$T_DIR/hub"
agent_new politie-west politie signal,refer
agent_new acm-intake regieteam intake,signal acm
# a second configuration of the same hub, in English
sed 's/^    language = "nl"/    language = "en"/' "$HUB_CONF" >"$HUB_DIR/hub-en.conf"
EN_CONF="$HUB_DIR/hub-en.conf"
t_expect "the English configuration says so" '^    language = "en"' "$(cat "$EN_CONF")"

# t_rc2 NAME WANT: the last command's exit code ($rc) is WANT.
t_rc2 () { t_equal "$1 (exit $2)" "$2" "$rc"; }

# ---- the help ----------------------------------------------------------------
out=$("$HUB" --help); rc=$?
t_rc2 "regiehub --help" 0
t_expect "the usage is Dutch by default" "^Gebruik: regiehub OPDRACHT \\[opties\\]" "$out"
t_expect "... its commands as typed, with Dutch placeholders" "^  backup BESTAND +kopieer de opslag" "$out"
t_expect "... and the options every command takes" "^      --lang nl\\|en +de taal waarin regiehub schrijft" "$out"
t_expect "--lang en: English" "^Usage: regiehub COMMAND \\[options\\]" "$("$HUB" --help --lang en)"
t_expect "--lang=en: English" "^  backup FILE +copy the store" "$("$HUB" --lang=en --help)"
t_expect "LANGUAGE=en: English" "^Usage: regiehub COMMAND" "$(LANGUAGE=en "$HUB" --help)"
t_expect "language = \"en\" in hub.conf: English" "^Usage: regiehub COMMAND" "$("$HUB" --help -c "$EN_CONF")"
t_expect "REGIEHUB_CONFIG naming it: English" "^Usage: regiehub COMMAND" "$(REGIEHUB_CONFIG="$EN_CONF" "$HUB" --help)"
t_expect "--lang nl beats the configuration" "^Gebruik: regiehub OPDRACHT" "$("$HUB" --help -c "$EN_CONF" --lang nl)"
out=$("$HUB" --help --lang xx 2>&1); rc=$?
t_rc2 "--lang xx is refused" 2
t_expect "... saying what --lang takes, in Dutch" "^regiehub: geef --lang één keer, met nl of en$" "$out"
out=$("$HUB" status --lang de -c "$EN_CONF" 2>&1); rc=$?
t_rc2 "--lang de is refused" 2
t_expect "... in the configuration's language" "^regiehub: --lang takes nl or en, once$" "$out"
out=$("$HUB" status --lang nl --lang en 2>&1); rc=$?
t_rc2 "--lang twice is refused" 2
for c in init run partner status reload audit report access-report retention backup restore fingerprint; do
    out=$("$HUB" "$c" --help); rc=$?
    en=$("$HUB" "$c" --help --lang en)
    if [ $rc = 0 ] && printf '%s\n' "$out" | grep -q "^Gebruik: regiehub $c" \
        && printf '%s\n' "$en" | grep -q "^Usage: regiehub $c" \
        && printf '%s\n' "$out" | grep -q "^Opties voor elke opdracht:" \
        && [ "$(printf '%s\n' "$out" | sed -n 3p)" != "$(printf '%s\n' "$en" | sed -n 3p)" ]; then
        t_ok "regiehub $c --help: its own help, in Dutch and in English"
    else
        t_fail "regiehub $c --help: its own help, in Dutch and in English" "$(printf '%s' "$out" | head -c 300)"
    fi
done
t_expect "report --help names the Dutch date form" "07-12-2026" "$("$HUB" report --help)"
t_expect "partner --help lists its three forms" "^      of: regiehub partner list \\[opties\\]" "$("$HUB" partner --help)"

# ---- errors of every command family name what was typed ---------------------
# t_err NAME WANT-RC NL-PATTERN EN-PATTERN COMMAND...: Dutch by default, English
# with --lang en and with the English configuration (-c given last wins).
t_err () {
    name=$1; want=$2; nl=$3; en=$4; shift 4
    out=$("$HUB" "$@" 2>&1); rc=$?
    t_rc2 "$name" "$want"
    t_expect "$name: in Dutch" "$nl" "$out"
    t_expect "$name: --lang en" "$en" "$("$HUB" "$@" --lang en 2>&1)"
    t_expect "$name: language = \"en\"" "$en" "$("$HUB" "$@" -c "$EN_CONF" 2>&1)"
}
# --json is JSON, whatever a path holds
out=$("$HUB" init "$T_DIR/met \"aanhalingstekens\"" --json); rc=$?
t_rc2 "init into a directory whose name has a quote" 0
t_equal "... --json parses and names it" "$T_DIR/met \"aanhalingstekens\"/hub.conf" \
    "$(printf '%s' "$out" | json_get 'j["config"]')"
t_err "init without a directory" 2 "^regiehub init: noem één map" "^regiehub init: name one directory" \
    init -c "$HUB_CONF"
t_err "init --endpoint" 2 "^regiehub init: --endpoint moet tcp://HOST:POORT zijn" \
    "^regiehub init: --endpoint must be tcp://HOST:PORT" init "$T_DIR/new" --endpoint udp://x -c "$HUB_CONF"
t_err "an option that does not exist" 2 "^regiehub report: de optie --frm bestaat niet; zie \`regiehub report --help\`" \
    "^regiehub report: there is no option --frm; see" report --frm 2026 -c "$HUB_CONF"
out=$("$HUB" report -c "$HUB_CONF" --until 2>&1); rc=$?
t_rc2 "an option without its value" 2
t_expect "an option without its value: in Dutch" "^regiehub report: --until heeft een waarde nodig" "$out"
t_expect "an option without its value: language = \"en\"" "^regiehub report: --until needs a value" \
    "$("$HUB" report -c "$EN_CONF" --until 2>&1)"
t_err "an option of another command" 2 "^regiehub status: --csv is geen optie van deze opdracht; zie \`regiehub status --help\`" \
    "^regiehub status: --csv is not an option of this command; see" status --csv -c "$HUB_CONF"
t_err "another command's option with its value" 2 "^regiehub inspect: --from is geen optie van deze opdracht" \
    "^regiehub inspect: --from is not an option of this command" inspect --from 2026-01-01 --ref x -c "$HUB_CONF"
t_err "init does not take --dry-run" 2 "^regiehub init: --dry-run is geen optie van deze opdracht" \
    "^regiehub init: --dry-run is not an option" init "$T_DIR/nieuw" --dry-run -c "$HUB_CONF"
t_equal "... and creates nothing" "no" "$([ -e "$T_DIR/nieuw" ] && echo yes || echo no)"
t_expect "regiehub --version: release and protocol" "^regiehub [0-9]+\\.[0-9]+\\.[0-9]+ \\(protocolversie 2\\)$" \
    "$("$HUB" --version)"
t_expect "... in English" "^regiehub [0-9.]+ \\(protocol version 2\\)$" "$("$HUB" --version --lang en)"
t_expect "regie --version" "^regie [0-9]+\\.[0-9]+\\.[0-9]+ \\(protocolversie 2\\)$" "$("$REGIE" --version)"
t_expect "the usage names --version" "--version +de versie van het programma" "$("$HUB" --help)"
t_err "a short option that does not exist" 2 "^regiehub status: de optie -x bestaat niet" \
    "^regiehub status: there is no option -x" status -x -c "$HUB_CONF"
t_err "a command that does not exist" 2 "^regiehub: de opdracht \"raport\" bestaat niet" \
    "^regiehub: there is no command \"raport\"" raport -c "$HUB_CONF"
t_err "status without a hub" 3 "^regiehub status: de hub draait niet \\(geen antwoord op .*hub\\.ctl\\)" \
    "^regiehub status: the hub is not running \\(no answer on" status -c "$HUB_CONF"
t_err "reload without a hub" 3 "^regiehub reload: de hub draait niet" "^regiehub reload: the hub is not running" \
    reload -c "$HUB_CONF"
t_err "partner remove of a stranger" 2 "^regiehub partner remove: er is geen partner \"vreemde\" toegelaten" \
    "^regiehub partner remove: no partner \"vreemde\" is admitted" partner remove vreemde -c "$HUB_CONF"
t_err "partner without what to do" 2 "^regiehub partner: geef add CERT, remove ID of list" \
    "^regiehub partner: say add CERT, remove ID or list" partner -c "$HUB_CONF"
t_err "partner add of a missing file" 2 "^regiehub partner add: het certificaat is niet te lezen: .*geen.cert" \
    "^regiehub partner add: the certificate cannot be read: .*geen.cert" partner add "$T_DIR/geen.cert" -c "$HUB_CONF"
printf 'not a certificate\n' >"$T_DIR/kapot.cert"
t_err "partner add of a file that is no certificate" 2 \
    "^regiehub partner add: .*kapot\\.cert is geen geldig certificaatbestand \\(fout in de ZPL-opmaak\\)" \
    "^regiehub partner add: .*kapot\\.cert is not a valid certificate file \\(ZPL syntax error\\)" \
    partner add "$T_DIR/kapot.cert" -c "$HUB_CONF"
sed 's/^    name = .*/    name = ""/' "$T_DIR/politie-west/identity.cert" >"$T_DIR/naamloos.cert"
t_err "partner add of a certificate with an empty name" 2 "naamloos\\.cert: name is leeg" \
    "naamloos\\.cert: name is empty" partner add "$T_DIR/naamloos.cert" -c "$HUB_CONF"
FP=$("$HUB" fingerprint "$T_DIR/politie-west/identity.cert" --json | json_get 'j["fingerprint"]')
t_err "fingerprint without a file" 2 "^regiehub fingerprint: noem één certificaatbestand" \
    "^regiehub fingerprint: name one certificate file" fingerprint -c "$HUB_CONF"
t_expect "fingerprint of a certificate names the partner by name" "^politie-west \\(Test politie-west\\): $FP$" \
    "$("$HUB" fingerprint "$T_DIR/politie-west/identity.cert")"
out=$("$HUB" partner list -c "$HUB_CONF")
t_expect "partner list has a name column, in Dutch" "^PARTNER +NAAM +SOORT +ROLLEN +VINGERAFDRUK$" "$out"
t_expect "... and names each partner" "^politie-west +Test politie-west +politie " "$out"
t_expect "... in English" "^PARTNER +NAME +KIND +ROLES +FINGERPRINT$" "$("$HUB" partner list -c "$HUB_CONF" --lang en)"
t_err "audit without verify" 2 "^regiehub audit: de opdracht is \`regiehub audit verify\`" \
    "^regiehub audit: the command is \`regiehub audit verify\`" audit check -c "$HUB_CONF"
t_err "report --from that is no date" 2 "^regiehub report: --from \"32-12-2026\" is geen datum; schrijf hem als 07-12-2026 of 2026-12-07" \
    "^regiehub report: --from \"32-12-2026\" is not a date; write it as 07-12-2026 or 2026-12-07" \
    report --from 32-12-2026 -c "$HUB_CONF"
t_err "report --until of a day that does not exist" 2 "^regiehub report: --until \"31-02-2027\" is geen datum" \
    "^regiehub report: --until \"31-02-2027\" is not a date" report --until 31-02-2027 -c "$HUB_CONF"
t_err "report --team of no team" 2 "^regiehub report: er is geen team \"wijk\" \\(--team\\) in .*hub" \
    "^regiehub report: there is no team \"wijk\" \\(--team\\) in" report --team wijk -c "$HUB_CONF"
t_err "access-report without --ref" 2 "^regiehub access-report: --ref heeft het pseudoniem .* nodig" \
    "^regiehub access-report: --ref needs the household's person or address reference" \
    access-report --ref person:abc -c "$HUB_CONF"
touch "$T_DIR/er-al.db"
t_err "backup over a file" 2 "^regiehub backup: .*er-al\\.db bestaat al; kies een nieuw bestand" \
    "^regiehub backup: .*er-al\\.db exists; choose a new file" backup "$T_DIR/er-al.db" -c "$HUB_CONF"
t_err "restore without a backup" 2 "^regiehub restore: noem de back-up die je wilt terugzetten" \
    "^regiehub restore: name the backup to put in place" restore -c "$HUB_CONF"
t_err "restore of no file" 1 "^regiehub restore: de back-up .*geen\\.db is geen bestand; de opslag is niet veranderd" \
    "^regiehub restore: the backup .*geen\\.db is not a file; the store was not changed" \
    restore "$T_DIR/geen.db" -c "$HUB_CONF"
# a hub.conf with a mistake: the file and the key as the file spells them
sed 's/^    rate = "500"/    rate = "veel"/' "$HUB_CONF" >"$HUB_DIR/bad.conf"
sed 's/^    rate = "500"/    rate = "veel"/' "$EN_CONF" >"$HUB_DIR/bad-en.conf"
out=$("$HUB" retention -c "$HUB_DIR/bad.conf" 2>&1); rc=$?
t_rc2 "a command on a broken hub.conf" 2
t_expect "... names the file and the key, in Dutch" "^regiehub: .*bad\\.conf: hub/rate: \"veel\" is geen getal van 1 tot en met 1000000$" "$out"
t_expect "... in English" "^regiehub: .*bad\\.conf: hub/rate: \"veel\" is not a number from 1 to 1000000$" \
    "$("$HUB" retention -c "$HUB_DIR/bad.conf" --lang en 2>&1)"
t_expect "... in English when the file says language = \"en\"" "bad-en\\.conf: hub/rate: \"veel\" is not a number" \
    "$("$HUB" retention -c "$HUB_DIR/bad-en.conf" 2>&1)"
sed 's/^    rate = "500"/    ratee = "500"/' "$HUB_CONF" >"$HUB_DIR/typo.conf"
out=$("$HUB" status -c "$HUB_DIR/typo.conf" 2>&1); rc=$?
t_rc2 "a setting hub.conf does not know" 2
t_expect "... is named, not ignored" "typo\\.conf: hub/ratee: zo'n instelling bestaat niet" "$out"
t_expect "... in English" "hub/ratee: there is no such setting" "$("$HUB" status -c "$HUB_DIR/typo.conf" --lang en 2>&1)"
cp "$HUB_CONF" "$HUB_DIR/section.conf"
printf 'hubb\n    rate = "5"\n' >>"$HUB_DIR/section.conf"
t_expect "a section hub.conf does not know" "hubb: zo'n sectie bestaat niet" \
    "$("$HUB" status -c "$HUB_DIR/section.conf" 2>&1)"
sed 's/^        intake = "acm-intake"/        intake = "acm-intake"\n        leider = "acm-leiding"/' "$HUB_CONF" >"$HUB_DIR/team-key.conf"
t_expect "a team key hub.conf does not know" "teams/acm/leider: een team kent alleen intake en escalation" \
    "$("$HUB" status -c "$HUB_DIR/team-key.conf" 2>&1)"
sed 's/^        intake = "acm-intake"/        intake = "ACM intake"/' "$HUB_CONF" >"$HUB_DIR/bad-team.conf"
t_expect "a team's partner is named by its place in the file" \
    "teams/acm/intake: \"ACM intake\" is geen partner-id" "$("$HUB" status -c "$HUB_DIR/bad-team.conf" 2>&1)"
out=$("$HUB" run -c "$HUB_DIR/bad.conf" 2>&1); rc=$?
t_rc2 "run on a broken hub.conf" 2
t_expect "... says it cannot start, in Dutch" "^regiehub run: de hub kan niet starten: .*hub/rate: \"veel\" is geen getal" "$out"
t_expect "... in English" "^regiehub run: the hub cannot start: .*hub/rate: \"veel\" is not a number" \
    "$("$HUB" run -c "$HUB_DIR/bad-en.conf" 2>&1)"

# ---- the running hub ------------------------------------------------------------
hub_start || { t_fail hub_start "no hub"; t_end; exit 1; }
agent_start politie-west && agent_start acm-intake
out=$("$HUB" run -c "$HUB_CONF" 2>&1); rc=$?
t_rc2 "a second hub on the store" 1
t_expect "... cannot start, in Dutch" "^regiehub run: de hub kan niet starten: er draait een hub op deze opslag \\(pid $HUB_PID" "$out"
t_expect "... in English" "^regiehub run: the hub cannot start: a hub is running on this store \\(pid $HUB_PID" \
    "$("$HUB" run -c "$EN_CONF" 2>&1)"
r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied sociale_omgeving --severity zorg \
    --ground verwaarlozing --informed yes --text "Zorgen" --contact "politie, 0900-8844" --json
t_rc "a signal is sent" 0
REF=person:$(jget 'j["household"]["person"]')
r signal -d "$T_DIR/politie-west" --bsn 111222333 --leefgebied huisvesting --severity zorg \
    --ground verwaarlozing --informed yes --text "Meer zorgen" --contact "politie, 0900-8844"
t_rc "a second signal is sent" 0

out=$("$HUB" status -c "$HUB_CONF"); rc=$?
t_rc2 "status" 0
t_expect "status in Dutch: the counts" "^berichten: [0-9]+ ontvangen, [0-9]+ opgeslagen" "$out"
t_expect "... the partners, connected: ja" "^politie-west +ja +[0-9]+ +[0-9]+" "$out"
t_expect "... the timers' last run, the Dutch way" "^retention +60 s  [0-9]{1,2} [a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2}$" "$out"
out=$("$HUB" status -c "$EN_CONF")
t_expect "status in English (language = \"en\"): the counts" "^messages: [0-9]+ received, [0-9]+ stored" "$out"
t_expect "... connected: yes" "^politie-west +yes +[0-9]+" "$out"
t_expect "... the timers' last run, the English way" "^retention +60 s  [0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2}$" "$out"
t_equal "status --json has the same keys in either language" \
    "$("$HUB" status -c "$HUB_CONF" --json | json_get 'sorted(j)')" \
    "$("$HUB" status -c "$EN_CONF" --json | json_get 'sorted(j)')"
t_expect "the running hub logs in English" "regiehub listening on" "$(cat "$HUB_DIR/hub.log")"
out=$("$HUB" reload -c "$HUB_CONF"); rc=$?
t_rc2 "reload" 0
t_expect "reload says what the hub did, in Dutch" "^De hub heeft zijn configuratie opnieuw gelezen: 2 partners toegelaten\\.$" "$out"
t_expect "... in English" "^The hub re-read its configuration: 2 partners admitted\\.$" "$("$HUB" reload -c "$EN_CONF")"
t_expect "the log of a reload stays English" "reloaded: 2 partners admitted" "$(cat "$HUB_DIR/hub.log")"
t_absent "... with nothing Dutch in it" "toegelaten|partners toegelaten" "$(cat "$HUB_DIR/hub.log")"
# the hub re-reads its own hub.conf, broken meanwhile: the command says so in
# Dutch, the log in English (detail included)
cp "$HUB_CONF" "$HUB_DIR/good.conf"
cp "$HUB_DIR/bad.conf" "$HUB_CONF"
out=$("$HUB" reload -c "$HUB_DIR/good.conf" 2>&1); rc=$?
cp "$HUB_DIR/good.conf" "$HUB_CONF"
t_rc2 "a reload the hub refuses" 1
t_expect "... says so in Dutch, with the hub's reason" \
    "^regiehub reload: de hub weigert de configuratie en houdt de oude: .*hub/rate: \"veel\" is not a number" "$out"
t_expect "... and the log says it in English" \
    "reload refused, keeping the old configuration: .*hub/rate: \"veel\" is not a number from 1 to 1000000" \
    "$(cat "$HUB_DIR/hub.log")"
t_absent "... nothing of it in Dutch" "geen getal" "$(cat "$HUB_DIR/hub.log")"

# ---- the report -------------------------------------------------------------------
out=$("$HUB" report -c "$HUB_CONF" --from 01-03-2020); rc=$?
t_rc2 "report --from in the Dutch form" 0
t_equal "--from 01-03-2020 and --from 2020-03-01 are the same day" \
    "$("$HUB" report -c "$HUB_CONF" --from 2020-03-01 --json)" "$("$HUB" report -c "$HUB_CONF" --from 01-03-2020 --json)"
t_equal "... which the JSON gives in ms, at midnight in Amsterdam" \
    "$(python3 -c 'import datetime, zoneinfo; print(int(datetime.datetime(2020, 3, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")).timestamp() * 1000))')" \
    "$("$HUB" report -c "$HUB_CONF" --from 01-03-2020 --json | json_get 'j["from"]')"
t_expect "the report in Dutch: its period, the Dutch way" "^Periode: vanaf 1 maart 2020$" "$out"
t_expect "... the leefgebied with a space for the underscore" "^  sociale omgeving +1$" "$out"
t_expect "... the partner by name and id" "^  Test politie-west \\(politie-west\\) +2$" "$out"
t_expect "... the figures in words" "^  geaccepteerd +0$" "$out"
en=$("$HUB" report -c "$EN_CONF" --from 2020-03-01)
t_expect "the report in English: its period" "^Period: from 1 March 2020 on$" "$en"
t_expect "... the leefgebied" "^  sociale omgeving +1$" "$en"
t_expect "... the partner by name and id" "^  Test politie-west \\(politie-west\\) +2$" "$en"
t_expect "... the figures in words" "^  referrals accepted +0$" "$en"
t_expect "a period with both ends" "^Periode: van 1 maart 2020 tot 1 januari 2099$" \
    "$("$HUB" report -c "$HUB_CONF" --from 2020-03-01 --until 01-01-2099)"
t_expect "... and one with a time" "^Period: everything before 1 January 2099$" \
    "$("$HUB" report -c "$HUB_CONF" --until "2099-01-01 14:00" --lang en)"
t_equal "report --json does not change with the language" \
    "$("$HUB" report -c "$HUB_CONF" --json)" "$("$HUB" report -c "$EN_CONF" --json)"
t_equal "report --csv does not change with the language" \
    "$("$HUB" report -c "$HUB_CONF" --csv)" "$("$HUB" report -c "$HUB_CONF" --csv --lang en)"
t_expect "report --csv keeps its stable keys" "^signals_per_partner,politie-west,2$" "$("$HUB" report -c "$HUB_CONF" --csv)"

# ---- the access report --------------------------------------------------------------
"$HUB" access-report -c "$HUB_CONF" --ref "$REF" --json >"$T_DIR/access.json"; rc=$?
t_rc2 "access-report --json" 0
nl=$("$HUB" access-report -c "$HUB_CONF" --ref "$REF")
en=$("$HUB" access-report -c "$EN_CONF" --ref "$REF")
t_equal "access-report --json does not change with the language" "$(cat "$T_DIR/access.json")" \
    "$("$HUB" access-report -c "$EN_CONF" --ref "$REF" --json)"
# the first row's time as the reader writes it, from the JSON's ts
WHEN=$(python3 - "$T_DIR/access.json" <<'PY'
import json, sys, datetime, zoneinfo
rows = json.load(open(sys.argv[1]))
t = datetime.datetime.fromtimestamp(rows[0]["ts"] / 1000, zoneinfo.ZoneInfo("Europe/Amsterdam"))
nl = "januari februari maart april mei juni juli augustus september oktober november december".split()
en = "January February March April May June July August September October November December".split()
print("%d %s %d %02d:%02d|%d %s %d %02d:%02d" % (t.day, nl[t.month - 1], t.year, t.hour, t.minute,
                                               t.day, en[t.month - 1], t.year, t.hour, t.minute))
PY
)
ROWS=$(json_get 'len(j)' <"$T_DIR/access.json")
t_expect "the access report in Dutch: its title" "^Inzageoverzicht: wie iets over dit huishouden stuurde" "$nl"
t_expect "... the sender by name, its signal, where it went, when" \
    "^${WHEN%|*} +Test politie-west \\(politie-west\\) +signaal +opgeslagen; naar acm-intake$" "$nl"
t_expect "... the receiver, from whom" "Test acm-intake \\(acm-intake\\) +ontvangen: signaal +van Test politie-west \\(politie-west\\)$" "$nl"
t_expect "... how many rows" "^$ROWS regels$" "$nl"
t_expect "the access report in English: its title" "^Access report \\(inzage\\): who sent, received or looked up" "$en"
t_expect "... the sender by name, its signal, where it went, when" \
    "^${WHEN#*|} +Test politie-west \\(politie-west\\) +signal +stored; to acm-intake$" "$en"
t_expect "... the receiver, from whom" "Test acm-intake \\(acm-intake\\) +received: signal +from Test politie-west \\(politie-west\\)$" "$en"
t_expect "... how many rows" "^$ROWS entries$" "$en"
t_absent "neither holds a signal's text" "Zorgen" "$nl $en"
t_end
