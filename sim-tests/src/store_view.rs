//! The store as every scenario sets it up and reads it back: sale coupons written
//! directly, and a coupon with its success redemptions read straight from storage
//! for the invariant checks.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use stampede_protocol::{
    Applicability, Coupon, CouponStatus, CouponType, Redemption, RedemptionStatus,
};
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, SharedStore};

/// The tenant of every scenario.
pub const TENANT: &str = "sim";

/// Most redemptions one coupon's read-back returns.
const MAX_READ_BACK_REDEMPTIONS: usize = 1_000_000;

/// Writes an active 20% coupon and its code index.
pub async fn insert_sale_coupon(
    store: &SharedStore,
    id: &str,
    code: &str,
    max_uses: u64,
    per_customer_limit: u32,
) -> Result<(), String> {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .ok_or("time")?;
    let coupon = Coupon {
        id: id.to_owned(),
        code: code.to_owned(),
        kind: CouponType::Percentage,
        value: Decimal::from(20),
        currency: None,
        campaign_id: None,
        status: CouponStatus::Active,
        max_uses: Some(max_uses),
        uses_count: 0,
        per_customer_limit: Some(per_customer_limit),
        valid_from: None,
        valid_until: None,
        applicability: Applicability::default(),
        min_cart_value: None,
        max_discount_amount: None,
        balance: None,
        metadata: BTreeMap::new(),
        created_at: at,
        updated_at: at,
        version: 1,
        deleted_at: None,
        rule_ids: Vec::new(),
        ..Default::default()
    };
    let bytes = serde_json::to_vec(&coupon).map_err(|e| e.to_string())?;
    let (id, code) = (id.to_owned(), code.to_owned());
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
