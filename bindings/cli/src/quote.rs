//! `tariffs quote`: one explained duty quote (text, or `--json`), or with no
//! entry flags the story of 2025-2026 as a table.

use crate::{parse_importer, CliError, EntryArgs, ScheduleArgs};
use tariffs::{EntryText, Schedule};

/// Flags of `tariffs quote`.
#[derive(Debug, clap::Args)]
pub struct QuoteArgs {
    #[command(flatten)]
    pub entry: EntryArgs,
    /// Print the quote as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// Maps an error's field to the flag that carried it.
pub fn flag_of(field: &str) -> &str {
    match field {
        "hts" => "--hts",
        "origin" => "--origin",
        "importer" => "--importer",
        "value" => "--value",
        "currency" => "--currency",
        "exchange_rate" => "--exchange-rate",
        "date" => "--date",
        "loaded_on" => "--loaded-on",
        "mode" => "--mode",
        "claims" => "--claim",
        f if f.starts_with("quantities") => "--qty",
        _ => "",
    }
}

/// An entry error as the CLI reports it: a field's error names its flag
/// (exit 2); one of no field (a code the schedule lacks on that date...) is
/// a failure of the quote (exit 1).
pub fn entry_error(e: tariffs::Error) -> CliError {
    match e.field().map(flag_of).unwrap_or("") {
        "" => CliError::failed(e.to_string()),
        flag => CliError::usage(format!("flag {flag}: {e}")),
    }
}

pub fn run(a: &QuoteArgs, out: &mut String) -> Result<(), CliError> {
    let e = &a.entry;
    let story_mode =
        !a.json && e.origin.is_none() && e.hts.is_none() && e.value.is_none() && e.date.is_none();
    if story_mode {
        // The story is of US imports (its dates are US measures'): an
        // importer other than US is refused before anything is loaded.
        if let Some(imp) = &e.importer {
            let country = parse_importer(imp)?;
            if country.as_str() != "US" {
                return Err(CliError::usage(format!(
                    "flag --importer: the story (no --origin, --hts, --value, --date) is of US imports only; \
                     to quote an import into {country}, give --origin, --hts, --value and --date"
                )));
            }
        }
    }
    let schedule = a.schedule.load()?;
    if story_mode {
        story_into(&schedule, out);
        return Ok(());
    }
    let t = e.text(None)?;
    let entry = t.parse().map_err(entry_error)?;
    let quote = schedule.quote(&entry).map_err(entry_error)?;
    out.push_str(&if a.json {
        quote.to_json()
    } else {
        quote.to_string()
    });
    out.push('\n');
    Ok(())
}

/// The seed's story: one $54 parcel and one $50,000 container of cotton
/// T-shirts from China, quoted on the key dates of 2025-2026.
fn story_into(schedule: &Schedule, out: &mut String) {
    use std::fmt::Write;
    let v = schedule.version();
    let _ = writeln!(
        out,
        "Duty on cotton T-shirts (HTS 6109.10.00.12) from China, schedule {:?} (HTS {}, policy as of {})",
        v.name,
        v.hts_revision,
        v.policy_date.map(|d| d.to_string()).unwrap_or_else(|| "?".into())
    );
    let _ = writeln!(
        out,
        "{:<12} {:>16} {:>16} {:>22} {:>10}  what changed",
        "date", "$54 express", "$54 postal", "$50,000 container", "eff. rate"
    );
    let dates = [
        ("2025-01-15", "MFN 16.5% + Section 301 7.5%"),
        ("2025-02-10", "IEEPA fentanyl +10%"),
        ("2025-03-10", "fentanyl +20%"),
        ("2025-04-07", "reciprocal baseline +10%"),
        ("2025-04-15", "China reciprocal 125%"),
        ("2025-05-01", "last day of de minimis for China"),
        ("2025-05-02", "de minimis ends for CN/HK"),
        ("2025-05-20", "Geneva: reciprocal back to 10%"),
        ("2025-09-01", "de minimis suspended for all"),
        ("2025-12-01", "fentanyl cut to 10%"),
        ("2026-03-01", "IEEPA ended; Section 122"),
        ("2026-07-23", "last day of Section 122"),
        ("2026-07-24", "Section 301 forced labor +12.5%"),
        ("2026-10-01", "MPF FY2027"),
    ];
    for (date, what) in dates {
        let q = |value: &str, mode: &str, qty: Vec<(&'static str, &'static str)>| {
            let e = EntryText {
                origin: "CN",
                hts: "6109.10.00.12",
                value,
                date,
                mode: Some(mode),
                quantities: qty,
                ..Default::default()
            }
            .parse()
            .map_err(|e| e.to_string())?;
            schedule.quote(&e).map_err(|e| e.to_string())
        };
        let cell = |r: &Result<tariffs::Quote, String>| match r {
            Ok(q) => format!("${}", q.total),
            Err(_) => "error".to_string(),
        };
        let express = q("54", "express", vec![]);
        let postal = q("54", "postal", vec![("no", "1")]);
        let container = q("50000", "ocean", vec![("doz", "2000"), ("kg", "1500")]);
        let eff = match &container {
            Ok(c) => format!(
                "{}%",
                (c.effective_rate * tariffs::Decimal::ONE_HUNDRED).round_dp(1)
            ),
            Err(_) => "-".into(),
        };
        let _ = writeln!(
            out,
            "{date:<12} {:>16} {:>16} {:>22} {:>10}  {what}",
            cell(&express),
            cell(&postal),
            cell(&container),
            eff
        );
        for r in [&express, &postal, &container] {
            if let Err(e) = r {
                let _ = writeln!(out, "{:<12} error: {e}", "");
                break;
            }
        }
    }
    let _ = writeln!(out, "\nTotals include fees (MPF, HMF). Explain one: tariffs quote --origin CN --hts 6109.10.00.12 --value 54 --date 2025-05-02 --mode express");
}
