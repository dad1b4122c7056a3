//! `tariffs refunds IN -o OUT`: the IEEPA refund and audit report of a
//! file of entry lines ([`tariffs::Schedule::refunds_record_batches`]).
//!
//! IN has the entry columns of `tariffs batch` (hts, origin, value, date,
//! mode, claims, qty_<unit>...) and, all optional, entry_number,
//! line_number, importer_of_record, deposit_date, liquidation_date,
//! liquidation_status and filed_<key> columns (amounts filed per authority
//! or heading). `--filed` gives the filed amounts as a long table instead
//! (entry_number, line_number, key or heading, amount). The formats, the
//! `--column` mapping and `--allow-float` are those of `tariffs batch`.
//!
//! OUT gets the `lines` table (one row per input row, in order);
//! `--duties`, `--audit`, `--totals` and `--errors` write the other tables
//! of the report. Every file is written under `NAME.partial` and renamed
//! when all are written. The whole input is read into memory: a refund file
//! is one importer's entries. Stdout gets a summary (by CAPE category, by
//! IEEPA authority, Section 122, audit findings); `--json` prints it as JSON.

use crate::batch::{
    core_batch, float_hint, for_parquet, format_of, mapping_of, money, open, same_file, Format,
    Writer, CHUNK,
};
use crate::progress::{thousands, Progress};
use crate::{parse_date, parse_importer, CliError, ScheduleArgs};
use std::sync::Arc;
use tariffs::arrow::arrow_array::cast::AsArray;
use tariffs::arrow::arrow_array::types::{Decimal128Type, UInt64Type};
use tariffs::arrow::arrow_array::{Array, RecordBatch};
use tariffs::arrow::arrow_schema::DataType;
use tariffs::arrow::{is_filed_column, is_refund_column, RefundTables, REFUND_COLUMNS};
use tariffs::refunds::{Category, InterestTable, Payer, RefundOptions, SECTION_122_NOTE};
use tariffs::{Date, Error};

/// Flags of `tariffs refunds`.
#[derive(Debug, clap::Args)]
pub struct RefundsArgs {
    /// The file of entry lines: .csv, .parquet, .arrow/.ipc/.feather or
    /// .arrows, as `tariffs batch` reads.
    #[arg(value_name = "IN")]
    pub input: String,
    /// The file of the lines table (one row per input row), format by extension.
    #[arg(short, long, value_name = "OUT")]
    pub out: String,
    /// Filed amounts as a long table: entry_number, line_number, key (an
    /// authority, heading or HTS code; the column may be named heading) and
    /// amount, one row per amount filed (any format, by extension). They
    /// are audited against the computed duty; a line with no filed row is
    /// not audited.
    #[arg(long, value_name = "FILE")]
    pub filed: Option<String>,
    /// The date the claim is made: it decides the CAPE category (default
    /// today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Interest runs to this date (default --as-of).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub interest_to: Option<String>,
    /// The overpayment interest rate: corporate or noncorporate.
    #[arg(long, value_name = "KIND", default_value = "corporate")]
    pub payer: String,
    /// The audit reports filed amounts that differ by more than this.
    #[arg(
        long,
        value_name = "AMOUNT",
        default_value = "1.00",
        allow_hyphen_values = true
    )]
    pub tolerance: String,
    /// Quarterly interest rates (JSON, `tariffs-interest/1`) instead of the
    /// embedded table.
    #[arg(long, value_name = "FILE")]
    pub interest_rates: Option<String>,
    /// The importer of rows without an `importer` column or cell (default US).
    #[arg(long, value_name = "CC")]
    pub importer: Option<String>,
    /// Write the duty due by authority and heading (one row per quote line).
    #[arg(long, value_name = "FILE")]
    pub duties: Option<String>,
    /// Write the audit's findings (one row per difference).
    #[arg(long, value_name = "FILE")]
    pub audit: Option<String>,
    /// Write the sums per importer of record, category and month of entry.
    #[arg(long, value_name = "FILE")]
    pub totals: Option<String>,
    /// Write the rows that failed, with their error.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<String>,
    /// The format of IN when its extension does not say (csv, parquet, arrow, arrows).
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// The format of OUT when its extension does not say.
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<String>,
    /// Read the field FIELD from the column NAME of IN (an entry field,
    /// entry_number, line_number, importer_of_record, deposit_date,
    /// liquidation_date, liquidation_status or filed_<key>); repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME")]
    pub columns: Vec<String>,
    /// The CSV field delimiter (in and out).
    #[arg(long, value_name = "CHAR", default_value_t = ',')]
    pub delimiter: char,
    /// Read float columns of amounts (value, exchange_rate, qty_*, filed_*,
    /// the filed table's amount) as the shortest decimal that gives back
    /// the float. Without it a float column is refused.
    #[arg(long)]
    pub allow_float: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// Today in UTC.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let epoch = Date::from_ymd(1970, 1, 1).expect("1970-01-01 is a date");
    epoch.add_days(i32::try_from(secs / 86_400).unwrap_or(i32::MAX))
}

