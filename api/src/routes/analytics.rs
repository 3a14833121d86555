//! Analytics (seed 000 §11): `GET /analytics/overview`, `POST /analytics/query`,
//! `GET /coupons/{id}/metrics`, `GET /campaigns/{id}/metrics`, and
//! `GET/PUT /analytics/settings` (the tenant's time zone, for requests that
//! name none).
//!
//! Every figure is summed from the hourly rollups the coupon actors keep with
//! their commits (`crate::analytics`); metric definitions are in
//! `stampede_protocol::analytics`. The reader needs `redemptions:read`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use stampede_actors::records::{self, analytics::Sums};
use stampede_protocol::analytics::{
    AnalyticsQuery, AnalyticsSettings, Dimension, Filters, Metric, QueryResult, SortOrder,
    FRAUD_SIGNAL_REASONS, MAX_SERIES_POINTS, TOP_COUPONS,
};
use stampede_protocol::api_key::Scope;
use stampede_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};

use crate::analytics::{self, Resolved};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId, QueryParams};
use crate::{chart_reply, validate, AppState};

/// `GET /analytics/overview` query.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OverviewQuery {
    /// Inclusive; default `end` − 30 days.
    pub start: Option<DateTime<Utc>>,
    /// Exclusive; default now.
    pub end: Option<DateTime<Utc>>,
    /// IANA zone of the range's days (default `UTC`).
    pub time_zone: Option<String>,
}

