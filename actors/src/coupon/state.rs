//! The projection an actor decides against: the committed coupon plus every
//! decision not yet committed.
//!
//! Invariant: `projected.uses_count == committed.uses_count + pending_uses`, and a
//! customer with any pending delta is in `customer_committed` (so loading a
//! customer's count from storage is only ever done when nothing of theirs is in
//! flight, and storage then holds exactly what this actor last committed).

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Context, Coupon, CouponType, ErrorCode, Redemption, RedemptionStatus};

use crate::command::RedeemRequest;
use crate::coupon::MAX_REMEMBERED_IDEMPOTENCY_KEYS;
use crate::engine::{self, Compiled, Evaluation, Usage};
use crate::error::ActorError;

/// What the actor remembers about an idempotency key it has seen.
#[derive(Debug, Clone)]
pub(crate) enum IdemMemory {
    /// Decided, commit pending: later arrivals wait for the entry with this sequence.
    Pending { fingerprint: String, seq: u64 },
    /// Committed: the answer.
    Done {
        fingerprint: String,
        redemption: Box<Redemption>,
        /// When the answer was stored, or a moment before: it is forgotten
        /// when the retention outlives it, no later than the stored record.
        at: DateTime<Utc>,
    },
    /// Stored with an answer that is not a redemption: any redemption with this
    /// key reuses it (until the retention outlives `at`, as for `Done`).
    Foreign { at: DateTime<Utc> },
}

impl IdemMemory {
    /// Whether the retention has outlived a settled answer at `now` (a pending
    /// decision never is: it has no stored answer yet).
    pub(crate) fn expired(&self, now: DateTime<Utc>, retention: TimeDelta) -> bool {
        match self {
            IdemMemory::Pending { .. } => false,
            IdemMemory::Done { at, .. } | IdemMemory::Foreign { at } => {
                stampede_protocol::idempotency::expired(*at, now, retention)
            }
        }
    }
}

/// The projected state of one coupon.
#[derive(Debug)]
pub(crate) struct Projection {
    pub committed: Coupon,
    pub projected: Coupon,
    /// Committed per-customer counts for the customers this actor has looked at.
    pub customer_committed: HashMap<String, u64>,
    /// Uncommitted per-customer deltas.
    pub customer_pending: HashMap<String, i64>,
    /// Committed usage counters (`channel:…`, `store:…`, `day:…`) looked at so far,
    /// and their uncommitted deltas; the same invariant as customers holds.
    pub counter_committed: HashMap<String, u64>,
    pub counter_pending: HashMap<String, i64>,
    /// Redemptions with a void decided but not committed.
    pub pending_voids: HashSet<String>,
    pub idem: HashMap<String, IdemMemory>,
    idem_order: VecDeque<String>,
    /// The coupon's definition compiled for the engine, per cart currency.
    compiled: Compiled,
    /// The limits moved (a parent's or promotion's terms were followed) while
    /// decisions were pending: those were decided under the old limits, so the
    /// bounds are not asserted until everything pending has settled.
    limits_moved: bool,
    /// Set when settling or rebasing found counts that do not add up (a count
    /// would go below zero or overflow): the projection no longer matches
    /// storage, and the actor must reload instead of deciding on it.
    diverged: Option<String>,
}

/// What the actor's undurable decisions (pending and in flight) add up to; the
/// projection itself does not keep the queue.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Undurable {
    /// Sum of the decisions' changes to `uses_count`.
    pub uses: i64,
    /// Sum of the decisions' changes to a gift card's balance.
    pub balance: Decimal,
    /// A definition change (update) is among them: the limits in force move
    /// mid-queue, so the bounds and the balance are only checked without one.
    pub definition: bool,
}

