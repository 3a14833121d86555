//! Multi-code checkout and orders over HTTP: codes apply all or nothing,
//! redemptions are found by their order's `reference_id`, and voiding an order
//! voids each of its redemptions exactly once.

mod campaign_common;

use serde_json::{json, Value};

async fn uses(server: &campaign_common::Server, coupon: &Value) -> u64 {
    let (_, current) = server
        .get(&format!("/coupons/{}", coupon["id"].as_str().unwrap()))
        .await;
    current["uses_count"].as_u64().unwrap()
}

fn order(codes: &[&str], reference: &str) -> Value {
    json!({"coupon_codes": codes, "user_id": "alice", "reference_type": "order", "reference_id": reference,
        "context": {"currency": "GBP", "cart_total": 50}})
}

#[tokio::test]
async fn one_refused_code_leaves_no_use_on_the_others() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "Multi", "status": "active", "budget": {"max_redemptions": 10}}))
        .await;
    let a = server
        .coupon(json!({"code": "A10", "type": "percentage", "value": 10, "max_uses": 5}))
        .await;
    let b = server
        .coupon(json!({"code": "B5", "type": "fixed", "value": 5, "currency": "GBP", "campaign_id": campaign}))
        .await;
    let c = server
        .coupon(json!({"code": "C100", "type": "fixed", "value": 5, "currency": "GBP", "min_cart_value": 100}))
        .await;
    let (status, problem) = server
        .post("/redemptions", order(&["A10", "B5", "C100"], "o-1"))
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["code"], "min_cart_value_not_met");
    assert_eq!(problem["field"], "coupon_codes[2]");
    assert_eq!(uses(&server, &a).await, 0);
    assert_eq!(uses(&server, &b).await, 0);
    assert_eq!(uses(&server, &c).await, 0);
    let (_, view) = server.get(&format!("/campaigns/{campaign}")).await;
    assert_eq!(view["usage"]["spent"]["redemptions"], 0, "{view}");
    // The reservations taken on the way were released, not left to expire.
    let (_, listed) = server.get("/redemptions?reference_id=o-1").await;
    let statuses: Vec<_> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect();
    assert_eq!(statuses, vec![json!("voided"), json!("voided")]);
}

