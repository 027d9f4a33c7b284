#!/bin/sh
# reload.sh - reloading a running hub: by SIGHUP (as hub.conf tells the
# operator: "Reload a running hub with SIGHUP or `regiehub reload`") and
# with a configuration that does not parse. Either way the hub must keep
# running and serving, with the new or the old configuration.
. "$(dirname "$0")/faults_lib.sh"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
partner politie-west politie signal
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
t_expect "the hub serves" "^receipt seq=1 " "$(send politie-west)"

# ---- a configuration that is not ZPL: refused, the old one kept
cp "$HUB_CONF" "$HUB_DIR/good.conf"
printf 'hub\n  endpoint = "tcp://127.0.0.1:1"\n' >"$HUB_CONF"
out=$("$HUB" reload -c "$HUB_DIR/good.conf" 2>&1)
t_expect "a reload with a ZPL syntax error is refused" "not a valid configuration file|ZPL" "$out"
cp "$HUB_DIR/good.conf" "$HUB_CONF"
t_expect "and the hub still serves" "^receipt seq=2 " "$(send politie-west)"

# ---- SIGHUP: reload, not stop
sed -i 's/    rate = "500"/    rate = "400"/' "$HUB_CONF"
kill -HUP "$HUB_PID"
sleep 1
if kill -0 "$HUB_PID" 2>/dev/null; then t_ok "the hub is still running after SIGHUP"
else
    wait "$HUB_PID"; rc=$?
    pid_forget "$HUB_PID"
    t_fail "the hub is still running after SIGHUP" "it exited ($rc); log: $(tail -n 2 "$HUB_DIR/hub.log" | tr '\n' ' ')"
    hub_start >/dev/null
fi
t_expect "it serves after SIGHUP" "^receipt seq=3 " "$(send politie-west)"
t_expect "SIGHUP reloaded the configuration (logged)" "reloaded: " "$(cat "$HUB_DIR/hub.log")"
t_end
