//! Money arithmetic of steps 6 to 8: amounts rounded to the cent (half away
//! from zero), the integer-cent fast paths of percent rates and fees, and the
//! effective rate to six places. Every fast path equals the decimal formula
//! it replaces (see the property tests).

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds a money amount to the cent, half away from zero.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(tariffs::round_money(Decimal::new(1005, 3)).to_string(), "1.01");
/// assert_eq!(tariffs::round_money(Decimal::new(1004, 3)).to_string(), "1.00");
/// ```
///
/// An amount of about 7.9 x 10^26 or more cannot carry two decimals in a
/// `Decimal`: it is returned with fewer. The engine never does that: it
/// uses the checked form, and fails with [`Error::Overflow`] instead.
#[inline]
pub fn round_money(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// [`round_money`], `None` when the amount cannot carry its cents.
#[inline]
pub(super) fn money(d: Decimal) -> Option<Decimal> {
    let r = round_money(d);
    (r.scale() == 2).then_some(r)
}

/// A whole number of cents as an amount at scale 2, `None` past the decimal range.
#[inline]
pub(super) fn cents(c: i128) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(c, 2).ok()
}

/// `d ÷ 100`, exact: a change of scale when it fits, else a division (which
/// cannot overflow: the magnitude only shrinks).
#[inline]
pub(super) fn div100(d: Decimal) -> Decimal {
    if d.scale() <= 26 {
        let mut r = d;
        // Cannot fail: the scale stays within 28.
        let _ = r.set_scale(d.scale() + 2);
        r
    } else {
        d / Decimal::ONE_HUNDRED
    }
}

/// Powers of ten that fit in a `u64`.
pub(super) const POW10: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `n ÷ d` rounded half up, for the non-negative 64-bit case.
#[inline]
pub(super) fn div_round_u64(n: u64, d: u64) -> u64 {
    let (q, r) = (n / d, n % d);
    if r >= d - r {
        q + 1
    } else {
        q
    }
}

/// `value x percent ÷ 100` rounded to the cent, half away from zero, in
/// integer arithmetic; `None` when the numbers are too large for it (the
/// caller then uses [`Rate::amount`]). Equal to
/// `round_money(value * percent / 100)` whenever it returns. Within the
/// limits of [`crate::limits`] (10^15 with 9 decimals, 10^5 % with 9
/// decimals) the product has at most 38 digits: the 128-bit path is exact
/// to the cent where `Decimal` arithmetic (28 digits) would round first.
#[inline]
pub(super) fn percent_cents(value: Decimal, percent: Decimal) -> Option<i128> {
    // value x percent / 100 in cents is value x percent itself:
    // (vm x pm) / 10^(vs + ps), rounded.
    let shift = value.scale() + percent.scale();
    let (vm, pm) = (value.mantissa(), percent.mantissa());
    if let (Ok(v), Ok(p), Some(&d)) = (
        u64::try_from(vm),
        u64::try_from(pm),
        POW10.get(shift as usize),
    ) {
        // The common case (a value and a rate of a few digits): 64 bits.
        if let Some(n) = v.checked_mul(p) {
            return Some(i128::from(div_round_u64(n, d)));
        }
    }
    let n = vm.checked_mul(pm)?;
    if shift > 30 {
        return None;
    }
    let d = 10i128.pow(shift);
    let (q, r) = (n / d, n % d);
    let q = if 2 * r.abs() >= d { q + n.signum() } else { q };
    Some(q)
}

/// A percent fee in whole cents without decimal arithmetic, when its
/// minimum, maximum and flat amount are whole cents. Exact: the value, the
/// percent and those amounts are never negative, and rounding half up is
/// monotone and leaves whole cents alone, so rounding the percent part
/// before clamping it and adding the flat amount gives the same cents.
///
/// Absent bounds are `i64::MIN` and `i64::MAX`: a percent part beyond 64
/// bits takes the decimal path, so that no bound is made up for it.
#[inline]
pub(super) fn fee_cents(
    value: Decimal,
    percent: Option<Decimal>,
    (lo, hi, flat): (i64, i64, i64),
) -> Option<i128> {
    let part = match percent {
        Some(p) => i64::try_from(percent_cents(value, p)?).ok()?.clamp(lo, hi),
        None => 0,
    };
    i128::from(part).checked_add(i128::from(flat))
}

