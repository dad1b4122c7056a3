//! Integration tests of the engine on the test fixture schedule
//! (tests/fixtures/schedule.json — a fixture, not the real schedule).
//!
//! Every expected amount is worked out by hand in the comment above it from
//! the fixture's rates: MFN 6109.10.00 16.5%, 0406.10.10 $1.035/kg,
//! 1806.20.24 46.3¢/kg + 14.9%, 2709.00.10 5.25¢/bbl, 8703.23.01 2.5% (3%
//! from 2025-07-01); CN +10% (Feb 4 - Mar 4) then +20%; CA/MX +25% (Canadian
//! crude 10%); baseline 10% from Apr 5, CN 125% Apr 10 - May 14; EU 15% all-in
//! floor from Aug 7; autos 25% (232) from Apr 3; postal CN $100/item from May 2;
//! de minimis $800 (suspended for CN from May 2); USMCA claim exemption from
//! Mar 7; MPF 0.3464% min 32.71 max 634.62 on entries over $2,500; HMF 0.125%
//! ocean only.

use rust_decimal::Decimal;
use std::sync::OnceLock;
use tariffs::{EntryText, Error, LineKind, Quote, Schedule};

fn fixture() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json");
        Schedule::from_path(path).expect("fixture loads")
    })
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

struct E<'a>(EntryText<'a>);

fn e<'a>(origin: &'a str, hts: &'a str, value: &'a str, date: &'a str) -> E<'a> {
    E(EntryText {
        origin,
        hts,
        value,
        date,
        ..Default::default()
    })
}

impl<'a> E<'a> {
    fn mode(mut self, m: &'a str) -> Self {
        self.0.mode = Some(m);
        self
    }
    fn qty(mut self, u: &'a str, v: &'a str) -> Self {
        self.0.quantities.push((u, v));
        self
    }
    fn claim(mut self, c: &'a str) -> Self {
        self.0.claims.push(c);
        self
    }
    fn quote(&self) -> Quote {
        fixture().quote(&self.0.parse().unwrap()).unwrap()
    }
    fn err(&self) -> Error {
        fixture().quote(&self.0.parse().unwrap()).unwrap_err()
    }
}

fn excluded_reason(q: &Quote, id: &str) -> String {
    q.excluded
        .iter()
        .find(|x| &*x.id == id)
        .unwrap_or_else(|| panic!("{id} not in excluded: {q}"))
        .reason
        .clone()
}

#[test]
fn mfn_ad_valorem_with_hmf_and_no_mpf_below_formal_threshold() {
    // VN T-shirts, $1,000 by ocean, 2025-03-01: MFN 16.5% x 1000 = 165.00.
    // No reciprocal yet (from Apr 5). Value 1000 <= 2500: informal, no MPF.
    // HMF 0.125% x 1000 = 1.25. De minimis: 1000 > 800, not applied.
    let q = e("VN", "6109.10.00.12", "1000", "2025-03-01").quote();
    assert_eq!(q.amount_of("mfn"), d("165.00"));
    assert_eq!(q.duty, d("165.00"));
    assert_eq!(q.fees, d("1.25"));
    assert_eq!(q.total, d("166.25"));
    assert!(!q.has("mpf"));
    assert!(excluded_reason(&q, "de-minimis").contains("does not exceed 800"));
    // effective rate = 165 / 1000
    assert_eq!(q.effective_rate, d("0.165"));
}

#[test]
fn specific_rate_and_mpf_minimum() {
    // FR cheese, $3,000, 100 kg by air, 2025-03-01: MFN $1.035 x 100 = 103.50.
    // MPF 0.3464% x 3000 = 10.392 < 32.71 minimum -> 32.71. No HMF (air).
    let q = e("FR", "0406.10.10.00", "3000", "2025-03-01")
        .mode("air")
        .qty("kg", "100")
        .quote();
    assert_eq!(q.duty, d("103.50"));
    assert_eq!(q.amount_of("mpf"), d("32.71"));
    assert!(!q.has("hmf"));
    assert_eq!(q.total, d("136.21"));
}

#[test]
fn compound_rate() {
    // CH chocolate, $10,000, 2,000 kg by ocean, 2025-03-01:
    // 46.3¢ x 2000 = 926.00 + 14.9% x 10000 = 1490.00 -> 2416.00.
    // MPF 0.3464% x 10000 = 34.64; HMF 0.125% x 10000 = 12.50.
    let q = e("CH", "1806.20.24", "10000", "2025-03-01")
        .qty("kg", "2000")
        .quote();
    assert_eq!(q.duty, d("2416.00"));
    assert_eq!(q.fees, d("47.14"));
    assert_eq!(q.total, d("2463.14"));
}

