//! Supervisors run on one node at a time: the one the ring places them on. A node
//! that gains the lead claims a new epoch, and the claim of the node that had it
//! stops holding, so its fenced writes step aside.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use stampede_actors::cluster::singleton::Singleton;
use stampede_actors::cluster::{Cluster, Transport, TransportError};
use stampede_actors::{Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_storage::{MemStore, SharedStore};

/// Peers are never called in this test; a call is an error.
struct Unreachable;

#[async_trait]
impl Transport for Unreachable {
    async fn call(&self, peer: &str, _: Vec<u8>, _: Duration) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::NotDelivered(peer.to_owned()))
    }
}

fn node(store: &SharedStore, id: &str) -> Shards {
    let shards = Shards::without_supervisors_in(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
        Cluster::single(id),
    );
    shards.cluster().set_transport(Arc::new(Unreachable));
    shards
}

fn members(ids: &[&str]) -> BTreeMap<String, String> {
    ids.iter()
        .map(|id| (id.to_string(), String::from("default")))
        .collect()
}

#[tokio::test]
async fn one_leader_per_supervisor_and_a_lost_lead_stops_holding() {
    let store: SharedStore = Arc::new(MemStore::new());
    let a = node(&store, "a");
    let b = node(&store, "b");
    for shards in [&a, &b] {
        shards.cluster().set_members(members(&["a", "b"]));
    }
    let (mut lead_a, mut lead_b) = (Singleton::new("scheduler"), Singleton::new("scheduler"));
    let fence_a = lead_a.lead(&a).await.unwrap();
    let fence_b = lead_b.lead(&b).await.unwrap();
    assert!(
        fence_a.is_some() != fence_b.is_some(),
        "exactly one node leads: {fence_a:?} {fence_b:?}"
    );
    let (leader, follower, mut lead_leader, mut lead_follower, fence) = match fence_a {
        Some(fence) => (&a, &b, lead_a, lead_b, fence),
        None => (&b, &a, lead_b, lead_a, fence_b.unwrap()),
    };

    // The leader leaves the follower's ring: the follower takes over with a new
    // epoch, and the old claim stops holding even before the old leader notices.
    let follower_id = follower.cluster().node_id().to_owned();
    follower.cluster().set_members(members(&[&follower_id]));
    let taken = lead_follower
        .lead(follower)
        .await
        .unwrap()
        .expect("takes the lead");
    assert!(taken.epoch > fence.epoch);
    let mut tx = store.begin().await.unwrap();
    assert!(
        !fence.holds(tx.as_mut()).await.unwrap(),
        "the old claim is fenced"
    );
    drop(tx);

    // The old leader, still believing it leads, re-claims; the follower's claim
    // then stops holding in turn: never two valid claims at once.
    let reclaimed = lead_leader
        .lead(leader)
        .await
        .unwrap()
        .expect("still placed here");
    assert!(reclaimed.epoch > taken.epoch);
    let mut tx = store.begin().await.unwrap();
    assert!(!taken.holds(tx.as_mut()).await.unwrap());
    assert!(reclaimed.holds(tx.as_mut()).await.unwrap());
}
