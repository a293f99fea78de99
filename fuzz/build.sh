#!/bin/sh
# fuzz/build.sh - build the libFuzzer targets into build/fuzz (make fuzz).
#
# Each target is compiled together with the project sources it needs,
# straight from src/ (no libmotcua.a: the fuzz build uses its own flags).
# CC defaults to clang; FUZZ_FLAGS adds flags (e.g. -O2 for long runs).
set -eu
cd "$(dirname "$0")/.."

CC_FUZZ=${CC_FUZZ:-clang}
if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
    echo "fuzz/build.sh: $CC_FUZZ not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
fi
OUT=build/fuzz
mkdir -p "$OUT"

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
CFLAGS_FUZZ="-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $SAN -Isrc ${FUZZ_FLAGS:-}"

# target: fuzz_form over src/core/form.c
FORM_SRC="fuzz/fuzz_form.c src/core/form.c src/core/arena.c src/core/mem.c src/core/buf.c \
src/core/log.c src/core/status.c"
echo "  FUZZ    $OUT/fuzz_form"
# shellcheck disable=SC2086
$CC_FUZZ $CFLAGS_FUZZ $FORM_SRC -o "$OUT/fuzz_form"
