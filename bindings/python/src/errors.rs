//! [`tariffs::Error`] to the exception classes of `tariffs._errors`.
//!
//! Every [`ErrorKind`] has its own class; the kinds that used to share a
//! class are subclasses of it, so `except InvalidInput` / `except
//! ScheduleError` still catch them.
//!
//! | core `Error::kind()` | Python class | bases |
//! |---|---|---|
//! | `invalid_input` | `InvalidInput` | `TariffsError`, `ValueError` |
//! | `unknown_importer` | `UnknownImporter` | `InvalidInput` |
//! | `missing_exchange_rate` | `MissingExchangeRate` | `InvalidInput` |
//! | `too_large` | `TooLarge` (`.field`, `.value`, the limit in the message) | `TariffsError`, `ValueError` |
//! | `missing_quantity` | `MissingQuantity` | `TariffsError`, `ValueError` |
//! | `unknown_code` | `UnknownCode` | `TariffsError`, `LookupError` |
//! | `not_covered` | `NotCovered` (`.first_date`, `.reviewed_through`, `.strict`) | `TariffsError`, `LookupError` |
//! | `schedule` | `ScheduleError` | `TariffsError` |
//! | `invalid_rate` | `InvalidRate` | `ScheduleError` |
//! | `missing_rate` | `MissingRate` | `ScheduleError`, `LookupError` |
//! | `io` | `IoError` | `ScheduleError`, `OSError` |
//! | `overflow` | `Overflow` | `TariffsError`, `ArithmeticError` |
//! | `prohibited` | `Prohibited` (`.ban`: the ban's importer, id, description, source) | `TariffsError` |
//! | a kind newer than this binding | `TariffsError` | `Exception` |
//!
//! Every instance carries `.kind`, `.field` and `.value` from the core error.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use tariffs::{Date, Error, ErrorKind};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python class name (in `tariffs._errors`) for a core error kind: one
/// class per kind. `ErrorKind` is non-exhaustive, so a kind added to the
/// core after this binding falls back to `TariffsError` (the assertion
/// below and `tests/python/test_errors.py` catch a kind left unmapped).
pub const fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => "InvalidInput",
        ErrorKind::InvalidRate => "InvalidRate",
        ErrorKind::MissingQuantity => "MissingQuantity",
        ErrorKind::UnknownCode => "UnknownCode",
        ErrorKind::MissingRate => "MissingRate",
        ErrorKind::UnknownImporter => "UnknownImporter",
        ErrorKind::MissingExchangeRate => "MissingExchangeRate",
        ErrorKind::Schedule => "ScheduleError",
        ErrorKind::Overflow => "Overflow",
        ErrorKind::Prohibited => "Prohibited",
        ErrorKind::NotCovered => "NotCovered",
        ErrorKind::TooLarge => "TooLarge",
        ErrorKind::Io => "IoError",
        _ => "TariffsError",
    }
}

/// `a == b` in a constant context.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Checked when the crate compiles (no Python needed): every kind of
/// [`ErrorKind::ALL`] has its own class, and none is the fallback.
const _: () = {
    let all = ErrorKind::ALL;
    let mut i = 0;
    while i < all.len() {
        let name = class_name(all[i]);
        assert!(
            !same(name, "TariffsError"),
            "an ErrorKind maps to the fallback class TariffsError"
        );
        let mut j = i + 1;
        while j < all.len() {
            assert!(
                !same(name, class_name(all[j])),
                "two ErrorKinds map to one class"
            );
            j += 1;
        }
        i += 1;
    }
};

/// `_error_classes()`: `{kind: class name}` for every core error kind, for
/// the tests (they check each class exists in `tariffs` and is distinct).
#[pyfunction]
#[pyo3(name = "_error_classes")]
pub fn error_classes() -> Vec<(&'static str, &'static str)> {
    ErrorKind::ALL
        .iter()
        .map(|&k| (k.as_str(), class_name(k)))
        .collect()
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
    let class = module.bind(py).getattr(class_name(e.kind()))?;
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
