#!/bin/bash
# bench/run.sh - HTTP throughput of motcua against nginx serving the same
# bytes (run by `make bench`; see bench/README.md).
#
# Starts build/dev/motcua with a fresh database and Debian's nginx with a
# private configuration, both on 127.0.0.1, then runs wrk against pairs
# of URLs and prints requests/s and the ratio motcua/nginx per pair.
#
#   BENCH_DURATION   wrk duration per run (default 10s)
#   BENCH_THREADS    wrk threads (default 2)
#   BENCH_CONNS      wrk connections (default 32)
#   BENCH_WARMUP     warm-up run per URL before measuring (default 1s; 0 = none)
#   BENCH_STRICT=1   exit 1 when a pair is below its target
#   MOTCUA_BENCH_BIN use this binary instead of building build/dev/motcua
#   NGINX            nginx binary (default /usr/sbin/nginx)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNS:-32}
WARMUP=${BENCH_WARMUP:-1s}
NGINX=${NGINX:-/usr/sbin/nginx}

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$NGINX" ] || { echo "bench: $NGINX not found (apt-get install nginx-light)" >&2; exit 1; }

if [ -n "${MOTCUA_BENCH_BIN:-}" ]; then
    BIN=$MOTCUA_BENCH_BIN
else
    make -j2
    BIN=build/dev/motcua
fi

TMP=$(mktemp -d)
chmod 755 "$TMP"   # nginx workers run as nobody when started by root
MOTCUA_PID=
NGINX_PID=

cleanup() {
    local pid
    for pid in $MOTCUA_PID $NGINX_PID; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $MOTCUA_PID $NGINX_PID; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Wait until URL answers 200 (up to 30 s) while PID is alive.
wait_ready() {   # url pid name log
    local i
    for i in $(seq 1 300); do
        if curl -fs -o /dev/null "$1"; then
            return 0
        fi
        if ! kill -0 "$2" 2>/dev/null; then
            echo "bench: $3 exited during start-up:" >&2
            cat "$4" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "bench: $3 not ready after 30 s:" >&2
    cat "$4" >&2
    exit 1
}

# ------------------------------------------------------------------ motcua
mkdir -p "$TMP/motcua"
# Port 0: the kernel picks a free port and motcua prints it (no race).
MOTCUA_LOG_ACCESS=0 "$BIN" serve --port 0 --db "$TMP/motcua/bench.db" \
    --data-dir "$TMP/motcua" >"$TMP/motcua.log" 2>&1 &
MOTCUA_PID=$!
for i in $(seq 1 300); do
    grep -q 'http://' "$TMP/motcua.log" && break
    if ! kill -0 "$MOTCUA_PID" 2>/dev/null; then
        echo "bench: motcua exited during start-up:" >&2
        cat "$TMP/motcua.log" >&2
        exit 1
    fi
    sleep 0.1
done
MPORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/motcua.log" | head -n 1 | cut -d: -f3)
MOTCUA=http://127.0.0.1:$MPORT
wait_ready "$MOTCUA/healthz" "$MOTCUA_PID" motcua "$TMP/motcua.log"

# ------------------------------------------------------------------ nginx
# The same bytes motcua sends, with the same Content-Type.
WWW=$TMP/www
mkdir -p "$WWW/static" "$TMP/nginx"
HEALTHZ_TYPE=$(curl -fsS -o "$WWW/healthz" -w '%{content_type}' "$MOTCUA/healthz")
CSS_TYPE=$(curl -fsS -o "$WWW/static/site.css" -w '%{content_type}' "$MOTCUA/static/site.css")
chmod -R a+rX "$WWW"

NPORT=$(free_port)
cat >"$TMP/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        root $WWW;
        location = /healthz {
            default_type "${HEALTHZ_TYPE:-application/octet-stream}";
        }
        location /static/ {
            default_type "${CSS_TYPE:-text/css}";
        }
    }
}
CONF
"$NGINX" -p "$TMP/nginx" -c nginx.conf -e "$TMP/nginx/error.log" >"$TMP/nginx.log" 2>&1 &
NGINX_PID=$!
NGINXURL=http://127.0.0.1:$NPORT
wait_ready "$NGINXURL/healthz" "$NGINX_PID" nginx "$TMP/nginx/error.log"

# ------------------------------------------------------------------ runs
ROWS=()
BELOW=0

# Requests per second of one wrk run (warns about errors on stderr).
wrk_rps() {   # url
    local out
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "bench: warning: errors while loading $1:" >&2
        grep -E 'Non-2xx|Socket errors' <<<"$out" >&2
    fi
    awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

# bench_pair NAME MOTCUA_URL NGINX_URL TARGET_PERCENT
# Checks both URLs return identical bodies, runs wrk on each and records a
# table row.  Add new pairs at the end of this file.
bench_pair() {
    local name=$1 murl=$2 nurl=$3 target=$4
    if ! cmp -s <(curl -fsS "$murl") <(curl -fsS "$nurl"); then
        echo "bench: $name: $murl and $nurl return different bodies" >&2
        exit 1
    fi
    if [ "$WARMUP" != 0 ]; then
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$murl" >/dev/null
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$nurl" >/dev/null
    fi
    echo "bench: $name: motcua $murl"
    local m n
    m=$(wrk_rps "$murl")
    echo "bench: $name: nginx  $nurl"
    n=$(wrk_rps "$nurl")
    local verdict
    verdict=$(awk -v m="$m" -v n="$n" -v t="$target" \
        'BEGIN { r = n > 0 ? 100 * m / n : 0; printf "%.0f%% %s", r, (r >= t ? "ok" : "BELOW") }')
    [ "${verdict#* }" = BELOW ] && BELOW=1
    ROWS+=("$(printf '%-14s %12.0f %12.0f %7s %8s  %s' "$name" "$m" "$n" "${verdict% *}" \
        ">= $target%" "${verdict#* }")")
}

echo "bench: wrk -t$THREADS -c$CONNS -d$DURATION; motcua $MOTCUA, nginx $NGINXURL"
echo "bench: $(nproc) CPUs; $(wc -c <"$WWW/healthz") B healthz, $(wc -c <"$WWW/static/site.css") B site.css"

bench_pair healthz "$MOTCUA/healthz" "$NGINXURL/healthz" 60
bench_pair static-css "$MOTCUA/static/site.css" "$NGINXURL/static/site.css" 60

printf '\n%-14s %12s %12s %7s %8s\n' benchmark 'motcua req/s' 'nginx req/s' ratio target
printf '%s\n' "${ROWS[@]}"

if [ "$BELOW" = 1 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
    exit 1
fi
