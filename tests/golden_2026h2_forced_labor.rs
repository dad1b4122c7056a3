//! Golden cases for the Section 301 forced-labor action on 60 economies
//! (`data/us/s301_forced_labor.json`; sources in
//! `docs/sources/s301_forced_labor.md`) and for the end of the Section 122
//! surcharge it replaced.
//!
//! Legal source of every case: HTS 2026 rev. 13 (headings 9903.05.20-9903.06.21
//! and U.S. note 52 to subchapter III of chapter 99, effective 12:01 a.m. EDT
//! July 24, 2026; USTR notice 91 FR 47318), note 52(f) as amended by rev. 14,
//! unchanged through rev. 21. Every case quotes through
//! `tariffs::Schedule::builtin()` and states the hand computation in its
//! comment. Amounts are rounded per line to the cent, half away from zero.
//!
//! The MFN rates used by hand are the base lines of `data/us/hts_base.json`
//! (USITC exports in `hts/` of the shared data folder; every line below is the "2025 basic"
//! line, unchanged through 2026 rev. 10): 6109.10.00 16.5% (column 2 90%,
//! special Free for KR, JO, P ...), 6110.20.20 16.5% (special Free for S),
//! 4202.21.90 9% (special Free for KR), 6403.99.90 10%, 5208.31.80 12.5%,
//! 2204.21.50 6.3¢/liter, 7208.51.00 Free, 0901.11.00 Free, 1211.90.89 Free,
//! 7601.10.60 Free (column 2 11%). Section 301 China list 4A (9903.88.15) on
//! 6109.10.00 is 7.5% (`data/us/s301_china.json`).
//!
//! Fees (only on dates before 2026-10-01, FY2026): MPF formal 0.3464%, min
//! $33.58, max $651.50 (so 34.64 on $10,000); HMF 0.125% on ocean entries
//! (12.50 on $10,000). USMCA, KORUS and CAFTA-DR claims remove the MPF
//! (`data/us/fees.json`). Cases dated 2026-10-01 or later assert duties only.

mod common;

use common::*;
use tariffs::Schedule;

const FL: &str = "section_301_forced_labor";

// ------------------------------------------------------------------ the data itself

/// The charging headings 9903.05.20-.84 cover 60 economies (the EU counted
/// once): 55 headings with an additive rate and 5 floor pairs (EU, JP, KR,
/// CH, TW), each one measure. All start on 2026-07-24, none has an end date
/// (none is known), all cite a source, and the Section 232 goods that
/// displace them are named by heading, only headings of note 52(f): no
/// blanket `authority:section_232` (the patented pharmaceuticals of
/// 9903.04.60-.66 are among them by note 52(f)(8), but not the generics
/// and other headings 9903.04.67-.70), and neither the drone headings
/// 9903.08.20-.26 (note 43) nor the Russian aluminum headings 9903.85.67/.68,
/// which note 52(f) does not name.
#[test]
fn forced_labor_measures_cover_60_economies_from_2026_07_24() {
    let s = Schedule::builtin();
    let us = s
        .data()
        .importers
        .iter()
        .find(|i| i.country.as_str() == "US")
        .expect("a US importer");
    let ms: Vec<_> = us.measures.iter().filter(|m| m.authority == FL).collect();
    assert_eq!(ms.len(), 60);
    assert_eq!(ms.iter().filter(|m| m.floor.is_some()).count(), 5);
    let from: tariffs::Date = "2026-07-24".parse().unwrap();
    for m in &ms {
        assert_eq!(m.from, from, "{}", m.id);
        assert!(m.until.is_none(), "{}", m.id);
        assert!(!m.source.trim().is_empty(), "{}", m.id);
        assert!(m.id.starts_with("s301fl-"), "{}", m.id);
        let h = m.heading.as_deref().unwrap_or_default();
        assert!(("9903.05.20"..="9903.05.84").contains(&h), "{}: {h}", m.id);
        assert!(!m.superseded_by.is_empty(), "{}", m.id);
        for sel in &m.superseded_by {
            let h = sel
                .strip_prefix("heading:")
                .unwrap_or_else(|| panic!("{}: selector {sel} is not a heading", m.id));
            assert!(
                h.starts_with("9903.82.")
                    || h.starts_with("9903.94.")
                    || h.starts_with("9903.76.")
                    || h.starts_with("9903.74.")
                    || h == "9903.79.01"
                    // (f)(8): patented pharmaceuticals, from 2026-07-31 (rev. 14).
                    || ("9903.04.60"..="9903.04.66").contains(&h),
                "{}: {sel} is not a heading of note 52(f)",
                m.id
            );
        }
    }
    assert_eq!(s.data().groups["S301FL_ECONOMIES"].len(), 55 + 27 + 4);
    for x in us.exemptions.iter().filter(|x| x.id.starts_with("s301fl-")) {
        assert!(!x.source.trim().is_empty(), "{}", x.id);
        assert_eq!(x.from, from, "{}", x.id);
    }
}

