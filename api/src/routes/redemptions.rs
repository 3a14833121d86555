//! `/redemptions`: every redemption and void is decided by the coupon's actor;
//! reads are the committed records (`records::redemptions`).

mod checkout;

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::{RedeemRequest, VoidMode, VoidRequest};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limits::{MAX_CODES_PER_REQUEST, MAX_REASON_LEN_BYTES};
use stampede_protocol::{Context, ErrorCode, Redemption, RedemptionStatus};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, PathId, QueryParams};
use crate::idempotency::{Keyed, RedemptionIdentity};
use crate::page::ListPage;
use crate::query::PageQuery;
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

/// The status a redemption is created in: `success` (redeem now) or `pending`
/// (reserve: holds the use until confirmed, released or expired).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestedStatus {
    #[default]
    Success,
    Pending,
}

/// Body of `POST /redemptions`: one `coupon_code`, or several `coupon_codes`
/// applied all or nothing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemBody {
    pub coupon_code: Option<String>,
    #[serde(default)]
    pub coupon_codes: Vec<String>,
    #[serde(default)]
    pub status: RequestedStatus,
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
    body: Keyed<JsonBody<RedeemBody>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    let request = &body.value;
    let codes = requested_codes(request)?;
    validate::optional_identifier("user_id", request.user_id.as_deref())?;
    validate::optional_identifier("reference_id", request.reference_id.as_deref())?;
    validate::optional_identifier(
        "redemption_client_id",
        request.redemption_client_id.as_deref(),
    )?;
    validate::context("context", &request.context)?;
    validate::metadata("metadata", &request.metadata)?;
    let identity = body.redemption_identity(request.redemption_client_id.as_deref())?;
    let request = body.into_body().value;
    if let Some(record) = identity.replay(&state, &caller.tenant).await? {
        let body = record.body.clone();
        let status = StatusCode::from_u16(record.status).unwrap_or(StatusCode::CREATED);
        identity
            .bind_header(&state, &caller.tenant, status, &body)
            .await;
        return Ok(idempotency::stored_response(&record));
    }
    let idem = identity.primary.clone();
    let reserve = request.status == RequestedStatus::Pending;
    let multi = !request.coupon_codes.is_empty();
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
        reserve,
        combined_codes: 0,
        checkout_id: None,
        entered_code: request.coupon_code.clone(),
        provenance: caller.provenance(),
        trace: caller.trace.context,
    };
    if multi {
        let entered = &request.coupon_codes;
        let order =
            checkout::all_or_nothing(&state, &caller.tenant, &codes, entered, redeem).await?;
        return created(&state, &caller.tenant, &identity, order).await;
    }
    let redemption = state
        .shards
        .redeem(&caller.tenant, &codes[0], redeem)
        .await?;
    created(&state, &caller.tenant, &identity, redemption).await
}

/// `201` with the answer, once the request's header key (if it came with a
/// client id) is bound to it.
async fn created<T: serde::Serialize>(
    state: &AppState,
    tenant: &str,
    identity: &RedemptionIdentity,
    answer: T,
) -> Result<Response, ApiError> {
    if identity.header.is_none() {
        return Ok((StatusCode::CREATED, Json(answer)).into_response());
    }
    let body = serde_json::to_value(&answer)
        .map_err(|err| ApiError::internal(format!("encoding the answer: {err}")))?;
    identity
        .bind_header(state, tenant, StatusCode::CREATED, &body)
        .await;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The normalized codes of a redeem body: exactly one of `coupon_code` and
/// `coupon_codes`, without duplicates.
fn requested_codes(request: &RedeemBody) -> Result<Vec<String>, ApiError> {
    match (&request.coupon_code, request.coupon_codes.is_empty()) {
        (Some(code), true) => Ok(vec![validate::coupon_code("coupon_code", code)?]),
        (None, false) => {
            if request.coupon_codes.len() > MAX_CODES_PER_REQUEST {
                return Err(ApiError::invalid(
                    "coupon_codes",
                    format!("at most {MAX_CODES_PER_REQUEST} codes"),
                ));
            }
            let mut codes = Vec::with_capacity(request.coupon_codes.len());
            for (i, raw) in request.coupon_codes.iter().enumerate() {
                let code = validate::coupon_code(&format!("coupon_codes[{i}]"), raw)?;
                if codes.contains(&code) {
                    return Err(ApiError::invalid(
                        format!("coupon_codes[{i}]"),
                        "the same code is listed twice",
                    ));
                }
                codes.push(code);
            }
            Ok(codes)
        }
        (Some(_), false) => Err(ApiError::invalid(
            "coupon_codes",
            "send either coupon_code or coupon_codes, not both",
        )),
        (None, true) => Err(ApiError::invalid("coupon_code", "is required")),
    }
}

/// A committed redemption, or 404.
async fn read_redemption(state: &AppState, tenant: &str, id: &str) -> Result<Redemption, ApiError> {
    records::redemptions::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("redemption"))
}

