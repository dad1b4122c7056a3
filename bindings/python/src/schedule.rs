//! `Schedule` and `ScheduleVersion`.

use crate::analysis::{self, Groups};
use crate::batch;
use crate::convert::{self, py_date};
use crate::coverage::{PyChapter99Status, PyCoverage};
use crate::errors::py_err;
use crate::quote::PyQuote;
use crate::scenario::{self, PyScenario};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::collections::HashMap;
use std::path::PathBuf;
use tariffs::{Date, EntryText, Schedule};

/// A loaded, validated, immutable tariff schedule; share one across threads.
///
/// `with_overlay` and `scenario(...).build()` return new schedules; the
/// analyst methods (`change_dates`, `rate_panel`, `effective_rate`, `diff`)
/// are converted here and in `tariffs._analysis`, computed by the core.
#[pyclass(name = "Schedule", module = "tariffs", frozen)]
pub struct PySchedule {
    pub(crate) inner: Schedule,
}

/// What a schedule reflects: its name, HTS revision and policy date.
#[pyclass(name = "ScheduleVersion", module = "tariffs", frozen, get_all)]
pub struct PyScheduleVersion {
    /// A name, e.g. `builtin` or `fixture`.
    name: String,
    /// The newest HTS revision the base rates come from.
    hts_revision: String,
    /// The date up to which the policy measures were reviewed (`datetime.date` or `None`).
    policy_date: Option<Py<PyAny>>,
    /// Free text.
    notes: String,
}

#[pymethods]
impl PyScheduleVersion {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("name", &self.name)?;
        d.set_item("hts_revision", &self.hts_revision)?;
        d.set_item("policy_date", self.policy_date.as_ref().map(|p| p.bind(py)))?;
        d.set_item("notes", &self.notes)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let date = match &self.policy_date {
            Some(d) => d.bind(py).str()?.to_cow()?.into_owned(),
            None => "None".into(),
        };
        Ok(format!(
            "ScheduleVersion(name={:?}, hts_revision={:?}, policy_date={date})",
            self.name, self.hts_revision
        ))
    }
}

impl PySchedule {
    pub(crate) fn wrap(inner: Schedule) -> PySchedule {
        PySchedule { inner }
    }
}

/// An `importer` argument: a `str` (`None`: `US`), checked as text.
pub(crate) fn importer_arg(importer: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    match importer.filter(|i| !i.is_none()) {
        Some(i) => convert::text(i, "importer"),
        None => Ok("US".to_string()),
    }
}

#[pymethods]
impl PySchedule {
    /// The embedded default schedule (built once, then shared).
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<PySchedule> {
        py.detach(Schedule::try_builtin)
            .map(PySchedule::wrap)
            .map_err(py_err(py))
    }

