//! The batch transaction: every decision an actor made since its last commit,
//! written atomically in one storage transaction.
//!
//! The transaction is the last line of defence, so it re-checks what it can cheaply:
//! the owner epoch (fence), that a redemption is not already present (a retry after
//! an unknown commit result), that an idempotency key is not already taken (a retry
//! that reached a different activation), and that `max_uses` and a gift card's
//! balance still hold. A decision that fails a re-check is not applied.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_protocol::{Coupon, ErrorCode, Redemption};
use stampede_storage::{keys, run, RetryPolicy, SharedStore, StorageError, Transaction};

use stampede_protocol::campaign::{GateState, LeaseGrant, LeaseSpend, Quota};
use stampede_protocol::limit_set::LimitSet;

use crate::command::{UpdateKind, VoidMode};
use crate::coupon::conditions;
use crate::coupon::lease::{LeaseTx, LeaseUse};
use crate::coupon::load::{claim, read_epoch, Activation};
use crate::coupon::tally::{self, Tally};
use crate::promo::units::{exponent, to_units};
use crate::records::{decode, encode, events, idempotency, promotion_usage};

/// One decision to write.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Redeem {
        redemption: Box<Redemption>,
        idem: Option<IdemSpec>,
        /// Campaign quota the redemption spends from the lease.
        lease: Option<LeaseUse>,
        provenance: Box<Provenance>,
    },
    Void {
        redemption_id: String,
        reason: Option<String>,
        at: DateTime<Utc>,
        idem: Option<IdemSpec>,
        mode: VoidMode,
        provenance: Box<Provenance>,
    },
    Confirm {
        redemption_id: String,
        at: DateTime<Utc>,
        idem: Option<IdemSpec>,
        provenance: Box<Provenance>,
    },
    Update {
        kind: UpdateKind,
        /// The new definition; its counters are ignored (storage's are kept).
        definition: Box<Coupon>,
        idem: Option<IdemSpec>,
        provenance: Box<Provenance>,
    },
    /// Writes (or, `None`, clears) the coupon's limit set.
    SetLimits {
        set: Option<Box<LimitSet>>,
        consumers: Option<Vec<String>>,
        provenance: Box<Provenance>,
    },
    /// A refusal that waited for earlier decisions; writes nothing.
    Nothing,
}

/// What became of one op.
#[derive(Debug, Clone)]
pub(crate) enum OpOutcome {
    /// Written (or found written by an earlier attempt of this same batch).
    Redeemed(Redemption),
    Voided(Redemption),
    /// The redemption no longer held a use (or, for an expiry, had not lapsed):
    /// nothing was released.
    AlreadyVoided(Redemption),
    /// A reservation became `success`.
    Confirmed(Redemption),
    /// The redemption was already `success`: nothing changed.
    AlreadyConfirmed(Redemption),
    RedemptionMissing,
    Updated,
    /// The idempotency key was already used: here is the stored response.
    Duplicate(IdemRecord),
    /// A re-check in the transaction refused it.
    Refused(ErrorCode),
    /// Stored data contradicts the op (a count that does not count what it
    /// should): this op is refused and written nothing; the rest of the batch
    /// commits. Never retried into a panic.
    Inconsistent(String),
    Nothing,
}

/// Result of a committed batch.
#[derive(Debug)]
pub(crate) struct Committed {
    /// The coupon as now stored; `None` after a hard delete.
    pub coupon: Option<Coupon>,
    pub outcomes: Vec<OpOutcome>,
}

/// Why a batch did not commit.
#[derive(Debug)]
pub(crate) enum CommitError {
    /// A newer activation owns the coupon.
    Fenced,
    /// The coupon record is gone.
    Vanished,
    /// The promotion behind the code changed since the actor loaded it: its
    /// decisions were made on an older definition and are not written.
    Stale,
    Storage(StorageError),
}

