//! Distributed traces: the spans a request's path opens, each under the
//! [`TraceContext`] its caller sent, exported by whatever OpenTelemetry layer
//! the node installed (`tracing-opentelemetry`).
//!
//! Off by default: until [`enable`] is called (the node does when it installs
//! its OTLP exporter) every function here returns at once, opens no span and
//! allocates nothing; a context the caller sent is still carried on as is.
//!
//! The spans:
//!
//! | span | where | parent |
//! |---|---|---|
//! | `http.request` | the REST edge (`stampede_api::trace`) | the request's `traceparent` |
//! | `peer.forward` | a node forwarding to the owner ([`crate::cluster::route`]) | the edge's span |
//! | `peer.serve` | the owner answering a peer ([`crate::cluster::serve`]) | the sender's `peer.forward` |
//! | `coupon.redeem`, `coupon.validate` | the coupon actor's decision | the edge's or `peer.serve` span |
//! | `coupon.commit` | the group commit of a batch | none: it *links* the decisions it carries, at most [`MAX_BATCH_LINKS`] |

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
use stampede_protocol::trace_context::{is_tracestate, TraceContext};
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// Links a commit span holds at most: a batch of up to
/// `coupon::MAX_BATCH_DECISIONS` decisions links its first this many.
pub const MAX_BATCH_LINKS: usize = 32;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns spans on for this process (once an OpenTelemetry layer is installed).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether spans are opened.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The OpenTelemetry form of `context`, as a remote parent.
fn span_context(context: TraceContext, state: TraceState) -> SpanContext {
    SpanContext::new(
        TraceId::from_bytes(context.trace_id()),
        SpanId::from_bytes(context.span_id()),
        TraceFlags::new(context.flags()),
        true,
        state,
    )
}

/// Makes `parent` (with the caller's `tracestate`, if valid) the parent of a
/// span not yet entered.
pub fn set_remote_parent(span: &Span, parent: Option<TraceContext>, tracestate: Option<&str>) {
    let Some(parent) = parent.filter(|_| enabled()) else {
        return;
    };
    let state = tracestate
        .filter(|s| is_tracestate(s))
        .and_then(|s| s.parse::<TraceState>().ok())
        .unwrap_or_default();
    let remote =
        opentelemetry::Context::new().with_remote_span_context(span_context(parent, state));
    // Fails only when no OpenTelemetry layer is installed: nothing to parent.
    let _ = span.set_parent(remote);
}

/// The context to hand on from inside `span`: the span's own when it is
/// traced, else `inherited` unchanged.
pub fn handed_on(span: &Span, inherited: Option<TraceContext>) -> Option<TraceContext> {
    if !enabled() || span.is_disabled() {
        return inherited;
    }
    let context = span.context();
    let own = context.span().span_context().clone();
    let flags = own.trace_flags().to_u8();
    TraceContext::new(own.trace_id().to_bytes(), own.span_id().to_bytes(), flags).or(inherited)
}

/// The span of a request forwarded to its owner node, under `parent`, with
/// the context to send along; no span when traces are off.
pub fn peer_forward(parent: Option<TraceContext>) -> (Span, Option<TraceContext>) {
    if !enabled() {
        return (Span::none(), parent);
    }
    adopt(
        tracing::info_span!(parent: None, "peer.forward", otel.kind = "client"),
        parent,
    )
}

/// The span of a peer's request this node serves, under the sender's.
pub fn peer_serve(parent: Option<TraceContext>) -> (Span, Option<TraceContext>) {
    if !enabled() {
        return (Span::none(), parent);
    }
    adopt(
        tracing::info_span!(parent: None, "peer.serve", otel.kind = "server"),
        parent,
    )
}

/// The span a coupon actor decides a redemption in.
pub fn redeem_decision(parent: Option<TraceContext>) -> (Span, Option<TraceContext>) {
    if !enabled() {
        return (Span::none(), parent);
    }
    adopt(tracing::info_span!(parent: None, "coupon.redeem"), parent)
}

/// The span a coupon actor evaluates a validation in.
pub fn validate_decision(parent: Option<TraceContext>) -> (Span, Option<TraceContext>) {
    if !enabled() {
        return (Span::none(), parent);
    }
    adopt(tracing::info_span!(parent: None, "coupon.validate"), parent)
}

/// `span` under `parent`, and the context to hand on from inside it.
fn adopt(span: Span, parent: Option<TraceContext>) -> (Span, Option<TraceContext>) {
    set_remote_parent(&span, parent, None);
    let handed = handed_on(&span, parent);
    (span, handed)
}

/// The span of one group commit: a root that links the traces of the
/// decisions it carries (the first [`MAX_BATCH_LINKS`] of them).
pub fn commit_span(decisions: usize, traces: impl Iterator<Item = TraceContext>) -> Span {
    if !enabled() {
        return Span::none();
    }
    let span = tracing::info_span!(parent: None, "coupon.commit", batch.decisions = decisions);
    for trace in traces.take(MAX_BATCH_LINKS) {
        span.add_link(span_context(trace, TraceState::default()));
    }
    span
}
