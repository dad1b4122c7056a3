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
//!
//! This module owns the types: [`Unit`], [`QuantitySource`], [`Term`],
//! [`Expr`] and [`Rate`] (with its `FromStr` and serde forms). The work is
//! in private submodules: `parse` reads a rate text, `amount` evaluates a
//! rate exactly ([`Rate::amount`]), `display` writes a rate back as text
//! that parses to the same rate, and `special` reads the column 1 special
//! texts ([`parse_special`], [`SpecialRate`]).

mod amount;
mod display;
mod parse;
mod special;

pub use special::{parse_special, SpecialRate};

use crate::error::{Error, Result};
use crate::limits;
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
        parse::parse_rate(text)
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

/// The entry field a quantity comes from: `quantities.kg[copper content]`.
pub(crate) fn quantity_field(unit: Unit, basis: Option<&str>) -> String {
    format!("quantities.{}", quantity_name(unit, basis))
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
