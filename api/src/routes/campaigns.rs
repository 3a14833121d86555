//! `/campaigns`: create (written here, directly: no actor exists yet), read (the
//! committed record from storage, with usage summed from the coupons' leases), and
//! every change and lifecycle action through the campaign's actor, the only writer
//! of a campaign after creation.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_actors::campaign::{CampaignChange, ChangeKind};
use stampede_protocol::campaign::{
    Budget, Campaign, CampaignPatch, CampaignStatus, GateState, LeaseSpend, Quota,
};
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_protocol::ids::{new_id, CAMPAIGN_PREFIX};
use stampede_protocol::limits::{
    MAX_BUDGET_CURRENCIES, MAX_CAMPAIGN_CHANNELS, MAX_DESCRIPTION_LEN_BYTES, MAX_USES_LIMIT,
};
use stampede_protocol::{Coupon, ErrorCode};
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, SharedStore, StorageError};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, QueryParams};
use crate::{idempotency, validate, AppState};

/// Leases read when summing a campaign's usage; past it usage is partial.
const MAX_USAGE_LEASES_READ: usize = 10_000;
/// Coupons scanned when listing a campaign's assets.
const MAX_ASSET_SCAN_ROWS: usize = 10_000;

/// Body of `POST /campaigns` (seed 000 §2).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCampaign {
    pub name: String,
    pub description: Option<String>,
    /// `draft` (default) or `active` (checked like `activate`).
    pub status: Option<CampaignStatus>,
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub budget: Budget,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// IANA time zone (e.g. `Europe/London`) for daily caps; default UTC.
    pub time_zone: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, serde_json::Value>>,
}

/// How much of the budget is used.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignUsage {
    /// Quota leased to coupons (spent or not); never more than the budget.
    pub leased: Quota,
    /// Quota spent by redemptions (success or pending).
    pub spent: Quota,
    /// Coupons holding a lease.
    pub coupons: usize,
}

/// A campaign with its usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    #[serde(flatten)]
    pub campaign: Campaign,
    pub usage: CampaignUsage,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignPage {
    pub data: Vec<Campaign>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CampaignListQuery {
    pub status: Option<CampaignStatus>,
    pub channel: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// Optional body of the lifecycle actions.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LifecycleBody {
    /// Optional optimistic-concurrency check.
    pub version: Option<u64>,
    pub reason: Option<String>,
}

/// What is attached to a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignAssets {
    pub campaign_id: String,
    pub coupons: Vec<Coupon>,
    /// The campaign's promotions (seed 001).
    #[schema(value_type = Vec<Object>)]
    pub promotions: Vec<stampede_protocol::promotion::CampaignPromotion>,
    /// Rules the promotions' eligibility criteria reference.
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<stampede_protocol::rule::Rule>,
    /// Segments the promotions' eligibility criteria reference.
    #[schema(value_type = Vec<Object>)]
    pub segments: Vec<stampede_protocol::segment::Segment>,
    /// True when the coupon scan stopped at its bound before seeing every coupon.
    pub truncated: bool,
}

fn check_budget(budget: &Budget) -> Result<(), ApiError> {
    if budget.max_redemptions.is_some_and(|m| m > MAX_USES_LIMIT) {
        return Err(ApiError::invalid(
            "budget.max_redemptions",
            format!("must be at most {MAX_USES_LIMIT}"),
        ));
    }
    if budget.money.len() > MAX_BUDGET_CURRENCIES {
        return Err(ApiError::invalid(
            "budget.money",
            format!("at most {MAX_BUDGET_CURRENCIES} currencies"),
        ));
    }
    for (currency, amount) in &budget.money {
        let field = format!("budget.money.{currency}");
        validate::currency(&field, currency)?;
        validate::amount(&field, *amount)?;
    }
    Ok(())
}

fn check_channels(channels: &[String]) -> Result<(), ApiError> {
    if channels.len() > MAX_CAMPAIGN_CHANNELS {
        return Err(ApiError::invalid(
            "channels",
            format!("at most {MAX_CAMPAIGN_CHANNELS} channels"),
        ));
    }
    for (i, channel) in channels.iter().enumerate() {
        validate::identifier(&format!("channels[{i}]"), channel)?;
    }
    Ok(())
}

/// An IANA time zone name.
pub(crate) fn check_time_zone(field: &str, zone: &str) -> Result<chrono_tz::Tz, ApiError> {
    zone.parse::<chrono_tz::Tz>()
        .map_err(|_| ApiError::invalid(field, "must be an IANA time zone such as Europe/London"))
}

