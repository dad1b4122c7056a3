//! The native half of the analyst API: change dates, rate panels, panel
//! diffs and effective rates.
//!
//! Each function parses its arguments with the core's parsers (errors name
//! the argument), calls the core with the GIL released, and converts the
//! result: a panel or a diff becomes an Arrow record batch (see [`Col`])
//! that `tariffs._analysis` reads through the Arrow PyCapsule interface,
//! without a Python object per cell and without going through CSV text; effective rates
//! (a few rows per date) become Python lists of `Decimal`s.

use crate::arrow::{arrow_err, PyArrowBatch};
use crate::batch::{self, RowError};
use crate::convert::{py_date, py_decimal};
use crate::errors::to_pyerr;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use tariffs::arrow::arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, LargeStringArray, RecordBatch,
    RecordBatchOptions,
};
use tariffs::arrow::arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use tariffs::arrow::arrow_schema::{ArrowError, Field, Schema};
use tariffs::{
    Country, Date, Decimal, EffectiveRates, Entry, Error, Panel, RateChange, Schedule, Weighted,
};

/// Digits after the point of the rate columns of panels and diffs.
///
/// A panel rate is an amount rounded to the cent divided by the nominal
/// value 1,000,000, so it has at most 2 + 6 = 8 decimal places; 10 leaves
/// room for currencies with three-digit minor units (÷ 10^6 gives 9 places)
/// and is still exact. Every value is converted with [`scaled`], which fails
/// instead of rounding, so a rate that does not fit is an error, never a
/// silently altered number. `decimal128(38, 10)` holds rates up to 10^28.
pub const PANEL_SCALE: u32 = 10;

/// The values of one output column.
enum Data {
    /// Large UTF-8 (64-bit offsets).
    Str { offsets: Vec<i64>, bytes: Vec<u8> },
    /// Little-endian 128-bit integers at a fixed scale.
    Dec { scale: u32, values: Vec<i128> },
    /// Booleans.
    Bool(Vec<bool>),
    /// Days since 1970-01-01.
    Date32(Vec<i32>),
}

/// One output column, built row by row and handed to Python as
/// `(name, type, validity, [buffers], null_count)` where `type` is
/// `large_utf8`, `decimal128:<scale>`, `bool` or `date32`, `validity` is an
/// Arrow validity bitmap (or `None` when every row is valid) and the buffers
/// are those of the Arrow layout after the validity bitmap.
pub struct Col {
    name: String,
    valid: Vec<bool>,
    data: Data,
}

impl Col {
    fn new(name: &str, rows: usize, data: Data) -> Col {
        Col {
            name: name.to_string(),
            valid: Vec::with_capacity(rows),
            data,
        }
    }

    /// A string column for `rows` rows of about `width` bytes.
    fn string(name: &str, rows: usize, width: usize) -> Col {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Col::new(
            name,
            rows,
            Data::Str {
                offsets,
                bytes: Vec::with_capacity(rows * width),
            },
        )
    }

    fn decimal(name: &str, scale: u32, rows: usize) -> Col {
        Col::new(
            name,
            rows,
            Data::Dec {
                scale,
                values: Vec::with_capacity(rows),
            },
        )
    }

    fn push_str(&mut self, s: Option<&str>) {
        if let Data::Str { offsets, bytes } = &mut self.data {
            bytes.extend_from_slice(s.unwrap_or("").as_bytes());
            offsets.push(bytes.len() as i64);
            self.valid.push(s.is_some());
        }
    }

    /// Pushes a decimal exactly, or fails with the value that does not fit.
    fn push_dec(&mut self, d: Option<Decimal>) -> Result<(), Decimal> {
        if let Data::Dec { scale, values } = &mut self.data {
            match d {
                Some(d) => values.push(scaled(d, *scale).ok_or(d)?),
                None => values.push(0),
            }
            self.valid.push(d.is_some());
        }
        Ok(())
    }

    fn push_bool(&mut self, b: bool) {
        if let Data::Bool(v) = &mut self.data {
            v.push(b);
            self.valid.push(true);
        }
    }

