#!/bin/bash
# bench/search.sh - the catalogue search on its own: requests/s and latency
# of the search API through HTTP against the raw FTS5 ranked MATCH loop
# over the same table and queries (bench/fts5_raw.py), in one run, and the
# ranking quality on the FAQ questions (bench/search_quality.py).
#
# The server runs on CPU 1 (`taskset -c 1`), wrk (one thread) on CPU 0,
# the raw loop on CPU 1 after the server's runs, as bench/run.sh pins.
# Two search URLs: /api/v1/procedures (the answer for one query is kept in
# the page cache, so a repeated query is served from memory) and
# /api/v1/procedure-suggestions (never cached: every request searches).
#
#   MOTCUA_BENCH_BIN  the binary (default build/dev/motcua, built here)
#   DB                sqlite (default) or postgres (a private cluster, scripts/pg.sh)
#   BENCH_DURATION    wrk duration per run (default 10s)
#   BENCH_CONNS       wrk connections (default 32)
#   BENCH_DATA        shared data folder (default ../shared/data)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-32}
DATA=${BENCH_DATA:-../shared/data}
CATALOG=$DATA/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz
FAQ=$DATA/hoi_dap/dvc_cau_hoi_thuong_gap_814_kem_ma_thu_tuc.csv
for f in "$CATALOG" "$FAQ"; do
    [ -r "$f" ] || { echo "bench/search: $f not found" >&2; exit 1; }
done
if [ -n "${MOTCUA_BENCH_BIN:-}" ]; then
    BIN=$MOTCUA_BENCH_BIN
else
    make -s -j2 >/dev/null
    BIN=build/dev/motcua
fi
if [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=(taskset -c 1)
    CLIENT_CPU=(taskset -c 0)
else
    SERVER_CPU=()
    CLIENT_CPU=()
fi

TMP=$(mktemp -d)
PIDS=
PGDIR=
cleanup() {
    local pid
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    [ -n "$PGDIR" ] && sh scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1
    rm -rf "$TMP" ${PGDIR:+"$PGDIR"}
}
trap cleanup EXIT INT TERM

case ${DB:-sqlite} in
sqlite) URLDB=$TMP/bench.db ;;
postgres|postgresql)
    PGDIR=$(mktemp -d /tmp/motcua-bench-search-XXXXXX)
    sh scripts/pg.sh start "$PGDIR" >/dev/null
    URLDB=$(sh scripts/pg.sh createdb "$PGDIR" search)
    ;;
*) echo "bench/search: DB must be sqlite or postgres" >&2; exit 2 ;;
esac

"$BIN" import procedures "$CATALOG" --db "$URLDB" --data-dir "$TMP" >"$TMP/import.log" 2>&1 || {
    cat "$TMP/import.log" >&2
    exit 1
}
python3 bench/search_quality.py paths "$FAQ" "$TMP/paths"
sed 's|^/api/v1/procedures|/api/v1/procedure-suggestions|' "$TMP/paths" >"$TMP/suggest"

MOTCUA_LOG_ACCESS=0 "${SERVER_CPU[@]}" "$BIN" serve --port 0 --db "$URLDB" --data-dir "$TMP" \
    >"$TMP/serve.log" 2>&1 &
PIDS="$PIDS $!"
for _ in $(seq 1 600); do grep -q 'http://' "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.log" | head -n 1)
[ -n "$URL" ] || { cat "$TMP/serve.log" >&2; exit 1; }

ROWS=()
# run NAME PATHS CONNS: one measured wrk run over the paths; sets RPS.
run() {
    local out lat
    "${CLIENT_CPU[@]}" wrk -t1 -c"$3" -d1s -s bench/search.lua "$URL" -- "$2" >/dev/null
    out=$("${CLIENT_CPU[@]}" wrk -t1 -c"$3" -d"$DURATION" -s bench/search.lua "$URL" -- "$2")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "bench/search: warning: errors in $1:" >&2
        grep -E 'Non-2xx|Socket errors' <<<"$out" >&2
    fi
    RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    lat=$(awk '$1 == "bench-latency-us" {
        printf "%.2f / %.2f / %.2f ms", $3 / 1000, $5 / 1000, $7 / 1000 }' <<<"$out")
    ROWS+=("$(printf '%-22s %10.0f /s  -c%-3s p50/p90/p99 %s' "$1" "$RPS" "$3" "$lat")")
}

echo "bench/search: $(wc -l <"$TMP/paths") queries, ${DB:-sqlite}, $BIN"
run search-api "$TMP/paths" "$CONNS"
API=$RPS
run search-suggest "$TMP/suggest" "$CONNS"
SUGGEST=$RPS
run search-suggest-1conn "$TMP/suggest" 1
QUALITY=$(python3 bench/search_quality.py measure "$FAQ" "$URL")
RAW=0
if [ "${DB:-sqlite}" = sqlite ]; then
    RAW=$("${SERVER_CPU[@]}" python3 bench/fts5_raw.py "$TMP/bench.db" "$TMP/paths" \
        "${DURATION%s}" | awk '$1 == "fts5-raw" { print $2 }')
fi
printf '\n%-22s %12s\n' search figure
printf '%s\n' "${ROWS[@]}"
if [ "$RAW" != 0 ]; then
    awk -v f="$RAW" -v a="$API" -v s="$SUGGEST" 'BEGIN {
        printf "%-22s %10.0f /s  search-api %.2fx, search-suggest %.2fx (target >= 2x)\n",
            "fts5-raw-and", f, a / f, s / f }'
fi
echo "$QUALITY" | awk '{ printf "%-22s %d FAQ questions: top-1 %.1f%%, top-3 %.1f%%\n",
    "search-quality", $2, $4, $6 }'
