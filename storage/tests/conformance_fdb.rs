//! The conformance suite on FoundationDB, run when `FDB_CLUSTER_FILE` names a
//! cluster file; without it the test says it was skipped and passes.
//!
//! **The cluster must be disposable**: before each test of the suite the whole user
//! keyspace (`""` to `"\xff"`) is cleared, because the suite expects an empty store.
//! As a guard against a mistyped path, the run refuses to start on a database holding
//! more keys than the suite ever leaves behind.
//!
//! FoundationDB's network runs once per process, so the suite is one test that boots
//! it, runs every conformance test in order (printing each name, so a failure names
//! its property) and stops it — also when a test panics, as the guard drops while
//! unwinding.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use stampede_storage::conformance;
use stampede_storage::{FdbNetwork, FdbStore, RangeOptions, SharedStore, StorageError};

/// The variable naming the cluster file, as FoundationDB's own tools read it.
const CLUSTER_FILE_VAR: &str = "FDB_CLUSTER_FILE";

/// Keys a database may hold for the suite to clear it: more than any run of the suite
/// leaves behind (about a hundred), far fewer than a database in real use.
const DISPOSABLE_KEYS_MAX: usize = 1_000;

/// Worker threads of the test's runtime: enough for the suite's concurrent tasks.
const WORKER_THREADS: usize = 2;

type SuiteTest = fn(SharedStore) -> Pin<Box<dyn Future<Output = ()> + Send>>;

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        &[$((stringify!($name), |store| Box::pin(conformance::$name(store)))),*]
    };
}

/// Every test of the suite that holds on FoundationDB: all of them but
/// `transaction_size_exact_limit`, which checks the embedded backends' exact byte
/// count (FoundationDB also counts write-conflict ranges).
const SUITE: &[(&str, SuiteTest)] = suite!(
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
    versionstamped_keys,
    unknown_result_applied_exactly_once,
);

fn whole_keyspace(limit: usize) -> RangeOptions {
    RangeOptions {
        begin: Vec::new(),
        end: b"\xff".to_vec(),
        limit,
        reverse: false,
    }
}

async fn refuse_unless_disposable(store: &SharedStore) {
    let mut txn = store.begin().await.expect("begin");
    let held = txn
        .get_range(&whole_keyspace(DISPOSABLE_KEYS_MAX + 1))
        .await
        .expect("count keys")
        .len();
    assert!(
        held <= DISPOSABLE_KEYS_MAX,
        "{CLUSTER_FILE_VAR} names a database with more than {DISPOSABLE_KEYS_MAX} keys; \
         the suite clears the whole database, so point it at a disposable cluster"
    );
}

async fn clear_everything(store: &SharedStore) {
    let mut txn = store.begin().await.expect("begin");
    txn.clear_range(b"", b"\xff").expect("clear_range");
    txn.commit().await.expect("commit");
}

/// Two handles on one cluster, as two nodes would have: a commit through one makes
/// a conflicting commit through the other fail, so fencing holds across nodes.
async fn conflicts_across_handles(cluster_file: &Path, store: &SharedStore) {
    let other: SharedStore = Arc::new(FdbStore::open(Some(cluster_file)).expect("second handle"));
    let mut stale = store.begin().await.expect("begin");
    assert_eq!(stale.get(b"owner").await.expect("get"), None);
    let mut newer = other.begin().await.expect("begin");
    newer.get(b"owner").await.expect("get");
    newer.set(b"owner", b"node-b").expect("set");
    newer.commit().await.expect("newer owner commits");
    stale.set(b"owner", b"node-a").expect("set");
    assert_eq!(stale.commit().await, Err(StorageError::NotCommitted));
    let mut txn = store.begin().await.expect("begin");
    assert_eq!(
        txn.get(b"owner").await.expect("get").as_deref(),
        Some(&b"node-b"[..])
    );
}

#[test]
fn conformance_suite_on_foundationdb() {
    let Some(cluster_file) = std::env::var_os(CLUSTER_FILE_VAR).map(PathBuf::from) else {
        println!("skipped: {CLUSTER_FILE_VAR} is not set, no FoundationDB cluster to test");
        return;
    };
    let network = FdbNetwork::boot().expect("boot the FoundationDB network");
    assert!(
        matches!(FdbNetwork::boot(), Err(StorageError::Backend(_))),
        "a second boot is an error, not a panic"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store: SharedStore =
            Arc::new(FdbStore::open(Some(&cluster_file)).expect("open the database"));
        assert_eq!(store.backend_name(), "fdb");
        refuse_unless_disposable(&store).await;
        for (name, test) in SUITE {
            println!("conformance on FoundationDB: {name}");
            clear_everything(&store).await;
            test(Arc::clone(&store)).await;
        }
        println!("conformance on FoundationDB: conflicts_across_handles");
        clear_everything(&store).await;
        conflicts_across_handles(&cluster_file, &store).await;
        clear_everything(&store).await;
    });
    drop(runtime);
    drop(network);
    assert!(
        FdbStore::open(Some(&cluster_file)).is_err(),
        "no database opens once the network stopped"
    );
}
