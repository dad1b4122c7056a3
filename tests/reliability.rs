//! Regression tests of issue 11 (reliability), core part: defects 1, 2 and
//! 7, the core part of 11 and the entry and rate limits. Each test failed
//! before its fix (a panic, an amount rounded to fewer than two decimals,
//! an error naming no field, an input echoed whole); expected amounts are
//! worked out by hand in the comments.

use tariffs::{
    Decimal, Entry, EntryColumns, EntryText, Error, Mode, Quantities, Rate, Schedule, Unit,
};

/// 2^96 - 1: the largest `Decimal`.
const BIG: &str = "79228162514264337593543950335";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A US schedule with the given base lines and fees (JSON arrays' bodies).
fn schedule(lines: &str, fees: &str) -> Schedule {
    Schedule::from_json(&format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD",
          "base": {{"source": "test", "lines": [{lines}]}},
          "fees": [{fees}]}}]}}"#
    ))
    .unwrap()
}

fn fixture() -> Schedule {
    Schedule::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schedule.json"
    ))
    .unwrap()
}

fn entry(hts: &str, value: &str) -> Entry {
    Entry::new(
        "US".parse().unwrap(),
        "VN".parse().unwrap(),
        hts.parse().unwrap(),
        d(value),
        "2025-03-10".parse().unwrap(),
    )
}

fn text<'a>(hts: &'a str, value: &'a str) -> EntryText<'a> {
    EntryText {
        origin: "VN",
        hts,
        value,
        date: "2025-03-10",
        ..Default::default()
    }
}

fn kind_field(e: &Error) -> (&'static str, Option<&str>) {
    (e.kind().as_str(), e.field())
}

// ------------------------------------------------------------------ defect 1

/// `79228162514264337593543950335 1/1%` is the largest decimal plus one:
/// the parser added the fraction unchecked and panicked ("Addition
/// overflowed"). Now: a `too_large` error naming the rate text.
#[test]
fn a_mixed_fraction_past_the_decimal_range_is_a_typed_error_naming_the_rate() {
    let rate = format!("{BIG} 1/1%");
    let e = Rate::parse(&rate).unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
    assert_eq!(e.value(), Some(rate.as_str()));
    assert!(e.to_string().contains("100000"), "{e}");
    // Past the limit by the fraction alone: 100000 + 1/2.
    let e = Rate::parse("100000 1/2%").unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
    // At the limit: 100,000% and 33 1/3% parse.
    assert!(Rate::parse("100000%").is_ok());
    assert!(Rate::parse("99999 1/1%").is_ok());
    assert!(Rate::parse("33 1/3%").is_ok());
    // In a long text the echoed rate is cut.
    let long = format!("{BIG} 1/1% + {}", "1% + ".repeat(100)) + "1%";
    let e = Rate::parse(&long).unwrap_err();
    let echoed = e.value().unwrap();
    assert!(
        echoed.len() < 200 && echoed.ends_with("more characters)"),
        "{echoed}"
    );
}

/// The same rate in a schedule (a measure, or a base line) and in
/// `scenario().set_rate`.
#[test]
fn the_overflowing_rate_fails_schedule_load_and_set_rate_without_a_panic() {
    let rate = format!("{BIG} 1/1%");
    let measure = format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD",
          "measures": [{{"id": "m", "authority": "a", "heading": "9903.01.24", "description": "d",
            "rate": "{rate}", "origins": {{"include": ["CN"]}}, "from": "2025-03-04", "source": "s"}}]}}]}}"#
    );
    let e = Schedule::from_json(&measure).unwrap_err();
    assert_eq!(e.kind(), "schedule");
    assert!(e.to_string().contains("too large"), "{e}");
    // A base line's rate is read when quoted: the quote names the text.
    let s = schedule(
        &format!(r#"{{"code": "6109.10.00", "general": "{rate}", "from": "2025-01-01"}}"#),
        "",
    );
    let e = s.quote(&entry("6109.10.00", "100")).unwrap_err();
    assert_eq!(e.kind(), "invalid_rate");
    assert!(e.to_string().contains(BIG), "{e}");
    let e = fixture()
        .scenario("US".parse().unwrap())
        .set_rate("cn-extra-20", &rate)
        .unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
}

// ------------------------------------------------------------------ defect 2

