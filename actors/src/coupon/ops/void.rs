//! Void, release or expire a redemption: give back what it took, once.
//!
//! The three differ only in which redemptions they apply to ([`VoidMode`]): a
//! void takes back any use, a release only a pending reservation's, an expiry
//! only a lapsed reservation whose checkout did not commit. A second void of
//! the same redemption, concurrent or later, releases nothing.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::campaign::Quota;
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::wire::{PeerOp, VoidOp};
use stampede_protocol::{CouponType, ErrorCode, Redemption, RedemptionStatus};
use stampede_storage::{keys, StorageError};

use super::CouponOp;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, Reply, VoidMode, VoidRequest};
use crate::coupon::actor::{commit_refusal, gift_card_delta, CouponActor, Entry, Waiter};
use crate::coupon::commit::{to_value, Batch, Op, OpOutcome};
use crate::coupon::lease::quota_of;
use crate::error::ActorError;
use crate::records::{decode, encode};
use crate::shards::Shards;

/// Void, release or expire one redemption of the code.
#[derive(Debug, Clone)]
pub(crate) struct Void {
    pub redemption_id: String,
    pub reason: Option<String>,
    pub idem: Option<IdemSpec>,
    pub mode: VoidMode,
    pub provenance: Provenance,
}

impl From<VoidRequest> for Void {
    fn from(request: VoidRequest) -> Self {
        Self {
            redemption_id: request.redemption_id,
            reason: request.reason,
            idem: request.idem,
            mode: request.mode,
            provenance: request.provenance,
        }
    }
}

impl CouponOp for Void {
    type Answer = Redemption;
    type Wire = VoidOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Void(VoidOp {
            redemption_id: self.redemption_id.clone(),
            reason: self.reason.clone(),
            idem: codec::idem_to_wire(&self.idem),
            mode: codec::void_mode_to_wire(self.mode) as i32,
            provenance: codec::provenance_to_wire(&self.provenance),
        })
    }

    fn from_wire(wire: VoidOp) -> Result<Self, CodecError> {
        Ok(Self {
            mode: codec::void_mode_from_wire(wire.mode)?,
            redemption_id: wire.redemption_id,
            reason: wire.reason,
            idem: codec::idem_from_wire(wire.idem),
            provenance: codec::provenance_from_wire(wire.provenance)?,
        })
    }

    fn command(self, reply: Reply<Redemption>) -> CouponCommand {
        CouponCommand::Void {
            redemption_id: self.redemption_id,
            reason: self.reason,
            idem: self.idem,
            mode: self.mode,
            provenance: self.provenance,
            reply,
        }
    }
}

impl Shards {
    /// Voids a redemption of `code` on its owner, releasing what it took, once.
    pub async fn void(
        &self,
        tenant: &str,
        code: &str,
        redemption_id: String,
        reason: Option<String>,
        idem: Option<IdemSpec>,
        provenance: &Provenance,
    ) -> Result<Redemption, ActorError> {
        let request = VoidRequest {
            redemption_id,
            reason,
            idem,
            mode: VoidMode::Void,
            provenance: provenance.clone(),
        };
        self.void_with(tenant, code, request).await
    }

    /// Voids, releases or expires a redemption of `code` on its owner (see
    /// [`VoidMode`]).
    pub async fn void_with(
        &self,
        tenant: &str,
        code: &str,
        request: VoidRequest,
    ) -> Result<Redemption, ActorError> {
        self.run(tenant, code, Void::from(request)).await
    }
}

impl CouponActor {
    /// Decides a void: joins one already pending for the same redemption, else
    /// reads the redemption, answers at once when there is nothing to give
    /// back, and queues the give-back otherwise.
    pub(in crate::coupon) async fn on_void(
        &mut self,
        request: VoidRequest,
        reply: Reply<Redemption>,
    ) {
        let op = Void::from(request);
        let redemption_id = op.redemption_id.clone();
        let mode = op.mode;
        let Some(reply) = self.join_pending_void(&redemption_id, reply) else {
            return;
        };
        let record = match self.own_redemption(&redemption_id).await {
            Ok(record) => record,
            Err(err) => {
                let _ = reply.send(Err(err));
                return;
            }
        };
        let now = self.shards.clock.now();
        match nothing_to_give_back(&record, mode, now) {
            Ok(false) => {}
            Ok(true) => {
                // Already voided, released or expired: a second one releases nothing.
                let _ = reply.send(Ok(record));
                return;
            }
            Err(err) => {
                let _ = reply.send(Err(err));
                return;
            }
        }
        if let Err(err) = self.uncount(&record).await {
            let _ = reply.send(Err(err));
            return;
        }
        self.queue_void(op, record, now, reply);
    }

    /// A void of a redemption whose void is pending hears that one's answer.
    /// Gives the reply back when none is pending.
    fn join_pending_void(
        &mut self,
        redemption_id: &str,
        reply: Reply<Redemption>,
    ) -> Option<Reply<Redemption>> {
        if !self.state.pending_voids.contains(redemption_id) {
            return Some(reply);
        }
        let waiting = self
            .pending
            .iter_mut()
            .chain(self.inflight.iter_mut())
            .find_map(|entry| match &mut entry.waiter {
                Waiter::Void {
                    replies,
                    redemption,
                } if redemption.id == redemption_id => Some(replies),
                _ => None,
            });
        match waiting {
            Some(replies) => {
                replies.push(reply);
                None
            }
            None => Some(reply),
        }
    }

