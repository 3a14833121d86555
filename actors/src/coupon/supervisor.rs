//! The coupon actor's supervisor: runs an activation, and when it fails (a
//! panic) restarts a fresh one from the store on the same mailbox.
//!
//! Nothing acknowledged is lost by a restart: a success is only answered after
//! its commit, and the new activation re-reads committed state (and re-fences,
//! so a commit the failed one left in flight either landed before the new read
//! or is refused). Callers whose replies the failed activation held see their
//! reply channel closed, which routing answers as a retryable `Unavailable`
//! (503). The supervisor owns the [`Slot`], so the key and the live-actor slot
//! are released however the task ends.
//!
//! Why not a `ractor` supervisor: ractor 0.16's `Actor::handle` takes one
//! message at a time from an unbounded port it keeps private, while this
//! actor drains up to `MAX_DRAIN_MESSAGES` at once (one storage read prefetches
//! every customer of the chunk) from a bounded mailbox (429 when full). The
//! supervision contract — restart from the store, count it, release the slot —
//! is the same.

use std::any::Any;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tokio::sync::mpsc;

use crate::command::CouponCommand;
use crate::coupon::actor::{self, Stop};
use crate::shards::Slot;

/// Restarts of one activation's task before its supervisor gives up: a panic
/// that every fresh read reproduces is answered `Unavailable` instead of
/// spinning; the next request starts over with a new activation.
pub(crate) const MAX_RESTARTS: u32 = 3;

/// The task of one key's actor: activation, restarts, then clean-up.
pub(crate) async fn supervise(slot: Slot, mut rx: mpsc::Receiver<CouponCommand>) {
    let mut restarts = 0u32;
    let stop = loop {
        let (shards, key) = (slot.inner(), slot.key());
        // Unwind safety: the failed activation's state is dropped with its
        // future; what survives is the mailbox (its receive is cancel-safe) and
        // the slot (the map's lock recovers from poisoning).
        let child = actor::run(shards, key, slot.activation_id(), &mut rx);
        match AssertUnwindSafe(child).catch_unwind().await {
            Ok(stop) => break stop,
            Err(panic) => {
                tracing::error!(tenant = %key.tenant, code = %key.code, restarts,
                    panic = panic_message(panic.as_ref()), "coupon actor failed");
                if restarts >= MAX_RESTARTS {
                    break Stop::Failed(String::from("coupon actor keeps failing; retry"));
                }
                restarts += 1;
                shards.actor_restarted();
            }
        }
    };
    actor::finish(&slot, rx, stop);
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    if let Some(message) = panic.downcast_ref::<&str>() {
        message
    } else if let Some(message) = panic.downcast_ref::<String>() {
        message
    } else {
        "non-text panic"
    }
}
