//! Campaign promotions (seed 001) over HTTP: fields, validation rules, error
//! codes, generated codes, idempotency, stored promotions in `/preview`, and the
//! priority of the rules they reference.

use std::sync::Arc;

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;

const ROOT_KEY: &str = "test-root-key";

/// A real server on redb, with its shards at hand to plant campaign records.
struct Harness {
    base: String,
    client: reqwest::Client,
    shards: Shards,
    _dir: tempfile::TempDir,
}

async fn start() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = testing::redb_store(dir.path().join("s.redb")).unwrap();
    let shards = Shards::new(store, Arc::new(SystemClock), ShardsConfig::default());
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: None,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, stampede_api::router(state))
            .await
            .unwrap();
    });
    Harness {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        shards,
        _dir: dir,
    }
}

impl Harness {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", "acme");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// A mutation with an `Idempotency-Key`: status, body, whether replayed.
    async fn keyed(
        &self,
        method: Method,
        path: &str,
        key: &str,
        body: Option<Value>,
    ) -> (u16, Value, bool) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", "acme")
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

    async fn campaign(&self, id: &str) {
        testing::plant_campaign_json(&self.shards, "acme", id, br#"{"name":"Spring"}"#)
            .await
            .unwrap();
    }
}

fn iso(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Seed 001's request example, moved to start tomorrow.
fn seed_example() -> Value {
    let start = Utc::now() + Duration::days(1);
    json!({
        "promotion_name": "Spring Fresh 20% Off",
        "promotion_type": "percentage_discount",
        "description": "Get 20% off all fresh produce items during our Spring Fresh campaign",
        "promotion_code": "SPRING20",
        "discount_rules": {
            "discount_value": 20, "max_discount_amount": 50.00, "min_purchase_amount": 25.00,
            "applicable_categories": ["fresh_produce", "organic_items"], "excluded_items": ["premium_organics"]
        },
        "eligibility_criteria": {
            "customer_segments": ["regular_customers", "premium_members"], "first_time_customers_only": false,
            "loyalty_tier_requirements": ["bronze", "silver", "gold"], "geographic_restrictions": ["northeast_region"]
        },
        "usage_limits": {"total_usage_limit": 1000, "per_customer_limit": 3, "daily_usage_limit": 100},
        "schedule": {
            "start_date": iso(start), "end_date": iso(start + Duration::days(30)),
            "time_restrictions": {"days_of_week": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "hours_of_day": {"start": "08:00", "end": "20:00"}}
        },
        "display_settings": {"promotional_message": "Save 20% on Fresh Spring Produce!",
            "banner_text": "SPRING20 - Fresh Savings All Month Long", "badge_style": "seasonal_green", "priority_level": 8},
        "auto_apply": false,
        "stackable": true
    })
}

const PROMOS: &str = "/v1/promotions/campaigns/1000010/promotions";

#[tokio::test]
async fn seed_example_round_trips_with_every_field() {
    let h = start().await;
    let (status, problem) = h.call(Method::POST, PROMOS, Some(seed_example())).await;
    assert_eq!(
        (status, problem["code"].clone()),
        (404, json!("CAMPAIGN_NOT_FOUND")),
        "{problem}"
    );
    h.campaign("1000010").await;
    let (status, p) = h.call(Method::POST, PROMOS, Some(seed_example())).await;
    assert_eq!(status, 201, "{p}");
    assert!(p["promotion_id"].as_str().unwrap().starts_with("prm_"));
    assert_eq!(p["campaign_id"], "1000010");
    assert_eq!(p["promotion_code"], "SPRING20");
    assert_eq!(p["status"], "scheduled");
    assert_eq!(
        p["usage_limits"]["current_usage"],
        json!({"total_used": 0, "today_used": 0, "remaining_uses": 1000})
    );
    assert_eq!(
        p["performance_metrics"],
        json!({"total_uses": 0, "unique_customers": 0, "total_discount_given": 0.0, "conversion_rate": 0.0})
    );
    assert_eq!(p["display_settings"]["priority_level"], 8);
    assert_eq!(
        p["discount_rules"]["applicable_categories"],
        json!(["fresh_produce", "organic_items"])
    );
    assert_eq!(p["created_by"], "root");
    let id = p["promotion_id"].as_str().unwrap();
    let (status, got) = h.call(Method::GET, &format!("{PROMOS}/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(got, p);
    // Codes are unique within the tenant, whatever the case.
    let mut again = seed_example();
    again["promotion_name"] = json!("Another name");
    again["promotion_code"] = json!("spring20");
    let (status, problem) = h.call(Method::POST, PROMOS, Some(again)).await;
    assert_eq!(
        (status, problem["code"].clone()),
        (409, json!("DUPLICATE_PROMOTION_CODE")),
        "{problem}"
    );
    assert_eq!(problem["field"], "promotion_code");
    // Names are unique within the campaign.
    let mut same_name = seed_example();
    same_name["promotion_code"] = json!("OTHER20");
    let (status, problem) = h.call(Method::POST, PROMOS, Some(same_name)).await;
    assert_eq!(
        (status, problem["field"].clone()),
        (400, json!("promotion_name"))
    );
}

#[tokio::test]
async fn seed_validation_rules_and_error_codes() {
    let h = start().await;
    h.campaign("1000010").await;
    let now = Utc::now();
    type Edit = fn(&mut Value, chrono::DateTime<Utc>);
    let cases: Vec<(&str, Edit, &str, &str)> = vec![
        (
            "percentage above 100",
            |b, _| b["discount_rules"]["discount_value"] = json!(150),
            "INVALID_DISCOUNT_RULES",
            "discount_rules.discount_value",
        ),
        (
            "percentage below 0.01",
            |b, _| b["discount_rules"]["discount_value"] = json!(0.001),
            "INVALID_DISCOUNT_RULES",
            "discount_rules.discount_value",
        ),
        (
            "fixed must be positive",
            |b, _| {
                b["promotion_type"] = json!("fixed_amount_discount");
                b["discount_rules"]["discount_value"] = json!(-5);
            },
            "INVALID_DISCOUNT_RULES",
            "discount_rules.discount_value",
        ),
        (
            "minimum purchase above the discount",
            |b, _| {
                b["promotion_type"] = json!("fixed_amount_discount");
                b["discount_rules"]["discount_value"] = json!(30);
            },
            "INVALID_DISCOUNT_RULES",
            "discount_rules.min_purchase_amount",
        ),
        (
            "bogo needs quantities",
            |b, _| b["promotion_type"] = json!("buy_x_get_y"),
            "INVALID_DISCOUNT_RULES",
            "discount_rules.buy_quantity",
        ),
        (
            "unknown type",
            |b, _| b["promotion_type"] = json!("mystery"),
            "invalid_field",
            "promotion_type",
        ),
        (
            "end before start",
            |b, now| b["schedule"]["end_date"] = json!(iso(now)),
            "INVALID_SCHEDULE",
            "schedule.end_date",
        ),
        (
            "start in the past",
            |b, now| b["schedule"]["start_date"] = json!(iso(now - Duration::days(2))),
            "INVALID_SCHEDULE",
            "schedule.start_date",
        ),
        (
            "longer than 365 days",
            |b, now| b["schedule"]["end_date"] = json!(iso(now + Duration::days(400))),
            "INVALID_SCHEDULE",
            "schedule.end_date",
        ),
        (
            "bad day name",
            |b, _| b["schedule"]["time_restrictions"]["days_of_week"] = json!(["funday"]),
            "INVALID_SCHEDULE",
            "schedule.time_restrictions.days_of_week[0]",
        ),
        (
            "bad hour",
            |b, _| b["schedule"]["time_restrictions"]["hours_of_day"]["end"] = json!("25:00"),
            "INVALID_SCHEDULE",
            "schedule.time_restrictions.hours_of_day.end",
        ),
        (
            "zero usage limit",
            |b, _| b["usage_limits"]["daily_usage_limit"] = json!(0),
            "invalid_field",
            "usage_limits.daily_usage_limit",
        ),
        (
            "per customer above total",
            |b, _| b["usage_limits"]["per_customer_limit"] = json!(5000),
            "invalid_field",
            "usage_limits.per_customer_limit",
        ),
        (
            "code too short",
            |b, _| b["promotion_code"] = json!("AB1"),
            "invalid_field",
            "promotion_code",
        ),
        (
            "code not alphanumeric",
            |b, _| b["promotion_code"] = json!("SPRING-20"),
            "invalid_field",
            "promotion_code",
        ),
        (
            "reserved word",
            |b, _| b["promotion_code"] = json!("ADMIN123"),
            "invalid_field",
            "promotion_code",
        ),
        (
            "name too long",
            |b, _| b["promotion_name"] = json!("x".repeat(101)),
            "invalid_field",
            "promotion_name",
        ),
        (
            "description required",
            |b, _| b["description"] = json!(""),
            "invalid_field",
            "description",
        ),
        (
            "missing rule",
            |b, _| b["eligibility_criteria"]["rule_ids"] = json!(["rul_missing"]),
            "invalid_field",
            "eligibility_criteria.rule_ids[0]",
        ),
    ];
    for (name, edit, code, field) in cases {
        let mut body = seed_example();
        edit(&mut body, now);
        let (status, problem) = h.call(Method::POST, PROMOS, Some(body)).await;
        assert!((400..500).contains(&status), "{name}: {status} {problem}");
        assert_eq!(problem["code"], code, "{name}: {problem}");
        assert_eq!(problem["field"], field, "{name}: {problem}");
    }
    // Nothing above was stored.
    let (_, page) = h.call(Method::GET, PROMOS, None).await;
    assert_eq!(page["data"], json!([]));
}

#[tokio::test]
async fn generated_codes_patch_delete_and_idempotent_create() {
    let h = start().await;
    h.campaign("c1").await;
    h.campaign("c2").await;
    let mut body = seed_example();
    body["promotion_name"] = json!("Weekend Bogo");
    body["promotion_type"] = json!("buy_x_get_y");
    body["discount_rules"] = json!({"buy_quantity": 2, "get_quantity": 1});
    body.as_object_mut().unwrap().remove("promotion_code");
    let (status, first) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["promotion_code"], "WEEKENDBOGOBXGY");
    let (_, second) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c2/promotions",
            Some(body.clone()),
        )
        .await;
    assert_eq!(second["promotion_code"], "WEEKENDBOGOBXGY1");

    // Idempotent create: the retry replays, a different body with the key is refused.
    let url = format!("{}/v1/promotions/campaigns/c1/promotions", h.base);
    let mut other = body.clone();
    other["promotion_name"] = json!("Idempotent one");
    let send = |b: Value| {
        h.client
            .post(&url)
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", "acme")
            .header("Idempotency-Key", "k-1")
            .json(&b)
            .send()
    };
    let a: Value = send(other.clone()).await.unwrap().json().await.unwrap();
    let retry = send(other.clone()).await.unwrap();
    assert_eq!(retry.status(), 201);
    let b: Value = retry.json().await.unwrap();
    assert_eq!(a["promotion_id"], b["promotion_id"]);
    other["description"] = json!("changed");
    assert_eq!(send(other).await.unwrap().status(), 422);

    let path = format!(
        "/v1/promotions/campaigns/c1/promotions/{}",
        first["promotion_id"].as_str().unwrap()
    );
    let (status, patched) = h
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "status": "paused", "stackable": false})),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (
            patched["status"].clone(),
            patched["stackable"].clone(),
            patched["version"].clone()
        ),
        (json!("paused"), json!(false), json!(2))
    );
    let (status, problem) = h
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "stackable": true})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (409, json!("version_conflict"))
    );
    let (status, problem) = h
        .call(
            Method::PATCH,
            &path,
            Some(json!({"discount_rules": {"buy_quantity": 0, "get_quantity": 1}})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (400, json!("INVALID_DISCOUNT_RULES"))
    );
    let (status, _) = h.call(Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    assert_eq!(h.call(Method::GET, &path, None).await.0, 404);
    // The code is free again.
    let (_, third) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(body),
        )
        .await;
    assert_eq!(third["promotion_code"], "WEEKENDBOGOBXGY");
    let (status, page) = h
        .call(
            Method::GET,
            "/v1/promotions/campaigns/c1/promotions?limit=1",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["has_more"], true);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, rest) = h
        .call(
            Method::GET,
            &format!("/v1/promotions/campaigns/c1/promotions?limit=5&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert_eq!(rest["has_more"], false);
    assert_eq!(
        h.call(
            Method::GET,
            "/v1/promotions/campaigns/nope/promotions",
            None
        )
        .await
        .1["code"],
        "CAMPAIGN_NOT_FOUND"
    );
}

fn cart(category: &str) -> Value {
    json!({"user_id": "u1", "currency": "USD", "region": "northeast_region",
        "customer": {"loyalty_tier": "gold", "segments": ["regular_customers"]},
        "items": [{"sku": "APL", "product_id": "apple", "categories": [category], "quantity": 10, "price": 3},
                  {"sku": "MLK", "product_id": "milk", "categories": ["dairy"], "quantity": 1, "price": 20}]})
}

#[tokio::test]
async fn stored_promotions_in_preview_and_eligibility() {
    let h = start().await;
    h.campaign("c1").await;
    let now = Utc::now();
    let open = json!({"start_date": iso(now), "end_date": iso(now + Duration::days(30))});
    // Automatic 20% on fresh produce, for regular customers in the northeast.
    let mut auto = seed_example();
    auto["auto_apply"] = json!(true);
    auto["schedule"] = open.clone();
    auto.as_object_mut().unwrap().remove("promotion_code");
    let (status, auto) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(auto),
        )
        .await;
    assert_eq!(status, 201, "{auto}");
    // A code: 5 off, stackable.
    let fixed = json!({"promotion_name": "Five off", "promotion_type": "fixed_amount_discount", "description": "5 off",
        "promotion_code": "FIVEOFF", "discount_rules": {"discount_value": 5, "currency": "USD"}, "schedule": open, "stackable": true});
    let (status, fixed) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(fixed),
        )
        .await;
    assert_eq!(status, 201, "{fixed}");
    // A coupon is a code too.
    let (status, coupon) = h
        .call(
            Method::POST,
            "/v1/promotions/coupons",
            Some(json!({"code": "SHIPIT", "type": "free_shipping"})),
        )
        .await;
    assert_eq!(status, 201, "{coupon}");

    let mut body =
        json!({"codes": ["FIVEOFF", "SHIPIT", "NOPE"], "context": cart("fresh_produce")});
    body["context"]["shipping_amount"] = json!(4);
    let (status, p) = h
        .call(Method::POST, "/v1/promotions/preview", Some(body))
        .await;
    assert_eq!(status, 200, "{p}");
    // 20% of the 30 of apples = 6 (the seed's max 50 does not bind), then 5 off.
    assert_eq!(p["subtotal"], 50.0);
    assert_eq!(p["discount_total"], 11.0, "{p}");
    assert_eq!(p["shipping_discount"], 4.0);
    assert_eq!(p["total"], 39.0);
    assert_eq!(p["unknown_codes"][0]["code"], "NOPE");
    let applied: Vec<&str> = p["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "applied")
        .map(|d| d["promotion_id"].as_str().unwrap())
        .collect();
    assert!(
        applied.contains(&auto["promotion_id"].as_str().unwrap()),
        "{p}"
    );
    assert!(applied.contains(&fixed["promotion_id"].as_str().unwrap()));
    assert!(applied.contains(&coupon["id"].as_str().unwrap()));

    // A cart with no fresh produce never meets the automatic promotion.
    let (_, p) = h
        .call(
            Method::POST,
            "/v1/promotions/preview",
            Some(json!({"context": cart("bakery")})),
        )
        .await;
    assert_eq!(p["decisions"], json!([]), "{p}");

    // Eligibility explains the criteria: not a listed segment here.
    let mut other = cart("fresh_produce");
    other["customer"]["segments"] = json!(["vip"]);
    let (status, e) = h
        .call(
            Method::POST,
            "/v1/promotions/eligibility/check",
            Some(json!({"context": other})),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["eligible"], false);
    let promo = &e["promotions"][0];
    assert_eq!(promo["reasons"], json!(["condition_not_met"]));
    let segment_clause = promo["matched_rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["clause"]
                .as_str()
                .unwrap()
                .starts_with("customer_segment")
        })
        .unwrap();
    assert_eq!(segment_clause["matched"], false);
    assert_eq!(segment_clause["observed"], json!(["vip"]));

    // Paused promotions stay out.
    let path = format!(
        "/v1/promotions/campaigns/c1/promotions/{}",
        auto["promotion_id"].as_str().unwrap()
    );
    h.call(Method::PATCH, &path, Some(json!({"status": "paused"})))
        .await;
    let (_, p) = h
        .call(
            Method::POST,
            "/v1/promotions/preview",
            Some(json!({"context": cart("fresh_produce")})),
        )
        .await;
    assert_eq!(p["decisions"][0]["reasons"], json!(["inactive"]), "{p}");
    assert_eq!(p["discount_total"], 0.0);
}

