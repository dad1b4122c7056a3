"""Quote a Parquet file of entries inside a Polars LazyFrame query.

    python examples/python/polars_lazy.py                          # writes and reads parcels.parquet (200k rows)
    python examples/python/polars_lazy.py --input entries.parquet  # your own file
    python examples/python/polars_lazy.py --rows 5_000_000 --streaming

The query scans the Parquet file lazily (``pl.scan_parquet``), keeps the rows
of interest (``filter``), adds a month column (``with_columns``), quotes each
batch of rows with ``Schedule.quote_many`` inside the query
(``LazyFrame.map_batches``), then sums the duty by origin and by authority
(``group_by``). Without ``--input`` it first writes a small synthetic file
with examples/python/gen_parcels.py (``--rows`` rows, default 200,000).

The input needs the columns ``quote_many`` reads (hts, origin, value, date;
optionally mode, qty_no, qty_kg...; see ``tariffs._batch``); value must be a
decimal, integer or text column (Parquet decimal, not float).

``quote_many`` returns only the result columns, one row per input row, so the
function given to ``map_batches`` puts them beside the input columns
(``DataFrame.hstack``). Polars must know the output schema of that function
before it runs: ``quoted_schema`` gives it, and ``with_fixed_columns`` makes
every batch match it, since ``quote_many`` adds a column per authority only
when some row of the batch has that authority (``0.00`` is the same as no
column). With ``--streaming`` the query runs on Polars' streaming engine
(``collect(engine="streaming")``, batches of rows at a time, so a file larger
than memory works); ``quote_many`` is row by row, so batching does not change
any result.
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from typing import Dict, List, Literal

import polars as pl

import tariffs

MONEY = pl.Decimal(38, 2)


def authorities(schedule: tariffs.Schedule) -> List[str]:
    """The authority columns ``quote_many`` may add, as it names them (a name
    equal to another result column gets the prefix ``authority_``)."""
    taken = {"duty", "fees", "total", "effective_rate", "error", "error_kind", "warning"}
    return [f"authority_{a}" if a in taken else a for a in schedule.authorities]


def quoted_schema(schedule: tariffs.Schedule, schema: Dict[str, pl.DataType]) -> Dict[str, pl.DataType]:
    """The input schema plus the columns ``quote_batch`` adds."""
    out = dict(schema)
    out.update({"duty": MONEY, "fees": MONEY, "total": MONEY, "effective_rate": pl.Decimal(38, 6)})
    out.update({a: MONEY for a in authorities(schedule)})
    out.update({"error": pl.String(), "error_kind": pl.String(), "warning": pl.String()})
    return out


def with_fixed_columns(schedule: tariffs.Schedule, quoted: pl.DataFrame) -> pl.DataFrame:
    """``quote_many``'s result with every authority column (``0.00`` where
    the batch had no line of it, null on failed rows, as ``quote_many`` does)
    and the text columns as plain strings: the same columns for every batch."""
    failed = pl.col("error").is_not_null()
    missing = [
        pl.when(failed).then(None).otherwise(pl.lit(Decimal("0.00"), MONEY)).cast(MONEY).alias(a)
        for a in authorities(schedule) if a not in quoted.columns
    ]
    quoted = quoted.with_columns(missing) if missing else quoted
    names = ["duty", "fees", "total", "effective_rate", *authorities(schedule), "error", "error_kind",
             "warning"]
    return quoted.select(names).with_columns(pl.col("error_kind", "warning").cast(pl.String))


def quote_batch(schedule: tariffs.Schedule, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` with their quotes beside them."""
    return frame.hstack(with_fixed_columns(schedule, schedule.quote_many(frame)))


def pipeline(schedule: tariffs.Schedule, path: str, origins: List[str]) -> pl.LazyFrame:
    """The rows of ``path`` from ``origins``, quoted, with a month column."""
    lf = (
        pl.scan_parquet(path)
        .filter(pl.col("origin").cast(pl.String).is_in(origins))
        .with_columns(month=pl.col("date").dt.month())
    )
    schema = quoted_schema(schedule, dict(lf.collect_schema()))
    return lf.map_batches(lambda df: quote_batch(schedule, df), schema=schema, streamable=True)


def duty_by_origin(schedule: tariffs.Schedule, quoted: pl.LazyFrame) -> pl.LazyFrame:
    """Rows, failed rows, value, duty, fees and each authority's duty of the
    quoted rows, by origin: one pass over the file."""
    return (
        quoted.group_by(pl.col("origin").cast(pl.String))
        .agg(
            rows=pl.len(),
            failed=pl.col("error").is_not_null().sum(),
            value=pl.col("value").sum(),
            duty=pl.col("duty").sum(),
            fees=pl.col("fees").sum(),
            *[pl.col(a).sum() for a in authorities(schedule)],
        )
        .sort("duty", descending=True)
    )


def duty_by_authority(schedule: tariffs.Schedule, by_origin: pl.DataFrame) -> pl.DataFrame:
    """The authorities' duty over all origins (from ``duty_by_origin``'s
    table: no second pass over the file), largest first, zeros left out."""
    return (
        by_origin.select([pl.col(a).sum() for a in authorities(schedule)])
        .unpivot(variable_name="authority", value_name="duty")
        .filter(pl.col("duty") != 0)
        .sort("duty", descending=True)
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="a Parquet file of entries (default: write parcels.parquet first)")
    ap.add_argument("--rows", default="200_000", help="rows of the synthetic file (default 200_000)")
    ap.add_argument("--origins", default="CN,HK,VN,MX,CA,DE,IN",
                    help="the origins to keep (default CN,HK,VN,MX,CA,DE,IN)")
    ap.add_argument("--schedule", help="a schedule JSON file (default: the embedded schedule)")
    ap.add_argument("--streaming", action="store_true", help="run on Polars' streaming engine")
    args = ap.parse_args()

    path = args.input
    if path is None:
        path = "parcels.parquet"
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import gen_parcels

        gen_parcels.write(path, int(args.rows.replace("_", "")), chunk_rows=100_000)
    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    origins = [o.strip().upper() for o in args.origins.split(",") if o.strip()]

    quoted = pipeline(schedule, path, origins)
    engine: Literal["streaming", "auto"] = "streaming" if args.streaming else "auto"
    by_origin = duty_by_origin(schedule, quoted).collect(engine=engine)
    by_authority = duty_by_authority(schedule, by_origin)
    with pl.Config(tbl_rows=40, tbl_cols=8, thousands_separator=","):
        print(f"Duty by origin ({path}):")
        print(by_origin.select("origin", "rows", "failed", "value", "duty", "fees"))
        print("Duty by authority:")
        print(by_authority)
    failed = int(by_origin["failed"].sum())
    if failed:
        errors = quoted.filter(pl.col("error").is_not_null()).group_by("error").len().sort("len")
        print(f"{failed:,} rows failed (a second pass lists why):")
        print(errors.collect(engine=engine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
