//! Batch quoting: many entries at once, on every core, with per-row errors.
//!
//! Two inputs: a slice of [`Entry`] ([`Schedule::quote_batch`]) or columns
//! ([`EntryColumns`], [`Schedule::quote_columns`]: slices of codes, origins,
//! values, dates, modes, quantities; no `Entry` per row). Both run the same
//! evaluation as [`Schedule::quote`] without the explanation, so the numbers
//! are identical (a property test checks it).
//!
//! # Why it is fast
//!
//! A quote has two phases (see `src/engine.rs`): its *structure* (base
//! column, which measures, exemptions and fees apply) depends on the code,
//! origin, mode, claims, loading date, on which rule period the date falls
//! in, and on which side of each value threshold (the $800 de minimis) the
//! value falls; its *amounts* depend on the value and quantities. Each
//! worker thread caches the structure per such key, so a row whose key was
//! seen before only computes its amounts, in integer cents where the numbers
//! allow (exact, half away from zero, as [`crate::round_money`]). Buffers are
//! reused: the hot path allocates nothing per row. When rows rarely repeat a
//! key (a rate panel), the worker stops caching after a probe and evaluates
//! both phases per row, still caching the per-code lookups.

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::engine::{KeyParts, Summary, Worker};
use crate::entry::{self, Entry, Mode};
use crate::error::{Error, Result};
use crate::rate::{QuantitySource, Unit};
use crate::schedule::Schedule;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::mem::MaybeUninit;
use std::sync::Arc;

/// The result of [`Schedule::quote_batch`] and [`Schedule::quote_columns`]:
/// one row per entry, in input order.
///
/// Rows that failed have zero amounts and their error in [`BatchResult::errors`].
///
/// ```
/// use tariffs::{Schedule, EntryText};
/// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
/// let rows: Vec<_> = [("VN", "1000"), ("XX", "1"), ("CN", "10000")]
///     .iter()
///     .map(|(o, v)| EntryText { origin: o, hts: "6109.10.00", value: v, date: "2025-03-10", mode: Some("air"),
///                               ..Default::default() }.parse())
///     .filter_map(Result::ok)
///     .collect();
/// let b = s.quote_batch(&rows);
/// assert_eq!(b.len(), 2);
/// assert_eq!(b.duty[0].to_string(), "165.00");                 // 16.5% of 1000
/// assert_eq!(b.amount(1, "ieepa_fentanyl").unwrap().to_string(), "2000.00"); // 20% of 10000
/// ```
#[derive(Debug, Clone)]
pub struct BatchResult {
    /// The authority names of the per-authority amounts, sorted.
    pub authorities: Vec<Arc<str>>,
    /// Whether each authority is a fee's (`mpf`, `hmf`) rather than a duty's.
    pub fee_authority: Vec<bool>,
    /// Customs value in the importer's currency.
    pub value: Vec<Decimal>,
    /// Duty (base + additional) per row.
    pub duty: Vec<Decimal>,
    /// Fees per row.
    pub fees: Vec<Decimal>,
    /// Duty + fees per row.
    pub total: Vec<Decimal>,
    /// Duty ÷ value per row, rounded to 6 decimal places (half away from zero).
    pub effective_rate: Vec<Decimal>,
    /// Row-major amounts: `by_authority[row * authorities.len() + a]`.
    pub by_authority: Vec<Decimal>,
    /// The error of each row, `None` when it quoted (boxed: a row that
    /// quoted costs one pointer here).
    pub errors: Vec<Option<Box<Error>>>,
    /// Per row: 1 when the row quoted with a warning (its entry date is after
    /// the date the schedule's policy was reviewed through; see
    /// [`crate::coverage`]), 0 otherwise. The text is [`BatchResult::warning`].
    pub warnings: Vec<u8>,
    /// The text of the warning flagged in `warnings`.
    warning_text: Arc<str>,
}

