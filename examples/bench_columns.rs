//! `Schedule::quote_columns` on rows read from a CSV file, in rows per second:
//! the Rust side of `examples/python/bench_vs_rust.py`.
//!
//! ```text
//! cargo run --release --example bench_columns -- rows.csv [--schedule PATH] [--runs 3] [--chunk K] [--serve]
//! ```
//!
//! The file has a header line naming its columns: `hts`, `origin`, `value`,
//! `date` (required), `importer`, `mode`, `currency`, `exchange_rate`,
//! `claims` (claims separated by `;`), `loaded_on`, and `qty_<unit>` columns
//! (`qty_kg`, `qty_no`...); cells are unquoted, an empty cell means "not
//! given". The file is read and parsed into [`EntryColumns`] before the
//! clock starts (a bad cell stops the program, naming its line and column:
//! the Python script writes only rows that parse); then `quote_columns` runs
//! `--runs` times and each run's rows/s is printed, followed by one line of
//! `key=value` pairs for the script (`best_rows_per_s`, `rows`, `errors`,
//! `total_cents`: the sum of the quoted rows' totals).
//!
//! `--schedule` is a schedule JSON file; the default is the embedded one.
//! `--chunk K` times one `quote_columns` call per K rows instead of one on
//! every row (`quote_many` calls it per 65,536 rows, between which it reports
//! progress and honours Ctrl-C); each call starts its per-thread caches afresh.
//! `--serve` runs once per `run` line read from stdin (printing `ready`
//! before each read and a `result rows_per_s=… cpu_ms=… errors=…
//! total_cents=…` line after each run), so that a caller can interleave
//! these runs with its own on a machine whose load changes.
//! The run lines also give the CPU time of the process (all threads) where
//! Linux tells it, a steadier figure than the wall time on a shared machine.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use tariffs::{
    parse_decimal, Country, Currency, Date, Decimal, EntryColumns, HtsCode, Mode, Quantities,
    Schedule, Unit,
};

const USAGE: &str =
    "usage: bench_columns FILE.csv [--schedule PATH] [--runs 3] [--chunk K] [--serve]";

/// The columns of the file, typed.
#[derive(Default)]
struct Rows {
    codes: Vec<HtsCode>,
    origins: Vec<Country>,
    values: Vec<Decimal>,
    dates: Vec<Date>,
    importers: Option<Vec<Country>>,
    modes: Option<Vec<Mode>>,
    currencies: Option<Vec<Option<Currency>>>,
    exchange_rates: Option<Vec<Option<Decimal>>>,
    claims: Option<Vec<Vec<String>>>,
    loaded_on: Option<Vec<Option<Date>>>,
    quantities: Vec<(Unit, Option<String>, Vec<Option<Decimal>>)>,
}

