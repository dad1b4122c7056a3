//! `Quote`, `Line` and `Excluded`: read-only views of the core's result.
//!
//! Every amount is a `decimal.Decimal` built from the core's exact text.

use crate::convert::{py_date, py_decimal};
use crate::coverage::{warning_dict, PyQuoteWarning};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tariffs::{Excluded, Line, Quote};

/// The explained duty on one entry (see `tariffs.Quote` in the stubs).
#[pyclass(name = "Quote", module = "tariffs", frozen)]
pub struct PyQuote {
    pub(crate) q: Quote,
}

/// One applied line of a quote.
#[pyclass(name = "Line", module = "tariffs", frozen)]
pub struct PyLine {
    l: Line,
}

/// A measure, exemption or fee that was considered but did not apply.
#[pyclass(name = "Excluded", module = "tariffs", frozen)]
pub struct PyExcluded {
    x: Excluded,
}

fn line_dict<'py>(py: Python<'py>, l: &Line) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", l.kind.as_str())?;
    d.set_item("authority", &*l.authority)?;
    d.set_item("heading", l.heading.as_deref())?;
    d.set_item("id", l.id.as_deref())?;
    d.set_item("rate", &l.rate)?;
    d.set_item("legal_text", l.legal_text.as_deref())?;
    d.set_item("base", py_decimal(py, l.base)?)?;
    d.set_item("amount", py_decimal(py, l.amount)?)?;
    d.set_item("reason", &l.reason)?;
    d.set_item("source", &*l.source)?;
    Ok(d)
}

fn excluded_dict<'py>(py: Python<'py>, x: &Excluded) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", x.kind.as_str())?;
    d.set_item("id", &*x.id)?;
    d.set_item("authority", &*x.authority)?;
    d.set_item("heading", x.heading.as_deref())?;
    d.set_item("reason", &x.reason)?;
    Ok(d)
}

#[pymethods]
impl PyQuote {
    /// The importing country (ISO code).
    #[getter]
    fn importer(&self) -> String {
        self.q.importer.to_string()
    }
    /// The country of origin.
    #[getter]
    fn origin(&self) -> String {
        self.q.origin.to_string()
    }
    /// The tariff code as entered (dotted).
    #[getter]
    fn hts(&self) -> String {
        self.q.code.to_string()
    }
    /// The entry date.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.q.entry_date)
    }
    /// The mode of transport.
    #[getter]
    fn mode(&self) -> &'static str {
        self.q.mode.as_str()
    }
    /// The importer's currency, in which every amount is stated.
    #[getter]
    fn currency(&self) -> String {
        self.q.currency.to_string()
    }
    /// The customs value in the importer's currency (not rounded).
    #[getter]
    fn customs_value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.customs_value)
    }
    /// Base plus additional duties.
    #[getter]
    fn duty<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.duty)
    }
    /// Fees.
    #[getter]
    fn fees<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.fees)
    }
    /// Duty plus fees.
    #[getter]
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.total)
    }
    /// Duty ÷ customs value as a fraction, 6 decimal places.
    #[getter]
    fn effective_rate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.effective_rate)
    }
    /// Applied lines: base, additional, exemptions, fees.
    #[getter]
    fn lines(&self) -> Vec<PyLine> {
        self.q
            .lines
            .iter()
            .map(|l| PyLine { l: l.clone() })
            .collect()
    }
    /// Considered but not applied, with the reason.
    #[getter]
    fn excluded(&self) -> Vec<PyExcluded> {
        self.q
            .excluded
            .iter()
            .map(|x| PyExcluded { x: x.clone() })
            .collect()
    }
    /// Remarks about the quote as a whole.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.q.notes.clone()
    }
    /// Warnings: the quote is given but may be incomplete (e.g. the entry
    /// date is after the date the schedule's policy was reviewed through).
    #[getter]
    fn warnings(&self) -> Vec<PyQuoteWarning> {
        self.q
            .warnings
            .iter()
            .map(|w| PyQuoteWarning { w: w.clone() })
            .collect()
    }
    /// The sum of the lines of one authority (`Decimal("0")` when none applied).
    fn amount_of<'py>(&self, py: Python<'py>, authority: String) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.q.amount_of(&authority))
    }
    /// The quote as a dict of plain Python values (amounts as `Decimal`, the
    /// date as `datetime.date`), with the keys of `to_json()`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let q = &self.q;
        let d = PyDict::new(py);
        d.set_item("importer", q.importer.to_string())?;
        d.set_item("origin", q.origin.to_string())?;
        d.set_item("code", q.code.to_string())?;
        d.set_item("entry_date", py_date(py, q.entry_date)?)?;
        d.set_item("mode", q.mode.as_str())?;
        d.set_item("currency", q.currency.to_string())?;
        d.set_item("customs_value", py_decimal(py, q.customs_value)?)?;
        let lines = PyList::empty(py);
        for l in &q.lines {
            lines.append(line_dict(py, l)?)?;
        }
        d.set_item("lines", lines)?;
        let excluded = PyList::empty(py);
        for x in &q.excluded {
            excluded.append(excluded_dict(py, x)?)?;
        }
        d.set_item("excluded", excluded)?;
        d.set_item("duty", py_decimal(py, q.duty)?)?;
        d.set_item("fees", py_decimal(py, q.fees)?)?;
        d.set_item("total", py_decimal(py, q.total)?)?;
        d.set_item("effective_rate", py_decimal(py, q.effective_rate)?)?;
        d.set_item("notes", q.notes.clone())?;
        let warnings = PyList::empty(py);
        for w in &q.warnings {
            warnings.append(warning_dict(py, w)?)?;
        }
        d.set_item("warnings", warnings)?;
        Ok(d)
    }
    /// The quote as one JSON object (decimals as strings), from the core.
    fn to_json(&self) -> String {
        self.q.to_json()
    }
    fn __str__(&self) -> String {
        self.q.to_string()
    }
    fn __repr__(&self) -> String {
        let q = &self.q;
        let warned = match q.warnings.len() {
            0 => String::new(),
            1 => " (1 warning)".to_string(),
            n => format!(" ({n} warnings)"),
        };
        format!(
            "<Quote {} {} from {} on {} by {}: duty {} + fees {} = total {} {}{warned}>",
            q.importer, q.code, q.origin, q.entry_date, q.mode, q.duty, q.fees, q.total, q.currency
        )
    }
}