/// One output: its table, flag and path.
struct Output<'a> {
    table: &'static str,
    flag: &'static str,
    path: &'a str,
    format: Format,
}

impl Output<'_> {
    /// The file written before it is renamed to `path`.
    fn partial(&self) -> String {
        format!("{}.partial", self.path)
    }
}

fn outputs(a: &RefundsArgs) -> Result<Vec<Output<'_>>, CliError> {
    let mut outs = vec![Output {
        table: "lines",
        flag: "--out",
        path: &a.out,
        format: format_of(&a.out, &a.to, Some("--to"))?,
    }];
    for (table, flag, path) in [
        ("duties", "--duties", &a.duties),
        ("audit", "--audit", &a.audit),
        ("totals", "--totals", &a.totals),
        ("errors", "--errors", &a.errors),
    ] {
        if let Some(p) = path {
            let format = format_of(p, &None, None)
                .map_err(|e| CliError::usage(format!("flag {flag}: {}", e.message)))?;
            outs.push(Output {
                table,
                flag,
                path: p,
                format,
            });
        }
    }
    for (i, o) in outs.iter().enumerate() {
        for (what, other) in [
            ("the input file", Some(&a.input)),
            ("the --filed file", a.filed.as_ref()),
        ] {
            if other.is_some_and(|x| x == o.path || same_file(x, o.path)) {
                return Err(CliError::usage(format!(
                    "flag {}: {} is {what}; write to another file",
                    o.flag, o.path
                )));
            }
        }
        if let Some(p) = outs[..i].iter().find(|p| p.path == o.path) {
            return Err(CliError::usage(format!(
                "flag {}: {} is also the file of {}; give each table its own file",
                o.flag, o.path, p.flag
            )));
        }
    }
    Ok(outs)
}

/// The options of the flags, checked against the interest table before
/// any file is read.
fn options(a: &RefundsArgs) -> Result<RefundOptions, CliError> {
    let as_of = match &a.as_of {
        Some(t) => parse_date("--as-of", t)?,
        None => today(),
    };
    let mut o = RefundOptions::new(as_of);
    o.interest_to = a
        .interest_to
        .as_deref()
        .map(|t| parse_date("--interest-to", t))
        .transpose()?;
    o.payer = Payer::parse(&a.payer).map_err(|e| CliError::usage(format!("flag --payer: {e}")))?;
    o.tolerance = tariffs::parse_decimal("tolerance", &a.tolerance)
        .map_err(|e| CliError::usage(format!("flag --tolerance: {e}")))?;
    if let Some(p) = &a.interest_rates {
        let text = std::fs::read_to_string(p)
            .map_err(|e| CliError::usage(format!("flag --interest-rates: cannot read {p}: {e}")))?;
        let table = InterestTable::from_json(&text)
            .map_err(|e| CliError::usage(format!("flag --interest-rates {p}: {e}")))?;
        o.interest = Some(Arc::new(table));
    }
    // The core's check, before any file is read.
    o.check().map_err(|e| {
        let flag = match e.field() {
            Some("interest_to") if a.interest_to.is_some() => "--interest-to",
            Some("interest_to") => "--as-of (interest runs to it without --interest-to)",
            Some("tolerance") => "--tolerance",
            _ => return CliError::failed(e.to_string()),
        };
        CliError::usage(format!("flag {flag}: {e}"))
    })?;
    Ok(o)
}

