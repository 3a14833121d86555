//! The webhook dispatcher: a ring singleton that delivers each endpoint's
//! events from the journal, in journal order, at least once.
//!
//! Every [`WEBHOOK_SWEEP_INTERVAL_MS`] the node that leads the `webhooks`
//! singleton reads the tenants that have endpoints, and for each endpoint
//! whose backoff has passed delivers the events after its cursor, one at a
//! time: sign (Standard Webhooks: `webhook-id` is the event id, HMAC-SHA256
//! over `id.timestamp.body` with every live secret), send through the
//! node's [`Sender`], then store the attempt and move the cursor in one
//! transaction under the singleton's fence. A failure leaves the cursor
//! where it is and backs off exponentially with jitter; after
//! [`WebhookSettings::max_attempts`] the event is set aside as dead and the
//! endpoint moves on. A node that dies between sending and storing sends
//! again after restart: receivers dedupe by `webhook-id`.
//!
//! Outbound HTTP is not this crate's business: the node gives a [`Sender`]
//! (`stampede-api` has one over reqwest with timeouts and an SSRF guard; the
//! simulation has its own).

use std::sync::Weak;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use futures::future::BoxFuture;
use futures::StreamExt;
use stampede_protocol::event::EventView;
use stampede_protocol::webhook::{Attempt, Delivery, DeliveryState, DeliveryStatus, Webhook};
use stampede_storage::StorageError;

use crate::cluster::singleton::{sweeper, Fence};
use crate::records::{self, RecordError, Records};
use crate::shards::{Inner, Shards};
use crate::workers::Factory;

pub mod sender;

pub use sender::{Headers, Sender, WebhookSettings};

/// How often the dispatcher looks for events to deliver.
pub const WEBHOOK_SWEEP_INTERVAL_MS: u64 = 200;
/// Journal events one endpoint reads per round.
pub const MAX_EVENTS_PER_ROUND: usize = 100;
/// Endpoints delivered to at once.
pub const MAX_CONCURRENT_ENDPOINTS: usize = 16;
/// Tenants read from the list per round.
pub const MAX_TENANTS_PER_ROUND: usize = 1_000;
/// Counter of delivery attempts, by outcome.
pub const WEBHOOK_ATTEMPTS_TOTAL: &str = "stampede_webhook_attempts_total";

/// The body and headers of one event's request to `hook`, signed with each of
/// its live secrets.
pub fn signed(
    hook: &Webhook,
    event: &EventView,
    now: DateTime<Utc>,
) -> Result<(Headers, Vec<u8>), String> {
    let payload = serde_json::json!({
        "id": event.id,
        "type": event.event.kind,
        "timestamp": event.event.at,
        "data": event.event,
    });
    let body = serde_json::to_vec(&payload).map_err(|e| e.to_string())?;
    let timestamp = now.timestamp();
    let mut signatures = Vec::new();
    for secret in hook.signing_secrets(now) {
        let key = standardwebhooks::Webhook::new(secret).map_err(|e| e.to_string())?;
        signatures.push(
            key.sign(&event.id, timestamp, &body)
                .map_err(|e| e.to_string())?,
        );
    }
    let headers = vec![
        (
            String::from("content-type"),
            String::from("application/json"),
        ),
        (String::from("webhook-id"), event.id.clone()),
        (String::from("webhook-timestamp"), timestamp.to_string()),
        (String::from("webhook-signature"), signatures.join(" ")),
    ];
    Ok((headers, body))
}

/// Sends `event` to `hook` once and reports the attempt.
pub async fn attempt(
    sender: &dyn Sender,
    hook: &Webhook,
    event: &EventView,
    now: DateTime<Utc>,
) -> Attempt {
    let started = Instant::now();
    let result = match signed(hook, event, now) {
        Ok((headers, body)) => sender.send(&hook.url, headers, body).await,
        Err(err) => Err(err),
    };
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let attempt = match result {
        Ok(code) => Attempt {
            at: now,
            status_code: Some(code),
            error: None,
            duration_ms,
        },
        Err(error) => Attempt {
            at: now,
            status_code: None,
            error: Some(error),
            duration_ms,
        },
    };
    let outcome = if attempt.succeeded() {
        "delivered"
    } else {
        "failed"
    };
    metrics::counter!(WEBHOOK_ATTEMPTS_TOTAL, "outcome" => outcome).increment(1);
    attempt
}

/// One round of the dispatcher; answers how many events it settled.
pub async fn sweep(shards: &Shards, fence: &Fence) -> Result<usize, StorageError> {
    let settings = shards.config().webhooks.clone();
    let Some(sender) = settings.sender.clone() else {
        return Ok(0);
    };
    let records = shards.records();
    let tenants = records::webhooks::tenants(&records, None, MAX_TENANTS_PER_ROUND)
        .await
        .map_err(into_storage)?;
    let mut endpoints = Vec::new();
    for tenant in tenants {
        let hooks = records::webhooks::list(&records, &tenant)
            .await
            .map_err(into_storage)?;
        endpoints.extend(
            hooks
                .into_iter()
                .filter(|h| h.enabled)
                .map(|h| (tenant.clone(), h)),
        );
    }
    let round = Round {
        records: &records,
        settings: &settings,
        sender: sender.as_ref(),
        fence,
        shards,
    };
    let settled: Vec<Result<usize, RecordError>> = futures::stream::iter(endpoints)
        .map(|(tenant, hook)| {
            let round = &round;
            async move { round.endpoint(&tenant, &hook).await }
        })
        .buffer_unordered(MAX_CONCURRENT_ENDPOINTS)
        .collect()
        .await;
    let mut total = 0;
    for result in settled {
        match result {
            Ok(n) => total += n,
            Err(err) => tracing::warn!(error = %err, "webhook delivery round failed"),
        }
    }
    Ok(total)
}

