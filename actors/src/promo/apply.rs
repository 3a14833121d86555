//! Applying one promotion to what is left of a cart.
//!
//! Every kind computes per-line amounts in whole minor units, never more than
//! what is left of a line (so no line, and hence no cart, goes negative); the cap
//! is applied to the promotion's own total; then the amounts are taken off the
//! running [`State`]. Shipping is discounted only by kinds that target it.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use stampede_protocol::promotion::{ApplyOn, BundleComponent, Discount, Off};

use super::allocate::{allocate_in_place, largest_remainder};
use super::cart::{bogo_units, bundle_sets};
pub use super::cart::{Cart, State};
use super::prepare::Prepared;
use super::target::selected_lines;
use super::units::{amount_for, div_floor, to_decimal, Percent, Units};

/// Something a promotion grants besides money off.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Effect {
    /// A zero-priced line to add to the order.
    FreeProduct {
        promotion_id: String,
        sku: Option<String>,
        product_id: Option<String>,
        quantity: u32,
    },
    LoyaltyPoints {
        promotion_id: String,
        points: u64,
    },
    Custom {
        promotion_id: String,
        payload: serde_json::Value,
    },
}

/// What one promotion took off.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// (line, minor units), only lines with a non-zero amount, in line order.
    pub lines: Vec<(usize, Units)>,
    pub shipping: Units,
    pub effects: Vec<Effect>,
}

impl Applied {
    pub fn goods(&self) -> Units {
        self.lines.iter().map(|&(_, u)| u).sum()
    }

    pub fn total(&self) -> Units {
        self.goods() + self.shipping
    }
}

/// Applies `p` to `state` and reports what it took.
pub fn apply(p: &Prepared, cart: &Cart, state: &mut State) -> Applied {
    let def = &p.promotion.def;
    let mut taken = match &def.discount {
        Discount::FreeShipping {
            percent,
            max_amount,
        } => Applied {
            lines: Vec::new(),
            shipping: free_shipping(p, *percent, max_amount, cart, state),
            effects: Vec::new(),
        },
        Discount::GiftCard { balance } => {
            let balance = amount_for(balance, cart.currency, cart.dp).unwrap_or(0);
            let lines = spread(balance, &p.lines, state);
            let goods: Units = lines.iter().map(|&(_, u)| u).sum();
            Applied {
                lines,
                shipping: (balance - goods).max(0),
                effects: Vec::new(),
            }
        }
        Discount::FreeProduct { .. } | Discount::LoyaltyPoints { .. } | Discount::Custom { .. } => {
            Applied {
                lines: Vec::new(),
                shipping: 0,
                effects: effect(p, cart).into_iter().collect(),
            }
        }
        discount => Applied {
            lines: line_amounts(discount, p, cart, state),
            shipping: 0,
            effects: Vec::new(),
        },
    };
    bound(&mut taken, p, cart, state);
    taken
}

/// Money off lines, for the kinds that take it from the goods.
fn line_amounts(
    discount: &Discount,
    p: &Prepared,
    cart: &Cart,
    state: &State,
) -> Vec<(usize, Units)> {
    let base = |l: usize| match p.promotion.def.apply_on {
        ApplyOn::Initial => cart.initial[l],
        ApplyOn::Discounted => state.remaining[l],
    };
    let amount_of = |amounts| amount_for(amounts, cart.currency, cart.dp).unwrap_or(0);
    match discount {
        Discount::CartPercentage { percent } => {
            let sum = p.lines.iter().map(|&l| base(l)).sum();
            spread(Percent::new(*percent).of(sum), &p.lines, state)
        }
        Discount::CartFixed { amounts } => spread(amount_of(amounts), &p.lines, state),
        Discount::ProductPercentage { percent } => {
            let pct = Percent::new(*percent);
            p.lines.iter().map(|&l| (l, pct.of(base(l)))).collect()
        }
        Discount::ProductFixed { amounts } => {
            let amount = amount_of(amounts);
            let per_unit = |l: usize| amount.saturating_mul(cart.quantities[l]);
            p.lines.iter().map(|&l| (l, per_unit(l))).collect()
        }
        Discount::Tiered { tiers } => tiered(tiers, p, cart, state, &base),
        Discount::BuyXGetY {
            buy,
            get,
            off,
            repeat_limit,
            get_target,
        } => {
            let get_lines = get_target
                .as_ref()
                .map(|t| selected_lines(t, cart.items))
                .unwrap_or_else(|| p.lines.clone());
            let free = bogo_units(cart, &p.lines, &get_lines, *buy, *get, *repeat_limit);
            let taken = cheapest_units(cart, &get_lines, free, &base);
            taken
                .into_iter()
                .map(|(l, n)| (l, off_units(off, base(l), n, cart.quantities[l], cart)))
                .collect()
        }
        Discount::Bundle {
            components,
            off,
            repeat_limit,
        } => bundle(cart, p, components, off, *repeat_limit, &base, state),
        _ => Vec::new(),
    }
}

