//! The campaign actor's batch transaction.
//!
//! Fenced by the campaign's owner epoch. Grants raise both the coupon's lease and
//! the campaign's `granted` total in this one transaction; returns move a
//! coupon's unused lease back, but only while that coupon's owner epoch is still
//! the one that gave it up (read for real, so a newer activation that might spend
//! the lease makes the return conflict and re-check). A passivated coupon gives
//! back all it holds; a recalled one what it gave up, at most once (its sequence
//! number is kept with the lease). Before writing, the transaction asserts the
//! campaign's invariant: `granted` within the budget.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use stampede_protocol::campaign::{Campaign, GateState, LeaseGrant, LeaseSpend, Quota};
use stampede_protocol::event::{Event, Provenance};
use stampede_storage::{keys, run, RetryPolicy, SharedStore, StorageError, Transaction};

use crate::campaign::command::ChangeKind;
use crate::coupon::load::read_epoch;
use crate::records::{decode, encode, events};

/// One decision to write.
#[derive(Debug, Clone)]
pub(crate) enum CampaignOp {
    Grant {
        coupon_id: String,
        code: String,
        quota: Quota,
    },
    Return {
        coupon_id: String,
        code: String,
        epoch: u64,
        /// A recalled return: its sequence number and the most it gives back.
        /// `None`: a passivation, giving back everything unspent.
        recalled: Option<(u64, Quota)>,
    },
    Change {
        kind: ChangeKind,
        before: Box<Campaign>,
        after: Box<Campaign>,
        provenance: Provenance,
    },
}

#[derive(Debug)]
pub(crate) enum CampaignCommitError {
    Fenced,
    Vanished,
    /// The decided record would break the budget: a bug; nothing was written.
    OverBudget,
    /// The stored record is not the one the batch was decided on (its
    /// `commit_seq` is not the decided one's predecessor): nothing was written.
    Stale {
        stored: u64,
        decided: u64,
    },
    Storage(StorageError),
}

/// Identity of the committing activation.
#[derive(Debug, Clone)]
pub(crate) struct CampaignOwner {
    pub tenant: String,
    pub campaign_id: String,
    pub epoch: u64,
}

/// Commits `record` (the campaign with this batch's decisions) and `ops`; returns
/// the campaign as stored (`None` once deleted).
pub(crate) async fn commit_campaign(
    store: SharedStore,
    owner: Arc<CampaignOwner>,
    record: Arc<Campaign>,
    ops: Arc<Vec<CampaignOp>>,
    now: DateTime<Utc>,
) -> Result<Option<Campaign>, CampaignCommitError> {
    let result = run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (owner, record, ops) = (owner.clone(), record.clone(), ops.clone());
        Box::pin(async move { write(tx, &owner, &record, &ops, now).await })
    })
    .await;
    match result {
        Ok(inner) => inner,
        Err(err) => Err(CampaignCommitError::Storage(err)),
    }
}

async fn write(
    tx: &mut dyn Transaction,
    owner: &CampaignOwner,
    decided: &Campaign,
    ops: &[CampaignOp],
    now: DateTime<Utc>,
) -> Result<Result<Option<Campaign>, CampaignCommitError>, StorageError> {
    let tenant = &owner.tenant;
    let owner_key = keys::campaign_owner(tenant, &owner.campaign_id);
    if read_epoch(tx.get(&owner_key).await?, &owner_key)? != owner.epoch {
        return Ok(Err(CampaignCommitError::Fenced));
    }
    let record_key = keys::campaign(tenant, &owner.campaign_id);
    let Some(bytes) = tx.get(&record_key).await? else {
        return Ok(Err(CampaignCommitError::Vanished));
    };
    let stored: Campaign = decode(&record_key, &bytes)?;
    if stored.commit_seq == decided.commit_seq {
        // An earlier attempt of this very batch committed (its result was unknown).
        return Ok(Ok(Some(stored)));
    }
    if stored.commit_seq.checked_add(1) != Some(decided.commit_seq) {
        // Stored data this activation did not decide on (or a corrupt sequence):
        // refuse this batch and reload, rather than overwrite or panic.
        return Ok(Err(CampaignCommitError::Stale {
            stored: stored.commit_seq,
            decided: decided.commit_seq,
        }));
    }
    let mut record = decided.clone();
    let mut deleted = false;
    let mut events: u16 = 0;
    for op in ops {
        match op {
            CampaignOp::Grant {
                coupon_id,
                code,
                quota,
            } => grant(tx, owner, coupon_id, code, quota).await?,
            CampaignOp::Return {
                coupon_id,
                code,
                epoch,
                recalled,
            } => {
                let back = take_back(tx, owner, coupon_id, code, *epoch, recalled.as_ref()).await?;
                record.granted.sub(&back);
            }
            CampaignOp::Change {
                kind,
                before,
                after,
                provenance,
            } => {
                change(
                    tx,
                    owner,
                    *kind,
                    before,
                    after,
                    provenance,
                    now,
                    &mut events,
                )?;
                deleted |= *kind == ChangeKind::Delete;
            }
        }
    }
    if !record.budget.allows(&Quota::default(), &record.granted) {
        return Ok(Err(CampaignCommitError::OverBudget));
    }
    if deleted {
        tx.clear(&record_key)?;
        return Ok(Ok(None));
    }
    tx.set(&record_key, &encode(&record)?)?;
    Ok(Ok(Some(record)))
}

