//! Evaluating a compiled rule against a context, with or without an explanation.
//!
//! A fact the context does not carry is *missing*: every comparison with it fails
//! except `ne`, which holds (a customer without a tier is "not gold").

use chrono::{DateTime, Datelike, Timelike, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use stampede_protocol::promotion::PromoContext;

use super::compile::DAY_NAMES;
use super::rule::{Clause, CompiledRule, Fact, Node, Op, Operand, Scalar};
use super::units::{exponent, to_decimal, to_units, Units};

/// What the rule reads beyond the context itself: the time, and the goods
/// subtotal computed once.
pub struct Facts<'a> {
    pub ctx: &'a PromoContext,
    pub now: DateTime<Utc>,
    /// Goods subtotal in minor units of the cart's currency.
    pub subtotal: Units,
    pub currency: &'a str,
    /// Minor-unit places of `currency`.
    pub dp: u32,
}

impl<'a> Facts<'a> {
    /// Facts with a goods subtotal the caller already computed (minor units).
    pub fn with_subtotal(ctx: &'a PromoContext, now: DateTime<Utc>, subtotal: Units) -> Self {
        let currency = ctx.currency.as_deref().unwrap_or("");
        Facts {
            ctx,
            now,
            subtotal,
            currency,
            dp: exponent(currency),
        }
    }

    pub fn new(ctx: &'a PromoContext, now: DateTime<Utc>) -> Self {
        let dp = exponent(ctx.currency.as_deref().unwrap_or(""));
        let subtotal = if ctx.items.is_empty() {
            ctx.cart_total.map(|t| to_units(t, dp)).unwrap_or(0)
        } else {
            ctx.items
                .iter()
                .map(|i| to_units(i.price * Decimal::from(i.quantity), dp))
                .sum()
        };
        Self::with_subtotal(ctx, now, subtotal)
    }
}

/// One comparison as shown to a client (seed 000 `explain`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseExplain {
    pub path: String,
    pub clause: String,
    pub matched: bool,
    /// What the context held (`null` when missing).
    pub observed: Value,
}

/// The value a fact observed.
#[derive(Debug, Clone, PartialEq)]
enum Observed {
    Missing,
    One(Scalar),
    List(Vec<String>),
}

impl Observed {
    fn to_json(&self) -> Value {
        match self {
            Observed::Missing => Value::Null,
            Observed::One(Scalar::Bool(b)) => Value::Bool(*b),
            Observed::One(Scalar::Number(n)) => {
                serde_json::to_value(n.normalize()).unwrap_or(Value::Null)
            }
            Observed::One(Scalar::Str(s)) => Value::String(s.clone()),
            Observed::List(items) => {
                Value::Array(items.iter().cloned().map(Value::String).collect())
            }
        }
    }
}

/// Whether `rule` holds, stopping at the first deciding clause.
pub fn matches(rule: &CompiledRule, facts: &Facts) -> bool {
    node_matches(&rule.root, facts)
}

fn node_matches(node: &Node, facts: &Facts) -> bool {
    match node {
        Node::All { children } => children.iter().all(|c| node_matches(c, facts)),
        Node::Any { children } => children.iter().any(|c| node_matches(c, facts)),
        Node::Not { child } => !node_matches(child, facts),
        Node::Clause(clause) => compare(clause, &observe(&clause.fact, facts)),
    }
}

/// Whether `rule` holds, and every clause with what it observed, in rule order.
pub fn explain(rule: &CompiledRule, facts: &Facts) -> (bool, Vec<ClauseExplain>) {
    let mut out = Vec::with_capacity(rule.clause_count);
    let matched = node_explain(&rule.root, facts, &mut out);
    (matched, out)
}

fn node_explain(node: &Node, facts: &Facts, out: &mut Vec<ClauseExplain>) -> bool {
    match node {
        // Every child is explained, so no short-circuit here.
        Node::All { children } => {
            let mut holds = true;
            for c in children {
                holds &= node_explain(c, facts, out);
            }
            holds
        }
        Node::Any { children } => {
            let mut holds = false;
            for c in children {
                holds |= node_explain(c, facts, out);
            }
            holds
        }
        Node::Not { child } => !node_explain(child, facts, out),
        Node::Clause(clause) => {
            let observed = observe(&clause.fact, facts);
            let matched = compare(clause, &observed);
            out.push(ClauseExplain {
                path: clause.path.clone(),
                clause: clause.to_string(),
                matched,
                observed: observed.to_json(),
            });
            matched
        }
    }
}

