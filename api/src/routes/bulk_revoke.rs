//! `POST /coupons/bulk-revoke` (seed 000 §13): coupons revoked by a job
//! ([`crate::jobs::revoke`]), by list or by filter, answered `202` with the job.

use axum::extract::State;
use axum::response::Response;
use stampede_protocol::ids::JOB_PREFIX;
use stampede_protocol::job::{Job, JobKind, JobView};

use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::jobs::revoke::{BulkRevokeBody, Target, MAX_REVOKE_LIST};
use crate::{jobs, validate, AppState};

/// The listed coupons, checked.
fn targets(body: &BulkRevokeBody) -> Result<Vec<Target>, ApiError> {
    let listed = body.coupon_ids.len() + body.codes.len();
    match (listed, &body.filters) {
        (0, None) => {
            return Err(ApiError::invalid(
                "coupon_ids",
                "send coupon_ids, codes or filters",
            ))
        }
        (1.., Some(_)) => {
            return Err(ApiError::invalid(
                "filters",
                "send a list or filters, not both",
            ))
        }
        (n, _) if n > MAX_REVOKE_LIST => {
            return Err(ApiError::invalid(
                "coupon_ids",
                format!("at most {MAX_REVOKE_LIST} coupons"),
            ))
        }
        _ => {}
    }
    let mut targets = Vec::with_capacity(listed);
    for (i, id) in body.coupon_ids.iter().enumerate() {
        validate::identifier(&format!("coupon_ids[{i}]"), id)?;
        targets.push(Target::Id(id.clone()));
    }
    for (i, code) in body.codes.iter().enumerate() {
        targets.push(Target::Code(validate::coupon_code(
            &format!("codes[{i}]"),
            code,
        )?));
    }
    if let Some(filters) = &body.filters {
        validate::optional_identifier("filters.campaign_id", filters.campaign_id.as_deref())?;
        validate::optional_identifier("filters.coupon_id", filters.coupon_id.as_deref())?;
    }
    validate::optional_identifier("reason", body.reason.as_deref())?;
    Ok(targets)
}

#[utoipa::path(post, path = "/v1/promotions/coupons/bulk-revoke", tag = "coupons", request_body = BulkRevokeBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the revoke job"),
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
    request: Idempotent<JsonBody<BulkRevokeBody>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let mut revoke = body.value;
    let targets = targets(&revoke)?;
    revoke.coupon_ids.clear();
    revoke.codes.clear();
    let id = state.new_id(JOB_PREFIX);
    let shown = serde_json::to_value(&revoke).map_err(|e| ApiError::internal(e.to_string()))?;
    let job = Job::new(
        id.clone(),
        JobKind::BulkRevoke,
        targets.len() as u64,
        shown,
        state.now(),
    );
    let location = format!("/v1/promotions/jobs/{id}");
    jobs::start(&state, &caller, job, &targets, spec, location).await
}