    /// Takes the redemption out of the projection's counts (customer and limit
    /// counters loaded first when not cached).
    async fn uncount(&mut self, record: &Redemption) -> Result<(), ActorError> {
        self.ensure_customer(record.user_id.as_deref()).await?;
        let mut missing: Vec<String> = record
            .counters
            .iter()
            .filter(|name| self.state.needs_counter(name))
            .cloned()
            .collect();
        self.load_counters(&mut missing).await?;
        self.state.count(record, -1)
    }

    /// Loads a customer's committed count when it is not cached.
    async fn ensure_customer(&mut self, user: Option<&str>) -> Result<(), StorageError> {
        let Some(user) = user else { return Ok(()) };
        if !self.state.needs_customer(user) {
            return Ok(());
        }
        let users = [user.to_owned()];
        let counts = crate::coupon::load::customer_counts(
            &self.shards.store,
            &self.owner.tenant,
            &self.owner.coupon_id,
            &users,
        )
        .await?;
        self.state.customer_committed.extend(counts);
        Ok(())
    }

    /// Queues a decided void for the next commit.
    fn queue_void(
        &mut self,
        op: Void,
        record: Redemption,
        now: DateTime<Utc>,
        reply: Reply<Redemption>,
    ) {
        self.state.pending_voids.insert(record.id.clone());
        let releases = record
            .campaign_id
            .as_ref()
            .filter(|c| self.owner.campaign_id.as_ref() == Some(*c))
            .map(|_| quota_of(&record));
        let delta_balance = gift_card_delta(&self.state.projected, &record, 1);
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::Void {
                redemption_id: record.id.clone(),
                reason: op.reason,
                at: now,
                idem: op.idem,
                mode: op.mode,
                provenance: Box::new(op.provenance),
            },
            waiter: Waiter::Void {
                replies: vec![reply],
                redemption: Box::new(record),
            },
            delta_uses: -1,
            delta_balance,
            lease_quota: releases,
            trace: None,
        });
    }

    /// Settles a void: the projection's count comes back for good when the
    /// commit applied it (and its quota returns to the lease), and is restored
    /// otherwise.
    pub(in crate::coupon) fn settle_void(
        &mut self,
        replies: Vec<Reply<Redemption>>,
        redemption: &Redemption,
        lease_quota: Option<Quota>,
        outcome: OpOutcome,
    ) {
        self.state.pending_voids.remove(&redemption.id);
        let applied = matches!(outcome, OpOutcome::Voided(_));
        self.state.settle(redemption, -1, applied);
        if applied {
            self.lease_free_add(lease_quota.as_ref());
        }
        let answer = match outcome {
            OpOutcome::Voided(voided) => Ok(voided),
            OpOutcome::AlreadyVoided(current) => Ok(current),
            OpOutcome::Duplicate(record) => {
                serde_json::from_value(record.body).map_err(|_| ActorError::IdempotencyKeyReused)
            }
            refused @ (OpOutcome::Refused(_) | OpOutcome::Inconsistent(_)) => {
                Err(commit_refusal(refused))
            }
            _ => Err(ActorError::RedemptionNotFound),
        };
        for reply in replies {
            let _ = reply.send(answer.clone());
        }
    }
}

/// Whether a stored redemption is the work of this void decision: released at
/// the decision's own time, with its reason, in its mode. Only one void of a
/// redemption is pending in an actor at a time, and a later activation reads
/// what an earlier one committed before it decides, so no other decision
/// leaves this mark.
fn voided_by(
    stored: &Redemption,
    at: DateTime<Utc>,
    reason: &Option<String>,
    mode: VoidMode,
) -> bool {
    let status = match mode {
        VoidMode::Expire => RedemptionStatus::Expired,
        VoidMode::Void | VoidMode::Release => RedemptionStatus::Voided,
    };
    stored.status == status && stored.voided_at == Some(at) && stored.void_reason == *reason
}

/// Whether `mode` leaves the redemption as it is (answered with it as it
/// stands), or refuses it outright: a release of a confirmed redemption.
fn nothing_to_give_back(
    record: &Redemption,
    mode: VoidMode,
    now: DateTime<Utc>,
) -> Result<bool, ActorError> {
    Ok(match mode {
        VoidMode::Void => !record.holds_use(),
        VoidMode::Release if record.status == RedemptionStatus::Success => {
            return Err(ActorError::refused(
                ErrorCode::RedemptionNotPending,
                "a confirmed redemption is voided, not released",
            ));
        }
        VoidMode::Release => !record.holds_use(),
        VoidMode::Expire => {
            record.status != RedemptionStatus::Pending || record.expires_at.is_none_or(|e| now < e)
        }
    })
}

