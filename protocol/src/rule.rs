//! Stored rules (seed 000 §3): a named condition in the rule DSL with a priority,
//! referenced by id from promotions and segments.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A rule as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rule {
    pub id: String,
    pub name: String,
    /// What the rule is for (`eligibility`, `targeting`, …); free-form.
    #[serde(rename = "type")]
    pub kind: String,
    /// The condition in the rule DSL, as written.
    #[schema(value_type = Object)]
    pub condition: serde_json::Value,
    /// Higher first when several rules apply.
    pub priority: i32,
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}
