"""Property test of Schedule.quote_many: on seeded random rows (codes from a
list, good and bad origins, values good, bad and negative, dates, modes,
claims, quantities), the batch equals ``Schedule.quote`` row by row, amounts,
amounts per authority, error text and error kind, for every input type:
pandas with object columns, pandas with Arrow dtypes, pyarrow, polars."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

import tariffs
from conftest import requires_builtin_us

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

MONEY = ["duty", "fees", "total", "effective_rate"]
FIXTURE_CODES = ["6109.10.00.12", "6109100027", "4901.99.00.10", "0406.10.10", "1806.20.24.00",
                 "8703.23.01.90", "2709.00.10.00", "6109.10.00", "61x", "0101.10.10"]
ORIGINS = ["CN", "CN", "HK", "VN", "MX", "CA", "DE", "FR", "JP", "cn", "XX", "C", "CU"]
MODES = ["express", "postal", "air", "ocean", "truck", "rail", "Express", "boat"]
VALUES = ["-5.00", "abc", "0", "1e3", "12.345"]  # bad, negative or odd values as text
CLAIMS = [None, None, None, "USMCA", "usmca", "USMCA, KORUS", "US MCA", ""]


def random_rows(n: int, codes, seed: int) -> list:
    """Every column as text or null (so that each input type can hold the
    same cells exactly), a quarter of the rows with at least one bad field."""
    rnd = random.Random(seed)
    start = datetime.date(2024, 12, 15)
    rows = []
    for _ in range(n):
        value = (str(Decimal(rnd.randint(0, 80_000)) / 100) if rnd.random() < 0.7
                 else str(Decimal(rnd.randint(80_000, 5_000_000)) / 100))
        if rnd.random() < 0.1:
            value = rnd.choice(VALUES)
        rows.append({
            "hts": rnd.choice(codes),
            "origin": rnd.choice(ORIGINS),
            "value": value,
            "date": start + datetime.timedelta(days=rnd.randint(0, 700)),
            "mode": rnd.choice(MODES),
            "claims": rnd.choice(CLAIMS),
            "qty_kg": rnd.choice([None, str(Decimal(rnd.randint(1, 100_000)) / 10), "-1.5"]),
            "qty_no": rnd.choice([None, str(rnd.randint(0, 12))]),
        })
    return rows


def one_by_one(schedule, r: dict):
    """`Schedule.quote` of a row: its Quote, or its error (message, kind)."""
    quantities = {u: r["qty_" + u] for u in ("kg", "no") if r["qty_" + u] is not None}
    try:
        return schedule.quote(r["hts"], r["origin"], r["value"], r["date"], mode=r["mode"],
                              claims=r["claims"] or (), quantities=quantities)
    except tariffs.TariffsError as e:
        return (str(e), e.kind)


def as_text_table(rows: list) -> "pa.Table":
    """Text columns, dates as date32."""
    cols = {c: [r[c] for r in rows] for c in rows[0]}
    return pa.table({c: pa.array(v, pa.date32() if c == "date" else pa.string()) for c, v in cols.items()})


def pandas_object(rows):
    # Python objects in object columns: str, datetime.date, Decimal values.
    df = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in rows[0]})
    df["value"] = pd.Series([_decimal_or_text(r["value"]) for r in rows], dtype=object)
    return df


def _decimal_or_text(v: str):
    try:
        d = Decimal(v)
    except ArithmeticError:
        return v
    return d if str(d) == v else v  # only exact round trips become Decimal objects


def pandas_arrow(rows):
    return as_text_table(rows).to_pandas(types_mapper=pd.ArrowDtype)


def pyarrow_table(rows):
    t = as_text_table(rows)
    # Dictionary-encoded codes and origins, as a warehouse export has them.
    t = t.set_column(0, "hts", t.column("hts").dictionary_encode())
    return t.set_column(1, "origin", t.column("origin").dictionary_encode())


def polars_frame(rows):
    return pl.from_arrow(as_text_table(rows))


INPUTS = {
    "pandas object": pandas_object,
    "pandas arrow dtypes": pandas_arrow,
    "pyarrow": pyarrow_table,
    "polars": polars_frame,
}


def records(out) -> list:
    """The result as one dict per row, nulls as None."""
    if isinstance(out, pd.DataFrame):
        return [{k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
                 for k, v in rec.items()} for rec in out.to_dict("records")]
    if isinstance(out, pl.DataFrame):
        return out.to_arrow().to_pylist()
    return out.to_pylist()


def assert_equal_one_by_one(schedule, out, rows) -> int:
    got = records(out)
    assert len(got) == len(rows)
    columns = set(got[0]) if got else set()
    failed = 0
    for i, (r, o) in enumerate(zip(rows, got)):
        want = one_by_one(schedule, r)
        if isinstance(want, tuple):
            failed += 1
            assert (o["error"], o["error_kind"]) == want, (i, r)
            assert all(o[c] is None for c in MONEY), (i, r)
            assert all(o[a] is None for a in schedule.authorities if a in columns), (i, r)
            assert o["warning"] is None, i
            continue
        assert o["error"] is None and o["error_kind"] is None, (i, r, o["error"])
        assert (o["warning"] is not None) == bool(want.warnings), (i, r)
        assert [o[c] for c in MONEY] == [want.duty, want.fees, want.total, want.effective_rate], (i, r)
        for a in schedule.authorities:
            if a in columns:
                assert o[a] == want.amount_of(a), (i, a, r)
            else:
                # No column: no row of the batch has a line of that authority.
                assert all(line.authority != a for line in want.lines), (i, a, r)
    return failed


@pytest.mark.parametrize("kind", list(INPUTS))
def test_batch_equals_one_by_one_fixture(full_fixture, kind):
    rows = random_rows(1_500, FIXTURE_CODES, seed=21)
    rows_in = INPUTS[kind](rows)
    out = full_fixture.quote_many(rows_in)
    assert type(out) is type(rows_in) or (kind == "pyarrow" and isinstance(out, pa.Table))
    failed = assert_equal_one_by_one(full_fixture, out, rows)
    assert 150 < failed < 1_200  # both paths are exercised
    if isinstance(out, pd.DataFrame):
        assert out.index.equals(rows_in.index)


@pytest.mark.parametrize("kind", ["pandas object", "pandas arrow dtypes"])
def test_object_decimals_equal_one_by_one(full_fixture, kind):
    rows = random_rows(300, FIXTURE_CODES, seed=22)
    out = full_fixture.quote_many(INPUTS[kind](rows), decimals="object")
    assert out["duty"].dtype == object
    assert all(type(d) is Decimal for d in out["duty"] if d is not None)
    assert_equal_one_by_one(full_fixture, out, rows)


@requires_builtin_us
@pytest.mark.builtin
@pytest.mark.parametrize("kind", list(INPUTS))
def test_batch_equals_one_by_one_builtin(kind):
    s = tariffs.Schedule.builtin()
    panel = s.rate_panel("2025-06-01", origins=["DE"], as_="arrow")
    lines = [c for c, e in zip(panel.column("hts").to_pylist(), panel.column("error").to_pylist())
             if e is None]
    codes = lines[:: max(1, len(lines) // 80)][:80] + ["6109.10.00.12", "8703.23.01.90", "61x"]
    rows = random_rows(800, codes, seed=23)
    assert_equal_one_by_one(s, s.quote_many(INPUTS[kind](rows)), rows)
