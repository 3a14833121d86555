//! The coupon actor's side of reservations: confirming (burning) a pending
//! redemption before it lapses, or, for a checkout that committed, even after.

use super::*;

impl CouponActor {
    /// Reads a committed redemption of this coupon.
    pub(super) async fn own_redemption(
        &self,
        redemption_id: &str,
    ) -> Result<Redemption, ActorError> {
        match load::redemption(&self.shards.store, &self.owner.tenant, redemption_id).await {
            Ok(Some(record)) if record.coupon_id == self.owner.coupon_id => Ok(record),
            Ok(_) => Err(ActorError::RedemptionNotFound),
            Err(err) => Err(err.into()),
        }
    }

    /// Confirms a reservation that has not expired. Confirming a confirmed one
    /// answers it again; one that expired (or was released) is refused and nothing
    /// is taken.
    pub(super) async fn on_confirm(
        &mut self,
        redemption_id: String,
        idem: Option<IdemSpec>,
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
            // Lapsed, but part of a checkout: its commit confirms it if the
            // checkout decided, and refuses it otherwise.
            RedemptionStatus::Pending if record.checkout_id.is_some() => {}
            RedemptionStatus::Pending | RedemptionStatus::Expired => {
                if record.status == RedemptionStatus::Pending {
                    // Lapsed but not yet swept: release it now, and answer once
                    // the release is durable.
                    let (expire_reply, _) = tokio::sync::oneshot::channel();
                    let reason = Some(String::from("expired"));
                    self.on_void(record.id, reason, None, VoidMode::Expire, expire_reply)
                        .await;
                }
                self.refuse_with(reservation_expired(), reply);
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
            },
            waiter: Waiter::Confirm {
                replies: vec![reply],
            },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
        });
    }
}

pub(super) fn reservation_expired() -> ActorError {
    ActorError::refused(
        ErrorCode::ReservationExpired,
        "the reservation expired before it was confirmed; nothing was taken",
    )
}
