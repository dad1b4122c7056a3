"""Schedule.quote on the fixture schedule (see conftest.py for its rates).

Every expected figure is computed by hand from the fixture's rates; lines are
rounded to the cent, half away from zero (the core's documented rule).
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

import tariffs
from conftest import FIXTURE_JSON


def test_package_surface():
    for name in [
        "Schedule", "ScheduleVersion", "Quote", "Line", "Excluded", "TariffsError",
        "InvalidInput", "UnknownCode", "MissingQuantity", "ScheduleError", "__version__",
        "QuoteWarning", "Coverage", "Chapter99Status", "Prohibited", "NotCovered",
    ]:
        assert hasattr(tariffs, name), name
    assert tariffs.__version__ == "0.1.0"


def test_version_and_importers(schedule):
    v = schedule.version
    assert v.name == "pytest-fixture"
    assert v.hts_revision == "fixture (HTS 2025 basic rates)"
    assert v.policy_date == datetime.date(2025, 6, 1)
    assert v.to_dict()["policy_date"] == datetime.date(2025, 6, 1)
    assert schedule.importers == ["US"]
    # quote_many's per-authority columns: mfn, measure and fee authorities, sorted.
    assert schedule.authorities == ["ieepa_fentanyl", "mfn", "mpf"]
    assert "pytest-fixture" in repr(schedule)


def test_from_path_accepts_str_and_pathlike(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(FIXTURE_JSON)
    assert tariffs.Schedule.from_path(p).version.name == "pytest-fixture"
    assert tariffs.Schedule.from_path(str(p)).version.name == "pytest-fixture"


def test_container_from_china_stacks_and_pays_mpf(schedule):
    q = schedule.quote("6109.10.00.12", "CN", Decimal("10000"), datetime.date(2025, 4, 1))
    # 16.5% of 10,000 = 1,650.00; +20% = 2,000.00; MPF 0.3464% = 34.64 (between min and max).
    assert [(l.kind, l.authority, l.amount) for l in q.lines] == [
        ("base", "mfn", Decimal("1650.00")),
        ("additional", "ieepa_fentanyl", Decimal("2000.00")),
        ("fee", "mpf", Decimal("34.64")),
    ]
    assert str(q.duty) == "3650.00"
    assert str(q.fees) == "34.64"
    assert str(q.total) == "3684.64"
    assert q.effective_rate == Decimal("0.365")
    assert q.amount_of("ieepa_fentanyl") == Decimal("2000.00")
    assert q.amount_of("section_301") == 0
    add = q.lines[1]
    assert add.heading == "9903.01.24"
    assert add.id == "cn-20"
    # The fixture's rate text is "20%": an additional duty reads as what it adds.
    assert add.rate == "+20%"
    assert add.legal_text == "20%"
    assert q.lines[0].rate == q.lines[0].legal_text == "16.5%"
    assert q.lines[2].kind == "fee" and q.lines[2].legal_text is None
    assert add.base == Decimal("10000")
    assert add.source == "EO 14228, 90 FR 11463"
    assert add.reason == "additional 20% on products of China"
    assert (q.importer, q.origin, q.hts, q.mode, q.currency) == ("US", "CN", "6109.10.00.12", "ocean", "USD")
    assert q.date == datetime.date(2025, 4, 1)
    assert q.customs_value == Decimal("10000")


def test_every_amount_is_a_decimal(schedule):
    q = schedule.quote("6109.10.00.12", "CN", "10000", "2025-04-01")
    amounts = [q.duty, q.fees, q.total, q.effective_rate, q.customs_value]
    amounts += [l.amount for l in q.lines] + [l.base for l in q.lines]
    assert all(type(a) is Decimal for a in amounts)
    d = q.to_dict()
    assert type(d["duty"]) is Decimal and type(d["lines"][0]["amount"]) is Decimal


def test_mpf_minimum_and_maximum(schedule):
    # 0.3464% of 5,000 = 17.32 -> raised to the minimum 32.71.
    low = schedule.quote("6109.10.00", "VN", 5000, "2025-04-01")
    assert low.amount_of("mpf") == Decimal("32.71")
    assert low.duty == Decimal("825.00")  # 16.5% of 5,000
    # 0.3464% of 300,000 = 1,039.20 -> capped at the maximum 634.62.
    high = schedule.quote("6109.10.00", "CN", 300000, "2025-04-01")
    assert high.amount_of("mpf") == Decimal("634.62")
    assert high.duty == Decimal("109500.00")  # 49,500 + 60,000
    assert high.total == Decimal("110134.62")


def test_rounding_is_half_away_from_zero_on_exact_decimals(schedule):
    # 16.5% of 805 = 132.825 exactly: half away from zero gives 132.83 (banker's would give 132.82).
    assert schedule.quote("6109.10.00", "VN", Decimal("805"), "2025-04-01").duty == Decimal("132.83")
    # 16.5% of 800.10 = 132.0165 -> 132.02.
    assert schedule.quote("6109.10.00", "VN", Decimal("800.10"), "2025-04-01").duty == Decimal("132.02")
    # CN after the de minimis suspension: 16.5% of 0.10 = 0.0165 -> 0.02; 20% of 0.10 = 0.02.
    q = schedule.quote("6109.10.00", "CN", Decimal("0.10"), "2025-05-02")
    assert [l.amount for l in q.lines if l.kind != "exemption"] == [Decimal("0.02"), Decimal("0.02")]
    assert q.duty == Decimal("0.04")
    # 16.5% of 0.03 = 0.00495 -> 0.00; 20% of 0.03 = 0.006 -> 0.01.
    q = schedule.quote("6109.10.00", "CN", "0.03", "2025-05-02")
    assert q.duty == Decimal("0.01")


def test_decimal_input_keeps_every_digit(schedule):
    # The 24 significant digits the limits allow (10^15 with 9 decimals) survive
    # the trip: 16.5% of 123456789012345.678901234 = 20370370187037.03701870361
    # -> 20370370187037.04 (a float would lose the cents).
    q = schedule.quote("6109.10.00", "VN", Decimal("123456789012345.678901234"), "2025-04-01")
    assert q.amount_of("mfn") == Decimal("20370370187037.04")
    # Decimal in exponent form is written in plain notation before parsing.
    assert schedule.quote("6109.10.00", "VN", Decimal("1E+3"), "2025-04-01").duty == Decimal("165.00")


def test_t_shirt_parcel_before_and_after_de_minimis_suspension(schedule):
    before = schedule.quote("6109.10.00.12", "CN", Decimal("54"), "2025-05-01", mode="express")
    assert before.duty == 0 and before.total == 0
    assert [(l.kind, l.authority) for l in before.lines] == [("exemption", "de_minimis")]
    assert {x.authority for x in before.excluded} == {"mfn", "ieepa_fentanyl"}
    after = schedule.quote("6109.10.00.12", "CN", Decimal("54"), "2025-05-02", mode="express")
    # 16.5% of 54 = 8.91; 20% of 54 = 10.80; no MPF at or below $2,500.
    assert after.amount_of("mfn") == Decimal("8.91")
    assert after.amount_of("ieepa_fentanyl") == Decimal("10.80")
    assert after.duty == Decimal("19.71") and after.total == Decimal("19.71")
    ex = [x for x in after.excluded if x.authority == "de_minimis"]
    assert ex and ex[0].kind == "exemption" and "suspended" in ex[0].reason.lower()


def test_specific_rate_with_quantities(schedule):
    # $1.035/kg x 12.5 kg = 12.9375 -> 12.94 (value 1,000 is above de minimis).
    q = schedule.quote("0406.10.10", "FR", 1000, "2025-04-01", quantities={"kg": Decimal("12.5")})
    assert q.duty == Decimal("12.94")
    assert schedule.quote("0406.10.10", "FR", 1000, "2025-04-01", quantities={"kg": "12.5"}).duty == Decimal("12.94")
    assert schedule.quote("0406.10.10", "FR", 1000, "2025-04-01", quantities={"kg": 2}).duty == Decimal("2.07")


def test_currency_conversion(schedule):
    # 1,000 EUR at 1.1 USD/EUR = 1,100 USD; 16.5% = 181.50.
    q = schedule.quote("6109.10.00", "VN", 1000, "2025-04-01", currency="EUR", exchange_rate=Decimal("1.1"))
    assert q.customs_value == Decimal("1100") and q.duty == Decimal("181.50")
    # The default USD (or None: the importer's currency) needs no rate.
    assert schedule.quote("6109.10.00", "VN", 1000, "2025-04-01", currency=None).duty == Decimal("165.00")
    assert schedule.quote("6109.10.00", "VN", 1000, "2025-04-01", exchange_rate="2").duty == Decimal("165.00")


def test_date_object_and_iso_string_agree(schedule):
    a = schedule.quote("6109.10.00", "CN", 1000, datetime.date(2025, 3, 4))
    b = schedule.quote("6109.10.00", "CN", 1000, "2025-03-04")
    assert a.to_json() == b.to_json()
    # The day before cn-20 starts it does not apply.
    c = schedule.quote("6109.10.00", "CN", 1000, "2025-03-03")
    assert a.amount_of("ieepa_fentanyl") == Decimal("200.00") and c.amount_of("ieepa_fentanyl") == 0


def test_claims_and_loaded_on_are_accepted(schedule):
    q = schedule.quote("6109.10.00", "VN", 1000, "2025-04-01", claims=["USMCA"], loaded_on=datetime.date(2025, 3, 1))
    assert q.duty == Decimal("165.00")
    assert schedule.quote("6109.10.00", "VN", 1000, "2025-04-01", claims="USMCA,KORUS").duty == Decimal("165.00")


def test_str_repr_and_json(schedule):
    q = schedule.quote("6109.10.00.12", "CN", Decimal("10000"), "2025-04-01")
    text = str(q)
    assert "ieepa_fentanyl" in text and "9903.01.24" in text and "total 3684.64 USD" in text
    assert repr(q) == "<Quote US 6109.10.00.12 from CN on 2025-04-01 by ocean: duty 3650.00 + fees 34.64 = total 3684.64 USD>"
    assert repr(q.lines[0]).startswith("<Line base mfn")
    j = json.loads(q.to_json())
    assert j["duty"] == "3650.00" and j["lines"][1]["authority"] == "ieepa_fentanyl"
    d = q.to_dict()
    assert set(d) == set(j)
    assert d["entry_date"] == datetime.date(2025, 4, 1)
    assert d["lines"][2] == q.lines[2].to_dict()
    assert j["lines"][1]["rate"] == d["lines"][1]["rate"] == "+20%"
    assert j["lines"][1]["legal_text"] == d["lines"][1]["legal_text"] == "20%"
    assert j["lines"][2]["legal_text"] is None and d["lines"][2]["legal_text"] is None


def test_overlay(schedule):
    overlay = json.dumps({
        "format": "tariffs-schedule/1",
        "importers": [{"country": "US", "currency": "USD", "measures": [{
            "id": "cn-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
            "description": "raised to 30%", "rate": "30%", "origins": {"include": ["CN"]},
            "from": "2025-03-04", "source": "test"}]}],
    })
    s2 = schedule.with_overlay_json(overlay)
    assert s2.quote("6109.10.00", "CN", 1000, "2025-04-01").amount_of("ieepa_fentanyl") == Decimal("300.00")
    assert schedule.quote("6109.10.00", "CN", 1000, "2025-04-01").amount_of("ieepa_fentanyl") == Decimal("200.00")
