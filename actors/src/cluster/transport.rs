//! How a frame reaches another node, behind a trait so the routing code does not
//! care whether the peer is reached through a `ractor_cluster` session
//! ([`crate::cluster::gateway`]) or something else.

use std::time::Duration;

use async_trait::async_trait;

/// What went wrong sending a frame to a peer. The distinction matters: only a frame
/// that surely never reached the peer may be sent again without an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No session to the peer, or its gateway refused the frame before reading
    /// it: nothing was delivered.
    #[error("no route to node {0}")]
    NotDelivered(String),
    /// The frame may have been delivered but no answer came in time.
    #[error("node {0} did not answer in time")]
    Timeout(String),
    /// The session dropped after the frame was sent.
    #[error("session to node {0} closed before the answer")]
    Lost(String),
}

/// Sends one request frame to a peer and waits for its answer frame.
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    async fn call(
        &self,
        peer: &str,
        frame: Vec<u8>,
        timeout: Duration,
    ) -> Result<Vec<u8>, TransportError>;
}
