//! The coupon actor's side of usage limits: loading the counters a batch is
//! decided with, refusing what the limit set, the campaign's channels or the
//! consumer list do not allow, and replacing the limit set.

use super::*;

impl CouponActor {
    /// Loads, in one read, the usage counters the commands will be decided with.
    pub(in crate::coupon) async fn prefetch_counters(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let now = self.shards.clock.now();
        let zone = self.limits.zone();
        let mut missing: Vec<String> = commands
            .iter()
            .filter_map(|command| match command {
                CouponCommand::Redeem { request, .. } => Some(&request.context),
                CouponCommand::Validate { context, .. } => Some(&**context),
                _ => None,
            })
            .flat_map(|context| limits::counters_for(context, now, zone))
            .filter(|name| self.state.needs_counter(name))
            .collect();
        self.load_counters(&mut missing).await
    }

    pub(in crate::coupon) async fn load_counters(
        &mut self,
        missing: &mut Vec<String>,
    ) -> Result<(), stampede_storage::StorageError> {
        if missing.is_empty() {
            return Ok(());
        }
        missing.sort_unstable();
        missing.dedup();
        let counts = load::counter_values(
            &self.shards.store,
            &self.owner.tenant,
            &self.owner.coupon_id,
            missing,
        )
        .await?;
        self.state.counter_committed.extend(counts);
        Ok(())
    }

    /// A customer outside the coupon's consumer list.
    pub(in crate::coupon) fn consumer_refusal(
        &self,
        context: &Context,
    ) -> Option<(ErrorCode, String)> {
        let set = self.limits.set.as_ref()?;
        if set.consumer_count == 0 {
            return None;
        }
        let listed = context
            .user_id
            .as_deref()
            .is_some_and(|user| self.limits.consumers.contains(user));
        (!listed).then(|| {
            (
                ErrorCode::NotEligible,
                String::from("the coupon is limited to listed consumers"),
            )
        })
    }

    /// A code bound to one customer, asked for by anyone else (or by no one).
    /// A context naming a live blacklist entry (user, email, IP or network,
    /// device): refused `blacklisted` at the actor's clock.
    pub(in crate::coupon) fn blacklist_refusal(
        &self,
        context: &Context,
        now: DateTime<Utc>,
    ) -> Option<(ErrorCode, String)> {
        if self.blacklist.is_empty() {
            return None;
        }
        let (kind, reason) = self.blacklist.matches(&context.subjects(None), now)?;
        let why = if reason.is_empty() {
            format!("the {} is blacklisted", kind.as_str())
        } else {
            format!("the {} is blacklisted: {reason}", kind.as_str())
        };
        Some((ErrorCode::Blacklisted, why))
    }

    /// Takes the tenant's blacklist from the node's cache before a batch that
    /// decides (from memory unless its copy is due a version check).
    pub(in crate::coupon) async fn refresh_blacklist(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let deciding = commands.iter().any(|c| {
            matches!(
                c,
                CouponCommand::Redeem { .. } | CouponCommand::Validate { .. }
            )
        });
        if deciding {
            let tenant = &self.owner.tenant;
            self.blacklist = self.shards.fraud.blacklists.current(tenant).await?;
        }
        Ok(())
    }

    pub(in crate::coupon) fn bound_user_refusal(
        &self,
        context: &Context,
    ) -> Option<(ErrorCode, String)> {
        let bound = self.state.projected.bound_user_id.as_deref()?;
        (context.user_id.as_deref() != Some(bound)).then(|| {
            (
                ErrorCode::NotEligible,
                String::from("code_bound_to_another_user: the code was made for another customer"),
            )
        })
    }

    /// A channel the coupon's campaign does not run on.
    pub(in crate::coupon) fn channel_refusal(
        &self,
        context: &Context,
    ) -> Option<(ErrorCode, String)> {
        let channels = &self.limits.campaign_channels;
        let channel = context.channel.as_deref()?;
        (!channels.is_empty() && !channels.iter().any(|c| c == channel)).then(|| {
            (
                ErrorCode::NotEligible,
                format!("the campaign does not run on channel {channel}"),
            )
        })
    }

    /// How long this coupon's reservations hold their use.
    pub(in crate::coupon) fn reservation_ttl_ms(&self) -> i64 {
        use stampede_protocol::limits::{
            DEFAULT_RESERVATION_TTL_MS, MAX_RESERVATION_TTL_MS, MIN_RESERVATION_TTL_MS,
        };
        self.limits
            .set
            .as_ref()
            .and_then(|set| set.reservation_ttl_secs)
            .map_or(DEFAULT_RESERVATION_TTL_MS, |secs| {
                i64::try_from(secs.saturating_mul(1_000))
                    .unwrap_or(MAX_RESERVATION_TTL_MS)
                    .clamp(MIN_RESERVATION_TTL_MS, MAX_RESERVATION_TTL_MS)
            })
    }
}

/// Folds limit refusals into an evaluation: an invalid result discounts nothing.
pub(in crate::coupon) fn add_limit_reasons(
    evaluation: &mut Evaluation,
    refusals: Vec<(ErrorCode, String)>,
) {
    if refusals.is_empty() {
        return;
    }
    for (code, detail) in refusals {
        evaluation.reasons.push(code);
        evaluation.explain.push(crate::engine::Explain {
            clause: String::from(code.as_str()),
            matched: false,
            detail,
        });
    }
    evaluation.clear_amounts();
}