impl BatchResult {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.duty.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.duty.is_empty()
    }

    /// The warning of `row`, `None` when it has none (or no such row).
    pub fn warning(&self, row: usize) -> Option<&str> {
        (self.warnings.get(row).copied().unwrap_or(0) != 0).then_some(&*self.warning_text)
    }

    /// The amount of `authority` on `row`, `None` when the schedule has no such authority.
    pub fn amount(&self, row: usize, authority: &str) -> Option<Decimal> {
        let a = self.authorities.iter().position(|n| &**n == authority)?;
        self.by_authority
            .get(row * self.authorities.len() + a)
            .copied()
    }

    /// Checks the invariants of every row, and says which row breaks which:
    /// a row that failed has zero amounts and no warning; a row that quoted
    /// has `duty`, `fees` and `total` at scale 2 (exact cents), not negative,
    /// `total` = `duty` + `fees`, its duty authorities' cells summing to
    /// `duty` and its fee authorities' cells to `fees` (every cell 0 or at
    /// scale 2), and an effective rate as [`crate::Quote::check_invariants`]
    /// checks it. For tests and fuzz targets.
    ///
    /// # Errors
    ///
    /// A message naming the first row (and cell) that breaks an invariant,
    /// or saying which columns are of the wrong length.
    pub fn check_invariants(&self) -> std::result::Result<(), String> {
        let (n, w) = (self.len(), self.authorities.len());
        let lens = [
            self.value.len(),
            self.fees.len(),
            self.total.len(),
            self.effective_rate.len(),
            self.errors.len(),
            self.warnings.len(),
        ];
        if lens.iter().any(|l| *l != n) || self.by_authority.len() != n * w {
            return Err(format!("columns of unequal lengths: {n} rows, {lens:?}"));
        }
        if self.fee_authority.len() != w {
            return Err("fee_authority is not as long as authorities".into());
        }
        for i in 0..n {
            let cells = &self.by_authority[i * w..(i + 1) * w];
            let at = |m: String| format!("row {i}: {m}");
            if self.errors[i].is_some() {
                let amounts = [
                    self.value[i],
                    self.duty[i],
                    self.fees[i],
                    self.total[i],
                    self.effective_rate[i],
                ];
                if amounts.iter().chain(cells).any(|d| !d.is_zero()) || self.warnings[i] != 0 {
                    return Err(at("failed, yet has amounts or a warning".into()));
                }
                continue;
            }
            let (mut duty, mut fees) = (Decimal::ZERO, Decimal::ZERO);
            for (a, c) in cells.iter().enumerate() {
                let name = &self.authorities[a];
                if !c.is_zero() && (c.scale() != 2 || c.is_sign_negative()) {
                    return Err(at(format!("{name} {c} is not an amount in cents")));
                }
                let sum = if self.fee_authority[a] {
                    &mut fees
                } else {
                    &mut duty
                };
                *sum = sum
                    .checked_add(*c)
                    .ok_or_else(|| at(format!("the cells overflow at {name}")))?;
            }
            for (what, d) in [
                ("duty", self.duty[i]),
                ("fees", self.fees[i]),
                ("total", self.total[i]),
            ] {
                if d.scale() != 2 || (d.is_sign_negative() && !d.is_zero()) {
                    return Err(at(format!("{what} {d} is not an amount in cents")));
                }
            }
            if duty != self.duty[i] || fees != self.fees[i] {
                return Err(at(format!(
                    "duty {} and fees {} are not the sums of the cells {duty} and {fees}",
                    self.duty[i], self.fees[i]
                )));
            }
            if self.duty[i].checked_add(self.fees[i]) != Some(self.total[i]) {
                return Err(at(format!(
                    "total {} is not duty {} + fees {}",
                    self.total[i], self.duty[i], self.fees[i]
                )));
            }
            crate::quote::check_effective_rate(self.duty[i], self.value[i], self.effective_rate[i])
                .map_err(at)?;
        }
        Ok(())
    }

    /// The column of one authority, `None` when the schedule has no such authority.
    pub fn column(&self, authority: &str) -> Option<Vec<Decimal>> {
        let a = self.authorities.iter().position(|n| &**n == authority)?;
        let w = self.authorities.len();
        Some(
            (0..self.len())
                .map(|r| self.by_authority[r * w + a])
                .collect(),
        )
    }

    /// Quotes `n` rows with `row(worker, i, by_authority slot)` in parallel
    /// chunks, one worker per chunk run. Every output cell is written once,
    /// by the worker of its chunk: the columns are not filled with zeros
    /// first (for 10M rows that would be 2.8 GB written by one thread).
    ///
    /// `valid(i)` checks row `i` as [`Entry::validate`] does, first, as
    /// [`Schedule::quote`] does. `date_of(i)` is row `i`'s entry date, checked
    /// against the schedule's coverage next (see [`crate::coverage`]): a
    /// date before the first date, or after the reviewed-through date of a
    /// strict schedule, fails the row; a date after the reviewed-through
    /// date flags it.
    fn compute(
        schedule: &Schedule,
        n: usize,
        valid: impl Fn(usize) -> Result<()> + Sync,
        date_of: impl Fn(usize) -> Date + Sync,
        row: impl Fn(&mut Worker, usize, &mut [Decimal]) -> Result<Summary> + Sync,
    ) -> BatchResult {
        let engine = schedule.engine();
        let check = schedule.date_check();
        let authorities = engine.authorities().to_vec();
        let w = authorities.len();
        let mut value: Vec<Decimal> = Vec::with_capacity(n);
        let mut duty: Vec<Decimal> = Vec::with_capacity(n);
        let mut fees: Vec<Decimal> = Vec::with_capacity(n);
        let mut total: Vec<Decimal> = Vec::with_capacity(n);
        let mut effective_rate: Vec<Decimal> = Vec::with_capacity(n);
        let mut by_authority: Vec<Decimal> = Vec::with_capacity(n * w);
        let mut errors: Vec<Option<Box<Error>>> = Vec::with_capacity(n);
        let mut warnings: Vec<u8> = Vec::with_capacity(n);
        let mut chunks = Vec::with_capacity(n.div_ceil(CHUNK));
        let mut rest = (
            &mut value.spare_capacity_mut()[..n],
            &mut duty.spare_capacity_mut()[..n],
            &mut fees.spare_capacity_mut()[..n],
            &mut total.spare_capacity_mut()[..n],
            &mut effective_rate.spare_capacity_mut()[..n],
            &mut by_authority.spare_capacity_mut()[..n * w],
            &mut errors.spare_capacity_mut()[..n],
            &mut warnings.spare_capacity_mut()[..n],
        );
        let mut start = 0;
        while start < n {
            let k = CHUNK.min(n - start);
            let (v, r0) = std::mem::take(&mut rest.0).split_at_mut(k);
            let (d, r1) = std::mem::take(&mut rest.1).split_at_mut(k);
            let (f, r2) = std::mem::take(&mut rest.2).split_at_mut(k);
            let (t, r3) = std::mem::take(&mut rest.3).split_at_mut(k);
            let (er, r4) = std::mem::take(&mut rest.4).split_at_mut(k);
            let (a, r5) = std::mem::take(&mut rest.5).split_at_mut(k * w);
            let (e, r6) = std::mem::take(&mut rest.6).split_at_mut(k);
            let (wn, r7) = std::mem::take(&mut rest.7).split_at_mut(k);
            rest = (r0, r1, r2, r3, r4, r5, r6, r7);
            chunks.push(OutChunk {
                start,
                value: v,
                duty: d,
                fees: f,
                total: t,
                effective_rate: er,
                by_authority: a,
                errors: e,
                warnings: wn,
            });
            start += k;
        }
        chunks.into_par_iter().for_each_init(
            || engine.worker(),
            |worker, mut c| {
                c.fill(
                    worker,
                    w,
                    |i| valid(i).and_then(|()| check.check(date_of(i))),
                    &row,
                );
            },
        );
        // SAFETY: the chunks cover rows 0..n (and cells 0..n*w) exactly, and
        // the loop above wrote every row and cell of its chunk; a panic in a
        // worker would have propagated before this point.
        unsafe {
            value.set_len(n);
            duty.set_len(n);
            fees.set_len(n);
            total.set_len(n);
            effective_rate.set_len(n);
            by_authority.set_len(n * w);
            errors.set_len(n);
            warnings.set_len(n);
        }
        BatchResult {
            fee_authority: engine.fee_authority().to_vec(),
            authorities,
            value,
            duty,
            fees,
            total,
            effective_rate,
            by_authority,
            errors,
            warnings,
            warning_text: Arc::from(check.batch_warning()),
        }
    }
}

