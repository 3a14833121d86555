//! Confirm (burn) a reservation: `pending` → `success` before it lapses, or,
//! for a checkout that committed, even after. The use was counted when it was
//! reserved, so a confirm moves no counter.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::wire::{ConfirmOp, PeerOp};
use stampede_protocol::{ErrorCode, Redemption, RedemptionStatus};
use stampede_storage::{keys, StorageError};

use super::CouponOp;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, Reply, VoidMode, VoidRequest};
use crate::coupon::actor::{CouponActor, Entry, Waiter};
use crate::coupon::commit::{to_value, Batch, Op, OpOutcome};
use crate::error::ActorError;
use crate::records::{decode, encode};
use crate::shards::Shards;

/// Confirm one pending reservation of the code.
#[derive(Debug, Clone)]
pub(crate) struct Confirm {
    pub redemption_id: String,
    pub idem: Option<IdemSpec>,
    pub provenance: Provenance,
}

impl CouponOp for Confirm {
    type Answer = Redemption;
    type Wire = ConfirmOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Confirm(ConfirmOp {
            redemption_id: self.redemption_id.clone(),
            idem: codec::idem_to_wire(&self.idem),
            provenance: codec::provenance_to_wire(&self.provenance),
        })
    }

    fn from_wire(wire: ConfirmOp) -> Result<Self, CodecError> {
        Ok(Self {
            redemption_id: wire.redemption_id,
            idem: codec::idem_from_wire(wire.idem),
            provenance: codec::provenance_from_wire(wire.provenance)?,
        })
    }

    fn command(self, reply: Reply<Redemption>) -> CouponCommand {
        CouponCommand::Confirm {
            redemption_id: self.redemption_id,
            idem: self.idem,
            provenance: self.provenance,
            reply,
        }
    }
}

impl Shards {
    /// Confirms (burns) a pending reservation of `code` on its owner.
    pub async fn confirm(
        &self,
        tenant: &str,
        code: &str,
        redemption_id: String,
        idem: Option<IdemSpec>,
        provenance: &Provenance,
    ) -> Result<Redemption, ActorError> {
        let op = Confirm {
            redemption_id,
            idem,
            provenance: provenance.clone(),
        };
        self.run(tenant, code, op).await
    }
}

impl CouponActor {
    /// Confirms a reservation that has not expired. Confirming a confirmed one
    /// answers it again; one that expired (or was released) is refused and nothing
    /// is taken.
    pub(in crate::coupon) async fn on_confirm(
        &mut self,
        redemption_id: String,
        idem: Option<IdemSpec>,
        provenance: Provenance,
        reply: Reply<Redemption>,
    ) {
        let record = match self.own_redemption(&redemption_id).await {
            Ok(record) => record,
            Err(err) => {
                let _ = reply.send(Err(err));
                return;
            }
        };
        let now = self.shards.clock.now();
        match record.status {
            RedemptionStatus::Success => {
                let _ = reply.send(Ok(record));
                return;
            }
            RedemptionStatus::Pending if record.expires_at.is_none_or(|e| now < e) => {}
            // The `sabotage-confirm-after-expiry` build is a deliberately broken
            // node that confirms a lapsed reservation: the simulation must
            // catch it (README, Simulation).
            RedemptionStatus::Pending | RedemptionStatus::Expired
                if cfg!(feature = "sabotage-confirm-after-expiry") => {}
            // Lapsed, but part of a checkout: its commit confirms it if the
            // checkout decided, and refuses it otherwise.
            RedemptionStatus::Pending if record.checkout_id.is_some() => {}
            RedemptionStatus::Pending | RedemptionStatus::Expired => {
                self.refuse_lapsed(record, reply).await;
                return;
            }
            RedemptionStatus::Voided | RedemptionStatus::Failed => {
                let _ = reply.send(Err(ActorError::refused(
                    ErrorCode::RedemptionNotPending,
                    "the reservation was released",
                )));
                return;
            }
        }
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::Confirm {
                redemption_id,
                at: now,
                idem,
                provenance: Box::new(provenance),
            },
            waiter: Waiter::Confirm {
                replies: vec![reply],
            },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
            trace: None,
        });
    }

    /// Answers a confirm once its commit's outcome is known.
    pub(in crate::coupon) fn settle_confirm(
        &self,
        replies: Vec<Reply<Redemption>>,
        outcome: OpOutcome,
    ) {
        let answer = match outcome {
            OpOutcome::Confirmed(record) | OpOutcome::AlreadyConfirmed(record) => Ok(record),
            OpOutcome::Refused(ErrorCode::ReservationExpired) => Err(reservation_expired()),
            OpOutcome::Refused(code) => {
                Err(ActorError::refused(code, "the reservation was released"))
            }
            OpOutcome::Duplicate(record) => {
                serde_json::from_value(record.body).map_err(|_| ActorError::IdempotencyKeyReused)
            }
            _ => Err(ActorError::RedemptionNotFound),
        };
        for reply in replies {
            let _ = reply.send(answer.clone());
        }
    }

    /// Refuses the confirm of a lapsed reservation. One not yet swept is
    /// released now, and the refusal is answered once the release is durable.
    async fn refuse_lapsed(&mut self, record: Redemption, reply: Reply<Redemption>) {
        if record.status == RedemptionStatus::Pending {
            let (expire_reply, _) = tokio::sync::oneshot::channel();
            let op = VoidRequest {
                redemption_id: record.id,
                reason: Some(String::from("expired")),
                idem: None,
                mode: VoidMode::Expire,
                provenance: Provenance::system("reservations"),
            };
            self.on_void(op, expire_reply).await;
        }
        self.refuse_with(reservation_expired(), reply);
    }
}