fn text(value: Option<&String>) -> Observed {
    value.map_or(Observed::Missing, |s| Observed::One(Scalar::Str(s.clone())))
}

fn list<'a>(values: impl Iterator<Item = &'a String>) -> Observed {
    let mut items: Vec<String> = values.cloned().collect();
    items.sort();
    items.dedup();
    Observed::List(items)
}

/// Every prefix of a `/`-separated category path, the path included.
pub fn category_prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(move |(i, _)| &path[..i])
        .chain(std::iter::once(path))
}

fn same_currency(wanted: &Option<String>, facts: &Facts) -> bool {
    wanted
        .as_deref()
        .is_none_or(|c| c.eq_ignore_ascii_case(facts.currency))
}

fn observe(fact: &Fact, facts: &Facts) -> Observed {
    let ctx = facts.ctx;
    let number = |d: Decimal| Observed::One(Scalar::Number(d));
    match fact {
        Fact::CartTotal { currency } => {
            if same_currency(currency, facts) {
                number(to_decimal(facts.subtotal, facts.dp))
            } else {
                Observed::Missing
            }
        }
        Fact::ItemCount { currency } => {
            if same_currency(currency, facts) {
                number(Decimal::from(
                    ctx.items.iter().map(|i| u64::from(i.quantity)).sum::<u64>(),
                ))
            } else {
                Observed::Missing
            }
        }
        Fact::Quantity { item } => number(Decimal::from(
            ctx.items
                .iter()
                .filter(|i| i.sku.as_ref() == Some(item) || i.product_id.as_ref() == Some(item))
                .map(|i| u64::from(i.quantity))
                .sum::<u64>(),
        )),
        Fact::Skus => list(ctx.items.iter().filter_map(|i| i.sku.as_ref())),
        Fact::ProductIds => list(ctx.items.iter().filter_map(|i| i.product_id.as_ref())),
        Fact::VariantIds => list(ctx.items.iter().filter_map(|i| i.variant_id.as_ref())),
        Fact::Tags => list(ctx.items.iter().flat_map(|i| i.tags.iter())),
        Fact::Collections => list(ctx.items.iter().flat_map(|i| i.collections.iter())),
        Fact::Categories => {
            let mut items: Vec<String> = ctx
                .items
                .iter()
                .flat_map(|i| i.category.iter().chain(i.categories.iter()))
                .flat_map(|p| category_prefixes(p).map(str::to_owned))
                .collect();
            items.sort();
            items.dedup();
            Observed::List(items)
        }
        Fact::Segments => list(ctx.customer.segments.iter()),
        Fact::CustomerId => text(ctx.user_id.as_ref()),
        Fact::FirstTimeCustomer => ctx
            .customer
            .first_time
            .map_or(Observed::Missing, |b| Observed::One(Scalar::Bool(b))),
        Fact::LoyaltyTier => text(ctx.customer.loyalty_tier.as_ref()),
        Fact::Channel => text(ctx.channel.as_ref()),
        Fact::Store => text(ctx.store.as_ref()),
        Fact::Country => text(ctx.shipping_country.as_ref()),
        Fact::Region => text(ctx.region.as_ref()),
        Fact::Currency => text(ctx.currency.as_ref()),
        Fact::DayOfWeek { tz } => {
            let local = facts.now.with_timezone(tz);
            let day = DAY_NAMES[local.weekday().num_days_from_monday() as usize];
            Observed::One(Scalar::Str(day.to_owned()))
        }
        Fact::TimeOfDay { tz } => {
            let local = facts.now.with_timezone(tz);
            Observed::One(Scalar::Str(format!(
                "{:02}:{:02}",
                local.hour(),
                local.minute()
            )))
        }
        Fact::Metadata { path } => {
            let mut current = path.first().and_then(|k| ctx.metadata.get(k));
            for key in path.iter().skip(1) {
                current = current.and_then(|v| v.get(key));
            }
            json_observed(current)
        }
        Fact::Customer { attribute } => json_observed(ctx.customer.attributes.get(attribute)),
    }
}

