//! `POST /eligibility/check` (seed 000 §4): which promotions the context is
//! eligible for — the given codes and the automatic promotions targeting the
//! cart — with every rule clause explained. Nothing is applied or written.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use stampede_actors::promo::{eligibility, ClauseExplain, Options};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::promo_catalog::{start, Started};
use crate::promo_context::PreviewBody;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PromotionEligibility {
    pub promotion_id: String,
    pub code: Option<String>,
    pub automatic: bool,
    pub eligible: bool,
    /// The engine's reasons; for a coupon's code, its actor's (what
    /// `/validate` answers for the same cart).
    pub reasons: Vec<String>,
    /// The promotion's rule clauses, matched or not, with what was observed.
    #[schema(value_type = Vec<Object>)]
    pub matched_rules: Vec<ClauseExplain>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityResult {
    /// Whether any promotion is eligible.
    pub eligible: bool,
    pub promotions: Vec<PromotionEligibility>,
    pub unknown_codes: Vec<String>,
}

#[utoipa::path(post, path = "/v1/promotions/eligibility/check", tag = "validation", request_body = PreviewBody,
    responses((status = 200, body = EligibilityResult), (status = 400, body = crate::error::Problem)))]
pub async fn check(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<PreviewBody>,
) -> Result<Json<EligibilityResult>, ApiError> {
    caller.require(Scope::Validate)?;
    let Started {
        body,
        now,
        loaded,
        ctx,
    } = start(&state, &caller.tenant, body.value).await?;
    let (prepared, unknown) = eligibility(
        &loaded.catalog,
        &body.codes,
        &ctx,
        now,
        Options { explain: true },
    )
    .map_err(|e| ApiError::invalid("codes", e.to_string()))?;
    let promotions: Vec<PromotionEligibility> = prepared
        .into_iter()
        .map(|p| PromotionEligibility {
            reasons: loaded
                .refusal(&p.promotion.def.id)
                .unwrap_or_else(|| p.reasons.iter().map(|r| r.as_str().to_owned()).collect()),
            promotion_id: p.promotion.def.id.clone(),
            code: p.promotion.code.clone(),
            automatic: p.promotion.is_automatic(),
            eligible: p.is_valid(),
            matched_rules: p.explain,
        })
        .collect();
    Ok(Json(EligibilityResult {
        eligible: promotions.iter().any(|p| p.eligible),
        promotions,
        unknown_codes: unknown.into_iter().map(|u| u.code).collect(),
    }))
}
