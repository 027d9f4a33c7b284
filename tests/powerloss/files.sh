#!/bin/sh
# files.sh - the files the programs write besides their stores, each under a
# power cut right after the command said it was done.
#
#   PL_DROP=MUTATION sh tests/powerloss/files.sh
#
# Every command runs under the power-cut library (POWERCUT_AT_EXIT=1,
# POWERCUT_KEEP=0: whatever was not synced is gone, every directory entry
# not synced undone) on a machine of its own (a directory; what the command
# needs from elsewhere is made without a cut, so that each proof stands
# alone and a mutation fails each one by itself). After each cut
# the file the command reported is there and whole (the same bytes as its
# source, or as the same command writes without a cut, or the fingerprint
# it printed), and the programs work on what the disk held:
# - `regiehub init`: hub.conf, hub.secret, hub.cert, certs/, hub.db; the
#   hub starts on them and a partner's signal is receipted;
# - `regie keygen`, `regie network-key`: the identity and the key;
# - `regiehub partner add`: the certificate is admitted (its partner sends);
#   `regiehub partner remove`: it stays removed (its partner is refused);
# - `regie init`: agent.conf, identity, hub.cert, network.key; the agent
#   signals through the hub;
# - the agent's evidence after a restore of the hub: `regie audit accept`'s
#   audit-anchor-replaced-*.json and `regie outbox resend`'s
#   receipts-before-resend-*.json are there whole, and agent.db holds what
#   the command changed.
# The mutations (selftest.sh) make it fail: "dirsync" (directory syncs
# without effect) and "sync:." (the syncs of the durable-write helper's
# temporary files, proto/proto_file.c, without effect).
. "$(dirname "$0")/powerloss_lib.sh"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT"; t_end; exit 1; }
echo "files:${PL_DROP:+ mutation=$PL_DROP}"
f_setup || { t_fail setup "binaries"; t_end; exit 1; }
mkdir -p "$T_DIR/ref" "$T_DIR/keys"

