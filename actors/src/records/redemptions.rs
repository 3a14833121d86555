//! Redemptions as committed, read by id, by coupon and by order
//! (reference). Redemptions are written only by their coupon's actor.

use stampede_protocol::ids::check_id;
use stampede_protocol::Redemption;
use stampede_storage::{keys, Transaction};

use super::codec::decode;
use super::coupons::forward;
use super::{page, Page, RecordError, Records};

/// Redemptions one order (reference) may list or void in one request.
pub const MAX_REDEMPTIONS_PER_REFERENCE: usize = 500;

/// A redemption by id; `None` for an id no redemption can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    id: &str,
) -> Result<Option<Redemption>, RecordError> {
    if check_id(id).is_err() {
        return Ok(None);
    }
    let mut tx = records.store().begin().await?;
    read(tx.as_mut(), tenant, id).await
}

async fn read(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
) -> Result<Option<Redemption>, RecordError> {
    let key = keys::redemption(tenant, id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// A page of a coupon's redemptions, in id order after `cursor` (which the
/// caller has checked is an id).
pub async fn of_coupon(
    records: &Records,
    tenant: &str,
    coupon_id: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<Redemption>, RecordError> {
    let after = cursor.map(|c| keys::coupon_redemption(tenant, coupon_id, c));
    let prefix = keys::coupon_redemptions_prefix(tenant, coupon_id);
    let mut tx = records.store().begin().await?;
    let (rows, has_more) = page::rows(tx.as_mut(), &prefix, after, limit).await?;
    let mut data = Vec::with_capacity(limit);
    for row in rows {
        let Some(id) = keys::redemption_id_of_index(&row.key) else {
            continue;
        };
        if let Some(redemption) = read(tx.as_mut(), tenant, &id).await? {
            data.push(redemption);
        }
    }
    let next_cursor = has_more
        .then(|| data.last().map(|r| r.id.clone()))
        .flatten();
    Ok(Page {
        data,
        next_cursor,
        has_more,
    })
}

/// The redemptions of one order, in id order (at most
/// [`MAX_REDEMPTIONS_PER_REFERENCE`]).
pub async fn by_reference(
    records: &Records,
    tenant: &str,
    reference_id: &str,
) -> Result<Vec<Redemption>, RecordError> {
    let (begin, end) =
        keys::prefix_range(&keys::reference_redemptions_prefix(tenant, reference_id));
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&forward(&begin, &end, MAX_REDEMPTIONS_PER_REFERENCE))
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(id) = keys::redemption_id_of_reference(&row.key) else {
            continue;
        };
        if let Some(redemption) = read(tx.as_mut(), tenant, &id).await? {
            found.push(redemption);
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(found)
}
