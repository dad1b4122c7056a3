//! `tariffs_quote`: computing a quote and reading its lines, exclusions and
//! totals.

use crate::entry::tariffs_entry;
use crate::handle::{free_handle, lend_item, lent_str, new_handle, out_arg, read_or, ref_arg};
use crate::schedule::tariffs_schedule;
use crate::status::{c_string, guard, owned_c_string, tariffs_status, write_buf};
use std::ffi::{c_char, CString};
use tariffs::{Decimal, ExcludedKind, LineKind, Quote, WarningKind};

/// What a quote line is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum tariffs_line_kind {
    /// Returned for a NULL line.
    TARIFFS_LINE_UNKNOWN = 0,
    /// The ordinary duty of the tariff line (column 1, column 2 or a
    /// preference program).
    TARIFFS_LINE_BASE = 1,
    /// An additional duty (Chapter 99: Section 232, 301, IEEPA...).
    TARIFFS_LINE_ADDITIONAL = 2,
    /// An exemption that applied (amount 0; what it removed is listed among
    /// the excluded items).
    TARIFFS_LINE_EXEMPTION = 3,
    /// A fee (merchandise processing fee, harbor maintenance fee).
    TARIFFS_LINE_FEE = 4,
}

/// What an excluded (considered but not applied) item is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum tariffs_excluded_kind {
    /// Returned for a NULL item.
    TARIFFS_EXCLUDED_UNKNOWN = 0,
    /// An additional-duty measure.
    TARIFFS_EXCLUDED_MEASURE = 1,
    /// The base line (removed by an exemption).
    TARIFFS_EXCLUDED_BASE = 2,
    /// An exemption that did not apply.
    TARIFFS_EXCLUDED_EXEMPTION = 3,
    /// A fee.
    TARIFFS_EXCLUDED_FEE = 4,
}

/// What a warning on a quote is about.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum tariffs_warning_kind {
    /// Returned for a NULL quote or an index out of range.
    TARIFFS_WARNING_UNKNOWN = 0,
    /// The entry date is after the date the schedule's policy was reviewed
    /// through (`tariffs_coverage_get_reviewed_through`): duties announced
    /// since may be missing. A strict schedule refuses such an entry with
    /// `TARIFFS_NOT_COVERED` instead.
    TARIFFS_WARNING_AFTER_REVIEWED_DATE = 1,
}

/// One applied line of a quote (opaque, borrowed from its quote).
///
/// Obtained from `tariffs_quote_line`; valid until the quote is freed; never
/// freed by itself.
pub struct tariffs_line {
    kind: tariffs_line_kind,
    authority: CString,
    heading: Option<CString>,
    id: Option<CString>,
    rate: CString,
    legal_text: Option<CString>,
    base: CString,
    amount: CString,
    reason: CString,
    source: CString,
}

/// A measure, exemption or fee that matched the goods but did not apply, and
/// why (opaque, borrowed from its quote).
///
/// Obtained from `tariffs_quote_excluded`; valid until the quote is freed;
/// never freed by itself.
pub struct tariffs_excluded {
    kind: tariffs_excluded_kind,
    id: CString,
    authority: CString,
    heading: Option<CString>,
    reason: CString,
}

/// The explained duty on one entry (opaque).
///
/// In C this type is `struct tariffs_quote` (as POSIX has `struct stat` and
/// `stat()`, the tag keeps it apart from the function `tariffs_quote`); the
/// header declares it by hand (see `cbindgen.toml`).
/// A quote is owned by the caller and belongs to one thread at a time: hand
/// it to another thread only with the usual synchronisation. It does not
/// borrow the schedule or the entry it was made from.
pub struct QuoteHandle {
    quote: Quote,
    lines: Vec<tariffs_line>,
    excluded: Vec<tariffs_excluded>,
    notes: Vec<CString>,
    warnings: Vec<(tariffs_warning_kind, CString)>,
    currency: CString,
}

fn opt(s: Option<&str>) -> Option<CString> {
    s.map(c_string)
}