#[utoipa::path(get, path = "/v1/promotions/redemptions/{redemption_id}", tag = "redemptions",
    params(("redemption_id" = String, Path)), responses((status = 200, body = Redemption), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Redemption>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    Ok(Json(
        read_redemption(&state, &caller.tenant, id.as_str()).await?,
    ))
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/{redemption_id}/void", tag = "redemptions", request_body = Option<VoidBody>,
    params(("redemption_id" = String, Path)), responses((status = 200, body = Redemption), (status = 404, body = crate::error::Problem)))]
pub async fn void(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: Keyed<JsonOrEmpty<VoidBody>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    check_reason(body.value.reason.as_deref())?;
    let idem = body.spec()?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(&state, &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let redemption = read_redemption(&state, &caller.tenant, id.as_str()).await?;
    let voided = state
        .shards
        .void(
            &caller.tenant,
            &redemption.coupon_code,
            redemption.id,
            body.value.reason.clone(),
            idem,
            &caller.provenance(),
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
    params(("coupon_id" = String, Path), PageQuery), responses((status = 200, body = ListPage<Redemption>)))]
pub async fn list_for_coupon(
    State(state): State<AppState>,
    caller: Caller,
    coupon_id: PathId,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<Redemption>>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::CouponsRead)?;
    }
    let (cursor, limit) = query.bounds()?;
    let records = state.records();
    records::coupons::get(&records, &caller.tenant, coupon_id.as_str())
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))?;
    let page = records::redemptions::of_coupon(
        &records,
        &caller.tenant,
        coupon_id.as_str(),
        cursor,
        limit,
    )
    .await?;
    Ok(Json(page.into()))
}

/// Redemptions one order (reference) may list or void in one request.
pub const MAX_REDEMPTIONS_PER_REFERENCE: usize =
    records::redemptions::MAX_REDEMPTIONS_PER_REFERENCE;

/// Sends a confirm, release or void of a stored redemption to its coupon's actor.
async fn settle(
    state: &AppState,
    caller: &Caller,
    idem: Option<IdemSpec>,
    id: &str,
    action: Settle,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(state, &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let redemption = read_redemption(state, &caller.tenant, id).await?;
    let settled = settle_one(state, caller, idem, redemption, action).await?;
    Ok(Json(settled).into_response())
}

/// What to do with a reservation.
pub(crate) enum Settle {
    Confirm,
    Release(Option<String>),
}

/// Confirms or releases one stored redemption through its coupon's actor:
/// the one path of the single-reservation routes and of an order-level lock's.
pub(crate) async fn settle_one(
    state: &AppState,
    caller: &Caller,
    idem: Option<IdemSpec>,
    redemption: Redemption,
    action: Settle,
) -> Result<Redemption, ApiError> {
    let (tenant, code, rid) = (&caller.tenant, &redemption.coupon_code, redemption.id);
    let answer = match action {
        Settle::Confirm => {
            let by = caller.provenance();
            state.shards.confirm(tenant, code, rid, idem, &by).await
        }
        Settle::Release(reason) => {
            let request = VoidRequest {
                redemption_id: rid,
                reason,
                idem,
                mode: VoidMode::Release,
                provenance: caller.provenance(),
            };
            state.shards.void_with(tenant, code, request).await
        }
    };
    answer.map_err(|err| match ApiError::from(err) {
        e if e.code == ErrorCode::CouponNotFound => ApiError::new(
            ErrorCode::RedemptionNotPending,
            "the coupon of this redemption no longer exists",
        ),
        e => e,
    })
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/{redemption_id}/confirm", tag = "redemptions",
    params(("redemption_id" = String, Path)),
    responses((status = 200, body = Redemption),
        (status = 409, body = crate::error::Problem, description = "reservation_expired, redemption_not_pending")))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: Keyed<JsonOrEmpty<VoidBody>>,
) -> Result<Response, ApiError> {
    let idem = body.spec()?;
    settle(&state, &caller, idem, id.as_str(), Settle::Confirm).await
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/{redemption_id}/release", tag = "redemptions", request_body = Option<VoidBody>,
    params(("redemption_id" = String, Path)),
    responses((status = 200, body = Redemption),
        (status = 409, body = crate::error::Problem, description = "redemption_not_pending: it was confirmed")))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: Keyed<JsonOrEmpty<VoidBody>>,
) -> Result<Response, ApiError> {
    check_reason(body.value.reason.as_deref())?;
    let idem = body.spec()?;
    let action = Settle::Release(body.value.reason.clone());
    settle(&state, &caller, idem, id.as_str(), action).await
}

