//! Golden cases where the actions of July-October 2026 meet: whole entries
//! (every duty and fee) that the per-action golden files do not total,
//! because each of them sees only its own data. Sources per action:
//! `docs/sources/s301_forced_labor.md` (note 52),
//! `docs/sources/s301_brazil_s338_canada.md` (notes 50, 51),
//! `docs/sources/s232_pharma_drones_s201_fees.md` (notes 40, 41, 43, MPF).
//!
//! The stacking rules used by hand, from the Chapter 99 U.S. notes of HTS
//! 2026 rev 20:
//! - the forced-labor duty (note 52(a)) and the Brazil duty (note 50(a)(i))
//!   apply on top of every other subchapter III duty, also when a special
//!   rate is claimed, except on the Section 232 goods named in notes 52(f)
//!   and 50(a)(vi); (8) of each names the patented pharmaceuticals of
//!   9903.04.60-.66 (HTS 2026 rev 14, from 2026-07-31), not the generics of
//!   9903.04.67, and neither names the drones of note 43;
//! - Section 338 (note 51(a)) applies also under a USMCA claim; the forced-
//!   labor duty on Canada (9903.05.29) does not apply to USMCA goods
//!   (9903.05.93);
//! - floors count only the column 1 line: the pharmaceutical floors of notes
//!   40(d)/(f) and the drone floor of 43(d) against the forced-labor floors
//!   of note 52 each subtract the MFN duty alone.
//!
//! MFN (column 1 general) rates, from `data/us/hts_base.json` (USITC HTS
//! exports; these lines are unchanged since 2025 basic): 6109.10.00 16.5%,
//! 2922.19.09 6.5%, 8806.22.00 Free, 6810.99.00 Free, 0404.10.05 8.5%.
//! Section 301 China (`s301_product_lists.csv`): 6109.10.00 list 4A
//! (9903.88.15) 7.5%, 8806.22.00 list 1 (9903.88.01) 25%, 6810.99.00 list 3
//! (9903.88.03) 25%.
//!
//! Fees: MPF on formal entries (value over $2,500) 0.3464%, FY2026 min
//! $33.58 max $651.50; FY2027 (from 2026-10-01, FR Doc. 2026-15530) min
//! $34.58 max $670.86; none on USMCA goods (19 CFR 24.23(c)(3)). HMF 0.125%
//! on ocean entries only. Every line is rounded to the cent, half away from
//! zero.

mod common;

use common::*;
use tariffs::{Error, Schedule};

const FL: &str = "section_301_forced_labor";
const BR: &str = "section_301_brazil";

/// The issue's own example: a container of Chinese cotton T-shirts
/// (6109.10.00.12), $50,000 by ocean, entered this week (2026-11-30).
/// MFN 16.5% = 8,250.00; Section 301 list 4A 7.5% = 3,750.00; forced labor
/// 9903.05.31 12.5% = 6,250.00; duty 18,250.00 (36.5%, 12.5 points more than
/// before 2026-07-24). MPF FY2027 0.3464% x 50,000 = 173.20 (between 34.58
/// and 670.86); HMF 0.125% x 50,000 = 62.50; fees 235.70; total 18,485.70.
/// The date is after 2026-10-07, the date the builtin was reviewed through:
/// the quote says so, and a strict schedule refuses it.
#[test]
fn cn_tshirt_container_this_week_with_fy2027_fees_and_a_warning() {
    let q = case("CN", "6109.10.00.12", "50000", "2026-11-30", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "8250.00"),
            ("section_301", "3750.00"),
            (FL, "6250.00"),
            ("mpf", "173.20"),
            ("hmf", "62.50"),
        ],
    );
    totals(&q, "18250.00", "235.70", "18485.70");
    assert_eq!(q.effective_rate, d("0.365"));
    assert_eq!(q.warnings.len(), 1, "{q}");
    assert!(q.warnings[0].message.contains("2026-10-07"), "{q}");

    // On the reviewed-through date itself: the same numbers, no warning.
    let q = case("CN", "6109.10.00.12", "50000", "2026-10-07", "ocean").quote();
    totals(&q, "18250.00", "235.70", "18485.70");
    assert!(q.warnings.is_empty(), "{q}");

    let entry = case("CN", "6109.10.00.12", "50000", "2026-11-30", "ocean")
        .text
        .parse()
        .unwrap();
    let err = Schedule::builtin().strict(true).quote(&entry).unwrap_err();
    assert_eq!(err.kind(), "not_covered", "{err}");
}

