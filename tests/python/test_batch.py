"""Schedule.quote_many: pandas, pyarrow and capsule inputs, per-row errors,
exact decimal columns, and equality with row-by-row quotes."""

from __future__ import annotations

import datetime
import random
import sys
from decimal import Decimal

import pytest

import tariffs

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

MONEY = ["duty", "fees", "total"]


def random_rows(n: int, seed: int = 5):
    """Rows covering every path: good and bad codes, origins, values, dates,
    modes, quantities, currencies and claims."""
    rnd = random.Random(seed)
    start = datetime.date(2024, 12, 1)
    rows = []
    for _ in range(n):
        r = {
            "hts": rnd.choice(["6109.10.00.12", "6109.10.00", "6109100012", "0406.10.10", "0101.10.10", "61x"]),
            "origin": rnd.choice(["CN", "CN", "VN", "FR", "MX", "XX"]),
            "value": rnd.choice([
                Decimal(rnd.randint(0, 2_000_000)) / 100,
                Decimal(rnd.randint(0, 80_000)) / 100,
                str(Decimal(rnd.randint(0, 500_000)) / 100),
                rnd.randint(0, 50_000),
                "abc",
                "-5",
            ]),
            "date": start + datetime.timedelta(days=rnd.randint(0, 760)),
            "mode": rnd.choice(["ocean", "air", "express", "postal", "truck", "rail", "Ocean", "boat"]),
            "qty_kg": rnd.choice([None, Decimal(rnd.randint(1, 100_000)) / 10]),
            "currency": rnd.choice([None, None, None, "USD", "EUR"]),
            "exchange_rate": rnd.choice([None, Decimal("1.0823")]),
            "claims": rnd.choice([None, None, "USMCA"]),
        }
        rows.append(r)
    return rows


def expected(schedule, r):
    kw = dict(mode=r["mode"], currency=r["currency"], exchange_rate=r["exchange_rate"])
    if r["qty_kg"] is not None:
        kw["quantities"] = {"kg": r["qty_kg"]}
    if r["claims"] is not None:
        kw["claims"] = r["claims"]
    try:
        return schedule.quote(r["hts"], r["origin"], r["value"], r["date"], **kw)
    except tariffs.TariffsError as e:
        return str(e)


def check_against_rows(schedule, out, rows):
    """`out` is a list of dicts (one per row) from quote_many."""
    # Only the authorities some row has a line of get a column (the core's contract).
    auth = [a for a in schedule.authorities if out and a in out[0]]
    errors = 0
    for i, (r, o) in enumerate(zip(rows, out)):
        want = expected(schedule, r)
        if isinstance(want, str):
            errors += 1
            assert o["error"] == want, i
            assert all(o[c] is None for c in MONEY + ["effective_rate"] + auth), i
            assert o["warning"] is None, i
            continue
        assert o["error"] is None, (i, o["error"])
        # A warning exactly where the quote has one (dates after 2025-06-01).
        assert (o["warning"] is not None) == bool(want.warnings), i
        assert [o[c] for c in MONEY] == [want.duty, want.fees, want.total], i
        assert o["effective_rate"] == want.effective_rate, i
        for a in schedule.authorities:
            if a in auth:
                assert o[a] == want.amount_of(a), (i, a)
            else:
                assert all(line.authority != a for line in want.lines), (i, a)
    return errors


def test_pandas_batch_equals_row_by_row_on_10000_random_rows(schedule):
    rows = random_rows(10_000)
    df = pd.DataFrame(rows)
    out = schedule.quote_many(df)
    assert list(out.columns) == [
        "duty", "fees", "total", "effective_rate", "ieepa_fentanyl", "mfn", "mpf", "error",
        "error_kind", "warning",
    ]
    assert out.index.equals(df.index)
    records = [
        {k: (None if (not isinstance(v, Decimal) and pd.isna(v)) else v) for k, v in rec.items()}
        for rec in out.to_dict("records")
    ]
    errors = check_against_rows(schedule, records, rows)
    # Both paths are exercised: some rows fail, most quote.
    assert 1_000 < errors < 9_000