impl Projection {
    pub(crate) fn new(coupon: Coupon) -> Self {
        Self {
            projected: coupon.clone(),
            committed: coupon,
            customer_committed: HashMap::new(),
            customer_pending: HashMap::new(),
            counter_committed: HashMap::new(),
            counter_pending: HashMap::new(),
            pending_voids: HashSet::new(),
            idem: HashMap::new(),
            idem_order: VecDeque::new(),
            compiled: Compiled::default(),
            limits_moved: false,
            diverged: None,
        }
    }

    /// Why the projection stopped matching storage, if it did.
    pub(crate) fn diverged(&self) -> Option<&str> {
        self.diverged.as_deref()
    }

    /// Notes that limits changed under pending decisions (see `limits_moved`).
    pub(crate) fn limits_changed(&mut self) {
        self.limits_moved = !self.customer_pending.is_empty()
            || self.projected.uses_count != self.committed.uses_count;
    }

    /// Takes the terms of the coupon this code belongs to, committed and
    /// projected alike; what was compiled from the old terms is dropped.
    pub(crate) fn follow(&mut self, parent: &Coupon) {
        self.committed.follow(parent);
        self.projected.follow(parent);
        self.compiled = Compiled::default();
        self.limits_changed();
    }

    /// The projection's invariants (TigerBeetle style: asserted after every step
    /// in debug builds, so a simulation run trips on the first wrong step rather
    /// than on a wrong total at the end). `undurable`: what the actor's pending
    /// and in-flight decisions add up to.
    ///
    /// A limit may legitimately sit below the uses already counted (a parent's or
    /// promotion's limit lowered: the code is then used up), so the bounds say:
    /// within the limit, or nothing pending adds to what is over it.
    pub(crate) fn check_invariants(&self, undurable: Undurable) -> Result<(), String> {
        let expected = self.committed.uses_count.checked_add_signed(undurable.uses);
        if expected != Some(self.projected.uses_count) {
            return Err(format!(
                "projected uses {} != committed {} {:+} pending",
                self.projected.uses_count, self.committed.uses_count, undurable.uses
            ));
        }
        if !undurable.definition && self.projected.kind == CouponType::GiftCard {
            let expected = self.committed.balance.map(|b| b + undurable.balance);
            if expected != self.projected.balance {
                return Err(format!(
                    "projected balance {:?} != {expected:?}",
                    self.projected.balance
                ));
            }
        }
        check_counts("customer", &self.customer_committed, &self.customer_pending)?;
        check_counts("counter", &self.counter_committed, &self.counter_pending)?;
        if undurable.definition || self.limits_moved {
            return Ok(());
        }
        if let Some(max) = self.projected.max_uses {
            if self.projected.uses_count > max && undurable.uses > 0 {
                return Err(format!(
                    "uses {} over max_uses {max} with {:+} pending",
                    self.projected.uses_count, undurable.uses
                ));
            }
        }
        self.check_customer_limit()
    }

    /// A customer with uses pending stays within the per-customer limit.
    fn check_customer_limit(&self) -> Result<(), String> {
        let Some(limit) = self.projected.per_customer_limit else {
            return Ok(());
        };
        for (user, pending) in &self.customer_pending {
            let committed = self.customer_committed.get(user).copied().unwrap_or(0);
            let uses = i128::from(committed) + i128::from(*pending);
            if *pending > 0 && uses > i128::from(limit) {
                return Err(format!(
                    "customer {user}: {uses} uses over the limit {limit}"
                ));
            }
        }
        Ok(())
    }

    /// Customers whose committed count must be loaded before deciding for them.
    pub(crate) fn needs_customer(&self, user: &str) -> bool {
        !self.customer_committed.contains_key(user)
    }

    /// Whether a usage counter must be loaded before deciding with it.
    pub(crate) fn needs_counter(&self, name: &str) -> bool {
        !self.counter_committed.contains_key(name)
    }

