//! Routing to campaign actors: at most one live actor per (tenant, campaign) on
//! this node, activated on first use, leaving the map when it passivates. A
//! message racing a passivation finds the mailbox closed and is routed again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;
use stampede_protocol::campaign::{Campaign, Quota};
use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;
use tokio::sync::{mpsc, oneshot};

use stampede_protocol::wire::{self, PeerOp};

use crate::campaign::actor;
use crate::campaign::command::{CampaignChange, CampaignCommand, Grant};
use crate::cluster::{self, campaign_ring_key, codec, Cluster, Placement};
use crate::error::ActorError;
use crate::shards::{self, Shards};
use crate::supervisor::{self, Supervised};

/// Attempts to deliver one message while its actor is passivating.
const MAX_CAMPAIGN_ROUTE_ATTEMPTS: usize = 4;
/// Messages a campaign actor's mailbox holds before senders are refused.
const CAMPAIGN_MAILBOX_CAPACITY: usize = 16_384;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CampaignKey {
    pub tenant: String,
    pub campaign_id: String,
}

struct Handle {
    activation_id: u64,
    mailbox: mpsc::Sender<CampaignCommand>,
}

pub(crate) struct Inner {
    /// Where each campaign's actor lives: campaigns are placed on the ring like
    /// coupons, so every coupon of a campaign, on whatever node, asks the same
    /// actor for quota.
    pub cluster: Arc<Cluster>,
    pub store: SharedStore,
    pub clock: SharedClock,
    pub idle_passivate: Duration,
    /// This node's coupon routing, through which campaign actors recall unused
    /// leases (set once, right after the shards that own these campaigns exist;
    /// weak, because those shards own this registry).
    coupons: OnceLock<Weak<shards::Inner>>,
    /// Whether acquires may be granted more than they ask for.
    pub prefetch: AtomicBool,
    pub stats: LeaseCounters,
    actors: Mutex<HashMap<CampaignKey, Handle>>,
    next_activation: AtomicU64,
    /// Campaign actors restarted by their supervisor after a failure.
    restarts: AtomicU64,
    /// Test-only fault: a campaign actor panics when this many more commits
    /// have returned (0: never).
    #[cfg(feature = "fault-injection")]
    panic_after_commits: AtomicU64,
}

/// A campaign activation's claim on its key in the map: dropping it, however
/// the task ends, removes the key if it still names this activation, so no key
/// stays routed to a mailbox nobody reads.
pub(crate) struct CampaignSlot {
    inner: Arc<Inner>,
    key: CampaignKey,
    activation_id: u64,
}

impl CampaignSlot {
    pub(crate) fn inner(&self) -> &Arc<Inner> {
        &self.inner
    }

    pub(crate) fn key(&self) -> &CampaignKey {
        &self.key
    }

    pub(crate) fn deregister(&self) {
        self.inner.deregister(&self.key, self.activation_id);
    }
}

impl Drop for CampaignSlot {
    fn drop(&mut self) {
        self.deregister();
    }
}

impl Supervised for CampaignSlot {
    type Command = CampaignCommand;
    type Stop = actor::Stop;
    const KIND: &'static str = "campaign";

    fn activate<'a>(
        &'a self,
        rx: &'a mut mpsc::Receiver<CampaignCommand>,
    ) -> BoxFuture<'a, actor::Stop> {
        actor::run(&self.inner, &self.key, self.activation_id, rx).boxed()
    }

    fn gave_up(&self) -> actor::Stop {
        actor::Stop::Failed(String::from("campaign actor keeps failing; retry"))
    }

    fn restarted(&self) {
        self.inner.restarts.fetch_add(1, Ordering::SeqCst);
    }

    fn finish(&self, rx: mpsc::Receiver<CampaignCommand>, stop: actor::Stop) {
        actor::finish(self, rx, stop);
    }

    fn describe(&self) -> String {
        format!("{}/{}", self.key.tenant, self.key.campaign_id)
    }
}

/// What this node's campaign actors did with leases, as counters.
#[derive(Debug, Default)]
pub(crate) struct LeaseCounters {
    pub acquires: AtomicU64,
    pub prefetched_redemptions: AtomicU64,
    pub deferred_acquires: AtomicU64,
    pub recall_rounds: AtomicU64,
    pub recalled_redemptions: AtomicU64,
}

