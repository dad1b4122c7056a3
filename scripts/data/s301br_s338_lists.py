#!/usr/bin/env python3
"""Product lists of U.S. notes 50 (Section 301, Brazil) and 51 (Section 338,
Canada) to subchapter III of chapter 99, extracted from the note texts.

Sources:
- the Chapter 99 U.S. notes as of HTS 2026 revision 20
  (shared/data/ch99-2026/hts-hero/2026HTSRev20/reference/ch99-notes-2026HTSRev20.md):
  note 50(a)(ii)-(v) (unchanged since revision 12 except (a)(vi), which names
  headings, not products), note 51(b)(1)-(3) as in force from 2026-09-15,
  51(b)(2) and 51(d) (unchanged since revision 17);
- scripts/data/s338_canada_note51_rev18.md: note 51(b)(1) and (b)(3) as in
  force 2026-08-22 to 2026-09-14 (transcribed, see that file);
- data/us/hts_base.json: the chapter 98 provisions (note 50(a)(i) excludes
  chapter 98 entries except 9802.00.40, .50, .60 and .80);
- shared/data/hts/hts_2026_rev_10.json.gz (USITC export): the container-size
  texts that split the alcohol provisions of the Section 338 ban.

Usage:
  python3 scripts/data/s301br_s338_lists.py            # rewrite product_lists
  python3 scripts/data/s301br_s338_lists.py --check    # verify, change nothing
  NOTES=/path/to/ch99-notes-2026HTSRev20.md python3 ...  # other notes file

Writes the `product_lists` of data/us/s301_brazil.json, data/us/s338_canada.json
and data/us/s338_bans.json, keeping every other field of those files as it is.
"""

import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NOTES = os.environ.get(
    "NOTES",
    os.path.join(
        ROOT, "..", "shared", "data", "ch99-2026", "hts-hero", "2026HTSRev20", "reference",
        "ch99-notes-2026HTSRev20.md",
    ),
)
REV18 = os.path.join(ROOT, "scripts", "data", "s338_canada_note51_rev18.md")
BASE = os.path.join(ROOT, "data", "us", "hts_base.json")
HTS = os.environ.get("HTS", os.path.join(ROOT, "..", "shared", "data", "hts", "hts_2026_rev_10.json.gz"))
BRAZIL = os.path.join(ROOT, "data", "us", "s301_brazil.json")
CANADA = os.path.join(ROOT, "data", "us", "s338_canada.json")
BANS = [os.path.join(ROOT, "data", "us", "s338_bans.json")]

CODE = re.compile(r"^\d{4}\.\d{2}\.(\d{2}|\d{4})$")


def fail(msg):
    sys.exit(f"s301br_s338_lists: {msg}")


def norm(code):
    """'0409.00.0005' -> '0409.00.00.05' (the schedule's dotted form)."""
    if not CODE.match(code):
        fail(f"not an HTS code: {code!r}")
    if len(code) == 12:
        return code[:10] + "." + code[10:]
    return code


def rows(lines):
    """The codes of the `| a | b | c |` table rows, left to right."""
    out = []
    for ln in lines:
        if ln.startswith("|"):
            out += [norm(c.strip()) for c in ln.strip().strip("|").split("|") if c.strip()]
    return out


def note_lines(text, number, following):
    start = text.index(f"<!-- sub-III/us-notes/{number} ")
    end = text.index(f"<!-- sub-III/us-notes/{following} ")
    return text[start:end].splitlines()


def split(lines, markers):
    """Splits a note into its subdivisions: `markers` are (key, regex) in
    order; every line belongs to the last marker seen."""
    parts = {k: [] for k, _ in markers}
    cur = None
    pending = list(markers)
    for ln in lines:
        if pending and re.match(pending[0][1], ln):
            cur = pending.pop(0)[0]
        if cur:
            parts[cur].append(ln)
    if pending:
        fail(f"subdivision not found: {pending[0][0]}")
    return parts


_HTS = None


def describe(code):
    """The description of `code` and of its superior rows in the USITC HTS
    export (8-digit codes: the 8-digit row; 10-digit: the statistical row)."""
    global _HTS
    if _HTS is None:
        import gzip

        _HTS = json.load(gzip.open(HTS, "rt", encoding="utf-8"))
    key = code.replace(".", "")
    keys = {key, key + "00"} if len(key) == 8 else {key}
    for i, r in enumerate(_HTS):
        if r["htsno"].replace(".", "") in keys:
            out, ind = [r["description"]], int(r["indent"] or 0)
            for j in range(i - 1, -1, -1):
                k = int(_HTS[j]["indent"] or 0)
                if k < ind:
                    out.append(_HTS[j]["description"])
                    ind = k
                if ind == 0:
                    break
            return out
    fail(f"{code} not in {HTS}")


def check_list(name, codes, expected=None):
    if len(set(codes)) != len(codes):
        dup = sorted({c for c in codes if codes.count(c) > 1})
        fail(f"{name}: duplicate codes {dup}")
    if codes != sorted(codes):
        fail(f"{name}: not in ascending order as printed")
    if expected is not None and len(codes) != expected:
        fail(f"{name}: {len(codes)} codes, expected {expected}")


