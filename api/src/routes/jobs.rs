//! The one job API (every kind): `GET /jobs/{id}` (status, counters,
//! progress, rate, time left), `POST /jobs/{id}/cancel`, and
//! `GET /jobs/{id}/errors` — the error report (row, field, code, message) as
//! NDJSON (default) or CSV (`?format=csv`), streamed chunk by chunk.
//!
//! Kinds start elsewhere: `POST /coupons/generate` ([`super::generate`]),
//! `POST /imports`, `POST /exports`, `POST /coupons/bulk-revoke`,
//! `POST /redemptions/bulk`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::stream;
use serde::Deserialize;
use stampede_actors::records;
use stampede_protocol::job::{JobError, JobView};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{PathId, QueryParams};
use crate::{jobs, AppState};

/// Report chunks (100 lines each) read per step of a download.
const ERROR_CHUNKS_PER_READ: usize = 20;

#[utoipa::path(get, path = "/v1/promotions/jobs/{job_id}", tag = "jobs",
    params(("job_id" = String, Path)),
    responses((status = 200, body = JobView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<JobView>, ApiError> {
    let job = jobs::find(&state, &caller.tenant, id.as_str()).await?;
    jobs::may_read(&caller, job.kind)?;
    Ok(Json(job.view(state.now())))
}

#[utoipa::path(post, path = "/v1/promotions/jobs/{job_id}/cancel", tag = "jobs",
    params(("job_id" = String, Path)),
    responses((status = 202, body = JobView, description = "the worker stops before its next batch"),
        (status = 200, body = JobView, description = "the job had already ended"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Response, ApiError> {
    let job = jobs::find(&state, &caller.tenant, id.as_str()).await?;
    caller.require(jobs::scopes(job.kind).1)?;
    let job = records::jobs::cancel(
        &caller.records(&state),
        &caller.tenant,
        &job.id,
        state.now(),
    )
    .await?
    .ok_or_else(|| ApiError::not_found("job"))?;
    let status = if job.status.is_final() {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((status, Json(job.view(state.now()))).into_response())
}

/// `GET /jobs/{id}/errors` query.
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `ndjson` (default) or `csv`.
    pub format: Option<ReportFormat>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Ndjson,
    Csv,
}

#[utoipa::path(get, path = "/v1/promotions/jobs/{job_id}/errors", tag = "jobs",
    params(("job_id" = String, Path), ReportQuery),
    responses((status = 200, description = "one line per failed row: NDJSON (default) or CSV (`format=csv`)", content(
            (JobError = "application/x-ndjson"), (String = "text/csv"))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn errors(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<ReportQuery>,
) -> Result<Response, ApiError> {
    let job = jobs::find(&state, &caller.tenant, id.as_str()).await?;
    jobs::may_read(&caller, job.kind)?;
    let format = query.format.unwrap_or(ReportFormat::Ndjson);
    let content_type = match format {
        ReportFormat::Ndjson => "application/x-ndjson",
        ReportFormat::Csv => "text/csv; charset=utf-8",
    };
    let head =
        (format == ReportFormat::Csv).then(|| Ok(bytes::Bytes::from("row,field,code,message\r\n")));
    let start = (state, caller.tenant.clone(), job.id.clone(), Some(0u64));
    let lines = stream::unfold(start, move |(state, tenant, id, from)| async move {
        let from = from?;
        let read =
            records::jobs::errors(&state.records(), &tenant, &id, from, ERROR_CHUNKS_PER_READ)
                .await;
        match read {
            Ok((lines, next)) => {
                let bytes = encode(&lines, format);
                Some((Ok(bytes), (state, tenant, id, next)))
            }
            Err(err) => Some((
                Err(std::io::Error::other(err.to_string())),
                (state, tenant, id, None),
            )),
        }
    });
    let body = Body::from_stream(futures::StreamExt::chain(stream::iter(head), lines));
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// Report lines as NDJSON or CSV rows (RFC 4180, by the `csv` crate).
fn encode(lines: &[JobError], format: ReportFormat) -> bytes::Bytes {
    match format {
        ReportFormat::Ndjson => {
            let mut out = Vec::new();
            for line in lines {
                if serde_json::to_writer(&mut out, line).is_ok() {
                    out.push(b'\n');
                }
            }
            out.into()
        }
        ReportFormat::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            for line in lines {
                let row = line.row.to_string();
                let field = line.field.as_deref().unwrap_or("");
                let _ = writer.write_record([row.as_str(), field, &line.code, &line.message]);
            }
            writer.into_inner().unwrap_or_default().into()
        }
    }
}
