#!/usr/bin/env python3
"""Writes data/hts/ch99_2026_rev21.tsv: every 9903 heading of HTS 2026 rev 21
(heading, general rate text, description), the Chapter 99 list the builtin
schedule's coverage report compares its measures against.

Usage: python3 scripts/data/ch99_rev21_tsv.py [SHARED_DATA_DIR]
(default ../shared/data beside the repository). The input is the parse of the
USITC's official revision 21 JSON export kept in
ch99-2026/dodao-ui/ch99-headings.rev21.json (see its README and MANIFEST.csv).
"""
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
src = os.path.join(shared, "ch99-2026", "dodao-ui", "ch99-headings.rev21.json")
out = os.path.join(root, "data", "hts", "ch99_2026_rev21.tsv")


def clean(s):
    return " ".join((s or "").replace("\t", " ").split())


with open(src, encoding="utf-8") as f:
    headings = json.load(f)["headings"]
with open(out, "w", encoding="utf-8") as f:
    f.write("# Every heading 9903.xx.xx of HTS 2026 Revision 21 (USITC, released 2026-10-07): heading<TAB>general rate<TAB>description.\n")
    f.write("# Source: the USITC's official revision 21 JSON export (https://www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_21_json.json),\n")
    f.write("# as parsed in RobinNagpal/dodao-ui insights-ui/src/tariff-data/calculator/ch99-headings.json (generated 2026-10-09),\n")
    f.write("# copied from ../shared/data/ch99-2026/dodao-ui/ch99-headings.rev21.json by scripts/data/ch99_rev21_tsv.py. Public domain (US Government work).\n")
    for h in sorted(headings, key=lambda h: h["code"]):
        f.write(f"{h['code']}\t{clean(h.get('generalRate'))}\t{clean(h.get('description'))}\n")
print(f"{len(headings)} headings -> {out}")