/// A patented pharmaceutical ingredient (2922.19.09.10, on the note 40(c)
/// list) from China, $10,000 by ocean on 2026-08-03. MFN 6.5% = 650.00;
/// 9903.04.60 total 100%: 10,000 - 650 = 9,350.00; the forced-labor 12.5%
/// does not apply (note 52(f)(8)); duty 10,000.00. MPF 0.3464% = 34.64,
/// HMF 12.50; total 10,047.14.
/// As a generic (9903.04.67, claim S232_PHARMA_GENERIC): no Section 232
/// duty, and the forced-labor duty applies (9903.04.67 is not among the
/// headings of 52(f)(8)): 650 + 1,250 = 1,900.00.
#[test]
fn cn_patented_pharmaceutical_displaces_forced_labor_and_a_generic_does_not() {
    let q = case("CN", "2922.19.09.10", "10000", "2026-08-03", "ocean").quote();
    amounts(
        &q,
        &[("mfn", "650.00"), ("section_232", "9350.00"), (FL, "0")],
    );
    totals(&q, "10000.00", "47.14", "10047.14");
    assert!(excluded(&q, "s301fl-cn").contains("9903.04.60"), "{q}");

    let q = case("CN", "2922.19.09.10", "10000", "2026-08-03", "ocean")
        .claim("S232_PHARMA_GENERIC")
        .quote();
    amounts(
        &q,
        &[("mfn", "650.00"), ("section_232", "0"), (FL, "1250.00")],
    );
    totals(&q, "1900.00", "47.14", "1947.14");
}

/// The same ingredient from Brazil on 2026-08-03: patented, the 100% total
/// of 9903.04.60 (650 + 9,350) displaces both the Brazil 25% (note
/// 50(a)(vi)(8)) and the forced-labor 12.5% (52(f)(8)): duty 10,000.00.
/// Generic: 650 + Brazil 25% 2,500 + forced labor 12.5% 1,250 = 4,400.00.
#[test]
fn br_patented_pharmaceutical_displaces_both_section_301_duties() {
    let q = case("BR", "2922.19.09.10", "10000", "2026-08-03", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "650.00"),
            ("section_232", "9350.00"),
            (BR, "0"),
            (FL, "0"),
        ],
    );
    assert_eq!(q.duty, d("10000.00"), "{q}");

    let q = case("BR", "2922.19.09.10", "10000", "2026-08-03", "ocean")
        .claim("S232_PHARMA_GENERIC")
        .quote();
    amounts(
        &q,
        &[
            ("mfn", "650.00"),
            ("section_232", "0"),
            (BR, "2500.00"),
            (FL, "1250.00"),
        ],
    );
    assert_eq!(q.duty, d("4400.00"), "{q}");
}

/// The same ingredient from Germany on 2026-08-03: patented, 9903.04.62
/// total 15%: 1,500 - 650 = 850.00, and the EU forced-labor floor (10%,
/// 9903.05.38/.39) does not apply: duty 1,500.00. Generic: the forced-labor
/// floor, 10% total: 1,000 - 650 = 350.00; duty 1,000.00.
#[test]
fn de_pharmaceutical_partner_floor_and_the_eu_forced_labor_floor() {
    let q = case("DE", "2922.19.09.10", "10000", "2026-08-03", "ocean").quote();
    amounts(
        &q,
        &[("mfn", "650.00"), ("section_232", "850.00"), (FL, "0")],
    );
    assert_eq!(q.duty, d("1500.00"), "{q}");

    let q = case("DE", "2922.19.09.10", "10000", "2026-08-03", "ocean")
        .claim("S232_PHARMA_GENERIC")
        .quote();
    amounts(
        &q,
        &[("mfn", "650.00"), ("section_232", "0"), (FL, "350.00")],
    );
    assert_eq!(q.duty, d("1000.00"), "{q}");
}

