#!/bin/sh
# hostile.sh - hostile input through the real hub, from a raw client
# (hubclient), beyond the refusals of hub_broker.sh: questions and changes
# about a household the partner has no relation to, an agreement accepted
# by someone else, floods of bad frames and of too many messages - while a
# well-behaved partner keeps sending and is served throughout. Refusals are
# counted by reason in `regiehub status --json`.
. "$(dirname "$0")/lib.sh"
t_setup
hub_init "$T_DIR/hub"
# a rate limit the flood below will hit and the good partner (5/s) will not
sed -i 's/    rate = "500"/    rate = "40"/; s/    burst = "5000"/    burst = "60"/' "$HUB_CONF"
partner politie-west politie signal
partner school-noord school signal,refer
partner woonbron woningcorporatie signal
partner acm-intake regieteam intake,regie acm
partner cm-anna regieteam regie acm
partner wijkteam-intake wijkteam intake,regie wijkteam
partner cm-wim wijkteam regie wijkteam
hub_start || { t_fail hub_start "no hub"; t_end; exit 1; }
H=$(printf '11%.0s' $(seq 1 32))          # the household's person_ref
OTHER=$(printf '22%.0s' $(seq 1 32))      # a household nobody knows

# what the hub holds about the household: its phase, its rounds and
# agreements (the good partner stores all the time, about another one)
hh_phase () { inspect_get 'j["household"]["phase"]' --ref "$H"; }
hh_rows () { inspect_get '"%d/%d" % (len(j["rounds"]), len(j["agreements"]))' --ref "$H"; }
# whether the hub stored the message with this id
stored () { inspect_get 'j["stored"]' --id "$1"; }
refused () {  # refused REASON: the count in status --json (0 when absent)
    "$HUB" status -c "$HUB_CONF" --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("refused", "refusals") and isinstance(v, dict):
                return v
            r = find(v)
            if r is not None:
                return r
    return None
r = find(j) or {}
print(r.get(sys.argv[1], 0))' "$1"
}

# ---- the good partner sends all through, 5 a second -------------------
send woonbron --count 40 --pause 200 --person "$(printf '33%.0s' $(seq 1 32))" >"$T_DIR/good.out" 2>&1 &
GOOD=$!
T_PIDS="$T_PIDS $GOOD"

# ---- noise: bad frames from a connected partner, all the time -----------
noise () {
    for _ in 1 2 3 4 5; do
        for m in badsig malformed truncated deep hugecount wrongtype oversize threeframes; do
            send school-noord --mutate "$m" --timeout 1000 >>"$T_DIR/noise.out" 2>&1
        done
    done
}
noise &
NOISE=$!
T_PIDS="$T_PIDS $NOISE"

# ---- a household with a regisseur of team acm ---------------------------
out=$(send politie-west --person "$H")
t_expect "a signal about the household is receipted" "^receipt seq=[0-9]+ dup=0" "$out"
out=$(send acm-intake --type claim --casemanager cm-anna --person "$H")
t_expect "the acm intake claims regie for cm-anna" "^receipt seq=[0-9]+ dup=0" "$out"

# ---- a regiecheck by a partner without a relation: "not held" ----------
out=$(send school-noord --type regiecheck --person "$H")
t_expect "an unrelated partner's regiecheck is answered, signed by the hub" \
    "^answer type=regiecheck_answer held=0 signed=1 hub=1" "$out"
t_expect "and receipted" "^receipt seq=" "$out"
out=$(send school-noord --type regiecheck --person "$OTHER")
t_expect "the same answer as for a household nobody knows" \
    "^answer type=regiecheck_answer held=0 signed=1 hub=1" "$out"
out=$(send politie-west --type regiecheck --person "$H")
t_expect "the partner who signalled is told regie is held" \
    "^answer type=regiecheck_answer held=1 signed=1 hub=1" "$out"

