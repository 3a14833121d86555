//! A crowded node keeps only the codes in use alive: past
//! `CROWDED_PERCENT` of its live-actor bound, an idle coupon actor passivates
//! after `CROWDED_IDLE_MS` instead of `idle_passivate` (until the node is
//! back at the mark), and a passivated
//! code's next order reloads it with its counts intact.

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::{RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::SystemClock;
use stampede_storage::{MemStore, SharedStore};

mod support;

const TENANT: &str = "t";
/// The node's bound in this test: crowded past 10 % of it, 10 actors.
const MAX_LIVE: usize = 100;

fn request(user: &str) -> RedeemRequest {
    RedeemRequest {
        provenance: Default::default(),
        user_id: Some(user.to_owned()),
        ..RedeemRequest::default()
    }
}

async fn node(codes: usize, max_live: usize) -> (Shards, Vec<String>, SharedStore) {
    let store: SharedStore = Arc::new(MemStore::with_seed(3));
    let mut names = Vec::new();
    for i in 0..codes {
        let code = format!("K{i:03}");
        let coupon = support::coupon(&code, Some(2), Some(1));
        support::insert(&store, TENANT, &coupon).await;
        names.push(code);
    }
    let config = ShardsConfig {
        max_live_actors: max_live,
        idle_passivate: Duration::from_secs(600),
        ..ShardsConfig::default()
    };
    let shards = Shards::new(store.clone(), Arc::new(SystemClock), config);
    (shards, names, store)
}

async fn redeem_each(shards: &Shards, codes: &[String], user: &str) -> usize {
    let mut sold = 0;
    for code in codes {
        if shards.redeem(TENANT, code, request(user)).await.is_ok() {
            sold += 1;
        }
    }
    sold
}

/// Waits past the crowded idle time.
async fn idle_a_while() {
    let crowded_idle = stampede_actors::coupon::CROWDED_IDLE_MS;
    tokio::time::sleep(Duration::from_millis(crowded_idle * 2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crowded_node_passivates_idle_codes_and_reloads_them_exactly() {
    let (shards, codes, store) = node(40, MAX_LIVE).await;
    assert_eq!(redeem_each(&shards, &codes, "ann").await, 40);
    assert_eq!(shards.live_actors(), 40);
    idle_a_while().await;
    // Down to the crowded mark; below it idle codes stay as long as usual.
    let mark = MAX_LIVE * stampede_actors::coupon::CROWDED_PERCENT / 100;
    assert!(
        shards.live_actors() <= mark,
        "idle codes of a crowded node passivate: {} live",
        shards.live_actors()
    );
    // Reloaded from the store: ann used each once (per-customer limit 1),
    // bob takes each code's last use, and nobody gets a third.
    assert_eq!(redeem_each(&shards, &codes, "ann").await, 0);
    assert_eq!(redeem_each(&shards, &codes, "bob").await, 40);
    assert_eq!(redeem_each(&shards, &codes, "cid").await, 0);
    for code in &codes {
        let (coupon, sold) = support::stored(&store, TENANT, &format!("cpn_{code}")).await;
        assert_eq!((coupon.uses_count, sold.len()), (2, 2), "{code}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uncrowded_node_keeps_its_idle_codes() {
    let (shards, codes, _store) = node(5, MAX_LIVE).await;
    assert_eq!(redeem_each(&shards, &codes, "ann").await, 5);
    idle_a_while().await;
    assert_eq!(shards.live_actors(), 5, "below the mark, idle codes stay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_node_below_its_mark_is_not_crowded() {
    // A bound of 50 puts the mark at 5 actors: 4 live codes stay warm.
    let (shards, codes, _store) = node(4, 50).await;
    assert_eq!(redeem_each(&shards, &codes, "ann").await, 4);
    idle_a_while().await;
    assert_eq!(shards.live_actors(), 4, "below the mark, idle codes stay");
}