/// A camera drone (8806.22.00.00) from China, $10,000 by air on 2026-09-03:
/// MFN Free; Section 301 list 1 25% = 2,500.00; Section 232 9903.08.22
/// (unmanned aircraft without thermal imaging, 43(c)(4)) +25% = 2,500.00;
/// the forced-labor 12.5% = 1,250.00 (note 52(f) does not name note 43);
/// duty 6,250.00; MPF 34.64 (air: no HMF); total 6,284.64.
#[test]
fn cn_drone_pays_section_232_section_301_and_forced_labor() {
    let q = case("CN", "8806.22.00.00", "10000", "2026-09-03", "air").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_301", "2500.00"),
            ("section_232", "2500.00"),
            (FL, "1250.00"),
        ],
    );
    totals(&q, "6250.00", "34.64", "6284.64");
}

/// The same drone from South Korea with the critical-components test met
/// (claim S232_UAS_CRITICAL_COMPONENTS, 9903.08.24: 15% total) on
/// 2026-09-03: 1,500 - 0 (MFN Free) = 1,500.00; the Korean forced-labor
/// floor (9903.05.70, 12.5% total) also counts only the column 1 rate:
/// 1,250.00; duty 2,750.00.
#[test]
fn kr_drone_partner_floor_and_the_korean_forced_labor_floor_both_count_only_mfn() {
    let q = case("KR", "8806.22.00.00", "10000", "2026-09-03", "air")
        .claim("S232_UAS_CRITICAL_COMPONENTS")
        .quote();
    amounts(
        &q,
        &[("mfn", "0"), ("section_232", "1500.00"), (FL, "1250.00")],
    );
    assert_eq!(q.duty, d("2750.00"), "{q}");
}

/// Quartz slab (6810.99.00.20) from China, $10,000 by ocean on 2026-08-15,
/// the first day of the Section 201 safeguard: MFN Free; Section 201 in
/// quota (9903.45.30) 25% = 2,500.00; Section 301 list 3 25% = 2,500.00;
/// forced labor 12.5% = 1,250.00; duty 6,250.00. Over the quota (claim
/// S201_QUARTZ_OVER_QUOTA, 9903.45.31 50%): 5,000 + 2,500 + 1,250 =
/// 8,750.00. Fees FY2026: MPF 34.64 + HMF 12.50 = 47.14.
#[test]
fn cn_quartz_slab_safeguard_stacks_with_both_section_301_duties() {
    let q = case("CN", "6810.99.00.20", "10000", "2026-08-15", "ocean").quote();
    amounts(
        &q,
        &[
            ("section_201", "2500.00"),
            ("section_301", "2500.00"),
            (FL, "1250.00"),
        ],
    );
    totals(&q, "6250.00", "47.14", "6297.14");
    let q = case("CN", "6810.99.00.20", "10000", "2026-08-15", "ocean")
        .claim("S201_QUARTZ_OVER_QUOTA")
        .quote();
    amounts(&q, &[("section_201", "5000.00")]);
    assert_eq!(q.duty, d("8750.00"), "{q}");
}

/// Quartz slab (6810.99.00.20) from Canada, $10,000 by truck: Canada is
/// excluded from the safeguard (note 41(c)(i)), and the code is on the
/// Section 338 (b)(3) list (9903.03.14) from 2026-08-22.
/// - 2026-08-21: MFN Free, forced labor 9903.05.29 10% = 1,000.00.
/// - 2026-09-16: 338 50% = 5,000.00 + forced labor 1,000.00 = 6,000.00;
///   MPF 34.64 (truck: no HMF).
/// - 2026-09-16 with USMCA: the forced-labor duty does not apply (9903.05.93)
///   but Section 338 does (51(a)): 5,000.00; no MPF on USMCA goods.
#[test]
fn ca_quartz_section_338_with_and_without_usmca() {
    let q = case("CA", "6810.99.00.20", "10000", "2026-08-21", "truck").quote();
    amounts(
        &q,
        &[("section_201", "0"), ("section_338", "0"), (FL, "1000.00")],
    );
    let q = case("CA", "6810.99.00.20", "10000", "2026-09-16", "truck").quote();
    amounts(
        &q,
        &[
            ("section_201", "0"),
            ("section_338", "5000.00"),
            (FL, "1000.00"),
        ],
    );
    totals(&q, "6000.00", "34.64", "6034.64");
    let q = case("CA", "6810.99.00.20", "10000", "2026-09-16", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("section_338", "5000.00"), (FL, "0")]);
    totals(&q, "5000.00", "0.00", "5000.00");
}

