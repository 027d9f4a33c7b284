#!/bin/sh
# The demo is a test too: it plays the whole story through the real
# programs and must end with every step as the story says.
. "$(dirname "$0")/lib.sh"
t_setup
out=$(sh "$TOP/tools/demo.sh" --quiet --dir "$T_DIR/net" 2>&1); rc=$?
t_equal "make demo plays the story to the end" 0 "$rc"
t_expect "every step did what it should" "The story played through" "$out"
t_absent "no step was unexpected" "UNEXPECTED|MISSING" "$out"
t_end