/// One chunk of the output columns, written by one worker.
struct OutChunk<'b> {
    start: usize,
    value: &'b mut [MaybeUninit<Decimal>],
    duty: &'b mut [MaybeUninit<Decimal>],
    fees: &'b mut [MaybeUninit<Decimal>],
    total: &'b mut [MaybeUninit<Decimal>],
    effective_rate: &'b mut [MaybeUninit<Decimal>],
    by_authority: &'b mut [MaybeUninit<Decimal>],
    errors: &'b mut [MaybeUninit<Option<Box<Error>>>],
    warnings: &'b mut [MaybeUninit<u8>],
}

impl OutChunk<'_> {
    /// Quotes the rows of this chunk (`w` cells each) and writes every
    /// output cell once. `check(i)` checks row `i` first (the entry, then
    /// its date: `Ok(true)` when the row is to be flagged with the
    /// warning); `row` then quotes it into its cells. A failing row gets
    /// zero amounts, its error and no warning.
    fn fill(
        &mut self,
        worker: &mut Worker<'_>,
        w: usize,
        check: impl Fn(usize) -> Result<bool>,
        row: &impl Fn(&mut Worker, usize, &mut [Decimal]) -> Result<Summary>,
    ) {
        for k in 0..self.value.len() {
            let cells = &mut self.by_authority[k * w..(k + 1) * w];
            for x in cells.iter_mut() {
                x.write(Decimal::ZERO);
            }
            // SAFETY: every element of `cells` was written just above,
            // and MaybeUninit<Decimal> has Decimal's layout.
            let slot: &mut [Decimal] =
                unsafe { std::slice::from_raw_parts_mut(cells.as_mut_ptr().cast::<Decimal>(), w) };
            let i = self.start + k;
            let mut warn = 0;
            let result = match check(i) {
                Ok(w) => {
                    warn = u8::from(w);
                    row(worker, i, slot)
                }
                Err(e) => Err(e),
            };
            let (s, err) = match result {
                Ok(s) => (s, None),
                Err(err) => {
                    warn = 0;
                    slot.iter_mut().for_each(|x| *x = Decimal::ZERO);
                    (Summary::zero(), Some(Box::new(err)))
                }
            };
            self.warnings[k].write(warn);
            self.value[k].write(s.value);
            self.duty[k].write(s.duty);
            self.fees[k].write(s.fees);
            self.total[k].write(s.total);
            self.effective_rate[k].write(s.effective_rate);
            self.errors[k].write(err);
        }
    }
}

