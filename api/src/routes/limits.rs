//! `/limits`: a coupon's usage limits (per channel, per store, daily cap in its
//! time zone, allowed time windows, allowed stores and consumers, exclusivity,
//! reservation TTL) and their current usage; with `campaign_id` (or
//! `"target": "campaign"`), a campaign-wide daily cap and windows
//! ([`campaign`]).
//! Changes go through the coupon's actor, which enforces them; `/limits/check`
//! asks that actor whether a redemption would pass, without taking anything.

mod campaign;

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_protocol::limit_set::{LimitSet, LimitTarget, TimeWindow};
use stampede_protocol::limits::{
    MAX_CONSUMERS_PER_COUPON, MAX_LIMIT_ENTRIES, MAX_RESERVATION_TTL_MS, MAX_TIME_WINDOWS,
    MAX_USES_LIMIT, MIN_RESERVATION_TTL_MS,
};
use stampede_protocol::{Context, Coupon, ErrorCode};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, QueryParams};
use crate::{validate, AppState};

/// Body of `POST /limits` (also the fields of `PATCH`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitBody {
    /// `coupon` (campaign-wide caps are the campaign's `budget`).
    pub target: Option<LimitTarget>,
    pub target_id: Option<String>,
    /// Required on PATCH: the version read.
    pub version: Option<u64>,
    pub per_channel: Option<BTreeMap<String, u64>>,
    pub per_store: Option<BTreeMap<String, u64>>,
    pub daily_cap: Option<u64>,
    pub time_zone: Option<String>,
    pub windows: Option<Vec<TimeWindow>>,
    pub reservation_ttl_secs: Option<u64>,
    /// Stores the coupon is redeemable in; empty: every store.
    pub stores: Option<Vec<String>>,
    /// Refuse to combine the coupon with other codes in one order.
    pub exclusive: Option<bool>,
    /// Limit the coupon to these customers (`user_id`s), replacing any list.
    pub consumers: Option<Vec<String>>,
    /// Limit the coupon to the customers of this segment (by name); `""` lifts it.
    pub segment: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LimitQuery {
    pub coupon_id: Option<String>,
    pub campaign_id: Option<String>,
}

/// The limits in force on a coupon and how much of them is used.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitsView {
    pub coupon_id: String,
    pub max_uses: Option<u64>,
    pub uses_count: u64,
    pub per_customer_limit: Option<u32>,
    pub campaign_id: Option<String>,
    /// The zone days and windows are read in.
    pub time_zone: String,
    pub limits: Option<LimitSet>,
    /// Committed uses today (local day) and per counter (`channel:…`, `store:…`,
    /// `day:…`).
    pub usage: LimitUsage,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LimitUsage {
    pub today: u64,
    pub counters: BTreeMap<String, u64>,
}

/// Body of `POST /limits/check`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    pub coupon_code: String,
    #[serde(default)]
    pub context: Context,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckResult {
    /// Whether a redemption with this context would pass right now.
    pub allowed: bool,
    pub reasons: Vec<ErrorCode>,
    #[schema(value_type = f64)]
    pub discount: Decimal,
    pub currency: Option<String>,
}

fn coupon_target(query: &LimitQuery) -> Result<&str, ApiError> {
    query
        .coupon_id
        .as_deref()
        .ok_or_else(|| ApiError::invalid("coupon_id", "is required (or campaign_id)"))
}

/// The campaign a query names, checked.
fn campaign_target(query: &LimitQuery) -> Result<Option<&str>, ApiError> {
    match (&query.campaign_id, &query.coupon_id) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "campaign_id",
            "send coupon_id or campaign_id, not both",
        )),
        (Some(id), None) => {
            validate::identifier("campaign_id", id)?;
            Ok(Some(id))
        }
        (None, _) => Ok(None),
    }
}

async fn coupon(state: &AppState, tenant: &str, id: &str) -> Result<Coupon, ApiError> {
    records::coupons::get(&state.records(), tenant, id)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))
}

/// A code whose limits `/limits` may set: not a promotion's, whose limits are
/// its `usage_limits`; a named segment must exist.
async fn check_writable(
    state: &AppState,
    tenant: &str,
    coupon: &Coupon,
    body: &LimitBody,
) -> Result<(), ApiError> {
    if coupon.kind == stampede_protocol::CouponType::Promotion {
        return Err(ApiError::invalid(
            "target_id",
            "a promotion's code takes its limits from the promotion's usage_limits",
        ));
    }
    let Some(name) = body.segment.as_deref().filter(|n| !n.is_empty()) else {
        return Ok(());
    };
    if name.len() > MAX_SEGMENT_NAME_BYTES {
        return Err(ApiError::invalid(
            "segment",
            format!("at most {MAX_SEGMENT_NAME_BYTES} bytes"),
        ));
    }
    if records::limits::segment_exists(&state.records(), tenant, name).await? {
        Ok(())
    } else {
        Err(ApiError::invalid("segment", "no such segment"))
    }
}

