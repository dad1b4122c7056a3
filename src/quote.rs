//! The result of a quote: explained lines, exclusions and totals.

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::entry::Mode;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// What a quote line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// The ordinary (column 1 / column 2 / preferential) duty of the tariff line.
    Base,
    /// An additional duty (Chapter 99: Section 232, 301, IEEPA, 122...).
    Additional,
    /// An exemption that applied (amount 0; what it removed is in `excluded`).
    Exemption,
    /// A fee (merchandise processing fee, harbor maintenance fee).
    Fee,
}

impl LineKind {
    /// `base`, `additional`, `exemption` or `fee`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Base => "base",
            LineKind::Additional => "additional",
            LineKind::Exemption => "exemption",
            LineKind::Fee => "fee",
        }
    }
}

impl fmt::Display for LineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One applied line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// Base, additional, exemption or fee.
    pub kind: LineKind,
    /// The legal authority (`mfn`, `section_301`, `ieepa_fentanyl`, `mpf`...).
    pub authority: Arc<str>,
    /// The HTS heading or provision (`6109.10.00`, `9903.88.15`), when there is one.
    pub heading: Option<Arc<str>>,
    /// The id of the measure, exemption or fee in the schedule (`None` for base lines).
    pub id: Option<Arc<str>>,
    /// The rate, in a short form made from the parsed rate: the column's
    /// rate for a base line (`16.5%`, `$1.035/kg + 17%`), what a measure
    /// adds to the base duty (`+25%`, `+$100 each`, `+25% on the steel
    /// content`; see [`Rate::additional_text`](crate::Rate::additional_text)),
    /// the level of an all-in floor (`15% all-in`), an exemption's
    /// condition (`value ≤ 800 USD`), a fee's terms (`0.3464% (min 32.71,
    /// max 634.62 USD)`, `2.62 USD flat`).
    pub rate: String,
    /// The rate as the legal text writes it, when the line's rate comes
    /// from one: the HTS column's text for a base line (the same as
    /// `rate`), the Chapter 99 heading's rate as the schedule gives it for
    /// a measure (`The duty provided in the applicable subheading + 20%`).
    /// `None` for an all-in floor (the schedule gives its level, not a rate
    /// text), exemptions and fees.
    pub legal_text: Option<Arc<str>>,
    /// The amount the rate applied to (the customs value, in the importer's currency).
    #[serde(with = "rust_decimal::serde::str")]
    pub base: Decimal,
    /// The amount, rounded to the cent (half away from zero). Never negative.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Why the line applies, in words.
    pub reason: String,
    /// The legal source (Federal Register document, proclamation, HTS revision).
    pub source: Arc<str>,
}

/// What a considered-but-not-applied item was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExcludedKind {
    /// An additional-duty measure.
    Measure,
    /// The base line.
    Base,
    /// An exemption that did not apply.
    Exemption,
    /// A fee.
    Fee,
}

impl ExcludedKind {
    /// `measure`, `base`, `exemption` or `fee`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExcludedKind::Measure => "measure",
            ExcludedKind::Base => "base",
            ExcludedKind::Exemption => "exemption",
            ExcludedKind::Fee => "fee",
        }
    }
}

/// A measure, exemption or fee that matched the goods and origin on the date
/// but did not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// What it is.
    pub kind: ExcludedKind,
    /// Its id in the schedule.
    pub id: Arc<str>,
    /// Its authority.
    pub authority: Arc<str>,
    /// Its heading, when there is one.
    pub heading: Option<Arc<str>>,
    /// Why it did not apply.
    pub reason: String,
}

/// What a warning on a quote is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// The entry date is after the date the schedule's policy was reviewed
    /// through: duties announced since may be missing.
    AfterReviewedDate,
}

