//! The promotion fixture (`tests/fixtures/promo_carts.json`): carts with the
//! promotions and codes they meet and the expected totals, per-line discounts,
//! applied promotions in order, rejection reasons, effects and the free lines
//! added to `items`, hand-computed.
//! `api/tests/promo_preview.rs` runs the same file through `POST /preview`.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::Value;
use stampede_actors::promo::{preview, Catalog, Options, Preview, Status};
use stampede_protocol::promotion::{PromoContext, PromotionDef};

const FIXTURE: &str = include_str!("fixtures/promo_carts.json");

/// One case with its context resolved.
struct Case {
    name: String,
    promotions: Vec<PromotionDef>,
    codes: Vec<String>,
    context: Value,
    now: DateTime<Utc>,
    expect: Value,
}

fn cases() -> Vec<Case> {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let default_now = fixture["now"].as_str().unwrap();
    fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut context = match c.get("cart") {
                Some(name) => fixture["carts"][name.as_str().unwrap()].clone(),
                None => c["context"].clone(),
            };
            if let Some(patch) = c.get("context_patch").and_then(Value::as_object) {
                for (k, v) in patch {
                    context[k] = v.clone();
                }
            }
            Case {
                name: c["name"].as_str().unwrap().to_owned(),
                promotions: serde_json::from_value(c["promotions"].clone()).unwrap(),
                codes: serde_json::from_value(
                    c.get("codes").cloned().unwrap_or(Value::Array(vec![])),
                )
                .unwrap(),
                context,
                now: c
                    .get("now")
                    .and_then(Value::as_str)
                    .unwrap_or(default_now)
                    .parse()
                    .unwrap(),
                expect: c["expect"].clone(),
            }
        })
        .collect()
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

/// Every difference between the preview and the expectation.
fn differences(got: &Preview, expect: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut money = |name: &str, got: Decimal| {
        if got != dec(&expect[name]) {
            out.push(format!("{name}: got {got}, want {}", expect[name]));
        }
    };
    money("subtotal", got.subtotal);
    money("discount_total", got.discount_total);
    money("shipping_discount", got.shipping_discount);
    money("total", got.total);
    let lines: Vec<Decimal> = got.items.iter().map(|i| i.discount).collect();
    let want: Vec<Decimal> = expect["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(dec)
        .collect();
    if lines != want {
        out.push(format!("lines: got {lines:?}, want {want:?}"));
    }
    let mut applied: Vec<(usize, &str)> = got
        .decisions
        .iter()
        .filter(|d| d.status == Status::Applied)
        .map(|d| (d.order.unwrap(), d.promotion_id))
        .collect();
    applied.sort();
    let applied: Vec<&str> = applied.into_iter().map(|(_, id)| id).collect();
    let want: Vec<&str> = expect["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    if applied != want {
        out.push(format!("applied: got {applied:?}, want {want:?}"));
    }
    if let Some(rejected) = expect.get("rejected").and_then(Value::as_object) {
        for (id, reason) in rejected {
            let decision = got.decisions.iter().find(|d| d.promotion_id == *id);
            let first = decision.and_then(|d| d.reasons.first()).map(|r| r.as_str());
            if decision.map(|d| d.status) != Some(Status::Rejected) || first != reason.as_str() {
                out.push(format!("{id}: got {first:?}, want rejected with {reason}"));
            }
        }
    }
    if let Some(effects) = expect.get("effects") {
        let got_effects = serde_json::to_value(&got.effects).unwrap();
        if &got_effects != effects {
            out.push(format!("effects: got {got_effects}, want {effects}"));
        }
    }
    if let Some(added) = expect.get("added") {
        let items = serde_json::to_value(&got.items).unwrap();
        let got_added = added_lines(&items);
        if &got_added != added {
            out.push(format!("added lines: got {got_added}, want {added}"));
        }
    }
    if let Some(unknown) = expect.get("unknown_codes") {
        let got_unknown: Vec<&str> = got.unknown_codes.iter().map(|u| u.code.as_str()).collect();
        let want: Vec<&str> = unknown
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        if got_unknown != want {
            out.push(format!("unknown codes: got {got_unknown:?}, want {want:?}"));
        }
    }
    // Invariants every case must keep, whatever it expects.
    for item in &got.items {
        let adjusted: Decimal = item.adjustments.iter().map(|a| a.amount).sum();
        if adjusted != item.discount || item.total < Decimal::ZERO {
            out.push(format!(
                "line {}: adjustments {adjusted} vs discount {}",
                item.index, item.discount
            ));
        }
    }
    for item in got.items.iter().filter(|i| i.free) {
        if item.price != Decimal::ZERO
            || item.subtotal != Decimal::ZERO
            || item.total != Decimal::ZERO
        {
            out.push(format!("added line {} is not zero-priced", item.index));
        }
    }
    if got.total != got.subtotal - got.discount_total + got.shipping - got.shipping_discount {
        out.push("totals do not add up".into());
    }
    out
}

/// The lines a promotion added (`free`), as the fixture states them: identity,
/// quantity and the promotion.
fn added_lines(items: &Value) -> Value {
    let added = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["free"] == Value::Bool(true))
        .map(|i| {
            let mut line = serde_json::Map::new();
            for key in ["sku", "product_id", "quantity", "added_by"] {
                if let Some(v) = i.get(key) {
                    line.insert(key.to_owned(), v.clone());
                }
            }
            Value::Object(line)
        })
        .collect();
    Value::Array(added)
}