/// Longest segment name a limit set may name.
const MAX_SEGMENT_NAME_BYTES: usize = 256;

async fn stored_set(
    state: &AppState,
    tenant: &str,
    coupon_id: &str,
) -> Result<Option<LimitSet>, ApiError> {
    Ok(records::limits::of_coupon(&state.records(), tenant, coupon_id).await?)
}

fn check_map(field: &str, map: &BTreeMap<String, u64>) -> Result<(), ApiError> {
    if map.len() > MAX_LIMIT_ENTRIES {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_LIMIT_ENTRIES} entries"),
        ));
    }
    for (name, cap) in map {
        let entry = format!("{field}.{name}");
        validate::identifier(&entry, name)?;
        if *cap > MAX_USES_LIMIT {
            return Err(ApiError::invalid(
                entry,
                format!("must be at most {MAX_USES_LIMIT}"),
            ));
        }
    }
    Ok(())
}

fn check_body(body: &LimitBody) -> Result<(), ApiError> {
    if let Some(map) = &body.per_channel {
        check_map("per_channel", map)?;
    }
    if let Some(map) = &body.per_store {
        check_map("per_store", map)?;
    }
    if body.daily_cap.is_some_and(|cap| cap > MAX_USES_LIMIT) {
        return Err(ApiError::invalid(
            "daily_cap",
            format!("must be at most {MAX_USES_LIMIT}"),
        ));
    }
    if let Some(zone) = &body.time_zone {
        validate::time_zone("time_zone", zone)?;
    }
    if body
        .windows
        .as_ref()
        .is_some_and(|w| w.len() > MAX_TIME_WINDOWS)
    {
        return Err(ApiError::invalid(
            "windows",
            format!("at most {MAX_TIME_WINDOWS} windows"),
        ));
    }
    if let Some(consumers) = &body.consumers {
        validate::identifiers(
            "consumers",
            consumers,
            MAX_CONSUMERS_PER_COUPON,
            "consumers",
        )?;
    }
    if let Some(windows) = &body.windows {
        for (i, window) in windows.iter().enumerate() {
            if window.start == window.end {
                return Err(ApiError::invalid(
                    format!("windows[{i}].end"),
                    "must differ from start",
                ));
            }
        }
    }
    if let Some(secs) = body.reservation_ttl_secs {
        let ms = i64::try_from(secs)
            .unwrap_or(i64::MAX)
            .saturating_mul(1_000);
        if !(MIN_RESERVATION_TTL_MS..=MAX_RESERVATION_TTL_MS).contains(&ms) {
            return Err(ApiError::invalid(
                "reservation_ttl_secs",
                format!(
                    "must be {}–{} seconds",
                    MIN_RESERVATION_TTL_MS / 1_000,
                    MAX_RESERVATION_TTL_MS / 1_000
                ),
            ));
        }
    }
    Ok(())
}

/// Applies the body's fields to `set` (absent fields are left alone; the
/// consumer list travels separately).
fn apply(body: LimitBody, set: &mut LimitSet) {
    if let Some(map) = body.per_channel {
        set.per_channel = map;
    }
    if let Some(map) = body.per_store {
        set.per_store = map;
    }
    if body.daily_cap.is_some() {
        set.daily_cap = body.daily_cap;
    }
    if body.time_zone.is_some() {
        set.time_zone = body.time_zone;
    }
    if let Some(windows) = body.windows {
        set.windows = windows;
    }
    if body.reservation_ttl_secs.is_some() {
        set.reservation_ttl_secs = body.reservation_ttl_secs;
    }
    if let Some(stores) = body.stores {
        set.stores = stores;
    }
    if let Some(exclusive) = body.exclusive {
        set.exclusive = exclusive;
    }
    if let Some(segment) = body.segment {
        set.segment = (!segment.is_empty()).then_some(segment);
    }
}

#[utoipa::path(get, path = "/v1/promotions/limits", tag = "limits", params(LimitQuery),
    responses((status = 200, body = LimitsView, description = "with campaign_id: a CampaignLimitsView"), (status = 404, body = crate::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<LimitQuery>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsRead)?;
    if let Some(campaign_id) = campaign_target(&query)? {
        return campaign::view(&state, &caller, campaign_id).await;
    }
    let coupon = coupon(&state, &caller.tenant, coupon_target(&query)?).await?;
    let limits = stored_set(&state, &caller.tenant, &coupon.id).await?;
    let campaign_zone = match &coupon.campaign_id {
        Some(id) => records::campaigns::get(&caller.records(&state), &caller.tenant, id)
            .await?
            .and_then(|c| c.time_zone),
        None => None,
    };
    let zone = stampede_actors::limits::zone_of(limits.as_ref(), campaign_zone.as_deref());
    let counters =
        records::limits::counters(&caller.records(&state), &caller.tenant, &coupon.id).await?;
    let today = stampede_actors::limits::day_counter(state.now(), zone);
    Ok(Json(LimitsView {
        coupon_id: coupon.id,
        max_uses: coupon.max_uses,
        uses_count: coupon.uses_count,
        per_customer_limit: coupon.per_customer_limit,
        campaign_id: coupon.campaign_id,
        time_zone: zone.name().to_owned(),
        limits,
        usage: LimitUsage {
            today: counters.get(&today).copied().unwrap_or(0),
            counters,
        },
    })
    .into_response())
}

