//! `POST /exports` (seed 000 §13): coupons, codes, campaigns or redemptions
//! exported by a job ([`crate::jobs::export`]) to a file downloaded with
//! `GET /exports/{id}/file`, part by part, in bounded memory whatever its size.
//! `GET /exports/{id}` is the job (as `GET /jobs/{id}`).

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::stream;
use stampede_actors::records;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::JOB_PREFIX;
use stampede_protocol::job::{Job, JobKind, JobStatus, JobView};
use stampede_protocol::ErrorCode;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::jobs::export::{ExportBody, ExportFilters, ExportType};
use crate::{analytics, jobs, validate, AppState};

#[utoipa::path(post, path = "/v1/promotions/exports", tag = "jobs", request_body = ExportBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the export job"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such coupon"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn start(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<ExportBody>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    start_export(&state, &caller, body.value, spec).await
}

/// Checks an export and starts its job (`POST /exports`, `POST /reports/exports`).
pub(crate) async fn start_export(
    state: &AppState,
    caller: &Caller,
    mut export: ExportBody,
    spec: Option<IdemSpec>,
) -> Result<Response, ApiError> {
    if export.kind == ExportType::Redemptions && caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    check_filters(&export.filters)?;
    match (export.kind, export.query.as_mut()) {
        (ExportType::Analytics, Some(query)) => {
            caller.require(Scope::RedemptionsRead)?;
            // The range and zone are pinned now, so the file is the same
            // whenever the job runs.
            let zone = analytics::tenant_zone(&state.records(), &caller.tenant).await?;
            let resolved = analytics::resolve(query, state.now(), zone)?;
            query.start = Some(resolved.start);
            query.end = Some(resolved.end);
            query.time_zone = Some(resolved.zone.name().to_owned());
        }
        (ExportType::Analytics, None) => {
            return Err(ApiError::invalid(
                "query",
                "an analytics export needs its query",
            ))
        }
        (_, Some(_)) => {
            return Err(ApiError::invalid(
                "query",
                "only an analytics export takes a query",
            ))
        }
        (_, None) => {}
    }
    let id = state.new_id(JOB_PREFIX);
    let shown = serde_json::to_value(&export).map_err(|e| ApiError::internal(e.to_string()))?;
    let job = Job::new(id.clone(), JobKind::Export, 0, shown, state.now());
    let location = format!("/v1/promotions/exports/{id}");
    jobs::start::<()>(state, caller, job, &[], spec, location).await
}

fn check_filters(filters: &ExportFilters) -> Result<(), ApiError> {
    for (field, value) in [
        ("filters.campaign_id", &filters.campaign_id),
        ("filters.coupon_id", &filters.coupon_id),
        ("filters.status", &filters.status),
        ("filters.user_id", &filters.user_id),
    ] {
        validate::optional_identifier(field, value.as_deref())?;
    }
    if let (Some(from), Some(to)) = (filters.from, filters.to) {
        if to <= from {
            return Err(ApiError::invalid(
                "filters.to",
                "must be after filters.from",
            ));
        }
    }
    Ok(())
}

async fn export_job(state: &AppState, caller: &Caller, id: &PathId) -> Result<Job, ApiError> {
    jobs::find_of(state, caller, id.as_str(), JobKind::Export, "export").await
}

#[utoipa::path(get, path = "/v1/promotions/exports/{job_id}", tag = "jobs",
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
    let job = export_job(&state, &caller, &id).await?;
    Ok(Json(job.view(state.now())))
}

#[utoipa::path(get, path = "/v1/promotions/exports/{job_id}/file", tag = "jobs",
    params(("job_id" = String, Path)),
    responses((status = 200, description = "the file, CSV or NDJSON as the export's `format` asked", content(
            (String = "text/csv"), (String = "application/x-ndjson"))),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "the export has not finished"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn file(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Response, ApiError> {
    let job = export_job(&state, &caller, &id).await?;
    if job.status != JobStatus::Done {
        return Err(ApiError::new(
            ErrorCode::JobNotFinished,
            format!(
                "the export is {}; its file exists once it is done",
                status_name(job.status)
            ),
        ));
    }
    let spec: ExportBody = serde_json::from_value(job.spec.clone())
        .map_err(|err| ApiError::internal(format!("stored export spec: {err}")))?;
    let start = (state, caller.tenant.clone(), job.id.clone(), Some(0u64));
    let parts = stream::unfold(start, |(state, tenant, id, from)| async move {
        let from = from?;
        match records::exports::parts(&state.records(), &tenant, &id, from).await {
            Ok(parts) if parts.is_empty() => None,
            Ok(parts) => {
                let next = from + parts.len() as u64;
                let bytes: Vec<u8> = parts.concat();
                Some((
                    Ok(bytes::Bytes::from(bytes)),
                    (state, tenant, id, Some(next)),
                ))
            }
            Err(err) => Some((
                Err(std::io::Error::other(err.to_string())),
                (state, tenant, id, None),
            )),
        }
    });
    let disposition = format!(
        "attachment; filename=\"{}.{}\"",
        job.id,
        spec.format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, spec.format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(parts),
    )
        .into_response())
}

fn status_name(status: JobStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
