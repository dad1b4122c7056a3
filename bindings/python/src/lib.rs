//! Python bindings for `tariffs`: the native module `tariffs._tariffs`.
//!
//! This crate converts types and errors and calls the core; it holds no
//! tariff logic. The pure-Python package `python/tariffs` re-exports these
//! classes, defines the exception hierarchy (`tariffs._errors`) and the
//! pandas/Arrow glue of `Schedule.quote_many` (`tariffs._batch`), which hands
//! whole columns back to [`schedule::PySchedule::quote_columns`].
//!
//! - [`convert`]: Python values to the text fields of [`tariffs::EntryText`]
//!   (no float ever reaches a money field), and decimals/dates back.
//! - [`errors`]: [`tariffs::Error`] to the Python exception classes.
//! - [`schedule`]: `Schedule` and `ScheduleVersion`.
//! - [`quote`]: `Quote`, `Line`, `Excluded`.
//! - [`coverage`]: `Coverage`, `Chapter99Status` (what a schedule answers
//!   for) and `QuoteWarning`.
//! - [`arrow`]: a minimal reader of Arrow arrays through the Arrow C data
//!   interface (`__arrow_c_array__` capsules), so columns reach Rust without a
//!   Python object per cell.
//! - [`batch`]: columns in, quoted columns out, with the GIL released.
//! - [`analysis`]: change dates, rate panels and their diffs (as Arrow
//!   buffers), effective rates; the pandas side is `tariffs._analysis`.
//! - [`scenario`]: `Schedule.with_overlay` and the `Scenario` builder.

use pyo3::prelude::*;

pub mod analysis;
pub mod arrow;
pub mod batch;
pub mod convert;
pub mod coverage;
pub mod errors;
pub mod quote;
pub mod scenario;
pub mod schedule;

/// The native module. Import the `tariffs` package instead.
#[pymodule]
fn _tariffs(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<schedule::PySchedule>()?;
    m.add_class::<schedule::PyScheduleVersion>()?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<quote::PyQuote>()?;
    m.add_class::<quote::PyLine>()?;
    m.add_class::<quote::PyExcluded>()?;
    m.add_class::<coverage::PyQuoteWarning>()?;
    m.add_class::<coverage::PyCoverage>()?;
    m.add_class::<coverage::PyChapter99Status>()?;
    m.add_function(wrap_pyfunction!(convert::decimal_text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::date_text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::claims_text_py, m)?)?;
    Ok(())
}
