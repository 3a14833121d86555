//! The REST router called in process, by the edges that speak something else
//! over it: gRPC (`stampede-grpc`) and the web console (`stampede-console`).
//!
//! Both answer through the public routes rather than beside them, so they can
//! never do what the caller's key may not, and every rule, limit and error code
//! is the REST edge's own. This module is the one way to make such a call: build
//! the request with the caller's headers and address, run the router on it, and
//! read a bounded answer.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Headers the REST edge reads from a caller, passed on under the same names.
pub const FORWARDED_HEADERS: &[&str] = &[
    "authorization",
    "x-api-key",
    "x-tenant-id",
    "x-request-id",
    "x-correlation-id",
    "x-reason",
    "traceparent",
    "tracestate",
];

/// Bytes of a REST answer read, at most: an answer is never larger than a
/// request may be (a list is paged far below it).
pub const MAX_ANSWER_BYTES: usize = 4 * stampede_protocol::limits::MAX_BODY_BYTES;

/// Why an in-process call had no answer.
#[derive(Debug, thiserror::Error)]
pub enum InProcessError {
    #[error("not a valid request: {0}")]
    Request(#[from] axum::http::Error),
    #[error("encoding the request: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("reading the answer: {0}")]
    Read(String),
}

/// One call of a REST route.
pub struct Call<'a> {
    pub method: Method,
    /// Path and query, e.g. `/v1/promotions/coupons?limit=20`.
    pub path: String,
    pub body: Option<serde_json::Value>,
    /// The caller's headers, named as in [`FORWARDED_HEADERS`].
    pub headers: Vec<(&'static str, &'a [u8])>,
    pub idempotency_key: Option<&'a str>,
    /// The caller's address, for failed-authentication counts per source.
    pub peer: Option<SocketAddr>,
}

/// A REST answer: its status, headers and (bounded) body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The headers of `from` the REST edge reads, to pass on with a call.
pub fn forwarded(from: &HeaderMap) -> Vec<(&'static str, &[u8])> {
    FORWARDED_HEADERS
        .iter()
        .filter_map(|name| from.get(*name).map(|value| (*name, value.as_bytes())))
        .collect()
}

/// Runs `router` on the call and reads its answer, at most
/// [`MAX_ANSWER_BYTES`] of it.
pub async fn call(router: &axum::Router, call: Call<'_>) -> Result<Reply, InProcessError> {
    let request = build(call)?;
    let response = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let body = http_body_util::Limited::new(body, MAX_ANSWER_BYTES)
        .collect()
        .await
        .map_err(|err| InProcessError::Read(err.to_string()))?
        .to_bytes();
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

fn build(call: Call<'_>) -> Result<Request<Body>, InProcessError> {
    let mut request = Request::builder().method(call.method).uri(call.path);
    for (name, value) in call.headers {
        request = request.header(name, value);
    }
    if let Some(key) = call.idempotency_key.filter(|k| !k.is_empty()) {
        request = request.header("idempotency-key", key);
    }
    let body = match call.body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&body)?)
        }
        None => Body::empty(),
    };
    let mut request = request.body(body)?;
    let peer = call
        .peer
        .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
    request.extensions_mut().insert(ConnectInfo(peer));
    Ok(request)
}
