//! Customer segments (seed 000 §7): a rule over customer attributes, or an
//! explicit membership list kept in storage one key per member.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How membership is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// `definition` is a rule over customer attributes (`lifetime_spend gte 1000`).
    Rule,
    /// Members were imported by user id.
    Explicit,
}

/// A segment as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Segment {
    pub id: String,
    /// Unique within the tenant; rules refer to segments by this name.
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub kind: SegmentKind,
    /// The rule of a `rule` segment.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub definition: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

/// A segment as answered: with its member count when it is an explicit list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SegmentView {
    #[serde(flatten)]
    pub segment: Segment,
    /// Members of an explicit segment.
    pub member_count: Option<i64>,
}

/// What an import or removal of explicit members changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MembersChanged {
    /// Users whose membership changed.
    pub changed: usize,
    /// Users already in (import) or already out (removal).
    pub unchanged: usize,
    pub member_count: i64,
}
