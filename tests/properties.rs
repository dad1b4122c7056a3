//! Property tests of the invariants listed in DESIGN.md, on the test fixture
//! schedule (tests/fixtures/schedule.json) and on generated inputs. Every
//! quote and batch the tests produce passes through [`quote`] and
//! [`batch_ok`], which check the invariants of `Quote::check_invariants`
//! and `BatchResult::check_invariants`.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use rust_decimal::Decimal;
use std::sync::OnceLock;
use tariffs::{
    BatchResult, Date, Entry, EntryText, Error, HtsCode, LineKind, Quote, Rate, Schedule,
};

/// `s.quote(e)`, with the invariants of a quote checked when it quotes.
fn quote(s: &Schedule, e: &Entry) -> Result<Quote, Error> {
    let r = s.quote(e);
    if let Ok(q) = &r {
        if let Err(m) = q.check_invariants() {
            panic!("invariant broken: {m}\nentry {e:?}\n{q}");
        }
        check_totals(q);
    }
    r
}

/// A batch result, its invariants checked.
fn batch_ok(b: BatchResult) -> BatchResult {
    if let Err(m) = b.check_invariants() {
        panic!("batch invariant broken: {m}");
    }
    b
}

fn fixture() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| {
        Schedule::from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schedule.json"
        ))
        .unwrap()
    })
}

const CODES: [&str; 7] = [
    "6109.10.00.12",
    "0406.10.10",
    "1806.20.24",
    "2709.00.10",
    "8703.23.01.90",
    "4901.99.00",
    "6109.10.00",
];
const ORIGINS: [&str; 9] = ["CN", "VN", "MX", "CA", "DE", "FR", "JP", "CU", "HK"];
const MODES: [&str; 6] = ["ocean", "air", "truck", "rail", "postal", "express"];

fn entry_strategy() -> impl Strategy<Value = Entry> {
    (
        0..CODES.len(),
        0..ORIGINS.len(),
        0u64..200_000_000,
        0i32..730,
        0..MODES.len(),
        any::<bool>(),
        0u32..5000,
    )
        .prop_map(|(c, o, cents, day, m, usmca, qty)| {
            let date = Date::from_ymd(2025, 1, 1)
                .unwrap()
                .add_days(day)
                .to_string();
            let value = Decimal::new(cents as i64, 2).to_string();
            let qty = qty.to_string();
            let mut t = EntryText {
                origin: ORIGINS[o],
                hts: CODES[c],
                value: &value,
                date: &date,
                mode: Some(MODES[m]),
                quantities: vec![("kg", &qty), ("bbl", &qty), ("no", &qty)],
                ..Default::default()
            };
            if usmca {
                t.claims.push("USMCA");
            }
            t.parse().unwrap()
        })
}

