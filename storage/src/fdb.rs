//! The production backend: FoundationDB, through the `foundationdb` crate (API 7.3).
//!
//! * [`network`] — [`FdbNetwork`], the client's once-per-process network thread.
//! * `error` (private) — FoundationDB error codes as [`StorageError`]s.
//! * this module — [`FdbStore`] and its transaction, a thin mapping of the
//!   [`Store`] / [`Transaction`] traits onto FoundationDB's own transactions.
//!
//! The traits were shaped after FoundationDB, so most calls map one to one: reads,
//! snapshot reads, range reads (with FoundationDB's read-your-writes and its
//! conflict ranges, narrowed when a limit cuts a read short), sets, clears, atomic
//! `ADD` on little-endian i64, and `SET_VERSIONSTAMPED_KEY`, whose keys have exactly
//! the layout the embedded backends produce: `prefix ++ 10-byte stamp ++ suffix`,
//! the stamp being the 8-byte big-endian commit version and the 2-byte batch order.
//!
//! What this module adds:
//! * **Argument checks before the call.** Key, value and system-keyspace checks are
//!   the embedded backends' own, so a bad write fails where it is issued with the
//!   same error, instead of poisoning the transaction until commit. Mutation bytes
//!   are counted the same way and refused past 10 MB; FoundationDB also counts
//!   conflict ranges and may refuse a little earlier, at commit (2101).
//! * **A timeout on every transaction** ([`TRANSACTION_TIMEOUT_MS`]), so an
//!   unreachable cluster fails requests instead of hanging them.
//! * **No retry loop of its own.** Retries belong to [`crate::run`], which bounds
//!   them with `RetryPolicy::max_attempts` and re-runs the body on a fresh
//!   transaction; that is the retry limit. FoundationDB's `RETRY_LIMIT` option only
//!   counts `on_error` calls on one transaction, which this backend never makes, and
//!   the crate's `Database::run` is not used: its `MaybeCommitted` flag is reset on
//!   each attempt, so it cannot stand in for a body that checks its own side effect
//!   (DESIGN §5). A maybe-committed outcome becomes
//!   [`StorageError::CommitUnknownResult`] and nothing more.

mod error;
pub mod network;

use std::path::Path;

use async_trait::async_trait;
use foundationdb::options::{MutationType, StreamingMode, TransactionOption};
use foundationdb::{Database, RangeOption};
use futures::TryStreamExt;

use crate::buffer::{
    check_range_bounds, check_range_options, check_read_key, check_write_key, VERSIONSTAMP_BYTES,
};
use crate::error::StorageError;
use crate::limits::{
    MAX_KEY_BYTES, MAX_TRANSACTION_AGE_MS, MAX_TRANSACTION_BYTES, MAX_VALUE_BYTES,
};
use crate::store::{KeyValue, RangeOptions, Store, Transaction};

use self::error::{from_fdb, Phase};
pub use self::network::FdbNetwork;

/// Time a transaction may take from its creation to the end of its commit, after
/// which FoundationDB cancels it (1031). A second more than the 5 s read window: a
/// transaction that is merely old fails first with the retryable 1007, so the timeout
/// only ends transactions that wait on a cluster that does not answer.
pub const TRANSACTION_TIMEOUT_MS: u64 = MAX_TRANSACTION_AGE_MS + 1_000;
const _: () = assert!(
    TRANSACTION_TIMEOUT_MS > MAX_TRANSACTION_AGE_MS && TRANSACTION_TIMEOUT_MS <= i32::MAX as u64,
    "the timeout outlasts the read window and fits FoundationDB's i32 option"
);

/// Bytes of the little-endian i64 operand of an atomic add.
const ATOMIC_ADD_OPERAND_BYTES: usize = 8;

/// Bytes of the little-endian position FoundationDB reads from the end of a
/// `SET_VERSIONSTAMPED_KEY` key (API 520 and later).
const VERSIONSTAMP_OFFSET_BYTES: usize = 4;

/// Pairs a range read reserves room for up front, however large its limit.
const RANGE_PREALLOCATE_MAX: usize = 1_024;

/// A FoundationDB database. Cheap to share behind an `Arc`; every transaction is a
/// FoundationDB transaction with [`TRANSACTION_TIMEOUT_MS`] set.
pub struct FdbStore {
    db: Database,
}

impl std::fmt::Debug for FdbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FdbStore").finish_non_exhaustive()
    }
}