/// Tenant-level KPIs over a range.
#[derive(Debug, Serialize, ToSchema)]
pub struct Overview {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: String,
    pub total_redemptions: i64,
    /// `redemptions ÷ (redemptions + refusals)`; `null` without attempts.
    pub redeem_rate: Option<f64>,
    pub refusals: i64,
    pub refusals_by_reason: BTreeMap<String, i64>,
    pub voids: i64,
    pub validations: i64,
    pub valid_validations: i64,
    pub unique_customers: u64,
    /// Order value of the redemptions, when they are all in one currency.
    #[schema(value_type = Option<f64>)]
    pub revenue_impact: Option<Decimal>,
    #[schema(value_type = BTreeMap<String, f64>)]
    pub revenue_by_currency: BTreeMap<String, Decimal>,
    /// Discount given, when it is all in one currency.
    #[schema(value_type = Option<f64>)]
    pub discount_given: Option<Decimal>,
    #[schema(value_type = BTreeMap<String, f64>)]
    pub discount_by_currency: BTreeMap<String, Decimal>,
    /// Coupons with the most redemptions, most first.
    pub top_coupons: Vec<TopCoupon>,
    /// Refusals whose reason suggests abuse: a customer past their own limit,
    /// a revoked code (`FRAUD_SIGNAL_REASONS`).
    pub fraud_suspicions: i64,
    pub by_channel: Vec<ChannelFigures>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TopCoupon {
    pub coupon_id: String,
    pub redemptions: i64,
    pub unique_customers: u64,
    #[schema(value_type = BTreeMap<String, f64>)]
    pub discount: BTreeMap<String, Decimal>,
    #[schema(value_type = BTreeMap<String, f64>)]
    pub revenue: BTreeMap<String, Decimal>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelFigures {
    /// `null`: redemptions that named no channel.
    pub channel: Option<String>,
    pub redemptions: i64,
    pub refusals: i64,
    pub redeem_rate: Option<f64>,
}

#[utoipa::path(get, path = "/v1/promotions/analytics/overview", tag = "analytics", params(OverviewQuery),
    responses((status = 200, body = Overview),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<OverviewQuery>,
) -> Result<Json<Overview>, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let base = AnalyticsQuery {
        start: query.start,
        end: query.end,
        time_zone: query.time_zone,
        ..AnalyticsQuery::default()
    };
    let records = state.records();
    let zone = analytics::tenant_zone(&records, &caller.tenant).await?;
    let resolved = analytics::resolve(&base, state.now(), zone)?;
    let totals = sums_by(&records, &caller.tenant, &resolved, Vec::new()).await?;
    let total = totals.get(&Vec::new());
    let coupons = sums_by(&records, &caller.tenant, &resolved, vec![Dimension::Coupon]).await?;
    let channels = sums_by(
        &records,
        &caller.tenant,
        &resolved,
        vec![Dimension::Channel],
    )
    .await?;
    Ok(Json(overview_of(&resolved, total, &coupons, &channels)))
}

type Groups = BTreeMap<Vec<Option<String>>, Sums>;

async fn sums_by(
    records: &records::Records,
    tenant: &str,
    resolved: &Resolved,
    group_by: Vec<Dimension>,
) -> Result<Groups, ApiError> {
    let scan = records::analytics::Scan {
        from_hour: records::analytics::hour_of(resolved.start),
        to_hour: records::analytics::hour_of(resolved.end - chrono::TimeDelta::nanoseconds(1)) + 1,
        zone: resolved.zone,
        filters: Filters::default(),
        customers: group_by.len() <= 1,
        group_by,
    };
    Ok(records::analytics::scan(records, tenant, &scan).await?)
}

fn overview_of(
    resolved: &Resolved,
    total: Option<&Sums>,
    coupons: &Groups,
    channels: &Groups,
) -> Overview {
    let empty = Sums::default();
    let total = total.unwrap_or(&empty);
    let one = |m: &BTreeMap<String, Decimal>| (m.len() == 1).then(|| m.values().copied().sum());
    let revenue = Sums::money(&total.revenue);
    let discount = Sums::money(&total.discount);
    let mut top: Vec<TopCoupon> = coupons
        .iter()
        .filter(|(_, s)| s.redemptions > 0)
        .map(|(key, s)| TopCoupon {
            coupon_id: key.first().cloned().flatten().unwrap_or_default(),
            redemptions: s.redemptions,
            unique_customers: s.customers.count(),
            discount: Sums::money(&s.discount),
            revenue: Sums::money(&s.revenue),
        })
        .collect();
    top.sort_by(|a, b| {
        b.redemptions
            .cmp(&a.redemptions)
            .then(a.coupon_id.cmp(&b.coupon_id))
    });
    top.truncate(TOP_COUPONS);
    let fraud = FRAUD_SIGNAL_REASONS
        .iter()
        .map(|r| total.refusals_by_reason.get(*r).copied().unwrap_or(0))
        .sum();
    let by_channel = channels
        .iter()
        .map(|(key, s)| ChannelFigures {
            channel: key.first().cloned().flatten(),
            redemptions: s.redemptions,
            refusals: s.refusals,
            redeem_rate: s.redeem_rate(),
        })
        .collect();
    Overview {
        start: resolved.start,
        end: resolved.end,
        time_zone: resolved.zone.name().to_owned(),
        total_redemptions: total.redemptions,
        redeem_rate: total.redeem_rate(),
        refusals: total.refusals,
        refusals_by_reason: total.refusals_by_reason.clone(),
        voids: total.voids,
        validations: total.validations,
        valid_validations: total.valid_validations,
        unique_customers: total.customers.count(),
        revenue_impact: one(&revenue),
        revenue_by_currency: revenue,
        discount_given: one(&discount),
        discount_by_currency: discount,
        top_coupons: top,
        fraud_suspicions: fraud,
        by_channel,
    }
}

#[utoipa::path(post, path = "/v1/promotions/analytics/query", tag = "analytics", request_body = AnalyticsQuery,
    responses((status = 200, description = "the rows; with `Accept: image/svg+xml`, a chart of them (a line per series over a time dimension, else bars)", content(
            (QueryResult = "application/json"), (String = "image/svg+xml"))),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "currency_mismatch: a money metric over a group mixing currencies"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn query(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBody<AnalyticsQuery>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let records = state.records();
    let zone = analytics::tenant_zone(&records, &caller.tenant).await?;
    let resolved = analytics::resolve(&body.value, state.now(), zone)?;
    let result = analytics::evaluate(&records, &caller.tenant, &resolved).await?;
    if chart_reply::wants_svg(&headers) {
        return chart_reply::query_chart(&result, resolved.zone);
    }
    Ok(Json(result).into_response())
}

/// `GET /coupons/{id}/metrics` and `/campaigns/{id}/metrics` query.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MetricsQuery {
    /// Inclusive; default `end` − 30 days.
    pub start: Option<DateTime<Utc>>,
    /// Exclusive; default now.
    pub end: Option<DateTime<Utc>>,
    /// `hour`, `day` (default) or `week`, in `time_zone`.
    pub interval: Option<String>,
    pub time_zone: Option<String>,
    /// Only this currency (required for money figures when several are used).
    pub currency: Option<String>,
    /// Only this channel.
    pub channel: Option<String>,
}

/// A time series: one point per bucket of the range, zero where nothing happened.
#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub target_type: String,
    pub target_id: String,
    pub interval: Dimension,
    pub time_zone: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `{period, redemptions, redeem_rate, discount, revenue, avg_order_value,
    /// unique_customers, refusals, voids, validations, valid_validations}`.
    #[schema(value_type = Vec<Object>)]
    pub points: Vec<Map<String, Value>>,
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/metrics", tag = "analytics",
    params(("coupon_id" = String, Path), MetricsQuery),
    responses((status = 200, description = "the series; with `Accept: image/svg+xml`, its chart", content(
            (Series = "application/json"), (String = "image/svg+xml"))),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such coupon"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "currency_mismatch: name a currency"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn coupon_metrics(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    headers: HeaderMap,
    QueryParams(query): QueryParams<MetricsQuery>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let records = state.records();
    let coupon = records::coupons::get(&records, &caller.tenant, id.as_str())
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::CouponNotFound, "coupon not found"))?;
    let coupon_id = coupon.parent_id.unwrap_or(coupon.id);
    let filters = Filters {
        coupon_ids: vec![coupon_id.clone()],
        ..Filters::default()
    };
    series(
        &state,
        &caller,
        ("coupon", coupon_id),
        filters,
        query,
        &headers,
    )
    .await
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/metrics", tag = "analytics",
    params(("campaign_id" = String, Path), MetricsQuery),
    responses((status = 200, description = "the series; with `Accept: image/svg+xml`, its chart", content(
            (Series = "application/json"), (String = "image/svg+xml"))),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such campaign"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "currency_mismatch: name a currency"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn campaign_metrics(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    headers: HeaderMap,
    QueryParams(query): QueryParams<MetricsQuery>,
) -> Result<Response, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let records = state.records();
    let campaign = records::campaigns::get(&records, &caller.tenant, id.as_str())
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::CampaignNotFound, "campaign not found"))?;
    let filters = Filters {
        campaign_ids: vec![campaign.id.clone()],
        ..Filters::default()
    };
    series(
        &state,
        &caller,
        ("campaign", campaign.id),
        filters,
        query,
        &headers,
    )
    .await
}

