#!/bin/bash
# bench/page_sizes.sh - what a phone downloads: the transfer size of every
# public page as sent plain, with `Accept-Encoding: gzip` and with
# `Accept-Encoding: br`, on the demo's data (`motcua demo`: the sample
# province, its procedures, 3,000 dossiers, the 766 index, feedback).
#
# The pages are the GET routes any visitor may open, read from the route
# tables in src/web (role 0 or R_REPLICA): the ones with parameters take
# the first link to them found on the pages before (a procedure, a unit of
# the 766 dashboard, an answer...); downloads (xlsx, csv, files) are left
# out.  Then every file of static/.  A page whose gzip or br size is above
# 20 KB is marked OVER; PAGE_SIZES_STRICT=1 exits 1 then.
#
#   MOTCUA_BENCH_BIN  motcua binary (default build/dev/motcua, built here)
#   PAGE_SIZES_MAX    the limit in bytes (default 20480)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${MOTCUA_BENCH_BIN:-}
if [ -z "$BIN" ]; then
    make -s BUILD=build/dev all >/dev/null
    BIN=build/dev/motcua
fi
MAX=${PAGE_SIZES_MAX:-20480}
TMP=$(mktemp -d)
PID=
cleanup() {
    [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

MOTCUA_LOG_ACCESS=0 "$BIN" demo --port 0 --db "$TMP/demo.db" --data-dir "$TMP" \
    >"$TMP/demo.log" 2>&1 &
PID=$!
URL=
for _ in $(seq 1 1200); do
    URL=$(grep -so 'http://127.0.0.1:[0-9]*' "$TMP/demo.log" | head -n 1 || true)
    [ -n "$URL" ] && curl -fs -o /dev/null "$URL/healthz" && break
    kill -0 "$PID" 2>/dev/null || { cat "$TMP/demo.log" >&2; exit 1; }
    sleep 0.25
done

# The public GET routes of the route tables, without downloads.
ROUTES=$(grep -rhoE '\{HTTP_GET, "/[^"]*", [a-z_0-9]+, (0|R_REPLICA)\b' src/web |
    awk -F'"' '{ print $2 }' |
    grep -vE '\.(xlsx|csv|ico)$|/mau/|/tep/|/cam-on$|/hop-thu-demo$|/thanh-toan-thu/|/theo-doi/' |
    sort -u)
# Fixed routes first: their pages hold the links the others take.
PAGES=()
for r in $ROUTES; do
    case $r in *'{'*) ;; *) PAGES+=("$r") ;; esac
done
PAGES+=("/thu-tuc?q=khai+sinh" "/phan-anh?kind=hoi_dap" "/chat-luong?xep_hang=co-quan"
        "/chat-luong?xep_hang=xa")
for p in "${PAGES[@]}"; do
    curl -s "$URL$p" >"$TMP/page.$(echo "$p" | md5sum | cut -c1-8)" || true
done
for r in $ROUTES; do
    case $r in *'{'*) ;; *) continue ;; esac
    re="^$(sed -E 's/\{[a-z_]+\}/[^"\/?#]+/g' <<<"$r")$"
    link=$(cat "$TMP"/page.* | grep -aoE 'href="/[^"]*"' | sed -E 's/^href="//; s/"$//; s/\?.*//' |
        grep -vE '\.(xlsx|csv)$' | grep -E "$re" | head -n 1 || true)
    if [ -n "$link" ]; then
        PAGES+=("$link")
        curl -s "$URL$link" >"$TMP/page.$(echo "$link" | md5sum | cut -c1-8)" || true
    else
        echo "page_sizes: no link found to $r on the pages above (left out)" >&2
    fi
done
for f in static/*; do
    PAGES+=("/$f")
done

over=0
printf '%-44s %9s %9s %9s %s\n' page identity gzip br "<= $((MAX / 1024)) KB"
for p in "${PAGES[@]}"; do
    id=$(curl -s -o /dev/null -w '%{size_download}' "$URL$p")
    gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$URL$p")
    br=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br' "$URL$p")
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$p")
    verdict=ok
    if [ "$gz" -gt "$MAX" ] || [ "$br" -gt "$MAX" ]; then
        verdict=OVER
        over=1
    fi
    [ "$code" = 200 ] || verdict="$verdict (HTTP $code)"
    printf '%-44s %9d %9d %9d %s\n' "$p" "$id" "$gz" "$br" "$verdict"
done
[ "$over" = 1 ] && [ "${PAGE_SIZES_STRICT:-0}" = 1 ] && exit 1
exit 0
