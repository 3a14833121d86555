//! A real server on a random port, on the durable redb store in a temp dir.

#![allow(dead_code)]

use std::sync::Arc;

use serde_json::{json, Value};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::SystemClock;

pub const ROOT_KEY: &str = "test-root-key";

/// A JSON number or numeric string as an exact decimal.
pub fn dec(v: &Value) -> rust_decimal::Decimal {
    use std::str::FromStr;
    match v {
        Value::String(s) => rust_decimal::Decimal::from_str(s).unwrap(),
        Value::Number(n) => rust_decimal::Decimal::from_str(&n.to_string()).unwrap(),
        other => panic!("not a number: {other}"),
    }
}

/// A case of the engine's fixture (`promo_carts.json`): its context, resolved
/// from the shared carts and patched.
pub fn fixture_context(fixture: &Value, case: &Value) -> Value {
    let mut ctx = match case.get("cart") {
        Some(name) => fixture["carts"][name.as_str().unwrap()].clone(),
        None => case["context"].clone(),
    };
    if let Some(patch) = case.get("context_patch").and_then(Value::as_object) {
        for (k, v) in patch {
            ctx[k] = v.clone();
        }
    }
    ctx
}

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub async fn start() -> Server {
    start_with(ShardsConfig::default()).await
}

/// A node on a fresh redb store with `config` (webhook settings, limits…).
pub async fn start_with(config: ShardsConfig) -> Server {
    start_on(Arc::new(SystemClock), config).await.0
}

/// A node on a fresh redb store reading `clock`, and its shards (for tests
/// that move time and run a worker's round themselves).
pub async fn start_on(
    clock: stampede_protocol::clock::SharedClock,
    config: ShardsConfig,
) -> (Server, Shards) {
    let dir = tempfile::tempdir().unwrap();
    let store = testing::redb_store(dir.path().join("s.redb")).unwrap();
    let shards = Shards::new(store, clock, config);
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: stampede_api::telemetry::prometheus(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, stampede_api::router(state))
            .await
            .unwrap();
    });
    let server = Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _dir: dir,
    };
    (server, shards)
}

/// A server whose gate is `auth` (JWT, rate limits, failed-auth bound), which
/// records each connection's peer address.
pub async fn start_with_auth(auth: Auth) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = testing::redb_store(dir.path().join("s.redb")).unwrap();
    let shards = Shards::new(store, Arc::new(SystemClock), ShardsConfig::default());
    let state = AppState {
        shards,
        auth: Arc::new(auth),
        metrics: stampede_api::telemetry::prometheus(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app =
        stampede_api::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request as root on `tenant`.
    pub fn root(
        &self,
        method: reqwest::Method,
        tenant: &str,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", tenant)
    }

    pub fn with_key(
        &self,
        method: reqwest::Method,
        key: &str,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("Authorization", format!("Bearer {key}"))
    }

    pub async fn create_coupon(&self, tenant: &str, body: Value) -> Value {
        let response = self
            .root(reqwest::Method::POST, tenant, "/v1/promotions/coupons")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let json: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "create coupon: {json}");
        json
    }

    pub async fn redeem(&self, tenant: &str, code: &str, user: &str) -> (u16, Value) {
        let response = self
            .root(reqwest::Method::POST, tenant, "/v1/promotions/redemptions")
            .json(&json!({"coupon_code": code, "user_id": user,
                "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 2, "price": 25}]}}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, tenant: &str, path: &str) -> (u16, Value) {
        let response = self
            .root(reqwest::Method::GET, tenant, path)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn create_key(&self, tenant: &str, scopes: &[&str]) -> String {
        let response = self
            .root(reqwest::Method::POST, tenant, "/v1/promotions/keys")
            .json(&json!({"name": "test", "scopes": scopes, "expires_in": "1d"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        body["key"].as_str().unwrap().to_owned()
    }
}
