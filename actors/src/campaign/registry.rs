//! Routing to campaign actors: at most one live actor per (tenant, campaign) on
//! this node, activated on first use, leaving the map when it passivates. A
//! message racing a passivation finds the mailbox closed and is routed again.
//! The map and its rules are the crate's one registry of keyed actors
//! (`crate::registry`), the one coupons are routed through too.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use stampede_protocol::campaign::{Campaign, Quota};
use stampede_protocol::clock::SharedClock;
use stampede_protocol::wire::{self, PeerOp};
use stampede_storage::SharedStore;
use tokio::sync::oneshot;

use crate::campaign::command::{CampaignChange, CampaignCommand, Grant};
use crate::campaign::shared::{CampaignKey, Inner, LeaseCounters};
use crate::cluster::{self, campaign_ring_key, codec, Cluster, Placement};
use crate::error::ActorError;
use crate::shards;

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

impl LeaseStats {
    fn of(counters: &LeaseCounters) -> Self {
        Self {
            acquires: counters.acquires.load(Ordering::Relaxed),
            prefetched_redemptions: counters.prefetched_redemptions.load(Ordering::Relaxed),
            deferred_acquires: counters.deferred_acquires.load(Ordering::Relaxed),
            recall_rounds: counters.recall_rounds.load(Ordering::Relaxed),
            recalled_redemptions: counters.recalled_redemptions.load(Ordering::Relaxed),
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
            inner: Arc::new(Inner::new(store, clock, idle_passivate, cluster)),
        }
    }

    /// Connects the coupon routing that recalls go through.
    pub(crate) fn attach_coupons(&self, coupons: Weak<shards::Inner>) {
        self.inner.attach_coupons(coupons);
    }

    /// Whether campaigns may grant an acquire more than it asks for (on by
    /// default; off makes every lease exactly what is waiting, for comparison).
    pub fn set_lease_prefetch(&self, enabled: bool) {
        self.inner.prefetch.store(enabled, Ordering::Relaxed);
    }

    /// Campaign actors their supervisor restarted after a failure, since start.
    pub fn actor_restarts(&self) -> u64 {
        self.inner.actors.restarts()
    }

    /// Test-only fault: the next campaign actor to see `commits` more commits
    /// return panics right then, before answering the last batch. Compiled only
    /// with `fault-injection`.
    #[cfg(feature = "fault-injection")]
    #[doc(hidden)]
    pub fn panic_campaign_actor_after_commits(&self, commits: u64) {
        self.inner.panic_after_commits(commits);
    }

    /// What this node's campaign actors did with leases since it started.
    pub fn lease_stats(&self) -> LeaseStats {
        LeaseStats::of(&self.inner.stats)
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
        self.inner.actors.retain(|key| {
            cluster.placement(&key.tenant, &campaign_ring_key(&key.campaign_id)) == Placement::Local
        });
    }

    /// Stops routing; live actors finish their batch and exit.
    pub fn shutdown(&self) {
        self.inner.actors.clear();
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
