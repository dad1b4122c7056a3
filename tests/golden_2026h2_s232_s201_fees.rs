//! Golden cases for the second-half-2026 data of the builtin schedule: Section
//! 232 pharmaceuticals (`data/us/s232_pharma.json`, U.S. note 40), Section 232
//! unmanned aircraft systems (`data/us/s232_drones.json`, note 43), the
//! Section 201 quartz safeguard (`data/us/s201_quartz.json`, note 41), the MPF
//! of FY2027 (`data/us/fees.json`), Section 301 Nicaragua
//! (`data/us/s301_nicaragua.json`, note 29) and the deferred Section 232 wood
//! increases (`data/us/s232_wood_2027.json`). Sources and modelling choices:
//! `docs/sources/s232_pharma_drones_s201_fees.md`.
//!
//! Every case quotes through `tariffs::Schedule::builtin()` and gives, in the
//! comment above it, the legal source and the hand computation. Amounts are
//! rounded per line to the cent, half away from zero.
//!
//! The cases assert the lines of the authorities they are about (`mfn`,
//! `section_232`, `section_201`, `section_301`, `mpf`), not the entry totals:
//! the Section 301 forced-labor (note 52), Section 301 Brazil (note 50) and
//! Section 338 (note 51) duties of the same period are added by other data
//! files, and a total would change with them.
//!
//! MFN (column 1 general) rates used by hand, from `data/us/hts_base.json`
//! (USITC HTS exports, 2025 basic lines still in force in 2026 rev 10):
//! 3004.90.92 Free, 3004.20.00 Free, 2922.19.09 6.5%, 8806.22.00 Free,
//! 8806.92.00 Free, 8807.30.00 Free, 6810.99.00 Free, 7020.00.60 5%,
//! 6109.10.00 16.5%, 9403.40.90 Free, 0201.30.50 4.4¢/kg, 8471.30.01 Free.
//! Section 301 China (existing data, `s301_product_lists.csv`): 8806.22.00
//! list 1 (9903.88.01) 25%, 6810.99.00 list 3 (9903.88.03) 25%.
//!
//! Fees: MPF formal entries (value over $2,500) 0.3464%, FY2026 (from
//! 2025-10-01) min $33.58 max $651.50, FY2027 (from 2026-10-01) min $34.58
//! max $670.86; informal (value $2,500 or less) $2.69 (FY2026), $2.77
//! (FY2027). The cases go by air, so no HMF.

mod common;

use common::*;
use tariffs::Schedule;

/// An entry by air (these cases go by air: no HMF).
fn case<'a>(origin: &'a str, hts: &'a str, value: &'a str, date: &'a str) -> Case<'a> {
    common::case(origin, hts, value, date, "air")
}

// ------------------------------------------------------------------ the data itself

/// The product lists are those of the note texts (checked line by line by
/// `scripts/data/s232_pharma_drones_s201_lists.py`): note 40(c) of rev 14 has
/// 131 provisions, the rev 20 list 149; 41(a) names three statistical numbers;
/// 41(c) 124 countries; 43(c)(1) six, (c)(2) four, (c)(3)/(4) the same six.
/// Every item of these files cites a source.
#[test]
fn lists_and_sources() {
    let s = Schedule::builtin();
    let data = s.data();
    let len = |k: &str| data.product_lists[k].len();
    assert_eq!(len("s232_pharma_2026_07_31"), 131);
    assert_eq!(len("s232_pharma_2026_09_29"), 149);
    assert_eq!(len("s201_quartz_surface_products"), 3);
    assert_eq!(len("s232_uas_c1"), 6);
    assert_eq!(len("s232_uas_c2"), 4);
    assert_eq!(len("s232_uas_c3_c4"), 6);
    assert_eq!(data.groups["S201_QUARTZ_EXEMPT"].len(), 124);
    let us = data
        .importers
        .iter()
        .find(|i| i.country.as_str() == "US")
        .unwrap();
    let ours = [
        "s232-pharma-",
        "s232-uas-",
        "s201-quartz-",
        "s301-ni-",
        "s232-wood-",
    ];
    let mut n = 0;
    for m in &us.measures {
        if ours.iter().any(|p| m.id.starts_with(p)) {
            n += 1;
            assert!(!m.source.trim().is_empty(), "{} cites no source", m.id);
        }
    }
    for x in &us.exemptions {
        if ours.iter().any(|p| x.id.starts_with(p)) {
            n += 1;
            assert!(!x.source.trim().is_empty(), "{} cites no source", x.id);
        }
    }
    // 15 pharma measures + 7 exemptions, 5 + 3 UAS, 8 + 1 quartz, 3 Nicaragua, 2 wood.
    assert_eq!(n, 44);
}

