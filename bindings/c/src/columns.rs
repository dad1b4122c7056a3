//! `tariffs_quote_columns`: entries given as columns of text (one array of
//! strings per field), quoted on all cores into a `tariffs_batch`.
//!
//! Each cell is parsed with the parser its `tariffs_entry_set_*` setter
//! uses, rows in parallel; a row with a NULL required cell, non-UTF-8 text
//! or a bad cell fails alone with the setter's status, message and field.
//! The rows that parse go to [`tariffs::Schedule::quote_columns`] as
//! columns (no entry per row), and its result is mapped back to the
//! caller's rows; rows whose quantities name many distinct units or bases
//! go to [`tariffs::Schedule::quote_batch`] as entries instead, so that
//! memory stays in proportion to the input (a quantity column is as long
//! as the batch). No tariff logic here: parsing and mapping only.

use crate::batch::{tariffs_batch, Row, RowError};
use crate::handle::{check_count, new_handle, ref_arg};
use crate::schedule::tariffs_schedule;
use crate::status::{opt_str_arg, str_arg, tariffs_status, utf8, Failure};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::{c_char, CStr};
use tariffs::entry::parse_claim;
use tariffs::{
    parse_decimal, BatchResult, Country, Date, Decimal, Entry, EntryColumns, HtsCode, Mode,
    Quantities, Schedule, Unit,
};

/// One column of C strings, or none (an optional column given as NULL).
///
/// The caller guarantees (see `tariffs_quote_columns`) that every pointer
/// stays valid and unmodified during the call, so the column may be read
/// from the worker threads.
#[derive(Clone, Copy)]
struct Column<'a>(Option<&'a [*const c_char]>);

// SAFETY: the column is only read, and the caller keeps the array and the
// strings it points to alive and unmodified for the whole call.
unsafe impl Sync for Column<'_> {}

impl<'a> Column<'a> {
    /// A column of `count` cells; a NULL array is an error when `required`
    /// (and `count > 0`), no column otherwise.
    ///
    /// # Safety
    ///
    /// `p` is NULL or an array of `count` pointers, each NULL or a
    /// NUL-terminated string, all of which outlive `'a` unmodified: the
    /// cell readers below rely on it.
    unsafe fn new(
        p: *const *const c_char,
        count: usize,
        name: &str,
        required: bool,
    ) -> Result<Column<'a>, Failure> {
        if count == 0 {
            Ok(Column(Some(&[])))
        } else if p.is_null() {
            if required {
                Err(Failure::null(name))
            } else {
                Ok(Column(None))
            }
        } else {
            // SAFETY: `p` is an array of `count` pointers that outlives `'a`
            // (the caller's contract).
            Ok(Column(Some(unsafe {
                std::slice::from_raw_parts(p, count)
            })))
        }
    }

    /// Whether the column was given.
    fn given(&self) -> bool {
        self.0.is_some()
    }

    /// The cell of row `i`; NULL when the column was not given.
    fn cell(&self, i: usize) -> *const c_char {
        self.0.map_or(std::ptr::null(), |c| c[i])
    }

    /// The text of a required cell, as `str_arg` reads it.
    fn text(&self, i: usize, name: &str) -> Result<&'a str, Failure> {
        // SAFETY: every cell is NULL or a NUL-terminated string outliving
        // `'a` (the contract of `Column::new`).
        unsafe { str_arg(self.cell(i), name) }
    }

    /// The text of an optional cell, as `opt_str_arg` reads it.
    fn opt_text(&self, i: usize, name: &str) -> Result<Option<&'a str>, Failure> {
        // SAFETY: as for `text`.
        unsafe { opt_str_arg(self.cell(i), name) }
    }

    /// A list cell as UTF-8 (the whole cell is checked, naming the column);
    /// `None` for a NULL cell or one of only spaces (no items). An empty
    /// item between two commas is an item, and fails its parser as the
    /// setter given `""` would.
    fn list(&self, i: usize, name: &str) -> Result<Option<&'a str>, Failure> {
        let p = self.cell(i);
        if p.is_null() {
            return Ok(None);
        }
        // SAFETY: `p` is not NULL, so it is a NUL-terminated string
        // outliving `'a` (the contract of `Column::new`).
        let cell = utf8(unsafe { CStr::from_ptr(p) }.to_bytes(), name)?;
        Ok(Some(cell).filter(|c| !c.trim().is_empty()))
    }
}

