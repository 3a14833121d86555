//! One engine, one verdict, over HTTP: the engine's fixture of carts through
//! *stored coupons* (`/validate`, `/preview`, `/redemptions` give the fixture's
//! amounts), random carts and coupon states answered alike by every endpoint
//! (validate, preview, eligibility, limits/check, reserve, redeem), codes that
//! follow their coupon live, and strict input (unknown keys and parameters
//! refused, list filters).

mod common;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("../../actors/tests/fixtures/promo_carts.json");

use common::{dec, fixture_context as context};

async fn post(server: &common::Server, tenant: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = server
        .root(Method::POST, tenant, path)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The coupon body a fixture promotion becomes, or `None` when a coupon
/// cannot say it (schedules with days and hours are limit sets, not coupons).
fn coupon_body(code: &str, p: &Value, rule_id: Option<&str>) -> Option<Value> {
    if p.get("window").is_some() {
        return None;
    }
    let mut body = json!({"code": code});
    if p["discount"]["type"] == "gift_card" {
        let money = &p["discount"]["balance"][0];
        body["type"] = json!("gift_card");
        body["value"] = money["amount"].clone();
        body["currency"] = money["currency"].clone();
    } else {
        body["discount"] = p["discount"].clone();
    }
    if let Some(target) = p.get("target") {
        body["applicability"] = target.clone();
    }
    for key in ["min_purchase", "max_discount"] {
        if let Some(v) = p.get(key) {
            body[key] = v.clone();
        }
    }
    if let Some(rule) = rule_id {
        body["rule_ids"] = json!([rule]);
    }
    Some(body)
}

#[tokio::test]
async fn fixture_carts_through_stored_coupons() {
    let server = common::start().await;
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (i, case) in fixture["cases"].as_array().unwrap().iter().enumerate() {
        let promotions = case["promotions"].as_array().unwrap();
        // One promotion, entered by the coupon's own code, at the fixture's
        // time of day only where the coupon's window does not matter.
        let entered_by_code = promotions.first().is_some_and(|p| p.get("code").is_some());
        if promotions.len() != 1 || case.get("now").is_some() || entered_by_code {
            continue;
        }
        let p = &promotions[0];
        let name = case["name"].as_str().unwrap();
        let rule_id = match p.get("condition") {
            Some(condition) => {
                let (status, rule) = post(
                    &server,
                    "fx",
                    "/v1/promotions/rules",
                    &json!({"name": format!("rule {i}"), "condition": condition}),
                )
                .await;
                assert_eq!(status, 201, "{name}: rule {rule}");
                Some(rule["id"].as_str().unwrap().to_owned())
            }
            None => None,
        };
        let code = format!("FX{i}");
        let Some(body) = coupon_body(&code, p, rule_id.as_deref()) else {
            continue;
        };
        let (status, created) = post(&server, "fx", "/v1/promotions/coupons", &body).await;
        if status != 201 {
            failures.push(format!("{name}: create {status}: {created}"));
            continue;
        }
        checked += 1;
        let expect = &case["expect"];
        let applied = !expect["applied"].as_array().unwrap().is_empty();
        let want = dec(&expect["discount_total"]) + dec(&expect["shipping_discount"]);
        let ctx = context(&fixture, case);
        let (_, v) = post(
            &server,
            "fx",
            "/v1/promotions/validate",
            &json!({"codes": [code], "context": ctx}),
        )
        .await;
        let result = &v["results"][0];
        if result["valid"] != json!(applied)
            || (applied && dec(&result["applied_discount"]) != want)
        {
            failures.push(format!(
                "{name}: validate {result}, want {want} applied={applied}"
            ));
        }
        let (_, preview) = post(
            &server,
            "fx",
            "/v1/promotions/preview",
            &json!({"codes": [code], "context": ctx}),
        )
        .await;
        let previewed = dec(&preview["discount_total"]) + dec(&preview["shipping_discount"]);
        if previewed != want {
            failures.push(format!("{name}: preview {previewed}, want {want}"));
        }
        let (status, redemption) = post(
            &server,
            "fx",
            "/v1/promotions/redemptions",
            &json!({"coupon_code": code, "user_id": "fixture-user", "context": ctx}),
        )
        .await;
        let redeemed_ok = status == 201 && dec(&redemption["discount_amount"]) == want;
        if redeemed_ok != applied {
            failures.push(format!("{name}: redeem {status} {redemption}, want {want}"));
        }
    }
    assert!(checked >= 60, "only {checked} cases could be stored");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A random coupon: one of several kinds, with or without a minimum, a
/// once-per-customer limit, a total, a rule, a paused status.
fn random_coupon(rng: &mut StdRng, code: &str, rule_id: &str) -> Value {
    let mut body = match rng.random_range(0..4) {
        0 => json!({"type": "percentage", "value": rng.random_range(1..60)}),
        1 => json!({"type": "fixed", "value": rng.random_range(1..40), "currency": "GBP"}),
        2 => {
            json!({"discount": {"type": "buy_x_get_y", "buy": 1, "get": 1, "off": {"percent": 50}}})
        }
        _ => {
            json!({"discount": {"type": "product_fixed", "amounts": [{"amount": 2, "currency": "GBP"}]}})
        }
    };
    body["code"] = json!(code);
    if rng.random_bool(0.4) {
        body["per_customer_limit"] = json!(1);
    }
    if rng.random_bool(0.3) {
        body["max_uses"] = json!(rng.random_range(1..3));
    }
    if rng.random_bool(0.3) {
        body["rule_ids"] = json!([rule_id]);
    }
    if rng.random_bool(0.3) {
        let key = if body.get("discount").is_some() {
            "min_purchase"
        } else {
            "min_cart_value"
        };
        body[key] = if key == "min_purchase" {
            json!([{"amount": 50, "currency": "GBP"}])
        } else {
            json!(50)
        };
    }
    if rng.random_bool(0.15) {
        body["status"] = json!("paused");
    }
    body
}

fn random_cart(rng: &mut StdRng, user: &str) -> Value {
    let lines: Vec<Value> = (0..rng.random_range(1..4))
        .map(|i| json!({"sku": format!("SKU{i}"), "quantity": rng.random_range(1..4), "price": rng.random_range(3..40)}))
        .collect();
    json!({"user_id": user, "currency": "GBP", "items": lines, "channel": "web"})
}

/// The entry of a list (decisions, promotions) about `code`, or null.
fn entry_for(list: &Value, code: &str) -> Value {
    list.as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == json!(code)))
        .cloned()
        .unwrap_or(Value::Null)
}

