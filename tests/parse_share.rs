//! The importer and the rate parser on real USITC HTS exports, through the
//! extracts committed in `tests/data/hts/` (no data outside the repository).
//!
//! `tests/data/README.md` says what each extract holds, where it comes from
//! and how to regenerate it (`examples/extract_test_data.rs`). The extracts of
//! 2026 rev 10 and 2025 basic keep every row of the export with its rate
//! texts, so the row count and the parse share are those of the full export.
//! Every expected value below was read by hand from the full export files
//! named in the test (`hts_<revision>.json.gz` of the USITC).

use std::collections::BTreeSet;
use std::path::PathBuf;
use tariffs::hts::{self, BaseBuilder, RevisionId};
use tariffs::{Date, EntryText, HtsCode, Rate};

fn test_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hts")
        .join(name)
}

/// The rows of the extract of `revision` (e.g. `2026_rev_10`).
fn rows(revision: &str) -> Vec<hts::HtsRow> {
    hts::read_export(test_data(&format!("{revision}.extract.json.gz"))).unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn code(s: &str) -> HtsCode {
    s.parse().unwrap()
}

/// Parses every distinct non-empty general and other text; returns the share
/// that parses and the failures.
fn parse_share(name: &str) -> (usize, usize, Vec<(String, String)>) {
    let rows = rows(name);
    let texts: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| [r.general.as_str(), r.other.as_str()])
        .filter(|t| !t.is_empty())
        .collect();
    let mut failed = Vec::new();
    for t in &texts {
        if let Err(e) = Rate::parse(t) {
            failed.push((t.to_string(), e.to_string()));
        }
    }
    (texts.len(), texts.len() - failed.len(), failed)
}

fn check_share(revision: &str) {
    let name = format!("hts_{revision}.json.gz");
    let (n, ok, failed) = parse_share(revision);
    let share = ok as f64 / n as f64 * 100.0;
    println!("{name}: {ok} of {n} distinct general/other texts parse ({share:.2}%)");
    for (t, e) in &failed {
        println!("  unsupported: {t:?}\n    {e}");
    }
    assert!(
        ok * 100 >= n * 99,
        "{name}: only {ok} of {n} texts parse ({share:.2}%), below 99%"
    );
}

#[test]
fn at_least_99_percent_of_2026_rev_10_rate_texts_parse() {
    check_share("2026_rev_10");
}

#[test]
fn at_least_99_percent_of_2025_basic_rate_texts_parse() {
    check_share("2025_basic");
}

#[test]
fn reads_real_rows_of_2026_rev_10() {
    let rows = rows("2026_rev_10");
    // The export is a JSON array of 35,509 rows (the extract keeps them all).
    assert_eq!(rows.len(), 35_509);
    let r = rows
        .iter()
        .find(|r| r.code == Some(code("6109.10.00")))
        .unwrap();
    assert_eq!(r.general, "16.5%");
    assert_eq!(r.other, "90%");
    assert_eq!(r.special, "Free (AU,BH,CL,CO,IL,JO,KR,MA,OM,P,PA,PE,S,SG)");
    assert_eq!(r.indent, 1);
    assert_eq!(r.description, "Of cotton");
    assert_eq!(r.footnotes[0].value, "See 9903.88.15.");
    let groups = tariffs::rate::parse_special(&r.special).unwrap();
    assert!(groups[0].programs.iter().any(|p| p == "S"));
    // A statistical row carries the units.
    let s = rows
        .iter()
        .find(|r| r.code == Some(code("6109.10.00.12")))
        .unwrap();
    assert_eq!(s.units, ["doz.", "kg"]);
    assert!(!s.has_rate());

    let lines = hts::tariff_lines(&rows, "2026 rev 10").unwrap();
    let l = lines.iter().find(|l| l.code == code("6109.10.00")).unwrap();
    // Every statistical row of 6109.10.00 reports dozens and kilograms.
    assert_eq!(l.units, ["doz.", "kg"]);
    // 0101.30.00.00 (asses) is printed as a 10-digit row without an 8-digit
    // row: it is the line 0101.30.00.
    let a = lines.iter().find(|l| l.code == code("0101.30.00")).unwrap();
    assert_eq!((&*a.general, &*a.other), ("6.8%", "15%"));
    assert!(!lines.iter().any(|l| l.code.is_chapter_99()));
}

