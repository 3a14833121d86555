//! One ingested event in one transaction. The transaction reads the event's
//! marker `(tenant, "trgevent", id)` first: a replay (same id) finds it and
//! answers the stored outcome, changing nothing. Otherwise it reads the
//! templates listening to what the event names, moves each template's state
//! for the user (read in the transaction: a concurrent event of the same user
//! conflicts and retries), makes each occurrence's code, and writes the
//! marker with the outcome — all or nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use stampede_protocol::event::Provenance;
use stampede_protocol::trigger::{
    EventOutcome, EventStatus, GeneratedCode, Trigger, TriggerKey, UserEvent, UserEventType,
    MAX_CODES_PER_EVENT, MAX_OUTCOME_CODES,
};
use stampede_protocol::{Coupon, CouponStatus, ErrorCode};
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::super::codec::{decode, encode};
use super::super::{RecordError, Records};
use super::generate::{self, Journal, Occurrence};
use super::index::templates_in;
use super::progress::{day_of, Progress};

/// Ingests `event` once: its outcome, or the first outcome for a replay.
/// `barred`: users of the event the tenant's blacklist bars from receiving
/// coupons; their state moves, no code is made for them.
pub async fn ingest(
    records: &Records,
    tenant: &str,
    event: &UserEvent,
    barred: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<EventOutcome, RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, event, by) = (tenant.to_owned(), event.clone(), by.clone());
        let barred = barred.clone();
        Box::pin(async move {
            let ctx = Ctx {
                tenant: &tenant,
                by: &by,
                barred: &barred,
            };
            ingest_in(tx, &ctx, &event, now).await
        })
    })
    .await?
}

/// Who ingests, and who may not receive a code.
struct Ctx<'a> {
    tenant: &'a str,
    by: &'a Provenance,
    barred: &'a BTreeSet<String>,
}

async fn ingest_in(
    tx: &mut dyn Transaction,
    ctx: &Ctx<'_>,
    event: &UserEvent,
    now: DateTime<Utc>,
) -> Result<Result<EventOutcome, RecordError>, StorageError> {
    let (tenant, by) = (ctx.tenant, ctx.by);
    let marker = keys::trigger_event(tenant, &event.id);
    if let Some(bytes) = tx.get(&marker).await? {
        let mut outcome: EventOutcome = decode(&marker, &bytes)?;
        outcome.status = EventStatus::Duplicate;
        return Ok(Ok(outcome));
    }
    let mut journal = Journal {
        tenant,
        n: 0,
        by,
        barred: ctx.barred,
    };
    let made = match event.kind {
        UserEventType::LeaderboardClosed => closed(tx, &mut journal, event, now).await?,
        _ => Ok(per_user(tx, &mut journal, event, now).await?),
    };
    let mut generated = match made {
        Ok(generated) => generated,
        Err(refused) => return Ok(Err(refused)),
    };
    let generated_count = generated.len();
    generated.truncate(MAX_OUTCOME_CODES);
    let outcome = EventOutcome {
        id: event.id.clone(),
        status: EventStatus::Accepted,
        generated,
        generated_count,
        received_at: now,
    };
    tx.set(&marker, &encode(&outcome)?)?;
    Ok(Ok(outcome))
}

/// The trigger an event of one user moves, and the id it names.
fn key_of(event: &UserEvent) -> Option<TriggerKey> {
    let (trigger, key) = match event.kind {
        UserEventType::StreakDay => (Trigger::StreakMilestone, event.streak_id.clone()?),
        UserEventType::AchievementCompleted => {
            (Trigger::AchievementCompleted, event.achievement_id.clone()?)
        }
        UserEventType::Purchase => (Trigger::PurchaseCount, String::from("purchase")),
        UserEventType::LeaderboardClosed => {
            (Trigger::LeaderboardRank, event.leaderboard_id.clone()?)
        }
    };
    Some(TriggerKey { trigger, key })
}

/// Whether a template makes codes now: active (not paused, revoked,
/// expired or a draft).
fn live(template: &Coupon, now: DateTime<Utc>) -> bool {
    template.effective_status(now) == CouponStatus::Active
}

