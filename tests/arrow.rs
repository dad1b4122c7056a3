#![cfg(feature = "arrow")]
//! The Arrow batch (`Schedule::quote_record_batch`, `ArrowQuoter`) equals
//! the one-by-one path (`EntryText::parse` then `Schedule::quote`) row by
//! row, for every input type the core reads (see the module docs of
//! `tariffs::arrow`), on the fixture schedule and on the builtin.
//!
//! Rows are generated as text cells from pools mixing good and bad values,
//! then encoded as each input type (all utf8, large utf8, utf8 view,
//! dictionaries, decimal128 and integer values, date32/date64 dates, list
//! claims). The expectation of each row is worked out from the text the
//! cell holds: a cell the encoding cannot hold (a value `abc` in a decimal
//! column) is null, which the one-by-one path sees as an empty field.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};
use tariffs::arrow::arrow_array::builder::{ListBuilder, StringBuilder};
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::types::{Decimal128Type, Int16Type, Int32Type, Int8Type};
use tariffs::arrow::arrow_array::{
    Array, ArrayRef, Date32Array, Date64Array, Decimal128Array, DictionaryArray, Float64Array,
    Int32Array, Int64Array, Int8Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
    UInt64Array,
};
use tariffs::arrow::arrow_schema::{DataType, Field, Schema};
use tariffs::arrow::{ArrowOptions, Layout};
use tariffs::{Decimal, EntryText, Error, LineKind, Quote, Schedule, WarningKind};

// ---------------------------------------------------------------- schedules

fn fixture() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| {
        Schedule::from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schedule.json"
        ))
        .unwrap()
    })
}

fn builtin() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(Schedule::builtin)
}

fn schedules() -> [(&'static str, &'static Schedule); 2] {
    [("fixture", fixture()), ("builtin", builtin())]
}

// ---------------------------------------------------------------- rows

/// 65 characters: past the 64 a text field may have.
const LONG_HTS: &str = "61091000126109100012610910001261091000126109100012610910001261091";

const HTS: &[&str] = &[
    // the fixture's lines, dotted, 10-digit and undotted
    "6109.10.00",
    "6109.10.00.12",
    "6109100012",
    "0406.10.10",
    "1806.20.24",
    "2709.00.10",
    "4901.99.00",
    "8703.23.01",
    "8703.23.01.90",
    // the builtin's (golden test codes)
    "2903.12.00.00",
    "3004.90.92.15",
    "6810.99.00.20",
    "0404.10.05.00",
    "6110.20.20.10",
    "4202.21.90.00",
    "8806.22.00.00",
    "7208.10.15.00",
    // bad ones
    "61x9",
    "",
    "6109.10.00.12.99",
    LONG_HTS,
];
const ORIGINS: &[&str] = &["VN", "CN", "MX", "CA", "HK", "cn", "XX", ""];
const VALUES: &[&str] = &[
    "1000",
    "54.5",
    "799.99",
    "800",
    "800.01",
    "0",
    "-1",
    "abc",
    "1e3",
    "123456789012345678901234567890",
    "12.123456789",
    "0.000000001",
    "250000.5",
    "1.50",
    "0.0000000001",
];
const DATES: &[&str] = &[
    "2025-03-10",
    "2025-05-02",
    "2025-08-29",
    "2026-02-24",
    "2026-08-01",
    "2027-01-01",
    "1999-01-01",
    "bad",
];
const LOADED_ON: &[&str] = &["2025-03-01", "2025-09-01", "bad"];
const MODES: &[&str] = &["air", "postal", "express", "boat"];
const CLAIMS: &[&str] = &["", "USMCA", "usmca, KORUS", "bad claim!"];
const QTY_KG: &[&str] = &["0.5", "-2", "x"];
const IMPORTERS: &[&str] = &["US", "XX"];
/// (currency, exchange rate) of the few rows that have one.
const CURRENCIES: &[(Option<&str>, Option<&str>)] = &[
    (Some("EUR"), Some("1.1")),
    (Some("EUR"), None),
    (Some("USD"), None),
    (None, Some("1.1")),
];

/// One entry as the text of its cells (`None`: not given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Row {
    hts: &'static str,
    origin: &'static str,
    value: &'static str,
    date: &'static str,
    mode: Option<&'static str>,
    claims: Option<&'static str>,
    qty_kg: Option<&'static str>,
    importer: Option<&'static str>,
    currency: Option<&'static str>,
    exchange_rate: Option<&'static str>,
    loaded_on: Option<&'static str>,
}

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(pool)
}

fn maybe(pool: &'static [&'static str], p: f64) -> impl Strategy<Value = Option<&'static str>> {
    prop::option::weighted(p, pick(pool))
}

fn row_strategy() -> impl Strategy<Value = Row> {
    (
        (pick(HTS), pick(ORIGINS), pick(VALUES), pick(DATES)),
        (
            maybe(MODES, 0.6),
            maybe(CLAIMS, 0.4),
            maybe(QTY_KG, 0.3),
            maybe(IMPORTERS, 0.3),
            prop::option::weighted(0.1, prop::sample::select(CURRENCIES)),
            maybe(LOADED_ON, 0.15),
        ),
    )
        .prop_map(
            |((hts, origin, value, date), (mode, claims, qty_kg, importer, cur, loaded_on))| Row {
                qty_kg,
                hts,
                origin,
                value,
                date,
                mode,
                claims,
                importer,
                currency: cur.and_then(|c| c.0),
                exchange_rate: cur.and_then(|c| c.1),
                loaded_on,
            },
        )
}

/// The claims of a text cell: names separated by commas (the module docs'
/// `"USMCA,KORUS"`), blanks around them ignored.
fn claims_of(text: &str) -> Vec<&str> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// The one-by-one result of `r` whose value and date cells read as `value`
/// and `date` (the text the cell of the encoding holds, "" when null).
fn expect(s: &Schedule, r: &Row, value: &str, date: &str) -> Result<Quote, Error> {
    expect_loaded(s, r, value, date, r.loaded_on)
}