fn check_description(description: Option<&str>) -> Result<(), ApiError> {
    match description {
        Some(d) if d.len() > MAX_DESCRIPTION_LEN_BYTES => Err(ApiError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION_LEN_BYTES} bytes"),
        )),
        _ => Ok(()),
    }
}

fn build_campaign(body: CreateCampaign, now: DateTime<Utc>) -> Result<Campaign, ApiError> {
    validate::identifier("name", &body.name)?;
    check_description(body.description.as_deref())?;
    check_channels(&body.channels)?;
    check_budget(&body.budget)?;
    if let Some(zone) = &body.time_zone {
        check_time_zone("time_zone", zone)?;
    }
    let metadata = body.metadata.unwrap_or_default();
    validate::metadata("metadata", &metadata)?;
    let status = body.status.unwrap_or(CampaignStatus::Draft);
    if !matches!(status, CampaignStatus::Draft | CampaignStatus::Active) {
        return Err(ApiError::invalid(
            "status",
            "a new campaign is draft or active",
        ));
    }
    let campaign = Campaign {
        id: new_id(CAMPAIGN_PREFIX),
        name: body.name,
        description: body.description,
        status,
        channels: body.channels,
        budget: body.budget,
        start: body.start,
        end: body.end,
        time_zone: body.time_zone,
        metadata,
        granted: Quota::default(),
        created_at: now,
        updated_at: now,
        version: 1,
        commit_seq: 0,
        limits: None,
        daily: None,
    };
    if let (Some(start), Some(end)) = (campaign.start, campaign.end) {
        if end <= start {
            return Err(ApiError::invalid("end", "must be after start"));
        }
    }
    if status == CampaignStatus::Active {
        let problems = campaign.activation_problems(now);
        if let Some((field, _)) = problems.first() {
            return Err(ApiError::field(
                ErrorCode::CampaignNotActivatable,
                *field,
                reasons(&problems),
            ));
        }
    }
    Ok(campaign)
}

fn reasons(problems: &[(&'static str, String)]) -> String {
    problems
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[utoipa::path(post, path = "/v1/promotions/campaigns", tag = "campaigns", request_body = CreateCampaign,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = Campaign), (status = 400, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem, description = "campaign_not_activatable")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: JsonBody<CreateCampaign>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let idem = idempotency::from_header(&headers, &method, uri.path(), &body.raw)?;
    if let Some(spec) = &idem {
        if let Some(replayed) = idempotency::replay(&state, &caller.tenant, spec).await? {
            return Ok(replayed);
        }
    }
    let campaign = build_campaign(body.value, state.now())?;
    insert_campaign(state.store(), &caller, campaign, idem).await
}

async fn insert_campaign(
    store: &SharedStore,
    caller: &Caller,
    campaign: Campaign,
    idem: Option<IdemSpec>,
) -> Result<Response, ApiError> {
    let tenant = caller.tenant.clone();
    let actor = caller.actor();
    let body = serde_json::to_value(&campaign).map_err(|e| ApiError::internal(e.to_string()))?;
    let replay = run(store.as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, idem, body, campaign, actor) =
            (tenant.clone(), idem.clone(), body.clone(), campaign.clone(), actor.clone());
        Box::pin(async move {
            if let Some(spec) = &idem {
                if let Some(bytes) = tx.get(&keys::idempotency(&tenant, &spec.key)).await? {
                    let record: IdemRecord = serde_json::from_slice(&bytes).map_err(corrupt)?;
                    return Ok(Some(record));
                }
            }
            let key = keys::campaign(&tenant, &campaign.id);
            if tx.get(&key).await?.is_some() {
                // A retry after an unknown commit result finds its own campaign.
                return Ok(None);
            }
            tx.set(&key, &serde_json::to_vec(&campaign).map_err(corrupt)?)?;
            let gate = GateState::of(campaign.status);
            tx.set(
                &keys::campaign_gate(&tenant, &campaign.id),
                &serde_json::to_vec(&gate).map_err(corrupt)?,
            )?;
            if let Some(spec) = &idem {
                let record = IdemRecord {
                    fingerprint: spec.fingerprint.clone(),
                    status: 201,
                    body: body.clone(),
                    redemption_id: None,
                    created_at: campaign.created_at,
                };
                tx.set(&keys::idempotency(&tenant, &spec.key), &serde_json::to_vec(&record).map_err(corrupt)?)?;
            }
            let event = serde_json::json!({"type": "campaign.created", "campaign_id": campaign.id,
                "data": body, "at": campaign.created_at});
            let audit = serde_json::json!({"action": "campaign.created", "actor": actor,
                "target_id": campaign.id, "before": null, "after": body, "at": campaign.created_at});
            tx.set_versionstamped_key(&keys::outbox_prefix(&tenant), &[0, 1], &serde_json::to_vec(&event).map_err(corrupt)?)?;
            tx.set_versionstamped_key(&keys::audit_prefix(&tenant), &[0, 2], &serde_json::to_vec(&audit).map_err(corrupt)?)?;
            Ok(None)
        })
    })
    .await?;
    match replay {
        None => Ok((StatusCode::CREATED, Json(campaign)).into_response()),
        Some(record) => {
            if idem.is_some_and(|spec| spec.fingerprint == record.fingerprint) {
                Ok(idempotency::stored_response(&record))
            } else {
                Err(ApiError::field(
                    ErrorCode::IdempotencyKeyReused,
                    "Idempotency-Key",
                    "this key was used with a different request",
                ))
            }
        }
    }
}

fn corrupt(err: serde_json::Error) -> StorageError {
    StorageError::Corrupt {
        key: String::from("<json>"),
        detail: err.to_string(),
    }
}

/// Reads a committed campaign by id.
pub(crate) async fn read_campaign(
    store: &SharedStore,
    tenant: &str,
    id: &str,
) -> Result<Option<Campaign>, ApiError> {
    if id.is_empty() || id.len() > 128 {
        return Ok(None);
    }
    let mut tx = store.begin().await?;
    let key = keys::campaign(tenant, id);
    match tx.get_snapshot(&key).await? {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ApiError::internal(format!("corrupt campaign {id}: {e}"))),
    }
}

