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

/// Depth-first search over the stackable promotions in application order:
/// automatic ones are always applied, each code is tried with and then without,
/// so the work before a code is shared by every subset that follows it.
struct Search<'s, 'p> {
    prepared: &'s [Prepared<'p>],
    cart: &'s Cart<'s>,
    order: Vec<usize>,
    path: Vec<(usize, Applied)>,
    value: Units,
    best: Option<Combination>,
}

impl Search<'_, '_> {
    /// Applies the automatic promotions from `pos` on in a loop and branches at
    /// each code (with it first), so recursion is only as deep as the codes.
    fn descend(&mut self, mut pos: usize, mut state: State) {
        let (base_len, base_value) = (self.path.len(), self.value);
        loop {
            let Some(&i) = self.order.get(pos) else {
                self.leaf(state);
                break;
            };
            let is_code = !self.prepared[i].promotion.is_automatic();
            let without = is_code.then(|| state.clone());
            let applied = apply(&self.prepared[i], self.cart, &mut state);
            self.value += applied.total();
            self.path.push((i, applied));
            pos += 1;
            if let Some(without) = without {
                self.descend(pos, state);
                if let Some((_, applied)) = self.path.pop() {
                    self.value -= applied.total();
                }
                self.descend(pos, without);
                break;
            }
        }
        self.path.truncate(base_len);
        self.value = base_value;
    }

    fn leaf(&mut self, state: State) {
        let improves = self.best.as_ref().is_none_or(|b| {
            self.value > b.value || (self.value == b.value && self.path.len() > b.members.len())
        });
        if improves {
            self.best = Some(Combination {
                members: self.path.iter().map(|(i, _)| *i).collect(),
                applied: self.path.iter().map(|(_, a)| a.clone()).collect(),
                state,
                value: self.value,
            });
        }
    }
}

/// The best combination of the valid prepared promotions.
pub fn best(prepared: &[Prepared], cart: &Cart) -> Combination {
    let order = application_order(prepared);
    let stackable = |i: &usize| prepared[*i].promotion.def.stacking == Stacking::Stackable;
    let stacked: Vec<usize> = order.iter().copied().filter(stackable).collect();
    let exclusives: Vec<usize> = order.iter().copied().filter(|i| !stackable(i)).collect();
    debug_assert!(
        stacked
            .iter()
            .filter(|&&i| !prepared[i].promotion.is_automatic())
            .count()
            <= super::bounds::MAX_COMBINATION_CODES
    );
    let mut search = Search {
        prepared,
        cart,
        order: stacked,
        path: Vec::new(),
        value: 0,
        best: None,
    };
    search.descend(0, State::new(cart));
    let mut winner = search.best.unwrap_or_else(|| run(prepared, &[], &[], cart));
    for &e in &exclusives {
        let mut alone = vec![false; prepared.len()];
        alone[e] = true;
        let candidate = run(prepared, &order, &alone, cart);
        if better(&candidate, &winner) {
            winner = candidate;
        }
    }
    winner
}
