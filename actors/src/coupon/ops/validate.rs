//! Validate a code against a cart without side effects: the one verdict
//! (`coupon/actor/verdict.rs`) on the actor's projection, which `/validate`,
//! `/preview` and `/eligibility/check` all ask.

use stampede_protocol::campaign::Quota;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::wire::{PeerOp, ValidateOp};
use stampede_protocol::Context;

use super::CouponOp;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, Reply, ValidateOutcome};
use crate::coupon::actor::CouponActor;
use crate::error::ActorError;
use crate::shards::Shards;

/// Evaluate the code against a context.
#[derive(Debug, Clone)]
pub(crate) struct Validate {
    /// The code as the customer typed it; `None` when the caller names it.
    pub entered: Option<String>,
    pub context: Context,
    pub trace: Option<TraceContext>,
}

impl CouponOp for Validate {
    type Answer = ValidateOutcome;
    type Wire = ValidateOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Validate(ValidateOp {
            context_json: codec::json(&self.context),
            entered_code: self.entered.clone(),
        })
    }

    fn from_wire(wire: ValidateOp) -> Result<Self, CodecError> {
        Ok(Self {
            context: codec::context_from_json(&wire.context_json)?,
            entered: wire.entered_code,
            trace: None,
        })
    }

    fn command(self, reply: Reply<ValidateOutcome>) -> CouponCommand {
        CouponCommand::Validate {
            context: Box::new(self.context),
            entered_code: self.entered,
            trace: self.trace,
            reply,
        }
    }

    fn trace(&self) -> Option<TraceContext> {
        self.trace
    }

    fn with_trace(mut self, trace: Option<TraceContext>) -> Self {
        self.trace = trace;
        self
    }
}

use crate::fraud::tally::Refusal;

impl Shards {
    /// Evaluates `code` against a context on its owner, without side effects.
    /// `entered` is the code as the customer typed it (a case-sensitive
    /// coupon refuses another spelling), `None` when the caller names it.
    pub async fn validate(
        &self,
        tenant: &str,
        code: &str,
        entered: Option<String>,
        context: Context,
    ) -> Result<ValidateOutcome, ActorError> {
        self.validate_traced(tenant, code, entered, context, None)
            .await
    }

    /// [`Shards::validate`] as part of the trace `trace` (the evaluation's
    /// span is its child).
    pub async fn validate_traced(
        &self,
        tenant: &str,
        code: &str,
        entered: Option<String>,
        context: Context,
        trace: Option<TraceContext>,
    ) -> Result<ValidateOutcome, ActorError> {
        let subjects = context.subjects(None);
        let validate = Validate {
            entered,
            context,
            trace,
        };
        let answer = self.run(tenant, code, validate).await;
        let refusal = match &answer {
            Ok(outcome) if outcome.evaluation.is_valid() => None,
            Ok(outcome) => Some(
                outcome
                    .evaluation
                    .reasons
                    .first()
                    .map_or(Refusal::Other, |reason| Refusal::of(*reason)),
            ),
            Err(ActorError::Refused { code, .. }) => Some(Refusal::of(*code)),
            Err(ActorError::CouponNotFound) => Some(Refusal::NoSuchCode),
            Err(_) => None,
        };
        self.tally_attempt(tenant, &subjects, code, refusal);
        answer
    }
}

impl CouponActor {
    /// Answers at once: a validation decides nothing that needs a commit. A
    /// valid check of a promotion's code is counted for its conversion rate
    /// with the next commit.
    pub(in crate::coupon) fn on_validate(
        &mut self,
        context: &Context,
        entered: Option<&str>,
        trace: Option<TraceContext>,
        reply: Reply<ValidateOutcome>,
    ) {
        let (span, _) = crate::traces::validate_decision(trace);
        let _in_span = span.enter();
        let now = self.shards.clock.now();
        let evaluation = self.verdict(context, entered, now, 0);
        if evaluation.is_valid() && self.owner.promotion_version.is_some() {
            self.validations += 1;
        }
        let currency = evaluation
            .currency
            .as_deref()
            .or(context.currency.as_deref());
        let (channel, valid) = (context.channel.as_deref(), evaluation.is_valid());
        self.tally.validation(now, channel, currency, valid);
        let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
        let outcome = ValidateOutcome {
            coupon_id: self.state.projected.id.clone(),
            campaign_id: self.lease.as_ref().map(|l| l.campaign_id.clone()),
            lease_covers: self.lease.as_ref().is_none_or(|l| l.free.covers(&need)),
            evaluation,
        };
        let _ = reply.send(Ok(outcome));
    }
}
