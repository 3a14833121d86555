//! Give back, on its campaign's recall, the quota a coupon's lease holds that
//! no decision spends (the campaign asks when another coupon runs short).

use stampede_protocol::wire::{LeaseRecallOp, PeerOp};

use super::CouponOp;
use crate::campaign::LeaseReturn;
use crate::cluster::codec::CodecError;
use crate::command::{CouponCommand, Reply};
use crate::coupon::actor::CouponActor;
use crate::error::ActorError;
use crate::shards::Shards;

/// The campaign asks for the unused quota the code's coupon holds of it.
#[derive(Debug, Clone)]
pub(crate) struct Recall {
    pub campaign_id: String,
    /// The coupon's own acquire waits for this recall.
    pub waiting: bool,
}

impl CouponOp for Recall {
    type Answer = LeaseReturn;
    type Wire = LeaseRecallOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::LeaseRecall(LeaseRecallOp {
            campaign_id: self.campaign_id.clone(),
            waiting: self.waiting,
        })
    }

    fn from_wire(wire: LeaseRecallOp) -> Result<Self, CodecError> {
        Ok(Self {
            campaign_id: wire.campaign_id,
            waiting: wire.waiting,
        })
    }

    fn command(self, reply: Reply<LeaseReturn>) -> CouponCommand {
        CouponCommand::Recall {
            campaign_id: self.campaign_id,
            waiting: self.waiting,
            reply,
        }
    }
}

impl Shards {
    /// Asks `code`'s owner for the unused quota the coupon holds of `campaign_id`
    /// (the coupon gives it up at once; its campaign then applies the return).
    pub(crate) async fn recall_lease(
        &self,
        tenant: &str,
        code: &str,
        campaign_id: &str,
        waiting: bool,
    ) -> Result<LeaseReturn, ActorError> {
        let op = Recall {
            campaign_id: campaign_id.to_owned(),
            waiting,
        };
        self.run(tenant, code, op).await
    }
}

impl CouponActor {
    /// Answers the campaign's recall. Unless a commit or a grant could land
    /// while it reads, the lease is first re-read, so quota stranded in storage
    /// (a grant whose answer was lost, a return never applied) is given back too.
    /// `waiting`: this coupon's acquire waits for the recall, so no grant to it
    /// can land meanwhile.
    pub(in crate::coupon) async fn on_recall(
        &mut self,
        campaign_id: &str,
        waiting: bool,
        reply: Reply<LeaseReturn>,
    ) {
        let ours = self
            .lease
            .as_ref()
            .is_some_and(|lease| lease.campaign_id == campaign_id);
        if ours && (self.acquiring.is_none() || waiting) && self.inflight.is_empty() {
            let discard = self.discard_next_grant;
            let resynced = self.resync_lease().await;
            // The waiting acquire has not been granted: its answer counts.
            self.discard_next_grant = discard || (self.acquiring.is_some() && !waiting);
            if let Err(err) = resynced {
                let _ = reply.send(Err(err.into()));
                return;
            }
        }
        let _ = reply.send(Ok(self.give_up_lease(campaign_id)));
    }
}
