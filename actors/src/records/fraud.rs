//! Fraud records: blacklist entries, the tenant's thresholds, alerts, and the
//! per-subject counters scoring reads.
//!
//! * Entries live under `(tenant, "fbl", id)`; every change raises
//!   `(tenant, "fblv")` in the same transaction, the version every node's
//!   blacklist cache (`fraud::blacklist`) checks.
//! * Alerts live under `(tenant, "falert", id)`, their id derived from
//!   subject, signal and window period, so nodes raising one alert together
//!   write it once ([`raise`]).
//! * Counters (`fraud::tally` writes them) are per subject per minute, so a
//!   window of any length is one range read ([`counts`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use stampede_protocol::event::Event;
use stampede_protocol::fraud::{
    Alert, AlertStatus, BlacklistEntry, FraudSettings, SubjectKind,
    MAX_BLACKLIST_ENTRIES_PER_TENANT,
};
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::events;
use super::{RecordError, Records};

/// Alerts one list answers at most.
pub const MAX_ALERTS_LISTED: usize = 1_000;
/// Counter keys one window read visits at most (a day of a subject trying
/// many codes): past it the counts are a floor.
pub const MAX_COUNTER_KEYS_PER_WINDOW: usize = 20_000;

/// Every entry of the tenant, live or lapsed.
pub async fn read_entries(
    tx: &mut dyn Transaction,
    tenant: &str,
) -> Result<Vec<BlacklistEntry>, StorageError> {
    let (begin, end) = keys::prefix_range(&keys::fraud_blacklist_prefix(tenant));
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_BLACKLIST_ENTRIES_PER_TENANT,
            reverse: false,
        })
        .await?;
    rows.iter()
        .map(|row| decode(&row.key, &row.value))
        .collect()
}

/// The tenant's entries (lapsed ones included, for the record).
pub async fn list_entries(
    records: &Records,
    tenant: &str,
) -> Result<Vec<BlacklistEntry>, RecordError> {
    let mut tx = records.store().begin().await?;
    Ok(read_entries(tx.as_mut(), tenant).await?)
}

/// Stores an entry with its `fraud.blacklisted` event. An entry for the same
/// kind and value is replaced (its expiry and reason are the new ones).
pub async fn add_entry(
    records: &Records,
    tenant: &str,
    entry: &BlacklistEntry,
) -> Result<BlacklistEntry, RecordError> {
    let by = records.provenance();
    let stored = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, entry, by) = (tenant.to_owned(), entry.clone(), by.clone());
        Box::pin(async move {
            let existing = read_entries(tx, &tenant).await?;
            let same = existing
                .iter()
                .find(|e| e.kind == entry.kind && e.value == entry.value);
            if same.is_none() && existing.len() >= MAX_BLACKLIST_ENTRIES_PER_TENANT {
                return Ok(Err(RecordError::refused(
                    ErrorCode::InvalidRequest,
                    format!(
                        "a tenant has at most {MAX_BLACKLIST_ENTRIES_PER_TENANT} blacklist entries"
                    ),
                )));
            }
            let mut entry = entry;
            if let Some(same) = same {
                entry.id = same.id.clone();
            }
            tx.set(&keys::fraud_blacklist(&tenant, &entry.id), &encode(&entry)?)?;
            tx.atomic_add(&keys::fraud_blacklist_version(&tenant), 1)?;
            let event = Event::new(
                "fraud.blacklisted",
                "blacklist_entry",
                &entry.id,
                entry.created_at,
            )
            .after(serde_json::to_value(&entry).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<_, StorageError>(Ok(entry))
        })
    })
    .await?;
    stored
}

/// Deletes an entry; `false` when there is none.
pub async fn remove_entry(
    records: &Records,
    tenant: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    let by = records.provenance();
    let found = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, id, by) = (tenant.to_owned(), id.to_owned(), by.clone());
        Box::pin(async move {
            let key = keys::fraud_blacklist(&tenant, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(false);
            };
            let entry: BlacklistEntry = decode(&key, &bytes)?;
            tx.clear(&key)?;
            tx.atomic_add(&keys::fraud_blacklist_version(&tenant), 1)?;
            let event = Event::new("fraud.unblacklisted", "blacklist_entry", &id, now)
                .before(serde_json::to_value(&entry).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(found)
}

/// The tenant's thresholds, or the defaults.
pub async fn settings(records: &Records, tenant: &str) -> Result<FraudSettings, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::fraud_settings(tenant);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(decode(&key, &bytes)?),
        None => Ok(FraudSettings::default()),
    }
}

