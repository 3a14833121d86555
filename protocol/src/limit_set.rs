//! Usage limits beyond a coupon's own `max_uses` and `per_customer_limit`
//! (seed 000 §6, seed 001's `usage_limits` and time restrictions): caps per
//! channel, per store and per day, and the time windows in which the coupon may be
//! redeemed. Days and windows are read in the coupon's time zone: the limit set's
//! own, else its campaign's, else UTC.
//!
//! A limit set is stored at `keys::limit_set` and written only by the owning
//! coupon actor, which enforces it against counters it maintains in the same
//! commits as the redemptions they count.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub fn of(weekday: chrono::Weekday) -> Self {
        match weekday {
            chrono::Weekday::Mon => Self::Mon,
            chrono::Weekday::Tue => Self::Tue,
            chrono::Weekday::Wed => Self::Wed,
            chrono::Weekday::Thu => Self::Thu,
            chrono::Weekday::Fri => Self::Fri,
            chrono::Weekday::Sat => Self::Sat,
            chrono::Weekday::Sun => Self::Sun,
        }
    }
}

/// When redemptions are allowed: on `days` (every day when empty), from `start`
/// (inclusive) to `end` (exclusive) local time. `end` before `start` spans
/// midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    #[serde(default)]
    pub days: Vec<Day>,
    #[schema(value_type = String, example = "09:00:00")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "17:30:00")]
    pub end: NaiveTime,
}

impl TimeWindow {
    /// Whether local `day` and `time` fall in the window.
    pub fn contains(&self, day: Day, previous_day: Day, time: NaiveTime) -> bool {
        let on = |d: Day| self.days.is_empty() || self.days.contains(&d);
        if self.start <= self.end {
            on(day) && time >= self.start && time < self.end
        } else {
            (on(day) && time >= self.start) || (on(previous_day) && time < self.end)
        }
    }
}

/// What a limit set applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitTarget {
    Coupon,
    Campaign,
}

/// The limits of one coupon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LimitSet {
    pub target: LimitTarget,
    pub target_id: String,
    /// Uses allowed per sales channel (`context.channel`).
    #[serde(default)]
    pub per_channel: BTreeMap<String, u64>,
    /// Uses allowed per store (`context.store_id`).
    #[serde(default)]
    pub per_store: BTreeMap<String, u64>,
    /// Uses allowed per local calendar day.
    #[serde(default)]
    pub daily_cap: Option<u64>,
    /// IANA zone for days and windows; default: the campaign's, else UTC.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Allowed windows; empty means any time.
    #[serde(default)]
    pub windows: Vec<TimeWindow>,
    /// How long a reservation of this coupon holds its use.
    #[serde(default)]
    pub reservation_ttl_secs: Option<u64>,
    /// Stores the coupon is redeemable in (seed 003 `stores`); empty: every store.
    #[serde(default)]
    pub stores: Vec<String>,
    /// The coupon cannot be combined with other codes in one order (seed 003
    /// `exclusive`).
    #[serde(default)]
    pub exclusive: bool,
    /// How many consumers the coupon is limited to (seed 003 `consumers`, stored
    /// one key each); 0: anyone.
    #[serde(default)]
    pub consumer_count: usize,
    /// The segment (by name) the customer must belong to (seed 003 `segment`):
    /// listed in an explicit segment, or matching a rule segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
