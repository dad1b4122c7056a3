//! `tariffs history`: every change of rate and measure for one tariff line
//! and origin over time, as a table (or `--json`), from
//! [`tariffs::Schedule::history`].

use crate::quote::entry_error;
use crate::{parse_date, CliError, EntryArgs, ScheduleArgs};
use std::fmt::Write as _;
use tariffs::{Date, Decimal, HistoryStep, Line};

/// Flags of `tariffs history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub entry: EntryArgs,
    /// The first date (default 2025-01-01).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The last date (default the date the policy was reviewed through).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// Every step as JSON (one array), with its quote.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// `section_301 9903.88.15 7.5%`.
fn describe(l: &Line) -> String {
    let heading = l.heading.as_deref().unwrap_or("-");
    format!("{} {} {}", l.authority, heading, l.rate)
}

fn percent(rate: Decimal) -> String {
    format!("{}%", (rate * Decimal::ONE_HUNDRED).round_dp(2).normalize())
}

pub fn run(a: &HistoryArgs, out: &mut String) -> Result<(), CliError> {
    let mut entry = a.entry.clone();
    if entry.value.is_none() {
        entry.value = Some("1000".into());
    }
    let from_text = a.from.clone().unwrap_or_else(|| "2025-01-01".into());
    let from = parse_date("--from", &from_text)?;
    let e = entry.text(Some(&from_text))?.parse().map_err(entry_error)?;
    let s = a.schedule.load()?;
    let to = match &a.to {
        Some(t) => parse_date("--to", t)?,
        None => s.coverage().reviewed_through.unwrap_or(Date::MAX),
    };
    if to < from {
        return Err(CliError::usage(format!(
            "flag --to: {to} is before --from {from}; give a later --to"
        )));
    }
    let steps = s.history(&e, from, to);
    if a.json {
        let json = serde_json::to_string_pretty(&steps)
            .map_err(|err| CliError::failed(format!("history as JSON: {err}")))?;
        out.push_str(&json);
        out.push('\n');
        return Ok(());
    }
    table(&steps, &e, to, out);
    Ok(())
}

fn table(steps: &[HistoryStep], e: &tariffs::Entry, to: Date, out: &mut String) {
    let _ = writeln!(
        out,
        "History of {} from {} into {} by {}, customs value {}, {} to {}: {} changes",
        e.code,
        e.origin,
        e.importer,
        e.mode,
        e.value,
        steps.first().map(|s| s.date).unwrap_or(to),
        to,
        steps.len().saturating_sub(1)
    );
    let _ = writeln!(out, "{:<10}  {:>12}  {:>9}  change", "from", "duty", "rate");
    for step in steps {
        let (duty, rate) = match &step.quote {
            Some(q) => (q.duty.to_string(), percent(q.effective_rate)),
            None => ("error".to_string(), "-".to_string()),
        };
        let mut changes: Vec<String> = Vec::new();
        // A line of one authority that ended as another of it started (a
        // new rate, a new heading): one "was -> now" entry.
        let key = |l: &Line| (l.kind, l.authority.clone());
        let count = |ls: &[Line], l: &Line| ls.iter().filter(|x| key(x) == key(l)).count();
        let pair = |l: &Line, other: &'_ [Line], mine: &[Line]| -> bool {
            count(mine, l) == 1 && count(other, l) == 1
        };
        for l in &step.ended {
            if pair(l, &step.started, &step.ended) {
                let n = step
                    .started
                    .iter()
                    .find(|n| key(n) == key(l))
                    .expect("counted");
                changes.push(format!("{} -> {}", describe(l), describe(n)));
            } else {
                changes.push(format!("- {}", describe(l)));
            }
        }
        for l in &step.started {
            if !pair(l, &step.ended, &step.started) {
                changes.push(format!("+ {}", describe(l)));
            }
        }
        if let Some(err) = &step.error {
            changes.push(format!("error: {err}"));
        }
        let first = changes.first().cloned().unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<10}  {duty:>12}  {rate:>9}  {first}",
            step.date.to_string()
        );
        for c in changes.iter().skip(1) {
            let _ = writeln!(out, "{:<10}  {:>12}  {:>9}  {c}", "", "", "");
        }
    }
}
