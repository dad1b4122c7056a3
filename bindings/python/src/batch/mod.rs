//! The native halves of `Schedule.quote_many` and of `effective_rate`'s
//! basket reading.
//!
//! `quote_many` ([`quote_arrow`]): the pure-Python glue (`tariffs._batch`)
//! turns a DataFrame, an Arrow table or a polars frame into an Arrow stream
//! of entry columns; here each batch of it is handed, with the GIL released,
//! to the core's [`tariffs::arrow::ArrowQuoter`] (which reads, parses and
//! quotes the rows on every core, errors naming the field exactly as
//! [`tariffs::EntryText::parse`] would), and the result, one
//! [`RecordBatch`](tariffs::arrow::arrow_array::RecordBatch), goes back to
//! Python through the Arrow PyCapsule interface without a copy.
//!
//! `effective_rate` needs the rows as [`Entry`] values (it re-dates them and
//! sums by group), which the core's Arrow reader does not give out yet: for
//! it, [`parse_all`] reads the glue's Arrow columns into entries with the
//! core's parsers:
//!
//! - [`input`]: the basket's Arrow columns ([`Fields`]), imported through arrow-rs.
//! - [`cells`]: one cell to one typed value (decimal, date, country,
//!   quantity), with the core's parsers and errors.
//! - [`typed`]: a chunk of rows into typed columns, on every core.

use pyo3::prelude::*;
use rayon::prelude::*;
use std::collections::HashMap;
use tariffs::arrow::arrow_array::RecordBatch;
use tariffs::arrow::ArrowOptions;
use tariffs::{Entry, Schedule};

mod cells;
mod input;
mod typed;

pub use cells::arrow_decimal_text;
pub use input::{import_columns, Fields, Input};

use crate::arrow::{arrow_err, import_stream, validate_columns, PyArrowBatch};
use crate::errors::to_pyerr;
use typed::Typed;

/// Rows per chunk at least: progress is reported and Ctrl-C honoured between chunks.
pub const CHUNK: usize = 1 << 16;
/// Rows per chunk at most.
pub const MAX_CHUNK: usize = 1 << 20;

/// Rows per chunk of a batch of `n`: about a sixteenth of it, within
/// [`CHUNK`]..=[`MAX_CHUNK`], so that the progress bar moves and Ctrl-C
/// is honoured within about a second, while each push is large enough for
/// the core's per-thread caches to pay off.
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
    input: &Input,
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

/// The columns of `batch` the core reads, each validated in full (offsets
/// within their data, UTF-8, dictionary keys in range) so that a malformed
/// producer is an error here rather than a bad read later.
fn checked(batch: &RecordBatch, what: &str) -> PyResult<RecordBatch> {
    let schema = batch.schema();
    let keep: Vec<usize> = (0..batch.num_columns())
        .filter(|&i| tariffs::arrow::is_entry_column(schema.field(i).name()))
        .collect();
    let batch = batch.project(&keep).map_err(|e| arrow_err(what, e))?;
    validate_columns(&batch, what)?;
    Ok(batch)
}

/// `Schedule._quote_arrow`: quotes every row of `rows` (an object with
/// `__arrow_c_stream__` of `n` rows in all, the entry columns of
/// `tariffs::arrow`), chunk by chunk with the GIL released, calling
/// `progress(rows_done)` and honouring Ctrl-C between chunks.
pub fn quote_arrow(
    py: Python<'_>,
    schedule: &Schedule,
    rows: &Bound<'_, PyAny>,
    n: usize,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<PyArrowBatch> {
    const WHAT: &str = "quote_many";
    let reader = import_stream(rows, WHAT)?;
    let schema = reader.schema();
    let mut quoter = schedule.arrow_quoter(ArrowOptions::default());
    let chunk = chunk_rows(n);
    let mut pushed = false;
    for batch in reader {
        let batch = checked(&batch.map_err(|e| arrow_err(WHAT, e))?, WHAT)?;
        let mut start = 0;
        while start < batch.num_rows() || !pushed {
            let len = chunk.min(batch.num_rows() - start);
            let part = batch.slice(start, len);
            py.detach(|| quoter.push(&part))
                .map_err(|e| to_pyerr(py, &e))?;
            pushed = true;
            start += len;
            if let Some(cb) = &progress {
                cb.call1((quoter.rows(),))?;
            }
            py.check_signals()?;
        }
    }
    if !pushed {
        // No batch at all: an empty one, so that the columns are still checked.
        let empty = checked(&RecordBatch::new_empty(schema), WHAT)?;
        quoter.push(&empty).map_err(|e| to_pyerr(py, &e))?;
    }
    let out = py
        .detach(|| quoter.finish())
        .map_err(|e| to_pyerr(py, &e))?;
    Ok(PyArrowBatch::new(out))
}
