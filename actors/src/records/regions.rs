//! Tenants' home regions: the region whose nodes own a tenant's keys (see
//! `cluster::ring`). One key per tenant under `_system`, so every node reads
//! them all in one bounded range each refresh (`cluster::detector`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use stampede_protocol::event::Event;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError};

use super::events;
use super::{RecordError, Records};

/// Tenants that may have a home region: a bound on what every node reads and
/// keeps each refresh. Past it, a new home region is refused.
pub const MAX_HOMED_TENANTS: usize = 10_000;

/// The tenant's home region, if it has one.
pub async fn get(records: &Records, tenant: &str) -> Result<Option<String>, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::home_region(tenant);
    Ok(tx
        .get_snapshot(&key)
        .await?
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
}

/// Every tenant's home region (at most [`MAX_HOMED_TENANTS`]), in a
/// read-only transaction.
pub async fn homes(records: &Records) -> Result<BTreeMap<String, String>, RecordError> {
    let mut tx = records.store().begin().await?;
    let rows = tx.get_range(&every_home()).await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let tenant = keys::decode_home_region(&row.key)?;
            Some((tenant, String::from_utf8_lossy(&row.value).into_owned()))
        })
        .collect())
}

/// Sets (or, `None`, clears) the tenant's home region, recording the change.
/// Refuses a new home past [`MAX_HOMED_TENANTS`] tenants.
pub async fn set(
    records: &Records,
    tenant: &str,
    region: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), RecordError> {
    let by = records.provenance();
    let key = keys::home_region(tenant);
    let (tenant, region) = (tenant.to_owned(), region.map(str::to_owned));
    let full = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (key, by) = (key.clone(), by.clone());
        let (tenant, region) = (tenant.clone(), region.clone());
        Box::pin(async move {
            let before = tx.get(&key).await?;
            if before.is_none() && region.is_some() && at_bound(tx).await? {
                return Ok(true);
            }
            match &region {
                Some(region) => tx.set(&key, region.as_bytes())?,
                None => tx.clear(&key)?,
            }
            let before = before.map(|b| String::from_utf8_lossy(&b).into_owned());
            let event = Event::new("home_region.updated", "tenant", &tenant, at)
                .before(json!({ "home_region": before }))
                .after(json!({ "home_region": region }));
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(false)
        })
    })
    .await?;
    if full {
        return Err(RecordError::invalid(
            "region",
            format!("at most {MAX_HOMED_TENANTS} tenants may have a home region"),
        ));
    }
    Ok(())
}

/// Whether [`MAX_HOMED_TENANTS`] tenants already have a home region.
async fn at_bound(tx: &mut dyn stampede_storage::Transaction) -> Result<bool, StorageError> {
    Ok(tx.get_range(&every_home()).await?.len() >= MAX_HOMED_TENANTS)
}

/// The range of every tenant's home region, at most [`MAX_HOMED_TENANTS`].
fn every_home() -> RangeOptions {
    let (begin, end) = keys::prefix_range(&keys::home_regions_prefix());
    RangeOptions {
        begin,
        end,
        limit: MAX_HOMED_TENANTS,
        reverse: false,
    }
}
