//! Load time of synthetic schedules of 10,000, 50,000 and 100,000 measures:
//! JSON parse and `Schedule::from_json` (validation and compilation), the
//! median of 3 runs, and the time per measure, which stays flat when the
//! load is linear in the number of measures.
//!
//! Two shapes:
//! - `mixed`: what a large real schedule looks like. 30% per-country
//!   measures on every product but an annex of 100 codes, one period of 30
//!   days after another (one authority); 30% measures of one tariff line
//!   each for every origin, over 8 authorities; 30% measures of one
//!   (country, line) pair each, a third of them for ocean entries only (one
//!   authority); 10% measures on 5 lines each superseded by one of the
//!   line measures; and one exemption per 20 measures, removing one line
//!   measure by id.
//! - `one authority`: the shape of the reliability issue's quadratic load
//!   (8,000 measures took 7 s, 32,000 took 226 s): every measure of one
//!   authority on every product and origin, one day each, back to back.
//!
//! Run: `cargo bench --bench schedule_scale` (`-- --smoke` for 10,000 only).

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tariffs::{Country, Date, EntryText, Schedule};

const RUNS: usize = 3;

fn day(n: i64) -> String {
    Date::from_ymd(2025, 1, 1)
        .unwrap()
        .add_days(n as i32)
        .to_string()
}

/// The `k`-th distinct 8-digit tariff line (none is a prefix of another).
fn line(k: usize) -> String {
    let n = 1000_0000 + k * 7;
    let s = format!("{n:08}");
    format!("{}.{}.{}", &s[..4], &s[4..6], &s[6..8])
}

fn measure(id: String, authority: &str, origins: Value, from: i64, until: Option<i64>) -> Value {
    let mut m = json!({
        "id": id, "authority": authority, "description": "synthetic", "rate": "10%",
        "origins": {"include": origins}, "from": day(from), "source": "synthetic"
    });
    if let Some(u) = until {
        m["until"] = json!(day(u));
    }
    m
}

fn schedule(measures: Vec<Value>, exemptions: Vec<Value>, lists: Value) -> String {
    json!({
        "format": "tariffs-schedule/1",
        "product_lists": lists,
        "importers": [{
            "country": "US", "currency": "USD",
            "base": {"source": "synthetic", "lines": [
                {"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}
            ]},
            "measures": measures,
            "exemptions": exemptions
        }]
    })
    .to_string()
}

fn mixed(n: usize) -> String {
    let countries: Vec<String> = Country::all().map(|c| c.to_string()).collect();
    let annex: Vec<String> = (0..100).map(|k| line(5_000_000 + k)).collect();
    let share = |pct: usize| n * pct / 100;
    let mut ms = Vec::with_capacity(n);
    // Per-country measures on every product but the annex, period after period.
    for k in 0..share(30) {
        let (c, period) = (k % countries.len(), (k / countries.len()) as i64);
        let mut m = measure(
            format!("recip-{k}"),
            "recip",
            json!([countries[c]]),
            period * 30,
            Some(period * 30 + 30),
        );
        m["products"] = json!({"exclude": ["@annex"]});
        ms.push(m);
    }
    // One line each, every origin, over 8 authorities.
    let lines = share(30);
    for k in 0..lines {
        let mut m = measure(
            format!("line-{k}"),
            &format!("s232_{}", k % 8),
            json!(["*"]),
            0,
            None,
        );
        m["products"] = json!({ "include": [line(k)] });
        ms.push(m);
    }
    // One (country, line) pair each; a third for ocean entries only.
    for k in 0..share(30) {
        let mut m = measure(
            format!("pair-{k}"),
            "adcvd",
            json!([countries[k % 40]]),
            0,
            None,
        );
        m["products"] = json!({ "include": [line(1_000_000 + k / 40)] });
        if k % 3 == 0 {
            m["conditions"] = json!({"modes": ["ocean"]});
            m["products"] = json!({ "include": [line(2_000_000 + k / 40)] });
        }
        ms.push(m);
    }
    // Five lines each, superseded by one of the line measures.
    let rest = n - ms.len();
    for k in 0..rest {
        let mut m = measure(format!("s301-{k}"), "s301", json!(["CN"]), 0, None);
        let codes: Vec<String> = (0..5).map(|j| line(3_000_000 + k * 5 + j)).collect();
        m["products"] = json!({ "include": codes });
        m["superseded_by"] = json!([format!("id:line-{}", k % lines.max(1))]);
        ms.push(m);
    }
    let exemptions: Vec<Value> = (0..n / 20)
        .map(|k| {
            json!({"id": format!("ex-{k}"), "authority": "exclusion", "description": "synthetic",
                   "products": {"include": [line(k)]}, "from": day(100),
                   "removes": [format!("id:line-{k}")], "source": "synthetic"})
        })
        .collect();
    schedule(ms, exemptions, json!({ "annex": annex }))
}

fn one_authority(n: usize) -> String {
    let ms = (0..n as i64)
        .map(|i| measure(format!("m{i}"), "x", json!(["*"]), i, Some(i + 1)))
        .collect();
    schedule(ms, Vec::new(), json!({}))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let sizes: &[usize] = if smoke {
        &[10_000]
    } else {
        &[10_000, 50_000, 100_000]
    };
    println!(
        "{:<14} {:>8} {:>9} {:>11} {:>13} {:>11} {:>13}",
        "shape", "measures", "JSON MB", "load ms", "us/measure", "parse ms", "compile ms"
    );
    for (name, make) in [
        ("mixed", mixed as fn(usize) -> String),
        ("one authority", one_authority),
    ] {
        for &n in sizes {
            let text = make(n);
            let mut loads = Vec::new();
            let mut parses = Vec::new();
            for _ in 0..RUNS {
                let t0 = Instant::now();
                let data: tariffs::ScheduleData = serde_json::from_str(&text).unwrap();
                let t1 = Instant::now();
                let s =
                    Schedule::from_data(data, "<synthetic>").expect("the synthetic schedule loads");
                let t2 = Instant::now();
                parses.push(t1 - t0);
                loads.push(t2 - t0);
                // A sanity quote: base 16.5% on $1,000, plus 10% for the
                // one-authority shape on its day 0.
                let e = EntryText {
                    origin: "VN",
                    hts: "6109.10.00",
                    value: "1000",
                    date: "2025-01-01",
                    ..Default::default()
                }
                .parse()
                .unwrap();
                std::hint::black_box(s.quote(&e).unwrap());
            }
            loads.sort();
            parses.sort();
            let load = ms(loads[RUNS / 2]);
            let parse = ms(parses[RUNS / 2]);
            println!(
                "{:<14} {:>8} {:>9.1} {:>11.1} {:>13.2} {:>11.1} {:>13.1}",
                name,
                n,
                text.len() as f64 / 1e6,
                load,
                load * 1000.0 / n as f64,
                parse,
                load - parse
            );
        }
    }
}
