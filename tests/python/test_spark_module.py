"""tariffs.spark without Spark: what each executor runs on a batch
(quote_table), the per-process schedule cache, the picklable spec, and that
importing tariffs imports no pyspark. Spark itself: tests/python/spark
(run by tests/python/spark.sh)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal

import pytest

import tariffs
from conftest import FIXTURE_PATH

pa = pytest.importorskip("pyarrow")

from tariffs import spark as tspark  # noqa: E402


def test_importing_tariffs_imports_no_pyspark():
    code = (
        "import sys, tariffs, tariffs.spark\n"
        "assert 'pyspark' not in sys.modules, 'pyspark imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_spec_is_hashable_and_picklable():
    spec = tspark.ScheduleSpec(FIXTURE_PATH, overlays=('{"format": "tariffs-schedule/1"}',))
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert hash(pickle.loads(pickle.dumps(spec))) == hash(spec)
    assert tspark._spec(None) == tspark.ScheduleSpec()
    assert tspark._spec(FIXTURE_PATH) == tspark.ScheduleSpec(path=FIXTURE_PATH)
    with pytest.raises(TypeError, match="tuple of overlays"):
        tspark.ScheduleSpec(overlays="{}")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot be sent to executors"):
        tspark._spec(tariffs.Schedule.from_path(FIXTURE_PATH))
    with pytest.raises(TypeError, match="not int"):
        tspark._spec(3)


def test_schedule_built_once_per_process():
    a = tspark.schedule_for(FIXTURE_PATH)
    assert tspark.schedule_for(tspark.ScheduleSpec(path=FIXTURE_PATH)) is a
    assert tspark.schedule_for(tspark.ScheduleSpec(path=FIXTURE_PATH, strict=True)) is not a
    assert tspark.schedule_for(tspark.ScheduleSpec(path=FIXTURE_PATH, strict=True)).is_strict


def test_result_fields_cover_every_authority():
    s = tariffs.Schedule.from_path(FIXTURE_PATH)
    fields = tspark.result_fields(FIXTURE_PATH)
    names = [n for n, _ in fields]
    assert names == ["duty", "fees", "total", "effective_rate"] + s.authorities + [
        "error", "error_kind", "warning"]
    assert dict(fields)["effective_rate"] == "decimal(38,6)"
    assert dict(fields)["mpf"] == "decimal(38,2)"


def test_quote_table_is_quote_many_with_every_authority():
    """Rows worked out by hand on tests/fixtures/schedule.json: VN 16.5%
    of 1000 (no other authority's line); a bad origin fails its row."""
    s = tariffs.Schedule.from_path(FIXTURE_PATH)
    t = pa.table({
        "hts": ["6109.10.00", "6109.10.00"],
        "origin": ["VN", "XX"],
        "value": pa.array([Decimal("1000.00"), Decimal("5.00")], pa.decimal128(10, 2)),
        "date": pa.array([20157, 20157], pa.int32()).cast(pa.date32()),  # 2025-03-10
        "mode": ["air", "air"],
    })
    out = tspark.quote_table(s, t, s.authorities)
    assert out.column_names == t.column_names + [n for n, _ in tspark.result_fields(FIXTURE_PATH)]
    row = out.slice(0, 1).to_pylist()[0]
    assert row["duty"] == Decimal("165.00") and row["mfn"] == Decimal("165.00")
    for a in s.authorities:
        assert out.column(a).type == pa.decimal128(38, 2)
        if a != "mfn":
            assert row[a] == Decimal("0.00"), a  # quoted, no line of it
    bad = out.slice(1, 1).to_pylist()[0]
    assert bad["error_kind"] == "invalid_input" and "origin" in bad["error"]
    assert all(bad[a] is None for a in s.authorities)
    assert out.column("error_kind").type == pa.string()
    # importer= fills a missing importer column (CA is no importer of the fixture).
    zz = tspark.quote_table(s, t, s.authorities, importer="CA")
    assert zz.column("error_kind").to_pylist() == ["unknown_importer", "invalid_input"]
    assert "importer" not in zz.column_names  # the input columns as they were


def test_gather_groups_batches():
    b = [pa.record_batch({"x": list(range(n))}) for n in (3, 0, 4, 5)]
    assert [[x.num_rows for x in g] for g in tspark._gather(b, None)] == [[3], [4], [5]]
    assert [[x.num_rows for x in g] for g in tspark._gather(b, 6)] == [[3, 4], [5]]
