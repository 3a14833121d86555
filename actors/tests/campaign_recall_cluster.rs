//! A campaign on one node recalls unspent quota from a coupon on another: three
//! nodes in one process, joined by real `ractor_cluster` sessions over loopback
//! TCP, sharing one store. (A file of its own: ractor's process groups, through
//! which nodes find each other, are process-global.)

use std::sync::Arc;
use std::time::Duration;

use stampede_actors::cluster::{campaign_ring_key, Placement};
use stampede_actors::ActorError;
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, run, MemStore, RetryPolicy, SharedStore};

mod support;

use support::loopback::{code, converge, redeem_request, start_nodes};

const TENANT: &str = "t";
const CODES: usize = 24;

async fn stored_successes(store: &SharedStore, coupon_id: &str) -> (u64, usize) {
    let (coupon, successes) = support::stored(store, TENANT, coupon_id).await;
    (coupon.uses_count, successes.len())
}

/// Writes an active campaign with a redemption budget, and its gate.
async fn insert_campaign(store: &SharedStore, campaign_id: &str, max_redemptions: u64) {
    use stampede_protocol::campaign::{Budget, Campaign, CampaignStatus, GateState, Quota};
    let now = chrono::Utc::now();
    let campaign = Campaign {
        id: campaign_id.to_owned(),
        name: String::from("shared"),
        description: None,
        status: CampaignStatus::Active,
        channels: Vec::new(),
        budget: Budget {
            max_redemptions: Some(max_redemptions),
            money: Default::default(),
        },
        start: None,
        end: None,
        time_zone: None,
        metadata: Default::default(),
        granted: Quota::default(),
        created_at: now,
        updated_at: now,
        version: 1,
        commit_seq: 0,
        limits: None,
        daily: None,
    };
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let campaign = campaign.clone();
        Box::pin(async move {
            tx.set(
                &keys::campaign(TENANT, &campaign.id),
                &serde_json::to_vec(&campaign).unwrap(),
            )?;
            tx.set(
                &keys::campaign_gate(TENANT, &campaign.id),
                &serde_json::to_vec(&GateState::Open).unwrap(),
            )
        })
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_recalls_unspent_quota_from_a_code_on_another_node() {
    const BUDGET: u64 = 40;
    let store: SharedStore = Arc::new(MemStore::new());
    let nodes = start_nodes(&store, 3).await;
    converge(&nodes.iter().collect::<Vec<_>>(), &["n1", "n2", "n3"]).await;
    let cluster = nodes[0].shards.cluster();
    let on = |node: &str| Placement::Remote(node.to_owned());
    // A campaign and two codes, each owned by a different node.
    let campaign_id = (0..100)
        .map(|i| format!("cmp_{i}"))
        .find(|id| cluster.placement(TENANT, &campaign_ring_key(id)) == Placement::Local)
        .unwrap();
    let a = (0..CODES)
        .map(code)
        .find(|c| cluster.placement(TENANT, c) == on("n2"))
        .unwrap();
    let b = (0..CODES)
        .map(code)
        .find(|c| cluster.placement(TENANT, c) == on("n3"))
        .unwrap();
    insert_campaign(&store, &campaign_id, BUDGET).await;
    for c in [&a, &b] {
        let mut coupon = support::coupon(c, None, None);
        coupon.campaign_id = Some(campaign_id.clone());
        support::insert(&store, TENANT, &coupon).await;
    }
    let mut sold = 0;
    // A, spending in quick turns, is lent more than it spends (on n2).
    for user in 0..10 {
        let ask = redeem_request(format!("a{user}"));
        if nodes[1].shards.redeem(TENANT, &a, ask).await.is_ok() {
            sold += 1;
        }
    }
    assert_eq!(sold, 10);
    let stats = nodes[0].shards.campaigns().lease_stats();
    assert!(stats.prefetched_redemptions > 0, "{stats:?}");
    // B (on n3) is asked for all the rest: A's unspent quota comes back to n1's
    // campaign actor through n2.
    for user in 0..BUDGET {
        match nodes[2]
            .shards
            .redeem(TENANT, &b, redeem_request(format!("b{user}")))
            .await
        {
            Ok(_) => sold += 1,
            Err(ActorError::Refused { code, .. }) => {
                assert_eq!(code, ErrorCode::CampaignLimitReached)
            }
            Err(other) => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(sold, BUDGET, "the campaign sold less than its budget");
    let stats = nodes[0].shards.campaigns().lease_stats();
    assert!(stats.recalled_redemptions > 0, "{stats:?}");
    let (uses_a, _) = stored_successes(&store, &format!("cpn_{a}")).await;
    let (uses_b, _) = stored_successes(&store, &format!("cpn_{b}")).await;
    assert_eq!(uses_a + uses_b, BUDGET);
    for node in nodes {
        node.cluster.stop().await;
        node.shards.shutdown(Duration::from_secs(5)).await;
    }
}
