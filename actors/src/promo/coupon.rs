//! A stored coupon in the engine's shape: the one conversion every path uses
//! (the code's actor on validate, reserve and redeem, and `/preview` for codes).
//!
//! A coupon carries its discount either in the engine's shape (`discount`,
//! `min_purchase`, `max_discount`) or as the shorthand of seed 000 (`type`,
//! `value`, `currency`, `min_cart_value`, `max_discount_amount`); both become the
//! same [`PromotionDef`]. Validity (status, window, usage, balance) is not part of
//! the definition: [`crate::engine`] checks it against the actor's counters.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use stampede_protocol::promotion::{ApplyOn, Discount, Money, PromotionDef, Stacking, Targeting};
use stampede_protocol::{Coupon, CouponType};

/// The coupon as a promotion entered by its code, for a cart in `cart_currency`.
/// `balance` is a gift card's live balance (the actor's, pending draws included).
pub fn definition(c: &Coupon, balance: Option<Decimal>, cart_currency: &str) -> PromotionDef {
    let currency = c.currency.as_deref().unwrap_or(cart_currency);
    let money = |amount: Decimal| {
        vec![Money {
            amount,
            currency: currency.to_owned(),
        }]
    };
    let discount = match (&c.discount, c.kind) {
        (Some(discount), _) => discount.clone(),
        (None, CouponType::Fixed) => Discount::CartFixed {
            amounts: money(c.value),
        },
        (None, CouponType::FreeShipping) => Discount::FreeShipping {
            percent: None,
            max_amount: Vec::new(),
        },
        (None, CouponType::GiftCard) => Discount::GiftCard {
            balance: money(balance.or(c.balance).unwrap_or(c.value).max(Decimal::ZERO)),
        },
        // Percentage, and every kind whose definition is missing (never stored:
        // creation requires it), read as a percentage of `value`.
        (None, _) => Discount::CartPercentage { percent: c.value },
    };
    let min_purchase = match (c.min_purchase.is_empty(), c.min_cart_value) {
        (true, Some(min)) => money(min),
        _ => c.min_purchase.clone(),
    };
    let max_discount = match (c.max_discount.is_empty(), c.max_discount_amount) {
        (true, Some(cap)) => money(cap),
        _ => c.max_discount.clone(),
    };
    PromotionDef {
        id: c.id.clone(),
        code: Some(c.code.clone()),
        priority: 0,
        stacking: Stacking::Stackable,
        apply_on: ApplyOn::Discounted,
        discount,
        target: target(&c.applicability),
        min_purchase,
        max_discount,
        condition: None,
        window: None,
        paused: false,
        usage_exhausted: false,
    }
}

/// A coupon's `include_products`/`exclude_products` name a product id or a SKU
/// (seed 000); the engine keeps the two apart, so both lists get the entries.
fn target(a: &Targeting) -> Targeting {
    let mut t = a.clone();
    for sku in &a.include_products {
        if !t.include_skus.contains(sku) {
            t.include_skus.push(sku.clone());
        }
    }
    for sku in &a.exclude_products {
        if !t.exclude_skus.contains(sku) {
            t.exclude_skus.push(sku.clone());
        }
    }
    t
}

/// Every currency the coupon names (`currency`, and the currencies of its
/// amounts, minimums and caps). Empty: any currency.
pub fn currencies(c: &Coupon) -> BTreeSet<&str> {
    let mut out: BTreeSet<&str> = c.currency.as_deref().into_iter().collect();
    let lists = [c.min_purchase.as_slice(), c.max_discount.as_slice()];
    out.extend(
        lists
            .iter()
            .flat_map(|l| l.iter().map(|m| m.currency.as_str())),
    );
    if let Some(discount) = &c.discount {
        out.extend(amount_lists(discount).flat_map(|l| l.iter().map(|m| m.currency.as_str())));
    }
    out
}

/// Whether the discount is money (not a percentage): such a coupon needs the
/// cart to state a currency it has an amount in.
pub fn is_money(c: &Coupon) -> bool {
    match &c.discount {
        Some(discount) => amount_lists(discount).any(|l| !l.is_empty()),
        None => matches!(c.kind, CouponType::Fixed | CouponType::GiftCard),
    }
}

/// The per-currency amounts a discount is paid in (not thresholds or caps).
fn amount_lists(discount: &Discount) -> impl Iterator<Item = &Vec<Money>> {
    let lists: Vec<&Vec<Money>> = match discount {
        Discount::CartFixed { amounts } | Discount::ProductFixed { amounts } => vec![amounts],
        Discount::BuyXGetY { off, .. } | Discount::Bundle { off, .. } => vec![&off.amounts],
        Discount::Tiered { tiers } => tiers.iter().map(|t| &t.off.amounts).collect(),
        Discount::GiftCard { balance } => vec![balance],
        Discount::CartPercentage { .. }
        | Discount::ProductPercentage { .. }
        | Discount::FreeShipping { .. }
        | Discount::FreeProduct { .. }
        | Discount::LoyaltyPoints { .. }
        | Discount::Custom { .. } => Vec::new(),
    };
    lists.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn shorthand_fixed_is_a_cart_fixed_amount_in_its_currency() {
        let c = Coupon {
            kind: CouponType::Fixed,
            value: dec("15"),
            currency: Some("EUR".into()),
            min_cart_value: Some(dec("50")),
            ..Coupon::default()
        };
        let def = definition(&c, None, "GBP");
        assert_eq!(
            def.discount,
            Discount::CartFixed {
                amounts: vec![Money {
                    amount: dec("15"),
                    currency: "EUR".into()
                }]
            }
        );
        assert_eq!(def.min_purchase[0].currency, "EUR");
        assert!(is_money(&c));
        assert_eq!(currencies(&c).into_iter().collect::<Vec<_>>(), vec!["EUR"]);
    }

    #[test]
    fn percentage_without_currency_reads_the_cart_currency() {
        let c = Coupon {
            value: dec("10"),
            max_discount_amount: Some(dec("5")),
            ..Coupon::default()
        };
        let def = definition(&c, None, "JPY");
        assert_eq!(def.max_discount[0].currency, "JPY");
        assert!(!is_money(&c));
        assert!(currencies(&c).is_empty());
    }

    #[test]
    fn gift_card_pays_from_the_live_balance() {
        let c = Coupon {
            kind: CouponType::GiftCard,
            value: dec("50"),
            balance: Some(dec("30")),
            currency: Some("GBP".into()),
            ..Coupon::default()
        };
        let def = definition(&c, Some(dec("12")), "GBP");
        assert_eq!(
            def.discount,
            Discount::GiftCard {
                balance: vec![Money {
                    amount: dec("12"),
                    currency: "GBP".into()
                }]
            }
        );
    }

    #[test]
    fn products_match_skus_too() {
        let c = Coupon {
            applicability: Targeting {
                include_products: vec!["SHOE".into()],
                ..Targeting::default()
            },
            ..Coupon::default()
        };
        let def = definition(&c, None, "GBP");
        assert_eq!(def.target.include_skus, vec!["SHOE".to_owned()]);
        assert_eq!(def.target.include_products, vec!["SHOE".to_owned()]);
    }
}
