//! Quoting the rows of a batch on every core: each chunk of rows is read
//! into typed columns, then quoted by the batch worker of the engine (the
//! quote structure cached per key, see [`crate::batch`]); the amounts are
//! kept as integer mantissas (cents, and millionths for the rate) and the
//! lines as (row, authority, cents), so a row costs its own lines only.

use super::read::{Cell, Columns};
use crate::batch::{EntryColumns, RowQuantities};
use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::engine::{KeyParts, LineSink, Summary, Worker};
use crate::entry::{parse_claim, Mode};
use crate::error::{Error, Result};

use crate::schedule::Schedule;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Rows per unit of parallel work.
const CHUNK: usize = 16 * 1024;

/// Digits after the point of money columns.
pub(super) const MONEY_SCALE: u32 = 2;
/// Digits after the point of `effective_rate`.
pub(super) const RATE_SCALE: u32 = 6;

/// The quoted rows of a range of a pushed batch.
pub(super) struct Quoted {
    /// Whether each row quoted.
    pub(super) ok: Vec<bool>,
    /// Duty, fees, total: cents (scale 2); zero where the row failed.
    pub(super) duty: Vec<i128>,
    pub(super) fees: Vec<i128>,
    pub(super) total: Vec<i128>,
    /// Effective rate at scale 6.
    pub(super) rate: Vec<i128>,
    /// Whether each row quoted with the coverage warning.
    pub(super) warned: Vec<bool>,
    /// The errors of the failed rows: (row, error).
    pub(super) errors: Vec<(usize, Error)>,
    /// Every line with an authority: (row, authority index, cents).
    pub(super) lines: Vec<(usize, u16, i128)>,
}

impl Quoted {
    pub(super) fn len(&self) -> usize {
        self.ok.len()
    }

    fn with_capacity(n: usize) -> Quoted {
        Quoted {
            ok: Vec::with_capacity(n),
            duty: Vec::with_capacity(n),
            fees: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            rate: Vec::with_capacity(n),
            warned: Vec::with_capacity(n),
            errors: Vec::new(),
            lines: Vec::with_capacity(n * 3),
        }
    }
}

/// The lines of one row, into [`Quoted::lines`].
struct RowLines<'q> {
    row: usize,
    lines: &'q mut Vec<(usize, u16, i128)>,
}

impl LineSink for RowLines<'_> {
    fn add(&mut self, aidx: u16, amount: Decimal) {
        self.lines
            .push((self.row, aidx, mantissa(amount, MONEY_SCALE)));
    }
}

/// `d` as a mantissa at `scale` (the engine's amounts have at most that
/// many decimals; one with more is rounded, which cannot happen).
fn mantissa(d: Decimal, scale: u32) -> i128 {
    let mut d = d;
    d.rescale(scale);
    d.mantissa()
}

/// A chunk of rows read into typed columns (reused from chunk to chunk).
#[derive(Default)]
struct Typed {
    /// Rows whose cells do not all read: quoted from their text.
    bad: Vec<bool>,
    codes: Vec<HtsCode>,
    origins: Vec<Country>,
    values: Vec<Decimal>,
    dates: Vec<Date>,
    importers: Vec<Country>,
    modes: Vec<Mode>,
    loaded_on: Vec<Option<Date>>,
    claims: Vec<Vec<String>>,
    /// One column per distinct quantity.
    quantities: Vec<crate::batch::OwnedQuantity>,
}

