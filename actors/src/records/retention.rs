//! Retention: a tenant's policy, the deletions it calls for, and redaction.
//!
//! Every deletion here is one bounded transaction that re-reads what it
//! deletes, so a sweep racing a write never deletes something the write just
//! made young again; running a sweep twice (or on two nodes) deletes nothing
//! the second time. Counters live apart from the records they count (a
//! coupon's `uses_count`, per-customer and per-day counters), so no count
//! moves when a record goes.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use stampede_protocol::event::Event;
use stampede_protocol::job::Job;
use stampede_protocol::retention::RetentionPolicy;
use stampede_protocol::webhook::DeliveryState;
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::{keys, run, KeyValue, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::{events, page, RecordError, Records};

/// Records one sweep transaction deletes at most.
pub const MAX_DELETES_PER_TRANSACTION: usize = 100;
/// Redemptions one redaction request reads at most; past it the answer
/// carries a cursor to go on from.
pub const MAX_REDACTION_SCAN: usize = 5_000;

/// The tenant's policy (the default, keeping everything, when none was set).
pub async fn get(records: &Records, tenant: &str) -> Result<RetentionPolicy, RecordError> {
    let key = keys::retention_policy(tenant);
    let mut tx = records.store().begin().await?;
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(decode(&key, &bytes)?),
        None => Ok(RetentionPolicy::default()),
    }
}

/// Stores the tenant's policy, with its event, and lists the tenant for the
/// sweeper.
pub async fn put(
    records: &Records,
    tenant: &str,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<(), RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, policy, by) = (tenant.to_owned(), policy.clone(), by.clone());
        Box::pin(async move {
            let key = keys::retention_policy(&tenant);
            let before = match tx.get(&key).await? {
                Some(bytes) => decode::<serde_json::Value>(&key, &bytes)?,
                None => serde_json::Value::Null,
            };
            tx.set(&key, &encode(&policy)?)?;
            tx.set(&keys::retention_tenant(&tenant), b"")?;
            let after = serde_json::to_value(&policy).unwrap_or_default();
            let event = Event::new("retention.updated", "retention", &tenant, now)
                .before(before)
                .after(after);
            events::record(tx, &tenant, event, &by)
        })
    })
    .await?;
    Ok(())
}

/// Tenants that set a policy, at most `limit`.
pub async fn tenants(records: &Records, limit: usize) -> Result<Vec<String>, RecordError> {
    let mut tx = records.store().begin().await?;
    let (rows, _) = page::rows(tx.as_mut(), &keys::retention_tenants_prefix(), None, limit).await?;
    Ok(rows
        .iter()
        .filter_map(|row| keys::decode_retention_tenant(&row.key))
        .collect())
}

/// The first `limit` rows under `prefix`, read without conflicts.
async fn front(
    records: &Records,
    prefix: &[u8],
    limit: usize,
) -> Result<Vec<KeyValue>, RecordError> {
    let mut tx = records.store().begin().await?;
    let (rows, _) = page::rows(tx.as_mut(), prefix, None, limit).await?;
    Ok(rows)
}

/// Deletes settled redemptions created before `cutoff`, oldest first (ids are
/// time-ordered), with their indexes; answers how many. Stops at the first
/// that is young enough to keep.
pub async fn sweep_redemptions(
    records: &Records,
    tenant: &str,
    cutoff: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let rows = front(
        records,
        &keys::redemptions_prefix(tenant),
        MAX_DELETES_PER_TRANSACTION,
    )
    .await?;
    let mut old = Vec::new();
    for row in &rows {
        let redemption: Redemption = decode(&row.key, &row.value)?;
        if redemption.created_at >= cutoff {
            break;
        }
        if redemption.status != RedemptionStatus::Pending {
            old.push(redemption.id);
        }
    }
    if old.is_empty() {
        return Ok(0);
    }
    let deleted = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, old) = (tenant.to_owned(), old.clone());
        Box::pin(async move { delete_redemptions(tx, &tenant, &old, cutoff).await })
    })
    .await?;
    Ok(deleted)
}

