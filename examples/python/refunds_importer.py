"""IEEPA refunds for one importer: a year of entries, what is owed back, by
which path, and what the broker filed wrong.

A synthetic importer, "Acme Apparel & Tools" (importer of record
12-3456789AB), brings in apparel, hand and power tools, furniture, and steel
and aluminum articles (Section 232) from CN, VN, CA, MX and DE: entries from
2025-02-01 to 2026-01-31 (a fixed seed, 1 to 3 lines per entry), some CA/MX
lines claimed under USMCA, a few low-value postal parcels after the end of
de minimis (2025-08-29), two lines with a typo in the HTS code. Entries
liquidate about 314 days after entry (CBP's usual cycle), so on the claim
date, 2026-12-01, the old ones are finally liquidated, later ones are in the
protest period or CAPE's 80-day window, and the newest are unliquidated.

The broker's filed amounts (the long table ``entry_number, line_number,
key, amount`` as on Form 7501's line detail) are the schedule's own amounts
with a few mistakes slipped in: fentanyl duty at 10% instead of 20%, a
reciprocal duty left off, a Section 232 duty on an article that owes none.

``Schedule.refunds`` reports, line by line, the IEEPA principal by
authority, interest at the quarterly overpayment rates to 2026-12-01, the
refund path (CAPE category), the Section 122 duty apart (its refund waits on
an appeal), and the audit's findings. This script prints the totals and
draws the IEEPA deposits per month, stacked by authority, with what CAPE
refunds today per month.

Run::

    python examples/python/refunds_importer.py                    # docs/img/refunds.png
    python examples/python/refunds_importer.py --out /tmp/r.png --csv /tmp/acme.csv

Needs pandas, pyarrow and matplotlib (``pip install pandas pyarrow
matplotlib``). Every amount is an exact ``decimal.Decimal``; only the chart
converts them to floats, for drawing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

import tariffs

IMPORTER = "Acme Apparel & Tools"
IOR = "12-3456789AB"
SEED = 20250201
FIRST, LAST = datetime.date(2025, 2, 1), datetime.date(2026, 1, 31)
AS_OF = datetime.date(2026, 12, 1)
INTEREST_TO = datetime.date(2026, 12, 1)
DE_MINIMIS_END = datetime.date(2025, 8, 29)

# (HTS code, what it is, (lowest, highest) line value in USD)
PRODUCTS: Dict[str, List[Tuple[str, str, Tuple[int, int]]]] = {
    "apparel": [
        ("6109.10.00.12", "men's cotton T-shirts", (4_000, 60_000)),
        ("6110.20.20.79", "cotton sweaters", (5_000, 45_000)),
        ("6110.30.30.53", "man-made fibre sweatshirts", (3_000, 30_000)),
    ],
    "tools": [
        ("8467.21.00.40", "cordless drills", (8_000, 90_000)),
        ("8205.59.80.00", "hand tools", (2_000, 25_000)),
        ("8205.40.00.00", "screwdrivers", (1_500, 20_000)),
    ],
    "furniture": [
        ("9403.60.80.81", "wooden furniture", (6_000, 80_000)),
        ("9401.61.60.11", "upholstered wooden seats", (6_000, 70_000)),
    ],
    "steel_aluminum": [
        ("7318.15.80.66", "steel bolts", (3_000, 40_000)),
        ("7326.90.86.88", "steel articles", (2_000, 30_000)),
        ("7323.93.00.80", "stainless steel kitchenware", (2_000, 25_000)),
        ("7615.10.71.80", "aluminum cookware", (2_000, 25_000)),
    ],
}
# Where each kind of goods comes from, and how.
ORIGINS = {
    "apparel": ["CN", "CN", "VN", "VN", "MX"],
    "tools": ["CN", "DE", "DE", "MX", "CA"],
    "furniture": ["CN", "VN", "VN", "CA"],
    "steel_aluminum": ["CN", "CA", "MX", "DE"],
}
MODE = {"CN": "ocean", "VN": "ocean", "DE": "ocean", "CA": "truck", "MX": "truck"}
PORT = {"CN": "LAX", "VN": "LGB", "DE": "NWK", "CA": "DET", "MX": "LRD"}


def _day(rnd: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rnd.randint(0, (last - first).days))


def entries(seed: int = SEED) -> List[Dict[str, Any]]:
    """The importer's entry lines: one dict per line, money as ``Decimal``."""
    rnd = random.Random(seed)
    rows: List[Dict[str, Any]] = []
    for n in range(190):
        entered = _day(rnd, FIRST, LAST)
        kind = rnd.choice(list(PRODUCTS))
        origin = rnd.choice(ORIGINS[kind])
        postal = origin in ("CN", "DE") and entered > DE_MINIMIS_END and rnd.random() < 0.12
        mode = "postal" if postal else MODE[origin]
        if not postal and origin in ("CN", "VN", "DE") and rnd.random() < 0.15:
            mode = "air"
        usmca = origin in ("CA", "MX") and rnd.random() < 0.6
        # Liquidation about 314 days after entry; a few extended.
        liquidation: Optional[datetime.date] = entered + datetime.timedelta(
            days=314 + rnd.randint(-12, 30))
        status = "liquidated"
        if liquidation is not None and liquidation > AS_OF:
            liquidation, status = None, "unliquidated"
        elif rnd.random() < 0.04:
            liquidation, status = None, "extended"
        number = f"{PORT[origin][:2]}{'ACM'[n % 3]}-{4_410_000 + n * 7:07d}-{n % 10}"
        for line in range(1, rnd.randint(1, 3) + 1):
            hts, what, (lo, hi) = rnd.choice(PRODUCTS[kind])
            value = Decimal(rnd.randint(lo * 100, hi * 100)) / 100
            if postal:
                value = Decimal(rnd.randint(4_000, 60_000)) / 100  # a parcel: $40 to $600
            rows.append({
                "importer_of_record": IOR,
                "entry_number": number,
                "line_number": f"{line:03d}",
                "hts": hts,
                "description": what,
                "origin": origin,
                "value": value,
                "date": entered,
                "mode": mode,
                "claims": "USMCA" if usmca else None,
                "liquidation_status": status,
                "liquidation_date": liquidation,
            })
    # Two lines keyed with a typo in the code: they fail, and say why.
    rows[17]["hts"] = "6109.10.99.12"
    rows[123]["hts"] = "8467.21.00.4"
    return rows


