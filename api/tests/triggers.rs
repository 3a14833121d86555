//! Event-triggered coupons (seed 002 `auto_generate`) through the real
//! router: streaks, achievements, leaderboards and purchase counts each make
//! one code per occurrence, bound to its user; replays and concurrent nodes
//! make nothing more; bad templates and events are refused, naming the field.

mod common;

use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;

const EVENTS: &str = "/v1/promotions/events";

async fn send(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let mut request = server.root(method, "t", path);
    if !body.is_null() {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A template coupon listening to `trigger` with `config`; its id.
async fn template(server: &common::Server, code: &str, trigger: &str, config: Value) -> String {
    let body = json!({"code": code, "type": "percentage", "value": 10,
        "auto_generate": {"enabled": true, "trigger": trigger, "trigger_config": config,
            "code_prefix": "GEN", "code_length": 8}});
    let coupon = server.create_coupon("t", body).await;
    assert_eq!(coupon["auto_generate"]["trigger"], trigger, "{coupon}");
    coupon["id"].as_str().unwrap().to_owned()
}

fn streak_day(id: &str, user: &str, day: u32) -> Value {
    json!({"id": id, "type": "streak_day", "user_id": user, "streak_id": "daily",
        "occurred_at": format!("2025-03-{day:02}T10:00:00Z")})
}

async fn ingest(server: &common::Server, events: Vec<Value>) -> Vec<Value> {
    let (status, answer) = send(server, Method::POST, EVENTS, json!({"events": events})).await;
    assert_eq!(status, 200, "{answer}");
    answer["events"].as_array().unwrap().clone()
}

/// The codes the template's trigger made (for `user`, if given).
async fn generated(server: &common::Server, template: &str, user: Option<&str>) -> Vec<Value> {
    let mut path = format!("/v1/promotions/coupons/{template}/generated?limit=500");
    if let Some(user) = user {
        path.push_str(&format!("&user_id={user}"));
    }
    let (status, page) = server.get("t", &path).await;
    assert_eq!(status, 200, "{page}");
    page["data"].as_array().unwrap().clone()
}

fn made(outcomes: &[Value]) -> usize {
    outcomes
        .iter()
        .map(|o| o["generated"].as_array().map_or(0, Vec::len))
        .sum()
}

#[tokio::test]
async fn a_streak_makes_one_code_per_run_and_replays_make_nothing() {
    let server = common::start().await;
    let tpl = template(
        &server,
        "STREAK3",
        "streak_milestone",
        json!({"streak_id": "daily", "milestone_threshold": 3}),
    )
    .await;
    let days = vec![
        streak_day("e1", "u1", 1),
        streak_day("e2", "u1", 2),
        streak_day("e2b", "u1", 2),
        streak_day("e3", "u1", 3),
    ];
    let first = ingest(&server, days.clone()).await;
    assert!(first.iter().all(|o| o["status"] == "accepted"), "{first:?}");
    assert_eq!(made(&first[..3]), 0, "not yet three days");
    let code = &first[3]["generated"][0];
    assert_eq!(code["user_id"], "u1");
    assert_eq!(code["trigger"], "streak_milestone");
    assert_eq!(code["occurrence"], "streak:daily:2025-03-01");
    assert!(code["code"].as_str().unwrap().starts_with("GEN"), "{code}");

    // The same ids again: duplicates answering the first outcome.
    let again = ingest(&server, days).await;
    assert!(
        again.iter().all(|o| o["status"] == "duplicate"),
        "{again:?}"
    );
    assert_eq!(again[3]["generated"][0]["code"], code["code"]);
    // The same days under new ids, and a day after: nothing new.
    let resent = ingest(
        &server,
        vec![
            streak_day("n1", "u1", 1),
            streak_day("n3", "u1", 3),
            streak_day("n4", "u1", 4),
        ],
    )
    .await;
    assert_eq!(made(&resent), 0, "{resent:?}");
    assert_eq!(generated(&server, &tpl, Some("u1")).await.len(), 1);

    // A gap resets the run: three more days make a second code.
    let gap = ingest(
        &server,
        vec![
            streak_day("g6", "u1", 6),
            streak_day("g7", "u1", 7),
            streak_day("g8", "u1", 8),
        ],
    )
    .await;
    assert_eq!(made(&gap[..2]), 0);
    assert_eq!(
        gap[2]["generated"][0]["occurrence"],
        "streak:daily:2025-03-06"
    );
    assert_eq!(generated(&server, &tpl, Some("u1")).await.len(), 2);
    assert_eq!(generated(&server, &tpl, Some("u2")).await.len(), 0);

    let (status, stored) = server.get("t", "/v1/promotions/events/e3").await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["generated"][0]["code"], code["code"]);
    let (status, _) = server.get("t", "/v1/promotions/events/nope").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_gap_resets_the_streak() {
    let server = common::start().await;
    let tpl = template(
        &server,
        "STREAKGAP",
        "streak_milestone",
        json!({"streak_id": "daily", "milestone_threshold": 3}),
    )
    .await;
    let days = [1, 2, 4, 5, 7, 8];
    let events = days
        .iter()
        .map(|d| streak_day(&format!("d{d}"), "u1", *d))
        .collect();
    let outcomes = ingest(&server, events).await;
    assert_eq!(made(&outcomes), 0, "{outcomes:?}");
    assert!(generated(&server, &tpl, None).await.is_empty());
}

#[tokio::test]
async fn the_generated_code_redeems_for_its_user_only() {
    let server = common::start().await;
    template(
        &server,
        "ACH",
        "achievement_completed",
        json!({"achievement_id": "first-win"}),
    )
    .await;
    let event = json!({"id": "a1", "type": "achievement_completed", "user_id": "u1",
        "achievement_id": "first-win", "occurred_at": "2025-03-01T10:00:00Z"});
    let (status, outcome) = send(&server, Method::POST, EVENTS, event).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["status"], "accepted");
    let code = outcome["generated"][0]["code"].as_str().unwrap().to_owned();
    let (status, refused) = server.redeem("t", &code, "u2").await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["code"], "not_eligible");
    let (status, redeemed) = server.redeem("t", &code, "u1").await;
    assert_eq!(status, 201, "{redeemed}");
}

