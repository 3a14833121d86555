//! Fixtures shared by the actor tests: a coupon written straight to the store, and
//! the coupon with its success redemptions read straight back.

pub mod loopback;

use std::collections::BTreeMap;

use chrono::Utc;
use rust_decimal::Decimal;
use stampede_protocol::{
    Applicability, Coupon, CouponStatus, CouponType, Redemption, RedemptionStatus,
};
use stampede_storage::{keys, run, RangeOptions, RetryPolicy, SharedStore};

/// An active 10% coupon with id `cpn_{code}`.
pub fn coupon(code: &str, max_uses: Option<u64>, per_customer_limit: Option<u32>) -> Coupon {
    let now = Utc::now();
    Coupon {
        id: format!("cpn_{code}"),
        code: code.to_owned(),
        kind: CouponType::Percentage,
        value: Decimal::from(10),
        currency: None,
        campaign_id: None,
        status: CouponStatus::Active,
        max_uses,
        uses_count: 0,
        per_customer_limit,
        valid_from: None,
        valid_until: None,
        applicability: Applicability::default(),
        min_cart_value: None,
        max_discount_amount: None,
        balance: None,
        metadata: BTreeMap::new(),
        created_at: now,
        updated_at: now,
        version: 1,
        deleted_at: None,
        rule_ids: Vec::new(),
        ..Default::default()
    }
}

/// Writes the coupon and its code index.
pub async fn insert(store: &SharedStore, tenant: &str, coupon: &Coupon) {
    let (coupon, tenant) = (coupon.clone(), tenant.to_owned());
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (coupon, tenant) = (coupon.clone(), tenant.clone());
        Box::pin(async move {
            tx.set(&keys::code(&tenant, &coupon.code), coupon.id.as_bytes())?;
            tx.set(
                &keys::coupon(&tenant, &coupon.id),
                &serde_json::to_vec(&coupon).unwrap(),
            )?;
            Ok(())
        })
    })
    .await
    .unwrap();
}

/// Reads the coupon and its success redemptions straight from storage.
pub async fn stored(
    store: &SharedStore,
    tenant: &str,
    coupon_id: &str,
) -> (Coupon, Vec<Redemption>) {
    let mut tx = store.begin().await.unwrap();
    let coupon: Coupon = serde_json::from_slice(
        &tx.get_snapshot(&keys::coupon(tenant, coupon_id))
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let (begin, end) = keys::prefix_range(&keys::coupon_redemptions_prefix(tenant, coupon_id));
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: 100_000,
            reverse: false,
        })
        .await
        .unwrap();
    let mut redemptions = Vec::new();
    for row in rows {
        let id = keys::redemption_id_of_index(&row.key).unwrap();
        let bytes = tx
            .get_snapshot(&keys::redemption(tenant, &id))
            .await
            .unwrap()
            .unwrap();
        let redemption: Redemption = serde_json::from_slice(&bytes).unwrap();
        if redemption.status == RedemptionStatus::Success {
            redemptions.push(redemption);
        }
    }
    (coupon, redemptions)
}
