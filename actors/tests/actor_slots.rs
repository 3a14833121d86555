//! A coupon actor's live-actor slot and key are released however its task
//! ends, here the harshest way: the task is dropped without running its own
//! clean-up (its runtime shuts down). Supervision proper (restart after a
//! panic) is `actor_supervision.rs`, behind the `fault-injection` feature.

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::{RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_storage::{MemStore, SharedStore};

mod support;

const TENANT: &str = "t";

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

fn config() -> ShardsConfig {
    ShardsConfig {
        idle_passivate: Duration::from_secs(60),
        ..ShardsConfig::default()
    }
}

/// An actor task dropped without running its clean-up (its
/// runtime shut down) still frees its slot.
#[test]
fn a_dropped_actor_task_frees_its_slot() {
    let store: SharedStore = Arc::new(MemStore::with_seed(9));
    let shards = Shards::without_supervisors(store.clone(), Arc::new(SystemClock), config());
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    };
    let first = runtime();
    first.block_on(async {
        support::insert(&store, TENANT, &support::coupon("GONE", None, None)).await;
        shards
            .redeem(TENANT, "GONE", request(String::from("a")))
            .await
            .unwrap();
        assert_eq!(shards.live_actors(), 1);
    });
    drop(first);
    assert_eq!(
        shards.live_actors(),
        0,
        "the dropped task released its slot"
    );
    runtime().block_on(async {
        shards
            .redeem(TENANT, "GONE", request(String::from("b")))
            .await
            .unwrap();
        let (coupon, successes) = support::stored(&store, TENANT, "cpn_GONE").await;
        assert_eq!((coupon.uses_count, successes.len()), (2, 2));
    });
}
