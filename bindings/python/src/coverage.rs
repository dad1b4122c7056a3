//! `Coverage`, `Chapter99Status` and `QuoteWarning`: read-only views of what
//! a schedule answers for ([`tariffs::Coverage`],
//! [`tariffs::Chapter99Status`]) and of a quote's warnings
//! ([`tariffs::Warning`]).
//!
//! Dates are `datetime.date` (or `None`), built from the core's values.

use crate::convert::py_date;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tariffs::{Chapter99Status, Coverage, Date, Warning};

/// What a schedule answers for (see `tariffs.Coverage` in the stubs).
#[pyclass(name = "Coverage", module = "tariffs", frozen)]
pub struct PyCoverage {
    pub(crate) c: Coverage,
}

/// A Chapter 99 heading of the newest revision the schedule knows, and the
/// items that model it.
#[pyclass(name = "Chapter99Status", module = "tariffs", frozen)]
pub struct PyChapter99Status {
    pub(crate) h: Chapter99Status,
}

/// A warning on a quote: the numbers are given, but may be incomplete.
#[pyclass(name = "QuoteWarning", module = "tariffs", frozen)]
pub struct PyQuoteWarning {
    pub(crate) w: Warning,
}

fn opt_date(py: Python<'_>, d: Option<Date>) -> PyResult<Option<Bound<'_, PyAny>>> {
    d.map(|d| py_date(py, d)).transpose()
}

fn text(d: Option<Date>) -> String {
    d.map_or_else(|| "None".to_string(), |d| d.to_string())
}

#[pymethods]
impl PyCoverage {
    /// The schedule's name (`builtin`, or the `version.name` of a file).
    #[getter]
    fn name(&self) -> &str {
        &self.c.name
    }
    /// The first entry date answered; earlier dates raise `NotCovered`.
    #[getter]
    fn first_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_date(py, self.c.first_date)
    }
    /// The newest HTS revision the schedule reflects.
    #[getter]
    fn hts_revision(&self) -> &str {
        &self.c.hts_revision
    }
    /// When that revision was published, when known.
    #[getter]
    fn hts_published<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_date(py, self.c.hts_published)
    }
    /// When that revision took effect, when known.
    #[getter]
    fn hts_effective<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_date(py, self.c.hts_effective)
    }
    /// The newest revision whose base-rate lines are loaded.
    #[getter]
    fn base_revision(&self) -> &str {
        &self.c.base_revision
    }
    /// The date the policy was reviewed through; quotes dated after it warn.
    #[getter]
    fn reviewed_through<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_date(py, self.c.reviewed_through)
    }
    /// The number of Chapter 99 headings of the newest revision the schedule knows.
    #[getter]
    fn chapter99_headings(&self) -> usize {
        self.c.chapter99_headings
    }
    /// How many of them an item of the schedule models.
    #[getter]
    fn chapter99_modelled(&self) -> usize {
        self.c.chapter99_modelled
    }
    /// The coverage as a dict (dates as `datetime.date` or `None`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.c;
        let d = PyDict::new(py);
        d.set_item("name", &c.name)?;
        d.set_item("first_date", opt_date(py, c.first_date)?)?;
        d.set_item("hts_revision", &c.hts_revision)?;
        d.set_item("hts_published", opt_date(py, c.hts_published)?)?;
        d.set_item("hts_effective", opt_date(py, c.hts_effective)?)?;
        d.set_item("base_revision", &c.base_revision)?;
        d.set_item("reviewed_through", opt_date(py, c.reviewed_through)?)?;
        d.set_item("chapter99_headings", c.chapter99_headings)?;
        d.set_item("chapter99_modelled", c.chapter99_modelled)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        let c = &self.c;
        format!(
            "Coverage(name={:?}, first_date={}, hts_revision={:?}, reviewed_through={}, \
             chapter99_modelled={}/{})",
            c.name,
            text(c.first_date),
            c.hts_revision,
            text(c.reviewed_through),
            c.chapter99_modelled,
            c.chapter99_headings
        )
    }
}

#[pymethods]
impl PyChapter99Status {
    /// The heading (`9903.88.15`).
    #[getter]
    fn heading(&self) -> &str {
        &self.h.heading
    }
    /// Its general rate text as printed.
    #[getter]
    fn general(&self) -> &str {
        &self.h.general
    }
    /// Its legal text.
    #[getter]
    fn description(&self) -> &str {
        &self.h.description
    }
    /// The ids of the measures, exemptions and prohibitions that name or
    /// cite it; empty when the schedule does not model it.
    #[getter]
    fn modelled_by(&self) -> Vec<String> {
        self.h.modelled_by.clone()
    }
    /// As a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("heading", &self.h.heading)?;
        d.set_item("general", &self.h.general)?;
        d.set_item("description", &self.h.description)?;
        d.set_item("modelled_by", self.h.modelled_by.clone())?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Chapter99Status {} {:?} modelled by [{}]>",
            self.h.heading,
            self.h.general,
            self.h.modelled_by.join(", ")
        )
    }
}

pub(crate) fn warning_dict<'py>(py: Python<'py>, w: &Warning) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", w.kind.as_str())?;
    d.set_item("message", &w.message)?;
    Ok(d)
}

#[pymethods]
impl PyQuoteWarning {
    /// What it is about: `after_reviewed_date`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.w.kind.as_str()
    }
    /// One sentence saying what may be missing and what to do.
    #[getter]
    fn message(&self) -> &str {
        &self.w.message
    }
    /// As a dict (`kind`, `message`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        warning_dict(py, &self.w)
    }
    fn __str__(&self) -> &str {
        &self.w.message
    }
    fn __repr__(&self) -> String {
        format!(
            "<QuoteWarning {}: {}>",
            self.w.kind.as_str(),
            self.w.message
        )
    }
}
