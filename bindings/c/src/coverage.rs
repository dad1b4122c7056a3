//! What a schedule answers for: `tariffs_coverage` (the dates and revisions
//! of `Schedule::coverage`) and `tariffs_chapter99` (one Chapter 99 heading
//! of `Schedule::chapter99_report` / `Schedule::unmodelled_chapter99`).
//!
//! Both are borrowed from their schedule: converted on first use, kept in
//! the schedule handle (a `OnceLock`, so any number of threads may ask at
//! once) and freed with it.

use crate::handle::{lend_item, lent_str, out_const_arg, read_or, ref_arg};
use crate::schedule::tariffs_schedule;
use crate::status::{c_string, guard, tariffs_status};
use std::ffi::{c_char, CString};
use tariffs::{Chapter99Status, Coverage, Date};

/// What a schedule answers for (opaque, borrowed from its schedule).
///
/// Obtained from `tariffs_schedule_coverage`; valid until the schedule is
/// freed; never freed by itself. Its accessors may be called from any
/// thread, concurrently.
pub struct tariffs_coverage {
    name: CString,
    first_date: Option<CString>,
    hts_revision: CString,
    hts_published: Option<CString>,
    hts_effective: Option<CString>,
    base_revision: CString,
    reviewed_through: Option<CString>,
    chapter99_headings: usize,
    chapter99_modelled: usize,
}

/// A Chapter 99 heading of the newest HTS revision the schedule knows, and
/// the ids of the schedule's items that model it (opaque, borrowed from its
/// schedule).
///
/// Obtained from `tariffs_schedule_chapter99` or
/// `tariffs_schedule_unmodelled`; valid until the schedule is freed; never
/// freed by itself. Its accessors may be called from any thread.
pub struct tariffs_chapter99 {
    heading: CString,
    general: CString,
    description: CString,
    modelled_by: Vec<CString>,
}

fn date(d: Option<Date>) -> Option<CString> {
    d.map(|d| c_string(&d.to_string()))
}

impl tariffs_coverage {
    fn new(c: &Coverage) -> tariffs_coverage {
        tariffs_coverage {
            name: c_string(&c.name),
            first_date: date(c.first_date),
            hts_revision: c_string(&c.hts_revision),
            hts_published: date(c.hts_published),
            hts_effective: date(c.hts_effective),
            base_revision: c_string(&c.base_revision),
            reviewed_through: date(c.reviewed_through),
            chapter99_headings: c.chapter99_headings,
            chapter99_modelled: c.chapter99_modelled,
        }
    }
}

fn headings(list: Vec<Chapter99Status>) -> Vec<tariffs_chapter99> {
    list.into_iter()
        .map(|h| tariffs_chapter99 {
            heading: c_string(&h.heading),
            general: c_string(&h.general),
            description: c_string(&h.description),
            modelled_by: h.modelled_by.iter().map(|id| c_string(id)).collect(),
        })
        .collect()
}

fn report(s: &tariffs_schedule) -> &[tariffs_chapter99] {
    s.chapter99
        .get_or_init(|| headings(s.schedule().chapter99_report()))
}

fn unmodelled(s: &tariffs_schedule) -> &[tariffs_chapter99] {
    s.unmodelled
        .get_or_init(|| headings(s.schedule().unmodelled_chapter99()))
}

/// Gets what the schedule answers for: its name, first date, newest HTS
/// revision (published, effective), base-rate revision, the date its policy
/// was reviewed through, and how many Chapter 99 headings of that revision
/// it knows and models.
///
/// An entry dated before the first date fails with `TARIFFS_NOT_COVERED`;
/// one dated after the reviewed-through date is quoted with a warning
/// (`tariffs_quote_warning_count`), or fails with `TARIFFS_NOT_COVERED` on a
/// strict schedule (`tariffs_schedule_strict`).
///
/// - Ownership: `*out` receives a coverage borrowed from the schedule, valid
///   until `tariffs_schedule_free`.
/// - Threads: any thread, concurrently (the first call computes it).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_coverage(
    schedule: *const tariffs_schedule,
    out: *mut *const tariffs_coverage,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable, `schedule` NULL or a live
        // schedule (the header's rules for pointer arguments).
        let (out, s) = unsafe { (out_const_arg(out, "out")?, ref_arg(schedule, "schedule")?) };
        *out = s
            .coverage
            .get_or_init(|| tariffs_coverage::new(&s.schedule().coverage()));
        Ok(())
    })
}

/// The schedule's name (`builtin`, or the `version.name` of a JSON
/// schedule; empty when the file gives none).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_name(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| Some(&c.name)) }
}

/// The first entry date the schedule answers for (`YYYY-MM-DD`): the
/// schedule's own first date, or the start of its earliest base line.
///
/// - NULL: returns NULL when the schedule has no base lines and sets no first
///   date (then no date is refused as too early).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_first_date(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| c.first_date.as_ref()) }
}

/// The newest HTS revision the schedule reflects (`2026 rev 21`; after
/// `tariffs_schedule_with_hts_export`, the export's; empty when the schedule
/// does not say).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_hts_revision(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| Some(&c.hts_revision)) }
}

/// When that revision was published (`YYYY-MM-DD`).
///
/// - NULL: returns NULL when the date is not known.
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_hts_published(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| c.hts_published.as_ref()) }
}

/// When that revision took effect (`YYYY-MM-DD`; after
/// `tariffs_schedule_with_hts_export`, its effective date).
///
/// - NULL: returns NULL when the date is not known.
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_hts_effective(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| c.hts_effective.as_ref()) }
}

