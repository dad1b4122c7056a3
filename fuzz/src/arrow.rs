//! Target `arrow`: the Arrow input of the Python binding's `quote_many`
//! (`bindings/python/src/arrow.rs` and `batch.rs`), called from Rust with an
//! embedded Python interpreter (no pyarrow: the arrays are built here as
//! Arrow C data interface structs and handed over in PyCapsules, as
//! pyarrow's `__arrow_c_array__` does).
//!
//! The bytes choose up to 16 rows and, per column (the required `hts`,
//! `origin`, `value`, `date`, the optional `importer`, `mode`, `currency`,
//! `exchange_rate`, `loaded_on`, `claims`, and `qty_<unit>` columns), its
//! Arrow type (utf8, large_utf8, int64, decimal128 with any scale, date32),
//! its cells and nulls. `tariffs_python::batch::quote_columns` quotes them on the
//! fixture; each row must be what the core gives for the cells' text
//! (`EntryText::parse` then `Schedule::quote`, the text of a cell being
//! `tariffs_python::arrow::cell_text`): the same duty, fees, total and
//! per-authority amounts, or the same error message.
//!
//! The interpreter needs `PYTHONHOME` (and `LD_LIBRARY_PATH` for a shared
//! libpython): `scripts/fuzz.sh` sets both.

use arbitrary::{Arbitrary, Unstructured};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr, CString};
use tariffs::{EntryText, Quote};
use tariffs_python::arrow::{cell_text, Cell};

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

// The memory belongs to the target (kept alive for the call): release does nothing.
unsafe extern "C" fn release_schema(_: *mut FfiSchema) {}
unsafe extern "C" fn release_array(_: *mut FfiArray) {}

const TEXTS: &[&str] = &[
    "CN",
    "VN",
    "MX",
    "CA",
    "DE",
    "US",
    "XX",
    "cn",
    " CN ",
    "6109.10.00.12",
    "6109.10.00",
    "0406.10.10",
    "2709.00.10",
    "8703.23.01",
    "54",
    "1000",
    "0",
    "-1",
    "1e3",
    "2500.01",
    "2025-04-01",
    "2025-05-02",
    "2026-03-01",
    "2024-01-01",
    "ocean",
    "air",
    "postal",
    "express",
    "boat",
    "USMCA",
    "USMCA,S",
    "",
    "EUR",
    "USD",
    "1.0825",
    "0",
    "10",
    "12.5",
];
const QTY_KEYS: &[&str] = &[
    "kg",
    "no",
    "doz",
    "bbl",
    "KG",
    "kg[copper content]",
    "furlongs",
    " kg ",
];

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Kind {
    Utf8,
    LargeUtf8,
    Int64,
    Decimal(i8),
    Date32,
}

#[derive(Debug, Arbitrary)]
enum Value {
    Null,
    Pool(u8),
    Free(String),
    Int(i64),
    Small(i16),
    Mantissa(i128),
    Days(i32),
    DayOf2025(u16),
}

#[derive(Debug, Arbitrary)]
struct Col {
    kind: Kind,
    cells: Vec<Value>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    rows: u8,
    hts: Col,
    origin: Col,
    value: Col,
    date: Col,
    optional: Vec<(u8, Col)>,
    quantities: Vec<(u8, Col)>,
}

const OPTIONAL: &[&str] = &[
    "importer",
    "mode",
    "currency",
    "exchange_rate",
    "loaded_on",
    "claims",
];

/// One built Arrow array and the memory it points to.
struct Built {
    schema: Box<FfiSchema>,
    array: Box<FfiArray>,
    _format: CString,
    _buffers: Box<[*const c_void]>,
    _data: Vec<Vec<u8>>,
    /// The cells as the reference reads them.
    cells: Vec<OwnedCell>,
}

#[derive(Debug, Clone)]
enum OwnedCell {
    Null,
    Text(String),
    Int(i64),
    Decimal(i128, i32),
    Days(i32),
}

impl OwnedCell {
    fn cell(&self) -> Cell<'_> {
        match self {
            OwnedCell::Null => Cell::Null,
            OwnedCell::Text(t) => Cell::Text(t),
            OwnedCell::Int(v) => Cell::Int(*v),
            OwnedCell::Decimal(m, s) => Cell::Decimal(*m, *s),
            OwnedCell::Days(d) => Cell::Days(*d),
        }
    }

    fn text(&self) -> Option<String> {
        let mut buf = String::new();
        cell_text(self.cell(), &mut buf).map(str::to_string)
    }
}

