//! # libtariffs: the C ABI of the `tariffs` duty engine
//!
//! This crate builds `libtariffs.so` and `libtariffs.a`; `include/tariffs.h`
//! is generated from it by cbindgen (see `cbindgen.toml`). It converts C
//! types to the core's and back, and holds no tariff logic.
//!
//! Conventions, after rustls-ffi:
//!
//! - Opaque handles (`tariffs_schedule`, `tariffs_entry`, `struct
//!   tariffs_quote`, `tariffs_batch`) are created by functions that write to
//!   an out-pointer and return a [`tariffs_status`]; each has one `*_free`.
//! - Every entry point runs inside `catch_unwind`: a panic becomes
//!   `TARIFFS_PANIC`, never unwinding into C.
//! - A failure leaves a thread-local message ([`tariffs_last_error_message`]).
//!
//! The header's preamble (in `cbindgen.toml`) states the rules for C users.

#![allow(non_camel_case_types)]
// Every unsafe operation sits in an `unsafe {}` block of its own, with a
// `// SAFETY:` comment saying why it is sound (clippy checks the comment).
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
// The safety contract of the exported functions is the header's rule for
// pointer arguments (cbindgen.toml, "Pointer arguments"), stated once; a
// function has a `# Safety` section only when it asks for more (an array
// and its length, a string from this library).
#![allow(clippy::missing_safety_doc)]

mod arrow;
mod batch;
mod columns;
mod coverage;
mod entry;
mod handle;
mod quote;
mod schedule;
mod status;
// Appended last: its functions follow every earlier one in the header.
mod refunds;

pub use arrow::*;
pub use batch::*;
pub use columns::*;
pub use coverage::*;
pub use entry::*;
pub use quote::*;
pub use refunds::*;
pub use schedule::*;
pub use status::tariffs_status;

use status::{guard_value, last_error, Part};
use std::ffi::{c_char, c_int, CString};

/// A buffer of this many bytes holds any decimal string the library writes
/// (at most 28 digits, a sign, a point and a leading zero, plus the NUL).
pub const TARIFFS_DECIMAL_BUFFER_SIZE: usize = 48;

/// The library's version, e.g. `"0.1.0"`.
///
/// - Ownership: a static string.
/// - NULL: never returns NULL.
#[no_mangle]
pub extern "C" fn tariffs_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The message of the last failure on the calling thread: one sentence
/// saying what was wrong (naming the field and the value) and how to fix it.
///
/// Every function that returns a status other than `TARIFFS_OK` sets it;
/// successful calls leave it unchanged, so read it right after the failing
/// call.
///
/// - Ownership: borrowed, thread-local; valid until the next failing call on
///   the same thread or the thread's exit. Copy it to keep it.
/// - NULL: never returns NULL; returns `""` when no call on this thread has
///   failed.
/// - Threads: each thread sees its own last error.
#[no_mangle]
pub extern "C" fn tariffs_last_error_message() -> *const c_char {
    guard_value(b"\0".as_ptr().cast(), || last_error(Part::Message))
}

/// The field the last failure on the calling thread is about (`origin`,
/// `hts`, `value`, `date`, `quantities.kg`, `exchange_rate`...), for
/// callers that point at a form field.
///
/// - Ownership: as for `tariffs_last_error_message`.
/// - NULL: returns NULL when the failure names no field (or none occurred).
/// - Threads: each thread sees its own last error.
#[no_mangle]
pub extern "C" fn tariffs_last_error_field() -> *const c_char {
    guard_value(std::ptr::null(), || last_error(Part::Field))
}

/// The offending value of the last failure on the calling thread, as given
/// (e.g. `XX` for a bad origin, the unit of a missing quantity).
///
/// - Ownership: as for `tariffs_last_error_message`.
/// - NULL: returns NULL when the failure names no value (or none occurred).
/// - Threads: each thread sees its own last error.
#[no_mangle]
pub extern "C" fn tariffs_last_error_value() -> *const c_char {
    guard_value(std::ptr::null(), || last_error(Part::Value))
}

/// The name of a status constant (`"TARIFFS_UNKNOWN_CODE"`), or
/// `"TARIFFS_UNKNOWN_STATUS"` for a value that is not one. Takes an `int` so
/// that any value may be passed.
///
/// - Ownership: a static string.
/// - NULL: never returns NULL.
#[no_mangle]
pub extern "C" fn tariffs_status_str(status: c_int) -> *const c_char {
    tariffs_status::name(status).as_ptr()
}

/// Frees a string the library handed over (`tariffs_quote_to_json`,
/// `tariffs_quote_explain`).
///
/// - Ownership: takes the string back. Never pass a borrowed string (from a
///   `*_get_*` accessor, the version accessors or the last error).
///
/// # Safety
///
/// `s` must be NULL or a string from this library's owned-string functions,
/// not freed before.
#[no_mangle]
pub unsafe extern "C" fn tariffs_string_free(s: *mut c_char) {
    guard_value((), || {
        if !s.is_null() {
            // SAFETY: `s` came from `CString::into_raw` in one of the
            // library's owned-string functions and is freed once (the
            // caller's contract).
            drop(unsafe { CString::from_raw(s) });
        }
    })
}
