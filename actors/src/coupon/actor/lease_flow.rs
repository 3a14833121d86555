//! The coupon actor's side of a campaign lease: parking redemptions the lease
//! cannot cover, asking the campaign for what they need (it may grant more, a
//! prefetch, so the next redemptions need not ask), deciding them when quota
//! arrives, re-reading the lease when a commit finds it short, and giving unused
//! quota back on passivation or when the campaign recalls it for another coupon.

use super::*;

impl CouponActor {
    pub(in crate::coupon) fn lease_free_add(&mut self, quota: Option<&Quota>) {
        if let (Some(lease), Some(quota)) = (self.lease.as_mut(), quota) {
            lease.free.add(quota);
        }
    }

    /// Parks a redemption until the campaign grants quota for it; past the
    /// mailbox's capacity the redemption is refused as overload instead.
    pub(in crate::coupon) fn park(&mut self, parked: Parked) {
        if self.parked.len() >= self.shards.config.mailbox_capacity {
            let _ = parked.reply.send(Err(ActorError::Overloaded));
            return;
        }
        self.parked.push_back(parked);
        self.start_acquire();
    }

    /// Asks the campaign for what every parked redemption needs, unless an ask
    /// is already in flight (its answer starts the next one).
    pub(in crate::coupon) fn start_acquire(&mut self) {
        if self.acquiring.is_some() || self.parked.is_empty() {
            return;
        }
        let Some(lease) = &self.lease else { return };
        let count = self
            .parked
            .len()
            .min(crate::campaign::MAX_NEEDS_PER_ACQUIRE);
        let needs: Vec<Quota> = self
            .parked
            .iter()
            .take(count)
            .map(|p| p.need.clone())
            .collect();
        self.acquiring = Some(count);
        let campaigns = self.shards.campaigns.clone();
        let (tenant, campaign_id) = (self.owner.tenant.clone(), lease.campaign_id.clone());
        let (coupon_id, code) = (self.owner.coupon_id.clone(), self.owner.code.clone());
        let answers = self.me.clone();
        tokio::spawn(async move {
            let result = campaigns
                .acquire(&tenant, &campaign_id, &coupon_id, &code, needs)
                .await;
            // The actor is gone only if it stopped; its parked requests were answered.
            answers.send(CouponEvent::Lease(LeaseAnswer { result }));
        });
    }

    /// Adds granted quota to the lease, decides the parked redemptions it covers
    /// and refuses the ones the campaign would not fund.
    pub(in crate::coupon) fn on_lease_answer(&mut self, answer: LeaseAnswer) {
        let asked = self.acquiring.take().unwrap_or(0).min(self.parked.len());
        let batch: Vec<Parked> = self.parked.drain(..asked).collect();
        let later: Vec<Parked> = self.parked.drain(..).collect();
        let discard = std::mem::take(&mut self.discard_next_grant);
        let (count, refusal) = match answer.result {
            Ok(grant) => {
                // After a reload the stored lease may already include this grant:
                // leave it out (at worst it waits for the next activation).
                if !discard {
                    self.lease_free_add(Some(&grant.quota));
                }
                let refusal = grant
                    .refusal
                    .map(|(code, detail)| ActorError::refused(code, detail));
                (grant.count, refusal)
            }
            Err(ActorError::Refused {
                code: ErrorCode::NotFound,
                ..
            }) => (
                0,
                Some(ActorError::refused(
                    ErrorCode::CampaignInactive,
                    "the campaign was deleted",
                )),
            ),
            Err(err) => (0, Some(err)),
        };
        for (i, parked) in batch.into_iter().enumerate() {
            if i < count {
                self.on_redeem(parked.request, parked.reply);
            } else {
                let error = refusal.clone().unwrap_or_else(|| {
                    ActorError::refused(
                        ErrorCode::CampaignLimitReached,
                        "the campaign's budget is spent",
                    )
                });
                let context = &parked.request.context;
                let currency = parked.need.money.keys().next().map(String::as_str);
                let currency = currency.or(context.currency.as_deref());
                self.tally_refusal(context.channel.as_deref(), currency, &error);
                record_outcome(&error);
                let _ = parked.reply.send(Err(error));
            }
        }
        for parked in later {
            self.on_redeem(parked.request, parked.reply);
        }
    }

    /// On passivation, hands unused quota back to the campaign.
    pub(in crate::coupon) fn give_back_lease(&self, stop: &Stop) {
        let Some(lease) = &self.lease else { return };
        if !matches!(stop, Stop::Passivate) || lease.free.is_zero() {
            return;
        }
        self.shards.campaigns.give_back(
            &self.owner.tenant,
            &lease.campaign_id,
            &self.owner.coupon_id,
            &self.owner.code,
            self.owner.epoch,
        );
    }

    /// Gives up, on the campaign's recall, the quota no decision holds. It leaves
    /// the lease at once, so nothing here spends it while the campaign applies
    /// the return; a return that never arrives only strands that quota until
    /// the lease is next re-read from storage.
    pub(in crate::coupon) fn give_up_lease(&mut self, campaign_id: &str) -> LeaseReturn {
        let mut back = LeaseReturn {
            coupon_id: self.owner.coupon_id.clone(),
            code: self.owner.code.clone(),
            epoch: self.owner.epoch,
            ..LeaseReturn::default()
        };
        let Some(lease) = self
            .lease
            .as_mut()
            .filter(|lease| lease.campaign_id == campaign_id)
        else {
            return back;
        };
        if lease.free.is_zero() {
            return back;
        }
        self.recall_seq += 1;
        back.seq = self.recall_seq;
        back.quota = std::mem::take(&mut lease.free);
        back
    }

    /// Re-reads the lease after a commit found it short (the projection drifted
    /// from storage): free = stored available − what pending decisions hold.
    pub(in crate::coupon) async fn resync_lease(
        &mut self,
    ) -> Result<(), stampede_storage::StorageError> {
        let coupon = self.state.committed.clone();
        let Some(mut stored) = lease::load(&self.shards.store, &self.owner.tenant, &coupon).await?
        else {
            return Ok(());
        };
        for entry in self.pending.iter().chain(self.inflight.iter()) {
            if let (Waiter::Redeem { .. }, Some(held)) = (&entry.waiter, &entry.lease_quota) {
                stored.free.sub(held);
            }
        }
        self.discard_next_grant = self.acquiring.is_some();
        self.lease = Some(stored);
        Ok(())
    }

    /// Before a campaign coupon decides (validations and redemptions alike),
    /// re-reads whether its campaign is open, so the verdict reports a paused
    /// campaign at once and a resumed one opens at once.
    pub(in crate::coupon) async fn refresh_gate(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let Some(lease) = &mut self.lease else {
            return Ok(());
        };
        if !commands.iter().any(|c| {
            matches!(
                c,
                CouponCommand::Validate { .. } | CouponCommand::Redeem { .. }
            )
        }) {
            return Ok(());
        }
        lease.gate =
            lease::gate(&self.shards.store, &self.owner.tenant, &lease.campaign_id).await?;
        Ok(())
    }
}
