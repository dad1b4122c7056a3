//! `tariffs_batch`: many entries quoted at once, on every core, with an error
//! per row.
//!
//! Each entry is converted exactly as `tariffs_quote` converts it; the
//! entries that convert go to [`tariffs::Schedule::quote_batch`] (which runs
//! on all cores); the result is mapped back to the caller's rows. A row that
//! fails (a NULL element, an entry that does not convert, an entry the
//! schedule cannot quote) keeps its status and message and fails nothing
//! else.

use crate::entry::tariffs_entry;
use crate::handle::{check_count, free_handle, lent_str, new_handle, read_or, ref_arg};
use crate::schedule::tariffs_schedule;
use crate::status::{c_string, guard, tariffs_status, write_buf, Failure};
use std::ffi::{c_char, c_int, CString};
use tariffs::{BatchResult, Decimal};

/// Why a row failed: re-raised by the row's amount accessors, and borrowed
/// as C strings by the error accessors.
pub(crate) struct RowError {
    failure: Failure,
    message: CString,
    field: Option<CString>,
}

impl RowError {
    pub(crate) fn new(failure: Failure) -> Box<RowError> {
        Box::new(RowError {
            message: c_string(failure.message()),
            field: failure.field_name().map(c_string),
            failure,
        })
    }
}

/// One row of the caller's array.
pub(crate) enum Row {
    /// Quoted: the index of the row in the core's result.
    Quoted(usize),
    /// Failed, and why.
    Failed(Box<RowError>),
}

/// The result of `tariffs_quote_batch` and `tariffs_quote_columns` (opaque):
/// one row per entry, in the order given, each either quoted (its totals and
/// per-authority amounts) or failed (its status and message).
///
/// Owned by the caller, released with `tariffs_batch_free`. A batch belongs
/// to one thread at a time; it does not borrow the schedule or the entries
/// it was made from.
pub struct tariffs_batch {
    result: BatchResult,
    rows: Vec<Row>,
    authorities: Vec<CString>,
    error_count: usize,
    /// The distinct warning texts of the result (one per schedule), to lend out.
    warning_texts: Vec<CString>,
    warning_count: usize,
}

fn null_element(i: usize) -> Failure {
    Failure::new(
        tariffs_status::TARIFFS_NULL_ARGUMENT,
        format!("entries[{i}] is NULL: pass a valid entry"),
    )
    .field("entries")
}

