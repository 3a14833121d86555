//! Supervision of keyed actors (coupons, campaigns): run an activation, and
//! when it fails (a panic) restart a fresh one from the store on the same
//! mailbox.
//!
//! Nothing acknowledged is lost by a restart: an actor answers success only
//! after its commit, and the new activation re-reads committed state (and
//! re-fences, so a commit the failed one left in flight either landed before
//! the new read or is refused). Callers whose replies the failed activation
//! held see their reply channel closed, which routing answers as a retryable
//! `Unavailable` (503). The supervised value is the activation's slot guard,
//! so the key (and, for coupons, the live-actor slot) is released however the
//! task ends: return, panic, or the task being dropped.
//!
//! Why not a `ractor` supervisor (the periodic workers do use one, see
//! `crate::workers`): ractor 0.16's `Actor::handle` takes one message at a
//! time from an unbounded port it keeps private, while these actors drain a
//! chunk at once (one storage read prefetches what the whole chunk needs, and
//! one commit carries it) from a bounded mailbox (429 when full), and a ractor
//! restart would drop what the failed actor's mailbox still held. The
//! supervision contract — restart from the store, count it, release the slot —
//! is the same.

use std::any::Any;
use std::panic::AssertUnwindSafe;

use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::mpsc;

/// Restarts of one activation's task before its supervisor gives up: a panic
/// that every fresh read reproduces is answered `Unavailable` instead of
/// spinning; the next request starts over with a new activation.
pub(crate) const MAX_RESTARTS: u32 = 3;

/// An actor a supervisor can run: `Self` is its slot guard (dropped last).
pub(crate) trait Supervised: Send + Sync + 'static {
    type Command: Send + 'static;
    type Stop: Send + 'static;

    /// For logs and the restart metric's `actor` label.
    const KIND: &'static str;

    /// One activation: read from the store, serve `rx` until it stops.
    fn activate<'a>(
        &'a self,
        rx: &'a mut mpsc::Receiver<Self::Command>,
    ) -> BoxFuture<'a, Self::Stop>;

    /// How the task stops once the supervisor stopped restarting.
    fn gave_up(&self) -> Self::Stop;

    /// Counts one restart (metric and the registry's counter).
    fn restarted(&self);

    /// Leaves the map and answers or re-routes what is still queued.
    fn finish(&self, rx: mpsc::Receiver<Self::Command>, stop: Self::Stop);

    /// Who this is, for logs.
    fn describe(&self) -> String;
}

/// The task of one key's actor: activations, restarts, then clean-up; the
/// slot guard drops at the end, whatever happened.
pub(crate) async fn supervise<A: Supervised>(actor: A, mut rx: mpsc::Receiver<A::Command>) {
    let mut restarts = 0u32;
    let stop = loop {
        // Unwind safety: the failed activation's state is dropped with its
        // future; what survives is the mailbox (its receive is cancel-safe)
        // and the slot guard (the maps' locks recover from poisoning).
        match AssertUnwindSafe(actor.activate(&mut rx))
            .catch_unwind()
            .await
        {
            Ok(stop) => break stop,
            Err(panic) => {
                tracing::error!(actor = A::KIND, who = %actor.describe(), restarts,
                    panic = panic_message(panic.as_ref()), "actor failed");
                if restarts >= MAX_RESTARTS {
                    break actor.gave_up();
                }
                restarts += 1;
                metrics::counter!(crate::telemetry::ACTOR_RESTARTS_TOTAL, "actor" => A::KIND)
                    .increment(1);
                actor.restarted();
            }
        }
    };
    actor.finish(rx, stop);
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