fn check_totals(q: &Quote) {
    let duty: Decimal = q
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Base | LineKind::Additional))
        .map(|l| l.amount)
        .sum();
    let fees: Decimal = q
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Fee)
        .map(|l| l.amount)
        .sum();
    assert_eq!(q.duty, duty);
    assert_eq!(q.fees, fees);
    assert_eq!(q.total, duty + fees);
    for l in &q.lines {
        assert!(
            !l.amount.is_sign_negative() || l.amount.is_zero(),
            "negative line {l:?}"
        );
        assert_eq!(
            l.amount,
            l.amount.round_dp(2),
            "line not rounded to the cent: {l:?}"
        );
    }
    assert!(q.effective_rate >= Decimal::ZERO);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        let _ = Rate::parse(&s);
        let _ = s.parse::<HtsCode>();
        let _ = s.parse::<tariffs::Country>();
        let _ = s.parse::<Date>();
        let _ = tariffs::rate::parse_special(&s);
        let _ = tariffs::parse_decimal("value", &s);
        let _ = Schedule::from_json(&s);
    }

    #[test]
    fn rate_like_strings_never_panic(s in "[0-9$¢%./ +a-z,()-]{0,40}") {
        if let Ok(r) = Rate::parse(&s) {
            let _ = r.amount(Decimal::ONE_HUNDRED, &tariffs::Quantities::new().with(tariffs::Unit::Kg, Decimal::TEN));
            let _ = r.to_string();
        }
    }

    #[test]
    fn entry_text_never_panics(origin in ".{0,4}", hts in "[0-9. a]{0,14}", value in "[-0-9.e]{0,12}",
                               date in "[0-9-]{0,11}", mode in "[a-z]{0,8}", q in "[a-z_\\[\\] ]{0,12}") {
        let t = EntryText { origin: &origin, hts: &hts, value: &value, date: &date, mode: Some(&mode),
                            quantities: vec![(&q, &value)], ..Default::default() };
        if let Ok(e) = t.parse() {
            let _ = quote(fixture(), &e);
        }
    }

    #[test]
    fn quotes_never_panic_and_totals_are_sums_of_lines(e in entry_strategy()) {
        let _ = quote(fixture(), &e);
    }

    #[test]
    fn huge_values_are_errors_or_quotes_never_panics(mant in any::<i64>(), scale in 0u32..28, c in 0..CODES.len(),
                                                      o in 0..ORIGINS.len(), big in any::<bool>()) {
        let v = if big { Decimal::MAX } else { Decimal::new(mant, scale).abs() };
        for date in ["2025-04-15", "2025-08-10"] {
            let e = Entry::new("US".parse().unwrap(), ORIGINS[o].parse().unwrap(), CODES[c].parse().unwrap(), v,
                               date.parse().unwrap())
                .with_quantity(tariffs::Unit::Kg, Decimal::MAX)
                .with_quantity(tariffs::Unit::Number, Decimal::MAX);
            let _ = quote(fixture(), &e);
        }
    }

    #[test]
    fn ad_valorem_duty_is_linear_up_to_rounding(a in 0u64..1_000_000_000, b in 0u64..1_000_000_000) {
        // VN T-shirts in 2025-03 pay only MFN 16.5% (ad valorem). Each duty is
        // the exact 16.5% rounded to the cent, so duty(a+b) differs from
        // duty(a)+duty(b) by at most one cent.
        let q = |cents: u64| {
            let v = Decimal::new(cents as i64, 2);
            let e = Entry::new("US".parse().unwrap(), "VN".parse().unwrap(), "6109.10.00".parse().unwrap(), v,
                               "2025-03-01".parse().unwrap()).with_mode(tariffs::Mode::Air);
            (v, quote(fixture(), &e).unwrap().duty)
        };
        let ((va, da), (vb, db), (vab, dab)) = (q(a), q(b), q(a + b));
        let exact = |v: Decimal| if v <= Decimal::from(800) { Decimal::ZERO } else { v * Decimal::new(165, 3) };
        prop_assert!((da - exact(va)).abs() <= Decimal::new(5, 3));
        prop_assert!((db - exact(vb)).abs() <= Decimal::new(5, 3));
        prop_assert!((dab - exact(vab)).abs() <= Decimal::new(5, 3));
        if va > Decimal::from(800) && vb > Decimal::from(800) {
            prop_assert!((dab - da - db).abs() <= Decimal::new(1, 2));
        }
    }

    #[test]
    fn rates_round_trip_through_display(
        pct in 0u32..100_000, cents in 1u32..100_000, unit in 0usize..8, per1000 in any::<bool>(), compound in any::<bool>()
    ) {
        let units = ["/kg", " each", "/doz.", "/liter", "/m2", "/t", "/gross", "/pf. liter"];
        let money = if cents < 100 { format!("{}¢", Decimal::new(cents as i64, 1)) } else { format!("${}", Decimal::new(cents as i64, 2)) };
        let spec = if per1000 { format!("{money}/1000") } else { format!("{money}{}", units[unit]) };
        let text = if compound { format!("{spec} + {}%", Decimal::new(pct as i64, 1)) } else { spec };
        let r = Rate::parse(&text).unwrap();
        let again = Rate::parse(&r.to_string()).unwrap();
        prop_assert_eq!(&r, &again);
        prop_assert_eq!(r.to_string(), again.to_string());
    }

    #[test]
    fn validity_applies_on_from_and_not_on_until(from_day in 0i32..600, len in 1i32..300) {
        let from = Date::from_ymd(2025, 1, 1).unwrap().add_days(from_day);
        let until = from.add_days(len);
        let json = format!(r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD",
            "base": {{"source": "t", "lines": [{{"code": "6109.10.00", "general": "10%", "from": "2024-01-01"}}]}},
            "measures": [{{"id": "m", "authority": "x", "description": "m", "rate": "5%", "origins": {{"include": ["*"]}},
              "from": "{from}", "until": "{until}", "source": "s"}}]}}]}}"#);
        let s = Schedule::from_json(&json).unwrap();
        let duty_on = |d: Date| quote(&s, &Entry::new("US".parse().unwrap(), "VN".parse().unwrap(),
            "6109.10.00".parse().unwrap(), Decimal::ONE_THOUSAND, d)).unwrap().duty;
        prop_assert_eq!(duty_on(from.add_days(-1)), Decimal::new(10000, 2));
        prop_assert_eq!(duty_on(from), Decimal::new(15000, 2));
        prop_assert_eq!(duty_on(until.add_days(-1)), Decimal::new(15000, 2));
        prop_assert_eq!(duty_on(until), Decimal::new(10000, 2));
    }
}

