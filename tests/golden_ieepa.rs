//! Golden cases for the IEEPA, Section 122, de minimis and fee data of the
//! builtin schedule (`data/us/ieepa_*.json`, `s122.json`, `de_minimis.json`,
//! `fees.json`, `groups.json`; sources in `docs/sources/ieepa.md`).
//!
//! Every case quotes through `tariffs::Schedule::builtin()` and states, in the
//! comment above it, the legal source and the hand computation. Amounts are
//! rounded per line to the cent, half away from zero.
//!
//! The MFN (column 1 general) rates used by hand come from the USITC HTS
//! exports in `hts/` of the shared data folder (the same text the builtin's
//! `data/us/hts_base.json` is generated from): 6109.10.00 16.5%, 6110.20.20
//! 16.5%, 4202.21.90 9%, 2903.12.00 3.7%, 2709.00.20 10.5¢/bbl, 0901.11.00
//! Free; USMCA (program S) Free for 6110.20.20. Section 301 on Chinese
//! T-shirts (6109.10.00, list 4A, heading 9903.88.15) is 7.5%
//! (`lists/s301_product_lists.csv` of the shared data folder); it comes from the Section
//! 301 data and is included in the totals as computed by hand.
//!
//! Fees: MPF formal 0.3464% (FY2025 min $32.71 max $634.62; FY2026 from
//! 2025-10-01 min $33.58 max $651.50), MPF informal (value <= $2,500) $2.62 /
//! $2.69 flat, HMF 0.125% on ocean entries.

mod common;

use common::*;
use tariffs::Schedule;

const IEEPA: [&str; 5] = [
    "ieepa_fentanyl",
    "ieepa_reciprocal",
    "ieepa_brazil",
    "ieepa_russia_oil",
    "ieepa_postal",
];

// ------------------------------------------------------------------ the data itself

/// Every IEEPA measure ends with the end of IEEPA collection (CSMS 67834313:
/// no IEEPA duties on entries from 12:00 a.m. EST Feb. 24, 2026), the Section
/// 122 surcharge ends after its 150 statutory days (19 U.S.C. 2132(b)), and
/// every measure, exemption and fee cites a source.
#[test]
fn ieepa_measures_end_on_2026_02_24_and_all_cite_sources() {
    let s = Schedule::builtin();
    let us = s
        .data()
        .importers
        .iter()
        .find(|i| i.country.as_str() == "US")
        .expect("a US importer");
    let end: tariffs::Date = "2026-02-24".parse().unwrap();
    let mut n = 0;
    for m in &us.measures {
        assert!(!m.source.trim().is_empty(), "{} cites no source", m.id);
        if m.authority.starts_with("ieepa_") {
            n += 1;
            let until = m
                .until
                .unwrap_or_else(|| panic!("{} has no end date", m.id));
            assert!(until <= end, "{} runs to {until}", m.id);
        }
        if m.authority == "section_122" {
            assert_eq!(
                m.until.map(|u| u.to_string()).as_deref(),
                Some("2026-07-24"),
                "{}",
                m.id
            );
        }
    }
    assert!(n > 100, "only {n} IEEPA measures");
    for x in &us.exemptions {
        assert!(!x.source.trim().is_empty(), "{} cites no source", x.id);
    }
    for f in &us.fees {
        assert!(!f.source.trim().is_empty(), "{} cites no source", f.id);
    }
    // The group the other data files use.
    assert_eq!(s.data().groups["EU27"].len(), 27);
}

// ------------------------------------------------------------------ the $54 Chinese T-shirt parcel

