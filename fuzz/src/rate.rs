//! Target `rate`: a rate text (`16.5%`, `$1.035/kg + 17%`, `46.3¢/kg +
//! 14.9%`...). [`Rate::parse`]; when it parses, its display parses again to
//! the same display; it is evaluated on a few values and quantities (any
//! result or typed error, never a panic); and it is quoted through the
//! engine as the rate of a measure of the fixture (`scenario().set_rate`),
//! each quote checked by [`crate::invariants::check_quote`].

use crate::invariants::{check_error, quote_checked};
use tariffs::rate::QuantitySource;
use tariffs::{Decimal, EntryText, Rate, Unit};

/// Every quantity, of any unit and basis, is the same amount.
struct Same(Decimal);

impl QuantitySource for Same {
    fn quantity(&self, _: Unit, _: Option<&str>) -> Option<Decimal> {
        Some(self.0)
    }
}

/// Values and quantities the rate is evaluated on: zero, fractions, a
/// typical amount, large ones and the largest decimal.
const AMOUNTS: &[&str] = &[
    "0",
    "0.5",
    "1",
    "54.25",
    "12345.678",
    "1000000000000",
    "79228162514264337593543950335",
];

pub fn run(data: &[u8]) {
    let Some(text) = crate::utf8(data) else {
        return;
    };
    let rate = match Rate::parse(text) {
        Ok(r) => r,
        Err(e) => {
            check_error(&e);
            // The same text as a measure's rate must fail as well.
            let us = "US".parse().expect("US");
            assert!(
                crate::fixture()
                    .scenario(us)
                    .set_rate("cn-extra-20", text)
                    .and_then(|s| s.build())
                    .is_err(),
                "{text:?} does not parse as a rate but loads as a measure's rate"
            );
            return;
        }
    };
    let shown = rate.to_string();
    let again = Rate::parse(&shown).unwrap_or_else(|e| {
        panic!("the display {shown:?} of the rate {text:?} does not parse: {e}")
    });
    assert_eq!(
        again.to_string(),
        shown,
        "the display of the rate {text:?} changes when parsed again"
    );
    let _ = (
        rate.needs(),
        rate.is_ad_valorem(),
        rate.ad_valorem_percent(),
    );
    let amounts: Vec<Decimal> = AMOUNTS
        .iter()
        .map(|a| a.parse().expect("a decimal"))
        .collect();
    for &value in &amounts {
        for &q in &amounts {
            match rate.amount(value, &Same(q)) {
                Ok(_) => {}
                Err(e) => check_error(&e),
            }
        }
    }
    engine(text, &rate);
}

/// The rate as the rate of the fixture's measure `cn-extra-20` (20% on
/// products of China from 2025-03-04), quoted on T-shirts of China with the
/// quantities the rate needs (and kg, number, dozens) given.
fn engine(text: &str, rate: &Rate) {
    let us = "US".parse().expect("US");
    let schedule = match crate::fixture()
        .scenario(us)
        .set_rate("cn-extra-20", text)
        .and_then(|s| s.build())
    {
        Ok(s) => s,
        Err(e) => return check_error(&e),
    };
    let needs = rate.needs();
    for value in ["0", "54", "1000.50", "99999999999999"] {
        for q in ["0", "0.5", "3", "1000000", "10000000000000000000000"] {
            // The largest quantity may be past the core's limit on
            // quantities: then the entry is refused, with a typed error.
            let mut entry = match (EntryText {
                origin: "CN",
                hts: "6109.10.00.12",
                value,
                date: "2025-04-01",
                quantities: vec![("kg", q), ("no", q), ("doz", q)],
                ..Default::default()
            })
            .parse()
            {
                Ok(e) => e,
                Err(e) => {
                    check_error(&e);
                    continue;
                }
            };
            let amount: Decimal = q.parse().expect("a decimal");
            for (unit, basis) in &needs {
                entry.quantities.set(*unit, *basis, amount);
            }
            let _ = quote_checked(&schedule, &entry);
        }
    }
}
