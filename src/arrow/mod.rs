//! Arrow record batches in, Arrow record batches out (cargo feature `arrow`).
//!
//! [`Schedule::quote_record_batch`] quotes every row of an Arrow
//! [`RecordBatch`] of entries and returns a [`RecordBatch`] of results, row
//! for row, with the same numbers as [`Schedule::quote`] on each row. For
//! input that arrives in pieces (an Arrow stream, a table read in chunks,
//! progress to show between chunks), [`Schedule::arrow_quoter`] gives an
//! [`ArrowQuoter`]: [`ArrowQuoter::push`] each batch, then
//! [`ArrowQuoter::finish`] for one result batch of all their rows.
//!
//! The Arrow crates are re-exported ([`arrow_array`], [`arrow_schema`],
//! [`arrow_buffer`], [`arrow_data`]) so that callers build their batches
//! with the very version this crate reads.
//!
//! # Input columns (by name; other columns are ignored)
//!
//! | column | Arrow types | |
//! |---|---|---|
//! | `hts` | utf8, large utf8, utf8 view, or a dictionary of them | required |
//! | `origin` | as `hts` (ISO 3166-1 alpha-2) | required |
//! | `value` | decimal128, any integer, or text as `hts` (a decimal string) | required |
//! | `date` | date32, date64 (whole days), or text (`YYYY-MM-DD`) | required |
//! | `importer` | text | default `US` (or [`ArrowOptions::importer`]) |
//! | `mode` | text: ocean, air, truck, rail, postal, express | default ocean |
//! | `currency` | text | default the importer's |
//! | `exchange_rate` | as `value` | |
//! | `claims` | text (`"USMCA,KORUS"`) or a list of text | |
//! | `loaded_on` | as `date` | |
//! | `qty_<unit>` | as `value`, one column per quantity (`qty_kg`, `qty_kg[copper content]`) | |
//!
//! A null cell of an optional column means "not given"; a null cell of a
//! required column fails its row, naming the field. Float columns are
//! refused for the whole call (a float cannot hold money exactly), as is a
//! column of any type not listed, and a missing required column: these are
//! [`crate::Error::InvalidInput`] naming the column. Everything else that is wrong
//! with a row fails that row only, with the error [`crate::EntryText::parse`]
//! or [`Schedule::quote`] gives for it.
//!
//! # Result columns
//!
//! | column | Arrow type | |
//! |---|---|---|
//! | `duty`, `fees`, `total` | decimal128(38, 2) | null where the row failed |
//! | `effective_rate` | decimal128(38, 6) | duty ÷ value, null where the row failed |
//! | one column per authority (`mfn`, `section_301`, `mpf`, ...) | decimal128(38, 2) | only the authorities some row of the result has a line of, in the order of [`Schedule::authorities`]; `0.00` on a row without that authority, null where the row failed. A name equal to one of this table's other columns gets the prefix `authority_`. With [`Layout::AllAuthorities`], every authority of the schedule. With [`Layout::Lines`], none of these columns: see [`ArrowQuoter::finish_lines`]. |
//! | `error` | utf8 | the row's error message, null where it quoted |
//! | `error_kind` | dictionary(int8, utf8) | [`crate::ErrorKind::as_str`] of the row's error, null where it quoted |
//! | `warning` | dictionary(int8, utf8) | the coverage warning of a row quoted with one (see [`crate::coverage`]), else null |
//!
//! ```
//! use std::sync::Arc;
//! use tariffs::arrow::arrow_array::{Array, ArrayRef, Decimal128Array, RecordBatch, StringArray};
//! use tariffs::Schedule;
//! let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
//! let col = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
//! let batch = RecordBatch::try_from_iter([
//!     ("hts", col(&["6109.10.00", "6109.10.00", "6109.10.00"])),
//!     ("origin", col(&["VN", "CN", "XX"])),
//!     ("value", col(&["1000", "10000", "5"])),
//!     ("date", col(&["2025-03-10"; 3])),
//!     ("mode", col(&["air"; 3])),
//! ]).unwrap();
//! let out = s.quote_record_batch(&batch).unwrap();
//! let duty = out.column_by_name("duty").unwrap().as_any().downcast_ref::<Decimal128Array>().unwrap();
//! assert_eq!(duty.value_as_string(0), "165.00");   // 16.5% of 1000
//! assert!(duty.is_null(2));                        // XX is no country
//! let fentanyl = out.column_by_name("ieepa_fentanyl").unwrap();
//! let fentanyl = fentanyl.as_any().downcast_ref::<Decimal128Array>().unwrap();
//! assert_eq!(fentanyl.value_as_string(1), "2000.00"); // 20% of 10000
//! ```

pub use arrow_array;
pub use arrow_buffer;
pub use arrow_data;
pub use arrow_schema;

use crate::country::Country;
use crate::error::Result;
use crate::schedule::Schedule;
use arrow_array::RecordBatch;

mod read;
mod refunds;
mod run;
mod write;
pub use refunds::{is_filed_column, is_refund_column, RefundTables, FILED_COLUMNS, REFUND_COLUMNS};

/// The entry columns the core reads by name (see the table above), besides
/// the `qty_<unit>` columns.
pub const ENTRY_COLUMNS: [&str; 10] = [
    "hts",
    "origin",
    "value",
    "date",
    "importer",
    "mode",
    "currency",
    "exchange_rate",
    "claims",
    "loaded_on",
];

