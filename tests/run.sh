#!/bin/sh
# Runs every test part and adds up their counts into one closing line.
#   BUILD=build sh tests/run.sh [FILTER]
# Parts: the unit-test binary, then each tests/integration/*.sh (real
# programs on 127.0.0.1). Each part prints "N passed, N failed" last.
BUILD=${BUILD:-build}
FILTER=${1:-}
export BUILD
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {   # count NAME: adds the part's closing line to the totals
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $1: ended without a result line"
        failed=$((failed + 1))
        return
    fi
    p=${line%% passed*}
    f=${line#*passed, }
    f=${f%% failed*}
    passed=$((passed + p))
    failed=$((failed + f))
}

echo "== unit tests"
"$BUILD/unit-tests" $FILTER >"$log" 2>&1
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
count unit-tests

for t in tests/integration/*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    case "$name" in lib|*_lib) continue ;; esac
    if [ -n "$FILTER" ] && ! echo "$name" | grep -q -- "$FILTER"; then continue; fi
    echo "== $name"
    timeout 600 sh "$t" >"$log" 2>&1
    grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$log"
    count "$name"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