// ------------------------------------------------------------------ China, Vietnam and the end of Section 122

/// $10,000 of Chinese cotton T-shirts (6109.10.00.12) in a container entered
/// on 2026-11-30 (this week): MFN 16.5% 1,650.00 + Section 301 list 4A
/// (9903.88.15) 7.5% 750.00 + forced labor 9903.05.31 +12.5% 1,250.00 =
/// 3,650.00. The forced-labor duty stacks on the China Section 301 duty (note
/// 52(a): "also subject to any additional duty provided for in this
/// subchapter"). Fees are FY2027 on this date: duty only.
#[test]
fn cn_tshirts_container_2026_11_30() {
    let q = case("CN", "6109.10.00.12", "10000", "2026-11-30", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("section_301", "750.00"),
            (FL, "1250.00"),
            ("section_122", "0"),
        ],
    );
    assert_eq!(heading_of(&q, FL), "9903.05.31");
    assert_eq!(q.duty, d("3650.00"), "{q}");
}

/// The last day of Section 122 (U.S. note 2(aa) and 9903.03.01-.11 "expired
/// at the close of July 23, 2026", compiler's note in HTS 2026 rev. 20; 91 FR
/// 9339): Vietnamese T-shirts, $10,000 by ocean on 2026-07-23: MFN 1,650.00 +
/// 9903.03.01 10% 1,000.00 = 2,650.00; no forced-labor duty yet; fees 34.64
/// + 12.50 = 47.14.
#[test]
fn vn_tshirts_last_day_of_section_122() {
    let q = case("VN", "6109.10.00.12", "10000", "2026-07-23", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("section_122", "1000.00"),
            (FL, "0"),
            ("mpf", "34.64"),
            ("hmf", "12.50"),
        ],
    );
    assert!(!q.excluded.iter().any(|x| &*x.authority == FL), "{q}");
    totals(&q, "2650.00", "47.14", "2697.14");
}

