//! Stacking and the exact search for the best combination.
//!
//! Valid promotions apply in order of priority (higher first, ties by id). An
//! exclusive promotion applies only alone. Every stackable automatic promotion is
//! part of every stacked combination (that is what automatic means); the codes
//! are searched exactly: every subset of the valid stackable codes (at most
//! 2^`MAX_COMBINATION_CODES`) on top of the automatic ones, and every exclusive
//! promotion alone. The winner saves the most money (goods and shipping); ties go
//! to the combination applying more promotions, then to the one enumerated first,
//! so the result is deterministic.

use std::cmp::Ordering;

use stampede_protocol::promotion::Stacking;

use super::apply::{apply, Applied, Cart, State};
use super::prepare::Prepared;
use super::units::Units;

/// A combination and what it did.
#[derive(Debug, Clone)]
pub struct Combination {
    /// Indices into the prepared list, in application order.
    pub members: Vec<usize>,
    /// What each member took, parallel to `members`.
    pub applied: Vec<Applied>,
    pub state: State,
    /// Money saved, goods and shipping, in minor units.
    pub value: Units,
}

/// The application order of the valid promotions: priority desc, then id.
pub fn application_order(prepared: &[Prepared]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..prepared.len())
        .filter(|&i| prepared[i].is_valid())
        .collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&prepared[a].promotion.def, &prepared[b].promotion.def);
        pb.priority
            .cmp(&pa.priority)
            .then_with(|| pa.id.cmp(&pb.id))
            .then(a.cmp(&b))
    });
    order
}

/// Applies the members (flags over the prepared list) in `order`.
pub fn run(prepared: &[Prepared], order: &[usize], member: &[bool], cart: &Cart) -> Combination {
    let mut state = State::new(cart);
    let mut members = Vec::new();
    let mut applied = Vec::new();
    for &i in order {
        if member[i] {
            applied.push(apply(&prepared[i], cart, &mut state));
            members.push(i);
        }
    }
    let value = applied.iter().map(Applied::total).sum();
    Combination {
        members,
        applied,
        state,
        value,
    }
}

fn better(candidate: &Combination, best: &Combination) -> bool {
    match candidate.value.cmp(&best.value) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => candidate.members.len() > best.members.len(),
    }
}

/// The best combination of the valid prepared promotions. `is_code[i]` tells codes
/// from automatic promotions.
pub fn best(prepared: &[Prepared], cart: &Cart) -> Combination {
    let order = application_order(prepared);
    let stackable = |i: &usize| prepared[*i].promotion.def.stacking == Stacking::Stackable;
    let codes: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| stackable(i) && !prepared[*i].promotion.is_automatic())
        .collect();
    let autos: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| stackable(i) && prepared[*i].promotion.is_automatic())
        .collect();
    let exclusives: Vec<usize> = order.iter().copied().filter(|i| !stackable(i)).collect();
    debug_assert!(codes.len() <= super::bounds::MAX_COMBINATION_CODES);

    let mut member = vec![false; prepared.len()];
    for &a in &autos {
        member[a] = true;
    }
    let mut winner: Option<Combination> = None;
    let mut consider = |c: Combination| {
        if winner.as_ref().is_none_or(|w| better(&c, w)) {
            winner = Some(c);
        }
    };
    // All codes first, so that on a tie the larger set is kept anyway.
    let subsets = 1usize << codes.len();
    for mask in (0..subsets).rev() {
        for (bit, &c) in codes.iter().enumerate() {
            member[c] = mask & (1 << bit) != 0;
        }
        consider(run(prepared, &order, &member, cart));
    }
    for &e in &exclusives {
        let mut alone = vec![false; prepared.len()];
        alone[e] = true;
        consider(run(prepared, &order, &alone, cart));
    }
    winner.unwrap_or_else(|| run(prepared, &order, &vec![false; prepared.len()], cart))
}