#[test]
fn quotes_are_identical_across_threads_and_input_order() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let entries: Vec<Entry> = (0..2000)
        .map(|_| entry_strategy().new_tree(&mut runner).unwrap().current())
        .collect();
    let serial: Vec<String> = entries
        .iter()
        .map(|e| match quote(fixture(), e) {
            Ok(q) => q.to_json(),
            Err(err) => err.to_string(),
        })
        .collect();
    // Reversed order gives the same per-entry answers.
    let mut reversed: Vec<String> = entries
        .iter()
        .rev()
        .map(|e| {
            quote(fixture(), e)
                .map(|q| q.to_json())
                .unwrap_or_else(|err| err.to_string())
        })
        .collect();
    reversed.reverse();
    assert_eq!(serial, reversed);
    // Four threads, interleaved chunks, one shared schedule.
    let results: Vec<(usize, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let entries = &entries;
                s.spawn(move || {
                    (t..entries.len())
                        .step_by(4)
                        .map(|i| {
                            let r = quote(fixture(), &entries[i])
                                .map(|q| q.to_json())
                                .unwrap_or_else(|e| e.to_string());
                            (i, r)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(results.len(), entries.len());
    for (i, r) in results {
        assert_eq!(r, serial[i]);
    }
    // At least some entries quoted successfully (the generator is not all errors).
    assert!(serial.iter().filter(|s| s.starts_with('{')).count() > 1000);
}

#[test]
fn batch_equals_one_by_one() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let entries: Vec<Entry> = (0..10_000)
        .map(|_| entry_strategy().new_tree(&mut runner).unwrap().current())
        .collect();
    let b = batch_ok(fixture().quote_batch(&entries));
    assert_eq!(b.len(), entries.len());
    let mut ok = 0;
    for (i, e) in entries.iter().enumerate() {
        match quote(fixture(), e) {
            Ok(q) => {
                ok += 1;
                assert!(b.errors[i].is_none(), "row {i}: {:?}", b.errors[i]);
                assert_eq!(
                    (b.duty[i], b.fees[i], b.total[i]),
                    (q.duty, q.fees, q.total),
                    "row {i}"
                );
                assert_eq!(b.effective_rate[i], q.effective_rate);
                for a in &b.authorities {
                    assert_eq!(
                        b.amount(i, a).unwrap(),
                        q.amount_of(a),
                        "row {i} authority {a}"
                    );
                }
            }
            Err(err) => assert_eq!(b.errors[i].as_deref(), Some(&err), "row {i}"),
        }
    }
    assert!(ok > 5000, "too few successful rows: {ok}");
    // An empty schedule: every row is an UnknownImporter error, none is lost.
    let empty = Schedule::from_json(r#"{"format": "tariffs-schedule/1"}"#).unwrap();
    let b = batch_ok(empty.quote_batch(&entries[..10]));
    assert_eq!(b.len(), 10);
    assert!(b
        .errors
        .iter()
        .all(|e| matches!(e.as_deref(), Some(tariffs::Error::UnknownImporter { .. }))));
}

#[test]
fn effective_rates_match_one_by_one_quotes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let basket: Vec<Entry> = (0..3000)
        .map(|_| entry_strategy().new_tree(&mut runner).unwrap().current())
        .collect();
    let r = fixture().effective_rates(&basket);
    let (mut value, mut duty, mut errors) = (Decimal::ZERO, Decimal::ZERO, 0);
    let mut cn = (Decimal::ZERO, Decimal::ZERO);
    let mut s301 = Decimal::ZERO;
    for e in &basket {
        match quote(fixture(), e) {
            Ok(q) => {
                value += q.customs_value;
                duty += q.duty;
                s301 += q.amount_of("ieepa_fentanyl");
                if e.origin.as_str() == "CN" {
                    cn.0 += q.customs_value;
                    cn.1 += q.duty;
                }
            }
            Err(_) => errors += 1,
        }
    }
    assert_eq!(r.errors.len(), errors);
    assert_eq!((r.overall.value, r.overall.duty), (value, duty));
    let rcn = &r.by_origin[&"CN".parse().unwrap()];
    assert_eq!((rcn.value, rcn.duty), cn);
    assert_eq!(r.by_authority["ieepa_fentanyl"].duty, s301);
    assert!(!r.by_authority.contains_key("mpf"), "fees are not duties");
    // By-authority duties add up to the overall duty.
    let sum: Decimal = r.by_authority.values().map(|w| w.duty).sum();
    assert_eq!(sum, r.overall.duty);
}

/// Each entry repeated at several values (some around the $800 de minimis
/// threshold) and on the following days, so that the batch reuses cached
/// quote structures across values and dates of one rule period.
fn columns_of(entries: &[Entry]) -> Vec<Entry> {
    let values = ["0", "54", "799.99", "800", "800.01", "2500", "123456.78"];
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for (j, v) in values.iter().enumerate().skip(i % 3) {
            let mut e = e.clone();
            e.value = v.parse().unwrap();
            e.entry_date = e.entry_date.add_days((j % 3) as i32);
            out.push(e);
        }
    }
    out
}

fn check_columns_match_quotes(s: &Schedule, entries: &[Entry]) -> usize {
    use tariffs::{EntryColumns, Unit};
    let codes: Vec<_> = entries.iter().map(|e| e.code).collect();
    let origins: Vec<_> = entries.iter().map(|e| e.origin).collect();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    let dates: Vec<_> = entries.iter().map(|e| e.entry_date).collect();
    let modes: Vec<_> = entries.iter().map(|e| e.mode).collect();
    let claims: Vec<Vec<String>> = entries.iter().map(|e| e.claims.clone()).collect();
    let loaded: Vec<_> = entries.iter().map(|e| e.loaded_on).collect();
    let units = [Unit::Kg, Unit::Barrel, Unit::Number];
    let qty: Vec<Vec<Option<Decimal>>> = units
        .iter()
        .map(|u| {
            entries
                .iter()
                .map(|e| e.quantities.iter().find(|q| q.unit == *u).map(|q| q.amount))
                .collect()
        })
        .collect();
    let mut cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_modes(&modes)
        .with_claims(&claims)
        .with_loaded_on(&loaded);
    for (u, q) in units.iter().zip(&qty) {
        cols = cols.with_quantity(*u, None, q);
    }
    let c = batch_ok(s.quote_columns(&cols).unwrap());
    let b = batch_ok(s.quote_batch(entries));
    assert_eq!(c.len(), entries.len());
    let mut ok = 0;
    for (i, e) in entries.iter().enumerate() {
        match quote(s, e) {
            Ok(q) => {
                ok += 1;
                for r in [&b, &c] {
                    assert!(r.errors[i].is_none(), "row {i}: {:?}", r.errors[i]);
                    assert_eq!(
                        (
                            r.value[i],
                            r.duty[i],
                            r.fees[i],
                            r.total[i],
                            r.effective_rate[i]
                        ),
                        (q.customs_value, q.duty, q.fees, q.total, q.effective_rate),
                        "row {i}: {e:?}"
                    );
                    for a in &r.authorities {
                        assert_eq!(r.amount(i, a).unwrap(), q.amount_of(a), "row {i} {a}");
                    }
                }
            }
            Err(err) => {
                assert_eq!(b.errors[i].as_deref(), Some(&err), "row {i}");
                assert_eq!(c.errors[i].as_deref(), Some(&err), "row {i}");
            }
        }
    }
    ok
}

#[test]
fn columns_equal_one_by_one_on_the_fixture() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let base: Vec<Entry> = (0..1500)
        .map(|_| entry_strategy().new_tree(&mut runner).unwrap().current())
        .collect();
    let entries = columns_of(&base);
    let ok = check_columns_match_quotes(fixture(), &entries);
    assert!(ok > entries.len() / 2, "too few successful rows: {ok}");
}

#[test]
fn columns_equal_one_by_one_on_the_builtin_schedule() {
    let s = Schedule::builtin();
    if s.importers().is_empty() {
        return;
    }
    // Real lines under the 2025-2026 measures: apparel, steel, aluminium,
    // cars and parts, copper, lumber, phones, toys, soybeans, crude oil.
    let codes = [
        "6109.10.00.12",
        "7208.10.15.00",
        "7606.12.30.90",
        "8703.23.01.90",
        "8708.29.50.60",
        "7408.11.60.00",
        "4407.11.00.10",
        "8517.13.00.00",
        "9503.00.00.90",
        "1201.90.00.95",
        "2709.00.20.10",
        "9403.60.80.81",
        "6404.19.90.60",
        "0406.10.10",
        // Not a tariff line: its error names each row's own date.
        "9999.99.99.99",
    ];
    let origins = [
        "CN", "HK", "CA", "MX", "DE", "JP", "VN", "IN", "BR", "GB", "RU", "KR", "CH", "AU",
    ];
    let modes = ["ocean", "air", "truck", "postal", "express"];
    let mut base = Vec::new();
    let mut k = 0usize;
    for (ci, c) in codes.iter().enumerate() {
        for (oi, o) in origins.iter().enumerate() {
            for d in 0..6 {
                k += 1;
                let day = Date::from_ymd(2025, 1, 20)
                    .unwrap()
                    .add_days((d * 101 + ci * 7 + oi * 3) as i32 % 600);
                let date = day.to_string();
                // Loaded on 2025-04-01, or on the entry date if that is
                // earlier (goods cannot be loaded after they are entered).
                let loaded = day.min("2025-04-01".parse().unwrap()).to_string();
                let mut t = EntryText {
                    origin: o,
                    hts: c,
                    value: "100",
                    date: &date,
                    mode: Some(modes[k % modes.len()]),
                    quantities: vec![("kg", "12.5"), ("no", "3"), ("bbl", "7")],
                    ..Default::default()
                };
                if k % 4 == 0 {
                    t.claims.push("USMCA");
                }
                if k % 5 == 0 {
                    t.loaded_on = Some(&loaded);
                }
                base.push(t.parse().unwrap());
            }
        }
    }
    let entries = columns_of(&base);
    let ok = check_columns_match_quotes(&s, &entries);
    assert!(ok > entries.len() / 2, "too few successful rows: {ok}");
}

#[test]
fn columns_that_do_not_fit_are_refused_with_the_field() {
    use tariffs::EntryColumns;
    let codes = ["6109.10.00".parse().unwrap(); 2];
    let origins = ["CN".parse().unwrap()];
    let values = [Decimal::ONE; 2];
    let dates = ["2025-03-10".parse().unwrap(); 2];
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates);
    let err = fixture().quote_columns(&cols).unwrap_err();
    assert_eq!(err.field(), Some("origins"));
    assert!(err.to_string().contains("1 rows"), "{err}");
}

