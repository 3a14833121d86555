//! Regions over real cluster sessions: a tenant's home region places its keys
//! on that region's nodes whichever node is asked, and a node that leaves
//! (its `preStop`) hands its keys off before it stops.

mod cluster_common;

use std::time::Duration;

use cluster_common::{call, converge, start_cluster_in, Node};
use reqwest::Method;
use serde_json::json;

/// Waits (at most 5 s) until every node knows the tenant's home region.
async fn homes_known(nodes: &[Node], region: Option<&str>) {
    for _ in 0..100 {
        if nodes
            .iter()
            .all(|n| n.shards.cluster().home_of("acme").as_deref() == region)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the home region never reached every node");
}

async fn redeem_everywhere(client: &reqwest::Client, nodes: &[Node], codes: &[String]) {
    for (i, code) in codes.iter().enumerate() {
        let node = &nodes[i % nodes.len()];
        let url = format!("{}/v1/promotions/redemptions", node.base);
        let body = json!({"coupon_code": code, "user_id": format!("u{i}")});
        let (status, body) = call(client, Method::POST, url, Some(body)).await;
        assert_eq!(status, 201, "{body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_home_region_places_the_tenants_keys_on_its_nodes() {
    let nodes = start_cluster_in(&["east", "east", "west", "west"]).await;
    let client = reqwest::Client::new();
    converge(&client, &nodes).await;

    let url = format!("{}/v1/promotions/cluster/home-region", nodes[3].base);
    let (status, body) = call(
        &client,
        Method::PUT,
        url.clone(),
        Some(json!({"region": "north"})),
    )
    .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("region")),
        "{body}"
    );
    let (status, body) = call(
        &client,
        Method::PUT,
        url.clone(),
        Some(json!({"region": "east"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["home_region"], "east");
    assert_eq!(body["node_region"], "west");
    assert_eq!(body["regions"], json!(["east", "west"]));
    homes_known(&nodes, Some("east")).await;

    let codes: Vec<String> = (0..16).map(|i| format!("HOME{i:02}")).collect();
    for code in &codes {
        let url = format!("{}/v1/promotions/coupons", nodes[2].base);
        let body = json!({"code": code, "type": "percentage", "value": 10, "max_uses": 5});
        let (status, body) = call(&client, Method::POST, url, Some(body)).await;
        assert_eq!(status, 201, "{body}");
    }
    redeem_everywhere(&client, &nodes, &codes).await;
    let live: Vec<usize> = nodes.iter().map(|n| n.shards.live_actors()).collect();
    assert_eq!(
        live[2] + live[3],
        0,
        "no actor of an east tenant in the west: {live:?}"
    );
    assert_eq!(live[0] + live[1], codes.len(), "{live:?}");
    assert!(
        live[0] > 0 && live[1] > 0,
        "both east nodes own some: {live:?}"
    );

    // The region's first node leaves (its preStop): its keys move to the
    // other east node, and every node still answers.
    let url = format!("{}/v1/promotions/cluster/leave", nodes[0].base);
    let (status, body) = call(&client, Method::POST, url, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["remaining_actors"], 0, "{body}");
    let readyz = client
        .get(format!("{}/readyz", nodes[0].base))
        .send()
        .await
        .unwrap();
    assert_eq!(readyz.status().as_u16(), 503);
    redeem_everywhere(&client, &nodes, &codes).await;
    let live: Vec<usize> = nodes.iter().map(|n| n.shards.live_actors()).collect();
    assert_eq!(
        live,
        vec![0, codes.len(), 0, 0],
        "all on the east node left"
    );

    // Without a home region the tenant's keys spread over the whole ring.
    let url = format!("{}/v1/promotions/cluster/home-region", nodes[1].base);
    let (status, body) = call(&client, Method::DELETE, url, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["home_region"], serde_json::Value::Null);
    homes_known(&nodes, None).await;
    redeem_everywhere(&client, &nodes, &codes).await;
    let live: Vec<usize> = nodes.iter().map(|n| n.shards.live_actors()).collect();
    assert!(live[2] + live[3] > 0, "some keys moved west: {live:?}");
    assert_eq!(live[0], 0, "nothing placed on the node that left: {live:?}");
}

/// A node alone has no one to hand its keys to: leaving answers at once and
/// it keeps serving them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_node_leaves_at_once_and_keeps_its_keys() {
    let nodes = start_cluster_in(&["east"]).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/promotions/coupons", nodes[0].base);
    let body = json!({"code": "LONE", "type": "percentage", "value": 10, "max_uses": 5});
    let (status, body) = call(&client, Method::POST, url, Some(body)).await;
    assert_eq!(status, 201, "{body}");
    redeem_everywhere(&client, &nodes, &[String::from("LONE")]).await;
    let url = format!("{}/v1/promotions/cluster/leave", nodes[0].base);
    let started = std::time::Instant::now();
    let body = json!({"timeout_ms": 60_000});
    let (status, body) = call(&client, Method::POST, url.clone(), Some(body)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["remaining_actors"], 1, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    redeem_everywhere(&client, &nodes, &[String::from("LONE")]).await;
    let body = json!({"timeout_ms": 120_001});
    let (status, body) = call(&client, Method::POST, url, Some(body)).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("timeout_ms")),
        "{body}"
    );
}
