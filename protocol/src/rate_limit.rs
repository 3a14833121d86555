//! Request rate limits of a tenant (seed 000 §17): requests per minute for each
//! scope class, per key (or JWT subject) and per tenant. A limit left out falls
//! back to the node's default; the edge enforces them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Highest rate a limit may name, in requests per minute.
pub const MAX_RATE_PER_MINUTE: u32 = 1_000_000;

/// Requests per minute for each scope class; `None` is the node's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassRates {
    /// `validate`, `preview`, `eligibility/check`, `limits/check`, `coupons/lookup`
    /// and the sandbox's validate and preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<u32>,
    /// Redemptions, reservations, confirm, release and void.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redeem: Option<u32>,
    /// Everything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<u32>,
}

/// The rate limits a tenant set with `PUT /rate-limits`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateLimitRecord {
    pub tenant_id: String,
    /// Each key's (or JWT subject's) budget.
    #[serde(default)]
    pub per_key: ClassRates,
    /// The whole tenant's budget, all keys together.
    #[serde(default)]
    pub per_tenant: ClassRates,
    pub updated_at: DateTime<Utc>,
    /// Who set them (`root`, a key id or `jwt:{sub}`).
    pub updated_by: String,
}
