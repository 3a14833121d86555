//! Redeem (and reserve) a code once: the hot path.
//!
//! The actor decides against its projection (committed + pending), so many
//! redemptions ride one commit; the commit re-checks `max_uses`, the lease and a
//! gift card's balance in the transaction; the caller hears success only once
//! the redemption is durable. A retry with the same idempotency key joins the
//! pending decision or gets the stored answer, never a second use.

use rust_decimal::Decimal;
use stampede_protocol::campaign::Quota;
use stampede_protocol::event::Event;
use stampede_protocol::ids::REDEMPTION_PREFIX;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::wire::{PeerOp, RedeemOp};
use stampede_protocol::{CouponType, ErrorCode, Redemption, RedemptionStatus};
use stampede_storage::{keys, StorageError};

use super::CouponOp;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, RedeemRequest, Reply};
use crate::coupon::actor::{
    commit_refusal, gift_card_delta, record_outcome, CouponActor, Entry, Parked, Waiter,
};
use crate::coupon::commit::{to_value, Batch, Op, OpOutcome};
use crate::coupon::lease::LeaseUse;
use crate::coupon::state::IdemMemory;
use crate::engine::Evaluation;
use crate::error::ActorError;
use crate::limits;
use crate::records::{decode, encode};
use crate::shards::Shards;
use crate::telemetry;

/// Redeem one use of a code.
#[derive(Debug, Clone)]
pub(crate) struct Redeem(pub RedeemRequest);

impl CouponOp for Redeem {
    type Answer = Redemption;
    type Wire = RedeemOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Redeem(codec::redeem_to_wire(&self.0))
    }

    fn from_wire(wire: RedeemOp) -> Result<Self, CodecError> {
        codec::redeem_from_wire(wire).map(Self)
    }

    fn command(self, reply: Reply<Redemption>) -> CouponCommand {
        CouponCommand::Redeem {
            request: Box::new(self.0),
            reply,
        }
    }

    fn trace(&self) -> Option<TraceContext> {
        self.0.trace
    }

    fn with_trace(mut self, trace: Option<TraceContext>) -> Self {
        self.0.trace = trace;
        self
    }
}

use crate::fraud::tally::Refusal;

impl Shards {
    /// Redeems `code` once, on its owner. `Ok` means durable.
    pub async fn redeem(
        &self,
        tenant: &str,
        code: &str,
        request: RedeemRequest,
    ) -> Result<Redemption, ActorError> {
        let subjects = request.context.subjects(request.user_id.as_deref());
        let answer = self.run(tenant, code, Redeem(request)).await;
        let refusal = match &answer {
            Err(ActorError::Refused { code, .. }) => Some(Refusal::of(*code)),
            Err(ActorError::CouponNotFound) => Some(Refusal::NoSuchCode),
            _ => None,
        };
        self.tally_attempt(tenant, &subjects, code, refusal);
        answer
    }

    /// Counts an attempt in this node's fraud tally (`fraud::tally`): every
    /// answer, including a name no code has, which no actor sees.
    pub(crate) fn tally_attempt(
        &self,
        tenant: &str,
        subjects: &stampede_protocol::fraud::Subjects,
        code: &str,
        refusal: Option<Refusal>,
    ) {
        let now = self.inner.clock.now();
        self.inner
            .fraud
            .tally
            .attempt(tenant, subjects, code, refusal, now);
    }
}

/// A decided redemption, before it joins the pending queue.
struct Decided {
    request: Box<RedeemRequest>,
    reply: Reply<Redemption>,
    lease_use: Option<LeaseUse>,
    /// The decision's trace, for the commit's span to link.
    trace: Option<TraceContext>,
}

