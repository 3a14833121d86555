//! The coupon actor's message loop.
//!
//! ```text
//! mailbox ──drain──► prefetch customer counts ──► decide (state.rs) ──► pending queue
//!                                                                          │
//!      replies ◄── settle outcomes ◄── commit (commit.rs, one in flight) ◄─┘
//! ```
//!
//! Decisions are made against the projection (committed + pending), so many
//! redemptions are decided while one commit is in flight, and ride the next one.
//! Nobody hears "success" before their decision is durable. When a commit fails,
//! every decision not yet durable is answered with a retryable error and the actor
//! reloads from storage: a failure never turns into a success reply.

use std::collections::VecDeque;
use std::mem;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use stampede_protocol::campaign::{GateState, Quota};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::ids::{new_id, REDEMPTION_PREFIX};
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::{Context, Coupon, CouponType, ErrorCode, Redemption, RedemptionStatus};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::campaign::LeaseReturn;
use crate::command::{
    CouponCommand, CouponUpdate, RedeemRequest, Reply, UpdateKind, ValidateOutcome, VoidMode,
};
use crate::coupon::commit::{commit_batch, CommitError, Committed, Op, OpOutcome, Owner};
use crate::coupon::lease::{self, quota_of, Lease, LeaseAnswer, LeaseUse};
use crate::coupon::load;
use crate::coupon::state::{refusal_error, IdemMemory, Projection, Undurable};
use crate::coupon::{MAX_BATCH_DECISIONS, MAX_DRAIN_MESSAGES};
use crate::engine::{self, Evaluation};
use crate::error::ActorError;
use crate::limits;
use crate::shards::{ActorKey, Inner, Slot};
use crate::telemetry;

mod lease_flow;
mod limit_flow;
mod refresh_flow;
mod reservation_flow;
mod verdict;

use limit_flow::add_limit_reasons;
use reservation_flow::reservation_expired;

/// Who is waiting for a pending decision, and what it changes in the projection.
enum Waiter {
    Redeem {
        replies: Vec<Reply<Redemption>>,
        redemption: Box<Redemption>,
        idem: Option<IdemSpec>,
    },
    Void {
        replies: Vec<Reply<Redemption>>,
        /// The redemption as it was before the void.
        redemption: Box<Redemption>,
    },
    Update {
        reply: Reply<Coupon>,
        definition: Box<Coupon>,
    },
    Confirm {
        replies: Vec<Reply<Redemption>>,
    },
    Limits {
        reply: Reply<Option<LimitSet>>,
        set: Option<Box<LimitSet>>,
    },
    /// A refusal decided against uncommitted decisions: answered once they are
    /// durable, so it never contradicts a state that did not happen.
    Refusal {
        reply: Reply<Redemption>,
        error: ActorError,
    },
}

/// A decision waiting for its commit.
struct Entry {
    seq: u64,
    op: Op,
    waiter: Waiter,
    /// Change to `uses_count` this decision makes.
    delta_uses: i64,
    /// Change to a gift card's balance.
    delta_balance: Decimal,
    /// Campaign quota the decision holds (a redemption: given back to the lease
    /// if its commit refuses it) or releases (a void: once its commit applies).
    lease_quota: Option<Quota>,
}

/// A redemption waiting for campaign quota.
struct Parked {
    request: Box<RedeemRequest>,
    reply: Reply<Redemption>,
    need: Quota,
}

type CommitTask = JoinHandle<Result<Committed, CommitError>>;

/// Why the loop stops.
pub(crate) enum Stop {
    /// Idle: hand leftovers to a fresh activation.
    Passivate,
    /// The coupon is gone: leftovers get `coupon_not_found`.
    Deleted,
    /// Storage or fencing trouble: leftovers get a retryable error.
    Failed(String),
}

pub(crate) struct CouponActor {
    shards: Arc<Inner>,
    key: ActorKey,
    /// Identifies this activation in the shards map.
    activation_id: u64,
    owner: Arc<Owner>,
    state: Projection,
    pending: VecDeque<Entry>,
    inflight: Vec<Entry>,
    next_seq: u64,
    /// A hard delete is pending: refuse everything after it.
    deleting: bool,
    /// The campaign lease, for a coupon of a campaign.
    lease: Option<Lease>,
    /// Redemptions waiting for quota, oldest first.
    parked: VecDeque<Parked>,
    /// How many of `parked` (from the front) the acquire in flight asks for.
    acquiring: Option<usize>,
    lease_tx: mpsc::UnboundedSender<LeaseAnswer>,
    /// The coupon's limit set (projected: includes a change not yet committed).
    limits: load::Limits,
    /// The coupon moved to another campaign: stop taking messages and passivate
    /// once everything decided is settled.
    restart: bool,
    /// The lease was re-read while an acquire was in flight: its answer may be
    /// counted already.
    discard_next_grant: bool,
    /// Sequence number of the last lease return this activation made on recall.
    recall_seq: u64,
    /// Valid checks of a promotion's code not yet counted in storage; the next
    /// commit adds them (a failed commit drops them: a statistic, not a limit).
    validations: u64,
}

