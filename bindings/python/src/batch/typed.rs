//! A chunk of rows into typed columns, piece by piece on every core, each
//! row keeping the first error the core's text parser would give.

use super::cells::{decimal, empty, text};
use super::input::Fields;
use super::{RowError, PIECE};
use crate::arrow::{cell_text, Cell, Column};
use rayon::prelude::*;
use std::collections::HashMap;
use tariffs::entry::parse_claim;
use tariffs::{Country, Currency, Date, Decimal, Entry, HtsCode, Mode};

/// The typed columns of one chunk's rows (buffers reused from chunk to
/// chunk). Optional columns the batch does not have stay empty.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) codes: Vec<HtsCode>,
    origins: Vec<Country>,
    values: Vec<Decimal>,
    dates: Vec<Date>,
    importers: Vec<Country>,
    modes: Vec<Mode>,
    currencies: Vec<Option<Currency>>,
    exchange_rates: Vec<Option<Decimal>>,
    loaded_on: Vec<Option<Date>>,
    claims: Vec<Vec<String>>,
    /// One column per [`Fields::units`].
    quantities: Vec<Vec<Option<Decimal>>>,
    /// The error of each row of the chunk (never compacted).
    pub(super) errors: Vec<Option<RowError>>,
}

/// One piece of a chunk's [`Typed`] columns, written by one thread.
struct Piece<'t> {
    start: usize,
    codes: &'t mut [HtsCode],
    origins: &'t mut [Country],
    values: &'t mut [Decimal],
    dates: &'t mut [Date],
    importers: &'t mut [Country],
    modes: &'t mut [Mode],
    currencies: &'t mut [Option<Currency>],
    exchange_rates: &'t mut [Option<Decimal>],
    loaded_on: &'t mut [Option<Date>],
    claims: &'t mut [Vec<String>],
    quantities: Vec<&'t mut [Option<Decimal>]>,
    errors: &'t mut [Option<RowError>],
}

/// `v` cut in `count` pieces of `size` elements (the last shorter); an empty
/// `v` (a column the batch does not have) gives `count` empty pieces.
pub(super) fn split<T>(v: &mut [T], size: usize, count: usize) -> std::vec::IntoIter<&mut [T]> {
    let mut parts: Vec<&mut [T]> = v.chunks_mut(size).collect();
    parts.resize_with(count, Default::default);
    parts.into_iter()
}

/// Keeps the elements of `v` whose row has no error (`v` empty: nothing to do).
fn keep_parsed<T>(v: &mut Vec<T>, errors: &[Option<RowError>]) {
    if v.is_empty() {
        return;
    }
    let mut e = errors.iter();
    v.retain(|_| e.next().is_some_and(Option::is_none));
}

/// For each row `start + k` without an error yet: `out[k] = f(row)`, or the
/// row's error.
#[inline]
fn each<T>(
    errors: &mut [Option<RowError>],
    out: &mut [T],
    start: usize,
    mut f: impl FnMut(usize) -> tariffs::Result<T>,
) {
    for (k, (e, o)) in errors.iter_mut().zip(out.iter_mut()).enumerate() {
        if e.is_none() {
            match f(start + k) {
                Ok(v) => *o = v,
                Err(err) => *e = Some(RowError::Core(err)),
            }
        }
    }
}

