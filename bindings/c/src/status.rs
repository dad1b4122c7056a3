//! Status codes, the thread-local last error, and the guards every entry point
//! runs its body in (argument checks and `catch_unwind`).

use std::cell::RefCell;
use std::ffi::{c_char, c_int, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use tariffs::ErrorKind;

/// The result of every fallible function of the library.
///
/// `TARIFFS_OK` is 0; every other value is a failure, and
/// `tariffs_last_error_message()` then says what was wrong. Values are stable:
/// new statuses are only ever added at the end.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum tariffs_status {
    /// Success.
    TARIFFS_OK = 0,
    /// A pointer argument that must not be NULL was NULL.
    TARIFFS_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    TARIFFS_INVALID_UTF8 = 2,
    /// A value was malformed or out of range: a country, code, decimal, date,
    /// mode, currency, quantity or claim; or a required entry field is unset.
    /// `tariffs_last_error_field()` names the field.
    TARIFFS_INVALID_INPUT = 3,
    /// A rate text of the schedule could not be parsed (found while quoting).
    TARIFFS_INVALID_RATE = 4,
    /// The schedule has no tariff line for the code on the entry date.
    TARIFFS_UNKNOWN_CODE = 5,
    /// The schedule has no data for the importing country.
    TARIFFS_UNKNOWN_IMPORTER = 6,
    /// A specific rate needs a quantity (in the unit the message names) that
    /// the entry does not carry.
    TARIFFS_MISSING_QUANTITY = 7,
    /// The value is in another currency than the importer's and no exchange
    /// rate was given.
    TARIFFS_MISSING_EXCHANGE_RATE = 8,
    /// A schedule failed to parse or validate (the message names the file,
    /// the item and the field).
    TARIFFS_SCHEDULE_ERROR = 9,
    /// A file could not be read.
    TARIFFS_IO_ERROR = 10,
    /// An amount exceeded the 96-bit decimal range.
    TARIFFS_OVERFLOW = 11,
    /// An index was not below the matching count.
    TARIFFS_INDEX_OUT_OF_RANGE = 12,
    /// The caller's buffer cannot hold the string and its NUL terminator; the
    /// needed length was written to the length out-pointer.
    TARIFFS_BUFFER_TOO_SMALL = 13,
    /// An error this version of the C layer does not know how to classify.
    TARIFFS_INTERNAL_ERROR = 14,
    /// The library panicked (a bug): the panic was caught at the boundary and
    /// no handle was created or changed in a way that is unsafe to use or free.
    TARIFFS_PANIC = 15,
    /// The goods may not be imported at all on the entry date: an import ban
    /// matched (field `hts`; the message names the ban's id, description and
    /// source). A ban is not a duty, so there is no amount to quote.
    TARIFFS_PROHIBITED = 16,
    /// The entry date is outside what the schedule answers for (field
    /// `entry_date`, value the date): before its first date, or, for a strict
    /// schedule (`tariffs_schedule_strict`), after the date its policy was
    /// reviewed through. The message names the covered range.
    TARIFFS_NOT_COVERED = 17,
    /// An input is past one of the library's documented limits (a value,
    /// quantity or exponent too large, a text too long, a schedule too big):
    /// `tariffs_last_error_field()` names the field, and the message the
    /// limit.
    TARIFFS_TOO_LARGE = 18,
    /// The schedule's base line for the code prints no rate in the column
    /// the entry needs (e.g. no column 1 general rate, or no column 2 rate
    /// for an origin that takes it): field `hts`, value the code; the
    /// message names the column. The schedule's data is incomplete for that
    /// line; no other input of the entry can fix it.
    TARIFFS_MISSING_RATE = 19,
}

use tariffs_status::*;

/// Generates, from the list of every variant of [`tariffs_status`] in value
/// order, `tariffs_status::ALL` and `tariffs_status::as_cstr` (the
/// constant's name as C text, made from the variant's identifier).
///
/// The enum itself stays written out above: cbindgen reads the source
/// without expanding macros, so an enum made by a macro would be missing
/// from `include/tariffs.h`. The list cannot drift from it all the same:
/// `as_cstr` matches on the enum with one arm per listed variant and no
/// wildcard, so a variant left out of the list, or a listed name that is
/// not a variant, does not compile; every name is the identifier itself
/// (`stringify!`), and every number the enum's own (the test
/// `statuses_are_0_to_n_in_order` checks that the list is in value order
/// without gaps).
macro_rules! status_names {
    ($($variant:ident),+ $(,)?) => {
        impl tariffs_status {
            /// Every status, in value order.
            pub(crate) const ALL: &'static [tariffs_status] = &[$(tariffs_status::$variant),+];

            /// The constant's name, as a static NUL-terminated string.
            pub(crate) fn as_cstr(self) -> &'static CStr {
                let name: &'static str = match self {
                    $(tariffs_status::$variant => concat!(stringify!($variant), "\0"),)+
                };
                CStr::from_bytes_with_nul(name.as_bytes()).unwrap_or_default()
            }
        }
    };
}

