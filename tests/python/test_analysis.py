"""The analyst API: change_dates, rate_panel, effective_rate, diff, with_overlay
and Scenario, checked against one-by-one quotes and figures computed by hand.

Most tests use tests/fixtures/schedule.json (`full_fixture`), whose rules are:
base 6109.10.00 16.5% (column 2: 90%; USMCA Free), 0406.10.10 $1.035/kg,
1806.20.24 46.3¢/kg + 14.9%, 2709.00.10 5.25¢/bbl, 4901.99.00 Free,
8703.23.01 2.5% then 3% from 2025-07-01; CN +10% (02-04..03-04) then +20%;
CA/MX +25% (CA energy 10%) from 03-04; world +10% from 04-05 (not CA/MX);
CN 125% replacing it 04-10..05-14; DE/FR 15% all-in floor from 08-07;
232 autos 25% from 04-03 (displacing IEEPA); CN postal $100 each from 05-02;
de minimis <= $800 (suspended for CN from 05-02); MPF and HMF.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest

import tariffs
from conftest import FIXTURE_PATH

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MILLION = Decimal(1_000_000)
# The panel's convention: an ocean entry of 1,000,000 with every quantity zero.
ZERO_QTY = {"kg": 0, "bbl": 0, "doz": 0, "no": 0}
CODES = ["0406.10.10", "1806.20.24", "2709.00.10", "4901.99.00", "6109.10.00", "8703.23.01"]


def d(s: str) -> datetime.date:
    return datetime.date.fromisoformat(s)


# ---------------------------------------------------------------- change_dates


def test_change_dates_are_every_start_and_end_in_the_file(full_fixture):
    data = json.load(open(FIXTURE_PATH))
    us = data["importers"][0]
    want = set()
    items = us["base"]["lines"] + us["measures"] + us["exemptions"] + us["fees"]
    items += [s for x in us["exemptions"] for s in x.get("suspensions", [])]
    for item in items:
        want.add(d(item["from"]))
        if item.get("until"):
            want.add(d(item["until"]))
    got = full_fixture.change_dates()
    assert got == sorted(want)
    assert all(type(x) is datetime.date for x in got)
    assert d("2025-05-02") in got and d("2025-05-14") in got
    assert full_fixture.change_dates(importer="us") == got


def test_change_dates_bad_importer(full_fixture):
    with pytest.raises(tariffs.InvalidInput) as ei:
        full_fixture.change_dates("CA")  # a country, but not an importer of the schedule
    assert ei.value.field == "importer" and ei.value.kind == "unknown_importer"
    with pytest.raises(tariffs.InvalidInput) as ei:
        full_fixture.change_dates("XX")
    assert ei.value.field == "importer" and ei.value.value == "XX"


# ------------------------------------------------------------------ rate_panel


def panel_matches_quotes(schedule, panel, date):
    """Every cell equals the quote of an ocean entry of 1,000,000 with zero quantities."""
    authorities = [c for c in panel.columns if c not in ("date", "hts", "origin", "total", "specific", "error")]
    assert authorities == [a for a in schedule.authorities if a not in ("mpf", "hmf")]
    checked = 0
    for row in panel.itertuples(index=False):
        row = row._asdict()
        assert row["date"] == date
        try:
            q = schedule.quote(row["hts"], row["origin"], MILLION, date, mode="ocean", quantities=ZERO_QTY)
        except tariffs.TariffsError as e:
            assert row["error"] == str(e)
            assert row["total"] is None
            continue
        assert pd.isna(row["error"]), row
        assert row["total"] == q.duty / MILLION, row
        for a in authorities:
            assert row[a] == q.amount_of(a) / MILLION, (row, a)
        checked += 1
    return checked


@pytest.mark.parametrize("date", ["2025-02-10", "2025-04-15", "2025-05-14", "2025-08-07"])
def test_panel_cells_equal_one_by_one_quotes(full_fixture, date):
    origins = ["CN", "HK", "MX", "CA", "DE", "FR", "VN", "CU", "KP", "GB"]
    panel = full_fixture.rate_panel(date, origins=origins)
    assert len(panel) == len(CODES) * len(origins)
    assert list(panel["hts"].unique()) == CODES  # code-major, sorted
    assert list(panel["origin"][: len(origins)]) == origins  # in the order given
    assert panel_matches_quotes(full_fixture, panel, d(date)) == len(panel)


def test_panel_for_every_origin(full_fixture):
    panel = full_fixture.rate_panel(datetime.date(2025, 4, 15))
    origins = list(panel["origin"].unique())
    assert "US" not in origins and "CN" in origins and len(origins) > 240
    assert len(panel) == len(CODES) * len(origins)
    assert panel_matches_quotes(full_fixture, panel, d("2025-04-15")) == len(panel)


def test_panel_figures_by_hand(full_fixture):
    p = full_fixture.rate_panel("2025-04-15", origins=["CN", "MX", "DE"]).set_index(["hts", "origin"])
    # 16.5% MFN + 20% fentanyl + 125% reciprocal = 161.5%
    assert p.loc[("6109.10.00", "CN"), "total"] == Decimal("1.615")
    assert p.loc[("6109.10.00", "CN"), "mfn"] == Decimal("0.165")
    # MX: 16.5% + 25% (no USMCA claim in a panel)
    assert p.loc[("6109.10.00", "MX"), "total"] == Decimal("0.415")
    # autos from CN: 2.5% + 25% section 232, which displaces both IEEPA duties
    assert p.loc[("8703.23.01", "CN"), "total"] == Decimal("0.275")
    assert p.loc[("8703.23.01", "CN"), "ieepa_fentanyl"] == 0
    # chocolate: only the 14.9% ad valorem part of 46.3¢/kg + 14.9% (kg = 0), flagged
    assert p.loc[("1806.20.24", "DE"), "mfn"] == Decimal("0.149")
    assert bool(p.loc[("1806.20.24", "DE"), "specific"]) is True
    assert bool(p.loc[("6109.10.00", "DE"), "specific"]) is False
    # Decimals without trailing zeros in pandas
    assert str(p.loc[("6109.10.00", "CN"), "total"]) == "1.615"
    assert str(p.loc[("8703.23.01", "CN"), "ieepa_fentanyl"]) == "0"


def test_panel_arrow_types_are_exact(full_fixture):
    t = full_fixture.rate_panel("2025-08-07", origins=["DE", "CN"], as_="arrow")
    assert isinstance(t, pa.Table)
    assert t.column_names[:4] == ["date", "hts", "origin", "total"]
    assert t.column_names[-2:] == ["specific", "error"]
    assert t.schema.field("date").type == pa.date32()
    assert t.schema.field("hts").type == pa.string()
    assert t.schema.field("total").type == pa.decimal128(38, 10)
    assert t.schema.field("mfn").type == pa.decimal128(38, 10)
    assert t.schema.field("specific").type == pa.bool_()
    assert t.column("error").null_count == t.num_rows
    rows = {(r["hts"], r["origin"]): r for r in t.to_pylist()}
    # EU floor: 15% all-in counting MFN; 16.5% MFN is above it, so 0 more.
    assert rows[("6109.10.00", "DE")]["total"] == Decimal("0.165")
    # Autos: 3% MFN from 2025-07-01 + 25% section 232; the floor tops up to 15% - 3% = 12%.
    assert rows[("8703.23.01", "DE")]["ieepa_reciprocal"] == Decimal("0.12")
    assert rows[("8703.23.01", "DE")]["total"] == Decimal("0.40")
    df = full_fixture.rate_panel("2025-08-07", origins="DE", dtype_backend="pyarrow")
    assert str(df["total"].dtype) == "decimal128(38, 10)[pyarrow]"


def test_panel_bad_arguments_name_the_field(full_fixture):
    s = full_fixture
    cases = [
        (dict(date="2025-13-01"), "date"),
        (dict(date="2025-04-15", importer="XX"), "importer"),
        (dict(date="2025-04-15", importer="CA"), "importer"),
        (dict(date="2025-04-15", origins=["CN", "ZZ"]), "origins"),
        (dict(date="2025-04-15", as_="polars"), "as_"),
        (dict(date="2025-04-15", dtype_backend="numpy"), "dtype_backend"),
        (dict(date=pd.Timestamp("2025-04-15 10:30")), "date"),
    ]
    for kw, field in cases:
        with pytest.raises(tariffs.InvalidInput) as ei:
            s.rate_panel(**kw)
        assert ei.value.field == field, kw
        assert field in str(ei.value)
    with pytest.raises(TypeError, match="date"):
        s.rate_panel(20250415)
    with pytest.raises(TypeError, match="origin"):
        s.rate_panel("2025-04-15", origins=[1])
    # A midnight Timestamp is its date.
    a = s.rate_panel(pd.Timestamp("2025-04-15"), origins="CN")
    assert a["date"][0] == d("2025-04-15")


# -------------------------------------------------------------- effective_rate


def random_basket(n: int, seed: int = 3):
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        hts = rnd.choice(CODES + ["6109.10.00.12", "0101.10.10"])
        rows.append({
            "hts": hts,
            "origin": rnd.choice(["CN", "CN", "MX", "CA", "DE", "VN", "FR", "CU"]),
            "value": Decimal(rnd.randint(100, 5_000_000)) / 100,
            "date": d("2025-01-01") + datetime.timedelta(days=rnd.randint(0, 729)),
            "mode": rnd.choice(["ocean", "air", "express", "postal", "truck"]),
            "claims": rnd.choice([None, None, "USMCA"]),
            # Some rows lack the quantity their specific rate needs: row errors.
            "qty_kg": rnd.choice([None, Decimal(rnd.randint(1, 10_000)) / 10]),
            "qty_bbl": rnd.choice([None, Decimal(rnd.randint(1, 500))]),
            "qty_no": rnd.choice([None, Decimal(rnd.randint(1, 5))]),
        })
    return rows


def quote_row(schedule, r, date=None):
    q = {u: r[f"qty_{u}"] for u in ("kg", "bbl", "no") if r[f"qty_{u}"] is not None}
    return schedule.quote(r["hts"], r["origin"], r["value"], date or r["date"], mode=r["mode"],
                          claims=r["claims"], quantities=q)


def sums_by_hand(schedule, rows, date=None):
    """{(kind, group): [value, duty, entries]} and {row: message} from one-by-one quotes."""
    groups, errors = {}, {}

    def add(key, value, duty):
        g = groups.setdefault(key, [Decimal(0), Decimal(0), 0])
        g[0] += value
        g[1] += duty
        g[2] += 1

    auth = [a for a in schedule.authorities if a not in ("mpf", "hmf")]
    for i, r in enumerate(rows):
        try:
            q = quote_row(schedule, r, date)
        except tariffs.TariffsError as e:
            errors[i] = str(e)
            continue
        add(("overall", "all"), q.customs_value, q.duty)
        add(("origin", r["origin"]), q.customs_value, q.duty)
        add(("chapter", r["hts"][:2]), q.customs_value, q.duty)
        for a in auth:
            add(("authority", a), q.customs_value, q.amount_of(a))
    return groups, errors


def rate_of(value: Decimal, duty: Decimal) -> Decimal:
    return (duty / value).quantize(Decimal("0.000001"), ROUND_HALF_UP) if value else Decimal(0)


def check_rates(df, groups):
    assert len(df) == len(groups)
    for r in df.itertuples(index=False):
        value, duty, entries = groups[(r.group_kind, r.group)]
        assert (r.value, r.duty, r.entries) == (value, duty, entries), r
        assert r.rate == rate_of(value, duty), r
        assert all(type(x) is Decimal for x in (r.value, r.duty, r.rate))


def test_effective_rate_equals_sums_of_quotes_on_each_rows_date(full_fixture):
    rows = random_basket(400)
    df = pd.DataFrame(rows)
    with pytest.warns(RuntimeWarning, match="could not be quoted"):
        out = full_fixture.effective_rate(df)
    assert list(out.columns) == ["group_kind", "group", "value", "duty", "rate", "entries"]
    groups, errors = sums_by_hand(full_fixture, rows)
    check_rates(out, groups)
    assert 20 < len(errors) < 300  # both paths exercised
    got = {e.row: e for e in out.attrs["errors"]}
    assert {i: e.message for i, e in got.items()} == errors
    kinds = {e.kind for e in got.values()}
    assert {"missing_quantity", "unknown_code"} <= kinds
    assert all(e.date is None or isinstance(e.date, datetime.date) for e in got.values())
    # Group kinds come in order: overall first, then origin, authority, chapter.
    assert out["group_kind"].iloc[0] == "overall"
    assert list(dict.fromkeys(out["group_kind"])) == ["overall", "origin", "authority", "chapter"]
    # Authority rates add up to the overall rate's duty.
    auth = out[out.group_kind == "authority"]
    assert sum(auth["duty"]) == out["duty"].iloc[0]


def test_effective_rate_redated_and_series(full_fixture):
    rows = [r for r in random_basket(150, seed=9)]
    table = pa.table({
        "hts": [r["hts"] for r in rows],
        "origin": [r["origin"] for r in rows],
        "value": pa.array([r["value"] for r in rows], pa.decimal128(12, 2)),
        "mode": [r["mode"] for r in rows],
        "claims": [r["claims"] for r in rows],
        "qty_kg": pa.array([r["qty_kg"] for r in rows], pa.decimal128(12, 1)),
        "qty_bbl": pa.array([r["qty_bbl"] for r in rows], pa.decimal128(12, 0)),
        "qty_no": pa.array([r["qty_no"] for r in rows], pa.decimal128(12, 0)),
    })  # no date column: re-dated
    dates = [d("2025-03-10"), "2025-05-13", pd.Timestamp("2025-05-14"), d("2025-08-07")]
    with pytest.warns(RuntimeWarning):
        series = full_fixture.effective_rate(table, dates, by=["origin"])
    assert list(series.columns) == ["date", "group_kind", "group", "value", "duty", "rate", "entries"]
    assert set(series["group_kind"]) == {"overall", "origin"}
    for when in dates:
        day = d(str(when)[:10])
        block = series[series["date"] == day]
        groups, errors = sums_by_hand(full_fixture, rows, day)
        groups = {k: v for k, v in groups.items() if k[0] in ("overall", "origin")}
        check_rates(block, groups)
        assert {e.row: e.message for e in series.attrs["errors"] if e.date == day} == errors
    # One date: the same as that block of the series.
    with pytest.warns(RuntimeWarning):
        one = full_fixture.effective_rate(table, "2025-05-14", by="origin")
    block = series[series["date"] == d("2025-05-14")].reset_index(drop=True)
    pd.testing.assert_frame_equal(one, block, check_dtype=False)


def test_effective_rate_by_hand(full_fixture):
    # CN 1,000 + VN 3,000 of T-shirts by air on 2025-03-10:
    # CN 16.5% + 20% = 365; VN 16.5% = 495; overall 860 / 4,000 = 0.215.
    basket = pd.DataFrame({"hts": ["6109.10.00", "6109.10.00"], "origin": ["CN", "VN"],
                           "value": ["1000", "3000"], "date": ["2025-03-10", "2025-03-10"], "mode": "air"},
                          index=["a", "b"])
    out = full_fixture.effective_rate(basket)
    r = {(k, g): (v, du, ra) for k, g, v, du, ra in
         zip(out.group_kind, out.group, out.value, out.duty, out.rate)}
    assert r[("overall", "all")] == (Decimal(4000), Decimal("860"), Decimal("0.215"))
    assert r[("origin", "CN")][2] == Decimal("0.365")
    assert r[("authority", "ieepa_fentanyl")] == (Decimal(4000), Decimal(200), Decimal("0.05"))
    assert r[("chapter", "61")][1] == Decimal(860)
    assert out.attrs["errors"] == []
    # On 2025-05-14 (re-dated): CN 16.5 + 20 + 10 = 465, VN 16.5 + 10 = 795 -> 1,260 / 4,000.
    out = full_fixture.effective_rate(basket, "2025-05-14", by=())
    assert list(out["group_kind"]) == ["overall"] and out["rate"][0] == Decimal("0.315")
    assert out["date"][0] == d("2025-05-14")
    # A row error carries the pandas index label.
    basket.loc["c"] = ["0406.10.10", "FR", "5000", "2025-03-10", "air"]  # $1.035/kg without kg
    with pytest.warns(RuntimeWarning, match="1 of 3 basket rows"):
        out = full_fixture.effective_rate(basket)
    (e,) = out.attrs["errors"]
    assert (e.row, e.index, e.kind, e.field) == (2, "c", "missing_quantity", "quantities")
    assert out["entries"][0] == 2


def test_effective_rate_bad_arguments(full_fixture):
    s = full_fixture
    basket = pd.DataFrame({"hts": ["6109.10.00"], "origin": ["CN"], "value": ["1000"]})
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.effective_rate(basket)  # no date column and no date
    assert ei.value.field == "date"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.effective_rate(basket.drop(columns=["value"]), "2025-05-01")
    assert ei.value.field == "value"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.effective_rate(basket, "2025-05-01", by=("origin", "sector"))
    assert ei.value.field == "by" and ei.value.value == "sector"
    for bad in ["2025-02-30", ["2025-05-01", "May 2"], pd.Timestamp("2025-05-01 12:00")]:
        with pytest.raises(tariffs.InvalidInput) as ei:
            s.effective_rate(basket, bad)
        assert ei.value.field == "date", bad
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.effective_rate(basket, [])
    assert ei.value.field == "date"
    with pytest.raises(TypeError, match="float"):
        s.effective_rate(basket.assign(value=[1000.0]), "2025-05-01")
    with pytest.raises(TypeError, match="DataFrame"):
        s.effective_rate([{"hts": "6109.10.00"}], "2025-05-01")


def test_effective_rate_empty_basket(full_fixture):
    out = full_fixture.effective_rate(pd.DataFrame({"hts": [], "origin": [], "value": []}), "2025-05-01")
    assert list(out["group_kind"]) == ["overall"] and out["entries"][0] == 0 and out["rate"][0] == 0


# ------------------------------------------------------ with_overlay / scenario


def tee(schedule, origin, date, value="1000", mode="air"):
    return schedule.quote("6109.10.00", origin, value, date, mode=mode).duty


def test_scenario_changes_quotes_as_computed_by_hand(full_fixture):
    s = full_fixture
    # cn-extra-20 at 50%: 16.5% + 50% of 1,000 = 665 (instead of 365).
    high = s.scenario().set_rate("cn-extra-20", "50%").build()
    assert tee(s, "CN", "2025-03-10") == Decimal("365.00")
    assert tee(high, "CN", "2025-03-10") == Decimal("665.00")
    # cn-125 kept until 2025-06-01: 16.5 + 20 + 125 = 1,615 on 2025-05-20 (instead of 16.5 + 20 + 10 = 465).
    longer = s.scenario().set_dates("cn-125", "2025-04-10", d("2025-06-01")).build()
    assert tee(s, "CN", "2025-05-20") == Decimal("465.00")
    assert tee(longer, "CN", "2025-05-20") == Decimal("1615.00")
    assert tee(longer, "CN", "2025-06-01") == Decimal("465.00")
    # Without cn-extra-20, CN pays 16.5 + 10 = 265 instead of 465.
    no_cn20 = s.scenario().remove("cn-extra-20").build()
    assert tee(s, "CN", "2025-06-01") == Decimal("465.00")
    assert tee(no_cn20, "CN", "2025-06-01") == Decimal("265.00")
    # A new 46% on VN from 2025-07-09 replacing the baseline: 165 + 460 = 625.
    vn = s.scenario().add_measure({
        "id": "vn-46", "authority": "ieepa_reciprocal", "heading": "9903.01.99", "rate": "46%",
        "description": "what if: 46% on products of Vietnam",
        "origins": {"include": ["VN"]}, "from": d("2025-07-09"), "excludes": ["id:world-10"],
        "source": "test scenario",
    }).build()
    assert tee(vn, "VN", "2025-07-08") == Decimal("265.00")
    assert tee(vn, "VN", "2025-07-09") == Decimal("625.00")
    # The original is unchanged.
    assert tee(s, "CN", "2025-03-10") == Decimal("365.00")


def postal_parcel(schedule):
    # $50 of T-shirts from CN by post on 2025-06-01 (de minimis suspended):
    # 16.5% 8.25 + 20% 10.00 + 10% 5.00 = 23.25, plus the postal duty of $100 per item.
    return schedule.quote("6109.10.00", "CN", "50", "2025-06-01", mode="postal", quantities={"no": 1}).duty


def test_scenario_is_immutable_and_chains(full_fixture):
    assert postal_parcel(full_fixture) == Decimal("123.25")
    base = full_fixture.scenario("US").remove("postal-cn")
    a = base.set_rate("cn-extra-20", "50%")
    b = base.set_rate("cn-extra-20", "10%")
    assert "remove" in repr(base) and "50%" in repr(a) and "50%" not in repr(b)
    assert repr(full_fixture.scenario()) == "<Scenario (no changes)>"
    sa, sb = a.build(), b.build()
    assert tee(sa, "CN", "2025-06-01") == Decimal("765.00")  # 16.5 + 50 + 10
    assert tee(sb, "CN", "2025-06-01") == Decimal("365.00")  # 16.5 + 10 + 10
    assert postal_parcel(sa) == Decimal("38.25")  # 8.25 + 25.00 + 5.00, no postal duty
    # The overlay text reproduces the scenario.
    again = full_fixture.with_overlay(a.to_overlay_json())
    assert tee(again, "CN", "2025-06-01") == Decimal("765.00")
    assert postal_parcel(again) == Decimal("38.25")


def test_with_overlay_text_dict_and_path(full_fixture, tmp_path):
    overlay = {
        "format": "tariffs-schedule/1",
        "version": {"name": "what-if"},
        "importers": [{"country": "US", "currency": "USD", "measures": [{
            "id": "cn-extra-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
            "description": "what if: 40% on products of China",
            "rate": "40%", "origins": {"include": ["CN"]}, "from": "2025-03-04", "source": "test",
        }], "remove": ["postal-cn"]}],
    }
    path = tmp_path / "overlay.json"
    path.write_text(json.dumps(overlay))
    for arg in [overlay, json.dumps(overlay), "  \n" + json.dumps(overlay), path, str(path)]:
        s = full_fixture.with_overlay(arg)
        assert s.version.name == "fixture + what-if"
        assert tee(s, "CN", "2025-06-01") == Decimal("665.00")  # 16.5 + 40 + 10
        assert postal_parcel(s) == Decimal("33.25")  # 8.25 + 20.00 + 5.00, no postal duty
    assert tee(full_fixture, "CN", "2025-06-01") == Decimal("465.00")  # 16.5 + 20 + 10


def test_overlay_and_scenario_errors_name_the_field(full_fixture, tmp_path):
    s = full_fixture
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.scenario().set_rate("no-such-measure", "5%")
    assert (ei.value.field, ei.value.value) == ("id", "no-such-measure")
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.scenario().set_rate("cn-extra-20", "fifty")
    assert (ei.value.field, ei.value.value) == ("rate", "fifty")
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.scenario().set_dates("cn-extra-20", "2025-05-01", "2025-04-01")
    assert ei.value.field == "until"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.scenario().set_dates("cn-extra-20", "2025-02-30")
    assert ei.value.field == "from"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.scenario("XX")
    assert ei.value.field == "importer"
    with pytest.raises(tariffs.ScheduleError) as ei:
        s.scenario().remove("nope").build()
    assert ei.value.field == "remove" and "nope" in str(ei.value)
    with pytest.raises(tariffs.ScheduleError) as ei:
        s.scenario().add_measure({"id": "x"})
    assert "authority" in str(ei.value)
    with pytest.raises(tariffs.ScheduleError) as ei:
        s.with_overlay(tmp_path / "missing.json")
    assert ei.value.kind == "io" and "missing.json" in str(ei.value)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tariffs-schedule/1", "importers": [}')
    with pytest.raises(tariffs.ScheduleError) as ei:
        s.with_overlay(bad)
    assert "bad.json" in str(ei.value)
    with pytest.raises(tariffs.ScheduleError) as ei:
        s.with_overlay({"format": "tariffs-schedule/1", "importers": [
            {"country": "US", "currency": "USD", "measures": [
                {"id": "m", "authority": "a", "description": "d", "rate": "5%", "origins": {"include": ["CN"]},
                 "from": "2025-01-01", "source": " "}]}]})
    assert ei.value.field == "source"
    with pytest.raises(TypeError, match="overlay"):
        s.with_overlay(42)


# ------------------------------------------------------------------------ diff


def changed_cells(before, after):
    """The cells that differ between two pandas panels, by hand."""
    auth = [c for c in before.columns if c not in ("date", "hts", "origin", "specific", "error")]
    out = set()
    b = before.set_index(["hts", "origin"])
    a = after.set_index(["hts", "origin"])
    for key in b.index.intersection(a.index):
        for c in auth:
            if b.loc[key, c] != a.loc[key, c]:
                out.add((key[0], key[1], c, b.loc[key, c], a.loc[key, c]))
    return out


def as_set(diff):
    return {(r.hts, r.origin, r.authority, r.before, r.after) for r in diff.itertuples()}


def test_diff_of_two_dates_only_cn_changes(full_fixture):
    s = full_fixture
    diff = s.diff(None, "2025-05-13", other_date="2025-05-14")
    assert list(diff.columns) == ["hts", "origin", "authority", "before", "after"]
    # cn-125 ends on 2025-05-14 and world-10 applies again: only CN rows change...
    assert set(diff["origin"]) == {"CN"}
    # ...on every line but the autos (section 232 displaces both), total and reciprocal.
    assert set(diff["hts"]) == {"0406.10.10", "1806.20.24", "2709.00.10", "4901.99.00", "6109.10.00"}
    assert set(diff["authority"]) == {"total", "ieepa_reciprocal"}
    row = diff[(diff.hts == "6109.10.00") & (diff.authority == "total")].iloc[0]
    assert (row.before, row.after) == (Decimal("1.615"), Decimal("0.465"))
    # Exactly the cells that differ between the two panels.
    want = changed_cells(s.rate_panel("2025-05-13"), s.rate_panel("2025-05-14"))
    assert as_set(diff) == want and len(diff) == len(want)


def test_diff_of_two_schedules(full_fixture):
    s = full_fixture
    high = s.scenario().set_rate("cn-extra-20", "50%").build()
    diff = s.diff(high, "2025-06-01", origins=["CN", "VN", "MX"])
    assert set(diff["origin"]) == {"CN"}
    assert set(diff["authority"]) == {"total", "ieepa_fentanyl"}
    row = diff[(diff.hts == "6109.10.00") & (diff.authority == "total")].iloc[0]
    assert (row.before, row.after) == (Decimal("0.465"), Decimal("0.765"))  # 16.5 + 20 + 10 -> 16.5 + 50 + 10
    want = changed_cells(s.rate_panel("2025-06-01", origins=["CN", "VN", "MX"]),
                         high.rate_panel("2025-06-01", origins=["CN", "VN", "MX"]))
    assert as_set(diff) == want
    # Two schedules on two dates; Arrow out.
    t = s.diff(high, "2025-03-01", other_date="2025-06-01", origins="CN", as_="arrow")
    assert t.schema.field("before").type == pa.decimal128(38, 10)
    assert t.num_rows > 0
    # Identical: nothing.
    assert len(s.diff(s, "2025-06-01")) == 0


def test_diff_bad_arguments(full_fixture):
    s = full_fixture
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.diff(None, "2025-05-13")
    assert ei.value.field == "other_date"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.diff(None, "2025-05-13", other_date="2025-05-32")
    assert ei.value.field == "other_date"
    with pytest.raises(tariffs.InvalidInput) as ei:
        s.diff(None, "2025-05-13", other_date="2025-05-14", importer="MX")
    assert ei.value.field == "importer"
    with pytest.raises(TypeError, match="Schedule"):
        s.diff("builtin", "2025-05-13")


# ------------------------------------------------------------------- threads


def test_analysis_calls_share_one_schedule_across_threads(full_fixture):
    from concurrent.futures import ThreadPoolExecutor

    s = full_fixture
    rows = [r for r in random_basket(600, seed=4)
            if r["hts"][:4] in ("6109", "4901", "8703") and r["mode"] != "postal"]
    basket = pd.DataFrame(rows).drop(columns=["qty_kg", "qty_bbl", "qty_no"])
    want_panel = s.rate_panel("2025-04-15", as_="arrow")
    want_diff = s.diff(None, "2025-05-13", other_date="2025-05-14", as_="arrow")
    want_rates = s.effective_rate(basket, "2025-06-01")
    assert want_rates.attrs["errors"] == [] and want_rates["entries"][0] == len(rows)

    def run(k):
        if k % 3 == 0:
            return s.rate_panel("2025-04-15", as_="arrow").equals(want_panel)
        if k % 3 == 1:
            return s.diff(None, "2025-05-13", other_date="2025-05-14", as_="arrow").equals(want_diff)
        return s.effective_rate(basket, "2025-06-01").equals(want_rates)

    with ThreadPoolExecutor(6) as ex:
        assert all(ex.map(run, range(24)))


# ---------------------------------------------------------------- the examples


def run_example(*args, timeout=300):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def test_bench_script_smoke():
    r = run_example("examples/python/bench_analysis.py", "--rows", "3000", "--schedule", FIXTURE_PATH)
    assert r.returncode == 0, r.stderr
    for text in ("quote_many", "rows/s", "pandas", "agree", "rate_panel", "builtin"):
        assert text in r.stdout, (text, r.stdout)


def test_effective_rate_series_example(tmp_path):
    out = tmp_path / "series.png"
    r = run_example("examples/python/effective_rate_series.py", "--schedule", FIXTURE_PATH, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "China" in r.stdout and "Canada" in r.stdout and "Mexico" in r.stdout and "all other" in r.stdout
    assert "2025-05-14" in r.stdout
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib" in r.stdout
    else:
        assert out.exists() and out.stat().st_size > 1000
