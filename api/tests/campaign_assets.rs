//! `GET /campaigns/{id}/assets`: the campaign's coupons, its promotions, and the
//! rules and segments those promotions reference.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

async fn call(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let mut request = server.root(method.clone(), "t", path);
    if method != Method::GET {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn assets_list_coupons_promotions_and_what_they_reference() {
    let server = common::start().await;
    let (status, campaign) = call(
        &server,
        Method::POST,
        "/v1/promotions/campaigns",
        json!({"name": "Spring", "status": "active"}),
    )
    .await;
    assert_eq!(status, 201, "{campaign}");
    let id = campaign["id"].as_str().unwrap().to_owned();
    server
        .create_coupon(
            "t",
            json!({"code": "SPRING1", "type": "percentage", "value": 10, "campaign_id": id}),
        )
        .await;
    server
        .create_coupon(
            "t",
            json!({"code": "OTHER", "type": "percentage", "value": 10}),
        )
        .await;
    let (status, rule) = call(
        &server,
        Method::POST,
        "/v1/promotions/rules",
        json!({"name": "big_carts", "condition": {"cart_total": {"gte": 50, "currency": "GBP"}}}),
    )
    .await;
    assert_eq!(status, 201, "{rule}");
    let (status, segment) = call(
        &server,
        Method::POST,
        "/v1/promotions/segments",
        json!({"name": "vips"}),
    )
    .await;
    assert_eq!(status, 201, "{segment}");
    let promotion = json!({
        "promotion_name": "Spring 10",
        "promotion_type": "percentage_discount",
        "description": "10% off in spring",
        "discount_rules": {"discount_value": 10, "min_purchase_amount": 25.00},
        "eligibility_criteria": {
            "customer_segments": [segment["id"], "label_only"],
            "first_time_customers_only": false,
            "loyalty_tier_requirements": [],
            "geographic_restrictions": [],
            "rule_ids": [rule["id"]]
        },
        "usage_limits": {"total_usage_limit": 100, "per_customer_limit": 1, "daily_usage_limit": 10},
        "schedule": {"start_date": "2030-01-01T00:00:00.000Z", "end_date": "2030-02-01T00:00:00.000Z"},
        "display_settings": {"promotional_message": "Spring"},
        "auto_apply": true,
        "stackable": true
    });
    let (status, created) = call(
        &server,
        Method::POST,
        &format!("/v1/promotions/campaigns/{id}/promotions"),
        promotion,
    )
    .await;
    assert_eq!(status, 201, "{created}");

    let (status, assets) = call(
        &server,
        Method::GET,
        &format!("/v1/promotions/campaigns/{id}/assets"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{assets}");
    let codes: Vec<&str> = assets["coupons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SPRING1"], "{assets}");
    assert_eq!(
        assets["promotions"].as_array().unwrap().len(),
        1,
        "{assets}"
    );
    assert_eq!(assets["rules"][0]["id"], rule["id"], "{assets}");
    assert_eq!(assets["segments"].as_array().unwrap().len(), 1, "{assets}");
    assert_eq!(assets["segments"][0]["id"], segment["id"], "{assets}");
}
