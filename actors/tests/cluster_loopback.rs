//! Three nodes in one process, joined by real `ractor_cluster` sessions over
//! loopback TCP, sharing one store. Requests sent to any node are answered by the
//! key's owner; stopping a node moves its keys to the survivors.

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::Placement;
use stampede_actors::ActorError;
use stampede_protocol::{Context, ErrorCode};
use stampede_storage::{MemStore, SharedStore};

mod support;

use support::loopback::{code, converge, redeem_request, start_nodes};

const TENANT: &str = "t";
const CODES: usize = 24;
const MAX_USES: u64 = 5;

async fn stored_successes(store: &SharedStore, coupon_id: &str) -> (u64, usize) {
    let (coupon, successes) = support::stored(store, TENANT, coupon_id).await;
    (coupon.uses_count, successes.len())
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
        .validate(TENANT, &code(0), None, Context::default())
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
                    provenance: Default::default(),
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