status_names! {
    TARIFFS_OK,
    TARIFFS_NULL_ARGUMENT,
    TARIFFS_INVALID_UTF8,
    TARIFFS_INVALID_INPUT,
    TARIFFS_INVALID_RATE,
    TARIFFS_UNKNOWN_CODE,
    TARIFFS_UNKNOWN_IMPORTER,
    TARIFFS_MISSING_QUANTITY,
    TARIFFS_MISSING_EXCHANGE_RATE,
    TARIFFS_SCHEDULE_ERROR,
    TARIFFS_IO_ERROR,
    TARIFFS_OVERFLOW,
    TARIFFS_INDEX_OUT_OF_RANGE,
    TARIFFS_BUFFER_TOO_SMALL,
    TARIFFS_INTERNAL_ERROR,
    TARIFFS_PANIC,
    TARIFFS_PROHIBITED,
    TARIFFS_NOT_COVERED,
    TARIFFS_TOO_LARGE,
    TARIFFS_MISSING_RATE,
}

impl tariffs_status {
    /// The name of status value `code` (`TARIFFS_UNKNOWN_STATUS` for a
    /// value that is not one), as a static NUL-terminated string.
    pub(crate) fn name(code: c_int) -> &'static CStr {
        match Self::ALL.iter().find(|&&s| s as c_int == code) {
            Some(status) => status.as_cstr(),
            None => CStr::from_bytes_with_nul(b"TARIFFS_UNKNOWN_STATUS\0").unwrap_or_default(),
        }
    }
}

/// A failure on its way to the caller: the status and what the thread-local
/// last error will hold.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) status: tariffs_status,
    message: String,
    field: Option<String>,
    value: Option<String>,
}

impl Failure {
    pub(crate) fn new(status: tariffs_status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            field: None,
            value: None,
        }
    }

    pub(crate) fn field(mut self, field: &str) -> Failure {
        self.field = Some(field.to_string());
        self
    }

    /// The sentence the last error will say.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The field the failure names, if any.
    pub(crate) fn field_name(&self) -> Option<&str> {
        self.field.as_deref()
    }

    pub(crate) fn null(name: &str) -> Failure {
        Failure::new(
            TARIFFS_NULL_ARGUMENT,
            format!("argument {name} is NULL: pass a valid pointer"),
        )
        .field(name)
    }
}

/// Lists the status of each core error kind, once: generates
/// [`kind_status`] (a `match` with one arm per kind) and [`MAPPED_KINDS`]
/// (how many arms it has, for the test that every kind is mapped).
macro_rules! kind_statuses {
    ($($kind:ident => $status:ident,)+) => {
        /// The status of a core error of kind `kind`.
        fn kind_status(kind: ErrorKind) -> tariffs_status {
            match kind {
                $(ErrorKind::$kind => $status,)+
                // `ErrorKind` is `#[non_exhaustive]`: a kind newer than this
                // layer. The test `every_error_kind_has_its_own_status`
                // fails until it has an arm of its own above.
                _ => TARIFFS_INTERNAL_ERROR,
            }
        }

        /// The number of kinds [`kind_status`] maps.
        #[cfg(test)]
        const MAPPED_KINDS: usize = [$(stringify!($kind)),+].len();
    };
}

kind_statuses! {
    InvalidInput => TARIFFS_INVALID_INPUT,
    InvalidRate => TARIFFS_INVALID_RATE,
    MissingQuantity => TARIFFS_MISSING_QUANTITY,
    UnknownCode => TARIFFS_UNKNOWN_CODE,
    MissingRate => TARIFFS_MISSING_RATE,
    UnknownImporter => TARIFFS_UNKNOWN_IMPORTER,
    MissingExchangeRate => TARIFFS_MISSING_EXCHANGE_RATE,
    Schedule => TARIFFS_SCHEDULE_ERROR,
    Overflow => TARIFFS_OVERFLOW,
    Prohibited => TARIFFS_PROHIBITED,
    NotCovered => TARIFFS_NOT_COVERED,
    TooLarge => TARIFFS_TOO_LARGE,
    Io => TARIFFS_IO_ERROR,
}

