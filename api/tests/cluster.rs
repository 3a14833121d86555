//! Three HTTP nodes joined by `ractor_cluster` sessions over loopback, sharing
//! one store: any node answers for any code, and `/cluster` reports the ring.

mod common;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;

const ROOT_KEY: &str = common::ROOT_KEY;
const COOKIE: &str = "http-cluster-test-cookie-0123456789";

struct Node {
    base: String,
    _cluster: ClusterNode,
}

/// `count` distinct free ports: every listener is held until all are chosen, so
/// the system cannot hand the same port out twice.
fn free_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<std::net::TcpListener> = (0..count)
        .map(|_| std::net::TcpListener::bind("[::]:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

async fn start_cluster(count: usize) -> Vec<Node> {
    let store = testing::memory_store();
    let ports = free_ports(count);
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let node_id = format!("h{}", i + 1);
        let shards = Shards::with_cluster(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
            Cluster::single(node_id.clone()),
        );
        let config = ClusterConfig {
            node_id,
            listen_port: *port,
            advertise_host: String::from("127.0.0.1"),
            bind: None,
            peers: ports
                .iter()
                .filter(|p| *p != port)
                .map(|p| format!("127.0.0.1:{p}"))
                .collect(),
            cookie: String::from(COOKIE),
            tls: None,
        };
        let cluster = ClusterNode::start(shards.clone(), config).await.unwrap();
        let state = AppState {
            shards,
            auth: Arc::new(Auth::new(ROOT_KEY)),
            metrics: stampede_api::telemetry::prometheus(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, stampede_api::router(state))
                .await
                .unwrap();
        });
        nodes.push(Node {
            base: format!("http://{addr}"),
            _cluster: cluster,
        });
    }
    nodes
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client
        .request(method, url)
        .header("X-API-Key", ROOT_KEY)
        .header("X-Tenant-ID", "acme");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn members_seen(client: &reqwest::Client, node: &Node) -> Value {
    let url = format!("{}/v1/promotions/cluster", node.base);
    call(client, reqwest::Method::GET, url, None).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_node_answers_for_every_code_and_reports_the_ring() {
    let nodes = start_cluster(3).await;
    let client = reqwest::Client::new();
    for _ in 0..200 {
        let mut converged = true;
        for node in &nodes {
            let view = members_seen(&client, node).await;
            converged &= view["members"].as_array().map(Vec::len) == Some(3);
        }
        if converged {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let codes: Vec<String> = (0..12).map(|i| format!("SALE{i:02}")).collect();
    for code in &codes {
        let url = format!("{}/v1/promotions/coupons", nodes[0].base);
        let body = json!({"code": code, "type": "percentage", "value": 10, "max_uses": 2});
        let (status, body) = call(&client, reqwest::Method::POST, url, Some(body)).await;
        assert_eq!(status, 201, "{body}");
    }
    // Each code is redeemed through all three nodes; only two may succeed.
    for code in &codes {
        let mut created = 0;
        for (i, node) in nodes.iter().enumerate() {
            let url = format!("{}/v1/promotions/redemptions", node.base);
            let body = json!({"coupon_code": code, "user_id": format!("u{i}")});
            let (status, body) = call(&client, reqwest::Method::POST, url, Some(body)).await;
            match status {
                201 => created += 1,
                422 | 409 => assert_eq!(body["code"], "limit_reached", "{body}"),
                other => panic!("unexpected {other}: {body}"),
            }
        }
        assert_eq!(created, 2, "code {code}");
        for node in &nodes {
            let url = format!("{}/v1/promotions/coupons/lookup?code={code}", node.base);
            let (status, body) = call(&client, reqwest::Method::GET, url, None).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["uses_count"], 2, "{body}");
        }
    }

    let view = members_seen(&client, &nodes[1]).await;
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 3, "{view}");
    let share: f64 = members
        .iter()
        .map(|m| m["ring_share"].as_f64().unwrap())
        .sum();
    assert!((share - 1.0).abs() < 1e-9, "{view}");
    let live: u64 = members
        .iter()
        .map(|m| m["live_actors"].as_u64().unwrap())
        .sum();
    assert_eq!(
        live,
        codes.len() as u64,
        "one actor per code in the cluster: {view}"
    );
}
