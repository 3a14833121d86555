//! Routing: each (tenant, code) has at most one live `CouponActor` on this node.
//!
//! [`Shards`] activates an actor on first use, hands it messages through a bounded
//! mailbox (a full mailbox is refused, never queued without bound), and bounds how
//! many actors are alive at once. An actor leaves the map itself when it passivates;
//! a message that races with that finds the mailbox closed and is routed again to a
//! fresh activation.

#[cfg(feature = "fault-injection")]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use stampede_protocol::clock::SharedClock;
use stampede_protocol::limits::DEFAULT_IDEMPOTENCY_RETENTION_HOURS;
use stampede_storage::SharedStore;
use tokio::sync::oneshot;

use crate::campaign::Campaigns;
use crate::cluster::{Cluster, Placement, MEMBERSHIP_POLL_MS};
use crate::command::CouponCommand;
use crate::coupon::ops::{Answer, CouponOp};
use crate::error::ActorError;
use crate::registry::{self, Registry, RegistryConfig};

/// The default share of the node's live coupon actors one tenant may hold, in
/// percent.
pub const DEFAULT_TENANT_LIVE_SHARE_PERCENT: u8 = 50;

/// Times a request is decided again after its commit found the promotion
/// changed (see [`Shards::run_local`]); then the "retry" answer stands.
const STALE_RETRIES: usize = 2;

/// Membership polls a leaving node waits before handing its actors off: by
/// then every peer has probed it, seen it leaving, and stopped placing keys
/// on it (see [`Shards::leave`]).
const LEAVE_SETTLE_POLLS: u64 = 2;

/// How often a leaving node hands off the actors that requests forwarded to
/// it meanwhile woke, in ms.
const LEAVE_POLL_MS: u64 = 20;

/// Tunables of the actor system.
#[derive(Debug, Clone)]
pub struct ShardsConfig {
    /// Messages an actor's mailbox holds before senders are refused (429).
    pub mailbox_capacity: usize,
    /// Actors alive at once on this node; past it activations are refused (503).
    pub max_live_actors: usize,
    /// The share of `max_live_actors` one tenant's coupon actors may take, in
    /// percent (1–100); past it that tenant's activations are refused (503).
    pub tenant_live_share_percent: u8,
    /// An actor with nothing to do for this long passivates.
    pub idle_passivate: Duration,
    /// How long an idempotency key answers with its stored response; past it
    /// the key is free and the expiry sweeper deletes the record.
    pub idempotency_retention: Duration,
    /// Webhook delivery: the sender, attempts and backoff.
    pub webhooks: crate::webhooks::sender::WebhookSettings,
}

impl Default for ShardsConfig {
    fn default() -> Self {
        Self {
            mailbox_capacity: 8_192,
            max_live_actors: 100_000,
            tenant_live_share_percent: DEFAULT_TENANT_LIVE_SHARE_PERCENT,
            idle_passivate: Duration::from_secs(60),
            idempotency_retention: Duration::from_secs(
                DEFAULT_IDEMPOTENCY_RETENTION_HOURS.saturating_mul(60 * 60),
            ),
            webhooks: crate::webhooks::sender::WebhookSettings::default(),
        }
    }
}

/// Coupon actors one tenant may hold: its share of the node's, at least one.
fn tenant_share(config: &ShardsConfig) -> usize {
    let percent = usize::from(config.tenant_live_share_percent.clamp(1, 100));
    (config.max_live_actors.saturating_mul(percent) / 100).max(1)
}

/// The key an actor owns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ActorKey {
    pub tenant: String,
    /// Normalized coupon code.
    pub code: String,
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
    /// The blacklist cache and fraud tally of this node.
    pub fraud: crate::fraud::Fraud,
    /// Group commit across this node's coupon actors.
    pub commits: crate::coupon::commit_queue::CommitQueue,
    /// The live coupon actors, bounded by `config.max_live_actors`.
    pub(crate) actors: Registry<Inner>,
    /// Test-only fault: a coupon actor panics when this many more commits
    /// have returned (0: never).
    #[cfg(feature = "fault-injection")]
    panic_after_commits: AtomicU64,
}