/// Identity of the committing actor.
#[derive(Debug, Clone)]
pub(crate) struct Owner {
    pub tenant: String,
    pub code: String,
    pub coupon_id: String,
    pub epoch: u64,
    /// The campaign whose lease this coupon spends, if any.
    pub campaign_id: Option<String>,
    /// For a promotion's code: the promotion version decisions were made on.
    pub promotion_version: Option<u64>,
    /// For a code of a coupon: the parent's version its terms were taken at.
    pub parent_version: Option<u64>,
}

/// When a batch commits, and how long the idempotency records it reads and
/// writes answer for their keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchTime {
    pub now: DateTime<Utc>,
    /// A stored response older than this at `now` is no answer: its key is free.
    pub idem_retention: TimeDelta,
}

/// One actor's batch: every decision it made since its last commit.
/// `tallies`: valid checks of a promotion's code since the last commit (added
/// to its `validations` statistic) and the analytics tally of validations
/// and refusals.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub owner: Arc<Owner>,
    pub ops: Arc<Vec<Op>>,
    pub at: BatchTime,
    pub tallies: (u64, Arc<Tally>),
}

/// What the commit queue writes: an actor's batch, or an activation's claim
/// of a code (its next owner epoch).
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Commit(Part),
    Claim { tenant: String, code: String },
}

impl Job {
    /// Decisions the job carries (a claim counts as one).
    pub fn size(&self) -> usize {
        match self {
            Job::Commit(part) => part.ops.len(),
            Job::Claim { .. } => 1,
        }
    }
}

/// What became of a job.
pub(crate) enum Done {
    Commit(Result<Committed, CommitError>),
    Claim(Result<Option<Activation>, StorageError>),
}

/// Writes several actors' jobs in one transaction (retried on conflicts and
/// unknown results), each with its own outcome: a batch that is fenced,
/// vanished or stale writes nothing and fails alone, the others commit. When
/// the shared transaction fails, no job is answered from it: each is written
/// again alone, so one job's failure (a value too large, say) is only its
/// own. A job whose shared commit's result was unknown is safe to write
/// again: a batch finds its own writes (`unknown_result_applied_exactly_once`),
/// and a claim that took an epoch twice only fences its own first claim.
pub(crate) async fn commit_jobs(store: &SharedStore, jobs: Arc<Vec<Job>>) -> Vec<Done> {
    if cfg!(feature = "sabotage-shared-unknown-acks") && jobs.len() > 1 {
        if let Some(outcomes) = sabotage_shared_once(store, &jobs).await {
            return outcomes;
        }
    }
    if jobs.len() > 1 {
        let shared = jobs.clone();
        let merged = run(store.as_ref(), RetryPolicy::default(), move |tx| {
            let jobs = shared.clone();
            Box::pin(async move { write_jobs(tx, &jobs).await })
        })
        .await;
        match merged {
            Ok(outcomes) => return outcomes,
            Err(err) => {
                tracing::warn!(error = %err, jobs = jobs.len(),
                    "a shared commit failed; writing its jobs one by one");
            }
        }
    }
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs.iter() {
        outcomes.push(match job {
            Job::Commit(part) => Done::Commit(commit_one(store, part.clone()).await),
            Job::Claim { tenant, code } => Done::Claim(claim_one(store, tenant, code).await),
        });
    }
    outcomes
}

/// The `sabotage-shared-unknown-acks` build: a deliberately broken node
/// that tries a shared transaction once and answers every job from it when
/// its commit's result is unknown, as if it had committed. The simulation
/// (`sim-tests`, several codes under faults) must catch it: an acknowledged
/// redemption that is not stored.
async fn sabotage_shared_once(store: &SharedStore, jobs: &[Job]) -> Option<Vec<Done>> {
    let mut tx = store.begin().await.ok()?;
    let outcomes = write_jobs(tx.as_mut(), jobs).await.ok()?;
    match tx.commit().await {
        Ok(()) | Err(StorageError::CommitUnknownResult) => Some(outcomes),
        Err(_) => None,
    }
}

/// Claims a code in a transaction of its own.
async fn claim_one(
    store: &SharedStore,
    tenant: &str,
    code: &str,
) -> Result<Option<Activation>, StorageError> {
    let (tenant, code) = (tenant.to_owned(), code.to_owned());
    run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let (tenant, code) = (tenant.clone(), code.clone());
        Box::pin(async move { claim(tx, &tenant, &code).await })
    })
    .await
}

