//! The store as every scenario sets it up and reads it back: sale coupons (or a
//! sale code of a coupon, whose limits are its parent's) written directly, and a
//! coupon with its success redemptions read straight from storage for the
//! invariant checks.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use stampede_protocol::{
    Applicability, Coupon, CouponStatus, CouponType, Redemption, RedemptionStatus,
};
use stampede_storage::{keys, run, MemFaults, RangeOptions, RetryPolicy, SharedStore};

/// The tenant of every scenario.
pub const TENANT: &str = "sim";

/// Most redemptions one coupon's read-back returns.
const MAX_READ_BACK_REDEMPTIONS: usize = 1_000_000;

/// The storage faults of every scenario at `rate` per commit: conflicts
/// (1020) and unknown results (1021) at `rate`, too-old transactions (1007)
/// at a fifth of it, and 2 ms of commit latency plus up to `jitter_ms`.
pub fn faults(rate: f64, jitter_ms: u64) -> MemFaults {
    MemFaults {
        not_committed: rate,
        commit_unknown_result: rate,
        transaction_too_old: rate / 5.0,
        commit_latency: Some(Duration::from_millis(2)),
        commit_latency_jitter: Duration::from_millis(jitter_ms),
    }
}

/// Writes an active 20% coupon and its code index.
pub async fn insert_sale_coupon(
    store: &SharedStore,
    id: &str,
    code: &str,
    max_uses: u64,
    per_customer_limit: u32,
) -> Result<(), String> {
    let coupon = sale_coupon(id, code, Some(max_uses), Some(per_customer_limit))?;
    insert(store, coupon).await
}

/// Writes the same sale as a code of a coupon: the parent (`{id}_parent`,
/// code `{code}PARENT`) holds the discount and the limits, the code at `id`
/// holds none of its own and must enforce its parent's.
pub async fn insert_sale_code_of_coupon(
    store: &SharedStore,
    id: &str,
    code: &str,
    max_uses: u64,
    per_customer_limit: u32,
) -> Result<(), String> {
    let parent_id = format!("{id}_parent");
    let parent = sale_coupon(
        &parent_id,
        &format!("{code}PARENT"),
        Some(max_uses),
        Some(per_customer_limit),
    )?;
    insert(store, parent).await?;
    let mut child = sale_coupon(id, code, None, None)?;
    child.parent_id = Some(parent_id);
    insert(store, child).await
}

fn sale_coupon(
    id: &str,
    code: &str,
    max_uses: Option<u64>,
    per_customer_limit: Option<u32>,
) -> Result<Coupon, String> {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .ok_or("time")?;
    Ok(Coupon {
        id: id.to_owned(),
        code: code.to_owned(),
        kind: CouponType::Percentage,
        value: Decimal::from(20),
        status: CouponStatus::Active,
        max_uses,
        per_customer_limit,
        applicability: Applicability::default(),
        metadata: BTreeMap::new(),
        created_at: at,
        updated_at: at,
        version: 1,
        ..Default::default()
    })
}

async fn insert(store: &SharedStore, coupon: Coupon) -> Result<(), String> {
    let bytes = serde_json::to_vec(&coupon).map_err(|e| e.to_string())?;
    let (id, code) = (coupon.id.clone(), coupon.code.clone());
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (bytes, id, code) = (bytes.clone(), id.clone(), code.clone());
        Box::pin(async move {
            tx.set(&keys::code(TENANT, &code), id.as_bytes())?;
            tx.set(&keys::coupon(TENANT, &id), &bytes)?;
            Ok(())
        })
    })
    .await
    .map_err(|e| e.to_string())
}

/// The id of the coupon `code` names.
pub async fn coupon_id_of(store: &SharedStore, code: &str) -> Result<String, String> {
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let id = tx
        .get_snapshot(&keys::code(TENANT, code))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("code missing")?;
    String::from_utf8(id).map_err(|e| e.to_string())
}

/// The coupon's `uses_count` and its success redemptions, as stored.
pub async fn read_back(
    store: &SharedStore,
    coupon_id: &str,
) -> Result<(u64, Vec<Redemption>), String> {
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let bytes = tx
        .get_snapshot(&keys::coupon(TENANT, coupon_id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("coupon missing")?;
    let coupon: Coupon = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let (begin, end) = keys::prefix_range(&keys::coupon_redemptions_prefix(TENANT, coupon_id));
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_READ_BACK_REDEMPTIONS,
            reverse: false,
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut successes = Vec::new();
    for row in rows {
        let id = keys::redemption_id_of_index(&row.key).ok_or("bad index key")?;
        let bytes = tx
            .get_snapshot(&keys::redemption(TENANT, &id))
            .await
            .map_err(|e| e.to_string())?
            .ok_or("index without redemption")?;
        let redemption: Redemption = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        if redemption.status == RedemptionStatus::Success {
            successes.push(redemption);
        }
    }
    Ok((coupon.uses_count, successes))
}

/// The sum of one analytics counter over every row and hour of a rollup
/// scope (`c:{coupon_id}`, `k:{campaign_id}` or `t`), as stored: it must count
/// each redemption holding a use exactly once, whatever commits were retried.
pub async fn rollup_total(
    store: &SharedStore,
    tenant: &str,
    scope: &str,
    metric: &str,
) -> Result<i64, String> {
    let (begin, end) = keys::rollup_hours(tenant, "roll", scope, 0, i64::MAX);
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: MAX_READ_BACK_REDEMPTIONS,
            reverse: false,
        })
        .await
        .map_err(|e| e.to_string())?;
    let mut total = 0i64;
    for row in rows {
        let (_, name) = keys::rollup_of_key(&row.key).ok_or("bad rollup key")?;
        if name == metric {
            total += keys::decode_counter(&row.value).ok_or("bad rollup counter")?;
        }
    }
    Ok(total)
}