fn json_observed(value: Option<&Value>) -> Observed {
    match value {
        Some(Value::Bool(b)) => Observed::One(Scalar::Bool(*b)),
        Some(Value::Number(n)) => n
            .to_string()
            .parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .map_or(Observed::Missing, |d| Observed::One(Scalar::Number(d))),
        Some(Value::String(s)) => Observed::One(Scalar::Str(s.clone())),
        Some(Value::Array(items)) => Observed::List(
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
        ),
        _ => Observed::Missing,
    }
}

fn scalar_eq(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        (Scalar::Str(x), Scalar::Str(y)) => x == y,
        (Scalar::Number(x), Scalar::Number(y)) => x == y,
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        _ => false,
    }
}

fn scalar_cmp(a: &Scalar, b: &Scalar) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Scalar::Number(x), Scalar::Number(y)) => Some(x.cmp(y)),
        (Scalar::Str(x), Scalar::Str(y)) => Some(x.as_str().cmp(y.as_str())),
        _ => None,
    }
}

fn list_has(list: &[String], s: &Scalar) -> bool {
    match s {
        Scalar::Str(s) => list.iter().any(|x| x == s),
        Scalar::Number(n) => list.iter().any(|x| x.parse::<Decimal>().ok() == Some(*n)),
        Scalar::Bool(_) => false,
    }
}

