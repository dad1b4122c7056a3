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
//!
//! - [`input`]: the batch's Arrow columns ([`Fields`]), imported from the
//!   glue's capsules.
//! - [`cells`]: one cell to one typed value (decimal, date, country,
//!   quantity), with the core's parsers and errors.
//! - [`typed`]: a chunk of rows into typed columns, on every core.
//! - [`output`]: the quoted chunks into the raw Arrow buffers of the result.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use std::collections::HashMap;
use tariffs::{Entry, Schedule};

mod cells;
mod input;
mod output;
mod typed;

pub use cells::arrow_decimal_text;
pub use input::{import_columns, Fields, Input};
pub use output::scaled;

use crate::errors::to_pyerr;
use output::Output;
use typed::Typed;

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
    let (mut out, cols) = Output::new(py, n, names)?;
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

    out.into_dict(py, n, cols)
}
