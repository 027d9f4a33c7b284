#!/bin/sh
# The question lane: a question read while the hub has other work goes ahead
# of it in a small commit of its own (hub_router.c). Under a steady stream of
# signals from other partners:
#   - questions are answered, and the hub counts them as taken by the lane;
#   - a partner's question never goes ahead of that partner's own earlier
#     message: a partner that signals a household and at once asks about it
#     is always answered as a partner related to the household ("not held"),
#     never as a stranger ("withheld: no relation"), which is what it would
#     get if its question were applied before its signal.
. "$(dirname "$0")/lib.sh"
t_setup
hub_init "$T_DIR/hub" || exit 1
partner school-noord school signal,refer
partner ggz-centrum ggz signal
partner politie-west politie signal
for i in 1 2 3 4 5 6; do partner "bg-$i" woningcorporatie signal; done
hub_start || exit 1
N=100

# N households, each known to the hub through a signal of the school
out=$(send school-noord --count "$N")
t_equal "the school's signals are receipted" "$N" "$(printf '%s\n' "$out" | grep -c '^receipt')"

# the stream: six partners sending signals, one after another each
for i in 1 2 3 4 5 6; do
    "$HC" send "$HUB_DIR/hub.cert" "$T_DIR/keys/bg-$i.secret" "$HUB_EP" --count 100000 \
        --person "$(printf '%02x' "$i")$(printf 'bb%.0s' $(seq 1 31))" >/dev/null 2>&1 &
    BG_PIDS="${BG_PIDS:-} $!"
    T_PIDS="$T_PIDS $!"
done
received=0
for _ in $(seq 1 100); do
    received=$("$HUB" status -c "$HUB_CONF" --json | json_get 'j["messages"]["received"]')
    [ "${received:-0}" -gt $((N + 500)) ] && break
    sleep 0.05
done
t_expect "the stream is under way" "^[0-9]+$" "$received"

# a partner without any relation asks about the households
out=$(send politie-west --type regiecheck --count "$N")
t_equal "every question is answered" "$N" "$(printf '%s\n' "$out" | grep -c '^answer type=regiecheck_answer')"
t_absent "no question is refused or lost" '^(error|timeout|badreceipt)' "$out"

# a partner signals each household and asks about it at once
out=$(send ggz-centrum --count "$N" --then regiecheck)
t_equal "every signal and question is receipted" "$((2 * N))" "$(printf '%s\n' "$out" | grep -c '^receipt')"
t_equal "every question after a signal is answered" "$N" "$(printf '%s\n' "$out" | grep -c '^answer type=regiecheck_answer')"

status=$("$HUB" status -c "$HUB_CONF" --json)
lane=$(printf '%s' "$status" | json_get 'j["commits"]["lane_questions"]')
[ "${lane:-0}" -gt 0 ] && t_ok "questions went ahead of the stream ($lane)" ||
    t_fail "questions went ahead of the stream" "lane_questions = $lane"
t_expect "status names them" "[1-9][0-9]* vragen vóór hun batch" "$("$HUB" status -c "$HUB_CONF")"
t_expect "... also in English" "[1-9][0-9]* questions ahead of their batch" "$("$HUB" status -c "$HUB_CONF" --lang en)"
t_equal "the stream's partners were never refused" 0 \
    "$(printf '%s' "$status" | json_get 'j["refused_total"]')"
for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
for p in $BG_PIDS; do wait "$p" 2>/dev/null; done

# how each question was answered, from the audit log as each household's
# access report shows it: a row per answer, with its result
mkdir -p "$T_DIR/access"
for n in $(seq 0 $((N - 1))); do
    "$HUB" access-report -c "$HUB_CONF" --json \
        --ref "$(printf '%02x' "$n")$(printf 'aa%.0s' $(seq 1 31))" >"$T_DIR/access/$n.json"
done
answers=$(python3 - "$T_DIR"/access/*.json <<'PY'
import json, sys
got = {}
for f in sys.argv[1:]:
    for r in json.load(open(f)):
        if r["action"] == "regiecheck_answer":
            how = {"withheld: no relation": "withheld", "not held": "not held"}.get(r["result"], "other")
            got[r["partner"], how] = got.get((r["partner"], how), 0) + 1
print(" ".join("%s:%s=%d" % (p, k, got.get((p, k), 0)) for p, k in
               [("politie-west", "withheld"), ("ggz-centrum", "not held"),
                ("ggz-centrum", "withheld"), ("ggz-centrum", "other")]))
PY
)
t_expect "the stranger was answered as a stranger" "politie-west:withheld=$N " "$answers"
t_expect "the signaller was always answered after its own signal" "ggz-centrum:not held=$N " "$answers"
t_expect "and never as a stranger" "ggz-centrum:withheld=0 ggz-centrum:other=0$" "$answers"
out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1)
t_equal "the audit chain is intact" 0 "$?"
t_end
