//! Regenerates the extracts of the USITC HTS exports committed under
//! `tests/data/` (read by `tests/parse_share.rs`), so that the tests need no
//! data outside the repository.
//!
//! ```text
//! cargo run --release --example extract_test_data -- DATA_DIR [--out DIR] [--check]
//! ```
//!
//! - `DATA_DIR` (required): the shared data folder, the one holding `hts/`
//!   (`hts/hts_<year>_<revision>.json.gz` and `hts/revision_dates.csv`), e.g.
//!   `../shared/data`.
//! - `--out DIR`: where to write (default `tests/data` of the crate); the
//!   files go to `DIR/hts/`.
//! - `--check`: write nothing; exit with status 1 if a committed file differs
//!   from what would be written, is missing, or is not one this program
//!   writes (the committed extracts must be reproducible byte for byte).
//!
//! What it writes (see [`EXTRACTS`] and `tests/data/README.md`):
//!
//! - `hts/<revision>.extract.json.gz`: a USITC-format JSON array (one row a
//!   line, gzip level 9, no file name or time in the gzip header). With
//!   `all_rows`, every row of the export, in order, with only its `htsno`,
//!   `indent`, `general` and `other` fields, as exported (raw text: the
//!   importer cleans it when reading); the rows of the codes in `whole` (the
//!   code and its statistical rows) keep every field. Without `all_rows`,
//!   only the rows of the codes in `whole`, every field.
//! - `hts/revision_dates.csv`: copied as is.
//!
//! Top-level fields are written in the export's order; keys of nested objects
//! (footnotes) sorted. Before writing, each extract is read back with
//! `tariffs::hts::parse_export` and compared with the export read by
//! `tariffs::hts::read_export`: same row count and, row by row, the same
//! code, indent, general and other text (`all_rows`), and the same rows in
//! full for the `whole` codes.
//!
//! The names do not start with `hts_`, so `hts::export_files` (and
//! `examples/build_hts.rs`) never takes an extract for a full export.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flate2::{Compression, GzBuilder};
use serde_json::Value;
use tariffs::hts::{self, HtsRow};
use tariffs::HtsCode;

/// One extract: the export it is cut from, whether it keeps every row (the
/// rate-text fields only) and the codes whose rows it keeps whole.
struct Extract {
    revision: &'static str,
    all_rows: bool,
    whole: &'static [&'static str],
}

/// The extracts `tests/parse_share.rs` reads.
const EXTRACTS: &[Extract] = &[
    // The parse share, the row count, the tariff lines and the Chapter 99
    // headings of 2026 rev 10; the rows read field by field: 0101.30.00.00
    // (asses), 6109.10.00 (cotton T-shirts), 9903.03.01 (Section 122),
    // 9903.88.15 (Section 301 list 4A).
    Extract {
        revision: "2026_rev_10",
        all_rows: true,
        whole: &["0101.30.00", "6109.10.00", "9903.03.01", "9903.88.15"],
    },
    // The parse share of 2025 basic.
    Extract {
        revision: "2025_basic",
        all_rows: true,
        whole: &[],
    },
    // The two revisions of the base-line test: 0201.10.50 (KR moves into the
    // Free group in 2026 basic) and 6109.10.00 (unchanged).
    Extract {
        revision: "2025_rev_32",
        all_rows: false,
        whole: &["0201.10.50", "6109.10.00"],
    },
    Extract {
        revision: "2026_basic",
        all_rows: false,
        whole: &["0201.10.50", "6109.10.00"],
    },
];

/// The fields of a USITC export row, in the export's order (the last one is
/// spelled so in the exports).
const USITC_FIELDS: [&str; 12] = [
    "htsno",
    "indent",
    "description",
    "superior",
    "units",
    "general",
    "special",
    "other",
    "footnotes",
    "quotaQuantity",
    "additionalDuties",
    "addiitionalDuties",
];