impl registry::Command for CouponCommand {
    fn fail(self, err: ActorError) {
        CouponCommand::fail(self, err);
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
                fraud: crate::fraud::Fraud::new(store.clone()),
                commits: crate::coupon::commit_queue::CommitQueue::new(store.clone()),
                store,
                clock,
                actors: Registry::new(RegistryConfig {
                    mailbox_capacity: config.mailbox_capacity,
                    max_live: config.max_live_actors,
                    max_live_per_tenant: tenant_share(&config),
                    metered: true,
                    kept_moving: "actor kept moving; retry",
                }),
                config,
                cluster,
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

    pub fn config(&self) -> &ShardsConfig {
        &self.inner.config
    }

    /// The records layer over this node's store, with its idempotency
    /// retention.
    pub fn records(&self) -> crate::records::Records {
        crate::records::Records::new(self.inner.store.clone())
            .with_idempotency_retention(self.inner.idempotency_retention())
    }

    pub fn cluster(&self) -> &Arc<Cluster> {
        &self.inner.cluster
    }

    /// This node's blacklist cache and fraud tally.
    pub fn fraud(&self) -> &crate::fraud::Fraud {
        &self.inner.fraud
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
        if cfg!(feature = "sabotage-serve-after-handoff") && self.serves_locally(tenant, code) {
            return local().await;
        }
        crate::cluster::route_traced(
            &self.inner.cluster,
            tenant,
            code,
            (|| op.to_wire(), op.trace()),
            local,
            <O::Answer as Answer>::from_wire,
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
        // A commit refused because the promotion (or the code's template)
        // changed since the actor loaded it wrote nothing, and the actor has
        // reloaded: the request is decided again against what is stored now,
        // rather than answered "retry" for a change the client did not make.
        for _ in 0..STALE_RETRIES {
            let retry = op.clone();
            match self.ask(tenant, code, |reply| retry.command(reply)).await {
                Err(ActorError::Stale) => {}
                answer => return answer,
            }
        }
        self.ask(tenant, code, |reply| op.command(reply)).await
    }

    /// Stops the actors of keys this node no longer owns (after a ring change).
    /// Each finishes and commits what its mailbox holds and exits; new requests
    /// for those keys go to their new owner.
    pub fn hand_off(&self) {
        // The `sabotage-serve-after-handoff` build is a deliberately broken
        // node that keeps serving the keys it handed off (and, in
        // `coupon::commit`, ignores the fence); the scaling simulation must
        // catch it (README, Simulation).
        if cfg!(feature = "sabotage-serve-after-handoff") {
            return;
        }
        let cluster = &self.inner.cluster;
        let moved = self
            .inner
            .actors
            .retain(|key| cluster.placement(&key.tenant, &key.code) == Placement::Local);
        if moved > 0 {
            tracing::info!(node = %cluster.node_id(), moved, "handed off actors");
        }
        self.inner.campaigns.hand_off();
    }

    /// Leaves the ring before the node stops (Kubernetes' `preStop`): the
    /// node reports itself leaving, so its peers drop it from their rings at
    /// their next probe; once they have, its actors hand off (commit what they
    /// hold and exit) and new requests for their keys go to the new owners.
    /// Requests forwarded here meanwhile are still served, so the hand-off is
    /// repeated until no actor is left or `timeout` passes. Answers the actors
    /// still alive then (0: every key handed off). A node with no peer keeps
    /// its actors (there is no one to hand them to) and answers at once.
    pub async fn leave(&self, timeout: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + timeout;
        self.inner.cluster.begin_leaving();
        if self.inner.cluster.ring().members().is_empty() {
            return self.live_actors();
        }
        let settle = Duration::from_millis(LEAVE_SETTLE_POLLS * MEMBERSHIP_POLL_MS);
        tokio::time::sleep(settle.min(timeout)).await;
        loop {
            self.hand_off();
            let live = self.live_actors();
            if live == 0 || tokio::time::Instant::now() >= deadline {
                return live;
            }
            tokio::time::sleep(Duration::from_millis(LEAVE_POLL_MS)).await;
        }
    }

    /// Whether this node has a live actor of the key (the planted bug
    /// `sabotage-serve-after-handoff` serves it whoever owns the key).
    fn serves_locally(&self, tenant: &str, code: &str) -> bool {
        self.inner.actors.contains(&ActorKey {
            tenant: tenant.to_owned(),
            code: code.to_owned(),
        })
    }

    /// Actors alive on this node.
    pub fn live_actors(&self) -> usize {
        self.inner.actors.live()
    }

    /// Coupon actors their supervisor restarted after a failure, since start.
    pub fn actor_restarts(&self) -> u64 {
        self.inner.actors.restarts()
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
        self.inner.actors.clear();
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
    /// [`ShardsConfig::idempotency_retention`] as the clock's durations; one
    /// too long for them never expires.
    pub(crate) fn idempotency_retention(&self) -> TimeDelta {
        TimeDelta::from_std(self.config.idempotency_retention).unwrap_or(TimeDelta::MAX)
    }

    /// The live coupon actors.
    pub(crate) fn actors(&self) -> &Registry<Inner> {
        &self.actors
    }

    /// Delivers `command` to the key's actor, activating it if needed.
    pub(crate) fn dispatch(self: &Arc<Self>, key: &ActorKey, command: CouponCommand) {
        registry::dispatch(self, key, command);
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