impl From<tariffs::Error> for Failure {
    fn from(e: tariffs::Error) -> Failure {
        Failure {
            status: kind_status(e.kind()),
            message: e.to_string(),
            field: e.field().map(str::to_string),
            value: e.value().map(str::to_string),
        }
    }
}

/// The last failure of a thread, as C strings ready to hand out.
struct LastError {
    message: CString,
    field: Option<CString>,
    value: Option<CString>,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// A C string from Rust text; an interior NUL (which C could not see past
/// anyway) ends the string there.
pub(crate) fn c_string(s: &str) -> CString {
    let end = s.find('\0').unwrap_or(s.len());
    CString::new(&s[..end]).unwrap_or_default()
}

fn set_last_error(f: &Failure) {
    let last = LastError {
        message: c_string(&f.message),
        field: f.field.as_deref().map(c_string),
        value: f.value.as_deref().map(c_string),
    };
    // `try_with`: during thread teardown the slot may be gone; then the
    // message is dropped rather than panicking.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = Some(last);
        }
    });
}

/// Which part of the last error to read.
#[derive(Clone, Copy)]
pub(crate) enum Part {
    Message,
    Field,
    Value,
}

/// A pointer to a part of the thread's last error, valid until the next
/// failure on this thread (or the thread's exit).
pub(crate) fn last_error(part: Part) -> *const c_char {
    const EMPTY: &[u8] = b"\0";
    let empty = EMPTY.as_ptr().cast::<c_char>();
    LAST_ERROR
        .try_with(|slot| {
            let Ok(slot) = slot.try_borrow() else {
                return std::ptr::null();
            };
            match (&*slot, part) {
                (None, Part::Message) => empty,
                (None, _) => std::ptr::null(),
                (Some(e), Part::Message) => e.message.as_ptr(),
                (Some(e), Part::Field) => e.field.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
                (Some(e), Part::Value) => e.value.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            }
        })
        .unwrap_or(match part {
            Part::Message => empty,
            _ => std::ptr::null(),
        })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    format!("internal error: the library panicked ({what}); please report this bug")
}

// ------------------------------------------------------------------ quiet panics
//
// A library must not write to its host's stderr, but Rust's default panic
// hook prints the message (and, with RUST_BACKTRACE, a backtrace) before
// `catch_unwind` sees the panic. The hook is process-wide, so it is not
// replaced outright: on first use the library wraps the hook that is there
// (`take_hook`, then `set_hook` with a hook that calls it), and the wrapper
// stays silent only for panics on a thread that is inside a call of this
// library ([`Inside`], set by `guard` and `guard_value`) or on one of the
// library's worker threads (rayon's pool, which quotes batches); every other
// panic, on the host's own threads, goes to the previous hook unchanged.
// (rustls-ffi only catches panics at its boundary and leaves the default
// hook printing; pyo3 does the same, turning them into PanicException.)
// The message still reaches the caller: `guard` reads it from the payload.
// A host that sets its own hook later replaces the wrapper: its hook then
// sees the library's panics too, which is its choice.

thread_local! {
    /// How many library calls the thread is inside (calls do not nest today,
    /// but a count is as cheap as a flag and cannot be left set by one).
    static INSIDE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks the thread as inside a library call while alive.
struct Inside;

impl Inside {
    fn enter() -> Inside {
        install_quiet_hook();
        let _ = INSIDE.try_with(|c| c.set(c.get().saturating_add(1)));
        Inside
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        let _ = INSIDE.try_with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// Whether a panic on the current thread is the library's: inside one of its
/// calls, or on one of its worker threads.
fn library_thread() -> bool {
    INSIDE.try_with(|c| c.get() > 0).unwrap_or(false) || rayon::current_thread_index().is_some()
}

/// Wraps the current panic hook once (see above).
fn install_quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // `set_hook` panics when called from a panicking thread; a call made
    // while unwinding (from a destructor) installs it on a later call.
    if ONCE.is_completed() || std::thread::panicking() {
        return;
    }
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !library_thread() {
                previous(info);
            }
        }));
    });
}

/// Runs the body of a fallible entry point: a `Failure` becomes its status
/// and the thread's last error; a panic becomes `TARIFFS_PANIC`, printing
/// nothing (see [`install_quiet_hook`]).
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> tariffs_status {
    let _inside = Inside::enter();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => TARIFFS_OK,
        Ok(Err(f)) => {
            set_last_error(&f);
            f.status
        }
        Err(payload) => {
            set_last_error(&Failure::new(TARIFFS_PANIC, panic_message(&*payload)));
            // A payload whose destructor panics must not unwind out either.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            TARIFFS_PANIC
        }
    }
}

