#!/bin/sh
# `regiehub inspect`: what the hub holds about one household or message, for
# the functional administrator. With the hub running (it writes the audit
# entry) and stopped (the command writes it under the hub's lock): bad
# arguments are refused and change nothing, an unknown ref or id exits 4,
# --json has its stable keys, and every use is in the audit log and in the
# household's access report.
. "$(dirname "$0")/lib.sh"
t_setup
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner politie-west politie signal "" "Politie West"
partner acm-intake regieteam intake,regie acm
hub_start || { t_fail setup "hub start"; t_end; exit 1; }

REF=00$(printf 'aa%.0s' $(seq 1 31))       # hubclient's first household
NOBODY=$(printf 'bb%.0s' $(seq 1 32))
entries () { "$HUB" audit verify -c "$HUB_CONF" --json | json_get 'j["entries"]'; }

out=$(send politie-west --show-id)
t_expect "a signal about the household is receipted" '^receipt seq=1 ' "$out"
SID=$(printf '%s\n' "$out" | sed -n 's/^sent id=//p')

# ---- bad arguments: exit 2, nothing read, nothing audited ----------------
before=$(entries)
for bad in "--ref 123" "--ref person:address:$REF" "--ref ${REF}x" "--id 0123" \
           "--household 0" "--household 1x" "--household -1" "--ref $REF --id $SID" "" "extra"; do
    # shellcheck disable=SC2086
    out=$("$HUB" inspect -c "$HUB_CONF" $bad 2>&1); rc=$?
    t_equal "inspect ${bad:-without a query} is refused (exit 2)" 2 "$rc"
done
t_expect "a short ref is explained (in Dutch)" '--ref vraagt 64 hexadecimale tekens' \
    "$("$HUB" inspect -c "$HUB_CONF" --ref 123 2>&1)"
t_equal "refused arguments write no audit entry" "$before" "$(entries)"

# ---- a household by ref, while the hub runs --------------------------------
out=$("$HUB" inspect -c "$HUB_CONF" --ref "person:$REF" --json); rc=$?
t_equal "inspect --ref exits 0" 0 "$rc"
t_equal "--json: the stable keys" \
    "agreements consent escalations former_refs found history household household_id matches messages messages_emptied messages_held phases ref referrals refs rounds signals" \
    "$(printf '%s' "$out" | json_get '" ".join(sorted(j))')"
t_equal "--json: the household's keys" \
    "casemanager closed created follow_up_until former_casemanager former_team id phase phase_since priority referred since team" \
    "$(printf '%s' "$out" | json_get '" ".join(sorted(j["household"]))')"
t_equal "--json: a signal's keys" \
    "contact envelope_held id kind led_to_regie leefgebied partner recipient seq severity ts" \
    "$(printf '%s' "$out" | json_get '" ".join(sorted(j["signals"][0]))')"
t_equal "the signal, its sender and that its envelope is held" "$SID politie-west True" \
    "$(printf '%s' "$out" | json_get '"%s %s %s" % (j["signals"][0]["id"], j["signals"][0]["partner"], j["signals"][0]["envelope_held"])')"
t_equal "times are ms since the epoch" True \
    "$(printf '%s' "$out" | json_get 'j["signals"][0]["ts"] > 1600000000000')"
t_equal "the household's refs" "person $REF" \
    "$(printf '%s' "$out" | json_get '" ".join(r["kind"] + " " + r["ref"] for r in j["refs"])')"
t_equal "the message about it waits for the intake" "$SID acm-intake" \
    "$(printf '%s' "$out" | json_get '" ".join(m["id"] + " " + ",".join(m["queued_for"]) for m in j["messages"])')"
HH=$(printf '%s' "$out" | json_get 'j["household_id"]')
out=$("$HUB" inspect -c "$HUB_CONF" --ref "$REF")
t_expect "the text form names the household (in Dutch)" "^Huishouden $HH" "$out"
t_expect "... lists its signal with the sender by name, the words of the field" \
    "partner Politie West \\(politie-west\\) .*ernst zorg .*envelop bewaard ja" "$out"
t_expect "... writes times the Dutch way" "op [0-3][0-9]-[01][0-9]-20[0-9][0-9] [0-2][0-9]:[0-5][0-9]" "$out"
out=$("$HUB" inspect -c "$HUB_CONF" --ref "$REF" --lang en)
t_expect "--lang en: the same in English" "^Household $HH" "$out"
t_expect "... the signal with the words in English" \
    "partner Politie West \\(politie-west\\) .*severity concern .*envelope held yes" "$out"
