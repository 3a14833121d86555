//! The cart a promotion is applied to, read once in whole minor units, and
//! what is left of it as promotions apply; how many BOGO units and bundle sets
//! it holds (both deciding whether a promotion applies and applying it ask).

use stampede_protocol::promotion::{BundleComponent, PromoItem};

use super::units::Units;

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
