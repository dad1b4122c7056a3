//! `tariffs coverage`: what a schedule covers. Brief: first date answered,
//! newest HTS revision, base-rate revision, the date the policy was reviewed
//! through and the Chapter 99 headings modelled. `--full`: also the HTS
//! revisions behind the base rates, the number of base lines and distinct
//! codes, the share of base-rate texts the rate parser reads, the measures,
//! exemptions and fees per authority of each importer, and every Chapter 99
//! heading (`9903.xx.xx`) of the newest revision that no measure, exemption
//! or prohibition models, by group. `--hts-export FILE@DATE` lays a newer
//! USITC export over the schedule first (see `Schedule::with_hts_export`)
//! and reports on its headings.

use std::collections::{BTreeMap, BTreeSet};
use tariffs::hts;
use tariffs::rate::parse_special;
use tariffs::{HtsCode, Rate, Schedule};

use crate::{CliError, ScheduleArgs};

/// Flags of `tariffs coverage`.
#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// The brief coverage as one JSON object.
    #[arg(long, conflicts_with = "full")]
    pub json: bool,
    /// The full report: base-rate revisions, measures per authority, and
    /// every Chapter 99 heading no measure models.
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

pub fn run(a: &CoverageArgs, out: &mut String) -> Result<(), CliError> {
    let s = a.schedule.load()?;
    if a.json {
        let json = serde_json::to_string(&s.coverage())
            .map_err(|e| CliError::failed(format!("coverage as JSON: {e}")))?;
        out.push_str(&json);
        out.push('\n');
    } else if a.full {
        report(&s, out);
    } else {
        brief(&s, out);
    }
    Ok(())
}

/// What the schedule covers, in a few lines.
fn brief(s: &Schedule, out: &mut String) {
    use std::fmt::Write as _;
    let c = s.coverage();
    let d = |d: Option<tariffs::Date>| d.map_or_else(|| "not known".to_string(), |d| d.to_string());
    let _ = write!(
        out,
        "schedule {:?}\n  first date answered:     {}\n  newest HTS revision:     {} (published {}, effective {})\n  base rates from:         {}\n  policy reviewed through: {}\n  Chapter 99 headings of {}: {} of {} modelled\n(tariffs coverage --full lists the headings not modelled)\n",
        c.name,
        d(c.first_date),
        c.hts_revision,
        d(c.hts_published),
        d(c.hts_effective),
        c.base_revision,
        d(c.reviewed_through),
        c.hts_revision,
        c.chapter99_modelled,
        c.chapter99_headings
    );
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".into()
    } else {
        format!("{:.2}%", a as f64 * 100.0 / b as f64)
    }
}

fn short(s: &str, n: usize) -> String {
    let s = hts::clean_text(s);
    if s.chars().count() <= n {
        s
    } else {
        format!("{}...", s.chars().take(n).collect::<String>())
    }
}

