//! One registry of keyed actors, shared by coupons and campaigns: at most one
//! live actor per key on this node, activated on first use under a supervisor,
//! handed messages through a bounded mailbox (a full mailbox is refused, never
//! queued without bound), leaving the map itself when it passivates. A message
//! that races with a passivation finds the mailbox closed and is routed again
//! to a fresh activation.
//!
//! * [`Registry`] — the map of handles, the activation and restart counters and
//!   the count of live actors with its bound.
//! * [`Host`] — the state an actor kind's activations share, which owns that
//!   kind's registry; [`Slot`] holds it.
//! * [`dispatch`] — delivers a command to its key's actor, activating it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;

use crate::error::ActorError;
use crate::supervisor::{self, Supervised};
use crate::telemetry;

/// Attempts to deliver one message when the target actor is passivating.
const MAX_ROUTE_ATTEMPTS: usize = 4;

/// A message an actor accepts: whoever waits on it can be answered an error
/// when it is not delivered.
pub(crate) trait Command: Send + 'static {
    fn fail(self, err: ActorError);
}

/// The state an actor kind's activations share; it owns that kind's registry.
pub(crate) trait Host: Send + Sync + 'static {
    type Key: Clone + Eq + Hash + Send + Sync + 'static;
    type Command: Command;

    fn registry(&self) -> &Registry<Self::Key, Self::Command>;
}

/// How one registry routes and bounds its actors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RegistryConfig {
    /// Messages an actor's mailbox holds before senders are refused (429).
    pub mailbox_capacity: usize,
    /// Actors alive at once; past it activations are refused (503).
    pub max_live: usize,
    /// Whether this registry reports the live-actors gauge and the mailbox-full
    /// counter (the coupon actors' metrics).
    pub metered: bool,
    /// The refusal when a message kept finding its actor passivating.
    pub kept_moving: &'static str,
}

struct Handle<C> {
    activation_id: u64,
    mailbox: mpsc::Sender<C>,
}

/// The live actors of one kind on this node, by key.
pub(crate) struct Registry<K, C> {
    config: RegistryConfig,
    actors: Mutex<HashMap<K, Handle<C>>>,
    next_activation: AtomicU64,
    live: AtomicUsize,
    /// Actors restarted by their supervisor after a failure.
    restarts: AtomicU64,
}

/// An activation's claim on its key in the map and on a live-actor slot.
///
/// Dropping it, however the activation's task ends (return, error, panic,
/// abort, a runtime shutting down), removes the key if it still names this
/// activation and frees the slot, exactly once: a task that dies without its
/// clean-up would otherwise keep the slot forever and leave its key routed to
/// a mailbox nobody reads.
pub(crate) struct Slot<H: Host> {
    inner: Arc<H>,
    key: H::Key,
    activation_id: u64,
}

impl<H: Host> Slot<H> {
    pub(crate) fn inner(&self) -> &Arc<H> {
        &self.inner
    }

    pub(crate) fn key(&self) -> &H::Key {
        &self.key
    }

    pub(crate) fn activation_id(&self) -> u64 {
        self.activation_id
    }

    /// Leaves the map now (before re-routing leftovers); the slot stays taken
    /// until the guard drops.
    pub(crate) fn deregister(&self) {
        self.inner
            .registry()
            .deregister(&self.key, self.activation_id);
    }
}

impl<H: Host> Drop for Slot<H> {
    fn drop(&mut self) {
        let registry = self.inner.registry();
        registry.deregister(&self.key, self.activation_id);
        registry.actor_exited();
    }
}

/// Delivers `command` to the key's actor, activating it if needed: refused
/// `Overloaded` when its mailbox is full, routed again when it is passivating.
pub(crate) fn dispatch<H: Host>(host: &Arc<H>, key: &H::Key, mut command: H::Command)
where
    Slot<H>: Supervised<Command = H::Command>,
{
    let registry = host.registry();
    for _ in 0..MAX_ROUTE_ATTEMPTS {
        let (mailbox, activation_id) = match mailbox(host, key) {
            Ok(found) => found,
            Err(err) => {
                command.fail(err);
                return;
            }
        };
        match mailbox.try_send(command) {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(back)) => {
                if registry.config.metered {
                    metrics::counter!(telemetry::MAILBOX_FULL_TOTAL).increment(1);
                }
                back.fail(ActorError::Overloaded);
                return;
            }
            Err(mpsc::error::TrySendError::Closed(back)) => {
                registry.deregister(key, activation_id);
                command = back;
            }
        }
    }
    command.fail(ActorError::Unavailable(String::from(
        registry.config.kept_moving,
    )));
}

