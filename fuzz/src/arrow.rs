//! Target `arrow`: a record batch of up to 8 columns and 24 rows, each
//! column named from the entry fields (or not), of one of the Arrow types
//! the core reads or refuses (text of every kind and dictionaries of it,
//! decimal128 of any precision and scale, integers, floats, dates, lists,
//! nulls, booleans), its cells from the input bytes. Quoted with
//! [`tariffs::Schedule::quote_record_batch`] on the fixture and the builtin,
//! with [`tariffs::arrow::ArrowQuoter`] in two pushes, and as lines:
//!
//! - the call never panics; it fails only with `InvalidInput` naming a column;
//! - the result has one row per input row, the fixed columns, and the same
//!   numbers through the quoter;
//! - a row is failed (null amounts) exactly when it has an error and an
//!   error kind; a quoted row has total = duty + fees, and its authority
//!   cells sum to duty + fees;
//! - when every entry column is text, each row equals its one-by-one quote
//!   (`EntryText::parse` then `Schedule::quote`): the same amounts, or the
//!   same error.

use arbitrary::{Arbitrary, Unstructured};
use std::sync::Arc;
use tariffs::arrow::arrow_array::types::{Int32Type, Int8Type};
use tariffs::arrow::arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Date64Array, Decimal128Array, DictionaryArray,
    Float64Array, Int64Array, LargeStringArray, ListArray, NullArray, RecordBatch, StringArray,
    StringViewArray, UInt64Array,
};
use tariffs::arrow::arrow_schema::{DataType, Field, Schema};
use tariffs::arrow::ArrowOptions;
use tariffs::{EntryText, Error, Schedule};

const NAMES: &[&str] = &[
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
    "qty_kg",
    "qty_no",
    "qty_kg[copper content]",
    "qty_bogus",
    "other",
];

const TEXTS: &[&str] = &[
    "6109.10.00.12",
    "6109.10.00",
    "8517130000",
    "7208.10.15.00",
    "61x9",
    "",
    "CN",
    "VN",
    "MX",
    "ca",
    "XX",
    "1000",
    "54.50",
    "-1",
    "800.01",
    "1e3",
    "2025-03-10",
    "2025-05-02",
    "2026-08-01",
    "2027-01-01",
    "bad",
    "air",
    "postal",
    "USMCA",
    "USMCA,KORUS",
    "EUR",
    "1.1",
    "US",
];

#[derive(Arbitrary, Debug)]
enum Kind {
    Utf8,
    Large,
    View,
    Dict8,
    Dict32,
    Decimal(u8, i8),
    Int64,
    UInt64,
    Float64,
    Date32,
    Date64,
    List,
    Null,
    Bool,
}

#[derive(Arbitrary, Debug)]
struct Col {
    name: u8,
    kind: Kind,
    cells: Vec<Option<(u8, i64)>>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    rows: u8,
    columns: Vec<Col>,
    split: u8,
}

fn text(c: &Option<(u8, i64)>) -> Option<String> {
    c.map(|(t, x)| match t % 8 {
        0 => x.to_string(),
        _ => TEXTS[usize::from(t) % TEXTS.len()].to_string(),
    })
}

