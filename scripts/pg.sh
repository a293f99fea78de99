#!/bin/sh
# scripts/pg.sh - a private PostgreSQL cluster for the tests, the
# benchmarks and `make demo-cluster`; nothing depends on a system service.
#
#   scripts/pg.sh start DIR [PORT]   create the cluster in DIR/data on first use,
#                                    start it and print its admin URL
#   scripts/pg.sh stop DIR           stop it (fast shutdown); DIR stays
#   scripts/pg.sh url DIR            print the admin URL of a running cluster
#   scripts/pg.sh createdb DIR NAME [TEMPLATE]
#                                    a new database (owner: the admin user); prints its URL
#   scripts/pg.sh replica DIR PRIMARY_DIR [PORT]
#                                    a streaming replica of the running cluster in
#                                    PRIMARY_DIR (pg_basebackup on first use), started;
#                                    prints its admin URL
#   scripts/pg.sh promote DIR        promote the replica in DIR to a primary
#
# The cluster listens on 127.0.0.1:PORT (a free port when none is given)
# and on a Unix socket in DIR, trusts local connections (it is a private
# cluster for one run: never expose it) and runs as the user who calls
# this script, or, when that is root (CI), as Debian's `postgres` user:
# PostgreSQL refuses to run as root.  DIR is then handed to that user
# (its parent folders must let that user through, as /tmp does).
# PG_FAST=1 turns fsync and synchronous commits off (tests only: a crash
# of the machine loses the cluster; the benchmarks keep them on).
set -eu

die() { echo "pg.sh: $*" >&2; exit 1; }

bindir() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    die "PostgreSQL server programs not found (sh scripts/install-deps.sh installs them)"
}

# Run a command as the cluster's user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: pg.sh start|stop|url|createdb DIR ..."
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
BIN=$(bindir)

url() {
    port=$(cat "$dir/port" 2>/dev/null) || die "no cluster started in $dir"
    echo "postgresql://postgres@127.0.0.1:$port/${1:-postgres}"
}

case $cmd in
start)
    port=${3:-}
    [ -n "$port" ] || port=$(free_port)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
            --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        {
            echo "listen_addresses = '127.0.0.1'"
            echo "unix_socket_directories = '$dir'"
            echo "max_connections = 300"
            # Submissions commit in SERIALIZABLE groups: their predicate locks share
            # one table sized by this; the default (64) ran out ("out of shared
            # memory") with two test binaries and a catalogue import at once.
            echo "max_pred_locks_per_transaction = 512"
            echo "wal_level = replica"
            echo "max_wal_senders = 10"
            echo "hot_standby = on"
            echo "logging_collector = off"
            if [ "${PG_FAST:-0}" = 1 ]; then
                echo "fsync = off"
                echo "synchronous_commit = off"
                echo "full_page_writes = off"
                # Checkpoints are cheap without fsync: keep little WAL, so a test
                # run needs little disk (the catalogue's imports write a lot).
                echo "max_wal_size = 96MB"
                echo "min_wal_size = 32MB"
            fi
        } >>"$dir/data/postgresql.conf"
        echo "host replication all 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
    fi
    echo "$port" >"$dir/port"
    as_owner "$BIN/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/server.log" -w -t 60 start \
        >/dev/null || { tail -20 "$dir/server.log" >&2; die "cannot start the cluster"; }
    url
    ;;
replica)
    primary=${3:-}
    [ -n "$primary" ] && [ -f "$primary/port" ] || die "usage: pg.sh replica DIR PRIMARY_DIR [PORT]"
    port=${4:-}
    [ -n "$port" ] || port=$(free_port)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U postgres \
            -D "$dir/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 \
            || { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
        echo "unix_socket_directories = '$dir'" >>"$dir/data/postgresql.auto.conf"
    fi
    echo "$port" >"$dir/port"
    as_owner "$BIN/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/server.log" -w -t 60 start \
        >/dev/null || { tail -20 "$dir/server.log" >&2; die "cannot start the replica"; }
    url
    ;;
promote)
    as_owner "$BIN/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null \
        || { tail -20 "$dir/server.log" >&2; die "cannot promote"; }
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
url)
    url
    ;;
createdb)
    name=${3:-}
    [ -n "$name" ] || die "usage: pg.sh createdb DIR NAME [TEMPLATE]"
    port=$(cat "$dir/port")
    tpl=${4:+ TEMPLATE $4}
    "$BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE \"$name\"$tpl" >/dev/null
    url "$name"
    ;;
*)
    die "unknown command $cmd"
    ;;
esac
