//! Builders shared by the engine's unit tests, so each table states only what
//! differs from a plain active coupon and a plain cart.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::{Applicability, CartItem, Context, Coupon, CouponStatus, CouponType};

pub(crate) fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// An active, unlimited, unrestricted coupon of `kind`; fixed and gift cards are in
/// GBP because they need a currency.
pub(crate) fn coupon(kind: CouponType, value: &str) -> Coupon {
    let created = at("2025-01-01T00:00:00Z");
    let currency = matches!(kind, CouponType::Fixed | CouponType::GiftCard).then(|| "GBP".into());
    Coupon {
        id: "cpn_test".into(),
        code: "TEST10".into(),
        kind,
        value: dec(value),
        currency,
        campaign_id: None,
        status: CouponStatus::Active,
        max_uses: None,
        uses_count: 0,
        per_customer_limit: None,
        valid_from: None,
        valid_until: None,
        applicability: Applicability::default(),
        min_cart_value: None,
        max_discount_amount: None,
        balance: None,
        metadata: BTreeMap::new(),
        created_at: created,
        updated_at: created,
        version: 1,
        deleted_at: None,
        rule_ids: Vec::new(),
        ..Default::default()
    }
}

pub(crate) fn item(sku: &str, category: &str, quantity: u32, price: &str) -> CartItem {
    CartItem {
        sku: Some(sku.into()),
        product_id: None,
        category: Some(category.into()),
        categories: Vec::new(),
        quantity,
        price: dec(price),
        ..CartItem::default()
    }
}

pub(crate) fn ctx(currency: Option<&str>, items: Vec<CartItem>) -> Context {
    Context {
        currency: currency.map(str::to_owned),
        items,
        ..Context::default()
    }
}
