//! Bulk jobs as stored, and the worker that runs them, so a job outlives the
//! node that started it.
//!
//! A job is its record (counters and status), its input rows and its per-row
//! results, both in chunks (a 1,000-row report is larger than one value may be),
//! a claim naming the worker, and an entry in a cross-tenant index of running
//! jobs. The worker heartbeats its claim with every progress write, in the same
//! transaction, and stops as soon as the claim is not its own.
//!
//! [`resume_stale`], run every [`JOB_RESUME_INTERVAL_MS`] on every node, claims
//! the running jobs whose heartbeat is older than [`JOB_HEARTBEAT_TIMEOUT_MS`]
//! and finishes them from the last recorded row. Rows redeemed after that record
//! replay their first answer through their idempotency keys, so no row is ever
//! redeemed twice and every row gets its result.

use chrono::{DateTime, Utc};
use futures::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use stampede_actors::RedeemRequest;
use stampede_protocol::idempotency::IdemSpec;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use crate::error::ApiError;
use crate::routes::bulk::{BulkJob, BulkRow, JobStatus, RowResult};
use crate::{validate, AppState};

/// A worker that showed no progress for this long is presumed dead.
pub const JOB_HEARTBEAT_TIMEOUT_MS: i64 = 60_000;
/// How often every node looks for jobs a dead worker left.
pub const JOB_RESUME_INTERVAL_MS: u64 = 15_000;
/// Jobs one node takes over per look.
pub const MAX_RESUMED_JOBS_PER_SCAN: usize = 16;
/// Running jobs one look reads.
const MAX_RUNNING_JOBS_SCANNED: usize = 1_024;
/// Rows redeemed at once by one job.
const BULK_CONCURRENCY_ROWS: usize = 16;
/// Rows between two progress writes.
const BULK_PROGRESS_EVERY_ROWS: usize = 50;
/// Results per stored chunk (about 20 kB).
const RESULTS_PER_CHUNK: usize = 100;
/// Encoded rows per stored chunk, well under the 100 kB value limit.
const MAX_ROWS_CHUNK_BYTES: usize = 64 * 1024;
/// Chunks of one job (rows or results) read at once: 1,000 rows fit.
const MAX_JOB_CHUNKS: usize = 1_024;

/// Who works on a job.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claim {
    token: String,
    heartbeat_at: DateTime<Utc>,
}

fn corrupt(err: serde_json::Error) -> StorageError {
    StorageError::Corrupt {
        key: String::from("<bulk job>"),
        detail: err.to_string(),
    }
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError> {
    serde_json::to_vec(value).map_err(corrupt)
}

/// A fresh claim token.
pub fn new_token() -> String {
    stampede_protocol::ids::new_id("claim")
}

/// Writes everything a new job is (in the transaction that records the request).
pub fn write_new(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &BulkJob,
    rows: &[BulkRow],
    token: &str,
) -> Result<(), StorageError> {
    debug_assert!(job.results.is_empty());
    tx.set(&keys::job(tenant, &job.id), &encode(job)?)?;
    for (i, chunk) in row_chunks(rows)?.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        tx.set(&keys::job_rows(tenant, &job.id, index), chunk)?;
    }
    let claim = Claim {
        token: token.to_owned(),
        heartbeat_at: job.created_at,
    };
    tx.set(&keys::job_claim(tenant, &job.id), &encode(&claim)?)?;
    tx.set(&keys::running_job(&job.id), tenant.as_bytes())
}

/// The rows, encoded as JSON arrays of at most [`MAX_ROWS_CHUNK_BYTES`] (a
/// single larger row gets a chunk of its own).
fn row_chunks(rows: &[BulkRow]) -> Result<Vec<Vec<u8>>, StorageError> {
    let mut chunks = Vec::new();
    let mut current: Vec<Vec<u8>> = Vec::new();
    let mut bytes = 0;
    for row in rows {
        let encoded = encode(row)?;
        if !current.is_empty() && bytes + encoded.len() > MAX_ROWS_CHUNK_BYTES {
            chunks.push(json_array(&current));
            current.clear();
            bytes = 0;
        }
        bytes += encoded.len() + 1;
        current.push(encoded);
    }
    if !current.is_empty() {
        chunks.push(json_array(&current));
    }
    Ok(chunks)
}

/// `[a,b,…]` from already encoded JSON values.
fn json_array(values: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.iter().map(|v| v.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    out.extend(values.join(&b","[..]));
    out.push(b']');
    out
}

async fn chunks<T: serde::de::DeserializeOwned>(
    tx: &mut dyn Transaction,
    prefix: &[u8],
) -> Result<Vec<T>, StorageError> {
    let (begin, end) = keys::prefix_range(prefix);
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_JOB_CHUNKS,
            reverse: false,
        })
        .await?;
    let mut all = Vec::new();
    for row in rows {
        let part: Vec<T> = serde_json::from_slice(&row.value).map_err(corrupt)?;
        all.extend(part);
    }
    Ok(all)
}

