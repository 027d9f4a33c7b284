#!/bin/sh
# Each method preset in conf/methods/ runs: a hub made with `regiehub init
# --preset`, agents with the method's phases, and a household taken from the
# first phase to the last, which closes regie and starts the follow-up.
. "$(dirname "$0")/agent_lib.sh"
t_setup
for preset in "$TOP"/conf/methods/*.conf; do
    name=$(basename "$preset" .conf)
    HUB_DIR="$T_DIR/$name/hub"
    HUB_PORT=$(free_port)
    HUB_EP="tcp://127.0.0.1:$HUB_PORT"
    mkdir -p "$T_DIR/$name"
    if ! "$HUB" init "$HUB_DIR" --endpoint "$HUB_EP" --preset "$preset" >/dev/null; then
        t_fail "$name: init --preset" "refused"; continue
    fi
    HUB_CONF="$HUB_DIR/hub.conf"
    sed -i 's|^    verbose = "no"|    verbose = "no"\n    clock_file = "clock"|' "$HUB_CONF"
    phases=$(sed -n 's/^    phase = "\(.*\)"/\1/p' "$HUB_CONF")
    t_expect "$name: the preset names its phases" '^[a-z_0-9]+(,[a-z_0-9]+){3,}$' "$phases"
    saved_dir=$T_DIR
    T_DIR="$T_DIR/$name"
    agent_new acm-intake regieteam intake,signal acm
    agent_new cm-anna regieteam regie acm
    for a in acm-intake cm-anna; do
        # the agents use the method's lists too
        sed -i "s|^taxonomy\$|taxonomy\n    phase = \"$phases\"|" "$T_DIR/$a/agent.conf"
    done
    hub_start || { t_fail "$name: hub starts" "see $HUB_DIR/hub.log"; T_DIR=$saved_dir; continue; }
    agent_start acm-intake && agent_start cm-anna
    r signal -d "$T_DIR/acm-intake" --bsn 111222333 --leefgebied gezin --severity zorg \
        --ground verwaarlozing --informed yes --text "Zorgen over het gezin" --contact intake --json
    t_rc "$name: a signal is sent" 0
    ref=$(jget 'j["household"]["person"]')
    r accept -d "$T_DIR/acm-intake" --bsn 111222333 --casemanager cm-anna
    t_rc "$name: intake accepts" 0
    second=$(echo "$phases" | cut -d, -f2)
    t_equal "$name: regie starts in the method's second phase" "acm $second" \
        "$(inspect_get '"%s %s" % (j["household"]["team"], j["household"]["phase"])' --ref "$ref")"
    n=$(echo "$phases" | tr ',' '\n' | wc -l)
    ok=1
    for i in $(seq 3 "$n"); do
        p=$(echo "$phases" | cut -d, -f"$i")
        r phase -d "$T_DIR/cm-anna" --bsn 111222333 --phase "$p"
        [ "$RC" = 0 ] || { ok=0; t_fail "$name: phase $p" "exit $RC: $ERR"; }
    done
    [ $ok = 1 ] && t_ok "$name: the casemanager walks every phase of the method"
    t_equal "$name: the last phase closes regie" "|$(echo "$phases" | tr ',' '\n' | tail -1)" \
        "$(inspect_get '"%s|%s" % (j["household"]["team"] or "", j["household"]["phase"])' --ref "$ref")"
    t_expect "$name: the follow-up window is set" '^[0-9]+$' \
        "$(inspect_get 'j["household"]["follow_up_until"]' --ref "$ref")"
    r phase -d "$T_DIR/cm-anna" --bsn 111222333 --phase nosuchphase
    t_rc "$name: a phase outside the method is refused at the agent" 2
    for a in acm-intake cm-anna; do agent_stop "$a"; done
    hub_stop
    T_DIR=$saved_dir
done
t_end
