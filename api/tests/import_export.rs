//! Imports, exports and bulk revoke as jobs: bad rows reported by row while
//! good ones import, a dry run that writes nothing, an export streamed in
//! parts that re-imports to the same set, seed 003's multipart codes import,
//! and bulk revoke with reservations released.

mod campaign_common;

use std::collections::BTreeSet;

use serde_json::{json, Value};

/// Sends `body` as `content_type` to `path` and answers status and JSON.
async fn send(
    server: &campaign_common::Server,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let response = server
        .client
        .post(format!("{}/v1/promotions{path}", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", "t1")
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn codes_of(server: &campaign_common::Server, coupon: &str) -> BTreeSet<String> {
    let (_, list) = server.get(&format!("/coupons/{coupon}/codes")).await;
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_import_reports_each_bad_row_and_imports_the_good_ones() {
    let server = campaign_common::start().await;
    let csv = "Voucher Code,Customer\r\nGOOD-1,u1\r\nbad code!,u2\r\nGOOD-2,\r\nGOOD-1,u3\r\n\"GOOD-3\",u4\r\nGOOD-4,u5,extra\r\n";
    let coupon = server
        .coupon(json!({"code": "IMPORTED", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let cid = coupon["id"].as_str().unwrap();
    let options = json!({"type": "codes", "coupon_id": cid, "mapping": {"code": "Voucher Code", "user_id": "Customer"},
        "data": csv, "format": "csv"});
    // A dry run checks every row and writes nothing.
    let mut dry = options.clone();
    dry["dry_run"] = json!(true);
    let (status, job) = server.post("/imports", dry).await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (
            done["processed"].as_u64(),
            done["created"].as_u64(),
            done["failed"].as_u64()
        ),
        (Some(6), Some(3), Some(3)),
        "{done}"
    );
    assert!(
        codes_of(&server, cid).await.is_empty(),
        "a dry run writes nothing"
    );

    let (status, job) = server.post("/imports", options).await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    let done = server.finished_job(id).await;
    assert_eq!(done["status"], "done");
    assert_eq!(
        (done["created"].as_u64(), done["failed"].as_u64()),
        (Some(3), Some(3)),
        "{done}"
    );
    assert_eq!(
        codes_of(&server, cid).await,
        BTreeSet::from(["GOOD-1".into(), "GOOD-2".into(), "GOOD-3".into()])
    );
    let (status, report) = server.download(&format!("/jobs/{id}/errors")).await;
    assert_eq!(status, 200);
    let lines: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rows: Vec<(u64, &str)> = lines
        .iter()
        .map(|l| (l["row"].as_u64().unwrap(), l["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (1, "invalid_field"),
            (3, "invalid_field"),
            (5, "invalid_field")
        ],
        "{report}"
    );
    // The bound customer came from the mapped column.
    let (status, refused) = server.redeem("GOOD-1", "someone-else", 20.0).await;
    assert_eq!(status, 422, "{refused}");

    // An unknown column is refused before anything starts.
    let (status, problem) = server
        .post("/imports", json!({"type": "codes", "coupon_id": cid, "data": "code,colour\nX1,red\n", "format": "csv"}))
        .await;
    assert_eq!(status, 400, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("colour"),
        "{problem}"
    );
}

#[tokio::test]
async fn coupons_import_from_ndjson_and_upsert_changes_existing_ones() {
    let server = campaign_common::start().await;
    server
        .coupon(json!({"code": "OLD-1", "type": "percentage", "value": 10, "max_uses": 5}))
        .await;
    let ndjson = concat!(
        "{\"code\":\"NEW-1\",\"type\":\"fixed\",\"value\":3,\"currency\":\"GBP\"}\n",
        "{\"code\":\"OLD-1\",\"type\":\"percentage\",\"value\":15,\"max_uses\":50}\n",
        "{\"code\":\"NEW-2\",\"type\":\"percentage\",\"value\":150}\n",
    );
    let (status, job) = send(
        &server,
        "/imports?type=coupons&mode=upsert",
        "application/x-ndjson",
        ndjson.into(),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (done["created"].as_u64(), done["failed"].as_u64()),
        (Some(2), Some(1)),
        "{done}"
    );
    let (_, old) = server.get("/coupons/lookup?code=OLD-1").await;
    assert_eq!(old["max_uses"], 50, "{old}");
    let (status, new) = server.get("/coupons/lookup?code=NEW-1").await;
    assert_eq!(status, 200, "{new}");
    let (status, _) = server.get("/coupons/lookup?code=NEW-2").await;
    assert_eq!(
        status, 404,
        "a percentage above 100 is refused like POST /coupons"
    );
}

#[tokio::test]
async fn seed_003_imports_codes_from_a_multipart_csv() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "MULTI", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let cid = coupon["id"].as_str().unwrap();
    let boundary = "XyZBoundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"import\"; filename=\"codes.csv\"\r\nContent-Type: text/csv\r\n\r\nCODE-A\r\nCODE-B\r\nCODE-A\r\n\r\n--{boundary}--\r\n"
    );
    let (status, answer) = send(
        &server,
        &format!("/coupons/{cid}/codes/import"),
        &format!("multipart/form-data; boundary={boundary}"),
        body.into(),
    )
    .await;
    assert_eq!(status, 202, "{answer}");
    let import_id = answer["codesImport"]["id"].as_str().unwrap().to_owned();
    server.finished_job(&import_id).await;
    let (status, view) = server
        .get(&format!("/coupons/{cid}/codes/import/{import_id}"))
        .await;
    assert_eq!(status, 200, "{view}");
    let import = &view["codesImport"];
    assert_eq!(
        (
            import["status"].as_str(),
            import["processed"].as_u64(),
            import["created"].as_u64(),
            import["errors"].as_u64()
        ),
        (Some("COMPLETED"), Some(3), Some(2), Some(1)),
        "{view}"
    );
}

#[tokio::test]
async fn an_export_streams_in_parts_and_reimports_to_the_same_set() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "SOURCE", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let cid = coupon["id"].as_str().unwrap();
    let (status, job) = server
        .post(
            "/coupons/generate",
            json!({"coupon_id": cid, "count": 3_000, "pattern": "EXP-{RAND:8}"}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    server.finished_job(job["id"].as_str().unwrap()).await;
    let made = codes_of(&server, cid).await;
    assert_eq!(made.len(), 3_000);
    // Some redemptions to export too.
    for (i, code) in made.iter().take(20).enumerate() {
        let (status, body) = server.redeem(code, &format!("u{i}"), 20.0).await;
        assert_eq!(status, 201, "{body}");
    }

    let (status, job) = server
        .post(
            "/exports",
            json!({"type": "codes", "format": "csv", "filters": {"coupon_id": cid}}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    let (status, early) = server.download(&format!("/exports/{id}/file")).await;
    assert!(status == 200 || status == 409, "{early}");
    let done = server.finished_job(id).await;
    assert_eq!(done["created"], 3_000, "{done}");
    assert!(
        done["output"]["parts"].as_u64().unwrap() > 1,
        "the file is stored in parts: {done}"
    );
    let (status, file) = server.download(&format!("/exports/{id}/file")).await;
    assert_eq!(status, 200);
    assert_eq!(
        file.lines().count(),
        3_001,
        "a header and one line per code"
    );

    // The file imports into another coupon as the same set of codes.
    server
        .post(
            "/coupons/bulk-revoke",
            json!({"filters": {"coupon_id": cid}}),
        )
        .await;
    let target = server
        .coupon(json!({"code": "TARGET", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let tid = target["id"].as_str().unwrap();
    let (status, job) = server.post("/imports", json!({"type": "codes", "coupon_id": tid, "data": file, "format": "csv", "dry_run": true})).await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (done["processed"].as_u64(), done["failed"].as_u64()),
        (Some(3_000), Some(3_000)),
        "every code is taken in this tenant: {done}"
    );

    let (status, job) = server
        .post(
            "/exports",
            json!({"type": "redemptions", "format": "ndjson"}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    server.finished_job(id).await;
    let (_, file) = server.download(&format!("/exports/{id}/file")).await;
    let exported: BTreeSet<String> = file
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["coupon_code"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let redeemed: BTreeSet<String> = made.iter().take(20).cloned().collect();
    assert_eq!(exported, redeemed);
}

#[tokio::test]
async fn bulk_revoke_by_list_and_by_filter_releases_reservations_when_asked() {
    let server = campaign_common::start().await;
    let a = server.coupon(json!({"code": "REV-A", "type": "fixed", "value": 5, "currency": "GBP", "campaign_id": null})).await;
    server
        .coupon(json!({"code": "REV-B", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    server
        .coupon(json!({"code": "KEEP", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let (status, reserved) = server
        .post("/redemptions", json!({"coupon_code": "REV-A", "user_id": "u1", "reserve": true, "context": {"currency": "GBP", "cart_total": 20}}))
        .await;
    let reservation = (status == 201).then(|| reserved["id"].as_str().unwrap().to_owned());

    let (status, job) = server
        .post("/coupons/bulk-revoke", json!({"codes": ["rev-a", "NOPE"], "coupon_ids": [], "reason": "leaked", "release_reserved": true}))
        .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (done["created"].as_u64(), done["failed"].as_u64()),
        (Some(1), Some(1)),
        "{done}"
    );
    let (_, revoked) = server
        .get(&format!("/coupons/{}", a["id"].as_str().unwrap()))
        .await;
    assert_eq!(revoked["status"], "revoked");
    if let Some(id) = reservation {
        let (_, redemption) = server.get(&format!("/redemptions/{id}")).await;
        assert_ne!(redemption["status"], "pending", "{redemption}");
    }

    let (status, job) = server
        .post(
            "/coupons/bulk-revoke",
            json!({"filters": {"status": "active"}}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(done["created"], 2, "{done}");
    let (_, keep) = server.get("/coupons/lookup?code=KEEP").await;
    assert_eq!(keep["status"], "revoked");
    let (status, problem) = server.post("/coupons/bulk-revoke", json!({})).await;
    assert_eq!(status, 400, "{problem}");
}

/// `POST` as the root key in `tenant`.
async fn post_in(
    server: &campaign_common::Server,
    tenant: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = server
        .client
        .post(format!("{}/v1/promotions{path}", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", tenant)
        .json(&body)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

/// Every redemption as (code, user, order), read through an NDJSON export.
async fn redemption_set(
    server: &campaign_common::Server,
    tenant: &str,
) -> (String, BTreeSet<(String, String, String)>) {
    let (status, job) = post_in(
        server,
        tenant,
        "/exports",
        json!({"type": "redemptions", "format": "ndjson"}),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap();
    server.finished_job_in(tenant, id).await;
    let file = server
        .client
        .get(format!("{}/v1/promotions/exports/{id}/file", server.base))
        .header("X-API-Key", campaign_common::ROOT_KEY)
        .header("X-Tenant-ID", tenant)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let set = file
        .lines()
        .map(|line| {
            let r: Value = serde_json::from_str(line).unwrap();
            let text = |name: &str| r[name].as_str().unwrap_or_default().to_owned();
            (text("coupon_code"), text("user_id"), text("reference_id"))
        })
        .collect();
    (file, set)
}

#[tokio::test]
async fn redemptions_exported_reimport_to_the_same_set_here_and_in_another_tenant() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "ORIGIN", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let cid = coupon["id"].as_str().unwrap();
    let (_, job) = server
        .post(
            "/coupons/generate",
            json!({"coupon_id": cid, "count": 300, "pattern": "RT-{RAND:8}"}),
        )
        .await;
    server.finished_job(job["id"].as_str().unwrap()).await;
    let codes: Vec<String> = codes_of(&server, cid).await.into_iter().collect();
    for (i, code) in codes.iter().enumerate() {
        let body = json!({"coupon_code": code, "user_id": format!("u{i}"), "reference_id": format!("order-{i}"),
            "context": {"currency": "GBP", "cart_total": 20}});
        let (status, body) = server.post("/redemptions", body).await;
        assert_eq!(status, 201, "{body}");
    }
    let (file, original) = redemption_set(&server, "t1").await;
    assert_eq!(original.len(), 300);

    // Into the same tenant: every redemption exists, so the set is unchanged.
    let (status, job) = send(
        &server,
        "/imports?type=redemptions",
        "application/x-ndjson",
        file.clone().into_bytes(),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (done["skipped"].as_u64(), done["created"].as_u64()),
        (Some(300), Some(0)),
        "{done}"
    );
    assert_eq!(redemption_set(&server, "t1").await.1, original);

    // Into another tenant that has the same codes: the same set, once even if
    // the import is sent twice.
    let (_, codes_file) = {
        let (_, job) = server
            .post(
                "/exports",
                json!({"type": "codes", "format": "csv", "filters": {"coupon_id": cid}}),
            )
            .await;
        let id = job["id"].as_str().unwrap().to_owned();
        server.finished_job(&id).await;
        server.download(&format!("/exports/{id}/file")).await
    };
    let (status, target) = post_in(
        &server,
        "t2",
        "/coupons",
        json!({"code": "COPY", "type": "fixed", "value": 5, "currency": "GBP"}),
    )
    .await;
    assert_eq!(status, 201, "{target}");
    let (status, job) = post_in(
        &server,
        "t2",
        "/imports",
        json!({"type": "codes", "coupon_id": target["id"], "data": codes_file, "format": "csv"}),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    let done = server
        .finished_job_in("t2", job["id"].as_str().unwrap())
        .await;
    assert_eq!(done["created"], 300, "{done}");
    for _ in 0..2 {
        let (status, job) = post_in(
            &server,
            "t2",
            "/imports",
            json!({"type": "redemptions", "data": file, "format": "ndjson"}),
        )
        .await;
        assert_eq!(status, 202, "{job}");
        let done = server
            .finished_job_in("t2", job["id"].as_str().unwrap())
            .await;
        assert_eq!(done["failed"], 0, "{done}");
    }
    assert_eq!(redemption_set(&server, "t2").await.1, original);
}

#[tokio::test]
async fn an_import_larger_than_one_transaction_is_stored_and_checked_whole() {
    let server = campaign_common::start().await;
    let coupon = server
        .coupon(json!({"code": "BIGFILE", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let cid = coupon["id"].as_str().unwrap();
    // About 7.5 MB of parsed rows: more than one transaction holds.
    let mut csv = String::from("code,user_id\n");
    for i in 0..25_000 {
        csv.push_str(&format!("BF-{i:06},{}{i:06}\n", "u".repeat(240)));
    }
    let path = format!("/imports?type=codes&coupon_id={cid}&dry_run=true");
    let (status, job) = send(&server, &path, "text/csv", csv.into_bytes()).await;
    assert_eq!(status, 202, "{job}");
    let done = server.finished_job(job["id"].as_str().unwrap()).await;
    assert_eq!(
        (
            done["status"].as_str(),
            done["processed"].as_u64(),
            done["created"].as_u64()
        ),
        (Some("done"), Some(25_000), Some(25_000)),
        "{done}"
    );
    assert!(
        codes_of(&server, cid).await.is_empty(),
        "a dry run writes nothing"
    );
}

#[tokio::test]
async fn unknown_query_parameters_and_options_are_refused() {
    let server = campaign_common::start().await;
    let (_, job) = server.post("/exports", json!({"type": "coupons"})).await;
    let id = job["id"].as_str().unwrap();
    server.finished_job(id).await;
    for path in [
        format!("/exports/{id}/file?colour=red"),
        format!("/jobs/{id}/errors?colour=red"),
        format!("/jobs/{id}/errors?format=xml"),
    ] {
        let (status, body) = server.download(&path).await;
        assert_eq!(status, 400, "{path}: {body}");
    }
    let (status, _) = server
        .post("/exports", json!({"type": "coupons", "colour": "red"}))
        .await;
    assert_eq!(status, 400);
    let boundary = "B0undary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\nyes\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\ncode\r\nX1\r\n--{boundary}--\r\n"
    );
    let (status, problem) = send(
        &server,
        "/imports",
        &format!("multipart/form-data; boundary={boundary}"),
        body.into(),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "dry_run", "{problem}");
    let (status, problem) = send(
        &server,
        "/imports?type=codes&colour=red",
        "text/csv",
        b"code\nX1\n".to_vec(),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
}