fn reservation_expired() -> ActorError {
    ActorError::refused(
        ErrorCode::ReservationExpired,
        "the reservation expired before it was confirmed; nothing was taken",
    )
}

impl Batch<'_> {
    /// Burns a reservation: `pending` → `success`, before it expires (or after,
    /// when its checkout decided).
    pub(in crate::coupon) async fn confirm(
        &mut self,
        redemption_id: &str,
        at: DateTime<Utc>,
        idem: Option<&IdemSpec>,
    ) -> Result<OpOutcome, StorageError> {
        if let Some(idem) = idem {
            if let Some(record) = self.stored_response(idem).await? {
                return Ok(OpOutcome::Duplicate(record));
            }
        }
        let key = keys::redemption(&self.owner.tenant, redemption_id);
        let Some(bytes) = self.tx.get(&key).await? else {
            return Ok(OpOutcome::RedemptionMissing);
        };
        let mut redemption: Redemption = decode(&key, &bytes)?;
        let before = to_value(&redemption)?;
        match redemption.status {
            RedemptionStatus::Success => return Ok(OpOutcome::AlreadyConfirmed(redemption)),
            RedemptionStatus::Expired if !cfg!(feature = "sabotage-confirm-after-expiry") => {
                return Ok(OpOutcome::Refused(ErrorCode::ReservationExpired))
            }
            RedemptionStatus::Pending | RedemptionStatus::Expired => {}
            _ => return Ok(OpOutcome::Refused(ErrorCode::RedemptionNotPending)),
        }
        let lapsed = redemption.expires_at.is_some_and(|e| at >= e)
            && !cfg!(feature = "sabotage-confirm-after-expiry");
        if lapsed && !self.checkout_decided(&redemption).await? {
            return Ok(OpOutcome::Refused(ErrorCode::ReservationExpired));
        }
        self.dequeue_expiry(&redemption)?;
        redemption.status = RedemptionStatus::Success;
        redemption.confirmed_at = Some(at);
        self.tx.set(&key, &encode(&redemption)?)?;
        self.grant_reward(&redemption).await?;
        let body = to_value(&redemption)?;
        if let Some(idem) = idem {
            self.store_response(idem, 200, body.clone(), None)?;
        }
        let event = Event::new(
            "redemption.confirmed",
            "redemption",
            &redemption.id,
            self.now,
        )
        .before(before)
        .after(body);
        self.event(event, None)?;
        Ok(OpOutcome::Confirmed(redemption))
    }
}
