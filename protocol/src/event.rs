//! Events: the one journal every effect appends to.
//!
//! Each effect (a coupon created, a redemption committed, a campaign paused, a
//! promotion patched…) appends exactly one [`Event`] to its tenant's journal in
//! the transaction that commits the effect, so an event exists exactly when its
//! effect does — also when a commit whose result was unknown is retried. The
//! journal is read twice: as the audit log (`GET /audit`: who did what, to
//! which target, before and after, and why) and as the webhook outbox (each
//! endpoint delivers the events it subscribed to, in journal order).
//!
//! An event's id is its journal position (`evt_` + hex of the versionstamp and
//! the event's number within its commit): stable, unique, and ordered.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::limits::{MAX_REASON_LEN_BYTES, MAX_REQUEST_ID_LEN_BYTES};

/// Prefix of an event id.
pub const EVENT_PREFIX: &str = "evt_";
/// Bytes of a journal position: a 10-byte versionstamp and a 2-byte number.
pub const EVENT_POSITION_BYTES: usize = 12;

/// Who caused an effect, why, and in which request: recorded with every event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Provenance {
    /// The API key id, `jwt:{subject}`, `root`, or `system:{worker}` for effects
    /// the service makes on its own (a reservation expiring, a schedule firing).
    pub actor: String,
    /// The reason the caller gave (`reason` in the body or `X-Reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The request that caused it (`X-Request-Id`, or one the edge minted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Ties events of one business flow together across requests
    /// (`X-Correlation-Id`; the request id when none was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}

impl Provenance {
    /// An effect the service makes on its own, by `worker`.
    pub fn system(worker: &str) -> Self {
        Self {
            actor: format!("system:{worker}"),
            ..Self::default()
        }
    }

    /// An effect of a background job's batch, tied to the job by its id.
    pub fn job(job_id: &str) -> Self {
        Self {
            actor: String::from("system:jobs"),
            correlation_id: Some(job_id.to_owned()),
            ..Self::default()
        }
    }

    /// Whether every field is within its bound (peers' frames are checked
    /// like clients' requests).
    pub fn is_bounded(&self) -> bool {
        self.actor.len() <= MAX_REQUEST_ID_LEN_BYTES
            && self
                .reason
                .as_ref()
                .is_none_or(|r| r.len() <= MAX_REASON_LEN_BYTES)
            && self
                .request_id
                .as_ref()
                .is_none_or(|r| r.len() <= MAX_REQUEST_ID_LEN_BYTES)
            && self
                .correlation_id
                .as_ref()
                .is_none_or(|r| r.len() <= MAX_REQUEST_ID_LEN_BYTES)
    }
}

/// One effect, as stored in the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Event {
    /// What happened: `coupon.redeemed`, `campaign.paused`, `promotion.updated`…
    #[serde(rename = "type")]
    pub kind: String,
    pub at: DateTime<Utc>,
    /// The kind of record the effect changed: `coupon`, `redemption`, …
    pub target_type: String,
    pub target_id: String,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The record before the effect (`null` for a creation).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The record after the effect (`null` for a deletion).
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

impl Event {
    pub fn new(kind: &str, target_type: &str, target_id: &str, at: DateTime<Utc>) -> Self {
        Self {
            kind: kind.to_owned(),
            at,
            target_type: target_type.to_owned(),
            target_id: target_id.to_owned(),
            provenance: Provenance::default(),
            before: None,
            after: None,
        }
    }

    pub fn by(mut self, provenance: &Provenance) -> Self {
        self.provenance = provenance.clone();
        self
    }

    pub fn before(mut self, before: Value) -> Self {
        self.before = (!before.is_null()).then_some(before);
        self
    }

    pub fn after(mut self, after: Value) -> Self {
        self.after = (!after.is_null()).then_some(after);
        self
    }
}

/// An event with its id, as the audit API and webhooks show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventView {
    pub id: String,
    #[serde(flatten)]
    pub event: Event,
}

/// The id of the event at journal `position`.
pub fn event_id(position: &[u8]) -> String {
    format!("{EVENT_PREFIX}{}", hex::encode(position))
}

/// The journal position an event id names; `None` for anything that is not an
/// event id.
pub fn event_position(id: &str) -> Option<Vec<u8>> {
    let bytes = hex::decode(id.strip_prefix(EVENT_PREFIX)?).ok()?;
    (bytes.len() == EVENT_POSITION_BYTES).then_some(bytes)
}

/// The event types a webhook may subscribe to (`*` subscribes to all).
pub const WEBHOOK_EVENT_TYPES: &[&str] = &[
    "coupon.created",
    "coupon.updated",
    "coupon.revoked",
    "coupon.deleted",
    "coupon.redeemed",
    "coupon.codes_added",
    "redemption.voided",
    "redemption.reserved",
    "redemption.confirmed",
    "redemption.released",
    "redemption.expired",
    "campaign.created",
    "campaign.updated",
    "campaign.activated",
    "campaign.paused",
    "campaign.resumed",
    "campaign.ended",
    "campaign.deleted",
    "campaign.budget_exhausted",
    "job.finished",
    "fraud.alert",
    "webhook.test",
    // Event-triggered coupons: a code made for a user by a trigger.
    "coupon.generated",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_refuse_anything_else() {
        let position = [0u8, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1];
        let id = event_id(&position);
        assert_eq!(event_position(&id).as_deref(), Some(&position[..]));
        assert_eq!(event_position("evt_00"), None);
        assert_eq!(event_position("red_000000000000000700000001"), None);
        assert_eq!(event_position("evt_zz0000000000000700000001"), None);
    }

    #[test]
    fn an_event_keeps_its_provenance_flat() {
        let provenance = Provenance {
            actor: String::from("key_1"),
            reason: Some(String::from("fraud")),
            request_id: Some(String::from("req_1")),
            correlation_id: None,
        };
        let event = Event::new("coupon.revoked", "coupon", "cpn_1", Utc::now()).by(&provenance);
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["actor"], "key_1");
        assert_eq!(json["reason"], "fraud");
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
    }
}
