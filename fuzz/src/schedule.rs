//! Target `schedule`: a schedule file as JSON text (the format of
//! docs/schedule-format.md). It is loaded alone ([`Schedule::from_json`])
//! and laid over the fixture as an overlay ([`Schedule::with_overlay_json`]).
//! Every schedule that loads is probed: [`probe`] entries are quoted (each
//! quote checked), and quoted again as a batch ([`check_batch`]); its data,
//! written back to JSON, loads again and quotes the same.

use crate::invariants::{check_batch, check_error, quote_checked};
use tariffs::{Entry, EntryText, Schedule};

pub fn run(data: &[u8]) {
    let Some(text) = crate::utf8(data) else {
        return;
    };
    match Schedule::from_json(text) {
        Ok(s) => probe_all(&s, true),
        Err(e) => check_error(&e),
    }
    match crate::fixture().with_overlay_json(text) {
        Ok(s) => probe_all(&s, false),
        Err(e) => check_error(&e),
    }
}

/// Quotes the [`probe`] entries one by one and as a batch; when `reload`,
/// also checks that the schedule's data reloads and quotes the same.
pub fn probe_all(s: &Schedule, reload: bool) {
    let entries = probe(s);
    let quotes: Vec<_> = entries.iter().map(|e| quote_checked(s, e)).collect();
    check_batch(s, &entries, &s.quote_batch(&entries), "quote_batch");
    if reload {
        let json = serde_json::to_string(s.data()).expect("schedule data serializes");
        let again = Schedule::from_json(&json)
            .unwrap_or_else(|e| panic!("a loaded schedule's data does not load again: {e}"));
        for (e, q) in entries.iter().zip(&quotes) {
            assert_eq!(
                &again.quote(e),
                q,
                "the reloaded schedule quotes {e:?} differently"
            );
        }
    }
}

const ORIGINS: &[&str] = &["CN", "CA", "MX", "VN", "DE", "BR", "JP", "RU"];
const CODES: &[&str] = &[
    "6109.10.00.12",
    "0406.10.10",
    "2709.00.10",
    "8703.23.01",
    "4901.99.00",
    "1806.20.24",
];
const DATES: &[&str] = &["2025-04-01", "2025-08-10", "2026-03-01", "2024-12-31"];
const VALUES: &[&str] = &["54", "1000", "3000", "1000000", "0"];
const MODES: &[&str] = &["ocean", "air", "postal", "express", "truck"];

/// A spread of entries for a schedule: the codes of its first base lines
/// and a few fixed codes, each from several origins, on several dates, by
/// several modes, with the common quantities, for each of its importers (at
/// most 3). At most a few hundred entries.
pub fn probe(s: &Schedule) -> Vec<Entry> {
    let mut codes: Vec<String> = Vec::new();
    let mut dates: Vec<String> = DATES.iter().map(|d| d.to_string()).collect();
    for imp in s.data().importers.iter().take(3) {
        if let Some(base) = &imp.base {
            for l in base.lines.iter().take(6) {
                codes.push(l.code.to_string());
                dates.push(l.from.to_string());
            }
        }
        for m in imp.measures.iter().take(4) {
            dates.push(m.from.to_string());
        }
    }
    codes.extend(CODES.iter().map(|c| c.to_string()));
    codes.sort();
    codes.dedup();
    dates.sort();
    dates.dedup();
    let mut out = Vec::new();
    let mut k = 0usize;
    for importer in s.importers().iter().take(3) {
        let importer = importer.to_string();
        for code in &codes {
            for origin in ORIGINS {
                k += 1;
                let claims = if k.is_multiple_of(3) {
                    vec!["USMCA"]
                } else {
                    vec![]
                };
                let t = EntryText {
                    importer: Some(&importer),
                    origin,
                    hts: code,
                    value: VALUES[k % VALUES.len()],
                    date: &dates[k % dates.len()],
                    mode: Some(MODES[k % MODES.len()]),
                    claims,
                    quantities: vec![("kg", "10"), ("no", "3"), ("doz", "2"), ("bbl", "5")],
                    ..Default::default()
                };
                if let Ok(e) = t.parse() {
                    out.push(e);
                }
            }
        }
    }
    out
}
