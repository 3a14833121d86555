//! Redeeming campaign promotions (seed 001) over HTTP: the promotion's code is
//! owned by an actor that computes the discount with the promotion engine and
//! enforces `usage_limits` exactly under concurrency; `current_usage` and
//! `performance_metrics` follow redemptions and voids; an edit reaches a live
//! actor at once. Also coupons restricted to a segment and coupons that
//! reference stored rules.

mod campaign_common;

use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use campaign_common::Server;

/// An active campaign in London time.
async fn campaign(server: &Server) -> String {
    server
        .campaign(json!({"name": "Spring", "status": "active", "time_zone": "Europe/London"}))
        .await
}

/// A 10 % promotion running from the clock's day for 20 days.
fn promotion(code: &str, limits: Value) -> Value {
    json!({
        "promotion_name": format!("Promo {code}"),
        "promotion_type": "percentage_discount",
        "description": "Ten percent off",
        "promotion_code": code,
        "discount_rules": {"discount_value": 10, "currency": "GBP"},
        "usage_limits": limits,
        "schedule": {"start_date": "2030-03-10T00:00:00Z", "end_date": "2030-03-30T00:00:00Z"},
        "auto_apply": false,
        "stackable": true
    })
}

async fn create(server: &Server, campaign: &str, body: Value) -> Value {
    let (status, p) = server
        .post(&format!("/campaigns/{campaign}/promotions"), body)
        .await;
    assert_eq!(status, 201, "{p}");
    p
}

