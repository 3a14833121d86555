//! Stored responses of idempotent mutations.
//!
//! A mutation carrying an `Idempotency-Key` stores its response under
//! `(tenant, "idem", key)` in the same transaction as its effect, so a retry finds
//! either nothing (the mutation did not happen; run it) or the exact response.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stored response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdemRecord {
    /// Hash of method, path and body of the request that created the record; a retry
    /// with a different request is refused.
    pub fingerprint: String,
    pub status: u16,
    pub body: serde_json::Value,
    /// For redemptions: the redemption the key produced. A commit retried after an
    /// unknown result recognizes its own earlier write by this id.
    #[serde(default)]
    pub redemption_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The idempotency key and request fingerprint a mutation was sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdemSpec {
    /// Storage key of the record, already namespaced (`key:…` or `client:…`).
    pub key: String,
    pub fingerprint: String,
}
