//! In-process backend: a multi-version store with FoundationDB's optimistic
//! concurrency, for unit tests and deterministic simulation.
//!
//! Each transaction reads at the commit version current when it began, sees its own
//! buffered writes, and commits only if nothing it read was written by a commit after
//! its read version. Old versions are kept as long as a live transaction may read
//! them (at most the 5 s transaction window). Faults — conflicts (1020), unknown
//! commit results (1021), too-old transactions (1007) and commit latency — are drawn
//! from a seeded RNG so a simulation replays exactly; time is `tokio::time`, which
//! turmoil controls.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::time::Instant;

use crate::buffer::{
    apply_add, check_range_options, check_read_key, versionstamp, Lookup, PendingOp, TxnBuffer,
};
use crate::error::StorageError;
use crate::resolver::{check_age, is_too_old, Resolver};
use crate::store::{KeyValue, RangeOptions, Store, Transaction};

/// Seed of [`MemStore::new`]: a fixed one, so even unseeded stores are deterministic.
const DEFAULT_SEED: u64 = 0;

/// Faults the store injects, each an independent probability in `[0, 1]` drawn per
/// operation. The default injects nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MemFaults {
    /// A committing transaction (one with writes) fails with 1020 without applying,
    /// as if it had conflicted.
    pub not_committed: f64,
    /// A committing transaction fails with 1021; whether it applied first is a coin
    /// flip from the same RNG, so callers must handle both outcomes.
    pub commit_unknown_result: f64,
    /// A read, or the commit of a transaction with writes, fails with 1007.
    pub transaction_too_old: f64,
    /// Delay before every commit with writes is resolved (`tokio::time::sleep`, so
    /// simulated under turmoil). `None`: commit at once.
    pub commit_latency: Option<Duration>,
    /// Extra delay drawn uniformly from `[0, commit_latency_jitter]` on top of
    /// `commit_latency`, so concurrent commits interleave differently per seed.
    pub commit_latency_jitter: Duration,
}

impl MemFaults {
    /// The same faults with every probability forced into `[0, 1]` (NaN → 0), so a
    /// bad config cannot make the RNG panic.
    fn sanitized(self) -> Self {
        let clamp = |p: f64| if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        Self {
            not_committed: clamp(self.not_committed),
            commit_unknown_result: clamp(self.commit_unknown_result),
            transaction_too_old: clamp(self.transaction_too_old),
            ..self
        }
    }
}

/// How many faults were injected so far: lets a simulation check that the faults it
/// asked for actually happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemFaultStats {
    pub not_committed: u64,
    /// 1021 returned after the writes were applied.
    pub unknown_result_applied: u64,
    /// 1021 returned without applying the writes.
    pub unknown_result_not_applied: u64,
    pub transaction_too_old: u64,
}

/// In-process MVCC store. Cloning is cheap and shares the data.
#[derive(Clone)]
pub struct MemStore {
    inner: Arc<Mutex<MemState>>,
}

impl std::fmt::Debug for MemStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.inner);
        f.debug_struct("MemStore")
            .field("committed_version", &state.resolver.committed())
            .field("keys", &state.data.len())
            .field("faults", &state.faults)
            .finish()
    }
}

impl Default for MemStore {
    fn default() -> Self {
        Self::new()
    }
}

/// One version of one key; `None` is a deletion.
#[derive(Debug)]
struct Version {
    version: u64,
    value: Option<Vec<u8>>,
}

/// A live transaction, for garbage collection of old versions.
#[derive(Debug, Clone, Copy)]
struct Reader {
    read_version: u64,
    started: Instant,
}

#[derive(Debug)]
struct MemState {
    /// Key → versions, ascending. The oldest kept is the newest one at or below
    /// `gc_horizon`; a key whose only version is a deletion below it is removed.
    data: BTreeMap<Vec<u8>, Vec<Version>>,
    resolver: Resolver,
    /// Live transactions by id; ids increase with begin order, so the first entry
    /// that is not too old holds the oldest read version anyone can still use.
    readers: BTreeMap<u64, Reader>,
    next_txn_id: u64,
    /// Versions at or below this may have been collected; reads below it get 1007.
    gc_horizon: u64,
    /// Keys written per commit, waiting for the horizon to pass that commit so their
    /// older versions can be dropped.
    gc_queue: VecDeque<(u64, Vec<Vec<u8>>)>,
    faults: MemFaults,
    stats: MemFaultStats,
    rng: StdRng,
}