    /// A schedule from JSON text in the `tariffs-schedule/1` format.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PySchedule> {
        let text = convert::text(text, "text")?;
        py.detach(|| Schedule::from_json(&text))
            .map(PySchedule::wrap)
            .map_err(py_err(py))
    }

    /// A schedule from a JSON file (`str` or `os.PathLike`).
    #[staticmethod]
    fn from_path(py: Python<'_>, path: PathBuf) -> PyResult<PySchedule> {
        py.detach(|| Schedule::from_path(&path))
            .map(PySchedule::wrap)
            .map_err(py_err(py))
    }

    /// A new schedule: this one with the JSON overlay laid on top.
    fn with_overlay_json(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PySchedule> {
        let text = convert::text(text, "text")?;
        py.detach(|| self.inner.with_overlay_json(&text))
            .map(PySchedule::wrap)
            .map_err(py_err(py))
    }

    /// A new schedule: this one with an overlay laid on top, given as JSON
    /// text, a dict, or the path of a JSON file.
    fn with_overlay(&self, py: Python<'_>, overlay: &Bound<'_, PyAny>) -> PyResult<PySchedule> {
        scenario::with_overlay(py, &self.inner, overlay)
    }

    /// A what-if builder on one importer's measures (see `Scenario`).
    #[pyo3(signature = (importer = None), text_signature = "(self, importer='US')")]
    fn scenario(
        &self,
        py: Python<'_>,
        importer: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenario> {
        let importer = importer_arg(importer)?;
        let imp = analysis::importer(&self.inner, &importer).map_err(py_err(py))?;
        Ok(PyScenario::new(&self.inner, imp))
    }

    /// Every date on which something in the importer's schedule starts or
    /// stops, sorted: the days on which a daily series can change.
    #[pyo3(signature = (importer = None), text_signature = "(self, importer='US')")]
    fn change_dates<'py>(
        &self,
        py: Python<'py>,
        importer: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        analysis::change_dates(py, &self.inner, &importer_arg(importer)?)
    }

    /// The rate of every tariff line x origin on a date; see `tariffs._analysis`.
    #[pyo3(
        signature = (date, *, importer = None, origins = None, as_ = "pandas", dtype_backend = None),
        text_signature = "(self, date, *, importer='US', origins=None, as_='pandas', dtype_backend=None)"
    )]
    fn rate_panel<'py>(
        slf: &Bound<'py, Self>,
        date: &Bound<'py, PyAny>,
        importer: Option<&Bound<'py, PyAny>>,
        origins: Option<&Bound<'py, PyAny>>,
        as_: &str,
        dtype_backend: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("tariffs._analysis")?
            .getattr("rate_panel")?
            .call1((slf, date, importer, origins, as_, dtype_backend))
    }

    /// The native half of `rate_panel` (private; called by `tariffs._analysis`).
    #[pyo3(name = "_rate_panel", signature = (date, importer, origins = None))]
    fn rate_panel_native<'py>(
        &self,
        py: Python<'py>,
        date: &str,
        importer: &str,
        origins: Option<Vec<String>>,
    ) -> PyResult<crate::arrow::PyArrowBatch> {
        analysis::rate_panel(py, &self.inner, date, importer, origins)
    }

    /// The cells whose rates differ between two panels; see `tariffs._analysis`.
    #[pyo3(
        signature = (other, date, *, other_date = None, importer = None, origins = None, as_ = "pandas", dtype_backend = None),
        text_signature = "(self, other, date, *, other_date=None, importer='US', origins=None, \
        as_='pandas', dtype_backend=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn diff<'py>(
        slf: &Bound<'py, Self>,
        other: Option<&Bound<'py, PyAny>>,
        date: &Bound<'py, PyAny>,
        other_date: Option<&Bound<'py, PyAny>>,
        importer: Option<&Bound<'py, PyAny>>,
        origins: Option<&Bound<'py, PyAny>>,
        as_: &str,
        dtype_backend: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("tariffs._analysis")?.getattr("diff")?.call1((
            slf,
            other,
            date,
            other_date,
            importer,
            origins,
            as_,
            dtype_backend,
        ))
    }

    /// The native half of `diff` (private; called by `tariffs._analysis`).
    #[pyo3(name = "_panel_diff", signature = (other, date, other_date, importer, origins = None))]
    fn panel_diff_native<'py>(
        &self,
        py: Python<'py>,
        other: Option<PyRef<'py, PySchedule>>,
        date: &str,
        other_date: Option<&str>,
        importer: &str,
        origins: Option<Vec<String>>,
    ) -> PyResult<crate::arrow::PyArrowBatch> {
        analysis::panel_diff(
            py,
            &self.inner,
            other.as_ref().map(|o| &o.inner),
            date,
            other_date,
            importer,
            origins,
        )
    }

    /// The import-weighted effective tariff rate of a basket; see `tariffs._analysis`.
    #[pyo3(
        signature = (basket, date = None, *, by = None),
        text_signature = "(self, basket, date=None, *, by=('origin', 'authority', 'chapter'))"
    )]
    fn effective_rate<'py>(
        slf: &Bound<'py, Self>,
        basket: &Bound<'py, PyAny>,
        date: Option<&Bound<'py, PyAny>>,
        by: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let by = match by {
            Some(b) => b.clone(),
            None => PyTuple::new(py, ["origin", "authority", "chapter"])?.into_any(),
        };
        py.import("tariffs._analysis")?
            .getattr("effective_rate")?
            .call1((slf, basket, date, by))
    }

    /// The native half of `effective_rate` (private; called by `tariffs._analysis`):
    /// the basket's columns as prepared for `_quote_columns`, the dates as
    /// ISO text (`None`: each row's own date), and the group kinds.
    #[pyo3(name = "_effective_rates", signature = (n, columns, quantities, row_errors = None, dates = None, by = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn effective_rates_native<'py>(
        &self,
        py: Python<'py>,
        n: usize,
        columns: &Bound<'py, PyDict>,
        quantities: &Bound<'py, PyList>,
        row_errors: Option<HashMap<usize, String>>,
        dates: Option<Vec<String>>,
        by: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let mut groups = Groups::default();
        for b in &by {
            match b.as_str() {
                "origin" => groups.origin = true,
                "authority" => groups.authority = true,
                "chapter" => groups.chapter = true,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "by: unknown group kind {other:?}; use origin, authority or chapter"
                    )))
                }
            }
        }
        analysis::effective_rates(
            py,
            &self.inner,
            n,
            columns,
            quantities,
            row_errors.unwrap_or_default(),
            dates,
            groups,
        )
    }

    /// This schedule, strict or not, as a new `Schedule` (cheap: the
    /// compiled schedule is shared). A strict schedule raises `NotCovered`
    /// for an entry dated after the reviewed-through date instead of quoting
    /// it with a warning.
    #[pyo3(signature = (flag = true))]
    fn strict(&self, flag: bool) -> PySchedule {
        PySchedule::wrap(self.inner.strict(flag))
    }

    /// Whether the schedule is strict (see `strict`).
    #[getter]
    fn is_strict(&self) -> bool {
        self.inner.is_strict()
    }

    /// What the schedule answers for: dates, revisions, Chapter 99 counts.
    fn coverage(&self, py: Python<'_>) -> PyCoverage {
        PyCoverage {
            c: py.detach(|| self.inner.coverage()),
        }
    }

    /// Every Chapter 99 heading of the newest revision the schedule knows,
    /// with the items that model it.
    fn chapter99_report(&self, py: Python<'_>) -> Vec<PyChapter99Status> {
        py.detach(|| self.inner.chapter99_report())
            .into_iter()
            .map(|h| PyChapter99Status { h })
            .collect()
    }

    /// The Chapter 99 headings of that list that no item models.
    fn unmodelled_chapter99(&self, py: Python<'_>) -> Vec<PyChapter99Status> {
        py.detach(|| self.inner.unmodelled_chapter99())
            .into_iter()
            .map(|h| PyChapter99Status { h })
            .collect()
    }

    /// A new schedule: this one with a USITC HTS export (JSON, plain or
    /// gzip) as its US base rates from `effective_date` on.
    fn with_hts_export(
        &self,
        py: Python<'_>,
        path: PathBuf,
        effective_date: &Bound<'_, PyAny>,
    ) -> PyResult<PySchedule> {
        let text = convert::date_text(effective_date, "effective_date")?;
        let date = Date::parse_field("effective_date", &text).map_err(py_err(py))?;
        py.detach(|| self.inner.with_hts_export(&path, date))
            .map(PySchedule::wrap)
            .map_err(py_err(py))
    }

    /// What the schedule reflects.
    #[getter]
    fn version(&self, py: Python<'_>) -> PyResult<PyScheduleVersion> {
        let v = self.inner.version();
        Ok(PyScheduleVersion {
            name: v.name.clone(),
            hts_revision: v.hts_revision.clone(),
            policy_date: match v.policy_date {
                Some(d) => Some(py_date(py, d)?.unbind()),
                None => None,
            },
            notes: v.notes.clone(),
        })
    }

    /// The importing countries the schedule has data for.
    #[getter]
    fn importers(&self) -> Vec<String> {
        self.inner
            .importers()
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    /// The authorities of `quote_many`'s per-authority columns, sorted.
    #[getter]
    fn authorities(&self) -> Vec<String> {
        self.inner
            .quote_batch(&[])
            .authorities
            .iter()
            .map(|a| a.to_string())
            .collect()
    }

    /// Quotes one entry. See the stubs for the parameters.
    #[pyo3(
        text_signature = "(self, hts, origin, value, date, *, importer='US', mode='ocean', \
        currency=None, exchange_rate=None, quantities=None, claims=(), loaded_on=None)"
    )]
    #[pyo3(signature = (
        hts, origin, value, date, *,
        importer = None,
        mode = None,
        currency = None,
        exchange_rate = None,
        quantities = None,
        claims = None,
        loaded_on = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn quote(
        &self,
        py: Python<'_>,
        hts: &Bound<'_, PyAny>,
        origin: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
        importer: Option<&Bound<'_, PyAny>>,
        mode: Option<&Bound<'_, PyAny>>,
        currency: Option<&Bound<'_, PyAny>>,
        exchange_rate: Option<&Bound<'_, PyAny>>,
        quantities: Option<&Bound<'_, PyAny>>,
        claims: Option<&Bound<'_, PyAny>>,
        loaded_on: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyQuote> {
        let hts = convert::text(hts, "hts")?;
        let origin = convert::text(origin, "origin")?;
        let importer = importer_arg(importer)?;
        let mode = match mode.filter(|m| !m.is_none()) {
            Some(m) => convert::text(m, "mode")?,
            None => "ocean".to_string(),
        };
        // No currency: the importer's (as the CLI's --currency).
        let currency = match currency.filter(|c| !c.is_none()) {
            Some(c) => Some(convert::text(c, "currency")?),
            None => None,
        };
        let value = convert::decimal_text(value, "value")?;
        let date = convert::date_text(date, "date")?;
        let exchange_rate = match exchange_rate.filter(|v| !v.is_none()) {
            Some(r) => Some(convert::decimal_text(r, "exchange_rate")?),
            None => None,
        };
        let loaded_on = match loaded_on.filter(|v| !v.is_none()) {
            Some(d) => Some(convert::date_text(d, "loaded_on")?),
            None => None,
        };
        let quantities = convert::quantities(quantities)?;
        let claims = convert::claims(claims)?;
        let schedule = &self.inner;
        let result = py.detach(|| {
            let text = EntryText {
                importer: Some(&importer),
                origin: &origin,
                hts: &hts,
                value: &value,
                currency: currency.as_deref(),
                exchange_rate: exchange_rate.as_deref(),
                date: &date,
                loaded_on: loaded_on.as_deref(),
                mode: Some(&mode),
                claims: claims.iter().map(String::as_str).collect(),
                quantities: quantities
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
            };
            text.parse().and_then(|e| schedule.quote(&e))
        });
        result.map(|q| PyQuote { q }).map_err(py_err(py))
    }

    /// Quotes every row of a pandas DataFrame, a pyarrow Table or RecordBatch,
    /// a polars DataFrame, or any object with `__arrow_c_stream__`; see `tariffs._batch`.
    #[pyo3(signature = (rows, *, progress = false, decimals = None, dtype_backend = None))]
    fn quote_many<'py>(
        slf: &Bound<'py, Self>,
        rows: &Bound<'py, PyAny>,
        progress: bool,
        decimals: Option<Bound<'py, PyAny>>,
        dtype_backend: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let decimals = match decimals {
            Some(d) => d,
            None => "arrow".into_pyobject(py)?.into_any(),
        };
        py.import("tariffs._batch")?.getattr("quote_many")?.call1((
            slf,
            rows,
            progress,
            dtype_backend,
            decimals,
        ))
    }

    /// The IEEPA refund report and audit of a table of entry lines; see
    /// `tariffs._refunds`.
    #[pyo3(signature = (
        frame, filed = None, *, as_of = None, interest_to = None, payer = None,
        tolerance = None, interest_rates = None, importer = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn refunds<'py>(
        slf: &Bound<'py, Self>,
        frame: &Bound<'py, PyAny>,
        filed: Option<Bound<'py, PyAny>>,
        as_of: Option<Bound<'py, PyAny>>,
        interest_to: Option<Bound<'py, PyAny>>,
        payer: Option<Bound<'py, PyAny>>,
        tolerance: Option<Bound<'py, PyAny>>,
        interest_rates: Option<Bound<'py, PyAny>>,
        importer: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("as_of", as_of)?;
        kwargs.set_item("interest_to", interest_to)?;
        if let Some(p) = payer {
            kwargs.set_item("payer", p)?;
        }
        if let Some(t) = tolerance {
            kwargs.set_item("tolerance", t)?;
        }
        kwargs.set_item("interest_rates", interest_rates)?;
        kwargs.set_item("importer", importer)?;
        py.import("tariffs._refunds")?
            .getattr("refunds")?
            .call((slf, frame, filed), Some(&kwargs))
    }

    /// The native half of `refunds` (private; called by `tariffs._refunds`):
    /// `table` (and `filed`, the long table of filed amounts) are objects
    /// with `__arrow_c_stream__`; the options are text, parsed by the core.
    /// Returns the tables lines, duties, audit, totals and errors.
    #[pyo3(name = "_refunds_arrow", signature = (
        table, filed, as_of, interest_to, payer, tolerance, interest_rates_json, importer
    ))]
    #[allow(clippy::too_many_arguments)]
    fn refunds_arrow<'py>(
        &self,
        py: Python<'py>,
        table: &Bound<'py, PyAny>,
        filed: Option<Bound<'py, PyAny>>,
        as_of: &str,
        interest_to: Option<&str>,
        payer: &str,
        tolerance: &str,
        interest_rates_json: Option<&str>,
        importer: Option<&str>,
    ) -> PyResult<crate::refunds::Tables> {
        crate::refunds::refunds_arrow(
            py,
            &self.inner,
            table,
            filed.as_ref(),
            as_of,
            interest_to,
            payer,
            tolerance,
            interest_rates_json,
            importer,
        )
    }

    /// The native half of `quote_many` (private; called by `tariffs._batch`).
    ///
    /// `rows` is an object with `__arrow_c_stream__` (the Arrow PyCapsule
    /// interface) of `n` rows, with the entry columns of the core's
    /// `tariffs::arrow` reader; `progress(rows_done)` is called between
    /// chunks. Returns the result batch (see `tariffs._batch`).
    #[pyo3(name = "_quote_arrow", signature = (rows, n, progress = None))]
    fn quote_arrow<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyAny>,
        n: usize,
        progress: Option<Bound<'py, PyAny>>,
    ) -> PyResult<crate::arrow::PyArrowBatch> {
        batch::quote_arrow(py, &self.inner, rows, n, progress)
    }

    fn __repr__(&self) -> String {
        let v = self.inner.version();
        let importers: Vec<String> = self
            .inner
            .importers()
            .iter()
            .map(|c| c.to_string())
            .collect();
        format!(
            "<Schedule {:?} (HTS {}, policy date {}{}) importers [{}]>",
            v.name,
            if v.hts_revision.is_empty() {
                "-"
            } else {
                &v.hts_revision
            },
            v.policy_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            if self.inner.is_strict() {
                ", strict"
            } else {
                ""
            },
            importers.join(", ")
        )
    }
}