fn compare(clause: &Clause, observed: &Observed) -> bool {
    use std::cmp::Ordering::*;
    let values: &[Scalar] = match &clause.value {
        Operand::One(s) => std::slice::from_ref(s),
        Operand::List(list) => list,
    };
    match observed {
        Observed::Missing => clause.op == Op::Ne,
        Observed::List(items) => match clause.op {
            Op::Eq | Op::In => values.iter().any(|v| list_has(items, v)),
            Op::Ne => !values.iter().any(|v| list_has(items, v)),
            Op::Contains => values.iter().all(|v| list_has(items, v)),
            Op::Gt | Op::Gte | Op::Lt | Op::Lte => false,
        },
        Observed::One(x) => match clause.op {
            Op::Eq => values.iter().any(|v| scalar_eq(x, v)),
            Op::Ne => !values.iter().any(|v| scalar_eq(x, v)),
            Op::In => values.iter().any(|v| scalar_eq(x, v)),
            Op::Contains => match x {
                Scalar::Str(s) => values.iter().all(|v| match v {
                    Scalar::Str(part) => s.contains(part.as_str()),
                    _ => false,
                }),
                _ => false,
            },
            Op::Gt => values.iter().all(|v| scalar_cmp(x, v) == Some(Greater)),
            Op::Gte => values
                .iter()
                .all(|v| matches!(scalar_cmp(x, v), Some(Greater | Equal))),
            Op::Lt => values.iter().all(|v| scalar_cmp(x, v) == Some(Less)),
            Op::Lte => values
                .iter()
                .all(|v| matches!(scalar_cmp(x, v), Some(Less | Equal))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promo::compile::compile;
    use serde_json::json;

    fn ctx() -> PromoContext {
        serde_json::from_value(json!({
            "user_id": "u1", "currency": "GBP", "channel": "web", "store": "s1",
            "shipping_country": "GB", "region": "northeast_region",
            "items": [
                {"sku": "S1", "product_id": "P1", "categories": ["apparel/shoes/running"], "tags": ["new"], "quantity": 2, "price": 30},
                {"sku": "S2", "product_id": "P2", "categories": ["apparel/hats"], "tags": ["clearance"], "collections": ["summer"], "quantity": 1, "price": 5.5}
            ],
            "customer": {"segments": ["vip"], "first_time": false, "loyalty_tier": "gold", "attributes": {"lifetime_spend": 1200}},
            "metadata": {"campaign": {"source": "email"}, "score": 7}
        }))
        .unwrap()
    }

    /// 2025-08-16 is a Saturday; 23:30 UTC is 00:30 on Sunday in London (BST).
    fn now() -> DateTime<Utc> {
        "2025-08-16T23:30:00Z".parse().unwrap()
    }

    fn holds(rule: Value) -> bool {
        let compiled = compile(&rule).unwrap();
        let c = ctx();
        let facts = Facts::new(&c, now());
        let fast = matches(&compiled, &facts);
        let (explained, _) = explain(&compiled, &facts);
        assert_eq!(
            fast, explained,
            "fast and explained evaluation agree on {rule}"
        );
        fast
    }

    #[test]
    fn facts_and_operators() {
        let cases = [
            (
                json!({"cart_total": {"gte": 65.5, "currency": "GBP"}}),
                true,
            ),
            (json!({"cart_total": {"gt": 65.5}}), false),
            (json!({"cart_total": {"gte": 1, "currency": "EUR"}}), false),
            (json!({"item_count": {"eq": 3}}), true),
            (json!({"quantity": {"gte": 2, "sku": "S1"}}), true),
            (json!({"quantity": {"gte": 2, "product_id": "P2"}}), false),
            (json!({"skus": {"contains": ["S1", "S2"]}}), true),
            (json!({"skus": {"contains": ["S1", "S3"]}}), false),
            (json!({"product_ids": "P2"}), true),
            (json!({"categories": {"in": ["apparel/shoes"]}}), true),
            (json!({"categories": "apparel"}), true),
            (json!({"categories": "apparel/sho"}), false),
            (
                json!({"not": {"product_tags": ["clearance", "final_sale"]}}),
                false,
            ),
            (json!({"collections": {"ne": "winter"}}), true),
            (json!({"customer_id": "u1"}), true),
            (json!({"customer_segment": "vip"}), true),
            (json!({"first_time_customer": false}), true),
            (json!({"loyalty_tier": {"in": ["silver", "gold"]}}), true),
            (json!({"channel": {"ne": "web"}}), false),
            (json!({"store": "s1"}), true),
            (json!({"country": "GB"}), true),
            (json!({"region": {"contains": "northeast"}}), true),
            (json!({"day_of_week": "saturday"}), true),
            (
                json!({"day_of_week": {"eq": "sunday", "tz": "Europe/London"}}),
                true,
            ),
            (
                json!({"time_of_day": {"gte": "23:00", "lt": "23:59"}}),
                true,
            ),
            (
                json!({"time_of_day": {"lt": "01:00", "tz": "Europe/London"}}),
                true,
            ),
            (json!({"metadata.campaign.source": "email"}), true),
            (json!({"metadata.score": {"gt": 5}}), true),
            (json!({"metadata.missing": {"ne": 1}}), true),
            (json!({"metadata.missing": {"eq": 1}}), false),
            (json!({"lifetime_spend": {"gte": 1000}}), true),
            (json!({"customer.lifetime_spend": {"lt": 1000}}), false),
            (
                json!({"any": [{"channel": "app"}, {"all": [{"store": "s1"}, {"not": {"country": "FR"}}]}]}),
                true,
            ),
        ];
        for (rule, expected) in cases {
            assert_eq!(holds(rule.clone()), expected, "{rule}");
        }
    }

    #[test]
    fn explain_reports_every_clause_with_its_observation() {
        let rule = compile(&json!({"all": [
            {"cart_total": {"gte": 100, "currency": "GBP"}},
            {"not": {"product_tags": ["clearance", "final_sale"]}},
            {"customer_segment": "vip"}
        ]}))
        .unwrap();
        let c = ctx();
        let (matched, clauses) = explain(&rule, &Facts::new(&c, now()));
        assert!(!matched);
        let rows: Vec<(&str, &str, bool, Value)> = clauses
            .iter()
            .map(|c| {
                (
                    c.path.as_str(),
                    c.clause.as_str(),
                    c.matched,
                    c.observed.clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    "$.all[0].cart_total.gte",
                    "cart_total[GBP] gte 100",
                    false,
                    json!(65.5)
                ),
                (
                    "$.all[1].not.product_tags",
                    "tags in [\"clearance\", \"final_sale\"]",
                    true,
                    json!(["clearance", "new"])
                ),
                (
                    "$.all[2].customer_segment",
                    "customer_segment eq \"vip\"",
                    true,
                    json!(["vip"])
                ),
            ]
        );
    }
}
