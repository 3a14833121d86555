//! The sandbox endpoints (seed 000 §16): `POST /test/validate`, `/test/preview`
//! and `/test/generate` answer what the real request would, against the
//! caller's definitions, and change nothing: no use is counted, no code is
//! written, no lock is taken. They run the same code as `/validate`,
//! `/preview` and `/coupons/generate`; only the writing step is left out.
//!
//! With a `test` key the caller's tenant is its sandbox, so these (and every
//! other route) act on sandbox data only.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::jobs::generate::{self, GenerateBody};
use crate::routes::codes::parent_for_codes;
use crate::routes::preview::PreviewBody;
use crate::routes::validate::{ValidateBody, ValidateResponse};
use crate::AppState;

/// Codes `/test/generate` shows at most.
pub const MAX_SAMPLE_CODES: u64 = 100;

/// What a generation would make.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestGenerated {
    pub coupon_id: String,
    /// Codes the real request would make.
    pub count: u64,
    /// The first of them (at most 100), as the pattern draws them: the real
    /// job draws another random sequence from the same pattern.
    pub codes: Vec<String>,
    /// Always `false`: nothing was stored.
    pub written: bool,
}

#[utoipa::path(post, path = "/v1/promotions/test/validate", tag = "sandbox", request_body = ValidateBody,
    responses((status = 200, body = ValidateResponse, description = "the verdicts /validate would give; no use counted"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "bad input (the field is named); options.lock is refused"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no, unknown, expired or unverifiable key or token"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the caller lacks validate, or a token for another tenant"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "a key naming another tenant"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json", description = "rate_limited or overloaded (Retry-After)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn validate(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<ValidateBody>,
) -> Result<Json<ValidateResponse>, ApiError> {
    caller.require(Scope::Validate)?;
    let body = body.value;
    if body.options.lock {
        return Err(ApiError::invalid(
            "options.lock",
            "the sandbox takes no locks; use /validate",
        ));
    }
    Ok(Json(
        crate::routes::validate::answer(&state, &caller, body, None).await?,
    ))
}

#[utoipa::path(post, path = "/v1/promotions/test/preview", tag = "sandbox", request_body = PreviewBody,
    responses((status = 200, description = "the preview /preview would give (it never writes)", body = Object),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "bad input (the field is named)"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no, unknown, expired or unverifiable key or token"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the caller lacks validate, or a token for another tenant"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "a key naming another tenant"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json", description = "rate_limited (Retry-After)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn preview(
    state: State<AppState>,
    caller: Caller,
    body: JsonBody<PreviewBody>,
) -> Result<Json<Value>, ApiError> {
    crate::routes::preview::preview(state, caller, body).await
}

#[utoipa::path(post, path = "/v1/promotions/test/generate", tag = "sandbox", request_body = GenerateBody,
    responses((status = 200, body = TestGenerated, description = "what the generation would make; nothing is stored"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "bad input (the field is named): count, pattern, charset, listed customers or codes"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no, unknown, expired or unverifiable key or token"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the caller lacks coupons:write, or a token for another tenant"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "coupon_not_found, or a key naming another tenant"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json", description = "rate_limited (Retry-After)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn generate(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<GenerateBody>,
) -> Result<Json<TestGenerated>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let Some(coupon_id) = body.coupon_id.clone() else {
        return Err(ApiError::invalid(
            "coupon_id",
            "name the coupon (coupon_id or template_id)",
        ));
    };
    let (spec, listed) = generate::check(&body, coupon_id)?;
    parent_for_codes(&state, &caller.tenant, &spec.coupon_id).await?;
    let shown = spec.count.min(MAX_SAMPLE_CODES);
    let codes = if listed.iter().any(|l| l.code.is_some()) {
        (listed.into_iter().filter_map(|l| l.code))
            .take(shown as usize)
            .collect()
    } else {
        let pattern = spec.pattern()?;
        (0..shown).map(|i| pattern.code(spec.seed, i)).collect()
    };
    Ok(Json(TestGenerated {
        coupon_id: spec.coupon_id,
        count: spec.count,
        codes,
        written: false,
    }))
}