#[test]
fn fixture_has_at_least_sixty_carts() {
    assert!(cases().len() >= 60, "{} cases", cases().len());
}

#[test]
fn every_fixture_cart_previews_as_expected() {
    let mut failures = Vec::new();
    for case in cases() {
        let catalog = Catalog::from_defs(case.promotions.clone()).unwrap();
        let ctx: PromoContext = serde_json::from_value(case.context.clone()).unwrap();
        let got = preview(&catalog, &case.codes, &ctx, case.now, Options::default()).unwrap();
        for d in differences(&got, &case.expect) {
            failures.push(format!("{}: {d}", case.name));
        }
        // Explaining changes nothing but the explanation.
        let explained = preview(
            &catalog,
            &case.codes,
            &ctx,
            case.now,
            Options { explain: true },
        )
        .unwrap();
        assert_eq!(explained.total, got.total, "{}", case.name);
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A code's actor decides with `promo::alone`: for every promotion of the
/// fixture entered alone as a code, on its case's cart, it must give what a
/// preview of that code alone gives (reasons, goods, shipping, effects).
#[test]
fn a_code_alone_decides_as_its_preview() {
    use stampede_actors::promo::alone;
    let mut compared = 0;
    for case in cases() {
        let ctx: PromoContext = serde_json::from_value(case.context.clone()).unwrap();
        for def in &case.promotions {
            let mut def = def.clone();
            def.code = Some(String::from("ALONE"));
            let catalog = Catalog::from_defs(vec![def.clone()]).unwrap();
            let codes = [String::from("ALONE")];
            let report = preview(&catalog, &codes, &ctx, case.now, Options::default()).unwrap();
            let decision = &report.decisions[0];
            let decided = alone(&catalog, "alone", &ctx, case.now).unwrap();
            let name = format!("{} / {}", case.name, def.id);
            let applied = decided
                .applied
                .as_ref()
                .filter(|_| decided.reasons.is_empty());
            assert_eq!(
                applied.is_some(),
                decision.status == Status::Applied,
                "{name}"
            );
            if decision.status == Status::Rejected {
                assert_eq!(decided.reasons, decision.reasons, "{name}");
            }
            let money = |u| stampede_actors::promo::apply::money(u, decided.dp);
            assert_eq!(
                money(applied.map_or(0, |a| a.goods())),
                decision.discount,
                "{name}"
            );
            assert_eq!(
                money(applied.map_or(0, |a| a.shipping)),
                decision.shipping_discount,
                "{name}"
            );
            let effects = applied.map(|a| a.effects.clone()).unwrap_or_default();
            assert_eq!(effects, report.effects, "{name}");
            compared += 1;
        }
    }
    assert!(compared >= 100, "compared {compared}");
}
