//! Three HTTP nodes joined by `ractor_cluster` sessions over loopback, sharing
//! one store: any node answers for any code, and `/cluster` reports the ring.

mod cluster_common;

use cluster_common::{call, converge, members_seen, start_cluster};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_node_answers_for_every_code_and_reports_the_ring() {
    let nodes = start_cluster(3).await;
    let client = reqwest::Client::new();
    converge(&client, &nodes).await;

    let codes: Vec<String> = (0..12).map(|i| format!("SALE{i:02}")).collect();
    for code in &codes {
        let url = format!("{}/v1/promotions/coupons", nodes[0].base);
        let body = json!({"code": code, "type": "percentage", "value": 10, "max_uses": 2});
        let (status, body) = call(&client, reqwest::Method::POST, url, Some(body)).await;
        assert_eq!(status, 201, "{body}");
    }
    // Each code is redeemed through all three nodes; only two may succeed.
    for code in &codes {
        let mut created = 0;
        for (i, node) in nodes.iter().enumerate() {
            let url = format!("{}/v1/promotions/redemptions", node.base);
            let body = json!({"coupon_code": code, "user_id": format!("u{i}")});
            let (status, body) = call(&client, reqwest::Method::POST, url, Some(body)).await;
            match status {
                201 => created += 1,
                422 | 409 => assert_eq!(body["code"], "limit_reached", "{body}"),
                other => panic!("unexpected {other}: {body}"),
            }
        }
        assert_eq!(created, 2, "code {code}");
        for node in &nodes {
            let url = format!("{}/v1/promotions/coupons/lookup?code={code}", node.base);
            let (status, body) = call(&client, reqwest::Method::GET, url, None).await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["uses_count"], 2, "{body}");
        }
    }

    let view = members_seen(&client, &nodes[1]).await;
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 3, "{view}");
    let share: f64 = members
        .iter()
        .map(|m| m["ring_share"].as_f64().unwrap())
        .sum();
    assert!((share - 1.0).abs() < 1e-9, "{view}");
    let live: u64 = members
        .iter()
        .map(|m| m["live_actors"].as_u64().unwrap())
        .sum();
    assert_eq!(
        live,
        codes.len() as u64,
        "one actor per code in the cluster: {view}"
    );
}
