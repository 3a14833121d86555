//! Webhooks end to end: a real HTTP receiver on loopback, signatures checked
//! with the Standard Webhooks reference library, retries, dead letters, secret
//! rotation, the SSRF guard, and the audit log of the same journal.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::webhooks::WebhookSettings;
use stampede_actors::ShardsConfig;
use stampede_api::webhook_http::HttpSender;

/// What the receiver saw: every request's headers and body, and whether it
/// was answered 2xx.
#[derive(Default)]
struct Received {
    requests: Vec<(HeaderMap, Bytes, bool)>,
    /// Requests to fail before answering 200 (`u32::MAX`: fail them all).
    fail_first: u32,
}

type Shared = Arc<Mutex<Received>>;

async fn receive(State(seen): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let mut seen = seen.lock().unwrap();
    let ok = seen.fail_first == 0;
    seen.fail_first = seen.fail_first.saturating_sub(1);
    seen.requests.push((headers, body, ok));
    if ok {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

/// A receiver on loopback that fails its first `fail_first` requests.
async fn receiver(fail_first: u32) -> (String, Shared) {
    let seen = Arc::new(Mutex::new(Received {
        fail_first,
        ..Received::default()
    }));
    let app = Router::new()
        .route("/hook", post(receive))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), seen)
}

fn settings(allow_private: bool, max_attempts: u32) -> ShardsConfig {
    ShardsConfig {
        webhooks: WebhookSettings {
            sender: Some(Arc::new(HttpSender::new(allow_private).unwrap())),
            max_attempts,
            base_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(200),
        },
        ..ShardsConfig::default()
    }
}

