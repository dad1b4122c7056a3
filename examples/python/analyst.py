"""Quote a few scenarios, print the explained quotes and write them to a CSV.

    python examples/python/analyst.py                      # the embedded schedule
    python examples/python/analyst.py --schedule tests/fixtures/schedule.json --out scenarios.csv

Scenarios: a $54 T-shirt parcel (6109.10.00.12) from China by express on
2025-05-01 (the last day of de minimis for Chinese goods) and on 2025-05-02,
and a container of T-shirts by ocean from China and from Vietnam.
Every amount is an exact decimal.Decimal; the CSV holds their exact text.
"""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal

import tariffs

SCENARIOS = [
    # name, hts, origin, value, date, mode, quantities
    ("parcel, last day of de minimis", "6109.10.00.12", "CN", Decimal("54"), "2025-05-01", "express", {"doz": Decimal("0.25"), "kg": Decimal("0.6")}),
    ("parcel, de minimis suspended", "6109.10.00.12", "CN", Decimal("54"), "2025-05-02", "express", {"doz": Decimal("0.25"), "kg": Decimal("0.6")}),
    ("container from China", "6109.10.00.12", "CN", Decimal("184000"), "2025-05-02", "ocean", {"doz": 2000, "kg": 4800}),
    ("container from China, 2026", "6109.10.00.12", "CN", Decimal("184000"), "2026-03-02", "ocean", {"doz": 2000, "kg": 4800}),
    ("container from Vietnam", "6109.10.00.12", "VN", Decimal("184000"), "2025-08-07", "ocean", {"doz": 2000, "kg": 4800}),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schedule", help="a schedule JSON file (default: the embedded schedule)")
    ap.add_argument("--out", default="scenarios.csv", help="the CSV to write (default scenarios.csv)")
    args = ap.parse_args()

    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    v = schedule.version
    print(f"schedule {v.name!r}, HTS {v.hts_revision}, policy date {v.policy_date}\n")

    authorities = schedule.authorities
    fields = ["scenario", "hts", "origin", "date", "mode", "value", "duty", "fees", "total",
              "effective_rate", *authorities, "error"]
    with open(args.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for name, hts, origin, value, date, mode, qty in SCENARIOS:
            row = {"scenario": name, "hts": hts, "origin": origin, "date": date, "mode": mode, "value": value}
            print(f"== {name}")
            try:
                q = schedule.quote(hts, origin, value, date, mode=mode, quantities=qty)
            except tariffs.TariffsError as e:
                print(f"  cannot quote: {e} (field {e.field}, value {e.value})\n")
                row["error"] = str(e)
            else:
                print(q, end="\n\n")
                row.update(duty=q.duty, fees=q.fees, total=q.total, effective_rate=q.effective_rate)
                row.update({a: q.amount_of(a) for a in authorities})
            w.writerow(row)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
