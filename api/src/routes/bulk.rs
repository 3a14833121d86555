//! `POST /redemptions/bulk`: many redemptions as one asynchronous job.
//!
//! The request is checked row by row up front (a bad row names its field and
//! nothing starts), then answered `202` with the job id. A background task redeems
//! the rows through their coupons' actors, a few at a time, each under an
//! idempotency key derived from the job and row (so a row is never redeemed
//! twice), and records progress and a per-row result, which
//! `GET /redemptions/bulk/{job_id}` returns. The job is stored with its rows
//! ([`bulk_jobs`]), so another node finishes it if this one dies.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_protocol::ids::{new_id, JOB_PREFIX};
use stampede_protocol::limits::MAX_BULK_ROWS;
use stampede_protocol::{Context, ErrorCode};
use stampede_storage::{keys, run, RetryPolicy, SharedStore, StorageError};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::routes::bulk_jobs;
use crate::routes::redemptions::ReferenceType;
use crate::{idempotency, validate, AppState};

/// One row of a bulk request: a single-code redemption.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRow {
    pub coupon_code: String,
    pub user_id: Option<String>,
    pub reference_type: Option<ReferenceType>,
    pub reference_id: Option<String>,
    #[serde(default)]
    pub context: Context,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    pub rows: Vec<BulkRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Running,
    Done,
}

/// What became of one row.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowResult {
    pub row: usize,
    pub coupon_code: String,
    /// `success`, or the error code that refused it.
    pub outcome: String,
    pub redemption_id: Option<String>,
    pub detail: Option<String>,
}

/// A bulk job as stored and returned.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BulkJob {
    pub id: String,
    pub status: JobStatus,
    pub total: usize,
    pub processed: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub results: Vec<RowResult>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn corrupt(err: serde_json::Error) -> StorageError {
    StorageError::Corrupt {
        key: String::from("<json>"),
        detail: err.to_string(),
    }
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
    responses((status = 202, body = BulkJob), (status = 400, body = crate::error::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: JsonBody<BulkBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    let idem = idempotency::from_header(&headers, &method, uri.path(), &body.raw)?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(&state, &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let rows = body.value.rows;
    check_rows(&rows)?;
    let now = state.now();
    let job = BulkJob {
        id: new_id(JOB_PREFIX),
        status: JobStatus::Running,
        total: rows.len(),
        processed: 0,
        succeeded: 0,
        failed: 0,
        results: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    let token = bulk_jobs::new_token();
    let created = create(state.store(), &caller.tenant, &job, &rows, &token, idem).await?;
    if let Some(replay) = created {
        return Ok(replay);
    }
    tokio::spawn(bulk_jobs::work(
        state.clone(),
        caller.tenant.clone(),
        job.clone(),
        rows,
        token,
    ));
    let mut response = (StatusCode::ACCEPTED, Json(&job)).into_response();
    if let Ok(location) =
        HeaderValue::from_str(&format!("/v1/promotions/redemptions/bulk/{}", job.id))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Writes the new job with its rows and claim (and its idempotent response);
/// `Some` replays an earlier one.
async fn create(
    store: &SharedStore,
    tenant: &str,
    job: &BulkJob,
    rows: &[BulkRow],
    token: &str,
    idem: Option<IdemSpec>,
) -> Result<Option<Response>, ApiError> {
    let (tenant, job_value, job) = (
        tenant.to_owned(),
        serde_json::to_value(job).map_err(|e| ApiError::internal(e.to_string()))?,
        job.clone(),
    );
    let (rows, token) = (std::sync::Arc::new(rows.to_vec()), token.to_owned());
    let spec = idem.clone();
    let earlier = run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, job, job_value, spec) =
            (tenant.clone(), job.clone(), job_value.clone(), spec.clone());
        let (rows, token) = (rows.clone(), token.clone());
        Box::pin(async move {
            if let Some(spec) = &spec {
                if let Some(bytes) = tx.get(&keys::idempotency(&tenant, &spec.key)).await? {
                    return Ok(Some(
                        serde_json::from_slice::<IdemRecord>(&bytes).map_err(corrupt)?,
                    ));
                }
                let record = IdemRecord {
                    fingerprint: spec.fingerprint.clone(),
                    status: 202,
                    body: job_value,
                    redemption_id: None,
                    created_at: job.created_at,
                };
                tx.set(
                    &keys::idempotency(&tenant, &spec.key),
                    &serde_json::to_vec(&record).map_err(corrupt)?,
                )?;
            }
            bulk_jobs::write_new(tx, &tenant, &job, &rows, &token)?;
            Ok(None)
        })
    })
    .await?;
    match (earlier, idem) {
        (None, _) => Ok(None),
        (Some(record), Some(spec)) if record.fingerprint == spec.fingerprint => {
            Ok(Some(idempotency::stored_response(&record)))
        }
        (Some(_), _) => Err(ApiError::field(
            ErrorCode::IdempotencyKeyReused,
            "Idempotency-Key",
            "this key was used with a different request",
        )),
    }
}

#[utoipa::path(get, path = "/v1/promotions/redemptions/bulk/{job_id}", tag = "redemptions",
    params(("job_id" = String, Path)), responses((status = 200, body = BulkJob), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<BulkJob>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    let id = path.get("job_id").map(String::as_str).unwrap_or_default();
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::not_found("job"));
    }
    bulk_jobs::read(&state, &caller.tenant, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("job"))
}
