//! Whole nodes in one turmoil simulation: the real HTTP API, actors, routing and
//! peer protocol on each simulated host, one shared `mem` store with faults (the
//! stand-in for FoundationDB), clients that retry with idempotency keys, and a
//! seeded schedule of partitions, crashes, restarts, joins and leaves.
//!
//! * [`net`] — turmoil TCP under axum, a small HTTP client, the peer transport.
//! * [`store_link`] — each node's link to the shared store, which can be cut.
//!
//! Membership is production's failure detector (`actors::cluster::detector`):
//! every node probes every configured node through the simulated peer transport,
//! so crashes, pauses, partitions, joins and leaves move the ring as they would
//! in production, each node on its own schedule.
//! * [`scenario`] — the flash-sale scenarios, the schedule and their checks.
//! * [`grants`] — the lifecycle's reward grants, checked against its redemptions.
//! * [`scaling`] — a StatefulSet scaled out and back in under load, one pod at
//!   a time in Kubernetes' order, with readiness gating the Service.
//! * [`regions`] — two regions with latency between them, a partition, then
//!   the loss of the store's primary region and its failover.
//! * [`lifecycle`] — the whole lifecycle (reserve, confirm, release, expire,
//!   check out, void) across two tenants with a moving clock, and its checks.

mod grants;
pub mod hooks;
pub mod lifecycle;
pub mod net;
pub mod regions;
pub mod scaling;
pub mod scenario;
pub mod store_link;

pub use lifecycle::{run_lifecycle_seed, LifecycleOutcome};
pub use regions::run_region_seed;
pub use scaling::run_scaling_seed;
pub use scenario::{run_cluster_seed, ClusterOutcome, ClusterScenario, Disruption};
