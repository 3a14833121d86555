//! The sandbox: test keys act on the tenant's isolated sandbox, and the
//! `/test/*` endpoints answer without writing anything.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn test_key(server: &common::Server, tenant: &str) -> String {
    let (status, body) = send(
        server
            .root(Method::POST, tenant, "/v1/promotions/keys")
            .json(&json!({"name": "qa", "scopes": ["admin"], "mode": "test"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["mode"], "test");
    body["key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_test_key_never_touches_live_data() {
    let server = common::start().await;
    let live = server
        .create_coupon(
            "acme",
            json!({"code": "SAME10", "type": "percentage", "value": 10, "max_uses": 5}),
        )
        .await;
    let key = test_key(&server, "acme").await;
    assert!(key.starts_with("sk_test_"), "{key}");
    let live_key = server.create_key("acme", &["admin"]).await;
    assert!(live_key.starts_with("stk_"));

    let redeem = |code: &str| {
        server
            .with_key(Method::POST, &key, "/v1/promotions/redemptions")
            .json(&json!({"coupon_code": code, "user_id": "qa-1",
                "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": 20}]}}))
    };
    // The sandbox does not see the live coupon...
    let (status, body) = send(redeem("SAME10")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("coupon_not_found")),
        "{body}"
    );
    // ...and has its own, under the same code.
    let (status, body) = send(
        server
            .with_key(Method::POST, &key, "/v1/promotions/coupons")
            .json(&json!({"code": "SAME10", "type": "percentage", "value": 10, "max_uses": 5})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let sandbox_id = body["id"].as_str().unwrap().to_owned();
    for _ in 0..2 {
        assert_eq!(send(redeem("SAME10")).await.0, 201);
    }
    let (_, sandbox) = send(server.with_key(
        Method::GET,
        &key,
        &format!("/v1/promotions/coupons/{sandbox_id}"),
    ))
    .await;
    assert_eq!(sandbox["uses_count"], 2);
    let live_id = live["id"].as_str().unwrap();
    let (_, stored) = server
        .get("acme", &format!("/v1/promotions/coupons/{live_id}"))
        .await;
    assert_eq!(stored["uses_count"], 0, "{stored}");
    let (_, listed) = server
        .get(
            "acme",
            &format!("/v1/promotions/coupons/{live_id}/redemptions"),
        )
        .await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 0, "{listed}");

    // A test key's path names its live tenant; nobody names the sandbox itself.
    let (status, _) = send(server.with_key(Method::GET, &key, "/v1/acme/promotions/coupons")).await;
    assert_eq!(status, 200);
    let (status, body) = server.get("acme~test", "/v1/promotions/coupons").await;
    assert_eq!((status, body["field"].as_str()), (400, Some("tenant_id")));
    // Keys are managed with live keys only.
    let (status, _) = send(
        server
            .with_key(Method::POST, &key, "/v1/promotions/keys")
            .json(&json!({"name": "x", "scopes": ["validate"]})),
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_test_endpoints_write_nothing() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "acme",
            json!({"code": "TRY10", "type": "percentage", "value": 10, "max_uses": 1}),
        )
        .await;
    let id = coupon["id"].as_str().unwrap();
    let cart = json!({"currency": "GBP", "user_id": "u1", "items": [{"sku": "S1", "quantity": 1, "price": 20}]});
    for _ in 0..3 {
        let (status, body) = send(
            server
                .root(Method::POST, "acme", "/v1/promotions/test/validate")
                .json(&json!({"code": "TRY10", "context": cart})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["results"][0]["valid"], true, "{body}");
    }
    let (status, body) = send(
        server
            .root(Method::POST, "acme", "/v1/promotions/test/validate")
            .json(&json!({"code": "TRY10", "context": cart, "options": {"lock": true}})),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("options.lock"))
    );
    let (status, body) = send(
        server
            .root(Method::POST, "acme", "/v1/promotions/test/preview")
            .json(&json!({"codes": ["TRY10"], "context": cart})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        server
            .root(Method::POST, "acme", "/v1/promotions/test/generate")
            .json(&json!({"coupon_id": id, "count": 500, "pattern": "TRY-{RAND:6}"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["count"], 500);
    assert_eq!(body["written"], false);
    let codes = body["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 100);
    assert!(codes
        .iter()
        .all(|c| c.as_str().unwrap().starts_with("TRY-")));
    let (status, body) = send(
        server
            .root(Method::POST, "acme", "/v1/promotions/test/generate")
            .json(&json!({"coupon_id": id, "count": 0})),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("count")));

    let (_, stored) = server
        .get("acme", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 0);
    let (_, codes) = server
        .get("acme", &format!("/v1/promotions/coupons/{id}/codes"))
        .await;
    assert_eq!(codes["data"].as_array().map_or(0, Vec::len), 0, "{codes}");
    // The single use is still there.
    assert_eq!(server.redeem("acme", "TRY10", "u1").await.0, 201);
}
