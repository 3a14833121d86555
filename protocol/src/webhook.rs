//! Webhook endpoints, their delivery cursor, and the deliveries they made.
//!
//! An endpoint delivers the journal's events it subscribed to, in journal
//! order (see `event`): its [`DeliveryState`] is a cursor into the tenant's
//! journal. Each event is delivered at least once under its stable id (the
//! Standard Webhooks `webhook-id`), retried with exponential backoff and
//! jitter, and set aside as dead after the endpoint's attempts run out, so
//! one bad event never stops the ones after it for good.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::event::WEBHOOK_EVENT_TYPES;

/// Webhook endpoints one tenant may have.
pub const MAX_WEBHOOKS_PER_TENANT: usize = 50;
/// Event types one endpoint may list.
pub const MAX_WEBHOOK_EVENTS: usize = 64;
/// Longest endpoint URL, in bytes.
pub const MAX_WEBHOOK_URL_BYTES: usize = 2_048;
/// Attempts kept on a delivery record (the newest).
pub const MAX_ATTEMPTS_KEPT: usize = 20;
/// How long a rotated-out secret keeps signing beside the new one, in hours:
/// receivers switch to the new secret within it.
pub const SECRET_ROTATION_OVERLAP_HOURS: i64 = 24;

/// A signing secret: `whsec_` and base64 of its key bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Secret {
    pub secret: String,
    /// When a rotated-out secret stops signing; `None` for the current one.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A webhook endpoint as stored (with its secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    /// Event types delivered (`*` for every type).
    pub events: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub enabled: bool,
    /// The current secret first, then rotated-out ones still in their overlap.
    pub secrets: Vec<Secret>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Webhook {
    /// Whether the endpoint receives `event_type`: `*` stands for every type
    /// of [`WEBHOOK_EVENT_TYPES`] (the journal's audit-only events, such as a
    /// key or a webhook created, are never delivered).
    pub fn subscribes(&self, event_type: &str) -> bool {
        self.events
            .iter()
            .any(|e| e == event_type || (e == "*" && WEBHOOK_EVENT_TYPES.contains(&event_type)))
    }

    /// The secrets that sign at `now`.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> impl Iterator<Item = &str> {
        self.secrets
            .iter()
            .filter(move |s| s.expires_at.is_none_or(|at| now < at))
            .map(|s| s.secret.as_str())
    }

    pub fn view(&self) -> WebhookView {
        WebhookView {
            id: self.id.clone(),
            url: self.url.clone(),
            events: self.events.clone(),
            description: self.description.clone(),
            enabled: self.enabled,
            created_at: self.created_at,
            updated_at: self.updated_at,
            secret: None,
        }
    }
}

/// Whether `name` is an event type an endpoint may subscribe to.
pub fn known_event_type(name: &str) -> bool {
    name == "*" || WEBHOOK_EVENT_TYPES.contains(&name)
}

/// An endpoint as the API shows it: the secret only when it was just made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The signing secret, shown once: on creation and on rotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// Where an endpoint's delivery stands in the journal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeliveryState {
    /// Hex journal position of the last event settled (delivered, skipped or
    /// dead); delivery goes on after it.
    pub cursor: Option<String>,
    /// Failed attempts at the event after the cursor.
    pub attempts: u32,
    /// No attempt before this instant (backoff).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered: u64,
    pub dead: u64,
}

/// Where one event's delivery to one endpoint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Failed so far; retried after its backoff.
    Retrying,
    Delivered,
    /// Every attempt failed; set aside (redeliver by hand).
    Dead,
}

/// One attempt at delivering an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// The endpoint's HTTP status, when it answered.
    pub status_code: Option<u16>,
    /// Why it failed without an answer (timeout, refused connection…).
    pub error: Option<String>,
    pub duration_ms: u64,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// One event's delivery to one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// The event's id: the `webhook-id` the endpoint receives, every attempt.
    pub event_id: String,
    pub webhook_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    /// The newest attempts (at most [`MAX_ATTEMPTS_KEPT`]), oldest first.
    pub attempts: Vec<Attempt>,
    /// Attempts made in all.
    pub attempt_count: u32,
    pub updated_at: DateTime<Utc>,
}

impl Delivery {
    pub fn new(event_id: &str, webhook_id: &str, event_type: &str, at: DateTime<Utc>) -> Self {
        Self {
            event_id: event_id.to_owned(),
            webhook_id: webhook_id.to_owned(),
            event_type: event_type.to_owned(),
            status: DeliveryStatus::Retrying,
            attempts: Vec::new(),
            attempt_count: 0,
            updated_at: at,
        }
    }

    /// Adds `attempt`, keeping the newest [`MAX_ATTEMPTS_KEPT`].
    pub fn push(&mut self, attempt: Attempt, status: DeliveryStatus) {
        self.updated_at = attempt.at;
        self.attempts.push(attempt);
        if self.attempts.len() > MAX_ATTEMPTS_KEPT {
            self.attempts.remove(0);
        }
        self.attempt_count = self.attempt_count.saturating_add(1);
        self.status = status;
    }
}
