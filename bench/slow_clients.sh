#!/bin/bash
# bench/slow_clients.sh - serving others while thousands of slow clients
# hold connections open (docs/internals/http.md, "Connections").
#
# Starts `motcua serve` with the demo catalogue, pinned to CPU 1, and
# measures the procedure page with wrk (one thread, 32 connections, on
# CPU 0): first alone, then while bench/slow_clients.c holds SLOW_N
# connections open from many addresses on 127.0.0.0/8, each sending one
# header byte every 10 s.  Prints both rates and their ratio (target
# >= 80%), the server's resident memory without and with the slow clients,
# the memory per slow connection and the server's thread count.
#
#   SLOW_N             slow connections (default 10000)
#   BENCH_DURATION     wrk duration per run (default 10s)
#   BENCH_CONNS        wrk connections (default 32)
#   MOTCUA_BENCH_BIN   motcua binary (default: build/dev/motcua, built here)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
N=${SLOW_N:-10000}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-32}
command -v wrk >/dev/null || { echo "bench: wrk not found (scripts/install-deps.sh)" >&2; exit 1; }
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    ON_SERVER_CPU=(taskset -c 1)
    ON_CLIENT_CPU=(taskset -c 0)
else
    ON_SERVER_CPU=()
    ON_CLIENT_CPU=()
fi
BIN=${MOTCUA_BENCH_BIN:-}
if [ -z "$BIN" ]; then
    make -s -j2 all >/dev/null
    BIN=build/dev/motcua
fi
TMP=$(mktemp -d)
PIDS=
cleanup() {
    local pid
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -std=c17 -O2 -Wall -Wextra -Werror bench/slow_clients.c -o "$TMP/slow_clients"
DB=(--db "$TMP/m.db" --data-dir "$TMP")
"$BIN" import units data/demo/units.json "${DB[@]}" >/dev/null 2>&1
"$BIN" import agencies data/demo/agencies.csv "${DB[@]}" >/dev/null 2>&1
"$BIN" import procedures data/demo/procedures.jsonl "${DB[@]}" >/dev/null 2>&1

# Headers may take up to 10 minutes here, so that the slow clients are
# held for the whole run (by default the server closes them after 20 s
# and the client opens them again).
MOTCUA_LOG_ACCESS=0 MOTCUA_HEADER_TIMEOUT=600 MOTCUA_MAX_CONNECTIONS=$((N + 2000)) \
    "${ON_SERVER_CPU[@]}" "$BIN" serve --port 0 "${DB[@]}" >"$TMP/serve.log" 2>&1 &
SERVER=$!
PIDS="$PIDS $SERVER"
for _ in $(seq 1 300); do grep -q 'http://' "$TMP/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.log" | head -n 1)
[ -n "$URL" ] || { cat "$TMP/serve.log" >&2; exit 1; }
PORT=${URL##*:}
CODE=$(curl -fsS "$URL/api/v1/procedures" | grep -o '"code":"[^"]*"' | head -n 1 | cut -d'"' -f4)
PAGE=$URL/thu-tuc/$CODE
curl -fsS -o /dev/null "$PAGE"

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$SERVER/status"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
# Requests/s of one wrk run, then requests per second of the server's CPU
# time (the figure to compare when other work shares the CPUs).
rps() {
    local t0 t1 out
    t0=$(ticks)
    out=$("${ON_CLIENT_CPU[@]}" wrk -t1 -c"$CONNS" -d"$DURATION" "$PAGE")
    t1=$(ticks)
    awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
        /requests in/ { n = $1 }
        /Requests\/sec/ { r = $2 }
        END { printf "%s %.0f\n", r, (t > 0 ? n / (t / hz) : 0) }' <<<"$out"
}

"${ON_CLIENT_CPU[@]}" wrk -t1 -c"$CONNS" -d2s "$PAGE" >/dev/null   # warm-up
RSS0=$(rss_kb)
read -r ALONE ALONE_CPU < <(rps)
echo "bench: procedure page alone: $ALONE req/s (server RSS $RSS0 KB, $(threads) threads)"

"${ON_CLIENT_CPU[@]}" "$TMP/slow_clients" "$PORT" "$N" 3600 10 >"$TMP/slow.log" 2>&1 &
PIDS="$PIDS $!"
for _ in $(seq 1 600); do grep -q '^open' "$TMP/slow.log" && break; sleep 0.1; done
sleep 2
echo "bench: slow clients: $(head -n 1 "$TMP/slow.log")"
OPEN=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
RSS1=$(rss_kb)
read -r WITH WITH_CPU < <(rps)
RSS2=$(rss_kb)
echo "bench: procedure page with $OPEN connections open to the server: $WITH req/s"
echo
printf '%-34s %12s %14s\n' "" "req/s" "req/CPU-s"
printf '%-34s %12s %14s\n' "procedure page alone" "$ALONE" "$ALONE_CPU"
printf '%-34s %12s %14s\n' "with $N slow connections" "$WITH" "$WITH_CPU"
awk -v a="$ALONE" -v w="$WITH" -v ac="$ALONE_CPU" -v wc="$WITH_CPU" 'BEGIN {
    printf "%-34s %11.1f%% %13.1f%%   target >= 80%%  %s\n", "ratio", 100 * w / a,
        (ac > 0 ? 100 * wc / ac : 0), (w >= 0.8 * a ? "ok" : "BELOW") }'
printf '%-34s %9s KB\n' "server RSS alone" "$RSS0"
printf '%-34s %9s KB\n' "server RSS, slow clients held" "$RSS1"
printf '%-34s %9s KB\n' "server RSS after the run" "$RSS2"
awk -v a="$RSS0" -v b="$RSS2" -v n="$N" 'BEGIN { printf "%-34s %9.1f KB\n",
    "RSS per slow connection", (b - a) / n }'
printf '%-34s %12s\n' "server threads" "$(threads)"
