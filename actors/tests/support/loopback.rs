//! Nodes on loopback: real `ractor_cluster` sessions between nodes of one test
//! process, sharing one store, for the tests that need a cluster.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode, ClusterTls};
use stampede_actors::{RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_storage::SharedStore;

pub const COOKIE: &str = "loopback-test-cookie-0123456789";

/// `count` distinct free ports: every listener is held until all are chosen, so
/// the system cannot hand the same port out twice.
pub fn free_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<std::net::TcpListener> = (0..count)
        .map(|_| std::net::TcpListener::bind("[::]:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

pub struct Node {
    pub shards: Shards,
    pub cluster: ClusterNode,
    /// `host:port` of its cluster listener.
    pub address: String,
}

pub async fn start_nodes(store: &SharedStore, count: usize) -> Vec<Node> {
    start_nodes_with(store, count, |_| None).await
}

/// `count` nodes `n1`, `n2`, … each listing all the others as peers; node `i`
/// (from 0) runs with the TLS settings `tls(i)`.
pub async fn start_nodes_with(
    store: &SharedStore,
    count: usize,
    tls: impl Fn(usize) -> Option<ClusterTls>,
) -> Vec<Node> {
    let ports = free_ports(count);
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let peers = ports
            .iter()
            .filter(|p| *p != port)
            .map(|p| format!("127.0.0.1:{p}"))
            .collect();
        nodes.push(start_node(store, &format!("n{}", i + 1), *port, peers, tls(i)).await);
    }
    nodes
}

/// One node on loopback, bound to 127.0.0.1 only.
pub async fn start_node(
    store: &SharedStore,
    node_id: &str,
    port: u16,
    peers: Vec<String>,
    tls: Option<ClusterTls>,
) -> Node {
    let shards = Shards::with_cluster(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
        Cluster::single(node_id),
    );
    let config = ClusterConfig {
        node_id: node_id.to_owned(),
        listen_port: port,
        advertise_host: String::from("127.0.0.1"),
        bind: None,
        peers,
        cookie: String::from(COOKIE),
        tls,
    };
    let cluster = ClusterNode::start(shards.clone(), config).await.unwrap();
    let address = format!("127.0.0.1:{port}");
    Node {
        shards,
        cluster,
        address,
    }
}

/// Waits until every node's ring has exactly `members`.
pub async fn converge(nodes: &[&Node], members: &[&str]) {
    let want: BTreeSet<String> = members.iter().map(|m| m.to_string()).collect();
    for _ in 0..200 {
        if nodes
            .iter()
            .all(|n| n.shards.cluster().ring().members() == &want)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen: Vec<_> = nodes
        .iter()
        .map(|n| n.shards.cluster().ring().members().clone())
        .collect();
    panic!("rings did not converge on {want:?}: {seen:?}");
}

pub fn redeem_request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

pub fn code(i: usize) -> String {
    format!("C{i:03}")
}
