//! Money helpers of the validity checks. Every discount amount is computed by
//! the promotion engine in whole minor units ([`crate::promo::units`]).

use rust_decimal::Decimal;

/// Clamps an amount at zero: a negative stored balance pays nothing.
pub(crate) fn non_negative(amount: Decimal) -> Decimal {
    amount.max(Decimal::ZERO)
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
    fn negative_is_zero() {
        assert_eq!(non_negative(dec("-1")), Decimal::ZERO);
        assert_eq!(non_negative(dec("2.5")), dec("2.5"));
    }

    #[test]
    fn shows_without_trailing_zeros() {
        assert_eq!(show(dec("32.50")), "32.5");
        assert_eq!(show(dec("50")), "50");
    }
}
