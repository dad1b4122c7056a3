#!/usr/bin/env bash
# Runs every benchmark of the project and prints the figures.
#
#   bash scripts/bench.sh            # the full benchmarks (the README's figures)
#   bash scripts/bench.sh --quick    # smoke sizes everywhere (a minute or two once built)
#   bash scripts/bench.sh --no-python
#
# In order: the Rust bench binaries (cargo bench --bench quote, refunds, builtin_load,
# schedule_scale),
# the criterion benches (cargo bench --bench engine; reports in
# target/criterion), the rate-panel example (one date, then every change date,
# CSVs in /tmp), and the Python benches (examples/python/bench_quote_many.py,
# bench_analysis.py). For those it makes or reuses .venv at the repo root and
# builds the package into it from this checkout the way tests/python/run.sh
# does (tests/python/requirements.txt, then `pip install .`, release); it
# skips them, saying so, when Python has no venv module, or with --no-python.
# Set PYTHON to choose the interpreter (default python3).
#
# --quick: quote and schedule_scale benches with --smoke, criterion with --test (each benchmark
# once), the panel on one date only, the Python benches on 10,000 rows.
# builtin_load has no smaller size (it takes a few seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
python=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-python) python=0 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "bench.sh: unknown argument $arg (use --quick, --no-python)" >&2
      exit 2
      ;;
  esac
done

section_start=$SECONDS
section_name=""
end_section() {
  if [ -n "$section_name" ]; then
    echo "-- $section_name: $((SECONDS - section_start)) s"
  fi
}
section() {
  end_section
  section_name="$*"
  section_start=$SECONDS
  echo
  echo "== $*"
}
run() {
  echo "\$ $*"
  "$@"
}

cpu=$( (grep -m1 '^model name' /proc/cpuinfo 2>/dev/null || true) | cut -d: -f2- | sed 's/^ *//')
echo "machine: $(nproc) cores, ${cpu:-unknown CPU}; $(rustc --version)"
echo "mode: $([ "$quick" = 1 ] && echo quick || echo full); $(date -u '+%Y-%m-%d %H:%M UTC'); $(git rev-parse --short HEAD 2>/dev/null || echo 'no git')"
total_start=$SECONDS

if [ "$quick" = 1 ]; then
  section "Rust: quote latency and batch throughput (smoke)"
  run cargo bench --bench quote -- --smoke
else
  section "Rust: quote latency and batch throughput"
  run cargo bench --bench quote
fi

if [ "$quick" = 1 ]; then
  section "Rust: refund report throughput (smoke)"
  run cargo bench --bench refunds -- --smoke
else
  section "Rust: refund report throughput"
  run cargo bench --bench refunds
fi

section "Rust: builtin schedule load time"
run cargo bench --bench builtin_load

if [ "$quick" = 1 ]; then
  section "Rust: load time of synthetic schedules (10,000 measures)"
  run cargo bench --bench schedule_scale -- --smoke
else
  section "Rust: load time of synthetic schedules (10,000 to 100,000 measures)"
  run cargo bench --bench schedule_scale
fi

if [ "$quick" = 1 ]; then
  section "Rust: criterion benches (test mode: each benchmark once)"
  run cargo bench --bench engine -- --test
else
  section "Rust: criterion benches"
  run cargo bench --bench engine
fi

section "Rust: rate panel example"
run cargo run --release -p tariffs-cli -- panel --date 2025-04-15 --out /tmp/tariffs-panel.csv
if [ "$quick" = 0 ]; then
  run cargo run --release -p tariffs-cli -- panel --all-dates --out /tmp/tariffs-changes.csv
fi

if [ "$python" = 1 ]; then
  section "Python: building the package into .venv (as tests/python/run.sh)"
  PYTHON="${PYTHON:-python3}"
  VENV=.venv
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
      echo "skipped the Python benches: $PYTHON has no venv/ensurepip module (e.g. apt-get install python3-venv)"
      python=0
    else
      echo "creating $VENV with $($PYTHON --version 2>&1)"
      "$PYTHON" -m venv "$VENV"
    fi
  fi
fi
if [ "$python" = 1 ]; then
  PY="$VENV/bin/python"
  pip_install() { "$PY" -m pip install --quiet --disable-pip-version-check "$@"; }
  pip_install --upgrade pip
  pip_install -r tests/python/requirements.txt
  run "$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
  if [ "$quick" = 1 ]; then
    rows=(--rows 10000)
  else
    rows=()
  fi

  section "Python: Schedule.quote_many (examples/python/bench_quote_many.py)"
  run "$PY" examples/python/bench_quote_many.py ${rows[@]+"${rows[@]}"}

  section "Python: analyst engine (examples/python/bench_analysis.py)"
  run "$PY" examples/python/bench_analysis.py ${rows[@]+"${rows[@]}"}
fi

end_section
echo
echo "== all benchmarks ran in $((SECONDS - total_start)) s"
