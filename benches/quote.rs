//! Quote latency and batch throughput, printed as figures.
//!
//! `cargo bench --bench quote` (add `-- --smoke` for a quick run, as CI does).
//! Uses the builtin schedule when it has a US importer, else the test fixture.
//! Entries are synthetic parcels shaped like the seed's story: values around
//! $54 (log-uniform $5-$800, a tail of $800-$20,000 freight), mixed origins and
//! codes, dates spread over 2025-2026, mixed modes.

use std::time::Instant;
use tariffs::{Date, Decimal, Entry, Mode, Schedule, Unit};

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn entries(n: usize) -> Vec<Entry> {
    let codes = [
        "6109.10.00.12",
        "6110.20.20.79",
        "8517.13.00.00",
        "9503.00.00.90",
        "6404.19.90.60",
        "4202.92.91.00",
        "8471.30.01.00",
        "6402.99.90.00",
        "3926.90.99.90",
        "7117.19.90.00",
    ];
    let origins = [
        "CN", "CN", "CN", "HK", "VN", "MX", "CA", "DE", "JP", "IN", "GB", "KR", "TH", "BR",
    ];
    let modes = [
        Mode::Express,
        Mode::Postal,
        Mode::Air,
        Mode::Ocean,
        Mode::Truck,
    ];
    let mut r = Rng(0x9E3779B97F4A7C15);
    let start = Date::from_ymd(2025, 1, 1).unwrap();
    (0..n)
        .map(|_| {
            let cents = if r.next() % 10 == 0 {
                80_000 + r.next() % 1_920_000
            } else {
                500 + r.next() % 10_000
            };
            let e = Entry::new(
                "US".parse().unwrap(),
                r.pick(&origins).parse().unwrap(),
                r.pick(&codes).parse().unwrap(),
                Decimal::new(cents as i64, 2),
                start.add_days((r.next() % 700) as i32),
            )
            .with_mode(*r.pick(&modes));
            e.with_quantity(Unit::Number, Decimal::ONE)
                .with_quantity(Unit::Kg, Decimal::new(5, 1))
        })
        .collect()
}

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

    // Batch throughput.
    let n = if smoke { 10_000 } else { 10_000_000 };
    let t = Instant::now();
    let batch = entries(n);
    let gen = t.elapsed();
    let t = Instant::now();
    let b = schedule.quote_batch(&batch);
    let secs = t.elapsed().as_secs_f64();
    let errors = b.errors.iter().filter(|e| e.is_some()).count();
    println!(
        "batch: {n} entries in {secs:.2} s = {:.0} entries/s ({:.0} per core), {errors} row errors; generating the entries took {:.2} s",
        n as f64 / secs,
        n as f64 / secs / cores as f64,
        gen.as_secs_f64()
    );
}
