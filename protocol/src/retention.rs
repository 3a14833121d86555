//! A tenant's retention policy: how long its records are kept.
//!
//! Absent fields keep records for ever. A retention sweeper deletes what a
//! policy has outlived in bounded batches; counters (a coupon's uses, a
//! customer's uses, usage per channel and day) are stored apart from the
//! records they count, so a sweep changes no count. Idempotency records are
//! kept for the node's retention (`--idempotency-retention-hours`), which
//! the policy shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest retention a policy may set, in days (ten years).
pub const MAX_RETENTION_DAYS: u32 = 3_650;

/// How long a tenant keeps each kind of record, in days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RetentionPolicy {
    /// Settled redemptions (success, voided, expired, failed) older than this
    /// are deleted; pending reservations never are.
    pub redemptions_days: Option<u32>,
    /// Audit events (the journal) older than this are deleted, once every
    /// webhook endpoint has settled them.
    pub audit_days: Option<u32>,
    /// The error reports, per-row results and export files of jobs that ended
    /// longer ago than this are deleted (the job's record stays).
    pub job_reports_days: Option<u32>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl RetentionPolicy {
    /// The first field over [`MAX_RETENTION_DAYS`] or at zero, if any.
    pub fn out_of_bounds(&self) -> Option<&'static str> {
        [
            ("redemptions_days", self.redemptions_days),
            ("audit_days", self.audit_days),
            ("job_reports_days", self.job_reports_days),
        ]
        .into_iter()
        .find(|(_, days)| days.is_some_and(|d| d == 0 || d > MAX_RETENTION_DAYS))
        .map(|(field, _)| field)
    }
}
