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
                let entered = op.entered_code;
                codec::reply(
                    shards
                        .validate_local(&tenant, &code, entered, context)
                        .await,
                    |v| PeerResult::Validated(codec::validated_to_wire(&v)),
                )
            }
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::Void(op) => match codec::void_mode_from_wire(op.mode) {
            Ok(mode) => codec::reply(
                shards
                    .void_local(
                        &tenant,
                        &code,
                        op.redemption_id,
                        op.reason,
                        codec::idem_from_wire(op.idem),
                        mode,
                    )
                    .await,
                |r| PeerResult::RedemptionJson(codec::json(&r)),
            ),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::Confirm(op) => codec::reply(
            shards
                .confirm_local(
                    &tenant,
                    &code,
                    op.redemption_id,
                    codec::idem_from_wire(op.idem),
                )
                .await,
            |r| PeerResult::RedemptionJson(codec::json(&r)),
        ),
        PeerOp::SetLimits(op) => {
            let decoded = codec::from_json(&op.set_json, "limit set").and_then(|set| {
                let consumers = match &op.consumers_json {
                    Some(bytes) => Some(codec::from_json(bytes, "consumers")?),
                    None => None,
                };
                Ok((set, consumers))
            });
            match decoded {
                Ok((set, consumers)) => codec::reply(
                    shards
                        .set_limits_local(&tenant, &code, set, consumers, op.expected_version)
                        .await,
                    |set| PeerResult::LimitSetJson(codec::json(&set)),
                ),
                Err(err) => codec::error_reply(&err.into()),
            }
        }
        PeerOp::Update(op) => match codec::update_from_wire(op) {
            Ok(update) => codec::reply(shards.update_local(&tenant, &code, update).await, |c| {
                PeerResult::CouponJson(codec::json(&c))
            }),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::LeaseRecall(op) => codec::reply(
            shards
                .recall_lease_local(&tenant, &code, &op.campaign_id, op.waiting)
                .await,
            |back| PeerResult::LeaseReturn(codec::lease_return_to_wire(&back)),
        ),
        PeerOp::Get(_) => codec::reply(shards.get_local(&tenant, &code).await, |c| {
            PeerResult::CouponJson(codec::json(&c))
        }),
        PeerOp::CampaignGet(op) => codec::reply(
            shards.campaigns().get_local(&tenant, &op.campaign_id).await,
            |c| PeerResult::CampaignJson(codec::json(&c)),
        ),
        PeerOp::CampaignChange(op) => match codec::change_from_wire(&op) {
            Ok(change) => codec::reply(
                shards
                    .campaigns()
                    .change_local(&tenant, &op.campaign_id, change)
                    .await,
                |c| PeerResult::CampaignJson(codec::json(&c)),
            ),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::CampaignAcquire(op) => match codec::from_json(&op.needs_json, "needs") {
            Ok(needs) => codec::reply(
                shards
                    .campaigns()
                    .acquire_local(
                        &tenant,
                        &op.campaign_id,
                        &op.coupon_id,
                        &op.coupon_code,
                        needs,
                    )
                    .await,
                |g| PeerResult::Grant(codec::grant_to_wire(&g)),
            ),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::CampaignProbe(op) => match codec::from_json(&op.needs_json, "needs") {
            Ok(needs) => codec::reply(
                shards
                    .campaigns()
                    .probe_local(&tenant, &op.campaign_id, needs)
                    .await,
                |g| PeerResult::Grant(codec::grant_to_wire(&g)),
            ),
            Err(err) => codec::error_reply(&err.into()),
        },
        PeerOp::CampaignReturn(op) => {
            shards.campaigns().give_back_local(
                &tenant,
                &op.campaign_id,
                &op.coupon_id,
                &op.coupon_code,
                op.epoch,
            );
            PeerReply {
                result: Some(PeerResult::Ack(stampede_protocol::wire::Ack {})),
            }
        }
        PeerOp::Stats(_) => PeerReply {
            result: Some(PeerResult::Stats(NodeStats {
                node_id: shards.cluster().node_id().to_owned(),
                live_actors: shards.live_actors() as u64,
            })),
        },
    }
}
