"""What a schedule covers: Schedule.coverage(), Quote.warnings, the warning
column of quote_many, Schedule.strict(), NotCovered, Prohibited, the Chapter
99 report and Schedule.with_hts_export.

Dates are asserted on tests/fixtures/schedule.json (base lines from
2025-01-01, policy reviewed through 2025-06-01), never on the builtin
schedule, whose reviewed-through date moves whenever newer policy is
integrated. MFN 6109.10.00 is 16.5% in that fixture and a 10% baseline
applies to Vietnam from 2025-04-05, so a $1,000 Vietnamese T-shirt entry by
air owes 165.00 + 100.00 = 265.00 of duty, warning or not.

tests/fixtures/hts_export_sample.json is a fixture export in the USITC format
whose 6109.10.00 general rate is a made-up 18% (the real one, and the
builtin's, is 16.5%), with the real heading 9903.88.15 (modelled by the
builtin) and a made-up 9903.99.98 that nothing models.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import pickle
from decimal import Decimal

import pytest

import tariffs
from conftest import requires_builtin_us

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
SAMPLE = os.path.join(FIXTURES, "hts_export_sample.json")
FIXTURE_SCHEDULE = os.path.join(FIXTURES, "schedule.json")
REVIEWED = datetime.date(2025, 6, 1)
FIRST = datetime.date(2025, 1, 1)

# An import ban (the one of tests/coverage.rs): T-shirts of Vietnam in March
# 2025, unless the claim ARRIVED_BEFORE_BAN is made.
BAN = {
    "format": "tariffs-schedule/1",
    "importers": [{
        "country": "US", "currency": "USD",
        "prohibitions": [{
            "id": "ban-vn-shirts", "authority": "test_ban", "heading": "9903.99.99",
            "description": "T-shirts of Vietnam may not be entered",
            "origins": {"include": ["VN"]}, "products": {"include": ["6109"]},
            "from": "2025-03-01", "until": "2025-04-01",
            "conditions": {"not_claims": ["ARRIVED_BEFORE_BAN"]},
            "source": "A made-up proclamation for this test",
        }],
    }],
}


def shirt(schedule, date, origin="VN", **kw):
    return schedule.quote("6109.10.00.12", origin, Decimal("1000"), date, mode="air", **kw)


# ---- coverage ---------------------------------------------------------------


def test_coverage_of_a_schedule_file(full_fixture):
    c = full_fixture.coverage()
    assert isinstance(c, tariffs.Coverage)
    assert c.name == "fixture"
    assert c.first_date == FIRST  # no first_date in the file: the earliest base line's
    assert c.reviewed_through == REVIEWED
    assert c.hts_revision == full_fixture.version.hts_revision
    assert c.base_revision == c.hts_revision
    assert (c.hts_published, c.hts_effective) == (None, None)
    # A schedule file knows no revision's Chapter 99.
    assert (c.chapter99_headings, c.chapter99_modelled) == (0, 0)
    assert full_fixture.chapter99_report() == []
    assert full_fixture.unmodelled_chapter99() == []
    d = c.to_dict()
    assert d == {
        "name": "fixture", "first_date": FIRST, "hts_revision": c.hts_revision,
        "hts_published": None, "hts_effective": None, "base_revision": c.base_revision,
        "reviewed_through": REVIEWED, "chapter99_headings": 0, "chapter99_modelled": 0,
    }
    assert "reviewed_through=2025-06-01" in repr(c) and "first_date=2025-01-01" in repr(c)


def test_a_bare_schedule_covers_every_date():
    c = tariffs.Schedule.from_json('{"format": "tariffs-schedule/1"}').coverage()
    assert (c.first_date, c.reviewed_through, c.name) == (None, None, "")


# ---- warnings ---------------------------------------------------------------


def test_no_warning_on_the_reviewed_date_and_one_the_day_after(full_fixture):
    q = shirt(full_fixture, "2025-06-01")
    assert q.warnings == []
    assert q.to_dict()["warnings"] == []
    assert q.duty == Decimal("265.00")

    q = shirt(full_fixture, datetime.date(2025, 6, 2))
    assert len(q.warnings) == 1
    w = q.warnings[0]
    assert isinstance(w, tariffs.QuoteWarning)
    assert w.kind == "after_reviewed_date"
    assert "2025-06-02" in w.message and "2025-06-01" in w.message
    assert str(w) == w.message
    assert repr(w).startswith("<QuoteWarning after_reviewed_date: entry date 2025-06-02")
    assert w.to_dict() == {"kind": "after_reviewed_date", "message": w.message}
    # The numbers are still given.
    assert q.duty == Decimal("265.00")
    # ... and the warning is everywhere the quote is shown.
    assert q.to_dict()["warnings"] == [w.to_dict()]
    assert json.loads(q.to_json())["warnings"] == [w.to_dict()]
    assert "\n  warning: entry date 2025-06-02 is after 2025-06-01" in str(q)
    assert repr(q).endswith("(1 warning)>")


# ---- strict schedules and NotCovered ----------------------------------------


def test_a_strict_schedule_refuses_dates_after_the_review(full_fixture):
    strict = full_fixture.strict()
    assert isinstance(strict, tariffs.Schedule)
    assert strict.is_strict and not full_fixture.is_strict
    assert not strict.strict(False).is_strict
    assert full_fixture.strict(True).is_strict
    assert "strict" in repr(strict) and "strict" not in repr(full_fixture)

    with pytest.raises(tariffs.NotCovered) as ei:
        shirt(strict, "2025-06-02")
    e = ei.value
    assert (e.kind, e.field, e.value) == ("not_covered", "entry_date", "2025-06-02")
    assert (e.first_date, e.reviewed_through, e.strict) == (FIRST, REVIEWED, True)
    assert "strict" in str(e) and "2025-06-01" in str(e)
    assert isinstance(e, LookupError)
    # On the reviewed date: quoted as usual.
    q = shirt(strict, "2025-06-01")
    assert q.duty == Decimal("265.00") and q.warnings == []
    # The original is unchanged.
    assert len(shirt(full_fixture, "2025-06-02").warnings) == 1
    # Overlays keep strictness.
    assert strict.with_overlay(BAN).is_strict
    assert strict.coverage().to_dict() == full_fixture.coverage().to_dict()


def test_a_date_before_the_first_date_is_not_covered(full_fixture):
    with pytest.raises(tariffs.NotCovered) as ei:
        shirt(full_fixture, "2024-12-31")
    e = ei.value
    assert (e.kind, e.field, e.value) == ("not_covered", "entry_date", "2024-12-31")
    assert (e.first_date, e.reviewed_through, e.strict) == (FIRST, REVIEWED, False)
    assert "before 2025-01-01" in str(e)
    assert shirt(full_fixture, FIRST).duty == Decimal("165.00")


def test_not_covered_pickles_with_its_details(full_fixture):
    with pytest.raises(tariffs.NotCovered) as ei:
        shirt(full_fixture.strict(), "2025-06-02")
    e2 = pickle.loads(pickle.dumps(ei.value))
    assert type(e2) is tariffs.NotCovered
    assert (e2.kind, e2.field, e2.value, str(e2)) == ("not_covered", "entry_date", "2025-06-02", str(ei.value))
    assert (e2.first_date, e2.reviewed_through, e2.strict) == (FIRST, REVIEWED, True)


# ---- Prohibited -------------------------------------------------------------


def test_a_banned_entry_raises_prohibited_naming_the_ban(full_fixture):
    s = full_fixture.with_overlay(BAN)
    with pytest.raises(tariffs.Prohibited) as ei:
        shirt(s, "2025-03-10")
    e = ei.value
    assert (e.kind, e.field, e.value) == ("prohibited", "hts", "6109.10.00.12")
    assert e.ban == {
        "importer": "US", "id": "ban-vn-shirts",
        "description": "T-shirts of Vietnam may not be entered",
        "source": "A made-up proclamation for this test",
    }
    assert "prohibited" in str(e) and "ban-vn-shirts" in str(e)
    assert not isinstance(e, ValueError)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is tariffs.Prohibited and e2.ban == e.ban and str(e2) == str(e)
    # Outside its origins or dates, or with the claim it excepts: 16.5% MFN
    # (before the fixture's 10% baseline of 2025-04-05).
    assert shirt(s, "2025-03-10", origin="TH").duty == Decimal("165.00")
    assert shirt(s, "2025-02-28").duty == Decimal("165.00")
    assert shirt(s, "2025-03-10", claims=["ARRIVED_BEFORE_BAN"]).duty == Decimal("165.00")


def test_a_banned_row_fails_only_itself_in_quote_many(full_fixture):
    pa = pytest.importorskip("pyarrow")
    s = full_fixture.with_overlay(json.dumps(BAN))
    out = s.quote_many(pa.table({
        "hts": ["6109.10.00.12"] * 3, "origin": ["VN", "TH", "VN"], "value": ["1000"] * 3,
        "date": ["2025-03-10"] * 3, "mode": ["air"] * 3,
    })).to_pylist()
    assert [o["duty"] for o in out] == [None, Decimal("165.00"), None]
    assert "ban-vn-shirts" in out[0]["error"] and out[1]["error"] is None
    assert [o["warning"] for o in out] == [None, None, None]


# ---- the warning column of quote_many ----------------------------------------


def dated_rows():
    # On, after and before the covered range; a bad code.
    return {
        "hts": ["6109.10.00.12", "6109.10.00.12", "6109.10.00.12", "bad"],
        "origin": ["VN"] * 4,
        "value": [Decimal("1000")] * 4,
        "date": ["2025-06-01", "2025-06-02", "2024-12-31", "2025-06-02"],
        "mode": ["air"] * 4,
    }


def test_quote_many_flags_rows_after_the_review_in_a_warning_column(full_fixture):
    pa = pytest.importorskip("pyarrow")
    out = full_fixture.quote_many(pa.table(dated_rows()))
    assert out.column_names[-3:] == ["error", "error_kind", "warning"]
    t = out.schema.field("warning").type
    assert pa.types.is_dictionary(t) and t.value_type == pa.string()
    rows = out.to_pylist()
    assert rows[0]["warning"] is None
    assert "2025-06-01" in rows[1]["warning"] and "reviewed through" in rows[1]["warning"]
    # Warned rows keep their amounts; failed rows have no warning.
    assert [r["duty"] for r in rows] == [Decimal("265.00"), Decimal("265.00"), None, None]
    assert rows[2]["warning"] is None and "before 2025-01-01" in rows[2]["error"]
    assert rows[3]["warning"] is None and rows[3]["error"].startswith('invalid hts "bad"')
    assert out.column("warning").null_count == 3
    # Its text is stored once.
    assert len(out.column("warning").chunk(0).dictionary) == 1
    # As plain strings, for those who want them.
    assert out.column("warning").cast(pa.string()).to_pylist() == [r["warning"] for r in rows]
    # RecordBatch in, RecordBatch out, with the same column.
    rb = full_fixture.quote_many(pa.table(dated_rows()).to_batches()[0])
    assert rb.column(rb.schema.get_field_index("warning")).to_pylist() == [r["warning"] for r in rows]


def test_quote_many_warning_column_in_pandas(full_fixture):
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    out = full_fixture.quote_many(pd.DataFrame(dated_rows(), index=list("abcd")))
    # Arrow-backed by default: the dictionary column stays one (the text once).
    assert out["warning"].dtype == pd.ArrowDtype(pa.dictionary(pa.int8(), pa.string()))
    assert out["warning"].notna().tolist() == [False, True, False, False]
    # decimals="object" (the behaviour before): pandas category.
    out = full_fixture.quote_many(pd.DataFrame(dated_rows(), index=list("abcd")), decimals="object")
    assert str(out["warning"].dtype) == "category"
    assert out["warning"].notna().tolist() == [False, True, False, False]
    assert "2025-06-01" in out.loc["b", "warning"]
    with pytest.warns(DeprecationWarning):
        arrow = full_fixture.quote_many(pd.DataFrame(dated_rows()), dtype_backend="pyarrow")
    assert arrow["warning"].notna().tolist() == [False, True, False, False]


def test_quote_many_on_a_strict_schedule_fails_the_warned_rows(full_fixture):
    pa = pytest.importorskip("pyarrow")
    rows = full_fixture.strict().quote_many(pa.table(dated_rows())).to_pylist()
    assert [r["warning"] for r in rows] == [None] * 4
    assert rows[0]["duty"] == Decimal("265.00")
    assert rows[1]["duty"] is None and "strict" in rows[1]["error"]


def test_quote_many_warning_column_over_several_chunks(full_fixture):
    pa = pytest.importorskip("pyarrow")
    # 150,000 rows are quoted in three chunks; every other row is after the review.
    n = 150_000
    dates = pa.array([datetime.date(2025, 5, 1), datetime.date(2025, 7, 1)] * (n // 2), pa.date32())
    table = pa.table({
        "hts": pa.array(["6109.10.00"] * n), "origin": pa.array(["VN"] * n),
        "value": pa.array([1000] * n, pa.int64()), "date": dates,
    })
    w = full_fixture.quote_many(table).column("warning").combine_chunks()
    assert w.null_count == n // 2
    assert len(w.dictionary) == 1
    assert w.is_valid().to_pylist()[:4] == [False, True, False, True]
    assert w.is_valid().to_pylist()[-2:] == [False, True]


# ---- with_hts_export and the Chapter 99 report --------------------------------


@pytest.fixture(scope="module")
def updated():
    """The builtin with the sample export from 2026-12-01 (used by tests
    marked requires_builtin_us only)."""
    return tariffs.Schedule.builtin().with_hts_export(SAMPLE, "2026-12-01")


def base_line(schedule, date):
    q = schedule.quote("6109.10.00.12", "GB", Decimal("1000"), date, mode="air")
    return q.lines[0].kind, q.lines[0].rate, q.lines[0].amount


@requires_builtin_us
def test_the_exports_rates_apply_from_its_date(updated):
    assert base_line(updated, "2026-11-30") == ("base", "16.5%", Decimal("165.00"))
    assert base_line(updated, datetime.date(2026, 12, 1)) == ("base", "18%", Decimal("180.00"))
    # The builtin itself is unchanged.
    assert base_line(tariffs.Schedule.builtin(), "2026-12-01") == ("base", "16.5%", Decimal("165.00"))


@requires_builtin_us
def test_coverage_and_report_name_the_export(updated):
    builtin = tariffs.Schedule.builtin()
    c = updated.coverage()
    assert (c.hts_revision, c.base_revision) == ("hts_export_sample.json", "hts_export_sample.json")
    assert c.hts_effective == datetime.date(2026, 12, 1)
    assert c.hts_published is None
    # New base rates are not new policy: the review date is the builtin's.
    assert c.reviewed_through == builtin.coverage().reviewed_through
    assert (c.chapter99_headings, c.chapter99_modelled) == (2, 1)
    assert updated.version.hts_revision == "hts_export_sample.json"

    report = updated.chapter99_report()
    assert [h.heading for h in report] == ["9903.88.15", "9903.99.98"]
    assert all(isinstance(h, tariffs.Chapter99Status) for h in report)
    assert report[0].general == "The duty provided in the applicable subheading + 7.5%"
    assert report[0].modelled_by and all(isinstance(i, str) for i in report[0].modelled_by)
    assert report[1].modelled_by == []
    missing = updated.unmodelled_chapter99()
    assert [h.heading for h in missing] == ["9903.99.98"]
    m = missing[0]
    assert m.general == "The duty provided in the applicable subheading + 5%"
    assert m.description
    assert m.to_dict() == {
        "heading": "9903.99.98", "general": m.general, "description": m.description, "modelled_by": [],
    }
    assert repr(m).startswith("<Chapter99Status 9903.99.98")


@requires_builtin_us
def test_with_hts_export_takes_paths_and_dates_and_keeps_strictness():
    s = tariffs.Schedule.builtin().strict().with_hts_export(pathlib.Path(SAMPLE), datetime.date(2026, 12, 1))
    assert s.is_strict
    assert s.coverage().hts_effective == datetime.date(2026, 12, 1)


@requires_builtin_us
def test_with_hts_export_errors():
    b = tariffs.Schedule.builtin()
    with pytest.raises(tariffs.InvalidInput) as ei:
        b.with_hts_export(SAMPLE, "2026-13-01")
    assert (ei.value.field, ei.value.value) == ("effective_date", "2026-13-01")
    with pytest.raises(TypeError) as ei:
        b.with_hts_export(SAMPLE, 20261201)
    assert "effective_date" in str(ei.value)
    with pytest.raises(TypeError):
        b.with_hts_export(SAMPLE, datetime.datetime(2026, 12, 1, 10, 0))
    with pytest.raises(tariffs.ScheduleError) as ei:
        b.with_hts_export("/no/such/hts_2027_basic.json", "2026-12-01")
    assert (ei.value.kind, ei.value.value) == ("io", "/no/such/hts_2027_basic.json")
    # A JSON file that is not an export: the fixture schedule.
    with pytest.raises(tariffs.ScheduleError) as ei:
        b.with_hts_export(FIXTURE_SCHEDULE, "2026-12-01")
    assert ei.value.kind == "schedule" and "schedule.json" in str(ei.value)
    # A schedule without US base rates has nothing for an export to update.
    with pytest.raises(tariffs.ScheduleError) as ei:
        tariffs.Schedule.from_json('{"format": "tariffs-schedule/1"}').with_hts_export(SAMPLE, "2026-12-01")
    assert "hts_export_sample.json" in str(ei.value)


@requires_builtin_us
def test_the_builtin_report_is_consistent_with_its_coverage():
    # Only consistency: the builtin's numbers change with its data.
    s = tariffs.Schedule.builtin()
    c = s.coverage()
    assert c.name == "builtin"
    assert c.first_date is not None and c.reviewed_through is not None
    report = s.chapter99_report()
    assert len(report) == c.chapter99_headings > 0
    assert sum(1 for h in report if h.modelled_by) == c.chapter99_modelled > 0
    assert [h.heading for h in s.unmodelled_chapter99()] == [h.heading for h in report if not h.modelled_by]
    assert [h.heading for h in report] == sorted(h.heading for h in report)
