//! The per-subject counters a node tallies in memory and flushes once per
//! fraud round ([`FRAUD_ROUND_MS`](super::FRAUD_ROUND_MS)) in one transaction.
//!
//! Every validation and redemption attempt this node answers — decided by a
//! code's actor here or on its owner, or refused because no code has that
//! name, which no actor ever sees — counts for each subject of its context
//! (user, email, IP, device) in the current minute: an attempt at its code,
//! a refusal when refused, and, for an email, IP or device, the user seen.
//! A flush writes `atomic_add`s and member keys only (no reads, no
//! conflicts), so a flood of attempts costs one write per subject per round,
//! not one per request, and nothing on the redemption's own commit.
//!
//! The tally is bounded ([`MAX_TALLIED_SUBJECTS`]); past it, attempts are
//! counted in `stampede_fraud_untallied_total` and not kept. A flush that
//! fails is retried with the next round's counts; one whose result is unknown
//! may count twice: statistics, not limits.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use stampede_protocol::fraud::{SubjectKind, Subjects};
use stampede_storage::{keys, run, RetryPolicy, SharedStore, StorageError};

/// Subjects (tenant × kind × value × minute) one node tallies between two
/// flushes.
pub const MAX_TALLIED_SUBJECTS: usize = 100_000;
/// Codes or users one subject's row remembers between two flushes.
pub const MAX_MEMBERS_PER_ROW: usize = 64;
/// Rows one flush transaction writes; the rest wait for the next one.
pub const MAX_ROWS_PER_FLUSH: usize = 20_000;

/// Why an attempt was refused, as far as the tally cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No code has the name tried.
    NoSuchCode,
    /// The code (or its campaign) is used up.
    SoldOut,
    Other,
}

impl Refusal {
    pub fn of(code: stampede_protocol::ErrorCode) -> Self {
        use stampede_protocol::ErrorCode::*;
        match code {
            CouponNotFound | NotFound => Self::NoSuchCode,
            LimitReached | CampaignLimitReached => Self::SoldOut,
            _ => Self::Other,
        }
    }
}

/// One subject in one minute.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub tenant: String,
    pub kind: SubjectKind,
    pub subject: String,
    pub minute: i64,
}

/// What the node counted for a row since its last flush.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Attempts and refusals per code.
    pub codes: HashMap<String, (i64, i64)>,
    pub users: BTreeSet<String>,
}

impl Row {
    pub fn refusals(&self) -> i64 {
        self.codes.values().map(|(_, r)| r).sum()
    }

    pub fn attempts(&self) -> i64 {
        self.codes.values().map(|(a, _)| a).sum()
    }
}

/// The node's tally.
#[derive(Default)]
pub struct Tally {
    rows: Mutex<HashMap<RowKey, Row>>,
}

/// The minute `at` falls in, counted from the Unix epoch.
pub fn minute_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(60)
}

impl Tally {
    /// Counts one attempt at `code` by `subjects`, with its refusal if it was
    /// refused. The code counts as a subject too unless no code has that name
    /// (a guessed name would be a row of its own per guess); for a code, a
    /// sold-out refusal is no refusal (its ratio looks for abuse, not demand).
    pub fn attempt(
        &self,
        tenant: &str,
        subjects: &Subjects,
        code: &str,
        refusal: Option<Refusal>,
        at: DateTime<Utc>,
    ) {
        let mut subjects = subjects.clone();
        if refusal != Some(Refusal::NoSuchCode) {
            subjects.code = Some(code.to_owned());
        }
        if subjects.is_empty() {
            return;
        }
        let minute = minute_of(at);
        let Ok(mut rows) = self.rows.lock() else {
            return;
        };
        for (kind, subject) in subjects.each() {
            let key = RowKey {
                tenant: tenant.to_owned(),
                kind,
                subject,
                minute,
            };
            if rows.len() >= MAX_TALLIED_SUBJECTS && !rows.contains_key(&key) {
                metrics::counter!(crate::telemetry::FRAUD_UNTALLIED_TOTAL).increment(1);
                continue;
            }
            let sold_out = kind == SubjectKind::Code && refusal == Some(Refusal::SoldOut);
            let refused = refusal.is_some() && !sold_out;
            let row = rows.entry(key).or_default();
            if row.codes.len() < MAX_MEMBERS_PER_ROW || row.codes.contains_key(code) {
                let counts = row.codes.entry(code.to_owned()).or_default();
                counts.0 += 1;
                counts.1 += i64::from(refused);
            }
            let shared = !matches!(kind, SubjectKind::UserId | SubjectKind::Code);
            if shared && row.users.len() < MAX_MEMBERS_PER_ROW {
                if let Some(user) = &subjects.user_id {
                    row.users.insert(user.clone());
                }
            }
        }
    }

