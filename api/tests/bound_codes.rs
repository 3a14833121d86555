//! Codes made for customers (seed 002's bulk generation for users): each code
//! is bound to its customer, and anyone else is refused `not_eligible`.

mod campaign_common;

use serde_json::json;

#[tokio::test]
async fn a_code_made_for_one_customer_is_refused_to_another() {
    let server = campaign_common::start().await;
    let template = server
        .coupon(json!({"code": "WELCOME", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let tid = template["id"].as_str().unwrap();
    let (status, made) = server
        .post(
            &format!("/coupons/{tid}/codes"),
            json!({"user_ids": ["u1", "u2", "u3"], "prefix": "WELCOME"}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let codes = made["data"].as_array().unwrap();
    assert_eq!(codes.len(), 3);
    let code_of = |user: &str| {
        let bound = codes.iter().find(|c| c["user_id"] == user).unwrap();
        bound["code"].as_str().unwrap().to_owned()
    };
    let u1 = code_of("u1");
    assert!(
        u1.starts_with("WELCOME") && u1.len() == "WELCOME".len() + 10,
        "{u1}"
    );

    let (status, refused) = server.redeem(&u1, "u2", 20.0).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["code"], "not_eligible");
    assert!(
        refused.to_string().contains("code_bound_to_another_user"),
        "{refused}"
    );
    let (status, body) = server
        .post(
            "/validate",
            json!({"code": u1, "context": {"user_id": "u2", "currency": "GBP"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["valid"], false, "{body}");
    assert_eq!(
        body["results"][0]["reasons"],
        json!(["not_eligible"]),
        "{body}"
    );
    // Without a customer the code names no one it may serve either.
    let (status, _) = server
        .post("/redemptions", json!({"coupon_code": u1}))
        .await;
    assert_eq!(status, 422);

    let (status, redeemed) = server.redeem(&u1, "u1", 20.0).await;
    assert_eq!(status, 201, "{redeemed}");
    assert_eq!(server.redeem(&code_of("u2"), "u2", 20.0).await.0, 201);
}

#[tokio::test]
async fn user_ids_are_checked() {
    let server = campaign_common::start().await;
    let template = server
        .coupon(json!({"code": "BOUND", "type": "fixed", "value": 5, "currency": "GBP"}))
        .await;
    let path = format!("/coupons/{}/codes", template["id"].as_str().unwrap());
    for (body, field) in [
        (json!({"user_ids": ["u1", "u1"]}), "user_ids[1]"),
        (json!({"user_ids": ["u1"], "count": 2}), "user_ids"),
        (json!({"user_ids": ["u1"], "codes": ["X1"]}), "user_ids"),
        (json!({"user_ids": [""]}), "user_ids[0]"),
    ] {
        let (status, problem) = server.post(&path, body.clone()).await;
        assert_eq!(status, 400, "{body} -> {problem}");
        assert_eq!(problem["field"], field, "{body} -> {problem}");
    }
}
