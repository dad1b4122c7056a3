"""quote_many with Polars: native Polars column types in (Decimal, Date,
Categorical, Enum, integers), a Polars DataFrame out; a LazyFrame refused
with a TypeError saying what to do; and examples/python/polars_lazy.py, the
quotes made inside a LazyFrame query (map_batches), on the in-memory and the
streaming engines, checked against duties worked out by hand."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

import hand_entries
from conftest import requires_builtin_us

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
example = hand_entries.import_example("polars_lazy")


def native_frame() -> "pl.DataFrame":
    """hand_entries.ROWS with the types a Polars user has: Enum codes,
    Categorical origins, Decimal values and weights, Date dates, integers."""
    rows = hand_entries.ROWS
    codes = sorted({r[1] for r in rows})
    return pl.DataFrame({
        "hts": pl.Series([r[1] for r in rows], dtype=pl.Enum(codes)),
        "origin": pl.Series([r[2] for r in rows], dtype=pl.Categorical),
        "value": pl.Series([Decimal(r[3]) for r in rows], dtype=pl.Decimal(18, 2)),
        "date": pl.Series([datetime.date.fromisoformat(r[4]) for r in rows], dtype=pl.Date),
        "mode": pl.Series(["ocean"] * len(rows), dtype=pl.Enum(["ocean", "air"])),
        "qty_kg": pl.Series([None if r[5] is None else Decimal(r[5]) for r in rows], dtype=pl.Decimal(18, 3)),
        "qty_no": pl.Series([None] * len(rows), dtype=pl.Int32),
    })


def check_hand_rows(out, ids=None) -> None:
    ids = list(range(len(hand_entries.ROWS))) if ids is None else ids
    assert out.height == len(ids)
    for i, rid in enumerate(ids):
        want = hand_entries.expected(rid)
        got = out.row(i, named=True)
        assert got["duty"] == want["duty"] and got["fees"] == want["fees"], rid
        assert got["error_kind"] == want["error_kind"], rid
        assert (got["error"] is None) == (want["error_kind"] is None), rid


def test_native_polars_types_in_polars_out(schedule):
    frame = native_frame()
    out = schedule.quote_many(frame)
    assert isinstance(out, pl.DataFrame)
    assert out.schema["duty"] == pl.Decimal(38, 2) and out.schema["effective_rate"] == pl.Decimal(38, 6)
    check_hand_rows(out)
    assert out["mfn"].to_list()[:5] == [hand_entries.expected(i)["mfn"] for i in range(5)]
    # Each row as Schedule.quote gives it (the error texts included).
    for i, r in enumerate(frame.iter_rows(named=True)):
        kw = {"quantities": {"kg": r["qty_kg"]}} if r["qty_kg"] is not None else {}
        try:
            q = schedule.quote(r["hts"], r["origin"], r["value"], r["date"], mode=r["mode"], **kw)
        except Exception as e:  # noqa: BLE001 - the message is compared
            assert out["error"][i] == str(e), i
            continue
        assert (out["duty"][i], out["total"][i]) == (q.duty, q.total), i


def test_integer_values_and_string_dates(schedule):
    frame = native_frame().head(2).with_columns(
        pl.Series("value", [1000, 3000], dtype=pl.Int64), pl.col("date").cast(pl.String))
    assert schedule.quote_many(frame)["duty"].to_list() == [Decimal("365.00"), Decimal("495.00")]


def test_float_values_are_refused(schedule):
    frame = native_frame().with_columns(pl.col("value").cast(pl.Float64))
    with pytest.raises(TypeError, match="float"):
        schedule.quote_many(frame)


def test_a_lazyframe_is_refused_with_what_to_do(schedule):
    lazy = native_frame().lazy()
    with pytest.raises(TypeError, match=r"not a LazyFrame: collect it first.*map_batches"):
        schedule.quote_many(lazy)
    check_hand_rows(schedule.quote_many(lazy.collect()))


@pytest.mark.parametrize("engine", ["in-memory", "streaming"])
def test_lazy_pipeline_example_by_hand(schedule, tmp_path, engine):
    path = str(tmp_path / "entries.parquet")
    pq = pytest.importorskip("pyarrow.parquet")
    # Many small row groups, so that the streaming engine quotes several batches.
    pq.write_table(hand_entries.table(), path, row_group_size=2)
    quoted = example.pipeline(schedule, path, ["CN", "VN", "FR"]).sort("id")
    rows = quoted.collect(engine=engine)
    # The schema the query declared is the one it gave (the input columns,
    # month, then the quote columns, every authority among them).
    assert rows.schema == quoted.collect_schema()
    assert rows.columns[:10] == ["id", "hts", "origin", "value", "date", "mode", "qty_no", "qty_kg", "month",
                                 "duty"]
    assert [rows.schema[c] for c in ("duty", "mpf", "error")] == [pl.Decimal(38, 2)] * 2 + [pl.String]
    check_hand_rows(rows)
    assert rows["month"].to_list() == [4, 4, 4, 5, 5, 5, 5, 3]

    by_origin = example.duty_by_origin(schedule, example.pipeline(schedule, path, ["CN", "VN", "FR"]))
    table = {r["origin"]: r for r in by_origin.collect(engine=engine).iter_rows(named=True)}
    # By hand: CN 365 + 0 + 36.50 + 165 (March) and a failed row; VN 495 and
    # MPF 32.71; FR 10.35 and a failed row.
    assert {o: (r["rows"], r["failed"], r["duty"], r["fees"]) for o, r in table.items()} == {
        "CN": (5, 1, Decimal("566.50"), Decimal("0.00")),
        "VN": (1, 0, Decimal("495.00"), Decimal("32.71")),
        "FR": (2, 1, Decimal("10.35"), Decimal("0.00")),
    }
    by_authority = example.duty_by_authority(schedule, by_origin.collect(engine=engine))
    # mfn 165 + 495 + 16.50 + 10.35 + 165; +20% 200 + 20; MPF 32.71.
    assert by_authority.rows() == [("mfn", Decimal("851.85")), ("ieepa_fentanyl", Decimal("220.00")),
                                   ("mpf", Decimal("32.71"))]


def test_filter_before_the_quotes(schedule, tmp_path):
    path = hand_entries.write(str(tmp_path / "entries.parquet"))
    rows = example.pipeline(schedule, path, ["VN"]).collect()
    assert rows["id"].to_list() == [1]
    check_hand_rows(rows, [1])


def test_streaming_map_batches_in_a_fresh_process(tmp_path):
    """Polars' streaming engine calls map_batches functions from several
    threads; quote_many in a process that has not imported pandas yet once
    met a half-imported pandas there (pyarrow imports it lazily) and failed
    with "partially initialized module 'pandas' has no attribute 'DataFrame'"."""
    path = hand_entries.write(str(tmp_path / "entries.parquet"))
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})
        import conftest, hand_entries, tariffs
        example = hand_entries.import_example("polars_lazy")
        assert "pandas" not in sys.modules  # else the test would not test what it says
        schedule = tariffs.Schedule.from_json(conftest.FIXTURE_JSON)
        lf = example.pipeline(schedule, {path!r}, ["CN", "VN", "FR"])
        for _ in range(3):
            print(lf.collect(engine="streaming")["duty"].sum())
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    # 365 + 495 + 0 + 36.50 + 10.35 + 165
    assert run.stdout.split() == ["1071.85"] * 3


@requires_builtin_us
@pytest.mark.parametrize("streaming", [False, True])
def test_the_example_runs_as_documented(tmp_path, streaming):
    script = os.path.join(hand_entries.EXAMPLES, "polars_lazy.py")
    run = subprocess.run([sys.executable, script, "--rows", "5000"] + (["--streaming"] if streaming else []),
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "parcels.parquet").exists()
    assert "Duty by origin" in run.stdout and "│ CN " in run.stdout and "ieepa_fentanyl" in run.stdout
    assert "rows failed" not in run.stdout, run.stdout