/// A fee's minimum, maximum and flat amount in whole cents, for
/// [`fee_cents`] (absent ones as `i64::MIN`, `i64::MAX` and 0), when each
/// has at most two decimals.
pub(super) fn fee_bounds_cents(
    minimum: Option<Decimal>,
    maximum: Option<Decimal>,
    flat: Option<Decimal>,
) -> Option<(i64, i64, i64)> {
    let opt = |d: Option<Decimal>, none: i64| d.map_or(Some(none), whole_cents);
    Some((
        opt(minimum, i64::MIN)?,
        opt(maximum, i64::MAX)?,
        opt(flat, 0)?,
    ))
}

/// A fee by the decimal formula: `percent` of the value clamped to
/// [minimum, maximum], plus the flat amount, not rounded; `None` on
/// overflow. What [`fee_cents`] computes when it answers.
pub(super) fn fee_amount(
    value: Decimal,
    percent: Option<Decimal>,
    minimum: Option<Decimal>,
    maximum: Option<Decimal>,
    flat: Option<Decimal>,
) -> Option<Decimal> {
    let mut amount = Decimal::ZERO;
    if let Some(p) = percent {
        let mut a = div100(value.checked_mul(p)?);
        if let Some(lo) = minimum {
            a = a.max(lo);
        }
        if let Some(hi) = maximum {
            a = a.min(hi);
        }
        amount = a;
    }
    match flat {
        Some(flat) => amount.checked_add(flat),
        None => Some(amount),
    }
}

/// A whole number of cents, when `d` has at most two decimals and fits.
#[inline]
pub(super) fn whole_cents(d: Decimal) -> Option<i64> {
    if d.scale() > 2 {
        return None;
    }
    let m = d.mantissa().checked_mul(10i128.pow(2 - d.scale()))?;
    i64::try_from(m).ok()
}

/// Duty ÷ value to 6 places, half away from zero: integer arithmetic when it
/// fits, else decimal division. Always at scale 6: a ratio too large for
/// six decimals (a duty of 10^23 on a value of 1) is an [`Error::Overflow`].
pub(super) fn rate6(duty: Decimal, value: Decimal) -> Result<Decimal> {
    let overflow = || {
        Error::overflow(
            format!("the effective duty rate (duty {duty} ÷ value)"),
            "value",
            value,
        )
    };
    if value.is_zero() {
        return Ok(Decimal::new(0, 6));
    }
    // (dm / 10^ds) / (vm / 10^vs) x 10^6 = dm x 10^(vs + 6 - ds) / vm.
    let exp = i64::from(value.scale()) + 6 - i64::from(duty.scale());
    if let (Ok(dm), Ok(vm), Some(&p)) = (
        u64::try_from(duty.mantissa()),
        u64::try_from(value.mantissa()),
        POW10.get(exp as usize).filter(|_| exp >= 0),
    ) {
        if let Some(n) = dm.checked_mul(p) {
            if let Ok(q) = i64::try_from(div_round_u64(n, vm)) {
                return Ok(Decimal::new(q, 6));
            }
        }
    }
    let fast = (0..=30).contains(&exp).then(|| {
        let n = duty.mantissa().checked_mul(10i128.pow(exp as u32))?;
        let d = value.mantissa();
        let (q, r) = (n / d, n % d);
        let q = if 2 * r.abs() >= d.abs() {
            q + n.signum() * d.signum()
        } else {
            q
        };
        i64::try_from(q).ok()
    });
    if let Some(Some(q)) = fast {
        return Ok(Decimal::new(q, 6));
    }
    let mut r = duty
        .checked_div(value)
        .ok_or_else(overflow)?
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(6);
    if r.scale() != 6 {
        return Err(overflow());
    }
    Ok(r)
}

