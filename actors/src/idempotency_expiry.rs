//! The idempotency expiry supervisor.
//!
//! Every idempotency record is written with an entry in a time index,
//! `("_system", "idemidx", created_ms, tenant, key)`, in the same transaction
//! (`records::idempotency::store`). Readers already take a record the
//! retention has outlived as absent; this supervisor deletes such records, so
//! they do not accumulate: each sweep reads at most
//! [`MAX_IDEMPOTENCY_EXPIRIES_PER_SWEEP`] entries from the front of the index
//! (the oldest, across tenants — no tenant's keys are scanned) and deletes the
//! records they name that are still outlived, with the entries
//! ([`records::idempotency::expire`]). Time comes only from the clock, so tests
//! move a `ManualClock` and call [`sweep`] instead of sleeping.

use std::sync::Weak;
use std::time::Duration;

use futures::future::BoxFuture;
use stampede_storage::StorageError;

use crate::cluster::singleton::{sweeper, Fence};
use crate::records;
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

/// How often the background supervisor looks at the index.
pub const IDEMPOTENCY_SWEEP_INTERVAL_MS: u64 = 1_000;
/// Time-index entries handled per sweep; the rest wait for the next one. With
/// the interval, the most records a node deletes per second: well above the
/// rate idempotent mutations write them, so the index stays short.
pub const MAX_IDEMPOTENCY_EXPIRIES_PER_SWEEP: usize = 2_000;
/// Counter of idempotency records deleted because the retention outlived them.
pub const IDEMPOTENCY_RECORDS_EXPIRED_TOTAL: &str = "stampede_idempotency_records_expired_total";

/// Deletes the idempotency records the retention has outlived at the clock's
/// now, from the oldest, at most [`MAX_IDEMPOTENCY_EXPIRIES_PER_SWEEP`] index
/// entries. Returns how many records this sweep deleted.
pub async fn sweep(shards: &Shards) -> Result<usize, StorageError> {
    let now = shards.clock().now();
    let records = shards.records();
    let expired =
        records::idempotency::expire(&records, now, MAX_IDEMPOTENCY_EXPIRIES_PER_SWEEP).await?;
    metrics::counter!(IDEMPOTENCY_RECORDS_EXPIRED_TOTAL).increment(expired as u64);
    Ok(expired)
}

/// The expiry worker: [`sweep`] every [`IDEMPOTENCY_SWEEP_INTERVAL_MS`] on the
/// node the ring places it on, until the shards are dropped (see
/// [`crate::workers`]). Each record is re-read and deleted only if still
/// outlived in the deleting transaction, so a sweep by a node that just lost
/// the lead deletes nothing a fresh request wrote.
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(IDEMPOTENCY_SWEEP_INTERVAL_MS);
    sweeper("idempotency", period, shards, expire_outlived)
}

fn expire_outlived<'a>(
    shards: &'a Shards,
    _: &'a Fence,
) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep(shards))
}