#[test]
fn missing_quantity_names_the_unit() {
    let err = e("CH", "1806.20.24", "10000", "2025-03-01").err();
    match err {
        Error::MissingQuantity { unit, rate } => {
            assert_eq!(unit, "kg");
            assert_eq!(rate, "46.3¢/kg + 14.9%");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn additional_duty_on_one_origin_by_date() {
    // CN T-shirts $10,000 ocean 2025-03-10: MFN 1650 + CN 20% 2000 = 3650;
    // MPF 34.64 + HMF 12.50 = 47.14; total 3697.14.
    let q = e("CN", "6109.10.00.12", "10000", "2025-03-10").quote();
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("2000.00"));
    assert_eq!(q.duty, d("3650.00"));
    assert_eq!(q.total, d("3697.14"));
    // 2025-02-10: the 10% measure: 1650 + 1000 = 2650.
    let q = e("CN", "6109.10.00.12", "10000", "2025-02-10").quote();
    assert_eq!(q.duty, d("2650.00"));
    // Same goods from Vietnam: no CN line.
    let q = e("VN", "6109.10.00.12", "10000", "2025-03-10").quote();
    assert!(!q.has("ieepa_fentanyl"));
}

#[test]
fn validity_is_from_inclusive_until_exclusive() {
    // cn-extra-10 is valid [2025-02-04, 2025-03-04): applies on 03-03, not on 03-04.
    let q = e("CN", "6109.10.00.12", "1000", "2025-03-03").quote();
    assert_eq!(
        q.lines
            .iter()
            .filter(|l| l.id.as_deref() == Some("cn-extra-10"))
            .count(),
        1
    );
    let q = e("CN", "6109.10.00.12", "1000", "2025-03-04").quote();
    assert!(q
        .lines
        .iter()
        .all(|l| l.id.as_deref() != Some("cn-extra-10")));
    assert_eq!(
        q.lines
            .iter()
            .filter(|l| l.id.as_deref() == Some("cn-extra-20"))
            .count(),
        1
    );
    // And on 2025-02-03 neither applies.
    let q = e("CN", "6109.10.00.12", "1000", "2025-02-03").quote();
    assert!(!q.has("ieepa_fentanyl"));
}

#[test]
fn a_measure_that_supersedes_another() {
    // CN T-shirts $10,000 on 2025-04-15: MFN 1650 + CN 20% 2000 + CN 125%
    // 12500 = 16150; the 10% baseline is displaced by cn-125.
    let q = e("CN", "6109.10.00.12", "10000", "2025-04-15").quote();
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("12500.00"));
    assert_eq!(q.duty, d("16150.00"));
    assert!(excluded_reason(&q, "world-10").contains("displaced by cn-125"));
    // From 2025-05-14 cn-125 has ended: baseline 10% = 1000; duty 4650.
    let q = e("CN", "6109.10.00.12", "10000", "2025-05-14").quote();
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("1000.00"));
    assert_eq!(q.duty, d("4650.00"));
}

#[test]
fn de_minimis_then_its_suspension_for_one_origin() {
    // The $54 parcel from CN by express on 2025-05-01: value 54 <= 800, de
    // minimis removes every duty and fee.
    let q = e("CN", "6109.10.00.12", "54", "2025-05-01")
        .mode("express")
        .quote();
    assert_eq!(q.total, d("0.00"));
    assert_eq!(q.lines.len(), 1);
    assert_eq!(q.lines[0].kind, LineKind::Exemption);
    assert_eq!(&*q.lines[0].authority, "de_minimis");
    assert!(excluded_reason(&q, "cn-125").contains("exempt"));
    // On 2025-05-02 it is suspended for CN: MFN 16.5% x 54 = 8.91; CN 20% =
    // 10.80; CN 125% = 67.50; duty 87.21. Express: no HMF; no MPF (<= 2500).
    let q = e("CN", "6109.10.00.12", "54", "2025-05-02")
        .mode("express")
        .quote();
    assert_eq!(q.duty, d("87.21"));
    assert_eq!(q.total, d("87.21"));
    assert!(excluded_reason(&q, "de-minimis").contains("suspended"));
    // By post, the $100-per-item postal duty is added: 187.21.
    let q = e("CN", "6109.10.00.12", "54", "2025-05-02")
        .mode("postal")
        .qty("no", "1")
        .quote();
    assert_eq!(q.amount_of("ieepa_reciprocal_postal"), d("100.00"));
    assert_eq!(q.duty, d("187.21"));
    // The same parcel from VN on 2025-05-02 is still de minimis.
    let q = e("VN", "6109.10.00.12", "54", "2025-05-02")
        .mode("express")
        .quote();
    assert_eq!(q.total, d("0.00"));
    // At exactly $800 de minimis applies; at $800.01 it does not.
    let q = e("VN", "6109.10.00.12", "800", "2025-03-01")
        .mode("express")
        .quote();
    assert_eq!(q.total, d("0.00"));
    let q = e("VN", "6109.10.00.12", "800.01", "2025-03-01")
        .mode("express")
        .quote();
    // 16.5% x 800.01 = 132.00165 -> 132.00
    assert_eq!(q.total, d("132.00"));
}

