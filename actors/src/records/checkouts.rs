//! The decision of a multi-code checkout: the one record that makes every
//! reservation of the order confirm rather than expire; and what became of a
//! reserve whose outcome the coordinator never learnt ([`abandon`],
//! [`reserved_under`]).

use chrono::{DateTime, Utc};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Redemption, RedemptionStatus};
use stampede_storage::{keys, run, RetryPolicy, StorageError, Transaction};

use super::codec::decode;
use super::idempotency::{Done, Once};
use super::{RecordError, Records};

/// The status stored under an abandoned reserve's key: the request under it
/// was given up (a conflict with the stored state, as a reused key is).
const ABANDONED_STATUS: u16 = 409;

/// Closes the idempotency key of one code's reserve whose outcome is unknown
/// (its answer was lost: a timeout, an actor that failed after its commit, a
/// forward that may have been delivered) once its checkout has failed: answers
/// the id of the reservation stored under the key, which the caller releases,
/// or `None` when there was none, in which case the key now holds an
/// "abandoned" answer. Both happen in one transaction with a real read of the
/// key, and the reserve's commit reads that same key before it writes, so
/// either the reservation committed first and is released, or it lands later
/// and finds its key taken: it is refused and holds no use. Safe to repeat.
///
/// Only for a key no later request may use (one scoped to the checkout's
/// attempt): a closed key refuses every reserve under it until it expires.
pub async fn abandon(
    records: &Records,
    tenant: &str,
    spec: &IdemSpec,
    now: DateTime<Utc>,
) -> Result<Option<String>, RecordError> {
    let body = serde_json::json!({
        "abandoned": true,
        "detail": "the checkout failed before this code's reservation was known",
    });
    let once = Once::new(records.clone(), tenant, Some(spec.clone()), now);
    let stored = Some((ABANDONED_STATUS, body));
    let done = once
        .run(|_: &()| Ok(stored.clone()), |_| Box::pin(async { Ok(()) }))
        .await?;
    Ok(match done {
        Done::Fresh(()) => None,
        Done::Replayed(record) => record.redemption_id,
    })
}

/// The id of the reservation stored under a reserve's key, if one is: for a
/// key a retry of the request may still use, which must stay open. A reserve
/// still in flight is not seen; it lands later, and a retry under the key
/// finds it (or it expires on time).
pub async fn reserved_under(
    records: &Records,
    tenant: &str,
    spec: &IdemSpec,
    now: DateTime<Utc>,
) -> Result<Option<String>, RecordError> {
    let stored = super::idempotency::replay(records, tenant, spec, now).await?;
    Ok(stored.and_then(|record| record.redemption_id))
}

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
