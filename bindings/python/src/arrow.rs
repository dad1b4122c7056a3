//! A minimal, read-only consumer of the Arrow C data interface.
//!
//! The pandas/Arrow glue (`tariffs._batch`) normalises every input column to
//! one of a few Arrow types and hands it over as an object with
//! `__arrow_c_array__` (the Arrow PyCapsule interface). This module reads
//! those arrays in place, without a Python object per cell and without
//! depending on the `arrow` crate:
//!
//! | format | Arrow type | cell text |
//! |---|---|---|
//! | `u`, `U` | utf8, large_utf8 | the string |
//! | `l` | int64 | decimal digits |
//! | `d:P,S` / `d:P,S,128` | decimal128 | exact plain decimal text (`-12.50`) |
//! | `tdD` | date32 | `YYYY-MM-DD` (as pyarrow writes it) |
//!
//! Besides the text ([`Column::get`]), a cell can be read as what it is
//! ([`Column::cell`]: an integer, a decimal's mantissa and scale, a day
//! number), so that numbers and dates need no text on the way.
//!
//! The arrays are borrowed, never moved: the capsules keep ownership and
//! release the data when Python drops them, so a [`Column`] must not outlive
//! the [`Imported`] it came from (the batch code keeps both in one scope).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi::c_str;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use std::ffi::{c_char, c_void, CStr};
use std::fmt::Write;

/// `struct ArrowSchema` of the C data interface.
#[repr(C)]
struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

/// `struct ArrowArray` of the C data interface.
#[repr(C)]
struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

/// The layout of a column's values.
#[derive(Debug, Clone, Copy)]
enum Values {
    Utf8 {
        offsets: *const i32,
        data: *const u8,
    },
    LargeUtf8 {
        offsets: *const i64,
        data: *const u8,
    },
    Int64(*const i64),
    /// Little-endian 16-byte integers with a scale (digits after the point).
    Decimal128 {
        values: *const u8,
        scale: i32,
    },
    /// Days since 1970-01-01.
    Date32(*const i32),
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

/// A borrowed Arrow array of one of the supported types.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    validity: *const u8,
    offset: usize,
    len: usize,
    values: Values,
}

// SAFETY: a Column only reads immutable Arrow buffers, which the C data
// interface guarantees are not mutated while the array is alive; the batch
// code keeps the owning capsules alive (in `Imported`) for as long as any
// thread reads the column.
unsafe impl Send for Column {}
unsafe impl Sync for Column {}

/// The capsules that own a [`Column`]'s memory.
pub struct Imported<'py> {
    _schema: Bound<'py, PyCapsule>,
    _array: Bound<'py, PyCapsule>,
    /// The column, valid while `self` is alive.
    pub column: Column,
}

const TYPES: &str = "utf8, large_utf8, int64, decimal128 or date32";

/// Imports `obj.__arrow_c_array__()`, checking that it holds `len` rows of a
/// supported type. `name` is used in error messages.
pub fn import<'py>(obj: &Bound<'py, PyAny>, name: &str, len: usize) -> PyResult<Imported<'py>> {
    let pair = obj.call_method0("__arrow_c_array__").map_err(|e| {
        PyTypeError::new_err(format!(
            "column {name:?}: expected an Arrow array (__arrow_c_array__): {e}"
        ))
    })?;
    let pair = pair.cast_into::<PyTuple>()?;
    let schema = pair.get_item(0)?.cast_into::<PyCapsule>()?;
    let array = pair.get_item(1)?.cast_into::<PyCapsule>()?;
    let sp = schema.pointer_checked(Some(c_str!("arrow_schema")))?;
    let ap = array.pointer_checked(Some(c_str!("arrow_array")))?;
    // SAFETY: the capsule names guarantee these are the C interface structs;
    // they live as long as the capsules, which `Imported` holds.
    let column = unsafe {
        read(
            &*sp.as_ptr().cast::<FfiSchema>(),
            &*ap.as_ptr().cast::<FfiArray>(),
            name,
            len,
        )?
    };
    Ok(Imported {
        _schema: schema,
        _array: array,
        column,
    })
}

