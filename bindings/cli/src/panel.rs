//! `tariffs panel` and `tariffs diff`: rate panels (every tariff line x
//! every origin, by authority) as CSV, and the cells that differ between
//! dates.
//!
//! `panel --date D` writes the full panel of one date. `panel --all-dates`
//! computes the panel on every change date of the schedule (`--from`/`--to`
//! bound them) and writes, for each date, the cells that changed since the
//! previous one, with progress on stderr. `diff D1 D2` writes the cells
//! that differ between two dates. Each prints the time taken and the peak
//! memory on stderr.

use crate::{parse_date, parse_importer, peak_rss_mb, CliError, ScheduleArgs};
use std::io::Write;
use std::time::Instant;
use tariffs::{Country, Date, Schedule};

/// Flags of `tariffs panel`.
#[derive(Debug, clap::Args)]
pub struct PanelArgs {
    /// The date of the panel, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", required_unless_present = "all_dates")]
    pub date: Option<String>,
    /// Every change date instead: the cells that changed on each.
    #[arg(long, conflicts_with = "date")]
    pub all_dates: bool,
    /// With --all-dates: the first date (default 2025-01-01).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "all_dates")]
    pub from: Option<String>,
    /// With --all-dates: the last date.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "all_dates")]
    pub to: Option<String>,
    /// The importing country.
    #[arg(long, value_name = "CC", default_value = "US")]
    pub importer: String,
    /// The CSV file to write (default: standard output).
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<String>,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// Flags of `tariffs diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The date before, YYYY-MM-DD.
    #[arg(value_name = "DATE1")]
    pub before: String,
    /// The date after, YYYY-MM-DD.
    #[arg(value_name = "DATE2")]
    pub after: String,
    /// The importing country.
    #[arg(long, value_name = "CC", default_value = "US")]
    pub importer: String,
    /// The CSV file to write (default: standard output).
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<String>,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

fn output(path: &Option<String>) -> Result<Box<dyn Write>, CliError> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| CliError::failed(format!("flag --out: cannot create {p}: {e}")),
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    })
}

fn write_err(e: std::io::Error) -> CliError {
    CliError::failed(format!("writing the CSV: {e}"))
}

fn panel_of(s: &Schedule, importer: Country, d: Date) -> Result<tariffs::Panel, CliError> {
    s.rate_panel(importer, d)
        .map_err(|e| CliError::failed(format!("panel on {d}: {e}")))
}

pub fn run_panel(a: &PanelArgs) -> Result<(), CliError> {
    let importer = parse_importer(&a.importer)?;
    let s = a.schedule.load()?;
    let mut out = output(&a.out)?;
    let t = Instant::now();
    if a.all_dates {
        let from = match &a.from {
            Some(d) => parse_date("--from", d)?,
            None => Date::from_ymd(2025, 1, 1).unwrap_or(Date::MIN),
        };
        let to = match &a.to {
            Some(d) => parse_date("--to", d)?,
            None => Date::MAX,
        };
        let dates: Vec<Date> = s
            .change_dates(importer)
            .into_iter()
            .filter(|d| *d >= from && *d <= to)
            .collect();
        writeln!(out, "{}", tariffs::panel::DIFF_CSV_HEADER).map_err(write_err)?;
        let mut prev = None;
        let (mut cells, mut changes) = (0usize, 0usize);
        for (i, d) in dates.iter().enumerate() {
            let p = panel_of(&s, importer, *d)?;
            cells += p.len();
            if let Some(before) = &prev {
                // Streamed: the changes of a date are never all held at once.
                changes +=
                    tariffs::Panel::write_diff_csv(before, &p, &mut out).map_err(write_err)?;
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
        out.flush().map_err(write_err)?;
        eprintln!(
            "all-dates panel: {} change dates, {cells} cells, {changes} changed cells written, {:.1} s, peak memory {:.0} MB",
            dates.len(),
            t.elapsed().as_secs_f64(),
            peak_rss_mb().unwrap_or(f64::NAN)
        );
    } else {
        // clap requires --date without --all-dates.
        let d = parse_date("--date", a.date.as_deref().unwrap_or_default())?;
        let p = panel_of(&s, importer, d)?;
        let computed = t.elapsed().as_secs_f64();
        p.write_csv(&mut out).map_err(write_err)?;
        out.flush().map_err(write_err)?;
        eprintln!(
            "panel {d}: {} lines x {} origins = {} cells ({} origin classes), computed in {computed:.2} s, written in {:.2} s, peak memory {:.0} MB",
            p.codes.len(),
            p.origins.len(),
            p.len(),
            p.classes(),
            t.elapsed().as_secs_f64() - computed,
            peak_rss_mb().unwrap_or(f64::NAN)
        );
    }
    Ok(())
}

pub fn run_diff(a: &DiffArgs) -> Result<(), CliError> {
    let importer = parse_importer(&a.importer)?;
    let (d1, d2) = (
        parse_date("DATE1", &a.before)?,
        parse_date("DATE2", &a.after)?,
    );
    let s = a.schedule.load()?;
    let mut out = output(&a.out)?;
    let t = Instant::now();
    let (p1, p2) = (panel_of(&s, importer, d1)?, panel_of(&s, importer, d2)?);
    writeln!(out, "{}", tariffs::panel::DIFF_CSV_HEADER).map_err(write_err)?;
    let changes = p1.write_diff_csv(&p2, &mut out).map_err(write_err)?;
    out.flush().map_err(write_err)?;
    eprintln!(
        "diff {d1} -> {d2}: {changes} of {} cells changed (rows dated {d2}), {:.1} s, peak memory {:.0} MB",
        p2.len(),
        t.elapsed().as_secs_f64(),
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    Ok(())
}
