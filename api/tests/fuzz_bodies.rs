//! Fuzzing every JSON request body the edge accepts, through the real router
//! (auth, tenancy, idempotency, extractors, validation, handlers, actors) over
//! an in-memory store: arbitrary bytes, token soup, arbitrary JSON, and valid
//! bodies mutated as trees and as bytes, with words taken from the OpenAPI
//! document so that mutated objects pass `deny_unknown_fields` and reach the
//! checks behind it. Every answer is below 500, a 4xx is
//! `application/problem+json` with a `code`, every request is answered within
//! a deadline, and nothing panics — in a handler, an actor or a task.
//!
//! Each route is fuzzed on a node of its own, seeded with one record of every
//! kind the route's path can name. `FUZZ_CASES` sets the cases per route
//! (README, Fuzzing).

#[path = "../../actors/tests/support/mutate.rs"]
mod mutate;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use chrono::{SecondsFormat, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};
use stampede_actors::promo::bounds::MAX_RULE_DEPTH_LEVELS;
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;
use tower::ServiceExt;

const ROOT_KEY: &str = "fuzz-root-key";
const TENANT: &str = "fuzz";

/// How long one request may take: far longer than any answer over the
/// in-memory store, even in a debug build on a busy machine. Past it the edge
/// is taken to hang.
const ANSWER_DEADLINE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- the node

/// One node and the ids of the records seeded in it.
struct Node {
    router: Router,
    ids: BTreeMap<&'static str, String>,
}

/// An answer: status, content type and body.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// A request as a case sends it.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    idempotency_key: Option<String>,
    body: Vec<u8>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (content type {:?}, idempotency key {:?}) with body {:?}",
            self.method,
            self.path,
            self.content_type,
            self.idempotency_key,
            String::from_utf8_lossy(&self.body)
        )
    }
}

