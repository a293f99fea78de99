#!/bin/bash
# bench/index.sh - the 766 index at province scale (docs/internals/index.md):
#   1. `motcua import dossiers` of N generated dossiers (default 1,000,000),
#      which also builds the index counters in the same transaction;
#   2. `motcua index --period P` (the province, every agency and commune
#      ranked, previous period included), target < 2 s;
#   3. latency of GET /api/v1/index for the current month while a writer
#      loop imports small batches of dossiers (each batch updates the
#      counters in its transaction), target p99 < 10 ms.
# Prints both figures with their ratio to the target.
#
#   INDEX_BENCH_N      dossiers to generate (default 1000000)
#   INDEX_BENCH_REQS   API requests to time (default 2000)
#   MOTCUA_BENCH_BIN   motcua binary (default: build/dev/motcua, built here;
#                      the scaffolding is bench/lib.sh)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
N=${INDEX_BENCH_N:-1000000}
REQS=${INDEX_BENCH_REQS:-2000}
. bench/lib.sh
bench_setup "$N"

t0=$(now)
"$BIN" import dossiers "$TMP/in.jsonl" "${DB[@]}" >/dev/null 2>&1
t1=$(now)
# The generator's dossiers span 2025; rank its busiest month.
PERIOD=${INDEX_BENCH_PERIOD:-2025-06}
"$BIN" index --period "$PERIOD" "${DB[@]}" >"$TMP/rank.json" 2>/dev/null
t2=$(now)
"$BIN" index --period "$PERIOD" "${DB[@]}" --format xlsx --output "$TMP/rank.xlsx" 2>/dev/null
t3=$(now)
UNITS=$(grep -o '"rank":' "$TMP/rank.json" | wc -l)
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v u="$UNITS" -v p="$PERIOD" 'BEGIN {
    printf "index: import %d dossiers with counters: %.1f s (budget 60 s: %.0f%%)\n", n, b - a, 100 * (b - a) / 60;
    printf "index: motcua index --period %s (province + %d units ranked): %.2f s (target 2 s: %.0f%%)\n", p, u, c - b, 100 * (c - b) / 2;
    printf "index: the same as xlsx: %.2f s\n", d - c;
}'

# ---------------------------------------------------------------- API under writes
bench_serve
MONTH=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)
# Writer: batches of 50 dossiers received now, new codes each time.
(
    i=0
    while :; do
        i=$((i + 1))
        f="$TMP/batch.jsonl"
        : >"$f"
        ts=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%dT%H:%M:%S+07:00)
        due=$(TZ=Asia/Ho_Chi_Minh date -d '+5 days' +%Y-%m-%dT%H:%M:%S+07:00)
        for k in $(seq 1 50); do
            printf '{"MaHoSo":"W-%d-%d","MaTTHC":"1.001000","MaDonVi":"T20.S%02d","KenhThucHien":2,"TrangThaiHoSo":4,"NgayTiepNhan":"%s","NgayHenTra":"%s"}\n' \
                "$i" "$k" $((k % 20)) "$ts" "$due" >>"$f"
        done
        "$BIN" import dossiers "$f" "${DB[@]}" >/dev/null 2>&1 || true
    done
) &
WRITER=$!
PIDS="$PIDS $WRITER"
sleep 1
curl -fsS -o /dev/null "$URL/api/v1/index?period=$MONTH"
for i in $(seq 1 "$REQS"); do
    if [ $((i % 2)) = 0 ]; then u="&unit=T20.S$(printf %02d $((i % 20)))"; else u=""; fi
    curl -s -o /dev/null -w '%{time_total}\n' "$URL/api/v1/index?period=$MONTH$u"
done >"$TMP/lat"
kill -TERM "$WRITER" 2>/dev/null || true
BATCHES=$(grep -c . "$TMP/lat" || true)
sort -n "$TMP/lat" | awk -v m="$MONTH" '{ v[NR] = $1 } END {
    p50 = v[int(NR * 0.5)]; p99 = v[int(NR * 0.99)];
    printf "index: GET /api/v1/index?period=%s during imports: %d requests, p50 %.2f ms, p99 %.2f ms (target 10 ms: %.0f%%)\n",
        m, NR, p50 * 1000, p99 * 1000, p99 * 100000 / 10;
}'
WROTE=$(sqlite3 "$TMP/m.db" "SELECT count(*) FROM dossiers WHERE code LIKE 'W-%'" 2>/dev/null || echo '?')
echo "index: dossiers written by the writer meanwhile: $WROTE"
