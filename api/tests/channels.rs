//! `/channels` and `/campaigns/{id}/creatives`: the built-in channels and a
//! tenant's own, creatives checked against them, listed, filtered, shown in
//! the campaign's assets, deleted, and the journal's events of each.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

async fn call(server: &common::Server, method: Method, path: &str, body: Value) -> (u16, Value) {
    let mut request = server.root(method.clone(), "t", path);
    if !body.is_null() {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(list: &Value) -> Vec<&str> {
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

async fn campaign(server: &common::Server) -> String {
    let (status, campaign) = call(
        server,
        Method::POST,
        "/v1/promotions/campaigns",
        json!({"name": "Summer"}),
    )
    .await;
    assert_eq!(status, 201, "{campaign}");
    campaign["id"].as_str().unwrap().to_owned()
}

/// The types of the journal's events, oldest first.
async fn event_types(server: &common::Server) -> Vec<String> {
    let (status, audit) = call(server, Method::GET, "/v1/promotions/audit", Value::Null).await;
    assert_eq!(status, 200, "{audit}");
    let mut kinds: Vec<String> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap_or_default().to_owned())
        .collect();
    kinds.reverse();
    kinds
}

#[tokio::test]
async fn builtin_and_custom_channels() {
    let server = common::start().await;
    let (status, list) = call(&server, Method::GET, "/v1/promotions/channels", Value::Null).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(ids(&list), ["web", "email", "app", "pos", "affiliate"]);
    assert!(list["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["builtin"] == true));

    let kiosk =
        json!({"id": "kiosk", "name": "In-store kiosk", "description": "Screens by the tills"});
    let (status, created) = call(
        &server,
        Method::POST,
        "/v1/promotions/channels",
        kiosk.clone(),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["builtin"], false);
    assert!(created["created_at"].is_string(), "{created}");
    let (_, list) = call(&server, Method::GET, "/v1/promotions/channels", Value::Null).await;
    assert_eq!(
        ids(&list),
        ["web", "email", "app", "pos", "affiliate", "kiosk"]
    );

    let (status, problem) = call(&server, Method::POST, "/v1/promotions/channels", kiosk).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["code"], "duplicate_channel");
    let web = json!({"id": "web", "name": "Web again"});
    let (status, problem) = call(&server, Method::POST, "/v1/promotions/channels", web).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("duplicate_channel"))
    );

    for bad in ["Kiosk", "in store", "", "x23456789012345678901234567890123"] {
        let body = json!({"id": bad, "name": "Bad"});
        let (status, problem) = call(&server, Method::POST, "/v1/promotions/channels", body).await;
        assert_eq!(status, 400, "{bad}: {problem}");
        assert_eq!(problem["field"], "id", "{problem}");
    }
    let extra = json!({"id": "tv", "name": "TV", "colour": "red"});
    let (status, problem) = call(&server, Method::POST, "/v1/promotions/channels", extra).await;
    assert_eq!(status, 400, "{problem}");

    let (status, problem) = call(
        &server,
        Method::DELETE,
        "/v1/promotions/channels/web",
        Value::Null,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("builtin_channel"))
    );
    let (status, _) = call(
        &server,
        Method::DELETE,
        "/v1/promotions/channels/kiosk",
        Value::Null,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &server,
        Method::DELETE,
        "/v1/promotions/channels/kiosk",
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);
    let (_, list) = call(&server, Method::GET, "/v1/promotions/channels", Value::Null).await;
    assert_eq!(ids(&list).len(), 5);

    let kinds = event_types(&server).await;
    let ours: Vec<&str> = kinds
        .iter()
        .map(String::as_str)
        .filter(|k| k.starts_with("channel."))
        .collect();
    assert_eq!(ours, ["channel.created", "channel.deleted"]);
}

#[tokio::test]
async fn creatives_of_a_campaign() {
    let server = common::start().await;
    let id = campaign(&server).await;
    let path = format!("/v1/promotions/campaigns/{id}/creatives");
    let banner = json!({"kind": "banner", "channel": "web", "locale": "en-GB",
        "title": "Summer sale", "banner_copy": "10% off everything", "metadata": {"slot": "hero"}});
    let (status, first) = call(&server, Method::POST, &path, banner).await;
    assert_eq!(status, 201, "{first}");
    assert!(first["id"].as_str().unwrap().starts_with("crv_"), "{first}");
    assert_eq!(first["campaign_id"], id.as_str());
    let email = json!({"kind": "email", "channel": "email", "locale": "fr",
        "email_subject": "Les soldes", "body": "Bonjour,\n10% de remise."});
    let (status, second) = call(&server, Method::POST, &path, email).await;
    assert_eq!(status, 201, "{second}");
    let link = json!({"kind": "deep_link", "channel": "app", "deep_link": "myapp://offers/summer"});
    let (status, third) = call(&server, Method::POST, &path, link).await;
    assert_eq!(status, 201, "{third}");

    let (status, all) = call(&server, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["data"].as_array().unwrap().len(), 3);
    let (_, web) = call(
        &server,
        Method::GET,
        &format!("{path}?channel=web"),
        Value::Null,
    )
    .await;
    assert_eq!(ids(&web), [first["id"].as_str().unwrap()]);
    let (_, fr) = call(
        &server,
        Method::GET,
        &format!("{path}?locale=FR"),
        Value::Null,
    )
    .await;
    assert_eq!(ids(&fr), [second["id"].as_str().unwrap()]);
    let (status, problem) = call(
        &server,
        Method::GET,
        &format!("{path}?colour=red"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 400, "{problem}");

    let one = format!("{path}/{}", first["id"].as_str().unwrap());
    let (status, got) = call(&server, Method::GET, &one, Value::Null).await;
    assert_eq!((status, &got), (200, &first));

    let assets = format!("/v1/promotions/campaigns/{id}/assets");
    let (status, assets_body) = call(&server, Method::GET, &assets, Value::Null).await;
    assert_eq!(status, 200, "{assets_body}");
    assert_eq!(assets_body["creatives"].as_array().unwrap().len(), 3);

    let (status, _) = call(&server, Method::DELETE, &one, Value::Null).await;
    assert_eq!(status, 204);
    let (status, _) = call(&server, Method::GET, &one, Value::Null).await;
    assert_eq!(status, 404);
    let (_, all) = call(&server, Method::GET, &path, Value::Null).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);

    let kinds = event_types(&server).await;
    let ours: Vec<&str> = kinds
        .iter()
        .map(String::as_str)
        .filter(|k| k.starts_with("creative."))
        .collect();
    assert_eq!(
        ours,
        [
            "creative.created",
            "creative.created",
            "creative.created",
            "creative.deleted"
        ]
    );
}

