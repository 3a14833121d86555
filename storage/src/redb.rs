//! The embedded durable default: one redb file, every commit fsynced, with the same
//! optimistic concurrency as FoundationDB.
//!
//! One process owns the file, so conflict resolution happens in memory: commits are
//! serialized, each is checked against the write log of recent commits
//! (the private `resolver` module), then applied in one redb write transaction with immediate
//! durability. After each commit the store opens a redb read snapshot of it and
//! publishes it with its version; a transaction takes the published snapshot when it
//! begins (an `Arc` clone), so reads are B-tree lookups on an already open table, and
//! its read version is exactly the commit that snapshot holds.
//!
//! The commit version counter is stored in the file with the data it versions, so
//! versionstamps keep increasing across restarts.

use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use ::redb::{
    Database, Durability, ReadOnlyTable, ReadableDatabase, ReadableTable, TableDefinition,
    WriteTransaction,
};
use async_trait::async_trait;
use tokio::time::Instant;

use crate::buffer::{
    apply_add, check_range_options, check_read_key, versionstamp, Lookup, PendingOp, TxnBuffer,
};
use crate::error::StorageError;
use crate::resolver::{check_age, Resolver};
use crate::store::{KeyValue, RangeOptions, Store, Transaction};

/// User data: key → value.
const DATA: TableDefinition<&[u8], &[u8]> = TableDefinition::new("stampede_data");
/// Store bookkeeping, such as the commit version counter.
const META: TableDefinition<&str, u64> = TableDefinition::new("stampede_meta");
/// Key in [`META`] of the version of the last commit.
const COMMIT_VERSION_KEY: &str = "commit_version";

/// The page cache a node's store keeps by default, in MiB (`--store-cache-mb`).
pub const DEFAULT_CACHE_MIB: u64 = 256;
/// The smallest page cache a node may ask for, in MiB.
pub const MIN_CACHE_MIB: u64 = 16;
/// The largest page cache a node may ask for, in MiB.
pub const MAX_CACHE_MIB: u64 = 65_536;

type DataTable = ReadOnlyTable<&'static [u8], &'static [u8]>;

/// A committed state that transactions read: a redb snapshot with its data table
/// already open, and the commit version it holds.
struct Snapshot {
    version: u64,
    data: DataTable,
}

/// The durable embedded store. Cloning is cheap and shares the open database.
#[derive(Clone)]
pub struct RedbStore {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for RedbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedbStore")
            .field("committed_version", &self.committed_version())
            .finish()
    }
}

struct Inner {
    /// The latest published snapshot. Declared before `db` so it is dropped first.
    snapshot: Mutex<Arc<Snapshot>>,
    /// Held for the whole of a commit: serializes commits and guards the log.
    resolver: Mutex<Resolver>,
    db: Database,
}

fn backend<E: std::fmt::Display>(context: &str) -> impl FnOnce(E) -> StorageError + '_ {
    move |err| StorageError::Backend(format!("redb: {context}: {err}"))
}

/// Locks a mutex whose data stays consistent even if a holder panicked (the resolver
/// is only updated after a commit's outcome is settled; the snapshot is one `Arc`).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn open_snapshot(db: &Database, version: u64) -> Result<Snapshot, StorageError> {
    let read = db.begin_read().map_err(backend("begin read"))?;
    let data = read.open_table(DATA).map_err(backend("open data table"))?;
    Ok(Snapshot { version, data })
}

impl RedbStore {
    /// Opens the store at `path`, creating the file if it does not exist.
    ///
    /// Blocking (file I/O and possibly a repair after a crash): call it at startup or
    /// from `spawn_blocking`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StorageError> {
        Self::open_with_cache(path, (DEFAULT_CACHE_MIB << 20) as usize)
    }

    /// [`RedbStore::open`] with a page cache of `cache_bytes` (redb's own
    /// default, 1 GiB, would make the cache most of a node's memory).
    pub fn open_with_cache(
        path: impl AsRef<Path>,
        cache_bytes: usize,
    ) -> Result<Self, StorageError> {
        let path = path.as_ref();
        let db = ::redb::Builder::new()
            .set_cache_size(cache_bytes)
            .create(path)
            .map_err(|err| {
                StorageError::Backend(format!("redb: open {}: {err}", path.display()))
            })?;
        // Create the tables so read snapshots can always open them, and read the
        // version counter.
        let write = db.begin_write().map_err(backend("begin write"))?;
        let version = {
            write
                .open_table(DATA)
                .map_err(backend("create data table"))?;
            let meta = write
                .open_table(META)
                .map_err(backend("create meta table"))?;
            let stored = meta
                .get(COMMIT_VERSION_KEY)
                .map_err(backend("read commit version"))?;
            stored.map(|v| v.value()).unwrap_or(0)
        };
        write.commit().map_err(backend("initialize tables"))?;
        let snapshot = open_snapshot(&db, version)?;
        Ok(Self {
            inner: Arc::new(Inner {
                snapshot: Mutex::new(Arc::new(snapshot)),
                resolver: Mutex::new(Resolver::new(version)),
                db,
            }),
        })
    }

    /// The version of the last commit (0 for a new file).
    pub fn committed_version(&self) -> u64 {
        lock(&self.inner.snapshot).version
    }
}

#[async_trait]
impl Store for RedbStore {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
        Ok(Box::new(RedbTxn {
            store: Arc::clone(&self.inner),
            snapshot: Arc::clone(&lock(&self.inner.snapshot)),
            started: Instant::now(),
            buffer: TxnBuffer::default(),
        }))
    }

    fn backend_name(&self) -> &'static str {
        "redb"
    }
}