impl Piece<'_> {
    /// Reads the piece's rows, field by field (a tight loop per column),
    /// each row keeping the first error [`tariffs::EntryText::parse`] would
    /// give for the same cells: an empty required cell (origin, hts, value,
    /// date), then the fields in the order `EntryText::parse` reads them,
    /// then the value and exchange rate checks. Rows the glue marked keep
    /// its message.
    fn parse(&mut self, f: &Fields, row_errors: &HashMap<usize, String>, buf: &mut String) {
        self.start_errors(f, row_errors);
        self.parse_fields(f, buf);
        self.parse_claims(f, buf);
        self.parse_quantities(f, buf);
        self.validate(f);
    }

    /// Each row's error before any field is read: the glue's mark, else an
    /// empty required cell.
    fn start_errors(&mut self, f: &Fields, row_errors: &HashMap<usize, String>) {
        let start = self.start;
        for (k, e) in self.errors.iter_mut().enumerate() {
            // Most batches have no marked rows: skip the hash lookup then.
            *e = if row_errors.is_empty() {
                None
            } else {
                row_errors
                    .get(&(start + k))
                    .map(|m| RowError::Marked(m.clone()))
            };
        }
        for (c, field) in [
            (&f.origin, "origin"),
            (&f.hts, "hts"),
            (&f.value, "value"),
            (&f.date, "date"),
        ] {
            if c.has_nulls() {
                for (k, e) in self.errors.iter_mut().enumerate() {
                    if e.is_none() && !c.is_valid(start + k) {
                        *e = Some(RowError::Core(empty(field)));
                    }
                }
            }
        }
    }

    /// The fields of one value per row, in the order `EntryText::parse`
    /// reads them.
    fn parse_fields(&mut self, f: &Fields, buf: &mut String) {
        let start = self.start;
        let errors = &mut *self.errors;
        if let Some(c) = &f.importer {
            each(errors, self.importers, start, |i| match c.cell(i) {
                Cell::Null => Ok(f.us),
                cell => f.country("importer", cell_text(cell, buf).unwrap_or("")),
            });
        }
        each(errors, self.origins, start, |i| {
            f.country("origin", text(&f.origin, i, buf))
        });
        each(errors, self.codes, start, |i| {
            HtsCode::parse_field("hts", text(&f.hts, i, buf))
        });
        each(errors, self.values, start, |i| {
            decimal(f.value.cell(i), "value", buf)
        });
        each(errors, self.dates, start, |i| {
            f.date(f.date.cell(i), "date", buf)
        });
        if let Some(c) = &f.currency {
            each(errors, self.currencies, start, |i| match c.cell(i) {
                Cell::Null => Ok(None),
                cell => {
                    Currency::parse_field("currency", cell_text(cell, buf).unwrap_or("")).map(Some)
                }
            });
        }
        if let Some(c) = &f.exchange_rate {
            each(errors, self.exchange_rates, start, |i| match c.cell(i) {
                Cell::Null => Ok(None),
                cell => decimal(cell, "exchange_rate", buf).map(Some),
            });
        }
        if let Some(c) = &f.loaded_on {
            each(errors, self.loaded_on, start, |i| match c.cell(i) {
                Cell::Null => Ok(None),
                cell => f.date(cell, "loaded_on", buf).map(Some),
            });
        }
        if let Some(c) = &f.mode {
            each(errors, self.modes, start, |i| match c.cell(i) {
                Cell::Null => Ok(Mode::Ocean),
                cell => Mode::parse_field("mode", cell_text(cell, buf).unwrap_or("")),
            });
        }
    }

    /// The claims: a comma-separated list per cell, each parsed by the core.
    fn parse_claims(&mut self, f: &Fields, buf: &mut String) {
        let Some(c) = &f.claims else { return };
        let start = self.start;
        for (k, (e, list)) in self
            .errors
            .iter_mut()
            .zip(self.claims.iter_mut())
            .enumerate()
        {
            list.clear();
            if e.is_some() {
                continue;
            }
            if let Some(t) = cell_text(c.cell(start + k), buf) {
                for claim in t.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    match parse_claim("claims", claim) {
                        Ok(claim) => list.push(claim),
                        Err(err) => {
                            *e = Some(RowError::Core(err));
                            break;
                        }
                    }
                }
            }
        }
    }

    /// The `qty_<unit>` columns, each amount into its unit's slot.
    fn parse_quantities(&mut self, f: &Fields, buf: &mut String) {
        let start = self.start;
        for q in &mut self.quantities {
            q.iter_mut().for_each(|a| *a = None);
        }
        for q in &f.quantities {
            for (k, e) in self.errors.iter_mut().enumerate() {
                if e.is_some() {
                    continue;
                }
                let cell = q.column.cell(start + k);
                if cell == Cell::Null {
                    continue;
                }
                match q.amount(cell, buf) {
                    Ok((slot, a)) => self.quantities[slot][k] = Some(a),
                    Err(err) => *e = Some(RowError::Core(err)),
                }
            }
        }
    }

    /// `Entry::validate`'s checks, by the core itself on the rows that fail them.
    fn validate(&mut self, f: &Fields) {
        for (k, e) in self.errors.iter_mut().enumerate() {
            let value = self.values[k];
            let rate = self.exchange_rates.get(k).copied().flatten();
            if e.is_none()
                && ((value.is_sign_negative() && !value.is_zero())
                    || rate.is_some_and(|r| r <= Decimal::ZERO))
            {
                let mut entry =
                    Entry::new(f.us, self.origins[k], self.codes[k], value, self.dates[k]);
                entry.exchange_rate = rate;
                if let Err(err) = entry.validate() {
                    *e = Some(RowError::Core(err));
                }
            }
        }
    }
}

