//! Bulk redemption jobs as returned by `GET /redemptions/bulk/{id}`: a job's
//! counters, status and per-row results (the job itself is a
//! [`Job`](crate::job::Job) of kind `bulk_redeem`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::job::JobStatus;

/// What became of one row.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowResult {
    pub row: usize,
    pub coupon_code: String,
    /// `success`, or the error code that refused it.
    pub outcome: String,
    pub redemption_id: Option<String>,
    pub detail: Option<String>,
}

/// A bulk redemption job as returned.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BulkJob {
    pub id: String,
    pub status: JobStatus,
    pub total: usize,
    pub processed: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub results: Vec<RowResult>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
