//! `POST /coupons/generate`: codes from a pattern made by a job, all distinct,
//! each redeemable once; codes bound to customers; custom codes with a row
//! error report; refusals of what a pattern cannot hold; cancel.

mod campaign_common;

use std::collections::BTreeSet;

use serde_json::{json, Value};

async fn template(server: &campaign_common::Server, code: &str) -> String {
    let coupon = server
        .coupon(
            json!({"code": code, "type": "fixed", "value": 5, "currency": "GBP", "max_uses": 1}),
        )
        .await;
    coupon["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn ten_thousand_codes_from_a_pattern_are_distinct_and_each_redeems_once() {
    let server = campaign_common::start().await;
    let tid = template(&server, "SUMMER").await;
    let (status, job) = server
        .post(
            "/coupons/generate",
            json!({"template_id": tid, "count": 10_000, "pattern": "SUMMER-{RAND:6}", "charset": "unambiguous"}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(job["kind"], "generate_codes");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(
        (done["created"].as_u64(), done["processed"].as_u64()),
        (Some(10_000), Some(10_000))
    );
    assert_eq!(done["progress"], 1.0);

    let (status, list) = server.get(&format!("/coupons/{tid}/codes")).await;
    assert_eq!(status, 200);
    let codes: Vec<String> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10_000);
    let distinct: BTreeSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 10_000, "every code is distinct");
    for code in &codes {
        assert!(code.starts_with("SUMMER-") && code.len() == 13, "{code}");
        assert!(
            !code[7..].contains(['0', 'O', '1', 'I']),
            "unambiguous: {code}"
        );
    }
    for (i, code) in codes.iter().take(100).enumerate() {
        let (status, body) = server.redeem(code, &format!("u{i}"), 20.0).await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = server.redeem(code, &format!("v{i}"), 20.0).await;
        assert_eq!(
            status, 409,
            "a code of a single-use coupon redeems once: {body}"
        );
    }
}

#[tokio::test]
async fn generated_codes_skip_codes_the_tenant_has_and_bind_customers() {
    let server = campaign_common::start().await;
    let tid = template(&server, "WELCOME").await;
    // Two of the 100 possible codes already exist: the job draws others.
    server
        .coupon(json!({"code": "W-22", "type": "fixed", "value": 1, "currency": "GBP"}))
        .await;
    server
        .coupon(json!({"code": "w-57", "type": "fixed", "value": 1, "currency": "GBP"}))
        .await;
    let users: Vec<String> = (0..98).map(|i| format!("user_{i}")).collect();
    let (status, job) = server
        .post(
            &format!("/coupons/{tid}/generate"),
            json!({"user_ids": users, "pattern": "W-{RAND:2}", "charset": "numeric"}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["created"], 98, "{done}");
    let (_, list) = server.get(&format!("/coupons/{tid}/codes")).await;
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 98);
    let bound: BTreeSet<&str> = data
        .iter()
        .map(|c| c["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(bound.len(), 98, "one code per customer");
    assert!(data
        .iter()
        .all(|c| c["code"] != "W-22" && c["code"] != "W-57"));
    let code = data.iter().find(|c| c["user_id"] == "user_7").unwrap()["code"]
        .as_str()
        .unwrap();
    let (status, refused) = server.redeem(code, "user_8", 20.0).await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused.to_string().contains("code_bound_to_another_user"),
        "{refused}"
    );
    let (status, _) = server.redeem(code, "user_7", 20.0).await;
    assert_eq!(status, 201);

    // The pattern's 100 codes are all taken now: a count it cannot hold.
    let (status, job) = server
        .post(
            "/coupons/generate",
            json!({"coupon_id": tid, "count": 5, "pattern": "W-{RAND:2}", "charset": "numeric"}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (done["created"].as_u64(), done["failed"].as_u64()),
        (Some(0), Some(5)),
        "{done}"
    );
}

#[tokio::test]
async fn a_pattern_too_small_for_the_count_is_refused_up_front() {
    let server = campaign_common::start().await;
    let tid = template(&server, "TINY").await;
    for (body, field) in [
        (
            json!({"coupon_id": tid, "count": 101, "pattern": "T{RAND:2}", "charset": "numeric"}),
            "count",
        ),
        (
            json!({"coupon_id": tid, "count": 5, "pattern": "T{RAND:0}"}),
            "pattern",
        ),
        (
            json!({"coupon_id": tid, "count": 5, "charset": "custom"}),
            "custom_charset",
        ),
        (json!({"coupon_id": tid, "count": 0}), "count"),
        (
            json!({"coupon_id": tid, "count": 5, "unique": false}),
            "unique",
        ),
        (json!({"count": 5}), "coupon_id"),
        (
            json!({"coupon_id": tid, "count": 5, "colour": "red"}),
            "colour",
        ),
    ] {
        let (status, problem) = server.post("/coupons/generate", body.clone()).await;
        assert_eq!(status, 400, "{body} → {problem}");
        assert!(problem.to_string().contains(field), "{body} → {problem}");
    }
    let (status, problem) = server
        .post(
            "/coupons/generate",
            json!({"coupon_id": "cpn_nope", "count": 5}),
        )
        .await;
    assert_eq!(status, 404, "{problem}");
}

#[tokio::test]
async fn custom_codes_taken_already_are_reported_by_row() {
    let server = campaign_common::start().await;
    let tid = template(&server, "VIP").await;
    server
        .coupon(json!({"code": "VIP-USER-456", "type": "fixed", "value": 1, "currency": "GBP"}))
        .await;
    let (status, job) = server
        .post(
            &format!("/coupons/{tid}/generate"),
            json!({"user_ids": ["user_123", "user_456"], "custom_codes": ["VIP-USER-123", "vip-user-456"]}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    let done = server.finished_job(id).await;
    assert_eq!(
        (done["created"].as_u64(), done["failed"].as_u64()),
        (Some(1), Some(1)),
        "{done}"
    );
    let response = server
        .client
        .get(format!(
            "{}/v1/promotions/jobs/{id}/errors?format=csv",
            server.base
        ))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    assert_eq!(
        csv,
        "row,field,code,message\r\n1,custom_codes[1],duplicate_code,a coupon with code VIP-USER-456 already exists\r\n"
    );
    let response = server
        .client
        .get(format!("{}/v1/promotions/jobs/{id}/errors", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .send()
        .await
        .unwrap();
    let line: Value = serde_json::from_str(response.text().await.unwrap().trim()).unwrap();
    assert_eq!(line["row"], 1);
    assert_eq!(line["code"], "duplicate_code");
}

#[tokio::test]
async fn a_cancelled_job_stops_and_a_replayed_request_starts_nothing() {
    let server = campaign_common::start().await;
    let tid = template(&server, "BIG").await;
    let response = server
        .client
        .post(format!("{}/v1/promotions/coupons/generate", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Idempotency-Key", "gen-1")
        .json(&json!({"coupon_id": tid, "count": 200_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .contains("/jobs/"));
    let job: Value = response.json().await.unwrap();
    let id = job["id"].as_str().unwrap();
    let (status, cancelled) = server.post(&format!("/jobs/{id}/cancel"), json!({})).await;
    assert!(status == 202 || status == 200, "{cancelled}");
    let done = server.finished_job(id).await;
    assert_eq!(done["status"], "cancelled", "{done}");
    assert!(done["created"].as_u64().unwrap() < 200_000);
    let again = server
        .client
        .post(format!("{}/v1/promotions/coupons/generate", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Idempotency-Key", "gen-1")
        .json(&json!({"coupon_id": tid, "count": 200_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 202);
    let replayed: Value = again.json().await.unwrap();
    assert_eq!(replayed["id"], job["id"], "the first answer, no second job");
    let (status, _) = server.get("/jobs/job_unknown").await;
    assert_eq!(status, 404);
}