/// Rows per unit of parallel work.
const CHUNK: usize = 8192;

/// One quantity column of [`EntryColumns`]: an amount per row (`None` where
/// the row has none) of a unit, optionally of a basis (`kg[copper content]`).
#[derive(Debug, Clone)]
pub struct QuantityColumn<'a> {
    /// The unit.
    pub unit: Unit,
    /// The basis (part or content measured), trimmed and lower-cased; `None` for the whole article.
    pub basis: Option<String>,
    /// The amount of each row; never negative.
    pub amounts: &'a [Option<Decimal>],
}

/// Entries as columns, the input of [`Schedule::quote_columns`]: one slice
/// per field, every slice as long as `codes`. Optional columns default to
/// the same value for every row.
///
/// ```
/// use tariffs::{EntryColumns, Mode, Schedule, Unit};
/// use rust_decimal::Decimal;
/// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
/// let codes = ["6109.10.00".parse().unwrap(), "6109.10.00".parse().unwrap()];
/// let origins = ["VN".parse().unwrap(), "CN".parse().unwrap()];
/// let values = [Decimal::from(1000), Decimal::from(10000)];
/// let dates = ["2025-03-10".parse().unwrap(); 2];
/// let cols = EntryColumns::new("US".parse().unwrap(), &codes, &origins, &values, &dates)
///     .with_mode(Mode::Air);
/// let b = s.quote_columns(&cols).unwrap();
/// assert_eq!(b.duty[0].to_string(), "165.00");                                  // 16.5% of 1000
/// assert_eq!(b.amount(1, "ieepa_fentanyl").unwrap().to_string(), "2000.00");  // 20% of 10000
/// ```
#[derive(Debug, Clone)]
pub struct EntryColumns<'a> {
    /// The importer of every row (unless `importers` is given).
    pub importer: Country,
    /// The importer of each row.
    pub importers: Option<&'a [Country]>,
    /// Tariff codes (8 or 10 digits).
    pub codes: &'a [HtsCode],
    /// Countries of origin.
    pub origins: &'a [Country],
    /// Customs values, in the importer's currency unless `currencies` says otherwise.
    pub values: &'a [Decimal],
    /// Dates of entry.
    pub dates: &'a [Date],
    /// The mode of every row (unless `modes` is given); default ocean.
    pub mode: Mode,
    /// The mode of each row.
    pub modes: Option<&'a [Mode]>,
    /// The currency of each row's value; `None` cells mean the importer's.
    pub currencies: Option<&'a [Option<Currency>]>,
    /// Units of the importer's currency per unit of the row's currency.
    pub exchange_rates: Option<&'a [Option<Decimal>]>,
    /// Loading dates, for in-transit rules.
    pub loaded_on: Option<&'a [Option<Date>]>,
    /// Claims of each row (`USMCA`, ...); an empty list for none.
    pub claims: Option<&'a [Vec<String>]>,
    /// Quantity columns.
    pub quantities: Vec<QuantityColumn<'a>>,
}

