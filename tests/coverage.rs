//! Coverage, warnings, strict mode and import bans, on the test fixture
//! (tests/fixtures/schedule.json: base lines from 2025-01-01, policy
//! reviewed through 2025-06-01; a fixture, not the real schedule).
//!
//! MFN 6109.10.00 is 16.5% in the fixture, so a $1,000 Vietnamese T-shirt
//! entry owes $165.00 of duty (plus the fixture's baseline 10% = $100.00 from
//! 2025-04-05: $265.00) whatever the warnings say.

use std::sync::OnceLock;
use tariffs::{
    Country, Date, Decimal, EntryColumns, EntryText, Error, HtsCode, Schedule, WarningKind,
};

fn fixture() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json");
        Schedule::from_path(path).expect("fixture loads")
    })
}

fn entry(origin: &str, date: &str) -> tariffs::Entry {
    EntryText {
        origin,
        hts: "6109.10.00",
        value: "1000",
        date,
        mode: Some("air"),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn coverage_of_a_file_schedule_comes_from_its_version_and_base_lines() {
    let c = fixture().coverage();
    assert_eq!(c.name, "fixture");
    // No first_date in the file: the earliest base line (2025-01-01).
    assert_eq!(c.first_date, Some(d("2025-01-01")));
    assert_eq!(c.reviewed_through, Some(d("2025-06-01")));
    // A schedule from a file knows no revision's Chapter 99.
    assert_eq!(c.chapter99_headings, 0);
    assert!(fixture().chapter99_report().is_empty());
}

#[test]
fn a_quote_on_the_reviewed_date_has_no_warning_and_the_day_after_has_one() {
    let q = fixture().quote(&entry("VN", "2025-06-01")).unwrap();
    assert!(q.warnings.is_empty(), "{q}");
    let q = fixture().quote(&entry("VN", "2025-06-02")).unwrap();
    assert_eq!(q.warnings.len(), 1, "{q}");
    assert_eq!(q.warnings[0].kind, WarningKind::AfterReviewedDate);
    assert!(q.warnings[0].message.contains("2025-06-01"), "{q}");
    // The numbers are still given: 16.5% + 10% of $1,000.
    assert_eq!(q.duty, Decimal::new(26500, 2));
    // ... printed as a warning line, and in the JSON.
    assert!(q
        .to_string()
        .contains("\n  warning: entry date 2025-06-02 is after 2025-06-01"));
    assert!(q
        .to_json()
        .contains("\"warnings\":[{\"kind\":\"after_reviewed_date\""));
}

#[test]
fn a_strict_schedule_refuses_dates_after_the_review_and_keeps_the_rest() {
    let strict = fixture().strict(true);
    assert!(strict.is_strict() && !fixture().is_strict());
    let err = strict.quote(&entry("VN", "2025-06-02")).unwrap_err();
    assert!(
        matches!(&err, Error::NotCovered { strict: true, reviewed_through, .. } if reviewed_through == "2025-06-01"),
        "{err:?}"
    );
    assert_eq!(err.field(), Some("entry_date"));
    assert_eq!(err.value(), Some("2025-06-02"));
    assert!(err.to_string().contains("strict"), "{err}");
    // On or before the reviewed date a strict schedule quotes as usual.
    let q = strict.quote(&entry("VN", "2025-06-01")).unwrap();
    assert_eq!(q.duty, Decimal::new(26500, 2));
    // Overlays keep strictness.
    let o = strict
        .with_overlay_json(r#"{"format": "tariffs-schedule/1"}"#)
        .unwrap();
    assert!(o.is_strict());
}

#[test]
fn a_date_before_the_first_date_is_an_error_naming_the_range() {
    let err = fixture().quote(&entry("VN", "2024-12-31")).unwrap_err();
    assert_eq!(err.kind(), "not_covered");
    let text = err.to_string();
    assert!(
        text.contains("2024-12-31") && text.contains("before 2025-01-01"),
        "{text}"
    );
    assert!(text.contains("reviewed through 2025-06-01"), "{text}");
}

#[test]
fn batches_carry_the_warning_per_row_and_strict_fails_only_those_rows() {
    let codes: Vec<HtsCode> = vec!["6109.10.00".parse().unwrap(); 3];
    let origins: Vec<Country> = vec!["VN".parse().unwrap(); 3];
    let values = vec![Decimal::from(1000); 3];
    let dates = vec![d("2025-06-01"), d("2025-06-02"), d("2024-12-31")];
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates);
    let b = fixture().quote_columns(&cols).unwrap();
    assert_eq!(b.warnings, [0, 1, 0]);
    assert_eq!(b.warning(0), None);
    assert!(b.warning(1).unwrap().contains("2025-06-01"));
    assert!(b.errors[0].is_none() && b.errors[1].is_none());
    assert_eq!(b.errors[2].as_ref().unwrap().kind(), "not_covered");
    assert_eq!(b.duty[1], Decimal::new(26500, 2));

    let s = fixture().strict(true).quote_columns(&cols).unwrap();
    assert_eq!(s.warnings, [0, 0, 0]);
    assert!(s.errors[0].is_none());
    assert_eq!(s.errors[1].as_ref().unwrap().kind(), "not_covered");
    assert_eq!(s.duty[1], Decimal::ZERO);
    assert_eq!(s.duty[0], Decimal::new(26500, 2));

    // quote_batch over entries says the same.
    let entries: Vec<_> = ["2025-06-01", "2025-06-02"]
        .iter()
        .map(|date| entry("VN", date))
        .collect();
    assert_eq!(fixture().quote_batch(&entries).warnings, [0, 1]);
}

const BAN: &str = r#"{
  "format": "tariffs-schedule/1",
  "importers": [{
    "country": "US", "currency": "USD",
    "prohibitions": [{
      "id": "ban-vn-shirts", "authority": "test_ban", "heading": "9903.99.99",
      "description": "T-shirts of Vietnam may not be entered",
      "origins": {"include": ["VN"]}, "products": {"include": ["6109"]},
      "from": "2025-03-01", "until": "2025-04-01",
      "conditions": {"not_claims": ["ARRIVED_BEFORE_BAN"]},
      "source": "A made-up proclamation for this test"
    }]
  }]
}"#;

#[test]
fn a_prohibited_entry_is_a_typed_error_naming_the_ban_and_its_source() {
    let s = fixture().with_overlay_json(BAN).unwrap();
    let err = s.quote(&entry("VN", "2025-03-10")).unwrap_err();
    match &err {
        Error::Prohibited {
            code,
            origin,
            date,
            ban,
        } => {
            assert_eq!(ban.id, "ban-vn-shirts");
            assert_eq!(ban.importer, "US");
            assert_eq!(ban.source, "A made-up proclamation for this test");
            assert_eq!(
                (code.as_str(), origin.as_str(), date.as_str()),
                ("6109.10.00", "VN", "2025-03-10")
            );
        }
        other => panic!("expected Prohibited, got {other:?}"),
    }
    assert_eq!(err.kind(), "prohibited");
    assert_eq!(err.field(), Some("hts"));
    assert!(err.to_string().contains("prohibited"), "{err}");
    // Outside its dates, origins or products, or with the claim it excepts,
    // the entry quotes as before (16.5% MFN only, before the baseline).
    for e in [
        entry("VN", "2025-02-28"),
        entry("VN", "2025-04-01"),
        entry("TH", "2025-03-10"),
    ] {
        assert_eq!(s.quote(&e).unwrap().duty, Decimal::new(16500, 2));
    }
    let mut claimed = entry("VN", "2025-03-10");
    claimed.claims.push("ARRIVED_BEFORE_BAN".into());
    assert_eq!(s.quote(&claimed).unwrap().duty, Decimal::new(16500, 2));
}

#[test]
fn a_prohibited_row_fails_only_itself_in_a_batch() {
    let s = fixture().with_overlay_json(BAN).unwrap();
    // Rows repeat keys so that the plan cache is used.
    let entries: Vec<_> = (0..40)
        .map(|i| {
            let origin = if i % 2 == 0 { "VN" } else { "TH" };
            entry(origin, "2025-03-10")
        })
        .collect();
    let b = s.quote_batch(&entries);
    for i in 0..40 {
        if i % 2 == 0 {
            assert_eq!(b.errors[i].as_ref().unwrap().kind(), "prohibited");
            assert_eq!(b.duty[i], Decimal::ZERO);
        } else {
            assert!(b.errors[i].is_none());
            assert_eq!(b.duty[i], Decimal::new(16500, 2));
        }
    }
}

#[test]
fn prohibitions_are_validated_like_other_items() {
    let dup = BAN.replace("ban-vn-shirts", "cn-extra-10");
    let err = fixture().with_overlay_json(&dup).unwrap_err();
    assert!(err.to_string().contains("cn-extra-10"), "{err}");
    let no_source = BAN.replace("A made-up proclamation for this test", " ");
    let err = fixture().with_overlay_json(&no_source).unwrap_err();
    assert!(err.to_string().contains("field source"), "{err}");
    let bad_origin = BAN.replace(r#"["VN"]"#, r#"["VNM"]"#);
    let err = fixture().with_overlay_json(&bad_origin).unwrap_err();
    assert!(err.to_string().contains("VNM"), "{err}");
    // An overlay can remove a ban by id.
    let s = fixture().with_overlay_json(BAN).unwrap();
    let lifted = s
        .with_overlay_json(
            r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD", "remove": ["ban-vn-shirts"]}]}"#,
        )
        .unwrap();
    assert!(lifted.quote(&entry("VN", "2025-03-10")).is_ok());
}