#[test]
fn effective_rates_over_dates_match_re_dated_quotes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let basket: Vec<Entry> = (0..800)
        .map(|_| entry_strategy().new_tree(&mut runner).unwrap().current())
        .collect();
    let dates: Vec<Date> = ["2025-01-15", "2025-03-10", "2025-05-02", "2026-03-01"]
        .iter()
        .map(|d| d.parse().unwrap())
        .collect();
    let series = fixture().effective_rates_over(&basket, &dates);
    assert_eq!(series.len(), dates.len());
    for (d, r) in &series {
        let (mut value, mut duty, mut errors) = (Decimal::ZERO, Decimal::ZERO, 0);
        let mut ch61 = (Decimal::ZERO, Decimal::ZERO);
        for e in &basket {
            let mut e = e.clone();
            e.entry_date = *d;
            match quote(fixture(), &e) {
                Ok(q) => {
                    value += q.customs_value;
                    duty += q.duty;
                    if e.code.to_string().starts_with("61") {
                        ch61.0 += q.customs_value;
                        ch61.1 += q.duty;
                    }
                }
                Err(_) => errors += 1,
            }
        }
        assert_eq!(r.errors.len(), errors, "{d}");
        assert_eq!((r.overall.value, r.overall.duty), (value, duty), "{d}");
        let c = &r.by_chapter["61"];
        assert_eq!((c.value, c.duty), ch61, "{d}");
    }
    // The rates move with the dates: CN T-shirts carry 10% fentanyl duty
    // from 2025-02-04 and 20% from 2025-03-04, so the series is not flat.
    assert_ne!(series[0].1.overall.duty, series[1].1.overall.duty);
}

