//! The conformance suite every backend must pass, so that code tested on `mem` or
//! `redb` behaves the same on FoundationDB. Each function takes a fresh, empty store
//! and panics on the first divergence; backends run them from their integration tests
//! (one test per function, so a failure names the property) or all at once with
//! [`run_all`].
//!
//! The suite uses only the [`Store`] / [`Transaction`] traits, plus
//! [`UnknownResultOnce`], a wrapper that turns the first committed write into a
//! 1021 so the "check your own side effect first" rule of DESIGN §5 is exercised on
//! every backend.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::buffer::VERSIONSTAMP_BYTES;
use crate::error::StorageError;
use crate::keys;
use crate::limits::{MAX_KEY_BYTES, MAX_TRANSACTION_BYTES, MAX_VALUE_BYTES};
use crate::store::{run, KeyValue, RangeOptions, RetryPolicy, SharedStore, Store, Transaction};

/// Retry policy of the suite's `run` calls: enough attempts that contention between
/// the suite's own tasks always resolves, and short backoff to keep tests fast.
const SUITE_POLICY: RetryPolicy = RetryPolicy {
    max_attempts: 100,
    initial_backoff: Duration::from_millis(1),
    max_backoff: Duration::from_millis(10),
};

/// Tenant used for keys built with [`keys`].
const TENANT: &str = "conformance";

