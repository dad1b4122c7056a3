"""Schedule.refunds: the IEEPA refund report and the audit of filed duties.

The expectations come from elsewhere than the report: ``quote_many`` on the
same rows (principal by authority, Section 122, duty, error text), sums in
Python with ``decimal.Decimal``, and amounts worked out by hand from the
builtin schedule's rates (CN 6109.10.00.12: MFN 16.5%, Section 301 +7.5%,
IEEPA fentanyl +20% from 2025-03-04, reciprocal +125% 2025-04-10..05-13,
+10% from 2025-05-14; IEEPA ends for entries from 2026-02-24; Section 122
+10% 2026-02-24..2026-07-23)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

import tariffs
from conftest import misaligned_ipc, requires_builtin_us

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

pytestmark = requires_builtin_us

AS_OF = "2026-12-01"
CODES = ["6109.10.00.12", "6110.20.20.79", "8467.21.00.40", "9403.60.80.81", "7318.15.80.66",
         "7615.10.71.80", "6110.30.30.53", "8205.59.80.00"]
ORIGINS = ["CN", "CN", "VN", "CA", "MX", "DE"]
MODES = ["ocean", "ocean", "air", "truck", "postal", "express"]


@pytest.fixture(scope="module")
def s() -> tariffs.Schedule:
    return tariffs.Schedule.builtin()


def money(v) -> Decimal:
    return Decimal(0) if v is None or v is pd.NA else Decimal(v)


def generated(n: int, seed: int):
    """Rows as text cells, some with claims, some bad (unknown code, missing
    date, bad origin). Returns the rows and the indices of the bad ones."""
    rnd = random.Random(seed)
    start, days = datetime.date(2025, 1, 1), (datetime.date(2026, 8, 31) - datetime.date(2025, 1, 1)).days
    rows, bad = [], set()
    for i in range(n):
        origin = rnd.choice(ORIGINS)
        row = {
            "entry_number": f"AAA-{1000000 + i // 2:07d}-{i % 10}",
            "line_number": f"{1 + i % 2:03d}",
            "hts": rnd.choice(CODES),
            "origin": origin,
            "value": str(Decimal(rnd.randint(5_000, 5_000_000)) / 100),
            "date": (start + datetime.timedelta(days=rnd.randint(0, days))).isoformat(),
            "mode": rnd.choice(MODES),
            "claims": "USMCA" if origin in ("CA", "MX") and rnd.random() < 0.5 else None,
        }
        r = rnd.random()
        if r < 0.03:
            row["hts"] = "9999.99.99.99"
        elif r < 0.06:
            row["date"] = None
        elif r < 0.09:
            row["origin"] = "XX"
        if r < 0.09:
            bad.add(i)
        rows.append(row)
    return rows, bad


def test_matches_quote_many_row_by_row(s):
    rows, bad = generated(300, 15)
    df = pd.DataFrame(rows)
    report = s.refunds(df, as_of=AS_OF)
    q = s.quote_many(df)
    lines = report.lines
    assert isinstance(lines, pd.DataFrame) and len(lines) == len(rows)
    ieepa_cols = [c for c in q.columns if c.startswith("ieepa_")]
    assert {"ieepa_fentanyl", "ieepa_reciprocal"} <= set(ieepa_cols)
    failed = [i for i in range(len(rows)) if q["error"].iloc[i] is not pd.NA
              and q["error"].iloc[i] is not None]
    assert set(failed) >= bad and len(bad) > 5
    errors = report.errors.set_index("row")
    for i in range(len(rows)):
        line = lines.iloc[i]
        if i in failed:
            assert errors.loc[i, "error"] == q["error"].iloc[i]
            assert line["error"] == q["error"].iloc[i]
            assert pd.isna(line["ieepa_principal"])
            continue
        want = sum((money(q[c].iloc[i]) for c in ieepa_cols), Decimal(0))
        assert line["ieepa_principal"] == want, (i, rows[i])
        s122 = money(q["section_122"].iloc[i]) if "section_122" in q.columns else Decimal(0)
        assert line["section_122_principal"] == s122
        assert line["duty"] == q["duty"].iloc[i]
        for c in ieepa_cols:
            assert money(line[c]) == money(q[c].iloc[i]), c
        # IEEPA ended for entries from 2026-02-24; Section 122 ran 2026-02-24..07-23.
        if rows[i]["date"] >= "2026-02-24":
            assert want == 0
        if want == 0:
            assert line["category"] == "none"
    assert sorted(errors.index) == failed
    totals = report.totals
    assert int(totals["failed_lines"].sum()) == len(failed)
    assert int(totals["lines"].sum()) == len(rows)
    by_lines = sum((money(v) for v in lines["ieepa_principal"]), Decimal(0))
    assert sum((money(v) for v in totals["ieepa_principal"]), Decimal(0)) == by_lines
    assert report.total("ieepa_principal") == by_lines
    interest = sum((money(v) for v in lines["ieepa_interest"]), Decimal(0))
    assert report.total("ieepa_interest") == interest > 0
    assert sum(report.by_authority().values()) == by_lines
    # The other frame kinds give the same lines.
    t = pa.Table.from_pandas(df, preserve_index=False)
    from_arrow = s.refunds(t, as_of=AS_OF)
    assert isinstance(from_arrow.lines, pa.Table)
    assert from_arrow.lines.column("ieepa_principal").to_pylist() == \
        [None if pd.isna(v) else v for v in lines["ieepa_principal"]]
    from_polars = s.refunds(pl.from_pandas(df), as_of=AS_OF)
    assert isinstance(from_polars.totals, pl.DataFrame)
    assert from_polars.lines["ieepa_principal"].to_list() == \
        from_arrow.lines.column("ieepa_principal").to_pylist()


def one(date: str, **extra):
    return pd.DataFrame([{"entry_number": "E1", "line_number": "001", "hts": "6109.10.00.12",
                          "origin": "CN", "value": Decimal("10000"), "date": date,
                          "mode": "ocean", **extra}])


def test_hand_computed(s):
    r = s.refunds(one("2025-04-10"), as_of=datetime.date(2026, 12, 1))
    line = r.lines.iloc[0]
    assert line["ieepa_principal"] == Decimal("14500.00")  # 20% + 125% of 10000
    assert line["ieepa_fentanyl"] == Decimal("2000.00")
    assert line["ieepa_reciprocal"] == Decimal("12500.00")
    assert line["section_122_principal"] == Decimal("0.00")
    assert line["category"] == "unliquidated"
    assert line["ieepa_interest"] > 0
    assert r.as_of == datetime.date(2026, 12, 1) == r.interest_to
    r = s.refunds(one("2026-03-10"), as_of=AS_OF, interest_to="2026-10-01")
    line = r.lines.iloc[0]
    assert line["ieepa_principal"] == Decimal("0.00")
    assert line["section_122_principal"] == Decimal("1000.00")  # 10% of 10000
    assert line["category"] == "none"
    assert r.interest_to == datetime.date(2026, 10, 1)
    assert "Section 122" in r.summary() and "1,000.00" in r.summary()


def test_interest_runs_longer_to_a_later_date(s):
    early = s.refunds(one("2025-04-10"), as_of=AS_OF, interest_to="2026-06-01")
    late = s.refunds(one("2025-04-10"), as_of=AS_OF, interest_to="2026-12-01")
    a, b = early.lines["ieepa_interest"].iloc[0], late.lines["ieepa_interest"].iloc[0]
    assert 0 < a < b
    # Non-corporate rates are higher (26 U.S.C. 6621(a)(1): +3 points, not +2).
    nc = s.refunds(one("2025-04-10"), as_of=AS_OF, payer="noncorporate")
    assert nc.lines["ieepa_interest"].iloc[0] > b and nc.payer == "noncorporate"


def findings(report) -> list:
    a = report.arrow("audit")
    return list(zip(a.column("key").to_pylist(), a.column("kind").to_pylist(),
                    a.column("filed").to_pylist(), a.column("computed").to_pylist()))


def test_audit_wide_missing_reciprocal(s):
    # 2025-06-02: fentanyl 20% (200.00) and reciprocal 10% (100.00) on 1000.
    df = one("2025-06-02", filed_mfn=Decimal("165.00"), filed_ieepa_fentanyl=Decimal("200.00"))
    df["value"] = Decimal("1000")
    r = s.refunds(df, as_of=AS_OF)
    duties = r.arrow("duties")
    reciprocal = [h for a, h in zip(duties.column("authority").to_pylist(),
                                    duties.column("heading").to_pylist()) if a == "ieepa_reciprocal"]
    assert len(reciprocal) == 1
    found = findings(r)
    assert (reciprocal[0], "missing", Decimal("0.00"), Decimal("100.00")) in found
    assert not [f for f in found if f[0] in ("mfn", "ieepa_fentanyl")]  # filed right
    assert r.lines["findings"].iloc[0] == len(found)


def test_audit_long_amount_and_not_due(s):
    df = one("2025-06-02")
    df["value"] = Decimal("1000")
    filed = pd.DataFrame({
        "entry_number": ["E1", "E1", "E1"],
        "line_number": ["001", "001", "001"],
        "key": ["ieepa_fentanyl", "section_232", "ieepa_reciprocal"],
        "amount": [Decimal("150.00"), Decimal("50.00"), Decimal("100.00")],
    })
    r = s.refunds(df, filed, as_of=AS_OF)
    found = findings(r)
    assert ("ieepa_fentanyl", "amount", Decimal("150.00"), Decimal("200.00")) in found
    assert ("section_232", "not_due", Decimal("50.00"), Decimal("0.00")) in found
    assert not [f for f in found if f[0] == "ieepa_reciprocal"]
    diff = r.arrow("audit").column("difference").to_pylist()
    assert Decimal("-50.00") in diff
    # Within the tolerance: no amount finding.
    r = s.refunds(df, filed, as_of=AS_OF, tolerance="60")
    assert ("ieepa_fentanyl", "amount", Decimal("150.00"), Decimal("200.00")) not in findings(r)


def test_input_errors_are_typed(s):
    df = one("2025-06-02")
    with pytest.raises(TypeError, match="'value'"):
        s.refunds(df.assign(value=1000.0), as_of=AS_OF)
    with pytest.raises(TypeError, match="'filed_mfn'"):
        s.refunds(df.assign(filed_mfn=1.5), as_of=AS_OF)
    filed = pd.DataFrame({"entry_number": ["E9"], "line_number": ["001"],
                          "key": ["mfn"], "amount": ["1.00"]})
    with pytest.raises(tariffs.InvalidInput) as e:
        s.refunds(df, filed, as_of=AS_OF)
    assert e.value.field == "filed" and "E9" in str(e.value)
    with pytest.raises(TypeError, match="'amount'"):
        s.refunds(df, filed.assign(entry_number="E1", amount=1.0), as_of=AS_OF)
    with pytest.raises(tariffs.InvalidInput) as e:
        s.refunds(df, as_of=AS_OF, payer="partnership")
    assert e.value.field == "payer" and e.value.value == "partnership"
    for bad in ("2026-13-01", "2090-01-01"):
        with pytest.raises(tariffs.InvalidInput) as e:
            s.refunds(df, as_of=AS_OF, interest_to=bad)
        assert e.value.field == "interest_to"
    with pytest.raises(tariffs.InvalidInput) as e:
        s.refunds(df, as_of="yesterday")
    assert e.value.field == "as_of"
    with pytest.raises(TypeError, match="tolerance"):
        s.refunds(df, as_of=AS_OF, tolerance=0.5)
    with pytest.raises(tariffs.InvalidInput) as e:
        s.refunds(df, as_of=AS_OF, tolerance="-1")
    assert e.value.field == "tolerance"
    with pytest.raises(tariffs.IoError) as e:
        s.refunds(df, as_of=AS_OF, interest_rates="/no/such/rates.json")
    assert e.value.field == "interest_rates"
    with pytest.raises(tariffs.InvalidInput):
        s.refunds(df, as_of=AS_OF, interest_rates='{"format": "nope", "quarters": []}')


def test_bad_row_fields_fail_only_their_row(s):
    df = pd.concat([one("2025-06-02"), one("2025-06-02")], ignore_index=True)
    df["line_number"] = ["001", "002"]
    df["liquidation_status"] = ["liquidated", "weird"]
    df["liquidation_date"] = [datetime.date(2026, 10, 1), None]
    # A cell pandas holds as a Python object of a wrong type fails its row, by name.
    df["deposit_date"] = pd.Series([None, 12], dtype=object)
    r = s.refunds(df, as_of=AS_OF)
    assert r.lines["category"].iloc[0] == "liquidated_in_window"  # 61 days before
    err = r.errors
    assert list(err["row"]) == [1]
    assert err["field"].iloc[0] == "deposit_date" and "deposit_date" in err["error"].iloc[0]
    assert int(r.totals["failed_lines"].sum()) == 1
    df["deposit_date"] = None
    r = s.refunds(df, as_of=AS_OF)
    assert r.errors["field"].iloc[0] == "liquidation_status"


def test_misaligned_ipc_decimals(s):
    t = pa.table({
        "hts": ["6109.10.00.12"] * 2, "origin": ["CN"] * 2,
        "value": pa.array([Decimal("10000.00")] * 2, pa.decimal128(18, 2)),
        "date": ["2025-04-10"] * 2,
        "filed_ieepa_fentanyl": pa.array([Decimal("2000.00")] * 2, pa.decimal128(18, 2)),
    })
    seen = set()
    for ipc, align in misaligned_ipc(t):
        seen.add(align)
        r = s.refunds(ipc, as_of=AS_OF)
        assert r.lines.column("ieepa_principal").to_pylist() == [Decimal("14500.00")] * 2
    assert seen == {0, 8}


def test_report_repr_and_summary(s):
    r = s.refunds(one("2025-04-10"), as_of=AS_OF)
    assert "14,500.00" in repr(r)
    text = r.summary()
    assert "unliquidated" in text and "ieepa_reciprocal" in text and "12,500.00" in text
    assert r.cape_now() == r.total("ieepa_refund") > Decimal("14500")
    cats = r.by_category()
    assert cats["unliquidated"]["ieepa_principal"] == Decimal("14500.00")
    assert type(cats["unliquidated"]["lines"]) is int and cats["unliquidated"]["lines"] == 1
    assert cats["unliquidated"]["failed_lines"] == 0
