//! Golden cases for the Section 301 action on Brazil (`data/us/s301_brazil.json`,
//! HTS 2026 rev. 12, U.S. note 50, 9903.05.01-.09) and the Section 338 duties on
//! Canada (`data/us/s338_canada.json`, rev. 17 and 19, U.S. note 51,
//! 9903.03.12-.16) with the import bans from 2026-09-29
//! (`data/us/s338_bans.json`, Proclamations 11061-11063). Sources and
//! modelling: `docs/sources/s301_brazil_s338_canada.md`.
//!
//! Every case quotes through `tariffs::Schedule::builtin()` and states, in the
//! comment above it, the legal source and the hand computation. Amounts are
//! rounded per line to the cent, half away from zero.
//!
//! Entries from 2026-07-24 on also pay the Section 301 forced-labor duty of
//! U.S. note 52 where it applies (Brazil +12.5%, 9903.05.27; Canada +10%,
//! 9903.05.29, not with a USMCA claim). That duty is modelled in another file:
//! the cases on those dates assert the amounts of `section_301_brazil`,
//! `section_338`, the base (`mfn`) and, where named, `section_232`, never the
//! totals. Cases before 2026-07-24 assert the totals too.
//!
//! The MFN (column 1 general) rates used by hand are those of
//! `data/us/hts_base.json` (from the USITC export `hts/` of the shared data folder, lines of
//! the 2025 basic edition still in force): 6109.10.00 16.5%; 0714.10.10 7.9%;
//! 2008.99.21 4.5%; 7208.51.00 Free; 8411.91.90 Free; 4901.99.00 Free;
//! 4413.00.00 3.7% (USMCA, program S: Free); 0406.90.08 12%; 2208.30.60
//! Free; 1702.19.00 6.4% (S: Free); 9403.60.80 Free; 8414.80.05 Free;
//! 6403.99.60 8.5%.
//!
//! Fees (cases before 2026-07-24): MPF formal 0.3464% (FY2026 min $33.58, max
//! $651.50), HMF 0.125% on ocean entries.

mod common;

use common::*;
use tariffs::Schedule;

// ------------------------------------------------------------------ the data itself

/// Every measure and exemption of the two authorities cites a source, the
/// Brazil duty starts on 2026-07-22 (rev. 12 change record) and the Canada
/// duties on 2026-08-22 (rev. 17 change record, PP 11056), the lists
/// before 2026-09-15 end on that date (rev. 19 change record), and the four
/// bans start on 2026-09-29 (Proclamations 11061-11063, CSMS #70050970).
#[test]
fn measures_dates_and_sources() {
    let s = Schedule::builtin();
    let us = s
        .data()
        .importers
        .iter()
        .find(|i| i.country.as_str() == "US")
        .expect("a US importer");
    let mut n = 0;
    for m in &us.measures {
        let from = Some(m.from.to_string());
        let until = m.until.map(|u| u.to_string());
        match m.authority.as_str() {
            "section_301_brazil" => {
                n += 1;
                assert_eq!(from.as_deref(), Some("2026-07-22"), "{}", m.id);
                assert_eq!(until, None, "{}", m.id);
            }
            "section_338" => {
                n += 1;
                assert!(
                    from.as_deref() == Some("2026-08-22") || from.as_deref() == Some("2026-09-15"),
                    "{} from {from:?}",
                    m.id
                );
                if m.id.ends_with("-2026-08-22") {
                    assert_eq!(until.as_deref(), Some("2026-09-15"), "{}", m.id);
                } else {
                    assert_eq!(until, None, "{}", m.id);
                }
            }
            _ => continue,
        }
        assert!(!m.source.trim().is_empty(), "{} cites no source", m.id);
    }
    assert_eq!(n, 6, "1 Brazil measure and 5 Canada measures");
    for x in &us.exemptions {
        if x.id.starts_with("s301br-") || x.id.starts_with("s338-") {
            assert!(!x.source.trim().is_empty(), "{} cites no source", x.id);
        }
    }
    // The bans of Proclamations 11061-11063, from 12:01 a.m. ET 2026-09-29.
    let bans: Vec<_> = us
        .prohibitions
        .iter()
        .filter(|p| p.authority == "section_338")
        .collect();
    assert_eq!(bans.len(), 4);
    for p in bans {
        assert_eq!(p.from.to_string(), "2026-09-29", "{}", p.id);
        assert!(p.source.contains("CSMS #70050970"), "{}", p.id);
    }
}

// ------------------------------------------------------------------ Brazil

