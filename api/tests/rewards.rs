//! `/rewards` (seed 002): reward items' CRUD and validation, coupons naming
//! them, and the grants redemptions record: once per `success` (a retry with
//! the same Idempotency-Key writes none more), voided with the redemption,
//! none for a pending reservation until it is confirmed.

mod campaign_common;

use reqwest::Method;
use serde_json::{json, Value};

use campaign_common::Server;

async fn item(server: &Server, body: Value) -> String {
    let (status, created) = server.post("/rewards", body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["item_id"], created["id"], "{created}");
    created["id"].as_str().unwrap().to_owned()
}

async fn grants(server: &Server, query: &str) -> Vec<Value> {
    let (status, page) = server.get(&format!("/rewards/grants{query}")).await;
    assert_eq!(status, 200, "{page}");
    page["data"].as_array().unwrap().clone()
}

/// Redeems (or, `pending`, reserves) `code` for `user`, with an
/// Idempotency-Key when given.
async fn redeem(server: &Server, code: &str, user: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = server
        .client
        .post(format!("{}/v1/promotions/redemptions", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .json(&json!({"coupon_code": code, "user_id": user,
            "context": {"currency": "GBP", "cart_total": 40}}));
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn reward_items_are_created_read_patched_listed_and_deleted() {
    let server = campaign_common::start().await;
    let body = json!({"name": "100 Bonus Points", "description": "Grants 100 points",
        "reward_type": "points", "payload": {"amount": 100}, "metadata": {"tier": "gold"}});
    let id = item(&server, body).await;
    assert!(id.starts_with("rwd_"), "{id}");
    let (status, read) = server.get(&format!("/rewards/{id}")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["payload"]["amount"], 100);
    assert!(read["created_at"].is_string() && read["updated_at"].is_string());

    let path = format!("/v1/promotions/rewards/{id}");
    let (status, patched) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"payload": {"amount": 250}})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["payload"]["amount"], 250);
    let (status, problem) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"payload": {"amount": 0}})),
        )
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "payload.amount");

    let other = item(&server, json!({"name": "Mug", "reward_type": "item"})).await;
    let (_, list) = server.get("/rewards?limit=10").await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str(), other.as_str()]);

    let (status, _) = server.call(Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, _) = server.get(&format!("/rewards/{id}")).await;
    assert_eq!(status, 404);
    let (_, list) = server.get("/rewards").await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "{list}");
    let (status, _) = server.call(Method::DELETE, &path, None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_reward_items_and_references_are_refused_naming_the_field() {
    let server = campaign_common::start().await;
    for (body, status, field) in [
        (
            json!({"name": "x", "reward_type": "points", "payload": {"amount": 1}, "colour": "red"}),
            400,
            None,
        ),
        (json!({"reward_type": "item"}), 400, None),
        (
            json!({"name": "", "reward_type": "item"}),
            400,
            Some("name"),
        ),
        (
            json!({"name": "x", "reward_type": "points"}),
            400,
            Some("payload.amount"),
        ),
        (
            json!({"name": "x", "reward_type": "points", "payload": {"amount": -3}}),
            400,
            Some("payload.amount"),
        ),
        (json!({"name": "x", "reward_type": "coins"}), 400, None),
        (
            json!({"name": "x", "reward_type": "external", "payload": {"blob": "y".repeat(5000)}}),
            400,
            Some("payload"),
        ),
    ] {
        let (got, problem) = server.post("/rewards", body.clone()).await;
        assert_eq!(got, status, "{body}: {problem}");
        if let Some(field) = field {
            assert_eq!(problem["field"], field, "{body}: {problem}");
        }
    }
    let (status, problem) = server.get("/rewards/grants?colour=red").await;
    assert_eq!(status, 400, "{problem}");
    let (status, problem) = server.get("/rewards/grants?status=lost").await;
    assert_eq!(status, 400, "{problem}");

    let coupon =
        json!({"code": "GIFT", "type": "percentage", "value": 10, "reward_item_id": "rwd_nope"});
    let (status, problem) = server.post("/coupons", coupon).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["code"], "reward_item_not_found");
    assert_eq!(problem["field"], "reward_item_id");

    let plain = server
        .coupon(json!({"code": "PLAIN", "type": "percentage", "value": 10}))
        .await;
    let path = format!("/v1/promotions/coupons/{}", plain["id"].as_str().unwrap());
    let patch = json!({"version": plain["version"], "reward_item_id": "rwd_nope"});
    let (status, problem) = server.call(Method::PATCH, &path, Some(patch)).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["field"], "reward_item_id");
    // A deleted item cannot be named any more.
    let gone = item(&server, json!({"name": "Gone", "reward_type": "item"})).await;
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1/promotions/rewards/{gone}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let patch = json!({"version": plain["version"], "reward_item_id": gone});
    let (status, problem) = server.call(Method::PATCH, &path, Some(patch)).await;
    assert_eq!(status, 422, "{problem}");
}