/// $54 cotton T-shirt (6109.10.00.12) from China by express on 2025-05-01: de
/// minimis (19 U.S.C. 1321(a)(2)(C), $800) still applies to China until May 2
/// (EO 14256): no duty, no fee.
#[test]
fn cn_parcel_express_2025_05_01_is_de_minimis() {
    let q = case("CN", "6109.10.00.12", "54", "2025-05-01", "express").quote();
    assert!(q.has("de_minimis"), "{q}");
    totals(&q, "0", "0", "0");
    assert!(excluded(&q, "mfn").contains("(de-minimis)"));
    assert!(excluded(&q, "cn-fentanyl-20").contains("(de-minimis)"));
    assert!(excluded(&q, "recip-cn-125").contains("(de-minimis)"));
    assert!(excluded(&q, "mpf-informal-fy2025").contains("(de-minimis)"));
}

/// The same parcel by express on 2025-05-02: de minimis is suspended for CN/HK
/// (EO 14256 sec. 2, 12:01 a.m. EDT May 2, 2025), so an informal entry pays:
///   MFN 16.5% x 54              =  8.91
///   fentanyl 9903.01.24 20%     = 10.80   (EO 14228)
///   reciprocal 9903.01.63 125%  = 67.50   (EO 14266, Apr 10 - May 13)
///   Section 301 list 4A 7.5%    =  4.05
///   duty 91.26; MPF informal FY2025 $2.62; total 93.88.
#[test]
fn cn_parcel_express_2025_05_02_pays_everything() {
    let q = case("CN", "6109.10.00.12", "54", "2025-05-02", "express").quote();
    amounts(
        &q,
        &[
            ("mfn", "8.91"),
            ("ieepa_fentanyl", "10.80"),
            ("ieepa_reciprocal", "67.50"),
            ("section_301", "4.05"),
            ("mpf", "2.62"),
            ("hmf", "0"),
        ],
    );
    assert_eq!(heading_of(&q, "ieepa_reciprocal"), "9903.01.63");
    totals(&q, "91.26", "2.62", "93.88");
    assert!(excluded(&q, "de-minimis").starts_with("suspended for goods of CN from 2025-05-02"));
    assert!(excluded(&q, "recip-baseline").contains("displaced by recip-cn-125"));
}

/// The same parcel by post on 2025-05-02: the EO 14256 postal duty (120% as
/// amended by EO 14266, ad valorem method) is collected by the carrier in lieu
/// of the other duties (U.S. note 2(w) carves postal items out of 9903.01.24
/// and 9903.01.63); no entry, no fee: 120% x 54 = 64.80.
#[test]
fn cn_parcel_postal_2025_05_02_pays_the_120_percent_postal_duty() {
    let q = case("CN", "6109.10.00.12", "54", "2025-05-02", "postal").quote();
    amounts(
        &q,
        &[
            ("ieepa_postal", "64.80"),
            ("mfn", "0"),
            ("ieepa_fentanyl", "0"),
            ("section_301", "0"),
        ],
    );
    totals(&q, "64.80", "0", "64.80");
    assert!(excluded(&q, "mfn").contains("(postal-cn-2025)"));
}

/// By post with the carrier's per-item method (claim POSTAL_SPECIFIC, one
/// postal item): $100 per item (EO 14266; the $200 step of June 1 never took
/// effect, EO 14298).
#[test]
fn cn_parcel_postal_specific_2025_05_02_pays_100_per_item() {
    let q = case("CN", "6109.10.00.12", "54", "2025-05-02", "postal")
        .claim("POSTAL_SPECIFIC")
        .qty("no", "1")
        .quote();
    amounts(&q, &[("ieepa_postal", "100.00")]);
    totals(&q, "100.00", "0", "100.00");
    assert!(excluded(&q, "cn-postal-120").contains("POSTAL_SPECIFIC"));
}

/// By post on 2025-05-14: EO 14298 (Geneva) lowers the ad valorem postal
/// duty to 54%: 54% x 54 = 29.16.
#[test]
fn cn_parcel_postal_2025_05_14_pays_54_percent() {
    let q = case("CN", "6109.10.00.12", "54", "2025-05-14", "postal").quote();
    amounts(&q, &[("ieepa_postal", "29.16")]);
    totals(&q, "29.16", "0", "29.16");
}

