#!/usr/bin/env python3
"""search_quality.py - the catalogue search's queries and ranking quality.

Usage:
  search_quality.py paths FAQ_CSV OUT       write the search benchmark's
      request paths (bench/search.sh): every 4th FAQ question (200), every
      other one without diacritics, then short queries with and without.
  search_quality.py measure FAQ_CSV URL     ask URL/api/v1/procedures?q=
      every FAQ question that names one procedure of the catalogue, and print
      "search-quality N top1 P top3 P": the share of questions whose
      procedure comes first, and among the first three.
"""
import csv
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

SHORT = ["khai sinh", "đăng ký khai sinh", "đăng ký kết hôn", "cấp lại căn cước",
         "cấp đổi giấy phép lái xe", "giấy phép xây dựng", "đăng ký thường trú", "khai tử",
         "chứng thực bản sao", "đăng ký doanh nghiệp", "lý lịch tư pháp", "hộ chiếu"]


def strip(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def questions(path):
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            codes = re.findall(r"ma_thu_tuc=([0-9A-Za-z.]+)", row["related_links"])
            yield row["question"].replace("\n", " ").strip(), codes


def paths(faq, out):
    qs = [q for q, _ in questions(faq)][0::4][:200]
    qs = [q if i % 2 == 0 else strip(q) for i, q in enumerate(qs)]
    qs += SHORT + [strip(q) for q in SHORT]
    with open(out, "w", encoding="utf-8") as f:
        for q in qs:
            f.write("/api/v1/procedures?q=%s\n" % urllib.parse.quote(q, safe=""))


def measure(faq, url):
    n = top1 = top3 = 0
    known = {}
    for q, codes in questions(faq):
        if len(codes) != 1 or not q:
            continue
        if codes[0] not in known:
            try:
                urllib.request.urlopen("%s/api/v1/procedures/%s" % (url, codes[0])).close()
                known[codes[0]] = True
            except urllib.error.HTTPError:
                known[codes[0]] = False
        if not known[codes[0]]:
            continue
        u = "%s/api/v1/procedures?q=%s" % (url, urllib.parse.quote(q[:500], safe=""))
        with urllib.request.urlopen(u) as r:
            items = [it["code"] for it in json.load(r)["items"]]
        n += 1
        top1 += items[:1] == codes
        top3 += codes[0] in items[:3]
    print("search-quality %d top1 %.1f top3 %.1f" % (n, 100.0 * top1 / n, 100.0 * top3 / n))


if __name__ == "__main__":
    if sys.argv[1] == "paths":
        paths(sys.argv[2], sys.argv[3])
    else:
        measure(sys.argv[2], sys.argv[3])
