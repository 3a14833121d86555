//! Ring singletons: supervisors (reservation expiry, scheduler, idempotency
//! expiry) that run on one node of the cluster at a time, placed on the ring
//! like any key.
//!
//! A node leads a supervisor while the ring places the supervisor's key on it.
//! Gaining the lead bumps the supervisor's owner epoch in the store (as activating
//! an actor does); before acting, and inside the transactions a supervisor writes,
//! the leader re-reads the epoch, so a node that lost the lead and has not noticed
//! yet steps aside instead of acting twice.

use std::sync::{Arc, Weak};
use std::time::Duration;

use futures::future::BoxFuture;
use stampede_storage::keys::SYSTEM_TENANT;
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::Placement;
use crate::coupon::load::read_epoch;
use crate::shards::{Inner, Shards};
use crate::workers::{Factory, Worker};

/// A supervisor's claim on its lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub name: &'static str,
    pub epoch: u64,
}

impl Fence {
    /// Whether this claim is still the current one (a real read: a later claim
    /// makes the reading transaction conflict).
    pub async fn holds(&self, tx: &mut dyn Transaction) -> Result<bool, StorageError> {
        let key = keys::supervisor_owner(self.name);
        Ok(read_epoch(tx.get(&key).await?, &key)? == self.epoch)
    }
}

/// One node's view of whether it leads a supervisor.
#[derive(Debug)]
pub struct Singleton {
    name: &'static str,
    fence: Option<Fence>,
}

impl Singleton {
    pub fn new(name: &'static str) -> Self {
        Self { name, fence: None }
    }

    /// The fence to act under when this node leads now; claims a new epoch when
    /// it has just gained the lead. `None`: another member leads.
    pub async fn lead(&mut self, shards: &Shards) -> Result<Option<Fence>, StorageError> {
        let ring_key = format!("supervisor/{}", self.name);
        if shards.cluster().placement(SYSTEM_TENANT, &ring_key) != Placement::Local {
            self.fence = None;
            return Ok(None);
        }
        if let Some(fence) = &self.fence {
            let mut tx = shards.store().begin().await?;
            if fence.holds(tx.as_mut()).await? {
                return Ok(Some(fence.clone()));
            }
        }
        let name = self.name;
        let epoch = run(shards.store().as_ref(), RetryPolicy::default(), move |tx| {
            Box::pin(async move {
                let key = keys::supervisor_owner(name);
                let epoch = read_epoch(tx.get(&key).await?, &key)? + 1;
                tx.set(&key, &keys::encode_epoch(epoch))?;
                Ok(epoch)
            })
        })
        .await?;
        tracing::info!(supervisor = name, epoch, "leading supervisor");
        let fence = Fence { name, epoch };
        self.fence = Some(fence.clone());
        Ok(Some(fence))
    }
}

/// One round of a singleton's work, under the fence of its lead; answers how
/// many things it did.
pub(crate) type Sweep =
    for<'a> fn(&'a Shards, &'a Fence) -> BoxFuture<'a, Result<usize, StorageError>>;

/// A worker (see [`crate::workers`]) that runs `sweep` every `period` while
/// this node leads the singleton `name`, until the node's shards are dropped.
pub(crate) fn sweeper(
    name: &'static str,
    period: Duration,
    shards: Weak<Inner>,
    sweep: Sweep,
) -> Factory {
    Arc::new(move || {
        Box::new(Sweeper {
            period,
            shards: shards.clone(),
            lead: Singleton::new(name),
            sweep,
        })
    })
}

struct Sweeper {
    period: Duration,
    shards: Weak<Inner>,
    lead: Singleton,
    sweep: Sweep,
}

impl Worker for Sweeper {
    fn name(&self) -> &'static str {
        self.lead.name
    }

    fn period(&self) -> Duration {
        self.period
    }

    fn round(&mut self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let Some(inner) = self.shards.upgrade() else {
                return false;
            };
            let shards = Shards::from_inner(inner);
            let name = self.lead.name;
            match self.lead.lead(&shards).await {
                Ok(Some(fence)) => {
                    if let Err(err) = (self.sweep)(&shards, &fence).await {
                        tracing::warn!(worker = name, error = %err, "sweep failed");
                    }
                }
                Ok(None) => {}
                Err(err) => tracing::warn!(worker = name, error = %err, "lead failed"),
            }
            true
        })
    }
}