/// The caller's text columns.
struct TextColumns<'a> {
    hts: Column<'a>,
    origin: Column<'a>,
    value: Column<'a>,
    date: Column<'a>,
    mode: Column<'a>,
    quantities: Column<'a>,
    claims: Column<'a>,
}

/// One row, parsed.
struct Parsed {
    code: HtsCode,
    origin: Country,
    value: Decimal,
    date: Date,
    mode: Mode,
    quantities: Quantities,
    claims: Vec<String>,
}

/// The items of a `quantities` cell: the text between commas, except commas
/// inside `[...]` (a basis such as `kg[copper, refined]`).
fn quantity_items(cell: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    cell.split(move |c| match c {
        '[' => {
            depth += 1;
            false
        }
        ']' => {
            depth = depth.saturating_sub(1);
            false
        }
        ',' => depth == 0,
        _ => false,
    })
}

impl TextColumns<'_> {
    /// Parses row `i`, cell by cell in argument order; the first bad cell is
    /// the row's failure, exactly as the matching setter reports it.
    fn parse(&self, i: usize) -> Result<Parsed, Failure> {
        let code = HtsCode::parse_field("hts", self.hts.text(i, "hts")?)?;
        let origin = Country::parse_field("origin", self.origin.text(i, "origin")?)?;
        let value = parse_decimal("value", self.value.text(i, "value")?)?;
        let date = Date::parse_field("date", self.date.text(i, "date")?)?;
        let mode = match self.mode.opt_text(i, "mode")? {
            Some(m) => Mode::parse_field("mode", m)?,
            None => Mode::Ocean,
        };
        let mut quantities = Quantities::new();
        if let Some(cell) = self.quantities.list(i, "quantities")? {
            for item in quantity_items(cell) {
                quantities.set_str(item)?;
            }
        }
        let mut claims = Vec::new();
        if let Some(cell) = self.claims.list(i, "claims")? {
            for item in cell.split(',') {
                claims.push(parse_claim("claims", item)?);
            }
        }
        Ok(Parsed {
            code,
            origin,
            value,
            date,
            mode,
            quantities,
            claims,
        })
    }
}

/// Whether `distinct` quantity columns of `rows` cells each are few or
/// dense enough for the columnar call: at most 16 of them, or no more cells
/// than four per quantity item given. Either way the cells are bounded by a
/// constant times the input (rows, or items), never rows x distinct units:
/// 24,000 rows each with its own basis would otherwise be 576 million
/// cells. Otherwise the rows are quoted as entries.
fn use_columns(distinct: usize, rows: usize, items: usize) -> bool {
    /// Quantity columns always taken, however sparse.
    const MAX_SPARSE_QUANTITY_COLUMNS: usize = 16;
    distinct <= MAX_SPARSE_QUANTITY_COLUMNS
        || distinct
            .checked_mul(rows)
            .is_some_and(|cells| cells <= items.saturating_mul(4))
}

/// The parsed rows as the core's input, and where each of the caller's
/// rows went.
struct Owned {
    rows: Vec<Row>,
    input: Input,
}

