#!/bin/bash
# bench/kpi.sh - the board of the 1588 targets (docs/internals/kpi.md) for a
# province with N generated dossiers (default 1,000,000):
#   1. `motcua import dossiers` of the generated dossiers (the 766 counters
#      are built in the same transaction), the province's 300 communes and
#      320 agencies, and the adult population of every commune for the year;
#   2. the board for a year, all units: every KPI of the province
#      (`motcua kpi --period 2025`), the trend of one KPI over five years
#      and its value in every commune (`--map`, the board's map), each the
#      best of three runs; target < 1 s for the three together;
#   3. GET /api/v1/kpi for the year (the public subset), p50 and p99.
# Prints the figures with their ratio to the target.
#
#   KPI_BENCH_N      dossiers to generate (default 1000000)
#   KPI_BENCH_REQS   API requests to time (default 200)
#   MOTCUA_BENCH_BIN motcua binary (default: build/dev/motcua, built here;
#                    the scaffolding is bench/lib.sh)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
N=${KPI_BENCH_N:-1000000}
REQS=${KPI_BENCH_REQS:-200}
. bench/lib.sh
bench_setup "$N"

# The adult population of the generator's communes (bench_setup imported
# its units and agencies: X05977..X06276.UBND).
{
    echo 'ma_mau_so,ma_don_vi,nam,gia_tri'
    for i in $(seq 0 299); do printf 'dan_so_truong_thanh,%05d,2025,%d\n' $((5977 + i)) $((8000 + i * 37)); done
} >"$TMP/adults.csv"

t0=$(now)
"$BIN" import dossiers "$TMP/in.jsonl" "${DB[@]}" >/dev/null 2>&1
t1=$(now)
"$BIN" import kpi-denominators "$TMP/adults.csv" "${DB[@]}" >/dev/null 2>&1

"$BIN" kpi --period 2025 "${DB[@]}" >"$TMP/kpi.json"
grep -q '"ho_so_hoan_toan_truc_tuyen"' "$TMP/kpi.json"
TABLE=$(bench_best "$BIN" kpi --period 2025 "${DB[@]}")
MAP=$(bench_best "$BIN" kpi --period 2025 --map ho_so_hoan_toan_truc_tuyen "${DB[@]}")
TREND=$(bench_best bash -c "for y in 2021 2022 2023 2024 2025; do \"$BIN\" kpi --period \$y --db \"$TMP/m.db\" --data-dir \"$TMP\" >/dev/null; done")
COMMUNES=$("$BIN" kpi --period 2025 --map ho_so_hoan_toan_truc_tuyen "${DB[@]}" | grep -o '"unit":' | wc -l)
awk -v n="$N" -v a="$t0" -v b="$t1" -v t="$TABLE" -v m="$MAP" -v r="$TREND" -v c="$COMMUNES" 'BEGIN {
    printf "kpi: import %d dossiers with counters: %.1f s\n", n, b - a;
    printf "kpi: every KPI of the province, year 2025: %.3f s\n", t;
    printf "kpi: one KPI in each of %d communes (the map): %.3f s\n", c, m;
    printf "kpi: all KPIs for five years (the trend, five runs): %.3f s\n", r;
    printf "kpi: the board for a year, all units (table + map): %.3f s (target 1 s: %.0f%%)\n", t + m, 100 * (t + m);
}'

# ---------------------------------------------------------------- API
bench_serve
curl -fsS -o /dev/null "$URL/api/v1/kpi?period=2025"
for i in $(seq 1 "$REQS"); do
    if [ $((i % 2)) = 0 ]; then u="&unit=X$(printf %05d $((5977 + i % 300))).UBND"; else u=""; fi
    curl -s -o /dev/null -w '%{time_total}\n' "$URL/api/v1/kpi?period=2025$u"
done >"$TMP/lat"
sort -n "$TMP/lat" | awk '{ v[NR] = $1 } END {
    printf "kpi: GET /api/v1/kpi?period=2025 (province or one agency): %d requests, p50 %.1f ms, p99 %.1f ms\n",
        NR, v[int(NR * 0.5)] * 1000, v[int(NR * 0.99)] * 1000;
}'
