//! Fraud controls: blacklisted users, emails, IP networks and devices are
//! refused on validate and redeem until their entry lapses on a moved clock;
//! a scripted code-guessing run raises an alert that quarantines its source;
//! scores name their signals.

mod common;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;

async fn send(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let mut request = server.root(method, "t", path);
    if !body.is_null() {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn redeem(server: &common::Server, context: Value) -> (u16, Value) {
    let body = json!({"coupon_code": "SAVE", "context": context});
    send(server, Method::POST, "/v1/promotions/redemptions", body).await
}

async fn validate(server: &common::Server, code: &str, context: Value) -> Value {
    let body = json!({"code": code, "context": context});
    let (status, answer) = send(server, Method::POST, "/v1/promotions/validate", body).await;
    assert_eq!(status, 200, "{answer}");
    answer["results"][0].clone()
}

async fn start() -> (common::Server, Shards, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let (server, shards) = common::start_on(clock.clone(), ShardsConfig::default()).await;
    let coupon = json!({"code": "SAVE", "type": "percentage", "value": 10, "max_uses": 1000});
    server.create_coupon("t", coupon).await;
    (server, shards, clock)
}

async fn blacklist(server: &common::Server, body: Value) -> Value {
    let (status, entry) = send(server, Method::POST, "/v1/promotions/fraud/blacklist", body).await;
    assert_eq!(status, 201, "{entry}");
    entry
}

#[tokio::test]
async fn blacklisted_subjects_are_refused_until_their_entry_lapses() {
    let (server, _shards, clock) = start().await;
    let until = clock_now(&clock) + chrono::Duration::minutes(10);
    blacklist(
        &server,
        json!({"user_id": "mallory", "reason": "chargebacks", "expires_at": until}),
    )
    .await;
    let network = blacklist(&server, json!({"kind": "ip", "value": "10.1.2.3/8"})).await;
    assert_eq!(network["value"], "10.0.0.0/8", "{network}");
    blacklist(&server, json!({"device_id": "dev-42"})).await;
    let email = blacklist(&server, json!({"email": "Eve+deals@Example.com"})).await;
    assert_eq!(email["value"], "eve@example.com");

    let refused = [
        json!({"user_id": "mallory"}),
        json!({"user_id": "u1", "ip": "10.200.0.9"}),
        json!({"user_id": "u2", "device_id": "dev-42"}),
        json!({"user_id": "u3", "email": "eve@example.com"}),
    ];
    for context in &refused {
        let result = validate(&server, "SAVE", context.clone()).await;
        assert_eq!(result["valid"], false, "{context}: {result}");
        assert!(
            result["reasons"]
                .as_array()
                .unwrap()
                .contains(&json!("blacklisted")),
            "{result}"
        );
        let (status, problem) = redeem(&server, context.clone()).await;
        assert_eq!(status, 403, "{context}: {problem}");
        assert_eq!(problem["code"], "blacklisted");
    }
    let (status, ok) = redeem(&server, json!({"user_id": "u4", "ip": "11.0.0.1"})).await;
    assert_eq!(status, 201, "{ok}");

    clock.advance_ms(11 * 60 * 1_000);
    let (status, lapsed) = redeem(&server, json!({"user_id": "mallory"})).await;
    assert_eq!(status, 201, "the entry lapsed: {lapsed}");
    let path = format!(
        "/v1/promotions/fraud/blacklist/{}",
        network["id"].as_str().unwrap()
    );
    let (status, _) = send(&server, Method::DELETE, &path, Value::Null).await;
    assert_eq!(status, 204);
    let (status, freed) = redeem(&server, json!({"user_id": "u5", "ip": "10.200.0.9"})).await;
    assert_eq!(status, 201, "the network was removed: {freed}");
    let (_, list) = send(
        &server,
        Method::GET,
        "/v1/promotions/fraud/blacklist",
        Value::Null,
    )
    .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 3, "{list}");
}

fn clock_now(clock: &ManualClock) -> chrono::DateTime<chrono::Utc> {
    use stampede_protocol::Clock;
    clock.now()
}

#[tokio::test]
async fn bad_entries_and_contexts_are_refused_naming_the_field() {
    let (server, _shards, _clock) = start().await;
    for (body, field) in [
        (json!({"ip": "not-an-ip"}), "ip"),
        (json!({"email": "nobody"}), "email"),
        (json!({"user_id": "a", "ip": "10.0.0.1"}), "kind"),
        (json!({"kind": "user_id"}), "value"),
        (json!({"user_id": "a", "colour": "red"}), ""),
    ] {
        let (status, problem) = send(
            &server,
            Method::POST,
            "/v1/promotions/fraud/blacklist",
            body.clone(),
        )
        .await;
        assert_eq!(status, 400, "{body}: {problem}");
        if !field.is_empty() {
            assert_eq!(problem["field"], field, "{body}: {problem}");
        }
    }
    let (status, problem) = redeem(&server, json!({"user_id": "u", "ip": "999.1.1.1"})).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "context.ip");
    let (status, problem) = send(
        &server,
        Method::POST,
        "/v1/promotions/fraud/score",
        json!({}),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let bad = json!({"review_score": 90, "block_score": 40});
    let (status, problem) = send(&server, Method::PUT, "/v1/promotions/fraud/settings", bad).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "block_score");
}