#[tokio::test]
async fn an_achievement_makes_one_code_per_user() {
    let server = common::start().await;
    let tpl = template(
        &server,
        "ACH2",
        "achievement_completed",
        json!({"achievement_id": "first-win"}),
    )
    .await;
    let achieved = |id: &str, user: &str, achievement: &str| {
        json!({"id": id, "type": "achievement_completed", "user_id": user,
            "achievement_id": achievement, "occurred_at": "2025-03-01T10:00:00Z"})
    };
    let outcomes = ingest(
        &server,
        vec![
            achieved("a1", "u1", "first-win"),
            achieved("a2", "u1", "first-win"),
            achieved("a3", "u2", "first-win"),
            achieved("a4", "u3", "other"),
        ],
    )
    .await;
    let counts: Vec<usize> = outcomes
        .iter()
        .map(|o| o["generated"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [1, 0, 1, 0]);
    assert_eq!(generated(&server, &tpl, None).await.len(), 2);
}

#[tokio::test]
async fn a_leaderboard_closing_rewards_its_top_ranks_once() {
    let server = common::start().await;
    let tpl = template(
        &server,
        "TOP2",
        "leaderboard_rank",
        json!({"leaderboard_id": "weekly", "rank_threshold": 2}),
    )
    .await;
    let closing = |id: &str| {
        json!({"id": id, "type": "leaderboard_closed", "leaderboard_id": "weekly",
            "occurred_at": "2025-03-07T23:59:00Z",
            "rankings": [{"user_id": "u1", "rank": 1}, {"user_id": "u2", "rank": 2},
                {"user_id": "u3", "rank": 3}]})
    };
    let first = ingest(&server, vec![closing("w1"), closing("w1")]).await;
    let users: Vec<&str> = first[0]["generated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["u1", "u2"]);
    assert_eq!(first[1]["status"], "duplicate");
    // Another closing (a new event id) is another occurrence.
    let next = ingest(&server, vec![closing("w2")]).await;
    assert_eq!(made(&next), 2);
    assert_eq!(generated(&server, &tpl, None).await.len(), 4);
    assert_eq!(generated(&server, &tpl, Some("u3")).await.len(), 0);
}

#[tokio::test]
async fn every_nth_purchase_makes_a_code() {
    let server = common::start().await;
    let tpl = template(
        &server,
        "EVERY3",
        "purchase_count",
        json!({"purchase_threshold": 3}),
    )
    .await;
    let events = (1..=7)
        .map(|i| {
            json!({"id": format!("p{i}"), "type": "purchase", "user_id": "u1",
                "occurred_at": "2025-03-01T10:00:00Z"})
        })
        .collect();
    let outcomes = ingest(&server, events).await;
    let made_at: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| !o["generated"].as_array().unwrap().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(made_at, [3, 6]);
    assert_eq!(
        outcomes[5]["generated"][0]["occurrence"], "purchase:6",
        "{outcomes:?}"
    );
    assert_eq!(generated(&server, &tpl, Some("u1")).await.len(), 2);
}

/// Two nodes' routers over one store, without a cluster: each serves
/// whatever it is sent.
async fn two_routers() -> (Vec<String>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = testing::redb_store(dir.path().join("s.redb")).unwrap();
    let mut bases = Vec::new();
    for _ in 0..2 {
        let shards = Shards::new(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
        );
        let state = AppState {
            shards,
            auth: Arc::new(Auth::new(common::ROOT_KEY)),
            metrics: stampede_api::telemetry::prometheus(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, stampede_api::router(state))
                .await
                .unwrap();
        });
        bases.push(format!("http://{addr}"));
    }
    (bases, dir)
}

async fn post_at(client: &reqwest::Client, base: &str, path: &str, body: &Value) -> Value {
    let response = client
        .post(format!("{base}{path}"))
        .header("X-API-Key", common::ROOT_KEY)
        .header("X-Tenant-ID", "t")
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

#[tokio::test]
async fn two_nodes_given_the_same_events_make_one_code() {
    let (bases, _dir) = two_routers().await;
    let client = reqwest::Client::new();
    let tpl = json!({"code": "DUAL", "type": "percentage", "value": 10,
        "auto_generate": {"enabled": true, "trigger": "streak_milestone",
            "trigger_config": {"streak_id": "daily", "milestone_threshold": 3}}});
    let coupon = post_at(&client, &bases[0], "/v1/promotions/coupons", &tpl).await;
    let tpl_id = coupon["id"].as_str().unwrap().to_owned();
    // Both nodes get every event (same ids), and each also sends the same
    // days under its own ids, all at once.
    let mut tasks = Vec::new();
    for (n, base) in bases.iter().enumerate() {
        for round in 0..2 {
            let events: Vec<Value> = (1..=3)
                .map(|d| {
                    let id = if round == 0 {
                        format!("s{d}")
                    } else {
                        format!("n{n}-{d}")
                    };
                    streak_day(&id, "u1", d)
                })
                .collect();
            let (client, base) = (client.clone(), base.clone());
            tasks.push(tokio::spawn(async move {
                let body = json!({"events": events});
                post_at(&client, &base, EVENTS, &body).await
            }));
        }
    }
    let mut codes = 0;
    for task in tasks {
        let answer = task.await.unwrap();
        codes += made(answer["events"].as_array().unwrap());
    }
    let path = format!("/v1/promotions/coupons/{tpl_id}/generated");
    let response = client
        .get(format!("{}{path}", bases[1]))
        .header("X-API-Key", common::ROOT_KEY)
        .header("X-Tenant-ID", "t")
        .send()
        .await
        .unwrap();
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 1, "{page}");
    // Duplicates repeat the first answer, so several answers may show the
    // one code; never a second one.
    let distinct = page["data"][0]["code"].clone();
    assert!(codes >= 1, "the code shows in some answer");
    assert!(distinct.is_string());
}

#[tokio::test]
async fn bad_templates_and_events_are_refused_naming_the_field() {
    let server = common::start().await;
    let coupon = |auto: Value| json!({"code": "BAD", "type": "percentage", "value": 10, "auto_generate": auto});
    let cases = [
        (json!({"enabled": true}), 422, "auto_generate.trigger"),
        (
            json!({"enabled": true, "trigger": "streak_milestone", "trigger_config": {"streak_id": "s"}}),
            422,
            "auto_generate.trigger_config.milestone_threshold",
        ),
        (
            json!({"enabled": true, "trigger": "leaderboard_rank",
                "trigger_config": {"leaderboard_id": "l", "rank_threshold": 101}}),
            422,
            "auto_generate.trigger_config.rank_threshold",
        ),
        (
            json!({"enabled": true, "trigger": "achievement_completed", "trigger_config": {}}),
            422,
            "auto_generate.trigger_config.achievement_id",
        ),
        (
            json!({"enabled": true, "trigger": "achievement_completed", "trigger_config": {"achievement_id": "a", "colour": 1}}),
            400,
            "auto_generate.trigger_config",
        ),
    ];
    for (auto, status, field) in cases {
        let (got, problem) = send(
            &server,
            Method::POST,
            "/v1/promotions/coupons",
            coupon(auto),
        )
        .await;
        assert_eq!(got, status, "{problem}");
        assert!(
            problem["field"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field),
            "{problem}"
        );
    }
    // PATCH takes the same rules.
    let made = server
        .create_coupon(
            "t",
            json!({"code": "LATER", "type": "percentage", "value": 10}),
        )
        .await;
    let path = format!("/v1/promotions/coupons/{}", made["id"].as_str().unwrap());
    let (status, problem) = send(
        &server,
        Method::PATCH,
        &path,
        json!({"version": 1, "auto_generate": {"enabled": true}}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["code"], "invalid_trigger");
    assert_eq!(problem["field"], "auto_generate.trigger");
    let (status, patched) = send(
        &server,
        Method::PATCH,
        &path,
        json!({"version": 1, "auto_generate": {"enabled": true, "trigger": "achievement_completed",
            "trigger_config": {"achievement_id": "late"}}}),
    )
    .await;
    assert_eq!(status, 200, "{patched}");
    let event = json!({"id": "late1", "type": "achievement_completed", "user_id": "u1",
        "achievement_id": "late", "occurred_at": "2025-03-01T10:00:00Z"});
    let (_, outcome) = send(&server, Method::POST, EVENTS, event).await;
    assert_eq!(
        outcome["generated"].as_array().unwrap().len(),
        1,
        "a patched template listens: {outcome}"
    );

    // Events.
    let streak = streak_day("x", "u1", 1);
    let mut unknown = streak.clone();
    unknown["colour"] = json!("red");
    let (status, problem) = send(&server, Method::POST, EVENTS, unknown).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("colour")),
        "{problem}"
    );
    let mut missing = streak.clone();
    missing.as_object_mut().unwrap().remove("streak_id");
    let (status, problem) = send(&server, Method::POST, EVENTS, json!({"events": [missing]})).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "events[0].streak_id");
    let mut long_id = streak.clone();
    long_id["id"] = json!("x".repeat(129));
    let (status, problem) = send(&server, Method::POST, EVENTS, long_id).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("id")),
        "{problem}"
    );
    let many: Vec<Value> = (0..1_001)
        .map(|i| streak_day(&format!("m{i}"), "u1", 1))
        .collect();
    let (status, problem) = send(&server, Method::POST, EVENTS, json!({"events": many})).await;
    assert_eq!(status, 413, "{problem}");
    assert_eq!(problem["field"], "events");
    let (status, problem) = server
        .get("t", "/v1/promotions/coupons/cpn_x/generated?colour=red")
        .await;
    assert_eq!(status, 400, "{problem}");
}

