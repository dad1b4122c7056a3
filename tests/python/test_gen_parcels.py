"""examples/python/gen_parcels.py: the synthetic year of parcels. Its schema,
determinism, chunking, the documented shares (roughly), exact decimal
values, and that the embedded schedule quotes its rows (< 1% errors, listed)."""

from __future__ import annotations

import collections
import datetime
from decimal import Decimal

import pytest

import hand_entries
import tariffs
from conftest import requires_builtin_us

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("numpy")
gen = hand_entries.import_example("gen_parcels")

N = 20_000


@pytest.fixture(scope="module")
def parcels(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("parcels") / "parcels.parquet")
    gen.main(["--rows", "20_000", "--chunk", "7000", "--seed", "3", "--out", path, "--quiet"])
    return path


def test_schema_row_groups_and_ids(parcels):
    f = pq.ParquetFile(parcels)
    assert f.metadata.num_rows == N
    # One row group per chunk: 7000 + 7000 + 6000.
    assert [f.metadata.row_group(i).num_rows for i in range(f.num_row_groups)] == [7000, 7000, 6000]
    t = pq.read_table(parcels)
    text = pa.dictionary(pa.int8(), pa.utf8())
    assert t.schema == pa.schema([
        ("id", pa.int64()), ("hts", text), ("origin", text), ("value", pa.decimal128(18, 2)),
        ("date", pa.date32()), ("mode", text), ("qty_no", pa.int32()), ("qty_kg", pa.decimal128(18, 3)),
    ])
    assert t.column("id").to_pylist() == list(range(N))
    assert all(t.column(c).null_count == 0 for c in t.column_names)


def test_same_seed_same_file_other_seed_other_rows(parcels, tmp_path):
    again = str(tmp_path / "again.parquet")
    gen.main(["--rows", "20000", "--chunk", "7000", "--seed", "3", "--out", again, "--quiet"])
    with open(parcels, "rb") as a, open(again, "rb") as b:
        assert a.read() == b.read()
    other = str(tmp_path / "other.parquet")
    gen.main(["--rows", "20000", "--chunk", "7000", "--seed", "4", "--out", other, "--quiet"])
    assert pq.read_table(other).column("value") != pq.read_table(parcels).column("value")


def test_shares_values_dates_and_quantities(parcels):
    rows = pq.read_table(parcels).to_pylist()
    share = lambda col, v: sum(r[col] == v for r in rows) / N  # noqa: E731
    # The documented shares; a binomial standard deviation at 20k rows is under 0.004.
    for origin, p in gen.ORIGINS:
        assert abs(share("origin", origin) - p) < 0.015, origin
    assert abs(share("mode", "postal") - 0.35) < 0.015
    codes = {c for c, _, _ in gen.PRODUCTS}
    assert {r["hts"] for r in rows} == codes
    for code, p, _ in gen.PRODUCTS:
        assert abs(share("hts", code) - p) < 0.015, code
    values = sorted(r["value"] for r in rows)
    assert all(isinstance(v, Decimal) and v == v.quantize(Decimal("0.01")) for v in values[:50])
    assert Decimal("1.00") <= values[0] and values[-1] <= Decimal("5000.00")
    mean = sum(values) / N
    median = values[N // 2]
    # Log-normal, sigma 1: mean 54, median 54 / e^0.5 = 32.75 (standard errors about 0.5 and 0.3).
    assert Decimal(51) < mean < Decimal(57), mean
    assert Decimal(31) < median < Decimal(35), median
    days = collections.Counter(r["date"].month for r in rows)
    assert min(r["date"] for r in rows) >= datetime.date(2025, 1, 1)
    assert max(r["date"] for r in rows) <= datetime.date(2025, 12, 31)
    # November and December count twice: 61 of 365 + 61 days -> about 28.6% of rows.
    assert abs((days[11] + days[12]) / N - 2 * 61 / (365 + 61)) < 0.015
    assert all(1 <= r["qty_no"] <= 6 and r["qty_kg"] >= Decimal("0.010") for r in rows)


def test_year_option_and_bad_options(tmp_path, capsys):
    path = str(tmp_path / "leap.parquet")
    gen.main(["--rows", "3000", "--year", "2024", "--out", path])
    dates = pq.read_table(path).column("date").to_pylist()
    assert min(dates).year == max(dates).year == 2024
    err = capsys.readouterr().err
    assert "3,000/3,000 rows (100%)" in err and "wrote 3,000 rows" in err
    for bad in (["--rows", "-1"], ["--chunk", "0"], ["--year", "0"], ["--mean", "-5"], ["--rows", "ten"]):
        with pytest.raises(SystemExit):
            gen.main(bad + ["--out", path])


def test_values_are_exact_cents():
    # The decimal128 integers are the cents, with no float in between.
    a = gen._decimal128(gen.np.array([1, 5399, 123456789012], dtype=gen.np.int64), 18, 2)
    assert a.to_pylist() == [Decimal("0.01"), Decimal("53.99"), Decimal("1234567890.12")]


@requires_builtin_us
def test_the_embedded_schedule_quotes_the_parcels(parcels):
    schedule = tariffs.Schedule.builtin()
    table = pq.read_table(parcels)
    out = schedule.quote_many(table)
    errors = collections.Counter(
        (h, e) for h, e in zip(table.column("hts").to_pylist(), out.column("error").to_pylist()) if e)
    listing = "\n".join(f"{n} x {h}: {e}" for (h, e), n in errors.most_common())
    assert sum(errors.values()) < N // 100, listing
    # A few rows, row by row as Schedule.quote gives them.
    for r, o in list(zip(table.to_pylist(), out.to_pylist()))[:200]:
        q = schedule.quote(r["hts"], r["origin"], r["value"], r["date"], mode=r["mode"],
                           quantities={"no": r["qty_no"], "kg": r["qty_kg"]})
        assert (o["duty"], o["fees"]) == (q.duty, q.fees), r["id"]