fn read(path: &str) -> Result<Rows, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("{path}: empty file"))?
        .split(',')
        .map(|h| h.trim().trim_matches('"'))
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let need = |name: &str| col(name).ok_or_else(|| format!("{path}: no column {name:?}"));
    let (hts, origin, value, date) = (need("hts")?, need("origin")?, need("value")?, need("date")?);
    let (importer, mode, currency, rate, claims, loaded) = (
        col("importer"),
        col("mode"),
        col("currency"),
        col("exchange_rate"),
        col("claims"),
        col("loaded_on"),
    );
    let mut qty: Vec<(usize, Unit, Option<String>)> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(key) = h.strip_prefix("qty_") {
            let mut probe = Quantities::new();
            probe
                .set_parts(key, "0")
                .map_err(|e| format!("column {h}: {e}"))?;
            let q = probe.iter().next().expect("the quantity just set");
            qty.push((i, q.unit, q.basis.clone()));
        }
    }
    let mut rows = Rows {
        importers: importer.map(|_| Vec::new()),
        modes: mode.map(|_| Vec::new()),
        currencies: currency.map(|_| Vec::new()),
        exchange_rates: rate.map(|_| Vec::new()),
        claims: claims.map(|_| Vec::new()),
        loaded_on: loaded.map(|_| Vec::new()),
        quantities: qty
            .iter()
            .map(|(_, u, b)| (*u, b.clone(), Vec::new()))
            .collect(),
        ..Rows::default()
    };
    let mut cells: Vec<&str> = Vec::with_capacity(header.len());
    for (n, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        cells.clear();
        cells.extend(line.split(',').map(|c| c.trim_matches('"')));
        if cells.len() != header.len() {
            return Err(format!(
                "line {}: {} cells, not {}",
                n + 2,
                cells.len(),
                header.len()
            ));
        }
        let at = |e: tariffs::Error| format!("line {}: {e}", n + 2);
        let opt = |i: Option<usize>| i.map(|i| cells[i]).filter(|c| !c.is_empty());
        rows.codes
            .push(HtsCode::parse_field("hts", cells[hts]).map_err(at)?);
        rows.origins
            .push(Country::parse_field("origin", cells[origin]).map_err(at)?);
        rows.values
            .push(parse_decimal("value", cells[value]).map_err(at)?);
        rows.dates
            .push(Date::parse_field("date", cells[date]).map_err(at)?);
        if let Some(v) = &mut rows.importers {
            let t = opt(importer).unwrap_or("US");
            v.push(Country::parse_field("importer", t).map_err(at)?);
        }
        if let Some(v) = &mut rows.modes {
            let m = opt(mode).map(|t| Mode::parse_field("mode", t)).transpose();
            v.push(m.map_err(at)?.unwrap_or(Mode::Ocean));
        }
        if let Some(v) = &mut rows.currencies {
            let c = opt(currency).map(|t| Currency::parse_field("currency", t));
            v.push(c.transpose().map_err(at)?);
        }
        if let Some(v) = &mut rows.exchange_rates {
            let r = opt(rate).map(|t| parse_decimal("exchange_rate", t));
            v.push(r.transpose().map_err(at)?);
        }
        if let Some(v) = &mut rows.claims {
            let list = opt(claims).map_or_else(Vec::new, |t| {
                t.split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            v.push(list);
        }
        if let Some(v) = &mut rows.loaded_on {
            let d = opt(loaded).map(|t| Date::parse_field("loaded_on", t));
            v.push(d.transpose().map_err(at)?);
        }
        for ((i, ..), (_, _, v)) in qty.iter().zip(&mut rows.quantities) {
            let a = opt(Some(*i)).map(|t| parse_decimal(header[*i], t));
            v.push(a.transpose().map_err(at)?);
        }
    }
    Ok(rows)
}

fn columns(rows: &Rows) -> EntryColumns<'_> {
    let us = Country::parse_field("importer", "US").expect("US");
    let mut c = EntryColumns::new(us, &rows.codes, &rows.origins, &rows.values, &rows.dates);
    c.importers = rows.importers.as_deref();
    c.modes = rows.modes.as_deref();
    c.currencies = rows.currencies.as_deref();
    c.exchange_rates = rows.exchange_rates.as_deref();
    c.claims = rows.claims.as_deref();
    c.loaded_on = rows.loaded_on.as_deref();
    for (unit, basis, amounts) in &rows.quantities {
        c = c.with_quantity(*unit, basis.as_deref(), amounts);
    }
    c
}

/// CPU seconds (user + system, all threads) of this process so far, where
/// `/proc/self/stat` tells (Linux; 100 ticks a second, the usual USER_HZ).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Rows `s..e` of `cols`.
fn slice<'a>(cols: &EntryColumns<'a>, s: usize, e: usize) -> EntryColumns<'a> {
    let mut c = cols.clone();
    c.codes = &cols.codes[s..e];
    c.origins = &cols.origins[s..e];
    c.values = &cols.values[s..e];
    c.dates = &cols.dates[s..e];
    c.importers = cols.importers.map(|v| &v[s..e]);
    c.modes = cols.modes.map(|v| &v[s..e]);
    c.currencies = cols.currencies.map(|v| &v[s..e]);
    c.exchange_rates = cols.exchange_rates.map(|v| &v[s..e]);
    c.claims = cols.claims.map(|v| &v[s..e]);
    c.loaded_on = cols.loaded_on.map(|v| &v[s..e]);
    for q in &mut c.quantities {
        q.amounts = &q.amounts[s..e];
    }
    c
}

