//! The USITC HTS importer: reads the Harmonized Tariff Schedule "export list"
//! JSON of a revision, and builds the time-versioned base rates
//! ([`BaseTable`]) of a series of revisions.
//!
//! # The export format
//!
//! The USITC publishes each revision of the HTS as a JSON array of rows (about
//! 35,500 per revision), plain or gzip-compressed (detected by the gzip magic
//! bytes `1f 8b`). Each row has `htsno` (the code, empty on label rows),
//! `indent`, `description`, `superior`, `units`, `general`, `special`,
//! `other`, `footnotes` and a few mostly empty fields that are ignored.
//! [`parse_export`] reads them into [`HtsRow`]s; every malformed value is an
//! [`Error`] naming the file, the row and the field, never a panic.
//!
//! ```
//! use tariffs::hts;
//! let json = br#"[
//!   {"htsno": "6109", "indent": "0", "description": "T-shirts:", "superior": null,
//!    "units": [], "general": "", "special": "", "other": "", "footnotes": []},
//!   {"htsno": "6109.10.00", "indent": "1", "description": "Of cotton", "superior": null,
//!    "units": [], "general": "16.5%", "special": "Free (AU,BH,CL,CO,IL,JO,KR,MA,OM,P,PA,PE,S,SG)",
//!    "other": "90%", "footnotes": [{"columns": ["general"], "value": "See 9903.88.15. ", "type": "endnote"}]},
//!   {"htsno": "6109.10.00.12", "indent": "4", "description": "Men's (338)", "superior": null,
//!    "units": ["doz.", "kg"], "general": "", "special": "", "other": "", "footnotes": []}
//! ]"#;
//! let rows = hts::parse_export(json, "example.json").unwrap();
//! assert_eq!(rows.len(), 3);
//! assert_eq!(rows[1].code.unwrap().to_string(), "6109.10.00");
//! assert_eq!(rows[1].general, "16.5%");
//! assert_eq!(rows[1].footnotes[0].value, "See 9903.88.15.");
//!
//! // The tariff lines of one revision: 10-digit rows inherit from their 8-digit line.
//! let lines = hts::tariff_lines(&rows, "example.json").unwrap();
//! assert_eq!(lines.len(), 1);
//! assert_eq!(lines[0].code.to_string(), "6109.10.00");
//! assert_eq!(lines[0].units, ["doz.", "kg"]);
//! ```
//!
//! # Rate texts
//!
//! The rate columns (`general`, `special`, `other`) are cleaned on reading:
//! HTML markup that some exports carry (`$1.13/m<sup>3</sup>`, `2.5% <u></u>`,
//! `20%<il></il>`) is removed and whitespace is collapsed, so that a rate text
//! compares equal across revisions that only differ in markup. Descriptions
//! are kept as exported (they use `<i>`, `<sup>`... for typography).
//!
//! # Time versioning
//!
//! [`BaseBuilder`] takes the revisions in order of their effective dates and
//! emits one [`BaseLineData`] per tariff line per run of consecutive revisions
//! in which the line's `general`, `special` and `other` texts are unchanged:
//! `from` is the effective date of the first revision of the run, `until` the
//! effective date of the revision in which the texts changed or the line
//! disappeared (`None` while it is in the newest revision). `revision` names
//! the first revision of the run; `units` are those of the run's newest
//! revision.
//!
//! ```
//! use tariffs::{hts, Date};
//! let rev = |general: &str| format!(r#"[{{"htsno": "0101.30.00.00", "indent": "1",
//!     "description": "Asses", "units": ["No."], "general": "{general}",
//!     "special": "Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)", "other": "15%"}}]"#);
//! let mut b = hts::BaseBuilder::new();
//! let d = |s: &str| s.parse::<Date>().unwrap();
//! for (id, date, general) in [("2025_basic", "2025-01-01", "6.8%"),
//!                             ("2025_rev_1", "2025-01-27", "6.8%"),
//!                             ("2026_basic", "2026-01-01", "6.5%")] {
//!     let rows = hts::parse_export(rev(general).as_bytes(), id).unwrap();
//!     b.add(id.parse().unwrap(), d(date), &rows, id).unwrap();
//! }
//! let table = b.finish("example");
//! assert_eq!(table.lines.len(), 2);
//! // A 10-digit row that is the only row of its (absent) 8-digit line is that line.
//! assert_eq!(table.lines[0].code.to_string(), "0101.30.00");
//! assert_eq!(table.lines[0].until, Some(d("2026-01-01")));
//! assert_eq!(table.lines[0].revision.as_deref(), Some("2025 basic"));
//! assert_eq!(table.lines[1].general.as_deref(), Some("6.5%"));
//! assert_eq!(table.lines[1].until, None);
//! ```

use crate::code::HtsCode;
use crate::data::{BaseLineData, BaseTable};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

