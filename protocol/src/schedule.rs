//! Schedules (seed 000 §8): activate and pause a campaign or coupon on time.
//!
//! Without `recurrence` a schedule activates its target at `start` (or at once)
//! and pauses it at `end`. With a cron `recurrence` (read in `time_zone`), each
//! fire between `start` and `end` activates the target, and `duration_secs`
//! after a fire pauses it again; at `end` the target is paused and the schedule
//! is done. The scheduler supervisor runs due actions on the service's `Clock`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a schedule drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleTarget {
    Campaign,
    Coupon,
    Promotion,
    Rule,
}

/// What a due event does to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleAction {
    Activate,
    Pause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleStatus {
    /// Runs its events.
    Active,
    /// Kept, but runs nothing until resumed.
    Paused,
    /// No event left.
    Done,
}

/// A schedule as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Schedule {
    pub id: String,
    pub target: ScheduleTarget,
    pub target_id: String,
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    /// Cron expression: 5 fields (min hour dom mon dow), 6 with seconds first, or
    /// 7 with a year; `cron(…)` is accepted.
    #[serde(default)]
    pub recurrence: Option<String>,
    /// IANA zone the recurrence is read in; default UTC.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// With a recurrence: how long each occurrence stays active.
    #[serde(default)]
    pub duration_secs: Option<u64>,
    pub status: ScheduleStatus,
    /// The next event, if any.
    #[serde(default)]
    pub next_run_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub next_action: Option<ScheduleAction>,
    /// A pause owed by the last occurrence (recurring schedules with a duration).
    #[serde(default)]
    pub pause_due_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_run_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub runs: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
