//! The coupon actor: what it does with each message its `ractor` actor
//! (`crate::registry`) hands it — a chunk of commands from the mailbox, a
//! commit's result, a lease answer — and what it starts after each.
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
//! reloads from storage: a failure never turns into a success reply. The
//! commit runs as its own task and comes back as [`CouponEvent::Committed`], so
//! the actor keeps deciding while it is in flight.

use std::collections::VecDeque;
use std::mem;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use futures::FutureExt;
use rust_decimal::Decimal;
use stampede_protocol::campaign::{GateState, Quota};
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::trace_context::TraceContext;
use stampede_protocol::{Context, Coupon, CouponType, ErrorCode, Redemption};

use crate::campaign::LeaseReturn;
use crate::command::{CouponCommand, RedeemRequest, Reply};
use crate::coupon::commit::{BatchTime, CommitError, Committed, Op, OpOutcome, Owner, Part};
use crate::coupon::lease::{self, Lease, LeaseAnswer};
use crate::coupon::load;
use crate::coupon::state::{refusal_error, Projection, Undurable};
use crate::coupon::tally::Tally;
use crate::coupon::MAX_BATCH_DECISIONS;
use crate::engine::Evaluation;
use crate::error::ActorError;
use crate::limits;
use crate::records::idempotency;
use crate::registry::Me;
use crate::shards::{ActorKey, Inner};
use crate::telemetry;
use tracing::Instrument;

mod lease_flow;
mod limit_flow;
mod refresh_flow;
mod verdict;

use limit_flow::add_limit_reasons;

/// Who is waiting for a pending decision, and what it changes in the projection.
pub(in crate::coupon) enum Waiter {
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
pub(in crate::coupon) struct Entry {
    pub(in crate::coupon) seq: u64,
    pub(in crate::coupon) op: Op,
    pub(in crate::coupon) waiter: Waiter,
    /// Change to `uses_count` this decision makes.
    pub(in crate::coupon) delta_uses: i64,
    /// Change to a gift card's balance.
    pub(in crate::coupon) delta_balance: Decimal,
    /// Campaign quota the decision holds (a redemption: given back to the lease
    /// if its commit refuses it) or releases (a void: once its commit applies).
    pub(in crate::coupon) lease_quota: Option<Quota>,
    /// The trace of the decision (its span's, when traces are on): the
    /// commit's span links it.
    pub(in crate::coupon) trace: Option<TraceContext>,
}

/// A redemption waiting for campaign quota.
pub(in crate::coupon) struct Parked {
    pub(in crate::coupon) request: Box<RedeemRequest>,
    pub(in crate::coupon) reply: Reply<Redemption>,
    pub(in crate::coupon) need: Quota,
}

/// What a coupon actor sends itself.
pub(crate) enum CouponEvent {
    /// The commit in flight finished.
    Committed(Box<Result<Committed, CommitError>>),
    /// The campaign answered the acquire in flight.
    Lease(LeaseAnswer),
}

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
    pub(in crate::coupon) shards: Arc<Inner>,
    pub(in crate::coupon) key: ActorKey,
    pub(in crate::coupon) owner: Arc<Owner>,
    pub(in crate::coupon) state: Projection,
    pub(in crate::coupon) pending: VecDeque<Entry>,
    pub(in crate::coupon) inflight: Vec<Entry>,
    pub(in crate::coupon) next_seq: u64,
    /// A hard delete is pending: refuse everything after it.
    pub(in crate::coupon) deleting: bool,
    /// The campaign lease, for a coupon of a campaign.
    pub(in crate::coupon) lease: Option<Lease>,
    /// Redemptions waiting for quota, oldest first.
    pub(in crate::coupon) parked: VecDeque<Parked>,
    /// How many of `parked` (from the front) the acquire in flight asks for.
    pub(in crate::coupon) acquiring: Option<usize>,
    /// This actor, for the commit and lease tasks it starts to answer it.
    pub(in crate::coupon) me: Me<CouponEvent>,
    /// A commit is in flight (at most one).
    pub(in crate::coupon) committing: bool,
    /// When the owner epoch was last found to be this activation's (activation,
    /// commit, check); see [`crate::coupon::FENCE_RECHECK_MS`].
    pub(in crate::coupon) fence_confirmed: tokio::time::Instant,
    /// The coupon's limit set (projected: includes a change not yet committed).
    pub(in crate::coupon) limits: load::Limits,
    /// The coupon moved to another campaign: stop taking messages and passivate
    /// once everything decided is settled.
    pub(in crate::coupon) restart: bool,
    /// The lease was re-read while an acquire was in flight: its answer may be
    /// counted already.
    pub(in crate::coupon) discard_next_grant: bool,
    /// Sequence number of the last lease return this activation made on recall.
    pub(in crate::coupon) recall_seq: u64,
    /// Valid checks of a promotion's code not yet counted in storage; the next
    /// commit adds them (a failed commit drops them: a statistic, not a limit).
    pub(in crate::coupon) validations: u64,
    /// Validations and refusals not yet in the analytics rollups; the next
    /// commit adds them (`coupon/rollup.rs`).
    pub(in crate::coupon) tally: Tally,
    /// The tenant's blacklist as the node's cache last gave it, taken before
    /// each batch that decides (`fraud::blacklist`).
    pub(in crate::coupon) blacklist: Arc<crate::fraud::blacklist::TenantBlacklist>,
}

