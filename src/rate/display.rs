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
