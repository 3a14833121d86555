//! The scheduler supervisor: runs schedules' activate and pause events on the
//! [`Clock`](stampede_protocol::Clock)'s time.
//!
//! Each active schedule with a next event sits in the queue
//! `("_system", "sched", due_ms, tenant, id)`. A sweep takes every entry due by
//! now, asks the target's owner (the campaign or coupon actor) to change state,
//! then advances the schedule and re-queues it in one transaction that re-reads it
//! for real, so a concurrent edit or sweep makes the advance retry or step aside.
//! Target changes are idempotent (activating an active campaign changes nothing),
//! so an event run twice by two sweepers does no harm.
//!
//! [`plan`] is pure: given a schedule and the time, it picks the next event. Tests
//! move a `ManualClock` and call [`sweep`].

use std::str::FromStr;
use std::sync::Weak;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures::future::BoxFuture;
use stampede_protocol::event::Provenance;
use stampede_protocol::promotion::{CampaignPromotion, PromotionStatus};
use stampede_protocol::schedule::{Schedule, ScheduleAction, ScheduleStatus, ScheduleTarget};
use stampede_protocol::{Coupon, CouponPatch, CouponStatus};
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError};

use crate::campaign::{CampaignChange, ChangeKind};
use crate::cluster::singleton::{sweeper, Fence};
use crate::command::{CouponUpdate, UpdateKind};
use crate::error::ActorError;
use crate::records::{decode, encode};
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

/// How often the background supervisor looks at the queue.
pub const SCHEDULE_SWEEP_INTERVAL_MS: u64 = 1_000;
/// Events run per sweep; the rest wait for the next one.
pub const MAX_SCHEDULE_EVENTS_PER_SWEEP: usize = 500;
/// Longest cron expression accepted.
pub const MAX_CRON_LEN_BYTES: usize = 256;

/// Parses a recurrence: 5 fields (minute first), 6 (seconds first) or 7 (with a
/// year), optionally wrapped in `cron(…)`.
pub fn parse_recurrence(expr: &str) -> Result<cron::Schedule, String> {
    if expr.len() > MAX_CRON_LEN_BYTES {
        return Err(format!("at most {MAX_CRON_LEN_BYTES} bytes"));
    }
    let inner = expr
        .trim()
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or(expr.trim());
    let fields = inner.split_whitespace().count();
    let full = match fields {
        5 => format!("0 {inner}"),
        6 | 7 => inner.to_owned(),
        n => return Err(format!("expected 5, 6 or 7 fields, found {n}")),
    };
    cron::Schedule::from_str(&full).map_err(|err| err.to_string())
}

