"""Reliability of the Python binding (issue 11): claims lists holding a null,
decimals with huge exponents, Arrow decimals with more than 28 places, text
that is not valid Unicode, the currency default, TooLarge, and panics caught
without a word on stderr. Every expected amount is worked out by hand from
the schedules below and in conftest.py."""

from __future__ import annotations

import datetime
import json
import time
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest

import tariffs
from tariffs import _tariffs

D = datetime.date(2025, 4, 1)

# T-shirts 16.5%; an additional 20% on products of CN unless TESTCLAIM is made.
CLAIMS = {
    "format": "tariffs-schedule/1",
    "importers": [{
        "country": "US", "currency": "USD",
        "base": {"source": "test", "lines": [
            {"code": "6109.10.00", "general": "16.5%", "other": "90%", "from": "2025-01-01"}]},
        "measures": [{
            "id": "cn-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
            "description": "additional 20% on products of China", "rate": "20%",
            "origins": {"include": ["CN"]}, "from": "2025-03-04",
            "conditions": {"not_claims": ["TESTCLAIM"]},
            "source": "test",
        }],
    }],
}


@pytest.fixture(scope="module")
def claims_schedule() -> tariffs.Schedule:
    return tariffs.Schedule.from_json(json.dumps(CLAIMS))


# ---- TooLarge ---------------------------------------------------------------


def test_too_large_is_a_value_error_and_a_tariffs_error():
    assert issubclass(tariffs.TooLarge, tariffs.TariffsError)
    assert issubclass(tariffs.TooLarge, ValueError)
    assert tariffs.TooLarge.__module__ == "tariffs"
    assert "TooLarge" in tariffs.__all__


# ---- defect 3: a claims list holding a null --------------------------------


def claims_table(claims):
    n = len(claims)
    return pa.table({
        "hts": ["6109.10.00"] * n,
        "origin": ["CN"] * n,
        "value": pa.array([Decimal("1000")] * n, pa.decimal128(10, 0)),
        "date": pa.array([D] * n, pa.date32()),
        "claims": claims,
    })


@pytest.mark.parametrize("list_type", [pa.list_(pa.string()), pa.large_list(pa.large_string())])
def test_a_null_in_an_arrow_claims_list_fails_its_row(claims_schedule, list_type):
    # By hand: 16.5% of 1,000 = 165.00; with the 20% (no TESTCLAIM) 365.00.
    claims = pa.array([["TESTCLAIM", None], ["TESTCLAIM"], None, [], [None]], list_type)
    out = claims_schedule.quote_many(claims_table(claims)).to_pylist()
    assert [o["duty"] for o in out] == [None, Decimal("165.00"), Decimal("365.00"),
                                        Decimal("365.00"), None]
    for row in (0, 4):
        err = out[row]["error"]
        assert err.startswith("invalid claims"), err
        # The core's Arrow reader checks this now: the message shows the list
        # with its null (the row is the result's row; the glue's message named it).
        assert "null" in err, err
    assert "TESTCLAIM" in out[0]["error"]
    assert all(out[r]["error"] is None for r in (1, 2, 3))


def test_a_null_claim_fails_its_row_of_a_sliced_or_chunked_table(claims_schedule):
    claims = pa.array([["TESTCLAIM"], ["TESTCLAIM"], ["TESTCLAIM", None], ["TESTCLAIM"]],
                      pa.list_(pa.string()))
    sliced = claims_table(claims).slice(1)  # the null is in row 1 of the slice
    out = claims_schedule.quote_many(sliced).to_pylist()
    assert [o["duty"] for o in out] == [Decimal("165.00"), None, Decimal("165.00")]
    assert out[1]["error"].startswith('invalid claims "[\\"TESTCLAIM\\", null]"')
    chunked = pa.concat_tables([claims_table(claims).slice(0, 2), claims_table(claims).slice(2)])
    out = claims_schedule.quote_many(chunked).to_pylist()
    assert [o["duty"] for o in out] == [Decimal("165.00"), Decimal("165.00"), None, Decimal("165.00")]
    assert out[2]["error"].startswith('invalid claims "[\\"TESTCLAIM\\", null]"')