/// Locks the state. A panic while it was held cannot leave it half-updated in a way
/// that matters more than refusing all further work, so poisoning is ignored.
fn lock(inner: &Mutex<MemState>) -> MutexGuard<'_, MemState> {
    inner
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The value of `chain` visible at `read_version`.
fn visible(chain: &[Version], read_version: u64) -> Option<&[u8]> {
    chain
        .iter()
        .rev()
        .find(|v| v.version <= read_version)
        .and_then(|v| v.value.as_deref())
}

impl MemStore {
    /// An empty store with the default seed and no faults.
    pub fn new() -> Self {
        Self::with_seed(DEFAULT_SEED)
    }

    /// An empty store whose fault RNG starts from `seed`: the same seed and the same
    /// sequence of operations give the same faults.
    pub fn with_seed(seed: u64) -> Self {
        Self {
            inner: Arc::new(Mutex::new(MemState {
                data: BTreeMap::new(),
                resolver: Resolver::new(0),
                readers: BTreeMap::new(),
                next_txn_id: 0,
                gc_horizon: 0,
                gc_queue: VecDeque::new(),
                faults: MemFaults::default(),
                stats: MemFaultStats::default(),
                rng: StdRng::seed_from_u64(seed),
            })),
        }
    }

    /// Replaces the fault configuration; takes effect for the next operation.
    pub fn set_faults(&self, faults: MemFaults) {
        lock(&self.inner).faults = faults.sanitized();
    }

    /// The current fault configuration.
    pub fn faults(&self) -> MemFaults {
        lock(&self.inner).faults
    }

    /// Counts of faults injected so far.
    pub fn fault_stats(&self) -> MemFaultStats {
        lock(&self.inner).stats
    }

    /// The version of the last commit (0 before any).
    pub fn committed_version(&self) -> u64 {
        lock(&self.inner).resolver.committed()
    }

    /// Number of live key versions, deletions included: lets tests check that old
    /// versions are collected.
    pub fn version_count(&self) -> usize {
        lock(&self.inner).data.values().map(Vec::len).sum()
    }
}

#[async_trait]
impl Store for MemStore {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
        let started = Instant::now();
        let mut state = lock(&self.inner);
        let id = state.next_txn_id;
        state.next_txn_id += 1;
        let read_version = state.resolver.committed();
        state.readers.insert(
            id,
            Reader {
                read_version,
                started,
            },
        );
        Ok(Box::new(MemTxn {
            store: Arc::clone(&self.inner),
            id,
            read_version,
            started,
            buffer: TxnBuffer::default(),
        }))
    }

    fn backend_name(&self) -> &'static str {
        "mem"
    }
}

struct MemTxn {
    store: Arc<Mutex<MemState>>,
    id: u64,
    read_version: u64,
    started: Instant,
    buffer: TxnBuffer,
}

impl Drop for MemTxn {
    fn drop(&mut self) {
        lock(&self.store).readers.remove(&self.id);
    }
}

impl MemTxn {
    /// Locks the store for a read, failing with 1007 when the transaction is too old
    /// (by age, by collected history, or by an injected fault).
    fn lock_for_read(&self) -> Result<MutexGuard<'_, MemState>, StorageError> {
        let mut state = lock(&self.store);
        // Age is checked under the lock so it is ordered with garbage collection.
        check_age(self.started, Instant::now())?;
        if self.read_version < state.gc_horizon {
            return Err(StorageError::TransactionTooOld);
        }
        let p = state.faults.transaction_too_old;
        if p > 0.0 && state.rng.random_bool(p) {
            state.stats.transaction_too_old += 1;
            return Err(StorageError::TransactionTooOld);
        }
        Ok(state)
    }

    fn read_point(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        check_read_key(key)?;
        let lookup = self.buffer.lookup(key);
        if let Lookup::Value(value) = lookup {
            // Still subject to the age check, as every read is.
            drop(self.lock_for_read()?);
            return Ok(value);
        }
        let state = self.lock_for_read()?;
        let stored = state
            .data
            .get(key)
            .and_then(|chain| visible(chain, self.read_version));
        Ok(match lookup {
            Lookup::AddToStore(delta) => Some(apply_add(stored, delta)),
            _ => stored.map(<[u8]>::to_vec),
        })
    }

    /// Draws the commit's injected delay, if any.
    fn commit_delay(&self) -> Option<Duration> {
        let mut state = lock(&self.store);
        let faults = state.faults;
        let jitter = if faults.commit_latency_jitter.is_zero() {
            Duration::ZERO
        } else {
            state
                .rng
                .random_range(Duration::ZERO..=faults.commit_latency_jitter)
        };
        match (faults.commit_latency, jitter.is_zero()) {
            (None, true) => None,
            (latency, _) => Some(latency.unwrap_or(Duration::ZERO) + jitter),
        }
    }
}

