//! `tariffs_quote_arrow`: entries as an Arrow C stream in, results as an
//! Arrow C stream out.
//!
//! The import and the export are arrow-rs's own (`ffi_stream`); the rows
//! are quoted by the core's [`tariffs::arrow::ArrowQuoter`], batch by batch
//! as the stream gives them. No tariff logic and no Arrow layout code here:
//! argument checks, the stream's failures as statuses, and the ownership
//! rules of the C stream interface.

use crate::handle::ref_arg;
use crate::schedule::tariffs_schedule;
use crate::status::{guard, tariffs_status, Failure};
use arrow_array::ffi_stream::{ArrowArrayStreamReader, FFI_ArrowArrayStream};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use std::panic::{catch_unwind, AssertUnwindSafe};
use tariffs::arrow::ArrowOptions;

/// Which input stream a failure is about.
#[derive(Clone, Copy)]
pub(crate) enum StreamArg {
    /// The `in` stream of `tariffs_quote_arrow` and `tariffs_refunds_arrow`.
    In,
    /// The `filed` stream of `tariffs_refunds_arrow`.
    Filed,
}

impl StreamArg {
    /// The argument's name: the failure's field.
    fn name(self) -> &'static str {
        match self {
            StreamArg::In => "in",
            StreamArg::Filed => "filed",
        }
    }

    /// The stream in a sentence.
    fn what(self) -> &'static str {
        match self {
            StreamArg::In => "the input Arrow stream",
            StreamArg::Filed => "the filed Arrow stream",
        }
    }
}

/// A failure of an input stream: `TARIFFS_INVALID_INPUT`, field the
/// stream's argument name.
fn bad_stream(arg: StreamArg, message: impl Into<String>) -> Failure {
    Failure::new(tariffs_status::TARIFFS_INVALID_INPUT, message).field(arg.name())
}

/// An error arrow-rs reports while importing the stream, as a failure
/// quoting the stream's own message.
fn stream_error(arg: StreamArg, e: ArrowError) -> Failure {
    let what = match e {
        ArrowError::CDataInterface(m) => m,
        other => other.to_string(),
    };
    bad_stream(arg, format!("{} failed: {what}", arg.what()))
}

/// Takes the caller's stream (moving it out: `*p` is left released, as the
/// C stream interface moves a stream) and reads its schema.
///
/// Whatever fails, a stream that was live is released here, once.
///
/// # Safety
///
/// `p` is NULL or valid for reading and writing an `ArrowArrayStream`.
pub(crate) unsafe fn take_stream(
    p: *mut FFI_ArrowArrayStream,
    arg: StreamArg,
) -> Result<ArrowArrayStreamReader, Failure> {
    if p.is_null() {
        return Err(Failure::null(arg.name()));
    }
    // SAFETY: `p` is valid for reads and writes of a stream (the caller's
    // contract); `from_raw` moves it out and leaves a released one behind.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(p) };
    if stream.release.is_none() {
        return Err(bad_stream(
            arg,
            format!(
                "{} is released (its release callback is NULL): \
                 pass a live stream, not one already consumed",
                arg.what()
            ),
        ));
    }
    if stream.get_schema.is_none() || stream.get_next.is_none() {
        // Dropping `stream` releases it.
        return Err(bad_stream(
            arg,
            format!(
                "{} has a NULL get_schema or get_next callback: \
                 it is not a valid ArrowArrayStream",
                arg.what()
            ),
        ));
    }
    ArrowArrayStreamReader::try_new(stream).map_err(|e| stream_error(arg, e))
}

/// The next batch of the stream; `None` at its end.
///
/// arrow-rs panics on two kinds of bad stream (a failed `get_next` whose
/// `get_last_error` returns NULL, which the interface allows; an array whose
/// children do not match the schema): those panics are the stream's
/// failure, not the library's, and are reported as such.
fn next_batch(
    reader: &mut ArrowArrayStreamReader,
    arg: StreamArg,
) -> Result<Option<RecordBatch>, Failure> {
    match catch_unwind(AssertUnwindSafe(|| reader.next())) {
        Ok(None) => Ok(None),
        Ok(Some(Ok(batch))) => Ok(Some(batch)),
        Ok(Some(Err(e))) => Err(stream_error(arg, e)),
        Err(payload) => {
            // A payload whose destructor panics must not unwind out either.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            Err(bad_stream(
                arg,
                format!(
                    "{} failed without a message (get_next returned an \
                     error and get_last_error NULL), or gave an array that does not match \
                     its schema",
                    arg.what()
                ),
            ))
        }
    }
}