/// $54 parcel by express on 2025-02-05: EO 14195 sec. 2(g) withdrew de minimis
/// for China from Feb 4; ACE resumed it on Feb 7 (EO 14200, CSMS 64082249):
///   MFN 8.91 + fentanyl 9903.01.20 10% 5.40 + 301 4.05 = 18.36; MPF 2.62.
#[test]
fn cn_parcel_express_2025_02_05_has_no_de_minimis() {
    let q = case("CN", "6109.10.00.12", "54", "2025-02-05", "express").quote();
    amounts(
        &q,
        &[
            ("mfn", "8.91"),
            ("ieepa_fentanyl", "5.40"),
            ("ieepa_reciprocal", "0"),
        ],
    );
    assert_eq!(heading_of(&q, "ieepa_fentanyl"), "9903.01.20");
    totals(&q, "18.36", "2.62", "20.98");
    assert!(excluded(&q, "de-minimis").contains("until 2025-02-07"));
}

// ------------------------------------------------------------------ Chinese T-shirts, formal entries

/// $10,000 of T-shirts from China by ocean on 2025-04-15:
///   MFN 1,650 + fentanyl 20% 2,000 + reciprocal 125% 12,500 + 301 750 = 16,900
///   MPF 0.3464% = 34.64 (FY2025, between min and max); HMF 0.125% = 12.50.
#[test]
fn cn_tshirts_2025_04_15() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-04-15", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("ieepa_fentanyl", "2000.00"),
            ("ieepa_reciprocal", "12500.00"),
            ("section_301", "750.00"),
            ("mpf", "34.64"),
            ("hmf", "12.50"),
        ],
    );
    totals(&q, "16900.00", "47.14", "16947.14");
}

/// The same entry, goods loaded on 2025-04-01: the in-transit exception of
/// 9903.01.28 (loaded before Apr 5, entered before May 27, 2025; EO 14257
/// sec. 3(c)) removes every reciprocal duty: 1,650 + 2,000 + 750 = 4,400.
#[test]
fn cn_tshirts_2025_04_15_in_transit_since_april_1() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-04-15", "ocean")
        .loaded("2025-04-01")
        .quote();
    amounts(
        &q,
        &[("ieepa_reciprocal", "0"), ("ieepa_fentanyl", "2000.00")],
    );
    assert!(q.has("in_transit"));
    assert!(excluded(&q, "recip-cn-125").contains("(intransit-recip-2025-04-05)"));
    totals(&q, "4400.00", "47.14", "4447.14");
}

/// On 2025-04-09 the China rate was 84% (EO 14259 raised the Annex I 34%
/// before it took effect): 1,650 + 2,000 + 8,400 + 750 = 12,800.
#[test]
fn cn_tshirts_2025_04_09_pay_84_percent() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-04-09", "ocean").quote();
    amounts(&q, &[("ieepa_reciprocal", "8400.00")]);
    totals(&q, "12800.00", "47.14", "12847.14");
}

/// On 2025-05-20 (after Geneva, EO 14298 from May 14): China pays the 10%
/// baseline of 9903.01.25: 1,650 + 2,000 + 1,000 + 750 = 5,400.
#[test]
fn cn_tshirts_2025_05_20_pay_the_baseline() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-05-20", "ocean").quote();
    amounts(
        &q,
        &[
            ("ieepa_reciprocal", "1000.00"),
            ("ieepa_fentanyl", "2000.00"),
        ],
    );
    assert_eq!(heading_of(&q, "ieepa_reciprocal"), "9903.01.25");
    totals(&q, "5400.00", "47.14", "5447.14");
}

/// On 2025-12-01: the fentanyl duty is 10% again from Nov 10 (EO 14357) and the
/// reciprocal stays at 10% (EO 14358): 1,650 + 1,000 + 1,000 + 750 = 4,400;
/// MPF FY2026 0.3464% = 34.64 (above the new $33.58 minimum); HMF 12.50.
#[test]
fn cn_tshirts_2025_12_01() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-12-01", "ocean").quote();
    amounts(
        &q,
        &[
            ("ieepa_fentanyl", "1000.00"),
            ("ieepa_reciprocal", "1000.00"),
            ("mpf", "34.64"),
        ],
    );
    totals(&q, "4400.00", "47.14", "4447.14");
}