/// A footnote of an HTS row, e.g. `See 9903.88.15.` on the `general` column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footnote {
    /// The columns it is attached to (`general`, `special`, `desc`, ...).
    pub columns: Vec<String>,
    /// Its text, trimmed.
    pub value: String,
    /// Its type as exported (`endnote`, `footnote`).
    pub kind: String,
}

/// One row of a USITC HTS export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtsRow {
    /// The code; `None` on pure label rows (empty `htsno`).
    pub code: Option<HtsCode>,
    /// Depth in the tree (0 for headings).
    pub indent: u32,
    /// The article description, as exported.
    pub description: String,
    /// Whether the row only groups its children (`superior` is `"true"`).
    pub superior: bool,
    /// Units of quantity for statistical reporting (`No.`, `kg`, `doz.`).
    pub units: Vec<String>,
    /// Column 1 general rate text, cleaned (see the module docs); empty when none.
    pub general: String,
    /// Column 1 special rate text with program codes, cleaned; empty when none.
    pub special: String,
    /// Column 2 rate text, cleaned; empty when none.
    pub other: String,
    /// Footnotes.
    pub footnotes: Vec<Footnote>,
}

impl HtsRow {
    /// Whether the row prints any rate text (general, special or other).
    pub fn has_rate(&self) -> bool {
        !(self.general.is_empty() && self.special.is_empty() && self.other.is_empty())
    }
}

/// Removes markup tags (`<sup>`, `</u>`, `<il></il>`...) and collapses
/// whitespace, as done for the rate columns.
///
/// ```
/// assert_eq!(tariffs::hts::clean_text(" $1.13/m<sup>3</sup> "), "$1.13/m3");
/// assert_eq!(tariffs::hts::clean_text("2.5% <u></u>"), "2.5%");
/// assert_eq!(tariffs::hts::clean_text("5% < 7%"), "5% < 7%");
/// ```
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        // A tag: `<` then a letter or `/`, up to the next `>`, with no space right after `<`.
        let is_tag = after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(j) if is_tag => rest = &after[j + 1..],
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    let mut norm = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.push_str(w);
    }
    norm
}

// ------------------------------------------------------------------ reading

/// Reads an HTS export file (gzip or plain JSON).
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; then the errors of
/// [`parse_export`], naming the path as the file.
pub fn read_export(path: impl AsRef<Path>) -> Result<Vec<HtsRow>> {
    let p = path.as_ref();
    let bytes = std::fs::read(p).map_err(|e| Error::io(p, &e))?;
    parse_export(&bytes, &p.display().to_string())
}

/// Parses the bytes of an HTS export, gzip-compressed (detected by the magic
/// bytes `1f 8b`) or plain JSON; `file` names the source in errors.
///
/// # Errors
///
/// [`Error::Schedule`] naming `file`: field `gzip` when the gzip data does
/// not decompress; `<top level>` when the JSON is not an array; the row
/// (`row N (htsno ...)`) and field when a row is not an object, a value has
/// the wrong type, `htsno` is not a code, or `indent` or `superior` is
/// malformed; the position (`line L column C`) when the text is not JSON or
/// the error is in no row.
pub fn parse_export(bytes: &[u8], file: &str) -> Result<Vec<HtsRow>> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        // Exports compress about 20:1; the guess only sizes the first allocation.
        let mut text = Vec::with_capacity(bytes.len().saturating_mul(20).min(64 << 20));
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut text)
            .map_err(|e| Error::schedule(file, None, "gzip", format!("cannot decompress: {e}")))?;
        parse_json(&text, file)
    } else {
        parse_json(bytes, file)
    }
}

