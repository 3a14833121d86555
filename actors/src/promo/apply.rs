//! Applying one promotion to what is left of a cart.
//!
//! Every kind computes per-line amounts in whole minor units, never more than
//! what is left of a line (so no line, and hence no cart, goes negative); the cap
//! is applied to the promotion's own total; then the amounts are taken off the
//! running [`State`]. Shipping is discounted only by kinds that target it.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use stampede_protocol::promotion::{ApplyOn, BundleComponent, Discount, Off, PromoItem};

use super::allocate::{allocate_in_place, largest_remainder};
use super::prepare::Prepared;
use super::target::selected_lines;
use super::units::{amount_for, div_floor, to_decimal, Percent, Units};

/// The cart as read once: line totals rounded to the minor unit, quantities.
#[derive(Debug, Clone)]
pub struct Cart<'a> {
    pub items: &'a [PromoItem],
    pub currency: &'a str,
    /// Minor-unit places of `currency`.
    pub dp: u32,
    pub initial: Vec<Units>,
    pub quantities: Vec<Units>,
    pub shipping: Units,
}

/// What is left of the cart after the promotions applied so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub remaining: Vec<Units>,
    pub shipping: Units,
}

impl State {
    pub fn new(cart: &Cart) -> Self {
        State {
            remaining: cart.initial.clone(),
            shipping: cart.shipping,
        }
    }
}

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
    let base = |l: usize| match def.apply_on {
        ApplyOn::Initial => cart.initial[l],
        ApplyOn::Discounted => state.remaining[l],
    };
    let mut per_line: Vec<(usize, Units)> = Vec::new();
    let mut shipping: Units = 0;
    let mut effects = Vec::new();
    let currency = cart.currency;
    match &def.discount {
        Discount::CartPercentage { percent } => {
            let sum = p.lines.iter().map(|&l| base(l)).sum();
            per_line = spread(Percent::new(*percent).of(sum), &p.lines, state);
        }
        Discount::CartFixed { amounts } => {
            let amount = amount_for(amounts, currency, cart.dp).unwrap_or(0);
            per_line = spread(amount, &p.lines, state);
        }
        Discount::ProductPercentage { percent } => {
            let pct = Percent::new(*percent);
            per_line = p.lines.iter().map(|&l| (l, pct.of(base(l)))).collect();
        }
        Discount::ProductFixed { amounts } => {
            let amount = amount_for(amounts, currency, cart.dp).unwrap_or(0);
            per_line = p
                .lines
                .iter()
                .map(|&l| (l, amount.saturating_mul(cart.quantities[l])))
                .collect();
        }
        Discount::Tiered { tiers } => {
            let eligible: Units = p.lines.iter().map(|&l| cart.initial[l]).sum();
            let tier = tiers
                .iter()
                .filter_map(|t| amount_for(&t.min_subtotal, currency, cart.dp).map(|min| (min, t)))
                .filter(|(min, _)| eligible >= *min)
                .max_by_key(|(min, _)| *min);
            if let Some((_, tier)) = tier {
                let sum = p.lines.iter().map(|&l| base(l)).sum();
                let amount = off_total(&tier.off, sum, cart);
                per_line = spread(amount, &p.lines, state);
            }
        }
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
            per_line = taken
                .into_iter()
                .map(|(l, n)| (l, off_units(off, base(l), n, cart.quantities[l], cart)))
                .collect();
        }
        Discount::Bundle {
            components,
            off,
            repeat_limit,
        } => {
            per_line = bundle(cart, p, components, off, *repeat_limit, &base, state);
        }
        Discount::FreeShipping {
            percent,
            max_amount,
        } => {
            let ship_base = match def.apply_on {
                ApplyOn::Initial => cart.shipping,
                ApplyOn::Discounted => state.shipping,
            };
            let pct = percent.map_or(Percent::HUNDRED, Percent::new);
            let mut amount = pct.of(ship_base);
            if let Some(cap) = amount_for(max_amount, currency, cart.dp) {
                amount = amount.min(cap);
            }
            shipping = amount;
        }
        Discount::GiftCard { balance } => {
            let balance = amount_for(balance, currency, cart.dp).unwrap_or(0);
            per_line = spread(balance, &p.lines, state);
            let goods: Units = per_line.iter().map(|&(_, u)| u).sum();
            shipping = (balance - goods).max(0);
        }
        Discount::FreeProduct {
            sku,
            product_id,
            quantity,
        } => effects.push(Effect::FreeProduct {
            promotion_id: def.id.clone(),
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
            effects.push(Effect::LoyaltyPoints {
                promotion_id: def.id.clone(),
                points: points.unwrap_or(0).saturating_add(earned),
            });
        }
        Discount::Custom { payload } => effects.push(Effect::Custom {
            promotion_id: def.id.clone(),
            payload: payload.clone(),
        }),
    }
    // Never more than what is left.
    for (l, amount) in per_line.iter_mut() {
        *amount = (*amount).clamp(0, state.remaining[*l]);
    }
    shipping = shipping.clamp(0, state.shipping);
    if let Some(cap) = super::units::cap_for(&def.max_discount, currency, cart.dp) {
        (per_line, shipping) = capped(per_line, shipping, cap);
    }
    per_line.retain(|&(_, u)| u > 0);
    for &(l, u) in &per_line {
        state.remaining[l] -= u;
        debug_assert!(state.remaining[l] >= 0);
    }
    state.shipping -= shipping;
    debug_assert!(state.shipping >= 0);
    Applied {
        lines: per_line,
        shipping,
        effects,
    }
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

/// How many units a buy-X-get-Y gives. From one pool, every complete group of
/// `buy + get` units gives `get`; with a separate get pool, `buy` units from the
/// buy lines outside it unlock `get` units inside it.
pub fn bogo_units(
    cart: &Cart,
    buy_lines: &[usize],
    get_lines: &[usize],
    buy: u32,
    get: u32,
    repeat_limit: Option<u32>,
) -> Units {
    let units = |lines: &mut dyn Iterator<Item = &usize>| -> Units {
        lines.map(|&l| cart.quantities[l]).sum()
    };
    let (buy, get) = (Units::from(buy), Units::from(get));
    let same_pool = buy_lines == get_lines;
    let mut groups = if same_pool {
        units(&mut buy_lines.iter()) / (buy + get)
    } else {
        let buy_units = units(&mut buy_lines.iter().filter(|l| !get_lines.contains(l)));
        let get_units = units(&mut get_lines.iter());
        (buy_units / buy).min(get_units / get)
    };
    if let Some(limit) = repeat_limit {
        groups = groups.min(Units::from(limit));
    }
    groups * get
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

/// How many complete bundles the lines make (each line serves the first component
/// it matches), and the lines serving each component.
pub fn bundle_sets(
    cart: &Cart,
    lines: &[usize],
    components: &[BundleComponent],
    repeat_limit: Option<u32>,
) -> (Units, Vec<Vec<usize>>) {
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    for &l in lines {
        if let Some(c) = components
            .iter()
            .position(|c| super::target::selects(&c.target, &cart.items[l]))
        {
            pools[c].push(l);
        }
    }
    let mut sets = components
        .iter()
        .zip(&pools)
        .map(|(c, pool)| {
            pool.iter().map(|&l| cart.quantities[l]).sum::<Units>() / Units::from(c.quantity)
        })
        .min()
        .unwrap_or(0);
    if let Some(limit) = repeat_limit {
        sets = sets.min(Units::from(limit));
    }
    (sets, pools)
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