/// One activation: load from the store, serve, stop. Borrows the mailbox so
/// that a supervisor that catches this activation's panic still holds it and
/// restarts a fresh activation on the same queue.
pub(crate) async fn run(
    shards: &Arc<Inner>,
    key: &ActorKey,
    activation_id: u64,
    rx: &mut mpsc::Receiver<CouponCommand>,
) -> Stop {
    metrics::counter!(telemetry::ACTIVATIONS_TOTAL).increment(1);
    let mut activation = match load::activate(&shards.store, &key.tenant, &key.code).await {
        Ok(Some(activation)) => activation,
        Ok(None) => return Stop::Deleted,
        Err(err) => return Stop::Failed(err.to_string()),
    };
    let (lease, limits) = match activate_extras(shards, &key.tenant, &activation.coupon).await {
        Ok(extras) => extras,
        Err(err) => return Stop::Failed(err.to_string()),
    };
    if let Some(terms) = &limits.conditions.promotion {
        terms.apply_limits(&mut activation.coupon);
    }
    if let Some(parent) = limits.parent.as_ref().and_then(|p| p.terms.as_deref()) {
        activation.coupon.follow(parent);
    }
    let owner = Owner {
        tenant: key.tenant.clone(),
        code: key.code.clone(),
        coupon_id: activation.coupon.id.clone(),
        epoch: activation.epoch,
        campaign_id: lease.as_ref().map(|l| l.campaign_id.clone()),
        promotion_version: limits.conditions.promotion_version(),
        parent_version: limits.parent.as_ref().and_then(|p| p.version),
    };
    let (lease_tx, mut lease_rx) = mpsc::unbounded_channel();
    let mut actor = CouponActor {
        shards: shards.clone(),
        key: key.clone(),
        activation_id,
        owner: Arc::new(owner),
        state: Projection::new(activation.coupon),
        pending: VecDeque::new(),
        inflight: Vec::new(),
        next_seq: 0,
        deleting: false,
        lease,
        parked: VecDeque::new(),
        acquiring: None,
        lease_tx,
        limits,
        restart: false,
        discard_next_grant: false,
        recall_seq: 0,
        validations: 0,
    };
    let stop = actor.serve(rx, &mut lease_rx).await;
    actor.give_back_lease(&stop);
    stop
}

/// Leaves the shards map and answers or re-routes whatever is still queued.
/// The slot itself is freed when the caller drops it.
pub(crate) fn finish(slot: &Slot, mut rx: mpsc::Receiver<CouponCommand>, stop: Stop) {
    let (shards, key) = (slot.inner(), slot.key());
    slot.deregister();
    rx.close();
    while let Ok(command) = rx.try_recv() {
        match &stop {
            Stop::Passivate => shards.dispatch(key, command),
            Stop::Deleted => command.fail(ActorError::CouponNotFound),
            Stop::Failed(why) => command.fail(ActorError::Unavailable(why.clone())),
        }
    }
    metrics::counter!(telemetry::PASSIVATIONS_TOTAL).increment(1);
}

impl CouponActor {
    async fn serve(
        &mut self,
        rx: &mut mpsc::Receiver<CouponCommand>,
        lease_rx: &mut mpsc::UnboundedReceiver<LeaseAnswer>,
    ) -> Stop {
        let mut commit: Option<CommitTask> = None;
        let mut buffer = Vec::with_capacity(MAX_DRAIN_MESSAGES);
        let mut closed = false;
        loop {
            let idle = self.shards.config.idle_passivate;
            tokio::select! {
                // Fixed order: a finished commit first, then new messages, then
                // timers. Deterministic, so a simulation seed replays exactly.
                biased;
                result = async { commit.as_mut().expect("guarded by is_some").await }, if commit.is_some() => {
                    commit = None;
                    let result = result.unwrap_or_else(|err| Err(CommitError::Storage(
                        stampede_storage::StorageError::Backend(format!("commit task failed: {err}")))));
                    if let Some(stop) = self.on_commit(result).await {
                        return stop;
                    }
                }
                received = rx.recv_many(&mut buffer, MAX_DRAIN_MESSAGES), if !closed && !self.restart => {
                    if received == 0 {
                        closed = true;
                    } else {
                        let commands = std::mem::take(&mut buffer);
                        self.on_commands(commands).await;
                    }
                }
                Some(answer) = lease_rx.recv(), if self.acquiring.is_some() => {
                    self.on_lease_answer(answer);
                }
                _ = tokio::time::sleep(idle), if commit.is_none() && self.pending.is_empty() && self.parked.is_empty() && !closed => {
                    if self.shards.try_deregister_idle(&self.key, self.activation_id, rx) {
                        return Stop::Passivate;
                    }
                }
            }
            self.check_invariants();
            if commit.is_none() && (!self.pending.is_empty() || self.validations > 0) {
                commit = Some(self.start_commit());
            }
            if closed && commit.is_none() && self.pending.is_empty() && self.parked.is_empty() {
                return Stop::Passivate;
            }
            if self.deleting && commit.is_none() && self.pending.is_empty() {
                return Stop::Deleted;
            }
            let settled = commit.is_none() && self.pending.is_empty() && self.parked.is_empty();
            if self.restart && settled && self.acquiring.is_none() {
                return Stop::Passivate;
            }
        }
    }