async fn delete_redemptions(
    tx: &mut dyn Transaction,
    tenant: &str,
    ids: &[String],
    cutoff: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let mut deleted = 0;
    for id in ids {
        let key = keys::redemption(tenant, id);
        let Some(bytes) = tx.get(&key).await? else {
            continue;
        };
        let redemption: Redemption = decode(&key, &bytes)?;
        if redemption.status == RedemptionStatus::Pending || redemption.created_at >= cutoff {
            continue;
        }
        tx.clear(&key)?;
        tx.clear(&keys::coupon_redemption(tenant, &redemption.coupon_id, id))?;
        if let Some(reference) = &redemption.reference_id {
            tx.clear(&keys::reference_redemption(tenant, reference, id))?;
        }
        deleted += 1;
    }
    Ok(deleted)
}

/// Deletes journal events from before `cutoff`, oldest first, but never one
/// a webhook endpoint has yet to settle; answers how many.
pub async fn sweep_journal(
    records: &Records,
    tenant: &str,
    cutoff: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let prefix = keys::journal(tenant);
    let rows = front(records, &prefix, MAX_DELETES_PER_TRANSACTION).await?;
    let settled = settled_up_to(records, tenant).await?;
    let mut old = Vec::new();
    for row in &rows {
        let event: Event = decode(&row.key, &row.value)?;
        let position = &row.key[prefix.len()..];
        let delivered = settled.as_deref().is_none_or(|s| position <= s);
        if event.at >= cutoff || !delivered {
            break;
        }
        old.push(row.key.clone());
    }
    let count = old.len();
    if count > 0 {
        run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let old = old.clone();
            Box::pin(async move {
                for key in &old {
                    tx.clear(key)?;
                }
                Ok::<(), StorageError>(())
            })
        })
        .await?;
    }
    Ok(count)
}

/// The journal position every endpoint of the tenant has settled (`None`:
/// no endpoint, nothing holds the journal back).
async fn settled_up_to(records: &Records, tenant: &str) -> Result<Option<Vec<u8>>, RecordError> {
    let hooks = super::webhooks::list(records, tenant).await?;
    let mut lowest: Option<Vec<u8>> = None;
    for hook in hooks {
        let state: DeliveryState = super::webhooks::state(records, tenant, &hook.id).await?;
        let cursor = state
            .cursor
            .and_then(|c| hex::decode(c).ok())
            .unwrap_or_default();
        if lowest.as_ref().is_none_or(|l| cursor < *l) {
            lowest = Some(cursor);
        }
    }
    Ok(lowest)
}

/// Deletes the reports (error lines, per-row results, export parts) of jobs
/// that ended before `cutoff`, a few jobs per call; answers how many jobs.
pub async fn sweep_job_reports(
    records: &Records,
    tenant: &str,
    cutoff: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let rows = front(
        records,
        &keys::jobs_prefix(tenant),
        MAX_DELETES_PER_TRANSACTION,
    )
    .await?;
    let mut done = Vec::new();
    for row in &rows {
        let job: Job = decode(&row.key, &row.value)?;
        if job.created_at >= cutoff {
            break;
        }
        if job.finished_at.is_some_and(|at| at < cutoff) && !job.report_swept {
            done.push(job);
        }
    }
    let count = done.len();
    for job in done {
        run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let (tenant, mut job) = (tenant.to_owned(), job.clone());
            Box::pin(async move {
                for prefix in [
                    keys::job_errors_prefix(&tenant, &job.id),
                    keys::job_results_prefix(&tenant, &job.id),
                    keys::export_parts_prefix(&tenant, &job.id),
                ] {
                    let (begin, end) = keys::prefix_range(&prefix);
                    tx.clear_range(&begin, &end)?;
                }
                job.report_swept = true;
                tx.set(&keys::job(&tenant, &job.id), &encode(&job)?)
            })
        })
        .await?;
    }
    Ok(count)
}

