//! Idempotency keys are kept for the node's retention (24 hours by default,
//! as Stripe keeps them): within it a retry replays and another request under
//! the key is refused; past it the key names nothing, so a request under it is
//! a fresh one, at the edge and inside the transactions alike.

mod campaign_common;

use reqwest::Method;
use serde_json::{json, Value};

use campaign_common::{Server, ROOT_KEY};

const HOUR_MS: i64 = 60 * 60 * 1000;

/// Sends `body` to `path` with `Idempotency-Key: key`; answers the status, the
/// replay header and the body.
async fn keyed(server: &Server, path: &str, key: &str, body: Value) -> (u16, bool, Value) {
    let response = server
        .client
        .request(Method::POST, format!("{}/v1/promotions{path}", server.base))
        .header("X-API-Key", ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let replayed = response.headers().contains_key("idempotent-replayed");
    (
        status,
        replayed,
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_create_key_replays_within_the_retention_and_is_fresh_after_it() {
    let server = campaign_common::start().await;
    let first = json!({"code": "KEPT1", "type": "percentage", "value": 10});
    let (status, replayed, created) = keyed(&server, "/coupons", "create-1", first.clone()).await;
    assert_eq!((status, replayed), (201, false), "{created}");

    server.clock.advance_ms(23 * HOUR_MS);
    let (status, replayed, again) = keyed(&server, "/coupons", "create-1", first).await;
    assert_eq!((status, replayed), (201, true), "{again}");
    assert_eq!(again["id"], created["id"]);
    let other = json!({"code": "KEPT2", "type": "percentage", "value": 10});
    let (status, _, refused) = keyed(&server, "/coupons", "create-1", other.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["code"], "idempotency_key_reused");

    // Past 24 hours the key is free: another request under it runs.
    server.clock.advance_ms(HOUR_MS + 1);
    let (status, replayed, fresh) = keyed(&server, "/coupons", "create-1", other).await;
    assert_eq!((status, replayed), (201, false), "{fresh}");
    assert_eq!(fresh["code"], "KEPT2");
    assert_ne!(fresh["id"], created["id"]);
}

#[tokio::test]
async fn a_redemption_key_replays_within_the_retention_and_is_fresh_after_it() {
    let server = campaign_common::start().await;
    server
        .coupon(json!({"code": "KEY10", "type": "percentage", "value": 10}))
        .await;
    let redeem = |user: &str| {
        json!({"coupon_code": "KEY10", "user_id": user,
            "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": 20}]}})
    };
    let (status, replayed, first) = keyed(&server, "/redemptions", "order-1", redeem("ann")).await;
    assert_eq!((status, replayed), (201, false), "{first}");

    server.clock.advance_ms(24 * HOUR_MS - 1);
    let (status, replayed, again) = keyed(&server, "/redemptions", "order-1", redeem("ann")).await;
    assert_eq!((status, replayed), (201, true), "{again}");
    assert_eq!(again["id"], first["id"]);
    let (status, _, refused) = keyed(&server, "/redemptions", "order-1", redeem("bob")).await;
    assert_eq!(status, 422, "{refused}");

    server.clock.advance_ms(1);
    let (status, replayed, fresh) = keyed(&server, "/redemptions", "order-1", redeem("bob")).await;
    assert_eq!((status, replayed), (201, false), "{fresh}");
    assert_ne!(fresh["id"], first["id"]);
    assert_eq!(fresh["user_id"], "bob");
}
