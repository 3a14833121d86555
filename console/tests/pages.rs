//! The console's pages in process, on a node's real REST router (memory
//! store): the credential gate, the API's errors on the fields they name,
//! escaping, the key's scopes, actions that act once, and the security
//! headers. The browser test (`.ci/console.sh`) drives the same pages in
//! Chromium.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;
use tower::ServiceExt;

const ROOT_KEY: &str = "console-test-root-key";

struct Node {
    app: Router,
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

async fn node() -> Node {
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
    let api = stampede_api::router(state);
    let app = api
        .clone()
        .nest(stampede_console::PREFIX, stampede_console::router(api));
    Node { app }
}

impl Node {
    async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn api(&self, key: &str, method: &str, path: &str, body: Value) -> Answer {
        let request = Request::builder()
            .method(method)
            .uri(format!("/v1/promotions{path}"))
            .header("x-api-key", key)
            .header(header::CONTENT_TYPE, "application/json");
        let body = if body.is_null() {
            Body::empty()
        } else {
            Body::from(body.to_string())
        };
        self.send(request.body(body).unwrap()).await
    }

    /// A key of a fresh tenant with `scopes`.
    async fn key(&self, tenant: &str, scopes: &[&str]) -> String {
        let request = Request::post("/v1/promotions/keys")
            .header("x-api-key", ROOT_KEY)
            .header("x-tenant-id", tenant)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({ "name": "console", "scopes": scopes }).to_string(),
            ))
            .unwrap();
        let answer = self.send(request).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        answer.json()["key"].as_str().unwrap().to_owned()
    }

    async fn page(&self, key: Option<&str>, path: &str) -> Answer {
        let mut request = Request::get(path);
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn form(&self, key: &str, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = Request::post(path)
            .header("x-api-key", key)
            .header("hx-request", "true")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }
}