/// What a redaction did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redacted {
    pub redemptions: usize,
    pub events: usize,
    /// Where to go on from (a redemption id), when the scan stopped early.
    pub next_cursor: Option<String>,
}

/// The stand-in for a user id once redacted: stable (so counts per customer
/// still add up in reports), not reversible.
pub fn pseudonym(tenant: &str, user_id: &str) -> String {
    let digest = Sha256::digest(format!("{tenant}\u{0}{user_id}").as_bytes());
    format!("redacted_{}", &hex::encode(digest)[..24])
}

/// Replaces `user_id` in the tenant's redemptions (after `cursor`, at most
/// [`MAX_REDACTION_SCAN`] read) and in the journal's events about them by
/// its pseudonym, and drops their metadata.
pub async fn redact(
    records: &Records,
    tenant: &str,
    user_id: &str,
    cursor: Option<&str>,
) -> Result<Redacted, RecordError> {
    let prefix = keys::redemptions_prefix(tenant);
    let after = cursor.map(|c| keys::redemption(tenant, c));
    let (rows, more) = {
        let mut tx = records.store().begin().await?;
        page::rows(tx.as_mut(), &prefix, after, MAX_REDACTION_SCAN).await?
    };
    let mut ids = Vec::new();
    for row in &rows {
        let redemption: Redemption = decode(&row.key, &row.value)?;
        if redemption.user_id.as_deref() == Some(user_id) {
            ids.push(redemption.id);
        }
    }
    let stand_in = pseudonym(tenant, user_id);
    let mut redacted = Redacted::default();
    for chunk in ids.chunks(MAX_DELETES_PER_TRANSACTION) {
        redacted.redemptions += run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let (tenant, chunk, stand_in) = (tenant.to_owned(), chunk.to_vec(), stand_in.clone());
            Box::pin(async move { pseudonymize(tx, &tenant, &chunk, &stand_in).await })
        })
        .await?;
    }
    redacted.events = redact_journal(records, tenant, user_id, &stand_in).await?;
    if more {
        let last = rows
            .last()
            .map(|row| decode::<Redemption>(&row.key, &row.value));
        redacted.next_cursor = last.transpose()?.map(|r| r.id);
    }
    Ok(redacted)
}

async fn pseudonymize(
    tx: &mut dyn Transaction,
    tenant: &str,
    ids: &[String],
    stand_in: &str,
) -> Result<usize, StorageError> {
    for id in ids {
        let key = keys::redemption(tenant, id);
        let Some(bytes) = tx.get(&key).await? else {
            continue;
        };
        let mut redemption: Redemption = decode(&key, &bytes)?;
        redemption.user_id = Some(stand_in.to_owned());
        redemption.metadata.clear();
        tx.set(&key, &encode(&redemption)?)?;
    }
    Ok(ids.len())
}

/// Rewrites the journal's events that name `user_id` (a bounded number per
/// call: the journal's first [`MAX_REDACTION_SCAN`] events).
async fn redact_journal(
    records: &Records,
    tenant: &str,
    user_id: &str,
    stand_in: &str,
) -> Result<usize, RecordError> {
    let rows = front(records, &keys::journal(tenant), MAX_REDACTION_SCAN).await?;
    let quoted = serde_json::to_string(user_id)?;
    let named: Vec<KeyValue> = rows
        .into_iter()
        .filter(|row| {
            row.value
                .windows(quoted.len())
                .any(|w| w == quoted.as_bytes())
        })
        .collect();
    let replacement = serde_json::to_string(stand_in)?;
    for chunk in named.chunks(MAX_DELETES_PER_TRANSACTION) {
        run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let chunk = chunk.to_vec();
            let (quoted, replacement) = (quoted.clone(), replacement.clone());
            Box::pin(async move {
                for row in &chunk {
                    let text = String::from_utf8_lossy(&row.value).replace(&quoted, &replacement);
                    tx.set(&row.key, text.as_bytes())?;
                }
                Ok::<(), StorageError>(())
            })
        })
        .await?;
    }
    Ok(named.len())
}
