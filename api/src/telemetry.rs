//! Prometheus metrics: the process-wide recorder and per-route request metrics.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const HTTP_REQUESTS_TOTAL: &str = "stampede_http_requests_total";
pub const HTTP_REQUEST_SECONDS: &str = "stampede_http_request_duration_seconds";
/// Requests the node is answering now: its queue depth at the edge, the signal
/// the autoscaler scales on (`deploy/k8s/hpa.yaml`).
pub const HTTP_REQUESTS_IN_FLIGHT: &str = "stampede_http_requests_in_flight";

/// Counts a request in flight until dropped (answered, or abandoned by its
/// client), so the gauge cannot drift.
struct InFlight;

impl InFlight {
    fn start() -> Self {
        metrics::gauge!(HTTP_REQUESTS_IN_FLIGHT).increment(1.0);
        Self
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        metrics::gauge!(HTTP_REQUESTS_IN_FLIGHT).decrement(1.0);
    }
}

/// Latency buckets, in seconds: 100 µs to 10 s.
const LATENCY_BUCKETS_SECS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    10.0,
];
const BATCH_BUCKETS: &[f64] = &[
    1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the Prometheus recorder once per process and returns its handle
/// (`None` if another recorder was installed first).
pub fn prometheus() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Suffix(String::from("_seconds")),
                    LATENCY_BUCKETS_SECS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(String::from(stampede_actors::telemetry::BATCH_SIZE)),
                        BATCH_BUCKETS,
                    )
                })
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(String::from(stampede_actors::telemetry::COMMIT_PARTS)),
                        BATCH_BUCKETS,
                    )
                });
            match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => Some(handle),
                Err(err) => {
                    tracing::warn!(error = %err, "metrics recorder not installed");
                    None
                }
            }
        })
        .clone()
}

/// Counts requests and records latency per method, route template and status.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let _in_flight = InFlight::start();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| {
            p.as_str()
                .replace("/v1/{tenant_id}/promotions", "/v1/promotions")
        })
        .unwrap_or_else(|| String::from("unmatched"));
    if stampede_actors::traces::enabled() {
        tracing::Span::current().record("http.route", route.as_str());
    }
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(HTTP_REQUESTS_TOTAL, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_REQUEST_SECONDS, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