/// Where an action sent the browser next (htmx's `HX-Location`).
fn location(answer: &Answer) -> String {
    let value = answer
        .headers
        .get("hx-location")
        .unwrap_or_else(|| panic!("no HX-Location: {} {}", answer.status, answer.body));
    let value: Value = serde_json::from_slice(value.as_bytes()).unwrap();
    value["path"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_page_without_the_credential_is_a_shell_that_loads_itself_with_it() {
    let node = node().await;
    let key = node.key("t1", &["admin"]).await;
    node.api(
        &key,
        "POST",
        "/campaigns",
        json!({ "name": "Hidden plans" }),
    )
    .await;
    let shell = node.page(None, "/console/campaigns?status=draft").await;
    assert_eq!(shell.status, StatusCode::OK);
    assert!(
        shell
            .body
            .contains(r#"hx-get="/console/campaigns?status=draft""#),
        "{}",
        shell.body
    );
    assert!(
        !shell.body.contains("Hidden plans"),
        "no data without the key"
    );
    let page = node.page(Some(&key), "/console/campaigns").await;
    assert!(page.body.contains("Hidden plans"), "{}", page.body);
    assert!(!page.body.contains("hx-trigger=\"load\""));
}

#[tokio::test]
async fn every_answer_carries_a_strict_content_security_policy_and_no_inline_code() {
    let node = node().await;
    let key = node.key("t2", &["admin"]).await;
    for path in [
        "/console/sign-in",
        "/console/campaigns",
        "/console/coupons",
        "/console/rules",
        "/console/redemptions",
        "/console/analytics",
        "/console/jobs",
        "/console/webhooks",
        "/console/audit",
        "/console/fraud",
        "/console/static/htmx.min.js",
    ] {
        let answer = node.page(Some(&key), path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        let csp = answer.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{path}: {csp}"
        );
        assert_eq!(answer.headers[header::X_FRAME_OPTIONS], "DENY");
        if path.ends_with(".js") {
            continue;
        }
        assert!(
            !answer.body.contains("class=\"problem\""),
            "{path}: {}",
            answer.body
        );
        for inline in [
            "<script>",
            " style=",
            " onclick=",
            " onload=",
            "hx-on",
            "javascript:",
        ] {
            assert!(
                !answer.body.contains(inline),
                "{path} has inline code `{inline}`"
            );
        }
    }
    let missing = node.page(Some(&key), "/console/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_vendored_htmx_is_the_one_its_record_names() {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(stampede_console::assets::HTMX.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let record = include_str!("../static/VENDORED.md");
    assert!(
        record.contains(&hex),
        "static/VENDORED.md does not name {hex}"
    );
    assert!(include_str!("../static/htmx-LICENSE.txt").contains("Zero-Clause BSD"));
}

#[tokio::test]
async fn a_refused_coupon_shows_the_engine_error_on_its_field_and_keeps_the_input() {
    let node = node().await;
    let key = node.key("t3", &["admin"]).await;
    let fields = [
        ("once", "k-1"),
        ("code", "WINTER20"),
        ("name", "<script>alert(1)</script>"),
        ("type", "percentage"),
        ("value", "150"),
    ];
    let answer = node.form(&key, "/console/coupons", &fields).await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = &answer.body;
    assert!(
        body.contains(r#"id="new-coupon-value-error">must be at most 100"#),
        "{body}"
    );
    assert!(
        body.contains(
            r#"name="value" type="text" inputmode="decimal" value="150" aria-invalid="true""#
        ),
        "{body}"
    );
    assert!(
        body.contains(r#"value="WINTER20""#),
        "the form keeps its input"
    );
    assert!(
        body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || body.contains("&lt;script&gt;"),
        "{body}"
    );
    assert!(!body.contains("<script>alert(1)"), "the name is escaped");
    assert!(
        !body.contains(r#"name="once" value="k-1""#),
        "a refused form gets a fresh key"
    );

    let fixed = [
        ("once", "k-2"),
        ("code", "WINTER20"),
        ("type", "percentage"),
        ("value", "20"),
    ];
    let created = node.form(&key, "/console/coupons", &fixed).await;
    assert!(location(&created).starts_with("/console/coupons/cpn_"));
    let bad_json = [("once", "k-3"), ("code", "X1"), ("discount", "{not json")];
    let refused = node.form(&key, "/console/coupons", &bad_json).await;
    assert!(
        refused
            .body
            .contains(r#"id="new-coupon-discount-error">not valid JSON"#),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_form_sent_twice_with_its_key_acts_once() {
    let node = node().await;
    let key = node.key("t4", &["admin"]).await;
    let fields = [
        ("once", "same-form"),
        ("name", "Spring"),
        ("max_redemptions", "500"),
    ];
    let first = location(&node.form(&key, "/console/campaigns", &fields).await);
    let second = location(&node.form(&key, "/console/campaigns", &fields).await);
    assert_eq!(first, second);
    let list = node
        .api(&key, "GET", "/campaigns", Value::Null)
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["data"][0]["budget"]["max_redemptions"], 500);
    let id = first.rsplit('/').next().unwrap();
    let activated = node
        .form(
            &key,
            &format!("/console/campaigns/{id}/activate"),
            &[("once", "a-1")],
        )
        .await;
    location(&activated);
    let campaign = node
        .api(&key, "GET", &format!("/campaigns/{id}"), Value::Null)
        .await
        .json();
    assert_eq!(campaign["status"], "active");
}

#[tokio::test]
async fn the_console_can_do_only_what_the_key_may() {
    let node = node().await;
    let key = node.key("t5", &["validate"]).await;
    let page = node.page(Some(&key), "/console/campaigns").await;
    assert!(page.body.contains("class=\"problem\""), "{}", page.body);
    assert!(page.body.contains("HTTP 403"), "{}", page.body);
    let refused = node
        .form(&key, "/console/campaigns", &[("name", "Nope")])
        .await;
    assert!(refused.headers.get("hx-location").is_none());
    let admin = node.key("t5", &["admin"]).await;
    let list = node
        .api(&admin, "GET", "/campaigns", Value::Null)
        .await
        .json();
    assert_eq!(
        list["data"].as_array().unwrap().len(),
        0,
        "nothing was created"
    );
    let unknown = node.page(Some("stk_unknown"), "/console/coupons").await;
    assert!(unknown.body.contains("Sign in again"), "{}", unknown.body);
}

#[tokio::test]
async fn a_redemption_is_found_by_reference_counted_live_and_voided_with_a_reason() {
    let node = node().await;
    let key = node.key("t6", &["admin"]).await;
    let coupon = node
        .api(
            &key,
            "POST",
            "/coupons",
            json!({ "code": "LIVE10", "type": "percentage", "value": 10, "max_uses": 5 }),
        )
        .await
        .json();
    let id = coupon["id"].as_str().unwrap();
    let redeem = json!({ "coupon_code": "LIVE10", "user_id": "u1", "reference_id": "order-7" });
    let redemption = node.api(&key, "POST", "/redemptions", redeem).await.json();
    let live = node
        .page(Some(&key), &format!("/console/coupons/{id}/live/panel"))
        .await;
    assert!(
        live.body.contains(r#"<b id="live-uses">1</b>"#),
        "{}",
        live.body
    );
    assert!(
        live.body.contains(r#"<b id="live-remaining">4</b>"#),
        "{}",
        live.body
    );
    let found = node
        .page(Some(&key), "/console/redemptions?reference=order-7")
        .await;
    let rid = redemption["id"].as_str().unwrap();
    assert!(
        found
            .body
            .contains(&format!("/console/redemptions/{rid}/void")),
        "{}",
        found.body
    );
    let by_code = node
        .page(Some(&key), "/console/redemptions?code=live10&user=u1")
        .await;
    assert!(by_code.body.contains("order-7"), "{}", by_code.body);
    let void = [("once", "v-1"), ("reason", "returned")];
    location(
        &node
            .form(&key, &format!("/console/redemptions/{rid}/void"), &void)
            .await,
    );
    let stored = node
        .api(&key, "GET", &format!("/redemptions/{rid}"), Value::Null)
        .await
        .json();
    assert_eq!(stored["status"], "voided");
    assert_eq!(stored["void_reason"], "returned");
    let live = node
        .page(Some(&key), &format!("/console/coupons/{id}/live/panel"))
        .await;
    assert!(
        live.body.contains(r#"<b id="live-uses">0</b>"#),
        "{}",
        live.body
    );
}

#[tokio::test]
async fn generating_codes_leads_to_the_jobs_progress() {
    let node = node().await;
    let key = node.key("t7", &["admin"]).await;
    let coupon = node
        .api(
            &key,
            "POST",
            "/coupons",
            json!({ "code": "GEN", "type": "fixed", "value": 5, "currency": "EUR" }),
        )
        .await
        .json();
    let id = coupon["id"].as_str().unwrap();
    let refused = node
        .form(
            &key,
            &format!("/console/coupons/{id}/generate"),
            &[("count", "-3")],
        )
        .await;
    assert!(
        refused.body.contains("id=\"generate-count-error\""),
        "{}",
        refused.body
    );
    let sent = [("once", "g-1"), ("count", "25"), ("prefix", "G-")];
    let job = location(
        &node
            .form(&key, &format!("/console/coupons/{id}/generate"), &sent)
            .await,
    );
    assert!(job.starts_with("/console/jobs/"), "{job}");
    let mut done = false;
    for _ in 0..200 {
        let progress = node.page(Some(&key), &format!("{job}/progress")).await;
        if progress.body.contains("<b>done</b>") {
            assert!(progress.body.contains(r#"value="25""#), "{}", progress.body);
            assert!(
                !progress.body.contains("hx-trigger"),
                "a finished job stops polling"
            );
            done = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done, "the job finished");
    let codes = node
        .api(&key, "GET", &format!("/coupons/{id}/codes"), Value::Null)
        .await
        .json();
    assert_eq!(codes["data"].as_array().unwrap().len(), 25);
}
