//! Python values to the text fields of [`tariffs::EntryText`], and core
//! values back to Python.
//!
//! Money and quantities travel as decimal text: a `decimal.Decimal` is
//! written in plain notation from its digits and exponent, after checking
//! them against the core's 96-bit range ([`plain_decimal`]; never through a
//! float, never by expanding a huge exponent), an `int` with
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
        return decimal_object_text(v, field);
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

/// Digits after the point a core decimal holds (`rust_decimal`'s maximum scale).
pub const MAX_SCALE: i64 = 28;
/// The largest magnitude a core decimal holds, and the limits in the
/// words the core uses for a number's text past them.
pub use tariffs::entry::{
    DECIMAL_MAGNITUDE_LIMIT as MAGNITUDE_LIMIT, DECIMAL_MAX_MAGNITUDE as MAX_MAGNITUDE,
    DECIMAL_SCALE_LIMIT as SCALE_LIMIT,
};

/// A [`tariffs::Error::TooLarge`] naming `field`, with `value` cut as the
/// core cuts every echoed input ([`tariffs::limits::echo`]).
pub fn too_large(field: &str, value: &str, limit: &str) -> tariffs::Error {
    tariffs::Error::TooLarge {
        field: field.to_string(),
        value: tariffs::limits::echo(value),
        limit: limit.to_string(),
    }
}

/// The plain text (`"-12.50"`) of the decimal `(-1)^negative × digits ×
/// 10^exponent`, or the [`too_large`] error when no core decimal holds it
/// exactly: more than 29 digits before the point or beyond
/// [`MAX_MAGNITUDE`], or more than [`MAX_SCALE`] digits after the point
/// once trailing zeros there are dropped. The checks come first, so the
/// text is never longer than 59 characters whatever the exponent (a
/// `Decimal("1E+1000000000")` would otherwise be a billion digits); trailing
/// zeros after the point are dropped where the scale or the digits would
/// not fit otherwise (`1000.000…0` with 36 places is `1000`). `shown`
/// gives the value as the caller wrote it, for the error. The core still
/// parses the text, and says when it has more significant digits than it
/// holds.
pub fn plain_decimal(
    field: &str,
    negative: bool,
    digits: &[u8],
    exponent: i64,
    shown: impl FnOnce() -> String,
) -> tariffs::Result<String> {
    // Leading zeros carry nothing (a Decimal has none but zero's own).
    let first = digits.iter().position(|d| *d != 0);
    let Some(first) = first else {
        // Zero, whatever its exponent: its text with at most 28 places.
        let places = exponent.clamp(-MAX_SCALE, 0).unsigned_abs() as usize;
        let mut t = String::from(if negative { "-0" } else { "0" });
        if places > 0 {
            t.push('.');
            t.extend(std::iter::repeat('0').take(places));
        }
        return Ok(t);
    };
    let mut digits = &digits[first..];
    let mut exponent = exponent;
    // Trailing zeros after the point are dropped while the scale is past
    // the maximum or the digits are more than a core decimal's 96 bits
    // surely hold (28): the value is the same. Other values keep their
    // places (`1.50` stays `1.50`).
    while exponent < 0
        && digits.last() == Some(&0)
        && (exponent < -MAX_SCALE || digits.len() > MAX_SCALE as usize)
    {
        digits = &digits[..digits.len() - 1];
        exponent += 1;
    }
    if exponent < -MAX_SCALE {
        return Err(too_large(field, &shown(), SCALE_LIMIT));
    }
    let len = digits.len() as i64;
    let before_point = len.saturating_add(exponent);
    let max = MAX_MAGNITUDE.as_bytes();
    if before_point > max.len() as i64 {
        return Err(too_large(field, &shown(), MAGNITUDE_LIMIT));
    }
    let digit = |d: &u8| char::from(b'0' + d % 10);
    let mut t = String::with_capacity(64);
    if negative {
        t.push('-');
    }
    if exponent >= 0 {
        t.extend(digits.iter().map(digit));
        t.extend(std::iter::repeat('0').take(exponent as usize));
    } else {
        let places = exponent.unsigned_abs() as usize;
        if digits.len() > places {
            let (int, frac) = digits.split_at(digits.len() - places);
            t.extend(int.iter().map(digit));
            t.push('.');
            t.extend(frac.iter().map(digit));
        } else {
            t.push_str("0.");
            t.extend(std::iter::repeat('0').take(places - digits.len()));
            t.extend(digits.iter().map(digit));
        }
    }
    if before_point == max.len() as i64 {
        // 29 digits before the point: compare them with the maximum.
        let int = t.trim_start_matches('-').as_bytes();
        if &int[..max.len()] > max {
            return Err(too_large(field, &shown(), MAGNITUDE_LIMIT));
        }
    }
    Ok(t)
}

/// The text of a `decimal.Decimal` for a money or quantity field, made from
/// its sign, digits and exponent (`as_tuple()`) after checking them against
/// the core's range (see [`plain_decimal`]), never by expanding the
/// exponent first. NaN and the infinities stay `"NaN"`/`"Infinity"`, which
/// the core rejects by name.
fn decimal_object_text(v: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    let py = v.py();
    let (sign, digits, exponent): (u8, Vec<u8>, Bound<'_, PyAny>) =
        v.call_method0("as_tuple")?.extract()?;
    if !exponent.is_instance_of::<PyInt>() {
        // 'n', 'N' or 'F': not a finite number.
        return Ok(v.str()?.to_cow()?.into_owned());
    }
    // Python's exponents lie within about ±2e18; a wider one (a Decimal
    // subclass's) is past every limit.
    let exponent: i64 = exponent.extract().unwrap_or(i64::MAX);
    let shown = || {
        v.str()
            .ok()
            .and_then(|s| s.to_cow().ok().map(|c| c.into_owned()))
            .unwrap_or_default()
    };
    plain_decimal(field, sign == 1, &digits, exponent, shown).map_err(|e| to_pyerr(py, &e))
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