#[inline]
pub(super) fn checked_sum(mut it: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    it.try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(m: i64, s: u32) -> Decimal {
        Decimal::new(m, s)
    }

    proptest! {
        /// The integer path equals the decimal formula it replaces.
        #[test]
        fn percent_cents_is_the_decimal_formula(vm in 0i64..1_000_000_000_000, vs in 0u32..6,
                                                pm in 0i64..100_000_000, ps in 0u32..6) {
            let (v, p) = (dec(vm, vs), dec(pm, ps));
            let want = round_money(v * p / Decimal::ONE_HUNDRED);
            if let Some(c) = percent_cents(v, p) {
                prop_assert_eq!(Decimal::from_i128_with_scale(c, 2), want);
            }
        }

        /// Over the whole range the limits allow (values to 10^15 and
        /// percentages to 10^5, each with 9 decimals), the integer path
        /// answers, and equals the decimal formula wherever that one is
        /// exact (its product kept every decimal).
        #[test]
        fn percent_cents_covers_the_limits(vm in 0u64..=1_000_000_000_000_000, vd in 0u64..1_000_000_000,
                                           vs in 0u32..=9, pm in 0u64..=100_000, pd in 0u64..1_000_000_000,
                                           ps in 0u32..=9) {
            let v = Decimal::from_i128_with_scale(i128::from(vm) * 10i128.pow(vs) + i128::from(vd % 10u64.pow(vs)), vs);
            let p = Decimal::from_i128_with_scale(i128::from(pm) * 10i128.pow(ps) + i128::from(pd % 10u64.pow(ps)), ps);
            let v = v.min(crate::limits::MAX_VALUE);
            let p = p.min(crate::limits::MAX_RATE_NUMBER);
            let c = percent_cents(v, p);
            prop_assert!(c.is_some(), "{} x {}%", v, p);
            let exact = v * p;
            if exact.scale() == v.scale() + p.scale() {
                let want = round_money(exact / Decimal::ONE_HUNDRED);
                prop_assert_eq!(cents(c.unwrap()), Some(want));
            }
        }

        #[test]
        fn rate6_is_the_decimal_formula(dm in -1_000_000_000i64..1_000_000_000_000, vm in 1i64..1_000_000_000_000,
                                        vs in 0u32..8) {
            let (d, v) = (dec(dm, 2), dec(vm, vs));
            let want = (d / v).round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
            let got = rate6(d, v).unwrap();
            prop_assert_eq!(got, want);
            prop_assert_eq!(got.scale(), 6);
        }

        /// Negative values take the 128-bit path; it rounds half away from
        /// zero as `round_money` does.
        #[test]
        fn percent_cents_rounds_half_away_from_zero(vm in -1_000_000_000_000i64..1_000_000_000_000,
                                                    vs in 0u32..9, pm in 0i64..100_000_000, ps in 0u32..9) {
            let (v, p) = (dec(vm, vs), dec(pm, ps));
            let exact = v * p;
            prop_assume!(exact.scale() == v.scale() + p.scale());
            let want = round_money(exact / Decimal::ONE_HUNDRED);
            prop_assert_eq!(percent_cents(v, p).and_then(cents), Some(want));
        }

        /// `div_round_u64` is `n ÷ d` rounded half up: `⌊(2n + d) ÷ 2d⌋` in
        /// exact 128-bit arithmetic.
        #[test]
        fn div_round_u64_is_exact(n in any::<u64>(), d in 1u64..) {
            let want = (2 * u128::from(n) + u128::from(d)) / (2 * u128::from(d));
            prop_assert_eq!(u128::from(div_round_u64(n, d)), want);
        }

        /// The effective rate is within half a millionth of the exact
        /// ratio, at scale 6, and zero on a zero value.
        #[test]
        fn rate6_is_within_half_a_millionth(dm in 0i64..1_000_000_000_000_000, vm in 0i64..1_000_000_000_000_000,
                                            vs in 0u32..10) {
            let (d, v) = (dec(dm, 2), dec(vm, vs));
            let got = rate6(d, v).unwrap();
            prop_assert_eq!(got.scale(), 6);
            if v.is_zero() {
                prop_assert!(got.is_zero());
            } else {
                let err = (got - d / v).abs();
                prop_assert!(err <= dec(5, 7), "{} / {} = {} (off by {})", d, v, got, err);
            }
        }

        #[test]
        fn div100_is_division(m in any::<i64>(), s in 0u32..29) {
            let d = dec(m, s);
            prop_assert_eq!(div100(d), d / Decimal::ONE_HUNDRED);
        }
    }

    /// A percent fee's cents by the integer path, `None` when it does not answer.
    fn fee(
        value: Decimal,
        percent: Decimal,
        min: Option<Decimal>,
        max: Option<Decimal>,
        flat: Option<Decimal>,
    ) -> Option<i128> {
        fee_cents(value, Some(percent), fee_bounds_cents(min, max, flat)?)
    }

    proptest! {
        /// The whole-cent fee equals the decimal formula: percent of the
        /// value, clamped, plus the flat amount, then rounded.
        #[test]
        fn fee_cents_is_the_decimal_formula(vm in 0i64..100_000_000_000, vs in 0u32..4,
                                            lo in 0i64..10_000, span in 0i64..100_000,
                                            flat in 0i64..1_000, pm in 0i64..10_000) {
            let (value, p) = (dec(vm, vs), dec(pm, 4));
            let (min, max, fl) = (dec(lo, 2), dec(lo + span, 2), dec(flat, 2));
            let want = round_money((value * p / Decimal::ONE_HUNDRED).max(min).min(max) + fl);
            prop_assert_eq!(fee(value, p, Some(min), Some(max), Some(fl)).and_then(cents), Some(want));
            let exact = fee_amount(value, Some(p), Some(min), Some(max), Some(fl)).and_then(money);
            prop_assert_eq!(exact, Some(want));
        }
    }

    #[test]
    fn a_fee_without_bounds_past_64_bits_takes_the_decimal_path() {
        // 10^15 x 10^5 % = 10^18 dollars = 10^20 cents: beyond i64, and no
        // maximum must be made up for it.
        let big = crate::limits::MAX_VALUE;
        assert_eq!(fee(big, dec(100_000, 0), None, None, None), None);
        assert_eq!(
            fee_amount(big, Some(dec(100_000, 0)), None, None, None).and_then(money),
            Some(Decimal::from_i128_with_scale(10i128.pow(20), 2))
        );
        assert_eq!(fee(dec(12345, 0), dec(1, 0), None, None, None), Some(12345));
    }

    #[test]
    fn money_keeps_its_cents_or_fails() {
        // 2^96 - 1 = 79228162514264337593543950335: the largest amount with
        // two decimals is 792281625142643375935439503.35.
        let top = Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 2);
        assert_eq!(
            money(top).unwrap().to_string(),
            "792281625142643375935439503.35"
        );
        assert_eq!(
            money(Decimal::from(
                792_281_625_142_643_375_935_439_503u128 as i128
            ))
            .unwrap()
            .to_string(),
            "792281625142643375935439503.00"
        );
        // One dollar more cannot carry cents: before, round_money gave it at scale 1.
        let past = Decimal::from(792_281_625_142_643_375_935_439_504u128 as i128);
        assert_eq!(money(past), None);
        assert_ne!(round_money(past).scale(), 2);
        assert_eq!(money(Decimal::new(1005, 3)).unwrap().to_string(), "1.01");
        assert_eq!(cents(79_228_162_514_264_337_593_543_950_335), Some(top));
        assert_eq!(cents(79_228_162_514_264_337_593_543_950_336), None);
    }

    #[test]
    fn rate6_is_at_scale_6_or_an_overflow() {
        // 10^23 / 1 = 10^23: at scale 6 it would need 10^29 > 2^96.
        let e = rate6(Decimal::from(10i128.pow(23)), Decimal::ONE).unwrap_err();
        assert_eq!((e.kind().as_str(), e.field()), ("overflow", Some("value")));
        assert_eq!(
            rate6(Decimal::from(10i128.pow(22)), Decimal::ONE)
                .unwrap()
                .scale(),
            6
        );
    }

    #[test]
    fn fee_with_sub_cent_bounds_takes_the_decimal_path() {
        // A minimum of 0.005 is not a whole cent: no integer shortcut.
        assert_eq!(fee(dec(1, 2), dec(1, 0), Some(dec(5, 3)), None, None), None);
        // MPF from 2025-10-01 (CBP Dec. 25-10, 90 FR 34665): 0.3464%, min 33.58, max 651.50.
        let mpf = |v| {
            fee(
                v,
                dec(3464, 4),
                Some(dec(3358, 2)),
                Some(dec(65150, 2)),
                None,
            )
        };
        assert_eq!(mpf(dec(54, 0)), Some(3358)); // 0.19 -> minimum
        assert_eq!(mpf(dec(20000, 0)), Some(6928)); // 69.28
        assert_eq!(mpf(dec(1_000_000, 0)), Some(65150)); // 3,464 -> maximum
    }

    #[test]
    fn hand_checked_roundings() {
        // 7.5% of 54.00 = 4.05; 0.3464% of 10,000 = 34.64; 2.5% of 0.10 = 0.0025 -> 0.00;
        // 5% of 0.10 = 0.005 -> 0.01 (half away from zero).
        assert_eq!(percent_cents(dec(5400, 2), dec(75, 1)), Some(405));
        assert_eq!(percent_cents(dec(10_000, 0), dec(3464, 4)), Some(3464));
        assert_eq!(percent_cents(dec(10, 2), dec(25, 1)), Some(0));
        assert_eq!(percent_cents(dec(10, 2), dec(5, 0)), Some(1));
        // 91.26 / 54 = 1.69 exactly; 1 / 3 = 0.333333; 2 / 3 = 0.666667.
        assert_eq!(
            rate6(dec(9126, 2), dec(54, 0)).unwrap().to_string(),
            "1.690000"
        );
        assert_eq!(
            rate6(dec(100, 2), dec(3, 0)).unwrap().to_string(),
            "0.333333"
        );
        assert_eq!(
            rate6(dec(200, 2), dec(3, 0)).unwrap().to_string(),
            "0.666667"
        );
        assert_eq!(rate6(dec(0, 2), dec(0, 0)).unwrap().to_string(), "0.000000");
    }
}
