"""tariffs.spark.quote_spark in Spark local mode: the same results as
Schedule.quote_many on the same rows (1M rows, >= 4 partitions, bad rows
included), hand-computed figures on the fixture schedule, schedule files
shipped with SparkFiles, and the errors raised before any job runs."""

from __future__ import annotations

import datetime
import os
import shutil
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import tariffs
from tariffs.spark import ScheduleSpec, quote_spark

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "schedule.json")
ROWS = int(os.environ.get("TARIFFS_SPARK_ROWS", "1000000"))

CODES = ["6109.10.00.12", "6109.10.00", "0406.10.10", "1806.20.24", "8703.23.01", "4901.99.00",
         "61x", "0000.00.00"]
ORIGINS = ["CN", "VN", "MX", "CA", "DE", "FR", "XX"]
MODES = ["ocean", "air", "express", "truck", "postal", "boat"]


def make_rows(n: int, seed: int = 7) -> pa.Table:
    """n entries as Spark keeps them (strings, decimals, dates; no
    dictionaries), with bad rows: unknown and malformed codes, origin XX,
    mode boat, null values and dates, dates before the schedule's first
    date, negative values, USMCA claims, euros with and without a rate."""
    rng = np.random.default_rng(seed)

    def pick(values, p=None):
        return pa.array(np.array(values, dtype=object)[rng.choice(len(values), n, p=p)], pa.string())

    def nulls(a, share):
        return pc.if_else(pa.array(rng.random(n) < share), pa.scalar(None, a.type), a)

    cents = rng.integers(-1_000, 5_000_000, n, dtype=np.int64)  # a few negative values
    # Little-endian int128 cents: the low word, then the sign.
    i128 = np.stack([cents, np.where(cents < 0, -1, 0).astype(np.int64)], axis=1)
    value = pa.Array.from_buffers(pa.decimal128(18, 2), n, [None, pa.py_buffer(i128.tobytes())])
    days = rng.integers(0, 1100, n) + np.where(rng.random(n) < 0.01, -40000, 19800)
    date = pa.array(days.astype(np.int32)).cast(pa.date32())
    kg = pa.array(rng.integers(1, 50_000, n, dtype=np.int32)).cast(pa.decimal128(12, 0))
    return pa.table({
        "id": pa.array(np.arange(n, dtype=np.int64)),
        "hts": pick(CODES, p=[0.25, 0.15, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05]),
        "origin": pick(ORIGINS, p=[0.3, 0.15, 0.15, 0.1, 0.1, 0.15, 0.05]),
        "value": nulls(value, 0.01),
        "date": nulls(date, 0.01),
        "mode": pick(MODES, p=[0.4, 0.2, 0.2, 0.1, 0.07, 0.03]),
        "qty_kg": nulls(kg, 0.3),
        "claims": nulls(pick(["USMCA", ""]), 0.8),
        "currency": nulls(pick(["EUR", "USD"]), 0.98),
        "exchange_rate": nulls(pa.array([Decimal("1.0823")] * n, pa.decimal128(10, 4)), 0.5),
    })


def test_million_rows_equal_quote_many(spark, tmp_path):
    """Every column of quote_spark equals quote_many on the same rows: the
    amounts exactly (decimal128), errors and kinds identical, no row lost;
    the authority columns quote_many leaves out (no row of it has a line of
    them) are 0.00 on quoted rows and null on failed ones."""
    schedule = tariffs.Schedule.builtin()
    rows = make_rows(ROWS)
    src = tmp_path / "in"
    src.mkdir()
    # Eight files of row groups of 50,000 rows: Spark reads them as at least 4 partitions.
    per = -(-ROWS // 8)
    for k in range(8):
        pq.write_table(rows.slice(k * per, per), src / f"part-{k}.parquet", row_group_size=50_000)
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(2 << 20))
    df = spark.read.parquet(str(src))
    assert df.rdd.getNumPartitions() >= 4
    out_dir = tmp_path / "out"
    quote_spark(df).write.parquet(str(out_dir))

    want = schedule.quote_many(rows)
    assert want.num_rows == ROWS
    failed = want.column("error").null_count
    assert 0.02 * ROWS < ROWS - failed < ROWS  # bad rows and good rows both
    got_file = pq.ParquetDataset(str(out_dir))
    ids = got_file.read(columns=["id"]).column("id")
    assert len(ids) == ROWS
    order = pc.sort_indices(ids)
    assert pc.take(ids, order).equals(rows.column("id"))  # every row, once

    def got(name):
        return pc.take(got_file.read(columns=[name]).column(name), order).combine_chunks()

    # The input columns come back as they went in.
    for name in rows.column_names:
        assert got(name).equals(rows.column(name).combine_chunks()), name
    for name in want.column_names:
        w = want.column(name).combine_chunks()
        if pa.types.is_dictionary(w.type):
            w = w.cast(pa.string())
        g = got(name)
        assert g.type == w.type, name
        assert g.equals(w), name
    quoted = pc.is_valid(want.column("duty"))
    extra = [a for a in schedule.authorities if a not in want.column_names]
    for name in extra:
        g = got(name)
        assert g.type == pa.decimal128(38, 2)
        assert pc.all(pc.equal(pc.is_valid(g), quoted)).as_py(), name
        assert pc.all(pc.equal(pc.drop_null(g), pa.scalar(Decimal(0), g.type))).as_py(), name


