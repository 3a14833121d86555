//! Retention: a policy deletes what it outlived and no count moves; a
//! redaction removes a user's id from redemptions and audit events, keeping
//! the counts.

mod common;

use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;

async fn start(clock: Arc<ManualClock>) -> (common::Server, Shards) {
    common::start_on(clock, ShardsConfig::default()).await
}

async fn send(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let response = server
        .root(method, "t1", path)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_sweep_deletes_what_the_policy_outlived_and_keeps_the_counts() {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let (server, shards) = start(clock.clone()).await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "OLD", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    for user in ["u1", "u2"] {
        assert_eq!(server.redeem("t1", "OLD", user).await.0, 201);
    }
    let (status, policy) = send(
        &server,
        Method::POST,
        "/v1/promotions/retention/policy",
        json!({"redemptions_days": 30, "audit_days": 30}),
    )
    .await;
    assert_eq!(status, 200, "{policy}");
    assert_eq!(policy["redemptions_days"], 30);
    let (status, refused) = send(
        &server,
        Method::POST,
        "/v1/promotions/retention/policy",
        json!({"audit_days": 0}),
    )
    .await;
    assert_eq!(
        (status, refused["field"].as_str()),
        (400, Some("audit_days"))
    );

    // Nothing is old enough yet.
    assert_eq!(stampede_actors::retention::sweep(&shards).await.unwrap(), 0);
    clock.advance_ms(31 * 24 * 3_600 * 1_000);
    assert_eq!(server.redeem("t1", "OLD", "u3").await.0, 201);
    // The node's own sweeper may run this round first: what matters is what
    // is left afterwards.
    stampede_actors::retention::sweep(&shards).await.unwrap();

    let id = coupon["id"].as_str().unwrap();
    let (_, listed) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}/redemptions"))
        .await;
    let left = listed["data"].as_array().unwrap();
    assert_eq!(left.len(), 1, "only the young redemption is left: {listed}");
    let (_, after) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(after["uses_count"], 3, "counts are kept");
    let (_, audit) = server.get("t1", "/v1/promotions/audit?action=coupon").await;
    let kinds: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["coupon.redeemed"], "old events are gone: {audit}");
}

#[tokio::test]
async fn a_redaction_removes_the_user_and_keeps_the_counts() {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let (server, _) = start(clock).await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "GDPR", "type": "fixed", "value": 5, "currency": "GBP",
            "per_customer_limit": 1}),
        )
        .await;
    let (_, mine) = server.redeem("t1", "GDPR", "alice@example.com").await;
    assert_eq!(server.redeem("t1", "GDPR", "bob").await.0, 201);
    let (status, done) = send(
        &server,
        Method::POST,
        "/v1/promotions/retention/redact",
        json!({"user_id": "alice@example.com"}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["redemptions"], 1);
    assert!(done["events"].as_u64().unwrap() >= 1);
    let stand_in = done["replaced_by"].as_str().unwrap();
    let rid = mine["id"].as_str().unwrap();
    let (_, redemption) = server
        .get("t1", &format!("/v1/promotions/redemptions/{rid}"))
        .await;
    assert_eq!(redemption["user_id"], stand_in);
    let (_, audit) = server.get("t1", "/v1/promotions/audit").await;
    assert!(!audit.to_string().contains("alice@example.com"), "{audit}");
    let id = coupon["id"].as_str().unwrap();
    let (_, after) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(after["uses_count"], 2, "counts are kept");
    let (status, _) = send(
        &server,
        Method::POST,
        "/v1/promotions/retention/redact",
        json!({"user_id": "x", "colour": "red"}),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");
}
