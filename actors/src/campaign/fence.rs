//! Whether a campaign activation still owns its campaign.
//!
//! Every commit checks the owner epoch, but a campaign actor refuses quota
//! from its memory without committing. An activation that lost ownership
//! without its node noticing (a peer forwarded it a request while the two
//! disagreed about the ring, the two sides of a partition) would otherwise
//! refuse from a `granted` total its successor has moved on — an under-sell
//! for as long as it stays alive. So before deciding, an actor whose fence was
//! last confirmed [`crate::coupon::FENCE_RECHECK_MS`] ago or more re-reads it,
//! exactly as a coupon actor does.

use stampede_storage::{keys, SharedStore, StorageError};

use crate::campaign::commit::CampaignOwner;
use crate::coupon::load::read_epoch;

/// Whether `owner`'s epoch is still the stored one (a snapshot read: it
/// conflicts with nothing).
pub(crate) async fn still_owned(
    store: &SharedStore,
    owner: &CampaignOwner,
) -> Result<bool, StorageError> {
    let key = keys::campaign_owner(&owner.tenant, &owner.campaign_id);
    let mut tx = store.begin().await?;
    let epoch = read_epoch(tx.get_snapshot(&key).await?, &key)?;
    Ok(epoch == owner.epoch)
}
