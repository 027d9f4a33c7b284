#!/bin/sh
# fuzz.sh - the fuzz targets: first every corpus file once (the regression
# inputs, with leak detection and no suppressions), then a timed run of each.
#   FUZZ_BUILD=build-fuzz FUZZ_SECONDS=30 sh tests/faults/fuzz.sh [TARGET...]
# Binaries come from `make fuzz-build`. The working corpus of each target
# grows in $FUZZ_BUILD/corpus/NAME (seeded from tests/fuzz/corpus/NAME, kept
# between runs); anything found is written to $FUZZ_BUILD/artifacts/ and
# fails the run: add the input to tests/fuzz/corpus/NAME/ as a regression.
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
SECONDS_=${FUZZ_SECONDS:-30}
TARGETS=${*:-envelope link config cert agent_json}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
passed=0; failed=0
ok () { echo "ok   $1"; passed=$((passed + 1)); }
fail () { echo "FAIL $1: $2"; failed=$((failed + 1)); }
mkdir -p "$FUZZ_BUILD/artifacts"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
total_runs=0
for t in $TARGETS; do
    bin="$FUZZ_BUILD/fuzz_$t"
    seeds="tests/fuzz/corpus/$t"
    if [ ! -x "$bin" ]; then fail "fuzz $t" "no $bin (make fuzz-build)"; continue; fi
    n=$(ls "$seeds" | wc -l)
    # 1. the corpus as regression tests: each input once, leaks are errors
    if ASAN_OPTIONS=detect_leaks=1 "$bin" -runs=0 -artifact_prefix="$FUZZ_BUILD/artifacts/regress-$t-" "$seeds" >"$FUZZ_BUILD/$t.regress.log" 2>&1; then
        ok "fuzz $t: all $n corpus inputs run clean"
    else
        fail "fuzz $t: all $n corpus inputs run clean" \
            "$(grep -E 'ERROR|SUMMARY|#[0-9]+ 0x.* in [a-z]' "$FUZZ_BUILD/$t.regress.log" | grep -v libFuzzer | head -n 6 | tr '\n' ' ')"
    fi
    # 2. a timed run from the grown corpus
    work="$FUZZ_BUILD/corpus/$t"
    mkdir -p "$work"
    max_len=""
    [ "$t" = envelope ] && max_len="-max_len=9000"
    # config: every ZPL syntax error leaks in CZMQ (see tests/fuzz/lsan.supp),
    # and a leak check after each such input slows the run 50-fold; the
    # regression run above keeps checking leaks on its corpus
    [ "$t" = config ] && max_len="-max_len=8192 -detect_leaks=0"
    # shellcheck disable=SC2086
    LSAN_OPTIONS="suppressions=$top/tests/fuzz/lsan.supp:print_suppressions=0" \
        "$bin" -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 $max_len \
        -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$t-" \
        "$work" "$seeds" >"$FUZZ_BUILD/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FUZZ_BUILD/$t.log" | tail -n 1)
    cov=$(grep -E '^#[0-9]+' "$FUZZ_BUILD/$t.log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    size=$(ls "$work" | wc -l)
    echo "fuzz $t: ${runs:-?} inputs in ${SECONDS_}s, coverage ${cov:-?} edges, corpus $size"
    total_runs=$((total_runs + ${runs:-0}))
    if [ "$rc" = 0 ]; then ok "fuzz $t: ${SECONDS_}s without a crash, leak or hang"
    else
        art=$(ls -t "$FUZZ_BUILD/artifacts/$t-"* 2>/dev/null | head -n 1)
        fail "fuzz $t: ${SECONDS_}s without a crash, leak or hang" \
            "exit $rc, input kept in $art; $(grep -E '^==[0-9]+==ERROR|SUMMARY' "$FUZZ_BUILD/$t.log" | head -n 2 | tr '\n' ' ')"
    fi
done
echo "figures: fuzz $total_runs inputs over $(echo $TARGETS | wc -w) targets, ${SECONDS_}s each"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
