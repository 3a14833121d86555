//! Read the coupon as its owner last committed it.

use stampede_protocol::wire::{GetOp, PeerOp};
use stampede_protocol::Coupon;

use super::CouponOp;
use crate::cluster::codec::CodecError;
use crate::command::{CouponCommand, Reply};
use crate::error::ActorError;
use crate::shards::Shards;

/// Read the code's coupon.
#[derive(Debug, Clone)]
pub(crate) struct Get;

impl CouponOp for Get {
    type Answer = Coupon;
    type Wire = GetOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Get(GetOp {})
    }

    fn from_wire(_: GetOp) -> Result<Self, CodecError> {
        Ok(Self)
    }

    fn command(self, reply: Reply<Coupon>) -> CouponCommand {
        CouponCommand::Get { reply }
    }
}

impl Shards {
    /// The coupon as last committed by its owner.
    pub async fn get(&self, tenant: &str, code: &str) -> Result<Coupon, ActorError> {
        self.run(tenant, code, Get).await
    }
}

impl crate::coupon::actor::CouponActor {
    /// Answers at once with the committed coupon (not the projection: a reader
    /// never sees a change that may not become durable).
    pub(in crate::coupon) fn on_get(&self, reply: Reply<Coupon>) {
        let _ = reply.send(Ok(self.state.committed.clone()));
    }
}
