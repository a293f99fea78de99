#!/bin/sh
# scripts/check-migrations.sh - committed migrations are frozen (run by
# scripts/check-style.sh, so by `make style` and `make test`).
#
# sql/migrations.sha256 lists the SHA-256 of every migration file under
# sql/<dialect>/ in sha256sum's format ("HASH  sql/sqlite/0001_x.sql").
# Reports, and exits 1, when
#   - a listed migration changed or disappeared (a migration that has
#     landed is never edited: add a new one that alters what it made),
#   - a migration file is not listed (list it in the commit that adds it:
#     sha256sum sql/sqlite/NNNN_name.sql >> sql/migrations.sha256),
#   - two migrations of one dialect share a number.
# See docs/hacking.md ("Migrations").
set -eu
cd "$(dirname "$0")/.."

LIST=sql/migrations.sha256
[ -r "$LIST" ] || { echo "migrations: $LIST missing"; exit 1; }
bad=0

while read -r hash path; do
    [ -n "$hash" ] || continue
    if [ ! -f "$path" ]; then
        echo "$path: listed in $LIST but missing (a migration that has landed stays)"
        bad=$((bad + 1))
        continue
    fi
    actual=$(sha256sum "$path" | cut -d ' ' -f 1)
    if [ "$actual" != "$hash" ]; then
        echo "$path: changed after it landed (frozen: write a new migration instead)"
        bad=$((bad + 1))
    fi
done < "$LIST"

for f in sql/*/[0-9]*.sql; do
    [ -e "$f" ] || continue
    if ! grep -q "  $f\$" "$LIST"; then
        echo "$f: not in $LIST (in the commit that adds it: sha256sum $f >> $LIST)"
        bad=$((bad + 1))
    fi
done

dups=$(for f in sql/*/[0-9]*.sql; do
    [ -e "$f" ] || continue
    d=$(dirname "$f")
    n=$(basename "$f" | cut -d _ -f 1)
    echo "$d/$n"
done | sort | uniq -d)
for d in $dups; do
    echo "$d: two migrations with this number"
    bad=$((bad + 1))
done

if [ "$bad" -gt 0 ]; then
    echo "migrations: $bad problem(s)"
    exit 1
fi
echo "migrations: ok ($(wc -l < "$LIST") frozen)"
