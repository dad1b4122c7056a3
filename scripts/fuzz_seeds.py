#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/seed-*).

Seeds come from the repository only: the distinct rate texts of the USITC
export extracts in tests/data/hts/ (one per shape: digits replaced, so that
`16.5%` and `7%` count once), the entries of the golden tests
(tests/golden_*.rs, their `case(...)` calls with claims, loading dates and
quantities), the fixture schedule and fragments of it, and rows of the HTS
export sample. Files the fuzzer added (not named seed-*) are left alone.

    python3 scripts/fuzz_seeds.py
"""
import glob
import gzip
import hashlib
import json
import os
import re

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear(target):
    d = os.path.join(CORPUS, target)
    for p in glob.glob(os.path.join(d, "seed-*")):
        os.remove(p)


def clean(text):
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(text.split())


def rate_seeds():
    clear("rate")
    texts = set()
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/data/hts/*.extract.json.gz"))):
        for row in json.load(gzip.open(p)):
            for k in ("general", "other"):
                t = clean(row.get(k) or "")
                if t:
                    texts.add(t)
    shapes = {}
    for t in sorted(texts):
        shape = re.sub(r"[0-9]+", "9", t)
        shapes.setdefault(shape, t)
    extra = [
        "The duty provided in the applicable subheading + 25%",
        "46.3¢/kg + 14.9%",
        "$1.035/kg",
        "Free",
        "0.3464%",
    ]
    for i, t in enumerate(sorted(shapes.values()) + extra):
        write("rate", "%04d" % i, t)
    return len(shapes), len(texts)


def entry_seeds():
    clear("entry")
    clear("batch")
    seeds = []
    for p in sorted(glob.glob(os.path.join(ROOT, "tests/golden_*.rs"))):
        src = open(p).read()
        for m in re.finditer(r'case\(\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)"\s*\)((?:\s*\.(?:claim|loaded|qty)\([^)]*\))*)', src):
            origin, hts, value, date, mode, rest = m.groups()
            lines = ["origin=" + origin, "hts=" + hts, "value=" + value, "date=" + date, "mode=" + mode]
            for c in re.findall(r'\.claim\("([^"]*)"\)', rest):
                lines.append("claim=" + c)
            for l in re.findall(r'\.loaded\("([^"]*)"\)', rest):
                lines.append("loaded=" + l)
            for u, a in re.findall(r'\.qty\("([^"]*)",\s*"([^"]*)"\)', rest):
                lines.append("qty=%s=%s" % (u, a))
            seeds.append("\n".join(lines) + "\n")
    seeds = sorted(set(seeds))
    seeds += [
        "importer=US\norigin=DE\nhts=6109.10.00.12\nvalue=1000\ncurrency=EUR\nrate=1.0825\ndate=2025-09-01\nmode=air\n",
        "importer=CN\norigin=US\nhts=0201.10.50\nvalue=1000\ndate=2025-04-15\n",
        "origin=CN\nhts=6109.10.00.12\nvalue=79228162514264337593543950335\ndate=2025-05-02\n",
        "origin=CA\nhts=2709.00.10\nvalue=50000\ndate=2025-03-10\nqty=bbl=1000\nclaim=USMCA\n",
    ]
    for i, s in enumerate(seeds):
        write("entry", "%03d" % i, s)
    # Batches: runs of 2 to 6 golden entries.
    for i in range(0, len(seeds), 4):
        group = seeds[i : i + 2 + (i % 5)]
        write("batch", "%03d" % i, "--\n".join(group))
    return len(seeds)


def schedule_seeds():
    clear("schedule")
    fixture = open(os.path.join(ROOT, "tests/fixtures/schedule.json")).read()
    write("schedule", "fixture.json", fixture)
    data = json.loads(fixture)
    imp = data["importers"][0]
    # Overlays: one item of each kind, as the fixture writes it.
    for kind in ("measures", "exemptions", "fees"):
        for item in imp[kind]:
            o = {"format": data["format"], "importers": [{"country": "US", "currency": "USD", kind: [item]}]}
            write("schedule", "overlay-%s-%s.json" % (kind, item["id"]), json.dumps(o, ensure_ascii=False))
    o = {"format": data["format"], "importers": [{"country": "US", "currency": "USD", "remove": ["world-10"]}]}
    write("schedule", "overlay-remove.json", json.dumps(o))
    o = {"format": data["format"], "groups": {"PARTNERS": ["CA", "MX", "CN"]}}
    write("schedule", "overlay-group.json", json.dumps(o))
    # A schedule of its own: the base table alone, and one measure.
    small = {"format": data["format"], "importers": [{"country": "US", "currency": "USD", "base": imp["base"], "measures": imp["measures"][:1]}]}
    write("schedule", "small.json", json.dumps(small, ensure_ascii=False))
    # The lib.rs doctest schedule.
    write("schedule", "doc.json", json.dumps({
        "format": "tariffs-schedule/1",
        "importers": [{
            "country": "US", "currency": "USD",
            "base": {"source": "USITC HTS 2025", "lines": [
                {"code": "6109.10.00", "general": "16.5%", "other": "90%", "from": "2025-01-01"}]},
            "measures": [{"id": "cn-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
                          "description": "IEEPA duty on products of China", "rate": "20%",
                          "origins": {"include": ["CN"]}, "from": "2025-03-04", "source": "EO 14228, 90 FR 11463"}],
            "fees": [{"id": "mpf", "authority": "mpf", "description": "Merchandise processing fee",
                      "percent": "0.3464", "minimum": "32.71", "maximum": "634.62",
                      "from": "2024-10-01", "source": "89 FR 57462"}]}]}))
    # A floor with a bad count (issue 11, defect 10) and a group named like a country (defect 8).
    o = {"format": data["format"], "groups": {"CN": ["FR"]}}
    write("schedule", "group-named-cn.json", json.dumps(o))


def hts_seeds():
    clear("hts")
    sample = open(os.path.join(ROOT, "tests/fixtures/hts_export_sample.json")).read()
    write("hts", "sample.json", sample)
    rows = json.load(gzip.open(os.path.join(ROOT, "tests/data/hts/2025_rev_32.extract.json.gz")))
    write("hts", "2025_rev_32.json", json.dumps(rows, ensure_ascii=False))
    rows = json.load(gzip.open(os.path.join(ROOT, "tests/data/hts/2026_rev_10.extract.json.gz")))
    # A few slices of the 2026 rev 10 extract: its first rows, chapter 61, chapter 99.
    def around(prefix, n):
        i = next(k for k, r in enumerate(rows) if (r.get("htsno") or "").startswith(prefix))
        return rows[i : i + n]
    write("hts", "2026_rev_10-head.json", json.dumps(rows[:40], ensure_ascii=False))
    write("hts", "2026_rev_10-6109.json", json.dumps(around("6109", 30), ensure_ascii=False))
    write("hts", "2026_rev_10-0406.json", json.dumps(around("0406", 30), ensure_ascii=False))
    write("hts", "2026_rev_10-9903.json", json.dumps(around("9903.88", 20), ensure_ascii=False))
    with open(os.path.join(ROOT, "tests/data/hts/2026_basic.extract.json.gz"), "rb") as f:
        write("hts", "2026_basic.json.gz", f.read())


def structured_seeds():
    # overlay, capi, arrow take `arbitrary` bytes: a few fixed byte patterns.
    for t in ("overlay", "capi", "arrow"):
        clear(t)
        for i in range(8):
            h = b"".join(hashlib.sha256(b"%s-%d-%d" % (t.encode(), i, k)).digest() for k in range(8 * (i + 1)))
            write(t, "%02d" % i, h)


if __name__ == "__main__":
    shapes, texts = rate_seeds()
    n = entry_seeds()
    schedule_seeds()
    hts_seeds()
    structured_seeds()
    print("rate: %d shapes of %d distinct texts; entry: %d golden entries" % (shapes, texts, n))