impl Batch<'_> {
    /// Voids a stored redemption, re-checking in the transaction that it still
    /// holds a use and that `mode` applies to it.
    pub(in crate::coupon) async fn void(
        &mut self,
        redemption_id: &str,
        reason: &Option<String>,
        at: DateTime<Utc>,
        idem: Option<&IdemSpec>,
        mode: VoidMode,
    ) -> Result<OpOutcome, StorageError> {
        let key = keys::redemption(&self.owner.tenant, redemption_id);
        let stored = match self.tx.get(&key).await? {
            Some(bytes) => Some(decode::<Redemption>(&key, &bytes)?),
            None => None,
        };
        if let Some(voided) = stored.as_ref().filter(|r| voided_by(r, at, reason, mode)) {
            // An earlier attempt of this very batch applied it (its commit's
            // result was unknown): it counts as applied, so the actor gives
            // back what the void released, as it would have then.
            return Ok(OpOutcome::Voided(voided.clone()));
        }
        if let Some(idem) = idem {
            if let Some(record) = self.stored_response(idem).await? {
                return Ok(OpOutcome::Duplicate(record));
            }
        }
        let Some(mut redemption) = stored else {
            return Ok(OpOutcome::RedemptionMissing);
        };
        if !redemption.holds_use() {
            return Ok(OpOutcome::AlreadyVoided(redemption));
        }
        let pending = redemption.status == RedemptionStatus::Pending;
        if let Some(outcome) = self.void_refusal(&redemption, mode, at).await? {
            return Ok(outcome);
        }
        // Checked before anything is written: a stored count that does not count
        // this redemption refuses this one void, not the batch around it.
        let Some(uses) = self.coupon.uses_count.checked_sub(1) else {
            return Ok(OpOutcome::Inconsistent(format!(
                "redemption {redemption_id} holds a use but the stored uses_count is 0"
            )));
        };
        if pending {
            self.dequeue_expiry(&redemption)?;
        }
        let before = to_value(&redemption)?;
        redemption.status = if mode == VoidMode::Expire {
            RedemptionStatus::Expired
        } else {
            RedemptionStatus::Voided
        };
        redemption.voided_at = Some(at);
        redemption.void_reason = reason.clone();
        self.coupon.uses_count = uses;
        self.give_back(&redemption).await?;
        self.tx.set(&key, &encode(&redemption)?)?;
        if !pending {
            self.void_reward(&redemption.id, at).await?;
        }
        let body = to_value(&redemption)?;
        if let Some(idem) = idem {
            self.store_response(idem, 200, body.clone(), None)?;
        }
        let name = match mode {
            VoidMode::Void => "redemption.voided",
            VoidMode::Release => "redemption.released",
            VoidMode::Expire => "redemption.expired",
        };
        let event = Event::new(name, "redemption", &redemption.id, at)
            .before(before)
            .after(body);
        self.event(event, reason.as_ref())?;
        Ok(OpOutcome::Voided(redemption))
    }

    /// Why `mode` leaves this redemption as it is: a release of one that is not
    /// pending, or an expiry not due (or whose checkout committed).
    async fn void_refusal(
        &mut self,
        redemption: &Redemption,
        mode: VoidMode,
        at: DateTime<Utc>,
    ) -> Result<Option<OpOutcome>, StorageError> {
        let pending = redemption.status == RedemptionStatus::Pending;
        Ok(match mode {
            VoidMode::Release if !pending => {
                Some(OpOutcome::Refused(ErrorCode::RedemptionNotPending))
            }
            VoidMode::Expire if !pending || redemption.expires_at.is_none_or(|e| at < e) => {
                Some(OpOutcome::AlreadyVoided(redemption.clone()))
            }
            // Its checkout committed: it will be confirmed, not expired.
            VoidMode::Expire if self.checkout_decided(redemption).await? => {
                Some(OpOutcome::AlreadyVoided(redemption.clone()))
            }
            _ => None,
        })
    }

    /// Gives back what a voided redemption held besides the coupon's use: its
    /// campaign quota, a gift card's balance, statistics, the customer's and the
    /// limit counters' counts.
    async fn give_back(&mut self, redemption: &Redemption) -> Result<(), StorageError> {
        if redemption.campaign_id.is_some() && redemption.campaign_id == self.owner.campaign_id {
            self.unspend_lease(Some(&quota_of(redemption)));
        }
        if self.coupon.kind == CouponType::GiftCard {
            let balance = self.coupon.balance.unwrap_or(Decimal::ZERO);
            self.coupon.balance = Some(balance + redemption.discount_amount);
        }
        self.count_stats(redemption, -1).await?;
        self.roll(redemption, -1);
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        // The `sabotage-void-twice` build is a deliberately broken node that
        // releases a voided redemption's counts twice: the simulation must
        // catch it (README, Simulation).
        let release = if cfg!(feature = "sabotage-void-twice") {
            -2
        } else {
            -1
        };
        if let Some(user) = &redemption.user_id {
            self.tx
                .atomic_add(&keys::customer_uses(tenant, coupon_id, user), release)?;
        }
        for name in &redemption.counters {
            self.tx
                .atomic_add(&keys::limit_counter(tenant, coupon_id, name), release)?;
        }
        Ok(())
    }
}
