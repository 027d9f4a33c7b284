# faults_lib.sh - shared helpers for the fault proofs (sourced, not run).
#
# Builds on tests/integration/agent_lib.sh (and so lib.sh): t_ok, t_fail,
# t_setup, t_end, hub_init, agent_new, ... Adds restarts that keep T_PIDS
# exact (a killed PID is taken out of the list, so cleanup never signals a
# PID the system may have given to someone else), a seeded random source,
# waits for the network to settle, and the runner for check.py.
. "$(dirname "$0")/../integration/agent_lib.sh"
FAULTS="$TOP/tests/faults"
T_SKIPPED=0

# f_setup: t_setup, then private copies of the programs, so that a rebuild
# of $BUILD while a long proof runs cannot swap the binaries under it.
f_setup () {
    t_setup
    mkdir -p "$T_DIR/bin"
    cp "$BIN/regiehub" "$BIN/regie" "$BIN/hubclient" "$T_DIR/bin/" || return 1
    HUB="$T_DIR/bin/regiehub"; HC="$T_DIR/bin/hubclient"; REGIE="$T_DIR/bin/regie"
    echo "binaries: $(cd "$BIN" && sha256sum regiehub regie | cut -c1-12 | tr '\n' ' ')"
}

t_skip () { echo "skipped $1: $2"; T_SKIPPED=$((T_SKIPPED + 1)); }

# pid_forget PID: takes PID out of T_PIDS.
pid_forget () {
    _new=""
    for _p in $T_PIDS; do [ "$_p" = "$1" ] || _new="$_new $_p"; done
    T_PIDS=$_new
}

# hub_kill [SIGNAL]: kills the hub and reaps it.
hub_kill () {
    kill -"${1:-KILL}" "$HUB_PID" 2>/dev/null
    wait "$HUB_PID" 2>/dev/null
    pid_forget "$HUB_PID"
}

# agent_kill NAME [SIGNAL]
agent_kill () {
    _p=$(agent_pid "$1")
    kill -"${2:-KILL}" "$_p" 2>/dev/null
    wait "$_p" 2>/dev/null
    pid_forget "$_p"
}

# rand_init SEED; rand MIN MAX: sets RAND to a pseudo-random integer in
# [MIN, MAX] from a sequence fixed by SEED (so a run can be repeated). It sets
# a variable instead of printing: in $(...) it would run in a subshell, whose
# step of the sequence is lost, and every call would give the same number.
rand_init () { RAND_STATE=$1; }
rand () {
    RAND_STATE=$(( (RAND_STATE * 1103515245 + 12345) % 2147483648 ))
    RAND=$(( $1 + (RAND_STATE / 65536) % ($2 - $1 + 1) ))
}
# sleep_rand MIN MAX: sleeps a random number of ms in [MIN, MAX].
sleep_rand () { rand "$1" "$2"; sleep_ms "$RAND"; }
# sleep_ms MS
sleep_ms () { sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"; }

# agent_db NAME SQL: a query on the agent's own store.
agent_db () { sqlite3 "$T_DIR/$1/agent.db" "$2"; }
# sql QUERY: the hub's store itself. The fault proofs are about the file:
# what a killed, starved or restored hub left on disk (integrity, rows once).
sql () { store_sql "$1"; }

# settle SECONDS SENDER...: waits until every sender's outbox is receipted
# and the intake's queue at the hub is empty. Returns 1 on timeout.
settle () {
    _n=$(($1 * 5)); shift
    for _ in $(seq 1 "$_n"); do
        _left=0
        for _a in "$@"; do
            _w=$(agent_db "$_a" "SELECT count(*) FROM outbox WHERE state = 0" 2>/dev/null || echo 1)
            _left=$((_left + _w))
        done
        _q=$(sql "SELECT count(*) FROM deliveries WHERE recipient = 'acm-intake'" 2>/dev/null || echo 1)
        [ "$_left" = 0 ] && [ "$_q" = 0 ] && return 0
        sleep 0.2
    done
    echo "settle: $_left outbox rows waiting, $_q deliveries queued for the intake"
    return 1
}

# run_checks LABEL SENDER...: check.py against the stores; each of its lines
# becomes a check of this script, and a check.py that did not reach its
# closing line (it crashed on a store) a failed one.
run_checks () {
    _label=$1; shift
    _dirs=""
    for _a in "$@"; do _dirs="$_dirs $T_DIR/$_a"; done
    # shellcheck disable=SC2086
    python3 "$FAULTS/check.py" "$HUB_DIR/hub.db" "$T_DIR/acm-intake" "$T_DIR/accepted" $_dirs \
        >"$T_DIR/check.out" 2>&1
    _checked=""
    while IFS= read -r _line; do
        case "$_line" in
            "ok   "*) t_ok "$_label: ${_line#ok   }" ;;
            "FAIL "*) _rest=${_line#FAIL }; t_fail "$_label: ${_rest%%: *}" "${_rest#*: }" ;;
            checked:*) echo "$_label $_line"; CHECKED_LINE=$_line; _checked=1 ;;
            *) echo "$_line" ;;
        esac
    done <"$T_DIR/check.out"
    # a check.py that stopped halfway (a store it cannot read) proved nothing
    [ -n "$_checked" ] || t_fail "$_label: check.py ran to its end" "$(tail -n 1 "$T_DIR/check.out")"
}

# store_checks LABEL: audit verify on the live hub, integrity check.
# On a failure the store is copied to a directory that outlives the test
# (named on the FAIL line), for the post-mortem.
store_checks () {
    _out=$("$HUB" audit verify -c "$HUB_CONF" 2>&1)
    _ic=$(sql 'PRAGMA integrity_check')
    t_expect "$1: audit verify passes" "audit log intact" "$_out"
    t_equal "$1: the store passes PRAGMA integrity_check" "ok" "$_ic"
    case "$_out/$_ic" in
        *"audit log intact"*/ok) ;;
        *) keep_evidence "$1" ;;
    esac
}

# keep_evidence LABEL: copies the hub's directory and the logs.
keep_evidence () {
    _ev=$(mktemp -d /tmp/regiehub-faults-evidence-XXXXXX)
    sqlite3 "$HUB_DIR/hub.db" ".backup '$_ev/hub-backup.db'" 2>/dev/null
    cp -r "$HUB_DIR" "$_ev/hub" 2>/dev/null
    cp "$T_DIR"/*.log "$_ev/" 2>/dev/null
    echo "evidence for '$1' kept in $_ev"
}

# f_end: t_end, with the skipped count on the closing line's left.
f_end () {
    [ "$T_SKIPPED" -gt 0 ] && echo "($T_SKIPPED skipped)"
    t_end
}
