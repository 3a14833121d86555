//! Codes of a coupon: each code is a coupon record of its own (`parent_id`),
//! indexed under its parent at `keys::template_code`, and who redeemed them.

use stampede_protocol::event::{Event, Provenance};
use std::collections::BTreeMap;

use stampede_protocol::limits::MAX_TEMPLATE_CODES_READ;
use stampede_protocol::Coupon;
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::codec::{decode, encode};
use super::coupons::forward;
use super::events;
use super::{RecordError, Records};

/// What adding codes did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    Done,
    /// This code is another coupon's: no code was added.
    Taken(String),
}

/// Stores every code of `coupons` under the coupon `template_id`, or none,
/// with one `coupon.codes_added` event: a request adds its codes whole.
pub async fn add(
    records: &Records,
    tenant: &str,
    template_id: &str,
    coupons: &[Coupon],
    by: &Provenance,
) -> Result<Added, RecordError> {
    let (tenant, template_id, coupons) =
        (tenant.to_owned(), template_id.to_owned(), coupons.to_vec());
    let by = by.clone();
    let added = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, template_id, coupons) =
                (tenant.clone(), template_id.clone(), coupons.clone());
            let by = by.clone();
            Box::pin(async move { insert(tx, &tenant, &template_id, &coupons, &by).await })
        },
    )
    .await?;
    Ok(added)
}

/// One attempt of [`add`]'s transaction.
async fn insert(
    tx: &mut dyn Transaction,
    tenant: &str,
    template_id: &str,
    coupons: &[Coupon],
    by: &Provenance,
) -> Result<Added, StorageError> {
    for coupon in coupons {
        match tx.get(&keys::code(tenant, &coupon.code)).await? {
            // A retry after an unknown commit result finds its own codes.
            Some(existing) if existing == coupon.id.as_bytes() => return Ok(Added::Done),
            Some(_) => return Ok(Added::Taken(coupon.code.clone())),
            None => {}
        }
    }
    for coupon in coupons {
        put(tx, tenant, template_id, coupon)?;
    }
    let codes: Vec<&str> = coupons.iter().map(|c| c.code.as_str()).collect();
    if let Some(first) = coupons.first() {
        added_event(tx, tenant, template_id, &codes, first.created_at, by)?;
    }
    Ok(Added::Done)
}