impl Typed {
    fn read(&mut self, c: &Columns, start: usize, end: usize) {
        let k = end - start;
        self.bad.clear();
        self.bad.resize(k, false);
        let placeholder_code = HtsCode::parse_field("hts", "0101").ok();
        let code0 = match placeholder_code {
            Some(c) => c,
            None => return self.bad.iter_mut().for_each(|b| *b = true),
        };
        fill(&mut self.codes, &mut self.bad, start, k, code0, |i| {
            req(c.hts.get(i))
        });
        fill(
            &mut self.origins,
            &mut self.bad,
            start,
            k,
            Country::US,
            |i| req(c.origin.get(i)),
        );
        fill(
            &mut self.values,
            &mut self.bad,
            start,
            k,
            Decimal::ZERO,
            |i| req(c.value.get(i)),
        );
        fill(&mut self.dates, &mut self.bad, start, k, Date::MIN, |i| {
            req(c.date.get(i))
        });
        let imp = c.default_importer;
        fill(&mut self.importers, &mut self.bad, start, k, imp, |i| {
            opt(c.importer.as_ref().map(|p| p.get(i)), imp)
        });
        fill(&mut self.modes, &mut self.bad, start, k, Mode::Ocean, |i| {
            opt(c.mode.as_ref().map(|p| p.get(i)), Mode::Ocean)
        });
        fill(
            &mut self.loaded_on,
            &mut self.bad,
            start,
            k,
            None,
            |i| match c.loaded_on.as_ref().map(|d| d.get(i)) {
                None | Some(Cell::Null) => Some(None),
                Some(Cell::Ok(d)) => Some(Some(d)),
                Some(Cell::Bad) => None,
            },
        );
        // A row with a currency or an exchange rate is quoted from its text
        // (currency conversion is the entry path's).
        for (j, b) in self.bad.iter_mut().enumerate() {
            let i = start + j;
            if c.currency.as_ref().is_some_and(|p| p.get(i).is_given())
                || c.exchange_rate
                    .as_ref()
                    .is_some_and(|p| p.get(i).is_given())
            {
                *b = true;
            }
        }
        self.read_claims(c, start, k);
        self.read_quantities(c, start, k);
    }

    fn read_claims(&mut self, c: &Columns, start: usize, k: usize) {
        self.claims.resize_with(k, Vec::new);
        self.claims.truncate(k);
        let Some(col) = &c.claims else {
            self.claims.iter_mut().for_each(Vec::clear);
            return;
        };
        let mut given = Vec::new();
        for (j, list) in self.claims.iter_mut().enumerate() {
            list.clear();
            if self.bad[j] {
                continue;
            }
            if col.get(start + j, &mut given).is_err() {
                self.bad[j] = true;
                continue;
            }
            for g in &given {
                match parse_claim("claims", g) {
                    Ok(claim) => list.push(claim),
                    Err(_) => {
                        self.bad[j] = true;
                        break;
                    }
                }
            }
        }
    }

    fn read_quantities(&mut self, c: &Columns, start: usize, k: usize) {
        self.quantities.clear();
        for q in &c.quantities {
            let Ok((unit, basis)) = &q.unit else {
                // A name that is no unit: each row with an amount fails by its text.
                for j in 0..k {
                    if !matches!(q.amounts.get(start + j), Cell::Null) {
                        self.bad[j] = true;
                    }
                }
                continue;
            };
            let mut amounts = Vec::with_capacity(k);
            for j in 0..k {
                amounts.push(match q.amounts.get(start + j) {
                    Cell::Null => None,
                    Cell::Ok(d) => Some(d),
                    Cell::Bad => {
                        self.bad[j] = true;
                        None
                    }
                });
            }
            self.quantities.push((*unit, basis.clone(), amounts));
        }
    }

    fn columns(&self, default_importer: Country) -> EntryColumns<'_> {
        let mut cols = EntryColumns::new(
            default_importer,
            &self.codes,
            &self.origins,
            &self.values,
            &self.dates,
        )
        .with_modes(&self.modes)
        .with_loaded_on(&self.loaded_on)
        .with_claims(&self.claims);
        cols.importers = Some(&self.importers);
        cols.quantities = crate::batch::quantity_columns(&self.quantities);
        cols
    }
}

/// A required cell: `None` (the row is bad) when null or unreadable.
fn req<T>(c: Cell<T>) -> Option<T> {
    match c {
        Cell::Ok(v) => Some(v),
        Cell::Null | Cell::Bad => None,
    }
}

/// An optional cell: its default when the column is absent or the cell null.
fn opt<T>(c: Option<Cell<T>>, default: T) -> Option<T> {
    match c {
        None | Some(Cell::Null) => Some(default),
        Some(Cell::Ok(v)) => Some(v),
        Some(Cell::Bad) => None,
    }
}

/// Fills `out` with rows `start..start + k` read by `get`; a row `get` cannot
/// read gets `fallback` and is marked bad.
fn fill<T: Copy>(
    out: &mut Vec<T>,
    bad: &mut [bool],
    start: usize,
    k: usize,
    fallback: T,
    get: impl Fn(usize) -> Option<T>,
) {
    out.clear();
    out.extend((0..k).map(|j| match get(start + j) {
        Some(v) => v,
        None => {
            bad[j] = true;
            fallback
        }
    }));
}