fn zone_of(schedule: &Schedule) -> Tz {
    schedule
        .time_zone
        .as_deref()
        .and_then(|zone| zone.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// Sets `next_run_at` / `next_action` to the schedule's next event after `now`
/// (owed pauses may be due already); a schedule with none left is `done`.
pub fn plan(schedule: &mut Schedule, now: DateTime<Utc>) -> Result<(), String> {
    let mut next: Option<(DateTime<Utc>, ScheduleAction)> = None;
    let mut consider = |at: DateTime<Utc>, action: ScheduleAction| {
        // A pause sorts before an activation at the same instant: the previous
        // occurrence ends before the next begins.
        let key = |(t, a): (DateTime<Utc>, ScheduleAction)| (t, a == ScheduleAction::Activate);
        if next.is_none_or(|current| key((at, action)) < key(current)) {
            next = Some((at, action));
        }
    };
    match &schedule.recurrence {
        None => match (schedule.runs, schedule.end) {
            (0, _) => consider(
                schedule.start.unwrap_or(schedule.created_at),
                ScheduleAction::Activate,
            ),
            (1, Some(end)) => consider(end, ScheduleAction::Pause),
            _ => {}
        },
        Some(expr) => {
            let cron = parse_recurrence(expr)?;
            let zone = zone_of(schedule);
            let from = match schedule.start {
                Some(start) if start > now => start
                    .checked_sub_signed(chrono::Duration::seconds(1))
                    .unwrap_or(start),
                _ => now,
            };
            if let Some(fire) = cron.after(&from.with_timezone(&zone)).next() {
                let fire = fire.with_timezone(&Utc);
                if schedule.end.is_none_or(|end| fire < end) {
                    consider(fire, ScheduleAction::Activate);
                }
            }
            if let Some(due) = schedule.pause_due_at {
                consider(due, ScheduleAction::Pause);
            }
            if let Some(end) = schedule.end {
                if schedule.last_run_at.is_none_or(|last| last < end) {
                    consider(end, ScheduleAction::Pause);
                }
            }
        }
    }
    schedule.next_run_at = next.map(|(at, _)| at);
    schedule.next_action = next.map(|(_, action)| action);
    if next.is_none() {
        schedule.status = ScheduleStatus::Done;
    }
    Ok(())
}

/// Records that `action` ran at `now` and plans the next event.
pub fn advance(
    schedule: &mut Schedule,
    action: ScheduleAction,
    now: DateTime<Utc>,
    error: Option<String>,
) {
    schedule.runs += 1;
    schedule.last_run_at = Some(now);
    schedule.last_error = error;
    match action {
        ScheduleAction::Activate => {
            if schedule.recurrence.is_some() {
                schedule.pause_due_at = schedule
                    .duration_secs
                    .and_then(|secs| i64::try_from(secs).ok())
                    .and_then(chrono::Duration::try_seconds)
                    .and_then(|step| now.checked_add_signed(step));
            }
        }
        ScheduleAction::Pause => schedule.pause_due_at = None,
    }
    if let Err(err) = plan(schedule, now) {
        schedule.last_error = Some(err);
        schedule.status = ScheduleStatus::Done;
    }
    schedule.version += 1;
    schedule.updated_at = now;
}

/// Runs every schedule event due by now. Returns how many ran.
pub async fn sweep(shards: &Shards) -> Result<usize, StorageError> {
    sweep_fenced(shards, None).await
}

/// [`sweep`] as the cluster's scheduler: every schedule advance also re-reads the
/// supervisor's fence and writes nothing if another node has taken the lead.
pub async fn sweep_fenced(shards: &Shards, fence: Option<&Fence>) -> Result<usize, StorageError> {
    let now = shards.clock().now();
    let (begin, end) = keys::schedule_due_until(now.timestamp_millis().saturating_add(1));
    let rows = {
        let mut tx = shards.store().begin().await?;
        tx.get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_SCHEDULE_EVENTS_PER_SWEEP,
            reverse: false,
        })
        .await?
    };
    let mut ran = 0;
    for row in rows {
        let Some((_, tenant, id)) = keys::decode_schedule_due(&row.key) else {
            continue;
        };
        if run_event_fenced(shards, &tenant, &id, false, fence)
            .await?
            .is_some()
        {
            ran += 1;
        }
    }
    Ok(ran)
}

/// Runs the schedule's next event now (`force`: even if not yet due). Returns the
/// schedule as advanced, or `None` when nothing was due (or it is not active).
pub async fn run_event(
    shards: &Shards,
    tenant: &str,
    id: &str,
    force: bool,
) -> Result<Option<Schedule>, StorageError> {
    run_event_fenced(shards, tenant, id, force, None).await
}

async fn run_event_fenced(
    shards: &Shards,
    tenant: &str,
    id: &str,
    force: bool,
    fence: Option<&Fence>,
) -> Result<Option<Schedule>, StorageError> {
    let now = shards.clock().now();
    let Some(schedule) = read(shards, tenant, id).await? else {
        return Ok(None);
    };
    let due = schedule.next_run_at.is_some_and(|at| at <= now);
    if schedule.status != ScheduleStatus::Active || !(due || force) {
        if !force {
            drop_stale(shards, tenant, &schedule).await?;
        }
        return Ok(None);
    }
    let action = schedule.next_action.unwrap_or(ScheduleAction::Activate);
    let error = apply(shards, tenant, &schedule, action)
        .await
        .err()
        .map(|err| err.to_string());
    if let Some(error) = &error {
        tracing::warn!(tenant, schedule = id, error, "scheduled change failed");
    }
    let seen_version = schedule.version;
    let (tenant, id) = (tenant.to_owned(), id.to_owned());
    let fence = fence.cloned();
    run(shards.store().as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, id, error) = (tenant.clone(), id.clone(), error.clone());
        let fence = fence.clone();
        Box::pin(async move {
            if let Some(fence) = &fence {
                if !fence.holds(tx).await? {
                    // Another node leads the scheduler now; it runs this event.
                    return Ok(None);
                }
            }
            let key = keys::schedule(&tenant, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(None);
            };
            let mut schedule: Schedule = decode(&key, &bytes)?;
            if schedule.version != seen_version {
                // Edited or advanced meanwhile: that writer re-queued it.
                return Ok(None);
            }
            unqueue(tx, &tenant, &schedule)?;
            advance(&mut schedule, action, now, error);
            tx.set(&key, &encode(&schedule)?)?;
            queue(tx, &tenant, &schedule)?;
            Ok(Some(schedule))
        })
    })
    .await
}

/// Removes a schedule's queue entry.
pub fn unqueue(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    schedule: &Schedule,
) -> Result<(), StorageError> {
    if let Some(at) = schedule.next_run_at {
        tx.clear(&keys::schedule_due(
            at.timestamp_millis(),
            tenant,
            &schedule.id,
        ))?;
    }
    Ok(())
}