/// Commits one actor's batch in a transaction of its own.
async fn commit_one(store: &SharedStore, part: Part) -> Result<Committed, CommitError> {
    let result = run(store.as_ref(), RetryPolicy::default(), move |tx| {
        let part = part.clone();
        Box::pin(async move {
            let mut events = 0;
            let Part {
                owner,
                ops,
                at,
                tallies,
            } = &part;
            write_batch(tx, owner, ops, *at, tallies.clone(), &mut events).await
        })
    })
    .await;
    match result {
        Ok(Ok(committed)) => Ok(committed),
        Ok(Err(err)) => Err(err),
        Err(err) => Err(CommitError::Storage(err)),
    }
}

/// Every job's writes, one after another, in one transaction. The journal
/// numbers its events across the batches, so two batches of one tenant never
/// write the same versionstamped key.
async fn write_jobs(tx: &mut dyn Transaction, jobs: &[Job]) -> Result<Vec<Done>, StorageError> {
    let mut events = 0;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        outcomes.push(match job {
            Job::Commit(part) => Done::Commit(
                write_batch(
                    tx,
                    &part.owner,
                    &part.ops,
                    part.at,
                    part.tallies.clone(),
                    &mut events,
                )
                .await?,
            ),
            Job::Claim { tenant, code } => Done::Claim(Ok(claim(tx, tenant, code).await?)),
        });
    }
    Ok(outcomes)
}

/// Whether the key's owner epoch is no longer this activation's. The read
/// must conflict: a successor's activation that commits while this batch is in
/// flight has to abort it. The `sabotage-snapshot-fence` build reads it
/// without a conflict; the simulation must catch it (README, Simulation).
async fn fence_moved(tx: &mut dyn Transaction, owner: &Owner) -> Result<bool, StorageError> {
    let owner_key = keys::coupon_owner(&owner.tenant, &owner.code);
    let epoch = if cfg!(feature = "sabotage-snapshot-fence") {
        tx.get_snapshot(&owner_key).await?
    } else {
        tx.get(&owner_key).await?
    };
    Ok(read_epoch(epoch, &owner_key)? != owner.epoch)
}

/// One part's writes. `Ok(Err(_))` writes nothing (fenced, vanished, stale):
/// every such answer comes before the first write, so a part that fails it
/// leaves the other parts of a shared transaction as they were. `events`
/// counts the journal events written so far in the transaction.
async fn write_batch(
    tx: &mut dyn Transaction,
    owner: &Owner,
    ops: &[Op],
    at: BatchTime,
    (validations, tally): (u64, Arc<Tally>),
    events: &mut u16,
) -> Result<Result<Committed, CommitError>, StorageError> {
    let fenced = fence_moved(tx, owner).await?;
    // The `sabotage-no-fence` build is a deliberately broken node that ignores
    // the fence; the cluster simulation must catch it (README, Simulation).
    let sabotaged =
        cfg!(feature = "sabotage-no-fence") || cfg!(feature = "sabotage-serve-after-handoff");
    if fenced && !sabotaged {
        return Ok(Err(CommitError::Fenced));
    }
    let coupon_key = keys::coupon(&owner.tenant, &owner.coupon_id);
    let Some(bytes) = tx.get(&coupon_key).await? else {
        return Ok(Err(CommitError::Vanished));
    };
    let mut coupon: Coupon = decode(&coupon_key, &bytes)?;
    if let Some(version) = owner.promotion_version {
        match conditions::promotion_record(tx, &owner.tenant, &owner.coupon_id, true).await? {
            None => return Ok(Err(CommitError::Vanished)),
            Some(p) if p.version != version => return Ok(Err(CommitError::Stale)),
            Some(p) => conditions::apply_promotion_limits(&p, &mut coupon),
        }
    }
    if let Err(stale) = follow_parent(tx, owner, &mut coupon).await? {
        return Ok(Err(stale));
    }
    let lease = match &owner.campaign_id {
        Some(campaign_id) if ops.iter().any(Op::touches_lease) => {
            Some(read_lease(tx, &owner.tenant, campaign_id, &owner.coupon_id).await?)
        }
        _ => None,
    };
    let mut batch = Batch {
        tx,
        owner,
        coupon,
        now: at.now,
        idem_retention: at.idem_retention,
        events: *events,
        by: Provenance::default(),
        deleted: false,
        lease,
        rollup: tally::Pending::default(),
    };
    let mut outcomes = Vec::with_capacity(ops.len());
    for op in ops {
        outcomes.push(batch.apply(op).await?);
    }
    batch.add_tally(&tally).await?;
    batch.write_rollup().await?;
    *events = batch.events;
    let coupon = batch.finish(validations, &coupon_key)?;
    Ok(Ok(Committed { coupon, outcomes }))
}

