//! `POST /preview` (seed 000 §4): the whole cart with the given codes and every
//! automatic promotion that applies — per-line adjustments, shipping discount,
//! effects, stacking decisions and totals. Side-effect free and idempotent: it
//! reads committed promotions and writes nothing.

use axum::extract::State;
use axum::Json;
use serde_json::Value;
use stampede_actors::promo::{preview as run_preview, Options};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::promo_catalog::{start, Loaded, Started};
use crate::AppState;

pub use crate::promo_context::{check_request, PreviewBody, PreviewOptions, MAX_INLINE_PROMOTIONS};

#[utoipa::path(post, path = "/v1/promotions/preview", tag = "validation", request_body = PreviewBody,
    responses((status = 200, description = "currency, subtotal, discount_total, shipping, shipping_discount, total, items[] with adjustments, shipping_adjustments, effects, decisions, unknown_codes", body = Object),
        (status = 400, body = crate::error::Problem)))]
pub async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<PreviewBody>,
) -> Result<Json<Value>, ApiError> {
    caller.require(Scope::Validate)?;
    let Started {
        body,
        now,
        loaded,
        ctx,
    } = start(&state, &caller.tenant, body.value).await?;
    let options = Options {
        explain: body.options.explain,
    };
    let result = run_preview(&loaded.catalog, &body.codes, &ctx, now, options)
        .map_err(|e| ApiError::invalid("codes", e.to_string()))?;
    let mut report =
        serde_json::to_value(&result).map_err(|e| ApiError::internal(e.to_string()))?;
    with_refusals(&mut report, &loaded);
    Ok(Json(report))
}

/// Shows a refused coupon's decision with its actor's reasons, the ones
/// `/validate` and `/redemptions` give for the same cart.
fn with_refusals(report: &mut Value, loaded: &Loaded) {
    let Some(decisions) = report.get_mut("decisions").and_then(Value::as_array_mut) else {
        return;
    };
    for decision in decisions {
        let id = decision.get("promotion_id").and_then(Value::as_str);
        if let Some(reasons) = id.and_then(|id| loaded.refusal(id)) {
            decision["reasons"] = Value::from(reasons);
        }
    }
}