/// `$1/0.5` is $1 per half article, $2 an article: with the largest decimal
/// as the number of articles, the division overflowed and panicked.
#[test]
fn a_rate_per_fractional_unit_on_a_huge_quantity_is_an_overflow_naming_the_quantity() {
    let r = Rate::parse("$1/0.5").unwrap();
    // 10 articles: $20.
    let q = Quantities::new().with(Unit::Number, d("10"));
    assert_eq!(r.amount(Decimal::ONE, &q).unwrap(), d("20"));
    let q = Quantities::new().with(Unit::Number, d(BIG));
    let e = r.amount(Decimal::ONE, &q).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("quantities.no")));
    assert_eq!(e.value(), Some(BIG));
    assert!(e.to_string().contains("$1/0.5"), "{e}");
    // The same through a dozen count: 12 x BIG articles.
    let q = Quantities::new().with(Unit::Dozen, d(BIG));
    let e = r.amount(Decimal::ONE, &q).unwrap_err();
    assert_eq!(e.kind(), "overflow");
    // Every other term: ad valorem on a huge value, a specific rate, the
    // sugar degrees, a part's value.
    let huge = d(BIG);
    let e = Rate::parse("200%").unwrap().amount(huge, &()).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("value")));
    let q = Quantities::new().with(Unit::Kg, huge);
    let e = Rate::parse("$2/kg").unwrap().amount(huge, &q).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("quantities.kg")));
    let sugar = Rate::parse("$1.40/kg less 0.020¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 0.9¢/kg").unwrap();
    let q = Quantities::new()
        .with(Unit::Kg, huge)
        .with(Unit::Degrees, d("99"));
    let e = sugar.amount(Decimal::ONE, &q).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("quantities.kg")));
    let q = Quantities::new().with_basis(Unit::Value, "case", huge);
    let e = Rate::parse("200% on the case")
        .unwrap()
        .amount(Decimal::ONE, &q)
        .unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("quantities.value[case]")));
}

/// In a batch the bad row panicked the whole call; now it fails alone, in
/// `quote_batch` and in `quote_columns`, and the good rows keep their amounts.
#[test]
fn one_bad_row_fails_alone_in_quote_batch_and_quote_columns() {
    let s = schedule(
        r#"{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"},
           {"code": "9503.00.00", "general": "$1/0.5", "from": "2025-01-01"}"#,
        "",
    );
    let rows: [(&str, &str, Option<&str>); 5] = [
        ("6109.10.00", "1000", None),
        ("9503.00.00", "50", Some("10")),
        ("9503.00.00", "50", Some(BIG)),
        ("6109.10.00", "54", None),
        ("9503.00.00", "50", Some("1000000000000000")),
    ];
    // 16.5% of 1000 = 165.00; 10 x $2 = 20.00; 16.5% of 54 = 8.91;
    // 10^15 x $2 = 2,000,000,000,000,000.00 (the quantity limit itself).
    let want = ["165.00", "20.00", "", "8.91", "2000000000000000.00"];
    let entries: Vec<Entry> = rows
        .iter()
        .map(|(hts, v, no)| {
            let e = entry(hts, v);
            match no {
                Some(n) => e.with_quantity(Unit::Number, d(n)),
                None => e,
            }
        })
        .collect();
    let codes: Vec<_> = entries.iter().map(|e| e.code).collect();
    let origins: Vec<_> = entries.iter().map(|e| e.origin).collect();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    let dates: Vec<_> = entries.iter().map(|e| e.entry_date).collect();
    let no: Vec<Option<Decimal>> = rows.iter().map(|r| r.2.map(d)).collect();
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_quantity(Unit::Number, None, &no);
    for b in [s.quote_batch(&entries), s.quote_columns(&cols).unwrap()] {
        assert_eq!(b.len(), 5);
        for (i, w) in want.iter().enumerate() {
            if i == 2 {
                let e = b.errors[i].as_deref().expect("the bad row fails");
                assert_eq!(kind_field(e), ("too_large", Some("quantities.no")));
                assert_eq!(e.value(), Some(BIG));
                assert!(b.duty[i].is_zero() && b.total[i].is_zero());
            } else {
                assert!(b.errors[i].is_none(), "row {i}: {:?}", b.errors[i]);
                assert_eq!(b.duty[i].to_string(), *w, "row {i}");
                assert_eq!(b.total[i], b.duty[i], "row {i}");
            }
        }
        b.check_invariants().unwrap();
    }
}