impl QuoteHandle {
    fn new(quote: Quote) -> QuoteHandle {
        let lines = quote
            .lines
            .iter()
            .map(|l| tariffs_line {
                kind: match l.kind {
                    LineKind::Base => tariffs_line_kind::TARIFFS_LINE_BASE,
                    LineKind::Additional => tariffs_line_kind::TARIFFS_LINE_ADDITIONAL,
                    LineKind::Exemption => tariffs_line_kind::TARIFFS_LINE_EXEMPTION,
                    LineKind::Fee => tariffs_line_kind::TARIFFS_LINE_FEE,
                },
                authority: c_string(&l.authority),
                heading: opt(l.heading.as_deref()),
                id: opt(l.id.as_deref()),
                rate: c_string(&l.rate),
                legal_text: opt(l.legal_text.as_deref()),
                base: c_string(&l.base.to_string()),
                amount: c_string(&l.amount.to_string()),
                reason: c_string(&l.reason),
                source: c_string(&l.source),
            })
            .collect();
        let excluded = quote
            .excluded
            .iter()
            .map(|x| tariffs_excluded {
                kind: match x.kind {
                    ExcludedKind::Measure => tariffs_excluded_kind::TARIFFS_EXCLUDED_MEASURE,
                    ExcludedKind::Base => tariffs_excluded_kind::TARIFFS_EXCLUDED_BASE,
                    ExcludedKind::Exemption => tariffs_excluded_kind::TARIFFS_EXCLUDED_EXEMPTION,
                    ExcludedKind::Fee => tariffs_excluded_kind::TARIFFS_EXCLUDED_FEE,
                },
                id: c_string(&x.id),
                authority: c_string(&x.authority),
                heading: opt(x.heading.as_deref()),
                reason: c_string(&x.reason),
            })
            .collect();
        let notes = quote.notes.iter().map(|n| c_string(n)).collect();
        let warnings = quote
            .warnings
            .iter()
            .map(|w| {
                let kind = match w.kind {
                    WarningKind::AfterReviewedDate => {
                        tariffs_warning_kind::TARIFFS_WARNING_AFTER_REVIEWED_DATE
                    }
                    // A kind newer than this layer (the enum is non-exhaustive).
                    _ => tariffs_warning_kind::TARIFFS_WARNING_UNKNOWN,
                };
                (kind, c_string(&w.message))
            })
            .collect();
        let currency = c_string(quote.currency.as_str());
        QuoteHandle {
            quote,
            lines,
            excluded,
            notes,
            warnings,
            currency,
        }
    }
}

/// Computes the explained duty on `entry` under `schedule`.
///
/// The entry is converted and checked first (as `tariffs_entry_validate`
/// does); then the schedule's rules apply. Every amount is exact decimal,
/// each line rounded to the cent, half away from zero.
///
/// - Ownership: the quote does not borrow `schedule` or `entry`.
/// - Errors: `TARIFFS_INVALID_INPUT` (an unset or inconsistent entry field),
///   `TARIFFS_UNKNOWN_IMPORTER`, `TARIFFS_UNKNOWN_CODE`,
///   `TARIFFS_MISSING_QUANTITY`, `TARIFFS_MISSING_EXCHANGE_RATE`,
///   `TARIFFS_INVALID_RATE`, `TARIFFS_MISSING_RATE`, `TARIFFS_OVERFLOW`;
///   `TARIFFS_PROHIBITED` when an import ban of the schedule matches the
///   entry; `TARIFFS_NOT_COVERED` for an entry date before the schedule's
///   first date, or (strict schedule only) after the date its policy was
///   reviewed through.
/// - Warnings: an entry dated after the reviewed-through date is quoted
///   (`TARIFFS_OK`) with a warning: see `tariffs_quote_warning_count`.
/// - Threads: any number of threads may quote with the same schedule at the
///   same time; each uses its own entry (or shares one that no thread
///   modifies meanwhile).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote(
    schedule: *const tariffs_schedule,
    entry: *const tariffs_entry,
    out: *mut *mut QuoteHandle,
) -> tariffs_status {
    // SAFETY: `schedule` is NULL or a live schedule; `entry` is NULL or a live entry; `out` is NULL
    // or writable (the header's rules for pointer arguments).
    unsafe {
        new_handle(out, || {
            let schedule = ref_arg(schedule, "schedule")?;
            let entry = ref_arg(entry, "entry")?.to_entry()?;
            Ok(QuoteHandle::new(schedule.schedule().quote(&entry)?))
        })
    }
}

