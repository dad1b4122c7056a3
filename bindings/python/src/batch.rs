//! Columns in, quoted columns out: the native half of `Schedule.quote_many`.
//!
//! The pure-Python glue (`tariffs._batch`) turns a DataFrame or Arrow table
//! into one Arrow array per entry field. Here, with the GIL released, each
//! chunk of rows is read as text (no Python object per cell), parsed into
//! [`tariffs::Entry`] values with [`EntryText`] (errors name the field), and
//! quoted by the core's [`Schedule::quote_batch`] on every core. The results
//! go back as raw Arrow buffers (validity bitmaps, little-endian decimal128
//! values, string offsets) that the glue wraps with `pyarrow.Array.from_buffers`.
//!
//! When the core gains a columnar entry point (columns of text in, no
//! `Entry` per row), only [`parse_chunk`] and the `quote_batch` call in
//! [`quote_chunk`] change: the Python side and the output stay as they are.

use crate::arrow::{self, bitmap, Column, Imported};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use rayon::prelude::*;
use std::collections::HashMap;
use tariffs::{Decimal, Entry, EntryText, Schedule};

/// Digits after the point of the money columns (every line is rounded to the cent).
pub const MONEY_SCALE: u32 = 2;
/// Digits after the point of `effective_rate` (rounded to 6 places by the core).
pub const RATE_SCALE: u32 = 6;
/// Rows per chunk: progress is reported and Ctrl-C honoured between chunks.
pub const CHUNK: usize = 1 << 16;

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
    quantities: Vec<(String, Column)>,
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

/// Per-thread text buffers for non-string columns.
#[derive(Default)]
struct Bufs {
    hts: String,
    origin: String,
    value: String,
    date: String,
    importer: String,
    mode: String,
    currency: String,
    exchange_rate: String,
    claims: String,
    loaded_on: String,
    quantities: Vec<String>,
}

/// A required cell; a null one is an error naming the field.
fn req<'a>(c: &'a Column, i: usize, buf: &'a mut String, field: &str) -> tariffs::Result<&'a str> {
    c.get(i, buf)
        .ok_or_else(|| tariffs::Error::invalid(field, "", "a value, but the cell is empty"))
}

fn opt<'a>(c: &'a Option<Column>, i: usize, buf: &'a mut String) -> Option<&'a str> {
    c.as_ref().and_then(|c| c.get(i, buf))
}

