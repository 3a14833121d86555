//! A coupon's limit set and its usage counters, as committed. Both are
//! written only by the coupon's actor, which enforces them.

use std::collections::BTreeMap;

use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::limits::MAX_USAGE_COUNTERS_READ;
use stampede_storage::keys;

use super::codec::decode;
use super::coupons::forward;
use super::{RecordError, Records};

/// The limit set of a coupon, if one was set.
pub async fn of_coupon(
    records: &Records,
    tenant: &str,
    coupon_id: &str,
) -> Result<Option<LimitSet>, RecordError> {
    let mut tx = records.store().begin().await?;
    let key = keys::limit_set(tenant, "coupon", coupon_id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}

/// A coupon's non-zero usage counters by name (`channel:…`, `store:…`,
/// `day:…`), at most [`MAX_USAGE_COUNTERS_READ`] of them.
pub async fn counters(
    records: &Records,
    tenant: &str,
    coupon_id: &str,
) -> Result<BTreeMap<String, u64>, RecordError> {
    let (begin, end) = keys::prefix_range(&keys::limit_counters_prefix(tenant, coupon_id));
    let mut tx = records.store().begin().await?;
    let rows = tx
        .get_range(&forward(&begin, &end, MAX_USAGE_COUNTERS_READ))
        .await?;
    let mut counters = BTreeMap::new();
    for row in rows {
        if let (Some(name), Some(value)) = (
            keys::counter_of_key(&row.key),
            keys::decode_counter(&row.value),
        ) {
            if value > 0 {
                counters.insert(name, u64::try_from(value).unwrap_or(0));
            }
        }
    }
    Ok(counters)
}

/// Whether the tenant has a segment of this name: a limit set may restrict a
/// coupon to a segment's customers only when the segment exists.
pub async fn segment_exists(
    records: &Records,
    tenant: &str,
    name: &str,
) -> Result<bool, RecordError> {
    let mut tx = records.store().begin().await?;
    Ok(tx
        .get_snapshot(&keys::segment_name(tenant, name))
        .await?
        .is_some())
}
