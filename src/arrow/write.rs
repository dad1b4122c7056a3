//! The result batches: the quoted rows as Arrow columns.

use super::run::{Quoted, MONEY_SCALE, RATE_SCALE};
use super::Layout;
use crate::error::{Error, ErrorKind, Result};
use crate::schedule::Schedule;
use arrow_array::builder::StringBuilder;
use arrow_array::types::{Int16Type, Int8Type};
use arrow_array::{
    ArrayRef, Decimal128Array, DictionaryArray, Int16Array, Int8Array, RecordBatch, StringArray,
    UInt64Array,
};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use rayon::prelude::*;
use std::sync::Arc;

/// The result columns besides the authorities': an authority of one of
/// these names gets the prefix `authority_`.
pub(super) const FIXED: [&str; 7] = [
    "duty",
    "fees",
    "total",
    "effective_rate",
    "error",
    "error_kind",
    "warning",
];

/// Arrow's decimal128 precision: every amount of the engine (96-bit
/// mantissas) fits.
pub(super) const PRECISION: u8 = 38;

fn decimals(values: Vec<i128>, nulls: Option<NullBuffer>, scale: u32) -> Result<ArrayRef> {
    let a = Decimal128Array::new(ScalarBuffer::from(values), nulls)
        .with_precision_and_scale(PRECISION, scale as i8)
        .map_err(|e| Error::invalid("result", e.to_string(), "a decimal128 column"))?;
    Ok(Arc::new(a))
}

fn too_large(e: impl std::fmt::Display) -> Error {
    Error::invalid(
        "result",
        e.to_string(),
        "a result that fits Arrow arrays: quote fewer rows per batch",
    )
}

/// The wide result of `parts`, in order; the columns are built in parallel.
pub(super) fn wide(s: &Schedule, parts: &[Quoted], layout: Layout) -> Result<RecordBatch> {
    let n: usize = parts.iter().map(Quoted::len).sum();
    let ok: Vec<bool> = parts.iter().flat_map(|p| p.ok.iter().copied()).collect();
    let nulls = Some(NullBuffer::from(ok)).filter(|b| b.null_count() > 0);
    let cat = |f: fn(&Quoted) -> &Vec<i128>| -> Vec<i128> {
        let mut v = Vec::with_capacity(n);
        for p in parts {
            v.extend_from_slice(f(p));
        }
        v
    };
    type Getter = fn(&Quoted) -> &Vec<i128>;
    let fixed: [(&str, Getter, u32); 4] = [
        ("duty", |p| &p.duty, MONEY_SCALE),
        ("fees", |p| &p.fees, MONEY_SCALE),
        ("total", |p| &p.total, MONEY_SCALE),
        ("effective_rate", |p| &p.rate, RATE_SCALE),
    ];
    let (fixed, authorities) = rayon::join(
        || {
            fixed
                .par_iter()
                .map(|(name, f, scale)| {
                    Ok((name.to_string(), decimals(cat(*f), nulls.clone(), *scale)?))
                })
                .collect::<Result<Vec<_>>>()
        },
        || match layout {
            Layout::Wide => authority_columns(s, parts, n, &nulls, false),
            Layout::AllAuthorities => authority_columns(s, parts, n, &nulls, true),
            Layout::Lines => Ok(Vec::new()),
        },
    );
    let mut columns = fixed?;
    columns.extend(authorities?);
    let (error, error_kind) = error_columns(parts, n)?;
    columns.push(("error".into(), error));
    columns.push(("error_kind".into(), error_kind));
    columns.push(("warning".into(), warnings(s, parts)?));
    RecordBatch::try_from_iter(columns).map_err(too_large)
}

/// One column per authority some row has a line of (or, with `all`, per
/// authority of the schedule), each part's rows written by its own thread.
fn authority_columns(
    s: &Schedule,
    parts: &[Quoted],
    n: usize,
    nulls: &Option<NullBuffer>,
    all: bool,
) -> Result<Vec<(String, ArrayRef)>> {
    let names = s.engine().authorities();
    let mut present = vec![all; names.len()];
    for p in parts {
        for &(_, a, _) in &p.lines {
            present[usize::from(a)] = true;
        }
    }
    let shown: Vec<usize> = (0..names.len()).filter(|a| present[*a]).collect();
    let mut slot = vec![usize::MAX; names.len()];
    for (k, a) in shown.iter().enumerate() {
        slot[*a] = k;
    }
    let mut cols: Vec<Vec<i128>> = shown.iter().map(|_| vec![0; n]).collect();
    // Per part, its rows of every column.
    let mut per_part: Vec<Vec<&mut [i128]>> = parts.iter().map(|_| Vec::new()).collect();
    for col in &mut cols {
        let mut rest: &mut [i128] = col;
        for (p, slices) in parts.iter().zip(&mut per_part) {
            let (mine, more) = std::mem::take(&mut rest).split_at_mut(p.len());
            slices.push(mine);
            rest = more;
        }
    }
    per_part
        .into_par_iter()
        .zip(parts)
        .for_each(|(mut slices, p)| {
            for &(r, a, c) in &p.lines {
                slices[slot[usize::from(a)]][r] += c;
            }
        });
    shown
        .iter()
        .zip(cols)
        .map(|(a, values)| {
            let name = &*names[*a];
            let name = if FIXED.contains(&name) {
                format!("authority_{name}")
            } else {
                name.to_string()
            };
            Ok((name, decimals(values, nulls.clone(), MONEY_SCALE)?))
        })
        .collect()
}

