//! The coupon actor: one per (tenant, code), the only writer of its coupon.
//!
//! Each operation (redeem, validate, void, confirm, update, get, set_limits,
//! recall) is one file of [`ops`]: its entry point, its wire mapping, its
//! decision on the projection, its commit step and its settle step. What they
//! share: the projection of committed + pending decisions is [`state`], the
//! batch transaction [`commit`], shared with other actors' batches by the
//! node's group commit [`commit_queue`], a campaign coupon's quota lease [`lease`],
//! activation [`load`]; the analytics rollups its commits add to [`rollup`] (what it tallies between commits: [`tally`]); rules, segment restrictions and the promotion behind a
//! promotion's code are [`conditions`]; the reward grant a `success` writes is
//! [`reward`]. The loop that ties them together —
//! drain the mailbox, prefetch per-customer and usage counts, decide, keep one
//! commit in flight, reply after durability — is [`actor`], with the one
//! verdict in `actor/verdict.rs` and its campaign-lease, limit and refresh steps
//! in `actor/lease_flow.rs`, `actor/limit_flow.rs` and `actor/refresh_flow.rs`.

pub(crate) mod activation;
pub(crate) mod actor;
pub(crate) mod commit;
pub(crate) mod commit_queue;
pub(crate) mod conditions;
pub(crate) mod lease;
pub(crate) mod load;
pub(crate) mod ops;
pub(crate) mod reward;
pub(crate) mod rollup;
pub(crate) mod state;
pub(crate) mod tally;

/// Most messages taken from the mailbox before deciding them as one chunk.
pub const MAX_DRAIN_MESSAGES: usize = 1_024;
/// Most decisions carried by one commit. Bounds the transaction well under
/// FoundationDB's 10 MB: a redemption writes about 3 kB.
pub const MAX_BATCH_DECISIONS: usize = 1_024;
/// How long an actor decides on the strength of its last confirmed fence (an
/// activation, a commit, or a check) before it checks the owner epoch again.
/// A commit always checks it, so this bounds only refusals: an activation that
/// lost ownership without its node noticing (the two sides of a partition, a
/// paused node) and has nothing to commit would otherwise refuse from counts
/// its successor has moved on, for as long as it stays alive.
pub const FENCE_RECHECK_MS: u64 = 250;
/// The share of the node's live-actor bound (`max_live_actors`), in percent,
/// past which idle coupon actors passivate after [`CROWDED_IDLE_MS`].
pub const CROWDED_PERCENT: usize = 10;

/// How long an idle coupon actor lives while the node is crowded, in ms.
pub const CROWDED_IDLE_MS: u64 = 1_000;
/// Per-customer counts cached per actor before idle customers are evicted.
pub const MAX_CACHED_CUSTOMERS: usize = 65_536;
/// Idempotency keys an actor remembers the answer of, beyond what is in storage.
pub const MAX_REMEMBERED_IDEMPOTENCY_KEYS: usize = 16_384;
