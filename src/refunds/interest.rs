//! Interest on refunds of customs duties: the quarterly rates of
//! 19 U.S.C. 1505(c) (which takes the rates set under 26 U.S.C. 6621),
//! compounded daily (26 U.S.C. 6622).
//!
//! The table is data, with a source per quarter: the builtin one is
//! `src/refunds/interest-rates.json` (see `docs/refunds-sources.md`); a user
//! with other rates (a later quarter, a rate CBP published differently)
//! loads their own with [`InterestTable::from_json`].

use crate::date::{is_leap, Date};
use crate::engine::round_money;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::sync::OnceLock;

/// The builtin table, as embedded at build time.
const BUILTIN: &str = include_str!("interest-rates.json");

/// Who is owed the refund: the overpayment rate differs (26 U.S.C.
/// 6621(a)(1): the federal short-term rate + 3 points, + 2 for a
/// corporation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Payer {
    /// A corporation (the default: most importers of record are).
    #[default]
    Corporate,
    /// Anyone else (a person, a partnership).
    NonCorporate,
}

impl Payer {
    /// Parses `corporate` or `noncorporate` (also `non-corporate`, `non_corporate`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the field `payer` and the value.
    pub fn parse(s: &str) -> Result<Payer> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "corporate" | "corporation" => Ok(Payer::Corporate),
            "noncorporate" | "noncorporation" => Ok(Payer::NonCorporate),
            _ => Err(Error::InvalidInput {
                field: "payer".into(),
                value: s.into(),
                expected: "corporate or noncorporate".into(),
            }),
        }
    }

    /// `corporate` or `noncorporate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Payer::Corporate => "corporate",
            Payer::NonCorporate => "noncorporate",
        }
    }
}

#[derive(Deserialize)]
struct TableData {
    format: String,
    #[serde(default)]
    description: String,
    quarters: Vec<QuarterData>,
}

#[derive(Deserialize)]
struct QuarterData {
    from: String,
    until: String,
    overpayment_noncorporate: String,
    overpayment_corporate: String,
    #[serde(default)]
    source: String,
}

/// One period of the table (usually a calendar quarter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarter {
    /// First day.
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// Overpayment rate for non-corporations, percent a year.
    pub noncorporate: Decimal,
    /// Overpayment rate for corporations, percent a year.
    pub corporate: Decimal,
    /// Where the rates come from.
    pub source: String,
}

/// Quarterly interest rates on refunds, contiguous periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestTable {
    quarters: Vec<Quarter>,
    description: String,
}

fn bad(field: &str, value: &str, expected: &str) -> Error {
    Error::InvalidInput {
        field: field.into(),
        value: value.into(),
        expected: expected.into(),
    }
}

