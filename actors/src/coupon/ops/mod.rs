//! One file per coupon operation, each holding the operation's whole path:
//!
//! 1. its entry point on [`Shards`](crate::Shards) and its message: what it
//!    carries to the code's actor, and how it crosses to the owner node and
//!    back ([`CouponOp`]; the wire messages are `stampede_protocol::wire`'s,
//!    their field mapping `cluster::codec`'s);
//! 2. its decision on the actor's projection (`CouponActor::on_*`);
//! 3. its step in the batch transaction (`Batch::*`, run by `coupon::commit`);
//! 4. its settle step, once the commit's outcome is known.
//!
//! `Shards::run` routes any operation to the actor that owns its code, here or
//! on a peer, and `cluster::serve` answers any operation a peer forwards, so
//! adding an operation is a new file here plus one arm in each enum that names
//! the operations (`CouponCommand`, the wire's `PeerOp`, the gateway's match).
//!
//! | operation | file |
//! |---|---|
//! | redeem (and reserve) | [`redeem`] |
//! | validate (and preview, eligibility) | [`validate`] |
//! | void, release, expire | [`void`] |
//! | confirm a reservation | [`confirm`] |
//! | patch, revoke, delete | [`update`] |
//! | read the coupon | [`get`] |
//! | set the limit set | [`set_limits`] |
//! | give back campaign quota on recall | [`recall`] |

use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::wire::{PeerOp, PeerReply, PeerResult};
use stampede_protocol::{Coupon, Redemption};

use crate::campaign::LeaseReturn;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, Reply, ValidateOutcome};
use crate::error::ActorError;

pub(crate) mod confirm;
pub(crate) mod get;
pub(crate) mod recall;
pub(crate) mod redeem;
pub(crate) mod set_limits;
pub(crate) mod update;
pub(crate) mod validate;
pub(crate) mod void;

/// A request to the actor of one code: what it answers, and how it travels.
///
/// `Clone` because routing may fall back to the local actor after asking the
/// ring; a peer's frame is decoded into the same value.
pub(crate) trait CouponOp: Clone + Send + Sync + 'static {
    /// What a success answers.
    type Answer: Answer;
    /// The operation's message inside a peer's request frame.
    type Wire;

    /// This operation as a peer's request.
    fn to_wire(&self) -> PeerOp;
    /// A peer's request, checked (never panics on malformed input).
    fn from_wire(wire: Self::Wire) -> Result<Self, CodecError>;
    /// The message to the code's actor, answered on `reply`.
    fn command(self, reply: Reply<Self::Answer>) -> CouponCommand;

    /// The trace this request belongs to, carried to the owner node in the
    /// frame's envelope (see `stampede_protocol::trace_context`).
    fn trace(&self) -> Option<TraceContext> {
        None
    }

    /// This request in the trace a peer's frame named; operations that open
    /// no span of their own ignore it.
    fn with_trace(self, _trace: Option<TraceContext>) -> Self {
        self
    }
}

/// What an operation answers, as it crosses back from the owner node.
pub(crate) trait Answer: Sized + Send + 'static {
    /// A success as the owner's reply.
    fn to_wire(self) -> PeerResult;
    /// The owner's reply, checked.
    fn from_wire(reply: PeerReply) -> Result<Self, ActorError>;
}

impl Answer for Redemption {
    fn to_wire(self) -> PeerResult {
        PeerResult::RedemptionJson(codec::json(&self))
    }

    fn from_wire(reply: PeerReply) -> Result<Self, ActorError> {
        codec::redemption_of(reply)
    }
}

impl Answer for Coupon {
    fn to_wire(self) -> PeerResult {
        PeerResult::CouponJson(codec::json(&self))
    }

    fn from_wire(reply: PeerReply) -> Result<Self, ActorError> {
        codec::coupon_of(reply)
    }
}

impl Answer for ValidateOutcome {
    fn to_wire(self) -> PeerResult {
        PeerResult::Validated(codec::validated_to_wire(&self))
    }

    fn from_wire(reply: PeerReply) -> Result<Self, ActorError> {
        codec::validated_of(reply)
    }
}

impl Answer for Option<LimitSet> {
    fn to_wire(self) -> PeerResult {
        PeerResult::LimitSetJson(codec::json(&self))
    }

    fn from_wire(reply: PeerReply) -> Result<Self, ActorError> {
        codec::limit_set_of(reply)
    }
}

impl Answer for LeaseReturn {
    fn to_wire(self) -> PeerResult {
        PeerResult::LeaseReturn(codec::lease_return_to_wire(&self))
    }

    fn from_wire(reply: PeerReply) -> Result<Self, ActorError> {
        codec::lease_return_of(reply)
    }
}