/// Runs every test of the suite, each on a fresh store from `make_store`.
pub async fn run_all<F, Fut>(mut make_store: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = SharedStore>,
{
    basic_get_set_clear(make_store().await).await;
    clear_range_clears_only_the_range(make_store().await).await;
    read_your_writes(make_store().await).await;
    read_your_writes_in_ranges(make_store().await).await;
    range_order_and_limits(make_store().await).await;
    invalid_operations(make_store().await).await;
    snapshot_is_stable(make_store().await).await;
    read_write_conflict(make_store().await).await;
    snapshot_read_does_not_conflict(make_store().await).await;
    range_read_conflicts(make_store().await).await;
    blind_writes_do_not_conflict(make_store().await).await;
    concurrent_atomic_adds_both_commit(make_store().await).await;
    failed_commit_applies_nothing(make_store().await).await;
    erroring_body_commits_nothing(make_store().await).await;
    run_retries_conflicts(make_store().await).await;
    key_size_limit(make_store().await).await;
    value_size_limit(make_store().await).await;
    transaction_size_limit(make_store().await).await;
    versionstamped_keys(make_store().await).await;
    unknown_result_applied_exactly_once(make_store().await).await;
}

fn opts(begin: &[u8], end: &[u8], limit: usize, reverse: bool) -> RangeOptions {
    RangeOptions {
        begin: begin.to_vec(),
        end: end.to_vec(),
        limit,
        reverse,
    }
}

fn keys_of(kvs: &[KeyValue]) -> Vec<Vec<u8>> {
    kvs.iter().map(|kv| kv.key.clone()).collect()
}

fn counter(value: Option<Vec<u8>>) -> i64 {
    value
        .and_then(|v| keys::decode_counter(&v))
        .unwrap_or_default()
}

async fn put(store: &SharedStore, pairs: &[(&[u8], &[u8])]) {
    let mut txn = store.begin().await.expect("begin");
    for (key, value) in pairs {
        txn.set(key, value).expect("set");
    }
    txn.commit().await.expect("commit");
}

async fn read(store: &SharedStore, key: &[u8]) -> Option<Vec<u8>> {
    let mut txn = store.begin().await.expect("begin");
    txn.get(key).await.expect("get")
}

async fn scan(store: &SharedStore, range: &RangeOptions) -> Vec<KeyValue> {
    let mut txn = store.begin().await.expect("begin");
    txn.get_range(range).await.expect("get_range")
}

/// Set, get, overwrite, clear; a read-only commit succeeds.
pub async fn basic_get_set_clear(store: SharedStore) {
    assert_eq!(read(&store, b"k").await, None);
    put(&store, &[(b"k", b"v1")]).await;
    assert_eq!(read(&store, b"k").await.as_deref(), Some(&b"v1"[..]));
    put(&store, &[(b"k", b"v2")]).await;
    assert_eq!(read(&store, b"k").await.as_deref(), Some(&b"v2"[..]));
    // Empty values and the empty key are legal.
    put(&store, &[(b"", b"")]).await;
    assert_eq!(read(&store, b"").await.as_deref(), Some(&b""[..]));

    let mut txn = store.begin().await.expect("begin");
    txn.clear(b"k").expect("clear");
    txn.clear(b"never-written").expect("clear absent");
    txn.commit().await.expect("commit");
    assert_eq!(read(&store, b"k").await, None);

    let mut txn = store.begin().await.expect("begin");
    txn.get(b"").await.expect("get");
    txn.commit().await.expect("read-only commit");
}

/// `clear_range` removes `[begin, end)` and nothing else.
pub async fn clear_range_clears_only_the_range(store: SharedStore) {
    put(
        &store,
        &[
            (b"a", b"1"),
            (b"b", b"2"),
            (b"ba", b"3"),
            (b"c", b"4"),
            (b"d", b"5"),
        ],
    )
    .await;
    let mut txn = store.begin().await.expect("begin");
    txn.clear_range(b"b", b"c").expect("clear_range");
    txn.clear_range(b"x", b"x")
        .expect("empty clear_range is a no-op");
    txn.commit().await.expect("commit");
    let all = scan(&store, &opts(b"", b"\xff", 100, false)).await;
    assert_eq!(
        keys_of(&all),
        vec![b"a".to_vec(), b"c".to_vec(), b"d".to_vec()]
    );
}

/// A transaction sees its own buffered writes on point reads.
pub async fn read_your_writes(store: SharedStore) {
    put(
        &store,
        &[
            (b"stored", b"s"),
            (b"count", &keys::encode_counter(10)),
            (b"r1", b"x"),
            (b"r2", b"y"),
        ],
    )
    .await;
    let mut txn = store.begin().await.expect("begin");
    txn.set(b"new", b"n").expect("set");
    assert_eq!(
        txn.get(b"new").await.expect("get").as_deref(),
        Some(&b"n"[..])
    );
    txn.clear(b"stored").expect("clear");
    assert_eq!(txn.get(b"stored").await.expect("get"), None);
    assert_eq!(txn.get_snapshot(b"stored").await.expect("get"), None);

    txn.atomic_add(b"count", 5).expect("add");
    assert_eq!(counter(txn.get(b"count").await.expect("get")), 15);
    txn.atomic_add(b"count", -1).expect("add");
    assert_eq!(counter(txn.get(b"count").await.expect("get")), 14);
    txn.atomic_add(b"fresh", 3).expect("add on absent key");
    assert_eq!(counter(txn.get(b"fresh").await.expect("get")), 3);
    txn.set(b"fresh", &keys::encode_counter(100)).expect("set");
    txn.atomic_add(b"fresh", 1).expect("add after set");
    assert_eq!(counter(txn.get(b"fresh").await.expect("get")), 101);

    txn.clear_range(b"r", b"s").expect("clear_range");
    assert_eq!(txn.get(b"r1").await.expect("get"), None);
    txn.set(b"r2", b"again").expect("set after clear_range");
    assert_eq!(
        txn.get(b"r2").await.expect("get").as_deref(),
        Some(&b"again"[..])
    );
    txn.atomic_add(b"r1", 2).expect("add after clear_range");
    assert_eq!(counter(txn.get(b"r1").await.expect("get")), 2);
    txn.commit().await.expect("commit");

    assert_eq!(read(&store, b"stored").await, None);
    assert_eq!(counter(read(&store, b"count").await), 14);
    assert_eq!(counter(read(&store, b"fresh").await), 101);
    assert_eq!(counter(read(&store, b"r1").await), 2);
    assert_eq!(read(&store, b"r2").await.as_deref(), Some(&b"again"[..]));
}

/// Range reads merge buffered sets, clears, cleared ranges and adds, in both
/// directions and under a limit.
pub async fn read_your_writes_in_ranges(store: SharedStore) {
    put(
        &store,
        &[
            (b"a", b"1"),
            (b"c", b"3"),
            (b"e", &keys::encode_counter(5)),
            (b"g", b"7"),
            (b"i", b"9"),
        ],
    )
    .await;
    let mut txn = store.begin().await.expect("begin");
    txn.set(b"b", b"2").expect("set");
    txn.clear(b"c").expect("clear");
    txn.atomic_add(b"e", 1).expect("add");
    txn.clear_range(b"f", b"h").expect("clear_range");
    txn.set(b"fa", b"6").expect("set inside cleared range");
    let expected: Vec<Vec<u8>> = [&b"a"[..], b"b", b"e", b"fa", b"i"]
        .iter()
        .map(|k| k.to_vec())
        .collect();

    let forward = txn
        .get_range(&opts(b"a", b"z", 100, false))
        .await
        .expect("range");
    assert_eq!(keys_of(&forward), expected);
    assert_eq!(keys::decode_counter(&forward[2].value), Some(6));

    let reverse = txn
        .get_range(&opts(b"a", b"z", 100, true))
        .await
        .expect("range");
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(keys_of(&reverse), reversed);

    let limited = txn
        .get_range(&opts(b"a", b"z", 3, false))
        .await
        .expect("range");
    assert_eq!(keys_of(&limited), expected[..3].to_vec());
    let limited_rev = txn
        .get_range(&opts(b"a", b"z", 2, true))
        .await
        .expect("range");
    assert_eq!(keys_of(&limited_rev), reversed[..2].to_vec());
    txn.commit().await.expect("commit");

    let after = scan(&store, &opts(b"a", b"z", 100, false)).await;
    assert_eq!(keys_of(&after), expected);
}

/// Range reads are ordered, honour `[begin, end)`, `limit` and `reverse`, and a
/// tenant's prefix range never includes another tenant's keys.
pub async fn range_order_and_limits(store: SharedStore) {
    let ids = ["cpn_3", "cpn_1", "cpn_2", "cpn_10"];
    let mut txn = store.begin().await.expect("begin");
    for id in ids {
        txn.set(&keys::coupon("a", id), id.as_bytes()).expect("set");
        txn.set(&keys::coupon("ab", id), b"other tenant")
            .expect("set");
        txn.set(&keys::code("a", id), b"other kind").expect("set");
    }
    txn.commit().await.expect("commit");

    let (begin, end) = keys::prefix_range(&keys::coupons_prefix("a"));
    let all = scan(&store, &opts(&begin, &end, 100, false)).await;
    let values: Vec<&[u8]> = all.iter().map(|kv| kv.value.as_slice()).collect();
    assert_eq!(values, vec![&b"cpn_1"[..], b"cpn_10", b"cpn_2", b"cpn_3"]);
    assert!(all.windows(2).all(|w| w[0].key < w[1].key));

    let rev = scan(&store, &opts(&begin, &end, 100, true)).await;
    let rev_values: Vec<&[u8]> = rev.iter().map(|kv| kv.value.as_slice()).collect();
    assert_eq!(
        rev_values,
        vec![&b"cpn_3"[..], b"cpn_2", b"cpn_10", b"cpn_1"]
    );

    let first_two = scan(&store, &opts(&begin, &end, 2, false)).await;
    assert_eq!(first_two, all[..2].to_vec());
    let last_one = scan(&store, &opts(&begin, &end, 1, true)).await;
    assert_eq!(last_one, all[3..].to_vec());

    // Paging with key_after resumes exactly after the last key.
    let next = scan(
        &store,
        &opts(&keys::key_after(&first_two[1].key), &end, 2, false),
    )
    .await;
    assert_eq!(next, all[2..].to_vec());

    // End is exclusive, begin inclusive.
    let middle = scan(&store, &opts(&all[1].key, &all[3].key, 100, false)).await;
    assert_eq!(middle, all[1..3].to_vec());
}

/// Inverted ranges, a zero limit and system keys are refused; an empty range reads
/// nothing.
pub async fn invalid_operations(store: SharedStore) {
    put(&store, &[(b"a", b"1")]).await;
    let mut txn = store.begin().await.expect("begin");
    let inverted = txn.get_range(&opts(b"b", b"a", 10, false)).await;
    assert!(
        matches!(inverted, Err(StorageError::InvalidOperation(_))),
        "{inverted:?}"
    );
    let zero = txn.get_range(&opts(b"a", b"b", 0, false)).await;
    assert!(
        matches!(zero, Err(StorageError::InvalidOperation(_))),
        "{zero:?}"
    );
    let empty = txn.get_range(&opts(b"a", b"a", 10, false)).await;
    assert_eq!(empty, Ok(Vec::new()));
    let clear = txn.clear_range(b"b", b"a");
    assert!(
        matches!(clear, Err(StorageError::InvalidOperation(_))),
        "{clear:?}"
    );
    let system = txn.set(b"\xff/system", b"x");
    assert!(
        matches!(system, Err(StorageError::InvalidOperation(_))),
        "{system:?}"
    );
    let past_end = txn.get_range(&opts(b"a", b"\xff\xff", 10, false)).await;
    assert!(
        matches!(past_end, Err(StorageError::InvalidOperation(_))),
        "{past_end:?}"
    );
    // The whole user keyspace is readable.
    let all = txn
        .get_range(&opts(b"", b"\xff", 10, false))
        .await
        .expect("range");
    assert_eq!(all.len(), 1);
}

/// A transaction reads one snapshot: commits made after it began stay invisible.
pub async fn snapshot_is_stable(store: SharedStore) {
    put(&store, &[(b"k", b"old")]).await;
    let mut reader = store.begin().await.expect("begin");
    assert_eq!(
        reader.get(b"k").await.expect("get").as_deref(),
        Some(&b"old"[..])
    );
    put(&store, &[(b"k", b"new"), (b"k2", b"new")]).await;
    assert_eq!(
        reader.get(b"k").await.expect("get").as_deref(),
        Some(&b"old"[..])
    );
    assert_eq!(reader.get_snapshot(b"k2").await.expect("get"), None);
    let range = reader
        .get_range(&opts(b"k", b"l", 10, false))
        .await
        .expect("range");
    assert_eq!(keys_of(&range), vec![b"k".to_vec()]);
    assert_eq!(read(&store, b"k").await.as_deref(), Some(&b"new"[..]));
}

/// Two transactions read K, then both write it: the first commit wins, the second
/// fails with 1020.
pub async fn read_write_conflict(store: SharedStore) {
    put(&store, &[(b"k", b"0")]).await;
    let mut t1 = store.begin().await.expect("begin");
    let mut t2 = store.begin().await.expect("begin");
    assert!(t1.get(b"k").await.expect("get").is_some());
    assert!(t2.get(b"k").await.expect("get").is_some());
    t1.set(b"k", b"1").expect("set");
    t2.set(b"k", b"2").expect("set");
    t1.commit().await.expect("first commit wins");
    assert_eq!(t2.commit().await, Err(StorageError::NotCommitted));
    assert_eq!(read(&store, b"k").await.as_deref(), Some(&b"1"[..]));

    // A read of another key written concurrently conflicts too.
    let mut t3 = store.begin().await.expect("begin");
    t3.get(b"other").await.expect("get");
    put(&store, &[(b"other", b"x")]).await;
    t3.set(b"unrelated", b"y").expect("set");
    assert_eq!(t3.commit().await, Err(StorageError::NotCommitted));
}

/// A snapshot read adds no conflict.
pub async fn snapshot_read_does_not_conflict(store: SharedStore) {
    put(&store, &[(b"k", b"0")]).await;
    let mut t1 = store.begin().await.expect("begin");
    assert!(t1.get_snapshot(b"k").await.expect("get").is_some());
    let mut t2 = store.begin().await.expect("begin");
    t2.get(b"k").await.expect("get");
    t2.set(b"k", b"2").expect("set");
    t2.commit().await.expect("commit");
    t1.set(b"k2", b"1").expect("set");
    t1.commit().await.expect("snapshot reader commits");
    assert_eq!(read(&store, b"k2").await.as_deref(), Some(&b"1"[..]));
}

/// A range read conflicts with a later insert into the range (a phantom), but a read
/// cut short by its limit only covers what it returned.
pub async fn range_read_conflicts(store: SharedStore) {
    put(&store, &[(b"r/1", b"1"), (b"r/5", b"5")]).await;

    let mut t1 = store.begin().await.expect("begin");
    let seen = t1
        .get_range(&opts(b"r/", b"r0", 100, false))
        .await
        .expect("range");
    assert_eq!(seen.len(), 2);
    put(&store, &[(b"r/3", b"3")]).await;
    t1.set(b"summary", b"2 rows").expect("set");
    assert_eq!(t1.commit().await, Err(StorageError::NotCommitted));

    let mut t2 = store.begin().await.expect("begin");
    let first = t2
        .get_range(&opts(b"r/", b"r0", 1, false))
        .await
        .expect("range");
    assert_eq!(keys_of(&first), vec![b"r/1".to_vec()]);
    put(&store, &[(b"r/9", b"9")]).await;
    t2.set(b"summary", b"first row").expect("set");
    t2.commit()
        .await
        .expect("write beyond what was read does not conflict");

    let mut t3 = store.begin().await.expect("begin");
    let last = t3
        .get_range(&opts(b"r/", b"r0", 1, true))
        .await
        .expect("range");
    assert_eq!(keys_of(&last), vec![b"r/9".to_vec()]);
    put(&store, &[(b"r/0", b"0")]).await;
    t3.set(b"summary", b"last row").expect("set");
    t3.commit()
        .await
        .expect("write before a reverse read's cut does not conflict");

    // A cleared range overlapping a read range conflicts too.
    let mut t4 = store.begin().await.expect("begin");
    t4.get_range(&opts(b"r/", b"r0", 100, false))
        .await
        .expect("range");
    let mut t5 = store.begin().await.expect("begin");
    t5.clear_range(b"r/4", b"r/6").expect("clear_range");
    t5.commit().await.expect("commit");
    t4.set(b"summary", b"stale").expect("set");
    assert_eq!(t4.commit().await, Err(StorageError::NotCommitted));
}

/// Writes without reads never conflict; the last commit wins.
pub async fn blind_writes_do_not_conflict(store: SharedStore) {
    let mut t1 = store.begin().await.expect("begin");
    let mut t2 = store.begin().await.expect("begin");
    t1.set(b"k", b"1").expect("set");
    t2.set(b"k", b"2").expect("set");
    t1.commit().await.expect("commit");
    t2.commit().await.expect("commit");
    assert_eq!(read(&store, b"k").await.as_deref(), Some(&b"2"[..]));
}

/// Atomic adds from concurrent transactions both commit and sum.
pub async fn concurrent_atomic_adds_both_commit(store: SharedStore) {
    put(&store, &[(b"n", &keys::encode_counter(100))]).await;
    let mut t1 = store.begin().await.expect("begin");
    let mut t2 = store.begin().await.expect("begin");
    t1.atomic_add(b"n", 5).expect("add");
    t2.atomic_add(b"n", 7).expect("add");
    t1.atomic_add(b"fresh", 1).expect("add");
    t2.atomic_add(b"fresh", 1).expect("add");
    t1.commit().await.expect("commit");
    t2.commit().await.expect("commit");
    assert_eq!(counter(read(&store, b"n").await), 112);
    assert_eq!(counter(read(&store, b"fresh").await), 2);
}

/// A transaction whose commit fails leaves none of its writes.
pub async fn failed_commit_applies_nothing(store: SharedStore) {
    put(
        &store,
        &[(b"fence", b"1"), (b"victim", b"here"), (b"v/1", b"x")],
    )
    .await;
    let mut loser = store.begin().await.expect("begin");
    loser.get(b"fence").await.expect("get");
    put(&store, &[(b"fence", b"2")]).await;
    loser.set(b"a", b"1").expect("set");
    loser.clear(b"victim").expect("clear");
    loser.clear_range(b"v/", b"v0").expect("clear_range");
    loser.atomic_add(b"n", 1).expect("add");
    loser
        .set_versionstamped_key(b"log/", b"", b"entry")
        .expect("versionstamped");
    assert_eq!(loser.commit().await, Err(StorageError::NotCommitted));
    assert_eq!(read(&store, b"a").await, None);
    assert_eq!(read(&store, b"n").await, None);
    assert_eq!(read(&store, b"victim").await.as_deref(), Some(&b"here"[..]));
    assert_eq!(read(&store, b"v/1").await.as_deref(), Some(&b"x"[..]));
    assert!(scan(&store, &opts(b"log/", b"log0", 10, false))
        .await
        .is_empty());
}

/// A `run` body that fails commits nothing, and its error is returned as is.
pub async fn erroring_body_commits_nothing(store: SharedStore) {
    let result: Result<(), StorageError> = run(store.as_ref(), SUITE_POLICY, |txn| {
        Box::pin(async move {
            txn.set(b"half", b"done")?;
            txn.atomic_add(b"n", 1)?;
            Err(StorageError::InvalidOperation("body gave up".to_string()))
        })
    })
    .await;
    assert_eq!(
        result,
        Err(StorageError::InvalidOperation("body gave up".to_string()))
    );
    assert_eq!(read(&store, b"half").await, None);
    assert_eq!(read(&store, b"n").await, None);

    // A dropped transaction commits nothing either.
    let mut txn = store.begin().await.expect("begin");
    txn.set(b"half", b"done").expect("set");
    drop(txn);
    assert_eq!(read(&store, b"half").await, None);
}

/// Concurrent read-modify-write increments through `run` all land: conflicts are
/// retried, none is lost or doubled.
pub async fn run_retries_conflicts(store: SharedStore) {
    const WRITERS: i64 = 8;
    let mut tasks = Vec::new();
    for _ in 0..WRITERS {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            run(store.as_ref(), SUITE_POLICY, |txn| {
                Box::pin(async move {
                    let current = counter(txn.get(b"rmw").await?);
                    // Let the other writers read the same value.
                    tokio::task::yield_now().await;
                    txn.set(b"rmw", &keys::encode_counter(current + 1))?;
                    Ok(())
                })
            })
            .await
        }));
    }
    for task in tasks {
        task.await.expect("task").expect("run");
    }
    assert_eq!(counter(read(&store, b"rmw").await), WRITERS);
}

