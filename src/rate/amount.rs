//! Exact evaluation of a rate: [`Rate::amount`] on a customs value and the
//! quantities of a [`QuantitySource`], with the errors that name the
//! missing quantity or the input an overflow came from. Nothing is rounded
//! here: the engine rounds each duty line to the cent.

use super::{quantity_field, quantity_name, Expr, QuantitySource, Rate, Term, Unit};
use crate::error::{Error, Result};
use crate::limits::echo;
use rust_decimal::Decimal;

impl Rate {
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
}