fn campaign_id(path: &BTreeMap<String, String>) -> &str {
    path.get("campaign_id")
        .map(String::as_str)
        .unwrap_or_default()
}

/// Sums what the campaign's coupons spent, from their lease records.
async fn usage(
    store: &SharedStore,
    tenant: &str,
    campaign: &Campaign,
) -> Result<CampaignUsage, ApiError> {
    let (begin, end) =
        keys::prefix_range(&keys::campaign_lease_spends_prefix(tenant, &campaign.id));
    let mut tx = store.begin().await?;
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_USAGE_LEASES_READ,
            reverse: false,
        })
        .await?;
    let mut spent = Quota::default();
    for row in &rows {
        let spend: LeaseSpend = serde_json::from_slice(&row.value)
            .map_err(|e| ApiError::internal(format!("corrupt lease: {e}")))?;
        spent.add(&spend.spent);
    }
    Ok(CampaignUsage {
        leased: campaign.granted.clone(),
        spent,
        coupons: rows.len(),
    })
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 200, body = CampaignView), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<CampaignView>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let campaign = read_campaign(state.store(), &caller.tenant, campaign_id(&path))
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))?;
    let usage = usage(state.store(), &caller.tenant, &campaign).await?;
    Ok(Json(CampaignView { campaign, usage }))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns", tag = "campaigns", params(CampaignListQuery),
    responses((status = 200, body = CampaignPage)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<CampaignListQuery>,
) -> Result<Json<CampaignPage>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let limit = validate::page_limit(query.limit)?;
    let (mut begin, end) = keys::prefix_range(&keys::campaigns_prefix(&caller.tenant));
    if let Some(cursor) = &query.cursor {
        validate::identifier("cursor", cursor)?;
        begin = keys::key_after(&keys::campaign(&caller.tenant, cursor));
    }
    let mut tx = state.store().begin().await?;
    let mut data = Vec::with_capacity(limit);
    let mut scanned = 0usize;
    let mut has_more = false;
    let mut last_id = None;
    'scan: while scanned < MAX_ASSET_SCAN_ROWS {
        let rows = tx
            .get_range(&RangeOptions {
                begin: begin.clone(),
                end: end.clone(),
                limit: 256,
                reverse: false,
            })
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if data.len() == limit {
                has_more = true;
                break 'scan;
            }
            scanned += 1;
            begin = keys::key_after(&row.key);
            let campaign: Campaign = serde_json::from_slice(&row.value)
                .map_err(|e| ApiError::internal(format!("corrupt campaign: {e}")))?;
            last_id = Some(campaign.id.clone());
            let status_ok = query.status.is_none_or(|s| s == campaign.status);
            let channel_ok = query
                .channel
                .as_ref()
                .is_none_or(|c| campaign.channels.is_empty() || campaign.channels.contains(c));
            if status_ok && channel_ok {
                data.push(campaign);
            }
        }
    }
    if scanned >= MAX_ASSET_SCAN_ROWS {
        has_more = true;
    }
    let next_cursor = if has_more { last_id } else { None };
    Ok(Json(CampaignPage {
        data,
        next_cursor,
        has_more,
    }))
}

