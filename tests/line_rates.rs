//! The `rate` of a quote line is a short form made from the parsed rate
//! (`+20%`, `15% all-in`), the legal text of the rate is `legal_text`.
//!
//! Two sweeps of the builtin schedule: every measure quoted on its own (so
//! that every rate of the builtin becomes a line, whatever its conditions
//! and stacking), and a grid of real entries (every kind of line in its
//! context). Each prints the distinct forms it saw (`cargo test --test
//! line_rates -- --nocapture`) to be reviewed by eye.

use std::collections::BTreeMap;
use tariffs::rate::QuantitySource;
use tariffs::schedule::{ImporterData, MeasureData, OriginScope, ProductScope};
use tariffs::{
    round_money, Decimal, Entry, EntryText, LineKind, Quantities, Rate, Schedule, ScheduleData,
    Unit,
};

/// A rate a person can read at a glance: not the legal form, not long.
fn assert_short(rate: &str, what: &str) {
    assert!(
        !rate.starts_with("The duty") && !rate.contains("applicable subheading"),
        "{what}: the rate {rate:?} is the legal text"
    );
    assert!(
        rate.chars().count() <= 40,
        "{what}: the rate {rate:?} is longer than 40 characters"
    );
}

/// The measure alone, on every origin and product, with no condition and
/// no end, in a schedule of its importer without base rates.
fn alone(imp: &ImporterData, m: &MeasureData) -> Schedule {
    let m = MeasureData {
        origins: OriginScope::all(),
        products: ProductScope::default(),
        until: None,
        conditions: Default::default(),
        excludes: Vec::new(),
        superseded_by: Vec::new(),
        ..m.clone()
    };
    let data = ScheduleData {
        format: tariffs::schedule::FORMAT.to_string(),
        importers: vec![ImporterData {
            country: imp.country,
            currency: imp.currency,
            base: None,
            measures: vec![m],
            exemptions: Vec::new(),
            fees: Vec::new(),
            prohibitions: Vec::new(),
            remove: Vec::new(),
        }],
        ..Default::default()
    };
    Schedule::from_data(data, "one measure").expect("a measure of the builtin compiles alone")
}

/// Every measure of the builtin, quoted alone: its line shows the short
/// form, which measures the same duty as the rate of the schedule (read
/// back, it gives the line's amount), and `legal_text` is the schedule's
/// rate text (`None` for a floor).
#[test]
fn every_measure_of_the_builtin_shows_a_short_rate_that_measures_its_duty() {
    let builtin = Schedule::builtin();
    let value = Decimal::from(1000);
    let seven = Decimal::from(7);
    let mut forms: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0;
    for imp in &builtin.data().importers {
        let origin = if imp.country.as_str() == "DE" {
            "FR"
        } else {
            "DE"
        };
        for m in &imp.measures {
            let s = alone(imp, m);
            let rate = m.rate.clone();
            let floor = m.floor.as_ref().map(|f| f.rate.clone());
            let needs: Vec<(Unit, Option<String>)> = rate
                .iter()
                .flat_map(|r| r.needs())
                .map(|(u, b)| (u, b.map(str::to_string)))
                .collect();
            let mut q = Quantities::new();
            for (u, b) in &needs {
                match b {
                    Some(b) => q.set(*u, Some(b), seven),
                    None => q.set(*u, None, seven),
                }
            }
            let mut e = Entry::new(
                imp.country,
                origin.parse().unwrap(),
                "6109.10.00.12".parse().unwrap(),
                value,
                m.from,
            );
            e.quantities = q.clone();
            let quote = s
                .quote(&e)
                .unwrap_or_else(|err| panic!("{} alone does not quote: {err}", m.id));
            let line = quote
                .lines
                .iter()
                .find(|l| l.id.as_deref() == Some(m.id.as_str()))
                .unwrap_or_else(|| panic!("{} alone gives no line:\n{quote}", m.id));
            assert_eq!(line.kind, LineKind::Additional);
            assert_short(&line.rate, &m.id);
            // Read back, the short form gives the line's amount.
            let (text, expected_legal) = match (&rate, &floor) {
                (Some(r), None) => {
                    let t = line.rate.strip_prefix('+').unwrap_or_else(|| {
                        panic!("{}: the additional rate {:?} has no +", m.id, line.rate)
                    });
                    (t.to_string(), Some(r.to_string()))
                }
                (None, Some(_)) => {
                    let t = line.rate.strip_suffix(" all-in").unwrap_or_else(|| {
                        panic!("{}: the floor {:?} is not `N% all-in`", m.id, line.rate)
                    });
                    (t.to_string(), None)
                }
                _ => unreachable!("a measure has a rate or a floor"),
            };
            let back: Rate = text
                .parse()
                .unwrap_or_else(|err| panic!("{}: {text:?} does not parse: {err}", m.id));
            // Alone, with no base rate, a floor is its whole level.
            let amount = round_money(back.amount(value, &q).unwrap());
            assert_eq!(
                line.amount, amount,
                "{}: {:?} read back measures {amount}, the line {}",
                m.id, line.rate, line.amount
            );
            assert_eq!(
                line.legal_text.as_deref(),
                expected_legal.as_deref(),
                "{}",
                m.id
            );
            // The quantities given are the ones the rate needs (the check is
            // not vacuous on specific rates).
            for (u, b) in &needs {
                assert_eq!(q.quantity(*u, b.as_deref()), Some(seven));
            }
            *forms.entry(line.rate.clone()).or_default() += 1;
            n += 1;
        }
    }
    assert!(n > 300, "only {n} measures in the builtin");
    println!(
        "{n} measures of the builtin, {} distinct rate forms:",
        forms.len()
    );
    for (form, count) in &forms {
        println!("  {count:>4}  {form}");
    }
    for form in [
        "+20%",
        "+125%",
        "+25% on the steel content",
        "+$100 each",
        "15% all-in",
        "+0%",
    ] {
        assert!(forms.contains_key(form), "no measure shows {form:?}");
    }
}

