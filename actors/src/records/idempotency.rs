//! Stored responses of idempotent mutations.
//!
//! A mutation with an idempotency key stores its response in the same
//! transaction as its effect. A retry first looks for that response ([`replay`]):
//! found with the same request fingerprint, the stored response is answered
//! again; found with a different one, the key was reused ([`RecordError::key_reused`]).
//! [`Once::run`] looks again inside the mutation's own transaction, so a retry
//! racing its original, or following a commit whose result was lost, never
//! repeats the effect. Refusals are not stored: a refused request changed
//! nothing, so deciding it again is harmless.
//!
//! A record answers for its key for the retention ([`Records::idempotency_retention`]);
//! past it every reader here takes the key as free, so a request under it is a
//! new one. Each record is written with an entry in a time index
//! (`keys::idempotency_index`: when it was written, across tenants), and
//! [`expire`] deletes the outlived records from the front of that index in
//! bounded batches, without scanning any tenant's keys.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;
use stampede_protocol::event::Event;
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_storage::store::TxnFuture;
use stampede_storage::{
    keys, run, RangeOptions, RetryPolicy, SharedStore, StorageError, Transaction,
};

use super::codec::{decode, encode};
use super::events;
use super::{RecordError, Records};

/// Time-index entries one [`expire`] transaction handles: small enough that a
/// transaction reads and clears them well within FoundationDB's 5 s and its
/// size limit, whatever else commits meanwhile.
pub const MAX_IDEMPOTENCY_EXPIRIES_PER_TRANSACTION: usize = 100;

/// The stored response for `spec`, if the mutation already happened and its
/// record has not outlived the retention at `now`.
pub async fn replay(
    records: &Records,
    tenant: &str,
    spec: &IdemSpec,
    now: DateTime<Utc>,
) -> Result<Option<IdemRecord>, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::idempotency(tenant, &spec.key);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(None);
    };
    let record: IdemRecord = decode(&key, &bytes)?;
    if record.expired(now, records.idempotency_retention()) {
        return Ok(None);
    }
    // The `sabotage-fingerprint-ignored` build is a deliberately broken node
    // that replays a key's answer to any request: the simulation must catch
    // it (README, Simulation).
    if record.fingerprint != spec.fingerprint && !cfg!(feature = "sabotage-fingerprint-ignored") {
        return Err(RecordError::key_reused());
    }
    Ok(Some(record))
}

/// Stores the response of an idempotent mutation in its transaction.
pub fn remember(
    tx: &mut dyn Transaction,
    tenant: &str,
    spec: Option<&IdemSpec>,
    status: u16,
    body: &Value,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    if let Some(spec) = spec {
        let record = IdemRecord {
            fingerprint: spec.fingerprint.clone(),
            status,
            body: body.clone(),
            redemption_id: None,
            created_at: now,
        };
        store(tx, tenant, &spec.key, &record)?;
    }
    Ok(())
}

/// Writes `record` under its key with its time-index entry, in `tx`: the one
/// way an idempotency record is written, so every record can expire.
pub(crate) fn store(
    tx: &mut dyn Transaction,
    tenant: &str,
    idem_key: &str,
    record: &IdemRecord,
) -> Result<(), StorageError> {
    tx.set(&keys::idempotency(tenant, idem_key), &encode(record)?)?;
    let written_ms = record.created_at.timestamp_millis();
    tx.set(&keys::idempotency_index(written_ms, tenant, idem_key), b"")
}

/// The record under `idem_key` as `tx` reads it (a real read: a concurrent
/// write of the key makes `tx` retry), `None` when absent or outlived at `now`.
pub(crate) async fn read(
    tx: &mut dyn Transaction,
    tenant: &str,
    idem_key: &str,
    now: DateTime<Utc>,
    retention: TimeDelta,
) -> Result<Option<IdemRecord>, StorageError> {
    let key = keys::idempotency(tenant, idem_key);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(None);
    };
    let record: IdemRecord = decode(&key, &bytes)?;
    Ok((!record.expired(now, retention)).then_some(record))
}

