//! Pieces every once-only mutation of a versioned record shares.

use serde::Serialize;
use stampede_protocol::ErrorCode;

use super::idempotency::{Done, Stored};
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

/// What a once-only mutation stores under its key: `status` with the record's
/// JSON; nothing for a refusal (decided inside the transaction, so not stored).
pub(crate) fn stored_json<T: Serialize, E>(
    status: u16,
    outcome: &Result<T, E>,
) -> Result<Stored, serde_json::Error> {
    match outcome {
        Ok(record) => serde_json::to_value(record).map(|json| Some((status, json))),
        Err(_) => Ok(None),
    }
}

/// What a patch stores under its key: `200` with the record as answered.
pub(crate) fn ok_200<T: Serialize>(
    outcome: &Result<T, RecordError>,
) -> Result<Stored, serde_json::Error> {
    stored_json(200, outcome)
}
