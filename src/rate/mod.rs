//! Duty expressions: one parser for the USITC rate texts, `Display` back, and
//! exact evaluation.
//!
//! Forms read (all seen in the real `general`/`other` columns of the HTS):
//!
//! | form | example |
//! |---|---|
//! | free | `Free`, `Free, under bond` |
//! | ad valorem | `6.5%`, `33 1/3%`, `3 percent of the fair retail value` |
//! | specific | `2.2¢/kg`, `$1.035/kg`, `0.9¢ each`, `89.6¢/1000`, `$2/1,000`, `2.8¢/doz.`, `0.34¢/liter`, `$1.13/m3`, `20¢/gross` |
//! | qualified | `5.3¢/kg on drained weight`, `1.7¢/kg on copper content`, `6% on the case` |
//! | compound | `$1.035/kg + 17%`, `46.3¢/kg + 14.9%`, `57¢ each + 3.7¢/jewel over 7 + 4.9% on the case` |
//! | sugar degrees | `1.4¢/kg less 0.020¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 0.9¢/kg` |
//! | bounds | `... but not less than 5%`, `... but not more than $1/kg` |
//! | Chapter 99 | `The duty provided in the applicable subheading + 25%`, `The duty provided in the applicable subheading`, `No change` |
//! | reduction | `The duty rate provided in such subheading minus 0.5%` |
//! | reference | `The rate applicable to ...`, `See additional U.S. note 2` (recognised; cannot be evaluated alone) |
//!
//! Specific amounts are in the importing country's currency (`$`, `¢` for the
//! US). Evaluation is exact ([`Decimal`]); rounding to the cent happens per
//! duty line in the engine, not here.

use crate::error::{Error, Result};
use crate::limits::{self, echo};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A unit of quantity a specific rate is expressed in.
///
/// ```
/// use tariffs::Unit;
/// assert_eq!("kg".parse::<Unit>().unwrap(), Unit::Kg);
/// assert_eq!("doz.".parse::<Unit>().unwrap(), Unit::Dozen);
/// assert_eq!(Unit::Dozen.key(), "doz");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Unit {
    /// Kilograms (`kg`).
    Kg,
    /// Grams (`g`); derived from kg when only kg is given.
    G,
    /// Metric tons (`t`); derived from kg when only kg is given.
    T,
    /// Clean kilograms (wool) (`clean_kg`).
    CleanKg,
    /// Number of articles (`no`, "each").
    Number,
    /// Dozens (`doz`); derived from `no` (÷ 12) when only a number is given.
    Dozen,
    /// Gross, 144 articles (`gross`); derived from `no` (÷ 144) when only a number is given.
    Gross,
    /// Pairs (`pr`).
    Pair,
    /// Liters (`liter`).
    Liter,
    /// Proof liters (`pf_liter`).
    ProofLiter,
    /// Barrels (`bbl`).
    Barrel,
    /// Meters (`m`).
    M,
    /// Square meters (`m2`).
    M2,
    /// Cubic meters (`m3`).
    M3,
    /// Head of animals (`head`).
    Head,
    /// Jewels in a watch movement (`jewel`).
    Jewel,
    /// Line-gross (buttons: lignes per gross) (`line_gross`).
    LineGross,
    /// Polarimeter degrees of sugar (`degrees`), used by the sugar-degree form.
    Degrees,
    /// A value in the entry currency, used by ad valorem terms on a part (`value[case]`).
    Value,
}

impl Unit {
    /// The stable key used in quantities (`kg`, `no`, `doz`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::G => "g",
            Unit::T => "t",
            Unit::CleanKg => "clean_kg",
            Unit::Number => "no",
            Unit::Dozen => "doz",
            Unit::Gross => "gross",
            Unit::Pair => "pr",
            Unit::Liter => "liter",
            Unit::ProofLiter => "pf_liter",
            Unit::Barrel => "bbl",
            Unit::M => "m",
            Unit::M2 => "m2",
            Unit::M3 => "m3",
            Unit::Head => "head",
            Unit::Jewel => "jewel",
            Unit::LineGross => "line_gross",
            Unit::Degrees => "degrees",
            Unit::Value => "value",
        }
    }

    /// Every unit.
    pub const ALL: [Unit; 19] = [
        Unit::Kg,
        Unit::G,
        Unit::T,
        Unit::CleanKg,
        Unit::Number,
        Unit::Dozen,
        Unit::Gross,
        Unit::Pair,
        Unit::Liter,
        Unit::ProofLiter,
        Unit::Barrel,
        Unit::M,
        Unit::M2,
        Unit::M3,
        Unit::Head,
        Unit::Jewel,
        Unit::LineGross,
        Unit::Degrees,
        Unit::Value,
    ];

    /// How the unit is written after `/` in a rate text (`each` for numbers).
    fn rate_text(self) -> &'static str {
        match self {
            Unit::Kg => "/kg",
            Unit::G => "/g",
            Unit::T => "/t",
            Unit::CleanKg => "/clean kg",
            Unit::Number => " each",
            Unit::Dozen => "/doz.",
            Unit::Gross => "/gross",
            Unit::Pair => "/pr.",
            Unit::Liter => "/liter",
            Unit::ProofLiter => "/pf. liter",
            Unit::Barrel => "/bbl",
            Unit::M => "/m",
            Unit::M2 => "/m2",
            Unit::M3 => "/m3",
            Unit::Head => "/head",
            Unit::Jewel => "/jewel",
            Unit::LineGross => "/line/ gross",
            Unit::Degrees => "/degree",
            Unit::Value => "/value",
        }
    }
}