    fn push_date(&mut self, d: Date) {
        if let Data::Date32(v) = &mut self.data {
            v.push(d.days_since_epoch());
            self.valid.push(true);
        }
    }

    /// The column as an arrow-rs array, with its field.
    fn into_array(self) -> Result<(Field, ArrayRef), ArrowError> {
        let nullable = self.valid.iter().any(|v| !*v);
        let nulls = nullable.then(|| NullBuffer::from(self.valid));
        let array: ArrayRef = match self.data {
            Data::Str { offsets, bytes } => Arc::new(LargeStringArray::try_new(
                OffsetBuffer::new(ScalarBuffer::from(offsets)),
                Buffer::from_vec(bytes),
                nulls,
            )?),
            Data::Dec { scale, values } => Arc::new(
                Decimal128Array::try_new(ScalarBuffer::from(values), nulls)?
                    .with_precision_and_scale(38, scale as i8)?,
            ),
            Data::Bool(v) => Arc::new(BooleanArray::new(BooleanBuffer::from(v), nulls)),
            Data::Date32(v) => Arc::new(Date32Array::try_new(ScalarBuffer::from(v), nulls)?),
        };
        Ok((
            Field::new(self.name, array.data_type().clone(), nullable),
            array,
        ))
    }
}

/// `d` as an integer count of `10^-scale`, exactly, or `None` when `d` has
/// more significant digits after the point than `scale`.
fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    let (m, s) = (d.mantissa(), d.scale());
    if s <= scale {
        m.checked_mul(10i128.checked_pow(scale - s)?)
    } else {
        let f = 10i128.checked_pow(s - scale)?;
        (m % f == 0).then(|| m / f)
    }
}

/// A failure while the GIL is released, converted once it is back.
enum Fail {
    /// A core error (an unknown importer, an invalid date...).
    Core(Error),
    /// A rate with more decimal places than its column holds.
    TooPrecise(&'static str, Decimal),
}

impl Fail {
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Fail::Core(e) => to_pyerr(py, &e),
            Fail::TooPrecise(what, d) => PyValueError::new_err(format!(
                "internal: the {what} {d} has more than {PANEL_SCALE} decimal places and \
                 cannot be converted exactly; please report it"
            )),
        }
    }
}

/// The columns as one record batch for Python (`n` rows; read with
/// `pyarrow.table`, through the Arrow PyCapsule interface).
fn columns_batch(n: usize, cols: Vec<Col>) -> PyResult<PyArrowBatch> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = cols
        .into_iter()
        .map(Col::into_array)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| arrow_err("internal: a result column", e))?
        .into_iter()
        .unzip();
    let batch = RecordBatch::try_new_with_options(
        Arc::new(Schema::new(fields)),
        arrays,
        &RecordBatchOptions::new().with_row_count(Some(n)),
    )
    .map_err(|e| arrow_err("internal: the result", e))?;
    Ok(PyArrowBatch::new(batch))
}

/// The importer argument: a country the schedule has data for.
pub fn importer(schedule: &Schedule, s: &str) -> tariffs::Result<Country> {
    let c = Country::parse_field("importer", s)?;
    if schedule.importers().contains(&c) {
        Ok(c)
    } else {
        Err(Error::UnknownImporter {
            importer: c.to_string(),
        })
    }
}

/// A date argument given as ISO text by the glue.
pub fn date(field: &str, s: &str) -> tariffs::Result<Date> {
    Date::parse_field(field, s)
}

fn origins(list: Option<Vec<String>>) -> tariffs::Result<Option<Vec<Country>>> {
    list.map(|l| {
        l.iter()
            .map(|o| Country::parse_field("origins", o))
            .collect()
    })
    .transpose()
}

fn panel(
    schedule: &Schedule,
    importer: Country,
    date: Date,
    origins: Option<&[Country]>,
) -> tariffs::Result<Panel> {
    match origins {
        Some(o) => schedule.rate_panel_for(importer, date, o),
        None => schedule.rate_panel(importer, date),
    }
}

