//! Points → coupon (seed 004 "Generate from points"): a tenant's conversion
//! of loyalty points into a personal `fixed` coupon, and its bounds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most points one conversion (or a setting's `max_points`) may name: keeps
/// `points / points_per_unit` exact in a `Decimal` and far beyond any real
/// loyalty balance.
pub const MAX_POINTS: u64 = 1_000_000_000_000;
/// Largest `points_per_unit`: a unit worth fewer points than this is still
/// expressible, and the value never rounds to nothing at every balance.
pub const MAX_POINTS_PER_UNIT: u64 = 1_000_000_000;
/// Longest validity of a generated coupon, in days (ten years).
pub const MAX_POINTS_VALID_DAYS: u32 = 3_650;
/// Longest `debit_reference`, in bytes (the caller's ledger id).
pub const MAX_DEBIT_REFERENCE_BYTES: usize = 128;

/// A tenant's points conversion (`PUT /rewards/points-settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PointsSettings {
    /// Points worth one unit of `currency` (100 → 100 points buy 1.00).
    pub points_per_unit: u64,
    /// ISO 4217 currency of the generated coupons.
    pub currency: String,
    /// Fewest points one conversion takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_points: Option<u64>,
    /// Most points one conversion takes (at most [`MAX_POINTS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<u64>,
    /// Days a generated coupon stays valid; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    pub updated_at: DateTime<Utc>,
}
