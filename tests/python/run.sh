#!/usr/bin/env bash
# Builds the Python package from this checkout and runs its tests.
#
# Creates (or reuses) a virtual environment .venv at the repo root (ignored by
# git), installs tests/python/requirements.txt (maturin, pytest, pandas, polars,
# pyarrow, duckdb), builds and installs the package with `pip install .` (maturin,
# release profile, as a user would), then runs pytest on tests/python, then
# tests/python/spark.sh (Spark local mode; TARIFFS_SKIP_SPARK=1 skips it).
# Needs only Python 3.9+ with pip and venv, and the Rust toolchain.
# Set PYTHON to choose the interpreter (default python3); TARIFFS_WHEEL=PATH
# installs that wheel instead of building the package.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with $($PYTHON --version 2>&1)"
  "$PYTHON" -m venv "$VENV" || {
    echo "cannot create a virtual environment: install Python's venv module (e.g. apt-get install python3-venv)" >&2
    exit 1
  }
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$PY" -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

if [ -n "${TARIFFS_WHEEL:-}" ]; then
  # .ci/run builds the release wheel first (scripts/package.sh) and tests that
  # very wheel here instead of building the package a second time.
  echo "== installing the wheel $TARIFFS_WHEEL"
  [ -f "$TARIFFS_WHEEL" ] || { echo "TARIFFS_WHEEL=$TARIFFS_WHEEL: no such file" >&2; exit 1; }
  "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$TARIFFS_WHEEL"
else
  echo "== building and installing the tariffs package (pip install .)"
  "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
fi

echo "== stubtest tariffs (the .pyi stubs against the installed, compiled module)"
# Run from the repo root: the installed package is imported (python/ is not on sys.path).
"$PY" -m mypy.stubtest tariffs --mypy-config-file tests/python/mypy.ini

echo "== mypy python/tariffs"
"$PY" -m mypy --config-file tests/python/mypy.ini python/tariffs

echo "== pytest tests/python"
# Run from the repo root: the installed package is imported (python/ is not on sys.path).
# tests/python/spark needs pyspark and Java: run by tests/python/spark.sh below.
"$PY" -m pytest -q -rs tests/python --ignore=tests/python/spark "$@"

if [ "${TARIFFS_SKIP_SPARK:-}" = 1 ]; then
  echo "== Spark tests skipped (TARIFFS_SKIP_SPARK=1)"
else
  echo "== tests/python/spark.sh (Spark local mode; installs pyspark, and Java if missing)"
  bash tests/python/spark.sh
fi
