//! Campaign leases against the in-memory store with injected faults: however
//! commits fail, the campaign's leased total stays within its budget, every
//! coupon's spent quota equals its counted uses, and unused lease goes back to the
//! campaign when a coupon passivates.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rust_decimal::Decimal;
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::campaign::{
    Budget, Campaign, CampaignStatus, GateState, LeaseGrant, LeaseSpend, Quota,
};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::{Applicability, Coupon, CouponStatus, CouponType};
use stampede_storage::{keys, run, MemFaults, MemStore, RetryPolicy, SharedStore};

const TENANT: &str = "t";
const CAMPAIGN: &str = "cmp_1";

fn campaign(max_redemptions: u64) -> Campaign {
    let now = Utc::now();
    Campaign {
        id: CAMPAIGN.to_owned(),
        name: String::from("c"),
        description: None,
        status: CampaignStatus::Active,
        channels: Vec::new(),
        budget: Budget {
            max_redemptions: Some(max_redemptions),
            money: BTreeMap::new(),
        },
        start: None,
        end: None,
        time_zone: None,
        metadata: BTreeMap::new(),
        granted: Quota::default(),
        created_at: now,
        updated_at: now,
        version: 1,
        commit_seq: 0,
        limits: None,
        daily: None,
    }
}

fn coupon(code: &str) -> Coupon {
    let now = Utc::now();
    Coupon {
        id: format!("cpn_{code}"),
        code: code.to_owned(),
        kind: CouponType::Percentage,
        value: Decimal::from(10),
        currency: None,
        campaign_id: Some(CAMPAIGN.to_owned()),
        status: CouponStatus::Active,
        max_uses: None,
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

async fn insert(store: &SharedStore, campaign: &Campaign, coupons: &[Coupon]) {
    let (campaign, coupons) = (campaign.clone(), coupons.to_vec());
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (campaign, coupons) = (campaign.clone(), coupons.clone());
        Box::pin(async move {
            tx.set(
                &keys::campaign(TENANT, &campaign.id),
                &serde_json::to_vec(&campaign).unwrap(),
            )?;
            tx.set(
                &keys::campaign_gate(TENANT, &campaign.id),
                &serde_json::to_vec(&GateState::of(campaign.status)).unwrap(),
            )?;
            for coupon in &coupons {
                tx.set(&keys::code(TENANT, &coupon.code), coupon.id.as_bytes())?;
                tx.set(
                    &keys::coupon(TENANT, &coupon.id),
                    &serde_json::to_vec(coupon).unwrap(),
                )?;
            }
            Ok(())
        })
    })
    .await
    .unwrap();
}

async fn read<T: serde::de::DeserializeOwned>(store: &SharedStore, key: &[u8]) -> Option<T> {
    let mut tx = store.begin().await.unwrap();
    tx.get_snapshot(key)
        .await
        .unwrap()
        .map(|bytes| serde_json::from_slice(&bytes).unwrap())
}

