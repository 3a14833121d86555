//! `POST /preview` and `POST /eligibility/check` over HTTP: the engine's fixture
//! of carts (`actors/tests/fixtures/promo_carts.json`) through the real server,
//! and stored campaign promotions found through the auto-apply index.

mod common;

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("../../actors/tests/fixtures/promo_carts.json");

use common::{dec, fixture_context as context};

fn differences(got: &Value, expect: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["subtotal", "discount_total", "shipping_discount", "total"] {
        if dec(&got[name]) != dec(&expect[name]) {
            out.push(format!("{name}: got {}, want {}", got[name], expect[name]));
        }
    }
    let lines: Vec<Decimal> = got["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| dec(&i["discount"]))
        .collect();
    let want: Vec<Decimal> = expect["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(dec)
        .collect();
    if lines != want {
        out.push(format!("lines: got {lines:?}, want {want:?}"));
    }
    let mut applied: Vec<(u64, String)> = got["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "applied")
        .map(|d| {
            (
                d["order"].as_u64().unwrap(),
                d["promotion_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    applied.sort();
    let applied: Vec<String> = applied.into_iter().map(|(_, id)| id).collect();
    let want: Vec<String> = serde_json::from_value(expect["applied"].clone()).unwrap();
    if applied != want {
        out.push(format!("applied: got {applied:?}, want {want:?}"));
    }
    if let Some(rejected) = expect.get("rejected").and_then(Value::as_object) {
        for (id, reason) in rejected {
            let decision = got["decisions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["promotion_id"] == *id);
            let first = decision.map(|d| d["reasons"][0].clone());
            if decision.map(|d| d["status"].clone()) != Some(json!("rejected"))
                || first.as_ref() != Some(reason)
            {
                out.push(format!("{id}: got {first:?}, want rejected with {reason}"));
            }
        }
    }
    if let Some(effects) = expect.get("effects") {
        if &got["effects"] != effects {
            out.push(format!("effects: got {}, want {effects}", got["effects"]));
        }
    }
    if let Some(added) = expect.get("added") {
        let got_added = added_lines(&got["items"]);
        if &got_added != added {
            out.push(format!("added lines: got {got_added}, want {added}"));
        }
    }
    out
}

/// The lines a promotion added (`free`), as the fixture states them; each must be
/// zero-priced.
fn added_lines(items: &Value) -> Value {
    let added = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["free"] == json!(true))
        .map(|i| {
            for key in ["price", "subtotal", "total", "discount"] {
                assert_eq!(dec(&i[key]), Decimal::ZERO, "added line {key}: {i}");
            }
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

#[tokio::test]
async fn fixture_carts_through_http_preview() {
    let server = common::start().await;
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let default_now = fixture["now"].clone();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 60);
    let mut failures = Vec::new();
    for case in cases {
        let body = json!({
            "codes": case.get("codes").cloned().unwrap_or(json!([])),
            "context": context(&fixture, case),
            "promotions": case["promotions"],
            "options": {"at": case.get("now").cloned().unwrap_or(default_now.clone())},
        });
        let response = server
            .root(Method::POST, "fixture", "/v1/promotions/preview")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let got: Value = response.json().await.unwrap();
        let name = case["name"].as_str().unwrap();
        if status != 200 {
            failures.push(format!("{name}: status {status}: {got}"));
            continue;
        }
        for d in differences(&got, &case["expect"]) {
            failures.push(format!("{name}: {d}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn preview_refuses_bad_input_with_the_field() {
    let server = common::start().await;
    let cases = [
        (json!({"codes": ["A", "B", "C", "D", "E", "F"]}), "codes"),
        (json!({"context": {"currency": "gbp"}}), "context.currency"),
        (
            json!({"context": {"items": [{"quantity": 1, "price": -1}]}}),
            "context.items[0].price",
        ),
        (
            json!({"promotions": [{"id": "p", "discount": {"type": "cart_percentage", "percent": 120}}]}),
            "promotions[0].discount.percent",
        ),
        (
            json!({"promotions": [{"id": "p", "discount": {"type": "cart_percentage", "percent": 10},
            "condition": {"all": [{"cart_totl": {"gte": 1}}]}}]}),
            "promotions[0].condition.all[0].cart_totl",
        ),
    ];
    for (body, field) in cases {
        let response = server
            .root(Method::POST, "t", "/v1/promotions/preview")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["field"], field, "{problem}");
    }
}

#[tokio::test]
async fn validate_simulates_the_best_combination() {
    let server = common::start().await;
    server
        .create_coupon(
            "t",
            json!({"code": "PCT10", "type": "percentage", "value": 10}),
        )
        .await;
    server
        .create_coupon(
            "t",
            json!({"code": "FIVE", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    server.create_coupon("t", json!({"code": "BIG", "type": "fixed", "value": 50, "currency": "GBP", "min_cart_value": 500})).await;
    let context = json!({"currency": "GBP", "items": [{"sku": "A", "quantity": 2, "price": 50}]});
    let validate = |options: Value| {
        server
            .root(Method::POST, "t", "/v1/promotions/validate")
            .json(
                &json!({"codes": ["PCT10", "FIVE", "BIG"], "context": context, "options": options}),
            )
            .send()
    };
    let plain: Value = validate(json!({})).await.unwrap().json().await.unwrap();
    assert!(plain.get("best_combination").is_none(), "{plain}");
    let response = validate(json!({"simulate_best_combination": true}))
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    let best = &body["best_combination"];
    // BIG is invalid (minimum cart), so it is left out; 10% of 100, then 5 off.
    assert_eq!(best["discount_total"], 15.0, "{body}");
    assert_eq!(best["total"], 85.0);
    let applied: Vec<&str> = best["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "applied")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(applied.len(), 2, "{best}");
    assert!(applied.contains(&"PCT10") && applied.contains(&"FIVE"));
    assert_eq!(body["results"][2]["valid"], false);
}

#[tokio::test]
async fn openapi_documents_the_promotion_routes() {
    let server = common::start().await;
    let doc: Value = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, method) in [
        ("/v1/promotions/preview", "post"),
        ("/v1/promotions/eligibility/check", "post"),
        ("/v1/promotions/rules/simulate", "post"),
        ("/v1/promotions/campaigns/{campaign_id}/promotions", "post"),
        ("/v1/promotions/segments/bulk-evaluate", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{path} {method}");
    }
    assert!(doc["components"]["schemas"]["CampaignPromotion"].is_object());
}
