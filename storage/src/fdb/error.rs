//! FoundationDB errors as [`StorageError`]s, so that [`crate::run`] retries exactly
//! what FoundationDB's own retry loop would, and treats "maybe committed" the way
//! DESIGN §5 requires (a retry whose body first checks its own side effect).
//!
//! | FoundationDB | during | `StorageError` |
//! |---|---|---|
//! | 1020 `not_committed` | any | `NotCommitted` (retried) |
//! | 1021 `commit_unknown_result`, other "maybe committed" codes | any | `CommitUnknownResult` (retried) |
//! | 1007 `transaction_too_old` | any | `TransactionTooOld` (retried) |
//! | 1031 `transaction_timed_out` | read | `TransactionTimedOut` (not retried) |
//! | 1031 `transaction_timed_out` | commit | `CommitUnknownResult`: the commit may still land |
//! | 2101 `transaction_too_large` | any | `TransactionTooLarge` |
//! | other "retryable, not committed" codes (1009, 1037, 1213…) | any | `NotCommitted` (retried) |
//! | anything else | any | `Backend`, with code and message |
//!
//! The "other" rows use FoundationDB's own error predicates, so the list follows the
//! installed client. A retried error that is not a conflict is logged with its code.

use foundationdb::FdbError;

use crate::error::StorageError;
use crate::limits::MAX_TRANSACTION_BYTES;

/// `transaction_too_old`: the read version is more than 5 s behind.
const TRANSACTION_TOO_OLD: i32 = 1007;
/// `not_committed`: a conflict with a transaction committed after the read version.
const NOT_COMMITTED: i32 = 1020;
/// `commit_unknown_result`: the commit may or may not have been applied.
const COMMIT_UNKNOWN_RESULT: i32 = 1021;
/// `transaction_timed_out`: the transaction's timeout option fired.
const TRANSACTION_TIMED_OUT: i32 = 1031;
/// `transaction_too_large`: mutations plus conflict ranges over 10 MB.
const TRANSACTION_TOO_LARGE: i32 = 2101;

/// What the failed call was doing, which decides what a timeout means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// A read, or starting the transaction: nothing was sent to be applied.
    Read,
    /// The commit: a timeout may have fired after the cluster received it.
    Commit,
}

/// What FoundationDB's error predicates say about a code, asked once per error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Predicates {
    pub maybe_committed: bool,
    pub retryable_not_committed: bool,
}

/// Maps an error of the FoundationDB client. `size_bytes` is this transaction's own
/// count of its mutation bytes, reported with 2101.
pub(super) fn from_fdb(err: FdbError, phase: Phase, size_bytes: usize) -> StorageError {
    let predicates = Predicates {
        maybe_committed: err.is_maybe_committed(),
        retryable_not_committed: err.is_retryable_not_committed(),
    };
    let mapped = classify(err.code(), predicates, phase, size_bytes).unwrap_or_else(|| {
        StorageError::Backend(format!("FoundationDB error {}: {err}", err.code()))
    });
    if mapped.is_retryable() && !matches!(err.code(), NOT_COMMITTED) {
        tracing::debug!(code = err.code(), error = %err, "FoundationDB error, retryable");
    }
    mapped
}

/// The [`StorageError`] for a FoundationDB error code, or `None` for an error the
/// caller cannot act on (a backend failure, reported with its code).
pub(super) fn classify(
    code: i32,
    predicates: Predicates,
    phase: Phase,
    size_bytes: usize,
) -> Option<StorageError> {
    let mapped = match code {
        NOT_COMMITTED => StorageError::NotCommitted,
        COMMIT_UNKNOWN_RESULT => StorageError::CommitUnknownResult,
        TRANSACTION_TOO_OLD => StorageError::TransactionTooOld,
        TRANSACTION_TIMED_OUT if phase == Phase::Commit => StorageError::CommitUnknownResult,
        TRANSACTION_TIMED_OUT => StorageError::TransactionTimedOut,
        TRANSACTION_TOO_LARGE => StorageError::TransactionTooLarge {
            len_bytes: size_bytes.max(MAX_TRANSACTION_BYTES + 1),
            limit_bytes: MAX_TRANSACTION_BYTES,
        },
        _ if predicates.maybe_committed => StorageError::CommitUnknownResult,
        _ if predicates.retryable_not_committed => StorageError::NotCommitted,
        _ => return None,
    };
    Some(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Predicates = Predicates {
        maybe_committed: false,
        retryable_not_committed: false,
    };

    #[test]
    fn codes_keep_their_meaning() {
        let at = |code, phase| classify(code, NONE, phase, 0);
        assert_eq!(at(1020, Phase::Commit), Some(StorageError::NotCommitted));
        assert_eq!(
            at(1021, Phase::Commit),
            Some(StorageError::CommitUnknownResult)
        );
        assert_eq!(at(1007, Phase::Read), Some(StorageError::TransactionTooOld));
        assert_eq!(
            at(1031, Phase::Read),
            Some(StorageError::TransactionTimedOut)
        );
        assert_eq!(
            at(1031, Phase::Commit),
            Some(StorageError::CommitUnknownResult)
        );
        for code in [1020, 1021, 1007] {
            assert_eq!(at(code, Phase::Read).and_then(|e| e.fdb_code()), Some(code));
        }
        assert_eq!(
            at(2000, Phase::Read),
            None,
            "client_invalid_operation is no retry"
        );
    }

    #[test]
    fn too_large_reports_the_limit() {
        let err = classify(2101, NONE, Phase::Commit, 9_000_000);
        assert!(matches!(
            err,
            Some(StorageError::TransactionTooLarge { len_bytes, limit_bytes })
                if limit_bytes == MAX_TRANSACTION_BYTES && len_bytes > MAX_TRANSACTION_BYTES
        ));
    }

    #[test]
    fn predicates_decide_the_rest() {
        let maybe = Predicates {
            maybe_committed: true,
            retryable_not_committed: false,
        };
        let retry = Predicates {
            maybe_committed: false,
            retryable_not_committed: true,
        };
        // 1039 cluster_version_changed, 1009 future_version.
        assert_eq!(
            classify(1039, maybe, Phase::Commit, 0),
            Some(StorageError::CommitUnknownResult)
        );
        assert_eq!(
            classify(1009, retry, Phase::Read, 0),
            Some(StorageError::NotCommitted)
        );
    }
}