/// What this node's campaign actors did with leases since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeaseStats {
    /// Acquires received: each one is a round trip of a coupon to its campaign.
    pub acquires: u64,
    /// Redemptions granted beyond what the acquires asked for.
    pub prefetched_redemptions: u64,
    /// Acquires held back until a recall round finished.
    pub deferred_acquires: u64,
    pub recall_rounds: u64,
    /// Redemptions of unused quota that recalled coupons gave back.
    pub recalled_redemptions: u64,
}

impl LeaseCounters {
    pub(crate) fn add(counter: &AtomicU64, by: u64) {
        counter.fetch_add(by, Ordering::Relaxed);
    }

    fn snapshot(&self) -> LeaseStats {
        LeaseStats {
            acquires: self.acquires.load(Ordering::Relaxed),
            prefetched_redemptions: self.prefetched_redemptions.load(Ordering::Relaxed),
            deferred_acquires: self.deferred_acquires.load(Ordering::Relaxed),
            recall_rounds: self.recall_rounds.load(Ordering::Relaxed),
            recalled_redemptions: self.recalled_redemptions.load(Ordering::Relaxed),
        }
    }
}

/// Routes requests for a campaign to its actor.
#[derive(Clone)]
pub struct Campaigns {
    inner: Arc<Inner>,
}