/// A job with its results, as `GET /redemptions/bulk/{id}` shows it.
pub async fn read(state: &AppState, tenant: &str, id: &str) -> Result<Option<BulkJob>, ApiError> {
    let mut tx = state.store().begin().await?;
    let Some(bytes) = tx.get_snapshot(&keys::job(tenant, id)).await? else {
        return Ok(None);
    };
    let mut job: BulkJob = serde_json::from_slice(&bytes).map_err(corrupt)?;
    job.results = chunks(tx.as_mut(), &keys::job_results_prefix(tenant, id)).await?;
    Ok(Some(job))
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

/// Records progress (results from `saved` on) if `token` still holds the
/// claim; `Ok(false)`: another worker took the job over, stop.
async fn save(
    state: &AppState,
    tenant: &str,
    job: &BulkJob,
    saved: usize,
    token: &str,
) -> Result<bool, StorageError> {
    let now = state.now();
    let mut record = job.clone();
    record.results = Vec::new();
    record.updated_at = now;
    let record = encode(&record)?;
    let first_chunk = saved / RESULTS_PER_CHUNK;
    let mut result_chunks = Vec::new();
    for (i, chunk) in job
        .results
        .chunks(RESULTS_PER_CHUNK)
        .enumerate()
        .skip(first_chunk)
    {
        result_chunks.push((u32::try_from(i).unwrap_or(u32::MAX), encode(&chunk)?));
    }
    let done = job.status == JobStatus::Done;
    let (tenant, id, token) = (tenant.to_owned(), job.id.clone(), token.to_owned());
    run(state.store().as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, id, token) = (tenant.clone(), id.clone(), token.clone());
        let (record, result_chunks) = (record.clone(), result_chunks.clone());
        Box::pin(async move {
            let claim_key = keys::job_claim(&tenant, &id);
            let claim: Option<Claim> = match tx.get(&claim_key).await? {
                Some(bytes) => Some(serde_json::from_slice(&bytes).map_err(corrupt)?),
                None => None,
            };
            if claim.is_none_or(|c| c.token != token) {
                return Ok(false);
            }
            tx.set(&keys::job(&tenant, &id), &record)?;
            for (index, bytes) in &result_chunks {
                tx.set(&keys::job_results(&tenant, &id, *index), bytes)?;
            }
            if done {
                let (begin, end) = keys::prefix_range(&keys::job_rows_prefix(&tenant, &id));
                tx.clear_range(&begin, &end)?;
                tx.clear(&claim_key)?;
                tx.clear(&keys::running_job(&id))?;
            } else {
                let claim = Claim {
                    token: token.clone(),
                    heartbeat_at: now,
                };
                tx.set(&claim_key, &encode(&claim)?)?;
            }
            Ok(true)
        })
    })
    .await
}

/// Takes over every running job whose worker stopped showing progress, and
/// finishes it in the background. Answers how many it took over.
pub async fn resume_stale(state: &AppState) -> Result<usize, StorageError> {
    let running = {
        let mut tx = state.store().begin().await?;
        let (begin, end) = keys::prefix_range(&keys::running_jobs_prefix());
        tx.get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_RUNNING_JOBS_SCANNED,
            reverse: false,
        })
        .await?
    };
    let mut resumed = 0;
    for row in running {
        if resumed == MAX_RESUMED_JOBS_PER_SCAN {
            break;
        }
        let Some(job_id) = keys::job_of_running(&row.key) else {
            continue;
        };
        let tenant = String::from_utf8_lossy(&row.value).into_owned();
        if let Some((job, rows, token)) = take_over(state, &tenant, &job_id).await? {
            tracing::info!(job = %job_id, from_row = job.results.len(), "resuming a bulk job");
            tokio::spawn(work(state.clone(), tenant, job, rows, token));
            resumed += 1;
        }
    }
    Ok(resumed)
}

/// Claims one job if its heartbeat is stale, with its rows and results so far.
async fn take_over(
    state: &AppState,
    tenant: &str,
    job_id: &str,
) -> Result<Option<(BulkJob, Vec<BulkRow>, String)>, StorageError> {
    let now = state.now();
    let token = new_token();
    let (tenant, job_id, token_in) = (tenant.to_owned(), job_id.to_owned(), token.clone());
    let taken = run(state.store().as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, job_id, token) = (tenant.clone(), job_id.clone(), token_in.clone());
        Box::pin(async move {
            let claim_key = keys::job_claim(&tenant, &job_id);
            let stale = match tx.get(&claim_key).await? {
                Some(bytes) => {
                    let claim: Claim = serde_json::from_slice(&bytes).map_err(corrupt)?;
                    (now - claim.heartbeat_at).num_milliseconds() >= JOB_HEARTBEAT_TIMEOUT_MS
                }
                None => true,
            };
            if !stale {
                return Ok(None);
            }
            let Some(bytes) = tx.get(&keys::job(&tenant, &job_id)).await? else {
                tx.clear(&keys::running_job(&job_id))?;
                return Ok(None);
            };
            let mut job: BulkJob = serde_json::from_slice(&bytes).map_err(corrupt)?;
            job.results = chunks(tx, &keys::job_results_prefix(&tenant, &job_id)).await?;
            let rows: Vec<BulkRow> = chunks(tx, &keys::job_rows_prefix(&tenant, &job_id)).await?;
            let claim = Claim {
                token,
                heartbeat_at: now,
            };
            tx.set(&claim_key, &encode(&claim)?)?;
            Ok(Some((job, rows)))
        })
    })
    .await?;
    Ok(taken.map(|(mut job, rows)| {
        // The counters follow the recorded results, the only ones that count.
        job.processed = job.results.len();
        job.succeeded = job
            .results
            .iter()
            .filter(|r| r.redemption_id.is_some())
            .count();
        job.failed = job.processed - job.succeeded;
        (job, rows, token)
    }))
}

/// Looks for abandoned jobs every [`JOB_RESUME_INTERVAL_MS`], for as long as
/// the process runs.
pub fn spawn_resumer(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let period = std::time::Duration::from_millis(JOB_RESUME_INTERVAL_MS);
        loop {
            tokio::time::sleep(period).await;
            if let Err(err) = resume_stale(&state).await {
                tracing::warn!(error = %err, "could not look for abandoned bulk jobs");
            }
        }
    })
}
