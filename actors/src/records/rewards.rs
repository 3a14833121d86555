//! Reward items and their grants, as stored (seed 002).
//!
//! * Items live under `(tenant, "reward_item", id)`. Deleting one keeps a
//!   tombstone (`deleted_at`): coupons that name it keep granting it, and
//!   reads and lists hide it.
//! * Grants live under `(tenant, "reward_grant", redemption_id)`, written by a
//!   coupon's actor in the batch transaction that commits the redemption
//!   ([`grant_in`]) and marked voided in the one that voids it ([`void_in`]).
//!   The key is the redemption's, so a retried commit finds its own grant.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::check_id;
use stampede_protocol::reward::{
    grant_id, redemption_of_grant, GrantStatus, RewardGrant, RewardItem, REWARD_GRANT_PREFIX,
};
use stampede_protocol::{ErrorCode, Redemption};
use stampede_storage::{keys, StorageError, Transaction};

use super::codec::{decode, encode};
use super::idempotency::{deleted, Done, Once};
use super::mutation::{ok_200, settle, stored_json};
use super::page::{self, Page};
use super::{RecordError, Records};

/// Rows a grant list reads at most per answer while filtering: a page of a
/// filtered list never costs more than this many reads.
pub const MAX_GRANT_SCAN_ROWS: usize = 5_000;

/// A coupon's `reward_item_id` that names no (live) item.
pub fn item_not_found(id: &str) -> RecordError {
    RecordError::field(
        ErrorCode::RewardItemNotFound,
        "reward_item_id",
        format!("no reward item {id}"),
    )
}

/// Stores a new item with its `reward_item.created` event (and, with `spec`,
/// its `201` response).
pub async fn create(
    records: &Records,
    tenant: &str,
    item: &RewardItem,
    spec: Option<IdemSpec>,
) -> Result<Done<RewardItem>, RecordError> {
    let key = keys::reward_item(tenant, &item.id);
    let target = ("reward_item", item.id.as_str());
    let once = Once::new(records.clone(), tenant, spec, item.created_at).audited(
        "reward_item.created",
        target,
        key.clone(),
    );
    let done = once
        .run(
            |outcome| stored_json(201, outcome),
            |tx| {
                let (key, item) = (key.clone(), item.clone());
                Box::pin(async move {
                    tx.set(&key, &encode(&item)?)?;
                    Ok::<_, StorageError>(Ok::<_, RecordError>(item))
                })
            },
        )
        .await?;
    settle(done)
}

/// A live item by id (a deleted one reads as none).
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<RewardItem>, RecordError> {
    let item: Option<RewardItem> =
        super::by_id(records, id, || keys::reward_item(tenant, id)).await?;
    Ok(item.filter(|i| i.deleted_at.is_none()))
}

/// Refuses a `reward_item_id` naming no live item, [`item_not_found`].
pub async fn require(records: &Records, tenant: &str, id: &str) -> Result<(), RecordError> {
    match get(records, tenant, id).await? {
        Some(_) => Ok(()),
        None => Err(item_not_found(id)),
    }
}

/// One page of the tenant's live items, oldest first.
pub async fn list(
    records: &Records,
    tenant: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<RewardItem>, RecordError> {
    let page = page::of(
        records,
        &keys::reward_items_prefix(tenant),
        cursor,
        |cursor| keys::reward_item(tenant, cursor),
        limit,
        |i: &RewardItem| i.id.clone(),
    )
    .await?;
    Ok(Page {
        data: page
            .data
            .into_iter()
            .filter(|i| i.deleted_at.is_none())
            .collect(),
        ..page
    })
}

/// Changes a live item with `apply` (which re-checks what it changes), with
/// its `reward_item.updated` event and, under `spec`, its `200` response.
pub async fn patch<F>(
    records: &Records,
    tenant: &str,
    id: &str,
    apply: F,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<RewardItem>, RecordError>
where
    F: Fn(&mut RewardItem) -> Result<(), RecordError> + Send + Sync + 'static,
{
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("reward item"));
    }
    let apply = Arc::new(apply);
    let key = keys::reward_item(tenant, id);
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "reward_item.updated",
        ("reward_item", id),
        key.clone(),
    );
    let done = once
        .run(ok_200, |tx| {
            let (apply, key) = (apply.clone(), key.clone());
            Box::pin(async move {
                let Some(mut item) = live(tx, &key).await? else {
                    return Ok(Err(RecordError::NotFound("reward item")));
                };
                if let Err(refused) = apply(&mut item) {
                    return Ok(Err(refused));
                }
                item.updated_at = now;
                tx.set(&key, &encode(&item)?)?;
                Ok::<_, StorageError>(Ok(item))
            })
        })
        .await?;
    settle(done)
}

