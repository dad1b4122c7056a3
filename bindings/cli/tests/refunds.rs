//! `tariffs refunds` run on small files whose IEEPA principal, Section 122
//! principal, CAPE category and audit findings are worked out by hand from
//! the builtin schedule's rates (see the brief's facts: CN 6109.10.00.12 is
//! MFN 16.5%, Section 301 +7.5%, IEEPA fentanyl +20% and reciprocal +125%
//! on 2025-04-10, Section 122 +10% on 2026-03-10), and compared row by row
//! with the library's `Schedule::quote`.

mod common;

use common::{builtin, dec, read_csv, read_parquet, run, stderr, stdout};
use std::path::Path;
use std::process::Command;
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::{Array, RecordBatch};
use tariffs::arrow::arrow_schema::DataType;
use tariffs::refunds::{Category, SECTION_122_NOTE};
use tariffs::{Decimal, EntryText};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn cell<'a>(t: &'a (Vec<String>, Vec<Vec<String>>), row: usize, col: &str) -> &'a str {
    let i =
        t.0.iter()
            .position(|h| h == col)
            .unwrap_or_else(|| panic!("no column {col}"));
    &t.1[row][i]
}

fn text(b: &RecordBatch, col: &str, i: usize) -> Option<String> {
    let c = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("no column {col}"));
    let c = c.as_string::<i32>();
    c.is_valid(i).then(|| c.value(i).to_string())
}

/// (entry_number, line_number, hts, origin, value, date, claims, liquidation_status, liquidation_date)
const ROWS: [[&str; 9]; 8] = [
    [
        "E1",
        "1",
        "6109.10.00.12",
        "CN",
        "10000",
        "2025-04-10",
        "",
        "",
        "",
    ],
    [
        "E2",
        "1",
        "6109.10.00.12",
        "CN",
        "10000",
        "2026-03-10",
        "",
        "",
        "",
    ],
    [
        "E3",
        "1",
        "6109.10.00.12",
        "CA",
        "10000",
        "2025-04-10",
        "USMCA",
        "",
        "",
    ],
    [
        "E4",
        "1",
        "0000.00.00",
        "CN",
        "500",
        "2025-04-10",
        "",
        "",
        "",
    ],
    [
        "E5",
        "1",
        "6109.10.00.12",
        "CN",
        "1000",
        "2025-04-10",
        "",
        "unliquidated",
        "2026-01-05",
    ],
    [
        "E5",
        "2",
        "6109.10.00.12",
        "CN",
        "1000",
        "2025-04-10",
        "",
        "liquidated",
        "2026-09-12",
    ],
    [
        "E5",
        "3",
        "6109.10.00.12",
        "CN",
        "1000",
        "2025-04-10",
        "",
        "",
        "2026-09-11",
    ],
    [
        "E5",
        "4",
        "6109.10.00.12",
        "CN",
        "1000",
        "2025-04-10",
        "",
        "liquidated",
        "2026-06-03",
    ],
];

fn write_input(path: &Path, rows: &[[&str; 9]]) {
    let mut s = String::from(
        "entry_number,line_number,hts,origin,value,date,claims,liquidation_status,liquidation_date,mode\n",
    );
    for r in rows {
        s.push_str(&r.join(","));
        s.push_str(",ocean\n");
    }
    std::fs::write(path, s).unwrap();
}

/// Expected by hand, as of 2026-12-01: (ieepa_principal, ieepa_fentanyl,
/// ieepa_reciprocal, section_122_principal, category); None for the bad row.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Category,
);

fn by_hand() -> Vec<Option<Expected>> {
    vec![
        // 10000 x (20% + 125%) = 14500.00; no liquidation: unliquidated.
        Some((
            "14500.00",
            "2000.00",
            "12500.00",
            "0.00",
            Category::Unliquidated,
        )),
        // 2026-03-10: IEEPA ended 2026-02-24; Section 122 10% of 10000.
        Some(("0.00", "0.00", "0.00", "1000.00", Category::None)),
        // USMCA-claimed Canadian good: no IEEPA duty.
        Some(("0.00", "0.00", "0.00", "0.00", Category::None)),
        None,
        // 1000 x 145% = 1450.00 each; explicit unliquidated wins over a date.
        Some((
            "1450.00",
            "200.00",
            "1250.00",
            "0.00",
            Category::Unliquidated,
        )),
        // liquidated 2026-09-12: 80 days before 2026-12-01.
        Some((
            "1450.00",
            "200.00",
            "1250.00",
            "0.00",
            Category::LiquidatedInWindow,
        )),
        // 2026-09-11: 81 days.
        Some(("1450.00", "200.00", "1250.00", "0.00", Category::Protest)),
        // 2026-06-03: 181 days.
        Some((
            "1450.00",
            "200.00",
            "1250.00",
            "0.00",
            Category::FinallyLiquidated,
        )),
    ]
}

