//! Campaign promotions (seed 001) in the engine's shape.
//!
//! A campaign promotion states its amounts as bare numbers, in
//! `discount_rules.currency` or else in the currency of whatever cart it meets,
//! so it is converted per cart currency.

use rust_decimal::Decimal;
use serde_json::{json, Value};
use stampede_protocol::promotion::{
    BundleComponent, CampaignPromotion, Discount, Money, Off, PromotionDef, PromotionStatus,
    PromotionType, Stacking, Targeting, Window,
};

/// `p` as the engine reads it for a cart in `cart_currency`; `rules` are the
/// conditions of the stored rules it references, all of which must hold.
pub fn to_definition(p: &CampaignPromotion, cart_currency: &str, rules: &[Value]) -> PromotionDef {
    let r = &p.discount_rules;
    let currency = r
        .currency
        .clone()
        .unwrap_or_else(|| cart_currency.to_owned());
    let money = |amount: Decimal| {
        vec![Money {
            amount,
            currency: currency.clone(),
        }]
    };
    let value = r.discount_value.unwrap_or(Decimal::ZERO);
    let percent_or_all = || Off {
        percent: Some(r.discount_value.unwrap_or(Decimal::ONE_HUNDRED)),
        amounts: Vec::new(),
    };
    let discount = match p.promotion_type {
        PromotionType::PercentageDiscount => Discount::CartPercentage { percent: value },
        PromotionType::FixedAmountDiscount => Discount::CartFixed {
            amounts: money(value),
        },
        PromotionType::BuyXGetY => Discount::BuyXGetY {
            buy: r.buy_quantity.unwrap_or(1),
            get: r.get_quantity.unwrap_or(1),
            off: percent_or_all(),
            repeat_limit: r.max_applications,
            get_target: None,
        },
        PromotionType::FreeShipping => Discount::FreeShipping {
            percent: r.discount_value,
            max_amount: Vec::new(),
        },
        PromotionType::BundleDeal => Discount::Bundle {
            components: r
                .bundle_products
                .iter()
                .map(|product| BundleComponent {
                    target: Targeting {
                        include_products: vec![product.clone()],
                        include_skus: vec![product.clone()],
                        ..Targeting::default()
                    },
                    quantity: 1,
                })
                .collect(),
            off: match r.bundle_price {
                Some(price) => Off {
                    percent: None,
                    amounts: money(price),
                },
                None => percent_or_all(),
            },
            repeat_limit: r.max_applications,
        },
        PromotionType::LoyaltyBonus => Discount::LoyaltyPoints {
            points: r.bonus_points,
            points_per_unit: r.points_per_unit,
        },
    };
    let excluded = &r.excluded_items;
    let target = Targeting {
        include_categories: r.applicable_categories.clone(),
        include_products: r.applicable_products.clone(),
        include_skus: r.applicable_products.clone(),
        exclude_products: excluded.clone(),
        exclude_skus: excluded.clone(),
        exclude_categories: excluded.clone(),
        ..Targeting::default()
    };
    let restrictions = p.schedule.time_restrictions.clone().unwrap_or_default();
    PromotionDef {
        id: p.promotion_id.clone(),
        code: (!p.auto_apply).then(|| p.promotion_code.clone()),
        priority: priority(&p.display_settings),
        stacking: if p.stackable {
            Stacking::Stackable
        } else {
            Stacking::Exclusive
        },
        apply_on: Default::default(),
        discount,
        target,
        min_purchase: r.min_purchase_amount.map(money).unwrap_or_default(),
        max_discount: r.max_discount_amount.map(money).unwrap_or_default(),
        condition: condition(p, rules),
        window: Some(Window {
            start: Some(p.schedule.start_date),
            end: Some(p.schedule.end_date),
            days_of_week: restrictions.days_of_week,
            hours_of_day: restrictions.hours_of_day,
            time_zone: restrictions.time_zone,
        }),
        paused: matches!(p.status, PromotionStatus::Draft | PromotionStatus::Paused),
        usage_exhausted: false,
    }
}

/// `display_settings.priority_level`, the seed's ordering hint.
fn priority(display: &Value) -> i32 {
    display
        .get("priority_level")
        .and_then(Value::as_i64)
        .and_then(|p| i32::try_from(p).ok())
        .unwrap_or(0)
}

/// The eligibility criteria as one rule.
fn condition(p: &CampaignPromotion, rules: &[Value]) -> Option<Value> {
    let e = &p.eligibility_criteria;
    let mut all: Vec<Value> = Vec::new();
    if !e.customer_segments.is_empty() {
        all.push(json!({"customer_segment": {"in": e.customer_segments}}));
    }
    if e.first_time_customers_only {
        all.push(json!({"first_time_customer": true}));
    }
    if !e.loyalty_tier_requirements.is_empty() {
        all.push(json!({"loyalty_tier": {"in": e.loyalty_tier_requirements}}));
    }
    if !e.geographic_restrictions.is_empty() {
        all.push(json!({"any": [
            {"region": {"in": e.geographic_restrictions}},
            {"country": {"in": e.geographic_restrictions}}
        ]}));
    }
    all.extend(rules.iter().cloned());
    (!all.is_empty()).then(|| json!({ "all": all }))
}
