//! Health, readiness and metrics: no authentication (the OpenAPI document,
//! also public, is served by [`crate::openapi::serve`]).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use stampede_actors::records;

use crate::error::ApiError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health",
    responses((status = 200, description = "the process is up", body = Object)))]
pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// The node is a settled member of its cluster (not joining, not leaving) and
/// the store answers a read: a load balancer may send it traffic.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "the node serves: a member of its ring, and the store answers a read", body = Object),
        (status = 500, body = crate::error::Problem, content_type = "application/problem+json", description = "internal: the store failed"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: the node is joining or leaving its cluster, or the store cannot answer now")))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    use stampede_actors::cluster::Readiness;
    let unavailable = |why: &str| {
        Err(ApiError::new(
            stampede_protocol::ErrorCode::Unavailable,
            why,
        ))
    };
    match state.shards.cluster().readiness() {
        Readiness::Serving => {}
        Readiness::Joining => {
            return unavailable("joining the cluster: its members are not known yet")
        }
        Readiness::Leaving => return unavailable("leaving the cluster: its keys are handed off"),
    }
    let records = state.records();
    records::health::ready(&records).await?;
    Ok(Json(serde_json::json!({
        "status": "ready",
        "store": records.backend_name(),
        "live_actors": state.shards.live_actors(),
    })))
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain", body = String),
        (status = 503, description = "no metrics recorder is installed", content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    metrics::gauge!(stampede_actors::telemetry::LIVE_ACTORS).set(state.shards.live_actors() as f64);
    process_collector().collect();
    match &state.metrics {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder not installed",
        )
            .into_response(),
    }
}

/// The process's own figures (`process_resident_memory_bytes`,
/// `process_cpu_seconds_total`, threads, open files), read on each scrape.
fn process_collector() -> &'static metrics_process::Collector {
    static COLLECTOR: std::sync::OnceLock<metrics_process::Collector> = std::sync::OnceLock::new();
    COLLECTOR.get_or_init(|| {
        let collector = metrics_process::Collector::default();
        collector.describe();
        collector
    })
}