impl WarningKind {
    /// `after_reviewed_date`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::AfterReviewedDate => "after_reviewed_date",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the user must know about a quote whose numbers are still given:
/// e.g. that the schedule is older than the entry date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// One sentence saying what and what to do.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The explained duty on one entry.
///
/// `duty` is the sum of base and additional lines, `fees` the sum of fee lines,
/// `total` their sum; every line amount is rounded to the cent, half away from
/// zero, so the totals are exact sums of the printed lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The importing country.
    pub importer: Country,
    /// The country of origin.
    pub origin: Country,
    /// The tariff code as entered.
    pub code: HtsCode,
    /// The entry date.
    pub entry_date: Date,
    /// The mode of transport.
    pub mode: Mode,
    /// The importer's currency, in which every amount is stated.
    pub currency: Currency,
    /// The customs value converted to the importer's currency (not rounded).
    #[serde(with = "rust_decimal::serde::str")]
    pub customs_value: Decimal,
    /// Applied lines, in order: base, additional, exemptions, fees.
    pub lines: Vec<Line>,
    /// Considered but not applied.
    pub excluded: Vec<Excluded>,
    /// Base plus additional duties.
    #[serde(with = "rust_decimal::serde::str")]
    pub duty: Decimal,
    /// Fees.
    #[serde(with = "rust_decimal::serde::str")]
    pub fees: Decimal,
    /// Duty plus fees.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// Duty ÷ customs value as a fraction (0.445 = 44.5%), rounded to 6 decimal
    /// places half away from zero; 0 when the customs value is 0.
    #[serde(with = "rust_decimal::serde::str")]
    pub effective_rate: Decimal,
    /// Remarks about the quote as a whole (e.g. "additional duties only: no base rates").
    pub notes: Vec<String>,
    /// Warnings: the quote is given, but may be incomplete (e.g. the entry
    /// date is after the date the schedule was reviewed through). A strict
    /// schedule ([`crate::Schedule::strict`]) refuses such quotes instead.
    pub warnings: Vec<Warning>,
}

impl Quote {
    /// Sum of the lines of one authority (`section_301`, `mpf`...). It is
    /// at most the total, which the engine checked fits: the sum cannot
    /// overflow on a quote the engine made (on a hand-made one it saturates).
    pub fn amount_of(&self, authority: &str) -> Decimal {
        self.lines
            .iter()
            .filter(|l| &*l.authority == authority)
            .fold(Decimal::ZERO, |acc, l| acc.saturating_add(l.amount))
    }

    /// Whether a line of this authority applied.
    pub fn has(&self, authority: &str) -> bool {
        self.lines.iter().any(|l| &*l.authority == authority)
    }

    /// Checks the invariants every quote of the engine keeps, and says which
    /// one fails: `duty` is the sum of the base and additional lines, `fees`
    /// the sum of the fee lines, `total` = `duty` + `fees` (exactly);
    /// every amount (lines and totals) is at scale 2 (exact to the cent) and
    /// not negative, exemption lines are 0; `effective_rate` is at scale 6,
    /// not negative, 0 when the customs value is 0, and within half a
    /// millionth of duty ÷ customs value. For tests and fuzz targets.
    ///
    /// ```
    /// use tariffs::{Schedule, EntryText};
    /// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
    /// let e = EntryText { origin: "CN", hts: "6109.10.00", value: "1000", date: "2025-03-10", ..Default::default() }
    ///     .parse().unwrap();
    /// let mut q = s.quote(&e).unwrap();
    /// assert_eq!(q.check_invariants(), Ok(()));
    /// q.total += tariffs::Decimal::new(1, 2);
    /// assert!(q.check_invariants().unwrap_err().contains("total"));
    /// ```
    ///
    /// # Errors
    ///
    /// A message naming the first line or total that breaks an invariant.
    pub fn check_invariants(&self) -> Result<(), String> {
        let cents = |what: &str, d: Decimal| -> Result<(), String> {
            if d.scale() != 2 {
                return Err(format!("{what} {d} is not at scale 2 (exact cents)"));
            }
            if d.is_sign_negative() && !d.is_zero() {
                return Err(format!("{what} {d} is negative"));
            }
            Ok(())
        };
        let (mut duty, mut fees) = (Decimal::ZERO, Decimal::ZERO);
        for (i, l) in self.lines.iter().enumerate() {
            let what = format!("line {i} ({} {})", l.kind, l.authority);
            cents(&what, l.amount)?;
            let sum = match l.kind {
                LineKind::Base | LineKind::Additional => &mut duty,
                LineKind::Fee => &mut fees,
                LineKind::Exemption if l.amount.is_zero() => continue,
                LineKind::Exemption => {
                    return Err(format!("{what} is an exemption of {}", l.amount))
                }
            };
            *sum = sum
                .checked_add(l.amount)
                .ok_or_else(|| format!("the sum of the lines overflows at {what}"))?;
        }
        cents("duty", self.duty)?;
        cents("fees", self.fees)?;
        cents("total", self.total)?;
        if self.duty != duty {
            return Err(format!(
                "duty {} is not the sum of the duty lines {duty}",
                self.duty
            ));
        }
        if self.fees != fees {
            return Err(format!(
                "fees {} is not the sum of the fee lines {fees}",
                self.fees
            ));
        }
        if self.duty.checked_add(self.fees) != Some(self.total) {
            return Err(format!(
                "total {} is not duty {} + fees {}",
                self.total, self.duty, self.fees
            ));
        }
        if self.customs_value.is_sign_negative() && !self.customs_value.is_zero() {
            return Err(format!("customs value {} is negative", self.customs_value));
        }
        check_effective_rate(self.duty, self.customs_value, self.effective_rate)
    }