impl FromStr for Unit {
    type Err = Error;
    /// Accepts the keys (`kg`, `no`, `doz`...) and common spellings
    /// (`each`, `doz.`, `pcs`, `pairs`, `liters`, `l`).
    fn from_str(s: &str) -> Result<Unit> {
        let t = s.trim().to_ascii_lowercase();
        let u = match t.as_str() {
            "kg" | "kgs" | "kilogram" | "kilograms" => Unit::Kg,
            "g" | "gram" | "grams" => Unit::G,
            "t" | "ton" | "tons" | "tonne" | "tonnes" => Unit::T,
            "clean_kg" | "clean kg" => Unit::CleanKg,
            "no" | "no." | "number" | "each" | "pcs" | "pieces" | "items" | "units" => Unit::Number,
            "doz" | "doz." | "dozen" | "dozens" => Unit::Dozen,
            "gross" => Unit::Gross,
            "pr" | "pr." | "pair" | "pairs" => Unit::Pair,
            "liter" | "liters" | "litre" | "litres" | "l" => Unit::Liter,
            "pf_liter" | "pf. liter" | "pf.liter" | "proof liter" | "proof liters" => Unit::ProofLiter,
            "bbl" | "barrel" | "barrels" => Unit::Barrel,
            "m" | "meter" | "meters" => Unit::M,
            "m2" | "sq m" => Unit::M2,
            "m3" | "cu m" => Unit::M3,
            "head" => Unit::Head,
            "jewel" | "jewels" => Unit::Jewel,
            "line_gross" => Unit::LineGross,
            "degrees" | "degree" => Unit::Degrees,
            "value" => Unit::Value,
            _ => {
                return Err(Error::invalid(
                    "unit",
                    s,
                    "one of kg, g, t, clean_kg, no, doz, gross, pr, liter, pf_liter, bbl, m, m2, m3, head, jewel, line_gross, degrees, value",
                ))
            }
        };
        Ok(u)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a rate reads the quantities it needs.
///
/// `basis` is the part or content a qualified term names (`copper content`,
/// `drained weight`, `case`), `None` for the plain quantity.
pub trait QuantitySource {
    /// The quantity in `unit` (of `basis`), if known.
    fn quantity(&self, unit: Unit, basis: Option<&str>) -> Option<Decimal>;

    /// When [`QuantitySource::quantity`] gives `None` because the quantity
    /// is given but converting it overflows (grams from kilograms, articles
    /// from dozens, a part's value in another currency): the field given
    /// (`quantities.kg`) and its value, so that the error is an overflow
    /// naming them rather than a missing quantity. `None` by default.
    fn overflowed(&self, unit: Unit, basis: Option<&str>) -> Option<(String, Decimal)> {
        let _ = (unit, basis);
        None
    }
}

impl QuantitySource for () {
    fn quantity(&self, _: Unit, _: Option<&str>) -> Option<Decimal> {
        None
    }
}

/// Names a quantity as the entry must give it: `kg`, `kg[copper content]`, `value[case]`.
pub fn quantity_name(unit: Unit, basis: Option<&str>) -> String {
    match basis {
        Some(b) => format!("{}[{}]", unit.key(), b),
        None => unit.key().to_string(),
    }
}

/// One term of a duty expression.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Term {
    /// `percent`% of the customs value (or of the value of `basis`, e.g. `case`).
    AdValorem {
        /// The percentage, e.g. `6.5` for 6.5%.
        percent: Decimal,
        /// The part of the article it applies to (`case`, `battery`,
        /// `fair retail value`), `None` for the whole customs value.
        basis: Option<String>,
    },
    /// `amount` per `per` `unit`s, e.g. $1.035 per 1 kg, or $2 per 1,000 articles.
    Specific {
        /// Amount in the importer's currency ($, with ¢ = 0.01).
        amount: Decimal,
        /// The number of units the amount is per (1, or 1000 for `/1000`).
        per: Decimal,
        /// The unit.
        unit: Unit,
        /// The content or condition qualifying the quantity (`drained weight`, `copper content`).
        basis: Option<String>,
        /// Only units in excess of this count are dutiable (`/jewel over 7`).
        over: Option<Decimal>,
    },
    /// The sugar-degree form: `base` per kg less `step` per kg for each degree
    /// under `under` degrees, but not less than `floor` per kg.
    SugarDegrees {
        /// Amount per kg at or above `under` degrees.
        base: Decimal,
        /// Reduction per kg per degree below `under`.
        step: Decimal,
        /// The reference degree.
        under: Decimal,
        /// The lowest amount per kg.
        floor: Decimal,
    },
}

/// A sum of terms with optional lower and upper bounds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expr {
    /// The terms, added.
    pub terms: Vec<Term>,
    /// `but not less than`: the duty is at least this term.
    pub minimum: Option<Term>,
    /// `but not more than`: the duty is at most this term.
    pub maximum: Option<Term>,
}

/// A parsed rate text.
///
/// ```
/// use tariffs::Rate;
/// use rust_decimal::Decimal;
/// let r: Rate = "$1.035/kg + 17%".parse().unwrap();
/// assert_eq!(r.to_string(), "$1.035/kg + 17%");
/// let q = tariffs::Quantities::new().with(tariffs::Unit::Kg, Decimal::new(10, 0));
/// // 10 kg x $1.035 + 17% of $100 = $10.35 + $17 = $27.35
/// assert_eq!(r.amount(Decimal::new(100, 0), &q).unwrap(), Decimal::new(2735, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rate {
    /// `Free`: no duty.
    Free,
    /// A duty expression.
    Expr(Expr),
    /// Chapter 99: `The duty provided in the applicable subheading [+ expr]`:
    /// the base duty stays, plus `expr` (empty: nothing more).
    AdditionalTo(Expr),
    /// `The duty rate provided in such subheading minus X`: a reduction of the
    /// base rate; only meaningful with the base rate it reduces.
    ReducedBy(Expr),
    /// `No change`: no additional duty.
    NoChange,
    /// A rate defined elsewhere (`The rate applicable to ...`, `See additional
    /// U.S. note 2`); recognised, but it cannot be evaluated on its own.
    Reference(String),
}