# cut MACHINE PROGRAM ARGS...: the command under the library, the power cut
# when it exits; its stdout and stderr in $OUT
cut () {
    _m=$1; shift
    # shellcheck disable=SC2046
    OUT=$( (env $(pl_env "$_m" "$T_DIR/cut.none" 1) POWERCUT_AT_EXIT=1 POWERCUT_KEEP=0 "$@" 2>&1) 2>/dev/null)
    rm -rf "$_m.powercut-stash"
}
# whole LABEL FILE REFERENCE: FILE is there with REFERENCE's bytes
whole () {
    if [ ! -f "$2" ]; then t_fail "$1" "$2 is missing: $(ls -a "$(dirname "$2")" | tr '\n' ' ')"
    elif cmp -s "$2" "$3"; then t_ok "$1"
    else t_fail "$1" "$2: $(wc -c <"$2") bytes, expected $(wc -c <"$3")"; fi
}
# fp_of CERT: the fingerprint regie reads from it
fp_of () { "$REGIE" fingerprint "$1" 2>&1 | grep -oE '[a-z2-7]{4}(-[a-z2-7]{4}){7}' | head -n 1; }
# secret LABEL FILE: FILE is a whole secret file (both secret keys, to the end)
secret () {
    t_equal "$1" "2 sign" "$(grep -c '^    secret-key = "[^"]*"$' "$2" 2>&1) $(tail -n 2 "$2" 2>&1 | head -n 1)"
}
# no_temp DIR: no temporary file of the helper is left
no_temp () {
    _left=$(ls -a "$2" | grep '\.tmp-' | tr '\n' ' ')
    t_equal "$1" "" "$_left"
}

# ---- regiehub init, on machine hm: the hub starts on what it wrote
HM="$T_DIR/hm"; mkdir -p "$HM"
HUB_PORT=$(free_port); HUB_EP="tcp://127.0.0.1:$HUB_PORT"
"$HUB" init "$T_DIR/ref/hub" --endpoint "$HUB_EP" >/dev/null
cut "$HM" "$HUB" init "$HM/hub" --endpoint "$HUB_EP" --json
t_expect "init said done" '"fingerprint": "' "$OUT"
HUB_FP=$(printf '%s' "$OUT" | json_get 'j["fingerprint"]' 2>/dev/null)
HUB_DIR="$HM/hub"; HUB_CONF="$HUB_DIR/hub.conf"
whole "after a power cut right after init hub.conf is there, whole" "$HUB_CONF" "$T_DIR/ref/hub/hub.conf"
t_equal "hub.cert is there with the fingerprint init printed" "$HUB_FP" "$(fp_of "$HUB_DIR/hub.cert")"
secret "hub.secret is there, whole" "$HUB_DIR/hub.secret"
[ -d "$HUB_DIR/certs" ] && t_ok "certs/ is there" || t_fail "certs/ is there" "missing"
t_equal "hub.db is there and whole" ok "$(sqlite3 "$HUB_DIR/hub.db" 'PRAGMA integrity_check' 2>&1)"
no_temp "init left no temporary file" "$HUB_DIR"
if [ -f "$HUB_CONF" ] && python3 "$TOP/tools/demo-hub-conf.py" "$HUB_CONF" && partner politie-west politie signal &&
   hub_start >/dev/null; then
    t_expect "the hub starts on what init wrote and serves (its secret is its certificate's)" \
        "^receipt seq=[0-9]+ " "$(send politie-west --timeout 3000 2>&1)"
    hub_stop
else t_fail "the hub starts on what init wrote" "$(tail -n 2 "$HUB_DIR/hub.log" 2>&1)"; fi

# ---- regie keygen, on machine km
KM="$T_DIR/km"; mkdir -p "$KM"
cut "$KM" "$REGIE" keygen --out "$KM/school-zuid" --id school-zuid --name "School Zuid" \
    --kind school --roles signal
K_FP=$(printf '%s' "$OUT" | grep -oE '[a-z2-7]{4}(-[a-z2-7]{4}){7}' | head -n 1)
t_expect "keygen said done" '[a-z2-7]{4}(-[a-z2-7]{4}){7}' "$OUT"
t_equal "after a power cut right after keygen the certificate is there, with its fingerprint" \
    "$K_FP" "$(fp_of "$KM/school-zuid.cert")"
secret "and the secret, whole" "$KM/school-zuid.secret"
no_temp "keygen left no temporary file" "$KM"

# ---- regie network-key, on machine nm
NM="$T_DIR/nm"; mkdir -p "$NM"
cut "$NM" "$REGIE" network-key "$NM/net.key"
t_expect "network-key said done" "net.key" "$OUT"
t_expect "after a power cut right after it the key is there, whole" '^[0-9a-f]{64}$' "$(cat "$NM/net.key" 2>&1)"

# ---- the network the rest runs on, made without cuts
hub_init "$T_DIR/hub" || { t_fail setup "hub init"; t_end; exit 1; }
hub_start || { t_fail setup "hub start"; t_end; exit 1; }
"$REGIE" network-key "$T_DIR/net.key" >/dev/null

# ---- regiehub partner add, on the hub's machine
"$HC" keygen "$T_DIR/keys/politie-oost" politie-oost politie signal "" >/dev/null
P_FP=$(fp_of "$T_DIR/keys/politie-oost.cert")
cut "$HUB_DIR" "$HUB" partner add -c "$HUB_CONF" "$T_DIR/keys/politie-oost.cert" --fingerprint "$P_FP" --json
t_expect "partner add said done" '"admitted": "politie-oost"' "$OUT"
whole "after a power cut right after \"Admitted\" the certificate is in certs/, whole" \
    "$HUB_DIR/certs/politie-oost.cert" "$T_DIR/keys/politie-oost.cert"
no_temp "partner add left no temporary file" "$HUB_DIR/certs"
"$HUB" reload -c "$HUB_CONF" >/dev/null 2>&1
t_expect "the admitted partner's signal is receipted" "^receipt seq=[0-9]+ " "$(send politie-oost --timeout 3000 2>&1)"

# ---- regie init, on machine am
AM="$T_DIR/am"; mkdir -p "$AM"
A="--hub $HUB_EP --hub-cert $HUB_DIR/hub.cert --network-key $T_DIR/net.key --kind school --roles signal,refer"
# shellcheck disable=SC2086
"$REGIE" init "$T_DIR/ref/agent" $A --id ref --name "Ref" --contact 030-1 >/dev/null 2>&1
# shellcheck disable=SC2086
cut "$AM" "$REGIE" init "$AM/school-noord" $A --id school-noord --name "School Noord" --contact 030-2
S_FP=$(printf '%s' "$OUT" | grep -oE '[a-z2-7]{4}(-[a-z2-7]{4}){7}' | head -n 1)
t_expect "regie init said done" "$AM/school-noord" "$OUT"
S="$AM/school-noord"
whole "after a power cut right after regie init agent.conf is there, whole" "$S/agent.conf" "$T_DIR/ref/agent/agent.conf"
whole "hub.cert is there, whole" "$S/hub.cert" "$HUB_DIR/hub.cert"
whole "network.key is there, whole" "$S/network.key" "$T_DIR/net.key"
t_equal "identity.cert is there, with the fingerprint init printed" "$S_FP" "$(fp_of "$S/identity.cert")"
secret "identity.secret is there, whole" "$S/identity.secret"
no_temp "regie init left no temporary file" "$S"
"$HUB" partner add -c "$HUB_CONF" "$S/identity.cert" >/dev/null 2>&1
"$HUB" reload -c "$HUB_CONF" >/dev/null 2>&1
signal () {
    r signal -d "$1" --bsn "$2" --leefgebied huisvesting --severity ernstig \
        --ground financiele_problemen --text "Huurachterstand" --informed --direct --json
}
signal "$S" 111222333
t_rc "the agent signals through the hub on what regie init wrote" 0

# ---- the agent's evidence after a restore of the hub, on the agent's machine
agent_new woonbron woningcorporatie signal || t_fail setup "agent woonbron"
P="$T_DIR/woonbron"
signal "$P" 111222333
t_rc "a signal before the backup is receipted" 0
out=$("$HUB" backup -c "$HUB_CONF" "$T_DIR/backup.db" --json 2>&1)
BACKUP_LAST=$(printf '%s' "$out" | json_get 'j["last_seq"]' 2>/dev/null)
signal "$P" 123456782
t_rc "a signal after the backup is receipted" 0
LOST_ID=$(jget 'j["id"]')
r audit check -d "$P" --json
t_rc "the agent's audit check passes before the restore (its anchor: the lost signal's head)" 0
hub_stop
"$HUB" restore -c "$HUB_CONF" "$T_DIR/backup.db" >/dev/null 2>&1 || t_fail "restore" "failed"
hub_start || t_fail "the restored hub starts" "$(tail -n 2 "$HUB_DIR/hub.log")"
signal "$P" 100000010
r audit check -d "$P" --json
t_rc "after a signal to the restored hub the agent's audit check says BROKEN" 3
cut "$P" "$REGIE" audit accept -d "$P" --json
EV=$(printf '%s' "$OUT" | json_get 'j["evidence"]' 2>/dev/null)
t_expect "audit accept said done" '"accepted": true' "$OUT"
if [ -n "$EV" ] && [ -f "$EV" ]; then
    t_equal "after a power cut right after it the evidence is there, whole, with the old anchor" True \
        "$(python3 -c "import json; print('replaced_anchor' in json.load(open('$EV')))" 2>&1)"
else t_fail "after a power cut right after audit accept the evidence is there" "'$EV': $(ls "$P" | tr '\n' ' ')"; fi
r audit check -d "$P" --json
t_rc "and agent.db holds the new anchor: the audit check passes" 0
cut "$P" "$REGIE" outbox resend -d "$P" --after "$BACKUP_LAST" --json
EV=$(printf '%s' "$OUT" | json_get 'j["evidence"]' 2>/dev/null)
t_expect "outbox resend said done" '"resent": 1' "$OUT"
if [ -n "$EV" ] && [ -f "$EV" ]; then
    t_equal "after a power cut right after it the lost store's receipt is there, whole" "$LOST_ID" \
        "$(python3 -c "import json; print(' '.join(r['id'] for r in json.load(open('$EV'))['receipts']))" 2>&1)"
else t_fail "after a power cut right after outbox resend the evidence is there" "'$EV': $(ls "$P" | tr '\n' ' ')"; fi
t_equal "and agent.db has the message queued again" 1 \
    "$(sqlite3 "$P/agent.db" "SELECT count (*) FROM outbox WHERE state = 0" 2>&1)"
no_temp "the evidence left no temporary file" "$P"

# ---- regiehub partner remove, on the hub's machine (admitted without a cut)
cmp -s "$HUB_DIR/certs/politie-oost.cert" "$T_DIR/keys/politie-oost.cert" ||
    { rm -f "$HUB_DIR/certs/politie-oost.cert"; "$HUB" partner add -c "$HUB_CONF" "$T_DIR/keys/politie-oost.cert" >/dev/null 2>&1; }
cut "$HUB_DIR" "$HUB" partner remove -c "$HUB_CONF" politie-oost --json
t_expect "partner remove said done" '"removed": "politie-oost"' "$OUT"
[ -f "$HUB_DIR/certs/politie-oost.cert" ] &&
    t_fail "after a power cut right after \"Removed\" the certificate stays removed" "it came back" ||
    t_ok "after a power cut right after \"Removed\" the certificate stays removed"
hub_stop
hub_start || t_fail "the hub restarts" "$(tail -n 2 "$HUB_DIR/hub.log")"
t_absent "the removed partner's signal is not receipted" "^receipt seq=" "$(send politie-oost --timeout 1500 2>&1)"
hub_stop
t_end
