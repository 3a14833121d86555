//! The owner's side of forwarding: decode a peer's request, hand it to the local
//! actor, encode the answer. A forwarded request is always served here (it is
//! never forwarded again): if the two nodes disagree about ownership for a moment,
//! the owner-epoch fence in the store keeps them from both spending.

use stampede_protocol::wire::{NodeStats, PeerOp, PeerReply, PeerResult};

use super::codec;
use crate::error::ActorError;
use crate::shards::Shards;
use crate::telemetry;

/// Answers one request frame from a peer. Never panics on malformed input.
pub async fn handle(shards: &Shards, frame: &[u8]) -> Vec<u8> {
    use prost::Message;
    metrics::counter!(telemetry::PEER_REQUESTS_SERVED_TOTAL).increment(1);
    let reply = match codec::decode_request(frame) {
        Ok(request) => answer(shards, request).await,
        Err(err) => {
            metrics::counter!(telemetry::PEER_FRAMES_REJECTED_TOTAL).increment(1);
            tracing::warn!(error = %err, "malformed frame from a peer");
            codec::error_reply(&ActorError::from(err))
        }
    };
    reply.encode_to_vec()
}

async fn answer(shards: &Shards, request: stampede_protocol::wire::PeerRequest) -> PeerReply {
    let tenant = request.tenant;
    let code = request.code;
    let Some(op) = request.op else {
        return codec::error_reply(&codec::CodecError::Missing("operation").into());
    };
    match op {
        PeerOp::Redeem(op) => match codec::redeem_from_wire(op) {
            Ok(req) => codec::reply(shards.redeem_local(&tenant, &code, req).await, |r| {
                PeerResult::RedemptionJson(codec::json(&r))
            }),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::Validate(op) => match codec::from_json(&op.context_json, "context") {
            Ok(context) => {
                codec::reply(shards.validate_local(&tenant, &code, context).await, |v| {
                    PeerResult::Validated(codec::validated_to_wire(&v))
                })
            }
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::Void(op) => codec::reply(
            shards
                .void_local(
                    &tenant,
                    &code,
                    op.redemption_id,
                    op.reason,
                    codec::idem_from_wire(op.idem),
                )
                .await,
            |r| PeerResult::RedemptionJson(codec::json(&r)),
        ),
        PeerOp::Update(op) => match codec::update_from_wire(op) {
            Ok(update) => codec::reply(shards.update_local(&tenant, &code, update).await, |c| {
                PeerResult::CouponJson(codec::json(&c))
            }),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::Get(_) => codec::reply(shards.get_local(&tenant, &code).await, |c| {
            PeerResult::CouponJson(codec::json(&c))
        }),
        PeerOp::Stats(_) => PeerReply {
            result: Some(PeerResult::Stats(NodeStats {
                node_id: shards.cluster().node_id().to_owned(),
                live_actors: shards.live_actors() as u64,
            })),
        },
    }
}
