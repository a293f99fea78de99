#!/bin/bash
# scripts/test.sh - build under ASan+UBSan and run every test layer
# (run by `make test`, after scripts/install-deps.sh).
#
#   scripts/test.sh            every layer below
#   scripts/test.sh --quick    unit, checker and HTTP tests only (also QUICK=1)
#   DB=sqlite | DB=postgres    one storage backend only (default: both lanes)
#   MOTCUA_TEST_JOBS=N         HTTP test files run at once (default 2)
#
# The unit, HTTP and browser layers run once per storage backend ("lane"):
# on SQLite (a file per test) and on PostgreSQL (a private cluster that
# scripts/pg.sh starts in a temporary folder and stops at the end; each
# test gets a database made from a migrated template).  The PostgreSQL
# lane also checks that every named statement prepares there
# (scripts/check-sql.mjs).  ThreadSanitizer, the checker tests and the
# fuzz smoke run once.
#
# Layers: cmocka unit tests (build/asan/tests/unit/**/test_*), the threaded
# unit tests again under ThreadSanitizer (make tsan-unit, build/tsan), the
# tests of the checkers in scripts/ (tests/checks/*.test.mjs), black-box
# HTTP tests (tests/http/*.test.mjs), browser journeys
# (tests/browser/*.test.mjs) and fuzz/smoke.sh when clang is installed.
# Each layer's output is shown as it runs; the last line is the summary
#   tests: N passed, M failed[, K skipped]
# The exit status is non-zero if any test failed or any binary crashed.
# See docs/testing.md.
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)

quick=${QUICK:-0}
lanes=${DB:-both}
case $lanes in
both) lanes="sqlite postgres" ;;
sqlite|postgres) ;;
postgresql) lanes=postgres ;;
*) echo "test.sh: DB must be sqlite, postgres or unset (both)" >&2; exit 2 ;;
esac
for arg in "$@"; do
    case $arg in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

BUILD=build/asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CMOCKA_MESSAGE_OUTPUT=stdout
export MOTCUA_BIN=$ROOT/$BUILD/motcua
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

passed=0
failed=0
skipped=0
problems=()    # one line per failed binary / layer, repeated at the end

LOGDIR=$(mktemp -d)
trap 'rm -rf "$LOGDIR"' EXIT   # and the PostgreSQL cluster, below

STARTED=$(date +%s)
section() {   # the minutes and seconds since the start, to see where the time goes
    local t=$(( $(date +%s) - STARTED ))
    printf '\n==== [%d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"
}