    /// A usage counter including pending decisions.
    pub(crate) fn counter(&self, name: &str) -> u64 {
        let committed = self.counter_committed.get(name).copied().unwrap_or(0);
        let pending = self.counter_pending.get(name).copied().unwrap_or(0);
        u64::try_from(committed as i64 + pending).unwrap_or(0)
    }

    fn customer_uses(&self, user: Option<&str>) -> u64 {
        let Some(user) = user else { return 0 };
        let committed = self.customer_committed.get(user).copied().unwrap_or(0);
        let pending = self.customer_pending.get(user).copied().unwrap_or(0);
        debug_assert!(pending >= 0 || committed as i64 + pending >= 0);
        u64::try_from(committed as i64 + pending).unwrap_or(0)
    }

    fn usage(&self, user: Option<&str>) -> Usage {
        Usage {
            uses_count: self.projected.uses_count,
            customer_uses: self.customer_uses(user),
            balance: self.projected.balance,
        }
    }

    /// Evaluates a context against the projection without changing anything.
    pub(crate) fn evaluate(&mut self, context: &Context, now: DateTime<Utc>) -> Evaluation {
        let usage = self.usage(context.user_id.as_deref());
        engine::evaluate_with(&mut self.compiled, &self.projected, &usage, context, now)
    }