# ---- changes about a household one does not direct: not_found ----------
check_not_found () {  # NAME WHO TYPE [options]
    name=$1; who=$2; shift 2
    before=$(hh_rows)
    out=$(send "$who" "$@" --person "$H" --show-id)
    t_expect "$name is refused not_found" "^error code=30 name=not_found " "$out"
    t_equal "$name stores nothing" "False/$before" \
        "$(stored "$(printf '%s\n' "$out" | sed -n 's/^sent id=//p')")/$(hh_rows)"
}
phase_before=$(hh_phase)
check_not_found "a phase by another team's casemanager" cm-wim --type phase --phase uitvoering
t_equal "the household's phase is unchanged" "$phase_before" "$(hh_phase)"
check_not_found "a phase by another team's intake" wijkteam-intake --type phase --phase uitvoering
check_not_found "an agreement by another team's casemanager" cm-wim --type agreement --owner cm-wim
check_not_found "a round by another team's casemanager" cm-wim --type round --invited politie-west
out=$(send cm-wim --type phase --phase uitvoering --person "$OTHER")
t_expect "a phase about an unknown household is refused the same way" "^error code=30 name=not_found " "$out"
out=$(send cm-anna --type phase --phase uitvoering --person "$H")
t_expect "the household's own casemanager may move the phase" "^receipt seq=[0-9]+ dup=0" "$out"
t_equal "and the phase moved" "uitvoering" "$(hh_phase)"

# ---- an agreement accepted by someone other than its owner: forbidden ---
AG=0123456789abcdef0123456789abcd01
out=$(send cm-anna --type agreement --owner acm-intake --id "$AG" --person "$H")
t_expect "the casemanager records an agreement for acm-intake" "^receipt seq=[0-9]+ dup=0" "$out"
ag_status () { inspect_get '[a["status"] for a in j["agreements"] if a["id"] == "'"$AG"'"][0]' --ref "$H"; }
st_before=$(ag_status)
out=$(send politie-west --type agreement_accept --agreement "$AG")
t_expect "another partner accepting it is refused forbidden" "^error code=23 name=forbidden " "$out"
out=$(send cm-wim --type agreement_accept --agreement "$AG")
t_expect "so is another team's casemanager" "^error code=23 name=forbidden " "$out"
t_equal "the agreement is still waiting for its owner" "proposed $st_before" "$st_before $(ag_status)"
out=$(send politie-west --type agreement_accept --agreement 0123456789abcdef0123456789abcd99)
t_expect "accepting an agreement that does not exist is not_found" "^error code=30 name=not_found " "$out"
out=$(send acm-intake --type agreement_accept --agreement "$AG")
t_expect "the owner itself may accept it" "^receipt seq=[0-9]+ dup=0" "$out"

# ---- a flood beyond the rate limit from one partner ---------------------
out=$(send politie-west --count 150 --timeout 2000)
t_expect "a flood is refused rate_limited" "name=rate_limited" "$out"
t_expect "within the burst it was served" "^receipt" "$out"

wait "$NOISE"
wait "$GOOD"
good=$(cat "$T_DIR/good.out")
t_equal "the good partner had all 40 messages receipted meanwhile" 40 \
    "$(printf '%s\n' "$good" | grep -c '^receipt seq=[0-9]* dup=0')"
t_absent "and not one refusal or timeout" "^(error|timeout|badreceipt)" "$good"
noise_out=$(cat "$T_DIR/noise.out")
t_absent "every bad frame got an answer (no timeout, no receipt)" "^(timeout|receipt)" "$noise_out"
t_equal "every bad frame was refused" 40 "$(printf '%s\n' "$noise_out" | grep -c '^error code=')"

# ---- the counts show in status --json -----------------------------------
for reason in not_found:5 forbidden:2 bad_signature:5 malformed:10 too_deep:5 too_many:5 \
              wrong_type:5 too_big:5 bad_frames:5; do
    r=${reason%%:*}; min=${reason#*:}
    n=$(refused "$r")
    if [ "$n" -ge "$min" ] 2>/dev/null; then t_ok "status --json counts $r refusals ($n)"
    else t_fail "status --json counts $r refusals" "expected at least $min, got '$n'"; fi
done
n=$(refused rate_limited)
if [ "$n" -ge 1 ] 2>/dev/null; then t_ok "status --json counts rate_limited refusals ($n)"
else t_fail "status --json counts rate_limited refusals" "got '$n'"; fi

# ---- and afterwards everyone is still served; the store is sound --------
out=$(send woonbron)
t_expect "the good partner is served after it all" "^receipt seq=[0-9]+ dup=0" "$out"
out=$(send school-noord)
t_expect "so is the partner that sent the bad frames" "^receipt seq=[0-9]+ dup=0" "$out"
t_expect "audit verify passes" "auditlog intact" "$("$HUB" audit verify -c "$HUB_CONF")"
hub_stop
# the floods' point is the store's bytes: sqlite's own check of the file
# (hub_shape.sh allows this file to read hub.db)
t_equal "the store passes sqlite's integrity check" "ok" "$(store_sql 'PRAGMA integrity_check')"
t_end
