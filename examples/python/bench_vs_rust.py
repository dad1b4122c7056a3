"""Schedule.quote_many against the Rust batch on the same rows, in rows/s and as a ratio.

    python examples/python/bench_vs_rust.py                  # 10,000,000 rows, builtin schedule
    python examples/python/bench_vs_rust.py --rows 1000000 --schedule tests/fixtures/schedule.json

Build the package in release first (pip install . or maturin develop --release);
the Rust side is built and run with ``cargo run --release --example bench_columns``.

The rows are the synthetic parcels of ``bench_analysis.py`` (``make_parcels``:
log-normal values around $54 with a 5% commercial tail, CN-heavy origins,
dates over 2025-2026, modes express/postal/air/ocean/truck, USMCA claims,
quantities). They are generated once with numpy, written once to a CSV file
(``--csv``, default a temporary file), and then

- Rust: ``examples/bench_columns.rs --serve`` reads the file outside the
  timed region into ``EntryColumns`` and times one ``Schedule::quote_columns``
  call on every row each time this script asks;
- Python: ``Schedule.quote_many`` on the same rows as a ``pyarrow.Table``
  (dictionary-encoded strings, decimal128 money, date32 dates: as generated),
  as a polars DataFrame (polars out), as a pandas DataFrame with Arrow-backed
  dtypes (``types_mapper=pd.ArrowDtype``), and as a pandas DataFrame of
  Python ``str`` objects in object columns (every column as text), both
  pandas out with Arrow-backed columns (the default).

After a warm-up, ``--runs`` rounds each time the three in turn, so that they
share the load of a shared machine alike. The quote_many figure is the whole
call (reading the Arrow columns, parsing, quoting, building the output
table); the Rust figure is the quote alone on rows already parsed. Printed:
the best rows/s of each side and their ratio, the ratio within each round,
and the least CPU time (all threads) of each side. Both sides' error counts
and sums of totals must agree in every run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import tariffs  # noqa: E402
from bench_analysis import FIXTURE, FIXTURE_CODES, builtin_has_us, cents, codes_in_force, make_parcels  # noqa: E402


def write_csv(table: pa.Table, path: str) -> None:
    """The rows as plain CSV: dictionaries decoded, claims separated by ';'."""
    cols = {}
    for name in table.column_names:
        a = table.column(name).combine_chunks()
        if pa.types.is_dictionary(a.type):
            a = a.dictionary_decode()
        if name == "claims":
            a = pc.replace_substring(a, ",", ";")
        cols[name] = a
    pacsv.write_csv(pa.table(cols), path, write_options=pacsv.WriteOptions(quoting_style="none"))


class Rust:
    """``bench_columns --serve`` on the CSV file: one timed run per ``run()``."""

    def __init__(self, path: str, schedule_path):
        cmd = ["cargo", "run", "--quiet", "--release", "--example", "bench_columns", "--", path, "--serve"]
        if schedule_path:
            cmd += ["--schedule", schedule_path]
        print("  $ " + " ".join(cmd), flush=True)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._until("ready")

    def _until(self, prefix: str) -> str:
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            if line.startswith(prefix):
                return line
            print("    rust: " + line, flush=True)
        sys.exit(f"bench_columns stopped (status {self.proc.wait()})")

    def run(self) -> dict:
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        result = self._until("result ")
        self._until("ready")
        return {k: int(v) for k, v in (kv.split("=") for kv in result.split()[1:])}

    def close(self) -> None:
        self.proc.stdin.close()
        for line in self.proc.stdout:
            pass
        self.proc.wait()


def timed(label: str, f, n: int):
    """One run of f: (rows/s, CPU seconds, result)."""
    c, t = time.process_time(), time.perf_counter()
    out = f()
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"    {label} {n:,} rows in {dt:.3f} s = {n / dt:,.0f} rows/s (CPU {cpu:.2f} s)", flush=True)
    return n / dt, cpu, out


def summary(out) -> tuple:
    """(errors, sum of totals in cents) of a quote_many result (Table or DataFrame)."""
    if hasattr(out, "get_column"):  # polars
        out = out.to_arrow()
    if isinstance(out, pd.DataFrame):
        errors = int(out["error"].notna().sum())
        total = pa.array(out["total"], type=pa.decimal128(38, 2), from_pandas=True)
    else:
        errors = len(out) - out.column("error").null_count
        total = out.column("total")
    total = total.combine_chunks() if isinstance(total, pa.ChunkedArray) else total
    c = cents(pc.fill_null(total, pa.scalar(0, pa.decimal128(38, 2))))
    return errors, int(c.sum(dtype=np.int64))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--schedule", help="a schedule JSON file (default: the builtin if it has US data, else the fixture)")
    ap.add_argument("--runs", type=int, default=3, help="rounds (each times every side once)")
    ap.add_argument("--csv", help="where to write the rows (default: a temporary file, removed at the end)")
    ap.add_argument("--skip-pandas", action="store_true")
    args = ap.parse_args()
    n = args.rows
    if args.schedule:
        schedule_path = os.path.abspath(args.schedule)
        schedule, name = tariffs.Schedule.from_path(schedule_path), args.schedule
    elif builtin_has_us():
        schedule_path, schedule, name = None, tariffs.Schedule.builtin(), "builtin"
    else:
        schedule_path, schedule, name = FIXTURE, tariffs.Schedule.from_path(FIXTURE), FIXTURE
    is_fixture = schedule.version.name == tariffs.Schedule.from_path(FIXTURE).version.name
    print(f"tariffs {tariffs.__version__}, pandas {pd.__version__}, pyarrow {pa.__version__}, "
          f"{os.cpu_count()} CPUs; schedule: {name} ({schedule.version.name!r})")

    codes = FIXTURE_CODES if is_fixture else codes_in_force(schedule)
    t = time.perf_counter()
    table = make_parcels(n, codes, every_unit=not is_fixture)
    csv = args.csv or os.path.join(tempfile.mkdtemp(prefix="tariffs-bench-"), "rows.csv")
    write_csv(table, csv)
    print(f"{n:,} synthetic parcels ({len(codes)} codes) generated and written to {csv} "
          f"({os.path.getsize(csv) / 1e6:,.0f} MB) in {time.perf_counter() - t:.1f} s")

    print("Rust: Schedule::quote_columns on the rows of the file (parsed before the clock starts)")
    rust = Rust(csv, schedule_path)
    sides = [("rust", "Rust quote_columns", rust.run),
             ("arrow", "quote_many, pyarrow.Table -> pyarrow.Table", lambda: schedule.quote_many(table))]
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        plf = pl.from_arrow(table)
        sides.append(("polars", "quote_many, polars -> polars", lambda: schedule.quote_many(plf)))
    if not args.skip_pandas:
        pdf = table.to_pandas(types_mapper=pd.ArrowDtype)
        sides.append(("pandas", "quote_many, pandas (Arrow dtypes) -> pandas",
                      lambda: schedule.quote_many(pdf)))
        text = table.cast(pa.schema([pa.field(f.name, pa.string()) for f in table.schema]))
        strs = pd.DataFrame({c: pd.Series(text.column(c).to_pylist(), dtype=object) for c in text.column_names})
        del text
        sides.append(("object", "quote_many, pandas (object str) -> pandas",
                      lambda: schedule.quote_many(strs)))
    print("Warm-up: one Rust run, quote_many on 100,000 rows")
    rust.run()
    schedule.quote_many(table.slice(0, min(n, 100_000)))
    rates = {k: [] for k, _, _ in sides}
    cpus = {k: [] for k, _, _ in sides}
    agree = True
    for rnd in range(1, args.runs + 1):
        print(f"Round {rnd} of {args.runs} (the sides in turn, so that they share the machine's load)")
        for key, label, f in sides:
            if key == "rust":
                r = f()
                rate, cpu = r["rows_per_s"], r["cpu_ms"] / 1000
                print(f"    {label} {n:,} rows = {rate:,.0f} rows/s (CPU {cpu:.2f} s)", flush=True)
                want = (r["errors"], r["total_cents"])
            else:
                rate, cpu, out = timed(label, f, n)
                got = summary(out)
                del out
                if got != want:
                    print(f"    DIFFERENT from Rust: errors and total cents {got} vs {want}")
                    agree = False
            rates[key].append(rate)
            cpus[key].append(cpu)
    rust.close()
    if not args.csv:
        os.remove(csv)
        os.rmdir(os.path.dirname(csv))

    print(f"row errors {want[0]:,}, sum of totals {want[1] / 100:,.2f}: "
          f"{'the same on both sides in every run' if agree else 'NOT THE SAME'}")
    rust_best, rust_cpu = max(rates["rust"]), min(cpus["rust"])
    print(f"{'Rust quote_columns':<32} {rust_best:>12,.0f} rows/s (best of {args.runs}); CPU {rust_cpu:.2f} s (least)")
    for key, name in (("arrow", "quote_many, pyarrow.Table"), ("polars", "quote_many, polars"),
                      ("pandas", "quote_many, pandas (Arrow)"), ("object", "quote_many, pandas (object str)")):
        if not rates.get(key):
            continue
        best, cpu = max(rates[key]), min(cpus[key])
        per_round = sorted(r / q for r, q in zip(rates["rust"], rates[key]))
        print(f"{name + ':':<32} {best:>12,.0f} rows/s; Rust / quote_many = {rust_best / best:.2f} "
              f"(best to best; per round {', '.join(f'{x:.2f}' for x in per_round)}); "
              f"CPU {cpu:.2f} s, {cpu / rust_cpu:.2f} x Rust's")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
