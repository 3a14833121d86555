//! Starting a node's routing: [`Shards`] with the workers that run beside
//! it — reservation expiry ([`crate::reservations`]), schedules
//! ([`crate::scheduler`]) and idempotency expiry ([`crate::idempotency_expiry`]). They need the shards to act; the shards need nothing
//! of them, so they are started here, above both.

use std::sync::{Arc, Weak};
use std::time::Duration;

use futures::future::BoxFuture;

use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;

use crate::cluster::Cluster;
use crate::shards::{Inner, Shards, ShardsConfig};
use crate::workers::{Factory, Worker};

impl Shards {
    /// Shards of a cluster of one. Also starts the reservation expiry, scheduler
    /// and idempotency expiry workers (each under its supervisor) when called
    /// inside a tokio runtime; they stop when the last handle is dropped.
    pub fn new(store: SharedStore, clock: SharedClock, config: ShardsConfig) -> Self {
        Self::with_cluster(store, clock, config, Cluster::single("local"))
    }

    /// Shards of one node of `cluster`: keys other members own are forwarded.
    pub fn with_cluster(
        store: SharedStore,
        clock: SharedClock,
        config: ShardsConfig,
        cluster: Arc<Cluster>,
    ) -> Self {
        assert!(config.mailbox_capacity > 0 && config.max_live_actors > 0);
        let shards = Self::build(store, clock, config, cluster);
        if tokio::runtime::Handle::try_current().is_ok() {
            let weak = Arc::downgrade(&shards.inner);
            let factories = [
                crate::reservations::worker(weak.clone()),
                crate::scheduler::worker(weak.clone()),
                crate::idempotency_expiry::worker(weak.clone()),
                crate::webhooks::worker(weak.clone()),
                crate::retention::worker(weak.clone()),
                crate::experiments::worker(weak.clone()),
                fraud_worker(weak),
            ];
            for factory in factories {
                tokio::spawn(async move {
                    if let Err(err) = crate::workers::supervise(factory).await {
                        tracing::error!(error = %err, "could not start a worker's supervisor");
                    }
                });
            }
        }
        shards
    }
}

impl Shards {
    /// One round of this node's fraud supervisor (`fraud::round`): flush the
    /// tally, evaluate, alert, quarantine, forget old counters. Tests call it
    /// instead of waiting for the worker.
    pub async fn fraud_round(&self) -> Result<usize, stampede_storage::StorageError> {
        let records = self
            .records()
            .by(stampede_protocol::event::Provenance::system("fraud"));
        crate::fraud::round(&self.inner.fraud, &records, self.clock().now()).await
    }
}

/// The fraud supervisor: [`Shards::fraud_round`] every
/// [`crate::fraud::FRAUD_ROUND_MS`] on every node.
fn fraud_worker(shards: Weak<Inner>) -> Factory {
    Arc::new(move || {
        Box::new(FraudSupervisor {
            shards: shards.clone(),
        })
    })
}

struct FraudSupervisor {
    shards: Weak<Inner>,
}

impl Worker for FraudSupervisor {
    fn name(&self) -> &'static str {
        "fraud"
    }

    fn period(&self) -> Duration {
        Duration::from_millis(crate::fraud::FRAUD_ROUND_MS)
    }

    fn round(&mut self) -> BoxFuture<'_, bool> {
        Box::pin(async move {
            let Some(inner) = self.shards.upgrade() else {
                return false;
            };
            if let Err(err) = Shards::from_inner(inner).fraud_round().await {
                tracing::warn!(error = %err, "fraud round failed");
            }
            true
        })
    }
}