/// A grid of entries on the builtin (importers, origins, goods, dates,
/// modes, values): no line of any kind shows a legal text or a long rate;
/// the base line's legal text is its rate, a measure's is its rate text in
/// the schedule, fees and exemptions have none.
#[test]
fn every_line_of_a_grid_of_builtin_quotes_shows_a_short_rate() {
    let s = Schedule::builtin();
    let legal: BTreeMap<(&str, &str), Option<String>> = s
        .data()
        .importers
        .iter()
        .flat_map(|i| {
            i.measures.iter().map(move |m| {
                (
                    (i.country.as_str(), m.id.as_str()),
                    m.rate.as_ref().map(Rate::to_string),
                )
            })
        })
        .collect();
    let us_origins = [
        "CN", "HK", "DE", "FR", "JP", "KR", "MX", "CA", "BR", "IN", "VN", "GB", "CH", "RU", "NI",
    ];
    let goods = [
        "6109.10.00.12", // T-shirts
        "7208.10.15",    // steel
        "7601.10.30",    // aluminium
        "7408.11.30",    // copper wire
        "8703.23.01",    // cars
        "4407.11.00",    // lumber
        "3004.90.92",    // medicines
        "8542.31.00",    // processors
        "0901.11.00",    // coffee
        "2709.00.20",    // crude oil (a specific base rate)
    ];
    let dates = [
        "2024-12-15",
        "2025-02-10",
        "2025-03-15",
        "2025-04-07",
        "2025-04-12",
        "2025-05-20",
        "2025-08-10",
        "2025-08-30",
        "2025-10-20",
        "2025-12-01",
        "2026-03-01",
        "2026-08-01",
        "2026-12-01",
    ];
    let mut forms: BTreeMap<(&str, String), usize> = BTreeMap::new();
    let mut lines = 0;
    let mut check =
        |imp: Option<&str>, origin: &str, hts: &str, date: &str, mode: &str, value: &str| {
            let e = EntryText {
                importer: imp,
                origin,
                hts,
                value,
                date,
                mode: Some(mode),
                quantities: vec![("kg", "100"), ("no", "10"), ("bbl", "10")],
                ..Default::default()
            }
            .parse()
            .unwrap();
            let Ok(q) = s.quote(&e) else { return };
            for l in &q.lines {
                let what = format!(
                    "{} line {} of {origin} {hts} {date} {mode}",
                    l.kind, l.authority
                );
                assert_short(&l.rate, &what);
                match l.kind {
                    LineKind::Base => {
                        assert_eq!(l.legal_text.as_deref(), Some(l.rate.as_str()), "{what}")
                    }
                    LineKind::Additional => {
                        let id = l.id.as_deref().unwrap();
                        let want = &legal[&(q.importer.as_str(), id)];
                        assert_eq!(l.legal_text.as_deref(), want.as_deref(), "{what}");
                        assert!(
                            l.rate.starts_with('+') || l.rate.ends_with("all-in"),
                            "{what}: {:?}",
                            l.rate
                        );
                    }
                    LineKind::Exemption | LineKind::Fee => assert_eq!(l.legal_text, None, "{what}"),
                }
                if l.kind != LineKind::Base {
                    *forms.entry((l.kind.as_str(), l.rate.clone())).or_default() += 1;
                }
                lines += 1;
            }
        };
    for origin in us_origins {
        for hts in goods {
            for date in dates {
                for (mode, value) in [("ocean", "5000"), ("express", "100"), ("postal", "50")] {
                    check(None, origin, hts, date, mode, value);
                }
            }
        }
    }
    for imp in ["CA", "CN"] {
        for hts in goods {
            for date in dates {
                check(Some(imp), "US", hts, date, "ocean", "5000");
            }
        }
    }
    assert!(lines > 5000, "only {lines} lines");
    println!(
        "{lines} lines, {} distinct rate forms (base lines left out):",
        forms.len()
    );
    for ((kind, form), count) in &forms {
        println!("  {kind:<10} {count:>5}  {form}");
    }
    for kind in [LineKind::Additional, LineKind::Exemption, LineKind::Fee] {
        assert!(
            forms.keys().any(|(k, _)| *k == kind.as_str()),
            "no {kind} line in the grid"
        );
    }
}

