//! The batch's reward step: a coupon naming a reward item records one grant
//! per `success` redemption, in the transaction that commits it (a redeem, or
//! a reservation's confirm), and voids it in the transaction that voids the
//! redemption. A coupon without `reward_item_id` reads and writes nothing.

use chrono::{DateTime, Utc};
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::StorageError;

use crate::coupon::commit::Batch;
use crate::records::rewards;

impl Batch<'_> {
    /// Records the grant of `redemption` when it is a `success` of a coupon
    /// that grants a reward item (a pending reservation grants on confirm).
    pub(in crate::coupon) async fn grant_reward(
        &mut self,
        redemption: &Redemption,
    ) -> Result<(), StorageError> {
        let Some(item_id) = self.coupon.reward_item_id.clone() else {
            return Ok(());
        };
        if redemption.status != RedemptionStatus::Success {
            return Ok(());
        }
        rewards::grant_in(self.tx, &self.owner.tenant, &item_id, redemption, self.now).await
    }

    /// Voids the grant of a redemption just voided, released or expired.
    pub(in crate::coupon) async fn void_reward(
        &mut self,
        redemption_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        if self.coupon.reward_item_id.is_none() {
            return Ok(());
        }
        rewards::void_in(self.tx, &self.owner.tenant, redemption_id, at).await
    }
}
