//! Python values to the text fields of [`tariffs::EntryText`], and core
//! values back to Python.
//!
//! Money and quantities travel as decimal text: a `decimal.Decimal` is
//! written with `format(d, "f")` (never through a float), an `int` with
//! `str()`, a `str` is passed as is, and a `float` (or `bool`) is refused with
//! a `TypeError` that says why. The core then parses the text exactly and
//! names the field when it is malformed. Decimals come back to Python as
//! `decimal.Decimal(str(d))`.

use crate::errors::to_pyerr;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyType};
use tariffs::{Date, Decimal};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal`.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// A core decimal as a `decimal.Decimal`, built from its exact text.
pub fn py_decimal<'py>(py: Python<'py>, d: Decimal) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((d.to_string(),))
}

/// A core date as a `datetime.date`.
pub fn py_date<'py>(py: Python<'py>, d: Date) -> PyResult<Bound<'py, PyAny>> {
    let (y, m, day) = d.ymd();
    date_type(py)?.call1((y, m, day))
}

/// A Python `str` as UTF-8; a lone surrogate is an `InvalidInput` naming `field`.
fn utf8(s: &Bound<'_, PyString>, field: &str) -> PyResult<String> {
    s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        let e = tariffs::Error::invalid(
            field,
            "<text with a lone surrogate>",
            "text that can be encoded as UTF-8",
        );
        to_pyerr(s.py(), &e)
    })
}

/// The decimal digits of a Python `int` (`str(i)`); one too long for Python
/// to print is an `InvalidInput` naming `field`.
fn int_text(i: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    match i.str() {
        Ok(s) => utf8(&s, field),
        Err(_) => {
            let e = tariffs::Error::invalid(
                field,
                "<an integer of thousands of digits>",
                "a decimal number within 28 significant digits",
            );
            Err(to_pyerr(i.py(), &e))
        }
    }
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// A Python `str` as a Rust `String`, with a `TypeError` naming `field` otherwise.
pub fn text(v: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    match v.cast::<PyString>() {
        Ok(s) => utf8(s, field),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{field} must be a str, not {}",
            type_name(v)
        ))),
    }
}

/// The exact decimal text of a `Decimal`, `int` or `str`; floats and bools
/// are refused with a `TypeError` naming `field`.
pub fn decimal_text(v: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    let py = v.py();
    if v.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be a decimal.Decimal, int or str, not bool"
        )));
    }
    if v.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "{field} must be a decimal.Decimal, int or str, not float: a float cannot hold \
             money exactly (0.1 is stored as 0.1000000000000000055511151231257827...); \
             pass Decimal(\"54.10\") or \"54.10\" instead"
        )));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return utf8(s, field);
    }
    if v.is_instance_of::<PyInt>() {
        return int_text(v, field);
    }
    if v.is_instance(decimal_type(py)?)? {
        // Plain notation (no exponent): Decimal("1E+3") -> "1000". NaN and
        // infinities stay "NaN"/"Infinity", which the core rejects by name.
        return Ok(v
            .call_method1("__format__", ("f",))?
            .str()?
            .to_cow()?
            .into_owned());
    }
    // Integer-like objects (numpy.int64...) through __index__; numpy floats
    // are float subclasses or lack __index__, so they are refused below.
    if v.hasattr("__index__")? {
        if let Ok(i) = v.call_method0("__index__") {
            if i.is_instance_of::<PyInt>() {
                return int_text(&i, field);
            }
        }
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be a decimal.Decimal, int or str, not {}",
        type_name(v)
    )))
}

/// The ISO text of a `datetime.date` or a `str`; a `datetime.datetime` (a
/// date with a time, e.g. a pandas Timestamp) is refused with a `TypeError`.
pub fn date_text(v: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    let py = v.py();
    if let Ok(s) = v.cast::<PyString>() {
        return utf8(s, field);
    }
    if v.is_instance(datetime_type(py)?)? {
        return Err(PyTypeError::new_err(format!(
            "{field} must be a datetime.date or an ISO date string \"YYYY-MM-DD\", not {} \
             (a date with a time): pass value.date()",
            type_name(v)
        )));
    }
    if v.is_instance(date_type(py)?)? {
        return Ok(v.call_method0("isoformat")?.str()?.to_cow()?.into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "{field} must be a datetime.date or an ISO date string \"YYYY-MM-DD\", not {}",
        type_name(v)
    )))
}

/// Claims as a list of names: `None` is none, a `str` is a comma-separated
/// list (`"USMCA"`, `"USMCA,KORUS"`), any other iterable holds `str` names.
pub fn claims(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(split_claims(&utf8(s, "claims")?));
    }
    let iter = v.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "claims must be a list of str (e.g. [\"USMCA\"]), not {}",
            type_name(v)
        ))
    })?;
    let mut out = Vec::new();
    for item in iter {
        out.push(text(&item?, "each claim")?);
    }
    Ok(out)
}

/// Splits a comma-separated claims text, dropping empty names.
pub fn split_claims(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Quantities from a mapping `{unit: Decimal | int | str}`.
pub fn quantities(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let items = if let Ok(d) = v.cast::<PyDict>() {
        d.items().into_any()
    } else if v.hasattr("items")? {
        v.call_method0("items")?
    } else {
        return Err(PyTypeError::new_err(format!(
            "quantities must be a dict such as {{\"kg\": Decimal(\"12.5\"), \"no\": 3}}, not {}",
            type_name(v)
        )));
    };
    let mut out = Vec::new();
    for item in items.try_iter()? {
        let (k, amount): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let unit = text(&k, "each quantities key")?;
        let amount = decimal_text(&amount, &format!("quantities[{unit:?}]"))?;
        out.push((unit, amount));
    }
    Ok(out)
}

/// `_decimal_text(value, field)`: the exact text `quote` would send for a
/// money or quantity field (used by the pandas glue for object columns).
#[pyfunction]
#[pyo3(name = "_decimal_text")]
pub fn decimal_text_py(value: &Bound<'_, PyAny>, field: String) -> PyResult<String> {
    decimal_text(value, &field)
}

/// `_date_text(value, field)`: the ISO text `quote` would send for a date field.
#[pyfunction]
#[pyo3(name = "_date_text")]
pub fn date_text_py(value: &Bound<'_, PyAny>, field: String) -> PyResult<String> {
    date_text(value, &field)
}

/// `_text(value, field)`: a `str` field, checked.
#[pyfunction]
#[pyo3(name = "_text")]
pub fn text_py(value: &Bound<'_, PyAny>, field: String) -> PyResult<String> {
    text(value, &field)
}

/// `_claims_text(value)`: claims as one comma-separated text.
#[pyfunction]
#[pyo3(name = "_claims_text")]
pub fn claims_text_py(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(claims(Some(value))?.join(","))
}
