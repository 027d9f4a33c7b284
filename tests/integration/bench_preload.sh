#!/bin/sh
# The benchmark's preloader (regiebench preload) writes stores the hub takes
# as its own: for each kind the suite uses - the start-up store, households
# with their workflows' rows, a delivery backlog - `regiehub audit verify`
# accepts the audit chain and sqlite's integrity_check finds every index
# complete after the indexes were dropped for the bulk insert and made again.
# 70000 messages span two of the preloader's transactions. With
# --store-cache the start-up store is kept, and the next run copies it.
# A load of more signals than preloaded households (so that households get
# a second signal, and the hub sends the intake match notices) completes
# cleanly: the notices are counted apart from the signals.
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
for run in first second; do
    out=$("$BIN/regiebench" preload --regiehub "$HUB" --gen-cpus 0 --store-messages 70000 \
          --households 0 --backlog 0 --store-cache "$T_DIR/cache" 2>&1)
    t_equal "$run run with --store-cache exits 0" 0 "$?"
    t_expect "$run run: the store is accepted" 'accepts it, integrity_check ok' "$out"
    case $run in
        first) t_expect "first run: the store is kept" 'written in .* kept as .*/cache/bench-store-70000x400-[0-9a-f]{16}\.db' "$out" ;;
        second) t_expect "second run: the kept store is reused" 'reused .*/cache/bench-store-70000x400-' "$out" ;;
    esac
done
t_equal "one store is kept" 1 "$(ls "$T_DIR/cache" | wc -l)"
# 301 households for 4 agents: each household hears from more than one partner
out=$(TMPDIR="$T_DIR" "$BIN/regiebench" run --regiehub "$HUB" --gen-cpus 0 --agents 4 \
      --households 301 --messages 1200 --runs 1 2>&1)
t_equal "a load about preloaded households exits 0" 0 "$?"
t_expect "every signal delivered, the match notices beside them" \
    '1200 receipts, 1200 deliveries \(and [1-9][0-9]* match notices\), 0 errors' "$out"
t_end
