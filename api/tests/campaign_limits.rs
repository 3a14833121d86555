//! Usage limits over HTTP with a moved clock: a daily cap resets at midnight in
//! the campaign's time zone (not UTC's), channel and store caps count pending and
//! successful uses and are released by voids, time windows gate redemptions, and
//! `/limits/check` answers without taking anything.

mod campaign_common;

use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{json, Value};

async fn redeem_with(
    server: &campaign_common::Server,
    code: &str,
    user: &str,
    context: Value,
) -> (u16, Value) {
    server
        .post(
            "/redemptions",
            json!({"coupon_code": code, "user_id": user, "context": context}),
        )
        .await
}

#[tokio::test]
async fn daily_cap_resets_at_midnight_in_the_campaigns_time_zone() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "NY", "status": "active", "time_zone": "America/New_York"}))
        .await;
    let coupon = server
        .coupon(
            json!({"code": "DAILY", "type": "percentage", "value": 10, "campaign_id": campaign}),
        )
        .await;
    let id = coupon["id"].as_str().unwrap();
    let (status, set) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": id, "daily_cap": 2}),
        )
        .await;
    assert_eq!(status, 201, "{set}");
    // 2030-03-10T12:00Z is 08:00 in New York.
    assert_eq!(server.redeem("DAILY", "a", 20.0).await.0, 201);
    assert_eq!(server.redeem("DAILY", "b", 20.0).await.0, 201);
    let (status, body) = server.redeem("DAILY", "c", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("daily_limit_reached"))
    );

    // Midnight UTC is still the same day in New York: still capped.
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 0, 0, 0).unwrap());
    let (status, body) = server.redeem("DAILY", "c", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("daily_limit_reached"))
    );
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 3, 59, 59).unwrap());
    assert_eq!(server.redeem("DAILY", "c", 20.0).await.0, 409);

    // 04:00Z is midnight in New York (EDT): a new day.
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 4, 0, 0).unwrap());
    assert_eq!(server.redeem("DAILY", "c", 20.0).await.0, 201);
    assert_eq!(server.redeem("DAILY", "d", 20.0).await.0, 201);
    assert_eq!(server.redeem("DAILY", "e", 20.0).await.0, 409);

    let (status, view) = server.get(&format!("/limits?coupon_id={id}")).await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["time_zone"], "America/New_York");
    assert_eq!(view["usage"]["today"], 2);
    assert_eq!(view["usage"]["counters"]["day:2030-03-10"], 2);
    assert_eq!(view["uses_count"], 4);
}

#[tokio::test]
async fn channel_and_store_caps_count_pending_uses_and_release_on_void() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "CHAN", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    let (status, _) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": id,
            "per_channel": {"app": 1}, "per_store": {"s1": 2}}),
        )
        .await;
    assert_eq!(status, 201);
    let app = json!({"currency": "GBP", "cart_total": 30, "channel": "app"});
    let web_s1 = json!({"currency": "GBP", "cart_total": 30, "channel": "web", "store_id": "s1"});
    // A pending reservation holds the app channel's only use.
    let (status, pending) = server
        .post(
            "/redemptions",
            json!({"coupon_code": "CHAN", "status": "pending", "context": app}),
        )
        .await;
    assert_eq!(status, 201, "{pending}");
    let (status, body) = redeem_with(&server, "CHAN", "u2", app.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("channel_limit_reached"))
    );
    let (status, check) = server
        .post(
            "/limits/check",
            json!({"coupon_code": "CHAN", "context": app}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(check["allowed"], false);
    assert_eq!(check["reasons"], json!(["channel_limit_reached"]));
    // Releasing the reservation frees the channel.
    let rid = pending["id"].as_str().unwrap();
    assert_eq!(
        server
            .post(&format!("/redemptions/{rid}/release"), json!({}))
            .await
            .0,
        200
    );
    let (status, check) = server
        .post(
            "/limits/check",
            json!({"coupon_code": "CHAN", "context": app}),
        )
        .await;
    assert_eq!((status, check["allowed"].as_bool()), (200, Some(true)));
    // The check took nothing: the use is still there to take.
    assert_eq!(redeem_with(&server, "CHAN", "u3", app.clone()).await.0, 201);

    assert_eq!(
        redeem_with(&server, "CHAN", "u4", web_s1.clone()).await.0,
        201
    );
    let (status, second) = redeem_with(&server, "CHAN", "u5", web_s1.clone()).await;
    assert_eq!(status, 201);
    let (status, body) = redeem_with(&server, "CHAN", "u6", web_s1.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("store_limit_reached"))
    );
    let sid = second["id"].as_str().unwrap();
    assert_eq!(
        server
            .post(&format!("/redemptions/{sid}/void"), json!({}))
            .await
            .0,
        200
    );
    assert_eq!(
        redeem_with(&server, "CHAN", "u6", web_s1.clone()).await.0,
        201
    );

    let (_, view) = server.get(&format!("/limits?coupon_id={id}")).await;
    assert_eq!(view["usage"]["counters"]["channel:app"], 1, "{view}");
    assert_eq!(view["usage"]["counters"]["store:s1"], 2);
}

