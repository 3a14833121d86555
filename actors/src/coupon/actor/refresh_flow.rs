//! Before deciding a batch, the actor checks that what it read at activation is
//! still current, in one snapshot: the campaign's version (its time zone and
//! channels) and, for a promotion's code, the promotion's version. So an edit,
//! a pause or a schedule step reaches a live actor at once, refusals included.
//! A promotion's commit re-checks its version too, so nothing is ever written
//! on an older definition.

use super::*;
use crate::coupon::conditions;

impl CouponActor {
    /// Re-reads the campaign's zone and channels when its version moved.
    pub(super) async fn refresh_campaign(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let (Some(campaign_id), Some(version)) = (
            self.state.committed.campaign_id.clone(),
            self.limits.campaign_version,
        ) else {
            return Ok(());
        };
        if !deciding(commands) {
            return Ok(());
        }
        let mut tx = self.shards.store.begin().await?;
        let key = stampede_storage::keys::campaign(&self.owner.tenant, &campaign_id);
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

    pub(super) async fn refresh_promotion(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let Some(version) = self.limits.conditions.promotion_version() else {
            return Ok(());
        };
        if !deciding(commands) {
            return Ok(());
        }
        let (store, tenant) = (&self.shards.store, &self.owner.tenant);
        let mut tx = store.begin().await?;
        let stored =
            conditions::promotion_record(tx.as_mut(), tenant, &self.owner.coupon_id, false).await?;
        if stored.is_some_and(|p| p.version == version) {
            return Ok(());
        }
        let limits = load::limits(store, tenant, &self.state.committed).await?;
        if let Some(terms) = &limits.conditions.promotion {
            terms.apply_limits(&mut self.state.committed);
            terms.apply_limits(&mut self.state.projected);
        }
        let mut owner = (*self.owner).clone();
        owner.promotion_version = limits.conditions.promotion_version();
        self.owner = Arc::new(owner);
        self.limits = limits;
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