impl Rate {
    /// Parses a USITC rate text. Whitespace is normalised first.
    ///
    /// # Errors
    ///
    /// - [`Error::TooLarge`] (field `rate`, the value the rate text cut to a
    ///   readable length) for a text longer than [`limits::MAX_RATE_CHARS`],
    ///   a number larger than [`limits::MAX_RATE_NUMBER`] or with more than
    ///   [`limits::MAX_DECIMALS`] decimals, a fraction's denominator past
    ///   [`limits::MAX_FRACTION_DENOMINATOR`], or a rate per fewer than
    ///   [`limits::MIN_RATE_PER`] units.
    /// - [`Error::InvalidRate`] (the text and the reason) for an empty text
    ///   or one that is none of the forms of the [module docs](self).
    ///
    /// ```
    /// let e = tariffs::Rate::parse("79228162514264337593543950335 1/1%").unwrap_err();
    /// assert_eq!(e.kind(), "too_large");
    /// assert_eq!(e.field(), Some("rate"));
    /// ```
    pub fn parse(text: &str) -> Result<Rate> {
        if !limits::fits_chars(text, limits::MAX_RATE_CHARS) {
            return Err(limits::text_too_long("rate", text, limits::MAX_RATE_CHARS));
        }
        parse_rate(text)
    }

    /// Whether this rate is a pure ad valorem rate (or free).
    pub fn is_ad_valorem(&self) -> bool {
        self.expr().map_or(true, |e| {
            e.minimum.is_none()
                && e.maximum.is_none()
                && e.terms
                    .iter()
                    .all(|t| matches!(t, Term::AdValorem { basis: None, .. }))
        })
    }

    /// The ad valorem percentage when the rate is purely ad valorem on the
    /// whole value (`Free` is 0), else `None`.
    pub fn ad_valorem_percent(&self) -> Option<Decimal> {
        match self {
            Rate::Free | Rate::NoChange => Some(Decimal::ZERO),
            Rate::Expr(e) | Rate::AdditionalTo(e) if self.is_ad_valorem() => {
                e.terms.iter().try_fold(Decimal::ZERO, |acc, t| match t {
                    Term::AdValorem { percent, .. } => acc.checked_add(*percent),
                    _ => Some(acc),
                })
            }
            _ => None,
        }
    }

    /// The expression to evaluate, if any (`Free` and `No change` have none).
    pub fn expr(&self) -> Option<&Expr> {
        match self {
            Rate::Expr(e) | Rate::AdditionalTo(e) | Rate::ReducedBy(e) => Some(e),
            _ => None,
        }
    }

