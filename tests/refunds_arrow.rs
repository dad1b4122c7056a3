#![cfg(feature = "arrow")]
//! The refund report over Arrow tables (`Schedule::refunds_record_batches`):
//! columns read, the five tables, wide and long filings, errors that name
//! the column. Amounts by hand as in `tests/refunds_golden.rs`.

use std::sync::{Arc, OnceLock};
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::types::Decimal128Type;
use tariffs::arrow::arrow_array::{
    Array, ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use tariffs::refunds::RefundOptions;
use tariffs::{Date, Schedule};

fn schedule() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(Schedule::builtin)
}

fn text(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(
        v.iter()
            .map(|s| (!s.is_empty()).then_some(*s))
            .collect::<Vec<_>>(),
    ))
}

fn opts() -> RefundOptions {
    RefundOptions::new(Date::from_ymd(2026, 12, 1).unwrap())
}

/// Column `name` of `b`, row `i`, as text ("" when null).
fn cell(b: &RecordBatch, name: &str, i: usize) -> String {
    let a = b
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"));
    if a.is_null(i) {
        return String::new();
    }
    match a.data_type() {
        tariffs::arrow::arrow_schema::DataType::Decimal128(_, _) => {
            a.as_primitive::<Decimal128Type>().value_as_string(i)
        }
        tariffs::arrow::arrow_schema::DataType::Utf8 => a.as_string::<i32>().value(i).to_string(),
        tariffs::arrow::arrow_schema::DataType::UInt64 => a
            .as_primitive::<tariffs::arrow::arrow_array::types::UInt64Type>()
            .value(i)
            .to_string(),
        tariffs::arrow::arrow_schema::DataType::UInt32 => a
            .as_primitive::<tariffs::arrow::arrow_array::types::UInt32Type>()
            .value(i)
            .to_string(),
        t => panic!("type {t}"),
    }
}

fn input() -> RecordBatch {
    RecordBatch::try_from_iter([
        ("entry_number", text(&["E1", "E1", "E2", "E3", "E4"])),
        (
            "line_number",
            Arc::new(Int64Array::from(vec![1, 2, 1, 1, 1])) as ArrayRef,
        ),
        (
            "importer_of_record",
            text(&["IOR-A", "IOR-A", "IOR-A", "IOR-B", "IOR-B"]),
        ),
        (
            "hts",
            text(&[
                "6109.10.00.12",
                "6109.10.00.12",
                "6109.10.00.12",
                "0000.00.00",
                "6109.10.00.12",
            ]),
        ),
        ("origin", text(&["CN", "CA", "CN", "CN", "CA"])),
        ("value", text(&["10000", "10000", "10000", "5", "10000"])),
        (
            "date",
            text(&[
                "2025-04-10",
                "2025-04-01",
                "2026-03-10",
                "2025-04-11",
                "2025-04-01",
            ]),
        ),
        ("mode", text(&["ocean", "truck", "ocean", "ocean", "truck"])),
        ("claims", text(&["", "", "", "", "USMCA"])),
        (
            "liquidation_date",
            Arc::new(Date32Array::from(vec![
                None,
                Some(Date::from_ymd(2026, 9, 12).unwrap().days_since_epoch()),
                None,
                None,
                None,
            ])) as ArrayRef,
        ),
        ("liquidation_status", text(&["", "liquidated", "", "", ""])),
        ("filed_ieepa_fentanyl", text(&["2000", "", "", "", ""])),
        ("filed_mfn", text(&["1650", "", "", "", ""])),
        ("filed_section_301", text(&["750", "", "", "", ""])),
    ])
    .unwrap()
}