/// The key's mailbox and activation, starting one under its supervisor if the
/// key has none (and a live-actor slot is free).
fn mailbox<H: Host>(
    host: &Arc<H>,
    key: &H::Key,
) -> Result<(mpsc::Sender<H::Command>, u64), ActorError>
where
    Slot<H>: Supervised<Command = H::Command>,
{
    let registry = host.registry();
    let mut actors = registry.lock();
    if let Some(handle) = actors.get(key) {
        return Ok((handle.mailbox.clone(), handle.activation_id));
    }
    if registry.live.load(Ordering::SeqCst) >= registry.config.max_live {
        return Err(ActorError::Unavailable(String::from(
            "too many live actors on this node",
        )));
    }
    let activation_id = registry.next_activation.fetch_add(1, Ordering::SeqCst);
    let (mailbox, rx) = mpsc::channel(registry.config.mailbox_capacity);
    actors.insert(
        key.clone(),
        Handle {
            activation_id,
            mailbox: mailbox.clone(),
        },
    );
    let live = registry.live.fetch_add(1, Ordering::SeqCst) + 1;
    registry.report_live(live);
    drop(actors);
    let slot = Slot {
        inner: host.clone(),
        key: key.clone(),
        activation_id,
    };
    tokio::spawn(supervisor::supervise(slot, rx));
    Ok((mailbox, activation_id))
}

impl<K: Clone + Eq + Hash, C> Registry<K, C> {
    pub(crate) fn new(config: RegistryConfig) -> Self {
        Self {
            config,
            actors: Mutex::new(HashMap::new()),
            next_activation: AtomicU64::new(1),
            live: AtomicUsize::new(0),
            restarts: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, Handle<C>>> {
        // A poisoned map only means a panic elsewhere mid-update of a HashMap of
        // handles; the map itself stays consistent, so keep serving.
        self.actors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Removes the key's handle if it still belongs to `activation_id`.
    pub(crate) fn deregister(&self, key: &K, activation_id: u64) {
        let mut actors = self.lock();
        if actors
            .get(key)
            .is_some_and(|h| h.activation_id == activation_id)
        {
            actors.remove(key);
        }
    }

    /// Called by an idle actor: leaves the map only if its mailbox is empty, so no
    /// message is stranded. Returns whether it left.
    pub(crate) fn try_deregister_idle(
        &self,
        key: &K,
        activation_id: u64,
        rx: &mpsc::Receiver<C>,
    ) -> bool {
        let mut actors = self.lock();
        if !rx.is_empty() {
            return false;
        }
        if actors
            .get(key)
            .is_some_and(|h| h.activation_id == activation_id)
        {
            actors.remove(key);
        }
        true
    }

    /// Stops routing to the actors whose key `keep` refuses (each finishes what
    /// its mailbox holds and exits). Returns how many left.
    pub(crate) fn retain(&self, mut keep: impl FnMut(&K) -> bool) -> usize {
        let mut left = 0usize;
        self.lock().retain(|key, _| {
            let kept = keep(key);
            left += usize::from(!kept);
            kept
        });
        left
    }

    /// Stops routing to every actor.
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// Actors alive now.
    pub(crate) fn live(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Actors restarted by their supervisor after a failure, since start.
    pub(crate) fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::SeqCst)
    }

    /// Counts a supervisor's restart of a failed actor.
    pub(crate) fn actor_restarted(&self) {
        self.restarts.fetch_add(1, Ordering::SeqCst);
    }

    /// Frees a live-actor slot; only [`Slot`]'s drop calls it, so once per
    /// activation. Checked: freeing a slot nobody holds is a bug, not a zero.
    fn actor_exited(&self) {
        let freed = self
            .live
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        debug_assert!(freed.is_ok(), "a live-actor slot freed twice");
        self.report_live(freed.map_or(0, |before| before - 1));
    }

    fn report_live(&self, live: usize) {
        if self.config.metered {
            metrics::gauge!(telemetry::LIVE_ACTORS).set(live as f64);
        }
    }
}