    /// Takes at most [`MAX_ROWS_PER_FLUSH`] rows out of the tally.
    pub fn take(&self) -> Vec<(RowKey, Row)> {
        let Ok(mut rows) = self.rows.lock() else {
            return Vec::new();
        };
        if rows.len() <= MAX_ROWS_PER_FLUSH {
            return rows.drain().collect();
        }
        let keys: Vec<RowKey> = rows.keys().take(MAX_ROWS_PER_FLUSH).cloned().collect();
        keys.into_iter()
            .filter_map(|k| rows.remove(&k).map(|row| (k, row)))
            .collect()
    }

    /// Puts rows a failed flush took back, as far as the bound allows.
    pub fn restore(&self, taken: Vec<(RowKey, Row)>) {
        let Ok(mut rows) = self.rows.lock() else {
            return;
        };
        for (key, row) in taken {
            if rows.len() >= MAX_TALLIED_SUBJECTS {
                break;
            }
            let into = rows.entry(key).or_default();
            for (code, (a, r)) in row.codes {
                let counts = into.codes.entry(code).or_default();
                counts.0 += a;
                counts.1 += r;
            }
            into.users.extend(row.users);
        }
    }
}

/// Whether a row can move any signal. A user's minute with one attempt that
/// was not refused cannot (every signal of a user needs refusals, several
/// attempts in a minute, or codes tried across minutes, which guessing does
/// with refused tries): a rush of distinct buyers, each buying once, then
/// writes nothing per buyer.
fn worth_writing(key: &RowKey, row: &Row) -> bool {
    key.kind != SubjectKind::UserId || row.attempts() > 1 || row.refusals() > 0
}

/// Writes taken rows in one transaction, and marks each subject's hour for
/// the sweep that forgets counters a day old (`keys::fraud_gc`).
pub async fn flush(store: &SharedStore, rows: Arc<Vec<(RowKey, Row)>>) -> Result<(), StorageError> {
    if rows.is_empty() {
        return Ok(());
    }
    run(store.as_ref(), RetryPolicy::default(), |tx| {
        let rows = rows.clone();
        Box::pin(async move {
            for (key, row) in rows.iter().filter(|(key, row)| worth_writing(key, row)) {
                let hour = key.minute.div_euclid(60);
                tx.set(
                    &keys::fraud_gc(hour, &key.tenant, key.kind.as_str(), &key.subject),
                    b"",
                )?;
                let count = |tag: &str, member: &str| {
                    keys::fraud_count(
                        &key.tenant,
                        key.kind.as_str(),
                        &key.subject,
                        key.minute,
                        tag,
                        member,
                    )
                };
                for (code, (attempts, refusals)) in &row.codes {
                    tx.atomic_add(&count("c", code), *attempts)?;
                    if *refusals > 0 {
                        tx.atomic_add(&count("r", code), *refusals)?;
                    }
                }
                for user in &row.users {
                    tx.atomic_add(&count("u", user), 1)?;
                }
            }
            Ok(())
        })
    })
    .await
}
