//! `Schedule::with_hts_export`: a newer USITC export laid over the builtin
//! schedule at run time.
//!
//! `tests/fixtures/hts_export_sample.json` is a TEST FIXTURE in the USITC
//! export format, not a real revision: 0101.21.00 as in every 2025-2026
//! revision (Free / Free), 6109.10.00 with a made-up general rate of 18%
//! (the real one is 16.5%), the real heading 9903.88.15 (Section 301 list 4A,
//! modelled by the builtin) and a made-up heading 9903.99.98 (+5%).

use tariffs::{Decimal, EntryText, Error, Schedule};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hts_export_sample.json"
);

fn updated() -> Schedule {
    Schedule::builtin()
        .with_hts_export(SAMPLE, "2026-12-01".parse().unwrap())
        .expect("the sample export loads")
}

fn quote(s: &Schedule, origin: &str, hts: &str, date: &str) -> Result<tariffs::Quote, Error> {
    let e = EntryText {
        origin,
        hts,
        value: "1000",
        date,
        mode: Some("air"),
        ..Default::default()
    }
    .parse()
    .unwrap();
    s.quote(&e)
}

#[test]
fn the_exports_rates_apply_from_its_date_and_the_old_ones_before() {
    let s = updated();
    // Before 2026-12-01: the builtin's 16.5% (2025 basic, unchanged since).
    let before = quote(&s, "GB", "6109.10.00.12", "2026-11-30").unwrap();
    assert_eq!(before.lines[0].rate, "16.5%");
    assert_eq!(before.lines[0].amount, Decimal::new(16500, 2));
    // From 2026-12-01: the export's 18% of $1,000 = $180.00.
    let after = quote(&s, "GB", "6109.10.00.12", "2026-12-01").unwrap();
    assert_eq!(after.lines[0].rate, "18%");
    assert_eq!(after.lines[0].amount, Decimal::new(18000, 2));
    // The builtin itself is unchanged.
    let b = quote(&Schedule::builtin(), "GB", "6109.10.00.12", "2026-12-01").unwrap();
    assert_eq!(b.lines[0].rate, "16.5%");
}

#[test]
fn a_line_with_the_same_rates_goes_on_and_a_code_the_export_drops_ends() {
    let s = updated();
    // 0101.21.00 is Free in the builtin and in the export: one line, still
    // the 2025 basic one (its reason names the revision it comes from).
    let q = quote(&s, "GB", "0101.21.00", "2027-03-01").unwrap();
    assert_eq!(q.lines[0].rate, "Free");
    let base = s
        .data()
        .importers
        .iter()
        .find(|i| i.country.as_str() == "US")
        .and_then(|i| i.base.as_ref())
        .unwrap();
    let horses: Vec<_> = base
        .lines
        .iter()
        .filter(|l| l.code.to_string() == "0101.21.00")
        .collect();
    assert_eq!(horses.len(), 1, "{horses:?}");
    assert_eq!(horses[0].until, None);
    // 8471.30.01 (laptops) is not in the sample: no line from 2026-12-01.
    assert!(quote(&s, "GB", "8471.30.01", "2026-11-30").is_ok());
    let err = quote(&s, "GB", "8471.30.01", "2026-12-01").unwrap_err();
    assert_eq!(err.kind(), "unknown_code", "{err}");
}

#[test]
fn coverage_names_the_export_and_lists_its_unmodelled_headings() {
    let s = updated();
    let c = s.coverage();
    assert_eq!(c.hts_revision, "hts_export_sample.json");
    assert_eq!(c.base_revision, "hts_export_sample.json");
    assert_eq!(c.hts_effective, Some("2026-12-01".parse().unwrap()));
    // The review date is the builtin's: new base rates are not new policy.
    assert_eq!(
        c.reviewed_through,
        Schedule::builtin().coverage().reviewed_through
    );
    assert_eq!((c.chapter99_headings, c.chapter99_modelled), (2, 1));
    let report = s.chapter99_report();
    assert_eq!(report[0].heading, "9903.88.15");
    assert!(!report[0].modelled_by.is_empty());
    let missing = s.unmodelled_chapter99();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].heading, "9903.99.98");
    assert_eq!(
        missing[0].general,
        "The duty provided in the applicable subheading + 5%"
    );
}

#[test]
fn the_revision_is_named_after_a_usitc_file_name() {
    let dir = std::env::temp_dir().join(format!("tariffs-hts-update-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hts_2027_basic.json");
    std::fs::copy(SAMPLE, &path).unwrap();
    let s = Schedule::builtin()
        .with_hts_export(&path, "2027-01-01".parse().unwrap())
        .unwrap();
    assert_eq!(s.coverage().hts_revision, "2027 basic");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_exports_are_errors_naming_the_file() {
    let date = "2026-12-01".parse().unwrap();
    let err = Schedule::builtin()
        .with_hts_export("/no/such/hts_2027_basic.json", date)
        .unwrap_err();
    assert_eq!(err.kind(), "io");
    assert!(
        err.to_string().contains("/no/such/hts_2027_basic.json"),
        "{err}"
    );
    // A JSON file that is not an export: the fixture schedule.
    let not_export = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json");
    let err = Schedule::builtin()
        .with_hts_export(not_export, date)
        .unwrap_err();
    assert!(err.to_string().contains("schedule.json"), "{err}");
    // An export of label rows only: no tariff line.
    let rows = tariffs::hts::parse_export(
        br#"[{"htsno": "", "indent": "0", "description": "Notes:", "superior": "true", "units": [], "general": "", "special": "", "other": "", "footnotes": []}]"#,
        "labels.json",
    )
    .unwrap();
    let err = Schedule::builtin()
        .with_hts_rows(&rows, "labels", date, "labels.json")
        .unwrap_err();
    assert!(
        err.to_string().contains("labels.json") && err.to_string().contains("no tariff line"),
        "{err}"
    );
}

/// The README's update workflow: a new export reports its unmodelled
/// heading 9903.99.98; the example overlay (a made-up +5% on Vietnamese
/// cotton T-shirts from 2026-12-01, `examples/overlays/made_up_measure.json`)
/// models it. $1,000 on 2026-12-15: the export's 18% = 180.00, the made-up
/// 5% = 50.00 and the forced-labor 12.5% on Vietnam (9903.05.84) = 125.00;
/// duty 355.00.
#[test]
fn an_overlay_models_the_heading_the_export_reported() {
    let overlay = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/overlays/made_up_measure.json"
    );
    let s = updated().with_overlay_path(overlay).unwrap();
    assert!(s.unmodelled_chapter99().is_empty());
    let q = quote(&s, "VN", "6109.10.00.12", "2026-12-15").unwrap();
    assert_eq!(q.amount_of("example_made_up"), Decimal::new(5000, 2));
    assert_eq!(q.amount_of("mfn"), Decimal::new(18000, 2));
    // Forced labor (Vietnam, +12.5% of 1,000) is still there too.
    assert_eq!(
        q.amount_of("section_301_forced_labor"),
        Decimal::new(12500, 2)
    );
    assert_eq!(q.duty, Decimal::new(35500, 2));
}