#[tokio::test]
async fn promotion_patch_and_delete_honour_idempotency_keys() {
    let h = start().await;
    h.campaign("c1").await;
    let (status, created) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(seed_example()),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let path = format!(
        "/v1/promotions/campaigns/c1/promotions/{}",
        created["promotion_id"].as_str().unwrap()
    );
    let pause = json!({"status": "paused"});
    let (status, first, replayed) = h
        .keyed(Method::PATCH, &path, "promo-patch-1", Some(pause.clone()))
        .await;
    assert_eq!((status, replayed), (200, false), "{first}");
    assert_eq!(first["version"], 2);
    let (status, _) = h
        .call(Method::PATCH, &path, Some(json!({"status": "active"})))
        .await;
    assert_eq!(status, 200);
    // The retry answers as the first patch did and does not pause it again.
    let (status, again, replayed) = h
        .keyed(Method::PATCH, &path, "promo-patch-1", Some(pause))
        .await;
    assert_eq!((status, replayed, &again), (200, true, &first));
    let (_, now) = h.call(Method::GET, &path, None).await;
    assert_eq!(
        (now["status"].clone(), now["version"].clone()),
        (json!("scheduled"), json!(3))
    );
    let (status, problem, _) = h
        .keyed(
            Method::PATCH,
            &path,
            "promo-patch-1",
            Some(json!({"status": "draft"})),
        )
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (422, json!("idempotency_key_reused"))
    );

    let (status, _, _) = h.keyed(Method::DELETE, &path, "promo-delete-1", None).await;
    assert_eq!(status, 204);
    let (status, _, _) = h.keyed(Method::DELETE, &path, "promo-delete-1", None).await;
    assert_eq!(status, 204);
    assert_eq!(h.call(Method::DELETE, &path, None).await.0, 404);
    // The code was freed once, by the first delete.
    let (status, _) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(seed_example()),
        )
        .await;
    assert_eq!(status, 201);
}