/// Runs the body of an infallible accessor; a panic yields `fallback`
/// (printing nothing, as in [`guard`]).
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    let _inside = Inside::enter();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            set_last_error(&Failure::new(TARIFFS_PANIC, panic_message(&*payload)));
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            fallback
        }
    }
}

/// Borrows a NUL-terminated UTF-8 argument named `name`.
///
/// # Safety
///
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: `p` is not NULL, so it is a NUL-terminated string outliving
    // `'a` (the caller's contract).
    utf8(unsafe { CStr::from_ptr(p) }.to_bytes(), name)
}

/// Like [`str_arg`], with NULL meaning "not given".
///
/// # Safety
///
/// As for [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(
    p: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: as the caller's contract.
        unsafe { str_arg(p, name) }.map(Some)
    }
}

/// Checks that `bytes` are UTF-8, naming the argument in the error.
pub(crate) fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
            TARIFFS_INVALID_UTF8,
            format!(
                "{name} is not valid UTF-8 (bad byte at offset {}): pass UTF-8 text",
                e.valid_up_to()
            ),
        )
        .field(name)
    })
}

/// Copies `s` and a NUL into the caller's buffer `buf` of `len` bytes, and its
/// length (without the NUL) into `*out_len` when `out_len` is not NULL.
///
/// # Safety
///
/// `buf` is NULL or valid for writing `len` bytes; `out_len` is NULL or valid
/// for writing.
pub(crate) unsafe fn write_buf(
    s: &str,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> Result<(), Failure> {
    // SAFETY: `out_len` is NULL or valid for writing (the caller's contract).
    if let Some(n) = unsafe { out_len.as_mut() } {
        *n = s.len();
    }
    if buf.is_null() && len > 0 {
        return Err(Failure::null("buf"));
    }
    if len <= s.len() {
        if len > 0 {
            // SAFETY: `buf` is not NULL (checked above) and valid for `len`
            // bytes, at least one.
            unsafe { *buf = 0 };
        }
        return Err(Failure::new(
            TARIFFS_BUFFER_TOO_SMALL,
            format!(
                "a buffer of {len} bytes cannot hold {s:?}: it needs {} bytes (the text and its NUL)",
                s.len() + 1
            ),
        ));
    }
    // SAFETY: `buf` is valid for `len` bytes (the caller's contract) and
    // `len > s.len()`, so the text and its NUL fit; the caller's buffer is
    // not the Rust string.
    unsafe {
        std::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), s.len());
        *buf.add(s.len()) = 0;
    }
    Ok(())
}