unsafe fn read(s: &FfiSchema, a: &FfiArray, name: &str, len: usize) -> PyResult<Column> {
    let bad = |why: String| PyValueError::new_err(format!("column {name:?}: {why}"));
    if s.release.is_none() || a.release.is_none() {
        return Err(bad("the Arrow array was already released".into()));
    }
    if s.format.is_null() {
        return Err(bad("the Arrow schema has no format".into()));
    }
    let format = CStr::from_ptr(s.format).to_string_lossy().into_owned();
    if !s.dictionary.is_null() || !a.dictionary.is_null() || a.n_children != 0 {
        return Err(PyTypeError::new_err(format!(
            "column {name:?}: unsupported Arrow type (format {format:?}); expected {TYPES}"
        )));
    }
    if a.length < 0 || a.offset < 0 || a.length as u64 != len as u64 {
        return Err(bad(format!(
            "has {} rows where {len} were expected",
            a.length
        )));
    }
    let offset = a.offset as usize;
    let buffer = |i: usize| -> *const c_void { *a.buffers.add(i) };
    let want = |n: i64| -> PyResult<()> {
        if a.n_buffers != n || a.buffers.is_null() {
            Err(bad(format!("malformed Arrow array (format {format:?})")))
        } else {
            Ok(())
        }
    };
    let values = match format.as_str() {
        "u" | "U" => {
            want(3)?;
            let offsets = buffer(1);
            let data = buffer(2).cast::<u8>();
            if len > 0 && offsets.is_null() {
                return Err(bad("malformed utf8 array: no offsets".into()));
            }
            let v = if format == "u" {
                Values::Utf8 {
                    offsets: offsets.cast(),
                    data,
                }
            } else {
                Values::LargeUtf8 {
                    offsets: offsets.cast(),
                    data,
                }
            };
            check_offsets(v, offset, len).map_err(bad)?;
            v
        }
        "l" => {
            want(2)?;
            if len > 0 && buffer(1).is_null() {
                return Err(bad("malformed int64 array: no values".into()));
            }
            Values::Int64(buffer(1).cast())
        }
        "tdD" => {
            want(2)?;
            if len > 0 && buffer(1).is_null() {
                return Err(bad("malformed date32 array: no values".into()));
            }
            Values::Date32(buffer(1).cast())
        }
        f if f.starts_with("d:") => {
            let parts: Vec<&str> = f[2..].split(',').collect();
            let scale = match parts.as_slice() {
                [_, s] | [_, s, "128"] => s.parse::<i32>().ok(),
                _ => None,
            };
            let Some(scale) = scale else {
                return Err(PyTypeError::new_err(format!(
                    "column {name:?}: unsupported Arrow decimal (format {format:?}); expected decimal128"
                )));
            };
            want(2)?;
            if len > 0 && buffer(1).is_null() {
                return Err(bad("malformed decimal array: no values".into()));
            }
            Values::Decimal128 {
                values: buffer(1).cast(),
                scale,
            }
        }
        _ => {
            return Err(PyTypeError::new_err(format!(
                "column {name:?}: unsupported Arrow type (format {format:?}); expected {TYPES}"
            )))
        }
    };
    Ok(Column {
        validity: buffer(0).cast(),
        offset,
        len,
        values,
    })
}

/// Checks that the string offsets of the visible rows never go backwards, so
/// that every cell is a valid slice of the data buffer.
unsafe fn check_offsets(v: Values, offset: usize, len: usize) -> Result<(), String> {
    if len == 0 {
        return Ok(());
    }
    let at = |i: usize| -> i64 {
        match v {
            Values::Utf8 { offsets, .. } => i64::from(*offsets.add(i)),
            Values::LargeUtf8 { offsets, .. } => *offsets.add(i),
            _ => 0,
        }
    };
    let mut prev = at(offset);
    if prev < 0 {
        return Err("malformed utf8 array: negative offset".into());
    }
    for i in offset + 1..=offset + len {
        let o = at(i);
        if o < prev {
            return Err("malformed utf8 array: offsets go backwards".into());
        }
        prev = o;
    }
    let data_null = match v {
        Values::Utf8 { data, .. } | Values::LargeUtf8 { data, .. } => data.is_null(),
        _ => false,
    };
    if data_null && prev > at(offset) {
        return Err("malformed utf8 array: no data".into());
    }
    Ok(())
}