#[test]
fn refunds_csv_to_parquet_by_hand_and_against_the_library_quote() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("entries.csv");
    write_input(&input, &ROWS);
    let out = dir.path().join("lines.parquet");
    let errors = dir.path().join("errors.csv");
    let totals = dir.path().join("totals.parquet");
    let o = run(&[
        "refunds",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
        "--errors",
        errors.to_str().unwrap(),
        "--totals",
        totals.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = read_parquet(&out);
    assert_eq!(b.num_rows(), ROWS.len());
    // Amounts as batch writes them to Parquet: decimal(18, 2).
    for col in [
        "value",
        "duty",
        "ieepa_principal",
        "ieepa_interest",
        "ieepa_refund",
        "section_122_principal",
        "ieepa_fentanyl",
    ] {
        assert_eq!(
            b.schema().field_with_name(col).unwrap().data_type(),
            &DataType::Decimal128(18, 2),
            "{col}"
        );
    }
    for (i, (r, want)) in ROWS.iter().zip(by_hand()).enumerate() {
        assert_eq!(text(&b, "entry_number", i).as_deref(), Some(r[0]));
        assert_eq!(text(&b, "line_number", i).as_deref(), Some(r[1]));
        let Some((ieepa, fentanyl, reciprocal, s122, category)) = want else {
            assert_eq!(dec(&b, "ieepa_principal", i), None, "row {i}");
            let e = text(&b, "error", i).unwrap();
            assert!(e.contains("0000.00.00"), "{e}");
            assert_eq!(text(&b, "error_kind", i).as_deref(), Some("unknown_code"));
            continue;
        };
        assert_eq!(text(&b, "error", i), None, "row {i}");
        assert_eq!(dec(&b, "ieepa_principal", i), Some(d(ieepa)), "row {i}");
        assert_eq!(dec(&b, "ieepa_fentanyl", i), Some(d(fentanyl)), "row {i}");
        assert_eq!(
            dec(&b, "ieepa_reciprocal", i),
            Some(d(reciprocal)),
            "row {i}"
        );
        assert_eq!(
            dec(&b, "section_122_principal", i),
            Some(d(s122)),
            "row {i}"
        );
        assert_eq!(
            text(&b, "category", i).as_deref(),
            Some(category.as_str()),
            "row {i}"
        );
        assert_eq!(
            text(&b, "category_message", i).as_deref(),
            Some(category.message())
        );
        let (p, interest, refund) = (
            dec(&b, "ieepa_principal", i).unwrap(),
            dec(&b, "ieepa_interest", i).unwrap(),
            dec(&b, "ieepa_refund", i).unwrap(),
        );
        assert_eq!(refund, p + interest, "row {i}");
        assert_eq!(interest > Decimal::ZERO, p > Decimal::ZERO, "row {i}");
        // The library, one quote at a time.
        let entry = EntryText {
            origin: r[3],
            hts: r[2],
            value: r[4],
            date: r[5],
            mode: Some("ocean"),
            claims: if r[6].is_empty() { vec![] } else { vec![r[6]] },
            ..Default::default()
        }
        .parse()
        .unwrap();
        let q = builtin().quote(&entry).unwrap();
        let sum = |f: &dyn Fn(&str) -> bool| -> Decimal {
            q.lines
                .iter()
                .filter(|l| f(&l.authority))
                .map(|l| l.amount)
                .sum()
        };
        assert_eq!(p, sum(&|a| a.starts_with("ieepa_")), "row {i}");
        assert_eq!(
            dec(&b, "section_122_principal", i).unwrap(),
            sum(&|a| a == "section_122")
        );
        assert_eq!(dec(&b, "duty", i), Some(q.duty), "row {i}");
        assert_eq!(dec(&b, "fees", i), Some(q.fees), "row {i}");
    }
    // The bad row, in --errors.
    let e = read_csv(&errors);
    assert_eq!(e.1.len(), 1);
    assert_eq!(cell(&e, 0, "row"), "3");
    assert_eq!(cell(&e, 0, "entry_number"), "E4");
    assert!(cell(&e, 0, "error").contains("0000.00.00"));
    // Totals, as Parquet decimals too: every row's IEEPA principal.
    let t = read_parquet(&totals);
    let total: Decimal = (0..t.num_rows())
        .filter_map(|i| dec(&t, "ieepa_principal", i))
        .sum();
    assert_eq!(total, d("20300.00")); // 14500 + 4 x 1450
}

#[test]
fn refunds_summary_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("entries.csv");
    write_input(&input, &ROWS);
    let out = dir.path().join("lines.csv");
    let args = |json: bool| {
        let mut v = vec![
            "refunds".to_string(),
            input.to_str().unwrap().into(),
            "-o".into(),
            out.to_str().unwrap().into(),
            "--as-of".into(),
            "2026-12-01".into(),
        ];
        if json {
            v.push("--json".into());
        }
        v
    };
    let o = Command::new(env!("CARGO_BIN_EXE_tariffs"))
        .args(args(false))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("8 rows, as of 2026-12-01, interest to 2026-12-01 at corporate rates"),
        "{s}"
    );
    assert!(
        s.contains("failed rows: 1 (their errors: --errors FILE"),
        "{s}"
    );
    // Each category's message once (the input has no postal item, so no
    // postal_no_entry line).
    for c in Category::ALL
        .into_iter()
        .filter(|c| *c != Category::PostalNoEntry)
    {
        assert_eq!(s.matches(c.message()).count(), 1, "{c}: {s}");
    }
    let total = s
        .lines()
        .find(|l| l.trim_start().starts_with("total"))
        .unwrap();
    assert!(
        total.contains(" 8 ") && total.contains("20300.00"),
        "{total}"
    );
    assert!(
        s.contains("Section 122 principal: 1000.00 (pending litigation)"),
        "{s}"
    );
    assert!(s.contains(SECTION_122_NOTE));
    let fentanyl = s
        .lines()
        .find(|l| l.trim_start().starts_with("ieepa_fentanyl"))
        .unwrap();
    assert!(fentanyl.ends_with(" 2800.00"), "{fentanyl}"); // 2000 + 4 x 200
    assert!(s.contains("audit findings: 0 on 0 lines"), "{s}");

    let o = Command::new(env!("CARGO_BIN_EXE_tariffs"))
        .args(args(true))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"], 8);
    assert_eq!(v["failed_rows"], 1);
    assert_eq!(v["total"]["ieepa_principal"], "20300.00");
    assert_eq!(v["ieepa_by_authority"]["ieepa_fentanyl"], "2800.00");
    assert_eq!(v["ieepa_by_authority"]["ieepa_reciprocal"], "17500.00"); // 12500 + 4 x 1250
    assert_eq!(v["section_122"]["principal"], "1000.00");
    assert_eq!(v["section_122"]["status"], "pending litigation");
    let cats = v["categories"].as_array().unwrap();
    let lines = |c: &str| {
        cats.iter()
            .find(|x| x["category"] == c)
            .map(|x| x["lines"].clone())
    };
    // none: E2, E3; unliquidated: E1, E5/1 and the failed E4 (no liquidation given).
    assert_eq!(lines("none"), Some(2.into()));
    assert_eq!(lines("unliquidated"), Some(3.into()));
    assert_eq!(lines("liquidated_in_window"), Some(1.into()));
    assert_eq!(lines("protest"), Some(1.into()));
    assert_eq!(lines("finally_liquidated"), Some(1.into()));
    let principal =
        |c: &str| cats.iter().find(|x| x["category"] == c).unwrap()["ieepa_principal"].clone();
    assert_eq!(principal("unliquidated"), "15950.00"); // 14500 + 1450
    assert_eq!(principal("protest"), "1450.00");
}