#[test]
fn chapter_99_headings_of_2026_rev_10() {
    let rows = rows("2026_rev_10");
    let h = hts::chapter99_headings(&rows);
    let s232 = h.iter().find(|h| h.code == code("9903.88.15")).unwrap();
    assert_eq!(
        s232.general,
        "The duty provided in the applicable subheading + 7.5%"
    );
    assert!(s232.description.contains("articles the product of China"));
    // Section 122 (2026 rev 4 onwards).
    assert!(h.iter().any(|h| h.code == code("9903.03.01")));
    assert!(h.iter().all(|h| h.code.plain().starts_with("9903")));
}

/// 0201.10.50 (bovine carcasses, fresh or chilled): in 2025 rev 32 the special
/// column gives Korea `1.7% (KR)`; the 2026 basic edition (KORUS staging,
/// effective 2026-01-01) moves KR into the `Free (...)` group. Two base lines.
/// (The extracts of these two revisions hold the rows of 0201.10.50 and
/// 6109.10.00, the lines this test reads, whole.)
#[test]
fn a_rate_change_between_revisions_gives_two_base_lines() {
    let mut b = BaseBuilder::new();
    for (id, date) in [("2025_rev_32", "2025-11-15"), ("2026_basic", "2026-01-01")] {
        b.add(id.parse::<RevisionId>().unwrap(), d(date), &rows(id), id)
            .unwrap();
    }
    let t = b.finish("test");
    let v: Vec<_> = t
        .lines
        .iter()
        .filter(|l| l.code == code("0201.10.50"))
        .collect();
    assert_eq!(v.len(), 2);
    assert_eq!(
        (v[0].from, v[0].until),
        (d("2025-11-15"), Some(d("2026-01-01")))
    );
    assert_eq!(v[0].revision.as_deref(), Some("2025 rev 32"));
    assert!(v[0].special.as_deref().unwrap().contains("1.7% (KR)"));
    assert_eq!((v[1].from, v[1].until), (d("2026-01-01"), None));
    assert_eq!(v[1].revision.as_deref(), Some("2026 basic"));
    assert!(v[1]
        .special
        .as_deref()
        .unwrap()
        .starts_with("Free (BH,CL,CO,JO,KR,"));
    assert_eq!(v[0].general, v[1].general);
    assert_eq!(v[0].general.as_deref(), Some("26.4%"));
    // A line that did not change keeps one line across both revisions.
    let t_shirts: Vec<_> = t
        .lines
        .iter()
        .filter(|l| l.code == code("6109.10.00"))
        .collect();
    assert_eq!(t_shirts.len(), 1);
    assert_eq!(t_shirts[0].until, None);
}

#[test]
fn the_revision_table_reads_despite_its_quoting() {
    let path = test_data("revision_dates.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = hts::parse_revision_dates(&text, &path.display().to_string()).unwrap();
    // 2025 basic + 32 revisions, 2026 basic + revisions 1 to 7.
    assert_eq!(t.len(), 41);
    let date = |id: &str| {
        let r: RevisionId = id.parse().unwrap();
        t.iter().find(|x| x.revision == r).unwrap().effective
    };
    assert_eq!(date("2025_basic"), d("2025-01-01"));
    assert_eq!(date("2025_rev_32"), d("2025-11-15"));
    // The line after 2026_rev_5's unclosed quote.
    assert_eq!(date("2026_rev_6"), d("2026-04-23"));
    assert_eq!(date("2026_rev_7"), d("2026-04-29"));
}

#[test]
fn the_builtin_schedule_quotes_hts_base_rates() {
    let s = tariffs::Schedule::builtin();
    // The base (mfn) line of a $1,000 T-shirt entry of 2026-03-02.
    let base = |origin: &str, claims: Vec<&str>| {
        let e = EntryText {
            origin,
            hts: "6109.10.00.12",
            value: "1000",
            date: "2026-03-02",
            claims,
            ..Default::default()
        }
        .parse()
        .unwrap();
        let q = s.quote(&e).unwrap();
        q.lines
            .into_iter()
            .find(|l| l.authority.as_ref() == "mfn")
            .unwrap()
    };
    // 6109.10.00: 16.5% general in every 2025-2026 revision.
    assert_eq!(base("VN", vec![]).amount.to_string(), "165.00");
    // Column 2 for Russia: 90%.
    assert_eq!(base("RU", vec![]).amount.to_string(), "900.00");
    // Chile under its FTA (program CL is in the Free group): no base duty.
    let cl = base("CL", vec!["CLFTA"]);
    assert_eq!(cl.amount.to_string(), "0.00");
    assert!(cl.reason.contains("CLFTA"), "{}", cl.reason);
}
