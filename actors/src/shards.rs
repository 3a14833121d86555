//! Routing: each (tenant, code) has at most one live `CouponActor` on this node.
//!
//! [`Shards`] activates an actor on first use, hands it messages through a bounded
//! mailbox (a full mailbox is refused, never queued without bound), and bounds how
//! many actors are alive at once. An actor leaves the map itself when it passivates;
//! a message that races with that finds the mailbox closed and is routed again to a
//! fresh activation.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;
use tokio::sync::{mpsc, oneshot};

use crate::campaign::Campaigns;
use crate::cluster::{Cluster, Placement};
use crate::command::CouponCommand;
use crate::coupon::ops::CouponOp;
use crate::error::ActorError;
use crate::supervisor;
use crate::telemetry;

/// Attempts to deliver one message when the target actor is passivating.
const MAX_ROUTE_ATTEMPTS: usize = 4;

/// Tunables of the actor system.
#[derive(Debug, Clone)]
pub struct ShardsConfig {
    /// Messages an actor's mailbox holds before senders are refused (429).
    pub mailbox_capacity: usize,
    /// Actors alive at once on this node; past it activations are refused (503).
    pub max_live_actors: usize,
    /// An actor with nothing to do for this long passivates.
    pub idle_passivate: Duration,
}

impl Default for ShardsConfig {
    fn default() -> Self {
        Self {
            mailbox_capacity: 8_192,
            max_live_actors: 100_000,
            idle_passivate: Duration::from_secs(60),
        }
    }
}

/// The key an actor owns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ActorKey {
    pub tenant: String,
    /// Normalized coupon code.
    pub code: String,
}

struct Handle {
    activation_id: u64,
    mailbox: mpsc::Sender<CouponCommand>,
}

/// State shared by [`Shards`] and the actors it started.
pub(crate) struct Inner {
    pub store: SharedStore,
    pub clock: SharedClock,
    pub config: ShardsConfig,
    /// This node's view of who owns which key.
    pub cluster: Arc<Cluster>,
    /// Campaign actors, which coupon actors ask for quota.
    pub campaigns: Campaigns,
    actors: Mutex<HashMap<ActorKey, Handle>>,
    next_activation: AtomicU64,
    live: AtomicUsize,
    /// Coupon actors restarted by their supervisor after a failure.
    restarts: AtomicU64,
    /// Test-only fault: a coupon actor panics when this many more commits
    /// have returned (0: never).
    #[cfg(feature = "fault-injection")]
    panic_after_commits: AtomicU64,
}

/// An activation's claim on its key in the map and on a live-actor slot.
///
/// Dropping it, however the activation's task ends (return, error, panic,
/// abort, a runtime shutting down), removes the key if it still names this
/// activation and frees the slot, exactly once: a task that dies without its
/// clean-up would otherwise keep the slot forever and leave its key routed to
/// a mailbox nobody reads.
pub(crate) struct Slot {
    pub(crate) inner: Arc<Inner>,
    key: ActorKey,
    activation_id: u64,
}

impl Slot {
    pub(crate) fn inner(&self) -> &Arc<Inner> {
        &self.inner
    }

    pub(crate) fn key(&self) -> &ActorKey {
        &self.key
    }

    pub(crate) fn activation_id(&self) -> u64 {
        self.activation_id
    }

    /// Leaves the map now (before re-routing leftovers); the slot stays taken
    /// until the guard drops.
    pub(crate) fn deregister(&self) {
        self.inner.deregister(&self.key, self.activation_id);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.inner.deregister(&self.key, self.activation_id);
        self.inner.actor_exited();
    }
}

/// Routes requests for a (tenant, code) to its coupon actor.
#[derive(Clone)]
pub struct Shards {
    pub(crate) inner: Arc<Inner>,
}

impl Shards {
    /// Like [`Shards::new`] but starts no supervisor: the caller drives
    /// `reservations::sweep` and `scheduler::sweep` itself (tests with a manual
    /// clock, tools).
    pub fn without_supervisors(
        store: SharedStore,
        clock: SharedClock,
        config: ShardsConfig,
    ) -> Self {
        Self::without_supervisors_in(store, clock, config, Cluster::single("local"))
    }

