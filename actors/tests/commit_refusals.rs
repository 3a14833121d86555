//! A commit that meets stored data contradicting one of its ops refuses that
//! op and commits the rest of the batch: one bad record is not a poison pill
//! that fails (or panics) every batch it rides in.

use std::sync::Arc;

use futures::future::join_all;
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::{Coupon, ErrorCode, RedemptionStatus};
use stampede_storage::{keys, run, MemStore, RetryPolicy, SharedStore};

mod support;

const TENANT: &str = "t";

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

/// Rewrites the stored coupon's `uses_count` behind its actor's back.
async fn set_stored_uses(store: &SharedStore, coupon_id: &str, uses: u64) {
    let coupon_id = coupon_id.to_owned();
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let coupon_id = coupon_id.clone();
        Box::pin(async move {
            let key = keys::coupon(TENANT, &coupon_id);
            let bytes = tx.get(&key).await?.expect("the coupon is stored");
            let mut coupon: Coupon = serde_json::from_slice(&bytes).expect("a coupon");
            coupon.uses_count = uses;
            tx.set(&key, &serde_json::to_vec(&coupon).expect("encodes"))?;
            Ok(())
        })
    })
    .await
    .unwrap();
}

// Single-threaded on purpose: every request below is in the actor's mailbox
// before the actor runs again, so the void and the redemptions share a batch.
#[tokio::test]
async fn a_void_the_stored_count_contradicts_is_refused_alone() {
    let store: SharedStore = Arc::new(MemStore::with_seed(11));
    support::insert(&store, TENANT, &support::coupon("BAD", Some(100), Some(1))).await;
    let shards = Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    );
    let first = shards
        .redeem(TENANT, "BAD", request(String::from("u0")))
        .await
        .unwrap();
    // Stored: a success redemption, and a count that does not count it.
    set_stored_uses(&store, "cpn_BAD", 0).await;

    let by = stampede_protocol::event::Provenance::default();
    let void = shards.void(TENANT, "BAD", first.id.clone(), None, None, &by);
    let redeems =
        join_all((1..=10).map(|i| shards.redeem(TENANT, "BAD", request(format!("u{i}")))));
    let (voided, redeemed) = futures::join!(void, redeems);

    assert!(
        matches!(
            &voided,
            Err(ActorError::Refused {
                code: ErrorCode::Internal,
                ..
            })
        ),
        "the contradicted void is refused: {voided:?}"
    );
    for result in &redeemed {
        assert!(
            result.is_ok(),
            "a redemption in the same batch failed: {result:?}"
        );
    }
    let (coupon, successes) = support::stored(&store, TENANT, "cpn_BAD").await;
    assert_eq!(
        coupon.uses_count, 10,
        "the ten redemptions, counted once each"
    );
    assert_eq!(
        successes.len(),
        11,
        "the refused void left its redemption alone"
    );
    assert!(successes
        .iter()
        .any(|r| r.id == first.id && r.status == RedemptionStatus::Success));
    // The actor keeps serving the code.
    shards
        .redeem(TENANT, "BAD", request(String::from("after")))
        .await
        .unwrap();
}