impl FdbStore {
    /// Opens the database described by `cluster_file`, or FoundationDB's default
    /// (`$FDB_CLUSTER_FILE`, then `/etc/foundationdb/fdb.cluster`) when `None`.
    ///
    /// Needs a running [`FdbNetwork`]. Does not wait for the cluster: an unreachable
    /// cluster shows as transactions timing out.
    pub fn open(cluster_file: Option<&Path>) -> Result<Self, StorageError> {
        if !FdbNetwork::is_running() {
            return Err(StorageError::Backend(
                "FoundationDB network is not running: boot an FdbNetwork first".to_string(),
            ));
        }
        let path = match cluster_file {
            Some(path) => Some(cluster_file_str(path)?),
            None => None,
        };
        let db = Database::new(path).map_err(|err| {
            StorageError::Backend(format!(
                "cannot open FoundationDB database ({}): {err} ({})",
                path.unwrap_or("default cluster file"),
                err.code()
            ))
        })?;
        Ok(Self { db })
    }
}

/// The cluster file path as the C API takes it: UTF-8 without NUL bytes.
fn cluster_file_str(path: &Path) -> Result<&str, StorageError> {
    match path.to_str() {
        Some(text) if !text.contains('\0') => Ok(text),
        _ => Err(StorageError::Backend(format!(
            "FoundationDB cluster file path must be UTF-8 without NUL bytes: {}",
            path.display()
        ))),
    }
}

#[async_trait]
impl Store for FdbStore {
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError> {
        let tr = self
            .db
            .create_trx()
            .map_err(|err| from_fdb(err, Phase::Read, 0))?;
        let timeout_ms = i32::try_from(TRANSACTION_TIMEOUT_MS).unwrap_or(i32::MAX);
        tr.set_option(TransactionOption::Timeout(timeout_ms))
            .map_err(|err| from_fdb(err, Phase::Read, 0))?;
        Ok(Box::new(FdbTxn {
            tr,
            mutation_bytes: 0,
        }))
    }

    fn backend_name(&self) -> &'static str {
        "fdb"
    }
}

struct FdbTxn {
    tr: foundationdb::Transaction,
    /// Bytes of every mutation issued, counted as the embedded backends count them.
    mutation_bytes: usize,
}

impl FdbTxn {
    fn reserve(&mut self, bytes: usize) -> Result<(), StorageError> {
        let len_bytes = self.mutation_bytes + bytes;
        if len_bytes > MAX_TRANSACTION_BYTES {
            return Err(StorageError::TransactionTooLarge {
                len_bytes,
                limit_bytes: MAX_TRANSACTION_BYTES,
            });
        }
        self.mutation_bytes = len_bytes;
        Ok(())
    }

    async fn read(&self, key: &[u8], snapshot: bool) -> Result<Option<Vec<u8>>, StorageError> {
        check_read_key(key)?;
        let value = self
            .tr
            .get(key, snapshot)
            .await
            .map_err(|err| from_fdb(err, Phase::Read, self.mutation_bytes))?;
        Ok(value.map(|slice| slice.to_vec()))
    }
}

fn check_value(value: &[u8]) -> Result<(), StorageError> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(StorageError::ValueTooLarge {
            len_bytes: value.len(),
            limit_bytes: MAX_VALUE_BYTES,
        });
    }
    Ok(())
}

/// The key operand of `SET_VERSIONSTAMPED_KEY`: `prefix`, ten placeholder bytes the
/// commit replaces with its versionstamp, `suffix`, then the placeholder's position
/// as a little-endian u32, which FoundationDB strips.
fn versionstamped_key_operand(prefix: &[u8], suffix: &[u8]) -> Result<Vec<u8>, StorageError> {
    let position = u32::try_from(prefix.len()).map_err(|_| StorageError::KeyTooLarge {
        len_bytes: prefix.len(),
        limit_bytes: MAX_KEY_BYTES,
    })?;
    let mut operand = Vec::with_capacity(
        prefix.len() + VERSIONSTAMP_BYTES + suffix.len() + VERSIONSTAMP_OFFSET_BYTES,
    );
    operand.extend_from_slice(prefix);
    operand.extend_from_slice(&[0u8; VERSIONSTAMP_BYTES]);
    operand.extend_from_slice(suffix);
    operand.extend_from_slice(&position.to_le_bytes());
    debug_assert_eq!(
        operand.len(),
        prefix.len() + VERSIONSTAMP_BYTES + suffix.len() + VERSIONSTAMP_OFFSET_BYTES
    );
    Ok(operand)
}

