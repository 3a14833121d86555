//! The projection an actor decides against: the committed coupon plus every
//! decision not yet committed.
//!
//! Invariant: `projected.uses_count == committed.uses_count + pending_uses`, and a
//! customer with any pending delta is in `customer_committed` (so loading a
//! customer's count from storage is only ever done when nothing of theirs is in
//! flight, and storage then holds exactly what this actor last committed).

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::{Context, Coupon, CouponType, Redemption, RedemptionStatus};

use crate::command::RedeemRequest;
use crate::coupon::MAX_REMEMBERED_IDEMPOTENCY_KEYS;
use crate::engine::{self, Compiled, Evaluation, Usage};

/// What the actor remembers about an idempotency key it has seen.
#[derive(Debug, Clone)]
pub(crate) enum IdemMemory {
    /// Decided, commit pending: later arrivals wait for the entry with this sequence.
    Pending { fingerprint: String, seq: u64 },
    /// Committed: the answer.
    Done {
        fingerprint: String,
        redemption: Box<Redemption>,
    },
    /// Stored with an answer that is not a redemption: any redemption with this
    /// key reuses it.
    Foreign,
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
        }
    }

    /// Takes the terms of the coupon this code belongs to, committed and
    /// projected alike; what was compiled from the old terms is dropped.
    pub(crate) fn follow(&mut self, parent: &Coupon) {
        self.committed.follow(parent);
        self.projected.follow(parent);
        self.compiled = Compiled::default();
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
    ) -> Result<Redemption, Box<Evaluation>> {
        let user = request.user_id.clone().or(request.context.user_id.clone());
        if !evaluation.is_valid() {
            return Err(Box::new(evaluation));
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
        };
        self.count(&redemption, 1);
        Ok(redemption)
    }

    /// Counts (`sign = 1`) or releases (`-1`) a redemption in the projection.
    pub(crate) fn count(&mut self, redemption: &Redemption, sign: i64) {
        if sign > 0 {
            self.projected.uses_count += 1;
        } else {
            debug_assert!(self.projected.uses_count > 0);
            self.projected.uses_count = self.projected.uses_count.saturating_sub(1);
        }
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
                *committed = committed.saturating_add_signed(sign);
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
                *committed = committed.saturating_add_signed(sign);
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
        projected.uses_count = committed
            .uses_count
            .saturating_add_signed(pending_delta_uses);
        projected.balance = committed.balance.map(|b| b + pending_delta_balance);
        self.projected = projected;
        self.committed = committed;
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

    /// Remembers a committed answer for an idempotency key, bounded.
    pub(crate) fn remember_done(&mut self, idem: &IdemSpec, redemption: &Redemption) {
        let memory = IdemMemory::Done {
            fingerprint: idem.fingerprint.clone(),
            redemption: Box::new(redemption.clone()),
        };
        self.remember_settled(idem.key.clone(), memory);
    }

    /// Remembers a key whose stored answer is not a redemption.
    pub(crate) fn remember_foreign(&mut self, key: &str) {
        self.remember_settled(key.to_owned(), IdemMemory::Foreign);
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