fn array(c: &Col, n: usize) -> ArrayRef {
    let cell = |i: usize| c.cells.get(i).cloned().flatten();
    let texts: Vec<Option<String>> = (0..n).map(|i| text(&cell(i))).collect();
    let nums = || (0..n).map(move |i| cell(i).map(|(_, x)| x));
    match c.kind {
        Kind::Utf8 => Arc::new(StringArray::from(texts)),
        Kind::Large => Arc::new(LargeStringArray::from(texts)),
        Kind::View => Arc::new(StringViewArray::from(texts)),
        Kind::Dict8 => Arc::new(
            texts
                .iter()
                .map(|t| t.as_deref())
                .collect::<DictionaryArray<Int8Type>>(),
        ),
        Kind::Dict32 => Arc::new(
            texts
                .iter()
                .map(|t| t.as_deref())
                .collect::<DictionaryArray<Int32Type>>(),
        ),
        Kind::Decimal(p, s) => {
            let p = 1 + p % 38;
            let s = s.clamp(-38, p as i8);
            let a = Decimal128Array::from_iter(nums().map(|x| x.map(i128::from)));
            match a.with_precision_and_scale(p, s) {
                Ok(a) => Arc::new(a),
                Err(_) => Arc::new(NullArray::new(n)),
            }
        }
        Kind::Int64 => Arc::new(Int64Array::from_iter(nums())),
        Kind::UInt64 => Arc::new(UInt64Array::from_iter(nums().map(|x| x.map(|v| v as u64)))),
        Kind::Float64 => Arc::new(Float64Array::from_iter(nums().map(|x| x.map(|v| v as f64)))),
        Kind::Date32 => Arc::new(Date32Array::from_iter(nums().map(|x| x.map(|v| v as i32)))),
        Kind::Date64 => Arc::new(Date64Array::from_iter(nums())),
        Kind::List => {
            let lists = texts.iter().map(|t| {
                t.as_ref().map(|t| {
                    t.split(',')
                        .map(|p| Some(p.to_string()))
                        .collect::<Vec<_>>()
                })
            });
            Arc::new(ListArray::from_iter_primitive_or_strings(lists))
        }
        Kind::Null => Arc::new(NullArray::new(n)),
        Kind::Bool => Arc::new(BooleanArray::from_iter(
            nums().map(|x| x.map(|v| v % 2 == 0)),
        )),
    }
}

/// A list array of strings (arrow-rs builds lists of primitives directly;
/// strings through a builder).
trait ListOfStrings {
    fn from_iter_primitive_or_strings(
        it: impl Iterator<Item = Option<Vec<Option<String>>>>,
    ) -> ListArray;
}