impl Node {
    async fn start() -> Self {
        let shards = Shards::new(
            testing::memory_store(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
        );
        let state = AppState {
            shards,
            auth: Arc::new(Auth::new(ROOT_KEY)),
            metrics: None,
        };
        let mut node = Self {
            router: stampede_api::router(state),
            ids: BTreeMap::new(),
        };
        node.seed().await;
        node
    }

    async fn send(&self, call: Call) -> Result<Answer, String> {
        let mut request = Request::builder()
            .method(call.method)
            .uri(call.path)
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", TENANT);
        if let Some(content_type) = call.content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(key) = &call.idempotency_key {
            // From bytes: a key outside visible ASCII is still a header a
            // client can send.
            let value = HeaderValue::from_bytes(key.as_bytes())
                .map_err(|err| format!("not a header value: {err}"))?;
            request = request.header("Idempotency-Key", value);
        }
        let request = request
            .body(Body::from(call.body))
            .map_err(|err| format!("not a request: {err}"))?;
        let answer = async {
            let response = self.router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body = to_bytes(response.into_body(), usize::MAX)
                .await
                .map_err(|err| format!("the body did not arrive: {err}"))?;
            Ok(Answer {
                status,
                content_type,
                body: body.to_vec(),
            })
        };
        tokio::time::timeout(ANSWER_DEADLINE, answer)
            .await
            .map_err(|_| format!("no answer within {ANSWER_DEADLINE:?}"))?
    }

    /// A valid request, answered with `expect`; its answer's JSON.
    async fn setup(&self, method: Method, path: &str, body: Value, expect: u16) -> Value {
        let call = Call {
            method,
            path: format!("/v1/promotions{path}"),
            content_type: Some("application/json"),
            idempotency_key: None,
            body: serde_json::to_vec(&body).unwrap(),
        };
        let answer = self.send(call).await.unwrap();
        let json = answer.json();
        assert_eq!(answer.status.as_u16(), expect, "seeding {path}: {json}");
        json
    }

    fn id(&self, name: &str) -> &str {
        &self.ids[name]
    }

    /// One record of every kind a fuzzed path names, and a redemption and a
    /// reservation to void, confirm and release.
    async fn seed(&mut self) {
        let campaign = self
            .setup(Method::POST, "/campaigns", campaign_body(), 201)
            .await;
        let campaign = campaign["id"].as_str().unwrap().to_owned();
        self.ids.insert("campaign", campaign.clone());
        let coupon = self
            .setup(
                Method::POST,
                "/coupons",
                coupon_bodies(&campaign)[0].clone(),
                201,
            )
            .await;
        self.ids
            .insert("coupon", coupon["id"].as_str().unwrap().to_owned());
        let template = self
            .setup(
                Method::POST,
                "/coupons",
                json!({"code": "TPL", "type": "fixed",
                "value": 4, "currency": "GBP", "max_uses": 100}),
                201,
            )
            .await;
        self.ids
            .insert("template", template["id"].as_str().unwrap().to_owned());
        self.setup(
            Method::POST,
            &format!("/coupons/{}/codes", self.id("template")),
            json!({"codes": ["TPL-A", "TPL-B"]}),
            201,
        )
        .await;
        let rule = self
            .setup(Method::POST, "/rules", rule_bodies()[0].clone(), 201)
            .await;
        self.ids
            .insert("rule", rule["id"].as_str().unwrap().to_owned());
        let segment = self
            .setup(Method::POST, "/segments", json!({"name": "imported"}), 201)
            .await;
        self.ids
            .insert("segment", segment["id"].as_str().unwrap().to_owned());
        let promotion = self
            .setup(
                Method::POST,
                &format!("/campaigns/{campaign}/promotions"),
                promotion_body(),
                201,
            )
            .await;
        self.ids.insert(
            "promotion",
            promotion["promotion_id"].as_str().unwrap().to_owned(),
        );
        let schedule = self
            .setup(
                Method::POST,
                "/schedule",
                schedule_bodies(&campaign)[0].clone(),
                201,
            )
            .await;
        self.ids
            .insert("schedule", schedule["id"].as_str().unwrap().to_owned());
        let limits = json!({"target": "coupon", "target_id": self.id("coupon"), "daily_cap": 500});
        self.setup(Method::POST, "/limits", limits, 201).await;
        let redemption = self
            .setup(
                Method::POST,
                "/redemptions",
                redeem_bodies()[0].clone(),
                201,
            )
            .await;
        self.ids
            .insert("redemption", redemption["id"].as_str().unwrap().to_owned());
        let pending = self
            .setup(
                Method::POST,
                "/redemptions",
                redeem_bodies()[1].clone(),
                201,
            )
            .await;
        self.ids
            .insert("pending", pending["id"].as_str().unwrap().to_owned());
    }

    /// `template` with the seeded ids in place of `{name}`.
    fn path(&self, template: &str) -> String {
        let mut path = format!("/v1/promotions{template}");
        for (name, id) in &self.ids {
            path = path.replace(&format!("{{{name}}}"), id);
        }
        path
    }
}

// ---------------------------------------------------------------- the corpus

/// The instant `minutes` from now.
fn iso(minutes: i64) -> String {
    (Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

const DAY_MINUTES: i64 = 24 * 60;

fn cart() -> Value {
    json!({"user_id": "u1", "currency": "GBP", "channel": "web", "store_id": "s1",
        "shipping_amount": 4.95, "shipping_country": "GB",
        "items": [{"sku": "A", "product_id": "p1", "category": "fruit", "quantity": 2, "price": 19.99},
                  {"sku": "B", "quantity": 1, "price": 5}],
        "metadata": {"order": {"kind": "gift"}}})
}

fn promo_cart() -> Value {
    json!({"user_id": "u1", "currency": "USD", "region": "northeast_region", "channel": "web",
        "customer": {"loyalty_tier": "gold", "segments": ["regular_customers"], "first_time": true,
            "attributes": {"lifetime_spend": 1500}},
        "items": [{"sku": "APL", "product_id": "apple", "categories": ["fresh_produce"], "tags": ["t1"],
            "collections": ["summer"], "variant_id": "v1", "quantity": 10, "price": 3},
            {"sku": "MLK", "product_id": "milk", "categories": ["dairy"], "quantity": 1, "price": 20}]})
}

fn campaign_body() -> Value {
    json!({"name": "Fuzz", "status": "active", "time_zone": "Europe/London", "channels": ["web"],
        "description": "fuzzed", "metadata": {"team": "growth"},
        "budget": {"max_redemptions": 500, "money": {"GBP": 2000}}})
}

fn coupon_bodies(campaign: &str) -> Vec<Value> {
    vec![
        json!({"code": "FUZZ10", "type": "percentage", "value": 10, "campaign_id": campaign,
            "max_uses": 1000, "per_customer_limit": 100, "valid_until": iso(30 * DAY_MINUTES)}),
        json!({"code": "PLAIN5", "type": "fixed", "value": 5, "currency": "GBP", "min_cart_value": 10,
            "name": "five off", "description": "d", "external_id": "x-1", "metadata": {"k": "v"},
            "applicability": {"include_products": ["p1"]}, "valid_from": "2020-01-01T00:00:00Z"}),
        json!({"code": "Bogo", "case_sensitive": true, "localized_timezone": "Europe/Paris",
            "discount": {"type": "buy_x_get_y", "buy": 1, "get": 1, "off": {"percent": 50}},
            "status": "draft", "valid_from": "2030-01-01T00:00"}),
        json!({"code": "SHIP", "type": "free_shipping", "max_discount_amount": 3}),
        json!({"code": "GIFT50", "type": "gift_card", "value": 50, "currency": "GBP"}),
        json!({"code": "TIER", "discount": {"type": "tiered", "tiers": [
            {"min_subtotal": [{"amount": 20, "currency": "GBP"}], "off": {"percent": 5}}]},
            "min_purchase": [{"amount": 10, "currency": "GBP"}],
            "max_discount": [{"amount": 50, "currency": "GBP"}]}),
        json!({"code": "RULED", "type": "percentage", "value": 5, "rule_ids": ["rul_missing"]}),
    ]
}

fn redeem_bodies() -> Vec<Value> {
    vec![
        json!({"coupon_code": "FUZZ10", "user_id": "u1", "reference_type": "order",
            "reference_id": "o-1", "context": cart(), "metadata": {"note": "first"}}),
        json!({"coupon_code": "fuzz10", "user_id": "u2", "status": "pending",
            "reference_id": "o-2", "context": cart(), "redemption_client_id": "c-2"}),
        json!({"coupon_codes": ["FUZZ10", "PLAIN5", "TPL-A"], "user_id": "u3",
            "reference_type": "order", "reference_id": "o-3", "context": cart()}),
    ]
}

fn rule_bodies() -> Vec<Value> {
    vec![
        json!({"name": "big_carts", "type": "eligibility", "priority": 100, "metadata": {"k": 1},
            "condition": {"all": [
                {"cart_total": {"gte": 50, "currency": "GBP"}},
                {"not": {"product_tags": ["clearance", "final_sale"]}},
                {"customer_segment": "new_customers"}]}}),
        json!({"name": "weekend", "condition": {"day_of_week": {"in": ["saturday", "sunday"],
            "tz": "Europe/London"}}}),
        json!({"name": "mornings", "condition": {"any": [{"time_of_day": {"gte": "08:00", "lt": "12:00"}},
            {"quantity": {"gte": 2, "sku": "A"}}, {"metadata.order.kind": "gift"}]}}),
    ]
}

fn promotion_body() -> Value {
    json!({
        "promotion_name": "Spring Fresh 20% Off", "promotion_type": "percentage_discount",
        "description": "20% off fresh produce", "promotion_code": "SPRING20",
        "discount_rules": {"discount_value": 20, "max_discount_amount": 50.00, "min_purchase_amount": 25.00,
            "applicable_categories": ["fresh_produce", "organic_items"], "excluded_items": ["premium_organics"]},
        "eligibility_criteria": {"customer_segments": ["regular_customers"], "first_time_customers_only": false,
            "loyalty_tier_requirements": ["gold"], "geographic_restrictions": ["northeast_region"]},
        "usage_limits": {"total_usage_limit": 1000, "per_customer_limit": 3, "daily_usage_limit": 100},
        "schedule": {"start_date": iso(1), "end_date": iso(30 * DAY_MINUTES),
            "time_restrictions": {"days_of_week": ["monday", "friday"],
                "hours_of_day": {"start": "08:00", "end": "20:00"}}},
        "display_settings": {"promotional_message": "Save 20%", "priority_level": 8},
        "auto_apply": false, "stackable": true
    })
}

fn schedule_bodies(campaign: &str) -> Vec<Value> {
    vec![
        json!({"target": "campaign", "target_id": campaign, "start": iso(DAY_MINUTES), "end": iso(2 * DAY_MINUTES)}),
        json!({"target": "campaign", "target_id": campaign, "recurrence": "0 0 9 * * Mon",
            "time_zone": "Europe/London", "duration_secs": 3600}),
    ]
}

/// Previews and eligibility checks: the engine fixture's promotions, each on
/// its cart, plus codes.
fn preview_bodies() -> Vec<Value> {
    let fixture: Value =
        serde_json::from_str(include_str!("../../actors/tests/fixtures/promo_carts.json"))
            .expect("the engine fixture parses");
    let mut bodies: Vec<Value> = fixture["cases"]
        .as_array()
        .unwrap()
        .iter()
        .step_by(4)
        .map(|case| {
            let context = match case.get("cart") {
                Some(name) => fixture["carts"][name.as_str().unwrap()].clone(),
                None => case["context"].clone(),
            };
            json!({"promotions": case["promotions"], "context": context,
                "codes": case.get("codes").cloned().unwrap_or(json!([]))})
        })
        .collect();
    bodies.push(
        json!({"codes": ["FUZZ10", "PLAIN5", "SPRING20"], "context": promo_cart(),
        "options": {"explain": true}}),
    );
    bodies
}

/// A route whose body is fuzzed, and valid bodies for it.
struct Route {
    method: Method,
    path: &'static str,
    corpus: fn(&Node) -> Vec<Value>,
}

/// Every route that takes a JSON body.
fn routes() -> Vec<Route> {
    fn route(method: Method, path: &'static str, corpus: fn(&Node) -> Vec<Value>) -> Route {
        Route {
            method,
            path,
            corpus,
        }
    }
    vec![
        route(Method::POST, "/coupons", |n| {
            coupon_bodies(n.id("campaign"))
        }),
        route(Method::PATCH, "/coupons/{coupon}", |_| {
            vec![
                json!({"version": 1, "value": 15, "max_uses": null, "per_customer_limit": 2,
                "valid_until": iso(60 * DAY_MINUTES), "metadata": {"k": "v"}, "name": "renamed"}),
                json!({"version": 1, "status": "inactive", "applicability": {"include_categories": ["fruit"]},
                "discount": {"type": "product_fixed", "amounts": [{"amount": 2, "currency": "GBP"}]}}),
            ]
        }),
        route(Method::POST, "/coupons/{coupon}/revoke", |_| {
            vec![json!({"reason": "fraud"}), json!({})]
        }),
        route(Method::POST, "/coupons/{template}/codes", |_| {
            vec![
                json!({"codes": ["TPL-C", "tpl-d"], "status": "active"}),
                json!({"count": 3, "prefix": "TPL-", "length": 8}),
            ]
        }),
        route(Method::POST, "/validate", |_| {
            vec![
                json!({"codes": ["FUZZ10", "PLAIN5", "Bogo"], "context": cart(),
                "options": {"explain": true, "simulate_best_combination": true}}),
                json!({"code": "TPL-A", "context": {"currency": "GBP", "cart_total": 30}}),
            ]
        }),
        route(Method::POST, "/redemptions", |_| redeem_bodies()),
        route(Method::POST, "/redemptions/{redemption}/void", |_| {
            vec![json!({"reason": "order_cancelled"})]
        }),
        route(Method::POST, "/redemptions/{pending}/confirm", |_| {
            vec![json!({}), json!({"reason": "paid"})]
        }),
        route(Method::POST, "/redemptions/{pending}/release", |_| {
            vec![json!({"reason": "abandoned"})]
        }),
        route(Method::POST, "/redemptions/void-by-reference", |_| {
            vec![json!({"reference_id": "o-1", "reason": "order cancelled"})]
        }),
        route(Method::POST, "/redemptions/bulk", |_| {
            vec![json!({"rows": [
            {"coupon_code": "FUZZ10", "user_id": "u7", "reference_id": "b-1", "context": cart()},
            {"coupon_code": "PLAIN5", "user_id": "u8", "metadata": {"row": 2},
                "context": {"currency": "GBP", "cart_total": 20}},
            {"coupon_code": "NOPE"}]})]
        }),
        route(Method::POST, "/campaigns", |_| {
            vec![campaign_body(), json!({"name": "Bare"})]
        }),
        route(Method::PATCH, "/campaigns/{campaign}", |_| {
            vec![
                json!({"version": 1, "name": "Renamed", "budget": {"max_redemptions": 600, "money": {"GBP": 3000}},
                "channels": ["web", "app"], "end": iso(90 * DAY_MINUTES), "limits": {"daily_cap": 50,
                "windows": [{"days": ["mon"], "start": "09:00:00", "end": "17:30:00"}]}}),
            ]
        }),
        route(Method::POST, "/limits", |n| {
            vec![
                json!({"target": "coupon", "target_id": n.id("coupon"), "per_channel": {"web": 10},
                "per_store": {"s1": 5}, "daily_cap": 20, "time_zone": "Europe/London",
                "windows": [{"days": ["sat", "sun"], "start": "22:00:00", "end": "06:00:00"}],
                "reservation_ttl_secs": 120, "stores": ["s1"], "exclusive": true,
                "consumers": ["u1", "u2"], "segment": "imported"}),
                json!({"target": "campaign", "target_id": n.id("campaign"), "daily_cap": 10}),
            ]
        }),
        route(Method::PATCH, "/limits?coupon_id={coupon}", |_| {
            vec![json!({"version": 1, "daily_cap": 30, "windows": []})]
        }),
        route(Method::POST, "/limits/check", |_| {
            vec![json!({"coupon_code": "FUZZ10", "context": cart()})]
        }),
        route(Method::POST, "/schedule", |n| {
            schedule_bodies(n.id("campaign"))
        }),
        route(Method::PATCH, "/schedule/{schedule}", |_| {
            vec![json!({"version": 1, "status": "paused", "end": iso(3 * DAY_MINUTES)})]
        }),
        route(Method::POST, "/preview", |_| preview_bodies()),
        route(Method::POST, "/eligibility/check", |_| preview_bodies()),
        route(Method::POST, "/rules", |_| rule_bodies()),
        route(Method::PATCH, "/rules/{rule}", |_| {
            vec![json!({"version": 1, "priority": 5, "type": "targeting",
                "condition": {"channel": {"in": ["web", "app"]}}})]
        }),
        route(Method::POST, "/rules/compile", |_| {
            rule_bodies()
                .into_iter()
                .map(|r| json!({"condition": r["condition"]}))
                .collect()
        }),
        route(Method::POST, "/rules/simulate", |n| {
            vec![
                json!({"condition": rule_bodies()[0]["condition"], "context": promo_cart(),
                "at": "2025-08-16T23:30:00Z"}),
                json!({"rule_id": n.id("rule"), "context": promo_cart()}),
            ]
        }),
        route(Method::POST, "/campaigns/{campaign}/promotions", |_| {
            vec![promotion_body()]
        }),
        route(
            Method::PATCH,
            "/campaigns/{campaign}/promotions/{promotion}",
            |_| {
                vec![json!({"version": 1, "status": "paused", "stackable": false,
                "discount_rules": {"discount_value": 15}})]
            },
        ),
        route(Method::POST, "/segments", |_| {
            vec![
                json!({"name": "vip", "description": "big spenders",
                "definition": {"lifetime_spend": {"gte": 1000}}}),
                json!({"name": "static"}),
            ]
        }),
        route(Method::PATCH, "/segments/{segment}", |_| {
            vec![json!({"version": 1, "description": "imported list"})]
        }),
        route(Method::POST, "/segments/{segment}/members", |_| {
            vec![json!({"user_ids": ["u1", "u2", "u00001"]})]
        }),
        route(Method::POST, "/segments/{segment}/members/remove", |_| {
            vec![json!({"user_ids": ["u1", "nobody"]})]
        }),
        route(Method::POST, "/segments/{segment}/evaluate", |_| {
            vec![json!({"user_id": "u1", "context": promo_cart()})]
        }),
        route(Method::POST, "/segments/bulk-evaluate", |n| {
            vec![
                json!({"segment_ids": [n.id("segment")], "user_ids": ["u1", "stranger"],
                "users": [{"user_id": "big", "attributes": {"lifetime_spend": 2000}}]}),
            ]
        }),
        route(Method::POST, "/analytics/query", |n| {
            vec![
                json!({"group_by": ["day", "channel"], "metrics": ["redemptions", "revenue"],
                    "filters": {"currencies": ["GBP"], "coupon_ids": [n.id("coupon")]},
                    "sort": {"metric": "revenue", "order": "asc"}, "limit": 10,
                    "time_zone": "Europe/London", "start": iso(-DAY_MINUTES), "end": iso(DAY_MINUTES)}),
                json!({"group_by": ["reason"], "metrics": ["refusals", "unique_customers"]}),
            ]
        }),
        route(Method::POST, "/reports/exports", |_| {
            vec![
                json!({"format": "ndjson", "query": {"group_by": ["coupon"], "metrics": ["redemptions"]}}),
            ]
        }),
        route(Method::POST, "/experiments", |n| {
            vec![json!({"name": "coupon_A_vs_B",
                "variants": [{"id": "A", "coupon_id": n.id("coupon")},
                    {"id": "B", "name": "template", "coupon_id": n.id("template")}],
                "allocation": [30, 70], "start": iso(-60), "end": iso(DAY_MINUTES),
                "metrics": ["redeem_rate", "revenue_lift"], "planned_sample_per_variant": 500})]
        }),
        route(Method::POST, "/channels", |_| {
            vec![json!({"id": "kiosk", "name": "In-store kiosk", "description": "lobby screens"})]
        }),
        route(Method::POST, "/campaigns/{campaign}/creatives", |_| {
            vec![
                json!({"kind": "banner", "channel": "web", "locale": "en-GB",
                "title": "Spring", "banner_copy": "10% off", "deep_link": "https://shop.example/spring"}),
            ]
        }),
        route(Method::POST, "/keys", |_| {
            vec![
                json!({"name": "storefront", "scopes": ["validate", "coupons:read"], "expires_in": "30d"}),
                json!({"name": "admin", "scopes": ["admin"]}),
            ]
        }),
    ]
}

/// Object keys and enumeration values the OpenAPI document names: the words
/// a mutation needs to write a field the decoder knows.
async fn schema_words(node: &Node) -> (Vec<String>, Vec<String>) {
    let call = Call {
        method: Method::GET,
        path: String::from("/openapi.json"),
        content_type: None,
        idempotency_key: None,
        body: Vec::new(),
    };
    let document = node.send(call).await.unwrap().json();
    let (mut keys, mut strings) = (Vec::new(), Vec::new());
    collect_schema_words(&document, &mut keys, &mut strings);
    (keys, strings)
}

fn collect_schema_words(value: &Value, keys: &mut Vec<String>, strings: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                keys.extend(properties.keys().cloned());
            }
            if let Some(Value::Array(values)) = map.get("enum") {
                strings.extend(values.iter().filter_map(|v| v.as_str().map(str::to_owned)));
            }
            map.values()
                .for_each(|v| collect_schema_words(v, keys, strings));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_schema_words(v, keys, strings)),
        _ => {}
    }
}