    /// The quote as one JSON object (decimals as strings).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// The effective rate `r` of `duty` on `value`: at scale 6, not negative, 0
/// when the value is 0, within half a millionth of duty ÷ value.
pub(crate) fn check_effective_rate(
    duty: Decimal,
    value: Decimal,
    r: Decimal,
) -> Result<(), String> {
    if r.scale() != 6 || (r.is_sign_negative() && !r.is_zero()) {
        return Err(format!(
            "effective rate {r} is not a fraction >= 0 at scale 6"
        ));
    }
    if value.is_zero() {
        if !r.is_zero() {
            return Err(format!("effective rate {r} on a customs value of 0"));
        }
        return Ok(());
    }
    let exact = duty.checked_div(value).ok_or_else(|| {
        format!("duty {duty} ÷ value {value} overflows, yet the effective rate is {r}")
    })?;
    // Half a millionth, and the last digit of a 28-digit division.
    let tolerance = Decimal::new(5_000_000_000_001, 19);
    match r.checked_sub(exact) {
        Some(off) if off.abs() <= tolerance => Ok(()),
        _ => Err(format!(
            "effective rate {r} is not duty {duty} ÷ value {value} = {exact} to 6 places"
        )),
    }
}

impl fmt::Display for Quote {
    /// A human-readable table of the lines, the exclusions and the totals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} import of {} from {} on {} by {}, customs value {} {}",
            self.importer,
            self.code,
            self.origin,
            self.entry_date,
            self.mode,
            self.customs_value.round_dp(2),
            self.currency
        )?;
        // Columns as wide as their widest cell (in characters: a heading
        // or a rate may have `¢` or `≤`), amounts right-aligned on their
        // decimal point.
        let width = |cell: fn(&Line) -> usize| self.lines.iter().map(cell).max().unwrap_or(0);
        let wk = width(|l| l.kind.as_str().len());
        let wa = width(|l| l.authority.chars().count());
        let wh = width(|l| l.heading.as_deref().map_or(1, |h| h.chars().count()));
        let wr = width(|l| l.rate.chars().count());
        let amounts: Vec<(String, String)> = self
            .lines
            .iter()
            .map(|l| {
                let a = l.amount.to_string();
                match a.find('.') {
                    Some(i) => (a[..i].to_string(), a[i..].to_string()),
                    None => (a, String::new()),
                }
            })
            .collect();
        let wi = amounts.iter().map(|(i, _)| i.len()).max().unwrap_or(0);
        let wf = amounts.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
        for (l, (int, frac)) in self.lines.iter().zip(&amounts) {
            writeln!(
                f,
                "  {:<wk$}  {:<wa$}  {:<wh$}  {:>wi$}{:<wf$}  {:<wr$}  [{}]",
                l.kind.as_str(),
                &*l.authority,
                l.heading.as_deref().unwrap_or("-"),
                int,
                frac,
                l.rate,
                l.reason
            )?;
        }
        for x in &self.excluded {
            writeln!(
                f,
                "  not applied: {} {} ({}): {}",
                &*x.authority,
                x.heading.as_deref().unwrap_or("-"),
                &*x.id,
                x.reason
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        for w in &self.warnings {
            writeln!(f, "  warning: {w}")?;
        }
        // A rate at scale 6 is below 8 x 10^22: x 100 always fits.
        let rate = match self.effective_rate.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{}%", p.normalize()),
            None => format!("{} as a fraction", self.effective_rate.normalize()),
        };
        write!(
            f,
            "  duty {} + fees {} = total {} {} (effective duty rate {rate})",
            self.duty, self.fees, self.total, self.currency,
        )
    }
}
