#!/usr/bin/env python3
"""Extracts the product and country lists of the Section 232 pharmaceuticals
(U.S. note 40), Section 201 quartz (U.S. note 41) and Section 232 unmanned
aircraft (U.S. note 43) data from the Chapter 99 U.S. notes text, so that the
lists in the data files can be reproduced and checked.

Sources (see docs/sources/s232_pharma_drones_s201_fees.md):
  - the complete Chapter 99 notes of HTS 2026 revision 20
    (shared/data/ch99-2026/hts-hero/2026HTSRev20/reference/ch99-notes-2026HTSRev20.md):
    note 40(c) as amended effective 2026-09-29, note 41(a) and (c), note 43(c);
  - the note 40(c) list as established by HTS 2026 revision 14 (PP 11020,
    2026-07-31) and unchanged through revision 19. That text is not in
    shared/; it is transcribed below (REV14_40C) from the USITC text of
    revision 14 as published in brendanxmac/hts-hero,
    tariffs/revision-diffs/2026HTSRev14/changes/04-approve-cr-4-establishes-u-s-note-40-c-...md
    (commit e845da6a) and, identically, as the "Before (2026HTSRev19)" text of
    tariffs/revision-diffs/2026HTSRev20/changes/02-approve-cr-2-modifies-u-s-note-40-c-...md
    (commit 9ac404ae). The script checks that the revision 14 list, carried
    through the statistical-number changes of HTS 2026 revision 11 (484(f),
    2026-07-01; shared/.../2026HTSRev11/change-record.md), gives exactly the
    revision 20 list.

Usage:
  scripts/data/s232_pharma_drones_s201_lists.py [--shared DIR] [--print] [--check]

--print writes the lists as JSON on stdout; --check (the default) compares them
with the product_lists / groups of data/us/s232_pharma.json, s232_drones.json
and s201_quartz.json and exits 1 on any difference.
"""

import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Note 40(c), HTS 2026 rev 14-19 (in force 2026-07-31 through 2026-09-28),
# read left to right as printed (26 rows of 5 and one of 1: 131 provisions).
REV14_40C = """
2918.99.3000 2921.49.3800 2921.49.4300 2922.19.0900 2922.29.2700
2922.49.2600 2922.50.1400 2922.50.2500 2924.29.6250 2925.29.2000
2928.00.3000 2930.90.9235 2931.90.2200 2932.20.2000 2933.19.3500
2933.19.4500 2933.29.2000 2933.29.4500 2933.39.4100 2933.49.2600
2933.59.2100 2933.59.3600 2933.59.4600 2933.59.5300 2933.59.5900
2933.79.0800 2933.79.8500 2933.99.4600 2933.99.5300 2933.99.5590
2933.99.6100 2933.99.6500 2933.99.7000 2933.99.7500 2933.99.9000
2934.30.2300 2934.30.2700 2934.99.3000 2934.99.4700 2935.90.4800
2935.90.6000 2937.11.0000 2937.12.0000 2937.19.0000 2937.22.0000
2937.23.1010 2937.23.1050 2937.23.5010 2937.23.5020 2937.23.5050
2937.29.9040 2937.29.9050 2937.29.9095 2937.50.0000 2937.90.4500
2937.90.9000 2938.90.0000 2939.11.0000 2939.19.2000 2939.19.5000
2941.10.5000 2941.90.1050 2941.90.3000 2941.90.5000 2942.00.0500
3002.12.0040 3002.13.0010 3002.13.0090 3002.14.0010 3002.14.0090
3002.15.0011 3002.15.0091 3002.41.0000 3002.42.0000 3002.49.0050
3002.51.0000 3002.59.0000 3002.90.1000 3002.90.5220 3002.90.5250
3003.20.0000 3003.31.0000 3003.39.1000 3003.39.5000 3003.49.0000
3003.90.0120 3003.90.0140 3003.90.0180 3003.90.0190 3004.10.1010
3004.10.5010 3004.20.0010 3004.20.0083 3004.31.0000 3004.32.0060
3004.39.0010 3004.39.0055 3004.41.0000 3004.49.0005 3004.49.0010
3004.49.0020 3004.49.0030 3004.49.0040 3004.49.0050 3004.49.0060
3004.49.0070 3004.50.5005 3004.90.1000 3004.90.9201 3004.90.9206
3004.90.9208 3004.90.9210 3004.90.9211 3004.90.9215 3004.90.9216
3004.90.9225 3004.90.9236 3004.90.9243 3004.90.9246 3004.90.9249
3004.90.9251 3004.90.9252 3004.90.9253 3004.90.9260 3004.90.9263
3004.90.9267 3004.90.9268 3004.90.9270 3004.90.9271 3004.90.9273
3004.90.9276
""".split()

