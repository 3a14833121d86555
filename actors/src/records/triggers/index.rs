//! The template index: `(tenant, "trgtpl", trigger, key, coupon_id)` for each
//! coupon whose `auto_generate` is enabled. Written with the coupon (create,
//! and every definition change its actor commits); an event reads one key's
//! range, never the tenant's coupons. An entry is only a pointer: the event
//! re-reads the template and acts only if it is live and still listens.

use stampede_protocol::trigger::{AutoGenerate, TriggerKey, MAX_TEMPLATES_PER_TRIGGER_KEY};
use stampede_protocol::Coupon;
use stampede_storage::{keys, RangeOptions, StorageError, Transaction};

use super::super::codec::decode;
use super::super::{RecordError, Records};

fn entry(tenant: &str, coupon_id: &str, key: &TriggerKey) -> Vec<u8> {
    keys::trigger_template(tenant, key.trigger.as_str(), &key.key, coupon_id)
}

/// Moves the coupon's index entry from what `before` listened to to what
/// `after` listens to (either may be absent: created, disabled, deleted).
pub fn reindex(
    tx: &mut dyn Transaction,
    tenant: &str,
    coupon_id: &str,
    before: Option<&AutoGenerate>,
    after: Option<&AutoGenerate>,
) -> Result<(), StorageError> {
    let old = before.and_then(AutoGenerate::index_key);
    let new = after.and_then(AutoGenerate::index_key);
    if old == new {
        return Ok(());
    }
    if let Some(old) = old {
        tx.clear(&entry(tenant, coupon_id, &old))?;
    }
    if let Some(new) = new {
        tx.set(&entry(tenant, coupon_id, &new), b"")?;
    }
    Ok(())
}

/// The ids indexed under `key`, at most [`MAX_TEMPLATES_PER_TRIGGER_KEY`],
/// read in `tx` (a template indexed concurrently conflicts).
pub async fn ids_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    key: &TriggerKey,
) -> Result<Vec<String>, StorageError> {
    let prefix = keys::trigger_templates_prefix(tenant, key.trigger.as_str(), &key.key);
    let (begin, end) = keys::prefix_range(&prefix);
    let options = RangeOptions {
        begin,
        end,
        limit: MAX_TEMPLATES_PER_TRIGGER_KEY,
        reverse: false,
    };
    let rows = tx.get_range(&options).await?;
    Ok(rows
        .iter()
        .filter_map(|row| keys::coupon_id_of_trigger_template(&row.key))
        .collect())
}

/// The live templates listening to `key`: indexed, stored, not deleted, not
/// a code, and still naming `key`. Each template is read as a snapshot (its
/// own actor writes it; an event must not conflict with its redemptions).
pub async fn templates_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    key: &TriggerKey,
) -> Result<Vec<Coupon>, StorageError> {
    let mut templates = Vec::new();
    for id in ids_in(tx, tenant, key).await? {
        let coupon_key = keys::coupon(tenant, &id);
        let Some(bytes) = tx.get_snapshot(&coupon_key).await? else {
            continue;
        };
        let coupon: Coupon = decode(&coupon_key, &bytes)?;
        let listens = coupon
            .auto_generate
            .as_ref()
            .and_then(AutoGenerate::index_key)
            .is_some_and(|k| k == *key);
        if listens && coupon.deleted_at.is_none() && coupon.parent_id.is_none() {
            templates.push(coupon);
        }
    }
    Ok(templates)
}

/// How many templates other than `coupon_id` listen to `key` now (the
/// edge refuses a template past [`MAX_TEMPLATES_PER_TRIGGER_KEY`]).
pub async fn others(
    records: &Records,
    tenant: &str,
    key: &TriggerKey,
    coupon_id: &str,
) -> Result<usize, RecordError> {
    let mut tx = records.store().begin().await?;
    let ids = ids_in(tx.as_mut(), tenant, key).await?;
    Ok(ids.iter().filter(|id| id.as_str() != coupon_id).count())
}
