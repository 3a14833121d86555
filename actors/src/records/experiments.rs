//! Experiments as stored: the record, one assignment per (experiment,
//! subject) — its exposure — and an exposure counter per variant.
//!
//! Every write of an experiment keeps its entry in the worker's queue
//! (`("_system", "expq", due_ms, tenant, id)`: its start while scheduled, its
//! end while running) in the same transaction, so the experiments worker
//! ([`crate::experiments`]) reads only what is due. An assignment and its
//! exposure count are written together, once per subject.

use chrono::{DateTime, Utc};
use stampede_protocol::event::Event;
use stampede_protocol::experiment::{Assignment, Experiment, ExperimentResults, ExperimentStatus};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{deleted, Done, Once};
use super::mutation::{ok_200, settle, stale, stored_json};
use super::page::{self, Page};
use super::{RecordError, Records};
use crate::cluster::singleton::Fence;
use crate::experiments::assign::hashed_variant;

/// The worker's queue entry of `experiment`: its start while scheduled, its
/// end while running, none otherwise.
fn due_key(tenant: &str, experiment: &Experiment) -> Option<Vec<u8>> {
    let at = match experiment.status {
        ExperimentStatus::Scheduled => experiment.start,
        ExperimentStatus::Running => experiment.end,
        _ => return None,
    };
    Some(keys::experiment_due(
        at.timestamp_millis(),
        tenant,
        &experiment.id,
    ))
}

/// Writes `next` over `previous`, moving its queue entry.
fn put(
    tx: &mut dyn Transaction,
    tenant: &str,
    previous: Option<&Experiment>,
    next: &Experiment,
) -> Result<(), StorageError> {
    if let Some(old) = previous.and_then(|p| due_key(tenant, p)) {
        tx.clear(&old)?;
    }
    if let Some(new) = due_key(tenant, next) {
        tx.set(&new, b"")?;
    }
    tx.set(&keys::experiment(tenant, &next.id), &encode(next)?)
}

/// Refuses a variant whose coupon or promotion does not exist, naming it.
async fn check_targets(
    tx: &mut dyn Transaction,
    tenant: &str,
    experiment: &Experiment,
) -> Result<Result<(), RecordError>, StorageError> {
    for (i, variant) in experiment.variants.iter().enumerate() {
        let (field, key) = match (&variant.coupon_id, &variant.promotion_id) {
            (Some(id), _) => ("coupon_id", keys::coupon(tenant, id)),
            (None, Some(id)) => ("promotion_id", keys::promotion_location(tenant, id)),
            (None, None) => continue,
        };
        if tx.get(&key).await?.is_none() {
            return Ok(Err(RecordError::field(
                ErrorCode::NotFound,
                format!("variants[{i}].{field}"),
                format!("no {} {}", field.trim_end_matches("_id"), variant.target()),
            )));
        }
    }
    Ok(Ok(()))
}

/// The `experiment.started` event when `next` starts running now.
fn record_started(
    tx: &mut dyn Transaction,
    tenant: &str,
    previous: ExperimentStatus,
    next: &Experiment,
    records: &Records,
) -> Result<(), StorageError> {
    if previous != ExperimentStatus::Running && next.status == ExperimentStatus::Running {
        let event = Event::new(
            "experiment.started",
            "experiment",
            &next.id,
            next.updated_at,
        )
        .after(serde_json::to_value(next).unwrap_or_default());
        events::record(tx, tenant, event, &records.provenance())?;
    }
    Ok(())
}

/// Stores a new experiment (its variants' coupons and promotions must exist)
/// and, under the request's key, its `201` response.
pub async fn create(
    records: &Records,
    tenant: &str,
    experiment: &Experiment,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<Experiment>, RecordError> {
    let key = keys::experiment(tenant, &experiment.id);
    let target = ("experiment", experiment.id.as_str());
    let once =
        Once::new(records.clone(), tenant, spec, now).audited("experiment.created", target, key);
    let respond = |outcome: &Result<Experiment, RecordError>| stored_json(201, outcome);
    let done = once
        .run(respond, |tx| {
            let (experiment, records) = (experiment.clone(), records.clone());
            let tenant = tenant.to_owned();
            Box::pin(async move {
                if let Err(refused) = check_targets(tx, &tenant, &experiment).await? {
                    return Ok(Err(refused));
                }
                put(tx, &tenant, None, &experiment)?;
                record_started(tx, &tenant, ExperimentStatus::Draft, &experiment, &records)?;
                Ok::<_, StorageError>(Ok(experiment))
            })
        })
        .await?;
    settle(done)
}

/// An experiment by id, read without a conflict range.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Experiment>, RecordError> {
    super::by_id(records, id, || keys::experiment(tenant, id)).await
}

/// One page of the tenant's experiments, by id.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<Experiment>, RecordError> {
    page::of(
        records,
        &keys::experiments_prefix(tenant),
        cursor,
        |cursor| keys::experiment(tenant, cursor),
        limit,
        |e: &Experiment| e.id.clone(),
    )
    .await
}

