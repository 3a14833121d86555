//! A generation job outlives a SIGKILL of its node: 100,000 codes are asked
//! for, the node is killed once some are made, and after a restart on the same
//! store the job finishes by itself; an export then shows exactly 100,000
//! distinct codes: none made twice, none missing.

mod process;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use process::Node;
use reqwest::Client;
use serde_json::{json, Value};

const ADMIN_KEY: &str = "stk_job_crash_root_key_0123456789abcdef";
const COUNT: u64 = 100_000;
/// Codes made before the kill.
const KILL_AFTER: u64 = 5_000;
/// Bound on each wait (a debug build on a busy two-core machine is slow).
const WAIT: Duration = Duration::from_secs(600);

async fn call(
    client: &Client,
    node: &Node,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client
        .request(method, format!("{}/v1/promotions{path}", node.base))
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Tenant-ID", "jobs");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Polls the job until `done(job)` holds.
async fn wait_for(client: &Client, node: &Node, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, job) = call(
            client,
            node,
            reqwest::Method::GET,
            &format!("/jobs/{id}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{job}");
        if done(&job) {
            return job;
        }
        assert!(
            Instant::now() < deadline,
            "job {id} stuck: {job}\n{}",
            node.log_text()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generation_job_killed_midway_finishes_after_restart_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let client = Client::builder()
        .timeout(Duration::from_secs(120))
        .no_proxy()
        .build()
        .expect("client");
    let node = Node::start(&client, &data, ADMIN_KEY, "first").await;
    let (status, coupon) = call(&client, &node, reqwest::Method::POST, "/coupons",
        Some(json!({"code": "CRASHGEN", "type": "fixed", "value": 5, "currency": "GBP", "max_uses": 1}))).await;
    assert_eq!(status, 201, "{coupon}");
    let cid = coupon["id"].as_str().expect("id").to_owned();
    let (status, job) = call(
        &client,
        &node,
        reqwest::Method::POST,
        "/coupons/generate",
        Some(json!({"coupon_id": cid, "count": COUNT, "pattern": "CG-{RAND:7}"})),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().expect("job id").to_owned();
    let before = wait_for(&client, &node, &id, |j| {
        j["created"].as_u64() >= Some(KILL_AFTER)
    })
    .await;
    assert_eq!(before["status"], "running", "killed mid-way: {before}");
    node.kill();

    let node = Node::start(&client, &data, ADMIN_KEY, "second").await;
    let done = wait_for(&client, &node, &id, |j| j["status"] != "running").await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["created"].as_u64(), Some(COUNT), "{done}");

    let (status, export) = call(
        &client,
        &node,
        reqwest::Method::POST,
        "/exports",
        Some(json!({"type": "codes", "format": "ndjson", "filters": {"coupon_id": cid}})),
    )
    .await;
    assert_eq!(status, 202, "{export}");
    let eid = export["id"].as_str().expect("export id").to_owned();
    wait_for(&client, &node, &eid, |j| j["status"] == "done").await;
    let file = client
        .get(format!("{}/v1/promotions/exports/{eid}/file", node.base))
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Tenant-ID", "jobs")
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("file");
    let codes: Vec<String> = file
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("NDJSON")["code"]
                .as_str()
                .expect("code")
                .to_owned()
        })
        .collect();
    let distinct: HashSet<&String> = codes.iter().collect();
    assert_eq!(
        codes.len() as u64,
        COUNT,
        "no code missing and none made twice"
    );
    assert_eq!(distinct.len(), codes.len(), "every code distinct");
}