def filed(schedule: tariffs.Schedule, frame: Any, seed: int = SEED) -> Any:
    """What the broker filed: the schedule's amounts per authority, with a
    few mistakes. A long table: entry_number, line_number, key, amount."""
    import pandas as pd

    rnd = random.Random(seed + 1)
    q = schedule.quote_many(frame)
    keys = [a for a in schedule.authorities if a in q.columns]
    out: List[Dict[str, Any]] = []
    mistakes = {"fentanyl_half": 0, "reciprocal_missing": 0, "section_232_not_due": 0}
    for i in range(len(frame)):
        if pd.notna(q["error"].iloc[i]):
            continue
        who = (frame["entry_number"].iloc[i], frame["line_number"].iloc[i])
        amounts = {k: q[k].iloc[i] for k in keys if pd.notna(q[k].iloc[i]) and q[k].iloc[i] != 0}
        r = rnd.random()
        if "ieepa_fentanyl" in amounts and r < 0.04:
            amounts["ieepa_fentanyl"] = (amounts["ieepa_fentanyl"] / 2).quantize(Decimal("0.01"))
            mistakes["fentanyl_half"] += 1
        elif "ieepa_reciprocal" in amounts and r < 0.08:
            del amounts["ieepa_reciprocal"]
            mistakes["reciprocal_missing"] += 1
        elif "section_232" not in amounts and r < 0.10 and frame["origin"].iloc[i] == "CN":
            amounts["9903.81.90"] = (frame["value"].iloc[i] * Decimal("0.25")).quantize(
                Decimal("0.01"))
            mistakes["section_232_not_due"] += 1
        for k, v in amounts.items():
            out.append({"entry_number": who[0], "line_number": who[1], "key": k, "amount": v})
    return pd.DataFrame(out)


