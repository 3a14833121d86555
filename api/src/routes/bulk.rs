//! `POST /redemptions/bulk`: many redemptions as one asynchronous job.
//!
//! The request is checked row by row up front (a bad row names its field and
//! nothing starts), then answered `202` with the job id. A background task redeems
//! the rows through their coupons' actors, a few at a time, each under an
//! idempotency key derived from the job and row (so a row is never redeemed
//! twice), and records progress and a per-row result, which
//! `GET /redemptions/bulk/{job_id}` returns (and `GET /jobs/{id}` like every
//! job's). The job is stored with its rows ([`crate::jobs::redeem`]), so
//! another node finishes it if this one dies.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use stampede_protocol::ids::JOB_PREFIX;
use stampede_protocol::job::{Job, JobKind, JobView};
use stampede_protocol::limits::MAX_BULK_ROWS;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId};
use crate::idempotency::{Idempotent, RedemptionsWrite};
use crate::jobs::redeem;
pub use crate::jobs::redeem::{BulkJob, BulkRow, RowResult};
pub use crate::jobs::JobStatus;
use crate::{jobs, validate, AppState};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    pub rows: Vec<BulkRow>,
}

fn check_rows(rows: &[BulkRow]) -> Result<Vec<String>, ApiError> {
    if rows.is_empty() || rows.len() > MAX_BULK_ROWS {
        return Err(ApiError::invalid("rows", format!("1–{MAX_BULK_ROWS} rows")));
    }
    let mut codes = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        codes.push(validate::coupon_code(
            &format!("rows[{i}].coupon_code"),
            &row.coupon_code,
        )?);
        validate::optional_identifier(&format!("rows[{i}].user_id"), row.user_id.as_deref())?;
        validate::optional_identifier(
            &format!("rows[{i}].reference_id"),
            row.reference_id.as_deref(),
        )?;
        validate::context(&format!("rows[{i}].context"), &row.context)?;
        validate::metadata(&format!("rows[{i}].metadata"), &row.metadata)?;
    }
    Ok(codes)
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/bulk", tag = "redemptions", request_body = BulkBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView), (status = 400, body = crate::error::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<BulkBody>, RedemptionsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let rows = body.value.rows;
    check_rows(&rows)?;
    let id = state.new_id(JOB_PREFIX);
    let job = Job::new(
        id.clone(),
        JobKind::BulkRedeem,
        rows.len() as u64,
        serde_json::Value::Null,
        state.now(),
    );
    let location = format!("/v1/promotions/redemptions/bulk/{id}");
    jobs::start(&state, &caller, job, &rows, spec, location).await
}

#[utoipa::path(get, path = "/v1/promotions/redemptions/bulk/{job_id}", tag = "redemptions",
    params(("job_id" = String, Path)), responses((status = 200, body = BulkJob), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<BulkJob>, ApiError> {
    let job = jobs::find_of(&state, &caller, id.as_str(), JobKind::BulkRedeem, "job").await?;
    Ok(Json(redeem::view(&state, &caller.tenant, &job).await?))
}
