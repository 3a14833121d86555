//! Stored responses of idempotent mutations.
//!
//! A mutation carrying an `Idempotency-Key` stores its response under
//! `(tenant, "idem", key)` in the same transaction as its effect, so a retry finds
//! either nothing (the mutation did not happen; run it) or the exact response.
//! A record is kept for the node's retention; past it the key names nothing
//! ([`IdemRecord::expired`]), and a request under it is a new one.

use chrono::{DateTime, TimeDelta, Utc};
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

impl IdemRecord {
    /// Whether the record has outlived `retention` at `now` (see [`expired`]).
    pub fn expired(&self, now: DateTime<Utc>, retention: TimeDelta) -> bool {
        expired(self.created_at, now, retention)
    }
}

/// Whether a record written at `created_at` has outlived `retention` at `now`:
/// from `created_at + retention` on, it is absent to every reader. A retention
/// past the end of time never expires.
pub fn expired(created_at: DateTime<Utc>, now: DateTime<Utc>, retention: TimeDelta) -> bool {
    created_at
        .checked_add_signed(retention)
        .is_some_and(|until| now >= until)
}

/// The idempotency key and request fingerprint a mutation was sent with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdemSpec {
    /// Storage key of the record, already namespaced (`key:…` or `client:…`).
    pub key: String,
    pub fingerprint: String,
}