async fn create_hook(server: &common::Server, url: &str, events: Value) -> Value {
    let response = server
        .root(Method::POST, "t1", "/v1/promotions/webhooks")
        .json(&json!({"url": url, "events": events}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

/// Waits until `done` holds of what the receiver saw (at most 10 s).
async fn until(seen: &Shared, done: impl Fn(&Received) -> bool) {
    for _ in 0..200 {
        if done(&seen.lock().unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen = seen.lock().unwrap();
    let got: Vec<_> = seen
        .requests
        .iter()
        .map(|(h, b, ok)| (header(h, "webhook-id").to_owned(), b.len(), *ok))
        .collect();
    panic!("the receiver never saw what was expected; it saw {got:?}");
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).unwrap().to_str().unwrap()
}

/// The delivered (2xx) requests' event ids and types, in arrival order.
fn delivered(seen: &Received) -> Vec<(String, String)> {
    seen.requests
        .iter()
        .filter(|(_, _, ok)| *ok)
        .map(|(headers, body, _)| {
            let json: Value = serde_json::from_slice(body).unwrap();
            (
                header(headers, "webhook-id").to_owned(),
                json["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_event_arrives_once_by_id_signed_after_two_failures() {
    let server = common::start_with(settings(true, 5)).await;
    let (url, seen) = receiver(2).await;
    let hook = create_hook(&server, &url, json!(["coupon.created", "coupon.redeemed"])).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));

    server
        .create_coupon(
            "t1",
            json!({"code": "HOOKED", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    let (status, redemption) = server.redeem("t1", "HOOKED", "alice").await;
    assert_eq!(status, 201, "{redemption}");
    until(&seen, |s| delivered(s).len() == 2).await;

    let ids = {
        let seen = seen.lock().unwrap();
        let ids = delivered(&seen);
        assert_eq!(ids[0].1, "coupon.created", "in journal order");
        assert_eq!(ids[1].1, "coupon.redeemed");
        assert_ne!(ids[0].0, ids[1].0);
        // The first event was refused twice, then delivered: three requests, one id.
        let first: Vec<_> = seen
            .requests
            .iter()
            .filter(|(h, _, _)| header(h, "webhook-id") == ids[0].0)
            .collect();
        assert_eq!(first.len(), 3);
        let verifier = standardwebhooks::Webhook::new(&secret).unwrap();
        for (headers, body, _) in &seen.requests {
            verifier
                .verify(body, headers)
                .expect("a valid Standard Webhooks signature");
        }
        let (_, body, _) = seen.requests.last().unwrap();
        let payload: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(payload["data"]["after"]["id"], redemption["id"]);
        assert_eq!(payload["data"]["actor"], "root");
        ids
    };

    let hook_id = hook["id"].as_str().unwrap();
    let (_, page) = server
        .get(
            "t1",
            &format!("/v1/promotions/webhooks/{hook_id}/deliveries"),
        )
        .await;
    let first = &page["data"][0];
    assert_eq!(first["event_id"], ids[0].0.as_str());
    assert_eq!(first["status"], "delivered");
    assert_eq!(first["attempt_count"], 3);
    assert_eq!(first["attempts"][0]["status_code"], 500);
}

#[tokio::test]
async fn a_failing_endpoint_sets_the_event_aside_and_moves_on() {
    let server = common::start_with(settings(true, 2)).await;
    let (url, seen) = receiver(2).await;
    let hook = create_hook(&server, &url, json!(["*"])).await;
    server
        .create_coupon(
            "t1",
            json!({"code": "DEAD1", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    server
        .create_coupon(
            "t1",
            json!({"code": "LIVE2", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    until(&seen, |s| delivered(s).len() == 1).await;
    let hook_id = hook["id"].as_str().unwrap();
    let (_, page) = server
        .get(
            "t1",
            &format!("/v1/promotions/webhooks/{hook_id}/deliveries"),
        )
        .await;
    assert_eq!(page["data"][0]["status"], "dead", "{page}");
    assert_eq!(page["data"][1]["status"], "delivered", "{page}");

    // Redelivered by hand, under the same id.
    let dead_id = page["data"][0]["event_id"].as_str().unwrap();
    let path = format!("/v1/promotions/webhooks/{hook_id}/deliveries/{dead_id}/redeliver");
    let response = server.root(Method::POST, "t1", &path).send().await.unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "delivered", "{body}");
    assert_eq!(delivered(&seen.lock().unwrap())[1].0, dead_id);
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one() {
    let server = common::start_with(settings(true, 5)).await;
    let (url, seen) = receiver(0).await;
    let hook = create_hook(&server, &url, json!(["coupon.created"])).await;
    let old = hook["secret"].as_str().unwrap().to_owned();
    let hook_id = hook["id"].as_str().unwrap();
    let path = format!("/v1/promotions/webhooks/{hook_id}/rotate-secret");
    let response = server.root(Method::POST, "t1", &path).send().await.unwrap();
    let rotated: Value = response.json().await.unwrap();
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(old, new);
    server
        .create_coupon(
            "t1",
            json!({"code": "ROT", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    until(&seen, |s| delivered(s).len() == 1).await;
    let seen = seen.lock().unwrap();
    let (headers, body, _) = &seen.requests[0];
    for secret in [&old, &new] {
        let verifier = standardwebhooks::Webhook::new(secret).unwrap();
        verifier
            .verify(body, headers)
            .expect("signed with both secrets");
    }
}

#[tokio::test]
async fn test_sends_now_and_bad_endpoints_are_refused() {
    let guarded = common::start_with(settings(false, 5)).await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/",
        "gopher://x",
    ] {
        let response = guarded
            .root(Method::POST, "t1", "/v1/promotions/webhooks")
            .json(&json!({"url": url, "events": ["*"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{url}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["field"], "url", "{problem}");
    }
    let server = common::start_with(settings(true, 5)).await;
    let (url, seen) = receiver(0).await;
    for (events, field) in [(json!(["coupon.nope"]), "events[0]"), (json!([]), "events")] {
        let response = server
            .root(Method::POST, "t1", "/v1/promotions/webhooks")
            .json(&json!({"url": url, "events": events}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["field"], field);
    }
    let hook = create_hook(&server, &url, json!(["coupon.redeemed"])).await;
    let response = server
        .root(Method::POST, "t1", "/v1/promotions/webhooks/test")
        .json(&json!({"webhook_id": hook["id"]}))
        .send()
        .await
        .unwrap();
    let attempt: Value = response.json().await.unwrap();
    assert_eq!(attempt["status_code"], 200, "{attempt}");
    let seen = seen.lock().unwrap();
    let payload: Value = serde_json::from_slice(&seen.requests[0].1).unwrap();
    assert_eq!(payload["type"], "webhook.test");
}

#[tokio::test]
async fn every_mutation_is_in_the_audit_log_with_actor_reason_and_states() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "AUDIT", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    let id = coupon["id"].as_str().unwrap();
    let response = server
        .root(
            Method::POST,
            "t1",
            &format!("/v1/promotions/coupons/{id}/revoke"),
        )
        .header("X-Reason", "leaked on a forum")
        .header("X-Request-Id", "req-audit-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-audit-1");
    let (_, page) = server
        .get("t1", &format!("/v1/promotions/audit?target_id={id}"))
        .await;
    let events = page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", page.to_string()));
    assert_eq!(events.len(), 2, "{page}");
    let revoked = &events[0];
    assert_eq!(revoked["type"], "coupon.revoked");
    assert_eq!(revoked["actor"], "root");
    assert_eq!(revoked["reason"], "leaked on a forum");
    assert_eq!(revoked["request_id"], "req-audit-1");
    assert_eq!(revoked["before"]["status"], "active");
    assert_eq!(revoked["after"]["status"], "revoked");
    assert_eq!(events[1]["type"], "coupon.created");
    assert!(events[1]["before"].is_null());

    let event_id = revoked["id"].as_str().unwrap();
    let (status, one) = server
        .get("t1", &format!("/v1/promotions/audit/{event_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], event_id);
    let (_, family) = server.get("t1", "/v1/promotions/audit?action=coupon").await;
    assert_eq!(family["data"].as_array().unwrap().len(), 2);
    let (_, none) = server.get("t1", "/v1/promotions/audit?actor=key_x").await;
    assert!(none["data"].as_array().unwrap().is_empty());
    let (status, _) = server.get("t1", "/v1/promotions/audit?colour=red").await;
    assert_eq!(status, 400, "unknown query parameters are refused");
    let (status, _) = server
        .get("t2", &format!("/v1/promotions/audit/{event_id}"))
        .await;
    assert_eq!(status, 404, "another tenant's event is not found");
}

#[tokio::test]
async fn limit_changes_are_audited_too() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "CAPPED", "type": "fixed", "value": 5, "currency": "GBP"}),
        )
        .await;
    let response = server
        .root(Method::POST, "t1", "/v1/promotions/limits")
        .header("X-Reason", "flash sale cap")
        .json(&json!({"target": "coupon", "target_id": coupon["id"], "daily_cap": 5, "time_zone": "UTC"}))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{:?}",
        response.text().await
    );
    let (_, page) = server
        .get("t1", "/v1/promotions/audit?action=coupon.limits_set")
        .await;
    let events = page["data"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{page}");
    assert_eq!(events[0]["actor"], "root");
    assert_eq!(events[0]["reason"], "flash sale cap");
    assert_eq!(events[0]["target_id"], coupon["id"]);
    assert!(events[0]["before"].is_null());
    assert_eq!(events[0]["after"]["daily_cap"], 5);
}
