//! Schedules over HTTP with a moved clock: the scheduler activates and pauses a
//! campaign (and a coupon) exactly when due, recurring schedules fire in their
//! time zone, and `/run` runs the next event now.

mod campaign_common;

use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::json;
use stampede_actors::scheduler;

async fn status_of(server: &campaign_common::Server, path: &str) -> String {
    let (_, body) = server.get(path).await;
    body["status"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_campaign_is_activated_and_paused_on_time() {
    let server = campaign_common::start().await;
    let campaign = server.campaign(json!({"name": "Weekend"})).await;
    let (status, schedule) = server
        .post(
            "/schedule",
            json!({"target": "campaign", "target_id": campaign,
            "start": "2030-03-10T13:00:00Z", "end": "2030-03-10T15:00:00Z"}),
        )
        .await;
    assert_eq!(status, 201, "{schedule}");
    assert_eq!(schedule["next_action"], "activate");
    assert_eq!(schedule["next_run_at"], "2030-03-10T13:00:00Z");
    let path = format!("/campaigns/{campaign}");

    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 0);
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 12, 59, 59).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 0);
    assert_eq!(status_of(&server, &path).await, "draft");

    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 13, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "active");
    // A second sweep at the same time runs nothing twice.
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 0);

    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 15, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "paused");
    let id = schedule["id"].as_str().unwrap();
    let (_, done) = server.get(&format!("/schedule/{id}")).await;
    assert_eq!(done["status"], "done");
    assert_eq!(done["runs"], 2);
}

#[tokio::test]
async fn a_recurring_schedule_fires_in_its_time_zone() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "MORNING", "type": "percentage", "value": 10, "status": "draft"}))
        .await;
    let id = coupon["id"].as_str().unwrap();
    // Weekdays 09:00–10:00 in Tokyo (UTC+9). 2030-03-10 is a Sunday.
    let (status, schedule) = server
        .post(
            "/schedule",
            json!({"target": "coupon", "target_id": id,
            "recurrence": "0 9 * * Mon-Fri", "time_zone": "Asia/Tokyo", "duration_secs": 3600}),
        )
        .await;
    assert_eq!(status, 201, "{schedule}");
    // Monday 09:00 in Tokyo is Monday 00:00 UTC.
    assert_eq!(schedule["next_run_at"], "2030-03-11T00:00:00Z");
    let path = format!("/coupons/{id}");
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 0, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "active");
    assert_eq!(server.redeem("MORNING", "a", 10.0).await.0, 201);
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 1, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "draft");
    assert_eq!(server.redeem("MORNING", "b", 10.0).await.0, 422);
    let (_, next) = server
        .get(&format!("/schedule/{}", schedule["id"].as_str().unwrap()))
        .await;
    assert_eq!(next["next_run_at"], "2030-03-12T00:00:00Z");
    assert_eq!(next["next_action"], "activate");
}

#[tokio::test]
async fn run_now_pause_and_crud() {
    let server = campaign_common::start().await;
    let campaign = server.campaign(json!({"name": "Later"})).await;
    let (_, schedule) = server
        .post(
            "/schedule",
            json!({"target": "campaign", "target_id": campaign, "start": "2030-04-01T00:00:00Z"}),
        )
        .await;
    let id = schedule["id"].as_str().unwrap();
    let (status, ran) = server.post(&format!("/schedule/{id}/run"), json!({})).await;
    assert_eq!(status, 200, "{ran}");
    assert_eq!(ran["runs"], 1);
    assert_eq!(
        status_of(&server, &format!("/campaigns/{campaign}")).await,
        "active"
    );

    let (_, second) = server
        .post(
            "/schedule",
            json!({"target": "campaign", "target_id": campaign,
            "recurrence": "cron(0 0 12 * * *)", "duration_secs": 60}),
        )
        .await;
    let sid = second["id"].as_str().unwrap();
    let path = format!("/v1/promotions/schedule/{sid}");
    let (status, paused) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "status": "paused"})),
        )
        .await;
    assert_eq!(
        (status, paused["status"].as_str()),
        (200, Some("paused")),
        "{paused}"
    );
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 11, 12, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 0);
    let (status, body) = server
        .post(&format!("/schedule/{sid}/run"), json!({}))
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("status")));
    let (status, _) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "status": "active"})),
        )
        .await;
    assert_eq!(status, 409);
    let (_, list) = server.get(&format!("/schedule?target_id={campaign}")).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    assert_eq!(server.call(Method::DELETE, &path, None).await.0, 204);
    assert_eq!(server.get(&format!("/schedule/{sid}")).await.0, 404);
}