#[test]
fn refunds_audit_of_a_long_filed_table() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("entries.csv");
    write_input(
        &input,
        &[
            [
                "E1",
                "1",
                "6109.10.00.12",
                "CN",
                "10000",
                "2025-04-10",
                "",
                "",
                "",
            ],
            [
                "E1",
                "2",
                "6109.10.00.12",
                "CN",
                "1000",
                "2025-04-10",
                "",
                "",
                "",
            ],
        ],
    );
    // Line 1: MFN off by 0.50 (within the 1.00 tolerance), fentanyl right,
    // reciprocal short by 500.00, Section 301 (750.00) not filed at all.
    // Line 2: every duty as computed, by heading and HTS code.
    let filed = dir.path().join("filed.csv");
    std::fs::write(
        &filed,
        "entry_number,line_number,key,amount\n\
         E1,1,mfn,1650.50\n\
         E1,1,ieepa_fentanyl,2000.00\n\
         E1,1,ieepa_reciprocal,12000.00\n\
         E1,2,6109.10.00,165.00\n\
         E1,2,9903.88.15,75.00\n\
         E1,2,9903.01.24,200.00\n\
         E1,2,9903.01.63,1250.00\n",
    )
    .unwrap();
    let out = dir.path().join("lines.arrow");
    let audit = dir.path().join("audit.csv");
    let o = run(&[
        "refunds",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--filed",
        filed.to_str().unwrap(),
        "--audit",
        audit.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("audit findings: 2 on 1 lines"),
        "{}",
        stdout(&o)
    );
    let a = read_csv(&audit);
    assert_eq!(a.1.len(), 2, "{:?}", a.1);
    let find = |kind: &str| {
        (0..a.1.len())
            .find(|&i| cell(&a, i, "kind") == kind)
            .unwrap()
    };
    let amount = find("amount");
    assert_eq!(cell(&a, amount, "key"), "ieepa_reciprocal");
    assert_eq!(cell(&a, amount, "filed"), "12000.00");
    assert_eq!(cell(&a, amount, "computed"), "12500.00");
    assert_eq!(cell(&a, amount, "difference"), "-500.00");
    let missing = find("missing");
    assert_eq!(cell(&a, missing, "entry_number"), "E1");
    assert_eq!(cell(&a, missing, "line_number"), "1");
    assert_eq!(cell(&a, missing, "key"), "9903.88.15");
    assert_eq!(cell(&a, missing, "computed"), "750.00");
    assert_eq!(cell(&a, missing, "difference"), "-750.00");

    // Filed amounts of a line not in the input fail the run, naming --filed.
    std::fs::write(
        &filed,
        "entry_number,line_number,key,amount\nE9,1,mfn,1.00\n",
    )
    .unwrap();
    let o = run(&[
        "refunds",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--filed",
        filed.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--filed") && stderr(&o).contains("E9"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn refunds_interest_follows_payer_and_interest_date() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("entries.csv");
    write_input(&input, &ROWS[..1]);
    let out = dir.path().join("lines.csv");
    let summary = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "refunds",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--as-of",
            "2026-12-01",
            "--json",
            "-q",
        ];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let interest = |v: &serde_json::Value| d(v["total"]["ieepa_interest"].as_str().unwrap());
    let corporate = summary(&[]);
    let noncorporate = summary(&["--payer", "noncorporate"]);
    assert_eq!(noncorporate["payer"], "noncorporate");
    // The non-corporate overpayment rate is a point above the corporate one.
    assert!(interest(&noncorporate) > interest(&corporate));
    // Interest to the deposit (entry) date itself: none.
    let none = summary(&["--interest-to", "2025-04-10"]);
    assert_eq!(interest(&none), Decimal::ZERO);
    assert_eq!(none["total"]["ieepa_refund"], "14500.00");
    let earlier = summary(&["--interest-to", "2026-01-01"]);
    assert!(interest(&earlier) > Decimal::ZERO && interest(&earlier) < interest(&corporate));
}

#[test]
fn refunds_bad_flags_name_the_flag_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("entries.csv");
    write_input(&input, &ROWS[..1]);
    let out = dir.path().join("lines.csv");
    let (i, o_) = (input.to_str().unwrap(), out.to_str().unwrap());
    for (args, code, needle) in [
        (vec!["--as-of", "2026-13-01"], 2, "flag --as-of"),
        (
            vec!["--as-of", "2026-12-01", "--payer", "partnership"],
            2,
            "flag --payer",
        ),
        (
            vec!["--as-of", "2026-12-01", "--interest-to", "2031-01-01"],
            2,
            "flag --interest-to",
        ),
        (vec!["--as-of", "2031-01-01"], 2, "flag --as-of"),
        (
            vec!["--as-of", "2026-12-01", "--tolerance", "-1"],
            2,
            "flag --tolerance",
        ),
        (
            vec!["--as-of", "2026-12-01", "--tolerance", "one"],
            2,
            "flag --tolerance",
        ),
        (
            vec!["--as-of", "2026-12-01", "--audit", "audit.txt"],
            2,
            "flag --audit",
        ),
        (
            vec![
                "--as-of",
                "2026-12-01",
                "--interest-rates",
                "/nonexistent.json",
            ],
            2,
            "flag --interest-rates",
        ),
        (
            vec!["--as-of", "2026-12-01", "--importer", "ZZZ"],
            2,
            "flag --importer",
        ),
        (
            vec!["--as-of", "2026-12-01", "--filed", "/nonexistent/filed.csv"],
            1,
            "flag --filed",
        ),
        (
            vec!["--as-of", "2026-12-01", "--filed", "filed.txt"],
            2,
            "name the file .csv",
        ),
    ] {
        let mut all = vec!["refunds", i, "-o", o_];
        all.extend(args.iter());
        let o = run(&all);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
        // No advice to give a format flag that does not exist or does not
        // apply (--audit, --filed have none; --from is IN's).
        assert!(
            !stderr(&o).contains("or give --"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!out.exists(), "{args:?}");
    }
    let missing = dir.path().join("missing.csv");
    let o = run(&[
        "refunds",
        missing.to_str().unwrap(),
        "-o",
        o_,
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.csv"), "{}", stderr(&o));
    let o = run(&["refunds", i, "-o", i, "--as-of", "2026-12-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("flag --out") && stderr(&o).contains("input"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read_to_string(&input)
        .unwrap()
        .starts_with("entry_number,"));
    let o = run(&[
        "refunds",
        i,
        "-o",
        o_,
        "--as-of",
        "2026-12-01",
        "--frobnicate",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}
