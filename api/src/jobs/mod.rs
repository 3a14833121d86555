//! Jobs: long work run in the background in batches, one worker at a time,
//! surviving the node that started it (stored by [`records::jobs`]).
//!
//! * [`start`] stores a new job (with its input rows and the request's
//!   idempotent `202` answer) and runs it here; [`drive`] runs batches until
//!   the job is done, cancelled, failed or taken by another worker.
//! * [`resume_stale`], run every [`JOB_RESUME_INTERVAL_MS`] on every node by a
//!   supervised worker ([`spawn_resumer`]), claims the running jobs whose
//!   heartbeat is older than [`JOB_HEARTBEAT_TIMEOUT_MS`] (or whose claim names
//!   a dead incarnation of this node, at once after a restart) and finishes
//!   them from their recorded cursor.
//! * One module per kind, each a [`Runner`]: [`generate`] (codes from a
//!   pattern), [`import`], [`export`] (with [`report`], an analytics query's
//!   rows), [`revoke`] (bulk revoke) and [`redeem`] (bulk redemption).
//!
//! A batch that only writes records does so in the transaction that moves
//! the cursor, so it happens exactly once. A batch that goes through actors
//! (revoke, redeem) sends every effect under an idempotency key derived from
//! the job and row, then records itself: a batch redone after a crash replays
//! its first answers.

pub mod export;
pub mod generate;
pub mod import;
pub mod redeem;
pub mod report;
pub mod revoke;

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde::Serialize;
pub use stampede_actors::records::jobs::{write_new, CLAIM_PREFIX, JOB_HEARTBEAT_TIMEOUT_MS};
use stampede_actors::records::jobs::{Advanced, BatchWrite};
use stampede_actors::records::{self, idempotency::Done, RecordError};
use stampede_actors::workers::{self, SpawnErr, Supervised, Worker};
use stampede_protocol::idempotency::IdemSpec;
pub use stampede_protocol::job::{Job, JobError, JobKind, JobStatus, JobView};

use stampede_protocol::ErrorCode;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::idempotency::stored_response;
use crate::AppState;

/// How often every node looks for jobs a dead worker left.
pub const JOB_RESUME_INTERVAL_MS: u64 = 15_000;
/// Jobs one node takes over per look.
pub const MAX_RESUMED_JOBS_PER_SCAN: usize = 16;
/// Attempts to record one batch when the store fails, before the worker
/// leaves the job to be taken over.
const BATCH_RECORD_ATTEMPTS: u32 = 5;
/// Pause between two attempts to record a batch.
const BATCH_RETRY_PAUSE_MS: u64 = 200;

/// This process's start: with the cluster's incarnation it names one life of
/// a node, so a node restarted after a crash knows the claims of its dead self.
static PROCESS_START: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The prefixes of this node's claims (`{node}~`), and of this life's
/// (`{node}~{process start}.{incarnation}~`).
fn claim_prefixes(state: &AppState) -> (String, String) {
    let cluster = state.shards.cluster();
    let node = format!("{}~", cluster.node_id());
    // Random, not from the clock: minting an id here would shift every later
    // id of a simulated run, and replays would differ.
    let process = PROCESS_START.get_or_init(|| format!("{:016x}", rand::random::<u64>()));
    let live = format!("{node}{process}.{:016x}~", cluster.incarnation());
    (node, live)
}

/// A fresh claim token of this process.
pub fn new_token(state: &AppState) -> String {
    let (_, live) = claim_prefixes(state);
    format!("{live}{}", state.new_id(CLAIM_PREFIX))
}

/// A kind's worker: what the next batch of a job is.
pub trait Runner: Send + 'static {
    /// The next batch from `job` (as last recorded). A kind that writes
    /// records answers the write to make in the batch's transaction; a kind
    /// that goes through actors does its work here and answers
    /// [`records::jobs::recorded`].
    fn next<'a>(&'a mut self, job: &'a Job) -> BoxFuture<'a, Result<BatchWrite, ApiError>>;
}

