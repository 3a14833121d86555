//! Counting over real HTTP: limits under concurrency, per-customer limits, voids,
//! idempotent retries.

mod campaign_common;
mod common;

use futures::future::join_all;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_users_fifty_uses_exactly_fifty_succeed() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "rush50", "type": "percentage", "value": 10, "max_uses": 50}),
        )
        .await;
    let attempts = (0..200).map(|i| {
        let server = &server;
        async move { server.redeem("t1", "RUSH50", &format!("user-{i}")).await }
    });
    let results = join_all(attempts).await;
    let successes = results.iter().filter(|(s, _)| *s == 201).count();
    let limited = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["code"] == "limit_reached")
        .count();
    assert_eq!(
        successes,
        50,
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert_eq!(limited, 150);
    for (_, body) in results.iter().filter(|(s, _)| *s == 201) {
        assert_eq!(body["status"], "success");
        assert_eq!(body["discount_amount"], 5.0);
    }
    let id = coupon["id"].as_str().unwrap();
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 50);
    let (_, page) = server
        .get(
            "t1",
            &format!("/v1/promotions/coupons/{id}/redemptions?limit=500"),
        )
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn per_customer_limit_is_enforced() {
    let server = common::start().await;
    server
        .create_coupon("t1", json!({"code": "TWICE", "type": "fixed", "value": 5, "currency": "GBP", "per_customer_limit": 2}))
        .await;
    assert_eq!(server.redeem("t1", "twice", "alice").await.0, 201);
    assert_eq!(server.redeem("t1", "twice", "alice").await.0, 201);
    let (status, body) = server.redeem("t1", "twice", "alice").await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "per_customer_limit_reached");
    assert_eq!(server.redeem("t1", "twice", "bob").await.0, 201);
}