/// The highest tier the eligible subtotal reaches, taken off the lines.
fn tiered(
    tiers: &[stampede_protocol::promotion::Tier],
    p: &Prepared,
    cart: &Cart,
    state: &State,
    base: &dyn Fn(usize) -> Units,
) -> Vec<(usize, Units)> {
    let eligible: Units = p.lines.iter().map(|&l| cart.initial[l]).sum();
    let tier = tiers
        .iter()
        .filter_map(|t| amount_for(&t.min_subtotal, cart.currency, cart.dp).map(|min| (min, t)))
        .filter(|(min, _)| eligible >= *min)
        .max_by_key(|(min, _)| *min);
    let Some((_, tier)) = tier else {
        return Vec::new();
    };
    let sum = p.lines.iter().map(|&l| base(l)).sum();
    let amount = off_total(&tier.off, sum, cart);
    spread(amount, &p.lines, state)
}

/// Shipping off: a percentage (all of it by default), at most `max_amount`.
fn free_shipping(
    p: &Prepared,
    percent: Option<Decimal>,
    max_amount: &[stampede_protocol::promotion::Money],
    cart: &Cart,
    state: &State,
) -> Units {
    let ship_base = match p.promotion.def.apply_on {
        ApplyOn::Initial => cart.shipping,
        ApplyOn::Discounted => state.shipping,
    };
    let pct = percent.map_or(Percent::HUNDRED, Percent::new);
    let amount = pct.of(ship_base);
    match amount_for(max_amount, cart.currency, cart.dp) {
        Some(cap) => amount.min(cap),
        None => amount,
    }
}

/// What a kind that grants something besides money off grants.
fn effect(p: &Prepared, cart: &Cart) -> Option<Effect> {
    let def = &p.promotion.def;
    let promotion_id = def.id.clone();
    match &def.discount {
        Discount::FreeProduct {
            sku,
            product_id,
            quantity,
        } => Some(Effect::FreeProduct {
            promotion_id,
            sku: sku.clone(),
            product_id: product_id.clone(),
            quantity: *quantity,
        }),
        Discount::LoyaltyPoints {
            points,
            points_per_unit,
        } => {
            let eligible: Units = p.lines.iter().map(|&l| cart.initial[l]).sum();
            let earned = points_per_unit
                .map(|ppu| (ppu * to_decimal(eligible, cart.dp)).floor())
                .and_then(|d| d.to_u64())
                .unwrap_or(0);
            Some(Effect::LoyaltyPoints {
                promotion_id,
                points: points.unwrap_or(0).saturating_add(earned),
            })
        }
        Discount::Custom { payload } => Some(Effect::Custom {
            promotion_id,
            payload: payload.clone(),
        }),
        _ => None,
    }
}

/// Never more than what is left, never more than the promotion's cap; then
/// taken off `state`.
fn bound(taken: &mut Applied, p: &Prepared, cart: &Cart, state: &mut State) {
    for (l, amount) in taken.lines.iter_mut() {
        *amount = (*amount).clamp(0, state.remaining[*l]);
    }
    taken.shipping = taken.shipping.clamp(0, state.shipping);
    let max = &p.promotion.def.max_discount;
    if let Some(cap) = super::units::cap_for(max, cart.currency, cart.dp) {
        let lines = std::mem::take(&mut taken.lines);
        (taken.lines, taken.shipping) = capped(lines, taken.shipping, cap);
    }
    taken.lines.retain(|&(_, u)| u > 0);
    for &(l, u) in &taken.lines {
        state.remaining[l] -= u;
        debug_assert!(state.remaining[l] >= 0);
    }
    state.shipping -= taken.shipping;
    debug_assert!(state.shipping >= 0);
}