def test_arrow_batch_equals_row_by_row(schedule):
    rows = random_rows(3_000, seed=11)
    table = pa.table({
        "hts": [r["hts"] for r in rows],
        "origin": [r["origin"] for r in rows],
        "value": [str(r["value"]) for r in rows],
        "date": pa.array([r["date"] for r in rows], pa.date32()),
        "mode": [r["mode"] for r in rows],
        "qty_kg": pa.array([r["qty_kg"] for r in rows], pa.decimal128(12, 1)),
        "currency": [r["currency"] for r in rows],
        "exchange_rate": pa.array([r["exchange_rate"] for r in rows], pa.decimal128(10, 4)),
        "claims": [r["claims"] for r in rows],
    })
    out = schedule.quote_many(table)
    assert isinstance(out, pa.Table)
    check_against_rows(schedule, out.to_pylist(), rows)


def fixture_rows():
    # Hand-computed: row 0: 16.5% + 20% of 10,000 = 3,650.00, MPF 34.64;
    # row 1: 16.5% of 1,000 = 165.00 (VN, no MPF at or below 2,500);
    # row 2: a bad code; row 3: $1.035/kg x 12.5 kg = 12.94, MPF minimum 32.71 (value 5,000).
    return {
        "hts": ["6109.10.00.12", "6109.10.00.12", "bad", "0406.10.10"],
        "origin": ["CN", "VN", "CN", "FR"],
        "value": [Decimal("10000"), Decimal("1000"), Decimal("5"), Decimal("5000")],
        "date": [datetime.date(2025, 4, 1)] * 4,
        "qty_kg": [None, None, None, Decimal("12.5")],
    }


def assert_fixture_result(out: list):
    assert [o["duty"] for o in out] == [Decimal("3650.00"), Decimal("165.00"), None, Decimal("12.94")]
    assert [o["fees"] for o in out] == [Decimal("34.64"), Decimal("0.00"), None, Decimal("32.71")]
    assert [o["total"] for o in out] == [Decimal("3684.64"), Decimal("165.00"), None, Decimal("45.65")]
    assert [o["ieepa_fentanyl"] for o in out] == [Decimal("2000.00"), Decimal("0.00"), None, Decimal("0.00")]
    assert [o["mfn"] for o in out] == [Decimal("1650.00"), Decimal("165.00"), None, Decimal("12.94")]
    # 12.94 / 5000 = 0.002588
    assert [o["effective_rate"] for o in out] == [Decimal("0.365"), Decimal("0.165"), None, Decimal("0.002588")]
    assert out[0]["error"] is None and out[3]["error"] is None
    assert out[2]["error"].startswith('invalid hts "bad"')


