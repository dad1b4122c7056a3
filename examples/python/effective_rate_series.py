"""The effective US tariff rate on China, Canada, Mexico and all other origins,
on every date the schedule changes in 2025-2026, for one fixed basket.

    python examples/python/effective_rate_series.py                       # the embedded schedule
    python examples/python/effective_rate_series.py --schedule tests/fixtures/schedule.json --out series.png

Prints the series as a table and draws it as a step chart (PNG; needs
matplotlib: ``pip install matplotlib``; without it only the table is printed).

The rate is the import-weighted effective rate: duties (base + additional,
not fees) over customs value, from ``Schedule.effective_rate(basket, dates,
by="origin")``. The basket is held fixed and re-dated to each change date, so
the series moves only because the policy moves (no trade diversion).

How the basket is built (synthetic, but every number is written down here):

- Weights by origin: US goods imports in 2024 (U.S. Census Bureau, rounded,
  approximate): Mexico $506 bn, China $439 bn, Canada $413 bn, all other
  about $1,940 bn (of about $3,300 bn). "All other" is represented by seven
  partners with illustrative shares: Germany 20%, Japan 18%, Vietnam 15%,
  Korea 15%, Taiwan 12%, Ireland 10%, India 10%.
- Products within an origin (``BASKET`` below): a few real 8-digit HTS lines
  typical of that trade (laptops, smartphones, toys, T-shirts, furniture,
  batteries from China; cars, parts, computers, tomatoes, beer from Mexico;
  crude oil, cars, lumber, aluminium, steel from Canada; cars, parts,
  medicines, electronics, apparel from the others) with illustrative shares
  of the origin's value. They show how the measures (fentanyl, reciprocal,
  Section 232 on cars, steel and aluminium, exemptions) hit different goods.
- USMCA: half of every Canadian and Mexican row's value claims USMCA
  preference (the claimed share rose during 2025 from about 40%; one constant
  share keeps the basket fixed).
- Low-value parcels: 8% of China's value arrives as 20,000 express parcels of
  $54 of T-shirts (an assumption for the de minimis story); every other row
  is one formal entry by ocean (cars by ocean too, lumber and oil by rail and
  truck for Canada, trucks for Mexico).
- Quantities for specific rates: from an indicative unit value per product
  (crude $70/bbl, tomatoes $1.50/kg, beer $1.20/liter, ...), so a specific
  duty (cents per kg, per barrel) is counted.
- Scale: $30,752 of basket per $1 bn of 2024 imports (about $101 million in
  all), so that the 20,000 parcels are 8% of China's value.

A code the schedule lacks on 2025-06-01 falls back to the ``fixture`` line
given with it (the test fixture has six lines: T-shirts, cheese, chocolate,
crude oil, books, cars); rows that still cannot be quoted are reported.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import warnings
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

import tariffs

# Imports in 2024, $ bn (U.S. Census Bureau, rounded).
ORIGIN_BN = {"MX": 506, "CN": 439, "CA": 413, "OTHER": 1940}
OTHER_SPLIT = {"DE": 0.20, "JP": 0.18, "VN": 0.15, "KR": 0.15, "TW": 0.12, "IE": 0.10, "IN": 0.10}
PARCELS, PARCEL_VALUE, PARCEL_SHARE = 20_000, Decimal(54), Decimal("0.08")
USMCA_SHARE = Decimal("0.5")

# origin, hts, fixture fallback, share of the origin's value, mode, unit values ($ per unit)
BASKET: List[Tuple[str, str, str, float, str, Dict[str, float]]] = [
    ("CN", "8471.30.01", "4901.99.00", 0.20, "ocean", {"no": 600, "kg": 300}),    # laptops
    ("CN", "8517.13.00", "4901.99.00", 0.18, "ocean", {"no": 400, "kg": 2000}),   # smartphones
    ("CN", "9503.00.00", "6109.10.00", 0.10, "ocean", {"no": 10, "kg": 20}),      # toys
    ("CN", "6109.10.00", "6109.10.00", 0.06, "ocean", {"doz": 36, "kg": 20, "no": 3}),  # T-shirts
    ("CN", "9403.60.80", "6109.10.00", 0.08, "ocean", {"no": 120, "kg": 4}),      # wooden furniture
    ("CN", "8507.60.00", "4901.99.00", 0.12, "ocean", {"no": 50, "kg": 25}),      # lithium-ion batteries
    ("CN", "7318.15.20", "8703.23.01", 0.04, "ocean", {"kg": 3, "no": 0.1}),      # steel bolts
    ("CN", "3926.90.99", "6109.10.00", 0.14, "ocean", {"kg": 6}),                 # plastic articles
    ("MX", "8703.23.01", "8703.23.01", 0.25, "truck", {"no": 30000, "kg": 20}),   # cars
    ("MX", "8708.99.81", "8703.23.01", 0.20, "truck", {"kg": 8, "no": 40}),       # auto parts
    ("MX", "8471.50.01", "4901.99.00", 0.20, "truck", {"no": 900, "kg": 100}),    # computers
    ("MX", "0702.00.60", "0406.10.10", 0.05, "truck", {"kg": 1.5}),               # tomatoes
    ("MX", "2203.00.00", "1806.20.24", 0.05, "truck", {"liter": 1.2, "kg": 1}),   # beer
    ("MX", "8544.42.90", "8703.23.01", 0.25, "truck", {"kg": 12}),                # insulated wire
    ("CA", "2709.00.20", "2709.00.10", 0.30, "rail", {"bbl": 70, "kg": 0.5}),     # crude oil
    ("CA", "8703.23.01", "8703.23.01", 0.20, "truck", {"no": 35000, "kg": 22}),   # cars
    ("CA", "4407.11.00", "4901.99.00", 0.08, "rail", {"m3": 300, "kg": 0.6}),     # softwood lumber
    ("CA", "7601.10.60", "8703.23.01", 0.12, "rail", {"kg": 2.6}),                # unwrought aluminium
    ("CA", "7208.51.00", "8703.23.01", 0.05, "truck", {"kg": 0.9}),               # steel plate
    ("CA", "8708.99.81", "8703.23.01", 0.25, "truck", {"kg": 8, "no": 40}),       # auto parts
    ("DE", "8703.23.01", "8703.23.01", 0.40, "ocean", {"no": 50000, "kg": 33}),   # cars
    ("DE", "3004.90.92", "1806.20.24", 0.40, "air", {"kg": 500}),                 # medicines
    ("DE", "8708.99.81", "8703.23.01", 0.20, "ocean", {"kg": 10, "no": 50}),      # auto parts
    ("JP", "8703.23.01", "8703.23.01", 0.60, "ocean", {"no": 30000, "kg": 23}),   # cars
    ("JP", "8708.99.81", "8703.23.01", 0.40, "ocean", {"kg": 9, "no": 45}),       # auto parts
    ("VN", "6109.10.00", "6109.10.00", 0.30, "ocean", {"doz": 36, "kg": 20, "no": 3}),  # T-shirts
    ("VN", "9403.60.80", "6109.10.00", 0.30, "ocean", {"no": 120, "kg": 4}),      # wooden furniture
    ("VN", "8517.13.00", "4901.99.00", 0.40, "ocean", {"no": 400, "kg": 2000}),   # smartphones
    ("KR", "8703.23.01", "8703.23.01", 0.60, "ocean", {"no": 28000, "kg": 20}),   # cars
    ("KR", "8507.60.00", "4901.99.00", 0.40, "ocean", {"no": 50, "kg": 25}),      # batteries
    ("TW", "8471.50.01", "4901.99.00", 0.70, "air", {"no": 900, "kg": 100}),      # servers, computers
    ("TW", "8542.31.00", "4901.99.00", 0.30, "air", {"no": 50, "kg": 5000}),      # processors
    ("IE", "3004.90.92", "1806.20.24", 1.00, "air", {"kg": 800}),                 # medicines
    ("IN", "3004.90.92", "1806.20.24", 0.40, "air", {"kg": 60}),                  # generic medicines
    ("IN", "7113.19.50", "6109.10.00", 0.30, "air", {"kg": 30000, "no": 400}),    # gold jewellery
    ("IN", "6109.10.00", "6109.10.00", 0.30, "ocean", {"doz": 30, "kg": 18, "no": 2.5}),  # T-shirts
]
# $ of basket per $1 bn of 2024 imports: the parcels are PARCEL_SHARE of China's value.
SCALE = PARCELS * PARCEL_VALUE / (PARCEL_SHARE * ORIGIN_BN["CN"])
STORY = [("CN", "China"), ("CA", "Canada"), ("MX", "Mexico"), ("OTHER", "all other")]


def cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"))


def basket_rows(schedule: tariffs.Schedule, codes_in_force: set):
    """The basket as a list of dict rows (quote_many columns), and the fallbacks used."""
    rows, fallbacks = [], []
    for origin, hts, fallback, share, mode, unit_values in BASKET:
        group = "OTHER" if origin in OTHER_SPLIT else origin
        weight = Decimal(str(share)) * ORIGIN_BN[group] * SCALE
        if group == "OTHER":
            weight *= Decimal(str(OTHER_SPLIT[origin]))
        if group == "CN":
            weight *= 1 - PARCEL_SHARE
        if hts not in codes_in_force:
            fallbacks.append(f"{origin} {hts} -> {fallback}")
            hts = fallback
        parts: List[Tuple[Decimal, Optional[str]]] = [(weight, None)]
        if origin in ("CA", "MX"):
            parts = [(weight * USMCA_SHARE, "USMCA"), (weight * (1 - USMCA_SHARE), None)]
        for value, claim in parts:
            value = cents(value)
            row = {"hts": hts, "origin": origin, "value": value, "mode": mode, "claims": claim}
            for unit, price in unit_values.items():
                row[f"qty_{unit}"] = (value / Decimal(str(price))).quantize(Decimal("0.001"))
            rows.append(row)
    parcel_hts = "6109.10.00.12"
    for _ in range(PARCELS):
        rows.append({"hts": parcel_hts, "origin": "CN", "value": PARCEL_VALUE, "mode": "express",
                     "claims": None, "qty_doz": Decimal("0.25"), "qty_kg": Decimal("0.6"), "qty_no": 3})
    return rows, fallbacks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schedule", help="a schedule JSON file (default: the embedded schedule)")
    ap.add_argument("--out", default="effective_rate_series.png")
    args = ap.parse_args()
    try:
        import pandas as pd
    except ImportError:
        print("this example needs pandas and pyarrow: pip install pandas pyarrow")
        return 1

    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    if "US" not in schedule.importers:
        print(f"the schedule {schedule.version.name!r} has no US data; pass --schedule tests/fixtures/schedule.json")
        return 1
    start, end = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)
    dates = sorted({start} | {d for d in schedule.change_dates() if start <= d <= end})
    in_force = set(schedule.rate_panel("2025-06-01", origins="DE", as_="arrow").column("hts").to_pylist())
    rows, fallbacks = basket_rows(schedule, in_force)
    basket = pd.DataFrame(rows)
    total = sum(r["value"] for r in rows)
    print(f"schedule {schedule.version.name!r}; basket of {len(basket):,} rows, ${total:,.2f} "
          f"({PARCELS:,} parcels of ${PARCEL_VALUE}); {len(dates)} dates")
    if fallbacks:
        print(f"{len(fallbacks)} codes not in the schedule, replaced by fixture lines: {', '.join(fallbacks)}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the errors are reported below
        series = schedule.effective_rate(basket, dates, by="origin")
    errors = series.attrs["errors"]
    if errors:
        bad = sorted({e.row for e in errors})
        print(f"{len(bad)} basket rows could not be quoted on some dates and are left out, e.g. "
              f"{basket.loc[bad[0], 'hts']} from {basket.loc[bad[0], 'origin']}: {errors[0].message}")

    # One row per date: China, Canada, Mexico, all other (summed exactly), overall.
    table = []
    for day, block in series.groupby("date", sort=True):
        by_origin = block[block["group_kind"] == "origin"].set_index("group")
        cells = {}
        for key, label in STORY:
            if key == "OTHER":
                others = by_origin[~by_origin.index.isin(["CN", "CA", "MX"])]
                value, duty = sum(others["value"], Decimal(0)), sum(others["duty"], Decimal(0))
            elif key in by_origin.index:
                value, duty = by_origin.loc[key, "value"], by_origin.loc[key, "duty"]
            else:
                value, duty = Decimal(0), Decimal(0)
            cells[label] = (duty / value * 100) if value else Decimal(0)
        overall = block[block["group_kind"] == "overall"].iloc[0]
        cells["overall"] = overall["rate"] * 100
        table.append((day, cells))

    labels = [label for _, label in STORY] + ["overall"]
    print("\nEffective tariff rate (duty / customs value, %), basket re-dated to each change date")
    print(f"{'date':<12}" + "".join(f"{label:>11}" for label in labels))
    for day, cells in table:
        print(f"{day.isoformat():<12}" + "".join(f"{cells[label]:>11.2f}" for label in labels))

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n(no chart: matplotlib is not installed; pip install matplotlib)")
        return 0
    fig, ax = plt.subplots(figsize=(11, 5))
    x = [day for day, _ in table] + [end]
    for label, style in zip(labels, ["-", "-", "-", "-", "--"]):
        y = [float(cells[label]) for _, cells in table]
        ax.step(x, y + y[-1:], where="post", linestyle=style, linewidth=2 if label != "overall" else 1.2,
                label=label)
    ax.set_title(f"Effective US tariff rate by origin, fixed basket (schedule {schedule.version.name!r})")
    ax.set_ylabel("duty / customs value, %")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
