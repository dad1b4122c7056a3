//! Refund report throughput (`Schedule::refunds` and
//! `RefundReport::totals`), printed as figures.
//!
//! `cargo bench --bench refunds` (add `-- --smoke` for a quick run). The
//! lines are the synthetic parcels of `benches/common` (1,000,000; dates over
//! 2025-01-01 to 2026-12-01, so most carry IEEPA duty), each with an entry
//! and line number, one of four importers of record, a liquidation date on
//! every third line, and interest to 2026-12-01. Each figure is the best of
//! three runs on every core.

mod common;

use std::time::Instant;
use tariffs::refunds::{RefundLine, RefundOptions};
use tariffs::{Date, Schedule};

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let n = if smoke { 20_000 } else { 1_000_000 };
    let s = Schedule::builtin();
    let entries = common::entries(n);
    let as_of = Date::from_ymd(2026, 12, 1).unwrap();
    let lines = || -> Vec<RefundLine> {
        entries
            .iter()
            .enumerate()
            .map(|(i, e)| RefundLine {
                entry_number: format!("E{:07}", i / 3),
                line_number: format!("{:03}", i % 3 + 1),
                importer_of_record: format!("IOR-{}", i % 4),
                liquidation_date: (i % 3 == 0).then(|| e.entry_date.add_days(314)),
                ..RefundLine::new(Ok(e.clone()))
            })
            .collect()
    };
    let options = RefundOptions::new(as_of);
    // The explained quotes alone, on every core, for comparison.
    let mut best_quotes = f64::MAX;
    for _ in 0..3 {
        use rayon::prelude::*;
        let t = Instant::now();
        let ok = entries.par_iter().filter(|e| s.quote(e).is_ok()).count();
        best_quotes = best_quotes.min(t.elapsed().as_secs_f64());
        assert_eq!(ok, n);
    }
    let mut best = f64::MAX;
    let mut best_totals = f64::MAX;
    let mut summary = String::new();
    for _ in 0..3 {
        let input = lines();
        let t = Instant::now();
        let report = s.refunds(input, &options).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let totals = report.totals().unwrap();
        best_totals = best_totals.min(t.elapsed().as_secs_f64());
        let principal: tariffs::Decimal = totals.iter().map(|t| t.ieepa_principal).sum();
        let interest: tariffs::Decimal = totals.iter().map(|t| t.ieepa_interest).sum();
        let failed: u64 = totals.iter().map(|t| t.failed_lines).sum();
        summary = format!(
            "{} groups; IEEPA principal {principal}, interest {interest}; {failed} failed lines",
            totals.len()
        );
    }
    let threads = rayon::current_num_threads();
    println!("refunds: {n} lines on {threads} threads");
    println!(
        "  Schedule::refunds      {:>8.3} s  {:>10.0} lines/s",
        best,
        n as f64 / best
    );
    println!(
        "  Schedule::quote alone  {:>8.3} s  {:>10.0} lines/s",
        best_quotes,
        n as f64 / best_quotes
    );
    println!(
        "  RefundReport::totals   {:>8.3} s  {:>10.0} lines/s",
        best_totals,
        n as f64 / best_totals
    );
    println!("  {summary}");
    // The process's peak resident memory, every report and its input included.
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(l) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!("  peak memory {}", l.trim_start_matches("VmHWM:").trim());
        }
    }
}
