//! Stored rules (`/rules`): conditions in the rule DSL that promotions reference
//! by id. Every change bumps the tenant's conditions epoch, so codes' actors drop
//! what they cached of the old condition at their next batch.

use chrono::{DateTime, Utc};
use stampede_protocol::event::Event;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::rule::Rule;
use stampede_storage::{keys, run, RetryPolicy, StorageError};

use super::codec::{decode, encode};
use super::events;
use super::idempotency::{deleted, remember, Done, Once};
use super::mutation::{ok_200, settle, stale};
use super::page::{self, Page};
use super::{RecordError, Records};

/// Stores a new rule and, under the request's key, its `201` response (the rule
/// itself), in one transaction.
pub async fn create(
    records: &Records,
    tenant: &str,
    rule: &Rule,
    spec: Option<&IdemSpec>,
    now: DateTime<Utc>,
) -> Result<(), RecordError> {
    let json = serde_json::to_value(rule)?;
    let stored = encode(rule)?;
    let key = keys::rule(tenant, &rule.id);
    let by = records.provenance();
    run(records.store().as_ref(), RetryPolicy::default(), |tx| {
        let (json, stored, key) = (json.clone(), stored.clone(), key.clone());
        let (tenant, spec, by) = (tenant.to_owned(), spec.cloned(), by.clone());
        let event = Event::new("rule.created", "rule", &rule.id, now).after(json.clone());
        Box::pin(async move {
            tx.set(&key, &stored)?;
            remember(tx, &tenant, spec.as_ref(), 201, &json, now)?;
            events::record(tx, &tenant, event, &by)?;
            Ok::<(), StorageError>(())
        })
    })
    .await?;
    Ok(())
}

/// A rule of the tenant by id, read without a conflict range; `None` for an id
/// no rule can have.
pub async fn get(records: &Records, tenant: &str, id: &str) -> Result<Option<Rule>, RecordError> {
    super::by_id(records, id, || keys::rule(tenant, id)).await
}

/// One page of the tenant's rules, by id.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<Rule>, RecordError> {
    page::of(
        records,
        &keys::rules_prefix(tenant),
        cursor,
        |cursor| keys::rule(tenant, cursor),
        limit,
        |rule: &Rule| rule.id.clone(),
    )
    .await
}

/// Changes a rule with `apply` (when `version`, if given, is the current one),
/// bumping its version; the rule as answered is stored under the key.
pub async fn patch<F>(
    records: &Records,
    tenant: &str,
    id: &str,
    version: Option<u64>,
    apply: F,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<Rule>, RecordError>
where
    F: Fn(&mut Rule) + Send + Sync + 'static,
{
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("rule"));
    }
    let apply = std::sync::Arc::new(apply);
    let (key, epoch) = (keys::rule(tenant, id), keys::conditions_epoch(tenant));
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "rule.updated",
        ("rule", id),
        key.clone(),
    );
    let done = once
        .run(ok_200, |tx| {
            let (apply, key, epoch) = (apply.clone(), key.clone(), epoch.clone());
            Box::pin(async move {
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(Err(RecordError::NotFound("rule")));
                };
                let mut rule: Rule = decode(&key, &bytes)?;
                if version.is_some_and(|v| v != rule.version) {
                    return Ok(Err(stale(rule.version)));
                }
                apply(&mut rule);
                rule.updated_at = now;
                rule.version += 1;
                tx.set(&key, &encode(&rule)?)?;
                tx.atomic_add(&epoch, 1)?;
                Ok::<_, StorageError>(Ok(rule))
            })
        })
        .await?;
    settle(done)
}

/// Deletes a rule (not found when there was none); the epoch moves either way,
/// as a delete of a missing rule did before.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<()>, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("rule"));
    }
    let (key, epoch) = (keys::rule(tenant, id), keys::conditions_epoch(tenant));
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "rule.deleted",
        ("rule", id),
        key.clone(),
    );
    let done = once
        .run(deleted, |tx| {
            let (key, epoch) = (key.clone(), epoch.clone());
            Box::pin(async move {
                let existed = tx.get(&key).await?.is_some();
                tx.clear(&key)?;
                tx.atomic_add(&epoch, 1)?;
                Ok::<bool, StorageError>(existed)
            })
        })
        .await?;
    match done {
        Done::Fresh(true) => Ok(Done::Fresh(())),
        Done::Fresh(false) => Err(RecordError::NotFound("rule")),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}