/// On 2026-03-02 the IEEPA duties are gone (Learning Resources v. Trump, Feb 20,
/// 2026; CSMS 67834313) and the Section 122 surcharge (9903.03.01, 10%,
/// Proclamation of Feb 20, 2026) applies instead:
///   MFN 1,650 + 301 750 + s122 1,000 = 3,400; fees 47.14.
#[test]
fn cn_tshirts_2026_03_02_section_122_instead_of_ieepa() {
    let q = case("CN", "6109.10.00.12", "10000", "2026-03-02", "ocean").quote();
    for a in IEEPA {
        assert!(!q.has(a), "{a} in\n{q}");
        assert!(
            !q.excluded.iter().any(|x| &*x.authority == a),
            "{a} considered in\n{q}"
        );
    }
    amounts(
        &q,
        &[
            ("section_122", "1000.00"),
            ("section_301", "750.00"),
            ("mfn", "1650.00"),
        ],
    );
    assert_eq!(heading_of(&q, "section_122"), "9903.03.01");
    totals(&q, "3400.00", "47.14", "3447.14");
}

// ------------------------------------------------------------------ Canada and Mexico

/// $10,000 of cotton sweaters (6110.20.20.10) from Mexico by truck on
/// 2025-04-01, no USMCA claim: MFN 16.5% 1,650 + fentanyl 9903.01.01 25%
/// 2,500 (EO 14194) = 4,150; Mexico pays no reciprocal duty (9903.01.27);
/// MPF 34.64; no HMF (truck).
#[test]
fn mx_sweaters_without_usmca_claim() {
    let q = case("MX", "6110.20.20.10", "10000", "2025-04-01", "truck").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("ieepa_fentanyl", "2500.00"),
            ("mpf", "34.64"),
            ("hmf", "0"),
        ],
    );
    assert!(!q.has("ieepa_reciprocal"));
    totals(&q, "4150.00", "34.64", "4184.64");
}

/// The same with a USMCA claim: the special rate S is Free, the IEEPA duty is
/// removed (9903.01.04, EO 14232 from Mar 7, 2025) and originating goods pay no
/// MPF (19 CFR 24.23(c)(3)): total 0.
#[test]
fn mx_sweaters_with_usmca_claim() {
    let q = case("MX", "6110.20.20.10", "10000", "2025-04-01", "truck")
        .claim("USMCA")
        .quote();
    assert!(excluded(&q, "mx-fentanyl-25").contains("(usmca-fentanyl)"));
    assert!(excluded(&q, "mpf-formal-fy2025").contains("(mpf-usmca)"));
    totals(&q, "0", "0", "0");
}

/// Canadian sweaters with a USMCA claim on 2025-03-05: the USMCA exception
/// only starts on Mar 7 (EO 14231), so the 25% of 9903.01.10 (from Mar 4)
/// applies: MFN Free (S) + 2,500; MPF exempt: total 2,500.
#[test]
fn ca_sweaters_usmca_claim_before_march_7() {
    let q = case("CA", "6110.20.20.10", "10000", "2025-03-05", "truck")
        .claim("USMCA")
        .quote();
    amounts(
        &q,
        &[("mfn", "0"), ("ieepa_fentanyl", "2500.00"), ("mpf", "0")],
    );
    totals(&q, "2500.00", "0", "2500.00");
}

/// Canadian sweaters without a claim on 2025-08-15: 35% from Aug 1 (EO 14325):
/// 1,650 + 3,500 = 5,150; MPF 34.64.
#[test]
fn ca_sweaters_2025_08_15_pay_35_percent() {
    let q = case("CA", "6110.20.20.10", "10000", "2025-08-15", "truck").quote();
    amounts(&q, &[("ieepa_fentanyl", "3500.00")]);
    assert_eq!(heading_of(&q, "ieepa_fentanyl"), "9903.01.10");
    totals(&q, "5150.00", "34.64", "5184.64");
}

