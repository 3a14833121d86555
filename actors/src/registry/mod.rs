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
//! * `actor` — the `ractor` actor that runs one activation, and the
//!   [`Activation`] trait each kind implements (`coupon/activation.rs`,
//!   `campaign/activation.rs`).
//! * `supervisor` — the kind's `ractor` supervisor: restarts a failed actor on
//!   the same mailbox, gives up after a few restarts.
//! * `mailbox` — the bounded queue commands wait in, with its pending wake.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ractor::{ActorId, ActorRef, ActorRuntime};

use crate::error::ActorError;
use crate::telemetry;

mod actor;
mod mailbox;
mod supervisor;

pub(crate) use actor::{Activation, Me};
use actor::{Child, KeyedActor, Msg};
use mailbox::{Mailbox, Refused};
use supervisor::{KeyedSupervisor, SupervisorMsg};

/// Attempts to deliver one message when the target actor is passivating.
const MAX_ROUTE_ATTEMPTS: usize = 4;

/// A message an actor accepts: whoever waits on it can be answered an error
/// when it is not delivered.
pub(crate) trait Command: Send + 'static {
    fn fail(self, err: ActorError);
}

/// The state an actor kind's activations share; it owns that kind's registry.
pub(crate) trait Host: Send + Sync + Sized + 'static {
    /// Ordered too: actors leave in key order when ownership moves, so a
    /// simulated hand-off replays the same way whatever the map's hash seed.
    type Key: Clone + Ord + Hash + Send + Sync + 'static;
    type Command: Command;
    /// The actor kind this host runs.
    type Actor: Activation<Host = Self>;

    fn registry(&self) -> &Registry<Self>;

    /// The tenant a key belongs to (whose share of live actors it takes).
    fn tenant_of(key: &Self::Key) -> &str;
}

/// How one registry routes and bounds its actors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RegistryConfig {
    /// Messages an actor's mailbox holds before senders are refused (429).
    pub mailbox_capacity: usize,
    /// Actors alive at once; past it activations are refused (503).
    pub max_live: usize,
    /// Actors of one tenant alive at once; past it that tenant's activations
    /// are refused (503), so one tenant cannot fill the node.
    pub max_live_per_tenant: usize,
    /// Whether this registry reports the live-actors gauge and the mailbox-full
    /// counter (the coupon actors' metrics).
    pub metered: bool,
    /// The refusal when a message kept finding its actor passivating.
    pub kept_moving: &'static str,
}

type Port<H> = ActorRef<Msg<<<H as Host>::Actor as Activation>::Event>>;

/// How a key's live activation is reached.
struct Handle<H: Host> {
    activation_id: u64,
    mailbox: Arc<Mailbox<H::Command>>,
    /// The ractor actor running it now (replaced when it is restarted).
    actor: Port<H>,
}

struct Map<H: Host> {
    by_key: HashMap<H::Key, Handle<H>>,
    /// Every running ractor actor and what its supervisor restarts it on.
    children: HashMap<ActorId, Child<H>>,
    /// The supervisor, started on first activation (a ractor actor needs a
    /// runtime), with whether it still runs (its runtime may have shut down).
    supervisor: Option<(ActorRef<SupervisorMsg>, Arc<AtomicBool>)>,
}

/// The live actors of one kind on this node, by key.
pub(crate) struct Registry<H: Host> {
    config: RegistryConfig,
    map: Mutex<Map<H>>,
    next_activation: AtomicU64,
    live: AtomicUsize,
    /// Live actors per tenant (tenants with none are absent).
    live_by_tenant: Mutex<HashMap<String, usize>>,
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
        registry.tenant_actor_exited(H::tenant_of(&self.key));
    }
}

/// Delivers `command` to the key's actor, activating it if needed: refused
/// `Overloaded` when its mailbox is full, routed again when it is passivating.
///
/// The command is queued under the map's lock, so an activation that left the
/// map (and closed its mailbox) is never handed a command after it took its
/// leftovers, and a restarted actor never misses one queued before it.
pub(crate) fn dispatch<H: Host>(host: &Arc<H>, key: &H::Key, mut command: H::Command) {
    let registry = host.registry();
    for _ in 0..MAX_ROUTE_ATTEMPTS {
        let mut map = registry.lock();
        if !map.by_key.contains_key(key) {
            if let Err((err, unstarted)) = registry.activate(host, key, &mut map) {
                // Its slot guard takes the map's lock when it drops: after ours.
                drop(map);
                drop(unstarted);
                command.fail(err);
                return;
            }
        }
        let Some(handle) = map.by_key.get(key) else {
            break;
        };
        match handle.mailbox.push(command) {
            Ok(wake) => {
                if wake {
                    let actor = handle.actor.clone();
                    drop(map);
                    // Sent outside the lock. A failed actor misses it: its
                    // restart, spawned under the lock after this command was
                    // queued, takes first thing.
                    let _ = actor.send_message(Msg::Wake);
                }
                return;
            }
            Err(Refused::Full(back)) => {
                drop(map);
                if registry.config.metered {
                    metrics::counter!(telemetry::MAILBOX_FULL_TOTAL).increment(1);
                }
                back.fail(ActorError::Overloaded);
                return;
            }
            Err(Refused::Closed(back)) => {
                map.by_key.remove(key);
                command = back;
            }
        }
    }
    command.fail(ActorError::Unavailable(String::from(
        registry.config.kept_moving,
    )));
}