/// One timed run: `quote_columns` on every row, or (`chunk`) one call per
/// `chunk` rows. Returns the wall and CPU seconds, the row errors and the
/// sum of the totals in cents (the results are dropped after the clock stops).
fn run_once(
    schedule: &Schedule,
    cols: &EntryColumns,
    chunk: Option<usize>,
) -> Result<(f64, Option<f64>, usize, i128), String> {
    let n = cols.len();
    let cpu = cpu_seconds();
    let t = Instant::now();
    let k = chunk.unwrap_or(n).max(1);
    let mut results = Vec::with_capacity(n.div_ceil(k));
    let mut s = 0;
    while s < n || results.is_empty() {
        let e = (s + k).min(n);
        let b = schedule
            .quote_columns(&slice(cols, s, e))
            .map_err(|e| format!("quote_columns: {e}"))?;
        results.push(b);
        s = e;
    }
    let dt = t.elapsed().as_secs_f64();
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let errors = results
        .iter()
        .map(|b| b.errors.iter().filter(|e| e.is_some()).count())
        .sum();
    let total_cents = results
        .iter()
        .flat_map(|b| &b.total)
        .map(|t| (t * Decimal::ONE_HUNDRED).trunc().mantissa())
        .sum();
    Ok((dt, cpu, errors, total_cents))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let Some(path) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let runs: usize = flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let chunk: Option<usize> = flag("--chunk").and_then(|r| r.parse().ok());
    let serve = args.iter().any(|a| a == "--serve");
    let schedule = match flag("--schedule") {
        Some(p) => Schedule::from_path(&p),
        None => Schedule::try_builtin(),
    };
    let schedule = match schedule {
        Ok(s) => s,
        Err(e) => {
            eprintln!("schedule: {e}");
            return ExitCode::FAILURE;
        }
    };
    let t = Instant::now();
    let rows = match read(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let n = rows.codes.len();
    println!(
        "read {n} rows from {path} in {:.2} s (not timed); schedule {:?}; {} threads",
        t.elapsed().as_secs_f64(),
        schedule.version().name,
        rayon::current_num_threads()
    );
    let cols = columns(&rows);
    let mut best = 0.0f64;
    let mut best_cpu = f64::INFINITY;
    let mut last = (0, 0);
    let mut run = 0;
    let mut commands = std::io::stdin().lines();
    loop {
        if serve {
            println!("ready");
            let _ = std::io::stdout().flush();
            match commands.next() {
                Some(Ok(c)) if c.trim() == "run" => {}
                _ => break,
            }
        } else if run == runs {
            break;
        }
        run += 1;
        let (dt, cpu, errors, total_cents) = match run_once(&schedule, &cols, chunk) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let rate = n as f64 / dt;
        best = best.max(rate);
        if let Some(c) = cpu {
            best_cpu = best_cpu.min(c);
        }
        last = (errors, total_cents);
        let cpu_text = cpu.map_or(String::new(), |c| format!(" (CPU {c:.2} s)"));
        println!("run {run}: quote_columns {n} rows in {dt:.3} s = {rate:.0} rows/s{cpu_text}");
        if serve {
            let cpu_ms = cpu.map_or(-1, |c| (c * 1000.0).round() as i64);
            println!("result rows_per_s={rate:.0} cpu_ms={cpu_ms} errors={errors} total_cents={total_cents}");
        }
    }
    let cpu_ms = if best_cpu.is_finite() {
        (best_cpu * 1000.0).round() as i64
    } else {
        -1
    };
    let (errors, total_cents) = last;
    println!("best_rows_per_s={best:.0} rows={n} errors={errors} total_cents={total_cents} best_cpu_ms={cpu_ms}");
    ExitCode::SUCCESS
}
