# lib.sh - shared helpers for the integration tests (sourced, not run).
#
# Each test script: . tests/integration/lib.sh; t_setup; checks...; t_end
# Checks print "ok   NAME" or "FAIL NAME: WHY"; t_end prints the counts.
# Programs run for real on 127.0.0.1 in a temporary directory; everything
# started is stopped by its PID when the script ends.

BUILD=${BUILD:-build}
# the system's python3 starts in a tenth of the time of a version manager's shim
# (a PATH entry, not a shell function: "python3 ... &" must get python's own PID)
[ -x /usr/bin/python3 ] && PATH="/usr/bin:$PATH" && export PATH
# dates the scripts compute (date, python's localtime) in the zone the programs
# write them in: without TZ they use Europe/Amsterdam (PROTO_DEFAULT_TZ), and a
# script in UTC disagreed with them about the date between 23:00 and 00:00 UTC
[ -n "${TZ:-}" ] || { TZ=Europe/Amsterdam; export TZ; }
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BIN="$TOP/$BUILD"
HUB="$BIN/regiehub"
HC="$BIN/hubclient"
T_PASSED=0
T_FAILED=0
T_PIDS=""

t_ok () { echo "ok   $1"; T_PASSED=$((T_PASSED + 1)); }
t_fail () { echo "FAIL $1: $2"; T_FAILED=$((T_FAILED + 1)); }

# t_expect NAME PATTERN TEXT: TEXT must match the grep -E PATTERN.
t_expect () {
    if printf '%s\n' "$3" | grep -qE -- "$2"; then t_ok "$1"
    else t_fail "$1" "expected /$2/, got: $(printf '%s' "$3" | head -c 400)"; fi
}

# t_absent NAME PATTERN TEXT: TEXT must not match.
t_absent () {
    if printf '%s\n' "$3" | grep -qE -- "$2"; then
        t_fail "$1" "unexpected /$2/ in: $(printf '%s' "$3" | head -c 400)"
    else t_ok "$1"; fi
}

# t_equal NAME EXPECTED ACTUAL
t_equal () {
    if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "expected '$2', got '$3'"; fi
}

t_end () {
    t_cleanup
    echo "$T_PASSED passed, $T_FAILED failed"
    [ "$T_FAILED" -eq 0 ]
}

t_cleanup () {
    for p in $T_PIDS; do kill "$p" 2>/dev/null; done
    for p in $T_PIDS; do wait "$p" 2>/dev/null; done
    T_PIDS=""
    [ -n "${T_DIR:-}" ] && [ -z "${KEEP:-}" ] && rm -rf "$T_DIR"
}

t_setup () {
    T_DIR=$(mktemp -d /tmp/regiehub-test-XXXXXX)
    trap 't_cleanup' EXIT
    trap 't_cleanup; exit 1' INT TERM
}

# free_port: a TCP port nobody listens on now.
free_port () {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# hub_init DIR: a hub with team "acm" (intake acm-intake, escalation
# acm-leiding) as default, listening on a free port; sets HUB_CONF, HUB_EP.
hub_init () {
    HUB_DIR=$1
    HUB_PORT=$(free_port)
    HUB_EP="tcp://127.0.0.1:$HUB_PORT"
    "$HUB" init "$HUB_DIR" --endpoint "$HUB_EP" >/dev/null || return 1
    HUB_CONF="$HUB_DIR/hub.conf"
    python3 "$TOP/tools/demo-hub-conf.py" "$HUB_CONF" || return 1
}

# hub_start: runs the hub in the background, waits until it answers.
hub_start () {
    "$HUB" run -c "$HUB_CONF" >>"$HUB_DIR/hub.log" 2>&1 &
    HUB_PID=$!
    T_PIDS="$T_PIDS $HUB_PID"
    for _ in $(seq 1 100); do
        "$HUB" status -c "$HUB_CONF" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "hub did not start:"; tail -5 "$HUB_DIR/hub.log"
    return 1
}

hub_stop () {
    kill "$HUB_PID" 2>/dev/null
    wait "$HUB_PID" 2>/dev/null
}

# partner ID KIND ROLES [TEAM [NAME]]: keys in $T_DIR/keys/NAME.{secret,cert},
# admitted to the hub.
partner () {
    mkdir -p "$T_DIR/keys"
    "$HC" keygen "$T_DIR/keys/$1" "$1" "$2" "$3" "${4:-}" ${5:+"$5"} || return 1
    "$HUB" partner add -c "$HUB_CONF" "$T_DIR/keys/$1.cert" >/dev/null
}

# send NAME [hubclient send options]: one line per answer.
send () {
    who=$1; shift
    "$HC" send "$HUB_DIR/hub.cert" "$T_DIR/keys/$who.secret" "$HUB_EP" "$@"
}

# recv NAME [hubclient recv options]
recv () {
    who=$1; shift
    "$HC" recv "$HUB_DIR/hub.cert" "$T_DIR/keys/$who.secret" "$HUB_EP" "$@"
}

# json_get EXPR: EXPR of the JSON object read from stdin (as j), printed;
# e.g. "$HUB" status -c "$HUB_CONF" --json | json_get 'j["commits"]["lane"]'
json_get () { python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

# inspect WHAT: `regiehub inspect WHAT --json` (WHAT: --ref HEX, --household N
# or --id HEX), one JSON object on stdout - also when nothing is found
# ("found": false). Story scripts learn what the hub holds this way, through
# the real program; each use is an audit entry, as for any operator.
inspect () { "$HUB" inspect -c "$HUB_CONF" --json "$@" 2>/dev/null; }

# inspect_get EXPR WHAT: EXPR of that object (as j), printed; e.g.
# inspect_get 'j["household"]["team"]' --ref "$P"
inspect_get () { ig_expr=$1; shift; inspect "$@" | json_get "$ig_expr"; }

# store_sql QUERY: sqlite3 on the hub's store file itself. Only for the tests
# whose point is the file - corrupting or rewinding it, a trigger that fails
# the hub's own writes, sqlite's integrity check, a restored or backed-up
# file - each use with a comment saying so. Story scripts never read hub.db
# (hub_shape.sh checks which scripts may). It waits up to 10 s for a running
# hub's write transaction (its timers take one ten times a second), as the
# hub does for others; without the wait a busy store failed the statement.
store_sql () { sqlite3 -cmd ".timeout 10000" "$HUB_DIR/hub.db" "$1"; }
