//! Schedules as stored, each written together with its entry in the
//! scheduler queue ([`crate::scheduler::queue`]) so the two never disagree.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::schedule::Schedule;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::{page, Page, RecordError, Records};
use crate::scheduler;

/// Stores a new schedule and queues its next event (a retry after an
/// unknown commit result finds it stored and writes nothing).
pub async fn create(
    records: &Records,
    tenant: &str,
    schedule: &Schedule,
) -> Result<(), RecordError> {
    let (tenant, schedule) = (tenant.to_owned(), schedule.clone());
    let by = records.provenance();
    run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, schedule, by) = (tenant.clone(), schedule.clone(), by.clone());
            Box::pin(async move {
                let key = keys::schedule(&tenant, &schedule.id);
                if tx.get(&key).await?.is_none() {
                    tx.set(&key, &encode(&schedule)?)?;
                    scheduler::queue(tx, &tenant, &schedule)?;
                    let after = serde_json::to_value(&schedule).unwrap_or_default();
                    let event = Event::new(
                        "schedule.created",
                        "schedule",
                        &schedule.id,
                        schedule.created_at,
                    )
                    .after(after);
                    events::record(tx, &tenant, event, &by)?;
                }
                Ok(())
            })
        },
    )
    .await?;
    Ok(())
}

/// A schedule by id; `None` for an id no schedule can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Schedule>, RecordError> {
    super::by_id(records, id, || keys::schedule(tenant, id)).await
}

/// A page of schedules in id order after `cursor` (checked by the caller):
/// `limit` read, those `keep` keeps answered; the cursor is the last read.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
    keep: impl Fn(&Schedule) -> bool,
) -> Result<Page<Schedule>, RecordError> {
    let after = cursor.map(|c| keys::schedule(tenant, c));
    let mut tx = records.store().begin().await?;
    let prefix = keys::schedules_prefix(tenant);
    let (rows, has_more) = page::rows(tx.as_mut(), &prefix, after, limit).await?;
    let mut data = Vec::with_capacity(limit);
    let mut last = None;
    for row in &rows {
        let schedule: Schedule = decode(&row.key, &row.value)?;
        last = Some(schedule.id.clone());
        if keep(&schedule) {
            data.push(schedule);
        }
    }
    Ok(Page {
        data,
        next_cursor: if has_more { last } else { None },
        has_more,
    })
}

/// A change to a schedule's plan, made inside the patch transaction; a
/// refusal leaves the stored schedule's fields unchanged.
pub type Edit = Arc<dyn Fn(&mut Schedule) -> Result<(), RecordError> + Send + Sync>;

enum Patched {
    Missing,
    Stale(u64),
    Refused(RecordError),
    Done(Box<Schedule>),
}

/// Changes the schedule `id` at `version` with `edit` and requeues it, in one
/// transaction; `None` when there is no such schedule, `version_conflict`
/// when it changed since `version` was read.
pub async fn patch(
    records: &Records,
    tenant: &str,
    id: &str,
    version: u64,
    now: DateTime<Utc>,
    edit: Edit,
) -> Result<Option<Schedule>, RecordError> {
    let (tenant, id) = (tenant.to_owned(), id.to_owned());
    let by = records.provenance();
    let outcome = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, id, edit, by) = (tenant.clone(), id.clone(), edit.clone(), by.clone());
            Box::pin(async move { patch_in(tx, (&tenant, &id), version, (now, &by), edit).await })
        },
    )
    .await?;
    match outcome {
        Patched::Missing => Ok(None),
        Patched::Stale(current) => Err(RecordError::field(
            ErrorCode::VersionConflict,
            "version",
            format!("stale version; the current version is {current}"),
        )),
        Patched::Refused(err) => Err(err),
        Patched::Done(schedule) => Ok(Some(*schedule)),
    }
}