impl tariffs_batch {
    /// Converts every entry, quotes the ones that converted, and maps the
    /// result back to the caller's rows.
    ///
    /// # Safety
    ///
    /// Each element of `entries` is NULL or a live entry.
    unsafe fn new(schedule: &tariffs_schedule, entries: &[*const tariffs_entry]) -> tariffs_batch {
        let mut converted = Vec::with_capacity(entries.len());
        let rows: Vec<Row> = entries
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                // SAFETY: each element is NULL or a live entry (the caller's
                // contract).
                let entry = unsafe { p.as_ref() }.ok_or_else(|| null_element(i));
                match entry.and_then(tariffs_entry::to_entry) {
                    Ok(entry) => {
                        converted.push(entry);
                        Row::Quoted(converted.len() - 1)
                    }
                    Err(f) => Row::Failed(RowError::new(f)),
                }
            })
            .collect();
        let result = schedule.schedule().quote_batch(&converted);
        drop(converted);
        tariffs_batch::from_rows(rows, result)
    }

    /// The batch of the caller's `rows`, given the core's `result` for the
    /// rows that reached it (`Row::Quoted(k)` is row `k` of `result`): a
    /// quoted row whose quote failed becomes a failed row.
    pub(crate) fn from_rows(mut rows: Vec<Row>, mut result: BatchResult) -> tariffs_batch {
        let mut errors = std::mem::take(&mut result.errors);
        for row in &mut rows {
            if let Row::Quoted(k) = *row {
                if let Some(e) = errors.get_mut(k).and_then(Option::take) {
                    *row = Row::Failed(RowError::new(Failure::from(*e)));
                }
            }
        }
        let error_count = rows.iter().filter(|r| matches!(r, Row::Failed(_))).count();
        let authorities = result.authorities.iter().map(|a| c_string(a)).collect();
        let mut warning_texts: Vec<CString> = Vec::new();
        let mut warning_count = 0;
        for row in &rows {
            if let Row::Quoted(k) = *row {
                if let Some(w) = result.warning(k) {
                    warning_count += 1;
                    if !warning_texts.iter().any(|t| t.to_bytes() == w.as_bytes()) {
                        warning_texts.push(c_string(w));
                    }
                }
            }
        }
        tariffs_batch {
            result,
            rows,
            authorities,
            error_count,
            warning_texts,
            warning_count,
        }
    }

    /// The warning of a row, as lent out: `None` for a row without one (or
    /// that failed, or out of range).
    fn warning(&self, row: usize) -> Option<&CString> {
        let Some(Row::Quoted(k)) = self.rows.get(row) else {
            return None;
        };
        let w = self.result.warning(*k)?;
        self.warning_texts
            .iter()
            .find(|t| t.to_bytes() == w.as_bytes())
    }

    fn row(&self, row: usize) -> Result<&Row, Failure> {
        self.rows.get(row).ok_or_else(|| {
            Failure::new(
                tariffs_status::TARIFFS_INDEX_OUT_OF_RANGE,
                format!(
                    "row {row} is out of range: the batch has {} rows",
                    self.rows.len()
                ),
            )
            .field("row")
        })
    }

    /// The index of a quoted row in the core's result; a failed row's own
    /// failure otherwise.
    fn quoted(&self, row: usize) -> Result<usize, Failure> {
        match self.row(row)? {
            Row::Quoted(k) => Ok(*k),
            Row::Failed(e) => Err(e.failure.clone()),
        }
    }

    /// Why row `row` failed; `None` for a quoted row or one out of range.
    fn row_error(&self, row: usize) -> Option<&RowError> {
        match self.rows.get(row) {
            Some(Row::Failed(e)) => Some(e),
            _ => None,
        }
    }
}

/// Quotes `count` entries with one schedule, on all cores, and returns one
/// row per entry in the same order.
///
/// Each entry is converted and checked as `tariffs_quote` does it, and each
/// quoted row has exactly the duty, fees, total, effective rate and customs
/// value that `tariffs_quote` gives for that entry. A row that fails does
/// not fail the call: it keeps its status (`tariffs_batch_row_status`) and
/// message (`tariffs_batch_row_error_message`). A NULL element of `entries`
/// is such a row, with `TARIFFS_NULL_ARGUMENT`. A row dated after the date
/// the schedule's policy was reviewed through is quoted with a warning
/// (`tariffs_batch_row_warning`), or fails with `TARIFFS_NOT_COVERED` on a
/// strict schedule.
///
/// The call blocks until every row is done; the work is spread over a pool
/// of worker threads (one per core) that the library starts on first use.
///
/// - Ownership: the entries are read during the call only: the batch does not
///   borrow them or the schedule.
/// - NULL: `entries` may be NULL only when `count` is 0 (an empty batch).
/// - Types: C does not convert `tariffs_entry **` to
///   `const tariffs_entry *const *` by itself; keep the array as
///   `const tariffs_entry *entries[]`, or cast it
///   (`(const tariffs_entry *const *)entries`).
/// - Errors: `TARIFFS_NULL_ARGUMENT`, `TARIFFS_INVALID_INPUT` (field `count`)
///   for a count no array can hold. Everything about one entry is a row's
///   status, not the call's.
/// - Threads: any number of threads may quote batches (and single entries)
///   with the same schedule at the same time. No other thread may modify
///   the entries during the call.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `entries` NULL or an array of
/// `count` pointers, each NULL or a live entry; `out` NULL or valid for
/// writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_batch(
    schedule: *const tariffs_schedule,
    entries: *const *const tariffs_entry,
    count: usize,
    out: *mut *mut tariffs_batch,
) -> tariffs_status {
    let make = || {
        // SAFETY: `schedule` is NULL or a live schedule (the caller's
        // contract).
        let schedule = unsafe { ref_arg(schedule, "schedule") }?;
        let entries: &[*const tariffs_entry] = if count == 0 {
            &[]
        } else if entries.is_null() {
            return Err(Failure::null("entries"));
        } else {
            check_count::<*const tariffs_entry>(count, "count", "array of entries")?;
            // SAFETY: `entries` is not NULL, so it is an array of `count`
            // pointers (the caller's contract), of at most `isize::MAX`
            // bytes (checked above).
            unsafe { std::slice::from_raw_parts(entries, count) }
        };
        // SAFETY: each element is NULL or a live entry that no thread
        // modifies during the call (the caller's contract).
        Ok(unsafe { tariffs_batch::new(schedule, entries) })
    };
    // SAFETY: `out` is NULL or writable (the caller's contract).
    unsafe { new_handle(out, make) }
}

