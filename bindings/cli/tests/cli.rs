//! The `tariffs` binary run on real files (CSV, Parquet, Arrow IPC), compared
//! with the library's one-by-one `Schedule::quote` row by row, and its other
//! subcommands checked against dates and rates of the sources.

mod common;

use common::{bin, builtin, dec, read_csv, read_parquet, run, stderr, stdout};
use std::path::Path;
use std::sync::Arc;
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::{Array, ArrayRef, Float64Array, RecordBatch, StringArray};
use tariffs::{Decimal, EntryText};

fn fixture() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/schedule.json"
    )
    .to_string()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

// ------------------------------------------------------------------ quote

#[test]
fn quote_prints_the_library_quote_and_the_readme_total() {
    let args = [
        "quote",
        "--origin",
        "CN",
        "--hts",
        "6109.10.00.12",
        "--value",
        "54",
        "--date",
        "2025-05-02",
        "--mode",
        "express",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = EntryText {
        origin: "CN",
        hts: "6109.10.00.12",
        value: "54",
        date: "2025-05-02",
        mode: Some("express"),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let q = builtin().quote(&e).unwrap();
    assert_eq!(stdout(&o), format!("{q}\n"));
    // By hand: MFN 16.5% of 54 = 8.91, Section 301 7.5% = 4.05, fentanyl
    // 20% = 10.80, reciprocal 125% = 67.50; duty 91.26 + MPF 2.62.
    assert!(
        stdout(&o).contains("duty 91.26 + fees 2.62 = total 93.88 USD"),
        "{}",
        stdout(&o)
    );
    let mut json = args.to_vec();
    json.push("--json");
    let o = run(&json);
    assert!(o.status.success());
    assert_eq!(stdout(&o), format!("{}\n", q.to_json()));
}

#[test]
fn quote_errors_name_the_flag_and_exit_2() {
    let o = run(&[
        "quote",
        "--origin",
        "ZZ",
        "--hts",
        "6109.10.00.12",
        "--value",
        "54",
        "--date",
        "2025-05-02",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("tariffs: flag --origin: invalid origin \"ZZ\""),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "quote",
        "--origin",
        "CN",
        "--hts",
        "6109.10.00.12",
        "--value",
        "54",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("flag --date is required"),
        "{}",
        stderr(&o)
    );
    let o = run(&["quote", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    // A code not in force on the date: the --hts value is wrong for it.
    let o = run(&[
        "quote",
        "--origin",
        "VN",
        "--hts",
        "9999.99.99",
        "--value",
        "54",
        "--date",
        "2025-05-02",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("tariffs: flag --hts: no US tariff line 9999.99.99"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "quote", "batch", "panel", "diff", "history", "coverage", "refunds",
    ] {
        let o = run(&[sub, "--help"]);
        assert!(o.status.success(), "{sub}");
        assert!(
            stdout(&o).contains("Usage: tariffs"),
            "{sub}: {}",
            stdout(&o)
        );
    }
}

// ------------------------------------------------------------------ batch

/// Rows of entries, good and bad: (hts, origin, value, date, mode, qty_doz, qty_kg).
fn rows() -> Vec<[String; 7]> {
    let codes = [
        "6109.10.00.12",
        "6109.10.00",
        "8471.30.01.00",
        "7208.10.15.00",
        "9503.00.00.90",
        "9999.99.99",
        "not a code",
    ];
    let origins = ["CN", "VN", "MX", "CA", "DE", "IN", "BR", "HK", "ZZ"];
    let dates = [
        "2025-01-15",
        "2025-02-10",
        "2025-04-10",
        "2025-05-02",
        "2025-09-01",
        "2026-03-01",
        "2026-08-01",
        "2026-11-30",
        "2024-12-31",
        "2025-13-01",
    ];
    let modes = ["ocean", "express", "postal", "", "air", "boat"];
    let values = ["54", "1000", "0", "2500.01", "-3", "12.345", ""];
    let mut out = Vec::new();
    for i in 0..300usize {
        out.push([
            codes[i % codes.len()].to_string(),
            origins[(i / 3) % origins.len()].to_string(),
            values[(i / 7) % values.len()].to_string(),
            dates[(i / 2) % dates.len()].to_string(),
            modes[(i / 5) % modes.len()].to_string(),
            if i % 4 == 0 {
                String::new()
            } else {
                format!("{}", i % 13)
            },
            if i % 6 == 0 {
                String::new()
            } else {
                format!("{}.5", i % 11)
            },
        ]);
    }
    out
}

fn write_csv(path: &Path, header: &str, rows: &[[String; 7]]) {
    let mut text = format!("{header}\n");
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&format!("{i},{}\n", r.join(",")));
    }
    std::fs::write(path, text).unwrap();
}

/// What the library says of one row: Ok(quote) or Err(error text).
fn expect(r: &[String; 7]) -> Result<tariffs::Quote, String> {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mode = opt(&r[4]);
    let mut quantities = Vec::new();
    if !r[5].is_empty() {
        quantities.push(("doz", r[5].as_str()));
    }
    if !r[6].is_empty() {
        quantities.push(("kg", r[6].as_str()));
    }
    let t = EntryText {
        hts: &r[0],
        origin: &r[1],
        value: &r[2],
        date: &r[3],
        mode: mode.as_deref(),
        quantities,
        ..Default::default()
    };
    t.parse()
        .and_then(|e| builtin().quote(&e))
        .map_err(|e| e.to_string())
}

/// Every row of a result batch against the library.
fn check_batch(b: &RecordBatch, rows: &[[String; 7]]) {
    assert_eq!(b.num_rows(), rows.len());
    let authorities = builtin().authorities();
    let error = b.column_by_name("error").unwrap();
    let error = arrow_cast::cast(error, &tariffs::arrow::arrow_schema::DataType::Utf8).unwrap();
    let error = error.as_string::<i32>();
    let ids = b.column_by_name("id").unwrap().as_string::<i32>().clone();
    let (mut ok, mut bad) = (0, 0);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(ids.value(i), i.to_string(), "row order");
        match expect(r) {
            Ok(q) => {
                ok += 1;
                assert!(error.is_null(i), "row {i} {r:?}: {}", error.value(i));
                assert_eq!(dec(b, "duty", i), Some(q.duty), "row {i} {r:?}");
                assert_eq!(dec(b, "fees", i), Some(q.fees), "row {i}");
                assert_eq!(dec(b, "total", i), Some(q.total), "row {i}");
                assert_eq!(
                    dec(b, "effective_rate", i),
                    Some(q.effective_rate),
                    "row {i}"
                );
                for a in &authorities {
                    assert_eq!(dec(b, a, i), Some(q.amount_of(a)), "row {i} {a}");
                }
            }
            Err(msg) => {
                bad += 1;
                assert_eq!(error.value(i), msg, "row {i} {r:?}");
                assert_eq!(dec(b, "total", i), None, "row {i}");
            }
        }
    }
    assert!(
        ok > 50 && bad > 50,
        "a mix of good ({ok}) and bad ({bad}) rows"
    );
}

#[test]
fn batch_csv_to_parquet_equals_the_library_row_by_row() {
    let dir = tempdir();
    let input = dir.path().join("entries.csv");
    let rows = rows();
    write_csv(
        &input,
        "id,hts,origin,value,date,mode,qty_doz,qty_kg",
        &rows,
    );
    let out = dir.path().join("duties.parquet");
    // Chunks of 7 rows: many chunks, one result.
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--chunk",
        "7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("300 rows quoted"), "{}", stderr(&o));
    let b = read_parquet(&out);
    check_batch(&b, &rows);
    // The input columns come first, under their names and as text.
    let names: Vec<&str> = b
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        &names[..8],
        ["id", "hts", "origin", "value", "date", "mode", "qty_doz", "qty_kg"]
    );
    assert!(!dir.path().join("duties.parquet.partial").exists());
}

#[test]
fn batch_parquet_to_csv_with_mapped_columns_equals_the_library() {
    let dir = tempdir();
    let rows = rows();
    // A Parquet file whose columns are named as a broker's export names them.
    let col = |k: usize| -> ArrayRef {
        Arc::new(StringArray::from_iter(
            rows.iter()
                .map(|r| (!r[k].is_empty()).then(|| r[k].clone())),
        ))
    };
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values(
        (0..rows.len()).map(|i| i.to_string()),
    ));
    let batch = RecordBatch::try_from_iter([
        ("id", ids),
        ("HTS_NUMBER", col(0)),
        ("COUNTRY_OF_ORIGIN", col(1)),
        ("value", col(2)),
        ("ENTRY_DATE", col(3)),
        ("mode", col(4)),
        ("qty_doz", col(5)),
        ("NET_KG", col(6)),
    ])
    .unwrap();
    let input = dir.path().join("entries.parquet");
    let f = std::fs::File::create(&input).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(f, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let out = dir.path().join("duties.csv");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--column",
        "hts=HTS_NUMBER",
        "--column",
        "origin=COUNTRY_OF_ORIGIN",
        "--column",
        "date=ENTRY_DATE",
        "--column",
        "qty_kg=NET_KG",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "--quiet prints nothing");
    let (header, cells) = read_csv(&out);
    assert_eq!(header[1], "HTS_NUMBER", "input columns keep their names");
    assert_eq!(cells.len(), rows.len());
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let c = &cells[i];
        assert_eq!(c[0], i.to_string());
        match expect(r) {
            Ok(q) => {
                assert_eq!(c[at("error")], "", "row {i}");
                assert_eq!(
                    c[at("total")].parse::<Decimal>().unwrap(),
                    q.total,
                    "row {i}"
                );
                assert_eq!(c[at("duty")].parse::<Decimal>().unwrap(), q.duty, "row {i}");
                for a in builtin().authorities() {
                    assert_eq!(
                        c[at(&a)].parse::<Decimal>().unwrap(),
                        q.amount_of(&a),
                        "row {i} {a}"
                    );
                }
            }
            Err(msg) => {
                assert_eq!(c[at("error")], msg, "row {i}");
                assert_eq!(c[at("total")], "", "row {i}");
            }
        }
    }
}

#[test]
fn batch_arrow_ipc_round_trip_keeps_every_row() {
    let dir = tempdir();
    let rows = rows();
    let input = dir.path().join("entries.csv");
    write_csv(
        &input,
        "id,hts,origin,value,date,mode,qty_doz,qty_kg",
        &rows,
    );
    let ipc = dir.path().join("duties.arrow");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        ipc.to_str().unwrap(),
        "--chunk",
        "64",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = std::fs::File::open(&ipc).unwrap();
    let r = arrow_ipc::reader::FileReader::try_new(f, None).unwrap();
    let batches: Vec<RecordBatch> = r.map(|b| b.unwrap()).collect();
    assert_eq!(batches.len(), 5, "300 rows in chunks of 64");
    let b = arrow_select::concat::concat_batches(&batches[0].schema(), &batches).unwrap();
    check_batch(&b, &rows);
}

#[test]
fn batch_refuses_float_values_unless_asked_and_leaves_no_output() {
    let dir = tempdir();
    let s = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("hts", s(&["6109.10.00.12", "6109.10.00.12"])),
        ("origin", s(&["VN", "CN"])),
        (
            "value",
            Arc::new(Float64Array::from(vec![1000.0, 54.1])) as ArrayRef,
        ),
        ("date", s(&["2025-05-02", "2025-05-02"])),
        ("mode", s(&["ocean", "express"])),
        ("qty_doz", s(&["10", "1"])),
        ("qty_kg", s(&["5", "0.5"])),
    ])
    .unwrap();
    let input = dir.path().join("floats.parquet");
    let mut w = parquet::arrow::ArrowWriter::try_new(
        std::fs::File::create(&input).unwrap(),
        batch.schema(),
        None,
    )
    .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let out = dir.path().join("out.parquet");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("value"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--allow-float"), "{}", stderr(&o));
    assert!(!out.exists() && !dir.path().join("out.parquet.partial").exists());
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--allow-float",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = read_parquet(&out);
    // 54.1 read as the decimal 54.1: the same quote as the text "54.1".
    let e = EntryText {
        hts: "6109.10.00.12",
        origin: "CN",
        value: "54.1",
        date: "2025-05-02",
        mode: Some("express"),
        quantities: vec![("doz", "1"), ("kg", "0.5")],
        ..Default::default()
    }
    .parse()
    .unwrap();
    assert_eq!(
        dec(&b, "total", 1),
        Some(builtin().quote(&e).unwrap().total)
    );
}

