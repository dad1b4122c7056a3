"""Select entries from a Parquet file with DuckDB SQL, quote them through
Arrow, and query the duties back in DuckDB.

    python examples/python/duckdb_sql.py                             # writes and reads parcels.parquet (100k rows)
    python examples/python/duckdb_sql.py --input entries.parquet --from 2025-04-01 --to 2025-06-30
    python examples/python/duckdb_sql.py --rows 2_000_000 --db quotes.duckdb

1. DuckDB runs ``ENTRIES_SQL`` over the Parquet file (the file is read by
   DuckDB, only the selected rows come out) and hands the rows over as Arrow
   record batches (``to_arrow_reader``, ``fetch_record_batch`` before DuckDB
   1.4: a stream, never the whole result at once).
2. Each batch goes through ``Schedule.quote_many`` (an Arrow ``RecordBatch``
   in, a ``RecordBatch`` out, no copy of the columns, no Python per row); the
   entry columns and the quote columns are put side by side in one batch.
3. The quoted batches, as a ``pyarrow.RecordBatchReader``, are registered in
   a second DuckDB connection and stored as the table ``quoted`` (in memory,
   or in ``--db FILE``), which SQL then queries: duty by origin and month,
   duty by authority (``UNPIVOT``), failed rows by error kind.

The amounts are DuckDB ``DECIMAL(38,2)``: sums are exact. ``quote_many`` adds
a column per authority only when some row of a batch has that authority, so
``with_fixed_columns`` gives every batch all of them (``0.00`` is the same as
no column) and the stream one schema.

Without ``--input`` the example first writes a synthetic file with
examples/python/gen_parcels.py. Needs duckdb and pyarrow (pip install duckdb pyarrow).
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from typing import Iterator, List, Optional

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

import tariffs

# The entries to quote: any SQL over the Parquet file giving the columns
# quote_many reads (hts, origin, value, date; optional mode, qty_<unit>...).
# Other columns (id) pass through beside the quotes.
ENTRIES_SQL = """
select id, hts, origin, value, date, mode, qty_no, qty_kg
from read_parquet($path)
where date between $start and $end
"""

DUTY_BY_ORIGIN_AND_MONTH = """
select origin, month(date) as month, count(*) as rows, count(error) as failed,
       sum(value) as value, sum(duty) as duty, sum(fees) as fees
from quoted
group by origin, month
order by origin, month
"""

FAILED_BY_KIND = """
select error_kind, count(*) as rows, min(error) as example
from quoted where error is not null
group by error_kind order by rows desc
"""

MONEY = pa.decimal128(38, 2)
RESULT = ["duty", "fees", "total", "effective_rate", "error", "error_kind", "warning"]


def authorities(schedule: tariffs.Schedule) -> List[str]:
    """The authority columns ``quote_many`` may add, as it names them."""
    return [f"authority_{a}" if a in RESULT else a for a in schedule.authorities]


def result_schema(schedule: tariffs.Schedule) -> pa.Schema:
    """The columns ``with_fixed_columns`` gives, in this order."""
    return pa.schema(
        [("duty", MONEY), ("fees", MONEY), ("total", MONEY), ("effective_rate", pa.decimal128(38, 6))]
        + [(a, MONEY) for a in authorities(schedule)]
        + [("error", pa.string()), ("error_kind", pa.string()), ("warning", pa.string())]
    )


def with_fixed_columns(schedule: tariffs.Schedule, out: pa.RecordBatch) -> List[pa.Array]:
    """``quote_many``'s result as the columns of ``result_schema``: every
    authority (``0.00`` where the batch had no line of it, null on failed
    rows, as ``quote_many`` does), the text columns as plain strings."""
    failed = pc.is_valid(out.column("error"))
    zero = pa.scalar(Decimal("0.00"), MONEY)
    columns = []
    for field in result_schema(schedule):
        if field.name in out.schema.names:
            columns.append(out.column(field.name).cast(field.type))
        else:
            columns.append(pc.if_else(failed, pa.scalar(None, MONEY), zero))
    return columns


def quote_batches(schedule: tariffs.Schedule, reader: pa.RecordBatchReader) -> pa.RecordBatchReader:
    """The batches of ``reader`` with their quotes beside them, as a stream."""
    schema = pa.schema(list(reader.schema) + list(result_schema(schedule)))

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in reader:
            out = schedule.quote_many(batch)  # RecordBatch in, RecordBatch out
            yield pa.RecordBatch.from_arrays(batch.columns + with_fixed_columns(schedule, out),
                                             schema=schema)

    return pa.RecordBatchReader.from_batches(schema, batches())


def quote_into(schedule: tariffs.Schedule, path: str, start: str, end: str,
               con: duckdb.DuckDBPyConnection, batch_rows: int = 1_000_000,
               sql: str = ENTRIES_SQL) -> int:
    """Runs ``sql`` over the Parquet file ``path`` (entries dated ``start``
    to ``end``), quotes the rows and stores them with their quotes as the
    table ``quoted`` of ``con``; returns the number of rows."""
    source = duckdb.connect()  # a second connection: `con` reads while this one streams
    try:
        rows = source.sql(sql, params={"path": path, "start": start, "end": end})
        # to_arrow_reader: DuckDB 1.4 and later; fetch_record_batch before.
        to_reader = getattr(rows, "to_arrow_reader", None) or rows.fetch_record_batch
        stream = quote_batches(schedule, to_reader(batch_rows))
        con.register("quoted_stream", stream)
        con.sql("create or replace table quoted as select * from quoted_stream")
        con.unregister("quoted_stream")
    finally:
        source.close()
    return con.sql("select count(*) from quoted").fetchall()[0][0]


def duty_by_authority_sql(schedule: tariffs.Schedule) -> str:
    columns = ", ".join(f'"{a}"' for a in authorities(schedule))
    return f"""
select authority, sum(amount) as duty
from (unpivot quoted on {columns} into name authority value amount)
group by authority having sum(amount) <> 0
order by duty desc
"""


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", help="a Parquet file of entries (default: write parcels.parquet first)")
    ap.add_argument("--rows", default="100_000", help="rows of the synthetic file (default 100_000)")
    ap.add_argument("--from", dest="start", default="2025-01-01", help="first entry date (default 2025-01-01)")
    ap.add_argument("--to", dest="end", default="2025-12-31", help="last entry date (default 2025-12-31)")
    ap.add_argument("--db", default=":memory:", help="a DuckDB file to keep the table quoted in")
    ap.add_argument("--schedule", help="a schedule JSON file (default: the embedded schedule)")
    args = ap.parse_args(argv)

    path = args.input
    if path is None:
        path = "parcels.parquet"
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import gen_parcels

        gen_parcels.write(path, int(args.rows.replace("_", "")), chunk_rows=100_000)
    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    con = duckdb.connect(args.db)
    n = quote_into(schedule, path, args.start, args.end, con)
    print(f"{n:,} entries of {path} dated {args.start} to {args.end} quoted into the table quoted\n")
    print("Duty by origin and month:")
    con.sql(DUTY_BY_ORIGIN_AND_MONTH).show(max_rows=400)
    print("Duty by authority:")
    con.sql(duty_by_authority_sql(schedule)).show()
    failed = con.sql(FAILED_BY_KIND)
    if failed.fetchall():
        print("Failed rows:")
        con.sql(FAILED_BY_KIND).show(max_width=200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
