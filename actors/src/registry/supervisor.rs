//! The `ractor` supervisor of one kind's keyed actors on a node.
//!
//! **Restart.** A panic fails the ractor actor; its supervisor starts a fresh
//! one on the same mailbox, which re-reads committed state (and re-fences, so a
//! commit the failed one left in flight either landed before the new read or is
//! refused). Nothing acknowledged is lost: an actor answers success only after
//! its commit. Callers whose replies the failed activation held see their reply
//! channel closed, which routing answers as a retryable `Unavailable` (503).
//! After [`MAX_RESTARTS`] the supervisor gives up on that activation: what is
//! queued is answered `Unavailable`, and the next request starts over.

use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

use ractor::{Actor, ActorProcessingErr, ActorRef, SupervisionEvent};

use super::actor::{Activation, Child};
use super::Host;

/// Restarts of one activation before its supervisor gives up: a panic that
/// every fresh read reproduces is answered `Unavailable` instead of spinning;
/// the next request starts over with a new activation.
pub(crate) const MAX_RESTARTS: u32 = 3;

/// A supervisor takes no messages of its own: only its children's lifecycle.
pub(crate) enum SupervisorMsg {}

impl ractor::Message for SupervisorMsg {}

/// A supervisor's state.
pub(crate) struct Supervising<H: Host> {
    /// Weak: the host owns the registry that holds this supervisor.
    host: Weak<H>,
    /// Cleared when it goes away, however: the registry then starts another.
    running: Arc<AtomicBool>,
}

impl<H: Host> Drop for Supervising<H> {
    /// A supervisor gone with its runtime (shut down without running anyone's
    /// clean-up) leaves no child's slot held by the registry: each is freed as
    /// soon as its actor's state is gone too.
    fn drop(&mut self) {
        self.running.store(false, Ordering::SeqCst);
        if let Some(host) = self.host.upgrade() {
            host.registry().orphan_all();
        }
    }
}

/// The ractor supervisor of one kind's actors on this node.
pub(crate) struct KeyedSupervisor<H>(PhantomData<fn() -> H>);

impl<H> KeyedSupervisor<H> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<H: Host> Actor for KeyedSupervisor<H> {
    type Msg = SupervisorMsg;
    type State = Supervising<H>;
    type Arguments = (Weak<H>, Arc<AtomicBool>);

    async fn pre_start(
        &self,
        _: ActorRef<SupervisorMsg>,
        (host, running): (Weak<H>, Arc<AtomicBool>),
    ) -> Result<Supervising<H>, ActorProcessingErr> {
        Ok(Supervising { host, running })
    }

    async fn handle(
        &self,
        _: ActorRef<SupervisorMsg>,
        message: SupervisorMsg,
        _: &mut Supervising<H>,
    ) -> Result<(), ActorProcessingErr> {
        match message {}
    }

    async fn handle_supervisor_evt(
        &self,
        myself: ActorRef<SupervisorMsg>,
        event: SupervisionEvent,
        state: &mut Supervising<H>,
    ) -> Result<(), ActorProcessingErr> {
        let Some(host) = state.host.upgrade() else {
            return Ok(());
        };
        match event {
            SupervisionEvent::ActorFailed(cell, err) => {
                if let Some(child) = host.registry().take_child(cell.get_id()) {
                    restart(&host, &myself, child, &err);
                }
            }
            SupervisionEvent::ActorTerminated(cell, ..) => {
                // Its own activation finished; what it ran on is freed.
                host.registry().take_child(cell.get_id());
            }
            _ => {}
        }
        Ok(())
    }
}

/// Starts a failed activation again on its mailbox, or gives up on it.
fn restart<H: Host>(
    host: &Arc<H>,
    supervisor: &ActorRef<SupervisorMsg>,
    mut child: Child<H>,
    err: &ActorProcessingErr,
) {
    let restarts = child.restarts;
    let who = H::Actor::describe(child.slot.key());
    tracing::error!(actor = H::Actor::KIND, %who, restarts, error = %err, "actor failed");
    if restarts >= MAX_RESTARTS {
        child.finish::<H::Actor>(&H::Actor::gave_up());
        return;
    }
    child.restarts += 1;
    metrics::counter!(crate::telemetry::ACTOR_RESTARTS_TOTAL, "actor" => H::Actor::KIND)
        .increment(1);
    let registry = host.registry();
    registry.actor_restarted();
    if let Err(failed) = registry.respawn(supervisor, child) {
        failed.finish::<H::Actor>(&H::Actor::gave_up());
    }
}
