//! IEEPA duty refunds and the audit of filed duties.
//!
//! On 2026-02-20 the Supreme Court held that IEEPA does not authorize
//! tariffs (*Learning Resources v. Trump*, No. 24-1287); collection stopped
//! for goods entered from 12:00 a.m. ET 2026-02-24 (EO 14389; CBP CSMS
//! #67834313), and CBP refunds the IEEPA duties deposited, with interest,
//! through CAPE in ACE since 2026-04-20 (CSMS #68340863). This module
//! answers, entry line by entry line:
//!
//! - the duty due by authority and heading on the entry date (the
//!   schedule's [`Quote`]);
//! - the **IEEPA principal**: the sum of every line whose authority is an
//!   IEEPA one ([`is_ieepa`]: `ieepa_fentanyl`, `ieepa_reciprocal`,
//!   `ieepa_brazil`, `ieepa_russia_oil`, `ieepa_postal`, and any other
//!   `ieepa_` authority a schedule has), and its **interest** from the
//!   deposit date to [`RefundOptions::interest_to`] at the quarterly
//!   overpayment rates ([`InterestTable`], 19 U.S.C. 1505(c), 26 U.S.C.
//!   6621), compounded daily;
//! - the **Section 122** principal (2026-02-24 to 2026-07-23) and its
//!   interest, reported apart: its refund depends on the pending appeal
//!   of the Court of International Trade's 2026-05-07 ruling;
//! - the refund path ([`Category`]) from the entry's liquidation on
//!   [`RefundOptions::as_of`] (a postal item, which has no entry, is
//!   [`Category::PostalNoEntry`]);
//! - when the filed amounts are given, the [`Finding`]s of the audit: every
//!   authority or heading whose filed amount differs from the computed one
//!   by more than [`RefundOptions::tolerance`].
//!
//! A row that cannot be quoted (an unknown code, a missing quantity, a date
//! the schedule does not cover) keeps its place with its error, and counts
//! in the totals' `failed_lines` and `failed_value`: nothing is dropped.
//!
//! Amounts are per entry line, each rounded to the cent (half away from
//! zero) as the quote's lines are; interest is computed on each line's
//! principal and rounded per line, so an entry's interest is the sum of its
//! lines'. CBP computes interest per entry; the two can differ by a cent
//! per line.
//!
//! ```
//! use tariffs::refunds::{RefundLine, RefundOptions};
//! use tariffs::{Date, EntryText, Schedule};
//! let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
//! let d = |t| Date::parse_field("d", t).unwrap();
//! let entry = EntryText { origin: "CN", hts: "6109.10.00", value: "10000", date: "2025-03-10", ..Default::default() }.parse();
//! let line = RefundLine { entry_number: "ABC-1234567-8".into(), line_number: "001".into(), ..RefundLine::new(entry) };
//! let report = s.refunds(vec![line], &RefundOptions::new(d("2026-06-01"))).unwrap();
//! let r = report.rows[0].result.as_ref().unwrap();
//! assert_eq!(r.ieepa_principal.to_string(), "2000.00"); // 20% fentanyl duty of 10000
//! assert!(r.ieepa_interest > tariffs::Decimal::ZERO);
//! ```

mod audit;
mod cape;
mod interest;

pub use audit::{Filed, Finding, FindingKind};
pub use cape::{Category, LiquidationStatus, CAPE_WINDOW_DAYS, PROTEST_DAYS};
pub use interest::{InterestTable, Payer, Quarter};

use crate::date::Date;
use crate::engine::round_money;
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::quote::{LineKind, Quote};
use crate::schedule::Schedule;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The authority of the Section 122 surcharge (9903.03.01).
pub const SECTION_122: &str = "section_122";

/// What the Section 122 principal depends on.
pub const SECTION_122_NOTE: &str = "Section 122 duty: its refund depends on the appeal of the Court of International Trade's 2026-05-07 ruling that Section 122 was unlawful (stayed pending appeal)";