#[async_trait]
impl Transaction for FdbTxn {
    async fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.read(key, false).await
    }

    async fn get_snapshot(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.read(key, true).await
    }

    async fn get_range(&mut self, range: &RangeOptions) -> Result<Vec<KeyValue>, StorageError> {
        if !check_range_options(range)? {
            return Ok(Vec::new());
        }
        let option = RangeOption {
            limit: Some(range.limit),
            reverse: range.reverse,
            mode: StreamingMode::WantAll,
            ..RangeOption::from((range.begin.as_slice(), range.end.as_slice()))
        };
        let mut out = Vec::with_capacity(range.limit.min(RANGE_PREALLOCATE_MAX));
        // Pages until the limit or the end of the range; FoundationDB adds each
        // page's conflict range, so a limited read conflicts only on what it returned.
        let mut pages = self.tr.get_ranges(option, false);
        while let Some(page) = pages
            .try_next()
            .await
            .map_err(|err| from_fdb(err, Phase::Read, self.mutation_bytes))?
        {
            out.extend(page.iter().map(|kv| KeyValue {
                key: kv.key().to_vec(),
                value: kv.value().to_vec(),
            }));
        }
        debug_assert!(out.len() <= range.limit);
        Ok(out)
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        check_write_key(key)?;
        check_value(value)?;
        self.reserve(key.len() + value.len())?;
        self.tr.set(key, value);
        Ok(())
    }

    fn clear(&mut self, key: &[u8]) -> Result<(), StorageError> {
        check_write_key(key)?;
        self.reserve(key.len())?;
        self.tr.clear(key);
        Ok(())
    }

    fn clear_range(&mut self, begin: &[u8], end: &[u8]) -> Result<(), StorageError> {
        if !check_range_bounds(begin, end)? {
            return Ok(());
        }
        self.reserve(begin.len() + end.len())?;
        self.tr.clear_range(begin, end);
        Ok(())
    }

    fn atomic_add(&mut self, key: &[u8], delta: i64) -> Result<(), StorageError> {
        check_write_key(key)?;
        self.reserve(key.len() + ATOMIC_ADD_OPERAND_BYTES)?;
        self.tr
            .atomic_op(key, &delta.to_le_bytes(), MutationType::Add);
        Ok(())
    }

    fn set_versionstamped_key(
        &mut self,
        prefix: &[u8],
        suffix: &[u8],
        value: &[u8],
    ) -> Result<(), StorageError> {
        let key_len = prefix.len() + VERSIONSTAMP_BYTES + suffix.len();
        if key_len > MAX_KEY_BYTES {
            return Err(StorageError::KeyTooLarge {
                len_bytes: key_len,
                limit_bytes: MAX_KEY_BYTES,
            });
        }
        // As in the embedded backends: the stamp's first byte is the top byte of the
        // commit version, never 0xFF, so only the prefix can reach the system keyspace.
        if !prefix.is_empty() {
            check_write_key(prefix)?;
        }
        check_value(value)?;
        self.reserve(key_len + value.len())?;
        let operand = versionstamped_key_operand(prefix, suffix)?;
        self.tr
            .atomic_op(&operand, value, MutationType::SetVersionstampedKey);
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<(), StorageError> {
        let size_bytes = self.mutation_bytes;
        match self.tr.commit().await {
            Ok(_) => Ok(()),
            Err(err) => Err(from_fdb(*err, Phase::Commit, size_bytes)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versionstamp_operand_layout() {
        let operand = versionstamped_key_operand(b"pre", b"suf").unwrap();
        assert_eq!(&operand[..3], b"pre");
        assert_eq!(&operand[3..13], &[0u8; VERSIONSTAMP_BYTES]);
        assert_eq!(&operand[13..16], b"suf");
        assert_eq!(&operand[16..], &3u32.to_le_bytes());
        let bare = versionstamped_key_operand(b"", b"").unwrap();
        assert_eq!(&bare[VERSIONSTAMP_BYTES..], &0u32.to_le_bytes());
    }

    #[test]
    fn cluster_file_paths_must_be_c_strings() {
        assert_eq!(
            cluster_file_str(Path::new("fdb.cluster")).ok(),
            Some("fdb.cluster")
        );
        assert!(cluster_file_str(Path::new("fdb\0.cluster")).is_err());
    }
}
