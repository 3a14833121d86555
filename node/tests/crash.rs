//! Crash safety of the real binary: a node killed with SIGKILL in the middle of a
//! flash sale loses no acknowledged redemption, counts exactly what it stored, and
//! after a restart still sells exactly `max_uses` and not one more.
//!
//! The test starts `stampede serve` on the durable store in a temporary directory,
//! rushes a coupon with 64 concurrent buyers, and kills the process (no shutdown
//! hook runs) from the buyer that receives the 100th acknowledgement, so the other
//! buyers' requests are in flight at that instant. It then restarts the node on the
//! same directory, checks the books, and finishes the sale.
//!
//! It makes no timing assertions: every wait is a generous deadline, so a loaded
//! two-core machine only makes it slower.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod process;
use process::{lock, Killer, Node};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const ADMIN_KEY: &str = "stk_crash_test_root_key_0123456789abcdef";
const TENANT: &str = "crash";
const MAX_USES: u64 = 300;
const BUYERS: usize = 64;
/// Acknowledged successes before the kill.
const KILL_AFTER: usize = 100;
/// Bound on the whole scenario, start-ups and both rushes included.
const OVERALL_TIMEOUT: Duration = Duration::from_secs(300);
/// Bound on one HTTP request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn client() -> Client {
    Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        // A redemption is not idempotent: never let the client resend one.
        .retry(reqwest::retry::never())
        .no_proxy()
        .build()
        .expect("build the HTTP client")
}

fn authed(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header("X-API-Key", ADMIN_KEY)
        .header("X-Tenant-ID", TENANT)
}

async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let body = response.bytes().await.expect("read the response body");
    let value = serde_json::from_slice(&body).unwrap_or_else(|e| {
        panic!(
            "HTTP {status}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(&body)
        )
    });
    (status, value)
}

async fn create_coupon(client: &Client, base: &str) -> (String, String) {
    let code = format!("CRASH-{:016x}", rand::random::<u64>());
    let response = authed(client.post(format!("{base}/v1/promotions/coupons")))
        .json(&json!({"code": code, "type": "percentage", "value": 10, "max_uses": MAX_USES}))
        .send()
        .await
        .expect("create the coupon");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::CREATED, "create the coupon: {body}");
    let id = body["id"].as_str().expect("coupon id").to_owned();
    let code = body["code"].as_str().expect("coupon code").to_owned();
    (id, code)
}

async fn uses_count(client: &Client, base: &str, coupon_id: &str) -> u64 {
    let response = authed(client.get(format!("{base}/v1/promotions/coupons/{coupon_id}")))
        .send()
        .await
        .expect("read the coupon");
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK, "read the coupon: {body}");
    body["uses_count"].as_u64().expect("uses_count")
}

/// Every redemption of the coupon, through the paginated listing.
async fn list_redemptions(client: &Client, base: &str, coupon_id: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _page in 0..100 {
        let mut url = format!("{base}/v1/promotions/coupons/{coupon_id}/redemptions?limit=500");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let response = authed(client.get(url))
            .send()
            .await
            .expect("list redemptions");
        let (status, body) = json_of(response).await;
        assert_eq!(status, StatusCode::OK, "list redemptions: {body}");
        all.extend(body["data"].as_array().expect("data").iter().cloned());
        if !body["has_more"].as_bool().unwrap_or(false) {
            return all;
        }
        cursor = Some(
            body["next_cursor"]
                .as_str()
                .expect("next_cursor when has_more")
                .to_owned(),
        );
    }
    panic!("more than 100 pages of redemptions for a coupon of {MAX_USES} uses");
}

/// The successful redemptions of a listing, by id, each listed once.
fn success_ids(listing: &[Value]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for redemption in listing {
        let id = redemption["id"].as_str().expect("redemption id").to_owned();
        if redemption["status"] == "success" {
            assert!(ids.insert(id.clone()), "redemption {id} listed twice");
        }
    }
    ids
}

/// What the buyers of one rush saw.
#[derive(Default)]
struct Seen {
    /// Ids of acknowledged (201) redemptions.
    acknowledged: Mutex<Vec<String>>,
    /// 201s whose body was lost (acknowledged, id unknown).
    acknowledged_without_id: AtomicU64,
    /// Requests without an answer: they may or may not have been committed.
    unknown: AtomicU64,
    /// `limit_reached` answers.
    limit_reached: AtomicU64,
}