/// One target's series over the query's range.
async fn series(
    state: &AppState,
    caller: &Caller,
    (target_type, target_id): (&str, String),
    mut filters: Filters,
    query: MetricsQuery,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let interval = match query.interval.as_deref() {
        None | Some("day") => Dimension::Day,
        Some("hour") => Dimension::Hour,
        Some("week") => Dimension::Week,
        Some(_) => return Err(ApiError::invalid("interval", "must be hour, day or week")),
    };
    if let Some(currency) = &query.currency {
        validate::currency("currency", currency)?;
        filters.currencies = vec![currency.clone()];
    }
    if let Some(channel) = &query.channel {
        validate::identifier("channel", channel)?;
        filters.channels = vec![channel.clone()];
    }
    let base = AnalyticsQuery {
        start: query.start,
        end: query.end,
        time_zone: query.time_zone,
        ..AnalyticsQuery::default()
    };
    let zone = analytics::tenant_zone(&state.records(), &caller.tenant).await?;
    let mut resolved = analytics::resolve(&base, state.now(), zone)?;
    analytics::check_points(interval, resolved.start, resolved.end)?;
    resolved.filters = filters;
    resolved.group_by = vec![interval];
    resolved.limit = MAX_SERIES_POINTS + 1;
    resolved.sort = None::<(Metric, SortOrder)>;
    let result = analytics::evaluate(&state.records(), &caller.tenant, &resolved).await?;
    let points = fill(&resolved, interval, result);
    let series = Series {
        target_type: target_type.to_owned(),
        target_id,
        interval,
        time_zone: resolved.zone.name().to_owned(),
        start: resolved.start,
        end: resolved.end,
        points,
    };
    if chart_reply::wants_svg(headers) {
        return chart_reply::series_chart(
            &series.target_id,
            &series.points,
            interval,
            resolved.zone,
        );
    }
    Ok(Json(series).into_response())
}

/// The points of every bucket in the range, in order; an empty bucket's
/// counts are zero and its rates and money `null`/zero.
fn fill(resolved: &Resolved, interval: Dimension, result: QueryResult) -> Vec<Map<String, Value>> {
    let name = interval.as_str();
    let mut found: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for mut row in result.rows {
        if let Some(Value::String(label)) = row.remove(name) {
            found.insert(label, row);
        }
    }
    let empty = Sums::default();
    analytics::buckets(interval, resolved.start, resolved.end, resolved.zone)
        .into_iter()
        .map(|label| {
            let mut point = Map::new();
            point.insert(String::from("period"), Value::String(label.clone()));
            let row = found.remove(&label).unwrap_or_else(|| {
                let mut row = Map::new();
                for metric in &resolved.metrics {
                    let value = analytics::metric_value(*metric, &empty, &Map::new())
                        .unwrap_or(Value::Null);
                    row.insert(metric.as_str().to_owned(), value);
                }
                row
            });
            point.extend(row);
            point
        })
        .collect()
}

/// Body of `PUT /analytics/settings`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// IANA zone of days and weeks when a request names none.
    pub time_zone: String,
}

#[utoipa::path(get, path = "/v1/promotions/analytics/settings", tag = "analytics",
    responses((status = 200, body = AnalyticsSettings, description = "the tenant's settings (`UTC` until set)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks redemptions:read"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn settings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<AnalyticsSettings>, ApiError> {
    caller.require(Scope::RedemptionsRead)?;
    let stored = records::analytics::settings(&state.records(), &caller.tenant).await?;
    Ok(Json(stored.unwrap_or(AnalyticsSettings {
        time_zone: String::from("UTC"),
        updated_at: None,
    })))
}

#[utoipa::path(put, path = "/v1/promotions/analytics/settings", tag = "analytics", request_body = SettingsBody,
    responses((status = 200, body = AnalyticsSettings),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<SettingsBody>,
) -> Result<Json<AnalyticsSettings>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let zone = validate::time_zone("time_zone", &body.value.time_zone)?;
    let settings = AnalyticsSettings {
        time_zone: zone.name().to_owned(),
        updated_at: Some(state.now()),
    };
    records::analytics::set_settings(&caller.records(&state), &caller.tenant, &settings).await?;
    Ok(Json(settings))
}
