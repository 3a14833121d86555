//! Idempotency records expire after the retention (`ShardsConfig`, 24 hours by
//! default): past it a key is absent wherever it is read — the actor's memory,
//! a fresh activation's prefetch, the commit's re-check — and the sweeper
//! deletes expired records with their time-index entries.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use stampede_actors::idempotency_expiry::sweep;
use stampede_actors::records::idempotency::{expire, Done, Once};
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;
use stampede_protocol::idempotency::IdemSpec;
use stampede_storage::{keys, MemStore, RangeOptions, SharedStore};

mod support;

const TENANT: &str = "t";
const HOUR_MS: i64 = 60 * 60 * 1000;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap()
}

fn keyed(user: &str, fingerprint: &str) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
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

fn spec(key: &str) -> IdemSpec {
    IdemSpec {
        key: key.to_owned(),
        fingerprint: String::from("f"),
    }
}

/// Stores a `200` answer under `key` at the clock's now, as any records
/// mutation does; answers whether it ran (the key was free).
async fn answer(shards: &Shards, key: &str) -> bool {
    let once = Once::new(
        shards.records(),
        TENANT,
        Some(spec(key)),
        shards.clock().now(),
    );
    let respond = |_: &()| Ok(Some((200, serde_json::json!({"key": key}))));
    let done = once
        .run(respond, |_| Box::pin(async { Ok(()) }))
        .await
        .unwrap();
    matches!(done, Done::Fresh(()))
}

/// The idempotency keys stored for `TENANT`, by name.
async fn stored_keys(store: &SharedStore, names: &[&str]) -> Vec<String> {
    let mut tx = store.begin().await.unwrap();
    let mut found = Vec::new();
    for name in names {
        if tx
            .get_snapshot(&keys::idempotency(TENANT, name))
            .await
            .unwrap()
            .is_some()
        {
            found.push((*name).to_owned());
        }
    }
    found
}

/// Every time-index entry, as `(written ms, key)`.
async fn index(store: &SharedStore) -> Vec<(i64, String)> {
    let (begin, end) = keys::idempotency_index_until(i64::MAX);
    let mut tx = store.begin().await.unwrap();
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: 10_000,
            reverse: false,
        })
        .await
        .unwrap();
    rows.iter()
        .map(|row| {
            let (ms, tenant, key) = keys::decode_idempotency_index(&row.key).unwrap();
            assert_eq!(tenant, TENANT);
            (ms, key)
        })
        .collect()
}

/// Records written by the records layer and by a coupon's commit are deleted
/// with their index entries once the retention outlives them; younger ones,
/// and a key written afresh after its first record expired, stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sweeper_deletes_outlived_records_and_their_index_entries() {
    let store = store_with_coupon().await;
    let clock = Arc::new(ManualClock::new(start()));
    let t0 = start().timestamp_millis();
    let shards = node(&store, &clock);
    assert!(answer(&shards, "k:old").await);
    assert!(answer(&shards, "k:again").await);
    shards
        .redeem(TENANT, "KEY", keyed("ann", "f1"))
        .await
        .unwrap();

    clock.advance_ms(12 * HOUR_MS);
    assert!(answer(&shards, "k:young").await);
    clock.advance_ms(12 * HOUR_MS);
    // At the retention exactly: outlived for readers, the sweeper waits a tick.
    assert!(answer(&shards, "k:again").await, "the key is free again");
    assert_eq!(sweep(&shards).await.unwrap(), 0);
    clock.advance_ms(1);
    assert_eq!(sweep(&shards).await.unwrap(), 2, "k:old and k:order-1");

    let all = ["k:old", "k:again", "k:order-1", "k:young"];
    assert_eq!(stored_keys(&store, &all).await, ["k:again", "k:young"]);
    let day = 24 * HOUR_MS;
    assert_eq!(
        index(&store).await,
        [
            (t0 + 12 * HOUR_MS, String::from("k:young")),
            (t0 + day, String::from("k:again")),
        ]
    );
    assert_eq!(sweep(&shards).await.unwrap(), 0, "nothing left to do");

    clock.advance_ms(day);
    assert_eq!(sweep(&shards).await.unwrap(), 2);
    assert!(stored_keys(&store, &all).await.is_empty());
    assert!(index(&store).await.is_empty());
}

/// One call handles at most `limit` index entries, oldest first.
#[tokio::test]
async fn expiry_runs_in_bounded_batches() {
    let store: SharedStore = Arc::new(MemStore::new());
    let clock = Arc::new(ManualClock::new(start()));
    let shards = node(&store, &clock);
    for i in 0..5 {
        assert!(answer(&shards, &format!("k:{i}")).await);
        clock.advance_ms(1);
    }
    clock.advance_ms(24 * HOUR_MS);
    let now = shards.clock().now();
    assert_eq!(expire(&shards.records(), now, 3).await.unwrap(), 3);
    let left: Vec<_> = index(&store).await.into_iter().map(|(_, k)| k).collect();
    assert_eq!(left, ["k:3", "k:4"]);
    assert_eq!(expire(&shards.records(), now, 3).await.unwrap(), 2);
    assert!(index(&store).await.is_empty());
}

/// The retention is the node's: a shorter one expires keys sooner, at the
/// edge of the records layer and in the sweeper alike.
#[tokio::test]
async fn the_retention_is_configured_per_node() {
    let store: SharedStore = Arc::new(MemStore::new());
    let clock = Arc::new(ManualClock::new(start()));
    let config = ShardsConfig {
        idempotency_retention: Duration::from_secs(60 * 60),
        ..ShardsConfig::default()
    };
    let shards = Shards::without_supervisors(store.clone(), clock.clone(), config);
    assert!(answer(&shards, "k:short").await);
    clock.advance_ms(HOUR_MS - 1);
    assert!(
        !answer(&shards, "k:short").await,
        "replayed within the hour"
    );
    clock.advance_ms(2);
    assert_eq!(sweep(&shards).await.unwrap(), 1);
    assert!(answer(&shards, "k:short").await, "free after the hour");
}

/// The sweeper runs on its own, as a ring-singleton worker beside the shards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_supervisor_deletes_outlived_records() {
    let store: SharedStore = Arc::new(MemStore::new());
    let clock = Arc::new(ManualClock::new(start()));
    let shards = Shards::new(store.clone(), clock.clone(), ShardsConfig::default());
    assert!(answer(&shards, "k:bg").await);
    clock.advance_ms(24 * HOUR_MS + 1);
    // Bounded wait for the supervisor's next rounds (it sweeps every second).
    for _ in 0..100 {
        if index(&store).await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(index(&store).await.is_empty());
    assert!(stored_keys(&store, &["k:bg"]).await.is_empty());
}