fn check_reason(reason: Option<&str>) -> Result<(), ApiError> {
    match reason {
        Some(reason) if reason.len() > MAX_REASON_LEN_BYTES => Err(ApiError::invalid(
            "reason",
            format!("at most {MAX_REASON_LEN_BYTES} bytes"),
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReferenceQuery {
    pub reference_id: Option<String>,
}

/// The redemptions of one order, oldest first.
async fn by_reference(
    state: &AppState,
    tenant: &str,
    reference_id: &str,
) -> Result<Vec<Redemption>, ApiError> {
    Ok(records::redemptions::by_reference(&state.records(), tenant, reference_id).await?)
}

#[utoipa::path(get, path = "/v1/promotions/redemptions", tag = "redemptions", params(ReferenceQuery),
    responses((status = 200, body = ListPage<Redemption>), (status = 400, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<ReferenceQuery>,
) -> Result<Json<ListPage<Redemption>>, ApiError> {
    if caller.require(Scope::RedemptionsRead).is_err() {
        caller.require(Scope::RedemptionsWrite)?;
    }
    let Some(reference_id) = query.reference_id else {
        return Err(ApiError::invalid(
            "reference_id",
            "is required (redemptions of a coupon are listed under /coupons/{id}/redemptions)",
        ));
    };
    validate::identifier("reference_id", &reference_id)?;
    let data = by_reference(&state, &caller.tenant, &reference_id).await?;
    Ok(Json(ListPage {
        data,
        next_cursor: None,
        has_more: false,
    }))
}

/// Body of `POST /redemptions/void-by-reference`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidByReferenceBody {
    pub reference_id: String,
    pub reason: Option<String>,
}

/// What a void by reference did.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoidByReferenceResult {
    pub reference_id: String,
    /// Redemptions this request voided (a repeat voids none).
    pub voided: Vec<Redemption>,
    /// Every redemption of the order as it now stands.
    pub redemptions: Vec<Redemption>,
}

#[utoipa::path(post, path = "/v1/promotions/redemptions/void-by-reference", tag = "redemptions", request_body = VoidByReferenceBody,
    responses((status = 200, body = VoidByReferenceResult), (status = 404, body = crate::error::Problem)))]
pub async fn void_by_reference(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<VoidByReferenceBody>,
) -> Result<Json<VoidByReferenceResult>, ApiError> {
    caller.require(Scope::RedemptionsWrite)?;
    let body = body.value;
    validate::identifier("reference_id", &body.reference_id)?;
    check_reason(body.reason.as_deref())?;
    let order = by_reference(&state, &caller.tenant, &body.reference_id).await?;
    if order.is_empty() {
        return Err(ApiError::not_found("redemption with this reference_id"));
    }
    let shards = &state.shards;
    let voids = order.iter().filter(|r| r.holds_use()).map(|r| {
        let request = VoidRequest {
            redemption_id: r.id.clone(),
            reason: body.reason.clone(),
            idem: None,
            mode: VoidMode::Void,
            provenance: caller.provenance(),
        };
        let (tenant, code) = (&caller.tenant, &r.coupon_code);
        async move {
            let answer = shards.void_with(tenant, code, request).await;
            (r, answer)
        }
    });
    let mut voided = Vec::new();
    let mut failure = None;
    for (before, answer) in futures::future::join_all(voids).await {
        match answer {
            // Voided by this request only if it held a use before and not now.
            Ok(after)
                if before.holds_use()
                    && after.voided_at.is_some()
                    && after.status == RedemptionStatus::Voided =>
            {
                voided.push(after)
            }
            Ok(_) => {}
            Err(err) => {
                failure.get_or_insert(err);
            }
        }
    }
    if let Some(err) = failure {
        return Err(err.into());
    }
    let redemptions = by_reference(&state, &caller.tenant, &body.reference_id).await?;
    Ok(Json(VoidByReferenceResult {
        reference_id: body.reference_id,
        voided,
        redemptions,
    }))
}
