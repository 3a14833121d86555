//! Properties of the promotion engine over random carts and promotions: totals
//! never negative, no promotion above its cap, allocations summing exactly, the
//! best combination at least as good as any single code, determinism.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stampede_actors::promo::{preview, Catalog, Options, Preview, Status};
use stampede_protocol::promotion::{PromoContext, PromotionDef, Stacking};

const SKUS: [&str; 4] = ["A", "B", "C", "D"];
const CATEGORIES: [&str; 3] = ["x", "x/y", "z"];
const TAGS: [&str; 2] = ["t1", "t2"];

fn now() -> DateTime<Utc> {
    "2025-08-15T12:00:00Z".parse().unwrap()
}

fn item() -> impl Strategy<Value = Value> {
    (0usize..4, 0usize..3, 0usize..2, 0u32..5, 0u64..100_000).prop_map(|(s, c, t, q, cents)| {
        json!({"sku": SKUS[s], "product_id": format!("P{s}"), "categories": [CATEGORIES[c]],
               "tags": [TAGS[t]], "quantity": q, "price": Decimal::new(cents as i64, 2).to_string().parse::<f64>().unwrap()})
    })
}

fn cart() -> impl Strategy<Value = Value> {
    (prop::collection::vec(item(), 1..8), 0u64..2_000).prop_map(|(items, ship)| {
        json!({"currency": "GBP", "items": items, "shipping_amount": ship as f64 / 100.0})
    })
}

fn money(units: u64) -> Value {
    json!([{"amount": units as f64 / 100.0, "currency": "GBP"}])
}

fn discount() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1u32..=100).prop_map(|p| json!({"type": "cart_percentage", "percent": p})),
        (1u64..20_000).prop_map(|a| json!({"type": "cart_fixed", "amounts": money(a)})),
        (1u32..=100).prop_map(|p| json!({"type": "product_percentage", "percent": p})),
        (1u64..5_000).prop_map(|a| json!({"type": "product_fixed", "amounts": money(a)})),
        (1u32..3, 1u32..3, 1u32..=100, prop::option::of(1u32..3)).prop_map(|(b, g, p, r)|
            json!({"type": "buy_x_get_y", "buy": b, "get": g, "off": {"percent": p}, "repeat_limit": r})),
        (1u64..3_000).prop_map(|a| json!({"type": "bundle", "components": [
            {"target": {"include_skus": ["A"]}, "quantity": 1}, {"target": {"include_skus": ["B"]}, "quantity": 1}],
            "off": {"amounts": money(a)}})),
        (1u64..10_000, 1u32..=50).prop_map(|(min, p)| json!({"type": "tiered", "tiers": [
            {"min_subtotal": money(min), "off": {"percent": p}}, {"min_subtotal": money(min * 3), "off": {"amounts": money(min)}}]})),
        (1u32..=100).prop_map(|p| json!({"type": "free_shipping", "percent": p})),
        (1u64..50_000).prop_map(|a| json!({"type": "gift_card", "balance": money(a)})),
        Just(json!({"type": "loyalty_points", "points_per_unit": 1})),
    ]
}

fn target() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        (0usize..4).prop_map(|s| json!({"include_skus": [SKUS[s]]})),
        (0usize..3).prop_map(|c| json!({"include_categories": [CATEGORIES[c]]})),
        (0usize..2).prop_map(|t| json!({"exclude_tags": [TAGS[t]]})),
    ]
}

/// Promotion `i`: a code (`C{i}`) or automatic.
fn promotion(i: usize) -> impl Strategy<Value = Value> {
    (discount(), target(), any::<bool>(), 0u8..4, -2i32..3, any::<bool>(), prop::option::of(1u64..5_000))
        .prop_map(move |(d, t, is_code, stacking, priority, initial, cap)| {
            let mut p = json!({"id": format!("p{i}"), "discount": d, "target": t, "priority": priority,
                "stacking": if stacking == 0 { "exclusive" } else { "stackable" },
                "apply_on": if initial { "initial" } else { "discounted" }});
            if is_code {
                p["code"] = json!(format!("C{i}"));
            }
            if let Some(cap) = cap {
                p["max_discount"] = money(cap);
            }
            p
        })
}

fn promotions() -> impl Strategy<Value = Vec<Value>> {
    (1usize..8).prop_flat_map(|n| (0..n).map(promotion).collect::<Vec<_>>())
}

