//! Columns in, quoted columns out: the native half of `Schedule.quote_many`.
//!
//! The pure-Python glue (`tariffs._batch`) turns a DataFrame or Arrow table
//! into one Arrow array per entry field. Here, with the GIL released, each
//! chunk of rows is read into typed columns on every core (decimal128 and
//! int64 cells straight into [`Decimal`], date32 cells into [`Date`], strings
//! with the core's parsers; no Python object and no text per cell), errors
//! naming the field exactly as [`tariffs::EntryText::parse`] would, and the
//! rows that parsed are quoted by the core's [`Schedule::quote_columns`] on
//! every core. The results go back as raw Arrow buffers (validity bitmaps,
//! little-endian decimal128 values, string offsets) that the glue wraps with
//! `pyarrow.Array.from_buffers`.

use crate::arrow::{self, bitmap, cell_text, Cell, Column, Imported};
use crate::convert;
use crate::errors::to_pyerr;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use rayon::prelude::*;
use std::collections::HashMap;
use tariffs::entry::parse_claim;
use tariffs::{
    parse_decimal, BatchResult, Country, Currency, Date, Decimal, Entry, EntryColumns, HtsCode,
    Mode, Quantities, Schedule, Unit,
};

/// Digits after the point of the money columns (every line is rounded to the cent).
pub const MONEY_SCALE: u32 = 2;
/// Digits after the point of `effective_rate` (rounded to 6 places by the core).
pub const RATE_SCALE: u32 = 6;
/// Rows per chunk at least: progress is reported and Ctrl-C honoured between chunks.
pub const CHUNK: usize = 1 << 16;
/// Rows per chunk at most.
pub const MAX_CHUNK: usize = 1 << 20;

/// Rows per chunk of a batch of `n`: about a sixteenth of it, within
/// [`CHUNK`]..=[`MAX_CHUNK`]. Each chunk is one [`Schedule::quote_columns`]
/// call, whose per-thread caches start empty, so rows of a larger chunk
/// quote faster (on 4M parcels of 300 codes, 65,536-row calls cost about a
/// quarter more than one call, 524,288-row calls under a tenth more); a
/// sixteenth keeps the progress bar moving and Ctrl-C within about a second.
pub fn chunk_rows(n: usize) -> usize {
    (n / 16).clamp(CHUNK, MAX_CHUNK)
}
/// Rows per unit of parallel work within a chunk.
const PIECE: usize = 4096;

/// A quantity's unit and basis (`kg`, `kg[copper content]`).
type QtyKey = (Unit, Option<String>);

/// One `qty_<unit>` column.
struct QtyField {
    /// The name after `qty_`, as given (`kg`, `kg[copper content]`).
    key: String,
    /// The field its amount errors name: `quantities.<key>`.
    field: String,
    column: Column,
    /// Its index in [`Fields::units`], or the error of a name that is no unit
    /// (every row with an amount in the column gets it).
    unit: Result<usize, tariffs::Error>,
}

/// The entry fields of a batch, each a borrowed Arrow column.
pub struct Fields {
    hts: Column,
    origin: Column,
    value: Column,
    date: Column,
    importer: Option<Column>,
    mode: Option<Column>,
    currency: Option<Column>,
    exchange_rate: Option<Column>,
    claims: Option<Column>,
    loaded_on: Option<Column>,
    quantities: Vec<QtyField>,
    /// The distinct unit (and basis) of the quantity columns: one typed
    /// column each (a quantity named by two columns is refused).
    units: Vec<QtyKey>,
    /// The default importer.
    us: Country,
    /// 1970-01-01, day 0 of date32.
    epoch: Date,
    /// A code for the rows of a buffer that are not written yet.
    code0: HtsCode,
    /// See [`country_table`].
    countries: Vec<Option<Country>>,
}

/// Why a row has no entry: a cell the Python glue already refused (a float,
/// a wrong type), or a field the core could not parse.
#[derive(Debug, Clone)]
pub enum RowError {
    /// Marked by the glue before the call, with its message.
    Marked(String),
    /// From the core.
    Core(tariffs::Error),
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::Marked(m) => f.write_str(m),
            RowError::Core(e) => e.fmt(f),
        }
    }
}