/// The fields kept on every row of an `all_rows` extract.
const RATE_FIELDS: [&str; 4] = ["htsno", "indent", "general", "other"];

const USAGE: &str = "\
usage: cargo run --release --example extract_test_data -- DATA_DIR [--out DIR] [--check]

Regenerates the extracts of tests/data/hts/ from the USITC HTS exports of
DATA_DIR/hts (DATA_DIR: the shared data folder holding hts/, e.g. ../shared/data).
  --out DIR   write to DIR/hts/ (default: tests/data of the crate)
  --check     write nothing; exit 1 if a committed file differs or is missing";

struct Args {
    data: PathBuf,
    out: PathBuf,
    check: bool,
}

/// `Ok(None)`: `--help` was asked for.
fn args() -> Result<Option<Args>, String> {
    let mut data = None;
    let mut out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut check = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--out" => out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            "-h" | "--help" => return Ok(None),
            _ if data.is_none() && !a.starts_with('-') => data = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a:?}\n{USAGE}")),
        }
    }
    let data = data.ok_or_else(|| format!("no DATA_DIR given\n{USAGE}"))?;
    Ok(Some(Args { data, out, check }))
}

fn read_gz(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut text = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .read_to_end(&mut text)
        .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
    Ok(text)
}

/// JSON text of `v` with the keys of every object sorted (independent of
/// serde_json's map order).
fn canonical(v: &Value, out: &mut String) -> Result<(), String> {
    match v {
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out)?;
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).map_err(|e| e.to_string())?);
                out.push(':');
                canonical(&m[k], out)?;
            }
            out.push('}');
        }
        _ => out.push_str(&serde_json::to_string(v).map_err(|e| e.to_string())?),
    }
    Ok(())
}

/// One row with the given fields (those it has), in that order.
fn row_text(row: &serde_json::Map<String, Value>, fields: &[&str]) -> Result<String, String> {
    let mut s = String::from("{");
    let mut first = true;
    for f in fields {
        let Some(v) = row.get(*f) else { continue };
        if !first {
            s.push(',');
        }
        first = false;
        s.push_str(&serde_json::to_string(f).map_err(|e| e.to_string())?);
        s.push(':');
        canonical(v, &mut s)?;
    }
    s.push('}');
    Ok(s)
}

/// Whether `htsno` is one of the `whole` codes or one of their statistical rows.
fn is_whole(htsno: &str, whole: &[&str]) -> bool {
    let h = htsno.trim();
    whole
        .iter()
        .any(|w| h == *w || h.strip_prefix(w).is_some_and(|r| r.starts_with('.')))
}