def overlaps(a, b):
    """Pairs (x, y) of a x b where one is a prefix of the other."""
    da = [(x, x.replace(".", "")) for x in a]
    db = [(y, y.replace(".", "")) for y in b]
    return [(x, y) for x, dx in da for y, dy in db if dx.startswith(dy) or dy.startswith(dx)]


def extract():
    text = open(NOTES, encoding="utf-8").read()
    lists = {}

    # ---- note 50 (Brazil)
    n50 = split(
        note_lines(text, 50, 51),
        [
            ("i", r"^    \(i\) "),
            ("ii", r"^    \(ii\) "),
            ("iii", r"^    \(iii\) "),
            ("iv", r"^    \(iv\) "),
            ("v", r"^    \(v\) "),
            ("vi", r"^    \(vi\) "),
        ],
    )
    a_ii = rows(n50["ii"])
    check_list("50(a)(ii)", a_ii)
    religious, particular = [], []
    items = [ln for ln in n50["iii"] if re.match(r"^      \(\d+\) ", ln)]
    if len(items) != 11:
        fail(f"50(a)(iii): {len(items)} items, expected 11")
    for ln in items:
        m = re.search(r"\(classifiable in subheading (\d{4}\.\d{2}\.\d{2})\)", ln)
        if not m:
            fail(f"50(a)(iii): no subheading in {ln!r}")
        (religious if "for religious purposes only" in ln else particular).append(m.group(1))
    civil = rows(n50["iv"])
    pharma = rows(n50["v"])
    for name, l in (("50(a)(iv)", civil), ("50(a)(v)", pharma)):
        check_list(name, l)
    if rows(n50["iii"]) or rows(n50["vi"]):
        fail("50(a)(iii)/(vi) unexpectedly contain a table")
    lists["s301br_a_ii"] = a_ii
    lists["s301br_a_iii_religious_use"] = sorted(religious)
    lists["s301br_a_iii_particular"] = sorted(particular)
    lists["s301br_civil_aircraft"] = civil
    lists["s301br_pharmaceutical_use"] = pharma

    # Chapter 98: every provision of the base except 9802.00.40/.50/.60/.80
    # (note 50(a)(i)), as 4-digit headings where the whole heading is out.
    base = json.load(open(BASE, encoding="utf-8"))
    ch98 = sorted({l["code"] for imp in base["importers"] for l in imp["base"]["lines"] if l["code"].startswith("98")})
    keep = {"9802.00.40", "9802.00.50", "9802.00.60", "9802.00.80"}
    missing = keep - set(ch98)
    if missing:
        fail(f"chapter 98 provisions not in the base: {sorted(missing)}")
    heads = sorted({c[:4] for c in ch98})
    lists["s301br_chapter_98_entries"] = [h for h in heads if h != "9802"] + sorted(
        c for c in ch98 if c.startswith("9802") and c not in keep
    )

    # ---- note 51 (Canada), revision 20 (= from 2026-09-15)
    n51 = split(
        note_lines(text, 51, 52),
        [
            ("a", r"^  \(a\) "),
            ("b1", r"^    \(1\) Heading 9903\.03\.12 "),
            ("b2", r"^    \(2\) Heading 9903\.03\.13 "),
            ("b3", r"^    \(3\) Heading 9903\.03\.14 "),
            ("c", r"^  \(c\) "),
            ("d", r"^  \(d\) "),
        ],
    )
    if not n51["c"][0].startswith("  (c) As provided in heading 9903.03.15, the additional duties imposed by heading 9903.03.13 shall not apply to:"):
        fail("51(c) (rev 20) does not read 'imposed by heading 9903.03.13'")
    b1, b2, b3, d = (rows(n51[k]) for k in ("b1", "b2", "b3", "d"))
    check_list("51(b)(1) rev 20", b1, 101)
    check_list("51(b)(2)", b2, 52)
    check_list("51(b)(3) rev 20", b3, 513)
    check_list("51(d)", d)

    # ---- note 51(b)(1), (b)(3) before 2026-09-15
    old = open(REV18, encoding="utf-8").read()
    o1 = rows(old[old.index("## (b)(1)"):old.index("## (b)(3)")].splitlines())
    o3 = rows(old[old.index("## (b)(3)"):old.index("## Revision 19 word diff")].splitlines())
    check_list("51(b)(1) rev 18", o1, 63)
    check_list("51(b)(3) rev 18", o3, 439)
    removed = {}
    for ln in old[old.index("## Revision 19 word diff"):].splitlines():
        m = re.match(r"^\(b\)\((\d)\): (.*)$", ln)
        if m:
            removed[m.group(1)] = sorted(norm(c.strip()) for c in m.group(2).split(","))
    for k, o, n in (("1", o1, b1), ("3", o3, b3)):
        gone = sorted(set(o) - set(n))
        if gone != removed[k]:
            fail(f"51(b)({k}): rev 18 -> 20 removes {gone}, the rev 19 word diff says {removed[k]}")

    for name, x, y in (
        ("(b)(1)/(b)(2)", o1 + b1, b2),
        ("(b)(1)/(b)(3)", o1 + b1, o3 + b3),
        ("(b)(2)/(b)(3)", b2, o3 + b3),
    ):
        if overlaps(x, y):
            fail(f"51{name} overlap: {overlaps(x, y)}")

    lists["s338_b1_2026_08_22"] = o1
    lists["s338_b1_2026_09_15"] = b1
    lists["s338_b2"] = b2
    lists["s338_b3_2026_08_22"] = o3
    lists["s338_b3_2026_09_15"] = b3
    lists["s338_civil_aircraft"] = d

    # ---- the import bans from 2026-09-29 (Proclamations 11061-11063)
    alcohol = [c for c in b1 if c[:2] == "22"]
    if len(alcohol) != 53:
        fail(f"51(b)(1): {len(alcohol)} chapter 22 provisions, expected 53")
    # Provisions whose HTS text limits them to containers of 4 liters or
    # less (2204.21: 2 liters or less; 2204.22.20/.40: over 2, not over 4;
    # 2205.10.30: 2 liters or less; the 2208 "not over 4 liters" lines) are
    # packaged by definition: banned without the bulk condition. Read from
    # the descriptions (with their superior rows) of the USITC HTS export.
    small = set()
    for c in alcohol:
        chain = " / ".join(describe(c))
        if re.search(r"not over 4 liters|2 liters or less|not more than 4 liters", chain):
            small.add(c)
    if len(small) != 25:
        fail(f"ban: {len(small)} small-container provisions, expected 25")
    if not small <= set(alcohol):
        fail(f"ban: small-container provisions not on 51(b)(1): {sorted(small - set(alcohol))}")
    dairy_ban = [c for c in b2 if c.startswith(("0404.10", "1702.90.35", "1703", "2202.91"))]
    if len(dairy_ban) != 14:
        fail(f"ban: {len(dairy_ban)} whey/molasses/non-alcoholic beer provisions on 51(b)(2), expected 14")
    if "8711.50.00" not in b3:
        fail("ban: 8711.50.00 is not on 51(b)(3)")
    bans = {
        "s338_ban_alcohol_small_containers": sorted(small),
        "s338_ban_alcohol_packaged": sorted(set(alcohol) - small),
        "s338_ban_dairy": dairy_ban,
        "s338_ban_motorcycles": ["8711.50.00"],
    }

    report = {k: len(v) for k, v in {**lists, **bans}.items()}
    report["s301br_a_ii (8-digit)"] = sum(1 for c in a_ii if len(c) == 10)
    report["s301br_a_ii (10-digit)"] = [c for c in a_ii if len(c) > 10]
    return lists, bans, report