impl Seen {
    fn acknowledged(&self) -> Vec<String> {
        lock(&self.acknowledged).clone()
    }
}

/// One buyer: redeems as new users until the coupon is sold out or, when it holds
/// a `killer`, the node goes away. The buyer whose success is the
/// `KILL_AFTER`th acknowledgement kills the node at once.
async fn buyer(
    client: Client,
    base: String,
    code: String,
    name: String,
    seen: Arc<Seen>,
    killer: Option<Killer>,
) {
    let url = format!("{base}/v1/promotions/redemptions");
    for seq in 0u64.. {
        let body = json!({
            "coupon_code": code,
            "user_id": format!("{name}-{seq}"),
            "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": 20}]},
        });
        let response = match authed(client.post(&url)).json(&body).send().await {
            Ok(response) => response,
            Err(_) => {
                seen.unknown.fetch_add(1, Ordering::Relaxed);
                if killer.is_some() {
                    // The node was killed (or died): this phase is over.
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let status = response.status();
        let body = response.bytes().await;
        let parsed = body
            .as_ref()
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(b).ok());
        match status {
            StatusCode::CREATED => match parsed.as_ref().and_then(|v| v["id"].as_str()) {
                Some(id) => {
                    let status = parsed.as_ref().map(|v| v["status"].clone());
                    assert_eq!(
                        status,
                        Some(json!("success")),
                        "a 201 redemption is a success"
                    );
                    let acknowledged = {
                        let mut ids = lock(&seen.acknowledged);
                        ids.push(id.to_owned());
                        ids.len()
                    };
                    if acknowledged == KILL_AFTER {
                        if let Some(killer) = &killer {
                            killer.kill();
                        }
                    }
                }
                None => {
                    seen.acknowledged_without_id.fetch_add(1, Ordering::Relaxed);
                }
            },
            StatusCode::CONFLICT => {
                let code = parsed.as_ref().and_then(|v| v["code"].as_str());
                assert_eq!(code, Some("limit_reached"), "unexpected 409: {parsed:?}");
                seen.limit_reached.fetch_add(1, Ordering::Relaxed);
                return;
            }
            // Back-pressure: nothing was decided; try again shortly.
            StatusCode::TOO_MANY_REQUESTS => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            // May or may not have been committed.
            s if s.is_server_error() => {
                seen.unknown.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => panic!("unexpected answer to a redemption: {other} {parsed:?}"),
        }
    }
}

fn spawn_buyers(
    client: &Client,
    base: &str,
    code: &str,
    phase: &str,
    seen: &Arc<Seen>,
    killer: Option<&Killer>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..BUYERS)
        .map(|i| {
            tokio::spawn(buyer(
                client.clone(),
                base.to_owned(),
                code.to_owned(),
                format!("{phase}-buyer{i}"),
                Arc::clone(seen),
                killer.cloned(),
            ))
        })
        .collect()
}

async fn join_all(handles: Vec<tokio::task::JoinHandle<()>>) {
    for handle in handles {
        if let Err(err) = handle.await {
            if err.is_panic() {
                std::panic::resume_unwind(err.into_panic());
            }
        }
    }
}