/// Canadian crude oil (2709.00.20.90), 1,000 bbl worth $60,000 by rail on
/// 2025-04-01, no claim: energy pays the reduced 10% of 9903.01.13:
///   MFN 10.5¢/bbl x 1,000 = 105.00; IEEPA 10% = 6,000.00; MPF 0.3464% = 207.84.
#[test]
fn ca_crude_oil_pays_the_energy_rate() {
    let q = case("CA", "2709.00.20.90", "60000", "2025-04-01", "rail")
        .qty("bbl", "1000")
        .quote();
    amounts(
        &q,
        &[
            ("mfn", "105.00"),
            ("ieepa_fentanyl", "6000.00"),
            ("mpf", "207.84"),
        ],
    );
    assert_eq!(heading_of(&q, "ieepa_fentanyl"), "9903.01.13");
    totals(&q, "6105.00", "207.84", "6312.84");
}

// ------------------------------------------------------------------ Annex II, Vietnam

/// Dichloromethane (2903.12.00.00) from Vietnam, $20,000 by ocean on
/// 2025-09-10: listed in Annex II of EO 14257 (9903.01.32), so no reciprocal
/// duty: MFN 3.7% 740.00; MPF 69.28; HMF 25.00.
#[test]
fn vn_annex_ii_product_pays_no_reciprocal_duty() {
    let q = case("VN", "2903.12.00.00", "20000", "2025-09-10", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "740.00"),
            ("ieepa_reciprocal", "0"),
            ("mpf", "69.28"),
            ("hmf", "25.00"),
        ],
    );
    assert!(excluded(&q, "recip-vn").contains("(annex-ii)"));
    totals(&q, "740.00", "94.28", "834.28");
}

/// $54 T-shirt parcel from Vietnam by express on 2025-08-28: still de minimis.
#[test]
fn vn_parcel_express_2025_08_28_is_de_minimis() {
    let q = case("VN", "6109.10.00.12", "54", "2025-08-28", "express").quote();
    assert!(q.has("de_minimis"));
    totals(&q, "0", "0", "0");
}

/// On 2025-08-29 de minimis is suspended for all countries (EO 14324): an
/// informal entry pays MFN 8.91 + reciprocal 20% (9903.02.69) 10.80 = 19.71 and
/// MPF $2.62.
#[test]
fn vn_parcel_express_2025_08_29_pays_duty() {
    let q = case("VN", "6109.10.00.12", "54", "2025-08-29", "express").quote();
    amounts(
        &q,
        &[
            ("mfn", "8.91"),
            ("ieepa_reciprocal", "10.80"),
            ("mpf", "2.62"),
        ],
    );
    assert!(excluded(&q, "de-minimis").starts_with("suspended for goods of VN from 2025-08-29"));
    totals(&q, "19.71", "2.62", "22.33");
}

/// By post on 2025-08-29: the carrier pays the origin's IEEPA rate on the value
/// (EO 14324 sec. 3(a), ad valorem method): 20% x 54 = 10.80, nothing else.
#[test]
fn vn_parcel_postal_2025_08_29_pays_the_ieepa_rate_only() {
    let q = case("VN", "6109.10.00.12", "54", "2025-08-29", "postal").quote();
    amounts(
        &q,
        &[("ieepa_reciprocal", "10.80"), ("mfn", "0"), ("mpf", "0")],
    );
    assert!(excluded(&q, "mfn").contains("(postal-ieepa-2025)"));
    totals(&q, "10.80", "0", "10.80");
}

