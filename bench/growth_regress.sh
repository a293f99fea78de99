#!/bin/bash
# bench/growth_regress.sh BEFORE AFTER - the figures a change to the dossier
# tables must not move, for two motcua binaries (say, main's and a
# branch's), one after the other, printed side by side:
#   - durable online submissions through HTTP, with and without a PDF, and
#     the raw durable commits of the disk (bench/run.sh BENCH_ONLY=dossiers);
#   - the import of REGRESS_IMPORT_N generated dossiers (the same run);
#   - the assistant's requests/s and p99 (bench/assistant.sh);
#   - the 766 index: the import with its counters, `motcua index` over it,
#     and the index API's p99 while dossiers are written (bench/index.sh).
#
#   REGRESS_IMPORT_N  dossiers for the two imports (default 200000)
#   REGRESS_SUBMITS   HTTP submissions per run (default 2000)
# The binaries share the machine with whatever else runs: compare the
# columns of one run, and repeat it before drawing a conclusion.
if [ -z "${BASH_VERSION:-}" ]; then
    exec bash "$0" "$@"
fi
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/growth_regress.sh BEFORE_BIN AFTER_BIN" >&2; exit 2; }
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
cd "$(dirname "$0")/.."
N=${REGRESS_IMPORT_N:-200000}
S=${REGRESS_SUBMITS:-2000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

for tag in before after; do
    bin=$BEFORE
    [ "$tag" = after ] && bin=$AFTER
    echo "growth_regress: $tag: $bin" >&2
    BENCH_ONLY=dossiers DOSSIER_IMPORT_N=$N BENCH_SUBMITS=$S MOTCUA_BENCH_BIN=$bin \
        bash bench/run.sh >"$OUT/$tag.dossiers" 2>&1 || true
    MOTCUA_BENCH_BIN=$bin bash bench/assistant.sh >"$OUT/$tag.assistant" 2>&1 || true
    INDEX_BENCH_N=$N INDEX_BENCH_REQS=200 MOTCUA_BENCH_BIN=$bin \
        bash bench/index.sh >"$OUT/$tag.index" 2>&1 || true
done

# figure TAG: the figures of one binary, one "name value unit" per line.
figures() {
    awk '$1 == "submit-http" { print "submit-http", $2, "/s" }
         $1 == "submit-http-nofile" { print "submit-http-nofile", $2, "/s" }
         $1 == "raw-commits" { print "raw-commits", $2, "/s" }
         $1 == "import-dossiers" { print "import-dossiers", $2, "s" }' "$OUT/$1.dossiers"
    awk '$1 == "assistant" && $2 ~ /^[0-9]/ { print "assistant-rps", $2, "/s";
                                             print "assistant-p99", $3, "ms" }' \
        "$OUT/$1.assistant"
    sed -nE 's/^index: import ([0-9]+) dossiers with counters: ([0-9.]+) s.*/index-import \2 s/p
             s/^index: motcua index --period .*: ([0-9.]+) s \(target.*/index-recompute \1 s/p
             s/^index: GET .* p99 ([0-9.]+) ms.*/index-api-p99 \1 ms/p' "$OUT/$1.index"
}

figures before >"$OUT/b"
figures after >"$OUT/a"
printf '\n%-20s %12s %12s %8s\n' figure before after after/before
awk 'FNR == NR { b[$1] = $2; u[$1] = $3; order[++n] = $1; next }
     { a[$1] = $2; u[$1] = $3; if (!($1 in b)) order[++n] = $1 }
     END {
         for (i = 1; i <= n; i++) {
             k = order[i]
             r = (k in b) && (k in a) && b[k] > 0 ? sprintf("%.2f", a[k] / b[k]) : "-"
             printf "%-20s %9s %-2s %9s %-2s %8s\n", k, (k in b) ? b[k] : "?", u[k],
                 (k in a) ? a[k] : "?", u[k], r
         }
     }' "$OUT/b" "$OUT/a"
for f in "$OUT"/*.dossiers "$OUT"/*.assistant "$OUT"/*.index; do
    grep -qiE 'error|not found|BELOW' "$f" && { echo "--- $(basename "$f")"; grep -iE 'error|not found|BELOW' "$f" | head -5; }
done
exit 0