/// Whether the core reads a column of this name: one of [`ENTRY_COLUMNS`],
/// or `qty_` followed by a quantity's name. Other columns are ignored.
///
/// ```
/// assert!(tariffs::arrow::is_entry_column("qty_kg"));
/// assert!(!tariffs::arrow::is_entry_column("qty_"));
/// assert!(!tariffs::arrow::is_entry_column("sku"));
/// ```
pub fn is_entry_column(name: &str) -> bool {
    ENTRY_COLUMNS.contains(&name) || quantity_key(name).is_some()
}

/// The quantity name of a `qty_<unit>` column.
fn quantity_key(name: &str) -> Option<&str> {
    name.strip_prefix("qty_").filter(|k| !k.is_empty())
}

/// How authorities' amounts are laid out in the result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// One column per authority some row has (the default).
    #[default]
    Wide,
    /// One column per authority of the schedule ([`Schedule::authorities`]),
    /// whether a row has it or not: every batch of a stream then has the
    /// same columns, as a file writer or a Spark schema needs.
    AllAuthorities,
    /// No authority columns in [`ArrowQuoter::finish`]; the amounts per
    /// authority come from [`ArrowQuoter::finish_lines`] as a long table.
    Lines,
}

/// Options of [`Schedule::arrow_quoter`].
#[derive(Debug, Clone, Default)]
pub struct ArrowOptions {
    /// The importer of rows without an `importer` cell; default US.
    pub importer: Option<Country>,
    /// Wide (one column per authority) or lines.
    pub layout: Layout,
}

/// Quotes record batches pushed one after another, into one result.
///
/// ```
/// use std::sync::Arc;
/// use tariffs::arrow::arrow_array::{ArrayRef, RecordBatch, StringArray};
/// use tariffs::{arrow::ArrowOptions, Schedule};
/// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
/// let col = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
/// let mut q = s.arrow_quoter(ArrowOptions::default());
/// for origin in ["VN", "CN"] {
///     let b = RecordBatch::try_from_iter([("hts", col("6109.10.00")), ("origin", col(origin)),
///         ("value", col("1000")), ("date", col("2025-03-10"))]).unwrap();
///     q.push(&b).unwrap();
/// }
/// assert_eq!(q.rows(), 2);
/// assert_eq!(q.finish().unwrap().num_rows(), 2);
/// ```
pub struct ArrowQuoter<'s> {
    schedule: &'s Schedule,
    options: ArrowOptions,
    parts: Vec<run::Quoted>,
    rows: usize,
    /// One batch worker per thread, kept from push to push: their caches
    /// of quote structures stay warm over every batch of a stream.
    workers: Vec<crate::engine::Worker<'s>>,
}

impl Schedule {
    /// Quotes every row of `batch` (see the [module docs](crate::arrow) for
    /// its columns and the result's).
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] naming the column when a required
    /// column is missing, a column has a type the table above does not
    /// list (floats among them), two `qty_` columns name one quantity, or
    /// the result would not fit an Arrow array (over 2 GiB of error text).
    /// A bad row fails only itself, in the `error` column.
    pub fn quote_record_batch(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        let mut q = self.arrow_quoter(ArrowOptions::default());
        q.push(batch)?;
        q.finish()
    }

    /// A quoter of batches pushed one by one.
    pub fn arrow_quoter(&self, options: ArrowOptions) -> ArrowQuoter<'_> {
        ArrowQuoter {
            schedule: self,
            options,
            parts: Vec::new(),
            rows: 0,
            workers: Vec::new(),
        }
    }
}

impl ArrowQuoter<'_> {
    /// Quotes the rows of `batch` (on every core), kept until [`ArrowQuoter::finish`].
    ///
    /// # Errors
    ///
    /// As [`Schedule::quote_record_batch`]; the rows of a batch that fails
    /// are not added.
    pub fn push(&mut self, batch: &RecordBatch) -> Result<()> {
        let cols = read::Columns::new(batch, self.options.importer)?;
        let quoted = run::quote(self.schedule, &cols, &mut self.workers);
        self.rows += quoted.iter().map(run::Quoted::len).sum::<usize>();
        self.parts.extend(quoted);
        Ok(())
    }

    /// Rows pushed since the quoter was made or last [flushed](ArrowQuoter::flush).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The result of the rows pushed since the quoter was made or last
    /// flushed (as [`ArrowQuoter::finish`] gives it), which it then forgets;
    /// the quoter goes on with its caches warm. For a stream quoted and
    /// written batch by batch (with [`Layout::AllAuthorities`], every
    /// result has the same columns).
    ///
    /// # Errors
    ///
    /// As [`ArrowQuoter::finish`]; the rows are forgotten all the same.
    pub fn flush(&mut self) -> Result<RecordBatch> {
        let parts = std::mem::take(&mut self.parts);
        self.rows = 0;
        write::wide(self.schedule, &parts, self.options.layout)
    }

    /// The result of every row pushed, in order (see the module docs).
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidInput`] when a column would exceed Arrow's
    /// 2 GiB limit of a utf8 array (the `error` text of billions of rows).
    pub fn finish(self) -> Result<RecordBatch> {
        write::wide(self.schedule, &self.parts, self.options.layout)
    }

    /// The amounts by authority as a long table, one row per (input row,
    /// authority) with a nonzero amount or a line: `row` (uint64, the input
    /// row), `authority` (dictionary(int16, utf8)), `amount`
    /// (decimal128(38, 2)); failed rows have none.
    ///
    /// # Errors
    ///
    /// As [`ArrowQuoter::finish`].
    pub fn finish_lines(&self) -> Result<RecordBatch> {
        write::lines(self.schedule, &self.parts)
    }
}