#[tokio::test]
async fn code_guessing_raises_an_alert_that_quarantines_its_source() {
    let (server, shards, _clock) = start().await;
    let settings = json!({"max_distinct_codes_per_hour": 5, "auto_quarantine": true, "quarantine_minutes": 30});
    let (status, saved) = send(
        &server,
        Method::PUT,
        "/v1/promotions/fraud/settings",
        settings,
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let (_, clean) = send(
        &server,
        Method::POST,
        "/v1/promotions/fraud/score",
        json!({"ip": "198.51.100.7"}),
    )
    .await;
    assert_eq!(clean["score"], 0, "{clean}");
    assert_eq!(clean["action"], "allow");

    let guesser = json!({"ip": "198.51.100.7"});
    for i in 0..12 {
        validate(&server, &format!("GUESS{i:03}"), guesser.clone()).await;
    }
    shards.fraud_round().await.unwrap();
    let mut alerts = Value::Null;
    for _ in 0..50 {
        let (_, list) = send(
            &server,
            Method::GET,
            "/v1/promotions/fraud/alerts?status=open",
            Value::Null,
        )
        .await;
        if !list["data"].as_array().unwrap().is_empty() {
            alerts = list;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let alert = alerts["data"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["signal"] == "code_guessing"))
        .cloned()
        .unwrap_or_else(|| panic!("no code_guessing alert: {alerts}"));
    assert_eq!(alert["subject_kind"], "ip");
    assert_eq!(alert["subject"], "198.51.100.7");
    assert_eq!(alert["action"], "block");
    assert!(alert["quarantine_entry_id"].is_string(), "{alert}");

    let (status, problem) = redeem(&server, json!({"user_id": "g", "ip": "198.51.100.7"})).await;
    assert_eq!(status, 403, "quarantined: {problem}");
    let (_, scored) = send(&server, Method::POST, "/v1/promotions/fraud/score", guesser).await;
    assert_eq!(scored["action"], "block", "{scored}");
    let signals: Vec<&str> = scored["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["signal"].as_str().unwrap())
        .collect();
    assert!(
        signals.contains(&"code_guessing") && signals.contains(&"blacklisted"),
        "{scored}"
    );

    let path = format!(
        "/v1/promotions/fraud/alerts/{}/acknowledge",
        alert["id"].as_str().unwrap()
    );
    let (status, acked) = send(&server, Method::POST, &path, json!({"note": "looking"})).await;
    assert_eq!(status, 200, "{acked}");
    assert_eq!(acked["status"], "acknowledged");
    let (_, open) = send(
        &server,
        Method::GET,
        "/v1/promotions/fraud/alerts?status=open",
        Value::Null,
    )
    .await;
    assert!(
        open["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["id"] != alert["id"]),
        "{open}"
    );
}

/// A code refusing most of its tries for reasons other than being sold out
/// raises a `refusal_spike`; a sold-out code does not.
#[tokio::test]
async fn a_codes_refusal_spike_alerts_but_selling_out_does_not() {
    let (server, shards, _clock) = start().await;
    let settings = json!({"min_code_attempts_per_hour": 10, "max_refusal_percent_per_code": 50});
    let (status, _) = send(
        &server,
        Method::PUT,
        "/v1/promotions/fraud/settings",
        settings,
    )
    .await;
    assert_eq!(status, 200);
    let once = json!({"code": "ONCE", "type": "percentage", "value": 10, "per_customer_limit": 1});
    server.create_coupon("t", once).await;
    let few = json!({"code": "FEW", "type": "percentage", "value": 10, "max_uses": 1});
    server.create_coupon("t", few).await;
    for i in 0..12 {
        let body = json!({"coupon_code": "ONCE", "user_id": "same"});
        send(&server, Method::POST, "/v1/promotions/redemptions", body).await;
        let body = json!({"coupon_code": "FEW", "user_id": format!("buyer{i}")});
        send(&server, Method::POST, "/v1/promotions/redemptions", body).await;
    }
    shards.fraud_round().await.unwrap();
    let (_, spiking) = send(
        &server,
        Method::POST,
        "/v1/promotions/fraud/score",
        json!({"code": "ONCE"}),
    )
    .await;
    let signal = &spiking["signals"][0];
    assert_eq!(signal["signal"], "refusal_spike", "{spiking}");
    assert_eq!(signal["value"], 91, "11 of 12 refused: {spiking}");
    let (_, sold_out) = send(
        &server,
        Method::POST,
        "/v1/promotions/fraud/score",
        json!({"code": "FEW"}),
    )
    .await;
    assert_eq!(sold_out["score"], 0, "selling out is no abuse: {sold_out}");
    let (_, alerts) = send(
        &server,
        Method::GET,
        "/v1/promotions/fraud/alerts",
        Value::Null,
    )
    .await;
    let spike = alerts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["signal"] == "refusal_spike")
        .unwrap_or_else(|| panic!("no refusal_spike alert: {alerts}"));
    assert_eq!(spike["subject_kind"], "code");
    assert_eq!(spike["subject"], "ONCE");
    assert!(
        spike["quarantine_entry_id"].is_null(),
        "a code is never quarantined"
    );
    let (status, problem) = send(
        &server,
        Method::POST,
        "/v1/promotions/fraud/blacklist",
        json!({"kind": "code", "value": "ONCE"}),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
}

/// Seed 000 §12: a blacklisted user receives no coupon — neither from points
/// nor from an event trigger — while others still do.
#[tokio::test]
async fn a_blacklisted_user_receives_no_coupons() {
    let (server, _shards, _clock) = start().await;
    blacklist(&server, json!({"user_id": "mallory"})).await;
    let settings = json!({"points_per_unit": 100, "currency": "GBP"});
    let path = "/v1/promotions/rewards/points-settings";
    let (status, saved) = send(&server, Method::PUT, path, settings).await;
    assert_eq!(status, 200, "{saved}");
    let convert = |user: &str, reference: &str| json!({"user_id": user, "points": 500, "debit_reference": reference});
    let path = "/v1/promotions/coupons/from-points";
    let (status, problem) = send(&server, Method::POST, path, convert("mallory", "l-1")).await;
    assert_eq!(status, 403, "{problem}");
    assert_eq!(problem["code"], "blacklisted");
    let (status, coupon) = send(&server, Method::POST, path, convert("ann", "l-2")).await;
    assert_eq!(status, 201, "{coupon}");

    let template = json!({"code": "ACH", "type": "percentage", "value": 10,
        "auto_generate": {"enabled": true, "trigger": "achievement_completed",
            "trigger_config": {"achievement_id": "first-win"}}});
    server.create_coupon("t", template).await;
    let achieved = |id: &str, user: &str| {
        json!({"id": id, "type": "achievement_completed", "user_id": user,
            "achievement_id": "first-win", "occurred_at": "2025-03-01T10:00:00Z"})
    };
    let events = json!({"events": [achieved("e1", "mallory"), achieved("e2", "ann")]});
    let (status, answer) = send(&server, Method::POST, "/v1/promotions/events", events).await;
    assert_eq!(status, 200, "{answer}");
    let made: Vec<usize> = answer["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["generated"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(made, [0, 1], "{answer}");
}