/// Frees a quote.
///
/// - Ownership: takes back a quote from `tariffs_quote`. Every line,
///   excluded item and string borrowed from it becomes invalid; strings
///   obtained with `tariffs_quote_to_json`/`tariffs_quote_explain` stay valid.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_free(quote: *mut QuoteHandle) {
    // SAFETY: `quote` is NULL or a handle of this library not freed before, and not used after (the
    // header's rules for pointer arguments).
    unsafe { free_handle(quote) }
}

unsafe fn write_decimal(
    quote: *const QuoteHandle,
    pick: impl FnOnce(&Quote) -> Decimal,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `quote` is NULL or a live quote; `buf` NULL or valid for
        // `len` bytes; `out_len` NULL or writable (the caller's contract).
        unsafe {
            let q = ref_arg(quote, "quote")?;
            write_buf(&pick(&q.quote).to_string(), buf, len, out_len)
        }
    })
}

/// Writes the duty (base plus additional lines, in the importer's currency)
/// as a decimal string with two decimals, e.g. `"365.00"`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_duty(
    quote: *const QuoteHandle,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_decimal(quote, |q| q.duty, buf, len, out_len) }
}

/// Writes the fees (the sum of fee lines) as a decimal string, e.g. `"32.71"`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_fees(
    quote: *const QuoteHandle,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_decimal(quote, |q| q.fees, buf, len, out_len) }
}

/// Writes the total (duty plus fees) as a decimal string, e.g. `"397.71"`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_total(
    quote: *const QuoteHandle,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_decimal(quote, |q| q.total, buf, len, out_len) }
}

/// Writes the effective duty rate, duty divided by customs value, as a
/// decimal fraction rounded to 6 places half away from zero (`"0.365"` is
/// 36.5%; `"0"` when the customs value is 0).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_effective_rate(
    quote: *const QuoteHandle,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_decimal(quote, |q| q.effective_rate, buf, len, out_len) }
}

/// Writes the customs value converted to the importer's currency (value
/// times exchange rate, not rounded).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_customs_value(
    quote: *const QuoteHandle,
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `buf` is NULL or valid for writing `len` bytes;
    // `out_len` is NULL or writable (the header's rules for pointer arguments).
    unsafe { write_decimal(quote, |q| q.customs_value, buf, len, out_len) }
}

/// The importer's currency (ISO 4217, e.g. `USD`), in which every amount of
/// the quote is stated.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_currency(quote: *const QuoteHandle) -> *const c_char {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(quote, |q| Some(&q.currency)) }
}

/// The number of applied lines (base, additional, exemption and fee lines,
/// in that order).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_line_count(quote: *const QuoteHandle) -> usize {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe { read_or(quote, 0, |q| q.lines.len()) }
}

/// Gets line `index` (from 0) of the quote.
///
/// - Ownership: `*out` receives a line borrowed from the quote, valid until
///   `tariffs_quote_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` when `index >= tariffs_quote_line_count(quote)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_line(
    quote: *const QuoteHandle,
    index: usize,
    out: *mut *const tariffs_line,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `out` is NULL or writable (the header's rules for
    // pointer arguments).
    unsafe { lend_item(quote, "quote", index, out, "line", |q| &q.lines, |l| l) }
}

/// The kind of the line; `TARIFFS_LINE_UNKNOWN` when `line` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_kind(line: *const tariffs_line) -> tariffs_line_kind {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { read_or(line, tariffs_line_kind::TARIFFS_LINE_UNKNOWN, |l| l.kind) }
}

/// The legal authority of the line (`mfn`, `section_301`,
/// `ieepa_fentanyl`, `mpf`...).
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_authority(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.authority)) }
}

/// The HTS heading or provision of the line (`6109.10.00`, `9903.01.24`,
/// `19 CFR 24.23`).
///
/// - NULL: returns NULL when the line has no heading.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_heading(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| l.heading.as_ref()) }
}

/// The id of the measure, exemption or fee in the schedule.
///
/// - NULL: returns NULL for base lines (no id).
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_id(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| l.id.as_ref()) }
}