/// Replaces the tenant's thresholds (checked by the caller).
pub async fn set_settings(
    records: &Records,
    tenant: &str,
    settings: &FraudSettings,
    now: DateTime<Utc>,
) -> Result<(), RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, settings, by) = (tenant.to_owned(), settings.clone(), by.clone());
        Box::pin(async move {
            tx.set(&keys::fraud_settings(&tenant), &encode(&settings)?)?;
            let event = Event::new("fraud.settings_changed", "fraud_settings", &tenant, now)
                .after(serde_json::to_value(&settings).unwrap_or_default());
            events::record(tx, &tenant, event, &by)
        })
    })
    .await?;
    Ok(())
}

/// Stores `alert` unless one with its id exists (then answers `None`); the new
/// alert is journaled as `fraud.alert`, which webhooks may subscribe to.
pub async fn raise(
    records: &Records,
    tenant: &str,
    alert: &Alert,
) -> Result<Option<Alert>, RecordError> {
    let by = records.provenance();
    let raised = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, alert, by) = (tenant.to_owned(), alert.clone(), by.clone());
        Box::pin(async move {
            let key = keys::fraud_alert(&tenant, &alert.id);
            if tx.get(&key).await?.is_some() {
                return Ok(None);
            }
            tx.set(&key, &encode(&alert)?)?;
            let event = Event::new("fraud.alert", "fraud_alert", &alert.id, alert.created_at)
                .after(serde_json::to_value(&alert).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<_, StorageError>(Some(alert))
        })
    })
    .await?;
    Ok(raised)
}

/// The tenant's alerts, newest first, optionally of one status.
pub async fn alerts(
    records: &Records,
    tenant: &str,
    status: Option<AlertStatus>,
    limit: usize,
) -> Result<Vec<Alert>, RecordError> {
    let mut tx = records.store().begin().await?;
    let (begin, end) = keys::prefix_range(&keys::fraud_alerts_prefix(tenant));
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_ALERTS_LISTED * 10,
            reverse: false,
        })
        .await?;
    let mut alerts: Vec<Alert> = rows
        .iter()
        .map(|row| decode(&row.key, &row.value))
        .collect::<Result<_, _>>()?;
    alerts.retain(|a| status.is_none_or(|s| a.status == s));
    alerts.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    alerts.truncate(limit.min(MAX_ALERTS_LISTED));
    Ok(alerts)
}

/// Moves an alert to `status` (acknowledge or resolve), with an optional note.
pub async fn set_alert_status(
    records: &Records,
    tenant: &str,
    id: &str,
    status: AlertStatus,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Alert, RecordError> {
    let by = records.provenance();
    let updated = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, id, note, by) = (tenant.to_owned(), id.to_owned(), note.clone(), by.clone());
        Box::pin(async move {
            let key = keys::fraud_alert(&tenant, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(None);
            };
            let mut alert: Alert = decode(&key, &bytes)?;
            let before = serde_json::to_value(&alert).unwrap_or_default();
            alert.status = status;
            alert.updated_at = now;
            if note.is_some() {
                alert.note = note;
            }
            tx.set(&key, &encode(&alert)?)?;
            let event = Event::new("fraud.alert_updated", "fraud_alert", &id, now)
                .before(before)
                .after(serde_json::to_value(&alert).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<_, StorageError>(Some(alert))
        })
    })
    .await?;
    updated.ok_or(RecordError::NotFound("alert"))
}

/// What a subject's counters hold over minutes `from..to`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowCounts {
    pub attempts: u64,
    pub refusals: u64,
    /// Distinct codes tried.
    pub codes: BTreeSet<String>,
    /// Distinct users seen (for an IP, email or device subject).
    pub users: BTreeSet<String>,
    /// Attempts per minute, for the sliding estimate of the newest minute.
    pub per_minute: BTreeMap<i64, u64>,
}

/// Reads a subject's counters from minute `from` up to, not including, `to`.
pub async fn counts(
    records: &Records,
    tenant: &str,
    kind: SubjectKind,
    subject: &str,
    (from, to): (i64, i64),
) -> Result<WindowCounts, RecordError> {
    let mut tx = records.store().begin().await?;
    let (begin, end) = keys::fraud_counts_between(tenant, kind.as_str(), subject, from, to);
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_COUNTER_KEYS_PER_WINDOW,
            reverse: false,
        })
        .await?;
    let mut counts = WindowCounts::default();
    for row in rows {
        let Some((minute, tag, member)) = keys::fraud_count_of_key(&row.key) else {
            continue;
        };
        let n = keys::decode_counter(&row.value).unwrap_or(0).max(0) as u64;
        match tag.as_str() {
            "c" => {
                counts.attempts += n;
                *counts.per_minute.entry(minute).or_default() += n;
                counts.codes.insert(member);
            }
            "r" => counts.refusals += n,
            "u" => {
                counts.users.insert(member);
            }
            _ => {}
        }
    }
    Ok(counts)
}
