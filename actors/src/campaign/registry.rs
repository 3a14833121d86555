//! Routing to campaign actors: at most one live actor per (tenant, campaign) on
//! this node, activated on first use, leaving the map when it passivates. A
//! message racing a passivation finds the mailbox closed and is routed again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use stampede_protocol::campaign::{Campaign, Quota};
use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;
use tokio::sync::{mpsc, oneshot};

use crate::campaign::actor;
use crate::campaign::command::{CampaignChange, CampaignCommand, Grant};
use crate::error::ActorError;

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
    pub store: SharedStore,
    pub clock: SharedClock,
    pub idle_passivate: Duration,
    actors: Mutex<HashMap<CampaignKey, Handle>>,
    next_activation: AtomicU64,
}

/// Routes requests for a campaign to its actor.
#[derive(Clone)]
pub struct Campaigns {
    inner: Arc<Inner>,
}

impl Campaigns {
    pub fn new(store: SharedStore, clock: SharedClock, idle_passivate: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                clock,
                idle_passivate,
                actors: Mutex::new(HashMap::new()),
                next_activation: AtomicU64::new(1),
            }),
        }
    }

    /// The campaign as last committed by its owner.
    pub async fn get(&self, tenant: &str, campaign_id: &str) -> Result<Campaign, ActorError> {
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Get { reply })
            .await
    }

    /// Applies a definition or lifecycle change through the owner.
    pub async fn change(
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
        self.ask(tenant, campaign_id, |reply| CampaignCommand::Acquire {
            coupon_id: coupon_id.to_owned(),
            code: code.to_owned(),
            needs,
            reply,
        })
        .await
    }

    /// Whether the campaign would grant `needs` now (validation previews):
    /// grants nothing.
    pub async fn probe(
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
        tokio::spawn(actor::run(self.clone(), key.clone(), activation_id, rx));
        (mailbox, activation_id)
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