t_expect "... English dates" "at 20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]" "$out"

# ---- unknown: exit 4 with a clear message --------------------------------
out=$("$HUB" inspect -c "$HUB_CONF" --ref "$NOBODY" 2>&1); rc=$?
t_equal "an unknown ref exits 4" 4 "$rc"
t_expect "... and says so" "er is geen huishouden bekend met verwijzing $NOBODY" "$out"
t_equal "--json of an unknown ref says found false" "False" \
    "$("$HUB" inspect -c "$HUB_CONF" --ref "$NOBODY" --json 2>/dev/null | json_get 'j["found"]')"
out=$("$HUB" inspect -c "$HUB_CONF" --household 999 2>&1); rc=$?
t_equal "an unknown household number exits 4" 4 "$rc"
out=$("$HUB" inspect -c "$HUB_CONF" --id 0123456789abcdef0123456789abcdef 2>&1); rc=$?
t_equal "an unknown message id exits 4" 4 "$rc"
out=$("$HUB" inspect -c "$HUB_CONF" --id 0123456789abcdef0123456789abcdef 2>&1); rc=$?
t_equal "... also after it was asked about once" 4 "$rc"

# ---- a message by id -------------------------------------------------------
out=$("$HUB" inspect -c "$HUB_CONF" --id "$SID" --json); rc=$?
t_equal "inspect --id exits 0" 0 "$rc"
t_equal "--json: the message's keys" \
    "author digest envelope_bytes envelope_held envelope_intact id names queued_for received seq signature_held ts type" \
    "$(printf '%s' "$out" | json_get '" ".join(sorted(j["message"]))')"
t_equal "the message: number, type, held, intact, signed" "1 signal True True True" \
    "$(printf '%s' "$out" | json_get '"%s %s %s %s %s" % (j["message"]["seq"], j["message"]["type"], j["message"]["envelope_held"], j["message"]["envelope_intact"], j["message"]["signature_held"])')"
t_equal "what its envelope names: the household's ref, nothing it says" "person $REF" \
    "$(printf '%s' "$out" | json_get '" ".join("%s %s" % kv for kv in j["message"]["names"].items())')"
t_equal "its audit entries: the signal's, then the inspections'" "signal inspect" \
    "$(printf '%s' "$out" | json_get '" ".join(sorted({e["action"] for e in j["audit"]}, reverse=True))')"

# ---- every use is audited, and shows in the household's access report ------
seen () {   # the operator's inspections in the household's access report
    "$HUB" access-report -c "$HUB_CONF" --ref "person:$REF" --json |
        json_get 'len([r for r in j if r["partner"] == "operator" and r["action"] == "inspect"])'
}
n=$(entries); s=$(seen)
"$HUB" inspect -c "$HUB_CONF" --household "$HH" >/dev/null
t_equal "one inspection, one audit entry" "$((n + 1))" "$(entries)"
t_equal "an inspection by household number shows in its access report" "$((s + 1))" "$(seen)"
t_expect "... naming the household" "operator +inspect +household $HH" \
    "$("$HUB" access-report -c "$HUB_CONF" --ref "person:$REF")"
"$HUB" inspect -c "$HUB_CONF" --ref "$REF" >/dev/null
t_equal "so does one by ref" "$((s + 2))" "$(seen)"

# ---- with the hub stopped the command writes the entry itself --------------
hub_stop
n=$(entries)
out=$("$HUB" inspect -c "$HUB_CONF" --ref "$REF" --json); rc=$?
t_equal "with the hub stopped inspect exits 0" 0 "$rc"
t_equal "... shows the same household" "$HH" "$(printf '%s' "$out" | json_get 'j["household_id"]')"
t_equal "... and audits it" "$((n + 1))" "$(entries)"
t_expect "... marked as asked by a command" '"origin": "command"' \
    "$("$HUB" inspect -c "$HUB_CONF" --id "$SID" --json)"
t_expect "the audit log is intact after every kind of inspection" 'auditlog intact' \
    "$("$HUB" audit verify -c "$HUB_CONF")"
hub_start || t_fail "hub restart" "after the inspections"
out=$(send politie-west)
t_expect "the hub goes on after them" '^receipt seq=' "$out"
t_expect "and its audit log is intact" 'auditlog intact' "$("$HUB" audit verify -c "$HUB_CONF")"
t_end