/// The first day after (2026-07-24, 12:01 a.m. EDT): no Section 122; the
/// forced-labor duty of 9903.05.84 (Vietnam, +12.5%): 1,650.00 + 1,250.00 =
/// 2,900.00; fees 47.14.
#[test]
fn vn_tshirts_first_day_of_forced_labor_duty() {
    let q = case("VN", "6109.10.00.12", "10000", "2026-07-24", "ocean").quote();
    assert!(!q.has("section_122"), "{q}");
    assert!(
        !q.excluded.iter().any(|x| &*x.authority == "section_122"),
        "{q}"
    );
    amounts(&q, &[("mfn", "1650.00"), (FL, "1250.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.84");
    totals(&q, "2900.00", "47.14", "2947.14");
}

/// In transit (9903.05.85: loaded before 12:01 a.m. ET July 24, 2026 and
/// entered before 12:01 a.m. ET July 28, 2026): the T-shirts loaded on
/// 2026-07-20 and entered on 2026-07-25 pay MFN 1,650.00 only. The same goods
/// entered on 2026-07-28 pay the 12.5% (2,900.00), and goods loaded on
/// 2026-07-24 itself do too.
#[test]
fn vn_tshirts_in_transit() {
    let q = case("VN", "6109.10.00.12", "10000", "2026-07-25", "ocean")
        .loaded("2026-07-20")
        .quote();
    assert!(q.has("in_transit"), "{q}");
    assert!(excluded(&q, "s301fl-vn").contains("(s301fl-in-transit)"));
    totals(&q, "1650.00", "47.14", "1697.14");

    let q = case("VN", "6109.10.00.12", "10000", "2026-07-28", "ocean")
        .loaded("2026-07-20")
        .quote();
    amounts(&q, &[(FL, "1250.00")]);
    totals(&q, "2900.00", "47.14", "2947.14");

    let q = case("VN", "6109.10.00.12", "10000", "2026-07-25", "ocean")
        .loaded("2026-07-24")
        .quote();
    amounts(&q, &[(FL, "1250.00")]);
}

/// Donations (9903.05.91, claim DONATION) leave the forced-labor duty out but
/// not the China Section 301 duty: Chinese T-shirts on 2026-08-10:
/// 1,650.00 + 750.00 = 2,400.00; fees 47.14.
#[test]
fn cn_tshirts_donated() {
    let q = case("CN", "6109.10.00.12", "10000", "2026-08-10", "ocean")
        .claim("DONATION")
        .quote();
    assert!(excluded(&q, "s301fl-cn").contains("(s301fl-donations)"));
    amounts(&q, &[("section_301", "750.00"), (FL, "0")]);
    totals(&q, "2400.00", "47.14", "2447.14");
}

// ------------------------------------------------------------------ the +10% economies

/// United Kingdom, 9903.05.81 (+10%): British T-shirts, $10,000 by ocean on
/// 2026-08-10: 1,650.00 + 1,000.00 = 2,650.00; fees 47.14.
#[test]
fn gb_tshirts_pay_10_percent() {
    let q = case("GB", "6109.10.00.12", "10000", "2026-08-10", "ocean").quote();
    amounts(&q, &[("mfn", "1650.00"), (FL, "1000.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.81");
    totals(&q, "2650.00", "47.14", "2697.14");
}

/// Canada, 9903.05.29 (+10%): cotton sweaters (6110.20.20.10), $10,000 by
/// truck on 2026-08-03, no USMCA claim: MFN 1,650.00 + 1,000.00 = 2,650.00;
/// MPF 34.64, no HMF (truck). With a USMCA claim: special rate S Free, the
/// forced-labor duty is removed (9903.05.93, note 52(g)) and originating goods
/// pay no MPF: total 0.
#[test]
fn ca_sweaters_with_and_without_usmca() {
    let q = case("CA", "6110.20.20.10", "10000", "2026-08-03", "truck").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            (FL, "1000.00"),
            ("mpf", "34.64"),
            ("hmf", "0"),
        ],
    );
    assert_eq!(heading_of(&q, FL), "9903.05.29");
    totals(&q, "2650.00", "34.64", "2684.64");

    let q = case("CA", "6110.20.20.10", "10000", "2026-08-03", "truck")
        .claim("USMCA")
        .quote();
    assert!(excluded(&q, "s301fl-ca").contains("(s301fl-usmca-ca)"));
    totals(&q, "0", "0", "0");
}

/// Mexico, 9903.05.55 (+10%): the same sweaters from Mexico on 2026-08-03:
/// 1,650.00 + 1,000.00 = 2,650.00 and MPF 34.64 without a claim; with USMCA
/// (9903.05.94, note 52(h)): total 0.
#[test]
fn mx_sweaters_with_and_without_usmca() {
    let q = case("MX", "6110.20.20.10", "10000", "2026-08-03", "truck").quote();
    amounts(&q, &[("mfn", "1650.00"), (FL, "1000.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.55");
    totals(&q, "2650.00", "34.64", "2684.64");

    let q = case("MX", "6110.20.20.10", "10000", "2026-08-03", "truck")
        .claim("USMCA")
        .quote();
    assert!(excluded(&q, "s301fl-mx").contains("(s301fl-usmca-mx)"));
    totals(&q, "0", "0", "0");
}

/// CAFTA-DR textiles (9903.05.95, note 52(i)): Honduran T-shirts entered free
/// under CAFTA-DR (claim CAFTADR, special rate P Free) pay no forced-labor
/// duty and no MPF: only HMF 12.50 by ocean. Without the claim: 1,650.00 +
/// 9903.05.42 10% 1,000.00 = 2,650.00; fees 47.14.
#[test]
fn hn_tshirts_cafta_dr() {
    let q = case("HN", "6109.10.00.12", "10000", "2026-08-10", "ocean")
        .claim("CAFTADR")
        .quote();
    assert!(excluded(&q, "s301fl-hn").contains("(s301fl-cafta-dr-textiles)"));
    totals(&q, "0", "12.50", "12.50");

    let q = case("HN", "6109.10.00.12", "10000", "2026-08-10", "ocean").quote();
    amounts(&q, &[(FL, "1000.00")]);
    totals(&q, "2650.00", "47.14", "2697.14");
}

/// Jordan's list (9903.06.20, note 52(j)(13)(i), which lists 6109.10.00):
/// Jordanian T-shirts without any claim pay MFN 1,650.00 only (no
/// forced-labor duty of 9903.05.50); fees 47.14.
#[test]
fn jo_tshirts_on_the_jordan_list() {
    let q = case("JO", "6109.10.00.12", "10000", "2026-08-10", "ocean").quote();
    assert!(excluded(&q, "s301fl-jo").contains("(s301fl-jo-list)"));
    totals(&q, "1650.00", "47.14", "1697.14");
}

/// A particular article (9903.06.01, note 52(j)(4)(ii)(A): psyllium seed husks
/// of Malaysia, classifiable in 1211.90.89, MFN Free): $5,000 by air on
/// 2026-08-10. Declared as such (claim PARTICULAR_ARTICLE): no duty, MPF
/// 0.3464% = 17.32 below the minimum: 33.58. Without the claim: 9903.05.54
/// 10% = 500.00.
#[test]
fn my_psyllium_particular_article() {
    let q = case("MY", "1211.90.89.20", "5000", "2026-08-10", "air")
        .claim("PARTICULAR_ARTICLE")
        .quote();
    assert!(excluded(&q, "s301fl-my").contains("(s301fl-my-articles)"));
    totals(&q, "0", "33.58", "33.58");

    let q = case("MY", "1211.90.89.20", "5000", "2026-08-10", "air").quote();
    amounts(&q, &[(FL, "500.00")]);
    totals(&q, "500.00", "33.58", "533.58");
}

// ------------------------------------------------------------------ floors

/// EU below the 10% floor (9903.05.39, note 52(k): "the sum of the column 1
/// duty rate and the additional ad valorem rate of duty is 10 percent"): a
/// German leather handbag (4202.21.90.00, MFN 9%), $10,000 by air on
/// 2026-08-10: MFN 900.00 + (10% - 9%) 100.00 = 1,000.00; MPF 34.64.
#[test]
fn eu_handbag_below_the_10_percent_floor() {
    let q = case("DE", "4202.21.90.00", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "900.00"), (FL, "100.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.39");
    totals(&q, "1000.00", "34.64", "1034.64");
}

/// EU at and above the floor (9903.05.38: column 1 rate "equal to or greater
/// than 10 percent": the duty of the subheading only): German T-shirts (MFN
/// 16.5%) pay 1,650.00; Italian leather footwear (6403.99.90.65, MFN exactly
/// 10%) pays 1,000.00 and nothing more (10% - 10% = 0).
#[test]
fn eu_goods_at_or_above_the_floor_pay_mfn_only() {
    let q = case("DE", "6109.10.00.12", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "1650.00"), (FL, "0")]);
    totals(&q, "1650.00", "34.64", "1684.64");

    let q = case("IT", "6403.99.90.65", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "1000.00"), (FL, "0")]);
    totals(&q, "1000.00", "34.64", "1034.64");
}