fn request(user: String) -> RedeemRequest {
    let mut request = RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    };
    request.context.cart_total = Some(Decimal::from(20));
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_never_overspend_the_campaign() {
    for seed in 0..4u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        let coupons: Vec<Coupon> = (0..5).map(|i| coupon(&format!("C{i}"))).collect();
        insert(&store, &campaign(60), &coupons).await;
        mem.set_faults(MemFaults {
            not_committed: 0.1,
            commit_unknown_result: 0.1,
            transaction_too_old: 0.02,
            commit_latency: Some(Duration::from_millis(1)),
            commit_latency_jitter: Duration::from_millis(2),
        });
        let shards = Shards::new(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
        );
        let attempts = (0..300).map(|i| {
            let shards = shards.clone();
            tokio::spawn(async move {
                shards
                    .redeem(TENANT, &format!("C{}", i % 5), request(format!("u{i}")))
                    .await
            })
        });
        let mut acknowledged = HashSet::new();
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
                Err(ActorError::Refused { .. } | ActorError::Unavailable(_)) => {}
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        mem.set_faults(MemFaults::default());
        let stored: Campaign = read(&store, &keys::campaign(TENANT, CAMPAIGN))
            .await
            .unwrap();
        assert!(
            stored.granted.redemptions <= 60,
            "seed {seed}: leased past the budget"
        );
        let mut uses = 0;
        let mut outstanding = 0;
        for coupon in &coupons {
            let current: Coupon = read(&store, &keys::coupon(TENANT, &coupon.id))
                .await
                .unwrap();
            let spend: LeaseSpend = read(
                &store,
                &keys::campaign_lease_spend(TENANT, CAMPAIGN, &coupon.id),
            )
            .await
            .unwrap_or_default();
            let lease: LeaseGrant =
                read(&store, &keys::campaign_lease(TENANT, CAMPAIGN, &coupon.id))
                    .await
                    .unwrap_or_default();
            assert_eq!(
                spend.spent.redemptions, current.uses_count,
                "seed {seed}: spent != uses"
            );
            assert!(
                spend.spent.redemptions + spend.returned.redemptions <= lease.granted.redemptions
            );
            uses += current.uses_count;
            outstanding += lease.granted.redemptions - spend.returned.redemptions;
        }
        assert_eq!(outstanding, stored.granted.redemptions, "seed {seed}");
        assert!(uses <= 60, "seed {seed}: {uses} uses past a budget of 60");
        assert!(acknowledged.len() as u64 <= uses);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unused_lease_returns_on_passivation() {
    let store: SharedStore = Arc::new(MemStore::new());
    insert(&store, &campaign(3), &[coupon("A"), coupon("B")]).await;
    let config = ShardsConfig {
        idle_passivate: Duration::from_millis(50),
        ..ShardsConfig::default()
    };
    let shards = Shards::new(store.clone(), Arc::new(SystemClock), config);
    let first = shards
        .redeem(TENANT, "A", request(String::from("a1")))
        .await
        .unwrap();
    shards
        .redeem(TENANT, "A", request(String::from("a2")))
        .await
        .unwrap();
    // The void leaves A holding one unspent use of the campaign's three.
    shards
        .void(TENANT, "A", first.id, None, None, &Default::default())
        .await
        .unwrap();
    let mut returned = false;
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(25)).await;
        let stored: Campaign = read(&store, &keys::campaign(TENANT, CAMPAIGN))
            .await
            .unwrap();
        if stored.granted.redemptions == 1 {
            returned = true;
            break;
        }
    }
    assert!(returned, "A's unused lease did not return");
    // Both remaining uses are available to B now.
    shards
        .redeem(TENANT, "B", request(String::from("b1")))
        .await
        .unwrap();
    shards
        .redeem(TENANT, "B", request(String::from("b2")))
        .await
        .unwrap();
    let err = shards
        .redeem(TENANT, "B", request(String::from("b3")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ActorError::Refused {
                code: stampede_protocol::ErrorCode::CampaignLimitReached,
                ..
            }
        ),
        "{err:?}"
    );
}

fn limit_reached(result: &Result<stampede_protocol::Redemption, ActorError>) -> bool {
    matches!(
        result,
        Err(ActorError::Refused {
            code: stampede_protocol::ErrorCode::CampaignLimitReached,
            ..
        })
    )
}

/// Redeems `code` once per user, one after another; returns the successes.
async fn redeem_in_turn(shards: &Shards, code: &str, users: std::ops::Range<u64>) -> u64 {
    let mut successes = 0;
    for user in users {
        match shards
            .redeem(TENANT, code, request(format!("{code}-{user}")))
            .await
        {
            Ok(_) => successes += 1,
            Err(err) => assert!(
                matches!(
                    err,
                    ActorError::Refused {
                        code: stampede_protocol::ErrorCode::CampaignLimitReached,
                        ..
                    }
                ),
                "{err:?}"
            ),
        }
    }
    successes
}