    /// Decides a redemption. On success the projection counts it and the new
    /// redemption record (not yet durable) is returned.
    /// `evaluation` is the caller's evaluation of the request's context (with its
    /// user) against this projection, conditions included.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide_redeem(
        &mut self,
        request: &RedeemRequest,
        evaluation: Evaluation,
        id: String,
        now: DateTime<Utc>,
        campaign_id: Option<String>,
        reserve_until: Option<DateTime<Utc>>,
        counters: Vec<String>,
    ) -> Result<Redemption, ActorError> {
        let user = request.user_id.clone().or(request.context.user_id.clone());
        if !evaluation.is_valid() {
            return Err(refusal_error(&evaluation));
        }
        let redemption = Redemption {
            id,
            coupon_id: self.projected.id.clone(),
            coupon_code: self.projected.code.clone(),
            user_id: user,
            reference_type: request.reference_type.clone(),
            reference_id: request.reference_id.clone(),
            discount_amount: evaluation.discount,
            currency: evaluation.currency.clone(),
            status: if reserve_until.is_some() {
                RedemptionStatus::Pending
            } else {
                RedemptionStatus::Success
            },
            failure_reason: None,
            metadata: request.metadata.clone(),
            created_at: now,
            voided_at: None,
            void_reason: None,
            redemption_client_id: request.redemption_client_id.clone(),
            campaign_id,
            checkout_id: request.checkout_id.clone(),
            expires_at: reserve_until,
            confirmed_at: None,
            counters,
            channel: request.context.channel.clone(),
            order_value: request.context.order_value(),
        };
        self.count(&redemption, 1)?;
        Ok(redemption)
    }

    /// Counts (`sign = 1`) or releases (`-1`) a redemption in the projection.
    /// Refused, changing nothing, when a count would leave `0..=u64::MAX`: a
    /// release with nothing counted means the redemption (read from storage)
    /// and this projection disagree — an activation that lost its ownership
    /// and has not noticed yet, whose successor sold what is being released.
    /// Clamping would hide a lost or doubled use; the projection is marked
    /// diverged (reloaded after the next commit, if the fence still lets this
    /// activation commit at all) and the client retries.
    pub(crate) fn count(&mut self, redemption: &Redemption, sign: i64) -> Result<(), ActorError> {
        let uses = match self.counted_uses(redemption, sign) {
            Ok(uses) => uses,
            Err(why) => {
                let refusal = format!("{why} cannot take {sign:+}; retry");
                self.diverged = Some(why);
                return Err(ActorError::Unavailable(refusal));
            }
        };
        self.projected.uses_count = uses;
        if self.projected.kind == CouponType::GiftCard {
            let balance = self.projected.balance.unwrap_or(Decimal::ZERO);
            let delta = redemption.discount_amount * Decimal::from(sign);
            self.projected.balance = Some(balance - delta);
        }
        if let Some(user) = &redemption.user_id {
            *self.customer_pending.entry(user.clone()).or_insert(0) += sign;
        }
        for name in &redemption.counters {
            debug_assert!(!self.needs_counter(name), "counter {name} counted unloaded");
            *self.counter_pending.entry(name.clone()).or_insert(0) += sign;
        }
        Ok(())
    }

    /// The uses count after counting `redemption` with `sign`, or which count
    /// cannot take it: the total, or (releasing) its customer's count or one of
    /// its usage counters, holding nothing to release.
    fn counted_uses(&self, redemption: &Redemption, sign: i64) -> Result<u64, String> {
        let uses = self.projected.uses_count.checked_add_signed(sign);
        let uses = uses.ok_or_else(|| format!("{} uses counted", self.projected.uses_count))?;
        if sign < 0 {
            let user = redemption.user_id.as_deref();
            if user.is_some() && self.customer_uses(user) == 0 {
                return Err(format!("customer {}'s count", user.unwrap_or_default()));
            }
            if let Some(empty) = redemption.counters.iter().find(|c| self.counter(c) == 0) {
                return Err(format!("counter {empty}"));
            }
        }
        Ok(uses)
    }

    /// Removes a decided redemption's pending delta once its commit resolved.
    /// `applied`: the commit wrote it, so the committed count moves instead.
    pub(crate) fn settle(&mut self, redemption: &Redemption, sign: i64, applied: bool) {
        if let Some(user) = &redemption.user_id {
            if let Some(pending) = self.customer_pending.get_mut(user) {
                *pending -= sign;
                if *pending == 0 {
                    self.customer_pending.remove(user);
                }
            }
            if applied {
                let committed = self.customer_committed.entry(user.clone()).or_insert(0);
                match committed.checked_add_signed(sign) {
                    Some(count) => *committed = count,
                    None => self.diverged = Some(format!("customer {user}'s count underflows")),
                }
            }
        }
        for name in &redemption.counters {
            if let Some(pending) = self.counter_pending.get_mut(name) {
                *pending -= sign;
                if *pending == 0 {
                    self.counter_pending.remove(name);
                }
            }
            if applied {
                let committed = self.counter_committed.entry(name.clone()).or_insert(0);
                match committed.checked_add_signed(sign) {
                    Some(count) => *committed = count,
                    None => self.diverged = Some(format!("counter {name} underflows")),
                }
            }
        }
    }

    /// Installs the coupon a commit produced and re-derives the projection from it
    /// and the decisions still pending (`pending_delta_uses`, `pending_delta_balance`,
    /// and the newest pending definition, if any).
    pub(crate) fn rebase(
        &mut self,
        committed: Coupon,
        pending_definition: Option<&Coupon>,
        pending_delta_uses: i64,
        pending_delta_balance: Decimal,
    ) {
        let mut projected = pending_definition
            .cloned()
            .unwrap_or_else(|| committed.clone());
        match committed.uses_count.checked_add_signed(pending_delta_uses) {
            Some(uses) => projected.uses_count = uses,
            None => {
                self.diverged = Some(format!(
                    "stored uses_count {} cannot take pending {pending_delta_uses:+}",
                    committed.uses_count
                ));
            }
        }
        projected.balance = committed.balance.map(|b| b + pending_delta_balance);
        self.projected = projected;
        self.committed = committed;
        if pending_delta_uses == 0 && self.customer_pending.is_empty() {
            self.limits_moved = false;
        }
        self.evict_idle_customers();
    }

    fn evict_idle_customers(&mut self) {
        if self.counter_committed.len() > super::MAX_CACHED_CUSTOMERS {
            let pending = &self.counter_pending;
            self.counter_committed
                .retain(|name, _| pending.contains_key(name));
        }
        if self.customer_committed.len() <= super::MAX_CACHED_CUSTOMERS {
            return;
        }
        let pending = &self.customer_pending;
        self.customer_committed
            .retain(|user, _| pending.contains_key(user));
    }

    /// Remembers a committed answer for an idempotency key, bounded; `at`:
    /// when it was stored (or earlier).
    pub(crate) fn remember_done(
        &mut self,
        idem: &IdemSpec,
        redemption: &Redemption,
        at: DateTime<Utc>,
    ) {
        let memory = IdemMemory::Done {
            fingerprint: idem.fingerprint.clone(),
            redemption: Box::new(redemption.clone()),
            at,
        };
        self.remember_settled(idem.key.clone(), memory);
    }

    /// Remembers a key whose stored answer (stored at `at`) is not a redemption.
    pub(crate) fn remember_foreign(&mut self, key: &str, at: DateTime<Utc>) {
        self.remember_settled(key.to_owned(), IdemMemory::Foreign { at });
    }

    /// Records a settled key and evicts the oldest settled ones past the bound.
    /// Pushed even when the key was known (as pending), so every settled key is
    /// eventually evicted; pending keys are never evicted while their decision waits.
    fn remember_settled(&mut self, key: String, memory: IdemMemory) {
        self.idem.insert(key.clone(), memory);
        self.idem_order.push_back(key);
        while self.idem_order.len() > MAX_REMEMBERED_IDEMPOTENCY_KEYS {
            let Some(old) = self.idem_order.pop_front() else {
                break;
            };
            if !matches!(self.idem.get(&old), Some(IdemMemory::Pending { .. })) {
                self.idem.remove(&old);
            }
        }
    }

    pub(crate) fn remember_pending(&mut self, idem: &IdemSpec, seq: u64) {
        let memory = IdemMemory::Pending {
            fingerprint: idem.fingerprint.clone(),
            seq,
        };
        if self.idem.insert(idem.key.clone(), memory).is_none() {
            self.idem_order.push_back(idem.key.clone());
        }
    }

    pub(crate) fn forget_idem(&mut self, idem: &IdemSpec) {
        self.idem.remove(&idem.key);
    }
}