/// Whether an authority is an IEEPA one (its name starts with `ieepa_`).
pub fn is_ieepa(authority: &str) -> bool {
    authority.starts_with("ieepa_")
}

/// One entry line to report on.
#[derive(Debug, Clone)]
pub struct RefundLine {
    /// The entry number (`ABC-1234567-8`), as given.
    pub entry_number: String,
    /// The line number within the entry (`001`), as given.
    pub line_number: String,
    /// The importer of record (its number or name), for the totals.
    pub importer_of_record: String,
    /// The entry to quote, or the error that its fields gave: a row that
    /// cannot be read is reported with its error, not dropped.
    pub entry: Result<Entry>,
    /// The entry date of a row whose `entry` failed, when it could be read
    /// (for the totals' months).
    pub entry_date: Option<Date>,
    /// The date the duties were deposited (paid), from which interest
    /// runs; default the entry date. Duties are deposited with the entry
    /// summary, up to 10 working days after entry, or on a periodic monthly
    /// statement: give the payment date for exact interest.
    pub deposit_date: Option<Date>,
    /// The liquidation status; see [`Category::of`].
    pub liquidation_status: Option<LiquidationStatus>,
    /// The liquidation date.
    pub liquidation_date: Option<Date>,
    /// The amounts filed, to audit; `None` when not given.
    pub filed: Option<Vec<Filed>>,
    /// An error in the row's refund fields (a bad liquidation date, a bad
    /// filed amount), reported as the row's error.
    pub field_error: Option<Error>,
}

impl RefundLine {
    /// A line with only its entry; the other fields empty.
    pub fn new(entry: Result<Entry>) -> RefundLine {
        RefundLine {
            entry_number: String::new(),
            line_number: String::new(),
            importer_of_record: String::new(),
            entry,
            entry_date: None,
            deposit_date: None,
            liquidation_status: None,
            liquidation_date: None,
            filed: None,
            field_error: None,
        }
    }
}

/// Options of [`Schedule::refunds`].
#[derive(Debug, Clone)]
pub struct RefundOptions {
    /// The date the claim is made: it decides the [`Category`].
    pub as_of: Date,
    /// Interest runs to this date; default `as_of`. By 19 U.S.C. 1505(c)
    /// and 19 CFR 24.36(a)(1) it runs from the deposit to the date of
    /// liquidation or reliquidation: under CAPE, 45 days after the
    /// declaration is accepted for an unliquidated entry, the next business
    /// day for a liquidated one (CSMS #68340863). Give that date for an
    /// estimate of what CBP will pay.
    pub interest_to: Option<Date>,
    /// Corporate or not: the overpayment rate.
    pub payer: Payer,
    /// The audit reports differences above this (default 1.00).
    pub tolerance: Decimal,
    /// The interest rates; default [`InterestTable::builtin`].
    pub interest: Option<Arc<InterestTable>>,
}

impl RefundOptions {
    /// Options as of a date: interest to it, corporate rates, tolerance
    /// 1.00, the builtin interest table.
    pub fn new(as_of: Date) -> RefundOptions {
        RefundOptions {
            as_of,
            interest_to: None,
            payer: Payer::Corporate,
            tolerance: Decimal::ONE,
            interest: None,
        }
    }

    fn table(&self) -> &InterestTable {
        self.interest
            .as_deref()
            .unwrap_or_else(|| InterestTable::builtin())
    }

    /// The date interest runs to.
    pub fn interest_end(&self) -> Date {
        self.interest_to.unwrap_or(self.as_of)
    }

    /// Checks the options as [`Schedule::refunds`] does before it reads a
    /// line: the interest date within the interest table, the tolerance not
    /// negative.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `interest_to` or `tolerance`.
    pub fn check(&self) -> Result<()> {
        let (first, end) = self.table().span();
        let to = self.interest_end();
        if to < first || to > end {
            return Err(Error::InvalidInput {
                field: "interest_to".into(),
                value: to.to_string(),
                expected: format!("a date from {first} to {end} (the interest table's span; pass your own table for later dates)"),
            });
        }
        if self.tolerance < Decimal::ZERO {
            return Err(Error::InvalidInput {
                field: "tolerance".into(),
                value: self.tolerance.to_string(),
                expected: "an amount of 0 or more".into(),
            });
        }
        Ok(())
    }
}

