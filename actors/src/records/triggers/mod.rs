//! Event-triggered coupons (seed 002 `auto_generate`), as stored.
//!
//! * [`index`] — templates with an enabled trigger, indexed per tenant by
//!   what an event names (`(tenant, "trgtpl", trigger, key, coupon_id)`), so an
//!   event finds its templates with one range read; kept by the coupon's
//!   create transaction and its actor's update commits.
//! * [`progress`] — a user's per-template trigger state (a streak's run, a
//!   purchase count) and the pure steps that move it.
//! * [`generate`] — one occurrence's code: a code of the template bound to
//!   the user, made the one way codes are made (`codes::copy_of`,
//!   `codes::put`), deterministic per occurrence, with its occurrence marker
//!   and `coupon.generated` event.
//! * [`ingest`] — one event in one transaction: its once-only marker, the
//!   state it moves, the codes it makes. Two nodes given the same or
//!   concurrent events of one user read the same keys, so one conflicts and
//!   retries instead of making a code twice.
//! * [`read`] — an event's stored outcome, and the codes a template's trigger
//!   made.

pub mod generate;
pub mod index;
pub mod ingest;
pub mod progress;
pub mod read;

pub use ingest::ingest;