/// EU good with a specific rate (note 52(k): the ad valorem equivalent is the
/// column 1 duty divided by the customs value): French red wine
/// (2204.21.50.05, 6.3¢/liter), 1,000 liters worth $10,000 by air on
/// 2026-08-10: MFN 0.063 x 1,000 = 63.00 (AVE 0.63% < 10%); forced labor
/// 10% x 10,000 - 63.00 = 937.00; duty 1,000.00; MPF 34.64.
#[test]
fn eu_wine_specific_rate_ave() {
    let q = case("FR", "2204.21.50.05", "10000", "2026-08-10", "air")
        .qty("liters", "1000")
        .quote();
    amounts(&q, &[("mfn", "63.00"), (FL, "937.00")]);
    totals(&q, "1000.00", "34.64", "1034.64");
}

/// Japan's 12.5% floor (9903.05.49): the handbag from Japan pays 900.00 +
/// (12.5% - 9%) 350.00 = 1,250.00. Cotton poplin (5208.31.80.20, MFN exactly
/// 12.5%) pays 1,250.00 and no forced-labor duty (9903.05.48).
#[test]
fn jp_floor_12_5_percent() {
    let q = case("JP", "4202.21.90.00", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "900.00"), (FL, "350.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.49");
    totals(&q, "1250.00", "34.64", "1284.64");

    let q = case("JP", "5208.31.80.20", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "1250.00"), (FL, "0")]);
    totals(&q, "1250.00", "34.64", "1284.64");
}

