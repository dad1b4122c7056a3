//! Refund reports over Arrow record batches: [`Schedule::refunds_record_batches`].

use super::read::{Columns, Day, Num, Text};
use crate::country::Country;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::refunds::{
    is_ieepa, Category, Filed, LiquidationStatus, RefundLine, RefundOptions, RefundReport,
    SECTION_122, SECTION_122_NOTE,
};
use crate::schedule::Schedule;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder, UInt32Builder, UInt64Builder,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// The refund columns read besides the entry columns (and `filed_<key>`).
pub const REFUND_COLUMNS: [&str; 6] = [
    "entry_number",
    "line_number",
    "importer_of_record",
    "deposit_date",
    "liquidation_date",
    "liquidation_status",
];

/// The columns of the long table of filed amounts
/// ([`Schedule::refunds_record_batches`]'s `filed`): `key` and `heading`
/// are two names of one column.
pub const FILED_COLUMNS: [&str; 5] = ["entry_number", "line_number", "key", "heading", "amount"];

/// Whether [`Schedule::refunds_record_batches`] reads a column of this name
/// from the long filed table ([`FILED_COLUMNS`]).
pub fn is_filed_column(name: &str) -> bool {
    FILED_COLUMNS.contains(&name)
}

/// Whether [`Schedule::refunds_record_batches`] reads a column of this name
/// from the entry lines: an entry column ([`super::is_entry_column`]), a
/// refund column ([`REFUND_COLUMNS`]) or `filed_<key>`.
///
/// ```
/// use tariffs::arrow::is_refund_column;
/// assert!(is_refund_column("liquidation_date") && is_refund_column("filed_9903.01.24"));
/// assert!(is_refund_column("hts") && !is_refund_column("filed_") && !is_refund_column("sku"));
/// ```
pub fn is_refund_column(name: &str) -> bool {
    super::is_entry_column(name)
        || REFUND_COLUMNS.contains(&name)
        || name.strip_prefix("filed_").is_some_and(|k| !k.is_empty())
}

/// The five tables of a refund report (see [`Schedule::refunds_record_batches`]).
#[derive(Debug, Clone)]
pub struct RefundTables {
    /// One row per input row, in order.
    pub lines: RecordBatch,
    /// The duty due by authority and heading: one row per quote line.
    pub duties: RecordBatch,
    /// The audit's findings: one row per difference.
    pub audit: RecordBatch,
    /// Sums per importer of record, category and month of entry.
    pub totals: RecordBatch,
    /// The rows that failed, with their error.
    pub errors: RecordBatch,
}

/// The column `name` of `batch`; `None` also for a column of Arrow type
/// null (every cell null: not given).
fn find<'a>(batch: &'a RecordBatch, name: &str) -> Result<Option<&'a dyn Array>> {
    Ok(super::read::find_column(batch, name)?.filter(|a| a.data_type() != &DataType::Null))
}