/// A row whose amount overflows within the limits (a schedule fee of 10^27
/// on air shipments only) fails alone with an overflow error naming the
/// line; the ocean rows around it quote.
#[test]
fn one_overflowing_row_fails_alone_in_quote_batch_and_quote_columns() {
    let s = schedule(
        r#"{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}"#,
        r#"{"id": "air-fee", "authority": "airfee", "description": "d",
            "flat": "1000000000000000000000000000", "conditions": {"modes": ["air"]},
            "from": "2024-10-01", "source": "s"}"#,
    );
    let modes = [Mode::Ocean, Mode::Air, Mode::Ocean];
    let entries: Vec<Entry> = modes
        .iter()
        .map(|m| entry("6109.10.00", "1000").with_mode(*m))
        .collect();
    let codes: Vec<_> = entries.iter().map(|e| e.code).collect();
    let origins: Vec<_> = entries.iter().map(|e| e.origin).collect();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    let dates: Vec<_> = entries.iter().map(|e| e.entry_date).collect();
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_modes(&modes);
    let one = s.quote(&entries[1]).unwrap_err();
    assert_eq!(kind_field(&one), ("overflow", Some("value")));
    assert!(one.to_string().contains("airfee (air-fee)"), "{one}");
    for b in [s.quote_batch(&entries), s.quote_columns(&cols).unwrap()] {
        // 16.5% of 1000 = 165.00 on the ocean rows.
        assert_eq!(b.duty[0].to_string(), "165.00");
        assert_eq!(b.total[2].to_string(), "165.00");
        assert!(b.errors[0].is_none() && b.errors[2].is_none());
        assert_eq!(b.errors[1].as_deref(), Some(&one));
        b.check_invariants().unwrap();
    }
}

// ------------------------------------------------------------------ defect 7

/// 10^27 and more: the amounts were rounded to fewer than two decimals
/// (16.5% of 10^27 is 1.65 x 10^26, which fits, but 10^28 gave a duty at
/// scale 0). Values are now bounded at 10^15.
#[test]
fn values_past_the_limit_are_refused_not_rounded() {
    for v in [
        "10000000000000000000000000000",
        "1000000000000000000000000000",
        "1000000000000000.01",
    ] {
        let e = text("6109.10.00", v).parse().unwrap_err();
        assert_eq!(kind_field(&e), ("too_large", Some("value")), "{v}");
        assert!(e.to_string().contains("1000000000000000"), "{e}");
        // Built by hand, the entry is refused when quoted.
        let s = schedule(
            r#"{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}"#,
            "",
        );
        let e = s.quote(&entry("6109.10.00", v)).unwrap_err();
        assert_eq!(kind_field(&e), ("too_large", Some("value")), "{v}");
    }
}

/// At the bound every amount is exact to the cent and total = duty + fees.
#[test]
fn values_at_the_limit_are_exact_to_the_cent() {
    let s = schedule(
        r#"{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}"#,
        r#"{"id": "mpf", "authority": "mpf", "description": "d", "percent": "0.3464",
            "from": "2024-10-01", "source": "s"}"#,
    );
    let cases = [
        // 16.5% of 10^15 = 165,000,000,000,000; 0.3464% = 3,464,000,000,000.
        (
            "1000000000000000",
            "165000000000000.00",
            "3464000000000.00",
            "168464000000000.00",
        ),
        // 999,999,999,999,999.97 x 16.5% = 164,999,999,999,999.99505 -> .00 up;
        // x 0.3464% = 3,463,999,999,999.9998961 -> 3,464,000,000,000.00.
        (
            "999999999999999.97",
            "165000000000000.00",
            "3464000000000.00",
            "168464000000000.00",
        ),
        // 9 decimals: 0.123456789 x 16.5% = 0.020370370185 -> 0.02;
        // x 0.3464% = 0.000427654... -> 0.00.
        ("0.123456789", "0.02", "0.00", "0.02"),
        // 12,345,678,901,234.567890123 x 16.5% = 2,037,037,018,703.70370184...
        // -> 2,037,037,018,703.70; x 0.3464% = 42,765,431,713.876543...
        // -> 42,765,431,713.88.
        (
            "12345678901234.567890123",
            "2037037018703.70",
            "42765431713.88",
            "2079802450417.58",
        ),
    ];
    for (v, duty, fees, total) in cases {
        let q = s.quote(&text("6109.10.00", v).parse().unwrap()).unwrap();
        assert_eq!(
            (q.duty.to_string(), q.fees.to_string(), q.total.to_string()),
            (duty.to_string(), fees.to_string(), total.to_string()),
            "{v}"
        );
        q.check_invariants().unwrap();
        let b = s.quote_batch(&[q_entry(v)]);
        assert_eq!(
            (b.duty[0], b.fees[0], b.total[0]),
            (q.duty, q.fees, q.total)
        );
    }
}