// ---------------------------------------------------------------- the checks

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// What every answer must be: below 500; a refusal as problem+json with a code.
fn check_answer(answer: &Answer) -> Result<(), TestCaseError> {
    let body = String::from_utf8_lossy(&answer.body);
    prop_assert!(
        !answer.status.is_server_error(),
        "a server error: {} {}",
        answer.status,
        body
    );
    if answer.status.is_client_error() {
        prop_assert!(
            answer.content_type.starts_with("application/problem+json"),
            "a refusal as {:?}: {} {}",
            answer.content_type,
            answer.status,
            body
        );
        let code = answer.json()["code"].as_str().map(str::to_owned);
        prop_assert!(
            code.is_some_and(|c| !c.is_empty()),
            "a refusal without a code: {} {}",
            answer.status,
            body
        );
    }
    Ok(())
}

/// Fuzzes the body of each of `routes` on a node of its own.
fn fuzz_routes(paths: &[&str]) {
    let runtime = runtime();
    let routes: Vec<Route> = routes()
        .into_iter()
        .filter(|r| paths.contains(&r.path))
        .collect();
    assert_eq!(routes.len(), paths.len(), "every route named exists");
    for route in routes {
        let node = runtime.block_on(Node::start());
        let corpus = (route.corpus)(&node);
        let mut dict = mutate::Dictionary::of(&corpus, &[]);
        let (keys, mut strings) = runtime.block_on(schema_words(&node));
        strings.extend(node.ids.values().cloned());
        strings.extend(["FUZZ10", "PLAIN5", "Bogo", "TPL-A", "SPRING20"].map(String::from));
        dict.extend(&keys, &strings);
        let path = node.path(route.path);
        let content_type = prop_oneof![
            12 => Just(Some("application/json")),
            1 => Just(None),
            1 => Just(Some("text/plain")),
            1 => Just(Some("application/merge-patch+json; charset=utf-8")),
        ];
        let idempotency_key = prop_oneof![
            6 => Just(None),
            2 => select(vec!["k1", "k2", "", " ", "ключ"]).prop_map(|k| Some(k.to_owned())),
            1 => Just(Some("k".repeat(300))),
        ];
        let method = route.method.clone();
        let calls = (
            mutate::json_document(corpus, &dict),
            content_type,
            idempotency_key,
        )
            .prop_map(move |(body, content_type, idempotency_key)| Call {
                method: method.clone(),
                path: path.clone(),
                content_type,
                idempotency_key,
                body,
            });
        let before = mutate::panics();
        let result = mutate::runner(mutate::fuzz_cases()).run(&calls, |call| {
            let panics = mutate::panics();
            let answer = runtime
                .block_on(node.send(call))
                .map_err(TestCaseError::fail)?;
            check_answer(&answer)?;
            prop_assert_eq!(
                mutate::panics(),
                panics,
                "something panicked (stderr has it)"
            );
            Ok(())
        });
        if let Err(err) = result {
            panic!("{} {}: {err}", route.method, route.path);
        }
        // Work a request left running (a bulk job) must not panic either.
        runtime.block_on(async { tokio::time::sleep(Duration::from_millis(50)).await });
        assert_eq!(
            mutate::panics(),
            before,
            "{} {}: a task panicked",
            route.method,
            route.path
        );
    }
}

