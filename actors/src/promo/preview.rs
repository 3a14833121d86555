//! The whole-cart preview (seed 000 `POST /preview`): which promotions apply, what
//! each took off every line and the shipping, the effects they grant, why the
//! others did not apply, and the totals.
//!
//! A free product an applied promotion grants is both an [`Effect`] and a line of
//! its own at the end of `items`: zero-priced, `free`, `added_by` the promotion,
//! so a caller can add it to the order as shown. A zero line changes no total.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use stampede_protocol::promotion::{Discount, PromoContext, PromoItem};

use super::apply::{apply, money, Applied, Cart, Effect, State};
use super::bounds::MAX_COMBINATION_CODES;
use super::catalog::Catalog;
use super::combine::{best, Combination};
use super::evaluate::{ClauseExplain, Facts};
use super::prepare::{prepare, Prepared, Reason};
use super::units::{exponent, to_units, Units};

/// Options of a preview.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Evaluate and report every rule clause (slower; off on hot paths).
    pub explain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    #[error("at most {MAX_COMBINATION_CODES} codes can be combined, got {0}")]
    TooManyCodes(usize),
}

/// A share of one promotion in one line or in the shipping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustment<'a> {
    pub promotion_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    #[serde(with = "rust_decimal::serde::float")]
    pub amount: Decimal,
}

/// One line of the result: a cart line, or a free product a promotion added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemPreview<'a> {
    /// Position in the context's items; added lines follow them.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<&'a str>,
    pub quantity: u32,
    /// Unit price as sent; 0 for an added free line.
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    /// A zero-priced line a promotion added (`added_by`), not sent by the caller.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub free: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_by: Option<&'a str>,
    #[serde(with = "rust_decimal::serde::float")]
    pub subtotal: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub discount: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub total: Decimal,
    pub adjustments: Vec<Adjustment<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Applied,
    Rejected,
}

/// The stacking decision about one promotion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision<'a> {
    pub promotion_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    pub automatic: bool,
    pub kind: &'static str,
    pub status: Status,
    /// Position in the application order when applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<usize>,
    pub reasons: Vec<Reason>,
    #[serde(with = "rust_decimal::serde::float")]
    pub discount: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub shipping_discount: Decimal,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explain: Vec<ClauseExplain>,
}

/// A code that matched no promotion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownCode {
    pub code: String,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview<'a> {
    pub currency: Option<String>,
    #[serde(with = "rust_decimal::serde::float")]
    pub subtotal: Decimal,
    /// Off the goods, every promotion together.
    #[serde(with = "rust_decimal::serde::float")]
    pub discount_total: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub shipping: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    pub shipping_discount: Decimal,
    /// `subtotal - discount_total + shipping - shipping_discount`, never negative.
    #[serde(with = "rust_decimal::serde::float")]
    pub total: Decimal,
    pub items: Vec<ItemPreview<'a>>,
    pub shipping_adjustments: Vec<Adjustment<'a>>,
    pub effects: Vec<Effect>,
    pub decisions: Vec<Decision<'a>>,
    pub unknown_codes: Vec<UnknownCode>,
}

impl Preview<'_> {
    /// Money saved, goods and shipping.
    pub fn savings(&self) -> Decimal {
        self.discount_total + self.shipping_discount
    }
}

/// A context without lines but with a `cart_total` is read as one line.
fn lines(ctx: &PromoContext) -> Cow<'_, [PromoItem]> {
    match (ctx.items.is_empty(), ctx.cart_total) {
        (true, Some(total)) => Cow::Owned(vec![PromoItem {
            quantity: 1,
            price: total,
            ..PromoItem::default()
        }]),
        _ => Cow::Borrowed(&ctx.items),
    }
}

/// The candidates of a preview: the automatic promotions the index finds for the
/// cart (with the lines that matched their includes) and the given codes
/// (deduplicated; unknown ones reported).
type Candidates = Vec<(usize, Option<Vec<usize>>)>;

fn candidates(
    catalog: &Catalog,
    codes: &[String],
    items: &[PromoItem],
) -> (Candidates, Vec<UnknownCode>) {
    let mut chosen: Candidates = catalog
        .index
        .candidates(items)
        .into_iter()
        .map(|(i, hits)| (i, Some(hits)))
        .collect();
    let mut unknown = Vec::new();
    for code in codes {
        match catalog.by_code(code) {
            Some(i) if !chosen.iter().any(|(c, _)| *c == i) => chosen.push((i, None)),
            Some(_) => {}
            None => unknown.push(UnknownCode {
                code: code.clone(),
                reasons: vec![Reason::CodeNotFound],
            }),
        }
    }
    (chosen, unknown)
}