/// Keys up to 10 000 bytes are accepted, longer ones refused with 2102.
pub async fn key_size_limit(store: SharedStore) {
    let at_limit = vec![b'k'; MAX_KEY_BYTES];
    let over = vec![b'k'; MAX_KEY_BYTES + 1];
    let mut txn = store.begin().await.expect("begin");
    txn.set(&at_limit, b"v").expect("key at the limit");
    let expected = StorageError::KeyTooLarge {
        len_bytes: MAX_KEY_BYTES + 1,
        limit_bytes: MAX_KEY_BYTES,
    };
    assert_eq!(txn.set(&over, b"v"), Err(expected.clone()));
    assert_eq!(txn.clear(&over), Err(expected.clone()));
    assert_eq!(txn.atomic_add(&over, 1), Err(expected.clone()));
    let stamped =
        txn.set_versionstamped_key(&over[..MAX_KEY_BYTES - VERSIONSTAMP_BYTES], b"x", b"v");
    assert!(
        matches!(stamped, Err(StorageError::KeyTooLarge { .. })),
        "{stamped:?}"
    );
    txn.commit().await.expect("commit");
    assert_eq!(read(&store, &at_limit).await.as_deref(), Some(&b"v"[..]));
    assert_eq!(expected.fdb_code(), Some(2102));
}

