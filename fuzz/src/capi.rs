//! Target `capi`: the C API (`bindings/c`, compiled here as the rlib
//! `tariffs_capi`) called from Rust through its `extern "C"` functions, in
//! an order the bytes choose: schedules made (builtin, the fixture's JSON,
//! free JSON bytes, strict copies) and freed; entries made, set field by
//! field (pool values or free bytes, non-UTF-8 among them), validated,
//! quoted and freed; quotes read (amounts, lines, JSON, explanation) and
//! freed; batches of live entries (and NULL elements) and text columns
//! quoted and read. Only the handle rules of the header are kept (no use
//! after free, no double free); everything else is fair.
//!
//! Checked: no call returns `TARIFFS_PANIC` or `TARIFFS_INTERNAL_ERROR`;
//! every failure leaves a message; a quote's lines add up to its duty and
//! fees, and duty + fees = total, each with two decimals; a batch row has
//! the status and amounts of `tariffs_quote` on the same entry; a row of
//! `tariffs_quote_columns` quotes exactly when the core parses and quotes
//! the same cells, with the core's amounts.

use arbitrary::{Arbitrary, Unstructured};
use std::ffi::{c_char, CStr, CString};
use std::ptr::{null, null_mut};
use tariffs::{Decimal, EntryText, Schedule};
use tariffs_capi::*;

type Status = tariffs_status;
const OK: Status = tariffs_status::TARIFFS_OK;

const ORIGINS: &[&str] = &["CN", "CA", "MX", "VN", "DE", "US", "XX", "cn", ""];
const CODES: &[&str] = &[
    "6109.10.00.12",
    "6109.10.00",
    "0406.10.10",
    "2709.00.10",
    "8703.23.01",
    "4901.99.00",
    "1806.20.24",
    "9999.99.99",
    "61",
];
const VALUES: &[&str] = &[
    "54",
    "1000",
    "0",
    "-1",
    "2500.01",
    "1e3",
    "79228162514264337593543950335",
    "0.005",
];
const DATES: &[&str] = &[
    "2025-04-01",
    "2025-05-02",
    "2025-08-10",
    "2026-03-01",
    "2027-01-01",
    "2024-01-01",
    "2025-02-29",
];
const MODES: &[&str] = &[
    "ocean", "air", "postal", "express", "truck", "rail", "boat", "AIR",
];
const UNITS: &[&str] = &[
    "kg",
    "no",
    "doz",
    "bbl",
    "kg[copper content]",
    "value[case]",
    "furlongs",
];
const AMOUNTS: &[&str] = &["0", "1", "12.5", "-2", "1000000", "x"];
const CLAIMS: &[&str] = &["USMCA", "S", "TESTCLAIM", "US MCA", ""];
const CURRENCIES: &[&str] = &["USD", "EUR", "CNY", "EU"];
const RATES: &[&str] = &["1", "1.0825", "0", "7.1", "-1"];
const QTY_CELLS: &[&str] = &[
    "kg=10",
    "kg=12.5,no=3",
    "doz=2",
    "kg[copper content, raw]=2,kg=1",
    "kg",
    "",
    "  ",
    "bbl=5",
    "no=-1",
];
const CLAIM_CELLS: &[&str] = &["USMCA", "USMCA,S", "", " ", "US MCA", "USMCA,,S"];
const IMPORTERS: &[&str] = &["US", "CN", "CA", "XX", "us"];

/// A string argument: a pool value, free bytes (NUL bytes dropped, at most
/// 64), or NULL.
#[derive(Debug, Arbitrary)]
enum Arg {
    Pool(u8),
    Free(Vec<u8>),
    Null,
}

impl Arg {
    fn make(&self, pool: &[&str]) -> Option<CString> {
        match self {
            Arg::Pool(i) => Some(CString::new(pool[usize::from(*i) % pool.len()]).expect("no NUL")),
            Arg::Free(b) => {
                let b: Vec<u8> = b.iter().copied().filter(|c| *c != 0).take(64).collect();
                Some(CString::new(b).expect("NULs removed"))
            }
            Arg::Null => None,
        }
    }
}