/// As [`expect`], with the `loaded_on` cell reading as `loaded_on`.
fn expect_loaded(
    s: &Schedule,
    r: &Row,
    value: &str,
    date: &str,
    loaded_on: Option<&str>,
) -> Result<Quote, Error> {
    let e = EntryText {
        importer: r.importer,
        origin: r.origin,
        hts: r.hts,
        value,
        currency: r.currency,
        exchange_rate: r.exchange_rate,
        date,
        loaded_on,
        mode: r.mode,
        claims: r.claims.map(claims_of).unwrap_or_default(),
        quantities: r.qty_kg.map(|q| vec![("kg", q)]).unwrap_or_default(),
    }
    .parse()?;
    s.quote(&e)
}

// ---------------------------------------------------------------- encodings

/// How a text column is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextKind {
    Utf8,
    Large,
    View,
    /// dictionary(int32, utf8)
    Dict32,
    /// dictionary(int8, large utf8)
    Dict8Large,
}

/// How the rows are encoded: every column as text of `text`, but for the
/// one the variant names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Enc {
    Text(TextKind),
    /// hts, origin, mode as dictionary(int32, utf8); the rest utf8.
    Dict,
    /// hts dictionary(int8, large utf8), origin utf8 view, mode large utf8,
    /// claims dictionary(int32, utf8), importer utf8 view.
    Mixed,
    /// value as decimal128(38, scale) where its text is a decimal that fits.
    Decimal(i8),
    /// value as int64 where its text is an integer.
    Int64,
    /// date as date32 where its text is a date.
    Date32,
    /// date as date64 where its text is a date.
    Date64,
    /// claims as list<utf8>.
    ClaimsList,
}

const ENCODINGS: &[Enc] = &[
    Enc::Text(TextKind::Utf8),
    Enc::Text(TextKind::Large),
    Enc::Text(TextKind::View),
    Enc::Dict,
    Enc::Mixed,
    Enc::Decimal(-2),
    Enc::Decimal(0),
    Enc::Decimal(2),
    Enc::Decimal(9),
    Enc::Decimal(10),
    Enc::Decimal(30),
    Enc::Int64,
    Enc::Date32,
    Enc::Date64,
    Enc::ClaimsList,
];

fn text_col(kind: TextKind, v: &[Option<&str>]) -> ArrayRef {
    match kind {
        TextKind::Utf8 => Arc::new(StringArray::from(v.to_vec())),
        TextKind::Large => Arc::new(LargeStringArray::from(v.to_vec())),
        TextKind::View => Arc::new(StringViewArray::from(v.to_vec())),
        TextKind::Dict32 => {
            let d: DictionaryArray<Int32Type> = v.iter().copied().collect();
            Arc::new(d)
        }
        TextKind::Dict8Large => {
            let mut values: Vec<&str> = Vec::new();
            let keys: Int8Array = v
                .iter()
                .map(|c| {
                    c.map(|c| {
                        let k = match values.iter().position(|x| *x == c) {
                            Some(k) => k,
                            None => {
                                values.push(c);
                                values.len() - 1
                            }
                        };
                        i8::try_from(k).unwrap()
                    })
                })
                .collect();
            // An unused value the reader must not trip on.
            values.push("not a value of any row");
            let d = DictionaryArray::<Int8Type>::try_new(
                keys,
                Arc::new(LargeStringArray::from(values)),
            )
            .unwrap();
            Arc::new(d)
        }
    }
}

/// `text` as the mantissa of a decimal at `scale`, `None` when it is no
/// plain decimal or does not fit decimal128(38, scale).
fn decimal_mantissa(text: &str, scale: i8) -> Option<i128> {
    let (neg, t) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    let shift = i32::from(scale) - frac.len() as i32;
    let m = if shift >= 0 {
        digits.checked_mul(10i128.checked_pow(shift as u32)?)?
    } else {
        let d = 10i128.pow(shift.unsigned_abs());
        if digits % d != 0 {
            return None;
        }
        digits / d
    };
    (m < 10i128.pow(38)).then_some(if neg { -m } else { m })
}