/// Entries built by hand, good and bad: values from 0 to past the limits
/// (negative, 10 decimals, the largest decimal), quantities missing, huge
/// or negative, unknown codes, dates before the schedule, loading dates
/// after the entry date, bad and too many claims, foreign currencies with
/// and without a usable exchange rate.
fn any_entry_strategy() -> impl Strategy<Value = Entry> {
    let value = prop_oneof![
        4 => (0i64..200_000_000).prop_map(|c| Decimal::new(c, 2)),
        1 => Just(Decimal::ZERO),
        1 => Just(Decimal::new(-1, 2)),
        1 => Just(tariffs::limits::MAX_VALUE),
        1 => Just(Decimal::new(10_000_000_000_000_001, 1)),
        1 => Just(Decimal::new(12_345_678_901, 10)),
        1 => Just(Decimal::MAX),
    ];
    let qty = prop_oneof![
        3 => (0i64..5000).prop_map(|n| Some(Decimal::from(n))),
        1 => Just(None),
        1 => Just(Some(tariffs::limits::MAX_QUANTITY)),
        1 => Just(Some(Decimal::MAX)),
        1 => Just(Some(Decimal::NEGATIVE_ONE)),
    ];
    let claims = prop_oneof![
        4 => Just(vec![]),
        2 => Just(vec!["USMCA".to_string()]),
        1 => Just(vec!["US MCA".to_string()]),
        1 => Just(vec!["USMCA".to_string(); 40]),
    ];
    let fx = prop_oneof![
        6 => Just((None, None)),
        1 => Just((Some("EUR"), Some(Decimal::new(108, 2)))),
        1 => Just((Some("EUR"), None)),
        1 => Just((Some("EUR"), Some(Decimal::ZERO))),
        1 => Just((Some("EUR"), Some(Decimal::from(2_000_000)))),
        1 => Just((Some("JPY"), Some(Decimal::new(67, 4)))),
    ];
    (
        (
            0..CODES.len() + 1,
            0..ORIGINS.len(),
            value,
            -30i32..760,
            0..MODES.len(),
        ),
        (
            qty.clone(),
            qty,
            claims,
            fx,
            prop_oneof![Just(None), Just(Some(-20i32)), Just(Some(3i32))],
        ),
    )
        .prop_map(
            |((c, o, value, day, m), (kg, no, claims, (cur, rate), loaded))| {
                let code = CODES.get(c).copied().unwrap_or("9999.99.99");
                let date = Date::from_ymd(2025, 1, 1).unwrap().add_days(day);
                let mut e = Entry::new(
                    "US".parse().unwrap(),
                    ORIGINS[o].parse().unwrap(),
                    code.parse().unwrap(),
                    value,
                    date,
                )
                .with_mode(MODES[m].parse().unwrap());
                if let Some(kg) = kg {
                    e = e
                        .with_quantity(tariffs::Unit::Kg, kg)
                        .with_quantity(tariffs::Unit::Barrel, kg);
                }
                if let Some(no) = no {
                    e = e.with_quantity(tariffs::Unit::Number, no);
                }
                e.claims = claims;
                if let Some(c) = cur {
                    e = e.with_currency(c.parse().unwrap(), rate);
                }
                e.loaded_on = loaded.map(|d| date.add_days(d));
                e
            },
        )
}