impl Batch<'_> {
    /// The batch's last writes: the lease's spend, a promotion's validations,
    /// and the coupon as it now stands (`None` after a hard delete).
    fn finish(self, validations: u64, coupon_key: &[u8]) -> Result<Option<Coupon>, StorageError> {
        let Batch {
            tx,
            owner,
            coupon,
            deleted,
            lease,
            ..
        } = self;
        if let (Some(lease), Some(campaign_id)) = (lease, &owner.campaign_id) {
            if lease.dirty {
                let key = keys::campaign_lease_spend(&owner.tenant, campaign_id, &owner.coupon_id);
                tx.set(&key, &encode(&lease.spend)?)?;
            }
        }
        if validations > 0 && owner.promotion_version.is_some() {
            let stat = keys::coupon_stat(&owner.tenant, &owner.coupon_id, "validations");
            tx.atomic_add(&stat, i64::try_from(validations).unwrap_or(i64::MAX))?;
        }
        if deleted {
            return Ok(None);
        }
        tx.set(coupon_key, &encode(&coupon)?)?;
        Ok(Some(coupon))
    }
}

/// State of one attempt of a batch transaction.
pub(in crate::coupon) struct Batch<'a> {
    pub(in crate::coupon) tx: &'a mut dyn Transaction,
    pub(in crate::coupon) owner: &'a Owner,
    /// The coupon as stored, with this batch's applied ops folded in.
    pub(in crate::coupon) coupon: Coupon,
    pub(in crate::coupon) now: DateTime<Utc>,
    /// How long a stored response answers for its key (see [`BatchTime`]).
    pub(in crate::coupon) idem_retention: TimeDelta,
    /// Events written so far; keeps versionstamped keys distinct.
    pub(in crate::coupon) events: u16,
    /// Who asked for the op being applied: recorded with its event.
    pub(in crate::coupon) by: Provenance,
    pub(in crate::coupon) deleted: bool,
    /// The campaign lease, when an op of this batch spends or releases quota.
    pub(in crate::coupon) lease: Option<LeaseTx>,
    /// Analytics counters and customer rows this batch adds to.
    pub(in crate::coupon) rollup: tally::Pending,
}

impl Op {
    /// Who asked for the op, for the ops that record an event.
    fn provenance(&self) -> Option<&Provenance> {
        match self {
            Op::Redeem { provenance, .. }
            | Op::Void { provenance, .. }
            | Op::Confirm { provenance, .. }
            | Op::Update { provenance, .. }
            | Op::SetLimits { provenance, .. } => Some(provenance),
            Op::Nothing => None,
        }
    }

    fn touches_lease(&self) -> bool {
        matches!(self, Op::Redeem { lease: Some(_), .. } | Op::Void { .. })
    }
}

