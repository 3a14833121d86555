//! Storage errors. Where FoundationDB has a code for the condition, the variant
//! carries the same meaning and [`StorageError::fdb_code`] returns it.

/// Errors from a store or transaction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// 1020: a key this transaction read was written by a later commit.
    #[error("transaction not committed due to conflict with another transaction (1020)")]
    NotCommitted,
    /// 1021: the commit may or may not have been applied.
    #[error("transaction may or may not have committed (1021)")]
    CommitUnknownResult,
    /// 1007: the transaction is older than the store's version window.
    #[error("transaction is too old to perform reads or be committed (1007)")]
    TransactionTooOld,
    /// 1031: the transaction ran past its time limit.
    #[error("operation aborted because the transaction timed out (1031)")]
    TransactionTimedOut,
    /// 2102: key larger than `limits::MAX_KEY_BYTES`.
    #[error("key too large: {len_bytes} bytes, limit {limit_bytes} (2102)")]
    KeyTooLarge {
        len_bytes: usize,
        limit_bytes: usize,
    },
    /// 2103: value larger than `limits::MAX_VALUE_BYTES`.
    #[error("value too large: {len_bytes} bytes, limit {limit_bytes} (2103)")]
    ValueTooLarge {
        len_bytes: usize,
        limit_bytes: usize,
    },
    /// 2101: transaction larger than `limits::MAX_TRANSACTION_BYTES`.
    #[error("transaction too large: {len_bytes} bytes, limit {limit_bytes} (2101)")]
    TransactionTooLarge {
        len_bytes: usize,
        limit_bytes: usize,
    },
    /// Invalid call (empty or inverted range, zero limit).
    #[error("invalid operation: {0}")]
    InvalidOperation(String),
    /// Stored bytes that do not decode: corruption or a version skew.
    #[error("corrupt data at {key}: {detail}")]
    Corrupt { key: String, detail: String },
    /// Any other backend failure (I/O, cluster unreachable).
    #[error("storage backend error: {0}")]
    Backend(String),
}

impl StorageError {
    /// Whether [`crate::run`] should retry the transaction.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::NotCommitted | Self::CommitUnknownResult | Self::TransactionTooOld
        )
    }

    /// Whether a client asking again later may succeed: a conflict, an unknown
    /// result, or a store that could not be reached in time (1031). The
    /// service answers these `503 unavailable` (retry), never `500`; only
    /// [`StorageError::is_retryable`] ones are retried inside [`crate::run`].
    pub fn is_transient(&self) -> bool {
        self.is_retryable() || matches!(self, Self::TransactionTimedOut)
    }

    /// The FoundationDB error code for this condition, where one exists.
    pub fn fdb_code(&self) -> Option<i32> {
        match self {
            Self::NotCommitted => Some(1020),
            Self::CommitUnknownResult => Some(1021),
            Self::TransactionTooOld => Some(1007),
            Self::TransactionTimedOut => Some(1031),
            Self::KeyTooLarge { .. } => Some(2102),
            Self::ValueTooLarge { .. } => Some(2103),
            Self::TransactionTooLarge { .. } => Some(2101),
            _ => None,
        }
    }
}
