//! Arrow data across the Python boundary, through the Arrow PyCapsule
//! interface and arrow-rs's implementation of the C data and stream
//! interfaces (`arrow_array::ffi`, `arrow_array::ffi_stream`): no hand-written
//! C structs or buffer readers.
//!
//! - In: [`import_stream`] reads any object with `__arrow_c_stream__` (a
//!   pyarrow Table, a polars DataFrame, ...) as a [`StreamReader`] (which
//!   aligns each batch's buffers first);
//!   [`import`] reads one column (`__arrow_c_array__`) as a [`Column`] whose
//!   cells are read as what they are ([`Column::cell`]: a string, an integer,
//!   a decimal's mantissa and scale, a day number). The arrays are moved out
//!   of the producer's capsules (arrow-rs marks the capsule's struct
//!   released, so the capsule's destructor has nothing left to free) and
//!   validated in full before any cell is read, so a malformed producer is an
//!   error, never a bad read.
//! - Out: [`PyArrowBatch`] (`tariffs._tariffs._ArrowBatch`) holds a
//!   [`RecordBatch`] and exports it with `__arrow_c_schema__`,
//!   `__arrow_c_array__` and `__arrow_c_stream__`, so `pyarrow.table(obj)`,
//!   `pyarrow.record_batch(obj)` and `polars.DataFrame(obj)` take its buffers
//!   without copying. Each capsule owns its struct: the capsule's destructor
//!   (dropping the arrow-rs struct) calls its `release` unless the consumer
//!   moved the struct out, as the PyCapsule interface requires.

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::{Date32Type, Decimal128Type, Int64Type};
use arrow_array::{
    make_array, Array, Date32Array, Decimal128Array, Int64Array, LargeStringArray, RecordBatch,
    RecordBatchIterator, RecordBatchReader, StringArray, StructArray,
};
use arrow_schema::{ArrowError, DataType, Schema, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi::c_str;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use std::ffi::CStr;
use std::fmt::Write;
use std::sync::Arc;

const SCHEMA: &CStr = c_str!("arrow_schema");
const ARRAY: &CStr = c_str!("arrow_array");
const STREAM: &CStr = c_str!("arrow_array_stream");

/// An arrow-rs error as a Python `ValueError` saying what was read.
pub fn arrow_err(what: &str, e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

/// Validates every column of `batch` in full (offsets within their data,
/// UTF-8, dictionary keys in range), so that a malformed producer is an
/// error naming the column rather than a bad read later.
pub fn validate_columns(batch: &RecordBatch, what: &str) -> PyResult<()> {
    for (c, f) in batch.columns().iter().zip(batch.schema().fields()) {
        c.to_data()
            .validate_full()
            .map_err(|e| arrow_err(&format!("{what}: column {:?}", f.name()), e))?;
    }
    Ok(())
}

/// The values of a column, by type.
#[derive(Debug, Clone)]
enum Values {
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Int64(Int64Array),
    /// With its scale (digits after the point).
    Decimal128(Decimal128Array, i32),
    /// Days since 1970-01-01.
    Date32(Date32Array),
}

/// One cell as what it is: see [`Column::cell`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Null.
    Null,
    /// A string cell.
    Text(&'a str),
    /// An int64 cell.
    Int(i64),
    /// A decimal128 cell: `mantissa × 10^-scale`.
    Decimal(i128, i32),
    /// A date32 cell: days since 1970-01-01.
    Days(i32),
}

/// An Arrow array of one of the supported types (utf8, large utf8, int64,
/// decimal128, date32), owned (its buffers are reference counted and freed
/// by the producer's release callback when the last reference goes).
#[derive(Debug, Clone)]
pub struct Column {
    values: Values,
}

const TYPES: &str = "utf8, large_utf8, int64, decimal128 or date32";

/// The struct behind a capsule named `name`, checked.
fn capsule_pointer<T>(capsule: &Bound<'_, PyCapsule>, name: &CStr) -> PyResult<*mut T> {
    Ok(capsule.pointer_checked(Some(name))?.as_ptr().cast::<T>())
}

/// Imports `obj.__arrow_c_array__()`, checking that it holds `len` rows of a
/// supported type. `name` is used in error messages.
pub fn import(obj: &Bound<'_, PyAny>, name: &str, len: usize) -> PyResult<Column> {
    let pair = obj.call_method0("__arrow_c_array__").map_err(|e| {
        PyTypeError::new_err(format!(
            "column {name:?}: expected an Arrow array (__arrow_c_array__): {e}"
        ))
    })?;
    let pair = pair.cast_into::<PyTuple>()?;
    let schema = pair.get_item(0)?.cast_into::<PyCapsule>()?;
    let array = pair.get_item(1)?.cast_into::<PyCapsule>()?;
    let schema = capsule_pointer::<FFI_ArrowSchema>(&schema, SCHEMA)?;
    let array = capsule_pointer::<FFI_ArrowArray>(&array, ARRAY)?;
    // SAFETY: the capsules are named as the PyCapsule interface names them,
    // so they hold these structs; `from_raw` moves the array out (leaving a
    // released one for the capsule's destructor) and the schema is only
    // borrowed while the capsule is alive. The data is validated before use.
    // Buffers aligned less than their type needs (8 bytes for decimal128,
    // as Arrow IPC readers give them) are copied to aligned ones: arrow-rs
    // would panic on them.
    let data = unsafe { from_ffi(FFI_ArrowArray::from_raw(array), &*schema) }
        .map(|mut d| {
            d.align_buffers();
            d
        })
        .and_then(|d| d.validate_full().map(|()| d))
        .map_err(|e| arrow_err(&format!("column {name:?}"), e))?;
    if data.len() != len {
        return Err(PyValueError::new_err(format!(
            "column {name:?} has {} rows, expected {len}",
            data.len()
        )));
    }
    let a = make_array(data);
    // The type is matched first, so each `as_*` below is of that type.
    let values = match a.data_type() {
        DataType::Utf8 => Values::Utf8(a.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Values::LargeUtf8(a.as_string::<i64>().clone()),
        DataType::Int64 => Values::Int64(a.as_primitive::<Int64Type>().clone()),
        DataType::Decimal128(_, s) => {
            Values::Decimal128(a.as_primitive::<Decimal128Type>().clone(), i32::from(*s))
        }
        DataType::Date32 => Values::Date32(a.as_primitive::<Date32Type>().clone()),
        t => {
            return Err(PyTypeError::new_err(format!(
                "column {name:?}: unsupported Arrow type {t}; expected {TYPES}"
            )))
        }
    };
    Ok(Column { values })
}

/// Imports `obj.__arrow_c_stream__()` as a reader of its record batches.
pub fn import_stream(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<StreamReader> {
    let capsule = obj
        .call_method0("__arrow_c_stream__")
        .map_err(|e| {
            PyTypeError::new_err(format!(
                "{what}: expected an Arrow stream (__arrow_c_stream__): {e}"
            ))
        })?
        .cast_into::<PyCapsule>()?;
    let stream = capsule_pointer::<FFI_ArrowArrayStream>(&capsule, STREAM)?;
    // SAFETY: a capsule named "arrow_array_stream" holds that struct; `from_raw`
    // moves it out and leaves a released one for the capsule's destructor.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(stream) };
    StreamReader::try_new(stream).map_err(|e| arrow_err(what, e))
}

/// The batches of an Arrow C stream, as arrow-rs's `ArrowArrayStreamReader`
/// reads them, but with each batch's buffers aligned before its arrays are
/// made: a producer may align a decimal128 buffer to 8 bytes (pyarrow after
/// an Arrow IPC read, Spark's `mapInArrow`), and arrow-rs panics on a
/// decimal128 array that is not aligned to 16.
pub struct StreamReader {
    stream: FFI_ArrowArrayStream,
    schema: SchemaRef,
}

impl StreamReader {
    fn try_new(mut stream: FFI_ArrowArrayStream) -> Result<StreamReader, ArrowError> {
        let released = || ArrowError::CDataInterface("the stream is released".into());
        let get_schema = stream.get_schema.ok_or_else(released)?;
        let mut ffi_schema = FFI_ArrowSchema::empty();
        // SAFETY: an unreleased stream's get_schema fills the struct given.
        let code = unsafe { get_schema(&mut stream, &mut ffi_schema) };
        if code != 0 {
            return Err(ArrowError::CDataInterface(format!(
                "get_schema failed with code {code}: {}",
                last_error(&mut stream)
            )));
        }
        let schema = Arc::new(Schema::try_from(&ffi_schema)?);
        Ok(StreamReader { stream, schema })
    }

    /// The batches' schema.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

fn last_error(stream: &mut FFI_ArrowArrayStream) -> String {
    let Some(get) = stream.get_last_error else {
        return "no message".into();
    };
    // SAFETY: get_last_error returns null or a C string that lives until
    // the next call on the stream.
    let p = unsafe { get(stream) };
    if p.is_null() {
        "no message".into()
    } else {
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

impl Iterator for StreamReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let get_next = self.stream.get_next?;
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: an unreleased stream's get_next fills the struct given.
        let code = unsafe { get_next(&mut self.stream, &mut array) };
        if code != 0 {
            return Some(Err(ArrowError::CDataInterface(format!(
                "get_next failed with code {code}: {}",
                last_error(&mut self.stream)
            ))));
        }
        if array.is_released() {
            return None; // the end of the stream
        }
        let struct_type = DataType::Struct(self.schema.fields().clone());
        // SAFETY: the array was produced for the stream's schema.
        let data = unsafe { from_ffi_and_data_type(array, struct_type) };
        // The columns the core reads are validated in full by the caller
        // (`batch::checked`), as after arrow-rs's own reader.
        Some(data.and_then(|mut d| {
            d.align_buffers();
            RecordBatch::try_new(self.schema.clone(), StructArray::from(d).into_parts().1)
        }))
    }
}

/// A record batch for Python, exported through the Arrow PyCapsule interface
/// (`pyarrow.table(obj)`, `pyarrow.record_batch(obj)`, `polars.DataFrame(obj)`).
#[pyclass(name = "_ArrowBatch", module = "tariffs._tariffs", frozen)]
pub struct PyArrowBatch {
    batch: RecordBatch,
}

impl PyArrowBatch {
    /// Wraps `batch`.
    pub fn new(batch: RecordBatch) -> PyArrowBatch {
        PyArrowBatch { batch }
    }
}

fn schema_capsule<'py>(
    py: Python<'py>,
    schema: FFI_ArrowSchema,
) -> PyResult<Bound<'py, PyCapsule>> {
    PyCapsule::new(py, schema, Some(SCHEMA.to_owned()))
}

#[pymethods]
impl PyArrowBatch {
    /// Rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The schema (a struct of the columns) as an `arrow_schema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.batch.schema().as_ref())
            .map_err(|e| arrow_err("export", e))?;
        schema_capsule(py, schema)
    }

    /// The batch as one struct array: `(arrow_schema, arrow_array)` capsules.
    /// `requested_schema` is ignored (allowed by the interface: the caller
    /// casts if it needs another type).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| arrow_err("export", e))?;
        Ok((
            schema_capsule(py, schema)?,
            PyCapsule::new(py, array, Some(ARRAY.to_owned()))?,
        ))
    }

    /// The batch as a stream of one batch: an `arrow_array_stream` capsule.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader: Box<dyn RecordBatchReader + Send> = Box::new(RecordBatchIterator::new(
            [Ok(self.batch.clone())],
            self.batch.schema(),
        ));
        PyCapsule::new(
            py,
            FFI_ArrowArrayStream::new(reader),
            Some(STREAM.to_owned()),
        )
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<_ArrowBatch {} rows: {}>",
            self.batch.num_rows(),
            self.column_names().join(", ")
        )
    }
}

