"""examples/python/duckdb_sql.py: SQL over a Parquet file of entries in
DuckDB, the rows quoted through Arrow (quote_many, RecordBatch in and out),
the quotes stored back in DuckDB and queried there. Checked against duties
worked out by hand (hand_entries.py) and, on synthetic parcels with the
embedded schedule, against Schedule.quote row by row and sums made in Python."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest

import hand_entries
import tariffs
from conftest import requires_builtin_us

duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
example = hand_entries.import_example("duckdb_sql")


def test_sql_selected_rows_quoted_and_queried_back_by_hand(schedule, tmp_path):
    path = hand_entries.write(str(tmp_path / "entries.parquet"))
    con = duckdb.connect()
    # The SQL keeps the entries from April on: row 7 (March) is left out.
    n = example.quote_into(schedule, path, "2025-04-01", "2025-12-31", con, batch_rows=3)
    assert n == 7
    rows = con.sql("select id, duty, fees, mfn, ieepa_fentanyl, error_kind from quoted order by id").fetchall()
    assert [r[0] for r in rows] == list(range(7))
    for rid, duty, fees, mfn, fentanyl, kind in rows:
        want = hand_entries.expected(rid)
        assert (duty, fees, mfn, fentanyl, kind) == (
            want["duty"], want["fees"], want["mfn"], want["ieepa_fentanyl"], want["error_kind"]), rid

    # The amounts are exact DuckDB decimals, summed by DuckDB.
    types = dict(con.sql("select column_name, column_type from (describe quoted)").fetchall())
    assert types["duty"] == "DECIMAL(38,2)" and types["mpf"] == "DECIMAL(38,2)"
    by_month = con.sql(example.DUTY_BY_ORIGIN_AND_MONTH).fetchall()
    # (origin, month, rows, failed, value, duty, fees), by hand from hand_entries.ROWS.
    assert by_month == [
        ("CN", 4, 2, 0, Decimal("1100.00"), Decimal("365.00"), Decimal("0.00")),
        ("CN", 5, 2, 1, Decimal("150.00"), Decimal("36.50"), Decimal("0.00")),
        ("FR", 5, 2, 1, Decimal("1800.00"), Decimal("10.35"), Decimal("0.00")),
        ("VN", 4, 1, 0, Decimal("3000.00"), Decimal("495.00"), Decimal("32.71")),
    ]
    # mfn 165 + 495 + 16.50 + 10.35; +20% on CN 200 + 20; MPF 32.71.
    assert con.sql(example.duty_by_authority_sql(schedule)).fetchall() == [
        ("mfn", Decimal("686.85")), ("ieepa_fentanyl", Decimal("220.00")), ("mpf", Decimal("32.71")),
    ]
    failed = con.sql(example.FAILED_BY_KIND).fetchall()
    assert sorted((k, n) for k, n, _ in failed) == [("invalid_input", 1), ("missing_quantity", 1)]


def test_batches_without_an_authority_get_its_column(schedule, tmp_path):
    # Row 4 alone (FR cheese) has no MPF and no +20% line: quote_many gives
    # no such columns for that batch; the stream still has one schema.
    path = hand_entries.write(str(tmp_path / "entries.parquet"))
    con = duckdb.connect()
    sql = example.ENTRIES_SQL + " and origin = 'FR'"
    assert example.quote_into(schedule, path, "2025-01-01", "2025-12-31", con, sql=sql) == 2
    rows = con.sql("select id, mpf, ieepa_fentanyl, error from quoted order by id").fetchall()
    assert rows[0][:3] == (4, Decimal("0.00"), Decimal("0.00")) and rows[0][3] is None
    # The failed row has nulls in its amounts, as quote_many gives them.
    assert rows[1][:3] == (6, None, None) and "kg" in rows[1][3]


def test_quote_many_takes_a_duckdb_relation_and_a_record_batch_reader(schedule, tmp_path):
    # Both export the Arrow PyCapsule stream: a pyarrow Table comes back.
    path = hand_entries.write(str(tmp_path / "entries.parquet"))
    con = duckdb.connect()
    rel = con.sql("select * from read_parquet($p) order by id", params={"p": path})
    out = schedule.quote_many(rel)
    assert isinstance(out, pa.Table)
    assert out.column("duty").to_pylist() == [hand_entries.expected(i)["duty"] for i in range(8)]
    reader = pa.RecordBatchReader.from_batches(hand_entries.table().schema, hand_entries.table().to_batches())
    assert schedule.quote_many(reader).column("duty").equals(out.column("duty"))


@requires_builtin_us
def test_synthetic_parcels_equal_row_by_row_quotes_and_python_sums(tmp_path):
    gen = hand_entries.import_example("gen_parcels")
    path = str(tmp_path / "parcels.parquet")
    gen.write(path, 3000, chunk_rows=1000, seed=11, progress=False)
    schedule = tariffs.Schedule.builtin()
    con = duckdb.connect()
    n = example.quote_into(schedule, path, "2025-03-01", "2025-10-31", con, batch_rows=700)
    got = {r[0]: r[1:] for r in con.sql(
        "select id, hts, origin, value, date, mode, qty_no, qty_kg, duty, fees, error from quoted").fetchall()}
    assert len(got) == n and 1500 < n < 3000  # eight months of twelve (the last two busier)
    sums: dict = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for rid, (hts, origin, value, date, mode, qty_no, qty_kg, duty, fees, error) in got.items():
        assert datetime.date(2025, 3, 1) <= date <= datetime.date(2025, 10, 31)
        q = schedule.quote(hts, origin, value, date, mode=mode, quantities={"no": qty_no, "kg": qty_kg})
        assert (duty, fees, error) == (q.duty, q.fees, None), rid
        s = sums[(origin, date.month)]
        s[0] += 1
        s[1] += q.duty
        s[2] += q.fees
    by_month = con.sql(example.DUTY_BY_ORIGIN_AND_MONTH).fetchall()
    assert {(o, m): [r, d, f] for o, m, r, _, _, d, f in by_month} == dict(sums)


@requires_builtin_us
def test_the_example_runs_as_documented(tmp_path):
    import os
    import subprocess
    import sys

    script = os.path.join(hand_entries.EXAMPLES, "duckdb_sql.py")
    run = subprocess.run([sys.executable, script, "--rows", "5000", "--from", "2025-11-01"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "parcels.parquet").exists()
    # November and December only (about 28.6% of 5000 rows), by origin and month.
    n = int(run.stdout.split()[0].replace(",", ""))
    assert 1000 < n < 2000, run.stdout[:300]
    assert "Duty by origin and month" in run.stdout and "│ CN      │    11 │" in run.stdout
    assert "Failed rows" not in run.stdout, run.stdout