#[tokio::test]
async fn void_releases_once_and_allows_re_redeeming() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "ONCE", "type": "percentage", "value": 50, "max_uses": 1}),
        )
        .await;
    let (status, redemption) = server.redeem("t1", "ONCE", "u1").await;
    assert_eq!(status, 201);
    assert_eq!(server.redeem("t1", "ONCE", "u2").await.0, 409);
    let rid = redemption["id"].as_str().unwrap();
    for _ in 0..2 {
        let response = server
            .root(
                Method::POST,
                "t1",
                &format!("/v1/promotions/redemptions/{rid}/void"),
            )
            .json(&json!({"reason": "order_cancelled"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "voided");
    }
    let id = coupon["id"].as_str().unwrap();
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(
        stored["uses_count"], 0,
        "a second void must release nothing"
    );
    assert_eq!(server.redeem("t1", "ONCE", "u2").await.0, 201);
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 1);
    let (status, fetched) = server
        .get("t1", &format!("/v1/promotions/redemptions/{rid}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(fetched["status"], "voided");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotent_retry_is_counted_once() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "IDEM", "type": "percentage", "value": 10, "max_uses": 100}),
        )
        .await;
    let body = json!({"coupon_code": "IDEM", "user_id": "u1", "reference_id": "order-1"});
    let send = |key: &'static str, body: serde_json::Value| {
        let server = &server;
        async move {
            let response = server
                .root(Method::POST, "t1", "/v1/promotions/redemptions")
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let concurrent = join_all((0..10).map(|_| send("key-1", body.clone()))).await;
    let later = send("key-1", body.clone()).await;
    let ids: std::collections::HashSet<_> = concurrent
        .iter()
        .chain(std::iter::once(&later))
        .map(|(status, body)| {
            assert_eq!(*status, 201, "{body}");
            body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one redemption for one key");
    let id = coupon["id"].as_str().unwrap();
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 1);
    let (status, problem) = send("key-1", json!({"coupon_code": "IDEM", "user_id": "u2"})).await;
    assert_eq!(status, 422);
    assert_eq!(problem["code"], "idempotency_key_reused");
    // The client-chosen id works the same way.
    let by_client = json!({"coupon_code": "IDEM", "user_id": "u3", "redemption_client_id": "rc-9"});
    let first = server
        .root(Method::POST, "t1", "/v1/promotions/redemptions")
        .json(&by_client)
        .send()
        .await
        .unwrap();
    let first: serde_json::Value = first.json().await.unwrap();
    let second = server
        .root(Method::POST, "t1", "/v1/promotions/redemptions")
        .json(&by_client)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 201);
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 2);
}

/// A redemption sent with both a client id and an `Idempotency-Key` is one
/// redemption under either: the same body again without the header, or with
/// another header, replays it (it used to count three uses), and the header's
/// key refuses a different request.
#[tokio::test]
async fn client_id_and_header_name_one_redemption() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "BOTH", "type": "percentage", "value": 10, "max_uses": 100}),
        )
        .await;
    let id = coupon["id"].as_str().unwrap().to_owned();
    let body = json!({"coupon_code": "BOTH", "user_id": "u1", "redemption_client_id": "rc-1"});
    let send = |key: Option<&'static str>, body: serde_json::Value| {
        let server = &server;
        async move {
            let mut request = server
                .root(Method::POST, "t1", "/v1/promotions/redemptions")
                .json(&body);
            if let Some(key) = key {
                request = request.header("Idempotency-Key", key);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let first = send(Some("hdr-1"), body.clone()).await;
    let bare = send(None, body.clone()).await;
    let other = send(Some("hdr-2"), body.clone()).await;
    for (status, answer) in [&first, &bare, &other] {
        assert_eq!(*status, 201, "{answer}");
        assert_eq!(answer["id"], first.1["id"], "one redemption: {answer}");
    }
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 1);
    // The header's key is bound to that request: another body is a reuse.
    let (status, problem) = send(
        Some("hdr-1"),
        json!({"coupon_code": "BOTH", "user_id": "u2"}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["code"], "idempotency_key_reused");
}

/// The same request with its JSON keys in another order, or spaced otherwise,
/// is the same request: its key replays the redemption instead of refusing it
/// as reused (the fingerprint is taken over canonical JSON, not raw bytes).
#[tokio::test]
async fn a_retry_with_reordered_keys_replays() {
    let server = common::start().await;
    server
        .create_coupon(
            "t1",
            json!({"code": "ORDER", "type": "percentage", "value": 10, "max_uses": 100}),
        )
        .await;
    let send = |raw: &'static str| {
        let server = &server;
        async move {
            let response = server
                .root(Method::POST, "t1", "/v1/promotions/redemptions")
                .header("Idempotency-Key", "reorder-1")
                .header("content-type", "application/json")
                .body(raw)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let first = send(
        r#"{"coupon_code":"ORDER","user_id":"u1","context":{"cart_total":10,"currency":"GBP"}}"#,
    )
    .await;
    let again = send(r#"{ "context": {"currency": "GBP", "cart_total": 10}, "user_id": "u1", "coupon_code": "ORDER" }"#).await;
    assert_eq!(first.0, 201, "{}", first.1);
    assert_eq!(again.0, 201, "{}", again.1);
    assert_eq!(first.1["id"], again.1["id"]);
    let other = send(r#"{"coupon_code":"ORDER","user_id":"u2"}"#).await;
    assert_eq!(other.0, 422, "{}", other.1);
}

#[tokio::test]
async fn refusals_carry_stable_codes() {
    // On a manual clock: a coupon is created valid, and expires as time passes.
    let server = campaign_common::start().await;
    for body in [
        json!({"code": "OLD", "type": "percentage", "value": 10,
            "valid_from": "2020-01-01T00:00:00Z", "valid_until": "2030-03-11T00:00:00Z"}),
        json!({"code": "LATER", "type": "percentage", "value": 10,
            "valid_from": "2031-01-01T00:00:00Z"}),
        json!({"code": "DRAFTY", "type": "percentage", "value": 10, "status": "draft"}),
        json!({"code": "BIGCART", "type": "fixed", "value": 10, "currency": "GBP", "min_cart_value": 100}),
        json!({"code": "SHOES", "type": "percentage", "value": 10,
            "applicability": {"include_categories": ["shoes"]}}),
    ] {
        server.coupon(body).await;
    }
    let revoked = server
        .coupon(json!({"code": "GONE", "type": "percentage", "value": 10}))
        .await;
    let rid = revoked["id"].as_str().unwrap();
    let (status, body) = server
        .post(&format!("/coupons/{rid}/revoke"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    server
        .clock
        .advance_ms(chrono::Duration::days(2).num_milliseconds());
    for (code, status, expected) in [
        ("OLD", 422, "expired"),
        ("LATER", 422, "not_yet_valid"),
        ("DRAFTY", 422, "inactive"),
        ("BIGCART", 422, "min_cart_value_not_met"),
        ("SHOES", 422, "not_eligible"),
        ("GONE", 422, "revoked"),
        ("NOPE", 404, "coupon_not_found"),
    ] {
        let (got, body) = server.redeem(code, "u1", 50.0).await;
        assert_eq!(
            (got, body["code"].as_str().unwrap_or("")),
            (status, expected),
            "{code}: {body}"
        );
    }
}

#[tokio::test]
async fn gift_card_balance_is_drawn_down_and_restored_by_void() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "GIFT", "type": "gift_card", "value": 70, "currency": "GBP"}),
        )
        .await;
    let (status, first) = server.redeem("t1", "GIFT", "u1").await;
    assert_eq!(status, 201);
    assert_eq!(first["discount_amount"], 50.0);
    let (status, second) = server.redeem("t1", "GIFT", "u1").await;
    assert_eq!(status, 201);
    assert_eq!(
        second["discount_amount"], 20.0,
        "partial draw of the remaining balance"
    );
    let (status, third) = server.redeem("t1", "GIFT", "u1").await;
    assert_eq!(
        (status, third["code"].as_str()),
        (422, Some("balance_exhausted"))
    );
    let rid = first["id"].as_str().unwrap();
    let response = server
        .root(
            Method::POST,
            "t1",
            &format!("/v1/promotions/redemptions/{rid}/void"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = coupon["id"].as_str().unwrap();
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["balance"], 50.0);
}

#[tokio::test]
async fn unknown_fields_in_a_redeem_body_and_a_bulk_row_are_refused() {
    let server = common::start().await;
    server
        .create_coupon(
            "t1",
            json!({"code": "STRICT", "type": "percentage", "value": 10}),
        )
        .await;
    for (path, body) in [
        (
            "/v1/promotions/redemptions",
            json!({"coupon_code": "STRICT", "user_id": "u1", "colour": "red"}),
        ),
        (
            "/v1/promotions/redemptions/bulk",
            json!({"rows": [{"coupon_code": "STRICT", "user_id": "u1", "colour": "red"}]}),
        ),
    ] {
        let response = server
            .root(Method::POST, "t1", path)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(status, 400, "{path}: {problem}");
        assert!(problem.to_string().contains("colour"), "{path}: {problem}");
    }
}
