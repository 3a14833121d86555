//! A multi-code checkout whose reserve of one code ended without an answer
//! (the code's actor failed after its commit: the reservation is stored, its
//! caller never heard) releases that reservation with the others when the
//! checkout fails, so the use comes back at once instead of after the
//! reservation's TTL.
//!
//! Needs the `fault-injection` feature (the panic hook):
//! `cargo test -p stampede-api --features fault-injection --test checkout_unknown`.

mod campaign_common;

use serde_json::{json, Value};

use campaign_common::{Server, ROOT_KEY};

async fn uses(server: &Server, coupon: &Value) -> u64 {
    let (_, current) = server
        .get(&format!("/coupons/{}", coupon["id"].as_str().unwrap()))
        .await;
    current["uses_count"].as_u64().unwrap()
}

/// Places an order of `codes`, with `Idempotency-Key: key` when given.
async fn order(
    server: &Server,
    codes: &[&str],
    reference: &str,
    key: Option<&str>,
) -> (u16, Value) {
    let body = json!({"coupon_codes": codes, "user_id": "alice", "reference_type": "order",
        "reference_id": reference, "context": {"currency": "GBP", "cart_total": 50}});
    let mut request = server
        .client
        .post(format!("{}/v1/promotions/redemptions", server.base))
        .header("X-API-Key", ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .json(&body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn unknown_reserve_is_released(key: Option<&str>) {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "UA", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let b = server
        .coupon(json!({"code": "UB", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    // The first of the two reserves to commit loses its actor right after the
    // commit: stored, unanswered. The other one is answered.
    server.shards.panic_coupon_actor_after_commits(1);
    let (status, problem) = order(&server, &["UA", "UB"], "o-u", key).await;
    assert_eq!(status, 503, "{key:?}: {problem}");
    assert_eq!(server.shards.actor_restarts(), 1, "{key:?}");

    // Both uses are back now, not after the reservation TTL.
    assert_eq!(uses(&server, &a).await, 0, "{key:?}");
    assert_eq!(uses(&server, &b).await, 0, "{key:?}");
    let (_, listed) = server.get("/redemptions?reference_id=o-u").await;
    let statuses: Vec<_> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, [json!("voided"), json!("voided")], "{key:?}");
    // Each code's one use is free for the next order.
    let (status, placed) = order(&server, &["UA", "UB"], "o-next", None).await;
    assert_eq!(status, 201, "{key:?}: {placed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_reserve_is_released_with_a_failed_checkout() {
    unknown_reserve_is_released(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_reserve_of_a_keyed_checkout_is_released_too() {
    unknown_reserve_is_released(Some("order-u")).await;
}
