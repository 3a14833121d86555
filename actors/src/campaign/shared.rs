//! What this node's campaign actors share: the store, the clock, the cluster,
//! the coupon routing that recalls go through, lease counters, and the
//! registry of live campaign actors. Below the actor, recall and routing
//! modules, which all read it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;

use crate::campaign::command::CampaignCommand;
use crate::cluster::Cluster;
use crate::error::ActorError;
use crate::registry::{self, Registry, RegistryConfig};
use crate::shards::{self, Shards};

/// Messages a campaign actor's mailbox holds before senders are refused.
const CAMPAIGN_MAILBOX_CAPACITY: usize = 16_384;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CampaignKey {
    pub tenant: String,
    pub campaign_id: String,
}

/// State shared by [`crate::campaign::Campaigns`] and the campaign actors it
/// started.
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
    /// The live campaign actors (not bounded in number, and not reported in
    /// the coupon actors' metrics).
    pub actors: Registry<Inner>,
    /// Test-only fault: a campaign actor panics when this many more commits
    /// have returned (0: never).
    #[cfg(feature = "fault-injection")]
    panic_after_commits: AtomicU64,
}

impl registry::Command for CampaignCommand {
    fn fail(self, err: ActorError) {
        CampaignCommand::fail(self, err);
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

impl LeaseCounters {
    pub(crate) fn add(counter: &AtomicU64, by: u64) {
        counter.fetch_add(by, Ordering::Relaxed);
    }
}

impl Inner {
    pub(crate) fn new(
        store: SharedStore,
        clock: SharedClock,
        idle_passivate: Duration,
        cluster: Arc<Cluster>,
    ) -> Self {
        Self {
            cluster,
            store,
            clock,
            idle_passivate,
            coupons: OnceLock::new(),
            prefetch: AtomicBool::new(true),
            stats: LeaseCounters::default(),
            actors: Registry::new(RegistryConfig {
                mailbox_capacity: CAMPAIGN_MAILBOX_CAPACITY,
                max_live: usize::MAX,
                max_live_per_tenant: usize::MAX,
                metered: false,
                kept_moving: "campaign actor kept moving; retry",
            }),
            #[cfg(feature = "fault-injection")]
            panic_after_commits: AtomicU64::new(0),
        }
    }

    /// Connects the coupon routing that recalls go through.
    pub(crate) fn attach_coupons(&self, coupons: Weak<shards::Inner>) {
        // Set once, by the shards that own this registry.
        let _ = self.coupons.set(coupons);
    }

    /// This node's coupon routing, unless it is shutting down.
    pub(crate) fn coupons(&self) -> Option<Shards> {
        let inner = self.coupons.get()?.upgrade()?;
        Some(Shards::from_inner(inner))
    }

    /// Delivers `command` to the campaign's actor, activating it if needed.
    pub(crate) fn dispatch(self: &Arc<Self>, key: &CampaignKey, command: CampaignCommand) {
        registry::dispatch(self, key, command);
    }

    /// Arms the `fault-injection` hook (see
    /// [`crate::campaign::Campaigns::panic_campaign_actor_after_commits`]).
    #[cfg(feature = "fault-injection")]
    pub(crate) fn panic_after_commits(&self, commits: u64) {
        self.panic_after_commits.store(commits, Ordering::SeqCst);
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
}