/// Changes an experiment with `apply` (which refuses what the experiment's
/// status no longer allows), when `version`, if given, is the current one.
pub async fn patch<F>(
    records: &Records,
    tenant: &str,
    id: &str,
    version: Option<u64>,
    apply: F,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<Experiment>, RecordError>
where
    F: Fn(&mut Experiment) -> Result<(), RecordError> + Send + Sync + 'static,
{
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("experiment"));
    }
    let apply = std::sync::Arc::new(apply);
    let key = keys::experiment(tenant, id);
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "experiment.updated",
        ("experiment", id),
        key.clone(),
    );
    let done = once
        .run(ok_200, |tx| {
            let (apply, key, records) = (apply.clone(), key.clone(), records.clone());
            let tenant = tenant.to_owned();
            Box::pin(async move {
                let tenant = tenant.as_str();
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(Err(RecordError::NotFound("experiment")));
                };
                let previous: Experiment = decode(&key, &bytes)?;
                if version.is_some_and(|v| v != previous.version) {
                    return Ok(Err(stale(previous.version)));
                }
                let mut next = previous.clone();
                if let Err(refused) = apply(&mut next) {
                    return Ok(Err(refused));
                }
                if let Err(refused) = check_targets(tx, tenant, &next).await? {
                    return Ok(Err(refused));
                }
                next.updated_at = now;
                next.version += 1;
                put(tx, tenant, Some(&previous), &next)?;
                record_started(tx, tenant, previous.status, &next, &records)?;
                Ok::<_, StorageError>(Ok(next))
            })
        })
        .await?;
    settle(done)
}

/// Deletes an experiment with its assignments, counters and queue entry.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<()>, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("experiment"));
    }
    let key = keys::experiment(tenant, id);
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "experiment.deleted",
        ("experiment", id),
        key.clone(),
    );
    let done = once
        .run(deleted, |tx| {
            let (key, tenant, id) = (key.clone(), tenant.to_owned(), id.to_owned());
            Box::pin(async move {
                let (tenant, id) = (tenant.as_str(), id.as_str());
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(false);
                };
                let experiment: Experiment = decode(&key, &bytes)?;
                if let Some(due) = due_key(tenant, &experiment) {
                    tx.clear(&due)?;
                }
                for prefix in [
                    keys::experiment_assignments_prefix(tenant, id),
                    keys::experiment_exposures_prefix(tenant, id),
                ] {
                    let (begin, end) = keys::prefix_range(&prefix);
                    tx.clear_range(&begin, &end)?;
                }
                tx.clear(&key)?;
                Ok::<bool, StorageError>(true)
            })
        })
        .await?;
    match done {
        Done::Fresh(true) => Ok(Done::Fresh(())),
        Done::Fresh(false) => Err(RecordError::NotFound("experiment")),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}

fn not_running(experiment: &Experiment) -> RecordError {
    let status = serde_json::to_value(experiment.status).unwrap_or_default();
    RecordError::refused(
        ErrorCode::ExperimentNotRunning,
        format!(
            "the experiment is {}, not running",
            status.as_str().unwrap_or("?")
        ),
    )
}

/// The variant of `subject` in a running experiment, stored with its exposure
/// the first time the subject is seen (a stored assignment always wins).
/// `forced`: set this variant instead (QA), counted once.
pub async fn assign(
    records: &Records,
    tenant: &str,
    id: &str,
    subject: &str,
    forced: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Assignment, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("experiment"));
    }
    let outcome = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (subject, forced) = (subject.to_owned(), forced.map(str::to_owned));
        let (tenant, id) = (tenant.to_owned(), id.to_owned());
        Box::pin(async move { assign_in(tx, &tenant, &id, &subject, forced.as_deref(), now).await })
    })
    .await?;
    outcome
}

async fn assign_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
    subject: &str,
    forced: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Result<Assignment, RecordError>, StorageError> {
    let key = keys::experiment(tenant, id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(Err(RecordError::NotFound("experiment")));
    };
    let experiment: Experiment = decode(&key, &bytes)?;
    if experiment.status != ExperimentStatus::Running || now >= experiment.end {
        return Ok(Err(not_running(&experiment)));
    }
    let assignment_key = keys::experiment_assignment(tenant, id, subject);
    let stored: Option<Assignment> = match tx.get(&assignment_key).await? {
        Some(bytes) => Some(decode(&assignment_key, &bytes)?),
        None => None,
    };
    let index = match (forced, &stored) {
        (None, Some(stored)) => return Ok(Ok(stored.clone())),
        (None, None) => hashed_variant(&experiment, subject),
        (Some(variant), _) => match experiment.variants.iter().position(|v| v.id == variant) {
            Some(index) => index,
            None => {
                return Ok(Err(RecordError::field(
                    ErrorCode::NotFound,
                    "variant_id",
                    format!("the experiment has no variant {variant}"),
                )))
            }
        },
    };
    let variant = &experiment.variants[index];
    if let Some(old) = &stored {
        if old.variant_id == variant.id && old.forced {
            return Ok(Ok(old.clone()));
        }
        tx.atomic_add(&keys::experiment_exposures(tenant, id, &old.variant_id), -1)?;
    }
    let assignment = Assignment {
        experiment_id: id.to_owned(),
        subject: subject.to_owned(),
        variant_id: variant.id.clone(),
        coupon_id: variant.coupon_id.clone(),
        promotion_id: variant.promotion_id.clone(),
        forced: forced.is_some(),
        assigned_at: now,
    };
    tx.set(&assignment_key, &encode(&assignment)?)?;
    tx.atomic_add(&keys::experiment_exposures(tenant, id, &variant.id), 1)?;
    Ok(Ok(assignment))
}

