//! Promotions within a campaign (seed 001), stored under their campaign. A
//! promotion's code (unique in the tenant) and name (unique in the campaign)
//! are claimed by index keys in the transaction that writes it, with the code
//! record its actor owns ([`super::promotion_usage`]). Auto-applied promotions
//! are also filed in the `autoidx` index under every product, SKU and category
//! they target (or under `all`), which is how a preview finds them for a cart
//! without reading the tenant's promotions.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::promotion::{CampaignPromotion, PromotionType};
use stampede_protocol::ErrorCode;
use stampede_storage::{keys, StorageError, Transaction};

use super::codec::{decode, encode};
use super::idempotency::{Done, Once, Stored};
use super::mutation::{settle, stale, stored_json};
use super::page::{self, Page};
use super::promotion_usage::{code_taken, erase_code, write_code};
use super::{RecordError, Records};

/// The campaign a promotion is created in, patched or deleted under is gone.
pub fn campaign_not_found() -> RecordError {
    RecordError::field(
        ErrorCode::CampaignNotFound,
        "campaign_id",
        "The specified campaign does not exist or is not accessible",
    )
}

fn duplicate_name() -> RecordError {
    RecordError::invalid(
        "promotion_name",
        "Promotion names must be unique within the campaign",
    )
}

/// Whether the campaign exists, read without a conflict range.
pub async fn campaign_exists(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
) -> Result<bool, RecordError> {
    let mut tx = records.store().begin().await?;
    Ok(tx
        .get_snapshot(&keys::campaign(tenant, campaign_id))
        .await?
        .is_some())
}

/// A promotion of the campaign by id, as stored; `None` for an id no
/// promotion can have.
pub async fn get(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
    promotion_id: &str,
) -> Result<Option<CampaignPromotion>, RecordError> {
    super::by_id(records, promotion_id, || {
        keys::campaign_promotion(tenant, campaign_id, promotion_id)
    })
    .await
}

