//! Order-level locks (seed 004 `lockReference`): which reservations one
//! multi-code reserve took, under `(tenant, "redemption_lock", reference)`.
//!
//! The reference is the checkout's attempt id, derived from the request's
//! idempotency key, so a retried reserve writes the same record again. The
//! record only names the reservations; confirming or releasing them goes
//! through each code's actor, as a single reservation's does.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_protocol::event::Event;
use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::codec::encode;
use super::{events, RecordError, Records};

/// One reservation a lock holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockPart {
    pub code: String,
    pub redemption_id: String,
}

/// The reservations of one order-level lock, in the order the codes were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionLock {
    pub lock_reference: String,
    pub parts: Vec<LockPart>,
    pub created_at: DateTime<Utc>,
}

/// Stores a lock with its `redemption_lock.created` event; a retry that
/// finds it stored leaves it (and its event) as they are.
pub async fn put(
    records: &Records,
    tenant: &str,
    lock: &RedemptionLock,
) -> Result<(), RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, lock, by) = (tenant.to_owned(), lock.clone(), by.clone());
        Box::pin(async move {
            let key = keys::redemption_lock(&tenant, &lock.lock_reference);
            if tx.get(&key).await?.is_some() {
                return Ok(());
            }
            tx.set(&key, &encode(&lock)?)?;
            let after = serde_json::to_value(&lock).unwrap_or_default();
            let event = Event::new(
                "redemption_lock.created",
                "redemption_lock",
                &lock.lock_reference,
                lock.created_at,
            )
            .after(after);
            events::record(tx, &tenant, event, &by)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}

/// A lock by reference, read without a conflict range.
pub async fn get(
    records: &Records,
    tenant: &str,
    reference: &str,
) -> Result<Option<RedemptionLock>, RecordError> {
    super::by_id(records, reference, || {
        keys::redemption_lock(tenant, reference)
    })
    .await
}
