//! Phase 2 of a quote, steps 6 to 8: the amount of every step of a plan for
//! the entry's value and quantities, rounded to the cent, and the totals.

use super::model::Importer;
use super::money::{
    cents, checked_sum, div100, fee_amount, fee_cents, money, percent_cents, rate6,
};
use super::plan::{BaseChoice, How, RawLine, Scratch, Src, Step};
use super::MFN;
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::quote::LineKind;
use crate::rate::QuantitySource;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The amounts of one evaluated entry (what a batch row needs).
pub(crate) struct Summary {
    pub(crate) value: Decimal,
    pub(crate) duty: Decimal,
    pub(crate) fees: Decimal,
    pub(crate) total: Decimal,
    pub(crate) effective_rate: Decimal,
}

impl Summary {
    /// The amounts of a row that failed.
    pub(crate) fn zero() -> Summary {
        Summary {
            value: Decimal::ZERO,
            duty: Decimal::ZERO,
            fees: Decimal::ZERO,
            total: Decimal::ZERO,
            effective_rate: Decimal::ZERO,
        }
    }
}

impl Importer {
    /// Phase 2: the amount of every step (into `lines`, one per step) and the
    /// totals, for the customs value `value` (importer's currency) and the
    /// quantities `q`.
    pub(super) fn amounts(
        &self,
        steps: &[Step],
        value: Decimal,
        q: &dyn QuantitySource,
        lines: &mut Vec<RawLine>,
    ) -> Result<Summary> {
        lines.clear();
        // Every amount is a whole number of cents (scale 2), or its step
        // fails with an overflow error: the sums are exact in cents.
        let (mut duty_c, mut fees_c) = (0i128, 0i128);
        let sum_overflow = |what: &str| Error::overflow(what, "value", value);
        for st in steps {
            let amount = self
                .step_amount(st, value, q, lines)
                .map_err(|e| self.on_line(e, st))?;
            debug_assert_eq!(amount.scale(), 2);
            let c = amount.mantissa();
            match st.kind {
                LineKind::Base | LineKind::Additional => {
                    duty_c = duty_c
                        .checked_add(c)
                        .ok_or_else(|| sum_overflow("the duty (the sum of the duty lines)"))?
                }
                LineKind::Fee => {
                    fees_c = fees_c
                        .checked_add(c)
                        .ok_or_else(|| sum_overflow("the fees (the sum of the fee lines)"))?
                }
                LineKind::Exemption => {}
            }
            lines.push(RawLine {
                src: st.src,
                amount,
            });
        }
        let duty =
            cents(duty_c).ok_or_else(|| sum_overflow("the duty (the sum of the duty lines)"))?;
        let fees =
            cents(fees_c).ok_or_else(|| sum_overflow("the fees (the sum of the fee lines)"))?;
        let total = duty_c
            .checked_add(fees_c)
            .and_then(cents)
            .ok_or_else(|| sum_overflow("the total (duty + fees)"))?;
        Ok(Summary {
            value,
            duty,
            fees,
            total,
            effective_rate: rate6(duty, value)?,
        })
    }

    /// The amount of one step, rounded to the cent (scale 2); `lines` holds
    /// the amounts of the steps before it (a floor counts some of them).
    /// An overflow names its input; [`Importer::on_line`] adds the line.
    pub(super) fn step_amount(
        &self,
        st: &Step,
        value: Decimal,
        q: &dyn QuantitySource,
        lines: &[RawLine],
    ) -> Result<Decimal> {
        let of_value = || Error::overflow("", "value", value);
        match st.how {
            How::Zero => Ok(Decimal::new(0, 2)),
            How::Percent(p, r) => match percent_cents(value, p).and_then(cents) {
                Some(a) => Ok(a),
                None => money(r.amount(value, q)?).ok_or_else(of_value),
            },
            How::Rate(r) => {
                let a = r.amount(value, q)?;
                money(a).ok_or_else(|| {
                    // The input of the rate: its first quantity, else the value.
                    let (field, v) = r
                        .needs()
                        .into_iter()
                        .find_map(|(u, b)| {
                            let n = q.quantity(u, b)?;
                            Some((
                                format!("quantities.{}", crate::rate::quantity_name(u, b)),
                                n,
                            ))
                        })
                        .unwrap_or_else(|| ("value".into(), value));
                    Error::overflow("", &field, v)
                })
            }
            How::Floor(pct, counts) => {
                let counted = checked_sum(lines.iter().filter_map(|l| {
                    let auth: &str = match l.src {
                        Src::Base => MFN,
                        Src::Measure(j) => &self.measures[j as usize].authority,
                        _ => return None,
                    };
                    counts.iter().any(|c| c == auth).then_some(l.amount)
                }))
                .ok_or_else(of_value)?;
                let floor = div100(value.checked_mul(pct).ok_or_else(of_value)?);
                let rest = floor.checked_sub(counted).ok_or_else(of_value)?;
                money(rest.max(Decimal::ZERO)).ok_or_else(of_value)
            }
            How::Fee(f) => {
                match f
                    .cents
                    .and_then(|b| fee_cents(value, f.percent, b))
                    .and_then(cents)
                {
                    Some(a) => Ok(a),
                    None => fee_amount(value, f.percent, f.minimum, f.maximum, f.flat)
                        .and_then(money)
                        .ok_or_else(of_value),
                }
            }
        }
    }