impl CouponActor {
    /// Decides a redemption: the verdict, the limit counters, the campaign
    /// quota, then a pending decision that the next commit carries.
    pub(in crate::coupon) fn on_redeem(
        &mut self,
        request: Box<RedeemRequest>,
        reply: Reply<Redemption>,
    ) {
        let (span, trace) = crate::traces::redeem_decision(request.trace);
        let _in_span = span.enter();
        let Some(reply) = self.replay_redeem(&request, reply) else {
            return;
        };
        let now = self.shards.clock.now();
        let mut context = request.context.clone();
        context.user_id = request.user_id.clone().or(context.user_id);
        let entered = request.entered_code.as_deref();
        let evaluation = self.verdict(&context, entered, now, request.combined_codes);
        if !evaluation.is_valid() {
            self.refuse(&evaluation, &context, reply);
            return;
        }
        let counters = limits::counters_for(&context, now, self.limits.zone());
        if counters.iter().any(|c| self.state.needs_counter(c)) {
            // Only when a parked redemption outlived its counters' cache (a new day
            // began while it waited): the client retries.
            let _ = reply.send(Err(ActorError::Unavailable(String::from(
                "usage counters moved on; retry",
            ))));
            return;
        }
        let Some(mut decided) = self.take_quota(request, reply, &evaluation) else {
            return;
        };
        decided.trace = trace;
        let campaign_id = decided.lease_use.as_ref().map(|u| u.campaign_id.clone());
        let reserve_until = decided
            .request
            .reserve
            .then(|| now + chrono::Duration::milliseconds(self.reservation_ttl_ms()));
        let id = self.shards.clock.new_id(REDEMPTION_PREFIX);
        let request = &decided.request;
        match self.state.decide_redeem(
            request,
            evaluation,
            id,
            now,
            campaign_id,
            reserve_until,
            counters,
        ) {
            Ok(redemption) => self.queue_redeem(decided, redemption),
            Err(error) => {
                self.lease_free_add(decided.lease_use.as_ref().map(|u| &u.quota));
                let context = &decided.request.context;
                self.tally_refusal(
                    context.channel.as_deref(),
                    context.currency.as_deref(),
                    &error,
                );
                self.refuse_with(error, decided.reply);
            }
        }
    }

    /// Answers a retry of an idempotency key this actor knows: the stored
    /// answer, the pending decision's answer when it lands, or a reuse refusal.
    /// Gives the reply back when the key is new.
    fn replay_redeem(
        &mut self,
        request: &RedeemRequest,
        reply: Reply<Redemption>,
    ) -> Option<Reply<Redemption>> {
        let Some(idem) = &request.idem else {
            return Some(reply);
        };
        let (now, retention) = (self.shards.clock.now(), self.shards.idempotency_retention());
        if self
            .state
            .idem
            .get(&idem.key)
            .is_some_and(|memory| memory.expired(now, retention))
        {
            // Its answer outlived the retention: the key is free.
            self.state.forget_idem(idem);
        }
        match self.state.idem.get(&idem.key) {
            Some(
                IdemMemory::Pending { fingerprint, .. } | IdemMemory::Done { fingerprint, .. },
            ) if *fingerprint != idem.fingerprint
                && !cfg!(feature = "sabotage-fingerprint-ignored") =>
            {
                let _ = reply.send(Err(ActorError::IdempotencyKeyReused));
            }
            Some(IdemMemory::Foreign { .. }) => {
                let _ = reply.send(Err(ActorError::IdempotencyKeyReused));
            }
            Some(IdemMemory::Pending { seq, .. }) => {
                let seq = *seq;
                self.attach_redeem_waiter(seq, reply);
            }
            Some(IdemMemory::Done { redemption, .. }) => {
                let _ = reply.send(Ok((**redemption).clone()));
            }
            None => return Some(reply),
        }
        None
    }

    /// Takes the redemption's campaign quota from the lease. Parks it when the
    /// lease does not cover it (or others wait already), refuses it when the
    /// lease refuses; either way `None`.
    fn take_quota(
        &mut self,
        request: Box<RedeemRequest>,
        reply: Reply<Redemption>,
        evaluation: &Evaluation,
    ) -> Option<Decided> {
        let Some(lease) = &mut self.lease else {
            return Some(Decided {
                request,
                reply,
                lease_use: None,
                trace: None,
            });
        };
        let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
        if !self.parked.is_empty() || !lease.free.covers(&need) {
            self.park(Parked {
                request,
                reply,
                need,
            });
            return None;
        }
        if let Err(err) = lease.take(&need) {
            let currency = evaluation.currency.as_deref();
            self.tally_refusal(request.context.channel.as_deref(), currency, &err);
            self.refuse_with(err, reply);
            return None;
        }
        let lease_use = Some(LeaseUse {
            campaign_id: lease.campaign_id.clone(),
            quota: need,
        });
        Some(Decided {
            request,
            reply,
            lease_use,
            trace: None,
        })
    }