// ------------------------------------------------------------------ Section 232 pharmaceuticals

/// A patented medicament (3004.90.92.15, on the note 40(c) list of rev 14 and
/// of rev 20) from India, $20,000 by air.
/// - 2026-07-30: the pharmaceutical headings start with entries of 12:01 a.m.
///   ET 2026-07-31 (HTS 2026 rev 14, PP 11020): no Section 232 line.
///   MFN Free; MPF FY2026 0.3464% x 20,000 = 69.28.
/// - 2026-07-31: 9903.04.60, note 40(d): where the column 1 rate (Free) is
///   below 100%, column 1 + additional = 100%: 232 line = 100% x 20,000 - 0
///   = 20,000.00.
#[test]
fn patented_pharma_india_before_and_from_2026_07_31() {
    let q = case("IN", "3004.90.92.15", "20000", "2026-07-30").quote();
    amounts(&q, &[("mfn", "0"), ("section_232", "0"), ("mpf", "69.28")]);
    assert!(!q.has("section_232"), "{q}");

    let q = case("IN", "3004.90.92.15", "20000", "2026-07-31").quote();
    amounts(
        &q,
        &[("mfn", "0"), ("section_232", "20000.00"), ("mpf", "69.28")],
    );
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.60"]);
}

/// A patented active ingredient with a column 1 rate: 2922.19.09.00 (drugs,
/// 6.5%, on the rev 14 list as 2922.19.0900) from China, $10,000 on
/// 2026-08-03. Note 40(d): total 100% = MFN 6.5% + 93.5%:
///   MFN 6.5% x 10,000 = 650.00; 232 = 10,000 - 650 = 9,350.00.
/// The same from South Korea (9903.04.62, note 40(f): total 15%):
///   MFN 650.00; 232 = 1,500 - 650 = 850.00.
#[test]
fn patented_pharma_floor_counts_the_column_1_duty() {
    let q = case("CN", "2922.19.09.00", "10000", "2026-08-03").quote();
    amounts(&q, &[("mfn", "650.00"), ("section_232", "9350.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.60"]);

    let q = case("KR", "2922.19.09.00", "10000", "2026-08-03").quote();
    amounts(&q, &[("mfn", "650.00"), ("section_232", "850.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.62"]);
}

/// The EU partner rate: 3004.90.92.15 from Germany, $20,000 on 2026-08-03.
/// 9903.04.62 (HTS 2026 rev 14, note 40(f)): column 1 Free < 15%, so the
/// total is 15%: 232 = 15% x 20,000 = 3,000.00; 9903.04.60 does not apply to
/// products of the EU. MPF 69.28.
#[test]
fn patented_pharma_germany_15_percent_total() {
    let q = case("DE", "3004.90.92.15", "20000", "2026-08-03").quote();
    amounts(
        &q,
        &[("mfn", "0"), ("section_232", "3000.00"), ("mpf", "69.28")],
    );
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.62"]);
}

/// The United Kingdom: 9903.04.63 read "+ 10%" in rev 14 and "+0%" in rev 15
/// (Aug. 3, 2026), the change effective July 31, 2026 (rev 15 change record,
/// Notice): the corrected rate applies from the first day. 3004.90.92.15 from
/// GB, $20,000, on 2026-07-31 and 2026-08-03: 232 line 0% x 20,000 = 0.00,
/// under heading 9903.04.63 (the article is a patented pharmaceutical of
/// 9903.04.60-.66, which matters for notes 50, 51 and 52).
#[test]
fn patented_pharma_united_kingdom_zero_from_the_first_day() {
    for date in ["2026-07-31", "2026-08-03"] {
        let q = case("GB", "3004.90.92.15", "20000", date).quote();
        amounts(&q, &[("mfn", "0"), ("section_232", "0")]);
        assert_eq!(headings_of(&q, "section_232"), ["9903.04.63"], "{date}");
    }
}

/// A generic (claim S232_PHARMA_GENERIC, heading 9903.04.67, note 40(c)(iii)):
/// 3004.90.92.15 from India, $20,000 on 2026-08-03: not subject to the
/// pharmaceutical duties; the exemption removes 9903.04.60. No Section 232
/// line: 0.00. The same article without the claim pays 20,000.00 (100%).
#[test]
fn generic_pharma_with_the_claim_pays_no_232() {
    let q = case("IN", "3004.90.92.15", "20000", "2026-08-03")
        .claim("S232_PHARMA_GENERIC")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_232", "0")]);
    assert!(!q.has("section_232"), "{q}");
    assert!(q.has("section_232_exemption"), "{q}");
    assert!(excluded(&q, "s232-pharma-60").contains("(s232-pharma-67)"));
}

/// Companies identified by the Secretary (9903.04.61, note 40(e)): relief for
/// entries before 12:01 a.m. ET 2026-09-29. 3004.90.92.15 from China with the
/// claim S232_PHARMA_IDENTIFIED_COMPANY, $20,000:
/// - 2026-09-28: 9903.04.61, no additional duty: 0.00 (9903.04.60 displaced).
/// - 2026-09-29: .61 has ended; 9903.04.60: 100% x 20,000 = 20,000.00.
#[test]
fn identified_company_relief_ends_2026_09_29() {
    let q = case("CN", "3004.90.92.15", "20000", "2026-09-28")
        .claim("S232_PHARMA_IDENTIFIED_COMPANY")
        .quote();
    amounts(&q, &[("section_232", "0")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.61"]);
    assert!(excluded(&q, "s232-pharma-60").contains("displaced by s232-pharma-61"));

    let q = case("CN", "3004.90.92.15", "20000", "2026-09-29")
        .claim("S232_PHARMA_IDENTIFIED_COMPANY")
        .quote();
    amounts(&q, &[("section_232", "20000.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.60"]);
}

/// Clinical trials and R&D (9903.04.70, HTS 2026 rev 20, effective
/// 2026-09-29): 3004.90.92.15 from China with the claim
/// S232_PHARMA_CLINICAL_RD, $20,000:
/// - 2026-09-28: heading .70 does not exist yet: 9903.04.60, 20,000.00.
/// - 2026-09-29: the .70 exemption removes 9903.04.60: 0.00.
#[test]
fn clinical_trials_free_from_2026_09_29() {
    let q = case("CN", "3004.90.92.15", "20000", "2026-09-28")
        .claim("S232_PHARMA_CLINICAL_RD")
        .quote();
    amounts(&q, &[("section_232", "20000.00")]);

    let q = case("CN", "3004.90.92.15", "20000", "2026-09-29")
        .claim("S232_PHARMA_CLINICAL_RD")
        .quote();
    amounts(&q, &[("section_232", "0")]);
    assert!(q.has("section_232_exemption"), "{q}");
    assert!(
        excluded(&q, "s232-pharma-60-from-2026-09-29").contains("(s232-pharma-70-from-2026-09-29)")
    );
}

/// Onshoring plan (9903.04.64, +20%) and onshoring plus MFN pricing
/// (9903.04.65, +0%), note 40(h)(i)-(ii); 3004.90.92.15 from India, $20,000 on
/// 2026-10-05:
/// - S232_PHARMA_ONSHORING: 20% x 20,000 = 4,000.00 instead of 100%.
/// - plus S232_PHARMA_MFN_PRICING: 9903.04.65, 0.00.
#[test]
fn onshoring_and_mfn_pricing_headings() {
    let q = case("IN", "3004.90.92.15", "20000", "2026-10-05")
        .claim("S232_PHARMA_ONSHORING")
        .quote();
    amounts(&q, &[("section_232", "4000.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.64"]);

    let q = case("IN", "3004.90.92.15", "20000", "2026-10-05")
        .claim("S232_PHARMA_ONSHORING")
        .claim("S232_PHARMA_MFN_PRICING")
        .quote();
    amounts(&q, &[("section_232", "0")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.04.65"]);
}

/// The note 40(c) list of rev 20 (effective 2026-09-29) names the statistical
/// numbers created on 2026-07-01 (HTS 2026 rev 11, 484(f)); the rev 14 list
/// still printed 12 numbers they had replaced. The same articles are reported
/// under the successor numbers from 2026-07-01 on, so from 2026-07-31 the
/// scope is both lists (docs/sources/s232_pharma_drones_s201_fees.md):
/// - 3004.20.00.42 (split from 3004.20.00.83 on 2026-07-01) from India,
///   $10,000, MFN Free: 2026-09-28 and 2026-09-29 under 9903.04.60, 100% of
///   10,000 - 0 = 10,000.00.
/// - 3004.90.92.25 (on the rev 14 list; renumbered 3004.90.92.26 on
///   2026-07-01, and the rev 20 list names .26): 2026-09-28 10,000.00;
///   2026-09-29 no 232 line (the number is in neither the rev 20 list nor
///   the HTS any more).
#[test]
fn list_change_of_2026_09_29() {
    for date in ["2026-08-03", "2026-09-28", "2026-09-29"] {
        let q = case("IN", "3004.20.00.42", "10000", date).quote();
        amounts(&q, &[("mfn", "0"), ("section_232", "10000.00")]);
        assert_eq!(headings_of(&q, "section_232"), ["9903.04.60"]);
    }

    let q = case("IN", "3004.90.92.25", "10000", "2026-09-28").quote();
    amounts(&q, &[("section_232", "10000.00")]);
    let q = case("IN", "3004.90.92.25", "10000", "2026-09-29").quote();
    assert!(!q.has("section_232"), "{q}");
}

// ------------------------------------------------------------------ Section 232 unmanned aircraft

/// A camera drone (8806.22.00.00, 250 g to 7 kg, note 43(c)(3)/(4)) from
/// China, $10,000 by air. Note 43 applies from 2026-09-03 (HTS 2026 rev 18,
/// PP 11055).
/// - 2026-09-02: MFN Free; Section 301 list 1 25% = 2,500.00; no 232.
/// - 2026-09-03, no thermal imaging (43(c)(4), 9903.08.22 +25%): 2,500.00.
/// - 2026-09-03 with thermal imaging (claim S232_UAS_THERMAL_IMAGING, 43(c)(3),
///   9903.08.21 +100%): 10,000.00.
#[test]
fn drone_from_china_before_and_from_2026_09_03() {
    let q = case("CN", "8806.22.00.00", "10000", "2026-09-02").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_301", "2500.00"),
            ("section_232", "0"),
        ],
    );

    let q = case("CN", "8806.22.00.00", "10000", "2026-09-03").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_301", "2500.00"),
            ("section_232", "2500.00"),
        ],
    );
    assert_eq!(headings_of(&q, "section_232"), ["9903.08.22"]);

    let q = case("CN", "8806.22.00.00", "10000", "2026-09-03")
        .claim("S232_UAS_THERMAL_IMAGING")
        .quote();
    amounts(&q, &[("section_232", "10000.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.08.21"]);
}

/// A drone from France on 2026-09-10, $10,000:
/// - with the critical-components claim (note 43(d), 9903.08.24): column 1
///   Free < 15%, total 15%: 1,500.00.
/// - without it: 9903.08.22, +25%: 2,500.00.
///
/// A UAS part (8807.30.00.60, 43(c)(2)) of the United Kingdom with the claim:
/// 9903.08.23, +10%: 1,000.00; the same part declared not for UAS use
/// (9903.08.20, claim S232_UAS_NOT_FOR_UAS): no 232 line.
#[test]
fn drone_partners_with_the_critical_components_test() {
    let q = case("FR", "8806.22.00.00", "10000", "2026-09-10")
        .claim("S232_UAS_CRITICAL_COMPONENTS")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_232", "1500.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.08.24"]);

    let q = case("FR", "8806.22.00.00", "10000", "2026-09-10").quote();
    amounts(&q, &[("section_232", "2500.00")]);

    let q = case("GB", "8807.30.00.60", "10000", "2026-09-10")
        .claim("S232_UAS_CRITICAL_COMPONENTS")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_232", "1000.00")]);
    assert_eq!(headings_of(&q, "section_232"), ["9903.08.23"]);

    let q = case("GB", "8807.30.00.60", "10000", "2026-09-10")
        .claim("S232_UAS_NOT_FOR_UAS")
        .quote();
    assert!(!q.has("section_232"), "{q}");
    assert!(q.has("section_232_exemption"), "{q}");
}

// ------------------------------------------------------------------ Section 201 quartz

/// A quartz slab (6810.99.00.20) from China, $10,000 (HTS 2026 rev 16, PP
/// 11051, note 41(b): cumulative with the chapter 68 rate, Free):
/// - 2026-08-14: no safeguard yet; Section 301 list 3 25% = 2,500.00.
/// - 2026-08-15 in quota (9903.45.30, 25%): 2,500.00.
/// - 2026-08-15 over quota (claim S201_QUARTZ_OVER_QUOTA, 9903.45.31, 50%):
///   5,000.00.
#[test]
fn quartz_slab_china_in_and_over_quota() {
    let q = case("CN", "6810.99.00.20", "10000", "2026-08-14").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_301", "2500.00"),
            ("section_201", "0"),
        ],
    );

    let q = case("CN", "6810.99.00.20", "10000", "2026-08-15").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_301", "2500.00"),
            ("section_201", "2500.00"),
        ],
    );
    assert_eq!(headings_of(&q, "section_201"), ["9903.45.30"]);

    let q = case("CN", "6810.99.00.20", "10000", "2026-08-15")
        .claim("S201_QUARTZ_OVER_QUOTA")
        .quote();
    amounts(&q, &[("section_201", "5000.00")]);
    assert_eq!(headings_of(&q, "section_201"), ["9903.45.31"]);
}

/// Countries of note 41(c) are not subject to the safeguard: Brazil (41(c)(iii)),
/// South Korea (41(c)(ii)), Kosovo (41(c)(iii), code XK) and Mexico (41(c)(i)):
/// a slab of $10,000 on 2026-08-15 has no Section 201 line. India is not
/// listed: 25% = 2,500.00.
#[test]
fn quartz_countries_of_note_41c_are_excluded() {
    for origin in ["BR", "KR", "XK", "MX"] {
        let q = case(origin, "6810.99.00.20", "10000", "2026-08-15").quote();
        assert!(!q.has("section_201"), "{origin}: {q}");
    }
    let q = case("IN", "6810.99.00.20", "10000", "2026-08-15").quote();
    amounts(&q, &[("section_201", "2500.00")]);
}

/// The steps of note 41(e): 23%/49% from 2027-08-15, 19%/47% in the year
/// 2029-08-15 to 2030-08-14, nothing from 2030-08-15. Other articles of glass
/// (7020.00.60.00, MFN 5%) are quartz surface products only with the claim
/// S201_QUARTZ_SURFACE_PRODUCT (note 41(a)). From India, $10,000:
/// - 6810.99.00.40 on 2027-08-15: in quota 23% = 2,300.00; over quota 49% =
///   4,900.00.
/// - 6810.99.00.40 on 2030-08-14: 19% = 1,900.00; on 2030-08-15: none.
/// - 7020.00.60.00 on 2026-09-01: MFN 5% = 500.00; no 201 without the claim;
///   with it 25% = 2,500.00.
#[test]
fn quartz_later_steps_and_glass_articles() {
    let q = case("IN", "6810.99.00.40", "10000", "2027-08-15").quote();
    amounts(&q, &[("section_201", "2300.00")]);
    let q = case("IN", "6810.99.00.40", "10000", "2027-08-15")
        .claim("S201_QUARTZ_OVER_QUOTA")
        .quote();
    amounts(&q, &[("section_201", "4900.00")]);
    let q = case("IN", "6810.99.00.40", "10000", "2030-08-14").quote();
    amounts(&q, &[("section_201", "1900.00")]);
    let q = case("IN", "6810.99.00.40", "10000", "2030-08-15").quote();
    assert!(!q.has("section_201"), "{q}");

    let q = case("IN", "7020.00.60.00", "10000", "2026-09-01").quote();
    amounts(&q, &[("mfn", "500.00"), ("section_201", "0")]);
    let q = case("IN", "7020.00.60.00", "10000", "2026-09-01")
        .claim("S201_QUARTZ_SURFACE_PRODUCT")
        .quote();
    amounts(&q, &[("mfn", "500.00"), ("section_201", "2500.00")]);
}

// ------------------------------------------------------------------ MPF FY2027

/// MPF on formal entries (19 CFR 24.23(b)(1), 0.3464%), a laptop
/// (8471.30.01, Free) from Japan by air:
/// - $5,000 on 2026-09-30 (FY2026): 0.3464% x 5,000 = 17.32 < 33.58: 33.58.
/// - $5,000 on 2026-10-01 (FY2027, FR Doc. 2026-15530): 17.32 < 34.58: 34.58.
/// - $1,000,000 on 2026-09-30: 3,464.00 > 651.50: 651.50.
/// - $1,000,000 on 2026-10-01: 3,464.00 > 670.86: 670.86.
/// - $100,000 on 2026-10-01: 346.40 (between the limits).
#[test]
fn mpf_formal_fy2026_and_fy2027() {
    let mpf = |value, date| case("JP", "8471.30.01.00", value, date).quote();
    amounts(&mpf("5000", "2026-09-30"), &[("mpf", "33.58")]);
    amounts(&mpf("5000", "2026-10-01"), &[("mpf", "34.58")]);
    amounts(&mpf("1000000", "2026-09-30"), &[("mpf", "651.50")]);
    amounts(&mpf("1000000", "2026-10-01"), &[("mpf", "670.86")]);
    amounts(&mpf("100000", "2026-10-01"), &[("mpf", "346.40")]);
}

/// MPF on informal entries (value $2,500 or less, 19 CFR 24.23(b)(2)(i),
/// class 311a): $2,000 by air: 2026-09-30 FY2026 $2.69; 2026-10-01 FY2027
/// $2.77. At exactly $2,500 the entry is informal: $2.77; at $2,500.01 formal:
/// 0.3464% x 2,500.01 = 8.66 < 34.58: 34.58.
#[test]
fn mpf_informal_fy2027() {
    let mpf = |value, date| case("JP", "8471.30.01.00", value, date).quote();
    amounts(&mpf("2000", "2026-09-30"), &[("mpf", "2.69")]);
    amounts(&mpf("2000", "2026-10-01"), &[("mpf", "2.77")]);
    amounts(&mpf("2500", "2026-10-01"), &[("mpf", "2.77")]);
    amounts(&mpf("2500.01", "2026-10-01"), &[("mpf", "34.58")]);
}

// ------------------------------------------------------------------ Nicaragua, wood, beef

/// Section 301 Nicaragua (9903.89.01, note 29(b)): cotton T-shirts
/// (6109.10.00.12, MFN 16.5%), $1,000:
/// - 2026-12-31: +0%: line 0.00; MFN 165.00.
/// - 2027-01-01: +10%: 100.00.
/// - 2028-01-01: +15%: 150.00.
/// - 2027-01-01 originating under CAFTA-DR (claim CAFTADR, special Free): no
///   Section 301 line, MFN 0.
#[test]
fn nicaragua_section_301_phase_in() {
    let q = case("NI", "6109.10.00.12", "1000", "2026-12-31").quote();
    amounts(&q, &[("mfn", "165.00"), ("section_301", "0")]);
    assert_eq!(headings_of(&q, "section_301"), ["9903.89.01"]);
    let q = case("NI", "6109.10.00.12", "1000", "2027-01-01").quote();
    amounts(&q, &[("mfn", "165.00"), ("section_301", "100.00")]);
    let q = case("NI", "6109.10.00.12", "1000", "2028-01-01").quote();
    amounts(&q, &[("section_301", "150.00")]);
    let q = case("NI", "6109.10.00.12", "1000", "2027-01-01")
        .claim("CAFTADR")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_301", "0")]);
    assert!(!q.has("section_301"), "{q}");
}

/// The deferred wood increases (reported [multi]; see docs): a kitchen cabinet
/// (9403.40.90.60, Free) from Vietnam, $10,000: 2026-12-31 9903.76.03 25% =
/// 2,500.00; 2027-01-01 50% = 5,000.00 (the 25% measure displaced).
#[test]
fn wood_cabinets_2027() {
    let q = case("VN", "9403.40.90.60", "10000", "2026-12-31").quote();
    amounts(&q, &[("section_232", "2500.00")]);
    let q = case("VN", "9403.40.90.60", "10000", "2027-01-01").quote();
    amounts(&q, &[("section_232", "5000.00")]);
    assert!(excluded(&q, "us-232-cabinets-from-2025-11-14")
        .contains("displaced by s232-wood-cabinets-2027"));
}

/// Beef trimmings TRQ 9903.54.02 (HTS 2026 rev 18, PP 11059, note 7(c)-(d)):
/// "No change" in every column; it adds 300,000 t to the in-quota quantity of
/// chapter 2 additional U.S. note 3, so an in-quota entry is classified in
/// 0201.30.50 and pays that line's rate. 5,000 kg of lean trimmings
/// (0201.30.50.97) from Uruguay, $30,000, on 2026-09-15: MFN 4.4¢/kg x 5,000
/// = 220.00, and no chapter 99 line of the quota.
#[test]
fn beef_trimmings_quota_is_the_in_quota_base_line() {
    let q = case("UY", "0201.30.50.97", "30000", "2026-09-15")
        .qty("kg", "5000")
        .quote();
    amounts(&q, &[("mfn", "220.00"), ("section_232", "0")]);
}