impl<'a> EntryColumns<'a> {
    /// Columns of the required fields; ocean, no quantities, no claims.
    pub fn new(
        importer: Country,
        codes: &'a [HtsCode],
        origins: &'a [Country],
        values: &'a [Decimal],
        dates: &'a [Date],
    ) -> EntryColumns<'a> {
        EntryColumns {
            importer,
            importers: None,
            codes,
            origins,
            values,
            dates,
            mode: Mode::Ocean,
            modes: None,
            currencies: None,
            exchange_rates: None,
            loaded_on: None,
            claims: None,
            quantities: Vec::new(),
        }
    }

    /// The same mode for every row.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self.modes = None;
        self
    }

    /// A mode per row.
    pub fn with_modes(mut self, modes: &'a [Mode]) -> Self {
        self.modes = Some(modes);
        self
    }

    /// Claims per row.
    pub fn with_claims(mut self, claims: &'a [Vec<String>]) -> Self {
        self.claims = Some(claims);
        self
    }

    /// Loading dates per row.
    pub fn with_loaded_on(mut self, loaded_on: &'a [Option<Date>]) -> Self {
        self.loaded_on = Some(loaded_on);
        self
    }

    /// Currencies and exchange rates per row.
    pub fn with_currencies(
        mut self,
        currencies: &'a [Option<Currency>],
        exchange_rates: &'a [Option<Decimal>],
    ) -> Self {
        self.currencies = Some(currencies);
        self.exchange_rates = Some(exchange_rates);
        self
    }

    /// A quantity column (`basis` e.g. `Some("copper content")`).
    pub fn with_quantity(
        mut self,
        unit: Unit,
        basis: Option<&str>,
        amounts: &'a [Option<Decimal>],
    ) -> Self {
        self.quantities.push(QuantityColumn {
            unit,
            basis: basis.map(|b| b.trim().to_ascii_lowercase()),
            amounts,
        });
        self
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Every column as long as `codes`, and no quantity given twice.
    fn check(&self) -> Result<()> {
        let n = self.codes.len();
        let lens = [
            ("origins", Some(self.origins.len())),
            ("values", Some(self.values.len())),
            ("dates", Some(self.dates.len())),
            ("importers", self.importers.map(<[_]>::len)),
            ("modes", self.modes.map(<[_]>::len)),
            ("currencies", self.currencies.map(<[_]>::len)),
            ("exchange_rates", self.exchange_rates.map(<[_]>::len)),
            ("loaded_on", self.loaded_on.map(<[_]>::len)),
            ("claims", self.claims.map(<[_]>::len)),
        ];
        let quantities = self.quantities.iter().map(|q| {
            (
                "quantities",
                Some(q.amounts.len()),
                crate::rate::quantity_name(q.unit, q.basis.as_deref()),
            )
        });
        for (field, len, _) in lens
            .into_iter()
            .map(|(f, l)| (f, l, String::new()))
            .chain(quantities)
        {
            if let Some(len) = len {
                if len != n {
                    return Err(Error::invalid(
                        field,
                        format!("{len} rows"),
                        format!("a column of {n} rows, as many as codes"),
                    ));
                }
            }
        }
        for (i, q) in self.quantities.iter().enumerate() {
            if self.quantities[..i]
                .iter()
                .any(|p| p.unit == q.unit && p.basis == q.basis)
            {
                return Err(Error::invalid(
                    "quantities",
                    crate::rate::quantity_name(q.unit, q.basis.as_deref()),
                    "each unit (and basis) once",
                ));
            }
        }
        Ok(())
    }

    /// The checks of [`Entry::validate`] on row `i`, in its order (the
    /// claims as given, before they are trimmed and upper-cased).
    pub(crate) fn check_row(&self, i: usize) -> Result<()> {
        entry::check_value(self.values[i])?;
        if let Some(r) = self.exchange_rates.and_then(|c| c[i]) {
            entry::check_exchange_rate(r)?;
        }
        let given = self
            .quantities
            .iter()
            .filter(|q| q.amounts[i].is_some())
            .count();
        entry::check_quantity_count(given)?;
        for q in &self.quantities {
            if let Some(a) = q.amounts[i] {
                entry::check_quantity(q.unit, q.basis.as_deref(), a)?;
            }
        }
        if let Some(c) = self.claims {
            entry::check_claims(&c[i])?;
        }
        entry::check_loaded_on(self.loaded_on.and_then(|c| c[i]), self.dates[i])
    }

    /// Row `i` as an [`Entry`] (only for rows whose quote structure must be built).
    pub(crate) fn entry(&self, i: usize) -> Entry {
        let mut e = Entry::new(
            self.importers.map_or(self.importer, |c| c[i]),
            self.origins[i],
            self.codes[i],
            self.values[i],
            self.dates[i],
        )
        .with_mode(self.modes.map_or(self.mode, |m| m[i]));
        e.currency = self.currencies.and_then(|c| c[i]);
        e.exchange_rate = self.exchange_rates.and_then(|c| c[i]);
        e.loaded_on = self.loaded_on.and_then(|c| c[i]);
        if let Some(c) = self.claims {
            e.claims = c[i].iter().map(|c| c.trim().to_ascii_uppercase()).collect();
        }
        for q in &self.quantities {
            if let Some(a) = q.amounts[i] {
                e.quantities.set(q.unit, q.basis.as_deref(), a);
            }
        }
        e
    }
}

