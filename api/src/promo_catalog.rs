//! Loading the promotions a preview needs: the automatic ones the `autoidx`
//! index files under the cart's products, SKUs, category paths (and `all`), and
//! the promotions or coupons behind the given codes. Nothing else of the tenant
//! is read. Also resolves the customer's stored segment memberships.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use stampede_actors::promo::campaign::{to_definition, RuleRef};
use stampede_actors::promo::coupon::definition as coupon_as_promotion;
use stampede_actors::promo::evaluate::category_prefixes;
use stampede_actors::promo::{compile, Catalog};
use stampede_actors::records;
use stampede_actors::Shards;
use stampede_protocol::promotion::{CampaignPromotion, PromoContext, PromotionDef, Window};
use stampede_protocol::rule::Rule;
use stampede_protocol::{code, Context, Coupon, CouponStatus, CouponType, ErrorCode};
use stampede_storage::{keys, RangeOptions, SharedStore, Transaction};

use crate::error::ApiError;
use crate::promo_store::decode;

/// Automatic promotions one preview may meet; past this the request is refused
/// rather than silently previewed without some of them.
pub const MAX_AUTO_CANDIDATES: usize = 1_000;

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

async fn auto_candidates(
    tx: &mut dyn Transaction,
    tenant: &str,
    ctx: &PromoContext,
) -> Result<BTreeSet<String>, ApiError> {
    let mut ids = BTreeSet::new();
    for (kind, value) in index_lookups(ctx) {
        let (begin, end) = keys::prefix_range(&keys::auto_index_prefix(tenant, kind, &value));
        let rows = tx
            .get_range(&RangeOptions {
                begin,
                end,
                limit: MAX_AUTO_CANDIDATES + 1,
                reverse: false,
            })
            .await?;
        ids.extend(
            rows.iter()
                .filter_map(|kv| keys::promotion_id_of_auto_index(&kv.key)),
        );
        if ids.len() > MAX_AUTO_CANDIDATES {
            return Err(ApiError::new(
                stampede_protocol::ErrorCode::InvalidRequest,
                format!("more than {MAX_AUTO_CANDIDATES} automatic promotions target this cart"),
            ));
        }
    }
    Ok(ids)
}

async fn promotion_by_id(
    tx: &mut dyn Transaction,
    tenant: &str,
    id: &str,
) -> Result<Option<CampaignPromotion>, ApiError> {
    let Some(campaign) = tx
        .get_snapshot(&keys::promotion_location(tenant, id))
        .await?
    else {
        return Ok(None);
    };
    let campaign = String::from_utf8_lossy(&campaign).into_owned();
    match tx
        .get_snapshot(&keys::campaign_promotion(tenant, &campaign, id))
        .await?
    {
        Some(bytes) => Ok(Some(decode(&bytes)?)),
        None => Ok(None),
    }
}

/// What a code names: a campaign promotion, else a coupon.
enum Named {
    Promotion(Box<CampaignPromotion>),
    Coupon(Box<Coupon>),
}

async fn by_code(
    tx: &mut dyn Transaction,
    tenant: &str,
    raw: &str,
) -> Result<Option<Named>, ApiError> {
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
    match tx.get_snapshot(&keys::coupon(tenant, &id)).await? {
        Some(bytes) => {
            let coupon: Coupon = decode(&bytes)?;
            // A promotion's own code is found through the promotion above.
            let live = coupon.deleted_at.is_none() && coupon.kind != CouponType::Promotion;
            Ok(live.then(|| Named::Coupon(Box::new(coupon))))
        }
        None => Ok(None),
    }
}

/// A coupon as a promotion, by the one conversion its actor uses. With a
/// `verdict` (the code's actor's answer for this cart now) the engine computes
/// only what the actor found valid; without one (a preview `at` another time)
/// the stored status, window and uses stand in for it.
pub fn coupon_definition(c: &Coupon, cart_currency: &str, verdict: bool) -> PromotionDef {
    let mut def = coupon_as_promotion(c, None, cart_currency);
    if !verdict {
        def.window = Some(Window {
            start: c.valid_from,
            end: c.valid_until,
            ..Window::default()
        });
        def.paused = c.status != CouponStatus::Active;
        def.usage_exhausted = c.remaining_uses() == Some(0);
    }
    def
}

/// The stored rules a promotion references, with their priorities (the engine
/// ranks them); a rule deleted since becomes a condition that never holds, so the
/// promotion does not apply, ranked first so its explanation leads.
async fn referenced_rules(
    tx: &mut dyn Transaction,
    tenant: &str,
    ids: &[String],
) -> Result<Vec<RuleRef>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(match tx.get_snapshot(&keys::rule(tenant, id)).await? {
            Some(bytes) => RuleRef::of(decode::<Rule>(&bytes)?),
            None => RuleRef::deleted(id),
        });
    }
    Ok(out)
}

/// Definitions collected for one preview, each promotion once.
struct Found<'a> {
    defs: Vec<PromotionDef>,
    seen: BTreeSet<String>,
    /// Segment names the promotions' criteria mention.
    segments: BTreeSet<String>,
    /// Coupons their actors refused for this cart, with the reasons.
    refused: Vec<(String, Vec<ErrorCode>)>,
    currency: &'a str,
}