# HTS 2026 rev 11 (484(f), effective 2026-07-01): statistical numbers of the
# rev 14 list that were annotated, deleted or renumbered, and the numbers their
# goods went to (change record of rev 11, "transferred to" / "transferred from").
REV11_CONCORDANCE = {
    "2922.19.0900": ["2922.19.0910", "2922.19.0990"],
    "2934.99.4700": ["2934.99.4720", "2934.99.4730", "2934.99.4740", "2934.99.4790"],
    "2937.22.0000": ["2937.22.0010", "2937.22.0090"],
    "2941.90.3000": ["2941.90.3030", "2941.90.3090"],
    "2941.90.5000": ["2941.90.5030", "2941.90.5090"],
    "3004.20.0083": ["3004.20.0042", "3004.20.0058", "3004.20.0073", "3004.20.0074",
                     "3004.20.0078", "3004.20.0085"],
    "3004.31.0000": ["3004.31.0010", "3004.31.0090"],
    "3004.32.0060": ["3004.32.0020", "3004.32.0080"],
    "3004.39.0055": ["3004.39.0015", "3004.39.0080"],
    "3004.90.9211": ["3004.90.9211", "3004.90.9212"],
    "3004.90.9216": ["3004.90.9216", "3004.90.9217", "3004.90.9218"],
    "3004.90.9225": ["3004.90.9226"],
}

# Note 41(c): country names as printed -> ISO 3166-1 alpha-2 (XK for Kosovo, as
# used by CBP and the Census Bureau). Names that need a word: "Burma" = MM
# (Myanmar), "Congo (Brazzaville)" = CG (Republic of the Congo), "Congo
# (Kinshasa)" = CD (Democratic Republic of the Congo), "Eswatini" = SZ,
# "Cape Verde" = CV (Cabo Verde), "Timor-Leste" = TL, "Yemen (Republic of)" = YE,
# "British Virgin Islands" = VG, "Curaçao" = CW, "Aruba" = AW, "Montserrat" = MS.
NAME_TO_ISO = {
    "Canada": "CA", "Mexico": "MX",
    "Australia": "AU", "Colombia": "CO", "Costa Rica": "CR", "Dominican Republic": "DO",
    "El Salvador": "SV", "Guatemala": "GT", "Honduras": "HN", "Israel": "IL",
    "Nicaragua": "NI", "Panama": "PA", "Peru": "PE", "Singapore": "SG", "South Korea": "KR",
    "Afghanistan": "AF", "Albania": "AL", "Algeria": "DZ", "Angola": "AO", "Armenia": "AM",
    "Azerbaijan": "AZ", "Belize": "BZ", "Benin": "BJ", "Bhutan": "BT", "Bolivia": "BO",
    "Bosnia and Herzegovina": "BA", "Botswana": "BW", "Brazil": "BR", "Burkina Faso": "BF",
    "Burma": "MM", "Burundi": "BI", "Cambodia": "KH", "Cameroon": "CM", "Cape Verde": "CV",
    "Central African Republic": "CF", "Chad": "TD", "Comoros": "KM",
    "Congo (Brazzaville)": "CG", "Congo (Kinshasa)": "CD", "Côte d'Ivoire": "CI",
    "Djibouti": "DJ", "Dominica": "DM", "Ecuador": "EC", "Egypt": "EG", "Eritrea": "ER",
    "Eswatini": "SZ", "Ethiopia": "ET", "Fiji": "FJ", "Gabon": "GA", "The Gambia": "GM",
    "Georgia": "GE", "Ghana": "GH", "Grenada": "GD", "Guinea": "GN", "Guinea-Bissau": "GW",
    "Guyana": "GY", "Haiti": "HT", "Indonesia": "ID", "Iraq": "IQ", "Jamaica": "JM",
    "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE", "Kiribati": "KI", "Kosovo": "XK",
    "Kyrgyzstan": "KG", "Lebanon": "LB", "Lesotho": "LS", "Liberia": "LR",
    "Madagascar": "MG", "Malawi": "MW", "Maldives": "MV", "Mali": "ML", "Mauritania": "MR",
    "Mauritius": "MU", "Moldova": "MD", "Mongolia": "MN", "Montenegro": "ME",
    "Mozambique": "MZ", "Namibia": "NA", "Nepal": "NP", "Niger": "NE", "Nigeria": "NG",
    "North Macedonia": "MK", "Pakistan": "PK", "Papua New Guinea": "PG", "Paraguay": "PY",
    "Philippines": "PH", "Rwanda": "RW", "Saint Lucia": "LC",
    "Saint Vincent and the Grenadines": "VC", "Samoa": "WS", "Sao Tomé and Príncipe": "ST",
    "Senegal": "SN", "Serbia": "RS", "Sierra Leone": "SL", "Solomon Islands": "SB",
    "Somalia": "SO", "South Africa": "ZA", "South Sudan": "SS", "Sri Lanka": "LK",
    "Suriname": "SR", "Tanzania": "TZ", "Timor-Leste": "TL", "Togo": "TG", "Tonga": "TO",
    "Tunisia": "TN", "Tuvalu": "TV", "Uganda": "UG", "Ukraine": "UA", "Uzbekistan": "UZ",
    "Vanuatu": "VU", "Yemen (Republic of)": "YE", "Zambia": "ZM", "Zimbabwe": "ZW",
    "Antigua and Barbuda": "AG", "Aruba": "AW", "the Bahamas": "BS", "Barbados": "BB",
    "British Virgin Islands": "VG", "Curaçao": "CW", "Montserrat": "MS",
    "Saint Kitts and Nevis": "KN", "Trinidad and Tobago": "TT",
}

