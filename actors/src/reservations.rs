//! The reservation expiry supervisor.
//!
//! A pending redemption (a reservation) is queued at
//! `("_system", "resv", expires_ms, tenant, id)` in the commit that creates it and
//! dequeued by the commit that confirms, releases or expires it. The supervisor
//! reads the queue up to the [`Clock`](stampede_protocol::Clock)'s now and asks each
//! coupon's actor to expire its lapsed reservations; the actor decides (a confirm
//! that won the race keeps its redemption), so sweeping twice, or from two nodes,
//! expires nothing twice. A reservation whose multi-code checkout recorded its
//! decision is confirmed instead of expired (its coordinator died between the
//! decision and the last confirm). Time comes only from the clock, so tests move a
//! `ManualClock` and call [`sweep`] instead of sleeping.

use std::sync::Weak;
use std::time::Duration;

use futures::future::{join_all, BoxFuture};
use stampede_protocol::event::Provenance;
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::{keys, RangeOptions, StorageError};

use crate::cluster::singleton::{sweeper, Fence};
use crate::command::{VoidMode, VoidRequest};
use crate::error::ActorError;
use crate::records::decode;
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

/// How often the background supervisor looks at the queue.
pub const RESERVATION_SWEEP_INTERVAL_MS: u64 = 250;
/// Reservations expired per sweep; the rest wait for the next one.
pub const MAX_EXPIRIES_PER_SWEEP: usize = 1_000;
/// Counter of reservations released because they lapsed.
pub const RESERVATIONS_EXPIRED_TOTAL: &str = "stampede_reservations_expired_total";

/// Expires every queued reservation whose `expires_at` is at or before now.
/// Returns how many this sweep expired.
pub async fn sweep(shards: &Shards) -> Result<usize, StorageError> {
    let now_ms = shards.clock().now().timestamp_millis();
    let (begin, end) = keys::reservation_expiry_until(now_ms.saturating_add(1));
    let rows = {
        let mut tx = shards.store().begin().await?;
        tx.get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_EXPIRIES_PER_SWEEP,
            reverse: false,
        })
        .await?
    };
    let expiries = rows.into_iter().filter_map(|row| {
        let (_, tenant, id) = keys::decode_reservation_expiry(&row.key)?;
        let code = String::from_utf8(row.value).ok()?;
        Some(expire_one(shards, row.key, tenant, code, id))
    });
    let outcomes = join_all(expiries).await;
    let expired = outcomes.into_iter().filter(|expired| *expired).count();
    metrics::counter!(RESERVATIONS_EXPIRED_TOTAL).increment(expired as u64);
    Ok(expired)
}

async fn expire_one(
    shards: &Shards,
    queue_key: Vec<u8>,
    tenant: String,
    code: String,
    id: String,
) -> bool {
    let by = Provenance::system("reservations");
    match checkout_decided(shards, &tenant, &id).await {
        Ok(true) => {
            // Its checkout committed before its coordinator could confirm it all:
            // finish the checkout instead of expiring it.
            if let Err(err) = shards.confirm(&tenant, &code, id, None, &by).await {
                tracing::warn!(tenant, code, error = %err, "completing a checkout deferred");
            }
            return false;
        }
        Ok(false) => {}
        Err(err) => {
            tracing::warn!(tenant, code, error = %err, "reservation expiry deferred");
            return false;
        }
    }
    let request = VoidRequest {
        redemption_id: id,
        reason: Some(String::from("expired")),
        idem: None,
        mode: VoidMode::Expire,
        provenance: Provenance::system("reservations"),
    };
    let result = shards.void_with(&tenant, &code, request).await;
    match result {
        Ok(redemption) if redemption.status == RedemptionStatus::Expired => true,
        // Still pending: its checkout decided meanwhile; the next sweep confirms it.
        Ok(redemption) if redemption.status == RedemptionStatus::Pending => false,
        // Settled otherwise (confirmed, released) or gone: the entry is stale.
        Ok(_) | Err(ActorError::RedemptionNotFound | ActorError::CouponNotFound) => {
            if let Err(err) = clear(shards, &queue_key).await {
                tracing::warn!(error = %err, "could not clear a stale reservation entry");
            }
            false
        }
        Err(err) => {
            tracing::warn!(tenant, code, error = %err, "reservation expiry deferred");
            false
        }
    }
}

/// Whether the reservation belongs to a checkout whose decision is recorded.
async fn checkout_decided(shards: &Shards, tenant: &str, id: &str) -> Result<bool, StorageError> {
    let mut tx = shards.store().begin().await?;
    let key = keys::redemption(tenant, id);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(false);
    };
    let redemption: Redemption = decode(&key, &bytes)?;
    let Some(checkout_id) = redemption.checkout_id else {
        return Ok(false);
    };
    Ok(tx
        .get_snapshot(&keys::checkout(tenant, &checkout_id))
        .await?
        .is_some())
}

async fn clear(shards: &Shards, key: &[u8]) -> Result<(), StorageError> {
    let mut tx = shards.store().begin().await?;
    tx.clear(key)?;
    tx.commit().await
}

/// The expiry worker: [`sweep`] every [`RESERVATION_SWEEP_INTERVAL_MS`] on the
/// node the ring places it on, until the shards are dropped (see
/// [`crate::workers`]). Expiring is decided by each coupon's (fenced) actor, so
/// a sweep by a node that just lost the lead expires nothing twice.
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(RESERVATION_SWEEP_INTERVAL_MS);
    sweeper("reservations", period, shards, expire_lapsed)
}

fn expire_lapsed<'a>(
    shards: &'a Shards,
    _: &'a Fence,
) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep(shards))
}