/// An identifier column: text or integers, as text.
enum Ident<'a> {
    Text(Text<'a>),
    Num(Num<'a>),
}

impl<'a> Ident<'a> {
    fn new(a: &'a dyn Array, field: &str) -> Result<Ident<'a>> {
        if let Some(t) = Text::new(a) {
            return Ok(Ident::Text(t));
        }
        if a.data_type().is_integer() {
            return Ok(Ident::Num(Num::new(a, field)?));
        }
        Err(Error::invalid(
            field,
            a.data_type().to_string(),
            "text or integers",
        ))
    }

    fn get(&self, i: usize) -> String {
        match self {
            Ident::Text(t) => t.get(i).unwrap_or("").trim().to_string(),
            Ident::Num(n) => n.text(i).map(|c| c.into_owned()).unwrap_or_default(),
        }
    }
}

fn date_cell(d: Option<&Day>, i: usize, field: &str) -> Result<Option<Date>> {
    let Some(d) = d else { return Ok(None) };
    match d.text(i) {
        None => Ok(None),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(t) => Date::parse_field(field, &t).map(Some),
    }
}

/// The filed amounts of the long table, by (entry number, line number).
fn long_filed(batches: &[RecordBatch]) -> Result<HashMap<(String, String), Vec<Filed>>> {
    let mut out: HashMap<(String, String), Vec<Filed>> = HashMap::new();
    for b in batches {
        let need = |name: &str| -> Result<&dyn Array> {
            find(b, name)?.ok_or_else(|| {
                Error::invalid(
                    name,
                    "(missing)",
                    "a column of this name in the filed table: entry_number, line_number, key (an authority, heading or HTS code; also called heading) and amount",
                )
            })
        };
        let entry = Ident::new(need("entry_number")?, "entry_number")?;
        let line = Ident::new(need("line_number")?, "line_number")?;
        let key_col = match find(b, "key")? {
            Some(a) => a,
            None => need("heading")?,
        };
        let key = Text::new(key_col)
            .ok_or_else(|| Error::invalid("key", key_col.data_type().to_string(), "text"))?;
        let amount = Num::new(need("amount")?, "amount")?;
        for i in 0..b.num_rows() {
            let (e, l) = (entry.get(i), line.get(i));
            let k = key.get(i).unwrap_or("");
            let a = amount.text(i).unwrap_or_default();
            let filed = crate::entry::parse_decimal("amount", &a)
                .and_then(|a| Filed::new(k, a))
                .map_err(|err| {
                    Error::invalid(
                        "filed",
                        format!("entry {e} line {l} key {k:?} amount {a:?}"),
                        format!("a key and an amount ({err})"),
                    )
                })?;
            out.entry((e, l)).or_default().push(filed);
        }
    }
    Ok(out)
}

/// The lines of `batches`: entries and refund fields, and the wide filed
/// columns (`filed_<key>`).
fn read_lines(
    batches: &[RecordBatch],
    importer: Option<Country>,
    long: &mut HashMap<(String, String), Vec<Filed>>,
    has_long: bool,
) -> Result<Vec<RefundLine>> {
    let mut lines = Vec::new();
    for b in batches {
        let cols = Columns::new(b, importer)?;
        let ident = |name: &str| find(b, name)?.map(|a| Ident::new(a, name)).transpose();
        let entry_number = ident("entry_number")?;
        let line_number = ident("line_number")?;
        let ior = ident("importer_of_record")?;
        let day = |name: &str| find(b, name)?.map(|a| Day::new(a, name)).transpose();
        let deposit = day("deposit_date")?;
        let liq_date = day("liquidation_date")?;
        let status = match find(b, "liquidation_status")? {
            Some(a) => Some(Text::new(a).ok_or_else(|| {
                Error::invalid("liquidation_status", a.data_type().to_string(), "text")
            })?),
            None => None,
        };
        let mut wide: Vec<(String, Num)> = Vec::new();
        for (i, f) in b.schema_ref().fields().iter().enumerate() {
            if let Some(key) = f.name().strip_prefix("filed_") {
                if key.is_empty() {
                    return Err(Error::invalid("filed_", "filed_", "filed_<authority or heading>, e.g. filed_ieepa_fentanyl or filed_9903.01.24"));
                }
                let a = b.column(i).as_ref();
                if a.data_type() != &DataType::Null {
                    wide.push((key.to_string(), Num::new(a, f.name())?));
                }
            }
        }
        for i in 0..b.num_rows() {
            let mut line = RefundLine::new(cols.entry_text(i).parse());
            line.entry_number = entry_number.as_ref().map(|c| c.get(i)).unwrap_or_default();
            line.line_number = line_number.as_ref().map(|c| c.get(i)).unwrap_or_default();
            line.importer_of_record = ior.as_ref().map(|c| c.get(i)).unwrap_or_default();
            if line.entry.is_err() {
                line.entry_date = date_cell(Some(&cols.date), i, "date").ok().flatten();
            }
            let fields = (|| -> Result<()> {
                line.deposit_date = date_cell(deposit.as_ref(), i, "deposit_date")?;
                line.liquidation_date = date_cell(liq_date.as_ref(), i, "liquidation_date")?;
                line.liquidation_status = match status.as_ref().and_then(|s| s.get(i)) {
                    Some(s) if !s.trim().is_empty() => Some(LiquidationStatus::parse(s)?),
                    _ => None,
                };
                let mut filed: Option<Vec<Filed>> = None;
                for (key, col) in &wide {
                    if let Some(t) = col.text(i) {
                        let field = format!("filed_{key}");
                        let a = crate::entry::parse_decimal(&field, &t)?;
                        filed.get_or_insert_with(Vec::new).push(Filed::new(key, a)?);
                    }
                }
                if has_long {
                    let k = (line.entry_number.clone(), line.line_number.clone());
                    // A line the filed table has no row of is not audited.
                    if let Some(more) = long.remove(&k) {
                        filed.get_or_insert_with(Vec::new).extend(more);
                    }
                }
                line.filed = filed;
                Ok(())
            })();
            line.field_error = fields.err();
            lines.push(line);
        }
    }
    Ok(lines)
}

fn money() -> Decimal128Builder {
    Decimal128Builder::new()
        .with_precision_and_scale(super::write::PRECISION, 2)
        .expect("38, 2 is a valid decimal128")
}

fn push_money(b: &mut Decimal128Builder, d: Option<Decimal>) {
    match d {
        Some(mut d) => {
            d.rescale(2);
            b.append_value(d.mantissa());
        }
        None => b.append_null(),
    }
}

/// A table of named columns (names as `&str` or `String`).
fn table<N: AsRef<str>>(cols: Vec<(N, ArrayRef)>) -> Result<RecordBatch> {
    RecordBatch::try_from_iter(cols)
        .map_err(|e| Error::invalid("result", e.to_string(), "a result that fits Arrow arrays"))
}

fn date32(d: Option<Date>) -> Option<i32> {
    d.map(Date::days_since_epoch)
}

impl Schedule {
    /// A refund report (see [`crate::refunds`]) of the entry lines in
    /// `batches`, with the filed amounts of the long table `filed` when
    /// given, as five Arrow tables.
    ///
    /// Input columns: the entry columns of the [module docs](crate::arrow),
    /// and (all optional) `entry_number`, `line_number` (text or integers),
    /// `importer_of_record` (text), `deposit_date`, `liquidation_date`
    /// (dates as the `date` column), `liquidation_status` (`unliquidated`,
    /// `liquidated`, `final`), and any number of `filed_<key>` columns
    /// (amounts as `value`: `filed_mfn`, `filed_ieepa_fentanyl`,
    /// `filed_9903.01.24`). The long filed table has `entry_number`,
    /// `line_number`, `key` (or `heading`) and `amount`, one row per amount
    /// filed, as on Form 7501's line detail. A line with no filed amount
    /// (no row in the filed table, every `filed_` cell null) is not audited:
    /// its `findings` is null.
    ///
    /// Output: see [`RefundTables`] and the README's "Refunds and audit".
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the column as
    /// [`Schedule::quote_record_batch`], a bad filed table (naming the
    /// row), filed rows for a line not in the input, or the options'
    /// errors ([`Schedule::refunds`]). A bad row fails only itself.
    pub fn refunds_record_batches(
        &self,
        batches: &[RecordBatch],
        filed: Option<&[RecordBatch]>,
        options: &RefundOptions,
        importer: Option<Country>,
    ) -> Result<RefundTables> {
        let mut long = match filed {
            Some(f) => long_filed(f)?,
            None => HashMap::new(),
        };
        let lines = read_lines(batches, importer, &mut long, filed.is_some())?;
        if let Some(((e, l), _)) = long.iter().min_by(|a, b| a.0.cmp(b.0)) {
            return Err(Error::invalid(
                "filed",
                format!("entry {e} line {l}"),
                format!("filed amounts only for lines of the input: {} filed line(s) match no input row's entry_number and line_number", long.len()),
            ));
        }
        let report = self.refunds(lines, options)?;
        self.refund_tables(&report)
    }

    /// The five tables of a report.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when a sum exceeds the decimal range or a
    /// column Arrow's limits.
    pub fn refund_tables(&self, report: &RefundReport) -> Result<RefundTables> {
        let mut authorities: Vec<String> = self
            .authorities()
            .into_iter()
            .filter(|a| is_ieepa(a))
            .collect();
        for r in &report.rows {
            if let Ok(x) = &r.result {
                for (a, _) in &x.ieepa {
                    if !authorities.iter().any(|b| b == a.as_ref()) {
                        authorities.push(a.to_string());
                    }
                }
            }
        }
        Ok(RefundTables {
            lines: lines_table(report, &authorities)?,
            duties: duties_table(report)?,
            audit: audit_table(report)?,
            totals: totals_table(report, &authorities)?,
            errors: errors_table(report)?,
        })
    }
}

/// A quoted row's amounts in the order of the lines table's columns
/// `duty` to `other_duty`.
fn amounts(x: &crate::refunds::Refund) -> [Decimal; 8] {
    [
        x.quote.duty,
        x.quote.fees,
        x.ieepa_principal,
        x.ieepa_interest,
        x.ieepa_principal + x.ieepa_interest,
        x.section_122_principal,
        x.section_122_interest,
        x.quote.duty - x.ieepa_principal - x.section_122_principal,
    ]
}

/// The quote's lines in one cell: `authority heading rate amount; ...`.
fn lines_text(q: &crate::quote::Quote) -> String {
    let text: Vec<String> = q
        .lines
        .iter()
        .map(|l| {
            format!(
                "{} {} {} {}",
                l.authority,
                l.heading.as_deref().unwrap_or("-"),
                l.rate,
                l.amount
            )
        })
        .collect();
    text.join("; ")
}

fn lines_table(report: &RefundReport, authorities: &[String]) -> Result<RecordBatch> {
    let n = report.rows.len();
    let mut row = UInt64Builder::with_capacity(n);
    let (mut entry, mut line, mut ior) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut date, mut deposit) = (Date32Builder::new(), Date32Builder::new());
    let (mut month, mut category, mut message) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let mut value = money();
    let mut cape = BooleanBuilder::new();
    let mut m: Vec<Decimal128Builder> = (0..8).map(|_| money()).collect();
    let mut per: Vec<Decimal128Builder> = authorities.iter().map(|_| money()).collect();
    let mut s122_note = StringBuilder::new();
    let mut findings = UInt32Builder::new();
    let mut headings = StringBuilder::new();
    let (mut error, mut kind) = (StringBuilder::new(), StringBuilder::new());
    for (i, r) in report.rows.iter().enumerate() {
        row.append_value(i as u64);
        entry.append_value(&r.entry_number);
        line.append_value(&r.line_number);
        ior.append_value(&r.importer_of_record);
        date.append_option(date32(r.entry_date));
        deposit.append_option(date32(r.deposit_date));
        month.append_option(r.month());
        category.append_option(r.category.map(Category::as_str));
        message.append_option(r.category.map(Category::message));
        cape.append_option(r.category.map(Category::is_cape));
        // The value of a failed row is kept when it could be read.
        push_money(&mut value, r.value);
        match &r.result {
            Ok(x) => {
                for (b, v) in m.iter_mut().zip(amounts(x)) {
                    push_money(b, Some(v));
                }
                for (b, a) in per.iter_mut().zip(authorities) {
                    let v = x
                        .ieepa
                        .iter()
                        .find(|(k, _)| k.as_ref() == a)
                        .map_or(Decimal::ZERO, |(_, v)| *v);
                    push_money(b, Some(v));
                }
                s122_note.append_option(
                    (!x.section_122_principal.is_zero()).then_some(SECTION_122_NOTE),
                );
                findings.append_option(x.findings.as_ref().map(|f| f.len() as u32));
                headings.append_value(lines_text(&x.quote));
                error.append_null();
                kind.append_null();
            }
            Err(e) => {
                for b in m.iter_mut() {
                    push_money(b, None);
                }
                for b in per.iter_mut() {
                    push_money(b, None);
                }
                s122_note.append_null();
                findings.append_null();
                headings.append_null();
                error.append_value(e.to_string());
                kind.append_value(e.kind().as_str());
            }
        }
    }
    let mut cols: Vec<(String, ArrayRef)> = vec![
        ("row".into(), Arc::new(row.finish())),
        ("entry_number".into(), Arc::new(entry.finish())),
        ("line_number".into(), Arc::new(line.finish())),
        ("importer_of_record".into(), Arc::new(ior.finish())),
        ("entry_date".into(), Arc::new(date.finish())),
        ("deposit_date".into(), Arc::new(deposit.finish())),
        ("month".into(), Arc::new(month.finish())),
        ("category".into(), Arc::new(category.finish())),
        ("category_message".into(), Arc::new(message.finish())),
        ("cape".into(), Arc::new(cape.finish())),
    ];
    cols.push(("value".into(), Arc::new(value.finish())));
    let names = [
        "duty",
        "fees",
        "ieepa_principal",
        "ieepa_interest",
        "ieepa_refund",
        "section_122_principal",
        "section_122_interest",
        "other_duty",
    ];
    for (name, mut b) in names.into_iter().zip(m) {
        cols.push((name.into(), Arc::new(b.finish())));
    }
    for (a, mut b) in authorities.iter().zip(per) {
        cols.push((a.clone(), Arc::new(b.finish())));
    }
    cols.push(("section_122_note".into(), Arc::new(s122_note.finish())));
    cols.push(("findings".into(), Arc::new(findings.finish())));
    cols.push(("lines".into(), Arc::new(headings.finish())));
    cols.push(("error".into(), Arc::new(error.finish())));
    cols.push(("error_kind".into(), Arc::new(kind.finish())));
    table(cols)
}

fn duties_table(report: &RefundReport) -> Result<RecordBatch> {
    let mut row = UInt64Builder::new();
    let (mut entry, mut line) = (StringBuilder::new(), StringBuilder::new());
    let (mut authority, mut heading, mut kind, mut rate) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut base, mut amount) = (money(), money());
    let (mut ieepa, mut reason) = (StringBuilder::new(), StringBuilder::new());
    for (i, r) in report.rows.iter().enumerate() {
        let Ok(x) = &r.result else { continue };
        for l in &x.quote.lines {
            row.append_value(i as u64);
            entry.append_value(&r.entry_number);
            line.append_value(&r.line_number);
            authority.append_value(l.authority.as_ref());
            heading.append_option(l.heading.as_deref());
            kind.append_value(l.kind.as_str());
            rate.append_value(&l.rate);
            push_money(&mut base, Some(crate::engine::round_money(l.base)));
            push_money(&mut amount, Some(l.amount));
            ieepa.append_value(if is_ieepa(&l.authority) {
                "ieepa"
            } else if l.authority.as_ref() == SECTION_122 {
                "section_122"
            } else {
                ""
            });
            reason.append_value(&l.reason);
        }
    }
    table(vec![
        ("row", Arc::new(row.finish())),
        ("entry_number", Arc::new(entry.finish())),
        ("line_number", Arc::new(line.finish())),
        ("authority", Arc::new(authority.finish())),
        ("heading", Arc::new(heading.finish())),
        ("kind", Arc::new(kind.finish())),
        ("rate", Arc::new(rate.finish())),
        ("base", Arc::new(base.finish())),
        ("amount", Arc::new(amount.finish())),
        ("refund_group", Arc::new(ieepa.finish())),
        ("reason", Arc::new(reason.finish())),
    ])
}