impl Col {
    fn build(&self, n: usize) -> Built {
        let scale = match self.kind {
            Kind::Decimal(s) => i32::from(s) % 40,
            _ => 0,
        };
        let cells: Vec<OwnedCell> = (0..n)
            .map(|i| match self.cells.get(i).unwrap_or(&Value::Null) {
                Value::Null => OwnedCell::Null,
                v => match self.kind {
                    Kind::Utf8 | Kind::LargeUtf8 => OwnedCell::Text(match v {
                        Value::Pool(p) => TEXTS[usize::from(*p) % TEXTS.len()].to_string(),
                        Value::Free(s) => s.chars().take(40).collect(),
                        Value::Int(x) => x.to_string(),
                        Value::Small(x) => x.to_string(),
                        Value::Mantissa(m) => m.to_string(),
                        Value::Days(d) => d.to_string(),
                        Value::DayOf2025(d) => {
                            let date: tariffs::Date = "2025-01-01".parse().expect("a date");
                            date.add_days(i32::from(*d % 730)).to_string()
                        }
                        Value::Null => unreachable!(),
                    }),
                    Kind::Int64 => OwnedCell::Int(match v {
                        Value::Int(x) => *x,
                        Value::Small(x) => i64::from(*x),
                        Value::Pool(p) => i64::from(*p),
                        Value::Mantissa(m) => *m as i64,
                        Value::Days(d) => i64::from(*d),
                        Value::DayOf2025(d) => i64::from(*d),
                        _ => 1000,
                    }),
                    Kind::Decimal(_) => OwnedCell::Decimal(
                        match v {
                            Value::Mantissa(m) => *m,
                            Value::Int(x) => i128::from(*x),
                            Value::Small(x) => i128::from(*x),
                            Value::Pool(p) => i128::from(*p) * 100,
                            _ => 5400,
                        },
                        scale,
                    ),
                    Kind::Date32 => OwnedCell::Days(match v {
                        Value::Days(d) => *d,
                        Value::DayOf2025(d) => 20089 + i32::from(*d % 730),
                        Value::Small(x) => 20089 + i32::from(*x),
                        Value::Int(x) => *x as i32,
                        _ => 20200,
                    }),
                },
            })
            .collect();
        let mut validity = vec![0u8; n.div_ceil(8).max(1)];
        for (i, c) in cells.iter().enumerate() {
            if !matches!(c, OwnedCell::Null) {
                validity[i / 8] |= 1 << (i % 8);
            }
        }
        let mut data: Vec<Vec<u8>> = vec![validity];
        let format = match self.kind {
            Kind::Utf8 | Kind::LargeUtf8 => {
                let large = matches!(self.kind, Kind::LargeUtf8);
                let mut offsets = Vec::new();
                let mut bytes = Vec::new();
                let mut push = |o: usize| {
                    if large {
                        offsets.extend_from_slice(&(o as i64).to_le_bytes())
                    } else {
                        offsets.extend_from_slice(&(o as i32).to_le_bytes())
                    }
                };
                push(0);
                for c in &cells {
                    if let OwnedCell::Text(t) = c {
                        bytes.extend_from_slice(t.as_bytes());
                    }
                    push(bytes.len());
                }
                bytes.push(0); // never an empty (null) data buffer
                data.push(offsets);
                data.push(bytes);
                if large {
                    "U".to_string()
                } else {
                    "u".to_string()
                }
            }
            Kind::Int64 => {
                data.push(
                    cells
                        .iter()
                        .flat_map(|c| {
                            match c {
                                OwnedCell::Int(v) => *v,
                                _ => 0,
                            }
                            .to_le_bytes()
                        })
                        .collect(),
                );
                "l".to_string()
            }
            Kind::Decimal(_) => {
                data.push(
                    cells
                        .iter()
                        .flat_map(|c| {
                            match c {
                                OwnedCell::Decimal(m, _) => *m,
                                _ => 0,
                            }
                            .to_le_bytes()
                        })
                        .collect(),
                );
                format!("d:38,{scale}")
            }
            Kind::Date32 => {
                data.push(
                    cells
                        .iter()
                        .flat_map(|c| {
                            match c {
                                OwnedCell::Days(d) => *d,
                                _ => 0,
                            }
                            .to_le_bytes()
                        })
                        .collect(),
                );
                "tdD".to_string()
            }
        };
        // Keep every buffer non-empty so that no pointer is dangling.
        for d in &mut data {
            if d.is_empty() {
                d.push(0);
            }
        }
        let format = CString::new(format).expect("no NUL");
        let buffers: Box<[*const c_void]> =
            data.iter().map(|d| d.as_ptr().cast::<c_void>()).collect();
        let mut built = Built {
            schema: Box::new(FfiSchema {
                format: format.as_ptr(),
                name: std::ptr::null(),
                metadata: std::ptr::null(),
                flags: 2,
                n_children: 0,
                children: std::ptr::null_mut(),
                dictionary: std::ptr::null_mut(),
                release: Some(release_schema),
                private_data: std::ptr::null_mut(),
            }),
            array: Box::new(FfiArray {
                length: n as i64,
                null_count: cells
                    .iter()
                    .filter(|c| matches!(c, OwnedCell::Null))
                    .count() as i64,
                offset: 0,
                n_buffers: buffers.len() as i64,
                n_children: 0,
                buffers: std::ptr::null_mut(),
                children: std::ptr::null_mut(),
                dictionary: std::ptr::null_mut(),
                release: Some(release_array),
                private_data: std::ptr::null_mut(),
            }),
            _format: format,
            _buffers: buffers,
            _data: data,
            cells,
        };
        built.array.buffers = built._buffers.as_ptr().cast_mut();
        built
    }

