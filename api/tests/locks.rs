//! Order-level locks (seed 004 `lockReference`): a multi-code reserve answers
//! one `lock_reference`; confirming it confirms every code (again, for a
//! repeat), releasing another gives every code's use back.

mod campaign_common;

use serde_json::{json, Value};

use campaign_common::Server;

async fn uses(server: &Server, coupon: &Value) -> u64 {
    let (_, current) = server
        .get(&format!("/coupons/{}", coupon["id"].as_str().unwrap()))
        .await;
    current["uses_count"].as_u64().unwrap()
}

/// Reserves `codes` as one order: the lock's reference and its answer.
async fn lock(server: &Server, codes: &[&str], order: &str) -> (String, Value) {
    let body = json!({"coupon_codes": codes, "user_id": "alice", "status": "pending",
        "reference_type": "order", "reference_id": order,
        "context": {"currency": "GBP", "cart_total": 50}});
    let (status, answer) = server.post("/redemptions", body).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["status"], "pending", "{answer}");
    let reference = answer["lock_reference"]
        .as_str()
        .expect("a lock_reference")
        .to_owned();
    (reference, answer)
}

fn statuses(view: &Value) -> Vec<Value> {
    view["redemptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].clone())
        .collect()
}

#[tokio::test]
async fn a_lock_confirms_every_code_and_another_releases_every_code() {
    let server = campaign_common::start().await;
    let a = server
        .coupon(json!({"code": "A10", "type": "percentage", "value": 10, "max_uses": 2}))
        .await;
    let b = server
        .coupon(
            json!({"code": "B5", "type": "fixed", "value": 5, "currency": "GBP", "max_uses": 2}),
        )
        .await;

    let (burn, answer) = lock(&server, &["A10", "B5"], "o-1").await;
    assert_eq!(answer["redemptions"].as_array().unwrap().len(), 2);
    let (release, _) = lock(&server, &["A10", "B5"], "o-2").await;
    assert_ne!(burn, release);
    assert_eq!(uses(&server, &a).await, 2);
    assert_eq!(uses(&server, &b).await, 2);

    let (status, view) = server.get(&format!("/redemptions/locks/{burn}")).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["status"], "pending");
    assert_eq!(view["lock_reference"], burn.as_str());

    let confirm = format!("/redemptions/locks/{burn}/confirm");
    let (status, confirmed) = server.post(&confirm, json!({})).await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["status"], "success");
    assert_eq!(statuses(&confirmed), [json!("success"), json!("success")]);
    let (status, again) = server.post(&confirm, json!({})).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["redemptions"], confirmed["redemptions"]);

    let free = format!("/redemptions/locks/{release}/release");
    let (status, released) = server
        .post(&free, json!({"reason": "cart abandoned"}))
        .await;
    assert_eq!(status, 200, "{released}");
    assert_eq!(released["status"], "voided");
    let (status, again) = server.post(&free, json!({})).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "voided");
    // The released uses came back; the confirmed ones stay.
    assert_eq!(uses(&server, &a).await, 1);
    assert_eq!(uses(&server, &b).await, 1);
    let (status, view) = server.get(&format!("/redemptions/locks/{burn}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["status"], "success");

    // A confirmed lock cannot be released: the refusal names the code.
    let (status, problem) = server
        .post(&format!("/redemptions/locks/{burn}/release"), json!({}))
        .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "redemption_not_pending");
    assert_eq!(problem["field"], "redemptions[0]");
}

#[tokio::test]
async fn unknown_locks_and_bodies_are_refused() {
    let server = campaign_common::start().await;
    let (status, problem) = server.get("/redemptions/locks/chk_nope").await;
    assert_eq!(status, 404, "{problem}");
    let (status, problem) = server
        .post("/redemptions/locks/chk_nope/confirm", json!({}))
        .await;
    assert_eq!(status, 404, "{problem}");
    server
        .coupon(json!({"code": "A10", "type": "percentage", "value": 10}))
        .await;
    server
        .coupon(json!({"code": "B5", "type": "percentage", "value": 5}))
        .await;
    let (reference, _) = lock(&server, &["A10", "B5"], "o-3").await;
    let path = format!("/redemptions/locks/{reference}/confirm");
    let (status, problem) = server.post(&path, json!({"colour": "red"})).await;
    assert_eq!(status, 400, "{problem}");
    let (status, problem) = server
        .get(&format!("/redemptions/locks/{reference}?x=1"))
        .await;
    assert_eq!(status, 400, "{problem}");
}