impl Campaigns {
    pub fn new(
        store: SharedStore,
        clock: SharedClock,
        idle_passivate: Duration,
        cluster: Arc<Cluster>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                cluster,
                store,
                clock,
                idle_passivate,
                coupons: OnceLock::new(),
                prefetch: AtomicBool::new(true),
                stats: LeaseCounters::default(),
                actors: Mutex::new(HashMap::new()),
                next_activation: AtomicU64::new(1),
                restarts: AtomicU64::new(0),
                #[cfg(feature = "fault-injection")]
                panic_after_commits: AtomicU64::new(0),
            }),
        }
    }

    /// Connects the coupon routing that recalls go through.
    pub(crate) fn attach_coupons(&self, coupons: Weak<shards::Inner>) {
        // Set once, by the shards that own this registry.
        let _ = self.inner.coupons.set(coupons);
    }

    /// Whether campaigns may grant an acquire more than it asks for (on by
    /// default; off makes every lease exactly what is waiting, for comparison).
    pub fn set_lease_prefetch(&self, enabled: bool) {
        self.inner.prefetch.store(enabled, Ordering::Relaxed);
    }

    /// Campaign actors their supervisor restarted after a failure, since start.
    pub fn actor_restarts(&self) -> u64 {
        self.inner.restarts.load(Ordering::SeqCst)
    }

    /// Test-only fault: the next campaign actor to see `commits` more commits
    /// return panics right then, before answering the last batch. Compiled only
    /// with `fault-injection`.
    #[cfg(feature = "fault-injection")]
    #[doc(hidden)]
    pub fn panic_campaign_actor_after_commits(&self, commits: u64) {
        self.inner
            .panic_after_commits
            .store(commits, Ordering::SeqCst);
    }

    /// What this node's campaign actors did with leases since it started.
    pub fn lease_stats(&self) -> LeaseStats {
        self.inner.stats.snapshot()
    }

    /// The campaign as last committed by its owner.
    pub async fn get(&self, tenant: &str, campaign_id: &str) -> Result<Campaign, ActorError> {
        let ring_key = campaign_ring_key(campaign_id);
        cluster::route(
            &self.inner.cluster,
            tenant,
            &ring_key,
            || {
                PeerOp::CampaignGet(wire::CampaignGetOp {
                    campaign_id: campaign_id.to_owned(),
                })
            },
            || self.get_local(tenant, campaign_id),
            codec::campaign_of,
        )
        .await
    }

    /// Applies a definition or lifecycle change through the owner.
    pub async fn change(
        &self,
        tenant: &str,
        campaign_id: &str,
        change: CampaignChange,
    ) -> Result<Campaign, ActorError> {
        let ring_key = campaign_ring_key(campaign_id);
        cluster::route(
            &self.inner.cluster,
            tenant,
            &ring_key,
            || PeerOp::CampaignChange(codec::change_to_wire(campaign_id, &change)),
            || self.change_local(tenant, campaign_id, change.clone()),
            codec::campaign_of,
        )
        .await
    }

    /// Asks quota for each of `needs`, in order; granted quota is durable in the
    /// coupon's lease when this answers.
    pub async fn acquire(
        &self,
        tenant: &str,
        campaign_id: &str,
        coupon_id: &str,
        code: &str,
        needs: Vec<Quota>,
    ) -> Result<Grant, ActorError> {
        let ring_key = campaign_ring_key(campaign_id);
        cluster::route(
            &self.inner.cluster,
            tenant,
            &ring_key,
            || {
                PeerOp::CampaignAcquire(wire::CampaignAcquireOp {
                    campaign_id: campaign_id.to_owned(),
                    coupon_id: coupon_id.to_owned(),
                    coupon_code: code.to_owned(),
                    needs_json: codec::json(&needs),
                })
            },
            || self.acquire_local(tenant, campaign_id, coupon_id, code, needs.clone()),
            codec::grant_of,
        )
        .await
    }

    /// Gives a passivating coupon's unused lease back (best effort: a lost return
    /// only strands quota with the coupon, which its next activation uses).
    pub fn give_back(
        &self,
        tenant: &str,
        campaign_id: &str,
        coupon_id: &str,
        code: &str,
        epoch: u64,
    ) {
        let ring_key = campaign_ring_key(campaign_id);
        if self.inner.cluster.placement(tenant, &ring_key) == Placement::Local {
            self.give_back_local(tenant, campaign_id, coupon_id, code, epoch);
            return;
        }
        let this = self.clone();
        let (tenant, campaign_id) = (tenant.to_owned(), campaign_id.to_owned());
        let (coupon_id, code) = (coupon_id.to_owned(), code.to_owned());
        tokio::spawn(async move {
            let op = || {
                PeerOp::CampaignReturn(wire::CampaignReturnOp {
                    campaign_id: campaign_id.clone(),
                    coupon_id: coupon_id.clone(),
                    coupon_code: code.clone(),
                    epoch,
                })
            };
            let local = || async {
                this.give_back_local(&tenant, &campaign_id, &coupon_id, &code, epoch);
                Ok(())
            };
            let ring_key = campaign_ring_key(&campaign_id);
            let routed = cluster::route(
                &this.inner.cluster,
                &tenant,
                &ring_key,
                op,
                local,
                codec::ack_of,
            );
            if let Err(err) = routed.await {
                tracing::debug!(error = %err, "lease return not delivered; the coupon keeps it");
            }
        });
    }

    pub(crate) async fn get_local(
        &self,
        tenant: &str,
        campaign_id: &str,
    ) -> Result<Campaign, ActorError> {
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Get { reply })
            .await
    }

    pub(crate) async fn change_local(
        &self,
        tenant: &str,
        campaign_id: &str,
        change: CampaignChange,
    ) -> Result<Campaign, ActorError> {
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Change {
            change: Box::new(change),
            reply,
        })
        .await
    }

    pub(crate) async fn acquire_local(
        &self,
        tenant: &str,
        campaign_id: &str,
        coupon_id: &str,
        code: &str,
        needs: Vec<Quota>,
    ) -> Result<Grant, ActorError> {
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Acquire {
            coupon_id: coupon_id.to_owned(),
            code: code.to_owned(),
            needs,
            reply,
        })
        .await
    }

    /// Whether the campaign would grant `needs` now (validation previews):
    /// grants nothing. Asked of the campaign's owner.
    pub async fn probe(
        &self,
        tenant: &str,
        campaign_id: &str,
        needs: Vec<Quota>,
    ) -> Result<Grant, ActorError> {
        let ring_key = campaign_ring_key(campaign_id);
        cluster::route(
            &self.inner.cluster,
            tenant,
            &ring_key,
            || {
                PeerOp::CampaignProbe(wire::CampaignProbeOp {
                    campaign_id: campaign_id.to_owned(),
                    needs_json: codec::json(&needs),
                })
            },
            || self.probe_local(tenant, campaign_id, needs.clone()),
            codec::grant_of,
        )
        .await
    }

    pub(crate) async fn probe_local(
        &self,
        tenant: &str,
        campaign_id: &str,
        needs: Vec<Quota>,
    ) -> Result<Grant, ActorError> {
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Probe {
            needs,
            reply,
        })
        .await
    }

    pub(crate) fn give_back_local(
        &self,
        tenant: &str,
        campaign_id: &str,
        coupon_id: &str,
        code: &str,
        epoch: u64,
    ) {
        let key = CampaignKey {
            tenant: tenant.to_owned(),
            campaign_id: campaign_id.to_owned(),
        };
        self.inner.dispatch(
            &key,
            CampaignCommand::Return {
                coupon_id: coupon_id.to_owned(),
                code: code.to_owned(),
                epoch,
            },
        );
    }

    /// Stops the actors of campaigns this node no longer owns (after a ring
    /// change); they commit what they hold and exit.
    pub fn hand_off(&self) {
        let cluster = &self.inner.cluster;
        self.inner.lock().retain(|key, _| {
            cluster.placement(&key.tenant, &campaign_ring_key(&key.campaign_id)) == Placement::Local
        });
    }

    /// Stops routing; live actors finish their batch and exit.
    pub fn shutdown(&self) {
        self.inner.lock().clear();
    }

    async fn ask<T>(
        &self,
        tenant: &str,
        campaign_id: &str,
        make: impl FnOnce(oneshot::Sender<Result<T, ActorError>>) -> CampaignCommand,
    ) -> Result<T, ActorError> {
        let (reply, answer) = oneshot::channel();
        let key = CampaignKey {
            tenant: tenant.to_owned(),
            campaign_id: campaign_id.to_owned(),
        };
        self.inner.dispatch(&key, make(reply));
        answer.await.unwrap_or_else(|_| {
            Err(ActorError::Unavailable(String::from(
                "campaign actor stopped; retry",
            )))
        })
    }
}

