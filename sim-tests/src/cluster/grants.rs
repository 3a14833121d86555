//! The lifecycle run's reward check: the sale codes grant a reward item, so
//! after the drain every redemption holding a use with status `success` has
//! exactly one `granted` grant, every voided or expired one's grant (if it
//! ever had one) is `voided`, and no other grant is `granted`.

use stampede_protocol::reward::{GrantStatus, RewardGrant};
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::{keys, RangeOptions, SharedStore};

/// Most grants one tenant's run can hold: far above any scenario's sales.
const MAX_GRANTS_READ: usize = 100_000;

/// Checks `tenant`'s grants against its sale codes' stored redemptions.
pub(super) async fn check(
    store: &SharedStore,
    tenant: &str,
    sales: &[Redemption],
) -> Result<(), String> {
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let mut successes = 0usize;
    for r in sales {
        let key = keys::reward_grant(tenant, &r.id);
        let bytes = tx.get_snapshot(&key).await.map_err(|e| e.to_string())?;
        let grant: Option<RewardGrant> = bytes
            .map(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
            .transpose()?;
        let status = grant.as_ref().map(|g| g.status);
        let at = format!("{tenant}: redemption {} ({:?})", r.id, r.status);
        match r.status {
            RedemptionStatus::Success => {
                successes += 1;
                if status != Some(GrantStatus::Granted) {
                    return Err(format!("{at} has grant {status:?}, not one granted"));
                }
            }
            _ if status == Some(GrantStatus::Granted) => {
                return Err(format!("{at} still has a granted grant"));
            }
            _ => {}
        }
    }
    let (begin, end) = keys::prefix_range(&keys::reward_grants_prefix(tenant));
    let options = RangeOptions {
        begin,
        end,
        limit: MAX_GRANTS_READ,
        reverse: false,
    };
    let rows = tx.get_range(&options).await.map_err(|e| e.to_string())?;
    let mut granted = 0usize;
    for row in rows {
        let grant: RewardGrant = serde_json::from_slice(&row.value).map_err(|e| e.to_string())?;
        if grant.status == GrantStatus::Granted {
            granted += 1;
        }
    }
    if granted != successes {
        return Err(format!(
            "{tenant}: {granted} grants are granted, {successes} sale redemptions succeeded"
        ));
    }
    Ok(())
}
