#!/bin/sh
# selftest.sh - the harness tested: its model, and the proofs failing on
# the mutations they exist to catch.
#
# 1. The model (model.py, each step cut right after it): unsynced writes,
#    appends and truncations are dropped (POWERCUT_KEEP=0) or all applied
#    (KEEP=100), torn writes apply whole 512-byte sectors only; a synced
#    write lasts; a created or renamed name lasts only when its directory
#    was synced; an unlinked file comes back.
# 2. The mutations, each a run of a proof that must FAIL:
#    (a) the hub's store without its syncs (POWERCUT_DROP=sync:hub.db: as
#        with PRAGMA synchronous = OFF) - powerloss.sh, 3 hub cuts;
#    (a') the agents' stores without their syncs (sync:agent.db) -
#        powerloss.sh, 6 agent cuts: a message the daemon said "queued" for
#        is lost from its outbox, or the store is torn (the daemon or
#        check.py cannot read it);
#    (c) receipts sent before their WAL's sync (late:hub.db: a sync of the
#        store takes effect only at its next sync, so every commit's
#        receipts go out before it is durable) - powerloss.sh, 6 hub cuts,
#        and syncpoints.sh (a cut at each sync point of a short run);
#    (b) directory syncs without effect (dirsync): restore.sh - a restore
#        that said "Restored" is undone by a power cut right after it;
#        files.sh - each file a command reported (partner add's
#        certificate, init's hub.conf and keys, regie init's files, the
#        agent's evidence) is gone after the cut, a removed certificate
#        comes back;
#    (d) the durable-write helper's file syncs without effect (sync:.,
#        its temporary files are dot files): files.sh - the files are
#        there after the cut, but empty;
#    (e) retention without the store's syncs (sync:hub.db): retention.sh -
#        a retention that said done is undone or torn by a cut after it.
#    The same proofs pass on the real build (run.sh runs them first).
# 3. stdio (model.py): a file written through fopen/fwrite/fclose is seen
#    by the library (its unsynced content dropped), so a program that
#    writes a durable file that way fails files.sh too.
. "$(dirname "$0")/powerloss_lib.sh"
[ -f "$PCUT" ] || { t_fail setup "no $PCUT"; t_end; exit 1; }
t_setup
D="$T_DIR/m"
step () {   # step NAME [VAR=VALUE...]: setup, then NAME under the library, cut at its exit
    _s=$1; shift
    rm -rf "$D" "$D.powercut-stash"; mkdir -p "$D"
    python3 "$TOP/tests/powerloss/model.py" "$D" setup
    env LD_PRELOAD="$PCUT" POWERCUT_DIR="$D" POWERCUT_AT_EXIT=1 POWERCUT_KEEP=0 POWERCUT_TORN=0 \
        "$@" python3 "$TOP/tests/powerloss/model.py" "$D" "$_s" 2>"$T_DIR/err" &
    wait $! 2>/dev/null
    RC=$?
}
content () { [ -f "$1" ] && echo "$(head -c 1 "$1")$(stat -c %s "$1")" || echo missing; }
step write
t_equal "the library cut the process like SIGKILL" 137 "$RC"
t_equal "an unsynced overwrite is dropped" A5000 "$(content "$D/f")"
step write POWERCUT_KEEP=100
t_equal "or, all kept, applied" B5000 "$(content "$D/f")"
step write POWERCUT_KEEP=100 POWERCUT_TORN=100 POWERCUT_SEED=3
mixed=$(od -An -v -tx1 -w512 "$D/f" | awk '{ s = ""; for (i = 1; i <= NF; i++) s = s $i; print substr (s, 1, 2) (s ~ /^(41)+$/ || s ~ /^(42)+$/ ? "" : "mixed") }' | sort | uniq -c | tr -s ' \n' ' ')
t_expect "a torn write applies some sectors whole and leaves others ($mixed)" '^ *[0-9]+ 41 [0-9]+ 42 *$' "$mixed"
step write-sync
t_equal "a synced write lasts" C5000 "$(content "$D/f")"
step write-sync POWERCUT_DROP=late:f
t_equal "unless the mutation delays syncs: then it is dropped" A5000 "$(content "$D/f")"
step write-sync2 POWERCUT_DROP=late:f
t_equal "and of two synced writes only the first lasts" C5000 "$(content "$D/f")"
step append
t_equal "an unsynced append is dropped" A5000 "$(content "$D/f")"
step append POWERCUT_KEEP=100
t_equal "or applied" A8000 "$(content "$D/f")"
step truncate
t_equal "an unsynced truncation is undone, the content back" A5000 "$(content "$D/f")"
step create
t_equal "a file synced in a directory not synced is gone" missing "$(content "$D/f2")"
step create-dirsync
t_equal "with the directory synced it lasts" N1 "$(content "$D/f2")"
step rename
t_equal "a rename over a file, directory not synced: the old file is back" A5000 "$(content "$D/f")"
t_equal "and the new file, created in a directory not synced, is gone" missing "$(content "$D/f.tmp")"
step rename-dirsync
t_equal "with the directory synced the rename lasts" R10 "$(content "$D/f")"
step rename-dirsync POWERCUT_DROP=dirsync
t_equal "unless the mutation drops directory syncs" A5000 "$(content "$D/f")"
step unlink
t_equal "an unlinked file comes back" A5000 "$(content "$D/f")"
step stdio
t_equal "an overwrite through stdio (fopen, fwrite, fclose), not synced, is dropped" A5000 "$(content "$D/f")"
step stdio-sync
t_equal "with fflush and fsync it lasts" S100 "$(content "$D/f")"

