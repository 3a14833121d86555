//! Rules (`/rules`, `/rules/compile`, `/rules/simulate`) and segments over HTTP.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

async fn call(
    server: &common::Server,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = server.root(method, "acme", path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A mutation sent with an `Idempotency-Key`: status, body, and whether the
/// answer was a replay of a stored response.
async fn keyed(
    server: &common::Server,
    method: Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value, bool) {
    let mut request = server
        .root(method, "acme", path)
        .header("Idempotency-Key", key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let replayed = response.headers().contains_key("idempotent-replayed");
    (
        status,
        response.json().await.unwrap_or(Value::Null),
        replayed,
    )
}

fn seed_rule() -> Value {
    json!({"name": "min_cart_50_exclude_sale", "type": "eligibility", "priority": 100, "metadata": {},
    "condition": {"all": [
        {"cart_total": {"gte": 50, "currency": "GBP"}},
        {"not": {"product_tags": ["clearance", "final_sale"]}},
        {"customer_segment": "new_customers"}
    ]}})
}

#[tokio::test]
async fn rules_crud_compile_and_simulate() {
    let s = common::start().await;
    let (status, rule) = call(&s, Method::POST, "/v1/promotions/rules", Some(seed_rule())).await;
    assert_eq!(status, 201, "{rule}");
    let id = rule["id"].as_str().unwrap().to_owned();
    assert_eq!(rule["priority"], 100);
    let (status, got) = call(&s, Method::GET, &format!("/v1/promotions/rules/{id}"), None).await;
    assert_eq!((status, &got), (200, &rule));

    // Refused at creation, naming the path inside the condition.
    let mut bad = seed_rule();
    bad["condition"]["all"][1]["not"] = json!({"product_tagz": ["x"]});
    let (status, problem) = call(&s, Method::POST, "/v1/promotions/rules", Some(bad)).await;
    assert_eq!(status, 400);
    assert_eq!(problem["code"], "invalid_rule");
    assert_eq!(problem["field"], "condition.all[1].not.product_tagz");
    let mut deep = json!({"channel": "web"});
    for _ in 0..10 {
        deep = json!({"not": deep});
    }
    let (status, problem) = call(
        &s,
        Method::POST,
        "/v1/promotions/rules",
        Some(json!({"name": "deep", "condition": deep})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (400, json!("invalid_rule"))
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("deeper"),
        "{problem}"
    );

    let (status, patched) = call(
        &s,
        Method::PATCH,
        &format!("/v1/promotions/rules/{id}"),
        Some(json!({"version": 1, "priority": 5})),
    )
    .await;
    assert_eq!(
        (
            status,
            patched["priority"].clone(),
            patched["version"].clone()
        ),
        (200, json!(5), json!(2))
    );
    let (status, _) = call(
        &s,
        Method::PATCH,
        &format!("/v1/promotions/rules/{id}"),
        Some(json!({"version": 1, "priority": 6})),
    )
    .await;
    assert_eq!(status, 409);
    let (_, page) = call(&s, Method::GET, "/v1/promotions/rules", None).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);

    let (status, compiled) = call(
        &s,
        Method::POST,
        "/v1/promotions/rules/compile",
        Some(json!({"condition": seed_rule()["condition"]})),
    )
    .await;
    assert_eq!(status, 200, "{compiled}");
    assert_eq!(
        (compiled["clause_count"].clone(), compiled["depth"].clone()),
        (json!(3), json!(3))
    );
    assert_eq!(compiled["compiled"]["root"]["node"], "all");
    assert_eq!(
        compiled["compiled"]["root"]["children"][0]["fact"],
        json!({"name": "cart_total", "currency": "GBP"})
    );
    let (status, problem) = call(
        &s,
        Method::POST,
        "/v1/promotions/rules/compile",
        Some(json!({"condition": {"time_of_day": {"gte": "8am", "tz": "Europe/London"}}})),
    )
    .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (400, json!("condition.time_of_day.gte"))
    );

    let context = json!({"currency": "GBP", "customer": {"segments": ["new_customers"]},
        "items": [{"sku": "A", "tags": ["final_sale"], "quantity": 2, "price": 30}]});
    let (status, sim) = call(
        &s,
        Method::POST,
        "/v1/promotions/rules/simulate",
        Some(json!({"rule_id": id, "context": context})),
    )
    .await;
    assert_eq!(status, 200, "{sim}");
    assert_eq!(sim["result"], false);
    let rows: Vec<(Value, Value, Value)> = sim["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].clone(),
                c["matched"].clone(),
                c["observed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (json!("$.all[0].cart_total.gte"), json!(true), json!(60.0)),
            (
                json!("$.all[1].not.product_tags"),
                json!(true),
                json!(["final_sale"])
            ),
            (
                json!("$.all[2].customer_segment"),
                json!(true),
                json!(["new_customers"])
            ),
        ]
    );
    // Day-of-week in a zone, at a given instant: Saturday 23:30 UTC is Sunday in London.
    let (_, sim) = call(
        &s,
        Method::POST,
        "/v1/promotions/rules/simulate",
        Some(json!({
        "condition": {"day_of_week": {"in": ["saturday", "sunday"], "tz": "Europe/London"}},
        "at": "2025-08-16T23:30:00Z"})),
    )
    .await;
    assert_eq!(
        (sim["result"].clone(), sim["clauses"][0]["observed"].clone()),
        (json!(true), json!("sunday"))
    );

    assert_eq!(
        call(
            &s,
            Method::DELETE,
            &format!("/v1/promotions/rules/{id}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        call(&s, Method::GET, &format!("/v1/promotions/rules/{id}"), None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn explicit_segments_in_pages_and_rule_segments() {
    let s = common::start().await;
    let (status, seg) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "imported"})),
    )
    .await;
    assert_eq!(status, 201, "{seg}");
    assert_eq!(
        (seg["kind"].clone(), seg["member_count"].clone()),
        (json!("explicit"), json!(0))
    );
    let id = seg["id"].as_str().unwrap().to_owned();
    // 5,000 members in pages of 1,000, each page one transaction.
    for page in 0..5 {
        let ids: Vec<String> = (0..1000)
            .map(|i| format!("u{:05}", page * 1000 + i))
            .collect();
        let (status, changed) = call(
            &s,
            Method::POST,
            &format!("/v1/promotions/segments/{id}/members"),
            Some(json!({"user_ids": ids})),
        )
        .await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["changed"], 1000);
    }
    let too_many: Vec<String> = (0..1001).map(|i| format!("x{i}")).collect();
    let (status, problem) = call(
        &s,
        Method::POST,
        &format!("/v1/promotions/segments/{id}/members"),
        Some(json!({"user_ids": too_many})),
    )
    .await;
    assert_eq!((status, problem["field"].clone()), (400, json!("user_ids")));
    // Re-importing counts nothing twice.
    let (_, changed) = call(
        &s,
        Method::POST,
        &format!("/v1/promotions/segments/{id}/members"),
        Some(json!({"user_ids": ["u00001", "u00001", "new"]})),
    )
    .await;
    assert_eq!(
        (changed["changed"].clone(), changed["member_count"].clone()),
        (json!(1), json!(5001))
    );
    let (_, first) = call(
        &s,
        Method::GET,
        &format!("/v1/promotions/segments/{id}/members?limit=2"),
        None,
    )
    .await;
    assert_eq!(first["data"], json!(["new", "u00000"]));
    let (_, next) = call(
        &s,
        Method::GET,
        &format!("/v1/promotions/segments/{id}/members?limit=2&cursor=u00000"),
        None,
    )
    .await;
    assert_eq!(next["data"], json!(["u00001", "u00002"]));

    let (_, yes) = call(
        &s,
        Method::POST,
        &format!("/v1/promotions/segments/{id}/evaluate"),
        Some(json!({"user_id": "u04999"})),
    )
    .await;
    assert_eq!(
        (yes["member"].clone(), yes["reason"].clone()),
        (json!(true), json!("listed"))
    );
    let (_, no) = call(
        &s,
        Method::POST,
        &format!("/v1/promotions/segments/{id}/evaluate"),
        Some(json!({"user_id": "u05000"})),
    )
    .await;
    assert_eq!(
        (no["member"].clone(), no["reason"].clone()),
        (json!(false), json!("not_listed"))
    );
    let (_, removed) = call(
        &s,
        Method::POST,
        &format!("/v1/promotions/segments/{id}/members/remove"),
        Some(json!({"user_ids": ["u04999", "nobody"]})),
    )
    .await;
    assert_eq!(
        (removed["changed"].clone(), removed["member_count"].clone()),
        (json!(1), json!(5000))
    );

    let (status, vip) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "vip", "definition": {"lifetime_spend": {"gte": 1000}}})),
    )
    .await;
    assert_eq!(status, 201, "{vip}");
    let vip_id = vip["id"].as_str().unwrap().to_owned();
    let (status, problem) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "bad", "definition": {"lifetime_spend": {"between": 1}}})),
    )
    .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (400, json!("definition.lifetime_spend.between"))
    );
    assert_eq!(
        call(
            &s,
            Method::POST,
            "/v1/promotions/segments",
            Some(json!({"name": "vip"}))
        )
        .await
        .0,
        400
    );
    let (_, rich) = call(&s, Method::POST, &format!("/v1/promotions/segments/{vip_id}/evaluate"),
        Some(json!({"user_id": "u1", "context": {"customer": {"attributes": {"lifetime_spend": 1500}}}}))).await;
    assert_eq!(
        (rich["member"].clone(), rich["reason"].clone()),
        (json!(true), json!("rule_matched"))
    );

    let (status, bulk) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments/bulk-evaluate",
        Some(json!({
        "segment_ids": [id, vip_id],
        "user_ids": ["u00010", "stranger"],
        "users": [{"user_id": "big", "attributes": {"lifetime_spend": 2000}}]})),
    )
    .await;
    assert_eq!(status, 200, "{bulk}");
    let rows: Vec<(Value, Value)> = bulk["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["user_id"].clone(), r["member"].clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (json!("u00010"), json!(true)),
            (json!("stranger"), json!(false)),
            (json!("big"), json!(false)),
            (json!("u00010"), json!(false)),
            (json!("stranger"), json!(false)),
            (json!("big"), json!(true)),
        ]
    );

    // Stored membership feeds promotion criteria in previews.
    let promo = json!({"id": "vip10", "discount": {"type": "cart_percentage", "percent": 10},
        "condition": {"customer_segment": "imported"}});
    let cart = |user: &str| json!({"user_id": user, "currency": "GBP", "items": [{"sku": "A", "quantity": 1, "price": 100}]});
    let (_, p) = call(
        &s,
        Method::POST,
        "/v1/promotions/preview",
        Some(json!({"promotions": [promo.clone()], "context": cart("u00003")})),
    )
    .await;
    assert_eq!(
        (
            p["decisions"][0]["status"].clone(),
            p["discount_total"].clone()
        ),
        (json!("applied"), json!(10.0)),
        "{p}"
    );
    let (_, p) = call(
        &s,
        Method::POST,
        "/v1/promotions/preview",
        Some(json!({"promotions": [promo], "context": cart("stranger")})),
    )
    .await;
    assert_eq!(
        p["decisions"][0]["reasons"],
        json!(["condition_not_met"]),
        "{p}"
    );

    assert_eq!(
        call(
            &s,
            Method::DELETE,
            &format!("/v1/promotions/segments/{id}"),
            None
        )
        .await
        .0,
        204
    );
    let (status, _) = call(
        &s,
        Method::GET,
        &format!("/v1/promotions/segments/{id}/members"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    // The name is free again and the new segment starts empty.
    let (_, again) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "imported"})),
    )
    .await;
    let (_, none) = call(
        &s,
        Method::GET,
        &format!(
            "/v1/promotions/segments/{}/members",
            again["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    assert_eq!(none["data"], json!([]));
}

/// A million explicit members through the import endpoint, 1,000 per request, then
/// membership checks at both ends. Slow (minutes), so run on demand:
/// `cargo test -p stampede-api --test promo_rules_segments -- --ignored`.
#[tokio::test]
#[ignore]
async fn a_million_members() {
    const MEMBERS: usize = 1_000_000;
    const BATCH: usize = 1_000;
    let s = common::start().await;
    let (_, seg) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "million"})),
    )
    .await;
    let id = seg["id"].as_str().unwrap().to_owned();
    let started = std::time::Instant::now();
    for page in 0..MEMBERS / BATCH {
        let ids: Vec<String> = (0..BATCH)
            .map(|i| format!("user{:07}", page * BATCH + i))
            .collect();
        let (status, _) = call(
            &s,
            Method::POST,
            &format!("/v1/promotions/segments/{id}/members"),
            Some(json!({"user_ids": ids})),
        )
        .await;
        assert_eq!(status, 200);
    }
    println!("imported {MEMBERS} members in {:?}", started.elapsed());
    let (_, seg) = call(
        &s,
        Method::GET,
        &format!("/v1/promotions/segments/{id}"),
        None,
    )
    .await;
    assert_eq!(seg["member_count"], MEMBERS);
    for (user, member) in [
        ("user0000000", true),
        ("user0999999", true),
        ("user1000000", false),
    ] {
        let (_, m) = call(
            &s,
            Method::POST,
            &format!("/v1/promotions/segments/{id}/evaluate"),
            Some(json!({"user_id": user})),
        )
        .await;
        assert_eq!(m["member"], member, "{user}");
    }
}

