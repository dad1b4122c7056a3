//! Golden cases for the trade-remedy data of the builtin schedule: Section 232
//! (steel, aluminum, copper, autos and parts, medium/heavy trucks, wood, the
//! 2026 metals annexes), Section 301 (China), and the counter-tariffs of China
//! and Canada on US goods. Data: `data/us/s232_*.json`, `data/us/s301_china.json`,
//! `data/cn/retaliation_us.json`, `data/ca/retaliation_us.json`; sources and
//! modelling choices: `docs/sources/s232_s301_retaliation.md`.
//!
//! Every case quotes through `tariffs::Schedule::builtin()` and gives its legal
//! source and the hand computation in the comment above it. MFN rates are the
//! column 1 general rates of the USITC HTS JSON (`hts/` of the shared data folder, 2025 rev 32
//! / 2026 rev 10). Amounts are rounded per line to the cent; `duty` is base +
//! additional duties (fees excluded). Where a case also states IEEPA amounts
//! (fentanyl, reciprocal), they come from `data/us/ieepa_*.json` and are stated
//! for the stacking rule they show.

use rust_decimal::Decimal;
use tariffs::{EntryText, Quote, Schedule};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[derive(Clone, Default)]
struct E {
    importer: Option<&'static str>,
    origin: &'static str,
    hts: &'static str,
    value: &'static str,
    date: &'static str,
    claims: Vec<&'static str>,
    quantities: Vec<(&'static str, &'static str)>,
    loaded_on: Option<&'static str>,
}

fn us(origin: &'static str, hts: &'static str, value: &'static str, date: &'static str) -> E {
    E {
        origin,
        hts,
        value,
        date,
        ..Default::default()
    }
}

fn into(importer: &'static str, hts: &'static str, value: &'static str, date: &'static str) -> E {
    E {
        importer: Some(importer),
        origin: "US",
        hts,
        value,
        date,
        ..Default::default()
    }
}

impl E {
    fn claim(mut self, c: &'static str) -> E {
        self.claims.push(c);
        self
    }
    fn qty(mut self, k: &'static str, v: &'static str) -> E {
        self.quantities.push((k, v));
        self
    }
    fn loaded(mut self, l: &'static str) -> E {
        self.loaded_on = Some(l);
        self
    }
    fn quote(&self) -> Quote {
        let t = EntryText {
            importer: self.importer,
            origin: self.origin,
            hts: self.hts,
            value: self.value,
            date: self.date,
            claims: self.claims.clone(),
            quantities: self.quantities.clone(),
            loaded_on: self.loaded_on,
            ..Default::default()
        };
        let entry = t.parse().expect("entry parses");
        Schedule::builtin().quote(&entry).unwrap_or_else(|e| {
            panic!(
                "quote of {} from {} on {}: {e}",
                self.hts, self.origin, self.date
            )
        })
    }
}

/// The reason an excluded item of `authority` was not applied (the first one).
fn excluded_of(q: &Quote, authority: &str) -> String {
    q.excluded
        .iter()
        .find(|x| &*x.authority == authority)
        .unwrap_or_else(|| panic!("no excluded {authority} item in\n{q}"))
        .reason
        .clone()
}

fn excluded_id(q: &Quote, id: &str) -> String {
    q.excluded
        .iter()
        .find(|x| &*x.id == id)
        .unwrap_or_else(|| panic!("{id} not excluded in\n{q}"))
        .reason
        .clone()
}

fn heading_of(q: &Quote, authority: &str) -> String {
    q.lines
        .iter()
        .find(|l| &*l.authority == authority)
        .and_then(|l| l.heading.as_deref().map(str::to_string))
        .unwrap_or_else(|| panic!("no {authority} line in\n{q}"))
}

// ------------------------------------------------------------------ Section 301