summary() {
    local line="tests: $passed passed, $failed failed"
    [ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
    if [ ${#problems[@]} -gt 0 ]; then
        printf '\nproblems:\n'
        printf '  %s\n' "${problems[@]}"
    fi
    echo "$line"
}

# Sum the first number of every line matching an extended regex.
sum_matches() {   # file regex
    grep -E "$2" "$1" | sed -E 's/[^0-9]*([0-9]+).*/\1/' | awk '{ s += $1 } END { print s + 0 }'
}

# ------------------------------------------------------------------ build
# The optimised build first: -O2 finds warnings (e.g. format truncation)
# that the -O1 sanitizer build does not, and `make demo` uses it.
section "build: make -j2 all (the binary make demo runs)"
if ! make -j2 all; then
    failed=$((failed + 1))
    problems+=("optimised build failed")
    summary
    exit 1
fi

section "build: make SANITIZE=1 -j2 all unit"
if ! make SANITIZE=1 -j2 all unit; then
    failed=$((failed + 1))
    problems+=("build failed")
    summary
    exit 1
fi

# ------------------------------------------------------------------ unit
run_unit_layer() {   # lane
    local lane=$1 bin log rc p f s i running=0
    local jobs=${MOTCUA_TEST_JOBS:-2}
    section "unit tests (cmocka) [$lane]"
    mapfile -t unit_bins < <(find "$BUILD/tests/unit" -type f -name 'test_*' -perm -u+x \
        ! -name '*.d' ! -name '*.o' 2>/dev/null | sort)
    # On PostgreSQL only the tests that open a database (tests/unit/testdb.h
    # reads MOTCUA_TEST_PG) run again: the others do not depend on the backend.
    if [ "$lane" = postgres ]; then
        mapfile -t unit_bins < <(for bin in "${unit_bins[@]}"; do
            grep -q MOTCUA_TEST_PG "$bin" && echo "$bin"; done)
    fi
    if [ ${#unit_bins[@]} -eq 0 ]; then
        echo "(no unit test binaries)"
    fi
    # $jobs binaries at a time, each into its own log; the logs are shown
    # and counted in order afterwards.
    for i in "${!unit_bins[@]}"; do
        if [ "$running" -ge "$jobs" ]; then
            wait -n
            running=$((running - 1))
        fi
        ( "${unit_bins[$i]}" >"$LOGDIR/unit-$i.log" 2>&1; echo $? >"$LOGDIR/unit-$i.rc" ) &
        running=$((running + 1))
    done
    wait
    for i in "${!unit_bins[@]}"; do
        bin=${unit_bins[$i]}
        log=$LOGDIR/unit-$i.log
        echo "---- $bin"
        cat "$log"
        rc=$(cat "$LOGDIR/unit-$i.rc" 2>/dev/null || echo 1)
        p=$(sum_matches "$log" '^\[  PASSED  \] [0-9]+ test')
        f=$(sum_matches "$log" '^\[  FAILED  \] [0-9]+ test')
        s=$(sum_matches "$log" '^\[  SKIPPED \] [0-9]+ test')
        passed=$((passed + p))
        failed=$((failed + f))
        skipped=$((skipped + s))
        if [ "$rc" -ne 0 ]; then
            if [ "$f" -eq 0 ]; then   # no cmocka verdict: it crashed or aborted
                failed=$((failed + 1))
                problems+=("$bin [$lane] crashed (exit $rc)")
            else
                problems+=("$bin [$lane]: $f failed")
            fi
            # the lines that say why, so the summary at the end shows them
            while IFS= read -r why; do problems+=("    ${why:0:200}"); done < <(
                grep -E 'FAILED|ERROR|[Ee]rror|[Ff]ail|Sanitizer|Assert|error ' "$log" |
                    grep -vE '^\[  (FAILED|PASSED) +\] [0-9]+ test' | tail -4)
        fi
    done
}

# ------------------------------------------------------------------ tsan
# The unit tests that run code on several threads, again under
# ThreadSanitizer (Makefile TSAN_TESTS); a data race fails the binary.
run_tsan() {
    section "threaded unit tests under ThreadSanitizer (make tsan-unit)"
    if ! make -j2 tsan-unit; then
        failed=$((failed + 1))
        problems+=("ThreadSanitizer build failed")
        return
    fi
    local bins=() bin log rc p f
    mapfile -t bins < <(make -s --no-print-directory print-tsan-bins)
    for bin in "${bins[@]}"; do
        log=$LOGDIR/tsan.log
        echo "---- $bin"
        env -u ASAN_OPTIONS -u UBSAN_OPTIONS \
            TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$bin" 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
        p=$(sum_matches "$log" '^\[  PASSED  \] [0-9]+ test')
        f=$(sum_matches "$log" '^\[  FAILED  \] [0-9]+ test')
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$rc" -ne 0 ]; then
            if [ "$f" -eq 0 ]; then   # no cmocka verdict: a race report or a crash
                failed=$((failed + 1))
                problems+=("$bin (ThreadSanitizer) failed (exit $rc)")
            else
                problems+=("$bin (ThreadSanitizer): $f failed")
            fi
        fi
    done
}

if [ "$quick" = 1 ]; then
    section "threaded unit tests under ThreadSanitizer: skipped (--quick)"
else
    run_tsan
fi

# ------------------------------------------------------------------ node layers
# The browser tests the PostgreSQL lane runs: the citizen's and the staff's journeys.
PG_BROWSER='/(demo_journey|dossier_journey|feedback|account)\.test\.mjs$'
run_node_layer() {   # name folder
    local name=$1 dir=$2
    section "$name tests (node --test $dir/) [$lane]"
    local files=()
    if [ -d "$dir" ]; then
        mapfile -t files < <(find "$dir" -name '*.test.mjs' -type f | sort)
    fi
    # On PostgreSQL the browser layer runs the journeys only (the pages
    # themselves are the same on both backends; CI time stays bounded).
    if [ "$name" = browser ] && [ "$lane" = postgres ]; then
        mapfile -t files < <(printf '%s\n' "${files[@]}" | grep -E "$PG_BROWSER")
    fi
    if [ ${#files[@]} -eq 0 ]; then
        echo "(no $dir/*.test.mjs files: skipped)"
        return
    fi
    local tap=$LOGDIR/$name-$lane.tap
    # HTTP test files mostly wait on their server: two at a time keep both
    # cores busy.  Browser files run one at a time (each drives a chromium).
    local jobs=1
    [ "$name" = http ] && jobs=${MOTCUA_TEST_JOBS:-2}
    # spec for people on stdout, TAP in a file for the counts
    node --test --test-concurrency="$jobs" --test-timeout=240000 \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
    local rc=$?
    local p f s c
    p=$(sum_matches "$tap" '^# pass [0-9]+')
    f=$(sum_matches "$tap" '^# fail [0-9]+')
    s=$(sum_matches "$tap" '^# skipped [0-9]+')
    c=$(sum_matches "$tap" '^# cancelled [0-9]+')
    passed=$((passed + p))
    failed=$((failed + f + c))
    skipped=$((skipped + s))
    if [ "$rc" -ne 0 ]; then
        if [ $((f + c)) -eq 0 ]; then
            failed=$((failed + 1))
            problems+=("$name tests [$lane]: node exited $rc without a failed test")
        else
            problems+=("$name tests [$lane]: $f failed, $c cancelled")
        fi
    fi
}

# ------------------------------------------------------------------ lanes
PGDIR=
stop_pg() {
    if [ -n "$PGDIR" ]; then
        sh scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1
        rm -rf "$PGDIR"
        PGDIR=
    fi
}
trap 'stop_pg; rm -rf "$LOGDIR"' EXIT

# Start the PostgreSQL lane's cluster and its migrated template database.
start_pg() {
    PGDIR=$(mktemp -d /tmp/motcua-pg-XXXXXX)
    local admin
    if ! admin=$(PG_FAST=1 sh scripts/pg.sh start "$PGDIR"); then
        return 1
    fi
    sh scripts/pg.sh createdb "$PGDIR" motcua_template >/dev/null &&
        "$MOTCUA_BIN" migrate --db "${admin%/*}/motcua_template" >/dev/null 2>&1 || return 1
    export MOTCUA_TEST_PG=$admin
    export MOTCUA_TEST_PG_TEMPLATE=motcua_template
}

# The checkers' tests read files only: once, whatever the lanes.
if command -v node >/dev/null 2>&1; then
    lane=files
    run_node_layer checks tests/checks
fi

# When the PostgreSQL lane fails: what the cluster said and the disk it is on
# (a server error explains failures the tests report only as "io").  The
# statements prepared without parameter types are scripts/check-sql.mjs's.
pg_diagnose() {
    section "PostgreSQL lane failed: the cluster's errors and free disk"
    df -h "$PGDIR" 2>/dev/null
    grep -E 'ERROR|FATAL|PANIC|WARNING|terminated|killed' "$PGDIR/server.log" 2>/dev/null |
        grep -v 'could not determine data type of parameter' | tail -40
    problems+=("    PostgreSQL cluster: $(df -h --output=avail "$PGDIR" 2>/dev/null | tail -1 |
        tr -d ' ') free on its disk at the end; its last errors:")
    while IFS= read -r why; do problems+=("    ${why:0:200}"); done < <(
        grep -E 'ERROR|FATAL|PANIC' "$PGDIR/server.log" 2>/dev/null |
            grep -v 'could not determine data type of parameter' | tail -4)
}

for lane in $lanes; do
    problems_before=${#problems[@]}
    if [ "$lane" = postgres ]; then
        section "PostgreSQL lane: private cluster (scripts/pg.sh)"
        if ! start_pg; then
            failed=$((failed + 1))
            problems+=("PostgreSQL lane: cannot start a private cluster (scripts/pg.sh)")
            stop_pg
            continue
        fi
        echo "cluster: $MOTCUA_TEST_PG"
        section "named statements prepare on PostgreSQL (scripts/check-sql.mjs) [$lane]"
        if node scripts/check-sql.mjs --db "${MOTCUA_TEST_PG%/*}/motcua_template" \
            --bin "$MOTCUA_BIN"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            problems+=("named statements that do not prepare on PostgreSQL (check-sql.mjs)")
        fi
    else
        unset MOTCUA_TEST_PG MOTCUA_TEST_PG_TEMPLATE
    fi
    run_unit_layer "$lane"
    if ! command -v node >/dev/null 2>&1; then
        failed=$((failed + 1))
        problems+=("node not found: run scripts/install-deps.sh")
    else
        run_node_layer http tests/http
        if [ "$quick" = 1 ]; then
            section "browser tests: skipped (--quick) [$lane]"
        else
            run_node_layer browser tests/browser
        fi
    fi
    if [ "$lane" = postgres ]; then
        [ ${#problems[@]} -gt "$problems_before" ] && pg_diagnose
        stop_pg
        unset MOTCUA_TEST_PG MOTCUA_TEST_PG_TEMPLATE
    fi
done

# ------------------------------------------------------------------ fuzz
if [ "$quick" = 1 ]; then
    section "fuzz smoke: skipped (--quick)"
elif ! command -v clang >/dev/null 2>&1; then
    section "fuzz smoke: skipped (no clang)"
else
    section "fuzz smoke (fuzz/smoke.sh)"
    log=$LOGDIR/fuzz.log
    # libFuzzer handles crashes itself; the unit-test sanitizer options do not apply.
    env -u ASAN_OPTIONS -u UBSAN_OPTIONS sh fuzz/smoke.sh 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    ok=$(grep -cE '^fuzz: [^ ]+ ok' "$log")
    bad=$(grep -cE '^fuzz: [^ ]+ FAILED' "$log")
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$rc" -ne 0 ]; then
        [ "$bad" -eq 0 ] && failed=$((failed + 1))
        problems+=("fuzz smoke failed (exit $rc)")
    fi
fi

printf '\n'
summary
[ "$failed" -eq 0 ]