/// The reason codes an endpoint gave, sorted; empty when it applies.
fn sorted(reasons: &Value) -> Vec<String> {
    let mut out: Vec<String> = reasons
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| r.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[tokio::test]
async fn every_endpoint_gives_the_same_verdict() {
    let server = common::start().await;
    let (status, rule) = post(
        &server,
        "agree",
        "/v1/promotions/rules",
        &json!({"name": "big carts", "condition": {"cart_total": {"gte": 40, "currency": "GBP"}}}),
    )
    .await;
    assert_eq!(status, 201, "{rule}");
    let rule_id = rule["id"].as_str().unwrap().to_owned();
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let mut disagreements = Vec::new();
    for round in 0..40 {
        let code = format!("AGREE{round}");
        let body = random_coupon(&mut rng, &code, &rule_id);
        let (status, created) = post(&server, "agree", "/v1/promotions/coupons", &body).await;
        assert_eq!(status, 201, "{body}: {created}");
        for step in 0..3 {
            let user = format!("u{}", rng.random_range(0..2));
            let cart = random_cart(&mut rng, &user);
            let (_, v) = post(
                &server,
                "agree",
                "/v1/promotions/validate",
                &json!({"codes": [code], "context": cart}),
            )
            .await;
            let validated = &v["results"][0];
            let body_of = json!({"codes": [code], "context": cart});
            let (_, preview) = post(&server, "agree", "/v1/promotions/preview", &body_of).await;
            let decision = entry_for(&preview["decisions"], &code);
            let (_, eligibility) = post(
                &server,
                "agree",
                "/v1/promotions/eligibility/check",
                &body_of,
            )
            .await;
            let eligible = entry_for(&eligibility["promotions"], &code);
            let valid = validated["valid"] == json!(true);
            let amount = dec(&validated["applied_discount"]);
            let previewed = dec(&preview["discount_total"]) + dec(&preview["shipping_discount"]);
            let what = format!("round {round} step {step}: {body} on {cart}");
            if (decision["status"] == json!("applied")) != valid || (valid && previewed != amount) {
                disagreements.push(format!("{what}: validate {validated} preview {decision}"));
            }
            if !valid && sorted(&decision["reasons"]) != sorted(&validated["reasons"]) {
                disagreements.push(format!("{what}: reasons {validated} vs preview {decision}"));
            }
            if (eligible["eligible"] == json!(true)) != valid {
                disagreements.push(format!(
                    "{what}: validate {validated} eligibility {eligible}"
                ));
            }
            // Redeem last: it is the state change the next step sees.
            let (status, redemption) = post(
                &server,
                "agree",
                "/v1/promotions/redemptions",
                &json!({"coupon_code": code, "user_id": user, "context": cart}),
            )
            .await;
            match (valid, status) {
                (true, 201) if dec(&redemption["discount_amount"]) == amount => {}
                (false, 400..=499) if redemption["code"] == validated["reasons"][0] => {}
                _ => disagreements.push(format!(
                    "{what}: validate {validated} redeem {status} {redemption}"
                )),
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[tokio::test]
async fn every_kind_is_a_coupon() {
    let server = common::start().await;
    let kinds = [
        json!({"type": "product_percentage", "percent": 10}),
        json!({"type": "product_fixed", "amounts": [{"amount": 1, "currency": "GBP"}, {"amount": 2, "currency": "EUR"}]}),
        json!({"type": "buy_x_get_y", "buy": 2, "get": 1, "off": {"amounts": [{"amount": 5, "currency": "GBP"}]}}),
        json!({"type": "bundle", "components": [{"target": {"include_skus": ["A"]}, "quantity": 1}, {"target": {"include_skus": ["B"]}, "quantity": 1}], "off": {"percent": 20}}),
        json!({"type": "tiered", "tiers": [{"min_subtotal": [{"amount": 20, "currency": "GBP"}], "off": {"percent": 5}}]}),
        json!({"type": "free_shipping", "percent": 50, "max_amount": [{"amount": 3, "currency": "GBP"}]}),
        json!({"type": "free_product", "sku": "GIFT", "quantity": 1}),
        json!({"type": "loyalty_points", "points": 100}),
        json!({"type": "custom", "payload": {"banner": "vip"}}),
    ];
    let cart = json!({"currency": "GBP", "shipping_amount": 8,
        "items": [{"sku": "A", "quantity": 3, "price": 10}, {"sku": "B", "quantity": 1, "price": 20}]});
    for (i, discount) in kinds.iter().enumerate() {
        let code = format!("KIND{i}");
        let created = server
            .create_coupon("kinds", json!({"code": code, "discount": discount}))
            .await;
        assert_eq!(created["type"], discount["type"], "{created}");
        let (_, v) = post(
            &server,
            "kinds",
            "/v1/promotions/validate",
            &json!({"codes": [code], "context": cart}),
        )
        .await;
        assert_eq!(v["results"][0]["valid"], true, "{discount}: {v}");
    }
    // Free shipping at 50%, at most 3: 3 off 8.
    let (_, v) = post(
        &server,
        "kinds",
        "/v1/promotions/validate",
        &json!({"codes": ["KIND5"], "context": cart}),
    )
    .await;
    assert_eq!(dec(&v["results"][0]["applied_discount"]), Decimal::from(3));
    // A custom payload and loyalty points come back as effects.
    let (_, v) = post(
        &server,
        "kinds",
        "/v1/promotions/validate",
        &json!({"codes": ["KIND8"], "context": cart}),
    )
    .await;
    assert_eq!(
        v["results"][0]["effects"][0]["payload"]["banner"], "vip",
        "{v}"
    );
    // Per-currency amounts: a currency the coupon does not list is refused.
    let mut chf = cart.clone();
    chf["currency"] = json!("CHF");
    let (_, v) = post(
        &server,
        "kinds",
        "/v1/promotions/validate",
        &json!({"codes": ["KIND1"], "context": chf}),
    )
    .await;
    assert_eq!(v["results"][0]["reasons"][0], "currency_mismatch", "{v}");
    let mut eur = cart.clone();
    eur["currency"] = json!("EUR");
    let (_, v) = post(
        &server,
        "kinds",
        "/v1/promotions/validate",
        &json!({"codes": ["KIND1"], "context": eur}),
    )
    .await;
    assert_eq!(
        dec(&v["results"][0]["applied_discount"]),
        Decimal::from(8),
        "{v}"
    );
}

#[tokio::test]
async fn unknown_keys_and_parameters_are_refused() {
    let server = common::start().await;
    for (body, field) in [
        (
            json!({"code": "X1", "type": "percentage", "value": 5, "colour": "red"}),
            "colour",
        ),
        (
            json!({"code": "X2", "type": "percentage", "value": 5,
            "applicability": {"include_variantz": ["V1"]}}),
            "include_variantz",
        ),
    ] {
        let (status, problem) = post(&server, "strict", "/v1/promotions/coupons", &body).await;
        assert_eq!(status, 400, "{problem}");
        assert!(problem.to_string().contains(field), "{problem}");
    }
    // Keys the engine knows are kept, not dropped.
    let created = server
        .create_coupon(
            "strict",
            json!({"code": "VAR", "type": "percentage", "value": 5,
            "applicability": {"include_variants": ["V1"], "include_collections": ["summer"]}}),
        )
        .await;
    assert_eq!(created["applicability"]["include_variants"][0], "V1");
    let (status, problem) = server.get("strict", "/v1/promotions/coupons?bogus=1").await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "bogus", "{problem}");
}

#[tokio::test]
async fn coupons_are_listed_by_the_seeds_filters() {
    let server = common::start().await;
    for (code, name, kind) in [
        ("BF1", "Black Friday shoes", "percentage"),
        ("BF2", "black friday hats", "fixed"),
        ("XM1", "Christmas", "percentage"),
    ] {
        let mut body = json!({"code": code, "name": name, "type": kind, "value": 5});
        if kind == "fixed" {
            body["currency"] = json!("GBP");
        }
        server.create_coupon("lists", body).await;
    }
    let codes = |v: &Value| -> Vec<String> {
        let mut c: Vec<String> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_owned())
            .collect();
        c.sort();
        c
    };
    let (_, v) = server
        .get("lists", "/v1/promotions/coupons?name=friday")
        .await;
    assert_eq!(codes(&v), ["BF1", "BF2"]);
    let (_, v) = server
        .get("lists", "/v1/promotions/coupons?type=fixed")
        .await;
    assert_eq!(codes(&v), ["BF2"]);
    let (_, v) = server
        .get(
            "lists",
            "/v1/promotions/coupons?kind=percentage,fixed&name=black",
        )
        .await;
    assert_eq!(codes(&v), ["BF1", "BF2"]);
    let (_, v) = server
        .get(
            "lists",
            "/v1/promotions/coupons?active=true&created_by=root&sort=-code&page=1&limit=2",
        )
        .await;
    assert_eq!(v["total"], 3, "{v}");
    assert_eq!(v["data"][0]["code"], "XM1");
    assert_eq!(v["has_more"], true);
    let (_, v) = server
        .get("lists", "/v1/promotions/coupons?sort=code&page=2&limit=2")
        .await;
    assert_eq!(codes(&v), ["XM1"]);
    let (status, _) = server
        .get("lists", "/v1/promotions/coupons?sort=colour")
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn preview_refuses_what_redeem_refuses() {
    let server = common::start().await;
    let (_, rule) = post(
        &server,
        "pv",
        "/v1/promotions/rules",
        &json!({"name": "over 50", "condition": {"cart_total": {"gte": 50, "currency": "GBP"}}}),
    )
    .await;
    server
        .create_coupon(
            "pv",
            json!({"code": "ONCE", "type": "percentage", "value": 10,
            "per_customer_limit": 1, "rule_ids": [rule["id"]]}),
        )
        .await;
    let small = json!({"user_id": "u1", "currency": "GBP", "items": [{"sku": "A", "quantity": 1, "price": 20}]});
    let big = json!({"user_id": "u1", "currency": "GBP", "items": [{"sku": "A", "quantity": 3, "price": 20}]});
    let (_, p) = post(
        &server,
        "pv",
        "/v1/promotions/preview",
        &json!({"codes": ["ONCE"], "context": small}),
    )
    .await;
    assert_eq!(p["decisions"][0]["reasons"][0], "condition_not_met", "{p}");
    let (status, _) = post(
        &server,
        "pv",
        "/v1/promotions/redemptions",
        &json!({"coupon_code": "ONCE", "user_id": "u1", "context": big}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, p) = post(
        &server,
        "pv",
        "/v1/promotions/preview",
        &json!({"codes": ["ONCE"], "context": big}),
    )
    .await;
    assert_eq!(
        p["decisions"][0]["reasons"][0], "per_customer_limit_reached",
        "{p}"
    );
    assert_eq!(dec(&p["discount_total"]), Decimal::ZERO);
    let (_, e) = post(
        &server,
        "pv",
        "/v1/promotions/eligibility/check",
        &json!({"codes": ["ONCE"], "context": big}),
    )
    .await;
    assert_eq!(e["eligible"], false, "{e}");
}

#[tokio::test]
async fn local_dates_are_read_in_the_coupons_time_zone() {
    let server = common::start().await;
    let created = server
        .create_coupon(
            "tz",
            json!({"code": "LOCAL", "type": "percentage", "value": 5,
            "name": "Black Friday", "description": "Shoes", "external_id": "ext-1",
            "valid_from": "2030-11-01T00:00:00", "localized_timezone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(created["valid_from"], "2030-10-31T23:00:00Z", "{created}");
    assert_eq!(created["external_id"], "ext-1");
    let (status, paused) = post(
        &server,
        "tz",
        "/v1/promotions/coupons",
        &json!({"code": "LATER", "type": "percentage", "value": 5, "status": "paused"}),
    )
    .await;
    assert_eq!(status, 201, "{paused}");
    let (_, v) = post(&server, "tz", "/v1/promotions/validate",
        &json!({"codes": ["LATER"], "context": {"currency": "GBP", "items": [{"sku": "A", "quantity": 1, "price": 9}]}})).await;
    assert_eq!(v["results"][0]["reasons"][0], "inactive", "{v}");
}

async fn patch(server: &common::Server, tenant: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = server
        .root(Method::PATCH, tenant, path)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn codes_follow_their_coupon_live() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "live",
            json!({"code": "PARENT", "type": "percentage", "value": 10, "max_uses": 100}),
        )
        .await;
    let id = coupon["id"].as_str().unwrap().to_owned();
    let (status, codes) = post(
        &server,
        "live",
        &format!("/v1/promotions/coupons/{id}/codes"),
        &json!({"codes": ["KID-1", "KID-2"]}),
    )
    .await;
    assert_eq!(status, 201, "{codes}");
    let cart = json!({"user_id": "u1", "currency": "GBP", "store_id": "s2",
        "items": [{"sku": "A", "quantity": 1, "price": 100}]});
    let check = |code: &'static str| {
        let cart = cart.clone();
        let server = &server;
        async move {
            let (_, v) = post(
                server,
                "live",
                "/v1/promotions/validate",
                &json!({"codes": [code], "context": cart}),
            )
            .await;
            v["results"][0].clone()
        }
    };
    // The code's actor is live after a redemption.
    let (status, redeemed) = post(
        &server,
        "live",
        "/v1/promotions/redemptions",
        &json!({"coupon_code": "KID-1", "user_id": "u1", "context": cart}),
    )
    .await;
    assert_eq!(status, 201, "{redeemed}");
    assert_eq!(dec(&redeemed["discount_amount"]), Decimal::from(10));
    // Repriced: the live code takes 20% at once.
    let (status, updated) = patch(
        &server,
        "live",
        &format!("/v1/promotions/coupons/{id}"),
        &json!({"version": 1, "value": 20}),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        dec(&check("KID-1").await["applied_discount"]),
        Decimal::from(20)
    );
    // Paused: every code refuses; resumed: they apply again.
    let (status, _) = patch(
        &server,
        "live",
        &format!("/v1/promotions/coupons/{id}"),
        &json!({"version": 2, "status": "paused"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(check("KID-1").await["reasons"][0], "inactive");
    assert_eq!(check("KID-2").await["reasons"][0], "inactive");
    let (status, _) = patch(
        &server,
        "live",
        &format!("/v1/promotions/coupons/{id}"),
        &json!({"version": 3, "status": "active", "per_customer_limit": 1}),
    )
    .await;
    assert_eq!(status, 200);
    // The per-customer limit counts this code's own uses: u1 used KID-1 once.
    assert_eq!(
        check("KID-1").await["reasons"][0],
        "per_customer_limit_reached"
    );
    assert_eq!(check("KID-2").await["valid"], true);
    // Limits added to the coupon (stores) reach the live code too.
    let (status, set) = post(
        &server,
        "live",
        "/v1/promotions/limits",
        &json!({"target": "coupon", "target_id": id, "stores": ["s1"]}),
    )
    .await;
    assert_eq!(status, 201, "{set}");
    assert_eq!(check("KID-2").await["valid"], false);
    // A code's own terms cannot drift from its coupon; its status can change.
    let kid = codes["data"][0]["coupon_id"].as_str().unwrap().to_owned();
    let (status, problem) = patch(
        &server,
        "live",
        &format!("/v1/promotions/coupons/{kid}"),
        &json!({"version": 1, "value": 50}),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let (_, read) = server
        .get("live", &format!("/v1/promotions/coupons/{kid}"))
        .await;
    assert_eq!(read["value"], 20.0, "{read}");
    assert_eq!(read["per_customer_limit"], 1);
}

#[tokio::test]
async fn routes_without_parameters_refuse_a_query() {
    let server = common::start().await;
    let coupon = server
        .create_coupon("q", json!({"code": "Q1", "type": "percentage", "value": 5}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    let (status, problem) = server
        .get("q", &format!("/v1/promotions/coupons/{id}?expand=codes"))
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "expand");
    let (status, _) = post(
        &server,
        "q",
        "/v1/promotions/validate?dry=1",
        &json!({"codes": ["Q1"], "context": {}}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = server
        .get("q", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .get("q", "/v1/promotions/coupons/lookup?code=Q1")
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn case_sensitive_codes_match_only_as_written() {
    let server = common::start().await;
    server
        .create_coupon(
            "cs",
            json!({"code": "Summer10", "type": "percentage", "value": 10,
            "case_sensitive": true}),
        )
        .await;
    let loose = server
        .create_coupon(
            "cs",
            json!({"code": "Winter5", "type": "percentage", "value": 5}),
        )
        .await;
    assert!(
        loose.get("case_sensitive").is_none(),
        "off by default: {loose}"
    );
    let cart = json!({"currency": "GBP", "items": [{"sku": "A", "quantity": 1, "price": 50}]});
    let (_, v) = post(
        &server,
        "cs",
        "/v1/promotions/validate",
        &json!({"codes": ["Summer10", "SUMMER10", "winter5"], "context": cart}),
    )
    .await;
    assert_eq!(v["results"][0]["valid"], true, "{v}");
    assert_eq!(v["results"][1]["reasons"][0], "coupon_not_found", "{v}");
    assert_eq!(v["results"][2]["valid"], true, "{v}");
    let (status, _) = post(
        &server,
        "cs",
        "/v1/promotions/redemptions",
        &json!({"coupon_code": "summer10", "user_id": "u1", "context": cart}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = post(
        &server,
        "cs",
        "/v1/promotions/redemptions",
        &json!({"coupon_code": "Summer10", "user_id": "u1", "context": cart}),
    )
    .await;
    assert_eq!(status, 201);
    // The code is unique in any spelling.
    let (status, _) = post(
        &server,
        "cs",
        "/v1/promotions/coupons",
        &json!({"code": "SUMMER10", "type": "percentage", "value": 1}),
    )
    .await;
    assert_eq!(status, 409);
    // A context key the service does not know is refused, not ignored.
    let (status, problem) = post(
        &server,
        "cs",
        "/v1/promotions/validate",
        &json!({"codes": ["Winter5"], "context": {"currency": "GBP", "basket": []}}),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert!(problem.to_string().contains("basket"), "{problem}");
}
