//! Rate panels from the builtin schedule.
//!
//! ```text
//! cargo run --release --example panel -- --date 2025-04-15 --out panel.csv
//! cargo run --release --example panel -- --all-dates --out changes.csv
//! ```
//!
//! `--date` writes the full panel (every tariff line x every origin, by
//! authority) of one date. `--all-dates` computes the panel on every change
//! date of the schedule (`--from`/`--to` bound them) and writes, for each date,
//! the cells that changed since the previous one (the first date in full is
//! left out: use `--date` for it), with progress on stderr. Both print the
//! time taken and the peak memory. `--schedule PATH` uses a schedule file
//! instead of the builtin; `--importer` defaults to US.

use std::io::Write;
use std::time::Instant;
use tariffs::{Country, Date, Schedule};

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn fail(msg: String) -> ! {
    eprintln!("panel: {msg}");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let schedule = match arg(&args, "--schedule") {
        Some(p) => {
            Schedule::from_path(&p).unwrap_or_else(|e| fail(format!("flag --schedule: {e}")))
        }
        None => Schedule::try_builtin().unwrap_or_else(|e| fail(format!("builtin schedule: {e}"))),
    };
    let importer: Country = arg(&args, "--importer")
        .unwrap_or_else(|| "US".into())
        .parse()
        .unwrap_or_else(|e| fail(format!("flag --importer: {e}")));
    let date_flag = |name: &str| {
        arg(&args, name).map(|d| {
            Date::parse_field(name, &d).unwrap_or_else(|e| fail(format!("flag {name}: {e}")))
        })
    };
    let out_path = arg(&args, "--out");
    let mut out: Box<dyn Write> = match &out_path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p)
                .unwrap_or_else(|e| fail(format!("flag --out: cannot create {p}: {e}"))),
        )),
        None => Box::new(std::io::sink()),
    };
    let t = Instant::now();
    if args.iter().any(|a| a == "--all-dates") {
        let from = date_flag("--from").unwrap_or(Date::from_ymd(2025, 1, 1).unwrap_or(Date::MIN));
        let to = date_flag("--to").unwrap_or(Date::MAX);
        let dates: Vec<Date> = schedule
            .change_dates(importer)
            .into_iter()
            .filter(|d| *d >= from && *d <= to)
            .collect();
        writeln!(out, "{}", tariffs::panel::DIFF_CSV_HEADER)
            .unwrap_or_else(|e| fail(format!("writing: {e}")));
        let mut prev = None;
        let mut cells = 0usize;
        let mut changes = 0usize;
        for (i, d) in dates.iter().enumerate() {
            let p = schedule
                .rate_panel(importer, *d)
                .unwrap_or_else(|e| fail(format!("panel on {d}: {e}")));
            cells += p.len();
            if let Some(before) = &prev {
                // Streamed: the changes of a date are never all held at once.
                changes += tariffs::Panel::write_diff_csv(before, &p, &mut out)
                    .unwrap_or_else(|e| fail(format!("writing: {e}")));
            }
            eprint!(
                "\r{}/{} dates ({d}: {} lines x {} origins in {} classes), {:.1} s",
                i + 1,
                dates.len(),
                p.codes.len(),
                p.origins.len(),
                p.classes(),
                t.elapsed().as_secs_f64()
            );
            prev = Some(p);
        }
        eprintln!();
        out.flush()
            .unwrap_or_else(|e| fail(format!("writing: {e}")));
        println!(
            "all-dates panel: {} change dates, {cells} cells, {changes} changed cells written, {:.1} s, peak memory {:.0} MB",
            dates.len(),
            t.elapsed().as_secs_f64(),
            peak_rss_mb().unwrap_or(f64::NAN)
        );
    } else {
        let date = date_flag("--date")
            .unwrap_or_else(|| fail("give --date YYYY-MM-DD or --all-dates".into()));
        let p = schedule
            .rate_panel(importer, date)
            .unwrap_or_else(|e| fail(format!("panel on {date}: {e}")));
        let computed = t.elapsed().as_secs_f64();
        p.write_csv(&mut out)
            .unwrap_or_else(|e| fail(format!("writing: {e}")));
        out.flush()
            .unwrap_or_else(|e| fail(format!("writing: {e}")));
        println!(
            "panel {date}: {} lines x {} origins = {} cells ({} origin classes), computed in {computed:.2} s, written in {:.2} s, peak memory {:.0} MB",
            p.codes.len(),
            p.origins.len(),
            p.len(),
            p.classes(),
            t.elapsed().as_secs_f64() - computed,
            peak_rss_mb().unwrap_or(f64::NAN)
        );
    }
}