#[tokio::test]
async fn rule_patch_and_delete_honour_idempotency_keys() {
    let s = common::start().await;
    let (_, rule) = call(&s, Method::POST, "/v1/promotions/rules", Some(seed_rule())).await;
    let path = format!("/v1/promotions/rules/{}", rule["id"].as_str().unwrap());
    let (_, other) = call(&s, Method::POST, "/v1/promotions/rules", Some(seed_rule())).await;
    let other_path = format!("/v1/promotions/rules/{}", other["id"].as_str().unwrap());

    let (status, first, replayed) = keyed(
        &s,
        Method::PATCH,
        &path,
        "rule-patch-1",
        Some(json!({"priority": 5})),
    )
    .await;
    assert_eq!((status, replayed), (200, false), "{first}");
    assert_eq!(
        (first["priority"].clone(), first["version"].clone()),
        (json!(5), json!(2))
    );
    // Another change in between, then the retry: the first answer again, and the
    // patch is not applied a second time.
    let (status, _) = call(&s, Method::PATCH, &path, Some(json!({"priority": 7}))).await;
    assert_eq!(status, 200);
    let (status, again, replayed) = keyed(
        &s,
        Method::PATCH,
        &path,
        "rule-patch-1",
        Some(json!({"priority": 5})),
    )
    .await;
    assert_eq!((status, replayed), (200, true));
    assert_eq!(again, first);
    let (_, now) = call(&s, Method::GET, &path, None).await;
    assert_eq!(
        (now["priority"].clone(), now["version"].clone()),
        (json!(7), json!(3))
    );

    // The key with another body, another rule or another method is refused.
    for (method, target, body) in [
        (Method::PATCH, &path, Some(json!({"priority": 6}))),
        (Method::PATCH, &other_path, Some(json!({"priority": 5}))),
        (Method::DELETE, &path, None),
    ] {
        let (status, problem, _) = keyed(&s, method, target, "rule-patch-1", body).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["code"], "idempotency_key_reused");
        assert_eq!(problem["field"], "Idempotency-Key");
    }
    let (_, now) = call(&s, Method::GET, &path, None).await;
    assert_eq!(now["version"], 3);

    // A delete replays its 204; without the key the second delete finds nothing.
    let (status, _, _) = keyed(&s, Method::DELETE, &path, "rule-delete-1", None).await;
    assert_eq!(status, 204);
    let (status, _, _) = keyed(&s, Method::DELETE, &path, "rule-delete-1", None).await;
    assert_eq!(status, 204);
    assert_eq!(call(&s, Method::DELETE, &path, None).await.0, 404);
    // A refusal is not stored: the same key can be used once the request is valid.
    let (status, _, _) = keyed(
        &s,
        Method::PATCH,
        &path,
        "rule-patch-2",
        Some(json!({"priority": 1})),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, _) = keyed(
        &s,
        Method::PATCH,
        &other_path,
        "rule-patch-3",
        Some(json!({"name": ""})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, fixed, _) = keyed(
        &s,
        Method::PATCH,
        &other_path,
        "rule-patch-3",
        Some(json!({"name": "renamed"})),
    )
    .await;
    assert_eq!((status, fixed["name"].clone()), (200, json!("renamed")));
}