    fn start_commit(&mut self) -> CommitTask {
        let take = self.pending.len().min(MAX_BATCH_DECISIONS);
        debug_assert!(self.inflight.is_empty(), "at most one commit in flight");
        self.inflight.extend(self.pending.drain(..take));
        let ops: Vec<Op> = self
            .inflight
            .iter_mut()
            .map(|entry| mem::replace(&mut entry.op, Op::Nothing))
            .collect();
        metrics::histogram!(telemetry::BATCH_SIZE).record(ops.len() as f64);
        let store = self.shards.store.clone();
        let owner = self.owner.clone();
        let now = self.shards.clock.now();
        let validations = mem::take(&mut self.validations);
        tokio::spawn(async move {
            let started = Instant::now();
            let result = commit_batch(store, owner, Arc::new(ops), now, validations).await;
            metrics::histogram!(telemetry::COMMIT_SECONDS).record(started.elapsed().as_secs_f64());
            result
        })
    }

    // ---- deciding -------------------------------------------------------------

    async fn on_commands(&mut self, commands: Vec<CouponCommand>) {
        let prefetched = match self.prefetch_customers(&commands).await {
            Ok(()) => match self.refresh(&commands).await {
                Ok(()) => self.prefetch_members(&commands).await,
                Err(err) => Err(err),
            },
            Err(err) => Err(err),
        };
        let prefetched = match prefetched {
            Ok(()) => match self.prefetch_counters(&commands).await {
                Ok(()) => match self.refresh_gate(&commands).await {
                    Ok(()) => self.prefetch_idempotency(&commands).await,
                    Err(err) => Err(err),
                },
                Err(err) => Err(err),
            },
            Err(err) => Err(err),
        };
        if let Err(err) = prefetched {
            for command in commands {
                command.fail(ActorError::from(err.clone()));
            }
            return;
        }
        for command in commands {
            self.on_command(command).await;
            self.check_invariants();
        }
    }

    /// Loads, in one read, the committed counts of customers not yet cached.
    async fn prefetch_customers(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let mut missing: Vec<String> = commands
            .iter()
            .filter_map(CouponCommand::customer)
            .filter(|user| self.state.needs_customer(user))
            .map(str::to_owned)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        missing.sort_unstable();
        missing.dedup();
        let counts = load::customer_counts(
            &self.shards.store,
            &self.owner.tenant,
            &self.owner.coupon_id,
            &missing,
        )
        .await?;
        self.state.customer_committed.extend(counts);
        Ok(())
    }

    /// Looks up explicit segment memberships of customers not cached yet.
    async fn prefetch_members(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let now = self.shards.clock.now();
        let mut missing: Vec<String> = commands
            .iter()
            .filter_map(CouponCommand::customer)
            .filter(|user| self.limits.conditions.needs_members(user, now))
            .map(str::to_owned)
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let (store, tenant) = (&self.shards.store, &self.owner.tenant);
        self.limits
            .conditions
            .load_members(store, tenant, &missing, now)
            .await
    }

    /// Loads stored answers for idempotency keys this activation has not seen.
    async fn prefetch_idempotency(
        &mut self,
        commands: &[CouponCommand],
    ) -> Result<(), stampede_storage::StorageError> {
        let mut unseen: Vec<String> = commands
            .iter()
            .filter_map(|command| match command {
                CouponCommand::Redeem { request, .. } => request.idem.as_ref(),
                _ => None,
            })
            .filter(|idem| !self.state.idem.contains_key(&idem.key))
            .map(|idem| idem.key.clone())
            .collect();
        if unseen.is_empty() {
            return Ok(());
        }
        unseen.sort_unstable();
        unseen.dedup();
        let records =
            load::idempotency_records(&self.shards.store, &self.owner.tenant, &unseen).await?;
        for (key, record) in records {
            let fingerprint = record.fingerprint.clone();
            match serde_json::from_value::<Redemption>(record.body) {
                Ok(redemption) => self
                    .state
                    .remember_done(&IdemSpec { key, fingerprint }, &redemption),
                // The key answered something other than a redemption: a reuse.
                Err(_) => self.state.remember_foreign(&key),
            }
        }
        Ok(())
    }

