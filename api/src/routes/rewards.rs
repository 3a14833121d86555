//! `/rewards` (seed 002): the tenant's reward items and the grants coupons
//! made of them.
//!
//! `POST/GET /rewards`, `GET/PATCH/DELETE /rewards/{item_id}` (a delete keeps
//! a hidden tombstone: coupons naming the item keep granting it, new coupons
//! and patches cannot name it), and `GET /rewards/grants` filtered by
//! `user_id`, `reward_item_id` and `status`. Grants are written by coupon
//! actors with the redemption they belong to (`stampede_actors::records::rewards`).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;
use stampede_actors::records::{self, rewards::GrantFilter, RecordError};
use stampede_protocol::reward::{
    check_payload, GrantStatus, RewardGrant, RewardItem, RewardType, MAX_REWARD_DESCRIPTION_BYTES,
    MAX_REWARD_NAME_BYTES, REWARD_ITEM_PREFIX,
};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::promo_store::{answer, created};
use crate::query::PageQuery;
use crate::{validate, AppState};

/// Body of `POST /rewards` (seed 002's reward item).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRewardItem {
    /// 1–256 bytes, one line.
    pub name: String,
    /// At most 2,048 bytes.
    pub description: Option<String>,
    pub reward_type: RewardType,
    /// At most 4 KiB of JSON; `points` holds a positive integer `amount`.
    #[schema(value_type = Option<Object>)]
    pub payload: Option<BTreeMap<String, Value>>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, Value>>,
}

/// Body of `PATCH /rewards/{item_id}`: absent fields are kept.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchRewardItem {
    pub name: Option<String>,
    pub description: Option<String>,
    /// A new type re-checks the payload (given or kept).
    pub reward_type: Option<RewardType>,
    #[schema(value_type = Option<Object>)]
    pub payload: Option<BTreeMap<String, Value>>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, Value>>,
}

/// `GET /rewards/grants` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GrantQuery {
    pub user_id: Option<String>,
    pub reward_item_id: Option<String>,
    /// `granted` or `voided`.
    pub status: Option<GrantStatus>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// A one-line text of 1–`max` bytes.