    /// The duty on a customs value `value` (in the importer's currency) with
    /// the quantities `q`, exact (not rounded).
    ///
    /// `AdditionalTo(e)` evaluates to `e`: the additional part only.
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidRate`] for `ReducedBy` and `Reference`, which cannot
    ///   be evaluated alone.
    /// - [`Error::MissingQuantity`] (the quantity's name, e.g.
    ///   `kg[copper content]`, and the rate) when `q` lacks a quantity the
    ///   rate needs.
    /// - [`Error::Overflow`] (field `value` or `quantities.NAME`) when a
    ///   term or the sum leaves the decimal range, or converting a given
    ///   quantity to the unit needed does (see
    ///   [`QuantitySource::overflowed`]).
    pub fn amount(&self, value: Decimal, q: &dyn QuantitySource) -> Result<Decimal> {
        match self {
            Rate::Free | Rate::NoChange => Ok(Decimal::ZERO),
            Rate::Expr(e) | Rate::AdditionalTo(e) => e.amount(value, q, self),
            Rate::ReducedBy(_) => Err(Error::InvalidRate {
                text: self.to_string(),
                reason: "a reduction of another rate cannot be evaluated on its own".into(),
            }),
            Rate::Reference(t) => Err(Error::InvalidRate {
                text: t.clone(),
                reason:
                    "the rate is defined by another provision; quote the goods under that provision"
                        .into(),
            }),
        }
    }

    /// The quantities this rate needs, as `(unit, basis)` pairs.
    pub fn needs(&self) -> Vec<(Unit, Option<&str>)> {
        let mut out = Vec::new();
        if let Some(e) = self.expr() {
            for t in e.terms.iter().chain(&e.minimum).chain(&e.maximum) {
                match t {
                    Term::AdValorem { basis: Some(b), .. } => {
                        out.push((Unit::Value, Some(b.as_str())))
                    }
                    Term::AdValorem { basis: None, .. } => {}
                    Term::Specific { unit, basis, .. } => out.push((*unit, basis.as_deref())),
                    Term::SugarDegrees { .. } => {
                        out.push((Unit::Kg, None));
                        out.push((Unit::Degrees, None));
                    }
                }
            }
        }
        out
    }
}

impl Expr {
    fn amount(&self, value: Decimal, q: &dyn QuantitySource, rate: &Rate) -> Result<Decimal> {
        let mut sum = Decimal::ZERO;
        for t in &self.terms {
            let a = term_amount(t, value, q, rate)?;
            sum = sum
                .checked_add(a)
                .ok_or_else(|| overflow(rate, "value".into(), value))?;
        }
        if let Some(min) = &self.minimum {
            sum = sum.max(term_amount(min, value, q, rate)?);
        }
        if let Some(max) = &self.maximum {
            sum = sum.min(term_amount(max, value, q, rate)?);
        }
        Ok(sum)
    }
}

/// An [`Error::Overflow`] evaluating `rate` from `field` = `value`.
fn overflow(rate: &Rate, field: String, value: Decimal) -> Error {
    Error::overflow(
        format!("the amount of rate {:?}", echo(&rate.to_string())),
        &field,
        value,
    )
}

/// The entry field a quantity comes from: `quantities.kg[copper content]`.
pub(crate) fn quantity_field(unit: Unit, basis: Option<&str>) -> String {
    format!("quantities.{}", quantity_name(unit, basis))
}

fn need(q: &dyn QuantitySource, unit: Unit, basis: Option<&str>, rate: &Rate) -> Result<Decimal> {
    q.quantity(unit, basis)
        .ok_or_else(|| match q.overflowed(unit, basis) {
            Some((field, given)) => overflow(rate, field, given),
            None => Error::MissingQuantity {
                unit: echo(&quantity_name(unit, basis)),
                rate: echo(&rate.to_string()),
            },
        })
}

fn term_amount(t: &Term, value: Decimal, q: &dyn QuantitySource, rate: &Rate) -> Result<Decimal> {
    match t {
        Term::AdValorem { percent, basis } => {
            let (base, field) = match basis {
                None => (value, "value".to_string()),
                Some(b) => (
                    need(q, Unit::Value, Some(b), rate)?,
                    quantity_field(Unit::Value, Some(b)),
                ),
            };
            base.checked_mul(*percent)
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                .ok_or_else(|| overflow(rate, field, base))
        }
        Term::Specific {
            amount,
            per,
            unit,
            basis,
            over,
        } => {
            let given = need(q, *unit, basis.as_deref(), rate)?;
            let field = || quantity_field(*unit, basis.as_deref());
            let n = match over {
                Some(o) => given
                    .checked_sub(*o)
                    .ok_or_else(|| overflow(rate, field(), given))?
                    .max(Decimal::ZERO),
                None => given,
            };
            let per = if per.is_zero() { Decimal::ONE } else { *per };
            amount
                .checked_mul(n)
                .and_then(|x| x.checked_div(per))
                .ok_or_else(|| overflow(rate, field(), given))
        }
        Term::SugarDegrees {
            base,
            step,
            under,
            floor,
        } => {
            let kg = need(q, Unit::Kg, None, rate)?;
            let deg = need(q, Unit::Degrees, None, rate)?;
            let short = under
                .checked_sub(deg)
                .ok_or_else(|| overflow(rate, quantity_field(Unit::Degrees, None), deg))?
                .max(Decimal::ZERO);
            // base - step x short, but not less than floor: a reduction too
            // large to compute leaves the floor.
            let per_kg = step
                .checked_mul(short)
                .and_then(|r| base.checked_sub(r))
                .map_or(*floor, |p| p.max(*floor));
            per_kg
                .checked_mul(kg)
                .ok_or_else(|| overflow(rate, quantity_field(Unit::Kg, None), kg))
        }
    }
}

// ---------------------------------------------------------------- parsing

fn bad(text: &str, reason: impl Into<String>) -> Error {
    Error::InvalidRate {
        text: echo(text),
        reason: reason.into(),
    }
}

/// An [`Error::TooLarge`] for the rate `text`, saying which limit.
fn too_large(text: &str, limit: String) -> Error {
    Error::TooLarge {
        field: "rate".into(),
        value: echo(text),
        limit,
    }
}

/// A number of a rate text within [`limits::MAX_RATE_NUMBER`]; `raw` is how
/// it was written.
fn check_rate_max(n: Decimal, raw: &str, text: &str) -> Result<()> {
    if n > limits::MAX_RATE_NUMBER {
        return Err(too_large(
            text,
            format!(
                "every number of a rate at most {} ({} is larger)",
                limits::MAX_RATE_NUMBER,
                echo(raw)
            ),
        ));
    }
    Ok(())
}

/// A number of a rate text within [`limits::MAX_RATE_NUMBER`] and
/// [`limits::MAX_DECIMALS`]; `raw` is how it was written.
fn check_rate_number(n: Decimal, raw: &str, text: &str) -> Result<Decimal> {
    check_rate_max(n, raw, text)?;
    if limits::too_many_decimals(n) {
        return Err(too_large(
            text,
            format!(
                "every number of a rate with at most {} decimal places ({} has more)",
                limits::MAX_DECIMALS,
                echo(raw)
            ),
        ));
    }
    Ok(n)
}

/// `n ÷ 100` (cents to dollars), exact for the numbers a rate text may hold.
fn cents_to_dollars(n: Decimal, text: &str) -> Result<Decimal> {
    n.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| {
        too_large(
            text,
            format!("an amount of at most {}", limits::MAX_RATE_NUMBER),
        )
    })
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn parse_rate(text: &str) -> Result<Rate> {
    let s = normalise(text);
    if s.is_empty() {
        return Err(bad(text, "the rate is empty"));
    }
    let lower = s.to_ascii_lowercase();
    if lower == "free" || lower.starts_with("free,") {
        return Ok(Rate::Free);
    }
    if lower == "no change" || lower == "no change." {
        return Ok(Rate::NoChange);
    }
    // "The duty provided [for] in the applicable subheading [+|plus] [a duty of] X",
    // matched ignoring spaces (the HTS prints "inthe ... subheading+ 25%" too).
    for lead in [
        "the duty provided in the applicable subheading",
        "the duty provided for in the applicable subheading",
    ] {
        if let Some(rest) = strip_prefix_ignoring_spaces(&s, lead) {
            let rest = rest.trim();
            let rest = rest
                .strip_suffix('.')
                .filter(|r| r.trim().is_empty())
                .unwrap_or(rest);
            if rest.trim().is_empty() {
                return Ok(Rate::AdditionalTo(Expr::default()));
            }
            let rest = rest
                .strip_prefix('+')
                .or_else(|| rest.strip_prefix("plus "))
                .ok_or_else(|| bad(text, "expected '+ <rate>' after 'applicable subheading'"))?
                .trim();
            let rest = rest.strip_prefix("a duty of ").unwrap_or(rest);
            return Ok(Rate::AdditionalTo(parse_expr(rest.trim(), text)?));
        }
    }
    const REDUCED: &str = "the duty rate provided in such subheading minus";
    if let Some(rest) = lower.strip_prefix(REDUCED) {
        let rest = s[s.len() - rest.len()..].trim();
        return Ok(Rate::ReducedBy(parse_expr(rest, text)?));
    }
    if lower.starts_with("the rate applicable")
        || lower.starts_with("the rate of duty appli")
        || lower.starts_with("the duty provided in subheading")
        || lower.starts_with("see ")
        || lower.starts_with("a duty ")
    {
        return Ok(Rate::Reference(s));
    }
    Ok(Rate::Expr(parse_expr(&s, text)?))
}

/// `s` without a leading `phrase` (lower case), comparing ASCII case-insensitively
/// and ignoring spaces on both sides.
fn strip_prefix_ignoring_spaces<'a>(s: &'a str, phrase: &str) -> Option<&'a str> {
    let mut it = s.char_indices().filter(|(_, c)| *c != ' ');
    for p in phrase.chars().filter(|c| *c != ' ') {
        let (_, c) = it.next()?;
        if !c.eq_ignore_ascii_case(&p) {
            return None;
        }
    }
    match it.next() {
        Some((i, _)) => Some(&s[i..]),
        None => Some(""),
    }
}

fn parse_expr(s: &str, text: &str) -> Result<Expr> {
    let mut body = s;
    let mut minimum = None;
    let mut maximum = None;
    // Bounds come last: "... but not less than X" / "... but not more than X".
    let lower = body.to_ascii_lowercase();
    if !lower.contains(" less ") || !lower.contains("for each degree") {
        for (needle, slot) in [
            ("but not less than ", &mut minimum),
            ("but not more than ", &mut maximum),
        ] {
            let lower = body.to_ascii_lowercase();
            if let Some(i) = lower.rfind(needle) {
                let bound = body[i + needle.len()..].trim();
                *slot = Some(parse_term(bound, text)?);
                body = body[..i].trim_end().trim_end_matches(',').trim_end();
            }
        }
    }
    let mut terms = Vec::new();
    for piece in body.split('+') {
        let p = piece.trim();
        if p.is_empty() {
            return Err(bad(text, "an empty term around '+'"));
        }
        terms.push(parse_term(p, text)?);
    }
    Ok(Expr {
        terms,
        minimum,
        maximum,
    })
}

/// Reads a number at the start of `s`: digits with optional `.` decimals and
/// `,` thousands separators, and an optional fraction (`33 1/3`).
fn take_number<'a>(s: &'a str, text: &str) -> Result<(Decimal, &'a str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let raw: String = s[..end].chars().filter(|c| *c != ',').collect();
    if raw.is_empty() || raw.starts_with('.') || raw.ends_with('.') {
        return Err(bad(text, format!("expected a number at {:?}", echo(s))));
    }
    let mut n = Decimal::from_str_exact(&raw)
        .map_err(|_| bad(text, format!("bad number {:?}", echo(&raw))))?;
    check_rate_number(n, &raw, text)?;
    let mut rest = &s[end..];
    // Mixed fraction: "33 1/3".
    if let Some(frac) = rest.strip_prefix(' ') {
        if let Some(slash) = frac.find('/') {
            let (a, b) = (&frac[..slash], &frac[slash + 1..]);
            let b_end = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
            if !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b_end > 0 {
                if raw.contains('.') {
                    return Err(bad(
                        text,
                        format!(
                            "a whole number before a fraction, as in 33 1/3 ({:?} has decimals)",
                            echo(&raw)
                        ),
                    ));
                }
                let num = Decimal::from_str_exact(a).map_err(|_| bad(text, "bad fraction"))?;
                let den =
                    Decimal::from_str_exact(&b[..b_end]).map_err(|_| bad(text, "bad fraction"))?;
                check_rate_number(num, a, text)?;
                check_rate_number(den, &b[..b_end], text)?;
                if den.is_zero() {
                    return Err(bad(text, "a fraction with denominator 0"));
                }
                if den > Decimal::from(limits::MAX_FRACTION_DENOMINATOR) {
                    return Err(too_large(
                        text,
                        format!(
                            "a fraction's denominator at most {} ({} is larger)",
                            limits::MAX_FRACTION_DENOMINATOR,
                            echo(&b[..b_end])
                        ),
                    ));
                }
                let mixed = format!("{raw} {a}/{}", &b[..b_end]);
                n = num
                    .checked_div(den)
                    .and_then(|f| n.checked_add(f))
                    .ok_or_else(|| {
                        too_large(
                            text,
                            format!("a number of at most {}", limits::MAX_RATE_NUMBER),
                        )
                    })?;
                check_rate_max(n, &mixed, text)?;
                rest = &b[b_end..];
            }
        }
    }
    Ok((n, rest))
}

const UNIT_WORDS: [(&str, Unit); 23] = [
    ("clean kg", Unit::CleanKg),
    ("kg", Unit::Kg),
    ("pf. liter", Unit::ProofLiter),
    ("pf.liter", Unit::ProofLiter),
    ("proof liter", Unit::ProofLiter),
    ("liter", Unit::Liter),
    ("line/ gross", Unit::LineGross),
    ("line/gross", Unit::LineGross),
    ("gross", Unit::Gross),
    ("doz.", Unit::Dozen),
    ("doz", Unit::Dozen),
    ("pr.", Unit::Pair),
    ("lin. m", Unit::M),
    ("m2", Unit::M2),
    ("m3", Unit::M3),
    ("m", Unit::M),
    ("t", Unit::T),
    ("g", Unit::G),
    ("bbl", Unit::Barrel),
    ("head", Unit::Head),
    ("jewel", Unit::Jewel),
    ("article", Unit::Number),
    ("degree", Unit::Degrees),
];

fn parse_term(p: &str, text: &str) -> Result<Term> {
    let (amount, rest, is_money) = if let Some(r) = p.strip_prefix('$') {
        let (n, rest) = take_number(r, text)?;
        (n, rest, true)
    } else {
        let (n, rest) = take_number(p, text)?;
        if let Some(r) = rest.strip_prefix('%') {
            let basis = qualifier(r.trim(), text, &["on ", "upon "])?;
            return Ok(Term::AdValorem { percent: n, basis });
        }
        if let Some(r) = rest.strip_prefix(" percent of the ") {
            return Ok(Term::AdValorem {
                percent: n,
                basis: Some(basis_text(r, text)?),
            });
        }
        if let Some(r) = rest.strip_prefix(" percent") {
            if r.trim().is_empty() {
                return Ok(Term::AdValorem {
                    percent: n,
                    basis: None,
                });
            }
        }
        match rest.strip_prefix('¢') {
            Some(r) => (cents_to_dollars(n, text)?, r, true),
            None => return Err(bad(text, format!("expected %, ¢ or $ in {:?}", echo(p)))),
        }
    };
    debug_assert!(is_money);
    let rest = rest.trim_start_matches(' ');
    let lower = rest.to_ascii_lowercase();
    if let Some(r) = lower.strip_prefix("each") {
        let tail = rest[rest.len() - r.len()..].trim();
        let basis = qualifier(tail, text, &["on ", "of "])?;
        return Ok(Term::Specific {
            amount,
            per: Decimal::ONE,
            unit: Unit::Number,
            basis,
            over: None,
        });
    }
    if lower.starts_with("for each other piece") {
        return Err(bad(text, "per-piece movement rates are not supported"));
    }
    let r = rest
        .strip_prefix('/')
        .ok_or_else(|| {
            bad(
                text,
                format!(
                    "expected '/unit' or 'each' after the amount in {:?}",
                    echo(p)
                ),
            )
        })?
        .trim_start();
    // "/1000", "/1,000 pins"
    let rl0 = r.to_ascii_lowercase();
    if let Some(tail) = ["thousand", "thou- sand"]
        .iter()
        .find_map(|w| rl0.strip_prefix(w))
    {
        if !tail.trim().is_empty() {
            return Err(bad(
                text,
                format!("unexpected {:?} after /thousand", echo(tail.trim())),
            ));
        }
        return Ok(Term::Specific {
            amount,
            per: Decimal::from(1000),
            unit: Unit::Number,
            basis: None,
            over: None,
        });
    }
    if r.starts_with(|c: char| c.is_ascii_digit()) {
        let (per, tail) = take_number(r, text)?;
        if per.is_zero() {
            return Err(bad(text, "a rate per 0 units"));
        }
        if per < limits::MIN_RATE_PER {
            return Err(too_large(
                text,
                format!(
                    "a rate per at least {} units (/{} is per fewer)",
                    limits::MIN_RATE_PER,
                    per.normalize()
                ),
            ));
        }
        let tail = tail.trim();
        let tail = tail.strip_prefix("pins").unwrap_or(tail).trim();
        if !tail.is_empty() {
            return Err(bad(
                text,
                format!("unexpected {:?} after /{per}", echo(tail)),
            ));
        }
        return Ok(Term::Specific {
            amount,
            per,
            unit: Unit::Number,
            basis: None,
            over: None,
        });
    }
    let rl = r.to_ascii_lowercase();
    let (unit, after) = UNIT_WORDS
        .iter()
        .find(|(w, _)| {
            rl.starts_with(w) && {
                let next = rl[w.len()..].chars().next();
                w.ends_with(|c: char| !c.is_ascii_alphabetic())
                    || next.map_or(true, |c| !c.is_ascii_alphabetic())
            }
        })
        .map(|(w, u)| (*u, &r[w.len()..]))
        .ok_or_else(|| bad(text, format!("unknown unit in {:?}", echo(p))))?;
    let tail = after.trim();
    let tl = tail.to_ascii_lowercase();
    if unit == Unit::Kg && tl.starts_with("less ") {
        return parse_sugar(amount, tail, text);
    }
    if let Some(o) = tl.strip_prefix("over ") {
        let (n, t) = take_number(o.trim(), text)?;
        if !t.trim().is_empty() {
            return Err(bad(text, format!("unexpected {:?}", echo(t))));
        }
        return Ok(Term::Specific {
            amount,
            per: Decimal::ONE,
            unit,
            basis: None,
            over: Some(n),
        });
    }
    let basis = qualifier(tail, text, &["on ", "of ", ", ", ""])?;
    Ok(Term::Specific {
        amount,
        per: Decimal::ONE,
        unit,
        basis,
        over: None,
    })
}

/// A qualifier after a term: `on drained weight` -> `drained weight`,
/// `on the case` -> `case`, `, including weight of container` ->
/// `including weight of container`.
fn qualifier(tail: &str, text: &str, leads: &[&str]) -> Result<Option<String>> {
    let t = tail.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for lead in leads {
        if let Some(r) = t.strip_prefix(lead) {
            if r.trim().trim_start_matches("the ").trim().is_empty() {
                break;
            }
            return basis_text(r, text).map(Some);
        }
    }
    Err(bad(text, format!("unexpected {:?}", echo(t))))
}

/// The basis of a term (`copper content`, `case`) as plain words: no
/// control character and none of the rate syntax (`+`, `%`, `¢`, `$`, `but
/// not`), which would make the rate's text read back as other terms (the
/// fuzz target `rate` found `… on x + 4.4% …` taken whole as a basis).
fn basis_text(b: &str, text: &str) -> Result<String> {
    // Every leading "the " and ", " goes, as the reading of its display
    // would drop them (`on the the case` is the basis `case`).
    let mut b = b.trim();
    while let Some(r) = b.strip_prefix("the ").or_else(|| b.strip_prefix(", ")) {
        b = r.trim();
    }
    // Commas at its end belong to the separator that follows (`…, but not
    // less than`), as the reading of its display would take them.
    let b = b.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    if b.is_empty() {
        return Err(bad(
            text,
            "a basis of plain words after `on`, `of` or `the`",
        ));
    }
    if let Some(c) = b
        .chars()
        .find(|c| c.is_control() || matches!(c, '+' | '%' | '¢' | '$'))
    {
        return Err(bad(
            text,
            format!("a basis of plain words, without {c:?} ({:?})", echo(b)),
        ));
    }
    if b.to_ascii_lowercase().contains("but not") {
        return Err(bad(
            text,
            format!(
                "a basis of plain words, without \"but not\" ({:?})",
                echo(b)
            ),
        ));
    }
    Ok(b.to_string())
}

fn parse_sugar(base: Decimal, tail: &str, text: &str) -> Result<Term> {
    // "less 0.020¢/kg for each degree under 100 degrees (and fractions of a
    //  degree in proportion) but not less than 0.9¢/kg"
    let bad_form = || bad(text, "unrecognised sugar-degree form");
    let r = tail.strip_prefix("less ").ok_or_else(bad_form)?;
    let cents = |s: &str| -> Result<(Decimal, String)> {
        let s = s.trim();
        let (n, rest) = take_number(s, text)?;
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('¢').ok_or_else(bad_form)?;
        let rest = rest
            .trim_start()
            .strip_prefix("/")
            .ok_or_else(bad_form)?
            .trim_start();
        let rest = rest.strip_prefix("kg").ok_or_else(bad_form)?;
        Ok((cents_to_dollars(n, text)?, rest.to_string()))
    };
    let (step, rest) = cents(r)?;
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("for each degree under ")
        .ok_or_else(bad_form)?;
    let (under, rest) = take_number(rest, text)?;
    let i = rest.find("not less").ok_or_else(bad_form)?;
    let rest = &rest[i + "not less".len()..];
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("than").unwrap_or(rest);
    let (floor, rest) = cents(rest)?;
    if !rest.trim().is_empty() {
        return Err(bad_form());
    }
    Ok(Term::SugarDegrees {
        base,
        step,
        under,
        floor,
    })
}

// ---------------------------------------------------------------- display

/// A number of a rate as its text reads: `33 1/3` for the number a mixed
/// fraction made (more decimals than [`limits::MAX_DECIMALS`], within a
/// hair of `whole + num/den` with `den` at most
/// [`limits::MAX_FRACTION_DENOMINATOR`]), so that the text parses back to
/// the same number; otherwise the decimal, trailing zeros dropped.
struct Num(Decimal);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0.normalize();
        match as_mixed_fraction(x) {
            Some((whole, num, den)) => write!(f, "{whole} {num}/{den}"),
            None => write!(f, "{x}"),
        }
    }
}

