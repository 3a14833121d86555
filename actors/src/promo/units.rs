//! Whole minor units: the engine's arithmetic.
//!
//! Each line total is rounded once to the currency's minor unit when the cart is
//! read; from then on every amount is an integer count of minor units, so sums are
//! exact, nothing is rounded twice, and the search over combinations is cheap.
//! Percentages are kept as exact rationals and each discount is rounded once, half
//! away from zero, when it is computed.

use rust_decimal::{Decimal, RoundingStrategy};
use stampede_protocol::money::minor_unit_exponent;
use stampede_protocol::promotion::Money;

/// Minor units of one amount.
pub type Units = i128;

/// Minor-unit exponent used for `currency` (two places for an unknown one).
pub fn exponent(currency: &str) -> u32 {
    minor_unit_exponent(currency).unwrap_or(2)
}

/// `amount` rounded once to `dp` places (the currency's minor unit, see
/// [`exponent`]), as a count of minor units.
pub fn to_units(amount: Decimal, dp: u32) -> Units {
    let rounded = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let mantissa = rounded.mantissa();
    let scale = rounded.scale();
    if scale >= dp {
        mantissa / pow10(scale - dp)
    } else {
        mantissa.saturating_mul(pow10(dp - scale))
    }
}

/// Minor units back to a `Decimal` with `dp` places.
pub fn to_decimal(units: Units, dp: u32) -> Decimal {
    Decimal::try_from_i128_with_scale(units, dp).unwrap_or(Decimal::MAX)
}

/// The amount for `currency` (with `dp` minor-unit places) in a per-currency
/// list, in minor units.
pub fn amount_for(amounts: &[Money], currency: &str, dp: u32) -> Option<Units> {
    amounts
        .iter()
        .find(|m| m.currency.eq_ignore_ascii_case(currency))
        .map(|m| to_units(m.amount, dp))
}

/// A cap for `currency` in minor units, rounded down: a cap finer than the
/// currency is never exceeded.
pub fn cap_for(amounts: &[Money], currency: &str, dp: u32) -> Option<Units> {
    amounts
        .iter()
        .find(|m| m.currency.eq_ignore_ascii_case(currency))
        .map(|m| {
            to_units(
                m.amount
                    .round_dp_with_strategy(dp, RoundingStrategy::ToZero),
                dp,
            )
        })
}

fn pow10(exp: u32) -> i128 {
    10i128.checked_pow(exp).unwrap_or(i128::MAX)
}

/// An exact percentage `numerator / denominator` of a hundred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    numerator: i128,
    denominator: i128,
}

impl Percent {
    pub const HUNDRED: Percent = Percent {
        numerator: 1,
        denominator: 1,
    };

    /// `percent` (0–100, validated at compile time) as a fraction of one.
    pub fn new(percent: Decimal) -> Self {
        let numerator = percent.mantissa();
        let denominator = pow10(percent.scale()).saturating_mul(100);
        Percent {
            numerator,
            denominator,
        }
    }

    /// `units × self × num / den`, rounded half away from zero, once.
    pub fn of_fraction(self, units: Units, num: i128, den: i128) -> Units {
        let n = units.saturating_mul(self.numerator).saturating_mul(num);
        let d = self.denominator.saturating_mul(den);
        div_round(n, d)
    }

    /// `units × self`, rounded once.
    pub fn of(self, units: Units) -> Units {
        self.of_fraction(units, 1, 1)
    }
}

/// `n / d` rounded half away from zero (`d > 0`).
pub fn div_round(n: i128, d: i128) -> i128 {
    if d <= 0 {
        return 0;
    }
    let q = n / d;
    let r = n % d;
    if r.abs().saturating_mul(2) >= d {
        q + n.signum()
    } else {
        q
    }
}

/// `floor(n / d)` for non-negative `n` and positive `d`.
pub fn div_floor(n: i128, d: i128) -> i128 {
    if d <= 0 {
        0
    } else {
        n.div_euclid(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn converts_with_one_rounding() {
        let (gbp, jpy, kwd) = (exponent("GBP"), exponent("JPY"), exponent("KWD"));
        assert_eq!((gbp, jpy, kwd, exponent("???")), (2, 0, 3, 2));
        assert_eq!(to_units(dec("49.95"), gbp), 4995);
        assert_eq!(to_units(dec("9.995"), gbp), 1000);
        assert_eq!(to_units(dec("1999"), jpy), 1999);
        assert_eq!(to_units(dec("12.5"), kwd), 12500);
        assert_eq!(to_decimal(4995, gbp), dec("49.95"));
        assert_eq!(to_decimal(300, jpy), dec("300"));
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(Percent::new(dec("12.5")).of(999), 125);
        assert_eq!(Percent::new(dec("10")).of(11990), 1199);
        assert_eq!(Percent::new(dec("33.3333")).of(100), 33);
        assert_eq!(Percent::HUNDRED.of(77), 77);
        assert_eq!(Percent::new(dec("50")).of_fraction(1001, 1, 1), 501);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_floor(7, 2), 3);
    }
}
