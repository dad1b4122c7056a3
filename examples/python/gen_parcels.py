"""Write a synthetic year of US low-value parcel entries as one Parquet file.

    python examples/python/gen_parcels.py --rows 20000 --out parcels.parquet
    python examples/python/gen_parcels.py                  # 100M rows -> parcels.parquet
    python examples/python/gen_parcels.py --rows 10_000_000 --year 2025 --seed 7 --chunk 1_000_000

The rows are made up, but shaped like the parcels that entered the US under the
de minimis rule (about a billion in 2023, averaging about $54): every row is a
real 10-digit HTS statistical line of goods people buy online, an origin drawn
with the shares below, a value in exact cents, a day of the year, a mode
(postal or express) and the quantities that specific rates need.

Columns (the names ``Schedule.quote_many`` and ``tariffs batch`` read):

===========  ========================  =========================================
``id``       int64                     0, 1, 2... (the row number)
``hts``      dictionary<int8, utf8>    see ``PRODUCTS`` (code, share, typical kg)
``origin``   dictionary<int8, utf8>    see ``ORIGINS`` (ISO alpha-2, share)
``value``    decimal128(18, 2)         US dollars, log-normal: median about
                                       $33, mean about $54 (``--mean``),
                                       clipped to $1.00..$5,000.00
``date``     date32                    a day of ``--year``, November and
                                       December twice as busy as other days
``mode``     dictionary<int8, utf8>    ``postal`` (35%) or ``express`` (65%)
``qty_no``   int32                     articles in the parcel, 1..6 (most 1)
``qty_kg``   decimal128(18, 3)         net weight in kg, the product's typical
                                       weight times the article count, times a
                                       log-normal factor; at least 0.010
===========  ========================  =========================================

Every line needs at most ``qty_no`` and ``qty_kg`` (6505.00.08.00, felt hats,
is ``13.5¢/kg + 6.3% + 1.9¢/article``); the others are ad valorem. So with
the embedded schedule no row fails for a missing quantity; the test
(tests/python/test_gen_parcels.py) quotes a sample and lists any error.

Money is exact: values are drawn as integer cents (the log-normal draw is a
float, rounded once to a whole number of cents) and written as decimal128
whose 128-bit integers are those cents; no float reaches the file.

Deterministic: the same ``--seed``, ``--rows``, ``--chunk`` and ``--year`` give
the same file, bit for bit (chunk ``i`` draws from
``numpy.random.SeedSequence([seed, i])``, so chunks could be made in parallel).

Constant memory: rows are made ``--chunk`` at a time (default 1,000,000; about
50 MB of arrays) and each chunk is written as one Parquet row group
(``pyarrow.parquet.ParquetWriter``, zstd), so 100M rows take no more memory
than one chunk. Progress (rows, rows/s, time left) goes to stderr.

Needs numpy and pyarrow (pip install numpy pyarrow). Not needed: tariffs.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from typing import List, Optional, Sequence, Tuple

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# (10-digit HTS statistical line, share of parcels, typical net kg per article).
# Real lines of the HTS (2025), which the embedded schedule quotes; the shares
# are made up, weighted to apparel, electronics and small goods as in the
# e-commerce parcel trade.
PRODUCTS: List[Tuple[str, float, float]] = [
    ("6109.10.00.12", 0.08, 0.20),  # men's cotton T-shirts
    ("6109.10.00.40", 0.08, 0.20),  # women's cotton T-shirts
    ("6110.20.20.10", 0.05, 0.45),  # cotton sweaters
    ("6115.95.90.00", 0.04, 0.08),  # cotton socks
    ("6403.99.60.75", 0.03, 0.90),  # leather footwear
    ("6403.99.90.65", 0.03, 0.90),  # leather footwear, women's
    ("6404.11.90.20", 0.04, 0.70),  # sports footwear, textile uppers
    ("6505.00.08.00", 0.02, 0.15),  # felt hats (13.5¢/kg + 6.3% + 1.9¢/article)
    ("4202.92.31.20", 0.04, 0.60),  # bags of textile materials
    ("4202.21.90.00", 0.02, 0.80),  # leather handbags
    ("7113.19.50.90", 0.03, 0.02),  # jewellery of precious metal
    ("8517.13.00.00", 0.03, 0.25),  # smartphones
    ("8471.30.01.00", 0.02, 1.80),  # laptops
    ("8518.30.20.00", 0.06, 0.15),  # headphones and earphones
    ("8504.40.95.80", 0.05, 0.20),  # power supplies, chargers
    ("8507.60.00.20", 0.03, 0.30),  # lithium-ion batteries
    ("9503.00.00.90", 0.10, 0.35),  # toys
    ("3926.90.99.89", 0.08, 0.10),  # articles of plastics
    ("3924.10.40.00", 0.04, 0.25),  # plastic tableware and kitchenware
    ("7323.93.00.80", 0.05, 0.50),  # stainless steel kitchenware
    ("7326.90.86.88", 0.08, 0.30),  # other articles of iron or steel
]

# (origin, share of parcels): made up, China first as in the de minimis trade.
ORIGINS: List[Tuple[str, float]] = [
    ("CN", 0.60), ("HK", 0.08), ("VN", 0.04), ("MX", 0.03), ("CA", 0.04),
    ("DE", 0.03), ("GB", 0.03), ("IN", 0.03), ("KR", 0.03), ("JP", 0.02),
    ("TH", 0.02), ("TR", 0.02), ("FR", 0.02), ("IT", 0.01),
]

MODES: List[Tuple[str, float]] = [("postal", 0.35), ("express", 0.65)]

SIGMA = 1.0  # of the log of the value; the median is mean / exp(SIGMA**2 / 2)
MIN_CENTS, MAX_CENTS = 100, 500_000
ARTICLES = np.array([1, 2, 3, 4, 5, 6], dtype=np.int32)
ARTICLE_P = np.array([0.70, 0.15, 0.07, 0.04, 0.02, 0.02])


def _shares(pairs: Sequence[Tuple]) -> np.ndarray:
    p = np.array([x[1] for x in pairs], dtype=np.float64)
    return p / p.sum()


def _dictionary(codes: np.ndarray, values: Sequence[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int8()), pa.array(values, pa.utf8()))


def _decimal128(units: np.ndarray, precision: int, scale: int) -> pa.Array:
    """Non-negative int64 ``units`` (cents for scale 2, grams for scale 3) as
    decimal128(precision, scale) without a float: each 128-bit little-endian
    integer is the unit count in its low 64 bits and zeros above."""
    assert units.dtype == np.int64 and (units >= 0).all()
    words = np.zeros((len(units), 2), dtype=np.int64)
    words[:, 0] = units
    return pa.Array.from_buffers(pa.decimal128(precision, scale), len(units),
                                 [None, pa.py_buffer(words)])


def schema() -> pa.Schema:
    text = pa.dictionary(pa.int8(), pa.utf8())
    return pa.schema([
        ("id", pa.int64()), ("hts", text), ("origin", text), ("value", pa.decimal128(18, 2)),
        ("date", pa.date32()), ("mode", text), ("qty_no", pa.int32()),
        ("qty_kg", pa.decimal128(18, 3)),
    ])


def day_weights(year: int) -> np.ndarray:
    """One weight per day of ``year``: November and December count twice."""
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    w = np.ones(days)
    w[(datetime.date(year, 11, 1) - start).days:] = 2.0
    return w / w.sum()


def chunk(seed: int, index: int, first_id: int, n: int, year: int,
          mean: float = 54.0) -> pa.RecordBatch:
    """Rows ``first_id .. first_id + n`` (chunk number ``index``)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, index])))
    product = rng.choice(len(PRODUCTS), size=n, p=_shares(PRODUCTS)).astype(np.int8)
    origin = rng.choice(len(ORIGINS), size=n, p=_shares(ORIGINS)).astype(np.int8)
    mode = rng.choice(len(MODES), size=n, p=_shares(MODES)).astype(np.int8)
    mu = np.log(mean) - SIGMA ** 2 / 2
    cents = np.rint(rng.lognormal(mu, SIGMA, size=n) * 100).astype(np.int64)
    np.clip(cents, MIN_CENTS, MAX_CENTS, out=cents)
    epoch = (datetime.date(year, 1, 1) - datetime.date(1970, 1, 1)).days
    w = day_weights(year)
    day = (rng.choice(len(w), size=n, p=w) + epoch).astype(np.int32)
    articles = rng.choice(ARTICLES, size=n, p=ARTICLE_P)
    typical_g = np.array([round(kg * 1000) for _, _, kg in PRODUCTS], dtype=np.int64)
    grams = np.rint(typical_g[product] * articles * rng.lognormal(0.0, 0.3, size=n)).astype(np.int64)
    np.maximum(grams, 10, out=grams)
    columns = [
        pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
        _dictionary(product, [p[0] for p in PRODUCTS]),
        _dictionary(origin, [o[0] for o in ORIGINS]),
        _decimal128(cents, 18, 2),
        pa.Array.from_buffers(pa.date32(), n, [None, pa.py_buffer(day)]),
        _dictionary(mode, [m[0] for m in MODES]),
        pa.array(articles, pa.int32()),
        _decimal128(grams, 18, 3),
    ]
    return pa.RecordBatch.from_arrays(columns, schema=schema())