/// The rate in short form: the column's rate of a base line (`16.5%`,
/// `$1.035/kg + 17%`), what a measure adds (`+20%`, `+25% on the steel
/// content`), an all-in floor's level (`15% all-in`), an exemption's
/// condition (`exempt`, or its value threshold), a fee's terms (`0.3464% (min 32.71,
/// max 634.62 USD)`, `2.62 USD flat`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_rate(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.rate)) }
}

/// The rate as the legal text writes it: the HTS column's text of a base
/// line (the same as `tariffs_line_get_rate`), the Chapter 99 heading's
/// rate of a measure (`The duty provided in the applicable subheading +
/// 20%`).
///
/// - NULL: returns NULL for an all-in floor, an exemption or a fee (no
///   legal rate text), and when `line` is NULL.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_legal_text(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| l.legal_text.as_ref()) }
}

/// The amount the rate applied to (the customs value in the importer's
/// currency), as a decimal string.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_base(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.base)) }
}

/// The line's amount as a decimal string with two decimals (`"165.00"`),
/// rounded to the cent, half away from zero; never negative.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_amount(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.amount)) }
}

/// Why the line applies, in words.
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_reason(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.reason)) }
}

/// The legal source of the line (Federal Register document, proclamation,
/// HTS revision).
#[no_mangle]
pub unsafe extern "C" fn tariffs_line_get_source(line: *const tariffs_line) -> *const c_char {
    // SAFETY: `line` is NULL or a line of a live quote (the header's rules for pointer arguments).
    unsafe { lent_str(line, |l| Some(&l.source)) }
}

/// The number of excluded items: measures, exemptions and fees that matched
/// the goods and origin on the date but did not apply.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_excluded_count(quote: *const QuoteHandle) -> usize {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe { read_or(quote, 0, |q| q.excluded.len()) }
}

/// Gets excluded item `index` (from 0) of the quote.
///
/// - Ownership: `*out` receives an item borrowed from the quote, valid until
///   `tariffs_quote_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` when
///   `index >= tariffs_quote_excluded_count(quote)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_excluded(
    quote: *const QuoteHandle,
    index: usize,
    out: *mut *const tariffs_excluded,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `out` is NULL or writable (the header's rules for
    // pointer arguments).
    unsafe {
        lend_item(
            quote,
            "quote",
            index,
            out,
            "excluded item",
            |q| &q.excluded,
            |x| x,
        )
    }
}

/// The kind of the excluded item; `TARIFFS_EXCLUDED_UNKNOWN` when `item`
/// is NULL.
#[no_mangle]
pub unsafe extern "C" fn tariffs_excluded_get_kind(
    item: *const tariffs_excluded,
) -> tariffs_excluded_kind {
    // SAFETY: `item` is NULL or an excluded item of a live quote (the header's rules for pointer
    // arguments).
    unsafe {
        read_or(item, tariffs_excluded_kind::TARIFFS_EXCLUDED_UNKNOWN, |x| {
            x.kind
        })
    }
}

/// The id of the excluded measure, exemption or fee in the schedule.
#[no_mangle]
pub unsafe extern "C" fn tariffs_excluded_get_id(item: *const tariffs_excluded) -> *const c_char {
    // SAFETY: `item` is NULL or an excluded item of a live quote (the header's rules for pointer
    // arguments).
    unsafe { lent_str(item, |x| Some(&x.id)) }
}

/// The authority of the excluded item.
#[no_mangle]
pub unsafe extern "C" fn tariffs_excluded_get_authority(
    item: *const tariffs_excluded,
) -> *const c_char {
    // SAFETY: `item` is NULL or an excluded item of a live quote (the header's rules for pointer
    // arguments).
    unsafe { lent_str(item, |x| Some(&x.authority)) }
}

/// The heading of the excluded item.
///
/// - NULL: returns NULL when the item has no heading.
#[no_mangle]
pub unsafe extern "C" fn tariffs_excluded_get_heading(
    item: *const tariffs_excluded,
) -> *const c_char {
    // SAFETY: `item` is NULL or an excluded item of a live quote (the header's rules for pointer
    // arguments).
    unsafe { lent_str(item, |x| x.heading.as_ref()) }
}

