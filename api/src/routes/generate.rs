//! `POST /coupons/generate` (seed 000 §1) and `POST /coupons/{id}/generate`
//! (seed 002's bulk generation): codes of a coupon made by a job
//! ([`crate::jobs::generate`]), answered `202` with the job (`GET /jobs/{id}`).

use axum::extract::State;
use axum::response::Response;
use stampede_protocol::ids::JOB_PREFIX;
use stampede_protocol::job::{Job, JobKind, JobView};

use crate::error::ApiError;
use crate::extract::{JsonBody, PathId};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::jobs::generate::{self, GenerateBody};
use crate::routes::codes::parent_for_codes;
use crate::{jobs, AppState};

#[utoipa::path(post, path = "/v1/promotions/coupons/generate", tag = "codes", request_body = GenerateBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the job making the codes"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn generate(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<GenerateBody>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let body = request.body.value.clone();
    let Some(coupon_id) = body.coupon_id.clone() else {
        return Err(ApiError::invalid(
            "coupon_id",
            "name the coupon (coupon_id or template_id)",
        ));
    };
    start(state, request, coupon_id).await
}

#[utoipa::path(post, path = "/v1/promotions/coupons/{coupon_id}/generate", tag = "codes", request_body = GenerateBody,
    params(("coupon_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 202, body = JobView, description = "the job making the codes"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks the scope"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_in_flight"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "idempotency_key_reused"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn generate_for(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<GenerateBody>, CouponsWrite>,
) -> Result<Response, ApiError> {
    if let Some(named) = &request.body.value.coupon_id {
        if named != id.as_str() {
            return Err(ApiError::invalid(
                "coupon_id",
                "differs from the coupon in the path",
            ));
        }
    }
    start(state, request, id.as_str().to_owned()).await
}

async fn start(
    state: AppState,
    request: Idempotent<JsonBody<GenerateBody>, CouponsWrite>,
    coupon_id: String,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let (generation, listed) = generate::check(&body.value, coupon_id)?;
    parent_for_codes(&state, &caller.tenant, &generation.coupon_id).await?;
    let id = state.new_id(JOB_PREFIX);
    let shown = serde_json::to_value(&generation).map_err(|e| ApiError::internal(e.to_string()))?;
    let job = Job::new(
        id.clone(),
        JobKind::GenerateCodes,
        generation.count,
        shown,
        state.now(),
    );
    let location = format!("/v1/promotions/jobs/{id}");
    jobs::start(&state, &caller, job, &listed, spec, location).await
}