fn q_entry(v: &str) -> Entry {
    text("6109.10.00", v).parse().unwrap()
}

/// Amounts computed from a schedule's own numbers (a fee's flat amount, its
/// percentage) are not bounded by the entry limits: one too large for its
/// cents was rounded (a total of 10^27 at scale 0); now it is an overflow
/// error naming the line, the field and the value.
#[test]
fn an_amount_too_large_for_its_cents_is_an_overflow_error() {
    let line = r#"{"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}"#;
    let fee = |body: &str| {
        format!(
            r#"{{"id": "big", "authority": "bigfee", "description": "d", {body},
                "from": "2024-10-01", "source": "s"}}"#
        )
    };
    // Just inside: 10^15 x 79,000,000,000,000% = 7.9 x 10^26, which has room
    // for its cents (7.9 x 10^28 < 2^96); duty 165,000,000,000,000.00.
    let s = schedule(line, &fee(r#""percent": "79000000000000""#));
    let q = s.quote(&q_entry("1000000000000000")).unwrap();
    assert_eq!(q.fees.to_string(), "790000000000000000000000000.00");
    assert_eq!(q.total.to_string(), "790000000000165000000000000.00");
    q.check_invariants().unwrap();
    // A flat fee of 10^27 cannot carry cents: before, it was kept at scale 0.
    let s = schedule(line, &fee(r#""flat": "1000000000000000000000000000""#));
    let e = s.quote(&q_entry("100")).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("value")));
    assert_eq!(e.value(), Some("100"));
    assert!(e.to_string().contains("bigfee (big)"), "{e}");
    // Two fees of 5 x 10^26 each fit, their sum does not.
    let half = fee(r#""flat": "500000000000000000000000000""#);
    let s = schedule(
        line,
        &format!("{half}, {}", half.replace("\"big\"", "\"big2\"")),
    );
    let e = s.quote(&q_entry("100")).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("value")));
    assert!(e.to_string().contains("fees"), "{e}");
    // The same rows in a batch fail alone.
    let b = s.quote_batch(&[q_entry("100"), q_entry("200")]);
    assert!(b
        .errors
        .iter()
        .all(|e| e.as_deref().is_some_and(|e| e.kind() == "overflow")));
    b.check_invariants().unwrap();
    // Past the range at the multiplication: 10^15 x 8 x 10^13 %.
    let s = schedule(line, &fee(r#""percent": "80000000000000""#));
    let e = s.quote(&q_entry("1000000000000000")).unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("value")));
    assert_eq!(e.value(), Some("1000000000000000"));
}

// ------------------------------------------------------------------ defect 11 (core)

/// A loading date after the entry date is impossible: refused, naming
/// `loaded_on`, from text, from a hand-built entry and in batches.
#[test]
fn a_loading_date_after_the_entry_date_is_refused() {
    let mut t = text("6109.10.00", "100");
    t.loaded_on = Some("2025-03-11");
    let e = t.parse().unwrap_err();
    assert_eq!(kind_field(&e), ("invalid_input", Some("loaded_on")));
    assert_eq!(e.value(), Some("2025-03-11"));
    assert!(e.to_string().contains("2025-03-10"), "{e}");
    t.loaded_on = Some("2025-03-10");
    assert!(t.parse().is_ok());
    let s = fixture();
    let late = entry("6109.10.00", "100").with_loaded_on("2025-03-11".parse().unwrap());
    assert_eq!(s.quote(&late).unwrap_err().field(), Some("loaded_on"));
    let b = s.quote_batch(&[entry("6109.10.00", "100"), late.clone()]);
    assert!(b.errors[0].is_none());
    assert_eq!(
        b.errors[1].as_deref().and_then(Error::field),
        Some("loaded_on")
    );
    let codes = [late.code];
    let origins = [late.origin];
    let values = [late.value];
    let dates = [late.entry_date];
    let loaded = [late.loaded_on];
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_loaded_on(&loaded);
    let b = s.quote_columns(&cols).unwrap();
    assert_eq!(
        b.errors[0].as_deref().and_then(Error::field),
        Some("loaded_on")
    );
    // The entry is checked before its date is: with a date the schedule
    // does not cover, every path names loaded_on, as EntryText::parse does.
    let mut t = text("6109.10.00", "100");
    t.date = "2024-12-31";
    t.loaded_on = Some("2025-01-02");
    assert_eq!(t.parse().unwrap_err().field(), Some("loaded_on"));
    let mut early = late;
    early.entry_date = "2024-12-31".parse().unwrap();
    assert_eq!(s.quote(&early).unwrap_err().field(), Some("loaded_on"));
    let b = s.quote_batch(std::slice::from_ref(&early));
    assert_eq!(
        b.errors[0].as_deref().and_then(Error::field),
        Some("loaded_on")
    );
    let dates = [early.entry_date];
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_loaded_on(&loaded);
    let b = s.quote_columns(&cols).unwrap();
    assert_eq!(
        b.errors[0].as_deref().and_then(Error::field),
        Some("loaded_on")
    );
}

