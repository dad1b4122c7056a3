"""Errors: every exception class with its kind, field and value; wrong Python
types refused with TypeError; dates."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal

import pytest

import tariffs

OK = dict(hts="6109.10.00.12", origin="CN", value="54", date="2025-05-02")


def quote(schedule, **kw):
    args = {**OK, **kw}
    return schedule.quote(args.pop("hts"), args.pop("origin"), args.pop("value"), args.pop("date"), **args)


def test_hierarchy():
    for cls in (
        tariffs.InvalidInput, tariffs.UnknownCode, tariffs.MissingQuantity, tariffs.ScheduleError,
        tariffs.Prohibited, tariffs.NotCovered,
    ):
        assert issubclass(cls, tariffs.TariffsError)
        assert cls.__module__ == "tariffs"
    assert issubclass(tariffs.InvalidInput, ValueError)
    assert issubclass(tariffs.MissingQuantity, ValueError)
    assert issubclass(tariffs.UnknownCode, LookupError)
    assert issubclass(tariffs.NotCovered, LookupError)
    # A ban is not a bad value: `except ValueError` must not swallow it.
    assert not issubclass(tariffs.Prohibited, (ValueError, LookupError))


@pytest.mark.parametrize(
    "kw, field, value",
    [
        (dict(origin="XX"), "origin", "XX"),
        (dict(hts="61.x"), "hts", "61.x"),
        (dict(value="-1"), "value", "-1"),
        (dict(value="1e3"), "value", "1e3"),
        (dict(value="12,50"), "value", "12,50"),
        (dict(value=Decimal("NaN")), "value", "NaN"),
        (dict(value=Decimal("Infinity")), "value", "Infinity"),
        (dict(date="2025-02-29"), "date", "2025-02-29"),
        (dict(date="2025-13-01"), "date", "2025-13-01"),
        (dict(date="05/02/2025"), "date", "05/02/2025"),
        (dict(date=""), "date", ""),
        (dict(loaded_on="yesterday"), "loaded_on", "yesterday"),
        (dict(mode="boat"), "mode", "boat"),
        (dict(importer="U"), "importer", "U"),
        (dict(currency="EU"), "currency", "EU"),
        (dict(exchange_rate="0"), "exchange_rate", "0"),
        (dict(claims=["US MCA"]), "claims", "US MCA"),
        (dict(quantities={"furlongs": 1}), "quantities", "furlongs"),
        (dict(quantities={"kg": "-2"}), "quantities.kg", "-2"),
    ],
)
def test_invalid_input_names_field_and_value(schedule, kw, field, value):
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, **kw)
    e = ei.value
    assert (e.kind, e.field, e.value) == ("invalid_input", field, value)
    assert field.split(".")[0] in str(e)


def test_unknown_importer_and_missing_exchange_rate_are_invalid_input(schedule):
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, importer="CA")
    assert (ei.value.kind, ei.value.field, ei.value.value) == ("unknown_importer", "importer", "CA")
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, currency="EUR")
    assert (ei.value.kind, ei.value.field, ei.value.value) == ("missing_exchange_rate", "exchange_rate", "EUR")
    assert "exchange_rate" in str(ei.value)


def test_unknown_code(schedule):
    with pytest.raises(tariffs.UnknownCode) as ei:
        quote(schedule, hts="0101.10.10")
    assert (ei.value.kind, ei.value.field, ei.value.value) == ("unknown_code", "hts", "0101.10.10")
    # Before the schedule's first date (its earliest base line, 2025-01-01)
    # the date is not covered at all (see test_coverage.py).
    with pytest.raises(tariffs.NotCovered) as ei:
        quote(schedule, date="2024-12-31")
    assert (ei.value.kind, ei.value.field, ei.value.value) == ("not_covered", "entry_date", "2024-12-31")


def test_missing_quantity_names_the_unit(schedule):
    with pytest.raises(tariffs.MissingQuantity) as ei:
        quote(schedule, hts="0406.10.10", origin="FR", value=1000)
    e = ei.value
    assert (e.kind, e.field, e.value) == ("missing_quantity", "quantities", "kg")
    assert "$1.035/kg" in str(e)


def test_schedule_errors():
    with pytest.raises(tariffs.ScheduleError) as ei:
        tariffs.Schedule.from_json("{")
    assert ei.value.kind == "schedule"
    with pytest.raises(tariffs.ScheduleError) as ei:
        tariffs.Schedule.from_json('{"format": "tariffs-schedule/0"}')
    assert (ei.value.kind, ei.value.field) == ("schedule", "format")
    with pytest.raises(tariffs.ScheduleError) as ei:
        tariffs.Schedule.from_path("/nonexistent/schedule.json")
    assert (ei.value.kind, ei.value.value) == ("io", "/nonexistent/schedule.json")


def test_overflow_is_a_tariffs_error(schedule):
    # A value past the limits (10^15) is refused before any arithmetic.
    with pytest.raises(tariffs.TariffsError) as ei:
        quote(schedule, value="79228162514264337593543950335")
    assert (ei.value.kind, ei.value.field) == ("too_large", "value")
    # An amount too large for its cents (a schedule's flat fee of 10^27) is
    # an overflow naming the field and the value.
    s = tariffs.Schedule.from_json("""{"format": "tariffs-schedule/1", "importers": [{
        "country": "US", "currency": "USD",
        "base": {"source": "t", "lines": [{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}]},
        "fees": [{"id": "big", "authority": "bigfee", "description": "d",
                  "flat": "1000000000000000000000000000", "from": "2024-10-01", "source": "s"}]}]}""")
    with pytest.raises(tariffs.TariffsError) as ei:
        s.quote("6109.10.00", "VN", "100", "2025-04-01")
    assert type(ei.value) is tariffs.Overflow and ei.value.kind == "overflow"
    assert (ei.value.field, ei.value.value) == ("value", "100")


# The kinds that used to share a class with another kind (or fell back to
# TariffsError), with the class they must still be instances of.
OLD_CLASS = {
    "unknown_importer": "InvalidInput",
    "missing_exchange_rate": "InvalidInput",
    "invalid_rate": "ScheduleError",
    "io": "ScheduleError",
    "missing_rate": "TariffsError",
    "overflow": "TariffsError",
}


def test_every_kind_has_its_own_class():
    classes = dict(tariffs._tariffs._error_classes())
    # Every kind of the core, and a class per kind.
    assert len(classes) == 13
    assert len(set(classes.values())) == len(classes)
    assert "TariffsError" not in classes.values()
    for kind, name in classes.items():
        cls = getattr(tariffs, name)
        assert name in tariffs.__all__ and name in tariffs._errors.__all__
        assert cls.__module__ == "tariffs" and cls.__name__ == name
        assert issubclass(cls, tariffs.TariffsError) and cls is not tariffs.TariffsError
        assert issubclass(cls, getattr(tariffs, OLD_CLASS.get(kind, name))), kind
    assert issubclass(tariffs.IoError, OSError)
    assert issubclass(tariffs.Overflow, ArithmeticError)
    assert issubclass(tariffs.MissingRate, LookupError)
    assert not issubclass(tariffs.MissingRate, ValueError)


OVERFLOW_JSON = """{"format": "tariffs-schedule/1", "importers": [{
    "country": "US", "currency": "USD",
    "base": {"source": "t", "lines": [{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}]},
    "fees": [{"id": "big", "authority": "bigfee", "description": "d",
              "flat": "1000000000000000000000000000", "from": "2024-10-01", "source": "s"}]}]}"""

BAD_RATE_JSON = """{"format": "tariffs-schedule/1", "importers": [{
    "country": "US", "currency": "USD",
    "base": {"source": "t", "lines": [{"code": "6109.10.00", "general": "4.3817 1/3¢/kg", "from": "2025-01-01"}]}}]}"""

# A base line that prints only a column 2 rate: a column 1 origin finds no rate.
NO_GENERAL_JSON = """{"format": "tariffs-schedule/1", "importers": [{
    "country": "US", "currency": "USD",
    "base": {"source": "t", "lines": [{"code": "6109.10.00", "other": "90%", "from": "2025-01-01"}]}}]}"""


@pytest.mark.parametrize(
    "kind, name, trigger",
    [
        ("unknown_importer", "UnknownImporter", lambda s: quote(s, importer="CA")),
        ("missing_exchange_rate", "MissingExchangeRate", lambda s: quote(s, currency="EUR")),
        ("invalid_rate", "InvalidRate",
         lambda s: tariffs.Schedule.from_json(BAD_RATE_JSON).quote("6109.10.00", "VN", "100", "2025-04-01")),
        ("overflow", "Overflow",
         lambda s: tariffs.Schedule.from_json(OVERFLOW_JSON).quote("6109.10.00", "VN", "100", "2025-04-01")),
        ("io", "IoError", lambda s: tariffs.Schedule.from_path("/nonexistent/schedule.json")),
        ("missing_rate", "MissingRate",
         lambda s: tariffs.Schedule.from_json(NO_GENERAL_JSON).quote("6109.10.00", "VN", "100", "2025-04-01")),
    ],
)
def test_new_classes_raised_and_still_the_old_class(schedule, kind, name, trigger):
    with pytest.raises(tariffs.TariffsError) as ei:
        trigger(schedule)
    e = ei.value
    assert type(e).__name__ == name and type(e) is getattr(tariffs, name)
    assert e.kind == kind
    assert isinstance(e, getattr(tariffs, OLD_CLASS[kind]))
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is type(e)
    assert (e2.kind, e2.field, e2.value, str(e2)) == (e.kind, e.field, e.value, str(e))
    if kind == "io":
        assert isinstance(e, OSError) and str(e) == e.args[0]
        assert (e.errno, e.strerror, e.filename) == (None, None, None)


def test_new_classes_built_by_hand():
    for cls in (tariffs.UnknownImporter, tariffs.MissingExchangeRate, tariffs.InvalidRate,
                tariffs.MissingRate, tariffs.IoError, tariffs.Overflow):
        e = cls("by hand", kind="k", field="f", value="v")
        assert (str(e), e.kind, e.field, e.value) == ("by hand", "k", "f", "v")
        e2 = pickle.loads(pickle.dumps(e))
        assert type(e2) is cls and (str(e2), e2.kind, e2.field, e2.value) == ("by hand", "k", "f", "v")
        assert cls("plain").kind is None


@pytest.mark.parametrize(
    "kw, words",
    [
        (dict(value=54.0), ["value", "float", "Decimal"]),
        (dict(value=0.1), ["value", "float"]),
        (dict(value=True), ["value", "bool"]),
        (dict(value=None), ["value", "NoneType"]),
        (dict(value=[54]), ["value", "list"]),
        (dict(exchange_rate=1.1), ["exchange_rate", "float"]),
        (dict(quantities={"kg": 12.5}), ["quantities", "kg", "float"]),
        (dict(quantities=[("kg", 1)]), ["quantities", "dict"]),
        (dict(hts=6109100012), ["hts", "str", "int"]),
        (dict(origin=None), ["origin", "str"]),
        (dict(date=datetime.datetime(2025, 5, 2, 10, 30)), ["date", "datetime", ".date()"]),
        (dict(date=20250502), ["date", "int"]),
        (dict(loaded_on=1.5), ["loaded_on", "float"]),
        (dict(claims=7), ["claims", "int"]),
        (dict(claims=["USMCA", 7]), ["claim", "int"]),
    ],
)
def test_wrong_types_raise_type_error(schedule, kw, words):
    with pytest.raises(TypeError) as ei:
        quote(schedule, **kw)
    for w in words:
        assert w in str(ei.value), (w, str(ei.value))


def test_exceptions_pickle_with_attributes(schedule):
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, origin="XX")
    e2 = pickle.loads(pickle.dumps(ei.value))
    assert type(e2) is tariffs.InvalidInput
    assert (e2.kind, e2.field, e2.value, str(e2)) == ("invalid_input", "origin", "XX", str(ei.value))


def test_user_constructed_exception_has_attributes():
    e = tariffs.UnknownCode("no such code")
    assert (e.kind, e.field, e.value) == (None, None, None)
    p = tariffs.Prohibited("banned")
    assert (p.kind, p.field, p.value, p.ban) == (None, None, None, None)
    n = tariffs.NotCovered("too early")
    assert (n.first_date, n.reviewed_through, n.strict) == (None, None, False)


def test_numpy_integers_are_accepted_as_values(schedule):
    np = pytest.importorskip("numpy")
    assert quote(schedule, value=np.int64(1000), date="2025-04-01").duty == Decimal("365.00")
    with pytest.raises(TypeError):
        quote(schedule, value=np.float64(1000))
    with pytest.raises(TypeError):
        quote(schedule, value=np.float32(1000))


def test_odd_python_values_raise_typed_errors(schedule):
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, hts="\ud800")  # a lone surrogate cannot become UTF-8
    assert ei.value.field == "hts"
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, value=10**5000)  # beyond 28 digits (and Python's int-to-str limit)
    assert ei.value.field == "value"
    with pytest.raises(tariffs.TariffsError) as ei:
        quote(schedule, origin="C" * 100_000)  # past the 64 characters of a text field
    assert (ei.value.kind, ei.value.field) == ("too_large", "origin")
    with pytest.raises(tariffs.InvalidInput) as ei:
        quote(schedule, date="2025-05-02\x00")
    assert ei.value.field == "date"
    # Decimal("-0") is zero; whitespace around a decimal text is allowed.
    assert quote(schedule, value=Decimal("-0")).duty == 0
    assert quote(schedule, value=" 54 ").duty == Decimal("19.71")