def dump(doc):
    """The fragment as JSON: product lists six codes a line, the rest indented."""
    out = ["{"]
    keys = list(doc)
    for i, k in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if k == "product_lists":
            out.append('  "product_lists": {')
            names = list(doc[k])
            for j, name in enumerate(names):
                codes = doc[k][name]
                out.append(f'    "{name}": [')
                chunks = [codes[n:n + 6] for n in range(0, len(codes), 6)]
                for m, ch in enumerate(chunks):
                    line = ", ".join(json.dumps(c) for c in ch)
                    out.append(f"      {line}{',' if m < len(chunks) - 1 else ''}")
                out.append(f"    ]{',' if j < len(names) - 1 else ''}")
            out.append(f"  }}{comma}")
        else:
            body = json.dumps(doc[k], indent=2, ensure_ascii=False).replace("\n", "\n  ")
            out.append(f'  "{k}": {body}{comma}')
    out.append("}")
    return "\n".join(out) + "\n"


def update(path, lists, check):
    doc = json.load(open(path, encoding="utf-8"))
    ordered = {}
    for k in ("format", "version", "groups"):
        if k in doc:
            ordered[k] = doc[k]
    ordered["product_lists"] = lists
    for k, v in doc.items():
        if k not in ordered:
            ordered[k] = v
    text = dump(ordered)
    old = open(path, encoding="utf-8").read()
    if check:
        if doc.get("product_lists") != lists:
            fail(f"{os.path.relpath(path, ROOT)}: product_lists differ from the note texts (run without --check)")
        return
    if text != old:
        open(path, "w", encoding="utf-8").write(text)
        print(f"wrote {os.path.relpath(path, ROOT)}")


def main():
    check = "--check" in sys.argv[1:]
    lists, bans, report = extract()
    update(BRAZIL, {k: v for k, v in lists.items() if k.startswith("s301br_")}, check)
    update(CANADA, {k: v for k, v in lists.items() if k.startswith("s338_")}, check)
    for p in BANS:
        if os.path.exists(p):
            update(p, bans, check)
    for k, v in report.items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    main()