#[test]
fn usmca_claim_takes_the_special_rate_and_removes_the_partner_duty() {
    // MX T-shirts $1,000 by truck 2025-04-01, no claim: MFN 165 + 25% 250 = 415.
    let q = e("MX", "6109.10.00.12", "1000", "2025-04-01")
        .mode("truck")
        .quote();
    assert_eq!(q.duty, d("415.00"));
    // With the USMCA claim: special rate Free (program S), partner duty exempt.
    let q = e("MX", "6109.10.00.12", "1000", "2025-04-01")
        .mode("truck")
        .claim("USMCA")
        .quote();
    assert_eq!(q.duty, d("0.00"));
    assert!(q.lines[0].reason.contains("USMCA"));
    assert!(excluded_reason(&q, "partners-25").contains("exempt"));
    // 2025-03-05, before the claim exemption (from 03-07): base Free, 25% stays.
    let q = e("MX", "6109.10.00.12", "1000", "2025-03-05")
        .mode("truck")
        .claim("usmca")
        .quote();
    assert_eq!(q.amount_of("mfn"), d("0.00"));
    assert_eq!(q.duty, d("250.00"));
}

#[test]
fn canadian_energy_reduced_rate_displaces_the_general_one() {
    // CA crude 2709.00.10, $50,000, 1,000 bbl, ocean, 2025-03-10:
    // MFN 5.25¢ x 1000 = 52.50; energy 10% = 5000 (the 25% is displaced);
    // MPF 0.3464% x 50000 = 173.20; HMF 62.50; total 5288.20.
    let q = e("CA", "2709.00.10", "50000", "2025-03-10")
        .qty("bbl", "1000")
        .quote();
    assert_eq!(q.amount_of("mfn"), d("52.50"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("5000.00"));
    assert!(excluded_reason(&q, "partners-25").contains("partners-energy-10"));
    assert_eq!(q.total, d("5288.20"));
}

#[test]
fn product_exclusion_list() {
    // A Canadian book (4901.99.00, Free) in 2025-04: the 25% excludes @informational.
    let q = e("CA", "4901.99.00", "1000", "2025-04-01").quote();
    assert!(!q.has("ieepa_fentanyl"));
    assert_eq!(q.duty, d("0.00"));
}

#[test]
fn all_in_floor() {
    // DE cheese $1,000, 100 kg, 2025-08-10: MFN 103.50 (10.35%); the 15% floor
    // adds 150.00 - 103.50 = 46.50; the 10% baseline is displaced.
    let q = e("DE", "0406.10.10", "1000", "2025-08-10")
        .qty("kg", "100")
        .quote();
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("46.50"));
    assert_eq!(q.duty, d("150.00"));
    assert!(excluded_reason(&q, "world-10").contains("eu-floor"));
    // DE T-shirts: MFN 16.5% >= 15%: the floor adds nothing.
    let q = e("DE", "6109.10.00", "1000", "2025-08-10").quote();
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0.00"));
    assert_eq!(q.duty, d("165.00"));
}