/// The refund of one quoted entry line.
#[derive(Debug, Clone)]
pub struct Refund {
    /// The quote on the entry date: every line with authority, heading,
    /// rate and reason. Its `excluded` list (what did not apply, and why)
    /// is read by the audit and then dropped, to keep a report of millions
    /// of lines in memory; [`Schedule::quote`] the entry again for it.
    pub quote: Quote,
    /// The IEEPA principal per IEEPA authority on the line (nonzero only),
    /// in the quote's order.
    pub ieepa: Vec<(Arc<str>, Decimal)>,
    /// The sum of `ieepa`.
    pub ieepa_principal: Decimal,
    /// Interest on it from the deposit date to the interest date.
    pub ieepa_interest: Decimal,
    /// The Section 122 duty of the line (see [`SECTION_122_NOTE`]).
    pub section_122_principal: Decimal,
    /// Interest on it, as for IEEPA, if it is refunded.
    pub section_122_interest: Decimal,
    /// The audit's findings; `None` when no filed amounts were given, empty
    /// when everything filed agrees.
    pub findings: Option<Vec<Finding>>,
}

/// One reported row, in the order of the input.
#[derive(Debug, Clone)]
pub struct RefundRow {
    /// As given.
    pub entry_number: String,
    /// As given.
    pub line_number: String,
    /// As given.
    pub importer_of_record: String,
    /// The entry date (`None` when it could not be read).
    pub entry_date: Option<Date>,
    /// The deposit date used for interest.
    pub deposit_date: Option<Date>,
    /// The refund path (`None` when the row failed before it could be told).
    pub category: Option<Category>,
    /// The customs value, when the entry could be read.
    pub value: Option<Decimal>,
    /// The refund, or the row's error.
    pub result: Result<Refund>,
}

impl RefundRow {
    /// The month of entry, `YYYY-MM` (`None` when the date could not be read).
    pub fn month(&self) -> Option<String> {
        self.entry_date.map(|d| {
            let (y, m, _) = d.ymd();
            format!("{y:04}-{m:02}")
        })
    }
}

/// Sums over the rows of one importer, category and month of entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Total {
    /// The importer of record.
    pub importer_of_record: String,
    /// The category (`None`: rows whose category could not be told).
    pub category: Option<Category>,
    /// The month of entry (`YYYY-MM`; empty when the date could not be read).
    pub month: String,
    /// Rows.
    pub lines: u64,
    /// Rows that failed (their error is in their row).
    pub failed_lines: u64,
    /// The customs value of the failed rows whose value could be read.
    pub failed_value: Decimal,
    /// The customs value of the quoted rows.
    pub value: Decimal,
    /// Their duty.
    pub duty: Decimal,
    /// IEEPA principal.
    pub ieepa_principal: Decimal,
    /// IEEPA interest.
    pub ieepa_interest: Decimal,
    /// Section 122 principal.
    pub section_122_principal: Decimal,
    /// Section 122 interest.
    pub section_122_interest: Decimal,
    /// Principal per IEEPA authority and Section 122.
    pub by_authority: BTreeMap<String, Decimal>,
    /// Rows with audit findings.
    pub lines_with_findings: u64,
}

/// The report of [`Schedule::refunds`].
#[derive(Debug, Clone)]
pub struct RefundReport {
    /// One per input line, in order.
    pub rows: Vec<RefundRow>,
    /// The options' as-of date.
    pub as_of: Date,
    /// The date interest runs to.
    pub interest_to: Date,
    /// The payer kind.
    pub payer: Payer,
}

