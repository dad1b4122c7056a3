//! The quoted chunks into the result's raw Arrow buffers: one decimal128
//! column per amount, written in place in Python `bytes` objects, the
//! validity bitmaps, the error strings and the dictionary-encoded warnings.

use super::typed::split;
use super::{RowError, MONEY_SCALE, PIECE, RATE_SCALE};
use crate::arrow::bitmap;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use rayon::prelude::*;
use tariffs::{BatchResult, Decimal};

/// One output column: a Python `bytes` object of 16 bytes per row (a
/// little-endian decimal128 value each), written in place while it is ours
/// alone, so that the amounts are not copied again when they go to Python.
struct RawColumn {
    data: *mut u8,
    rows: usize,
}

// SAFETY: the bytes object is new, referenced only by `quote_columns` (which
// keeps it alive until the end), and each row is written by one thread.
unsafe impl Send for RawColumn {}
unsafe impl Sync for RawColumn {}

impl RawColumn {
    /// A new `bytes` object of `rows` × 16 bytes (every one is written before it is returned).
    fn new(py: Python<'_>, rows: usize) -> PyResult<(Bound<'_, PyBytes>, RawColumn)> {
        let len = rows
            .checked_mul(16)
            .and_then(|l| isize::try_from(l).ok())
            .ok_or_else(|| PyValueError::new_err("quote_many: too many rows"))?;
        // SAFETY: a new bytes object of `len` bytes; its buffer may be written
        // until it is shared (C API: PyBytes_FromStringAndSize(NULL, len)).
        // (With no rows it is the shared empty bytes object, never written.)
        unsafe {
            let obj = Bound::from_owned_ptr_or_err(
                py,
                pyo3::ffi::PyBytes_FromStringAndSize(std::ptr::null(), len),
            )?
            .cast_into::<PyBytes>()?;
            let data = pyo3::ffi::PyBytes_AsString(obj.as_ptr()).cast::<u8>();
            if data.is_null() {
                return Err(PyErr::fetch(py));
            }
            Ok((obj, RawColumn { data, rows }))
        }
    }

    /// The bytes of rows `a..b`.
    fn rows_mut(&mut self, a: usize, b: usize) -> &mut [u8] {
        assert!(a <= b && b <= self.rows);
        // SAFETY: within the buffer; `&mut self` makes the slice the only access.
        unsafe { std::slice::from_raw_parts_mut(self.data.add(a * 16), (b - a) * 16) }
    }
}

/// The output columns of the whole batch, filled chunk by chunk.
pub(super) struct Output {
    /// Whether each row quoted.
    ok: Vec<bool>,
    /// `duty`, `fees`, `total`, `effective_rate`, then one per authority:
    /// counts of `10^-scale` (scale [`MONEY_SCALE`], or [`RATE_SCALE`] for
    /// `effective_rate`); zero where a row failed.
    columns: Vec<RawColumn>,
    /// The error message of each failed row, by row.
    messages: Vec<(usize, String)>,
    /// Per row: the index in `warning_texts` of the row's warning, -1 for none.
    warnings: Vec<i32>,
    /// The distinct warning texts (one per schedule).
    warning_texts: Vec<String>,
}

/// One piece of a chunk's output rows, written by one thread.
struct OutPiece<'o> {
    /// First row, relative to the chunk.
    start: usize,
    ok: &'o mut [bool],
    /// 16 bytes per row.
    columns: Vec<&'o mut [u8]>,
}