fn ptr(c: &Option<CString>) -> *const c_char {
    c.as_ref().map_or(null(), |c| c.as_ptr())
}

#[derive(Debug, Arbitrary)]
enum Source {
    Builtin,
    Fixture,
    Json(Vec<u8>),
    Strict(u8, bool),
}

#[derive(Debug, Arbitrary)]
struct Row {
    hts: Arg,
    origin: Arg,
    value: Arg,
    date: Arg,
    mode: Arg,
    quantities: Arg,
    claims: Arg,
}

#[derive(Debug, Arbitrary)]
enum Op {
    NewSchedule(Source),
    FreeSchedule(u8),
    NewEntry,
    /// An entry with every required field set from values that parse.
    NewEntryFull {
        origin: u8,
        hts: u8,
        value: u8,
        date: u8,
        mode: u8,
        quantity: Option<(u8, u8)>,
        claim: bool,
    },
    FreeEntry(u8),
    SetImporter(u8, Arg),
    SetOrigin(u8, Arg),
    SetHts(u8, Arg),
    SetValue(u8, Arg),
    SetDate(u8, Arg),
    SetCurrency(u8, Arg, Arg),
    AddQuantity(u8, Arg, Arg),
    ClearQuantities(u8),
    SetLoadedOn(u8, Arg),
    SetMode(u8, Arg),
    AddClaim(u8, Arg),
    ClearClaims(u8),
    Validate(u8),
    Quote(u8, u8),
    ReadQuote(u8),
    FreeQuote(u8),
    Batch(u8, Vec<u8>),
    Columns(u8, Arg, Vec<Row>),
}

/// A schedule handle and the core schedule it holds.
struct Sched {
    handle: *mut tariffs_schedule,
    core: Schedule,
}

#[derive(Default)]
struct State {
    schedules: Vec<Sched>,
    entries: Vec<*mut tariffs_entry>,
    quotes: Vec<*mut QuoteHandle>,
}

