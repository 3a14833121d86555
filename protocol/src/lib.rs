//! Stampede's shared vocabulary: the types every other crate speaks.
//!
//! Nothing here does I/O. The crate is the bottom of the dependency graph
//! (protocol ← storage ← actors ← api ← node), so anything two crates must agree
//! on lives here.
//!
//! * [`analytics`] — the analytics query language, its metrics and answers.
//! * [`api_key`] — API keys' scopes and stored records.
//! * [`bulk`] — bulk redemption jobs and their per-row results.
//! * [`coupon`] — the coupon resource, its kinds, status and applicability.
//! * [`campaign`] — campaigns, their budgets and the quota leases coupons spend.
//! * [`channel`] — channels (built in and a tenant's own) and campaigns'
//!   creatives.
//! * [`redemption`] — redemption records and the checkout context they are decided on.
//! * [`schedule`] — schedules that activate and pause targets on time.
//! * [`money`] — decimal money, ISO 4217 minor units and the one rounding step.
//! * [`clock`] — the `Clock` trait: wall-clock time comes from here, never from
//!   `SystemTime` directly, so simulations can move time.
//! * [`idempotency`] — stored responses of idempotent mutations.
//! * [`ids`] — prefixed, time-ordered identifiers.
//! * [`job`] — background jobs of every kind: their record, counters and error
//!   report lines.
//! * [`experiment`] — A/B experiments, their assignments and results.
//! * [`event`] — the journal every effect appends to: read as the audit log
//!   and delivered by webhooks.
//! * [`error`] — stable machine error codes shared by every edge.
//! * [`limit_set`] — per-channel, per-store and daily caps and time windows.
//! * [`limits`] — every bound the service enforces, as named constants with units.
//! * [`code`] — coupon code validation and normalization.
//! * [`code_pattern`] — patterns (`SUMMER-{RAND:8}`) and charsets for bulk
//!   generation: the `i`-th code of a seed, distinct by construction.
//! * [`validate`] — bounds on outside values (a client's request, a peer's
//!   frame), each refusal naming its field.
//! * [`wire`] — protobuf (prost) messages between nodes.
//! * [`promotion`] — promotions in the engine's normalized shape, the preview
//!   context, and campaign promotions (seed 001).
//! * [`retention`] — a tenant's retention policy.
//! * [`rule`] — stored rules of the rule DSL.
//! * [`segment`] — customer segments.
//! * [`webhook`] — webhook endpoints, their delivery cursor and deliveries.
//! * [`trace_context`] — W3C `traceparent`: parsed strictly, carried from the
//!   edge to the deciding actor and across peer sessions.
//! * [`trigger`] — event-triggered coupons (seed 002 `auto_generate`): the
//!   template's trigger, ingested user events and what they generated.

pub mod analytics;
pub mod api_key;
pub mod bulk;
pub mod campaign;
pub mod channel;
pub mod clock;
pub mod code;
pub mod code_pattern;
pub mod coupon;
pub mod error;
pub mod event;
pub mod experiment;
pub mod fraud;
pub mod idempotency;
pub mod ids;
pub mod job;
pub mod limit_set;
pub mod limits;
pub mod money;
pub mod points;
pub mod promotion;
pub mod rate_limit;
pub mod redemption;
pub mod retention;
pub mod reward;
pub mod rule;
pub mod schedule;
pub mod segment;
pub mod trace_context;
pub mod trigger;
pub mod validate;
pub mod webhook;
pub mod wire;

pub use campaign::{Budget, Campaign, CampaignStatus, Quota};
pub use clock::{Clock, ManualClock, SystemClock};
pub use coupon::{Applicability, Coupon, CouponPatch, CouponStatus, CouponType};
pub use error::ErrorCode;
pub use redemption::{CartItem, Context, Redemption, RedemptionStatus};
