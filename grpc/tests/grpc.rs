//! The gRPC checkout edge through a tonic client against real nodes: every
//! call, its refusals with their error codes, idempotent retries, a code
//! owned by another node of a three-node loopback cluster, a watch, health
//! checking and reflection.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use stampede_actors::cluster::{Cluster, ClusterConfig, ClusterNode};
use stampede_actors::{testing, Shards, ShardsConfig};
use stampede_grpc::proto::checkout_client::CheckoutClient;
use stampede_grpc::proto::*;
use stampede_protocol::clock::SystemClock;
use stampede_storage::SharedStore;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

/// The stable error code and field of a refusal.
fn error_code(status: &Status) -> (String, Option<String>) {
    let info = status
        .get_details_error_info()
        .unwrap_or_else(|| panic!("no ErrorInfo in {status:?}"));
    assert_eq!(info.domain, "stampede");
    (info.reason, info.metadata.get("field").cloned())
}

async fn uses(client: &mut CheckoutClient<Channel>, code: &str) -> u64 {
    let key = Some(get_coupon_request::Key::Code(code.to_owned()));
    let coupon = client
        .get_coupon(authed(GetCouponRequest { key }))
        .await
        .unwrap()
        .into_inner();
    coupon.uses_count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_preview_redeem_void_and_reads() {
    let node = single_node(testing::memory_store()).await;
    let mut client = client(&node).await;
    let created = create_coupon(
        &node,
        json!({"code": "GRPC10", "type": "percentage", "value": 10, "max_uses": 5}),
    )
    .await;

    let validation = client
        .validate(authed(ValidateRequest {
            codes: vec![String::from("GRPC10")],
            context: Some(cart()),
            explain: true,
            ..ValidateRequest::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let result = &validation.results[0];
    assert!(result.valid, "{result:?}");
    assert_eq!(result.applied_discount, "5");
    assert_eq!(result.coupon_id.as_deref(), created["id"].as_str());

    let preview = client
        .preview(authed(PreviewRequest {
            codes: vec![String::from("GRPC10")],
            context: Some(cart()),
            ..PreviewRequest::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let report = preview.report.expect("a preview report");
    assert!(report.fields.contains_key("total"), "{report:?}");

    let first = client
        .redeem(authed(redeem_request("GRPC10", "u1", "key-1")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.status, "success");
    let redemption = &first.redemptions[0];
    assert_eq!(redemption.discount_amount, "5");
    assert!(redemption.created_at.is_some());
    // A retry under the same key is the same redemption, and takes no use.
    let retry = client
        .redeem(authed(redeem_request("GRPC10", "u1", "key-1")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(retry.redemptions[0].id, redemption.id);
    assert_eq!(uses(&mut client, "GRPC10").await, 1);

    let read = client
        .get_redemption(authed(GetRedemptionRequest {
            redemption_id: redemption.id.clone(),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read.id, redemption.id);
    assert_eq!(read.reference_id.as_deref(), Some("order-key-1"));
    let by_id = client
        .get_coupon(authed(GetCouponRequest {
            key: Some(get_coupon_request::Key::CouponId(
                created["id"].as_str().unwrap().to_owned(),
            )),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((by_id.code.as_str(), by_id.uses_count), ("GRPC10", 1));
    assert_eq!(by_id.max_uses, Some(5));

    let voided = client
        .void(authed(SettleRequest {
            redemption_id: redemption.id.clone(),
            reason: Some(String::from("order cancelled")),
            idempotency_key: String::from("void-1"),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(voided.status, "voided");
    assert_eq!(voided.void_reason.as_deref(), Some("order cancelled"));
    assert_eq!(uses(&mut client, "GRPC10").await, 0);
    // Voiding again under the same key answers the same void.
    let again = client
        .void(authed(SettleRequest {
            redemption_id: redemption.id.clone(),
            reason: Some(String::from("order cancelled")),
            idempotency_key: String::from("void-1"),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.status, "voided");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserve_confirm_release_and_void_by_reference() {
    let node = single_node(testing::memory_store()).await;
    let mut client = client(&node).await;
    create_coupon(
        &node,
        json!({"code": "HOLD", "type": "fixed", "value": 5, "currency": "EUR", "max_uses": 3}),
    )
    .await;
    let held = client
        .reserve(authed(redeem_request("HOLD", "u1", "hold-1")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(held.status, "pending");
    let held_id = held.redemptions[0].id.clone();
    assert!(held.redemptions[0].expires_at.is_some());
    assert_eq!(
        uses(&mut client, "HOLD").await,
        1,
        "a reservation holds its use"
    );
    let confirmed = client
        .confirm(authed(SettleRequest {
            redemption_id: held_id.clone(),
            ..SettleRequest::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(confirmed.status, "success");

    let other = client
        .reserve(authed(redeem_request("HOLD", "u2", "hold-2")))
        .await
        .unwrap()
        .into_inner();
    let released = client
        .release(authed(SettleRequest {
            redemption_id: other.redemptions[0].id.clone(),
            reason: Some(String::from("cart abandoned")),
            ..SettleRequest::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(released.status, "pending");
    assert_eq!(
        uses(&mut client, "HOLD").await,
        1,
        "a release gives its use back"
    );

    let by_reference = client
        .void_by_reference(authed(VoidByReferenceRequest {
            reference_id: String::from("order-hold-1"),
            reason: Some(String::from("refund")),
            idempotency_key: String::from("refund-1"),
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_reference.voided.len(), 1, "{by_reference:?}");
    assert_eq!(by_reference.voided[0].id, held_id);
    assert_eq!(uses(&mut client, "HOLD").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_carry_their_error_code_and_field() {
    let node = single_node(testing::memory_store()).await;
    let mut client = client(&node).await;
    create_coupon(
        &node,
        json!({"code": "ONCE", "type": "percentage", "value": 10, "max_uses": 1}),
    )
    .await;
    client
        .redeem(authed(redeem_request("ONCE", "u1", "once-1")))
        .await
        .unwrap();
    let sold_out = client
        .redeem(authed(redeem_request("ONCE", "u2", "once-2")))
        .await
        .unwrap_err();
    assert_eq!(sold_out.code(), Code::ResourceExhausted, "{sold_out:?}");
    assert_eq!(error_code(&sold_out).0, "limit_reached");
    let info = sold_out.get_details_error_info().unwrap();
    assert_eq!(info.metadata["http_status"], "409");

    // The same key with another request is refused, and takes nothing.
    let reused = client
        .redeem(authed(redeem_request("ONCE", "u9", "once-1")))
        .await
        .unwrap_err();
    assert_eq!(
        error_code(&reused).0,
        "idempotency_key_reused",
        "{reused:?}"
    );

    let missing = client
        .redeem(authed(redeem_request("NOSUCH", "u1", "none-1")))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
    assert_eq!(error_code(&missing).0, "coupon_not_found");

    let mut bad_price = redeem_request("ONCE", "u1", "bad-1");
    if let Some(context) = bad_price.context.as_mut() {
        context.items[0].price = String::from("twelve");
    }
    let bad = client.redeem(authed(bad_price)).await.unwrap_err();
    assert_eq!(bad.code(), Code::InvalidArgument);
    let (code, field) = error_code(&bad);
    assert_eq!(code, "invalid_field");
    assert_eq!(field.as_deref(), Some("context.items[0].price"));

    // The REST edge's own bounds name their field too.
    let mut bad_user = redeem_request("ONCE", "u1", "bad-2");
    bad_user.user_id = Some("x".repeat(10_000));
    let bad = client.redeem(authed(bad_user)).await.unwrap_err();
    assert_eq!(bad.code(), Code::InvalidArgument, "{bad:?}");
    assert_eq!(error_code(&bad).1.as_deref(), Some("user_id"));

    let anonymous = client
        .redeem(Request::new(redeem_request("ONCE", "u1", "anon-1")))
        .await
        .unwrap_err();
    assert_eq!(anonymous.code(), Code::Unauthenticated);
    assert_eq!(error_code(&anonymous).0, "unauthorized");

    let escape = client
        .get_redemption(authed(GetRedemptionRequest {
            redemption_id: String::from("../coupons"),
        }))
        .await
        .unwrap_err();
    assert_ne!(escape.code(), Code::Ok);
    assert_eq!(uses(&mut client, "ONCE").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_streams_uses_as_they_change() {
    let node = single_node(testing::memory_store()).await;
    let mut client = client(&node).await;
    create_coupon(
        &node,
        json!({"code": "LIVE", "type": "percentage", "value": 10, "max_uses": 10}),
    )
    .await;
    let mut stream = client
        .watch_coupon(authed(WatchCouponRequest {
            key: Some(watch_coupon_request::Key::Code(String::from("LIVE"))),
            interval_ms: 100,
        }))
        .await
        .unwrap()
        .into_inner();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!((first.uses_count, first.remaining), (0, Some(10)));
    for i in 0..2 {
        let key = format!("live-{i}");
        client
            .redeem(authed(redeem_request("LIVE", &format!("u{i}"), &key)))
            .await
            .unwrap();
    }
    let mut seen = first.uses_count;
    while seen < 2 {
        let next = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("a change within 10 s")
            .unwrap()
            .unwrap();
        assert!(next.uses_count > seen, "only changes are sent: {next:?}");
        seen = next.uses_count;
        assert_eq!(next.remaining, Some(10 - seen));
    }

    let bad = client
        .watch_coupon(authed(WatchCouponRequest {
            key: Some(watch_coupon_request::Key::Code(String::from("LIVE"))),
            interval_ms: 5,
        }))
        .await
        .unwrap_err();
    assert_eq!(error_code(&bad).1.as_deref(), Some("interval_ms"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_checking_and_reflection() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;

    let node = single_node(testing::memory_store()).await;
    let channel = Channel::from_shared(node.grpc.clone())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut health = HealthClient::new(channel.clone());
    let answer = health
        .check(HealthCheckRequest {
            service: String::from("stampede.checkout.v1.Checkout"),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(answer.status(), ServingStatus::Serving);

    let mut reflection = ServerReflectionClient::new(channel);
    let ask = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut answers = reflection
        .server_reflection_info(tokio_stream::iter([ask]))
        .await
        .unwrap()
        .into_inner();
    let answer = answers.next().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = answer.message_response else {
        panic!("not a service list: {answer:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(
        names.contains(&String::from("stampede.checkout.v1.Checkout")),
        "{names:?}"
    );
    assert!(
        names.contains(&String::from("grpc.health.v1.Health")),
        "{names:?}"
    );
}

async fn start_cluster(store: SharedStore) -> Vec<Node> {
    let ports: Vec<u16> = {
        let listeners: Vec<std::net::TcpListener> = (0..3)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        listeners
            .iter()
            .map(|l| l.local_addr().unwrap().port())
            .collect()
    };
    let mut nodes = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let node_id = format!("g{}", i + 1);
        let shards = Shards::with_cluster(
            store.clone(),
            Arc::new(SystemClock),
            ShardsConfig::default(),
            Cluster::single(node_id.clone()),
        );
        let config = ClusterConfig {
            node_id,
            listen_port: *port,
            advertise_host: String::from("127.0.0.1"),
            bind: None,
            peers: ports
                .iter()
                .filter(|p| *p != port)
                .map(|p| format!("127.0.0.1:{p}"))
                .collect(),
            cookie: String::from(COOKIE),
            tls: None,
        };
        let cluster = ClusterNode::start(shards.clone(), config).await.unwrap();
        nodes.push(serve(shards, Some(cluster)).await);
    }
    for _ in 0..200 {
        if nodes
            .iter()
            .all(|n| n.shards.cluster().ring().members().len() == 3)
        {
            return nodes;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the cluster did not converge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_owned_by_another_node_is_redeemed_exactly_once() {
    let nodes = start_cluster(testing::memory_store()).await;
    let ring = nodes[0].shards.cluster().ring();
    let code = (0..100)
        .map(|i| format!("REMOTE{i}"))
        .find(|code| ring.owner(TENANT, code) != Some("g1"))
        .expect("a code another node owns");
    create_coupon(
        &nodes[0],
        json!({"code": code, "type": "percentage", "value": 10, "max_uses": 2}),
    )
    .await;
    let mut client = client(&nodes[0]).await;
    let first = client
        .redeem(authed(redeem_request(&code, "u1", "remote-1")))
        .await
        .unwrap()
        .into_inner();
    let retry = client
        .redeem(authed(redeem_request(&code, "u1", "remote-1")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.redemptions[0].id, retry.redemptions[0].id);
    client
        .redeem(authed(redeem_request(&code, "u2", "remote-2")))
        .await
        .unwrap();
    let refused = client
        .redeem(authed(redeem_request(&code, "u3", "remote-3")))
        .await
        .unwrap_err();
    assert_eq!(error_code(&refused).0, "limit_reached");
    // Every node's gRPC edge sees the owner's count.
    for node in &nodes {
        let mut other = CheckoutClient::connect(node.grpc.clone()).await.unwrap();
        assert_eq!(uses(&mut other, &code).await, 2);
    }
}
