//! The `Store` / `Transaction` traits and the retry loop.
//!
//! The model is FoundationDB's: a transaction reads at one snapshot, buffers its
//! writes, and commits only if nothing it read (a real, non-snapshot read) was
//! written by another transaction that committed after its read version. Conflicting
//! commits fail with [`StorageError::NotCommitted`] (1020) and are retried by
//! [`run`]. A commit may also end with [`StorageError::CommitUnknownResult`] (1021):
//! it may or may not have applied, so every transaction body must first check for its
//! own unique side effect (see DESIGN §5).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::error::StorageError;

/// A key and its value, as returned by range reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// Bounds of a range read: `[begin, end)`, at most `limit` pairs, optionally reversed.
#[derive(Debug, Clone)]
pub struct RangeOptions {
    pub begin: Vec<u8>,
    pub end: Vec<u8>,
    /// Maximum pairs returned; must be ≥ 1 (reads are always bounded).
    pub limit: usize,
    pub reverse: bool,
}

/// One transaction. Reads see a consistent snapshot taken at the first read;
/// writes are buffered and become visible to this transaction's own later reads
/// (read-your-writes) and to others only after [`Transaction::commit`].
#[async_trait]
pub trait Transaction: Send {
    /// Reads a key and adds it to the read-conflict set.
    async fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError>;

    /// Reads a key without adding a read conflict (FoundationDB snapshot read).
    async fn get_snapshot(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError>;

    /// Reads a range and adds `[begin, end)` (narrowed to what was read when
    /// `limit` cut it short) to the read-conflict set.
    async fn get_range(&mut self, range: &RangeOptions) -> Result<Vec<KeyValue>, StorageError>;

    /// Writes a key. Fails with a limit error when key or value is too large or the
    /// transaction grows past its size limit.
    fn set(&mut self, key: &[u8], value: &[u8]) -> Result<(), StorageError>;

    /// Deletes a key.
    fn clear(&mut self, key: &[u8]) -> Result<(), StorageError>;

    /// Deletes every key in `[begin, end)`.
    fn clear_range(&mut self, begin: &[u8], end: &[u8]) -> Result<(), StorageError>;

    /// Adds `delta` to the little-endian i64 stored at `key` (absent = 0) without a
    /// read conflict; many transactions can add to one key concurrently.
    fn atomic_add(&mut self, key: &[u8], delta: i64) -> Result<(), StorageError>;

    /// Writes `value` at `prefix ++ versionstamp(10 bytes) ++ suffix`, where the
    /// versionstamp is assigned at commit and increases with every commit, so keys
    /// written this way form an ordered log. Within one transaction, callers keep
    /// keys distinct through `suffix`.
    fn set_versionstamped_key(
        &mut self,
        prefix: &[u8],
        suffix: &[u8],
        value: &[u8],
    ) -> Result<(), StorageError>;

    /// Commits. On success the writes are durable (for durable backends).
    async fn commit(self: Box<Self>) -> Result<(), StorageError>;
}

/// A database. Cheap to share behind an `Arc`.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Starts a transaction.
    async fn begin(&self) -> Result<Box<dyn Transaction>, StorageError>;

    /// A short name for logs and metrics (`mem`, `redb`, `fdb`).
    fn backend_name(&self) -> &'static str;
}

/// Shared handle to a store.
pub type SharedStore = Arc<dyn Store>;

/// How [`run`] retries.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubles each time up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(100),
        }
    }
}

/// A transaction body: called once per attempt with a fresh transaction.
pub type TxnFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StorageError>> + Send + 'a>>;

/// Runs `body` in a transaction and commits it, retrying retryable errors
/// (1020, 1021, 1007) with exponential backoff, at most `policy.max_attempts` times.
///
/// `body` must be idempotent across attempts: after a 1021 the previous attempt may
/// have committed, so the body checks for its own unique side effect first.
pub async fn run<T, F>(
    store: &dyn Store,
    policy: RetryPolicy,
    mut body: F,
) -> Result<T, StorageError>
where
    T: Send,
    F: for<'a> FnMut(&'a mut dyn Transaction) -> TxnFuture<'a, T> + Send,
{
    let mut backoff = policy.initial_backoff;
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let result = attempt_once(store, &mut body).await;
        match result {
            Ok(value) => return Ok(value),
            Err(err) if err.is_retryable() && attempt < policy.max_attempts => {
                tracing::debug!(attempt, error = %err, "retrying transaction");
                tokio::time::sleep(backoff).await;
                backoff = backoff.saturating_mul(2).min(policy.max_backoff);
            }
            Err(err) => return Err(err),
        }
    }
}

async fn attempt_once<T, F>(store: &dyn Store, body: &mut F) -> Result<T, StorageError>
where
    F: for<'a> FnMut(&'a mut dyn Transaction) -> TxnFuture<'a, T>,
{
    let mut txn = store.begin().await?;
    let value = body(txn.as_mut()).await?;
    txn.commit().await?;
    Ok(value)
}
