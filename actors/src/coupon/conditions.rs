//! What a code's actor checks besides its counters: the stored rules a coupon
//! references, the segment it is restricted to (seed 003 `segment`), and, for
//! the code of a campaign promotion (seed 001), the whole promotion, whose
//! discount the promotion engine computes.
//!
//! Everything is read when the actor activates. Explicit segment membership is
//! per customer, so it is looked up like per-customer counts: prefetched for the
//! customers of a batch before deciding, cached for [`MEMBERSHIP_CACHE_TTL_MS`].
//! Every change to a tenant's rules, segments or members bumps a conditions
//! epoch, and a promotion's edits bump its version; the actor re-reads both
//! before each batch and reloads what moved. The commit re-reads the promotion's
//! version too and refuses to write decisions made on an older one.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::limit_set::{LimitSet, LimitTarget};
use stampede_protocol::promotion::{CampaignPromotion, PromoContext};
use stampede_protocol::rule::Rule;
use stampede_protocol::segment::{Segment, SegmentKind};
use stampede_protocol::{Context, Coupon, ErrorCode};
use stampede_storage::{keys, SharedStore, StorageError, Transaction};

use crate::engine::{decide, refuse, Entered, Evaluation, Explain};
use crate::promo::campaign::{to_definition, RuleRef};
use crate::promo::{compile, matches, Catalog, CompiledRule, Facts};
use crate::records::decode;

/// How long an explicit-segment membership looked up for a customer is trusted.
pub const MEMBERSHIP_CACHE_TTL_MS: i64 = 60_000;
/// Customers whose memberships an actor caches before it forgets them all.
pub const MAX_CACHED_MEMBERSHIPS: usize = 16_384;
/// Cart currencies a promotion's compiled definition is cached for.
pub const MAX_CACHED_PROMOTION_CURRENCIES: usize = 16;

/// A segment as the actor checks it.
#[derive(Debug, Clone)]
enum SegmentCheck {
    /// Named but not stored: nobody is in it.
    Missing,
    /// Listed members; looked up per customer.
    Explicit { id: String },
    /// A rule over the checkout's facts.
    Rule(Box<CompiledRule>),
}

/// A campaign promotion behind a code.
#[derive(Debug, Clone)]
pub(crate) struct PromotionTerms {
    pub record: CampaignPromotion,
    /// The stored rules it references.
    rules: Vec<RuleRef>,
    /// Its definition per cart currency, compiled once.
    catalogs: HashMap<String, Catalog>,
}

impl PromotionTerms {
    /// Puts the promotion's usage limits on the coupon record the engine and the
    /// commit check `max_uses` and the per-customer limit against.
    pub(crate) fn apply_limits(&self, coupon: &mut Coupon) {
        apply_promotion_limits(&self.record, coupon);
    }

    /// The promotion's daily limit as a limit set, read in its time zone.
    fn limit_set(&self, coupon: &Coupon) -> LimitSet {
        let limits = &self.record.usage_limits;
        let zone = self
            .record
            .schedule
            .time_restrictions
            .as_ref()
            .and_then(|t| t.time_zone.clone());
        LimitSet {
            target: LimitTarget::Coupon,
            target_id: coupon.id.clone(),
            per_channel: BTreeMap::new(),
            per_store: BTreeMap::new(),
            daily_cap: limits.daily_usage_limit,
            time_zone: zone,
            windows: Vec::new(),
            reservation_ttl_secs: None,
            stores: Vec::new(),
            exclusive: false,
            consumer_count: 0,
            segment: None,
            version: self.record.version,
            created_at: self.record.created_at,
            updated_at: self.record.updated_at,
        }
    }

    fn catalog(&mut self, currency: &str) -> Result<&Catalog, String> {
        if !self.catalogs.contains_key(currency) {
            if self.catalogs.len() >= MAX_CACHED_PROMOTION_CURRENCIES {
                self.catalogs.clear();
            }
            let mut def = to_definition(&self.record, currency, &self.rules);
            // Entered as a code here, even when the promotion also applies itself.
            def.code = Some(self.record.promotion_code.clone());
            let catalog = Catalog::from_defs(vec![def]).map_err(|e| e.to_string())?;
            self.catalogs.insert(currency.to_owned(), catalog);
        }
        self.catalogs
            .get(currency)
            .ok_or_else(|| String::from("catalog cache"))
    }
}

