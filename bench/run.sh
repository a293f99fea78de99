#!/bin/bash
# bench/run.sh - HTTP throughput of motcua against nginx serving the same
# bytes (run by `make bench`; see bench/README.md).
#
# Starts build/dev/motcua with a fresh database and Debian's nginx with a
# private configuration, both on 127.0.0.1, then runs wrk against pairs
# of URLs and prints requests/s and the ratio motcua/nginx per pair.
# With ../shared/data present it first imports the 2,642-procedure
# catalogue into that database (timed, twice) and also measures the
# procedure page (a pair) and the search API (req/s and latency).
#
# Pinned (the default with two CPUs or more): motcua and nginx (one
# worker) run on CPU 1 (`taskset -c 1`), wrk with one thread on CPU 0, so
# both servers get the same CPU budget and wrk does not compete with them.
#
#   BENCH_PIN        1 = pin as above (default with >= 2 CPUs), 0 = do not
#   BENCH_DURATION   wrk duration per run (default 10s)
#   BENCH_THREADS    wrk threads (default 2; 1 when pinned)
#   BENCH_CONNS      wrk connections (default 32)
#   BENCH_WARMUP     warm-up run per URL before measuring (default 1s; 0 = none)
#   BENCH_STRICT=1   exit 1 when a pair is below its target
#   MOTCUA_BENCH_BIN use this binary instead of building build/dev/motcua
#   NGINX            nginx binary (default /usr/sbin/nginx)
#   BENCH_DATA       shared data folder (default ../shared/data)
#   BENCH_SUBMITS    HTTP dossier submissions to time (default 8000)
#   BENCH_SUBMIT_CLIENTS  parallel submitting clients (default 16)
#   DOSSIER_IMPORT_N dossiers generated for the import benchmark (default 1000000; 0 skips)
#   BENCH_ONLY=dossiers  only the dossier benchmarks (submissions, import)
#   BENCH_PG=0       skip the PostgreSQL figures (bench/pg.sh: PG_BENCH_SUBMITS,
#                    PG_BENCH_DOSSIERS)
#   BENCH_ONLY=http  only the HTTP pairs, the search pair and the transfer sizes
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
if [ -z "${BENCH_PIN:-}" ]; then
    BENCH_PIN=$([ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null && echo 1 || echo 0)
fi
if [ "$BENCH_PIN" = 1 ]; then
    THREADS=${BENCH_THREADS:-1}
    ON_SERVER_CPU=(taskset -c 1)
    ON_CLIENT_CPU=(taskset -c 0)
    NGINX_WORKERS=1
else
    THREADS=${BENCH_THREADS:-2}
    ON_SERVER_CPU=()
    ON_CLIENT_CPU=()
    NGINX_WORKERS=auto
fi
CONNS=${BENCH_CONNS:-32}
WARMUP=${BENCH_WARMUP:-1s}
NGINX=${NGINX:-/usr/sbin/nginx}
DATA=${BENCH_DATA:-../shared/data}

for tool in wrk curl sqlite3 iconv; do
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
    for pid in $MOTCUA_PID $NGINX_PID ${DOSSIER_PID:-}; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $MOTCUA_PID $NGINX_PID ${DOSSIER_PID:-}; do
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

# Values of the column named COL of a CSV file (RFC 4180 quoting, fields
# may span lines), one per line, inner line breaks as spaces.
csv_column() {   # file column
    LC_ALL=C awk -v col="$2" '
    function parse(rec,    n, c, i, f, q) {
        n = 0; f = ""; q = 0
        for (i = 1; i <= length(rec); i++) {
            c = substr(rec, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(rec, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
                } else f = f c
            } else if (c == "\"") q = 1
            else if (c == ",") { fld[++n] = f; f = "" }
            else f = f c
        }
        fld[++n] = f
        return n
    }
    {
        sub(/\r$/, "")
        rec = (pending == "") ? $0 : pending "\n" $0
        if (gsub(/"/, "\"", rec) % 2) { pending = rec; next }
        pending = ""
        n = parse(rec)
        if (!k) {
            for (j = 1; j <= n; j++) if (fld[j] == col) k = j
            if (!k) { print "csv_column: no column " col > "/dev/stderr"; exit 1 }
            next
        }
        v = fld[k]; gsub(/[\r\n\t]+/, " ", v); sub(/^ +/, "", v); sub(/ +$/, "", v)
        if (v != "") print v
    }' "$1"
}

# Percent-encode each input line (every byte but A-Z a-z 0-9 - . _ ~).
urlencode_lines() {
    LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
    {
        out = ""
        for (i = 1; i <= length($0); i++) {
            c = substr($0, i, 1)
            out = out (c ~ /[A-Za-z0-9._~-]/ ? c : sprintf("%%%02X", ord[c]))
        }
        print out
    }'
}

# Vietnamese without diacritics, line by line ("Đăng ký" -> "Dang ky").
strip_diacritics() {
    LC_ALL=C.UTF-8 iconv -f UTF-8 -t ASCII//TRANSLIT
}

# ------------------------------------------------------------------ dossiers
# bench_dossiers: (1) durable online submissions per second THROUGH HTTP:
# bench/http_submit.c (libcurl) signs a citizen in on BENCH_SUBMIT_CLIENTS
# connections and posts BENCH_SUBMITS multipart submissions to
# /nop-ho-so/2.000635 (a fresh token each; each answer must be the 303 to
# /ho-so/{code}?moi=1), twice: with one distinct PDF each (submit-http)
# and e-form only, as when every document comes from the vault
# (submit-http-nofile); both against the raw rate of the same number of
# single-row durable SQLite commits (WAL, synchronous=FULL) on the same
# disk in the same run; target >= 50%.  (2) `motcua import dossiers` of
# DOSSIER_IMPORT_N (default 1,000,000; 0 skips it) dossiers written by
# bench/gen_dossiers.c into a fresh database; target < 60 s.  Its own
# server and databases, with the demo agencies and procedures.
# BENCH_ONLY=dossiers runs this part alone.
DOSSIER_PID=
bench_dossiers() {
    local d=$TMP/dossiers n=${BENCH_SUBMITS:-8000} clients=${BENCH_SUBMIT_CLIENTS:-16}
    local big=${DOSSIER_IMPORT_N:-1000000} url csrf code out raw withfile http nofile rows=()
    mkdir -p "$d"
    # shellcheck disable=SC2046
    cc -std=c17 -O2 -Wall -Wextra -Werror bench/http_submit.c \
        $(pkg-config --cflags --libs libcurl sqlite3) -lpthread -o "$d/http_submit"
    cc -std=c17 -O2 -Wall -Wextra -Werror bench/gen_dossiers.c -o "$d/gen_dossiers"
    "$BIN" import units data/demo/units.json --db "$d/s.db" --data-dir "$d" >/dev/null
    "$BIN" import agencies data/demo/agencies.csv --db "$d/s.db" --data-dir "$d" >/dev/null
    "$BIN" import procedures data/demo/procedures.jsonl --db "$d/s.db" --data-dir "$d" >/dev/null
    MOTCUA_LOG_ACCESS=0 "$BIN" serve --port 0 --db "$d/s.db" --data-dir "$d" \
        >"$d/serve.log" 2>&1 &
    DOSSIER_PID=$!
    for _ in $(seq 1 300); do
        grep -q 'http://' "$d/serve.log" && break
        sleep 0.1
    done
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$d/serve.log" | head -n 1)
    wait_ready "$url/healthz" "$DOSSIER_PID" motcua "$d/serve.log"
    # A citizen account (the form's own csrf and cookie).
    csrf=$(curl -fsS -c "$d/jar" -b "$d/jar" "$url/dang-ky" |
        grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
    code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$d/jar" -b "$d/jar" \
        --data-urlencode "csrf=$csrf" --data-urlencode kind=citizen \
        --data-urlencode "full_name=Nguyễn Văn Đo" --data-urlencode cccd=001090009876 \
        --data-urlencode phone=0912009876 --data-urlencode password=la-xanh-2026 \
        --data-urlencode password2=la-xanh-2026 --data-urlencode dong_y=1 "$url/dang-ky")
    [ "$code" = 303 ] || { echo "bench: dossiers: registration failed ($code)" >&2; exit 1; }
    # The phone is proved with the code the outbox holds (no SMS gateway here).
    local vcode bidx   # the outbox keeps the address sealed: found by its blind index
    bidx=$(MOTCUA_TEST=1 "$BIN" debug index recipient 0912009876 --data-dir "$d")
    vcode=$(sqlite3 -readonly "$d/s.db" "SELECT body FROM notify_outbox
        WHERE recipient_bidx = '$bidx' AND kind = 'account.code' ORDER BY id DESC LIMIT 1" |
        grep -o '[0-9]\{6\}' | head -n 1)
    csrf=$(curl -fsS -c "$d/jar" -b "$d/jar" "$url/tai-khoan/xac-minh" |
        grep -o 'name="csrf" value="[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
    code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$d/jar" -b "$d/jar" \
        --data-urlencode "csrf=$csrf" --data-urlencode kenh=phone --data-urlencode "code=$vcode" \
        "$url/tai-khoan/xac-minh")
    [ "$code" = 303 ] || { echo "bench: dossiers: phone verification failed ($code)" >&2; exit 1; }
    echo "bench: dossiers: raw durable commits and $n HTTP submissions ($clients clients)"
    # The raw rate swings with the disk's fsync latency of the moment, so
    # it is measured before, between and after the two HTTP runs; the
    # ratios use the median of the three.
    local raws=()
    out=$("$d/http_submit" raw "$d" "$n")
    raws+=("$(awk '$1 == "raw" { print $2 }' <<<"$out")")
    withfile=$(awk '$1 == "raw" { print $4 }' <<<"$out")
    out=$("$d/http_submit" http "$url" 001090009876 la-xanh-2026 2.000635 T20.STP "$n" \
        "$clients" 1) || { echo "bench: dossiers: submissions failed: $out" >&2; exit 1; }
    http=$(awk '$1 == "http" { print $2 }' <<<"$out")
    # The uploads were staged in the database; the filestore-flush job
    # moves them to disk in the background.  How long until none is left:
    local t0 drain staged
    t0=$(date +%s.%N)
    for _ in $(seq 1 600); do
        staged=$(sqlite3 -readonly "$d/s.db" 'SELECT count(*) FROM staged_files')
        [ "$staged" = 0 ] && break
        sleep 0.1
    done
    drain=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    out=$("$d/http_submit" raw "$d" "$n")
    raws+=("$(awk '$1 == "raw" { print $2 }' <<<"$out")")
    out=$("$d/http_submit" http "$url" 001090009876 la-xanh-2026 2.000635 T20.STP "$n" \
        "$clients" 0) || { echo "bench: dossiers: submissions failed: $out" >&2; exit 1; }
    nofile=$(awk '$1 == "http" { print $2 }' <<<"$out")
    out=$("$d/http_submit" raw "$d" "$n")
    raws+=("$(awk '$1 == "raw" { print $2 }' <<<"$out")")
    raw=$(printf '%s\n' "${raws[@]}" | sort -g | sed -n 2p)
    kill -TERM "$DOSSIER_PID"
    wait "$DOSSIER_PID" || true
    DOSSIER_PID=
    rows+=("$(awk -v h="$http" -v r="$raw" 'BEGIN { p = r > 0 ? 100 * h / r : 0
        printf "%-22s %8.0f /s  raw commits %6.0f /s  %4.0f%%  >= 50%%  %s", "submit-http", h, r,
            p, (p >= 50 ? "ok" : "BELOW") }')")
    rows+=("$(awk -v h="$nofile" -v r="$raw" 'BEGIN { p = r > 0 ? 100 * h / r : 0
        printf "%-22s %8.0f /s  raw commits %6.0f /s  %4.0f%%  >= 50%%  %s", "submit-http-nofile",
            h, r, p, (p >= 50 ? "ok" : "BELOW") }')")
    rows+=("$(printf '%-22s %8.0f /s  median of %.0f, %.0f, %.0f (before, between, after)' \
        raw-commits "$raw" "${raws[0]}" "${raws[1]}" "${raws[2]}")")
    rows+=("$(printf '%-22s %8s s   after the burst, until all %d uploads were on disk (%s left)' \
        staged-drain "$drain" "$n" "$staged")")
    rows+=("$(awk -v w="$withfile" -v r="$raw" 'BEGIN {
        printf "%-22s %8.0f /s  (a durable file, then the commit: %.0f%% of raw; reference only)",
            "raw-file+commit", w, (r > 0 ? 100 * w / r : 0) }')")
    # The national sync import of a million generated dossiers.
    if [ "$big" -gt 0 ]; then
        echo "bench: dossiers: generating and importing $big dossiers"
        "$d/gen_dossiers" "$big" >"$d/big.jsonl"
        "$d/gen_dossiers" --units >"$d/big-units.json"
        "$d/gen_dossiers" --agencies >"$d/big-agencies.csv"
        "$BIN" import units "$d/big-units.json" --db "$d/big.db" --data-dir "$d" >/dev/null
        "$BIN" import agencies "$d/big-agencies.csv" --db "$d/big.db" --data-dir "$d" >/dev/null
        local t0 t1
        t0=$(date +%s%N)
        "$BIN" import dossiers "$d/big.jsonl" --db "$d/big.db" --data-dir "$d" >/dev/null
        t1=$(date +%s%N)
        local count
        count=$(sqlite3 -readonly "$d/big.db" 'SELECT count(*) FROM dossiers')
        rm -f "$d/big.jsonl"
        rows+=("$(awk -v a="$t0" -v b="$t1" -v n="$big" -v c="$count" 'BEGIN { s = (b - a) / 1e9
            printf "%-22s %8.1f s   %d dossiers (%.0f/s)  < 60 s  %s", "import-dossiers", s, c,
                n / s, (s < 60 && c == n ? "ok" : "BELOW") }')")
    fi
    grep -q BELOW <<<"${rows[*]}" && BELOW=1
    printf '\n%-22s %s\n' dossiers 'figure'
    printf '%s\n' "${rows[@]}"
}
if [ "${BENCH_ONLY:-}" = dossiers ]; then
    BELOW=0
    bench_dossiers
    [ "$BELOW" = 1 ] && [ "${BENCH_STRICT:-0}" = 1 ] && exit 1
    exit 0
fi

# ------------------------------------------------------------------ catalogue
mkdir -p "$TMP/motcua"
BENCH_DB=$TMP/motcua/bench.db
CATALOG_JSONL=$DATA/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz
CATALOG_LEVELS=$DATA/thu_tuc_hanh_chinh/langson_tthc_1840_muc_do_dvc.csv
QUESTIONS_CSV=$DATA/hoi_dap/dvc_cau_hoi_thuong_gap_814_kem_ma_thu_tuc.csv
CATALOG=1
for f in "$CATALOG_JSONL" "$CATALOG_LEVELS" "$QUESTIONS_CSV"; do
    if [ ! -r "$f" ]; then
        echo "bench: $f not found: the catalogue benchmarks (import, search, procedure page) are skipped"
        CATALOG=0
        break
    fi
done

CAT_ROWS=()
IMPORT_TARGET_S=10

# "procedures versions" stored in the bench database.
catalog_counts() {
    sqlite3 -readonly "$BENCH_DB" \
        'SELECT (SELECT count(*) FROM procedures) || " " || (SELECT count(*) FROM procedure_versions)'
}

# bench_import NAME: one `motcua import procedures` of the catalogue into
# the bench database, timed (wall clock, including start-up and
# migrations); records a row.  Nothing may change from the second run on.
bench_import() {
    local name=$1 before after t0 t1 out
    before=$( [ -s "$BENCH_DB" ] && catalog_counts || echo "0 0")
    t0=$(date +%s%N)
    if ! out=$("$BIN" import procedures "$CATALOG_JSONL" --online-levels "$CATALOG_LEVELS" \
            --db "$BENCH_DB" --data-dir "$TMP/motcua" 2>"$TMP/import.err"); then
        echo "bench: $name: import failed:" >&2
        cat "$TMP/import.err" >&2
        printf '%s\n' "$out" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    after=$(catalog_counts)
    echo "bench: $name: $(head -n 1 <<<"$out")"
    local secs verdict change
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    change="procedures/versions ${before/ //} -> ${after/ //}"
    verdict=$(awk -v s="$secs" -v t="$IMPORT_TARGET_S" 'BEGIN { print (s < t ? "ok" : "BELOW") }')
    if [ "$before" != "0 0" ] && [ "$before" != "$after" ]; then
        verdict=BELOW
        change="$change (changed!)"
    fi
    [ "$verdict" = BELOW ] && BELOW=1
    CAT_ROWS+=("$(printf '%-22s %10s s %12s  %-5s %s' "$name" "$secs" "< ${IMPORT_TARGET_S} s" \
        "$verdict" "$change")")
}

BELOW=0
if [ "$CATALOG" = 1 ]; then
    bench_import import-fresh
    bench_import import-again
fi

# ------------------------------------------------------------------ motcua
# Port 0: the kernel picks a free port and motcua prints it (no race).
MOTCUA_LOG_ACCESS=0 "${ON_SERVER_CPU[@]}" "$BIN" serve --port 0 --db "$BENCH_DB" \
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
# The procedure page: 1.001193 (khai sinh) if present, else the first code.
PROC_PATH=
if [ "$CATALOG" = 1 ]; then
    PROC_CODE=1.001193
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$MOTCUA/thu-tuc/$PROC_CODE")" != 200 ]; then
        PROC_CODE=$(curl -fsS "$MOTCUA/api/v1/procedures" | grep -o '"code":"[^"]*"' | head -n 1 | cut -d'"' -f4)
    fi
    [ -n "$PROC_CODE" ] || { echo "bench: no procedure in the imported catalogue" >&2; exit 1; }
    PROC_PATH=/thu-tuc/$PROC_CODE
    mkdir -p "$WWW/thu-tuc"
    PAGE_TYPE=$(curl -fsS -o "$WWW$PROC_PATH" -w '%{content_type}' "$MOTCUA$PROC_PATH")
    # The same page's gzip bytes, served by nginx as a file with Content-Encoding.
    mkdir -p "$WWW/gz/thu-tuc"
    curl -fsS -H 'Accept-Encoding: gzip' -o "$WWW/gz$PROC_PATH" "$MOTCUA$PROC_PATH"
fi
chmod -R a+rX "$WWW"

NPORT=$(free_port)
cat >"$TMP/nginx/nginx.conf" <<CONF
daemon off;
worker_processes $NGINX_WORKERS;
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
        location /thu-tuc/ {
            default_type "${PAGE_TYPE:-text/html}";
        }
        location /gz/ {
            default_type "${PAGE_TYPE:-text/html}";
            add_header Content-Encoding gzip;
            add_header Vary Accept-Encoding;
        }
    }
}
CONF
"${ON_SERVER_CPU[@]}" "$NGINX" -p "$TMP/nginx" -c nginx.conf -e "$TMP/nginx/error.log" >"$TMP/nginx.log" 2>&1 &
NGINX_PID=$!
NGINXURL=http://127.0.0.1:$NPORT
wait_ready "$NGINXURL/healthz" "$NGINX_PID" nginx "$TMP/nginx/error.log"

