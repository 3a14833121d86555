//! Distributed traces: a request sent with a W3C `traceparent` is one trace
//! from the REST edge to the coupon actor's decision, across a peer session
//! when another node owns the code, and the commit batch links it.
//!
//! The process's one `tracing` subscriber exports to an in-memory exporter;
//! each test uses its own trace id, so tests running at once do not mix. In
//! the cluster test the three nodes share that exporter (they share a
//! process), so which node opened a span is told by its name: `peer.forward`
//! on the node the client called, `peer.serve` and the decision under it on
//! the owner, after the context crossed a real loopback session.

mod cluster_common;
mod common;

use std::sync::OnceLock;
use std::time::Duration;

use opentelemetry::trace::{SpanId, TraceId, TracerProvider as _};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use serde_json::json;
use stampede_actors::cluster::Placement;
use tracing_subscriber::layer::SubscriberExt;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "00f067aa0ba902b7";

/// The exporter every span of this process ends in.
fn exporter() -> &'static InMemorySpanExporter {
    static EXPORTER: OnceLock<InMemorySpanExporter> = OnceLock::new();
    EXPORTER.get_or_init(|| {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .build();
        let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("test"));
        let subscriber = tracing_subscriber::registry().with(layer);
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        stampede_actors::traces::enable();
        exporter
    })
}

/// A trace id of this test's own (the shared one with its first digits set).
fn trace_id(tag: &str) -> String {
    format!("{tag}{}", &TRACE_ID[tag.len()..])
}

fn traceparent(trace: &str) -> String {
    format!("00-{trace}-{CALLER_SPAN}-01")
}