/// The usage limits of seed 001 as the coupon fields the engine reads. A total
/// lowered below what is already used reads as "used up", never as a count
/// above its cap.
pub(crate) fn apply_promotion_limits(p: &CampaignPromotion, coupon: &mut Coupon) {
    coupon.max_uses = p
        .usage_limits
        .total_usage_limit
        .map(|total| total.max(coupon.uses_count));
    coupon.per_customer_limit = p
        .usage_limits
        .per_customer_limit
        .map(|l| u32::try_from(l).unwrap_or(u32::MAX));
}

/// The conditions of one code, as its actor holds them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditions {
    /// The coupon's stored rules, compiled, by id (priority order).
    rules: Vec<(String, CompiledRule)>,
    /// The segment the code is restricted to, by name.
    restriction: Option<String>,
    /// Every segment named by the restriction, the rules or the promotion.
    segments: BTreeMap<String, SegmentCheck>,
    pub promotion: Option<PromotionTerms>,
    /// A promotion's code whose promotion is gone: nothing applies.
    promotion_missing: bool,
    /// Explicit segments (by name) each customer was found in, and when.
    members: HashMap<String, (DateTime<Utc>, Vec<String>)>,
    /// The tenant's conditions epoch these were read at.
    pub epoch: i64,
}

impl Conditions {
    /// Whether anything here could go stale when rules or segments change.
    pub(crate) fn watches_epoch(&self) -> bool {
        !self.rules.is_empty() || !self.segments.is_empty() || self.promotion.is_some()
    }

    pub(crate) fn promotion_version(&self) -> Option<u64> {
        self.promotion.as_ref().map(|p| p.record.version)
    }

    /// The limit set a promotion's code enforces in place of a stored one.
    pub(crate) fn promotion_limit_set(&self, coupon: &Coupon) -> Option<LimitSet> {
        self.promotion.as_ref().map(|p| p.limit_set(coupon))
    }

    fn has_explicit(&self) -> bool {
        self.segments
            .values()
            .any(|s| matches!(s, SegmentCheck::Explicit { .. }))
    }

    /// Whether `user`'s explicit memberships must be looked up before deciding.
    pub(crate) fn needs_members(&self, user: &str, now: DateTime<Utc>) -> bool {
        self.has_explicit()
            && self
                .members
                .get(user)
                .is_none_or(|(at, _)| (now - *at).num_milliseconds() >= MEMBERSHIP_CACHE_TTL_MS)
    }

    /// Looks up the explicit memberships of `users` in one snapshot.
    pub(crate) async fn load_members(
        &mut self,
        store: &SharedStore,
        tenant: &str,
        users: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        if users.is_empty() {
            return Ok(());
        }
        if self.members.len() + users.len() > MAX_CACHED_MEMBERSHIPS {
            self.members.clear();
        }
        let explicit: Vec<(String, String)> = self
            .segments
            .iter()
            .filter_map(|(name, check)| match check {
                SegmentCheck::Explicit { id } => Some((name.clone(), id.clone())),
                _ => None,
            })
            .collect();
        let mut tx = store.begin().await?;
        for user in users {
            let mut found = Vec::new();
            for (name, id) in &explicit {
                let key = keys::segment_member(tenant, id, user);
                if tx.get_snapshot(&key).await?.is_some() {
                    found.push(name.clone());
                }
            }
            self.members.insert(user.clone(), (now, found));
        }
        Ok(())
    }