impl Column {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.array().len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn array(&self) -> &dyn Array {
        match &self.values {
            Values::Utf8(a) => a,
            Values::LargeUtf8(a) => a,
            Values::Int64(a) => a,
            Values::Decimal128(a, _) => a,
            Values::Date32(a) => a,
        }
    }

    /// Whether some rows are null.
    pub fn has_nulls(&self) -> bool {
        self.array().null_count() > 0
    }

    /// Whether row `i` holds a value (is not null).
    pub fn is_valid(&self, i: usize) -> bool {
        self.array().is_valid(i)
    }

    /// Row `i` as what it is; [`Cell::Null`] when null (or out of range).
    pub fn cell(&self, i: usize) -> Cell<'_> {
        if i >= self.len() || !self.is_valid(i) {
            return Cell::Null;
        }
        match &self.values {
            Values::Utf8(a) => Cell::Text(a.value(i)),
            Values::LargeUtf8(a) => Cell::Text(a.value(i)),
            Values::Int64(a) => Cell::Int(a.value(i)),
            Values::Decimal128(a, scale) => Cell::Decimal(a.value(i), *scale),
            Values::Date32(a) => Cell::Days(a.value(i)),
        }
    }

    /// The text of row `i` (`None` when null), written into `buf` when the
    /// column is not a string column.
    pub fn get<'a>(&'a self, i: usize, buf: &'a mut String) -> Option<&'a str> {
        cell_text(self.cell(i), buf)
    }
}

