# agent_lib.sh - helpers for the agent's integration tests (sourced).
#
# Builds on lib.sh (t_ok, t_fail, t_setup, t_end, hub_init, hub_start,
# hub_stop, inspect). Each agent lives in $T_DIR/NAME; its daemon's PID is in
# the variable PID_NAME (dashes become underscores) and in T_PIDS, so the
# common cleanup stops it.
#
# tests/run.sh runs every tests/integration/*.sh; run on its own, this file
# only reports that it holds no checks.
case "$(basename "$0")" in
    agent_lib.sh) echo "0 passed, 0 failed"; exit 0 ;;
esac

. "$(dirname "$0")/lib.sh"
REGIE="$BIN/regie"

# r ARGS: runs regie; stdout in $OUT, stderr in $ERR, exit code in $RC.
r () {
    OUT=$("$REGIE" "$@" 2>"$T_DIR/stderr"); RC=$?
    ERR=$(cat "$T_DIR/stderr")
}

# t_rc NAME EXPECTED: the last r's exit code.
t_rc () {
    if [ "$RC" = "$2" ]; then t_ok "$1"
    else t_fail "$1" "exit $RC, expected $2; stdout: $(printf '%s' "$OUT" | head -c 300); stderr: $(printf '%s' "$ERR" | head -c 300)"; fi
}

# jget EXPR: python expression on the last JSON output (j), printed.
jget () {
    printf '%s' "$OUT" | python3 -c "import json,sys; j=json.load(sys.stdin); print($1)" 2>/dev/null
}

# t_json NAME: the last output is one JSON object.
t_json () {
    if printf '%s' "$OUT" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then t_ok "$1"
    else t_fail "$1" "not JSON: $(printf '%s' "$OUT" | head -c 300)"; fi
}

# agent_new NAME KIND ROLES [TEAM]: an agent directory, admitted to the hub.
agent_new () {
    [ -f "$T_DIR/net.key" ] || "$REGIE" network-key "$T_DIR/net.key" >/dev/null || return 1
    team=""
    [ -n "${4:-}" ] && team="--team $4"
    # shellcheck disable=SC2086
    "$REGIE" init "$T_DIR/$1" --hub "$HUB_EP" --hub-cert "$HUB_DIR/hub.cert" \
        --network-key "$T_DIR/net.key" --id "$1" --name "Test $1" --kind "$2" --roles "$3" \
        --contact "030-$1" $team >/dev/null || return 1
    # quick reconnects and resends, and the hub's test clock
    python3 - "$T_DIR/$1/agent.conf" "$HUB_DIR/clock" <<'PY'
import sys
p, clock = sys.argv[1], sys.argv[2]
s = open(p).read()
s = s.replace('taxonomy\n', '', 1)
s = s.replace('#   reconnect_ivl_max = 30000', '    reconnect_ivl_max = 500')
s = s.replace('#   resend_after = 5000', '    resend_after = 1500')
s = s.replace('#   clock_file = "clock"', '    clock_file = "%s"' % clock)
s += 'taxonomy\n'
open(p, 'w').write(s)
PY
    "$HUB" partner add -c "$HUB_CONF" "$T_DIR/$1/identity.cert" >/dev/null
}

# agent_start NAME: runs the daemon, waits for its socket.
agent_start () {
    "$REGIE" run -d "$T_DIR/$1" >>"$T_DIR/$1.log" 2>&1 &
    pid=$!
    eval "PID_$(echo "$1" | tr - _)=$pid"
    T_PIDS="$T_PIDS $pid"
    for _ in $(seq 1 100); do
        [ -S "$T_DIR/$1/agent.sock" ] && "$REGIE" status -d "$T_DIR/$1" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "agent $1 did not start:"; tail -5 "$T_DIR/$1.log"
    return 1
}

# agent_pid NAME
agent_pid () { eval "echo \$PID_$(echo "$1" | tr - _)"; }

# agent_stop NAME [SIGNAL]
agent_stop () {
    p=$(agent_pid "$1")
    kill -"${2:-TERM}" "$p" 2>/dev/null
    wait "$p" 2>/dev/null
}

# agent_connected NAME: waits (up to 10 s) until the daemon holds the hub.
agent_connected () {
    for _ in $(seq 1 200); do
        "$REGIE" status -d "$T_DIR/$1" --json 2>/dev/null \
            | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["hub"]["connected"] else 1)' \
            2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# wait_for SECONDS COMMAND...: retries COMMAND until it succeeds.
wait_for () {
    n=$(($1 * 20)); shift
    for _ in $(seq 1 "$n"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    return 1
}

# outbox_waiting NAME: the daemon's outbox depth.
outbox_waiting () {
    "$REGIE" status -d "$T_DIR/$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["outbox"]["waiting"])'
}

# inbox_total NAME
inbox_total () {
    "$REGIE" status -d "$T_DIR/$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["inbox"]["total"])'
}

# sock NAME JSON: one request line to the agent's socket; prints the answer line.
sock () {
    python3 - "$T_DIR/$1/agent.sock" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
buf = b""
while not buf.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
print(buf.decode().strip())
PY
}
