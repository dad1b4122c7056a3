//! Golden cases of the refund report (`tariffs::refunds`) on the builtin
//! schedule, each worked out by hand from the legal texts and the interest
//! rules, not from the code's output.
//!
//! Rates used by hand (sources in `data/us/*.json` and `docs/sources/`):
//! 6109.10.00 (cotton T-shirts) MFN 16.5%, free under USMCA; Section 301
//! List 4A 9903.88.15 +7.5% on CN; IEEPA fentanyl on CN 9903.01.24 +20%
//! from 2025-03-04 (EO 14228), +10% from 2025-11-10 (EO 14357); IEEPA
//! reciprocal baseline 9903.01.25 +10% from 2025-04-05 (EO 14257), CN
//! 9903.01.63 +125% 2025-04-10..2025-05-13 (EO 14259/14266), baseline again
//! from 2025-05-14 (EO 14298), VN 9903.02.69 +20%, BR 9903.02.09 +10%, IN
//! 9903.02.26 +25% from 2025-08-07 (EO 14326); IEEPA Canada 9903.01.10 +25%
//! and Mexico 9903.01.01 +25% (EO 14193/14194), USMCA goods exempt
//! (9903.01.04); IEEPA Brazil 9903.01.77 +40% from 2025-08-06 (EO 14323);
//! IEEPA India Russia-oil 9903.01.84 +25% from 2025-08-27 (EO 14329);
//! postal items from 2025-08-29 (EO 14324): the origin's IEEPA duty ad
//! valorem, or $200 an item for an origin over 25% (specific method);
//! Section 232 steel 9903.81.87 +50% from 2025-06-04 (no IEEPA on it);
//! Annex II (9903.01.32) removes the reciprocal duty; IEEPA ends for entries
//! from 2026-02-24 (EO 14389); Section 122 9903.03.01 +10% 2026-02-24 to
//! 2026-07-23 (Proclamation 11012).
//!
//! Interest (19 U.S.C. 1505(c), 26 U.S.C. 6621/6622; table in
//! `src/refunds/interest-rates.json`): corporate overpayment rate 6% a year
//! in every quarter of 2025 and 2026 except 2026 Q2 (5%); non-corporate one
//! point more. Compounded daily at rate/365. The hand computation (Python
//! `decimal`, 60 digits, one multiplication per day, independent of the
//! code's per-period powers):
//!
//! ```text
//! f = 1; d = deposit
//! while d < to: f *= 1 + rate(d)/100/365; d += 1 day
//! interest = round_half_up((principal * f) - principal, 2)
//! ```

use std::sync::OnceLock;
use tariffs::refunds::{
    Category, Filed, FindingKind, LiquidationStatus, Payer, RefundLine, RefundOptions,
    RefundReport, CAPE_WINDOW_DAYS,
};
use tariffs::{Date, Decimal, EntryText, ErrorKind, Schedule};

fn schedule() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(Schedule::builtin)
}