# expect_fail LABEL SCRIPT PATTERN VAR=VALUE...: the proof SCRIPT, run with
# the variables, must fail, and with a FAIL line matching PATTERN.
expect_fail () {
    _label=$1 _script=$2 _pat=$3; shift 3
    _log="$T_DIR/mutant.log"
    env "$@" timeout 600 sh "$TOP/tests/powerloss/$_script" >"$_log" 2>&1 </dev/null
    _line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$_log" | tail -n 1)
    _f=${_line#*passed, }; _f=${_f%% failed*}
    if [ -n "$_line" ] && [ "$_f" -gt 0 ] && grep -qE -- "$_pat" "$_log"; then
        t_ok "$_label: the proof fails ($_f failed; $(grep -E -m 1 -- "$_pat" "$_log" | cut -c 1-120))"
    else
        t_fail "$_label: the proof fails" "result '${_line:-none}'; $(grep '^FAIL' "$_log" | head -n 3)"
    fi
}
SEED=${FAULT_SEED:-7}
expect_fail "(a) the hub's store without syncs (as synchronous = OFF)" powerloss.sh \
    "^FAIL hub cuts: .*receipted but not stored" \
    PL_DROP=sync:hub.db POWER_CUTS=3 POWER_AGENT_CUTS=0 POWER_SETTLE=20 FAULT_SEED="$SEED"
expect_fail "(a') the agents' stores without syncs" powerloss.sh \
    "^FAIL (agent cuts: .*(accepted ids are in its outbox|outbox rows receipted|check.py ran to its end)|restart .* after cut)" \
    PL_DROP=sync:agent.db POWER_CUTS=0 POWER_AGENT_CUTS=6 POWER_SETTLE=20 FAULT_SEED="$SEED"
expect_fail "(c) receipts sent before their WAL's sync (each sync one commit late)" powerloss.sh \
    "^FAIL hub cuts: .*receipted but not stored" \
    PL_DROP=late:hub.db POWER_CUTS=6 POWER_AGENT_CUTS=0 POWER_SETTLE=20 FAULT_SEED="$SEED"
expect_fail "(c) the same, a short run cut at each sync point" syncpoints.sh \
    "^FAIL cut at sync [0-9]+: receipted seq [0-9]+ is stored" PL_DROP=late:hub.db
expect_fail "(b) directory syncs without effect (restore without its directory sync)" restore.sh \
    '^FAIL after a power cut right after "Restored" the store is the restored one' \
    PL_DROP=dirsync

# mutant SCRIPT VAR=VALUE...: runs the proof with the mutation once;
# caught LABEL PATTERN: it failed, with a FAIL line matching PATTERN
mutant () {
    _script=$1; shift
    env "$@" timeout 600 sh "$TOP/tests/powerloss/$_script" >"$T_DIR/mutant.log" 2>&1 </dev/null
}
caught () {
    if grep -qE -- "$2" "$T_DIR/mutant.log"; then
        t_ok "$1: the proof fails ($(grep -E -m 1 -- "$2" "$T_DIR/mutant.log" | cut -c 1-110))"
    else
        t_fail "$1: the proof fails" "$(grep -E '^[0-9]+ passed' "$T_DIR/mutant.log"); $(grep '^FAIL' "$T_DIR/mutant.log" | head -n 3)"
    fi
}
mutant files.sh PL_DROP=dirsync
caught "(b) without directory syncs, partner add's certificate" '^FAIL after a power cut right after "Admitted" the certificate is in certs/, whole: .* is missing'
caught "(b) ... partner remove's removal" '^FAIL after a power cut right after "Removed" the certificate stays removed'
caught "(b) ... init's hub.conf" '^FAIL after a power cut right after init hub.conf is there, whole: .* is missing'
caught "(b) ... regie init's agent.conf" '^FAIL after a power cut right after regie init agent.conf is there'
caught "(b) ... the agent's evidence" '^FAIL after a power cut right after (audit accept|outbox resend) the evidence is there'
mutant files.sh PL_DROP=sync:.
caught "(d) the helper without its file sync: the certificate is there, empty" \
    '^FAIL after a power cut right after "Admitted" the certificate is in certs/, whole: .*: 0 bytes'
caught "(d) ... the keys" '^FAIL (hub.secret|and the secret|identity.secret) is there, whole|^FAIL and the secret, whole'
mutant retention.sh PL_DROP=sync:hub.db
caught "(e) retention without the store's syncs" \
    '^FAIL (after a power cut right after "Retention done"|cut right after regiehub retention said done)'
t_end
