//! A tenant's request rate limits: one record per tenant, written whole by
//! `PUT /rate-limits` and read (through a short cache) by the edge's limiter.

use stampede_protocol::rate_limit::RateLimitRecord;
use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::codec::{decode, encode};
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
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (key, stored) = (key.clone(), stored.clone());
        Box::pin(async move {
            tx.set(&key, &stored)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}
