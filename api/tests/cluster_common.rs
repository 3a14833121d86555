//! Three (or `count`) HTTP nodes joined by `ractor_cluster` sessions over
//! loopback, sharing one store.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;

pub const ROOT_KEY: &str = "test-root-key";
const COOKIE: &str = "http-cluster-test-cookie-0123456789";

pub struct Node {
    pub base: String,
    pub shards: Shards,
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

pub async fn start_cluster(count: usize) -> Vec<Node> {
    start_cluster_in(&vec!["default"; count]).await
}

/// One node per entry of `regions`, in that region.
pub async fn start_cluster_in(regions: &[&str]) -> Vec<Node> {
    let count = regions.len();
    let store = testing::memory_store();
    let ports = free_ports(count);
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let node_id = format!("h{}", i + 1);
        let shards = Shards::with_cluster(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
            Cluster::single_in(node_id.clone(), regions[i]),
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
            shards: shards.clone(),
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
            shards,
            _cluster: cluster,
        });
    }
    nodes
}

pub async fn call(
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

pub async fn members_seen(client: &reqwest::Client, node: &Node) -> Value {
    let url = format!("{}/v1/promotions/cluster", node.base);
    call(client, reqwest::Method::GET, url, None).await.1
}

/// Waits (at most 10 s) until every node sees all `nodes` as members.
pub async fn converge(client: &reqwest::Client, nodes: &[Node]) {
    for _ in 0..200 {
        let mut converged = true;
        for node in nodes {
            let view = members_seen(client, node).await;
            converged &= view["members"].as_array().map(Vec::len) == Some(nodes.len());
        }
        if converged {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
