//! Coverage report of the embedded schedule.
//!
//! ```text
//! cargo run --release --example coverage
//! ```
//!
//! Prints, for `Schedule::builtin()`: the HTS revisions behind the base rates,
//! the number of base lines and distinct codes, the share of base-rate texts
//! the rate parser reads, the measures, exemptions and fees per authority of
//! each importer, and every Chapter 99 heading (`9903.xx.xx`) of the newest
//! HTS revision in the shared data that no measure or exemption models. The
//! shared data is found through `TARIFFS_SHARED_DATA` (the `data` folder),
//! else `../shared/data` beside the crate; without it that last part is
//! skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use tariffs::hts;
use tariffs::rate::parse_special;
use tariffs::{HtsCode, Rate, Schedule};

fn shared_data() -> PathBuf {
    match std::env::var_os("TARIFFS_SHARED_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
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

/// The Chapter 99 heading a measure or exemption names, as a code when it is one.
fn heading_key(h: &str) -> String {
    match h.trim().parse::<HtsCode>() {
        Ok(c) => c.to_string(),
        Err(_) => h.trim().to_string(),
    }
}

fn main() -> ExitCode {
    let schedule = match Schedule::try_builtin() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("the embedded schedule does not load: {e}");
            return ExitCode::FAILURE;
        }
    };
    let data = schedule.data();
    let v = schedule.version();
    println!("# Coverage of the embedded schedule");
    println!(
        "version: {:?}, HTS revision {:?}, policy date {}",
        v.name,
        v.hts_revision,
        v.policy_date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none".into())
    );
    println!("embedded files: {}", tariffs::builtin::files().count());

    let mut modeled: BTreeSet<String> = BTreeSet::new();
    for imp in &data.importers {
        println!("\n## Importer {} ({})", imp.country, imp.currency);
        match &imp.base {
            None => println!("base rates: none (additional duties only)"),
            Some(b) => {
                let mut revisions: BTreeMap<tariffs::Date, BTreeSet<&str>> = BTreeMap::new();
                for l in &b.lines {
                    revisions
                        .entry(l.from)
                        .or_default()
                        .insert(l.revision.as_deref().unwrap_or("(unnamed)"));
                }
                let codes: BTreeSet<HtsCode> = b.lines.iter().map(|l| l.code).collect();
                println!("base source: {}", short(&b.source, 200));
                println!(
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
                println!(
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
                println!(
                    "distinct general/other texts: {}, parse: {} ({}); unsupported:",
                    texts.len(),
                    texts.len() - bad.len(),
                    pct(texts.len() - bad.len(), texts.len())
                );
                for t in &bad {
                    println!("  - {}", short(t, 120));
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
                println!(
                    "distinct special texts: {}, read whole: {} ({}); base lines whose special column is unreadable (its programs fall back to general): {}",
                    specials.len(),
                    specials.len() - sbad,
                    pct(specials.len() - sbad, specials.len()),
                    lines_bad
                );
                println!(
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
            if let Some(h) = &m.heading {
                modeled.insert(heading_key(h));
            }
        }
        for x in &imp.exemptions {
            by_auth.entry(&x.authority).or_default()[1] += 1;
            if let Some(h) = &x.heading {
                modeled.insert(heading_key(h));
            }
        }
        for f in &imp.fees {
            by_auth.entry(&f.authority).or_default()[2] += 1;
        }
        println!(
            "measures: {}, exemptions: {}, fees: {}",
            imp.measures.len(),
            imp.exemptions.len(),
            imp.fees.len()
        );
        println!(
            "{:<28} {:>8} {:>10} {:>5}",
            "authority", "measures", "exemptions", "fees"
        );
        for (a, [m, x, f]) in &by_auth {
            println!("{a:<28} {m:>8} {x:>10} {f:>5}");
        }
    }

    let dir = shared_data().join("hts");
    let files = match hts::export_files(&dir) {
        Ok(f) if !f.is_empty() => f,
        _ => {
            println!(
                "\nChapter 99 coverage: skipped, no HTS exports in {} (set TARIFFS_SHARED_DATA to the shared data folder)",
                dir.display()
            );
            return ExitCode::SUCCESS;
        }
    };
    let Some((newest, path)) = files.iter().next_back() else {
        return ExitCode::SUCCESS;
    };
    let rows = match hts::read_export(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let headings = hts::chapter99_headings(&rows);
    let missing: Vec<_> = headings
        .iter()
        .filter(|h| !modeled.contains(&h.code.to_string()))
        .collect();
    println!(
        "\n## Chapter 99 headings of HTS {newest} not modeled by any measure or exemption: {} of {}",
        missing.len(),
        headings.len()
    );
    for h in missing {
        println!(
            "{}  {}  {}",
            h.code,
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
    ExitCode::SUCCESS
}
