//! Request rate limits: counted, not timed. A limit of N per minute admits
//! exactly N requests in a burst and refuses the next with 429, `Retry-After`
//! and the `RateLimit-*` headers; classes and tenants are separate budgets;
//! failed authentications per source are bounded.

mod common;

use std::time::Duration;

use reqwest::{Method, Response};
use serde_json::{json, Value};
use stampede_api::auth::Auth;
use stampede_api::auth_failures::AuthFailures;

async fn put_limits(server: &common::Server, tenant: &str, body: Value) -> (u16, Value) {
    let response = server
        .root(Method::PUT, tenant, "/v1/promotions/rate-limits")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn header(response: &Response, name: &str) -> Option<u64> {
    response.headers().get(name)?.to_str().ok()?.parse().ok()
}

async fn list_coupons(server: &common::Server, key: &str) -> Response {
    server
        .with_key(Method::GET, key, "/v1/promotions/coupons")
        .send()
        .await
        .unwrap()
}

async fn validate(server: &common::Server, key: &str) -> Response {
    server
        .with_key(Method::POST, key, "/v1/promotions/validate")
        .json(&json!({"code": "NOPE"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_key_gets_exactly_its_limit_per_class() {
    let server = common::start().await;
    let (status, body) = put_limits(
        &server,
        "t1",
        json!({"per_key": {"admin": 5, "validate": 100}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let key = server.create_key("t1", &["admin"]).await;
    for n in 1..=5u64 {
        let response = list_coupons(&server, &key).await;
        assert_eq!(response.status(), 200, "request {n}");
        assert_eq!(header(&response, "ratelimit-limit"), Some(5));
        assert_eq!(header(&response, "ratelimit-remaining"), Some(5 - n));
        assert!(header(&response, "ratelimit-reset").is_some());
    }
    let refused = list_coupons(&server, &key).await;
    assert_eq!(refused.status(), 429);
    assert!(header(&refused, "retry-after").is_some_and(|s| s >= 1));
    assert_eq!(header(&refused, "ratelimit-limit"), Some(5));
    assert_eq!(header(&refused, "ratelimit-remaining"), Some(0));
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");

    // The validate class is another budget.
    let response = validate(&server, &key).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "ratelimit-limit"), Some(100));
    assert_eq!(header(&response, "ratelimit-remaining"), Some(99));

    // Another key of the tenant has its own budget; root is not limited.
    let other = server.create_key("t1", &["admin"]).await;
    assert_eq!(list_coupons(&server, &other).await.status(), 200);
    assert_eq!(server.get("t1", "/v1/promotions/coupons").await.0, 200);
}

#[tokio::test]
async fn a_tenant_budget_is_shared_by_its_keys_and_not_by_other_tenants() {
    let server = common::start().await;
    put_limits(&server, "t1", json!({"per_tenant": {"redeem": 3}})).await;
    let (a, b) = (
        server.create_key("t1", &["admin"]).await,
        server.create_key("t1", &["admin"]).await,
    );
    let other = server.create_key("t2", &["admin"]).await;
    let redemptions = |key: &str| {
        server
            .with_key(Method::GET, key, "/v1/promotions/redemptions/red_missing")
            .send()
    };
    // Admitted (the redemption does not exist: 404), three times in all.
    assert_eq!(redemptions(&a).await.unwrap().status(), 404);
    assert_eq!(redemptions(&a).await.unwrap().status(), 404);
    assert_eq!(redemptions(&b).await.unwrap().status(), 404);
    let refused = redemptions(&b).await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(header(&refused, "retry-after").is_some());
    // Another tenant, and another class of the same tenant, are untouched.
    assert_eq!(redemptions(&other).await.unwrap().status(), 404);
    assert_eq!(list_coupons(&server, &a).await.status(), 200);

    let response = server
        .with_key(Method::GET, &a, "/v1/promotions/rate-limits")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();
    assert_eq!(view["per_tenant"]["redeem"], 3);
    let redeem = view["usage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["class"] == "redeem")
        .unwrap()
        .clone();
    assert_eq!(redeem["tenant"]["limit"], 3);
    assert_eq!(redeem["tenant"]["remaining"], 0, "{view}");
    assert_eq!(redeem["key"], Value::Null);
}

#[tokio::test]
async fn bad_limits_are_refused_with_the_field_named() {
    let server = common::start().await;
    let (status, body) = put_limits(&server, "t1", json!({"per_key": {"validate": 0}})).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("per_key.validate"))
    );
    let (status, _) = put_limits(&server, "t1", json!({"per_key": {"bogus": 3}})).await;
    assert_eq!(status, 400);
    let reader = server.create_key("t1", &["coupons:read"]).await;
    let response = server
        .with_key(Method::PUT, &reader, "/v1/promotions/rate-limits")
        .json(&json!({"per_key": {"admin": 5}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_source_failing_authentication_is_refused_before_its_key_is_checked() {
    let auth = Auth::new(common::ROOT_KEY)
        .with_auth_failures(AuthFailures::new(3, Duration::from_secs(60)));
    let server = common::start_with_auth(auth).await;
    let good = server.create_key("t1", &["admin"]).await;
    for _ in 0..3 {
        let response = list_coupons(&server, "stk_wrong").await;
        assert_eq!(response.status(), 401);
    }
    let refused = list_coupons(&server, &good).await;
    assert_eq!(refused.status(), 429);
    assert!(header(&refused, "retry-after").is_some());
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
}
