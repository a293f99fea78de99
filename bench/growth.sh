#!/bin/bash
# bench/growth.sh - do the pages keep their speed as the dossiers pile up?
# For each size (default 1,000,000 and 10,000,000 dossiers: at the
# generator's pace of one dossier every 30 s, a large province's year and
# ten; the history settled but for its last GROWTH_OPEN_DAYS days):
#   1. a SQLite database with that many dossiers from bench/gen_dossiers.c
#      (`motcua import dossiers`, the 766 counters built with them), the
#      generator's units and agencies, a province administrator, an officer
#      of one commune (X05977.UBND) and a citizen who owns 20 of the
#      dossiers; its size, and the size per million dossiers;
#   2. a `motcua serve` on each size's database, all at once (each pinned
#      to CPU 1, the client on CPU 0 when the machine has two CPUs), and
#      bench/growth.mjs timing GROWTH_REQS requests of each page one after
#      another, each request sent to every size in turn (so that whatever
#      else the machine does falls on every size alike): the officer's queue (first
#      page, a filtered page, a deep page reached by its "next" links, the
#      province's queue and a deep page of it), the citizen's list, public
#      tracking, the dossier page, the 766 dashboard and the KPI board;
#   3. a table of p50/p99 per page and size (each the median of
#      GROWTH_ROUNDS rounds), the ratio of the last size to the first, and
#      FLAG where a ratio is above 1.20.
#
#   GROWTH_SIZES     sizes to compare (default "1000000 10000000")
#   GROWTH_REQS      requests per page (default 1000, so that p99 is the tenth
#                    slowest, not the second; the rendered 766 dashboard and the
#                    KPI board a tenth, or GROWTH_SLOW_REQS);
#                    0 builds the databases (GROWTH_KEEP) and stops
#   GROWTH_ROUNDS    timing rounds (default 3), every size in each; the table
#                    gives each size's median of them
#   GROWTH_OPEN_DAYS dossiers older than this (before the last one) are
#                    settled: returned, as a working province's (default 60)
#   GROWTH_KEEP      folder that keeps the generated databases between runs
#                    (reused when present: building 10,000,000 takes long);
#                    default a temporary folder removed at the end
#   GROWTH_TABLE=1   print the table of the last run of each size (kept in
#                    GROWTH_KEEP), measuring nothing
#   MOTCUA_BENCH_BIN motcua binary (default build/dev/motcua, built here)
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${GROWTH_SIZES:-"1000000 10000000"}
REQS=${GROWTH_REQS:-1000}
ROUNDS=${GROWTH_ROUNDS:-3}
OPEN_DAYS=${GROWTH_OPEN_DAYS:-60}
BIN=${MOTCUA_BENCH_BIN:-}
if [ -z "$BIN" ]; then
    make -s BUILD=build/dev all >/dev/null
    BIN=build/dev/motcua
fi
BIN=$(realpath "$BIN")
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    ON_SERVER=(taskset -c 1)
    ON_CLIENT=(taskset -c 0)
else
    ON_SERVER=()
    ON_CLIENT=()
fi
TMP=$(mktemp -d)
KEEP=${GROWTH_KEEP:-$TMP}
mkdir -p "$KEEP"
PIDS=
cleanup() {
    local pid
    for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT
cc -std=c17 -O2 -Wall -Wextra -Werror bench/gen_dossiers.c -o "$TMP/gen_dossiers"
now() { date +%s.%N; }

PASSWORD=growth-bench-2026
SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
AGENCY=X05977.UBND

# serve DIR LOG: motcua serve on DIR's database, its output in LOG, its
# address in URL, its process in SERVER, its clock at its start in NOW and
# that start in LAUNCHED (Unix seconds).  Waits for the start (migrations
# included: a new index over 10,000,000 rows takes a while).  The server's
# clock starts a day after the last generated dossier (N in DIR/n), so
# "now", the current month and the open queues are at the end of the
# history, whatever its length.
serve() {
    local n runs log=$2
    n=$(cat "$1/n")
    # Two minutes later at each run: a TOTP step is taken once per account.
    runs=$(($(cat "$1/runs" 2>/dev/null || echo 0) + 1))
    echo "$runs" >"$1/runs"
    NOW=$((1735664400 + n * 30 + 86400 + runs * 120))
    LAUNCHED=$(date +%s)
    : >"$log"   # emptied before the start: a round's log must not show the last round's address
    MOTCUA_NOW=$(TZ=Asia/Ho_Chi_Minh date -d "@$NOW" +%Y-%m-%dT%H:%M:%S+07:00) \
    MOTCUA_LOG_ACCESS=${LOG_ACCESS:-0} MOTCUA_TRUSTED_PROXIES=127.0.0.1 \
        "${ON_SERVER[@]}" "$BIN" serve --port 0 --db "$1/m.db" --data-dir "$1" \
        >"$log" 2>&1 &
    SERVER=$!
    PIDS="$PIDS $SERVER"
    URL=
    for _ in $(seq 1 6000); do
        grep -qs 'http://' "$log" && break
        kill -0 "$SERVER" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1)
}

