//! Quote latency and batch throughput, printed as figures.
//!
//! `cargo bench --bench quote` (add `-- --smoke` for a quick run, as CI does).
//! Uses the builtin schedule when it has a US importer, else the test fixture.
//! Entries are synthetic parcels shaped like the seed's story: values of
//! $5-$105 (a 10% tail of $800-$20,000 freight), mixed origins and codes,
//! dates spread over 2025-2026, mixed modes; the generator is
//! `benches/common/mod.rs`, shared with `benches/engine.rs`.

mod common;

use common::entries;
use std::time::Instant;
use tariffs::Schedule;

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let builtin = Schedule::try_builtin()
        .ok()
        .filter(|s| !s.importers().is_empty());
    let (schedule, name) = match builtin {
        Some(s) => (s, "builtin"),
        None => (
            Schedule::from_path(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/schedule.json"
            ))
            .unwrap(),
            "fixture",
        ),
    };
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("schedule: {name}; machine: {cores} cores");

    // Single quote latency (explained quote, one thread).
    let sample = entries(if smoke { 200 } else { 20_000 });
    let mut times: Vec<u128> = Vec::with_capacity(sample.len());
    let mut ok = 0usize;
    for e in &sample {
        let t = Instant::now();
        let r = schedule.quote(e);
        times.push(t.elapsed().as_nanos());
        ok += r.is_ok() as usize;
    }
    times.sort_unstable();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize] as f64 / 1000.0;
    println!(
        "quote latency: median {:.2} µs, p99 {:.2} µs ({} entries, {} quoted, rest errors)",
        pct(0.5),
        pct(0.99),
        sample.len(),
        ok
    );

    // Batch throughput: entries (quote_batch), then the same rows as columns
    // (quote_columns), three runs each (the first pays for fresh output pages).
    let n = if smoke { 10_000 } else { 10_000_000 };
    let t = Instant::now();
    let batch = entries(n);
    let gen = t.elapsed();
    println!(
        "batch of {n} entries (generated in {:.2} s):",
        gen.as_secs_f64()
    );
    let report = |what: &str, run: usize, secs: f64, errors: usize| {
        println!(
            "  {what} run {run}: {secs:.2} s = {:.0} entries/s ({:.0} per core), {errors} row errors",
            n as f64 / secs,
            n as f64 / secs / cores as f64,
        );
    };
    for run in 1..=3 {
        let t = Instant::now();
        let b = schedule.quote_batch(&batch);
        let secs = t.elapsed().as_secs_f64();
        report(
            "quote_batch  ",
            run,
            secs,
            b.errors.iter().flatten().count(),
        );
    }
    let cols = common::Columns::of(&batch);
    drop(batch);
    let view = cols.view();
    for run in 1..=3 {
        let t = Instant::now();
        let b = schedule.quote_columns(&view).expect("the columns fit");
        let secs = t.elapsed().as_secs_f64();
        report(
            "quote_columns",
            run,
            secs,
            b.errors.iter().flatten().count(),
        );
    }
}