    /// An overflow error of step `st` names the line: kind, authority and id.
    pub(super) fn on_line(&self, e: Error, st: &Step) -> Error {
        let Error::Overflow { what, field, value } = e else {
            return e;
        };
        let id = match st.src {
            Src::Base => None,
            Src::Measure(i) => Some(&self.measures[i as usize].id),
            Src::Exemption(i) => Some(&self.exemptions[i as usize].id),
            Src::Fee(i) => Some(&self.fees[i as usize].id),
        };
        let line = format!(
            "the {} line of {}{}",
            st.kind,
            self.authority_of(st.src),
            id.map(|i| format!(" ({i})")).unwrap_or_default()
        );
        Error::Overflow {
            what: if what.is_empty() {
                line
            } else {
                format!("{what} on {line}")
            },
            field,
            value,
        }
    }

    /// Both phases for one entry: what a single quote runs.
    pub(super) fn evaluate<'a>(
        &'a self,
        e: &Entry,
        s: &mut Scratch<'a>,
        explain: bool,
    ) -> Result<(Summary, Option<BaseChoice<'a>>)> {
        let value = self.customs_value(e)?;
        let info = self.code_info(e.code);
        let choice = self.structure(e, value, &info, s, explain)?;
        let q = QuantitiesIn {
            entry: e,
            rate: self.quantity_rate(e),
        };
        let sum = self.amounts(&s.steps, value, &q, &mut s.lines)?;
        Ok((sum, choice))
    }

    /// The factor from the entry's currency to the importer's, for `value[...]` quantities.
    pub(super) fn quantity_rate(&self, e: &Entry) -> Decimal {
        if e.currency.is_some_and(|c| c != self.currency) {
            e.exchange_rate.unwrap_or(Decimal::ONE)
        } else {
            Decimal::ONE
        }
    }

    /// The authority of a raw line's source.
    pub(super) fn authority_of(&self, src: Src) -> &Arc<str> {
        match src {
            Src::Base => &self.mfn,
            Src::Measure(i) => &self.measures[i as usize].authority,
            Src::Exemption(i) => &self.exemptions[i as usize].authority,
            Src::Fee(i) => &self.fees[i as usize].authority,
        }
    }
}

/// Quantities of an entry with component values converted to the importer's currency.
pub(super) struct QuantitiesIn<'a> {
    pub(super) entry: &'a Entry,
    pub(super) rate: Decimal,
}

impl crate::rate::QuantitySource for QuantitiesIn<'_> {
    fn quantity(&self, unit: crate::rate::Unit, basis: Option<&str>) -> Option<Decimal> {
        let q = self.entry.quantities.quantity(unit, basis)?;
        if unit == crate::rate::Unit::Value {
            q.checked_mul(self.rate)
        } else {
            Some(q)
        }
    }

    fn overflowed(
        &self,
        unit: crate::rate::Unit,
        basis: Option<&str>,
    ) -> Option<(String, Decimal)> {
        let q = self.entry.quantities.quantity(unit, basis);
        match q {
            Some(q) if unit == crate::rate::Unit::Value && q.checked_mul(self.rate).is_none() => {
                Some((crate::rate::quantity_field(unit, basis), q))
            }
            Some(_) => None,
            None => self.entry.quantities.overflowed(unit, basis),
        }
    }
}
