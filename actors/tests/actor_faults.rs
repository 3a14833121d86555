//! The coupon actor against the in-memory store with injected faults: a failed or
//! unknown commit never becomes a success reply, nothing is counted twice, and
//! decisions made while a commit is in flight ride the next one.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use stampede_actors::{ActorError, CouponUpdate, RedeemRequest, Shards, ShardsConfig, UpdateKind};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Coupon, CouponPatch, Redemption};
use stampede_storage::{keys, MemFaults, MemStore, RangeOptions, SharedStore};

mod support;

const TENANT: &str = "t";

fn coupon(code: &str, max_uses: Option<u64>) -> Coupon {
    support::coupon(code, max_uses, Some(1))
}

async fn insert(store: &SharedStore, coupon: &Coupon) {
    support::insert(store, TENANT, coupon).await;
}

async fn stored(store: &SharedStore, coupon_id: &str) -> (Coupon, Vec<Redemption>) {
    support::stored(store, TENANT, coupon_id).await
}

fn shards(store: &SharedStore) -> Shards {
    Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    )
}

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_never_turn_into_false_successes() {
    for seed in 0..5u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        insert(&store, &coupon("HOT", Some(100))).await;
        mem.set_faults(MemFaults {
            not_committed: 0.15,
            commit_unknown_result: 0.15,
            transaction_too_old: 0.02,
            commit_latency: Some(Duration::from_millis(1)),
            commit_latency_jitter: Duration::from_millis(2),
        });
        let shards = shards(&store);
        let attempts = (0..400).map(|i| {
            let shards = shards.clone();
            tokio::spawn(
                async move { shards.redeem(TENANT, "HOT", request(format!("u{i}"))).await },
            )
        });
        let mut acknowledged = HashSet::new();
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
                Err(ActorError::Refused { .. } | ActorError::Unavailable(_)) => {}
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        mem.set_faults(MemFaults::default());
        let (coupon, successes) = stored(&store, "cpn_HOT").await;
        let ids: HashSet<_> = successes.iter().map(|r| r.id.clone()).collect();
        assert!(
            acknowledged.is_subset(&ids),
            "seed {seed}: an acknowledged redemption is missing"
        );
        assert_eq!(
            coupon.uses_count as usize,
            successes.len(),
            "seed {seed}: uses_count != stored successes"
        );
        assert!(coupon.uses_count <= 100, "seed {seed}: over max_uses");
    }
}