impl<H: Host> Registry<H> {
    pub(crate) fn new(config: RegistryConfig) -> Self {
        Self {
            config,
            map: Mutex::new(Map {
                by_key: HashMap::new(),
                children: HashMap::new(),
                supervisor: None,
            }),
            next_activation: AtomicU64::new(1),
            live: AtomicUsize::new(0),
            live_by_tenant: Mutex::new(HashMap::new()),
            restarts: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Map<H>> {
        // A poisoned map only means a panic elsewhere mid-update of a HashMap of
        // handles; the map itself stays consistent, so keep serving.
        self.map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// This kind's ractor supervisor, started on first use and again if its
    /// runtime went away.
    fn supervisor(host: &Arc<H>, map: &mut Map<H>) -> Result<ActorRef<SupervisorMsg>, ActorError> {
        if let Some((supervisor, running)) = &map.supervisor {
            if running.load(Ordering::SeqCst) {
                return Ok(supervisor.clone());
            }
        }
        let running = Arc::new(AtomicBool::new(true));
        let args = (Arc::downgrade(host), running.clone());
        let (supervisor, _) = ActorRuntime::spawn_instant(None, KeyedSupervisor::<H>::new(), args)
            .map_err(|err| ActorError::Unavailable(format!("supervisor: {err}")))?;
        map.supervisor = Some((supervisor.clone(), running));
        Ok(supervisor)
    }

    /// Forgets every child (their supervisor went away with its runtime): the
    /// slots they held are freed once their actors are gone too.
    pub(crate) fn orphan_all(&self) {
        let children: Vec<Child<H>> = self.lock().children.drain().map(|(_, c)| c).collect();
        drop(children);
    }

    /// Starts the key's actor under the supervisor, if a live-actor slot is free.
    /// A refusal hands back the child that did not start, to be dropped once
    /// the map's lock is released.
    fn activate(
        &self,
        host: &Arc<H>,
        key: &H::Key,
        map: &mut Map<H>,
    ) -> Result<(), (ActorError, Option<Child<H>>)> {
        if self.live.load(Ordering::SeqCst) >= self.config.max_live {
            let err = ActorError::Unavailable(String::from("too many live actors on this node"));
            return Err((err, None));
        }
        self.take_tenant_slot(H::tenant_of(key))
            .map_err(|err| (err, None))?;
        let supervisor = match Self::supervisor(host, map) {
            Ok(supervisor) => supervisor,
            Err(err) => {
                self.tenant_actor_exited(H::tenant_of(key));
                return Err((err, None));
            }
        };
        let activation_id = self.next_activation.fetch_add(1, Ordering::SeqCst);
        let mailbox = Arc::new(Mailbox::new(self.config.mailbox_capacity));
        let live = self.live.fetch_add(1, Ordering::SeqCst) + 1;
        self.report_live(live);
        // From here the slot guard frees the live-actor slot however this ends.
        let child = Child {
            slot: Arc::new(Slot {
                inner: host.clone(),
                key: key.clone(),
                activation_id,
            }),
            mailbox: mailbox.clone(),
            restarts: 0,
        };
        let actor = match Self::spawn(&supervisor, map, &child) {
            Ok(actor) => actor,
            Err(err) => return Err((err, Some(child))),
        };
        map.by_key.insert(
            key.clone(),
            Handle {
                activation_id,
                mailbox,
                actor,
            },
        );
        Ok(())
    }

    /// Spawns a ractor actor for `child`, linked to the supervisor.
    fn spawn(
        supervisor: &ActorRef<SupervisorMsg>,
        map: &mut Map<H>,
        child: &Child<H>,
    ) -> Result<Port<H>, ActorError> {
        let (actor, _) = ActorRuntime::spawn_linked_instant(
            None,
            KeyedActor::<H::Actor>::new(),
            child.clone(),
            supervisor.get_cell(),
        )
        .map_err(|err| ActorError::Unavailable(format!("actor did not start: {err}")))?;
        map.children.insert(actor.get_id(), child.clone());
        Ok(actor)
    }

    /// Starts a fresh actor for a failed one's activation, on its mailbox; the
    /// key's handle wakes the new one from now on. `Err` hands the child back
    /// when it could not start.
    pub(crate) fn respawn(
        &self,
        supervisor: &ActorRef<SupervisorMsg>,
        child: Child<H>,
    ) -> Result<(), Child<H>> {
        let mut map = self.lock();
        let (key, activation_id) = (child.slot.key().clone(), child.slot.activation_id());
        let actor = match Self::spawn(supervisor, &mut map, &child) {
            Ok(actor) => actor,
            Err(_) => return Err(child),
        };
        if let Some(handle) = map.by_key.get_mut(&key) {
            if handle.activation_id == activation_id {
                handle.actor = actor;
            }
        }
        Ok(())
    }

    /// Takes what a ractor actor that ended (or failed) ran on.
    pub(crate) fn take_child(&self, actor: ActorId) -> Option<Child<H>> {
        self.lock().children.remove(&actor)
    }

    /// Removes the key's handle if it still belongs to `activation_id`.
    pub(crate) fn deregister(&self, key: &H::Key, activation_id: u64) {
        let mut map = self.lock();
        if map
            .by_key
            .get(key)
            .is_some_and(|h| h.activation_id == activation_id)
        {
            map.by_key.remove(key);
        }
    }

    /// Called by an idle actor: leaves the map only if its mailbox is empty, so no
    /// message is stranded. Returns whether it left.
    pub(crate) fn try_deregister_idle(
        &self,
        key: &H::Key,
        activation_id: u64,
        mailbox: &Mailbox<H::Command>,
    ) -> bool {
        // Lock order: the map, then a mailbox (nothing takes them the other way).
        let mut map = self.lock();
        if !mailbox.is_empty() {
            return false;
        }
        if map
            .by_key
            .get(key)
            .is_some_and(|h| h.activation_id == activation_id)
        {
            map.by_key.remove(key);
        }
        true
    }

    /// Stops routing to the actors whose key `keep` refuses (each finishes what
    /// its mailbox holds and exits). Returns how many left.
    pub(crate) fn retain(&self, mut keep: impl FnMut(&H::Key) -> bool) -> usize {
        let mut gone = Vec::new();
        {
            let mut map = self.lock();
            let mut keys: Vec<H::Key> = map.by_key.keys().filter(|k| !keep(k)).cloned().collect();
            keys.sort_unstable();
            for key in keys {
                gone.extend(map.by_key.remove(&key));
            }
        }
        let left = gone.len();
        close(gone);
        left
    }

    /// Stops routing to every actor.
    pub(crate) fn clear(&self) {
        let mut gone: Vec<(H::Key, Handle<H>)> = self.lock().by_key.drain().collect();
        gone.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        close(gone.into_iter().map(|(_, h)| h).collect());
    }

    /// Whether an actor of `key` is routed to now.
    pub(crate) fn contains(&self, key: &H::Key) -> bool {
        self.lock().by_key.contains_key(key)
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

    /// Takes one of the tenant's live-actor slots, unless it holds its share.
    fn take_tenant_slot(&self, tenant: &str) -> Result<(), ActorError> {
        let mut by_tenant = self
            .live_by_tenant
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let held = by_tenant.entry(tenant.to_owned()).or_insert(0);
        if *held >= self.config.max_live_per_tenant {
            return Err(ActorError::Unavailable(format!(
                "this tenant holds its share ({}) of the node's live actors; retry",
                self.config.max_live_per_tenant
            )));
        }
        *held += 1;
        Ok(())
    }

    /// Frees one of the tenant's live-actor slots (with [`Self::actor_exited`]).
    fn tenant_actor_exited(&self, tenant: &str) {
        let mut by_tenant = self
            .live_by_tenant
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(held) = by_tenant.get_mut(tenant) {
            *held = held.saturating_sub(1);
            if *held == 0 {
                by_tenant.remove(tenant);
            }
        }
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

impl<H: Host> Drop for Registry<H> {
    fn drop(&mut self) {
        // Its children all ended (each held the host), so nothing is left to
        // supervise.
        if let Some((supervisor, _)) = &self.lock().supervisor {
            supervisor.stop(None);
        }
    }
}

/// Closes the mailboxes, then wakes each actor: it takes what is left, finds
/// its mailbox closed, settles and passivates.
fn close<H: Host>(handles: Vec<Handle<H>>) {
    for handle in handles {
        handle.mailbox.close();
        let _ = handle.actor.send_message(Msg::Wake);
    }
}