/// An event of one user: each live template's step, and its occurrence's code.
async fn per_user(
    tx: &mut dyn Transaction,
    journal: &mut Journal<'_>,
    event: &UserEvent,
    now: DateTime<Utc>,
) -> Result<Vec<GeneratedCode>, StorageError> {
    let (Some(key), Some(user)) = (key_of(event), event.user_id.as_deref()) else {
        return Ok(Vec::new());
    };
    let mut generated = Vec::new();
    for template in templates_in(tx, journal.tenant, &key).await? {
        if !live(&template, now) {
            continue;
        }
        let Some(occurrence) = step(tx, journal.tenant, &template, event, user).await? else {
            continue;
        };
        let occ = Occurrence {
            template: &template,
            trigger: key.trigger,
            user_id: user,
            key: occurrence,
            event_id: &event.id,
            now,
        };
        generated.extend(generate::once(tx, journal, &occ).await?);
    }
    Ok(generated)
}

/// Moves the user's state for `template` by `event`; the occurrence it
/// completes, if any. The state is read in the transaction.
async fn step(
    tx: &mut dyn Transaction,
    tenant: &str,
    template: &Coupon,
    event: &UserEvent,
    user: &str,
) -> Result<Option<String>, StorageError> {
    let config = template
        .auto_generate
        .as_ref()
        .map(|a| a.config())
        .unwrap_or_default();
    if event.kind == UserEventType::AchievementCompleted {
        let achievement = event.achievement_id.as_deref().unwrap_or_default();
        return Ok(Some(format!("achievement:{achievement}")));
    }
    let state_key = keys::trigger_state(tenant, &template.id, user);
    let mut progress: Progress = match tx.get(&state_key).await? {
        Some(bytes) => decode(&state_key, &bytes)?,
        None => Progress::default(),
    };
    let before = progress.clone();
    let occurrence = match event.kind {
        UserEventType::StreakDay => {
            let threshold = config.milestone_threshold.unwrap_or(u32::MAX);
            let streak = event.streak_id.as_deref().unwrap_or_default();
            progress
                .streak_day(day_of(template, event.occurred_at), threshold)
                .map(|start| format!("streak:{streak}:{start}"))
        }
        UserEventType::Purchase => {
            let threshold = config.purchase_threshold.unwrap_or(u32::MAX);
            progress
                .purchase(threshold)
                .map(|n| format!("purchase:{n}"))
        }
        _ => None,
    };
    if progress != before {
        tx.set(&state_key, &encode(&progress)?)?;
    }
    Ok(occurrence)
}

/// A `leaderboard_closed` event: each live template's winners (rank at most
/// its `rank_threshold`), once per closing. Refused whole, before anything is
/// written, when it would make more than [`MAX_CODES_PER_EVENT`] codes.
async fn closed(
    tx: &mut dyn Transaction,
    journal: &mut Journal<'_>,
    event: &UserEvent,
    now: DateTime<Utc>,
) -> Result<Result<Vec<GeneratedCode>, RecordError>, StorageError> {
    let Some(key) = key_of(event) else {
        return Ok(Ok(Vec::new()));
    };
    let rankings = event.rankings.as_deref().unwrap_or_default();
    let mut plan = Vec::new();
    for template in templates_in(tx, journal.tenant, &key).await? {
        if !live(&template, now) {
            continue;
        }
        let config = template.auto_generate.as_ref().map(|a| a.config());
        let threshold = config.and_then(|c| c.rank_threshold).unwrap_or(0);
        let winners: Vec<&str> = rankings
            .iter()
            .filter(|r| r.rank <= threshold)
            .map(|r| r.user_id.as_str())
            .collect();
        plan.push((template, winners));
    }
    if plan.iter().map(|(_, w)| w.len()).sum::<usize>() > MAX_CODES_PER_EVENT {
        return Ok(Err(RecordError::field(
            ErrorCode::InvalidTrigger,
            "rankings",
            format!("this closing would make more than {MAX_CODES_PER_EVENT} codes"),
        )));
    }
    let mut generated = Vec::new();
    for (template, winners) in &plan {
        for user in winners {
            let occ = Occurrence {
                template,
                trigger: key.trigger,
                user_id: user,
                key: format!("leaderboard:{}", event.id),
                event_id: &event.id,
                now,
            };
            generated.extend(generate::once(tx, journal, &occ).await?);
        }
    }
    Ok(Ok(generated))
}
