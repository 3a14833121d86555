//! Loading the promotions a preview needs: the automatic ones the `autoidx`
//! index files under the cart's products, SKUs, category paths (and `all`), and
//! the promotions or coupons behind the given codes. Nothing else of the tenant
//! is read ([`records::catalog`] reads them in one snapshot; the code's actors
//! give coupons their verdicts). Also resolves the customer's stored segment
//! memberships.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use stampede_actors::promo::campaign::{to_definition, RuleRef};
use stampede_actors::promo::coupon::definition as coupon_as_promotion;
use stampede_actors::promo::{compile, Catalog};
use stampede_actors::records;
use stampede_actors::records::catalog::{Named, Snapshot};
use stampede_actors::records::Records;
use stampede_actors::Shards;
use stampede_protocol::promotion::{CampaignPromotion, PromoContext, PromotionDef, Window};
use stampede_protocol::{Context, Coupon, CouponStatus, ErrorCode};

use crate::error::ApiError;
use crate::promo_context::{check_request, PreviewBody};
use crate::AppState;

pub use records::catalog::MAX_AUTO_CANDIDATES;

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
    records: &Records,
    verdicts: Verdicts<'_>,
    tenant: &str,
    ctx: &PromoContext,
    codes: &[String],
    inline: Vec<PromotionDef>,
    now: DateTime<Utc>,
) -> Result<Loaded, ApiError> {
    let mut snapshot = Snapshot::begin(records).await?;
    let currency = ctx.currency.as_deref().unwrap_or("");
    let mut found = Found {
        seen: inline.iter().map(|d| d.id.clone()).collect(),
        defs: inline,
        segments: BTreeSet::new(),
        refused: Vec::new(),
        currency,
    };
    let user = ctx.user_id.as_deref();
    for id in snapshot.auto_candidates(tenant, ctx).await? {
        if let Some(p) = snapshot.promotion(tenant, &id).await? {
            add_promotion(&mut snapshot, &mut found, tenant, p, user, now).await?;
        }
    }
    for raw in codes {
        match snapshot.by_code(tenant, raw).await? {
            Some(Named::Promotion(p)) if !p.auto_apply => {
                add_promotion(&mut snapshot, &mut found, tenant, *p, user, now).await?;
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
    let segments = snapshot
        .memberships(tenant, ctx, &wanted_segments, now)
        .await?;
    let catalog = Catalog::from_defs(defs)
        .map_err(|e| ApiError::new(stampede_protocol::ErrorCode::InvalidRule, e.to_string()))?;
    Ok(Loaded {
        catalog,
        segments,
        refused,
    })
}

/// Adds a stored promotion with the rules it references and whether its usage
/// limits are used up for `user`, all read in the preview's snapshot.
async fn add_promotion(
    snapshot: &mut Snapshot,
    found: &mut Found<'_>,
    tenant: &str,
    p: CampaignPromotion,
    user: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let rules = snapshot
        .rules(tenant, &p.eligibility_criteria.rule_ids)
        .await?;
    let exhausted = snapshot.exhausted(tenant, &p, user, now).await?;
    found.promotion(p, &rules, exhausted);
    Ok(())
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

/// What a preview and an eligibility check start from: the request checked,
/// the candidates loaded at the request's time (with the code actors'
/// verdicts, unless it asks about another time), and the customer's stored
/// segments added to its context.
pub struct Started {
    pub body: PreviewBody,
    pub now: DateTime<Utc>,
    pub loaded: Loaded,
    pub ctx: PromoContext,
}

/// Checks and loads a preview or eligibility request (see [`Started`]).
pub async fn start(
    state: &AppState,
    tenant: &str,
    mut body: PreviewBody,
) -> Result<Started, ApiError> {
    check_request(&body.codes, &body.context, &body.promotions)?;
    let now = body.options.at.unwrap_or_else(|| state.now());
    let verdicts = Verdicts::at(body.options.at, &state.shards);
    let inline = std::mem::take(&mut body.promotions);
    let records = state.records();
    let loaded = load(
        &records,
        verdicts,
        tenant,
        &body.context,
        &body.codes,
        inline,
        now,
    )
    .await?;
    let ctx = with_segments(&body.context, loaded.segments.clone());
    Ok(Started {
        body,
        now,
        loaded,
        ctx,
    })
}