def test_pandas_in_pandas_out_with_arrow_decimals(schedule):
    df = pd.DataFrame(fixture_rows(), index=["a", "b", "c", "d"])
    out = schedule.quote_many(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == ["a", "b", "c", "d"]
    # Arrow-backed columns by default: no Python object per cell.
    assert out["duty"].dtype == pd.ArrowDtype(pa.decimal128(38, 2))
    assert out["effective_rate"].dtype == pd.ArrowDtype(pa.decimal128(38, 6))
    assert out["duty"].sum() == Decimal("3827.94")  # 3,650.00 + 165.00 + 12.94, exact
    assert type(out["duty"]["a"]) is Decimal  # a cell read out is still a Decimal
    assert str(out["duty"]["a"]) == "3650.00"
    assert pd.isna(out["duty"]["c"]) and out["error_kind"]["c"] == "invalid_input"
    records = [{k: (None if (not isinstance(v, Decimal) and pd.isna(v)) else v) for k, v in r.items()}
               for r in out.to_dict("records")]
    assert_fixture_result(records)


def test_pandas_in_pandas_out_with_decimal_objects(schedule):
    df = pd.DataFrame(fixture_rows(), index=["a", "b", "c", "d"])
    out = schedule.quote_many(df, decimals="object")
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out["duty"].dtype == object and out["mfn"].dtype == object
    assert type(out["duty"]["a"]) is Decimal
    assert out["duty"]["c"] is None
    records = [{k: (None if (not isinstance(v, Decimal) and pd.isna(v)) else v) for k, v in r.items()}
               for r in out.to_dict("records")]
    assert_fixture_result(records)
    with pytest.raises(ValueError, match="decimals"):
        schedule.quote_many(df, decimals="float")


def test_arrow_in_arrow_out_with_decimal128(schedule):
    table = pa.table(fixture_rows())
    out = schedule.quote_many(table)
    assert isinstance(out, pa.Table)
    assert out.schema.field("duty").type == pa.decimal128(38, 2)
    assert out.schema.field("mfn").type == pa.decimal128(38, 2)
    assert out.schema.field("effective_rate").type == pa.decimal128(38, 6)
    assert out.schema.field("error").type == pa.string()
    assert_fixture_result(out.to_pylist())
    batch = schedule.quote_many(table.to_batches()[0])
    assert isinstance(batch, pa.RecordBatch)
    assert_fixture_result(batch.to_pylist())


class CapsuleOnly:
    """Exports only the Arrow PyCapsule stream interface (like polars, duckdb...)."""

    def __init__(self, table):
        self._table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self._table.__arrow_c_stream__(requested_schema)


def test_capsule_only_object(schedule):
    table = pa.table(fixture_rows())
    obj = CapsuleOnly(table)
    assert not isinstance(obj, pa.Table)
    out = schedule.quote_many(obj)
    assert isinstance(out, pa.Table)
    assert_fixture_result(out.to_pylist())


def test_chunked_and_typed_arrow_columns(schedule):
    # Several chunks, dictionary-encoded origins, large strings, int64 values,
    # timestamps at midnight, string_view where available.
    t1 = pa.table({
        "hts": pa.array(["6109.10.00"], pa.large_string()),
        "origin": pa.array(["CN"]).dictionary_encode(),
        "value": pa.array([10000], pa.int32()),
        "date": pa.array([datetime.datetime(2025, 4, 1)], pa.timestamp("us")),
    })
    t2 = pa.table({
        "hts": pa.array(["6109.10.00"], pa.large_string()),
        "origin": pa.array(["VN"]).dictionary_encode(),
        "value": pa.array([1000], pa.int32()),
        "date": pa.array([datetime.datetime(2025, 4, 1, 10, 30)], pa.timestamp("us")),
    })
    table = pa.concat_tables([t1, t2])
    out = schedule.quote_many(table).to_pylist()
    assert out[0]["duty"] == Decimal("3650.00")
    # A time of day is not a date: that row fails, naming the field.
    assert out[1]["duty"] is None and out[1]["error"].startswith("invalid date")


def test_per_row_errors_do_not_stop_the_batch(schedule):
    df = pd.DataFrame({
        "hts": ["6109.10.00", "6109.10.00", None, "0406.10.10", "6109.10.00", "6109.10.00"],
        "origin": ["VN", "XX", "VN", "FR", "VN", "VN"],
        "value": [Decimal("1000"), Decimal("1000"), Decimal("1000"), Decimal("1000"), 12.5, None],
        "date": ["2025-04-01", "2025-04-01", "2025-04-01", "2025-04-01", "2025-04-01", "2025-04-01"],
    })
    out = schedule.quote_many(df)
    err = [None if pd.isna(e) else e for e in out["error"]]
    assert err[0] is None and out["duty"][0] == Decimal("165.00")
    assert err[1].startswith('invalid origin "XX"')
    # A null required cell reads as empty text, as the core's Arrow reader
    # documents: the error names the field and the empty value.
    assert err[2].startswith('invalid hts "": expected an HTS code')
    assert err[3].startswith('rate "$1.035/kg" needs a quantity in "kg"')
    assert err[4].startswith("value must be a decimal.Decimal, int or str, not float")
    assert err[5].startswith('invalid value ""')
    # Arrow-backed columns: a failed row's amount is <NA> (it was None in object columns).
    assert all(pd.isna(out["duty"][i]) for i in range(1, 6))
    # The kinds Schedule.quote raises for the same cells (a float cell: the
    # glue's type error, reported as invalid_input).
    assert pd.isna(out["error_kind"][0])
    assert list(out["error_kind"][1:]) == [
        "invalid_input", "invalid_input", "missing_quantity", "invalid_input", "invalid_input"
    ]


def test_float_columns_are_refused(schedule):
    df = pd.DataFrame(fixture_rows())
    df["value"] = [10000.0, 1000.0, 5.0, 5000.0]
    with pytest.raises(TypeError, match="float"):
        schedule.quote_many(df)
    t = pa.table(fixture_rows()).set_column(2, "value", pa.array([1.0, 2.0, 3.0, 4.0]))
    with pytest.raises(TypeError, match="value"):
        schedule.quote_many(t)
    df = pd.DataFrame(fixture_rows())
    df["qty_kg"] = [1.0, 2.0, 3.0, 12.5]
    with pytest.raises(TypeError, match="qty_kg"):
        schedule.quote_many(df)


def test_missing_column_and_bad_input(schedule):
    df = pd.DataFrame(fixture_rows()).drop(columns=["date"])
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.quote_many(df)
    assert ei.value.field == "date"
    with pytest.raises(TypeError, match="DataFrame"):
        schedule.quote_many([{"hts": "6109.10.00"}])


def test_empty_input(schedule):
    out = schedule.quote_many(pd.DataFrame({"hts": [], "origin": [], "value": [], "date": []}))
    assert len(out) == 0 and "duty" in out.columns
    out = schedule.quote_many(pa.table(fixture_rows()).slice(0, 0))
    assert out.num_rows == 0


def test_optional_columns(schedule):
    df = pd.DataFrame({
        "hts": ["6109.10.00.12"] * 3,
        "origin": ["CN"] * 3,
        "value": ["54"] * 3,
        "date": ["2025-05-01", "2025-05-02", "2025-05-02"],
        "mode": ["express", "express", "postal"],
        "importer": ["US", "US", "US"],
        "loaded_on": [None, "2025-04-01", None],
        "sku": ["a", "b", "c"],  # ignored
    })
    out = schedule.quote_many(df)
    # De minimis on 05-01; 8.91 + 10.80 = 19.71 after the suspension.
    assert list(out["duty"]) == [Decimal("0.00"), Decimal("19.71"), Decimal("19.71")]
    df["claims"] = [["USMCA"], [], None]
    assert list(schedule.quote_many(df)["duty"]) == [Decimal("0.00"), Decimal("19.71"), Decimal("19.71")]


def test_progress_fallback_writes_to_stderr(schedule, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if tqdm were not installed
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    out = schedule.quote_many(pd.DataFrame(fixture_rows()), progress=True)
    assert len(out) == 4
    err = capsys.readouterr().err
    assert "quote_many: 4/4 rows (100%)" in err


def test_odd_arrow_types(schedule):
    base = pa.table({"hts": ["6109.10.00"], "origin": ["VN"], "value": ["1000"], "date": ["2025-04-01"]})

    def with_col(name, arr):
        return base.set_column(base.column_names.index(name), name, arr)

    for name, arr in [("value", pa.array([True])), ("value", pa.array([[1]])),
                      ("date", pa.array([1])), ("hts", pa.array([6109]))]:
        with pytest.raises(TypeError, match=name):
            schedule.quote_many(with_col(name, arr))
    # Exact integer and decimal types, 16.5% of each by hand:
    # 999999999999999 x 0.165 = 164999999999999.835 -> .84 (half away from zero);
    # 1000.5 x 0.165 = 165.0825 -> 165.08.
    for arr, duty in [(pa.array([1000], pa.uint64()), "165.00"),
                      (pa.array([1000], pa.int16()), "165.00"),
                      (pa.array([10**15 - 1], pa.uint64()), "164999999999999.84"),
                      (pa.array([Decimal("1000.5")], pa.decimal256(40, 1)), "165.08")]:
        out = schedule.quote_many(with_col("value", arr)).to_pylist()[0]
        assert str(out["duty"]) == duty, (arr.type, out)
    # 2^64 - 1 is past the value limit (10^15): its row fails naming it.
    out = schedule.quote_many(with_col("value", pa.array([2**64 - 1], pa.uint64()))).to_pylist()[0]
    assert out["duty"] is None and "is too large" in out["error"], out


def test_pandas_pyarrow_dtype_backend(schedule):
    # The deprecated alias of the default still works, with a warning.
    with pytest.warns(DeprecationWarning, match="dtype_backend"):
        out = schedule.quote_many(pd.DataFrame(fixture_rows()), dtype_backend="pyarrow")
    assert str(out["duty"].dtype) == "decimal128(38, 2)[pyarrow]"
    assert out["duty"][0] == Decimal("3650.00") and type(out["duty"][0]) is Decimal
    assert out["duty"].sum() == Decimal("3827.94")  # 3,650.00 + 165.00 + 12.94, exact
    assert pd.isna(out["duty"][2]) and out["error"][2].startswith("invalid hts")
    with pytest.raises(ValueError, match="dtype_backend"):
        schedule.quote_many(pd.DataFrame(fixture_rows()), dtype_backend="numpy")


def test_result_exports_through_the_arrow_pycapsule_interface(schedule):
    res = schedule._quote_arrow(pa.table(fixture_rows()), 4)
    # Capsules made and dropped unconsumed are released by their destructors.
    for _ in range(200):
        res.__arrow_c_stream__()
        res.__arrow_c_array__()
        res.__arrow_c_schema__()
    table, batch = pa.table(res), pa.record_batch(res)
    assert table.num_rows == batch.num_rows == res.num_rows == len(res) == 4
    assert table.column_names == batch.schema.names == res.column_names
    assert pa.schema(res) == table.schema
    assert_fixture_result(table.to_pylist())
    # A stream is consumed once; the object can be exported again.
    assert pa.table(res).equals(table)


def test_polars_in_polars_out(schedule):
    pl = pytest.importorskip("polars")
    frame = pl.from_arrow(pa.table(fixture_rows()))
    out = schedule.quote_many(frame)
    assert isinstance(out, pl.DataFrame)
    assert out.schema["duty"] == pl.Decimal(38, 2)
    assert_fixture_result(out.to_arrow().to_pylist())
    # Categorical (dictionary) text columns, as polars users often have them.
    cat = frame.with_columns(pl.col("hts").cast(pl.Categorical), pl.col("origin").cast(pl.Categorical))
    assert_fixture_result(schedule.quote_many(cat).to_arrow().to_pylist())
    # Categorical optional columns and text values and dates (string views in polars).
    cat = cat.with_columns(
        pl.Series("mode", ["ocean"] * 4).cast(pl.Categorical),
        pl.Series("claims", [None, "", None, None]).cast(pl.Categorical),
        pl.col("value").cast(pl.String).cast(pl.Categorical),
        pl.col("date").cast(pl.String).cast(pl.Categorical),
    )
    assert_fixture_result(schedule.quote_many(cat).to_arrow().to_pylist())


def test_object_columns_of_one_type_convert_as_quote_takes_them(schedule):
    # Decimal objects (converted as text by pyarrow; cells that are not plain
    # digits, 1E+3 or NaN, cell by cell), ints, dates: each row as quote gives it.
    values = [Decimal("1000"), Decimal("1E+3"), Decimal("-5.00"), Decimal("NaN"), None,
              Decimal("1000.5")]
    n = len(values)
    df = pd.DataFrame({
        "hts": pd.Series(["6109.10.00"] * n, dtype=object),
        "origin": pd.Series(["VN"] * n, dtype=object),
        "value": pd.Series(values, dtype=object),
        "date": pd.Series([datetime.date(2025, 4, 1)] * n, dtype=object),
    })
    out = schedule.quote_many(df)
    for i, v in enumerate(values):
        try:
            want = schedule.quote("6109.10.00", "VN", v, datetime.date(2025, 4, 1)).duty
        except (tariffs.TariffsError, TypeError) as e:
            assert pd.isna(out["duty"][i]) and out["error"][i], (i, v)
            if v is not None:  # a null cell is the core's "empty value" error
                assert out["error"][i] == str(e), (i, v)
            continue
        assert out["duty"][i] == want, (i, v)
    # By hand: 16.5% of 1000 (twice), of 1000.5 = 165.0825 -> 165.08.
    assert [out["duty"][i] for i in (0, 1, 5)] == [Decimal("165.00"), Decimal("165.00"), Decimal("165.08")]
    ints = df.assign(value=pd.Series([1000, 2000, 3000, 4000, None, 6000], dtype=object))
    assert list(schedule.quote_many(ints)["duty"][:2]) == [Decimal("165.00"), Decimal("330.00")]


def test_quote_many_takes_decimal_buffers_aligned_to_8_bytes():
    """pyarrow after an Arrow IPC read (and Spark's mapInArrow) may give a
    decimal128 buffer on an 8-byte boundary; arrow-rs needs 16 and panicked
    (PanicException) before the binding realigned imported buffers. The
    duties are the fixture's by hand: VN 1000 x 16.5% = 165.00; CN 10000 x
    (16.5% + 20%) = 3650.00 on 2025-03-10 (before the reciprocal duties)."""
    import pyarrow as pa
    from conftest import FIXTURE_PATH, misaligned_ipc

    s = tariffs.Schedule.from_path(FIXTURE_PATH)
    t = pa.table({
        "hts": ["6109.10.00"] * 3,
        "origin": ["VN", "CN", "XX"],
        "value": pa.array([Decimal("1000.00"), Decimal("10000.00"), Decimal("5")],
                          pa.decimal128(18, 2)),
        "date": pa.array([20157] * 3, pa.int32()).cast(pa.date32()),
    })
    seen = set()
    for ipc, align in misaligned_ipc(t):
        seen.add(align)
        out = s.quote_many(ipc)
        assert out.column("duty").to_pylist() == [Decimal("165.00"), Decimal("3650.00"), None]
    assert seen == {0, 8}  # one of the two really was misaligned
