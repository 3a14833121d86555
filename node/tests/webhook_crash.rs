//! A webhook event outlives a SIGKILL between its commit and its delivery: the
//! endpoint is down while a coupon is created and redeemed, the node is killed,
//! the endpoint comes up, and after a restart on the same store both events
//! arrive, in order, each once by its `webhook-id`, correctly signed.

mod process;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use process::{lock, Node};
use reqwest::Client;
use serde_json::{json, Value};

const ADMIN_KEY: &str = "stk_webhook_crash_root_key_0123456789abcdef";
/// Bound on the wait for the deliveries after the restart.
const WAIT: Duration = Duration::from_secs(120);

type Seen = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

async fn receive(State(seen): State<Seen>, headers: HeaderMap, body: Bytes) -> StatusCode {
    lock(&seen).push((headers, body));
    StatusCode::NO_CONTENT
}

async fn call(client: &Client, node: &Node, path: &str, body: Value) -> Value {
    let response = client
        .post(format!("{}/v1/promotions{path}", node.base))
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Tenant-ID", "hooks")
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status();
    let json: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {json}");
    json
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_committed_before_a_crash_is_delivered_after_the_restart() {
    // The receiver's port, closed until after the crash: every attempt before
    // it is refused.
    let port = {
        let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("its address").port()
    };
    // SAFETY: set before any node is spawned, read only by the children.
    std::env::set_var("STAMPEDE_WEBHOOKS_ALLOW_PRIVATE", "true");
    std::env::set_var("STAMPEDE_WEBHOOK_BACKOFF_MS", "100");
    std::env::set_var("STAMPEDE_WEBHOOK_MAX_ATTEMPTS", "50");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data");
    let client = Client::new();

    let node = Node::start(&client, &data, ADMIN_KEY, "before").await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let hook = call(
        &client,
        &node,
        "/webhooks",
        json!({"url": url, "events": ["coupon.created", "coupon.redeemed"]}),
    )
    .await;
    let secret = hook["secret"].as_str().expect("a secret").to_owned();
    call(
        &client,
        &node,
        "/coupons",
        json!({"code": "CRASH", "type": "fixed", "value": 5, "currency": "GBP"}),
    )
    .await;
    call(
        &client,
        &node,
        "/redemptions",
        json!({"coupon_code": "CRASH", "user_id": "u1", "context": {"currency": "GBP"}}),
    )
    .await;
    node.kill();

    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/hook", post(receive))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let node = Node::start(&client, &data, ADMIN_KEY, "after").await;

    let deadline = Instant::now() + WAIT;
    while lock(&seen).len() < 2 {
        assert!(
            Instant::now() < deadline,
            "no delivery after the restart\n{}",
            node.log_text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A little longer: nothing else (no second copy) arrives.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let seen = lock(&seen);
    assert_eq!(seen.len(), 2, "each event once");
    let verifier = standardwebhooks::Webhook::new(&secret).expect("the secret");
    let types: Vec<String> = seen
        .iter()
        .map(|(headers, body)| {
            verifier.verify(body, headers).expect("a valid signature");
            let json: Value = serde_json::from_slice(body).expect("JSON");
            json["type"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(types, ["coupon.created", "coupon.redeemed"]);
}
