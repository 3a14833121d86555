//! The campaign actor: one per (tenant, campaign), the only writer of its campaign
//! record after creation, and the owner of the campaign's caps.
//!
//! Coupon actors never touch the campaign's counters. They spend from a *lease*
//! (`keys::campaign_lease`) that this actor grants in the same transaction that
//! raises the campaign's `granted` total, which never exceeds the budget; so however
//! many coupons (and nodes) share a campaign, it cannot overspend. A coupon asks for
//! quota when its lease cannot cover the redemptions waiting on it (the campaign
//! may grant more, a prefetch, sized by the coupon's demand and a fair share of
//! what is left), and gives unused quota back when it passivates or when the
//! campaign recalls it because another coupon needs what the budget has lent out.
//!
//! * [`command`] — what the actor is asked and answers.
//! * [`actor`] — the loop: drain, decide against the in-memory record, commit the
//!   batch in one transaction, reply.
//! * [`commit`] — the batch transaction (fence, grants, returns, lifecycle gate).
//! * `fence` — whether an activation that decides without committing (a
//!   refusal) still owns its campaign.
//! * [`recall`] — a recall round: asking coupons for the quota they hold unspent.
//! * [`registry`] — [`Campaigns`]: routes (tenant, campaign id) to its actor.
//! * `shared` — what the actors, recall rounds and routing share: the store,
//!   the clock, lease counters and the registry of live campaign actors.
//! * `activation` — the campaign actor as a keyed actor of the registry.

mod activation;
pub(crate) mod actor;
pub mod command;
pub(crate) mod commit;
mod fence;
pub(crate) mod recall;
pub mod registry;
pub(crate) mod shared;

pub use command::{CampaignChange, ChangeKind, Grant, LeaseReturn};
pub use registry::{Campaigns, LeaseStats};

/// Most messages a campaign actor decides as one batch (one commit).
pub const MAX_CAMPAIGN_BATCH_MESSAGES: usize = 512;
/// Redemptions one acquire may ask quota for; bounds a grant's size.
pub const MAX_NEEDS_PER_ACQUIRE: usize = 1_024;
/// Leases one return sweep (pause or delete) visits.
pub const MAX_LEASES_READ_PER_CAMPAIGN: usize = 100_000;

/// Most redemptions one acquire is granted beyond what it asks for.
pub const MAX_LEASE_PREFETCH_REDEMPTIONS: u64 = 1_024;
/// A prefetch covers what the coupon is expected to spend over this long, at the
/// rate it spent its previous grant.
pub const LEASE_PREFETCH_HORIZON_MS: u64 = 500;
/// No prefetch this close to a campaign's end: quota held in a lease is spent
/// without asking the campaign again.
pub const LEASE_PREFETCH_END_MARGIN_SECS: i64 = 60;
/// A coupon that asked for quota this recently counts as an active leaseholder
/// (a sharer of what remains).
pub const LEASEHOLDER_ACTIVE_MS: u64 = 10_000;
/// Leaseholders one campaign actor tracks for demand rates and fair shares.
pub const MAX_TRACKED_LEASEHOLDERS: usize = 10_000;
/// Recall rounds one acquire waits through before a shortfall is refused.
pub const MAX_RECALL_ROUNDS_PER_ACQUIRE: u32 = 2;
/// After a recall round found nothing to take back, short acquires are refused
/// at once for this long (unless a round is already under way).
pub const RECALL_FUTILE_COOLDOWN_MS: u64 = 250;
/// How long a recall round waits for the coupons it asked; well under a peer
/// forward's timeout, so the acquire waiting on it is still answered in time.
pub const RECALL_ROUND_TIMEOUT_MS: u64 = 1_000;
/// Coupons one recall round asks (those holding the most first).
pub const MAX_RECALLED_COUPONS_PER_ROUND: usize = 256;
/// Leases one recall round reads to find who holds unspent quota.
pub const MAX_LEASES_READ_PER_RECALL: usize = 10_000;