fn overflow(what: &str) -> Error {
    Error::InvalidInput {
        field: what.into(),
        value: "a sum past the decimal range".into(),
        expected: "amounts whose sum fits a 96-bit decimal".into(),
    }
}

fn add(a: &mut Decimal, b: Decimal, what: &str) -> Result<()> {
    *a = a.checked_add(b).ok_or_else(|| overflow(what))?;
    Ok(())
}

impl RefundReport {
    /// Totals per importer of record, category and month of entry, sorted
    /// by those keys.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when a sum exceeds the decimal range.
    pub fn totals(&self) -> Result<Vec<Total>> {
        let mut groups: BTreeMap<(String, Option<Category>, String), Total> = BTreeMap::new();
        for row in &self.rows {
            let month = row.month().unwrap_or_default();
            let key = (row.importer_of_record.clone(), row.category, month.clone());
            let t = groups.entry(key).or_insert_with(|| Total {
                importer_of_record: row.importer_of_record.clone(),
                category: row.category,
                month,
                ..Total::default()
            });
            t.lines += 1;
            match &row.result {
                Err(_) => {
                    t.failed_lines += 1;
                    if let Some(v) = row.value {
                        add(&mut t.failed_value, v, "failed_value")?;
                    }
                }
                Ok(r) => {
                    add(&mut t.value, r.quote.customs_value, "value")?;
                    add(&mut t.duty, r.quote.duty, "duty")?;
                    add(&mut t.ieepa_principal, r.ieepa_principal, "ieepa_principal")?;
                    add(&mut t.ieepa_interest, r.ieepa_interest, "ieepa_interest")?;
                    add(
                        &mut t.section_122_principal,
                        r.section_122_principal,
                        "section_122_principal",
                    )?;
                    add(
                        &mut t.section_122_interest,
                        r.section_122_interest,
                        "section_122_interest",
                    )?;
                    for (a, v) in &r.ieepa {
                        add(t.by_authority.entry(a.to_string()).or_default(), *v, a)?;
                    }
                    if !r.section_122_principal.is_zero() {
                        add(
                            t.by_authority.entry(SECTION_122.to_string()).or_default(),
                            r.section_122_principal,
                            SECTION_122,
                        )?;
                    }
                    if r.findings.as_ref().is_some_and(|f| !f.is_empty()) {
                        t.lines_with_findings += 1;
                    }
                }
            }
        }
        Ok(groups.into_values().collect())
    }

    /// The rows that failed, with their index in the input.
    pub fn failed(&self) -> impl Iterator<Item = (usize, &RefundRow, &Error)> {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.result.as_ref().err().map(|e| (i, r, e)))
    }

    /// Every audit finding, with its row's index in the input.
    pub fn findings(&self) -> impl Iterator<Item = (usize, &RefundRow, &Finding)> {
        self.rows.iter().enumerate().flat_map(|(i, r)| {
            r.result
                .as_ref()
                .ok()
                .and_then(|x| x.findings.as_ref())
                .into_iter()
                .flatten()
                .map(move |f| (i, r, f))
        })
    }
}

/// The interest factors of the deposit dates of one report.
struct Factors<'t> {
    table: &'t InterestTable,
    to: Date,
    payer: Payer,
    known: std::collections::HashMap<Date, Result<Decimal>>,
}

impl Factors<'_> {
    /// As [`InterestTable::interest`], from the factor of `deposit`.
    fn interest(&self, principal: Decimal, deposit: Date) -> Result<Decimal> {
        if principal.is_zero() {
            return Ok(round_money(Decimal::ZERO));
        }
        let f = match self.known.get(&deposit) {
            Some(f) => f.clone()?,
            None => self.table.factor(deposit, self.to, self.payer)?,
        };
        interest::grow(principal, f)
    }
}