/// `mantissa × 10^-scale` as a [`Decimal`] when that is exactly what
/// [`parse_decimal`] makes of its text (at most 28 digits and places).
fn exact_decimal(mantissa: i128, scale: i32) -> Option<Decimal> {
    if !(0..=28).contains(&scale) || mantissa.unsigned_abs() >= 10u128.pow(28) {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale as u32).ok()
}

/// The text of a decimal128 cell `mantissa × 10^-scale` that
/// [`exact_decimal`] does not take, for [`parse_decimal`]: a scale past 28
/// is brought down by dropping trailing zeros (the value is the same, so
/// `1.50000000000000000000000000000000` at scale 32 is `1.5`), and a value
/// no core decimal holds exactly (more than 28 digits after the point that
/// are not zeros, beyond the 96-bit range, or a negative scale that puts it
/// there) is a [`tariffs::Error::TooLarge`] naming `field` and the limit,
/// found before any text is written (a negative scale of millions would
/// otherwise be millions of zeros).
pub fn arrow_decimal_text(mantissa: i128, scale: i32, field: &str) -> tariffs::Result<String> {
    let mut digits = [0u8; 40];
    let mut n = 0;
    let mut u = mantissa.unsigned_abs();
    loop {
        digits[n] = (u % 10) as u8;
        n += 1;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    digits[..n].reverse();
    let shown = || {
        let mut t = String::new();
        if scale.unsigned_abs() <= 80 {
            arrow::scaled_text(mantissa, scale, &mut t);
        } else {
            t = format!("{mantissa}E{:+}", -i64::from(scale));
        }
        t
    };
    convert::plain_decimal(field, mantissa < 0, &digits[..n], -i64::from(scale), shown)
}

/// A decimal cell (not null); errors name `field`, as [`parse_decimal`] of
/// its text (a decimal128 cell's, see [`arrow_decimal_text`]).
fn decimal(cell: Cell<'_>, field: &str, buf: &mut String) -> tariffs::Result<Decimal> {
    match cell {
        Cell::Text(t) => parse_decimal(field, t),
        Cell::Int(v) => Ok(Decimal::from(v)),
        Cell::Decimal(m, s) => match exact_decimal(m, s) {
            Some(d) => Ok(d),
            None => parse_decimal(field, &arrow_decimal_text(m, s, field)?),
        },
        Cell::Null | Cell::Days(_) => parse_decimal(field, cell_text(cell, buf).unwrap_or("")),
    }
}

/// The error of a required cell that is null.
fn empty(field: &str) -> tariffs::Error {
    tariffs::Error::invalid(field, "", "a value, but the cell is empty")
}

/// The text of a cell known not to be null.
fn text<'a>(c: &'a Column, i: usize, buf: &'a mut String) -> &'a str {
    cell_text(c.cell(i), buf).unwrap_or("")
}

impl QtyField {
    /// The slot and amount of a cell that is not null; errors as
    /// [`Quantities::set_parts`] gives them for the cell's text.
    fn amount(&self, cell: Cell<'_>, buf: &mut String) -> tariffs::Result<(usize, Decimal)> {
        let slot = match &self.unit {
            Ok(slot) => *slot,
            Err(e) => return Err(e.clone()),
        };
        // The text of a decimal128 cell outside `exact_decimal`'s range.
        let mut text: Option<String> = None;
        let amount = match cell {
            Cell::Decimal(m, s) => match exact_decimal(m, s) {
                Some(d) => Some(d),
                None => {
                    let t = arrow_decimal_text(m, s, &self.field)?;
                    let d = parse_decimal(&self.field, &t).ok();
                    text = Some(t);
                    d
                }
            },
            Cell::Int(v) => Some(Decimal::from(v)),
            Cell::Text(t) => parse_decimal(&self.field, t).ok(),
            Cell::Null | Cell::Days(_) => None,
        };
        match amount {
            Some(a) if !a.is_sign_negative() || a.is_zero() => Ok((slot, a)),
            _ => {
                // A bad or negative amount (or an unusual decimal): the core's own verdict.
                let t = match &text {
                    Some(t) => t.as_str(),
                    None => cell_text(cell, buf).unwrap_or(""),
                };
                Quantities::new().set_parts(&self.key, t)?;
                Ok((slot, parse_decimal(&self.field, t)?))
            }
        }
    }
}

/// The country of every two-letter code that is one, indexed as
/// [`Fields::country`] reads it.
fn country_table() -> Vec<Option<Country>> {
    (0..26 * 26)
        .map(|i| {
            let code = [b'A' + (i / 26) as u8, b'A' + (i % 26) as u8];
            std::str::from_utf8(&code)
                .ok()
                .and_then(|t| Country::parse_field("origin", t).ok())
        })
        .collect()
}

impl Fields {
    /// A country: two letters from the table, anything else (and every
    /// error) by the core's parser.
    #[inline]
    fn country(&self, field: &str, t: &str) -> tariffs::Result<Country> {
        if let [a, b] = *t.as_bytes() {
            if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
                let i = usize::from(a.to_ascii_uppercase() - b'A') * 26
                    + usize::from(b.to_ascii_uppercase() - b'A');
                if let Some(c) = self.countries[i] {
                    return Ok(c);
                }
            }
        }
        Country::parse_field(field, t)
    }

    /// A date cell (not null); errors name `field`, as [`Date::parse_field`] of its text.
    #[inline]
    fn date(&self, cell: Cell<'_>, field: &str, buf: &mut String) -> tariffs::Result<Date> {
        match cell {
            Cell::Text(t) => Date::parse_field(field, t),
            Cell::Days(d)
                if (Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch()).contains(&d) =>
            {
                Ok(self.epoch.add_days(d))
            }
            c => Date::parse_field(field, cell_text(c, buf).unwrap_or("")),
        }
    }
}

