//! Criterion benchmarks of the engine on the builtin schedule.
//!
//! ```text
//! cargo bench --bench engine                 # full run (1-2 minutes)
//! cargo bench --bench engine -- --test       # each benchmark once (smoke)
//! cargo bench --bench engine -- quote/single # only the ids matching a filter
//! ```
//!
//! - `quote/single/<case>`: one explained [`Schedule::quote`] (building the
//!   quote and dropping it), one thread, for four representative entries.
//! - `batch/quote_batch` and `batch/quote_columns`: [`Schedule::quote_batch`]
//!   and [`Schedule::quote_columns`] on 100,000 synthetic
//!   parcels (the generator of `benches/quote.rs`, in `benches/common`), all
//!   cores; criterion prints elements/s. The result is dropped outside the
//!   timing, as in `benches/quote.rs`.
//! - `load/builtin`: `tariffs::builtin::data()` + `Schedule::from_data`, fresh
//!   and uncached (the work of the first `Schedule::builtin()`), as in
//!   `benches/builtin_load.rs`; dropped outside the timing.
//! - `panel/one_date`: `rate_panel(US, 2025-04-15)` (every tariff line x every
//!   origin), 0.5-1 s each.
//!
//! `benches/quote.rs` and `benches/builtin_load.rs` stay plain binaries for the
//! figures criterion does not give (median/p99 latency, the 10M-entry batch,
//! the load-time breakdown and budget).

mod common;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use std::hint::black_box;
use std::time::Duration;
use tariffs::{Country, Date, Decimal, Entry, Mode, Schedule, Unit};

/// Parcels in the batch benchmark.
const BATCH: usize = 100_000;

fn builtin() -> Schedule {
    Schedule::try_builtin().expect("the builtin schedule loads")
}

fn entry(origin: &str, hts: &str, value: &str, date: &str, mode: Mode) -> Entry {
    Entry::new(
        "US".parse().unwrap(),
        origin.parse().unwrap(),
        hts.parse().unwrap(),
        value.parse::<Decimal>().unwrap(),
        date.parse().unwrap(),
    )
    .with_mode(mode)
}

fn quote_single(c: &mut Criterion) {
    let schedule = builtin();
    let cases = [
        (
            "CN-6109.10.00.12-express-54-2025-05-02",
            entry("CN", "6109.10.00.12", "54", "2025-05-02", Mode::Express),
        ),
        (
            "MX-8703.23.01.90-ocean-30000-2025-06-01",
            entry("MX", "8703.23.01.90", "30000", "2025-06-01", Mode::Ocean),
        ),
        (
            "DE-7208.10.15.00-ocean-10000-2025-07-01",
            entry("DE", "7208.10.15.00", "10000", "2025-07-01", Mode::Ocean)
                .with_quantity(Unit::Kg, Decimal::from(12_000)),
        ),
        (
            "VN-6404.19.90.60-air-1200-2025-09-01",
            entry("VN", "6404.19.90.60", "1200", "2025-09-01", Mode::Air)
                .with_quantity(Unit::Pair, Decimal::from(100)),
        ),
    ];
    let mut g = c.benchmark_group("quote");
    for (name, e) in &cases {
        // Benchmark the quote, not an error path.
        if let Err(err) = schedule.quote(e) {
            panic!("quote/single/{name} does not quote: {err}");
        }
        g.bench_with_input(BenchmarkId::new("single", name), e, |b, e| {
            b.iter(|| schedule.quote(black_box(e)))
        });
    }
    g.finish();
}

fn batch(c: &mut Criterion) {
    let schedule = builtin();
    let entries = common::entries(BATCH);
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(BATCH as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    g.bench_function("quote_batch", |b| {
        b.iter_with_large_drop(|| schedule.quote_batch(black_box(&entries)))
    });
    let cols = common::Columns::of(&entries);
    let view = cols.view();
    g.bench_function("quote_columns", |b| {
        b.iter_with_large_drop(|| schedule.quote_columns(black_box(&view)))
    });
    g.finish();
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    g.bench_function("builtin", |b| {
        b.iter_with_large_drop(|| {
            let data = tariffs::builtin::data().expect("embedded data parses");
            Schedule::from_data(data, "<builtin>").expect("embedded data compiles")
        })
    });
    g.finish();
}

fn panel(c: &mut Criterion) {
    let schedule = builtin();
    let importer: Country = "US".parse().unwrap();
    let date: Date = "2025-04-15".parse().unwrap();
    let mut g = c.benchmark_group("panel");
    // 0.5-1 s an iteration: 10 samples of one or two iterations, 12-25 s.
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(12));
    g.bench_function("one_date", |b| {
        b.iter_with_large_drop(|| {
            schedule
                .rate_panel(black_box(importer), black_box(date))
                .expect("the panel computes")
        })
    });
    g.finish();
}

criterion_group!(benches, quote_single, batch, load, panel);
criterion_main!(benches);
