//! `/campaigns`: create (by the records layer, directly: no actor exists yet), read
//! (the committed record, with usage summed from the coupons' leases), and
//! every change and lifecycle action through the campaign's actor, the only writer
//! of a campaign after creation.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_actors::campaign::{CampaignChange, ChangeKind};
use stampede_actors::records;
use stampede_protocol::campaign::{Budget, Campaign, CampaignPatch, CampaignStatus, Quota};
use stampede_protocol::ids::CAMPAIGN_PREFIX;
use stampede_protocol::limits::{
    MAX_BUDGET_CURRENCIES, MAX_CAMPAIGN_CHANNELS, MAX_DESCRIPTION_LEN_BYTES, MAX_USES_LIMIT,
};
use stampede_protocol::{Coupon, ErrorCode};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, PathId, QueryParams};
use crate::idempotency::{CouponsWrite, Idempotent};
use crate::page::ListPage;
use crate::{idempotency, validate, AppState};

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
    /// At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    pub start: Option<DateTime<Utc>>,
    /// After `start`; at most 100 years from now.
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
    /// The campaign's creatives (`/campaigns/{id}/creatives`).
    pub creatives: Vec<stampede_protocol::channel::Creative>,
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

/// A campaign's dates lie within the validity horizon, as its coupons' do.
fn check_dates(
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for (field, date) in [("start", start), ("end", end)] {
        if let Some(date) = date {
            validate::within_horizon(field, date, now)?;
        }
    }
    Ok(())
}

fn check_channels(channels: &[String]) -> Result<(), ApiError> {
    validate::identifiers("channels", channels, MAX_CAMPAIGN_CHANNELS, "channels")
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

fn build_campaign(
    body: CreateCampaign,
    id: String,
    now: DateTime<Utc>,
) -> Result<Campaign, ApiError> {
    validate::identifier("name", &body.name)?;
    check_description(body.description.as_deref())?;
    check_channels(&body.channels)?;
    check_budget(&body.budget)?;
    check_dates(body.start, body.end, now)?;
    if let Some(zone) = &body.time_zone {
        validate::time_zone("time_zone", zone)?;
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
        id,
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
    request: Idempotent<JsonBody<CreateCampaign>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let caller = request.caller;
    let campaign = build_campaign(
        request.body.value,
        state.new_id(CAMPAIGN_PREFIX),
        state.now(),
    )?;
    let records = caller.records(&state);
    let done = records::campaigns::create(
        &records,
        &caller.tenant,
        &campaign,
        &caller.provenance(),
        request.spec,
    )
    .await?;
    Ok(idempotency::created(done, &campaign))
}

/// A committed campaign, or 404.
async fn campaign_or_404(state: &AppState, tenant: &str, id: &str) -> Result<Campaign, ApiError> {
    records::campaigns::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 200, body = CampaignView), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<CampaignView>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let campaign = campaign_or_404(&state, &caller.tenant, id.as_str()).await?;
    let spent =
        records::campaigns::spent(&caller.records(&state), &caller.tenant, &campaign.id).await?;
    let usage = CampaignUsage {
        leased: campaign.granted.clone(),
        spent: spent.spent,
        coupons: spent.coupons,
    };
    Ok(Json(CampaignView { campaign, usage }))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns", tag = "campaigns", params(CampaignListQuery),
    responses((status = 200, body = ListPage<Campaign>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<CampaignListQuery>,
) -> Result<Json<ListPage<Campaign>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = validate::page(query.cursor.as_deref(), query.limit)?;
    let keep = |campaign: &Campaign| {
        let status_ok = query.status.is_none_or(|s| s == campaign.status);
        let channel_ok = query
            .channel
            .as_ref()
            .is_none_or(|c| campaign.channels.is_empty() || campaign.channels.contains(c));
        status_ok && channel_ok
    };
    let page =
        records::campaigns::list(&caller.records(&state), &caller.tenant, cursor, limit, keep)
            .await?;
    Ok(Json(page.into()))
}

fn check_patch(patch: &CampaignPatch, now: DateTime<Utc>) -> Result<(), ApiError> {
    if let Some(name) = &patch.name {
        validate::identifier("name", name)?;
    }
    check_dates(patch.start, patch.end, now)?;
    check_description(patch.description.as_deref())?;
    if let Some(channels) = &patch.channels {
        check_channels(channels)?;
    }
    if let Some(budget) = &patch.budget {
        check_budget(budget)?;
    }
    if let Some(zone) = &patch.time_zone {
        validate::time_zone("time_zone", zone)?;
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
    campaign_or_404(state, &caller.tenant, id).await?;
    let change = CampaignChange {
        kind,
        patch,
        provenance: caller.provenance(),
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
    id: PathId,
    body: JsonBody<CampaignPatch>,
) -> Result<Json<Campaign>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    check_patch(&body.value, state.now())?;
    let campaign = change(&state, &caller, id.as_str(), ChangeKind::Patch, body.value).await?;
    Ok(Json(campaign))
}

/// Deletes the campaign through its actor, then its creatives (a creative
/// create reads the campaign in its transaction, so none is added after the
/// campaign is gone).
#[utoipa::path(delete, path = "/v1/promotions/campaigns/{campaign_id}", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 204), (status = 400, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    change(
        &state,
        &caller,
        id.as_str(),
        ChangeKind::Delete,
        CampaignPatch::default(),
    )
    .await?;
    let records = caller.records(&state);
    records::channels::delete_creatives_of(&records, &caller.tenant, id.as_str(), state.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn lifecycle(
    state: AppState,
    caller: Caller,
    id: PathId,
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
        change(&state, &caller, id.as_str(), kind, patch).await?,
    ))
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/activate", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign),
        (status = 422, body = crate::error::Problem, description = "campaign_not_activatable, with the reasons")))]
pub async fn activate(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, id, body, ChangeKind::Activate).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/pause", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, id, body, ChangeKind::Pause).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/resume", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, id, body, ChangeKind::Resume).await
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/end", tag = "campaigns", request_body = Option<LifecycleBody>,
    params(("campaign_id" = String, Path)), responses((status = 200, body = Campaign)))]
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonOrEmpty<LifecycleBody>,
) -> Result<Json<Campaign>, ApiError> {
    lifecycle(state, caller, id, body, ChangeKind::End).await
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/assets", tag = "campaigns",
    params(("campaign_id" = String, Path)), responses((status = 200, body = CampaignAssets)))]
pub async fn assets(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<CampaignAssets>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let id = id.0;
    campaign_or_404(&state, &caller.tenant, &id).await?;
    let assets = records::campaigns::assets(&caller.records(&state), &caller.tenant, &id).await?;
    Ok(Json(CampaignAssets {
        campaign_id: id,
        coupons: assets.coupons,
        promotions: assets.promotions,
        rules: assets.rules,
        segments: assets.segments,
        creatives: assets.creatives,
        truncated: assets.truncated,
    }))
}

/// Kept for the validate route until it calls
/// [`crate::campaign_probe::check_campaign`] itself.
pub(crate) use crate::campaign_probe::check_campaign;
