//! A real server with a manual clock, and shortcuts for campaign and reservation calls.

#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::ManualClock;

pub const ROOT_KEY: &str = "test-root-key";

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub shards: Shards,
    _dir: tempfile::TempDir,
}

/// Starts a server whose clock reads 2030-03-10T12:00:00Z until moved.
pub async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = testing::redb_store(dir.path().join("s.redb")).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2030, 3, 10, 12, 0, 0).unwrap(),
    ));
    // Supervisors are driven by the tests (`sweep`), so moved time acts exactly
    // when a test says.
    let shards = Shards::without_supervisors(store, clock.clone(), ShardsConfig::default());
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: None,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, stampede_api::router(state))
            .await
            .unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        clock,
        shards,
        _dir: dir,
    }
}

impl Server {
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", "t1");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, &format!("/v1/promotions{path}"), Some(body))
            .await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, &format!("/v1/promotions{path}"), None)
            .await
    }

    pub async fn campaign(&self, body: Value) -> String {
        let (status, campaign) = self.post("/campaigns", body).await;
        assert_eq!(status, 201, "{campaign}");
        campaign["id"].as_str().unwrap().to_owned()
    }

    pub async fn coupon(&self, body: Value) -> Value {
        let (status, coupon) = self.post("/coupons", body).await;
        assert_eq!(status, 201, "{coupon}");
        coupon
    }

    /// Redeems `code` for `user` with a cart of one line of `price` GBP.
    pub async fn redeem(&self, code: &str, user: &str, price: f64) -> (u16, Value) {
        self.post(
            "/redemptions",
            json!({"coupon_code": code, "user_id": user,
                "context": {"currency": "GBP", "items": [{"sku": "S1", "quantity": 1, "price": price}]}}),
        )
        .await
    }
}

impl Server {
    /// Polls `GET /jobs/{id}` in `tenant` until the job is final.
    pub async fn finished_job_in(&self, tenant: &str, id: &str) -> Value {
        for _ in 0..3_000 {
            let response = self
                .client
                .get(format!("{}/v1/promotions/jobs/{id}", self.base))
                .header("X-API-Key", ROOT_KEY)
                .header("X-Tenant-ID", tenant)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let job: Value = response.json().await.unwrap();
            if job["status"] != "running" {
                return job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("job {id} did not finish");
    }

    /// [`Server::finished_job_in`] the tests' tenant.
    pub async fn finished_job(&self, id: &str) -> Value {
        self.finished_job_in("t1", id).await
    }

    /// A `GET` answered as text (a file, a report).
    pub async fn download(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}/v1/promotions{path}", self.base))
            .header("X-API-Key", ROOT_KEY)
            .header("X-Tenant-ID", "t1")
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}
