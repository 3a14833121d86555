//! Idempotency keys.
//!
//! A mutation with `Idempotency-Key` (or, for redemptions, `redemption_client_id`)
//! stores its response in the same transaction as its effect. A retry first looks
//! for that response: found with the same request fingerprint → the stored response
//! is replayed; found with a different one → 422. Refusals (4xx) are not stored: a
//! refused request changed nothing, so deciding it again is harmless.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_protocol::limits::MAX_IDEMPOTENCY_KEY_LEN_BYTES;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, SharedStore};

use crate::error::ApiError;

pub const HEADER: &str = "idempotency-key";

/// Hash of what makes two requests "the same": method, resource path below the
/// tenant prefix, and body bytes.
pub fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let resource = path
        .split_once("/promotions")
        .map_or(path, |(_, rest)| rest);
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(resource.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    hex::encode(hasher.finalize())
}

/// The idempotency spec of a request from its header, if any.
pub fn from_header(
    headers: &HeaderMap,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Option<IdemSpec>, ApiError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY_LEN_BYTES)
        .ok_or_else(|| {
            ApiError::invalid(
                "Idempotency-Key",
                format!("must be 1–{MAX_IDEMPOTENCY_KEY_LEN_BYTES} visible ASCII characters"),
            )
        })?;
    Ok(Some(IdemSpec {
        key: format!("k:{key}"),
        fingerprint: fingerprint(method, path, body),
    }))
}

/// The idempotency spec of a redemption: the header wins, else `redemption_client_id`.
pub fn for_redemption(
    headers: &HeaderMap,
    method: &Method,
    path: &str,
    body: &[u8],
    client_id: Option<&str>,
) -> Result<Option<IdemSpec>, ApiError> {
    if let Some(spec) = from_header(headers, method, path, body)? {
        return Ok(Some(spec));
    }
    Ok(client_id.map(|id| IdemSpec {
        key: format!("c:{id}"),
        fingerprint: fingerprint(method, path, body),
    }))
}

/// The stored response for `spec`, if the mutation already happened.
pub async fn replay(
    store: &SharedStore,
    tenant: &str,
    spec: &IdemSpec,
) -> Result<Option<Response>, ApiError> {
    let mut tx = store.begin().await?;
    let key = keys::idempotency(tenant, &spec.key);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(None);
    };
    let record: IdemRecord = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::internal(format!("corrupt idempotency record: {e}")))?;
    if record.fingerprint != spec.fingerprint {
        return Err(ApiError::field(
            ErrorCode::IdempotencyKeyReused,
            "Idempotency-Key",
            "this key was used with a different request",
        ));
    }
    Ok(Some(stored_response(&record)))
}

/// Rebuilds a response from a stored record.
pub fn stored_response(record: &IdemRecord) -> Response {
    let status = StatusCode::from_u16(record.status).unwrap_or(StatusCode::OK);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    let mut response = (status, Json(record.body.clone())).into_response();
    response.headers_mut().insert(
        "idempotent-replayed",
        axum::http::HeaderValue::from_static("true"),
    );
    response
}
