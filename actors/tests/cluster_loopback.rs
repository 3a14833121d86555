//! Three nodes in one process, joined by real `ractor_cluster` sessions over
//! loopback TCP, sharing one store. Requests sent to any node are answered by the
//! key's owner; stopping a node moves its keys to the survivors.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode, Placement};
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::{Context, ErrorCode};
use stampede_storage::{MemStore, SharedStore};

mod support;

const TENANT: &str = "t";
const COOKIE: &str = "loopback-test-cookie-0123456789";
const CODES: usize = 24;
const MAX_USES: u64 = 5;

async fn stored_successes(store: &SharedStore, coupon_id: &str) -> (u64, usize) {
    let (coupon, successes) = support::stored(store, TENANT, coupon_id).await;
    (coupon.uses_count, successes.len())
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

struct Node {
    shards: Shards,
    cluster: ClusterNode,
}

async fn start_nodes(store: &SharedStore, count: usize) -> Vec<Node> {
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
async fn converge(nodes: &[&Node], members: &[&str]) {
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

fn redeem_request(user: String) -> RedeemRequest {
    RedeemRequest {
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

fn code(i: usize) -> String {
    format!("C{i:03}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_node_answers_for_any_key_and_a_stopped_node_hands_its_keys_over() {
    let store: SharedStore = Arc::new(MemStore::new());
    for i in 0..CODES {
        support::insert(
            &store,
            TENANT,
            &support::coupon(&code(i), Some(MAX_USES), None),
        )
        .await;
    }
    let mut nodes = start_nodes(&store, 3).await;
    converge(&nodes.iter().collect::<Vec<_>>(), &["n1", "n2", "n3"]).await;

    // Every code is requested through every node, more often than it can be used.
    let mut tasks = Vec::new();
    for i in 0..CODES {
        for attempt in 0..(MAX_USES as usize + 4) {
            let shards = nodes[attempt % 3].shards.clone();
            tasks.push(tokio::spawn(async move {
                let outcome = shards
                    .redeem(TENANT, &code(i), redeem_request(format!("u{i}-{attempt}")))
                    .await;
                (i, outcome)
            }));
        }
    }
    let mut successes = [0u64; CODES];
    for task in tasks {
        match task.await.unwrap() {
            (i, Ok(_)) => successes[i] += 1,
            (_, Err(ActorError::Refused { code, .. })) => {
                assert_eq!(code, ErrorCode::LimitReached)
            }
            (_, Err(other)) => panic!("unexpected answer {other:?}"),
        }
    }
    for (i, count) in successes.iter().enumerate() {
        assert_eq!(*count, MAX_USES, "code {}", code(i));
        let (uses, stored) = stored_successes(&store, &format!("cpn_{}", code(i))).await;
        assert_eq!((uses, stored), (MAX_USES, MAX_USES as usize));
    }

    // Only owners host actors: one actor per code in the whole cluster.
    let live: usize = nodes.iter().map(|n| n.shards.live_actors()).sum();
    assert_eq!(live, CODES, "each code lives on exactly one node");
    for node in &nodes {
        let owned = (0..CODES)
            .filter(|i| node.shards.cluster().placement(TENANT, &code(*i)) == Placement::Local)
            .count();
        assert_eq!(node.shards.live_actors(), owned);
    }

    // A validate forwarded to the owner returns the owner's evaluation.
    let outcome = nodes[0]
        .shards
        .validate(TENANT, &code(0), Context::default())
        .await
        .unwrap();
    assert_eq!(outcome.evaluation.reasons, vec![ErrorCode::LimitReached]);

    // Stop n3: its keys move to n1 and n2, which serve them from the store.
    let moved: Vec<usize> = (0..CODES)
        .filter(|i| nodes[2].shards.cluster().placement(TENANT, &code(*i)) == Placement::Local)
        .collect();
    assert!(!moved.is_empty(), "n3 owned no key; the ring is unbalanced");
    let n3 = nodes.pop().unwrap();
    n3.cluster.stop().await;
    n3.shards.shutdown(Duration::from_secs(5)).await;
    converge(&nodes.iter().collect::<Vec<_>>(), &["n1", "n2"]).await;

    for i in &moved {
        let bigger = nodes[0]
            .shards
            .update(
                TENANT,
                &code(*i),
                stampede_actors::CouponUpdate {
                    kind: stampede_actors::UpdateKind::Patch,
                    patch: stampede_protocol::CouponPatch {
                        version: Some(1),
                        max_uses: Some(Some(MAX_USES + 1)),
                        ..Default::default()
                    },
                    reason: None,
                    idem: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(bigger.max_uses, Some(MAX_USES + 1));
        for node in &nodes {
            let _ = node
                .shards
                .redeem(TENANT, &code(*i), redeem_request(format!("late-{i}")))
                .await;
        }
        let (uses, stored) = stored_successes(&store, &format!("cpn_{}", code(*i))).await;
        assert_eq!((uses, stored), (MAX_USES + 1, MAX_USES as usize + 1));
    }

    for node in nodes {
        node.cluster.stop().await;
        node.shards.shutdown(Duration::from_secs(5)).await;
    }
}
