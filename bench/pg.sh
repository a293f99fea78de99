#!/bin/bash
# bench/pg.sh - the PostgreSQL figures of `make bench` (bench/README.md,
# "PostgreSQL"), on a private durable cluster (scripts/pg.sh, fsync on):
#   1. durable submissions per second THROUGH HTTP (bench/http_submit.c, one
#      PDF each) against the raw rate of single-row durable commits on the
#      same PostgreSQL in the same run (pgbench, one client: one commit and
#      one WAL flush at a time; 16 clients for reference), target >= 50%;
#   2. the procedure page and the search API, requests/s on one app server
#      and on two (wrk on each at once, summed);
#   3. `motcua import dossiers` of PG_BENCH_DOSSIERS generated dossiers
#      (default 1,000,000; target < 120 s) and `motcua index --period` over
#      them (target < 2 s).
#
#   PG_BENCH_SUBMITS   HTTP submissions (default 2000)
#   PG_BENCH_DOSSIERS  dossiers imported for the 766 index (default 1000000; 0 skips)
#   BENCH_DURATION     wrk duration per run (default 10s)
#   MOTCUA_BENCH_BIN   motcua binary (default: build/dev/motcua, built here)
#   BENCH_PIN          1 = PostgreSQL and the app servers on CPU 1, the clients
#                      (pgbench, bench/http_submit.c, wrk) on CPU 0, as bench/run.sh
#                      pins (default with >= 2 CPUs and taskset), 0 = no pinning
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
SUBMITS=${PG_BENCH_SUBMITS:-2000}
DOSSIERS=${PG_BENCH_DOSSIERS:-1000000}
DURATION=${BENCH_DURATION:-10s}
BIN=${MOTCUA_BENCH_BIN:-}
if [ -z "$BIN" ]; then
    make -s BUILD=build/dev all >/dev/null
    BIN=build/dev/motcua
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/pgbench" ] || { echo "bench: pg: PostgreSQL server programs not found" >&2; exit 1; }
if [ -z "${BENCH_PIN:-}" ]; then
    BENCH_PIN=$([ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null && echo 1 || echo 0)
fi
ON_SERVER_CPU=()
ON_CLIENT_CPU=()
if [ "$BENCH_PIN" = 1 ]; then
    ON_SERVER_CPU=(taskset -c 1)
    ON_CLIENT_CPU=(taskset -c 0)
fi
TMP=$(mktemp -d)
chmod 755 "$TMP"
PIDS=
cleanup() {
    local pid
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    sh scripts/pg.sh stop "$TMP/pg" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

ADMIN=$("${ON_SERVER_CPU[@]}" sh scripts/pg.sh start "$TMP/pg")
DB=$(sh scripts/pg.sh createdb "$TMP/pg" motcua)
psql_q() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$DB" -c "$1"; }
M=(--db "$DB")
"$BIN" migrate "${M[@]}" --data-dir "$TMP/a" >/dev/null 2>&1
"$BIN" import units data/demo/units.json "${M[@]}" --data-dir "$TMP/a" >/dev/null
"$BIN" import agencies data/demo/agencies.csv "${M[@]}" --data-dir "$TMP/a" >/dev/null
"$BIN" import procedures data/demo/procedures.jsonl "${M[@]}" --data-dir "$TMP/a" >/dev/null

# Two app servers on the database, one secret and one data key.  Not in a
# $(...) subshell, so that PIDS keeps them for the cleanup.
start_server() {   # name: its address in $TMP/name.url
    mkdir -p "$TMP/$1"
    MOTCUA_LOG_ACCESS=0 MOTCUA_SECRET_FILE="$TMP/secret.key" MOTCUA_MAX_PER_ADDRESS=0 \
        MOTCUA_DATA_KEY_FILE="$TMP/a/data.key" \
        "${ON_SERVER_CPU[@]}" "$BIN" serve --port 0 "${M[@]}" --data-dir "$TMP/$1" >"$TMP/$1.log" 2>&1 &
    PIDS="$PIDS $!"
    for _ in $(seq 1 300); do grep -q 'http://' "$TMP/$1.log" && break; sleep 0.1; done
    grep -o 'http://127.0.0.1:[0-9]*' "$TMP/$1.log" | head -n 1 >"$TMP/$1.url"
}
start_server a
start_server b
A=$(cat "$TMP/a.url")
B=$(cat "$TMP/b.url")

cc -std=c17 -O2 -Wall -Wextra -Werror bench/http_submit.c \
    $(pkg-config --cflags --libs libcurl sqlite3) -lpthread -o "$TMP/http_submit"
# A citizen with a proved phone (the code from the outbox).
csrf=$(curl -fsS -c "$TMP/jar" -b "$TMP/jar" "$A/dang-ky" |
    grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
curl -sS -o /dev/null -c "$TMP/jar" -b "$TMP/jar" \
    --data-urlencode "csrf=$csrf" --data-urlencode kind=citizen \
    --data-urlencode "full_name=Nguyễn Văn Đo" --data-urlencode cccd=001090009876 \
    --data-urlencode phone=0912009876 --data-urlencode password=la-xanh-2026 \
    --data-urlencode password2=la-xanh-2026 --data-urlencode dong_y=1 "$A/dang-ky"
# The outbox keeps the address sealed: the row is found by its blind index.
bidx=$(MOTCUA_TEST=1 "$BIN" debug index recipient 0912009876 --data-dir "$TMP/a")
vcode=$(psql_q "SELECT body FROM notify_outbox WHERE recipient_bidx = '$bidx'
    AND kind = 'account.code' ORDER BY id DESC LIMIT 1" | grep -o '[0-9]\{6\}' | head -n 1)
csrf=$(curl -fsS -c "$TMP/jar" -b "$TMP/jar" "$A/tai-khoan/xac-minh" |
    grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
curl -sS -o /dev/null -c "$TMP/jar" -b "$TMP/jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode kenh=phone --data-urlencode "code=$vcode" "$A/tai-khoan/xac-minh"

# ---------------------------------------------------------------- submissions vs raw commits
psql_q "CREATE TABLE bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)"
echo "INSERT INTO bench_raw (v) VALUES ('một dòng');" >"$TMP/raw.sql"
raw_tps() {   # clients transactions
    "${ON_CLIENT_CPU[@]}" "$PGBIN/pgbench" -n -c "$1" -j "$1" -t "$2" -f "$TMP/raw.sql" "$DB" 2>/dev/null |
        awk '/^tps/ { printf "%.0f", $3 }'
}
echo "bench: pg: raw commits and $SUBMITS HTTP submissions (16 clients)"
raw1=$(raw_tps 1 "$SUBMITS")
rollbacks() { psql_q "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
rb0=$(rollbacks)
out=$("${ON_CLIENT_CPU[@]}" "$TMP/http_submit" http "$A" 001090009876 la-xanh-2026 2.000635 T20.STP "$SUBMITS" 16 1) ||
    { echo "bench: pg: submissions failed; the server's log ends:" >&2; tail -n 20 "$TMP/a.log" >&2
      exit 1; }
http=$(awk '$1 == "http" { print $2 }' <<<"$out")
sleep 1   # the statistics reach pg_stat_database within a second
rb=$(($(rollbacks) - rb0))
raw2=$(raw_tps 1 "$SUBMITS")
raw16=$(raw_tps 16 "$((SUBMITS / 16))")
raw=$(printf '%s\n%s\n' "$raw1" "$raw2" | sort -g | tail -n 1)
ROWS=()
ROWS+=("$(awk -v h="$http" -v r="$raw" -v o="$out" 'BEGIN { p = r > 0 ? 100 * h / r : 0
    printf "%-22s %8.0f /s  raw commits %6.0f /s  %4.0f%%  >= 50%%  %s  (%s)", "pg-submit-http",
        h, r, p, (p >= 50 ? "ok" : "BELOW"), o }')")
ROWS+=("$(printf '%-22s %8s /s  one client (%s, %s: the better); 16 clients %s /s' \
    pg-raw-commits "$raw" "$raw1" "$raw2" "$raw16")")
ROWS+=("$(printf '%-22s %8s     transactions rolled back during the submissions (conflicts retried)' \
    pg-submit-rollbacks "$rb")")

# ---------------------------------------------------------------- pages and search
rate() {   # url...: wrk on each at once, requests/s summed
    local i=0 f pids=()
    for u in "$@"; do
        "${ON_CLIENT_CPU[@]}" wrk -t1 -c16 -d "$DURATION" "$u" >"$TMP/wrk.$i" 2>&1 &
        pids+=($!)
        i=$((i + 1))
    done
    wait "${pids[@]}"
    for f in "$TMP"/wrk.*; do awk '/^Requests\/sec/ { print $2 }' "$f"; done |
        awk '{ s += $1 } END { printf "%.0f", s }'
    rm -f "$TMP"/wrk.*
}
PAGE=/thu-tuc/2.000635
SEARCH='/api/v1/procedures?q=tr%C3%ADch%20l%E1%BB%A5c%20h%E1%BB%99%20t%E1%BB%8Bch'
curl -fsS -o /dev/null "$A$PAGE" && curl -fsS -o /dev/null "$A$SEARCH"
for what in page search; do
    path=$PAGE
    [ "$what" = search ] && path=$SEARCH
    one=$(rate "$A$path")
    two=$(rate "$A$path" "$B$path")
    ROWS+=("$(printf '%-22s %8s /s  one app server; two: %s /s (wrk -t1 -c16 on each)' \
        "pg-$what" "$one" "$two")")
done

# ---------------------------------------------------------------- 1,000,000 dossiers
if [ "$DOSSIERS" -gt 0 ]; then
    echo "bench: pg: generating and importing $DOSSIERS dossiers"
    cc -std=c17 -O2 -Wall -Wextra -Werror bench/gen_dossiers.c -o "$TMP/gen_dossiers"
    "$TMP/gen_dossiers" "$DOSSIERS" >"$TMP/big.jsonl"
    "$TMP/gen_dossiers" --units >"$TMP/big-units.json"
    "$TMP/gen_dossiers" --agencies >"$TMP/big-agencies.csv"
    BIG=$(sh scripts/pg.sh createdb "$TMP/pg" big)
    "$BIN" migrate --db "$BIG" >/dev/null 2>&1
    # The units and agencies the lines name (the import refuses unknown agencies).
    "$BIN" import units "$TMP/big-units.json" --db "$BIG" --data-dir "$TMP/a" >/dev/null 2>&1
    "$BIN" import agencies "$TMP/big-agencies.csv" --db "$BIG" --data-dir "$TMP/a" >/dev/null 2>&1
    # The load average beside the times: the 2 cores are often shared.
    l0=$(cut -d ' ' -f 1 /proc/loadavg)
    t0=$(date +%s.%N)
    "${ON_SERVER_CPU[@]}" "$BIN" import dossiers "$TMP/big.jsonl" --db "$BIG" --data-dir "$TMP/a" >/dev/null 2>&1
    t1=$(date +%s.%N)
    l1=$(cut -d ' ' -f 1 /proc/loadavg)
    "${ON_SERVER_CPU[@]}" "$BIN" index --period 2025-06 --db "$BIG" --data-dir "$TMP/a" >"$TMP/rank.json" 2>/dev/null
    t2=$(date +%s.%N)
    l2=$(cut -d ' ' -f 1 /proc/loadavg)
    count=$(psql -X -q -t -A "$BIG" -c 'SELECT count(*) FROM dossiers')
    rm -f "$TMP/big.jsonl"
    ROWS+=("$(awk -v a="$t0" -v b="$t1" -v n="$DOSSIERS" -v c="$count" -v l="$l0-$l1" 'BEGIN {
        s = b - a
        printf "%-22s %8.1f s   %d dossiers (%.0f/s)  < 120 s  %s  (load %s)", "pg-import-dossiers",
            s, c, n / s, (s < 120 && c == n ? "ok" : "BELOW"), l }')")
    ROWS+=("$(awk -v a="$t1" -v b="$t2" -v n="$DOSSIERS" -v l="$l1-$l2" 'BEGIN { s = b - a
        printf "%-22s %8.2f s   motcua index --period 2025-06 over %d dossiers  < 2 s  %s",
            "pg-index766", s, n, (s < 2 ? "ok" : "BELOW")
        printf "  (load %s)", l }')")
fi

printf '\n%-22s %s\n' postgresql 'figure'
printf '%s\n' "${ROWS[@]}"
grep -q BELOW <<<"${ROWS[*]}" && exit 1
exit 0
