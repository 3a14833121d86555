//! Supervision of coupon and campaign actors: an actor that panics mid-rush
//! is restarted from the store, nothing it acknowledged is lost, nothing is
//! counted twice, no budget is overspent, and a coupon actor's live-actor slot
//! is released.
//!
//! Needs the `fault-injection` feature (the panic hook):
//! `cargo test -p stampede-actors --features fault-injection --test actor_supervision`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use std::collections::BTreeMap;

use chrono::Utc;
use rust_decimal::Decimal;
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::campaign::{
    Budget, Campaign, CampaignStatus, GateState, LeaseGrant, LeaseSpend, Quota,
};
use stampede_protocol::clock::SystemClock;
use stampede_protocol::{Coupon, ErrorCode, Redemption};
use stampede_storage::{keys, run, MemFaults, MemStore, RetryPolicy, SharedStore};

mod support;

const TENANT: &str = "t";
const MAX_USES: u64 = 150;

fn request(user: String) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user),
        ..RedeemRequest::default()
    }
}

fn config() -> ShardsConfig {
    ShardsConfig {
        idle_passivate: Duration::from_millis(100),
        ..ShardsConfig::default()
    }
}

async fn wait_for_no_live_actors(shards: &Shards) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while shards.live_actors() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_actor_is_restarted_and_loses_nothing() {
    let mem = MemStore::with_seed(5);
    let store: SharedStore = Arc::new(mem.clone());
    support::insert(
        &store,
        TENANT,
        &support::coupon("HOT", Some(MAX_USES), Some(1)),
    )
    .await;
    mem.set_faults(MemFaults {
        commit_latency: Some(Duration::from_millis(2)),
        commit_latency_jitter: Duration::from_millis(2),
        ..MemFaults::default()
    });
    let shards = Shards::new(store.clone(), Arc::new(SystemClock), config());
    let live_before = shards.live_actors();
    // Three commits before the rush (one redemption each), so the panic, on
    // the fifth commit, hits the rush whatever the timing.
    let mut acknowledged = HashSet::new();
    for i in 0..3 {
        let warm = shards.redeem(TENANT, "HOT", request(format!("w{i}"))).await;
        acknowledged.insert(warm.unwrap().id);
    }
    shards.panic_coupon_actor_after_commits(2);

    let results = rush(&shards, 400, |_| String::from("HOT"), request).await;
    let mut dropped = 0usize;
    for result in results {
        match result {
            Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
            // The callers whose replies the failed activation held.
            Err(ActorError::Unavailable(_)) => dropped += 1,
            Err(ActorError::Refused {
                code: ErrorCode::LimitReached,
                ..
            }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        shards.actor_restarts(),
        1,
        "the supervisor restarted the actor once"
    );
    assert!(dropped > 0, "the panic dropped the replies it held");

    mem.set_faults(MemFaults::default());
    let (coupon, successes) = support::stored(&store, TENANT, "cpn_HOT").await;
    let stored: HashSet<_> = successes.iter().map(|r| r.id.clone()).collect();
    assert!(
        acknowledged.is_subset(&stored),
        "an acknowledged redemption is missing"
    );
    assert_eq!(coupon.uses_count as usize, successes.len());
    assert!(coupon.uses_count <= MAX_USES);

    wait_for_no_live_actors(&shards).await;
    assert_eq!(shards.live_actors(), live_before, "the slot was released");
    // A later request activates the code again, on what is stored.
    let served = shards.get(TENANT, "HOT").await.unwrap();
    assert_eq!(served.uses_count, coupon.uses_count);
}

const CAMPAIGN: &str = "cmp_1";
const BUDGET: u64 = 60;

fn campaign() -> Campaign {
    let now = Utc::now();
    Campaign {
        id: CAMPAIGN.to_owned(),
        name: String::from("c"),
        description: None,
        status: CampaignStatus::Active,
        channels: Vec::new(),
        budget: Budget {
            max_redemptions: Some(BUDGET),
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

fn campaign_coupon(code: &str) -> Coupon {
    Coupon {
        campaign_id: Some(CAMPAIGN.to_owned()),
        ..support::coupon(code, None, None)
    }
}

async fn insert_campaign(store: &SharedStore, coupons: &[Coupon]) {
    let campaign = campaign();
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let campaign = campaign.clone();
        Box::pin(async move {
            let gate = GateState::of(campaign.status);
            tx.set(
                &keys::campaign(TENANT, &campaign.id),
                &serde_json::to_vec(&campaign).unwrap(),
            )?;
            tx.set(
                &keys::campaign_gate(TENANT, &campaign.id),
                &serde_json::to_vec(&gate).unwrap(),
            )?;
            Ok(())
        })
    })
    .await
    .unwrap();
    for coupon in coupons {
        support::insert(store, TENANT, coupon).await;
    }
}

async fn read<T: serde::de::DeserializeOwned>(store: &SharedStore, key: &[u8]) -> Option<T> {
    let mut tx = store.begin().await.unwrap();
    let bytes = tx.get_snapshot(key).await.unwrap();
    bytes.map(|bytes| serde_json::from_slice(&bytes).unwrap())
}

fn cart_request(user: String) -> RedeemRequest {
    let mut request = request(user);
    request.context.cart_total = Some(Decimal::from(20));
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_campaign_actor_is_restarted_and_never_overspends() {
    let mem = MemStore::with_seed(6);
    let store: SharedStore = Arc::new(mem.clone());
    let coupons: Vec<Coupon> = (0..5).map(|i| campaign_coupon(&format!("C{i}"))).collect();
    insert_campaign(&store, &coupons).await;
    mem.set_faults(MemFaults {
        commit_latency: Some(Duration::from_millis(1)),
        commit_latency_jitter: Duration::from_millis(2),
        ..MemFaults::default()
    });
    let shards = Shards::new(store.clone(), Arc::new(SystemClock), config());
    // Every lease exactly what is waiting: many acquires, many campaign commits.
    shards.campaigns().set_lease_prefetch(false);
    // A lease for each coupon first (a campaign commit each), so the panic,
    // on the second commit after, hits the rush whatever the timing.
    let mut acknowledged = HashSet::new();
    for coupon in &coupons {
        let warm = shards
            .redeem(
                TENANT,
                &coupon.code,
                cart_request(format!("w{}", coupon.code)),
            )
            .await;
        acknowledged.insert(warm.unwrap().id);
    }
    shards.campaigns().panic_campaign_actor_after_commits(2);

    let code = |i: u64| format!("C{}", i % 5);
    let results = rush(&shards, 300, code, cart_request).await;
    for result in results {
        match result {
            Ok(redemption) => assert!(acknowledged.insert(redemption.id)),
            Err(ActorError::Refused { .. } | ActorError::Unavailable(_)) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(
        shards.campaigns().actor_restarts(),
        1,
        "the campaign actor was restarted once"
    );

    mem.set_faults(MemFaults::default());
    check_campaign_stored(&store, &coupons, &acknowledged).await;
}

/// The campaign's stored state: within budget, every coupon's spent quota its
/// counted uses, leases adding up, and every acknowledged redemption stored.
async fn check_campaign_stored(
    store: &SharedStore,
    coupons: &[Coupon],
    acknowledged: &HashSet<String>,
) {
    let stored: Campaign = read(store, &keys::campaign(TENANT, CAMPAIGN))
        .await
        .unwrap();
    assert!(
        stored.granted.redemptions <= BUDGET,
        "leased past the budget"
    );
    let (mut uses, mut outstanding, mut kept) = (0, 0, HashSet::new());
    for coupon in coupons {
        let (current, successes) = support::stored(store, TENANT, &coupon.id).await;
        assert_eq!(current.uses_count as usize, successes.len());
        kept.extend(successes.into_iter().map(|r| r.id));
        let spend_key = keys::campaign_lease_spend(TENANT, CAMPAIGN, &coupon.id);
        let spend: LeaseSpend = read(store, &spend_key).await.unwrap_or_default();
        let lease_key = keys::campaign_lease(TENANT, CAMPAIGN, &coupon.id);
        let lease: LeaseGrant = read(store, &lease_key).await.unwrap_or_default();
        assert_eq!(spend.spent.redemptions, current.uses_count, "spent != uses");
        assert!(spend.spent.redemptions + spend.returned.redemptions <= lease.granted.redemptions);
        uses += current.uses_count;
        outstanding += lease.granted.redemptions - spend.returned.redemptions;
    }
    assert_eq!(outstanding, stored.granted.redemptions);
    assert!(uses <= BUDGET, "{uses} uses past a budget of {BUDGET}");
    assert!(
        acknowledged.is_subset(&kept),
        "an acknowledged redemption is missing"
    );
}

/// `n` redemptions, staggered by 250 µs so a rush spans several commits.
async fn rush(
    shards: &Shards,
    n: u64,
    code: fn(u64) -> String,
    make: fn(String) -> RedeemRequest,
) -> Vec<Result<Redemption, ActorError>> {
    let attempts: Vec<_> = (0..n)
        .map(|i| {
            let shards = shards.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_micros(250 * i)).await;
                shards.redeem(TENANT, &code(i), make(format!("u{i}"))).await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(attempts.len());
    for attempt in attempts {
        results.push(attempt.await.unwrap());
    }
    results
}