/// Every batch of `path`, renamed by `map` and reduced to the columns
/// `keep` names.
fn read_all(
    path: &str,
    from: Option<&Option<String>>,
    a: &RefundsArgs,
    map: Option<&[String]>,
    keep: fn(&str) -> bool,
    progress: &mut Progress,
) -> Result<Vec<RecordBatch>, CliError> {
    let input = open(path, from, a.delimiter, CHUNK)?;
    let map = match map {
        Some(columns) => mapping_of(
            columns,
            path,
            &input.schema,
            is_refund_column,
            &format!(", {} or filed_<key>", REFUND_COLUMNS.join(", ")),
        )?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let mut read = 0u64;
    for b in input.batches {
        let b =
            b.map_err(|e| CliError::failed(format!("reading {path} (after row {read}): {e}")))?;
        read += b.num_rows() as u64;
        out.push(core_batch(&b, &map, a.allow_float, keep)?);
        progress.update(read, (input.done)(read));
    }
    if out.is_empty() {
        out.push(core_batch(
            &RecordBatch::new_empty(input.schema.clone()),
            &map,
            a.allow_float,
            keep,
        )?);
    }
    Ok(out)
}

/// The message of an error of the core on the files.
fn file_error(a: &RefundsArgs, e: &Error) -> CliError {
    let text = e.to_string();
    let hint = float_hint(&text, a.allow_float);
    match &a.filed {
        Some(f) if e.field() == Some("filed") || text.contains("filed table") => {
            CliError::failed(format!("flag --filed {f}: {text}{hint}"))
        }
        _ => CliError::failed(format!("{}: {text}{hint}", a.input)),
    }
}

fn write(o: &Output<'_>, b: &RecordBatch, a: &RefundsArgs) -> Result<(), CliError> {
    let tmp = o.partial();
    let b = for_parquet(b.clone(), o.format)?;
    let fail = |e: String| CliError::failed(format!("writing {}: {e}", o.path));
    let mut w = Writer::create(&tmp, o.format, &b.schema(), a.delimiter, CHUNK).map_err(fail)?;
    w.write(&b).map_err(fail)?;
    w.finish().map_err(fail)
}

pub fn run(a: &RefundsArgs, out: &mut String) -> Result<(), CliError> {
    let outs = outputs(a)?;
    let importer = a.importer.as_deref().map(parse_importer).transpose()?;
    let schedule = a.schedule.load()?;
    let options = options(a)?;
    let mut progress = Progress::new(!a.quiet);
    let input = read_all(
        &a.input,
        Some(&a.from),
        a,
        Some(&a.columns),
        is_refund_column,
        &mut progress,
    )?;
    let filed = match &a.filed {
        Some(f) => Some(
            read_all(f, None, a, None, is_filed_column, &mut Progress::new(false)).map_err(
                |e| CliError {
                    code: e.code,
                    message: format!("flag --filed: {}", e.message),
                },
            )?,
        ),
        None => None,
    };
    let tables = schedule
        .refunds_record_batches(&input, filed.as_deref(), &options, importer)
        .map_err(|e| file_error(a, &e))?;
    progress.finish();
    let table = |name: &str| -> &RecordBatch {
        match name {
            "lines" => &tables.lines,
            "duties" => &tables.duties,
            "audit" => &tables.audit,
            "totals" => &tables.totals,
            _ => &tables.errors,
        }
    };
    // Every file written, then every one renamed; on the first error,
    // every partial file removed.
    let result = outs
        .iter()
        .try_for_each(|o| write(o, table(o.table), a))
        .and_then(|()| {
            outs.iter().try_for_each(|o| {
                std::fs::rename(o.partial(), o.path).map_err(|e| {
                    CliError::failed(format!("cannot move {} to {}: {e}", o.partial(), o.path))
                })
            })
        });
    if result.is_err() {
        for o in &outs {
            let _ = std::fs::remove_file(o.partial());
        }
    }
    result?;
    let secs = progress.elapsed();
    let summary = Summary::of(&tables)?;
    if a.json {
        out.push_str(&summary.json(a, &options, &outs, secs));
        out.push('\n');
    } else {
        summary.text(a, &options, &outs, secs, out);
    }
    Ok(())
}

/// Sums of one category (or of all).
#[derive(Default, Clone)]
struct Sums {
    lines: u64,
    failed: u64,
    principal: i128,
    interest: i128,
    refund: i128,
    s122: i128,
    s122_interest: i128,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.lines += o.lines;
        self.failed += o.failed;
        self.principal += o.principal;
        self.interest += o.interest;
        self.refund += o.refund;
        self.s122 += o.s122;
        self.s122_interest += o.s122_interest;
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "lines": self.lines,
            "failed_lines": self.failed,
            "ieepa_principal": money(self.principal),
            "ieepa_interest": money(self.interest),
            "ieepa_refund": money(self.refund),
            "section_122_principal": money(self.s122),
            "section_122_interest": money(self.s122_interest),
        })
    }
}

