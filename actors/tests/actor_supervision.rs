//! Supervision of coupon actors: an actor that panics mid-rush is restarted
//! from the store, nothing it acknowledged is lost, nothing is counted twice,
//! and its live-actor slot is released however its task ends.
//!
//! Needs the `fault-injection` feature (the panic hook):
//! `cargo test -p stampede-actors --features fault-injection --test actor_supervision`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::ErrorCode;
use stampede_storage::{MemFaults, MemStore, SharedStore};

mod support;

const TENANT: &str = "t";
const MAX_USES: u64 = 150;

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

fn config() -> ShardsConfig {
    ShardsConfig {
        idle_passivate: Duration::from_millis(100),
        ..ShardsConfig::default()
    }
}

async fn wait_for_no_live_actors(shards: &Shards) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while shards.live_actors() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_actor_is_restarted_and_loses_nothing() {
    let mem = MemStore::with_seed(5);
    let store: SharedStore = Arc::new(mem.clone());
    support::insert(
        &store,
        TENANT,
        &support::coupon("HOT", Some(MAX_USES), Some(1)),
    )
    .await;
    mem.set_faults(MemFaults {
        commit_latency: Some(Duration::from_millis(2)),
        commit_latency_jitter: Duration::from_millis(2),
        ..MemFaults::default()
    });
    let shards = Shards::new(store.clone(), Arc::new(SystemClock), config());
    let live_before = shards.live_actors();
    shards.panic_coupon_actor_after_commits(5);

    // Staggered over ~100 ms so the rush spans many commits (all at once, it
    // would be decided in one batch).
    let attempts: Vec<_> = (0..400u64)
        .map(|i| {
            let shards = shards.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_micros(250 * i)).await;
                shards.redeem(TENANT, "HOT", request(format!("u{i}"))).await
            })
        })
        .collect();
    let (mut acknowledged, mut dropped) = (HashSet::new(), 0usize);
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
            // The callers whose replies the failed activation held.
            Err(ActorError::Unavailable(_)) => dropped += 1,
            Err(ActorError::Refused {
                code: ErrorCode::LimitReached,
                ..
            }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        shards.actor_restarts(),
        1,
        "the supervisor restarted the actor once"
    );
    assert!(dropped > 0, "the panic dropped the replies it held");
    assert!(
        !acknowledged.is_empty(),
        "the restarted activation served the queued callers"
    );

    mem.set_faults(MemFaults::default());
    let (coupon, successes) = support::stored(&store, TENANT, "cpn_HOT").await;
    let stored: HashSet<_> = successes.iter().map(|r| r.id.clone()).collect();
    assert!(
        acknowledged.is_subset(&stored),
        "an acknowledged redemption is missing"
    );
    assert_eq!(coupon.uses_count as usize, successes.len());
    assert!(coupon.uses_count <= MAX_USES);

    wait_for_no_live_actors(&shards).await;
    assert_eq!(shards.live_actors(), live_before, "the slot was released");
    // A later request activates the code again, on what is stored.
    let served = shards.get(TENANT, "HOT").await.unwrap();
    assert_eq!(served.uses_count, coupon.uses_count);
}