/// One activation: loads the coupon, its lease and limits, and fences older
/// activations out.
pub(crate) async fn activate(
    shards: &Arc<Inner>,
    key: &ActorKey,
    me: Me<CouponEvent>,
) -> Result<CouponActor, Stop> {
    metrics::counter!(telemetry::ACTIVATIONS_TOTAL).increment(1);
    let mut activation = match shards.commits.claim(&key.tenant, &key.code).await {
        Ok(Some(activation)) => activation,
        Ok(None) => return Err(Stop::Deleted),
        Err(err) => return Err(Stop::Failed(err.to_string())),
    };
    let (lease, limits) = activate_extras(shards, &key.tenant, &activation.coupon)
        .await
        .map_err(|err| Stop::Failed(err.to_string()))?;
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
    Ok(CouponActor {
        shards: shards.clone(),
        key: key.clone(),
        owner: Arc::new(owner),
        state: Projection::new(activation.coupon),
        pending: VecDeque::new(),
        inflight: Vec::new(),
        next_seq: 0,
        deleting: false,
        lease,
        parked: VecDeque::new(),
        acquiring: None,
        me,
        committing: false,
        fence_confirmed: tokio::time::Instant::now(),
        limits,
        restart: false,
        discard_next_grant: false,
        recall_seq: 0,
        validations: 0,
        tally: Tally::default(),
        blacklist: Arc::default(),
    })
}

impl CouponActor {
    /// Handles one of its own events. `Some(stop)` ends the actor.
    pub(in crate::coupon) async fn on_event(&mut self, event: CouponEvent) -> Option<Stop> {
        match event {
            CouponEvent::Committed(result) => {
                self.committing = false;
                self.on_commit(*result).await
            }
            CouponEvent::Lease(answer) => {
                // One acquire is in flight at a time; its answer finds it here.
                if self.acquiring.is_some() {
                    self.on_lease_answer(answer);
                }
                None
            }
        }
    }

    /// After every message: starts a commit when decisions wait for one and
    /// none is in flight, and says whether the actor stops.
    pub(in crate::coupon) fn after(&mut self, closed: bool) -> Option<Stop> {
        self.check_invariants();
        let tallied = self.validations > 0 || !self.tally.is_empty();
        if !self.committing && (!self.pending.is_empty() || tallied) {
            self.start_commit();
        }
        let settled = !self.committing && self.pending.is_empty();
        if closed && settled && self.parked.is_empty() {
            return Some(Stop::Passivate);
        }
        if self.deleting && settled {
            return Some(Stop::Deleted);
        }
        if self.restart && settled && self.parked.is_empty() && self.acquiring.is_none() {
            return Some(Stop::Passivate);
        }
        None
    }