/// Frees a batch.
///
/// - Ownership: takes back a batch from `tariffs_quote_batch` or
///   `tariffs_quote_columns`. Every string borrowed from it (authority
///   names, row error messages and fields, row warnings) becomes invalid.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_free(batch: *mut tariffs_batch) {
    // SAFETY: `batch` is NULL or a handle of this library not freed before, and not used after (the
    // header's rules for pointer arguments).
    unsafe { free_handle(batch) }
}

/// The number of rows: the `count` given to `tariffs_quote_batch` or
/// `tariffs_quote_columns`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_len(batch: *const tariffs_batch) -> usize {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { read_or(batch, 0, |b| b.rows.len()) }
}

/// The number of rows that failed (whose status is not `TARIFFS_OK`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_error_count(batch: *const tariffs_batch) -> usize {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { read_or(batch, 0, |b| b.error_count) }
}

/// The number of rows that were quoted with a warning (see
/// `tariffs_batch_row_warning`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_warning_count(batch: *const tariffs_batch) -> usize {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { read_or(batch, 0, |b| b.warning_count) }
}

/// The warning of row `row` (from 0), when it was quoted with one: its
/// entry date is after the date the schedule's policy was reviewed through,
/// so duties announced since may be missing (the row's amounts are given
/// all the same). `tariffs_quote` gives that entry a quote with a warning
/// of kind `TARIFFS_WARNING_AFTER_REVIEWED_DATE`; the batch's text is
/// shorter (it does not repeat the row's date). On a strict schedule such
/// rows fail with `TARIFFS_NOT_COVERED` instead.
///
/// - NULL: returns NULL when the row has no warning (also when it failed),
///   when `batch` is NULL, or when `row` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_row_warning(
    batch: *const tariffs_batch,
    row: usize,
) -> *const c_char {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { lent_str(batch, |b| b.warning(row)) }
}

/// The status of row `row` (from 0): `TARIFFS_OK` when its entry was
/// quoted, else what `tariffs_quote` would have returned for it
/// (`TARIFFS_NULL_ARGUMENT` for a NULL element; for `tariffs_quote_columns`,
/// what the `tariffs_entry_set_*` call given the row's bad cell would have
/// returned).
///
/// A row's own failure does not change the thread's last error; its message
/// is `tariffs_batch_row_error_message`.
///
/// - NULL: returns `TARIFFS_NULL_ARGUMENT` when `batch` is NULL.
/// - Errors: returns `TARIFFS_INDEX_OUT_OF_RANGE` when
///   `row >= tariffs_batch_len(batch)`. These two (and only these) set the
///   thread's last error.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_row_status(
    batch: *const tariffs_batch,
    row: usize,
) -> tariffs_status {
    let mut status = tariffs_status::TARIFFS_OK;
    let call = guard(|| {
        // SAFETY: `batch` is NULL or a live batch (the header's rules for
        // pointer arguments).
        status = match unsafe { ref_arg(batch, "batch") }?.row(row)? {
            Row::Quoted(_) => tariffs_status::TARIFFS_OK,
            Row::Failed(e) => e.failure.status,
        };
        Ok(())
    });
    if call == tariffs_status::TARIFFS_OK {
        status
    } else {
        call
    }
}