impl Output {
    /// The output of a batch of `n` rows with the decimal columns `names`
    /// (name, scale), and those columns' `bytes` objects.
    #[allow(clippy::type_complexity)]
    pub(super) fn new(
        py: Python<'_>,
        n: usize,
        names: Vec<(String, u32)>,
    ) -> PyResult<(Output, Vec<(String, u32, Bound<'_, PyBytes>)>)> {
        let mut cols = Vec::with_capacity(names.len());
        let mut out = Output {
            ok: vec![false; n],
            columns: Vec::with_capacity(names.len()),
            messages: Vec::new(),
            warnings: vec![-1; n],
            warning_texts: Vec::new(),
        };
        for (name, scale) in names {
            let (bytes, raw) = RawColumn::new(py, n)?;
            cols.push((name, scale, bytes));
            out.columns.push(raw);
        }
        Ok((out, cols))
    }

    /// The result of `quote_columns` for the glue: the decimal columns
    /// `cols` (filled), their validity, the error and warning columns.
    pub(super) fn into_dict<'py>(
        self,
        py: Python<'py>,
        n: usize,
        cols: Vec<(String, u32, Bound<'py, PyBytes>)>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let result = PyDict::new(py);
        result.set_item("n", n)?;
        let (offsets, data) = self.error_strings(n);
        let (warning_validity, indices, texts, warned) = self.warning_column();
        let ok = self.ok;
        let validity = bitmap(&ok).map(|b| PyBytes::new(py, &b));
        result.set_item("decimals", cols)?;
        result.set_item("validity", validity)?;
        let failed = ok.iter().filter(|ok| !**ok).count();
        let error_validity = if failed == 0 {
            // Every row quoted: an all-null error column.
            Some(PyBytes::new(py, &vec![0u8; n.div_ceil(8)]))
        } else {
            let errors_valid: Vec<bool> = ok.iter().map(|ok| !ok).collect();
            bitmap(&errors_valid).map(|b| PyBytes::new(py, &b))
        };
        result.set_item(
            "error",
            (
                error_validity,
                PyBytes::new(py, &offsets),
                PyBytes::new(py, &data),
            ),
        )?;
        result.set_item("error_count", failed)?;
        result.set_item(
            "warning",
            (
                warning_validity.map(|b| PyBytes::new(py, &b)),
                PyBytes::new(py, &indices),
                texts,
            ),
        )?;
        result.set_item("warning_count", warned)?;
        Ok(result)
    }

    /// Writes the rows `start..` of one chunk: its parse errors in `errors`,
    /// the quotes of its parsed rows (in order) in `b`. Column by column,
    /// each a tight loop.
    pub(super) fn fill(&mut self, start: usize, errors: &[Option<RowError>], b: &BatchResult) {
        let k = errors.len();
        let w = b.authorities.len();
        let count = k.div_ceil(PIECE);
        // The row of `b` of each chunk row (`u32::MAX`: it failed to parse),
        // unless every row parsed.
        let index: Vec<u32> = if b.len() == k {
            Vec::new()
        } else {
            let mut j = 0;
            errors
                .iter()
                .map(|e| match e {
                    Some(_) => u32::MAX,
                    None => {
                        j += 1;
                        j - 1
                    }
                })
                .collect()
        };
        self.fill_warnings(start, k, &index, b);
        let mut ok = split(&mut self.ok[start..start + k], PIECE, count);
        let mut columns: Vec<_> = self
            .columns
            .iter_mut()
            .map(|c| split(c.rows_mut(start, start + k), PIECE * 16, count))
            .collect();
        let pieces: Vec<OutPiece> = (0..count)
            .map(|p| OutPiece {
                start: p * PIECE,
                ok: ok.next().unwrap_or_default(),
                columns: columns
                    .iter_mut()
                    .map(|c| c.next().unwrap_or_default())
                    .collect(),
            })
            .collect();
        let messages: Vec<Vec<(usize, String)>> = pieces
            .into_par_iter()
            .map(|mut p| {
                let len = p.ok.len();
                let rows = p.start..p.start + len;
                // The row of `b` of each row of the piece, `None` when it failed to parse.
                let at = |r: usize| -> Option<usize> {
                    let r = p.start + r;
                    if index.is_empty() {
                        Some(r)
                    } else {
                        Some(index[r]).filter(|j| *j != u32::MAX).map(|j| j as usize)
                    }
                };
                let mut messages = Vec::new();
                for (r, e) in errors[rows.clone()].iter().enumerate() {
                    let failed = match (e, at(r)) {
                        (Some(e), _) => Some(e.to_string()),
                        (None, Some(j)) => b.errors[j].as_ref().map(|e| e.to_string()),
                        (None, None) => Some("internal: a row without its quote".to_string()),
                    };
                    p.ok[r] = failed.is_none();
                    if let Some(m) = failed {
                        messages.push((start + p.start + r, m));
                    }
                }
                // Amounts that do not fit their column's scale (the core's rounding rules them out).
                let mut unfit: Vec<usize> = Vec::new();
                let first = index.is_empty().then_some(p.start);
                let index = if index.is_empty() { &[][..] } else { &index[rows] };
                for (c, col) in p.columns.iter_mut().enumerate() {
                    let (ok, u) = (&*p.ok, &mut unfit);
                    match c {
                        0 => convert(col, ok, first, index, |j| b.duty[j], MONEY_SCALE, u),
                        1 => convert(col, ok, first, index, |j| b.fees[j], MONEY_SCALE, u),
                        2 => convert(col, ok, first, index, |j| b.total[j], MONEY_SCALE, u),
                        3 => convert(col, ok, first, index, |j| b.effective_rate[j], RATE_SCALE, u),
                        a => convert(col, ok, first, index, |j| b.by_authority[j * w + a - 4], MONEY_SCALE, u),
                    }
                }
                if !unfit.is_empty() {
                    unfit.sort_unstable();
                    unfit.dedup();
                    let mut row = vec![0i128; 4 + w];
                    for r in unfit {
                        let d = amounts(b, at(r).unwrap_or_default(), &mut row).err();
                        p.ok[r] = false;
                        for col in p.columns.iter_mut() {
                            col[r * 16..(r + 1) * 16].fill(0);
                        }
                        messages.push((
                            start + p.start + r,
                            format!(
                                "internal: amount {} has more decimal places than its output column",
                                d.unwrap_or_default()
                            ),
                        ));
                    }
                    messages.sort_by_key(|m| m.0);
                }
                messages
            })
            .collect();
        self.messages.extend(messages.into_iter().flatten());
    }

    /// Marks the rows `start..` of one chunk quoted with a warning (`index`
    /// as in [`Output::fill`]). Warned rows are few or share one text: each
    /// text is stored once, and rows keep its index.
    fn fill_warnings(&mut self, start: usize, k: usize, index: &[u32], b: &BatchResult) {
        if !b.warnings.iter().any(|&w| w != 0) {
            return;
        }
        let texts = &mut self.warning_texts;
        let mut last: Option<(&str, i32)> = None;
        for (r, o) in self.warnings[start..start + k].iter_mut().enumerate() {
            let j = if index.is_empty() {
                r
            } else if index[r] == u32::MAX {
                continue;
            } else {
                index[r] as usize
            };
            let Some(w) = b.warning(j) else { continue };
            *o = match last {
                Some((t, i)) if std::ptr::eq(t, w) || t == w => i,
                _ => {
                    let i = texts.iter().position(|t| t == w).unwrap_or_else(|| {
                        texts.push(w.to_string());
                        texts.len() - 1
                    }) as i32;
                    last = Some((w, i));
                    i
                }
            };
        }
    }

    /// The warning column as a dictionary array's parts: the validity
    /// bitmap of the indices (`None` when every row has a warning), the
    /// indices (little-endian i32, 0 where there is none), the texts, and
    /// the number of rows with a warning (failed rows have none).
    fn warning_column(&self) -> (Option<Vec<u8>>, Vec<u8>, Vec<String>, usize) {
        let valid: Vec<bool> = self
            .warnings
            .iter()
            .zip(&self.ok)
            .map(|(&i, &ok)| ok && i >= 0)
            .collect();
        let count = valid.iter().filter(|v| **v).count();
        let mut bytes = Vec::with_capacity(self.warnings.len() * 4);
        for (&i, &v) in self.warnings.iter().zip(&valid) {
            bytes.extend_from_slice(&if v { i } else { 0 }.to_le_bytes());
        }
        (bitmap(&valid), bytes, self.warning_texts.clone(), count)
    }

    /// The error column's offsets (`n + 1`, little-endian i64 bytes) and data.
    fn error_strings(&self, n: usize) -> (Vec<u8>, Vec<u8>) {
        let mut offsets: Vec<i64> = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut data = Vec::new();
        for (row, m) in &self.messages {
            offsets.resize(row + 1, data.len() as i64);
            data.extend_from_slice(m.as_bytes());
            offsets.push(data.len() as i64);
        }
        offsets.resize(n + 1, data.len() as i64);
        let mut bytes = Vec::with_capacity(offsets.len() * 8);
        for o in &offsets {
            bytes.extend_from_slice(&o.to_le_bytes());
        }
        (bytes, data)
    }
}

/// Writes one output column of a piece: `get(j)` as a count of `10^-scale`
/// for each row that quoted, where `j` is the row's index in the chunk's
/// [`BatchResult`] (`first + r` when every row of the chunk parsed, else
/// `index[r]`), zero for the others; rows whose amount does not fit go to
/// `unfit`.
#[inline]
fn convert(
    col: &mut [u8],
    ok: &[bool],
    first: Option<usize>,
    index: &[u32],
    get: impl Fn(usize) -> Decimal,
    scale: u32,
    unfit: &mut Vec<usize>,
) {
    for (r, (cell, ok)) in col.chunks_exact_mut(16).zip(ok).enumerate() {
        let mut v = 0i128;
        if *ok {
            let j = match first {
                Some(f) => f + r,
                None => index[r] as usize,
            };
            match scaled(get(j), scale) {
                Some(x) => v = x,
                None => unfit.push(r),
            }
        }
        cell.copy_from_slice(&v.to_le_bytes());
    }
}

/// Row `j` of `b` as output integers (`duty`, `fees`, `total`,
/// `effective_rate`, the authorities) into `row`, or the amount that has
/// more digits after the point than its column holds (the core's rounding
/// rules this out).
fn amounts(b: &BatchResult, j: usize, row: &mut [i128]) -> Result<(), Decimal> {
    let w = b.authorities.len();
    let money = [b.duty[j], b.fees[j], b.total[j]];
    for (slot, d) in row.iter_mut().zip(money) {
        *slot = scaled(d, MONEY_SCALE).ok_or(d)?;
    }
    row[3] = scaled(b.effective_rate[j], RATE_SCALE).ok_or(b.effective_rate[j])?;
    for (slot, d) in row[4..].iter_mut().zip(&b.by_authority[j * w..(j + 1) * w]) {
        *slot = scaled(*d, MONEY_SCALE).ok_or(*d)?;
    }
    Ok(())
}

/// `d` as an integer count of `10^-scale`, exactly, or `None` when `d` has
/// more significant digits after the point.
#[inline]
pub fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    if d.is_zero() {
        // Every authority that did not apply, and fees below their threshold.
        return Some(0);
    }
    let m = d.mantissa();
    let s = d.scale();
    if s == scale {
        // The common case: the core's amounts have 2 places, its rates 6.
        return Some(m);
    }
    if s < scale {
        if let (Some(f), Ok(small)) = (POW10.get((scale - s) as usize), i64::try_from(m)) {
            // 64-bit arithmetic where it fits (a 128-bit checked multiply is a slow call).
            if let Some(x) = small.checked_mul(*f) {
                return Some(i128::from(x));
            }
        }
        m.checked_mul(10i128.checked_pow(scale - s)?)
    } else {
        let f = 10i128.checked_pow(s - scale)?;
        (m % f == 0).then(|| m / f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_is_exact_or_none() {
        assert_eq!(scaled(Decimal::new(2673, 2), 2), Some(2673));
        assert_eq!(scaled(Decimal::new(267300, 4), 2), Some(2673));
        assert_eq!(scaled(Decimal::new(267301, 4), 2), None);
        assert_eq!(scaled(Decimal::new(5, 0), 6), Some(5_000_000));
        assert_eq!(scaled(Decimal::new(-15, 1), 2), Some(-150));
    }
}
