//! `/reports/exports` (seed 000 §11): analytics exported to a file through the
//! job API. `POST` starts an export job of type `analytics` (the same job as
//! `POST /exports`, downloaded with `GET /exports/{id}/file`); `GET` lists the
//! tenant's report exports, oldest first.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use stampede_actors::records;
use stampede_protocol::analytics::AnalyticsQuery;
use stampede_protocol::api_key::Scope;
use stampede_protocol::job::{JobKind, JobView};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{JsonBody, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::jobs::export::{is_report, ExportBody, ExportFilters, ExportFormat, ExportType};
use crate::page::ListPage;
use crate::routes::exports::start_export;
use crate::{validate, AppState};

/// Body of `POST /reports/exports`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportExport {
    /// The analytics query whose rows the file holds (as `POST /analytics/query`).
    pub query: AnalyticsQuery,
    /// `csv` (default) or `ndjson`.
    #[serde(default)]
    pub format: ExportFormat,
}

/// `GET /reports/exports` query.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportsQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<usize>,
}

#[utoipa::path(post, path = "/v1/promotions/reports/exports", tag = "analytics", request_body = ReportExport,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the export job; its file at `/exports/{id}/file` once done"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write or redemptions:read"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<ReportExport>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let report = body.value;
    let export = ExportBody {
        kind: ExportType::Analytics,
        format: report.format,
        filters: ExportFilters::default(),
        query: Some(report.query),
    };
    start_export(&state, &caller, export, spec).await
}

#[utoipa::path(get, path = "/v1/promotions/reports/exports", tag = "analytics", params(ReportsQuery),
    responses((status = 200, body = ListPage<JobView>, description = "report export jobs, oldest first; a page may hold fewer than `limit` (other jobs are skipped), with `next_cursor` to go on"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<ReportsQuery>,
) -> Result<Json<ListPage<JobView>>, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let (cursor, limit) = validate::page(query.cursor.as_deref(), query.limit)?;
    let page = records::jobs::list(&state.records(), &caller.tenant, cursor, limit).await?;
    let now = state.now();
    let mut page = page.map(|job| {
        let report = job.kind == JobKind::Export && is_report(&job);
        report.then(|| job.view(now))
    });
    let data = page.data.drain(..).flatten().collect();
    Ok(Json(ListPage {
        data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    }))
}