/// Values up to 100 000 bytes are accepted, longer ones refused with 2103.
pub async fn value_size_limit(store: SharedStore) {
    let at_limit = vec![7u8; MAX_VALUE_BYTES];
    let over = vec![7u8; MAX_VALUE_BYTES + 1];
    let mut txn = store.begin().await.expect("begin");
    txn.set(b"big", &at_limit).expect("value at the limit");
    let expected = StorageError::ValueTooLarge {
        len_bytes: MAX_VALUE_BYTES + 1,
        limit_bytes: MAX_VALUE_BYTES,
    };
    assert_eq!(txn.set(b"bigger", &over), Err(expected.clone()));
    assert_eq!(
        txn.set_versionstamped_key(b"log/", b"", &over),
        Err(expected.clone())
    );
    txn.commit().await.expect("commit");
    assert_eq!(read(&store, b"big").await, Some(at_limit));
    assert_eq!(read(&store, b"bigger").await, None);
}

/// A transaction just under 10 MB commits; one over it is refused with 2101 (when
/// the write is issued on the embedded backends, at commit on FoundationDB) and
/// applies nothing.
pub async fn transaction_size_limit(store: SharedStore) {
    const VALUE_BYTES: usize = MAX_VALUE_BYTES;
    // Leaves well over the size of the keys and any backend's bookkeeping spare.
    let under = MAX_TRANSACTION_BYTES / VALUE_BYTES - 1;
    let value = vec![1u8; VALUE_BYTES];
    let key = |i: usize| format!("bulk/{i:05}").into_bytes();

    let mut txn = store.begin().await.expect("begin");
    for i in 0..under {
        txn.set(&key(i), &value).expect("under the limit");
    }
    txn.commit().await.expect("commit just under the limit");
    assert_eq!(read(&store, &key(under - 1)).await, Some(value.clone()));

    let over_key = |i: usize| format!("over/{i:05}").into_bytes();
    let mut txn = store.begin().await.expect("begin");
    txn.clear_range(b"bulk/", b"bulk0").expect("clear_range");
    let mut refused = None;
    for i in 0..=under + 2 {
        if let Err(err) = txn.set(&over_key(i), &value) {
            refused = Some(err);
            break;
        }
    }
    let err = match refused {
        Some(err) => err,
        None => txn
            .commit()
            .await
            .expect_err("over the limit must be refused"),
    };
    assert!(
        matches!(err, StorageError::TransactionTooLarge { limit_bytes, .. } if limit_bytes == MAX_TRANSACTION_BYTES),
        "{err:?}"
    );
    assert_eq!(err.fdb_code(), Some(2101));
    // Nothing of the refused transaction applied (it was dropped or failed).
    assert_eq!(read(&store, &key(0)).await, Some(value));
    assert_eq!(read(&store, &over_key(0)).await, None);
}

