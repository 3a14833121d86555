//! A campaign coupon's lease: the quota its campaign actor granted it, of which
//! `free` is neither spent nor held by a decision awaiting its commit.
//!
//! A coupon belongs to a campaign when its `campaign_id` names a campaign whose
//! gate key exists (`keys::campaign_gate`); a `campaign_id` naming no campaign is a
//! plain label and caps nothing. Redemptions that the lease cannot cover wait
//! (parked) while the actor asks the campaign for exactly what they need; the
//! commit re-checks the lease and the campaign's gate, so neither a stale
//! projection nor a campaign paused a moment ago can spend beyond the grant.

use stampede_protocol::campaign::{GateState, LeaseGrant, LeaseSpend, Quota};
use stampede_protocol::{Coupon, Redemption};
use stampede_storage::{keys, SharedStore, StorageError};

use crate::campaign::Grant;
use crate::error::ActorError;
use crate::records::decode;

/// The lease as the actor tracks it.
#[derive(Debug, Clone)]
pub(crate) struct Lease {
    pub campaign_id: String,
    /// Quota available to new decisions.
    pub free: Quota,
    /// The campaign's gate as last read: validations report a closed one.
    pub gate: GateState,
}

impl Lease {
    /// Takes a decision's quota from what is free, or refuses it: the lease is
    /// never spent beyond what the campaign granted, and `Quota::sub` floors at
    /// zero, so taking what is not covered would silently hide an overspend.
    pub(crate) fn take(&mut self, need: &Quota) -> Result<(), ActorError> {
        if !self.free.covers(need) {
            return Err(ActorError::Unavailable(format!(
                "campaign {} lease does not cover the decision; retry",
                self.campaign_id
            )));
        }
        self.free.sub(need);
        Ok(())
    }

    /// Free quota is never negative (asserted in debug builds after each step).
    pub(crate) fn check_invariants(&self) -> Result<(), String> {
        match self
            .free
            .money
            .iter()
            .find(|(_, amount)| amount.is_sign_negative())
        {
            Some((currency, amount)) => Err(format!(
                "lease of campaign {}: free {currency} {amount} is negative",
                self.campaign_id
            )),
            None => Ok(()),
        }
    }
}

/// What one decision takes from (or gives back to) the lease.
#[derive(Debug, Clone)]
pub(crate) struct LeaseUse {
    pub campaign_id: String,
    pub quota: Quota,
}

/// The answer to an acquire, delivered back into the actor's loop.
#[derive(Debug)]
pub(crate) struct LeaseAnswer {
    pub result: Result<Grant, ActorError>,
}

/// The quota a redemption holds.
pub(crate) fn quota_of(redemption: &Redemption) -> Quota {
    Quota::one(redemption.discount_amount, redemption.currency.as_deref())
}

/// Loads the lease of a freshly activated coupon, or `None` when the coupon
/// belongs to no campaign.
pub(crate) async fn load(
    store: &SharedStore,
    tenant: &str,
    coupon: &Coupon,
) -> Result<Option<Lease>, StorageError> {
    let Some(campaign_id) = &coupon.campaign_id else {
        return Ok(None);
    };
    let mut tx = store.begin().await?;
    let gate_key = keys::campaign_gate(tenant, campaign_id);
    let Some(gate) = tx.get_snapshot(&gate_key).await? else {
        return Ok(None);
    };
    let gate: GateState = decode(&gate_key, &gate)?;
    let lease_key = keys::campaign_lease(tenant, campaign_id, &coupon.id);
    let granted = match tx.get_snapshot(&lease_key).await? {
        Some(bytes) => decode::<LeaseGrant>(&lease_key, &bytes)?.granted,
        None => Quota::default(),
    };
    let spend_key = keys::campaign_lease_spend(tenant, campaign_id, &coupon.id);
    let spend = match tx.get_snapshot(&spend_key).await? {
        Some(bytes) => decode::<LeaseSpend>(&spend_key, &bytes)?,
        None => LeaseSpend::default(),
    };
    Ok(Some(Lease {
        campaign_id: campaign_id.clone(),
        free: Quota::available(&granted, &[&spend.spent, &spend.returned]),
        gate,
    }))
}

/// Re-reads a campaign's gate (a snapshot read: validations only report it; the
/// commit of a redemption reads it for real).
pub(crate) async fn gate(
    store: &SharedStore,
    tenant: &str,
    campaign_id: &str,
) -> Result<GateState, StorageError> {
    let mut tx = store.begin().await?;
    let key = keys::campaign_gate(tenant, campaign_id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => decode(&key, &bytes),
        None => Ok(GateState::Deleted),
    }
}

/// The lease as one batch transaction sees it: read once (real reads), updated
/// by each op, written once at the end.
#[derive(Debug)]
pub(crate) struct LeaseTx {
    pub gate: Option<GateState>,
    pub granted: Quota,
    pub spend: LeaseSpend,
    pub dirty: bool,
}

impl LeaseTx {
    pub(crate) fn available(&self) -> Quota {
        Quota::available(&self.granted, &[&self.spend.spent, &self.spend.returned])
    }
}