fn check_patch(patch: &CampaignPatch) -> Result<(), ApiError> {
    if let Some(name) = &patch.name {
        validate::identifier("name", name)?;
    }
    check_description(patch.description.as_deref())?;
    if let Some(channels) = &patch.channels {
        check_channels(channels)?;
    }
    if let Some(budget) = &patch.budget {
        check_budget(budget)?;
    }
    if let Some(zone) = &patch.time_zone {
        check_time_zone("time_zone", zone)?;
    }
    if let Some(metadata) = &patch.metadata {
        validate::metadata("metadata", metadata)?;
    }
    Ok(())
}

async fn change(
    state: &AppState,
    caller: &Caller,
    id: &str,
    kind: ChangeKind,
    patch: CampaignPatch,
) -> Result<Campaign, ApiError> {
    read_campaign(state.store(), &caller.tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))?;
    let change = CampaignChange {
        kind,
        patch,
        actor: caller.actor(),
    };
    Ok(state
        .shards
        .campaigns()
        .change(&caller.tenant, id, change)
        .await?)
}

#[utoipa::path(patch, path = "/v1/promotions/campaigns/{campaign_id}", tag = "campaigns", request_body = CampaignPatch,
    params(("campaign_id" = String, Path)),
    responses((status = 200, body = Campaign), (status = 409, body = crate::error::Problem, description = "stale version")))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonBody<CampaignPatch>,
) -> Result<Json<Campaign>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    check_patch(&body.value)?;
    let campaign = change(
        &state,
        &caller,
        campaign_id(&path),
        ChangeKind::Patch,
        body.value,
    )
    .await?;
    Ok(Json(campaign))
}

#[utoipa::path(delete, path = "/v1/promotions/campaigns/{campaign_id}", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 204), (status = 400, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    change(
        &state,
        &caller,
        campaign_id(&path),
        ChangeKind::Delete,
        CampaignPatch::default(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn lifecycle(
    state: AppState,
    caller: Caller,
    path: BTreeMap<String, String>,
    body: JsonOrEmpty<LifecycleBody>,
    kind: ChangeKind,
) -> Result<Json<Campaign>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    if let Some(reason) = &body.value.reason {
        validate::identifier("reason", reason)?;
    }
    let patch = CampaignPatch {
        version: body.value.version,
        ..CampaignPatch::default()
    };
    Ok(Json(
        change(&state, &caller, campaign_id(&path), kind, patch).await?,
    ))
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/activate", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign),
        (status = 422, body = crate::error::Problem, description = "campaign_not_activatable, with the reasons")))]
pub async fn activate(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, path, body, ChangeKind::Activate).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/pause", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, path, body, ChangeKind::Pause).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/resume", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, path, body, ChangeKind::Resume).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/end", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, path, body, ChangeKind::End).await
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/assets", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 200, body = CampaignAssets)))]
pub async fn assets(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<CampaignAssets>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let id = campaign_id(&path).to_owned();
    read_campaign(state.store(), &caller.tenant, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))?;
    let (mut begin, end) = keys::prefix_range(&keys::coupons_prefix(&caller.tenant));
    let mut tx = state.store().begin().await?;
    let mut coupons = Vec::new();
    let mut scanned = 0usize;
    loop {
        let rows = tx
            .get_range(&RangeOptions {
                begin: begin.clone(),
                end: end.clone(),
                limit: 256,
                reverse: false,
            })
            .await?;
        if rows.is_empty() || scanned >= MAX_ASSET_SCAN_ROWS {
            break;
        }
        for row in &rows {
            scanned += 1;
            begin = keys::key_after(&row.key);
            let coupon: Coupon = serde_json::from_slice(&row.value)
                .map_err(|e| ApiError::internal(format!("corrupt coupon: {e}")))?;
            let promotion_code = coupon.kind == stampede_protocol::CouponType::Promotion;
            if coupon.campaign_id.as_deref() == Some(id.as_str())
                && coupon.deleted_at.is_none()
                && !promotion_code
            {
                coupons.push(coupon);
            }
        }
    }
    let promotions = campaign_promotions(tx.as_mut(), &caller.tenant, &id).await?;
    let (rules, segments) = referenced(tx.as_mut(), &caller.tenant, &promotions).await?;
    Ok(Json(CampaignAssets {
        campaign_id: id,
        coupons,
        promotions,
        rules,
        segments,
        truncated: scanned >= MAX_ASSET_SCAN_ROWS,
    }))
}

