//! Money: `rust_decimal` amounts with an ISO 4217 currency.
//!
//! Arithmetic happens at full precision; rounding to the currency's minor unit
//! happens once, at the end of a computation, through [`round_minor`].

use iso_currency::Currency;
use rust_decimal::{Decimal, RoundingStrategy};

/// Minor-unit exponent of a currency (2 for GBP, 0 for JPY, 3 for KWD).
/// `None` when the code is not an ISO 4217 currency.
pub fn minor_unit_exponent(currency: &str) -> Option<u32> {
    let currency = Currency::from_code(currency)?;
    Some(currency.exponent().map(u32::from).unwrap_or(0))
}

/// Whether `code` is an upper-case ISO 4217 currency code.
pub fn is_known_currency(code: &str) -> bool {
    code.len() == 3 && Currency::from_code(code).is_some()
}

/// Rounds to the currency's minor unit, half away from zero. Unknown currencies
/// round to two places (they are refused at the edge; this only keeps the function
/// total).
pub fn round_minor(amount: Decimal, currency: &str) -> Decimal {
    let dp = minor_unit_exponent(currency).unwrap_or(2);
    amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds toward zero to the minor unit: used where rounding up could exceed what is
/// available (a discount may never exceed the amount it discounts).
pub fn floor_minor(amount: Decimal, currency: &str) -> Decimal {
    let dp = minor_unit_exponent(currency).unwrap_or(2);
    amount.round_dp_with_strategy(dp, RoundingStrategy::ToZero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn exponents() {
        assert_eq!(minor_unit_exponent("GBP"), Some(2));
        assert_eq!(minor_unit_exponent("JPY"), Some(0));
        assert_eq!(minor_unit_exponent("KWD"), Some(3));
        assert_eq!(minor_unit_exponent("XXQ"), None);
    }

    #[test]
    fn rounds_once_to_minor_unit() {
        let d = Decimal::from_str("9.995").unwrap();
        assert_eq!(round_minor(d, "GBP"), Decimal::from_str("10.00").unwrap());
        assert_eq!(round_minor(d, "JPY"), Decimal::from_str("10").unwrap());
        assert_eq!(floor_minor(d, "GBP"), Decimal::from_str("9.99").unwrap());
    }
}