/// Korea with a KORUS claim: the duty applies even when a special rate is
/// claimed (note 52(a)), and for Korea the claimed column 1-Special rate is
/// the one compared with 12.5% (note 52(k)): the handbag enters Free (special
/// KR), so 9903.05.71 brings it to 12.5%: 1,250.00; KORUS goods pay no MPF.
/// Without the claim: 900.00 + 350.00 = 1,250.00 and MPF 34.64.
#[test]
fn kr_handbag_with_korus_claim_still_pays() {
    let q = case("KR", "4202.21.90.00", "10000", "2026-08-10", "air")
        .claim("KORUS")
        .quote();
    amounts(&q, &[("mfn", "0"), (FL, "1250.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.71");
    totals(&q, "1250.00", "0", "1250.00");

    let q = case("KR", "4202.21.90.00", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[("mfn", "900.00"), (FL, "350.00")]);
    totals(&q, "1250.00", "34.64", "1284.64");
}

/// Taiwan's 10% floor (9903.05.76): the handbag from Taiwan pays 900.00 +
/// 100.00 = 1,000.00; Switzerland's 12.5% floor (9903.05.74): 900.00 +
/// 350.00.
#[test]
fn tw_and_ch_floors() {
    let q = case("TW", "4202.21.90.00", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[(FL, "100.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.76");
    totals(&q, "1000.00", "34.64", "1034.64");

    let q = case("CH", "4202.21.90.00", "10000", "2026-08-10", "air").quote();
    amounts(&q, &[(FL, "350.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.74");
}

// ------------------------------------------------------------------ Russia (column 2)

/// Russia, a column 2 country: 9903.05.66 prints "+ 12.5%" in column 2 too.
/// Russian T-shirts, $10,000 by ocean on 2026-08-10: column 2 rate 90%
/// 9,000.00 + 1,250.00 = 10,250.00; fees 47.14.
#[test]
fn ru_tshirts_column_2_plus_12_5() {
    let q = case("RU", "6109.10.00.12", "10000", "2026-08-10", "ocean").quote();
    amounts(&q, &[("mfn", "9000.00"), (FL, "1250.00")]);
    assert_eq!(heading_of(&q, FL), "9903.05.66");
    totals(&q, "10250.00", "47.14", "10297.14");
}

/// Russian unwrought aluminum (7601.10.60.30, column 2 11%), $10,000 by ocean
/// on 2026-08-10: Section 232 9903.85.67 (+200%) applies, and 9903.82.02 says
/// "except as provided for in headings ... 9903.85.67". Note 52(f)(1) names
/// only 9903.82.02 and 9903.82.04-.26, so the forced-labor duty is not
/// displaced (text followed; see the docs): 1,100.00 + 20,000.00 + 1,250.00 =
/// 22,350.00.
#[test]
fn ru_aluminum_under_9903_85_67_still_pays() {
    let q = case("RU", "7601.10.60.30", "10000", "2026-08-10", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1100.00"),
            ("section_232", "20000.00"),
            (FL, "1250.00"),
        ],
    );
    assert_eq!(heading_of(&q, "section_232"), "9903.85.67");
    assert_eq!(q.duty, d("22350.00"), "{q}");
}

// ------------------------------------------------------------------ exclusions

/// Section 232 steel (9903.05.90, note 52(f)(1): goods of heading
/// 9903.82.02): Vietnamese plate (7208.51.00.30, MFN Free), $10,000 by ocean
/// on 2026-08-10: 232 50% 5,000.00 and no forced-labor duty; fees 47.14.
#[test]
fn vn_steel_under_section_232_is_not_reached() {
    let q = case("VN", "7208.51.00.30", "10000", "2026-08-10", "ocean").quote();
    amounts(&q, &[("mfn", "0"), ("section_232", "5000.00"), (FL, "0")]);
    assert_eq!(heading_of(&q, "section_232"), "9903.82.02");
    assert!(excluded(&q, "s301fl-vn").contains("displaced by us-232-annex-1a-articles"));
    totals(&q, "5000.00", "47.14", "5047.14");
}

/// A product of the note 52(b) list (9903.05.86; 0901.11.00 is on it):
/// Vietnamese coffee (0901.11.00.25, MFN Free), $10,000 by ocean on
/// 2026-08-10: no duty; fees 47.14.
#[test]
fn vn_coffee_on_the_note_52b_list() {
    let q = case("VN", "0901.11.00.25", "10000", "2026-08-10", "ocean").quote();
    assert!(excluded(&q, "s301fl-vn").contains("(s301fl-note52b)"));
    totals(&q, "0", "47.14", "47.14");
}

/// A country not among the 60 (Liechtenstein: note 52 has no heading for it,
/// unlike the EU/JP/KR/CH/TW floors): Liechtenstein T-shirts pay MFN 1,650.00
/// only, and no forced-labor item is even considered.
#[test]
fn li_is_not_among_the_60() {
    let q = case("LI", "6109.10.00.12", "10000", "2026-08-10", "ocean").quote();
    assert!(!q.has(FL), "{q}");
    assert!(
        !q.excluded.iter().any(|x| x.id.starts_with("s301fl-")),
        "{q}"
    );
    totals(&q, "1650.00", "47.14", "1697.14");
}

// ------------------------------------------------------------------ China Section 301 exclusions (9903.88.69)

/// Chinese pump casings under their statistical number from July 1, 2026
/// (8413.91.90.39, MFN Free; note 20(vvv)(i)(4) as amended in HTS 2026 rev.
/// 18), declared as the excluded product (claim S301_EXCLUSION), $10,000 by
/// ocean. On 2026-11-09, the last day of 9903.88.69 ("through November 9,
/// 2026", heading text of HTS 2026 rev. 21), the list 1 duty (9903.88.01,
/// 25%) is excluded; the forced-labor duty is not (9903.88.69 excludes only
/// the list duty): 1,250.00. On 2026-11-10 (no extension found) the list 1
/// duty is back: 2,500.00 + 1,250.00 = 3,750.00. Duty only (FY2027 fees).
#[test]
fn cn_pump_casings_s301_exclusion_through_2026_11_09() {
    let q = case("CN", "8413.91.90.39", "10000", "2026-11-09", "ocean")
        .claim("S301_EXCLUSION")
        .quote();
    assert!(excluded(&q, "us-301-list-1").contains("(us-301-exclusion-9903-88-69)"));
    amounts(&q, &[("section_301", "0"), (FL, "1250.00")]);
    assert_eq!(q.duty, d("1250.00"), "{q}");

    let q = case("CN", "8413.91.90.39", "10000", "2026-11-10", "ocean")
        .claim("S301_EXCLUSION")
        .quote();
    amounts(&q, &[("section_301", "2500.00"), (FL, "1250.00")]);
    assert_eq!(heading_of(&q, "section_301"), "9903.88.01");
    assert_eq!(q.duty, d("3750.00"), "{q}");
}
