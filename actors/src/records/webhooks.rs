//! Webhook endpoints, their delivery state and their deliveries, as stored.
//!
//! An endpoint is created with its cursor at the journal's end (it delivers
//! what happens from then on), and with its tenant in the `_system` list the
//! dispatcher reads, so the dispatcher never scans tenants that have none.
//! The dispatcher ([`crate::webhooks`]) settles one event at a time with
//! [`settle`]: the delivery record and the cursor move in one transaction,
//! under the dispatcher's fence.

use chrono::{DateTime, Utc};
use stampede_protocol::event::Event;
use stampede_protocol::webhook::{
    Delivery, DeliveryState, Secret, Webhook, MAX_WEBHOOKS_PER_TENANT,
};
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::{events, page, Page, RecordError, Records};
use crate::cluster::singleton::Fence;

/// Stores a new endpoint, its cursor at the journal's end, and its tenant in
/// the dispatcher's list; refused when the tenant has
/// [`MAX_WEBHOOKS_PER_TENANT`].
pub async fn create(records: &Records, tenant: &str, hook: &Webhook) -> Result<(), RecordError> {
    let by = records.provenance();
    let full = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, hook, by) = (tenant.to_owned(), hook.clone(), by.clone());
        Box::pin(async move {
            let prefix = keys::webhooks_prefix(&tenant);
            let (begin, end) = keys::prefix_range(&prefix);
            let options = RangeOptions {
                begin,
                end,
                limit: MAX_WEBHOOKS_PER_TENANT,
                reverse: false,
            };
            if tx.get_range(&options).await?.len() >= MAX_WEBHOOKS_PER_TENANT {
                return Ok(true);
            }
            let cursor = events::last_position(tx, &tenant).await?.map(hex::encode);
            let state = DeliveryState {
                cursor,
                ..DeliveryState::default()
            };
            tx.set(&keys::webhook(&tenant, &hook.id), &encode(&hook)?)?;
            tx.set(&keys::webhook_state(&tenant, &hook.id), &encode(&state)?)?;
            tx.set(&keys::webhook_tenant(&tenant), b"")?;
            let event = Event::new("webhook.created", "webhook", &hook.id, hook.created_at)
                .after(serde_json::to_value(hook.view()).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(false)
        })
    })
    .await?;
    if full {
        return Err(RecordError::refused(
            ErrorCode::InvalidRequest,
            format!("a tenant has at most {MAX_WEBHOOKS_PER_TENANT} webhooks"),
        ));
    }
    Ok(())
}

/// An endpoint by id (with its secrets).
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Webhook>, RecordError> {
    super::by_id(records, id, || keys::webhook(tenant, id)).await
}

/// Every endpoint of the tenant (at most [`MAX_WEBHOOKS_PER_TENANT`]).
pub async fn list(records: &Records, tenant: &str) -> Result<Vec<Webhook>, RecordError> {
    let prefix = keys::webhooks_prefix(tenant);
    let page: Page<Webhook> = page::of(
        records,
        &prefix,
        None,
        |id| keys::webhook(tenant, id),
        MAX_WEBHOOKS_PER_TENANT,
        |h: &Webhook| h.id.clone(),
    )
    .await?;
    Ok(page.data)
}

