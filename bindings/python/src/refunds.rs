//! The native half of `Schedule.refunds` (`tariffs._refunds`): Arrow
//! streams in (the entry lines, and the long table of filed amounts), the
//! core's [`Schedule::refunds_record_batches`] with the GIL released, and
//! its five tables out through the Arrow PyCapsule interface. No refund
//! logic here: the options are parsed by the core's own parsers.

use crate::arrow::{arrow_err, import_stream, validate_columns, PyArrowBatch};
use crate::errors::to_pyerr;
use pyo3::prelude::*;
use std::sync::Arc;
use tariffs::arrow::arrow_array::RecordBatch;
use tariffs::refunds::{InterestTable, Payer, RefundOptions};
use tariffs::{parse_decimal, Country, Date, Schedule};

/// The batches of `obj` (an `__arrow_c_stream__` object), each aligned by
/// [`import_stream`]'s reader and validated in full (offsets within their
/// data, UTF-8, dictionary keys in range), so that a malformed producer is
/// an error, never a bad read.
fn batches(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<RecordBatch>> {
    let reader = import_stream(obj, what)?;
    let schema = reader.schema();
    let mut out = Vec::new();
    for b in reader {
        let b = b.map_err(|e| arrow_err(what, e))?;
        validate_columns(&b, what)?;
        out.push(b);
    }
    if out.is_empty() {
        // No batch at all: an empty one, so that the columns are still checked.
        out.push(RecordBatch::new_empty(schema));
    }
    Ok(out)
}

/// The options, parsed by the core (errors name the argument).
fn options(
    as_of: &str,
    interest_to: Option<&str>,
    payer: &str,
    tolerance: &str,
    interest_rates_json: Option<&str>,
) -> tariffs::Result<RefundOptions> {
    let mut o = RefundOptions::new(Date::parse_field("as_of", as_of)?);
    o.interest_to = interest_to
        .map(|d| Date::parse_field("interest_to", d))
        .transpose()?;
    o.payer = Payer::parse(payer)?;
    o.tolerance = parse_decimal("tolerance", tolerance)?;
    o.interest = interest_rates_json
        .map(InterestTable::from_json)
        .transpose()?
        .map(Arc::new);
    Ok(o)
}

/// The five tables of a report, in the order lines, duties, audit, totals,
/// errors, then the options the core used: the as-of date, the date
/// interest runs to, and the payer (`corporate` or `noncorporate`).
pub type Tables = (
    PyArrowBatch,
    PyArrowBatch,
    PyArrowBatch,
    PyArrowBatch,
    PyArrowBatch,
    (String, String, &'static str),
);

/// `Schedule._refunds_arrow`: see the module docs and `tariffs._refunds`.
#[allow(clippy::too_many_arguments)]
pub fn refunds_arrow(
    py: Python<'_>,
    schedule: &Schedule,
    table: &Bound<'_, PyAny>,
    filed: Option<&Bound<'_, PyAny>>,
    as_of: &str,
    interest_to: Option<&str>,
    payer: &str,
    tolerance: &str,
    interest_rates_json: Option<&str>,
    importer: Option<&str>,
) -> PyResult<Tables> {
    let rows = batches(table, "refunds")?;
    let filed = filed.map(|f| batches(f, "refunds: filed")).transpose()?;
    let (tables, options) = py
        .detach(|| {
            let options = options(as_of, interest_to, payer, tolerance, interest_rates_json)?;
            let importer = importer
                .map(|c| Country::parse_field("importer", c))
                .transpose()?;
            let tables =
                schedule.refunds_record_batches(&rows, filed.as_deref(), &options, importer)?;
            Ok::<_, tariffs::Error>((tables, options))
        })
        .map_err(|e| to_pyerr(py, &e))?;
    Ok((
        PyArrowBatch::new(tables.lines),
        PyArrowBatch::new(tables.duties),
        PyArrowBatch::new(tables.audit),
        PyArrowBatch::new(tables.totals),
        PyArrowBatch::new(tables.errors),
        (
            options.as_of.to_string(),
            options.interest_end().to_string(),
            options.payer.as_str(),
        ),
    ))
}