// E1/1: CN 2025-04-10: IEEPA 2000 + 12500 = 14500.00, interest 1463.07
// (tests/refunds_golden.rs); filed without the reciprocal: one missing
// finding. E1/2: CA 25% = 2500.00, liquidated 80 days before: in window.
// E2: Section 122 1000.00 only. E3: unknown code, failed. E4: USMCA: none.
#[test]
fn lines_table_row_by_row() {
    let t = schedule()
        .refunds_record_batches(&[input()], None, &opts(), None)
        .unwrap();
    let l = &t.lines;
    assert_eq!(l.num_rows(), 5);
    assert_eq!(cell(l, "ieepa_principal", 0), "14500.00");
    assert_eq!(cell(l, "ieepa_reciprocal", 0), "12500.00");
    assert_eq!(cell(l, "ieepa_interest", 0), "1463.07");
    assert_eq!(cell(l, "ieepa_refund", 0), "15963.07");
    assert_eq!(cell(l, "findings", 0), "1");
    assert_eq!(cell(l, "line_number", 1), "2");
    assert_eq!(cell(l, "category", 1), "liquidated_in_window");
    assert_eq!(cell(l, "ieepa_fentanyl", 1), "2500.00");
    assert_eq!(cell(l, "findings", 1), "");
    assert_eq!(cell(l, "category", 2), "none");
    assert_eq!(cell(l, "section_122_principal", 2), "1000.00");
    assert!(cell(l, "section_122_note", 2).contains("appeal"));
    assert_eq!(cell(l, "ieepa_principal", 3), "");
    assert!(cell(l, "error", 3).contains("0000.00.00"));
    // A failed row keeps its value (it could be read), not a zero duty.
    assert_eq!(cell(l, "value", 3), "5.00");
    assert_eq!(cell(l, "duty", 3), "");
    assert_eq!(cell(l, "category", 4), "none");
    assert_eq!(cell(l, "ieepa_principal", 4), "0.00");
    // Every IEEPA authority of the schedule has its column.
    for a in [
        "ieepa_fentanyl",
        "ieepa_reciprocal",
        "ieepa_brazil",
        "ieepa_russia_oil",
        "ieepa_postal",
    ] {
        assert!(l.column_by_name(a).is_some(), "{a}");
    }
    // The failed row is listed with its field.
    assert_eq!(t.errors.num_rows(), 1);
    assert_eq!(cell(&t.errors, "row", 0), "3");
    assert_eq!(cell(&t.errors, "field", 0), "hts");
    // The audit: the missing 125% under 9903.01.63.
    assert_eq!(t.audit.num_rows(), 1);
    assert_eq!(cell(&t.audit, "key", 0), "9903.01.63");
    assert_eq!(cell(&t.audit, "kind", 0), "missing");
    assert_eq!(cell(&t.audit, "difference", 0), "-12500.00");
    // Duties: the quote's lines of the four quoted rows, by heading.
    let d = &t.duties;
    let first: Vec<String> = (0..d.num_rows())
        .filter(|&i| cell(d, "row", i) == "0")
        .map(|i| {
            format!(
                "{} {} {}",
                cell(d, "authority", i),
                cell(d, "heading", i),
                cell(d, "amount", i)
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            "mfn 6109.10.00 1650.00",
            "section_301 9903.88.15 750.00",
            "ieepa_fentanyl 9903.01.24 2000.00",
            "ieepa_reciprocal 9903.01.63 12500.00",
            "mpf 19 CFR 24.23(b)(1) 34.64",
            "hmf 26 U.S.C. 4461 12.50",
        ]
    );
}

// Totals: IOR-A/unliquidated/2025-04: 14500.00; IOR-A/in window/2025-04:
// 2500.00; IOR-A/none/2026-03: Section 122 1000.00; IOR-B/unliquidated/
// 2025-04: the failed row (1 line, failed, value 5); IOR-B/none/2025-04.
#[test]
fn totals_table() {
    let t = schedule()
        .refunds_record_batches(&[input()], None, &opts(), None)
        .unwrap()
        .totals;
    let rows: Vec<String> = (0..t.num_rows())
        .map(|i| {
            format!(
                "{} {} {} {} {} {} {} {}",
                cell(&t, "importer_of_record", i),
                cell(&t, "category", i),
                cell(&t, "month", i),
                cell(&t, "lines", i),
                cell(&t, "failed_lines", i),
                cell(&t, "failed_value", i),
                cell(&t, "ieepa_principal", i),
                cell(&t, "section_122_principal", i),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "IOR-A none 2026-03 1 0 0.00 0.00 1000.00",
            "IOR-A unliquidated 2025-04 1 0 0.00 14500.00 0.00",
            "IOR-A liquidated_in_window 2025-04 1 0 0.00 2500.00 0.00",
            "IOR-B none 2025-04 1 0 0.00 0.00 0.00",
            "IOR-B unliquidated 2025-04 1 1 5.00 0.00 0.00",
        ]
    );
    // CAPE takes the unliquidated and the in-window rows (CSMS #68340863).
    let cape = t.column_by_name("cape").unwrap().as_boolean();
    let cape: Vec<bool> = (0..t.num_rows()).map(|i| cape.value(i)).collect();
    assert_eq!(cape, [false, true, true, false, true]);
}

// The long filed table (Form 7501 line detail): the right headings and
// amounts for E1/1 leave no finding; a filed line for an entry not in the
// input fails the call, naming it.
#[test]
fn long_filed_table() {
    let filed = RecordBatch::try_from_iter([
        ("entry_number", text(&["E1", "E1", "E1", "E1"])),
        ("line_number", text(&["1", "1", "1", "1"])),
        (
            "heading",
            text(&["6109.10.0012", "9903.88.15", "9903.01.24", "9903.01.63"]),
        ),
        (
            "amount",
            text(&["1650.00", "750.00", "2000.00", "12500.00"]),
        ),
    ])
    .unwrap();
    let mut b = input();
    for c in ["filed_ieepa_fentanyl", "filed_mfn", "filed_section_301"] {
        let i = b.schema().index_of(c).unwrap();
        b.remove_column(i);
    }
    let t = schedule()
        .refunds_record_batches(&[b.clone()], Some(&[filed]), &opts(), None)
        .unwrap();
    assert_eq!(cell(&t.lines, "findings", 0), "0");
    assert_eq!(t.audit.num_rows(), 0);
    let orphan = RecordBatch::try_from_iter([
        ("entry_number", text(&["E9"])),
        ("line_number", text(&["1"])),
        ("key", text(&["mfn"])),
        ("amount", text(&["1"])),
    ])
    .unwrap();
    let e = schedule()
        .refunds_record_batches(&[b], Some(&[orphan]), &opts(), None)
        .unwrap_err();
    assert_eq!(e.field(), Some("filed"));
    assert!(e.to_string().contains("E9"), "{e}");
}

#[test]
fn errors_name_the_column() {
    let s = schedule();
    let mut cols: Vec<(&str, ArrayRef)> = vec![
        ("hts", text(&["6109.10.00.12"])),
        ("origin", text(&["CN"])),
        ("value", text(&["10"])),
        ("date", text(&["2025-04-10"])),
    ];
    cols.push((
        "filed_mfn",
        Arc::new(Float64Array::from(vec![1.5])) as ArrayRef,
    ));
    let e = s
        .refunds_record_batches(
            &[RecordBatch::try_from_iter(cols.clone()).unwrap()],
            None,
            &opts(),
            None,
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("filed_mfn"));
    cols.pop();
    cols.push(("liquidation_status", text(&["closed"])));
    let t = s
        .refunds_record_batches(
            &[RecordBatch::try_from_iter(cols.clone()).unwrap()],
            None,
            &opts(),
            None,
        )
        .unwrap();
    assert_eq!(cell(&t.errors, "field", 0), "liquidation_status");
    cols.pop();
    cols.push(("filed_", text(&["1"])));
    assert!(s
        .refunds_record_batches(
            &[RecordBatch::try_from_iter(cols).unwrap()],
            None,
            &opts(),
            None
        )
        .is_err());
}
