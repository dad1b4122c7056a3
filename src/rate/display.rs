//! A rate written back as text: `Display` for [`Term`], [`Expr`] and
//! [`Rate`], in the USITC forms, such that the text parses back to the same
//! rate (amounts in cents below $1, mixed fractions such as `33 1/3`).

use super::{Expr, Rate, Term, Unit};
use crate::limits;
use rust_decimal::Decimal;
use std::fmt;

impl Unit {
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

/// A term as a quote line shows it: as its rate text, except the
/// sugar-degree form, which is shortened (`1.4¢/kg less 0.02¢/kg per
/// degree under 100 (min 0.9¢/kg)`).
struct ShortTerm<'a>(&'a Term);

impl fmt::Display for ShortTerm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Term::SugarDegrees {
                base,
                step,
                under,
                floor,
            } => {
                fmt_money(f, *base)?;
                f.write_str("/kg less ")?;
                fmt_cents_per_kg(f, *step)?;
                write!(f, " per degree under {} (min ", Num(*under))?;
                fmt_cents_per_kg(f, *floor)?;
                f.write_str(")")
            }
            t => write!(f, "{t}"),
        }
    }
}

/// An expression as a quote line shows it: the terms added, the bounds
/// in parentheses (`5% (min $1/kg, max 9%)`), `0%` for no term.
struct ShortExpr<'a>(&'a Expr);

impl fmt::Display for ShortExpr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        if e.terms.is_empty() {
            f.write_str("0%")?;
        }
        for (i, t) in e.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{}", ShortTerm(t))?;
        }
        match (&e.minimum, &e.maximum) {
            (Some(lo), Some(hi)) => write!(f, " (min {}, max {})", ShortTerm(lo), ShortTerm(hi)),
            (Some(lo), None) => write!(f, " (min {})", ShortTerm(lo)),
            (None, Some(hi)) => write!(f, " (max {})", ShortTerm(hi)),
            (None, None) => Ok(()),
        }
    }
}

impl Rate {
    /// The rate in the short form a quote line shows, made from the parsed
    /// rate (not from its text): `16.5%`, `Free`, `$1.035/kg + 17%`,
    /// `5% (min $1/kg)`; a Chapter 99 rate as what it adds to the base
    /// duty, `+25%` for `The duty provided in the applicable subheading +
    /// 25%` and `+0%` for the heading alone or `No change`; a reduction as
    /// `-0.5%`. A reference (`See additional U.S. note 2`) is its text.
    ///
    /// [`Display`](fmt::Display) gives the legal form instead, which parses
    /// back to the same rate.
    ///
    /// ```
    /// use tariffs::Rate;
    /// let r: Rate = "The duty provided in the applicable subheading + 20%".parse().unwrap();
    /// assert_eq!(r.short_text(), "+20%");
    /// assert_eq!(r.to_string(), "The duty provided in the applicable subheading + 20%");
    /// let r: Rate = "6%, but not less than 1.5¢/kg".parse().unwrap();
    /// assert_eq!(r.short_text(), "6% (min 1.5¢/kg)");
    /// ```
    pub fn short_text(&self) -> String {
        match self {
            Rate::Free => "Free".to_string(),
            Rate::NoChange => "+0%".to_string(),
            Rate::Expr(e) => ShortExpr(e).to_string(),
            Rate::AdditionalTo(e) => format!("+{}", ShortExpr(e)),
            Rate::ReducedBy(e) => format!("-{}", ShortExpr(e)),
            Rate::Reference(t) => t.clone(),
        }
    }

    /// The rate as an additional duty (a measure's rate) shows on a quote
    /// line: what it adds to the base duty, `+` and the
    /// [short form](Rate::short_text). A plain rate and the same rate
    /// written as a Chapter 99 heading add the same duty and read the same:
    /// `25%` and `The duty provided in the applicable subheading + 25%`
    /// are both `+25%`; `Free`, `No change` and the heading alone are
    /// `+0%`. A reduction or a reference reads as in
    /// [`Rate::short_text`].
    ///
    /// ```
    /// use tariffs::Rate;
    /// let plain: Rate = "25%".parse().unwrap();
    /// let heading: Rate = "The duty provided in the applicable subheading + 25%".parse().unwrap();
    /// assert_eq!(plain.additional_text(), "+25%");
    /// assert_eq!(heading.additional_text(), "+25%");
    /// let r: Rate = "$1.035/kg + 17%".parse().unwrap();
    /// assert_eq!(r.additional_text(), "+$1.035/kg + 17%");
    /// let r: Rate = "The duty provided in the applicable subheading".parse().unwrap();
    /// assert_eq!(r.additional_text(), "+0%");
    /// ```
    pub fn additional_text(&self) -> String {
        match self {
            Rate::Free | Rate::NoChange => "+0%".to_string(),
            Rate::Expr(e) | Rate::AdditionalTo(e) => format!("+{}", ShortExpr(e)),
            Rate::ReducedBy(_) | Rate::Reference(_) => self.short_text(),
        }
    }
}
