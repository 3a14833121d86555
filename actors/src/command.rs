//! What a `CouponActor` is asked, and what it answers.

use std::collections::BTreeMap;

use stampede_protocol::event::Provenance;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::{Context, Coupon, CouponPatch, Redemption};
use tokio::sync::oneshot;

use crate::campaign::LeaseReturn;
use crate::engine::Evaluation;
use crate::error::ActorError;

/// A redemption attempt, already validated at the edge.
#[derive(Debug, Clone, Default)]
pub struct RedeemRequest {
    pub user_id: Option<String>,
    pub reference_type: Option<String>,
    pub reference_id: Option<String>,
    pub context: Context,
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Idempotency key (or `redemption_client_id`): one redemption per key.
    pub idem: Option<IdemSpec>,
    pub redemption_client_id: Option<String>,
    /// Reserve instead of redeem: the redemption is `pending` until confirmed,
    /// released, or expired, and holds its use meanwhile.
    pub reserve: bool,
    /// Other codes applied in the same order (multi-code checkout): an
    /// exclusive coupon refuses to be combined.
    pub combined_codes: usize,
    /// The multi-code checkout this reservation belongs to.
    pub checkout_id: Option<String>,
    /// The code as the customer typed it, for a case-sensitive coupon; `None`
    /// from callers that name the code themselves (bulk jobs, tests).
    pub entered_code: Option<String>,
    /// Who asks, recorded with the redemption's event.
    pub provenance: Provenance,
    /// The trace the request belongs to: the decision's span is its child.
    pub trace: Option<TraceContext>,
}

/// A void, release or expiry of one redemption (see [`VoidMode`]).
#[derive(Debug, Clone)]
pub struct VoidRequest {
    pub redemption_id: String,
    /// Why (stored on the redemption as `void_reason`).
    pub reason: Option<String>,
    pub idem: Option<IdemSpec>,
    pub mode: VoidMode,
    pub provenance: Provenance,
}

/// What a void-like command does to a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoidMode {
    /// Void a success or pending redemption (an unredemption).
    Void,
    /// Release a pending reservation; a confirmed one is refused.
    Release,
    /// Expire a pending reservation whose `expires_at` has passed; otherwise
    /// nothing happens.
    Expire,
}

/// The kinds of definition change, all decided by the owning actor because it is
/// the only writer of the coupon record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateKind {
    Patch,
    Revoke,
    SoftDelete,
    HardDelete,
}

/// A definition change.
#[derive(Debug, Clone)]
pub struct CouponUpdate {
    pub kind: UpdateKind,
    pub patch: CouponPatch,
    pub reason: Option<String>,
    pub idem: Option<IdemSpec>,
    /// Who asks, recorded with the change's event.
    pub provenance: Provenance,
}

/// Answer to a validate: which coupon answered, and the engine's evaluation
/// against the actor's projection (committed plus pending decisions).
#[derive(Debug, Clone)]
pub struct ValidateOutcome {
    pub coupon_id: String,
    pub evaluation: Evaluation,
    /// The campaign whose budget a redemption would spend, if any.
    pub campaign_id: Option<String>,
    /// Whether the coupon's own lease covers a redemption now; when it does not,
    /// the campaign decides (see `Campaigns::probe`).
    pub lease_covers: bool,
}

pub(crate) type Reply<T> = oneshot::Sender<Result<T, ActorError>>;

/// A message to a coupon actor.
#[derive(Debug)]
pub(crate) enum CouponCommand {
    Redeem {
        request: Box<RedeemRequest>,
        reply: Reply<Redemption>,
    },
    Validate {
        context: Box<Context>,
        /// The code as typed (see [`RedeemRequest::entered_code`]).
        entered_code: Option<String>,
        trace: Option<TraceContext>,
        reply: Reply<ValidateOutcome>,
    },
    Void {
        redemption_id: String,
        reason: Option<String>,
        idem: Option<IdemSpec>,
        mode: VoidMode,
        provenance: Provenance,
        reply: Reply<Redemption>,
    },
    /// Confirm (burn) a pending reservation.
    Confirm {
        redemption_id: String,
        idem: Option<IdemSpec>,
        provenance: Provenance,
        reply: Reply<Redemption>,
    },
    Update {
        update: Box<CouponUpdate>,
        reply: Reply<Coupon>,
    },
    Get {
        reply: Reply<Coupon>,
    },
    /// Replace (`Some`) or remove (`None`) the coupon's limit set, if its current
    /// version is `expected_version` (0: none yet).
    SetLimits {
        set: Option<Box<LimitSet>>,
        /// `Some`: replace the consumer list; `None`: keep it (cleared with the set).
        consumers: Option<Vec<String>>,
        expected_version: Option<u64>,
        provenance: Provenance,
        reply: Reply<Option<LimitSet>>,
    },
    /// The campaign asks for the unused quota this coupon holds of it.
    Recall {
        campaign_id: String,
        /// The coupon's own acquire waits for this recall.
        waiting: bool,
        reply: Reply<LeaseReturn>,
    },
}

impl CouponCommand {
    /// Answers the command with an error, whatever it was.
    pub(crate) fn fail(self, err: ActorError) {
        // A dropped receiver means the caller gave up; nothing to do.
        match self {
            Self::Redeem { reply, .. } | Self::Void { reply, .. } | Self::Confirm { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            Self::Validate { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            Self::Update { reply, .. } | Self::Get { reply } => {
                let _ = reply.send(Err(err));
            }
            Self::SetLimits { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            Self::Recall { reply, .. } => {
                let _ = reply.send(Err(err));
            }
        }
    }

    /// The user whose per-customer count the decision needs, if any.
    pub(crate) fn customer(&self) -> Option<&str> {
        match self {
            Self::Redeem { request, .. } => request
                .user_id
                .as_deref()
                .or(request.context.user_id.as_deref()),
            Self::Validate { context, .. } => context.user_id.as_deref(),
            _ => None,
        }
    }
}
