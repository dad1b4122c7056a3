//! Handles and pointer arguments: the generic helpers every entry point
//! uses to take its arguments, hand out a new handle, lend out what a handle
//! holds, and take a handle back. Each runs inside the guards of
//! [`crate::status`], so no entry point repeats a null check, a
//! `Box::into_raw`/`Box::from_raw` or a `catch_unwind` of its own.

use crate::status::{guard, guard_value, tariffs_status, Failure};
use std::ffi::{c_char, CString};

/// Moves `value` to the heap and hands it to C as a new handle, to be taken
/// back by [`free_handle`].
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops a handle from [`into_handle`]; NULL is ignored, and a
/// panic while dropping is caught.
///
/// # Safety
///
/// `p` is NULL or a handle of type `T` from [`into_handle`], not freed before
/// and not used after.
pub(crate) unsafe fn free_handle<T>(p: *mut T) {
    guard_value((), || {
        if !p.is_null() {
            // SAFETY: `p` came from `Box::into_raw` in `into_handle` and is
            // taken back once (the caller's contract).
            drop(unsafe { Box::from_raw(p) });
        }
    })
}

/// The body of a constructor: checks the out-pointer `out` (NULL stored in it
/// first, so the caller sees NULL on any failure), runs `make`, and hands its
/// value out as a new handle.
///
/// # Safety
///
/// `out` is NULL or valid for writing a pointer.
pub(crate) unsafe fn new_handle<T>(
    out: *mut *mut T,
    make: impl FnOnce() -> Result<T, Failure>,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable (the caller's contract).
        let out = unsafe { out_arg(out, "out") }?;
        *out = into_handle(make()?);
        Ok(())
    })
}

/// Borrows a handle argument named `name`; NULL is `TARIFFS_NULL_ARGUMENT`.
///
/// # Safety
///
/// `p` is NULL or points to a live `T` that outlives `'a`.
pub(crate) unsafe fn ref_arg<'a, T>(p: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: `p` is NULL or points to a live `T` (the caller's contract).
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// Borrows a handle argument mutably.
///
/// # Safety
///
/// `p` is NULL or points to a live `T`, not aliased, that outlives `'a`.
pub(crate) unsafe fn mut_arg<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: `p` is NULL or points to a live, unaliased `T` (the caller's
    // contract).
    unsafe { p.as_mut() }.ok_or_else(|| Failure::null(name))
}

/// Checks an out-pointer, stores NULL in it (so the caller sees NULL on any
/// failure) and returns it for the success path.
///
/// # Safety
///
/// `out` is NULL or valid for writing a pointer.
pub(crate) unsafe fn out_arg<'a, T>(
    out: *mut *mut T,
    name: &str,
) -> Result<&'a mut *mut T, Failure> {
    // SAFETY: `out` is NULL or valid for writing (the caller's contract).
    let out = unsafe { out.as_mut() }.ok_or_else(|| Failure::null(name))?;
    *out = std::ptr::null_mut();
    Ok(out)
}

/// Like [`out_arg`] for out-pointers to borrowed `const` data.
///
/// # Safety
///
/// `out` is NULL or valid for writing a pointer.
pub(crate) unsafe fn out_const_arg<'a, T>(
    out: *mut *const T,
    name: &str,
) -> Result<&'a mut *const T, Failure> {
    // SAFETY: `out` is NULL or valid for writing (the caller's contract).
    let out = unsafe { out.as_mut() }.ok_or_else(|| Failure::null(name))?;
    *out = std::ptr::null();
    Ok(out)
}

/// What an infallible accessor reads from a handle: `read(handle)`, or
/// `fallback` when `p` is NULL (or on a panic).
///
/// # Safety
///
/// `p` is NULL or points to a live `T`.
pub(crate) unsafe fn read_or<T, R: Copy>(
    p: *const T,
    fallback: R,
    read: impl FnOnce(&T) -> R,
) -> R {
    guard_value(fallback, || {
        // SAFETY: `p` is NULL or points to a live `T` (the caller's contract).
        match unsafe { p.as_ref() } {
            Some(t) => read(t),
            None => fallback,
        }
    })
}

/// A string a handle lends out: the one `pick` chooses, or NULL when `p` is
/// NULL or `pick` chooses none.
///
/// # Safety
///
/// `p` is NULL or points to a live `T`.
pub(crate) unsafe fn lent_str<T>(
    p: *const T,
    pick: impl FnOnce(&T) -> Option<&CString>,
) -> *const c_char {
    // SAFETY: as the caller's contract.
    unsafe {
        read_or(p, std::ptr::null(), |t| {
            pick(t).map_or(std::ptr::null(), |s| s.as_ptr())
        })
    }
}

/// Item `index` of a list that the handle `handle` (the argument `name`,
/// `quote` or `schedule`) lends out, written to `*out`: the body of
/// `tariffs_quote_line`, `tariffs_schedule_chapter99` and the like. An index
/// past the list is `TARIFFS_INDEX_OUT_OF_RANGE` (field `index`), naming
/// `what` and the count.
///
/// # Safety
///
/// `handle` is NULL or points to a live `H`; `out` is NULL or valid for
/// writing a pointer.
pub(crate) unsafe fn lend_item<H, T, U>(
    handle: *const H,
    name: &str,
    index: usize,
    out: *mut *const U,
    what: &str,
    list: impl FnOnce(&H) -> &[T],
    lend: impl FnOnce(&T) -> *const U,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable, `handle` NULL or live (the
        // caller's contract).
        let out = unsafe { out_const_arg(out, "out") }?;
        // SAFETY: as above.
        let list = list(unsafe { ref_arg(handle, name) }?);
        let item = list.get(index).ok_or_else(|| {
            Failure::new(
                tariffs_status::TARIFFS_INDEX_OUT_OF_RANGE,
                format!(
                    "{what} index {index} is out of range: the {name} has {}",
                    list.len()
                ),
            )
            .field("index")
        })?;
        *out = lend(item);
        Ok(())
    })
}

/// Fails with `TARIFFS_INVALID_INPUT` (field `field`) when `count` elements
/// of `T` are more than any array can hold (`isize::MAX` bytes): `what`
/// names the array (`buffer`, `array of entries`).
pub(crate) fn check_count<T>(count: usize, field: &str, what: &str) -> Result<(), Failure> {
    let max = isize::MAX as usize / std::mem::size_of::<T>().max(1);
    if count > max {
        return Err(Failure::new(
            tariffs_status::TARIFFS_INVALID_INPUT,
            format!("{field} {count} is larger than any {what} can be"),
        )
        .field(field));
    }
    Ok(())
}