#[tokio::test]
async fn time_windows_and_versions() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "HAPPY", "type": "percentage", "value": 20}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    // 2030-03-10 is a Sunday; the clock reads 12:00 UTC.
    let (status, set) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": id, "time_zone": "Europe/London",
            "windows": [{"days": ["sat", "sun"], "start": "17:00:00", "end": "19:00:00"}],
            "reservation_ttl_secs": 60}),
        )
        .await;
    assert_eq!(status, 201, "{set}");
    assert_eq!(set["version"], 1);
    let (status, body) = server.redeem("HAPPY", "a", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("outside_time_window"))
    );
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 17, 30, 0).unwrap());
    assert_eq!(server.redeem("HAPPY", "a", 10.0).await.0, 201);
    // The limit set's TTL applies to reservations.
    let (_, pending) = server
        .post(
            "/redemptions",
            json!({"coupon_code": "HAPPY", "status": "pending", "context": {"cart_total": 10}}),
        )
        .await;
    assert_eq!(pending["expires_at"], "2030-03-10T17:31:00Z");

    let path = format!("/v1/promotions/limits?coupon_id={id}");
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 7, "windows": []})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("version_conflict"))
    );
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "windows": []})),
        )
        .await;
    assert_eq!((status, body["version"].as_u64()), (200, Some(2)), "{body}");
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 9, 0, 0).unwrap());
    assert_eq!(server.redeem("HAPPY", "b", 10.0).await.0, 201);
    let (status, _) = server.call(Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (_, view) = server.get(&format!("/limits?coupon_id={id}")).await;
    assert_eq!(view["limits"], Value::Null);
}

#[tokio::test]
async fn limit_bad_input_names_the_field() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "BAD", "type": "percentage", "value": 20}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    for (body, field) in [
        (
            json!({"target": "coupon", "target_id": id, "time_zone": "Nowhere"}),
            "time_zone",
        ),
        (json!({"target_id": id}), "target"),
        (
            json!({"target": "coupon", "target_id": id, "reservation_ttl_secs": 0}),
            "reservation_ttl_secs",
        ),
        (
            json!({"target": "coupon", "target_id": id, "per_channel": {"": 1}}),
            "per_channel.",
        ),
        (
            json!({"target": "coupon", "target_id": id, "windows": [{"start": "25:00:00", "end": "01:00:00"}]}),
            "windows[0].start",
        ),
    ] {
        let (status, problem) = server.post("/limits", body.clone()).await;
        assert_eq!(status, 400, "{body}: {problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    let (status, _) = server.get("/limits?coupon_id=cpn_missing").await;
    assert_eq!(status, 404);
    let (status, _) = server
        .post(
            "/limits",
            json!({"target": "campaign", "target_id": "cmp_missing", "daily_cap": 1}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn stores_and_exclusive_codes() {
    let server = campaign_common::start().await;
    let solo = server
        .coupon(json!({"code": "SOLO", "type": "percentage", "value": 10}))
        .await;
    server
        .coupon(json!({"code": "EXTRA", "type": "percentage", "value": 5}))
        .await;
    let id = solo["id"].as_str().unwrap();
    let (status, _) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": id, "exclusive": true, "stores": ["s1", "s2"]}),
        )
        .await;
    assert_eq!(status, 201);
    let in_store = json!({"currency": "GBP", "cart_total": 30, "store_id": "s2"});
    let (status, body) = redeem_with(
        &server,
        "SOLO",
        "a",
        json!({"currency": "GBP", "cart_total": 30, "store_id": "s9"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("not_eligible")),
        "{body}"
    );
    let (status, body) = server
        .post(
            "/redemptions",
            json!({"coupon_codes": ["EXTRA", "SOLO"], "context": in_store}),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("coupon_codes[1]")),
        "{body}"
    );
    assert!(body["detail"].as_str().unwrap().contains("exclusive"));
    assert_eq!(redeem_with(&server, "SOLO", "a", in_store).await.0, 201);
}

#[tokio::test]
async fn consumers_limit_who_may_redeem() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "VIP", "type": "percentage", "value": 15}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    let consumers: Vec<String> = (0..2_000).map(|i| format!("vip-{i}")).collect();
    let (status, set) = server
        .post(
            "/limits",
            json!({"target": "coupon", "target_id": id, "consumers": consumers}),
        )
        .await;
    assert_eq!(status, 201, "{set}");
    assert_eq!(set["consumer_count"], 2_000);
    assert_eq!(server.redeem("VIP", "vip-1999", 10.0).await.0, 201);
    let (status, body) = server.redeem("VIP", "stranger", 10.0).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("not_eligible")));
    // A fresh activation loads the list from storage.
    server
        .shards
        .shutdown(std::time::Duration::from_secs(5))
        .await;
    assert_eq!(server.redeem("VIP", "vip-7", 10.0).await.0, 201);
    assert_eq!(server.redeem("VIP", "stranger", 10.0).await.0, 422);
    // Replacing the list applies at once; other settings are kept.
    let path = format!("/v1/promotions/limits?coupon_id={id}");
    let (status, patched) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "consumers": ["stranger"]})),
        )
        .await;
    assert_eq!(
        (status, patched["consumer_count"].as_u64()),
        (200, Some(1)),
        "{patched}"
    );
    assert_eq!(server.redeem("VIP", "stranger", 10.0).await.0, 201);
    assert_eq!(server.redeem("VIP", "vip-8", 10.0).await.0, 422);
}

