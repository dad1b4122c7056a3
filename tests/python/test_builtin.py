"""The embedded schedule.

Only facts that do not depend on the policy data's details are asserted:
the MFN rate of 6109.10.00 (16.5% in the HTS 2025 and 2026 editions) and
de minimis for a $54 parcel from China before the suspension of 2025-05-02
(EO 14256, in force for entries from 2025-05-02).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import tariffs

pytestmark = [pytest.mark.builtin]


def test_builtin_version_says_what_it_reflects():
    v = tariffs.Schedule.builtin().version
    assert v.name and v.hts_revision


def test_t_shirt_parcel_de_minimis_then_duty():
    s = tariffs.Schedule.builtin()
    before = s.quote("6109.10.00.12", "CN", Decimal("54"), "2025-05-01", mode="express")
    assert before.duty == 0
    assert any(l.kind == "exemption" for l in before.lines)
    after = s.quote("6109.10.00.12", "CN", Decimal("54"), "2025-05-02", mode="express")
    # 16.5% of 54 = 8.91, plus additional duties on Chinese goods.
    assert after.amount_of("mfn") == Decimal("8.91")
    # MFN 8.91 + fentanyl 20% 10.80 + reciprocal 125% 67.50 + Section 301
    # 7.5% 4.05 = 91.26; informal MPF FY2025 $2.62 (see tests/golden_ieepa.rs).
    assert after.duty == Decimal("91.26")
    assert after.total == Decimal("93.88")


def test_builtin_batch_equals_row_by_row():
    pd = pytest.importorskip("pandas")
    s = tariffs.Schedule.builtin()
    days = pd.date_range("2025-01-01", "2026-12-31", freq="7D")
    df = pd.DataFrame({
        "hts": "6109.10.00.12",
        "origin": ["CN", "VN", "MX", "DE"] * (len(days) // 4) + ["CN"] * (len(days) % 4),
        "value": "10000",
        "date": [d.date() for d in days],
        "qty_no": 1200,
        "qty_doz": 100,
        "qty_kg": 250,
    })
    out = s.quote_many(df)
    for i, r in df.iterrows():
        try:
            q = s.quote(r.hts, r.origin, r.value, r.date, quantities={"no": 1200, "doz": 100, "kg": 250})
        except tariffs.TariffsError as e:
            assert out["error"][i] == str(e)
            continue
        assert out["total"][i] == q.total