#[derive(Deserialize)]
struct RawFootnote {
    #[serde(default)]
    columns: Option<Vec<String>>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct RawRow {
    #[serde(default)]
    htsno: Option<String>,
    #[serde(default)]
    indent: Option<LooseUint>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    superior: Option<LooseBool>,
    #[serde(default)]
    units: Option<Vec<String>>,
    #[serde(default)]
    general: Option<String>,
    #[serde(default)]
    special: Option<String>,
    #[serde(default)]
    other: Option<String>,
    #[serde(default)]
    footnotes: Option<Vec<RawFootnote>>,
}

/// An unsigned integer given as a number or as a string of digits; anything
/// else is kept as text so the error can name it.
enum LooseUint {
    Num(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for LooseUint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseUint;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string of digits")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<LooseUint, E> {
                Ok(LooseUint::Num(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LooseUint, E> {
                Ok(LooseUint::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `"true"`, `true`, `null`, `""`, `"false"`, `false`.
struct LooseBool(Option<bool>);

impl<'de> Deserialize<'de> for LooseBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseBool;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false, \"true\" or \"false\"")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<LooseBool, E> {
                Ok(LooseBool(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LooseBool, E> {
                Ok(LooseBool(match v.trim() {
                    "true" => Some(true),
                    "false" | "" => Some(false),
                    _ => None,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

fn row_item(i: usize, htsno: Option<&str>) -> String {
    match htsno {
        Some(h) if !h.trim().is_empty() => format!("row {} (htsno {:?})", i + 1, h.trim()),
        _ => format!("row {}", i + 1),
    }
}

fn parse_json(bytes: &[u8], file: &str) -> Result<Vec<HtsRow>> {
    let raw: Vec<RawRow> = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => return Err(locate_json_error(bytes, file, e)),
    };
    let mut rows = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let item = || row_item(i, r.htsno.as_deref());
        let code = match r.htsno.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(h) => Some(
                HtsCode::parse_field("htsno", h)
                    .map_err(|e| Error::schedule(file, Some(&item()), "htsno", e.to_string()))?,
            ),
        };
        let indent = match r.indent {
            None => 0,
            Some(LooseUint::Num(n)) => u32::try_from(n).map_err(|_| {
                Error::schedule(file, Some(&item()), "indent", format!("{n} is too large"))
            })?,
            Some(LooseUint::Text(t)) if t.trim().is_empty() => 0,
            Some(LooseUint::Text(t)) => t.trim().parse::<u32>().map_err(|_| {
                Error::schedule(
                    file,
                    Some(&item()),
                    "indent",
                    format!("{t:?} is not a depth (a number such as \"3\")"),
                )
            })?,
        };
        let superior = match r.superior {
            None => false,
            Some(LooseBool(Some(b))) => b,
            Some(LooseBool(None)) => {
                return Err(Error::schedule(
                    file,
                    Some(&item()),
                    "superior",
                    "expected \"true\", \"false\" or null",
                ))
            }
        };
        let footnotes = r
            .footnotes
            .unwrap_or_default()
            .into_iter()
            .map(|f| Footnote {
                columns: f.columns.unwrap_or_default(),
                value: f.value.unwrap_or_default().trim().to_string(),
                kind: f.kind.unwrap_or_default(),
            })
            .collect();
        rows.push(HtsRow {
            code,
            indent,
            description: r.description.unwrap_or_default(),
            superior,
            units: r
                .units
                .unwrap_or_default()
                .into_iter()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
                .collect(),
            general: clean_text(r.general.as_deref().unwrap_or("")),
            special: clean_text(r.special.as_deref().unwrap_or("")),
            other: clean_text(r.other.as_deref().unwrap_or("")),
            footnotes,
        });
    }
    Ok(rows)
}

/// Turns a typed-parse error into one that names the row and the field:
/// re-reads the text as untyped JSON and finds the first value of the wrong type.
fn locate_json_error(bytes: &[u8], file: &str, e: serde_json::Error) -> Error {
    let at = format!("line {} column {}", e.line(), e.column());
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        // Not JSON at all: the one JSON error of the crate (its text cut).
        Err(_) => return Error::json(file, &e),
    };
    let Some(rows) = value.as_array() else {
        return Error::schedule(
            file,
            None,
            "<top level>",
            "expected a JSON array of HTS rows",
        );
    };
    use serde_json::Value as V;
    let is_str = |v: &V| v.is_null() || v.is_string();
    let is_str_list = |v: &V| {
        v.is_null()
            || v.as_array()
                .is_some_and(|a| a.iter().all(serde_json::Value::is_string))
    };
    for (i, row) in rows.iter().enumerate() {
        let htsno = row.get("htsno").and_then(V::as_str);
        let item = row_item(i, htsno);
        let Some(obj) = row.as_object() else {
            return Error::schedule(file, Some(&item), "<row>", "expected a JSON object");
        };
        for (field, ok, expected) in [
            ("htsno", obj.get("htsno").map_or(true, is_str), "a string"),
            (
                "indent",
                obj.get("indent")
                    .map_or(true, |v| v.is_null() || v.is_string() || v.is_u64()),
                "a string of digits",
            ),
            (
                "description",
                obj.get("description").map_or(true, is_str),
                "a string",
            ),
            (
                "superior",
                obj.get("superior")
                    .map_or(true, |v| v.is_null() || v.is_string() || v.is_boolean()),
                "\"true\" or null",
            ),
            (
                "units",
                obj.get("units").map_or(true, is_str_list),
                "a list of strings",
            ),
            (
                "general",
                obj.get("general").map_or(true, is_str),
                "a string",
            ),
            (
                "special",
                obj.get("special").map_or(true, is_str),
                "a string",
            ),
            ("other", obj.get("other").map_or(true, is_str), "a string"),
        ] {
            if !ok {
                return Error::schedule(
                    file,
                    Some(&item),
                    field,
                    format!(
                        "expected {expected}, found {}",
                        obj.get(field).map(|v| v.to_string()).unwrap_or_default()
                    ),
                );
            }
        }
        if let Some(f) = obj.get("footnotes") {
            let ok = f.is_null()
                || f.as_array().is_some_and(|a| {
                    a.iter().all(|n| {
                        n.as_object().is_some_and(|o| {
                            o.get("columns").map_or(true, is_str_list)
                                && o.get("value").map_or(true, is_str)
                                && o.get("type").map_or(true, is_str)
                        })
                    })
                });
            if !ok {
                return Error::schedule(
                    file,
                    Some(&item),
                    "footnotes",
                    "expected a list of {columns: [strings], value: string, type: string}",
                );
            }
        }
    }
    Error::schedule(file, None, &at, e.to_string())
}

// ------------------------------------------------------------------ revisions

/// A revision of the HTS: its year and number (`0` for the basic edition).
///
/// Parses the identifiers of the export file names and of
/// `revision_dates.csv`: `2025_rev_10`, `2026_basic`, `hts_2025_rev_10.json.gz`,
/// and displays as the label `2025 rev 10` / `2026 basic`.
///
/// ```
/// use tariffs::hts::RevisionId;
/// let r: RevisionId = "hts_2025_rev_10.json.gz".parse().unwrap();
/// assert_eq!((r.year, r.number), (2025, 10));
/// assert_eq!(r.to_string(), "2025 rev 10");
/// assert_eq!(r.id(), "2025_rev_10");
/// assert_eq!("2026 basic".parse::<RevisionId>().unwrap().id(), "2026_basic");
/// assert!("2025_rev_x".parse::<RevisionId>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RevisionId {
    /// The edition year.
    pub year: u16,
    /// The revision number; 0 for the basic edition.
    pub number: u16,
}

impl RevisionId {
    /// The identifier used in file names: `2025_rev_10`, `2026_basic`.
    pub fn id(self) -> String {
        match self.number {
            0 => format!("{}_basic", self.year),
            n => format!("{}_rev_{n}", self.year),
        }
    }

    /// Parses `basic` / `rev_N` (no year) with the given year, or any full form.
    fn parse_with_year(s: &str, default_year: Option<u16>) -> Option<RevisionId> {
        let t = s.trim();
        let t = t.strip_prefix("hts_").unwrap_or(t);
        let t = t.strip_suffix(".gz").unwrap_or(t);
        let t = t.strip_suffix(".json").unwrap_or(t);
        let t = t.replace(' ', "_");
        let (year, rest) = match t.split_once('_') {
            Some((y, rest)) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
                (y.parse().ok()?, rest.to_string())
            }
            _ => (default_year?, t.clone()),
        };
        let number = if rest == "basic" {
            0
        } else {
            let n = rest.strip_prefix("rev_")?;
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n.parse::<u16>().ok().filter(|n| *n > 0)?
        };
        Some(RevisionId { year, number })
    }
}

impl fmt::Display for RevisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self.number {
            0 => format!("{} basic", self.year),
            n => format!("{} rev {n}", self.year),
        };
        f.pad(&s)
    }
}

impl FromStr for RevisionId {
    type Err = Error;
    fn from_str(s: &str) -> Result<RevisionId> {
        RevisionId::parse_with_year(s, None).ok_or_else(|| {
            Error::invalid(
                "revision",
                s,
                "an HTS revision such as 2025_rev_10, 2026_basic or hts_2025_rev_10.json.gz",
            )
        })
    }
}

/// The effective date of a revision, as listed in a revision table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionDate {
    /// The revision.
    pub revision: RevisionId,
    /// Its effective date.
    pub effective: Date,
    /// The table's note on it (policy event), empty when none.
    pub note: String,
}

/// Reads a revision table in the form of `revision_dates.csv`: a header line,
/// then `revision,effective_date,note` per line, e.g. `rev_10,2025-04-09,...`
/// or `2026_rev_1,2026-01-16,...`.
///
/// The table is read line by line, only the first two fields matter, and the
/// note is the rest of the line (quotes removed): the published table has
/// unbalanced quotes that a strict CSV reader would use to swallow the next
/// line. A revision without a year prefix (`rev_10`) belongs to the year of
/// its date. Lines that do not start with a revision identifier are skipped;
/// a line that names a revision with a malformed date, or a revision listed
/// twice, is an error naming the file, the line and the field.
///
/// ```
/// let t = tariffs::hts::parse_revision_dates(
///     "revision,effective_date,policy_event\nbasic,2025-01-01,Baseline\n\
///      2026_rev_5,2026-04-06,\"unclosed quote\n2026_rev_6,2026-04-23,x\n", "dates.csv").unwrap();
/// assert_eq!(t.len(), 3);
/// assert_eq!(t[0].revision.to_string(), "2025 basic");
/// assert_eq!(t[2].effective.to_string(), "2026-04-23");
/// ```
///
/// # Errors
///
/// [`Error::Schedule`] naming `file` and the line: field `effective_date`
/// when a revision's date is not `YYYY-MM-DD`; field `revision` when the
/// identifier is malformed (`rev_x`) or the revision is listed twice.
pub fn parse_revision_dates(text: &str, file: &str) -> Result<Vec<RevisionDate>> {
    let mut out: Vec<RevisionDate> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let item = format!("line {}", n + 1);
        let mut parts = line.splitn(3, ',');
        let first = parts.next().unwrap_or("").trim().trim_matches('"');
        let date_text = parts.next().unwrap_or("").trim().trim_matches('"');
        let note = parts
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .to_string();
        let looks_like_id = first == "basic"
            || first.starts_with("rev_")
            || first
                .get(..5)
                .is_some_and(|p| p.ends_with('_') && p[..4].bytes().all(|b| b.is_ascii_digit()));
        if !looks_like_id {
            continue;
        }
        let effective = Date::parse_field("effective_date", date_text)
            .map_err(|e| Error::schedule(file, Some(&item), "effective_date", e.to_string()))?;
        let year = u16::try_from(effective.ymd().0).ok();
        let revision = RevisionId::parse_with_year(first, year).ok_or_else(|| {
            Error::schedule(
                file,
                Some(&item),
                "revision",
                format!("{first:?} is not a revision such as basic, rev_3 or 2026_rev_1"),
            )
        })?;
        if out.iter().any(|r| r.revision == revision) {
            return Err(Error::schedule(
                file,
                Some(&item),
                "revision",
                format!("{revision} is listed twice"),
            ));
        }
        out.push(RevisionDate {
            revision,
            effective,
            note: if note == "NA" { String::new() } else { note },
        });
    }
    Ok(out)
}

// ------------------------------------------------------------------ tariff lines

/// The rate texts of one tariff line in one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffLine {
    /// The 8-digit line, or a 10-digit code whose rate differs from its line's.
    pub code: HtsCode,
    /// Column 1 general rate text (empty when none).
    pub general: String,
    /// Column 1 special rate text (empty when none).
    pub special: String,
    /// Column 2 rate text (empty when none).
    pub other: String,
    /// Units of quantity: the line's own, or those its statistical rows share.
    pub units: Vec<String>,
}

impl TariffLine {
    fn texts(&self) -> (&str, &str, &str) {
        (&self.general, &self.special, &self.other)
    }
}

/// The tariff lines (chapters 1 to 98) of one revision's rows, in code order.
///
/// - An 8-digit row with rate text is a line. Its units are its own, or else
///   those shared by all its 10-digit rows (none when they differ).
/// - A 10-digit row inherits its 8-digit line's texts for the columns it
///   leaves empty; it is kept as a line of its own only when the result
///   differs from the line's.
/// - A 10-digit row with rate text that is the only row of an 8-digit line
///   the export does not print (the export writes `0101.30.00.00` for a line
///   without statistical breakout) is that 8-digit line.
///
/// Chapter 99 is left out (see [`chapter99_headings`]). A code printed twice
/// is an error naming `file`.
///
/// # Errors
///
/// [`Error::Schedule`] naming `file`, the row and field `htsno` when a
/// code is printed twice.
pub fn tariff_lines(rows: &[HtsRow], file: &str) -> Result<Vec<TariffLine>> {
    let mut by_code: HashMap<u64, usize> = HashMap::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if let Some(c) = r.code {
            if let Some(prev) = by_code.insert(c.key(), i) {
                return Err(Error::schedule(
                    file,
                    Some(&row_item(i, Some(&c.to_string()))),
                    "htsno",
                    format!("{c} is printed twice (also row {})", prev + 1),
                ));
            }
        }
    }
    // 10-digit rows per 8-digit prefix.
    let mut children: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(c) = r.code {
            if c.len() == 10 && !c.is_chapter_99() {
                children.entry(c.truncate(8).key()).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for r in rows {
        let Some(c) = r.code else { continue };
        if c.is_chapter_99() || !r.has_rate() {
            continue;
        }
        match c.len() {
            8 => {
                let units = if r.units.is_empty() {
                    shared_units(rows, children.get(&c.key()).map_or(&[][..], |v| v))
                } else {
                    r.units.clone()
                };
                out.push(TariffLine {
                    code: c,
                    general: r.general.clone(),
                    special: r.special.clone(),
                    other: r.other.clone(),
                    units,
                });
            }
            10 => {
                let line = c.truncate(8);
                let parent = by_code.get(&line.key()).map(|&p| &rows[p]);
                match parent {
                    Some(p) if p.has_rate() => {
                        let pick = |own: &String, inherited: &String| {
                            if own.is_empty() {
                                inherited.clone()
                            } else {
                                own.clone()
                            }
                        };
                        let merged = TariffLine {
                            code: c,
                            general: pick(&r.general, &p.general),
                            special: pick(&r.special, &p.special),
                            other: pick(&r.other, &p.other),
                            units: r.units.clone(),
                        };
                        if merged.texts() != (&*p.general, &*p.special, &*p.other) {
                            out.push(merged);
                        }
                    }
                    _ => {
                        let alone = parent.is_none()
                            && children.get(&line.key()).is_some_and(|v| v.len() == 1);
                        out.push(TariffLine {
                            code: if alone { line } else { c },
                            general: r.general.clone(),
                            special: r.special.clone(),
                            other: r.other.clone(),
                            units: r.units.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|l| code_order(l.code));
    Ok(out)
}

/// Sorts codes as their dotted text does (a 10-digit code right after its
/// 8-digit line), which [`HtsCode`]'s own order (digits, then length) does not.
fn code_order(c: HtsCode) -> (HtsCode, HtsCode) {
    (c.truncate(8), c)
}

fn shared_units(rows: &[HtsRow], children: &[usize]) -> Vec<String> {
    let mut it = children.iter().map(|&i| &rows[i].units);
    match it.next() {
        Some(first) if it.all(|u| u == first) => first.clone(),
        _ => Vec::new(),
    }
}

// ------------------------------------------------------------------ chapter 99

/// A Chapter 99 heading (`9903.xx.xx`) as printed in one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter99Heading {
    /// The heading, e.g. `9903.88.15`.
    pub code: HtsCode,
    /// Its general rate text, e.g. `The duty provided in the applicable subheading + 7.5%`.
    pub general: String,
    /// Its legal text.
    pub description: String,
}

/// The `9903.xx.xx` headings of one revision's rows (the additional duties of
/// subchapter III of Chapter 99), in code order.
pub fn chapter99_headings(rows: &[HtsRow]) -> Vec<Chapter99Heading> {
    let mut out: Vec<Chapter99Heading> = rows
        .iter()
        .filter_map(|r| {
            let c = r.code?;
            (c.len() == 8 && c.truncate(4).digits() == 9903).then(|| Chapter99Heading {
                code: c,
                general: r.general.clone(),
                description: r.description.clone(),
            })
        })
        .collect();
    out.sort_by_key(|h| h.code);
    out
}

// ------------------------------------------------------------------ time versioning

struct Run {
    line: TariffLine,
    from: Date,
    revision: RevisionId,
}

/// Builds a time-versioned [`BaseTable`] from revisions added in order of
/// their effective dates (see the module docs).
#[derive(Default)]
pub struct BaseBuilder {
    open: HashMap<u64, Run>,
    done: Vec<BaseLineData>,
    revisions: Vec<(RevisionId, Date)>,
}

impl BaseBuilder {
    /// An empty builder.
    pub fn new() -> BaseBuilder {
        BaseBuilder::default()
    }

    /// The revisions added so far with their effective dates.
    pub fn revisions(&self) -> &[(RevisionId, Date)] {
        &self.revisions
    }

    /// Adds the rows of a revision effective on `effective`, which must be
    /// later than the previous revision's; `file` names the source in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] naming `file` and the revision, field
    /// `effective_date`, when `effective` is not after the previous
    /// revision's date; then the errors of [`tariff_lines`]. The builder is
    /// unchanged on error.
    pub fn add(
        &mut self,
        revision: RevisionId,
        effective: Date,
        rows: &[HtsRow],
        file: &str,
    ) -> Result<()> {
        if let Some((prev, d)) = self.revisions.last() {
            if effective <= *d {
                return Err(Error::schedule(
                    file,
                    Some(&revision.to_string()),
                    "effective_date",
                    format!(
                        "{effective} is not after {d}, the date of the previous revision {prev}: add revisions in order of their dates"
                    ),
                ));
            }
        }
        let lines = tariff_lines(rows, file)?;
        let mut seen: HashMap<u64, ()> = HashMap::with_capacity(lines.len());
        for line in lines {
            let key = line.code.key();
            seen.insert(key, ());
            match self.open.get_mut(&key) {
                Some(run) if run.line.texts() == line.texts() => run.line.units = line.units,
                _ => {
                    let new = Run {
                        line,
                        from: effective,
                        revision,
                    };
                    if let Some(old) = self.open.insert(key, new) {
                        self.done.push(close(old, Some(effective)));
                    }
                }
            }
        }
        let gone: Vec<u64> = self
            .open
            .keys()
            .filter(|k| !seen.contains_key(k))
            .copied()
            .collect();
        for k in gone {
            if let Some(old) = self.open.remove(&k) {
                self.done.push(close(old, Some(effective)));
            }
        }
        self.revisions.push((revision, effective));
        Ok(())
    }

    /// The table: lines in code order (as the dotted codes sort), then by
    /// date; no column 2 countries and
    /// no programs (the caller adds them).
    pub fn finish(mut self, source: impl Into<String>) -> BaseTable {
        let open = std::mem::take(&mut self.open);
        self.done.extend(open.into_values().map(|r| close(r, None)));
        self.done.sort_by_key(|l| (code_order(l.code), l.from));
        BaseTable {
            source: source.into(),
            column2: Vec::new(),
            programs: Vec::new(),
            lines: self.done,
        }
    }
}

fn close(run: Run, until: Option<Date>) -> BaseLineData {
    let text = |s: String| (!s.is_empty()).then_some(s);
    BaseLineData {
        code: run.line.code,
        general: text(run.line.general),
        special: text(run.line.special),
        other: text(run.line.other),
        units: run.line.units,
        from: run.from,
        until,
        revision: Some(run.revision.to_string()),
    }
}

/// A revision read in full: its id, effective date, source file and rows.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The revision.
    pub id: RevisionId,
    /// Its effective date.
    pub effective: Date,
    /// The file it was read from (for errors).
    pub file: String,
    /// Its rows.
    pub rows: Vec<HtsRow>,
}

impl Revision {
    /// Reads the export at `path` as revision `id` effective on `effective`.
    ///
    /// # Errors
    ///
    /// The errors of [`read_export`].
    pub fn read(id: RevisionId, effective: Date, path: impl AsRef<Path>) -> Result<Revision> {
        let p = path.as_ref();
        Ok(Revision {
            id,
            effective,
            file: p.display().to_string(),
            rows: read_export(p)?,
        })
    }

    /// Its Chapter 99 headings (see [`chapter99_headings`]).
    pub fn chapter99(&self) -> Vec<Chapter99Heading> {
        chapter99_headings(&self.rows)
    }
}

/// Builds the base table of `revisions` (in any order; they are sorted by
/// date). For many revisions prefer [`BaseBuilder`], which needs only one
/// revision in memory at a time.
///
/// # Errors
///
/// The errors of [`BaseBuilder::add`]: two revisions with the same date,
/// or a code printed twice in one revision.
pub fn build_base(revisions: &[Revision], source: impl Into<String>) -> Result<BaseTable> {
    let mut order: Vec<&Revision> = revisions.iter().collect();
    order.sort_by_key(|r| r.effective);
    let mut b = BaseBuilder::new();
    for r in order {
        b.add(r.id, r.effective, &r.rows, &r.file)?;
    }
    Ok(b.finish(source))
}

/// The export files (`hts_<year>_<revision>.json[.gz]`) of a folder, by revision.
/// Other files, and names that are no revision, are skipped.
///
/// # Errors
///
/// [`Error::Io`] naming the folder when it cannot be listed.
pub fn export_files(dir: impl AsRef<Path>) -> Result<BTreeMap<RevisionId, std::path::PathBuf>> {
    let d = dir.as_ref();
    let rd = std::fs::read_dir(d).map_err(|e| Error::io(d, &e))?;
    let mut out = BTreeMap::new();
    for e in rd.flatten() {
        let p = e.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !(name.starts_with("hts_") && (name.ends_with(".json") || name.ends_with(".json.gz"))) {
            continue;
        }
        if let Ok(id) = name.parse::<RevisionId>() {
            out.insert(id, p);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, general: &str, special: &str, other: &str, units: &[&str]) -> String {
        format!(
            r#"{{"htsno": "{code}", "indent": "1", "description": "d", "superior": null, "units": {units:?}, "general": "{general}", "special": "{special}", "other": "{other}", "footnotes": []}}"#
        )
    }

    fn rows(parts: &[String]) -> Vec<HtsRow> {
        parse_export(format!("[{}]", parts.join(",")).as_bytes(), "t.json").unwrap()
    }

    #[test]
    fn gzip_and_plain_read_alike() {
        use std::io::Write;
        let json = format!("[{}]", row("0101.21.00", "Free", "", "Free", &[]));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(json.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(
            parse_export(&gz, "a.gz").unwrap(),
            parse_export(json.as_bytes(), "a.json").unwrap()
        );
    }

    #[test]
    fn errors_name_file_row_and_field() {
        let e = parse_export(br#"[{"htsno": "0101", "indent": 3.5}]"#, "x.json").unwrap_err();
        let s = e.to_string();
        assert!(
            s.contains("x.json") && s.contains("indent") && s.contains("row 1"),
            "{s}"
        );
        let e = parse_export(br#"[{"htsno": "01x1"}]"#, "x.json").unwrap_err();
        assert_eq!(e.field(), Some("htsno"));
        let e = parse_export(br#"[{"htsno": "0101", "units": "kg"}]"#, "x.json").unwrap_err();
        assert_eq!(e.field(), Some("units"));
        let e = parse_export(br#"{"htsno": "0101"}"#, "x.json").unwrap_err();
        assert!(e.to_string().contains("array"), "{e}");
        let e = parse_export(b"[{", "x.json").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = parse_export(&[0x1f, 0x8b, 0, 1, 2], "bad.gz").unwrap_err();
        assert_eq!(e.field(), Some("gzip"));
    }

    #[test]
    fn never_panics_on_garbage() {
        for bad in [
            &b""[..],
            b"null",
            b"[null]",
            b"[1,2]",
            b"[{\"htsno\": 5}]",
            b"[{\"footnotes\": [1]}]",
            b"[{\"superior\": \"maybe\"}]",
            b"[{\"indent\": \"-1\"}]",
            &[0x1f, 0x8b],
            &[0xff, 0xfe, 0x00],
        ] {
            assert!(parse_export(bad, "g").is_err(), "{bad:?}");
        }
        assert!(parse_export(b"[]", "g").unwrap().is_empty());
    }

    #[test]
    fn ten_digit_rows_inherit_and_lone_rows_are_their_line() {
        let r = rows(&[
            row("9006.59.15", "Free", "", "20%", &[]),
            row("9006.59.15.20", "", "", "20%", &["No."]),
            row("9006.59.15.40", "", "", "", &["No."]),
            row("0101.30.00.00", "6.8%", "Free (A+,AU)", "15%", &["No."]),
            row("4420.19.00", "3.2%", "", "33 1/3%", &[]),
            row("4420.19.00.10", "", "", "", &["No."]),
            row("4420.19.00.90", "Free", "", "", &["kg"]),
        ]);
        let l = tariff_lines(&r, "t").unwrap();
        let codes: Vec<String> = l.iter().map(|l| l.code.to_string()).collect();
        assert_eq!(
            codes,
            ["0101.30.00", "4420.19.00", "4420.19.00.90", "9006.59.15"]
        );
        assert_eq!(l[0].units, ["No."]);
        assert!(l[1].units.is_empty(), "children disagree on units");
        assert_eq!(
            (&*l[2].general, &*l[2].other),
            ("Free", "33 1/3%"),
            "inherits other"
        );
        assert_eq!(l[3].units, ["No."]);
    }

    #[test]
    fn duplicate_codes_are_an_error() {
        let r = rows(&[
            row("0101.21.00", "Free", "", "", &[]),
            row("0101.21.00", "1%", "", "", &[]),
        ]);
        let e = tariff_lines(&r, "dup.json").unwrap_err();
        assert!(
            e.to_string().contains("dup.json") && e.to_string().contains("twice"),
            "{e}"
        );
    }

    #[test]
    fn runs_split_on_change_and_disappearance_only() {
        let id = |s: &str| s.parse::<RevisionId>().unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut b = BaseBuilder::new();
        b.add(
            id("2025_basic"),
            d("2025-01-01"),
            &rows(&[
                row("0806.10.20", "$1.13/m<sup>3</sup>", "", "", &[]),
                row("0101.21.00", "Free", "", "", &[]),
            ]),
            "a",
        )
        .unwrap();
        b.add(
            id("2025_rev_1"),
            d("2025-02-01"),
            &rows(&[row("0806.10.20", "$1.13/m3", "", "", &["kg"])]),
            "b",
        )
        .unwrap();
        b.add(
            id("2025_rev_2"),
            d("2025-03-01"),
            &rows(&[
                row("0806.10.20", "$1.13/m3", "", "", &[]),
                row("0101.21.00", "Free", "", "", &[]),
            ]),
            "c",
        )
        .unwrap();
        let err = b
            .add(id("2025_rev_3"), d("2025-03-01"), &[], "d")
            .unwrap_err();
        assert_eq!(err.field(), Some("effective_date"));
        let t = b.finish("s");
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.lines[0].until, Some(d("2025-02-01")));
        assert_eq!(t.lines[1].from, d("2025-03-01"));
        assert_eq!(t.lines[1].revision.as_deref(), Some("2025 rev 2"));
        assert_eq!(t.lines[2].general.as_deref(), Some("$1.13/m3"));
        assert_eq!(t.lines[2].until, None, "markup differences do not split");
        assert!(t.lines[2].units.is_empty(), "units of the newest revision");
    }

    #[test]
    fn revision_ids() {
        assert!("2025_rev_0".parse::<RevisionId>().is_err());
        assert!("rev_3".parse::<RevisionId>().is_err(), "needs a year");
        let r = RevisionId::parse_with_year("rev_3", Some(2025)).unwrap();
        assert_eq!(r.id(), "2025_rev_3");
        assert!(
            RevisionId {
                year: 2025,
                number: 2
            } < RevisionId {
                year: 2025,
                number: 10
            }
        );
    }

    #[test]
    fn revision_table_errors_name_line_and_field() {
        let e = parse_revision_dates("revision,effective_date\nrev_1,2025-13-01,x\n", "d.csv")
            .unwrap_err();
        assert!(
            e.to_string().contains("line 2") && e.to_string().contains("effective_date"),
            "{e}"
        );
        let e = parse_revision_dates("rev_1,2025-01-27\nrev_1,2025-01-28\n", "d.csv").unwrap_err();
        assert_eq!(e.field(), Some("revision"));
    }
}