async fn members_of(s: &common::Server, id: &str) -> Value {
    let path = format!("/v1/promotions/segments/{id}/members?limit=10");
    call(s, Method::GET, &path, None).await.1["data"].clone()
}

#[tokio::test]
async fn segment_mutations_honour_idempotency_keys() {
    let s = common::start().await;
    let (_, seg) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "vips"})),
    )
    .await;
    let id = seg["id"].as_str().unwrap().to_owned();
    let members = format!("/v1/promotions/segments/{id}/members");
    let remove = format!("/v1/promotions/segments/{id}/members/remove");

    let import = json!({"user_ids": ["a", "b"]});
    let (status, first, _) = keyed(&s, Method::POST, &members, "imp-1", Some(import.clone())).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        first,
        json!({"changed": 2, "unchanged": 0, "member_count": 2})
    );
    call(&s, Method::POST, &remove, Some(json!({"user_ids": ["a"]}))).await;
    // The retry answers as the first import did and does not add `a` back.
    let (status, again, replayed) = keyed(&s, Method::POST, &members, "imp-1", Some(import)).await;
    assert_eq!((status, replayed, &again), (200, true, &first));
    assert_eq!(members_of(&s, &id).await, json!(["b"]));
    let (status, problem, _) = keyed(
        &s,
        Method::POST,
        &members,
        "imp-1",
        Some(json!({"user_ids": ["c"]})),
    )
    .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (422, json!("idempotency_key_reused"))
    );

    // Removal likewise.
    let removal = json!({"user_ids": ["b"]});
    let (_, removed, _) = keyed(&s, Method::POST, &remove, "rm-1", Some(removal.clone())).await;
    assert_eq!(
        removed,
        json!({"changed": 1, "unchanged": 0, "member_count": 0})
    );
    call(&s, Method::POST, &members, Some(json!({"user_ids": ["b"]}))).await;
    let (_, again, replayed) = keyed(&s, Method::POST, &remove, "rm-1", Some(removal)).await;
    assert_eq!((replayed, again), (true, removed));
    assert_eq!(members_of(&s, &id).await, json!(["b"]));

    // Patch of a rule segment.
    let (_, rule_seg) = call(
        &s,
        Method::POST,
        "/v1/promotions/segments",
        Some(json!({"name": "big_spenders", "definition": {"customer.lifetime_spend": {"gte": 100}}})),
    )
    .await;
    let path = format!(
        "/v1/promotions/segments/{}",
        rule_seg["id"].as_str().unwrap()
    );
    let (status, first, _) = keyed(
        &s,
        Method::PATCH,
        &path,
        "seg-patch-1",
        Some(json!({"description": "one"})),
    )
    .await;
    assert_eq!(
        (status, first["version"].clone()),
        (200, json!(2)),
        "{first}"
    );
    call(
        &s,
        Method::PATCH,
        &path,
        Some(json!({"description": "two"})),
    )
    .await;
    let (status, again, replayed) = keyed(
        &s,
        Method::PATCH,
        &path,
        "seg-patch-1",
        Some(json!({"description": "one"})),
    )
    .await;
    assert_eq!((status, replayed, &again), (200, true, &first));
    let (_, now) = call(&s, Method::GET, &path, None).await;
    assert_eq!(
        (now["description"].clone(), now["version"].clone()),
        (json!("two"), json!(3))
    );

    // Delete replays its 204.
    let (status, _, _) = keyed(&s, Method::DELETE, &path, "seg-delete-1", None).await;
    assert_eq!(status, 204);
    let (status, _, _) = keyed(&s, Method::DELETE, &path, "seg-delete-1", None).await;
    assert_eq!(status, 204);
    assert_eq!(call(&s, Method::DELETE, &path, None).await.0, 404);
}