    /// How long it may idle before passivating: only with nothing in flight.
    pub(in crate::coupon) fn idle_after(&self, closed: bool) -> Option<std::time::Duration> {
        let quiet = !self.committing && self.pending.is_empty() && self.parked.is_empty();
        (quiet && !closed).then(|| self.idle_passivate())
    }

    /// How long an idle actor lives: `idle_passivate`, or at most
    /// [`CROWDED_IDLE_MS`](super::CROWDED_IDLE_MS) while the node holds more
    /// than [`CROWDED_PERCENT`](super::CROWDED_PERCENT) of its live-actor
    /// bound, so traffic over many codes (each order its own) keeps the
    /// node's memory to the codes in use rather than every code seen in the
    /// last minute (a passivated code reloads from the store on its next use).
    fn idle_passivate(&self) -> std::time::Duration {
        let config = &self.shards.config;
        // Multiplied first, so a node with fewer than 100 live actors is not
        // always crowded; the product fits (`max_live_actors` is bounded).
        let crowded = config
            .max_live_actors
            .checked_mul(super::CROWDED_PERCENT)
            .map_or(usize::MAX, |n| n / 100);
        if self.shards.actors.live() > crowded {
            let short = std::time::Duration::from_millis(super::CROWDED_IDLE_MS);
            config.idle_passivate.min(short)
        } else {
            config.idle_passivate
        }
    }

