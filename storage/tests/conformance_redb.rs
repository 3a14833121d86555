//! The conformance suite on the durable embedded store, plus durability across
//! reopen and the transaction age limit.

use std::sync::Arc;
use std::time::Duration;

use stampede_storage::conformance;
use stampede_storage::limits::MAX_TRANSACTION_AGE_MS;
use stampede_storage::{
    keys, RangeOptions, RedbStore, SharedStore, StorageError, Store, VERSIONSTAMP_BYTES,
};
use tempfile::TempDir;

const DB_FILE: &str = "stampede.redb";

/// A store in a fresh directory; the directory lives as long as the returned guard.
fn store() -> (TempDir, SharedStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = RedbStore::open(dir.path().join(DB_FILE)).unwrap();
    (dir, Arc::new(store))
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (_dir, store) = store();
                conformance::$name(store).await;
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

fn log_range(prefix: &[u8]) -> RangeOptions {
    let mut end = prefix.to_vec();
    end.push(0xFF);
    RangeOptions {
        begin: prefix.to_vec(),
        end,
        limit: 100,
        reverse: false,
    }
}

fn stamp(key: &[u8], prefix: &[u8]) -> Vec<u8> {
    key[prefix.len()..prefix.len() + VERSIONSTAMP_BYTES].to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_and_versionstamps_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let prefix = keys::journal("t");

    let store = RedbStore::open(&path).unwrap();
    for i in 0..3u8 {
        let mut txn = store.begin().await.unwrap();
        txn.set(b"durable", &[i]).unwrap();
        txn.atomic_add(b"count", 1).unwrap();
        txn.set_versionstamped_key(&prefix, b"", &[i]).unwrap();
        txn.commit().await.unwrap();
    }
    let version_before = store.committed_version();
    drop(store);

    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.committed_version(), version_before);
    let mut txn = store.begin().await.unwrap();
    assert_eq!(txn.get(b"durable").await.unwrap(), Some(vec![2]));
    assert_eq!(
        keys::decode_counter(&txn.get(b"count").await.unwrap().unwrap()),
        Some(3)
    );
    txn.set_versionstamped_key(&prefix, b"", &[3]).unwrap();
    txn.commit().await.unwrap();
    assert!(store.committed_version() > version_before);

    let mut txn = store.begin().await.unwrap();
    let log = txn.get_range(&log_range(&prefix)).await.unwrap();
    let values: Vec<u8> = log.iter().map(|kv| kv.value[0]).collect();
    assert_eq!(values, vec![0, 1, 2, 3]);
    let stamps: Vec<Vec<u8>> = log.iter().map(|kv| stamp(&kv.key, &prefix)).collect();
    assert!(
        stamps.windows(2).all(|w| w[0] < w[1]),
        "stamps keep increasing: {stamps:?}"
    );
}

#[tokio::test]
async fn reopening_an_open_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let _store = RedbStore::open(&path).unwrap();
    assert!(matches!(
        RedbStore::open(&path),
        Err(StorageError::Backend(_))
    ));
    let not_a_db = dir.path().join("garbage");
    std::fs::write(&not_a_db, b"this is not a redb file at all, not even close").unwrap();
    assert!(matches!(
        RedbStore::open(&not_a_db),
        Err(StorageError::Backend(_))
    ));
}

#[tokio::test(start_paused = true)]
async fn transaction_too_old_after_five_seconds() {
    let (_dir, store) = store();
    let mut old = store.begin().await.unwrap();
    tokio::time::advance(Duration::from_millis(MAX_TRANSACTION_AGE_MS + 1)).await;
    assert_eq!(old.get(b"k").await, Err(StorageError::TransactionTooOld));
    old.set(b"k", b"late").unwrap();
    assert_eq!(old.commit().await, Err(StorageError::TransactionTooOld));
}

/// Commits from many tasks on several threads: every increment lands once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_commits_on_threads() {
    const TASKS: usize = 16;
    let (_dir, store) = store();
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store = Arc::clone(&store);
        handles.push(tokio::spawn(async move {
            let mut txn = store.begin().await.unwrap();
            txn.atomic_add(b"n", 1).unwrap();
            txn.set(format!("task/{t:02}").as_bytes(), b"done").unwrap();
            txn.commit().await.unwrap();
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    let mut txn = store.begin().await.unwrap();
    assert_eq!(
        keys::decode_counter(&txn.get(b"n").await.unwrap().unwrap()),
        Some(TASKS as i64)
    );
}
