//! What a preview reads, in one snapshot: the automatic promotions the
//! `autoidx` index files under a cart's products, SKUs and category paths (and
//! `all`), the promotions or coupons behind given codes, the rules they
//! reference, their usage as committed, and the customer's stored segment
//! memberships. Nothing else of the tenant is read.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use stampede_protocol::promotion::{CampaignPromotion, PromoContext};
use stampede_protocol::rule::Rule;
use stampede_protocol::{code, Coupon, CouponType, ErrorCode};
use stampede_storage::{keys, RangeOptions, Transaction};

use super::codec::decode;
use super::{promotion_usage, segments, RecordError, Records};
use crate::promo::campaign::RuleRef;
use crate::promo::evaluate::category_prefixes;

/// Automatic promotions one preview may meet; past this the request is refused
/// rather than silently previewed without some of them.
pub const MAX_AUTO_CANDIDATES: usize = 1_000;

/// What a code names: a campaign promotion, else a coupon.
pub enum Named {
    Promotion(Box<CampaignPromotion>),
    Coupon(Box<Coupon>),
}

/// One preview's reads, all from one transaction (without conflict ranges):
/// the preview sees one state of the tenant.
pub struct Snapshot {
    tx: Box<dyn Transaction>,
}

/// Index lookups a cart needs: (kind, value) for every product, SKU and category
/// path prefix of its lines, plus the untargeted entry.
fn index_lookups(ctx: &PromoContext) -> BTreeSet<(&'static str, String)> {
    let mut lookups = BTreeSet::new();
    lookups.insert(("all", String::new()));
    for item in &ctx.items {
        if let Some(sku) = &item.sku {
            lookups.insert(("sku", sku.clone()));
        }
        if let Some(product) = &item.product_id {
            lookups.insert(("product", product.clone()));
        }
        for path in item.category.iter().chain(&item.categories) {
            for prefix in category_prefixes(path) {
                lookups.insert(("category", prefix.to_owned()));
            }
        }
    }
    lookups
}

impl Snapshot {
    /// Opens the snapshot every read of one preview shares.
    pub async fn begin(records: &Records) -> Result<Self, RecordError> {
        Ok(Self {
            tx: records.store().begin().await?,
        })
    }

    /// Ids of the automatic promotions filed under what the cart holds;
    /// refused past [`MAX_AUTO_CANDIDATES`].
    pub async fn auto_candidates(
        &mut self,
        tenant: &str,
        ctx: &PromoContext,
    ) -> Result<BTreeSet<String>, RecordError> {
        let mut ids = BTreeSet::new();
        for (kind, value) in index_lookups(ctx) {
            let (begin, end) = keys::prefix_range(&keys::auto_index_prefix(tenant, kind, &value));
            let options = RangeOptions {
                begin,
                end,
                limit: MAX_AUTO_CANDIDATES + 1,
                reverse: false,
            };
            let rows = self.tx.get_range(&options).await?;
            ids.extend(
                rows.iter()
                    .filter_map(|kv| keys::promotion_id_of_auto_index(&kv.key)),
            );
            if ids.len() > MAX_AUTO_CANDIDATES {
                return Err(RecordError::refused(
                    ErrorCode::InvalidRequest,
                    format!(
                        "more than {MAX_AUTO_CANDIDATES} automatic promotions target this cart"
                    ),
                ));
            }
        }
        Ok(ids)
    }

    /// A promotion by id, found through its location key.
    pub async fn promotion(
        &mut self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<CampaignPromotion>, RecordError> {
        promotion_by_id(self.tx.as_mut(), tenant, id).await
    }

    /// What `raw` names: a promotion's code (upper-case), else a live coupon's
    /// (normalized); a promotion's own code record is found as the promotion.
    pub async fn by_code(&mut self, tenant: &str, raw: &str) -> Result<Option<Named>, RecordError> {
        let tx = self.tx.as_mut();
        let upper = raw.trim().to_ascii_uppercase();
        if let Some(id) = tx
            .get_snapshot(&keys::promotion_code(tenant, &upper))
            .await?
        {
            let id = String::from_utf8_lossy(&id).into_owned();
            return Ok(promotion_by_id(tx, tenant, &id)
                .await?
                .map(|p| Named::Promotion(Box::new(p))));
        }
        let Ok(normalized) = code::normalize(raw) else {
            return Ok(None);
        };
        let Some(id) = tx.get_snapshot(&keys::code(tenant, &normalized)).await? else {
            return Ok(None);
        };
        let id = String::from_utf8_lossy(&id).into_owned();
        let key = keys::coupon(tenant, &id);
        match tx.get_snapshot(&key).await? {
            Some(bytes) => {
                let coupon: Coupon = decode(&key, &bytes)?;
                let live = coupon.deleted_at.is_none() && coupon.kind != CouponType::Promotion;
                Ok(live.then(|| Named::Coupon(Box::new(coupon))))
            }
            None => Ok(None),
        }
    }

    /// The stored rules a promotion references, with their priorities (the
    /// engine ranks them); a rule deleted since becomes a condition that never
    /// holds, so the promotion does not apply, ranked first so its explanation
    /// leads.
    pub async fn rules(
        &mut self,
        tenant: &str,
        ids: &[String],
    ) -> Result<Vec<RuleRef>, RecordError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let key = keys::rule(tenant, id);
            out.push(match self.tx.get_snapshot(&key).await? {
                Some(bytes) => RuleRef::of(decode::<Rule>(&key, &bytes)?),
                None => RuleRef::deleted(id),
            });
        }
        Ok(out)
    }

    /// [`promotion_usage::exhausted`] in this snapshot.
    pub async fn exhausted(
        &mut self,
        tenant: &str,
        p: &CampaignPromotion,
        user: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, RecordError> {
        promotion_usage::exhausted(self.tx.as_mut(), tenant, p, user, now).await
    }

    /// [`segments::memberships`] in this snapshot.
    pub async fn memberships(
        &mut self,
        tenant: &str,
        ctx: &PromoContext,
        names: &BTreeSet<String>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, RecordError> {
        segments::memberships(self.tx.as_mut(), tenant, ctx, names, now).await
    }
}

async fn promotion_by_id(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
) -> Result<Option<CampaignPromotion>, RecordError> {
    let Some(campaign) = tx
        .get_snapshot(&keys::promotion_location(tenant, id))
        .await?
    else {
        return Ok(None);
    };
    let campaign = String::from_utf8_lossy(&campaign).into_owned();
    let key = keys::campaign_promotion(tenant, &campaign, id);
    match tx.get_snapshot(&key).await? {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}
