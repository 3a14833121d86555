//! Health, readiness, metrics and the OpenAPI document: no authentication.

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
        .route("/openapi.json", get(openapi))
}

/// The process is up.
async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// The store answers a read.
async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let records = state.records();
    records::health::ready(&records).await?;
    Ok(Json(serde_json::json!({
        "status": "ready",
        "store": records.backend_name(),
        "live_actors": state.shards.live_actors(),
    })))
}

async fn metrics(State(state): State<AppState>) -> Response {
    metrics::gauge!(stampede_actors::telemetry::LIVE_ACTORS).set(state.shards.live_actors() as f64);
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

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
}
