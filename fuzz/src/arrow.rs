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

/// Cells that parse, per field: most cells are drawn from these, so that
/// most rows quote and the comparison reaches the amounts.
fn pool(field: &str) -> &'static [&'static str] {
    match field {
        "hts" => &[
            "6109.10.00.12",
            "6109.10.00",
            "0406.10.10",
            "2709.00.10",
            "8703.23.01",
            "1806.20.24",
        ],
        "origin" => &["CN", "VN", "MX", "CA", "DE", "FR", "BR"],
        "value" => &["54", "1000", "2500.01", "0", "10000", "799.99"],
        "date" | "loaded_on" => &[
            "2025-04-01",
            "2025-05-02",
            "2025-08-10",
            "2026-03-01",
            "2025-03-10",
        ],
        "importer" => &["US"],
        "mode" => &["ocean", "air", "postal", "express", "truck"],
        "currency" => &["USD", "EUR"],
        "exchange_rate" => &["1", "1.0825", "7"],
        "claims" => &["USMCA", "USMCA,S", "", " USMCA , TESTCLAIM "],
        _ => &["10", "0", "2.5", "1000"],
    }
}

/// Other texts, valid or not for any field.
const TEXTS: &[&str] = &[
    "XX",
    "cn",
    " CN ",
    "61",
    "9999.99.99",
    "-1",
    "1e3",
    "1,000",
    "2024-01-01",
    "2025-02-29",
    "boat",
    "AIR",
    "US MCA",
    "",
    "EU",
    "0",
    "NaN",
    "79228162514264337593543950335",
    "0.000000000000000000000000000001",
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

#[derive(Debug, Clone, Copy)]
enum Kind {
    Utf8,
    LargeUtf8,
    Int64,
    Decimal(i32),
    Date32,
}

/// A column's type: mostly one that suits the field, sometimes any.
#[derive(Debug, Arbitrary)]
struct KindIn {
    sel: u8,
    scale: u8,
}

impl KindIn {
    fn kind(&self, field: &str) -> Kind {
        let scale = i32::from(self.scale % 40);
        let any = [
            Kind::Utf8,
            Kind::LargeUtf8,
            Kind::Int64,
            Kind::Decimal(scale),
            Kind::Date32,
        ];
        let natural: &[Kind] = match field {
            "value" | "exchange_rate" | "qty" => {
                &[Kind::Utf8, Kind::Int64, Kind::Decimal(scale % 8)]
            }
            "date" | "loaded_on" => &[Kind::Utf8, Kind::Date32, Kind::LargeUtf8],
            _ => &[Kind::Utf8, Kind::LargeUtf8],
        };
        if self.sel < 224 {
            natural[usize::from(self.sel) % natural.len()]
        } else {
            any[usize::from(self.sel) % any.len()]
        }
    }
}

/// A cell: mostly a value of the field's pool, sometimes null or anything.
#[derive(Debug, Arbitrary)]
struct CellIn {
    sel: u8,
    pick: u8,
    raw: Raw,
}

#[derive(Debug, Arbitrary)]
enum Raw {
    Text(u8),
    Free(String),
    Int(i64),
    Mantissa(i128),
    Days(i32),
}

#[derive(Debug, Arbitrary)]
struct Col {
    kind: KindIn,
    cells: Vec<CellIn>,
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

/// The days of a `YYYY-MM-DD` text since 1970-01-01.
fn days(text: &str) -> i32 {
    let d: tariffs::Date = text.parse().expect("a pool date");
    d.days_since_epoch()
}

impl Col {
    /// The column of `field` (`qty` for a quantity) with `n` rows.
    fn build(&self, field: &str, n: usize) -> Built {
        let kind = self.kind.kind(field);
        let scale = match kind {
            Kind::Decimal(s) => s,
            _ => 0,
        };
        let pool = pool(field);
        let cells: Vec<OwnedCell> = (0..n)
            .map(|i| {
                let (sel, pick) = self.cells.get(i).map_or((0, i as u8), |c| (c.sel, c.pick));
                let valid = pool[usize::from(pick) % pool.len()];
                if sel < 200 {
                    // A valid value, in the column's type.
                    match kind {
                        Kind::Utf8 | Kind::LargeUtf8 => OwnedCell::Text(valid.to_string()),
                        Kind::Int64 => {
                            OwnedCell::Int(valid.parse::<f64>().map_or(1000, |v| v as i64))
                        }
                        Kind::Decimal(s) => {
                            let d: tariffs::Decimal =
                                valid.parse().unwrap_or(tariffs::Decimal::ONE_HUNDRED);
                            let mut m = d.mantissa();
                            let mut ds = d.scale() as i32;
                            while ds < s {
                                m = m.saturating_mul(10);
                                ds += 1;
                            }
                            while ds > s {
                                m /= 10;
                                ds -= 1;
                            }
                            OwnedCell::Decimal(m, s)
                        }
                        Kind::Date32 => OwnedCell::Days(
                            valid
                                .parse::<tariffs::Date>()
                                .map_or(20089, |_| days(valid)),
                        ),
                    }
                } else if sel < 220 {
                    OwnedCell::Null
                } else {
                    let raw = &self.cells[i].raw;
                    match kind {
                        Kind::Utf8 | Kind::LargeUtf8 => OwnedCell::Text(match raw {
                            Raw::Text(t) => TEXTS[usize::from(*t) % TEXTS.len()].to_string(),
                            Raw::Free(s) => s.chars().take(40).collect(),
                            Raw::Int(x) => x.to_string(),
                            Raw::Mantissa(m) => m.to_string(),
                            Raw::Days(d) => d.to_string(),
                        }),
                        Kind::Int64 => OwnedCell::Int(match raw {
                            Raw::Int(x) => *x,
                            Raw::Mantissa(m) => *m as i64,
                            Raw::Days(d) => i64::from(*d),
                            Raw::Text(t) => i64::from(*t) - 128,
                            Raw::Free(s) => s.len() as i64,
                        }),
                        Kind::Decimal(s) => OwnedCell::Decimal(
                            match raw {
                                Raw::Mantissa(m) => *m,
                                Raw::Int(x) => i128::from(*x),
                                Raw::Days(d) => i128::from(*d),
                                Raw::Text(t) => i128::from(*t) - 128,
                                Raw::Free(s) => s.len() as i128,
                            },
                            s,
                        ),
                        Kind::Date32 => OwnedCell::Days(match raw {
                            Raw::Days(d) => *d,
                            Raw::Int(x) => *x as i32,
                            Raw::Mantissa(m) => *m as i32,
                            Raw::Text(t) => 20089 + i32::from(*t),
                            Raw::Free(s) => s.len() as i32,
                        }),
                    }
                }
            })
            .collect();
        let mut validity = vec![0u8; n.div_ceil(8).max(1)];
        for (i, c) in cells.iter().enumerate() {
            if !matches!(c, OwnedCell::Null) {
                validity[i / 8] |= 1 << (i % 8);
            }
        }
        let mut data: Vec<Vec<u8>> = vec![validity];
        let format = match kind {
            Kind::Utf8 | Kind::LargeUtf8 => {
                let large = matches!(kind, Kind::LargeUtf8);
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
        built.push((name.to_string(), col.build(name, n)));
    }
    for (k, col) in input.optional.iter().take(6) {
        let name = OPTIONAL[usize::from(*k) % OPTIONAL.len()].to_string();
        if !built.iter().any(|(n, _)| *n == name) {
            let c = col.build(&name, n);
            built.push((name, c));
        }
    }
    let mut qty: Vec<(String, Built)> = Vec::new();
    for (k, col) in input.quantities.iter().take(4) {
        let key = QTY_KEYS[usize::from(*k) % QTY_KEYS.len()].to_string();
        if !qty.iter().any(|(n, _)| *n == key) {
            qty.push((key, col.build("qty", n)));
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
                let want = e.to_string();
                if got != want {
                    // A row with two faults (a negative value and a quantity
                    // of 15 places): the text reader checks quantities while
                    // parsing and the value when validating, the Arrow reader
                    // the value first, so each may name another of the two.
                    // Both must then be errors naming a field of the row.
                    let names_a_field = |m: &str| {
                        let head: String = m.chars().take(60).collect();
                        FIELDS.iter().any(|f| head.contains(f))
                    };
                    assert!(
                        names_a_field(&got) && names_a_field(&want),
                        "arrow row {row} error message {got:?}, core {want:?}, cells {:?}",
                        cells(&built, &qty, row)
                    );
                }
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

/// The entry fields an error message may name.
const FIELDS: [&str; 11] = [
    "hts",
    "origin",
    "value",
    "date",
    "importer",
    "mode",
    "currency",
    "exchange_rate",
    "loaded_on",
    "claims",
    "quantities",
];