/// The message of a failed row: one sentence saying what was wrong with
/// that entry, as `tariffs_last_error_message` would have said it after
/// `tariffs_quote`.
///
/// - NULL: returns NULL when the row was quoted, when `batch` is NULL, or
///   when `row` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_row_error_message(
    batch: *const tariffs_batch,
    row: usize,
) -> *const c_char {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { lent_str(batch, |b| Some(&b.row_error(row)?.message)) }
}

/// The field a failed row's error is about (`origin`, `hts`, `date`,
/// `quantities`, `entries` for a NULL element...).
///
/// - NULL: returns NULL when the error names no field, when the row was
///   quoted, when `batch` is NULL, or when `row` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_row_error_field(
    batch: *const tariffs_batch,
    row: usize,
) -> *const c_char {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { lent_str(batch, |b| b.row_error(row)?.field.as_ref()) }
}

/// Writes one decimal of a batch into the caller's buffer. `pick` checks its
/// own indices and reads the amount.
unsafe fn write_row_decimal(
    batch: *const tariffs_batch,
    pick: impl FnOnce(&tariffs_batch) -> Result<Decimal, Failure>,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out_len` is NULL or writable, `buf` NULL or valid for
        // `len` bytes, `batch` NULL or a live batch (the caller's contract).
        unsafe {
            // A failed call leaves the length 0 and an empty string, so that
            // stale text is never mistaken for a row's amount.
            if let Some(n) = out_len.as_mut() {
                *n = 0;
            }
            if !buf.is_null() && len > 0 {
                *buf = 0;
            }
            let d = pick(ref_arg(batch, "batch")?)?;
            write_buf(&d.to_string(), buf, len, out_len)
        }
    })
}

/// One of the per-row columns of the core's result, for a quoted row.
unsafe fn write_column(
    batch: *const tariffs_batch,
    row: usize,
    column: impl FnOnce(&BatchResult) -> &[Decimal],
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: as the caller's contract.
    unsafe {
        write_row_decimal(
            batch,
            |b| {
                let k = b.quoted(row)?;
                Ok(column(&b.result)[k])
            },
            buf,
            len,
            out_len,
        )
    }
}

/// Writes the duty of row `row` (base plus additional lines, in the
/// importer's currency) as a decimal string with two decimals, e.g.
/// `"365.00"`: the same text `tariffs_quote_duty` writes for that entry.
///
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` (field `row`) when
///   `row >= tariffs_batch_len(batch)`. For a row that failed, its own status,
///   with its message as the thread's last error; a failed row has no amounts.
///   On any failure other than `TARIFFS_BUFFER_TOO_SMALL`, `buf` (if `len > 0`)
///   holds an empty string and `*out_len` is 0.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_duty(
    batch: *const tariffs_batch,
    row: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_column(batch, row, |r| &r.duty, buf, len, out_len) }
}

/// Writes the fees of row `row` (the sum of its fee lines), as
/// `tariffs_quote_fees` does for that entry.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_fees(
    batch: *const tariffs_batch,
    row: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_column(batch, row, |r| &r.fees, buf, len, out_len) }
}

/// Writes the total of row `row` (duty plus fees), as `tariffs_quote_total`
/// does for that entry.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_total(
    batch: *const tariffs_batch,
    row: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_column(batch, row, |r| &r.total, buf, len, out_len) }
}