fn last_message() -> String {
    // SAFETY: the library returns a NUL-terminated thread-local string.
    unsafe { CStr::from_ptr(tariffs_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

/// Checks a status: never a panic or an internal error; a failure has a message.
fn check(st: Status, what: &str) -> bool {
    assert!(
        st != tariffs_status::TARIFFS_PANIC,
        "{what} returned TARIFFS_PANIC: {}",
        last_message()
    );
    assert!(
        st != tariffs_status::TARIFFS_INTERNAL_ERROR,
        "{what} returned TARIFFS_INTERNAL_ERROR: {}",
        last_message()
    );
    if st != OK {
        assert!(
            !last_message().is_empty(),
            "{what} failed ({st:?}) with no message"
        );
    }
    st == OK
}

/// Checks a batch row's status: never a panic or an internal error; a
/// failed row has a message. Returns the message ("" for a quoted row).
unsafe fn row_status(b: *const tariffs_batch, row: usize) -> (Status, String) {
    let st = tariffs_batch_row_status(b, row);
    let msg = tariffs_batch_row_error_message(b, row);
    let msg = if msg.is_null() {
        String::new()
    } else {
        CStr::from_ptr(msg).to_string_lossy().into_owned()
    };
    assert!(
        st != tariffs_status::TARIFFS_PANIC && st != tariffs_status::TARIFFS_INTERNAL_ERROR,
        "batch row {row} has status {st:?}: {msg}"
    );
    if st != OK {
        assert!(
            !msg.is_empty(),
            "batch row {row} failed ({st:?}) with no message"
        );
    }
    (st, msg)
}

fn pick<T: Copy>(v: &[T], i: u8) -> Option<T> {
    (!v.is_empty()).then(|| v[usize::from(i) % v.len()])
}

type DecimalFn = unsafe extern "C" fn(*const QuoteHandle, *mut c_char, usize, *mut usize) -> Status;
type RowDecimalFn =
    unsafe extern "C" fn(*const tariffs_batch, usize, *mut c_char, usize, *mut usize) -> Status;

/// A decimal accessor's text, checked: two decimals at most... as the header says.
unsafe fn quote_decimal(f: DecimalFn, q: *const QuoteHandle, what: &str) -> String {
    let mut buf = [0 as c_char; TARIFFS_DECIMAL_BUFFER_SIZE];
    let mut len = 0usize;
    let st = f(q, buf.as_mut_ptr(), buf.len(), &mut len);
    assert!(check(st, what), "{what} failed on a live quote: {st:?}");
    let s = CStr::from_ptr(buf.as_ptr())
        .to_str()
        .expect("UTF-8")
        .to_string();
    assert_eq!(s.len(), len, "{what}: out_len");
    s
}

unsafe fn row_decimal(f: RowDecimalFn, b: *const tariffs_batch, row: usize, what: &str) -> String {
    let mut buf = [0 as c_char; TARIFFS_DECIMAL_BUFFER_SIZE];
    let mut len = 0usize;
    let st = f(b, row, buf.as_mut_ptr(), buf.len(), &mut len);
    assert!(check(st, what), "{what} failed on a quoted row: {st:?}");
    CStr::from_ptr(buf.as_ptr())
        .to_str()
        .expect("UTF-8")
        .to_string()
}

fn money(s: &str, what: &str) -> Decimal {
    let d: Decimal = s
        .parse()
        .unwrap_or_else(|e| panic!("{what} {s:?} is no decimal: {e}"));
    assert_eq!(d.scale(), 2, "{what} {s:?} does not have two decimals");
    assert!(
        !d.is_sign_negative() || d.is_zero(),
        "{what} {s:?} is negative"
    );
    d
}

/// The amounts of a C quote, checked: (duty, fees, total) as text.
unsafe fn read_quote(q: *const QuoteHandle) -> (String, String, String) {
    let duty = quote_decimal(tariffs_quote_duty, q, "tariffs_quote_duty");
    let fees = quote_decimal(tariffs_quote_fees, q, "tariffs_quote_fees");
    let total = quote_decimal(tariffs_quote_total, q, "tariffs_quote_total");
    let _ = quote_decimal(
        tariffs_quote_effective_rate,
        q,
        "tariffs_quote_effective_rate",
    );
    let _ = quote_decimal(
        tariffs_quote_customs_value,
        q,
        "tariffs_quote_customs_value",
    );
    let (d, f, t) = (
        money(&duty, "duty"),
        money(&fees, "fees"),
        money(&total, "total"),
    );
    let mut lines_duty = Decimal::ZERO;
    let mut lines_fees = Decimal::ZERO;
    for i in 0..tariffs_quote_line_count(q) {
        let mut line: *const tariffs_line = null();
        assert!(check(
            tariffs_quote_line(q, i, &mut line),
            "tariffs_quote_line"
        ));
        let amount = CStr::from_ptr(tariffs_line_get_amount(line))
            .to_str()
            .expect("UTF-8");
        let amount = money(amount, "line amount");
        let _ = CStr::from_ptr(tariffs_line_get_authority(line));
        match tariffs_line_get_kind(line) {
            tariffs_line_kind::TARIFFS_LINE_BASE | tariffs_line_kind::TARIFFS_LINE_ADDITIONAL => {
                lines_duty += amount
            }
            tariffs_line_kind::TARIFFS_LINE_FEE => lines_fees += amount,
            tariffs_line_kind::TARIFFS_LINE_EXEMPTION => {
                assert!(amount.is_zero(), "exemption amount {amount}")
            }
            k => panic!("line kind {k:?} of a live line"),
        }
    }
    assert_eq!(d, lines_duty, "C quote: duty != sum of duty lines");
    assert_eq!(f, lines_fees, "C quote: fees != sum of fee lines");
    assert_eq!(t, d + f, "C quote: total != duty + fees");
    for i in 0..tariffs_quote_excluded_count(q) {
        let mut x: *const tariffs_excluded = null();
        assert!(check(
            tariffs_quote_excluded(q, i, &mut x),
            "tariffs_quote_excluded"
        ));
        let _ = CStr::from_ptr(tariffs_excluded_get_reason(x));
    }
    for get in [tariffs_quote_to_json, tariffs_quote_explain] {
        let mut s: *mut c_char = null_mut();
        assert!(check(get(q, &mut s), "tariffs_quote_to_json/explain"));
        tariffs_string_free(s);
    }
    (duty, fees, total)
}

impl State {
    unsafe fn apply(&mut self, op: &Op) {
        match op {
            Op::NewSchedule(src) => {
                let mut h: *mut tariffs_schedule = null_mut();
                let core = match src {
                    Source::Builtin => {
                        check(tariffs_schedule_builtin(&mut h), "tariffs_schedule_builtin");
                        Some(Schedule::builtin())
                    }
                    Source::Fixture => {
                        let j = crate::FIXTURE_JSON;
                        check(
                            tariffs_schedule_from_json(j.as_ptr().cast(), j.len(), &mut h),
                            "tariffs_schedule_from_json",
                        );
                        Some(crate::fixture().clone())
                    }
                    Source::Json(bytes) => {
                        let st =
                            tariffs_schedule_from_json(bytes.as_ptr().cast(), bytes.len(), &mut h);
                        check(st, "tariffs_schedule_from_json").then(|| {
                            Schedule::from_json(
                                std::str::from_utf8(bytes).expect("a loaded schedule is UTF-8"),
                            )
                            .expect("the core loads what the C API loaded")
                        })
                    }
                    Source::Strict(i, strict) => match pick_index(self.schedules.len(), *i) {
                        Some(k) => {
                            let s = &self.schedules[k];
                            let st = tariffs_schedule_strict(s.handle, i32::from(*strict), &mut h);
                            check(st, "tariffs_schedule_strict").then(|| s.core.strict(*strict))
                        }
                        None => None,
                    },
                };
                match core {
                    Some(core) if !h.is_null() => self.schedules.push(Sched { handle: h, core }),
                    _ => assert!(h.is_null(), "a failed call handed out a schedule"),
                }
            }
            Op::FreeSchedule(i) => {
                if let Some(k) = pick_index(self.schedules.len(), *i) {
                    tariffs_schedule_free(self.schedules.swap_remove(k).handle);
                }
            }
            Op::NewEntry => {
                let mut e: *mut tariffs_entry = null_mut();
                assert!(check(tariffs_entry_new(&mut e), "tariffs_entry_new"));
                self.entries.push(e);
            }
            Op::NewEntryFull {
                origin,
                hts,
                value,
                date,
                mode,
                quantity,
                claim,
            } => {
                let c = |pool: &[&str], i: u8| {
                    CString::new(pool[usize::from(i) % pool.len()]).expect("no NUL")
                };
                let mut e: *mut tariffs_entry = null_mut();
                assert!(check(tariffs_entry_new(&mut e), "tariffs_entry_new"));
                let calls = [
                    tariffs_entry_set_origin(e, c(&ORIGINS[..5], *origin).as_ptr()),
                    tariffs_entry_set_hts(e, c(&CODES[..7], *hts).as_ptr()),
                    tariffs_entry_set_value(
                        e,
                        c(&["54", "1000", "0", "2500.01", "10000"], *value).as_ptr(),
                    ),
                    tariffs_entry_set_date(e, c(&DATES[..5], *date).as_ptr()),
                    tariffs_entry_set_mode(e, c(&MODES[..6], *mode).as_ptr()),
                ];
                for st in calls {
                    assert!(
                        check(st, "a setter with a valid value"),
                        "a setter refused a valid value: {st:?}"
                    );
                }
                if let Some((u, a)) = quantity {
                    let st = tariffs_entry_add_quantity(
                        e,
                        c(&UNITS[..4], *u).as_ptr(),
                        c(&["1", "12.5", "1000000"], *a).as_ptr(),
                    );
                    assert!(check(st, "tariffs_entry_add_quantity"));
                }
                if *claim {
                    assert!(check(
                        tariffs_entry_add_claim(e, c"USMCA".as_ptr()),
                        "tariffs_entry_add_claim"
                    ));
                }
                self.entries.push(e);
            }
            Op::FreeEntry(i) => {
                if let Some(k) = pick_index(self.entries.len(), *i) {
                    tariffs_entry_free(self.entries.swap_remove(k));
                }
            }
            Op::Quote(s, e) => {
                let (Some(s), Some(e)) = (
                    pick_index(self.schedules.len(), *s),
                    pick(&self.entries, *e),
                ) else {
                    return;
                };
                let mut q: *mut QuoteHandle = null_mut();
                if check(
                    tariffs_quote(self.schedules[s].handle, e, &mut q),
                    "tariffs_quote",
                ) {
                    read_quote(q);
                    self.quotes.push(q);
                } else {
                    assert!(q.is_null(), "a failed quote handed out a quote");
                }
            }
            Op::ReadQuote(i) => {
                if let Some(q) = pick(&self.quotes, *i) {
                    read_quote(q);
                }
            }
            Op::FreeQuote(i) => {
                if let Some(k) = pick_index(self.quotes.len(), *i) {
                    tariffs_quote_free(self.quotes.swap_remove(k));
                }
            }
            Op::Batch(s, picks) => {
                let Some(s) = pick_index(self.schedules.len(), *s) else {
                    return;
                };
                let entries: Vec<*const tariffs_entry> = picks
                    .iter()
                    .take(16)
                    .map(|p| {
                        if *p == 255 {
                            null()
                        } else {
                            pick(&self.entries, *p).map_or(null(), |e| e.cast_const())
                        }
                    })
                    .collect();
                self.batch(s, &entries);
            }
            Op::Columns(s, importer, rows) => {
                let Some(s) = pick_index(self.schedules.len(), *s) else {
                    return;
                };
                self.columns(s, importer, rows);
            }
            Op::Validate(i) => {
                if let Some(e) = pick(&self.entries, *i) {
                    check(tariffs_entry_validate(e), "tariffs_entry_validate");
                }
            }
            op => self.set(op),
        }
    }

    /// The entry setters.
    unsafe fn set(&mut self, op: &Op) {
        let (i, st, what) = match op {
            Op::SetImporter(i, a) => (
                i,
                {
                    let c = a.make(IMPORTERS);
                    self.with(*i, |e| tariffs_entry_set_importer(e, ptr(&c)))
                },
                "set_importer",
            ),
            Op::SetOrigin(i, a) => (
                i,
                {
                    let c = a.make(ORIGINS);
                    self.with(*i, |e| tariffs_entry_set_origin(e, ptr(&c)))
                },
                "set_origin",
            ),
            Op::SetHts(i, a) => (
                i,
                {
                    let c = a.make(CODES);
                    self.with(*i, |e| tariffs_entry_set_hts(e, ptr(&c)))
                },
                "set_hts",
            ),
            Op::SetValue(i, a) => (
                i,
                {
                    let c = a.make(VALUES);
                    self.with(*i, |e| tariffs_entry_set_value(e, ptr(&c)))
                },
                "set_value",
            ),
            Op::SetDate(i, a) => (
                i,
                {
                    let c = a.make(DATES);
                    self.with(*i, |e| tariffs_entry_set_date(e, ptr(&c)))
                },
                "set_date",
            ),
            Op::SetCurrency(i, a, b) => (
                i,
                {
                    let (c, r) = (a.make(CURRENCIES), b.make(RATES));
                    self.with(*i, |e| tariffs_entry_set_currency(e, ptr(&c), ptr(&r)))
                },
                "set_currency",
            ),
            Op::AddQuantity(i, a, b) => (
                i,
                {
                    let (u, n) = (a.make(UNITS), b.make(AMOUNTS));
                    self.with(*i, |e| tariffs_entry_add_quantity(e, ptr(&u), ptr(&n)))
                },
                "add_quantity",
            ),
            Op::ClearQuantities(i) => (
                i,
                self.with(*i, |e| tariffs_entry_clear_quantities(e)),
                "clear_quantities",
            ),
            Op::SetLoadedOn(i, a) => (
                i,
                {
                    let c = a.make(DATES);
                    self.with(*i, |e| tariffs_entry_set_loaded_on(e, ptr(&c)))
                },
                "set_loaded_on",
            ),
            Op::SetMode(i, a) => (
                i,
                {
                    let c = a.make(MODES);
                    self.with(*i, |e| tariffs_entry_set_mode(e, ptr(&c)))
                },
                "set_mode",
            ),
            Op::AddClaim(i, a) => (
                i,
                {
                    let c = a.make(CLAIMS);
                    self.with(*i, |e| tariffs_entry_add_claim(e, ptr(&c)))
                },
                "add_claim",
            ),
            Op::ClearClaims(i) => (
                i,
                self.with(*i, |e| tariffs_entry_clear_claims(e)),
                "clear_claims",
            ),
            _ => return,
        };
        let _ = i;
        if let Some(st) = st {
            check(st, what);
        }
    }

    fn with(&self, i: u8, f: impl FnOnce(*mut tariffs_entry) -> Status) -> Option<Status> {
        pick(&self.entries, i).map(f)
    }

    /// A batch of live entries (NULL elements among them): each row as `tariffs_quote` gives it.
    unsafe fn batch(&self, s: usize, entries: &[*const tariffs_entry]) {
        let sched = self.schedules[s].handle;
        let mut b: *mut tariffs_batch = null_mut();
        let st = tariffs_quote_batch(sched, entries.as_ptr(), entries.len(), &mut b);
        assert!(
            check(st, "tariffs_quote_batch"),
            "tariffs_quote_batch failed: {st:?}"
        );
        assert_eq!(tariffs_batch_len(b), entries.len());
        for (row, e) in entries.iter().enumerate() {
            let (rs, _) = row_status(b, row);
            if e.is_null() {
                assert_eq!(
                    rs,
                    tariffs_status::TARIFFS_NULL_ARGUMENT,
                    "a NULL batch element"
                );
                continue;
            }
            let mut q: *mut QuoteHandle = null_mut();
            let qs = tariffs_quote(sched, *e, &mut q);
            check(qs, "tariffs_quote");
            assert_eq!(rs, qs, "batch row {row} status differs from tariffs_quote");
            if qs == OK {
                let (duty, fees, total) = read_quote(q);
                assert_eq!(
                    row_decimal(tariffs_batch_duty, b, row, "tariffs_batch_duty"),
                    duty,
                    "batch row {row} duty"
                );
                assert_eq!(
                    row_decimal(tariffs_batch_fees, b, row, "tariffs_batch_fees"),
                    fees,
                    "batch row {row} fees"
                );
                assert_eq!(
                    row_decimal(tariffs_batch_total, b, row, "tariffs_batch_total"),
                    total,
                    "batch row {row} total"
                );
                tariffs_quote_free(q);
            }
        }
        tariffs_batch_free(b);
    }

    /// Text columns: each row quotes exactly when the core parses and quotes its cells.
    unsafe fn columns(&self, s: usize, importer: &Arg, rows: &[Row]) {
        let rows = &rows[..rows.len().min(12)];
        let imp = importer.make(IMPORTERS);
        let cells: Vec<[Option<CString>; 7]> = rows
            .iter()
            .map(|r| {
                [
                    r.hts.make(CODES),
                    r.origin.make(ORIGINS),
                    r.value.make(VALUES),
                    r.date.make(DATES),
                    r.mode.make(MODES),
                    r.quantities.make(QTY_CELLS),
                    r.claims.make(CLAIM_CELLS),
                ]
            })
            .collect();
        let col = |k: usize| -> Vec<*const c_char> { cells.iter().map(|c| ptr(&c[k])).collect() };
        let cols: Vec<Vec<*const c_char>> = (0..7).map(col).collect();
        let mut b: *mut tariffs_batch = null_mut();
        let st = tariffs_quote_columns(
            self.schedules[s].handle,
            rows.len(),
            ptr(&imp),
            cols[0].as_ptr(),
            cols[1].as_ptr(),
            cols[2].as_ptr(),
            cols[3].as_ptr(),
            cols[4].as_ptr(),
            cols[5].as_ptr(),
            cols[6].as_ptr(),
            &mut b,
        );
        if !check(st, "tariffs_quote_columns") {
            return;
        }
        let importer_text = imp.as_ref().map(|c| c.to_str().map(str::to_string));
        for (row, c) in cells.iter().enumerate() {
            let want = reference(&self.schedules[s].core, importer_text.clone(), c);
            let (rs, msg) = row_status(b, row);
            match want {
                Some(Ok(q)) => {
                    assert_eq!(
                        rs, OK,
                        "columns row {row} fails ({msg}) where the core quotes {c:?}"
                    );
                    assert_eq!(
                        row_decimal(tariffs_batch_duty, b, row, "tariffs_batch_duty"),
                        q.duty.to_string(),
                        "columns row {row} duty"
                    );
                    assert_eq!(
                        row_decimal(tariffs_batch_fees, b, row, "tariffs_batch_fees"),
                        q.fees.to_string(),
                        "columns row {row} fees"
                    );
                    assert_eq!(
                        row_decimal(tariffs_batch_total, b, row, "tariffs_batch_total"),
                        q.total.to_string(),
                        "columns row {row} total"
                    );
                }
                Some(Err(e)) => assert_ne!(
                    rs, OK,
                    "columns row {row} quotes where the core fails ({e}) on {c:?}"
                ),
                None => assert_ne!(
                    rs, OK,
                    "columns row {row} quotes a NULL or non-UTF-8 cell {c:?}"
                ),
            }
        }
        tariffs_batch_free(b);
    }

    unsafe fn free_all(&mut self) {
        for q in self.quotes.drain(..) {
            tariffs_quote_free(q);
        }
        for e in self.entries.drain(..) {
            tariffs_entry_free(e);
        }
        for s in self.schedules.drain(..) {
            tariffs_schedule_free(s.handle);
        }
    }
}

fn pick_index(len: usize, i: u8) -> Option<usize> {
    (len > 0).then(|| usize::from(i) % len)
}

/// What the core makes of one row of text cells: `None` for a NULL
/// required cell or a cell that is not UTF-8, else the parse error or the quote.
fn reference(
    s: &Schedule,
    importer: Option<Result<String, std::str::Utf8Error>>,
    c: &[Option<CString>; 7],
) -> Option<tariffs::Result<tariffs::Quote>> {
    let importer = match importer {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => return None,
    };
    let text = |k: usize| -> Option<Option<&str>> {
        match &c[k] {
            None => Some(None),
            Some(s) => s.to_str().ok().map(Some),
        }
    };
    let [hts, origin, value, date, mode, qty, claims] = [
        text(0)?,
        text(1)?,
        text(2)?,
        text(3)?,
        text(4)?,
        text(5)?,
        text(6)?,
    ];
    let parsed = (|| {
        let mut e = EntryText {
            importer: importer.as_deref(),
            origin: origin.unwrap_or(""),
            hts: hts.unwrap_or(""),
            value: value.unwrap_or(""),
            date: date.unwrap_or(""),
            mode,
            ..Default::default()
        }
        .parse()?;
        if let Some(q) = qty.filter(|q| !q.trim().is_empty()) {
            let mut depth = 0usize;
            for item in q.split(|ch| match ch {
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
            }) {
                e.quantities.set_str(item)?;
            }
        }
        if let Some(cl) = claims.filter(|c| !c.trim().is_empty()) {
            for item in cl.split(',') {
                e.claims.push(tariffs::entry::parse_claim("claims", item)?);
            }
        }
        e.validate()?;
        Ok(e)
    })();
    if hts.is_none() || origin.is_none() || value.is_none() || date.is_none() {
        return None;
    }
    Some(parsed.and_then(|e| s.quote(&e)))
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut state = State::default();
    let mut n = 0;
    while !u.is_empty() && n < 48 {
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        // SAFETY: the state keeps only live handles; each is freed once.
        unsafe { state.apply(&op) };
        n += 1;
    }
    // SAFETY: as above.
    unsafe { state.free_all() };
}
