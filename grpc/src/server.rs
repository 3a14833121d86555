//! The gRPC listener: the checkout service, `grpc.health.v1` health checking
//! and server reflection (v1 and v1alpha, so `grpcurl` lists and describes
//! the services), with the bounds a public edge needs.

use std::future::Future;
use std::time::Duration;

use stampede_protocol::limits::MAX_BODY_BYTES;
use tokio::net::TcpListener;
use tonic::transport::Server;

use crate::incoming;
use crate::proto::checkout_server::CheckoutServer;
use crate::proto::FILE_DESCRIPTOR_SET;
use crate::service::CheckoutService;

/// Where `stampede serve` listens for gRPC unless told otherwise.
pub const DEFAULT_GRPC_LISTEN: &str = "127.0.0.1:8081";

/// Bounds of the gRPC listener.
#[derive(Debug, Clone, Copy)]
pub struct GrpcLimits {
    /// A call that takes longer is answered `DEADLINE_EXCEEDED` (a client's
    /// shorter `grpc-timeout` wins). Watches are streams and not bounded by it.
    pub request_timeout: Duration,
    /// Calls in flight on one connection (HTTP/2 streams), at most.
    pub max_concurrent_streams: u32,
    /// Pings an idle connection so a peer that vanished is noticed.
    pub keepalive_interval: Duration,
    pub keepalive_timeout: Duration,
    /// Connections open at once, at most ([`crate::incoming`]).
    pub max_connections: usize,
}

impl Default for GrpcLimits {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            max_concurrent_streams: 1_024,
            keepalive_interval: Duration::from_secs(30),
            keepalive_timeout: Duration::from_secs(10),
            max_connections: 10_000,
        }
    }
}

/// Serves the gRPC edge of `router` (the node's REST router) on `listener`
/// until `shutdown` resolves; health reports `SERVING` until then.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: GrpcLimits,
    shutdown: impl Future<Output = ()>,
) -> Result<(), tonic::transport::Error> {
    let checkout =
        CheckoutServer::new(CheckoutService::new(router)).max_decoding_message_size(MAX_BODY_BYTES);
    let (reporter, health) = tonic_health::server::health_reporter();
    reporter
        .set_serving::<CheckoutServer<CheckoutService>>()
        .await;
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
    };
    let (v1, v1alpha) = match (reflection().build_v1(), reflection().build_v1alpha()) {
        (Ok(v1), Ok(v1alpha)) => (v1, v1alpha),
        (Err(err), _) | (_, Err(err)) => {
            // The descriptor sets are compiled in: only a broken build fails.
            tracing::error!(error = %err, "gRPC reflection is unavailable");
            return Ok(());
        }
    };
    let stopping = async move {
        shutdown.await;
        reporter
            .set_not_serving::<CheckoutServer<CheckoutService>>()
            .await;
    };
    Server::builder()
        .timeout(limits.request_timeout)
        .max_concurrent_streams(limits.max_concurrent_streams)
        .http2_keepalive_interval(Some(limits.keepalive_interval))
        .http2_keepalive_timeout(Some(limits.keepalive_timeout))
        .add_service(health)
        .add_service(v1)
        .add_service(v1alpha)
        .add_service(checkout)
        .serve_with_incoming_shutdown(
            incoming::bounded(listener, limits.max_connections),
            stopping,
        )
        .await
}
