#!/bin/sh
# The hub as a broker: authentication, verification, refusals, dedup,
# durable store-and-forward, reload, rate limits and the audit chain - with
# the real regiehub and a raw client on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
t_setup
hub_init "$T_DIR/hub"
partner politie-west politie signal
partner acm-intake regieteam intake,regie acm
partner school-noord school signal,refer
mkdir -p "$T_DIR/stranger"
"$HC" keygen "$T_DIR/stranger/stranger" stranger politie signal
hub_start || { t_fail hub_start "no hub"; t_end; exit 1; }

# what the running hub says: messages stored since it started, the audit
# log's length, and a partner's delivery queue
status () { "$HUB" status -c "$HUB_CONF" --json | json_get "$1"; }
count_messages () { status 'j["messages"]["stored"]'; }
audit_entries () { status 'j["audit"]["entries"]'; }
queue () { status '[p["queue"] for p in j["partners"] if p["id"] == "'"$1"'"][0]'; }

# --- accepted, stored, receipted ---------------------------------------
out=$(send politie-west --show-id)
t_expect "signal is receipted with a verified receipt" "^receipt seq=1 dup=0 to=acm" "$out"
t_expect "receipt says where it went, as a code and its arguments" 'note=signal_to_intake {"team":"acm"}' "$out"
first=$(printf '%s\n' "$out" | sed -n 's/^sent id=//p')
t_equal "signal is in the store, the only one" "1 1 True" \
    "$(count_messages) $(inspect_get '"%s %s" % (j["message"]["seq"], j["message"]["envelope_held"])' --id "$first")"
t_equal "signal is queued for the intake" 1 "$(queue acm-intake)"
t_equal "the signal has one audit entry, naming where it was queued" "1|signal|stored; to acm-intake" \
    "$(inspect_get '"|".join([str(len(a)), a[0]["action"], a[0]["result"]]) if (a := [e for e in j["audit"] if e["action"] != "inspect"]) else "none"' --id "$first")"
REF1="person:$(inspect_get 'j["audit"][0]["subject"]' --id "$first")"
out=$("$HUB" access-report -c "$HUB_CONF" --ref "$REF1")
t_expect "the access report names the sender" "politie-west +signaal +opgeslagen; naar acm-intake" "$out"
t_expect "and the receiver" "acm-intake +ontvangen: signaal +van politie-west" "$out"
out=$("$HUB" access-report -c "$HUB_CONF" --ref "$REF1" --lang en)
t_expect "the access report in English names the sender" "politie-west +signal +stored; to acm-intake" "$out"
t_expect "and the receiver" "acm-intake +received: signal +from politie-west" "$out"
out=$(send politie-west --type regiecheck)
t_expect "a question is receipted" "^receipt seq=2" "$out"
t_expect "a question is answered, signed by the hub" "^answer type=regiecheck_answer held=0 signed=1 hub=1" "$out"

# --- strangers cannot get in -------------------------------------------
before=$(count_messages)
out=$("$HC" send "$HUB_DIR/hub.cert" "$T_DIR/stranger/stranger.secret" "$HUB_EP" --timeout 1000)
t_equal "an unknown CURVE key gets no answer" "timeout" "$out"
out=$(send politie-west --nocurve --timeout 1000)
t_equal "a connection without CURVE gets no answer" "timeout" "$out"
t_equal "neither stored anything" "$before" "$(count_messages)"
t_expect "the refused handshake is logged" "handshake .* refused" "$(cat "$HUB_DIR/hub.log")"

# --- every refusal has its own error and changes nothing ---------------
check_refusal () {  # NAME MUTATION EXPECTED-ERROR-NAME
    before=$(count_messages)
    audit_before=$(audit_entries)
    out=$(send politie-west --mutate "$2" --other "$T_DIR/keys/acm-intake.secret")
    t_expect "$1 is refused with $3" "^error code=[0-9]+ name=$3 " "$out"
    t_equal "$1 leaves the store unchanged" "$before/$audit_before" \
        "$(count_messages)/$(audit_entries)"
}
check_refusal "a bad signature" badsig bad_signature
check_refusal "another author than the connected partner" wrongauthor wrong_author
check_refusal "a stale timestamp" stale stale
check_refusal "a timestamp in the future" future stale
check_refusal "an oversized frame" oversize too_big
check_refusal "malformed msgpack" malformed malformed
check_refusal "truncated msgpack" truncated malformed
check_refusal "nesting too deep" deep too_deep
check_refusal "a huge declared count" hugecount too_many
check_refusal "a field of the wrong type" wrongtype wrong_type
check_refusal "an unknown message type" unknowntype unknown_type
check_refusal "three frames" threeframes bad_frames
check_refusal "one frame" oneframe bad_frames
check_refusal "a short signature" badsiglen bad_frames
before=$(count_messages)
out=$(send politie-west --type referral)
t_expect "a type the role does not allow is refused" "^error code=23 name=forbidden" "$out"
t_equal "the forbidden message changed nothing" "$before" "$(count_messages)"