/// The newest revision whose base-rate lines are loaded (the HTS revision
/// unless the schedule says otherwise).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_base_revision(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| Some(&c.base_revision)) }
}

/// The date the schedule's policy was reviewed through (`YYYY-MM-DD`, the
/// date of the newest source modelled): quotes dated after it carry a
/// warning, and a strict schedule refuses them.
///
/// - NULL: returns NULL when the schedule gives no date (then no quote is
///   warned about).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_reviewed_through(
    coverage: *const tariffs_coverage,
) -> *const c_char {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(coverage, |c| c.reviewed_through.as_ref()) }
}

/// The number of Chapter 99 headings of the newest revision the schedule
/// knows (`tariffs_schedule_chapter99_count`); 0 when it knows none (a
/// schedule from a file, before `tariffs_schedule_with_hts_export`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_chapter99_headings(
    coverage: *const tariffs_coverage,
) -> usize {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { read_or(coverage, 0, |c| c.chapter99_headings) }
}

/// How many of those headings an item of the schedule models (names in its
/// `heading` or cites in its `source`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_coverage_get_chapter99_modelled(
    coverage: *const tariffs_coverage,
) -> usize {
    // SAFETY: `coverage` is NULL or the coverage of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { read_or(coverage, 0, |c| c.chapter99_modelled) }
}

/// The number of Chapter 99 headings of the newest HTS revision the
/// schedule knows, modelled or not (the builtin's: every 9903 heading of its
/// revision; after `tariffs_schedule_with_hts_export`: the export's; 0 for
/// a schedule from a file).
///
/// - Threads: any thread, concurrently (the first call computes the list).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_chapter99_count(
    schedule: *const tariffs_schedule,
) -> usize {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { read_or(schedule, 0, |s| report(s).len()) }
}

/// Gets Chapter 99 heading `index` (from 0, sorted by heading) of the
/// schedule's list, with the items that model it.
///
/// - Ownership: `*out` receives a heading borrowed from the schedule, valid
///   until `tariffs_schedule_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` (field `index`) when
///   `index >= tariffs_schedule_chapter99_count(schedule)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_chapter99(
    schedule: *const tariffs_schedule,
    index: usize,
    out: *mut *const tariffs_chapter99,
) -> tariffs_status {
    // SAFETY: `schedule` is NULL or a live schedule; `out` is NULL or writable (the header's rules
    // for pointer arguments).
    unsafe {
        lend_item(
            schedule,
            "schedule",
            index,
            out,
            "Chapter 99 heading",
            report,
            |h| h,
        )
    }
}

/// The number of Chapter 99 headings of that list that no item of the
/// schedule models: what the schedule does not cover (add them with an
/// overlay).
///
/// - Threads: any thread, concurrently (the first call computes the list).
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_unmodelled_count(
    schedule: *const tariffs_schedule,
) -> usize {
    // SAFETY: `schedule` is NULL or a live schedule (the header's rules for pointer arguments).
    unsafe { read_or(schedule, 0, |s| unmodelled(s).len()) }
}

/// Gets unmodelled Chapter 99 heading `index` (from 0, sorted by heading).
/// Its `tariffs_chapter99_get_modelled_by_count` is 0.
///
/// - Ownership: `*out` receives a heading borrowed from the schedule, valid
///   until `tariffs_schedule_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` (field `index`) when
///   `index >= tariffs_schedule_unmodelled_count(schedule)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_schedule_unmodelled(
    schedule: *const tariffs_schedule,
    index: usize,
    out: *mut *const tariffs_chapter99,
) -> tariffs_status {
    // SAFETY: `schedule` is NULL or a live schedule; `out` is NULL or writable (the header's rules
    // for pointer arguments).
    unsafe {
        lend_item(
            schedule,
            "schedule",
            index,
            out,
            "unmodelled heading",
            unmodelled,
            |h| h,
        )
    }
}

/// The heading (`9903.88.15`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_chapter99_get_heading(
    heading: *const tariffs_chapter99,
) -> *const c_char {
    // SAFETY: `heading` is NULL or a heading of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(heading, |h| Some(&h.heading)) }
}

/// Its general rate text as printed in the HTS (`The duty provided in the
/// applicable subheading + 25%`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_chapter99_get_general(
    heading: *const tariffs_chapter99,
) -> *const c_char {
    // SAFETY: `heading` is NULL or a heading of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(heading, |h| Some(&h.general)) }
}

/// Its legal text.
#[no_mangle]
pub unsafe extern "C" fn tariffs_chapter99_get_description(
    heading: *const tariffs_chapter99,
) -> *const c_char {
    // SAFETY: `heading` is NULL or a heading of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(heading, |h| Some(&h.description)) }
}

/// The number of the schedule's measures, exemptions and prohibitions that
/// name the heading in their `heading` or cite it in their `source`; 0 for
/// a heading the schedule does not model.
#[no_mangle]
pub unsafe extern "C" fn tariffs_chapter99_get_modelled_by_count(
    heading: *const tariffs_chapter99,
) -> usize {
    // SAFETY: `heading` is NULL or a heading of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { read_or(heading, 0, |h| h.modelled_by.len()) }
}

/// The id of item `index` (from 0, sorted) that models the heading.
///
/// - NULL: returns NULL when
///   `index >= tariffs_chapter99_get_modelled_by_count(heading)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_chapter99_get_modelled_by(
    heading: *const tariffs_chapter99,
    index: usize,
) -> *const c_char {
    // SAFETY: `heading` is NULL or a heading of a live schedule (the header's rules for pointer
    // arguments).
    unsafe { lent_str(heading, |h| h.modelled_by.get(index)) }
}
