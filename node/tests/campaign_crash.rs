//! Campaign budgets survive SIGKILL: a node killed in the middle of a rush on ten
//! codes of one campaign loses no acknowledged redemption, and after a restart the
//! campaign still sells exactly its budget and not one more — quota leased to a
//! coupon at the instant of the kill is found again by that coupon's next
//! activation, never spent twice.
//!
//! No timing assertions: every wait is a generous deadline.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod process;
use process::{lock, Node};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const ADMIN_KEY: &str = "stk_campaign_crash_root_key_0123456789ab";
const TENANT: &str = "crash";
const BUDGET: u64 = 120;
const CODES: usize = 10;
const BUYERS: usize = 32;
/// Acknowledged successes before the kill.
const KILL_AFTER: usize = 40;
const OVERALL_TIMEOUT: Duration = Duration::from_secs(300);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn client() -> Client {
    Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .retry(reqwest::retry::never())
        .no_proxy()
        .build()
        .expect("build the HTTP client")
}

async fn call(
    client: &Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client
        .request(method, url)
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Tenant-ID", TENANT);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("call the node");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// What the buyers saw.
#[derive(Default)]
struct Seen {
    acknowledged: Mutex<Vec<String>>,
}

/// Redeems codes of the campaign (in turn) as new users until every code in a row
/// refuses for the budget — quota a code still holds in its lease is only spent
/// through that code — or the node goes away; the buyer that sees the
/// `KILL_AFTER`th success kills it.
async fn buyer(client: Client, node: Arc<Node>, name: String, seen: Arc<Seen>, kill: bool) {
    let url = format!("{}/v1/promotions/redemptions", node.base);
    let mut refusals_in_a_row = 0;
    for seq in 0usize.. {
        let body = json!({"coupon_code": format!("CAMP{}", seq % CODES), "user_id": format!("{name}-{seq}"),
            "context": {"currency": "GBP", "cart_total": 20}});
        let sent = client
            .post(&url)
            .header("X-API-Key", ADMIN_KEY)
            .header("X-Tenant-ID", TENANT)
            .json(&body)
            .send()
            .await;
        let Ok(response) = sent else {
            if kill {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let status = response.status();
        let parsed: Value = response.json().await.unwrap_or(Value::Null);
        match status {
            StatusCode::CREATED => {
                refusals_in_a_row = 0;
                let count = {
                    let mut ids = lock(&seen.acknowledged);
                    ids.push(parsed["id"].as_str().expect("redemption id").to_owned());
                    ids.len()
                };
                if kill && count == KILL_AFTER {
                    node.kill();
                }
            }
            StatusCode::CONFLICT => {
                assert_eq!(parsed["code"], "campaign_limit_reached", "{parsed}");
                refusals_in_a_row += 1;
                if refusals_in_a_row >= CODES {
                    return;
                }
            }
            s if s.is_server_error() || s == StatusCode::TOO_MANY_REQUESTS => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => panic!("unexpected answer: {other} {parsed}"),
        }
    }
}

async fn rush(client: &Client, node: &Arc<Node>, phase: &str, seen: &Arc<Seen>, kill: bool) {
    let handles: Vec<_> = (0..BUYERS)
        .map(|i| {
            tokio::spawn(buyer(
                client.clone(),
                Arc::clone(node),
                format!("{phase}-{i}"),
                Arc::clone(seen),
                kill,
            ))
        })
        .collect();
    for handle in handles {
        if let Err(err) = handle.await {
            if err.is_panic() {
                std::panic::resume_unwind(err.into_panic());
            }
        }
    }
}

/// The success redemptions stored for the campaign's codes.
async fn stored_successes(client: &Client, base: &str, ids: &[String]) -> (HashSet<String>, u64) {
    let mut successes = HashSet::new();
    let mut uses = 0;
    for id in ids {
        let (_, coupon) = call(
            client,
            reqwest::Method::GET,
            format!("{base}/v1/promotions/coupons/{id}"),
            None,
        )
        .await;
        uses += coupon["uses_count"].as_u64().expect("uses_count");
        let (_, page) = call(
            client,
            reqwest::Method::GET,
            format!("{base}/v1/promotions/coupons/{id}/redemptions?limit=500"),
            None,
        )
        .await;
        for r in page["data"].as_array().expect("data") {
            if r["status"] == "success" {
                assert!(successes.insert(r["id"].as_str().expect("id").to_owned()));
            }
        }
    }
    (successes, uses)
}

async fn scenario() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data = dir.path().join("data");
    let client = client();
    let node = Arc::new(Node::start(&client, &data, ADMIN_KEY, "first").await);
    let (status, campaign) = call(
        &client,
        reqwest::Method::POST,
        format!("{}/v1/promotions/campaigns", node.base),
        Some(json!({"name": "Crash", "status": "active", "budget": {"max_redemptions": BUDGET}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{campaign}");
    let mut ids = Vec::new();
    for i in 0..CODES {
        let (status, coupon) = call(
            &client,
            reqwest::Method::POST,
            format!("{}/v1/promotions/coupons", node.base),
            Some(json!({"code": format!("CAMP{i}"), "type": "percentage", "value": 10, "campaign_id": campaign["id"]})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{coupon}");
        ids.push(coupon["id"].as_str().expect("id").to_owned());
    }
    let before = Arc::new(Seen::default());
    rush(&client, &node, "before", &before, true).await;
    drop(node);

    let node = Arc::new(Node::start(&client, &data, ADMIN_KEY, "second").await);
    let (stored, uses) = stored_successes(&client, &node.base, &ids).await;
    let acknowledged: HashSet<String> = lock(&before.acknowledged).iter().cloned().collect();
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        acknowledged.is_subset(&stored),
        "an acknowledged redemption was lost"
    );
    assert_eq!(uses, stored.len() as u64, "uses_count != stored successes");
    assert!(uses <= BUDGET);

    let after = Arc::new(Seen::default());
    rush(&client, &node, "after", &after, false).await;
    let (stored, uses) = stored_successes(&client, &node.base, &ids).await;
    assert_eq!(uses, stored.len() as u64);
    assert_eq!(
        uses, BUDGET,
        "the campaign sold {uses} of a budget of {BUDGET}"
    );
    let (_, view) = call(
        &client,
        reqwest::Method::GET,
        format!(
            "{}/v1/promotions/campaigns/{}",
            node.base,
            campaign["id"].as_str().expect("id")
        ),
        None,
    )
    .await;
    assert_eq!(view["usage"]["spent"]["redemptions"], BUDGET, "{view}");
    assert!(view["granted"]["redemptions"].as_u64().expect("granted") <= BUDGET);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_budget_survives_sigkill() {
    tokio::time::timeout(OVERALL_TIMEOUT, scenario())
        .await
        .expect("the scenario finished in time");
}