def fixture_frame(spark):
    rows = [
        # id, hts, origin, value, date, mode, importer
        (0, "6109.10.00", "VN", Decimal("1000.00"), datetime.date(2025, 3, 10), "air", None),
        (1, "6109.10.00", "CN", Decimal("10000.00"), datetime.date(2025, 3, 10), "air", "US"),
        (2, "6109.10.00", "XX", Decimal("5.00"), datetime.date(2025, 3, 10), "air", None),
        (3, "6109.10.00", "CN", Decimal("1000.00"), datetime.date(2025, 3, 10), "boat", None),
        (4, "6109.10.00", "CN", None, datetime.date(2025, 3, 10), "air", None),
    ]
    return spark.createDataFrame(
        rows, "id long, hts string, origin string, value decimal(12,2), date date, mode string, "
              "importer string",
    ).repartition(2)


def by_id(df):
    return {r["id"]: r for r in df.collect()}


def test_fixture_schedule_by_hand(spark):
    """Figures worked out from tests/fixtures/schedule.json: VN 16.5% of 1000;
    CN 16.5% + 20% (cn-extra-20) of 10000 plus MPF 0.3464% of 10000."""
    out = quote_spark(fixture_frame(spark), FIXTURE)
    r = by_id(out)
    assert len(r) == 5
    assert (r[0]["duty"], r[0]["fees"], r[0]["total"]) == (Decimal("165.00"), Decimal("0.00"),
                                                         Decimal("165.00"))
    assert r[0]["effective_rate"] == Decimal("0.165000")
    assert r[0]["mfn"] == Decimal("165.00") and r[0]["ieepa_fentanyl"] == Decimal("0.00")
    assert r[1]["mfn"] == Decimal("1650.00") and r[1]["ieepa_fentanyl"] == Decimal("2000.00")
    assert r[1]["mpf"] == Decimal("34.64")
    assert (r[1]["duty"], r[1]["fees"], r[1]["total"]) == (Decimal("3650.00"), Decimal("34.64"),
                                                         Decimal("3684.64"))
    for i, field in [(2, "origin"), (3, "mode"), (4, "value")]:
        assert r[i]["duty"] is None and r[i]["mfn"] is None, i
        assert r[i]["error_kind"] == "invalid_input", (i, r[i]["error"])
        assert field in r[i]["error"], (i, r[i]["error"])
    # The columns of quote_many, in its order, after the input's.
    names = [f.name for f in out.schema.fields]
    auth = tariffs.Schedule.from_path(FIXTURE).authorities
    assert names == (["id", "hts", "origin", "value", "date", "mode", "importer",
                      "duty", "fees", "total", "effective_rate"] + auth
                     + ["error", "error_kind", "warning"])
    assert out.schema["duty"].dataType.simpleString() == "decimal(38,2)"
    assert out.schema["effective_rate"].dataType.simpleString() == "decimal(38,6)"


def test_importer_default_and_unknown(spark):
    """importer= fills rows without one; a row's own importer wins."""
    df = fixture_frame(spark).where("id < 2")
    r = by_id(quote_spark(df, FIXTURE, importer="CA"))
    assert r[0]["error_kind"] == "unknown_importer", r[0]["error"]
    assert r[1]["duty"] == Decimal("3650.00")  # importer US in its cell


def test_schedule_file_through_sparkfiles(spark, tmp_path):
    """A path that does not exist where the schedule is built is looked up
    with SparkFiles (spark.sparkContext.addFile), on the driver and the
    executors (the file stays where addFile found it: local mode fetches it
    from there at task time); an overlay (JSON text) is laid on top too."""
    ship = tmp_path / "ship"
    ship.mkdir()
    name = "tariffs-spark-test-schedule.json"
    shutil.copy(FIXTURE, ship / name)
    spark.sparkContext.addFile(str(ship / name))
    overlay = (tariffs.Schedule.from_path(FIXTURE).scenario("US")
               .set_rate("cn-extra-20", "10%").to_overlay_json())
    spec = ScheduleSpec(path=str(tmp_path / "nowhere" / name), overlays=(overlay,))
    r = by_id(quote_spark(fixture_frame(spark), spec))
    assert r[1]["ieepa_fentanyl"] == Decimal("1000.00")  # 10% of 10000 now
    assert r[0]["duty"] == Decimal("165.00")


def test_refused_before_any_job(spark):
    df = fixture_frame(spark)
    with pytest.raises(TypeError, match="float"):
        quote_spark(df.withColumn("value", df["value"].cast("double")))
    with pytest.raises(tariffs.InvalidInput, match="missing date"):
        quote_spark(df.drop("date"))
    with pytest.raises(ValueError, match="already has the result column"):
        quote_spark(df.withColumn("duty", df["value"]))
    with pytest.raises(TypeError, match="cannot be sent to executors"):
        quote_spark(df, tariffs.Schedule.builtin())  # type: ignore[arg-type]
    with pytest.raises(tariffs.ScheduleError):
        quote_spark(df, "/nonexistent/schedule.json")
    with pytest.raises(TypeError, match="'mode'"):
        quote_spark(df.withColumn("mode", df["id"]))
