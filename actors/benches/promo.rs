//! `cargo bench -p stampede-actors --bench promo`: one whole-cart preview, a
//! 50-line cart against 100 automatic promotions and 5 codes, the work of
//! `POST /preview` besides parsing and loading the catalog.
//!
//! The automatic promotions are spread like a real catalog's: most target a few
//! SKUs, some a category or a tag, a few are untargeted with a rule; they mix
//! every goods kind, priorities, caps and both stacking modes. The cart hits
//! some of them, so the index has to find them without scanning the rest.

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use stampede_actors::promo::{preview, Catalog, Options};
use stampede_protocol::promotion::{PromoContext, PromotionDef};

const SKU_COUNT: usize = 400;
const CATEGORY_COUNT: usize = 40;

fn gbp(amount: f64) -> Value {
    json!([{"amount": amount, "currency": "GBP"}])
}

fn discount(i: usize) -> Value {
    match i % 6 {
        0 => json!({"type": "cart_percentage", "percent": 5 + i % 10}),
        1 => json!({"type": "product_percentage", "percent": 10 + i % 15}),
        2 => json!({"type": "cart_fixed", "amounts": gbp(2.0 + (i % 5) as f64)}),
        3 => json!({"type": "product_fixed", "amounts": gbp(0.5)}),
        4 => {
            json!({"type": "buy_x_get_y", "buy": 2, "get": 1, "off": {"percent": 50}, "repeat_limit": 2})
        }
        _ => json!({"type": "tiered", "tiers": [
            {"min_subtotal": gbp(50.0), "off": {"percent": 5}},
            {"min_subtotal": gbp(200.0), "off": {"percent": 10}}]}),
    }
}

fn target(i: usize) -> Value {
    match i % 10 {
        0..=6 => {
            json!({"include_skus": [format!("SKU{}", (i * 7) % SKU_COUNT), format!("SKU{}", (i * 7 + 3) % SKU_COUNT)]})
        }
        7 | 8 => {
            json!({"include_categories": [format!("dept{}/cat{}", i % 4, i % CATEGORY_COUNT)], "exclude_tags": ["clearance"]})
        }
        _ => json!({"include_tags": [format!("tag{}", i % 7)]}),
    }
}

fn automatic(i: usize) -> Value {
    let mut p = json!({
        "id": format!("auto{i:03}"),
        "priority": (i % 5) as i32,
        "discount": discount(i),
        "target": target(i),
        "stacking": if i.is_multiple_of(25) { "exclusive" } else { "stackable" },
        "apply_on": if i.is_multiple_of(3) { "initial" } else { "discounted" },
    });
    if i.is_multiple_of(4) {
        p["max_discount"] = gbp(15.0);
    }
    if i % 20 == 19 {
        // Untargeted, guarded by a rule instead.
        p["target"] = json!({});
        p["condition"] =
            json!({"all": [{"cart_total": {"gte": 100, "currency": "GBP"}}, {"channel": "web"}]});
    }
    p
}

fn codes() -> Vec<Value> {
    vec![
        json!({"id": "code1", "code": "SAVE10", "discount": {"type": "cart_percentage", "percent": 10}, "max_discount": gbp(40.0)}),
        json!({"id": "code2", "code": "FIVER", "discount": {"type": "cart_fixed", "amounts": gbp(5.0)}, "min_purchase": gbp(50.0)}),
        json!({"id": "code3", "code": "SHIPFREE", "discount": {"type": "free_shipping"}}),
        json!({"id": "code4", "code": "SHOES20", "discount": {"type": "product_percentage", "percent": 20}, "target": {"include_categories": ["dept1"]}}),
        json!({"id": "code5", "code": "BIGONE", "stacking": "exclusive", "discount": {"type": "cart_percentage", "percent": 25}}),
    ]
}

fn cart() -> PromoContext {
    let items: Vec<Value> = (0..50)
        .map(|i| {
            json!({
                "sku": format!("SKU{}", (i * 13) % SKU_COUNT),
                "product_id": format!("P{}", (i * 13) % SKU_COUNT),
                "categories": [format!("dept{}/cat{}", i % 4, i % CATEGORY_COUNT)],
                "tags": if i % 9 == 0 { vec!["clearance".to_owned()] } else { vec![format!("tag{}", i % 11)] },
                "quantity": 1 + i % 3,
                "price": 3.99 + (i * 17 % 50) as f64,
            })
        })
        .collect();
    serde_json::from_value(json!({
        "user_id": "u1", "currency": "GBP", "channel": "web", "shipping_amount": 4.99, "items": items
    }))
    .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let mut defs: Vec<Value> = (0..100).map(automatic).collect();
    defs.extend(codes());
    let defs: Vec<PromotionDef> = defs
        .into_iter()
        .map(|d| serde_json::from_value(d).expect("bench promotion"))
        .collect();
    let catalog = Catalog::from_defs(defs).expect("bench catalog");
    let ctx = cart();
    let codes: Vec<String> = ["SAVE10", "FIVER", "SHIPFREE", "SHOES20", "BIGONE"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let now: DateTime<Utc> = "2025-08-15T12:00:00Z".parse().expect("time");
    let sample = preview(&catalog, &codes, &ctx, now, Options::default()).expect("preview");
    let applied = sample
        .decisions
        .iter()
        .filter(|d| d.status == stampede_actors::promo::Status::Applied)
        .count();
    println!(
        "candidates {} of 100 automatic + 5 codes, applied {applied}, savings {}",
        sample.decisions.len(),
        sample.savings()
    );
    c.bench_function("preview 50 lines, 100 automatic, 5 codes", |b| {
        b.iter(|| {
            preview(
                black_box(&catalog),
                black_box(&codes),
                black_box(&ctx),
                now,
                Options::default(),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