/// `(whole, num, den)` with `0 < num < den <= MAX_FRACTION_DENOMINATOR` when
/// `x` (positive, with more than [`limits::MAX_DECIMALS`] decimals) is
/// `whole + num/den` to within 1e-15 of a unit of `1/den` (the fraction's
/// division rounds at 28 digits; a cent amount is that divided by 100).
fn as_mixed_fraction(x: Decimal) -> Option<(Decimal, u32, u32)> {
    if x.is_sign_negative() || x.scale() <= limits::MAX_DECIMALS {
        return None;
    }
    let whole = x.trunc();
    let frac = x - whole;
    let tolerance = Decimal::new(1, 15);
    (2..=limits::MAX_FRACTION_DENOMINATOR).find_map(|den| {
        let scaled = frac.checked_mul(Decimal::from(den))?;
        let num = scaled.round();
        if (scaled - num).abs() > tolerance {
            return None;
        }
        let num = u32::try_from(num.trunc().mantissa()).ok()?;
        (num > 0 && num < den).then_some((whole, num, den))
    })
}

/// An amount in cents below $1 (`2.2¢`), in dollars from $1 (`$1.035`); in
/// cents also when only cents read back (`1244.381283817¢` is
/// $12.44381283817, two decimals too many for dollars; `1212 5/108¢` is no
/// fraction of a small denominator in dollars).
fn fmt_money(f: &mut fmt::Formatter<'_>, amount: Decimal) -> fmt::Result {
    let reads_back =
        |x: Decimal| !limits::too_many_decimals(x) || as_mixed_fraction(x.normalize()).is_some();
    match amount.checked_mul(Decimal::ONE_HUNDRED) {
        Some(c)
            if !amount.is_zero()
                && (amount < Decimal::ONE || (!reads_back(amount) && reads_back(c))) =>
        {
            write!(f, "{}¢", Num(c))
        }
        _ => write!(f, "${}", Num(amount)),
    }
}

