#!/usr/bin/env bash
# Builds the Python package from this checkout and runs its tests.
#
# Creates (or reuses) a virtual environment .venv at the repo root (ignored by
# git), installs tests/python/requirements.txt (maturin, pytest, pandas, polars,
# pyarrow, duckdb), builds and installs the package with `pip install .` (maturin,
# release profile, as a user would), then runs pytest on tests/python.
# Needs only Python 3.9+ with pip and venv, and the Rust toolchain.
# Set PYTHON to choose the interpreter (default python3).
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

echo "== building and installing the tariffs package (pip install .)"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .

echo "== stubtest tariffs (the .pyi stubs against the installed, compiled module)"
# Run from the repo root: the installed package is imported (python/ is not on sys.path).
"$PY" -m mypy.stubtest tariffs --mypy-config-file tests/python/mypy.ini

echo "== mypy python/tariffs"
"$PY" -m mypy --config-file tests/python/mypy.ini python/tariffs

echo "== pytest tests/python"
# Run from the repo root: the installed package is imported (python/ is not on sys.path).
"$PY" -m pytest -q -rs tests/python "$@"
