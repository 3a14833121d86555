//! Total money arithmetic for the engine.
//!
//! Amounts are bounded at the API edge (`protocol::limits`), but the engine also
//! reads stored records and test data, and it must never panic on a redemption
//! path. So negative amounts count as zero (a discount is never negative) and
//! overflow saturates instead of panicking.

use rust_decimal::{Decimal, RoundingStrategy};
use stampede_protocol::money;

/// Clamps an amount at zero: negative prices, totals or balances discount nothing.
pub(crate) fn non_negative(amount: Decimal) -> Decimal {
    amount.max(Decimal::ZERO)
}

/// Adds two non-negative amounts; an overflow can only go up, so it saturates.
pub(crate) fn sat_add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(Decimal::MAX)
}

/// Multiplies two non-negative amounts, saturating on overflow.
pub(crate) fn sat_mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b).unwrap_or(Decimal::MAX)
}

/// Decimal places of `currency`'s minor unit; unknown codes use two, exactly as
/// `protocol::money::round_minor` does, so both roundings agree.
pub(crate) fn minor_dp(currency: &str) -> u32 {
    money::minor_unit_exponent(currency).unwrap_or(2)
}

/// Rounds toward zero to `dp` places: `protocol::money::floor_minor` with the
/// exponent already looked up, for loops over cart lines.
pub(crate) fn floor_dp(amount: Decimal, dp: u32) -> Decimal {
    amount.round_dp_with_strategy(dp, RoundingStrategy::ToZero)
}

/// Amount as shown in explanations: without trailing zeros, so `32.50` reads as
/// the `cart_total=32.5` of the seed's example.
pub(crate) fn show(amount: Decimal) -> String {
    amount.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixtures::dec;

    #[test]
    fn saturates_instead_of_panicking() {
        assert_eq!(sat_add(Decimal::MAX, Decimal::ONE), Decimal::MAX);
        assert_eq!(sat_mul(Decimal::MAX, dec("2")), Decimal::MAX);
        assert_eq!(sat_mul(dec("1.5"), dec("2")), dec("3.0"));
    }

    #[test]
    fn negative_is_zero() {
        assert_eq!(non_negative(dec("-1")), Decimal::ZERO);
        assert_eq!(non_negative(dec("2.5")), dec("2.5"));
    }

    #[test]
    fn minor_units_match_protocol() {
        for (code, dp) in [("GBP", 2), ("JPY", 0), ("KWD", 3), ("", 2), ("XXQ", 2)] {
            assert_eq!(minor_dp(code), dp, "{code}");
            let x = dec("1.23456");
            assert_eq!(floor_dp(x, minor_dp(code)), money::floor_minor(x, code));
        }
    }

    #[test]
    fn shows_without_trailing_zeros() {
        assert_eq!(show(dec("32.50")), "32.5");
        assert_eq!(show(dec("50")), "50");
    }
}