/// Errors echo at most 120 characters of what they were given.
#[test]
fn errors_cut_what_they_echo() {
    // No run of one character longer than the 120 echoed, a short message.
    let short = |e: &Error| {
        let m = e.to_string();
        let mut run = (' ', 0);
        for c in m.chars() {
            run = if c == run.0 { (c, run.1 + 1) } else { (c, 1) };
            assert!(run.1 <= 120, "{m}");
        }
        assert!(m.chars().count() < 600, "{} characters: {m}", m.len());
    };
    // A rate that does not parse, with a long unknown unit.
    let garbage = format!("5¢/{}", "furlong".repeat(100));
    let e = Rate::parse(&garbage).unwrap_err();
    assert_eq!(e.kind(), "invalid_rate");
    short(&e);
    // A rate text past the limit.
    let e = Rate::parse(&"5% + ".repeat(1000)).unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
    assert!(e.to_string().contains("1000 characters"), "{e}");
    short(&e);
    // A missing quantity of a long basis.
    let basis = "x".repeat(300);
    let e = Rate::parse(&format!("1¢/kg on {basis}"))
        .unwrap()
        .amount(Decimal::ONE, &())
        .unwrap_err();
    assert_eq!(e.kind(), "missing_quantity");
    short(&e);
    // A schedule whose JSON quotes a huge string where a number belongs.
    let json = format!(
        r#"{{"format": "tariffs-schedule/1", "importers": [{{"country": "US", "currency": "USD",
          "fees": [{{"id": "f", "authority": "f", "description": "d", "percent": "{}",
            "from": "2024-10-01", "source": "s"}}]}}]}}"#,
        "9".repeat(100_000)
    );
    let e = Schedule::from_json(&json).unwrap_err();
    short(&e);
    // Long entry texts.
    let long = "1".repeat(10_000);
    let e = text("6109.10.00", &long).parse().unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("value")));
    short(&e);
    let mut t = text("6109.10.00", "1");
    t.claims = vec![&long];
    let e = t.parse().unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("claims")));
    short(&e);
    let e = Schedule::from_path(format!("/nonexistent/{long}")).unwrap_err();
    assert_eq!(e.kind(), "io");
    short(&e);
}

// ------------------------------------------------------------------ limits