/// The campaign's leased total and the coupons' spent quota, read from storage.
async fn granted_and_spent(store: &SharedStore, coupons: &[Coupon]) -> (u64, u64) {
    let stored: Campaign = read(store, &keys::campaign(TENANT, CAMPAIGN))
        .await
        .unwrap();
    let mut spent = 0;
    for coupon in coupons {
        let spend: LeaseSpend = read(
            store,
            &keys::campaign_lease_spend(TENANT, CAMPAIGN, &coupon.id),
        )
        .await
        .unwrap_or_default();
        let current: Coupon = read(store, &keys::coupon(TENANT, &coupon.id))
            .await
            .unwrap();
        assert_eq!(spend.spent.redemptions, current.uses_count);
        spent += current.uses_count;
    }
    (stored.granted.redemptions, spent)
}

/// Runs `attempts` concurrent redemptions spread over `coupons` against a fresh
/// campaign of `budget`; returns (successes, acquires the campaign served).
async fn hot_campaign(prefetch: bool, budget: u64, codes: usize, attempts: usize) -> (u64, u64) {
    let store: SharedStore = Arc::new(MemStore::new());
    let coupons: Vec<Coupon> = (0..codes).map(|i| coupon(&format!("H{i}"))).collect();
    insert(&store, &campaign(budget), &coupons).await;
    let shards = Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    );
    shards.campaigns().set_lease_prefetch(prefetch);
    let waves = (0..attempts).map(|i| {
        let shards = shards.clone();
        tokio::spawn(async move {
            shards
                .redeem(TENANT, &format!("H{}", i % codes), request(format!("u{i}")))
                .await
        })
    });
    let mut successes = 0;
    for attempt in waves {
        let result = attempt.await.unwrap();
        match &result {
            Ok(_) => successes += 1,
            other => assert!(limit_reached(other), "{other:?}"),
        }
    }
    let (granted, spent) = granted_and_spent(&store, &coupons).await;
    assert_eq!(spent, successes);
    assert!(granted <= budget);
    (successes, shards.campaigns().lease_stats().acquires)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_saves_round_trips_and_the_budget_stays_exact() {
    // One busy coupon: after its first grants it is handed chunks, not single uses.
    let store: SharedStore = Arc::new(MemStore::new());
    let only = coupon("P");
    insert(&store, &campaign(150), std::slice::from_ref(&only)).await;
    let shards = Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    );
    assert_eq!(redeem_in_turn(&shards, "P", 0..160).await, 150);
    let stats = shards.campaigns().lease_stats();
    assert!(
        stats.acquires <= 20,
        "{} acquires for 150 redemptions",
        stats.acquires
    );
    assert!(stats.prefetched_redemptions > 0);
    assert_eq!(
        granted_and_spent(&store, std::slice::from_ref(&only)).await,
        (150, 150)
    );

    // Several hot coupons at once, every attempt fundable: fewer round trips.
    let (with, with_acquires) = hot_campaign(true, 1_200, 8, 1_200).await;
    let (without, without_acquires) = hot_campaign(false, 1_200, 8, 1_200).await;
    assert_eq!((with, without), (1_200, 1_200));
    eprintln!(
        "8 codes, 1200 attempts within the budget: {with_acquires} acquires with \
         prefetch, {without_acquires} without"
    );
    assert!(
        with_acquires * 2 < without_acquires,
        "{with_acquires} acquires with prefetch, {without_acquires} without"
    );
    // And past the budget: exactly the budget is sold.
    let (sold, acquires) = hot_campaign(true, 400, 8, 1_200).await;
    assert_eq!(sold, 400);
    eprintln!("8 codes, budget 400, 1200 attempts: {acquires} acquires with prefetch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_prefetched_by_one_code_is_recalled_for_another() {
    let store: SharedStore = Arc::new(MemStore::new());
    let (a, b) = (coupon("A"), coupon("B"));
    insert(&store, &campaign(40), &[a.clone(), b.clone()]).await;
    let shards = Shards::new(
        store.clone(),
        Arc::new(SystemClock),
        ShardsConfig::default(),
    );
    // A alone spends quickly: its lease grows past what it spends.
    let sold_a = redeem_in_turn(&shards, "A", 0..10).await;
    assert_eq!(sold_a, 10);
    let (granted, spent) = granted_and_spent(&store, &[a.clone(), b.clone()]).await;
    assert!(
        granted > spent,
        "A holds no prefetched quota ({granted} granted, {spent} spent)"
    );
    // A validation preview counts A's unspent quota as available to B.
    let one = Quota {
        redemptions: 1,
        money: BTreeMap::new(),
    };
    let fundable = (40 - granted + (granted - spent)) as usize;
    let probe = shards
        .campaigns()
        .probe(TENANT, CAMPAIGN, vec![one.clone(); fundable + 1])
        .await
        .unwrap();
    assert_eq!(probe.count, fundable);
    assert!(probe.refusal.is_some());
    let probe = shards
        .campaigns()
        .probe(TENANT, CAMPAIGN, vec![one; fundable])
        .await
        .unwrap();
    assert_eq!((probe.count, probe.refusal), (fundable, None));
    // B is asked for everything that is left, A's prefetch included; A stays
    // live (it does not passivate), so only a recall brings that quota back.
    let sold_b = redeem_in_turn(&shards, "B", 0..40).await;
    assert_eq!(
        sold_a + sold_b,
        40,
        "the campaign sold less than its budget"
    );
    let stats = shards.campaigns().lease_stats();
    assert!(
        stats.recall_rounds >= 1 && stats.recalled_redemptions >= 1,
        "{stats:?}"
    );
    assert_eq!(
        granted_and_spent(&store, &[a.clone(), b.clone()]).await,
        (40, 40)
    );
    // Nothing is left for anyone, and asking again terminates with a refusal.
    assert!(limit_reached(
        &shards
            .redeem(TENANT, "A", request(String::from("late-a")))
            .await
    ));
    assert!(limit_reached(
        &shards
            .redeem(TENANT, "B", request(String::from("late-b")))
            .await
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetched_leases_under_faults_still_sell_exactly_the_budget() {
    for seed in 0..3u64 {
        let mem = MemStore::with_seed(seed);
        let store: SharedStore = Arc::new(mem.clone());
        let coupons: Vec<Coupon> = (0..5).map(|i| coupon(&format!("F{i}"))).collect();
        insert(&store, &campaign(80), &coupons).await;
        mem.set_faults(MemFaults {
            not_committed: 0.1,
            commit_unknown_result: 0.1,
            transaction_too_old: 0.02,
            commit_latency: Some(Duration::from_millis(1)),
            commit_latency_jitter: Duration::from_millis(2),
        });
        let shards = Shards::new(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
        );
        let attempts = (0..200).map(|i| {
            let shards = shards.clone();
            tokio::spawn(async move {
                shards
                    .redeem(TENANT, &format!("F{}", i % 5), request(format!("u{i}")))
                    .await
            })
        });
        let mut acknowledged = HashSet::new();
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
                Err(ActorError::Refused { .. } | ActorError::Unavailable(_)) => {}
                Err(other) => panic!("seed {seed}: unexpected {other:?}"),
            }
        }
        // Faults over: whatever the leases still hold unspent is recalled, so the
        // campaign sells exactly its budget, even to codes that hold none of it.
        mem.set_faults(MemFaults::default());
        let (granted, spent) = granted_and_spent(&store, &coupons).await;
        assert!(granted <= 80, "seed {seed}: leased past the budget");
        assert!(acknowledged.len() as u64 <= spent);
        let mut sold = spent;
        for (i, code) in ["F4", "F3", "F2", "F1", "F0"].iter().enumerate() {
            let from = 1_000 * (i as u64 + 1);
            sold += redeem_in_turn(&shards, code, from..from + 100).await;
        }
        assert_eq!(sold, 80, "seed {seed}: sold {sold} of a budget of 80");
        assert_eq!(
            granted_and_spent(&store, &coupons).await,
            (80, 80),
            "seed {seed}"
        );
    }
}