async fn scenario() {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let data_dir = dir.path().join("data");
    let client = client();

    // Phase 1: rush, and SIGKILL the node mid-sale.
    let node = Node::start(&client, &data_dir, ADMIN_KEY, "first").await;
    let (coupon_id, code) = create_coupon(&client, &node.base).await;
    let before = Arc::new(Seen::default());
    let killer = node.killer();
    let buyers = spawn_buyers(&client, &node.base, &code, "p1", &before, Some(&killer));
    // The buyers stop when the kill cuts their connections (or if the sale sold
    // out first, which fails below).
    if tokio::time::timeout(Duration::from_secs(120), join_all(buyers))
        .await
        .is_err()
    {
        panic!(
            "the first rush did not end within 120 s ({} acknowledged)\n--- node log ---\n{}",
            before.acknowledged().len(),
            node.log_text()
        );
    }
    let first_log = node.log_text();
    drop(node);
    let acknowledged_before = before.acknowledged();
    let without_id = before.acknowledged_without_id.load(Ordering::Relaxed);
    assert!(
        acknowledged_before.len() >= KILL_AFTER,
        "the first rush ended after {} acknowledgements, before the kill\n--- node log ---\n{first_log}",
        acknowledged_before.len()
    );
    assert_eq!(
        before.limit_reached.load(Ordering::Relaxed),
        0,
        "sold out before the kill"
    );
    eprintln!(
        "killed the node after {} acknowledged redemptions ({} with lost bodies, {} unanswered)",
        acknowledged_before.len(),
        without_id,
        before.unknown.load(Ordering::Relaxed)
    );

    // Phase 2: restart on the same directory and check the books.
    let node = Node::start(&client, &data_dir, ADMIN_KEY, "restarted").await;
    for id in &acknowledged_before {
        let response = authed(client.get(format!("{}/v1/promotions/redemptions/{id}", node.base)))
            .send()
            .await
            .expect("read an acknowledged redemption");
        let (status, body) = json_of(response).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "acknowledged redemption {id} lost in the crash: {body}"
        );
        assert_eq!(body["status"], "success", "redemption {id}: {body}");
        assert_eq!(
            body["coupon_id"],
            coupon_id.as_str(),
            "redemption {id}: {body}"
        );
    }
    let listed = success_ids(&list_redemptions(&client, &node.base, &coupon_id).await);
    let count = uses_count(&client, &node.base, &coupon_id).await;
    eprintln!(
        "after restart: uses_count {count}, {} success redemptions listed",
        listed.len()
    );
    assert_eq!(
        count,
        listed.len() as u64,
        "uses_count must equal the stored success redemptions"
    );
    assert!(
        count <= MAX_USES,
        "uses_count {count} > max_uses {MAX_USES}"
    );
    for id in &acknowledged_before {
        assert!(
            listed.contains(id),
            "acknowledged {id} missing from the listing"
        );
    }
    assert!(
        count >= acknowledged_before.len() as u64 + without_id,
        "fewer uses ({count}) than acknowledged redemptions"
    );

    // Phase 3: finish the sale on the restarted node.
    let after = Arc::new(Seen::default());
    let buyers = spawn_buyers(&client, &node.base, &code, "p2", &after, None);
    join_all(buyers).await;
    let acknowledged_after = after.acknowledged();
    let unknown_after = after.unknown.load(Ordering::Relaxed);
    assert!(
        after.limit_reached.load(Ordering::Relaxed) > 0,
        "the sale never sold out"
    );
    let final_listed = success_ids(&list_redemptions(&client, &node.base, &coupon_id).await);
    let final_count = uses_count(&client, &node.base, &coupon_id).await;
    eprintln!(
        "sold out: uses_count {final_count}, {} success redemptions listed, {} acknowledged \
         after the restart ({unknown_after} unanswered)",
        final_listed.len(),
        acknowledged_after.len()
    );
    assert_eq!(final_listed.len() as u64, MAX_USES, "exactly max_uses sold");
    assert_eq!(final_count, MAX_USES, "uses_count == max_uses at sell-out");
    for id in acknowledged_before.iter().chain(&acknowledged_after) {
        assert!(
            final_listed.contains(id),
            "acknowledged {id} missing at the end"
        );
    }
    assert!(listed.is_subset(&final_listed), "a redemption disappeared");
    let acknowledged_total = acknowledged_before.len() + acknowledged_after.len();
    assert!(
        acknowledged_total as u64 + without_id <= MAX_USES,
        "oversold"
    );
    if unknown_after == 0 && after.acknowledged_without_id.load(Ordering::Relaxed) == 0 {
        // Every request after the restart was answered: the node sold exactly what
        // was left after the crash.
        assert_eq!(
            listed.len() + acknowledged_after.len(),
            MAX_USES as usize,
            "after the restart the node sold exactly what was left"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_redemptions_survive_sigkill() {
    // A timeout drops the scenario, and with it the node guards, which kill the
    // child processes.
    tokio::time::timeout(OVERALL_TIMEOUT, scenario())
        .await
        .expect("the crash scenario timed out");
}