/// `Schedule.change_dates`.
pub fn change_dates<'py>(
    py: Python<'py>,
    schedule: &Schedule,
    importer_text: &str,
) -> PyResult<Bound<'py, PyList>> {
    let imp = importer(schedule, importer_text).map_err(|e| to_pyerr(py, &e))?;
    let dates = py.detach(|| schedule.change_dates(imp));
    let out = PyList::empty(py);
    for d in dates {
        out.append(py_date(py, d)?)?;
    }
    Ok(out)
}

/// The columns of a panel: `date, hts, origin, total, <authority...>,
/// specific, error`, code-major. Rates of cells with an error are null.
fn panel_columns(p: &Panel) -> Result<Vec<Col>, Fail> {
    // The key columns and the authority columns are built in parallel.
    let (keys, by_authority) = rayon::join(
        || panel_key_columns(p),
        || {
            p.authorities
                .par_iter()
                .map(|a| {
                    let mut col = Col::decimal(a, PANEL_SCALE, p.len());
                    for ci in 0..p.codes.len() {
                        for oi in 0..p.origins.len() {
                            let r = match p.error(ci, oi) {
                                Some(_) => None,
                                None => p.rate(ci, oi, a),
                            };
                            col.push_dec(r).map_err(|d| Fail::TooPrecise("rate", d))?;
                        }
                    }
                    Ok(col)
                })
                .collect::<Result<Vec<Col>, Fail>>()
        },
    );
    let [date, hts, origin, total, specific, error] = keys?;
    let mut cols = vec![date, hts, origin, total];
    cols.extend(by_authority?);
    cols.push(specific);
    cols.push(error);
    Ok(cols)
}

fn panel_key_columns(p: &Panel) -> Result<[Col; 6], Fail> {
    let n = p.len();
    let codes: Vec<String> = p.codes.iter().map(|c| c.to_string()).collect();
    let mut date = Col::new("date", n, Data::Date32(Vec::with_capacity(n)));
    let mut hts = Col::string("hts", n, 10);
    let mut origin = Col::string("origin", n, 2);
    let mut total = Col::decimal("total", PANEL_SCALE, n);
    let mut specific = Col::new("specific", n, Data::Bool(Vec::with_capacity(n)));
    let mut error = Col::string("error", n, 0);
    for (ci, code) in codes.iter().enumerate() {
        for (oi, o) in p.origins.iter().enumerate() {
            let err = p.error(ci, oi);
            date.push_date(p.date);
            hts.push_str(Some(code));
            origin.push_str(Some(o.as_str()));
            total
                .push_dec(err.is_none().then(|| p.total(ci, oi)))
                .map_err(|d| Fail::TooPrecise("total rate", d))?;
            specific.push_bool(p.is_specific(ci));
            error.push_str(err);
        }
    }
    Ok([date, hts, origin, total, specific, error])
}

/// `Schedule._rate_panel`: the panel of `importer` on `date` as Arrow buffers.
pub fn rate_panel<'py>(
    py: Python<'py>,
    schedule: &Schedule,
    date_text: &str,
    importer_text: &str,
    origin_list: Option<Vec<String>>,
) -> PyResult<PyArrowBatch> {
    let err = |e: Error| to_pyerr(py, &e);
    let d = date("date", date_text).map_err(err)?;
    let imp = importer(schedule, importer_text).map_err(err)?;
    let origins = origins(origin_list).map_err(err)?;
    let (n, cols) = py
        .detach(|| -> Result<(usize, Vec<Col>), Fail> {
            let p = panel(schedule, imp, d, origins.as_deref()).map_err(Fail::Core)?;
            Ok((p.len(), panel_columns(&p)?))
        })
        .map_err(|f| f.into_pyerr(py))?;
    columns_batch(n, cols)
}