CODE = re.compile(r"\b\d{4}\.\d{2}(?:\.\d{2,4})?\b")


def fmt(code):
    """'6810.99.0020' and '6810.99.00.20' -> '6810.99.00.20' (the data files' style)."""
    digits = code.replace(".", "")
    parts = [digits[:4], digits[4:6], digits[6:8], digits[8:10]]
    return ".".join(p for p in parts if p)


def note_block(lines, number, next_number):
    start = next(i for i, l in enumerate(lines) if l.startswith("<!-- sub-III/us-notes/%d " % number))
    end = next(i for i, l in enumerate(lines) if l.startswith("<!-- sub-III/us-notes/%d " % next_number))
    return lines[start:end]


def table_codes(block):
    return [c for l in block if l.startswith("|") for c in CODE.findall(l)]


def extract(shared):
    notes = os.path.join(shared, "data/ch99-2026/hts-hero/2026HTSRev20/reference/ch99-notes-2026HTSRev20.md")
    lines = open(notes, encoding="utf-8").read().split("\n")

    # Note 40(c), rev 20: the table between "(c) The headings ..." and "For the purposes of this note:".
    n40 = note_block(lines, 40, 41)
    i = next(k for k, l in enumerate(n40) if l.strip().startswith("(c) The headings provided"))
    j = next(k for k, l in enumerate(n40) if l.startswith("For the purposes of this note"))
    rev20 = table_codes(n40[i:j])
    assert len(rev20) == 149 and len(set(rev20)) == 149, len(rev20)
    assert len(REV14_40C) == 131 and len(set(REV14_40C)) == 131, len(REV14_40C)
    carried = [n for o in REV14_40C for n in REV11_CONCORDANCE.get(o, [o])]
    assert carried == rev20, "rev 14 list carried through rev 11 != rev 20 list"
    rec11 = open(os.path.join(shared, "data/ch99-2026/hts-hero/2026HTSRev11/change-record.md"), encoding="utf-8").read()
    for old, new in REV11_CONCORDANCE.items():
        for c in [old] + new:
            assert c in rec11, "%s not in the rev 11 change record" % c

    # Note 41(a): the three statistical numbers; 41(c): the countries.
    n41 = note_block(lines, 41, 43)
    a = next(l for l in n41 if l.strip().startswith("(a) Headings 9903.45.30"))
    quartz = CODE.findall(a.split("The scope covers imported products provided for under")[1])
    assert quartz == ["6810.99.0020", "6810.99.0040", "7020.00.6000"], quartz
    c_start = next(k for k, l in enumerate(n41) if l.strip().startswith("(c) For the purposes of this note"))
    names = []
    for l in n41[c_start + 1:c_start + 5]:
        body = l.strip()
        body = re.sub(r"^\((i|ii|iii|iv)\)\s*", "", body)
        body = re.sub(r"^The following [^:]*:\s*", "", body)
        body = re.sub(r";( and)?$", "", body).rstrip(".")
        for part in re.split(r",\s*|\s+and\s+(?=[A-Z]|the )", body):
            part = part.strip()
            if part.startswith("and "):
                part = part[4:]
            if part:
                names.append(part)
    # "Bosnia and Herzegovina", "Saint Vincent and the Grenadines", "Antigua and
    # Barbuda", "Sao Tomé and Príncipe", "Trinidad and Tobago", "Saint Kitts and
    # Nevis" were split on " and ": join them back.
    joined, k = [], 0
    pairs = {("Bosnia", "Herzegovina"), ("Saint Vincent", "the Grenadines"), ("Antigua", "Barbuda"),
             ("Sao Tomé", "Príncipe"), ("Trinidad", "Tobago"), ("Saint Kitts", "Nevis")}
    while k < len(names):
        if k + 1 < len(names) and (names[k], names[k + 1]) in pairs:
            joined.append(names[k] + " and " + names[k + 1])
            k += 2
        else:
            joined.append(names[k])
            k += 1
    unknown = [n for n in joined if n not in NAME_TO_ISO]
    assert not unknown, "unmapped 41(c) names: %r" % unknown
    exempt = sorted(set(NAME_TO_ISO[n] for n in joined))

    # Note 43(c)(1)-(4): the table after each paragraph.
    n43 = note_block(lines, 43, 50)
    sub = {}
    cur = None
    for l in n43:
        m = re.match(r"\s+\((\d)\) ", l)
        if m and not l.startswith("|"):
            cur = m.group(1)
            sub[cur] = []
        elif l.strip().startswith("(d)"):
            cur = None
        elif cur and l.startswith("|"):
            sub[cur].extend(CODE.findall(l))
    assert sub["3"] == sub["4"], "43(c)(3) and (c)(4) differ"

    return {
        "product_lists": {
            "s232_pharma_2026_07_31": [fmt(c) for c in REV14_40C],
            "s232_pharma_2026_09_29": [fmt(c) for c in rev20],
            "s201_quartz_surface_products": [fmt(c) for c in quartz],
            "s232_uas_c1": [fmt(c) for c in sub["1"]],
            "s232_uas_c2": [fmt(c) for c in sub["2"]],
            "s232_uas_c3_c4": [fmt(c) for c in sub["3"]],
        },
        "groups": {"S201_QUARTZ_EXEMPT": exempt},
        "names_41c": joined,
    }