/// Queues a schedule's next event if it is active.
pub fn queue(
    tx: &mut dyn stampede_storage::Transaction,
    tenant: &str,
    schedule: &Schedule,
) -> Result<(), StorageError> {
    if let (ScheduleStatus::Active, Some(at)) = (schedule.status, schedule.next_run_at) {
        tx.set(
            &keys::schedule_due(at.timestamp_millis(), tenant, &schedule.id),
            b"",
        )?;
    }
    Ok(())
}

async fn read(shards: &Shards, tenant: &str, id: &str) -> Result<Option<Schedule>, StorageError> {
    let mut tx = shards.store().begin().await?;
    let key = keys::schedule(tenant, id);
    match tx.get_snapshot(&key).await? {
        None => Ok(None),
        Some(bytes) => decode(&key, &bytes).map(Some),
    }
}

/// Clears a queue entry that no longer matches its schedule.
async fn drop_stale(
    shards: &Shards,
    tenant: &str,
    schedule: &Schedule,
) -> Result<(), StorageError> {
    let (begin, end) = keys::schedule_due_until(i64::MAX);
    let mut tx = shards.store().begin().await?;
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_SCHEDULE_EVENTS_PER_SWEEP,
            reverse: false,
        })
        .await?;
    let current = schedule
        .next_run_at
        .filter(|_| schedule.status == ScheduleStatus::Active)
        .map(|at| keys::schedule_due(at.timestamp_millis(), tenant, &schedule.id));
    for row in rows {
        let Some((_, t, id)) = keys::decode_schedule_due(&row.key) else {
            continue;
        };
        if t == tenant && id == schedule.id && Some(&row.key) != current.as_ref() {
            tx.clear(&row.key)?;
        }
    }
    tx.commit().await
}

/// Asks the target's owner to activate or pause it.
async fn apply(
    shards: &Shards,
    tenant: &str,
    schedule: &Schedule,
    action: ScheduleAction,
) -> Result<(), ActorError> {
    match schedule.target {
        ScheduleTarget::Campaign => {
            let kind = match action {
                ScheduleAction::Activate => ChangeKind::Activate,
                ScheduleAction::Pause => ChangeKind::Pause,
            };
            let change = CampaignChange {
                kind,
                patch: Default::default(),
                provenance: Provenance {
                    actor: String::from("system:scheduler"),
                    correlation_id: Some(schedule.id.clone()),
                    ..Provenance::default()
                },
            };
            match shards
                .campaigns()
                .change(tenant, &schedule.target_id, change)
                .await
            {
                // Pausing a campaign that is not running leaves it as it is.
                Err(ActorError::Invalid {
                    field: "status", ..
                }) if action == ScheduleAction::Pause => Ok(()),
                other => other.map(|_| ()),
            }
        }
        ScheduleTarget::Coupon => {
            let status = match action {
                ScheduleAction::Activate => CouponStatus::Active,
                ScheduleAction::Pause => CouponStatus::Draft,
            };
            let coupon = coupon_by_id(shards, tenant, &schedule.target_id)
                .await?
                .ok_or(ActorError::CouponNotFound)?;
            if coupon.status == status || coupon.status == CouponStatus::Revoked {
                return Ok(());
            }
            let update = CouponUpdate {
                kind: UpdateKind::Patch,
                patch: CouponPatch {
                    version: Some(coupon.version),
                    status: Some(status),
                    ..CouponPatch::default()
                },
                reason: Some(format!("schedule {}", schedule.id)),
                idem: None,
                provenance: Provenance {
                    actor: String::from("system:scheduler"),
                    correlation_id: Some(schedule.id.clone()),
                    ..Provenance::default()
                },
            };
            shards
                .update(tenant, &coupon.code, update)
                .await
                .map(|_| ())
        }
        ScheduleTarget::Promotion => {
            let status = match action {
                ScheduleAction::Activate => PromotionStatus::Active,
                ScheduleAction::Pause => PromotionStatus::Paused,
            };
            set_promotion_status(shards, tenant, &schedule.target_id, status).await
        }
        ScheduleTarget::Rule => Err(ActorError::Invalid {
            field: "target",
            message: String::from("a rule takes effect through what uses it"),
        }),
    }
}