/// The scopes that read and that start or cancel a job of `kind`.
pub fn scopes(kind: JobKind) -> (Scope, Scope) {
    match kind {
        JobKind::BulkRedeem => (Scope::RedemptionsRead, Scope::RedemptionsWrite),
        _ => (Scope::CouponsRead, Scope::CouponsWrite),
    }
}

/// Whether `caller` may read a job of `kind` (its read or write scope).
pub fn may_read(caller: &Caller, kind: JobKind) -> Result<(), ApiError> {
    let (read, write) = scopes(kind);
    if caller.require(read).is_ok() {
        return Ok(());
    }
    caller.require(write)
}

/// A job of `tenant` by id, or `not_found`.
pub async fn find(state: &AppState, tenant: &str, id: &str) -> Result<Job, ApiError> {
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::not_found("job"));
    }
    records::jobs::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("job"))
}

/// A job of `kind` that `caller` may read, or `not_found` naming `what`.
pub async fn find_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
    kind: JobKind,
    what: &str,
) -> Result<Job, ApiError> {
    let job = find(state, &caller.tenant, id).await?;
    if job.kind != kind {
        return Err(ApiError::not_found(what));
    }
    may_read(caller, kind)?;
    Ok(job)
}

/// The worker for a stored job of any kind (at start and at take-over).
pub async fn runner_for(
    state: &AppState,
    tenant: &str,
    job: &Job,
) -> Result<Box<dyn Runner>, ApiError> {
    Ok(match job.kind {
        JobKind::GenerateCodes => Box::new(generate::Generate::load(state, tenant, job).await?),
        JobKind::Export if export::is_report(job) => {
            Box::new(report::Report::load(state, tenant, job)?)
        }
        JobKind::Export => Box::new(export::Export::load(state, tenant, job)?),
        JobKind::Import => Box::new(import::Import::load(state, tenant, job).await?),
        JobKind::BulkRevoke => Box::new(revoke::Revoke::load(state, tenant, job).await?),
        JobKind::BulkRedeem => Box::new(redeem::Redeem::load(state, tenant, job).await?),
    })
}

/// Stores `job` with its `rows` under the request's idempotency key and runs
/// it here, answering `202` with the job and its `Location`; a replayed
/// request answers its first response and starts nothing.
pub async fn start<R: Serialize + Clone + Send + Sync + 'static>(
    state: &AppState,
    caller: &crate::auth::Caller,
    job: Job,
    rows: &[R],
    spec: Option<IdemSpec>,
    location: String,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::IntoResponse;
    let token = new_token(state);
    let shown = serde_json::to_value(job.view(job.created_at))
        .map_err(|err| ApiError::internal(err.to_string()))?;
    let (records, tenant) = (caller.records(state), caller.tenant.as_str());
    let done =
        records::jobs::create(&records, tenant, &job, rows, &token, spec, shown.clone()).await?;
    if let Done::Replayed(record) = done {
        return Ok(stored_response(&record));
    }
    spawn(state.clone(), tenant.to_owned(), job, token);
    let mut response = (StatusCode::ACCEPTED, axum::Json(shown)).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Runs `job` in the background as the holder of `token`.
pub fn spawn(state: AppState, tenant: String, job: Job, token: String) {
    tokio::spawn(async move {
        let mut attempt = 0;
        let runner = loop {
            match runner_for(&state, &tenant, &job).await {
                Ok(runner) => break runner,
                Err(err) => {
                    match give_up(&state, &tenant, &job.id, &token, err, &mut attempt).await {
                        true => return,
                        false => continue,
                    }
                }
            }
        };
        drive(state, tenant, job, token, runner).await;
    });
}

/// After a failure to load or plan a batch: `false` to try again (a
/// transient failure, after a pause), `true` to stop — the job failed for
/// good (recorded), or the store kept failing and the claim is left to go
/// stale, so another look ([`resume_stale`]) takes the job over.
async fn give_up(
    state: &AppState,
    tenant: &str,
    id: &str,
    token: &str,
    err: ApiError,
    attempt: &mut u32,
) -> bool {
    let transient = matches!(err.code, ErrorCode::Unavailable | ErrorCode::Overloaded);
    *attempt += 1;
    if transient && *attempt < BATCH_RECORD_ATTEMPTS {
        tokio::time::sleep(Duration::from_millis(BATCH_RETRY_PAUSE_MS)).await;
        return false;
    }
    if transient {
        tracing::warn!(job = %id, error = %err, "leaving a job to be taken over");
        return true;
    }
    let reason = format!("{}: {}", err.code.as_str(), err.detail);
    let records = state.records();
    if let Err(err) = records::jobs::fail(&records, tenant, id, token, state.now(), reason).await {
        tracing::warn!(job = %id, error = %err, "could not record a failed job");
    }
    true
}