#[tokio::test]
async fn schedule_bad_input_names_the_field() {
    let server = campaign_common::start().await;
    let campaign = server.campaign(json!({"name": "X"})).await;
    for (body, field) in [
        (
            json!({"target": "campaign", "target_id": campaign, "recurrence": "every day"}),
            "recurrence",
        ),
        (
            json!({"target": "campaign", "target_id": campaign, "time_zone": "Atlantis"}),
            "time_zone",
        ),
        (
            json!({"target": "campaign", "target_id": campaign, "duration_secs": 5}),
            "duration_secs",
        ),
        (
            json!({"target": "campaign", "target_id": campaign, "start": "2030-05-01T00:00:00Z", "end": "2030-04-01T00:00:00Z"}),
            "end",
        ),
        (json!({"target": "rule", "target_id": "r1"}), "target"),
        (json!({"target_id": campaign}), "target"),
    ] {
        let (status, problem) = server.post("/schedule", body.clone()).await;
        assert_eq!(status, 400, "{body}: {problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    let (status, problem) = server
        .post(
            "/schedule",
            json!({"target": "campaign", "target_id": "cmp_nope"}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (404, Some("target_id"))
    );
}

#[tokio::test]
async fn a_campaign_promotion_is_activated_and_paused_on_time() {
    let server = campaign_common::start().await;
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 0, 0, 0).unwrap());
    let campaign = server.campaign(json!({"name": "Promos"})).await;
    let promotion = json!({
        "promotion_name": "Lunch deal",
        "promotion_type": "percentage_discount",
        "description": "10% at lunch",
        "discount_rules": {"discount_value": 10},
        "eligibility_criteria": {"customer_segments": [], "first_time_customers_only": false,
            "loyalty_tier_requirements": [], "geographic_restrictions": []},
        "usage_limits": {"total_usage_limit": 100},
        "schedule": {"start_date": "2030-03-10T12:00:00.000Z", "end_date": "2031-01-01T00:00:00.000Z"},
        "display_settings": {},
        "auto_apply": true,
        "stackable": true,
        "status": "draft"
    });
    let (status, created) = server
        .post(&format!("/campaigns/{campaign}/promotions"), promotion)
        .await;
    assert_eq!(status, 201, "{created}");
    let promotion_id = created["promotion_id"].as_str().unwrap().to_owned();
    let path = format!("/campaigns/{campaign}/promotions/{promotion_id}");
    let (status, schedule) = server
        .post(
            "/schedule",
            json!({"target": "promotion", "target_id": promotion_id,
            "start": "2030-03-10T14:00:00Z", "end": "2030-03-10T15:00:00Z"}),
        )
        .await;
    assert_eq!(status, 201, "{schedule}");
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 13, 59, 59).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 0);
    assert_eq!(status_of(&server, &path).await, "draft");
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 14, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "active");
    server
        .clock
        .set(Utc.with_ymd_and_hms(2030, 3, 10, 15, 0, 0).unwrap());
    assert_eq!(scheduler::sweep(&server.shards).await.unwrap(), 1);
    assert_eq!(status_of(&server, &path).await, "paused");
}

#[tokio::test]
async fn a_rule_cannot_be_scheduled_and_an_unknown_promotion_is_refused() {
    let server = campaign_common::start().await;
    let (status, body) = server
        .post(
            "/schedule",
            json!({"target": "rule", "target_id": "rul_1", "start": "2030-03-10T14:00:00Z"}),
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("target")),
        "{body}"
    );
    let (status, body) = server
        .post(
            "/schedule",
            json!({"target": "promotion", "target_id": "prm_missing", "start": "2030-03-10T14:00:00Z"}),
        )
        .await;
    assert_eq!(status, 404, "{body}");
}
