//! The code of a campaign promotion: before deciding a batch, the actor checks
//! that the promotion it decides with is still the stored one (one snapshot read
//! per batch), so an edit, a pause or a schedule step reaches a live actor at
//! once, refusals included. The commit re-checks the version too, so nothing is
//! ever written on an older definition.

use super::*;
use crate::coupon::conditions;

impl CouponActor {
    pub(super) async fn refresh_promotion(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let Some(version) = self.limits.conditions.promotion_version() else {
            return Ok(());
        };
        let deciding = commands.iter().any(|c| {
            matches!(
                c,
                CouponCommand::Redeem { .. } | CouponCommand::Validate { .. }
            )
        });
        if !deciding {
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
