//! Campaign caps over HTTP: many codes of one campaign share one budget, and no
//! amount of concurrency spends a single redemption or minor unit past it.

mod campaign_common;

use futures::future::join_all;
use rust_decimal::Decimal;
use serde_json::json;

const CODES: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_codes_two_thousand_attempts_exactly_five_hundred_succeed() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "Flash", "status": "active", "budget": {"max_redemptions": 500}}))
        .await;
    let mut ids = Vec::new();
    for i in 0..CODES {
        let coupon = server
            .coupon(json!({"code": format!("FLASH{i}"), "type": "percentage", "value": 10, "campaign_id": campaign}))
            .await;
        ids.push(coupon["id"].as_str().unwrap().to_owned());
    }
    let attempts = (0..2_000).map(|i| {
        let server = &server;
        async move {
            server
                .redeem(&format!("FLASH{}", i % CODES), &format!("u{i}"), 20.0)
                .await
        }
    });
    let results = join_all(attempts).await;
    let successes = results.iter().filter(|(s, _)| *s == 201).count();
    let refused = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["code"] == "campaign_limit_reached")
        .count();
    let others: Vec<_> = results
        .iter()
        .filter(|(s, b)| *s != 201 && !(*s == 409 && b["code"] == "campaign_limit_reached"))
        .collect();
    assert!(
        others.is_empty(),
        "unexpected answers: {:?}",
        &others[..others.len().min(5)]
    );
    assert_eq!(successes, 500);
    assert_eq!(refused, 1_500);
    let mut total_uses = 0;
    for id in &ids {
        let (_, coupon) = server.get(&format!("/coupons/{id}")).await;
        total_uses += coupon["uses_count"].as_u64().unwrap();
    }
    assert_eq!(total_uses, 500);
    let (_, view) = server.get(&format!("/campaigns/{campaign}")).await;
    assert_eq!(view["usage"]["spent"]["redemptions"], 500, "{view}");
    assert!(view["granted"]["redemptions"].as_u64().unwrap() <= 500);
    // One more attempt on any code is still refused.
    let (status, body) = server.redeem("FLASH7", "late", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("campaign_limit_reached"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn money_budget_is_never_exceeded_by_one_minor_unit() {
    let server = campaign_common::start().await;
    let cap = Decimal::new(33_333, 2); // 333.33 GBP
    let campaign = server
        .campaign(
            json!({"name": "Money", "status": "active", "budget": {"money": {"GBP": 333.33}}}),
        )
        .await;
    for i in 0..10 {
        server
            .coupon(json!({"code": format!("CASH{i}"), "type": "percentage", "value": 10, "campaign_id": campaign}))
            .await;
    }
    // Prices from 10.01 to 59.99: discounts of 1.00–6.00 GBP, rarely equal.
    let price = |i: usize| Decimal::new(1_001 + ((i * 7_919) % 4_998) as i64, 2);
    let attempts = (0..600).map(|i| {
        let server = &server;
        let p: f64 = price(i).try_into().unwrap();
        async move {
            (
                i,
                server
                    .redeem(&format!("CASH{}", i % 10), &format!("m{i}"), p)
                    .await,
            )
        }
    });
    let results = join_all(attempts).await;
    let mut spent = Decimal::ZERO;
    let mut smallest_refused: Option<Decimal> = None;
    for (i, (status, body)) in &results {
        let need = (price(*i) * Decimal::new(1, 1))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        match status {
            201 => {
                let amount: Decimal = body["discount_amount"].to_string().parse().unwrap();
                assert_eq!(amount, need);
                spent += amount;
            }
            409 => {
                assert_eq!(body["code"], "campaign_limit_reached", "{body}");
                smallest_refused = Some(smallest_refused.map_or(need, |s: Decimal| s.min(need)));
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(spent <= cap, "spent {spent} > cap {cap}");
    let smallest_refused = smallest_refused.expect("the budget runs out");
    // A refusal only happens when what is left cannot pay for it.
    assert!(
        cap - spent < smallest_refused,
        "left {} but refused {smallest_refused}",
        cap - spent
    );
    let (_, view) = server.get(&format!("/campaigns/{campaign}")).await;
    let reported: Decimal = view["usage"]["spent"]["money"]["GBP"]
        .to_string()
        .parse()
        .unwrap();
    assert_eq!(reported, spent);
}
