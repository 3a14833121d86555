//! The campaign actor: one per (tenant, campaign), the only writer of its campaign
//! record after creation, and the owner of the campaign's caps.
//!
//! Coupon actors never touch the campaign's counters. They spend from a *lease*
//! (`keys::campaign_lease`) that this actor grants in the same transaction that
//! raises the campaign's `granted` total, which never exceeds the budget; so however
//! many coupons (and nodes) share a campaign, it cannot overspend. A coupon asks for
//! quota when its lease cannot cover the redemptions waiting on it, and gives unused
//! quota back when it passivates.
//!
//! * [`command`] — what the actor is asked and answers.
//! * [`actor`] — the loop: drain, decide against the in-memory record, commit the
//!   batch in one transaction, reply.
//! * [`commit`] — the batch transaction (fence, grants, returns, lifecycle gate).
//! * [`registry`] — [`Campaigns`]: routes (tenant, campaign id) to its actor.

pub(crate) mod actor;
pub mod command;
pub(crate) mod commit;
pub mod registry;

pub use command::{CampaignChange, ChangeKind, Grant};
pub use registry::Campaigns;

/// Most messages a campaign actor decides as one batch (one commit).
pub const MAX_CAMPAIGN_BATCH_MESSAGES: usize = 512;
/// Redemptions one acquire may ask quota for; bounds a grant's size.
pub const MAX_NEEDS_PER_ACQUIRE: usize = 1_024;
/// Leases one return sweep (pause or delete) visits.
pub const MAX_LEASES_READ_PER_CAMPAIGN: usize = 100_000;