/// The live records of `idem_keys`, read in one snapshot (keys absent or
/// outlived at `now` are left out).
pub(crate) async fn read_many(
    store: &SharedStore,
    tenant: &str,
    idem_keys: &[String],
    now: DateTime<Utc>,
    retention: TimeDelta,
) -> Result<HashMap<String, IdemRecord>, StorageError> {
    let mut tx = store.begin().await?;
    let mut found = HashMap::new();
    for idem_key in idem_keys {
        let key = keys::idempotency(tenant, idem_key);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            let record: IdemRecord = decode(&key, &bytes)?;
            if !record.expired(now, retention) {
                found.insert(idem_key.clone(), record);
            }
        }
    }
    Ok(found)
}

/// Deletes the records that have outlived the retention at `now`, at most
/// `limit` time-index entries from the front of the index, in transactions of
/// [`MAX_IDEMPOTENCY_EXPIRIES_PER_TRANSACTION`]; answers how many records it
/// deleted. Each transaction re-reads every record for real and deletes it
/// only if it is still outlived — a key written afresh since keeps its new
/// record (and its own, later entry) — then clears the entry. Safe to run
/// twice or from two nodes: the second finds nothing left to delete.
pub async fn expire(
    records: &Records,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<usize, StorageError> {
    let retention = records.idempotency_retention();
    let Some(cutoff) = now.checked_sub_signed(retention) else {
        return Ok(0);
    };
    // Entries written strictly before the cutoff's millisecond: their records
    // were written at or before the cutoff, so they are outlived.
    let (begin, end) = keys::idempotency_index_until(cutoff.timestamp_millis());
    let entries = {
        let mut tx = records.store().begin().await?;
        let range = RangeOptions {
            begin,
            end,
            limit: limit.max(1),
            reverse: false,
        };
        tx.get_range(&range).await?
    };
    let mut deleted = 0;
    for chunk in entries.chunks(MAX_IDEMPOTENCY_EXPIRIES_PER_TRANSACTION) {
        let index_keys: Vec<Vec<u8>> = chunk.iter().map(|row| row.key.clone()).collect();
        deleted += run(records.store().as_ref(), RetryPolicy::default(), |tx| {
            let index_keys = index_keys.clone();
            Box::pin(async move { expire_entries(tx, &index_keys, now, retention).await })
        })
        .await?;
    }
    Ok(deleted)
}

/// One transaction of [`expire`]: each entry's record deleted if outlived, and
/// the entry cleared. A time-index key that does not decode is refused.
async fn expire_entries(
    tx: &mut dyn Transaction,
    index_keys: &[Vec<u8>],
    now: DateTime<Utc>,
    retention: TimeDelta,
) -> Result<usize, StorageError> {
    let mut deleted = 0;
    for index_key in index_keys {
        let Some((_, tenant, idem_key)) = keys::decode_idempotency_index(index_key) else {
            return Err(StorageError::Corrupt {
                key: String::from_utf8_lossy(index_key).into_owned(),
                detail: String::from("not an idempotency time-index key"),
            });
        };
        let key = keys::idempotency(&tenant, &idem_key);
        if let Some(bytes) = tx.get(&key).await? {
            let record: IdemRecord = decode(&key, &bytes)?;
            if record.expired(now, retention) {
                tx.clear(&key)?;
                deleted += 1;
            }
        }
        tx.clear(index_key)?;
    }
    Ok(deleted)
}

/// The response a mutation stores under its key: status and JSON body (ignored
/// for `204`). `None` for a refusal, which is not stored.
pub type Stored = Option<(u16, Value)>;

/// What an idempotent mutation did.
#[derive(Debug)]
pub enum Done<T> {
    /// It ran now, and its response (if a success) is stored under the key.
    Fresh(T),
    /// It ran before: this is the response stored then.
    Replayed(IdemRecord),
}

/// A mutation's transaction bound to the request's idempotency key.
pub struct Once {
    records: Records,
    tenant: String,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
    audit: Option<Audit>,
}

/// The event a once-only mutation appends when it succeeds: its record's
/// stored JSON before and after, read in the mutation's own transaction.
struct Audit {
    kind: String,
    target_type: &'static str,
    target_id: String,
    key: Vec<u8>,
}

impl Once {
    pub fn new(records: Records, tenant: &str, spec: Option<IdemSpec>, now: DateTime<Utc>) -> Self {
        Once {
            records,
            tenant: tenant.to_owned(),
            spec,
            now,
            audit: None,
        }
    }

    /// Appends a `kind` event for the record at `key` (its `target_type` and
    /// `target_id`) when the mutation succeeds, by the records' provenance.
    pub fn audited(mut self, kind: &str, target: (&'static str, &str), key: Vec<u8>) -> Self {
        self.audit = Some(Audit {
            kind: kind.to_owned(),
            target_type: target.0,
            target_id: target.1.to_owned(),
            key,
        });
        self
    }

    /// Runs `body` in a transaction that first looks for the key's record (one
    /// outlived at the `now` it was made with counts as none) and,
    /// when `respond` says the outcome is a success, stores that response in the
    /// same transaction; retried like [`stampede_storage::run`]. A record of a
    /// different request is [`RecordError::key_reused`].
    pub async fn run<T, F, R>(self, respond: R, mut body: F) -> Result<Done<T>, RecordError>
    where
        T: Send,
        F: for<'a> FnMut(&'a mut dyn Transaction) -> TxnFuture<'a, T> + Send,
        R: Fn(&T) -> Result<Stored, serde_json::Error> + Sync,
    {
        let policy = RetryPolicy::default();
        let mut backoff = policy.initial_backoff;
        let mut attempt = 0u32;
        let outcome = loop {
            attempt += 1;
            match self.attempt(&respond, &mut body).await {
                Ok(outcome) => break outcome,
                Err(err) if err.is_retryable() && attempt < policy.max_attempts => {
                    tracing::debug!(attempt, error = %err, "retrying transaction");
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2).min(policy.max_backoff);
                }
                Err(err) => return Err(err.into()),
            }
        };
        match outcome {
            Ok(value) => Ok(Done::Fresh(value)),
            Err(record)
                if self
                    .spec
                    .as_ref()
                    .is_some_and(|s| s.fingerprint == record.fingerprint) =>
            {
                Ok(Done::Replayed(record))
            }
            Err(_) => Err(RecordError::key_reused()),
        }
    }

    /// One transaction: the stored record if there is one (nothing written),
    /// else the body and its response, committed together.
    async fn attempt<T, F, R>(
        &self,
        respond: &R,
        body: &mut F,
    ) -> Result<Result<T, IdemRecord>, StorageError>
    where
        F: for<'a> FnMut(&'a mut dyn Transaction) -> TxnFuture<'a, T>,
        R: Fn(&T) -> Result<Stored, serde_json::Error>,
    {
        let mut tx = self.records.store().begin().await?;
        if let Some(spec) = &self.spec {
            let retention = self.records.idempotency_retention();
            let stored = read(tx.as_mut(), &self.tenant, &spec.key, self.now, retention).await?;
            if let Some(record) = stored {
                return Ok(Err(record));
            }
        }
        let before = match &self.audit {
            Some(audit) => stored_json(tx.as_mut(), &audit.key).await?,
            None => Value::Null,
        };
        let value = body(tx.as_mut()).await?;
        let response = respond(&value).map_err(|err| StorageError::Corrupt {
            key: String::from("<response>"),
            detail: err.to_string(),
        })?;
        if let Some((status, json)) = response {
            let spec = self.spec.as_ref();
            remember(tx.as_mut(), &self.tenant, spec, status, &json, self.now)?;
            if let Some(audit) = &self.audit {
                let after = stored_json(tx.as_mut(), &audit.key).await?;
                let event = Event::new(&audit.kind, audit.target_type, &audit.target_id, self.now)
                    .before(before)
                    .after(after);
                events::record(tx.as_mut(), &self.tenant, event, &self.records.provenance())?;
            }
        }
        tx.commit().await?;
        Ok(Ok(value))
    }
}

/// The JSON record at `key` as `tx` reads it (`null` when absent).
async fn stored_json(tx: &mut dyn Transaction, key: &[u8]) -> Result<Value, StorageError> {
    match tx.get(key).await? {
        Some(bytes) => decode(key, &bytes),
        None => Ok(Value::Null),
    }
}

/// What a delete stores under its key: `204` when something was deleted.
pub fn deleted(existed: &bool) -> Result<Stored, serde_json::Error> {
    Ok(existed.then_some((204, Value::Null)))
}
