//! Bulk redemption jobs (`POST /redemptions/bulk`): each row is a single-code
//! redemption sent to its coupon's actor under the idempotency key
//! `bulk:{job}:{row}`, so a batch redone after a crash replays its first
//! answers and no row is ever redeemed twice. Each batch's per-row results are
//! stored as one chunk with the batch's progress.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::records::jobs::{Batch, BatchWrite};
use stampede_actors::RedeemRequest;
pub use stampede_protocol::bulk::{BulkJob, RowResult};
use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::job::{Job, JobError};
use stampede_protocol::Context;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::redemptions::ReferenceType;
use crate::{validate, AppState};

/// Rows redeemed at once by one job.
const BULK_CONCURRENCY_ROWS: usize = 16;
/// Rows in one batch: one progress write and one stored chunk of results.
pub const BULK_BATCH_ROWS: usize = 50;

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

/// The worker of one bulk redemption job.
pub struct Redeem {
    state: AppState,
    tenant: String,
    rows: Vec<BulkRow>,
}

impl Redeem {
    pub async fn load(state: &AppState, tenant: &str, job: &Job) -> Result<Self, ApiError> {
        let rows = records::jobs::rows(&state.records(), tenant, &job.id).await?;
        Ok(Redeem {
            state: state.clone(),
            tenant: tenant.to_owned(),
            rows,
        })
    }
}

impl super::Runner for Redeem {
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>> {
        Box::pin(async move {
            let from = usize::try_from(job.cursor).unwrap_or(usize::MAX);
            let rows: Vec<(usize, BulkRow)> = (self.rows.iter().enumerate())
                .skip(from)
                .take(BULK_BATCH_ROWS)
                .map(|(i, row)| (i, row.clone()))
                .collect();
            let attempts = rows.into_iter().map(|(i, row)| {
                let (shards, tenant) = (self.state.shards.clone(), self.tenant.clone());
                let job_id = job.id.clone();
                async move { redeem_row(&shards, &tenant, &job_id, i, row).await }
            });
            let results: Vec<RowResult> = stream::iter(attempts)
                .buffered(BULK_CONCURRENCY_ROWS)
                .collect()
                .await;
            Ok(record(&self.tenant, job.cursor, self.rows.len(), results))
        })
    }
}

/// The batch write of `results` (rows from `from`): their chunk and counters.
fn record(tenant: &str, from: u64, total: usize, results: Vec<RowResult>) -> BatchWrite {
    let succeeded = results.iter().filter(|r| r.redemption_id.is_some()).count() as u64;
    let errors: Vec<JobError> = results
        .iter()
        .filter(|r| r.redemption_id.is_none())
        .map(|r| JobError {
            row: r.row as u64,
            field: Some(format!("rows[{}]", r.row)),
            code: r.outcome.clone(),
            message: r.detail.clone().unwrap_or_default(),
        })
        .collect();
    let cursor = from + results.len() as u64;
    let batch = Batch {
        cursor,
        processed: results.len() as u64,
        created: succeeded,
        failed: results.len() as u64 - succeeded,
        errors,
        finished: cursor >= total as u64,
        ..Batch::default()
    };
    let (results, batch, tenant) = (Arc::new(results), Arc::new(batch), tenant.to_owned());
    Arc::new(move |tx, job| {
        let (results, batch, tenant) = (results.clone(), batch.clone(), tenant.clone());
        Box::pin(async move {
            if job.cursor != from {
                // A retry after an unknown result: already recorded.
                return Ok(Batch {
                    cursor: job.cursor,
                    ..Batch::default()
                });
            }
            let chunk = from / BULK_BATCH_ROWS as u64;
            records::jobs::put_results(tx, &tenant, &job.id, chunk, &results)?;
            Ok((*batch).clone())
        })
    })
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
        Err(problem) => return failed(i, row.coupon_code, problem),
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
        provenance: Provenance::job(job_id),
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
        Err(err) => failed(i, code, ApiError::from(err)),
    }
}

fn failed(row: usize, coupon_code: String, problem: ApiError) -> RowResult {
    RowResult {
        row,
        coupon_code,
        outcome: problem.code.as_str().to_owned(),
        redemption_id: None,
        detail: Some(problem.detail),
    }
}

/// `GET /redemptions/bulk/{id}`'s answer: the job with every row's result.
pub async fn view(state: &AppState, tenant: &str, job: &Job) -> Result<BulkJob, ApiError> {
    let results: Vec<RowResult> = records::jobs::results(&state.records(), tenant, &job.id).await?;
    let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    Ok(BulkJob {
        id: job.id.clone(),
        status: job.status,
        total: usize_of(job.total),
        processed: usize_of(job.processed),
        succeeded: usize_of(job.created),
        failed: usize_of(job.failed),
        results,
        created_at: job.created_at,
        updated_at: job.updated_at,
    })
}