impl Column {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether some rows may be null (the array has a validity bitmap).
    pub fn has_nulls(&self) -> bool {
        !self.validity.is_null()
    }

    /// Whether row `i` holds a value (is not null).
    pub fn is_valid(&self, i: usize) -> bool {
        if self.validity.is_null() {
            return true;
        }
        let j = self.offset + i;
        // SAFETY: the validity bitmap covers offset + len bits.
        unsafe { (*self.validity.add(j / 8) >> (j % 8)) & 1 == 1 }
    }

    /// Row `i` as what it is; [`Cell::Null`] when null (or out of range).
    /// Invalid UTF-8 yields a marker text that the core rejects, naming the field.
    pub fn cell(&self, i: usize) -> Cell<'_> {
        if i >= self.len || !self.is_valid(i) {
            return Cell::Null;
        }
        let j = self.offset + i;
        // SAFETY: `i < len`, buffers checked at import (offsets monotone and
        // within the data the producer described).
        unsafe {
            match self.values {
                Values::Utf8 { offsets, data } => {
                    let (a, b) = (*offsets.add(j) as usize, *offsets.add(j + 1) as usize);
                    Cell::Text(utf8(data, a, b))
                }
                Values::LargeUtf8 { offsets, data } => {
                    let (a, b) = (*offsets.add(j) as usize, *offsets.add(j + 1) as usize);
                    Cell::Text(utf8(data, a, b))
                }
                Values::Int64(values) => Cell::Int(std::ptr::read_unaligned(values.add(j))),
                Values::Decimal128 { values, scale } => {
                    let mut bytes = [0u8; 16];
                    std::ptr::copy_nonoverlapping(values.add(j * 16), bytes.as_mut_ptr(), 16);
                    Cell::Decimal(i128::from_le_bytes(bytes), scale)
                }
                Values::Date32(values) => Cell::Days(std::ptr::read_unaligned(values.add(j))),
            }
        }
    }

    /// The text of row `i` (`None` when null), written into `buf` when the
    /// column is not a string column. Invalid UTF-8 yields a marker text that
    /// the core rejects, naming the field.
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

unsafe fn utf8<'a>(data: *const u8, a: usize, b: usize) -> &'a str {
    if b == a {
        return "";
    }
    let bytes = std::slice::from_raw_parts(data.add(a), b - a);
    if bytes.is_ascii() {
        // The common case (codes, countries, modes), checked faster than by from_utf8.
        // SAFETY: ASCII is valid UTF-8.
        return std::str::from_utf8_unchecked(bytes);
    }
    std::str::from_utf8(bytes).unwrap_or("<invalid UTF-8>")
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

/// Builds an Arrow validity bitmap (bit set = valid) from per-row flags;
/// `None` when every row is valid.
pub fn bitmap(valid: &[bool]) -> Option<Vec<u8>> {
    if valid.iter().all(|v| *v) {
        return None;
    }
    let mut out = vec![0u8; valid.len().div_ceil(8)];
    for (i, v) in valid.iter().enumerate() {
        if *v {
            out[i / 8] |= 1 << (i % 8);
        }
    }
    Some(out)
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

    #[test]
    fn bitmap_packs_lsb_first() {
        assert_eq!(bitmap(&[true, true]), None);
        assert_eq!(
            bitmap(&[true, false, true, true, false, false, false, false, true]),
            Some(vec![0b0000_1101, 0b1])
        );
    }
}