/// Checks every column of an imported batch (offsets in order, UTF-8,
/// dictionary keys in range): the import trusts the producer, the core
/// must not have to. (Buffer sizes cannot be checked: the C data interface
/// does not carry them; the import derives them from the lengths and
/// offsets.)
fn validate(batch: &RecordBatch, arg: StreamArg) -> Result<(), Failure> {
    let schema = batch.schema();
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        if let Err(e) = column.to_data().validate_full() {
            return Err(bad_stream(
                arg,
                format!(
                    "column {} of {} is malformed: {e}",
                    field.name(),
                    arg.what()
                ),
            ));
        }
    }
    Ok(())
}

/// The next batch of the stream, checked (see [`validate`]); `None` at its
/// end. The reading path of every Arrow C stream the library takes in.
pub(crate) fn next_valid_batch(
    reader: &mut ArrowArrayStreamReader,
    arg: StreamArg,
) -> Result<Option<RecordBatch>, Failure> {
    let batch = next_batch(reader, arg)?;
    if let Some(b) = &batch {
        validate(b, arg)?;
    }
    Ok(batch)
}

/// A stream of `batches` (each of `schema`), for the caller to own.
pub(crate) fn export_stream(batches: Vec<RecordBatch>, schema: SchemaRef) -> FFI_ArrowArrayStream {
    FFI_ArrowArrayStream::new(Box::new(RecordBatchIterator::new(
        batches.into_iter().map(Ok),
        schema,
    )))
}

