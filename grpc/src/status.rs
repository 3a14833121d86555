//! Problem answers as gRPC statuses.
//!
//! The status code is the error code's gRPC code
//! (`stampede_api::error::grpc_code_of`, beside its HTTP status); the error
//! code itself travels in a `google.rpc.ErrorInfo` detail
//! (`grpc-status-details-bin`): `reason` is the stable code
//! (`limit_reached`), `domain` is [`ERROR_DOMAIN`], and `metadata` names the
//! offending `field` and the REST `http_status` of the same answer. Answers a
//! client should retry later also carry a `google.rpc.RetryInfo`.

use std::collections::HashMap;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use serde::Deserialize;
use stampede_api::error::{grpc_code_of, status_of, RETRY_AFTER_SECS};
use stampede_protocol::ErrorCode;
use tonic::Status;
use tonic_types::{ErrorDetails, StatusExt};

/// `ErrorInfo.domain` of every error this service answers.
pub const ERROR_DOMAIN: &str = "stampede";

/// The fields of a problem+json body the status carries.
#[derive(Deserialize)]
struct Problem {
    code: ErrorCode,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    field: Option<String>,
}

/// The status of a REST problem answer.
pub fn from_problem(http: StatusCode, body: &[u8], request_id: Option<HeaderValue>) -> Status {
    let mut status = match serde_json::from_slice::<Problem>(body) {
        Ok(problem) => of(problem.code, problem.detail, problem.field),
        Err(_) => Status::internal(format!("the REST edge answered {http} without a problem")),
    };
    if let Some(id) = request_id.and_then(|v| v.to_str().ok().map(str::to_owned)) {
        if let Ok(value) = id.parse() {
            status.metadata_mut().insert("x-request-id", value);
        }
    }
    status
}

/// The status of an error code, with its `ErrorInfo` (and `RetryInfo` when
/// the answer says to retry later).
pub fn of(code: ErrorCode, detail: String, field: Option<String>) -> Status {
    let mut metadata = HashMap::new();
    metadata.insert(
        String::from("http_status"),
        status_of(code).as_u16().to_string(),
    );
    if let Some(field) = field {
        metadata.insert(String::from("field"), field);
    }
    let mut details = ErrorDetails::with_error_info(code.as_str(), ERROR_DOMAIN, metadata);
    if matches!(
        code,
        ErrorCode::Overloaded | ErrorCode::RateLimited | ErrorCode::Unavailable
    ) {
        let wait = Duration::from_secs(u64::from(RETRY_AFTER_SECS));
        details.set_retry_info(Some(wait));
    }
    Status::with_error_details(grpc_code_of(code), detail, details)
}

/// `invalid_field` naming `field`, as the REST edge answers a bad value.
pub fn invalid(field: &str, detail: impl Into<String>) -> Status {
    of(
        ErrorCode::InvalidField,
        detail.into(),
        Some(field.to_owned()),
    )
}
