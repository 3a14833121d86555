//! Jobs as stored, so a job outlives the node that started it.
//!
//! A job is its record ([`Job`]: spec, cursor, counters, status), its input
//! rows in chunks (when the input came with the request), its error report
//! and its kind's results in chunks (a report is larger than one value may
//! be), a claim naming the worker, and an entry in a cross-tenant index of
//! running jobs.
//!
//! Work happens in batches through [`advance`]: one transaction checks the
//! claim, runs the batch's own writes from the cursor it reads, moves the
//! cursor and counters, appends the batch's errors and heartbeats the claim.
//! So a batch is recorded exactly when its writes are, and a job taken over
//! after a crash ([`take_over`]) starts where the last committed batch ended.
//! A batch retried after an unknown commit result reads the moved cursor and
//! does the next batch instead of repeating this one.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::job::{Job, JobError, JobStatus};
use stampede_protocol::ErrorCode;
use stampede_storage::{
    keys, run, RangeOptions, RetryPolicy, StorageError, Transaction, TxnFuture,
};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{Done, Once};
use super::{RecordError, Records};

/// A worker that showed no progress for this long is presumed dead.
pub const JOB_HEARTBEAT_TIMEOUT_MS: i64 = 60_000;
/// Running jobs one look reads.
const MAX_RUNNING_JOBS_SCANNED: usize = 1_024;
/// Error lines or results per stored chunk (about 20 kB).
pub const REPORT_LINES_PER_CHUNK: usize = 100;
/// Error lines one job keeps; later errors are counted, not kept.
pub const MAX_JOB_ERRORS_KEPT: u64 = 100_000;
/// Encoded rows per stored chunk, well under the 100 kB value limit.
const MAX_ROWS_CHUNK_BYTES: usize = 64 * 1024;
/// Chunks of one job's rows or results read at once (64 MiB of rows).
const MAX_JOB_CHUNKS: usize = 1_024;
/// Row bytes written in one transaction (well under the store's 10 MB).
const MAX_ROWS_BYTES_PER_TRANSACTION: usize = 6 * 1024 * 1024;

/// Who works on a job.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claim {
    token: String,
    heartbeat_at: DateTime<Utc>,
}

/// The prefix of a claim token, minted by the clock like every fresh id.
pub const CLAIM_PREFIX: &str = "claim";

/// What one batch did, decided in its transaction from the job read there.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The cursor after this batch.
    pub cursor: u64,
    pub processed: u64,
    pub created: u64,
    pub skipped: u64,
    pub failed: u64,
    pub errors: Vec<JobError>,
    /// Replaces the job's `output` when set.
    pub output: Option<serde_json::Value>,
    /// The job is complete with this batch.
    pub finished: bool,
    /// The job stops here as failed, for this reason (no row's).
    pub failure: Option<String>,
}

/// A batch's own writes: reads the job as stored in the transaction and
/// answers what it did. Called again on a retried transaction.
pub type BatchWrite =
    Arc<dyn for<'a> Fn(&'a mut dyn Transaction, &'a Job) -> TxnFuture<'a, Batch> + Send + Sync>;

/// A batch that writes nothing of its own (its work went through actors, under
/// idempotency keys): it records `batch` if the job is still at `from`.
pub fn recorded(from: u64, batch: Batch) -> BatchWrite {
    Arc::new(move |_tx, job| {
        let batch = if job.cursor == from {
            batch.clone()
        } else {
            // A retry after an unknown result: the batch is already recorded.
            Batch {
                cursor: job.cursor,
                ..Batch::default()
            }
        };
        Box::pin(async move { Ok(batch) })
    })
}

/// What [`advance`] found.
#[derive(Debug)]
pub enum Advanced {
    /// Recorded; the job as it is now (final when the batch finished it).
    Recorded(Job),
    /// Cancelled on request: the job is now final and nothing was written.
    Cancelled(Job),
    /// Another worker holds the job (or it is gone): stop.
    Lost,
}