# --- dedup and replay ---------------------------------------------------
id=0123456789abcdef0123456789abcdef
out=$(send politie-west --id $id)
t_expect "a message with a chosen id is stored" "^receipt seq=[0-9]+ dup=0" "$out"
seq1=$(printf '%s' "$out" | sed -n 's/^receipt seq=\([0-9]*\).*/\1/p')
out=$(send politie-west --id $id)
t_expect "sending it again gives the same receipt, marked duplicate" "^receipt seq=$seq1 dup=1" "$out"
t_equal "the duplicate is stored once, under its first number" "$seq1" "$(inspect_get 'j["message"]["seq"]' --id "$id")"
out=$(send school-noord --id $id)
t_expect "another partner reusing the id is a replay" "^error code=24 name=replay" "$out"

# --- the hub still serves everyone after all that ----------------------
out=$(send school-noord)
t_expect "the hub keeps serving others" "^receipt seq=[0-9]+ dup=0" "$out"

# --- store and forward: an offline recipient gets everything in order --
# more than a delivery ring's first size (16), so the ring grows while
# deliveries are in flight and acknowledgements empty it
out=$(send politie-west --count 60)
t_equal "a backlog of 60 more signals is receipted" 60 "$(printf '%s\n' "$out" | grep -c '^receipt')"
n=$(queue acm-intake)
out=$(recv acm-intake --expect "$n" --timeout 3000)
t_equal "the offline intake receives its whole backlog" "$n" "$(printf '%s\n' "$out" | grep -c '^deliver')"
seqs=$(printf '%s\n' "$out" | sed -n 's/^deliver seq=\([0-9]*\).*/\1/p' | tr '\n' ' ')
sorted=$(printf '%s\n' $seqs | sort -n | tr '\n' ' ')
t_equal "in store order" "$sorted" "$seqs"
t_absent "every delivery carries its author's valid signature" "signed=0" "$out"
sleep 0.3
t_equal "acknowledged deliveries leave the queue" 0 "$(queue acm-intake)"
# live delivery: the intake is connected while a signal arrives
recv acm-intake --expect 1 --timeout 4000 >"$T_DIR/live.out" &
rp=$!
sleep 0.5
send politie-west >/dev/null
wait $rp
t_expect "a connected recipient gets a new signal at once" "^deliver seq=[0-9]+ type=signal" "$(cat "$T_DIR/live.out")"
out=$(recv acm-intake --expect 1 --timeout 700)
t_equal "nothing acknowledged is delivered twice" "timeout" "$out"

# --- revocation takes effect at once, also on a live connection ---------
send politie-west --count 2 --pause 1500 >"$T_DIR/revoke.out" &
sp=$!
sleep 0.7
"$HUB" partner remove -c "$HUB_CONF" politie-west >/dev/null
wait $sp
t_expect "before removal the partner was served" "^receipt" "$(head -1 "$T_DIR/revoke.out")"
t_expect "after removal its open connection is refused" "^error code=22 name=unknown_partner" \
    "$(tail -1 "$T_DIR/revoke.out")"
out=$(send politie-west --timeout 1000)
t_equal "a removed partner cannot connect again" "timeout" "$out"
"$HUB" partner add -c "$HUB_CONF" "$T_DIR/keys/politie-west.cert" >/dev/null
out=$(send politie-west)
t_expect "re-admitted, it is served again without a restart" "^receipt" "$out"

# --- rate limit, configured by reload ------------------------------------
sed -i 's/    rate = "500"/    rate = "2"/; s/    burst = "5000"/    burst = "3"/' "$HUB_CONF"
"$HUB" reload -c "$HUB_CONF" >/dev/null
out=$(send school-noord --count 8)
t_expect "flooding beyond the rate limit is refused" "name=rate_limited" "$out"
t_expect "within the burst it is served" "^receipt" "$out"
echo 'hub
    rate = "nonsense"' >"$T_DIR/bad.conf"
