//! Metric names, in one place so dashboards and code agree.

/// Counter, label `outcome` (`success` or an error code).
pub const REDEMPTIONS_TOTAL: &str = "stampede_redemptions_total";
/// Histogram: decisions carried by one commit.
pub const BATCH_SIZE: &str = "stampede_commit_batch_size";
/// Histogram: actors' batches carried by one shared transaction
/// (`coupon/commit_queue.rs`).
pub const COMMIT_PARTS: &str = "stampede_commit_parts";
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
/// Counter, label `actor` (`coupon`, `campaign`): actors a supervisor restarted after a
/// failure (a panic); each restart re-reads committed state from the store.
pub const ACTOR_RESTARTS_TOTAL: &str = "stampede_actor_restarts_total";
/// Gauge: members of this node's ring.
pub const CLUSTER_MEMBERS: &str = "stampede_cluster_members";
/// Counter: requests this node forwarded to their owner.
pub const PEER_REQUESTS_FORWARDED_TOTAL: &str = "stampede_peer_requests_forwarded_total";
/// Counter: forwarded requests this node served as the owner.
pub const PEER_REQUESTS_SERVED_TOTAL: &str = "stampede_peer_requests_served_total";
/// Counter: frames from peers that did not decode.
pub const PEER_FRAMES_REJECTED_TOTAL: &str = "stampede_peer_frames_rejected_total";
/// Counter: forwards routed again because the owner was unreachable.
pub const PEER_FORWARD_RETRIES_TOTAL: &str = "stampede_peer_forward_retries_total";
/// Attempts the fraud tally could not keep (it was full).
pub const FRAUD_UNTALLIED_TOTAL: &str = "stampede_fraud_untallied_total";
/// Alerts this node raised.
pub const FRAUD_ALERTS_TOTAL: &str = "stampede_fraud_alerts_total";