/// By post with the specific method (EO 14324 sec. 3(b)): Vietnam's IEEPA rate
/// is 20% (16-25%), so $160 per postal item.
#[test]
fn vn_parcel_postal_specific_2025_08_29_pays_160() {
    let q = case("VN", "6109.10.00.12", "54", "2025-08-29", "postal")
        .claim("POSTAL_SPECIFIC")
        .qty("no", "1")
        .quote();
    amounts(&q, &[("ieepa_postal", "160.00"), ("ieepa_reciprocal", "0")]);
    totals(&q, "160.00", "0", "160.00");
}

// ------------------------------------------------------------------ 15% all-in floors

/// Leather handbag (4202.21.90.00, MFN 9%) from Germany, $10,000 by air on
/// 2025-09-10: the EU all-in 15% (EO 14326 Annex I, 9903.02.20) adds 15% - 9%:
///   MFN 900.00 + reciprocal 600.00 = 1,500.00; MPF 34.64.
#[test]
fn eu_good_below_15_percent_is_raised_to_15() {
    let q = case("DE", "4202.21.90.00", "10000", "2025-09-10", "air").quote();
    amounts(&q, &[("mfn", "900.00"), ("ieepa_reciprocal", "600.00")]);
    assert_eq!(heading_of(&q, "ieepa_reciprocal"), "9903.02.20");
    totals(&q, "1500.00", "34.64", "1534.64");
}

/// A German T-shirt (MFN 16.5% >= 15%) on the same day: no additional duty
/// (9903.02.19): MFN 1,650.00 + 0.00.
#[test]
fn eu_good_at_or_above_15_percent_pays_mfn_only() {
    let q = case("DE", "6109.10.00.12", "10000", "2025-09-10", "air").quote();
    amounts(&q, &[("mfn", "1650.00"), ("ieepa_reciprocal", "0")]);
    assert!(excluded(&q, "recip-baseline").contains("displaced by recip-floor-eu"));
    totals(&q, "1650.00", "34.64", "1684.64");
}

/// The handbag on 2025-08-01, before EO 14326 took effect: the 10% baseline:
/// 900 + 1,000 = 1,900.
#[test]
fn eu_good_before_august_7_pays_the_baseline() {
    let q = case("DE", "4202.21.90.00", "10000", "2025-08-01", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "1000.00")]);
    totals(&q, "1900.00", "34.64", "1934.64");
}

/// Japan: EO 14345 applies the 15% all-in rule retroactively from Aug 7, 2025
/// (9903.02.73): the handbag from Japan on 2025-08-20 pays 900 + 600.
#[test]
fn japan_floor_from_august_7() {
    let q = case("JP", "4202.21.90.00", "10000", "2025-08-20", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "600.00")]);
    totals(&q, "1500.00", "34.64", "1534.64");
}

/// Korea: +15% (9903.02.56) until Nov 13, 2025, the 15% all-in floor
/// (9903.02.80, 90 FR 55964) from Nov 14: 900 + 1,500 = 2,400, then 900 + 600.
#[test]
fn korea_additive_then_floor() {
    let q = case("KR", "4202.21.90.00", "10000", "2025-11-13", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "1500.00")]);
    totals(&q, "2400.00", "34.64", "2434.64");
    let q = case("KR", "4202.21.90.00", "10000", "2025-11-14", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "600.00")]);
    assert_eq!(heading_of(&q, "ieepa_reciprocal"), "9903.02.80");
    totals(&q, "1500.00", "34.64", "1534.64");
}

/// Switzerland: 39% (9903.02.58) until Nov 13, 2025; 15% all-in from Nov 14
/// (90 FR 59281): 900 + 3,900 = 4,800, then 900 + 600 = 1,500.
#[test]
fn switzerland_39_percent_then_floor() {
    let q = case("CH", "4202.21.90.00", "10000", "2025-11-13", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "3900.00")]);
    let q = case("CH", "4202.21.90.00", "10000", "2025-11-14", "air").quote();
    amounts(&q, &[("ieepa_reciprocal", "600.00")]);
}

// ------------------------------------------------------------------ Brazil and India