    /// An object with `__arrow_c_array__` returning capsules of this column.
    fn object<'py>(
        py: Python<'py>,
        b: &mut Built,
        make: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        static SCHEMA: &CStr = c"arrow_schema";
        static ARRAY: &CStr = c"arrow_array";
        // SAFETY: the structs outlive the call (they are in `b`, dropped after it).
        let (s, a) = unsafe {
            let s = pyo3::ffi::PyCapsule_New(
                (&mut *b.schema as *mut FfiSchema).cast(),
                SCHEMA.as_ptr(),
                None,
            );
            let a = pyo3::ffi::PyCapsule_New(
                (&mut *b.array as *mut FfiArray).cast(),
                ARRAY.as_ptr(),
                None,
            );
            (
                Bound::from_owned_ptr_or_err(py, s)?,
                Bound::from_owned_ptr_or_err(py, a)?,
            )
        };
        make.call1((s, a))
    }
}

fn python() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(Python::initialize);
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary(&mut u) else {
        return;
    };
    let n = usize::from(input.rows % 17);
    python();
    Python::attach(|py| run_py(py, &input, n)).expect("the Python side of the target works");
}

fn run_py(py: Python<'_>, input: &Input, n: usize) -> PyResult<()> {
    let make = py.eval(
        c"lambda s, a: __import__('types').SimpleNamespace(__arrow_c_array__=lambda *args: (s, a))",
        None,
        None,
    )?;
    let mut built: Vec<(String, Built)> = Vec::new();
    for (name, col) in [
        ("hts", &input.hts),
        ("origin", &input.origin),
        ("value", &input.value),
        ("date", &input.date),
    ] {
        built.push((name.to_string(), col.build(n)));
    }
    for (k, col) in input.optional.iter().take(6) {
        let name = OPTIONAL[usize::from(*k) % OPTIONAL.len()].to_string();
        if !built.iter().any(|(n, _)| *n == name) {
            built.push((name, col.build(n)));
        }
    }
    let mut qty: Vec<(String, Built)> = Vec::new();
    for (k, col) in input.quantities.iter().take(4) {
        let key = QTY_KEYS[usize::from(*k) % QTY_KEYS.len()].to_string();
        if !qty.iter().any(|(n, _)| *n == key) {
            qty.push((key, col.build(n)));
        }
    }
    let columns = PyDict::new(py);
    for (name, b) in &mut built {
        columns.set_item(name.as_str(), Col::object(py, b, &make)?)?;
    }
    let quantities = PyList::empty(py);
    for (key, b) in &mut qty {
        quantities.append((key.as_str(), Col::object(py, b, &make)?))?;
    }
    let schedule = crate::fixture();
    let out = tariffs_python::batch::quote_columns(
        py,
        schedule,
        n,
        &columns,
        &quantities,
        HashMap::new(),
        None,
    );
    let out = match out {
        Ok(o) => o,
        // A refusal of the whole call (a bad column type) is a typed Python error.
        Err(e) => {
            let _ = e.to_string();
            return Ok(());
        }
    };
    let get = |k: &str| out.get_item(k).ok().flatten().expect("a key of the result");
    let validity: Option<Vec<u8>> = get("validity").extract()?;
    let decimals: Vec<(String, u32, Bound<PyBytes>)> = get("decimals").extract()?;
    let error = get("error");
    let error = error.cast::<PyTuple>()?;
    let offsets: Vec<u8> = error.get_item(1)?.extract()?;
    let messages: Vec<u8> = error.get_item(2)?.extract()?;
    let col = |name: &str, row: usize| -> i128 {
        let (_, _, b) = decimals
            .iter()
            .find(|(n, _, _)| n == name)
            .expect("an output column");
        let b = b.as_bytes();
        i128::from_le_bytes(b[row * 16..row * 16 + 16].try_into().expect("16 bytes"))
    };
    let offset = |i: usize| -> usize {
        i64::from_le_bytes(offsets[i * 8..i * 8 + 8].try_into().expect("8 bytes")) as usize
    };
    for row in 0..n {
        let ok = validity
            .as_ref()
            .is_none_or(|v| v[row / 8] >> (row % 8) & 1 == 1);
        let want = reference(schedule, &built, &qty, row);
        match want {
            Ok(q) => {
                assert!(
                    ok,
                    "arrow row {row} fails ({}) where the core quotes: {:?}",
                    String::from_utf8_lossy(&messages[offset(row)..offset(row + 1)]),
                    cells(&built, &qty, row)
                );
                crate::invariants::check_quote(&q);
                for (name, got) in [("duty", q.duty), ("fees", q.fees), ("total", q.total)] {
                    assert_eq!(
                        col(name, row),
                        got.mantissa(),
                        "arrow row {row} {name} (core {got})"
                    );
                }
                for (name, _, _) in decimals.iter().skip(4) {
                    assert_eq!(
                        col(name, row),
                        q.amount_of(name).mantissa(),
                        "arrow row {row} authority {name}"
                    );
                }
            }
            Err(e) => {
                assert!(
                    !ok,
                    "arrow row {row} quotes where the core fails ({e}): {:?}",
                    cells(&built, &qty, row)
                );
                let got =
                    String::from_utf8_lossy(&messages[offset(row)..offset(row + 1)]).into_owned();
                assert_eq!(
                    got,
                    e.to_string(),
                    "arrow row {row} error message, cells {:?}",
                    cells(&built, &qty, row)
                );
            }
        }
    }
    drop(built);
    drop(qty);
    Ok(())
}

