//! The simulation's webhook receiver: every node's dispatcher sends to it
//! (no sockets), and it refuses some attempts, so deliveries are retried
//! through crashes, partitions and store faults like everything else.
//!
//! It refuses an event's first two attempts when a stable hash of the event's
//! id says so (about a third of the events), and answers everything else
//! `200`; what it saw is checked against the journal after the run.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use async_trait::async_trait;
use stampede_actors::webhooks::{Headers, Sender};
use stampede_protocol::event::{event_id, Event};
use stampede_storage::{keys, RangeOptions, SharedStore};

/// Attempts refused (at most) per event.
const REFUSED_ATTEMPTS: u32 = 2;

/// One request the receiver answered.
#[derive(Debug, Clone)]
pub struct Received {
    pub url: String,
    pub event_id: String,
    pub accepted: bool,
}

#[derive(Default)]
pub struct SimReceiver {
    seen: Mutex<Vec<Received>>,
    attempts: Mutex<HashMap<(String, String), u32>>,
}

impl SimReceiver {
    /// Every request answered so far, in arrival order.
    pub fn seen(&self) -> Vec<Received> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn refuses(event_id: &str) -> bool {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    event_id.hash(&mut hasher);
    hasher.finish().is_multiple_of(3)
}

#[async_trait]
impl Sender for SimReceiver {
    async fn send(&self, url: &str, headers: Headers, _body: Vec<u8>) -> Result<u16, String> {
        let event_id = headers
            .iter()
            .find(|(name, _)| name == "webhook-id")
            .map(|(_, value)| value.clone())
            .ok_or("no webhook-id header")?;
        let attempt = {
            let mut attempts = self.attempts.lock().map_err(|_| "poisoned")?;
            let n = attempts
                .entry((url.to_owned(), event_id.clone()))
                .or_default();
            *n += 1;
            *n
        };
        let accepted = !(refuses(&event_id) && attempt <= REFUSED_ATTEMPTS);
        self.seen.lock().map_err(|_| "poisoned")?.push(Received {
            url: url.to_owned(),
            event_id,
            accepted,
        });
        if accepted {
            Ok(200)
        } else {
            Err(String::from("connection refused"))
        }
    }
}

/// The event types the simulated endpoints subscribe to.
pub const HOOK_EVENTS: [&str; 6] = [
    "coupon.redeemed",
    "redemption.reserved",
    "redemption.confirmed",
    "redemption.voided",
    "redemption.released",
    "redemption.expired",
];

/// The URL of a tenant's simulated endpoint.
pub fn url_of(tenant: &str) -> String {
    format!("http://receiver.sim/{tenant}")
}

/// The ids of the tenant's journal events an endpoint subscribed to, in
/// journal order.
async fn subscribed(store: &SharedStore, tenant: &str) -> Result<Vec<String>, String> {
    let prefix = keys::journal(tenant);
    let (begin, end) = keys::prefix_range(&prefix);
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let options = RangeOptions {
        begin,
        end,
        limit: 1_000_000,
        reverse: false,
    };
    let rows = tx.get_range(&options).await.map_err(|e| e.to_string())?;
    let mut ids = Vec::new();
    for row in rows {
        let event: Event = serde_json::from_slice(&row.value).map_err(|e| e.to_string())?;
        if HOOK_EVENTS.contains(&event.kind.as_str()) {
            ids.push(event_id(&row.key[prefix.len()..]));
        }
    }
    Ok(ids)
}

/// The ids the receiver accepted for `tenant`, first acceptance order.
fn accepted(receiver: &SimReceiver, tenant: &str) -> Vec<String> {
    let url = url_of(tenant);
    let mut seen = HashSet::new();
    receiver
        .seen()
        .into_iter()
        .filter(|r| r.accepted && r.url == url && seen.insert(r.event_id.clone()))
        .map(|r| r.event_id)
        .collect()
}

/// Whether every subscribed event of `tenant` was accepted.
pub async fn caught_up(
    store: &SharedStore,
    receiver: &SimReceiver,
    tenant: &str,
) -> Result<bool, String> {
    let wanted = subscribed(store, tenant).await?;
    Ok(accepted(receiver, tenant).len() >= wanted.len())
}

/// Webhook invariants: every committed subscribed event was delivered (at
/// least once), nothing was delivered that the journal does not hold, and
/// first deliveries came in journal order.
pub async fn check(
    store: &SharedStore,
    receiver: &SimReceiver,
    tenant: &str,
) -> Result<(), String> {
    let wanted = subscribed(store, tenant).await?;
    if wanted.is_empty() {
        return Err(format!(
            "webhooks {tenant}: the run made no subscribed event"
        ));
    }
    let got = accepted(receiver, tenant);
    let position: HashMap<&str, usize> = wanted
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut last = None;
    for id in &got {
        let Some(&at) = position.get(id.as_str()) else {
            return Err(format!(
                "webhooks {tenant}: delivered {id}, which the journal does not hold"
            ));
        };
        if last.is_some_and(|l| at < l) {
            return Err(format!(
                "webhooks {tenant}: {id} delivered out of journal order"
            ));
        }
        last = Some(at);
    }
    if got.len() != wanted.len() {
        let missing: Vec<_> = wanted
            .iter()
            .filter(|id| !got.contains(id))
            .take(3)
            .collect();
        return Err(format!(
            "webhooks {tenant}: {} of {} events delivered; never delivered: {missing:?}",
            got.len(),
            wanted.len()
        ));
    }
    Ok(())
}