/// Exposures per variant (in variant order), read without a conflict.
pub async fn exposures(
    records: &Records,
    tenant: &str,
    experiment: &Experiment,
) -> Result<Vec<u64>, RecordError> {
    let mut tx = records.store().begin().await?;
    let mut counts = Vec::with_capacity(experiment.variants.len());
    for variant in &experiment.variants {
        let key = keys::experiment_exposures(tenant, &experiment.id, &variant.id);
        let count = tx
            .get_snapshot(&key)
            .await?
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map_or(0, i64::from_le_bytes);
        counts.push(u64::try_from(count).unwrap_or(0));
    }
    Ok(counts)
}

/// One entry of the worker's queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub due_ms: i64,
    pub tenant: String,
    pub id: String,
}

/// The worker's entries due by `now`, at most `limit`, earliest first.
pub async fn due(
    records: &Records,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Due>, RecordError> {
    let (begin, end) = keys::experiment_due_until(now.timestamp_millis().saturating_add(1));
    let mut tx = records.store().begin().await?;
    let options = RangeOptions {
        begin,
        end,
        limit: limit.max(1),
        reverse: false,
    };
    let rows = tx.get_range(&options).await?;
    Ok(rows
        .iter()
        .filter_map(|row| keys::decode_experiment_due(&row.key))
        .map(|(due_ms, tenant, id)| Due { due_ms, tenant, id })
        .collect())
}

/// A status change decided outside the transaction (by the worker or a stop).
pub struct Transition<'a> {
    /// The version the decision was made on; another one means step aside.
    pub version: u64,
    pub status: ExperimentStatus,
    pub frozen: Option<&'a ExperimentResults>,
    /// `experiment.started`, `experiment.completed` or `experiment.stopped`.
    pub event: &'static str,
}

/// Moves an experiment to `change.status` (with its frozen results) if it is
/// still at `change.version`, under `fence` when the worker writes; answers
/// the experiment as changed, `None` when it moved on (or the fence lapsed).
pub async fn transition(
    records: &Records,
    tenant: &str,
    id: &str,
    change: &Transition<'_>,
    fence: Option<&Fence>,
    now: DateTime<Utc>,
) -> Result<Option<Experiment>, RecordError> {
    let by = records.provenance();
    let changed = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (fence, frozen, by) = (fence.cloned(), change.frozen.cloned(), by.clone());
        let (version, status, kind) = (change.version, change.status, change.event);
        let (tenant, id) = (tenant.to_owned(), id.to_owned());
        Box::pin(async move {
            let (tenant, id) = (tenant.as_str(), id.as_str());
            if let Some(fence) = fence {
                if !fence.holds(tx).await? {
                    return Ok(None);
                }
            }
            let key = keys::experiment(tenant, id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(None);
            };
            let previous: Experiment = decode(&key, &bytes)?;
            if previous.version != version {
                return Ok(None);
            }
            let mut next = previous.clone();
            next.status = status;
            next.frozen_results = frozen;
            next.updated_at = now;
            next.version += 1;
            put(tx, tenant, Some(&previous), &next)?;
            let event = Event::new(kind, "experiment", id, now)
                .before(serde_json::to_value(&previous).unwrap_or_default())
                .after(serde_json::to_value(&next).unwrap_or_default());
            events::record(tx, tenant, event, &by)?;
            Ok::<_, StorageError>(Some(next))
        })
    })
    .await?;
    Ok(changed)
}

/// Clears the queue entry `(due_ms, tenant, id)` when it is no longer the
/// experiment's (deleted, or moved on), under the worker's fence.
pub async fn drop_due(
    records: &Records,
    entry: &Due,
    fence: Option<&Fence>,
) -> Result<(), RecordError> {
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (fence, entry) = (fence.cloned(), entry.clone());
        Box::pin(async move {
            if let Some(fence) = fence {
                if !fence.holds(tx).await? {
                    return Ok(());
                }
            }
            let key = keys::experiment(&entry.tenant, &entry.id);
            let current: Option<Experiment> = match tx.get(&key).await? {
                Some(bytes) => Some(decode(&key, &bytes)?),
                None => None,
            };
            let stale = keys::experiment_due(entry.due_ms, &entry.tenant, &entry.id);
            if current.and_then(|e| due_key(&entry.tenant, &e)) != Some(stale.clone()) {
                tx.clear(&stale)?;
            }
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}