#[tokio::test]
async fn a_success_grants_once_and_a_void_voids_it() {
    let server = campaign_common::start().await;
    let reward = item(
        &server,
        json!({"name": "Points", "reward_type": "points", "payload": {"amount": 100}}),
    )
    .await;
    let coupon = server
        .coupon(
            json!({"code": "GIFT", "type": "percentage", "value": 10, "reward_item_id": reward}),
        )
        .await;
    assert_eq!(coupon["reward_item_id"], reward.as_str());
    server
        .coupon(json!({"code": "PLAIN", "type": "percentage", "value": 10}))
        .await;

    let (status, first) = redeem(&server, "GIFT", "alice", Some("k-1")).await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = redeem(&server, "GIFT", "alice", Some("k-1")).await;
    assert!(status == 200 || status == 201, "{status} {again}");
    assert_eq!(again["id"], first["id"]);
    let (status, _) = redeem(&server, "PLAIN", "alice", None).await;
    assert_eq!(status, 201);

    let listed = grants(&server, "").await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let grant = &listed[0];
    assert_eq!(grant["redemption_id"], first["id"]);
    assert_eq!(grant["reward_item_id"], reward.as_str());
    assert_eq!(grant["user_id"], "alice");
    assert_eq!(grant["code"], "GIFT");
    assert_eq!(grant["reward_type"], "points");
    assert_eq!(grant["payload"]["amount"], 100);
    assert_eq!(grant["status"], "granted");

    let (status, second) = redeem(&server, "GIFT", "bob", None).await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(grants(&server, "?user_id=bob").await.len(), 1);
    assert_eq!(
        grants(&server, &format!("?reward_item_id={reward}"))
            .await
            .len(),
        2
    );
    let page = grants(&server, "?limit=1").await;
    assert_eq!(page.len(), 1);

    let void = format!("/redemptions/{}/void", first["id"].as_str().unwrap());
    let (status, voided) = server.post(&void, json!({"reason": "refund"})).await;
    assert_eq!(status, 200, "{voided}");
    let voided = grants(&server, "?status=voided").await;
    assert_eq!(voided.len(), 1, "{voided:?}");
    assert_eq!(voided[0]["redemption_id"], first["id"]);
    assert!(voided[0]["voided_at"].is_string());
    let granted = grants(&server, "?status=granted").await;
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0]["user_id"], "bob");
}

#[tokio::test]
async fn a_reservation_grants_only_when_confirmed() {
    let server = campaign_common::start().await;
    let reward = item(
        &server,
        json!({"name": "Mug", "reward_type": "item", "payload": {"sku": "MUG"}}),
    )
    .await;
    server
        .coupon(
            json!({"code": "HOLD", "type": "percentage", "value": 10, "reward_item_id": reward}),
        )
        .await;
    let reserve = |user: &'static str| {
        json!({"coupon_code": "HOLD", "user_id": user, "status": "pending",
            "context": {"currency": "GBP", "cart_total": 40}})
    };
    let (status, held) = server.post("/redemptions", reserve("alice")).await;
    assert_eq!(status, 201, "{held}");
    assert_eq!(held["status"], "pending");
    assert!(grants(&server, "").await.is_empty());
    let (status, released) = server.post("/redemptions", reserve("bob")).await;
    assert_eq!(status, 201, "{released}");
    let release = format!("/redemptions/{}/release", released["id"].as_str().unwrap());
    let (status, _) = server.post(&release, json!({})).await;
    assert_eq!(status, 200);
    assert!(grants(&server, "").await.is_empty());

    let confirm = format!("/redemptions/{}/confirm", held["id"].as_str().unwrap());
    let (status, confirmed) = server.post(&confirm, json!({})).await;
    assert_eq!(status, 200, "{confirmed}");
    let (status, _) = server.post(&confirm, json!({})).await;
    assert_eq!(status, 200);
    let listed = grants(&server, "").await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["redemption_id"], held["id"]);
    assert_eq!(listed[0]["status"], "granted");
}