/// The `fact` of every explained clause, in order (`cart_total[USD] gte 10` →
/// `cart_total[USD]`).
fn clause_facts(promotion: &Value) -> Vec<String> {
    promotion["matched_rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let clause = c["clause"].as_str().unwrap();
            clause.split(' ').next().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn referenced_rules_apply_and_explain_in_priority_order() {
    let h = start().await;
    h.campaign("c1").await;
    let now = Utc::now();
    let open = json!({"start_date": iso(now), "end_date": iso(now + Duration::days(30))});
    let mut rule_ids = std::collections::BTreeMap::new();
    for (name, priority, condition) in [
        ("low", 1, json!({"region": {"eq": "northeast_region"}})),
        ("tie_one", 10, json!({"channel": {"eq": "web"}})),
        ("tie_two", 10, json!({"store": {"eq": "s1"}})),
        (
            "high",
            50,
            json!({"cart_total": {"gte": 10, "currency": "USD"}}),
        ),
    ] {
        let (status, rule) = h
            .call(
                Method::POST,
                "/v1/promotions/rules",
                Some(json!({"name": name, "priority": priority, "condition": condition})),
            )
            .await;
        assert_eq!(status, 201, "{rule}");
        rule_ids.insert(name, rule["id"].as_str().unwrap().to_owned());
    }
    // Listed lowest first; evaluated highest first, the tie by rule id.
    let listed = ["low", "tie_two", "high", "tie_one"].map(|n| rule_ids[n].clone());
    let (status, ruled) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(
                json!({"promotion_name": "Ruled", "promotion_type": "percentage_discount",
                "description": "10% when the rules hold", "discount_rules": {"discount_value": 10},
                "eligibility_criteria": {"rule_ids": listed}, "schedule": open,
                "auto_apply": true, "stackable": true}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{ruled}");
    let (status, plain) = h
        .call(
            Method::POST,
            "/v1/promotions/campaigns/c1/promotions",
            Some(
                json!({"promotion_name": "Plain", "promotion_type": "fixed_amount_discount",
                "description": "5 off", "discount_rules": {"discount_value": 5, "currency": "USD"},
                "display_settings": {"priority_level": 20}, "schedule": open,
                "auto_apply": true, "stackable": true}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{plain}");
    let (ruled_id, plain_id) = (
        ruled["promotion_id"].as_str().unwrap(),
        plain["promotion_id"].as_str().unwrap(),
    );
    let mut context = cart("fresh_produce");
    context["channel"] = json!("web");
    context["store"] = json!("s1");

    let (status, e) = h
        .call(
            Method::POST,
            "/v1/promotions/eligibility/check",
            Some(json!({"context": context})),
        )
        .await;
    assert_eq!(status, 200, "{e}");
    let explained = e["promotions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["promotion_id"] == ruled_id)
        .unwrap();
    assert_eq!(explained["eligible"], true, "{explained}");
    let ties = if rule_ids["tie_one"] < rule_ids["tie_two"] {
        ["channel", "store"]
    } else {
        ["store", "channel"]
    };
    assert_eq!(
        clause_facts(explained),
        ["cart_total[USD]", ties[0], ties[1], "region"]
    );

    // Without its own priority_level, the ruled promotion takes its highest rule's
    // priority (50) and applies before the plain one (20).
    let applied_order = |preview: &Value| -> Vec<String> {
        let mut applied: Vec<(u64, String)> = preview["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["status"] == "applied")
            .map(|d| {
                (
                    d["order"].as_u64().unwrap(),
                    d["promotion_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        applied.sort();
        applied.into_iter().map(|(_, id)| id).collect()
    };
    let body = json!({"context": context});
    let (status, p) = h
        .call(Method::POST, "/v1/promotions/preview", Some(body.clone()))
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(applied_order(&p), [ruled_id, plain_id], "{p}");
    // 10% of 50 = 5, then 5 off.
    assert_eq!(p["discount_total"], 10.0);

    // A rule's priority is read when the promotion is evaluated: raising `low`
    // above the others moves its clause first.
    let (status, _) = h
        .call(
            Method::PATCH,
            &format!("/v1/promotions/rules/{}", rule_ids["low"]),
            Some(json!({"priority": 100})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, e) = h
        .call(
            Method::POST,
            "/v1/promotions/eligibility/check",
            Some(json!({"context": context})),
        )
        .await;
    let explained = e["promotions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["promotion_id"] == ruled_id)
        .unwrap();
    assert_eq!(clause_facts(explained)[0], "region");

    // An explicit priority_level wins over the rules'.
    let (status, _) = h
        .call(
            Method::PATCH,
            &format!("/v1/promotions/campaigns/c1/promotions/{ruled_id}"),
            Some(json!({"display_settings": {"priority_level": 5}})),
        )
        .await;
    assert_eq!(status, 200);
    let (_, p) = h
        .call(Method::POST, "/v1/promotions/preview", Some(body))
        .await;
    assert_eq!(applied_order(&p), [plain_id, ruled_id], "{p}");
    // 5 off first, then 10% of 45.
    assert_eq!(p["discount_total"], 9.5);
}
