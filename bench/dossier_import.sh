#!/bin/sh
# bench/dossier_import.sh - dossier throughput on this machine:
#   1. `motcua import dossiers` of N generated dossiers (default 1,000,000)
#      into a fresh database, then the same file again (all unchanged),
#      then `motcua export dossiers` and a byte comparison with the input;
#      the ratio is the import time against the 60 s budget of issue 4;
#   2. durable online submissions per second against bare fsync'ed
#      one-row transactions (bench/dossier_submit.c).
#
#   DOSSIER_BENCH_N   dossiers to generate (default 1000000)
#   MOTCUA_BENCH_BIN  motcua binary (default: build/dev/motcua, built here)
#   BENCH_SUBMITS     submissions to time (default 500)
set -eu
cd "$(dirname "$0")/.."
N=${DOSSIER_BENCH_N:-1000000}
SUBMITS=${BENCH_SUBMITS:-500}
BIN=${MOTCUA_BENCH_BIN:-}
if [ -z "$BIN" ]; then
    make -s BUILD=build/dev all >/dev/null
    BIN=build/dev/motcua
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cc -std=c17 -O2 -Wall -Wextra -Werror bench/gen_dossiers.c -o "$TMP/gen_dossiers"
"$TMP/gen_dossiers" "$N" > "$TMP/in.jsonl"
# The agencies the lines name: the import refuses the ones it does not know.
"$TMP/gen_dossiers" --units > "$TMP/units.json"
"$TMP/gen_dossiers" --agencies > "$TMP/agencies.csv"
"$BIN" import units "$TMP/units.json" --db "$TMP/m.db" --data-dir "$TMP" >/dev/null 2>&1
"$BIN" import agencies "$TMP/agencies.csv" --db "$TMP/m.db" --data-dir "$TMP" >/dev/null 2>&1

now() { date +%s.%N; }
t0=$(now)
"$BIN" import dossiers "$TMP/in.jsonl" --db "$TMP/m.db" --data-dir "$TMP" >/dev/null 2>&1
t1=$(now)
"$BIN" import dossiers "$TMP/in.jsonl" --db "$TMP/m.db" --data-dir "$TMP" >/dev/null 2>&1
t2=$(now)
"$BIN" export dossiers --db "$TMP/m.db" --data-dir "$TMP" > "$TMP/out.jsonl" 2>/dev/null
t3=$(now)
same=differs
cmp -s "$TMP/in.jsonl" "$TMP/out.jsonl" && same=identical
awk -v n="$N" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v same="$same" 'BEGIN {
    printf "import %d dossiers: %.1f s (%.0f/s), ratio to the 60 s budget %.0f%%\n",
           n, b - a, n / (b - a), 100 * (b - a) / 60;
    printf "re-import (all unchanged): %.1f s\n", c - b;
    printf "export: %.1f s, output %s to the input\n", d - c, same;
}'

if [ -f build/dev/libmotcua.a ]; then
    PKGS="libmicrohttpd sqlite3 jansson libutf8proc libsodium liboath libqrencode zlib"
    # shellcheck disable=SC2046
    cc -std=c17 -D_GNU_SOURCE -O2 -Wno-missing-field-initializers -Isrc $(pkg-config --cflags $PKGS) bench/dossier_submit.c \
        build/dev/libmotcua.a $(pkg-config --libs $PKGS) -lpthread -lm -o "$TMP/submit"
    mkdir -p "$TMP/s"
    "$TMP/submit" "$TMP/s" "$SUBMITS" 2>/dev/null
fi
