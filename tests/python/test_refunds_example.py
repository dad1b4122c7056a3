"""examples/python/refunds_importer.py runs, draws its chart, and prints the
totals of the report it makes (checked against sums over its lines here)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest

from conftest import requires_builtin_us

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("matplotlib")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXAMPLE = os.path.join(ROOT, "examples", "python", "refunds_importer.py")


@requires_builtin_us
def test_refunds_example(tmp_path):
    png, csv = tmp_path / "r.png", tmp_path / "acme.csv"
    r = subprocess.run([sys.executable, EXAMPLE, "--out", str(png), "--csv", str(csv)],
                       capture_output=True, text=True, timeout=300, check=True)
    assert png.stat().st_size > 10_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sys.path.insert(0, os.path.dirname(EXAMPLE))
    try:
        import refunds_importer as ex
    finally:
        sys.path.pop(0)
    frame, rep = ex.report()
    assert csv.read_text().count("\n") == len(frame) + 1
    lines = rep.arrow("lines").to_pandas()
    ok = lines[lines["error"].isna()]
    principal = sum(ok["ieepa_principal"], Decimal(0))
    interest = sum(ok["ieepa_interest"], Decimal(0))
    out = r.stdout
    assert (f"IEEPA total: principal {principal:,} + interest {interest:,} = "
            f"{principal + interest:,}") in out
    cape = sum(ok.loc[ok["category"].isin(["unliquidated", "liquidated_in_window"]),
                      "ieepa_refund"], Decimal(0))
    assert f"refundable through CAPE now (unliquidated, liquidated within 80 days): {cape:,}" in out
    for cat in ("none", "unliquidated", "liquidated_in_window", "protest", "finally_liquidated"):
        n = int((lines["category"] == cat).sum())  # failed lines count too
        want = sum(ok.loc[ok["category"] == cat, "ieepa_principal"], Decimal(0))
        assert n > 0
        assert any(l.split()[:3] == [cat, str(n), f"{want:,}"]
                   for l in out.splitlines()), cat  # every category occurs, with its sum
    for a in ("ieepa_fentanyl", "ieepa_reciprocal"):
        assert f"{a}".ljust(20) + f"{sum(ok[a], Decimal(0)):,}".rjust(16) in out
    assert f"failed lines: {len(lines) - len(ok)}" in out and len(lines) > len(ok)
    audit = rep.arrow("audit").column("kind").to_pylist()
    assert {"amount", "missing", "not_due"} <= set(audit)
    assert f"audit: {len(audit)} findings" in out