    async fn on_command(&mut self, command: CouponCommand) {
        if self.deleting {
            command.fail(ActorError::CouponNotFound);
            return;
        }
        match command {
            CouponCommand::Get { reply } => {
                let _ = reply.send(Ok(self.state.committed.clone()));
            }
            CouponCommand::Validate {
                context,
                entered_code,
                reply,
            } => {
                let now = self.shards.clock.now();
                let evaluation = self.verdict(&context, entered_code.as_deref(), now, 0);
                if evaluation.is_valid() && self.owner.promotion_version.is_some() {
                    self.validations += 1;
                }
                let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
                let outcome = ValidateOutcome {
                    coupon_id: self.state.projected.id.clone(),
                    campaign_id: self.lease.as_ref().map(|l| l.campaign_id.clone()),
                    lease_covers: self.lease.as_ref().is_none_or(|l| l.free.covers(&need)),
                    evaluation,
                };
                let _ = reply.send(Ok(outcome));
            }
            CouponCommand::Redeem { request, reply } => self.on_redeem(request, reply),
            CouponCommand::Void {
                redemption_id,
                reason,
                idem,
                mode,
                reply,
            } => self.on_void(redemption_id, reason, idem, mode, reply).await,
            CouponCommand::Confirm {
                redemption_id,
                idem,
                reply,
            } => self.on_confirm(redemption_id, idem, reply).await,
            CouponCommand::Update { update, reply } => self.on_update(*update, reply),
            CouponCommand::SetLimits {
                set,
                consumers,
                expected_version,
                reply,
            } => self.on_set_limits(set, consumers, expected_version, reply),
            CouponCommand::Recall {
                campaign_id,
                waiting,
                reply,
            } => self.on_recall(&campaign_id, waiting, reply).await,
        }
    }

    fn on_redeem(&mut self, request: Box<RedeemRequest>, reply: Reply<Redemption>) {
        if let Some(idem) = &request.idem {
            match self.state.idem.get(&idem.key) {
                Some(
                    IdemMemory::Pending { fingerprint, .. } | IdemMemory::Done { fingerprint, .. },
                ) if *fingerprint != idem.fingerprint => {
                    let _ = reply.send(Err(ActorError::IdempotencyKeyReused));
                    return;
                }
                Some(IdemMemory::Foreign) => {
                    let _ = reply.send(Err(ActorError::IdempotencyKeyReused));
                    return;
                }
                Some(IdemMemory::Pending { seq, .. }) => {
                    let seq = *seq;
                    self.attach_redeem_waiter(seq, reply);
                    return;
                }
                Some(IdemMemory::Done { redemption, .. }) => {
                    let _ = reply.send(Ok((**redemption).clone()));
                    return;
                }
                None => {}
            }
        }
        let now = self.shards.clock.now();
        let mut context = request.context.clone();
        context.user_id = request.user_id.clone().or(context.user_id);
        let entered = request.entered_code.as_deref();
        let evaluation = self.verdict(&context, entered, now, request.combined_codes);
        if !evaluation.is_valid() {
            self.refuse(&evaluation, reply);
            return;
        }
        let counters = limits::counters_for(&context, now, self.limits.zone());
        if counters.iter().any(|c| self.state.needs_counter(c)) {
            // Only when a parked redemption outlived its counters' cache (a new day
            // began while it waited): the client retries.
            let _ = reply.send(Err(ActorError::Unavailable(String::from(
                "usage counters moved on; retry",
            ))));
            return;
        }
        let mut lease_use = None;
        if let Some(lease) = &mut self.lease {
            let need = Quota::one(evaluation.discount, evaluation.currency.as_deref());
            if !self.parked.is_empty() || !lease.free.covers(&need) {
                self.park(Parked {
                    request,
                    reply,
                    need,
                });
                return;
            }
            if let Err(err) = lease.take(&need) {
                self.refuse_with(err, reply);
                return;
            }
            lease_use = Some(LeaseUse {
                campaign_id: lease.campaign_id.clone(),
                quota: need,
            });
        }
        let campaign_id = lease_use.as_ref().map(|u| u.campaign_id.clone());
        let reserve_until = request
            .reserve
            .then(|| now + chrono::Duration::milliseconds(self.reservation_ttl_ms()));
        match self.state.decide_redeem(
            &request,
            evaluation,
            new_id(REDEMPTION_PREFIX),
            now,
            campaign_id,
            reserve_until,
            counters,
        ) {
            Ok(redemption) => {
                let held = lease_use.as_ref().map(|u| u.quota.clone());
                let seq = self.next_seq();
                if let Some(idem) = &request.idem {
                    self.state.remember_pending(idem, seq);
                }
                let delta_balance = gift_card_delta(&self.state.projected, &redemption, -1);
                let replies = if cfg!(stampede_sabotage = "ack_before_durable") {
                    // A deliberately broken build (README, Simulation): the success
                    // is answered before its commit, which may still fail.
                    let _ = reply.send(Ok(redemption.clone()));
                    Vec::new()
                } else {
                    vec![reply]
                };
                self.pending.push_back(Entry {
                    seq,
                    op: Op::Redeem {
                        redemption: Box::new(redemption.clone()),
                        idem: request.idem.clone(),
                        lease: lease_use,
                    },
                    waiter: Waiter::Redeem {
                        replies,
                        redemption: Box::new(redemption),
                        idem: request.idem,
                    },
                    delta_uses: 1,
                    delta_balance,
                    lease_quota: held,
                });
            }
            Err(error) => {
                self.lease_free_add(lease_use.as_ref().map(|u| &u.quota));
                self.refuse_with(error, reply);
            }
        }
    }