/// The embedded backends' exact accounting (see `buffer`): mutation bytes plus
/// read-conflict bytes, refused past exactly 10 000 000. Not in [`run_all`], since
/// FoundationDB also counts write-conflict ranges and so refuses a little earlier.
pub async fn transaction_size_exact_limit(store: SharedStore) {
    const WRITES: usize = 100;
    let per_write = MAX_TRANSACTION_BYTES / WRITES;
    let mut txn = store.begin().await.expect("begin");
    for i in 0..WRITES {
        let key = format!("exact/{i:05}");
        let value = vec![0u8; per_write - key.len()];
        txn.set(key.as_bytes(), &value).expect("up to the limit");
    }
    txn.set(b"", b"").expect("an empty write adds nothing");
    let over = txn.set(b"x", b"");
    assert_eq!(
        over,
        Err(StorageError::TransactionTooLarge {
            len_bytes: MAX_TRANSACTION_BYTES + 1,
            limit_bytes: MAX_TRANSACTION_BYTES,
        })
    );
    txn.commit().await.expect("exactly at the limit commits");
    assert!(read(&store, b"exact/00099").await.is_some());
    assert_eq!(read(&store, b"x").await, None);
}

/// Versionstamped keys are `prefix ++ 10-byte stamp ++ suffix`, increase from commit
/// to commit, and stay distinct within one commit through their suffixes.
pub async fn versionstamped_keys(store: SharedStore) {
    const COMMITS: usize = 5;
    let prefix = keys::journal(TENANT);
    let mut end = prefix.clone();
    end.push(0xFF);

    let mut txn = store.begin().await.expect("begin");
    for n in 0u16..3 {
        txn.set_versionstamped_key(&prefix, &n.to_be_bytes(), format!("first-{n}").as_bytes())
            .expect("versionstamped");
    }
    txn.commit().await.expect("commit");
    for c in 1..COMMITS {
        let mut txn = store.begin().await.expect("begin");
        txn.set_versionstamped_key(
            &prefix,
            &0u16.to_be_bytes(),
            format!("later-{c}").as_bytes(),
        )
        .expect("versionstamped");
        txn.commit().await.expect("commit");
    }

    let log = scan(&store, &opts(&prefix, &end, 100, false)).await;
    assert_eq!(log.len(), 3 + COMMITS - 1);
    let values: Vec<String> = log
        .iter()
        .map(|kv| String::from_utf8_lossy(&kv.value).into_owned())
        .collect();
    let mut expected: Vec<String> = (0..3).map(|n| format!("first-{n}")).collect();
    expected.extend((1..COMMITS).map(|c| format!("later-{c}")));
    assert_eq!(values, expected, "the log is in commit order");

    let stamp_of = |kv: &KeyValue| -> Vec<u8> {
        assert_eq!(kv.key.len(), prefix.len() + VERSIONSTAMP_BYTES + 2);
        assert!(kv.key.starts_with(&prefix));
        kv.key[prefix.len()..prefix.len() + VERSIONSTAMP_BYTES].to_vec()
    };
    let stamps: Vec<Vec<u8>> = log.iter().map(stamp_of).collect();
    assert!(stamps[0] <= stamps[1] && stamps[1] <= stamps[2]);
    assert!(
        stamps[2..].windows(2).all(|w| w[0] < w[1]),
        "stamps increase per commit"
    );
    let mut unique = keys_of(&log);
    unique.dedup();
    assert_eq!(unique.len(), log.len());
}