/// One page of the campaign's promotions, by id, as stored.
pub async fn list(
    records: &Records,
    tenant: &str,
    campaign_id: &str,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<CampaignPromotion>, RecordError> {
    page::of(
        records,
        &keys::campaign_promotions_prefix(tenant, campaign_id),
        cursor,
        |cursor| keys::campaign_promotion(tenant, campaign_id, cursor),
        limit,
        |p: &CampaignPromotion| p.promotion_id.clone(),
    )
    .await
}

/// Stores a new promotion with the first of `codes` no promotion or coupon
/// has (all taken: refused naming the first), its code record and its index
/// keys, and under the request's key its `201` response (the promotion as
/// answered at `now`), in one once-only transaction. Returns the promotion as
/// committed.
pub async fn create(
    records: &Records,
    tenant: &str,
    promotion: CampaignPromotion,
    codes: Vec<String>,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<CampaignPromotion>, RecordError> {
    let key = keys::campaign_promotion(tenant, &promotion.campaign_id, &promotion.promotion_id);
    let target = ("promotion", promotion.promotion_id.as_str());
    let once =
        Once::new(records.clone(), tenant, spec, now).audited("promotion.created", target, key);
    let shared = Arc::new((promotion, codes));
    let done = once
        .run(answered(now, 201), |tx| {
            let (tenant, shared) = (tenant.to_owned(), shared.clone());
            Box::pin(async move {
                let (promotion, codes) = &*shared;
                create_in(tx, &tenant, promotion.clone(), codes).await
            })
        })
        .await?;
    settle(done)
}

/// The create inside its transaction; a refusal is the inner error.
async fn create_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    mut promotion: CampaignPromotion,
    codes: &[String],
) -> Result<Result<CampaignPromotion, RecordError>, StorageError> {
    if tx
        .get(&keys::campaign(tenant, &promotion.campaign_id))
        .await?
        .is_none()
    {
        return Ok(Err(campaign_not_found()));
    }
    let name_key = name_key(tenant, &promotion);
    if tx.get(&name_key).await?.is_some() {
        return Ok(Err(duplicate_name()));
    }
    let mut free = None;
    for code in codes {
        if !code_taken(tx, tenant, code).await? {
            free = Some(code.clone());
            break;
        }
    }
    let Some(code) = free else {
        let first = codes.first().cloned().unwrap_or_default();
        return Ok(Err(RecordError::field(
            ErrorCode::DuplicatePromotionCode,
            "promotion_code",
            format!("The promotion code '{first}' is already in use"),
        )));
    };
    promotion.promotion_code = code;
    write(tx, tenant, &promotion, &name_key)?;
    write_code(tx, tenant, &promotion)?;
    Ok(Ok(promotion))
}

/// What a create or patch stores under its key: the promotion as answered.
fn answered(
    now: DateTime<Utc>,
    status: u16,
) -> impl Fn(&Result<CampaignPromotion, RecordError>) -> Result<Stored, serde_json::Error> + Sync {
    move |outcome| stored_json(status, &outcome.as_ref().map(|p| p.clone().at(now)))
}

/// Changes a promotion with `change` (which checks the result as a new one
/// is checked), when its campaign exists and `version`, if given, is current;
/// a renamed promotion claims its new name. The promotion as answered at `now`
/// is stored under the key.
pub async fn patch<F>(
    records: &Records,
    tenant: &str,
    ids: (&str, &str),
    version: Option<u64>,
    change: F,
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<CampaignPromotion>, RecordError>
where
    F: Fn(CampaignPromotion) -> Result<CampaignPromotion, RecordError> + Send + Sync + 'static,
{
    let (campaign_id, promotion_id) = (ids.0.to_owned(), ids.1.to_owned());
    let change = Arc::new(change);
    let key = keys::campaign_promotion(tenant, &campaign_id, &promotion_id);
    let target = ("promotion", promotion_id.as_str());
    let once =
        Once::new(records.clone(), tenant, spec, now).audited("promotion.updated", target, key);
    let done = once
        .run(answered(now, 200), |tx| {
            let (tenant, change) = (tenant.to_owned(), change.clone());
            let (campaign_id, promotion_id) = (campaign_id.clone(), promotion_id.clone());
            Box::pin(async move {
                let ids = (campaign_id.as_str(), promotion_id.as_str());
                patch_in(tx, &tenant, ids, version, &*change).await
            })
        })
        .await?;
    settle(done)
}

/// The patch inside its transaction; a refusal is the inner error.
async fn patch_in(
    tx: &mut dyn Transaction,
    tenant: &str,
    (campaign_id, promotion_id): (&str, &str),
    version: Option<u64>,
    change: &(dyn Fn(CampaignPromotion) -> Result<CampaignPromotion, RecordError> + Send + Sync),
) -> Result<Result<CampaignPromotion, RecordError>, StorageError> {
    if tx
        .get(&keys::campaign(tenant, campaign_id))
        .await?
        .is_none()
    {
        return Ok(Err(campaign_not_found()));
    }
    let key = keys::campaign_promotion(tenant, campaign_id, promotion_id);
    let Some(bytes) = tx.get(&key).await? else {
        return Ok(Err(RecordError::NotFound("promotion")));
    };
    let old: CampaignPromotion = decode(&key, &bytes)?;
    if version.is_some_and(|v| v != old.version) {
        return Ok(Err(stale(old.version)));
    }
    let new = match change(old.clone()) {
        Ok(new) => new,
        Err(refused) => return Ok(Err(refused)),
    };
    let name_key = name_key(tenant, &new);
    if new.promotion_name.to_lowercase() != old.promotion_name.to_lowercase()
        && tx.get(&name_key).await?.is_some()
    {
        return Ok(Err(duplicate_name()));
    }
    erase(tx, tenant, &old)?;
    write(tx, tenant, &new, &name_key)?;
    Ok(Ok(new))
}

/// Deletes a promotion, its index keys and its code record (a live actor finds
/// the record gone at its next commit and stops; redemptions and counters
/// stay, as history). `204` is stored under the key.
pub async fn delete(
    records: &Records,
    tenant: &str,
    (campaign_id, promotion_id): (&str, &str),
    spec: Option<IdemSpec>,
    now: DateTime<Utc>,
) -> Result<Done<()>, RecordError> {
    let key = keys::campaign_promotion(tenant, campaign_id, promotion_id);
    let target = ("promotion", promotion_id);
    let once =
        Once::new(records.clone(), tenant, spec, now).audited("promotion.deleted", target, key);
    let (campaign_id, promotion_id) = (campaign_id.to_owned(), promotion_id.to_owned());
    let done = once
        .run(deleted, |tx| {
            let tenant = tenant.to_owned();
            let (campaign_id, promotion_id) = (campaign_id.clone(), promotion_id.clone());
            Box::pin(async move {
                if tx
                    .get(&keys::campaign(&tenant, &campaign_id))
                    .await?
                    .is_none()
                {
                    return Ok(Err(campaign_not_found()));
                }
                let key = keys::campaign_promotion(&tenant, &campaign_id, &promotion_id);
                let Some(bytes) = tx.get(&key).await? else {
                    return Ok(Err(RecordError::NotFound("promotion")));
                };
                let old: CampaignPromotion = decode(&key, &bytes)?;
                erase(tx, &tenant, &old)?;
                erase_code(tx, &tenant, &old)?;
                Ok::<_, StorageError>(Ok(()))
            })
        })
        .await?;
    settle(done)
}

/// What a delete stores under its key: `204` once deleted.
fn deleted(outcome: &Result<(), RecordError>) -> Result<Stored, serde_json::Error> {
    Ok(outcome.is_ok().then_some((204, serde_json::Value::Null)))
}

fn name_key(tenant: &str, p: &CampaignPromotion) -> Vec<u8> {
    keys::promotion_name(tenant, &p.campaign_id, &p.promotion_name.to_lowercase())
}

/// Index entries of an auto-applied promotion: what it targets, or `all`.
pub fn index_entries(p: &CampaignPromotion) -> Vec<(&'static str, String)> {
    if !p.auto_apply {
        return Vec::new();
    }
    let r = &p.discount_rules;
    let mut entries: Vec<(&'static str, String)> = Vec::new();
    let products: &[String] = if p.promotion_type == PromotionType::BundleDeal
        && r.applicable_products.is_empty()
        && r.applicable_categories.is_empty()
    {
        &r.bundle_products
    } else {
        &r.applicable_products
    };
    for product in products {
        entries.push(("product", product.clone()));
        entries.push(("sku", product.clone()));
    }
    for category in &r.applicable_categories {
        entries.push(("category", category.clone()));
    }
    if entries.is_empty() {
        entries.push(("all", String::new()));
    }
    entries.sort();
    entries.dedup();
    entries
}

/// Writes a promotion with its code, name, location and index keys.
fn write(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
    name_key: &[u8],
) -> Result<(), StorageError> {
    let id = p.promotion_id.as_bytes();
    tx.set(
        &keys::campaign_promotion(tenant, &p.campaign_id, &p.promotion_id),
        &encode(p)?,
    )?;
    tx.set(
        &keys::promotion_location(tenant, &p.promotion_id),
        p.campaign_id.as_bytes(),
    )?;
    tx.set(&keys::promotion_code(tenant, &p.promotion_code), id)?;
    tx.set(name_key, id)?;
    for (kind, value) in index_entries(p) {
        tx.set(
            &keys::auto_index(tenant, kind, &value, &p.promotion_id),
            b"",
        )?;
    }
    Ok(())
}

/// Clears what [`write`] wrote.
fn erase(
    tx: &mut dyn Transaction,
    tenant: &str,
    p: &CampaignPromotion,
) -> Result<(), StorageError> {
    tx.clear(&keys::campaign_promotion(
        tenant,
        &p.campaign_id,
        &p.promotion_id,
    ))?;
    tx.clear(&keys::promotion_location(tenant, &p.promotion_id))?;
    tx.clear(&keys::promotion_code(tenant, &p.promotion_code))?;
    tx.clear(&name_key(tenant, p))?;
    for (kind, value) in index_entries(p) {
        tx.clear(&keys::auto_index(tenant, kind, &value, &p.promotion_id))?;
    }
    Ok(())
}
