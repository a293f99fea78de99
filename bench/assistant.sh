#!/bin/bash
# bench/assistant.sh - the virtual assistant under load: POST /api/v1/assistant
# with the 2,642-procedure national catalogue loaded (run at the end of
# `make bench`, or alone).  Prints requests/s and p99 latency against the
# target p99 < 20 ms.
#
#   BENCH_DURATION, BENCH_THREADS, BENCH_CONNS   as bench/run.sh
#   MOTCUA_BENCH_BIN   binary to use (default build/dev/motcua, built)
#   BENCH_STRICT=1     exit 1 when p99 is over the target
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-4}
TARGET_MS=20
CATALOGUE=../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz

command -v wrk >/dev/null || { echo "bench: wrk not found" >&2; exit 1; }
if [ -n "${MOTCUA_BENCH_BIN:-}" ]; then
    BIN=$MOTCUA_BENCH_BIN
else
    make -j2 >/dev/null
    BIN=build/dev/motcua
fi
[ -r "$CATALOGUE" ] || { echo "bench: $CATALOGUE not found" >&2; exit 1; }

TMP=$(mktemp -d)
PID=
cleanup() {
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BIN" import procedures "$CATALOGUE" --db "$TMP/a.db" >"$TMP/import.log" 2>&1 || {
    cat "$TMP/import.log" >&2
    exit 1
}
MOTCUA_LOG_ACCESS=0 "$BIN" serve --port 0 --db "$TMP/a.db" --data-dir "$TMP" \
    >"$TMP/motcua.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    grep -q 'http://' "$TMP/motcua.log" && break
    kill -0 "$PID" 2>/dev/null || { cat "$TMP/motcua.log" >&2; exit 1; }
    sleep 0.1
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/motcua.log" | head -n 1)

# The first question builds the knowledge base; time it, then warm up.
T0=$(date +%s%N)
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d '{"message":"dang ky khai sinh"}' "$URL/api/v1/assistant"
LOAD_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
wrk -t"$THREADS" -c"$CONNS" -d1s -s bench/assistant.lua "$URL" >/dev/null

OUT=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s bench/assistant.lua "$URL")
if grep -qE 'Non-2xx|Socket errors' <<<"$OUT"; then
    echo "bench: assistant: warning: errors under load:" >&2
    grep -E 'Non-2xx|Socket errors' <<<"$OUT" >&2
fi
RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$OUT")
P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
      printf "%.2f", v }' <<<"$OUT")
VERDICT=$(awk -v p="$P99" -v t="$TARGET_MS" 'BEGIN { print (p < t ? "ok" : "ABOVE") }')

echo
echo "assistant (2642 procedures; knowledge base built in ${LOAD_MS} ms on first question)"
printf '%-14s %12s %10s %10s\n' benchmark 'req/s' 'p99 ms' target
printf '%-14s %12.0f %10s %10s  %s\n' assistant "$RPS" "$P99" "< $TARGET_MS" "$VERDICT"
if [ "$VERDICT" != ok ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
    exit 1
fi
