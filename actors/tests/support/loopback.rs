//! Nodes on loopback: real `ractor_cluster` sessions between nodes of one test
//! process, sharing one store, for the tests that need a cluster.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode};
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
}

pub async fn start_nodes(store: &SharedStore, count: usize) -> Vec<Node> {
    let ports = free_ports(count);
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let node_id = format!("n{}", i + 1);
        let shards = Shards::with_cluster(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
            Cluster::single(node_id.clone()),
        );
        let peers = ports
            .iter()
            .filter(|p| *p != port)
            .map(|p| format!("127.0.0.1:{p}"))
            .collect();
        let config = ClusterConfig {
            node_id,
            listen_port: *port,
            advertise_host: String::from("127.0.0.1"),
            peers,
            cookie: String::from(COOKIE),
        };
        let cluster = ClusterNode::start(shards.clone(), config).await.unwrap();
        nodes.push(Node { shards, cluster });
    }
    nodes
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