def write(out: str, rows: int, chunk_rows: int = 1_000_000, seed: int = 2025, year: int = 2025,
          mean: float = 54.0, progress: bool = True) -> None:
    """Writes ``rows`` rows to ``out``, one row group per chunk."""
    if rows < 0 or chunk_rows <= 0:
        raise ValueError(f"rows must be >= 0 and chunk > 0 (got rows={rows}, chunk={chunk_rows})")
    start = time.monotonic()
    done = 0
    with pq.ParquetWriter(out, schema(), compression="zstd") as writer:
        index = 0
        while done < rows:
            n = min(chunk_rows, rows - done)
            writer.write_batch(chunk(seed, index, done, n, year, mean), row_group_size=n)
            done += n
            index += 1
            if progress:
                _report(done, rows, time.monotonic() - start)
    if progress:
        sys.stderr.write("\n")


def _report(done: int, rows: int, elapsed: float) -> None:
    rate = done / max(elapsed, 1e-9)
    left = (rows - done) / rate if rate else 0.0
    sys.stderr.write(f"\rgen_parcels: {done:,}/{rows:,} rows ({100 * done // max(rows, 1)}%), "
                     f"{rate:,.0f} rows/s, {elapsed:,.0f} s, about {left:,.0f} s left   ")
    sys.stderr.flush()