/// Writes the effective duty rate of row `row` (duty divided by customs
/// value, 6 places, half away from zero; `"0"` for a value of 0), as
/// `tariffs_quote_effective_rate` does for that entry.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_effective_rate(
    batch: *const tariffs_batch,
    row: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_column(batch, row, |r| &r.effective_rate, buf, len, out_len) }
}

/// Writes the customs value of row `row` in the importer's currency (value
/// times exchange rate, not rounded), as `tariffs_quote_customs_value` does
/// for that entry.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_customs_value(
    batch: *const tariffs_batch,
    row: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_column(batch, row, |r| &r.value, buf, len, out_len) }
}

/// The number of authority columns: every authority of the schedule that
/// can carry an amount (`mfn` for base duties, each measure's and each
/// fee's), the same for every row, sorted by name.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_authority_count(batch: *const tariffs_batch) -> usize {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { read_or(batch, 0, |b| b.authorities.len()) }
}

/// The name of authority column `index` (from 0), e.g. `ieepa_fentanyl`,
/// `mfn`, `mpf`: the authority of the quote lines whose amounts the column
/// adds up.
///
/// - NULL: returns NULL when `index >= tariffs_batch_authority_count(batch)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_authority_name(
    batch: *const tariffs_batch,
    index: usize,
) -> *const c_char {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe { lent_str(batch, |b| b.authorities.get(index)) }
}

/// Whether authority column `index` is a fee's (`mpf`, `hmf`): 1 for a fee
/// (its amounts count in the fees), 0 for a duty (they count in the duty).
///
/// - NULL: returns 0 when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_authority_is_fee(
    batch: *const tariffs_batch,
    index: usize,
) -> c_int {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe {
        read_or(batch, 0, |b| {
            b.result
                .fee_authority
                .get(index)
                .map_or(0, |&fee| c_int::from(fee))
        })
    }
}

/// Writes the amount of authority column `authority_index` on row `row`:
/// the sum of the row's quote lines of that authority, as a decimal string
/// (`"0"` when none of its lines applied to the row).
///
/// - Errors: as for `tariffs_batch_duty`, and `TARIFFS_INDEX_OUT_OF_RANGE`
///   (field `authority_index`) when
///   `authority_index >= tariffs_batch_authority_count(batch)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_amount(
    batch: *const tariffs_batch,
    row: usize,
    authority_index: usize,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `batch` is NULL or a live batch; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe {
        write_row_decimal(
            batch,
            |b| {
                let w = b.authorities.len();
                if authority_index >= w {
                    return Err(Failure::new(
                        tariffs_status::TARIFFS_INDEX_OUT_OF_RANGE,
                        format!(
                            "authority_index {authority_index} is out of range: the batch has {w} \
                             authorities"
                        ),
                    )
                    .field("authority_index"));
                }
                // The row comes after the column: a bad index is the caller's
                // mistake, reported before the row's own failure.
                let k = b.quoted(row)?;
                Ok(b.result.by_authority[k * w + authority_index])
            },
            buf,
            len,
            out_len,
        )
    }
}

/// Whether authority column `index` is an IEEPA one (`ieepa_fentanyl`,
/// `ieepa_reciprocal`...): 1 when its amounts are IEEPA duty, the duty a
/// refund of IEEPA duties returns, 0 otherwise. The IEEPA principal of a
/// quoted row is the sum of its amounts (`tariffs_batch_amount`) over the
/// columns where this is 1: the `ieepa_principal` that
/// `tariffs_refunds_arrow` reports for the same entry. The test is the
/// core's (`tariffs::refunds::is_ieepa`), not this library's.
///
/// - NULL: returns 0 when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn tariffs_batch_authority_is_ieepa(
    batch: *const tariffs_batch,
    index: usize,
) -> c_int {
    // SAFETY: `batch` is NULL or a live batch (the header's rules for pointer arguments).
    unsafe {
        read_or(batch, 0, |b| {
            b.result
                .authorities
                .get(index)
                .map_or(0, |a| c_int::from(tariffs::refunds::is_ieepa(a)))
        })
    }
}