/// A code's record: its parent's terms as of now (read live from the parent
/// whenever the code decides), fresh counters, its own status.
pub fn copy_of(
    template: &Coupon,
    id: String,
    code: String,
    status: stampede_protocol::CouponStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> Coupon {
    let mut coupon = template.clone();
    coupon.id = id;
    coupon.code = code;
    coupon.status = status;
    coupon.uses_count = 0;
    coupon.balance =
        (template.kind == stampede_protocol::CouponType::GiftCard).then_some(template.value);
    coupon.created_at = now;
    coupon.updated_at = now;
    coupon.version = 1;
    coupon.deleted_at = None;
    coupon.parent_id = Some(template.id.clone());
    // A code of a case-sensitive coupon matches as it was added.
    coupon.exact_code = template.case_sensitive.then(|| coupon.code.clone());
    coupon.external_id = None;
    coupon.bound_user_id = None;
    coupon.auto_generate = None;
    coupon
}

/// Whether no coupon of the tenant has the (normalized) `code`, read in the
/// transaction, so a concurrent writer of the same code conflicts.
pub async fn is_free(
    tx: &mut dyn Transaction,
    tenant: &str,
    code: &str,
) -> Result<bool, StorageError> {
    Ok(tx.get(&keys::code(tenant, code)).await?.is_none())
}

/// The id of the coupon that has the (normalized) `code`, read in the
/// transaction.
pub async fn owner(
    tx: &mut dyn Transaction,
    tenant: &str,
    code: &str,
) -> Result<Option<String>, StorageError> {
    let id = tx.get(&keys::code(tenant, code)).await?;
    Ok(id.map(|id| String::from_utf8_lossy(&id).into_owned()))
}

/// Whether the coupon `coupon_id` is one of the codes of `template_id`, read
/// in the transaction.
pub async fn is_code_of(
    tx: &mut dyn Transaction,
    tenant: &str,
    template_id: &str,
    coupon_id: &str,
) -> Result<bool, StorageError> {
    let key = keys::template_code(tenant, template_id, coupon_id);
    Ok(tx.get_snapshot(&key).await?.is_some())
}

/// Writes one code of the coupon `template_id`: its record, the tenant's code
/// index and the coupon's code index. The caller checked [`is_free`] in the
/// same transaction.
pub fn put(
    tx: &mut dyn Transaction,
    tenant: &str,
    template_id: &str,
    coupon: &Coupon,
) -> Result<(), StorageError> {
    debug_assert_eq!(coupon.parent_id.as_deref(), Some(template_id));
    tx.set(&keys::code(tenant, &coupon.code), coupon.id.as_bytes())?;
    tx.set(&keys::coupon(tenant, &coupon.id), &encode(coupon)?)?;
    tx.set(
        &keys::template_code(tenant, template_id, &coupon.id),
        coupon.code.as_bytes(),
    )
}

/// The one `coupon.codes_added` event (outbox and audit) of the codes one
/// transaction added.
pub fn added_event(
    tx: &mut dyn Transaction,
    tenant: &str,
    template_id: &str,
    codes: &[&str],
    at: chrono::DateTime<chrono::Utc>,
    by: &Provenance,
) -> Result<(), StorageError> {
    let event = Event::new("coupon.codes_added", "coupon", template_id, at)
        .after(serde_json::json!({"codes": codes}));
    events::record(tx, tenant, event, by)
}

/// The codes of a coupon as committed (deleted ones left out), at most
/// [`MAX_TEMPLATE_CODES_READ`] of them; `true` when the index held more.
pub async fn of(
    records: &Records,
    tenant: &str,
    template_id: &str,
) -> Result<(Vec<Coupon>, bool), RecordError> {
    let (begin, end) = keys::prefix_range(&keys::template_codes_prefix(tenant, template_id));
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&forward(&begin, &end, MAX_TEMPLATE_CODES_READ))
        .await?;
    let truncated = rows.len() == MAX_TEMPLATE_CODES_READ;
    let mut coupons = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(id) = keys::coupon_id_of_template_code(&row.key) else {
            continue;
        };
        let key = keys::coupon(tenant, &id);
        if let Some(bytes) = tx.get_snapshot(&key).await? {
            let coupon: Coupon = decode(&key, &bytes)?;
            if coupon.deleted_at.is_none() {
                coupons.push(coupon);
            }
        }
    }
    Ok((coupons, truncated))
}

/// Whether the coupon `coupon_id` is one of the codes of `template_id`.
pub async fn belongs(
    records: &Records,
    tenant: &str,
    template_id: &str,
    coupon_id: &str,
) -> Result<bool, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::template_code(tenant, template_id, coupon_id);
    Ok(tx.get_snapshot(&key).await?.is_some())
}

/// Uses held now per customer across the coupons `ids` (a coupon and its
/// codes), from their per-customer counters; `true` when a bound
/// ([`MAX_TEMPLATE_CODES_READ`] counters of one coupon, or customers in all)
/// cut the count short.
pub async fn redeemers(
    records: &Records,
    tenant: &str,
    ids: &[&str],
) -> Result<(BTreeMap<String, u64>, bool), RecordError> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut truncated = false;
    let mut tx = records.store().begin().await?;
    for id in ids {
        let (begin, end) = keys::prefix_range(&keys::customer_uses_prefix(tenant, id));
        let rows = tx
            .get_range(&forward(&begin, &end, MAX_TEMPLATE_CODES_READ))
            .await?;
        truncated |= rows.len() == MAX_TEMPLATE_CODES_READ;
        for row in rows {
            let (Some(user), Some(count)) = (
                keys::user_of_customer_uses(&row.key),
                keys::decode_counter(&row.value),
            ) else {
                continue;
            };
            if count > 0 {
                *counts.entry(user).or_default() += u64::try_from(count).unwrap_or(0);
            }
        }
        if counts.len() >= MAX_TEMPLATE_CODES_READ {
            truncated = true;
            break;
        }
    }
    Ok((counts, truncated))
}