/// The finished spans of `trace` once `wanted` spans of it all ended (at
/// most 10 s), by name.
async fn spans_of(trace: &str, wanted: &[&str]) -> Vec<SpanData> {
    let id = TraceId::from_hex(trace).unwrap();
    let mut spans = Vec::new();
    for _ in 0..200 {
        spans = exporter()
            .get_finished_spans()
            .unwrap()
            .into_iter()
            .filter(|s| {
                s.span_context.trace_id() == id
                    || s.links.iter().any(|l| l.span_context.trace_id() == id)
            })
            .collect();
        if wanted
            .iter()
            .all(|name| spans.iter().any(|s| s.name == *name))
        {
            return spans;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let names: Vec<_> = spans.iter().map(|s| s.name.clone()).collect();
    panic!("spans of {trace}: wanted {wanted:?}, got {names:?}");
}

fn named<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    spans.iter().find(|s| s.name == name).unwrap()
}

/// `child`'s parent is `parent`, in the same trace.
fn assert_child(child: &SpanData, parent: &SpanData) {
    assert_eq!(
        child.parent_span_id,
        parent.span_context.span_id(),
        "{} under {}",
        child.name,
        parent.name
    );
    assert_eq!(
        child.span_context.trace_id(),
        parent.span_context.trace_id()
    );
}

/// A commit span links `decision`.
fn assert_linked(spans: &[SpanData], decision: &SpanData) {
    let commit = spans
        .iter()
        .filter(|s| s.name == "coupon.commit")
        .find(|s| {
            s.links.iter().any(|l| {
                l.span_context.trace_id() == decision.span_context.trace_id()
                    && l.span_context.span_id() == decision.span_context.span_id()
            })
        });
    assert!(commit.is_some(), "no commit links {decision:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redemption_sent_with_a_traceparent_is_one_trace() {
    exporter();
    let server = common::start().await;
    server
        .create_coupon(
            "acme",
            json!({"code": "TRACED", "type": "percentage", "value": 10}),
        )
        .await;
    let trace = trace_id("a1");
    let response = server
        .root(reqwest::Method::POST, "acme", "/v1/promotions/redemptions")
        .header("traceparent", traceparent(&trace))
        .header("tracestate", "vendor=opaque")
        .json(&json!({"coupon_code": "TRACED", "user_id": "u1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    let spans = spans_of(&trace, &["http.request", "coupon.redeem", "coupon.commit"]).await;
    let edge = named(&spans, "http.request");
    assert_eq!(edge.parent_span_id, SpanId::from_hex(CALLER_SPAN).unwrap());
    assert!(edge.parent_span_is_remote);
    assert_eq!(edge.span_context.trace_state().header(), "vendor=opaque");
    let decision = named(&spans, "coupon.redeem");
    assert_child(decision, edge);
    assert_linked(&spans, decision);
    // The commit is a trace of its own that links the decisions it carries.
    let commit = named(&spans, "coupon.commit");
    assert_ne!(commit.span_context.trace_id(), edge.span_context.trace_id());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_validation_is_evaluated_in_the_callers_trace() {
    exporter();
    let server = common::start().await;
    server
        .create_coupon(
            "acme",
            json!({"code": "CHECKED", "type": "percentage", "value": 10}),
        )
        .await;
    let trace = trace_id("b2");
    let response = server
        .root(reqwest::Method::POST, "acme", "/v1/promotions/validate")
        .header("traceparent", traceparent(&trace))
        .json(&json!({"code": "CHECKED"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let spans = spans_of(&trace, &["http.request", "coupon.validate"]).await;
    assert_child(
        named(&spans, "coupon.validate"),
        named(&spans, "http.request"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_traceparent_is_ignored_not_refused() {
    exporter();
    let server = common::start().await;
    server
        .create_coupon(
            "acme",
            json!({"code": "UNTRACED", "type": "percentage", "value": 10}),
        )
        .await;
    let trace = trace_id("c3");
    let bad = [
        traceparent(&trace).to_uppercase(),
        format!("ff-{trace}-{CALLER_SPAN}-01"),
        format!("00-{trace}-0000000000000000-01"),
        format!("00-{trace}-{CALLER_SPAN}-01-extra"),
    ];
    for (i, header) in bad.iter().enumerate() {
        let response = server
            .root(reqwest::Method::POST, "acme", "/v1/promotions/redemptions")
            .header("traceparent", header)
            .json(&json!({"coupon_code": "UNTRACED", "user_id": format!("u{i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{header}");
    }
    // None was traced under the bad headers' ids.
    let upper = TraceId::from_hex(&trace).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let spans = exporter().get_finished_spans().unwrap();
    assert!(spans.iter().all(|s| s.span_context.trace_id() != upper));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_owned_by_another_node_is_decided_in_the_same_trace() {
    exporter();
    let nodes = cluster_common::start_cluster(3).await;
    let client = reqwest::Client::new();
    cluster_common::converge(&client, &nodes).await;
    // A code the first node does not own: its redemption crosses a session.
    let code = (0..100)
        .map(|i| format!("REMOTE{i:02}"))
        .find(|code| {
            matches!(
                nodes[0].shards.cluster().placement("acme", code),
                Placement::Remote(_)
            )
        })
        .expect("some code is owned elsewhere");
    let url = format!("{}/v1/promotions/coupons", nodes[0].base);
    let body = json!({"code": code, "type": "percentage", "value": 10});
    let (status, body) =
        cluster_common::call(&client, reqwest::Method::POST, url, Some(body)).await;
    assert_eq!(status, 201, "{body}");

    let trace = trace_id("d4");
    let response = client
        .post(format!("{}/v1/promotions/redemptions", nodes[0].base))
        .header("X-API-Key", cluster_common::ROOT_KEY)
        .header("X-Tenant-ID", "acme")
        .header("traceparent", traceparent(&trace))
        .json(&json!({"coupon_code": code, "user_id": "u1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    let wanted = [
        "http.request",
        "peer.forward",
        "peer.serve",
        "coupon.redeem",
        "coupon.commit",
    ];
    let spans = spans_of(&trace, &wanted).await;
    let edge = named(&spans, "http.request");
    let forward = named(&spans, "peer.forward");
    let serve = named(&spans, "peer.serve");
    let decision = named(&spans, "coupon.redeem");
    assert_child(forward, edge);
    assert_child(serve, forward);
    assert!(
        serve.parent_span_is_remote,
        "the owner's parent came in the frame"
    );
    assert_child(decision, serve);
    assert_linked(&spans, decision);
}
