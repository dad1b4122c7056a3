#!/usr/bin/env bash
# The worked example at scale (issue 14, item 7), run by hand, not in CI:
# a synthetic year of parcels (examples/python/gen_parcels.py, seeded,
# written as Parquet in chunks) quoted with `tariffs batch` into Parquet.
# Prints rows/s, peak memory and the time one billion rows would take at
# that rate.
#
#   bash scripts/scale.sh              # 100M rows (about 724 MB of Parquet in)
#   bash scripts/scale.sh 10000000     # 10M rows
#
# Needs the .venv of tests/python/run.sh (numpy, pyarrow) for the generator;
# SCALE_DIR (default target/scale) holds the files. Run it on a quiet
# machine: the figures are of this machine, whatever else it is doing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-100000000}"
DIR="${SCALE_DIR:-target/scale}"
mkdir -p "$DIR"
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "no .venv: run bash tests/python/run.sh once (it installs numpy and pyarrow)" >&2
  exit 1
fi
IN="$DIR/parcels-$ROWS.parquet"
OUT="$DIR/duties-$ROWS.parquet"
if [ ! -f "$IN" ]; then
  echo "== generating $ROWS rows into $IN"
  "$PY" examples/python/gen_parcels.py --rows "$ROWS" --out "$IN"
fi
echo "== cargo build --release -p tariffs-cli"
cargo build --release -p tariffs-cli
echo "== tariffs batch $IN -o $OUT ($(nproc) cores)"
LOG="$DIR/batch-$ROWS.log"
target/release/tariffs batch "$IN" -o "$OUT" 2>&1 | tee "$LOG"
ls -l "$IN" "$OUT"
# The summary line: "N rows quoted into OUT in S s (R rows/s), peak memory M MB: ..."
summary="$(grep 'rows quoted into' "$LOG" | tail -1)"
secs="$(echo "$summary" | sed -E 's/.* in ([0-9.]+) s .*/\1/')"
awk -v rows="$ROWS" -v secs="$secs" 'BEGIN {
  rate = rows / secs;
  printf "rate %.0f rows/s; one billion rows at this rate: %.1f minutes\n", rate, 1e9 / rate / 60
}'