fn gzip(text: &[u8]) -> Result<Vec<u8>, String> {
    // GzBuilder writes no file name and a zero modification time.
    let mut enc = GzBuilder::new().write(Vec::new(), Compression::best());
    enc.write_all(text).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

/// The gzip bytes of one extract, checked against the export.
fn extract(x: &Extract, hts_dir: &Path) -> Result<(Vec<u8>, String), String> {
    let src = hts_dir.join(format!("hts_{}.json.gz", x.revision));
    let raw: Vec<Value> = serde_json::from_slice(&read_gz(&src)?)
        .map_err(|e| format!("{}: not a JSON array: {e}", src.display()))?;
    let mut lines = Vec::new();
    let mut matched = vec![false; x.whole.len()];
    for (i, row) in raw.iter().enumerate() {
        let obj = row
            .as_object()
            .ok_or_else(|| format!("{} row {}: not an object", src.display(), i + 1))?;
        if let Some(k) = obj.keys().find(|k| !USITC_FIELDS.contains(&k.as_str())) {
            return Err(format!(
                "{} row {}: unknown field {k:?}: add it to USITC_FIELDS",
                src.display(),
                i + 1
            ));
        }
        let htsno = obj.get("htsno").and_then(Value::as_str).unwrap_or("");
        if is_whole(htsno, x.whole) {
            for (m, w) in matched.iter_mut().zip(x.whole) {
                *m |= is_whole(htsno, &[w]);
            }
            lines.push(row_text(obj, &USITC_FIELDS)?);
        } else if x.all_rows {
            lines.push(row_text(obj, &RATE_FIELDS)?);
        }
    }
    if let Some((w, _)) = x.whole.iter().zip(&matched).find(|(_, m)| !**m) {
        return Err(format!("{}: no row of {w}", src.display()));
    }
    let text = format!("[\n{}\n]\n", lines.join(",\n"));
    let bytes = gzip(text.as_bytes())?;

    // Read back as the tests do and compare with the export.
    let name = format!("{}.extract.json.gz", x.revision);
    let full = hts::read_export(&src).map_err(|e| e.to_string())?;
    let got = hts::parse_export(&bytes, &name).map_err(|e| e.to_string())?;
    let whole = |r: &HtsRow| r.code.is_some_and(|c| is_whole(&c.to_string(), x.whole));
    if x.all_rows {
        if got.len() != full.len() {
            return Err(format!(
                "{name}: {} rows, the export {}",
                got.len(),
                full.len()
            ));
        }
        for (i, (a, b)) in got.iter().zip(&full).enumerate() {
            let same = (a.code, a.indent, &a.general, &a.other)
                == (b.code, b.indent, &b.general, &b.other)
                && (!whole(b) || a == b);
            if !same {
                return Err(format!("{name}: row {} differs from the export", i + 1));
            }
        }
    } else {
        let want: Vec<&HtsRow> = full.iter().filter(|r| whole(r)).collect();
        if got.iter().collect::<Vec<_>>() != want {
            return Err(format!("{name}: the rows differ from the export's"));
        }
    }
    let summary = format!(
        "{name}: {} of {} rows{}, {} bytes",
        got.len(),
        full.len(),
        if x.whole.is_empty() {
            String::new()
        } else {
            format!(
                ", whole: {}",
                x.whole
                    .iter()
                    .map(|w| w.parse::<HtsCode>().map(|c| c.to_string()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string())?
                    .join(" ")
            )
        },
        bytes.len()
    );
    Ok((bytes, summary))
}

fn run() -> Result<bool, String> {
    let Some(a) = args()? else {
        println!("{USAGE}");
        return Ok(true);
    };
    let hts_dir = a.data.join("hts");
    if !hts_dir.is_dir() {
        return Err(format!(
            "{} is not a folder: DATA_DIR must be the shared data folder holding hts/ (e.g. ../shared/data)",
            hts_dir.display()
        ));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for x in EXTRACTS {
        let (bytes, summary) = extract(x, &hts_dir)?;
        eprintln!("{summary}");
        files.push((format!("{}.extract.json.gz", x.revision), bytes));
    }
    let dates = hts_dir.join("revision_dates.csv");
    let bytes =
        std::fs::read(&dates).map_err(|e| format!("cannot read {}: {e}", dates.display()))?;
    files.push(("revision_dates.csv".into(), bytes));

    let out = a.out.join("hts");
    if a.check {
        let mut ok = true;
        for (name, bytes) in &files {
            let path = out.join(name);
            match std::fs::read(&path) {
                Ok(cur) if cur == *bytes => eprintln!("{} is up to date", path.display()),
                Ok(_) => {
                    eprintln!("{} differs", path.display());
                    ok = false;
                }
                Err(e) => {
                    eprintln!("{}: {e}", path.display());
                    ok = false;
                }
            }
        }
        if let Ok(rd) = std::fs::read_dir(&out) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if !files.iter().any(|(n, _)| *n == name) {
                    eprintln!("{} is not written by this program", e.path().display());
                    ok = false;
                }
            }
        }
        if !ok {
            eprintln!("run this example without --check to regenerate");
        }
        return Ok(ok);
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (name, bytes) in &files {
        let path = out.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(true)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("extract_test_data: {e}");
            ExitCode::from(2)
        }
    }
}
