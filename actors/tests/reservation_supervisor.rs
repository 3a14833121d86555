//! The background supervisors started by `Shards::new`: with the clock moved past
//! a reservation's expiry, the expiry supervisor releases it without anyone
//! calling `sweep`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use stampede_actors::{RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;
use stampede_protocol::limits::DEFAULT_RESERVATION_TTL_MS;
use stampede_protocol::{Applicability, Coupon, CouponStatus, CouponType, RedemptionStatus};
use stampede_storage::{keys, run, MemStore, RetryPolicy, SharedStore};

const TENANT: &str = "t";

fn coupon() -> Coupon {
    let now = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    Coupon {
        id: String::from("cpn_R"),
        code: String::from("R"),
        kind: CouponType::Percentage,
        value: Decimal::from(10),
        currency: None,
        campaign_id: None,
        status: CouponStatus::Active,
        max_uses: Some(1),
        uses_count: 0,
        per_customer_limit: None,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_supervisor_expires_lapsed_reservations() {
    let store: SharedStore = Arc::new(MemStore::new());
    let coupon = coupon();
    let stored = coupon.clone();
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let coupon = stored.clone();
        Box::pin(async move {
            tx.set(&keys::code(TENANT, &coupon.code), coupon.id.as_bytes())?;
            tx.set(
                &keys::coupon(TENANT, &coupon.id),
                &serde_json::to_vec(&coupon).unwrap(),
            )
        })
    })
    .await
    .unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap(),
    ));
    let shards = Shards::new(store.clone(), clock.clone(), ShardsConfig::default());
    let request = RedeemRequest {
        provenance: Default::default(),
        reserve: true,
        ..RedeemRequest::default()
    };
    let pending = shards.redeem(TENANT, "R", request).await.unwrap();
    assert_eq!(pending.status, RedemptionStatus::Pending);
    clock.advance_ms(DEFAULT_RESERVATION_TTL_MS);
    let mut released = false;
    // Bounded wait for the supervisor's next ticks (it sweeps every 250 ms).
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if shards.get(TENANT, "R").await.unwrap().uses_count == 0 {
            released = true;
            break;
        }
    }
    assert!(released, "the supervisor did not expire the reservation");
    let mut tx = store.begin().await.unwrap();
    let bytes = tx
        .get_snapshot(&keys::redemption(TENANT, &pending.id))
        .await
        .unwrap()
        .unwrap();
    let expired: stampede_protocol::Redemption = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(expired.status, RedemptionStatus::Expired);
}
