//! Fraud controls (seed 000 §12): the blacklist every decision checks, the
//! per-subject counters scores read, and the fraud supervisor that raises
//! alerts.
//!
//! * [`blacklist`] — the tenant's blacklist in memory and the node-wide cache
//!   a coupon actor asks before deciding a batch (no storage read per request).
//! * [`tally`] — what this node counted per subject since its last flush.
//! * [`score`] — a risk score, its signals and a recommended action.
//! * this file — [`Fraud`], the node's share of all three, and the fraud
//!   supervisor's round ([`round`]): flush the tally, evaluate the subjects it
//!   held that look active, raise alerts (`fraud.alert` events, which webhooks
//!   may subscribe to), quarantine when the tenant asks, and forget counters
//!   a day old. Every node runs one (`start.rs`: each flushes its own tally); an alert's
//!   id derives from subject, signal and window period, so nodes raising it
//!   together store one.

pub mod blacklist;
pub mod score;
pub mod tally;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use stampede_protocol::fraud::{
    Alert, AlertStatus, BlacklistEntry, EntrySource, FraudSettings, SubjectKind, Subjects,
    ALERT_PREFIX, BLACKLIST_PREFIX,
};
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, SharedStore, StorageError};

use crate::records::{self, RecordError, Records};
use blacklist::Blacklists;
use tally::{minute_of, Row, RowKey, Tally};

/// How often the supervisor flushes and evaluates.
pub const FRAUD_ROUND_MS: u64 = 1_000;
/// Subjects one round evaluates (those with refusals first); the rest are
/// evaluated when they next count.
pub const MAX_EVALUATIONS_PER_ROUND: usize = 500;
/// Counters are kept this many hours, then forgotten by the sweep.
pub const FRAUD_COUNTER_RETENTION_HOURS: i64 = 25;
/// Subject-hours one round forgets at most.
pub const MAX_FORGOTTEN_PER_ROUND: usize = 1_000;

/// The node's fraud state: its blacklist cache and its tally.
pub struct Fraud {
    pub blacklists: Blacklists,
    pub tally: Tally,
    /// The hour whose old counters this node last finished forgetting: the
    /// sweep runs once an hour (again at once while it leaves some behind).
    swept_hour: AtomicI64,
}

impl Fraud {
    pub fn new(store: SharedStore) -> Self {
        Self {
            blacklists: Blacklists::new(store),
            tally: Tally::default(),
            swept_hour: AtomicI64::new(i64::MIN),
        }
    }
}

/// Whether a flushed row deserves an evaluation: refusals, more than one
/// attempt, or users seen from a shared subject. A shopper who redeemed once
/// is not worth a read.
fn noteworthy(row: &Row) -> bool {
    row.refusals() > 0 || row.attempts() > 1 || row.users.len() > 1
}

/// One round of a node's supervisor over its `fraud` state (`records` as the
/// supervisor, `now` on the service clock).
pub async fn round(
    fraud: &Fraud,
    records: &Records,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    let taken = Arc::new(fraud.tally.take());
    if let Err(err) = tally::flush(records.store(), taken.clone()).await {
        fraud
            .tally
            .restore(Arc::try_unwrap(taken).unwrap_or_default());
        return Err(err);
    }
    let mut due: Vec<&(RowKey, Row)> = taken.iter().filter(|(_, row)| noteworthy(row)).collect();
    due.sort_by_key(|(_, row)| std::cmp::Reverse(row.refusals()));
    due.truncate(MAX_EVALUATIONS_PER_ROUND);
    let mut settings: HashMap<String, FraudSettings> = HashMap::new();
    let mut raised = 0;
    for (key, _) in due {
        if !settings.contains_key(&key.tenant) {
            let found = records::fraud::settings(records, &key.tenant)
                .await
                .unwrap_or_default();
            settings.insert(key.tenant.clone(), found);
        }
        let tenant_settings = settings.get(&key.tenant).cloned().unwrap_or_default();
        match evaluate(fraud, records, key, &tenant_settings, now).await {
            Ok(n) => raised += n,
            Err(err) => {
                tracing::warn!(tenant = %key.tenant, error = %err, "fraud evaluation failed")
            }
        }
    }
    let hour = minute_of(now).div_euclid(60);
    if fraud.swept_hour.load(Ordering::Relaxed) != hour && forget_old(records.store(), now).await? {
        fraud.swept_hour.store(hour, Ordering::Relaxed);
    }
    Ok(raised)
}