/// The short form of every shape of rate the parser reads, worked out by
/// hand from the forms of `src/rate/mod.rs`: as a rate (`short_text`) and
/// as a measure's additional duty (`additional_text`).
#[test]
fn short_forms_of_every_rate_shape() {
    let cases = [
        // (legal text, short_text, additional_text)
        ("Free", "Free", "+0%"),
        ("Free, under bond", "Free", "+0%"),
        ("6.5%", "6.5%", "+6.5%"),
        ("33 1/3%", "33 1/3%", "+33 1/3%"),
        ("2.2¢/kg", "2.2¢/kg", "+2.2¢/kg"),
        ("$1.035/kg + 17%", "$1.035/kg + 17%", "+$1.035/kg + 17%"),
        ("89.6¢/1000", "89.6¢/1000", "+89.6¢/1000"),
        ("0.9¢ each", "0.9¢ each", "+0.9¢ each"),
        ("5.3¢/kg on drained weight", "5.3¢/kg on drained weight", "+5.3¢/kg on drained weight"),
        ("6% on the case", "6% on the case", "+6% on the case"),
        (
            "57¢ each + 3.7¢/jewel over 7 + 4.9% on the case",
            "57¢ each + 3.7¢/jewel over 7 + 4.9% on the case",
            "+57¢ each + 3.7¢/jewel over 7 + 4.9% on the case",
        ),
        ("6%, but not less than 1.5¢/kg", "6% (min 1.5¢/kg)", "+6% (min 1.5¢/kg)"),
        ("20%, but not more than $1/kg", "20% (max $1/kg)", "+20% (max $1/kg)"),
        (
            "1.4¢/kg less 0.020¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 0.9¢/kg",
            "1.4¢/kg less 0.02¢/kg per degree under 100 (min 0.9¢/kg)",
            "+1.4¢/kg less 0.02¢/kg per degree under 100 (min 0.9¢/kg)",
        ),
        ("The duty provided in the applicable subheading + 25%", "+25%", "+25%"),
        ("The duty provided in the applicable subheading + 0%", "+0%", "+0%"),
        ("The duty provided in the applicable subheading", "+0%", "+0%"),
        ("No change", "+0%", "+0%"),
        ("The duty rate provided in such subheading minus 0.5%", "-0.5%", "-0.5%"),
        ("See additional U.S. note 2", "See additional U.S. note 2", "See additional U.S. note 2"),
    ];
    for (legal, short, additional) in cases {
        let r: Rate = legal.parse().unwrap_or_else(|e| panic!("{legal:?}: {e}"));
        assert_eq!(r.short_text(), short, "short form of {legal:?}");
        assert_eq!(
            r.additional_text(),
            additional,
            "additional form of {legal:?}"
        );
    }
}

