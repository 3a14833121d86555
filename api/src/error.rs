//! Errors as RFC 9457 problem details. This is the one place where a machine error
//! code becomes an HTTP status ([`status_of`]) and a gRPC status code
//! ([`grpc_code_of`], used by the gRPC edge).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stampede_actors::records::RecordError;
use stampede_actors::ActorError;
use stampede_protocol::ErrorCode;

/// Seconds a client should wait before retrying a 429 or 503.
pub const RETRY_AFTER_SECS: u32 = 1;

/// An error answered to a client.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    /// The request field at fault, as a JSON path (`context.items[2].price`).
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            field: None,
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            field: Some(field.into()),
        }
    }

    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::field(ErrorCode::InvalidField, field, detail)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, detail)
    }
}

/// The HTTP status of each error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        LimitReached | PerCustomerLimitReached => StatusCode::CONFLICT,
        Expired | NotYetValid | Revoked | Inactive | NotEligible | MinCartValueNotMet
        | CurrencyMismatch | BalanceExhausted => StatusCode::UNPROCESSABLE_ENTITY,
        CouponNotFound | NotFound => StatusCode::NOT_FOUND,
        DuplicateCode
        | VersionConflict
        | AlreadyVoided
        | RedemptionNotVoidable
        | IdempotencyKeyInFlight => StatusCode::CONFLICT,
        InvalidRequest | InvalidField | MalformedJson => StatusCode::BAD_REQUEST,
        IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Unauthorized => StatusCode::UNAUTHORIZED,
        Forbidden => StatusCode::FORBIDDEN,
        Overloaded | RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
        CampaignLimitReached | ReservationExpired | RedemptionNotPending => StatusCode::CONFLICT,
        CampaignInactive | CampaignNotActivatable => StatusCode::UNPROCESSABLE_ENTITY,
        ChannelLimitReached | StoreLimitReached | DailyLimitReached => StatusCode::CONFLICT,
        OutsideTimeWindow | NotInSegment | ConditionNotMet => StatusCode::UNPROCESSABLE_ENTITY,
        InvalidDiscountRules | InvalidSchedule | InvalidRule => StatusCode::BAD_REQUEST,
        DuplicatePromotionCode | JobNotFinished => StatusCode::CONFLICT,
        DuplicateChannel | BuiltinChannel => StatusCode::CONFLICT,
        CampaignNotFound => StatusCode::NOT_FOUND,
        ExperimentNotRunning | ExperimentLocked => StatusCode::CONFLICT,
        Blacklisted => StatusCode::FORBIDDEN,
        InvalidTrigger => StatusCode::UNPROCESSABLE_ENTITY,
        RewardItemNotFound | PointsOutOfRange => StatusCode::UNPROCESSABLE_ENTITY,
        DebitReferenceReused | PointsNotConfigured => StatusCode::CONFLICT,
    }
}

/// The gRPC status code of each error code (the gRPC edge sends the error
/// code itself in a `google.rpc.ErrorInfo` detail). Exceeded limits are
/// `RESOURCE_EXHAUSTED` (a quota is used up); refusals because of the code's
/// or the order's state are `FAILED_PRECONDITION`; a retry-later answer is
/// `UNAVAILABLE` or `ABORTED`.
pub fn grpc_code_of(code: ErrorCode) -> tonic::Code {
    use tonic::Code as G;
    use ErrorCode::*;
    match code {
        LimitReached
        | PerCustomerLimitReached
        | CampaignLimitReached
        | ChannelLimitReached
        | StoreLimitReached
        | DailyLimitReached
        | BalanceExhausted => G::ResourceExhausted,
        Expired
        | NotYetValid
        | Revoked
        | Inactive
        | NotEligible
        | MinCartValueNotMet
        | CurrencyMismatch
        | OutsideTimeWindow
        | NotInSegment
        | ConditionNotMet
        | CampaignInactive
        | CampaignNotActivatable => G::FailedPrecondition,
        CouponNotFound | NotFound | CampaignNotFound | RewardItemNotFound => G::NotFound,
        DuplicateCode | DuplicatePromotionCode | DuplicateChannel | DebitReferenceReused => {
            G::AlreadyExists
        }
        AlreadyVoided
        | RedemptionNotVoidable
        | RedemptionNotPending
        | ReservationExpired
        | BuiltinChannel
        | JobNotFinished
        | ExperimentNotRunning
        | ExperimentLocked
        | PointsNotConfigured
        | IdempotencyKeyReused => G::FailedPrecondition,
        VersionConflict | IdempotencyKeyInFlight => G::Aborted,
        InvalidRequest | InvalidField | MalformedJson | UnsupportedMediaType
        | InvalidDiscountRules | InvalidSchedule | InvalidRule | InvalidTrigger
        | PointsOutOfRange => G::InvalidArgument,
        PayloadTooLarge | Overloaded | RateLimited => G::ResourceExhausted,
        MethodNotAllowed => G::Unimplemented,
        Unauthorized => G::Unauthenticated,
        Forbidden | Blacklisted => G::PermissionDenied,
        Unavailable => G::Unavailable,
        Internal => G::Internal,
    }
}

fn title_of(code: ErrorCode) -> String {
    let text = code.as_str().replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The problem+json body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(self.code);
        if status.is_server_error() && self.code == ErrorCode::Internal {
            tracing::error!(detail = %self.detail, "internal error");
        }
        let problem = Problem {
            kind: format!("urn:stampede:problem:{}", self.code.as_str()),
            title: title_of(self.code),
            status: status.as_u16(),
            detail: self.detail,
            code: self.code,
            field: self.field,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}

impl From<ActorError> for ApiError {
    fn from(err: ActorError) -> Self {
        match err {
            ActorError::Refused { code, detail } => Self::new(code, detail),
            ActorError::CouponNotFound => Self::new(ErrorCode::CouponNotFound, "coupon not found"),
            ActorError::RedemptionNotFound => Self::not_found("redemption"),
            ActorError::VersionConflict { current } => Self::field(
                ErrorCode::VersionConflict,
                "version",
                format!("stale version; the current version is {current}"),
            ),
            ActorError::Invalid { field, message } => Self::invalid(field, message),
            ActorError::IdempotencyKeyReused => Self::field(
                ErrorCode::IdempotencyKeyReused,
                "Idempotency-Key",
                "this key was used with a different request",
            ),
            ActorError::Overloaded => Self::new(
                ErrorCode::Overloaded,
                "too many requests for this coupon; retry",
            ),
            ActorError::Unavailable(why) => Self::new(ErrorCode::Unavailable, why),
            ActorError::Stale => Self::new(ErrorCode::Unavailable, err.to_string()),
            ActorError::Storage(err) if err.is_transient() => {
                Self::new(ErrorCode::Unavailable, err.to_string())
            }
            ActorError::Storage(err) => Self::internal(err.to_string()),
        }
    }
}

impl From<RecordError> for ApiError {
    fn from(err: RecordError) -> Self {
        match err {
            RecordError::Refused {
                code,
                field,
                detail,
            } => Self {
                code,
                detail,
                field,
            },
            RecordError::NotFound(what) => Self::not_found(what),
            RecordError::Storage(err) if err.is_transient() => {
                Self::new(ErrorCode::Unavailable, err.to_string())
            }
            RecordError::Storage(err) => Self::internal(err.to_string()),
        }
    }
}
