#!/bin/sh
# scripts/demo-cluster.sh - `make demo-cluster`: the demo on a small cluster
# on this machine: a private PostgreSQL (scripts/pg.sh), two app servers on
# it and haproxy in front of them.
#
#   http://127.0.0.1:8080/   haproxy, round robin over the two servers
#   127.0.0.1:8081, :8082    the app servers (motcua demo, motcua serve)
#
# The demo data are loaded by the first server (as `make demo` does); both
# share one secret key (MOTCUA_SECRET_FILE) so a form served by one is
# accepted by the other, and one data key (MOTCUA_DATA_KEY_FILE) so each
# opens what the other sealed; haproxy checks /readyz and forwards the
# client's address, which the servers trust from it (MOTCUA_TRUSTED_PROXIES).  Ctrl+C stops everything;
# the database stays in var/cluster (delete it for a fresh start).
#
# NEEDSWORK: uploaded files live in each server's data folder until the
# file store has its S3-compatible backend; a file uploaded through one
# server is not visible through the other.
set -eu
cd "$(dirname "$0")/.."

BIN=build/dev/motcua
VAR=$(pwd)/var/cluster
PGDIR=${TMPDIR:-/tmp}/motcua-demo-cluster-pg
PORT=${PORT:-8080}
mkdir -p "$VAR/a" "$VAR/b"

command -v haproxy >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
command -v haproxy >/dev/null 2>&1 || { echo "haproxy missing: sh scripts/install-deps.sh" >&2; exit 1; }

admin=$(sh scripts/pg.sh start "$PGDIR")
db="${admin%/*}/motcua"
if ! psql -X -q "$db" -c 'SELECT 1' >/dev/null 2>&1; then
    sh scripts/pg.sh createdb "$PGDIR" motcua >/dev/null
fi

cat >"$VAR/haproxy.cfg" <<EOF
global
    maxconn 2000
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option httpchk GET /readyz
    # The client's address in X-Forwarded-For: the app servers trust it from
    # haproxy only (MOTCUA_TRUSTED_PROXIES below) for their per-address limits.
    option forwardfor
frontend motcua
    bind 127.0.0.1:$PORT
    default_backend app
backend app
    balance roundrobin
    server a 127.0.0.1:$((PORT + 1)) check inter 2s
    server b 127.0.0.1:$((PORT + 2)) check inter 2s
EOF

pids=
stop() {
    trap - INT TERM EXIT
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill $pids 2>/dev/null
    wait 2>/dev/null
    sh scripts/pg.sh stop "$PGDIR"
}
trap stop INT TERM EXIT

export MOTCUA_SECRET_FILE="$VAR/secret.key"
export MOTCUA_DATA_KEY_FILE="$VAR/data.key"
export MOTCUA_TRUSTED_PROXIES=127.0.0.1
"$BIN" demo --db "$db" --port $((PORT + 1)) --data-dir "$VAR/a" &
pids="$pids $!"
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$((PORT + 1))/readyz" >/dev/null 2>&1 && break
    sleep 1
done
"$BIN" serve --db "$db" --port $((PORT + 2)) --data-dir "$VAR/b" &
pids="$pids $!"
haproxy -f "$VAR/haproxy.cfg" -db &
pids="$pids $!"
echo "demo-cluster: http://127.0.0.1:$PORT/ (haproxy) -> :$((PORT + 1)) and :$((PORT + 2));" \
     "database $db"
wait