def test_a_list_of_nulls_only(claims_schedule):
    # pyarrow infers list<null> for [[None]]: no string to join, still an error.
    out = claims_schedule.quote_many(claims_table(pa.array([[None], ["TESTCLAIM"]]))).to_pylist()
    assert out[0]["duty"] is None and "[null]" in out[0]["error"]
    assert out[1]["duty"] == Decimal("165.00")


def test_a_null_in_a_pandas_claims_list_fails_its_row(claims_schedule):
    df = pd.DataFrame({
        "hts": ["6109.10.00"] * 3,
        "origin": ["CN"] * 3,
        "value": [Decimal("1000")] * 3,
        "date": [D] * 3,
        "claims": [["TESTCLAIM", None], ["TESTCLAIM"], ("TESTCLAIM", float("nan"))],
    }, index=["a", "b", "c"])
    out = claims_schedule.quote_many(df)
    assert out["duty"]["b"] == Decimal("165.00")
    for label, row in (("a", 0), ("c", 2)):
        assert pd.isna(out["duty"][label])
        assert out["error"][label].startswith('invalid claims "[\\"TESTCLAIM\\", null]"'), row
    # The same with an Arrow-backed pandas column.
    df["claims"] = pd.Series([["TESTCLAIM", None], ["TESTCLAIM"], []],
                             dtype=pd.ArrowDtype(pa.list_(pa.string())), index=df.index)
    out = claims_schedule.quote_many(df)
    assert pd.isna(out["duty"]["a"]) and "null" in out["error"]["a"]
    assert list(out["duty"][["b", "c"]]) == [Decimal("165.00"), Decimal("365.00")]


# ---- defect 6: huge exponents -------------------------------------------


HUGE = [
    Decimal("1E+1000000000"),
    Decimal("1E+999999999999999999"),
    Decimal("-1E+1000000000"),
    Decimal("79228162514264337593543950336"),  # 2^96, one past the range
    Decimal("8E+28"),
]
TINY = [Decimal("1E-1000000000"), Decimal("1E-29"), Decimal("0.1234567890123456789012345678901")]


@pytest.mark.parametrize("value", HUGE + TINY, ids=str)
def test_huge_exponents_are_too_large_at_once(schedule, value):
    start = time.monotonic()
    with pytest.raises(tariffs.TooLarge) as ei:
        schedule.quote("6109.10.00", "CN", value, D)
    assert time.monotonic() - start < 1.0
    e = ei.value
    assert (e.kind, e.field) == ("too_large", "value")
    assert len(str(e)) < 400 and len(e.value) <= 150
    limit = "digits after the decimal point" if value in TINY else "79228162514264337593543950335"
    assert limit in str(e)


def test_huge_exponents_in_other_fields(schedule):
    with pytest.raises(tariffs.TooLarge) as ei:
        schedule.quote("6109.10.00", "CN", 1000, D, currency="EUR",
                       exchange_rate=Decimal("1E+1000000000"))
    assert ei.value.field == "exchange_rate"
    with pytest.raises(tariffs.TooLarge) as ei:
        schedule.quote("0406.10.10", "FR", 1000, D, quantities={"kg": Decimal("1E+999999999999999999")})
    assert ei.value.field == 'quantities["kg"]'


def test_representable_decimals_in_any_notation(schedule):
    # 16.5% + 20% of 1,000 = 365.00, however 1,000 is written.
    for v in [Decimal("1E+3"), Decimal("1000.000000000000000000000000000000000000"),
              Decimal("0.001E+6"), Decimal("1000E0")]:
        assert schedule.quote("6109.10.00", "CN", v, D).duty == Decimal("365.00"), v
    # Zero with any exponent is zero (no duty, no MPF below 2,500).
    for v in [Decimal("0E+1000000000"), Decimal("0E-1000000000"), Decimal("-0")]:
        assert schedule.quote("6109.10.00", "CN", v, D).total == Decimal("0.00"), v
    # The largest value with its 29 digits passes the binding (the core then
    # decides: an amount that overflows is an error, never a wrong number).
    try:
        schedule.quote("6109.10.00", "CN", Decimal("79228162514264337593543950335"), D)
    except tariffs.TariffsError as e:
        assert "range of the engine's 96-bit decimals" not in str(e)


