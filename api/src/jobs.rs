//! The worker that runs bulk redemption jobs, so a job outlives the node that
//! started it (stored by [`records::jobs`]).
//!
//! [`resume_stale`], run every [`JOB_RESUME_INTERVAL_MS`] on every node, claims
//! the running jobs whose heartbeat is older than [`JOB_HEARTBEAT_TIMEOUT_MS`]
//! and finishes them from the last recorded row. Rows redeemed after that record
//! replay their first answer through their idempotency keys, so no row is ever
//! redeemed twice and every row gets its result.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
pub use stampede_actors::records::jobs::{write_new, CLAIM_PREFIX, JOB_HEARTBEAT_TIMEOUT_MS};
use stampede_actors::records::{self, RecordError};
use stampede_actors::workers::{self, SpawnErr, Supervised, Worker};
use stampede_actors::RedeemRequest;
pub use stampede_protocol::bulk::{BulkJob, JobStatus, RowResult};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::Context;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::redemptions::ReferenceType;
use crate::{validate, AppState};

/// How often every node looks for jobs a dead worker left.
pub const JOB_RESUME_INTERVAL_MS: u64 = 15_000;
/// Jobs one node takes over per look.
pub const MAX_RESUMED_JOBS_PER_SCAN: usize = 16;
/// Rows redeemed at once by one job.
const BULK_CONCURRENCY_ROWS: usize = 16;
/// Rows between two progress writes.
const BULK_PROGRESS_EVERY_ROWS: usize = 50;

/// One row of a bulk request: a single-code redemption.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRow {
    pub coupon_code: String,
    pub user_id: Option<String>,
    pub reference_type: Option<ReferenceType>,
    pub reference_id: Option<String>,
    #[serde(default)]
    pub context: Context,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

/// Runs a job from its first unrecorded row, as the holder of `token`.
pub async fn work(
    state: AppState,
    tenant: String,
    mut job: BulkJob,
    rows: Vec<BulkRow>,
    token: String,
) {
    let start = job.results.len();
    let shards = state.shards.clone();
    let job_id = job.id.clone();
    let attempts = rows.into_iter().enumerate().skip(start).map(|(i, row)| {
        let (shards, tenant, job_id) = (shards.clone(), tenant.clone(), job_id.clone());
        async move { redeem_row(&shards, &tenant, &job_id, i, row).await }
    });
    let mut results = stream::iter(attempts).buffered(BULK_CONCURRENCY_ROWS);
    let mut saved = start;
    while let Some(result) = results.next().await {
        if result.redemption_id.is_some() {
            job.succeeded += 1;
        } else {
            job.failed += 1;
        }
        job.processed += 1;
        job.results.push(result);
        let due = job.results.len() - saved >= BULK_PROGRESS_EVERY_ROWS;
        if due && job.processed < job.total {
            match save(&state, &tenant, &job, saved, &token).await {
                Ok(true) => saved = job.results.len(),
                Ok(false) => return,
                Err(err) => {
                    tracing::warn!(job = %job.id, error = %err, "could not record bulk job progress");
                }
            }
        }
    }
    job.status = JobStatus::Done;
    if let Err(err) = save(&state, &tenant, &job, saved, &token).await {
        // The claim goes stale and another node finishes the record.
        tracing::warn!(job = %job.id, error = %err, "could not record the end of a bulk job");
    }
}

async fn redeem_row(
    shards: &stampede_actors::Shards,
    tenant: &str,
    job_id: &str,
    i: usize,
    row: BulkRow,
) -> RowResult {
    let code = match validate::coupon_code(&format!("rows[{i}].coupon_code"), &row.coupon_code) {
        Ok(code) => code,
        Err(problem) => {
            return RowResult {
                row: i,
                coupon_code: row.coupon_code,
                outcome: problem.code.as_str().to_owned(),
                redemption_id: None,
                detail: Some(problem.detail),
            }
        }
    };
    let reference_type = row.reference_type.and_then(|r| {
        serde_json::to_value(r)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    });
    let request = RedeemRequest {
        user_id: row.user_id,
        reference_type,
        reference_id: row.reference_id,
        context: row.context,
        metadata: row.metadata,
        idem: Some(IdemSpec {
            key: format!("bulk:{job_id}:{i}"),
            fingerprint: format!("bulk:{job_id}:{i}"),
        }),
        ..RedeemRequest::default()
    };
    match shards.redeem(tenant, &code, request).await {
        Ok(redemption) => RowResult {
            row: i,
            coupon_code: code,
            outcome: String::from("success"),
            redemption_id: Some(redemption.id),
            detail: None,
        },
        Err(err) => {
            let problem = ApiError::from(err);
            RowResult {
                row: i,
                coupon_code: code,
                outcome: problem.code.as_str().to_owned(),
                redemption_id: None,
                detail: Some(problem.detail),
            }
        }
    }
}

/// Records progress through [`records::jobs::save`] at the state's clock.
async fn save(
    state: &AppState,
    tenant: &str,
    job: &BulkJob,
    saved: usize,
    token: &str,
) -> Result<bool, RecordError> {
    records::jobs::save(&state.records(), tenant, job, saved, token, state.now()).await
}

/// Takes over every running job whose worker stopped showing progress, and
/// finishes it in the background. Answers how many it took over.
pub async fn resume_stale(state: &AppState) -> Result<usize, RecordError> {
    let records = state.records();
    let running = records::jobs::running(&records).await?;
    let mut resumed = 0;
    for (job_id, tenant) in running {
        if resumed == MAX_RESUMED_JOBS_PER_SCAN {
            break;
        }
        let token = state.new_id(CLAIM_PREFIX);
        let taken =
            records::jobs::take_over::<BulkRow>(&records, &tenant, &job_id, &token, state.now())
                .await?;
        if let Some((job, rows)) = taken {
            tracing::info!(job = %job_id, from_row = job.results.len(), "resuming a bulk job");
            tokio::spawn(work(state.clone(), tenant, job, rows, token));
            resumed += 1;
        }
    }
    Ok(resumed)
}

/// Looks for abandoned jobs every [`JOB_RESUME_INTERVAL_MS`], for as long as
/// the process runs, as a worker under its own supervisor (restarted if a
/// round fails; see `stampede_actors::workers`).
pub async fn spawn_resumer(state: AppState) -> Result<Supervised, SpawnErr> {
    workers::supervise(Arc::new(move || {
        Box::new(Resumer {
            state: state.clone(),
        })
    }))
    .await
}

/// The worker that finishes abandoned jobs.
struct Resumer {
    state: AppState,
}

impl Worker for Resumer {
    fn name(&self) -> &'static str {
        "bulk_jobs"
    }

    fn period(&self) -> std::time::Duration {
        std::time::Duration::from_millis(JOB_RESUME_INTERVAL_MS)
    }

    fn round(&mut self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            if let Err(err) = resume_stale(&self.state).await {
                tracing::warn!(error = %err, "could not look for abandoned bulk jobs");
            }
            true
        })
    }
}
