//! `POST /validate`: what each code would do to this cart, without side effects.
//! Answered by each code's actor, so `limit_reached` reflects every decision made,
//! committed or not.

use axum::extract::State;

use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use stampede_actors::engine::Explain;
use stampede_actors::{ActorError, RedeemRequest};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limits::MAX_CODES_PER_REQUEST;
use stampede_protocol::{Context, ErrorCode};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::idempotency::Keyed;
use crate::{validate as check, AppState};

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateOptions {
    #[serde(default)]
    pub explain: bool,
    /// Also answer the best combination of the valid codes and the automatic
    /// promotions (`best_combination`, a full preview), searched exactly for at
    /// most `MAX_COMBINATION_CODES` codes.
    #[serde(default)]
    pub simulate_best_combination: bool,
    /// Reserve each valid code (seed 004's lock): a pending redemption holds the
    /// use until it is confirmed, released, or expires. Needs `redemptions:write`.
    #[serde(default)]
    pub lock: bool,
}

/// The reservation a locked validate took.
#[derive(Debug, Serialize, ToSchema)]
pub struct Lock {
    /// Confirm with `POST /redemptions/{id}/confirm`, release with `/release`.
    pub redemption_id: String,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Body of `POST /validate` (seed 000 §4).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateBody {
    #[serde(default)]
    pub codes: Vec<String>,
    /// A single code, as an alternative to `codes`.
    pub code: Option<String>,
    #[serde(default)]
    pub context: Context,
    #[serde(default)]
    pub options: ValidateOptions,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExplainEntry {
    pub clause: String,
    pub matched: bool,
    pub detail: String,
}

/// The verdict for one code.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeResult {
    pub code: String,
    pub valid: bool,
    pub reasons: Vec<ErrorCode>,
    #[schema(value_type = f64)]
    pub applied_discount: Decimal,
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<ExplainEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock: Option<Lock>,
    /// What the code grants besides money off: free products, loyalty points,
    /// a custom payload.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub effects: Vec<stampede_actors::promo::Effect>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ValidateResponse {
    pub results: Vec<CodeResult>,
    /// With `options.simulate_best_combination`: the preview of the best
    /// combination (applied promotions, per-line adjustments, totals).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub best_combination: Option<serde_json::Value>,
}

#[utoipa::path(post, path = "/v1/promotions/validate", tag = "validation", request_body = ValidateBody,
    responses((status = 200, body = ValidateResponse), (status = 400, body = crate::error::Problem)))]
pub async fn validate(
    State(state): State<AppState>,
    caller: Caller,
    body: Keyed<JsonBody<ValidateBody>>,
) -> Result<Json<ValidateResponse>, ApiError> {
    caller.require(Scope::Validate)?;
    let idem = if body.value.options.lock {
        caller.require(Scope::RedemptionsWrite)?;
        body.spec()?
    } else {
        None
    };
    let body = body.into_body().value;
    Ok(Json(answer(&state, &caller, body, idem).await?))
}

/// The verdicts of a validate request (also the sandbox's `/test/validate`,
/// which takes no locks).
pub(crate) async fn answer(
    state: &AppState,
    caller: &Caller,
    body: ValidateBody,
    idem: Option<IdemSpec>,
) -> Result<ValidateResponse, ApiError> {
    let mut codes = body.codes;
    codes.extend(body.code);
    if codes.is_empty() {
        return Err(ApiError::invalid("codes", "at least one code is required"));
    }
    if codes.len() > MAX_CODES_PER_REQUEST {
        return Err(ApiError::invalid(
            "codes",
            format!("at most {MAX_CODES_PER_REQUEST} codes"),
        ));
    }
    check::context("context", &body.context)?;
    let mut normalized = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        normalized.push(check::coupon_code(&format!("codes[{i}]"), code)?);
    }
    let asks = normalized.iter().zip(&codes).map(|(code, entered)| {
        let entered = Some(entered.clone());
        let context = body.context.clone();
        let trace = caller.trace.context;
        state
            .shards
            .validate_traced(&caller.tenant, code, entered, context, trace)
    });
    let mut answers = futures::future::join_all(asks).await;
    for outcome in answers.iter_mut().flatten() {
        crate::routes::campaigns::check_campaign(state, &caller.tenant, outcome).await?;
    }
    let mut results = Vec::with_capacity(codes.len());
    for (code, answer) in normalized.into_iter().zip(answers) {
        results.push(result_for(code, answer, body.options.explain)?);
    }
    if body.options.lock {
        lock_valid(state, &caller.tenant, &body.context, idem, &mut results).await?;
    }
    let best_combination = if body.options.simulate_best_combination {
        Some(best_combination(state, &caller.tenant, &results, &body.context).await?)
    } else {
        None
    };
    Ok(ValidateResponse {
        results,
        best_combination,
    })
}