cp "$HUB_CONF" "$HUB_DIR/good.conf"
cp "$T_DIR/bad.conf" "$HUB_CONF"
out=$("$HUB" reload -c "$HUB_DIR/good.conf" 2>&1)
t_expect "a broken configuration is refused on reload" "weigert de configuratie .*hub\\.conf: hub/rate" "$out"
cp "$HUB_DIR/good.conf" "$HUB_CONF"

# --- status ----------------------------------------------------------------
out=$("$HUB" status -c "$HUB_CONF" --json)
t_expect "status counts refusals by reason" '"bad_signature": 1' "$out"
t_expect "status lists partners with their queues" '"id": "acm-intake"' "$out"
python3 -c 'import json,sys; json.load(sys.stdin)' <<EOF2 && t_ok "status --json is JSON" || t_fail "status --json is JSON" "does not parse"
$out
EOF2
timers=$(printf '%s' "$out" | json_get '" ".join(t["name"] for t in j["timers"])')
t_equal "status lists the timers in the order they run" \
    "match_remind match_escalate retention follow_up_end agreement_remind agreement_overdue agreement_chase agreement_escalate round_reports unseen" \
    "$timers"
ran=$(printf '%s' "$out" | json_get '" ".join(str(t["interval_ms"]) for t in j["timers"] if t["last_run"] > 0)')
t_equal "every timer has run, retention once a minute, the unseen signals every ten seconds, the others every second" \
    "1000 1000 60000 1000 1000 1000 1000 1000 1000 10000" "$ran"
out=$("$HUB" status -c "$HUB_CONF")
t_expect "status has a human format" "^PARTNER +VERBONDEN" "$out"
t_expect "the human format lists the timers, with the time they last ran" \
    "^retention +60 s  [0-9]{1,2} [a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2}$" "$out"
out=$("$HUB" status -c "$HUB_CONF" --lang en)
t_expect "status in English" "^PARTNER +CONNECTED" "$out"
t_expect "with the time in English" "^retention +60 s  [0-9]{1,2} [A-Z][a-z]+ 20[0-9]{2} [0-9]{2}:[0-9]{2}$" "$out"

# --- the audit chain ------------------------------------------------------
out=$("$HUB" audit verify -c "$HUB_CONF")
t_expect "audit verify passes on the live store" "auditlog intact" "$out"
hub_stop
# from here on the point is the store file itself: sqlite's own check of it,
# rows altered and deleted behind the hub's back, a row put at 2^32 - so
# these read and write hub.db (hub_shape.sh allows this file to)
t_equal "the store passes sqlite's integrity check" "ok" "$(store_sql 'PRAGMA integrity_check')"
cp "$HUB_DIR/hub.db" "$T_DIR/copy.db"
store_sql "UPDATE audit SET actor='someone-else' WHERE seq=3"
out=$("$HUB" audit verify -c "$HUB_CONF"); rc=$?
t_expect "audit verify names an altered row" "regel 3 van de auditlog klopt niet" "$out"
t_equal "and exits 3" 3 "$rc"
cp "$T_DIR/copy.db" "$HUB_DIR/hub.db"; rm -f "$HUB_DIR/hub.db-wal" "$HUB_DIR/hub.db-shm"
store_sql "DELETE FROM audit WHERE seq=2"
t_expect "audit verify notices a deleted row" "regel 2 van de auditlog ontbreekt" "$("$HUB" audit verify -c "$HUB_CONF")"
t_expect "... also in English" "audit entry 2 is missing" "$("$HUB" audit verify -c "$HUB_CONF" --lang en)"

# --- sequence numbers past 2^32 are delivered and acknowledged ----------
cp "$T_DIR/copy.db" "$HUB_DIR/hub.db"; rm -f "$HUB_DIR/hub.db-wal" "$HUB_DIR/hub.db-shm"
# a message whose envelope retention removed, at seq 2^32 + 7
store_sql "INSERT INTO messages (seq, id, author, type, ts, received, digest)
     VALUES (4294967303, randomblob (16), 'politie-west', 'signal', 0, 0, zeroblob (32))"
hub_start || { t_fail hub_restart "no hub"; t_end; exit 1; }
out=$(send politie-west)
t_expect "a message past 2^32 is stored and receipted" "^receipt seq=4294967304 " "$out"
n=$(queue acm-intake)
out=$(recv acm-intake --expect "$n" --timeout 3000)
t_expect "and delivered with its sequence" "^deliver seq=4294967304 type=signal" "$(printf '%s\n' "$out" | tail -1)"
sleep 0.3
t_equal "its acknowledgement (upto past 2^32) empties the queue" 0 "$(queue acm-intake)"
hub_stop
t_end
