"""Measure Schedule.quote_many in rows per second.

    python examples/python/bench_quote_many.py                       # 1,000,000 rows, fixture schedule
    python examples/python/bench_quote_many.py --rows 200000 --schedule builtin

Build the package in release first (pip install . or maturin develop --release).
The rows are generated with numpy/pyarrow (no Python loop): 6 codes, 6
origins, values with cents as Arrow decimal128, dates through 2025-2026,
4 modes, and a kg quantity. Timed, each in and out of its own kind:

- a pyarrow Table (decimal128 values, dictionary-encoded text), and the same
  table with string values;
- a polars DataFrame (zero copy both ways, through the Arrow PyCapsule interface);
- a pandas DataFrame with Arrow dtypes (``types_mapper=pd.ArrowDtype``);
- a pandas DataFrame of Python ``str`` objects in object columns (decimal
  strings, ISO dates), Arrow-backed columns out (the default);
- a pandas DataFrame of Python objects: ``str`` cells in object columns,
  ``decimal.Decimal`` values, ``datetime.date`` dates (what ``pd.DataFrame``
  of Python lists gives); out, Arrow-backed columns (the default), and
  ``decimals="object"`` (one ``Decimal`` object per output cell).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pyarrow as pa

import tariffs

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "tests", "fixtures", "schedule.json")


def make_table(n: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)

    def pick(values, n):
        return pa.DictionaryArray.from_arrays(
            pa.array(rng.integers(0, len(values), n), pa.int32()), pa.array(values)
        )

    cents = rng.integers(1_000, 5_000_000, n, dtype=np.int64)  # $10.00 .. $50,000.00
    i128 = np.stack([cents, np.zeros(n, dtype=np.int64)], axis=1)  # little-endian int128, >= 0
    value = pa.Array.from_buffers(pa.decimal128(12, 2), n, [None, pa.py_buffer(i128.tobytes())])
    days = rng.integers(20089, 20089 + 730, n).astype(np.int32)  # 2025-01-01 + 0..729
    date = pa.Array.from_buffers(pa.date32(), n, [None, pa.py_buffer(days.tobytes())])
    kg = pa.Array.from_buffers(
        pa.decimal128(12, 1), n,
        [None, pa.py_buffer(np.stack([rng.integers(1, 50_000, n, dtype=np.int64), np.zeros(n, dtype=np.int64)], axis=1).tobytes())],
    )
    return pa.table({
        "hts": pick(["6109.10.00.12", "6109.10.00", "0406.10.10", "1806.20.24", "8703.23.01", "4901.99.00"], n),
        "origin": pick(["CN", "VN", "MX", "CA", "DE", "FR"], n),
        "value": value,
        "date": date,
        "mode": pick(["ocean", "air", "express", "truck"], n),
        "qty_kg": kg,
    })


def timed(label: str, f, n: int) -> float:
    t = time.perf_counter()
    out = f()
    dt = time.perf_counter() - t
    if hasattr(out, "iloc"):  # pandas
        errors = int(out["error"].notna().sum())
    elif hasattr(out, "get_column"):  # polars
        errors = n - out.get_column("error").null_count()
    else:  # pyarrow
        errors = n - out.column("error").null_count
    print(f"{label:<50} {n:>10,} rows in {dt:7.2f} s = {n / dt:>12,.0f} rows/s ({errors:,} row errors)")
    return n / dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--schedule", default=FIXTURE, help="a schedule JSON file, or 'builtin'")
    ap.add_argument("--skip-pandas", action="store_true")
    args = ap.parse_args()
    schedule = tariffs.Schedule.builtin() if args.schedule == "builtin" else tariffs.Schedule.from_path(args.schedule)
    n = args.rows
    print(f"tariffs {tariffs.__version__}, schedule {schedule.version.name!r}, {os.cpu_count()} CPUs")
    table = make_table(n)
    schedule.quote_many(table.slice(0, 1000))  # warm up (builtin schedule compile, imports)
    best = timed("quote_many(pyarrow.Table, decimal128 values)", lambda: schedule.quote_many(table), n)
    strings = table.set_column(2, "value", table.column("value").cast(pa.string()))
    timed("quote_many(pyarrow.Table, string values)", lambda: schedule.quote_many(strings), n)
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        pdf = pl.from_arrow(table)
        timed("quote_many(polars.DataFrame) -> polars", lambda: schedule.quote_many(pdf), n)
    if not args.skip_pandas:
        import pandas as pd

        arrow_df = table.to_pandas(types_mapper=pd.ArrowDtype)
        timed("quote_many(pandas, Arrow dtypes) -> pandas", lambda: schedule.quote_many(arrow_df), n)
        # Python str objects in object columns (decimal strings, ISO dates).
        text = table.cast(pa.schema([pa.field(f.name, pa.string()) for f in table.schema]))
        strs = pd.DataFrame({c: pd.Series(text.column(c).to_pylist(), dtype=object) for c in text.column_names})
        timed("quote_many(pandas, object str) -> pandas", lambda: schedule.quote_many(strs), n)
        del strs, text
        # Python objects in object columns: str, Decimal, datetime.date.
        plain = table.to_pandas()
        obj = pd.DataFrame({c: plain[c].astype(object) for c in plain.columns})
        assert all(obj[c].dtype == object for c in obj.columns)
        timed("quote_many(pandas, object str/Decimal) -> pandas", lambda: schedule.quote_many(obj), n)
        timed("  ... decimals='object'", lambda: schedule.quote_many(obj, decimals="object"), n)
    print(f"quote_many: {best:,.0f} rows/s (pyarrow in/out, {n:,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