/// $10,000 of men's cotton T-shirts (6109.10.00.12) from Brazil by ocean on
/// 2026-07-21, the day before the Section 301 action (9903.05.01 from July 22,
/// 2026, HTS rev. 12 change record; USTR notice 91 FR 45516): only the Section
/// 122 surcharge (9903.03.01, +10%, to 2026-07-23) is added.
///   MFN 16.5% x 10,000 = 1,650.00; s122 10% = 1,000.00; duty 2,650.00;
///   MPF 0.3464% = 34.64; HMF 0.125% = 12.50; total 2,697.14.
#[test]
fn br_tshirts_2026_07_21_pay_no_section_301_brazil() {
    let q = case("BR", "6109.10.00.12", "10000", "2026-07-21", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("section_122", "1000.00"),
            ("section_301_brazil", "0"),
        ],
    );
    totals(&q, "2650.00", "47.14", "2697.14");
}

/// The same entry on 2026-07-22: 9903.05.01 adds 25% ("The duty provided in
/// the applicable subheading + 25%", U.S. note 50(a)(i)), stacking on the
/// Section 122 surcharge (note 50(a)(i): also subject to any other duty of
/// subchapter III).
///   1,650.00 + 1,000.00 + 25% x 10,000 = 2,500.00 -> duty 5,150.00;
///   fees 47.14; total 5,197.14.
#[test]
fn br_tshirts_2026_07_22_pay_25_percent() {
    let q = case("BR", "6109.10.00.12", "10000", "2026-07-22", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("section_122", "1000.00"),
            ("section_301_brazil", "2500.00"),
        ],
    );
    assert_eq!(heading_of(&q, "section_301_brazil"), "9903.05.01");
    totals(&q, "5150.00", "47.14", "5197.14");
}

/// In transit (9903.05.02): loaded on 2026-07-20 and entered on 2026-07-23,
/// i.e. loaded before 12:01 a.m. ET July 22 and entered before July 29: no
/// Section 301 duty; the Section 122 surcharge still applies (its own
/// in-transit rule, 9903.03.02, covers goods loaded before Feb. 24 only).
///   1,650.00 + 1,000.00 = 2,650.00; fees 47.14; total 2,697.14.
/// Entered on 2026-07-29 the window is over: 25% = 2,500.00 (MFN 1,650.00;
/// no Section 122, which ended 2026-07-24).
#[test]
fn br_in_transit_until_july_29() {
    let q = case("BR", "6109.10.00.12", "10000", "2026-07-23", "ocean")
        .loaded("2026-07-20")
        .quote();
    assert!(excluded(&q, "s301br-25").contains("(s301br-in-transit)"));
    amounts(
        &q,
        &[("section_301_brazil", "0"), ("section_122", "1000.00")],
    );
    totals(&q, "2650.00", "47.14", "2697.14");

    let late = case("BR", "6109.10.00.12", "10000", "2026-07-29", "ocean")
        .loaded("2026-07-20")
        .quote();
    amounts(
        &late,
        &[
            ("mfn", "1650.00"),
            ("section_122", "0"),
            ("section_301_brazil", "2500.00"),
        ],
    );
}

/// The T-shirts on 2026-08-03: the Section 122 surcharge is gone (ended
/// 2026-07-24) and the 25% stays. The forced-labor 12.5% of 9903.05.27 (U.S.
/// note 52, from 2026-07-24) stacks on it but is outside this file: only
/// the base and the Brazil duty are asserted.
///   MFN 1,650.00; 301 Brazil 25% x 10,000 = 2,500.00.
#[test]
fn br_tshirts_2026_08_03_after_section_122() {
    let q = case("BR", "6109.10.00.12", "10000", "2026-08-03", "ocean").quote();
    amounts(
        &q,
        &[
            ("mfn", "1650.00"),
            ("section_122", "0"),
            ("section_301_brazil", "2500.00"),
        ],
    );
}

/// Frozen cassava (0714.10.10.00) is listed in U.S. note 50(a)(ii), so it is
/// not subject to 9903.05.01 (9903.05.03). $20,000 by ocean on 2026-08-03:
///   MFN 7.9% x 20,000 = 1,580.00; 301 Brazil 0.
#[test]
fn br_cassava_on_the_note_50_a_ii_list() {
    let q = case("BR", "0714.10.10.00", "20000", "2026-08-03", "ocean").quote();
    amounts(&q, &[("mfn", "1580.00"), ("section_301_brazil", "0")]);
    assert!(excluded(&q, "s301br-25").contains("(s301br-a-ii)"));
}

