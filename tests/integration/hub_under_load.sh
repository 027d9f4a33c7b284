#!/bin/sh
# A hub that never runs dry of messages still serves everything else: while
# partners keep its socket full (regiebench at saturation, 60,000 signals),
# `regiehub status` on the control socket is answered during the stream, not
# after it. A loop that returns only when the socket is empty would keep the
# control socket, new partners' handshakes and the timers waiting until the
# stream ends.
. "$(dirname "$0")/lib.sh"
t_setup
# the generator on another CPU than the hub where there is one
GEN_CPU=0
[ "$(nproc)" -gt 1 ] && GEN_CPU=1
TMPDIR="$T_DIR" "$BIN/regiebench" run --regiehub "$HUB" --agents 8 --window 256 \
    --messages 60000 --hub-cpus 0 --gen-cpus "$GEN_CPU" --runs 1 >"$T_DIR/load.out" 2>&1 &
LOAD_PID=$!
T_PIDS="$T_PIDS $LOAD_PID"
conf=""
for _ in $(seq 1 300); do
    conf=$(ls "$T_DIR"/regiebench-*/load-1/hub.conf 2>/dev/null | head -1)
    [ -n "$conf" ] && "$HUB" status -c "$conf" >/dev/null 2>&1 && break
    sleep 0.1
done
t_expect "the loaded hub is running" "hub.conf" "$conf"
# the stream has begun when the hub has received a few thousand signals
received=0
for _ in $(seq 1 300); do
    received=$("$HUB" status -c "$conf" --json 2>/dev/null | json_get 'j["messages"]["received"]' 2>/dev/null)
    [ "${received:-0}" -gt 2000 ] && break
    sleep 0.1
done
t_expect "the stream is under way" "^[0-9]+$" "$received"
out=$("$HUB" status -c "$conf" --json 2>&1)
t_equal "status answers while the stream runs" 0 "$?"
now=$(printf '%s' "$out" | json_get 'j["messages"]["received"]')
t_expect "and it answered before the stream ended" "^[0-9]+$" "$now"
[ "${now:-60000}" -lt 60000 ] && t_ok "the answer came with $now of 60000 signals received" ||
    t_fail "the answer came with $now of 60000 signals received" "only after the stream"
t_expect "status counts the times the loop returned with input left" '"yields": [1-9]' "$out"
wait "$LOAD_PID"
t_equal "the load run completes" 0 "$?"
t_expect "every signal receipted and delivered" "60000 receipts, 60000 deliveries, 0 errors" \
    "$(cat "$T_DIR/load.out")"
t_end