#[tokio::test]
async fn creatives_refuse_bad_input() {
    let server = common::start().await;
    let id = campaign(&server).await;
    let path = format!("/v1/promotions/campaigns/{id}/creatives");
    let cases = [
        (
            json!({"kind": "banner", "channel": "billboard", "banner_copy": "Hi"}),
            "channel",
        ),
        (
            json!({"kind": "banner", "channel": "Web!", "banner_copy": "Hi"}),
            "channel",
        ),
        (json!({"kind": "banner", "channel": "web"}), "banner_copy"),
        (
            json!({"kind": "email", "channel": "email", "body": "Hi"}),
            "email_subject",
        ),
        (json!({"kind": "other", "channel": "web"}), "body"),
        (
            json!({"kind": "banner", "channel": "web", "banner_copy": "Hi", "locale": "english"}),
            "locale",
        ),
        (
            json!({"kind": "banner", "channel": "web", "banner_copy": "x".repeat(5_000)}),
            "banner_copy",
        ),
        (
            json!({"kind": "banner", "channel": "web", "banner_copy": "Hi", "title": "a\u{7}b"}),
            "title",
        ),
        (
            json!({"kind": "deep_link", "channel": "app", "deep_link": "javascript:alert(1)"}),
            "deep_link",
        ),
        (
            json!({"kind": "deep_link", "channel": "app", "deep_link": "not a link"}),
            "deep_link",
        ),
        (
            json!({"kind": "banner", "channel": "web", "banner_copy": "Hi", "colour": "red"}),
            "colour",
        ),
    ];
    for (body, field) in cases {
        let (status, problem) = call(&server, Method::POST, &path, body.clone()).await;
        assert_eq!(status, 400, "{body}: {problem}");
        assert!(
            problem["field"]
                .as_str()
                .unwrap_or_default()
                .contains(field)
                || problem["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(field),
            "{body}: {problem}"
        );
    }
    let (status, problem) = call(
        &server,
        Method::POST,
        "/v1/promotions/campaigns/cmp_nope/creatives",
        json!({"kind": "banner", "channel": "web", "banner_copy": "Hi"}),
    )
    .await;
    assert_eq!(status, 404, "{problem}");
    let (status, _) = call(
        &server,
        Method::GET,
        "/v1/promotions/campaigns/cmp_nope/creatives",
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);

    // A custom channel is known to creatives once added.
    call(
        &server,
        Method::POST,
        "/v1/promotions/channels",
        json!({"id": "billboard", "name": "Billboards"}),
    )
    .await;
    let body = json!({"kind": "banner", "channel": "billboard", "banner_copy": "Hi"});
    let (status, created) = call(&server, Method::POST, &path, body).await;
    assert_eq!(status, 201, "{created}");
}

#[tokio::test]
async fn creative_create_is_idempotent_and_goes_with_its_campaign() {
    let server = common::start().await;
    let id = campaign(&server).await;
    let path = format!("/v1/promotions/campaigns/{id}/creatives");
    let body = json!({"kind": "push", "channel": "app", "title": "Hello", "body": "10% off today"});
    let post = |body: Value| {
        server
            .root(Method::POST, "t", &path)
            .header("Idempotency-Key", "crv-1")
            .json(&body)
            .send()
    };
    let first = post(body.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = post(body.clone()).await.unwrap();
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
    let other = post(json!({"kind": "push", "channel": "app", "body": "Other"}))
        .await
        .unwrap();
    assert_eq!(other.status(), 422);
    let (_, all) = call(&server, Method::GET, &path, Value::Null).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 1);

    let (status, problem) = call(
        &server,
        Method::DELETE,
        &format!("/v1/promotions/campaigns/{id}"),
        Value::Null,
    )
    .await;
    assert_eq!(status, 204, "{problem}");
    let (status, _) = call(&server, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 404);
    let kinds = event_types(&server).await;
    assert!(kinds.iter().any(|k| k == "creative.deleted"), "{kinds:?}");
}