fn audit_table(report: &RefundReport) -> Result<RecordBatch> {
    let mut row = UInt64Builder::new();
    let (mut entry, mut line, mut key, mut kind) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut filed, mut computed, mut diff) = (money(), money(), money());
    let mut explanation = StringBuilder::new();
    for (i, r, f) in report.findings() {
        row.append_value(i as u64);
        entry.append_value(&r.entry_number);
        line.append_value(&r.line_number);
        key.append_value(&f.key);
        kind.append_value(f.kind.as_str());
        push_money(&mut filed, Some(f.filed));
        push_money(&mut computed, Some(f.computed));
        push_money(&mut diff, Some(f.difference));
        explanation.append_value(&f.explanation);
    }
    table(vec![
        ("row", Arc::new(row.finish())),
        ("entry_number", Arc::new(entry.finish())),
        ("line_number", Arc::new(line.finish())),
        ("key", Arc::new(key.finish())),
        ("kind", Arc::new(kind.finish())),
        ("filed", Arc::new(filed.finish())),
        ("computed", Arc::new(computed.finish())),
        ("difference", Arc::new(diff.finish())),
        ("explanation", Arc::new(explanation.finish())),
    ])
}

fn totals_table(report: &RefundReport, authorities: &[String]) -> Result<RecordBatch> {
    let totals = report.totals()?;
    let mut cape = BooleanBuilder::new();
    let (mut ior, mut category, mut month) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    let (mut lines, mut failed, mut with_findings) = (
        UInt64Builder::new(),
        UInt64Builder::new(),
        UInt64Builder::new(),
    );
    let mut m: Vec<Decimal128Builder> = (0..9).map(|_| money()).collect();
    let mut per: Vec<Decimal128Builder> = authorities.iter().map(|_| money()).collect();
    for t in &totals {
        ior.append_value(&t.importer_of_record);
        category.append_value(t.category.map_or("unknown", Category::as_str));
        cape.append_value(t.category.is_some_and(Category::is_cape));
        month.append_value(&t.month);
        lines.append_value(t.lines);
        failed.append_value(t.failed_lines);
        with_findings.append_value(t.lines_with_findings);
        for (b, v) in m.iter_mut().zip([
            t.failed_value,
            t.value,
            t.duty,
            t.ieepa_principal,
            t.ieepa_interest,
            t.ieepa_principal + t.ieepa_interest,
            t.section_122_principal,
            t.section_122_interest,
            t.section_122_principal + t.section_122_interest,
        ]) {
            push_money(b, Some(crate::engine::round_money(v)));
        }
        for (b, a) in per.iter_mut().zip(authorities) {
            push_money(
                b,
                Some(crate::engine::round_money(
                    t.by_authority.get(a).copied().unwrap_or_default(),
                )),
            );
        }
    }
    let mut cols: Vec<(String, ArrayRef)> = vec![
        ("importer_of_record".into(), Arc::new(ior.finish())),
        ("category".into(), Arc::new(category.finish())),
        ("cape".into(), Arc::new(cape.finish())),
        ("month".into(), Arc::new(month.finish())),
        ("lines".into(), Arc::new(lines.finish())),
        ("failed_lines".into(), Arc::new(failed.finish())),
    ];
    let names = [
        "failed_value",
        "value",
        "duty",
        "ieepa_principal",
        "ieepa_interest",
        "ieepa_refund",
        "section_122_principal",
        "section_122_interest",
        "section_122_refund",
    ];
    for (name, mut b) in names.into_iter().zip(m) {
        cols.push((name.into(), Arc::new(b.finish())));
    }
    for (a, mut b) in authorities.iter().zip(per) {
        cols.push((a.clone(), Arc::new(b.finish())));
    }
    cols.push((
        "lines_with_findings".into(),
        Arc::new(with_findings.finish()),
    ));
    table(cols)
}

fn errors_table(report: &RefundReport) -> Result<RecordBatch> {
    let mut row = UInt64Builder::new();
    let (mut entry, mut line, mut error, mut kind, mut field) = (
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
        StringBuilder::new(),
    );
    for (i, r, e) in report.failed() {
        row.append_value(i as u64);
        entry.append_value(&r.entry_number);
        line.append_value(&r.line_number);
        field.append_option(e.field());
        error.append_value(e.to_string());
        kind.append_value(e.kind().as_str());
    }
    table(vec![
        ("row", Arc::new(row.finish())),
        ("entry_number", Arc::new(entry.finish())),
        ("line_number", Arc::new(line.finish())),
        ("field", Arc::new(field.finish())),
        ("error", Arc::new(error.finish())),
        ("error_kind", Arc::new(kind.finish())),
    ])
}