#[test]
fn coupon_bodies_are_answered() {
    fuzz_routes(&[
        "/coupons",
        "/coupons/{coupon}",
        "/coupons/{coupon}/revoke",
        "/coupons/{template}/codes",
    ]);
}

#[test]
fn redemption_bodies_are_answered() {
    fuzz_routes(&[
        "/validate",
        "/redemptions",
        "/redemptions/{redemption}/void",
        "/redemptions/{pending}/confirm",
        "/redemptions/{pending}/release",
        "/redemptions/void-by-reference",
        "/redemptions/bulk",
    ]);
}

#[test]
fn campaign_and_operation_bodies_are_answered() {
    fuzz_routes(&[
        "/campaigns",
        "/campaigns/{campaign}",
        "/limits",
        "/limits?coupon_id={coupon}",
        "/limits/check",
        "/schedule",
        "/schedule/{schedule}",
        "/keys",
    ]);
}

#[test]
fn engine_bodies_are_answered() {
    fuzz_routes(&[
        "/preview",
        "/eligibility/check",
        "/rules",
        "/rules/{rule}",
        "/rules/compile",
        "/rules/simulate",
        "/campaigns/{campaign}/promotions",
        "/campaigns/{campaign}/promotions/{promotion}",
        "/segments",
        "/segments/{segment}",
        "/segments/{segment}/members",
        "/segments/{segment}/members/remove",
        "/segments/{segment}/evaluate",
        "/segments/bulk-evaluate",
    ]);
}

