//! What a records operation refuses. Each variant knows its [`ErrorCode`]; the
//! edge maps codes to HTTP statuses in one place.

use stampede_protocol::ErrorCode;
use stampede_storage::StorageError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum RecordError {
    /// The record's current state does not allow the operation (a duplicate
    /// code, a stale version, a reused idempotency key, …), or an input only
    /// the stored state can judge; `field` names the request field at fault.
    #[error("{code}: {detail}")]
    Refused {
        code: ErrorCode,
        field: Option<String>,
        detail: String,
    },
    /// No such record in this tenant.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Storage failed; [`StorageError::is_retryable`] tells whether a retry may
    /// succeed.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
}

impl RecordError {
    pub fn refused(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Refused {
            code,
            field: None,
            detail: detail.into(),
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::Refused {
            code,
            field: Some(field.into()),
            detail: detail.into(),
        }
    }

    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::field(ErrorCode::InvalidField, field, detail)
    }

    /// The idempotency key was used with a different request.
    pub fn key_reused() -> Self {
        Self::field(
            ErrorCode::IdempotencyKeyReused,
            "Idempotency-Key",
            "this key was used with a different request",
        )
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Refused { code, .. } => *code,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Storage(err) if err.is_transient() => ErrorCode::Unavailable,
            Self::Storage(_) => ErrorCode::Internal,
        }
    }
}

impl From<serde_json::Error> for RecordError {
    fn from(err: serde_json::Error) -> Self {
        Self::Storage(StorageError::Corrupt {
            key: String::from("<json>"),
            detail: err.to_string(),
        })
    }
}
