//! The conformance suite on the in-process store, plus what only `mem` can show
//! quickly: the transaction age limit under paused time.

use std::sync::Arc;
use std::time::Duration;

use stampede_storage::conformance;
use stampede_storage::limits::MAX_TRANSACTION_AGE_MS;
use stampede_storage::{run, MemStore, RetryPolicy, SharedStore, StorageError};

fn store() -> SharedStore {
    Arc::new(MemStore::new())
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                conformance::$name(store()).await;
            }
        )*
    };
}

suite!(
    basic_get_set_clear,
    clear_range_clears_only_the_range,
    read_your_writes,
    read_your_writes_in_ranges,
    range_order_and_limits,
    invalid_operations,
    snapshot_is_stable,
    read_write_conflict,
    snapshot_read_does_not_conflict,
    range_read_conflicts,
    blind_writes_do_not_conflict,
    concurrent_atomic_adds_both_commit,
    failed_commit_applies_nothing,
    erroring_body_commits_nothing,
    run_retries_conflicts,
    key_size_limit,
    value_size_limit,
    transaction_size_limit,
    transaction_size_exact_limit,
    versionstamped_keys,
    unknown_result_applied_exactly_once,
);

#[tokio::test]
async fn run_all_passes() {
    conformance::run_all(|| async { store() }).await;
}

#[tokio::test(start_paused = true)]
async fn transaction_too_old_after_five_seconds() {
    let store = store();
    let age_limit = Duration::from_millis(MAX_TRANSACTION_AGE_MS);

    let mut young = store.begin().await.unwrap();
    tokio::time::advance(age_limit).await;
    young
        .get(b"k")
        .await
        .expect("exactly at the limit is still young");
    young.set(b"k", b"v").unwrap();
    young.commit().await.expect("commit at the limit");

    let mut old = store.begin().await.unwrap();
    tokio::time::advance(age_limit + Duration::from_millis(1)).await;
    assert_eq!(old.get(b"k").await, Err(StorageError::TransactionTooOld));
    assert_eq!(
        old.get_range(&stampede_storage::RangeOptions {
            begin: b"a".to_vec(),
            end: b"z".to_vec(),
            limit: 10,
            reverse: false,
        })
        .await,
        Err(StorageError::TransactionTooOld)
    );
    old.set(b"k", b"late").unwrap();
    assert_eq!(old.commit().await, Err(StorageError::TransactionTooOld));

    // `run` retries 1007 with a fresh transaction.
    let mut first = true;
    run(store.as_ref(), RetryPolicy::default(), |txn| {
        let stall = std::mem::replace(&mut first, false);
        Box::pin(async move {
            txn.get(b"k").await?;
            if stall {
                tokio::time::sleep(age_limit + Duration::from_millis(1)).await;
            }
            txn.set(b"k", b"retried")?;
            Ok(())
        })
    })
    .await
    .expect("run");
    let mut txn = store.begin().await.unwrap();
    assert_eq!(
        txn.get(b"k").await.unwrap().as_deref(),
        Some(&b"retried"[..])
    );
}
