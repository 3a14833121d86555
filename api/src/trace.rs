//! Who asks, why, and in which request: what every mutation's event records.
//!
//! Every request has a request id: the client's `X-Request-Id` when it sends
//! a valid one, else one the edge mints; it is echoed on the response, so a
//! support engineer can find the audit event of the answer a customer saw.
//! `X-Correlation-Id` ties the events of one business flow together across
//! requests (the request id when absent), and `X-Reason` is the reason the
//! caller gives for a change (a body's own `reason` field, where a route has
//! one, takes precedence).
//!
//! A W3C `traceparent` (with its `tracestate`) makes the request part of the
//! caller's distributed trace: [`trace_context`] parents the request's span on
//! it when the node exports traces, and hands the context on (the span's own
//! when traced, else the caller's) to the actors through
//! [`RequestTrace::context`]. An invalid or repeated `traceparent` is ignored,
//! never refused: the request then starts a trace of its own.

use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use stampede_actors::traces;
use stampede_protocol::ids::REQUEST_PREFIX;
use stampede_protocol::limits::{MAX_REASON_LEN_BYTES, MAX_REQUEST_ID_LEN_BYTES};
use stampede_protocol::trace_context::TraceContext;
use tracing::Instrument;

use crate::error::ApiError;
use crate::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const CORRELATION_ID: HeaderName = HeaderName::from_static("x-correlation-id");
pub const REASON: HeaderName = HeaderName::from_static("x-reason");
pub const TRACEPARENT: HeaderName = HeaderName::from_static("traceparent");
pub const TRACESTATE: HeaderName = HeaderName::from_static("tracestate");

/// The request-scoped part of a [`Provenance`].
#[derive(Debug, Clone, Default)]
pub struct RequestTrace {
    pub request_id: Option<String>,
    pub correlation_id: Option<String>,
    pub reason: Option<String>,
    /// The trace the request's work continues (see [`trace_context`]).
    pub context: Option<TraceContext>,
}

/// The trace context a request hands on, kept in its extensions.
#[derive(Debug, Clone, Copy)]
struct HandedOn(TraceContext);

/// Takes the request's `traceparent`; when the node exports traces, runs the
/// request in an `http.request` span under it.
pub async fn trace_context(mut request: Request, next: Next) -> Response {
    let remote = single_header(&request, &TRACEPARENT).and_then(TraceContext::parse);
    if !traces::enabled() {
        // No span: the caller's context is handed on as is (no allocation
        // unless there is one).
        if let Some(remote) = remote {
            request.extensions_mut().insert(HandedOn(remote));
        }
        return next.run(request).await;
    }
    let span = tracing::info_span!(
        "http.request",
        otel.kind = "server",
        http.request.method = %request.method(),
        http.route = tracing::field::Empty,
        http.response.status_code = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    let tracestate = single_header(&request, &TRACESTATE);
    traces::set_remote_parent(&span, remote, tracestate);
    if let Some(handed) = traces::handed_on(&span, remote) {
        request.extensions_mut().insert(HandedOn(handed));
    }
    let response = next.run(request).instrument(span.clone()).await;
    span.record("http.response.status_code", response.status().as_u16());
    response
}

/// The value of a header sent once; `None` when absent, repeated or not text.
fn single_header<'a>(request: &'a Request, name: &HeaderName) -> Option<&'a str> {
    let mut values = request.headers().get_all(name).iter();
    let first = values.next()?;
    values.next().is_none().then(|| first.to_str().ok())?
}

/// Gives every request an id (the client's when valid) and echoes it on the
/// answer.
pub async fn request_id(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let given = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_token(v, MAX_REQUEST_ID_LEN_BYTES))
        .map(str::to_owned);
    let id = given.unwrap_or_else(|| state.new_id(REQUEST_PREFIX));
    if traces::enabled() {
        tracing::Span::current().record("request_id", id.as_str());
    }
    let value = HeaderValue::from_str(&id).ok();
    if let Some(value) = &value {
        request.headers_mut().insert(REQUEST_ID, value.clone());
    }
    let mut response = next.run(request).await;
    if let Some(value) = value {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Visible ASCII, non-empty, at most `max` bytes.
fn is_token(value: &str, max: usize) -> bool {
    !value.is_empty() && value.len() <= max && value.bytes().all(|b| b.is_ascii_graphic())
}

/// The trace headers of a request; a correlation id or reason that is not
/// valid is refused (naming the header), never silently dropped.
pub fn from_parts(parts: &Parts) -> Result<RequestTrace, ApiError> {
    let header = |name: &HeaderName| -> Result<Option<String>, ApiError> {
        let Some(value) = parts.headers.get(name) else {
            return Ok(None);
        };
        let text = std::str::from_utf8(value.as_bytes())
            .map_err(|_| ApiError::invalid(name.as_str(), "must be UTF-8"))?
            .trim();
        Ok((!text.is_empty()).then(|| text.to_owned()))
    };
    let correlation_id = header(&CORRELATION_ID)?;
    if correlation_id
        .as_deref()
        .is_some_and(|v| !is_token(v, MAX_REQUEST_ID_LEN_BYTES))
    {
        return Err(ApiError::invalid(
            "X-Correlation-Id",
            format!("must be visible ASCII of at most {MAX_REQUEST_ID_LEN_BYTES} bytes"),
        ));
    }
    let reason = header(&REASON)?;
    if reason
        .as_ref()
        .is_some_and(|r| r.len() > MAX_REASON_LEN_BYTES)
    {
        return Err(ApiError::invalid(
            "X-Reason",
            format!("must be at most {MAX_REASON_LEN_BYTES} bytes"),
        ));
    }
    let request_id = header(&REQUEST_ID)?;
    Ok(RequestTrace {
        correlation_id: correlation_id.or_else(|| request_id.clone()),
        request_id,
        reason,
        context: parts.extensions.get::<HandedOn>().map(|handed| handed.0),
    })
}
