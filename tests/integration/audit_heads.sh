#!/bin/sh
# An agent can always move its audit anchor on. A `digests` answer holds at
# most 4000 digests, so when more than 4000 audit entries follow the last
# signed batch head - here 4100 acknowledgements, one delivery each, which
# are committed without receipts and so without a batch head - the hub signs
# an audit head (n 0, PROTOCOL.md) for the entry 4000 on, or the last one.
# Without it the hub could only answer not_found, and the agent's check
# would fail at the same anchor for ever.
. "$(dirname "$0")/agent_lib.sh"
t_setup
N=4100
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
agent_new school-noord school signal,refer || { t_fail setup "agent init"; t_end; exit 1; }
partner politie-west politie signal
partner acm-intake regieteam intake,regie acm
hub_start || exit 1
P="$T_DIR/school-noord"

r signal -d "$P" --bsn 111222333 --leefgebied huisvesting --severity ernstig \
    --ground financiele_problemen --text "Huurachterstand" --informed --direct
t_rc "the agent's signal is receipted: its first head is its anchor" 0
out=$(send politie-west --count "$N")
t_equal "$N signals receipted" "$N" "$(printf '%s\n' "$out" | grep -c '^receipt')"
# the audit position the last signed batch head covers, as its receipt says
headed=$(printf '%s\n' "$out" | sed -n 's/^receipt .* audit=\([0-9]*\) .*/\1/p' | sort -n | tail -1)
out=$(recv acm-intake --expect "$((N + 1))" --ack-each --timeout 5000 | grep -c '^deliver')
t_equal "the intake took every delivery and acknowledged each" "$((N + 1))" "$out"
entries () { "$HUB" audit verify -c "$HUB_CONF" --json | json_get 'j["entries"]'; }
gap=$(( $(entries) - ${headed:-0} ))
[ "$gap" -gt 4000 ] && t_ok "$gap audit entries follow the last batch head" ||
    t_fail "more than 4000 audit entries follow the last batch head" "$gap (head at '$headed')"

r audit check -d "$P" --json
t_rc "the audit check passes" 0
t_equal "the hub's chain extends the agent's anchor" extends "$(jget 'j["extension_check"]')"
t_equal "the anchor reached the log's last entry" "$(entries)" "$(jget 'j["now_at"]')"
heads=$("$HUB" status -c "$HUB_CONF" --json | json_get 'j["commits"]["audit_heads"]')
[ "${heads:-0}" -gt 0 ] && t_ok "the hub signed audit heads for it ($heads)" ||
    t_fail "the hub signed audit heads" "$heads"
r audit check -d "$P" --json
t_equal "a second check finds nothing new and passes" extends "$(jget 'j["extension_check"]')"
out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1)
t_equal "the audit chain is intact" 0 "$?"
t_end
