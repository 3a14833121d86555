//! A tenant's points conversion (seed 004 "Generate from points"), one record
//! under `(tenant, "points_settings")`. The coupons it makes are ordinary
//! coupons, created through [`super::coupons::create`] with an id and code
//! derived from the caller's debit reference, so a replay finds its coupon.

use stampede_protocol::event::Event;
use stampede_protocol::points::PointsSettings;
use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::codec::{decode, encode};
use super::{events, RecordError, Records};

/// The tenant's conversion, if set.
pub async fn get(records: &Records, tenant: &str) -> Result<Option<PointsSettings>, RecordError> {
    let key = keys::points_settings(tenant);
    let mut tx = records.store().begin().await?;
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// Replaces the tenant's conversion, with its `points_settings.updated` event.
pub async fn put(
    records: &Records,
    tenant: &str,
    settings: &PointsSettings,
) -> Result<(), RecordError> {
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, settings, by) = (tenant.to_owned(), settings.clone(), by.clone());
        Box::pin(async move {
            let key = keys::points_settings(&tenant);
            let before = match tx.get(&key).await? {
                Some(bytes) => decode::<serde_json::Value>(&key, &bytes)?,
                None => serde_json::Value::Null,
            };
            tx.set(&key, &encode(&settings)?)?;
            let after = serde_json::to_value(&settings).unwrap_or_default();
            let event = Event::new(
                "points_settings.updated",
                "points_settings",
                &tenant,
                settings.updated_at,
            )
            .before(before)
            .after(after);
            events::record(tx, &tenant, event, &by)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}
