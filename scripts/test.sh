#!/usr/bin/env bash
# Runs every test of the project: Rust (unit, integration, property, doc),
# C (tests/c/run.sh) and Python (tests/python/run.sh). This is the README's
# test command; .ci/run calls it. It installs what it needs (cbindgen, a
# Python virtual environment with maturin and pytest) by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Rust: cargo test --workspace --features tariffs/arrow"
# The Arrow batches (feature arrow) are tested too (tests/arrow.rs).
cargo test --workspace --features tariffs/arrow

for part in tests/c/run.sh tests/python/run.sh; do
  if [ -f "$part" ]; then
    echo "== $part"
    bash "$part"
  fi
done
echo "== all tests passed"