/// The columns of `entries`, with every field they use.
fn quote_columns_of(s: &Schedule, entries: &[Entry]) -> BatchResult {
    use tariffs::EntryColumns;
    let codes: Vec<_> = entries.iter().map(|e| e.code).collect();
    let origins: Vec<_> = entries.iter().map(|e| e.origin).collect();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    let dates: Vec<_> = entries.iter().map(|e| e.entry_date).collect();
    let modes: Vec<_> = entries.iter().map(|e| e.mode).collect();
    let claims: Vec<Vec<String>> = entries.iter().map(|e| e.claims.clone()).collect();
    let loaded: Vec<_> = entries.iter().map(|e| e.loaded_on).collect();
    let currencies: Vec<_> = entries.iter().map(|e| e.currency).collect();
    let rates: Vec<_> = entries.iter().map(|e| e.exchange_rate).collect();
    let units = [
        tariffs::Unit::Kg,
        tariffs::Unit::Barrel,
        tariffs::Unit::Number,
    ];
    let qty: Vec<Vec<Option<Decimal>>> = units
        .iter()
        .map(|u| {
            entries
                .iter()
                .map(|e| e.quantities.iter().find(|q| q.unit == *u).map(|q| q.amount))
                .collect()
        })
        .collect();
    let mut cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_modes(&modes)
        .with_claims(&claims)
        .with_loaded_on(&loaded)
        .with_currencies(&currencies, &rates);
    for (u, q) in units.iter().zip(&qty) {
        cols = cols.with_quantity(*u, None, q);
    }
    batch_ok(s.quote_columns(&cols).unwrap())
}