/// A code of a coupon takes its parent's terms (limits included) as stored now,
/// read for real so a parent edit committed meanwhile makes this batch retry;
/// decisions made on another version of the parent are refused as stale, as a
/// promotion's code's are.
async fn follow_parent(
    tx: &mut dyn Transaction,
    owner: &Owner,
    coupon: &mut Coupon,
) -> Result<Result<(), CommitError>, StorageError> {
    let Some(parent_id) = coupon.parent_id.clone() else {
        return Ok(Ok(()));
    };
    let key = keys::coupon(&owner.tenant, &parent_id);
    let parent: Option<Coupon> = match tx.get(&key).await? {
        Some(bytes) => Some(decode(&key, &bytes)?),
        None => None,
    };
    if parent.as_ref().map(|p| p.version) != owner.parent_version {
        return Ok(Err(CommitError::Stale));
    }
    if let Some(parent) = parent {
        coupon.follow(&parent);
    }
    Ok(Ok(()))
}

/// Reads the campaign gate and the coupon's lease for real: a grant, a return or
/// a lifecycle change committed meanwhile makes this batch retry and re-check.
async fn read_lease(
    tx: &mut dyn Transaction,
    tenant: &str,
    campaign_id: &str,
    coupon_id: &str,
) -> Result<LeaseTx, StorageError> {
    let gate_key = keys::campaign_gate(tenant, campaign_id);
    let gate = match tx.get(&gate_key).await? {
        Some(bytes) => Some(decode::<GateState>(&gate_key, &bytes)?),
        None => None,
    };
    let lease_key = keys::campaign_lease(tenant, campaign_id, coupon_id);
    let granted = match tx.get(&lease_key).await? {
        Some(bytes) => decode::<LeaseGrant>(&lease_key, &bytes)?.granted,
        None => Quota::default(),
    };
    let spend_key = keys::campaign_lease_spend(tenant, campaign_id, coupon_id);
    let spend = match tx.get(&spend_key).await? {
        Some(bytes) => decode::<LeaseSpend>(&spend_key, &bytes)?,
        None => LeaseSpend::default(),
    };
    Ok(LeaseTx {
        gate,
        granted,
        spend,
        dirty: false,
    })
}