fn read_cart<'a>(items: &'a [PromoItem], ctx: &'a PromoContext) -> Cart<'a> {
    let currency = ctx.currency.as_deref().unwrap_or("");
    let dp = exponent(currency);
    Cart {
        items,
        currency,
        dp,
        initial: items
            .iter()
            .map(|i| to_units(i.price * Decimal::from(i.quantity), dp).max(0))
            .collect(),
        quantities: items.iter().map(|i| Units::from(i.quantity)).collect(),
        shipping: ctx.shipping_amount.map_or(0, |s| to_units(s, dp).max(0)),
    }
}

/// Checks every candidate against the cart without applying any; the first
/// step of [`preview`] and the whole of an eligibility check.
pub fn eligibility<'c>(
    catalog: &'c Catalog,
    codes: &[String],
    ctx: &PromoContext,
    now: DateTime<Utc>,
    options: Options,
) -> Result<(Vec<Prepared<'c>>, Vec<UnknownCode>), PreviewError> {
    let items = lines(ctx);
    let cart = read_cart(&items, ctx);
    check(catalog, codes, ctx, &cart, now, options)
}

fn check<'c>(
    catalog: &'c Catalog,
    codes: &[String],
    ctx: &PromoContext,
    cart: &Cart,
    now: DateTime<Utc>,
    options: Options,
) -> Result<(Vec<Prepared<'c>>, Vec<UnknownCode>), PreviewError> {
    if codes.len() > MAX_COMBINATION_CODES {
        return Err(PreviewError::TooManyCodes(codes.len()));
    }
    let (chosen, unknown) = candidates(catalog, codes, cart.items);
    let facts = Facts::with_subtotal(ctx, now, cart.initial.iter().sum());
    let prepared = chosen
        .iter()
        .map(|(i, hits)| {
            prepare(
                &catalog.promotions[*i],
                &facts,
                cart,
                options.explain,
                hits.as_deref(),
            )
        })
        .collect();
    Ok((prepared, unknown))
}

/// Previews the cart with `codes` and every automatic promotion that applies.
pub fn preview<'a>(
    catalog: &'a Catalog,
    codes: &[String],
    ctx: &'a PromoContext,
    now: DateTime<Utc>,
    options: Options,
) -> Result<Preview<'a>, PreviewError> {
    let items = lines(ctx);
    let cart = read_cart(&items, ctx);
    let (prepared, unknown_codes) = check(catalog, codes, ctx, &cart, now, options)?;
    let winner = best(&prepared, &cart);
    let dp = cart.dp;
    let dec = |u: Units| money(u, dp);
    let mut report = attribute(
        &prepared,
        &winner,
        item_previews(&items, ctx, &cart, &winner),
        dp,
    );
    for &member in &winner.members {
        if let Some(line) = free_line(&prepared[member], report.items.len()) {
            report.items.push(line);
        }
    }
    let any_exclusive_won = winner.members.iter().any(|&m| {
        prepared[m].promotion.def.stacking == stampede_protocol::promotion::Stacking::Exclusive
    });
    let decisions = prepared
        .iter()
        .enumerate()
        .map(|(i, p)| {
            decision(
                p,
                report.applied_at[i],
                any_exclusive_won,
                &winner.members,
                dp,
            )
        })
        .collect();
    let subtotal: Units = cart.initial.iter().sum();
    let remaining: Units = winner.state.remaining.iter().sum();
    let preview = Preview {
        currency: ctx.currency.clone(),
        subtotal: dec(subtotal),
        discount_total: dec(subtotal - remaining),
        shipping: dec(cart.shipping),
        shipping_discount: dec(cart.shipping - winner.state.shipping),
        total: dec(remaining + winner.state.shipping),
        items: report.items,
        shipping_adjustments: report.shipping,
        effects: report.effects,
        decisions,
        unknown_codes,
    };
    debug_assert!(preview.total >= Decimal::ZERO);
    Ok(preview)
}

/// Each line of the cart as the winning combination leaves it, without its
/// adjustments yet.
fn item_previews<'a>(
    items: &[PromoItem],
    ctx: &'a PromoContext,
    cart: &Cart,
    winner: &Combination,
) -> Vec<ItemPreview<'a>> {
    let dec = |u: Units| money(u, cart.dp);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| ItemPreview {
            index,
            sku: ctx.items.get(index).and_then(|i| i.sku.as_deref()),
            product_id: ctx.items.get(index).and_then(|i| i.product_id.as_deref()),
            quantity: item.quantity,
            price: item.price,
            free: false,
            added_by: None,
            subtotal: dec(cart.initial[index]),
            discount: dec(cart.initial[index] - winner.state.remaining[index]),
            total: dec(winner.state.remaining[index]),
            adjustments: Vec::new(),
        })
        .collect()
}

