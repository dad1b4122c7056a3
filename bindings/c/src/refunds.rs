//! `tariffs_refunds_arrow`: a refund report (IEEPA principal and interest,
//! refund category, audit of filed duties, totals) over Arrow C streams.
//!
//! The options are C strings, parsed with the core's parsers; the streams
//! are read as `tariffs_quote_arrow` reads its input (`crate::arrow`); the
//! report is the core's [`tariffs::Schedule::refunds_record_batches`],
//! whose five tables are handed out as streams. No tariff logic here.

use crate::arrow::{export_stream, next_valid_batch, take_stream, StreamArg};
use crate::handle::ref_arg;
use crate::schedule::tariffs_schedule;
use crate::status::{guard, opt_str_arg, str_arg, tariffs_status, Failure};
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{RecordBatch, RecordBatchReader};
use std::ffi::c_char;
use std::sync::Arc;
use tariffs::refunds::{InterestTable, Payer, RefundOptions};
use tariffs::{parse_decimal, Country, Date};

/// The options of `tariffs_refunds_arrow`, as text: each a NUL-terminated
/// UTF-8 string, read during the call only (never retained). Only `as_of`
/// is required; a NULL member takes its default. Initialise the struct
/// whole (`tariffs_refund_options o = {0};`, then set the members wanted),
/// so that members left out are NULL.
///
/// Each member's errors are `TARIFFS_INVALID_INPUT` (or
/// `TARIFFS_INVALID_UTF8`) with the member's name as
/// `tariffs_last_error_field()`.
#[repr(C)]
pub struct tariffs_refund_options {
    /// The date the claim is made, `YYYY-MM-DD` (required): it decides
    /// each line's refund category (`unliquidated`,
    /// `liquidated_in_window`, `protest`, `finally_liquidated`,
    /// `postal_no_entry`, `none`)
    /// from its liquidation, and interest runs to it unless `interest_to`
    /// is given.
    pub as_of: *const c_char,
    /// Interest runs to this date, `YYYY-MM-DD`; NULL: `as_of`. It must lie
    /// within the interest table (the builtin one, or `interest_rates_json`).
    pub interest_to: *const c_char,
    /// Who is owed the refund, which decides the overpayment rate:
    /// `corporate` (NULL: the default) or `noncorporate`.
    pub payer: *const c_char,
    /// The audit reports differences above this amount, a decimal of 0 or
    /// more; NULL: `1.00`.
    pub tolerance: *const c_char,
    /// The quarterly overpayment rates, as JSON in the `tariffs-interest/1`
    /// format (the whole text); NULL: the builtin table
    /// (docs/refunds-sources.md).
    pub interest_rates_json: *const c_char,
    /// The importing country of rows without an `importer` column (an ISO
    /// 3166-1 alpha-2 code); NULL: `US`.
    pub importer: *const c_char,
}

/// The core's options and default importer from the C options.
///
/// # Safety
///
/// Each member of `o` is NULL or a NUL-terminated string.
unsafe fn parse_options(
    o: &tariffs_refund_options,
) -> Result<(RefundOptions, Option<Country>), Failure> {
    if o.as_of.is_null() {
        return Err(Failure::new(
            tariffs_status::TARIFFS_NULL_ARGUMENT,
            "options.as_of is NULL: give the date the claim is made, as YYYY-MM-DD \
             (it decides each line's refund category)",
        )
        .field("as_of"));
    }
    // SAFETY: each member is NULL or a NUL-terminated string (the caller's
    // contract), read during the call only.
    let (as_of, interest_to, payer, tolerance, json, importer) = unsafe {
        (
            str_arg(o.as_of, "as_of")?,
            opt_str_arg(o.interest_to, "interest_to")?,
            opt_str_arg(o.payer, "payer")?,
            opt_str_arg(o.tolerance, "tolerance")?,
            opt_str_arg(o.interest_rates_json, "interest_rates_json")?,
            opt_str_arg(o.importer, "importer")?,
        )
    };
    let mut options = RefundOptions::new(Date::parse_field("as_of", as_of)?);
    if let Some(d) = interest_to {
        options.interest_to = Some(Date::parse_field("interest_to", d)?);
    }
    if let Some(p) = payer {
        options.payer = Payer::parse(p)?;
    }
    if let Some(t) = tolerance {
        options.tolerance = parse_decimal("tolerance", t)?;
    }
    if let Some(j) = json {
        // The table's own errors name its fields (`from`, `format`...); the
        // caller's field is the member.
        let table = InterestTable::from_json(j).map_err(|e| {
            let f = Failure::from(e);
            Failure::new(f.status, format!("interest_rates_json: {}", f.message()))
                .field("interest_rates_json")
        })?;
        options.interest = Some(Arc::new(table));
    }
    let importer = importer
        .map(|c| Country::parse_field("importer", c))
        .transpose()?;
    Ok((options, importer))
}