/// The `error` and `error_kind` columns: the message of each failed row
/// (formatted once) and [`ErrorKind::as_str`] of its error.
fn error_columns(parts: &[Quoted], n: usize) -> Result<(ArrayRef, ArrayRef)> {
    let kinds = StringArray::from_iter_values(ErrorKind::ALL.iter().map(|k| k.as_str()));
    let kind_of = |e: &Error| {
        ErrorKind::ALL
            .iter()
            .position(|k| *k == e.kind())
            .unwrap_or(0) as i8
    };
    // (row of the whole result, message, kind) of each failed row, in order.
    let mut failed: Vec<(usize, String, i8)> = Vec::new();
    let mut at = 0;
    for p in parts {
        failed.extend(
            p.errors
                .iter()
                .map(|(r, e)| (at + r, e.to_string(), kind_of(e))),
        );
        at += p.len();
    }
    let bytes: usize = failed.iter().map(|(_, m, _)| m.len()).sum();
    if i32::try_from(bytes).is_err() {
        return Err(too_large(format!("{bytes} bytes of error text")));
    }
    let mut keys: Vec<Option<i8>> = vec![None; n];
    let text: ArrayRef = if failed.is_empty() {
        Arc::new(StringArray::new_null(n))
    } else {
        let mut b = StringBuilder::with_capacity(n, bytes);
        let mut next = failed.iter().peekable();
        for (r, key) in keys.iter_mut().enumerate() {
            match next.next_if(|(row, _, _)| *row == r) {
                Some((_, m, k)) => {
                    b.append_value(m);
                    *key = Some(*k);
                }
                None => b.append_null(),
            }
        }
        Arc::new(b.finish())
    };
    let kind = DictionaryArray::<Int8Type>::try_new(Int8Array::from(keys), Arc::new(kinds))
        .map_err(too_large)?;
    Ok((text, Arc::new(kind)))
}

/// The `warning` column: the coverage warning of each row quoted with it.
fn warnings(s: &Schedule, parts: &[Quoted]) -> Result<ArrayRef> {
    let keys: Int8Array = parts
        .iter()
        .flat_map(|p| p.warned.iter().map(|w| w.then_some(0i8)))
        .collect();
    let text = s.date_check().batch_warning();
    let d = DictionaryArray::<Int8Type>::try_new(keys, Arc::new(StringArray::from(vec![text])))
        .map_err(too_large)?;
    Ok(Arc::new(d))
}

/// The long table: one row per (input row, authority) of the quoted rows.
pub(super) fn lines(s: &Schedule, parts: &[Quoted]) -> Result<RecordBatch> {
    let names = s.engine().authorities();
    let (mut rows, mut auth, mut amount) = (Vec::new(), Vec::new(), Vec::new());
    let mut at = 0u64;
    for p in parts {
        let mut i = 0;
        while i < p.lines.len() {
            let r = p.lines[i].0;
            let mut j = i;
            while j < p.lines.len() && p.lines[j].0 == r {
                j += 1;
            }
            // The lines of row r, summed per authority in first-seen order.
            let first = rows.len();
            for &(_, a, c) in &p.lines[i..j] {
                let a = i16::try_from(a).map_err(too_large)?;
                match auth[first..].iter().position(|x| *x == a) {
                    Some(k) => amount[first + k] += c,
                    None => {
                        rows.push(at + r as u64);
                        auth.push(a);
                        amount.push(c);
                    }
                }
            }
            i = j;
        }
        at += p.len() as u64;
    }
    let values = StringArray::from_iter_values(names.iter().map(|n| &**n));
    let authority = DictionaryArray::<Int16Type>::try_new(Int16Array::from(auth), Arc::new(values))
        .map_err(too_large)?;
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("row", Arc::new(UInt64Array::from(rows))),
        ("authority", Arc::new(authority)),
        ("amount", decimals(amount, None, MONEY_SCALE)?),
    ];
    RecordBatch::try_from_iter(columns).map_err(too_large)
}