/// Sets a campaign promotion's status (a no-op when it already has it). The
/// promotion record has no owning actor; the transaction re-reads it, so a
/// concurrent edit makes this retry rather than be overwritten.
async fn set_promotion_status(
    shards: &Shards,
    tenant: &str,
    promotion_id: &str,
    status: PromotionStatus,
) -> Result<(), ActorError> {
    let now = shards.clock().now();
    let (tenant, id) = (tenant.to_owned(), promotion_id.to_owned());
    let found = run(shards.store().as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, id) = (tenant.clone(), id.clone());
        Box::pin(async move {
            let location = keys::promotion_location(&tenant, &id);
            let Some(campaign) = tx.get(&location).await? else {
                return Ok(false);
            };
            let campaign = String::from_utf8_lossy(&campaign).into_owned();
            let key = keys::campaign_promotion(&tenant, &campaign, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(false);
            };
            let mut promotion: CampaignPromotion = decode(&key, &bytes)?;
            if promotion.status != status {
                promotion.status = status;
                promotion.version += 1;
                promotion.updated_at = now;
                tx.set(&key, &encode(&promotion)?)?;
            }
            Ok(true)
        })
    })
    .await?;
    if found {
        Ok(())
    } else {
        Err(ActorError::Invalid {
            field: "target_id",
            message: String::from("the promotion no longer exists"),
        })
    }
}

async fn coupon_by_id(
    shards: &Shards,
    tenant: &str,
    id: &str,
) -> Result<Option<Coupon>, StorageError> {
    let mut tx = shards.store().begin().await?;
    let key = keys::coupon(tenant, id);
    match tx.get_snapshot(&key).await? {
        None => Ok(None),
        Some(bytes) => decode(&key, &bytes).map(Some),
    }
}

/// The schedule worker: [`sweep_fenced`] every [`SCHEDULE_SWEEP_INTERVAL_MS`]
/// on the node the ring places it on, until the shards are dropped (see
/// [`crate::workers`]).
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(SCHEDULE_SWEEP_INTERVAL_MS);
    sweeper("scheduler", period, shards, run_due)
}

fn run_due<'a>(shards: &'a Shards, fence: &'a Fence) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep_fenced(shards, Some(fence)))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn schedule(recurrence: Option<&str>) -> Schedule {
        let at = Utc.with_ymd_and_hms(2030, 3, 11, 8, 0, 0).unwrap();
        Schedule {
            id: String::from("sch_1"),
            target: ScheduleTarget::Campaign,
            target_id: String::from("cmp_1"),
            start: None,
            end: None,
            recurrence: recurrence.map(str::to_owned),
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
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn recurrence_accepts_five_six_and_wrapped_fields() {
        assert!(parse_recurrence("0 9 * * Mon-Fri").is_ok());
        assert!(parse_recurrence("cron(0 0 9 * * *)").is_ok());
        assert!(parse_recurrence("* *").is_err());
        assert!(parse_recurrence("0 99 * * *").is_err());
    }

    #[test]
    fn one_off_activates_then_pauses_then_is_done() {
        let now = Utc.with_ymd_and_hms(2030, 3, 11, 8, 0, 0).unwrap();
        let mut s = schedule(None);
        s.start = Some(now + chrono::Duration::hours(1));
        s.end = Some(now + chrono::Duration::hours(2));
        plan(&mut s, now).unwrap();
        assert_eq!(
            (s.next_run_at, s.next_action),
            (s.start, Some(ScheduleAction::Activate))
        );
        let start = s.start.unwrap();
        advance(&mut s, ScheduleAction::Activate, start, None);
        assert_eq!(
            (s.next_run_at, s.next_action),
            (s.end, Some(ScheduleAction::Pause))
        );
        let end = s.end.unwrap();
        advance(&mut s, ScheduleAction::Pause, end, None);
        assert_eq!(s.status, ScheduleStatus::Done);
    }

    #[test]
    fn recurring_fires_in_its_zone_and_pauses_after_the_duration() {
        let now = Utc.with_ymd_and_hms(2030, 3, 11, 8, 0, 0).unwrap();
        let mut s = schedule(Some("0 9 * * *"));
        s.time_zone = Some(String::from("America/New_York"));
        s.duration_secs = Some(3_600);
        plan(&mut s, now).unwrap();
        // 09:00 in New York on 11 March 2030 (EDT) is 13:00 UTC.
        let fire = Utc.with_ymd_and_hms(2030, 3, 11, 13, 0, 0).unwrap();
        assert_eq!(
            (s.next_run_at, s.next_action),
            (Some(fire), Some(ScheduleAction::Activate))
        );
        advance(&mut s, ScheduleAction::Activate, fire, None);
        let pause = fire + chrono::Duration::hours(1);
        assert_eq!(
            (s.next_run_at, s.next_action),
            (Some(pause), Some(ScheduleAction::Pause))
        );
        advance(&mut s, ScheduleAction::Pause, pause, None);
        assert_eq!(s.next_run_at, Some(fire + chrono::Duration::days(1)));
    }
}
