//! Batch quoting: many entries at once, on every core, with per-row errors.
//!
//! The batch runs the same evaluation as [`Schedule::quote`] (so results are
//! identical, which a property test checks) but skips the explanation: no
//! reason strings are written, and each worker thread reuses its buffers, so
//! the hot path allocates nothing per row (beyond what an entry's own
//! quantities and claims hold).

use crate::engine::Scratch;
use crate::entry::Entry;
use crate::error::Error;
use crate::schedule::Schedule;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The result of [`Schedule::quote_batch`]: one row per entry, in input order.
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
    /// Duty ÷ value per row (6 decimal places).
    pub effective_rate: Vec<Decimal>,
    /// Row-major amounts: `by_authority[row * authorities.len() + a]`.
    pub by_authority: Vec<Decimal>,
    /// The error of each row, `None` when it quoted.
    pub errors: Vec<Option<Error>>,
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

    /// The amount of `authority` on `row`, `None` when the schedule has no such authority.
    pub fn amount(&self, row: usize, authority: &str) -> Option<Decimal> {
        let a = self.authorities.iter().position(|n| &**n == authority)?;
        self.by_authority
            .get(row * self.authorities.len() + a)
            .copied()
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
}

struct Row {
    value: Decimal,
    duty: Decimal,
    fees: Decimal,
    total: Decimal,
    effective_rate: Decimal,
    error: Option<Error>,
}

const CHUNK: usize = 4096;

impl Schedule {
    /// Quotes many entries on all cores. Row `i` of the result belongs to
    /// `entries[i]`; a failing row does not stop the others.
    pub fn quote_batch(&self, entries: &[Entry]) -> BatchResult {
        let engine = self.engine();
        let authorities = engine.authorities().to_vec();
        let w = authorities.len();
        let mut rows: Vec<Row> = Vec::with_capacity(entries.len());
        // At least one slot per row so that the chunks line up with the entries.
        let w1 = w.max(1);
        let mut by_authority = vec![Decimal::ZERO; entries.len() * w1];
        let results: Vec<Vec<Row>> = entries
            .par_chunks(CHUNK)
            .zip(by_authority.par_chunks_mut(CHUNK * w1))
            .map(|(chunk, amounts)| {
                let mut scratch = Scratch::default();
                let mut out = Vec::with_capacity(chunk.len());
                for (k, e) in chunk.iter().enumerate() {
                    let slot = &mut amounts[k * w1..k * w1 + w];
                    match engine.summarize(e, &mut scratch, slot) {
                        Ok(s) => out.push(Row {
                            value: s.value,
                            duty: s.duty,
                            fees: s.fees,
                            total: s.total,
                            effective_rate: s.effective_rate,
                            error: None,
                        }),
                        Err(err) => {
                            slot.iter_mut().for_each(|x| *x = Decimal::ZERO);
                            out.push(Row {
                                value: Decimal::ZERO,
                                duty: Decimal::ZERO,
                                fees: Decimal::ZERO,
                                total: Decimal::ZERO,
                                effective_rate: Decimal::ZERO,
                                error: Some(err),
                            })
                        }
                    }
                }
                out
            })
            .collect();
        for r in results {
            rows.extend(r);
        }
        if w == 0 {
            by_authority.clear();
        }
        let mut b = BatchResult {
            authorities,
            fee_authority: engine.fee_authority().to_vec(),
            value: Vec::with_capacity(rows.len()),
            duty: Vec::with_capacity(rows.len()),
            fees: Vec::with_capacity(rows.len()),
            total: Vec::with_capacity(rows.len()),
            effective_rate: Vec::with_capacity(rows.len()),
            by_authority,
            errors: Vec::with_capacity(rows.len()),
        };
        for r in rows {
            b.value.push(r.value);
            b.duty.push(r.duty);
            b.fees.push(r.fees);
            b.total.push(r.total);
            b.effective_rate.push(r.effective_rate);
            b.errors.push(r.error);
        }
        b
    }
}