    /// Queues a decided redemption for the next commit.
    fn queue_redeem(&mut self, decided: Decided, redemption: Redemption) {
        let Decided {
            request,
            reply,
            lease_use,
            trace: decided_trace,
        } = decided;
        let held = lease_use.as_ref().map(|u| u.quota.clone());
        let seq = self.next_seq();
        if let Some(idem) = &request.idem {
            self.state.remember_pending(idem, seq);
        }
        let delta_balance = gift_card_delta(&self.state.projected, &redemption, -1);
        let replies = if cfg!(feature = "sabotage-ack-before-durable") {
            // A deliberately broken build (README, Simulation): the success
            // is answered before its commit, which may still fail.
            let _ = reply.send(Ok(redemption.clone()));
            Vec::new()
        } else {
            vec![reply]
        };
        self.pending.push_back(Entry {
            seq,
            op: Op::Redeem {
                redemption: Box::new(redemption.clone()),
                idem: request.idem.clone(),
                lease: lease_use,
                provenance: Box::new(request.provenance.clone()),
            },
            waiter: Waiter::Redeem {
                replies,
                redemption: Box::new(redemption),
                idem: request.idem,
            },
            delta_uses: 1,
            delta_balance,
            lease_quota: held,
            trace: decided_trace,
        });
    }

    /// A retry of a pending decision's key hears that decision's answer.
    fn attach_redeem_waiter(&mut self, seq: u64, reply: Reply<Redemption>) {
        let entry = self
            .pending
            .iter_mut()
            .chain(self.inflight.iter_mut())
            .find(|entry| entry.seq == seq);
        match entry {
            Some(Entry {
                waiter: Waiter::Redeem { replies, .. },
                ..
            }) => replies.push(reply),
            _ => {
                let _ = reply.send(Err(ActorError::Unavailable(String::from(
                    "idempotent request in an unknown state; retry",
                ))));
            }
        }
    }

    /// Settles a redemption once its commit's outcome is known: the projection
    /// moves from pending to committed (or drops it), quota the commit refused
    /// goes back to the lease, and every waiter hears the one answer.
    pub(in crate::coupon) fn settle_redeem(
        &mut self,
        replies: Vec<Reply<Redemption>>,
        redemption: &Redemption,
        idem: Option<stampede_protocol::idempotency::IdemSpec>,
        lease_quota: Option<Quota>,
        outcome: OpOutcome,
    ) {
        if !matches!(outcome, OpOutcome::Redeemed(_)) {
            self.lease_free_add(lease_quota.as_ref());
        }
        let answer = match outcome {
            OpOutcome::Redeemed(stored) => {
                self.state.settle(redemption, 1, true);
                if let Some(idem) = &idem {
                    // Decided before its commit stored the answer: forgotten
                    // no later than the stored record.
                    self.state.remember_done(idem, &stored, stored.created_at);
                }
                Ok(stored)
            }
            OpOutcome::Duplicate(record) => {
                self.state.settle(redemption, 1, false);
                let same = idem
                    .as_ref()
                    .is_some_and(|i| i.fingerprint == record.fingerprint);
                let at = record.created_at;
                match serde_json::from_value::<Redemption>(record.body) {
                    Ok(stored) if same => {
                        if let Some(idem) = &idem {
                            self.state.remember_done(idem, &stored, at);
                        }
                        Ok(stored)
                    }
                    _ => {
                        if let Some(idem) = &idem {
                            self.state.forget_idem(idem);
                        }
                        Err(ActorError::IdempotencyKeyReused)
                    }
                }
            }
            other => {
                self.state.settle(redemption, 1, false);
                if let Some(idem) = &idem {
                    self.state.forget_idem(idem);
                }
                Err(commit_refusal(other))
            }
        };
        match &answer {
            Ok(_) => {
                metrics::counter!(telemetry::REDEMPTIONS_TOTAL, "outcome" => "success").increment(1)
            }
            Err(err) => {
                let channel = redemption.channel.as_deref();
                self.tally_refusal(channel, redemption.currency.as_deref(), err);
                record_outcome(err);
            }
        }
        for reply in replies {
            let _ = reply.send(answer.clone());
        }
    }
}