fn cells(
    built: &[(String, Built)],
    qty: &[(String, Built)],
    row: usize,
) -> Vec<(String, OwnedCell)> {
    built
        .iter()
        .chain(qty)
        .map(|(n, b)| (n.clone(), b.cells[row].clone()))
        .collect()
}

/// What the core gives for the cells' text of `row`.
fn reference(
    s: &tariffs::Schedule,
    built: &[(String, Built)],
    qty: &[(String, Built)],
    row: usize,
) -> tariffs::Result<Quote> {
    let text = |name: &str| -> Option<Option<String>> {
        built
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.cells[row].text())
    };
    let required = |name: &str| -> tariffs::Result<String> {
        match text(name).flatten() {
            Some(t) => Ok(t),
            None => Err(tariffs::Error::invalid(
                name,
                "",
                "a value, but the cell is empty",
            )),
        }
    };
    // Required cells that are null fail first, in this order.
    let origin = required("origin")?;
    let hts = required("hts")?;
    let value = required("value")?;
    let date = required("date")?;
    let opt = |name: &str| text(name).flatten();
    let claims_text = opt("claims");
    let claims: Vec<&str> = claims_text
        .as_deref()
        .map(|t| {
            t.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let qtexts: Vec<(String, String)> = qty
        .iter()
        .filter_map(|(k, b)| b.cells[row].text().map(|t| (k.clone(), t)))
        .collect();
    let importer = opt("importer");
    let currency = opt("currency");
    let exchange_rate = opt("exchange_rate");
    let loaded_on = opt("loaded_on");
    let mode = opt("mode");
    let e = EntryText {
        importer: importer.as_deref(),
        origin: &origin,
        hts: &hts,
        value: &value,
        currency: currency.as_deref(),
        exchange_rate: exchange_rate.as_deref(),
        date: &date,
        loaded_on: loaded_on.as_deref(),
        mode: mode.as_deref(),
        claims,
        quantities: qtexts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
    }
    .parse()?;
    s.quote(&e)
}