#[pymethods]
impl PyLine {
    /// `base`, `additional`, `exemption` or `fee`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.l.kind.as_str()
    }
    /// The legal authority (`mfn`, `section_301`, `mpf`...).
    #[getter]
    fn authority(&self) -> &str {
        &self.l.authority
    }
    /// The HTS heading or provision, when there is one.
    #[getter]
    fn heading(&self) -> Option<&str> {
        self.l.heading.as_deref()
    }
    /// The id of the measure, exemption or fee in the schedule (`None` for base lines).
    #[getter]
    fn id(&self) -> Option<&str> {
        self.l.id.as_deref()
    }
    /// The rate in short form (`16.5%`, `$1.035/kg + 17%`; a measure's as
    /// what it adds: `+20%`; an all-in floor: `15% all-in`).
    #[getter]
    fn rate(&self) -> &str {
        &self.l.rate
    }
    /// The rate as the legal text writes it (the HTS column's text of a
    /// base line, the Chapter 99 heading's rate of a measure: `The duty
    /// provided in the applicable subheading + 20%`); `None` for floors,
    /// exemptions and fees.
    #[getter]
    fn legal_text(&self) -> Option<&str> {
        self.l.legal_text.as_deref()
    }
    /// The amount the rate applied to.
    #[getter]
    fn base<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.l.base)
    }
    /// The amount, rounded to the cent (half away from zero).
    #[getter]
    fn amount<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_decimal(py, self.l.amount)
    }
    /// Why the line applies.
    #[getter]
    fn reason(&self) -> &str {
        &self.l.reason
    }
    /// The legal source.
    #[getter]
    fn source(&self) -> &str {
        &self.l.source
    }
    /// The line as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        line_dict(py, &self.l)
    }
    fn __repr__(&self) -> String {
        let l = &self.l;
        format!(
            "<Line {} {} {} {} on {}: {}>",
            l.kind.as_str(),
            l.authority,
            l.heading.as_deref().unwrap_or("-"),
            l.rate,
            l.base,
            l.amount
        )
    }
}

#[pymethods]
impl PyExcluded {
    /// `measure`, `base`, `exemption` or `fee`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.x.kind.as_str()
    }
    /// Its id in the schedule.
    #[getter]
    fn id(&self) -> &str {
        &self.x.id
    }
    /// Its authority.
    #[getter]
    fn authority(&self) -> &str {
        &self.x.authority
    }
    /// Its heading, when there is one.
    #[getter]
    fn heading(&self) -> Option<&str> {
        self.x.heading.as_deref()
    }
    /// Why it did not apply.
    #[getter]
    fn reason(&self) -> &str {
        &self.x.reason
    }
    /// As a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        excluded_dict(py, &self.x)
    }
    fn __repr__(&self) -> String {
        let x = &self.x;
        format!(
            "<Excluded {} {} ({} {}): {}>",
            x.kind.as_str(),
            x.id,
            x.authority,
            x.heading.as_deref().unwrap_or("-"),
            x.reason
        )
    }
}