# ------------------------------------------------------------------ runs
ROWS=()
declare -A MOTCUA_RPS   # motcua req/s per pair name, for reference figures

# wrk on the client CPU.
WRK_BIN=$(type -P wrk)
wrk() {
    "${ON_CLIENT_CPU[@]}" "$WRK_BIN" "$@"
}

# CPU time (user + system, in clock ticks) of process PID and its children
# (nginx's worker), so far.
cpu_ticks() {   # pid
    local p t=0
    for p in "$1" $(pgrep -P "$1" || true); do
        t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}

# Requests per second of one wrk run (warns about errors on stderr), then
# the requests served per second of the server's CPU time (PID): on a
# loaded machine, where the servers get only part of their CPU, that
# second figure still compares them.  Extra arguments (a header) go to wrk.
wrk_rps() {   # pid url [wrk args]
    local out pid=$1 url=$2 t0 t1
    shift 2
    t0=$(cpu_ticks "$pid")
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url")
    t1=$(cpu_ticks "$pid")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "bench: warning: errors while loading $url:" >&2
        grep -E 'Non-2xx|Socket errors' <<<"$out" >&2
    fi
    awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
        /requests in/ { n = $1 }
        /^Requests\/sec:/ { r = $2 }
        END { printf "%s %.0f\n", r, (t > 0 ? n / (t / hz) : 0) }' <<<"$out"
}