/// Coffee (0901.11.00.25, Free) from Brazil, $10,000 by ocean on 2025-09-10:
/// reciprocal 10% (9903.02.09) + Brazil 40% (9903.01.77, EO 14323) = 5,000.
#[test]
fn brazil_coffee_2025_09_10() {
    let q = case("BR", "0901.11.00.25", "10000", "2025-09-10", "ocean").quote();
    amounts(
        &q,
        &[("ieepa_reciprocal", "1000.00"), ("ieepa_brazil", "4000.00")],
    );
    totals(&q, "5000.00", "47.14", "5047.14");
}

/// The same on 2025-12-01: coffee joined Annex II (EO 14360, from Nov 13) and
/// left the Brazil 40% (9903.01.90, from Nov 13): no duty; fees 47.14.
#[test]
fn brazil_coffee_2025_12_01_is_exempt() {
    let q = case("BR", "0901.11.00.25", "10000", "2025-12-01", "ocean").quote();
    assert!(excluded(&q, "brazil-40").contains("(brazil-40-ag-2025-11)"));
    assert!(excluded(&q, "recip-br").contains("(annex-ii-ag-2025-11)"));
    totals(&q, "0", "47.14", "47.14");
}

/// Indian T-shirts, $10,000 by ocean on 2025-09-10: reciprocal 25%
/// (9903.02.26) + Russia-oil 25% (9903.01.84, EO 14329 from Aug 27):
///   1,650 + 2,500 + 2,500 = 6,650.
#[test]
fn india_2025_09_10_pays_both_25_percent_duties() {
    let q = case("IN", "6109.10.00.12", "10000", "2025-09-10", "ocean").quote();
    amounts(
        &q,
        &[
            ("ieepa_reciprocal", "2500.00"),
            ("ieepa_russia_oil", "2500.00"),
        ],
    );
    totals(&q, "6650.00", "47.14", "6697.14");
}

/// On 2026-02-10 the Russia-oil duty is gone (EO of Feb 6, 2026, from Feb 7):
/// 1,650 + 2,500 = 4,150.
#[test]
fn india_2026_02_10_russia_oil_duty_ended() {
    let q = case("IN", "6109.10.00.12", "10000", "2026-02-10", "ocean").quote();
    amounts(
        &q,
        &[("ieepa_russia_oil", "0"), ("ieepa_reciprocal", "2500.00")],
    );
    totals(&q, "4150.00", "47.14", "4197.14");
}

// ------------------------------------------------------------------ Section 122

/// Section 122 in-transit exception (9903.03.02): loaded before Feb 24, 2026
/// and entered before Feb 28: a Vietnamese T-shirt entry of 2026-02-25 loaded
/// on Feb 20 pays MFN 1,650 only.
#[test]
fn s122_in_transit_exception() {
    let q = case("VN", "6109.10.00.12", "10000", "2026-02-25", "ocean")
        .loaded("2026-02-20")
        .quote();
    assert!(excluded(&q, "s122-10").contains("(intransit-s122)"));
    totals(&q, "1650.00", "47.14", "1697.14");
}

/// After the 150 days (no extension found; the surcharge ran through 12:01
/// a.m. EDT July 24, 2026; compiler's note to U.S. note 2(aa) in HTS 2026
/// rev. 20: expired at the close of July 23, 2026): a Vietnamese T-shirt
/// entry of 2026-08-03 pays no Section 122 surcharge. It pays MFN 1,650 and,
/// from July 24, 2026, the Section 301 forced-labor duty of 9903.05.84
/// (+12.5%, U.S. note 52, HTS 2026 rev. 13; data/us/s301_forced_labor.json):
/// 1,250; duty 2,900.
#[test]
fn after_section_122_expiry_no_surcharge() {
    let q = case("VN", "6109.10.00.12", "10000", "2026-08-03", "ocean").quote();
    for a in IEEPA.iter().chain(["section_122"].iter()) {
        assert!(!q.has(a), "{a} in\n{q}");
    }
    amounts(
        &q,
        &[("mfn", "1650.00"), ("section_301_forced_labor", "1250.00")],
    );
    totals(&q, "2900.00", "47.14", "2947.14");
}