/// The quantities of one row of [`EntryColumns`].
pub(crate) struct RowQuantities<'c, 'a> {
    pub(crate) cols: &'c [QuantityColumn<'a>],
    pub(crate) row: usize,
}

impl RowQuantities<'_, '_> {
    fn get(&self, unit: Unit, basis: Option<&str>) -> Option<Decimal> {
        self.cols
            .iter()
            .find(|c| c.unit == unit && entry::same_basis(c.basis.as_deref(), basis))
            .and_then(|c| c.amounts[self.row])
    }
}

impl QuantitySource for RowQuantities<'_, '_> {
    fn quantity(&self, unit: Unit, basis: Option<&str>) -> Option<Decimal> {
        entry::derive_quantity(|u, b| self.get(u, b), unit, basis)
    }

    fn overflowed(&self, unit: Unit, basis: Option<&str>) -> Option<(String, Decimal)> {
        entry::derive_overflow(|u, b| self.get(u, b), unit, basis)
    }
}

impl Schedule {
    /// Quotes many entries on all cores. Row `i` of the result belongs to
    /// `entries[i]`; a failing row (a bad entry, an amount past the decimal
    /// range) gets its own error and does not stop the others.
    pub fn quote_batch(&self, entries: &[Entry]) -> BatchResult {
        BatchResult::compute(
            self,
            entries.len(),
            |i| entries[i].validate(),
            |i| entries[i].entry_date,
            |w, i, slot| w.entry(&entries[i], slot),
        )
    }