    /// Starts the next commit; its result comes back as [`CouponEvent::Committed`]
    /// (a commit task that panicked reports a storage error, so the actor never
    /// waits for a result that cannot come).
    fn start_commit(&mut self) {
        let take = self.pending.len().min(MAX_BATCH_DECISIONS);
        debug_assert!(self.inflight.is_empty(), "at most one commit in flight");
        self.inflight.extend(self.pending.drain(..take));
        let ops: Vec<Op> = self
            .inflight
            .iter_mut()
            .map(|entry| mem::replace(&mut entry.op, Op::Nothing))
            .collect();
        metrics::histogram!(telemetry::BATCH_SIZE).record(ops.len() as f64);
        let traces = self.inflight.iter().filter_map(|entry| entry.trace);
        let span = crate::traces::commit_span(ops.len(), traces);
        let commits = self.shards.commits.clone();
        let owner = self.owner.clone();
        let at = BatchTime {
            now: self.shards.clock.now(),
            idem_retention: self.shards.idempotency_retention(),
        };
        let n = self.next_seq();
        let tallies = (
            mem::take(&mut self.validations),
            Arc::new(self.tally.take(self.owner.epoch, n)),
        );
        let me = self.me.clone();
        self.committing = true;
        tokio::spawn(
            async move {
                let started = Instant::now();
                let part = Part {
                    owner,
                    ops: Arc::new(ops),
                    at,
                    tallies,
                };
                let commit = commits.commit(part);
                let result = AssertUnwindSafe(commit)
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| {
                        Err(CommitError::Storage(
                            stampede_storage::StorageError::Backend(String::from(
                                "commit task failed",
                            )),
                        ))
                    });
                metrics::histogram!(telemetry::COMMIT_SECONDS)
                    .record(started.elapsed().as_secs_f64());
                me.send(CouponEvent::Committed(Box::new(result)));
            }
            .instrument(span),
        );
    }

    // ---- deciding -------------------------------------------------------------

    /// Decides a batch. `Some(stop)`: this activation was found fenced.
    pub(in crate::coupon) async fn on_commands(
        &mut self,
        commands: Vec<CouponCommand>,
    ) -> Option<Stop> {
        match self.check_fence(&commands).await {
            Ok(true) => {}
            Ok(false) => {
                metrics::counter!(telemetry::COMMITS_TOTAL, "result" => "fenced").increment(1);
                let why = "ownership moved to another activation; retry";
                for command in commands {
                    command.fail(ActorError::Unavailable(String::from(why)));
                }
                return Some(Stop::Failed(String::from("fenced")));
            }
            Err(err) => {
                for command in commands {
                    command.fail(ActorError::from(err.clone()));
                }
                return None;
            }
        }
        self.decide_batch(commands).await;
        None
    }

    async fn decide_batch(&mut self, commands: Vec<CouponCommand>) {
        let prefetched = match self.prefetch_customers(&commands).await {
            Ok(()) => match self.refresh(&commands).await {
                Ok(()) => match self.refresh_blacklist(&commands).await {
                    Ok(()) => self.prefetch_members(&commands).await,
                    Err(err) => Err(err),
                },
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

    /// Loads stored answers for idempotency keys this activation has not seen
    /// (those the retention outlived are none).
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
        let (now, retention) = (self.shards.clock.now(), self.shards.idempotency_retention());
        let (store, tenant) = (&self.shards.store, &self.owner.tenant);
        let records = idempotency::read_many(store, tenant, &unseen, now, retention).await?;
        for (key, record) in records {
            let (fingerprint, at) = (record.fingerprint.clone(), record.created_at);
            match serde_json::from_value::<Redemption>(record.body) {
                Ok(redemption) => {
                    self.state
                        .remember_done(&IdemSpec { key, fingerprint }, &redemption, at)
                }
                // The key answered something other than a redemption: a reuse.
                Err(_) => self.state.remember_foreign(&key, at),
            }
        }
        Ok(())
    }

    /// Hands one command to its operation's decision (`coupon/ops/*`).
    async fn on_command(&mut self, command: CouponCommand) {
        if self.deleting {
            command.fail(ActorError::CouponNotFound);
            return;
        }
        match command {
            CouponCommand::Get { reply } => self.on_get(reply),
            CouponCommand::Validate {
                context,
                entered_code,
                trace,
                reply,
            } => self.on_validate(&context, entered_code.as_deref(), trace, reply),
            CouponCommand::Redeem { request, reply } => self.on_redeem(request, reply),
            CouponCommand::Void {
                redemption_id,
                reason,
                idem,
                mode,
                provenance,
                reply,
            } => {
                let request = crate::command::VoidRequest {
                    redemption_id,
                    reason,
                    idem,
                    mode,
                    provenance,
                };
                self.on_void(request, reply).await;
            }
            CouponCommand::Confirm {
                redemption_id,
                idem,
                provenance,
                reply,
            } => {
                self.on_confirm(redemption_id, idem, provenance, reply)
                    .await
            }
            CouponCommand::Update { update, reply } => self.on_update(*update, reply),
            CouponCommand::SetLimits {
                set,
                consumers,
                expected_version,
                provenance,
                reply,
            } => self.on_set_limits(set, consumers, expected_version, provenance, reply),
            CouponCommand::Recall {
                campaign_id,
                waiting,
                reply,
            } => self.on_recall(&campaign_id, waiting, reply).await,
        }
    }

    /// Answers a refused redemption now when nothing is pending, else after the
    /// pending decisions it was decided against are durable.
    pub(in crate::coupon) fn refuse(
        &mut self,
        evaluation: &Evaluation,
        context: &Context,
        reply: Reply<Redemption>,
    ) {
        let error = refusal_error(evaluation);
        let currency = evaluation
            .currency
            .as_deref()
            .or(context.currency.as_deref());
        self.tally_refusal(context.channel.as_deref(), currency, &error);
        self.refuse_with(error, reply);
    }

    /// Counts a refused redemption attempt in the analytics tally
    /// (`coupon/rollup.rs`); errors that are not refusals are not counted.
    pub(in crate::coupon) fn tally_refusal(
        &mut self,
        channel: Option<&str>,
        currency: Option<&str>,
        error: &ActorError,
    ) {
        if let ActorError::Refused { code, .. } = error {
            let now = self.shards.clock.now();
            self.tally.refusal(now, channel, currency, *code);
        }
    }

    pub(in crate::coupon) fn refuse_with(&mut self, error: ActorError, reply: Reply<Redemption>) {
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
            trace: None,
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

    pub(in crate::coupon) fn next_seq(&mut self) -> u64 {
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
                self.fail_all_with(|| ActorError::Stale);
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
        self.fence_confirmed = tokio::time::Instant::now();
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

    /// Hands a settled decision to its operation's settle step.
    fn settle_entry(&mut self, entry: Entry, outcome: OpOutcome, coupon: Option<&Coupon>) {
        let lease_quota = entry.lease_quota;
        match entry.waiter {
            Waiter::Redeem {
                replies,
                redemption,
                idem,
            } => self.settle_redeem(replies, &redemption, idem, lease_quota, outcome),
            Waiter::Void {
                replies,
                redemption,
            } => self.settle_void(replies, &redemption, lease_quota, outcome),
            Waiter::Update { reply, definition } => {
                self.settle_update(reply, *definition, outcome, coupon)
            }
            Waiter::Confirm { replies } => self.settle_confirm(replies, outcome),
            Waiter::Limits { reply, set } => {
                let _ = reply.send(Ok(set.map(|s| *s)));
            }
            Waiter::Refusal { reply, error } => {
                record_outcome(&error);
                let _ = reply.send(Err(error));
            }
        }
    }

    /// Reads a committed redemption of this coupon.
    pub(in crate::coupon) async fn own_redemption(
        &self,
        redemption_id: &str,
    ) -> Result<Redemption, ActorError> {
        match load::redemption(&self.shards.store, &self.owner.tenant, redemption_id).await {
            Ok(Some(record)) if record.coupon_id == self.owner.coupon_id => Ok(record),
            Ok(_) => Err(ActorError::RedemptionNotFound),
            Err(err) => Err(err.into()),
        }
    }

    // ---- campaign lease ---------------------------------------------------------

    /// Answers every undurable decision with a retryable error.
    fn fail_all(&mut self, why: &str) {
        self.fail_all_with(|| ActorError::Unavailable(why.to_owned()));
    }

    /// Answers every decision not yet settled, and every parked request,
    /// with `error()`.
    fn fail_all_with(&mut self, error: impl Fn() -> ActorError) {
        let entries: Vec<Entry> = self
            .inflight
            .drain(..)
            .chain(self.pending.drain(..))
            .collect();
        if self.acquiring.is_none() {
            for parked in self.parked.drain(..) {
                let _ = parked.reply.send(Err(error()));
            }
        }
        for entry in entries {
            let err = error();
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
        match self
            .shards
            .commits
            .claim(&self.key.tenant, &self.key.code)
            .await
        {
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
pub(in crate::coupon) fn gift_card_delta(
    coupon: &Coupon,
    redemption: &Redemption,
    sign: i64,
) -> Decimal {
    if coupon.kind == CouponType::GiftCard {
        redemption.discount_amount * Decimal::from(sign)
    } else {
        Decimal::ZERO
    }
}

/// The answer to an op its commit did not apply.
pub(in crate::coupon) fn commit_refusal(outcome: OpOutcome) -> ActorError {
    match outcome {
        OpOutcome::Refused(code) => ActorError::refused(code, "refused when committing"),
        OpOutcome::Inconsistent(detail) => {
            tracing::error!(%detail, "stored data contradicts an op; that op is refused");
            ActorError::refused(ErrorCode::Internal, detail)
        }
        _ => ActorError::refused(ErrorCode::Unavailable, "refused when committing"),
    }
}

pub(in crate::coupon) fn record_outcome(err: &ActorError) {
    let outcome = match err {
        ActorError::Refused { code, .. } => code.as_str(),
        ActorError::Unavailable(_) => "unavailable",
        ActorError::Overloaded => "overloaded",
        _ => "error",
    };
    metrics::counter!(telemetry::REDEMPTIONS_TOTAL, "outcome" => outcome).increment(1);
}
