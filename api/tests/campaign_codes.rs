//! Codes of a template coupon over HTTP: codes inherit the template's discount,
//! limits and campaign, each counts its own uses, one code can be switched off,
//! and the redeemers of the template span its codes.

mod campaign_common;

use serde_json::json;

#[tokio::test]
async fn codes_inherit_the_template_and_count_their_own_uses() {
    let server = campaign_common::start().await;
    let campaign = server
        .campaign(json!({"name": "Codes", "status": "active", "budget": {"max_redemptions": 3}}))
        .await;
    let template = server
        .coupon(
            json!({"code": "SPRINGTPL", "type": "fixed", "value": 4, "currency": "GBP",
            "max_uses": 1, "campaign_id": campaign}),
        )
        .await;
    let tid = template["id"].as_str().unwrap();
    let (status, added) = server
        .post(
            &format!("/coupons/{tid}/codes"),
            json!({"codes": ["SPR-A", "spr-b"]}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let (status, generated) = server
        .post(
            &format!("/coupons/{tid}/codes"),
            json!({"count": 5, "prefix": "SPR-", "length": 8}),
        )
        .await;
    assert_eq!(status, 201, "{generated}");
    let random: Vec<&str> = generated["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(random.len(), 5);
    assert!(random
        .iter()
        .all(|c| c.starts_with("SPR-") && c.len() == 12));

    // Each code takes the coupon's terms: fixed 4 GBP, one use each, same campaign.
    let (status, first) = server.redeem("SPR-A", "alice", 20.0).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["discount_amount"], 4.0);
    assert_eq!(first["campaign_id"], campaign.as_str());
    let (status, body) = server.redeem("SPR-A", "bob", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("limit_reached"))
    );
    assert_eq!(server.redeem("SPR-B", "bob", 20.0).await.0, 201);
    assert_eq!(server.redeem(random[0], "alice", 20.0).await.0, 201);
    // The campaign's budget of 3 is shared by every code.
    let (status, body) = server.redeem(random[1], "carol", 20.0).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("campaign_limit_reached"))
    );

    let (_, list) = server.get(&format!("/coupons/{tid}/codes")).await;
    let codes = list["data"].as_array().unwrap();
    assert_eq!(codes.len(), 7);
    let used: u64 = codes
        .iter()
        .map(|c| c["uses_count"].as_u64().unwrap())
        .sum();
    assert_eq!(used, 3);

    let (status, off) = server
        .post(&format!("/coupons/{tid}/codes/SPR-B/deactivate"), json!({}))
        .await;
    assert_eq!(
        (status, off["status"].as_str()),
        (200, Some("draft")),
        "{off}"
    );
    let (_, redeemers) = server.get(&format!("/coupons/{tid}/redeemers")).await;
    let users: Vec<(&str, u64)> = redeemers["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["user_id"].as_str().unwrap(),
                r["redemptions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(users, vec![("alice", 2), ("bob", 1)]);
}

#[tokio::test]
async fn a_taken_code_adds_none() {
    let server = campaign_common::start().await;
    let template = server
        .coupon(json!({"code": "TPL", "type": "percentage", "value": 5}))
        .await;
    server
        .coupon(json!({"code": "TAKEN", "type": "percentage", "value": 5}))
        .await;
    let tid = template["id"].as_str().unwrap();
    let (status, problem) = server
        .post(
            &format!("/coupons/{tid}/codes"),
            json!({"codes": ["FREE1", "TAKEN"]}),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("duplicate_code"))
    );
    let (_, list) = server.get(&format!("/coupons/{tid}/codes")).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0);
    assert_eq!(
        server.redeem("FREE1", "a", 10.0).await.1["code"],
        "coupon_not_found"
    );
    for (body, field) in [
        (json!({"count": 0}), "count"),
        (json!({"count": 2, "length": 2}), "length"),
        (json!({"codes": ["A", "a"]}), "codes[1]"),
        (json!({}), "codes"),
    ] {
        let (status, problem) = server
            .post(&format!("/coupons/{tid}/codes"), body.clone())
            .await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (400, Some(field)),
            "{body}"
        );
    }
}

/// A code's actor holds its template's version; a change of the template
/// makes the code's next commit find it stale. That commit wrote nothing, so
/// the request is decided again against the changed template instead of being
/// answered "retry" (503) for a change the shopper did not make.
#[tokio::test]
async fn a_template_changed_under_a_live_code_does_not_refuse_its_next_order() {
    let server = campaign_common::start().await;
    let template = server
        .coupon(json!({"code": "STALETPL", "type": "fixed", "value": 4, "currency": "GBP"}))
        .await;
    let tid = template["id"].as_str().unwrap();
    let (status, added) = server
        .post(
            &format!("/coupons/{tid}/codes"),
            json!({"codes": ["STALE-A"]}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(server.redeem("STALE-A", "alice", 20.0).await.0, 201);
    let mut version = template["version"].clone();
    for value in [5, 6, 7] {
        let (status, patched) = server
            .call(
                reqwest::Method::PATCH,
                &format!("/v1/promotions/coupons/{tid}"),
                Some(json!({ "value": value, "version": version })),
            )
            .await;
        assert_eq!(status, 200, "{patched}");
        version = patched["version"].clone();
        let (status, body) = server.redeem("STALE-A", &format!("u{value}"), 20.0).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            body["discount_amount"],
            f64::from(value),
            "the new terms apply"
        );
    }
}
