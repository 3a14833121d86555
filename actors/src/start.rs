//! Starting a node's routing: [`Shards`] with the workers that run beside
//! it — reservation expiry ([`crate::reservations`]), schedules
//! ([`crate::scheduler`]) and idempotency expiry ([`crate::idempotency_expiry`]). They need the shards to act; the shards need nothing
//! of them, so they are started here, above both.

use std::sync::Arc;

use stampede_protocol::clock::SharedClock;
use stampede_storage::SharedStore;

use crate::cluster::Cluster;
use crate::shards::{Shards, ShardsConfig};

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
                crate::fraud::worker(weak),
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
