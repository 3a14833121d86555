//! Before deciding a batch, the actor checks that it still owns its key (the
//! owner epoch, when its last confirmation is older than `FENCE_RECHECK_MS`),
//! and that what it read at activation is still current, in one snapshot: the campaign's version (its time zone and
//! channels), the tenant's conditions epoch (rules, segments, members) and, for
//! a promotion's code, the promotion's version. So an edit, a pause or a
//! schedule step reaches a live actor at once, refusals included. A code under
//! a coupon re-reads its parent: a change of the parent's terms, status or
//! limits reaches every live code the same way. A
//! promotion's commit re-checks its version too, so nothing is ever written on
//! an older definition.

use super::*;
use crate::coupon::{conditions, load, FENCE_RECHECK_MS};
use stampede_storage::{keys, Transaction};

impl CouponActor {
    /// Whether this activation still owns its key, re-read when a batch
    /// decides and the fence was last confirmed [`FENCE_RECHECK_MS`] ago or
    /// more, with no commit pending or in flight (their commit checks it).
    pub(in crate::coupon) async fn check_fence(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<bool, stampede_storage::StorageError> {
        let recheck = std::time::Duration::from_millis(FENCE_RECHECK_MS);
        if !deciding(commands)
            || self.committing
            || !self.pending.is_empty()
            || self.fence_confirmed.elapsed() < recheck
        {
            return Ok(true);
        }
        let key = keys::coupon_owner(&self.owner.tenant, &self.owner.code);
        let mut tx = self.shards.store.begin().await?;
        let epoch = load::read_epoch(tx.get_snapshot(&key).await?, &key)?;
        let owned = epoch == self.owner.epoch;
        if owned {
            self.fence_confirmed = tokio::time::Instant::now();
        }
        Ok(owned)
    }

    pub(in crate::coupon) async fn refresh(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let campaign = self
            .state
            .committed
            .campaign_id
            .clone()
            .zip(self.limits.campaign_version);
        let watch_conditions = self.limits.conditions.watches_epoch();
        let parent = self.limits.parent.clone();
        if !deciding(commands) || (campaign.is_none() && !watch_conditions && parent.is_none()) {
            return Ok(());
        }
        let store = self.shards.store.clone();
        let mut tx = store.begin().await?;
        if let Some(parent) = parent {
            if self.parent_moved(tx.as_mut(), &parent).await? {
                // Terms, limit set, consumers and rules all follow the parent.
                return self.follow_parent().await;
            }
        }
        if let Some((campaign_id, version)) = campaign {
            self.refresh_campaign(tx.as_mut(), &campaign_id, version)
                .await?;
        }
        if watch_conditions && self.conditions_moved(tx.as_mut()).await? {
            self.reload_conditions(tx.as_mut()).await?;
        }
        Ok(())
    }

    /// Re-reads the campaign's zone and channels when its version moved.
    async fn refresh_campaign(
        &mut self,
        tx: &mut dyn Transaction,
        campaign_id: &str,
        version: u64,
    ) -> Result<(), stampede_storage::StorageError> {
        let key = keys::campaign(&self.owner.tenant, campaign_id);
        let Some(bytes) = tx.get_snapshot(&key).await? else {
            // Deleted: the gate closes the coupon.
            return Ok(());
        };
        let campaign: stampede_protocol::campaign::Campaign = crate::records::decode(&key, &bytes)?;
        if campaign.version != version {
            self.limits.campaign_zone = campaign.time_zone;
            self.limits.campaign_channels = campaign.channels;
            self.limits.campaign_version = Some(campaign.version);
        }
        Ok(())
    }

    /// Whether the coupon this code belongs to changed since its terms were read.
    async fn parent_moved(
        &self,
        tx: &mut dyn Transaction,
        known: &load::ParentState,
    ) -> Result<bool, stampede_storage::StorageError> {
        let now = load::ParentState::read(tx, &self.owner.tenant, &self.state.committed).await?;
        Ok(now.as_ref() != Some(known))
    }

    /// Takes the parent's current terms and limits, from one read of them.
    async fn follow_parent(&mut self) -> Result<(), stampede_storage::StorageError> {
        let store = self.shards.store.clone();
        let tenant = self.owner.tenant.clone();
        self.limits = load::limits(&store, &tenant, &self.state.committed).await?;
        if let Some(parent) = self.limits.parent.as_ref().and_then(|p| p.terms.as_deref()) {
            self.state.follow(parent);
        }
        let version = self.limits.parent.as_ref().and_then(|p| p.version);
        if version != self.owner.parent_version {
            let mut owner = (*self.owner).clone();
            owner.parent_version = version;
            self.owner = Arc::new(owner);
        }
        Ok(())
    }

    /// Whether the conditions epoch or the promotion's version moved.
    async fn conditions_moved(
        &self,
        tx: &mut dyn Transaction,
    ) -> Result<bool, stampede_storage::StorageError> {
        let tenant = &self.owner.tenant;
        if conditions::read_epoch(tx, tenant).await? != self.limits.conditions.epoch {
            return Ok(true);
        }
        let Some(version) = self.limits.conditions.promotion_version() else {
            return Ok(false);
        };
        let stored = conditions::promotion_record(tx, tenant, &self.owner.coupon_id, false).await?;
        Ok(stored.is_none_or(|p| p.version != version))
    }

    /// Reloads the conditions; a promotion's limits and version follow.
    async fn reload_conditions(
        &mut self,
        tx: &mut dyn Transaction,
    ) -> Result<(), stampede_storage::StorageError> {
        let stored_set = if self.limits.conditions.promotion.is_some() {
            None
        } else {
            self.limits.set.clone()
        };
        let coupon = &self.state.committed;
        let fresh = conditions::load(tx, &self.owner.tenant, coupon, stored_set.as_ref()).await?;
        if let Some(set) = fresh.promotion_limit_set(coupon) {
            self.limits.set = Some(set);
        }
        if let Some(terms) = &fresh.promotion {
            terms.apply_limits(&mut self.state.committed);
            terms.apply_limits(&mut self.state.projected);
            self.state.limits_changed();
        }
        if fresh.promotion_version() != self.owner.promotion_version {
            let mut owner = (*self.owner).clone();
            owner.promotion_version = fresh.promotion_version();
            self.owner = Arc::new(owner);
        }
        self.limits.conditions = fresh;
        Ok(())
    }
}

/// Whether a batch decides anything a stale read could change.
fn deciding(commands: &[CouponCommand]) -> bool {
    commands.iter().any(|c| {
        matches!(
            c,
            CouponCommand::Redeem { .. } | CouponCommand::Validate { .. }
        )
    })
}