/// The text of a quote of the fixture, worked out by hand: CN T-shirts,
/// $10,000 by ocean on 2025-04-12: base 16.5% = 1,650.00; IEEPA fentanyl
/// 20% (the fixture writes `20%`) = 2,000.00; IEEPA reciprocal 125%
/// = 12,500.00 (it displaces the 10% baseline); MPF 0.3464% = 34.64
/// (between 32.71 and 634.62); HMF 0.125% = 12.50. Columns as wide as
/// their widest cell (kind 10, authority 16, heading 12, amount 5 + 3,
/// rate 35), two spaces apart; amounts right-aligned.
#[test]
fn the_text_quote_aligns_its_columns() {
    let s = Schedule::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schedule.json"
    ))
    .unwrap();
    let e = EntryText {
        origin: "CN",
        hts: "6109.10.00.12",
        value: "10000",
        date: "2025-04-12",
        mode: Some("ocean"),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let text = s.quote(&e).unwrap().to_string();
    let expected = "\
US import of 6109.10.00.12 from CN on 2025-04-12 by ocean, customs value 10000 USD
  base        mfn               6109.10.00     1650.00  16.5%                                [column 1 general rate of 6109.10.00 (2025 basic)]
  additional  ieepa_fentanyl    9903.01.24     2000.00  +20%                                 [fixture: additional 20% on products of China]
  additional  ieepa_reciprocal  9903.01.63    12500.00  +125%                                [fixture: 125% on products of China, replacing the baseline]
  fee         mpf               19 CFR 24.23     34.64  0.3464% (min 32.71, max 634.62 USD)  [fixture: merchandise processing fee, formal entries]
  fee         hmf               19 CFR 24.24     12.50  0.125%                               [fixture: harbor maintenance fee, ocean only]
  not applied: de_minimis 19 U.S.C. 1321 (de-minimis): applies only when the value does not exceed 800 USD; value is 10000.00 USD
  not applied: ieepa_reciprocal 9903.01.25 (world-10): displaced by cn-125 (ieepa_reciprocal 9903.01.63) under the stacking rules
  duty 16150.00 + fees 47.14 = total 16197.14 USD (effective duty rate 161.5%)";
    assert_eq!(text, expected, "\n{text}\n");
}

/// A quote made by hand: amounts at other scales line up on the decimal
/// point, widths count characters (`≤` is three bytes, one character), a
/// line without a heading shows `-`.
#[test]
fn the_text_quote_aligns_decimal_points_and_counts_characters() {
    use std::sync::Arc;
    use tariffs::{Line, Quote};
    let line = |kind, authority: &str, heading: Option<&str>, rate: &str, amount: &str| Line {
        kind,
        authority: Arc::from(authority),
        heading: heading.map(Arc::from),
        id: None,
        rate: rate.to_string(),
        legal_text: None,
        base: Decimal::from(100),
        amount: amount.parse().unwrap(),
        reason: "why".to_string(),
        source: Arc::from("src"),
    };
    let q = Quote {
        importer: "US".parse().unwrap(),
        origin: "CN".parse().unwrap(),
        code: "6109.10.00".parse().unwrap(),
        entry_date: "2025-04-12".parse().unwrap(),
        mode: "ocean".parse().unwrap(),
        currency: "USD".parse().unwrap(),
        customs_value: Decimal::from(100),
        lines: vec![
            line(LineKind::Base, "mfn", Some("6109.10.00"), "16.5%", "5"),
            line(
                LineKind::Exemption,
                "de_minimis",
                None,
                "value ≤ 800 USD",
                "0.125",
            ),
            line(LineKind::Fee, "hmf", Some("x"), "¢", "123.4"),
        ],
        excluded: Vec::new(),
        duty: Decimal::ZERO,
        fees: Decimal::ZERO,
        total: Decimal::ZERO,
        effective_rate: Decimal::ZERO,
        notes: Vec::new(),
        warnings: Vec::new(),
    };
    let text = q.to_string();
    let lines: Vec<&str> = text.lines().skip(1).take(3).collect();
    assert_eq!(
        lines,
        [
            "  base       mfn         6109.10.00    5      16.5%            [why]",
            "  exemption  de_minimis  -             0.125  value ≤ 800 USD  [why]",
            "  fee        hmf         x           123.4    ¢                [why]",
        ]
    );
}

/// A floor that counts more than the base duty says which lines it counts;
/// the usual one (`mfn` only) is `15% all-in`.
#[test]
fn a_floor_counting_more_than_the_base_names_what_it_counts() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rate_of = |doc: &serde_json::Value| {
        let s = Schedule::from_json(&doc.to_string()).unwrap();
        let e = EntryText {
            origin: "DE",
            hts: "6109.10.00.12",
            value: "1000",
            date: "2025-09-01",
            ..Default::default()
        }
        .parse()
        .unwrap();
        let q = s.quote(&e).unwrap();
        let l = q
            .lines
            .iter()
            .find(|l| l.id.as_deref() == Some("eu-floor"))
            .unwrap();
        (l.rate.clone(), l.legal_text.clone())
    };
    assert_eq!(rate_of(&doc), ("15% all-in".to_string(), None));
    let floor = doc["importers"][0]["measures"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|m| m["id"] == "eu-floor")
        .unwrap();
    floor["floor"]["counts"] = serde_json::json!(["mfn", "section_232"]);
    assert_eq!(
        rate_of(&doc),
        ("15% all-in (counting mfn, section_232)".to_string(), None)
    );
}