async fn read(server: &Server, p: &Value) -> Value {
    let path = format!(
        "/campaigns/{}/promotions/{}",
        p["campaign_id"].as_str().unwrap(),
        p["promotion_id"].as_str().unwrap()
    );
    let (status, body) = server.get(&path).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn a_promotion_code_redeems_with_the_promotions_discount() {
    let server = campaign_common::start().await;
    let campaign = campaign(&server).await;
    create(&server, &campaign, promotion("TENOFF", json!({}))).await;
    let (status, redemption) = server.redeem("TENOFF", "ann", 80.0).await;
    assert_eq!(status, 201, "{redemption}");
    assert_eq!(redemption["discount_amount"], json!(8.0));
    assert_eq!(redemption["coupon_code"], "TENOFF");
    // /validate answers through the same actor.
    let (status, body) = server
        .post(
            "/validate",
            json!({"code": "TENOFF", "context": {"currency": "GBP", "cart_total": 50}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["valid"], true, "{body}");
    assert_eq!(body["results"][0]["applied_discount"], json!(5.0));
    // A coupon cannot take a promotion's code, nor be made of the promotion type.
    let (status, _) = server
        .post(
            "/coupons",
            json!({"code": "TENOFF", "type": "percentage", "value": 5}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, problem) = server
        .post(
            "/coupons",
            json!({"code": "X1", "type": "promotion", "value": 5}),
        )
        .await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("type")));
}

#[tokio::test]
async fn usage_limits_hold_under_concurrency_and_metrics_follow() {
    let server = std::sync::Arc::new(campaign_common::start().await);
    let campaign = campaign(&server).await;
    let p = create(
        &server,
        &campaign,
        promotion(
            "RUSH",
            json!({"total_usage_limit": 7, "per_customer_limit": 2}),
        ),
    )
    .await;
    // 10 customers try 4 times each, all at once.
    let attempts = (0..40).map(|i| {
        let server = server.clone();
        tokio::spawn(async move { server.redeem("RUSH", &format!("u{}", i % 10), 50.0).await })
    });
    let answers: Vec<(u16, Value)> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let won: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(won.len(), 7, "{answers:?}");
    let mut per_user = std::collections::BTreeMap::new();
    for r in &won {
        *per_user.entry(r["user_id"].as_str().unwrap()).or_insert(0) += 1;
    }
    assert!(per_user.values().all(|n| *n <= 2), "{per_user:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != 201) {
        let code = body["code"].as_str().unwrap();
        assert!(
            *status == 409 && ["limit_reached", "per_customer_limit_reached"].contains(&code),
            "{status} {body}"
        );
    }

    let view = read(&server, &p).await;
    let usage = &view["usage_limits"]["current_usage"];
    assert_eq!(usage["total_used"], 7, "{view}");
    assert_eq!(usage["today_used"], 7);
    assert_eq!(usage["remaining_uses"], 0);
    let metrics = &view["performance_metrics"];
    assert_eq!(metrics["total_uses"], 7);
    assert_eq!(metrics["unique_customers"], per_user.len());
    assert_eq!(metrics["total_discount_given"], json!(35.0));

    // Voiding a customer's only use takes them out of the unique count.
    let single = per_user.iter().find(|(_, n)| **n == 1).map(|(u, _)| *u);
    let voided = won
        .iter()
        .find(|r| Some(r["user_id"].as_str().unwrap()) == single.or(Some("none")))
        .or(won.first())
        .unwrap();
    let path = format!(
        "/v1/promotions/redemptions/{}/void",
        voided["id"].as_str().unwrap()
    );
    let (status, body) = server.call(Method::POST, &path, Some(json!({}))).await;
    assert_eq!(status, 200, "{body}");
    let view = read(&server, &p).await;
    assert_eq!(view["usage_limits"]["current_usage"]["total_used"], 6);
    assert_eq!(
        view["performance_metrics"]["total_discount_given"],
        json!(30.0)
    );
    let unique = per_user.len() - usize::from(single.is_some());
    assert_eq!(view["performance_metrics"]["unique_customers"], unique);
}

#[tokio::test]
async fn a_daily_limit_resets_at_midnight_and_conversion_counts_checks() {
    let server = campaign_common::start().await;
    let campaign = campaign(&server).await;
    let p = create(
        &server,
        &campaign,
        promotion("DAILY2", json!({"daily_usage_limit": 2})),
    )
    .await;
    for user in ["a", "b"] {
        let check = json!({"code": "DAILY2", "context": {"currency": "GBP", "cart_total": 10}});
        assert_eq!(server.post("/validate", check).await.0, 200);
        assert_eq!(server.redeem("DAILY2", user, 10.0).await.0, 201);
    }
    let (status, body) = server.redeem("DAILY2", "c", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("daily_limit_reached"))
    );
    // Midnight in London (UTC in March) starts a new day.
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 0, 0, 0).unwrap());
    assert_eq!(server.redeem("DAILY2", "c", 10.0).await.0, 201);
    // Three more valid checks that did not convert (a redemption follows, so
    // their count is committed before the read below).
    for _ in 0..3 {
        let check = json!({"code": "DAILY2", "context": {"currency": "GBP", "cart_total": 10}});
        assert_eq!(server.post("/validate", check).await.0, 200);
    }
    assert_eq!(server.redeem("DAILY2", "d", 10.0).await.0, 201);
    let view = read(&server, &p).await;
    assert_eq!(view["usage_limits"]["current_usage"]["today_used"], 2);
    assert_eq!(view["usage_limits"]["current_usage"]["total_used"], 4);
    // Five valid checks, four uses.
    assert_eq!(view["performance_metrics"]["conversion_rate"], json!(0.8));
}