/// The typed columns of one chunk's rows (buffers reused from chunk to
/// chunk). Optional columns the batch does not have stay empty.
#[derive(Default)]
struct Typed {
    codes: Vec<HtsCode>,
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
    errors: Vec<Option<RowError>>,
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
fn split<T>(v: &mut [T], size: usize, count: usize) -> std::vec::IntoIter<&mut [T]> {
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
        if let Some(c) = &f.claims {
            for (k, (e, list)) in errors.iter_mut().zip(self.claims.iter_mut()).enumerate() {
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
        for q in &mut self.quantities {
            q.iter_mut().for_each(|a| *a = None);
        }
        for q in &f.quantities {
            for (k, e) in errors.iter_mut().enumerate() {
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
        // `Entry::validate`'s checks, by the core itself on the rows that fail them.
        for (k, e) in errors.iter_mut().enumerate() {
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
    fn parse(
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

    /// The parsed rows as the core's columns.
    fn columns<'t>(&'t self, fields: &'t Fields) -> EntryColumns<'t> {
        let mut c = EntryColumns::new(
            fields.us,
            &self.codes,
            &self.origins,
            &self.values,
            &self.dates,
        );
        if fields.importer.is_some() {
            c.importers = Some(&self.importers);
        }
        if fields.mode.is_some() {
            c = c.with_modes(&self.modes);
        }
        if fields.currency.is_some() {
            c.currencies = Some(&self.currencies);
        }
        if fields.exchange_rate.is_some() {
            c.exchange_rates = Some(&self.exchange_rates);
        }
        if fields.loaded_on.is_some() {
            c = c.with_loaded_on(&self.loaded_on);
        }
        if fields.claims.is_some() {
            c = c.with_claims(&self.claims);
        }
        for ((unit, basis), amounts) in fields.units.iter().zip(&self.quantities) {
            c = c.with_quantity(*unit, basis.as_deref(), amounts);
        }
        c
    }

    /// Parsed row `j` as an [`Entry`], equal to what
    /// [`tariffs::EntryText::parse`] makes of the same cells.
    fn entry(&self, j: usize, fields: &Fields) -> Entry {
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

/// One output column: a Python `bytes` object of 16 bytes per row (a
/// little-endian decimal128 value each), written in place while it is ours
/// alone, so that the amounts are not copied again when they go to Python.
struct RawColumn {
    data: *mut u8,
    rows: usize,
}

// SAFETY: the bytes object is new, referenced only by `quote_columns` (which
// keeps it alive until the end), and each row is written by one thread.
unsafe impl Send for RawColumn {}
unsafe impl Sync for RawColumn {}

impl RawColumn {
    /// A new `bytes` object of `rows` × 16 bytes (every one is written before it is returned).
    fn new(py: Python<'_>, rows: usize) -> PyResult<(Bound<'_, PyBytes>, RawColumn)> {
        let len = rows
            .checked_mul(16)
            .and_then(|l| isize::try_from(l).ok())
            .ok_or_else(|| PyValueError::new_err("quote_many: too many rows"))?;
        // SAFETY: a new bytes object of `len` bytes; its buffer may be written
        // until it is shared (C API: PyBytes_FromStringAndSize(NULL, len)).
        // (With no rows it is the shared empty bytes object, never written.)
        unsafe {
            let obj = Bound::from_owned_ptr_or_err(
                py,
                pyo3::ffi::PyBytes_FromStringAndSize(std::ptr::null(), len),
            )?
            .cast_into::<PyBytes>()?;
            let data = pyo3::ffi::PyBytes_AsString(obj.as_ptr()).cast::<u8>();
            if data.is_null() {
                return Err(PyErr::fetch(py));
            }
            Ok((obj, RawColumn { data, rows }))
        }
    }

    /// The bytes of rows `a..b`.
    fn rows_mut(&mut self, a: usize, b: usize) -> &mut [u8] {
        assert!(a <= b && b <= self.rows);
        // SAFETY: within the buffer; `&mut self` makes the slice the only access.
        unsafe { std::slice::from_raw_parts_mut(self.data.add(a * 16), (b - a) * 16) }
    }
}

/// The output columns of the whole batch, filled chunk by chunk.
struct Output {
    /// Whether each row quoted.
    ok: Vec<bool>,
    /// `duty`, `fees`, `total`, `effective_rate`, then one per authority:
    /// counts of `10^-scale` (scale [`MONEY_SCALE`], or [`RATE_SCALE`] for
    /// `effective_rate`); zero where a row failed.
    columns: Vec<RawColumn>,
    /// The error message of each failed row, by row.
    messages: Vec<(usize, String)>,
    /// Per row: the index in `warning_texts` of the row's warning, -1 for none.
    warnings: Vec<i32>,
    /// The distinct warning texts (one per schedule).
    warning_texts: Vec<String>,
}

/// One piece of a chunk's output rows, written by one thread.
struct OutPiece<'o> {
    /// First row, relative to the chunk.
    start: usize,
    ok: &'o mut [bool],
    /// 16 bytes per row.
    columns: Vec<&'o mut [u8]>,
}

impl Output {
    /// Writes the rows `start..` of one chunk: its parse errors in `errors`,
    /// the quotes of its parsed rows (in order) in `b`. Column by column,
    /// each a tight loop.
    fn fill(&mut self, start: usize, errors: &[Option<RowError>], b: &BatchResult) {
        let k = errors.len();
        let w = b.authorities.len();
        let count = k.div_ceil(PIECE);
        // The row of `b` of each chunk row (`u32::MAX`: it failed to parse),
        // unless every row parsed.
        let index: Vec<u32> = if b.len() == k {
            Vec::new()
        } else {
            let mut j = 0;
            errors
                .iter()
                .map(|e| match e {
                    Some(_) => u32::MAX,
                    None => {
                        j += 1;
                        j - 1
                    }
                })
                .collect()
        };
        self.fill_warnings(start, k, &index, b);
        let mut ok = split(&mut self.ok[start..start + k], PIECE, count);
        let mut columns: Vec<_> = self
            .columns
            .iter_mut()
            .map(|c| split(c.rows_mut(start, start + k), PIECE * 16, count))
            .collect();
        let pieces: Vec<OutPiece> = (0..count)
            .map(|p| OutPiece {
                start: p * PIECE,
                ok: ok.next().unwrap_or_default(),
                columns: columns
                    .iter_mut()
                    .map(|c| c.next().unwrap_or_default())
                    .collect(),
            })
            .collect();
        let messages: Vec<Vec<(usize, String)>> = pieces
            .into_par_iter()
            .map(|mut p| {
                let len = p.ok.len();
                let rows = p.start..p.start + len;
                // The row of `b` of each row of the piece, `None` when it failed to parse.
                let at = |r: usize| -> Option<usize> {
                    let r = p.start + r;
                    if index.is_empty() {
                        Some(r)
                    } else {
                        Some(index[r]).filter(|j| *j != u32::MAX).map(|j| j as usize)
                    }
                };
                let mut messages = Vec::new();
                for (r, e) in errors[rows.clone()].iter().enumerate() {
                    let failed = match (e, at(r)) {
                        (Some(e), _) => Some(e.to_string()),
                        (None, Some(j)) => b.errors[j].as_ref().map(|e| e.to_string()),
                        (None, None) => Some("internal: a row without its quote".to_string()),
                    };
                    p.ok[r] = failed.is_none();
                    if let Some(m) = failed {
                        messages.push((start + p.start + r, m));
                    }
                }
                // Amounts that do not fit their column's scale (the core's rounding rules them out).
                let mut unfit: Vec<usize> = Vec::new();
                let first = index.is_empty().then_some(p.start);
                let index = if index.is_empty() { &[][..] } else { &index[rows] };
                for (c, col) in p.columns.iter_mut().enumerate() {
                    let (ok, u) = (&*p.ok, &mut unfit);
                    match c {
                        0 => convert(col, ok, first, index, |j| b.duty[j], MONEY_SCALE, u),
                        1 => convert(col, ok, first, index, |j| b.fees[j], MONEY_SCALE, u),
                        2 => convert(col, ok, first, index, |j| b.total[j], MONEY_SCALE, u),
                        3 => convert(col, ok, first, index, |j| b.effective_rate[j], RATE_SCALE, u),
                        a => convert(col, ok, first, index, |j| b.by_authority[j * w + a - 4], MONEY_SCALE, u),
                    }
                }
                if !unfit.is_empty() {
                    unfit.sort_unstable();
                    unfit.dedup();
                    let mut row = vec![0i128; 4 + w];
                    for r in unfit {
                        let d = amounts(b, at(r).unwrap_or_default(), &mut row).err();
                        p.ok[r] = false;
                        for col in p.columns.iter_mut() {
                            col[r * 16..(r + 1) * 16].fill(0);
                        }
                        messages.push((
                            start + p.start + r,
                            format!(
                                "internal: amount {} has more decimal places than its output column",
                                d.unwrap_or_default()
                            ),
                        ));
                    }
                    messages.sort_by_key(|m| m.0);
                }
                messages
            })
            .collect();
        self.messages.extend(messages.into_iter().flatten());
    }

    /// Marks the rows `start..` of one chunk quoted with a warning (`index`
    /// as in [`Output::fill`]). Warned rows are few or share one text: each
    /// text is stored once, and rows keep its index.
    fn fill_warnings(&mut self, start: usize, k: usize, index: &[u32], b: &BatchResult) {
        if !b.warnings.iter().any(|&w| w != 0) {
            return;
        }
        let texts = &mut self.warning_texts;
        let mut last: Option<(&str, i32)> = None;
        for (r, o) in self.warnings[start..start + k].iter_mut().enumerate() {
            let j = if index.is_empty() {
                r
            } else if index[r] == u32::MAX {
                continue;
            } else {
                index[r] as usize
            };
            let Some(w) = b.warning(j) else { continue };
            *o = match last {
                Some((t, i)) if std::ptr::eq(t, w) || t == w => i,
                _ => {
                    let i = texts.iter().position(|t| t == w).unwrap_or_else(|| {
                        texts.push(w.to_string());
                        texts.len() - 1
                    }) as i32;
                    last = Some((w, i));
                    i
                }
            };
        }
    }

    /// The warning column as a dictionary array's parts: the validity
    /// bitmap of the indices (`None` when every row has a warning), the
    /// indices (little-endian i32, 0 where there is none), the texts, and
    /// the number of rows with a warning (failed rows have none).
    fn warning_column(&self) -> (Option<Vec<u8>>, Vec<u8>, Vec<String>, usize) {
        let valid: Vec<bool> = self
            .warnings
            .iter()
            .zip(&self.ok)
            .map(|(&i, &ok)| ok && i >= 0)
            .collect();
        let count = valid.iter().filter(|v| **v).count();
        let mut bytes = Vec::with_capacity(self.warnings.len() * 4);
        for (&i, &v) in self.warnings.iter().zip(&valid) {
            bytes.extend_from_slice(&if v { i } else { 0 }.to_le_bytes());
        }
        (bitmap(&valid), bytes, self.warning_texts.clone(), count)
    }

    /// The error column's offsets (`n + 1`, little-endian i64 bytes) and data.
    fn error_strings(&self, n: usize) -> (Vec<u8>, Vec<u8>) {
        let mut offsets: Vec<i64> = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut data = Vec::new();
        for (row, m) in &self.messages {
            offsets.resize(row + 1, data.len() as i64);
            data.extend_from_slice(m.as_bytes());
            offsets.push(data.len() as i64);
        }
        offsets.resize(n + 1, data.len() as i64);
        let mut bytes = Vec::with_capacity(offsets.len() * 8);
        for o in &offsets {
            bytes.extend_from_slice(&o.to_le_bytes());
        }
        (bytes, data)
    }
}

/// Writes one output column of a piece: `get(j)` as a count of `10^-scale`
/// for each row that quoted, where `j` is the row's index in the chunk's
/// [`BatchResult`] (`first + r` when every row of the chunk parsed, else
/// `index[r]`), zero for the others; rows whose amount does not fit go to
/// `unfit`.
#[inline]
fn convert(
    col: &mut [u8],
    ok: &[bool],
    first: Option<usize>,
    index: &[u32],
    get: impl Fn(usize) -> Decimal,
    scale: u32,
    unfit: &mut Vec<usize>,
) {
    for (r, (cell, ok)) in col.chunks_exact_mut(16).zip(ok).enumerate() {
        let mut v = 0i128;
        if *ok {
            let j = match first {
                Some(f) => f + r,
                None => index[r] as usize,
            };
            match scaled(get(j), scale) {
                Some(x) => v = x,
                None => unfit.push(r),
            }
        }
        cell.copy_from_slice(&v.to_le_bytes());
    }
}

/// Row `j` of `b` as output integers (`duty`, `fees`, `total`,
/// `effective_rate`, the authorities) into `row`, or the amount that has
/// more digits after the point than its column holds (the core's rounding
/// rules this out).
fn amounts(b: &BatchResult, j: usize, row: &mut [i128]) -> Result<(), Decimal> {
    let w = b.authorities.len();
    let money = [b.duty[j], b.fees[j], b.total[j]];
    for (slot, d) in row.iter_mut().zip(money) {
        *slot = scaled(d, MONEY_SCALE).ok_or(d)?;
    }
    row[3] = scaled(b.effective_rate[j], RATE_SCALE).ok_or(b.effective_rate[j])?;
    for (slot, d) in row[4..].iter_mut().zip(&b.by_authority[j * w..(j + 1) * w]) {
        *slot = scaled(*d, MONEY_SCALE).ok_or(*d)?;
    }
    Ok(())
}

/// `d` as an integer count of `10^-scale`, exactly, or `None` when `d` has
/// more significant digits after the point.
#[inline]
pub fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    if d.is_zero() {
        // Every authority that did not apply, and fees below their threshold.
        return Some(0);
    }
    let m = d.mantissa();
    let s = d.scale();
    if s == scale {
        // The common case: the core's amounts have 2 places, its rates 6.
        return Some(m);
    }
    if s < scale {
        if let (Some(f), Ok(small)) = (POW10.get((scale - s) as usize), i64::try_from(m)) {
            // 64-bit arithmetic where it fits (a 128-bit checked multiply is a slow call).
            if let Some(x) = small.checked_mul(*f) {
                return Some(i128::from(x));
            }
        }
        m.checked_mul(10i128.checked_pow(scale - s)?)
    } else {
        let f = 10i128.checked_pow(s - scale)?;
        (m % f == 0).then(|| m / f)
    }
}

fn column<'py>(
    columns: &Bound<'py, PyDict>,
    name: &str,
    n: usize,
    keep: &mut Vec<Imported<'py>>,
) -> PyResult<Option<Column>> {
    match columns.get_item(name)? {
        Some(obj) if !obj.is_none() => {
            let imported = arrow::import(&obj, name, n)?;
            let c = imported.column;
            keep.push(imported);
            Ok(Some(c))
        }
        _ => Ok(None),
    }
}

fn required(c: Option<Column>, name: &str, what: &str) -> PyResult<Column> {
    c.ok_or_else(|| PyValueError::new_err(format!("{what} needs a column {name:?}")))
}

/// The columns of a batch, borrowed from the capsules in `keep`.
pub struct Input<'py> {
    keep: Vec<Imported<'py>>,
    /// The entry fields.
    pub fields: Fields,
}

impl Input<'_> {
    /// Releases the capsules, and with them the columns.
    pub fn release(self) {
        drop(self.keep);
    }
}

/// The quantity columns: each name parsed as the core parses a quantity
/// key, and the distinct units (and bases) they name. Two columns naming one
/// quantity (`qty_kg` and `qty_KG`) are refused, as the core refuses a
/// quantity given twice: neither may silently replace the other.
fn quantity_fields(
    qcols: Vec<(String, Column)>,
) -> Result<(Vec<QtyField>, Vec<QtyKey>), tariffs::Error> {
    let mut units: Vec<QtyKey> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut fields = Vec::with_capacity(qcols.len());
    for (key, column) in qcols {
        let unit = match tariffs::entry::parse_quantity_key(&key) {
            Ok(u) => {
                if let Some(i) = units.iter().position(|x| *x == u) {
                    return Err(tariffs::Error::invalid(
                        "quantities",
                        format!("qty_{key}"),
                        format!(
                            "one column per quantity: qty_{} and qty_{key} name the same one",
                            names[i]
                        ),
                    ));
                }
                units.push(u);
                names.push(key.clone());
                Ok(units.len() - 1)
            }
            Err(e) => Err(e),
        };
        fields.push(QtyField {
            field: format!("quantities.{}", key.trim()),
            key,
            column,
            unit,
        });
    }
    Ok((fields, units))
}

/// Imports the columns `_batch` prepared (see `PySchedule::quote_columns`).
/// `what` names the caller in errors.
pub fn import_columns<'py>(
    n: usize,
    columns: &Bound<'py, PyDict>,
    quantities: &Bound<'py, PyList>,
    what: &str,
) -> PyResult<Input<'py>> {
    let mut keep: Vec<Imported<'py>> = Vec::new();
    let mut qcols: Vec<(String, Column)> = Vec::new();
    for item in quantities.iter() {
        let (unit, obj): (String, Bound<'py, PyAny>) = item.extract()?;
        let imported = arrow::import(&obj, &format!("qty_{unit}"), n)?;
        qcols.push((unit, imported.column));
        keep.push(imported);
    }
    let (quantities, units) =
        quantity_fields(qcols).map_err(|e| crate::errors::to_pyerr(quantities.py(), &e))?;
    let hts = column(columns, "hts", n, &mut keep)?;
    let origin = column(columns, "origin", n, &mut keep)?;
    let value = column(columns, "value", n, &mut keep)?;
    let date = column(columns, "date", n, &mut keep)?;
    let fields = Fields {
        hts: required(hts, "hts", what)?,
        origin: required(origin, "origin", what)?,
        value: required(value, "value", what)?,
        date: required(date, "date", what)?,
        importer: column(columns, "importer", n, &mut keep)?,
        mode: column(columns, "mode", n, &mut keep)?,
        currency: column(columns, "currency", n, &mut keep)?,
        exchange_rate: column(columns, "exchange_rate", n, &mut keep)?,
        claims: column(columns, "claims", n, &mut keep)?,
        loaded_on: column(columns, "loaded_on", n, &mut keep)?,
        quantities,
        units,
        us: Country::parse_field("importer", "US").expect("US is a country"),
        epoch: Date::from_ymd(1970, 1, 1).expect("a valid date"),
        code0: HtsCode::parse_field("hts", "00").expect("a valid code"),
        countries: country_table(),
    };
    Ok(Input { keep, fields })
}

/// Parses every row into an entry (or its error), on every core with the
/// GIL released, chunk by chunk so that Ctrl-C is honoured.
pub fn parse_all(
    py: Python<'_>,
    input: &Input<'_>,
    n: usize,
    row_errors: &HashMap<usize, String>,
) -> PyResult<Vec<Result<Entry, RowError>>> {
    let fields = &input.fields;
    let mut typed = Typed::default();
    let mut parsed = Vec::with_capacity(n);
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        py.detach(|| {
            typed.parse(fields, row_errors, (start, end));
            let entries: Vec<Entry> = (0..typed.codes.len())
                .into_par_iter()
                .map(|j| typed.entry(j, fields))
                .collect();
            let mut entries = entries.into_iter();
            for e in typed.errors.drain(..) {
                parsed.push(match e {
                    Some(e) => Err(e),
                    None => Ok(entries.next().expect("an entry per parsed row")),
                });
            }
        });
        py.check_signals()?;
        start = end;
    }
    Ok(parsed)
}

/// See `PySchedule::quote_columns`.
pub fn quote_columns<'py>(
    py: Python<'py>,
    schedule: &Schedule,
    n: usize,
    columns: &Bound<'py, PyDict>,
    quantities: &Bound<'py, PyList>,
    row_errors: HashMap<usize, String>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    // The capsules that own the columns' memory live in `input` until the end.
    let input = import_columns(n, columns, quantities, "quote_many")?;
    let fields = &input.fields;

    let authorities = schedule.quote_batch(&[]).authorities;
    let names: Vec<(String, u32)> = ["duty", "fees", "total"]
        .into_iter()
        .map(|c| (c.to_string(), MONEY_SCALE))
        .chain([("effective_rate".to_string(), RATE_SCALE)])
        .chain(authorities.iter().map(|a| (a.to_string(), MONEY_SCALE)))
        .collect();
    let mut cols: Vec<(String, u32, Bound<'py, PyBytes>)> = Vec::with_capacity(names.len());
    let mut out = Output {
        ok: vec![false; n],
        columns: Vec::with_capacity(names.len()),
        messages: Vec::new(),
        warnings: vec![-1; n],
        warning_texts: Vec::new(),
    };
    for (name, scale) in names {
        let (bytes, raw) = RawColumn::new(py, n)?;
        cols.push((name, scale, bytes));
        out.columns.push(raw);
    }
    let mut typed = Typed::default();
    let chunk = chunk_rows(n);
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        py.detach(|| -> tariffs::Result<()> {
            typed.parse(fields, &row_errors, (start, end));
            let b = schedule.quote_columns(&typed.columns(fields))?;
            out.fill(start, &typed.errors, &b);
            Ok(())
        })
        .map_err(|e| to_pyerr(py, &e))?;
        if let Some(cb) = &progress {
            cb.call1((end,))?;
        }
        py.check_signals()?;
        start = end;
    }
    input.release();
    drop(typed);

    let result = PyDict::new(py);
    result.set_item("n", n)?;
    let (offsets, data) = out.error_strings(n);
    let (warning_validity, indices, texts, warned) = out.warning_column();
    let ok = out.ok;
    let validity = bitmap(&ok).map(|b| PyBytes::new(py, &b));
    result.set_item("decimals", cols)?;
    result.set_item("validity", validity)?;
    let failed = ok.iter().filter(|ok| !**ok).count();
    let error_validity = if failed == 0 {
        // Every row quoted: an all-null error column.
        Some(PyBytes::new(py, &vec![0u8; n.div_ceil(8)]))
    } else {
        let errors_valid: Vec<bool> = ok.iter().map(|ok| !ok).collect();
        bitmap(&errors_valid).map(|b| PyBytes::new(py, &b))
    };
    result.set_item(
        "error",
        (
            error_validity,
            PyBytes::new(py, &offsets),
            PyBytes::new(py, &data),
        ),
    )?;
    result.set_item("error_count", failed)?;
    result.set_item(
        "warning",
        (
            warning_validity.map(|b| PyBytes::new(py, &b)),
            PyBytes::new(py, &indices),
            texts,
        ),
    )?;
    result.set_item("warning_count", warned)?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_is_exact_or_none() {
        assert_eq!(scaled(Decimal::new(2673, 2), 2), Some(2673));
        assert_eq!(scaled(Decimal::new(267300, 4), 2), Some(2673));
        assert_eq!(scaled(Decimal::new(267301, 4), 2), None);
        assert_eq!(scaled(Decimal::new(5, 0), 6), Some(5_000_000));
        assert_eq!(scaled(Decimal::new(-15, 1), 2), Some(-150));
    }
}
