//! Experiments end to end: create, read, patch and delete with their
//! validation; deterministic, sticky assignment (a 30/70 split of 10,000
//! subjects, the same variant after a restart and from another node on the
//! same store); forced assignment; the worker starting and completing an
//! experiment on a moved clock, and the results frozen then.

mod common;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{experiments, records, testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::{ManualClock, SharedClock, SystemClock};

const T: &str = "acme";

/// Something that serves the API: the common test server, or a node built
/// here on a shared store.
trait Api: Sync {
    fn root(&self, method: Method, tenant: &str, path: &str) -> reqwest::RequestBuilder;
}

impl Api for common::Server {
    fn root(&self, method: Method, tenant: &str, path: &str) -> reqwest::RequestBuilder {
        common::Server::root(self, method, tenant, path)
    }
}

struct Node {
    base: String,
    client: reqwest::Client,
}

impl Api for Node {
    fn root(&self, method: Method, tenant: &str, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("X-API-Key", common::ROOT_KEY)
            .header("X-Tenant-ID", tenant)
    }
}

async fn send(server: &impl Api, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = server.root(method, T, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Two coupons, `A` and `B`, answered by id.
async fn coupons(server: &impl Api) -> (String, String) {
    let mut ids = Vec::new();
    for code in ["EXPA", "EXPB"] {
        let coupon = json!({"code": code, "type": "fixed", "value": 5, "currency": "GBP"});
        let (status, coupon) =
            send(server, Method::POST, "/v1/promotions/coupons", Some(coupon)).await;
        assert_eq!(status, 201, "{coupon}");
        ids.push(coupon["id"].as_str().unwrap().to_owned());
    }
    (ids[0].clone(), ids[1].clone())
}

fn body(a: &str, b: &str, allocation: Value, start: DateTime<Utc>, end: DateTime<Utc>) -> Value {
    json!({
        "name": "coupon_A_vs_B",
        "variants": [{"id": "A", "coupon_id": a}, {"id": "B", "name": "challenger", "coupon_id": b}],
        "allocation": allocation,
        "start": start, "end": end,
        "metrics": ["redeem_rate", "revenue_lift"],
    })
}

async fn create(server: &impl Api, body: Value) -> Value {
    let (status, created) = send(
        server,
        Method::POST,
        "/v1/promotions/experiments",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    created
}

async fn running(server: &impl Api, allocation: Value) -> Value {
    let (a, b) = coupons(server).await;
    let now = Utc::now();
    create(
        server,
        body(
            &a,
            &b,
            allocation,
            now - TimeDelta::hours(1),
            now + TimeDelta::days(7),
        ),
    )
    .await
}

async fn assignment(server: &impl Api, id: &str, user: &str) -> (u16, Value) {
    let path = format!("/v1/promotions/experiments/{id}/assignment?user_id={user}");
    send(server, Method::GET, &path, None).await
}

async fn exposures(server: &impl Api, id: &str) -> Vec<u64> {
    let (status, results) = send(
        server,
        Method::GET,
        &format!("/v1/promotions/experiments/{id}/results"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{results}");
    results["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["exposures"].as_u64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_read_patch_delete() {
    let server = common::start().await;
    let (a, b) = coupons(&server).await;
    let now = Utc::now();
    let later = body(
        &a,
        &b,
        json!([50, 50]),
        now + TimeDelta::hours(1),
        now + TimeDelta::days(1),
    );
    let request = || {
        server
            .root(Method::POST, T, "/v1/promotions/experiments")
            .header("Idempotency-Key", "exp-create-1")
            .json(&later)
    };
    let first = request().send().await.unwrap();
    assert_eq!(first.status(), 201);
    let created: Value = first.json().await.unwrap();
    let again = request().send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let replayed: Value = again.json().await.unwrap();
    assert_eq!(replayed["id"], created["id"], "one experiment for one key");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("exp_"));
    assert_eq!(created["status"], "scheduled");
    assert_eq!(created["version"], 1);

    let path = format!("/v1/promotions/experiments/{id}");
    let (status, got) = send(&server, Method::GET, &path, None).await;
    assert_eq!((status, &got), (200, &created));
    let (status, listed) = send(
        &server,
        Method::GET,
        "/v1/promotions/experiments?limit=10",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);

    let patch =
        json!({"version": 1, "allocation": [20.5, 79.5], "planned_sample_per_variant": 500});
    let (status, patched) = send(&server, Method::PATCH, &path, Some(patch)).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (
            patched["version"].as_u64(),
            patched["allocation"][0].as_f64()
        ),
        (Some(2), Some(20.5))
    );
    let (status, problem) = send(
        &server,
        Method::PATCH,
        &path,
        Some(json!({"version": 1, "name": "x"})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("version_conflict"))
    );

    let (status, _) = send(&server, Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    assert_eq!(send(&server, Method::GET, &path, None).await.0, 404);
    let (_, audit) = send(
        &server,
        Method::GET,
        "/v1/promotions/audit?target_type=experiment&limit=100",
        None,
    )
    .await;
    let kinds: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    for kind in [
        "experiment.created",
        "experiment.updated",
        "experiment.deleted",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_names_the_field() {
    let server = common::start().await;
    let (a, b) = coupons(&server).await;
    let now = Utc::now();
    let (start, end) = (now + TimeDelta::hours(1), now + TimeDelta::days(1));
    let cases = [
        (body(&a, &b, json!([30, 60]), start, end), 400, "allocation"),
        (body(&a, &b, json!([30]), start, end), 400, "allocation"),
        (
            body(&a, "cpn_nope", json!([30, 70]), start, end),
            404,
            "variants[1].coupon_id",
        ),
        (body(&a, &b, json!([30, 70]), end, start), 400, "end"),
        (
            body(&a, &b, json!([30, 70]), start, start + TimeDelta::days(400)),
            400,
            "end",
        ),
        (
            json!({"name": "x", "variants": [{"id": "A", "coupon_id": a, "promotion_id": "prm_1"}, {"id": "B", "coupon_id": b}],
            "allocation": [50, 50], "start": start, "end": end}),
            400,
            "variants[0]",
        ),
        (
            json!({"name": "x", "variants": [{"id": "A", "coupon_id": a}, {"id": "B", "coupon_id": b}],
            "allocation": [50, 50], "start": start, "end": end, "metrics": ["clicks"]}),
            400,
            "metrics[0]",
        ),
    ];
    for (request, code, field) in cases {
        let (status, problem) = send(
            &server,
            Method::POST,
            "/v1/promotions/experiments",
            Some(request),
        )
        .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (code, Some(field)),
            "{problem}"
        );
    }
    let mut unknown = body(&a, &b, json!([30, 70]), start, end);
    unknown["colour"] = json!("red");
    let (status, problem) = send(
        &server,
        Method::POST,
        "/v1/promotions/experiments",
        Some(unknown),
    )
    .await;
    assert!((400..500).contains(&status), "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("colour"),
        "{problem}"
    );

    let (past, week) = (now - TimeDelta::hours(1), now + TimeDelta::days(7));
    let experiment = create(&server, body(&a, &b, json!([30, 70]), past, week)).await;
    let path = format!(
        "/v1/promotions/experiments/{}",
        experiment["id"].as_str().unwrap()
    );
    let (status, problem) = send(
        &server,
        Method::PATCH,
        &path,
        Some(json!({"allocation": [50, 50]})),
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(
        (problem["code"].as_str(), problem["field"].as_str()),
        (Some("experiment_locked"), Some("allocation"))
    );
    let (status, _) = send(
        &server,
        Method::GET,
        &format!("{path}/assignment?user_id=u&session_id=s"),
        None,
    )
    .await;
    assert_eq!(status, 400, "exactly one subject");
    let (status, _) = send(
        &server,
        Method::GET,
        &format!("{path}/assignment?user=u"),
        None,
    )
    .await;
    assert_eq!(status, 400, "unknown parameter");
}

/// 10,000 subjects through the records function (the HTTP route is the same
/// call; 10,000 requests would only slow the test), then every 34th of them
/// (295) again over HTTP: the split is within ±2% of 30/70 and HTTP agrees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_30_70_split_holds_and_subjects_count_once() {
    let (server, shards) = common::start_on(Arc::new(SystemClock), ShardsConfig::default()).await;
    let experiment = running(&server, json!([30, 70])).await;
    let id = experiment["id"].as_str().unwrap();
    let records = shards.records();
    let now = Utc::now();
    let mut variants = Vec::new();
    for i in 0..10_000 {
        let subject = format!("user:u{i}");
        let got = records::experiments::assign(&records, T, id, &subject, None, now)
            .await
            .unwrap();
        variants.push(got.variant_id);
    }
    let a = variants.iter().filter(|v| *v == "A").count();
    assert!((2_800..=3_200).contains(&a), "{a} of 10,000 in A");
    for i in (0..10_000).step_by(34) {
        let (status, got) = assignment(&server, id, &format!("u{i}")).await;
        assert_eq!(status, 200, "{got}");
        assert_eq!(got["variant_id"], variants[i].as_str());
        assert_eq!(got["subject"], format!("user:u{i}"));
        assert_eq!(got["forced"], false);
    }
    let counted = exposures(&server, id).await;
    assert_eq!(
        counted,
        [a as u64, (10_000 - a) as u64],
        "each subject counted once"
    );
}

/// A node serving `shards` (made on a shared store: a restart, or another
/// node of the cluster, reads the same records).
async fn node(shards: Shards) -> (Node, tokio::task::JoinHandle<()>) {
    let state = AppState {
        shards,
        auth: Arc::new(Auth::new(common::ROOT_KEY)),
        metrics: stampede_api::telemetry::prometheus(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let serve = tokio::spawn(async move {
        axum::serve(listener, stampede_api::router(state))
            .await
            .unwrap();
    });
    let server = Node {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
    };
    (server, serve)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_subject_gets_the_same_variant_after_a_restart_and_on_another_node() {
    let store = testing::memory_store();
    let on_store = || {
        Shards::new(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
        )
    };
    let (first, serving) = node(on_store()).await;
    let experiment = running(&first, json!([50, 50])).await;
    let id = experiment["id"].as_str().unwrap();
    let mut seen = Vec::new();
    for i in 0..40 {
        seen.push(assignment(&first, id, &format!("s{i}")).await.1["variant_id"].clone());
    }
    let (second, _other) = node(on_store()).await;
    serving.abort();
    drop(first);
    let (restarted, _again) = node(on_store()).await;
    for (i, variant) in seen.iter().enumerate() {
        for server in [&second, &restarted] {
            let server: &Node = server;
            let (status, got) = assignment(server, id, &format!("s{i}")).await;
            assert_eq!((status, &got["variant_id"]), (200, variant), "{got}");
        }
    }
    assert_eq!(exposures(&restarted, id).await.iter().sum::<u64>(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forced_assignment_wins_and_counts_once() {
    let server = common::start().await;
    let experiment = running(&server, json!([50, 50])).await;
    let id = experiment["id"].as_str().unwrap();
    let (_, hashed) = assignment(&server, id, "qa").await;
    let other = if hashed["variant_id"] == "A" {
        "B"
    } else {
        "A"
    };
    let path = format!("/v1/promotions/experiments/{id}/assign");
    for _ in 0..2 {
        let force = json!({"user_id": "qa", "variant_id": other});
        let (status, forced) = send(&server, Method::POST, &path, Some(force)).await;
        assert_eq!(status, 200, "{forced}");
        assert_eq!(
            (&forced["variant_id"], &forced["forced"]),
            (&json!(other), &json!(true))
        );
    }
    let (_, now) = assignment(&server, id, "qa").await;
    assert_eq!(
        (&now["variant_id"], &now["forced"]),
        (&json!(other), &json!(true))
    );
    assert_eq!(
        exposures(&server, id).await.iter().sum::<u64>(),
        1,
        "moved, not counted twice"
    );
    let fresh = json!({"session_id": "new", "variant_id": "A"});
    assert_eq!(send(&server, Method::POST, &path, Some(fresh)).await.0, 200);
    let counts = exposures(&server, id).await;
    assert_eq!(counts.iter().sum::<u64>(), 2);
    let unknown = json!({"user_id": "qa", "variant_id": "Z"});
    let (status, problem) = send(&server, Method::POST, &path, Some(unknown)).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (404, Some("variant_id"))
    );
}

/// Runs the worker's round until `id` has `status` (the node's own worker
/// may take the round first).
async fn until_status(server: &impl Api, shards: &Shards, id: &str, status: &str) -> Value {
    for _ in 0..50 {
        experiments::sweep(shards).await.unwrap();
        let (_, got) = send(
            server,
            Method::GET,
            &format!("/v1/promotions/experiments/{id}"),
            None,
        )
        .await;
        if got["status"] == status {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{id} never became {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_starts_and_completes_on_time_and_freezes_the_results() {
    // Whole seconds: the manual clock keeps milliseconds.
    let t0 = Utc::now().trunc_subsecs(0);
    let clock = Arc::new(ManualClock::new(t0));
    let shared: SharedClock = clock.clone();
    let (server, shards) = common::start_on(shared, ShardsConfig::default()).await;
    let (a, b) = coupons(&server).await;
    let (start, end) = (t0 + TimeDelta::hours(1), t0 + TimeDelta::hours(2));
    let experiment = create(&server, body(&a, &b, json!([50, 50]), start, end)).await;
    let id = experiment["id"].as_str().unwrap();
    assert_eq!(experiment["status"], "scheduled");
    experiments::sweep(&shards).await.unwrap();
    let (status, problem) = assignment(&server, id, "early").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("experiment_not_running"))
    );

    clock.set(start);
    until_status(&server, &shards, id, "running").await;
    for i in 0..30 {
        assert_eq!(assignment(&server, id, &format!("u{i}")).await.0, 200);
    }
    clock.set(end);
    let done = until_status(&server, &shards, id, "completed").await;
    let frozen = &done["frozen_results"];
    assert_eq!(frozen["frozen"], true);
    assert_eq!(frozen["status"], "completed");
    let total: u64 = frozen["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["exposures"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 30);
    assert_eq!(
        frozen["recommendation"], "keep_running",
        "30 subjects are below the sample"
    );
    let (_, results) = send(
        &server,
        Method::GET,
        &format!("/v1/promotions/experiments/{id}/results"),
        None,
    )
    .await;
    assert_eq!(
        &results, frozen,
        "a completed experiment answers its frozen results"
    );
    assert_eq!(assignment(&server, id, "late").await.0, 409);
    let path = format!("/v1/promotions/experiments/{id}");
    let (status, problem) = send(
        &server,
        Method::PATCH,
        &path,
        Some(json!({"name": "again"})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("experiment_locked"))
    );
    let (_, audit) = send(
        &server,
        Method::GET,
        "/v1/promotions/audit?target_type=experiment&limit=100",
        None,
    )
    .await;
    let kinds: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        kinds.contains(&"experiment.started") && kinds.contains(&"experiment.completed"),
        "{kinds:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_ends_it_now_with_frozen_results() {
    let server = common::start().await;
    let experiment = running(&server, json!([50, 50])).await;
    let id = experiment["id"].as_str().unwrap();
    assert_eq!(assignment(&server, id, "u1").await.0, 200);
    let path = format!("/v1/promotions/experiments/{id}/stop");
    let (status, stopped) = send(&server, Method::POST, &path, None).await;
    assert_eq!(status, 200, "{stopped}");
    assert_eq!(stopped["status"], "stopped");
    assert_eq!(stopped["frozen_results"]["frozen"], true);
    assert_eq!(stopped["frozen_results"]["status"], "stopped");
    let (status, problem) = send(&server, Method::POST, &path, None).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("experiment_not_running"))
    );
    assert_eq!(exposures(&server, id).await.iter().sum::<u64>(), 1);
}

/// A uniform draw in [0, 1) for `i` (splitmix64): the same every run.
fn uniform(i: u64) -> f64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as f64 / (u64::MAX as f64 + 1.0)
}

/// 2,000 simulated users, assigned 50/50, redeem their variant's coupon with
/// probability 10% (A) and 16% (B): the results count exactly who redeemed,
/// their revenue (in four hours, each below the rollups' exact-count bound),
/// and a 95% interval that contains the true difference (6
/// points). Ids and draws come from a manual clock and a fixed generator, so
/// the run is the same every time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_measure_simulated_redemptions() {
    let t0 = DateTime::parse_from_rfc3339("2026-11-02T10:00:00Z")
        .unwrap()
        .to_utc();
    let clock = Arc::new(ManualClock::new(t0));
    let shared: SharedClock = clock.clone();
    let (server, shards) = common::start_on(shared, ShardsConfig::default()).await;
    let (a, b) = coupons(&server).await;
    let mut request = body(&a, &b, json!([50, 50]), t0, t0 + TimeDelta::days(7));
    request["planned_sample_per_variant"] = json!(500);
    let experiment = create(&server, request).await;
    let id = experiment["id"].as_str().unwrap();
    let records = shards.records();
    let (mut exposed, mut redeemed) = ([0u64; 2], [0u64; 2]);
    for i in 0..2_000u64 {
        // A new hour every 500 users keeps each code's hourly customer row
        // below the size where the rollups switch to an estimate.
        let at = t0 + TimeDelta::hours(i64::try_from(i / 500).unwrap());
        clock.set(at);
        let user = format!("sim{i}");
        let got = records::experiments::assign(&records, T, id, &format!("user:{user}"), None, at)
            .await
            .unwrap();
        let (arm, code, p) = if got.variant_id == "A" {
            (0, "EXPA", 0.10)
        } else {
            (1, "EXPB", 0.16)
        };
        exposed[arm] += 1;
        if uniform(i) < p {
            let (status, done) = server.redeem(T, code, &user).await;
            assert_eq!(status, 201, "{done}");
            redeemed[arm] += 1;
        }
    }
    clock.advance_ms(60_000);
    let (status, results) = send(
        &server,
        Method::GET,
        &format!("/v1/promotions/experiments/{id}/results"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{results}");
    for (arm, v) in results["variants"].as_array().unwrap().iter().enumerate() {
        assert_eq!(v["exposures"].as_u64(), Some(exposed[arm]), "{v}");
        assert_eq!(v["conversions"].as_u64(), Some(redeemed[arm]), "{v}");
        assert_eq!(
            common::dec(&v["revenue"]),
            rust_decimal::Decimal::from(50 * redeemed[arm]),
            "{v}"
        );
    }
    assert_eq!(results["currency"], "GBP");
    let versus = &results["comparisons"][0];
    let (low, high) = (
        versus["ci_low"].as_f64().unwrap(),
        versus["ci_high"].as_f64().unwrap(),
    );
    assert!(
        low <= 0.06 && 0.06 <= high,
        "[{low}, {high}] misses the true difference: {results}"
    );
    let observed = redeemed[1] as f64 / exposed[1] as f64 - redeemed[0] as f64 / exposed[0] as f64;
    assert!((versus["difference"].as_f64().unwrap() - observed).abs() < 1e-12);
    assert_eq!(results["sample_ratio"]["mismatch"], false, "{results}");
    if versus["significant"] == true {
        assert_eq!(
            (
                results["recommendation"].as_str(),
                results["recommended_variant"].as_str()
            ),
            (Some("ship_variant"), Some("B"))
        );
    } else {
        assert_eq!(results["recommendation"], "no_difference");
    }
}