    /// Quotes entries given as columns on all cores: the same results as
    /// [`Schedule::quote_batch`] on the same entries, without an [`Entry`]
    /// per row. Fails only when the columns do not fit together (lengths,
    /// a quantity given twice); a bad row gets its error in
    /// [`BatchResult::errors`] and does not stop the others.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when a column is not as long as `codes`
    /// (field `origins`, `values`, `dates`, ... or `quantities`, the value
    /// its row count), or when a quantity column's unit and basis are given
    /// twice (field `quantities`, the value the quantity's name).
    pub fn quote_columns(&self, cols: &EntryColumns) -> Result<BatchResult> {
        cols.check()?;
        let engine = self.engine();
        let single = match cols.importers {
            None => Some(engine.importer_position(cols.importer)),
            Some(_) => None,
        };
        Ok(BatchResult::compute(
            self,
            cols.len(),
            |i| cols.check_row(i),
            |i| cols.dates[i],
            |w, i, slot| {
                let foreign = cols.currencies.is_some_and(|c| c[i].is_some())
                    || cols.exchange_rates.is_some_and(|c| c[i].is_some());
                if foreign {
                    // Currency conversion: the entry path does it.
                    return w.entry(&cols.entry(i), slot);
                }
                let ii = match &single {
                    Some(r) => r.clone()?,
                    None => {
                        engine.importer_position(cols.importers.map_or(cols.importer, |c| c[i]))?
                    }
                };
                let parts = KeyParts {
                    code: cols.codes[i],
                    origin: cols.origins[i],
                    date: cols.dates[i],
                    mode: cols.modes.map_or(cols.mode, |m| m[i]),
                    value: cols.values[i],
                    loaded_on: cols.loaded_on.and_then(|c| c[i]),
                    claims: cols.claims.map_or(&[][..], |c| &c[i][..]),
                };
                let q = RowQuantities {
                    cols: &cols.quantities,
                    row: i,
                };
                w.run(ii, &parts, &q, || Cow::Owned(cols.entry(i)), slot)
            },
        ))
    }
}

/// Columns owned, built from entries: what [`Schedule::effective_rates_over`]
/// quotes once per date without cloning the entries.
pub(crate) struct OwnedColumns {
    importers: Vec<Country>,
    codes: Vec<HtsCode>,
    origins: Vec<Country>,
    values: Vec<Decimal>,
    pub(crate) dates: Vec<Date>,
    modes: Vec<Mode>,
    currencies: Vec<Option<Currency>>,
    exchange_rates: Vec<Option<Decimal>>,
    loaded_on: Vec<Option<Date>>,
    claims: Vec<Vec<String>>,
    quantities: Vec<OwnedQuantity>,
}

impl OwnedColumns {
    pub(crate) fn from_entries(entries: &[Entry]) -> OwnedColumns {
        let mut quantities: Vec<OwnedQuantity> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for q in e.quantities.iter() {
                let k = match quantities
                    .iter()
                    .position(|(u, b, _)| *u == q.unit && *b == q.basis)
                {
                    Some(k) => k,
                    None => {
                        quantities.push((q.unit, q.basis.clone(), vec![None; entries.len()]));
                        quantities.len() - 1
                    }
                };
                quantities[k].2[i] = Some(q.amount);
            }
        }
        OwnedColumns {
            importers: entries.iter().map(|e| e.importer).collect(),
            codes: entries.iter().map(|e| e.code).collect(),
            origins: entries.iter().map(|e| e.origin).collect(),
            values: entries.iter().map(|e| e.value).collect(),
            dates: entries.iter().map(|e| e.entry_date).collect(),
            modes: entries.iter().map(|e| e.mode).collect(),
            currencies: entries.iter().map(|e| e.currency).collect(),
            exchange_rates: entries.iter().map(|e| e.exchange_rate).collect(),
            loaded_on: entries.iter().map(|e| e.loaded_on).collect(),
            claims: entries.iter().map(|e| e.claims.clone()).collect(),
            quantities,
        }
    }

    /// The columns, `None` when there are no rows.
    pub(crate) fn view(&self) -> Option<EntryColumns<'_>> {
        let mut c = EntryColumns::new(
            *self.importers.first()?,
            &self.codes,
            &self.origins,
            &self.values,
            &self.dates,
        )
        .with_modes(&self.modes)
        .with_claims(&self.claims)
        .with_loaded_on(&self.loaded_on)
        .with_currencies(&self.currencies, &self.exchange_rates);
        c.importers = Some(&self.importers);
        c.quantities = quantity_columns(&self.quantities);
        Some(c)
    }
}

/// An owned quantity column: unit, basis, amounts.
pub(crate) type OwnedQuantity = (Unit, Option<String>, Vec<Option<Decimal>>);

/// Owned quantity columns as [`QuantityColumn`]s.
pub(crate) fn quantity_columns(owned: &[OwnedQuantity]) -> Vec<QuantityColumn<'_>> {
    owned
        .iter()
        .map(|(unit, basis, amounts)| QuantityColumn {
            unit: *unit,
            basis: basis.clone(),
            amounts,
        })
        .collect()
}