/// Every batch of a stream, each checked as `tariffs_quote_arrow` checks
/// its input.
fn read_all(
    reader: &mut ArrowArrayStreamReader,
    arg: StreamArg,
) -> Result<Vec<RecordBatch>, Failure> {
    let mut batches = Vec::new();
    while let Some(batch) = next_valid_batch(reader, arg)? {
        batches.push(batch);
    }
    Ok(batches)
}

/// A refund report of the entry lines of an Arrow C stream, as five Arrow
/// C streams: the IEEPA duty each line paid and its interest, the Section
/// 122 duty apart, each line's refund category, the audit of the amounts
/// filed, and totals. The C counterpart of the core's
/// `Schedule::refunds_record_batches` (the README's "Refunds and audit"
/// and docs/refunds-sources.md give the rules and their sources).
///
/// `in` is a stream of record batches of entry lines, one row per line:
/// the columns of `tariffs_quote_arrow` (`hts`, `origin`, `value`, `date`
/// required; `importer`, `mode`, `claims`, `qty_<unit>`...) and, all
/// optional, `entry_number`, `line_number` (text or integers),
/// `importer_of_record` (text), `deposit_date`, `liquidation_date` (as
/// `date`; the deposit date defaults to the entry date),
/// `liquidation_status` (`unliquidated`, `liquidated`, `final`), and
/// `filed_<key>` columns of amounts filed (as `value`: `filed_mfn`,
/// `filed_ieepa_fentanyl`, `filed_9903.01.24`) for the audit.
///
/// `filed` (may be NULL: none) is a stream of the long filed table, one
/// row per amount filed, as on Form 7501's line detail: `entry_number`,
/// `line_number`, `key` (or `heading`: an authority, a heading or an HTS
/// code) and `amount`. Each of its lines must be a line of `in` (matched
/// by entry and line number).
///
/// Each of the five out-pointers may be NULL (that table is not wanted);
/// each one given receives a stream of exactly one batch (also when the
/// table has no rows) holding the whole table:
///
/// - `out_lines`: one row per row of `in`, in order: `row` (uint64, from
///   0), `entry_number`, `line_number`, `importer_of_record`,
///   `entry_date`, `deposit_date` (date32), `month`, `category`,
///   `category_message`, `cape` (boolean: refunded through CAPE now),
///   then decimal128(38, 2) amounts `value`, `duty`,
///   `fees`, `ieepa_principal`, `ieepa_interest`, `ieepa_refund`,
///   `section_122_principal`, `section_122_interest`, `other_duty`, one
///   column per IEEPA authority (`ieepa_fentanyl`, `ieepa_reciprocal`...),
///   `section_122_note`, `findings` (uint32), `lines` (the quote's lines as
///   text), `error`, `error_kind`. A row that fails has null amounts and
///   its error.
/// - `out_duties`: one row per quote line of every quoted row: `row`,
///   `entry_number`, `line_number`, `authority`, `heading`, `kind`,
///   `rate`, `base`, `amount`, `refund_group` (`ieepa`, `section_122` or
///   empty), `reason`.
/// - `out_audit`: one row per difference found between an amount filed
///   and the one computed: `row`, `entry_number`, `line_number`, `key`,
///   `kind`, `filed`, `computed`, `difference`, `explanation`.
/// - `out_totals`: sums per importer of record, category and month of
///   entry: `importer_of_record`, `category`, `cape` (boolean), `month`, `lines`,
///   `failed_lines` (uint64), then amounts `failed_value`, `value`, `duty`,
///   `ieepa_principal`, `ieepa_interest`, `ieepa_refund`,
///   `section_122_principal`, `section_122_interest`,
///   `section_122_refund`, one column per IEEPA authority, and
///   `lines_with_findings` (uint64).
/// - `out_errors`: one row per row of `in` that failed: `row`,
///   `entry_number`, `line_number`, `field`, `error`, `error_kind`.
///
/// Amounts are decimal128(38, 2) values: 128-bit little-endian integers of
/// cents; text columns are utf8. A row of `in` that cannot be quoted (an
/// unknown code, a bad cell) or whose refund fields are bad fails only
/// itself: it is in `out_errors`, and in `out_lines` with its error.
///
/// - Options: `options` must not be NULL, nor `options->as_of` (see
///   `tariffs_refund_options` for the other members and their defaults).
/// - Ownership: the call always consumes `in` and `filed` when they are
///   live streams, on success and on every failure alike, as
///   `tariffs_quote_arrow` consumes `in`: never release them after the
///   call. Each out-pointer given is written without being read; on
///   `TARIFFS_OK` it holds a live stream the caller owns and releases with
///   `out->release(out)`; on failure it is a released stream
///   (`release == NULL`). The results borrow neither the schedule nor the
///   inputs' data. The options are read during the call only.
/// - NULL: `schedule`, `options`, `options->as_of`, `in` NULL is
///   `TARIFFS_NULL_ARGUMENT` (field `schedule`, `options`, `as_of`, `in`);
///   the streams given are consumed all the same.
/// - Errors (the call's, not a row's): those of `tariffs_quote_arrow` for
///   each stream (field `in` or `filed`: a released stream, a stream that
///   fails, a malformed array) and for the columns (field the column);
///   `TARIFFS_INVALID_INPUT` (or `TARIFFS_INVALID_UTF8`) naming the option
///   (`as_of`, `interest_to`, `payer`, `tolerance`, `interest_rates_json`,
///   `importer`) for a bad option, an `interest_to` (or `as_of`) outside
///   the interest table, a negative tolerance; field `filed` for a bad
///   row of the filed table or one that matches no line of `in`.
///   Columns and options are checked before any batch is read.
/// - Threads: as `tariffs_quote_arrow`: any number of threads may report
///   with the same schedule at once; the streams' callbacks are called on
///   the calling thread only, during the call; the lines are quoted on the
///   library's worker threads.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `options` NULL or valid for
/// reading a `tariffs_refund_options` whose members are each NULL or a
/// NUL-terminated string; `in` and `filed` as `in` of
/// `tariffs_quote_arrow`; each out-pointer NULL or valid for writing an
/// `ArrowArrayStream`, none the same as another or as `in` or `filed`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn tariffs_refunds_arrow(
    schedule: *const tariffs_schedule,
    options: *const tariffs_refund_options,
    r#in: *mut FFI_ArrowArrayStream,
    filed: *mut FFI_ArrowArrayStream,
    out_lines: *mut FFI_ArrowArrayStream,
    out_duties: *mut FFI_ArrowArrayStream,
    out_audit: *mut FFI_ArrowArrayStream,
    out_totals: *mut FFI_ArrowArrayStream,
    out_errors: *mut FFI_ArrowArrayStream,
) -> tariffs_status {
    guard(|| {
        // The streams first: live ones are consumed whatever else fails.
        // SAFETY: `in` and `filed` are NULL or valid streams (the caller's
        // contract).
        let reader = unsafe { take_stream(r#in, StreamArg::In) };
        let filed_reader = if filed.is_null() {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { take_stream(filed, StreamArg::Filed) })
        };
        let outs = [out_lines, out_duties, out_audit, out_totals, out_errors];
        for &out in &outs {
            if !out.is_null() {
                // SAFETY: `out` is valid for writing a stream (the
                // caller's contract); `write` reads nothing there.
                unsafe { out.write(FFI_ArrowArrayStream::empty()) };
            }
        }
        // SAFETY: `schedule` is NULL or a live schedule, `options` NULL or
        // a valid options struct (the caller's contract).
        let schedule = unsafe { ref_arg(schedule, "schedule") }?.schedule();
        // SAFETY: as above.
        let options = unsafe { ref_arg(options, "options") }?;
        // SAFETY: each member is NULL or a NUL-terminated string (the
        // caller's contract).
        let (options, importer) = unsafe { parse_options(options) }?;
        let mut reader = reader?;
        let mut filed_reader = filed_reader.transpose()?;
        // The schemas alone first: a missing or mistyped column, or a bad
        // option, fails the call before any batch is read (and also for a
        // stream of no batches).
        let empty = [RecordBatch::new_empty(reader.schema())];
        let empty_filed = filed_reader
            .as_ref()
            .map(|r| [RecordBatch::new_empty(r.schema())]);
        schedule.refunds_record_batches(
            &empty,
            empty_filed.as_ref().map(|b| &b[..]),
            &options,
            importer,
        )?;
        let batches = read_all(&mut reader, StreamArg::In)?;
        let filed_batches = match filed_reader.as_mut() {
            Some(r) => Some(read_all(r, StreamArg::Filed)?),
            None => None,
        };
        // Release the input streams before the work (the batches read
        // from them are released with `batches` and `filed_batches`).
        drop(reader);
        drop(filed_reader);
        let tables = schedule.refunds_record_batches(
            &batches,
            filed_batches.as_deref(),
            &options,
            importer,
        )?;
        drop(batches);
        drop(filed_batches);
        let results = [
            tables.lines,
            tables.duties,
            tables.audit,
            tables.totals,
            tables.errors,
        ];
        for (out, table) in outs.into_iter().zip(results) {
            if !out.is_null() {
                let schema = table.schema();
                // SAFETY: `out` is valid for writing (the caller's
                // contract); it holds the released stream written above,
                // which needs no drop.
                unsafe { out.write(export_stream(vec![table], schema)) };
            }
        }
        Ok(())
    })
}