impl Batch<'_> {
    /// Writes a redemption, re-checking what the transaction can: not written
    /// already (a retry of this batch), the idempotency key free, `max_uses`,
    /// the campaign lease and a gift card's balance.
    pub(in crate::coupon) async fn redeem(
        &mut self,
        redemption: &Redemption,
        idem: Option<&stampede_protocol::idempotency::IdemSpec>,
        lease_use: Option<&LeaseUse>,
    ) -> Result<OpOutcome, StorageError> {
        let key = keys::redemption(&self.owner.tenant, &redemption.id);
        if let Some(bytes) = self.tx.get(&key).await? {
            // Written by an earlier attempt of this batch whose commit result was
            // unknown: the stored counters already include it.
            return Ok(OpOutcome::Redeemed(decode(&key, &bytes)?));
        }
        if let Some(idem) = idem {
            if let Some(record) = self.stored_response(idem).await? {
                return Ok(OpOutcome::Duplicate(record));
            }
        }
        if let Some(refused) = self.take_use(redemption, lease_use)? {
            return Ok(refused);
        }
        self.tx.set(&key, &encode(redemption)?)?;
        self.index_redemption(redemption)?;
        self.grant_reward(redemption).await?;
        self.count_stats(redemption, 1).await?;
        self.roll(redemption, 1);
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        if let Some(user) = &redemption.user_id {
            self.tx
                .atomic_add(&keys::customer_uses(tenant, coupon_id, user), 1)?;
        }
        for name in &redemption.counters {
            self.tx
                .atomic_add(&keys::limit_counter(tenant, coupon_id, name), 1)?;
        }
        let body = to_value(redemption)?;
        if let Some(idem) = idem {
            self.store_response(idem, 201, body.clone(), Some(&redemption.id))?;
        }
        let kind = if redemption.status == RedemptionStatus::Pending {
            "redemption.reserved"
        } else {
            "coupon.redeemed"
        };
        let event = Event::new(kind, "redemption", &redemption.id, self.now).after(body);
        self.event(event, None)?;
        Ok(OpOutcome::Redeemed(redemption.clone()))
    }

    /// Counts the use on the coupon (and spends the lease and a gift card's
    /// balance), or says why the stored state refuses it.
    fn take_use(
        &mut self,
        redemption: &Redemption,
        lease_use: Option<&LeaseUse>,
    ) -> Result<Option<OpOutcome>, StorageError> {
        if let Some(max) = self.coupon.max_uses {
            if self.coupon.uses_count >= max {
                return Ok(Some(OpOutcome::Refused(ErrorCode::LimitReached)));
            }
        }
        let Some(uses) = self.coupon.uses_count.checked_add(1) else {
            return Ok(Some(OpOutcome::Inconsistent(format!(
                "the stored uses_count {} cannot count one more",
                self.coupon.uses_count
            ))));
        };
        if let Some(refusal) = self.spend_lease(lease_use) {
            return Ok(Some(OpOutcome::Refused(refusal)));
        }
        if self.coupon.kind == CouponType::GiftCard {
            let balance = self.coupon.balance.unwrap_or(Decimal::ZERO);
            if redemption.discount_amount > balance {
                self.unspend_lease(lease_use.map(|u| &u.quota));
                return Ok(Some(OpOutcome::Refused(ErrorCode::BalanceExhausted)));
            }
            self.coupon.balance = Some(balance - redemption.discount_amount);
        }
        self.coupon.uses_count = uses;
        debug_assert!(self
            .coupon
            .max_uses
            .is_none_or(|max| self.coupon.uses_count <= max));
        Ok(None)
    }

    /// The redemption's indexes: by coupon, by order reference, and the
    /// reservation expiry queue.
    fn index_redemption(&mut self, redemption: &Redemption) -> Result<(), StorageError> {
        let tenant = &self.owner.tenant;
        let index = keys::coupon_redemption(tenant, &self.owner.coupon_id, &redemption.id);
        self.tx.set(&index, b"")?;
        if let Some(reference) = &redemption.reference_id {
            let by_reference = keys::reference_redemption(tenant, reference, &redemption.id);
            self.tx.set(&by_reference, b"")?;
        }
        if let (RedemptionStatus::Pending, Some(expires_at)) =
            (redemption.status, redemption.expires_at)
        {
            let queued =
                keys::reservation_expiry(expires_at.timestamp_millis(), tenant, &redemption.id);
            self.tx.set(&queued, self.owner.code.as_bytes())?;
        }
        Ok(())
    }
}
