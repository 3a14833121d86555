//! Campaign CRUD and lifecycle over HTTP: activation refuses an invalid campaign
//! with its reasons, and pausing or ending a campaign stops its coupons at once,
//! including a coupon that still holds unspent lease.

mod campaign_common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn activation_refuses_an_invalid_campaign_with_reasons() {
    let server = campaign_common::start().await;
    let (status, body) = server
        .post(
            "/campaigns",
            json!({"name": "Old", "status": "active", "end": "2020-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_not_activatable"))
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("end: is in the past"),
        "{body}"
    );
    let id = server
        .campaign(json!({"name": "Later", "end": "2020-01-01T00:00:00Z"}))
        .await;
    let (status, body) = server
        .post(&format!("/campaigns/{id}/activate"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_not_activatable"))
    );
    let (_, stored) = server.get(&format!("/campaigns/{id}")).await;
    assert_eq!(stored["status"], "draft");
}

#[tokio::test]
async fn bad_input_names_the_field() {
    let server = campaign_common::start().await;
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (
            json!({"name": "x", "time_zone": "Mars/Olympus"}),
            "time_zone",
        ),
        (
            json!({"name": "x", "budget": {"money": {"gbp": 5}}}),
            "budget.money.gbp",
        ),
        (
            json!({"name": "x", "budget": {"money": {"GBP": -5}}}),
            "budget.money.GBP",
        ),
        (json!({"name": "x", "status": "ended"}), "status"),
        (
            json!({"name": "x", "start": "2031-01-02T00:00:00Z", "end": "2031-01-01T00:00:00Z"}),
            "end",
        ),
    ] {
        let (status, problem) = server.post("/campaigns", body.clone()).await;
        assert_eq!(status, 400, "{body} → {problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    let (status, _) = server.get("/campaigns/cmp_missing").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn lifecycle_gates_every_coupon_of_the_campaign() {
    let server = campaign_common::start().await;
    let id = server
        .campaign(json!({"name": "Spring", "channels": ["web"], "budget": {"max_redemptions": 10}}))
        .await;
    server
        .coupon(json!({"code": "SPRING1", "type": "fixed", "value": 5, "currency": "GBP", "campaign_id": id}))
        .await;
    server
        .coupon(json!({"code": "SPRING2", "type": "fixed", "value": 5, "currency": "GBP", "campaign_id": id}))
        .await;
    // Draft: nothing is granted.
    let (status, body) = server.redeem("SPRING1", "a", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_inactive")),
        "{body}"
    );

    let (status, active) = server
        .post(&format!("/campaigns/{id}/activate"), json!({}))
        .await;
    assert_eq!((status, active["status"].as_str()), (200, Some("active")));
    // The campaign runs on the web channel only.
    let (status, body) = server
        .post("/redemptions", json!({"coupon_code": "SPRING2", "context": {"currency": "GBP", "cart_total": 20, "channel": "email"}}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("not_eligible")),
        "{body}"
    );
    let (status, first) = server.redeem("SPRING1", "a", 20.0).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["campaign_id"], id.as_str());
    // A void gives the quota back to SPRING1's lease: it now holds one unspent use.
    let rid = first["id"].as_str().unwrap();
    let (status, _) = server
        .post(&format!("/redemptions/{rid}/void"), json!({}))
        .await;
    assert_eq!(status, 200);

    let (status, paused) = server
        .post(&format!("/campaigns/{id}/pause"), json!({}))
        .await;
    assert_eq!((status, paused["status"].as_str()), (200, Some("paused")));
    for code in ["SPRING1", "SPRING2"] {
        let (status, body) = server.redeem(code, "b", 20.0).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("campaign_inactive")),
            "{code}: {body}"
        );
    }
    let (_, verdict) = server
        .post(
            "/validate",
            json!({"codes": ["SPRING2"], "context": {"currency": "GBP", "cart_total": 20}}),
        )
        .await;
    assert_eq!(verdict["results"][0]["valid"], false, "{verdict}");
    assert_eq!(
        verdict["results"][0]["reasons"],
        json!(["campaign_inactive"])
    );
    // Pausing twice is harmless.
    assert_eq!(
        server
            .post(&format!("/campaigns/{id}/pause"), json!({}))
            .await
            .0,
        200
    );

    let (status, _) = server
        .post(&format!("/campaigns/{id}/resume"), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(server.redeem("SPRING1", "c", 20.0).await.0, 201);
    assert_eq!(server.redeem("SPRING2", "c", 20.0).await.0, 201);

    let (status, ended) = server
        .post(&format!("/campaigns/{id}/end"), json!({}))
        .await;
    assert_eq!((status, ended["status"].as_str()), (200, Some("ended")));
    let (status, body) = server.redeem("SPRING2", "d", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_inactive"))
    );
    let (status, body) = server
        .post(&format!("/campaigns/{id}/resume"), json!({}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_not_activatable"))
    );

    let (_, view) = server.get(&format!("/campaigns/{id}")).await;
    assert_eq!(view["usage"]["spent"]["redemptions"], 2, "{view}");
    let (_, assets) = server.get(&format!("/campaigns/{id}/assets")).await;
    assert_eq!(assets["coupons"].as_array().unwrap().len(), 2);

    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("/v1/promotions/campaigns/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.redeem("SPRING2", "e", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("campaign_inactive"))
    );
}

#[tokio::test]
async fn patch_checks_version_and_budget() {
    let server = campaign_common::start().await;
    let id = server
        .campaign(json!({"name": "P", "status": "active", "budget": {"max_redemptions": 5}}))
        .await;
    server
        .coupon(json!({"code": "P1", "type": "percentage", "value": 10, "campaign_id": id}))
        .await;
    for user in ["a", "b", "c"] {
        assert_eq!(server.redeem("P1", user, 10.0).await.0, 201);
    }
    let path = format!("/v1/promotions/campaigns/{id}");
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 99, "name": "Q"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("version_conflict"))
    );
    let (_, current) = server.get(&format!("/campaigns/{id}")).await;
    let version = current["version"].as_u64().unwrap();
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": version, "budget": {"max_redemptions": 2}})),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("budget")),
        "{body}"
    );
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": version, "budget": {"max_redemptions": 4}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.redeem("P1", "d", 10.0).await.0, 201);
    let (status, body) = server.redeem("P1", "e", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("campaign_limit_reached"))
    );
    // Validation tells the same story before anyone tries.
    let (_, verdict) = server
        .post(
            "/validate",
            json!({"codes": ["P1"], "context": {"cart_total": 10}}),
        )
        .await;
    assert_eq!(verdict["results"][0]["valid"], false, "{verdict}");
    assert_eq!(
        verdict["results"][0]["reasons"],
        json!(["campaign_limit_reached"])
    );
    let (status, list) = server.get("/campaigns?status=active").await;
    assert_eq!(status, 200);
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_coupon_moved_to_another_campaign_spends_the_new_budget() {
    let server = campaign_common::start().await;
    let first = server
        .campaign(json!({"name": "A", "status": "active", "budget": {"max_redemptions": 1}}))
        .await;
    let second = server
        .campaign(json!({"name": "B", "status": "active", "budget": {"max_redemptions": 2}}))
        .await;
    let coupon = server
        .coupon(json!({"code": "MOVER", "type": "percentage", "value": 10, "campaign_id": first}))
        .await;
    assert_eq!(server.redeem("MOVER", "a", 10.0).await.0, 201);
    let (status, body) = server.redeem("MOVER", "b", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("campaign_limit_reached"))
    );
    let id = coupon["id"].as_str().unwrap();
    let (status, moved) = server
        .call(
            Method::PATCH,
            &format!("/v1/promotions/coupons/{id}"),
            Some(json!({"version": 1, "campaign_id": second})),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let (status, charged) = server.redeem("MOVER", "b", 10.0).await;
    assert_eq!(status, 201, "{charged}");
    assert_eq!(charged["campaign_id"], second.as_str());
    assert_eq!(server.redeem("MOVER", "c", 10.0).await.0, 201);
    let (status, body) = server.redeem("MOVER", "d", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("campaign_limit_reached"))
    );
    let (_, view) = server.get(&format!("/campaigns/{first}")).await;
    assert_eq!(view["usage"]["spent"]["redemptions"], 1);
}