/// The rows that parsed, as the core takes them.
enum Input {
    /// Columns (no entry per row), with one quantity column per distinct
    /// unit and basis, in order of first sight.
    Columns {
        codes: Vec<HtsCode>,
        origins: Vec<Country>,
        values: Vec<Decimal>,
        dates: Vec<Date>,
        modes: Option<Vec<Mode>>,
        claims: Option<Vec<Vec<String>>>,
        quantities: Vec<(Unit, Option<String>, Vec<Option<Decimal>>)>,
    },
    /// One entry per row: memory in proportion to the quantities given,
    /// for rows whose quantities use many distinct units or bases. The core
    /// quotes both the same way (`Schedule::quote_batch` and
    /// `Schedule::quote_columns` give the same numbers).
    Entries(Vec<Entry>),
}

impl Owned {
    fn new(parsed: Vec<Result<Parsed, Failure>>, cols: &TextColumns, importer: Country) -> Owned {
        let n = parsed.len();
        let mut rows = Vec::with_capacity(n);
        let mut ok = Vec::with_capacity(n);
        for p in parsed {
            match p {
                Ok(p) => {
                    rows.push(Row::Quoted(ok.len()));
                    ok.push(p);
                }
                Err(f) => rows.push(Row::Failed(RowError::new(f))),
            }
        }
        // The distinct quantity units (and bases), each with its index.
        let mut index: HashMap<(Unit, Option<String>), usize> = HashMap::new();
        let mut items = 0usize;
        for p in &ok {
            for q in p.quantities.iter() {
                items += 1;
                let next = index.len();
                index.entry((q.unit, q.basis.clone())).or_insert(next);
            }
        }
        if !use_columns(index.len(), ok.len(), items) {
            let entries = ok
                .into_iter()
                .map(|p| {
                    let mut e =
                        Entry::new(importer, p.origin, p.code, p.value, p.date).with_mode(p.mode);
                    e.quantities = p.quantities;
                    e.claims = p.claims;
                    e
                })
                .collect();
            return Owned {
                rows,
                input: Input::Entries(entries),
            };
        }
        let quoted = ok.len();
        // One column per distinct unit and basis, in order of first sight.
        let mut quantities: Vec<(Unit, Option<String>, Vec<Option<Decimal>>)> = Vec::new();
        quantities.resize_with(index.len(), || (Unit::Kg, None, Vec::new()));
        for ((unit, basis), &j) in &index {
            quantities[j] = (*unit, basis.clone(), vec![None; quoted]);
        }
        let mut codes = Vec::with_capacity(quoted);
        let mut origins = Vec::with_capacity(quoted);
        let mut values = Vec::with_capacity(quoted);
        let mut dates = Vec::with_capacity(quoted);
        let mut modes = cols.mode.given().then(|| Vec::with_capacity(quoted));
        let mut claims = cols.claims.given().then(|| Vec::with_capacity(quoted));
        for (k, p) in ok.into_iter().enumerate() {
            for q in p.quantities.iter() {
                if let Some(&j) = index.get(&(q.unit, q.basis.clone())) {
                    quantities[j].2[k] = Some(q.amount);
                }
            }
            codes.push(p.code);
            origins.push(p.origin);
            values.push(p.value);
            dates.push(p.date);
            if let Some(m) = &mut modes {
                m.push(p.mode);
            }
            if let Some(c) = &mut claims {
                c.push(p.claims);
            }
        }
        Owned {
            rows,
            input: Input::Columns {
                codes,
                origins,
                values,
                dates,
                modes,
                claims,
                quantities,
            },
        }
    }

    /// Quotes the rows that parsed.
    fn quote(&self, schedule: &Schedule, importer: Country) -> tariffs::Result<BatchResult> {
        match &self.input {
            Input::Entries(entries) => Ok(schedule.quote_batch(entries)),
            Input::Columns {
                codes,
                origins,
                values,
                dates,
                modes,
                claims,
                quantities,
            } => {
                let mut c = EntryColumns::new(importer, codes, origins, values, dates);
                if let Some(m) = modes {
                    c = c.with_modes(m);
                }
                if let Some(cl) = claims {
                    c = c.with_claims(cl);
                }
                for (unit, basis, amounts) in quantities {
                    c = c.with_quantity(*unit, basis.as_deref(), amounts);
                }
                schedule.quote_columns(&c)
            }
        }
    }
}