#[tokio::test]
async fn points_make_one_personal_coupon_per_debit_reference() {
    let server = campaign_common::start().await;
    let request = json!({"user_id": "alice", "points": 1234, "debit_reference": "ledger-1"});
    let (status, problem) = server.post("/coupons/from-points", request.clone()).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "points_not_configured");

    let path = "/v1/promotions/rewards/points-settings";
    let settings = json!({"points_per_unit": 100, "currency": "GBP", "min_points": 50,
        "max_points": 100000, "valid_days": 30});
    let (status, stored) = server.call(Method::PUT, path, Some(settings)).await;
    assert_eq!(status, 200, "{stored}");
    let (status, read) = server.get("/rewards/points-settings").await;
    assert_eq!(status, 200);
    assert_eq!(read["points_per_unit"], 100);
    let (status, problem) = server
        .call(
            Method::PUT,
            path,
            Some(json!({"points_per_unit": 0, "currency": "GBP"})),
        )
        .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "points_per_unit");

    let (status, coupon) = server.post("/coupons/from-points", request.clone()).await;
    assert_eq!(status, 201, "{coupon}");
    assert_eq!(coupon["type"], "fixed");
    assert_eq!(common_dec(&coupon["value"]), "12.34");
    assert_eq!(coupon["currency"], "GBP");
    assert_eq!(coupon["bound_user_id"], "alice");
    assert_eq!(coupon["max_uses"], 1);
    assert_eq!(coupon["per_customer_limit"], 1);
    assert_eq!(coupon["valid_until"], "2030-04-09T12:00:00Z");

    let (status, again) = server.post("/coupons/from-points", request).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["id"], coupon["id"]);
    assert_eq!(again["code"], coupon["code"]);
    let other = json!({"user_id": "alice", "points": 999, "debit_reference": "ledger-1"});
    let (status, problem) = server.post("/coupons/from-points", other).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "debit_reference_reused");
    let other = json!({"user_id": "bob", "points": 1234, "debit_reference": "ledger-1"});
    let (status, _) = server.post("/coupons/from-points", other).await;
    assert_eq!(status, 409);

    // Only alice may use it.
    let code = coupon["code"].as_str().unwrap();
    let (status, _) = redeem(&server, code, "bob", None).await;
    assert_eq!(status, 422);
    let (status, used) = redeem(&server, code, "alice", None).await;
    assert_eq!(status, 201, "{used}");

    for (body, status, code) in [
        (
            json!({"user_id": "a", "points": 49, "debit_reference": "r2"}),
            422,
            "points_out_of_range",
        ),
        (
            json!({"user_id": "a", "points": 100001, "debit_reference": "r3"}),
            422,
            "points_out_of_range",
        ),
        (
            json!({"user_id": "a", "points": 0, "debit_reference": "r4"}),
            422,
            "points_out_of_range",
        ),
        (
            json!({"user_id": "a", "points": 100, "debit_reference": "r5", "currency": "EUR"}),
            400,
            "invalid_field",
        ),
        (
            json!({"user_id": "a", "points": 100, "debit_reference": "r6", "extra": 1}),
            400,
            "invalid_request",
        ),
    ] {
        let (got, problem) = server.post("/coupons/from-points", body.clone()).await;
        assert_eq!(got, status, "{body}: {problem}");
        if status == 422 {
            assert_eq!(problem["code"], code, "{body}: {problem}");
            assert_eq!(problem["field"], "points");
        }
    }
}

/// A money value as its decimal string, however it was serialized.
fn common_dec(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