/// The preview of the best combination of the codes the actors found valid (and
/// codes that name campaign promotions rather than coupons) with the automatic
/// promotions for the cart.
async fn best_combination(
    state: &AppState,
    tenant: &str,
    results: &[CodeResult],
    context: &Context,
) -> Result<serde_json::Value, ApiError> {
    use stampede_actors::promo::bounds::MAX_COMBINATION_CODES;
    let codes: Vec<String> = results
        .iter()
        .filter(|r| r.valid || r.reasons == [ErrorCode::CouponNotFound])
        .map(|r| r.code.clone())
        .collect();
    if codes.len() > MAX_COMBINATION_CODES {
        return Err(ApiError::invalid(
            "codes",
            format!("the best combination is searched for at most {MAX_COMBINATION_CODES} codes"),
        ));
    }
    let ctx = context.to_promo();
    let now = state.now();
    let verdicts = crate::promo_catalog::Verdicts::Valid;
    let loaded = crate::promo_catalog::load(
        &state.records(),
        verdicts,
        tenant,
        &ctx,
        &codes,
        Vec::new(),
        now,
    )
    .await?;
    let ctx = crate::promo_catalog::with_segments(&ctx, loaded.segments);
    let preview =
        stampede_actors::promo::preview(&loaded.catalog, &codes, &ctx, now, Default::default())
            .map_err(|e| ApiError::invalid("codes", e.to_string()))?;
    serde_json::to_value(&preview).map_err(|e| ApiError::internal(e.to_string()))
}

/// Reserves every valid code. A code that turns invalid between the verdict and
/// the reservation (another checkout took the last use) is reported invalid.
async fn lock_valid(
    state: &AppState,
    tenant: &str,
    context: &Context,
    idem: Option<IdemSpec>,
    results: &mut [CodeResult],
) -> Result<(), ApiError> {
    let reserves = results.iter().filter(|r| r.valid).map(|result| {
        let request = RedeemRequest {
            user_id: context.user_id.clone(),
            context: context.clone(),
            idem: idem.as_ref().map(|i| IdemSpec {
                key: format!("{}#lock#{}", i.key, result.code),
                fingerprint: i.fingerprint.clone(),
            }),
            reserve: true,
            ..RedeemRequest::default()
        };
        state.shards.redeem(tenant, &result.code, request)
    });
    let answers = futures::future::join_all(reserves).await;
    let valid = results.iter_mut().filter(|r| r.valid);
    for (result, answer) in valid.zip(answers) {
        match answer {
            Ok(redemption) => {
                result.lock = Some(Lock {
                    redemption_id: redemption.id,
                    expires_at: redemption.expires_at,
                })
            }
            Err(ActorError::Refused { code, .. }) => {
                result.valid = false;
                result.reasons = vec![code];
                result.applied_discount = Decimal::ZERO;
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

fn result_for(
    code: String,
    answer: Result<stampede_actors::ValidateOutcome, ActorError>,
    explain: bool,
) -> Result<CodeResult, ApiError> {
    match answer {
        Ok(outcome) => {
            let evaluation = outcome.evaluation;
            Ok(CodeResult {
                code,
                valid: evaluation.is_valid(),
                reasons: evaluation.reasons.clone(),
                applied_discount: evaluation.discount,
                currency: evaluation.currency.clone(),
                coupon_id: Some(outcome.coupon_id),
                effects: evaluation.effects.clone(),
                explain: explain
                    .then(|| evaluation.explain.into_iter().map(explain_entry).collect()),
                lock: None,
            })
        }
        Err(ActorError::CouponNotFound) => Ok(CodeResult {
            code,
            valid: false,
            reasons: vec![ErrorCode::CouponNotFound],
            applied_discount: Decimal::ZERO,
            currency: None,
            coupon_id: None,
            explain: None,
            lock: None,
            effects: Vec::new(),
        }),
        Err(err) => Err(err.into()),
    }
}

fn explain_entry(e: Explain) -> ExplainEntry {
    ExplainEntry {
        clause: e.clause,
        matched: e.matched,
        detail: e.detail,
    }
}
