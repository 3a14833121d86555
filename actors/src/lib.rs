//! Where redemptions are decided.
//!
//! * [`engine`] — pure functions: validity, limits and discount of a coupon for a
//!   cart. No I/O; unit- and property-tested on their own.
//! * [`limits`] — pure evaluation of per-channel, per-store, daily and time-window
//!   limits.
//! * [`coupon`] — the `CouponActor`: one per (tenant, code), the only writer of its
//!   coupon. It decides against in-memory state that includes decisions not yet
//!   committed, group-commits them (one commit in flight at a time) and replies only
//!   once a decision is durable.
//!   - [`coupon::ops`] one file per operation (redeem, validate, void, confirm,
//!     update, get, set_limits, recall): its entry point, wire mapping,
//!     decision, commit step and settle step.
//!   - [`coupon::actor`] the message loop, [`coupon::state`] the projection of
//!     committed + pending decisions, [`coupon::commit`] the batch transaction,
//!     [`coupon::load`] activation and fencing, [`coupon::lease`] the campaign
//!     quota it spends.
//! * [`campaign`] — the `CampaignActor`: owns a campaign's caps and leases quota
//!   to its coupons' actors.
//! * [`promo`] — the promotion engine: rule DSL, every discount kind, stacking,
//!   best combination and previews. Pure, like [`engine`].
//! * [`shards`] — routes (tenant, code) to its actor, activating on first use and
//!   bounding how many actors live at once; forwards to the owner node when
//!   another member of the cluster owns the key.
//! * [`cluster`] — the ring, the `ractor_cluster` sessions and gateway between
//!   nodes, membership and handoff, the peer codec, ring-singleton supervisors.
//! * [`reservations`] — the worker that expires lapsed reservations on the
//!   clock's time (a ring singleton).
//! * [`scheduler`] — the worker that runs schedules' activate and pause events
//!   (a ring singleton, fenced).
//! * [`idempotency_expiry`] — the worker that deletes idempotency records the
//!   retention has outlived, oldest first from their time index (a ring
//!   singleton).
//! * [`retention`] — the sweeper that deletes what tenants' retention
//!   policies have outlived (a ring singleton).
//! * [`fraud`] — the blacklist every validation and redemption checks (a
//!   node-wide cache, no storage read per request), per-subject counters
//!   flushed once a second, scores, and the fraud supervisor that raises
//!   alerts and quarantines (every node runs one).
//! * [`webhooks`] — the dispatcher that delivers each endpoint's journal
//!   events, signed, in order, at least once (a ring singleton, fenced).
//! * [`workers`] — periodic workers (reservation expiry, schedules,
//!   idempotency expiry, the edge's abandoned-job resumer) as `ractor` actors, each under a `ractor`
//!   supervisor that restarts it when a round fails.
//! * [`command`] — the messages an actor accepts and what it answers.
//! * [`records`] — the records layer: every stored record the actors do not own
//!   (coupons' definitions, campaigns, promotions, rules, segments, keys,
//!   schedules, jobs), typed operations with the idempotency record written in
//!   the same transaction, the one page and the one error ([`records::RecordError`]).
//! * `registry` — the one registry of keyed actors that [`shards`] and
//!   [`campaign`] route through: activation on first use, bounded mailboxes,
//!   the live-actor bound and the slot guard each activation holds; each
//!   activation runs as a `ractor` actor (`registry/actor.rs`) linked to its
//!   kind's `ractor` supervisor (`registry/supervisor.rs`), which restarts a
//!   failed one from the store on the same mailbox; commands wait in the
//!   registry's bounded mailbox (`registry/mailbox.rs`), ractor's port carries
//!   only the wake-up, the actor's own events and supervision.
//! * `start` — starts [`Shards`] with the reservation, schedule and
//!   idempotency expiry workers beside it (above them, so none depends on
//!   another in a cycle).
//! * [`error`] — [`ActorError`].
//! * [`telemetry`] — metric names.
//! * [`traces`] — distributed traces (off unless the node exports them): the
//!   spans of a request's path, each under the W3C trace context it carried.
//! * `testing` (feature `test-support`) — for other crates' tests: a store to
//!   assemble a node on, and records planted as is (shapes from before a format
//!   change), so the edge's tests need no storage dependency.

pub mod campaign;
pub mod cluster;
pub mod command;
pub mod coupon;
pub mod engine;
pub mod error;
pub mod experiments;
pub mod fraud;
pub mod idempotency_expiry;
pub mod limits;
pub mod promo;
pub mod records;
mod registry;
pub mod reservations;
pub mod retention;
pub mod scheduler;
pub mod shards;
mod start;
pub mod telemetry;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod traces;
pub mod webhooks;
pub mod workers;

pub use command::{
    CouponUpdate, RedeemRequest, UpdateKind, ValidateOutcome, VoidMode, VoidRequest,
};
pub use error::ActorError;
pub use shards::{Shards, ShardsConfig};