stop() {   # [PID...]: the servers (default SERVER)
    local pid
    for pid in "${@:-$SERVER}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${@:-$SERVER}"; do wait "$pid" 2>/dev/null || true; done
}

q() { sqlite3 -cmd '.timeout 10000' "$1/m.db" "$2"; }

# import_dossiers N DIR: a database of the generator's units, agencies and
# N dossiers in DIR.
import_dossiers() {
    local n=$1 d=$2 t0 t1
    "$TMP/gen_dossiers" --units >"$TMP/units.json"
    "$TMP/gen_dossiers" --agencies >"$TMP/agencies.csv"
    "$BIN" import units "$TMP/units.json" --db "$d/m.db" --data-dir "$d" >/dev/null 2>&1
    "$BIN" import agencies "$TMP/agencies.csv" --db "$d/m.db" --data-dir "$d" >/dev/null 2>&1
    t0=$(now)
    "$TMP/gen_dossiers" "$n" 766 "$OPEN_DAYS" >"$TMP/in.jsonl"
    t1=$(now)
    "$BIN" import dossiers "$TMP/in.jsonl" --db "$d/m.db" --data-dir "$d" >/dev/null 2>"$TMP/import.err" ||
        { cat "$TMP/import.err" >&2; exit 1; }
    awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$(now)" 'BEGIN {
        printf "growth: %d dossiers generated in %.0f s, imported in %.0f s\n", n, b - a, c - b }'
    rm -f "$TMP/in.jsonl"
    touch "$d/imported"
}

# build N DIR: the database of N dossiers with its accounts and info.json.
build() {
    local n=$1 d=$2 uid step
    if [ ! -f "$d/imported" ]; then
        rm -rf "$d"
        mkdir -p "$d"
        import_dossiers "$n" "$d"
    fi
    echo "$n" >"$d/n"
    "$BIN" user add --login gb.tinh --name "Quản trị tỉnh" --password "$PASSWORD" \
        --roles province_admin --totp-secret "$SECRET" --db "$d/m.db" --data-dir "$d" >/dev/null
    "$BIN" user add --login gb.xa --name "Cán bộ một cửa" --password "$PASSWORD" \
        --roles reception,processing --agency "$AGENCY" --totp-secret "$SECRET" \
        --db "$d/m.db" --data-dir "$d" >/dev/null
    serve "$d" "$TMP/serve.log"
    node bench/growth.mjs "$URL" register "$d/citizen.json"
    stop
    # The citizen owns 20 dossiers spread over the years; 200 dossiers get
    # a phone whose last digits public tracking checks.
    uid=$(q "$d" "SELECT max(id) FROM users")
    step=$((n / 20))
    q "$d" "UPDATE dossiers SET applicant_id = $uid WHERE id % $step = 7"
    step=$((n / 200))
    q "$d" "UPDATE dossiers SET contact_phone = '0912345' || substr('000' || (id % 1000), -3)
            WHERE id % $step = 11"
    {
        printf '{"admin":"gb.tinh","officer":"gb.xa","secret":"%s","password":"%s",' \
            "$SECRET" "$PASSWORD"
        printf '"citizen":%s,"codes":[' "$(cat "$d/citizen.json")"
        q "$d" "SELECT '\"' || code || '\"' FROM dossiers WHERE agency_code = '$AGENCY'
                ORDER BY (id * 2654435761) % 1000003 LIMIT 200" | paste -sd, -
        printf '],"tracks":['
        q "$d" "SELECT '[\"' || code || '\",\"' || substr(contact_phone, -4) || '\"]'
                FROM dossiers WHERE contact_phone <> '' AND origin = 'import'" | paste -sd, -
        printf ']}\n'
    } >"$d/info.json"
    q "$d" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    echo "$n" >"$d/ready"
}

ROWS=()
for N in $SIZES; do
    D=$KEEP/growth-$N
    [ -f "$D/ready" ] || build "$N" "$D"
    BYTES=$(stat -c %s "$D/m.db")
    awk -v n="$N" -v b="$BYTES" 'BEGIN {
        printf "growth: %d dossiers: database %.2f GB, %.2f GB per million dossiers\n",
            n, b / 1e9, b / 1e9 / (n / 1e6) }'
    ROWS+=("$N")
done
[ "$REQS" = 0 ] && exit 0   # build only