/// Stores a new job with its rows and the claim of `token`, and under the
/// request's key its `202` response (`shown`), in one once-only transaction.
///
/// Rows larger than one transaction may hold are written first, in
/// transactions of [`MAX_ROWS_BYTES_PER_TRANSACTION`], under the job's id;
/// only the final transaction makes the job exist (its record, claim and
/// index entry), so a crash in between leaves rows no job names, never a job
/// without its rows. Rows past [`MAX_JOB_CHUNKS`] chunks are refused
/// `payload_too_large`.
pub async fn create<R: Serialize + Clone + Send + Sync + 'static>(
    records: &Records,
    tenant: &str,
    job: &Job,
    rows: &[R],
    token: &str,
    spec: Option<IdemSpec>,
    shown: serde_json::Value,
) -> Result<Done<()>, RecordError> {
    let chunks = row_chunks(rows)
        .map_err(|err| RecordError::field(ErrorCode::PayloadTooLarge, "rows", err.to_string()))?;
    let total: usize = chunks.iter().map(Vec::len).sum();
    let inline = if total <= MAX_ROWS_BYTES_PER_TRANSACTION {
        chunks
    } else {
        write_rows_ahead(records, tenant, &job.id, chunks).await?;
        Vec::new()
    };
    let respond = move |_: &()| Ok(Some((202, shown.clone())));
    let shared = Arc::new((job.clone(), inline, token.to_owned()));
    let once = Once::new(records.clone(), tenant, spec, job.created_at).audited(
        "job.created",
        ("job", &job.id),
        keys::job(tenant, &job.id),
    );
    let done = once
        .run(respond, |tx| {
            let (tenant, shared) = (tenant.to_owned(), shared.clone());
            Box::pin(async move {
                let (job, chunks, token) = &*shared;
                write_new_chunks(tx, &tenant, job, chunks, token)
            })
        })
        .await?;
    Ok(done)
}

/// Writes a job's row chunks in transactions of at most
/// [`MAX_ROWS_BYTES_PER_TRANSACTION`], before the job exists.
async fn write_rows_ahead(
    records: &Records,
    tenant: &str,
    id: &str,
    chunks: Vec<Vec<u8>>,
) -> Result<(), RecordError> {
    let mut groups: Vec<Vec<(usize, Vec<u8>)>> = vec![Vec::new()];
    let mut bytes = 0;
    for (i, chunk) in chunks.into_iter().enumerate() {
        if bytes + chunk.len() > MAX_ROWS_BYTES_PER_TRANSACTION {
            groups.push(Vec::new());
            bytes = 0;
        }
        bytes += chunk.len();
        if let Some(group) = groups.last_mut() {
            group.push((i, chunk));
        }
    }
    for group in groups.into_iter().filter(|g| !g.is_empty()) {
        let (tenant, id, group) = (tenant.to_owned(), id.to_owned(), Arc::new(group));
        run(
            records.store().as_ref(),
            RetryPolicy::default(),
            move |tx| {
                let (tenant, id, group) = (tenant.clone(), id.clone(), group.clone());
                Box::pin(async move {
                    for (i, chunk) in group.iter() {
                        tx.set(&keys::job_rows(&tenant, &id, chunk_index(*i)), chunk)?;
                    }
                    Ok(())
                })
            },
        )
        .await?;
    }
    Ok(())
}

/// Writes everything a new job is (in the transaction that records the request).
pub fn write_new<R: Serialize>(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &Job,
    rows: &[R],
    token: &str,
) -> Result<(), StorageError> {
    write_new_chunks(tx, tenant, job, &row_chunks(rows)?, token)
}

fn write_new_chunks(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &Job,
    chunks: &[Vec<u8>],
    token: &str,
) -> Result<(), StorageError> {
    tx.set(&keys::job(tenant, &job.id), &encode(job)?)?;
    for (i, chunk) in chunks.iter().enumerate() {
        tx.set(&keys::job_rows(tenant, &job.id, chunk_index(i)), chunk)?;
    }
    let claim = Claim {
        token: token.to_owned(),
        heartbeat_at: job.created_at,
    };
    tx.set(&keys::job_claim(tenant, &job.id), &encode(&claim)?)?;
    tx.set(&keys::running_job(&job.id), tenant.as_bytes())
}