/// The text of a cell (`None` when null), written into `buf` unless it is a
/// string cell: what [`Column::get`] returns.
pub fn cell_text<'a>(cell: Cell<'a>, buf: &'a mut String) -> Option<&'a str> {
    match cell {
        Cell::Null => None,
        Cell::Text(s) => Some(s),
        Cell::Int(v) => {
            buf.clear();
            let _ = write!(buf, "{v}");
            Some(buf.as_str())
        }
        Cell::Decimal(v, scale) => {
            scaled_text(v, scale, buf);
            Some(buf.as_str())
        }
        Cell::Days(d) => {
            days_text(d, buf);
            Some(buf.as_str())
        }
    }
}

/// Writes the civil date `days` after 1970-01-01 as pyarrow casts a date32
/// to string: `YYYY-MM-DD`, the year with at least 4 digits (`-0001`,
/// `10000`) for dates outside years 1 to 9999.
pub fn days_text(days: i32, buf: &mut String) {
    // Howard Hinnant's civil_from_days, in i64 so that every i32 fits.
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    buf.clear();
    if y < 0 {
        let _ = write!(buf, "-{:04}-{m:02}-{d:02}", -y);
    } else {
        let _ = write!(buf, "{y:04}-{m:02}-{d:02}");
    }
}

/// Writes `v × 10^-scale` in plain decimal notation, exactly.
pub fn scaled_text(v: i128, scale: i32, buf: &mut String) {
    buf.clear();
    if v < 0 {
        buf.push('-');
    }
    // The digits of |v|, most significant first, without allocating.
    let mut digits = [0u8; 40];
    let mut n = 0;
    let mut u = v.unsigned_abs();
    loop {
        digits[n] = b'0' + (u % 10) as u8;
        n += 1;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    digits[..n].reverse();
    let digits = &digits[..n];
    let push = |buf: &mut String, d: &[u8]| buf.extend(d.iter().map(|b| char::from(*b)));
    if scale <= 0 {
        push(buf, digits);
        if v != 0 {
            for _ in 0..scale.unsigned_abs() {
                buf.push('0');
            }
        }
        return;
    }
    let s = scale as usize;
    if n > s {
        push(buf, &digits[..n - s]);
        buf.push('.');
        push(buf, &digits[n - s..]);
    } else {
        buf.push_str("0.");
        for _ in n..s {
            buf.push('0');
        }
        push(buf, digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_text_is_exact() {
        let mut b = String::new();
        for (v, s, want) in [
            (5410, 2, "54.10"),
            (-5, 2, "-0.05"),
            (0, 2, "0.00"),
            (1, 7, "0.0000001"),
            (12, 0, "12"),
            (12, -2, "1200"),
            (0, -2, "0"),
            (i128::MIN, 0, "-170141183460469231731687303715884105728"),
            (i128::MAX, 38, "1.70141183460469231731687303715884105727"),
        ] {
            scaled_text(v, s, &mut b);
            assert_eq!(b, want, "{v} {s}");
        }
    }
}