def report(schedule: Optional[tariffs.Schedule] = None) -> Tuple[Any, "tariffs.RefundReport"]:
    """The entries (a pandas DataFrame) and their refund report."""
    import pandas as pd

    schedule = schedule or tariffs.Schedule.builtin()
    frame = pd.DataFrame(entries())
    return frame, schedule.refunds(frame, filed(schedule, frame), as_of=AS_OF,
                                   interest_to=INTEREST_TO, payer="corporate")


def chart(rep: "tariffs.RefundReport", path: str) -> None:
    """IEEPA deposits per month of entry, stacked by authority, and what
    CAPE refunds today (principal and interest) per month."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = rep.arrow("lines").to_pandas()  # Decimal objects
    ok = lines[lines["error"].isna()]
    months = sorted(m for m in ok["month"].unique() if m)
    authorities = [a for a in rep.authorities() if (ok[a].fillna(Decimal(0)) != 0).any()]
    by_month = {a: [sum(ok.loc[ok["month"] == m, a], Decimal(0)) for m in months]
                for a in authorities}
    cape = ok["cape"].astype(bool)  # the report's: unliquidated, or liquidated within 80 days
    cape_now = [sum(ok.loc[(ok["month"] == m) & cape, "ieepa_refund"], Decimal(0))
                for m in months]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7.5), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})
    x = range(len(months))
    base = [0.0] * len(months)
    colors = {"ieepa_fentanyl": "#c0392b", "ieepa_reciprocal": "#2980b9",
              "ieepa_postal": "#8e44ad"}
    for a in authorities:
        v = [float(d) / 1000 for d in by_month[a]]  # for drawing only
        top.bar(x, v, bottom=base, label=a, color=colors.get(a))
        base = [b + h for b, h in zip(base, v)]
    top.set_ylabel("IEEPA duty deposited (USD thousands)")
    top.set_title(f"{IMPORTER} ({IOR}): IEEPA duties by month of entry, as of {rep.as_of}")
    top.legend(loc="upper left")
    bottom.bar(x, [float(d) / 1000 for d in cape_now], color="#27ae60")
    bottom.set_ylabel("CAPE refund now,\nwith interest (USD k)")
    bottom.set_title("Refundable through CAPE today (unliquidated, or liquidated within 80 days);"
                     " older entries need a protest or a court order", fontsize=9)
    bottom.set_xticks(list(x))
    bottom.set_xticklabels(months, rotation=45, ha="right")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(here, "..", "..", "docs", "img", "refunds.png"),
                   help="the chart's path (default docs/img/refunds.png)")
    p.add_argument("--csv", help="also write the generated entry lines to this CSV")
    args = p.parse_args(argv)
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as e:
        print(f"this example needs pandas, pyarrow and matplotlib: pip install pandas pyarrow "
              f"matplotlib ({e})")
        return 1
    frame, rep = report()
    if args.csv:
        frame.drop(columns=["description"]).to_csv(args.csv, index=False)
        print(f"wrote {len(frame)} entry lines to {args.csv}")
    print(f"{IMPORTER}, importer of record {IOR}: {frame['entry_number'].nunique()} entries, "
          f"{len(frame)} lines entered {FIRST} to {LAST}")
    print()
    print(rep.summary())
    audit = rep.arrow("audit").to_pandas()
    print()
    print(f"audit: {len(audit)} findings on {rep.count('lines_with_findings')} lines")
    for (kind, key), g in audit.groupby(["kind", "key"]):
        print(f"  {kind:<8} {key:<18} {len(g):>3} lines, filed - computed = "
              f"{sum(g['difference'], Decimal(0)):,}")
    errors = rep.arrow("errors").to_pandas()
    print()
    print(f"failed lines: {len(errors)}")
    for _, row in errors.iterrows():
        print(f"  entry {row['entry_number']} line {row['line_number']}: {row['error']}")
    chart(rep, args.out)
    print()
    print(f"chart: {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