    /// The segments of `names` the checkout's customer is in.
    fn member_of(&self, promo: &PromoContext, now: DateTime<Utc>) -> Vec<String> {
        let listed = promo
            .user_id
            .as_deref()
            .and_then(|user| self.members.get(user))
            .map(|(_, names)| names.as_slice())
            .unwrap_or_default();
        let facts = Facts::new(promo, now);
        self.segments
            .iter()
            .filter(|(name, check)| match check {
                SegmentCheck::Missing => false,
                SegmentCheck::Explicit { .. } => listed.contains(name),
                SegmentCheck::Rule(rule) => matches(rule, &facts),
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Checks the conditions for `ctx` and, for a promotion's code, computes
    /// its discount. Adds reasons and explanations to `evaluation`.
    pub(crate) fn apply(&mut self, evaluation: &mut Evaluation, ctx: &Context, now: DateTime<Utc>) {
        if self.promotion_missing {
            // The most important reason: the code no longer names anything.
            evaluation.reasons.insert(0, ErrorCode::CouponNotFound);
            evaluation.discount = Decimal::ZERO;
            evaluation.explain.push(Explain {
                clause: String::from("promotion"),
                matched: false,
                detail: String::from("the promotion was deleted"),
            });
            return;
        }
        if self.rules.is_empty() && self.segments.is_empty() && self.promotion.is_none() {
            return;
        }
        let mut promo = ctx.to_promo();
        let member_of = self.member_of(&promo, now);
        promo.customer.segments.extend(member_of);
        promo.customer.segments.sort_unstable();
        promo.customer.segments.dedup();
        if let Some(name) = &self.restriction {
            let inside = promo.customer.segments.iter().any(|s| s == name);
            push(
                evaluation,
                ErrorCode::NotInSegment,
                format!("customer in segment {name}"),
                inside,
                String::from(if inside { "member" } else { "not a member" }),
            );
        }
        let facts = Facts::new(&promo, now);
        for (id, rule) in &self.rules {
            let holds = matches(rule, &facts);
            push(
                evaluation,
                ErrorCode::ConditionNotMet,
                format!("rule {id}"),
                holds,
                String::from(if holds { "matched" } else { "not matched" }),
            );
        }
        if self.promotion.is_some() {
            self.apply_promotion(evaluation, &promo, now);
        }
    }

    fn apply_promotion(
        &mut self,
        evaluation: &mut Evaluation,
        promo: &PromoContext,
        now: DateTime<Utc>,
    ) {
        let Some(terms) = self.promotion.as_mut() else {
            return;
        };
        let code = terms.record.promotion_code.clone();
        let currency = promo.currency.clone().unwrap_or_default();
        match terms.catalog(&currency) {
            Ok(catalog) => {
                let entered = Entered {
                    code: &code,
                    sent_lines: promo.items.len(),
                };
                decide(evaluation, catalog, &entered, promo, now);
            }
            Err(why) => refuse(evaluation, ErrorCode::NotEligible, "promotion", why),
        }
    }
}

/// Records one condition's outcome.
fn push(
    evaluation: &mut Evaluation,
    code: ErrorCode,
    clause: String,
    matched: bool,
    detail: String,
) {
    if !matched && !evaluation.reasons.contains(&code) {
        evaluation.reasons.push(code);
    }
    evaluation.explain.push(Explain {
        clause,
        matched,
        detail,
    });
}

/// Reads the conditions of `coupon` (with its stored limit set, if any).
pub(crate) async fn load(
    tx: &mut dyn Transaction,
    tenant: &str,
    coupon: &Coupon,
    set: Option<&LimitSet>,
) -> Result<Conditions, StorageError> {
    let mut conditions = Conditions {
        epoch: read_epoch(tx, tenant).await?,
        ..Conditions::default()
    };
    let mut segment_names: Vec<String> = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    for id in &coupon.rule_ids {
        let key = keys::rule(tenant, id);
        match tx.get_snapshot(&key).await? {
            Some(bytes) => rules.push(decode(&key, &bytes)?),
            // A deleted rule can never hold: the coupon stays closed.
            None => conditions.rules.push((id.clone(), never())),
        }
    }
    rules.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id)));
    for rule in rules {
        let compiled = compile(&rule.condition).unwrap_or_else(|_| never());
        segment_names.extend(compiled.segment_names());
        conditions.rules.push((rule.id, compiled));
    }
    if let Some(name) = set.and_then(|s| s.segment.clone()) {
        segment_names.push(name.clone());
        conditions.restriction = Some(name);
    }
    if coupon.kind == stampede_protocol::CouponType::Promotion {
        if let Some(terms) = promotion(tx, tenant, &coupon.id).await? {
            if let Some(condition) = to_definition(&terms.record, "", &terms.rules).condition {
                if let Ok(rule) = compile(&condition) {
                    segment_names.extend(rule.segment_names());
                }
            }
            conditions.promotion = Some(terms);
        } else {
            conditions.promotion_missing = true;
        }
    }
    for name in segment_names {
        if conditions.segments.contains_key(&name) {
            continue;
        }
        let check = segment(tx, tenant, &name).await?;
        conditions.segments.insert(name, check);
    }
    Ok(conditions)
}

