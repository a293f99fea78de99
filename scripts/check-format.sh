#!/bin/sh
# scripts/check-format.sh - C files match .clang-format (make format-check,
# part of make style).
#
#   scripts/check-format.sh            the files and folders listed in
#                                      scripts/formatted.txt
#   scripts/check-format.sh --all      every .c/.h file in src/, tests/unit/, fuzz/
#   scripts/check-format.sh FILE...    just these files
#   scripts/check-format.sh --fix ...  rewrite the files instead of checking
#
# Reports each file clang-format would change, with the number of lines it
# would change, and exits 1 if there is any.  Files come into the list as
# they are formatted; switching the whole tree on is one reformatting
# commit (scripts/check-format.sh --fix --all) and "src" and "tests/unit"
# in the list.
#
# CHECK_ROOT=dir checks another tree (the tests in tests/checks/ use it).
set -eu
cd "${CHECK_ROOT:-$(dirname "$0")/..}"

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
LIST=scripts/formatted.txt

fix=0
all=0
while [ $# -gt 0 ]; do
    case $1 in
    --fix) fix=1 ;;
    --all) all=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "check-format.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done

if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
    echo "format: $CLANG_FORMAT not found (sh scripts/install-deps.sh)" >&2
    exit 1
fi

from=
if [ $# -gt 0 ]; then
    targets="$*"
elif [ "$all" = 1 ]; then
    targets=
    for d in src tests/unit fuzz; do
        [ -d "$d" ] && targets="$targets $d"
    done
else
    targets=$(sed -e 's/#.*//' "$LIST" | tr -s ' \t' '\n\n' | sed '/^$/d')
    from=" (from $LIST)"
fi
files=
for t in $targets; do
    if [ -d "$t" ]; then
        files="$files $(find "$t" -type f \( -name '*.c' -o -name '*.h' \) | sort)"
    elif [ -f "$t" ]; then
        files="$files $t"
    else
        echo "format: $t$from does not exist" >&2
        exit 1
    fi
done

if [ "$fix" = 1 ]; then
    for f in $files; do
        "$CLANG_FORMAT" -i --style=file "$f"
    done
    echo "format: rewrote $(echo "$files" | wc -w) file(s)"
    exit 0
fi

bad=0
lines=0
count=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in $files; do
    count=$((count + 1))
    "$CLANG_FORMAT" --style=file "$f" >"$tmp"
    if ! cmp -s "$f" "$tmp"; then
        n=$(diff "$f" "$tmp" | grep -c '^<' || true)
        echo "$f: not formatted ($n line(s) would change; scripts/check-format.sh --fix $f)"
        bad=$((bad + 1))
        lines=$((lines + n))
    fi
done
if [ "$bad" -gt 0 ]; then
    echo "format: $bad of $count file(s) not formatted ($lines line(s))"
    exit 1
fi
echo "format: ok ($count file(s))"
