//! Seeded fault scenarios.
//!
//! Each scenario runs the real coupon actors over the `mem` store with injected
//! faults (1020, 1021, 1007, commit latency) on a current-thread runtime with
//! paused time, drives clients that retry with idempotency keys, and then checks
//! DESIGN §4's invariants against the store and against what clients were told:
//!
//! * `uses_count` equals the number of success redemptions stored, never above
//!   `max_uses`; per-customer counts never above `per_customer_limit`;
//! * every redemption acknowledged to a client is stored;
//! * one idempotency key yields at most one redemption, and every reply for it
//!   names the same one.
//!
//! `SIM_SEED=n` replays one seed; `SIM_SEEDS=n` runs seeds `0..n`, `SIM_BASE=b`
//! runs `b..b+n` ([`seeds`]). A failing seed prints itself.
//!
//! * [`scenario`] — one node's coupon actors under storage faults.
//! * [`cluster`] — whole nodes (HTTP API, actors, routing, peer protocol) in one
//!   turmoil simulation with partitions, crashes, joins and leaves.
//! * [`store_view`] — scenario setup and the read-back the checks use.

pub mod cluster;
pub mod scenario;
pub mod store_view;

pub use cluster::{
    run_cluster_seed, run_lifecycle_seed, run_region_seed, run_scaling_seed, ClusterOutcome,
    ClusterScenario, Disruption, LifecycleOutcome,
};
pub use scenario::{run_seed, Outcome, ScenarioConfig};

/// The seeds a test runs: `SIM_SEED=n` alone, else `SIM_SEEDS` of them
/// (`default_count` when unset) from `SIM_BASE` (0 when unset).
pub fn seeds(default_count: u64) -> Vec<u64> {
    let var = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    if let Some(seed) = var("SIM_SEED") {
        return vec![seed];
    }
    let count = var("SIM_SEEDS").unwrap_or(default_count);
    let base = var("SIM_BASE").unwrap_or(0);
    (base..base.saturating_add(count)).collect()
}