/// Each limit of `tariffs::limits` (entries and rates) holds where the entry
/// enters the core, as a `too_large` error naming the field and the limit;
/// the bound itself is accepted.
#[test]
fn entry_limits_name_the_field_and_the_limit() {
    use tariffs::limits::*;
    assert_eq!(MAX_VALUE, d("1000000000000000"));
    assert_eq!(MAX_QUANTITY, d("1000000000000000"));
    assert_eq!(MAX_EXCHANGE_RATE, d("1000000"));
    assert_eq!(MAX_RATE_NUMBER, d("100000"));
    assert_eq!(MIN_RATE_PER, d("0.001"));
    let s = fixture();
    let ok = || text("6109.10.00", "100");
    let refused = |t: EntryText, field: &str, limit: &str| {
        let e = t.parse().unwrap_err();
        assert_eq!(kind_field(&e), ("too_large", Some(field)), "{e}");
        assert!(e.to_string().contains(limit), "{e}");
    };
    // Value, quantity, exchange rate: the bound passes, just past it does not.
    assert!(EntryText {
        value: "1000000000000000",
        ..ok()
    }
    .parse()
    .is_ok());
    refused(
        EntryText {
            value: "1000000000000000.000000001",
            ..ok()
        },
        "value",
        "1000000000000000",
    );
    let q = |k: &'static str, v: &'static str| EntryText {
        quantities: vec![(k, v)],
        ..ok()
    };
    assert!(q("kg", "1000000000000000").parse().is_ok());
    refused(
        q("kg", "1000000000000001"),
        "quantities.kg",
        "1000000000000000",
    );
    refused(
        q("value[case]", "1000000000000001"),
        "quantities.value[case]",
        "1000000000000000",
    );
    let fx = |r: &'static str| EntryText {
        currency: Some("EUR"),
        exchange_rate: Some(r),
        ..ok()
    };
    assert!(fx("1000000").parse().is_ok());
    refused(fx("1000000.5"), "exchange_rate", "1000000");
    // Decimals: 9 pass, 10 do not, trailing zeros do not count.
    assert!(EntryText {
        value: "1.123456789",
        ..ok()
    }
    .parse()
    .is_ok());
    assert!(EntryText {
        value: "1.1234567890000000",
        ..ok()
    }
    .parse()
    .is_ok());
    refused(
        EntryText {
            value: "1.1234567891",
            ..ok()
        },
        "value",
        "9 decimal places",
    );
    refused(q("kg", "0.0000000001"), "quantities.kg", "9 decimal places");
    refused(fx("0.0000000001"), "exchange_rate", "9 decimal places");
    // Converted, the value is bounded again: 10^15 EUR at 2 USD.
    let e = s
        .quote(
            &EntryText {
                value: "1000000000000000",
                ..fx("2")
            }
            .parse()
            .unwrap(),
        )
        .unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("value")));
    // Counts and lengths.
    let claims: Vec<&str> = vec!["USMCA"; MAX_CLAIMS + 1];
    refused(EntryText { claims, ..ok() }, "claims", "32 claims");
    let claim = "C".repeat(MAX_CLAIM_CHARS + 1);
    refused(
        EntryText {
            claims: vec![&claim],
            ..ok()
        },
        "claims",
        "64 characters",
    );
    let many: Vec<(&str, &str)> = vec![("kg", "1"); MAX_QUANTITIES + 1];
    refused(
        EntryText {
            quantities: many,
            ..ok()
        },
        "quantities",
        "64 quantities",
    );
    let basis = format!("kg[{}]", "b".repeat(MAX_BASIS_CHARS + 1));
    let e = EntryText {
        quantities: vec![(&basis, "1")],
        ..ok()
    }
    .parse()
    .unwrap_err();
    assert_eq!(e.kind(), "too_large");
    let origin = "C".repeat(MAX_FIELD_CHARS + 1);
    refused(
        EntryText {
            origin: &origin,
            ..ok()
        },
        "origin",
        "64 characters",
    );
    let number = format!("{}1", "0".repeat(MAX_NUMBER_CHARS));
    refused(
        EntryText {
            value: &number,
            ..ok()
        },
        "value",
        "64 characters",
    );
    // The same limits on a hand-built entry, when it is quoted, in batches
    // and in columns.
    let big = entry("6109.10.00", "1").with_quantity(Unit::Kg, d("1000000000000001"));
    let e = s.quote(&big).unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("quantities.kg")));
    let b = s.quote_batch(std::slice::from_ref(&big));
    assert_eq!(b.errors[0].as_deref(), Some(&e));
    let mut claimed = entry("6109.10.00", "1");
    claimed.claims = vec!["USMCA".to_string(); MAX_CLAIMS + 1];
    let e = s.quote(&claimed).unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("claims")));
    let codes = [claimed.code];
    let origins = [claimed.origin];
    let values = [claimed.value];
    let dates = [claimed.entry_date];
    let claims = [claimed.claims.clone()];
    let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
        .with_claims(&claims);
    assert_eq!(
        s.quote_columns(&cols).unwrap().errors[0].as_deref(),
        Some(&e)
    );
    // Rates: the per-unit bound and the decimals.
    assert!(Rate::parse("$1/0.001").is_ok());
    let e = Rate::parse("$1/0.0009").unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
    assert!(Rate::parse("0.123456789%").is_ok());
    let e = Rate::parse("0.1234567891%").unwrap_err();
    assert_eq!(kind_field(&e), ("too_large", Some("rate")));
}

