//! The decision of a multi-code checkout: the one record that makes every
//! reservation of the order confirm rather than expire.

use chrono::{DateTime, Utc};
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::codec::decode;
use super::{RecordError, Records};

/// Outcome of recording a checkout's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Decided,
    /// The reservation at this index is no longer pending (it expired or was
    /// released first): the checkout cannot commit.
    Lapsed(usize),
}

/// The commit point: records that the checkout confirms, if every
/// reservation (`(code, redemption id)`) is still pending. Reads them for
/// real, so an expiry racing this transaction either lands first (and the
/// checkout aborts) or sees the decision (and leaves the reservation to be
/// confirmed). A checkout already decided stays decided.
pub async fn decide(
    records: &Records,
    tenant: &str,
    checkout_id: &str,
    parts: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<Decision, RecordError> {
    let (tenant, checkout_id, parts) = (tenant.to_owned(), checkout_id.to_owned(), parts.to_vec());
    let decision = run(
        records.store().as_ref(),
        RetryPolicy::default(),
        move |tx| {
            let (tenant, checkout_id, parts) = (tenant.clone(), checkout_id.clone(), parts.clone());
            Box::pin(async move { attempt(tx, &tenant, &checkout_id, &parts, now).await })
        },
    )
    .await?;
    Ok(decision)
}

/// One attempt of [`decide`]'s transaction.
async fn attempt(
    tx: &mut dyn Transaction,
    tenant: &str,
    checkout_id: &str,
    parts: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<Decision, StorageError> {
    let key = keys::checkout(tenant, checkout_id);
    if tx.get(&key).await?.is_some() {
        return Ok(Decision::Decided);
    }
    for (i, (_, id)) in parts.iter().enumerate() {
        let redemption_key = keys::redemption(tenant, id);
        let Some(bytes) = tx.get(&redemption_key).await? else {
            return Ok(Decision::Lapsed(i));
        };
        let redemption: Redemption = decode(&redemption_key, &bytes)?;
        if redemption.status != RedemptionStatus::Pending {
            return Ok(Decision::Lapsed(i));
        }
    }
    let redemptions: Vec<_> = parts
        .iter()
        .map(|(code, id)| serde_json::json!({"code": code, "redemption_id": id}))
        .collect();
    let record = serde_json::json!({"checkout_id": checkout_id, "decided_at": now,
        "redemptions": redemptions});
    tx.set(&key, record.to_string().as_bytes())?;
    Ok(Decision::Decided)
}