/// Brazilian steel plate (7208.51.00.30), provided for in 9903.82.02 (Section
/// 232, Annex I-A, 50%): note 50(a)(vi)(1) and 9903.05.07 exclude it from the
/// Section 301 duty. $10,000 on 2026-08-03: MFN Free; 301 Brazil 0.
#[test]
fn br_steel_under_section_232_is_not_subject() {
    let q = case("BR", "7208.51.00.30", "10000", "2026-08-03", "ocean").quote();
    amounts(&q, &[("mfn", "0"), ("section_301_brazil", "0")]);
    assert!(excluded(&q, "s301br-25").contains("(section_232 9903.82.02)"));
}

/// Acai (2008.99.21.40) is a particular article of note 50(a)(iii)(6)
/// (9903.05.04); the subheading also holds other berries, so the exclusion
/// needs the claim S301BR_PARTICULAR_ARTICLE. $10,000 on 2026-08-03:
///   with the claim: MFN 4.5% = 450.00, 301 Brazil 0;
///   without it: 301 Brazil 25% = 2,500.00.
#[test]
fn br_acai_particular_article_of_note_50_a_iii() {
    let q = case("BR", "2008.99.21.40", "10000", "2026-08-03", "ocean")
        .claim("S301BR_PARTICULAR_ARTICLE")
        .quote();
    amounts(&q, &[("mfn", "450.00"), ("section_301_brazil", "0")]);
    assert!(excluded(&q, "s301br-25").contains("(s301br-a-iii-particular)"));

    let q = case("BR", "2008.99.21.40", "10000", "2026-08-03", "ocean").quote();
    amounts(&q, &[("mfn", "450.00"), ("section_301_brazil", "2500.00")]);
}

/// Turbojet parts (8411.91.90.85) are in the civil aircraft provisions of note
/// 50(a)(iv) (9903.05.05): with the claim CIVIL_AIRCRAFT (general note 6
/// criteria met) no Section 301 duty; without it 25%. $10,000 by air on
/// 2026-08-03, MFN Free:
///   claimed: 0; not claimed: 2,500.00.
#[test]
fn br_civil_aircraft_parts() {
    let q = case("BR", "8411.91.90.85", "10000", "2026-08-03", "air")
        .claim("CIVIL_AIRCRAFT")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_301_brazil", "0")]);
    assert!(excluded(&q, "s301br-25").contains("(s301br-civil-aircraft)"));

    let q = case("BR", "8411.91.90.85", "10000", "2026-08-03", "air").quote();
    amounts(&q, &[("section_301_brazil", "2500.00")]);
}

/// Books (4901.99.00.93) are informational materials (9903.05.09): no Section
/// 301 duty. $10,000 on 2026-08-03: MFN Free, 301 Brazil 0.
#[test]
fn br_books_are_informational_materials() {
    let q = case("BR", "4901.99.00.93", "10000", "2026-08-03", "ocean").quote();
    amounts(&q, &[("mfn", "0"), ("section_301_brazil", "0")]);
    assert!(excluded(&q, "s301br-25").contains("(s301br-informational)"));
}

// ------------------------------------------------------------------ Canada

/// Densified wood (4413.00.00.00) is on the note 51(b)(1) list (9903.03.12,
/// +50%, from 2026-08-22: rev. 17 change record, PP 11046 and PP 11056).
/// $10,000 by truck on 2026-08-24, no claim:
///   MFN 3.7% = 370.00; Section 338 50% = 5,000.00.
#[test]
fn ca_densified_wood_on_the_b1_list() {
    let q = case("CA", "4413.00.00.00", "10000", "2026-08-24", "truck").quote();
    amounts(&q, &[("mfn", "370.00"), ("section_338", "5000.00")]);
    assert_eq!(heading_of(&q, "section_338"), "9903.03.12");
}

/// The same with a USMCA claim: the base is Free (special rate S), but the
/// Section 338 duty applies to goods eligible for special tariff treatment
/// under general note 3(c)(i) (note 51(a)): still 50% = 5,000.00.
#[test]
fn ca_densified_wood_with_usmca_still_pays_section_338() {
    let q = case("CA", "4413.00.00.00", "10000", "2026-08-24", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "5000.00")]);
}

/// On 2026-08-21, the day before the duties started (PP 11056 moved the start
/// to Aug. 22), there is no Section 338 duty: MFN 370.00 only.
#[test]
fn ca_densified_wood_before_2026_08_22() {
    let q = case("CA", "4413.00.00.00", "10000", "2026-08-21", "truck").quote();
    amounts(&q, &[("mfn", "370.00"), ("section_338", "0")]);
}