#[test]
fn t01_cotton_t_shirts_from_china_list_4a() {
    // 6109.10.00.12 (men's cotton T-shirts), China, $10,000, 2025-06-02.
    // MFN 16.5% x 10,000 = 1,650.00 (HTS 6109.10.00).
    // Section 301 List 4A, 9903.88.15: 7.5% x 10,000 = 750.00 (85 FR 3741, from 2020-02-14).
    // IEEPA: fentanyl 20% = 2,000.00 (EO 14228); reciprocal 10% = 1,000.00 (EO 14298, from May 14).
    // Duty 1,650 + 750 + 2,000 + 1,000 = 5,400.00.
    let q = us("CN", "6109.10.00.12", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("mfn"), d("1650.00"));
    assert_eq!(q.amount_of("section_301"), d("750.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.88.15");
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("2000.00"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("1000.00"));
    assert_eq!(q.duty, d("5400.00"));
}

#[test]
fn t02_backpacks_from_china_list_3() {
    // 4202.92.31.20 (backpacks of man-made fibers), China, $10,000, 2025-06-02.
    // MFN 17.6% = 1,760.00. Section 301 List 3, 9903.88.03: 25% = 2,500.00
    // (84 FR 20459, 25% from 2019-05-10). Fentanyl 20% = 2,000; reciprocal 10% = 1,000.
    // Duty 1,760 + 2,500 + 2,000 + 1,000 = 7,260.00.
    let q = us("CN", "4202.92.31.20", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("mfn"), d("1760.00"));
    assert_eq!(q.amount_of("section_301"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.88.03");
    assert_eq!(q.duty, d("7260.00"));
}

#[test]
fn t03_301_does_not_apply_to_vietnam() {
    // Same backpacks from Vietnam: Section 301 is China-only (origin CN).
    let q = us("VN", "4202.92.31.20", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("0"));
}

#[test]
fn t04_electric_car_from_china_four_year_review_and_232_autos() {
    // 8703.80.00 (battery-electric car), China, $40,000, 2025-06-02.
    // MFN 2.5% = 1,000.00. Section 301 four-year review 9903.91.03: 100% = 40,000.00
    // (89 FR 76581, from 2024-09-27; replaces the earlier list rate).
    // Section 232 autos 9903.94.01: 25% = 10,000.00 (Proclamation 10908, from 2025-04-03).
    // China fentanyl 20% = 8,000.00 stacks (EO 14289 covers only CA/MX); reciprocal not due
    // on 232 goods (9903.01.33). Duty 1,000 + 40,000 + 10,000 + 8,000 = 59,000.00.
    let q = us("CN", "8703.80.00", "40000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("40000.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.91.03");
    assert_eq!(q.amount_of("section_232"), d("10000.00"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
    assert!(excluded_of(&q, "ieepa_reciprocal").contains("us-232-autos"));
    assert_eq!(q.duty, d("59000.00"));
}

#[test]
fn t05_semiconductors_and_gloves_four_year_review_steps() {
    // 8542.31.00 (processors), China, $10,000, 2025-03-01: 9903.91.05 50% = 5,000.00 (from 2025-01-01).
    let q = us("CN", "8542.31.00", "10000", "2025-03-01").quote();
    assert_eq!(q.amount_of("section_301"), d("5000.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.91.05");
    // 4015.12.10.10 (medical gloves), China, $10,000: 50% in 2025 (9903.91.05) = 5,000.00,
    // 100% from 2026-01-01 (9903.91.08) = 10,000.00.
    let q = us("CN", "4015.12.10.10", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("5000.00"));
    let q = us("CN", "4015.12.10.10", "10000", "2026-03-02").quote();
    assert_eq!(q.amount_of("section_301"), d("10000.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.91.08");
}

#[test]
fn t06_lithium_batteries_ev_and_non_ev() {
    // 8507.60.00.10 (EV batteries), China, $10,000, 2025-06-02: 9903.91.01 25% = 2,500.00,
    // superseding List 4A 7.5%. 8507.60.00.20 (other) stays at List 4A 7.5% = 750.00 in 2025
    // and moves to 9903.91.06 25% = 2,500.00 from 2026-01-01.
    let q = us("CN", "8507.60.00.10", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("2500.00"));
    assert!(excluded_id(&q, "us-301-list-4a").contains("us-301-fyr-25-2024"));
    let q = us("CN", "8507.60.00.20", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("750.00"));
    let q = us("CN", "8507.60.00.90", "10000", "2026-03-02").quote();
    assert_eq!(q.amount_of("section_301"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_301"), "9903.91.06");
}

// ------------------------------------------------------------------ Section 232 steel and aluminum

#[test]
fn t07_steel_plate_germany_25_then_50() {
    // 7208.51.00 (hot-rolled plate > 10 mm), Germany, $10,000. MFN Free.
    // 2025-05-01: 9903.81.87 25% = 2,500.00 (Proclamation 10896, from 2025-03-12).
    // 2025-07-01: 50% = 5,000.00 (Proclamation 10947, from 2025-06-04).
    // The reciprocal (EU) is not due on 232 steel (9903.01.33).
    let q = us("DE", "7208.51.00.30", "10000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.81.87");
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
    assert_eq!(q.duty, d("2500.00"));
    let q = us("DE", "7208.51.00.30", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(q.duty, d("5000.00"));
}

#[test]
fn t08_steel_plate_japan_25_then_50() {
    // Same plate from Japan: 2,500.00 on 2025-05-01, 5,000.00 on 2025-07-01 (no country deal on steel).
    let q = us("JP", "7208.51.00.30", "10000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    let q = us("JP", "7208.51.00.30", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(q.duty, d("5000.00"));
}

#[test]
fn t09_steel_plate_united_kingdom_stays_at_25() {
    // UK: 25% before June 4 (9903.81.87) and 25% after (9903.81.94, Proclamation 10947 keeps
    // the UK at 25% under the Economic Prosperity Deal): 2,500.00 on both dates.
    let q = us("GB", "7208.51.00.30", "10000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    let q = us("GB", "7208.51.00.30", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.81.94");
}

#[test]
fn t10_steel_plate_canada_eo_14289_order() {
    // Canada, $10,000, 2025-05-01, no USMCA claim: EO 14289 sec. 2 (Mar 4 - June 3, 2025): an
    // article subject to the IEEPA Canada duty (25%, 9903.01.10) is not subject to 232 steel.
    // Duty 2,500.00 = the IEEPA line; the 232 measure is removed by the EO 14289 exemption.
    let q = us("CA", "7208.51.00.30", "10000", "2025-05-01").quote();
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("2500.00"));
    assert_eq!(q.amount_of("section_232"), d("0"));
    assert!(excluded_id(&q, "us-232-steel-25").contains("EO 14289"));
    assert_eq!(q.duty, d("2500.00"));
    // With a USMCA claim the IEEPA duty does not apply (9903.01.14), so 232 steel does: 2,500.00.
    let q = us("CA", "7208.51.00.30", "10000", "2025-05-01")
        .claim("USMCA")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    // From 2025-06-04 (Proclamation 10947 amending EO 14289) 232 steel displaces the IEEPA duty:
    // 50% = 5,000.00, and the Canada 25% is excluded.
    let q = us("CA", "7208.51.00.30", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    assert!(excluded_of(&q, "ieepa_fentanyl").contains("us-232-steel-50-camx"));
    assert_eq!(q.duty, d("5000.00"));
}

#[test]
fn t11_steel_plate_mexico_both_sides_of_june_4() {
    // Mexico, no USMCA claim: 2025-05-01 the IEEPA Mexico 25% applies and displaces 232 steel
    // (duty 2,500.00); 2025-07-01 232 steel 50% = 5,000.00 displaces the IEEPA Mexico duty.
    let q = us("MX", "7208.51.00.30", "10000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("0"));
    assert_eq!(q.duty, d("2500.00"));
    let q = us("MX", "7208.51.00.30", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    assert_eq!(q.duty, d("5000.00"));
}

#[test]
fn t12_unwrought_aluminum_uae() {
    // 7601.10.60 (unwrought aluminum, not alloyed), UAE, $10,000. MFN Free.
    // Before 2025-03-12: 10% (9903.85.01, Proclamation 9704) = 1,000.00.
    // 2025-04-01: 25% (9903.85.02, Proclamation 10895) = 2,500.00. 2025-07-01: 50% = 5,000.00.
    let q = us("AE", "7601.10.60", "10000", "2025-02-03").quote();
    assert_eq!(q.amount_of("section_232"), d("1000.00"));
    let q = us("AE", "7601.10.60", "10000", "2025-04-01").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.85.02");
    let q = us("AE", "7601.10.60", "10000", "2025-07-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
}

#[test]
fn t13_steel_derivative_on_steel_content() {
    // 8431.43.80.90 (parts of boring machinery), China, $10,000, 2025-09-02, steel content $6,000:
    // derivative steel article added 2025-08-18 (note 16(n), 9903.81.91): 50% of the steel
    // content = 3,000.00. Without the steel content the quote is an error naming the quantity.
    let q = us("CN", "8431.43.80.90", "10000", "2025-09-02")
        .qty("value[steel content]", "6000")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("3000.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.81.91");
    let e = us("CN", "8431.43.80.90", "10000", "2025-09-02");
    let t = EntryText {
        origin: e.origin,
        hts: e.hts,
        value: e.value,
        date: e.date,
        ..Default::default()
    };
    let err = Schedule::builtin().quote(&t.parse().unwrap()).unwrap_err();
    assert!(err.to_string().contains("value[steel content]"), "{err}");
}

#[test]
fn t14_copper_wire_chile_on_copper_content() {
    // 7408.11.60.00 (refined copper wire), Chile, $10,000, 2025-09-02, copper content $9,000.
    // MFN 3% = 300.00. Section 232 copper 9903.78.01: 50% x 9,000 = 4,500.00
    // (Proclamation 10962, from 2025-08-01). Reciprocal not due on 232 goods. Duty 4,800.00.
    let q = us("CL", "7408.11.60.00", "10000", "2025-09-02")
        .qty("value[copper content]", "9000")
        .quote();
    assert_eq!(q.amount_of("mfn"), d("300.00"));
    assert_eq!(q.amount_of("section_232"), d("4500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.78.01");
    assert_eq!(q.duty, d("4800.00"));
}

// ------------------------------------------------------------------ Section 232 autos and parts

#[test]
fn t15_passenger_car_japan_before_and_after_the_deal() {
    // 8703.23.01 (car, 1,500-3,000 cc), Japan, $40,000. MFN 2.5% = 1,000.00.
    // 2025-05-01: 9903.94.01 25% = 10,000.00; reciprocal not due (displaced by the 232 autos
    // duty, 9903.01.33). Duty 11,000.00.
    let q = us("JP", "8703.23.01", "40000", "2025-05-01").quote();
    assert_eq!(q.amount_of("mfn"), d("1000.00"));
    assert_eq!(q.amount_of("section_232"), d("10000.00"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
    assert!(excluded_of(&q, "ieepa_reciprocal").contains("us-232-autos"));
    assert_eq!(q.duty, d("11000.00"));
    // 2025-10-01: Japan deal (EO 14345; 90 FR 44638, from 2025-09-16), 9903.94.41: total 15%:
    // 15% x 40,000 - 1,000 = 5,000.00. Duty 6,000.00. The 25% line is displaced.
    let q = us("JP", "8703.23.01", "40000", "2025-10-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.94.41");
    assert!(excluded_id(&q, "us-232-autos").contains("us-232-autos-jp"));
    assert_eq!(q.duty, d("6000.00"));
}

#[test]
fn t16_passenger_car_germany_before_and_after_the_eu_deal() {
    // Same car from Germany: 2025-05-01 25% = 10,000.00 (duty 11,000.00);
    // 2025-09-02 EU deal (9903.94.51, retroactive to 2025-08-01): 15% all-in = 5,000.00 (duty 6,000.00).
    let q = us("DE", "8703.23.01", "40000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("10000.00"));
    assert_eq!(q.duty, d("11000.00"));
    let q = us("DE", "8703.23.01", "40000", "2025-09-02").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.94.51");
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
    assert_eq!(q.duty, d("6000.00"));
}

#[test]
fn t17_passenger_car_united_kingdom_quota_rate() {
    // UK car, $40,000, 2025-07-15: EO 14309, 9903.94.31: 7.5% = 3,000.00 (+ MFN 2.5% = 1,000.00
    // = 10% combined, within the 100,000-vehicle quota). Duty 4,000.00.
    let q = us("GB", "8703.23.01", "40000", "2025-07-15").quote();
    assert_eq!(q.amount_of("section_232"), d("3000.00"));
    assert_eq!(q.duty, d("4000.00"));
}

#[test]
fn t18_passenger_car_mexico_displaces_ieepa() {
    // Mexican car without USMCA claim, $40,000, 2025-05-01: 232 autos 25% = 10,000.00; the IEEPA
    // Mexico duty is not due on 232 autos (EO 14289; note 33(a)(3)). MFN 2.5% = 1,000.00.
    let q = us("MX", "8703.23.01", "40000", "2025-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("10000.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    assert_eq!(q.duty, d("11000.00"));
}

#[test]
fn t19_brake_rotors_auto_part() {
    // 8708.30.50.30 (brake rotors), Germany, $10,000. MFN 2.5% = 250.00.
    // 2025-06-02: auto parts 9903.94.05 25% = 2,500.00 (from 2025-05-03). Duty 2,750.00.
    // 2025-09-02: EU deal for parts (9903.94.53): 15% x 10,000 - 250 = 1,250.00. Duty 1,500.00.
    let q = us("DE", "8708.30.50.30", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.94.05");
    assert_eq!(q.duty, d("2750.00"));
    let q = us("DE", "8708.30.50.30", "10000", "2025-09-02").quote();
    assert_eq!(q.amount_of("section_232"), d("1250.00"));
    assert_eq!(q.duty, d("1500.00"));
    // Before 2025-05-03 the parts duty is not in force.
    let q = us("DE", "8708.30.50.30", "10000", "2025-04-15").quote();
    assert_eq!(q.amount_of("section_232"), d("0"));
}

#[test]
fn t20_usmca_auto_part_from_canada_is_exempt() {
    // Brake rotors from Canada with a USMCA claim, 2025-06-02: 9903.94.06 (note 33(h)): no parts duty.
    let q = us("CA", "8708.30.50.30", "10000", "2025-06-02")
        .claim("USMCA")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("0"));
    assert!(excluded_id(&q, "us-232-parts-camx").contains("USMCA"));
}

#[test]
fn t21_laptop_is_not_an_auto_part_unless_claimed() {
    // 8471.30.01 (laptops) is listed in note 33(g) (heading 8471) but is a part of a car only
    // when it is one: the parts duty needs the AUTO_PART claim. Taiwan, $10,000, 2025-06-02.
    let q = us("TW", "8471.30.01.00", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_232"), d("0"));
    let q = us("TW", "8471.30.01.00", "10000", "2025-06-02")
        .claim("AUTO_PART")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
}

#[test]
fn t22_heavy_truck_tractor_mexico() {
    // 8701.21.00 (road tractor, diesel), Mexico, no USMCA claim, $100,000, 2025-11-03.
    // MFN 4% = 4,000.00. Section 232 MHD vehicles 9903.74.01 25% = 25,000.00 (Proclamation 10984,
    // from 2025-11-01); not subject to the IEEPA Mexico duty (note 38(a)(3)). Duty 29,000.00.
    let q = us("MX", "8701.21.00", "100000", "2025-11-03").quote();
    assert_eq!(q.amount_of("mfn"), d("4000.00"));
    assert_eq!(q.amount_of("section_232"), d("25000.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.74.01");
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    assert_eq!(q.duty, d("29000.00"));
}

// ------------------------------------------------------------------ Section 232 wood

#[test]
fn t23_softwood_lumber_and_upholstered_furniture() {
    // 4407.11.00 (pine lumber), Canada, no USMCA claim, $10,000, 2025-11-03. MFN Free.
    // 232 lumber 9903.76.01 10% = 1,000.00 (Proclamation 10976, from 2025-10-14). Whether the
    // IEEPA Canada duty stacks is checked in `t29_ieepa_canada_stacks_on_lumber_and_copper`.
    let q = us("CA", "4407.11.00", "10000", "2025-11-03").quote();
    assert_eq!(q.amount_of("section_232"), d("1000.00"));
    // 9401.61.40.11 (upholstered wooden chair), Vietnam, $10,000, 2025-11-03: 9903.76.02 25% =
    // 2,500.00; Italy: EU 15% all-in (9903.76.22), MFN Free, so 1,500.00.
    let q = us("VN", "9401.61.40.11", "10000", "2025-11-03").quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
    let q = us("IT", "9401.61.40.11", "10000", "2025-11-03").quote();
    assert_eq!(q.amount_of("section_232"), d("1500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.76.22");
}

// ------------------------------------------------------------------ 2026 metals annexes

#[test]
fn t24_metals_annex_regime_2026() {
    // From 2026-04-06 (proclamation of Apr. 2, 2026; note 16): steel plate from Germany, Annex I-A,
    // 9903.82.02: 50% of the full value = 5,000.00.
    let q = us("DE", "7208.51.00.30", "10000", "2026-05-01").quote();
    assert_eq!(q.amount_of("section_232"), d("5000.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.82.02");
    // 8424.89.90.00, Germany, $10,000, Annex III (note 16(c)(x)): total duty 15%; MFN 1.8% = 180.00,
    // so 9903.82.10 = 1,500 - 180 = 1,320.00.
    let q = us("DE", "8424.89.90.00", "10000", "2026-05-01").quote();
    assert_eq!(q.amount_of("mfn"), d("180.00"));
    assert_eq!(q.amount_of("section_232"), d("1320.00"));
    // UK steel plate with >= 95% UK-melted steel (claim UK_MELT_95): 9903.82.04 25% = 2,500.00.
    let q = us("GB", "7208.51.00.30", "10000", "2026-05-01")
        .claim("UK_MELT_95")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.82.04");
}

// ------------------------------------------------------------------ China's counter-tariffs

#[test]
fn t25_us_soybeans_into_china() {
    // 1201.90 (soybeans), US origin, CNY 100,000. China schedule: additional duties only.
    // 2025-03-15: Announcement No. 2 of 2025 (from 2025-03-10), +10% = 10,000.00.
    let q = into("CN", "1201.90.00", "100000", "2025-03-15").quote();
    assert_eq!(q.currency.to_string(), "CNY");
    assert_eq!(q.amount_of("retaliation"), d("10000.00"));
    assert!(
        q.notes.iter().any(|n| n.contains("additional duties only")),
        "{q}"
    );
    // 2025-04-15: +10% and the general 125% (Announcement No. 6, from 2025-04-12) = 10,000 + 125,000.
    let q = into("CN", "1201.90.00", "100000", "2025-04-15").quote();
    assert_eq!(q.amount_of("retaliation"), d("135000.00"));
    // Shipped before 2025-04-10: in transit, the 125% is not levied (No. 4, item 3): 10,000.00.
    let q = into("CN", "1201.90.00", "100000", "2025-04-15")
        .loaded("2025-04-01")
        .quote();
    assert_eq!(q.amount_of("retaliation"), d("10000.00"));
    // 2025-05-20: Geneva (Announcement No. 7, from 2025-05-14): +10% + 10% = 20,000.00.
    let q = into("CN", "1201.90.00", "100000", "2025-05-20").quote();
    assert_eq!(q.amount_of("retaliation"), d("20000.00"));
    // 2025-11-20: the March agricultural duties stopped from 2025-11-10: 10% = 10,000.00.
    let q = into("CN", "1201.90.00", "100000", "2025-11-20").quote();
    assert_eq!(q.amount_of("retaliation"), d("10000.00"));
}

#[test]
fn t26_us_lng_into_china_stacks() {
    // 2711.11 (LNG), US, CNY 100,000, 2025-04-15: Announcement No. 1 +15% (from 2025-02-10)
    // and 125% = 15,000 + 125,000 = 140,000.00.
    let q = into("CN", "2711.11.00", "100000", "2025-04-15").quote();
    assert_eq!(q.amount_of("retaliation"), d("140000.00"));
}

// ------------------------------------------------------------------ Canada's counter-tariffs

#[test]
fn t27_us_goods_into_canada() {
    // US orange juice (2009.11), CAD 10,000. 2025-04-15: United States Surtax Order (2025-1),
    // SOR/2025-66, 25% = 2,500.00. 2025-09-15: repealed from 2025-09-01: nothing.
    let q = into("CA", "2009.11.00", "10000", "2025-04-15").quote();
    assert_eq!(q.currency.to_string(), "CAD");
    assert_eq!(q.amount_of("retaliation"), d("2500.00"));
    let q = into("CA", "2009.11.00", "10000", "2025-09-15").quote();
    assert_eq!(q.amount_of("retaliation"), d("0"));
    // US hot-rolled steel plate (7208.51): SOR/2025-95, 25%, maintained after 2025-09-01.
    let q = into("CA", "7208.51.00", "10000", "2025-09-15").quote();
    assert_eq!(q.amount_of("retaliation"), d("2500.00"));
    // US car not qualifying under CUSMA, 2025-05-01: SOR/2025-118, 25% = 10,000.00 on CAD 40,000.
    let q = into("CA", "8703.23.00", "40000", "2025-05-01").quote();
    assert_eq!(q.amount_of("retaliation"), d("10000.00"));
    // CUSMA-qualifying car: 25% of the non-Canadian, non-Mexican content (CAD 8,000) = 2,000.00.
    let q = into("CA", "8703.23.00", "40000", "2025-05-01")
        .claim("USMCA")
        .qty("value[non-ca-mx content]", "8000")
        .quote();
    assert_eq!(q.amount_of("retaliation"), d("2000.00"));
}

#[test]
fn t28_section_301_product_exclusion_by_claim() {
    // 8486.20.00.00 (machines for making semiconductor devices), China, $10,000, 2025-06-02.
    // List 2 (9903.88.02) 25% = 2,500.00 without a claim. Declared under the exclusion
    // heading 9903.88.70 (note 20(www), extended through 2026-11-09): no Section 301 duty,
    // and the list measure is listed as removed by the exclusion.
    let q = us("CN", "8486.20.00.00", "10000", "2025-06-02").quote();
    assert_eq!(q.amount_of("section_301"), d("2500.00"));
    let q = us("CN", "8486.20.00.00", "10000", "2025-06-02")
        .claim("S301_EXCLUSION")
        .quote();
    assert_eq!(q.amount_of("section_301"), d("0"));
    assert!(q.has("s301_exclusion"));
    assert!(excluded_of(&q, "section_301").contains("exclusion"));
}

#[test]
fn t29_ieepa_canada_stacks_on_lumber_and_copper() {
    // 4407.11.00 (pine lumber), Canada, no USMCA claim, $10,000, 2025-11-03. MFN Free.
    // 232 lumber 10% = 1,000.00; note 37(a): "any additional duty prescribed in any provision of
    // this subchapter ... shall be imposed in addition": IEEPA Canada 35% (9903.01.10) = 3,500.00.
    // Duty 4,500.00.
    let q = us("CA", "4407.11.00", "10000", "2025-11-03").quote();
    assert_eq!(q.amount_of("section_232"), d("1000.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("3500.00"));
    assert_eq!(q.duty, d("4500.00"));
    // 7408.11.60.00 (copper wire), Canada, no claim, $10,000, copper content $9,000, 2025-09-02:
    // MFN 3% = 300.00; copper 50% x 9,000 = 4,500.00; IEEPA Canada 35% = 3,500.00 stacks
    // (the copper proclamation keeps the IEEPA Canada/Mexico/China duties). Duty 8,300.00.
    let q = us("CA", "7408.11.60.00", "10000", "2025-09-02")
        .qty("value[copper content]", "9000")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("4500.00"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("3500.00"));
    assert_eq!(q.duty, d("8300.00"));
}

#[test]
fn t30_semiconductors_2026_by_claim() {
    // 8471.50.01.50 (processing units), China, $10,000, 2026-02-02. MFN Free.
    // Without the note 39(b) claim: no Section 232 (9903.79.02); Section 301 and the China IEEPA
    // duty (9903.01.24, +10%) apply as usual.
    let q = us("CN", "8471.50.01.50", "10000", "2026-02-02").quote();
    assert_eq!(q.amount_of("section_232"), d("0"));
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("1000.00"));
    // Claimed as meeting the note 39(b) parameters: 9903.79.01 25% = 2,500.00, and note 39(a)(8)
    // removes the 9903.01.24 China duty and the reciprocal duty.
    let q = us("CN", "8471.50.01.50", "10000", "2026-02-02")
        .claim("SEMICONDUCTOR_NOTE39")
        .quote();
    assert_eq!(q.amount_of("section_232"), d("2500.00"));
    assert_eq!(heading_of(&q, "section_232"), "9903.79.01");
    assert_eq!(q.amount_of("ieepa_fentanyl"), d("0"));
    assert_eq!(q.amount_of("ieepa_reciprocal"), d("0"));
}