#[tokio::test]
async fn a_commit_that_always_fails_never_acknowledges() {
    let mem = MemStore::with_seed(7);
    let store: SharedStore = Arc::new(mem.clone());
    insert(&store, &coupon("DOOMED", Some(10))).await;
    let shards = shards(&store);
    // Activate first (activation itself writes the fence), then break commits.
    shards.get(TENANT, "DOOMED").await.unwrap();
    mem.set_faults(MemFaults {
        not_committed: 1.0,
        ..MemFaults::default()
    });
    for i in 0..5 {
        let result = shards
            .redeem(TENANT, "DOOMED", request(format!("u{i}")))
            .await;
        assert!(
            matches!(result, Err(ActorError::Unavailable(_))),
            "{result:?}"
        );
    }
    mem.set_faults(MemFaults::default());
    let (coupon, successes) = stored(&store, "cpn_DOOMED").await;
    assert_eq!((coupon.uses_count, successes.len()), (0, 0));
    // Once storage recovers, the actor serves again.
    assert!(shards
        .redeem(TENANT, "DOOMED", request(String::from("late")))
        .await
        .is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_ride_shared_commits() {
    let mem = MemStore::with_seed(1);
    let store: SharedStore = Arc::new(mem.clone());
    insert(&store, &coupon("BATCH", None)).await;
    let shards = shards(&store);
    shards.get(TENANT, "BATCH").await.unwrap();
    mem.set_faults(MemFaults {
        commit_latency: Some(Duration::from_millis(20)),
        ..MemFaults::default()
    });
    let before = mem.committed_version();
    let attempts: Vec<_> = (0..300)
        .map(|i| {
            let shards = shards.clone();
            tokio::spawn(async move {
                shards
                    .redeem(TENANT, "BATCH", request(format!("u{i}")))
                    .await
            })
        })
        .collect();
    for attempt in attempts {
        attempt.await.unwrap().unwrap();
    }
    let commits = mem.committed_version() - before;
    assert!(
        commits < 60,
        "300 redemptions took {commits} commits: no group commit"
    );
    let (coupon, successes) = stored(&store, "cpn_BATCH").await;
    assert_eq!((coupon.uses_count, successes.len()), (300, 300));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_key_survives_reactivation_and_unknown_results() {
    let mem = MemStore::with_seed(3);
    let store: SharedStore = Arc::new(mem.clone());
    insert(&store, &coupon("ONCE", Some(1000))).await;
    let idem = IdemSpec {
        key: String::from("k:order-1"),
        fingerprint: String::from("f1"),
    };
    let with_key = || RedeemRequest {
        provenance: Default::default(),
        user_id: Some(String::from("alice")),
        idem: Some(idem.clone()),
        ..RedeemRequest::default()
    };
    mem.set_faults(MemFaults {
        commit_unknown_result: 0.5,
        ..MemFaults::default()
    });
    let mut ids = HashSet::new();
    for _ in 0..10 {
        // A fresh Shards each time: a new activation that has never seen the key.
        let shards = shards(&store);
        if let Ok(redemption) = shards.redeem(TENANT, "ONCE", with_key()).await {
            ids.insert(redemption.id);
        }
    }
    mem.set_faults(MemFaults::default());
    let shards = shards(&store);
    ids.insert(shards.redeem(TENANT, "ONCE", with_key()).await.unwrap().id);
    assert_eq!(ids.len(), 1, "one key, one redemption: {ids:?}");
    let (coupon, successes) = stored(&store, "cpn_ONCE").await;
    assert_eq!((coupon.uses_count, successes.len()), (1, 1));
    let reused = IdemSpec {
        key: idem.key.clone(),
        fingerprint: String::from("other"),
    };
    let result = shards
        .redeem(
            TENANT,
            "ONCE",
            RedeemRequest {
                provenance: Default::default(),
                idem: Some(reused),
                ..RedeemRequest::default()
            },
        )
        .await;
    assert!(
        matches!(result, Err(ActorError::IdempotencyKeyReused)),
        "{result:?}"
    );
}

/// A void whose commit applied but answered 1021 is retried by the store's
/// retry loop; the retry finds the redemption voided by this very decision.
/// It must count as applied: the customer's use comes back at once (no reload
/// needed), and nothing is given back twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_void_applied_under_an_unknown_result_gives_the_use_back() {
    for seed in 0..24u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        insert(&store, &coupon("ONE", Some(100))).await;
        let shards = shards(&store);
        let first = shards
            .redeem(TENANT, "ONE", request(String::from("ann")))
            .await
            .unwrap();
        mem.set_faults(MemFaults {
            commit_unknown_result: 0.5,
            ..MemFaults::default()
        });
        let voided = loop {
            let reason = Some(String::from("refund"));
            match shards
                .void(
                    TENANT,
                    "ONE",
                    first.id.clone(),
                    reason,
                    None,
                    &Default::default(),
                )
                .await
            {
                Ok(voided) => break voided,
                Err(ActorError::Unavailable(_)) => continue,
                Err(other) => panic!("seed {seed}: unexpected {other:?}"),
            }
        };
        assert!(!voided.holds_use(), "seed {seed}");
        mem.set_faults(MemFaults::default());
        // Same actor, same customer: per-customer limit 1 is free again.
        let again = shards
            .redeem(TENANT, "ONE", request(String::from("ann")))
            .await;
        assert!(again.is_ok(), "seed {seed}: {again:?}");
        let (coupon, successes) = stored(&store, "cpn_ONE").await;
        let held = successes.iter().filter(|r| r.holds_use()).count();
        assert_eq!((coupon.uses_count, held), (1, 1), "seed {seed}");
    }
}

/// Reads every row of `prefix` (audit or outbox) as JSON, in commit order.
async fn log_rows(store: &SharedStore, prefix: &[u8]) -> Vec<serde_json::Value> {
    let (begin, end) = keys::prefix_range(prefix);
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
        .map(|row| serde_json::from_slice(&row.value).unwrap())
        .collect()
}

/// An update whose commit applied but answered 1021 is retried by the store's
/// retry loop; the retry finds the definition this very decision wrote. It
/// must not write the audit record and the outbox event a second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_applied_under_an_unknown_result_is_audited_once() {
    const UPDATES: u64 = 6;
    for seed in 0..16u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        insert(&store, &coupon("EDIT", Some(100))).await;
        let shards = shards(&store);
        shards.get(TENANT, "EDIT").await.unwrap();
        mem.set_faults(MemFaults {
            commit_unknown_result: 0.5,
            ..MemFaults::default()
        });
        for i in 1..=UPDATES {
            let patch = CouponPatch {
                version: Some(i),
                max_uses: Some(Some(100 + i)),
                ..CouponPatch::default()
            };
            loop {
                let update = CouponUpdate {
                    provenance: Default::default(),
                    kind: UpdateKind::Patch,
                    patch: patch.clone(),
                    reason: None,
                    idem: None,
                };
                match shards.update(TENANT, "EDIT", update).await {
                    Ok(updated) => {
                        assert_eq!(updated.version, i + 1, "seed {seed}");
                        break;
                    }
                    // Every attempt answered 1021: it may have applied.
                    Err(ActorError::Unavailable(_)) => continue,
                    // It did: the version moved past the one this patch read.
                    Err(ActorError::VersionConflict { current }) if current == i + 1 => break,
                    Err(other) => panic!("seed {seed}: unexpected {other:?}"),
                }
            }
        }
        mem.set_faults(MemFaults::default());
        let (coupon, _) = stored(&store, "cpn_EDIT").await;
        assert_eq!(coupon.version, UPDATES + 1, "seed {seed}");
        // The journal is both the audit log and the webhook outbox: one event
        // per update, however many times its commit was retried.
        let journal = log_rows(&store, &keys::journal(TENANT)).await;
        let updates: Vec<_> = journal
            .iter()
            .filter(|e| e["type"] == "coupon.updated")
            .map(|e| e["after"]["version"].clone())
            .collect();
        let expected: Vec<_> = (2..=UPDATES + 1).map(serde_json::Value::from).collect();
        assert_eq!(updates, expected, "seed {seed}: one event per update");
        let befores: Vec<_> = journal
            .iter()
            .filter(|e| e["type"] == "coupon.updated")
            .map(|e| e["before"]["version"].clone())
            .collect();
        let expected: Vec<_> = (1..=UPDATES).map(serde_json::Value::from).collect();
        assert_eq!(befores, expected, "seed {seed}: each event's before state");
    }
}