/// The decimal text of `m` × 10^-`scale` (the number the cell holds).
fn decimal_text(m: i128, scale: i8) -> String {
    if scale <= 0 {
        return (m * 10i128.pow(u32::from(scale.unsigned_abs()))).to_string();
    }
    let s = scale as usize;
    let digits = format!("{:0>width$}", m.unsigned_abs(), width = s + 1);
    let (a, b) = digits.split_at(digits.len() - s);
    format!("{}{a}.{b}", if m < 0 { "-" } else { "" })
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` text that is a calendar date.
fn days(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = text[0..4].parse().ok()?;
    let m: u32 = text[5..7].parse().ok()?;
    let d: u32 = text[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > month_days[m as usize - 1] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A batch of `rows` encoded as `enc`, and the (value, date) text each row's
/// cells hold.
/// The cell of an optional column of a row.
type Getter = fn(&Row) -> Option<&'static str>;

/// The text the value, date and loaded_on cells of a row hold ("" for a
/// null required cell, `None` for a null optional one).
type Cells = (String, String, Option<String>);

fn encode(rows: &[Row], enc: Enc) -> (RecordBatch, Vec<Cells>) {
    let kind = match enc {
        Enc::Text(k) => k,
        _ => TextKind::Utf8,
    };
    let col = |f: Getter| -> Vec<Option<&'static str>> { rows.iter().map(f).collect() };
    let mut cols: Vec<(&str, ArrayRef)> = Vec::new();
    let (hts_kind, origin_kind, mode_kind) = match enc {
        Enc::Dict => (TextKind::Dict32, TextKind::Dict32, TextKind::Dict32),
        Enc::Mixed => (TextKind::Dict8Large, TextKind::View, TextKind::Large),
        _ => (kind, kind, kind),
    };
    cols.push(("hts", text_col(hts_kind, &col(|r| Some(r.hts)))));
    cols.push(("origin", text_col(origin_kind, &col(|r| Some(r.origin)))));
    let mut texts: Vec<Cells> = rows
        .iter()
        .map(|r| {
            (
                r.value.to_string(),
                r.date.to_string(),
                r.loaded_on.map(str::to_string),
            )
        })
        .collect();
    match enc {
        Enc::Decimal(scale) => {
            let m: Vec<Option<i128>> = rows
                .iter()
                .map(|r| decimal_mantissa(r.value, scale))
                .collect();
            for (t, m) in texts.iter_mut().zip(&m) {
                t.0 = m.map_or(String::new(), |m| decimal_text(m, scale));
            }
            let a = Decimal128Array::from(m)
                .with_precision_and_scale(38, scale)
                .unwrap();
            cols.push(("value", Arc::new(a)));
        }
        Enc::Int64 => {
            let v: Vec<Option<i64>> = rows.iter().map(|r| r.value.parse().ok()).collect();
            for (t, v) in texts.iter_mut().zip(&v) {
                t.0 = v.map_or(String::new(), |v| v.to_string());
            }
            cols.push(("value", Arc::new(Int64Array::from(v))));
        }
        _ => cols.push(("value", text_col(kind, &col(|r| Some(r.value))))),
    }
    match enc {
        Enc::Date32 | Enc::Date64 => {
            let d: Vec<Option<i32>> = rows.iter().map(|r| days(r.date)).collect();
            for (t, d) in texts.iter_mut().zip(&d) {
                if d.is_none() {
                    t.1 = String::new();
                }
            }
            let a: ArrayRef = if enc == Enc::Date32 {
                Arc::new(Date32Array::from(d))
            } else {
                let ms = d.iter().map(|d| d.map(|d| i64::from(d) * 86_400_000));
                Arc::new(Date64Array::from(ms.collect::<Vec<_>>()))
            };
            cols.push(("date", a));
        }
        _ => cols.push(("date", text_col(kind, &col(|r| Some(r.date))))),
    }
    // loaded_on as the date is, when some row has one.
    if rows.iter().any(|r| r.loaded_on.is_some()) {
        match enc {
            Enc::Date32 | Enc::Date64 => {
                let d: Vec<Option<i32>> = rows.iter().map(|r| r.loaded_on.and_then(days)).collect();
                for (t, d) in texts.iter_mut().zip(&d) {
                    if d.is_none() {
                        t.2 = None;
                    }
                }
                let a: ArrayRef = if enc == Enc::Date32 {
                    Arc::new(Date32Array::from(d))
                } else {
                    let ms = d.iter().map(|d| d.map(|d| i64::from(d) * 86_400_000));
                    Arc::new(Date64Array::from(ms.collect::<Vec<_>>()))
                };
                cols.push(("loaded_on", a));
            }
            _ => cols.push(("loaded_on", text_col(kind, &col(|r| r.loaded_on)))),
        }
    }
    // Optional columns: only when some row gives one (else absent).
    let optional: [(&str, Getter); 6] = [
        ("mode", |r| r.mode),
        ("claims", |r| r.claims),
        ("qty_kg", |r| r.qty_kg),
        ("importer", |r| r.importer),
        ("currency", |r| r.currency),
        ("exchange_rate", |r| r.exchange_rate),
    ];
    for (name, f) in optional {
        let v = col(f);
        if v.iter().all(Option::is_none) {
            continue;
        }
        let a = match (name, enc) {
            ("mode", _) => text_col(mode_kind, &v),
            ("claims", Enc::ClaimsList) => {
                let mut b = ListBuilder::new(StringBuilder::new());
                for c in &v {
                    match c {
                        Some(c) => {
                            for item in claims_of(c) {
                                b.values().append_value(item);
                            }
                            b.append(true);
                        }
                        None => b.append(false),
                    }
                }
                Arc::new(b.finish()) as ArrayRef
            }
            ("claims", Enc::Mixed) => text_col(TextKind::Dict32, &v),
            ("importer", Enc::Mixed) => text_col(TextKind::View, &v),
            _ => text_col(kind, &v),
        };
        cols.push((name, a));
    }
    (RecordBatch::try_from_iter(cols).unwrap(), texts)
}

// ---------------------------------------------------------------- checks

/// The result columns besides the authorities'.
const FIXED: [&str; 7] = [
    "duty",
    "fees",
    "total",
    "effective_rate",
    "error",
    "error_kind",
    "warning",
];

fn decimal_col<'a>(out: &'a RecordBatch, name: &str, scale: i8) -> &'a Decimal128Array {
    let c = out
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"));
    assert_eq!(
        c.data_type(),
        &DataType::Decimal128(38, scale),
        "type of {name}"
    );
    c.as_primitive()
}

/// Cell `i` of a decimal column as a number, `None` when null.
fn num(a: &Decimal128Array, i: usize) -> Option<Decimal> {
    let DataType::Decimal128(_, s) = a.data_type() else {
        unreachable!()
    };
    a.is_valid(i)
        .then(|| Decimal::from_i128_with_scale(a.value(i), *s as u32))
}

/// Cell `i` of a dictionary(int8, utf8) column as text.
fn dict_text(a: &dyn Array, i: usize) -> Option<String> {
    assert_eq!(
        a.data_type(),
        &DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8))
    );
    let d = a.as_dictionary::<Int8Type>();
    let values = d.values().as_string::<i32>();
    d.key(i).map(|k| values.value(k).to_string())
}

/// Whether `q` has a line of authority `a` that is a duty or a fee (an
/// exemption's line, of amount 0, is no authority's amount: it is not among
/// `Schedule::authorities`, nor in the result's columns or lines).
fn has_line(q: &Quote, a: &str) -> bool {
    q.lines
        .iter()
        .any(|l| &*l.authority == a && l.kind != LineKind::Exemption)
}

/// The authority of a result column name (`authority_duty` is `duty`).
fn authority_of(column: &str) -> &str {
    match column.strip_prefix("authority_") {
        Some(a) if FIXED.contains(&a) => a,
        _ => column,
    }
}

/// Checks `out` against the one-by-one results, row by row; `what(i)`
/// describes row `i` for the message.
fn check(
    s: &Schedule,
    out: &RecordBatch,
    expected: &[Result<Quote, Error>],
    what: &dyn Fn(usize) -> String,
) -> Result<(), String> {
    if out.num_rows() != expected.len() {
        return Err(format!(
            "{} rows, expected {}",
            out.num_rows(),
            expected.len()
        ));
    }
    let duty = decimal_col(out, "duty", 2);
    let fees = decimal_col(out, "fees", 2);
    let total = decimal_col(out, "total", 2);
    let rate = decimal_col(out, "effective_rate", 6);
    let error = out.column_by_name("error").expect("error column");
    assert_eq!(error.data_type(), &DataType::Utf8);
    let error = error.as_string::<i32>();
    let kind = out.column_by_name("error_kind").expect("error_kind column");
    let warning = out.column_by_name("warning").expect("warning column");

    // The authority columns: exactly those with a line on some quoted row,
    // in the order of Schedule::authorities.
    let names: Vec<&str> = out
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .filter(|n| !FIXED.contains(n))
        .collect();
    let got: Vec<&str> = names.iter().map(|n| authority_of(n)).collect();
    let want: Vec<String> = s
        .authorities()
        .into_iter()
        .filter(|a| {
            expected
                .iter()
                .any(|e| e.as_ref().is_ok_and(|q| has_line(q, a)))
        })
        .collect();
    // No line of a duty or fee is left out for want of a column.
    let all = s.authorities();
    for q in expected.iter().flatten() {
        for l in &q.lines {
            if l.kind != LineKind::Exemption && !all.contains(&l.authority.to_string()) {
                return Err(format!(
                    "authority {} of a line is not in Schedule::authorities",
                    l.authority
                ));
            }
        }
    }
    if got != want {
        return Err(format!("authority columns {got:?}, expected {want:?}"));
    }
    for (n, a) in names.iter().zip(&got) {
        if FIXED.contains(a) != n.starts_with("authority_") {
            return Err(format!("column {n} of authority {a}"));
        }
    }
    let auth: Vec<(&str, &Decimal128Array)> = names
        .iter()
        .zip(&got)
        .map(|(n, a)| (*a, decimal_col(out, n, 2)))
        .collect();

    for (i, e) in expected.iter().enumerate() {
        let fail = |m: String| Err(format!("row {i} {}: {m}", what(i)));
        let err_text = error.is_valid(i).then(|| error.value(i));
        let kind_text = dict_text(kind.as_ref(), i);
        let warn_text = dict_text(warning.as_ref(), i);
        match e {
            Err(e) => {
                let batch = (
                    num(duty, i),
                    num(fees, i),
                    num(total, i),
                    num(rate, i),
                    auth.iter().map(|(_, c)| num(c, i)).collect::<Vec<_>>(),
                    err_text,
                    kind_text.as_deref(),
                    warn_text.as_deref(),
                );
                let want_text = e.to_string();
                if batch.0.is_some()
                    || batch.1.is_some()
                    || batch.2.is_some()
                    || batch.3.is_some()
                    || batch.4.iter().any(Option::is_some)
                    || batch.5 != Some(want_text.as_str())
                    || batch.6 != Some(e.kind().as_str())
                    || batch.7.is_some()
                {
                    return fail(format!(
                        "one by one: error {e:?} ({})\nbatch: {batch:?}",
                        e.kind().as_str()
                    ));
                }
            }
            Ok(q) => {
                let warned = q
                    .warnings
                    .iter()
                    .any(|w| w.kind == WarningKind::AfterReviewedDate);
                let batch = (
                    num(duty, i),
                    num(fees, i),
                    num(total, i),
                    num(rate, i),
                    err_text,
                    kind_text.as_deref(),
                    warn_text.is_some(),
                );
                let want = (
                    Some(q.duty),
                    Some(q.fees),
                    Some(q.total),
                    Some(q.effective_rate),
                    None,
                    None,
                    warned,
                );
                if batch != want {
                    return fail(format!(
                        "one by one: {want:?}\nbatch: {batch:?} (warning {warn_text:?})\nquote: {q}"
                    ));
                }
                for (a, c) in &auth {
                    if num(c, i) != Some(q.amount_of(a)) {
                        return fail(format!(
                            "authority {a}: batch {:?}, one by one {}\nquote: {q}",
                            num(c, i),
                            q.amount_of(a)
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The one-by-one results of `rows` with the cell texts `texts`, memoised.
fn expectations(
    s: &Schedule,
    rows: &[Row],
    texts: &[Cells],
    memo: &mut HashMap<(Row, Cells), Result<Quote, Error>>,
) -> Vec<Result<Quote, Error>> {
    rows.iter()
        .zip(texts)
        .map(|(r, t)| {
            memo.entry((*r, t.clone()))
                .or_insert_with(|| expect_loaded(s, r, &t.0, &t.1, t.2.as_deref()))
                .clone()
        })
        .collect()
}

/// Every encoding of `rows`, on both schedules, checked against the
/// one-by-one path; also a slice of each batch (an offset into its arrays).
fn check_rows(rows: &[Row]) -> Result<(), String> {
    for (name, s) in schedules() {
        let mut memo = HashMap::new();
        for &enc in ENCODINGS {
            let (batch, texts) = encode(rows, enc);
            let expected = expectations(s, rows, &texts, &mut memo);
            let what = |i: usize| format!("({name}, {enc:?}) {:?} cells {:?}", rows[i], texts[i]);
            let out = s
                .quote_record_batch(&batch)
                .map_err(|e| format!("({name}, {enc:?}) whole call failed: {e}"))?;
            check(s, &out, &expected, &what)?;
            if rows.len() >= 3 {
                let (at, len) = (1, rows.len() - 2);
                let out = s
                    .quote_record_batch(&batch.slice(at, len))
                    .map_err(|e| format!("({name}, {enc:?}) sliced: {e}"))?;
                check(s, &out, &expected[at..at + len], &|i| {
                    format!("sliced {}", what(i + at))
                })?;
            }
        }
    }
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    )
}

// ---------------------------------------------------------------- 1, 2: rows

/// Generated batches of 1 to 60 rows, every encoding, both schedules.
#[test]
fn batches_equal_one_by_one_for_every_encoding() {
    let mut r = runner(250);
    let result = r.run(&prop::collection::vec(row_strategy(), 1..=60), |rows| {
        check_rows(&rows).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// One batch of 5,000 generated rows, every encoding, both schedules.
#[test]
fn a_large_batch_equals_one_by_one() {
    let mut r = runner(1);
    let rows = prop::collection::vec(row_strategy(), 5000)
        .new_tree(&mut r)
        .unwrap()
        .current();
    check_rows(&rows).unwrap();
    // The pools give a fair share of quoted rows, warnings and errors.
    for (name, s) in schedules() {
        let quotes: Vec<_> = rows.iter().map(|r| expect(s, r, r.value, r.date)).collect();
        let ok = quotes.iter().filter(|q| q.is_ok()).count();
        let warned = quotes
            .iter()
            .flatten()
            .filter(|q| !q.warnings.is_empty())
            .count();
        let kinds: std::collections::BTreeSet<&str> = quotes
            .iter()
            .filter_map(|q| q.as_ref().err().map(|e| e.kind().as_str()))
            .collect();
        assert!(
            ok >= 250 && warned >= 50 && kinds.len() >= 3,
            "{name}: {ok} quoted, {warned} warned, {kinds:?}"
        );
    }
}

/// More rows than one unit of parallel work (16 Ki rows): the chunks are
/// quoted on several threads and put back in order.
#[test]
fn rows_past_a_chunk_stay_in_order() {
    let mut r = runner(1);
    let pool = prop::collection::vec(row_strategy(), 97)
        .new_tree(&mut r)
        .unwrap()
        .current();
    let rows: Vec<Row> = (0..40_000).map(|i| pool[(i * 7 + i / 97) % 97]).collect();
    for (name, s) in schedules() {
        let mut memo = HashMap::new();
        for enc in [Enc::Text(TextKind::Utf8), Enc::Dict] {
            let (batch, texts) = encode(&rows, enc);
            let expected = expectations(s, &rows, &texts, &mut memo);
            let out = s.quote_record_batch(&batch).unwrap();
            check(s, &out, &expected, &|i| {
                format!("({name}, {enc:?}) {:?}", rows[i])
            })
            .unwrap();
        }
    }
}

/// A quoting row, for the hand-made batches below.
const GOOD: Row = Row {
    hts: "6109.10.00",
    origin: "VN",
    value: "1000",
    date: "2025-03-10",
    mode: Some("air"),
    claims: None,
    qty_kg: None,
    importer: None,
    currency: None,
    exchange_rate: None,
    loaded_on: None,
};

/// A list of claims holding a null fails its row naming `claims`; the
/// other rows quote.
#[test]
fn a_null_claim_in_a_list_fails_its_row_naming_claims() {
    let mut b = ListBuilder::new(StringBuilder::new());
    b.values().append_value("USMCA");
    b.append(true); // row 0: [USMCA]
    b.values().append_null();
    b.append(true); // row 1: [null]
    b.values().append_value("USMCA");
    b.values().append_null();
    b.append(true); // row 2: [USMCA, null]
    b.append(false); // row 3: null
    b.append(true); // row 4: []
    let claims = Arc::new(b.finish()) as ArrayRef;
    let n = 5;
    let text = |v: &str| Arc::new(StringArray::from(vec![v; n])) as ArrayRef;
    for (name, s) in schedules() {
        let batch = RecordBatch::try_from_iter([
            ("hts", text(GOOD.hts)),
            ("origin", text("MX")),
            ("value", text(GOOD.value)),
            ("date", text(GOOD.date)),
            ("claims", claims.clone()),
        ])
        .unwrap();
        let out = s.quote_record_batch(&batch).unwrap();
        let error = out.column_by_name("error").unwrap().as_string::<i32>();
        let kind = out.column_by_name("error_kind").unwrap();
        let row = |claims: Option<&'static str>| Row {
            origin: "MX",
            mode: None,
            claims,
            ..GOOD
        };
        for i in [1, 2] {
            assert!(error.is_valid(i), "{name}: row {i} quoted");
            assert!(
                error.value(i).contains("claims"),
                "{name}: row {i}: {}",
                error.value(i)
            );
            assert_eq!(
                dict_text(kind.as_ref(), i).as_deref(),
                Some("invalid_input")
            );
            assert!(decimal_col(&out, "total", 2).is_null(i));
        }
        // The other rows as the one-by-one path quotes them.
        let others = [(0, Some("USMCA")), (3, None), (4, Some(""))];
        let idx: Vec<u32> = others.iter().map(|(i, _)| *i as u32).collect();
        let kept = tariffs::arrow::arrow_array::UInt32Array::from(idx);
        let columns: Vec<ArrayRef> = out
            .columns()
            .iter()
            .map(|c| take(c.as_ref(), &kept))
            .collect();
        let sub = RecordBatch::try_new(out.schema(), columns).unwrap();
        let expected: Vec<_> = others
            .iter()
            .map(|(_, c)| expect(s, &row(*c), GOOD.value, GOOD.date))
            .collect();
        // Authority columns present in `out` for the failed rows are the
        // quoted rows' own: the check of the set still holds.
        check(s, &sub, &expected, &|i| format!("{name} {:?}", others[i])).unwrap();
    }
}

/// Rows `idx` of `a` (a tiny `take`, so as not to need arrow-select).
fn take(a: &dyn Array, idx: &tariffs::arrow::arrow_array::UInt32Array) -> ArrayRef {
    let parts: Vec<ArrayRef> = idx
        .values()
        .iter()
        .map(|&i| a.slice(i as usize, 1))
        .collect();
    concat(&parts)
}

/// `parts` one after another, for the column types of a result.
fn concat(parts: &[ArrayRef]) -> ArrayRef {
    let dt = parts[0].data_type().clone();
    match dt {
        DataType::Decimal128(p, s) => {
            let v: Vec<Option<i128>> = parts
                .iter()
                .flat_map(|a| {
                    let a = a.as_primitive::<tariffs::arrow::arrow_array::types::Decimal128Type>();
                    (0..a.len()).map(move |i| a.is_valid(i).then(|| a.value(i)))
                })
                .collect();
            Arc::new(
                Decimal128Array::from(v)
                    .with_precision_and_scale(p, s)
                    .unwrap(),
            )
        }
        DataType::Utf8 => {
            let v: Vec<Option<String>> = parts
                .iter()
                .flat_map(|a| {
                    let a = a.as_string::<i32>();
                    (0..a.len()).map(move |i| a.is_valid(i).then(|| a.value(i).to_string()))
                })
                .collect();
            Arc::new(StringArray::from(v))
        }
        DataType::Dictionary(_, _) => {
            let first = parts[0].as_dictionary::<Int8Type>();
            let keys: Int8Array = parts
                .iter()
                .flat_map(|a| {
                    let a = a.as_dictionary::<Int8Type>();
                    assert_eq!(a.values(), first.values());
                    (0..a.len()).map(move |i| a.is_valid(i).then(|| a.keys().value(i)))
                })
                .collect();
            Arc::new(DictionaryArray::<Int8Type>::try_new(keys, first.values().clone()).unwrap())
        }
        t => panic!("concat of {t}"),
    }
}

/// Date64 cells that are not midnight fail their row naming `date`.
#[test]
fn a_date64_past_midnight_fails_its_row_naming_date() {
    let ms = i64::from(days("2025-03-10").unwrap()) * 86_400_000;
    let dates = Arc::new(Date64Array::from(vec![ms, ms + 3_600_000])) as ArrayRef;
    let text = |v: &str| Arc::new(StringArray::from(vec![v; 2])) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("hts", text(GOOD.hts)),
        ("origin", text(GOOD.origin)),
        ("value", text(GOOD.value)),
        ("date", dates),
    ])
    .unwrap();
    let out = fixture().quote_record_batch(&batch).unwrap();
    let error = out.column_by_name("error").unwrap().as_string::<i32>();
    assert!(error.is_null(0), "{}", error.value(0));
    assert!(error.is_valid(1));
    assert!(error.value(1).contains("date"), "{}", error.value(1));
    let want = expect(
        fixture(),
        &Row { mode: None, ..GOOD },
        GOOD.value,
        GOOD.date,
    )
    .unwrap();
    assert_eq!(num(decimal_col(&out, "duty", 2), 0), Some(want.duty));
}

// ---------------------------------------------------------------- 3: whole-call errors

fn good_columns() -> Vec<(String, ArrayRef)> {
    let text = |v: &str| Arc::new(StringArray::from(vec![v])) as ArrayRef;
    vec![
        ("hts".into(), text(GOOD.hts)),
        ("origin".into(), text(GOOD.origin)),
        ("value".into(), text(GOOD.value)),
        ("date".into(), text(GOOD.date)),
    ]
}

fn batch_of(cols: Vec<(String, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = cols
        .iter()
        .map(|(n, a)| Field::new(n, a.data_type().clone(), true))
        .collect();
    let arrays = cols.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

/// The field of the `InvalidInput` error quoting `batch` gives.
fn invalid_field(batch: &RecordBatch) -> String {
    for (name, s) in schedules() {
        let e = s.quote_record_batch(batch).unwrap_err();
        let e2 = s
            .arrow_quoter(ArrowOptions::default())
            .push(batch)
            .unwrap_err();
        assert_eq!(e, e2, "{name}");
        match &e {
            Error::InvalidInput { field, .. } => {
                assert_eq!(
                    e.to_string(),
                    fixture().quote_record_batch(batch).unwrap_err().to_string()
                );
                if name == "builtin" {
                    return field.clone();
                }
            }
            e => panic!("{name}: not InvalidInput: {e:?}"),
        }
    }
    unreachable!()
}

#[test]
fn the_good_columns_quote() {
    let out = fixture()
        .quote_record_batch(&batch_of(good_columns()))
        .unwrap();
    let want = expect(
        fixture(),
        &Row { mode: None, ..GOOD },
        GOOD.value,
        GOOD.date,
    );
    check(fixture(), &out, &[want], &|_| "good".into()).unwrap();
}

#[test]
fn a_missing_required_column_fails_the_call_naming_it() {
    for name in ["hts", "origin", "value", "date"] {
        let cols = good_columns()
            .into_iter()
            .filter(|(n, _)| n != name)
            .collect();
        assert_eq!(invalid_field(&batch_of(cols)), name);
    }
}

#[test]
fn a_float_value_fails_the_call_naming_value() {
    let mut cols = good_columns();
    cols[2].1 = Arc::new(Float64Array::from(vec![1000.0]));
    assert_eq!(invalid_field(&batch_of(cols)), "value");
    // Also a float quantity and exchange rate.
    for name in ["qty_kg", "exchange_rate"] {
        let mut cols = good_columns();
        cols.push((name.into(), Arc::new(Float64Array::from(vec![1.5]))));
        assert_eq!(invalid_field(&batch_of(cols)), name);
    }
}

#[test]
fn an_int32_date_fails_the_call_naming_date() {
    let mut cols = good_columns();
    cols[3].1 = Arc::new(Int32Array::from(vec![20250310]));
    assert_eq!(invalid_field(&batch_of(cols)), "date");
}

#[test]
fn two_columns_of_one_quantity_fail_the_call() {
    let mut cols = good_columns();
    let q = || Arc::new(StringArray::from(vec!["1"])) as ArrayRef;
    cols.push(("qty_kg".into(), q()));
    cols.push(("qty_KG".into(), q()));
    let f = invalid_field(&batch_of(cols));
    assert!(f == "qty_kg" || f == "qty_KG", "{f}");
}

#[test]
fn a_column_named_twice_fails_the_call_naming_it() {
    for name in ["hts", "origin", "value", "date", "mode", "claims"] {
        let mut cols = good_columns();
        let a = Arc::new(StringArray::from(vec!["air"])) as ArrayRef;
        if let Some(c) = cols.iter().find(|(n, _)| n == name) {
            let c = c.clone();
            cols.push(c);
        } else {
            cols.push((name.into(), a.clone()));
            cols.push((name.into(), a));
        }
        assert_eq!(invalid_field(&batch_of(cols)), name);
    }
}

// ---------------------------------------------------------------- 4: ArrowQuoter

fn generated(n: usize, seed_cases: u32) -> Vec<Row> {
    let mut r = runner(1);
    let mut rows = Vec::new();
    for _ in 0..seed_cases {
        rows = prop::collection::vec(row_strategy(), n)
            .new_tree(&mut r)
            .unwrap()
            .current();
    }
    rows
}

#[test]
fn pushing_three_batches_equals_one_call() {
    let rows = generated(180, 3);
    for (name, s) in schedules() {
        for enc in [Enc::Text(TextKind::Utf8), Enc::Dict, Enc::ClaimsList] {
            let (batch, _) = encode(&rows, enc);
            let one = s.quote_record_batch(&batch).unwrap();
            let mut q = s.arrow_quoter(ArrowOptions::default());
            for (at, len) in [(0, 7), (7, 0), (7, 150), (157, 23)] {
                q.push(&batch.slice(at, len)).unwrap();
            }
            assert_eq!(q.rows(), rows.len());
            let three = q.finish().unwrap();
            assert_eq!(one, three, "{name} {enc:?}");
        }
        // Batches of different encodings (and columns) one after another.
        let mut q = s.arrow_quoter(ArrowOptions::default());
        let mut expected = Vec::new();
        let mut memo = HashMap::new();
        let parts = [
            (&rows[..60], Enc::Decimal(2)),
            (&rows[60..61], Enc::Date32),
            (&rows[61..], Enc::Mixed),
        ];
        for (part, enc) in parts {
            let (batch, texts) = encode(part, enc);
            q.push(&batch).unwrap();
            expected.extend(expectations(s, part, &texts, &mut memo));
        }
        let out = q.finish().unwrap();
        check(s, &out, &expected, &|i| {
            format!("{name} mixed pushes {:?}", rows[i])
        })
        .unwrap();
    }
}

#[test]
fn a_failed_push_adds_no_rows() {
    let s = fixture();
    let mut q = s.arrow_quoter(ArrowOptions::default());
    q.push(&batch_of(good_columns())).unwrap();
    let mut bad = good_columns();
    bad[2].1 = Arc::new(Float64Array::from(vec![1000.0]));
    assert!(q.push(&batch_of(bad)).is_err());
    assert_eq!(q.rows(), 1);
    assert_eq!(q.finish().unwrap().num_rows(), 1);
}

#[test]
fn lines_sum_to_the_wide_columns() {
    let rows = generated(300, 2);
    for (name, s) in schedules() {
        let (batch, texts) = encode(&rows, Enc::Text(TextKind::Utf8));
        let expected = expectations(s, &rows, &texts, &mut HashMap::new());
        let mut q = s.arrow_quoter(ArrowOptions::default());
        q.push(&batch.slice(0, 100)).unwrap();
        q.push(&batch.slice(100, 200)).unwrap();
        let lines = q.finish_lines().unwrap();
        let wide = q.finish().unwrap();
        check(s, &wide, &expected, &|i| format!("{name} {:?}", rows[i])).unwrap();

        let names: Vec<String> = lines
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, ["row", "authority", "amount"]);
        let row = lines
            .column(0)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap();
        assert_eq!(row.null_count(), 0);
        let auth = lines.column(1);
        assert_eq!(
            auth.data_type(),
            &DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8))
        );
        let auth = auth.as_dictionary::<Int16Type>();
        let auth_names = auth.values().as_string::<i32>();
        let amount = decimal_col(&lines, "amount", 2);
        // (row, authority) -> amount, each pair once.
        let mut got: BTreeMap<(usize, String), Decimal> = BTreeMap::new();
        for k in 0..lines.num_rows() {
            let a = auth_names.value(auth.key(k).unwrap()).to_string();
            let r = row.value(k) as usize;
            let prev = got.insert((r, a.clone()), num(amount, k).unwrap());
            assert!(prev.is_none(), "{name}: row {r} authority {a} twice");
        }
        let mut want: BTreeMap<(usize, String), Decimal> = BTreeMap::new();
        for (i, e) in expected.iter().enumerate() {
            if let Ok(q) = e {
                for l in q.lines.iter().filter(|l| l.kind != LineKind::Exemption) {
                    want.insert((i, l.authority.to_string()), q.amount_of(&l.authority));
                }
            }
        }
        assert_eq!(got, want, "{name}");
        // Per row, the lines equal the wide columns.
        for f in wide.schema_ref().fields() {
            let n = f.name().as_str();
            if FIXED.contains(&n) {
                continue;
            }
            let a = authority_of(n);
            let col = decimal_col(&wide, n, 2);
            for (i, e) in expected.iter().enumerate() {
                let from_lines = got.get(&(i, a.to_string())).copied();
                match e {
                    Ok(_) => assert_eq!(
                        num(col, i),
                        Some(from_lines.unwrap_or(Decimal::ZERO)),
                        "{name} row {i} {a}"
                    ),
                    Err(_) => assert!(col.is_null(i) && from_lines.is_none()),
                }
            }
        }
        // Layout::Lines: no authority columns.
        let mut q = s.arrow_quoter(ArrowOptions {
            layout: Layout::Lines,
            ..ArrowOptions::default()
        });
        q.push(&batch).unwrap();
        assert_eq!(q.finish_lines().unwrap(), lines);
        let narrow = q.finish().unwrap();
        let narrow_names: Vec<&str> = narrow
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(narrow_names, FIXED);
        for c in FIXED {
            assert_eq!(narrow.column_by_name(c), wide.column_by_name(c), "{c}");
        }
        // Layout::AllAuthorities: every authority of the schedule, in its
        // order; those no row has are 0.00 on quoted rows, null on failed.
        let mut q = s.arrow_quoter(ArrowOptions {
            layout: Layout::AllAuthorities,
            ..ArrowOptions::default()
        });
        q.push(&batch).unwrap();
        let all = q.finish().unwrap();
        let all_names: Vec<String> = all
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().to_string())
            .filter(|n| !FIXED.contains(&n.as_str()))
            .map(|n| authority_of(&n).to_string())
            .collect();
        assert_eq!(all_names, s.authorities(), "{name}");
        for a in s.authorities() {
            let col = all
                .column_by_name(&a)
                .or_else(|| all.column_by_name(&format!("authority_{a}")));
            let col = col.unwrap().as_primitive::<Decimal128Type>();
            for (i, e) in expected.iter().enumerate() {
                match e {
                    Ok(q) => assert_eq!(
                        Decimal::from_i128_with_scale(col.value(i), 2),
                        q.amount_of(&a),
                        "{name} row {i} {a}"
                    ),
                    Err(_) => assert!(col.is_null(i), "{name} row {i} {a}"),
                }
            }
        }
        for c in FIXED {
            assert_eq!(all.column_by_name(c), wide.column_by_name(c), "{c}");
        }
        // flush: the results of the rows pushed since the last flush, the
        // same as a fresh quoter's for those rows; nothing is kept after.
        let mut q = s.arrow_quoter(ArrowOptions {
            layout: Layout::AllAuthorities,
            ..ArrowOptions::default()
        });
        for (at, len) in [(0, 100), (100, 200)] {
            let part = batch.slice(at, len);
            q.push(&part).unwrap();
            assert_eq!(q.rows(), len);
            let got = q.flush().unwrap();
            assert_eq!(q.rows(), 0);
            assert_eq!(got, all.slice(at, len), "{name} rows {at}..");
        }
    }
}

#[test]
fn an_empty_batch_gives_no_rows_and_the_fixed_columns() {
    for (name, s) in schedules() {
        // (Dictionaries: see `a_dictionary_column_without_values_does_not_panic`.)
        for enc in [
            Enc::Text(TextKind::Utf8),
            Enc::Text(TextKind::View),
            Enc::Decimal(2),
            Enc::Date32,
        ] {
            let (batch, _) = encode(&[], enc);
            let out = s.quote_record_batch(&batch).unwrap();
            assert_eq!(out.num_rows(), 0);
            let fields: Vec<(&str, &DataType)> = out
                .schema_ref()
                .fields()
                .iter()
                .map(|f| (f.name().as_str(), f.data_type()))
                .collect();
            let dict8 = DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8));
            assert_eq!(
                fields,
                [
                    ("duty", &DataType::Decimal128(38, 2)),
                    ("fees", &DataType::Decimal128(38, 2)),
                    ("total", &DataType::Decimal128(38, 2)),
                    ("effective_rate", &DataType::Decimal128(38, 6)),
                    ("error", &DataType::Utf8),
                    ("error_kind", &dict8),
                    ("warning", &dict8),
                ],
                "{name} {enc:?}"
            );
            let q = s.arrow_quoter(ArrowOptions::default());
            assert_eq!(q.finish_lines().unwrap().num_rows(), 0);
            assert_eq!(q.finish().unwrap().num_rows(), 0);
        }
    }
}

// ------------------------------------- regressions (core bugs found here, fixed)

/// `EntryText::parse` counts the claims first of all and reads the
/// quantities (refusing a negative one) before `Entry::validate` checks the
/// value; the batch once checked a typed row's value first, failing the row
/// on another field.
#[test]
fn a_bad_value_and_a_bad_quantity_fail_on_the_same_field() {
    let many: &'static str = Box::leak(vec!["USMCA"; 33].join(",").into_boxed_str());
    let mut rows = vec![GOOD];
    for value in ["-1", "0.0000000001"] {
        rows.push(Row {
            value,
            qty_kg: Some("-2"),
            ..GOOD
        });
        rows.push(Row {
            value,
            claims: Some(many),
            ..GOOD
        });
    }
    // Each row alone, to name each.
    let failed: Vec<String> = rows
        .iter()
        .filter_map(|r| check_rows(&[*r]).err())
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// A dictionary whose values array is empty (an empty batch, or a column
/// whose every cell is null) is valid Arrow; reading it must not panic.
#[test]
fn a_dictionary_column_without_values_does_not_panic() {
    let (empty, _) = encode(&[], Enc::Dict);
    let nulls = || -> ArrayRef {
        let d: DictionaryArray<Int32Type> = vec![None::<&str>; 2].into_iter().collect();
        assert_eq!(d.values().len(), 0);
        Arc::new(d)
    };
    let two = |cols: Vec<(String, ArrayRef)>| -> Vec<(String, ArrayRef)> {
        cols.into_iter()
            .map(|(n, a)| (n, concat(&[a.clone(), a])))
            .collect()
    };
    for (name, s) in schedules() {
        let out = s.quote_record_batch(&empty).unwrap();
        assert_eq!(out.num_rows(), 0, "{name}");
        // Every mode null: the rows quote by ocean.
        let mut cols = two(good_columns());
        cols.push(("mode".into(), nulls()));
        let out = s.quote_record_batch(&batch_of(cols)).unwrap();
        let want = expect(s, &Row { mode: None, ..GOOD }, GOOD.value, GOOD.date);
        check(s, &out, &[want.clone(), want], &|i| {
            format!("{name} null mode {i}")
        })
        .unwrap();
        // Every hts null: the rows fail as an empty hts does.
        let mut cols = two(good_columns());
        cols[0].1 = nulls();
        let out = s.quote_record_batch(&batch_of(cols)).unwrap();
        let want = expect(
            s,
            &Row {
                hts: "",
                mode: None,
                ..GOOD
            },
            GOOD.value,
            GOOD.date,
        );
        assert!(want.is_err());
        check(s, &out, &[want.clone(), want], &|i| {
            format!("{name} null hts {i}")
        })
        .unwrap();
    }
}

/// `ArrowOptions::importer` is the importer of rows without an `importer`
/// cell, as `EntryText::importer` is; rows with one keep theirs.
#[test]
fn the_default_importer_is_that_of_rows_without_one() {
    let ca: tariffs::Country = "CA".parse().unwrap();
    let rows = generated(120, 1);
    for (name, s) in schedules() {
        let (batch, texts) = encode(&rows, Enc::Text(TextKind::Utf8));
        let mut q = s.arrow_quoter(ArrowOptions {
            importer: Some(ca),
            ..ArrowOptions::default()
        });
        q.push(&batch).unwrap();
        let out = q.finish().unwrap();
        let expected: Vec<_> = rows
            .iter()
            .zip(&texts)
            .map(|(r, t)| {
                let r = Row {
                    importer: r.importer.or(Some("CA")),
                    ..*r
                };
                expect_loaded(s, &r, &t.0, &t.1, t.2.as_deref())
            })
            .collect();
        check(s, &out, &expected, &|i| {
            format!("{name} importer CA {:?}", rows[i])
        })
        .unwrap();
    }
}

/// A row with a currency or an exchange rate is quoted from its text; that
/// text must carry the default importer of `ArrowOptions::importer` when
/// the row has no `importer` cell.
#[test]
fn a_row_with_a_currency_has_the_default_importer() {
    let ca: tariffs::Country = "CA".parse().unwrap();
    let s = builtin();
    let rows = [
        GOOD,
        Row {
            currency: Some("EUR"),
            exchange_rate: Some("1.1"),
            ..GOOD
        },
        Row {
            currency: Some("EUR"),
            ..GOOD
        },
    ];
    let (batch, _) = encode(&rows, Enc::Text(TextKind::Utf8));
    let mut q = s.arrow_quoter(ArrowOptions {
        importer: Some(ca),
        ..ArrowOptions::default()
    });
    q.push(&batch).unwrap();
    let out = q.finish().unwrap();
    let expected: Vec<_> = rows
        .iter()
        .map(|r| {
            let r = Row {
                importer: Some("CA"),
                ..*r
            };
            expect(s, &r, r.value, r.date)
        })
        .collect();
    check(s, &out, &expected, &|i| {
        format!("importer CA {:?}", rows[i])
    })
    .unwrap();
}
