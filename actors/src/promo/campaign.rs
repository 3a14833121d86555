//! Campaign promotions (seed 001) in the engine's shape.
//!
//! A campaign promotion states its amounts as bare numbers, in
//! `discount_rules.currency` or else in the currency of whatever cart it meets,
//! so it is converted per cart currency.
//!
//! Rule priority: the stored rules a promotion references
//! (`eligibility_criteria.rule_ids`) must all hold; they are evaluated, and their
//! clauses explained, in priority order (highest first, ties by rule id) after the
//! promotion's own criteria, whatever order `rule_ids` lists them in. A promotion
//! without `display_settings.priority_level` takes the highest priority of the
//! rules it references as its own, which sets its place in the application order
//! ([`super::combine::application_order`]); with neither, its priority is 0.

use rust_decimal::Decimal;
use serde_json::{json, Value};
use stampede_protocol::promotion::{
    BundleComponent, CampaignPromotion, Discount, DiscountRules, Money, Off, PromotionDef,
    PromotionStatus, PromotionType, Stacking, Targeting, Window,
};

/// A stored rule a promotion references, as the conversion needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRef {
    pub id: String,
    /// Higher first.
    pub priority: i32,
    pub condition: Value,
}

impl RuleRef {
    pub fn of(rule: stampede_protocol::rule::Rule) -> Self {
        Self {
            id: rule.id,
            priority: rule.priority,
            condition: rule.condition,
        }
    }

    /// A referenced rule that was deleted: it never holds (no checkout carries
    /// that metadata), ranks first, and its explanation names it.
    pub fn deleted(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            priority: i32::MAX,
            condition: serde_json::json!({"metadata.__deleted_rule__": {"eq": id}}),
        }
    }
}

/// `rules` in evaluation order: priority descending, ties by id.
pub fn rank(rules: &mut [RuleRef]) {
    rules.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id)));
}

/// The engine's discount for a campaign promotion's type and rules; `money`
/// puts an amount in the promotion's currency.
fn discount_of(
    kind: PromotionType,
    r: &DiscountRules,
    money: &dyn Fn(Decimal) -> Vec<Money>,
) -> Discount {
    let value = r.discount_value.unwrap_or(Decimal::ZERO);
    let percent_or_all = || Off {
        percent: Some(r.discount_value.unwrap_or(Decimal::ONE_HUNDRED)),
        amounts: Vec::new(),
    };
    match kind {
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
    }
}

/// `p` as the engine reads it for a cart in `cart_currency`; `rules` are the
/// stored rules it references, all of which must hold, in any order (they are
/// ranked here).
pub fn to_definition(
    p: &CampaignPromotion,
    cart_currency: &str,
    rules: &[RuleRef],
) -> PromotionDef {
    let mut rules = rules.to_vec();
    rank(&mut rules);
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
    let discount = discount_of(p.promotion_type, r, &money);
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
        priority: priority(&p.display_settings)
            .or_else(|| rules.first().map(|rule| rule.priority))
            .unwrap_or(0),
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
        condition: condition(p, &rules),
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

/// `display_settings.priority_level`, the seed's ordering hint, when given.
fn priority(display: &Value) -> Option<i32> {
    display
        .get("priority_level")
        .and_then(Value::as_i64)
        .and_then(|p| i32::try_from(p).ok())
}

/// The eligibility criteria as one rule: the promotion's own criteria, then the
/// referenced rules in the order given (already ranked).
fn condition(p: &CampaignPromotion, rules: &[RuleRef]) -> Option<Value> {
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
    all.extend(rules.iter().map(|rule| rule.condition.clone()));
    (!all.is_empty()).then(|| json!({ "all": all }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promotion(display: Value) -> CampaignPromotion {
        serde_json::from_value(json!({
            "promotion_id": "prm_1",
            "campaign_id": "cmp_1",
            "promotion_name": "p",
            "promotion_type": "percentage_discount",
            "description": "d",
            "promotion_code": "P1",
            "status": "active",
            "discount_rules": {"discount_value": 10},
            "eligibility_criteria": {"first_time_customers_only": true},
            "usage_limits": {},
            "schedule": {"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
            "display_settings": display,
            "auto_apply": true,
            "stackable": true,
            "performance_metrics": {"total_uses": 0, "unique_customers": 0,
                "total_discount_given": 0, "conversion_rate": 0},
            "created_at": "2025-01-01T00:00:00Z",
            "created_by": "t",
            "updated_at": "2025-01-01T00:00:00Z",
            "version": 1
        }))
        .unwrap()
    }

    fn rule(id: &str, priority: i32) -> RuleRef {
        RuleRef {
            id: id.to_owned(),
            priority,
            condition: json!({"channel": {"eq": id}}),
        }
    }

    #[test]
    fn rules_are_evaluated_by_priority_then_id_after_the_criteria() {
        let rules = [rule("r_low", 1), rule("r_b", 7), rule("r_a", 7)];
        let def = to_definition(&promotion(json!({})), "GBP", &rules);
        let all = def.condition.unwrap()["all"].clone();
        assert_eq!(
            all,
            json!([
                {"first_time_customer": true},
                {"channel": {"eq": "r_a"}},
                {"channel": {"eq": "r_b"}},
                {"channel": {"eq": "r_low"}}
            ])
        );
    }

    #[test]
    fn priority_level_wins_else_the_highest_rule_priority() {
        let rules = [rule("r1", 3), rule("r2", 9)];
        let explicit = to_definition(&promotion(json!({"priority_level": 2})), "GBP", &rules);
        assert_eq!(explicit.priority, 2);
        let inherited = to_definition(&promotion(json!({})), "GBP", &rules);
        assert_eq!(inherited.priority, 9);
        let neither = to_definition(&promotion(json!({})), "GBP", &[]);
        assert_eq!(neither.priority, 0);
    }
}
