//! A tenant's request rate limits: one record per tenant, written whole by
//! `PUT /rate-limits` and read (through a short cache) by the edge's limiter.

use stampede_protocol::event::Event;
use stampede_protocol::rate_limit::RateLimitRecord;
use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::codec::{decode, encode};
use super::events;
use super::{RecordError, Records};

/// The tenant's rate limits, if it set any.
pub async fn get(records: &Records, tenant: &str) -> Result<Option<RateLimitRecord>, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::rate_limits(tenant);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// Stores the tenant's rate limits, replacing any it had.
pub async fn put(records: &Records, record: &RateLimitRecord) -> Result<(), RecordError> {
    let stored = encode(record)?;
    let key = keys::rate_limits(&record.tenant_id);
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (key, stored, by) = (key.clone(), stored.clone(), by.clone());
        let after = serde_json::to_value(record).unwrap_or_default();
        let (tenant, at) = (record.tenant_id.clone(), record.updated_at);
        Box::pin(async move {
            let before = match tx.get(&key).await? {
                Some(bytes) => decode::<serde_json::Value>(&key, &bytes)?,
                None => serde_json::Value::Null,
            };
            tx.set(&key, &stored)?;
            let event = Event::new("rate_limits.updated", "rate_limits", &tenant, at)
                .before(before)
                .after(after);
            events::record(tx, &tenant, event, &by)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}