# measure ROUND: one timing run of every page on every size at once: a
# server per database (each on CPU 1, as a single one would be), and
# bench/growth.mjs sending each request to every server in turn, so that
# whatever else the machine does falls on every size alike.  Each server's
# access log gives each request's time in the server as well.
measure() {
    local r=$1 n d i deep_agency deep_province pids=() urls=() nows=() starts=() deeps=()
    for n in "${ROWS[@]}"; do
        d=$KEEP/growth-$n
        LOG_ACCESS=1 serve "$d" "$TMP/serve-$n.log"
        pids+=("$SERVER") urls+=("$URL") nows+=("$NOW") starts+=("$LAUNCHED")
        # The deep pages: page 100 of the officer's queue and page 1,000 of
        # the province's, reached as their links reach them (the row before
        # the page; a server without keyset paging reads trang= alone).
        deep_agency=$(q "$d" "SELECT id FROM dossiers WHERE agency_code = '$AGENCY'
                              ORDER BY id DESC LIMIT 1 OFFSET 2474")
        deep_province=$(q "$d" "SELECT id FROM dossiers ORDER BY id DESC LIMIT 1 OFFSET 24974")
        deeps+=("$deep_agency $deep_province")
    done
    # The servers' clocks have run since their launch (migrations included).
    {
        echo "["
        for i in "${!ROWS[@]}"; do
            n=${ROWS[$i]}
            set -- ${deeps[$i]}
            printf '%s{"url":"%s","info":"%s","now":%d,"log":"%s","deepAgency":"%s",' \
                "$([ "$i" -gt 0 ] && echo ,)" "${urls[$i]}" "$KEEP/growth-$n/info.json" \
                $((nows[i] + $(date +%s) - starts[i])) "$TMP/serve-$n.log" "$1"
            printf '"deepProvince":"%s","out":"%s"}\n' "$2" "$TMP/out-$n-$r"
        done
        echo "]"
    } >"$TMP/targets.json"
    "${ON_CLIENT[@]}" node bench/growth.mjs "$TMP/targets.json" "$REQS"
    stop "${pids[@]}"
}

# GROWTH_ROUNDS rounds, every size in each.
if [ "${GROWTH_TABLE:-0}" = 1 ]; then   # the table of the last runs only
    for N in "${ROWS[@]}"; do cp "$KEEP/growth-$N/last-run.txt" "$TMP/out-$N"; done
else
    for r in $(seq 1 "$ROUNDS"); do
        measure "$r"
    done
    # Per size and page, the median of the rounds' p50 and of their p99.
    for N in "${ROWS[@]}"; do
        awk '$1 == "growth-page" { k = $2; n[k]++; a[k, n[k]] = $3; b[k, n[k]] = $4
                                    c[k, n[k]] = $6; e[k, n[k]] = $7
                                    if (!(k in st) || $5 != "ok") st[k] = $5
                                    if (!(k in seen)) { seen[k] = 1; order[++np] = k } }
            function med(x, k, m,    i, j, t, v) {
                for (i = 1; i <= m; i++) v[i] = x[k, i]
                for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
                    if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
                return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
            }
            END { for (i = 1; i <= np; i++) { k = order[i]
                printf "growth-page %s %.2f %.2f %s %.2f %.2f\n", k, med(a, k, n[k]),
                    med(b, k, n[k]), st[k], med(c, k, n[k]), med(e, k, n[k]) } }' \
            $(for r in $(seq 1 "$ROUNDS"); do echo "$TMP/out-$N-$r"; done) >"$TMP/out-$N"
        cp "$TMP/out-$N" "$KEEP/growth-$N/last-run.txt"
    done
fi

# table TITLE P50_FIELD P99_FIELD: one line per page, p50 and p99 per size,
# the ratio last/first.
table() {
    echo
    echo "$1"
    awk -v sizes="${ROWS[*]}" -v c50="$2" -v c99="$3" '
    BEGIN { ns = split(sizes, size, " ") }
    FNR == 1 { f++ }
    $1 == "growth-page" {
        if (!($2 in seen)) { seen[$2] = 1; order[++np] = $2 }
        p50[$2, f] = $c50; p99[$2, f] = $c99; st[$2, f] = $5
    }
    END {
        printf "%-16s", "page"
        for (i = 1; i <= ns; i++) printf " %10s p50 %6s p99", size[i] / 1e6 "M", ""
        printf " %9s %9s\n", "x p50", "x p99"
        for (k = 1; k <= np; k++) {
            p = order[k]
            printf "%-16s", p
            for (i = 1; i <= ns; i++) printf " %11.2f ms %6.2f ms", p50[p, i], p99[p, i]
            r50 = p50[p, 1] > 0 ? p50[p, ns] / p50[p, 1] : 0
            r99 = p99[p, 1] > 0 ? p99[p, ns] / p99[p, 1] : 0
            flag = (r50 > 1.2 || r99 > 1.2) ? "  FLAG" : ""
            bad = ""
            for (i = 1; i <= ns; i++) if (st[p, i] != "ok") bad = bad " " size[i] ":" st[p, i]
            printf " %9.2f %9.2f%s%s\n", r50, r99, flag, bad
        }
    }' $(for N in "${ROWS[@]}"; do echo "$TMP/out-$N"; done)
}
[ "${#ROWS[@]}" -gt 0 ] || exit 0
table "Client (bench/growth.mjs on CPU 0: its own pauses included)" 3 4
table "Server (its access log: from the request's first byte to the answer sent)" 6 7
