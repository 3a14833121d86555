//! Recall: a round finds the coupons whose leases of a campaign still hold quota
//! they have not spent, asks each one (through the coupon routing, on whatever
//! node owns it) to give up what none of its decisions holds, and hands what they
//! gave up to the campaign actor, which applies it in its next commit. A probe
//! (a validation preview) counts that unspent quota as available, since a
//! redemption would recall it.
//!
//! A coupon gives its quota up before it answers, so an answer lost here (a
//! timeout, a dropped session) strands that quota with the coupon's lease until
//! the lease is next read from storage; it never lets anything be spent twice.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use stampede_protocol::campaign::{Budget, LeaseGrant, LeaseSpend, Quota};
use stampede_storage::{keys, RangeOptions, SharedStore, StorageError};

use crate::campaign::command::{CampaignEvent, Grant, LeaseReturn, Reply};
use crate::campaign::commit::CampaignOwner;
use crate::campaign::shared::Inner;
use crate::campaign::{
    MAX_LEASES_READ_PER_RECALL, MAX_NEEDS_PER_ACQUIRE, MAX_RECALLED_COUPONS_PER_ROUND,
    RECALL_ROUND_TIMEOUT_MS,
};
use crate::records::decode;
use crate::registry::Me;

/// Runs one round and reports what came back (possibly nothing) to the actor.
/// `waiting`: coupons whose acquire waits for this round.
pub(crate) async fn round(
    inner: Arc<Inner>,
    owner: Arc<CampaignOwner>,
    id: u64,
    waiting: HashSet<String>,
    done: Me<CampaignEvent>,
) {
    let (tenant, campaign_id) = (&owner.tenant, &owner.campaign_id);
    let returns = match collect(&inner, tenant, campaign_id, &waiting).await {
        Ok(returns) => returns,
        Err(err) => {
            tracing::warn!(%tenant, campaign = %campaign_id, error = %err, "recall round could not read the leases");
            Vec::new()
        }
    };
    // The actor is gone only if it stopped; it answered its waiters then.
    done.send(CampaignEvent::Recalled(id, returns));
}

async fn collect(
    inner: &Inner,
    tenant: &str,
    campaign_id: &str,
    waiting: &HashSet<String>,
) -> Result<Vec<LeaseReturn>, StorageError> {
    let Some(coupons) = inner.coupons() else {
        return Ok(Vec::new());
    };
    let holders = holding(&inner.store, tenant, campaign_id).await?;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(RECALL_ROUND_TIMEOUT_MS);
    let mut asks: FuturesUnordered<_> = holders
        .into_iter()
        .map(|(coupon_id, code)| {
            let coupons = coupons.clone();
            let waits = waiting.contains(&coupon_id);
            async move {
                let answer = coupons
                    .recall_lease(tenant, &code, campaign_id, waits)
                    .await;
                (coupon_id, code, answer)
            }
        })
        .collect();
    let mut returns = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, asks.next()).await {
            Ok(Some((coupon_id, code, Ok(mut back)))) => {
                // A code now naming another coupon gives back nothing of this lease.
                if back.coupon_id == coupon_id && !back.quota.is_zero() {
                    back.code = code;
                    returns.push(back);
                }
            }
            Ok(Some((_, code, Err(err)))) => {
                tracing::debug!(%tenant, %code, error = %err, "a recalled coupon did not answer");
            }
            Ok(None) => break,
            Err(_) => {
                tracing::debug!(%tenant, campaign = %campaign_id, "recall round timed out");
                break;
            }
        }
    }
    Ok(returns)
}

/// Finishes a probe the budget alone could not fund: counts the quota the
/// campaign's leases hold unspent (a recall would bring it back) as available.
/// Grants nothing.
pub(crate) async fn probe(
    inner: Arc<Inner>,
    owner: Arc<CampaignOwner>,
    budget: Budget,
    granted: Quota,
    needs: Vec<Quota>,
    mut grant: Grant,
    reply: Reply<Grant>,
) {
    let (tenant, campaign_id) = (&owner.tenant, &owner.campaign_id);
    match unspent(&inner.store, tenant, campaign_id).await {
        Ok(leases) => {
            let mut lent_and_kept = granted;
            for (held, _, _) in &leases {
                lent_and_kept.sub(held);
            }
            let mut with = Quota::default();
            let mut count = 0;
            for need in needs.iter().take(MAX_NEEDS_PER_ACQUIRE) {
                with.add(need);
                if !budget.allows(&lent_and_kept, &with) {
                    break;
                }
                count += 1;
            }
            if count > grant.count {
                grant.count = count;
                if count == needs.len() {
                    grant.refusal = None;
                }
            }
        }
        Err(err) => {
            tracing::debug!(%tenant, campaign = %campaign_id, error = %err, "probe could not read the leases");
        }
    }
    let _ = reply.send(Ok(grant));
}

/// Coupons (id, code) whose lease holds unspent quota, the largest first.
async fn holding(
    store: &SharedStore,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<(String, String)>, StorageError> {
    let mut holding = unspent(store, tenant, campaign_id).await?;
    holding.sort_by_key(|(unspent, _, _)| std::cmp::Reverse(unspent.redemptions));
    Ok(holding
        .into_iter()
        .take(MAX_RECALLED_COUPONS_PER_ROUND)
        .map(|(_, coupon_id, code)| (coupon_id, code))
        .collect())
}

/// Every lease of the campaign holding unspent quota: (unspent, coupon id, code).
async fn unspent(
    store: &SharedStore,
    tenant: &str,
    campaign_id: &str,
) -> Result<Vec<(Quota, String, String)>, StorageError> {
    let mut tx = store.begin().await?;
    let range = |prefix: Vec<u8>| {
        let (begin, end) = keys::prefix_range(&prefix);
        RangeOptions {
            begin,
            end,
            limit: MAX_LEASES_READ_PER_RECALL,
            reverse: false,
        }
    };
    let leases = tx
        .get_range(&range(keys::campaign_leases_prefix(tenant, campaign_id)))
        .await?;
    let spends: HashMap<Vec<u8>, Vec<u8>> = tx
        .get_range(&range(keys::campaign_lease_spends_prefix(
            tenant,
            campaign_id,
        )))
        .await?
        .into_iter()
        .map(|row| (row.key, row.value))
        .collect();
    let mut holding: Vec<(Quota, String, String)> = Vec::new();
    for row in leases {
        let lease: LeaseGrant = match decode(&row.key, &row.value) {
            Ok(lease) => lease,
            Err(err) => {
                tracing::warn!(%tenant, campaign = %campaign_id, error = %err, "unreadable lease skipped");
                continue;
            }
        };
        let spend_key = keys::campaign_lease_spend(tenant, campaign_id, &lease.coupon_id);
        let spend: LeaseSpend = match spends.get(&spend_key) {
            Some(bytes) => decode(&spend_key, bytes).unwrap_or_default(),
            None => LeaseSpend::default(),
        };
        let unspent = Quota::available(&lease.granted, &[&spend.spent, &spend.returned]);
        if !unspent.is_zero() {
            holding.push((unspent, lease.coupon_id, lease.code));
        }
    }
    Ok(holding)
}
