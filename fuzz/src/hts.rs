//! Target `hts`: a USITC HTS export (JSON array of rows, or gzip of it).
//! [`tariffs::hts::parse_export`], [`tariffs::hts::tariff_lines`] and
//! [`tariffs::hts::chapter99_headings`] on the rows; rows that make tariff
//! lines are laid over the fixture with [`tariffs::Schedule::with_hts_rows`]
//! from 2025-06-01, and the lines' codes are quoted before and after that
//! date (each quote checked; every line must quote or fail with a typed
//! error, as must the probe entries of [`crate::schedule::probe`]).

use crate::invariants::{check_batch, check_error, quote_checked};
use tariffs::{hts, EntryText};

pub fn run(data: &[u8]) {
    let rows = match hts::parse_export(data, "fuzz.json") {
        Ok(r) => r,
        Err(e) => return check_error(&e),
    };
    for r in &rows {
        let _ = r.has_rate();
    }
    let _ = hts::chapter99_headings(&rows);
    let lines = match hts::tariff_lines(&rows, "fuzz.json") {
        Ok(l) => l,
        Err(e) => return check_error(&e),
    };
    let effective = "2025-06-01".parse().expect("a date");
    let s = match crate::fixture().with_hts_rows(&rows, "fuzz", effective, "fuzz.json") {
        Ok(s) => s,
        Err(e) => return check_error(&e),
    };
    let _ = s.unmodelled_chapter99();
    let mut entries = Vec::new();
    for l in lines.iter().take(16) {
        let code = l.code.to_string();
        for (origin, date) in [
            ("CN", "2025-05-01"),
            ("DE", "2025-06-01"),
            ("CU", "2025-09-01"),
            ("MX", "2025-09-01"),
        ] {
            let t = EntryText {
                origin,
                hts: &code,
                value: "1000",
                date,
                claims: if origin == "MX" {
                    vec!["USMCA", "S"]
                } else {
                    vec![]
                },
                quantities: vec![
                    ("kg", "10"),
                    ("no", "3"),
                    ("doz", "2"),
                    ("bbl", "5"),
                    ("liter", "4"),
                ],
                ..Default::default()
            };
            match t.parse() {
                Ok(e) => entries.push(e),
                Err(e) => check_error(&e),
            }
        }
    }
    for e in &entries {
        let _ = quote_checked(&s, e);
    }
    check_batch(&s, &entries, &s.quote_batch(&entries), "quote_batch");
    crate::schedule::probe_all(&s, false);
}