/// Quotes `count` entries given as columns of text with one schedule, on all
/// cores, and returns one row per entry in the same order: the columnar
/// counterpart of `tariffs_quote_batch` for data already held as strings,
/// with no `tariffs_entry` per row.
///
/// Row `i` is the entry `hts[i]`, `origin[i]`, `value[i]`, `date[i]`,
/// `mode[i]`, `quantities[i]`, `claims[i]`, imported into `importer`. The
/// cells take the text the setters take:
///
/// - `hts`, `origin`, `value`, `date` (required): as for
///   `tariffs_entry_set_hts`, `_set_origin`, `_set_value`, `_set_date`.
/// - `mode`: as for `tariffs_entry_set_mode`; a NULL array or a NULL
///   element means `ocean`.
/// - `quantities`: a comma-separated list of `UNIT=AMOUNT` or
///   `UNIT[BASIS]=AMOUNT` items (`"kg=12.5,no=3"`, `"kg[copper content]=2"`;
///   a comma inside the brackets belongs to the basis), each as
///   `tariffs_entry_add_quantity(entry, UNIT, AMOUNT)`; a unit given twice
///   (in any spelling: `kg`, `KG`) fails the row, as that call would. A NULL array, a NULL element or an element of
///   only spaces means none.
/// - `claims`: a comma-separated list of claims (`"USMCA,TESTCLAIM"`), each
///   as `tariffs_entry_add_claim`. A NULL array, a NULL element or an
///   element of only spaces means none.
///
/// Currencies, exchange rates and loading dates are not columns of this
/// call: every value is in the importer's currency, and there is no loading
/// date. Use `tariffs_quote_batch` for entries that need them.
///
/// Each row fails or succeeds alone, with exactly what the setters and
/// `tariffs_quote` would give for its text: its cells are checked in the
/// order of the arguments (`hts`, `origin`, `value`, `date`, `mode`,
/// `quantities`, `claims`), and the first bad cell is the row's status,
/// message and field, as the setter given that text reports it (a NULL
/// required cell is `TARIFFS_NULL_ARGUMENT`, text that is not UTF-8
/// `TARIFFS_INVALID_UTF8`, a malformed cell `TARIFFS_INVALID_INPUT`; a bad
/// `quantities` or `claims` item fails as that item's setter call, and a
/// `quantities` item without `=` or a list cell that is not UTF-8 names the
/// field `quantities` or `claims`). A row whose cells parse has exactly the
/// duty, fees, total, effective rate, customs value, per-authority amounts
/// or failure (`TARIFFS_UNKNOWN_CODE`, `TARIFFS_MISSING_QUANTITY`, a
/// negative value...) that `tariffs_quote` and `tariffs_quote_batch` give
/// for that entry. Read the rows with the `tariffs_batch_*` accessors.
///
/// The call blocks until every row is done; parsing and quoting are spread
/// over the library's pool of worker threads (one per core). Its memory is
/// in proportion to the input, however many distinct quantity units and
/// bases the rows name (rows with many are quoted one entry each, with the
/// same results).
///
/// ```c
/// const char *hts[]    = {"6109.10.00.12", "0406.10.10", "6109.10.00.12"};
/// const char *origin[] = {"CN", "VN", "XX"};           // XX: row 2 fails alone
/// const char *value[]  = {"1000", "500", "10"};
/// const char *date[]   = {"2025-04-01", "2025-04-01", "2025-04-01"};
/// const char *mode[]   = {"express", NULL, NULL};      // NULL: ocean
/// const char *qty[]    = {NULL, "kg=10", ""};
/// tariffs_batch *batch = NULL;
/// tariffs_status st = tariffs_quote_columns(schedule, 3, NULL, hts, origin, value, date,
///                                           mode, qty, NULL, &batch);
/// // st == TARIFFS_OK; tariffs_batch_row_status(batch, 2) == TARIFFS_INVALID_INPUT
/// tariffs_batch_free(batch);
/// ```
///
/// - Ownership: the arrays and strings are read during the call only: the batch
///   does not borrow them or the schedule.
/// - NULL: `hts`, `origin`, `value` and `date` may be NULL only when `count` is
///   0 (an empty batch); their elements may be NULL (that row fails).
///   `importer` NULL means `US`. `mode`, `quantities` and `claims` may be NULL
///   (see above).
/// - Errors: `TARIFFS_NULL_ARGUMENT`; `TARIFFS_INVALID_INPUT` (field
///   `count`) for a count no array can hold; `TARIFFS_INVALID_UTF8` or
///   `TARIFFS_INVALID_INPUT` (field `importer`) for an `importer` that is
///   not an ISO country code, as `tariffs_entry_set_importer` reports it.
///   Everything about one row, including an importer the schedule does not
///   cover (`TARIFFS_UNKNOWN_IMPORTER`), is that row's status, not the
///   call's.
/// - Threads: any number of threads may quote with the same schedule at the
///   same time. The strings are read from the library's worker threads: no
///   thread may modify the arrays or the strings during the call.
///
/// # Safety
///
/// `schedule` must be NULL or a live schedule; `importer` NULL or
/// NUL-terminated; `hts`, `origin`, `value`, `date`, `mode`, `quantities`
/// and `claims` each NULL or an array of `count` pointers, each NULL or a
/// NUL-terminated string; `out` NULL or valid for writing one pointer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn tariffs_quote_columns(
    schedule: *const tariffs_schedule,
    count: usize,
    importer: *const c_char,
    hts: *const *const c_char,
    origin: *const *const c_char,
    value: *const *const c_char,
    date: *const *const c_char,
    mode: *const *const c_char,
    quantities: *const *const c_char,
    claims: *const *const c_char,
    out: *mut *mut tariffs_batch,
) -> tariffs_status {
    let make = || {
        // SAFETY: `schedule` is NULL or a live schedule (the caller's
        // contract).
        let schedule = unsafe { ref_arg(schedule, "schedule") }?;
        check_count::<*const c_char>(count, "count", "array of strings")?;
        // SAFETY: `importer` is NULL or NUL-terminated (the caller's
        // contract).
        let importer = unsafe { opt_str_arg(importer, "importer") }?;
        let importer = Country::parse_field("importer", importer.unwrap_or("US"))?;
        // SAFETY: each column is NULL or an array of `count` pointers, each
        // NULL or a NUL-terminated string, none modified during the call
        // (the caller's contract); `count` is small enough (checked above).
        let cols = unsafe {
            TextColumns {
                hts: Column::new(hts, count, "hts", true)?,
                origin: Column::new(origin, count, "origin", true)?,
                value: Column::new(value, count, "value", true)?,
                date: Column::new(date, count, "date", true)?,
                mode: Column::new(mode, count, "mode", false)?,
                quantities: Column::new(quantities, count, "quantities", false)?,
                claims: Column::new(claims, count, "claims", false)?,
            }
        };
        // Rows per unit of parallel work: a smaller call parses on one thread.
        const PARSE_CHUNK: usize = 2048;
        let parsed: Vec<Result<Parsed, Failure>> = (0..count)
            .into_par_iter()
            .with_min_len(PARSE_CHUNK)
            .map(|i| cols.parse(i))
            .collect();
        let owned = Owned::new(parsed, &cols, importer);
        let result = owned.quote(schedule.schedule(), importer)?;
        let Owned { rows, .. } = owned;
        Ok(tariffs_batch::from_rows(rows, result))
    };
    // SAFETY: `out` is NULL or writable (the caller's contract).
    unsafe { new_handle(out, make) }
}
