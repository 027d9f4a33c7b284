#!/bin/sh
# run.sh - runs the power-loss proofs and adds up their counts.
#   BUILD=build sh tests/powerloss/run.sh [FILTER]
# Parts: powerloss (hub and agents under load), syncpoints (a short hub run
# cut at each of its sync points), restore (restore cut at every sync point,
# backup right after it), retention (retention cut at every sync point, and
# right after it said done), files (every file a command reports, cut right
# after it), selftest (the harness's model, and the proof failing on the
# mutations). Each prints "N passed, N failed" last.
BUILD=${BUILD:-build}
FILTER=${1:-}
export BUILD
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
passed=0; failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
for part in powerloss syncpoints restore retention files selftest; do
    if [ -n "$FILTER" ] && ! echo "$part" | grep -q -- "$FILTER"; then continue; fi
    [ -f "tests/powerloss/$part.sh" ] || continue
    echo "== $part"
    t0=$(date +%s)
    timeout 900 sh "tests/powerloss/$part.sh" >"$log" 2>&1
    grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $part: ended without a result line"
        failed=$((failed + 1))
        continue
    fi
    p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    echo "   ($part: $(( $(date +%s) - t0 ))s)"
done
echo "test-powerloss: $(( $(date +%s) - start ))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
