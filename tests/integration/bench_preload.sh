#!/bin/sh
# The benchmark's preloader (regiebench preload) writes stores the hub takes
# as its own: for each kind the suite uses - the start-up store, households
# with their workflows' rows, a delivery backlog - `regiehub audit verify`
# accepts the audit chain and sqlite's integrity_check finds every index
# complete after the indexes were dropped for the bulk insert and made again.
# 70000 messages span two of the preloader's transactions.
. "$(dirname "$0")/lib.sh"
t_setup
out=$("$BIN/regiebench" preload --regiehub "$HUB" --gen-cpus 0 --store-messages 70000 \
      --households 20000 --backlog 3000 2>&1)
t_equal "regiebench preload exits 0" 0 "$?"
for kind in "start-up store: 70000" "households with their workflows' rows: 20000" \
            "drain backlog: 3000"; do
    n=$(printf '%s\n' "$out" | grep -A1 -F "$kind messages" | grep -c 'accepts it, integrity_check ok')
    t_equal "$kind messages: audit verify and integrity_check accept the store" 1 "$n"
done
t_end
