//! Load time of the embedded schedule: `tariffs::builtin::data()` (serde
//! parse and merge of every `data/**/*.json` fragment) plus
//! `Schedule::from_data` (validation and compilation), fresh and uncached,
//! 20 times; prints the median and the maximum, and each phase separately.
//!
//! Run: `cargo bench --bench builtin_load`. The budget is 50 ms (release).

use std::time::{Duration, Instant};
use tariffs::Schedule;

const RUNS: usize = 20;
const BUDGET_MS: f64 = 50.0;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut v: Vec<Duration>) -> f64 {
    v.sort();
    let median = if v.len() % 2 == 0 {
        (ms(v[v.len() / 2 - 1]) + ms(v[v.len() / 2])) / 2.0
    } else {
        ms(v[v.len() / 2])
    };
    let max = ms(*v.last().unwrap_or(&Duration::ZERO));
    println!("{name:<28} median {median:8.2} ms   max {max:8.2} ms   ({RUNS} runs)");
    median
}

fn main() {
    println!("embedded fragments: {}", tariffs::builtin::files().count());
    let mut parse = Vec::with_capacity(RUNS);
    let mut compile = Vec::with_capacity(RUNS);
    let mut total = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let data = tariffs::builtin::data().expect("embedded data parses");
        let t1 = Instant::now();
        let s = Schedule::from_data(data, "<builtin>").expect("embedded data compiles");
        let t2 = Instant::now();
        std::hint::black_box(&s);
        drop(s);
        parse.push(t1 - t0);
        compile.push(t2 - t1);
        total.push(t2 - t0);
    }
    summary("builtin::data (parse+merge)", parse);
    summary("Schedule::from_data", compile);
    let median = summary("total", total);

    // Where the compile time goes: the base tables alone, and everything but them.
    let data = tariffs::builtin::data().expect("embedded data parses");
    let lines: usize = data
        .importers
        .iter()
        .filter_map(|i| i.base.as_ref())
        .map(|b| b.lines.len())
        .sum();
    let mut base_only = data.clone();
    for i in &mut base_only.importers {
        i.measures.clear();
        i.exemptions.clear();
        i.fees.clear();
    }
    let mut no_base = data;
    for i in &mut no_base.importers {
        i.base = None;
    }
    let mut t_base = Vec::with_capacity(RUNS);
    let mut t_rest = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let d = base_only.clone();
        let t0 = Instant::now();
        let s = Schedule::from_data(d, "<base only>").expect("compiles");
        t_base.push(t0.elapsed());
        drop(std::hint::black_box(s));
        let d = no_base.clone();
        let t0 = Instant::now();
        let s = Schedule::from_data(d, "<no base>").expect("compiles");
        t_rest.push(t0.elapsed());
        drop(std::hint::black_box(s));
    }
    println!("breakdown of Schedule::from_data ({lines} base lines):");
    summary("  base tables only", t_base);
    summary("  measures/exemptions/fees", t_rest);
    if median > BUDGET_MS {
        println!("OVER BUDGET: median {median:.2} ms > {BUDGET_MS} ms");
    } else {
        println!("within budget ({BUDGET_MS} ms)");
    }
}
