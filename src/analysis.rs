//! Analyst views over many entries: change dates and import-weighted
//! effective tariff rates.
//!
//! Everything here is built on [`Schedule::quote_batch`], so it gives the same
//! answers as quoting each entry one by one (a test checks it).

use crate::batch::{BatchResult, EntryColumns, OwnedColumns};
use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::entry::Entry;
use crate::error::{Error, Result};
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
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] (field `value`) when the ratio is beyond the
    /// decimal range (a large duty on a value close to 0).
    pub fn rate(&self) -> Result<Decimal> {
        if self.value.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let r = self.duty.checked_div(self.value).ok_or_else(|| {
            Error::overflow(
                format!("the effective rate of duties {} ÷ value", self.duty),
                "value",
                self.value,
            )
        })?;
        Ok(r.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
    }

    /// This group with one more entry, `None` when a sum would leave the
    /// decimal range or lose decimals.
    fn plus(&self, value: Decimal, duty: Decimal) -> Option<Weighted> {
        Some(Weighted {
            value: exact_add(self.value, value)?,
            duty: exact_add(self.duty, duty)?,
            entries: self.entries + 1,
        })
    }

    fn add(&mut self, value: Decimal, duty: Decimal) -> bool {
        match self.plus(value, duty) {
            Some(w) => {
                *self = w;
                true
            }
            None => false,
        }
    }
}

/// `a + b`, `None` when the sum overflows or is rounded: `Decimal` keeps a
/// sum too large for its scale by dropping decimals, which a sum of money
/// must not do.
fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let r = a.checked_add(b)?;
    let scale = match (a.is_zero(), b.is_zero()) {
        (true, _) => b.scale(),
        (_, true) => a.scale(),
        _ => a.scale().max(b.scale()),
    };
    (r.scale() >= scale).then_some(r)
}

/// The import-weighted effective tariff rate of a basket: duties over
/// customs value, overall and by origin, by authority and by HTS chapter.
///
/// Entries that cannot be quoted (e.g. a specific rate without its quantity)
/// are left out of every sum and listed in `errors` with their row, so nothing
/// is lost silently; so is an entry that would push a sum past the decimal
/// range (an [`Error::Overflow`]): sums are exact, never rounded. Fees are
/// not duties and are not counted.
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
    /// assert_eq!(r.overall.rate().unwrap(), tariffs::Decimal::new(215, 3));
    /// // the CN 20% (200) over the whole basket's value: 200 / 4000 = 0.05
    /// assert_eq!(r.by_authority["ieepa_fentanyl"].rate().unwrap(), tariffs::Decimal::new(5, 2));
    /// ```
    pub fn effective_rates(&self, basket: &[Entry]) -> EffectiveRates {
        let b = self.quote_batch(basket);
        rates_of(&b, |i| (basket[i].origin, basket[i].code))
    }

    /// The effective tariff rates of a basket given as columns: the same
    /// sums as [`Schedule::effective_rates`] on the same entries.
    ///
    /// # Errors
    ///
    /// The errors of [`Schedule::quote_columns`]: [`Error::InvalidInput`]
    /// when the columns do not fit together. A bad row is not an error here:
    /// it is listed in [`EffectiveRates::errors`].
    pub fn effective_rates_of_columns(&self, cols: &EntryColumns) -> Result<EffectiveRates> {
        let b = self.quote_columns(cols)?;
        Ok(rates_of(&b, |i| (cols.origins[i], cols.codes[i])))
    }

    /// The effective rates of the same basket re-dated to each of `dates`
    /// (every entry's `entry_date` set to the date): a time series.
    pub fn effective_rates_over(
        &self,
        basket: &[Entry],
        dates: &[Date],
    ) -> Vec<(Date, EffectiveRates)> {
        let mut cols = OwnedColumns::from_entries(basket);
        dates
            .iter()
            .map(|&d| {
                cols.dates.iter_mut().for_each(|x| *x = d);
                let r = match cols.view() {
                    // The columns come from entries, so they always fit together.
                    Some(v) => self.effective_rates_of_columns(&v).unwrap_or_default(),
                    None => EffectiveRates::default(),
                };
                (d, r)
            })
            .collect()
    }
}

/// Sums a batch into effective rates; `key(row)` gives the row's origin and
/// code. Accumulates by index (authority, origin, chapter) and builds the
/// maps once, so nothing is allocated per row.
fn rates_of(b: &BatchResult, key: impl Fn(usize) -> (Country, HtsCode)) -> EffectiveRates {
    let mut out = EffectiveRates::default();
    let w = b.authorities.len();
    let mut by_authority = vec![Weighted::default(); w];
    let mut by_origin: Vec<Option<(Country, Weighted)>> = vec![None; 26 * 26];
    let mut by_chapter: Vec<Option<(HtsCode, Weighted)>> = vec![None; 100];
    for i in 0..b.len() {
        if let Some(err) = &b.errors[i] {
            out.errors.push((i, (**err).clone()));
            continue;
        }
        let (origin, code) = key(i);
        let (value, duty) = (b.value[i], b.duty[i]);
        // Every other sum is over a part of the rows, or of the duty lines,
        // that the overall sums cover: when they fit, so do the others
        // (amounts are never negative), and `add` cannot fail below.
        if !out.overall.add(value, duty) {
            out.errors.push((
                i,
                Error::overflow(
                    format!(
                        "the overall sums of the effective rates (value {}, duty {})",
                        out.overall.value, out.overall.duty
                    ),
                    "value",
                    value,
                ),
            ));
            continue;
        }
        let mut fits = true;
        if let Some(slot) = by_origin.get_mut(origin.index()) {
            fits &= slot
                .get_or_insert_with(|| (origin, Weighted::default()))
                .1
                .add(value, duty);
        }
        let ch = code.truncate(2);
        if let Some(slot) = by_chapter.get_mut(ch.digits() as usize) {
            fits &= slot
                .get_or_insert_with(|| (ch, Weighted::default()))
                .1
                .add(value, duty);
        }
        for (a, acc) in by_authority.iter_mut().enumerate() {
            if !b.fee_authority[a] {
                fits &= acc.add(value, b.by_authority[i * w + a]);
            }
        }
        debug_assert!(fits, "a part's sum overflowed where the whole fits");
    }
    out.by_origin = by_origin.into_iter().flatten().collect();
    out.by_chapter = by_chapter
        .into_iter()
        .flatten()
        .map(|(c, v)| (chapter(c), v))
        .collect();
    if out.overall.entries > 0 {
        out.by_authority = b
            .authorities
            .iter()
            .zip(by_authority)
            .zip(&b.fee_authority)
            .filter(|(_, fee)| !**fee)
            .map(|((name, v), _)| (name.to_string(), v))
            .collect();
    }
    out
}

fn chapter(c: HtsCode) -> String {
    c.truncate(2).plain()
}
