//! Idempotency records expire after the retention (`ShardsConfig`, 24 hours by
//! default): past it a key is absent wherever it is read — the actor's memory,
//! a fresh activation's prefetch, the commit's re-check.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;
use stampede_protocol::idempotency::IdemSpec;
use stampede_storage::{MemStore, SharedStore};

mod support;

const TENANT: &str = "t";
const HOUR_MS: i64 = 60 * 60 * 1000;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()
}

fn keyed(user: &str, fingerprint: &str) -> RedeemRequest {
    RedeemRequest {
        user_id: Some(user.to_owned()),
        idem: Some(IdemSpec {
            key: String::from("k:order-1"),
            fingerprint: fingerprint.to_owned(),
        }),
        ..RedeemRequest::default()
    }
}

async fn store_with_coupon() -> SharedStore {
    let store: SharedStore = Arc::new(MemStore::new());
    support::insert(&store, TENANT, &support::coupon("KEY", Some(100), None)).await;
    store
}

fn node(store: &SharedStore, clock: &Arc<ManualClock>) -> Shards {
    Shards::without_supervisors(store.clone(), clock.clone(), ShardsConfig::default())
}

/// A key the actor committed: replayed from its memory within the retention,
/// free past it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_actor_forgets_a_key_past_the_retention() {
    let store = store_with_coupon().await;
    let clock = Arc::new(ManualClock::new(start()));
    let shards = node(&store, &clock);
    let first = shards
        .redeem(TENANT, "KEY", keyed("ann", "f1"))
        .await
        .unwrap();

    clock.advance_ms(24 * HOUR_MS - 1);
    let again = shards
        .redeem(TENANT, "KEY", keyed("ann", "f1"))
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    let reused = shards.redeem(TENANT, "KEY", keyed("bob", "f2")).await;
    assert!(
        matches!(reused, Err(ActorError::IdempotencyKeyReused)),
        "{reused:?}"
    );

    clock.advance_ms(1);
    let fresh = shards
        .redeem(TENANT, "KEY", keyed("bob", "f2"))
        .await
        .unwrap();
    assert_ne!(fresh.id, first.id);
    assert_eq!(fresh.user_id.as_deref(), Some("bob"));
    let (coupon, successes) = support::stored(&store, TENANT, "cpn_KEY").await;
    assert_eq!((coupon.uses_count, successes.len()), (2, 2));
}

/// A key another activation committed: a fresh activation replays it from the
/// store within the retention; past it, neither its prefetch nor the commit's
/// re-check finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_activation_finds_no_key_past_the_retention() {
    let store = store_with_coupon().await;
    let clock = Arc::new(ManualClock::new(start()));
    let first = node(&store, &clock)
        .redeem(TENANT, "KEY", keyed("ann", "f1"))
        .await
        .unwrap();

    clock.advance_ms(24 * HOUR_MS - 1);
    let second = node(&store, &clock);
    let again = second
        .redeem(TENANT, "KEY", keyed("ann", "f1"))
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    let reused = node(&store, &clock)
        .redeem(TENANT, "KEY", keyed("bob", "f2"))
        .await;
    assert!(
        matches!(reused, Err(ActorError::IdempotencyKeyReused)),
        "{reused:?}"
    );

    clock.advance_ms(1);
    let fresh = node(&store, &clock)
        .redeem(TENANT, "KEY", keyed("bob", "f2"))
        .await
        .unwrap();
    assert_ne!(fresh.id, first.id);
    let (coupon, successes) = support::stored(&store, TENANT, "cpn_KEY").await;
    assert_eq!((coupon.uses_count, successes.len()), (2, 2));
}