def test_quote_many_huge_exponent_fails_only_its_row(schedule):
    df = pd.DataFrame({
        "hts": ["6109.10.00"] * 4,
        "origin": ["CN"] * 4,
        "value": [Decimal("1000"), Decimal("1E+1000000000"), Decimal("1E+999999999999999999"),
                  Decimal("1E-1000000000")],
        "date": [D] * 4,
    })
    start = time.monotonic()
    out = schedule.quote_many(df)
    assert time.monotonic() - start < 5.0
    assert out["duty"][0] == Decimal("365.00")
    for row in (1, 2, 3):
        assert pd.isna(out["duty"][row])
        assert "is too large" in out["error"][row] and len(out["error"][row]) < 400
    assert "79228162514264337593543950335" in out["error"][1]
    assert "digits after the decimal point" in out["error"][3]


# ---- defect 10: Arrow decimal128 with a scale past 28 ------------------------


def test_arrow_decimal128_scale_past_28(schedule):
    exact = Decimal("1000." + "0" * 32)                 # 1,000 at scale 32
    lossy = Decimal("1000." + "0" * 31 + "1")           # a 1 in the 32nd place
    values = pa.array([exact, lossy, Decimal("-0." + "0" * 30)], pa.decimal128(38, 32))
    table = pa.table({
        "hts": ["6109.10.00"] * 3,
        "origin": ["CN"] * 3,
        "value": values,
        "date": pa.array([D] * 3, pa.date32()),
    })
    out = schedule.quote_many(table).to_pylist()
    assert out[0]["duty"] == Decimal("365.00")          # 16.5% + 20% of 1,000
    assert out[1]["duty"] is None
    assert out[1]["error"].startswith('value "1000.')
    assert "at most 28 digits after the decimal point" in out[1]["error"]
    assert out[2]["duty"] == Decimal("0.00")


def test_arrow_decimal128_scale_past_28_in_a_quantity(schedule):
    # $1.035/kg x 10 kg = 10.35 (value 1,000: no MPF at or below 2,500).
    kg = pa.array([Decimal("10." + "0" * 30), Decimal("10." + "0" * 29 + "5")], pa.decimal128(38, 30))
    table = pa.table({
        "hts": ["0406.10.10"] * 2,
        "origin": ["FR"] * 2,
        "value": ["1000"] * 2,
        "date": pa.array([D] * 2, pa.date32()),
        "qty_kg": kg,
    })
    out = schedule.quote_many(table).to_pylist()
    assert out[0]["duty"] == Decimal("10.35")
    assert out[1]["duty"] is None and "quantities.kg" in out[1]["error"]
    assert "digits after the decimal point" in out[1]["error"]


# ---- defect 10: the currency default is the importer's ------------------------

CAD = {
    "format": "tariffs-schedule/1",
    "importers": [{
        "country": "CA", "currency": "CAD",
        "base": {"source": "test", "lines": [
            {"code": "6109.10.00", "general": "18%", "other": "35%", "from": "2025-01-01"}]},
    }],
}


def test_quote_currency_defaults_to_the_importers():
    s = tariffs.Schedule.from_json(json.dumps(CAD))
    # 18% of 1,000 CAD = 180.00 CAD; the value was taken in USD (no exchange rate) before.
    q = s.quote("6109.10.00", "CN", 1000, D, importer="CA")
    assert (q.currency, q.duty) == ("CAD", Decimal("180.00"))
    assert s.quote("6109.10.00", "CN", 1000, D, importer="CA", currency=None).duty == Decimal("180.00")
    assert s.quote("6109.10.00", "CN", 1000, D, importer="CA", currency="CAD").duty == Decimal("180.00")
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.quote("6109.10.00", "CN", 1000, D, importer="CA", currency="USD")
    assert ei.value.kind == "missing_exchange_rate"
    # 1,000 USD at 1.25 CAD = 1,250 CAD; 18% = 225.00.
    q = s.quote("6109.10.00", "CN", 1000, D, importer="CA", currency="USD", exchange_rate="1.25")
    assert q.duty == Decimal("225.00")


# ---- defect 11: text that is not valid Unicode --------------------------------

LONE = "\ud800"


def test_from_json_with_a_lone_surrogate_is_invalid_input():
    for call in (lambda: tariffs.Schedule.from_json('{"format": "' + LONE + '"}'),
                 lambda: tariffs.Schedule.from_json(LONE)):
        with pytest.raises(tariffs.InvalidInput) as ei:
            call()
        assert (ei.value.kind, ei.value.field) == ("invalid_input", "text")


