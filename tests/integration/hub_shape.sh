#!/bin/sh
# The hub keeps its shape: only the store speaks SQL, only the acting and
# signing modules use the hub's key, the workflows never reach the router,
# and no file grows past what a reader holds in her head.
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
workflows=$(ls *.c | grep -Ev "$store"'|^hub_(router|admit|commit|session|auditlink|status|act|daemon|admin|admin_store|main)\.c$')
up=$(grep -lE 'hub_router(_impl)?\.h' $workflows)
t_equal "the workflows do not include the router" "" "$up"
big=$(wc -l *.c | awk '$2 != "total" && $1 > 720 { print $2 }')
t_equal "no hub file over 720 lines" "" "$big"
wbig=$(wc -l $workflows | awk '$2 != "total" && $1 > 500 { print $2 }')
t_equal "no workflow file over 500 lines" "" "$wbig"
t_end