#[test]
fn section_232_displaces_other_authorities_and_base_rates_are_time_versioned() {
    // JP car $30,000 by ocean 2025-05-01: MFN 2.5% 750 + 232 25% 7500 = 8250;
    // the baseline 10% is superseded by section_232. MPF 103.92, HMF 37.50.
    let q = e("JP", "8703.23.01.90", "30000", "2025-05-01").quote();
    assert_eq!(q.duty, d("8250.00"));
    assert!(excluded_reason(&q, "world-10").contains("autos-25"));
    assert_eq!(q.fees, d("141.42"));
    assert_eq!(q.total, d("8391.42"));
    // From 2025-07-01 the fixture's base line changes to 3%: 900 + 7500.
    let q = e("JP", "8703.23.01.90", "30000", "2025-07-01").quote();
    assert_eq!(q.amount_of("mfn"), d("900.00"));
    // CN car on 2025-04-15: 232 excludes the CN 20% and supersedes the 125%.
    let q = e("CN", "8703.23.01", "30000", "2025-04-15").quote();
    assert_eq!(q.duty, d("8250.00"));
    assert!(excluded_reason(&q, "cn-extra-20").contains("autos-25"));
    assert!(excluded_reason(&q, "cn-125").contains("autos-25"));
}

#[test]
fn mpf_maximum_and_column_2() {
    // $500,000 of VN T-shirts: MPF 0.3464% = 1732 > max 634.62.
    let q = e("VN", "6109.10.00", "500000", "2025-03-01")
        .mode("air")
        .quote();
    assert_eq!(q.amount_of("mpf"), d("634.62"));
    // Cuba pays column 2: 90% x 1000 = 900.
    let q = e("CU", "6109.10.00", "1000", "2025-03-01")
        .mode("air")
        .quote();
    assert_eq!(q.duty, d("900.00"));
    assert!(q.lines[0].reason.contains("column 2"));
}

#[test]
fn currency_conversion_uses_the_callers_rate() {
    // EUR 1,000 at 1.1 USD/EUR = USD 1,100; VN T-shirts 16.5% = 181.50.
    let mut t = e("VN", "6109.10.00", "1000", "2025-03-01").mode("air");
    t.0.currency = Some("EUR");
    t.0.exchange_rate = Some("1.1");
    let q = t.quote();
    assert_eq!(q.customs_value, d("1100.0"));
    assert_eq!(q.duty, d("181.50"));
    t.0.exchange_rate = None;
    assert!(matches!(t.err(), Error::MissingExchangeRate { .. }));
}

#[test]
fn unknown_code_importer_and_short_codes_are_typed_errors() {
    assert!(matches!(
        e("VN", "6110.20.20", "1", "2025-03-01").err(),
        Error::UnknownCode { .. }
    ));
    // Before the first base line (2025-01-01) the schedule answers nothing:
    // the error names the first date it covers.
    let err = e("VN", "6109.10.00", "1", "2024-12-31").err();
    assert!(
        matches!(&err, Error::NotCovered { first, strict: false, .. } if first == "2025-01-01"),
        "{err:?}"
    );
    assert_eq!(err.field(), Some("entry_date"));
    let err = e("VN", "6109", "1", "2025-03-01").err();
    assert_eq!(err.field(), Some("hts"));
    let mut t = e("VN", "6109.10.00", "1", "2025-03-01");
    t.0.importer = Some("CA");
    assert!(matches!(t.err(), Error::UnknownImporter { .. }));
}

#[test]
fn totals_are_sums_of_rounded_lines() {
    // 16.5% x 0.10 = 0.0165 -> 0.02 (half away from zero on the cent: 0.0165 -> 0.02).
    let q = e("VN", "6109.10.00", "0.10", "2025-03-01")
        .mode("air")
        .quote();
    assert_eq!(q.duty, d("0.00")); // de minimis
    let q = e("CN", "6109.10.00", "0.10", "2025-06-01")
        .mode("air")
        .quote();
    // MFN 0.0165 -> 0.02; CN 20% 0.02 -> 0.02; baseline 10% 0.01 -> 0.01.
    assert_eq!(q.amount_of("mfn"), d("0.02"));
    assert_eq!(q.duty, d("0.05"));
}

// ------------------------------------------------------------ load errors

fn load_err(measures: &str) -> String {
    let json = format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD", "measures": [{measures}]}}]}}"#
    );
    Schedule::from_json(&json).unwrap_err().to_string()
}

const M_A: &str = r#"{"id": "a", "authority": "x", "description": "a", "rate": "10%", "origins": {"include": ["CN"]}, "products": {"include": ["61"]}, "from": "2025-01-01", "source": "s"}"#;

