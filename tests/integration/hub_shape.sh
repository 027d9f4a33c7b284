#!/bin/sh
# The hub keeps its shape: only the store speaks SQL, only the acting and
# signing modules use the hub's key, the workflows never reach the router,
# and no file grows past what a reader holds in her head. And its tests keep
# theirs: the integration stories prove the whole through the real programs
# and never read the store file.
. "$(dirname "$0")/lib.sh"
t_setup
cd "$TOP/hub" || exit 2
# the store: its repositories' dispatch, the backends (sqlite and its SQL
# helper, its WAL buffer, checkpoints, restore)
store='^hub_(store|sql|sqlite|walbuf|checkpoint|restore)'
outside=$(ls *.c *.h | grep -Ev "$store")
sql=$(grep -lE 'sqlite3_|sqlite3\.h|hub_sql|"(SELECT|INSERT|UPDATE|DELETE|CREATE) ' $outside)
t_equal "nothing outside the store holds SQL or includes sqlite3.h" "" "$sql"
dispatch=$(grep -lE 'sqlite3|hub_sql(\.h|_| \()|"(SELECT|INSERT|UPDATE|DELETE|CREATE) ' hub_store*.c hub_store*.h)
t_equal "the repositories' dispatch holds no SQL: only a backend does" "" "$dispatch"
inside=$(grep -l 'hub_store_backend\.h' $outside)
t_equal "only the store sees a backend's tables" "" "$inside"
signs=$(grep -l 'hub_signer_sign' *.c | grep -Ev '^hub_(signer|act|commit|auditlink)\.c$')
t_equal "only the acting, commit and audit-link modules sign" "" "$signs"
workflows=$(ls *.c | grep -Ev "$store"'|^hub_(router|admit|commit|session|auditlink|status|act|daemon|admin|admin_store|admin_inspect|main)\.c$')
up=$(grep -lE 'hub_router(_impl)?\.h' $workflows)
t_equal "the workflows do not include the router" "" "$up"
big=$(wc -l *.c | awk '$2 != "total" && $1 > 720 { print $2 }')
t_equal "no hub file over 720 lines" "" "$big"
wbig=$(wc -l $workflows | awk '$2 != "total" && $1 > 500 { print $2 }')
t_equal "no workflow file over 500 lines" "" "$wbig"
# the integration tests: a story learns what the hub holds from regiehub
# inspect, status, report, audit, access-report and the agents' outputs.
# Only the tests whose point is the store file itself - corrupting or
# rewinding it, a trigger in it, sqlite's integrity check, backed-up and
# restored files - and lib.sh, which gives them store_sql, may name it.
cd "$TOP/tests/integration" || exit 2
file_level='^(lib|agent_basic|hostile|hub_broker|hub_poison|hub_restore|hub_shape)\.sh$'
stories=$(ls *.sh | grep -Ev "$file_level")
readers=$(grep -lE 'sqlite3|store_sql|hub\.db' $stories)
t_equal "story scripts do not read hub.db with sqlite3" "" "$readers"
t_expect "... and there are stories to check" 'workflow_regie.sh' "$stories"
t_end
