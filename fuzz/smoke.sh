#!/bin/sh
# fuzz/smoke.sh - short fuzz run of every target over its seed corpus
# (run by scripts/test.sh).
#
#   fuzz/smoke.sh              every fuzz/fuzz_*.c target
#   fuzz/smoke.sh csv tmpl     just these targets
#
# FUZZ_TIME sets the seconds per target (default 12: the nine targets take
# about two minutes).  Known crashers in fuzz/regressions/<target>/ are
# replayed first.  Prints one line per target ("fuzz: NAME ok (...)" or
# "fuzz: NAME FAILED ..."); exits 1 on any crash, and saves the crashing
# input to fuzz/regressions/<target>/ to be committed with its fix.
set -eu
cd "$(dirname "$0")/.."

FUZZ_TIME=${FUZZ_TIME:-12}
sh fuzz/build.sh

if [ $# -gt 0 ]; then
    targets="$*"
else
    targets=$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done | sed 's/^fuzz_//')
fi

status=0
for target in $targets; do
    bin=build/fuzz/fuzz_$target
    corpus=fuzz/corpus/$target
    if [ ! -x "$bin" ] || [ ! -d "$corpus" ]; then
        echo "fuzz: $target FAILED (no $bin or no seed corpus $corpus/)"
        status=1
        continue
    fi
    work=$(mktemp -d)
    log=$work/fuzz.log
    # Inputs that once crashed must keep passing.
    if [ -d fuzz/regressions/$target ] && [ -n "$(ls fuzz/regressions/$target)" ]; then
        if "$bin" fuzz/regressions/$target/* >"$log" 2>&1; then
            echo "fuzz: $target regressions ok ($(ls fuzz/regressions/$target | wc -l) inputs)"
        else
            status=1
            grep -E 'ERROR|SUMMARY|Running: |runtime error' "$log" | head -n 20 || true
            echo "fuzz: $target-regressions FAILED (replaying fuzz/regressions/$target/)"
        fi
    fi
    # New inputs go to the scratch dir; the seed corpus in git is read-only.
    set +e
    "$bin" -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/" "$work" "$corpus" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz: $target ok (${runs:-?} runs in ${FUZZ_TIME}s)"
    else
        status=1
        grep -E 'ERROR|SUMMARY|runtime error|^    #[0-9]+ .* in ' "$log" | head -n 20 || true
        for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
            [ -e "$a" ] || continue
            mkdir -p fuzz/regressions/$target
            cp "$a" fuzz/regressions/$target/
            echo "fuzz: saved fuzz/regressions/$target/$(basename "$a")"
        done
        echo "fuzz: $target FAILED (exit $rc; full log kept in build/fuzz/$target.log)"
        cp "$log" build/fuzz/$target.log
    fi
    rm -rf "$work"
done
exit $status