fn into_storage(err: RecordError) -> StorageError {
    StorageError::Backend(err.to_string())
}

struct Round<'a> {
    records: &'a Records,
    settings: &'a WebhookSettings,
    sender: &'a dyn Sender,
    fence: &'a Fence,
    shards: &'a Shards,
}

impl Round<'_> {
    /// Delivers `hook`'s events after its cursor until one fails or none is
    /// left; answers how many it settled.
    async fn endpoint(&self, tenant: &str, hook: &Webhook) -> Result<usize, RecordError> {
        let mut state = records::webhooks::state(self.records, tenant, &hook.id).await?;
        let now = self.shards.clock().now();
        if state.next_attempt_at.is_some_and(|at| now < at) {
            return Ok(0);
        }
        let position = state.cursor.as_deref().and_then(|c| hex::decode(c).ok());
        let pending = records::events::after(
            self.records,
            tenant,
            position.as_deref(),
            MAX_EVENTS_PER_ROUND,
        )
        .await?;
        let mut settled = 0;
        let mut skipped = false;
        for (position, event) in pending {
            if !hook.subscribes(&event.event.kind) {
                state.cursor = Some(hex::encode(&position));
                skipped = true;
                continue;
            }
            if skipped
                && !records::webhooks::advance(self.records, tenant, &hook.id, &state, self.fence)
                    .await?
            {
                return Ok(settled);
            }
            skipped = false;
            match self
                .deliver(tenant, hook, &mut state, &position, &event)
                .await?
            {
                Step::Settled => settled += 1,
                Step::Wait | Step::Lost => return Ok(settled),
            }
        }
        if skipped {
            records::webhooks::advance(self.records, tenant, &hook.id, &state, self.fence).await?;
        }
        Ok(settled)
    }

    /// One attempt at the event after the cursor, stored with the cursor's
    /// move (delivered or dead) or the backoff (retrying).
    async fn deliver(
        &self,
        tenant: &str,
        hook: &Webhook,
        state: &mut DeliveryState,
        position: &[u8],
        event: &EventView,
    ) -> Result<Step, RecordError> {
        let now = self.shards.clock().now();
        let previous =
            records::webhooks::delivery(self.records, tenant, &hook.id, &event.id).await?;
        let mut delivery =
            previous.unwrap_or_else(|| Delivery::new(&event.id, &hook.id, &event.event.kind, now));
        let tried = attempt(self.sender, hook, event, now).await;
        let ok = tried.succeeded();
        state.attempts = state.attempts.saturating_add(1);
        let status = if ok {
            state.delivered += 1;
            DeliveryStatus::Delivered
        } else if state.attempts >= self.settings.max_attempts {
            state.dead += 1;
            DeliveryStatus::Dead
        } else {
            DeliveryStatus::Retrying
        };
        delivery.push(tried, status);
        if status == DeliveryStatus::Retrying {
            let jitter = jitter_of(&hook.id, &event.id, state.attempts);
            let wait = self.settings.backoff(state.attempts, jitter);
            let wait = TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX);
            state.next_attempt_at = now.checked_add_signed(wait);
        } else {
            state.cursor = Some(hex::encode(position));
            state.attempts = 0;
            state.next_attempt_at = None;
        }
        let stored = records::webhooks::settle(
            self.records,
            tenant,
            &delivery,
            Some(state),
            Some(self.fence),
        )
        .await?;
        Ok(match (stored, status) {
            (false, _) => Step::Lost,
            (true, DeliveryStatus::Retrying) => Step::Wait,
            (true, _) => Step::Settled,
        })
    }
}

/// A fraction in [0, 1] that differs between endpoints, events and attempts
/// but is the same on every run (simulations replay it).
fn jitter_of(hook_id: &str, event_id: &str, attempts: u32) -> f64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (hook_id, event_id, attempts).hash(&mut hasher);
    (hasher.finish() % 1_000) as f64 / 999.0
}

enum Step {
    /// Delivered or dead: the cursor moved past it.
    Settled,
    /// It failed and waits for its backoff.
    Wait,
    /// The fence moved or the endpoint is gone: this round stops.
    Lost,
}

/// The dispatcher worker: [`sweep`] every [`WEBHOOK_SWEEP_INTERVAL_MS`] on the
/// node the ring places it on, until the shards are dropped.
pub(crate) fn worker(shards: Weak<Inner>) -> Factory {
    let period = Duration::from_millis(WEBHOOK_SWEEP_INTERVAL_MS);
    sweeper("webhooks", period, shards, deliver_round)
}

fn deliver_round<'a>(
    shards: &'a Shards,
    fence: &'a Fence,
) -> BoxFuture<'a, Result<usize, StorageError>> {
    Box::pin(sweep(shards, fence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = WebhookSettings {
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(10),
            ..WebhookSettings::default()
        };
        assert_eq!(settings.backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(settings.backoff(2, 0.0), Duration::from_secs(2));
        assert_eq!(settings.backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(settings.backoff(9, 0.0), Duration::from_secs(10));
        assert_eq!(settings.backoff(1, 1.0), Duration::from_millis(1_250));
    }
}