def _count(text: str) -> int:
    return int(text.replace("_", "").replace(",", ""))


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See the module docstring (or docs/dataframes.md) for the columns.")
    ap.add_argument("--rows", type=_count, default=100_000_000, help="rows to write (default 100_000_000)")
    ap.add_argument("--out", default="parcels.parquet", help="the Parquet file (default parcels.parquet)")
    ap.add_argument("--chunk", type=_count, default=1_000_000,
                    help="rows per chunk and row group (default 1_000_000)")
    ap.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    ap.add_argument("--year", type=int, default=2025, help="the year of the entry dates (default 2025)")
    ap.add_argument("--mean", type=float, default=54.0, help="mean value in USD (default 54)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if not 1 <= args.year <= 9998:
        ap.error(f"--year must be a year between 1 and 9998, not {args.year}")
    if args.mean <= 0:
        ap.error(f"--mean must be positive, not {args.mean}")
    if args.rows < 0 or args.chunk <= 0:
        ap.error("--rows must be >= 0 and --chunk > 0")
    start = time.monotonic()
    write(args.out, args.rows, args.chunk, args.seed, args.year, args.mean, not args.quiet)
    if not args.quiet:
        import os

        size = os.path.getsize(args.out)
        sys.stderr.write(f"gen_parcels: wrote {args.rows:,} rows to {args.out} ({size / 1e6:,.1f} MB) "
                         f"in {time.monotonic() - start:,.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