async fn grant(
    tx: &mut dyn Transaction,
    owner: &CampaignOwner,
    coupon_id: &str,
    code: &str,
    quota: &Quota,
) -> Result<(), StorageError> {
    let key = keys::campaign_lease(&owner.tenant, &owner.campaign_id, coupon_id);
    let mut lease: LeaseGrant = match tx.get(&key).await? {
        Some(bytes) => decode(&key, &bytes)?,
        None => LeaseGrant {
            coupon_id: coupon_id.to_owned(),
            code: code.to_owned(),
            granted: Quota::default(),
        },
    };
    lease.granted.add(quota);
    tx.set(&key, &encode(&lease)?)
}

/// Moves a coupon's unused lease back; returns how much.
async fn take_back(
    tx: &mut dyn Transaction,
    owner: &CampaignOwner,
    coupon_id: &str,
    code: &str,
    epoch: u64,
    recalled: Option<&(u64, Quota)>,
) -> Result<Quota, StorageError> {
    let tenant = &owner.tenant;
    let coupon_owner = keys::coupon_owner(tenant, code);
    if read_epoch(tx.get(&coupon_owner).await?, &coupon_owner)? != epoch {
        // A newer activation holds the lease now; it keeps it.
        return Ok(Quota::default());
    }
    let lease_key = keys::campaign_lease(tenant, &owner.campaign_id, coupon_id);
    let Some(bytes) = tx.get(&lease_key).await? else {
        return Ok(Quota::default());
    };
    let lease: LeaseGrant = decode(&lease_key, &bytes)?;
    let spend_key = keys::campaign_lease_spend(tenant, &owner.campaign_id, coupon_id);
    let mut spend: LeaseSpend = match tx.get(&spend_key).await? {
        Some(bytes) => decode(&spend_key, &bytes)?,
        None => LeaseSpend::default(),
    };
    let mut back = Quota::available(&lease.granted, &[&spend.spent, &spend.returned]);
    if let Some((seq, given_up)) = recalled {
        if spend.recall_epoch == epoch && *seq <= spend.recall_seq {
            // Applied already (a repeated delivery).
            return Ok(Quota::default());
        }
        // What the coupon gave up is all it no longer counts on; what its
        // pending decisions hold stays with it.
        back = back.at_most(given_up);
        spend.recall_epoch = epoch;
        spend.recall_seq = *seq;
    } else if back.is_zero() {
        return Ok(back);
    }
    spend.returned.add(&back);
    tx.set(&spend_key, &encode(&spend)?)?;
    Ok(back)
}

#[allow(clippy::too_many_arguments)]
fn change(
    tx: &mut dyn Transaction,
    owner: &CampaignOwner,
    kind: ChangeKind,
    before: &Campaign,
    after: &Campaign,
    provenance: &Provenance,
    now: DateTime<Utc>,
    events: &mut u16,
) -> Result<(), StorageError> {
    let tenant = &owner.tenant;
    let gate = match kind {
        ChangeKind::Patch => None,
        ChangeKind::Delete => Some(GateState::Deleted),
        _ => Some(GateState::of(after.status)),
    };
    if let Some(gate) = gate {
        tx.set(
            &keys::campaign_gate(tenant, &owner.campaign_id),
            &encode(&gate)?,
        )?;
    }
    let after_value = if kind == ChangeKind::Delete {
        serde_json::Value::Null
    } else {
        serde_json::to_value(after).unwrap_or_default()
    };
    let event = Event::new(kind.event(), "campaign", &owner.campaign_id, now)
        .by(provenance)
        .before(serde_json::to_value(before).unwrap_or_default())
        .after(after_value);
    events::append(tx, tenant, events, &event)
}

/// Loads a campaign and fences earlier owners. `Ok(None)`: no such campaign.
pub(crate) async fn activate(
    store: &SharedStore,
    tenant: &str,
    campaign_id: &str,
) -> Result<Option<(Campaign, u64)>, StorageError> {
    let (tenant, campaign_id) = (tenant.to_owned(), campaign_id.to_owned());
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, campaign_id) = (tenant.clone(), campaign_id.clone());
        Box::pin(async move {
            let key = keys::campaign(&tenant, &campaign_id);
            let Some(bytes) = tx.get(&key).await? else {
                return Ok(None);
            };
            let campaign: Campaign = decode(&key, &bytes)?;
            let owner_key = keys::campaign_owner(&tenant, &campaign_id);
            let epoch = read_epoch(tx.get(&owner_key).await?, &owner_key)? + 1;
            tx.set(&owner_key, &keys::encode_epoch(epoch))?;
            Ok(Some((campaign, epoch)))
        })
    })
    .await
}