struct RedbTxn {
    store: Arc<Inner>,
    /// The snapshot this transaction reads; its version is the read version.
    snapshot: Arc<Snapshot>,
    started: Instant,
    buffer: TxnBuffer,
}

impl RedbTxn {
    fn read_stored(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        let guard = self.snapshot.data.get(key).map_err(backend("point read"))?;
        Ok(guard.map(|g| g.value().to_vec()))
    }

    fn read_point(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        check_read_key(key)?;
        check_age(self.started, Instant::now())?;
        match self.buffer.lookup(key) {
            Lookup::Value(value) => Ok(value),
            Lookup::Store => self.read_stored(key),
            Lookup::AddToStore(delta) => {
                let base = self.read_stored(key)?;
                Ok(Some(apply_add(base.as_deref(), delta)))
            }
        }
    }

    /// The blocking part of a commit: resolve, apply durably, publish.
    fn commit_blocking(self) -> Result<(), StorageError> {
        let inner = Arc::clone(&self.store);
        let mut resolver = lock(&inner.resolver);
        let now = Instant::now();
        check_age(self.started, now)?;
        self.buffer.check_size()?;
        resolver.trim(now);
        resolver.check(self.snapshot.version, self.buffer.reads())?;
        let version = resolver.next_version()?;
        let stamp = versionstamp(version);

        let write = inner.db.begin_write().map_err(backend("begin write"))?;
        // An error here aborts the redb transaction (dropped): nothing was applied.
        let write = apply(write, &self.buffer, version)?;
        let writes = self.buffer.write_set(&stamp);
        if let Err(err) = write.commit() {
            // The commit may have reached the disk: record it as if it had, so
            // conflicts stay detected, and tell the caller the outcome is unknown.
            tracing::error!(error = %err, version, "redb commit failed; outcome unknown");
            resolver.record(version, writes, Instant::now());
            return Err(StorageError::CommitUnknownResult);
        }
        match open_snapshot(&inner.db, version) {
            Ok(snapshot) => *lock(&inner.snapshot) = Arc::new(snapshot),
            // The commit is durable; new transactions read the previous snapshot with
            // its older version, and the log makes them conflict with this commit.
            Err(err) => tracing::error!(error = %err, version, "redb: cannot open read snapshot"),
        }
        // Time the entry after publication, so every transaction that could have missed
        // this commit began before it (see resolver on trimming).
        resolver.record(version, writes, Instant::now());
        Ok(())
    }
}

/// Writes a transaction's buffered mutations into `write` as commit `version`.
fn apply(
    mut write: WriteTransaction,
    buffer: &TxnBuffer,
    version: u64,
) -> Result<WriteTransaction, StorageError> {
    write
        .set_durability(Durability::Immediate)
        .map_err(backend("set durability"))?;
    {
        let mut data = write.open_table(DATA).map_err(backend("open data table"))?;
        for (begin, end) in buffer.cleared().iter() {
            data.retain_in::<&[u8], _>(begin..end, |_, _| false)
                .map_err(backend("clear range"))?;
        }
        for (key, op) in buffer.ops() {
            match op {
                PendingOp::Set(value) => {
                    data.insert(key, value.as_slice())
                        .map_err(backend("insert"))?;
                }
                PendingOp::Clear => {
                    data.remove(key).map_err(backend("remove"))?;
                }
                PendingOp::Add(delta) => {
                    let base = data
                        .get(key)
                        .map_err(backend("read for atomic add"))?
                        .map(|g| g.value().to_vec());
                    let sum = apply_add(base.as_deref(), *delta);
                    data.insert(key, sum.as_slice())
                        .map_err(backend("atomic add"))?;
                }
            }
        }
        let stamp = versionstamp(version);
        for stamped in buffer.stamped() {
            let key = stamped.key(&stamp);
            data.insert(key.as_slice(), stamped.value.as_slice())
                .map_err(backend("insert versionstamped"))?;
        }
        let mut meta = write.open_table(META).map_err(backend("open meta table"))?;
        meta.insert(COMMIT_VERSION_KEY, version)
            .map_err(backend("write commit version"))?;
    }
    Ok(write)
}

#[async_trait]
impl Transaction for RedbTxn {
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
        check_age(self.started, Instant::now())?;
        let bounds: (Bound<&[u8]>, Bound<&[u8]>) = (
            Bound::Included(range.begin.as_slice()),
            Bound::Excluded(range.end.as_slice()),
        );
        let scan = self
            .snapshot
            .data
            .range::<&[u8]>(bounds)
            .map_err(backend("range read"))?;
        let owned = |item: Result<_, ::redb::StorageError>| {
            item.map(
                |(k, v): (::redb::AccessGuard<&[u8]>, ::redb::AccessGuard<&[u8]>)| {
                    (k.value().to_vec(), v.value().to_vec())
                },
            )
            .map_err(backend("range read"))
        };
        let result = if range.reverse {
            self.buffer.merge_range(range, scan.rev().map(owned))?
        } else {
            self.buffer.merge_range(range, scan.map(owned))?
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
        check_age(self.started, Instant::now())?;
        let txn = *self;
        tokio::task::spawn_blocking(move || txn.commit_blocking())
            .await
            .map_err(|err| {
                // The task panicked or was cancelled at shutdown: it may have committed.
                tracing::error!(error = %err, "redb commit task failed");
                StorageError::CommitUnknownResult
            })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_is_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<RedbStore>();
    }
}