    /// Answers a refused redemption now when nothing is pending, else after the
    /// pending decisions it was decided against are durable.
    fn refuse(&mut self, evaluation: &Evaluation, reply: Reply<Redemption>) {
        self.refuse_with(refusal_error(evaluation), reply);
    }

    fn refuse_with(&mut self, error: ActorError, reply: Reply<Redemption>) {
        if self.pending.is_empty() && self.inflight.is_empty() {
            record_outcome(&error);
            let _ = reply.send(Err(error));
            return;
        }
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::Nothing,
            waiter: Waiter::Refusal { reply, error },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
        });
    }

    fn attach_redeem_waiter(&mut self, seq: u64, reply: Reply<Redemption>) {
        let entry = self
            .pending
            .iter_mut()
            .chain(self.inflight.iter_mut())
            .find(|entry| entry.seq == seq);
        match entry {
            Some(Entry {
                waiter: Waiter::Redeem { replies, .. },
                ..
            }) => replies.push(reply),
            _ => {
                let _ = reply.send(Err(ActorError::Unavailable(String::from(
                    "idempotent request in an unknown state; retry",
                ))));
            }
        }
    }

    async fn on_void(
        &mut self,
        redemption_id: String,
        reason: Option<String>,
        idem: Option<IdemSpec>,
        mode: VoidMode,
        reply: Reply<Redemption>,
    ) {
        if self.state.pending_voids.contains(&redemption_id) {
            let waiting = self
                .pending
                .iter_mut()
                .chain(self.inflight.iter_mut())
                .find_map(|entry| match &mut entry.waiter {
                    Waiter::Void {
                        replies,
                        redemption,
                    } if redemption.id == redemption_id => Some(replies),
                    _ => None,
                });
            if let Some(replies) = waiting {
                replies.push(reply);
                return;
            }
        }
        let record = match self.own_redemption(&redemption_id).await {
            Ok(record) => record,
            Err(err) => {
                let _ = reply.send(Err(err));
                return;
            }
        };
        let now = self.shards.clock.now();
        let nothing_to_do = match mode {
            VoidMode::Void => !record.holds_use(),
            VoidMode::Release if record.status == RedemptionStatus::Success => {
                let _ = reply.send(Err(ActorError::refused(
                    ErrorCode::RedemptionNotPending,
                    "a confirmed redemption is voided, not released",
                )));
                return;
            }
            VoidMode::Release => !record.holds_use(),
            VoidMode::Expire => {
                record.status != RedemptionStatus::Pending
                    || record.expires_at.is_none_or(|e| now < e)
            }
        };
        if nothing_to_do {
            // Already voided, released or expired: a second one releases nothing.
            let _ = reply.send(Ok(record));
            return;
        }
        if let Err(err) = self.ensure_customer(record.user_id.as_deref()).await {
            let _ = reply.send(Err(err.into()));
            return;
        }
        let mut missing: Vec<String> = record
            .counters
            .iter()
            .filter(|name| self.state.needs_counter(name))
            .cloned()
            .collect();
        if let Err(err) = self.load_counters(&mut missing).await {
            let _ = reply.send(Err(err.into()));
            return;
        }
        if let Err(err) = self.state.count(&record, -1) {
            let _ = reply.send(Err(err));
            return;
        }
        self.state.pending_voids.insert(record.id.clone());
        let releases = record
            .campaign_id
            .as_ref()
            .filter(|c| self.owner.campaign_id.as_ref() == Some(*c))
            .map(|_| quota_of(&record));
        let delta_balance = gift_card_delta(&self.state.projected, &record, 1);
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::Void {
                redemption_id: record.id.clone(),
                reason,
                at: now,
                idem,
                mode,
            },
            waiter: Waiter::Void {
                replies: vec![reply],
                redemption: Box::new(record),
            },
            delta_uses: -1,
            delta_balance,
            lease_quota: releases,
        });
    }

    async fn ensure_customer(
        &mut self,
        user: Option<&str>,
    ) -> Result<(), stampede_storage::StorageError> {
        let Some(user) = user else { return Ok(()) };
        if !self.state.needs_customer(user) {
            return Ok(());
        }
        let users = [user.to_owned()];
        let counts = load::customer_counts(
            &self.shards.store,
            &self.owner.tenant,
            &self.owner.coupon_id,
            &users,
        )
        .await?;
        self.state.customer_committed.extend(counts);
        Ok(())
    }

    fn on_update(&mut self, update: CouponUpdate, reply: Reply<Coupon>) {
        let now = self.shards.clock.now();
        let current = &self.state.projected;
        if let Some(version) = update.patch.version {
            if version != current.version {
                let _ = reply.send(Err(ActorError::VersionConflict {
                    current: current.version,
                }));
                return;
            }
        } else if update.kind == UpdateKind::Patch {
            let _ = reply.send(Err(ActorError::Invalid {
                field: "version",
                message: String::from("the current version is required"),
            }));
            return;
        }
        if current.kind == CouponType::Promotion {
            let _ = reply.send(Err(ActorError::Invalid {
                field: "type",
                message: String::from(
                    "a promotion's code changes with its promotion (/campaigns/{id}/promotions)",
                ),
            }));
            return;
        }
        if current.parent_id.is_some()
            && update.kind == UpdateKind::Patch
            && update.patch.changes_terms()
        {
            let _ = reply.send(Err(ActorError::Invalid {
                field: "parent_id",
                message: String::from(
                    "a code follows its coupon: change the coupon, or this code's status",
                ),
            }));
            return;
        }
        let mut next = current.clone();
        match update.kind {
            UpdateKind::Patch => update.patch.apply_to(&mut next),
            UpdateKind::Revoke => next.status = stampede_protocol::CouponStatus::Revoked,
            UpdateKind::SoftDelete => next.deleted_at = Some(now),
            UpdateKind::HardDelete => self.deleting = true,
        }
        if let Some((field, message)) = definition_problem(&next) {
            self.deleting = false;
            let _ = reply.send(Err(ActorError::Invalid { field, message }));
            return;
        }
        let rules_changed = next.rule_ids != self.state.projected.rule_ids;
        if next.campaign_id != self.state.projected.campaign_id || rules_changed {
            // The lease and limits belong to the old campaign (or the rules were
            // loaded for the old list): finish what was decided, then hand over to
            // a fresh activation that loads the new ones.
            self.restart = true;
        }
        next.version += 1;
        next.updated_at = now;
        self.state.projected = next.clone();
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::Update {
                kind: update.kind,
                definition: Box::new(next.clone()),
                idem: update.idem,
            },
            waiter: Waiter::Update {
                reply,
                definition: Box::new(next),
            },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
        });
    }

    /// Asserts the projection's and the lease's invariants (debug builds only:
    /// the sum over the queue costs a pass per step).
    fn check_invariants(&self) {
        if !cfg!(debug_assertions) {
            return;
        }
        let mut undurable = Undurable::default();
        for entry in self.inflight.iter().chain(self.pending.iter()) {
            undurable.uses += entry.delta_uses;
            undurable.balance += entry.delta_balance;
            undurable.definition |= matches!(entry.waiter, Waiter::Update { .. });
        }
        let checked = self.state.check_invariants(undurable);
        debug_assert!(
            checked.is_ok(),
            "{}/{}: {checked:?}",
            self.key.tenant,
            self.key.code
        );
        let lease = self.lease.as_ref().map_or(Ok(()), Lease::check_invariants);
        debug_assert!(
            lease.is_ok(),
            "{}/{}: {lease:?}",
            self.key.tenant,
            self.key.code
        );
    }

    fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    // ---- settling -------------------------------------------------------------

    /// Handles a finished commit. `Some(stop)` ends the actor.
    async fn on_commit(&mut self, result: Result<Committed, CommitError>) -> Option<Stop> {
        match result {
            Ok(committed) => {
                metrics::counter!(telemetry::COMMITS_TOTAL, "result" => "ok").increment(1);
                #[cfg(feature = "fault-injection")]
                self.shards.injected_commit_fault();
                let lease_refused = committed.outcomes.iter().any(|o| {
                    matches!(
                        o,
                        OpOutcome::Refused(
                            ErrorCode::CampaignLimitReached | ErrorCode::CampaignInactive
                        )
                    )
                });
                let stop = self.settle(committed);
                if stop.is_some() {
                    return stop;
                }
                if let Some(why) = self.state.diverged().map(str::to_owned) {
                    // The settled replies stand (their commit is durable); what is
                    // still undecided is retried against a fresh read.
                    tracing::error!(tenant = %self.owner.tenant, code = %self.owner.code, %why, "projection diverged from storage; reloading");
                    self.fail_all(&format!("projection diverged from storage ({why}); retry"));
                    return self.reload().await;
                }
                if lease_refused {
                    if let Err(err) = self.resync_lease().await {
                        tracing::warn!(error = %err, "lease resync failed; reloading");
                        // The reload forgets pending decisions' deltas: answer them first.
                        self.fail_all("lease resync failed; retry");
                        return self.reload().await;
                    }
                }
                None
            }
            Err(CommitError::Fenced) => {
                metrics::counter!(telemetry::COMMITS_TOTAL, "result" => "fenced").increment(1);
                self.fail_all("ownership moved to another activation; retry");
                Some(Stop::Failed(String::from("fenced")))
            }
            Err(CommitError::Stale) => {
                metrics::counter!(telemetry::COMMITS_TOTAL, "result" => "stale").increment(1);
                self.fail_all("the promotion changed; retry");
                self.reload().await
            }
            Err(CommitError::Vanished) => {
                self.fail_all("coupon vanished");
                Some(Stop::Deleted)
            }
            Err(CommitError::Storage(err)) => {
                metrics::counter!(telemetry::COMMITS_TOTAL, "result" => "failed").increment(1);
                tracing::warn!(tenant = %self.owner.tenant, code = %self.owner.code, error = %err, "commit failed; reloading");
                self.fail_all(&format!("commit failed: {err}"));
                self.reload().await
            }
        }
    }

    fn settle(&mut self, committed: Committed) -> Option<Stop> {
        let entries = mem::take(&mut self.inflight);
        debug_assert_eq!(entries.len(), committed.outcomes.len());
        let final_coupon = committed.coupon.clone();
        for (entry, outcome) in entries.into_iter().zip(committed.outcomes) {
            self.settle_entry(entry, outcome, final_coupon.as_ref());
        }
        let Some(coupon) = committed.coupon else {
            self.fail_all("coupon deleted");
            return Some(Stop::Deleted);
        };
        let (uses, balance) = self
            .pending
            .iter()
            .fold((0i64, Decimal::ZERO), |(u, b), e| {
                (u + e.delta_uses, b + e.delta_balance)
            });
        let definition = self.pending.iter().rev().find_map(|e| match &e.waiter {
            Waiter::Update { definition, .. } => Some((**definition).clone()),
            _ => None,
        });
        self.state
            .rebase(coupon, definition.as_ref(), uses, balance);
        None
    }

    fn settle_entry(&mut self, entry: Entry, outcome: OpOutcome, coupon: Option<&Coupon>) {
        let lease_quota = entry.lease_quota;
        match entry.waiter {
            Waiter::Redeem {
                replies,
                redemption,
                idem,
            } => {
                if !matches!(outcome, OpOutcome::Redeemed(_)) {
                    self.lease_free_add(lease_quota.as_ref());
                }
                self.settle_redeem(replies, &redemption, idem, outcome)
            }
            Waiter::Void {
                replies,
                redemption,
            } => {
                self.state.pending_voids.remove(&redemption.id);
                let answer = match outcome {
                    OpOutcome::Voided(voided) => {
                        self.state.settle(&redemption, -1, true);
                        self.lease_free_add(lease_quota.as_ref());
                        Ok(voided)
                    }
                    OpOutcome::AlreadyVoided(current) => {
                        self.state.settle(&redemption, -1, false);
                        Ok(current)
                    }
                    OpOutcome::Duplicate(record) => {
                        self.state.settle(&redemption, -1, false);
                        serde_json::from_value(record.body)
                            .map_err(|_| ActorError::IdempotencyKeyReused)
                    }
                    refused @ (OpOutcome::Refused(_) | OpOutcome::Inconsistent(_)) => {
                        self.state.settle(&redemption, -1, false);
                        Err(commit_refusal(refused))
                    }
                    _ => {
                        self.state.settle(&redemption, -1, false);
                        Err(ActorError::RedemptionNotFound)
                    }
                };
                for reply in replies {
                    let _ = reply.send(answer.clone());
                }
            }
            Waiter::Update { reply, definition } => {
                let answer = match (outcome, coupon) {
                    (OpOutcome::Duplicate(record), _) => {
                        Ok(serde_json::from_value(record.body).unwrap_or(*definition))
                    }
                    (_, Some(coupon)) => Ok(coupon.clone()),
                    (_, None) => Ok(*definition),
                };
                let _ = reply.send(answer);
            }
            Waiter::Refusal { reply, error } => {
                record_outcome(&error);
                let _ = reply.send(Err(error));
            }
            Waiter::Limits { reply, set } => {
                let _ = reply.send(Ok(set.map(|s| *s)));
            }
            Waiter::Confirm { replies } => {
                let answer = match outcome {
                    OpOutcome::Confirmed(record) | OpOutcome::AlreadyConfirmed(record) => {
                        Ok(record)
                    }
                    OpOutcome::Refused(ErrorCode::ReservationExpired) => Err(reservation_expired()),
                    OpOutcome::Refused(code) => {
                        Err(ActorError::refused(code, "the reservation was released"))
                    }
                    OpOutcome::Duplicate(record) => serde_json::from_value(record.body)
                        .map_err(|_| ActorError::IdempotencyKeyReused),
                    _ => Err(ActorError::RedemptionNotFound),
                };
                for reply in replies {
                    let _ = reply.send(answer.clone());
                }
            }
        }
    }

    fn settle_redeem(
        &mut self,
        replies: Vec<Reply<Redemption>>,
        redemption: &Redemption,
        idem: Option<IdemSpec>,
        outcome: OpOutcome,
    ) {
        let answer = match outcome {
            OpOutcome::Redeemed(stored) => {
                self.state.settle(redemption, 1, true);
                if let Some(idem) = &idem {
                    self.state.remember_done(idem, &stored);
                }
                Ok(stored)
            }
            OpOutcome::Duplicate(record) => {
                self.state.settle(redemption, 1, false);
                let same = idem
                    .as_ref()
                    .is_some_and(|i| i.fingerprint == record.fingerprint);
                match serde_json::from_value::<Redemption>(record.body) {
                    Ok(stored) if same => {
                        if let Some(idem) = &idem {
                            self.state.remember_done(idem, &stored);
                        }
                        Ok(stored)
                    }
                    _ => {
                        if let Some(idem) = &idem {
                            self.state.forget_idem(idem);
                        }
                        Err(ActorError::IdempotencyKeyReused)
                    }
                }
            }
            other => {
                self.state.settle(redemption, 1, false);
                if let Some(idem) = &idem {
                    self.state.forget_idem(idem);
                }
                Err(commit_refusal(other))
            }
        };
        match &answer {
            Ok(_) => {
                metrics::counter!(telemetry::REDEMPTIONS_TOTAL, "outcome" => "success").increment(1)
            }
            Err(err) => record_outcome(err),
        }
        for reply in replies {
            let _ = reply.send(answer.clone());
        }
    }

    // ---- campaign lease ---------------------------------------------------------

    /// Answers every undurable decision with a retryable error.
    fn fail_all(&mut self, why: &str) {
        let entries: Vec<Entry> = self
            .inflight
            .drain(..)
            .chain(self.pending.drain(..))
            .collect();
        if self.acquiring.is_none() {
            for parked in self.parked.drain(..) {
                let _ = parked
                    .reply
                    .send(Err(ActorError::Unavailable(why.to_owned())));
            }
        }
        for entry in entries {
            let err = ActorError::Unavailable(why.to_owned());
            match entry.waiter {
                Waiter::Redeem { replies, .. }
                | Waiter::Void { replies, .. }
                | Waiter::Confirm { replies } => {
                    for reply in replies {
                        let _ = reply.send(Err(err.clone()));
                    }
                }
                Waiter::Update { reply, .. } => {
                    let _ = reply.send(Err(err));
                }
                Waiter::Limits { reply, .. } => {
                    let _ = reply.send(Err(err));
                }
                Waiter::Refusal { reply, .. } => {
                    let _ = reply.send(Err(err));
                }
            }
        }
    }

    /// Re-reads the coupon (and re-fences) after a failed commit.
    async fn reload(&mut self) -> Option<Stop> {
        match load::activate(&self.shards.store, &self.key.tenant, &self.key.code).await {
            Ok(Some(mut activation)) => {
                let mut owner = (*self.owner).clone();
                owner.epoch = activation.epoch;
                match activate_extras(&self.shards, &self.key.tenant, &activation.coupon).await {
                    Ok((lease, limits)) => {
                        if let Some(terms) = &limits.conditions.promotion {
                            terms.apply_limits(&mut activation.coupon);
                        }
                        if let Some(parent) =
                            limits.parent.as_ref().and_then(|p| p.terms.as_deref())
                        {
                            activation.coupon.follow(parent);
                        }
                        owner.promotion_version = limits.conditions.promotion_version();
                        owner.parent_version = limits.parent.as_ref().and_then(|p| p.version);
                        self.owner = Arc::new(owner);
                        self.lease = lease;
                        self.discard_next_grant = self.acquiring.is_some();
                        self.limits = limits;
                    }
                    Err(err) => return Some(Stop::Failed(err.to_string())),
                }
                self.state = Projection::new(activation.coupon);
                self.deleting = false;
                None
            }
            Ok(None) => Some(Stop::Deleted),
            Err(err) => Some(Stop::Failed(err.to_string())),
        }
    }
}