impl Inner {
    /// This node's coupon routing, unless it is shutting down.
    pub(crate) fn coupons(&self) -> Option<Shards> {
        let inner = self.coupons.get()?.upgrade()?;
        Some(Shards::from_inner(inner))
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<CampaignKey, Handle>> {
        self.actors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn dispatch(self: &Arc<Self>, key: &CampaignKey, mut command: CampaignCommand) {
        for _ in 0..MAX_CAMPAIGN_ROUTE_ATTEMPTS {
            let (mailbox, activation_id) = self.mailbox(key);
            match mailbox.try_send(command) {
                Ok(()) => return,
                Err(mpsc::error::TrySendError::Full(back)) => {
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
            "campaign actor kept moving; retry",
        )));
    }

    fn mailbox(self: &Arc<Self>, key: &CampaignKey) -> (mpsc::Sender<CampaignCommand>, u64) {
        let mut actors = self.lock();
        if let Some(handle) = actors.get(key) {
            return (handle.mailbox.clone(), handle.activation_id);
        }
        let activation_id = self.next_activation.fetch_add(1, Ordering::SeqCst);
        let (mailbox, rx) = mpsc::channel(CAMPAIGN_MAILBOX_CAPACITY);
        actors.insert(
            key.clone(),
            Handle {
                activation_id,
                mailbox: mailbox.clone(),
            },
        );
        drop(actors);
        let slot = CampaignSlot {
            inner: self.clone(),
            key: key.clone(),
            activation_id,
        };
        tokio::spawn(supervisor::supervise(slot, rx));
        (mailbox, activation_id)
    }

    /// The `fault-injection` hook: panics once the armed count of commits ran out.
    #[cfg(feature = "fault-injection")]
    pub(crate) fn injected_commit_fault(&self) {
        let armed =
            self.panic_after_commits
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if armed == Ok(1) {
            panic!("injected fault: campaign actor panics after a commit");
        }
    }

    pub(crate) fn deregister(&self, key: &CampaignKey, activation_id: u64) {
        let mut actors = self.lock();
        if actors
            .get(key)
            .is_some_and(|h| h.activation_id == activation_id)
        {
            actors.remove(key);
        }
    }

    /// Leaves the map only if nothing is queued, so no message is stranded.
    pub(crate) fn try_deregister_idle(
        &self,
        key: &CampaignKey,
        activation_id: u64,
        rx: &mpsc::Receiver<CampaignCommand>,
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
}
