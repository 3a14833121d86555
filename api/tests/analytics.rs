//! Analytics over a scripted sale: redemptions, voids and refusals across two
//! channels, two currencies and two days on a moved clock. Every figure the
//! service answers (overview, grouped queries, time series, a report export)
//! must equal what this test computes from its own log of the sale.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stampede_actors::ShardsConfig;
use stampede_protocol::clock::ManualClock;

const T: &str = "shop";

/// One redemption of the script, as the test saw it.
#[derive(Debug, Clone)]
struct Sold {
    id: String,
    day: &'static str,
    coupon_id: String,
    channel: &'static str,
    currency: &'static str,
    user: String,
    discount: Decimal,
    order_value: Decimal,
    voided: bool,
}

#[derive(Debug, Clone)]
struct Refused {
    day: &'static str,
    channel: &'static str,
    reason: String,
}

#[derive(Default)]
struct Log {
    sold: Vec<Sold>,
    refused: Vec<Refused>,
}

impl Log {
    fn live(&self) -> impl Iterator<Item = &Sold> {
        self.sold.iter().filter(|s| !s.voided)
    }
}

async fn call(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let mut request = server.root(method.clone(), T, path);
    if method != Method::GET {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

struct Sale<'a> {
    server: &'a common::Server,
    log: Log,
    day: &'static str,
}

impl Sale<'_> {
    async fn redeem(
        &mut self,
        code: &str,
        coupon_id: &str,
        user: &str,
        channel: &'static str,
        currency: &'static str,
        total: i64,
    ) {
        let body = json!({"coupon_code": code, "user_id": user,
            "context": {"currency": currency, "cart_total": total, "channel": channel}});
        let (status, answer) = call(
            self.server,
            Method::POST,
            "/v1/promotions/redemptions",
            body,
        )
        .await;
        if status == 201 {
            self.log.sold.push(Sold {
                id: answer["id"].as_str().unwrap().to_owned(),
                day: self.day,
                coupon_id: coupon_id.to_owned(),
                channel,
                currency,
                user: user.to_owned(),
                discount: common::dec(&answer["discount_amount"]),
                order_value: Decimal::from(total),
                voided: false,
            });
        } else {
            assert!(status == 409 || status == 422, "{status} {answer}");
            self.log.refused.push(Refused {
                day: self.day,
                channel,
                reason: answer["code"].as_str().unwrap().to_owned(),
            });
        }
    }

    async fn void(&mut self, index: usize) {
        let id = self.log.sold[index].id.clone();
        let path = format!("/v1/promotions/redemptions/{id}/void");
        let (status, body) = call(
            self.server,
            Method::POST,
            &path,
            json!({"reason": "returned"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        self.log.sold[index].voided = true;
    }
}

/// Creates the coupons and runs the script; answers (coupon ids, log).
async fn scripted_sale(
    server: &common::Server,
    clock: &ManualClock,
) -> (BTreeMap<&'static str, String>, Log) {
    let (status, campaign) = call(
        server,
        Method::POST,
        "/v1/promotions/campaigns",
        json!({"name": "Summer", "status": "active"}),
    )
    .await;
    assert_eq!(status, 201, "{campaign}");
    let campaign_id = campaign["id"].as_str().unwrap().to_owned();
    let mut ids = BTreeMap::new();
    for (code, body) in [
        (
            "TENOFF",
            json!({"code": "TENOFF", "type": "percentage", "value": 10, "max_uses": 5, "per_customer_limit": 1}),
        ),
        (
            "FIVER",
            json!({"code": "FIVER", "type": "fixed", "value": 5, "currency": "GBP", "campaign_id": campaign_id}),
        ),
        (
            "EURO3",
            json!({"code": "EURO3", "type": "fixed", "value": 3, "currency": "EUR"}),
        ),
    ] {
        let coupon = server.create_coupon(T, body).await;
        ids.insert(code, coupon["id"].as_str().unwrap().to_owned());
    }
    ids.insert("campaign", campaign_id);
    let mut sale = Sale {
        server,
        log: Log::default(),
        day: "2026-06-01",
    };
    let (a, b, c) = (
        ids["TENOFF"].clone(),
        ids["FIVER"].clone(),
        ids["EURO3"].clone(),
    );
    sale.redeem("TENOFF", &a, "u1", "web", "GBP", 100).await;
    sale.redeem("TENOFF", &a, "u2", "email", "GBP", 60).await;
    sale.redeem("TENOFF", &a, "u3", "web", "GBP", 80).await;
    sale.redeem("FIVER", &b, "u1", "web", "GBP", 40).await;
    sale.redeem("TENOFF", &a, "u1", "web", "GBP", 100).await; // refused: per customer
    clock.advance_ms(24 * 3_600 * 1_000);
    sale.day = "2026-06-02";
    sale.redeem("TENOFF", &a, "u4", "email", "GBP", 50).await;
    sale.redeem("TENOFF", &a, "u5", "web", "GBP", 70).await; // the fifth use
    sale.redeem("TENOFF", &a, "u6", "web", "GBP", 90).await; // refused: limit reached
    sale.void(1).await; // u2's day-one redemption: out of every day-one figure
    sale.redeem("TENOFF", &a, "u6", "web", "GBP", 90).await; // the void freed a use
    sale.redeem("FIVER", &b, "u2", "email", "GBP", 30).await;
    sale.redeem("EURO3", &c, "u7", "app", "EUR", 20).await;
    assert_eq!(sale.log.sold.len(), 9, "{:?}", sale.log.sold);
    assert_eq!(sale.log.refused.len(), 2, "{:?}", sale.log.refused);
    (ids, sale.log)
}

fn money(v: &Value) -> Decimal {
    common::dec(v).round_dp(2)
}

const START: &str = "2026-06-01T00:00:00Z";
const END: &str = "2026-06-03T00:00:00Z";

async fn start() -> (common::Server, Arc<ManualClock>) {
    let at: DateTime<Utc> = "2026-06-01T10:00:00Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(at));
    let (server, _) = common::start_on(clock.clone(), ShardsConfig::default()).await;
    (server, clock)
}

#[tokio::test]
async fn every_figure_matches_the_sale_log() {
    let (server, clock) = start().await;
    let (ids, log) = scripted_sale(&server, &clock).await;
    check_overview(&server, &ids, &log).await;
    check_day_channel_query(&server, &log).await;
    check_coupon_and_reason_queries(&server, &ids, &log).await;
    check_series(&server, &ids, &log).await;
    check_report_export(&server, &ids, &log).await;
    check_charts(&server, &ids).await;
}

async fn check_charts(server: &common::Server, ids: &BTreeMap<&str, String>) {
    let coupon = &ids["TENOFF"];
    let path =
        format!("/v1/promotions/coupons/{coupon}/metrics?start={START}&end={END}&interval=hour");
    let response = server
        .root(Method::GET, T, &path)
        .header("Accept", "image/svg+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let svg = response.text().await.unwrap();
    assert!(svg.contains("<svg") && svg.contains("redemptions"), "{svg}");
    if let Ok(dir) = std::env::var("STAMPEDE_CHART_DIR") {
        std::fs::write(format!("{dir}/coupon-metrics.svg"), &svg).unwrap();
    }
    let query =
        json!({"start": START, "end": END, "group_by": ["coupon"], "metrics": ["redemptions"]});
    let response = server
        .root(Method::POST, T, "/v1/promotions/analytics/query")
        .header("Accept", "image/svg+xml")
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let svg = response.text().await.unwrap();
    assert!(
        svg.contains("<svg") && svg.contains(coupon.as_str()),
        "bars name their coupon: {svg}"
    );
}

async fn check_overview(server: &common::Server, ids: &BTreeMap<&str, String>, log: &Log) {
    let path = format!("/v1/promotions/analytics/overview?start={START}&end={END}");
    let (status, o) = call(server, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 200, "{o}");
    let live: Vec<&Sold> = log.live().collect();
    assert_eq!(o["total_redemptions"], live.len());
    assert_eq!(o["refusals"], log.refused.len());
    assert_eq!(o["voids"], 1);
    let rate = live.len() as f64 / (live.len() + log.refused.len()) as f64;
    assert!(
        (o["redeem_rate"].as_f64().unwrap() - rate).abs() < 1e-9,
        "{o}"
    );
    let users: BTreeSet<&str> = live.iter().map(|s| s.user.as_str()).collect();
    assert_eq!(o["unique_customers"], users.len(), "{o}");
    for currency in ["GBP", "EUR"] {
        let of = |f: fn(&Sold) -> Decimal| -> Decimal {
            live.iter()
                .filter(|s| s.currency == currency)
                .map(|s| f(s))
                .sum()
        };
        assert_eq!(
            money(&o["revenue_by_currency"][currency]),
            of(|s| s.order_value)
        );
        assert_eq!(
            money(&o["discount_by_currency"][currency]),
            of(|s| s.discount)
        );
    }
    assert!(
        o["revenue_impact"].is_null(),
        "two currencies have no one figure"
    );
    assert_eq!(o["top_coupons"][0]["coupon_id"], ids["TENOFF"].as_str());
    assert_eq!(o["top_coupons"][0]["redemptions"], 5);
    assert_eq!(o["refusals_by_reason"]["per_customer_limit_reached"], 1);
    assert_eq!(o["refusals_by_reason"]["limit_reached"], 1);
    assert_eq!(o["fraud_suspicions"], 1);
}

async fn check_day_channel_query(server: &common::Server, log: &Log) {
    let query = json!({"start": START, "end": END, "group_by": ["day", "channel"],
        "filters": {"currencies": ["GBP"]},
        "metrics": ["redemptions", "refusals", "discount", "revenue", "unique_customers", "redeem_rate"]});
    let (status, answer) = call(
        server,
        Method::POST,
        "/v1/promotions/analytics/query",
        query,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    /// Redemptions, refusals, discount, revenue and customers of a group.
    type Figures<'a> = (i64, i64, Decimal, Decimal, BTreeSet<&'a str>);
    let mut expected: BTreeMap<(&str, &str), Figures> = BTreeMap::new();
    for s in log.live().filter(|s| s.currency == "GBP") {
        let e = expected.entry((s.day, s.channel)).or_default();
        e.0 += 1;
        e.2 += s.discount;
        e.3 += s.order_value;
        e.4.insert(&s.user);
    }
    for r in &log.refused {
        expected.entry((r.day, r.channel)).or_default().1 += 1;
    }
    let rows = answer["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len(), "{answer}");
    for row in rows {
        let key = (
            row["day"].as_str().unwrap(),
            row["channel"].as_str().unwrap(),
        );
        let e = &expected[&key];
        assert_eq!(row["redemptions"], e.0, "{row}");
        assert_eq!(row["refusals"], e.1, "{row}");
        assert_eq!(money(&row["discount"]), e.2, "{row}");
        assert_eq!(money(&row["revenue"]), e.3, "{row}");
        assert_eq!(row["unique_customers"], e.4.len(), "{row}");
        let attempts = e.0 + e.1;
        let rate = e.0 as f64 / attempts as f64;
        assert!(
            (row["redeem_rate"].as_f64().unwrap() - rate).abs() < 1e-9,
            "{row}"
        );
    }
}

async fn check_coupon_and_reason_queries(
    server: &common::Server,
    ids: &BTreeMap<&str, String>,
    log: &Log,
) {
    let query = json!({"start": START, "end": END, "group_by": ["coupon", "currency"],
        "metrics": ["redemptions", "revenue", "avg_order_value"],
        "sort": {"metric": "redemptions", "order": "desc"}});
    let (status, answer) = call(
        server,
        Method::POST,
        "/v1/promotions/analytics/query",
        query,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let rows = answer["rows"].as_array().unwrap();
    assert_eq!(
        rows[0]["coupon"],
        ids["TENOFF"].as_str(),
        "sorted by redemptions: {answer}"
    );
    for row in rows {
        let coupon = row["coupon"].as_str().unwrap();
        let mine: Vec<&Sold> = log.live().filter(|s| s.coupon_id == coupon).collect();
        let revenue: Decimal = mine.iter().map(|s| s.order_value).sum();
        assert_eq!(row["redemptions"], mine.len(), "{row}");
        assert_eq!(row["currency"], mine[0].currency, "{row}");
        assert_eq!(money(&row["revenue"]), revenue, "{row}");
        let avg = (revenue / Decimal::from(mine.len())).round_dp(2);
        assert_eq!(money(&row["avg_order_value"]), avg, "{row}");
    }
    let campaign = json!({"start": START, "end": END, "filters": {"campaign_ids": [ids["campaign"]]},
        "metrics": ["redemptions", "revenue"]});
    let (status, answer) = call(
        server,
        Method::POST,
        "/v1/promotions/analytics/query",
        campaign,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let fiver: Vec<&Sold> = log.live().filter(|s| s.coupon_id == ids["FIVER"]).collect();
    assert_eq!(answer["rows"][0]["redemptions"], fiver.len(), "{answer}");
    let reasons =
        json!({"start": START, "end": END, "group_by": ["reason"], "metrics": ["refusals"]});
    let (_, answer) = call(
        server,
        Method::POST,
        "/v1/promotions/analytics/query",
        reasons,
    )
    .await;
    let by_reason: BTreeMap<String, i64> = answer["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["reason"].is_null())
        .map(|r| {
            (
                r["reason"].as_str().unwrap().to_owned(),
                r["refusals"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut expected = BTreeMap::new();
    for r in &log.refused {
        *expected.entry(r.reason.clone()).or_insert(0) += 1;
    }
    assert_eq!(by_reason, expected);
    let mixed = json!({"start": START, "end": END, "metrics": ["revenue"]});
    let (status, answer) = call(
        server,
        Method::POST,
        "/v1/promotions/analytics/query",
        mixed,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (422, Some("currency_mismatch")),
        "{answer}"
    );
}

async fn check_series(server: &common::Server, ids: &BTreeMap<&str, String>, log: &Log) {
    let coupon = &ids["TENOFF"];
    let path =
        format!("/v1/promotions/coupons/{coupon}/metrics?start={START}&end={END}&interval=day");
    let (status, series) = call(server, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 200, "{series}");
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 2, "{series}");
    for (point, day) in points.iter().zip(["2026-06-01", "2026-06-02"]) {
        assert_eq!(point["period"], day);
        let mine: Vec<&Sold> = log
            .live()
            .filter(|s| &s.coupon_id == coupon && s.day == day)
            .collect();
        let discount: Decimal = mine.iter().map(|s| s.discount).sum();
        assert_eq!(point["redemptions"], mine.len(), "{point}");
        assert_eq!(money(&point["discount"]), discount, "{point}");
        let voids = if day == "2026-06-02" { 1 } else { 0 };
        assert_eq!(
            point["voids"], voids,
            "voids count when they happen: {point}"
        );
    }
    let campaign = &ids["campaign"];
    let path = format!(
        "/v1/promotions/campaigns/{campaign}/metrics?start={START}&end={END}&interval=hour"
    );
    let (status, series) = call(server, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 200, "{series}");
    assert_eq!(
        series["points"].as_array().unwrap().len(),
        48,
        "every hour has its point"
    );
    let total: i64 = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["redemptions"].as_i64().unwrap())
        .sum();
    assert_eq!(
        total as usize,
        log.live().filter(|s| s.coupon_id == ids["FIVER"]).count()
    );
    let (status, _) = call(
        server,
        Method::GET,
        "/v1/promotions/coupons/nope/metrics",
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);
    let path = format!("/v1/promotions/coupons/{coupon}/metrics?interval=month");
    let (status, body) = call(server, Method::GET, &path, Value::Null).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("interval")),
        "{body}"
    );
}

async fn check_report_export(server: &common::Server, ids: &BTreeMap<&str, String>, log: &Log) {
    let body = json!({"format": "csv", "query": {"start": START, "end": END,
        "group_by": ["coupon"], "metrics": ["redemptions"], "sort": {"metric": "redemptions"}}});
    let (status, job) = call(server, Method::POST, "/v1/promotions/reports/exports", body).await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap().to_owned();
    let mut done = Value::Null;
    for _ in 0..100 {
        let (_, state) = call(
            server,
            Method::GET,
            &format!("/v1/promotions/exports/{id}"),
            Value::Null,
        )
        .await;
        if state["status"] == "done" {
            done = state;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(done["status"], "done", "{done}");
    let file = server
        .root(Method::GET, T, &format!("/v1/promotions/exports/{id}/file"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(lines[0], "coupon,redemptions");
    let tenoff = log.live().filter(|s| s.coupon_id == ids["TENOFF"]).count();
    assert_eq!(lines[1], format!("{},{tenoff}", ids["TENOFF"]));
    assert_eq!(lines.len(), 4, "{file}");
    let (status, list) = call(
        server,
        Method::GET,
        "/v1/promotions/reports/exports",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["data"][0]["id"], id.as_str());
}

#[tokio::test]
async fn bad_queries_are_refused_naming_the_field() {
    let (server, _) = start().await;
    let q = "/v1/promotions/analytics/query";
    for (body, field) in [
        (json!({"group_by": ["day", "day"]}), "group_by"),
        (json!({"group_by": ["day", "week"]}), "group_by"),
        (json!({"limit": 0}), "limit"),
        (
            json!({"start": "2026-06-02T00:00:00Z", "end": "2026-06-01T00:00:00Z"}),
            "end",
        ),
        (
            json!({"start": "2024-01-01T00:00:00Z", "end": "2026-06-01T00:00:00Z"}),
            "end",
        ),
        (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
        (
            json!({"metrics": ["redemptions"], "sort": {"metric": "revenue"}}),
            "sort.metric",
        ),
    ] {
        let (status, answer) = call(&server, Method::POST, q, body.clone()).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (400, Some(field)),
            "{body}: {answer}"
        );
    }
    let (status, _) = call(&server, Method::POST, q, json!({"group_by": ["planet"]})).await;
    assert_eq!(status, 400);
    let (status, _) = call(&server, Method::POST, q, json!({"bogus": 1})).await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &server,
        Method::GET,
        "/v1/promotions/analytics/overview?bogus=1",
        Value::Null,
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &server,
        Method::POST,
        "/v1/promotions/reports/exports",
        json!({"format": "csv"}),
    )
    .await;
    assert_eq!(status, 400, "a report needs its query");
}

#[tokio::test]
async fn validations_count_and_a_void_takes_the_redemption_out_of_its_own_day() {
    let (server, clock) = start().await;
    server
        .create_coupon(T, json!({"code": "CHK", "type": "fixed", "value": 2, "currency": "GBP", "min_cart_value": 10}))
        .await;
    for total in [5, 20, 30] {
        let body = json!({"code": "CHK", "context": {"currency": "GBP", "cart_total": total, "channel": "app"}});
        let (status, _) = call(&server, Method::POST, "/v1/promotions/validate", body).await;
        assert_eq!(status, 200);
    }
    let body = json!({"coupon_code": "CHK", "user_id": "ann", "context": {"currency": "GBP", "cart_total": 20, "channel": "app"}});
    let (status, redemption) =
        call(&server, Method::POST, "/v1/promotions/redemptions", body).await;
    assert_eq!(status, 201, "{redemption}");
    clock.advance_ms(3 * 24 * 3_600 * 1_000);
    let path = format!(
        "/v1/promotions/redemptions/{}/void",
        redemption["id"].as_str().unwrap()
    );
    assert_eq!(call(&server, Method::POST, &path, json!({})).await.0, 200);
    let query = json!({"start": START, "end": "2026-06-05T00:00:00Z", "group_by": ["day"],
        "metrics": ["validations", "valid_validations", "redemptions", "voids", "unique_customers", "revenue"]});
    let (status, answer) = call(
        &server,
        Method::POST,
        "/v1/promotions/analytics/query",
        query,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let rows = answer["rows"].as_array().unwrap();
    let day1 = rows.iter().find(|r| r["day"] == "2026-06-01").unwrap();
    assert_eq!(
        (
            day1["validations"].as_i64(),
            day1["valid_validations"].as_i64()
        ),
        (Some(3), Some(2)),
        "{answer}"
    );
    assert_eq!(
        day1["redemptions"], 0,
        "the void took it back out: {answer}"
    );
    assert_eq!(day1["unique_customers"], 0, "{answer}");
    assert_eq!(money(&day1["revenue"]), Decimal::ZERO, "{answer}");
    let day4 = rows.iter().find(|r| r["day"] == "2026-06-04").unwrap();
    assert_eq!(day4["voids"], 1, "{answer}");
}
