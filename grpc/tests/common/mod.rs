//! What the gRPC tests share: a node serving REST and gRPC on loopback, and
//! requests as root on the test tenant.
#![allow(dead_code)]

use std::sync::Arc;

use serde_json::Value;
use stampede_actors::cluster::ClusterNode;
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_grpc::proto::checkout_client::CheckoutClient;
use stampede_grpc::proto::*;
use stampede_protocol::clock::SystemClock;
use stampede_storage::SharedStore;
use tonic::transport::Channel;
use tonic::Request;

pub const ROOT_KEY: &str = "grpc-test-root-key-0123456789abcdef";
pub const TENANT: &str = "acme";
pub const COOKIE: &str = "grpc-cluster-test-cookie-0123456789";

/// One node: its REST base URL and its gRPC address.
pub struct Node {
    pub rest: String,
    pub grpc: String,
    pub shards: Shards,
    _cluster: Option<ClusterNode>,
}

pub async fn serve(shards: Shards, cluster: Option<ClusterNode>) -> Node {
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: stampede_api::telemetry::prometheus(),
    };
    let router = stampede_api::router(state);
    let rest = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let rest_addr = rest.local_addr().unwrap();
    let app = router.clone();
    tokio::spawn(async move { axum::serve(rest, app).await.unwrap() });
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let grpc_addr = grpc.local_addr().unwrap();
    let limits = stampede_grpc::GrpcLimits::default();
    tokio::spawn(stampede_grpc::serve(
        grpc,
        router,
        limits,
        std::future::pending(),
    ));
    Node {
        rest: format!("http://{rest_addr}"),
        grpc: format!("http://{grpc_addr}"),
        shards,
        _cluster: cluster,
    }
}

pub async fn single_node(store: SharedStore) -> Node {
    let shards = Shards::new(store, Arc::new(SystemClock), ShardsConfig::default());
    serve(shards, None).await
}

pub async fn client(node: &Node) -> CheckoutClient<Channel> {
    CheckoutClient::connect(node.grpc.clone()).await.unwrap()
}

/// A request as root on the test tenant.
pub fn authed<T>(message: T) -> Request<T> {
    let mut request = Request::new(message);
    let metadata = request.metadata_mut();
    metadata.insert(
        "authorization",
        format!("Bearer {ROOT_KEY}").parse().unwrap(),
    );
    metadata.insert("x-tenant-id", TENANT.parse().unwrap());
    request
}

pub async fn create_coupon(node: &Node, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/v1/promotions/coupons", node.rest))
        .header("X-API-Key", ROOT_KEY)
        .header("X-Tenant-ID", TENANT)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

pub fn cart() -> Context {
    Context {
        currency: Some(String::from("EUR")),
        items: vec![CartItem {
            sku: Some(String::from("SKU-1")),
            quantity: 2,
            price: String::from("25.00"),
            ..CartItem::default()
        }],
        ..Context::default()
    }
}

pub fn redeem_request(code: &str, user: &str, key: &str) -> RedeemRequest {
    RedeemRequest {
        coupon_code: code.to_owned(),
        user_id: Some(user.to_owned()),
        reference_type: Some(String::from("order")),
        reference_id: Some(format!("order-{key}")),
        context: Some(cart()),
        idempotency_key: key.to_owned(),
        ..RedeemRequest::default()
    }
}

pub fn memory_store() -> SharedStore {
    testing::memory_store()
}