# bench_pair NAME MOTCUA_URL NGINX_URL TARGET_PERCENT [ACCEPT_ENCODING]
# Checks both URLs return identical bodies (the bytes as sent, with the
# Accept-Encoding given), runs wrk on each and records a table row.  Add
# new pairs at the end of this file.
bench_pair() {
    local name=$1 murl=$2 nurl=$3 target=$4 hdr=()
    [ -n "${5:-}" ] && hdr=(-H "Accept-Encoding: $5")
    if ! cmp -s <(curl -fsS "${hdr[@]}" "$murl") <(curl -fsS "${hdr[@]}" "$nurl"); then
        echo "bench: $name: $murl and $nurl return different bodies" >&2
        exit 1
    fi
    if [ "$WARMUP" != 0 ]; then
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "${hdr[@]}" "$murl" >/dev/null
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "${hdr[@]}" "$nurl" >/dev/null
    fi
    echo "bench: $name: motcua $murl"
    local m n mc nc cpu
    read -r m mc < <(wrk_rps "$MOTCUA_PID" "$murl" "${hdr[@]}")
    echo "bench: $name: nginx  $nurl"
    read -r n nc < <(wrk_rps "$NGINX_PID" "$nurl" "${hdr[@]}")
    local verdict
    verdict=$(awk -v m="$m" -v n="$n" -v t="$target" \
        'BEGIN { r = n > 0 ? 100 * m / n : 0; printf "%.0f%% %s", r, (r >= t ? "ok" : "BELOW") }')
    cpu=$(awk -v m="$mc" -v n="$nc" 'BEGIN { printf "%.0f%%", (n > 0 ? 100 * m / n : 0) }')
    [ "${verdict#* }" = BELOW ] && BELOW=1
    MOTCUA_RPS[$name]=$m
    ROWS+=("$(printf '%-14s %12.0f %12.0f %7s %8s  %-5s %9.0f %9.0f %7s' "$name" "$m" "$n" \
        "${verdict% *}" ">= $target%" "${verdict#* }" "$mc" "$nc" "$cpu")")
}

# bench_search NAME: the catalogue search API with wrk and bench/search.lua
# rotating through ~200 FAQ questions (half without diacritics) and short
# queries (with and without diacritics).  No nginx pair: records req/s,
# p50/p90/p99 latency and, for reference only, the ratio to motcua's own
# /healthz req/s of the same run.
bench_search() {
    local name=$1 q=$TMP/search
    mkdir -p "$q"
    # Every 4th question (204 of 814); every other one without diacritics.
    csv_column "$QUESTIONS_CSV" question | awk 'NR % 4 == 1' | head -n 200 >"$q/questions"
    strip_diacritics <"$q/questions" >"$q/questions.ascii"
    awk 'NR == FNR { a[FNR] = $0; next } { print (FNR % 2 ? $0 : a[FNR]) }' \
        "$q/questions.ascii" "$q/questions" >"$q/queries"
    cat >"$q/short" <<'QUERIES'
khai sinh
đăng ký khai sinh
đăng ký kết hôn
cấp lại căn cước
cấp đổi giấy phép lái xe
giấy phép xây dựng
đăng ký thường trú
khai tử
chứng thực bản sao
đăng ký doanh nghiệp
lý lịch tư pháp
hộ chiếu
QUERIES
    cat "$q/short" >>"$q/queries"
    strip_diacritics <"$q/short" >>"$q/queries"
    urlencode_lines <"$q/queries" | sed 's|^|/api/v1/procedures?q=|' >"$q/paths"
    local n first
    n=$(wc -l <"$q/paths")
    first=$(head -n 1 "$q/paths")
    if ! curl -fsS -o /dev/null "$MOTCUA$first"; then
        echo "bench: $name: $MOTCUA$first failed" >&2
        exit 1
    fi
    if [ "$WARMUP" != 0 ]; then
        wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s bench/search.lua "$MOTCUA" -- "$q/paths" >/dev/null
    fi
    echo "bench: $name: motcua $MOTCUA/api/v1/procedures?q=... ($n queries)"
    search_run "$name" "$THREADS" "$CONNS"
    local rps=$SEARCH_RPS hz=${MOTCUA_RPS[healthz]:-0} raw
    # The raw FTS5 ranked MATCH over the same table and queries, on the
    # server's CPU, in this run (bench/fts5_raw.py).
    raw=$("${ON_SERVER_CPU[@]}" python3 bench/fts5_raw.py "$BENCH_DB" "$q/paths" \
        "${DURATION%s}" | awk '$1 == "fts5-raw" { print $2 }')
    CAT_ROWS+=("$(awk -v r="$rps" -v f="$raw" 'BEGIN { p = f > 0 ? r / f : 0
        printf "%-22s %10.0f /s  search via HTTP %.0f /s = %.2fx  >= 2x  %s", "fts5-raw-and", f, r, p,
            (p >= 2 ? "ok" : "BELOW") }')")
    CAT_ROWS+=("$(awk -v r="$rps" -v h="$hz" 'BEGIN {
        printf "%-22s %9.2f%%   of motcua /healthz req/s (%.0f), for reference only", "search/healthz", (h > 0 ? 100 * r / h : 0), h }')")
    # The word index ranked in memory (core/search_mem.h) against the
    # database's ranked MATCH, same queries, same CPU (bench/search_mem.c).
    local lib out
    lib=$(dirname "$BIN")/libmotcua.a
    # shellcheck disable=SC2046
    if [ -r "$lib" ] && cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wno-missing-field-initializers \
            -Isrc bench/search_mem.c "$lib" \
            $(pkg-config --cflags --libs libmicrohttpd sqlite3 jansson libutf8proc libsodium \
              liboath libqrencode zlib libcurl xlsxwriter libzip libbrotlienc) \
            $(pkg-config --libs libpq 2>/dev/null) -lhpdf -lpthread -lm -o "$q/search_mem" \
            2>/dev/null; then
        out=$("${ON_SERVER_CPU[@]}" "$q/search_mem" "$BENCH_DB" "$q/queries" 1)
        CAT_ROWS+=("$(awk '$1 == "search-mem-build" {
            printf "%-22s %10.1f ms  %d documents, once per catalogue version", "search-mem-build",
                $2, $3 }' <<<"$out")")
        local mode
        for mode in every any; do
            CAT_ROWS+=("$(awk -v m="$mode" '$1 == "search-mem" && $2 == m {
                printf "%-22s %10.1f us  database %.1f us/query (%.0fx), top 10", "search-mem-" m,
                    $3, $4, ($3 > 0 ? $4 / $3 : 0) }' <<<"$out")")
        done
    fi
    # One connection: the time one search takes, without queueing.
    echo "bench: $name: the same with one connection (unloaded latency)"
    search_run "$name-1conn" 1 1
}

# search_run NAME THREADS CONNS: one measured wrk run of bench/search.lua
# over $TMP/search/paths; records a row and sets SEARCH_RPS.
search_run() {
    local name=$1 out lat
    out=$(wrk -t"$2" -c"$3" -d"$DURATION" -s bench/search.lua "$MOTCUA" -- "$TMP/search/paths")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "bench: warning: errors while loading the search API:" >&2
        grep -E 'Non-2xx|Socket errors' <<<"$out" >&2
    fi
    SEARCH_RPS=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    lat=$(awk '$1 == "bench-latency-us" {
        printf "%.1f / %.1f / %.1f ms", $3 / 1000, $5 / 1000, $7 / 1000 }' <<<"$out")
    CAT_ROWS+=("$(printf '%-22s %10.0f /s  -c%-3s p50/p90/p99 %s' "$name" "$SEARCH_RPS" "$3" "$lat")")
}

echo "bench: wrk -t$THREADS -c$CONNS -d$DURATION; motcua $MOTCUA, nginx $NGINXURL"
echo "bench: $(nproc) CPUs; $(wc -c <"$WWW/healthz") B healthz, $(wc -c <"$WWW/static/site.css") B site.css"

# transfer_sizes: bytes sent for every public page as identity, gzip and
# brotli (what a phone downloads), and gzip -9 of the identity bytes for
# reference (what a page sent uncompressed would weigh compressed).
transfer_sizes() {
    local p size_id size_gz size_br ref verdict worst=0
    local pages=(/ /thu-tuc "/thu-tuc?q=khai+sinh" ${PROC_PATH:+"$PROC_PATH"} /chat-luong
                 "/phan-anh?kind=hoi_dap" /phan-anh /phan-anh/thong-ke /dang-nhap /dang-ky)
    for f in static/*.css static/*.js static/*.svg; do
        pages+=("/$f")
    done
    printf '\n%-28s %9s %9s %9s %9s %s\n' page identity gzip br 'gzip -9' '<= 20 KB'
    for p in "${pages[@]}"; do
        size_id=$(curl -s -o /dev/null -w '%{size_download}' "$MOTCUA$p")
        size_gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' \
            "$MOTCUA$p")
        size_br=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br' \
            "$MOTCUA$p")
        ref=$(curl -s "$MOTCUA$p" | gzip -9 | wc -c)
        verdict=$([ "$size_br" -le 20480 ] && echo ok || echo BELOW)
        [ "$verdict" = BELOW ] && worst=1
        printf '%-28s %9d %9d %9d %9d %s\n' "$p" "$size_id" "$size_gz" "$size_br" "$ref" "$verdict"
    done
    [ "$worst" = 1 ] && BELOW=1
    return 0
}

echo "bench: pinned=$BENCH_PIN (servers ${ON_SERVER_CPU[*]:-anywhere}, wrk ${ON_CLIENT_CPU[*]:-anywhere})"
bench_pair healthz "$MOTCUA/healthz" "$NGINXURL/healthz" 80
bench_pair static-css "$MOTCUA/static/site.css" "$NGINXURL/static/site.css" 60
if [ "$CATALOG" = 1 ]; then
    echo "bench: $(wc -c <"$WWW$PROC_PATH") B $PROC_PATH, $(wc -c <"$WWW/gz$PROC_PATH") B gzip"
    bench_pair procedure-page "$MOTCUA$PROC_PATH" "$NGINXURL$PROC_PATH" 70
    bench_pair procedure-gzip "$MOTCUA$PROC_PATH" "$NGINXURL/gz$PROC_PATH" 70 gzip
    bench_search search
fi

# The last three columns: requests per CPU-second of each server and their
# ratio (the figure to read when other work shares the CPUs).
printf '\n%-14s %12s %12s %7s %8s  %-5s %9s %9s %7s\n' benchmark 'motcua req/s' 'nginx req/s' \
    ratio target '' 'm req/cs' 'n req/cs' ratio
printf '%s\n' "${ROWS[@]}"
if [ "${#CAT_ROWS[@]}" -gt 0 ]; then
    printf '\n%-22s %12s %12s\n' catalogue figure target
    printf '%s\n' "${CAT_ROWS[@]}"
fi
transfer_sizes
if [ "${BENCH_ONLY:-}" = http ]; then
    [ "$BELOW" = 1 ] && [ "${BENCH_STRICT:-0}" = 1 ] && exit 1
    exit 0
fi

# The virtual assistant: requests/s and p99 with the national catalogue
# (its own server and database; see bench/assistant.sh).
MOTCUA_BENCH_BIN=$BIN bash bench/assistant.sh || BELOW=1

bench_dossiers

# The 766 index: ranking of every unit over 1,000,000 dossiers, and the
# index API's latency while dossiers are written (see bench/index.sh).
MOTCUA_BENCH_BIN=$BIN bash bench/index.sh || BELOW=1

# The 1588 targets: the KPI board for a year over 1,000,000 dossiers, all
# units (see bench/kpi.sh).
MOTCUA_BENCH_BIN=$BIN bash bench/kpi.sh || BELOW=1

# Outreach: a 1,000,000-recipient campaign stored and started, and 100,000
# messages delivered to the stand-in SMS gateway against its own ceiling
# (see bench/campaign.sh; CAMPAIGN_N, CAMPAIGN_DELIVER).
bash bench/campaign.sh || BELOW=1

# PostgreSQL: submissions against raw commits, pages and search on one and
# two app servers, the import and the 766 index (see bench/pg.sh);
# BENCH_PG=0 skips it.
if [ "${BENCH_PG:-1}" = 1 ]; then
    MOTCUA_BENCH_BIN=$BIN bash bench/pg.sh || BELOW=1
fi

if [ "$BELOW" = 1 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
    exit 1
fi
