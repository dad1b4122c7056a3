//! Python bindings for `tariffs`: the native module `tariffs._tariffs`.
//!
//! This crate converts types and errors and calls the core; it holds no
//! tariff logic. The pure-Python package `python/tariffs` re-exports these
//! classes, defines the exception hierarchy (`tariffs._errors`) and the
//! pandas/Arrow glue of `Schedule.quote_many` (`tariffs._batch`), which hands
//! an Arrow stream of the rows to `Schedule._quote_arrow` (the core's
//! `tariffs::arrow` quoter) and gets an Arrow record batch back.
//!
//! - [`convert`]: Python values to the text fields of [`tariffs::EntryText`]
//!   (no float ever reaches a money field), and decimals/dates back.
//! - [`errors`]: [`tariffs::Error`] to the Python exception classes.
//! - [`schedule`]: `Schedule` and `ScheduleVersion`.
//! - [`quote`]: `Quote`, `Line`, `Excluded`.
//! - [`coverage`]: `Coverage`, `Chapter99Status` (what a schedule answers
//!   for) and `QuoteWarning`.
//! - [`arrow`]: Arrow arrays and streams in and record batches out through
//!   the Arrow PyCapsule interface, with arrow-rs's C data interface, so
//!   columns cross without a Python object per cell and without a copy.
//! - [`batch`]: an Arrow stream in, the core's Arrow result out, with the
//!   GIL released; and the basket reader of `effective_rate`.
//! - [`analysis`]: change dates, rate panels and their diffs (as Arrow
//!   record batches), effective rates; the pandas side is `tariffs._analysis`.
//! - [`refunds`]: the native half of `Schedule.refunds` (IEEPA refunds
//!   and the audit of filed duties; the pandas side is `tariffs._refunds`).
//! - [`scenario`]: `Schedule.with_overlay` and the `Scenario` builder.

use pyo3::prelude::*;

pub mod analysis;
pub mod arrow;
pub mod batch;
pub mod convert;
pub mod coverage;
pub mod errors;
pub mod quote;
pub mod refunds;
pub mod scenario;
pub mod schedule;

/// Makes caught panics silent: a library must not write to its host's
/// stderr, and Rust's default panic hook prints the message (and with
/// `RUST_BACKTRACE` a backtrace) before pyo3 catches the panic at the call
/// boundary and raises `pyo3_runtime.PanicException` with the panic's
/// message. The hook is set once, when the module is first imported.
///
/// Unlike the C library, which wraps the previous hook and stays silent only
/// on its own threads (see `bindings/c/src/status.rs`), this hook is silent
/// for every panic: an extension module links its own copy of Rust's
/// standard library, whose hook sees only the extension's panics (all of
/// them on a thread inside a call into the extension, or on its worker
/// threads); the hook of any other Rust code in the process, the host's
/// own or another extension's, is another copy's and is left alone.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::thread::panicking() {
        return;
    }
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

/// `_panic(message)`: panics with `message` inside the extension, on the
/// calling thread (`on_worker=False`) or on a worker thread of the batch
/// pool. For the tests only: they check that the panic becomes a
/// `PanicException` carrying the message and that nothing is printed.
#[pyfunction]
#[pyo3(name = "_panic", signature = (message, on_worker = false))]
fn panic_for_tests(py: Python<'_>, message: String, on_worker: bool) {
    if on_worker {
        py.detach(|| {
            use rayon::prelude::*;
            (0..64)
                .into_par_iter()
                .for_each(|i| assert!(i != 33, "{message}"));
        });
    }
    panic!("{message}");
}

/// The native module. Import the `tariffs` package instead.
#[pymodule]
fn _tariffs(m: &Bound<'_, PyModule>) -> PyResult<()> {
    quiet_panics();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The refund categories in the core's order (tariffs._refunds sorts by it).
    let categories: Vec<&str> = tariffs::refunds::Category::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    m.add("_REFUND_CATEGORIES", categories)?;
    m.add_function(wrap_pyfunction!(panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_classes, m)?)?;
    m.add_class::<schedule::PySchedule>()?;
    m.add_class::<schedule::PyScheduleVersion>()?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<quote::PyQuote>()?;
    m.add_class::<quote::PyLine>()?;
    m.add_class::<quote::PyExcluded>()?;
    m.add_class::<coverage::PyQuoteWarning>()?;
    m.add_class::<coverage::PyCoverage>()?;
    m.add_class::<coverage::PyChapter99Status>()?;
    m.add_class::<arrow::PyArrowBatch>()?;
    m.add_function(wrap_pyfunction!(convert::decimal_text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::date_text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::text_py, m)?)?;
    m.add_function(wrap_pyfunction!(convert::claims_text_py, m)?)?;
    Ok(())
}