fn setup(promos: &[Value], ctx: &Value) -> (Catalog, PromoContext, Vec<String>) {
    let defs: Vec<PromotionDef> = promos
        .iter()
        .map(|p| serde_json::from_value(p.clone()).unwrap())
        .collect();
    let codes: Vec<String> = defs.iter().filter_map(|d| d.code.clone()).take(5).collect();
    let catalog = Catalog::from_defs(defs).unwrap();
    (catalog, serde_json::from_value(ctx.clone()).unwrap(), codes)
}

fn run<'a>(catalog: &'a Catalog, codes: &[String], ctx: &'a PromoContext) -> Preview<'a> {
    preview(catalog, codes, ctx, now(), Options::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn totals_never_negative_and_allocations_exact(promos in promotions(), ctx in cart()) {
        let (catalog, ctx, codes) = setup(&promos, &ctx);
        let p = run(&catalog, &codes, &ctx);
        prop_assert!(p.total >= Decimal::ZERO);
        prop_assert!(p.discount_total <= p.subtotal);
        prop_assert!(p.shipping_discount <= p.shipping);
        prop_assert_eq!(p.total, p.subtotal - p.discount_total + p.shipping - p.shipping_discount);
        let mut line_sum = Decimal::ZERO;
        for item in &p.items {
            prop_assert!(item.total >= Decimal::ZERO && item.discount >= Decimal::ZERO);
            prop_assert_eq!(item.subtotal - item.discount, item.total);
            let adjusted: Decimal = item.adjustments.iter().map(|a| a.amount).sum();
            prop_assert_eq!(adjusted, item.discount);
            line_sum += item.discount;
        }
        prop_assert_eq!(line_sum, p.discount_total);
        for d in p.decisions.iter().filter(|d| d.status == Status::Applied) {
            let on_lines: Decimal = p.items.iter().flat_map(|i| &i.adjustments)
                .filter(|a| a.promotion_id == d.promotion_id).map(|a| a.amount).sum();
            prop_assert_eq!(on_lines, d.discount, "allocation of {}", d.promotion_id);
        }
    }

    #[test]
    fn no_promotion_exceeds_its_cap(promos in promotions(), ctx in cart()) {
        let (catalog, ctx, codes) = setup(&promos, &ctx);
        let p = run(&catalog, &codes, &ctx);
        for d in p.decisions.iter().filter(|d| d.status == Status::Applied) {
            let def = &catalog.promotions.iter().find(|x| x.def.id == d.promotion_id).unwrap().def;
            if let Some(cap) = def.max_discount.first() {
                prop_assert!(d.discount + d.shipping_discount <= cap.amount, "{} over its cap", d.promotion_id);
            }
        }
    }

    #[test]
    fn best_combination_beats_every_single_code(promos in promotions(), ctx in cart()) {
        let (catalog, ctx, codes) = setup(&promos, &ctx);
        let all = run(&catalog, &codes, &ctx);
        for code in &codes {
            let single = run(&catalog, std::slice::from_ref(code), &ctx);
            prop_assert!(all.savings() >= single.savings(), "{} alone saves {} > {}", code, single.savings(), all.savings());
        }
        let none = run(&catalog, &[], &ctx);
        prop_assert!(all.savings() >= none.savings());
        // An independent yardstick: each code's promotion alone in a catalog of its
        // own (made stackable, so nothing but its own rules decides).
        for code in &codes {
            let mut def = catalog.promotions.iter().find(|p| p.code.as_deref() == Some(code.as_str())).unwrap().def.clone();
            def.stacking = Stacking::Stackable;
            let alone_catalog = Catalog::from_defs(vec![def]).unwrap();
            let alone = run(&alone_catalog, std::slice::from_ref(code), &ctx);
            prop_assert!(all.savings() >= alone.savings(), "{} alone saves {} > best {}", code, alone.savings(), all.savings());
        }
    }

    #[test]
    fn evaluation_is_deterministic(promos in promotions(), ctx in cart()) {
        let (catalog, ctx, codes) = setup(&promos, &ctx);
        let first = run(&catalog, &codes, &ctx);
        prop_assert_eq!(&first, &run(&catalog, &codes, &ctx));
        // The order codes are given in does not matter.
        let mut reversed = codes.clone();
        reversed.reverse();
        let other = run(&catalog, &reversed, &ctx);
        prop_assert_eq!(first.total, other.total);
        prop_assert_eq!(&first.items, &other.items);
        let applied = |p: &Preview| {
            let mut ids: Vec<String> = p.decisions.iter().filter(|d| d.status == Status::Applied)
                .map(|d| d.promotion_id.to_owned()).collect();
            ids.sort();
            ids
        };
        prop_assert_eq!(applied(&first), applied(&other));
    }
}
