"""Measure tariffs.spark.quote_spark in Spark local mode against
Schedule.quote_many on the same rows, in rows per second.

    pip install 'tariffs[spark]'      # and Java 17+ for Spark
    python examples/python/bench_spark.py                      # 1,000,000 rows, builtin schedule
    python examples/python/bench_spark.py --rows 4000000 --master 'local[2]' --partitions 8

The rows (generated with numpy/pyarrow as in bench_quote_many.py: 6 codes, 6
origins, decimal values, dates through 2025-2026, 4 modes, a kg quantity)
are written once as Parquet in a temporary folder. Timed:

- ``quote_many`` on the rows read into a pyarrow Table (in memory, one
  process, every core);
- the same, Parquet in and Parquet out (read, quote, write), the same work
  as the Spark job;
- Spark: read the Parquet, ``quote_spark``, write Parquet, once with the
  Arrow batches as Spark sends them (``maxRecordsPerBatch``, 10,000 rows)
  and once gathered into calls of ``--batch-size`` rows; and with the
  ``noop`` writer (quote everything, write nothing).

Spark's first job (JVM and Python workers starting, the schedule built in
each worker) is run on a few rows before timing. Figures on a loaded
machine are lower bounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import tariffs
from tariffs.spark import quote_spark


def make_table(n: int, seed: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)

    def pick(values):
        return pa.array(np.array(values, dtype=object)[rng.integers(0, len(values), n)], pa.string())

    cents = rng.integers(1_000, 5_000_000, n, dtype=np.int64)
    i128 = np.stack([cents, np.zeros(n, dtype=np.int64)], axis=1)
    value = pa.Array.from_buffers(pa.decimal128(12, 2), n, [None, pa.py_buffer(i128.tobytes())])
    days = rng.integers(20089, 20089 + 730, n).astype(np.int32)
    kg = rng.integers(1, 50_000, n, dtype=np.int32)
    return pa.table({
        "hts": pick(["6109.10.00.12", "6109.10.00", "0406.10.10", "1806.20.24", "8703.23.01", "4901.99.00"]),
        "origin": pick(["CN", "VN", "MX", "CA", "DE", "FR"]),
        "value": value,
        "date": pa.array(days).cast(pa.date32()),
        "mode": pick(["ocean", "air", "express", "truck"]),
        "qty_kg": pa.array(kg).cast(pa.decimal128(12, 0)),
    })


def timed(label: str, n: int, f) -> float:
    t = time.perf_counter()
    f()
    dt = time.perf_counter() - t
    print(f"{label:<58} {n:>10,} rows in {dt:7.2f} s = {n / dt:>10,.0f} rows/s", flush=True)
    return n / dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=8, help="Parquet files written (Spark partitions)")
    ap.add_argument("--batch-size", type=int, default=100_000)
    ap.add_argument("--schedule", help="a schedule file (default: the builtin schedule)")
    args = ap.parse_args()
    n = args.rows
    schedule = tariffs.Schedule.from_path(args.schedule) if args.schedule else tariffs.Schedule.builtin()
    print(f"tariffs {tariffs.__version__}, {os.cpu_count()} cores, {n:,} rows, "
          f"{len(schedule.authorities)} authority columns, Spark master {args.master}")

    tmp = tempfile.mkdtemp(prefix="tariffs-bench-spark-")
    try:
        src = os.path.join(tmp, "in")
        os.mkdir(src)
        table = make_table(n)
        per = -(-n // args.partitions)
        for k in range(args.partitions):
            pq.write_table(table.slice(k * per, per), os.path.join(src, f"part-{k}.parquet"))

        rows = pq.read_table(src)
        timed("quote_many, pyarrow Table in memory", n, lambda: schedule.quote_many(rows))
        out1 = os.path.join(tmp, "out-quote-many.parquet")
        timed("quote_many, Parquet in -> Parquet out", n,
              lambda: pq.write_table(schedule.quote_many(pq.read_table(src)), out1))
        del rows

        from pyspark.sql import SparkSession

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if args.master.startswith("local"):
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: loopback only
        spark = (SparkSession.builder.master(args.master).appName("tariffs-bench")
                 .config("spark.ui.enabled", "false")
                 .config("spark.driver.memory", "4g")
                 .config("spark.sql.files.maxPartitionBytes", str(1 << 20))
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(src)
        parts = df.rdd.getNumPartitions()
        print(f"Spark {spark.version}, {parts} partitions, "
              f"maxRecordsPerBatch {spark.conf.get('spark.sql.execution.arrow.maxRecordsPerBatch')}")
        # Warm-up: the JVM, the Python workers, the schedule in each worker.
        quote_spark(df.limit(1000), args.schedule).write.format("noop").mode("overwrite").save()

        timed("Spark quote_spark, Parquet -> noop writer", n, lambda: quote_spark(
            df, args.schedule).write.format("noop").mode("overwrite").save())
        timed("Spark quote_spark, Parquet -> Parquet", n, lambda: quote_spark(
            df, args.schedule).write.mode("overwrite").parquet(os.path.join(tmp, "out-spark")))
        timed(f"Spark quote_spark(batch_size={args.batch_size:,}), Parquet -> Parquet", n,
              lambda: quote_spark(df, args.schedule, batch_size=args.batch_size)
              .write.mode("overwrite").parquet(os.path.join(tmp, "out-spark-b")))
        spark.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
