//! What tests outside this crate need of storage, behind the `test-support`
//! feature.
//!
//! The edge (`stampede-api`) does not depend on storage, not even in its tests.
//! Its tests still assemble a node on a real store, and plant records written
//! before a format change (a campaign in its legacy shape, a checkout's bare
//! decision) to check that the records layer still reads them. These few
//! functions do both, so the edge's tests name no storage type but
//! [`SharedStore`].

use std::path::Path;
use std::sync::Arc;

use stampede_storage::keys;
use stampede_storage::mem::MemStore;
use stampede_storage::redb::RedbStore;
pub use stampede_storage::{SharedStore, StorageError};

use crate::Shards;

/// A durable redb store in the file at `path` (created if absent).
pub fn redb_store(path: impl AsRef<Path>) -> Result<SharedStore, StorageError> {
    Ok(Arc::new(RedbStore::open(path)?))
}

/// An empty in-memory store, shared by every node given a clone of it.
pub fn memory_store() -> SharedStore {
    Arc::new(MemStore::new())
}

/// Writes `bytes` as the stored campaign `id` of `tenant`, as is: a record in
/// a shape the records layer no longer writes.
pub async fn plant_campaign_json(
    shards: &Shards,
    tenant: &str,
    id: &str,
    bytes: &[u8],
) -> Result<(), StorageError> {
    plant(shards, &keys::campaign(tenant, id), bytes).await
}

/// Writes `bytes` as the recorded decision of checkout `checkout_id` of
/// `tenant`, as is (as a coordinator that died after deciding left it).
pub async fn plant_checkout_decision(
    shards: &Shards,
    tenant: &str,
    checkout_id: &str,
    bytes: &[u8],
) -> Result<(), StorageError> {
    plant(shards, &keys::checkout(tenant, checkout_id), bytes).await
}

/// Writes `bytes` as the statistic `stat` of coupon (or promotion code)
/// `coupon_id` of `tenant`, as is: a figure as an earlier version stored it.
pub async fn plant_coupon_stat(
    shards: &Shards,
    tenant: &str,
    coupon_id: &str,
    stat: &str,
    bytes: &[u8],
) -> Result<(), StorageError> {
    plant(shards, &keys::coupon_stat(tenant, coupon_id, stat), bytes).await
}

async fn plant(shards: &Shards, key: &[u8], bytes: &[u8]) -> Result<(), StorageError> {
    let mut tx = shards.store().begin().await?;
    tx.set(key, bytes)?;
    tx.commit().await
}
