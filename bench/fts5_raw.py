#!/usr/bin/env python3
"""fts5_raw.py - the raw FTS5 ranked MATCH rate: the baseline of the search pair.

Usage: fts5_raw.py DB QUERIES SECONDS

Reads one query per line (URL-encoded, as bench/run.sh writes the search
paths), folds each as the catalogue does (lower case, no diacritics,
d for đ), and runs `SELECT rowid FROM procedure_fts WHERE procedure_fts
MATCH ? ORDER BY bm25(procedure_fts, 10, 4, 2, 1, 0.5) LIMIT 10` with
every word required (FTS5's implicit AND, the cheapest ranked MATCH: a
question rarely has all its words in one procedure), round-robin, for
SECONDS seconds on one connection.  Prints "fts5-raw QUERIES_PER_SECOND".
"""
import re
import sqlite3
import sys
import time
import unicodedata
from urllib.parse import unquote_plus


def fold(text):
    text = text.replace("đ", "d").replace("Đ", "d").lower()
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.findall(r"[0-9a-z]+", text)


def main():
    db, paths, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    queries = []
    with open(paths, encoding="utf-8") as f:
        for line in f:
            q = unquote_plus(line.strip().split("?q=", 1)[-1])
            words = fold(q)
            if words:
                queries.append(" ".join('"%s"' % w for w in words))
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    sql = ("SELECT rowid FROM procedure_fts WHERE procedure_fts MATCH ?"
           " ORDER BY bm25(procedure_fts, 10, 4, 2, 1, 0.5) LIMIT 10")
    n = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        con.execute(sql, (queries[n % len(queries)],)).fetchall()
        n += 1
    print("fts5-raw %.1f" % (n / (time.monotonic() - start)))


if __name__ == "__main__":
    main()
