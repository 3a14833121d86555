//! Experiments (seed 000 §10): deterministic assignment ([`assign`]), the
//! statistics of their results ([`stats`], pure), the results themselves
//! ([`results`]), and the worker that starts and completes them on the
//! [`Clock`](stampede_protocol::Clock)'s time.
//!
//! The worker is a fenced ring singleton (one node of the cluster runs it):
//! each round it takes the queue entries due by now
//! ([`records::experiments::due`]); a scheduled experiment whose start has
//! come starts running (`experiment.started`), a running one whose end has
//! come completes with its results frozen into the record
//! (`experiment.completed`). Each change is written under the fence and only
//! if the experiment is still at the version it was decided on. Tests move a
//! `ManualClock` and call [`sweep`].

pub mod assign;
pub mod results;
pub mod stats;

use std::sync::Weak;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use stampede_protocol::event::Provenance;
use stampede_protocol::experiment::{Experiment, ExperimentStatus};
use stampede_storage::StorageError;

use crate::cluster::singleton::{sweeper, Fence};
use crate::records::experiments::{Due, Transition};
use crate::records::{self, RecordError, Records};
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

/// How often the worker looks at its queue.
pub const EXPERIMENT_SWEEP_INTERVAL_MS: u64 = 1_000;
/// Queue entries handled per round; the rest wait for the next one.
pub const MAX_EXPERIMENT_TRANSITIONS_PER_SWEEP: usize = 100;

/// The results frozen into an experiment that ends now (`stopped` early by
/// hand, or `completed` at its end), counted up to `to`.
pub async fn freeze(
    records: &Records,
    tenant: &str,
    experiment: &Experiment,
    status: ExperimentStatus,
    now: DateTime<Utc>,
) -> Result<stampede_protocol::experiment::ExperimentResults, RecordError> {
    let mut results = results::compute(records, tenant, experiment, now).await?;
    results.status = status;
    results.frozen = true;
    Ok(results)
}

/// One entry: start, complete, or drop it when it no longer applies.
async fn handle(
    records: &Records,
    entry: &Due,
    fence: Option<&Fence>,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    let found = records::experiments::get(records, &entry.tenant, &entry.id).await?;
    let Some(experiment) = found else {
        records::experiments::drop_due(records, entry, fence).await?;
        return Ok(false);
    };
    let change = match experiment.status {
        ExperimentStatus::Scheduled if experiment.start <= now => {
            (ExperimentStatus::Running, "experiment.started")
        }
        ExperimentStatus::Running if experiment.end <= now => {
            (ExperimentStatus::Completed, "experiment.completed")
        }
        _ => {
            records::experiments::drop_due(records, entry, fence).await?;
            return Ok(false);
        }
    };
    let frozen = match change.0 {
        ExperimentStatus::Completed => {
            Some(freeze(records, &entry.tenant, &experiment, change.0, now).await?)
        }
        _ => None,
    };
    let transition = Transition {
        version: experiment.version,
        status: change.0,
        frozen: frozen.as_ref(),
        event: change.1,
    };
    let done = records::experiments::transition(
        records,
        &entry.tenant,
        &entry.id,
        &transition,
        fence,
        now,
    )
    .await?;
    Ok(done.is_some())
}

/// One round: every entry due by now (at most
/// [`MAX_EXPERIMENT_TRANSITIONS_PER_SWEEP`]); answers how many experiments
/// changed status.
pub async fn sweep(shards: &Shards) -> Result<usize, StorageError> {
    sweep_fenced(shards, None).await
}

/// [`sweep`] as the cluster's experiments worker: every change re-reads the
/// worker's fence and writes nothing if another node has taken the lead.
pub async fn sweep_fenced(shards: &Shards, fence: Option<&Fence>) -> Result<usize, StorageError> {
    let records = shards.records().by(Provenance::system("experiments"));
    let now = shards.clock().now();
    let entries = records::experiments::due(&records, now, MAX_EXPERIMENT_TRANSITIONS_PER_SWEEP)
        .await
        .map_err(storage)?;
    let mut changed = 0;
    for entry in &entries {
        match handle(&records, entry, fence, now).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(tenant = %entry.tenant, experiment = %entry.id, error = %err,
                    "experiment transition failed");
            }
        }
    }
    Ok(changed)
}

fn storage(err: RecordError) -> StorageError {
    StorageError::Backend(err.to_string())
}

/// The worker: [`sweep`] every [`EXPERIMENT_SWEEP_INTERVAL_MS`] on the node
/// that leads it.
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(EXPERIMENT_SWEEP_INTERVAL_MS);
    sweeper("experiments", period, shards, round)
}

fn round<'a>(shards: &'a Shards, fence: &'a Fence) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep_fenced(shards, Some(fence)))
}
