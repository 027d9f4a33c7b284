#!/bin/sh
# The manual pages and the bash completion: the pages render without a
# warning, name every command the programs' own help lists, carry the
# programs' release; `make install` puts pages and completion where man and
# bash find them, and the completion offers what the programs' help lists.
. "$(dirname "$0")/agent_lib.sh"
t_setup
for page in regie.1 regiehub.8; do
    out=$(groff -man -Tutf8 -ww -z "$TOP/docs/man/$page" 2>&1)
    t_equal "$page renders without a warning" "" "$out"
done

# every command of the help, as the page marks it (.B name, - as \-)
missing () {
    for c in $1; do
        grep -qE "^\.B(R|I)? \"?$(printf '%s' "$c" | sed 's/-/\\\\-/g')( |\"|$)" "$2" || printf '%s ' "$c"
    done
}
REGIE_CMDS=$("$REGIE" --help --lang en | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort -u)
t_equal "regie.1 names every command of regie --help" "" "$(missing "$REGIE_CMDS" "$TOP/docs/man/regie.1")"
HUB_CMDS=$("$HUB" --help --lang en | sed -n 's/^  \([a-z][a-z-]*\)\( [a-z][a-z]*\)\{0,1\}.*/\1/p' | sort -u)
t_equal "regiehub.8 names every command of regiehub --help" "" \
    "$(for c in $HUB_CMDS; do grep -qE "^\.(B|BI|BR) \"?$c( |\"|$)" "$TOP/docs/man/regiehub.8" || printf '%s ' "$c"; done)"
t_expect "regie --help lists commands (the check above is not empty)" "signal" "$REGIE_CMDS"
t_expect "regiehub --help lists commands" "partner" "$HUB_CMDS"

release=$("$HUB" --version --lang en | sed -n 's/^regiehub \([0-9.]*\) .*/\1/p')
t_expect "regiehub.8 carries the release ($release)" "^\.TH REGIEHUB 8 .*\"regiehub $release\"" \
    "$(head -1 "$TOP/docs/man/regiehub.8")"
t_expect "regie.1 carries the release ($release)" "^\.TH REGIE 1 .*\"regiehub $release\"" \
    "$(head -1 "$TOP/docs/man/regie.1")"

make -C "$TOP" --no-print-directory install BUILD="$BUILD" DESTDIR="$T_DIR/root" PREFIX=/usr \
    >"$T_DIR/install.out" 2>&1
t_equal "make install runs" 0 $?
t_equal "it installs the manual pages" "ok ok" \
    "$([ -f "$T_DIR/root/usr/share/man/man1/regie.1" ] && echo ok) $([ -f "$T_DIR/root/usr/share/man/man8/regiehub.8" ] && echo ok)"
t_expect "man reads the installed page" "partner agent of a regiehub network" \
    "$(MANWIDTH=100 man -l "$T_DIR/root/usr/share/man/man1/regie.1" 2>/dev/null | col -b 2>/dev/null || MANWIDTH=100 man -l "$T_DIR/root/usr/share/man/man1/regie.1")"

# bash completion, as a person at a prompt gets it (the programs on PATH)
comp () {
    PATH="$BIN:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _regiehub_complete; echo "${COMPREPLY[*]}"' \
        _ "$T_DIR/root/usr/share/bash-completion/completions/regie" "$@"
}
t_equal "completion: regie si<TAB> gives signal" "signal" "$(comp regie si)"
t_equal "completion: regie signal --lee<TAB> gives --leefgebied" "--leefgebied" "$(comp regie signal --lee)"
t_expect "completion: regie inbox --<TAB> offers --id and --all" "--all .*--id" "$(comp regie inbox --)"
t_equal "completion: regiehub par<TAB> gives partner, once" "partner" "$(comp regiehub par)"
t_equal "completion: regiehub partner --fi<TAB> gives --fingerprint" "--fingerprint" "$(comp regiehub partner --fi)"
t_equal "completion: --lang offers the languages" "nl en" "$(comp regie status --lang '')"
t_end