#[test]
fn unresolved_overlap_is_a_load_error_naming_both_measures() {
    let b = r#"{"id": "b", "authority": "x", "description": "b", "rate": "20%", "origins": {"include": ["*"]}, "products": {"include": ["6109.10"]}, "from": "2025-06-01", "source": "s"}"#;
    let msg = load_err(&format!("{M_A}, {b}"));
    assert!(
        msg.contains("overlaps measure") && msg.contains('a') && msg.contains('b'),
        "{msg}"
    );
    // Disjoint dates, products, origins or modes: no error.
    let later = b.replace("\"6109.10\"", "\"62\"");
    assert!(Schedule::from_json(&format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD", "measures": [{M_A}, {later}]}}]}}"#
    ))
    .is_ok());
    // A stacking rule resolves it.
    let ordered = b.replace(
        "\"source\": \"s\"",
        "\"source\": \"s\", \"excludes\": [\"id:a\"]",
    );
    assert!(Schedule::from_json(&format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD", "measures": [{M_A}, {ordered}]}}]}}"#
    ))
    .is_ok());
    // An exclusion that carves out the overlap also resolves it (b keeps
    // chapter 62, which a does not cover; a scope excluding all it
    // includes is itself a load error).
    let carved = b.replace(
        "\"include\": [\"6109.10\"]",
        "\"include\": [\"6109.10\", \"62\"], \"exclude\": [\"6109\"]",
    );
    assert!(Schedule::from_json(&format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD", "measures": [{M_A}, {carved}]}}]}}"#
    ))
    .is_ok());
}

#[test]
fn stacking_cycles_and_bad_selectors_are_load_errors() {
    let a = M_A.replace(
        "\"source\": \"s\"",
        "\"source\": \"s\", \"excludes\": [\"id:b\"]",
    );
    let b = M_A.replace("\"id\": \"a\"", "\"id\": \"b\"").replace(
        "\"source\": \"s\"",
        "\"source\": \"s\", \"excludes\": [\"id:a\"]",
    );
    assert!(load_err(&format!("{a}, {b}")).contains("cycle"));
    let typo = M_A.replace(
        "\"source\": \"s\"",
        "\"source\": \"s\", \"excludes\": [\"authority:secton_232\"]",
    );
    let msg = load_err(&typo);
    assert!(
        msg.contains("a: field excludes") && msg.contains("secton_232"),
        "{msg}"
    );
    let bad = M_A.replace(
        "\"source\": \"s\"",
        "\"source\": \"s\", \"excludes\": [\"everything\"]",
    );
    assert!(load_err(&bad).contains("not a selector"));
}

#[test]
fn field_errors_name_file_measure_and_field() {
    let msg = load_err(&M_A.replace("\"CN\"", "\"CNN\""));
    assert!(msg.starts_with("<json>: a: field origins.include"), "{msg}");
    let msg = load_err(&M_A.replace("\"10%\"", "\"10 percent-ish\""));
    assert!(msg.contains("10 percent-ish"), "{msg}");
    let msg = load_err(&M_A.replace(
        "\"from\": \"2025-01-01\"",
        "\"from\": \"2025-01-01\", \"until\": \"2024-01-01\"",
    ));
    assert!(msg.contains("a: field until"), "{msg}");
    let msg = load_err(&M_A.replace("\"61\"", "\"@nolist\""));
    assert!(msg.contains("nolist"), "{msg}");
    let msg = load_err(&M_A.replace("\"source\": \"s\"", "\"source\": \"\""));
    assert!(msg.contains("a: field source"), "{msg}");
}

#[test]
fn overlay_replaces_by_id_and_adds() {
    // Raise the CN 20% to 50% from 2025-03-04 by overlay: T-shirts $1,000 on
    // 2025-03-10: 165 + 500 = 665.
    let overlay = r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD",
      "measures": [{"id": "cn-extra-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
        "description": "what-if 50%", "rate": "50%", "origins": {"include": ["CN"]},
        "from": "2025-03-04", "source": "scenario"}]}]}"#;
    let s = fixture().with_overlay_json(overlay).unwrap();
    let entry = EntryText {
        origin: "CN",
        hts: "6109.10.00",
        value: "1000",
        date: "2025-03-10",
        mode: Some("air"),
        ..Default::default()
    }
    .parse()
    .unwrap();
    assert_eq!(s.quote(&entry).unwrap().duty, d("665.00"));
    // The original is untouched: 165 + 200.
    assert_eq!(fixture().quote(&entry).unwrap().duty, d("365.00"));
}