/// An amount per kg in cents (`0.020¢/kg`); in dollars if it is too large
/// for cents (only a term built by hand can be).
fn fmt_cents_per_kg(f: &mut fmt::Formatter<'_>, amount: Decimal) -> fmt::Result {
    match amount.checked_mul(Decimal::ONE_HUNDRED) {
        Some(c) => write!(f, "{}¢/kg", Num(c)),
        None => write!(f, "${}/kg", Num(amount)),
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::AdValorem { percent, basis } => {
                write!(f, "{}%", Num(*percent))?;
                if let Some(b) = basis {
                    write!(f, " on the {b}")?;
                }
                Ok(())
            }
            Term::Specific {
                amount,
                per,
                unit,
                basis,
                over,
            } => {
                fmt_money(f, *amount)?;
                if *per != Decimal::ONE {
                    write!(f, "/{}", Num(*per))?;
                } else {
                    f.write_str(unit.rate_text())?;
                }
                if let Some(o) = over {
                    write!(f, " over {}", Num(*o))?;
                }
                if let Some(b) = basis {
                    write!(f, " on {b}")?;
                }
                Ok(())
            }
            Term::SugarDegrees {
                base,
                step,
                under,
                floor,
            } => {
                fmt_money(f, *base)?;
                f.write_str("/kg less ")?;
                fmt_cents_per_kg(f, *step)?;
                write!(
                    f,
                    " for each degree under {} degrees (and fractions of a degree in proportion) but not less than ",
                    Num(*under)
                )?;
                fmt_cents_per_kg(f, *floor)
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{t}")?;
        }
        if let Some(m) = &self.minimum {
            write!(f, ", but not less than {m}")?;
        }
        if let Some(m) = &self.maximum {
            write!(f, ", but not more than {m}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rate::Free => f.write_str("Free"),
            Rate::NoChange => f.write_str("No change"),
            Rate::Expr(e) => write!(f, "{e}"),
            Rate::AdditionalTo(e) if e.terms.is_empty() => {
                f.write_str("The duty provided in the applicable subheading")
            }
            Rate::AdditionalTo(e) => {
                write!(f, "The duty provided in the applicable subheading + {e}")
            }
            Rate::ReducedBy(e) => write!(f, "The duty rate provided in such subheading minus {e}"),
            Rate::Reference(t) => f.write_str(t),
        }
    }
}

impl FromStr for Rate {
    type Err = Error;
    fn from_str(s: &str) -> Result<Rate> {
        Rate::parse(s)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Rate, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------- special column

/// One group of the column 1 special rates: a rate and the program codes
/// (`A`, `A+`, `AU`, `S`, `S+`...) that grant it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialRate {
    /// The preferential rate.
    pub rate: Rate,
    /// The program codes, as printed (`A*`, `A+`, `S`...).
    pub programs: Vec<String>,
}

/// Parses a column 1 special text such as
/// `Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG) 3.5% (JO)`.
///
/// ```
/// let s = tariffs::rate::parse_special("Free (AU,S) 2.1% (KR)").unwrap();
/// assert_eq!(s.len(), 2);
/// assert_eq!(s[1].programs, vec!["KR".to_string()]);
/// ```
///
/// # Errors
///
/// [`Error::InvalidRate`] (the whole text) when a group has no `(` with
/// program codes or its `(` is not closed; the errors of [`Rate::parse`]
/// for a group's rate.
pub fn parse_special(text: &str) -> Result<Vec<SpecialRate>> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest
            .find('(')
            .ok_or_else(|| bad(text, "expected '(' with program codes"))?;
        let close = rest[open..]
            .find(')')
            .map(|i| i + open)
            .ok_or_else(|| bad(text, "unclosed '('"))?;
        let rate = Rate::parse(&rest[..open])?;
        let programs: Vec<String> = rest[open + 1..close]
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        out.push(SpecialRate { rate, programs });
        rest = rest[close + 1..].trim_start_matches([' ', ',', ';']).trim();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Quantities;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn amt(rate: &str, value: &str, q: &Quantities) -> Decimal {
        Rate::parse(rate).unwrap().amount(d(value), q).unwrap()
    }

    #[test]
    fn ad_valorem() {
        // 6.5% of $1,000 = $65.
        assert_eq!(amt("6.5%", "1000", &Quantities::new()), d("65"));
        // 33 1/3% of $300 = $100.
        assert_eq!(
            amt("33 1/3%", "300", &Quantities::new()).round_dp(10),
            d("100")
        );
    }

    #[test]
    fn specific_forms() {
        let q = Quantities::new()
            .with(Unit::Kg, d("10"))
            .with(Unit::Number, d("2400"))
            .with(Unit::Liter, d("100"));
        // 2.2 cents/kg x 10 kg = 22 cents.
        assert_eq!(amt("2.2¢/kg", "1", &q), d("0.22"));
        // 0.9 cents each x 2400 = $21.60.
        assert_eq!(amt("0.9¢ each", "1", &q), d("21.6"));
        // 89.6 cents per 1000 x 2400 = $2.1504.
        assert_eq!(amt("89.6¢/1000", "1", &q), d("2.1504"));
        // 2.8 cents per dozen, 2400 articles = 200 dozen -> $5.60.
        assert_eq!(amt("2.8¢/doz.", "1", &q), d("5.6"));
        // 0.34 cents/liter x 100 liters = 34 cents.
        assert_eq!(amt("0.34¢/liter", "1", &q), d("0.34"));
        // $2 per 1,000 x 2400 + 60% of $10 = 4.80 + 6.
        assert_eq!(amt("$2/1,000 + 60%", "10", &q), d("10.8"));
    }

    #[test]
    fn compound() {
        let q = Quantities::new().with(Unit::Kg, d("2"));
        // 46.3 cents/kg x 2 kg + 14.9% x $50 = 0.926 + 7.45 = 8.376.
        assert_eq!(amt("46.3¢/kg + 14.9%", "50", &q), d("8.376"));
    }

    #[test]
    fn missing_quantity_names_the_unit() {
        let e = Rate::parse("$1.035/kg + 17%")
            .unwrap()
            .amount(d("10"), &Quantities::new())
            .unwrap_err();
        assert_eq!(
            e,
            Error::MissingQuantity {
                unit: "kg".into(),
                rate: "$1.035/kg + 17%".into()
            }
        );
        let e = Rate::parse("1.7¢/kg on copper content")
            .unwrap()
            .amount(d("10"), &Quantities::new().with(Unit::Kg, d("3")))
            .unwrap_err();
        assert!(e.to_string().contains("kg[copper content]"), "{e}");
    }

    #[test]
    fn chapter_99_forms() {
        assert_eq!(
            Rate::parse("The duty provided in the applicable subheading + 25%").unwrap(),
            Rate::AdditionalTo(Expr {
                terms: vec![Term::AdValorem {
                    percent: d("25"),
                    basis: None
                }],
                ..Expr::default()
            })
        );
        let r = Rate::parse("The duty provided in the applicable subheading").unwrap();
        assert_eq!(r.amount(d("100"), &()).unwrap(), Decimal::ZERO);
        assert_eq!(Rate::parse("No change").unwrap(), Rate::NoChange);
    }

    #[test]
    fn sugar_degree_form() {
        let r = Rate::parse("1.4¢/kg less 0.020¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 0.9¢/kg").unwrap();
        // At 96 degrees: 1.4 - 4 x 0.02 = 1.32 cents/kg; 1000 kg -> $13.20.
        let q = Quantities::new()
            .with(Unit::Kg, d("1000"))
            .with(Unit::Degrees, d("96"));
        assert_eq!(r.amount(d("1"), &q).unwrap(), d("13.2"));
        // At 50 degrees the floor 0.9 cents/kg applies: $9.00.
        let q = Quantities::new()
            .with(Unit::Kg, d("1000"))
            .with(Unit::Degrees, d("50"));
        assert_eq!(r.amount(d("1"), &q).unwrap(), d("9"));
    }

    #[test]
    fn jewel_over_and_parts() {
        let r = Rate::parse("57¢ each + 3.7¢/jewel over 7 + 4.9% on the case").unwrap();
        let q = Quantities::new()
            .with(Unit::Number, d("10"))
            .with(Unit::Jewel, d("17"))
            .with_basis(Unit::Value, "case", d("100"));
        // 10 x 0.57 + (17-7) x 0.037 + 4.9% x 100 = 5.70 + 0.37 + 4.90 = 10.97.
        assert_eq!(r.amount(d("1000"), &q).unwrap(), d("10.97"));
    }

    #[test]
    fn references_are_recognised_not_evaluated() {
        let r = Rate::parse("The rate applicable to the natural juice in heading 2009").unwrap();
        assert!(matches!(r, Rate::Reference(_)));
        assert!(r.amount(d("1"), &()).is_err());
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "abc",
            "5",
            "5% /",
            "$",
            "¢/kg",
            "5¢/furlong",
            "5% + ",
            "+",
        ] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn special_column_with_a_cross_reference_keeps_the_other_groups() {
        // Seen in 2026 HTS dairy lines: one group refers to Chapter 98.
        let s = parse_special("Free (A+,CL,KR,S) See 9822.04.01-9822.04.03 (AU)").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].programs.contains(&"KR".to_string()));
        assert!(matches!(s[1].rate, Rate::Reference(_)));
    }

    #[test]
    fn special_column() {
        let s = parse_special("Free (A+,AU,BH, CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].rate, Rate::Free);
        assert!(s[0].programs.contains(&"S".to_string()));
        assert!(s[0].programs.contains(&"CL".to_string()));
    }
}
