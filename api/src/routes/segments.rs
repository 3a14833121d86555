//! `/segments` (seed 000 §7): audiences defined by a rule over customer
//! attributes, or by an explicit membership list. Explicit members are stored one
//! key per member (`segmember`), imported in bounded batches and read one key at a
//! time, so a segment of millions costs nothing in memory. Every mutation, member
//! imports and removals included, honours `Idempotency-Key`
//! ([`crate::idempotency::Idempotent`], [`records::idempotency::Once`]).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_actors::records;
use stampede_actors::records::segments::SegmentPatch;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::SEGMENT_PREFIX;
use stampede_protocol::promotion::{Customer, PromoContext};
pub use stampede_protocol::segment::{MembersChanged, SegmentView};
use stampede_protocol::segment::{Segment, SegmentKind};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, NoBody, PathId, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::promo_store::{answer, created};
use crate::query::{compile_at, PageQuery};
use crate::{promo_context, validate, AppState};

/// User ids in one import or removal request; larger lists are sent in pages.
pub const MAX_SEGMENT_BATCH_USERS: usize = 1_000;
/// Segments in one bulk evaluation.
pub const MAX_BULK_SEGMENTS: usize = 20;
/// Longest segment description.
pub const MAX_SEGMENT_DESCRIPTION_BYTES: usize = 2_000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSegment {
    pub name: String,
    pub description: Option<String>,
    /// A rule over customer attributes; absent for an explicit list.
    #[schema(value_type = Option<Object>)]
    pub definition: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchSegment {
    pub version: Option<u64>,
    pub description: Option<String>,
    /// Only for rule segments.
    #[schema(value_type = Option<Object>)]
    pub definition: Option<Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Members {
    pub user_ids: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateBody {
    pub user_id: Option<String>,
    /// Customer facts for rule segments (`attributes.lifetime_spend`, …).
    #[serde(default)]
    pub context: Option<PromoContext>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub segment_id: String,
    pub segment_name: String,
    pub user_id: Option<String>,
    pub member: bool,
    /// `listed` / `not_listed` (explicit), `rule_matched` / `rule_not_matched`.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkUser {
    pub user_id: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub attributes: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkEvaluate {
    pub segment_ids: Vec<String>,
    /// Users by id only.
    #[serde(default)]
    pub user_ids: Vec<String>,
    /// Users with attributes, for rule segments.
    #[serde(default)]
    pub users: Vec<BulkUser>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub results: Vec<Membership>,
}

fn check_description(description: Option<&str>) -> Result<(), ApiError> {
    if description.is_some_and(|d| d.len() > MAX_SEGMENT_DESCRIPTION_BYTES) {
        return Err(ApiError::invalid(
            "description",
            format!("at most {MAX_SEGMENT_DESCRIPTION_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The segment named by the path or a body, or its not-found.
async fn load(state: &AppState, tenant: &str, id: &str) -> Result<Segment, ApiError> {
    records::segments::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("segment"))
}

#[utoipa::path(post, path = "/v1/promotions/segments", tag = "segments", request_body = CreateSegment,
    responses((status = 201, body = SegmentView), (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateSegment>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    validate::identifier("name", &body.name)?;
    check_description(body.description.as_deref())?;
    if let Some(definition) = &body.definition {
        compile_at("definition", definition)?;
    }
    let now = state.now();
    let segment = Segment {
        id: state.new_id(SEGMENT_PREFIX),
        name: body.name,
        description: body.description,
        kind: if body.definition.is_some() {
            SegmentKind::Rule
        } else {
            SegmentKind::Explicit
        },
        definition: body.definition,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let shown = SegmentView {
        member_count: (segment.kind == SegmentKind::Explicit).then_some(0),
        segment: segment.clone(),
    };
    let json = serde_json::to_value(&shown).map_err(|e| ApiError::internal(e.to_string()))?;
    let records = caller.records(&state);
    records::segments::create(
        &records,
        &caller.tenant,
        &segment,
        &json,
        spec.as_ref(),
        now,
    )
    .await?;
    Ok(created(&shown))
}

#[utoipa::path(get, path = "/v1/promotions/segments/{segment_id}", tag = "segments",
    params(("segment_id" = String, Path)), responses((status = 200, body = SegmentView), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<SegmentView>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let segment = load(&state, &caller.tenant, id.as_str()).await?;
    let view = records::segments::view(&caller.records(&state), &caller.tenant, segment).await?;
    Ok(Json(view))
}

#[utoipa::path(get, path = "/v1/promotions/segments", tag = "segments", params(PageQuery),
    responses((status = 200, body = ListPage<Segment>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<Segment>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = query.bounds()?;
    let page =
        records::segments::list(&caller.records(&state), &caller.tenant, cursor, limit).await?;
    Ok(Json(page.into()))
}

#[utoipa::path(patch, path = "/v1/promotions/segments/{segment_id}", tag = "segments", request_body = PatchSegment,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = SegmentView), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<PatchSegment>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    check_description(body.description.as_deref())?;
    if let Some(definition) = &body.definition {
        compile_at("definition", definition)?;
    }
    let patch = SegmentPatch {
        version: body.version,
        description: body.description,
        definition: body.definition,
    };
    let records = caller.records(&state);
    let done = records::segments::patch(
        &records,
        &caller.tenant,
        id.as_str(),
        patch,
        spec,
        state.now(),
    )
    .await?;
    Ok(answer(done, |view| Json(view).into_response()))
}

#[utoipa::path(delete, path = "/v1/promotions/segments/{segment_id}", tag = "segments",
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<NoBody, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent { caller, spec, .. } = request;
    let records = caller.records(&state);
    let done =
        records::segments::delete(&records, &caller.tenant, id.as_str(), spec, state.now()).await?;
    Ok(answer(done, |()| StatusCode::NO_CONTENT.into_response()))
}

fn check_batch(user_ids: &[String]) -> Result<(), ApiError> {
    if user_ids.is_empty() || user_ids.len() > MAX_SEGMENT_BATCH_USERS {
        return Err(ApiError::invalid(
            "user_ids",
            format!("send 1–{MAX_SEGMENT_BATCH_USERS} user ids per request"),
        ));
    }
    for (i, id) in user_ids.iter().enumerate() {
        validate::identifier(&format!("user_ids[{i}]"), id)?;
    }
    Ok(())
}

/// Adds (`add`) or removes members of an explicit segment (the records
/// layer answers in the same transaction, so a retry replays exactly that).
async fn change_members(
    state: &AppState,
    tenant: &str,
    id: &str,
    user_ids: Vec<String>,
    add: bool,
    spec: Option<IdemSpec>,
) -> Result<Response, ApiError> {
    let segment = load(state, tenant, id).await?;
    if segment.kind != SegmentKind::Explicit {
        return Err(ApiError::invalid(
            "segment_id",
            "members belong to explicit segments only",
        ));
    }
    let records = state.records();
    let done =
        records::segments::change_members(&records, tenant, id, user_ids, add, spec, state.now())
            .await?;
    Ok(answer(done, |changed| Json(changed).into_response()))
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/members", tag = "segments", request_body = Members,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MembersChanged), (status = 400, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn import_members(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<Members>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    check_batch(&body.value.user_ids)?;
    let users = body.value.user_ids;
    change_members(&state, &caller.tenant, id.as_str(), users, true, spec).await
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/members/remove", tag = "segments", request_body = Members,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MembersChanged), (status = 422, body = crate::error::Problem)))]
pub async fn remove_members(
    State(state): State<AppState>,
    id: PathId,
    request: Idempotent<JsonBody<Members>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    check_batch(&body.value.user_ids)?;
    let users = body.value.user_ids;
    change_members(&state, &caller.tenant, id.as_str(), users, false, spec).await
}

#[utoipa::path(get, path = "/v1/promotions/segments/{segment_id}/members", tag = "segments",
    params(("segment_id" = String, Path), PageQuery), responses((status = 200, body = ListPage<String>)))]
pub async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<ListPage<String>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let id = id.as_str();
    load(&state, &caller.tenant, id).await?;
    let (cursor, limit) = query.bounds()?;
    let page =
        records::segments::members(&caller.records(&state), &caller.tenant, id, cursor, limit)
            .await?;
    Ok(Json(page.into()))
}

/// Each (segment, user) membership as answered, segments outer.
async fn memberships(
    state: &AppState,
    tenant: &str,
    segments: &[Segment],
    users: &[PromoContext],
) -> Result<Vec<Membership>, ApiError> {
    let found =
        records::segments::evaluate(&state.records(), tenant, segments, users, state.now()).await?;
    let pairs = segments
        .iter()
        .flat_map(|segment| users.iter().map(move |ctx| (segment, ctx)));
    Ok(pairs
        .zip(found)
        .map(|((segment, ctx), (member, reason))| Membership {
            segment_id: segment.id.clone(),
            segment_name: segment.name.clone(),
            user_id: ctx.user_id.clone(),
            member,
            reason,
        })
        .collect())
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/evaluate", tag = "segments", request_body = EvaluateBody,
    params(("segment_id" = String, Path)), responses((status = 200, body = Membership), (status = 404, body = crate::error::Problem)))]
pub async fn evaluate(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonBody<EvaluateBody>,
) -> Result<Json<Membership>, ApiError> {
    caller.require(Scope::Validate)?;
    let body = body.value;
    let mut ctx = body.context.unwrap_or_default();
    if let Some(user) = body.user_id {
        ctx.user_id = Some(user);
    }
    promo_context::check("context", &ctx)?;
    let segment = load(&state, &caller.tenant, id.as_str()).await?;
    let mut found = memberships(&state, &caller.tenant, &[segment], &[ctx]).await?;
    found
        .pop()
        .map(Json)
        .ok_or_else(|| ApiError::internal("no membership evaluated"))
}

#[utoipa::path(post, path = "/v1/promotions/segments/bulk-evaluate", tag = "segments", request_body = BulkEvaluate,
    responses((status = 200, body = BulkResult), (status = 400, body = crate::error::Problem)))]
pub async fn bulk_evaluate(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<BulkEvaluate>,
) -> Result<Json<BulkResult>, ApiError> {
    caller.require(Scope::Validate)?;
    let body = body.value;
    if body.segment_ids.is_empty() || body.segment_ids.len() > MAX_BULK_SEGMENTS {
        return Err(ApiError::invalid(
            "segment_ids",
            format!("1–{MAX_BULK_SEGMENTS} segments"),
        ));
    }
    let users: Vec<PromoContext> = body
        .user_ids
        .into_iter()
        .map(|u| (u, BTreeMap::new()))
        .chain(body.users.into_iter().map(|u| (u.user_id, u.attributes)))
        .map(|(user, attributes)| PromoContext {
            user_id: Some(user),
            customer: Customer {
                attributes,
                ..Customer::default()
            },
            ..PromoContext::default()
        })
        .collect();
    if users.is_empty() || users.len() > MAX_SEGMENT_BATCH_USERS {
        return Err(ApiError::invalid(
            "user_ids",
            format!("1–{MAX_SEGMENT_BATCH_USERS} users"),
        ));
    }
    for (i, ctx) in users.iter().enumerate() {
        promo_context::check(&format!("users[{i}]"), ctx)?;
    }
    let mut segments = Vec::with_capacity(body.segment_ids.len());
    for (i, id) in body.segment_ids.iter().enumerate() {
        validate::identifier(&format!("segment_ids[{i}]"), id)?;
        segments.push(load(&state, &caller.tenant, id).await?);
    }
    let results = memberships(&state, &caller.tenant, &segments, &users).await?;
    Ok(Json(BulkResult { results }))
}