/// What the summary says, read from the report's tables.
struct Summary {
    rows: usize,
    failed: usize,
    /// Per category (`unknown` for rows that failed before it was told),
    /// in the order of [`Category::ALL`].
    categories: Vec<(String, Sums)>,
    total: Sums,
    /// IEEPA principal per authority.
    authorities: Vec<(String, i128)>,
    findings: usize,
    lines_with_findings: u64,
}

fn message(category: &str) -> &'static str {
    Category::ALL
        .iter()
        .find(|c| c.as_str() == category)
        .map_or(
            "rows that failed before their category could be told (their errors: --errors)",
            |c| c.message(),
        )
}

impl Summary {
    fn of(t: &RefundTables) -> Result<Summary, CliError> {
        let bad = |c: &str| CliError::failed(format!("the totals table has no column {c}"));
        let totals = &t.totals;
        let col = |name: &str| totals.column_by_name(name).ok_or_else(|| bad(name));
        let cents = |name: &str| -> Result<Vec<i128>, CliError> {
            let c = col(name)?;
            let c = c
                .as_primitive_opt::<Decimal128Type>()
                .ok_or_else(|| bad(name))?;
            Ok((0..c.len())
                .map(|i| if c.is_null(i) { 0 } else { c.value(i) })
                .collect())
        };
        let count = |name: &str| -> Result<Vec<u64>, CliError> {
            let c = col(name)?;
            let c = c
                .as_primitive_opt::<UInt64Type>()
                .ok_or_else(|| bad(name))?;
            Ok(c.iter().map(|v| v.unwrap_or(0)).collect())
        };
        let category = col("category")?;
        let category = category
            .as_string_opt::<i32>()
            .ok_or_else(|| bad("category"))?;
        let (lines, failed, with_findings) = (
            count("lines")?,
            count("failed_lines")?,
            count("lines_with_findings")?,
        );
        let (principal, interest, refund, s122, s122_interest) = (
            cents("ieepa_principal")?,
            cents("ieepa_interest")?,
            cents("ieepa_refund")?,
            cents("section_122_principal")?,
            cents("section_122_interest")?,
        );
        // The authority columns lie between section_122_refund and
        // lines_with_findings.
        let schema = totals.schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let from = names
            .iter()
            .position(|n| *n == "section_122_refund")
            .ok_or_else(|| bad("section_122_refund"))?;
        let to = names
            .iter()
            .position(|n| *n == "lines_with_findings")
            .ok_or_else(|| bad("lines_with_findings"))?;
        let mut authorities = Vec::new();
        for name in &names[from + 1..to] {
            if matches!(
                schema.field_with_name(name).map(|f| f.data_type()),
                Ok(DataType::Decimal128(..))
            ) {
                authorities.push((name.to_string(), cents(name)?.iter().sum::<i128>()));
            }
        }
        let mut order: Vec<String> = Category::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        order.push("unknown".into());
        let mut categories: Vec<(String, Sums)> = Vec::new();
        let mut total = Sums::default();
        for i in 0..totals.num_rows() {
            let s = Sums {
                lines: lines[i],
                failed: failed[i],
                principal: principal[i],
                interest: interest[i],
                refund: refund[i],
                s122: s122[i],
                s122_interest: s122_interest[i],
            };
            total.add(&s);
            let c = category.value(i).to_string();
            match categories.iter_mut().find(|(k, _)| *k == c) {
                Some((_, x)) => x.add(&s),
                None => categories.push((c, s)),
            }
        }
        categories.sort_by_key(|(c, _)| order.iter().position(|o| o == c).unwrap_or(order.len()));
        Ok(Summary {
            rows: t.lines.num_rows(),
            failed: t.errors.num_rows(),
            categories,
            total,
            authorities,
            findings: t.audit.num_rows(),
            lines_with_findings: with_findings.iter().sum(),
        })
    }