/// The promotions of a campaign (at most [`MAX_ASSET_SCAN_ROWS`]).
async fn campaign_promotions(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<stampede_protocol::promotion::CampaignPromotion>, ApiError> {
    let (begin, end) = keys::prefix_range(&keys::campaign_promotions_prefix(tenant, campaign_id));
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_ASSET_SCAN_ROWS,
            reverse: false,
        })
        .await?;
    rows.iter()
        .map(|row| {
            serde_json::from_slice(&row.value)
                .map_err(|e| ApiError::internal(format!("corrupt promotion: {e}")))
        })
        .collect()
}

/// The rules and segments the promotions' eligibility criteria name, each once.
async fn referenced(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    promotions: &[stampede_protocol::promotion::CampaignPromotion],
) -> Result<
    (
        Vec<stampede_protocol::rule::Rule>,
        Vec<stampede_protocol::segment::Segment>,
    ),
    ApiError,
> {
    let rule_ids: std::collections::BTreeSet<&str> = promotions
        .iter()
        .flat_map(|p| p.eligibility_criteria.rule_ids.iter().map(String::as_str))
        .collect();
    let segment_ids: std::collections::BTreeSet<&str> = promotions
        .iter()
        .flat_map(|p| {
            p.eligibility_criteria
                .customer_segments
                .iter()
                .map(String::as_str)
        })
        .collect();
    let mut rules = Vec::new();
    for id in rule_ids.into_iter().take(MAX_ASSET_SCAN_ROWS) {
        if let Some(bytes) = tx.get_snapshot(&keys::rule(tenant, id)).await? {
            rules.push(
                serde_json::from_slice(&bytes)
                    .map_err(|e| ApiError::internal(format!("corrupt rule: {e}")))?,
            );
        }
    }
    let mut segments = Vec::new();
    for id in segment_ids.into_iter().take(MAX_ASSET_SCAN_ROWS) {
        // A criterion may name a segment that is only a label (no stored record).
        if let Some(bytes) = tx.get_snapshot(&keys::segment(tenant, id)).await? {
            segments.push(
                serde_json::from_slice(&bytes)
                    .map_err(|e| ApiError::internal(format!("corrupt segment: {e}")))?,
            );
        }
    }
    Ok((rules, segments))
}

/// Folds the campaign's answer into a validation of one of its coupons: when the
/// coupon's own lease cannot cover the redemption, would the campaign grant it
/// now (budget, daily cap, windows, status)? Grants nothing.
pub(crate) async fn check_campaign(
    state: &AppState,
    tenant: &str,
    outcome: &mut stampede_actors::ValidateOutcome,
) -> Result<(), ApiError> {
    let evaluation = &mut outcome.evaluation;
    if !evaluation.is_valid() || outcome.lease_covers {
        return Ok(());
    }
    let Some(campaign_id) = &outcome.campaign_id else {
        return Ok(());
    };
    let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
    let refusal = match state
        .shards
        .campaigns()
        .probe(tenant, campaign_id, vec![need])
        .await
    {
        Ok(grant) if grant.count == 0 => grant.refusal,
        Ok(_) => None,
        Err(stampede_actors::ActorError::Refused {
            code: ErrorCode::NotFound,
            ..
        }) => Some((
            ErrorCode::CampaignInactive,
            String::from("the campaign was deleted"),
        )),
        Err(err) => return Err(err.into()),
    };
    if let Some((code, detail)) = refusal {
        evaluation.reasons.push(code);
        evaluation.explain.push(stampede_actors::engine::Explain {
            clause: String::from(code.as_str()),
            matched: false,
            detail,
        });
        evaluation.clear_amounts();
    }
    Ok(())
}
