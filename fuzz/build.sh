#!/bin/sh
# fuzz/build.sh - build the libFuzzer targets into build/fuzz (make fuzz).
#
# The project's sources are compiled once with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build/fuzz/libmotcua.a
# (make SANITIZE=fuzz, incremental like the other builds); each
# fuzz/fuzz_NAME.c is linked against it into build/fuzz/fuzz_NAME.  A new
# target is just a new fuzz/fuzz_NAME.c (and its corpus in
# fuzz/corpus/NAME/).  JOBS sets make's parallelism (default 2).
set -eu
cd "$(dirname "$0")/.."

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz/build.sh: clang not found (sh scripts/install-deps.sh)" >&2
    exit 1
fi
make --no-print-directory -j"${JOBS:-2}" fuzz-targets