    /// [`Shards::without_supervisors`] for one node of `cluster`.
    pub fn without_supervisors_in(
        store: SharedStore,
        clock: SharedClock,
        config: ShardsConfig,
        cluster: Arc<Cluster>,
    ) -> Self {
        assert!(config.mailbox_capacity > 0 && config.max_live_actors > 0);
        Self::build(store, clock, config, cluster)
    }

    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Self { inner }
    }

    pub(crate) fn build(
        store: SharedStore,
        clock: SharedClock,
        config: ShardsConfig,
        cluster: Arc<Cluster>,
    ) -> Self {
        let shards = Self {
            inner: Arc::new(Inner {
                campaigns: Campaigns::new(
                    store.clone(),
                    clock.clone(),
                    config.idle_passivate,
                    cluster.clone(),
                ),
                store,
                clock,
                config,
                cluster,
                actors: Mutex::new(HashMap::new()),
                next_activation: AtomicU64::new(1),
                live: AtomicUsize::new(0),
                restarts: AtomicU64::new(0),
                #[cfg(feature = "fault-injection")]
                panic_after_commits: AtomicU64::new(0),
            }),
        };
        // Campaign actors recall unused leases through this node's routing.
        shards
            .inner
            .campaigns
            .attach_coupons(Arc::downgrade(&shards.inner));
        shards
    }

    pub fn store(&self) -> &SharedStore {
        &self.inner.store
    }

    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    /// The records layer over this node's store.
    pub fn records(&self) -> crate::records::Records {
        crate::records::Records::new(self.inner.store.clone())
    }

    pub fn cluster(&self) -> &Arc<Cluster> {
        &self.inner.cluster
    }

    /// The campaign actors of this node.
    pub fn campaigns(&self) -> &Campaigns {
        &self.inner.campaigns
    }

    /// Runs `op` on the actor that owns its code: here, or forwarded to the
    /// owner node (see [`crate::cluster::route`]). Each operation's entry point
    /// (`Shards::redeem`, `Shards::void`, …) lives in its file under
    /// `coupon/ops/` and calls this.
    pub(crate) async fn run<O: CouponOp>(
        &self,
        tenant: &str,
        code: &str,
        op: O,
    ) -> Result<O::Answer, ActorError> {
        let local = || self.run_local(tenant, code, op.clone());
        crate::cluster::route(
            &self.inner.cluster,
            tenant,
            code,
            || op.to_wire(),
            local,
            O::answer_from_wire,
        )
        .await
    }

    /// Runs `op` on this node's actor for the code (a peer forwarded it here,
    /// or this node owns the code).
    pub(crate) async fn run_local<O: CouponOp>(
        &self,
        tenant: &str,
        code: &str,
        op: O,
    ) -> Result<O::Answer, ActorError> {
        self.ask(tenant, code, |reply| op.command(reply)).await
    }

    /// Stops the actors of keys this node no longer owns (after a ring change).
    /// Each finishes and commits what its mailbox holds and exits; new requests
    /// for those keys go to their new owner.
    pub fn hand_off(&self) {
        let cluster = &self.inner.cluster;
        let mut moved = 0usize;
        self.inner.lock().retain(|key, _| {
            let keep = cluster.placement(&key.tenant, &key.code) == Placement::Local;
            moved += usize::from(!keep);
            keep
        });
        if moved > 0 {
            tracing::info!(node = %cluster.node_id(), moved, "handed off actors");
        }
        self.inner.campaigns.hand_off();
    }

    /// Actors alive on this node.
    pub fn live_actors(&self) -> usize {
        self.inner.live.load(Ordering::SeqCst)
    }

    /// Coupon actors their supervisor restarted after a failure, since start.
    pub fn actor_restarts(&self) -> u64 {
        self.inner.restarts.load(Ordering::SeqCst)
    }

    /// Test-only fault: the next coupon actor to see `commits` more commits
    /// return panics right then, before settling the last one (its batch is
    /// durable, its callers unanswered). Compiled only with `fault-injection`.
    #[cfg(feature = "fault-injection")]
    #[doc(hidden)]
    pub fn panic_coupon_actor_after_commits(&self, commits: u64) {
        self.inner
            .panic_after_commits
            .store(commits, Ordering::SeqCst);
    }

    /// Stops routing: every actor finishes what it holds, commits, and exits.
    /// Waits at most `timeout` for them.
    pub async fn shutdown(&self, timeout: Duration) {
        self.inner.lock().clear();
        let deadline = tokio::time::Instant::now() + timeout;
        while self.live_actors() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn ask<T>(
        &self,
        tenant: &str,
        code: &str,
        make: impl FnOnce(oneshot::Sender<Result<T, ActorError>>) -> CouponCommand,
    ) -> Result<T, ActorError> {
        let (reply, answer) = oneshot::channel();
        let key = ActorKey {
            tenant: tenant.to_owned(),
            code: code.to_owned(),
        };
        self.inner.dispatch(&key, make(reply));
        answer.await.unwrap_or_else(|_| {
            Err(ActorError::Unavailable(String::from(
                "actor stopped; retry",
            )))
        })
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, HashMap<ActorKey, Handle>> {
        // A poisoned map only means a panic elsewhere mid-update of a HashMap of
        // handles; the map itself stays consistent, so keep serving.
        self.actors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Delivers `command` to the key's actor, activating it if needed.
    pub(crate) fn dispatch(self: &Arc<Self>, key: &ActorKey, mut command: CouponCommand) {
        for _ in 0..MAX_ROUTE_ATTEMPTS {
            let (mailbox, activation_id) = match self.mailbox(key) {
                Ok(found) => found,
                Err(err) => {
                    command.fail(err);
                    return;
                }
            };
            match mailbox.try_send(command) {
                Ok(()) => return,
                Err(mpsc::error::TrySendError::Full(back)) => {
                    metrics::counter!(telemetry::MAILBOX_FULL_TOTAL).increment(1);
                    back.fail(ActorError::Overloaded);
                    return;
                }
                Err(mpsc::error::TrySendError::Closed(back)) => {
                    self.deregister(key, activation_id);
                    command = back;
                }
            }
        }
        command.fail(ActorError::Unavailable(String::from(
            "actor kept moving; retry",
        )));
    }

    fn mailbox(
        self: &Arc<Self>,
        key: &ActorKey,
    ) -> Result<(mpsc::Sender<CouponCommand>, u64), ActorError> {
        let mut actors = self.lock();
        if let Some(handle) = actors.get(key) {
            return Ok((handle.mailbox.clone(), handle.activation_id));
        }
        if self.live.load(Ordering::SeqCst) >= self.config.max_live_actors {
            return Err(ActorError::Unavailable(String::from(
                "too many live actors on this node",
            )));
        }
        let activation_id = self.next_activation.fetch_add(1, Ordering::SeqCst);
        let (mailbox, rx) = mpsc::channel(self.config.mailbox_capacity);
        actors.insert(
            key.clone(),
            Handle {
                activation_id,
                mailbox: mailbox.clone(),
            },
        );
        let live = self.live.fetch_add(1, Ordering::SeqCst) + 1;
        metrics::gauge!(telemetry::LIVE_ACTORS).set(live as f64);
        drop(actors);
        let slot = Slot {
            inner: self.clone(),
            key: key.clone(),
            activation_id,
        };
        tokio::spawn(supervisor::supervise(slot, rx));
        Ok((mailbox, activation_id))
    }

    /// Removes the key's handle if it still belongs to `activation_id`.
    pub(crate) fn deregister(&self, key: &ActorKey, activation_id: u64) {
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
        key: &ActorKey,
        activation_id: u64,
        rx: &mpsc::Receiver<CouponCommand>,
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

    /// Frees a live-actor slot; only [`Slot`]'s drop calls it, so once per
    /// activation. Checked: freeing a slot nobody holds is a bug, not a zero.
    fn actor_exited(&self) {
        let freed = self
            .live
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        debug_assert!(freed.is_ok(), "a live-actor slot freed twice");
        let live = freed.map_or(0, |before| before - 1);
        metrics::gauge!(telemetry::LIVE_ACTORS).set(live as f64);
    }

    /// Counts a supervisor's restart of a failed actor.
    pub(crate) fn actor_restarted(&self) {
        self.restarts.fetch_add(1, Ordering::SeqCst);
    }

    /// The `fault-injection` hook: panics once the armed count of commits ran out.
    #[cfg(feature = "fault-injection")]
    pub(crate) fn injected_commit_fault(&self) {
        let armed =
            self.panic_after_commits
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if armed == Ok(1) {
            panic!("injected fault: coupon actor panics after a commit");
        }
    }
}