#[tokio::test]
async fn a_generated_code_is_journaled_and_webhooks_may_subscribe() {
    let webhooks = stampede_actors::webhooks::WebhookSettings {
        sender: Some(Arc::new(
            stampede_api::webhook_http::HttpSender::new(true).unwrap(),
        )),
        ..stampede_actors::webhooks::WebhookSettings::default()
    };
    let server = common::start_with(ShardsConfig {
        webhooks,
        ..ShardsConfig::default()
    })
    .await;
    let (status, hook) = send(
        &server,
        Method::POST,
        "/v1/promotions/webhooks",
        json!({"url": "http://127.0.0.1:9/hook", "events": ["coupon.generated"]}),
    )
    .await;
    assert_eq!(status, 201, "{hook}");
    template(
        &server,
        "JOURNAL",
        "achievement_completed",
        json!({"achievement_id": "j"}),
    )
    .await;
    let event = json!({"id": "j1", "type": "achievement_completed", "user_id": "u9",
        "achievement_id": "j", "occurred_at": "2025-03-01T10:00:00Z"});
    let (_, outcome) = send(&server, Method::POST, EVENTS, event).await;
    let code = outcome["generated"][0]["code"].clone();
    let (status, audit) = server
        .get("t", "/v1/promotions/audit?action=coupon.generated")
        .await;
    assert_eq!(status, 200, "{audit}");
    let events = audit["data"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{audit}");
    assert_eq!(events[0]["after"]["code"], code);
    assert_eq!(events[0]["after"]["user_id"], "u9");
    assert_eq!(events[0]["after"]["occurrence"], "achievement:j");
}