impl ListOfStrings for ListArray {
    fn from_iter_primitive_or_strings(
        it: impl Iterator<Item = Option<Vec<Option<String>>>>,
    ) -> ListArray {
        use tariffs::arrow::arrow_array::builder::{ListBuilder, StringBuilder};
        let mut b = ListBuilder::new(StringBuilder::new());
        for l in it {
            match l {
                Some(items) => {
                    for i in items {
                        b.values().append_option(i);
                    }
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        b.finish()
    }
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary(&mut u) else {
        return;
    };
    let n = usize::from(input.rows % 25);
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for c in input.columns.iter().take(8) {
        let a = array(c, n);
        let name = NAMES[usize::from(c.name) % NAMES.len()];
        fields.push(Field::new(name, a.data_type().clone(), true));
        arrays.push(a);
    }
    let Ok(batch) = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays) else {
        return;
    };
    let builtin = crate::builtin();
    for s in [crate::fixture(), &builtin] {
        check(s, &batch, usize::from(input.split));
    }
}

fn decimal(a: &ArrayRef, i: usize) -> Option<i128> {
    let d = a
        .as_any()
        .downcast_ref::<Decimal128Array>()
        .expect("decimal128");
    d.is_valid(i).then(|| d.value(i))
}

fn check(s: &Schedule, batch: &RecordBatch, split: usize) {
    let out = match s.quote_record_batch(batch) {
        Ok(o) => o,
        Err(e) => {
            assert!(
                matches!(e, Error::InvalidInput { .. }),
                "a whole-call error is InvalidInput naming a column: {e:?}"
            );
            crate::invariants::check_error(&e);
            return;
        }
    };
    let n = batch.num_rows();
    assert_eq!(out.num_rows(), n, "one result row per input row");
    // The same numbers in two pushes.
    let k = if n == 0 { 0 } else { split % (n + 1) };
    let mut q = s.arrow_quoter(ArrowOptions::default());
    q.push(&batch.slice(0, k))
        .expect("the first part reads as the whole");
    q.push(&batch.slice(k, n - k))
        .expect("the second part reads as the whole");
    let lines = q.finish_lines().expect("lines");
    let two = q.finish().expect("the pushes finish");
    for name in ["duty", "fees", "total", "effective_rate"] {
        let (a, b) = (
            out.column_by_name(name).unwrap(),
            two.column_by_name(name).unwrap(),
        );
        for i in 0..n {
            assert_eq!(
                decimal(a, i),
                decimal(b, i),
                "{name} of row {i}: one push vs two"
            );
        }
    }
    let get = |name: &str| out.column_by_name(name).expect("a fixed column").clone();
    let (duty, fees, total) = (get("duty"), get("fees"), get("total"));
    let (error, kind) = (get("error"), get("error_kind"));
    let fixed = [
        "duty",
        "fees",
        "total",
        "effective_rate",
        "error",
        "error_kind",
        "warning",
    ];
    let authorities: Vec<ArrayRef> = out
        .schema()
        .fields()
        .iter()
        .zip(out.columns())
        .filter(|(f, _)| !fixed.contains(&f.name().as_str()))
        .map(|(_, c)| c.clone())
        .collect();
    let mut line_sum = vec![0i128; n];
    let rows = lines
        .column(0)
        .as_any()
        .downcast_ref::<UInt64Array>()
        .unwrap();
    let amounts = lines.column(2).clone();
    for j in 0..lines.num_rows() {
        line_sum[rows.value(j) as usize] += decimal(&amounts, j).unwrap();
    }
    for (i, lines_total) in line_sum.iter().enumerate() {
        let failed = duty.is_null(i);
        assert_eq!(
            failed,
            error.is_valid(i),
            "row {i}: failed iff it has an error"
        );
        assert_eq!(
            failed,
            kind.is_valid(i),
            "row {i}: failed iff it has an error kind"
        );
        if failed {
            assert!(
                authorities.iter().all(|a| a.is_null(i)),
                "row {i}: failed, yet amounts"
            );
            continue;
        }
        let (d, f, t) = (
            decimal(&duty, i).unwrap(),
            decimal(&fees, i).unwrap(),
            decimal(&total, i).unwrap(),
        );
        assert_eq!(d + f, t, "row {i}: total = duty + fees");
        let cells: i128 = authorities.iter().map(|a| decimal(a, i).unwrap()).sum();
        assert_eq!(cells, t, "row {i}: the authority cells sum to the total");
        assert_eq!(*lines_total, t, "row {i}: the lines sum to the total");
    }
    one_by_one(s, batch, &out);
}

/// When every entry column is utf8, each row is its one-by-one quote.
fn one_by_one(s: &Schedule, batch: &RecordBatch, out: &RecordBatch) {
    let schema = batch.schema();
    let mut col = std::collections::HashMap::new();
    for (f, a) in schema.fields().iter().zip(batch.columns()) {
        if f.data_type() != &DataType::Utf8 || col.insert(f.name().clone(), a.clone()).is_some() {
            return; // another type, or a name twice: not compared
        }
    }
    if col.keys().any(|k| k.starts_with("qty_") || k == "claims") {
        return;
    }
    let cell = |name: &str, i: usize| -> Option<String> {
        let a = col.get(name)?.as_any().downcast_ref::<StringArray>()?;
        a.is_valid(i).then(|| a.value(i).to_string())
    };
    let duty = out.column_by_name("duty").unwrap();
    let error = out.column_by_name("error").unwrap();
    let error = error.as_any().downcast_ref::<StringArray>().unwrap();
    for i in 0..batch.num_rows() {
        let f: Vec<Option<String>> = [
            "importer",
            "origin",
            "hts",
            "value",
            "currency",
            "exchange_rate",
            "date",
            "loaded_on",
            "mode",
        ]
        .iter()
        .map(|n| cell(n, i))
        .collect();
        let t = EntryText {
            importer: f[0].as_deref(),
            origin: f[1].as_deref().unwrap_or(""),
            hts: f[2].as_deref().unwrap_or(""),
            value: f[3].as_deref().unwrap_or(""),
            currency: f[4].as_deref(),
            exchange_rate: f[5].as_deref(),
            date: f[6].as_deref().unwrap_or(""),
            loaded_on: f[7].as_deref(),
            mode: f[8].as_deref(),
            claims: Vec::new(),
            quantities: Vec::new(),
        };
        match t.parse().and_then(|e| s.quote(&e)) {
            Ok(q) => {
                assert!(
                    error.is_null(i),
                    "row {i}: quotes one by one, fails in the batch: {}",
                    error.value(i)
                );
                assert_eq!(
                    decimal(duty, i),
                    Some(q.duty.mantissa() * 10i128.pow(2 - q.duty.scale())),
                    "row {i}: duty"
                );
            }
            Err(e) => {
                assert!(
                    error.is_valid(i),
                    "row {i}: fails one by one ({e}), quotes in the batch"
                );
                assert_eq!(error.value(i), e.to_string(), "row {i}: the error");
            }
        }
    }
}