/// Hands a Rust string to C as a NUL-terminated string the caller frees with
/// `tariffs_string_free`.
pub(crate) fn owned_c_string(s: &str) -> *mut c_char {
    c_string(s).into_raw()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> String {
        // SAFETY: `last_error` never returns NULL for the message, and the
        // string lives until the next failure on this thread.
        unsafe { CStr::from_ptr(last_error(Part::Message)) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let st = guard(|| panic!("boom"));
        assert_eq!(st, TARIFFS_PANIC);
        assert!(message().contains("boom"), "{}", message());
        let st = guard(|| std::panic::panic_any(42_u8));
        assert_eq!(st, TARIFFS_PANIC);
        assert_eq!(guard_value(7, || panic!("x")), 7);
    }

    /// The child half of [`a_caught_panic_prints_nothing`]: runs in a process
    /// of its own (the hook is process-wide), when the variable is set.
    #[test]
    fn panics_in_a_child_process() {
        if std::env::var_os("TARIFFS_TEST_PANIC_CHILD").is_none() {
            return;
        }
        // On the calling thread, and on the library's worker threads.
        assert_eq!(guard(|| panic!("boom in a call")), TARIFFS_PANIC);
        assert!(message().contains("boom in a call"), "{}", message());
        let st = guard(|| {
            use rayon::prelude::*;
            (0..64)
                .into_par_iter()
                .for_each(|i| assert!(i != 33, "boom on a worker"));
            Ok(())
        });
        assert_eq!(st, TARIFFS_PANIC);
        assert!(message().contains("boom on a worker"), "{}", message());
        assert_eq!(guard_value(7, || panic!("boom in an accessor")), 7);
        eprintln!("child: library panics done");
        // A panic of the host's own, outside any library call, still goes to
        // the hook that was there before (the default one prints it).
        let host = std::thread::spawn(|| panic!("host's own panic")).join();
        assert!(host.is_err());
    }

    #[test]
    fn a_caught_panic_prints_nothing() {
        if std::env::var_os("TARIFFS_TEST_PANIC_CHILD").is_some() {
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "status::tests::panics_in_a_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TARIFFS_TEST_PANIC_CHILD", "1")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("1 passed"), "{stdout}");
        let (library, host) = stderr
            .split_once("child: library panics done")
            .unwrap_or_else(|| panic!("the child did not get through: {stderr}"));
        // Nothing of the library's three panics: no message, no backtrace...
        assert!(!stderr.contains("boom"), "{stderr}");
        assert!(!library.contains("panicked"), "{library}");
        assert!(!library.contains("backtrace"), "{library}");
        // ...and the host's own panic printed as before.
        assert!(host.contains("host's own panic"), "{host}");
    }

    #[test]
    fn a_failure_sets_the_thread_local_error_and_success_keeps_it() {
        let st = guard(|| Err(Failure::new(TARIFFS_INVALID_INPUT, "bad origin").field("origin")));
        assert_eq!(st, TARIFFS_INVALID_INPUT);
        assert_eq!(message(), "bad origin");
        assert_eq!(guard(|| Ok(())), TARIFFS_OK);
        assert_eq!(message(), "bad origin");
        // Another thread has its own, empty, last error.
        let other = std::thread::spawn(message).join().unwrap();
        assert_eq!(other, "");
    }

    #[test]
    fn every_status_has_its_name() {
        assert_eq!(tariffs_status::name(0).to_str().unwrap(), "TARIFFS_OK");
        assert_eq!(tariffs_status::name(15).to_str().unwrap(), "TARIFFS_PANIC");
        assert_eq!(
            tariffs_status::name(19).to_str().unwrap(),
            "TARIFFS_MISSING_RATE"
        );
        assert_eq!(
            tariffs_status::name(20).to_str().unwrap(),
            "TARIFFS_UNKNOWN_STATUS"
        );
        assert_eq!(
            tariffs_status::name(-1).to_str().unwrap(),
            "TARIFFS_UNKNOWN_STATUS"
        );
    }

    /// `status_names!` lists every status once, in value order without
    /// gaps (its `match` already fails to compile on a missing or unknown
    /// variant), and each name is the variant's identifier.
    #[test]
    fn statuses_are_0_to_n_in_order() {
        for (i, &status) in tariffs_status::ALL.iter().enumerate() {
            assert_eq!(status as usize, i, "{status:?} is out of order");
            let code = c_int::try_from(i).unwrap();
            assert_eq!(tariffs_status::name(code), status.as_cstr());
            // Debug prints the identifier: a second source for the name.
            assert_eq!(status.as_cstr().to_str().unwrap(), format!("{status:?}"));
        }
        let past = c_int::try_from(tariffs_status::ALL.len()).unwrap();
        assert_eq!(
            tariffs_status::name(past).to_str().unwrap(),
            "TARIFFS_UNKNOWN_STATUS"
        );
        assert_eq!(
            tariffs_status::ALL.last(),
            Some(&TARIFFS_MISSING_RATE),
            "a new status is appended after the last one"
        );
    }

    /// Every kind of core error has a status of its own: not
    /// `TARIFFS_INTERNAL_ERROR` (the status of a kind this layer does not
    /// know), and not another kind's. A kind added to the core without an
    /// arm in `kind_statuses!` fails here.
    #[test]
    fn every_error_kind_has_its_own_status() {
        assert_eq!(
            ErrorKind::ALL.len(),
            MAPPED_KINDS,
            "ErrorKind::ALL has kinds that kind_statuses! does not list"
        );
        let mut seen: Vec<(ErrorKind, tariffs_status)> = Vec::new();
        for kind in ErrorKind::ALL {
            let status = kind_status(kind);
            assert_ne!(status, TARIFFS_INTERNAL_ERROR, "{kind:?} is not mapped");
            assert_ne!(status, TARIFFS_OK, "{kind:?} maps to success");
            if let Some((other, _)) = seen.iter().find(|(_, s)| *s == status) {
                panic!("{kind:?} and {other:?} both map to {status:?}");
            }
            seen.push((kind, status));
        }
        // The status of `Error::MissingRate`, end to end through `Failure`.
        let e = tariffs::Error::MissingRate {
            importer: "US".into(),
            code: "6109.10.00".into(),
            column: "general".into(),
        };
        let f = Failure::from(e);
        assert_eq!(f.status, TARIFFS_MISSING_RATE);
        assert_eq!(f.field_name(), Some("hts"));
    }

    #[test]
    fn interior_nul_ends_the_c_string() {
        assert_eq!(c_string("ab\0cd").to_str().unwrap(), "ab");
    }
}
