//! The edge: auth, scopes, tenancy, bad input, coupon CRUD, validation, operations
//! endpoints.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

async fn problem(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    if status >= 400 {
        assert_eq!(content_type, "application/problem+json", "{body}");
        assert_eq!(body["status"], status);
        assert!(
            body["type"].is_string() && body["title"].is_string() && body["detail"].is_string()
        );
    }
    (status, body)
}

#[tokio::test]
async fn authentication_and_scopes() {
    let server = common::start().await;
    let no_key = server
        .client
        .get(server.url("/v1/promotions/coupons"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(no_key).await.0, 401);
    let wrong = server
        .with_key(Method::GET, "nope", "/v1/promotions/coupons")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(wrong).await.0, 401);
    let root_without_tenant = server
        .client
        .get(server.url("/v1/promotions/coupons"))
        .header("X-API-Key", common::ROOT_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(root_without_tenant).await.1["field"], "X-Tenant-ID");

    let validate_only = server.create_key("t1", &["validate"]).await;
    let create = server
        .with_key(Method::POST, &validate_only, "/v1/promotions/coupons")
        .json(&json!({"code": "X1", "type": "percentage", "value": 5}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(create).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let validate = server
        .with_key(Method::POST, &validate_only, "/v1/promotions/validate")
        .json(&json!({"codes": ["X1"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(validate.status(), 200);

    let writer = server
        .create_key("t1", &["coupons:write", "coupons:read"])
        .await;
    let created = server
        .with_key(Method::POST, &writer, "/v1/promotions/coupons")
        .json(&json!({"code": "X1", "type": "percentage", "value": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hard = server
        .with_key(
            Method::DELETE,
            &writer,
            &format!("/v1/promotions/coupons/{id}?hard=true"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(problem(hard).await.0, 403, "hard delete is admin only");
    let redeem = server
        .with_key(Method::POST, &writer, "/v1/promotions/redemptions")
        .json(&json!({"coupon_code": "X1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(redeem).await.0, 403);

    // Keys are listed without secrets, and a deleted key stops working.
    let (status, keys) = server.get("t1", "/v1/promotions/keys").await;
    assert_eq!(status, 200);
    let listed = keys["data"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed
        .iter()
        .all(|k| k.get("key").is_none() && k.get("hash").is_none()));
    let key_id = listed
        .iter()
        .find(|k| k["scopes"] == json!(["validate"]))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let deleted = server
        .root(
            Method::DELETE,
            "t1",
            &format!("/v1/promotions/keys/{key_id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let after = server
        .with_key(Method::POST, &validate_only, "/v1/promotions/validate")
        .json(&json!({"codes": ["X1"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(after).await.0, 401);
}

#[tokio::test]
async fn tenants_never_see_each_other() {
    let server = common::start().await;
    let theirs = server
        .create_coupon(
            "acme",
            json!({"code": "SECRET", "type": "percentage", "value": 50}),
        )
        .await;
    let id = theirs["id"].as_str().unwrap();
    let mine = server.create_key("globex", &["admin"]).await;
    let read = server
        .with_key(Method::GET, &mine, &format!("/v1/promotions/coupons/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(read).await.0, 404);
    let redeem = server
        .with_key(Method::POST, &mine, "/v1/promotions/redemptions")
        .json(&json!({"coupon_code": "SECRET"}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(redeem).await.1["code"], "coupon_not_found");
    let list = server
        .with_key(Method::GET, &mine, "/v1/promotions/coupons")
        .send()
        .await
        .unwrap();
    assert_eq!(list.json::<Value>().await.unwrap()["data"], json!([]));
    let by_path = server
        .with_key(
            Method::GET,
            &mine,
            &format!("/v1/acme/promotions/coupons/{id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(problem(by_path).await.0, 404);
    // The same code can exist in both tenants.
    server
        .create_coupon(
            "globex",
            json!({"code": "SECRET", "type": "percentage", "value": 5}),
        )
        .await;
    let path_scoped = server
        .client
        .get(server.url(&format!("/v1/acme/promotions/coupons/{id}")))
        .header("X-API-Key", common::ROOT_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(path_scoped.status(), 200);
}

#[tokio::test]
async fn bad_input_is_a_named_4xx() {
    let server = common::start().await;
    let post = |body: String, content_type: &'static str| {
        server
            .root(Method::POST, "t1", "/v1/promotions/coupons")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let cases: Vec<(String, &str, u16, &str, Option<&str>)> = vec![
        ("{not json".into(), "application/json", 400, "malformed_json", None),
        (r#"{"code":"A","type":"percentage","value":5,"max_uses":"many"}"#.into(), "application/json", 400, "invalid_field", Some("max_uses")),
        (r#"{"code":"A","type":"percentage","value":5,"max_uses":-1}"#.into(), "application/json", 400, "invalid_field", Some("max_uses")),
        (r#"{"code":"A","type":"bogus","value":5}"#.into(), "application/json", 400, "invalid_field", Some("type")),
        (r#"{"code":"A","type":"percentage","value":150}"#.into(), "application/json", 400, "invalid_field", Some("value")),
        (r#"{"code":"A B","type":"percentage","value":5}"#.into(), "application/json", 400, "invalid_field", Some("code")),
        (format!(r#"{{"code":"{}","type":"percentage","value":5}}"#, "A".repeat(65)), "application/json", 400, "invalid_field", Some("code")),
        (r#"{"code":"A","type":"fixed","value":5,"currency":"GBPX"}"#.into(), "application/json", 400, "invalid_field", Some("currency")),
        (r#"{"code":"A","type":"percentage","value":5,"valid_from":"2030-01-01T00:00:00Z","valid_until":"2020-01-01T00:00:00Z"}"#.into(), "application/json", 400, "invalid_field", Some("valid_until")),
        (r#"{"code":"A","type":"percentage","value":5}"#.into(), "text/plain", 415, "unsupported_media_type", None),
        (format!(r#"{{"code":"A","type":"percentage","value":5,"metadata":{{"x":"{}"}}}}"#, "y".repeat(1_100_000)), "application/json", 413, "payload_too_large", None),
    ];
    for (body, content_type, status, code, field) in cases {
        let (got, problem_body) = problem(post(body.clone(), content_type).await.unwrap()).await;
        assert_eq!(got, status, "{problem_body}");
        assert_eq!(problem_body["code"], code, "{problem_body}");
        if let Some(field) = field {
            assert_eq!(problem_body["field"], field, "{problem_body}");
        }
    }
    let redeem = server
        .root(Method::POST, "t1", "/v1/promotions/redemptions")
        .json(&json!({"coupon_code": "A", "context": {"items": [{"sku": "x", "quantity": 1, "price": -3}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(redeem).await.1["field"], "context.items[0].price");
    let bad_limit = server
        .root(Method::GET, "t1", "/v1/promotions/coupons?limit=100000")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(bad_limit).await.1["field"], "limit");
    let bad_status = server
        .root(Method::GET, "t1", "/v1/promotions/coupons?status=weird")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(bad_status).await.0, 400);
}

#[tokio::test]
async fn coupon_lifecycle() {
    let server = common::start().await;
    let coupon = server
        .create_coupon("t1", json!({"code": "summer10", "type": "percentage", "value": 10, "currency": "GBP",
            "max_uses": 1000, "per_customer_limit": 1, "campaign_id": "camp_1", "metadata": {"team": "growth"}}))
        .await;
    assert_eq!(coupon["code"], "SUMMER10");
    assert_eq!(coupon["status"], "active");
    assert_eq!(coupon["uses_count"], 0);
    assert_eq!(coupon["version"], 1);
    let duplicate = server
        .root(Method::POST, "t1", "/v1/promotions/coupons")
        .json(&json!({"code": "Summer10", "type": "percentage", "value": 5}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(duplicate).await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (409, Some("duplicate_code"), Some("code"))
    );
    let id = coupon["id"].as_str().unwrap();
    let (status, looked_up) = server
        .get("t1", "/v1/promotions/coupons/lookup?code=summer10")
        .await;
    assert_eq!((status, &looked_up["id"]), (200, &coupon["id"]));

    let patch = |body: Value| {
        server
            .root(Method::PATCH, "t1", &format!("/v1/promotions/coupons/{id}"))
            .json(&body)
            .send()
    };
    let updated = patch(json!({"version": 1, "value": 15, "max_uses": 2000}))
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    let updated: Value = updated.json().await.unwrap();
    assert_eq!(
        (updated["value"].as_f64(), updated["version"].as_u64()),
        (Some(15.0), Some(2))
    );
    let stale = patch(json!({"version": 1, "value": 20})).await.unwrap();
    assert_eq!(problem(stale).await.1["code"], "version_conflict");
    let missing_version = patch(json!({"value": 20})).await.unwrap();
    assert_eq!(problem(missing_version).await.1["field"], "version");

    for i in 0..3 {
        server.create_coupon("t1", json!({"code": format!("LIST{i}"), "type": "fixed", "value": 1, "currency": "EUR", "campaign_id": "camp_2"})).await;
    }
    let (_, page) = server
        .get("t1", "/v1/promotions/coupons?campaign_id=camp_2&limit=2")
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["has_more"], true);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, next) = server
        .get(
            "t1",
            &format!("/v1/promotions/coupons?campaign_id=camp_2&limit=2&cursor={cursor}"),
        )
        .await;
    assert_eq!(next["data"].as_array().unwrap().len(), 1);
    assert_eq!(next["has_more"], false);
    let (_, fixed) = server.get("t1", "/v1/promotions/coupons?type=fixed").await;
    assert_eq!(fixed["data"].as_array().unwrap().len(), 3);

    let soft = server
        .root(
            Method::DELETE,
            "t1",
            &format!("/v1/promotions/coupons/{id}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(soft.status(), 204);
    let (_, redeemed) = server.redeem("t1", "SUMMER10", "u1").await;
    assert_eq!(redeemed["code"], "revoked");
    let hard = server
        .root(
            Method::DELETE,
            "t1",
            &format!("/v1/promotions/coupons/{id}?hard=true"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(hard.status(), 204);
    assert_eq!(
        server
            .get("t1", &format!("/v1/promotions/coupons/{id}"))
            .await
            .0,
        404
    );
    assert_eq!(server.redeem("t1", "SUMMER10", "u1").await.0, 404);
    // The code is free again.
    server
        .create_coupon(
            "t1",
            json!({"code": "SUMMER10", "type": "percentage", "value": 10}),
        )
        .await;
    assert_eq!(server.redeem("t1", "SUMMER10", "u1").await.0, 201);
}

#[tokio::test]
async fn create_is_idempotent() {
    let server = common::start().await;
    let send = |body: Value| {
        server
            .root(Method::POST, "t1", "/v1/promotions/coupons")
            .header("Idempotency-Key", "create-1")
            .json(&body)
            .send()
    };
    let body = json!({"code": "IDEMC", "type": "percentage", "value": 10});
    let first: Value = send(body.clone()).await.unwrap().json().await.unwrap();
    let again = send(body).await.unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    let other = send(json!({"code": "OTHER", "type": "percentage", "value": 10}))
        .await
        .unwrap();
    assert_eq!(problem(other).await.0, 422);
}

#[tokio::test]
async fn validate_explains_without_side_effects() {
    let server = common::start().await;
    let coupon = server
        .create_coupon(
            "t1",
            json!({"code": "TENOFF", "type": "percentage", "value": 10, "max_uses": 5,
            "max_discount_amount": 4, "min_cart_value": 20}),
        )
        .await;
    let response = server
        .root(Method::POST, "t1", "/v1/promotions/validate")
        .json(&json!({"codes": ["tenoff", "missing"], "context": {"user_id": "u1", "currency": "GBP",
            "items": [{"sku": "S1", "quantity": 2, "price": 49.95}]}, "options": {"explain": true}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["valid"], true);
    assert_eq!(
        results[0]["applied_discount"], 4.0,
        "capped by max_discount_amount"
    );
    assert!(results[0]["explain"].as_array().unwrap().len() >= 3);
    assert_eq!(results[1]["valid"], false);
    assert_eq!(results[1]["reasons"], json!(["coupon_not_found"]));
    let small = server
        .root(Method::POST, "t1", "/v1/promotions/validate")
        .json(&json!({"code": "TENOFF", "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": 5}]}}))
        .send()
        .await
        .unwrap();
    let small: Value = small.json().await.unwrap();
    assert_eq!(
        small["results"][0]["reasons"],
        json!(["min_cart_value_not_met"])
    );
    let id = coupon["id"].as_str().unwrap();
    let (_, stored) = server
        .get("t1", &format!("/v1/promotions/coupons/{id}"))
        .await;
    assert_eq!(stored["uses_count"], 0);
}

#[tokio::test]
async fn operations_endpoints() {
    let server = common::start().await;
    for path in ["/healthz", "/readyz"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    server
        .create_coupon(
            "t1",
            json!({"code": "M1", "type": "percentage", "value": 5}),
        )
        .await;
    server.redeem("t1", "M1", "u").await;
    let metrics = server
        .client
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for name in [
        "stampede_http_requests_total",
        "stampede_http_request_duration_seconds",
        "stampede_redemptions_total",
        "stampede_commit_batch_size",
        "stampede_commit_seconds",
    ] {
        assert!(metrics.contains(name), "missing {name} in /metrics");
    }
    let openapi: Value = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(openapi["paths"]["/v1/promotions/redemptions"]["post"].is_object());
    let unknown = server.client.get(server.url("/nope")).send().await.unwrap();
    assert_eq!(problem(unknown).await.0, 404);
}

#[tokio::test]
async fn every_rejection_is_problem_json() {
    let server = common::start().await;
    // A known path with a method it does not take: 405, problem+json, `Allow`.
    let wrong_method = server
        .root(Method::DELETE, "t1", "/v1/promotions/validate")
        .send()
        .await
        .unwrap();
    let allow = wrong_method.headers().get("allow").cloned();
    let (status, body) = problem(wrong_method).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
    assert_eq!(allow.unwrap().to_str().unwrap(), "POST");
    let wrong_method = server
        .root(Method::PUT, "t1", "/v1/promotions/coupons")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(wrong_method).await.0, 405);
    // A body without a content type: 415, problem+json.
    let untyped = server
        .root(Method::POST, "t1", "/v1/promotions/coupons")
        .body(r#"{"code":"A","type":"percentage","value":5}"#)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(untyped).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    // An id past the one id limit names no record.
    let long_id = format!("/v1/promotions/keys/{}", "k".repeat(300));
    let missing = server
        .root(Method::GET, "t1", &long_id)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(missing).await.0, 404);
}

#[tokio::test]
async fn a_replay_needs_the_scope_its_request_needs() {
    let server = common::start().await;
    let create = |key: Option<String>| {
        let request = match &key {
            Some(key) => server.with_key(Method::POST, key, "/v1/promotions/coupons"),
            None => server.root(Method::POST, "t1", "/v1/promotions/coupons"),
        };
        request
            .header("Idempotency-Key", "once")
            .json(&json!({"code": "ONCE", "type": "percentage", "value": 5}))
            .send()
    };
    let first = create(None).await.unwrap();
    assert_eq!(first.status().as_u16(), 201);
    let replayed = create(None).await.unwrap();
    assert_eq!(replayed.status().as_u16(), 201);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    let read_only = server.create_key("t1", &["coupons:read"]).await;
    let refused = create(Some(read_only)).await.unwrap();
    assert_eq!(problem(refused).await.0, 403);
}

/// Every `$ref` of `value` names a component of `doc`.
fn check_refs(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let pointer = target.trim_start_matches('#');
                assert!(doc.pointer(pointer).is_some(), "unresolved {target}");
            }
            map.values().for_each(|v| check_refs(doc, v));
        }
        Value::Array(list) => list.iter().for_each(|v| check_refs(doc, v)),
        _ => {}
    }
}

#[test]
fn openapi_lists_every_error_as_a_problem() {
    let doc = stampede_api::openapi::document();
    check_refs(&doc, &doc);
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["jwt"]["bearerFormat"], "JWT");
    assert_eq!(doc["security"].as_array().map(Vec::len), Some(3));
    let paths = doc["paths"].as_object().unwrap();
    for public in stampede_api::openapi_errors::PUBLIC_PATHS {
        assert_eq!(paths[public]["get"]["security"], json!([]), "{public}");
    }
    for (path, item) in paths.iter().filter(|(p, _)| p.starts_with("/v1/")) {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let mut expected = vec!["400", "401", "403", "404", "429", "500", "503"];
            if operation.get("requestBody").is_some() {
                expected.extend(["413", "415"]);
            }
            if method != "get" {
                expected.extend(["409", "422"]);
            }
            for status in expected {
                assert!(responses.contains_key(status), "{method} {path}: {status}");
            }
            for (status, response) in responses.iter().filter(|(s, _)| s.as_str() >= "400") {
                let content = response["content"].as_object().unwrap();
                let keys: Vec<&String> = content.keys().collect();
                assert_eq!(
                    keys,
                    ["application/problem+json"],
                    "{method} {path} {status}"
                );
            }
        }
    }
    for (schema, property) in stampede_api::openapi_bounds::bounded_fields() {
        let field = &doc["components"]["schemas"][schema]["properties"][property];
        let bounded = [
            "maxLength",
            "minimum",
            "maximum",
            "maxItems",
            "pattern",
            "items",
        ]
        .iter()
        .any(|k| field.get(k).is_some())
            || field["description"]
                .as_str()
                .is_some_and(|d| d.contains("bytes"));
        assert!(bounded, "{schema}.{property} is not bounded: {field}");
    }
    let quantity = &doc["components"]["schemas"]["CartItem"]["properties"]["quantity"];
    assert_eq!(quantity["maximum"], 1_000_000);
}
