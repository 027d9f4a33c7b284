#!/bin/sh
# A message whose workflow fails the store - a fault that would repeat each
# time its author sends it again - is refused on its own ("unavailable");
# the rest of its batch is committed without it (hub_commit.c,
# hub_commit_batch). The fault is real: a trigger in the hub's own store that
# aborts every insert of one partner's signals, under the real hub and a raw
# client. Before, the whole batch failed, so one such message took every
# other message that shared its commit with it, again at each resend.
. "$(dirname "$0")/lib.sh"
t_setup
hub_init "$T_DIR/hub" || exit 1
partner politie-west politie signal
partner ggz-centrum ggz signal
hub_start || exit 1

# the fault is put into the store file itself: this test is about the
# hub's own writes failing, so it touches hub.db (hub_shape.sh allows it)
store_sql "CREATE TRIGGER poison BEFORE INSERT ON signals WHEN NEW.partner = 'politie-west'
     BEGIN SELECT RAISE (ABORT, 'poisoned by the test'); END"

# a signal and, at once, a question in the same connection: one batch (the
# question waits for its partner's earlier signal); tried until the hub
# reports that it left a message out, so that the two shared a batch
isolated=0
for i in 1 2 3 4 5; do
    out=$(send politie-west --then regiecheck --person "$(printf '%02x' "$i")$(printf 'cc%.0s' $(seq 1 31))")
    isolated=$("$HUB" status -c "$HUB_CONF" --json | json_get 'j["commits"]["isolated"]')
    [ "${isolated:-0}" -gt 0 ] && break
done
[ "${isolated:-0}" -gt 0 ] && t_ok "the hub left the failing message out of its batch ($isolated)" ||
    t_fail "the hub left the failing message out of its batch" "isolated = $isolated; $out"
t_expect "the signal is refused as unavailable, with its reason code" \
    '^error code=[0-9]+ name=unavailable .*reason=store_unavailable' "$out"
t_expect "... and the store's reason is in the hub's log" 'poisoned by the test' "$(cat "$HUB_DIR/hub.log")"
t_expect "the question in the same batch is answered" '^answer type=regiecheck_answer' "$out"
t_equal "the batch was committed: no commit failed" 0 \
    "$("$HUB" status -c "$HUB_CONF" --json | json_get 'j["commits"]["failures"]')"
t_expect "status names it" 'buiten hun batch gehouden' "$("$HUB" status -c "$HUB_CONF")"

# another partner's signals meanwhile are stored as ever
out=$(send ggz-centrum --count 3)
t_equal "another partner's signals are receipted" 3 "$(printf '%s\n' "$out" | grep -c '^receipt')"

# the fault repaired, the same partner's signal is stored; the store and its
# audit chain are whole
store_sql "DROP TRIGGER poison"
out=$(send politie-west --person "$(printf 'dd%.0s' $(seq 1 32))")
t_expect "once the fault is gone the partner's signal is receipted" '^receipt seq=' "$out"
# the signals of politie-west the hub holds, over every household it named
held=0
for r in $(printf 'dd%.0s' $(seq 1 32)) $(for i in 1 2 3 4 5; do printf '%02x' "$i"; printf 'cc%.0s' $(seq 1 31); echo; done); do
    held=$((held + $(inspect_get 'len([s for s in j.get("signals", []) if s["partner"] == "politie-west"])' --ref "$r")))
done
t_equal "no poisoned signal was stored" 1 "$held"
hub_stop
out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1)
t_equal "the audit chain verifies" 0 "$?"
t_end
