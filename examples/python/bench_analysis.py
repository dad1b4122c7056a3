"""Benchmarks of the analyst engine from Python, with the figures printed.

    python examples/python/bench_analysis.py                      # 10,000,000 rows
    python examples/python/bench_analysis.py --rows 1000000 --schedule tests/fixtures/schedule.json

(a) ``quote_many`` on N synthetic parcels, from a pyarrow Table and from a
    pandas DataFrame (Arrow-backed dtypes in, ``dtype_backend="pyarrow"`` out;
    and, on at most 1,000,000 rows, ``Decimal`` objects in and out), rows/s.
(b) The same rows computed "the pure-pandas way": a base-rate table and
    per-origin additional-rate tables merged by date (``merge_asof``), the
    stacking applied with vectorised conditions (de minimis and its China
    suspension, USMCA, column 2, Section 232 displacing IEEPA, the EU floor,
    the postal duty, MPF/HMF), float64 money rounded per line half away from
    zero. It is written for the rules of tests/fixtures/schedule.json only,
    so (b) always runs on the fixture; its totals are checked against
    ``quote_many`` to the cent on every row, and the time ratio is printed.
(c) ``rate_panel`` for one date (every tariff line x every origin): time.
(d) ``Schedule.builtin()`` load time, in a fresh interpreter.

``--schedule`` defaults to the embedded schedule when it has US data, else the
fixture. With the builtin, (a) draws its codes from the lines in force.

The parcels (numpy, no Python loop): 95% low-value parcels with values drawn
from a log-normal of median $54 (most under the $800 de minimis threshold),
5% commercial entries of median $20,000; origins CN 35%, HK 5%, VN 10%, MX
8%, CA 7%, IN 7%, DE 5%, GB 5%, JP 5%, KR 5%, FR 3%, AU 4.9%, CU 0.1%; dates
uniform over 2025-2026; modes express 40%, postal 25%, air 15%, ocean 15%,
truck 5%; USMCA claimed on half the Canadian and Mexican rows; quantities in
kg (value / $20 per kg), items (1 to 3) and barrels (value / $70, crude oil
only), so every row quotes. With another schedule than the fixture, the codes
are 300 lines in force on 2025-06-01 (equally weighted), and every row also
carries liters ($2 each) and barrels; rows whose specific rate needs another
unit fail and are counted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import tariffs

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "fixtures", "schedule.json"))

FIXTURE_CODES = {
    "6109.10.00.12": 0.30, "6109.10.00.27": 0.10, "4901.99.00.10": 0.10, "0406.10.10.00": 0.10,
    "1806.20.24.00": 0.15, "8703.23.01.90": 0.10, "2709.00.10.00": 0.05, "6109.10.00.40": 0.10,
}
ORIGINS = {"CN": 0.35, "HK": 0.05, "VN": 0.10, "MX": 0.08, "CA": 0.07, "IN": 0.07, "DE": 0.05,
           "GB": 0.05, "JP": 0.05, "KR": 0.05, "FR": 0.03, "AU": 0.049, "CU": 0.001}
MODES = {"express": 0.40, "postal": 0.25, "air": 0.15, "ocean": 0.15, "truck": 0.05}
DAY0 = 20089  # 2025-01-01 as days since 1970-01-01


def dictionary(rng, weights: dict, n: int) -> pa.DictionaryArray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    idx = rng.choice(len(keys), size=n, p=p / p.sum()).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(keys))


def decimal_array(units: np.ndarray, scale: int, valid=None) -> pa.Array:
    """int64 counts of 10^-scale as an Arrow decimal128 array, without Python objects."""
    i128 = np.stack([units, (units < 0).astype(np.int64) * -1], axis=1)
    buffers = [None if valid is None else pa.array(valid).buffers()[1], pa.py_buffer(i128.tobytes())]
    nulls = 0 if valid is None else int((~valid).sum())
    return pa.Array.from_buffers(pa.decimal128(18, scale), len(units), buffers, null_count=nulls)


def make_parcels(n: int, codes: dict, seed: int = 7, every_unit: bool = False) -> pa.Table:
    """N parcels over ``codes`` (weights); ``every_unit`` adds liters and
    barrels to every row (for a real schedule's specific rates)."""
    rng = np.random.default_rng(seed)
    parcel = rng.random(n) < 0.95
    cents = np.where(parcel, np.exp(rng.normal(np.log(5_400), 0.8, n)),
                     np.exp(rng.normal(np.log(2_000_000), 1.2, n)))
    cents = np.maximum(cents, 100).round().astype(np.int64)
    hts = dictionary(rng, codes, n)
    origin = dictionary(rng, ORIGINS, n)

    def rows_of(d: pa.DictionaryArray, keep) -> np.ndarray:
        return np.isin(d.indices.to_numpy(), [i for i, k in enumerate(d.dictionary.to_pylist()) if keep(k)])

    claimed = rows_of(origin, lambda o: o in ("CA", "MX")) & (rng.random(n) < 0.5)
    claims = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32), mask=~claimed), pa.array(["USMCA"]))
    days = rng.integers(DAY0, DAY0 + 730, n).astype(np.int32)
    crude = rows_of(hts, lambda c: c.startswith("2709"))
    kg_tenths = np.maximum(cents // 200, 1)                 # value / $20 per kg, in 0.1 kg
    bbl_tenths = np.maximum(cents * 10 // 7_000, 1)         # value / $70 per barrel, in 0.1 bbl
    if every_unit:
        crude = np.ones(n, dtype=bool)
    columns = {
        "hts": hts,
        "origin": origin,
        "value": decimal_array(cents, 2),
        "date": pa.Array.from_buffers(pa.date32(), n, [None, pa.py_buffer(days.tobytes())]),
        "mode": dictionary(rng, MODES, n),
        "claims": claims,
        "qty_kg": decimal_array(kg_tenths, 1),
        "qty_no": pa.array(rng.integers(1, 4, n), pa.int64()),
        "qty_bbl": decimal_array(np.where(crude, bbl_tenths, 0), 1, valid=crude),
    }
    if every_unit:
        columns["qty_liter"] = decimal_array(np.maximum(cents // 20, 1), 1)  # $2 per liter
    return pa.table(columns)


# ----------------------------------------------------------------------------
# (b) The fixture's rules, the way an analyst would write them in pandas.
# Rates in percent; specific rates in $ per unit. Source: tests/fixtures/schedule.json.

BASE = pd.DataFrame([
    # code8,        from,         until,        general %, $/unit, unit,  column 2 %, $/unit, USMCA (S) free
    ("0406.10.10", "2025-01-01", "2100-01-01", 0.0, 1.035, "kg", 0.0, 1.10, False),
    ("1806.20.24", "2025-01-01", "2100-01-01", 14.9, 0.463, "kg", 50.0, 0.70, False),
    ("2709.00.10", "2025-01-01", "2100-01-01", 0.0, 0.0525, "bbl", 0.0, 0.005, True),
    ("4901.99.00", "2025-01-01", "2100-01-01", 0.0, 0.0, "", 0.0, 0.0, False),
    ("6109.10.00", "2025-01-01", "2100-01-01", 16.5, 0.0, "", 90.0, 0.0, True),
    ("8703.23.01", "2025-01-01", "2025-07-01", 2.5, 0.0, "", 10.0, 0.0, True),
    ("8703.23.01", "2025-07-01", "2100-01-01", 3.0, 0.0, "", 10.0, 0.0, True),
], columns=["code8", "from", "until", "gen_pct", "gen_spec", "unit", "col2_pct", "col2_spec", "s_free"])

# IEEPA "fentanyl" additional duty by origin and date (a step function).
FENTANYL = pd.DataFrame([
    ("CN", "2025-02-04", 10.0), ("CN", "2025-03-04", 20.0),
    ("CA", "2025-03-04", 25.0), ("MX", "2025-03-04", 25.0),
], columns=["origin", "from", "fent_pct"])

# IEEPA reciprocal duty: China's own steps (the baseline applies to every other origin).
RECIPROCAL_CN = pd.DataFrame([
    ("CN", "2025-04-05", 10.0), ("CN", "2025-04-10", 125.0), ("CN", "2025-05-14", 10.0),
], columns=["origin", "from", "recip_pct"])


def _dates(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    df = df.copy()
    for c in cols:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    return df


def round_cents(x):
    """Half away from zero to the cent (amounts are >= 0), with a tolerance for float error."""
    return np.floor(x * 100 + 0.5 + 1e-6) / 100


def pandas_quote(df: pd.DataFrame, round_cents=round_cents) -> pd.DataFrame:
    """Duty, fees and total of each row of ``df`` (analyst dtypes: float64 value,
    datetime64 date, categorical codes and origins), by the fixture's rules;
    each line rounded to the cent with ``round_cents``."""
    base = _dates(BASE, "from", "until").sort_values("from")
    fent = _dates(FENTANYL, "from").sort_values("from")
    rcn = _dates(RECIPROCAL_CN, "from").sort_values("from")

    d = df.assign(code8=df["hts"].map(lambda h: h[:10]).astype(str),
                  origin=df["origin"].astype(str), _row=np.arange(len(df)))
    d = d.sort_values("date", kind="stable")
    d = pd.merge_asof(d, base, left_on="date", right_on="from", by="code8")
    d = pd.merge_asof(d, fent.rename(columns={"from": "fent_from"}), left_on="date", right_on="fent_from", by="origin")
    d = pd.merge_asof(d, rcn.rename(columns={"from": "rcn_from"}), left_on="date", right_on="rcn_from", by="origin")
    d = d.sort_values("_row")
    assert (d["date"] < d["until"]).all(), "a code not in force"

    date, origin, value = d["date"], d["origin"], d["value"].to_numpy()
    heading = d["code8"].str[:4]
    partner = origin.isin(["CA", "MX"]).to_numpy()
    usmca = partner & (d["claims"] == "USMCA").to_numpy()
    col2 = origin.isin(["CU", "KP"]).to_numpy()

    # Base (MFN) duty: column 2, USMCA "S" = Free, else the general rate.
    pct = np.where(col2, d["col2_pct"], np.where(usmca & d["s_free"], 0.0, d["gen_pct"]))
    spec = np.where(col2, d["col2_spec"], np.where(usmca & d["s_free"], 0.0, d["gen_spec"]))
    qty = np.select([d["unit"] == "kg", d["unit"] == "bbl"], [d["qty_kg"], d["qty_bbl"]], 0.0)
    mfn = round_cents(value * pct / 100 + spec * np.nan_to_num(qty))

    # Section 232 autos (25% from 2025-04-03) displace both IEEPA duties.
    autos = ((heading == "8703") & (date >= "2025-04-03")).to_numpy()
    s232 = np.where(autos, round_cents(value * 0.25), 0.0)

    # Fentanyl: the table's rate; Canadian energy 10%; books and newspapers
    # exempt for the partners; USMCA claims exempt from 2025-03-07.
    fent_pct = d["fent_pct"].fillna(0.0).to_numpy()
    fent_pct = np.where((origin == "CA").to_numpy() & (heading == "2709").to_numpy() & (fent_pct > 0), 10.0, fent_pct)
    fent_pct = np.where(partner & heading.isin(["4901", "4902"]).to_numpy(), 0.0, fent_pct)
    fent_pct = np.where(usmca & (date >= "2025-03-07").to_numpy(), 0.0, fent_pct)
    fent = np.where(autos, 0.0, round_cents(value * fent_pct / 100))

    # Reciprocal: China's table, a 10% baseline for everyone but the partners
    # from 2025-04-05, and for DE/FR from 2025-08-07 a 15% all-in floor counting MFN.
    baseline = np.where(~partner & (date >= "2025-04-05").to_numpy(), 10.0, 0.0)
    recip_pct = np.where((origin == "CN").to_numpy(), d["recip_pct"].fillna(0.0), baseline)
    recip = np.where(autos, 0.0, round_cents(value * recip_pct / 100))
    eu = origin.isin(["DE", "FR"]).to_numpy() & (date >= "2025-08-07").to_numpy()
    recip = np.where(eu, round_cents(np.maximum(value * 0.15 - mfn, 0.0)), recip)

    # The postal duty on Chinese items: $100 each from 2025-05-02.
    postal = np.where((origin == "CN").to_numpy() & (d["mode"] == "postal").to_numpy()
                      & (date >= "2025-05-02").to_numpy(), 100.0 * d["qty_no"].to_numpy(), 0.0)

    # Fees: MPF on values over $2,500 (0.3464%, min 32.71, max 634.62); HMF 0.125% by ocean.
    mpf = np.where(value > 2500, round_cents(np.clip(value * 0.003464, 32.71, 634.62)), 0.0)
    hmf = np.where((d["mode"] == "ocean").to_numpy(), round_cents(value * 0.00125), 0.0)

    # De minimis ($800 or less) removes everything, except for China from 2025-05-02.
    dm = (value <= 800) & ~((origin == "CN").to_numpy() & (date >= "2025-05-02").to_numpy())
    duty = np.where(dm, 0.0, mfn + s232 + fent + recip + postal)
    fees = np.where(dm, 0.0, mpf + hmf)
    return pd.DataFrame({"duty": duty, "fees": fees, "total": duty + fees}, index=df.index)


def analyst_frame(table: pa.Table) -> pd.DataFrame:
    """The table as an analyst would hold it: float64 money, datetime64 dates, categoricals."""
    df = table.to_pandas(categories=None)
    for c in ("value", "qty_kg", "qty_bbl"):
        df[c] = pc.cast(table.column(c), pa.float64()).to_numpy(zero_copy_only=False)
    df["date"] = pd.to_datetime(pc.cast(table.column("date"), pa.timestamp("ns")).to_numpy(zero_copy_only=False))
    df["qty_no"] = df["qty_no"].astype(float)
    return df


def cents(col) -> np.ndarray:
    """A decimal128(38, 2) Arrow column as int64 cents, exactly: the low 64
    bits of each 128-bit integer (amounts below $92 quadrillion)."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    assert arr.type.scale == 2
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64)
    return words[2 * arr.offset: 2 * (arr.offset + len(arr)): 2].copy()


# ----------------------------------------------------------------------------


def timed(label: str, f, n: int):
    t = time.perf_counter()
    out = f()
    dt = time.perf_counter() - t
    print(f"  {label:<58} {n:>11,} rows {dt:8.2f} s {n / dt:>12,.0f} rows/s", flush=True)
    return out, dt


def builtin_load_time() -> str:
    code = ("import time; t0 = time.perf_counter(); import tariffs; t1 = time.perf_counter(); "
            "s = tariffs.Schedule.builtin(); t2 = time.perf_counter(); tariffs.Schedule.builtin(); "
            "t3 = time.perf_counter(); print(f'{t1 - t0:.4f} {t2 - t1:.4f} {t3 - t2:.6f} {s.importers}')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return f"failed: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.returncode}"
    imp, first, again, importers = r.stdout.split(maxsplit=3)
    return (f"import tariffs {float(imp) * 1000:.0f} ms; first Schedule.builtin() {float(first) * 1000:.1f} ms "
            f"(parse, merge, validate, compile); again {float(again) * 1e6:.1f} µs; importers {importers.strip()}")


def builtin_has_us() -> bool:
    try:
        return "US" in tariffs.Schedule.builtin().importers
    except tariffs.TariffsError:
        return False


def codes_in_force(schedule: tariffs.Schedule, k: int = 300) -> dict:
    """Up to k tariff lines of the schedule in force on 2025-06-01, equally weighted."""
    t = schedule.rate_panel("2025-06-01", origins=["DE"], as_="arrow")
    codes = [c for c, e in zip(t.column("hts").to_pylist(), t.column("error").to_pylist()) if e is None]
    step = max(1, len(codes) // k)
    return {c: 1.0 for c in codes[::step][:k]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--schedule", help="a schedule JSON file (default: the builtin if it has US data, else the fixture)")
    args = ap.parse_args()
    n = args.rows
    if args.schedule:
        schedule, name = tariffs.Schedule.from_path(args.schedule), args.schedule
    elif builtin_has_us():
        schedule, name = tariffs.Schedule.builtin(), "builtin"
    else:
        schedule, name = tariffs.Schedule.from_path(FIXTURE), f"{FIXTURE} (the builtin has no US data yet)"
    fixture = tariffs.Schedule.from_path(FIXTURE)
    is_fixture = schedule.version.name == fixture.version.name
    print(f"tariffs {tariffs.__version__}, pandas {pd.__version__}, pyarrow {pa.__version__}, "
          f"{os.cpu_count()} CPUs; schedule: {name} ({schedule.version.name!r})")

    # (a) quote_many -----------------------------------------------------------
    codes = FIXTURE_CODES if is_fixture else codes_in_force(schedule)
    t = time.perf_counter()
    table = make_parcels(n, codes, every_unit=not is_fixture)
    print(f"(a) quote_many on {n:,} synthetic parcels ({len(codes)} codes; generated in "
          f"{time.perf_counter() - t:.1f} s)")
    schedule.quote_many(table.slice(0, min(n, 100_000)))  # warm up (threads, allocator)
    out, dt_arrow = timed("pyarrow.Table -> pyarrow.Table", lambda: schedule.quote_many(table), n)
    errors = n - out.column("error").null_count
    print(f"  {'':<58} row errors: {errors:,}")
    del out
    pdf = table.to_pandas(types_mapper=pd.ArrowDtype)
    out, _ = timed("pandas (Arrow dtypes) -> pandas, dtype_backend='pyarrow'",
                   lambda: schedule.quote_many(pdf, dtype_backend="pyarrow"), n)
    del out, pdf
    m = min(n, 1_000_000)
    objs = table.slice(0, m).to_pandas()  # Decimal objects, categoricals
    timed("pandas (Decimal objects) -> pandas (Decimal objects)", lambda: schedule.quote_many(objs), m)
    del objs

    # (b) pure pandas -----------------------------------------------------------
    print("(b) the same rows, pure pandas (fixture rules, float64, merge_asof + vectorised stacking)")
    if is_fixture:
        ftable, dt_engine = table, dt_arrow
        ref = fixture.quote_many(ftable)
    else:
        ftable = make_parcels(n, FIXTURE_CODES)
        fixture.quote_many(ftable.slice(0, min(n, 100_000)))  # warm up, as in (a)
        ref, dt_engine = timed("quote_many on the fixture, pyarrow -> pyarrow", lambda: fixture.quote_many(ftable), n)
    df = analyst_frame(ftable)
    pandas_quote(df.iloc[:min(n, 100_000)])  # warm up alike
    got, dt_pandas = timed("pandas: merge_asof + np.where/np.select", lambda: pandas_quote(df), n)
    want = cents(ref.column("total"))
    have = np.floor(got["total"].to_numpy() * 100 + 0.5).astype(np.int64)
    agree = int((want == have).sum())
    worst = np.abs(want - have).max() / 100 if n else 0.0
    print(f"  pandas totals agree with quote_many to the cent on {agree:,} of {n:,} rows "
          f"(largest difference ${worst:,.2f})")
    m = min(n, 1_000_000)
    naive = pandas_quote(df.iloc[:m], round_cents=lambda x: np.round(x, 2))
    off = int((np.floor(naive["total"].to_numpy() * 100 + 0.5).astype(np.int64) != want[:m]).sum())
    print(f"  (with np.round(x, 2) per line instead, half to even on binary floats: {off:,} of {m:,} "
          "totals off by a cent or more)")
    print(f"  time pandas / quote_many = {dt_pandas / dt_engine:.2f} (quote_many {dt_engine:.2f} s, "
          f"pandas {dt_pandas:.2f} s); quote_many also explains each line and reads any schedule, "
          "the pandas code knows 6 lines and the fixture's 13 rules")
    del df, got, ref, naive

    # (c) rate_panel --------------------------------------------------------------
    print("(c) rate_panel for one date (every tariff line x every origin)")
    runs = [
        ("as_='arrow'", lambda: schedule.rate_panel("2025-06-01", as_="arrow")),
        ("as_='pandas', dtype_backend='pyarrow'", lambda: schedule.rate_panel("2025-06-01", dtype_backend="pyarrow")),
        ("as_='pandas' (Decimal objects)", lambda: schedule.rate_panel("2025-06-01")),
    ]
    for label, run in runs:
        t = time.perf_counter()
        p = run()
        print(f"  {label:<58} {len(p):>11,} cells {time.perf_counter() - t:8.2f} s")
    t = time.perf_counter()
    dd = schedule.diff(None, "2025-05-13", other_date="2025-05-14", as_="arrow")
    print(f"  {'diff(None, 2025-05-13, other_date=2025-05-14)':<58} {dd.num_rows:>11,} changes {time.perf_counter() - t:6.2f} s")

    # (d) builtin load ------------------------------------------------------------
    print(f"(d) builtin load, fresh interpreter: {builtin_load_time()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