/// What an activation loads besides the coupon: its campaign lease and limits.
async fn activate_extras(
    shards: &Inner,
    tenant: &str,
    coupon: &Coupon,
) -> Result<(Option<Lease>, load::Limits), stampede_storage::StorageError> {
    let lease = lease::load(&shards.store, tenant, coupon).await?;
    let limits = load::limits(&shards.store, tenant, coupon).await?;
    Ok((lease, limits))
}

/// A gift card's balance change for counting (`sign = -1`) or releasing (`1`).
fn gift_card_delta(coupon: &Coupon, redemption: &Redemption, sign: i64) -> Decimal {
    if coupon.kind == CouponType::GiftCard {
        redemption.discount_amount * Decimal::from(sign)
    } else {
        Decimal::ZERO
    }
}

/// The answer to an op its commit did not apply.
fn commit_refusal(outcome: OpOutcome) -> ActorError {
    match outcome {
        OpOutcome::Refused(code) => ActorError::refused(code, "refused when committing"),
        OpOutcome::Inconsistent(detail) => {
            tracing::error!(%detail, "stored data contradicts an op; that op is refused");
            ActorError::refused(ErrorCode::Internal, detail)
        }
        _ => ActorError::refused(ErrorCode::Unavailable, "refused when committing"),
    }
}

fn record_outcome(err: &ActorError) {
    let outcome = match err {
        ActorError::Refused { code, .. } => code.as_str(),
        ActorError::Unavailable(_) => "unavailable",
        ActorError::Overloaded => "overloaded",
        _ => "error",
    };
    metrics::counter!(telemetry::REDEMPTIONS_TOTAL, "outcome" => outcome).increment(1);
}

/// Validates a definition after a change, with the engine's checks plus the
/// actor's own: `max_uses` may not drop below what is already counted.
fn definition_problem(coupon: &Coupon) -> Option<(&'static str, String)> {
    if let Some(problem) = engine::check_definition(coupon).into_iter().next() {
        return Some(problem);
    }
    match coupon.max_uses {
        Some(max) if max < coupon.uses_count => Some((
            "max_uses",
            format!("must be at least uses_count ({})", coupon.uses_count),
        )),
        _ => None,
    }
}