/// Every rate text of the builtin schedule is within the rate limits (its
/// measures load; its base lines are read when quoted, so read them here).
#[test]
fn the_builtin_schedule_is_within_the_rate_limits() {
    let s = Schedule::builtin();
    let mut texts = 0;
    for imp in &s.data().importers {
        for l in imp.base.iter().flat_map(|b| &b.lines) {
            for t in [&l.general, &l.other].into_iter().flatten() {
                texts += 1;
                if let Err(e) = Rate::parse(t) {
                    assert_ne!(e.kind(), "too_large", "{t}: {e}");
                }
            }
            if let Some(t) = &l.special {
                if let Err(e) = tariffs::rate::parse_special(t) {
                    assert_ne!(e.kind(), "too_large", "{t}: {e}");
                }
            }
        }
    }
    assert!(texts > 20_000, "{texts}");
}

/// Effective rates sum many rows: a sum past the range of exact cents
/// lost its decimals (a saturating sum), and a rate past the decimal range
/// was 0. Now the row that would overflow is left out with an overflow
/// error, and the rate is an error.
#[test]
fn effective_rates_sums_stay_exact_or_leave_the_row_out() {
    // $100,000 per 0.001 article: 10^15 dozens = 1.2 x 10^16 articles pay
    // 1.2 x 10^16 x 10^8 = 1.2 x 10^24 each.
    let s = schedule(
        r#"{"code": "9503.00.00", "general": "$100000/0.001", "from": "2025-01-01"},
           {"code": "4901.99.00", "general": "Free", "from": "2025-01-01"}"#,
        "",
    );
    let row =
        entry("9503.00.00", "1000000000000000").with_quantity(Unit::Dozen, d("1000000000000000"));
    let q = s.quote(&row).unwrap();
    assert_eq!(q.duty.to_string(), "1200000000000000000000000.00");
    q.check_invariants().unwrap();
    // 2^96 - 1 cents hold 660 such duties (7.92 x 10^26), not 661.
    let basket = vec![row; 700];
    let r = s.effective_rates(&basket);
    assert_eq!(r.overall.entries, 660);
    assert_eq!(r.overall.duty.to_string(), "792000000000000000000000000.00");
    assert_eq!(r.errors.len(), 40);
    assert!(r
        .errors
        .iter()
        .all(|(i, e)| *i >= 660 && e.kind() == "overflow" && e.field() == Some("value")));
    assert_eq!(r.overall.rate().unwrap(), d("1200000000"));
    // A duty on a zero value next to a value of 10^-9 with no duty: the
    // weighted rate 1.2 x 10^24 / 10^-9 is beyond the decimal range.
    let zero = entry("9503.00.00", "0").with_quantity(Unit::Dozen, d("1000000000000000"));
    let tiny = entry("4901.99.00", "0.000000001");
    let r = s.effective_rates(&[zero, tiny]);
    assert!(r.errors.is_empty());
    let e = r.overall.rate().unwrap_err();
    assert_eq!(kind_field(&e), ("overflow", Some("value")));
}

#[test]
fn a_rate_made_by_a_fraction_reads_back_from_its_text() {
    // "33 1/3%" is 33.333...% to 27 decimals, more than the 9 a written
    // number may have; its text (and the schedule JSON, which writes a rate
    // as its text) must read back to the same rate. Before, the display was
    // "33.333333333333333333333333333%", which the parser refuses: the
    // fuzz target `rate` found it on the builtin's column 2 rate.
    for (text, shown) in [
        ("33 1/3%", "33 1/3%"),
        ("0 2/3%", "0 2/3%"),
        ("12 1/2%", "12.5%"),
        ("$1 1/3/kg", "$1 1/3/kg"),
        ("0 1/3¢/kg", "0 1/3¢/kg"),
        ("5¢/kg + 33 1/3%", "5¢/kg + 33 1/3%"),
        // 9 decimals of a cent are 11 of a dollar: shown in cents again.
        ("1244.381283817¢/kg", "1244.381283817¢/kg"),
        ("124.5¢/kg", "$1.245/kg"),
        // A fraction of a cent past $1: in dollars it is no fraction of a
        // small denominator (5/108 of a cent), so it stays in cents.
        ("1212 5/108¢/kg", "1212 5/108¢/kg"),
        ("$12 1/3/kg", "$12 1/3/kg"),
    ] {
        let rate: Rate = text.parse().unwrap();
        assert_eq!(rate.to_string(), shown, "display of {text:?}");
        let again: Rate = shown.parse().unwrap();
        assert_eq!(again, rate, "{shown:?} reads back to the rate of {text:?}");
        let json = serde_json::to_string(&rate).unwrap();
        assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), rate);
    }
    // 100 x 33 1/3% on $300: $100.00 (a third of 300 to the cent).
    let s = schedule(
        r#"{"code": "0101.21.00", "general": "33 1/3%", "from": "2025-01-01"}"#,
        "",
    );
    let q = s.quote(&entry("0101.21.00", "300")).unwrap();
    assert_eq!(q.duty, d("100.00"));
}

