//! A gRPC call with a W3C `traceparent` in its metadata is one trace with the
//! REST edge's request span and the coupon actor's decision, as a REST
//! request with the header is (`api/tests/traces.rs`).

mod common;

use std::time::Duration;

use common::*;
use opentelemetry::trace::{SpanId, TraceId, TracerProvider as _};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

const TRACE_ID: &str = "5cf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "10f067aa0ba902b7";

fn exporter() -> InMemorySpanExporter {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("test"));
    let subscriber = tracing_subscriber::registry().with(layer);
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
    stampede_actors::traces::enable();
    exporter
}

async fn spans_of(exporter: &InMemorySpanExporter, wanted: &[&str]) -> Vec<SpanData> {
    let id = TraceId::from_hex(TRACE_ID).unwrap();
    for _ in 0..200 {
        let spans: Vec<SpanData> = exporter
            .get_finished_spans()
            .unwrap()
            .into_iter()
            .filter(|s| s.span_context.trace_id() == id)
            .collect();
        if wanted
            .iter()
            .all(|name| spans.iter().any(|s| s.name == *name))
        {
            return spans;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no spans {wanted:?} in trace {TRACE_ID}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grpc_redemption_with_a_traceparent_is_one_trace() {
    let exporter = exporter();
    let node = single_node(memory_store()).await;
    create_coupon(
        &node,
        json!({"code": "GTRACE", "type": "percentage", "value": 10}),
    )
    .await;
    let mut client = client(&node).await;
    let mut request = authed(redeem_request("GTRACE", "u1", "traced-1"));
    let traceparent = format!("00-{TRACE_ID}-{CALLER_SPAN}-01");
    request
        .metadata_mut()
        .insert("traceparent", traceparent.parse().unwrap());
    client.redeem(request).await.unwrap();

    let spans = spans_of(&exporter, &["http.request", "coupon.redeem"]).await;
    let edge = spans.iter().find(|s| s.name == "http.request").unwrap();
    assert_eq!(edge.parent_span_id, SpanId::from_hex(CALLER_SPAN).unwrap());
    let decision = spans.iter().find(|s| s.name == "coupon.redeem").unwrap();
    assert_eq!(decision.parent_span_id, edge.span_context.span_id());
}