fn chunk_index(i: usize) -> u32 {
    debug_assert!(i < MAX_JOB_CHUNKS * 1_024);
    u32::try_from(i).unwrap_or(u32::MAX)
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
    if chunks.len() > MAX_JOB_CHUNKS {
        return Err(StorageError::InvalidOperation(format!(
            "the rows take more than {} MiB once parsed",
            MAX_JOB_CHUNKS * MAX_ROWS_CHUNK_BYTES / (1024 * 1024)
        )));
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

/// Every element of the chunks under `prefix`, in order, from chunk `from`
/// on, at most `max_chunks` chunks.
async fn chunks<T: DeserializeOwned>(
    tx: &mut dyn Transaction,
    prefix: &[u8],
    from: Option<Vec<u8>>,
    max_chunks: usize,
) -> Result<Vec<T>, StorageError> {
    let (begin, end) = keys::prefix_range(prefix);
    let rows = tx
        .get_range(&RangeOptions {
            begin: from.unwrap_or(begin),
            end,
            limit: max_chunks,
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

/// A page of the tenant's jobs in id order (ids are time-ordered: oldest
/// first) after `cursor`.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<super::Page<Job>, RecordError> {
    let prefix = keys::jobs_prefix(tenant);
    let key_of = |id: &str| keys::job(tenant, id);
    super::page::of(records, &prefix, cursor, key_of, limit, |job: &Job| {
        job.id.clone()
    })
    .await
}

/// A job; `None` for an id no job can have.
pub async fn get(records: &Records, tenant: &str, id: &str) -> Result<Option<Job>, RecordError> {
    if check_id(id).is_err() {
        return Ok(None);
    }
    let mut tx = records.store().begin().await?;
    let key = keys::job(tenant, id);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(None);
    };
    Ok(Some(decode(&key, &bytes)?))
}

/// A job's stored input rows.
pub async fn rows<R: DeserializeOwned>(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Vec<R>, RecordError> {
    let mut tx = records.store().begin().await?;
    let prefix = keys::job_rows_prefix(tenant, id);
    Ok(chunks(tx.as_mut(), &prefix, None, MAX_JOB_CHUNKS).await?)
}

/// A job's results (the kind's own per-row output), all of them.
pub async fn results<T: DeserializeOwned>(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Vec<T>, RecordError> {
    let mut tx = records.store().begin().await?;
    let prefix = keys::job_results_prefix(tenant, id);
    Ok(chunks(tx.as_mut(), &prefix, None, MAX_JOB_CHUNKS).await?)
}

/// Up to `max_chunks` chunks of a job's error report from chunk `from`: the
/// lines, and the chunk to read next if there may be more.
pub async fn errors(
    records: &Records,
    tenant: &str,
    id: &str,
    from: u64,
    max_chunks: usize,
) -> Result<(Vec<JobError>, Option<u64>), RecordError> {
    let mut tx = records.store().begin().await?;
    let prefix = keys::job_errors_prefix(tenant, id);
    let start = keys::job_errors(tenant, id, from);
    let lines: Vec<JobError> = chunks(tx.as_mut(), &prefix, Some(start), max_chunks).await?;
    let read = lines.len().div_ceil(REPORT_LINES_PER_CHUNK) as u64;
    let next = (lines.len() >= max_chunks * REPORT_LINES_PER_CHUNK).then_some(from + read);
    Ok((lines, next))
}

/// Asks a running job to stop: its worker stops before its next batch.
/// Answers the job as it is now; `None` when there is no such job. The request
/// is a key of its own, written blind, so it never conflicts with the batch in
/// progress.
pub async fn cancel(
    records: &Records,
    tenant: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Job>, RecordError> {
    if check_id(id).is_err() {
        return Ok(None);
    }
    let (tenant, id) = (tenant.to_owned(), id.to_owned());
    let by = records.provenance();
    let job = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, id, by) = (tenant.clone(), id.clone(), by.clone());
            Box::pin(async move {
                let key = keys::job(&tenant, &id);
                let Some(bytes) = tx.get_snapshot(&key).await? else {
                    return Ok(None);
                };
                let mut job: Job = decode(&key, &bytes)?;
                if job.status == JobStatus::Running {
                    tx.set(&keys::job_cancel(&tenant, &id), &encode(&now)?)?;
                    job.cancel_requested = true;
                    let event = Event::new("job.cancel_requested", "job", &id, now);
                    events::record(tx, &tenant, event, &by)?;
                }
                Ok(Some(job))
            })
        },
    )
    .await?;
    Ok(job)
}

/// Runs one batch as the holder of `token` at `now`, in one transaction with
/// its progress (see the module doc).
pub async fn advance(
    records: &Records,
    tenant: &str,
    id: &str,
    token: &str,
    now: DateTime<Utc>,
    write: BatchWrite,
) -> Result<Advanced, RecordError> {
    if cfg!(feature = "sabotage-job-batch-apart") {
        return advance_apart(records, tenant, id, token, now, write).await;
    }
    advance_together(records, tenant, id, token, now, write).await
}

/// The planted bug `sabotage-job-batch-apart`: the batch's writes commit in
/// one transaction and its progress in another, so a retried or interrupted
/// batch is done again (the simulation must catch it).
async fn advance_apart(
    records: &Records,
    tenant: &str,
    id: &str,
    token: &str,
    now: DateTime<Utc>,
    write: BatchWrite,
) -> Result<Advanced, RecordError> {
    let (t, i, k) = (tenant.to_owned(), id.to_owned(), token.to_owned());
    let batch = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (t, i, k, write) = (t.clone(), i.clone(), k.clone(), write.clone());
            Box::pin(async move {
                let Some(job) = held(tx, &t, &i, &k).await? else {
                    return Ok(None);
                };
                Ok(Some(write(tx, &job).await?))
            })
        },
    )
    .await?;
    let Some(batch) = batch else {
        return Ok(Advanced::Lost);
    };
    let recorded: BatchWrite = Arc::new(move |_tx, _job| {
        let batch = batch.clone();
        Box::pin(async move { Ok(batch) })
    });
    advance_together(records, tenant, id, token, now, recorded).await
}

async fn advance_together(
    records: &Records,
    tenant: &str,
    id: &str,
    token: &str,
    now: DateTime<Utc>,
    write: BatchWrite,
) -> Result<Advanced, RecordError> {
    let (tenant, id, token) = (tenant.to_owned(), id.to_owned(), token.to_owned());
    let advanced = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, id, token, write) =
                (tenant.clone(), id.clone(), token.clone(), write.clone());
            Box::pin(async move {
                let Some(mut job) = held(tx, &tenant, &id, &token).await? else {
                    return Ok(Advanced::Lost);
                };
                let token = token.to_owned();
                if tx.get(&keys::job_cancel(&tenant, &id)).await?.is_some() {
                    job.cancel_requested = true;
                    job.status = JobStatus::Cancelled;
                    finish(tx, &tenant, &mut job, now)?;
                    return Ok(Advanced::Cancelled(job));
                }
                let batch = write(tx, &job).await?;
                apply(tx, &tenant, &mut job, batch)?;
                if job.status.is_final() {
                    finish(tx, &tenant, &mut job, now)?;
                } else {
                    job.updated_at = now;
                    tx.set(&keys::job(&tenant, &job.id), &encode(&job)?)?;
                    let claim = Claim {
                        token,
                        heartbeat_at: now,
                    };
                    tx.set(&keys::job_claim(&tenant, &job.id), &encode(&claim)?)?;
                }
                Ok(Advanced::Recorded(job))
            })
        },
    )
    .await?;
    Ok(advanced)
}