/// The DESIGN §5 pattern: an id generated before the retry loop, and a body that
/// first checks "record present → done". The first commit applies but reports 1021;
/// the retry finds the record, so the record and its counter land exactly once. A
/// body without the check would count twice, which the second half shows.
pub async fn unknown_result_applied_exactly_once(store: SharedStore) {
    let redemption_id = "red_unknown_result_1";
    let record = keys::redemption(TENANT, redemption_id);
    let uses = keys::customer_uses(TENANT, "cpn_1", "user_1");
    let flaky: SharedStore = Arc::new(UnknownResultOnce::new(Arc::clone(&store)));
    let attempts = AtomicU32::new(0);

    let wrote = run(flaky.as_ref(), SUITE_POLICY, |txn| {
        attempts.fetch_add(1, Ordering::SeqCst);
        let record = record.clone();
        let uses = uses.clone();
        Box::pin(async move {
            if txn.get(&record).await?.is_some() {
                return Ok(false);
            }
            txn.set(&record, b"{\"status\":\"success\"}")?;
            txn.atomic_add(&uses, 1)?;
            Ok(true)
        })
    })
    .await
    .expect("run");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "1021 is retried once");
    assert!(!wrote, "the retry found the first attempt's record");
    assert!(read(&store, &record).await.is_some());
    assert_eq!(counter(read(&store, &uses).await), 1);

    // Without the check, the same failure double-counts: the suite would catch it.
    let naive_uses = keys::customer_uses(TENANT, "cpn_1", "user_naive");
    let flaky: SharedStore = Arc::new(UnknownResultOnce::new(Arc::clone(&store)));
    run(flaky.as_ref(), SUITE_POLICY, |txn| {
        let naive_uses = naive_uses.clone();
        Box::pin(async move {
            txn.atomic_add(&naive_uses, 1)?;
            Ok(())
        })
    })
    .await
    .expect("run");
    assert_eq!(counter(read(&store, &naive_uses).await), 2);
}

