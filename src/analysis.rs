//! Analyst views over many entries: change dates and import-weighted
//! effective tariff rates.
//!
//! Everything here is built on [`Schedule::quote_batch`], so it gives the same
//! answers as quoting each entry one by one (a test checks it).

use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::entry::Entry;
use crate::error::Error;
use crate::schedule::Schedule;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// Customs value and duty of one group of entries, and their ratio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Weighted {
    /// Sum of customs values (importer currency).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Sum of duties (base + additional; for a per-authority group, that authority's lines).
    #[serde(with = "rust_decimal::serde::str")]
    pub duty: Decimal,
    /// Number of entries.
    pub entries: usize,
}

impl Weighted {
    /// duty ÷ value, rounded to 6 decimal places (0 when the value is 0).
    pub fn rate(&self) -> Decimal {
        if self.value.is_zero() {
            Decimal::ZERO
        } else {
            self.duty
                .checked_div(self.value)
                .unwrap_or_default()
                .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        }
    }

    fn add(&mut self, value: Decimal, duty: Decimal) {
        self.value = self.value.saturating_add(value);
        self.duty = self.duty.saturating_add(duty);
        self.entries += 1;
    }
}

/// The import-weighted effective tariff rate of a basket: duties over
/// customs value, overall and by origin, by authority and by HTS chapter.
///
/// Entries that cannot be quoted (e.g. a specific rate without its quantity)
/// are left out of every sum and listed in `errors` with their row, so nothing
/// is lost silently. Fees are not duties and are not counted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EffectiveRates {
    /// All quoted entries.
    pub overall: Weighted,
    /// By country of origin.
    pub by_origin: BTreeMap<Country, Weighted>,
    /// By authority: `duty` is that authority's lines; `value` is the value of
    /// every quoted entry, so the rates add up to the overall rate.
    pub by_authority: BTreeMap<String, Weighted>,
    /// By HTS chapter (the code's first two digits).
    pub by_chapter: BTreeMap<String, Weighted>,
    /// Rows that could not be quoted, with their error.
    #[serde(skip)]
    pub errors: Vec<(usize, Error)>,
}

impl Schedule {
    /// Every date on which something in the importer's schedule starts or
    /// stops (base lines, measures, exemptions and their suspensions, fees),
    /// sorted, without duplicates: the days on which a daily series can change.
    ///
    /// ```
    /// let s = tariffs::Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
    /// let dates = s.change_dates("US".parse().unwrap());
    /// assert!(dates.contains(&"2025-05-02".parse().unwrap())); // de minimis suspended for CN
    /// assert!(dates.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn change_dates(&self, importer: Country) -> Vec<Date> {
        let mut out = Vec::new();
        for imp in self
            .data()
            .importers
            .iter()
            .filter(|i| i.country == importer)
        {
            if let Some(b) = &imp.base {
                for l in &b.lines {
                    out.push(l.from);
                    out.extend(l.until);
                }
            }
            for m in &imp.measures {
                out.push(m.from);
                out.extend(m.until);
            }
            for x in &imp.exemptions {
                out.push(x.from);
                out.extend(x.until);
                for s in &x.suspensions {
                    out.push(s.from);
                    out.extend(s.until);
                }
            }
            for f in &imp.fees {
                out.push(f.from);
                out.extend(f.until);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The effective tariff rates of a basket of entries (each with its own date).
    ///
    /// ```
    /// use tariffs::{Schedule, EntryText};
    /// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
    /// let basket: Vec<_> = [("CN", "1000"), ("VN", "3000")].iter().map(|(o, v)| EntryText {
    ///     origin: o, hts: "6109.10.00", value: v, date: "2025-03-10", mode: Some("air"), ..Default::default()
    /// }.parse().unwrap()).collect();
    /// let r = s.effective_rates(&basket);
    /// // CN: 16.5% + 20% of 1000 = 365; VN: 16.5% of 3000 = 495; (365 + 495) / 4000 = 0.215
    /// assert_eq!(r.overall.rate(), tariffs::Decimal::new(215, 3));
    /// // the CN 20% (200) over the whole basket's value: 200 / 4000 = 0.05
    /// assert_eq!(r.by_authority["ieepa_fentanyl"].rate(), tariffs::Decimal::new(5, 2));
    /// ```
    pub fn effective_rates(&self, basket: &[Entry]) -> EffectiveRates {
        let b = self.quote_batch(basket);
        let mut out = EffectiveRates::default();
        for (i, e) in basket.iter().enumerate() {
            if let Some(err) = &b.errors[i] {
                out.errors.push((i, (**err).clone()));
                continue;
            }
            let (value, duty) = (b.value[i], b.duty[i]);
            out.overall.add(value, duty);
            out.by_origin.entry(e.origin).or_default().add(value, duty);
            out.by_chapter
                .entry(chapter(e.code))
                .or_default()
                .add(value, duty);
            let w = b.authorities.len();
            for (a, name) in b.authorities.iter().enumerate() {
                let amount = b.by_authority[i * w + a];
                if b.fee_authority[a] {
                    continue;
                }
                out.by_authority
                    .entry(name.to_string())
                    .or_default()
                    .add(value, amount);
            }
        }
        out
    }

    /// The effective rates of the same basket re-dated to each of `dates`
    /// (every entry's `entry_date` set to the date): a time series.
    pub fn effective_rates_over(
        &self,
        basket: &[Entry],
        dates: &[Date],
    ) -> Vec<(Date, EffectiveRates)> {
        dates
            .iter()
            .map(|&d| {
                let dated: Vec<Entry> = basket
                    .iter()
                    .map(|e| {
                        let mut e = e.clone();
                        e.entry_date = d;
                        e
                    })
                    .collect();
                (d, self.effective_rates(&dated))
            })
            .collect()
    }
}

fn chapter(c: HtsCode) -> String {
    c.truncate(2).plain()
}