#[tokio::test]
async fn an_order_applies_every_code_and_voids_once() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "OA", "type": "percentage", "value": 10}))
        .await;
    let b = server
        .coupon(
            json!({"code": "OB", "type": "fixed", "value": 5, "currency": "GBP", "max_uses": 1}),
        )
        .await;
    let c = server
        .coupon(json!({"code": "OC", "type": "free_shipping"}))
        .await;
    let (status, placed) = server
        .post("/redemptions", order(&["oa", "OB", "OC"], "o-2"))
        .await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["status"], "success");
    let redemptions = placed["redemptions"].as_array().unwrap();
    assert_eq!(redemptions.len(), 3);
    assert!(redemptions
        .iter()
        .all(|r| r["status"] == "success" && r["reference_id"] == "o-2"));
    for coupon in [&a, &b, &c] {
        assert_eq!(uses(&server, coupon).await, 1);
    }
    let (status, listed) = server.get("/redemptions?reference_id=o-2").await;
    assert_eq!(status, 200);
    assert_eq!(listed["data"].as_array().unwrap().len(), 3);
    // A single-code redemption of another order is not listed under this one.
    assert_eq!(
        server
            .post(
                "/redemptions",
                json!({"coupon_code": "OA", "reference_id": "o-3"})
            )
            .await
            .0,
        201
    );
    let (_, listed) = server.get("/redemptions?reference_id=o-2").await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 3);

    let (status, voided) = server
        .post(
            "/redemptions/void-by-reference",
            json!({"reference_id": "o-2", "reason": "order cancelled"}),
        )
        .await;
    assert_eq!(status, 200, "{voided}");
    assert_eq!(voided["voided"].as_array().unwrap().len(), 3);
    assert!(voided["redemptions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "voided"));
    for coupon in [&b, &c] {
        assert_eq!(uses(&server, coupon).await, 0);
    }
    assert_eq!(uses(&server, &a).await, 1, "o-3's use of OA stays");
    // Once: a repeat voids nothing and releases nothing.
    assert_eq!(server.redeem("OB", "bob", 50.0).await.0, 201);
    let (status, again) = server
        .post(
            "/redemptions/void-by-reference",
            json!({"reference_id": "o-2"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["voided"].as_array().unwrap().len(), 0);
    assert_eq!(uses(&server, &b).await, 1);
    let (status, _) = server
        .post(
            "/redemptions/void-by-reference",
            json!({"reference_id": "nope"}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_pending_order_reserves_every_code() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "PA", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let b = server
        .coupon(json!({"code": "PB", "type": "percentage", "value": 5, "max_uses": 1}))
        .await;
    let mut body = order(&["PA", "PB"], "o-9");
    body["status"] = json!("pending");
    let (status, placed) = server.post("/redemptions", body).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["status"], "pending");
    assert_eq!(uses(&server, &a).await, 1);
    assert_eq!(uses(&server, &b).await, 1);
    server.clock.advance_ms(15 * 60 * 1000);
    assert_eq!(
        stampede_actors::reservations::sweep(&server.shards)
            .await
            .unwrap(),
        2
    );
    assert_eq!(uses(&server, &a).await, 0);
    assert_eq!(uses(&server, &b).await, 0);
}

#[tokio::test]
async fn checkout_bad_input_names_the_field() {
    let server = campaign_common::start().await;
    for (body, field) in [
        (json!({"coupon_codes": ["A", "a"]}), "coupon_codes[1]"),
        (
            json!({"coupon_code": "A", "coupon_codes": ["B"]}),
            "coupon_codes",
        ),
        (json!({}), "coupon_code"),
        (json!({"coupon_codes": ["bad code!"]}), "coupon_codes[0]"),
    ] {
        let (status, problem) = server.post("/redemptions", body.clone()).await;
        assert_eq!(status, 400, "{body}: {problem}");
        assert_eq!(problem["field"], field);
    }
    let (status, problem) = server.get("/redemptions").await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("reference_id"))
    );
}

/// Reserves `code` as part of checkout `checkout_id`, as the coordinator does.
async fn reserve_for(server: &campaign_common::Server, code: &str, checkout_id: &str) -> String {
    let request = stampede_actors::RedeemRequest {
        provenance: Default::default(),
        reserve: true,
        checkout_id: Some(checkout_id.to_owned()),
        ..stampede_actors::RedeemRequest::default()
    };
    server.shards.redeem("t1", code, request).await.unwrap().id
}

#[tokio::test]
async fn a_coordinator_crash_before_the_decision_leaves_only_reservations() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "CA", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let b = server
        .coupon(json!({"code": "CB", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    reserve_for(&server, "CA", "chk_lost").await;
    reserve_for(&server, "CB", "chk_lost").await;
    // The coordinator died here: no decision was recorded.
    server.clock.advance_ms(15 * 60 * 1000);
    assert_eq!(
        stampede_actors::reservations::sweep(&server.shards)
            .await
            .unwrap(),
        2
    );
    assert_eq!(uses(&server, &a).await, 0);
    assert_eq!(uses(&server, &b).await, 0);
}

#[tokio::test]
async fn a_coordinator_crash_after_the_decision_completes_the_order() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "DA", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let b = server
        .coupon(json!({"code": "DB", "type": "percentage", "value": 10, "max_uses": 1}))
        .await;
    let first = reserve_for(&server, "DA", "chk_done").await;
    let second = reserve_for(&server, "DB", "chk_done").await;
    // The decision is recorded and one code confirmed; then the coordinator died.
    stampede_actors::testing::plant_checkout_decision(&server.shards, "t1", "chk_done", b"{}")
        .await
        .unwrap();
    server
        .shards
        .confirm("t1", "DA", first.clone(), None, &Default::default())
        .await
        .unwrap();
    server.clock.advance_ms(15 * 60 * 1000);
    assert_eq!(
        stampede_actors::reservations::sweep(&server.shards)
            .await
            .unwrap(),
        0
    );
    let (_, completed) = server.get(&format!("/redemptions/{second}")).await;
    assert_eq!(completed["status"], "success", "{completed}");
    assert_eq!(uses(&server, &a).await, 1);
    assert_eq!(uses(&server, &b).await, 1);
    // A late confirm of a decided reservation is honoured, not refused.
    let (status, again) = server
        .post(&format!("/redemptions/{first}/confirm"), json!({}))
        .await;
    assert_eq!((status, again["status"].as_str()), (200, Some("success")));
}

#[tokio::test]
async fn an_order_retried_with_its_key_is_applied_once() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "RA", "type": "percentage", "value": 10}))
        .await;
    let b = server
        .coupon(json!({"code": "RB", "type": "fixed", "value": 2, "currency": "GBP"}))
        .await;
    let send = || {
        server
            .client
            .post(format!("{}/v1/promotions/redemptions", server.base))
            .header("X-API-Key", campaign_common::ROOT_KEY)
            .header("X-Tenant-ID", "t1")
            .header("Idempotency-Key", "order-77")
            .json(&order(&["RA", "RB"], "o-77"))
            .send()
    };
    let first: Value = send().await.unwrap().json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first["status"], "success", "{first}");
    let ids = |v: &Value| -> Vec<String> {
        v["redemptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    assert_eq!(uses(&server, &a).await, 1);
    assert_eq!(uses(&server, &b).await, 1);
}

/// A reserve still in flight when its checkout gave up on it finds its key
/// closed: it is refused and holds no use. A reservation stored before the
/// key was closed is handed back, for the coordinator to release; a key a
/// retry may use is only read.
#[tokio::test]
async fn a_closed_reserve_key_takes_no_late_use() {
    use stampede_actors::records::checkouts::{abandon, reserved_under};
    use stampede_actors::{ActorError, RedeemRequest};
    use stampede_protocol::idempotency::IdemSpec;

    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "LATE", "type": "percentage", "value": 10, "max_uses": 5}))
        .await;
    let key = |name: &str| IdemSpec {
        key: format!("chk_late#{name}"),
        fingerprint: String::from("chk_late"),
    };
    let reserve = |key: IdemSpec| RedeemRequest {
        provenance: Default::default(),
        reserve: true,
        idem: Some(key),
        ..RedeemRequest::default()
    };
    let (records, now) = (server.shards.records(), server.shards.clock().now());

    assert_eq!(abandon(&records, "t1", &key("a"), now).await.unwrap(), None);
    let late = server.shards.redeem("t1", "LATE", reserve(key("a"))).await;
    assert!(
        matches!(late, Err(ActorError::IdempotencyKeyReused)),
        "{late:?}"
    );
    assert_eq!(uses(&server, &coupon).await, 0);
    assert_eq!(abandon(&records, "t1", &key("a"), now).await.unwrap(), None);

    let held = server
        .shards
        .redeem("t1", "LATE", reserve(key("b")))
        .await
        .unwrap();
    let found = abandon(&records, "t1", &key("b"), now).await.unwrap();
    assert_eq!(found.as_deref(), Some(held.id.as_str()));

    // A key a retry may still use is only read: nothing under it yet, and it
    // stays open for the retry's reserve.
    assert_eq!(
        reserved_under(&records, "t1", &key("c"), now)
            .await
            .unwrap(),
        None
    );
    let retried = server
        .shards
        .redeem("t1", "LATE", reserve(key("c")))
        .await
        .unwrap();
    let found = reserved_under(&records, "t1", &key("c"), now)
        .await
        .unwrap();
    assert_eq!(found.as_deref(), Some(retried.id.as_str()));
}
