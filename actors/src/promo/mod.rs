//! The promotion engine: rules, every discount kind, stacking and previews.
//!
//! The only discount engine: coupons, campaign promotions and inline what-if
//! definitions all become a [`PromotionDef`](stampede_protocol::promotion::PromotionDef)
//! and are computed here. Pure: no I/O, no actors, no clock (callers pass `now`).
//! The REST edge loads a tenant's promotions, builds a [`Catalog`] and calls
//! [`preview`] or [`eligibility`]; rules are compiled with [`compile`] and
//! evaluated with [`explain`].
//!
//! * [`rule`] — the compiled form of the rule DSL; [`compile`](mod@compile) turns
//!   JSON into it with bounds and path-naming errors; [`evaluate`] runs it,
//!   optionally explaining every clause.
//! * [`coupon`](mod@coupon) — a stored coupon as a definition: the one conversion
//!   the code's actor and `/preview` share.
//! * [`definition`] — checks a promotion definition once, at creation;
//!   [`campaign`] converts campaign promotions (seed 001) into definitions.
//! * [`catalog`] — checked promotions by code; [`index`] finds the automatic ones
//!   by what they target.
//! * [`target`] — which lines a promotion selects.
//! * [`prepare`] — per-cart checks independent of other promotions (window, rule,
//!   currency, minimum purchase, eligible lines) and the stable [`Reason`] codes.
//! * [`cart`] — the cart in minor units and what is left of it; BOGO units and
//!   bundle sets it holds.
//! * [`apply`] — one promotion applied to what is left of the cart, every kind.
//! * [`combine`] — application order, exclusivity and the exact best combination.
//! * [`preview`](mod@preview) — the report: per-line adjustments, shipping,
//!   effects, decisions and totals.
//! * [`units`] — minor-unit integer money; [`allocate`] — largest remainder.
//! * [`bounds`] — every limit, as named constants.

pub mod allocate;
pub mod apply;
pub mod bounds;
pub mod campaign;
pub mod cart;
pub mod catalog;
pub mod combine;
pub mod compile;
pub mod coupon;
pub mod definition;
pub mod evaluate;
pub mod index;
pub mod prepare;
pub mod preview;
pub mod rule;
pub mod target;
pub mod units;

pub use apply::Effect;
pub use catalog::{Catalog, CatalogError, Promotion};
pub use compile::{compile, RuleError};
pub use definition::DefinitionError;
pub use evaluate::{explain, matches, ClauseExplain, Facts};
pub use prepare::Reason;
pub use preview::{
    alone, eligibility, preview, Alone, Decision, Options, Preview, PreviewError, Status,
};
pub use rule::CompiledRule;