/// Quotes every row of an Arrow C stream of entries with one schedule, on
/// all cores, and hands the results out as an Arrow C stream: the
/// counterpart of `tariffs_quote_columns` for data already held as Arrow
/// (a C or C++ Arrow library, nanoarrow, DuckDB's Arrow export), with no
/// string per cell.
///
/// `in` is a stream of record batches of entries, one row per entry, with
/// columns found by name (others are ignored):
///
/// | column | Arrow types | |
/// |---|---|---|
/// | `hts`, `origin` | utf8, large utf8, utf8 view, or a dictionary of them | required |
/// | `value` | decimal128, any integer, or text (a decimal string) | required |
/// | `date` | date32, date64, or text `YYYY-MM-DD` | required |
/// | `importer`, `mode`, `currency` | text | default US, ocean, the importer's |
/// | `exchange_rate` | as `value` | |
/// | `claims` | text `"USMCA,KORUS"` or a list of text | |
/// | `loaded_on` | as `date` | |
/// | `qty_<unit>` | as `value`: `qty_kg`, `qty_kg[copper content]` | |
///
/// `*out` receives a stream of the results, row for row in the order of
/// `in`: one batch of every row (no batch at all when `in` had no rows;
/// its schema is always there), with the columns `duty`, `fees`, `total`
/// (decimal128(38, 2)), `effective_rate` (decimal128(38, 6)), one
/// decimal128(38, 2) column per authority some row has (`mfn`,
/// `ieepa_fentanyl`, `mpf`...; `0.00` on a row without it), `error` (utf8),
/// `error_kind` and `warning` (dictionary(int8, utf8)). A row that fails
/// has null amounts and its error in `error` (`error_kind` the error's
/// kind, as `unknown_code`); a quoted row has a null `error`. Every number
/// is what `tariffs_quote` gives for that row's entry, and every row error
/// the message the setters or `tariffs_quote` give for its text. Amounts
/// are decimal128 values: 128-bit little-endian integers of cents
/// (`effective_rate`: of millionths).
///
/// ```c
/// struct ArrowArrayStream in, out;
/// make_entries(&in);                     // any producer of the C stream interface
/// tariffs_status st = tariffs_quote_arrow(schedule, &in, &out);
/// // in.release == NULL now, whatever st is
/// if (st == TARIFFS_OK) {
///     struct ArrowSchema schema;
///     struct ArrowArray batch;
///     out.get_schema(&out, &schema);     // find the columns by name
///     while (out.get_next(&out, &batch) == 0 && batch.release != NULL) {
///         // ... read, then batch.release(&batch);
///     }
///     schema.release(&schema);
///     out.release(&out);
/// }
/// ```
///
/// - Ownership: the call always consumes `in` when it is a live stream
///   (its `release` not NULL), on success and on every failure alike: it
///   moves the stream out, leaving `in->release` NULL, and releases it
///   before returning. Never release `in` after the call. `*out` is
///   written without being read (pass an uninitialised or released
///   struct: a live stream there would be leaked); on `TARIFFS_OK` it
///   holds a live stream the caller owns and releases with
///   `out->release(out)` (the schema and arrays taken from it are released
///   each on its own, before or after it); on failure it is a released
///   stream (`out->release == NULL`), nothing to release. The result
///   borrows neither the schedule nor `in`'s data.
/// - NULL: `schedule`, `in`, `out` NULL is `TARIFFS_NULL_ARGUMENT` (with
///   `in` not NULL, it is consumed all the same).
/// - Errors (the call's, not a row's): `TARIFFS_INVALID_INPUT`, field
///   `in`, for a released stream, a stream whose `get_schema` or
///   `get_next` fails (the message quotes the stream's
///   `get_last_error`), or an array that is malformed (offsets that
///   decrease, text that is not UTF-8, dictionary keys out of range) or
///   does not match the stream's schema;
///   `TARIFFS_INVALID_INPUT` naming the column for a missing required
///   column or a column of a type the table does not list (a float
///   `value`: money is never floating point). Everything about one row is
///   that row's `error`, not the call's status.
/// - Threads: any number of threads may quote with the same schedule at the
///   same time. `in`'s callbacks are called on the calling thread only,
///   during the call; the rows are quoted on the library's pool of worker
///   threads. `*out` may be read and released on any thread (one at a
///   time).
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `in` NULL or a valid
/// `ArrowArrayStream` (live or released) whose arrays hold the buffers
/// their schema says, each as long as its length, offset and offsets say
/// (the interface carries no buffer sizes: an offset past the end of its
/// data cannot be detected); `out` NULL or valid for writing an
/// `ArrowArrayStream`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_quote_arrow(
    schedule: *const tariffs_schedule,
    r#in: *mut FFI_ArrowArrayStream,
    out: *mut FFI_ArrowArrayStream,
) -> tariffs_status {
    guard(|| {
        // `in` first: a live stream is consumed whatever else fails.
        // SAFETY: `in` is NULL or a valid stream (the caller's contract).
        let reader = unsafe { take_stream(r#in, StreamArg::In) };
        if out.is_null() {
            return Err(Failure::null("out"));
        }
        // SAFETY: `out` is valid for writing a stream (the caller's
        // contract); `write` reads nothing there, so it may be
        // uninitialised.
        unsafe { out.write(FFI_ArrowArrayStream::empty()) };
        // SAFETY: `schedule` is NULL or a live schedule (the caller's
        // contract).
        let schedule = unsafe { ref_arg(schedule, "schedule") }?;
        let mut reader = reader?;
        let mut quoter = schedule.schedule().arrow_quoter(ArrowOptions::default());
        // The schema alone first: a missing or mistyped column fails the
        // call before any batch is read, also for a stream of no batches.
        quoter.push(&RecordBatch::new_empty(reader.schema()))?;
        while let Some(batch) = next_valid_batch(&mut reader, StreamArg::In)? {
            quoter.push(&batch)?;
        }
        // Release `in` before handing out the result.
        drop(reader);
        let result = quoter.finish()?;
        let schema = result.schema();
        let batches = if result.num_rows() == 0 {
            Vec::new()
        } else {
            vec![result]
        };
        let stream = export_stream(batches, schema);
        // SAFETY: `out` is valid for writing (the caller's contract); it
        // holds the released stream written above, which needs no drop.
        unsafe { out.write(stream) };
        Ok(())
    })
}