impl Batch<'_> {
    async fn apply(&mut self, op: &Op) -> Result<OpOutcome, StorageError> {
        if self.deleted {
            return Ok(OpOutcome::Refused(ErrorCode::CouponNotFound));
        }
        if let Some(provenance) = op.provenance() {
            self.by.clone_from(provenance);
        }
        match op {
            Op::Redeem {
                redemption,
                idem,
                lease,
                ..
            } => self.redeem(redemption, idem.as_ref(), lease.as_ref()).await,
            Op::Void {
                redemption_id,
                reason,
                at,
                idem,
                mode,
                ..
            } => {
                self.void(redemption_id, reason, *at, idem.as_ref(), *mode)
                    .await
            }
            Op::Confirm {
                redemption_id,
                at,
                idem,
                ..
            } => self.confirm(redemption_id, *at, idem.as_ref()).await,
            Op::Update {
                kind,
                definition,
                idem,
                ..
            } => self.update(*kind, definition, idem.as_ref()).await,
            Op::SetLimits { set, consumers, .. } => {
                self.set_limits(set.as_deref(), consumers.as_ref()).await
            }
            Op::Nothing => Ok(OpOutcome::Nothing),
        }
    }

    /// Keeps a promotion's performance figures (seed 001 `performance_metrics`)
    /// exact: distinct customers holding a use and the discount given, per
    /// currency in minor units. Called before the customer's own count moves.
    pub(in crate::coupon) async fn count_stats(
        &mut self,
        redemption: &Redemption,
        sign: i64,
    ) -> Result<(), StorageError> {
        if self.owner.promotion_version.is_none() {
            return Ok(());
        }
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        if let Some(user) = &redemption.user_id {
            let cust = keys::customer_uses(tenant, coupon_id, user);
            let before = match self.tx.get(&cust).await? {
                Some(bytes) => keys::decode_counter(&bytes).unwrap_or(0),
                None => 0,
            };
            // First use in (sign 1), or last use out (sign -1).
            if (sign > 0 && before == 0) || (sign < 0 && before == 1) {
                self.tx
                    .atomic_add(&keys::coupon_stat(tenant, coupon_id, "customers"), sign)?;
            }
        }
        let currency = redemption.currency.as_deref().unwrap_or("");
        let minor = to_units(redemption.discount_amount, exponent(currency));
        if minor != 0 {
            promotion_usage::add_discount(self.tx, tenant, coupon_id, currency, minor, sign)
                .await?;
        }
        Ok(())
    }

    /// Whether the reservation's checkout has committed (a real read: a decision
    /// written concurrently makes this transaction retry and see it).
    pub(in crate::coupon) async fn checkout_decided(
        &mut self,
        redemption: &Redemption,
    ) -> Result<bool, StorageError> {
        let Some(checkout_id) = &redemption.checkout_id else {
            return Ok(false);
        };
        let key = keys::checkout(&self.owner.tenant, checkout_id);
        Ok(self.tx.get(&key).await?.is_some())
    }

    /// Removes a reservation from the expiry queue.
    pub(in crate::coupon) fn dequeue_expiry(
        &mut self,
        redemption: &Redemption,
    ) -> Result<(), StorageError> {
        if let Some(expires_at) = redemption.expires_at {
            let key = keys::reservation_expiry(
                expires_at.timestamp_millis(),
                &self.owner.tenant,
                &redemption.id,
            );
            self.tx.clear(&key)?;
        }
        Ok(())
    }

    /// Takes a redemption's quota from the lease, or says why it cannot.
    pub(in crate::coupon) fn spend_lease(
        &mut self,
        lease_use: Option<&LeaseUse>,
    ) -> Option<ErrorCode> {
        let lease_use = lease_use?;
        let Some(lease) = self.lease.as_mut() else {
            return Some(ErrorCode::CampaignInactive);
        };
        if lease.gate != Some(GateState::Open) {
            return Some(ErrorCode::CampaignInactive);
        }
        if !lease.available().covers(&lease_use.quota) {
            return Some(ErrorCode::CampaignLimitReached);
        }
        lease.spend.spent.add(&lease_use.quota);
        lease.dirty = true;
        None
    }

    /// Gives a redemption's quota back to the lease (a void, or a later refusal).
    pub(in crate::coupon) fn unspend_lease(&mut self, quota: Option<&Quota>) {
        if let (Some(lease), Some(quota)) = (self.lease.as_mut(), quota) {
            lease.spend.spent.sub(quota);
            lease.dirty = true;
        }
    }

    /// The response stored under the key, unless the retention outlived it
    /// (then the key is free, and this batch's answer replaces it).
    pub(in crate::coupon) async fn stored_response(
        &mut self,
        idem: &IdemSpec,
    ) -> Result<Option<IdemRecord>, StorageError> {
        let tenant = &self.owner.tenant;
        idempotency::read(self.tx, tenant, &idem.key, self.now, self.idem_retention).await
    }

    pub(in crate::coupon) fn store_response(
        &mut self,
        idem: &IdemSpec,
        status: u16,
        body: serde_json::Value,
        redemption_id: Option<&str>,
    ) -> Result<(), StorageError> {
        let record = IdemRecord {
            fingerprint: idem.fingerprint.clone(),
            status,
            body,
            redemption_id: redemption_id.map(str::to_owned),
            created_at: self.now,
        };
        idempotency::store(self.tx, &self.owner.tenant, &idem.key, &record)
    }

    /// Appends the event of the op being applied to the journal, by whoever
    /// asked for it (`reason`, when the op carries one, over the request's).
    pub(in crate::coupon) fn event(
        &mut self,
        event: Event,
        reason: Option<&String>,
    ) -> Result<(), StorageError> {
        let mut event = event.by(&self.by);
        if let Some(reason) = reason {
            event.provenance.reason = Some(reason.clone());
        }
        events::append(self.tx, &self.owner.tenant, &mut self.events, &event)
    }
}

pub(in crate::coupon) fn to_value<T: serde::Serialize>(
    value: &T,
) -> Result<serde_json::Value, StorageError> {
    serde_json::to_value(value).map_err(|err| StorageError::Corrupt {
        key: String::from("<encode>"),
        detail: err.to_string(),
    })
}
