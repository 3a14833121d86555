//! The owner's side of forwarding: decode a peer's request, hand it to the local
//! actor, encode the answer. A forwarded request is always served here (it is
//! never forwarded again): if the two nodes disagree about ownership for a moment,
//! the owner-epoch fence in the store keeps them from both spending.

use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::wire::{NodeStats, PeerOp, PeerReply, PeerResult};
use tracing::Instrument;

use super::codec;
use crate::coupon::ops::confirm::Confirm;
use crate::coupon::ops::get::Get;
use crate::coupon::ops::recall::Recall;
use crate::coupon::ops::redeem::Redeem;
use crate::coupon::ops::set_limits::SetLimits;
use crate::coupon::ops::update::Update;
use crate::coupon::ops::validate::Validate;
use crate::coupon::ops::void::Void;
use crate::coupon::ops::{Answer, CouponOp};
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
    if let Err(invalid) = super::admit::check(&request) {
        metrics::counter!(telemetry::PEER_FRAMES_REJECTED_TOTAL).increment(1);
        tracing::warn!(error = %invalid, "invalid frame from a peer");
        return codec::error_reply(&codec::CodecError::from(invalid).into());
    }
    let (tenant, code) = (request.tenant.as_str(), request.code.as_str());
    let Some(op) = request.op else {
        return codec::error_reply(&codec::CodecError::Missing("operation").into());
    };
    // An invalid trace context is ignored: the work starts a trace of its own.
    let trace = request.trace.as_ref().and_then(TraceContext::from_wire);
    let to = Target {
        shards,
        tenant,
        code,
        trace,
    };
    match op {
        PeerOp::Redeem(wire) => run::<Redeem>(to, wire).await,
        PeerOp::Validate(wire) => run::<Validate>(to, wire).await,
        PeerOp::Void(wire) => run::<Void>(to, wire).await,
        PeerOp::Confirm(wire) => run::<Confirm>(to, wire).await,
        PeerOp::SetLimits(wire) => run::<SetLimits>(to, wire).await,
        PeerOp::Update(wire) => run::<Update>(to, wire).await,
        PeerOp::LeaseRecall(wire) => run::<Recall>(to, wire).await,
        PeerOp::Get(wire) => run::<Get>(to, wire).await,
        campaign => answer_campaign(shards, tenant, campaign).await,
    }
}

/// Where a peer's coupon operation runs, and in which trace.
#[derive(Clone, Copy)]
struct Target<'a> {
    shards: &'a Shards,
    tenant: &'a str,
    code: &'a str,
    trace: Option<TraceContext>,
}

/// Runs a coupon operation a peer forwarded on this node's actor, in a
/// `peer.serve` span under the sender's.
async fn run<O: CouponOp>(to: Target<'_>, wire: O::Wire) -> PeerReply {
    match O::from_wire(wire) {
        Ok(op) => {
            let (span, trace) = crate::traces::peer_serve(to.trace);
            let answer = to
                .shards
                .run_local(to.tenant, to.code, op.with_trace(trace))
                .instrument(span)
                .await;
            codec::reply(answer, Answer::to_wire)
        }
        Err(err) => codec::error_reply(&err.into()),
    }
}

/// Answers a campaign operation (or a node's stats).
async fn answer_campaign(shards: &Shards, tenant: &str, op: PeerOp) -> PeerReply {
    let tenant = tenant.to_owned();
    match op {
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
        PeerOp::CampaignAcquire(op) => match codec::needs_from_json(&op.needs_json) {
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
        PeerOp::CampaignProbe(op) => match codec::needs_from_json(&op.needs_json) {
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
                region: shards.cluster().region().to_owned(),
                leaving: shards.cluster().readiness() == super::Readiness::Leaving,
            })),
        },
        // Coupon operations are answered by `answer`, never here.
        PeerOp::Redeem(_)
        | PeerOp::Validate(_)
        | PeerOp::Void(_)
        | PeerOp::Confirm(_)
        | PeerOp::SetLimits(_)
        | PeerOp::Update(_)
        | PeerOp::LeaseRecall(_)
        | PeerOp::Get(_) => {
            codec::error_reply(&codec::CodecError::Unexpected("a coupon operation").into())
        }
    }
}
