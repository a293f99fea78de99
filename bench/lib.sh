# shellcheck shell=bash
# bench/lib.sh - what the province-scale benchmarks share (sourced by
# bench/index.sh and bench/kpi.sh, from the repository's root, in bash
# with `set -euo pipefail`):
#   bench_setup N   the binary in BIN (MOTCUA_BENCH_BIN, or build/dev/motcua
#                   built here), a private folder TMP removed on exit with
#                   every process listed in PIDS, N generated dossiers in
#                   $TMP/in.jsonl (bench/gen_dossiers.c), their units and
#                   agencies imported, and DB, the arguments that point
#                   motcua at $TMP's database;
#   now             the time in seconds with nanoseconds;
#   bench_serve     `motcua serve` on a free port in the background, its
#                   address in URL (waits up to 30 s for it);
#   bench_best CMD  the best of three wall times of CMD, in seconds.

now() { date +%s.%N; }

bench_cleanup() {
    local pid
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}

bench_setup() {
    BIN=${MOTCUA_BENCH_BIN:-}
    if [ -z "$BIN" ]; then
        make -s BUILD=build/dev all >/dev/null
        BIN=build/dev/motcua
    fi
    TMP=$(mktemp -d)
    PIDS=
    trap bench_cleanup EXIT
    cc -std=c17 -O2 -Wall -Wextra -Werror bench/gen_dossiers.c -o "$TMP/gen_dossiers"
    "$TMP/gen_dossiers" "$1" >"$TMP/in.jsonl"
    DB=(--db "$TMP/m.db" --data-dir "$TMP")
    # The units and agencies the lines name (the dossier import refuses
    # agencies it does not know): T20.S00..S19 and X05977..X06276.UBND.
    "$TMP/gen_dossiers" --units >"$TMP/units.json"
    "$TMP/gen_dossiers" --agencies >"$TMP/agencies.csv"
    "$BIN" import units "$TMP/units.json" "${DB[@]}" >/dev/null 2>&1
    "$BIN" import agencies "$TMP/agencies.csv" "${DB[@]}" >/dev/null 2>&1
}

bench_serve() {
    MOTCUA_LOG_ACCESS=0 "$BIN" serve --port 0 "${DB[@]}" >"$TMP/serve.log" 2>&1 &
    PIDS="$PIDS $!"
    for _ in $(seq 1 300); do grep -q 'http://' "$TMP/serve.log" && break; sleep 0.1; done
    # shellcheck disable=SC2034  # read by the script that sources this file
    URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.log" | head -n 1)
}

bench_best() {
    local b=999 s e d
    for _ in 1 2 3; do
        s=$(now)
        "$@" >/dev/null 2>&1
        e=$(now)
        d=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.4f", b - a }')
        b=$(awk -v a="$b" -v c="$d" 'BEGIN { print (c < a) ? c : a }')
    done
    echo "$b"
}