#[tokio::test]
async fn an_edit_reaches_a_live_actor_at_once() {
    let server = campaign_common::start().await;
    let campaign = campaign(&server).await;
    let p = create(
        &server,
        &campaign,
        promotion("EDITME", json!({"total_usage_limit": 1})),
    )
    .await;
    assert_eq!(server.redeem("EDITME", "a", 10.0).await.0, 201);
    let (status, body) = server.redeem("EDITME", "b", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("limit_reached"))
    );
    // The preview does not promise what the actor would refuse.
    let (status, preview) = server
        .post(
            "/preview",
            json!({"codes": ["EDITME"], "context": {"currency": "GBP", "cart_total": 10}}),
        )
        .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["discount_total"], json!(0.0), "{preview}");
    assert_eq!(
        preview["decisions"][0]["reasons"],
        json!(["usage_limit_reached"])
    );
    let path = format!(
        "/v1/promotions/campaigns/{campaign}/promotions/{}",
        p["promotion_id"].as_str().unwrap()
    );
    let patch = json!({"version": 1, "usage_limits": {"total_usage_limit": 2},
        "discount_rules": {"discount_value": 50, "currency": "GBP"}});
    let (status, body) = server.call(Method::PATCH, &path, Some(patch)).await;
    assert_eq!(status, 200, "{body}");
    let reserve = json!({"coupon_code": "EDITME", "user_id": "b", "status": "pending",
        "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": 10.0}]}});
    let (status, body) = server.post("/redemptions", reserve).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["discount_amount"], json!(5.0));
    // A total lowered below the uses already counted: used up, and the code's
    // later commits (confirming the reservation) still hold.
    let lower = json!({"version": 2, "usage_limits": {"total_usage_limit": 1}});
    assert_eq!(server.call(Method::PATCH, &path, Some(lower)).await.0, 200);
    let (status, problem) = server.redeem("EDITME", "c", 10.0).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("limit_reached"))
    );
    let confirm = format!(
        "/v1/promotions/redemptions/{}/confirm",
        body["id"].as_str().unwrap()
    );
    let (status, confirmed) = server.call(Method::POST, &confirm, Some(json!({}))).await;
    assert_eq!(status, 200, "{confirmed}");
    let (_, record) = server
        .get(&format!("/coupons/{}", p["promotion_id"].as_str().unwrap()))
        .await;
    assert_eq!(
        (record["uses_count"].clone(), record["max_uses"].clone()),
        (json!(2), json!(2))
    );
    let (status, problem) = server.redeem("EDITME", "c", 10.0).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("limit_reached"))
    );
    // Paused: refused at once.
    let pause = json!({"version": 3, "status": "paused"});
    assert_eq!(server.call(Method::PATCH, &path, Some(pause)).await.0, 200);
    let (status, body) = server
        .post(
            "/validate",
            json!({"code": "EDITME", "context": {"currency": "GBP", "cart_total": 10}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["valid"], false, "{body}");
    // Deleted: the code is gone.
    assert_eq!(server.call(Method::DELETE, &path, None).await.0, 204);
    let (status, body) = server.redeem("EDITME", "c", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (404, Some("coupon_not_found")),
        "{body}"
    );
}

#[tokio::test]
async fn eligibility_criteria_hold_at_redemption() {
    let server = campaign_common::start().await;
    let campaign = campaign(&server).await;
    let mut body = promotion("VIPONLY", json!({}));
    body["eligibility_criteria"] = json!({"customer_segments": ["vip"]});
    create(&server, &campaign, body).await;
    let (status, seg) = server.post("/segments", json!({"name": "vip"})).await;
    assert_eq!(status, 201, "{seg}");
    let (status, problem) = server.redeem("VIPONLY", "stranger", 10.0).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("condition_not_met")),
        "{problem}"
    );
    let members = format!("/segments/{}/members", seg["id"].as_str().unwrap());
    let (status, body) = server.post(&members, json!({"user_ids": ["vera"]})).await;
    assert!(status == 200 || status == 201, "{status} {body}");
    assert_eq!(server.redeem("VIPONLY", "vera", 10.0).await.0, 201);
}