/// Replaces an endpoint's record (a secret rotation); `false` when it is gone.
pub async fn replace(records: &Records, tenant: &str, hook: &Webhook) -> Result<bool, RecordError> {
    let by = records.provenance();
    let found = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, hook, by) = (tenant.to_owned(), hook.clone(), by.clone());
        Box::pin(async move {
            let key = keys::webhook(&tenant, &hook.id);
            if tx.get(&key).await?.is_none() {
                return Ok(false);
            }
            tx.set(&key, &encode(&hook)?)?;
            let event = Event::new(
                "webhook.secret_rotated",
                "webhook",
                &hook.id,
                hook.updated_at,
            )
            .after(serde_json::to_value(hook.view()).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(found)
}

/// Deletes an endpoint, its state and its deliveries; `false` when there was
/// none.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, RecordError> {
    let by = records.provenance();
    let found = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, id, by) = (tenant.to_owned(), id.to_owned(), by.clone());
        Box::pin(async move {
            let key = keys::webhook(&tenant, &id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(false);
            };
            let hook: Webhook = decode(&key, &bytes)?;
            tx.clear(&key)?;
            tx.clear(&keys::webhook_state(&tenant, &id))?;
            let (begin, end) = keys::prefix_range(&keys::webhook_deliveries_prefix(&tenant, &id));
            tx.clear_range(&begin, &end)?;
            let event = Event::new("webhook.deleted", "webhook", &id, now)
                .before(serde_json::to_value(hook.view()).unwrap_or_default());
            events::record(tx, &tenant, event, &by)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(found)
}

/// Tenants that have (or had) webhook endpoints, after `after`, at most `limit`.
pub async fn tenants(
    records: &Records,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<String>, RecordError> {
    let mut tx = records.store().begin().await?;
    let after = after.map(keys::webhook_tenant);
    let (rows, _) = page::rows(tx.as_mut(), &keys::webhook_tenants_prefix(), after, limit).await?;
    Ok(rows
        .iter()
        .filter_map(|row| keys::decode_webhook_tenant(&row.key))
        .collect())
}

/// An endpoint's delivery state (default when absent).
pub async fn state(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<DeliveryState, RecordError> {
    let key = keys::webhook_state(tenant, id);
    let mut tx = records.store().begin().await?;
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(decode(&key, &bytes)?),
        None => Ok(DeliveryState::default()),
    }
}

/// One event's delivery record, if any attempt was made.
pub async fn delivery(
    records: &Records,
    tenant: &str,
    webhook_id: &str,
    event_id: &str,
) -> Result<Option<Delivery>, RecordError> {
    super::by_id(records, event_id, || {
        keys::webhook_delivery(tenant, webhook_id, event_id)
    })
    .await
}

/// A page of an endpoint's deliveries, by event id (journal order).
pub async fn deliveries(
    records: &Records,
    tenant: &str,
    webhook_id: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<Delivery>, RecordError> {
    page::of(
        records,
        &keys::webhook_deliveries_prefix(tenant, webhook_id),
        cursor,
        |id| keys::webhook_delivery(tenant, webhook_id, id),
        limit,
        |d: &Delivery| d.event_id.clone(),
    )
    .await
}

/// Stores an event's delivery record and the endpoint's new state in one
/// transaction, under `fence` when the dispatcher writes (a redelivery by
/// hand has none). `false`: the fence no longer holds or the endpoint is
/// gone, and nothing was written.
pub async fn settle(
    records: &Records,
    tenant: &str,
    delivery: &Delivery,
    state: Option<&DeliveryState>,
    fence: Option<&Fence>,
) -> Result<bool, RecordError> {
    let written = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, delivery) = (tenant.to_owned(), delivery.clone());
        let (state, fence) = (state.cloned(), fence.cloned());
        Box::pin(async move { settle_in(tx, &tenant, &delivery, state.as_ref(), fence).await })
    })
    .await?;
    Ok(written)
}

async fn settle_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    delivery: &Delivery,
    state: Option<&DeliveryState>,
    fence: Option<Fence>,
) -> Result<bool, StorageError> {
    if let Some(fence) = fence {
        if !fence.holds(tx).await? {
            return Ok(false);
        }
    }
    let hook_id = &delivery.webhook_id;
    if tx.get(&keys::webhook(tenant, hook_id)).await?.is_none() {
        return Ok(false);
    }
    let key = keys::webhook_delivery(tenant, hook_id, &delivery.event_id);
    tx.set(&key, &encode(delivery)?)?;
    if let Some(state) = state {
        tx.set(&keys::webhook_state(tenant, hook_id), &encode(state)?)?;
    }
    Ok(true)
}

/// Moves an endpoint's cursor past events it does not subscribe to (nothing
/// to deliver), under the dispatcher's fence.
pub async fn advance(
    records: &Records,
    tenant: &str,
    hook_id: &str,
    state: &DeliveryState,
    fence: &Fence,
) -> Result<bool, RecordError> {
    let written = run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (tenant, hook_id) = (tenant.to_owned(), hook_id.to_owned());
        let (state, fence) = (state.clone(), fence.clone());
        Box::pin(async move {
            if !fence.holds(tx).await? {
                return Ok(false);
            }
            if tx.get(&keys::webhook(&tenant, &hook_id)).await?.is_none() {
                return Ok(false);
            }
            tx.set(&keys::webhook_state(&tenant, &hook_id), &encode(&state)?)?;
            Ok::<bool, StorageError>(true)
        })
    })
    .await?;
    Ok(written)
}

/// A new signing secret for `hook`; the old one keeps signing until `until`.
pub fn rotated(
    hook: &Webhook,
    secret: String,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Webhook {
    let mut next = hook.clone();
    let mut older: Vec<Secret> = hook
        .secrets
        .iter()
        .filter(|s| s.expires_at.is_none_or(|at| now < at))
        .cloned()
        .map(|mut s| {
            s.expires_at = Some(s.expires_at.map_or(until, |at| at.min(until)));
            s
        })
        .collect();
    next.secrets = vec![Secret {
        secret,
        expires_at: None,
    }];
    next.secrets.append(&mut older);
    next.updated_at = now;
    next
}
