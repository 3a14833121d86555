//! The conflict resolver of the embedded backends: what FoundationDB's resolvers do,
//! for one process. It keeps the commit version counter and, for every recent commit,
//! what it wrote; a transaction may commit only if no commit after its read version
//! wrote anything it read (a real, non-snapshot read).
//!
//! The log covers the transaction age window ([`MAX_TRANSACTION_AGE_MS`]): a
//! transaction still young enough to commit began after every entry that was dropped.
//! Below the log's horizon nothing can be checked, so such a transaction is refused
//! with [`StorageError::TransactionTooOld`] (retryable), never let through.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use crate::buffer::{ReadSet, WriteSet};
use crate::error::StorageError;
use crate::limits::MAX_TRANSACTION_AGE_MS;

/// How long a transaction may live, and so how long commits are remembered.
pub const TRANSACTION_WINDOW: Duration = Duration::from_millis(MAX_TRANSACTION_AGE_MS);

/// Upper bound on the memory the log holds in written keys, in bytes. Past it the
/// oldest entries go early and transactions that began before them get 1007.
const MAX_LOG_BYTES: usize = 256 * 1024 * 1024;

/// Whether a transaction that began at `started` is past its age limit at `now`.
pub fn is_too_old(started: Instant, now: Instant) -> bool {
    now.saturating_duration_since(started) > TRANSACTION_WINDOW
}

/// Fails with 1007 when a transaction that began at `started` is too old.
pub fn check_age(started: Instant, now: Instant) -> Result<(), StorageError> {
    if is_too_old(started, now) {
        Err(StorageError::TransactionTooOld)
    } else {
        Ok(())
    }
}

#[derive(Debug)]
struct LogEntry {
    version: u64,
    /// When the commit became visible to new transactions.
    at: Instant,
    writes: WriteSet,
}

/// Commit version counter and recent write log.
#[derive(Debug)]
pub struct Resolver {
    committed: u64,
    /// Every commit with a version above this is in `log`.
    horizon: u64,
    /// Ascending by version.
    log: VecDeque<LogEntry>,
    log_bytes: usize,
}

impl Resolver {
    /// A resolver whose last commit was `committed`; nothing before it is known.
    pub fn new(committed: u64) -> Self {
        Self {
            committed,
            horizon: committed,
            log: VecDeque::new(),
            log_bytes: 0,
        }
    }

    /// The version of the last commit.
    pub fn committed(&self) -> u64 {
        self.committed
    }

    /// The version the next commit will get.
    pub fn next_version(&self) -> Result<u64, StorageError> {
        self.committed
            .checked_add(1)
            .ok_or_else(|| StorageError::Backend("commit version counter exhausted".to_string()))
    }

    /// Checks reads made at `read_version` against every later commit.
    pub fn check(&self, read_version: u64, reads: &ReadSet) -> Result<(), StorageError> {
        if reads.is_empty() {
            return Ok(());
        }
        if read_version < self.horizon {
            return Err(StorageError::TransactionTooOld);
        }
        let conflict = self
            .log
            .iter()
            .rev()
            .take_while(|entry| entry.version > read_version)
            .any(|entry| reads.conflicts_with(&entry.writes));
        if conflict {
            Err(StorageError::NotCommitted)
        } else {
            Ok(())
        }
    }

    /// Records a commit (or one whose outcome is unknown: recording it is the safe
    /// side, since later readers then conflict with it either way).
    pub fn record(&mut self, version: u64, writes: WriteSet, at: Instant) {
        debug_assert!(version > self.committed, "commit versions must increase");
        self.committed = version;
        self.log_bytes += writes.bytes();
        self.log.push_back(LogEntry {
            version,
            at,
            writes,
        });
    }

    /// Forgets commits older than the transaction window (or past the memory bound).
    pub fn trim(&mut self, now: Instant) {
        while let Some(front) = self.log.front() {
            let expired = now.saturating_duration_since(front.at) > TRANSACTION_WINDOW;
            if !expired && self.log_bytes <= MAX_LOG_BYTES {
                break;
            }
            self.horizon = front.version;
            self.log_bytes -= front.writes.bytes();
            self.log.pop_front();
        }
        debug_assert!(self.horizon <= self.committed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buffer::{RangeSet, TxnBuffer};

    fn writes(key: &[u8]) -> WriteSet {
        WriteSet::new(vec![key.to_vec()], RangeSet::default())
    }

    #[tokio::test(start_paused = true)]
    async fn conflicts_only_with_later_commits() {
        let mut resolver = Resolver::new(0);
        let mut buf = TxnBuffer::default();
        buf.add_read_key(b"k");
        resolver.record(1, writes(b"k"), Instant::now());
        assert!(resolver.check(1, buf.reads()).is_ok());
        assert_eq!(
            resolver.check(0, buf.reads()),
            Err(StorageError::NotCommitted)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn trimmed_history_means_too_old() {
        let mut resolver = Resolver::new(0);
        let mut buf = TxnBuffer::default();
        buf.add_read_key(b"other");
        resolver.record(1, writes(b"k"), Instant::now());
        tokio::time::advance(TRANSACTION_WINDOW + Duration::from_millis(1)).await;
        resolver.trim(Instant::now());
        assert_eq!(
            resolver.check(0, buf.reads()),
            Err(StorageError::TransactionTooOld)
        );
        assert!(resolver.check(1, buf.reads()).is_ok());
    }
}