/// What an injected fault does to a commit.
enum CommitFault {
    None,
    /// Fail with this error before applying.
    Refuse(StorageError),
    /// Report 1021; apply first if `applied`.
    Unknown {
        applied: bool,
    },
}

impl MemState {
    /// Draws this commit's fault, in a fixed order so a seed replays exactly.
    fn draw_commit_fault(&mut self) -> CommitFault {
        let faults = self.faults;
        if faults.transaction_too_old > 0.0 && self.rng.random_bool(faults.transaction_too_old) {
            self.stats.transaction_too_old += 1;
            return CommitFault::Refuse(StorageError::TransactionTooOld);
        }
        if faults.not_committed > 0.0 && self.rng.random_bool(faults.not_committed) {
            self.stats.not_committed += 1;
            return CommitFault::Refuse(StorageError::NotCommitted);
        }
        if faults.commit_unknown_result > 0.0 && self.rng.random_bool(faults.commit_unknown_result)
        {
            let applied = self.rng.random_bool(0.5);
            if applied {
                self.stats.unknown_result_applied += 1;
            } else {
                self.stats.unknown_result_not_applied += 1;
            }
            return CommitFault::Unknown { applied };
        }
        CommitFault::None
    }

    /// Appends `value` as `key`'s version `version`; a second write to the same key
    /// in one commit replaces the first.
    fn put_version(&mut self, key: &[u8], version: u64, value: Option<Vec<u8>>) {
        let chain = self.data.entry(key.to_vec()).or_default();
        match chain.last_mut() {
            Some(last) if last.version == version => last.value = value,
            _ => {
                debug_assert!(chain.last().is_none_or(|last| last.version < version));
                chain.push(Version { version, value });
            }
        }
    }

    /// Applies a transaction's writes as commit `version`; returns the keys written.
    fn apply(&mut self, buffer: &TxnBuffer, version: u64) -> Vec<Vec<u8>> {
        let mut touched = Vec::new();
        let latest = u64::MAX;
        for (begin, end) in buffer.cleared().iter() {
            let live: Vec<Vec<u8>> = self
                .data
                .range::<[u8], _>((Bound::Included(begin), Bound::Excluded(end)))
                .filter(|(_, chain)| visible(chain, latest).is_some())
                .map(|(key, _)| key.clone())
                .collect();
            for key in live {
                self.put_version(&key, version, None);
                touched.push(key);
            }
        }
        for (key, op) in buffer.ops() {
            let value = match op {
                PendingOp::Set(value) => Some(value.clone()),
                PendingOp::Clear => {
                    let exists = self
                        .data
                        .get(key)
                        .is_some_and(|chain| visible(chain, latest).is_some());
                    if !exists {
                        continue;
                    }
                    None
                }
                PendingOp::Add(delta) => {
                    let base = self.data.get(key).and_then(|chain| visible(chain, latest));
                    Some(apply_add(base, *delta))
                }
            };
            self.put_version(key, version, value);
            touched.push(key.to_vec());
        }
        let stamp = versionstamp(version);
        for write in buffer.stamped() {
            let key = write.key(&stamp);
            self.put_version(&key, version, Some(write.value.clone()));
            touched.push(key);
        }
        touched
    }

    /// Drops versions no live transaction can read any more.
    fn collect_garbage(&mut self, now: Instant) {
        // Readers past the age limit will fail their next read or commit anyway.
        while let Some((&id, reader)) = self.readers.first_key_value() {
            if !is_too_old(reader.started, now) {
                break;
            }
            self.readers.remove(&id);
        }
        let oldest_needed = self
            .readers
            .values()
            .map(|r| r.read_version)
            .min()
            .unwrap_or(self.resolver.committed());
        let horizon = oldest_needed.max(self.gc_horizon);
        self.gc_horizon = horizon;
        while self
            .gc_queue
            .front()
            .is_some_and(|(version, _)| *version <= horizon)
        {
            let Some((_, keys)) = self.gc_queue.pop_front() else {
                break;
            };
            for key in keys {
                self.prune(&key, horizon);
            }
        }
    }