/// Kitchen cabinets (9403.60.80.93) are on the note 51(b)(3) list before and
/// after 2026-09-15 and are provided for in 9903.76.03 (Section 232 wood,
/// 25%, data/us/s232_wood.json). $10,000 by truck, MFN Free:
/// - 2026-09-01: note 51(c)(4) (as in force to 2026-09-14) excludes wood
///   products of 9903.76.03 from 9903.03.12-.14 (9903.03.15): 232 2,500.00,
///   338 0.
/// - 2026-09-16: from 2026-09-15 note 51(c) covers only 9903.03.13 (rev. 19,
///   PP 11064/11065), so the 50% stacks on the 232 duty: 232 2,500.00 +
///   338 5,000.00.
#[test]
fn ca_cabinets_under_section_232_before_and_after_2026_09_15() {
    let q = case("CA", "9403.60.80.93", "10000", "2026-09-01", "truck").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_232", "2500.00"),
            ("section_338", "0"),
        ],
    );
    assert!(excluded(&q, "s338-b3-2026-08-22").contains("(section_232 9903.76.03)"));

    let q = case("CA", "9403.60.80.93", "10000", "2026-09-16", "truck").quote();
    amounts(
        &q,
        &[
            ("mfn", "0"),
            ("section_232", "2500.00"),
            ("section_338", "5000.00"),
        ],
    );
    assert_eq!(heading_of(&q, "section_338"), "9903.03.14");
}

/// A USMCA-originating auto part (8414.80.05.00, note 33(g) list) is provided
/// for in 9903.94.06, which note 51(c)(3) names: before 2026-09-15 it is not
/// subject to 9903.03.14 (exemption s338-232-usmca-parts). From 2026-09-15 the
/// exclusion covers only 9903.03.13, so the 50% applies. $10,000 by truck,
/// USMCA claim, MFN Free:
///   2026-09-01: 338 0; 2026-09-16: 338 5,000.00.
#[test]
fn ca_usmca_auto_part_before_and_after_2026_09_15() {
    let q = case("CA", "8414.80.05.00", "10000", "2026-09-01", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "0")]);
    assert!(excluded(&q, "s338-b3-2026-08-22").contains("(s338-232-usmca-parts)"));

    let q = case("CA", "8414.80.05.00", "10000", "2026-09-16", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "5000.00")]);
}

/// The 2026-09-15 list changes (PP 11064, rev. 19): (b)(1) replaced
/// 2208.30.60 by five statistical numbers, leaving out 2208.30.60.85 (other
/// whiskies in containers over 4 liters), and added cheeses such as
/// 0406.90.08. $10,000 each by truck:
/// - whisky 2208.30.60.85 (MFN Free): 2026-09-14 338 5,000.00; 2026-09-15 0.
/// - cheese 0406.90.08.90 (MFN 12% = 1,200.00): 2026-09-14 338 0;
///   2026-09-15 338 5,000.00.
#[test]
fn ca_b1_list_change_on_2026_09_15() {
    let q = case("CA", "2208.30.60.85", "10000", "2026-09-14", "truck").quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "5000.00")]);
    let q = case("CA", "2208.30.60.85", "10000", "2026-09-15", "truck").quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "0")]);

    let q = case("CA", "0406.90.08.90", "10000", "2026-09-14", "truck").quote();
    amounts(&q, &[("mfn", "1200.00"), ("section_338", "0")]);
    let q = case("CA", "0406.90.08.90", "10000", "2026-09-15", "truck").quote();
    amounts(&q, &[("mfn", "1200.00"), ("section_338", "5000.00")]);
}

/// Lactose (1702.19.00.00) is on the note 51(b)(2) list (9903.03.13). With a
/// USMCA claim, $10,000 by truck:
///   2026-08-21: MFN Free (S), no 338 yet;
///   2026-09-16: MFN Free, 338 50% = 5,000.00 (heading 9903.03.13; lactose
///   is not banned by Proclamation 11062, so it still enters after 09-29).
#[test]
fn ca_lactose_on_the_dairy_list() {
    let q = case("CA", "1702.19.00.00", "10000", "2026-08-21", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "0")]);

    let q = case("CA", "1702.19.00.00", "10000", "2026-09-16", "truck")
        .claim("USMCA")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "5000.00")]);
    assert_eq!(heading_of(&q, "section_338"), "9903.03.13");
}

/// Leather footwear (6403.99.60.75) is on none of the note 51(b) lists: no
/// Section 338 duty and no Section 338 measure considered. $10,000 by truck
/// on 2026-09-16: MFN 8.5% = 850.00.
#[test]
fn ca_footwear_on_no_list() {
    let q = case("CA", "6403.99.60.75", "10000", "2026-09-16", "truck").quote();
    amounts(&q, &[("mfn", "850.00"), ("section_338", "0")]);
    assert!(
        !q.excluded.iter().any(|x| &*x.authority == "section_338"),
        "{q}"
    );
}

