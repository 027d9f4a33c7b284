#!/bin/sh
# run.sh - runs the fault proofs and adds up their counts (like tests/run.sh).
#   BUILD=build FUZZ_BUILD=build-fuzz sh tests/faults/run.sh [FILTER]
# Parts: kill9, diskfull, soak, reload, restore, then fuzz. Each prints "N passed, N failed"
# last; a part that skips says so on a "skipped" line and counts nothing.
BUILD=${BUILD:-build}
FILTER=${1:-}
export BUILD
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
passed=0; failed=0; skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
for part in kill9 diskfull soak reload restore fuzz; do
    if [ -n "$FILTER" ] && ! echo "$part" | grep -q -- "$FILTER"; then continue; fi
    echo "== $part"
    t0=$(date +%s)
    timeout 900 sh "tests/faults/$part.sh" >"$log" 2>&1
    grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    s=$(grep -c '^skipped ' "$log")
    skipped=$((skipped + s))
    if [ -z "$line" ]; then
        echo "FAIL $part: ended without a result line"
        failed=$((failed + 1))
        continue
    fi
    p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    echo "   ($part: $(( $(date +%s) - t0 ))s)"
done
echo "test-faults: $(( $(date +%s) - start ))s, $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
