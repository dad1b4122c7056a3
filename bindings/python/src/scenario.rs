//! `Schedule.with_overlay` and `Scenario`: what-if schedules.
//!
//! An overlay is a schedule fragment (`tariffs-schedule/1`) laid on top of a
//! schedule ([`Schedule::with_overlay`]); a [`PyScenario`] mirrors the core's
//! [`tariffs::Scenario`] builder, immutably: each method returns a new
//! scenario, so a half-built one can be shared and branched.

use crate::convert;
use crate::errors::{py_err, to_pyerr};
use crate::schedule::PySchedule;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::path::PathBuf;
use tariffs::schedule::MeasureData;
use tariffs::{Date, Error, Schedule, ScheduleData};

fn json_error(file: &str, e: &serde_json::Error) -> Error {
    Error::Schedule {
        file: file.to_string(),
        item: None,
        field: format!("line {} column {}", e.line(), e.column()),
        message: e.to_string(),
    }
}

/// Reads an overlay file; errors name the path.
fn overlay_file(schedule: &Schedule, path: &PathBuf) -> tariffs::Result<Schedule> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: name.clone(),
        message: e.to_string(),
    })?;
    let data: ScheduleData = serde_json::from_str(&text).map_err(|e| json_error(&name, &e))?;
    schedule.with_overlay(data, &name)
}

/// JSON text from a `str` holding JSON or from a mapping (through
/// `json.dumps`, with decimals and dates written as their text).
fn json_text(v: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return convert::text(s.as_any(), what);
    }
    if v.hasattr("keys")? {
        let json = v.py().import("json")?;
        let kwargs = pyo3::types::PyDict::new(v.py());
        kwargs.set_item("default", v.py().get_type::<PyString>())?;
        return json.getattr("dumps")?.call((v,), Some(&kwargs))?.extract();
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be JSON text, a dict or a path, not {}",
        v.get_type().name()?
    )))
}

/// `Schedule.with_overlay(overlay)`: JSON text (a `str` starting with `{`),
/// a dict, or a path (`str` or `os.PathLike`).
pub fn with_overlay(
    py: Python<'_>,
    schedule: &Schedule,
    overlay: &Bound<'_, PyAny>,
) -> PyResult<PySchedule> {
    // A str that is not UTF-8 (a lone surrogate) is taken as text, and
    // refused by `json_text` naming the field.
    let is_json_text = overlay
        .cast::<PyString>()
        .map(|s| s.to_cow().map_or(true, |t| t.trim_start().starts_with('{')))
        .unwrap_or(false);
    let result = if is_json_text || overlay.hasattr("keys")? {
        let text = json_text(overlay, "overlay")?;
        py.detach(|| schedule.with_overlay_json(&text))
    } else if let Ok(path) = overlay.extract::<PathBuf>() {
        py.detach(|| overlay_file(schedule, &path))
    } else {
        return Err(PyTypeError::new_err(format!(
            "overlay must be JSON text, a dict or a path (str or os.PathLike), not {}",
            overlay.get_type().name()?
        )));
    };
    result.map(|inner| PySchedule { inner }).map_err(py_err(py))
}

/// A what-if on one importer's measures: set a rate, move dates, remove or
/// add measures, then `build()` a new `Schedule`. Immutable: every method
/// returns a new `Scenario`.
#[pyclass(name = "Scenario", module = "tariffs", frozen)]
pub struct PyScenario {
    inner: tariffs::Scenario,
    /// The changes so far, for `repr`.
    log: Vec<String>,
}

impl PyScenario {
    /// A new scenario on `schedule`'s `importer`.
    pub fn new(schedule: &Schedule, importer: tariffs::Country) -> PyScenario {
        PyScenario {
            inner: schedule.scenario(importer),
            log: Vec::new(),
        }
    }

    fn then(&self, inner: tariffs::Scenario, change: String) -> PyScenario {
        let mut log = self.log.clone();
        log.push(change);
        PyScenario { inner, log }
    }
}

fn date_arg(v: &Bound<'_, PyAny>, field: &str) -> PyResult<Date> {
    let text = convert::date_text(v, field)?;
    Date::parse_field(field, &text).map_err(|e| to_pyerr(v.py(), &e))
}

#[pymethods]
impl PyScenario {
    /// Sets the rate of measure `id`, e.g. `set_rate("cn-extra-20", "50%")`.
    fn set_rate(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        rate: &Bound<'_, PyAny>,
    ) -> PyResult<PyScenario> {
        let id = convert::text(id, "id")?;
        let rate = convert::text(rate, "rate")?;
        let next = self
            .inner
            .clone()
            .set_rate(&id, &rate)
            .map_err(|e| match e {
                // A rate given as an argument is an invalid input, not a schedule error.
                Error::InvalidRate { text, reason } => Error::invalid(
                    "rate",
                    text,
                    format!("a duty rate such as \"50%\" ({reason})"),
                ),
                e => e,
            })
            .map_err(py_err(py))?;
        Ok(self.then(next, format!("set_rate({id:?}, {rate:?})")))
    }

    /// Moves measure `id` to `[from_, until)` (`until=None`: open-ended).
    #[pyo3(signature = (id, from_, until = None))]
    fn set_dates(
        &self,
        py: Python<'_>,
        id: &Bound<'_, PyAny>,
        from_: &Bound<'_, PyAny>,
        until: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenario> {
        let id = convert::text(id, "id")?;
        let from = date_arg(from_, "from")?;
        let until = match until.filter(|u| !u.is_none()) {
            Some(u) => Some(date_arg(u, "until")?),
            None => None,
        };
        let next = self
            .inner
            .clone()
            .set_dates(&id, from, until)
            .map_err(py_err(py))?;
        let until_text = until.map_or("None".to_string(), |u| format!("{:?}", u.to_string()));
        Ok(self.then(
            next,
            format!("set_dates({id:?}, {:?}, {until_text})", from.to_string()),
        ))
    }

    /// Removes measure (or exemption, or fee) `id`; an unknown id fails at `build()`.
    fn remove(&self, id: &Bound<'_, PyAny>) -> PyResult<PyScenario> {
        let id = convert::text(id, "id")?;
        Ok(self.then(self.inner.clone().remove(&id), format!("remove({id:?})")))
    }

    /// Adds (or replaces, by id) a measure given as a dict or JSON text in
    /// the schedule format's measure form.
    fn add_measure(&self, py: Python<'_>, measure: &Bound<'_, PyAny>) -> PyResult<PyScenario> {
        let text = json_text(measure, "measure")?;
        let m: MeasureData =
            serde_json::from_str(&text).map_err(|e| to_pyerr(py, &json_error("<measure>", &e)))?;
        let id = m.id.clone();
        Ok(self.then(
            self.inner.clone().add_measure(m),
            format!("add_measure({id:?})"),
        ))
    }

    /// Applies the changes: a new, validated `Schedule` (the original is unchanged).
    fn build(&self, py: Python<'_>) -> PyResult<PySchedule> {
        py.detach(|| self.inner.build())
            .map(|inner| PySchedule { inner })
            .map_err(py_err(py))
    }

    /// The changes as an overlay (JSON text for `Schedule.with_overlay`).
    fn to_overlay_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner.overlay())
            .map_err(|e| PyTypeError::new_err(e.to_string()))
    }

    fn __repr__(&self) -> String {
        if self.log.is_empty() {
            "<Scenario (no changes)>".to_string()
        } else {
            format!("<Scenario {}>", self.log.join("."))
        }
    }
}