/// Scores one subject and raises an alert per signal at its threshold.
async fn evaluate(
    fraud: &Fraud,
    records: &Records,
    key: &RowKey,
    settings: &FraudSettings,
    now: DateTime<Utc>,
) -> Result<usize, RecordError> {
    let subjects = subjects_of(key.kind, &key.subject);
    let scored = score::score(records, &key.tenant, &subjects, settings, None, now).await?;
    let mut raised = 0;
    for signal in scored.signals.iter().filter(|s| s.value >= s.threshold) {
        let id = alert_id(key, &signal.signal, &signal.window, now);
        let blocks = settings.auto_quarantine && scored.score >= settings.block_score;
        let quarantine = (blocks && key.kind != SubjectKind::Code)
            .then(|| quarantine_entry(key, &id, settings, now));
        let alert = Alert {
            id: id.clone(),
            subject_kind: key.kind,
            subject: key.subject.clone(),
            signal: signal.signal.clone(),
            window: signal.window.clone(),
            score: scored.score,
            action: scored.action,
            evidence: scored.signals.clone(),
            status: AlertStatus::Open,
            quarantine_entry_id: quarantine.as_ref().map(|e| e.id.clone()),
            created_at: now,
            updated_at: now,
            note: None,
        };
        if records::fraud::raise(records, &key.tenant, &alert)
            .await?
            .is_none()
        {
            continue;
        }
        raised += 1;
        metrics::counter!(crate::telemetry::FRAUD_ALERTS_TOTAL).increment(1);
        if let Some(entry) = quarantine {
            records::fraud::add_entry(records, &key.tenant, &entry).await?;
            fraud.blacklists.invalidate(&key.tenant);
        }
    }
    Ok(raised)
}

fn subjects_of(kind: SubjectKind, subject: &str) -> Subjects {
    let mut subjects = Subjects::default();
    match kind {
        SubjectKind::UserId => subjects.user_id = Some(subject.to_owned()),
        SubjectKind::Email => subjects.email = Some(subject.to_owned()),
        SubjectKind::Ip => subjects.ip = subject.parse().ok(),
        SubjectKind::DeviceId => subjects.device_id = Some(subject.to_owned()),
        SubjectKind::Code => subjects.code = Some(subject.to_owned()),
    }
    subjects
}

/// One alert per subject, signal and window period.
fn alert_id(key: &RowKey, signal: &str, window: &str, now: DateTime<Utc>) -> String {
    let m = minute_of(now);
    let period = match window {
        "minute" => m,
        "hour" => m.div_euclid(60),
        _ => m.div_euclid(1_440),
    };
    let digest = Sha256::digest(
        format!(
            "{}\n{}\n{}\n{signal}\n{window}\n{period}",
            key.tenant,
            key.kind.as_str(),
            key.subject
        )
        .as_bytes(),
    );
    format!("{ALERT_PREFIX}_{}", &hex::encode(digest)[..24])
}

/// The temporary entry an alert's quarantine adds.
fn quarantine_entry(
    key: &RowKey,
    alert_id: &str,
    settings: &FraudSettings,
    now: DateTime<Utc>,
) -> BlacklistEntry {
    let value = match key.kind {
        SubjectKind::Ip => stampede_protocol::fraud::parse_network(&key.subject)
            .map(|net| net.to_string())
            .unwrap_or_else(|_| key.subject.clone()),
        _ => key.subject.clone(),
    };
    let suffix = alert_id.strip_prefix(ALERT_PREFIX).unwrap_or(alert_id);
    BlacklistEntry {
        id: format!("{BLACKLIST_PREFIX}{suffix}"),
        kind: key.kind,
        value,
        reason: Some(format!("quarantined by alert {alert_id}")),
        expires_at: Some(now + chrono::Duration::minutes(i64::from(settings.quarantine_minutes))),
        source: EntrySource::Quarantine,
        alert_id: Some(alert_id.to_owned()),
        created_at: now,
    }
}

/// Forgets the counters of subject-hours older than the retention; `true`
/// when none is left behind.
async fn forget_old(store: &SharedStore, now: DateTime<Utc>) -> Result<bool, StorageError> {
    let before = minute_of(now).div_euclid(60) - FRAUD_COUNTER_RETENTION_HOURS;
    run(store.as_ref(), RetryPolicy::default(), |tx| {
        Box::pin(async move {
            let (begin, end) = keys::fraud_gc_until(before);
            let options = RangeOptions {
                begin,
                end,
                limit: MAX_FORGOTTEN_PER_ROUND,
                reverse: false,
            };
            let due = tx.get_range(&options).await?;
            let all = due.len() < MAX_FORGOTTEN_PER_ROUND;
            for row in due {
                if let Some((hour, tenant, kind, subject)) = keys::decode_fraud_gc(&row.key) {
                    let to = (hour + 1) * 60;
                    let (from, until) =
                        keys::fraud_counts_between(&tenant, &kind, &subject, i64::MIN, to);
                    tx.clear_range(&from, &until)?;
                }
                tx.clear(&row.key)?;
            }
            Ok(all)
        })
    })
    .await
}