impl Fields {
    /// Parses row `i` into an entry; errors name the field.
    fn parse(&self, i: usize, b: &mut Bufs) -> tariffs::Result<Entry> {
        if b.quantities.len() != self.quantities.len() {
            b.quantities = vec![String::new(); self.quantities.len()];
        }
        let claims_text = opt(&self.claims, i, &mut b.claims);
        let text = EntryText {
            importer: opt(&self.importer, i, &mut b.importer),
            origin: req(&self.origin, i, &mut b.origin, "origin")?,
            hts: req(&self.hts, i, &mut b.hts, "hts")?,
            value: req(&self.value, i, &mut b.value, "value")?,
            currency: opt(&self.currency, i, &mut b.currency),
            exchange_rate: opt(&self.exchange_rate, i, &mut b.exchange_rate),
            date: req(&self.date, i, &mut b.date, "date")?,
            loaded_on: opt(&self.loaded_on, i, &mut b.loaded_on),
            mode: opt(&self.mode, i, &mut b.mode),
            claims: claims_text
                .map(|c| {
                    c.split(',')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            quantities: self
                .quantities
                .iter()
                .zip(b.quantities.iter_mut())
                .filter_map(|((unit, col), buf)| col.get(i, buf).map(|t| (unit.as_str(), t)))
                .collect(),
        };
        text.parse()
    }
}

/// The output columns, filled row by row.
struct Output {
    ok: Vec<bool>,
    duty: Vec<i128>,
    fees: Vec<i128>,
    total: Vec<i128>,
    effective_rate: Vec<i128>,
    by_authority: Vec<Vec<i128>>,
    error_offsets: Vec<i64>,
    error_data: Vec<u8>,
}

impl Output {
    fn new(n: usize, authorities: usize) -> Output {
        let mut error_offsets = Vec::with_capacity(n + 1);
        error_offsets.push(0);
        Output {
            ok: Vec::with_capacity(n),
            duty: Vec::with_capacity(n),
            fees: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            effective_rate: Vec::with_capacity(n),
            by_authority: (0..authorities).map(|_| Vec::with_capacity(n)).collect(),
            error_offsets,
            error_data: Vec::new(),
        }
    }

    fn push_error(&mut self, message: &str) {
        self.ok.push(false);
        for v in [
            &mut self.duty,
            &mut self.fees,
            &mut self.total,
            &mut self.effective_rate,
        ] {
            v.push(0);
        }
        for v in &mut self.by_authority {
            v.push(0);
        }
        self.error_data.extend_from_slice(message.as_bytes());
        self.error_offsets.push(self.error_data.len() as i64);
    }

    /// Pushes a quoted row, or an error if an amount has more digits after
    /// the point than its column holds (the core's rounding rules this out).
    fn push_ok(&mut self, money: [Decimal; 3], rate: Decimal, amounts: &[Decimal]) {
        let conv = || -> Result<([i128; 3], i128, Vec<i128>), Decimal> {
            let mut m = [0i128; 3];
            for (slot, d) in m.iter_mut().zip(money) {
                *slot = scaled(d, MONEY_SCALE).ok_or(d)?;
            }
            let r = scaled(rate, RATE_SCALE).ok_or(rate)?;
            let a = amounts
                .iter()
                .map(|d| scaled(*d, MONEY_SCALE).ok_or(*d))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((m, r, a))
        };
        match conv() {
            Ok((m, r, a)) => {
                self.ok.push(true);
                self.duty.push(m[0]);
                self.fees.push(m[1]);
                self.total.push(m[2]);
                self.effective_rate.push(r);
                for (col, v) in self.by_authority.iter_mut().zip(a) {
                    col.push(v);
                }
                self.error_offsets.push(self.error_data.len() as i64);
            }
            Err(d) => self.push_error(&format!(
                "internal: amount {d} has more decimal places than its output column"
            )),
        }
    }
}

/// `d` as an integer count of `10^-scale`, exactly, or `None` when `d` has
/// more significant digits after the point.
pub fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    let m = d.mantissa();
    let s = d.scale();
    if s <= scale {
        m.checked_mul(10i128.checked_pow(scale - s)?)
    } else {
        let f = 10i128.checked_pow(s - scale)?;
        (m % f == 0).then(|| m / f)
    }
}

/// Buffers reused from chunk to chunk (large allocations are not returned
/// to the system and faulted in again for every chunk).
#[derive(Default)]
struct Scratch {
    parsed: Vec<Result<Entry, RowError>>,
    entries: Vec<Entry>,
    slots: Vec<Result<usize, RowError>>,
}

/// Parses rows `start..end` on every core and appends them to `parsed`: an
/// entry or the error per row.
fn parse_chunk(
    fields: &Fields,
    row_errors: &HashMap<usize, String>,
    start: usize,
    end: usize,
    parsed: &mut Vec<Result<Entry, RowError>>,
) {
    parsed.par_extend(
        (start..end)
            .into_par_iter()
            .map_init(Bufs::default, |b, i| {
                // Most batches have no pre-marked rows: skip the hash lookup then.
                let marked = if row_errors.is_empty() {
                    None
                } else {
                    row_errors.get(&i)
                };
                match marked {
                    Some(e) => Err(RowError::Marked(e.clone())),
                    None => fields.parse(i, b).map_err(RowError::Core),
                }
            }),
    );
}

/// Parses and quotes rows `start..end` and appends them to `out`.
fn quote_chunk(
    schedule: &Schedule,
    fields: &Fields,
    row_errors: &HashMap<usize, String>,
    (start, end): (usize, usize),
    s: &mut Scratch,
    out: &mut Output,
) {
    s.parsed.clear();
    parse_chunk(fields, row_errors, start, end, &mut s.parsed);
    s.entries.clear();
    s.slots.clear();
    for p in s.parsed.drain(..) {
        match p {
            Ok(e) => {
                s.slots.push(Ok(s.entries.len()));
                s.entries.push(e);
            }
            Err(m) => s.slots.push(Err(m)),
        }
    }
    let b = schedule.quote_batch(&s.entries);
    let w = b.authorities.len();
    for slot in s.slots.drain(..) {
        match slot {
            Err(m) => out.push_error(&m.to_string()),
            Ok(j) => match &b.errors[j] {
                Some(e) => out.push_error(&e.to_string()),
                None => out.push_ok(
                    [b.duty[j], b.fees[j], b.total[j]],
                    b.effective_rate[j],
                    &b.by_authority[j * w..(j + 1) * w],
                ),
            },
        }
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

fn decimal_bytes<'py>(py: Python<'py>, v: &[i128]) -> Bound<'py, PyBytes> {
    let mut bytes = Vec::with_capacity(v.len() * 16);
    for x in v {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    PyBytes::new(py, &bytes)
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
        quantities: qcols,
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
    let mut parsed = Vec::with_capacity(n);
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        py.detach(|| parse_chunk(fields, row_errors, start, end, &mut parsed));
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
    let mut out = Output::new(n, authorities.len());
    let mut scratch = Scratch::default();
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        py.detach(|| {
            quote_chunk(
                schedule,
                fields,
                &row_errors,
                (start, end),
                &mut scratch,
                &mut out,
            )
        });
        if let Some(cb) = &progress {
            cb.call1((end,))?;
        }
        py.check_signals()?;
        start = end;
    }
    input.release();

    let result = PyDict::new(py);
    result.set_item("n", n)?;
    let validity = bitmap(&out.ok).map(|b| PyBytes::new(py, &b));
    let mut cols: Vec<(String, u32, Bound<'py, PyBytes>)> = vec![
        ("duty".into(), MONEY_SCALE, decimal_bytes(py, &out.duty)),
        ("fees".into(), MONEY_SCALE, decimal_bytes(py, &out.fees)),
        ("total".into(), MONEY_SCALE, decimal_bytes(py, &out.total)),
        (
            "effective_rate".into(),
            RATE_SCALE,
            decimal_bytes(py, &out.effective_rate),
        ),
    ];
    for (a, v) in authorities.iter().zip(&out.by_authority) {
        cols.push((a.to_string(), MONEY_SCALE, decimal_bytes(py, v)));
    }
    result.set_item("decimals", cols)?;
    result.set_item("validity", validity)?;
    let errors_valid: Vec<bool> = out.ok.iter().map(|ok| !ok).collect();
    let error_validity = if out.ok.iter().all(|ok| *ok) {
        // Every row quoted: an all-null error column.
        Some(PyBytes::new(py, &vec![0u8; n.div_ceil(8)]))
    } else {
        bitmap(&errors_valid).map(|b| PyBytes::new(py, &b))
    };
    let mut offsets = Vec::with_capacity(out.error_offsets.len() * 8);
    for o in &out.error_offsets {
        offsets.extend_from_slice(&o.to_le_bytes());
    }
    result.set_item(
        "error",
        (
            error_validity,
            PyBytes::new(py, &offsets),
            PyBytes::new(py, &out.error_data),
        ),
    )?;
    result.set_item("error_count", out.ok.iter().filter(|ok| !**ok).count())?;
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