/// Two batch results hold the same rows: equal amounts at the same scale,
/// the same errors and warnings.
fn assert_same_batch(a: &BatchResult, b: &BatchResult, what: &str) {
    let repr = |v: &[Decimal]| v.iter().map(|d| d.serialize()).collect::<Vec<_>>();
    assert_eq!(a.authorities, b.authorities, "{what}");
    for (x, y, col) in [
        (&a.value, &b.value, "value"),
        (&a.duty, &b.duty, "duty"),
        (&a.fees, &b.fees, "fees"),
        (&a.total, &b.total, "total"),
        (&a.effective_rate, &b.effective_rate, "effective_rate"),
        (&a.by_authority, &b.by_authority, "by_authority"),
    ] {
        assert_eq!(repr(x), repr(y), "{what}: {col}");
    }
    assert_eq!(a.errors, b.errors, "{what}: errors");
    assert_eq!(a.warnings, b.warnings, "{what}: warnings");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Good and bad entries together: a batch gives each row what quoting
    /// it alone gives (its amounts, or its own error), columns give the
    /// same as entries, and 1 thread gives the same as 4.
    #[test]
    fn batch_equals_one_by_one_and_threads_do_not_matter_on_any_entries(
        entries in proptest::collection::vec(any_entry_strategy(), 1..120)
    ) {
        let s = fixture();
        let pool = |n: usize| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        let one = pool(1).install(|| batch_ok(s.quote_batch(&entries)));
        let four = pool(4).install(|| batch_ok(s.quote_batch(&entries)));
        assert_same_batch(&one, &four, "quote_batch, 1 and 4 threads");
        let cols_one = pool(1).install(|| quote_columns_of(s, &entries));
        let cols_four = pool(4).install(|| quote_columns_of(s, &entries));
        assert_same_batch(&cols_one, &cols_four, "quote_columns, 1 and 4 threads");
        assert_same_batch(&one, &cols_one, "quote_batch and quote_columns");
        for (i, e) in entries.iter().enumerate() {
            match quote(s, e) {
                Ok(q) => {
                    prop_assert!(one.errors[i].is_none(), "row {}: {:?}, entry {:?}", i, one.errors[i], e);
                    prop_assert_eq!(
                        (one.value[i], one.duty[i], one.fees[i], one.total[i], one.effective_rate[i]),
                        (q.customs_value, q.duty, q.fees, q.total, q.effective_rate),
                        "row {}: {:?}", i, e
                    );
                    prop_assert_eq!(one.warnings[i] != 0, !q.warnings.is_empty());
                    for a in &one.authorities {
                        prop_assert_eq!(one.amount(i, a).unwrap(), q.amount_of(a), "row {} {}", i, a);
                    }
                }
                Err(err) => prop_assert_eq!(one.errors[i].as_deref(), Some(&err), "row {}: {:?}", i, e),
            }
        }
    }
}