/// The refusal a failed evaluation answers: its first reason, explained.
pub(crate) fn refusal_error(evaluation: &Evaluation) -> ActorError {
    let code = evaluation.first_reason().unwrap_or(ErrorCode::NotEligible);
    let detail = evaluation
        .explain
        .iter()
        .find(|e| !e.matched)
        .map(|e| format!("{} ({})", e.clause, e.detail))
        .unwrap_or_else(|| code.as_str().to_owned());
    ActorError::refused(code, detail)
}

/// Every pending count has its committed count loaded, and their sum is a count.
fn check_counts(
    what: &str,
    committed: &HashMap<String, u64>,
    pending: &HashMap<String, i64>,
) -> Result<(), String> {
    for (name, delta) in pending {
        let Some(base) = committed.get(name) else {
            return Err(format!(
                "{what} {name} has {delta:+} pending but no committed count"
            ));
        };
        if i128::from(*base) + i128::from(*delta) < 0 {
            return Err(format!("{what} {name}: {base} {delta:+} is negative"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coupon(uses: u64, max_uses: Option<u64>, per_customer: Option<u32>) -> Coupon {
        Coupon {
            id: String::from("cpn_T"),
            code: String::from("T"),
            uses_count: uses,
            max_uses,
            per_customer_limit: per_customer,
            ..Coupon::default()
        }
    }

    fn redemption(user: &str) -> Redemption {
        Redemption {
            id: String::from("red_1"),
            coupon_id: String::from("cpn_T"),
            coupon_code: String::from("T"),
            user_id: Some(user.to_owned()),
            reference_type: None,
            reference_id: None,
            discount_amount: Decimal::ZERO,
            currency: None,
            status: RedemptionStatus::Success,
            failure_reason: None,
            metadata: Default::default(),
            created_at: DateTime::<Utc>::default(),
            voided_at: None,
            void_reason: None,
            redemption_client_id: None,
            campaign_id: None,
            checkout_id: None,
            expires_at: None,
            confirmed_at: None,
            counters: Vec::new(),
            channel: None,
            order_value: None,
        }
    }

    fn pending(uses: i64) -> Undurable {
        Undurable {
            uses,
            ..Undurable::default()
        }
    }

    #[test]
    fn projected_is_committed_plus_pending() {
        let mut state = Projection::new(coupon(2, None, None));
        state.customer_committed.insert(String::from("a"), 0);
        state.count(&redemption("a"), 1).unwrap();
        assert!(state.check_invariants(pending(1)).is_ok());
        assert!(state.check_invariants(pending(0)).is_err());
    }

    #[test]
    fn a_limit_lowered_below_the_uses_holds_while_nothing_adds_to_it() {
        let state = Projection::new(coupon(5, Some(3), None));
        assert!(state.check_invariants(pending(0)).is_ok());
        let mut over = Projection::new(coupon(3, Some(3), None));
        over.customer_committed.insert(String::from("a"), 0);
        over.count(&redemption("a"), 1).unwrap();
        assert!(over.check_invariants(pending(1)).is_err());
    }

    #[test]
    fn a_customer_with_pending_uses_stays_within_the_limit() {
        let mut state = Projection::new(coupon(0, None, Some(1)));
        state.customer_committed.insert(String::from("a"), 1);
        state.count(&redemption("a"), 1).unwrap();
        assert!(state.check_invariants(pending(1)).is_err());
        // Decided under other limits (a parent's terms followed meanwhile).
        state.limits_moved = true;
        assert!(state.check_invariants(pending(1)).is_ok());
    }

    #[test]
    fn a_release_with_nothing_counted_is_refused_not_clamped() {
        let mut state = Projection::new(coupon(0, None, None));
        state.customer_committed.insert(String::from("a"), 0);
        assert!(state.count(&redemption("a"), -1).is_err());
        assert_eq!(state.projected.uses_count, 0);
        assert!(
            state.customer_pending.is_empty(),
            "a refused count changes nothing"
        );
    }

    #[test]
    fn settling_below_zero_marks_the_projection_diverged() {
        let mut state = Projection::new(coupon(1, None, None));
        state.customer_committed.insert(String::from("a"), 0);
        state.settle(&redemption("a"), -1, true);
        assert!(state.diverged().is_some());
    }

    /// A hot code meets a new buyer with every order: its per-customer
    /// counts stay bounded (idle ones evicted, re-read on their next order),
    /// and so do the answers it remembers for idempotency keys.
    #[test]
    fn a_hot_code_keeps_bounded_memory_of_its_buyers() {
        let mut state = Projection::new(coupon(0, None, Some(1)));
        let buyers = crate::coupon::MAX_CACHED_CUSTOMERS * 3;
        for n in 0..buyers {
            let user = format!("u-{n}");
            state.customer_committed.insert(user.clone(), 0);
            state.count(&redemption(&user), 1).unwrap();
            let idem = IdemSpec {
                key: format!("k-{n}"),
                fingerprint: String::from("f"),
            };
            state.remember_done(&idem, &redemption(&user), DateTime::<Utc>::default());
            // Its commit lands.
            state.settle(&redemption(&user), 1, true);
            let committed = state.projected.clone();
            state.rebase(committed, None, 0, Decimal::ZERO);
            assert!(state.customer_committed.len() <= crate::coupon::MAX_CACHED_CUSTOMERS);
            assert!(state.idem.len() <= MAX_REMEMBERED_IDEMPOTENCY_KEYS);
        }
        assert!(state.needs_customer("u-0"), "an evicted buyer is re-read");
    }
}
