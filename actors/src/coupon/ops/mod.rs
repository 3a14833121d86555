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

use stampede_protocol::wire::{PeerOp, PeerReply, PeerResult};

use crate::cluster::codec::CodecError;
use crate::command::{CouponCommand, Reply};
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
    type Answer: Send + 'static;
    /// The operation's message inside a peer's request frame.
    type Wire;

    /// This operation as a peer's request.
    fn to_wire(&self) -> PeerOp;
    /// A peer's request, checked (never panics on malformed input).
    fn from_wire(wire: Self::Wire) -> Result<Self, CodecError>;
    /// A success as the owner's reply.
    fn answer_to_wire(answer: Self::Answer) -> PeerResult;
    /// The owner's reply, checked.
    fn answer_from_wire(reply: PeerReply) -> Result<Self::Answer, ActorError>;
    /// The message to the code's actor, answered on `reply`.
    fn command(self, reply: Reply<Self::Answer>) -> CouponCommand;
}
