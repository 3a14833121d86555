//! Bulk jobs as stored, so a job outlives the node that started it.
//!
//! A job is its record (counters and status), its input rows and its per-row
//! results, both in chunks (a 1,000-row report is larger than one value may
//! be), a claim naming the worker, and an entry in a cross-tenant index of
//! running jobs. The worker heartbeats its claim with every progress write
//! ([`save`]), in the same transaction, and stops as soon as the claim is not
//! its own; [`take_over`] claims a job whose heartbeat went stale.
//!
//! The rows are the edge's request type, stored as JSON: the functions here
//! are generic over it.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use stampede_protocol::bulk::{BulkJob, JobStatus};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::idempotency::{Done, Once};
use super::{RecordError, Records};

/// A worker that showed no progress for this long is presumed dead.
pub const JOB_HEARTBEAT_TIMEOUT_MS: i64 = 60_000;
/// Running jobs one look reads.
const MAX_RUNNING_JOBS_SCANNED: usize = 1_024;
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

/// The prefix of a claim token, minted by the clock like every fresh id.
pub const CLAIM_PREFIX: &str = "claim";

/// Stores a new job with its rows and the claim of `token`, and under the
/// request's key its `202` response (the job), in one once-only transaction.
pub async fn create<R: Serialize + Clone + Send + Sync + 'static>(
    records: &Records,
    tenant: &str,
    job: &BulkJob,
    rows: &[R],
    token: &str,
    spec: Option<IdemSpec>,
) -> Result<Done<()>, RecordError> {
    let shown = serde_json::to_value(job)?;
    let respond = move |_: &()| Ok(Some((202, shown.clone())));
    let shared = std::sync::Arc::new((job.clone(), rows.to_vec(), token.to_owned()));
    let once = Once::new(records.clone(), tenant, spec, job.created_at);
    let done = once
        .run(respond, |tx| {
            let (tenant, shared) = (tenant.to_owned(), shared.clone());
            Box::pin(async move {
                let (job, rows, token) = &*shared;
                write_new(tx, &tenant, job, rows, token)
            })
        })
        .await?;
    Ok(done)
}

/// Writes everything a new job is (in the transaction that records the request).
pub fn write_new<R: Serialize>(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &BulkJob,
    rows: &[R],
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
fn row_chunks<R: Serialize>(rows: &[R]) -> Result<Vec<Vec<u8>>, StorageError> {
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

/// Every element of the chunks under `prefix`, in order.
async fn chunks<T: DeserializeOwned>(
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
        let part: Vec<T> = decode(&row.key, &row.value)?;
        all.extend(part);
    }
    Ok(all)
}

/// A job with its results; `None` for an id no job can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<BulkJob>, RecordError> {
    if check_id(id).is_err() {
        return Ok(None);
    }
    let mut tx = records.store().begin().await?;
    let key = keys::job(tenant, id);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(None);
    };
    let mut job: BulkJob = decode(&key, &bytes)?;
    job.results = chunks(tx.as_mut(), &keys::job_results_prefix(tenant, id)).await?;
    Ok(Some(job))
}

/// Records progress (results from `saved` on) if `token` still holds the
/// claim, heartbeating it at `now`; a done job leaves its rows, claim and the
/// running index. `Ok(false)`: another worker took the job over, stop.
pub async fn save(
    records: &Records,
    tenant: &str,
    job: &BulkJob,
    saved: usize,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
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
    let kept = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, id, token) = (tenant.clone(), id.clone(), token.clone());
            let (record, result_chunks) = (record.clone(), result_chunks.clone());
            Box::pin(async move {
                let claim_key = keys::job_claim(&tenant, &id);
                let claim: Option<Claim> = match tx.get(&claim_key).await? {
                    Some(bytes) => Some(decode(&claim_key, &bytes)?),
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
        },
    )
    .await?;
    Ok(kept)
}

/// Running jobs of every tenant, as (job id, tenant), at most
/// [`MAX_RUNNING_JOBS_SCANNED`].
pub async fn running(records: &Records) -> Result<Vec<(String, String)>, RecordError> {
    let mut tx = records.store().begin().await?;
    let (begin, end) = keys::prefix_range(&keys::running_jobs_prefix());
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_RUNNING_JOBS_SCANNED,
            reverse: false,
        })
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let job_id = keys::job_of_running(&row.key)?;
            Some((job_id, String::from_utf8_lossy(&row.value).into_owned()))
        })
        .collect())
}

/// Claims one job for `token` if its heartbeat is stale at `now`, with its
/// rows and results so far (the counters follow the recorded results, the
/// only ones that count). A job whose record is gone leaves the running index.
pub async fn take_over<R: DeserializeOwned + Send + 'static>(
    records: &Records,
    tenant: &str,
    job_id: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(BulkJob, Vec<R>)>, RecordError> {
    let (tenant, job_id, token) = (tenant.to_owned(), job_id.to_owned(), token.to_owned());
    let taken = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, job_id, token) = (tenant.clone(), job_id.clone(), token.clone());
            Box::pin(async move {
                let claim_key = keys::job_claim(&tenant, &job_id);
                let stale = match tx.get(&claim_key).await? {
                    Some(bytes) => {
                        let claim: Claim = decode(&claim_key, &bytes)?;
                        (now - claim.heartbeat_at).num_milliseconds() >= JOB_HEARTBEAT_TIMEOUT_MS
                    }
                    None => true,
                };
                if !stale {
                    return Ok(None);
                }
                let job_key = keys::job(&tenant, &job_id);
                let Some(bytes) = tx.get(&job_key).await? else {
                    tx.clear(&keys::running_job(&job_id))?;
                    return Ok(None);
                };
                let mut job: BulkJob = decode(&job_key, &bytes)?;
                job.results = chunks(tx, &keys::job_results_prefix(&tenant, &job_id)).await?;
                let rows: Vec<R> = chunks(tx, &keys::job_rows_prefix(&tenant, &job_id)).await?;
                tx.set(
                    &claim_key,
                    &encode(&Claim {
                        token,
                        heartbeat_at: now,
                    })?,
                )?;
                Ok(Some((job, rows)))
            })
        },
    )
    .await?;
    Ok(taken.map(|(mut job, rows)| {
        job.processed = job.results.len();
        job.succeeded = job
            .results
            .iter()
            .filter(|r| r.redemption_id.is_some())
            .count();
        job.failed = job.processed - job.succeeded;
        (job, rows)
    }))
}