/// Marks a job failed for a reason no row caused, as the holder of `token`.
pub async fn fail(
    records: &Records,
    tenant: &str,
    id: &str,
    token: &str,
    now: DateTime<Utc>,
    reason: String,
) -> Result<Advanced, RecordError> {
    let failed: BatchWrite = Arc::new(move |_tx, job| {
        let batch = Batch {
            cursor: job.cursor,
            failure: Some(reason.clone()),
            ..Batch::default()
        };
        Box::pin(async move { Ok(batch) })
    });
    advance_together(records, tenant, id, token, now, failed).await
}

/// The job if `token` holds its claim and it is still running.
async fn held(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
    token: &str,
) -> Result<Option<Job>, StorageError> {
    let claim_key = keys::job_claim(tenant, id);
    let claim: Option<Claim> = match tx.get(&claim_key).await? {
        Some(bytes) => Some(decode(&claim_key, &bytes)?),
        None => None,
    };
    if claim.is_none_or(|c| c.token != token) {
        return Ok(None);
    }
    let key = keys::job(tenant, id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(None);
    };
    let job: Job = decode(&key, &bytes)?;
    Ok((job.status == JobStatus::Running).then_some(job))
}

/// Adds a batch to the job: counters, cursor, output and error chunks.
fn apply(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &mut Job,
    batch: Batch,
) -> Result<(), StorageError> {
    debug_assert!(
        batch.cursor >= job.cursor,
        "a batch never moves the cursor back"
    );
    job.cursor = batch.cursor;
    job.processed += batch.processed;
    job.created += batch.created;
    job.skipped += batch.skipped;
    job.failed += batch.failed;
    if let Some(output) = batch.output {
        job.output = output;
    }
    let kept_so_far = job.failed - batch.failed - job.errors_dropped;
    let room = MAX_JOB_ERRORS_KEPT.saturating_sub(kept_so_far);
    let keep = batch
        .errors
        .len()
        .min(usize::try_from(room).unwrap_or(usize::MAX));
    job.errors_dropped += (batch.errors.len() - keep) as u64;
    for lines in batch.errors[..keep].chunks(REPORT_LINES_PER_CHUNK) {
        tx.set(
            &keys::job_errors(tenant, &job.id, job.error_chunks),
            &encode(&lines)?,
        )?;
        job.error_chunks += 1;
    }
    if batch.finished {
        job.status = JobStatus::Done;
    }
    if let Some(reason) = batch.failure {
        job.status = JobStatus::Failed;
        job.error = Some(reason);
    }
    Ok(())
}

