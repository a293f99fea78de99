#!/bin/sh
# tools/eval-assistant/run.sh - `make eval-assistant`: how well the virtual
# assistant finds the procedure a citizen asks about (docs/assistant.md).
#
# Imports the 2,642-procedure national catalogue into a fresh database,
# then runs `motcua assistant eval` on the citizen questions that link to
# those procedures: 5-fold cross-validation (deterministic folds), with two
# BM25 baselines measured in the same run.  Prints top-1, top-3 and p99.
#
#   MOTCUA_BIN   use this binary instead of building build/dev/motcua
#   EVAL_ARGS    extra arguments for `motcua assistant eval` (e.g. --verbose)
#   DB           sqlite (default), postgres (a private cluster, scripts/pg.sh)
#                or both: the same evaluation on each backend, one after the other
set -eu
cd "$(dirname "$0")/../.."

DATA=../shared/data
CATALOGUE=$DATA/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz
QUESTIONS=$DATA/hoi_dap/dvc_cau_hoi_thuong_gap_814_kem_ma_thu_tuc.csv

for f in "$CATALOGUE" "$QUESTIONS"; do
    [ -r "$f" ] || { echo "eval-assistant: $f not found" >&2; exit 1; }
done

if [ -n "${MOTCUA_BIN:-}" ]; then
    BIN=$MOTCUA_BIN
else
    make -j2 all >/dev/null
    BIN=build/dev/motcua
fi

TMP=$(mktemp -d)
PGDIR=
cleanup() {
    [ -n "$PGDIR" ] && sh scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1
    rm -rf "$TMP" ${PGDIR:+"$PGDIR"}
}
trap cleanup EXIT INT TERM

# evaluate URL TITLE: import the catalogue into the database URL, then evaluate.
evaluate() {
    echo "eval-assistant [$2]: importing $(basename "$CATALOGUE")"
    "$BIN" import procedures "$CATALOGUE" --db "$1" >"$TMP/import.log" 2>&1 || {
        cat "$TMP/import.log" >&2
        exit 1
    }
    echo "eval-assistant [$2]:"
    # shellcheck disable=SC2086
    MOTCUA_LOG_LEVEL=warn "$BIN" assistant eval "$QUESTIONS" --db "$1" ${EVAL_ARGS:-}
}

case ${DB:-sqlite} in
sqlite|both) evaluate "$TMP/eval.db" SQLite ;;
postgres|postgresql) ;;
*) echo "eval-assistant: DB must be sqlite, postgres or both" >&2; exit 2 ;;
esac
case ${DB:-sqlite} in
postgres|postgresql|both)
    PGDIR=$(mktemp -d /tmp/motcua-eval-pg-XXXXXX)
    sh scripts/pg.sh start "$PGDIR" >/dev/null
    evaluate "$(sh scripts/pg.sh createdb "$PGDIR" eval)" PostgreSQL
    ;;
esac
