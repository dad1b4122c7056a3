//! `tariffs_schedule`: loading a schedule and reading what it reflects.

use crate::coverage::{tariffs_chapter99, tariffs_coverage};
use crate::handle::{check_count, free_handle, lent_str, new_handle, read_or, ref_arg};
use crate::status::{c_string, str_arg, tariffs_status, utf8, Failure};
use std::ffi::{c_char, c_int, CString};
use std::sync::OnceLock;
use tariffs::{Date, Schedule};

/// A loaded, validated tariff schedule (opaque).
///
/// Immutable once created: any number of threads may use one schedule at the
/// same time (quote with it, read its version and coverage) without locking.
/// Free it once, with `tariffs_schedule_free`, after every thread is done
/// with it. Quotes made from it do not borrow it and may outlive it.
pub struct tariffs_schedule {
    schedule: Schedule,
    name: CString,
    hts_revision: CString,
    policy_date: Option<CString>,
    notes: CString,
    /// `Schedule::coverage`, converted on first use.
    pub(crate) coverage: OnceLock<tariffs_coverage>,
    /// `Schedule::chapter99_report`, converted on first use.
    pub(crate) chapter99: OnceLock<Vec<tariffs_chapter99>>,
    /// `Schedule::unmodelled_chapter99`, converted on first use.
    pub(crate) unmodelled: OnceLock<Vec<tariffs_chapter99>>,
}

impl tariffs_schedule {
    fn new(schedule: Schedule) -> tariffs_schedule {
        let v = schedule.version();
        tariffs_schedule {
            name: c_string(&v.name),
            hts_revision: c_string(&v.hts_revision),
            policy_date: v.policy_date.map(|d| c_string(&d.to_string())),
            notes: c_string(&v.notes),
            schedule,
            coverage: OnceLock::new(),
            chapter99: OnceLock::new(),
            unmodelled: OnceLock::new(),
        }
    }

    pub(crate) fn schedule(&self) -> &Schedule {
        &self.schedule
    }
}

/// The body of every function that makes a schedule handle.
///
/// # Safety
///
/// `out` is NULL or valid for writing a pointer.
unsafe fn new_schedule(
    out: *mut *mut tariffs_schedule,
    make: impl FnOnce() -> Result<Schedule, Failure>,
) -> tariffs_status {
    // SAFETY: as the caller's contract.
    unsafe { new_handle(out, || Ok(tariffs_schedule::new(make()?))) }
}

/// Gets the schedule embedded in the library (the default US schedule).
///
/// The embedded data is parsed and validated on the first call in the
/// process and cached; later calls are cheap.
///
/// - Errors: `TARIFFS_SCHEDULE_ERROR` if the embedded data fails validation.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_builtin(
    out: *mut *mut tariffs_schedule,
) -> tariffs_status {
    // SAFETY: `out` is NULL or writable (the header's rules for pointer arguments).
    unsafe { new_schedule(out, || Ok(Schedule::try_builtin()?)) }
}

/// Parses, validates and compiles a schedule from JSON text in the
/// `tariffs-schedule/1` format (see docs/schedule-format.md).
///
/// `json` is `len` bytes of UTF-8; it need not be NUL-terminated, and is
/// not retained after the call.
///
/// - Errors: `TARIFFS_INVALID_UTF8`; `TARIFFS_SCHEDULE_ERROR` for malformed
///   JSON or data that fails validation (the message names the item and field).
///
/// # Safety
///
/// `json` must be NULL or point to `len` readable bytes; `out` must be NULL
/// or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_from_json(
    json: *const c_char,
    len: usize,
    out: *mut *mut tariffs_schedule,
) -> tariffs_status {
    let make = || {
        if json.is_null() {
            return Err(Failure::null("json"));
        }
        check_count::<u8>(len, "len", "buffer")?;
        // SAFETY: `json` is not NULL, so it points to `len` readable bytes
        // (the caller's contract), and `len` is at most `isize::MAX`.
        let bytes = unsafe { std::slice::from_raw_parts(json.cast::<u8>(), len) };
        Ok(Schedule::from_json(utf8(bytes, "json")?)?)
    };
    // SAFETY: `out` is NULL or writable (the caller's contract).
    unsafe { new_schedule(out, make) }
}

/// Reads, validates and compiles a schedule file (JSON, `tariffs-schedule/1`).
///
/// - Errors: `TARIFFS_INVALID_UTF8` (the path must be UTF-8),
///   `TARIFFS_IO_ERROR`, `TARIFFS_SCHEDULE_ERROR` (the message names the file).
///
/// # Safety
///
/// `path` must be NULL or a NUL-terminated string; `out` must be NULL or
/// valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_from_file(
    path: *const c_char,
    out: *mut *mut tariffs_schedule,
) -> tariffs_status {
    // SAFETY: `path` is NULL or a NUL-terminated string; `out` is NULL or writable (the header's
    // rules for pointer arguments).
    unsafe { new_schedule(out, || Ok(Schedule::from_path(str_arg(path, "path")?)?)) }
}