/// Brazilian cotton T-shirts (6109.10.00.12), $10,000 by ocean on
/// 2026-08-03: MFN 16.5% = 1,650.00; Brazil 9903.05.01 25% = 2,500.00;
/// forced labor 9903.05.27 12.5% = 1,250.00 (they stack: notes 50(a)(i),
/// 52(a)); duty 5,400.00; MPF 34.64 + HMF 12.50; total 5,447.14.
#[test]
fn br_tshirts_pay_brazil_and_forced_labor_duties() {
    let q = case("BR", "6109.10.00.12", "10000", "2026-08-03", "ocean").quote();
    amounts(&q, &[("mfn", "1650.00"), (BR, "2500.00"), (FL, "1250.00")]);
    totals(&q, "5400.00", "47.14", "5447.14");
}

/// Canadian whey protein concentrate (0404.10.05.00, dairy list 51(b)(2)) on
/// 2026-10-01: banned from 2026-09-29 (Proclamation 11062, CSMS #70050970):
/// the quote is an error naming the ban, not a number. Goods that arrived
/// before the ban (claim S338_IMPORTED_BEFORE_BAN) are quoted: MFN 8.5% =
/// 850.00, Section 338 9903.03.13 50% = 5,000.00, forced labor 10% =
/// 1,000.00; duty 6,850.00; MPF FY2027 0.3464% = 34.64 (between 34.58 and
/// 670.86); truck: no HMF.
#[test]
fn ca_whey_is_banned_unless_it_arrived_before_the_ban() {
    let err = case("CA", "0404.10.05.00", "10000", "2026-10-01", "truck").error();
    match &err {
        Error::Prohibited { ban, .. } => {
            assert!(ban.source.contains("11062"), "{err}");
            assert_eq!(ban.importer, "US");
        }
        other => panic!("expected a prohibition, got {other:?}"),
    }
    let q = case("CA", "0404.10.05.00", "10000", "2026-10-01", "truck")
        .claim("S338_IMPORTED_BEFORE_BAN")
        .quote();
    amounts(
        &q,
        &[
            ("mfn", "850.00"),
            ("section_338", "5000.00"),
            (FL, "1000.00"),
        ],
    );
    totals(&q, "6850.00", "34.64", "6884.64");
}

/// What the builtin says it covers: answers from 2025-01-01, reflects HTS
/// 2026 rev 21 (released 2026-10-07, the newest source modelled), base rates
/// from rev 10, and models the charging headings of every action of the
/// second half of 2026; 9903.54.02 (the beef trimmings TRQ, "No change" in
/// every column) is listed as not modelled.
#[test]
fn the_builtin_covers_rev_21_and_reports_what_it_does_not_model() {
    let s = Schedule::builtin();
    let c = s.coverage();
    assert_eq!(c.first_date, Some("2025-01-01".parse().unwrap()));
    assert_eq!(c.hts_revision, "2026 rev 21");
    assert_eq!(c.hts_published, Some("2026-10-07".parse().unwrap()));
    assert_eq!(c.base_revision, "2026 rev 10");
    assert_eq!(c.reviewed_through, Some("2026-10-07".parse().unwrap()));
    assert_eq!(c.chapter99_headings, 637);
    let report = s.chapter99_report();
    let modelled = |h: &str| {
        report
            .iter()
            .find(|r| r.heading == h)
            .unwrap_or_else(|| panic!("{h} is not a heading of rev 21"))
            .modelled_by
            .clone()
    };
    for h in [
        "9903.05.01",
        "9903.05.31",
        "9903.05.38",
        "9903.05.85",
        "9903.06.21",
        "9903.04.60",
        "9903.04.70",
        "9903.08.21",
        "9903.08.26",
        "9903.03.12",
        "9903.03.16",
        "9903.45.30",
        "9903.45.31",
    ] {
        assert!(!modelled(h).is_empty(), "{h} is not modelled");
    }
    assert!(modelled("9903.54.02").is_empty());
    assert_eq!(
        c.chapter99_modelled,
        report.iter().filter(|r| !r.modelled_by.is_empty()).count()
    );
    assert!(s
        .unmodelled_chapter99()
        .iter()
        .any(|h| h.heading == "9903.54.02"));
}