    fn prune(&mut self, key: &[u8], horizon: u64) {
        let Some(chain) = self.data.get_mut(key) else {
            return;
        };
        // Keep the newest version at or below the horizon and everything after it.
        let keep_from = chain
            .iter()
            .rposition(|v| v.version <= horizon)
            .unwrap_or(0);
        chain.drain(..keep_from);
        let only_a_deletion =
            chain.len() == 1 && chain[0].value.is_none() && chain[0].version <= horizon;
        if chain.is_empty() || only_a_deletion {
            self.data.remove(key);
        }
    }
}

#[async_trait]
impl Transaction for MemTxn {
    async fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let value = self.read_point(key)?;
        self.buffer.add_read_key(key);
        Ok(value)
    }

    async fn get_snapshot(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.read_point(key)
    }

    async fn get_range(&mut self, range: &RangeOptions) -> Result<Vec<KeyValue>, StorageError> {
        if !check_range_options(range)? {
            return Ok(Vec::new());
        }
        let result = {
            let state = self.lock_for_read()?;
            let bounds = (
                Bound::Included(range.begin.as_slice()),
                Bound::Excluded(range.end.as_slice()),
            );
            let read_version = self.read_version;
            let scan = state.data.range::<[u8], _>(bounds);
            let visible_pairs = |(key, chain): (&Vec<u8>, &Vec<Version>)| {
                visible(chain, read_version).map(|value| Ok((key.clone(), value.to_vec())))
            };
            if range.reverse {
                self.buffer
                    .merge_range(range, scan.rev().filter_map(visible_pairs))?
            } else {
                self.buffer
                    .merge_range(range, scan.filter_map(visible_pairs))?
            }
        };
        self.buffer.add_read_range(range, &result);
        Ok(result)
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        self.buffer.set(key, value)
    }

    fn clear(&mut self, key: &[u8]) -> Result<(), StorageError> {
        self.buffer.clear(key)
    }

    fn clear_range(&mut self, begin: &[u8], end: &[u8]) -> Result<(), StorageError> {
        self.buffer.clear_range(begin, end)
    }

    fn atomic_add(&mut self, key: &[u8], delta: i64) -> Result<(), StorageError> {
        self.buffer.atomic_add(key, delta)
    }

    fn set_versionstamped_key(
        &mut self,
        prefix: &[u8],
        suffix: &[u8],
        value: &[u8],
    ) -> Result<(), StorageError> {
        self.buffer.set_versionstamped_key(prefix, suffix, value)
    }

    async fn commit(self: Box<Self>) -> Result<(), StorageError> {
        // Like FoundationDB, a transaction that wrote nothing has nothing to commit.
        if self.buffer.is_read_only() {
            return Ok(());
        }
        if let Some(delay) = self.commit_delay() {
            tokio::time::sleep(delay).await;
        }
        let mut state = lock(&self.store);
        let now = Instant::now();
        check_age(self.started, now)?;
        self.buffer.check_size()?;
        let fault = state.draw_commit_fault();
        if let CommitFault::Refuse(err) = fault {
            return Err(err);
        }
        state.resolver.trim(now);
        state
            .resolver
            .check(self.read_version, self.buffer.reads())?;
        if let CommitFault::Unknown { applied: false } = fault {
            return Err(StorageError::CommitUnknownResult);
        }
        let version = state.resolver.next_version()?;
        let touched = state.apply(&self.buffer, version);
        let writes = self.buffer.write_set(&versionstamp(version));
        state.resolver.record(version, writes, now);
        state.gc_queue.push_back((version, touched));
        // This transaction no longer needs its snapshot.
        state.readers.remove(&self.id);
        state.collect_garbage(now);
        match fault {
            CommitFault::Unknown { applied: true } => Err(StorageError::CommitUnknownResult),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn old_versions_are_collected() {
        let store = MemStore::new();
        for i in 0..10i64 {
            let mut txn = store.begin().await.unwrap();
            txn.set(b"k", &i.to_le_bytes()).unwrap();
            txn.commit().await.unwrap();
        }
        assert_eq!(store.version_count(), 1);
        let mut reader = store.begin().await.unwrap();
        for i in 10..15i64 {
            let mut txn = store.begin().await.unwrap();
            txn.set(b"k", &i.to_le_bytes()).unwrap();
            txn.commit().await.unwrap();
        }
        assert_eq!(
            reader.get(b"k").await.unwrap(),
            Some(9i64.to_le_bytes().to_vec())
        );
        assert!(store.version_count() > 1);
        drop(reader);
        let mut txn = store.begin().await.unwrap();
        txn.clear(b"k").unwrap();
        txn.commit().await.unwrap();
        assert_eq!(store.version_count(), 0);
    }

    #[test]
    fn store_is_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<MemStore>();
    }
}
