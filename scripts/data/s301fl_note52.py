#!/usr/bin/env python3
"""Build data/us/s301_forced_labor.json from the HTS texts of U.S. note 52.

Section 301 forced-labor action on 60 economies: U.S. note 52 to subchapter
III of chapter 99, headings 9903.05.20-9903.06.21 (established by HTS 2026
rev. 13, effective 12:01 a.m. EDT July 24, 2026; note 52(f)(8) added by
rev. 14, effective July 31, 2026).

Inputs (the USITC texts as transcribed in shared/data/ch99-2026, see its
README and MANIFEST.csv):
  - hts-hero/2026HTSRev20/reference/ch99-notes-2026HTSRev20.md: the whole
    chapter 99 U.S. notes as of rev. 20; note 52 and its product lists;
  - hts-hero/2026HTSRev13/headings.md: the headings as established (rates,
    column 2 text, the country of each heading);
  - hts-hero/2026HTSRev14/headings.md: 9903.05.90 as amended;
  - dodao-ui/ch99-headings.rev21.json: every 9903 heading of rev. 21, to check
    that nothing changed up to the newest revision.

What it does:
  1. cuts note 52 out of the notes file and extracts, per subdivision, the
     provisions of its tables ("| 0201.10.05 | ... |") and the subheadings of
     its "particular articles" ("(classifiable in subheading 0805.90.01)");
  2. checks every charging heading 9903.05.20-.84 against the rev. 13 text
     (country name, general / special / column 2 rate, the exception headings)
     and against rev. 21 (same rate text), and stops on any difference;
  3. writes the schedule fragment (measures, exemptions, product lists, the
     group of the 60 economies).

Usage: python3 scripts/data/s301fl_note52.py [--ch99 DIR] [--out FILE]
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CH99 = os.path.join(ROOT, "..", "shared", "data", "ch99-2026")

EU27 = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]

# The charging headings of note 52 as read from HTS 2026 rev. 13: heading,
# the country name as printed, the code, the rate. Floor countries have two
# headings (column 1 rate >= X%: no change; < X%: total X%), listed once with
# the "<" heading and the ">=" heading.
COUNTRIES = [
    ("9903.05.20", "Algeria", "DZ", "12.5"),
    ("9903.05.21", "Angola", "AO", "12.5"),
    ("9903.05.22", "Argentina", "AR", "10"),
    ("9903.05.23", "Australia", "AU", "12.5"),
    ("9903.05.24", "the Bahamas", "BS", "12.5"),
    ("9903.05.25", "Bahrain", "BH", "12.5"),
    ("9903.05.26", "Bangladesh", "BD", "10"),
    ("9903.05.27", "Brazil", "BR", "12.5"),
    ("9903.05.28", "Cambodia", "KH", "10"),
    ("9903.05.29", "Canada", "CA", "10"),
    ("9903.05.30", "Chile", "CL", "12.5"),
    ("9903.05.31", "China", "CN", "12.5"),
    ("9903.05.32", "Colombia", "CO", "12.5"),
    ("9903.05.33", "Costa Rica", "CR", "12.5"),
    ("9903.05.34", "Dominican Republic", "DO", "12.5"),
    ("9903.05.35", "Ecuador", "EC", "10"),
    ("9903.05.36", "Egypt", "EG", "12.5"),
    ("9903.05.37", "El Salvador", "SV", "10"),
    ("9903.05.40", "Guatemala", "GT", "10"),
    ("9903.05.41", "Guyana", "GY", "12.5"),
    ("9903.05.42", "Honduras", "HN", "10"),
    ("9903.05.43", "Hong Kong, China", "HK", "12.5"),
    ("9903.05.44", "India", "IN", "10"),
    ("9903.05.45", "Indonesia", "ID", "10"),
    ("9903.05.46", "Iraq", "IQ", "12.5"),
    ("9903.05.47", "Israel", "IL", "12.5"),
    ("9903.05.50", "Jordan", "JO", "10"),
    ("9903.05.51", "Kazakhstan", "KZ", "12.5"),
    ("9903.05.52", "Kuwait", "KW", "12.5"),
    ("9903.05.53", "Libya", "LY", "12.5"),
    ("9903.05.54", "Malaysia", "MY", "10"),
    ("9903.05.55", "Mexico", "MX", "10"),
    ("9903.05.56", "Morocco", "MA", "12.5"),
    ("9903.05.57", "New Zealand", "NZ", "12.5"),
    ("9903.05.58", "Nicaragua", "NI", "12.5"),
    ("9903.05.59", "Nigeria", "NG", "12.5"),
    ("9903.05.60", "Norway", "NO", "12.5"),
    ("9903.05.61", "Oman", "OM", "12.5"),
    ("9903.05.62", "Pakistan", "PK", "10"),
    ("9903.05.63", "Peru", "PE", "12.5"),
    ("9903.05.64", "the Philippines", "PH", "12.5"),
    ("9903.05.65", "Qatar", "QA", "12.5"),
    ("9903.05.66", "Russia", "RU", "12.5"),
    ("9903.05.67", "Saudi Arabia", "SA", "12.5"),
    ("9903.05.68", "Singapore", "SG", "12.5"),
    ("9903.05.69", "South Africa", "ZA", "12.5"),
    ("9903.05.72", "Sri Lanka", "LK", "10"),
    ("9903.05.77", "Thailand", "TH", "12.5"),
    ("9903.05.78", "Trinidad and Tobago", "TT", "10"),
    ("9903.05.79", "Türkiye", "TR", "12.5"),
    ("9903.05.80", "the United Arab Emirates", "AE", "12.5"),
    ("9903.05.81", "the United Kingdom", "GB", "10"),
    ("9903.05.82", "Uruguay", "UY", "12.5"),
    ("9903.05.83", "Venezuela", "VE", "12.5"),
    ("9903.05.84", "Vietnam", "VN", "12.5"),
]
# (">=" heading, "<" heading, name as printed, id suffix, origin, floor %)
FLOORS = [
    ("9903.05.38", "9903.05.39", "a member state of the European Union", "eu", "EU27", "10"),
    ("9903.05.48", "9903.05.49", "Japan", "jp", "JP", "12.5"),
    ("9903.05.70", "9903.05.71", "South Korea", "kr", "KR", "12.5"),
    ("9903.05.73", "9903.05.74", "Switzerland", "ch", "CH", "12.5"),
    ("9903.05.75", "9903.05.76", "Taiwan", "tw", "TW", "10"),
]

# Note 52(f), as amended by rev. 14: the Section 232 headings whose goods are
# not subject to headings 9903.05.20-.84. Only those that exist as measures in
# data/us/s232_*.json are selectors (a selector matching nothing is a load
# error); the others are listed in the docs (and 9903.04.60-.66 in the report).
S232_NOTE52F = {
    "(1)": ["9903.82.02"] + ["9903.82.%02d" % i for i in range(4, 27)],
    "(2)": ["9903.94.01", "9903.94.02", "9903.94.03", "9903.94.31", "9903.94.40", "9903.94.41",
            "9903.94.50", "9903.94.51", "9903.94.60", "9903.94.61"],
    "(3)": ["9903.94.05", "9903.94.06", "9903.94.07", "9903.94.32", "9903.94.33", "9903.94.42",
            "9903.94.43", "9903.94.44", "9903.94.45", "9903.94.52", "9903.94.53", "9903.94.54",
            "9903.94.55", "9903.94.62", "9903.94.63", "9903.94.64", "9903.94.65", "9903.94.66",
            "9903.94.67", "9903.94.68", "9903.94.69"],
    "(4)": ["9903.76.01", "9903.76.02", "9903.76.03", "9903.76.20", "9903.76.21", "9903.76.22",
            "9903.76.23", "9903.76.24"],
    "(5)": ["9903.74.01", "9903.74.02", "9903.74.03", "9903.74.06"],
    "(6)": ["9903.74.08", "9903.74.09", "9903.74.10"],
    "(7)": ["9903.79.01"],
    "(8)": ["9903.04.%02d" % i for i in range(60, 67)],
}

FROM = "2026-07-24"
NOTICE = ("USTR Notice of Actions, 91 FR 47318 (FR Doc. 2026-15181, July 28, 2026), and Presidential "
          "Memorandum of July 23, 2026 (91 FR 47717, FR Doc. 2026-15274)")
HTS13 = "HTS 2026 rev. 13 (change record: established July 24, 2026, source \"Notice\")"


def die(msg):
    sys.exit("s301fl_note52.py: " + msg)


def norm_code(c):
    """0712.90.8550 -> 0712.90.85.50; 0201.10.05 stays."""
    if re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", c):
        return c
    m = re.fullmatch(r"(\d{4}\.\d{2}\.\d{2})(\d{2})", c)
    if m:
        return m.group(1) + "." + m.group(2)
    die("unexpected provision %r" % c)


def note52_lines(notes_path):
    lines = open(notes_path, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "52.")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^\d+\. ", lines[i])
                or lines[i].startswith("<!-- sub-III/us-notes/53")), len(lines))
    return lines[start:end], start + 1


def parse_note52(notes_path):
    """Returns ({label: [provisions]}, {label: [(article text, subheading)]},
    {label: first line of text}) for the subdivisions of note 52. Labels: 'b',
    'c', 'd', 'e', 'f', 'j1', 'j4i', 'j4ii', ..."""
    lines, first_no = note52_lines(notes_path)
    tables, articles, texts = {}, {}, {}
    top = sub = None
    label = None
    for l in lines[1:]:
        if not l.strip():
            continue
        if l.startswith("|"):
            cells = [c.strip() for c in l.strip().strip("|").split("|")]
            codes = [norm_code(c) for c in cells if c]
            tables.setdefault(label, []).extend(codes)
            continue
        m = re.match(r"^( *)\(([a-zA-Z0-9]+)\)\s*(.*)$", l)
        if not m:
            die("unexpected line in note 52: %r" % l[:80])
        indent, tag, text = len(m.group(1)), m.group(2), m.group(3)
        if indent == 2:
            top, sub = tag, None
            label = top
        elif indent == 4:
            if top == "j":
                sub = tag
                label = "j" + tag
            else:
                # numbered items of (c) or (f)
                label = top
        elif indent == 6:
            label = "j" + sub + tag
        elif indent == 8:
            pass  # (A), (B) ... items of a (ii) subdivision
        if indent in (2, 4, 6) and text and label not in texts:
            texts[label] = text
        cm = re.search(r"\(classifiable in subheading (\d{4}\.\d{2}\.\d{2})\)", text)
        if cm:
            art = re.sub(r"^\s*", "", text)
            articles.setdefault(label, []).append((art, cm.group(1)))
    for k, v in tables.items():
        if len(set(v)) != len(v):
            dups = sorted({x for x in v if v.count(x) > 1})
            print("note: duplicate provisions in 52(%s): %s" % (k, dups), file=sys.stderr)
            seen = []
            for x in v:
                if x not in seen:
                    seen.append(x)
            tables[k] = seen
    return tables, articles, texts


def read_headings_md(path):
    out = {}
    for l in open(path, encoding="utf-8"):
        if not l.startswith("| 9903."):
            continue
        cells = [c.strip() for c in l.strip().strip("|").split("|")]
        out[cells[0]] = {"description": cells[2], "general": cells[3], "special": cells[4],
                         "column2": cells[5]}
    return out


def same_text(a, b):
    """Equal up to white space and a final period (the rev. 21 export prints
    'this subchapter .' for a few headings)."""
    def n(s):
        return re.sub(r"\s+", " ", s).strip().rstrip(".").strip()
    return n(a) == n(b)


def check_headings(h13, h14, rev21):
    def same21(code, general):
        r = rev21.get(code)
        if r is None:
            die("%s missing from rev. 21" % code)
        if r["generalRate"].replace(" ", "") != general.replace(" ", ""):
            die("%s: rev. 21 general rate %r differs from rev. 13 %r" % (code, r["generalRate"], general))
        if not same_text(r["description"], h13[code]["description"]) and code != "9903.05.90":
            die("%s: rev. 21 description differs from rev. 13" % code)

    for code, name, cc, rate in COUNTRIES:
        h = h13.get(code) or die("%s missing from rev. 13 headings" % code)
        if "articles the product of %s, as provided for in U.S. note 52" % name not in h["description"]:
            die("%s: %r is not the country of %r" % (code, name, h["description"]))
        want = "The duty provided in the applicable subheading + %s%%" % rate
        if h["general"] != want or h["special"] != want:
            die("%s: rate %r / %r, expected %r" % (code, h["general"], h["special"], want))
        col2 = want if cc == "RU" else "The duty provided in the applicable subheading"
        if h["column2"] != col2:
            die("%s: column 2 %r, expected %r" % (code, h["column2"], col2))
        if rev21[code]["countries"] != [cc]:
            die("%s: rev. 21 country %r, expected %s" % (code, rev21[code]["countries"], cc))
        same21(code, want)
    for ge, lt, name, _, origin, pct in FLOORS:
        for code, op, gen in ((ge, "equal to or greater than", "The duty provided in the applicable subheading"),
                              (lt, "less than", "%s%%" % pct)):
            h = h13[code]
            d = h["description"]
            if "articles the product of %s, with an ad valorem (or ad valorem equivalent) rate of duty under column 1 %s %s percent" % (name, op, pct) not in d:
                die("%s: unexpected description %r" % (code, d))
            if h["general"] != gen or h["special"] != gen or h["column2"] != "No change":
                die("%s: unexpected rates %r" % (code, h))
            same21(code, gen)
            want_cc = EU27 if origin == "EU27" else [origin]
            if sorted(rev21[code]["countries"]) != sorted(want_cc):
                die("%s: rev. 21 countries %r" % (code, rev21[code]["countries"]))
    # Exemption headings: no additional duty in every column, unchanged to rev. 21.
    for i in list(range(85, 100)) + ["06.%02d" % j for j in range(1, 22)]:
        code = "9903.05.%d" % i if isinstance(i, int) else "9903." + i
        h = h13[code]
        plain = "The duty provided in the applicable subheading"
        if not (h["general"] == h["special"] == h["column2"] == plain):
            die("%s: unexpected rates %r" % (code, h))
        same21(code, plain)
    if "patented pharmaceutical articles" not in h14["9903.05.90"]["description"]:
        die("9903.05.90 of rev. 14 does not name patented pharmaceutical articles")
    if not same_text(rev21["9903.05.90"]["description"], h14["9903.05.90"]["description"]):
        die("9903.05.90 of rev. 21 differs from rev. 14")
    # In-transit dates as printed in 9903.05.85.
    d85 = h13["9903.05.85"]["description"]
    for s in ("before 12:01 a.m. eastern time on July 24, 2026", "before 12:01 a.m. eastern time on July 28, 2026"):
        if s not in d85:
            die("9903.05.85 does not say %r" % s)


def s232_selectors(repo):
    """The note 52(f) headings that exist as measures of data/us/s232_*.json."""
    have = set()
    for f in sorted(os.listdir(os.path.join(repo, "data", "us"))):
        if f.startswith("s232_") and f.endswith(".json"):
            d = json.load(open(os.path.join(repo, "data", "us", f), encoding="utf-8"))
            for imp in d["importers"]:
                for m in imp.get("measures", []):
                    have.add(m.get("heading"))
    named = [h for k in sorted(S232_NOTE52F) for h in S232_NOTE52F[k]]
    sel = ["heading:" + h for h in named if h in have]
    missing = [h for h in named if h not in have]
    return sel, missing


def build(ch99, repo):
    notes = os.path.join(ch99, "hts-hero/2026HTSRev20/reference/ch99-notes-2026HTSRev20.md")
    tables, articles, texts = parse_note52(notes)
    h13 = read_headings_md(os.path.join(ch99, "hts-hero/2026HTSRev13/headings.md"))
    h14 = read_headings_md(os.path.join(ch99, "hts-hero/2026HTSRev14/headings.md"))
    rev21 = {h["code"]: h for h in json.load(open(os.path.join(ch99, "dodao-ui/ch99-headings.rev21.json"),
                                                 encoding="utf-8"))["headings"]}
    check_headings(h13, h14, rev21)

    # Which subdivision carries which list, as the note says it ("As provided in
    # heading 9903.xx.xx, the duty imposed by heading 9903.05.yy ...").
    expect = {
        "b": "9903.05.86", "d": "9903.05.88", "e": "9903.05.89", "j1": "9903.05.96",
        "j2": "9903.05.97", "j3": "9903.05.98", "j4i": "9903.05.99", "j5i": "9903.06.02",
        "j6i": "9903.06.04", "j6iii": "9903.06.06", "j7i": "9903.06.07", "j7iii": "9903.06.09",
        "j8i": "9903.06.10", "j9i": "9903.06.12", "j10i": "9903.06.14", "j11i": "9903.06.16",
        "j12i": "9903.06.18", "j13i": "9903.06.20",
        "c": "9903.05.87", "j4ii": "9903.06.01", "j5ii": "9903.06.03", "j6ii": "9903.06.05",
        "j7ii": "9903.06.08", "j8ii": "9903.06.11", "j9ii": "9903.06.13", "j10ii": "9903.06.15",
        "j11ii": "9903.06.17", "j12ii": "9903.06.19", "j13ii": "9903.06.21",
    }
    for label, heading in expect.items():
        t = texts.get(label, "")
        if "As provided in heading %s," % heading not in t:
            die("52(%s) does not start 'As provided in heading %s': %r" % (label, heading, t[:90]))
    for label in ["b", "d", "e", "j1", "j2", "j3", "j4i", "j5i", "j6i", "j6iii", "j7i", "j7iii", "j8i",
                  "j9i", "j10i", "j11i", "j12i", "j13i"]:
        if not tables.get(label):
            die("no provisions under 52(%s)" % label)
    for label in ["c", "j4ii", "j5ii", "j6ii", "j7ii", "j8ii", "j9ii", "j10ii", "j11ii", "j12ii", "j13ii"]:
        if not articles.get(label):
            die("no particular articles under 52(%s)" % label)
    if len(articles["c"]) != 16:
        die("52(c) has %d articles, expected 16" % len(articles["c"]))

    sel232, missing232 = s232_selectors(repo)

    def pretty(label):
        m = re.fullmatch(r"j(\d+)([iv]*)", label)
        if m:
            return "(j)(%s)" % m.group(1) + ("(%s)" % m.group(2) if m.group(2) else "")
        return "(%s)" % label

    product_lists = {}

    def plist(name, codes):
        product_lists[name] = codes
        return "@" + name

    # ---- measures
    measures = []
    for code, name, cc, rate in COUNTRIES:
        h = h13[code]
        exc = re.search(r"Except for products described in headings (.*?), articles", h["description"]).group(1)
        m = {
            "id": "s301fl-" + cc.lower(),
            "authority": "section_301_forced_labor",
            "heading": code,
            "description": "Section 301 forced-labor action: products of %s, +%s%%" % (
                re.sub(r"^the ", "", name), rate),
            "rate": "The duty provided in the applicable subheading + %s%%" % rate,
            "origins": {"include": [cc]},
            "from": FROM,
            "superseded_by": sel232,
            "source": "%s; %s %s (except products of headings %s), U.S. note 52(a) to subch. III of ch. 99; "
                      "unchanged in rev. 21; effective for goods entered on or after 12:01 a.m. EDT July 24, 2026; "
                      "Section 232 goods of the headings named in note 52(f) excluded (9903.05.90; (f)(8) "
                      "patented pharmaceuticals from July 31, 2026, rev. 14)%s" % (
                          NOTICE, HTS13, code, exc,
                          "; the column 2 text of 9903.05.66 is also '+ 12.5%': Russia, a column 2 "
                          "country, pays the column 2 rate plus 12.5%" if cc == "RU" else ""),
        }
        measures.append(m)
    for ge, lt, name, suffix, origin, pct in FLOORS:
        measures.append({
            "id": "s301fl-%s-floor" % suffix,
            "authority": "section_301_forced_labor",
            "heading": lt,
            "description": "Section 301 forced-labor action: products of %s, column 1 duty plus this duty is %s%% "
                           "(no additional duty when the column 1 rate is %s%% or more, %s)" % (
                               {"eu": "the European Union"}.get(suffix, name), pct, pct, ge),
            "floor": {"rate": pct + "%", "counts": ["mfn"]},
            "origins": {"include": [origin]},
            "from": FROM,
            "superseded_by": sel232,
            "source": "%s; %s %s (column 1 rate >= %s%%: 'The duty provided in the applicable subheading') and "
                      "%s (< %s%%: '%s%%'), U.S. note 52(a) and (k) (specific and compound rates by their ad "
                      "valorem equivalent: duty / customs value%s); unchanged in rev. 21; Section 232 goods of "
                      "note 52(f) excluded (9903.05.90)" % (
                          NOTICE, HTS13, ge, pct, lt, pct, pct,
                          "; for South Korea also a properly claimed column 1-Special rate" if suffix == "kr" else ""),
        })

    # ---- exemptions
    ex = []
    allfl = ["authority:section_301_forced_labor"]
    econ = {"include": ["S301FL_ECONOMIES"]}

    def exemption(id_, authority, heading, description, origins, removes, source, products=None,
                  conditions=None, until=None):
        x = {"id": id_, "authority": authority, "heading": heading, "description": description,
             "origins": origins}
        if products:
            x["products"] = {"include": products}
        x["from"] = FROM
        if until:
            x["until"] = until
        if conditions:
            x["conditions"] = conditions
        x["removes"] = removes
        x["source"] = source
        ex.append(x)

    exemption("s301fl-in-transit", "in_transit", "9903.05.85",
              "In transit: goods loaded before July 24, 2026 and entered before July 28, 2026 are not subject "
              "to the forced-labor duties", econ, allfl,
              "%s 9903.05.85 (loaded onto a vessel at the port of loading and in transit on the final mode of "
              "transit before 12:01 a.m. ET July 24, 2026; entered before 12:01 a.m. ET July 28, 2026); %s" % (
                  HTS13, NOTICE),
              conditions={"loaded_before": FROM}, until="2026-07-28")
    exemption("s301fl-note52b", "section_301_forced_labor_exemption", "9903.05.86",
              "Products of U.S. note 52(b) (agricultural and natural-resource products, e.g. beef, coffee, "
              "tea, spices, bananas) are not subject to the forced-labor duties", econ, allfl,
              "%s 9903.05.86, U.S. note 52(b) (%d provisions, transcribed by scripts/data/s301fl_note52.py "
              "from the rev. 20 notes)" % (HTS13, len(tables["b"])),
              products=[plist("s301fl_note52_b", tables["b"])])
    exemption("s301fl-note52c", "section_301_forced_labor_exemption", "9903.05.87",
              "Particular articles of U.S. note 52(c) (etrogs, acai, sowing seeds, religious baked goods and "
              "essential oils, eucalyptus plywood ...), as declared (claim PARTICULAR_ARTICLE)", econ, allfl,
              "%s 9903.05.87, U.S. note 52(c)(1)-(16): each a described article within the named subheading, "
              "so the entry declares it (claim PARTICULAR_ARTICLE); subheadings transcribed by "
              "scripts/data/s301fl_note52.py" % HTS13,
              products=[plist("s301fl_note52_c", [a[1] for a in articles["c"]])],
              conditions={"claims": ["PARTICULAR_ARTICLE"]})
    exemption("s301fl-civil-aircraft", "civil_aircraft", "9903.05.88",
              "Civil aircraft, their engines, parts and components, and ground flight simulators meeting "
              "general note 6, as claimed, are not subject to the forced-labor duties", econ, allfl,
              "%s 9903.05.88, U.S. note 52(d) (%d provisions, whether or not entered under 'Free (C)'; the "
              "entry claims CIVIL_AIRCRAFT: the article meets general note 6)" % (HTS13, len(tables["d"])),
              products=[plist("s301fl_note52_d_civil_aircraft", tables["d"])],
              conditions={"claims": ["CIVIL_AIRCRAFT"]})
    exemption("s301fl-pharmaceutical-use", "section_301_forced_labor_exemption", "9903.05.89",
              "Articles for use in pharmaceutical applications of the U.S. note 52(e) provisions, as claimed "
              "(PHARMACEUTICAL_USE), are not subject to the forced-labor duties", econ, allfl,
              "%s 9903.05.89, U.S. note 52(e) (%d provisions, whether or not entered under 'Free (K)'; the "
              "entry claims PHARMACEUTICAL_USE)" % (HTS13, len(tables["e"])),
              products=[plist("s301fl_note52_e_pharmaceutical", tables["e"])],
              conditions={"claims": ["PHARMACEUTICAL_USE"]})
    exemption("s301fl-donations", "donation", "9903.05.91",
              "Donations of food, clothing, medicine and the like to relieve human suffering, as claimed, are "
              "not subject to the forced-labor duties", econ, allfl, "%s 9903.05.91" % HTS13,
              conditions={"claims": ["DONATION"]})
    exemption("s301fl-informational", "informational_materials", "9903.05.92",
              "Informational materials (printed matter of ch. 49, works of art of 9701-9703) are not subject "
              "to the forced-labor duties", econ, allfl,
              "%s 9903.05.92 (publications, films, posters, phonograph records, photographs, microfilms, "
              "microfiche, tapes, compact disks, CD ROMs, artworks, news wire feeds); the list "
              "ieepa_informational_materials of data/us/ieepa_fentanyl.json" % HTS13,
              products=["@ieepa_informational_materials"])
    exemption("s301fl-informational-claim", "informational_materials", "9903.05.92",
              "Informational materials in other classifications, as claimed, are not subject to the "
              "forced-labor duties", econ, allfl, "%s 9903.05.92" % HTS13,
              conditions={"claims": ["INFORMATIONAL_MATERIALS"]})
    exemption("s301fl-usmca-ca", "usmca", "9903.05.93",
              "Products of Canada entered free of duty under USMCA (claim USMCA) are not subject to the "
              "forced-labor duty of 9903.05.29", {"include": ["CA"]}, ["id:s301fl-ca"],
              "%s 9903.05.93, U.S. note 52(g) (whether or not 'S' or 'S+' appears in the Special "
              "sub-column)" % HTS13, conditions={"claims": ["USMCA"]})
    exemption("s301fl-usmca-mx", "usmca", "9903.05.94",
              "Products of Mexico entered free of duty under USMCA (claim USMCA) are not subject to the "
              "forced-labor duty of 9903.05.55", {"include": ["MX"]}, ["id:s301fl-mx"],
              "%s 9903.05.94, U.S. note 52(h)" % HTS13, conditions={"claims": ["USMCA"]})
    cafta = ["CR", "DO", "SV", "GT", "HN", "NI"]
    exemption("s301fl-cafta-dr-textiles", "section_301_forced_labor_exemption", "9903.05.95",
              "Textile and apparel goods of CR, DO, SV, GT, HN or NI entered free under CAFTA-DR (claim "
              "CAFTADR) are not subject to the forced-labor duties", {"include": cafta},
              ["id:s301fl-" + c.lower() for c in cafta],
              "%s 9903.05.95, U.S. note 52(i) (textile or apparel good of general note 29(d)(v) entered free "
              "under CAFTA-DR); product scope: chapters 50-63 only (the part of the general note 29(d)(v) "
              "definition that is a set of chapters; its goods of other chapters are not covered)" % HTS13,
              products=[plist("s301fl_cafta_dr_textiles", ["%d" % c for c in range(50, 64)])],
              conditions={"claims": ["CAFTADR"]})

    country_lists = [
        ("j1", "gb", ["GB"], ["id:s301fl-gb"], "9903.05.81", "the United Kingdom"),
        ("j2", "eu", ["EU27"], ["id:s301fl-eu-floor"], "9903.05.38-.39", "a member state of the European Union"),
        ("j3", "ch", ["CH"], ["id:s301fl-ch-floor"], "9903.05.73-.74", "Switzerland"),
        ("j4", "my", ["MY"], ["id:s301fl-my"], "9903.05.54", "Malaysia"),
        ("j5", "kh", ["KH"], ["id:s301fl-kh"], "9903.05.28", "Cambodia"),
        ("j6", "gt", ["GT"], ["id:s301fl-gt"], "9903.05.40", "Guatemala"),
        ("j7", "sv", ["SV"], ["id:s301fl-sv"], "9903.05.37", "El Salvador"),
        ("j8", "ar", ["AR"], ["id:s301fl-ar"], "9903.05.22", "Argentina"),
        ("j9", "bd", ["BD"], ["id:s301fl-bd"], "9903.05.26", "Bangladesh"),
        ("j10", "tw", ["TW"], ["id:s301fl-tw-floor"], "9903.05.75-.76", "Taiwan"),
        ("j11", "id", ["ID"], ["id:s301fl-id"], "9903.05.45", "Indonesia"),
        ("j12", "ec", ["EC"], ["id:s301fl-ec"], "9903.05.35", "Ecuador"),
        ("j13", "jo", ["JO"], ["id:s301fl-jo"], "9903.05.50", "Jordan"),
    ]
    for j, cc, origin, removes, duty_heading, name in country_lists:
        simple = j in ("j1", "j2", "j3")
        lab = j if simple else j + "i"
        heading = expect[lab]
        exemption("s301fl-%s-list" % cc, "section_301_forced_labor_exemption", heading,
                  "Products of %s of U.S. note 52%s are not subject to the forced-labor duty of %s" % (
                      name, pretty(lab), duty_heading),
                  {"include": origin}, removes,
                  "%s %s, U.S. note 52%s (%d provisions, transcribed by scripts/data/s301fl_note52.py)" % (
                      HTS13, heading, pretty(lab), len(tables[lab])),
                  products=[plist("s301fl_note52_%s_%s" % (lab, cc), tables[lab])])
        if simple:
            continue
        lab2 = j + "ii"
        arts = articles[lab2]
        exemption("s301fl-%s-articles" % cc, "section_301_forced_labor_exemption", expect[lab2],
                  "Particular articles of %s of U.S. note 52%s (%s), as declared (claim PARTICULAR_ARTICLE)" % (
                      name, pretty(lab2), "; ".join(re.sub(r"\s*\(classifiable.*$", "", a[0]) for a in arts)),
                  {"include": origin}, removes,
                  "%s %s, U.S. note 52%s: described articles within the named subheadings, so the entry "
                  "declares them (claim PARTICULAR_ARTICLE)" % (HTS13, expect[lab2], pretty(lab2)),
                  products=sorted({a[1] for a in arts}),
                  conditions={"claims": ["PARTICULAR_ARTICLE"]})
        lab3 = j + "iii"
        if lab3 in tables:
            exemption("s301fl-%s-cafta-dr" % cc, "section_301_forced_labor_exemption", expect[lab3],
                      "Products of %s of U.S. note 52%s entered with a CAFTA-DR claim (claim CAFTADR) are not "
                      "subject to the forced-labor duty of %s" % (name, pretty(lab3), duty_heading),
                      {"include": origin}, removes,
                      "%s %s, U.S. note 52%s (entry claimed under CAFTA-DR consistent with general note 29; "
                      "%d provisions, transcribed by scripts/data/s301fl_note52.py)" % (
                          HTS13, expect[lab3], pretty(lab3), len(tables[lab3])),
                      products=[plist("s301fl_note52_%s_%s" % (lab3, cc), tables[lab3])],
                      conditions={"claims": ["CAFTADR"]})

    economies = []
    for _, _, cc, _ in COUNTRIES:
        economies.append(cc)
    for f in FLOORS:
        economies += EU27 if f[4] == "EU27" else [f[4]]
    if len(set(economies)) != 55 + 27 + 4:
        die("economies: %d codes" % len(set(economies)))

    frag = {
        "format": "tariffs-schedule/1",
        "groups": {"S301FL_ECONOMIES": economies},
        "product_lists": product_lists,
        "importers": [{"country": "US", "currency": "USD", "measures": measures, "exemptions": ex}],
    }
    stats = {k: len(v) for k, v in product_lists.items()}
    return frag, stats, missing232, articles


def dump(obj, indent=0):
    """JSON in the style of the other data files: short arrays on one line,
    long arrays of strings seven to a line."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = ["%s  %s: %s" % (pad, json.dumps(k, ensure_ascii=False), dump(v, indent + 1))
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(isinstance(x, str) for x in obj):
            flat = "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in obj) + "]"
            if len(flat) + len(pad) <= 100:
                return flat
            rows = [obj[i:i + 7] for i in range(0, len(obj), 7)]
            body = ",\n".join(pad + "  " + ", ".join(json.dumps(x, ensure_ascii=False) for x in r) for r in rows)
            return "[\n" + body + "\n" + pad + "]"
        return "[\n" + ",\n".join(pad + "  " + dump(x, indent + 1) for x in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ch99", default=DEFAULT_CH99, help="shared/data/ch99-2026 (default %(default)s)")
    ap.add_argument("--out", default=os.path.join(ROOT, "data/us/s301_forced_labor.json"))
    a = ap.parse_args()
    frag, stats, missing232, _ = build(a.ch99, ROOT)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(dump(frag) + "\n")
    print("wrote %s" % a.out)
    for k, v in stats.items():
        print("  %-40s %5d" % (k, v))
    print("note 52(f) headings with no measure in data/us/s232_*.json (not selectors): %s" % " ".join(missing232))


if __name__ == "__main__":
    main()