/// Stores a final job and leaves its rows, claim and the running index.
fn finish(
    tx: &mut dyn Transaction,
    tenant: &str,
    job: &mut Job,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    debug_assert!(job.status.is_final());
    job.updated_at = now;
    job.finished_at = Some(now);
    tx.set(&keys::job(tenant, &job.id), &encode(&*job)?)?;
    let (begin, end) = keys::prefix_range(&keys::job_rows_prefix(tenant, &job.id));
    tx.clear_range(&begin, &end)?;
    tx.clear(&keys::job_claim(tenant, &job.id))?;
    tx.clear(&keys::job_cancel(tenant, &job.id))?;
    tx.clear(&keys::running_job(&job.id))?;
    let event = Event::new("job.finished", "job", &job.id, now)
        .after(serde_json::to_value(job.view(now)).unwrap_or_default());
    events::record_last(tx, tenant, event, &Provenance::job(&job.id))
}

/// Stores one chunk of a job's results (the kind's own output), in the
/// transaction of the batch that made them.
pub fn put_results<T: Serialize>(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
    chunk: u64,
    results: &[T],
) -> Result<(), StorageError> {
    let index = u32::try_from(chunk).unwrap_or(u32::MAX);
    tx.set(&keys::job_results(tenant, id, index), &encode(&results)?)
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

/// Claims one job for `token` if its heartbeat is stale at `now`, or if its
/// claim names a dead incarnation of this node: a token starting with
/// `node_prefix` but not with `live_prefix` (a node restarted after a crash
/// takes its own jobs back at once). A job whose record is gone or final
/// leaves the running index.
pub async fn take_over(
    records: &Records,
    tenant: &str,
    job_id: &str,
    token: &str,
    (node_prefix, live_prefix): (&str, &str),
    now: DateTime<Utc>,
) -> Result<Option<Job>, RecordError> {
    debug_assert!(live_prefix.starts_with(node_prefix) && token.starts_with(live_prefix));
    let (tenant, job_id, token) = (tenant.to_owned(), job_id.to_owned(), token.to_owned());
    let (node_prefix, live_prefix) = (node_prefix.to_owned(), live_prefix.to_owned());
    let taken = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, job_id, token) = (tenant.clone(), job_id.clone(), token.clone());
            let (node_prefix, live_prefix) = (node_prefix.clone(), live_prefix.clone());
            Box::pin(async move {
                let claim_key = keys::job_claim(&tenant, &job_id);
                let stale = match tx.get(&claim_key).await? {
                    Some(bytes) => {
                        let claim: Claim = decode(&claim_key, &bytes)?;
                        let dead_self = claim.token.starts_with(&node_prefix)
                            && !claim.token.starts_with(&live_prefix);
                        let silent = (now - claim.heartbeat_at).num_milliseconds()
                            >= JOB_HEARTBEAT_TIMEOUT_MS;
                        dead_self || silent
                    }
                    None => true,
                };
                if !stale {
                    return Ok(None);
                }
                let job_key = keys::job(&tenant, &job_id);
                let job: Option<Job> = match tx.get(&job_key).await? {
                    Some(bytes) => Some(decode(&job_key, &bytes)?),
                    None => None,
                };
                let Some(job) = job.filter(|j| j.status == JobStatus::Running) else {
                    tx.clear(&keys::running_job(&job_id))?;
                    return Ok(None);
                };
                let claim = Claim {
                    token,
                    heartbeat_at: now,
                };
                tx.set(&claim_key, &encode(&claim)?)?;
                Ok(Some(job))
            })
        },
    )
    .await?;
    Ok(taken)
}