/// The tenant's conditions epoch (0 before any change).
pub(crate) async fn read_epoch(
    tx: &mut dyn Transaction,
    tenant: &str,
) -> Result<i64, StorageError> {
    Ok(
        match tx.get_snapshot(&keys::conditions_epoch(tenant)).await? {
            Some(bytes) => keys::decode_counter(&bytes).unwrap_or(0),
            None => 0,
        },
    )
}

/// A rule that never holds (`not all []`).
fn never() -> CompiledRule {
    compile(&serde_json::json!({"not": {"all": []}}))
        .unwrap_or_else(|_| unreachable!("a constant rule compiles"))
}

async fn segment(
    tx: &mut dyn Transaction,
    tenant: &str,
    name: &str,
) -> Result<SegmentCheck, StorageError> {
    let Some(id) = tx.get_snapshot(&keys::segment_name(tenant, name)).await? else {
        return Ok(SegmentCheck::Missing);
    };
    let id = String::from_utf8_lossy(&id).into_owned();
    let key = keys::segment(tenant, &id);
    let Some(bytes) = tx.get_snapshot(&key).await? else {
        return Ok(SegmentCheck::Missing);
    };
    let segment: Segment = decode(&key, &bytes)?;
    Ok(match segment.kind {
        SegmentKind::Explicit => SegmentCheck::Explicit { id },
        SegmentKind::Rule => match segment.definition.as_ref().map(compile) {
            Some(Ok(rule)) => SegmentCheck::Rule(Box::new(rule)),
            _ => SegmentCheck::Missing,
        },
    })
}

/// The promotion behind a code, with its referenced rules.
pub(crate) async fn promotion(
    tx: &mut dyn Transaction,
    tenant: &str,
    promotion_id: &str,
) -> Result<Option<PromotionTerms>, StorageError> {
    let Some(record) = promotion_record(tx, tenant, promotion_id, false).await? else {
        return Ok(None);
    };
    let mut rules = Vec::with_capacity(record.eligibility_criteria.rule_ids.len());
    for id in &record.eligibility_criteria.rule_ids {
        let key = keys::rule(tenant, id);
        rules.push(match tx.get_snapshot(&key).await? {
            Some(bytes) => RuleRef::of(decode::<Rule>(&key, &bytes)?),
            // A deleted rule never holds, so the promotion does not apply.
            None => RuleRef::deleted(id),
        });
    }
    Ok(Some(PromotionTerms {
        record,
        rules,
        catalogs: HashMap::new(),
    }))
}

/// The stored promotion `promotion_id`; `strict` reads conflict with writers.
pub(crate) async fn promotion_record(
    tx: &mut dyn Transaction,
    tenant: &str,
    promotion_id: &str,
    strict: bool,
) -> Result<Option<CampaignPromotion>, StorageError> {
    let location = keys::promotion_location(tenant, promotion_id);
    let campaign = if strict {
        tx.get(&location).await?
    } else {
        tx.get_snapshot(&location).await?
    };
    let Some(campaign) = campaign else {
        return Ok(None);
    };
    let campaign = String::from_utf8_lossy(&campaign).into_owned();
    let key = keys::campaign_promotion(tenant, &campaign, promotion_id);
    let bytes = if strict {
        tx.get(&key).await?
    } else {
        tx.get_snapshot(&key).await?
    };
    match bytes {
        Some(bytes) => Ok(Some(decode(&key, &bytes)?)),
        None => Ok(None),
    }
}
