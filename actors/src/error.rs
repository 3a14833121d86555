//! Errors an actor answers with. The API maps each to an HTTP status in one place.

use stampede_protocol::ErrorCode;
use stampede_storage::StorageError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ActorError {
    /// The request was decided and refused (limit reached, expired, …).
    #[error("{code}: {detail}")]
    Refused { code: ErrorCode, detail: String },
    /// No coupon with that code (or it was hard-deleted).
    #[error("coupon not found")]
    CouponNotFound,
    /// No redemption with that id for this coupon.
    #[error("redemption not found")]
    RedemptionNotFound,
    /// A PATCH carried a stale `version`.
    #[error("version conflict: current version is {current}")]
    VersionConflict { current: u64 },
    /// The update is invalid against the coupon's current state.
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The same idempotency key was used with a different request.
    #[error("idempotency key reused with a different request")]
    IdempotencyKeyReused,
    /// The actor's mailbox is full: retry after a short wait.
    #[error("overloaded: mailbox full")]
    Overloaded,
    /// The decision could not be made durable (or ownership moved): nothing was
    /// acknowledged, retry.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// The commit found the promotion, or the code's template, changed since
    /// the actor loaded it: nothing was written and the actor reloaded, so
    /// the request is decided again at once (`Shards::run_local`); answered
    /// as [`ActorError::Unavailable`] only if it keeps happening.
    #[error("unavailable: the promotion changed; retry")]
    Stale,
    /// Storage failed in a way a retry will not fix.
    #[error("storage: {0}")]
    Storage(StorageError),
}

impl ActorError {
    pub fn refused(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Refused {
            code,
            detail: detail.into(),
        }
    }

    /// Whether a client may retry the same request and expect a different answer.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Overloaded | Self::Unavailable(_))
    }
}

impl From<StorageError> for ActorError {
    fn from(err: StorageError) -> Self {
        if err.is_transient() {
            Self::Unavailable(err.to_string())
        } else {
            Self::Storage(err)
        }
    }
}