fn check_name(field: &str, text: &str, max: usize) -> Result<(), ApiError> {
    if text.trim().is_empty() || text.len() > max {
        return Err(ApiError::invalid(field, format!("must be 1–{max} bytes")));
    }
    if text.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

fn check_description(text: Option<&str>) -> Result<(), ApiError> {
    let Some(text) = text else { return Ok(()) };
    if text.len() > MAX_REWARD_DESCRIPTION_BYTES {
        return Err(ApiError::invalid(
            "description",
            format!("must be at most {MAX_REWARD_DESCRIPTION_BYTES} bytes"),
        ));
    }
    Ok(())
}

fn check_create(body: &CreateRewardItem) -> Result<(), ApiError> {
    check_name("name", &body.name, MAX_REWARD_NAME_BYTES)?;
    check_description(body.description.as_deref())?;
    check_payload(body.reward_type, &body.payload.clone().unwrap_or_default())?;
    if let Some(metadata) = &body.metadata {
        validate::metadata("metadata", metadata)?;
    }
    Ok(())
}

#[utoipa::path(post, path = "/v1/promotions/rewards", tag = "rewards", request_body = CreateRewardItem,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = RewardItem),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON, or an Idempotency-Key reused for another request")))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateRewardItem>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    check_create(&body)?;
    let (id, now) = (state.new_id(REWARD_ITEM_PREFIX), state.now());
    let item = RewardItem {
        item_id: id.clone(),
        id,
        name: body.name,
        description: body.description,
        reward_type: body.reward_type,
        payload: body.payload.unwrap_or_default(),
        metadata: body.metadata.unwrap_or_default(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let records = caller.records(&state);
    let done = records::rewards::create(&records, &caller.tenant, &item, spec).await?;
    Ok(answer(done, |i| created(&i)))
}

#[utoipa::path(get, path = "/v1/promotions/rewards", tag = "rewards", params(PageQuery),
    responses((status = 200, body = ListPage<RewardItem>, description = "live items, oldest first"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<RewardItem>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = query.bounds()?;
    let records = caller.records(&state);
    let page = records::rewards::list(&records, &caller.tenant, cursor, limit).await?;
    Ok(Json(page.into()))
}

#[utoipa::path(get, path = "/v1/promotions/rewards/{item_id}", tag = "rewards",
    params(("item_id" = String, Path)),
    responses((status = 200, body = RewardItem),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such (live) item")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<RewardItem>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    records::rewards::get(&caller.records(&state), &caller.tenant, id.as_str())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("reward item"))
}

fn check_patch(body: &PatchRewardItem) -> Result<(), ApiError> {
    if let Some(name) = &body.name {
        check_name("name", name, MAX_REWARD_NAME_BYTES)?;
    }
    check_description(body.description.as_deref())?;
    if let Some(metadata) = &body.metadata {
        validate::metadata("metadata", metadata)?;
    }
    Ok(())
}

/// Applies a checked patch; the payload is re-checked against the type.
fn apply_patch(item: &mut RewardItem, body: &PatchRewardItem) -> Result<(), RecordError> {
    let kind = body.reward_type.unwrap_or(item.reward_type);
    let payload = body.payload.as_ref().unwrap_or(&item.payload);
    check_payload(kind, payload).map_err(|e| RecordError::invalid(e.field, e.message))?;
    item.reward_type = kind;
    item.payload = payload.clone();
    if let Some(name) = &body.name {
        item.name.clone_from(name);
    }
    if let Some(description) = &body.description {
        item.description = Some(description.clone());
    }
    if let Some(metadata) = &body.metadata {
        item.metadata.clone_from(metadata);
    }
    Ok(())
}

#[utoipa::path(patch, path = "/v1/promotions/rewards/{item_id}", tag = "rewards", request_body = PatchRewardItem,
    params(("item_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = RewardItem),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown field, named (a payload that does not fit the type names `payload` or `payload.amount`)"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such (live) item"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON, or an Idempotency-Key reused for another request")))]
pub async fn patch(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<PatchRewardItem>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    check_patch(&body.value)?;
    let body = Arc::new(body.value);
    let apply = move |item: &mut RewardItem| apply_patch(item, &body);
    let records = caller.records(&state);
    let tenant = &caller.tenant;
    let done =
        records::rewards::patch(&records, tenant, id.as_str(), apply, spec, state.now()).await?;
    Ok(answer(done, |i| Json(i).into_response()))
}

#[utoipa::path(delete, path = "/v1/promotions/rewards/{item_id}", tag = "rewards",
    params(("item_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204, description = "deleted: hidden, and no longer accepted as a coupon's reward_item_id; coupons naming it keep granting it"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such (live) item")))]
pub async fn delete(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<crate::extract::NoBody, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent { caller, spec, .. } = request;
    let records = caller.records(&state);
    let tenant = &caller.tenant;
    let done = records::rewards::delete(&records, tenant, id.as_str(), spec, state.now()).await?;
    Ok(answer(done, |()| StatusCode::NO_CONTENT.into_response()))
}

#[utoipa::path(get, path = "/v1/promotions/rewards/grants", tag = "rewards", params(GrantQuery),
    responses((status = 200, body = ListPage<RewardGrant>, description = "grants, oldest redemption first; a page may come back short after reading 5,000 grants, with has_more"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key")))]
pub async fn grants(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<GrantQuery>,
) -> Result<Json<ListPage<RewardGrant>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    validate::optional_identifier("user_id", query.user_id.as_deref())?;
    validate::optional_identifier("reward_item_id", query.reward_item_id.as_deref())?;
    let (_, limit) = validate::page(None, query.limit)?;
    let filter = GrantFilter {
        user_id: query.user_id,
        reward_item_id: query.reward_item_id,
        status: query.status,
    };
    let records = caller.records(&state);
    let cursor = query.cursor.as_deref();
    let page = records::rewards::grants(&records, &caller.tenant, &filter, cursor, limit).await?;
    Ok(Json(page.into()))
}