impl Found<'_> {
    fn promotion(&mut self, p: CampaignPromotion, rules: &[RuleRef], exhausted: bool) {
        self.segments
            .extend(p.eligibility_criteria.customer_segments.iter().cloned());
        if self.seen.insert(p.promotion_id.clone()) {
            let mut def = to_definition(&p, self.currency, rules);
            def.usage_exhausted = exhausted;
            self.defs.push(def);
        }
    }

    fn coupon(&mut self, c: &Coupon, verdict: Option<&[ErrorCode]>) {
        if self.seen.insert(c.id.clone()) {
            let mut def = coupon_definition(c, self.currency, verdict.is_some());
            if let Some(reasons) = verdict.filter(|r| !r.is_empty()) {
                // Refused by its actor: the engine leaves it out, and the report
                // shows the actor's reasons instead of the engine's.
                def.paused = true;
                self.refused.push((c.id.clone(), reasons.to_vec()));
            }
            self.defs.push(def);
        }
    }
}

/// The promotions of a preview, with what the codes named.
pub struct Loaded {
    pub catalog: Catalog,
    /// Segment names the customer belongs to, from stored segments.
    pub segments: Vec<String>,
    /// Coupons (by id) their code's actor refused for this cart, with its
    /// reasons: what `/validate` and `/redemptions` would answer.
    pub refused: Vec<(String, Vec<ErrorCode>)>,
}

impl Loaded {
    /// The actor's reasons for a refused coupon, as the report shows them.
    pub fn refusal(&self, promotion_id: &str) -> Option<Vec<String>> {
        self.refused
            .iter()
            .find(|(id, _)| id == promotion_id)
            .map(|(_, reasons)| reasons.iter().map(|r| r.as_str().to_owned()).collect())
    }
}

/// Where a preview's coupon codes get their verdict.
#[derive(Clone, Copy)]
pub enum Verdicts<'a> {
    /// From the code's actor, for this cart now: what `/validate` answers.
    Ask(&'a Shards),
    /// Already given: every code passed was found valid by its actor.
    Valid,
    /// None (a preview `at` another instant): the stored record stands in.
    Stored,
}

impl<'a> Verdicts<'a> {
    /// A preview of now asks the actors; one `at` another instant cannot.
    pub fn at(at: Option<DateTime<Utc>>, shards: &'a Shards) -> Self {
        match at {
            Some(_) => Verdicts::Stored,
            None => Verdicts::Ask(shards),
        }
    }
}

/// Loads the candidates for `ctx` and `codes`, plus `inline` definitions.
pub async fn load(
    store: &SharedStore,
    verdicts: Verdicts<'_>,
    tenant: &str,
    ctx: &PromoContext,
    codes: &[String],
    inline: Vec<PromotionDef>,
    now: DateTime<Utc>,
) -> Result<Loaded, ApiError> {
    let mut tx = store.begin().await?;
    let tx: &mut dyn Transaction = tx.as_mut();
    let currency = ctx.currency.as_deref().unwrap_or("");
    let mut found = Found {
        seen: inline.iter().map(|d| d.id.clone()).collect(),
        defs: inline,
        segments: BTreeSet::new(),
        refused: Vec::new(),
        currency,
    };
    let user = ctx.user_id.as_deref();
    for id in auto_candidates(tx, tenant, ctx).await? {
        if let Some(p) = promotion_by_id(tx, tenant, &id).await? {
            let rules = referenced_rules(tx, tenant, &p.eligibility_criteria.rule_ids).await?;
            let exhausted = records::promotion_usage::exhausted(tx, tenant, &p, user, now).await?;
            found.promotion(p, &rules, exhausted);
        }
    }
    for raw in codes {
        match by_code(tx, tenant, raw).await? {
            Some(Named::Promotion(p)) if !p.auto_apply => {
                let rules = referenced_rules(tx, tenant, &p.eligibility_criteria.rule_ids).await?;
                let exhausted =
                    records::promotion_usage::exhausted(tx, tenant, &p, user, now).await?;
                found.promotion(*p, &rules, exhausted);
            }
            Some(Named::Coupon(c)) => {
                let verdict = match verdicts {
                    Verdicts::Ask(shards) => {
                        Some(verdict(shards, tenant, &c.code, raw, ctx).await?)
                    }
                    Verdicts::Valid => Some(Vec::new()),
                    Verdicts::Stored => None,
                };
                found.coupon(&c, verdict.as_deref());
            }
            _ => {}
        }
    }
    let Found {
        defs,
        segments: mut wanted_segments,
        refused,
        ..
    } = found;
    // Segments named in any condition (inline promotions, referenced rules).
    for def in &defs {
        if let Some(rule) = def.condition.as_ref().and_then(|c| compile(c).ok()) {
            wanted_segments.extend(rule.segment_names());
        }
    }
    let segments = records::segments::memberships(tx, tenant, ctx, &wanted_segments, now).await?;
    let catalog = Catalog::from_defs(defs)
        .map_err(|e| ApiError::new(stampede_protocol::ErrorCode::InvalidRule, e.to_string()))?;
    Ok(Loaded {
        catalog,
        segments,
        refused,
    })
}

/// The code's actor's reasons for refusing the cart (empty: it applies).
async fn verdict(
    shards: &Shards,
    tenant: &str,
    code: &str,
    entered: &str,
    ctx: &PromoContext,
) -> Result<Vec<ErrorCode>, ApiError> {
    let entered = Some(entered.to_owned());
    let outcome = shards
        .validate(tenant, code, entered, Context::from_promo(ctx))
        .await
        .map_err(ApiError::from)?;
    Ok(outcome.evaluation.reasons)
}

/// `ctx` with stored memberships added to the customer's segments.
pub fn with_segments(ctx: &PromoContext, segments: Vec<String>) -> PromoContext {
    let mut ctx = ctx.clone();
    let mut all: BTreeSet<String> = ctx.customer.segments.drain(..).collect();
    all.extend(segments);
    ctx.customer.segments = all.into_iter().collect();
    ctx
}
