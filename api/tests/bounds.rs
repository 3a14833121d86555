//! Bounds at the edge: money and quantities in every cart a route accepts,
//! coupon validity windows and campaign dates against the service clock, and
//! promotion statistics that stay exact however large they grow.

mod campaign_common;

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::testing;

/// `n` cart lines of `quantity` units at `price` GBP.
fn cart(n: usize, quantity: u64, price: u64) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| json!({"sku": format!("S{i}"), "quantity": quantity, "price": price}))
        .collect();
    json!({"currency": "GBP", "items": items})
}

/// Asserts a 400 `invalid_field` naming `field`.
fn refused(answer: &(u16, Value), field: &str, what: &str) {
    let (status, body) = answer;
    assert_eq!(*status, 400, "{what}: {body}");
    assert_eq!(body["code"], "invalid_field", "{what}: {body}");
    assert_eq!(body["field"], field, "{what}: {body}");
}

#[tokio::test]
async fn a_cart_past_its_money_bounds_is_refused_on_every_route() {
    let server = campaign_common::start().await;
    for code in ["BIG", "BIG2"] {
        server
            .coupon(json!({"code": code, "type": "percentage", "value": 10}))
            .await;
    }
    // 500 lines of a million units at 10^12: each line is 10^18, the cart 5·10^20.
    let huge = cart(500, 1_000_000, 1_000_000_000_000);
    let routes: Vec<(&str, Value, &str)> = vec![
        (
            "/validate",
            json!({"code": "BIG", "context": huge}),
            "context.items[0]",
        ),
        (
            "/redemptions",
            json!({"coupon_code": "BIG", "user_id": "u", "context": huge}),
            "context.items[0]",
        ),
        (
            "/redemptions",
            json!({"coupon_code": "BIG", "user_id": "u", "status": "pending", "context": huge}),
            "context.items[0]",
        ),
        (
            "/redemptions",
            json!({"coupon_codes": ["BIG", "BIG2"], "user_id": "u", "context": huge}),
            "context.items[0]",
        ),
        (
            "/limits/check",
            json!({"coupon_code": "BIG", "context": huge}),
            "context.items[0]",
        ),
        (
            "/redemptions/bulk",
            json!({"rows": [{"coupon_code": "BIG", "context": huge}]}),
            "rows[0].context.items[0]",
        ),
        (
            "/preview",
            json!({"codes": ["BIG"], "context": huge}),
            "context.items[0]",
        ),
        (
            "/eligibility/check",
            json!({"codes": ["BIG"], "context": huge}),
            "context.items[0]",
        ),
        (
            "/rules/simulate",
            json!({"condition": {"channel": "web"}, "context": huge}),
            "context.items[0]",
        ),
    ];
    for (path, body, field) in routes {
        refused(&server.post(path, body).await, field, path);
    }
    // Every line within bounds, their sum not: the cart is refused as a whole.
    let wide = cart(2, 1, 600_000_000_000);
    refused(
        &server
            .post("/validate", json!({"code": "BIG", "context": wide}))
            .await,
        "context.items",
        "validate",
    );
    refused(
        &server
            .post("/preview", json!({"codes": ["BIG"], "context": wide}))
            .await,
        "context.items",
        "preview",
    );
    // A cart at the bound is answered.
    let (status, body) = server
        .post(
            "/validate",
            json!({"code": "BIG", "context": cart(2, 1, 500_000_000_000)}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["valid"], true, "{body}");
}

#[tokio::test]
async fn coupon_validity_windows_lie_between_now_and_the_horizon() {
    let server = campaign_common::start().await;
    let coupon = |extra: Value| {
        let mut body = json!({"code": "WIN", "type": "percentage", "value": 10});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    // The clock reads 2030-03-10T12:00:00Z; the horizon is a hundred years on.
    let cases = [
        (
            json!({"valid_until": "2030-03-01T00:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"valid_until": "2030-03-10T12:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"valid_until": "9999-12-31T00:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"valid_until": "2130-03-11T00:00:00Z"}),
            "valid_until",
        ),
        (json!({"valid_from": "2200-01-01T00:00:00Z"}), "valid_from"),
        (
            json!({"valid_until": "2200-01-01T00:00:00", "localized_timezone": "Europe/Berlin"}),
            "valid_until",
        ),
        (
            json!({"valid_from": "2031-01-01T00:00:00Z", "valid_until": "2030-06-01T00:00:00Z"}),
            "valid_until",
        ),
    ];
    for (extra, field) in cases {
        let what = extra.to_string();
        refused(&server.post("/coupons", coupon(extra)).await, field, &what);
    }
    let created = server
        .coupon(coupon(json!({"valid_from": "2020-01-01T00:00:00Z",
            "valid_until": "2130-03-01T00:00:00Z"})))
        .await;
    // A change of the window is held to the same bounds.
    let path = format!("/v1/promotions/coupons/{}", created["id"].as_str().unwrap());
    for (patch, field) in [
        (
            json!({"version": 1, "valid_until": "2030-03-01T00:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"version": 1, "valid_until": "9999-01-01T00:00:00Z"}),
            "valid_until",
        ),
        (
            json!({"version": 1, "valid_from": "9999-01-01T00:00:00Z"}),
            "valid_from",
        ),
    ] {
        let what = patch.to_string();
        refused(
            &server.call(Method::PATCH, &path, Some(patch)).await,
            field,
            &what,
        );
    }
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "valid_until": "2030-04-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // An expired coupon is made the legitimate way: its window closes as time passes.
    server
        .clock
        .advance_ms(Duration::days(30).num_milliseconds());
    let (status, body) = server.redeem("WIN", "ann", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("expired")),
        "{body}"
    );
}

#[tokio::test]
async fn campaign_dates_lie_within_the_horizon() {
    let server = campaign_common::start().await;
    for (dates, field) in [
        (json!({"end": "9999-01-01T00:00:00Z"}), "end"),
        (json!({"start": "2200-01-01T00:00:00Z"}), "start"),
    ] {
        let mut body = json!({"name": "Far"});
        for (k, v) in dates.as_object().unwrap() {
            body[k] = v.clone();
        }
        refused(&server.post("/campaigns", body).await, field, field);
    }
    let id = server
        .campaign(json!({"name": "Near", "end": "2031-01-01T00:00:00Z"}))
        .await;
    let path = format!("/v1/promotions/campaigns/{id}");
    let (status, body) = server
        .call(
            Method::PATCH,
            &path,
            Some(json!({"version": 1, "end": "9999-01-01T00:00:00Z"})),
        )
        .await;
    refused(&(status, body), "end", "patch");
    // A campaign's promotions keep to it too.
    let (status, body) = server
        .post(
            &format!("/campaigns/{id}/promotions"),
            json!({
                "promotion_name": "Far off",
                "promotion_type": "percentage_discount",
                "description": "Beyond the horizon",
                "promotion_code": "FAROFF",
                "discount_rules": {"discount_value": 10},
                "schedule": {"start_date": "2200-01-01T00:00:00Z", "end_date": "2200-01-10T00:00:00Z"}
            }),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "INVALID_SCHEDULE", "{body}");
    assert_eq!(body["field"], "schedule.start_date", "{body}");
}

#[tokio::test]
async fn promotion_discount_totals_never_wrap() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "Spring", "status": "active"}))
        .await;
    let (status, p) = server
        .post(
            &format!("/campaigns/{campaign}/promotions"),
            json!({
                "promotion_name": "Ten off",
                "promotion_type": "percentage_discount",
                "description": "Ten percent off",
                "promotion_code": "TENOFF",
                "discount_rules": {"discount_value": 10, "currency": "GBP"},
                "usage_limits": {},
                "schedule": {"start_date": "2030-03-10T00:00:00Z", "end_date": "2030-03-30T00:00:00Z"},
                "auto_apply": false,
                "stackable": true
            }),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    let promotion_id = p["promotion_id"].as_str().unwrap();
    // A total as an earlier version stored it (an 8-byte count of pence),
    // one pound short of what that format can hold.
    let stored = i64::MAX - 100;
    testing::plant_coupon_stat(
        &server.shards,
        "t1",
        promotion_id,
        "discount:GBP",
        &stored.to_le_bytes(),
    )
    .await
    .unwrap();
    let (status, redemption) = server.redeem("TENOFF", "ann", 80.0).await;
    assert_eq!(status, 201, "{redemption}");
    assert_eq!(redemption["discount_amount"], json!(8.0));
    let (status, view) = server
        .get(&format!("/campaigns/{campaign}/promotions/{promotion_id}"))
        .await;
    assert_eq!(status, 200, "{view}");
    // 92233720368547757.07 + 8 pounds, as exactly as a JSON number carries it.
    let expected = (i128::from(stored) + 800) as f64 / 100.0;
    for figure in [
        &view["performance_metrics"]["total_discount_given"],
        &view["performance_metrics"]["discount_by_currency"]["GBP"],
    ] {
        let given = figure.as_f64().unwrap_or(f64::NAN);
        assert!(
            (given - expected).abs() <= expected * 1e-12,
            "{given} is not {expected}: {view}"
        );
    }
    // A void gives back exactly what was counted.
    let path = format!(
        "/v1/promotions/redemptions/{}/void",
        redemption["id"].as_str().unwrap()
    );
    let (status, body) = server.call(Method::POST, &path, Some(json!({}))).await;
    assert_eq!(status, 200, "{body}");
    let (_, view) = server
        .get(&format!("/campaigns/{campaign}/promotions/{promotion_id}"))
        .await;
    let given = view["performance_metrics"]["total_discount_given"]
        .as_f64()
        .unwrap_or(f64::NAN);
    let expected = stored as f64 / 100.0;
    assert!(
        (given - expected).abs() <= expected * 1e-12,
        "{given} is not {expected}: {view}"
    );
}
