//! `POST /redemptions/bulk` over HTTP: 202 with a job, progress and a per-row
//! report; limits still hold row by row; an idempotent retry returns the same job.

mod campaign_common;

use std::time::Duration;

use serde_json::{json, Value};

async fn finished(server: &campaign_common::Server, id: &str) -> Value {
    // Bounded wait for the background job (it touches only the local store).
    for _ in 0..250 {
        let (status, job) = server.get(&format!("/redemptions/bulk/{id}")).await;
        assert_eq!(status, 200, "{job}");
        if job["status"] == "done" {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("job {id} did not finish");
}

#[tokio::test]
async fn a_bulk_job_reports_every_row() {
    let server = campaign_common::start().await;
    server
        .coupon(json!({"code": "BULK3", "type": "percentage", "value": 10, "max_uses": 3}))
        .await;
    let mut rows: Vec<Value> = (0..5)
        .map(|i| json!({"coupon_code": "BULK3", "user_id": format!("u{i}"), "reference_id": format!("o-{i}"),
            "context": {"currency": "GBP", "cart_total": 10}}))
        .collect();
    rows.push(json!({"coupon_code": "NOPE"}));
    let response = server
        .client
        .post(format!("{}/v1/promotions/redemptions/bulk", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Idempotency-Key", "bulk-1")
        .json(&json!({"rows": rows}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let job: Value = response.json().await.unwrap();
    let id = job["id"].as_str().unwrap().to_owned();
    assert_eq!(job["total"], 6);
    let done = finished(&server, &id).await;
    assert_eq!(
        (
            done["processed"].as_u64(),
            done["succeeded"].as_u64(),
            done["failed"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
    let outcomes: Vec<&str> = done["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "success").count(), 3);
    assert_eq!(
        outcomes.iter().filter(|o| **o == "limit_reached").count(),
        2
    );
    assert_eq!(outcomes[5], "coupon_not_found");
    let mut indexed = 0;
    for i in 0..5 {
        let (_, listed) = server
            .get(&format!("/redemptions?reference_id=o-{i}"))
            .await;
        indexed += listed["data"].as_array().unwrap().len();
    }
    assert_eq!(indexed, 3, "each success is found by its order");

    // The same key and body: the same job, nothing redeemed again.
    let retry = server
        .client
        .post(format!("{}/v1/promotions/redemptions/bulk", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Idempotency-Key", "bulk-1")
        .json(&json!({"rows": rows}))
        .send()
        .await
        .unwrap();
    let again: Value = retry.json().await.unwrap();
    assert_eq!(again["id"], id.as_str());
}

#[tokio::test]
async fn a_bad_row_starts_nothing() {
    let server = campaign_common::start().await;
    let (status, problem) = server
        .post(
            "/redemptions/bulk",
            json!({"rows": [{"coupon_code": "OK1"}, {"coupon_code": "bad code"}]}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (400, Some("rows[1].coupon_code"))
    );
    let (status, problem) = server.post("/redemptions/bulk", json!({"rows": []})).await;
    assert_eq!((status, problem["field"].as_str()), (400, Some("rows")));
    assert_eq!(server.get("/redemptions/bulk/job_missing").await.0, 404);
}
