"""Schedule.quote_many reads Arrow columns into typed columns (decimal128 and
int64 without text, date32 as day numbers, strings with the core's parsers)
and quotes them with the core's columnar batch. Every row must still come out
as ``Schedule.quote`` gives it, numbers and error messages alike, whatever the
column types, wherever the bad rows are (among good ones, at chunk edges),
and whichever field of a row is bad first."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

import tariffs
from conftest import requires_builtin_us

pa = pytest.importorskip("pyarrow")

MONEY = ["duty", "fees", "total", "effective_rate"]
EPOCH = datetime.date(1970, 1, 1)

FIXTURE_CODES = ["6109.10.00.12", "6109100027", "4901.99.00.10", "0406.10.10", "1806.20.24.00",
                 "8703.23.01.90", "2709.00.10.00", "6109.10.00"]
ORIGINS = ["CN", "CN", "CN", "HK", "VN", "MX", "CA", "DE", "FR", "JP", "cn", " mx ", "CU"]
MODES = ["express", "postal", "air", "ocean", "truck", "rail", "Express", " AIR "]


def row_of(rnd: random.Random, codes, bad: bool) -> dict:
    """One row; with `bad`, one or more fields may be wrong (or out of range).
    Decimals have the places of their Arrow column (`table_of`), so that an
    error quoting one reads the same either way."""
    start = datetime.date(2025, 1, 1)
    value = (Decimal(rnd.randint(100, 80_000)) / 100 if rnd.random() < 0.8
             else Decimal(rnd.randint(80_000, 5_000_000)) / 100)
    r = {
        "hts": rnd.choice(codes),
        "origin": rnd.choice(ORIGINS),
        "value": value,
        "date": start + datetime.timedelta(days=rnd.randint(0, 729)),
        "mode": rnd.choice(MODES),
        "importer": None,
        "currency": None,
        "exchange_rate": None,
        "claims": rnd.choice([None, None, None, "USMCA", "usmca", "USMCA, KORUS", ""]),
        "loaded_on": rnd.choice([None, None, start + datetime.timedelta(days=rnd.randint(0, 700))]),
        "qty_kg": rnd.choice([None, Decimal(rnd.randint(1, 100_000)) / 10]),
        "qty_no": rnd.choice([None, rnd.randint(0, 12)]),
        "qty_bbl": rnd.choice([None, None, Decimal(rnd.randint(1, 10_000)) / 10]),
    }
    if r["loaded_on"] is not None:
        # Goods are loaded on or before the day they are entered.
        r["loaded_on"] = min(r["loaded_on"], r["date"])
    if rnd.random() < 0.1:
        r["currency"], r["exchange_rate"] = rnd.choice([("EUR", Decimal("1.0823")), ("usd", None),
                                                        ("EUR", None), ("USD", Decimal("1.0000"))])
    if rnd.random() < 0.05:
        r["importer"] = rnd.choice(["US", "us"])
    if bad:
        for _ in range(rnd.randint(1, 3)):
            field, wrong = rnd.choice([
                ("hts", "61x"), ("hts", "6109.10.00.12.1"), ("hts", "0101.10.10"),
                ("origin", "XX"), ("origin", "C"), ("value", Decimal("-5.00")),
                ("mode", "boat"), ("currency", "EU"), ("exchange_rate", Decimal("0.0000")),
                ("exchange_rate", Decimal("-1.5000")), ("claims", "US MCA"), ("claims", "USMCA,,x y"),
                ("qty_kg", Decimal("-2.5")), ("importer", "DE"), ("importer", "U"),
                ("date", datetime.date(2024, 12, 31)),
            ])
            r[field] = wrong
            if field == "exchange_rate" and r["currency"] is None:
                r["currency"] = "EUR"
    return r


def make_rows(n: int, codes, seed: int, bad_share: float = 0.15) -> list:
    rnd = random.Random(seed)
    return [row_of(rnd, codes, rnd.random() < bad_share) for _ in range(n)]


def date32(days):
    """date32 cells from day numbers (None: null), as pyarrow stores them."""
    ints = pa.array(days, pa.int32())
    return pa.Array.from_buffers(pa.date32(), len(ints), ints.buffers(), null_count=ints.null_count)


def table_of(rows: list, typed: bool = True) -> "pa.Table":
    """`typed`: decimal128 money and quantities, int64 counts, date32 dates, a
    dictionary-encoded hts; else every column as text."""
    def col(name):
        return [r[name] for r in rows]

    def text(values):
        return pa.array([None if v is None else str(v) for v in values], pa.string())

    if not typed:
        return pa.table({c: text(col(c)) for c in rows[0]})
    days = [None if d is None else (d - EPOCH).days for d in col("loaded_on")]
    return pa.table({
        "hts": pa.array(col("hts")).dictionary_encode(),
        "origin": pa.array(col("origin"), pa.large_string()),
        "value": pa.array(col("value"), pa.decimal128(18, 2)),
        "date": date32([(d - EPOCH).days for d in col("date")]),
        "mode": col("mode"),
        "importer": pa.array(col("importer"), pa.string()),
        "currency": pa.array(col("currency"), pa.string()),
        "exchange_rate": pa.array(col("exchange_rate"), pa.decimal128(10, 4)),
        "claims": pa.array(col("claims"), pa.string()),
        "loaded_on": date32(days),
        "qty_kg": pa.array(col("qty_kg"), pa.decimal128(12, 1)),
        "qty_no": pa.array(col("qty_no"), pa.int64()),
        "qty_bbl": pa.array(col("qty_bbl"), pa.decimal128(38, 1)),
    })


def one_by_one(schedule, r: dict):
    """`Schedule.quote` of a row: its Quote, or its error message."""
    quantities = {u: r["qty_" + u] for u in ("kg", "no", "bbl") if r["qty_" + u] is not None}
    kw = dict(mode=r["mode"], currency=r["currency"], exchange_rate=r["exchange_rate"],
              quantities=quantities, claims=r["claims"] or (), loaded_on=r["loaded_on"])
    if r["importer"] is not None:
        kw["importer"] = r["importer"]
    try:
        return schedule.quote(r["hts"], r["origin"], r["value"], r["date"], **kw)
    except tariffs.TariffsError as e:
        return str(e)


def assert_rows_equal_quotes(schedule, out, rows, which=None) -> int:
    """Every row of `out` (a pyarrow Table) is `Schedule.quote` of the same
    row; returns the number of rows that failed."""
    got = out.to_pylist()
    # Only the authorities some row has a line of get a column (the core's contract).
    present = [a for a in schedule.authorities if a in out.column_names]
    failed = 0
    for i in (range(len(rows)) if which is None else which):
        r, o = rows[i], got[i]
        want = one_by_one(schedule, r)
        if isinstance(want, str):
            failed += 1
            assert o["error"] == want, (i, r)
            assert all(o[c] is None for c in MONEY + present), i
            assert o["warning"] is None, i
            continue
        assert o["error"] is None, (i, r, o["error"])
        assert (o["warning"] is not None) == bool(want.warnings), (i, r)
        assert [o[c] for c in MONEY] == [want.duty, want.fees, want.total, want.effective_rate], (i, r)
        for a in schedule.authorities:
            if a in present:
                assert o[a] == want.amount_of(a), (i, a, r)
            else:
                assert all(line.authority != a for line in want.lines), (i, a, r)
    return failed


@pytest.mark.parametrize("typed", [True, False], ids=["typed columns", "text columns"])
def test_varied_rows_equal_one_by_one_quotes_fixture(full_fixture, typed):
    rows = make_rows(600, FIXTURE_CODES, seed=3)
    out = full_fixture.quote_many(table_of(rows, typed))
    failed = assert_rows_equal_quotes(full_fixture, out, rows)
    assert 40 < failed < 300  # both paths are exercised


@requires_builtin_us
@pytest.mark.builtin
def test_varied_rows_equal_one_by_one_quotes_builtin():
    s = tariffs.Schedule.builtin()
    panel = s.rate_panel("2025-06-01", origins=["DE"], as_="arrow")
    lines = [c for c, e in zip(panel.column("hts").to_pylist(), panel.column("error").to_pylist()) if e is None]
    codes = lines[:: max(1, len(lines) // 60)][:60] + ["6109.10.00.12", "8703.23.01.90", "61x"]
    rows = make_rows(400, codes, seed=4, bad_share=0.1)
    out = s.quote_many(table_of(rows))
    assert_rows_equal_quotes(s, out, rows)


def test_a_bad_code_among_good_rows(full_fixture):
    rows = make_rows(50, ["6109.10.00.12", "0406.10.10"], seed=8, bad_share=0)
    for r in rows:
        r.update(currency=None, exchange_rate=None, importer=None, qty_kg=Decimal("10.0"), qty_no=2)
    rows[17]["hts"] = "61.x9"
    rows[18]["hts"] = "9999.99.99"   # well formed, but no such line
    out = full_fixture.quote_many(table_of(rows))
    errors = out.column("error").to_pylist()
    assert errors[17].startswith('invalid hts "61.x9"')
    assert errors[18] is not None and "9999.99.99" in errors[18]
    assert [i for i, e in enumerate(errors) if e is not None] == [17, 18]
    assert assert_rows_equal_quotes(full_fixture, out, rows) == 2


def test_the_first_bad_field_is_the_one_named(full_fixture):
    # Each row is bad in several fields; its error is the one Schedule.quote
    # gives: fields in EntryText order, then the value and exchange rate checks.
    base = make_rows(1, ["6109.10.00.12"], seed=1, bad_share=0)[0]
    base.update(currency=None, exchange_rate=None, importer=None, claims=None, loaded_on=None,
                qty_kg=Decimal("1.0"), qty_no=1, qty_bbl=None)
    cases = [
        dict(hts="bad", value=Decimal("-1.00"), mode="boat"),           # hts
        dict(origin="XX", hts="bad"),                                   # origin
        dict(value=Decimal("-1.00"), mode="boat"),                      # mode (value checked last)
        dict(value=Decimal("-1.00"), currency="EUR", exchange_rate=Decimal("0.0000")),  # value
        dict(currency="EUR", exchange_rate=Decimal("0.0000"), claims="x y"),  # claims
        dict(currency="EUR", exchange_rate=Decimal("0.0000")),          # exchange_rate
        dict(importer="DE", origin="XX"),                               # importer (parsed first), then unknown
        dict(importer="U", origin="XX"),
        dict(loaded_on=datetime.date(2025, 1, 1), mode="boat"),
    ]
    rows = [{**base, **c} for c in cases]
    out = full_fixture.quote_many(table_of(rows))
    assert assert_rows_equal_quotes(full_fixture, out, rows) == len(rows)
    errors = out.column("error").to_pylist()
    assert errors[0].startswith('invalid hts "bad"')
    assert errors[2].startswith('invalid mode "boat"')


def test_a_negative_value_and_a_negative_quantity_name_the_quantity(full_fixture):
    # As EntryText::parse: quantities are checked before the value's sign
    # (the core's Arrow reader did it the other way before edae31b).
    base = make_rows(1, ["6109.10.00.12"], seed=1, bad_share=0)[0]
    base.update(currency=None, exchange_rate=None, importer=None, claims=None, loaded_on=None,
                qty_kg=Decimal("-1.0"), qty_no=1, qty_bbl=None, value=Decimal("-1.00"))
    out = full_fixture.quote_many(table_of([base]))
    assert out.column("error").to_pylist()[0].startswith('invalid quantities.kg "-1.0"')
    assert assert_rows_equal_quotes(full_fixture, out, [base]) == 1


def test_empty_required_cells_name_their_field(full_fixture):
    rows = make_rows(5, ["6109.10.00.12"], seed=2, bad_share=0)
    for r in rows:
        r.update(currency=None, exchange_rate=None, importer=None)
    t = table_of(rows)
    t = t.set_column(1, "origin", pa.array(["CN", None, "CN", "CN", None], pa.large_string()))
    t = t.set_column(0, "hts", pa.array(["6109.10.00", None, None, "6109.10.00", "6109.10.00"]))
    t = t.set_column(2, "value", pa.array([Decimal(1), Decimal(1), Decimal(1), None, Decimal(1)],
                                          pa.decimal128(18, 2)))
    errors = full_fixture.quote_many(t).column("error").to_pylist()
    assert errors[0] is None
    # The empty required cells in the order origin, hts, value, date. The
    # core's Arrow reader reads a null required cell as empty text (its
    # documented contract), so the message is the parser's for "" (the
    # binding's own reader said "expected a value, but the cell is empty").
    assert errors[1].startswith('invalid origin "": expected an ISO 3166-1 alpha-2 country code')
    assert errors[2].startswith('invalid hts "": expected an HTS code')
    assert errors[3].startswith('invalid value ""')
    assert errors[4].startswith('invalid origin "": expected an ISO 3166-1 alpha-2 country code')


def test_rows_across_chunk_edges(full_fixture):
    # quote_many works in chunks of 65,536 rows: bad rows at and around the
    # edge, and many bad rows in one chunk, must keep their places.
    n = 65_536 + 3_000
    rnd = random.Random(12)
    good = make_rows(64, FIXTURE_CODES, seed=13, bad_share=0)
    rows = [good[i % 64] for i in range(n)]
    bad_at = [0, 1, 65_534, 65_535, 65_536, 65_537, n - 1] + rnd.sample(range(n), 200)
    rows = list(rows)
    for i in bad_at:
        rows[i] = {**rows[i], "hts": "bad"}
    out = full_fixture.quote_many(table_of(rows))
    errors = out.column("error").to_pylist()
    assert sorted(i for i, e in enumerate(errors) if e == 'invalid hts "bad": expected an HTS code of 2, 4, 6, 8 '
                  'or 10 digits (chapter, heading, subheading, tariff line, statistical reporting '
                  'number), dots optional, e.g. 6109.10.00.12') == sorted(set(bad_at))
    check = sorted(set(bad_at[:7] + [2, 65_533, 65_538, n - 2] + rnd.sample(range(n), 150)))
    assert_rows_equal_quotes(full_fixture, out, rows, which=check)


def test_quantity_columns_of_one_unit_and_bad_unit_names(full_fixture):
    # qty_kg and qty_KG (or qty_kilograms) name one quantity: the call is
    # refused naming both columns, as the core refuses a quantity given twice
    # (before, the later column silently replaced the earlier). A column whose
    # name is no unit fails only the rows with an amount in it.
    def table(**q):
        return pa.table({
            "hts": ["0406.10.10"] * 4,
            "origin": ["FR"] * 4,
            "value": pa.array([Decimal(5000)] * 4, pa.decimal128(18, 2)),
            "date": date32([(datetime.date(2025, 4, 1) - EPOCH).days] * 4),
            **q,
        })
    kg = pa.array([Decimal("12.5"), Decimal("12.5"), None, Decimal("1")], pa.decimal128(12, 1))
    for other in ("qty_KG", "qty_kilograms", "qty_ Kg "):
        with pytest.raises(tariffs.InvalidInput) as e:
            full_fixture.quote_many(table(qty_kg=kg, **{other: pa.array([None, 100, 100, None], pa.int64())}))
        # The core's Arrow reader names the column (field and value), where
        # the binding's reader named the field "quantities".
        assert e.value.field == other
        assert e.value.value == other
        assert "qty_kg and " + other in str(e.value)
    # A unit and the same unit with a basis are two quantities.
    t = table(qty_kg=kg, **{"qty_kg[copper content]": pa.array([None, 1, None, None], pa.int64()),
                            "qty_furlongs": pa.array([None, None, None, 3], pa.int64())})
    out = full_fixture.quote_many(t).to_pylist()
    # $1.035/kg: 12.5 kg -> 12.94.
    assert [o["mfn"] for o in out[:2]] == [Decimal("12.94"), Decimal("12.94")]
    assert out[3]["error"] == ('invalid quantities "furlongs": expected a unit such as kg, no, doz, '
                               "liter, m2")


def test_dates_outside_the_calendar_and_mixed_date_types(full_fixture):
    # date32 cells are read as day numbers; one outside years 1-9999 fails
    # naming the field and the date as pyarrow writes it.
    days = [(datetime.date(2025, 4, 1) - EPOCH).days, 2_932_897, -719_163]
    t = pa.table({
        "hts": ["6109.10.00"] * 3,
        "origin": ["VN"] * 3,
        "value": pa.array([Decimal(1000)] * 3, pa.decimal128(18, 2)),
        "date": date32(days),
    })
    out = full_fixture.quote_many(t).to_pylist()
    assert out[0]["duty"] == Decimal("165.00")
    # The core's Arrow reader writes such a date in its own way (the binding's
    # reader wrote it as pyarrow does, "10000-01-01"); the row fails naming
    # the field all the same.
    assert out[1]["error"].startswith('invalid date "')
    assert out[2]["error"].startswith('invalid date "')
    # date64 and strings give the same results as date32.
    d64 = t.set_column(3, "date", pa.array([datetime.date(2025, 4, 1)] * 3, pa.date64()))
    assert full_fixture.quote_many(d64).column("duty").to_pylist()[0] == Decimal("165.00")


def test_decimals_beyond_28_digits_and_odd_scales(full_fixture):
    # Decimals the core cannot hold exactly fail: beyond the 96-bit range
    # as too large (naming the limit), with more significant digits than it
    # holds as their text does; a negative scale and 38-digit precision work
    # where the value fits.
    t = pa.table({
        "hts": ["6109.10.00"] * 3,
        "origin": ["VN"] * 3,
        "value": pa.array([Decimal("1E+3"), Decimal(10) ** 30, Decimal("1.5E+3")], pa.decimal128(38, -2)),
        "date": ["2025-04-01"] * 3,
    })
    out = full_fixture.quote_many(t).to_pylist()
    assert out[0]["duty"] == Decimal("165.00")
    assert out[1]["error"].startswith('value "1000000000000000000000000000000" is too large')
    assert "at most 79228162514264337593543950335" in out[1]["error"]
    assert out[2]["duty"] == Decimal("247.50")
    t = t.set_column(2, "value", pa.array([Decimal("1000.000000000000000000000000001")] * 3,
                                          pa.decimal128(38, 27)))
    out = full_fixture.quote_many(t).to_pylist()
    assert out[0]["error"].startswith('invalid value "1000.000000000000000000000000001"')
