//! Bulk jobs outlive their worker: a job whose worker died is taken over and
//! finished from its last recorded row, rows already redeemed replay their
//! first answer (no row twice), and a full 1,000-row report is stored in chunks.

mod campaign_common;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use stampede_actors::RedeemRequest;
use stampede_api::auth::Auth;
use stampede_api::jobs as bulk_jobs;
use stampede_api::routes::bulk::BulkRow;
use stampede_api::AppState;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::job::{Job, JobKind};
use stampede_protocol::Context;

async fn finished(server: &campaign_common::Server, id: &str) -> Value {
    for _ in 0..500 {
        let (status, job) = server.get(&format!("/redemptions/bulk/{id}")).await;
        assert_eq!(status, 200, "{job}");
        if job["status"] == "done" {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("job {id} did not finish");
}

/// A row with enough metadata that 120 of them span several stored chunks.
fn row(i: usize) -> BulkRow {
    serde_json::from_value(json!({"coupon_code": "RESUME", "user_id": format!("u{i}"),
        "context": {"currency": "GBP", "cart_total": 10}, "metadata": {"note": "n".repeat(1_000)}}))
    .unwrap()
}

#[tokio::test]
async fn a_job_left_by_a_dead_worker_is_finished_once() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "RESUME", "type": "percentage", "value": 10, "max_uses": 100}))
        .await;
    let state = AppState {
        shards: server.shards.clone(),
        auth: Arc::new(Auth::new(campaign_common::ROOT_KEY)),
        metrics: None,
    };
    // A worker wrote the job and died after redeeming rows 0–4 without
    // recording them.
    let now = state.now();
    let rows: Vec<BulkRow> = (0..120).map(row).collect();
    let job = Job::new(
        String::from("job_dead"),
        JobKind::BulkRedeem,
        rows.len() as u64,
        Value::Null,
        now,
    );
    let mut tx = state.shards.store().begin().await.unwrap();
    bulk_jobs::write_new(tx.as_mut(), "t1", &job, &rows, "dead-worker").unwrap();
    tx.commit().await.unwrap();
    let mut early = Vec::new();
    for i in 0..5 {
        let request = RedeemRequest {
            provenance: Default::default(),
            user_id: Some(format!("u{i}")),
            context: serde_json::from_value::<Context>(
                json!({"currency": "GBP", "cart_total": 10}),
            )
            .unwrap(),
            idem: Some(IdemSpec {
                key: format!("bulk:job_dead:{i}"),
                fingerprint: format!("bulk:job_dead:{i}"),
            }),
            ..RedeemRequest::default()
        };
        early.push(
            state
                .shards
                .redeem("t1", "RESUME", request)
                .await
                .unwrap()
                .id,
        );
    }

    // Its heartbeat is fresh: nobody takes it over yet.
    assert_eq!(bulk_jobs::resume_stale(&state).await.unwrap(), 0);
    server
        .clock
        .advance_ms(bulk_jobs::JOB_HEARTBEAT_TIMEOUT_MS + 1_000);
    assert_eq!(bulk_jobs::resume_stale(&state).await.unwrap(), 1);
    // The new worker holds a fresh claim: a second look takes nothing.
    assert_eq!(bulk_jobs::resume_stale(&state).await.unwrap(), 0);

    let done = finished(&server, "job_dead").await;
    let results = done["results"].as_array().unwrap();
    assert_eq!(results.len(), 120, "{done}");
    assert_eq!(done["succeeded"], 100);
    assert_eq!(done["failed"], 20);
    for (i, id) in early.iter().enumerate() {
        assert_eq!(results[i]["redemption_id"].as_str(), Some(id.as_str()));
    }
    let (_, stored) = server
        .get(&format!("/coupons/{}", coupon["id"].as_str().unwrap()))
        .await;
    assert_eq!(stored["uses_count"], 100, "no row was redeemed twice");
    // Done jobs leave the running index.
    assert_eq!(bulk_jobs::resume_stale(&state).await.unwrap(), 0);
}

#[tokio::test]
async fn a_thousand_row_report_is_kept_whole() {
    let server = campaign_common::start().await;
    server
        .coupon(json!({"code": "BIGJOB", "type": "percentage", "value": 10, "max_uses": 600}))
        .await;
    let rows: Vec<Value> = (0..1_000)
        .map(|i| json!({"coupon_code": "BIGJOB", "user_id": format!("u{i}"), "reference_id": format!("order-{i}"),
            "context": {"currency": "GBP", "cart_total": 10}}))
        .collect();
    let (status, job) = server
        .post("/redemptions/bulk", json!({"rows": rows}))
        .await;
    assert_eq!(status, 202, "{job}");
    let done = finished(&server, job["id"].as_str().unwrap()).await;
    assert_eq!(done["results"].as_array().unwrap().len(), 1_000);
    assert_eq!(done["succeeded"], 600);
    assert_eq!(done["failed"], 400);
    let rows: Vec<usize> = done["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(rows, (0..1_000).collect::<Vec<_>>());
}
