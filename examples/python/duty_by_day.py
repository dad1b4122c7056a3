"""Plot the duty on one product from China, day by day through 2025-2026.

    python examples/python/duty_by_day.py                   # the embedded schedule
    python examples/python/duty_by_day.py --schedule tests/fixtures/schedule.json --out duty.png

Quotes $10,000 of cotton T-shirts (6109.10.00.12) from China by ocean on every
day of 2025 and 2026 in one `quote_many` call, then draws the duty of each
authority stacked (matplotlib; pip install matplotlib). The amounts are exact
Decimals; they become floats only for drawing.
"""

from __future__ import annotations

import argparse
import datetime
import sys

import tariffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schedule", help="a schedule JSON file (default: the embedded schedule)")
    ap.add_argument("--hts", default="6109.10.00.12")
    ap.add_argument("--origin", default="CN")
    ap.add_argument("--value", default="10000")
    ap.add_argument("--mode", default="ocean")
    ap.add_argument("--out", default="duty_by_day.png")
    args = ap.parse_args()
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import pandas as pd
    except ImportError as e:
        print(f"this example needs pandas and matplotlib: pip install pandas pyarrow matplotlib ({e})")
        return 1

    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    start, end = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    rows = pd.DataFrame({"hts": args.hts, "origin": args.origin, "value": args.value,
                         "date": days, "mode": args.mode})
    out = schedule.quote_many(rows, progress=False)

    failed = out["error"].notna()
    if failed.all():
        print(f"no day could be quoted, e.g.: {out['error'].iloc[0]}")
        return 1
    if failed.any():
        print(f"{int(failed.sum())} days could not be quoted, e.g. {days[int(failed.values.argmax())]}: "
              f"{out.loc[failed, 'error'].iloc[0]}")

    duty_authorities = [a for a in schedule.authorities if a not in ("mpf", "hmf")
                        and out.loc[~failed, a].map(bool).any()]
    x = [d for d, bad in zip(days, failed) if not bad]
    ok = out[~failed]
    fig, ax = plt.subplots(figsize=(11, 5))
    ax.stackplot(x, *[ok[a].map(float) for a in duty_authorities], labels=duty_authorities, step="post")
    ax.step(x, ok["duty"].map(float), where="post", color="black", linewidth=1, label="duty")
    ax.set_title(f"Duty on ${args.value} of {args.hts} from {args.origin} by {args.mode}, by entry date "
                 f"(schedule {schedule.version.name!r})")
    ax.set_ylabel("USD")
    ax.legend(loc="upper left", fontsize="small")
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)

    changes = ok["duty"].ne(ok["duty"].shift())
    print("duty changes:")
    for d, duty in zip([x[i] for i, c in enumerate(changes) if c], ok.loc[changes, "duty"]):
        print(f"  from {d}: {duty}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
