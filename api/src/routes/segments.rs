//! `/segments` (seed 000 §7): audiences defined by a rule over customer
//! attributes, or by an explicit membership list. Explicit members are stored one
//! key per member (`segmember`), imported in bounded batches and read one key at a
//! time, so a segment of millions costs nothing in memory. Every mutation, member
//! imports and removals included, honours `Idempotency-Key` ([`promo_store`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::{new_id, SEGMENT_PREFIX};
use stampede_protocol::promotion::{Customer, PromoContext};
use stampede_protocol::segment::{Segment, SegmentKind};
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};
use utoipa::ToSchema;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, QueryParams};
use crate::promo_catalog::is_member;
use crate::promo_store::{self, created, encode, read, read_in, remember};
use crate::routes::rules::{compile_at, PageQuery};
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

#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentView {
    #[serde(flatten)]
    pub segment: Segment,
    /// Members of an explicit segment.
    pub member_count: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SegmentPage {
    pub data: Vec<Segment>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Members {
    pub user_ids: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembersChanged {
    /// Users whose membership changed.
    pub changed: usize,
    /// Users already in (import) or already out (removal).
    pub unchanged: usize,
    pub member_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberPage {
    pub data: Vec<String>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
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

fn segment_id(path: &BTreeMap<String, String>) -> Result<String, ApiError> {
    let id = path.get("segment_id").cloned().unwrap_or_default();
    validate::identifier("segment_id", &id)?;
    Ok(id)
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

async fn load(state: &AppState, tenant: &str, id: &str) -> Result<Segment, ApiError> {
    read::<Segment>(state.store(), &keys::segment(tenant, id))
        .await?
        .ok_or_else(|| ApiError::not_found("segment"))
}

async fn count(state: &AppState, tenant: &str, id: &str) -> Result<i64, ApiError> {
    let mut tx = state.store().begin().await?;
    Ok(count_in(tx.as_mut(), tenant, id).await?)
}

/// Members of an explicit segment, read without a conflict (concurrent imports
/// only add to the counter).
async fn count_in(tx: &mut dyn Transaction, tenant: &str, id: &str) -> Result<i64, StorageError> {
    let bytes = tx.get_snapshot(&keys::segment_count(tenant, id)).await?;
    Ok(bytes
        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
        .map_or(0, i64::from_le_bytes))
}

async fn view(state: &AppState, tenant: &str, segment: Segment) -> Result<SegmentView, ApiError> {
    let member_count = match segment.kind {
        SegmentKind::Explicit => Some(count(state, tenant, &segment.id).await?),
        SegmentKind::Rule => None,
    };
    Ok(SegmentView {
        segment,
        member_count,
    })
}

#[utoipa::path(post, path = "/v1/promotions/segments", tag = "segments", request_body = CreateSegment,
    responses((status = 201, body = SegmentView), (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: JsonBody<CreateSegment>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    let body = body.value;
    validate::identifier("name", &body.name)?;
    check_description(body.description.as_deref())?;
    if let Some(definition) = &body.definition {
        compile_at("definition", definition)?;
    }
    let now = state.now();
    let segment = Segment {
        id: new_id(SEGMENT_PREFIX),
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
    let tenant = caller.tenant.clone();
    let taken = run(state.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, segment, json, spec) =
            (tenant.clone(), segment.clone(), json.clone(), spec.clone());
        Box::pin(async move {
            let name_key = keys::segment_name(&tenant, &segment.name);
            if tx.get(&name_key).await?.is_some() {
                return Ok(true);
            }
            tx.set(&name_key, segment.id.as_bytes())?;
            tx.set(&keys::segment(&tenant, &segment.id), &encode(&segment)?)?;
            tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
            remember(tx, &tenant, spec.as_ref(), 201, &json, now)?;
            Ok::<bool, StorageError>(false)
        })
    })
    .await?;
    if taken {
        return Err(ApiError::invalid("name", "a segment with this name exists"));
    }
    Ok(created(&shown))
}

#[utoipa::path(get, path = "/v1/promotions/segments/{segment_id}", tag = "segments",
    params(("segment_id" = String, Path)), responses((status = 200, body = SegmentView), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<SegmentView>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let id = segment_id(&path)?;
    let segment = load(&state, &caller.tenant, &id).await?;
    Ok(Json(view(&state, &caller.tenant, segment).await?))
}

#[utoipa::path(get, path = "/v1/promotions/segments", tag = "segments", params(PageQuery),
    responses((status = 200, body = SegmentPage)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<SegmentPage>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let limit = validate::page_limit(query.limit)?;
    let page = promo_store::records_page(
        state.store(),
        &keys::segments_prefix(&caller.tenant),
        query.cursor.as_deref(),
        |cursor| keys::segment(&caller.tenant, cursor),
        limit,
        |segment: &Segment| segment.id.clone(),
    )
    .await?;
    Ok(Json(SegmentPage {
        data: page.data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    }))
}

#[utoipa::path(patch, path = "/v1/promotions/segments/{segment_id}", tag = "segments", request_body = PatchSegment,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = SegmentView), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<PatchSegment>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let id = segment_id(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    let body = body.value;
    check_description(body.description.as_deref())?;
    if let Some(definition) = &body.definition {
        compile_at("definition", definition)?;
    }
    let now = state.now();
    let tenant = caller.tenant.clone();
    let body = Arc::new(body);
    let once = promo_store::Once::new(&state, &caller.tenant, spec, now);
    let outcome = promo_store::Once::run(once, patched_view, |tx| {
        let (tenant, id, body) = (tenant.clone(), id.clone(), body.clone());
        Box::pin(async move {
            let key = keys::segment(&tenant, &id);
            let Some(mut segment) = read_in::<Segment>(tx, &key).await? else {
                return Ok(Err(ApiError::not_found("segment")));
            };
            if body.version.is_some_and(|v| v != segment.version) {
                return Ok(Err(ApiError::field(
                    ErrorCode::VersionConflict,
                    "version",
                    format!("stale version; the current version is {}", segment.version),
                )));
            }
            if body.definition.is_some() && segment.kind == SegmentKind::Explicit {
                return Ok(Err(ApiError::invalid(
                    "definition",
                    "an explicit segment has no definition",
                )));
            }
            if let Some(description) = &body.description {
                segment.description = Some(description.clone());
            }
            if let Some(definition) = &body.definition {
                segment.definition = Some(definition.clone());
            }
            segment.updated_at = now;
            segment.version += 1;
            tx.set(&key, &encode(&segment)?)?;
            tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
            let member_count = match segment.kind {
                SegmentKind::Explicit => Some(count_in(tx, &tenant, &id).await?),
                SegmentKind::Rule => None,
            };
            Ok::<Result<SegmentView, ApiError>, StorageError>(Ok(SegmentView {
                segment,
                member_count,
            }))
        })
    })
    .await?;
    let outcome = match outcome {
        Ok(outcome) => outcome?,
        Err(replayed) => return Ok(replayed),
    };
    Ok(Json(outcome).into_response())
}

/// What a patch stores under its key: the segment as answered.
fn patched_view(
    outcome: &Result<SegmentView, ApiError>,
) -> Result<promo_store::Stored, serde_json::Error> {
    match outcome {
        Ok(view) => serde_json::to_value(view).map(|json| Some((200, json))),
        Err(_) => Ok(None),
    }
}

#[utoipa::path(delete, path = "/v1/promotions/segments/{segment_id}", tag = "segments",
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let id = segment_id(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, b"").await? {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    let tenant = caller.tenant.clone();
    let once = promo_store::Once::new(&state, &caller.tenant, spec, state.now());
    let existed = promo_store::Once::run(once, promo_store::deleted, |tx| {
        let (tenant, id) = (tenant.clone(), id.clone());
        Box::pin(async move {
            let key = keys::segment(&tenant, &id);
            let Some(segment) = read_in::<Segment>(tx, &key).await? else {
                return Ok(false);
            };
            tx.clear(&key)?;
            tx.clear(&keys::segment_name(&tenant, &segment.name))?;
            tx.clear(&keys::segment_count(&tenant, &id))?;
            tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
            // One range clear, however many members.
            let (begin, end) = keys::prefix_range(&keys::segment_members_prefix(&tenant, &id));
            tx.clear_range(&begin, &end)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    let existed = match existed {
        Ok(existed) => existed,
        Err(replayed) => return Ok(replayed),
    };
    if existed {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found("segment"))
    }
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

/// Adds (`add`) or removes members in one transaction; the count moves by the
/// number of keys that actually changed. The answer is computed in that
/// transaction, so an idempotent retry replays exactly what was answered.
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
    let users = Arc::new(user_ids);
    let (tenant_owned, id_owned) = (tenant.to_owned(), id.to_owned());
    let once = promo_store::Once::new(&state, tenant, spec, state.now());
    let answer = promo_store::Once::run(once, members_changed, |tx| {
        let (tenant, id, users) = (tenant_owned.clone(), id_owned.clone(), users.clone());
        Box::pin(async move {
            if tx.get(&keys::segment(&tenant, &id)).await?.is_none() {
                return Ok(None);
            }
            let mut changed = 0i64;
            let mut seen = std::collections::BTreeSet::new();
            for user in users.iter().filter(|u| seen.insert(u.as_str())) {
                let key = keys::segment_member(&tenant, &id, user);
                let present = tx.get(&key).await?.is_some();
                if add && !present {
                    tx.set(&key, b"")?;
                    changed += 1;
                } else if !add && present {
                    tx.clear(&key)?;
                    changed += 1;
                }
            }
            let delta = if add { changed } else { -changed };
            let before = count_in(tx, &tenant, &id).await?;
            tx.atomic_add(&keys::segment_count(&tenant, &id), delta)?;
            if changed > 0 {
                // Codes' actors drop cached memberships at their next batch.
                tx.atomic_add(&keys::conditions_epoch(&tenant), 1)?;
            }
            let changed_users = usize::try_from(changed).unwrap_or(0);
            Ok::<Option<MembersChanged>, StorageError>(Some(MembersChanged {
                changed: changed_users,
                unchanged: users.len().saturating_sub(changed_users),
                member_count: before + delta,
            }))
        })
    })
    .await?;
    let answer = match answer {
        Ok(answer) => answer,
        Err(replayed) => return Ok(replayed),
    };
    let answer = answer.ok_or_else(|| ApiError::not_found("segment"))?;
    Ok(Json(answer).into_response())
}

/// What a member change stores under its key.
fn members_changed(
    answer: &Option<MembersChanged>,
) -> Result<promo_store::Stored, serde_json::Error> {
    answer
        .as_ref()
        .map(|a| serde_json::to_value(a).map(|json| (200, json)))
        .transpose()
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/members", tag = "segments", request_body = Members,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MembersChanged), (status = 400, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn import_members(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<Members>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let id = segment_id(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    check_batch(&body.value.user_ids)?;
    change_members(&state, &caller.tenant, &id, body.value.user_ids, true, spec).await
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/members/remove", tag = "segments", request_body = Members,
    params(("segment_id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MembersChanged), (status = 422, body = crate::error::Problem)))]
pub async fn remove_members(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<Members>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let id = segment_id(&path)?;
    let spec =
        match promo_store::idempotent_for(&state, &caller, &method, &uri, &headers, &body.raw)
            .await?
        {
            Ok(spec) => spec,
            Err(replayed) => return Ok(replayed),
        };
    check_batch(&body.value.user_ids)?;
    change_members(
        &state,
        &caller.tenant,
        &id,
        body.value.user_ids,
        false,
        spec,
    )
    .await
}

#[utoipa::path(get, path = "/v1/promotions/segments/{segment_id}/members", tag = "segments",
    params(("segment_id" = String, Path), PageQuery), responses((status = 200, body = MemberPage)))]
pub async fn list_members(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<Json<MemberPage>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let id = segment_id(&path)?;
    load(&state, &caller.tenant, &id).await?;
    let limit = validate::page_limit(query.limit)?;
    let after = match &query.cursor {
        Some(cursor) => {
            validate::identifier("cursor", cursor)?;
            Some(keys::segment_member(&caller.tenant, &id, cursor))
        }
        None => None,
    };
    let prefix = keys::segment_members_prefix(&caller.tenant, &id);
    let (rows, has_more) = promo_store::page(state.store(), &prefix, after, limit).await?;
    let data: Vec<String> = rows
        .iter()
        .filter_map(|kv| keys::user_id_of_segment_member(&kv.key))
        .collect();
    let next_cursor = has_more.then(|| data.last().cloned()).flatten();
    Ok(Json(MemberPage {
        data,
        next_cursor,
        has_more,
    }))
}

async fn membership(
    tx: &mut dyn Transaction,
    tenant: &str,
    segment: &Segment,
    ctx: &PromoContext,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Membership, ApiError> {
    let (member, reason) = is_member(tx, tenant, segment, ctx, now).await?;
    Ok(Membership {
        segment_id: segment.id.clone(),
        segment_name: segment.name.clone(),
        user_id: ctx.user_id.clone(),
        member,
        reason,
    })
}

#[utoipa::path(post, path = "/v1/promotions/segments/{segment_id}/evaluate", tag = "segments", request_body = EvaluateBody,
    params(("segment_id" = String, Path)), responses((status = 200, body = Membership), (status = 404, body = crate::error::Problem)))]
pub async fn evaluate(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<EvaluateBody>,
) -> Result<Json<Membership>, ApiError> {
    caller.require(Scope::Validate)?;
    let id = segment_id(&path)?;
    let body = body.value;
    let mut ctx = body.context.unwrap_or_default();
    if let Some(user) = body.user_id {
        ctx.user_id = Some(user);
    }
    promo_context::check("context", &ctx)?;
    let segment = load(&state, &caller.tenant, &id).await?;
    let mut tx = state.store().begin().await?;
    Ok(Json(
        membership(tx.as_mut(), &caller.tenant, &segment, &ctx, state.now()).await?,
    ))
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
    let now = state.now();
    let mut tx = state.store().begin().await?;
    let mut results = Vec::with_capacity(segments.len() * users.len());
    for segment in &segments {
        for ctx in &users {
            results.push(membership(tx.as_mut(), &caller.tenant, segment, ctx, now).await?);
        }
    }
    Ok(Json(BulkResult { results }))
}