impl Typed {
    /// Reads rows `start..end` on every core: the parsed rows into the
    /// columns (compacted: only rows without an error), each row's error
    /// into `errors`.
    pub(super) fn parse(
        &mut self,
        fields: &Fields,
        row_errors: &HashMap<usize, String>,
        (start, end): (usize, usize),
    ) {
        let k = end - start;
        let has = |c: &Option<Column>| if c.is_some() { k } else { 0 };
        self.codes.resize(k, fields.code0);
        self.origins.resize(k, fields.us);
        self.values.resize(k, Decimal::ZERO);
        self.dates.resize(k, fields.epoch);
        self.importers.resize(has(&fields.importer), fields.us);
        self.modes.resize(has(&fields.mode), Mode::Ocean);
        self.currencies.resize(has(&fields.currency), None);
        self.exchange_rates.resize(has(&fields.exchange_rate), None);
        self.loaded_on.resize(has(&fields.loaded_on), None);
        self.claims.resize_with(has(&fields.claims), Vec::new);
        self.quantities.resize_with(fields.units.len(), Vec::new);
        for q in &mut self.quantities {
            q.resize(k, None);
        }
        self.errors.clear();
        self.errors.resize_with(k, || None);

        let count = k.div_ceil(PIECE);
        let mut codes = split(&mut self.codes, PIECE, count);
        let mut origins = split(&mut self.origins, PIECE, count);
        let mut values = split(&mut self.values, PIECE, count);
        let mut dates = split(&mut self.dates, PIECE, count);
        let mut importers = split(&mut self.importers, PIECE, count);
        let mut modes = split(&mut self.modes, PIECE, count);
        let mut currencies = split(&mut self.currencies, PIECE, count);
        let mut exchange_rates = split(&mut self.exchange_rates, PIECE, count);
        let mut loaded_on = split(&mut self.loaded_on, PIECE, count);
        let mut claims = split(&mut self.claims, PIECE, count);
        let mut quantities: Vec<_> = self
            .quantities
            .iter_mut()
            .map(|q| split(q, PIECE, count))
            .collect();
        let mut errors = split(&mut self.errors, PIECE, count);
        let pieces: Vec<Piece> = (0..count)
            .map(|p| Piece {
                start: start + p * PIECE,
                codes: codes.next().unwrap_or_default(),
                origins: origins.next().unwrap_or_default(),
                values: values.next().unwrap_or_default(),
                dates: dates.next().unwrap_or_default(),
                importers: importers.next().unwrap_or_default(),
                modes: modes.next().unwrap_or_default(),
                currencies: currencies.next().unwrap_or_default(),
                exchange_rates: exchange_rates.next().unwrap_or_default(),
                loaded_on: loaded_on.next().unwrap_or_default(),
                claims: claims.next().unwrap_or_default(),
                quantities: quantities
                    .iter_mut()
                    .map(|q| q.next().unwrap_or_default())
                    .collect(),
                errors: errors.next().unwrap_or_default(),
            })
            .collect();
        pieces
            .into_par_iter()
            .for_each_init(String::new, |buf, mut p| p.parse(fields, row_errors, buf));

        if self.errors.iter().any(Option::is_some) {
            let e = &self.errors;
            keep_parsed(&mut self.codes, e);
            keep_parsed(&mut self.origins, e);
            keep_parsed(&mut self.values, e);
            keep_parsed(&mut self.dates, e);
            keep_parsed(&mut self.importers, e);
            keep_parsed(&mut self.modes, e);
            keep_parsed(&mut self.currencies, e);
            keep_parsed(&mut self.exchange_rates, e);
            keep_parsed(&mut self.loaded_on, e);
            keep_parsed(&mut self.claims, e);
            for q in &mut self.quantities {
                keep_parsed(q, e);
            }
        }
    }

    /// Parsed row `j` as an [`Entry`], equal to what
    /// [`tariffs::EntryText::parse`] makes of the same cells.
    pub(super) fn entry(&self, j: usize, fields: &Fields) -> Entry {
        let mut e = Entry::new(
            self.importers.get(j).copied().unwrap_or(fields.us),
            self.origins[j],
            self.codes[j],
            self.values[j],
            self.dates[j],
        )
        .with_mode(self.modes.get(j).copied().unwrap_or(Mode::Ocean));
        e.currency = self.currencies.get(j).copied().flatten();
        e.exchange_rate = self.exchange_rates.get(j).copied().flatten();
        e.loaded_on = self.loaded_on.get(j).copied().flatten();
        e.claims = self.claims.get(j).cloned().unwrap_or_default();
        for ((unit, basis), q) in fields.units.iter().zip(&self.quantities) {
            if let Some(a) = q[j] {
                e.quantities.set(*unit, basis.as_deref(), a);
            }
        }
        e
    }
}
