//! Fault injection on the in-process store: whatever faults are injected, a `run`
//! body that checks its own side effect first applies exactly once, and a seed
//! replays the same faults.

use std::sync::Arc;
use std::time::Duration;

use stampede_storage::{
    keys, run, MemFaults, MemStore, RetryPolicy, SharedStore, StorageError, Store,
};

/// Enough attempts that even 1021 on every writing commit resolves (each attempt
/// applies with probability 1/2).
const PATIENT: RetryPolicy = RetryPolicy {
    max_attempts: 200,
    initial_backoff: Duration::from_millis(1),
    max_backoff: Duration::from_millis(4),
};

const TENANT: &str = "t";

/// One redemption, the DESIGN §5 way: id chosen by the caller, record checked first.
async fn redeem(store: &dyn Store, redemption_id: &str) -> Result<bool, StorageError> {
    let record = keys::redemption(TENANT, redemption_id);
    let uses = keys::customer_uses(TENANT, "cpn", "user");
    run(store, PATIENT, |txn| {
        let record = record.clone();
        let uses = uses.clone();
        Box::pin(async move {
            if txn.get(&record).await?.is_some() {
                return Ok(false);
            }
            txn.set(&record, b"success")?;
            txn.atomic_add(&uses, 1)?;
            Ok(true)
        })
    })
    .await
}

async fn uses(store: &dyn Store) -> i64 {
    let mut txn = store.begin().await.unwrap();
    txn.get(&keys::customer_uses(TENANT, "cpn", "user"))
        .await
        .unwrap()
        .and_then(|v| keys::decode_counter(&v))
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn unknown_result_on_every_commit_still_applies_once() {
    const REDEMPTIONS: usize = 20;
    let store = MemStore::with_seed(42);
    store.set_faults(MemFaults {
        commit_unknown_result: 1.0,
        ..MemFaults::default()
    });
    for i in 0..REDEMPTIONS {
        redeem(&store, &format!("red_{i}")).await.expect("run");
        // Retrying the whole request again (a client retry) changes nothing.
        assert!(!redeem(&store, &format!("red_{i}")).await.expect("run"));
    }
    store.set_faults(MemFaults::default());
    assert_eq!(uses(&store).await, REDEMPTIONS as i64);
    let stats = store.fault_stats();
    assert!(stats.unknown_result_applied > 0, "{stats:?}");
    assert!(stats.unknown_result_not_applied > 0, "{stats:?}");
}

#[tokio::test(start_paused = true)]
async fn mixed_faults_with_concurrency_apply_once() {
    const TASKS: usize = 8;
    const PER_TASK: usize = 10;
    let store = MemStore::with_seed(7);
    store.set_faults(MemFaults {
        not_committed: 0.2,
        commit_unknown_result: 0.2,
        transaction_too_old: 0.05,
        commit_latency: Some(Duration::from_millis(2)),
        commit_latency_jitter: Duration::from_millis(5),
    });
    let shared: SharedStore = Arc::new(store.clone());
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let shared = Arc::clone(&shared);
        handles.push(tokio::spawn(async move {
            for i in 0..PER_TASK {
                redeem(shared.as_ref(), &format!("red_{t}_{i}"))
                    .await
                    .expect("run");
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    store.set_faults(MemFaults::default());
    assert_eq!(uses(&store).await, (TASKS * PER_TASK) as i64);
    let stats = store.fault_stats();
    assert!(
        stats.not_committed > 0 && stats.transaction_too_old > 0,
        "{stats:?}"
    );
}

/// Outcomes of a fixed sequence of commits under faults.
async fn fault_trace(seed: u64) -> Vec<String> {
    let store = MemStore::with_seed(seed);
    store.set_faults(MemFaults {
        not_committed: 0.3,
        commit_unknown_result: 0.3,
        transaction_too_old: 0.1,
        ..MemFaults::default()
    });
    let mut trace = Vec::new();
    for i in 0..40u32 {
        let key = i.to_be_bytes();
        let outcome = match store.begin().await {
            Ok(mut txn) => {
                txn.set(&key, b"v").unwrap();
                txn.commit().await
            }
            Err(err) => Err(err),
        };
        trace.push(format!("{outcome:?}"));
    }
    store.set_faults(MemFaults::default());
    for i in 0..40u32 {
        let mut txn = store.begin().await.unwrap();
        trace.push(format!(
            "{:?}",
            txn.get(&i.to_be_bytes()).await.unwrap().is_some()
        ));
    }
    trace
}

#[tokio::test]
async fn same_seed_same_faults() {
    let a = fault_trace(1234).await;
    assert_eq!(a, fault_trace(1234).await);
    assert_ne!(a, fault_trace(4321).await);
    assert!(a.iter().any(|o| o.contains("CommitUnknownResult")));
    assert!(a.iter().any(|o| o.contains("NotCommitted")));
    assert!(a.iter().any(|o| o.contains("TransactionTooOld")));
    assert!(a.iter().any(|o| o == "Ok(())"));
}

#[tokio::test(start_paused = true)]
async fn commit_latency_uses_tokio_time() {
    let store = MemStore::new();
    let latency = Duration::from_millis(250);
    store.set_faults(MemFaults {
        commit_latency: Some(latency),
        ..MemFaults::default()
    });
    let start = tokio::time::Instant::now();
    let mut txn = store.begin().await.unwrap();
    txn.set(b"k", b"v").unwrap();
    txn.commit().await.unwrap();
    assert!(start.elapsed() >= latency);

    // Read-only commits are never delayed nor failed, as on FoundationDB.
    store.set_faults(MemFaults {
        not_committed: 1.0,
        commit_latency: Some(latency),
        ..MemFaults::default()
    });
    let start = tokio::time::Instant::now();
    let mut txn = store.begin().await.unwrap();
    txn.get(b"k").await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test]
async fn faults_can_be_changed_at_runtime() {
    let store = MemStore::new();
    store.set_faults(MemFaults {
        not_committed: 1.0,
        ..MemFaults::default()
    });
    let mut txn = store.begin().await.unwrap();
    txn.set(b"k", b"v").unwrap();
    assert_eq!(txn.commit().await, Err(StorageError::NotCommitted));

    store.set_faults(MemFaults {
        transaction_too_old: 1.0,
        ..MemFaults::default()
    });
    let mut txn = store.begin().await.unwrap();
    assert_eq!(txn.get(b"k").await, Err(StorageError::TransactionTooOld));

    // Out-of-range probabilities are clamped rather than panicking the RNG.
    store.set_faults(MemFaults {
        not_committed: f64::NAN,
        commit_unknown_result: -3.0,
        transaction_too_old: 0.0,
        ..MemFaults::default()
    });
    let mut txn = store.begin().await.unwrap();
    txn.set(b"k", b"v").unwrap();
    txn.commit().await.unwrap();
    assert_eq!(store.faults().commit_unknown_result, 0.0);
    assert_eq!(store.committed_version(), 1);
}
