//! The in-process call of the REST router that answers every gRPC call
//! ([`stampede_api::in_process`]).
//!
//! The call's metadata travels as the REST request's headers (only the ones
//! the REST edge reads), the peer address as its `ConnectInfo`, so
//! authentication failures are counted per source as for REST. The answer's
//! body is bounded like a request's.

use std::net::SocketAddr;

use axum::http::{HeaderValue, Method, StatusCode};
use serde_json::Value;
use stampede_api::in_process;
use tonic::metadata::MetadataMap;
use tonic::Status;

use crate::status;

/// Metadata the REST edge reads, passed on as headers of the same names.
pub const FORWARDED_METADATA: &[&str] = in_process::FORWARDED_HEADERS;

/// Bytes of a REST answer the gRPC edge reads, at most.
pub const MAX_ANSWER_BYTES: usize = in_process::MAX_ANSWER_BYTES;

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
        let headers = FORWARDED_METADATA
            .iter()
            .filter_map(|name| metadata.get(*name).map(|v| (*name, v.as_bytes())))
            .collect();
        let call = in_process::Call {
            method: call.method,
            path: call.path,
            body: call.body,
            headers,
            idempotency_key: call.idempotency_key,
            peer,
        };
        let reply = in_process::call(&self.router, call)
            .await
            .map_err(|err| match err {
                in_process::InProcessError::Request(err) => {
                    status::invalid("metadata", format!("not a valid header: {err}"))
                }
                other => Status::internal(other.to_string()),
            })?;
        let request_id = reply.headers.get("x-request-id").cloned();
        if !reply.status.is_success() {
            return Err(status::from_problem(reply.status, &reply.body, request_id));
        }
        let body = if reply.status == StatusCode::NO_CONTENT || reply.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&reply.body)
                .map_err(|err| Status::internal(format!("decoding the answer: {err}")))?
        };
        Ok(Answer { body, request_id })
    }
}
