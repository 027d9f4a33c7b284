# powerloss_lib.sh - helpers for the power-loss proofs (sourced, not run).
#
# Builds on tests/faults/faults_lib.sh (t_ok, f_setup, hub_init, agent_new,
# settle, run_checks, store_checks, ...). Programs run under the power-cut
# library (tests/powerloss/powercut.c, built as $BUILD/powercut.so): each
# hub or agent directory is its own machine, cut by writing its trigger
# file; the process rewrites its directory to what a disk would hold and
# dies like SIGKILL. PL_DROP passes a mutation to the library (POWERCUT_DROP).
. "$(dirname "$0")/../faults/faults_lib.sh"
PCUT=${PCUT:-$TOP/$BUILD/powercut.so}
PL_DROP=${PL_DROP:-}

# pl_env DIR TRIGGER SEED: the environment of a program under the library.
pl_env () {
    echo "LD_PRELOAD=$PCUT POWERCUT_DIR=$1 POWERCUT_TRIGGER=$2 POWERCUT_SEED=$3" \
         "POWERCUT_REPORT=$T_DIR/powercut.log POWERCUT_DROP=$PL_DROP"
}

# pl_hub_start SEED: the hub under the library, waits until it answers.
pl_hub_start () {
    # shellcheck disable=SC2046
    env $(pl_env "$HUB_DIR" "$T_DIR/cut.hub" "$1") "$HUB" run -c "$HUB_CONF" \
        >>"$HUB_DIR/hub.log" 2>&1 &
    HUB_PID=$!
    T_PIDS="$T_PIDS $HUB_PID"
    for _ in $(seq 1 200); do
        "$HUB" status -c "$HUB_CONF" >/dev/null 2>&1 && return 0
        kill -0 "$HUB_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "hub did not start:"; tail -5 "$HUB_DIR/hub.log"
    return 1
}

# pl_agent_start NAME SEED: the daemon under the library, waits for it.
pl_agent_start () {
    # shellcheck disable=SC2046
    env $(pl_env "$T_DIR/$1" "$T_DIR/cut.$1" "$2") "$REGIE" run -d "$T_DIR/$1" \
        >>"$T_DIR/$1.log" 2>&1 &
    _p=$!
    eval "PID_$(echo "$1" | tr - _)=$_p"
    T_PIDS="$T_PIDS $_p"
    for _ in $(seq 1 200); do
        [ -S "$T_DIR/$1/agent.sock" ] && "$REGIE" status -d "$T_DIR/$1" >/dev/null 2>&1 && return 0
        kill -0 "$_p" 2>/dev/null || break
        sleep 0.05
    done
    echo "agent $1 did not start:"; tail -5 "$T_DIR/$1.log"
    return 1
}

# pl_cut PID TRIGGER: cuts the power of the machine PID runs on; returns 1
# when the process did not die by the cut within 5 s (then it is killed).
pl_cut () {
    : >"$2"
    for _ in $(seq 1 250); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.02
    done
    if kill -0 "$1" 2>/dev/null; then
        kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null; pid_forget "$1"; rm -f "$2"
        return 1
    fi
    wait "$1" 2>/dev/null
    pid_forget "$1"
    return 0
}