/// Deletes a live item (a tombstone: coupons naming it keep granting it, new
/// coupons cannot name it) with its `reward_item.deleted` event.
pub async fn delete(
    records: &Records,
    tenant: &str,
    id: &str,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<()>, RecordError> {
    if check_id(id).is_err() {
        return Err(RecordError::NotFound("reward item"));
    }
    let key = keys::reward_item(tenant, id);
    let once = Once::new(records.clone(), tenant, spec, now).audited(
        "reward_item.deleted",
        ("reward_item", id),
        key.clone(),
    );
    let done = once
        .run(deleted, |tx| {
            let key = key.clone();
            Box::pin(async move {
                let Some(mut item) = live(tx, &key).await? else {
                    return Ok(false);
                };
                item.deleted_at = Some(now);
                item.updated_at = now;
                tx.set(&key, &encode(&item)?)?;
                Ok::<bool, StorageError>(true)
            })
        })
        .await?;
    match done {
        Done::Fresh(true) => Ok(Done::Fresh(())),
        Done::Fresh(false) => Err(RecordError::NotFound("reward item")),
        Done::Replayed(record) => Ok(Done::Replayed(record)),
    }
}

/// The item at `key` unless absent or deleted.
async fn live(tx: &mut dyn Transaction, key: &[u8]) -> Result<Option<RewardItem>, StorageError> {
    Ok(match tx.get(key).await? {
        Some(bytes) => Some(decode::<RewardItem>(key, &bytes)?).filter(|i| i.deleted_at.is_none()),
        None => None,
    })
}

/// Records the grant of a `success` redemption of a coupon granting
/// `item_id`, in the caller's (the batch's) transaction. Written once: a
/// grant already stored for the redemption is left as it is. An item gone
/// altogether (never a tombstone) grants nothing.
pub async fn grant_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    item_id: &str,
    redemption: &Redemption,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let key = keys::reward_grant(tenant, &redemption.id);
    if tx.get(&key).await?.is_some() {
        return Ok(());
    }
    let item_key = keys::reward_item(tenant, item_id);
    let Some(bytes) = tx.get_snapshot(&item_key).await? else {
        tracing::warn!(tenant, item_id, "a coupon names a reward item that is gone");
        return Ok(());
    };
    let item: RewardItem = decode(&item_key, &bytes)?;
    let grant = RewardGrant {
        id: grant_id(&redemption.id),
        reward_item_id: item.id,
        redemption_id: redemption.id.clone(),
        coupon_id: redemption.coupon_id.clone(),
        code: redemption.coupon_code.clone(),
        user_id: redemption.user_id.clone(),
        reward_type: item.reward_type,
        payload: item.payload,
        status: GrantStatus::Granted,
        created_at: now,
        voided_at: None,
    };
    tx.set(&key, &encode(&grant)?)
}

/// Marks the grant of a redemption voided, in the caller's (the batch's)
/// transaction; nothing when it has none or it is voided already.
pub async fn void_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    redemption_id: &str,
    at: DateTime<Utc>,
) -> Result<(), StorageError> {
    let key = keys::reward_grant(tenant, redemption_id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(());
    };
    let mut grant: RewardGrant = decode(&key, &bytes)?;
    if grant.status == GrantStatus::Voided {
        return Ok(());
    }
    grant.status = GrantStatus::Voided;
    grant.voided_at = Some(at);
    tx.set(&key, &encode(&grant)?)
}

/// Which grants a list answers.
#[derive(Debug, Clone, Default)]
pub struct GrantFilter {
    pub user_id: Option<String>,
    pub reward_item_id: Option<String>,
    pub status: Option<GrantStatus>,
}

impl GrantFilter {
    fn keeps(&self, grant: &RewardGrant) -> bool {
        let user = self.user_id.as_ref();
        user.is_none_or(|u| grant.user_id.as_ref() == Some(u))
            && self
                .reward_item_id
                .as_ref()
                .is_none_or(|i| *i == grant.reward_item_id)
            && self.status.is_none_or(|s| s == grant.status)
    }
}

/// One page of the tenant's grants that `filter` keeps, oldest redemption
/// first. At most [`MAX_GRANT_SCAN_ROWS`] are read: a page may come back
/// short with `has_more` and a cursor to go on from.
pub async fn grants(
    records: &Records,
    tenant: &str,
    filter: &GrantFilter,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<RewardGrant>, RecordError> {
    let mut after = match cursor {
        Some(cursor) => match redemption_of_grant(cursor).filter(|r| check_id(r).is_ok()) {
            Some(redemption) => Some(keys::reward_grant(tenant, redemption)),
            None => {
                return Err(RecordError::invalid(
                    "cursor",
                    format!("must be a grant id ({REWARD_GRANT_PREFIX}_…)"),
                ))
            }
        },
        None => None,
    };
    let prefix = keys::reward_grants_prefix(tenant);
    let mut tx = records.store().begin().await?;
    let (mut data, mut scanned) = (Vec::new(), 0usize);
    loop {
        let chunk = limit.max(1).min(MAX_GRANT_SCAN_ROWS - scanned);
        let (rows, more) = page::rows(tx.as_mut(), &prefix, after.clone(), chunk).await?;
        scanned += rows.len();
        let mut read = 0;
        for row in &rows {
            read += 1;
            after = Some(row.key.clone());
            let grant: RewardGrant = decode(&row.key, &row.value)?;
            if filter.keeps(&grant) {
                data.push(grant);
                if data.len() == limit {
                    break;
                }
            }
        }
        let has_more = more || read < rows.len();
        if data.len() == limit || !has_more || scanned >= MAX_GRANT_SCAN_ROWS {
            let cursor = last_id(&rows[..read]);
            return Ok(Page {
                next_cursor: has_more.then_some(cursor).flatten(),
                has_more,
                data,
            });
        }
    }
}

/// The grant id of the last row read.
fn last_id(rows: &[stampede_storage::KeyValue]) -> Option<String> {
    let row = rows.last()?;
    decode::<RewardGrant>(&row.key, &row.value)
        .ok()
        .map(|g| g.id)
}