/// Quotes every row of `cols`: the rows are split into one contiguous range
/// per thread, each quoted chunk by chunk by one worker of `workers`
/// (created on first use, one per thread, and kept by the caller), whose
/// cache of quote structures stays warm over the whole range and over the
/// batches after it (a worker per chunk or per batch would rebuild the
/// structures every time). The result is one [`Quoted`] per range, in
/// order, each written once by its thread (never concatenated).
pub(super) fn quote<'s>(
    s: &'s Schedule,
    cols: &Columns,
    workers: &mut Vec<Worker<'s>>,
) -> Vec<Quoted> {
    let n = cols.rows;
    let engine = s.engine();
    let check = s.date_check();
    let ranges = rayon::current_num_threads().clamp(1, n.div_ceil(CHUNK).max(1));
    while workers.len() < ranges {
        workers.push(engine.worker().keep_plans());
    }
    let per = n.div_ceil(ranges);
    workers[..ranges]
        .par_iter_mut()
        .enumerate()
        .map(|(r, w)| {
            let (a, b) = ((r * per).min(n), ((r + 1) * per).min(n));
            let mut t = Typed::default();
            let mut out = Quoted::with_capacity(b - a);
            let mut start = a;
            while start < b {
                let end = (start + CHUNK).min(b);
                t.read(cols, start, end);
                chunk(w, &t, cols, start, &|d| check.check(d), &mut out);
                start = end;
            }
            out
        })
        .collect()
}

/// Quotes the rows of one chunk, read into `t`, starting at row `start`,
/// appending them to `q`.
fn chunk(
    w: &mut Worker<'_>,
    t: &Typed,
    cols: &Columns,
    start: usize,
    date_check: &dyn Fn(Date) -> Result<bool>,
    q: &mut Quoted,
) {
    let k = t.bad.len();
    let ec = t.columns(cols.default_importer);
    for j in 0..k {
        let mark = q.lines.len();
        let mut sink = RowLines {
            row: q.ok.len(),
            lines: &mut q.lines,
        };
        let result: Result<(Summary, bool)> = if t.bad[j] {
            cols.entry_text(start + j).parse().and_then(|e| {
                let warn = date_check(e.entry_date)?;
                Ok((w.entry(&e, &mut sink)?, warn))
            })
        } else {
            row(w, t, &ec, j, date_check, &mut sink).map_err(|e| match e {
                // A row that reads but fails its checks: the error the text
                // path gives, whose order of checks is EntryText::parse's
                // (counts first, a bad quantity before a bad value).
                Error::InvalidInput { .. } | Error::TooLarge { .. } => {
                    cols.entry_text(start + j).parse().err().unwrap_or(e)
                }
                e => e,
            })
        };
        match result {
            Ok((sum, warn)) => {
                q.ok.push(true);
                q.duty.push(mantissa(sum.duty, MONEY_SCALE));
                q.fees.push(mantissa(sum.fees, MONEY_SCALE));
                q.total.push(mantissa(sum.total, MONEY_SCALE));
                q.rate.push(mantissa(sum.effective_rate, RATE_SCALE));
                q.warned.push(warn);
            }
            Err(e) => {
                q.lines.truncate(mark);
                q.errors.push((q.ok.len(), e));
                q.ok.push(false);
                q.duty.push(0);
                q.fees.push(0);
                q.total.push(0);
                q.rate.push(0);
                q.warned.push(false);
            }
        }
    }
}

/// Quotes typed row `j` as [`Schedule::quote_columns`] quotes a row.
fn row(
    w: &mut Worker<'_>,
    t: &Typed,
    ec: &EntryColumns<'_>,
    j: usize,
    date_check: &dyn Fn(Date) -> Result<bool>,
    sink: &mut RowLines<'_>,
) -> Result<(Summary, bool)> {
    ec.check_row(j)?;
    let warn = date_check(t.dates[j])?;
    let ii = w.importer_position(t.importers[j])?;
    let parts = KeyParts {
        code: t.codes[j],
        origin: t.origins[j],
        date: t.dates[j],
        mode: t.modes[j],
        value: t.values[j],
        loaded_on: t.loaded_on[j],
        claims: &t.claims[j],
    };
    let q = RowQuantities {
        cols: &ec.quantities,
        row: j,
    };
    let sum = w.run(ii, &parts, &q, || Cow::Owned(ec.entry(j)), sink)?;
    Ok((sum, warn))
}