impl InterestTable {
    /// The builtin table (`src/refunds/interest-rates.json`).
    pub fn builtin() -> &'static InterestTable {
        static TABLE: OnceLock<InterestTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            InterestTable::from_json(BUILTIN)
                .expect("the builtin interest table is checked by tests")
        })
    }

    /// Loads a table in the `tariffs-interest/1` format:
    ///
    /// ```
    /// let t = tariffs::refunds::InterestTable::from_json(r#"{"format": "tariffs-interest/1",
    ///   "quarters": [{"from": "2026-01-01", "until": "2026-04-01",
    ///     "overpayment_noncorporate": "7", "overpayment_corporate": "6", "source": "IR-2025-xx"}]}"#).unwrap();
    /// assert_eq!(t.quarters().len(), 1);
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the field and value: bad JSON, an
    /// unknown format, a bad date or rate (a rate is percent a year, from 0
    /// to 100), an empty period, or periods that overlap or leave a gap.
    pub fn from_json(text: &str) -> Result<InterestTable> {
        let data: TableData = serde_json::from_str(text).map_err(|e| {
            bad(
                "interest table",
                &e.to_string(),
                "JSON in the tariffs-interest/1 format",
            )
        })?;
        if data.format != "tariffs-interest/1" {
            return Err(bad("format", &data.format, "tariffs-interest/1"));
        }
        let rate = |field: &str, s: &str| -> Result<Decimal> {
            let d: Decimal = s
                .trim()
                .parse()
                .map_err(|_| bad(field, s, "a percentage a year, e.g. 7 or 6.5"))?;
            if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
                return Err(bad(field, s, "a percentage a year from 0 to 100"));
            }
            Ok(d)
        };
        let mut quarters: Vec<Quarter> = Vec::with_capacity(data.quarters.len());
        for q in &data.quarters {
            let from = Date::parse_field("from", &q.from)?;
            let until = Date::parse_field("until", &q.until)?;
            if until <= from {
                return Err(bad(
                    "until",
                    &q.until,
                    &format!("a date after from ({})", q.from),
                ));
            }
            if let Some(prev) = quarters.last() {
                if prev.until != from {
                    return Err(bad(
                        "from",
                        &q.from,
                        &format!("{} (the until of the period before: periods must follow each other without gap or overlap)", prev.until),
                    ));
                }
            }
            quarters.push(Quarter {
                from,
                until,
                noncorporate: rate("overpayment_noncorporate", &q.overpayment_noncorporate)?,
                corporate: rate("overpayment_corporate", &q.overpayment_corporate)?,
                source: q.source.clone(),
            });
        }
        if quarters.is_empty() {
            return Err(bad("quarters", "[]", "at least one period"));
        }
        Ok(InterestTable {
            quarters,
            description: data.description,
        })
    }

    /// The periods, in order.
    pub fn quarters(&self) -> &[Quarter] {
        &self.quarters
    }

    /// The table's description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The first day the table covers and the day after its last.
    pub fn span(&self) -> (Date, Date) {
        (
            self.quarters[0].from,
            self.quarters[self.quarters.len() - 1].until,
        )
    }

    /// The growth factor of a deposit from `from` to `to` (interest for
    /// each day from `from`, included, to `to`, excluded), compounded
    /// daily at each day's rate ÷ the days of its year (365 or 366).
    /// 1 when `to` is not after `from`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `deposit_date` or `interest_to` when a
    /// day is outside the table.
    pub fn factor(&self, from: Date, to: Date, payer: Payer) -> Result<Decimal> {
        if to <= from {
            return Ok(Decimal::ONE);
        }
        let (first, end) = self.span();
        let span = format!("a date from {first} to {end} (the interest table's span; pass your own table for others)");
        if from < first {
            return Err(bad("deposit_date", &from.to_string(), &span));
        }
        if to > end {
            return Err(bad("interest_to", &to.to_string(), &span));
        }
        let mut f = Decimal::ONE;
        let mut day = from;
        for q in &self.quarters {
            if q.until <= day {
                continue;
            }
            if q.from >= to {
                break;
            }
            let rate = match payer {
                Payer::Corporate => q.corporate,
                Payer::NonCorporate => q.noncorporate,
            };
            // Split the period at each new year: the day count is the year's.
            while day < q.until && day < to {
                let (y, _, _) = day.ymd();
                let next_year = Date::from_ymd(y + 1, 1, 1).expect("a valid date");
                let stop = q.until.min(to).min(next_year);
                let days_in_year = if is_leap(y) { 366 } else { 365 };
                let daily = Decimal::ONE + rate / Decimal::from(100 * days_in_year);
                f = mul(f, pow(daily, day.days_until(stop) as u32)?)?;
                day = stop;
            }
        }
        Ok(f)
    }

    /// The interest on `principal` deposited on `from`, to `to`, rounded to
    /// the cent half away from zero.
    ///
    /// ```
    /// use tariffs::refunds::{InterestTable, Payer};
    /// use tariffs::{Date, Decimal};
    /// let t = InterestTable::from_json(r#"{"format": "tariffs-interest/1", "quarters": [
    ///   {"from": "2026-01-01", "until": "2026-04-01", "overpayment_noncorporate": "7", "overpayment_corporate": "6"}]}"#).unwrap();
    /// let d = |s| Date::parse_field("d", s).unwrap();
    /// // 1000 for 31 days at 6%/365 a day: 1000 × ((1 + 0.06/365)^31 − 1) = 5.1089...
    /// let i = t.interest(Decimal::from(1000), d("2026-01-01"), d("2026-02-01"), Payer::Corporate).unwrap();
    /// assert_eq!(i.to_string(), "5.11");
    /// ```
    ///
    /// # Errors
    ///
    /// As [`InterestTable::factor`].
    pub fn interest(
        &self,
        principal: Decimal,
        from: Date,
        to: Date,
        payer: Payer,
    ) -> Result<Decimal> {
        if principal.is_zero() {
            return Ok(round_money(Decimal::ZERO));
        }
        grow(principal, self.factor(from, to, payer)?)
    }
}