#[utoipa::path(post, path = "/v1/promotions/limits", tag = "limits", request_body = LimitBody,
    responses((status = 201, body = LimitSet), (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<LimitBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let target = body
        .target
        .ok_or_else(|| ApiError::invalid("target", "is required"))?;
    let target_id = body
        .target_id
        .clone()
        .ok_or_else(|| ApiError::invalid("target_id", "is required"))?;
    check_body(&body)?;
    if target == LimitTarget::Campaign {
        validate::identifier("target_id", &target_id)?;
        let status = StatusCode::CREATED;
        return campaign::set(&state, &caller, &target_id, Some(body), status).await;
    }
    let coupon = coupon(&state, &caller.tenant, &target_id).await?;
    check_writable(&state, &caller.tenant, &coupon, &body).await?;
    let now = state.now();
    let mut set = LimitSet {
        target: LimitTarget::Coupon,
        target_id: coupon.id.clone(),
        per_channel: BTreeMap::new(),
        per_store: BTreeMap::new(),
        daily_cap: None,
        time_zone: None,
        windows: Vec::new(),
        reservation_ttl_secs: None,
        stores: Vec::new(),
        exclusive: false,
        consumer_count: 0,
        segment: None,
        version: 0,
        created_at: now,
        updated_at: now,
    };
    let expected = body.version;
    let consumers = body.consumers.clone();
    apply(body, &mut set);
    let stored = state
        .shards
        .set_limits(
            &caller.tenant,
            &coupon.code,
            Some(set),
            consumers,
            expected,
            &caller.provenance(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

#[utoipa::path(patch, path = "/v1/promotions/limits", tag = "limits", params(LimitQuery), request_body = LimitBody,
    responses((status = 200, body = LimitSet), (status = 409, body = crate::error::Problem, description = "stale version")))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<LimitQuery>,
    body: JsonBody<LimitBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let version = body
        .version
        .ok_or_else(|| ApiError::invalid("version", "the current version is required"))?;
    check_body(&body)?;
    if let Some(campaign_id) = campaign_target(&query)? {
        return campaign::set(&state, &caller, campaign_id, Some(body), StatusCode::OK).await;
    }
    let coupon = coupon(&state, &caller.tenant, coupon_target(&query)?).await?;
    check_writable(&state, &caller.tenant, &coupon, &body).await?;
    let mut set = stored_set(&state, &caller.tenant, &coupon.id)
        .await?
        .ok_or_else(|| ApiError::not_found("limit set"))?;
    let consumers = body.consumers.clone();
    apply(body, &mut set);
    let stored = state
        .shards
        .set_limits(
            &caller.tenant,
            &coupon.code,
            Some(set),
            consumers,
            Some(version),
            &caller.provenance(),
        )
        .await?;
    Ok(Json(stored).into_response())
}

#[utoipa::path(delete, path = "/v1/promotions/limits", tag = "limits", params(LimitQuery),
    responses((status = 204), (status = 404, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<LimitQuery>,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    if let Some(campaign_id) = campaign_target(&query)? {
        campaign::set(&state, &caller, campaign_id, None, StatusCode::NO_CONTENT).await?;
        return Ok(StatusCode::NO_CONTENT);
    }
    let coupon = coupon(&state, &caller.tenant, coupon_target(&query)?).await?;
    state
        .shards
        .set_limits(
            &caller.tenant,
            &coupon.code,
            None,
            None,
            None,
            &caller.provenance(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/promotions/limits/check", tag = "limits", request_body = CheckBody,
    responses((status = 200, body = CheckResult), (status = 404, body = crate::error::Problem)))]
pub async fn check(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<CheckBody>,
) -> Result<Json<CheckResult>, ApiError> {
    caller.require(Scope::Validate)?;
    let body = body.value;
    let code = validate::coupon_code("coupon_code", &body.coupon_code)?;
    validate::context("context", &body.context)?;
    let mut outcome = state
        .shards
        .validate(&caller.tenant, &code, Some(body.coupon_code), body.context)
        .await?;
    crate::campaign_probe::check_campaign(&state, &caller.tenant, &mut outcome).await?;
    let evaluation = outcome.evaluation;
    Ok(Json(CheckResult {
        allowed: evaluation.is_valid(),
        reasons: evaluation.reasons.clone(),
        discount: evaluation.discount,
        currency: evaluation.currency,
    }))
}