/// The generator of bad entries is not all errors, nor all quotes, and
/// reaches the limits.
#[test]
fn any_entries_quote_and_fail_in_many_ways() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let entries: Vec<Entry> = (0..3000)
        .map(|_| {
            any_entry_strategy()
                .new_tree(&mut runner)
                .unwrap()
                .current()
        })
        .collect();
    let b = batch_ok(fixture().quote_batch(&entries));
    let kinds: std::collections::BTreeSet<&str> = b
        .errors
        .iter()
        .map(|e| e.as_deref().map_or("ok", |e| e.kind().as_str()))
        .collect();
    for k in [
        "ok",
        "too_large",
        "invalid_input",
        "unknown_code",
        "missing_quantity",
        "not_covered",
    ] {
        assert!(kinds.contains(k), "no {k} among {kinds:?}");
    }
}

/// The checkers catch what they check: a cent off a line, a total, a
/// batch cell, a rate, a scale.
#[test]
fn the_invariant_checkers_catch_broken_quotes_and_batches() {
    let e = EntryText {
        origin: "CN",
        hts: "6109.10.00",
        value: "10000",
        date: "2025-03-10",
        ..Default::default()
    }
    .parse()
    .unwrap();
    let q = quote(fixture(), &e).unwrap();
    let cent = Decimal::new(1, 2);
    type Break = Box<dyn Fn(&mut Quote)>;
    let broken: Vec<(&str, Break)> = vec![
        (
            "sum of the duty lines",
            Box::new(move |q| q.lines[0].amount += cent),
        ),
        ("total", Box::new(move |q| q.total += cent)),
        ("scale 2", Box::new(|q| q.duty.rescale(3))),
        (
            "negative",
            Box::new(|q| q.lines[0].amount.set_sign_negative(true)),
        ),
        (
            "effective rate",
            Box::new(|q| q.effective_rate += Decimal::new(1, 6)),
        ),
        ("scale 6", Box::new(|q| q.effective_rate.rescale(5))),
    ];
    for (want, f) in broken {
        let mut bad = q.clone();
        f(&mut bad);
        let m = bad.check_invariants().unwrap_err();
        assert!(m.contains(want), "{want}: {m}");
    }
    let b = batch_ok(fixture().quote_batch(&[e.clone(), e]));
    let mut bad = b.clone();
    bad.by_authority[0] += cent;
    assert!(bad.check_invariants().unwrap_err().starts_with("row 0"));
    let mut bad = b.clone();
    bad.total[1] += cent;
    assert!(bad.check_invariants().unwrap_err().contains("total"));
    let mut bad = b;
    bad.errors[1] = Some(Box::new(Error::UnknownImporter {
        importer: "XX".into(),
    }));
    assert!(bad.check_invariants().unwrap_err().contains("failed"));
}