/// A condition nested past the rule depth bound is refused with a 400 naming
/// the field at the first level too deep, wherever a condition is written; one
/// nested past what the JSON parser follows is refused as malformed. Never a
/// stack overflow.
#[test]
fn deep_conditions_are_refused_naming_the_field() {
    let runtime = runtime();
    let node = runtime.block_on(Node::start());
    let nested = |depth: usize| {
        let mut text = String::from(r#"{"channel":"web"}"#);
        for _ in 0..depth {
            text = format!(r#"{{"not":{text}}}"#);
        }
        text
    };
    let too_deep = ".not".repeat(MAX_RULE_DEPTH_LEVELS);
    let bodies = [
        ("/rules/compile", "condition", r#"{"condition":COND}"#),
        ("/rules", "condition", r#"{"name":"deep","condition":COND}"#),
        (
            "/segments",
            "definition",
            r#"{"name":"deep","definition":COND}"#,
        ),
        ("/rules/simulate", "condition", r#"{"condition":COND}"#),
    ];
    for (path, field, template) in bodies {
        for depth in [
            MAX_RULE_DEPTH_LEVELS,
            MAX_RULE_DEPTH_LEVELS + 1,
            100,
            200,
            5_000,
        ] {
            let call = Call {
                method: Method::POST,
                path: format!("/v1/promotions{path}"),
                content_type: Some("application/json"),
                idempotency_key: None,
                body: template.replace("COND", &nested(depth)).into_bytes(),
            };
            let answer = runtime.block_on(node.send(call)).unwrap();
            check_answer(&answer).unwrap();
            let problem = answer.json();
            assert_eq!(answer.status, 400, "{path} × {depth}: {problem}");
            // serde_json follows 128 levels, the body's own included.
            if depth <= 100 {
                assert_eq!(
                    (problem["code"].as_str(), problem["field"].as_str()),
                    (
                        Some("invalid_rule"),
                        Some(format!("{field}{too_deep}").as_str())
                    ),
                    "{path} × {depth}: {problem}"
                );
            } else {
                assert_eq!(
                    problem["code"], "malformed_json",
                    "{path} × {depth}: {problem}"
                );
            }
        }
    }
}
