//! Shared by the benches (`mod common;`): the synthetic parcels of
//! `benches/quote.rs` and `benches/engine.rs`.
//!
//! Values uniform over $5-$105 for 90% of the parcels and over $800-$20,000
//! (freight) for the other 10%; ten codes; fourteen origins (CN three times);
//! dates over the 700 days from 2025-01-01; five modes; one item and 0.5 kg
//! per parcel. The generator is deterministic, so runs are comparable.

use tariffs::{Date, Decimal, Entry, Mode, Unit};

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// `n` synthetic US entries; the same `n` always gives the same entries.
pub fn entries(n: usize) -> Vec<Entry> {
    let codes = [
        "6109.10.00.12",
        "6110.20.20.79",
        "8517.13.00.00",
        "9503.00.00.90",
        "6404.19.90.60",
        "4202.92.91.00",
        "8471.30.01.00",
        "6402.99.90.00",
        "3926.90.99.90",
        "7117.19.90.00",
    ];
    let origins = [
        "CN", "CN", "CN", "HK", "VN", "MX", "CA", "DE", "JP", "IN", "GB", "KR", "TH", "BR",
    ];
    let modes = [
        Mode::Express,
        Mode::Postal,
        Mode::Air,
        Mode::Ocean,
        Mode::Truck,
    ];
    let mut r = Rng(0x9E3779B97F4A7C15);
    let start = Date::from_ymd(2025, 1, 1).unwrap();
    (0..n)
        .map(|_| {
            let cents = if r.next() % 10 == 0 {
                80_000 + r.next() % 1_920_000
            } else {
                500 + r.next() % 10_000
            };
            let e = Entry::new(
                "US".parse().unwrap(),
                r.pick(&origins).parse().unwrap(),
                r.pick(&codes).parse().unwrap(),
                Decimal::new(cents as i64, 2),
                start.add_days((r.next() % 700) as i32),
            )
            .with_mode(*r.pick(&modes));
            e.with_quantity(Unit::Number, Decimal::ONE)
                .with_quantity(Unit::Kg, Decimal::new(5, 1))
        })
        .collect()
}

/// The same entries as columns (what [`tariffs::Schedule::quote_columns`] takes).
#[allow(dead_code)] // each bench uses part of this module
pub struct Columns {
    codes: Vec<tariffs::HtsCode>,
    origins: Vec<tariffs::Country>,
    values: Vec<Decimal>,
    dates: Vec<Date>,
    modes: Vec<Mode>,
    number: Vec<Option<Decimal>>,
    kg: Vec<Option<Decimal>>,
}

#[allow(dead_code)]
impl Columns {
    /// The columns of `entries` (whose quantities are `no` and `kg`).
    pub fn of(entries: &[Entry]) -> Columns {
        let q = |u: Unit| -> Vec<Option<Decimal>> {
            entries
                .iter()
                .map(|e| e.quantities.iter().find(|q| q.unit == u).map(|q| q.amount))
                .collect()
        };
        Columns {
            codes: entries.iter().map(|e| e.code).collect(),
            origins: entries.iter().map(|e| e.origin).collect(),
            values: entries.iter().map(|e| e.value).collect(),
            dates: entries.iter().map(|e| e.entry_date).collect(),
            modes: entries.iter().map(|e| e.mode).collect(),
            number: q(Unit::Number),
            kg: q(Unit::Kg),
        }
    }

    /// The view `quote_columns` takes.
    pub fn view(&self) -> tariffs::EntryColumns<'_> {
        tariffs::EntryColumns::new(
            "US".parse().unwrap(),
            &self.codes,
            &self.origins,
            &self.values,
            &self.dates,
        )
        .with_modes(&self.modes)
        .with_quantity(Unit::Number, None, &self.number)
        .with_quantity(Unit::Kg, None, &self.kg)
    }
}
