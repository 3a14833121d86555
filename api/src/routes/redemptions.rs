//! `/redemptions`: every redemption and void is decided by the coupon's actor;
//! reads come from storage.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::RedeemRequest;
use stampede_protocol::limits::MAX_REASON_LEN_BYTES;
use stampede_protocol::{Context, ErrorCode, Redemption};
use stampede_storage::{keys, RangeOptions};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, QueryParams};
use crate::routes::coupons::read_coupon;
use crate::{idempotency, validate, AppState};

/// What the redemption pays for (seed 000 §5).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceType {
    Order,
    Checkout,
    Gift,
    Manual,
}

/// Body of `POST /redemptions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemBody {
    pub coupon_code: String,
    pub user_id: Option<String>,
    pub reference_type: Option<ReferenceType>,
    pub reference_id: Option<String>,
    #[serde(default)]
    pub context: Context,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Client-chosen id making the redemption idempotent without a header.
    pub redemption_client_id: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidBody {
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// A page of redemptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedemptionPage {
    pub data: Vec<Redemption>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[utoipa::path(post, path = "/v1/promotions/redemptions", tag = "redemptions", request_body = RedeemBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = Redemption),
        (status = 409, body = crate::error::Problem, description = "limit_reached, per_customer_limit_reached"),
        (status = 422, body = crate::error::Problem, description = "expired, not_yet_valid, revoked, inactive, not_eligible, min_cart_value_not_met"),
        (status = 404, body = crate::error::Problem, description = "coupon_not_found"),
        (status = 429, body = crate::error::Problem), (status = 503, body = crate::error::Problem)))]
pub async fn redeem(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: JsonBody<RedeemBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    let request = body.value;
    let code = validate::coupon_code("coupon_code", &request.coupon_code)?;
    validate::optional_identifier("user_id", request.user_id.as_deref())?;
    validate::optional_identifier("reference_id", request.reference_id.as_deref())?;
    validate::optional_identifier(
        "redemption_client_id",
        request.redemption_client_id.as_deref(),
    )?;
    validate::context("context", &request.context)?;
    validate::metadata("metadata", &request.metadata)?;
    let idem = idempotency::for_redemption(
        &headers,
        &method,
        uri.path(),
        &body.raw,
        request.redemption_client_id.as_deref(),
    )?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(state.store(), &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let redeem = RedeemRequest {
        user_id: request.user_id,
        reference_type: request.reference_type.map(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        reference_id: request.reference_id,
        context: request.context,
        metadata: request.metadata,
        idem,
        redemption_client_id: request.redemption_client_id,
    };
    let redemption = state.shards.redeem(&caller.tenant, &code, redeem).await?;
    Ok((StatusCode::CREATED, Json(redemption)).into_response())
}

async fn read_redemption(state: &AppState, tenant: &str, id: &str) -> Result<Redemption, ApiError> {
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::not_found("redemption"));
    }
    let mut tx = state.store().begin().await?;
    let key = keys::redemption(tenant, id);
    let bytes = tx
        .get_snapshot(&key)
        .await?
        .ok_or_else(|| ApiError::not_found("redemption"))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::internal(format!("corrupt redemption {id}: {e}")))
}

#[utoipa::path(get, path = "/v1/promotions/redemptions/{redemption_id}", tag = "redemptions",
    params(("redemption_id" = String, Path)), responses((status = 200, body = Redemption), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<Redemption>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    let id = path
        .get("redemption_id")
        .map(String::as_str)
        .unwrap_or_default();
    Ok(Json(read_redemption(&state, &caller.tenant, id).await?))
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/{redemption_id}/void", tag = "redemptions", request_body = Option<VoidBody>,
    params(("redemption_id" = String, Path)), responses((status = 200, body = Redemption), (status = 404, body = crate::error::Problem)))]
pub async fn void(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonOrEmpty<VoidBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    if let Some(reason) = &body.value.reason {
        if reason.len() > MAX_REASON_LEN_BYTES {
            return Err(ApiError::invalid(
                "reason",
                format!("at most {MAX_REASON_LEN_BYTES} bytes"),
            ));
        }
    }
    let idem = idempotency::from_header(&headers, &method, uri.path(), &body.raw)?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(state.store(), &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let id = path
        .get("redemption_id")
        .map(String::as_str)
        .unwrap_or_default();
    let redemption = read_redemption(&state, &caller.tenant, id).await?;
    let voided = state
        .shards
        .void(
            &caller.tenant,
            &redemption.coupon_code,
            redemption.id,
            body.value.reason,
            idem,
        )
        .await
        .map_err(|err| match ApiError::from(err) {
            e if e.code == ErrorCode::CouponNotFound => ApiError::new(
                ErrorCode::RedemptionNotVoidable,
                "the coupon of this redemption no longer exists",
            ),
            e => e,
        })?;
    Ok(Json(voided).into_response())
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/redemptions", tag = "redemptions",
    params(("coupon_id" = String, Path), PageQuery), responses((status = 200, body = RedemptionPage)))]
pub async fn list_for_coupon(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<RedemptionPage>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::CouponsRead)?;
    }
    let limit = validate::page_limit(query.limit)?;
    let coupon_id = path
        .get("coupon_id")
        .map(String::as_str)
        .unwrap_or_default();
    read_coupon(state.store(), &caller.tenant, coupon_id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))?;
    let (mut begin, end) =
        keys::prefix_range(&keys::coupon_redemptions_prefix(&caller.tenant, coupon_id));
    if let Some(cursor) = &query.cursor {
        validate::identifier("cursor", cursor)?;
        begin = keys::key_after(&keys::coupon_redemption(&caller.tenant, coupon_id, cursor));
    }
    let mut tx = state.store().begin().await?;
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: limit + 1,
            reverse: false,
        })
        .await?;
    let has_more = rows.len() > limit;
    let mut data = Vec::with_capacity(limit);
    for row in rows.iter().take(limit) {
        let Some(id) = keys::redemption_id_of_index(&row.key) else {
            continue;
        };
        let key = keys::redemption(&caller.tenant, &id);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            let redemption: Redemption = serde_json::from_slice(&bytes)
                .map_err(|e| ApiError::internal(format!("corrupt redemption: {e}")))?;
            data.push(redemption);
        }
    }
    let next_cursor = if has_more {
        data.last().map(|r| r.id.clone())
    } else {
        None
    };
    Ok(Json(RedemptionPage {
        data,
        next_cursor,
        has_more,
    }))
}
