//! Analytics (seed 000 §11): the query language and its answers.
//!
//! Every figure comes from hourly rollups the coupon actors keep with their
//! commits (`actors/src/coupon/rollup.rs`); no query reads redemption records.
//! A row of the rollups is (hour, channel, currency, campaign, coupon); a query
//! filters rows, groups them by the dimensions asked for and sums metrics.
//!
//! Metric definitions (the same everywhere: overview, query, time series,
//! experiments):
//! * `redemptions` — redemptions holding a use (success or pending), by the
//!   hour they were made; a void, release or expiry takes one back out.
//! * `refusals` — redemption attempts the service refused, by reason.
//! * `redeem_rate` — `redemptions ÷ (redemptions + refusals)`: the share of
//!   attempts that hold a use; `null` without attempts.
//! * `discount` — discount given; `revenue` — order value of the redemptions
//!   (`context.cart_total`, else its lines); `avg_order_value` — `revenue ÷
//!   redemptions`. Money is per currency: a group mixing currencies is refused
//!   for money metrics (filter by one currency or group by `currency`).
//! * `unique_customers` — distinct `user_id`s among the redemptions: exact
//!   while a code's row of an hour has at most
//!   `EXACT_CUSTOMERS_PER_ROW` customers (voids taken out), a HyperLogLog
//!   sketch beyond (about 3.3% error; voids no longer taken out).
//! * `voids` — voids (and releases, expiries), by the hour they happened.
//! * `validations`, `valid_validations` — checks of a code, and those valid.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest span one query covers, in days.
pub const MAX_QUERY_SPAN_DAYS: i64 = 400;
/// Span of a query without `start`, in days.
pub const DEFAULT_QUERY_SPAN_DAYS: i64 = 30;
/// Rows a query answers when `limit` is absent, and at most.
pub const DEFAULT_QUERY_ROWS: usize = 100;
pub const MAX_QUERY_ROWS: usize = 1_000;
/// Values one filter may list.
pub const MAX_FILTER_VALUES: usize = 100;
/// Points one time series answers at most (pick a coarser interval).
pub const MAX_SERIES_POINTS: usize = 2_000;
/// Coupons in an overview's `top_coupons`.
pub const TOP_COUPONS: usize = 10;
/// Refusal reasons counted as fraud suspicions in the overview: a customer
/// trying a code past their own limit, or a revoked code.
pub const FRAUD_SIGNAL_REASONS: &[&str] = &["per_customer_limit_reached", "revoked"];

/// What a query groups by. `day` and `week` (ISO weeks, labelled by their
/// Monday) are calendar days in the query's time zone; `reason` splits
/// `refusals` by reason (other metrics fall in the row whose reason is null).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Hour,
    Day,
    Week,
    Coupon,
    Campaign,
    Channel,
    Currency,
    Reason,
}

impl Dimension {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
            Self::Coupon => "coupon",
            Self::Campaign => "campaign",
            Self::Channel => "channel",
            Self::Currency => "currency",
            Self::Reason => "reason",
        }
    }

    /// Whether the dimension is a time bucket.
    pub fn is_time(self) -> bool {
        matches!(self, Self::Hour | Self::Day | Self::Week)
    }
}

/// A figure a query can sum (see the module's definitions).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Redemptions,
    RedeemRate,
    Discount,
    Revenue,
    AvgOrderValue,
    UniqueCustomers,
    Refusals,
    Voids,
    Validations,
    ValidValidations,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Self::Redemptions,
        Self::RedeemRate,
        Self::Discount,
        Self::Revenue,
        Self::AvgOrderValue,
        Self::UniqueCustomers,
        Self::Refusals,
        Self::Voids,
        Self::Validations,
        Self::ValidValidations,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Redemptions => "redemptions",
            Self::RedeemRate => "redeem_rate",
            Self::Discount => "discount",
            Self::Revenue => "revenue",
            Self::AvgOrderValue => "avg_order_value",
            Self::UniqueCustomers => "unique_customers",
            Self::Refusals => "refusals",
            Self::Voids => "voids",
            Self::Validations => "validations",
            Self::ValidValidations => "valid_validations",
        }
    }

    /// Whether the figure is an amount of money (per currency).
    pub fn is_money(self) -> bool {
        matches!(self, Self::Discount | Self::Revenue | Self::AvgOrderValue)
    }
}

/// Which rows a query sums; every list empty means all. Values within a list
/// are alternatives (OR); lists combine (AND).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    /// Coupons by id (a code of a coupon counts as its coupon).
    #[serde(default)]
    pub coupon_ids: Vec<String>,
    #[serde(default)]
    pub campaign_ids: Vec<String>,
    /// Channels as sent in `context.channel`; `""` is "no channel".
    #[serde(default)]
    pub channels: Vec<String>,
    /// ISO currency codes; `""` is "no currency".
    #[serde(default)]
    pub currencies: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

/// Order of a query's rows: by a metric (default descending); rows without
/// `sort` come in the order of their group keys.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sort {
    pub metric: Metric,
    #[serde(default)]
    pub order: SortOrder,
}

/// `POST /analytics/query`: e.g. top coupons by revenue in the last 7 days:
/// `{"start": "…", "group_by": ["coupon"], "metrics": ["revenue"],
/// "sort": {"metric": "revenue"}, "limit": 10}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsQuery {
    /// Inclusive, rounded down to its hour; default `end` − 30 days.
    pub start: Option<DateTime<Utc>>,
    /// Exclusive, rounded up to an hour; default now. At most 400 days after `start`.
    pub end: Option<DateTime<Utc>>,
    /// IANA zone of `day` and `week` buckets (default `UTC`). Rollups are
    /// hourly, so a zone whose offset is not whole hours is bucketed by the
    /// hour that began the local day.
    pub time_zone: Option<String>,
    #[serde(default)]
    pub filters: Filters,
    /// At most one time dimension, each dimension once.
    #[serde(default)]
    pub group_by: Vec<Dimension>,
    /// Default: all metrics.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    pub sort: Option<Sort>,
    /// 1–1,000 rows; default 100.
    pub limit: Option<usize>,
}

/// The answer of a query: one flat object per group — its dimensions, then
/// its metrics (money in major units of the row's currency).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueryResult {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: String,
    pub group_by: Vec<Dimension>,
    pub metrics: Vec<Metric>,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
    /// More groups matched than `limit`.
    pub truncated: bool,
}

/// A tenant's analytics settings (`PUT /analytics/settings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsSettings {
    /// IANA zone of days and weeks when a request names none (default `UTC`).
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}