/// A cart-level `amount` split over `lines` by what is left of each.
fn spread(amount: Units, lines: &[usize], state: &State) -> Vec<(usize, Units)> {
    let mut pairs: Vec<(usize, Units)> = lines.iter().map(|&l| (l, state.remaining[l])).collect();
    allocate_in_place(amount, &mut pairs);
    pairs
}

/// Reduces a promotion's amounts to `cap`: goods first, split by the amounts
/// themselves, then shipping.
fn capped(
    per_line: Vec<(usize, Units)>,
    shipping: Units,
    cap: Units,
) -> (Vec<(usize, Units)>, Units) {
    let goods: Units = per_line.iter().map(|&(_, u)| u).sum();
    if goods + shipping <= cap {
        return (per_line, shipping);
    }
    let goods_cap = goods.min(cap);
    let mut lines = per_line;
    allocate_in_place(goods_cap, &mut lines);
    (lines, shipping.min(cap - goods_cap))
}

/// `off` applied to a total (tiers).
fn off_total(off: &Off, total: Units, cart: &Cart) -> Units {
    match off.percent {
        Some(p) => Percent::new(p).of(total),
        None => amount_for(&off.amounts, cart.currency, cart.dp).unwrap_or(0),
    }
}

/// `off` applied to `n` of a line's `quantity` units worth `base` in all.
fn off_units(off: &Off, base: Units, n: Units, quantity: Units, cart: &Cart) -> Units {
    match off.percent {
        Some(p) => Percent::new(p).of_fraction(base, n, quantity),
        None => {
            let per_unit = amount_for(&off.amounts, cart.currency, cart.dp).unwrap_or(0);
            per_unit
                .saturating_mul(n)
                .min(div_floor(base.saturating_mul(n), quantity.max(1)))
        }
    }
}

/// Picks `count` units from `lines`, cheapest unit first (ties to the earlier
/// line): (line, units taken).
fn cheapest_units(
    cart: &Cart,
    lines: &[usize],
    count: Units,
    base: &dyn Fn(usize) -> Units,
) -> Vec<(usize, Units)> {
    let mut order: Vec<usize> = lines.to_vec();
    // a/qa < b/qb  ⇔  a·qb < b·qa (quantities are positive for selected lines).
    order.sort_by(|&a, &b| {
        (base(a) * cart.quantities[b])
            .cmp(&(base(b) * cart.quantities[a]))
            .then(a.cmp(&b))
    });
    let mut left = count;
    let mut taken = Vec::new();
    for l in order {
        if left <= 0 {
            break;
        }
        let n = cart.quantities[l].min(left);
        taken.push((l, n));
        left -= n;
    }
    taken.sort_unstable();
    taken
}

/// A bundle: complete sets of the components, cheapest units first; a fixed
/// bundle price takes off what the set is worth above it, a percentage takes that
/// share of the set.
fn bundle(
    cart: &Cart,
    p: &Prepared,
    components: &[BundleComponent],
    off: &Off,
    repeat_limit: Option<u32>,
    base: &dyn Fn(usize) -> Units,
    state: &State,
) -> Vec<(usize, Units)> {
    let (sets, pools) = bundle_sets(cart, &p.lines, components, repeat_limit);
    if sets == 0 {
        return Vec::new();
    }
    let mut taken: Vec<(usize, Units)> = Vec::new();
    for (c, pool) in components.iter().zip(&pools) {
        taken.extend(cheapest_units(
            cart,
            pool,
            sets * Units::from(c.quantity),
            base,
        ));
    }
    taken.sort_unstable();
    match off.percent {
        Some(pct) => {
            let pct = Percent::new(pct);
            taken
                .into_iter()
                .map(|(l, n)| (l, pct.of_fraction(base(l), n, cart.quantities[l])))
                .collect()
        }
        None => {
            let price = amount_for(&off.amounts, cart.currency, cart.dp).unwrap_or(0);
            let worth: Vec<Units> = taken
                .iter()
                .map(|&(l, n)| div_floor(base(l) * n, cart.quantities[l]).min(state.remaining[l]))
                .collect();
            let value: Units = worth.iter().sum();
            let discount = (value - sets.saturating_mul(price)).max(0);
            let shares = largest_remainder(discount, &worth);
            taken.iter().map(|&(l, _)| l).zip(shares).collect()
        }
    }
}

/// Decimal view of an amount, for reports.
pub fn money(units: Units, dp: u32) -> Decimal {
    to_decimal(units, dp)
}