// ------------------------------------------------------------------ Canada: import bans

/// Whey protein concentrate (0404.10.05.00, note 51(b)(2)) is excluded from
/// importation from 12:01 a.m. ET 2026-09-29 by Proclamation 11062 (91 FR
/// 58319; CSMS #70050970): no amount to quote, the quote fails naming the ban.
/// - 2026-09-28: still dutiable: MFN 8.5% x 10,000 = 850.00; 338 5,000.00.
/// - 2026-09-29: prohibited (s338-ban-dairy).
/// - 2026-09-29, goods imported before the ban (claim
///   S338_IMPORTED_BEFORE_BAN): entered at the 50% of 9903.03.13: 5,000.00.
#[test]
fn ca_whey_banned_from_2026_09_29() {
    let q = case("CA", "0404.10.05.00", "10000", "2026-09-28", "truck").quote();
    amounts(&q, &[("mfn", "850.00"), ("section_338", "5000.00")]);

    let ban = case("CA", "0404.10.05.00", "10000", "2026-09-29", "truck").prohibited();
    assert_eq!(ban.id, "s338-ban-dairy");
    assert_eq!(ban.importer, "US");
    assert!(ban.description.contains("Proclamation 11062"), "{ban:?}");
    assert!(ban.source.contains("Proclamation 11062"), "{ban:?}");
    assert!(ban.source.contains("CSMS #70050970"), "{ban:?}");

    let q = case("CA", "0404.10.05.00", "10000", "2026-09-29", "truck")
        .claim("S338_IMPORTED_BEFORE_BAN")
        .quote();
    amounts(&q, &[("mfn", "850.00"), ("section_338", "5000.00")]);
    assert_eq!(heading_of(&q, "section_338"), "9903.03.13");
}

/// Proclamation 11061 bans alcoholic beverages of note 51(b)(1) when packaged
/// for consumption; bulk is not banned. Beer (2203.00.00) covers any
/// container, so:
/// - beer in containers over 4 liters (2203.00.00.90) claimed as bulk
///   (BULK_ALCOHOL) on 2026-09-30: not banned; MFN Free, 338 50% x 10,000 =
///   5,000.00 (9903.03.12);
/// - beer in glass (2203.00.00.30) on 2026-09-30: prohibited
///   (s338-ban-alcohol-packaged).
///
/// Whisky in containers of 4 liters or less (2208.30.60.20) is packaged by
/// its HTS text: prohibited even with the bulk claim (s338-ban-alcohol).
#[test]
fn ca_alcohol_ban_packaged_and_bulk() {
    let q = case("CA", "2203.00.00.90", "10000", "2026-09-30", "truck")
        .claim("BULK_ALCOHOL")
        .quote();
    amounts(&q, &[("mfn", "0"), ("section_338", "5000.00")]);

    let ban = case("CA", "2203.00.00.30", "10000", "2026-09-30", "truck").prohibited();
    assert_eq!(ban.id, "s338-ban-alcohol-packaged");
    assert!(ban.source.contains("Proclamation 11061"), "{ban:?}");

    let ban = case("CA", "2208.30.60.20", "10000", "2026-09-30", "truck")
        .claim("BULK_ALCOHOL")
        .prohibited();
    assert_eq!(ban.id, "s338-ban-alcohol");
    assert!(ban.source.contains("Proclamation 11061"), "{ban:?}");
}

/// Motorcycles over 800 cc (8711.50.00.60, note 51(b)(3)) are banned from
/// 2026-09-29 by Proclamation 11063 (FR Doc. 2026-18837): prohibited.
/// Lactose (1702.19.00.00, note 51(b)(2)) is not in the dairy ban: on
/// 2026-09-30 it still pays 50% = 5,000.00 (MFN 6.4% x 10,000 = 640.00, no
/// claim).
#[test]
fn ca_motorcycles_banned_lactose_not() {
    let ban = case("CA", "8711.50.00.60", "10000", "2026-09-29", "truck").prohibited();
    assert_eq!(ban.id, "s338-ban-motorcycles");
    assert!(ban.source.contains("Proclamation 11063"), "{ban:?}");

    let q = case("CA", "1702.19.00.00", "10000", "2026-09-30", "truck").quote();
    amounts(&q, &[("mfn", "640.00"), ("section_338", "5000.00")]);
}