/// One attempt of [`patch`]'s transaction. The edit is judged on a copy
/// first: a refused edit writes nothing, so the schedule stays queued.
async fn patch_in(
    tx: &mut dyn Transaction,
    (tenant, id): (&str, &str),
    version: u64,
    (now, by): (DateTime<Utc>, &Provenance),
    edit: Edit,
) -> Result<Patched, StorageError> {
    let key = keys::schedule(tenant, id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(Patched::Missing);
    };
    let schedule: Schedule = decode(&key, &bytes)?;
    if schedule.version != version {
        return Ok(Patched::Stale(schedule.version));
    }
    let mut edited = schedule.clone();
    if let Err(err) = edit(&mut edited) {
        return Ok(Patched::Refused(err));
    }
    scheduler::unqueue(tx, tenant, &schedule)?;
    edited.version += 1;
    edited.updated_at = now;
    tx.set(&key, &encode(&edited)?)?;
    scheduler::queue(tx, tenant, &edited)?;
    let event = Event::new("schedule.updated", "schedule", id, now)
        .before(serde_json::to_value(&schedule).unwrap_or_default())
        .after(serde_json::to_value(&edited).unwrap_or_default());
    events::record(tx, tenant, event, by)?;
    Ok(Patched::Done(Box::new(edited)))
}

/// Deletes a schedule and its queue entry; `false` when there was none.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    let (tenant, id) = (tenant.to_owned(), id.to_owned());
    let by = records.provenance();
    let found = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, id, by) = (tenant.clone(), id.clone(), by.clone());
            Box::pin(async move {
                let key = keys::schedule(&tenant, &id);
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(false);
                };
                let schedule: Schedule = decode(&key, &bytes)?;
                scheduler::unqueue(tx, &tenant, &schedule)?;
                tx.clear(&key)?;
                let before = serde_json::to_value(&schedule).unwrap_or_default();
                let event = Event::new("schedule.deleted", "schedule", &id, now).before(before);
                events::record(tx, &tenant, event, &by)?;
                Ok(true)
            })
        },
    )
    .await?;
    Ok(found)
}

/// Whether a promotion with this id exists (through its location index): a
/// schedule may target it.
pub async fn promotion_exists(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<bool, RecordError> {
    let mut tx = records.store().begin().await?;
    Ok(tx
        .get_snapshot(&keys::promotion_location(tenant, id))
        .await?
        .is_some())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use stampede_protocol::schedule::{ScheduleStatus, ScheduleTarget};
    use stampede_storage::MemStore;

    use super::*;

    fn schedule(now: DateTime<Utc>) -> Schedule {
        Schedule {
            id: "sch_1".into(),
            target: ScheduleTarget::Campaign,
            target_id: "cmp_1".into(),
            start: None,
            end: None,
            recurrence: None,
            time_zone: None,
            duration_secs: None,
            status: ScheduleStatus::Active,
            next_run_at: None,
            next_action: None,
            pause_due_at: None,
            last_run_at: None,
            last_error: None,
            runs: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    async fn queued(records: &Records, at: DateTime<Utc>) -> bool {
        let mut tx = records.store().begin().await.unwrap();
        let due = keys::schedule_due(at.timestamp_millis(), "t", "sch_1");
        tx.get(&due).await.unwrap().is_some()
    }

    #[tokio::test]
    async fn a_patch_applies_at_its_version_and_a_refused_edit_changes_nothing() {
        let records = Records::new(Arc::new(MemStore::new()));
        let now = Utc::now();
        let next = now + chrono::Duration::hours(1);
        let mut first = schedule(now);
        first.next_run_at = Some(next);
        create(&records, "t", &first).await.unwrap();
        assert!(queued(&records, next).await);
        let refuse: Edit = Arc::new(|_| Err(RecordError::invalid("end", "no")));
        let refused = patch(&records, "t", "sch_1", 1, now, refuse).await;
        assert!(matches!(refused, Err(err) if err.code() == ErrorCode::InvalidField));
        assert!(
            queued(&records, next).await,
            "a refused edit unqueued the schedule"
        );
        let pause: Edit = Arc::new(|s| {
            s.status = ScheduleStatus::Paused;
            Ok(())
        });
        let stale = patch(&records, "t", "sch_1", 2, now, pause.clone()).await;
        assert!(matches!(stale, Err(err) if err.code() == ErrorCode::VersionConflict));
        let done = patch(&records, "t", "sch_1", 1, now, pause.clone()).await;
        let done = done.unwrap().unwrap();
        assert_eq!((done.version, done.status), (2, ScheduleStatus::Paused));
        assert!(patch(&records, "t", "sch_2", 1, now, pause)
            .await
            .unwrap()
            .is_none());
        assert!(delete(&records, "t", "sch_1", now).await.unwrap());
        assert!(get(&records, "t", "sch_1").await.unwrap().is_none());
    }
}