/// Wraps a store so that the first commit of a transaction with writes applies, then
/// reports [`StorageError::CommitUnknownResult`]; later commits pass through. Shows
/// whether callers handle 1021 on backends that never produce it on their own.
pub struct UnknownResultOnce {
    inner: SharedStore,
    fired: Arc<AtomicBool>,
}

impl UnknownResultOnce {
    pub fn new(inner: SharedStore) -> Self {
        Self {
            inner,
            fired: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the 1021 was reported already.
    pub fn fired(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl Store for UnknownResultOnce {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
        Ok(Box::new(UnknownResultTxn {
            inner: self.inner.begin().await?,
            wrote: false,
            fired: Arc::clone(&self.fired),
        }))
    }

    fn backend_name(&self) -> &'static str {
        self.inner.backend_name()
    }
}

struct UnknownResultTxn {
    inner: Box<dyn Transaction>,
    /// Whether a write was issued: only writing commits can be unknown.
    wrote: bool,
    fired: Arc<AtomicBool>,
}

#[async_trait]
impl Transaction for UnknownResultTxn {
    async fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.inner.get(key).await
    }

    async fn get_snapshot(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.inner.get_snapshot(key).await
    }

    async fn get_range(&mut self, range: &RangeOptions) -> Result<Vec<KeyValue>, StorageError> {
        self.inner.get_range(range).await
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        self.wrote = true;
        self.inner.set(key, value)
    }

    fn clear(&mut self, key: &[u8]) -> Result<(), StorageError> {
        self.wrote = true;
        self.inner.clear(key)
    }

    fn clear_range(&mut self, begin: &[u8], end: &[u8]) -> Result<(), StorageError> {
        self.wrote = true;
        self.inner.clear_range(begin, end)
    }

    fn atomic_add(&mut self, key: &[u8], delta: i64) -> Result<(), StorageError> {
        self.wrote = true;
        self.inner.atomic_add(key, delta)
    }

    fn set_versionstamped_key(
        &mut self,
        prefix: &[u8],
        suffix: &[u8],
        value: &[u8],
    ) -> Result<(), StorageError> {
        self.wrote = true;
        self.inner.set_versionstamped_key(prefix, suffix, value)
    }

    async fn commit(self: Box<Self>) -> Result<(), StorageError> {
        let first_write = self.wrote && !self.fired.load(Ordering::SeqCst);
        self.inner.commit().await?;
        if first_write && !self.fired.swap(true, Ordering::SeqCst) {
            return Err(StorageError::CommitUnknownResult);
        }
        Ok(())
    }
}