#[tokio::test]
async fn a_campaign_daily_cap_spans_its_coupons_and_resets_at_local_midnight() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "Tokyo", "status": "active", "time_zone": "Asia/Tokyo"}))
        .await;
    for code in ["JP1", "JP2"] {
        server
            .coupon(
                json!({"code": code, "type": "percentage", "value": 10, "campaign_id": campaign}),
            )
            .await;
    }
    let (status, set) = server
        .post(
            "/limits",
            json!({"target": "campaign", "target_id": campaign, "daily_cap": 3}),
        )
        .await;
    assert_eq!(status, 201, "{set}");
    let (status, problem) = server
        .post(
            "/limits",
            json!({"target": "campaign", "target_id": campaign, "per_store": {"s1": 1}}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("per_store"))
    );
    // 2030-03-10T12:00Z is 21:00 in Tokyo.
    assert_eq!(server.redeem("JP1", "a", 10.0).await.0, 201);
    assert_eq!(server.redeem("JP2", "b", 10.0).await.0, 201);
    assert_eq!(server.redeem("JP1", "c", 10.0).await.0, 201);
    let (status, body) = server.redeem("JP2", "d", 10.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("daily_limit_reached")),
        "{body}"
    );
    let (_, check) = server
        .post(
            "/limits/check",
            json!({"coupon_code": "JP1", "context": {"cart_total": 10}}),
        )
        .await;
    assert_eq!(check["allowed"], false, "{check}");
    assert_eq!(check["reasons"], json!(["daily_limit_reached"]));
    let (_, view) = server.get(&format!("/limits?campaign_id={campaign}")).await;
    assert_eq!(
        (view["today"].as_u64(), view["time_zone"].as_str()),
        (Some(3), Some("Asia/Tokyo")),
        "{view}"
    );
    // 15:00Z is midnight in Tokyo.
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 14, 59, 0).unwrap());
    assert_eq!(server.redeem("JP2", "d", 10.0).await.0, 409);
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 15, 0, 0).unwrap());
    assert_eq!(server.redeem("JP2", "d", 10.0).await.0, 201);
    // Clearing the limits lifts the cap.
    let path = format!("/v1/promotions/limits?campaign_id={campaign}");
    assert_eq!(server.call(Method::DELETE, &path, None).await.0, 204);
    for user in ["e", "f", "g"] {
        assert_eq!(server.redeem("JP1", user, 10.0).await.0, 201);
    }
}

#[tokio::test]
async fn a_campaign_edit_reaches_its_live_coupons_at_once() {
    let server = campaign_common::start().await;
    let id = server
        .campaign(json!({"name": "Edit", "status": "active", "channels": ["web"]}))
        .await;
    server
        .coupon(json!({"code": "LIVE1", "type": "percentage", "value": 10, "campaign_id": id}))
        .await;
    let web = json!({"currency": "GBP", "cart_total": 30, "channel": "web"});
    // The coupon's actor is live after this.
    assert_eq!(redeem_with(&server, "LIVE1", "a", web.clone()).await.0, 201);
    let (_, current) = server.get(&format!("/campaigns/{id}")).await;
    let patch = json!({"version": current["version"], "channels": ["pos"]});
    let (status, body) = server
        .call(
            Method::PATCH,
            &format!("/v1/promotions/campaigns/{id}"),
            Some(patch),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = redeem_with(&server, "LIVE1", "b", web).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("not_eligible")),
        "{body}"
    );
    let pos = json!({"currency": "GBP", "cart_total": 30, "channel": "pos"});
    assert_eq!(redeem_with(&server, "LIVE1", "b", pos).await.0, 201);
}