/// This schedule, strict or not, as a new handle: a strict schedule refuses
/// an entry dated after the date its policy was reviewed through
/// (`tariffs_coverage_get_reviewed_through`) with `TARIFFS_NOT_COVERED`
/// instead of quoting it with a warning (`tariffs_quote_warning_count`). In
/// a batch only such rows fail. Cheap: the new handle shares the compiled
/// schedule.
///
/// - Ownership: `schedule` is unchanged, and may be freed before or after the
///   new handle.
/// - `strict`: non-zero for strict, 0 for not strict (the default of every
///   loaded schedule).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_strict(
    schedule: *const tariffs_schedule,
    strict: c_int,
    out: *mut *mut tariffs_schedule,
) -> tariffs_status {
    // SAFETY: `schedule` is NULL or a live schedule; `out` is NULL or writable (the header's rules
    // for pointer arguments).
    unsafe {
        new_schedule(out, || {
            Ok(ref_arg(schedule, "schedule")?.schedule.strict(strict != 0))
        })
    }
}

/// Whether the schedule is strict (see `tariffs_schedule_strict`): 1 for
/// strict, 0 for not strict.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_is_strict(schedule: *const tariffs_schedule) -> c_int {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { read_or(schedule, 0, |s| c_int::from(s.schedule.is_strict())) }
}

/// This schedule with a newer USITC HTS export (the JSON file the USITC
/// publishes for each revision, plain or gzip) as its US base rates from
/// `effective_date` on, as a new handle.
///
/// Base lines in force on `effective_date` end the day before (or go on
/// when the export prints the same rates); codes the export does not print
/// have no base line from that date. The export's Chapter 99 headings become
/// the list `tariffs_schedule_chapter99` and `tariffs_schedule_unmodelled`
/// compare the schedule's measures against; the coverage names the export
/// (`hts_2026_rev_22.json` is revision `2026 rev 22`, another file name is
/// used as it is). Measures, exemptions, fees, strictness and the
/// reviewed-through date are unchanged.
///
/// - Ownership: `schedule` is unchanged. The file is read during the call only.
/// - Errors: `TARIFFS_INVALID_UTF8` (field `path` or `effective_date`);
///   `TARIFFS_INVALID_INPUT` (field `effective_date`) for a date that is not
///   `YYYY-MM-DD`; `TARIFFS_IO_ERROR` for a file that cannot be read;
///   `TARIFFS_SCHEDULE_ERROR` for a file that is not an export, or a
///   schedule without US base rates (the message names the file).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_with_hts_export(
    schedule: *const tariffs_schedule,
    path: *const c_char,
    effective_date: *const c_char,
    out: *mut *mut tariffs_schedule,
) -> tariffs_status {
    // SAFETY: `schedule` is NULL or a live schedule; `path` is NULL or a NUL-terminated string;
    // `effective_date` is NULL or a NUL-terminated string; `out` is NULL or writable (the header's
    // rules for pointer arguments).
    unsafe {
        new_schedule(out, || {
            let s = ref_arg(schedule, "schedule")?;
            let path = str_arg(path, "path")?;
            let date =
                Date::parse_field("effective_date", str_arg(effective_date, "effective_date")?)?;
            Ok(s.schedule.with_hts_export(path, date)?)
        })
    }
}

/// Frees a schedule.
///
/// - Ownership: takes back a handle from `tariffs_schedule_builtin`,
///   `tariffs_schedule_from_json`, `tariffs_schedule_from_file`,
///   `tariffs_schedule_strict` or `tariffs_schedule_with_hts_export`.
///   Strings and items borrowed from it (the version accessors, its
///   coverage, its Chapter 99 headings) become invalid; quotes made with it
///   stay valid.
/// - Threads: call it once, when no other thread uses the schedule.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_free(schedule: *mut tariffs_schedule) {
    // SAFETY: `schedule` is NULL or a handle of this library not freed before, and not used after
    // (the header's rules for pointer arguments).
    unsafe { free_handle(schedule) }
}

/// The schedule's version name (e.g. `builtin`, or the `version.name` of a
/// JSON schedule; empty when the file gives none).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_version_name(
    schedule: *const tariffs_schedule,
) -> *const c_char {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { lent_str(schedule, |s| Some(&s.name)) }
}

/// The newest HTS revision the schedule's base rates come from (empty when
/// the schedule does not say).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_version_hts_revision(
    schedule: *const tariffs_schedule,
) -> *const c_char {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { lent_str(schedule, |s| Some(&s.hts_revision)) }
}

/// The date (`YYYY-MM-DD`) up to which the schedule's policy measures were
/// reviewed.
///
/// - NULL: returns NULL when the schedule gives no date.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_version_policy_date(
    schedule: *const tariffs_schedule,
) -> *const c_char {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { lent_str(schedule, |s| s.policy_date.as_ref()) }
}

/// Free-text notes about what the schedule reflects (may be empty).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_version_notes(
    schedule: *const tariffs_schedule,
) -> *const c_char {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { lent_str(schedule, |s| Some(&s.notes)) }
}