    fn json(&self, a: &RefundsArgs, o: &RefundOptions, outs: &[Output<'_>], secs: f64) -> String {
        let categories: Vec<serde_json::Value> = self
            .categories
            .iter()
            .map(|(c, s)| {
                let mut v = s.json();
                v["category"] = c.clone().into();
                v["message"] = message(c).into();
                v
            })
            .collect();
        let authorities: serde_json::Map<String, serde_json::Value> = self
            .authorities
            .iter()
            .map(|(a, c)| (a.clone(), money(*c).into()))
            .collect();
        let files: serde_json::Map<String, serde_json::Value> = outs
            .iter()
            .map(|x| (x.table.to_string(), x.path.into()))
            .collect();
        let v = serde_json::json!({
            "input": a.input,
            "filed": a.filed,
            "as_of": o.as_of.to_string(),
            "interest_to": o.interest_end().to_string(),
            "payer": o.payer.as_str(),
            "rows": self.rows,
            "failed_rows": self.failed,
            "categories": categories,
            "total": self.total.json(),
            "ieepa_by_authority": authorities,
            "section_122": {
                "principal": money(self.total.s122),
                "interest": money(self.total.s122_interest),
                "status": "pending litigation",
                "note": SECTION_122_NOTE,
            },
            "audit": {
                "findings": self.findings,
                "lines_with_findings": self.lines_with_findings,
            },
            "outputs": files,
            "seconds": (secs * 1000.0).round() / 1000.0,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }

    fn text(
        &self,
        a: &RefundsArgs,
        o: &RefundOptions,
        outs: &[Output<'_>],
        secs: f64,
        out: &mut String,
    ) {
        use std::fmt::Write;
        let _ = writeln!(
            out,
            "IEEPA refunds of {}: {} rows, as of {}, interest to {} at {} rates ({:.2} s)",
            a.input,
            thousands(self.rows as u64),
            o.as_of,
            o.interest_end(),
            o.payer.as_str(),
            secs
        );
        if self.failed > 0 {
            let hint = match &a.errors {
                Some(p) => format!("their errors are in {p}"),
                None => {
                    "their errors: --errors FILE, or the error column of the lines table".into()
                }
            };
            let _ = writeln!(
                out,
                "failed rows: {} ({hint})",
                thousands(self.failed as u64)
            );
        } else {
            let _ = writeln!(out, "failed rows: 0");
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<22} {:>8} {:>18} {:>14} {:>18}",
            "by CAPE category", "lines", "IEEPA principal", "interest", "refund"
        );
        let row = |out: &mut String, name: &str, s: &Sums| {
            let _ = writeln!(
                out,
                "  {:<20} {:>8} {:>18} {:>14} {:>18}",
                name,
                thousands(s.lines),
                money(s.principal),
                money(s.interest),
                money(s.refund)
            );
        };
        for (c, s) in &self.categories {
            row(out, c, s);
            let _ = writeln!(out, "      {}", message(c));
        }
        row(out, "total", &self.total);
        let _ = writeln!(out);
        let _ = writeln!(out, "IEEPA principal by authority");
        for (name, c) in &self.authorities {
            let _ = writeln!(out, "  {:<20} {:>18}", name, money(*c));
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Section 122 principal: {} (pending litigation), interest {} if refunded",
            money(self.total.s122),
            money(self.total.s122_interest)
        );
        let _ = writeln!(out, "  {SECTION_122_NOTE}");
        let _ = writeln!(out);
        let audit = match &a.audit {
            Some(p) => format!(" (in {p})"),
            None if self.findings > 0 => " (list them with --audit FILE)".into(),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "audit findings: {} on {} lines{audit}",
            thousands(self.findings as u64),
            thousands(self.lines_with_findings)
        );
        let files: Vec<String> = outs
            .iter()
            .map(|x| format!("{} ({})", x.path, x.table))
            .collect();
        let _ = writeln!(out, "wrote {}", files.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date_after_the_code_was_written() {
        assert!(today() >= Date::from_ymd(2026, 1, 1).unwrap());
    }

    #[test]
    fn the_columns_read_are_the_entry_refund_and_filed_ones() {
        assert!(is_refund_column("hts"));
        assert!(is_refund_column("liquidation_status"));
        assert!(is_refund_column("filed_9903.01.24"));
        assert!(!is_refund_column("filed_"));
        assert!(!is_refund_column("sku"));
        assert!(is_filed_column("heading"));
        assert!(!is_filed_column("hts"));
    }
}