/// The full coverage report of `schedule` (the `--full` output of `tariffs coverage`).
pub fn report(schedule: &Schedule, out: &mut String) {
    macro_rules! p {
        ($($t:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(out, $($t)*);
        }};
    }
    let data = schedule.data();
    let v = schedule.version();
    p!("# Coverage of the schedule");
    p!(
        "version: {:?}, HTS revision {:?}, policy date {}",
        v.name,
        v.hts_revision,
        v.policy_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none".into())
    );
    p!("embedded files: {}", tariffs::builtin::files().count());
    let c = schedule.coverage();
    let d = |d: Option<tariffs::Date>| d.map_or_else(|| "not known".to_string(), |d| d.to_string());
    p!(
        "coverage: first date {}, newest HTS revision {} (published {}, effective {}), base rates from {}, policy reviewed through {}",
        d(c.first_date),
        c.hts_revision,
        d(c.hts_published),
        d(c.hts_effective),
        c.base_revision,
        d(c.reviewed_through)
    );

    for imp in &data.importers {
        p!("\n## Importer {} ({})", imp.country, imp.currency);
        match &imp.base {
            None => p!("base rates: none (additional duties only)"),
            Some(b) => {
                let mut revisions: BTreeMap<tariffs::Date, BTreeSet<&str>> = BTreeMap::new();
                for l in &b.lines {
                    revisions
                        .entry(l.from)
                        .or_default()
                        .insert(l.revision.as_deref().unwrap_or("(unnamed)"));
                }
                let codes: BTreeSet<HtsCode> = b.lines.iter().map(|l| l.code).collect();
                p!("base source: {}", short(&b.source, 200));
                p!(
                    "revisions that start base lines: {}",
                    revisions
                        .iter()
                        .map(|(d, r)| format!(
                            "{} ({d})",
                            r.iter().copied().collect::<Vec<_>>().join("/")
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let open = b.lines.iter().filter(|l| l.until.is_none()).count();
                p!(
                    "base lines: {} ({} in force open-ended), distinct codes: {}",
                    b.lines.len(),
                    open,
                    codes.len()
                );
                let texts: BTreeSet<&str> = b
                    .lines
                    .iter()
                    .flat_map(|l| [l.general.as_deref(), l.other.as_deref()])
                    .flatten()
                    .collect();
                let bad: Vec<&str> = texts
                    .iter()
                    .copied()
                    .filter(|t| Rate::parse(t).is_err())
                    .collect();
                p!(
                    "distinct general/other texts: {}, parse: {} ({}); unsupported:",
                    texts.len(),
                    texts.len() - bad.len(),
                    pct(texts.len() - bad.len(), texts.len())
                );
                for t in &bad {
                    p!("  - {}", short(t, 120));
                }
                let specials: BTreeSet<&str> = b
                    .lines
                    .iter()
                    .filter_map(|l| l.special.as_deref())
                    .collect();
                let sbad = specials
                    .iter()
                    .filter(|t| parse_special(t).is_err())
                    .count();
                let lines_bad = b
                    .lines
                    .iter()
                    .filter(|l| {
                        l.special
                            .as_deref()
                            .is_some_and(|t| parse_special(t).is_err())
                    })
                    .count();
                p!(
                    "distinct special texts: {}, read whole: {} ({}); base lines whose special column is unreadable (its programs fall back to general): {}",
                    specials.len(),
                    specials.len() - sbad,
                    pct(specials.len() - sbad, specials.len()),
                    lines_bad
                );
                p!(
                    "column 2: {}; programs: {}",
                    b.column2.join(", "),
                    b.programs
                        .iter()
                        .map(|p| format!("{} ({})", p.claim, p.codes.join("/")))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        let mut by_auth: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
        for m in &imp.measures {
            by_auth.entry(&m.authority).or_default()[0] += 1;
        }
        for x in &imp.exemptions {
            by_auth.entry(&x.authority).or_default()[1] += 1;
        }
        for f in &imp.fees {
            by_auth.entry(&f.authority).or_default()[2] += 1;
        }
        p!(
            "measures: {}, exemptions: {}, fees: {}",
            imp.measures.len(),
            imp.exemptions.len(),
            imp.fees.len()
        );
        p!(
            "{:<28} {:>8} {:>10} {:>5}",
            "authority",
            "measures",
            "exemptions",
            "fees"
        );
        for (a, [m, x, f]) in &by_auth {
            p!("{a:<28} {m:>8} {x:>10} {f:>5}");
        }
    }

    let c = schedule.coverage();
    let report = schedule.chapter99_report();
    if report.is_empty() {
        p!("\nChapter 99 coverage: the schedule knows no revision's Chapter 99 headings");
        return;
    }
    p!(
        "\n## Chapter 99 headings of HTS {}: {} of {} modelled ({})",
        c.hts_revision,
        c.chapter99_modelled,
        c.chapter99_headings,
        pct(c.chapter99_modelled, c.chapter99_headings)
    );
    // Modelled and not, by the heading's group (9903.01 IEEPA, 9903.05 Section 301...).
    let mut groups: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    for h in &report {
        let g = groups.entry(h.heading[..7].to_string()).or_default();
        g[usize::from(h.modelled_by.is_empty())] += 1;
    }
    p!(
        "{:<10} {:>9} {:>12}",
        "headings",
        "modelled",
        "not modelled"
    );
    for (g, [m, n]) in &groups {
        p!("{g}.xx {m:>9} {n:>12}");
    }
    p!("\n### Not modelled by any measure, exemption or prohibition");
    for h in report.iter().filter(|h| h.modelled_by.is_empty()) {
        p!(
            "{}  {}  {}",
            h.heading,
            short(
                if h.general.is_empty() {
                    "-"
                } else {
                    &h.general
                },
                60
            ),
            short(&h.description, 110)
        );
    }
}