/// What each winning promotion took, attributed to lines and shipping.
struct Attributed<'a, 'w> {
    items: Vec<ItemPreview<'a>>,
    shipping: Vec<Adjustment<'a>>,
    effects: Vec<Effect>,
    /// Per prepared promotion: its place in the winning order and what it took.
    applied_at: Vec<Option<(usize, &'w Applied)>>,
}

fn attribute<'a, 'w>(
    prepared: &[Prepared<'a>],
    winner: &'w Combination,
    mut items: Vec<ItemPreview<'a>>,
    dp: u32,
) -> Attributed<'a, 'w> {
    let dec = |u: Units| money(u, dp);
    let mut shipping = Vec::new();
    let mut effects = Vec::new();
    let mut applied_at = vec![None; prepared.len()];
    for (position, (&member, applied)) in winner.members.iter().zip(&winner.applied).enumerate() {
        let promotion = prepared[member].promotion;
        applied_at[member] = Some((position, applied));
        let adjustment = |amount| Adjustment {
            promotion_id: promotion.def.id.as_str(),
            code: promotion.code.as_deref(),
            amount,
        };
        for &(l, u) in &applied.lines {
            items[l].adjustments.push(adjustment(dec(u)));
        }
        if applied.shipping > 0 {
            shipping.push(adjustment(dec(applied.shipping)));
        }
        effects.extend(applied.effects.iter().cloned());
    }
    Attributed {
        items,
        shipping,
        effects,
        applied_at,
    }
}

/// One entered code alone against a cart: the engine's decision on it, as a
/// [`preview`] of that code alone would report it, without the per-line report.
/// What a code's actor decides with on every validate and redemption.
#[derive(Debug, Clone)]
pub struct Alone {
    /// Every reason it does not apply (empty: it applies).
    pub reasons: Vec<Reason>,
    /// The discount kind, as in decisions.
    pub kind: &'static str,
    /// What it took, when it applies.
    pub applied: Option<Applied>,
    /// Minor-unit places of the cart's currency.
    pub dp: u32,
    /// Each line's total as read, in minor units (a `cart_total` without
    /// items reads as one line).
    pub initial: Vec<Units>,
}

/// Applies the promotion entered as `code` alone; `None` when the catalog has
/// no such code. The same steps as [`preview`] (prepare, then apply to the
/// untouched cart), which is what the best combination of one code is.
pub fn alone(
    catalog: &Catalog,
    code: &str,
    ctx: &PromoContext,
    now: DateTime<Utc>,
) -> Option<Alone> {
    let index = catalog.by_code(code)?;
    let promotion = &catalog.promotions[index];
    let items = lines(ctx);
    let cart = read_cart(&items, ctx);
    let facts = Facts::with_subtotal(ctx, now, cart.initial.iter().sum());
    let prepared = prepare(promotion, &facts, &cart, false, None);
    let applied = prepared
        .is_valid()
        .then(|| apply(&prepared, &cart, &mut State::new(&cart)));
    Some(Alone {
        reasons: prepared.reasons,
        kind: promotion.def.discount.kind(),
        applied,
        dp: cart.dp,
        initial: cart.initial,
    })
}

/// The zero-priced line a free-product promotion adds, at `index`.
fn free_line<'a>(p: &Prepared<'a>, index: usize) -> Option<ItemPreview<'a>> {
    let def = &p.promotion.def;
    let Discount::FreeProduct {
        sku,
        product_id,
        quantity,
    } = &def.discount
    else {
        return None;
    };
    Some(ItemPreview {
        index,
        sku: sku.as_deref(),
        product_id: product_id.as_deref(),
        quantity: *quantity,
        price: Decimal::ZERO,
        free: true,
        added_by: Some(def.id.as_str()),
        subtotal: Decimal::ZERO,
        discount: Decimal::ZERO,
        total: Decimal::ZERO,
        adjustments: Vec::new(),
    })
}

fn decision<'a>(
    p: &Prepared<'a>,
    applied: Option<(usize, &super::apply::Applied)>,
    exclusive_won: bool,
    members: &[usize],
    dp: u32,
) -> Decision<'a> {
    let def = &p.promotion.def;
    let exclusive = def.stacking == stampede_protocol::promotion::Stacking::Exclusive;
    let mut reasons = p.reasons.clone();
    if applied.is_none() && reasons.is_empty() {
        let conflict = (exclusive && !members.is_empty()) || exclusive_won;
        reasons.push(if conflict {
            Reason::ExclusiveConflict
        } else {
            Reason::NotInBestCombination
        });
    }
    Decision {
        promotion_id: def.id.as_str(),
        code: p.promotion.code.as_deref(),
        automatic: p.promotion.is_automatic(),
        kind: def.discount.kind(),
        status: if applied.is_some() {
            Status::Applied
        } else {
            Status::Rejected
        },
        order: applied.map(|(position, _)| position),
        reasons,
        discount: money(applied.map_or(0, |(_, a)| a.goods()), dp),
        shipping_discount: money(applied.map_or(0, |(_, a)| a.shipping), dp),
        explain: p.explain.clone(),
    }
}
