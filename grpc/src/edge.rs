//! The in-process call of the REST router that answers every gRPC call.
//!
//! The call's metadata travels as the REST request's headers (only the ones
//! the REST edge reads), the peer address as its `ConnectInfo`, so
//! authentication failures are counted per source as for REST. The answer's
//! body is bounded like a request's.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tonic::metadata::MetadataMap;
use tonic::Status;
use tower::ServiceExt;

use crate::status;

/// Metadata the REST edge reads, passed on as headers of the same names.
pub const FORWARDED_METADATA: &[&str] = &[
    "authorization",
    "x-api-key",
    "x-tenant-id",
    "x-request-id",
    "x-correlation-id",
    "x-reason",
    "traceparent",
    "tracestate",
];

/// Bytes of a REST answer the gRPC edge reads, at most: an answer is never
/// larger than a request may be (a list is paged far below it).
pub const MAX_ANSWER_BYTES: usize = 4 * stampede_protocol::limits::MAX_BODY_BYTES;

/// The REST edge, called in process.
#[derive(Clone)]
pub struct Edge {
    router: axum::Router,
}

/// One call to the REST edge.
pub struct Call<'a> {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
    /// The request's `Idempotency-Key`, when the gRPC request carries one.
    pub idempotency_key: Option<&'a str>,
}

/// A successful REST answer.
pub struct Answer {
    pub body: Value,
    /// The request id the REST edge gave the call, echoed as metadata.
    pub request_id: Option<HeaderValue>,
}

impl Edge {
    pub fn new(router: axum::Router) -> Self {
        Self { router }
    }

    /// Calls the REST route with the call's metadata; a problem answer
    /// becomes the gRPC status of its error code.
    pub async fn call(
        &self,
        metadata: &MetadataMap,
        peer: Option<SocketAddr>,
        call: Call<'_>,
    ) -> Result<Answer, Status> {
        let request = build(metadata, peer, call)?;
        let response = match self.router.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let bytes = http_body_util::Limited::new(body, MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|err| Status::internal(format!("reading the answer: {err}")))?
            .to_bytes();
        let request_id = parts.headers.get("x-request-id").cloned();
        if !parts.status.is_success() {
            return Err(status::from_problem(parts.status, &bytes, request_id));
        }
        let body = if parts.status == StatusCode::NO_CONTENT || bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .map_err(|err| Status::internal(format!("decoding the answer: {err}")))?
        };
        Ok(Answer { body, request_id })
    }
}

/// The REST request of a call.
fn build(
    metadata: &MetadataMap,
    peer: Option<SocketAddr>,
    call: Call<'_>,
) -> Result<Request<Body>, Status> {
    let mut request = Request::builder().method(call.method).uri(call.path);
    for name in FORWARDED_METADATA {
        if let Some(value) = metadata.get(*name) {
            request = request.header(*name, value.as_bytes());
        }
    }
    if let Some(key) = call.idempotency_key.filter(|k| !k.is_empty()) {
        request = request.header("idempotency-key", key);
    }
    let body = match call.body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(
                serde_json::to_vec(&body)
                    .map_err(|err| Status::internal(format!("encoding the request: {err}")))?,
            )
        }
        None => Body::empty(),
    };
    let mut request = request
        .body(body)
        .map_err(|err| status::invalid("metadata", format!("not a valid header: {err}")))?;
    let peer = peer.unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
    request.extensions_mut().insert(ConnectInfo(peer));
    Ok(request)
}