#[test]
fn a_fraction_denominator_past_the_limit_is_too_large() {
    let e = "1 1/1001%".parse::<Rate>().unwrap_err();
    assert_eq!(e.kind(), "too_large", "{e}");
    assert!(e.to_string().contains("denominator at most 1000"), "{e}");
    assert!("1 1/1000%".parse::<Rate>().is_ok());
    // A fraction after a number with decimals: 4.3817 1/3 means nothing
    // (found by fuzz target rate, whose display could not be read back).
    let e = "4.3817 1/3¢/kg".parse::<Rate>().unwrap_err();
    assert_eq!(e.kind(), "invalid_rate", "{e}");
    assert!(
        e.to_string().contains("a whole number before a fraction"),
        "{e}"
    );
}

#[test]
fn a_basis_is_plain_words_so_the_rate_text_reads_back() {
    // Found by fuzz target rate: a basis swallowing rate syntax (control
    // characters, "but not", %, ¢, $) displayed as text that reads back as
    // other terms.
    for text in [
        "5% on the case\u{0} x",
        "2¢ each on 10% of it",
        "3 percent of the $ value",
    ] {
        let e = text.parse::<Rate>().unwrap_err();
        assert_eq!(e.kind(), "invalid_rate", "{text:?}: {e}");
        assert!(e.to_string().contains("a basis of plain words"), "{e}");
    }
    // Real bases still parse and read back; so does a `+` without spaces,
    // which separates terms.
    for text in [
        "5% on the case`+ 1%",
        "2¢/kg on copper content but not less than 3%",
        "8.8¢/g on the  the duty content",
        "5% on the the case",
        "8.8¢/kg on the case ,,, but not less than 1% on the case",
        "15% on the value of the bags",
        "1.9¢/kg on copper content",
        "$1.25 each on the case",
    ] {
        let r: Rate = text.parse().unwrap();
        assert_eq!(r.to_string().parse::<Rate>().unwrap(), r, "{text:?}");
    }
}

#[test]
fn numbers_past_the_decimal_range_are_too_large_as_the_bindings_say() {
    // Found by fuzz target arrow: an Arrow decimal past the 96-bit range was
    // too_large, the same number as text invalid. Now one rule: past the
    // magnitude or the 28-place scale, too_large with the same words.
    let e = tariffs::entry::parse_decimal("value", "306921350556140574872211448336557.20175")
        .unwrap_err();
    assert_eq!(e.kind(), "too_large");
    assert!(
        e.to_string()
            .contains("at most 79228162514264337593543950335 in magnitude"),
        "{e}"
    );
    let e = tariffs::entry::parse_decimal("value", "-79228162514264337593543950336").unwrap_err();
    assert_eq!(e.kind(), "too_large");
    let e = tariffs::entry::parse_decimal("value", "0.00000000000000000000000000001").unwrap_err();
    assert_eq!(e.kind(), "too_large");
    assert!(
        e.to_string()
            .contains("at most 28 digits after the decimal point"),
        "{e}"
    );
    // Within both but more significant digits than 96 bits hold: invalid.
    let e =
        tariffs::entry::parse_decimal("value", "12345678901234567890.123456789012").unwrap_err();
    assert_eq!(e.kind(), "invalid_input", "{e}");
    // Zeros at the end of the places carry nothing.
    let one = format!("1.{}", "0".repeat(36));
    assert_eq!(
        tariffs::entry::parse_decimal("value", &one).unwrap(),
        d("1")
    );
    assert_eq!(
        tariffs::entry::parse_decimal("value", "79228162514264337593543950335").unwrap(),
        d(BIG)
    );
}