def test_other_text_arguments_with_a_lone_surrogate(schedule):
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.with_overlay_json(LONE)
    assert ei.value.field == "text"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.with_overlay("{" + LONE)
    assert ei.value.field == "overlay"
    for kw, field in [("importer", "importer"), ("mode", "mode"), ("currency", "currency")]:
        with pytest.raises(tariffs.InvalidInput) as ei:
            schedule.quote("6109.10.00", "CN", 1000, D, **{kw: LONE})
        assert ei.value.field == field, kw
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.scenario(LONE)
    assert ei.value.field == "importer"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.change_dates(LONE)
    assert ei.value.field == "importer"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.scenario().set_rate("cn-20", LONE)
    assert ei.value.field == "rate"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.scenario().remove(LONE)
    assert ei.value.field == "id"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.rate_panel(D, importer=LONE, as_="arrow")
    assert ei.value.field == "importer"
    with pytest.raises(tariffs.InvalidInput) as ei:
        schedule.rate_panel(D, origins=["CN", LONE], as_="arrow")
    assert ei.value.field == "origins"


# ---- defect 11: a caught panic prints nothing ---------------------------------


@pytest.mark.parametrize("on_worker", [False, True])
def test_a_panic_is_an_exception_with_its_message_and_prints_nothing(capfd, monkeypatch, on_worker):
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    capfd.readouterr()
    with pytest.raises(BaseException) as ei:
        _tariffs._panic("boom from the test", on_worker)
    assert type(ei.value).__name__ == "PanicException"
    assert "boom from the test" in str(ei.value)
    out, err = capfd.readouterr()
    assert err == "" and out == "", (out, err)


# ---- defects 1 and 2 through Python ------------------------------------------

BIG = "79228162514264337593543950335"  # the largest decimal, 2**96 - 1


def test_an_overflowing_mixed_fraction_rate_is_an_error_not_a_panic(claims_schedule):
    # Defect 1: the rate parser added BIG + 1/1 and panicked (PanicException).
    doc = json.loads(json.dumps(CLAIMS))
    doc["importers"][0]["measures"][0]["rate"] = f"{BIG} 1/1%"
    with pytest.raises(tariffs.ScheduleError) as e:
        tariffs.Schedule.from_json(json.dumps(doc))
    assert "too large" in str(e.value)
    with pytest.raises(tariffs.TooLarge) as e:
        claims_schedule.scenario().set_rate("cn-20", f"{BIG} 1/1%")
    assert e.value.field == "rate"


def test_a_rate_per_half_unit_on_a_huge_quantity_fails_only_its_row():
    # Defect 2: $1/0.5 (a dollar per half article: $2 an article) on a huge
    # quantity divided past the decimal range and panicked, losing every row
    # of the batch. Now the quantity is refused (past 10**15), the row fails
    # alone, and the good row is $2 x 10 = $20.00.
    doc = json.loads(json.dumps(CLAIMS))
    doc["importers"][0]["base"]["lines"][0]["general"] = "$1/0.5"
    s = tariffs.Schedule.from_json(json.dumps(doc))
    q = s.quote(hts="6109.10.00", origin="FR", value=Decimal(100), date=D, quantities={"no": 10})
    assert q.duty == Decimal("20.00")
    with pytest.raises(tariffs.TooLarge) as e:
        s.quote(hts="6109.10.00", origin="FR", value=Decimal(100), date=D, quantities={"no": Decimal(BIG)})
    assert e.value.field == "quantities.no"
    t = pa.table({
        "hts": ["6109.10.00"] * 2, "origin": ["FR"] * 2,
        "value": pa.array([Decimal(100)] * 2, pa.decimal128(18, 2)),
        "date": [D] * 2,
        "qty_no": pa.array([Decimal(10), Decimal(BIG)], pa.decimal128(38, 0)),
    })
    out = s.quote_many(t).to_pylist()
    assert out[0]["duty"] == Decimal("20.00") and out[0]["error"] is None
    assert out[1]["duty"] is None or out[1]["error"]
    assert "quantities.no" in out[1]["error"] and "too large" in out[1]["error"]