/// Why the item did not apply, in words.
#[no_mangle]
pub unsafe extern "C" fn tariffs_excluded_get_reason(
    item: *const tariffs_excluded,
) -> *const c_char {
    // SAFETY: `item` is NULL or an excluded item of a live quote (the header's rules for pointer
    // arguments).
    unsafe { lent_str(item, |x| Some(&x.reason)) }
}

/// The number of notes: remarks about the quote as a whole (e.g. that the
/// schedule holds additional duties only).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_note_count(quote: *const QuoteHandle) -> usize {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe { read_or(quote, 0, |q| q.notes.len()) }
}

/// Gets note `index` (from 0) of the quote.
///
/// - Ownership: `*out` receives a string borrowed from the quote, valid until
///   `tariffs_quote_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_note(
    quote: *const QuoteHandle,
    index: usize,
    out: *mut *const c_char,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `out` is NULL or writable (the header's rules for
    // pointer arguments).
    unsafe {
        lend_item(
            quote,
            "quote",
            index,
            out,
            "note",
            |q| &q.notes,
            |n| n.as_ptr(),
        )
    }
}

/// The number of warnings: the quote is given, but may be incomplete (e.g.
/// the entry date is after the date the schedule's policy was reviewed
/// through, so duties announced since may be missing). 0 for most quotes.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_warning_count(quote: *const QuoteHandle) -> usize {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe { read_or(quote, 0, |q| q.warnings.len()) }
}

/// Gets the message of warning `index` (from 0) of the quote: one sentence
/// saying what may be missing and what to do.
///
/// - Ownership: `*out` receives a string borrowed from the quote, valid until
///   `tariffs_quote_free`.
/// - Errors: `TARIFFS_INDEX_OUT_OF_RANGE` (field `index`) when
///   `index >= tariffs_quote_warning_count(quote)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_warning(
    quote: *const QuoteHandle,
    index: usize,
    out: *mut *const c_char,
) -> tariffs_status {
    // SAFETY: `quote` is NULL or a live quote; `out` is NULL or writable (the header's rules for
    // pointer arguments).
    unsafe {
        lend_item(
            quote,
            "quote",
            index,
            out,
            "warning",
            |q| &q.warnings,
            |w| w.1.as_ptr(),
        )
    }
}

/// The kind of warning `index` (from 0) of the quote;
/// `TARIFFS_WARNING_UNKNOWN` when `quote` is NULL or
/// `index >= tariffs_quote_warning_count(quote)`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_warning_kind(
    quote: *const QuoteHandle,
    index: usize,
) -> tariffs_warning_kind {
    // SAFETY: `quote` is NULL or a live quote (the header's rules for pointer arguments).
    unsafe {
        read_or(quote, tariffs_warning_kind::TARIFFS_WARNING_UNKNOWN, |q| {
            q.warnings
                .get(index)
                .map_or(tariffs_warning_kind::TARIFFS_WARNING_UNKNOWN, |w| w.0)
        })
    }
}

/// The whole quote as one JSON object (decimals as strings): importer,
/// origin, code, entry_date, mode, currency, customs_value, lines, excluded,
/// duty, fees, total, effective_rate, notes, warnings (each with `kind`,
/// e.g. `after_reviewed_date`, and `message`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_to_json(
    quote: *const QuoteHandle,
    out: *mut *mut c_char,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable, `quote` NULL or a live quote
        // (the header's rules for pointer arguments).
        let (out, quote) = unsafe { (out_arg(out, "out")?, ref_arg(quote, "quote")?) };
        *out = owned_c_string(&quote.quote.to_json());
        Ok(())
    })
}

/// The quote as a human-readable table: one row per line (kind, authority,
/// heading, amount, rate, reason), the excluded items, the notes, the
/// warnings and the totals.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_explain(
    quote: *const QuoteHandle,
    out: *mut *mut c_char,
) -> tariffs_status {
    guard(|| {
        // SAFETY: `out` is NULL or writable, `quote` NULL or a live quote
        // (the header's rules for pointer arguments).
        let (out, quote) = unsafe { (out_arg(out, "out")?, ref_arg(quote, "quote")?) };
        *out = owned_c_string(&quote.quote.to_string());
        Ok(())
    })
}
