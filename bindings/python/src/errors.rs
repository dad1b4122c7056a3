//! [`tariffs::Error`] to the exception classes of `tariffs._errors`.
//!
//! | core `Error::kind()` | Python class |
//! |---|---|
//! | `invalid_input`, `unknown_importer`, `missing_exchange_rate` | `InvalidInput` (also a `ValueError`) |
//! | `unknown_code` | `UnknownCode` (also a `LookupError`) |
//! | `missing_quantity` | `MissingQuantity` (also a `ValueError`) |
//! | `schedule`, `io`, `invalid_rate` | `ScheduleError` |
//! | `prohibited` | `Prohibited` (`.ban`: the ban's importer, id, description, source) |
//! | `not_covered` | `NotCovered` (also a `LookupError`; `.first_date`, `.reviewed_through`, `.strict`) |
//! | `too_large` | `TooLarge` (also a `ValueError`; `.field`, `.value`, the limit in the message) |
//! | `overflow` and anything newer | `TariffsError` |
//!
//! Every instance carries `.kind`, `.field` and `.value` from the core error.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use tariffs::{Date, Error};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python class name for a core error kind.
pub fn class_name(kind: &str) -> &'static str {
    match kind {
        "invalid_input" | "unknown_importer" | "missing_exchange_rate" => "InvalidInput",
        "unknown_code" => "UnknownCode",
        "missing_quantity" => "MissingQuantity",
        "schedule" | "io" | "invalid_rate" => "ScheduleError",
        "prohibited" => "Prohibited",
        "not_covered" => "NotCovered",
        "too_large" => "TooLarge",
        _ => "TariffsError",
    }
}

/// Builds the Python exception for a core error.
pub fn to_pyerr(py: Python<'_>, e: &tariffs::Error) -> PyErr {
    match build(py, e) {
        Ok(err) => err,
        // Only if the pure-Python package is broken: keep the message anyway.
        Err(_) => PyValueError::new_err(e.to_string()),
    }
}

fn build(py: Python<'_>, e: &tariffs::Error) -> PyResult<PyErr> {
    let module = ERRORS.get_or_try_init(py, || {
        PyModule::import(py, "tariffs._errors").map(Bound::unbind)
    })?;
    let class = module.bind(py).getattr(class_name(e.kind().as_str()))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", e.kind().as_str())?;
    kwargs.set_item("field", e.field())?;
    kwargs.set_item("value", e.value())?;
    // The details of the variants that have their own class.
    match e {
        Error::Prohibited { ban, .. } => {
            let d = PyDict::new(py);
            d.set_item("importer", &ban.importer)?;
            d.set_item("id", &ban.id)?;
            d.set_item("description", &ban.description)?;
            d.set_item("source", &ban.source)?;
            kwargs.set_item("ban", d)?;
        }
        Error::NotCovered {
            first,
            reviewed_through,
            strict,
            ..
        } => {
            let date = |s: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
                s.parse::<Date>()
                    .ok()
                    .map(|d| crate::convert::py_date(py, d))
                    .transpose()
            };
            kwargs.set_item("first_date", date(first)?)?;
            kwargs.set_item("reviewed_through", date(reviewed_through)?)?;
            kwargs.set_item("strict", *strict)?;
        }
        _ => {}
    }
    let instance = class.call((e.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Extension: `result.map_err(py_err(py))`.
pub fn py_err(py: Python<'_>) -> impl Fn(tariffs::Error) -> PyErr + '_ {
    move |e| to_pyerr(py, &e)
}
