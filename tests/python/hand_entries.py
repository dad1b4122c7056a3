"""Entries with duties worked out by hand from the fixture schedule of
conftest.py (FIXTURE), for the Polars and DuckDB tests, and a Parquet writer.

The fixture: 6109.10.00 16.5%; 0406.10.10 $1.035/kg; +20% on CN from
2025-03-04 (ieepa_fentanyl); de minimis (value up to $800 removes
everything), suspended for CN from 2025-05-02; MPF 0.3464%, minimum $32.71,
maximum $634.62, on values over $2,500.
"""

from __future__ import annotations

import datetime
import os
import sys
from decimal import Decimal
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python")


def import_example(name: str):
    """A module of examples/python (gen_parcels, polars_lazy, duckdb_sql)."""
    if EXAMPLES not in sys.path:
        sys.path.insert(0, EXAMPLES)
    return __import__(name)


def _d(text: Optional[str]) -> Optional[Decimal]:
    return None if text is None else Decimal(text)


# (id, hts, origin, value, date, qty_kg, duty, fees, mfn, ieepa_fentanyl, error kind)
ROWS = [
    # 16.5% of 1000 = 165.00, + 20% (CN, after 2025-03-04) = 200.00; over $800: no de minimis.
    (0, "6109.10.00.12", "CN", "1000.00", "2025-04-01", None, "365.00", "0.00", "165.00", "200.00", None),
    # 16.5% of 3000 = 495.00; MPF 0.3464% of 3000 = 10.39, raised to the minimum 32.71.
    (1, "6109.10.00.12", "VN", "3000.00", "2025-04-15", None, "495.00", "32.71", "495.00", "0.00", None),
    # $100 from CN before the suspension of 2025-05-02: de minimis removes everything.
    (2, "6109.10.00.12", "CN", "100.00", "2025-04-20", None, "0.00", "0.00", "0.00", "0.00", None),
    # After the suspension: 16.5% of 100 = 16.50, + 20% = 20.00.
    (3, "6109.10.00.12", "CN", "100.00", "2025-05-10", None, "36.50", "0.00", "16.50", "20.00", None),
    # $1.035/kg x 10 kg = 10.35 (FR, over $800).
    (4, "0406.10.10", "FR", "900.00", "2025-05-10", "10.000", "10.35", "0.00", "10.35", "0.00", None),
    # Not a code: the row fails, the others go on.
    (5, "61x", "CN", "50.00", "2025-05-11", None, None, None, None, None, "invalid_input"),
    # A rate per kg without qty_kg.
    (6, "0406.10.10", "FR", "900.00", "2025-05-12", None, None, None, None, None, "missing_quantity"),
    # Before 2025-04-01: left out by the SQL of the DuckDB test (16.5% only, before the +20%).
    (7, "6109.10.00.12", "CN", "1000.00", "2025-03-01", None, "165.00", "0.00", "165.00", "0.00", None),
]


def table() -> pa.Table:
    """The entries as a Parquet file would have them: dictionary codes and
    origins, decimal128 values and quantities, date32 dates."""
    return pa.table({
        "id": pa.array([r[0] for r in ROWS], pa.int64()),
        "hts": pa.array([r[1] for r in ROWS]).dictionary_encode(),
        "origin": pa.array([r[2] for r in ROWS]).dictionary_encode(),
        "value": pa.array([_d(r[3]) for r in ROWS], pa.decimal128(18, 2)),
        "date": pa.array([datetime.date.fromisoformat(r[4]) for r in ROWS], pa.date32()),
        "mode": pa.array(["ocean"] * len(ROWS)),
        "qty_no": pa.nulls(len(ROWS), pa.int32()),
        "qty_kg": pa.array([_d(r[5]) for r in ROWS], pa.decimal128(18, 3)),
    })


def write(path: str) -> str:
    pq.write_table(table(), path)
    return path


def expected(row_id: int) -> dict:
    r = ROWS[row_id]
    return {"duty": _d(r[6]), "fees": _d(r[7]), "mfn": _d(r[8]), "ieepa_fentanyl": _d(r[9]),
            "error_kind": r[10]}