#[tokio::test]
async fn a_coupon_restricted_to_a_segment_refuses_outsiders() {
    let server = campaign_common::start().await;
    let (status, seg) = server.post("/segments", json!({"name": "staff"})).await;
    assert_eq!(status, 201, "{seg}");
    let members = format!("/segments/{}/members", seg["id"].as_str().unwrap());
    let (status, body) = server.post(&members, json!({"user_ids": ["sam"]})).await;
    assert!(status == 200 || status == 201, "{status} {body}");
    let (status, rich) = server
        .post(
            "/segments",
            json!({"name": "big-spenders",
                "definition": {"customer.lifetime_spend": {"gte": 1000}}}),
        )
        .await;
    assert_eq!(status, 201, "{rich}");

    let staff = server
        .coupon(json!({"code": "STAFF", "type": "percentage", "value": 30}))
        .await;
    let (status, problem) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": staff["id"], "segment": "nobody"}),
        )
        .await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("segment")));
    let (status, set) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": staff["id"], "segment": "staff"}),
        )
        .await;
    assert_eq!(status, 201, "{set}");
    let (status, problem) = server.redeem("STAFF", "pat", 10.0).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("not_in_segment")),
        "{problem}"
    );
    assert_eq!(server.redeem("STAFF", "sam", 10.0).await.0, 201);
    // A member added now is let in at once (the actor's cache is dropped).
    let (status, body) = server.post(&members, json!({"user_ids": ["pat"]})).await;
    assert!(status == 200 || status == 201, "{status} {body}");
    assert_eq!(server.redeem("STAFF", "pat", 10.0).await.0, 201);

    let big = server
        .coupon(json!({"code": "BIG", "type": "percentage", "value": 5}))
        .await;
    let (status, _) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": big["id"], "segment": "big-spenders"}),
        )
        .await;
    assert_eq!(status, 201);
    let cart = |spend: u32| {
        json!({"coupon_code": "BIG", "user_id": "kim", "context": {"currency": "GBP",
            "cart_total": 10, "customer": {"attributes": {"lifetime_spend": spend}}}})
    };
    let (status, problem) = server.post("/redemptions", cart(999)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("not_in_segment"))
    );
    let (status, body) = server.post("/redemptions", cart(1000)).await;
    assert_eq!(status, 201, "{body}");
}

#[tokio::test]
async fn a_coupon_referencing_rules_applies_only_when_they_hold() {
    let server = campaign_common::start().await;
    let (status, rule) = server
        .post(
            "/rules",
            json!({"name": "web only", "condition": {"channel": {"eq": "web"}}}),
        )
        .await;
    assert_eq!(status, 201, "{rule}");
    let (status, problem) = server
        .post(
            "/coupons",
            json!({"code": "WEBONLY", "type": "percentage", "value": 10, "rule_ids": ["rul_missing"]}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("rule_ids[0]"))
    );
    let coupon = server
        .coupon(json!({"code": "WEBONLY", "type": "percentage", "value": 10,
            "rule_ids": [rule["id"]]}))
        .await;
    assert_eq!(coupon["rule_ids"][0], rule["id"]);
    let redeem = |channel: &str| {
        json!({"coupon_code": "WEBONLY", "user_id": "u", "context": {"currency": "GBP",
            "cart_total": 20, "channel": channel}})
    };
    let (status, problem) = server.post("/redemptions", redeem("pos")).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("condition_not_met")),
        "{problem}"
    );
    let (status, body) = server.post("/redemptions", redeem("web")).await;
    assert_eq!(status, 201, "{body}");
    // Editing the rule reaches the live actor at once.
    let rule_path = format!("/v1/promotions/rules/{}", rule["id"].as_str().unwrap());
    let edit = json!({"version": rule["version"], "condition": {"channel": {"eq": "app"}}});
    let (status, body) = server.call(Method::PATCH, &rule_path, Some(edit)).await;
    assert_eq!(status, 200, "{body}");
    let (status, problem) = server.post("/redemptions", redeem("web")).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("condition_not_met")),
        "{problem}"
    );
    assert_eq!(server.post("/redemptions", redeem("app")).await.0, 201);
    // Lifting the rules takes effect at once.
    let path = format!("/v1/promotions/coupons/{}", coupon["id"].as_str().unwrap());
    let patch = json!({"version": coupon["version"], "rule_ids": []});
    let (status, body) = server.call(Method::PATCH, &path, Some(patch)).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.post("/redemptions", redeem("pos")).await;
    assert_eq!(status, 201, "{body}");
}
