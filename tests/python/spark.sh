#!/usr/bin/env bash
# The Spark tests (tests/python/spark): tariffs.spark.quote_spark in Spark
# local mode (local[2]) on 1,000,000 rows in at least 4 partitions, compared
# with Schedule.quote_many on the same rows.
#
# Uses the virtual environment .venv that tests/python/run.sh makes (with the
# tariffs package installed; run that first, or let it call this script).
# Installs pyspark into it, and a Java runtime with apt-get when `java` is
# missing (Spark 4 needs Java 17 or newer; Debian 12's default is 17).
# TARIFFS_SPARK_ROWS sets the row count of the big test (default 1000000).
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "no .venv: run tests/python/run.sh first (it makes .venv and installs tariffs)" >&2
  exit 1
fi
start=$(date +%s)

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -1
}
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
  echo "== no Java 17+ on PATH: installing a Java runtime (apt-get install default-jre-headless)"
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "java is missing and there is no apt-get: install a Java 17+ runtime, then rerun" >&2
    exit 1
  fi
fi
echo "== java $(java_major) ($(command -v java))"

echo "== installing pyspark into .venv"
"$PY" -m pip install --quiet --disable-pip-version-check "pyspark>=3.5" "pyarrow>=16"
"$PY" -c 'import pyspark; print("== pyspark", pyspark.__version__)'

echo "== pytest tests/python/spark"
# The workers of local mode run this interpreter, the one tariffs is installed in.
export PYSPARK_PYTHON="$PWD/$PY" PYSPARK_DRIVER_PYTHON="$PWD/$PY"
# Local mode listens on the loopback interface only.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
"$PY" -m pytest -q -rs -p no:cacheprovider \
  -W "ignore:PySpark does not yet fully support pandas:FutureWarning" tests/python/spark "$@"
echo "== Spark tests took $(( $(date +%s) - start )) s"
