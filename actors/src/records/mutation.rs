//! Pieces every once-only mutation of a versioned record shares.

use stampede_protocol::ErrorCode;

use super::idempotency::Done;
use super::RecordError;

/// A `version` other than the record's current one: the client read a state
/// that has changed since, and must read again.
pub fn stale(current: u64) -> RecordError {
    RecordError::field(
        ErrorCode::VersionConflict,
        "version",
        format!("stale version; the current version is {current}"),
    )
}

/// A once-only mutation's outcome, its refusal (decided inside the
/// transaction, so not stored under the key) returned as the error.
pub fn settle<T>(done: Done<Result<T, RecordError>>) -> Result<Done<T>, RecordError> {
    match done {
        Done::Fresh(outcome) => outcome.map(Done::Fresh),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}
