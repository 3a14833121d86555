//! Metric names, in one place so dashboards and code agree.

/// Counter, label `outcome` (`success` or an error code).
pub const REDEMPTIONS_TOTAL: &str = "stampede_redemptions_total";
/// Histogram: decisions carried by one commit.
pub const BATCH_SIZE: &str = "stampede_commit_batch_size";
/// Histogram: seconds from commit start to durable.
pub const COMMIT_SECONDS: &str = "stampede_commit_seconds";
/// Counter, label `result` (`ok`, `failed`, `fenced`).
pub const COMMITS_TOTAL: &str = "stampede_commits_total";
/// Gauge: coupon actors alive on this node.
pub const LIVE_ACTORS: &str = "stampede_live_actors";
/// Counter: requests refused because a mailbox was full.
pub const MAILBOX_FULL_TOTAL: &str = "stampede_mailbox_full_total";
/// Counter: actor activations and passivations.
pub const ACTIVATIONS_TOTAL: &str = "stampede_actor_activations_total";
pub const PASSIVATIONS_TOTAL: &str = "stampede_actor_passivations_total";