fn d(s: &str) -> Date {
    Date::parse_field("date", s).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// An entry line: origin, code, value, date, mode, claims.
fn line(
    origin: &str,
    hts: &str,
    value: &str,
    date: &str,
    mode: &str,
    claims: &[&str],
) -> RefundLine {
    let entry = EntryText {
        origin,
        hts,
        value,
        date,
        mode: Some(mode),
        claims: claims.to_vec(),
        ..Default::default()
    }
    .parse();
    RefundLine {
        entry_number: format!("{origin}-{date}"),
        line_number: "001".into(),
        importer_of_record: "12-3456789AB".into(),
        ..RefundLine::new(entry)
    }
}

/// As of 2026-12-01, interest to 2026-12-01, corporate, tolerance 1.00.
fn options() -> RefundOptions {
    RefundOptions::new(d("2026-12-01"))
}

fn report(lines: Vec<RefundLine>, o: &RefundOptions) -> RefundReport {
    schedule().refunds(lines, o).unwrap()
}

fn one(l: RefundLine) -> tariffs::refunds::RefundRow {
    report(vec![l], &options()).rows.remove(0)
}

/// The principal of one IEEPA authority on a row.
fn by(r: &tariffs::refunds::Refund, authority: &str) -> Decimal {
    r.ieepa
        .iter()
        .find(|(a, _)| a.as_ref() == authority)
        .map_or(Decimal::ZERO, |(_, v)| *v)
}

// 1. China T-shirts entered 2025-04-05, the first day of the baseline:
// fentanyl 20% of 10000 = 2000.00, reciprocal 10% = 1000.00: 3000.00.
// Interest from 2025-04-05 to 2026-12-01 at 6% (5% in 2026 Q2): factor
// 1.1018065011..., 3000 x 0.1018065011 = 305.42.
#[test]
fn china_tshirts_2025_04_05_fentanyl_and_baseline() {
    let row = one(line(
        "CN",
        "6109.10.00.12",
        "10000",
        "2025-04-05",
        "ocean",
        &[],
    ));
    let r = row.result.unwrap();
    assert_eq!(by(&r, "ieepa_fentanyl"), dec("2000.00"));
    assert_eq!(by(&r, "ieepa_reciprocal"), dec("1000.00"));
    assert_eq!(r.ieepa_principal, dec("3000.00"));
    assert_eq!(r.ieepa_interest, dec("305.42"));
    assert_eq!(r.section_122_principal, Decimal::ZERO);
    // MFN 1650 + 301 750 + IEEPA 3000.
    assert_eq!(r.quote.duty, dec("5400.00"));
    assert_eq!(row.category, Some(Category::Unliquidated));
}

// 2. China T-shirts entered 2025-04-10 (125% reciprocal): 2000 + 12500 =
// 14500.00. Interest to 2026-12-01: factor 1.1009013531..., 1463.07.
#[test]
fn china_tshirts_april_2025_at_145_percent() {
    let row = one(line(
        "CN",
        "6109.10.00.12",
        "10000",
        "2025-04-10",
        "ocean",
        &[],
    ));
    let r = row.result.unwrap();
    assert_eq!(by(&r, "ieepa_reciprocal"), dec("12500.00"));
    assert_eq!(r.ieepa_principal, dec("14500.00"));
    assert_eq!(r.ieepa_interest, dec("1463.07"));
}

// 3. The same, non-corporate rates (7%, 6% in 2026 Q2), interest to
// 2026-06-15: factor 1.0839320109..., 14500 x 0.0839320109 = 1217.01.
#[test]
fn noncorporate_interest_to_a_fixed_date() {
    let mut o = options();
    o.payer = Payer::NonCorporate;
    o.interest_to = Some(d("2026-06-15"));
    let rows = report(
        vec![line(
            "CN",
            "6109.10.00.12",
            "10000",
            "2025-04-10",
            "ocean",
            &[],
        )],
        &o,
    )
    .rows;
    let r = rows[0].result.as_ref().unwrap();
    assert_eq!(r.ieepa_interest, dec("1217.01"));
}

// 4. China T-shirts in May 2025 after the Geneva truce (2025-05-14):
// 20% + 10% = 3000.00; deposited 2025-05-15 (given), interest 283.76.
#[test]
fn china_tshirts_may_2025_with_a_deposit_date() {
    let mut l = line("CN", "6109.10.00.12", "10000", "2025-05-13", "ocean", &[]);
    // Entered the day before the truce: still 125%.
    let before = one(l.clone()).result.unwrap();
    assert_eq!(before.ieepa_principal, dec("14500.00"));
    l = line("CN", "6109.10.00.12", "10000", "2025-05-14", "ocean", &[]);
    l.deposit_date = Some(d("2025-05-15"));
    let row = one(l);
    assert_eq!(row.deposit_date, Some(d("2025-05-15")));
    let r = row.result.unwrap();
    assert_eq!(r.ieepa_principal, dec("3000.00"));
    assert_eq!(r.ieepa_interest, dec("283.76"));
}

// 5. China after 2025-11-10: fentanyl 10% + baseline 10% = 2000.00; on
// 2026-02-23, the last day of IEEPA, still 2000.00 (interest 89.33 to
// 2026-12-01, factor 1.0446639028...).
#[test]
fn china_november_2025_and_the_last_day_of_ieepa() {
    let nov = one(line(
        "CN",
        "6109.10.00.12",
        "10000",
        "2025-11-20",
        "ocean",
        &[],
    ));
    assert_eq!(nov.result.unwrap().ieepa_principal, dec("2000.00"));
    let last = one(line(
        "CN",
        "6109.10.00.12",
        "10000",
        "2026-02-23",
        "ocean",
        &[],
    ));
    let r = last.result.unwrap();
    assert_eq!(r.ieepa_principal, dec("2000.00"));
    assert_eq!(r.ieepa_interest, dec("89.33"));
    assert_eq!(r.section_122_principal, Decimal::ZERO);
}

// 6. After 2026-02-24 only Section 122: 10% of 10000 = 1000.00, reported
// apart with its note; IEEPA 0, category none. Interest had it been
// refunded: from 2026-03-10, factor 1.0420914035..., 42.09.
#[test]
fn after_ieepa_only_section_122() {
    let row = one(line(
        "CN",
        "6109.10.00.12",
        "10000",
        "2026-03-10",
        "ocean",
        &[],
    ));
    assert_eq!(row.category, Some(Category::None));
    let r = row.result.unwrap();
    assert_eq!(r.ieepa_principal, Decimal::ZERO);
    assert_eq!(r.ieepa_interest, Decimal::ZERO);
    assert!(r.ieepa.is_empty());
    assert_eq!(r.section_122_principal, dec("1000.00"));
    assert_eq!(r.section_122_interest, dec("42.09"));
}

// 7. A Canadian good without a USMCA claim, 2025-04-01: 25% of 10000 =
// 2500.00 under 9903.01.10; interest from 2025-04-01: 256.33.
#[test]
fn canada_not_usmca() {
    let r = one(line(
        "CA",
        "6109.10.00.12",
        "10000",
        "2025-04-01",
        "truck",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(by(&r, "ieepa_fentanyl"), dec("2500.00"));
    assert_eq!(r.ieepa_principal, dec("2500.00"));
    assert_eq!(r.ieepa_interest, dec("256.33"));
    assert!(r
        .quote
        .lines
        .iter()
        .any(|l| l.heading.as_deref() == Some("9903.01.10")));
}

// 8. The same good claimed under USMCA: free, IEEPA exempt (9903.01.04):
// nothing to refund, category none.
#[test]
fn canada_usmca_nothing_to_refund() {
    let row = one(line(
        "CA",
        "6109.10.00.12",
        "10000",
        "2025-04-01",
        "truck",
        &["USMCA"],
    ));
    assert_eq!(row.category, Some(Category::None));
    let r = row.result.unwrap();
    assert_eq!(r.ieepa_principal, Decimal::ZERO);
    assert_eq!(r.quote.duty, Decimal::ZERO);
}

// 9. Mexico, hand tools 8467.21.00.30 (MFN 1.7%), 2025-12-01: 25% =
// 2500.00 under 9903.01.01.
#[test]
fn mexico_not_usmca() {
    let r = one(line(
        "MX",
        "8467.21.00.30",
        "10000",
        "2025-12-01",
        "truck",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(r.ieepa_principal, dec("2500.00"));
    assert_eq!(r.quote.duty, dec("2670.00"));
}

// 10. German steel plate under Section 232 (50% from 2025-06-04): 5000.00
// of Section 232 and no IEEPA (232 goods are outside the reciprocal duty).
#[test]
fn section_232_steel_no_ieepa() {
    let row = one(line(
        "DE",
        "7208.51.00.30",
        "10000",
        "2025-06-10",
        "ocean",
        &[],
    ));
    assert_eq!(row.category, Some(Category::None));
    let r = row.result.unwrap();
    assert_eq!(r.ieepa_principal, Decimal::ZERO);
    assert_eq!(r.quote.duty, dec("5000.00"));
}

// 11. An Annex II good (antibiotics 3004.20.00.10, free) from Germany: no
// reciprocal duty, nothing to refund; a non-Annex II medicament
// (3004.90.92.90) the same day owes the 10% baseline: 1000.00.
#[test]
fn annex_ii_good() {
    let r = one(line(
        "DE",
        "3004.20.00.10",
        "10000",
        "2025-06-10",
        "ocean",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(r.ieepa_principal, Decimal::ZERO);
    assert!(r
        .quote
        .lines
        .iter()
        .any(|l| l.authority.as_ref() == "annex_ii"));
    let other = one(line(
        "DE",
        "3004.90.92.90",
        "10000",
        "2025-06-10",
        "ocean",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(other.ieepa_principal, dec("1000.00"));
}

// 12. A de minimis parcel from Vietnam after 2025-08-29, by post: $50, only
// the IEEPA duty of the origin, 20% = 10.00, no MFN, no fees; interest from
// 2025-09-15: 0.73. A postal item has no entry summary, so it is no CAPE
// entry (CSMS #68340863 takes ACE entries; no refund route for postal IEEPA
// duties was found: docs/refunds-sources.md, section 5).
#[test]
fn de_minimis_parcel_by_post() {
    let row = one(line(
        "VN",
        "6109.10.00.12",
        "50",
        "2025-09-15",
        "postal",
        &[],
    ));
    assert_eq!(row.category, Some(Category::PostalNoEntry));
    let r = row.result.unwrap();
    assert_eq!(r.ieepa_principal, dec("10.00"));
    assert_eq!(r.ieepa_interest, dec("0.73"));
    assert_eq!(r.quote.duty, dec("10.00"));
    assert_eq!(r.quote.fees, Decimal::ZERO);
}

// 13. The same parcel by express: no de minimis, MFN 16.5% = 8.25 and the
// reciprocal 20% = 10.00; only the 10.00 is refundable.
#[test]
fn de_minimis_parcel_by_express() {
    let r = one(line(
        "VN",
        "6109.10.00.12",
        "50",
        "2025-09-15",
        "express",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(r.ieepa_principal, dec("10.00"));
    assert_eq!(r.quote.duty, dec("18.25"));
}

// 14. A Chinese postal item, specific method (claim POSTAL_SPECIFIC, one
// item): $200 under ieepa_postal.
#[test]
fn postal_specific_duty() {
    let entry = EntryText {
        origin: "CN",
        hts: "6109.10.00.12",
        value: "50",
        date: "2025-09-15",
        mode: Some("postal"),
        claims: vec!["POSTAL_SPECIFIC"],
        quantities: vec![("no", "1")],
        ..Default::default()
    }
    .parse();
    let row = one(RefundLine::new(entry));
    assert_eq!(row.category, Some(Category::PostalNoEntry));
    let r = row.result.unwrap();
    assert_eq!(by(&r, "ieepa_postal"), dec("200.00"));
    assert_eq!(r.ieepa_principal, dec("200.00"));
}

// 15. Brazil 2025-09-15: IEEPA Brazil 40% + reciprocal 10% = 5000.00; India
// the same day: Russia-oil 25% + reciprocal 25% = 5000.00.
#[test]
fn brazil_and_india_ieepa_duties() {
    let br = one(line(
        "BR",
        "6109.10.00.12",
        "10000",
        "2025-09-15",
        "ocean",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(by(&br, "ieepa_brazil"), dec("4000.00"));
    assert_eq!(br.ieepa_principal, dec("5000.00"));
    let india = one(line(
        "IN",
        "6109.10.00.12",
        "10000",
        "2025-09-15",
        "ocean",
        &[],
    ))
    .result
    .unwrap();
    assert_eq!(by(&india, "ieepa_russia_oil"), dec("2500.00"));
    assert_eq!(by(&india, "ieepa_reciprocal"), dec("2500.00"));
}

// 16. CAPE categories as of 2026-12-01 (CSMS #68340863: unliquidated, or
// within 80 days of liquidation; 19 U.S.C. 1514: 180 days to protest).
// 2026-09-12 is 80 days before 2026-12-01 (19 + 31 + 30), 2026-06-04 is 180.
#[test]
fn cape_categories_by_liquidation() {
    let cases = [
        (None, None, Category::Unliquidated),
        (None, Some("2026-09-12"), Category::LiquidatedInWindow),
        (
            Some(LiquidationStatus::Liquidated),
            Some("2026-09-11"),
            Category::Protest,
        ),
        (None, Some("2026-06-04"), Category::Protest),
        (None, Some("2026-06-03"), Category::FinallyLiquidated),
        (
            Some(LiquidationStatus::Final),
            None,
            Category::FinallyLiquidated,
        ),
        (None, Some("2027-01-05"), Category::Unliquidated),
    ];
    let lines = cases
        .iter()
        .map(|(s, date, _)| {
            let mut l = line("CN", "6109.10.00.12", "10000", "2025-04-05", "ocean", &[]);
            l.liquidation_status = *s;
            l.liquidation_date = date.map(d);
            l
        })
        .collect();
    let rows = report(lines, &options()).rows;
    for (row, (_, date, want)) in rows.iter().zip(cases) {
        assert_eq!(row.category, Some(want), "liquidated {date:?}");
    }
    assert_eq!(CAPE_WINDOW_DAYS, 80);
    assert!(Category::LiquidatedInWindow.message().contains("68340863"));
}

// 17. Totals per importer, category and month: three April 2025 lines
// (3000 + 14500 + 2500 = 20000.00 of IEEPA; interest 305.42 + 1463.07 +
// 256.33 = 2024.82), one March 2026 line (Section 122 1000.00), and three
// bad rows (an unknown code, a missing quantity for beef at 4.4 cents/kg,
// a date before the schedule's coverage) counted as failed, never dropped.
#[test]
fn totals_and_bad_rows() {
    let mut beef = line("AU", "0201.30.50.00", "1000", "2025-04-20", "ocean", &[]);
    beef.entry_number = "beef".into();
    let lines = vec![
        line("CN", "6109.10.00.12", "10000", "2025-04-05", "ocean", &[]),
        line("CN", "6109.10.00.12", "10000", "2025-04-10", "ocean", &[]),
        line("CA", "6109.10.00.12", "10000", "2025-04-01", "truck", &[]),
        line("CN", "6109.10.00.12", "10000", "2026-03-10", "ocean", &[]),
        line("CN", "0000.00.00", "10000", "2025-04-11", "ocean", &[]),
        beef,
        line("CN", "6109.10.00.12", "777", "2024-06-01", "ocean", &[]),
    ];
    let rep = report(lines, &options());
    let failed: Vec<_> = rep.failed().map(|(i, _, e)| (i, e.kind())).collect();
    assert_eq!(
        failed,
        vec![
            (4, ErrorKind::UnknownCode),
            (5, ErrorKind::MissingQuantity),
            (6, ErrorKind::NotCovered)
        ]
    );
    let totals = rep.totals().unwrap();
    let april: Vec<_> = totals.iter().filter(|t| t.month == "2025-04").collect();
    let april_ok = april
        .iter()
        .find(|t| t.category == Some(Category::Unliquidated))
        .unwrap();
    assert_eq!(april_ok.ieepa_principal, dec("20000.00"));
    assert_eq!(april_ok.ieepa_interest, dec("2024.82"));
    assert_eq!(april_ok.by_authority["ieepa_fentanyl"], dec("6500.00"));
    assert_eq!(april_ok.by_authority["ieepa_reciprocal"], dec("13500.00"));
    // The two April failures (unknown code, beef) sit in April's group of
    // their liquidation category: unliquidated, with their value.
    assert_eq!(april_ok.lines, 5);
    assert_eq!(april_ok.failed_lines, 2);
    assert_eq!(april_ok.failed_value, dec("11000"));
    let march = totals.iter().find(|t| t.month == "2026-03").unwrap();
    assert_eq!(march.category, Some(Category::None));
    assert_eq!(march.section_122_principal, dec("1000.00"));
    assert_eq!(march.by_authority["section_122"], dec("1000.00"));
    let june_2024 = totals.iter().find(|t| t.month == "2024-06").unwrap();
    assert_eq!((june_2024.lines, june_2024.failed_lines), (1, 1));
    assert_eq!(totals.iter().map(|t| t.lines).sum::<u64>(), 7);
}

// 18. Audit, wide: filed MFN, 301 and fentanyl but no reciprocal duty on the
// April 125% entry: one `missing` finding of 12500.00 under 9903.01.63; an
// MFN filed 0.50 high is within the 1.00 tolerance.
#[test]
fn audit_missing_heading() {
    let mut l = line("CN", "6109.10.00.12", "10000", "2025-04-10", "ocean", &[]);
    l.filed = Some(vec![
        Filed::new("mfn", dec("1650.50")).unwrap(),
        Filed::new("section_301", dec("750")).unwrap(),
        Filed::new("ieepa_fentanyl", dec("2000")).unwrap(),
    ]);
    let r = one(l).result.unwrap();
    let f = r.findings.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::Missing);
    assert_eq!(f[0].key, "9903.01.63");
    assert_eq!(f[0].computed, dec("12500.00"));
    assert_eq!(f[0].difference, dec("-12500.00"));
}

// 19. Audit, long (Form 7501 line detail, by heading): the broker filed the
// baseline 9903.01.25 at 10% (1000.00) instead of China's 9903.01.63 at
// 125%: 9903.01.25 is `not_due` (displaced by the China rate under the
// stacking rules), 9903.01.63 `missing`; the 10-digit code carries the MFN.
#[test]
fn audit_wrong_stacking_choice() {
    let mut l = line("CN", "6109.10.00.12", "10000", "2025-04-10", "ocean", &[]);
    l.filed = Some(vec![
        Filed::new("6109.10.0012", dec("1650.00")).unwrap(),
        Filed::new("9903.88.15", dec("750.00")).unwrap(),
        Filed::new("9903.01.24", dec("2000.00")).unwrap(),
        Filed::new("9903.01.25", dec("1000.00")).unwrap(),
        Filed::new("499", dec("34.64")).unwrap(),
    ]);
    let f = one(l).result.unwrap().findings.unwrap();
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        (f[0].key.as_str(), f[0].kind),
        ("9903.01.25", FindingKind::NotDue)
    );
    assert_eq!(f[0].difference, dec("1000.00"));
    assert!(
        f[0].explanation.contains("displaced"),
        "{}",
        f[0].explanation
    );
    assert_eq!(
        (f[1].key.as_str(), f[1].kind),
        ("9903.01.63", FindingKind::Missing)
    );
}

// 20. Audit of a USMCA good filed with the Canada IEEPA duty (2500.00 under
// 9903.01.10): not due, because the USMCA claim exempts it; and a wrong
// rate: Canada filed at 10% (1000.00) without USMCA: `amount`, -1500.00.
#[test]
fn audit_not_due_and_wrong_rate() {
    let mut l = line(
        "CA",
        "6109.10.00.12",
        "10000",
        "2025-04-01",
        "truck",
        &["USMCA"],
    );
    l.filed = Some(vec![Filed::new("9903.01.10", dec("2500")).unwrap()]);
    let f = one(l).result.unwrap().findings.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::NotDue);
    assert!(
        f[0].explanation.to_lowercase().contains("usmca"),
        "{}",
        f[0].explanation
    );
    let mut l = line("CA", "6109.10.00.12", "10000", "2025-04-01", "truck", &[]);
    l.filed = Some(vec![
        Filed::new("mfn", dec("1650")).unwrap(),
        Filed::new("9903.01.10", dec("1000")).unwrap(),
    ]);
    let f = one(l).result.unwrap().findings.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::Amount);
    assert_eq!(f[0].difference, dec("-1500.00"));
    assert!(f[0].explanation.contains("+25%"), "{}", f[0].explanation);
}

// 21. Option errors name the field: an interest date past the table, a
// negative tolerance; a liquidated status without a date fails its row.
#[test]
fn option_and_row_errors() {
    let mut o = options();
    o.interest_to = Some(d("2031-01-01"));
    let e = schedule().refunds(vec![], &o).unwrap_err();
    assert_eq!(e.field(), Some("interest_to"));
    let mut o = options();
    o.tolerance = dec("-1");
    assert_eq!(
        schedule().refunds(vec![], &o).unwrap_err().field(),
        Some("tolerance")
    );
    let mut l = line("CN", "6109.10.00.12", "10000", "2025-04-05", "ocean", &[]);
    l.liquidation_status = Some(LiquidationStatus::Liquidated);
    let row = one(l);
    assert_eq!(row.result.unwrap_err().field(), Some("liquidation_date"));
    assert_eq!(row.category, None);
}