/// The interest on `principal` grown by `factor`, rounded to the cent.
pub(super) fn grow(principal: Decimal, factor: Decimal) -> Result<Decimal> {
    let grown = principal.checked_mul(factor).ok_or_else(|| {
        bad(
            "principal",
            &principal.to_string(),
            "an amount whose interest fits a decimal",
        )
    })?;
    Ok(round_money(grown - principal))
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| {
        bad(
            "interest",
            &format!("{a} x {b}"),
            "a factor that fits a decimal",
        )
    })
}

/// `base` to the power `n`, by squaring.
fn pow(base: Decimal, mut n: u32) -> Result<Decimal> {
    let mut result = Decimal::ONE;
    let mut b = base;
    while n > 0 {
        if n & 1 == 1 {
            result = mul(result, b)?;
        }
        n >>= 1;
        if n > 0 {
            b = mul(b, b)?;
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_field("d", s).unwrap()
    }

    #[test]
    fn builtin_table_loads_and_is_contiguous() {
        let t = InterestTable::builtin();
        let (first, end) = t.span();
        assert!(first <= d("2025-01-01"));
        assert!(end >= d("2027-01-01"));
        for q in t.quarters() {
            assert!(!q.source.is_empty(), "quarter {} has no source", q.from);
        }
    }

    #[test]
    fn bad_tables_name_the_field() {
        let e = InterestTable::from_json(r#"{"format": "tariffs-interest/1", "quarters": [
            {"from": "2026-01-01", "until": "2026-04-01", "overpayment_noncorporate": "7", "overpayment_corporate": "6"},
            {"from": "2026-04-02", "until": "2026-07-01", "overpayment_noncorporate": "7", "overpayment_corporate": "6"}]}"#)
        .unwrap_err();
        assert!(e.to_string().contains("2026-04-02"), "{e}");
        let e = InterestTable::from_json(r#"{"format": "tariffs-interest/1", "quarters": [
            {"from": "2026-01-01", "until": "2026-04-01", "overpayment_noncorporate": "seven", "overpayment_corporate": "6"}]}"#)
        .unwrap_err();
        assert!(e.to_string().contains("overpayment_noncorporate"), "{e}");
        assert!(InterestTable::from_json(r#"{"format": "x", "quarters": []}"#).is_err());
        assert!(InterestTable::from_json("[").is_err());
    }

    #[test]
    fn a_leap_year_day_is_a_366th() {
        let t = InterestTable::from_json(r#"{"format": "tariffs-interest/1", "quarters": [
            {"from": "2028-01-01", "until": "2028-04-01", "overpayment_noncorporate": "3.66", "overpayment_corporate": "3.66"}]}"#).unwrap();
        // One day at 3.66%/366 = 0.01% of 10000 = 1.00.
        let i = t
            .interest(
                Decimal::from(10000),
                d("2028-02-28"),
                d("2028-02-29"),
                Payer::Corporate,
            )
            .unwrap();
        assert_eq!(i.to_string(), "1.00");
        assert!(t
            .interest(
                Decimal::ONE,
                d("2027-12-31"),
                d("2028-01-02"),
                Payer::Corporate
            )
            .is_err());
        assert!(t
            .interest(
                Decimal::ONE,
                d("2028-01-01"),
                d("2028-04-02"),
                Payer::Corporate
            )
            .is_err());
        assert_eq!(
            t.factor(d("2028-03-01"), d("2028-02-01"), Payer::Corporate)
                .unwrap(),
            Decimal::ONE
        );
    }
}
