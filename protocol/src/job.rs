//! Jobs: long work (code generation, imports, exports, bulk revoke, bulk
//! redemption) run in the background, in batches, by one worker at a time.
//!
//! Every kind shares this record: what was asked (`spec`), where the next
//! batch starts (`cursor`), the counters the caller sees, and how many chunks
//! of row errors its report has. A batch moves the cursor and the counters in
//! the transaction that does its work, so a job resumed after a crash starts
//! exactly where the last committed batch ended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// `POST /coupons/generate`: codes of a coupon from a pattern.
    GenerateCodes,
    /// `POST /imports`, `POST /coupons/{id}/codes/import`.
    Import,
    /// `POST /exports`: records streamed to a downloadable file.
    Export,
    /// `POST /coupons/bulk-revoke`.
    BulkRevoke,
    /// `POST /redemptions/bulk`.
    BulkRedeem,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Running,
    /// Every row was processed (some may have failed: see `failed`).
    Done,
    /// Stopped on request (`POST /jobs/{id}/cancel`); batches done stay done.
    Cancelled,
    /// Stopped by an error that no row caused (see `error`).
    Failed,
}

impl JobStatus {
    pub fn is_final(self) -> bool {
        self != JobStatus::Running
    }
}

/// One line of a job's error report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JobError {
    /// The row (0-based, in input order; for CSV the first data row is 0).
    pub row: u64,
    /// The field the error is about, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The stable error code (`invalid_argument`, `duplicate_code`, …).
    pub code: String,
    pub message: String,
}

/// A job as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    /// Rows (or codes) the job will process; 0 while unknown (an export).
    pub total: u64,
    pub processed: u64,
    pub created: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Where the next batch starts, in the kind's own terms (a row index).
    pub cursor: u64,
    /// The request, validated, in the kind's own shape.
    pub spec: serde_json::Value,
    /// What the job made, in the kind's own shape (an export's file size).
    #[serde(default)]
    pub output: serde_json::Value,
    /// Chunks of the error report written so far.
    #[serde(default)]
    pub error_chunks: u64,
    /// Rows whose error is counted in `failed` but not kept in the report
    /// (past the report's bound).
    #[serde(default)]
    pub errors_dropped: u64,
    #[serde(default)]
    pub cancel_requested: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    /// The retention policy deleted the job's report (error lines, per-row
    /// results, export file); the record stays.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub report_swept: bool,
}

impl Job {
    /// A new running job of `kind` over `total` rows.
    pub fn new(
        id: String,
        kind: JobKind,
        total: u64,
        spec: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Job {
        Job {
            id,
            kind,
            status: JobStatus::Running,
            total,
            processed: 0,
            created: 0,
            skipped: 0,
            failed: 0,
            cursor: 0,
            spec,
            output: serde_json::Value::Null,
            error_chunks: 0,
            errors_dropped: 0,
            cancel_requested: false,
            error: None,
            created_at: now,
            updated_at: now,
            finished_at: None,
            report_swept: false,
        }
    }

    /// The job as a client sees it at `now`: progress, rate and time left.
    pub fn view(&self, now: DateTime<Utc>) -> JobView {
        let end = self.finished_at.unwrap_or(now);
        let secs = (end - self.created_at).num_milliseconds().max(1) as f64 / 1_000.0;
        let rate = self.processed as f64 / secs;
        let progress = if self.status == JobStatus::Done {
            1.0
        } else if self.total == 0 {
            0.0
        } else {
            (self.processed as f64 / self.total as f64).min(1.0)
        };
        let left = self.total.saturating_sub(self.processed) as f64;
        let eta_seconds = (self.status == JobStatus::Running && rate > 0.0 && self.total > 0)
            .then(|| left / rate);
        JobView {
            id: self.id.clone(),
            kind: self.kind,
            status: self.status,
            total: self.total,
            processed: self.processed,
            created: self.created,
            skipped: self.skipped,
            failed: self.failed,
            progress,
            rate_per_second: (rate * 10.0).round() / 10.0,
            eta_seconds: eta_seconds.map(|s| (s * 10.0).round() / 10.0),
            cancel_requested: self.cancel_requested,
            error: self.error.clone(),
            spec: self.spec.clone(),
            output: self.output.clone(),
            errors_dropped: self.errors_dropped,
            created_at: self.created_at,
            updated_at: self.updated_at,
            finished_at: self.finished_at,
        }
    }
}

/// `GET /jobs/{id}`: a job, its counters, progress (0–1), rate (rows per
/// second since it started) and estimated seconds left.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobView {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    pub total: u64,
    pub processed: u64,
    pub created: u64,
    pub skipped: u64,
    pub failed: u64,
    pub progress: f64,
    pub rate_per_second: f64,
    pub eta_seconds: Option<f64>,
    pub cancel_requested: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[schema(value_type = Object)]
    pub spec: serde_json::Value,
    #[schema(value_type = Object)]
    pub output: serde_json::Value,
    /// Errors counted in `failed` but left out of the report (its bound).
    pub errors_dropped: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_reports_progress_rate_and_time_left() {
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        let mut job = Job::new(
            "job_1".into(),
            JobKind::Import,
            1_000,
            Default::default(),
            start,
        );
        job.processed = 250;
        let view = job.view(start + chrono::TimeDelta::seconds(5));
        assert_eq!(view.progress, 0.25);
        assert_eq!(view.rate_per_second, 50.0);
        assert_eq!(view.eta_seconds, Some(15.0));
        job.status = JobStatus::Done;
        job.processed = 1_000;
        job.finished_at = Some(start + chrono::TimeDelta::seconds(10));
        let view = job.view(start + chrono::TimeDelta::seconds(60));
        assert_eq!(
            (view.progress, view.rate_per_second, view.eta_seconds),
            (1.0, 100.0, None)
        );
    }
}