def check(out):
    files = {
        "data/us/s232_pharma.json": ["s232_pharma_2026_07_31", "s232_pharma_2026_09_29"],
        "data/us/s201_quartz.json": ["s201_quartz_surface_products"],
        "data/us/s232_drones.json": ["s232_uas_c1", "s232_uas_c2", "s232_uas_c3_c4"],
    }
    ok = True
    for path, keys in files.items():
        data = json.load(open(os.path.join(ROOT, path), encoding="utf-8"))
        for k in keys:
            if data.get("product_lists", {}).get(k) != out["product_lists"][k]:
                print("%s: product list %s differs from the note text" % (path, k))
                ok = False
    quartz = json.load(open(os.path.join(ROOT, "data/us/s201_quartz.json"), encoding="utf-8"))
    if quartz.get("groups", {}).get("S201_QUARTZ_EXEMPT") != out["groups"]["S201_QUARTZ_EXEMPT"]:
        print("data/us/s201_quartz.json: group S201_QUARTZ_EXEMPT differs from note 41(c)")
        ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--print", action="store_true")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    out = extract(a.shared)
    if a.print:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
    if a.check or not a.print:
        if not check(out):
            sys.exit(1)
        print("lists match the note texts: 40(c) rev 14 %d, rev 20 %d; 41(a) %d; 41(c) %d countries; 43(c) %d/%d/%d"
              % (len(out["product_lists"]["s232_pharma_2026_07_31"]),
                 len(out["product_lists"]["s232_pharma_2026_09_29"]),
                 len(out["product_lists"]["s201_quartz_surface_products"]),
                 len(out["groups"]["S201_QUARTZ_EXEMPT"]),
                 len(out["product_lists"]["s232_uas_c1"]), len(out["product_lists"]["s232_uas_c2"]),
                 len(out["product_lists"]["s232_uas_c3_c4"])))


if __name__ == "__main__":
    main()