impl Schedule {
    /// Reports on every line (in parallel): its quote, IEEPA and Section
    /// 122 principal and interest, refund category and audit findings
    /// (see the [module docs](crate::refunds)).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `interest_to` when the interest date
    /// is outside the interest table. A bad row fails only itself.
    pub fn refunds(&self, lines: Vec<RefundLine>, options: &RefundOptions) -> Result<RefundReport> {
        options.check()?;
        let table = options.table();
        let to = options.interest_end();
        // The growth factor of each deposit date, computed once: a year of
        // entries has a few hundred dates and any number of lines.
        let mut dates: Vec<Date> = lines
            .iter()
            .filter_map(|l| {
                l.deposit_date
                    .or(l.entry.as_ref().ok().map(|e| e.entry_date))
            })
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let factors = Factors {
            table,
            to,
            payer: options.payer,
            known: dates
                .into_par_iter()
                .map(|d| (d, table.factor(d, to, options.payer)))
                .collect(),
        };
        let rows = lines
            .into_par_iter()
            .map(|line| self.refund_row(line, options, &factors))
            .collect();
        Ok(RefundReport {
            rows,
            as_of: options.as_of,
            interest_to: to,
            payer: options.payer,
        })
    }

    fn refund_row(
        &self,
        line: RefundLine,
        options: &RefundOptions,
        factors: &Factors,
    ) -> RefundRow {
        let entry_date = line
            .entry
            .as_ref()
            .ok()
            .map(|e| e.entry_date)
            .or(line.entry_date);
        let deposit_date = line.deposit_date.or(entry_date);
        let value = line.entry.as_ref().ok().map(|e| e.value);
        let category = Category::of(
            line.liquidation_status,
            line.liquidation_date,
            options.as_of,
        );
        let result = (|| -> Result<(Refund, Category)> {
            let entry = line.entry?;
            if let Some(e) = line.field_error {
                return Err(e);
            }
            let category = category.clone()?;
            let quote = self.quote(&entry)?;
            let mut ieepa: Vec<(Arc<str>, Decimal)> = Vec::new();
            let mut s122 = Decimal::ZERO;
            for l in &quote.lines {
                if l.amount.is_zero() {
                    continue;
                }
                if is_ieepa(&l.authority) {
                    match ieepa.iter_mut().find(|(a, _)| *a == l.authority) {
                        Some((_, v)) => *v += l.amount,
                        None => ieepa.push((l.authority.clone(), l.amount)),
                    }
                } else if l.authority.as_ref() == SECTION_122 {
                    s122 += l.amount;
                }
            }
            let principal = round_money(ieepa.iter().map(|(_, v)| *v).sum());
            let deposit = deposit_date.unwrap_or(entry.entry_date);
            let ieepa_interest = factors.interest(principal, deposit)?;
            let section_122_interest = factors.interest(s122, deposit)?;
            let findings = line
                .filed
                .as_ref()
                .map(|f| audit::audit(&quote, f, options.tolerance));
            // A postal item (the postal exemption line: no entry) has no
            // entry for CAPE, whatever its liquidation fields say.
            let postal = quote
                .lines
                .iter()
                .any(|l| l.kind == LineKind::Exemption && l.authority.as_ref() == "postal");
            let mut quote = quote;
            quote.excluded = Vec::new();
            let category = if principal.is_zero() {
                Category::None
            } else if postal {
                Category::PostalNoEntry
            } else {
                category
            };
            let refund = Refund {
                quote,
                ieepa,
                ieepa_principal: principal,
                ieepa_interest,
                section_122_principal: round_money(s122),
                section_122_interest,
                findings,
            };
            Ok((refund, category))
        })();
        // A quoted row's category is the one its refund settled on; a failed
        // row keeps the one its liquidation fields give, when they gave one.
        let (category, result) = match result {
            Ok((refund, c)) => (Some(c), Ok(refund)),
            Err(e) => (category.ok(), Err(e)),
        };
        RefundRow {
            entry_number: line.entry_number,
            line_number: line.line_number,
            importer_of_record: line.importer_of_record,
            entry_date,
            deposit_date,
            category,
            value,
            result,
        }
    }
}
