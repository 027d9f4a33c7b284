#!/bin/sh
# The README stays true: every regiehub and regie command it shows in code
# (fenced blocks and `spans`) exists, every make target it names is defined,
# and every file it links to is there.
. "$(dirname "$0")/lib.sh"
t_setup
README="$TOP/README.md"
python3 - "$README" >"$T_DIR/commands" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
code = re.findall(r'```sh\n(.*?)```', text, re.S) + re.findall(r'`([^`\n]+)`', text)
seen = set()
for block in code:
    for m in re.finditer(r'(?:^|[ \t($])(regiehub|regie|make)[ \t]+([a-z][a-z-]*)', block, re.M):
        if m.group(2) not in ('regie', 'regiehub'):     # sudo -u regie regie ...
            seen.add((m.group(1), m.group(2)))
for prog, sub in sorted(seen):
    print(prog, sub)
PY
hub_help=$("$HUB" --help)
while read -r prog sub; do
    case "$prog" in
        regiehub)
            if printf '%s\n' "$hub_help" | grep -qE "^  $sub( |$)"; then t_ok "regiehub $sub exists"
            else t_fail "regiehub $sub exists" "not in regiehub --help"; fi ;;
        regie)
            if "$BIN/regie" "$sub" --help >/dev/null 2>&1; then t_ok "regie $sub exists"
            else t_fail "regie $sub exists" "regie $sub --help failed"; fi ;;
        make)
            if make -C "$TOP" -n "$sub" >/dev/null 2>&1; then t_ok "make $sub is defined"
            else t_fail "make $sub is defined" "make -n $sub failed"; fi ;;
    esac
done <"$T_DIR/commands"
for f in $(grep -oE '\]\([a-zA-Z_/.-]+[^)]*\)' "$README" | sed 's/^](//; s/)$//; s/#.*//' | sort -u); do
    if [ -e "$TOP/$f" ]; then t_ok "link $f exists"; else t_fail "link $f exists" "no such file"; fi
done
t_end
