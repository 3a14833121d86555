//! The `ractor_cluster` side of the cluster: each node runs a `NodeServer` (cookie
//! authenticated sessions to its peers) and one [`Gateway`] actor that peers call
//! with request frames.
//!
//! A node finds a peer's gateway through the process group `stampede.gw.<node id>`:
//! the session to that peer mirrors the peer's gateway into the local registry as a
//! remote actor. Only remote members are ever called, so even when several nodes
//! share one process (tests), a call always crosses a real session.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use prost::Message;
use ractor::{Actor, ActorProcessingErr, ActorRef, MessagingErr, RpcReplyPort};
use ractor_cluster::RactorClusterMessage;
use tokio::sync::Semaphore;

use super::transport::{Transport, TransportError};
use crate::error::ActorError;
use crate::shards::Shards;

/// Peer requests a node serves at once; past it a frame is answered `Overloaded`
/// at once (the sender's client retries), so a flood from peers cannot grow the
/// number of tasks without bound.
pub const MAX_CONCURRENT_PEER_REQUESTS: usize = 8_192;

/// Prefix of the process group each node's gateway joins.
pub const GATEWAY_GROUP_PREFIX: &str = "stampede.gw.";

/// The process group of `node_id`'s gateway.
pub fn gateway_group(node_id: &str) -> String {
    format!("{GATEWAY_GROUP_PREFIX}{node_id}")
}

/// Messages a gateway accepts from peers.
#[derive(RactorClusterMessage)]
pub enum GatewayMsg {
    /// A prost-encoded `PeerRequest`; answered with a prost-encoded `PeerReply`.
    #[rpc]
    Forward(Vec<u8>, RpcReplyPort<Vec<u8>>),
}

/// Serves peers' frames against the local shards.
pub struct Gateway;

/// What the gateway serves with.
pub struct GatewayState {
    shards: Shards,
    in_flight: Arc<Semaphore>,
}

impl Actor for Gateway {
    type Msg = GatewayMsg;
    type State = GatewayState;
    type Arguments = Shards;

    async fn pre_start(
        &self,
        _myself: ActorRef<Self::Msg>,
        shards: Shards,
    ) -> Result<Self::State, ActorProcessingErr> {
        Ok(GatewayState {
            shards,
            in_flight: Arc::new(Semaphore::new(MAX_CONCURRENT_PEER_REQUESTS)),
        })
    }

    async fn handle(
        &self,
        _myself: ActorRef<Self::Msg>,
        message: Self::Msg,
        state: &mut Self::State,
    ) -> Result<(), ActorProcessingErr> {
        match message {
            GatewayMsg::Forward(frame, reply) => {
                let Ok(permit) = state.in_flight.clone().try_acquire_owned() else {
                    let busy = super::codec::error_reply(&ActorError::Overloaded);
                    // The caller may have timed out; nothing to do then.
                    let _ = reply.send(busy.encode_to_vec());
                    return Ok(());
                };
                // Serve concurrently: the gateway must not wait on one coupon actor
                // while requests for others queue behind it.
                let shards = state.shards.clone();
                tokio::spawn(async move {
                    let answer = super::serve::handle(&shards, &frame).await;
                    let _ = reply.send(answer);
                    drop(permit);
                });
            }
        }
        Ok(())
    }
}

/// Reaches peers' gateways through the sessions of this process.
pub struct RactorTransport;

impl RactorTransport {
    fn gateway_of(peer: &str) -> Option<ActorRef<GatewayMsg>> {
        ractor::pg::get_members(&gateway_group(peer))
            .into_iter()
            .filter(|cell| !cell.get_id().is_local())
            .min_by_key(|cell| cell.get_id())
            .map(ActorRef::<GatewayMsg>::from)
    }
}

#[async_trait]
impl Transport for RactorTransport {
    async fn call(
        &self,
        peer: &str,
        frame: Vec<u8>,
        timeout: Duration,
    ) -> Result<Vec<u8>, TransportError> {
        let Some(gateway) = Self::gateway_of(peer) else {
            return Err(TransportError::NotDelivered(peer.to_owned()));
        };
        match gateway
            .call(|reply| GatewayMsg::Forward(frame, reply), Some(timeout))
            .await
        {
            Ok(ractor::rpc::CallResult::Success(answer)) => Ok(answer),
            Ok(ractor::rpc::CallResult::Timeout) => Err(TransportError::Timeout(peer.to_owned())),
            Ok(ractor::rpc::CallResult::SenderError) => Err(TransportError::Lost(peer.to_owned())),
            Err(MessagingErr::SendErr(_)) | Err(MessagingErr::InvalidActorType) => {
                Err(TransportError::NotDelivered(peer.to_owned()))
            }
            Err(MessagingErr::ChannelClosed) => Err(TransportError::Lost(peer.to_owned())),
        }
    }
}