/// Runs batches of `job` until it is final, cancelled, or another worker
/// holds it. A store failure is retried a few times; then the claim goes
/// stale and another look ([`resume_stale`]) finishes the job.
pub async fn drive(
    state: AppState,
    tenant: String,
    mut job: Job,
    token: String,
    mut runner: Box<dyn Runner>,
) {
    let records = state.records();
    while job.status == JobStatus::Running {
        let write = match runner.next(&job).await {
            Ok(write) => write,
            Err(err) => {
                let reason = format!("{}: {}", err.code.as_str(), err.detail);
                let _ =
                    records::jobs::fail(&records, &tenant, &job.id, &token, state.now(), reason)
                        .await;
                return;
            }
        };
        match record(&state, &tenant, &job.id, &token, write).await {
            Some(Advanced::Recorded(next)) => job = next,
            Some(Advanced::Cancelled(_)) | Some(Advanced::Lost) | None => return,
        }
    }
}

/// [`records::jobs::advance`], retried on store failures.
async fn record(
    state: &AppState,
    tenant: &str,
    id: &str,
    token: &str,
    write: BatchWrite,
) -> Option<Advanced> {
    let records = state.records();
    for attempt in 1..=BATCH_RECORD_ATTEMPTS {
        let now = state.now();
        match records::jobs::advance(&records, tenant, id, token, now, write.clone()).await {
            Ok(advanced) => return Some(advanced),
            Err(err) => {
                tracing::warn!(job = %id, attempt, error = %err, "could not record a job's batch");
                tokio::time::sleep(Duration::from_millis(BATCH_RETRY_PAUSE_MS)).await;
            }
        }
    }
    None
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
        let token = new_token(state);
        let (node, live) = claim_prefixes(state);
        let prefixes = (node.as_str(), live.as_str());
        let taken =
            records::jobs::take_over(&records, &tenant, &job_id, &token, prefixes, state.now())
                .await?;
        if let Some(job) = taken {
            tracing::info!(job = %job_id, kind = ?job.kind, cursor = job.cursor, "resuming a job");
            spawn(state.clone(), tenant, job, token);
            resumed += 1;
        }
    }
    Ok(resumed)
}

/// Looks for abandoned jobs every [`JOB_RESUME_INTERVAL_MS`], for as long as
/// the process runs, as a worker under its own supervisor (restarted if a
/// round fails; see `stampede_actors::workers`).
pub async fn spawn_resumer(state: AppState) -> Result<Supervised, SpawnErr> {
    spawn_resumer_every(state, Duration::from_millis(JOB_RESUME_INTERVAL_MS)).await
}

/// [`spawn_resumer`] looking every `period` (a simulation's time is short).
pub async fn spawn_resumer_every(
    state: AppState,
    period: Duration,
) -> Result<Supervised, SpawnErr> {
    // A node restarted after a crash takes its own jobs back at once.
    let first = state.clone();
    tokio::spawn(async move {
        if let Err(err) = resume_stale(&first).await {
            tracing::warn!(error = %err, "could not look for abandoned jobs");
        }
    });
    workers::supervise(Arc::new(move || {
        Box::new(Resumer {
            state: state.clone(),
            period,
        })
    }))
    .await
}

/// The worker that finishes abandoned jobs.
struct Resumer {
    state: AppState,
    period: Duration,
}

impl Worker for Resumer {
    fn name(&self) -> &'static str {
        "jobs"
    }

    fn period(&self) -> Duration {
        self.period
    }

    fn round(&mut self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            if let Err(err) = resume_stale(&self.state).await {
                tracing::warn!(error = %err, "could not look for abandoned jobs");
            }
            true
        })
    }
}