/// `Schedule._panel_diff`: the cells that differ between the panel of
/// `schedule` on `date` and that of `other` (or `schedule`) on `other_date`
/// (or `date`).
pub fn panel_diff<'py>(
    py: Python<'py>,
    schedule: &Schedule,
    other: Option<&Schedule>,
    date_text: &str,
    other_date_text: Option<&str>,
    importer_text: &str,
    origin_list: Option<Vec<String>>,
) -> PyResult<PyArrowBatch> {
    let err = |e: Error| to_pyerr(py, &e);
    let d = date("date", date_text).map_err(err)?;
    let od = match other_date_text {
        Some(t) => date("other_date", t).map_err(err)?,
        None => d,
    };
    if other.is_none() && od == d {
        return Err(err(Error::invalid(
            "other_date",
            other_date_text.unwrap_or(""),
            format!(
                "another date than {d} (or another schedule) to compare with: \
                 diff(None, date, other_date=...) compares one schedule on two dates"
            ),
        )));
    }
    let imp = importer(schedule, importer_text).map_err(err)?;
    let after_schedule = other.unwrap_or(schedule);
    if other.is_some() {
        importer(after_schedule, importer_text).map_err(err)?;
    }
    let origins = origins(origin_list).map_err(err)?;
    let (n, cols) = py
        .detach(|| -> Result<(usize, Vec<Col>), Fail> {
            let before = panel(schedule, imp, d, origins.as_deref()).map_err(Fail::Core)?;
            let after = panel(after_schedule, imp, od, origins.as_deref()).map_err(Fail::Core)?;
            let changes = before.diff(&after);
            Ok((changes.len(), diff_columns(&changes)?))
        })
        .map_err(|f| f.into_pyerr(py))?;
    columns_batch(n, cols)
}

fn diff_columns(changes: &[RateChange]) -> Result<Vec<Col>, Fail> {
    let n = changes.len();
    let mut hts = Col::string("hts", n, 10);
    let mut origin = Col::string("origin", n, 2);
    let mut authority = Col::string("authority", n, 12);
    let mut before = Col::decimal("before", PANEL_SCALE, n);
    let mut after = Col::decimal("after", PANEL_SCALE, n);
    let mut code_text = String::new();
    let mut last = None;
    for c in changes {
        if last != Some(c.code) {
            code_text = c.code.to_string();
            last = Some(c.code);
        }
        hts.push_str(Some(&code_text));
        origin.push_str(Some(c.origin.as_str()));
        authority.push_str(Some(&c.authority));
        before
            .push_dec(Some(c.before))
            .map_err(|d| Fail::TooPrecise("rate", d))?;
        after
            .push_dec(Some(c.after))
            .map_err(|d| Fail::TooPrecise("rate", d))?;
    }
    Ok(vec![hts, origin, authority, before, after])
}

/// Which groups of [`EffectiveRates`] to return.
#[derive(Clone, Copy, Default)]
pub struct Groups {
    /// By country of origin.
    pub origin: bool,
    /// By authority.
    pub authority: bool,
    /// By HTS chapter.
    pub chapter: bool,
}

/// The rows of the effective-rate table, column by column.
struct RateRows<'py> {
    date: Bound<'py, PyList>,
    kind: Bound<'py, PyList>,
    group: Bound<'py, PyList>,
    value: Bound<'py, PyList>,
    duty: Bound<'py, PyList>,
    rate: Bound<'py, PyList>,
    entries: Bound<'py, PyList>,
}

