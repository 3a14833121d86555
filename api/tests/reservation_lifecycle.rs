//! Reservations (validate → lock → burn → release) over HTTP with a moved clock:
//! a pending redemption holds its use against every limit, expiry releases it on
//! time, a confirm after expiry fails and takes nothing, and confirm and release
//! are idempotent.

mod campaign_common;

use serde_json::{json, Value};

const MINUTE_MS: i64 = 60 * 1000;

async fn reserve(server: &campaign_common::Server, code: &str, user: &str) -> (u16, Value) {
    server
        .post(
            "/redemptions",
            json!({"coupon_code": code, "user_id": user, "status": "pending",
                "context": {"currency": "GBP", "cart_total": 40}}),
        )
        .await
}

async fn uses(server: &campaign_common::Server, coupon: &Value) -> u64 {
    let (_, current) = server
        .get(&format!("/coupons/{}", coupon["id"].as_str().unwrap()))
        .await;
    current["uses_count"].as_u64().unwrap()
}

#[tokio::test]
async fn expiry_releases_the_use_on_time() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "HOLD", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let (status, pending) = reserve(&server, "HOLD", "alice").await;
    assert_eq!(status, 201, "{pending}");
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["expires_at"], "2030-03-10T12:15:00Z");
    assert_eq!(uses(&server, &coupon).await, 1);
    // The reservation counts against max_uses.
    let (status, body) = server.redeem("HOLD", "bob", 40.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("limit_reached"))
    );

    // Just before expiry a sweep leaves it alone.
    server.clock.advance_ms(15 * MINUTE_MS - 1);
    stampede_actors::reservations::sweep(&server.shards)
        .await
        .unwrap();
    let id = pending["id"].as_str().unwrap();
    let (_, still) = server.get(&format!("/redemptions/{id}")).await;
    assert_eq!(still["status"], "pending");

    server.clock.advance_ms(1);
    let expired = stampede_actors::reservations::sweep(&server.shards)
        .await
        .unwrap();
    assert_eq!(expired, 1);
    let (_, gone) = server.get(&format!("/redemptions/{id}")).await;
    assert_eq!(gone["status"], "expired");
    assert_eq!(uses(&server, &coupon).await, 0);
    // A second sweep finds nothing to do.
    assert_eq!(
        stampede_actors::reservations::sweep(&server.shards)
            .await
            .unwrap(),
        0
    );

    let (status, body) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("reservation_expired"))
    );
    assert_eq!(uses(&server, &coupon).await, 0);
    assert_eq!(server.redeem("HOLD", "bob", 40.0).await.0, 201);
}

#[tokio::test]
async fn confirm_after_expiry_fails_even_before_the_sweep() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(
            json!({"code": "LATE", "type": "fixed", "value": 5, "currency": "GBP", "max_uses": 1}),
        )
        .await;
    let (_, pending) = reserve(&server, "LATE", "alice").await;
    let id = pending["id"].as_str().unwrap();
    server.clock.advance_ms(15 * MINUTE_MS);
    let (status, body) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("reservation_expired")),
        "{body}"
    );
    // Nothing was taken: the lapsed reservation is released on the spot.
    assert_eq!(uses(&server, &coupon).await, 0);
    let (_, gone) = server.get(&format!("/redemptions/{id}")).await;
    assert_eq!(gone["status"], "expired");
}

#[tokio::test]
async fn confirm_is_idempotent_and_final() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "BURN", "type": "percentage", "value": 10, "max_uses": 2}))
        .await;
    let (_, pending) = reserve(&server, "BURN", "alice").await;
    let id = pending["id"].as_str().unwrap();
    server.clock.advance_ms(5 * MINUTE_MS);
    let (status, first) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["status"], "success");
    let (status, again) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!((status, &again), (200, &first));
    assert_eq!(uses(&server, &coupon).await, 1);
    // A confirmed redemption outlives its reservation's expiry.
    server.clock.advance_ms(60 * MINUTE_MS);
    stampede_actors::reservations::sweep(&server.shards)
        .await
        .unwrap();
    let (_, kept) = server.get(&format!("/redemptions/{id}")).await;
    assert_eq!(kept["status"], "success");
    assert_eq!(uses(&server, &coupon).await, 1);
    let (status, body) = server
        .post(&format!("/redemptions/{id}/release"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("redemption_not_pending"))
    );
}

#[tokio::test]
async fn release_twice_releases_once() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "ONE", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let (_, pending) = reserve(&server, "ONE", "alice").await;
    let id = pending["id"].as_str().unwrap();
    let (status, released) = server
        .post(
            &format!("/redemptions/{id}/release"),
            json!({"reason": "cart abandoned"}),
        )
        .await;
    assert_eq!(status, 200, "{released}");
    assert_eq!(released["status"], "voided");
    assert_eq!(uses(&server, &coupon).await, 0);
    // Someone else takes the freed use; releasing the first again frees nothing.
    assert_eq!(server.redeem("ONE", "bob", 40.0).await.0, 201);
    let (status, again) = server
        .post(&format!("/redemptions/{id}/release"), json!({}))
        .await;
    assert_eq!((status, again["status"].as_str()), (200, Some("voided")));
    assert_eq!(uses(&server, &coupon).await, 1);
    let (status, body) = server.redeem("ONE", "carol", 40.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("limit_reached"))
    );
    // Confirming a released reservation is refused.
    let (status, body) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("redemption_not_pending"))
    );
}

#[tokio::test]
async fn validate_with_lock_reserves_and_per_customer_limits_count_it() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(
            json!({"code": "LOCKME", "type": "percentage", "value": 10, "per_customer_limit": 1}),
        )
        .await;
    let (status, verdict) = server
        .post(
            "/validate",
            json!({"codes": ["LOCKME"], "context": {"user_id": "alice", "currency": "GBP", "cart_total": 30},
                "options": {"lock": true}}),
        )
        .await;
    assert_eq!(status, 200, "{verdict}");
    let result = &verdict["results"][0];
    assert_eq!(result["valid"], true);
    let id = result["lock"]["redemption_id"].as_str().unwrap();
    assert_eq!(result["lock"]["expires_at"], "2030-03-10T12:15:00Z");
    assert_eq!(uses(&server, &coupon).await, 1);
    // The pending reservation counts against alice's per-customer limit.
    let (status, body) = reserve(&server, "LOCKME", "alice").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("per_customer_limit_reached"))
    );
    let (status, burned) = server
        .post(&format!("/redemptions/{id}/confirm"), json!({}))
        .await;
    assert_eq!((status, burned["status"].as_str()), (200, Some("success")));
}
