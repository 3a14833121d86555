//! How much a valid coupon takes off, per coupon type.
//!
//! Arithmetic is at full `Decimal` precision and the result is rounded once to
//! the currency's minor unit. Rounding is half away from zero (`round_minor`)
//! where the exact figure is a computed share (a percentage), and toward zero
//! (`floor_minor`) where rounding up could hand out more than exists: a fixed
//! face value, a gift-card balance, the shipping charge, the goods themselves.

use rust_decimal::Decimal;
use stampede_protocol::money::{floor_minor, round_minor};
use stampede_protocol::{Context, Coupon, CouponType};

use super::amounts::{minor_dp, non_negative, sat_mul};
use super::applicability::CartScan;
use super::Usage;

/// A discount split into what it takes off goods and off shipping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Amounts {
    pub goods: Decimal,
    pub shipping: Decimal,
}

/// The discount of a coupon that passed every check, in `currency`'s minor unit.
pub(crate) fn compute(
    coupon: &Coupon,
    usage: &Usage,
    ctx: &Context,
    cart: &CartScan,
    currency: &str,
) -> Amounts {
    // The whole-unit ceiling that goods discounts may never exceed.
    let base = cart.allocatable(minor_dp(currency));
    let goods = match coupon.kind {
        CouponType::Percentage => percentage(coupon, cart.eligible_subtotal, currency),
        CouponType::Fixed => floor_minor(non_negative(coupon.value), currency),
        CouponType::GiftCard => floor_minor(gift_balance(coupon, usage), currency),
        // A promotion's amounts come from the promotion engine (`coupon::conditions`).
        CouponType::FreeShipping | CouponType::Promotion => Decimal::ZERO,
    };
    let shipping = match coupon.kind {
        CouponType::FreeShipping => floor_minor(
            non_negative(ctx.shipping_amount.unwrap_or_default()),
            currency,
        ),
        _ => Decimal::ZERO,
    };
    Amounts {
        goods: goods.min(base),
        shipping,
    }
}

/// The balance a gift card can still draw on: the owning actor's figure (which
/// includes redemptions not yet committed), else the stored balance, else the
/// initial value. Never negative.
pub(crate) fn gift_balance(coupon: &Coupon, usage: &Usage) -> Decimal {
    let balance = usage.balance.or(coupon.balance).unwrap_or(coupon.value);
    non_negative(balance)
}

/// `value`% of the eligible subtotal, rounded once, then held under the cap. The
/// cap is rounded down so a cap finer than the currency is never exceeded.
fn percentage(coupon: &Coupon, eligible: Decimal, currency: &str) -> Decimal {
    let percent = non_negative(coupon.value).min(Decimal::ONE_HUNDRED);
    let exact = sat_mul(eligible, percent) / Decimal::ONE_HUNDRED;
    let rounded = round_minor(exact, currency);
    match coupon.max_discount_amount {
        Some(cap) => rounded.min(floor_minor(non_negative(cap), currency)),
        None => rounded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::applicability::scan;
    use crate::engine::fixtures::{coupon, ctx, dec, item};

    fn goods_discount(c: &Coupon, usage: &Usage, prices: &[(u32, &str)], cur: &str) -> Decimal {
        let items = prices.iter().map(|&(q, p)| item("S", "c", q, p)).collect();
        let context = ctx(Some(cur), items);
        let cart = scan(&c.applicability, &context);
        compute(c, usage, &context, &cart, cur).goods
    }

    #[test]
    fn percentage_table() {
        // (name, percent, cap, quantity, price, currency, expected)
        let cases = [
            ("10% GBP", "10", None, 2, "49.95", "GBP", "9.99"),
            ("half up once", "12.5", None, 1, "9.99", "GBP", "1.25"),
            ("capped", "50", Some("20"), 2, "49.95", "GBP", "20"),
            ("cap above share", "10", Some("20"), 1, "50", "GBP", "5.00"),
            (
                "off-grid cap rounds down",
                "50",
                Some("3.339"),
                1,
                "10",
                "GBP",
                "3.33",
            ),
            ("JPY whole yen", "15", None, 1, "1999", "JPY", "300"),
            ("KWD three places", "7.5", None, 1, "12.345", "KWD", "0.926"),
            ("over 100 is 100", "150", None, 1, "8", "GBP", "8"),
        ];
        for (name, value, cap, quantity, price, cur, expected) in cases {
            let mut c = coupon(CouponType::Percentage, value);
            c.max_discount_amount = cap.map(dec);
            let got = goods_discount(&c, &Usage::default(), &[(quantity, price)], cur);
            assert_eq!(got, dec(expected), "{name}");
        }
    }

    #[test]
    fn fixed_and_gift_card_table() {
        let balance = |b: &str| Usage {
            balance: Some(dec(b)),
            ..Usage::default()
        };
        let cases = [
            (
                "fixed below cart",
                CouponType::Fixed,
                "10",
                Usage::default(),
                "30",
                "10",
            ),
            (
                "fixed above cart",
                CouponType::Fixed,
                "10",
                Usage::default(),
                "5",
                "5",
            ),
            (
                "gift partial draw",
                CouponType::GiftCard,
                "50",
                balance("25"),
                "10",
                "10",
            ),
            (
                "gift whole balance",
                CouponType::GiftCard,
                "50",
                balance("25"),
                "40",
                "25",
            ),
            (
                "gift falls back to value",
                CouponType::GiftCard,
                "15",
                Usage::default(),
                "40",
                "15",
            ),
            (
                "gift negative balance",
                CouponType::GiftCard,
                "15",
                balance("-3"),
                "40",
                "0",
            ),
        ];
        for (name, kind, value, usage, price, expected) in cases {
            let c = coupon(kind, value);
            let got = goods_discount(&c, &usage, &[(1, price)], "GBP");
            assert_eq!(got, dec(expected), "{name}");
        }
    }

    #[test]
    fn gift_balance_prefers_actor_then_record_then_value() {
        let mut c = coupon(CouponType::GiftCard, "50");
        assert_eq!(gift_balance(&c, &Usage::default()), dec("50"));
        c.balance = Some(dec("30"));
        assert_eq!(gift_balance(&c, &Usage::default()), dec("30"));
        let usage = Usage {
            balance: Some(dec("12")),
            ..Usage::default()
        };
        assert_eq!(gift_balance(&c, &usage), dec("12"));
    }

    #[test]
    fn free_shipping_waives_shipping_only() {
        let c = coupon(CouponType::FreeShipping, "0");
        let mut context = ctx(Some("GBP"), vec![item("S", "c", 1, "20")]);
        context.shipping_amount = Some(dec("4.99"));
        let cart = scan(&c.applicability, &context);
        let got = compute(&c, &Usage::default(), &context, &cart, "GBP");
        assert_eq!(got.goods, Decimal::ZERO);
        assert_eq!(got.shipping, dec("4.99"));
    }
}