impl<'py> RateRows<'py> {
    fn new(py: Python<'py>) -> RateRows<'py> {
        RateRows {
            date: PyList::empty(py),
            kind: PyList::empty(py),
            group: PyList::empty(py),
            value: PyList::empty(py),
            duty: PyList::empty(py),
            rate: PyList::empty(py),
            entries: PyList::empty(py),
        }
    }

    fn push(
        &self,
        date: &Bound<'py, PyAny>,
        kind: &str,
        group: &str,
        w: &Weighted,
    ) -> PyResult<()> {
        let py = self.date.py();
        self.date.append(date)?;
        self.kind.append(kind)?;
        self.group.append(group)?;
        self.value.append(py_decimal(py, w.value)?)?;
        self.duty.append(py_decimal(py, w.duty)?)?;
        self.rate
            .append(py_decimal(py, w.rate().map_err(|e| to_pyerr(py, &e))?)?)?;
        self.entries.append(w.entries)?;
        Ok(())
    }

    fn push_all(&self, date: &Bound<'py, PyAny>, r: &EffectiveRates, g: Groups) -> PyResult<()> {
        self.push(date, "overall", "all", &r.overall)?;
        if g.origin {
            for (o, w) in &r.by_origin {
                self.push(date, "origin", o.as_str(), w)?;
            }
        }
        if g.authority {
            for (a, w) in &r.by_authority {
                self.push(date, "authority", a, w)?;
            }
        }
        if g.chapter {
            for (c, w) in &r.by_chapter {
                self.push(date, "chapter", c, w)?;
            }
        }
        Ok(())
    }
}

/// `(row, date, kind, field, message)` for Python.
fn error_tuple<'py>(
    py: Python<'py>,
    row: usize,
    date: &Bound<'py, PyAny>,
    e: &RowError,
) -> PyResult<Bound<'py, PyTuple>> {
    let (kind, field) = match e {
        RowError::Marked(_) => ("type_error", None),
        RowError::Core(e) => (e.kind().as_str(), e.field()),
    };
    (row, date, kind, field, e.to_string()).into_pyobject(py)
}

/// `Schedule._effective_rates`: parses the basket's columns, then computes
/// the effective rates with each row's own date (`dates` is `None`) or with
/// every row re-dated to each of `dates`. Returns `{"columns": {...},
/// "errors": [(row, date, kind, field, message)...]}`; rows that fail to
/// parse are reported once with a `None` date.
#[allow(clippy::too_many_arguments)]
pub fn effective_rates<'py>(
    py: Python<'py>,
    schedule: &Schedule,
    n: usize,
    columns: &Bound<'py, PyDict>,
    quantities: &Bound<'py, PyList>,
    row_errors: HashMap<usize, String>,
    dates: Option<Vec<String>>,
    groups: Groups,
) -> PyResult<Bound<'py, PyDict>> {
    let dates: Option<Vec<Date>> = match dates {
        Some(list) => Some(
            list.iter()
                .map(|t| date("date", t))
                .collect::<tariffs::Result<_>>()
                .map_err(|e| to_pyerr(py, &e))?,
        ),
        None => None,
    };
    let input = batch::import_columns(n, columns, quantities, "effective_rate")?;
    let parsed = batch::parse_all(py, &input, n, &row_errors)?;

    let errors = PyList::empty(py);
    let none = py.None().into_bound(py);
    let mut rows: Vec<usize> = Vec::with_capacity(n);
    let mut entries: Vec<Entry> = Vec::with_capacity(n);
    for (i, p) in parsed.into_iter().enumerate() {
        match p {
            Ok(e) => {
                rows.push(i);
                entries.push(e);
            }
            Err(e) => errors.append(error_tuple(py, i, &none, &e)?)?,
        }
    }

    let out = RateRows::new(py);
    let add = |date: &Bound<'py, PyAny>, r: EffectiveRates| -> PyResult<()> {
        out.push_all(date, &r, groups)?;
        for (j, e) in r.errors {
            errors.append(error_tuple(py, rows[j], date, &RowError::Core(e))?)?;
        }
        Ok(())
    };
    match dates {
        None => {
            let r = py.detach(|| schedule.effective_rates(&entries));
            add(&none, r)?;
        }
        Some(ds) => {
            for d in ds {
                // One date at a time, so that Ctrl-C is honoured between dates.
                let r = py.detach(|| schedule.effective_rates_over(&entries, &[d]));
                for (d, r) in r {
                    add(&py_date(py, d)?, r)?;
                }
                py.check_signals()?;
            }
        }
    }
    let cols = PyDict::new(py);
    cols.set_item("date", &out.date)?;
    cols.set_item("group_kind", &out.kind)?;
    cols.set_item("group", &out.group)?;
    cols.set_item("value", &out.value)?;
    cols.set_item("duty", &out.duty)?;
    cols.set_item("rate", &out.rate)?;
    cols.set_item("entries", &out.entries)?;
    let result = PyDict::new(py);
    result.set_item("columns", cols)?;
    result.set_item("errors", errors)?;
    Ok(result)
}
