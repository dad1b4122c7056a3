//! Helpers shared by the CLI's integration tests (`mod common;`): run the
//! binary, read its output files back.
#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;
use std::process::{Command, Output};
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::types::Decimal128Type;
use tariffs::arrow::arrow_array::{Array, RecordBatch};
use tariffs::{Decimal, Schedule};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tariffs"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn builtin() -> &'static Schedule {
    static S: std::sync::OnceLock<Schedule> = std::sync::OnceLock::new();
    S.get_or_init(Schedule::builtin)
}

/// A Parquet file read back as one batch.
pub fn read_parquet(path: &Path) -> RecordBatch {
    let f = std::fs::File::open(path).unwrap();
    let r = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = r.map(|b| b.unwrap()).collect();
    arrow_select::concat::concat_batches(&batches[0].schema(), &batches).unwrap()
}

/// A CSV file read back with every column as text: header, rows (quoted
/// cells unquoted; our cells have commas only inside quoted text).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for l in lines {
        let mut cells = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = l.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        cells.push(cur);
        rows.push(cells);
    }
    (header, rows)
}

/// A decimal cell of a batch (`None` when null).
pub fn dec(b: &RecordBatch, col: &str, i: usize) -> Option<Decimal> {
    let c = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("no column {col}"));
    let c = c.as_primitive::<Decimal128Type>();
    c.is_valid(i)
        .then(|| Decimal::from_i128_with_scale(c.value(i), c.scale() as u32))
}