// ------------------------------------------------------------------ MPF and HMF

/// MPF at its minimum on both sides of Oct 1, 2025: $5,000 of dichloromethane
/// (Annex II, no reciprocal) from Vietnam by air: 0.3464% = 17.32 < minimum:
///   2025-09-30: MFN 185.00 + MPF 32.71 (FY2025);
///   2025-10-01: MFN 185.00 + MPF 33.58 (FY2026, CBP Dec. 25-10).
#[test]
fn mpf_minimum_fy2025_and_fy2026() {
    let q = case("VN", "2903.12.00.00", "5000", "2025-09-30", "air").quote();
    amounts(&q, &[("mfn", "185.00"), ("mpf", "32.71")]);
    totals(&q, "185.00", "32.71", "217.71");
    let q = case("VN", "2903.12.00.00", "5000", "2025-10-01", "air").quote();
    amounts(&q, &[("mpf", "33.58")]);
    totals(&q, "185.00", "33.58", "218.58");
}

/// MPF at its maximum: $250,000: 0.3464% = 866.00 > maximum:
///   2025-09-30: MFN 9,250.00 + MPF 634.62; 2025-10-01: MPF 651.50.
#[test]
fn mpf_maximum_fy2025_and_fy2026() {
    let q = case("VN", "2903.12.00.00", "250000", "2025-09-30", "air").quote();
    amounts(&q, &[("mfn", "9250.00"), ("mpf", "634.62")]);
    totals(&q, "9250.00", "634.62", "9884.62");
    let q = case("VN", "2903.12.00.00", "250000", "2025-10-01", "air").quote();
    amounts(&q, &[("mpf", "651.50")]);
    totals(&q, "9250.00", "651.50", "9901.50");
}

/// HMF (26 U.S.C. 4461, 0.125%) only on ocean entries: the $250,000 entry of
/// 2025-10-01 by ocean pays HMF 312.50 (fees 651.50 + 312.50 = 964.00); by air
/// it pays none and the quote says why.
#[test]
fn hmf_only_on_ocean() {
    let q = case("VN", "2903.12.00.00", "250000", "2025-10-01", "ocean").quote();
    amounts(&q, &[("hmf", "312.50")]);
    totals(&q, "9250.00", "964.00", "10214.00");
    let q = case("VN", "2903.12.00.00", "250000", "2025-10-01", "air").quote();
    amounts(&q, &[("hmf", "0")]);
    assert!(excluded(&q, "hmf").contains("applies only to ocean entries"));
}

/// An informal entry ($2,000, value <= $2,500) pays the flat informal MPF:
/// $2.62 in FY2025, $2.69 from Oct 1, 2025 (CBP Dec. 25-10). MFN 3.7% = 74.00.
#[test]
fn informal_mpf_fy2025_and_fy2026() {
    let q = case("VN", "2903.12.00.00", "2000", "2025-09-30", "air").quote();
    amounts(&q, &[("mpf", "2.62"), ("mfn", "74.00")]);
    let q = case("VN", "2903.12.00.00", "2000", "2025-10-01", "air").quote();
    amounts(&q, &[("mpf", "2.69")]);
}

// ------------------------------------------------------------------ statutory exceptions

/// Donations (50 U.S.C. 1702(b)(2); 9903.01.21 for China): Chinese T-shirts
/// donated on 2025-05-20 pay MFN 1,650 and Section 301 750 only.
#[test]
fn donations_are_outside_the_ieepa_duties() {
    let q = case("CN", "6109.10.00.12", "10000", "2025-05-20", "ocean")
        .claim("DONATION")
        .quote();
    amounts(&q, &[("ieepa_fentanyl", "0"), ("ieepa_reciprocal", "0")]);
    assert!(excluded(&q, "cn-fentanyl-20").contains("(ieepa-donations)"));
    totals(&q, "2400.00", "47.14", "2447.14");
}