#[test]
fn batch_input_errors_name_what_to_fix() {
    let dir = tempdir();
    let input = dir.path().join("e.csv");
    std::fs::write(
        &input,
        "code,origin,value,date,mode\n6109.10.00.12,CN,54,2025-05-02,express\n",
    )
    .unwrap();
    let out = dir.path().join("o.csv");
    let (i, o_) = (input.to_str().unwrap(), out.to_str().unwrap());
    // A missing required column fails the call, naming it.
    let o = run(&["batch", i, "-o", o_, "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("hts"), "{}", stderr(&o));
    assert!(!out.exists());
    // Mapped, it quotes.
    let o = run(&["batch", i, "-o", o_, "-q", "--column", "hts=code"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (h, rows) = read_csv(&out);
    assert_eq!(
        rows[0][h.iter().position(|x| x == "total").unwrap()],
        "93.88"
    );
    // A mapping to a column the file lacks, or to no entry field.
    let o = run(&["batch", i, "-o", o_, "--column", "hts=HTS"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no column \"HTS\""), "{}", stderr(&o));
    let o = run(&["batch", i, "-o", o_, "--column", "sku=code"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"sku\" is not an entry field"),
        "{}",
        stderr(&o)
    );
    // Unknown extensions, a missing file, the input as output.
    let o = run(&[
        "batch",
        i,
        "-o",
        dir.path().join("o.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".parquet"), "{}", stderr(&o));
    let o = run(&["batch", "/nonexistent/e.csv", "-o", o_]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/e.csv"),
        "{}",
        stderr(&o)
    );
    let o = run(&["batch", i, "-o", i]);
    assert_eq!(o.status.code(), Some(2));
}

// ---------------------------------------------- history, diff, panel, coverage

#[test]
fn history_lists_the_dates_the_sources_give() {
    let o = run(&[
        "history",
        "--hts",
        "6109.10.00.12",
        "--origin",
        "CN",
        "--qty",
        "doz=10",
        "--qty",
        "kg=5",
        "--json",
        "--to",
        "2026-08-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let steps: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let dates: Vec<&str> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    // EO 14195 (fentanyl 10%, from 2025-02-04), EO 14228 (20%, 2025-03-04),
    // EO 14257 (reciprocal 10%, 2025-04-05), EO 14259 (84%, 2025-04-09),
    // EO 14266 (125%, 2025-04-10), EO 14298 (Geneva, 2025-05-14), EO 14357
    // (fentanyl 10%, 2025-11-10), end of IEEPA collection and Section 122
    // (2026-02-24), Section 301 forced labor (2026-07-24).
    for d in [
        "2025-02-04",
        "2025-03-04",
        "2025-04-05",
        "2025-04-09",
        "2025-04-10",
        "2025-05-14",
        "2025-11-10",
        "2026-02-24",
        "2026-07-24",
    ] {
        assert!(dates.contains(&d), "{d} missing from {dates:?}");
    }
    // Nothing happens to this line on, say, 2025-06-01: no step then.
    assert!(!dates.contains(&"2025-06-01"));
    let o = run(&[
        "history",
        "--hts",
        "6109.10.00.12",
        "--origin",
        "CN",
        "--from",
        "2025-04-08",
        "--to",
        "2025-04-10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    // 1000 x (16.5% + 7.5% + 20% + 84%) = 1280.00 on 2025-04-09; 125% on the 10th: 1690.00.
    assert!(
        t.lines()
            .any(|l| l.starts_with("2025-04-09") && l.contains("1280.00")),
        "{t}"
    );
    assert!(
        t.lines()
            .any(|l| l.starts_with("2025-04-10") && l.contains("1690.00")),
        "{t}"
    );
}

#[test]
fn diff_and_panel_of_the_fixture() {
    let dir = tempdir();
    let out = dir.path().join("d.csv");
    let fx = fixture();
    let o = run(&[
        "diff",
        "2025-04-09",
        "2025-04-10",
        "--schedule",
        &fx,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("date,hts,origin,authority,before,after\n"));
    // The fixture's China reciprocal rate: the 10% baseline on 2025-04-09,
    // 125% from 2025-04-10 (its measure cn-125); other origins keep 10%.
    assert!(
        text.contains("2025-04-10,6109.10.00,CN,ieepa_reciprocal,0.1,1.25"),
        "{text}"
    );
    assert!(!text.contains(",VN,ieepa_reciprocal"), "{text}");
    let o = run(&["panel", "--date", "2025-04-15", "--schedule", &fx]);
    assert!(o.status.success(), "{}", stderr(&o));
    // 16.5% + 20% + 125% = 161.5% (as in the panel's doc).
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("2025-04-15,6109.10.00,CN,1.615,")),
        "{}",
        stdout(&o)
    );
    let o = run(&["panel", "--schedule", &fx]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--date or --all-dates is required"
    );
}

#[test]
fn coverage_reports_the_review_date() {
    let o = run(&["coverage", "--json"]);
    assert!(o.status.success());
    let c: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        c["reviewed_through"],
        builtin().coverage().reviewed_through.unwrap().to_string()
    );
    let o = run(&["coverage"]);
    assert!(
        stdout(&o).contains("policy reviewed through"),
        "{}",
        stdout(&o)
    );
    let o = run(&["coverage", "--full"]);
    assert!(
        stdout(&o).contains("## Chapter 99 headings"),
        "{}",
        stdout(&o)
    );
}

// ------------------------------------ the example's regressions, kept

#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"C\xff");
    let o = bin()
        .args(["quote", "--origin"])
        .arg(bad)
        .args([
            "--hts",
            "6109.10.00.12",
            "--value",
            "54",
            "--date",
            "2025-05-02",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
}

#[test]
fn the_story_is_of_us_imports_only() {
    let o = run(&["quote"]);
    assert!(o.status.success());
    // The $54 express parcel on 2025-05-02: 93.88 as quoted above.
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("2025-05-02") && l.contains("$93.88")),
        "{}",
        stdout(&o)
    );
    let o = run(&["quote", "--importer", "CN"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("US imports only"), "{}", stderr(&o));
}

#[test]
fn an_overlay_rate_past_the_decimal_range_is_an_error_naming_the_flag() {
    let dir = tempdir();
    let overlay = dir.path().join("overlay.json");
    std::fs::write(
        &overlay,
        r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD",
          "measures": [{"id": "m", "authority": "a", "heading": "9903.01.24", "description": "d",
          "rate": "79228162514264337593543950335 1/1%", "origins": {"include": ["CN"]},
          "from": "2025-03-04", "source": "s"}]}]}"#,
    )
    .unwrap();
    let o = run(&[
        "quote",
        "--origin",
        "CN",
        "--hts",
        "6109.10.00",
        "--value",
        "54",
        "--date",
        "2025-05-02",
        "--overlay",
        overlay.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("tariffs: flag --overlay:"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("too large"), "{}", stderr(&o));
}

#[test]
fn batch_of_a_file_without_rows_writes_the_columns() {
    let dir = tempdir();
    let input = dir.path().join("e.csv");
    std::fs::write(&input, "hts,origin,value,date\n").unwrap();
    let out = dir.path().join("o.parquet");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = std::fs::File::open(&out).unwrap();
    let b = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    let names: Vec<String> = b
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(b.metadata().file_metadata().num_rows(), 0);
    assert_eq!(
        names[..6],
        ["hts", "origin", "value", "date", "duty", "fees"]
    );
    assert!(names.contains(&"section_301".to_string()) && names.contains(&"error".to_string()));
}

#[test]
fn parquet_amounts_are_decimal_18_and_a_larger_one_fails_the_run() {
    use tariffs::arrow::arrow_schema::DataType;
    let dir = tempdir();
    let input = dir.path().join("e.csv");
    std::fs::write(
        &input,
        "hts,origin,value,date\n6109.10.00.12,VN,1000,2025-05-02\n",
    )
    .unwrap();
    let out = dir.path().join("o.parquet");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = read_parquet(&out);
    assert_eq!(
        b.schema().field_with_name("duty").unwrap().data_type(),
        &DataType::Decimal128(18, 2)
    );
    assert_eq!(
        b.schema()
            .field_with_name("effective_rate")
            .unwrap()
            .data_type(),
        &DataType::Decimal128(18, 6)
    );
    // 1000 x (16.5% MFN + 10% reciprocal) = 265.00.
    assert_eq!(dec(&b, "duty", 0), Some(Decimal::new(26500, 2)));
    // 5000% of the largest customs value (10^15): 5 x 10^16, 17 digits
    // before the point, past decimal(18, 2).
    let schedule = dir.path().join("s.json");
    std::fs::write(
        &schedule,
        r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD",
          "base": {"source": "test", "lines": [{"code": "6109.10.00", "general": "5000%",
          "from": "2025-01-01"}]}}]}"#,
    )
    .unwrap();
    let sch = schedule.to_str().unwrap().to_string();
    std::fs::write(
        &input,
        "hts,origin,value,date\n6109.10.00,VN,1000000000000000,2025-05-02\n",
    )
    .unwrap();
    std::fs::remove_file(&out).unwrap();
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--schedule",
        &sch,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("past 18 digits"), "{}", stderr(&o));
    assert!(!out.exists());
    // The same row to Arrow IPC keeps decimal(38, 2).
    let ipc = dir.path().join("o.arrow");
    let o = run(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        ipc.to_str().unwrap(),
        "-q",
        "--schedule",
        &sch,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
