"""Quote a Spark DataFrame with tariffs.spark, then sum duties in Spark.

    pip install 'tariffs[spark]'          # pyspark and pyarrow; Spark needs Java 17+
    python examples/python/spark_quote.py                         # a few made-up entries
    python examples/python/spark_quote.py --parquet entries/ --out duties/
    python examples/python/spark_quote.py --schedule tests/fixtures/schedule.json

The entries need the columns hts, origin, value (decimal, never double),
date; optional importer, mode, currency, exchange_rate, claims, loaded_on,
qty_<unit> (see tariffs._batch). Runs Spark in local mode (local[*]); on a
cluster, submit it with spark-submit and the tariffs wheel on the executors
(docs/spark.md).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from decimal import Decimal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from tariffs.spark import quote_spark


def sample(spark):
    rows = [
        ("6109.10.00.12", "CN", Decimal("54.00"), datetime.date(2025, 5, 2), "express"),
        ("6109.10.00.12", "VN", Decimal("12000.00"), datetime.date(2025, 9, 1), "ocean"),
        ("8703.23.01", "DE", Decimal("48000.00"), datetime.date(2025, 9, 1), "ocean"),
        ("0406.10.10", "FR", Decimal("3000.00"), datetime.date(2025, 9, 1), "air"),  # 8 digits: unknown_code
        ("6109.10.00.12", "XX", Decimal("10.00"), datetime.date(2025, 9, 1), "air"),  # no such country
    ]
    return spark.createDataFrame(
        rows, "hts string, origin string, value decimal(18,2), date date, mode string"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parquet", help="a Parquet file or folder of entries (default: a few made up)")
    ap.add_argument("--schedule", help="a schedule file (default: the builtin schedule)")
    ap.add_argument("--out", help="write the quoted rows here as Parquet")
    ap.add_argument("--master", default="local[*]")
    args = ap.parse_args()

    # Local mode: the workers run this interpreter, where tariffs is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if args.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: loopback only
    spark = (SparkSession.builder.master(args.master).appName("tariffs-quote")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(args.parquet) if args.parquet else sample(spark)

    quoted = quote_spark(df, args.schedule)  # lazy: nothing runs yet
    if args.out:
        quoted.write.mode("overwrite").parquet(args.out)
        quoted = spark.read.parquet(args.out)  # quote once, read the result back
    else:
        quoted = quoted.cache()
        quoted.select("hts", "origin", "value", "duty", "fees", "total", "error").show(truncate=60)

    print("duty by origin (rows that quoted):")
    (quoted.where(F.col("error").isNull())
     .groupBy("origin")
     .agg(F.count("*").alias("entries"), F.sum("value").alias("value"),
          F.sum("duty").alias("duty"), F.sum("total").alias("total"))
     .orderBy(F.desc("duty"))
     .show())
    print("rows that failed, by kind:")
    quoted.where(F.col("error").isNotNull()).groupBy("error_kind").count().show()
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
