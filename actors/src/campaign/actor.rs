//! The campaign actor's loop: drain the mailbox, decide every message against the
//! in-memory record (which includes this batch's earlier decisions), commit the
//! batch in one transaction, then reply. Nobody hears of a grant or a change before
//! it is durable; a failed commit answers every waiter with a retryable error and
//! reloads the record.
//!
//! Two things keep a shared budget both cheap and fully spendable:
//!
//! * **Prefetch.** An acquire may be granted more than it asks for, sized by the
//!   coupon's recent demand, so a hot coupon asks less often. The extra is bounded
//!   by [`MAX_LEASE_PREFETCH_REDEMPTIONS`] and by a fair share of what remains
//!   (remaining / (active leaseholders + 1)), so leases shrink to exact sizes as
//!   the budget runs out and no coupon hoards.
//! * **Recall.** An acquire the budget cannot cover while other coupons may hold
//!   granted-but-unspent quota waits for a recall round: the actor asks those
//!   coupons (through the normal routing, on any node) to give up what no decision
//!   of theirs holds, applies the returns (fenced by each coupon's owner epoch,
//!   once each), then decides the acquire again. Rounds are bounded per acquire;
//!   after the last one a shortfall is refused as the budget being spent.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use stampede_protocol::campaign::{Campaign, CampaignStatus, DailyUsage, Quota};
use stampede_protocol::ErrorCode;
use tokio::time::Instant;

use crate::campaign::command::{
    campaign_not_found, CampaignChange, CampaignCommand, CampaignEvent, ChangeKind, Grant,
    LeaseReturn, Reply,
};
use crate::campaign::commit::{
    activate as activate_record, commit_campaign, CampaignCommitError, CampaignOp, CampaignOwner,
};
use crate::campaign::shared::{CampaignKey, Inner, LeaseCounters};
use crate::campaign::{fence, recall};
use crate::campaign::{
    LEASEHOLDER_ACTIVE_MS, LEASE_PREFETCH_END_MARGIN_SECS, LEASE_PREFETCH_HORIZON_MS,
    MAX_LEASE_PREFETCH_REDEMPTIONS, MAX_NEEDS_PER_ACQUIRE, MAX_RECALL_ROUNDS_PER_ACQUIRE,
    MAX_TRACKED_LEASEHOLDERS, RECALL_FUTILE_COOLDOWN_MS, RECALL_ROUND_TIMEOUT_MS,
};
use crate::coupon::FENCE_RECHECK_MS;
use crate::error::ActorError;
use crate::limits;
use crate::registry::Me;

/// Who waits for the batch, and what they will be told on success.
enum Waiter {
    Change(Reply<Campaign>, Box<Campaign>),
    Grant(Reply<Grant>, Grant),
}

/// A coupon's request for quota, as the actor holds it.
struct Acquire {
    coupon_id: String,
    code: String,
    needs: Vec<Quota>,
    reply: Reply<Grant>,
    /// Recall rounds this acquire has waited through.
    recalls: u32,
}

/// A coupon granted quota lately: what its demand looks like.
struct Holder {
    last_acquire: Instant,
    /// Redemptions granted at `last_acquire` (spent by the time it asks again).
    last_granted: u64,
    /// Smoothed redemptions per second this coupon spends.
    rate_per_sec: f64,
}

/// Why a batch was not decided: this activation is fenced (it stops), or its
/// fence could not be read (the batch is answered retryable).
struct FenceLost {
    fenced: bool,
    detail: String,
}

/// A recall round in flight and the acquires waiting for it.
struct RecallRound {
    id: u64,
    waiting: Vec<Acquire>,
}

pub(crate) struct CampaignActor {
    inner: Arc<Inner>,
    owner: Arc<CampaignOwner>,
    committed: Campaign,
    deleted: bool,
    /// Coupons granted quota lately (bounded by [`MAX_TRACKED_LEASEHOLDERS`]).
    holders: HashMap<String, Holder>,
    recall: Option<RecallRound>,
    /// Identifies recall rounds, so a late report is told from the current one.
    rounds: u64,
    /// This actor, for recall rounds and their timeouts to report to.
    me: Me<CampaignEvent>,
    /// Acquires to decide again (after a recall round) before any new message.
    retry: Vec<Acquire>,
    /// When a recall round last found nothing to take back.
    futile_at: Option<Instant>,
    /// When this activation last confirmed it owns the campaign (activation,
    /// commit or check); see [`crate::campaign::fence`].
    fence_confirmed: Instant,
}

pub(crate) enum Stop {
    Passivate,
    Gone,
    Failed(String),
}

/// One activation: loads the campaign and fences older activations out.
pub(crate) async fn activate(
    inner: &Arc<Inner>,
    key: &CampaignKey,
    me: Me<CampaignEvent>,
) -> Result<CampaignActor, Stop> {
    let (campaign, epoch) = match activate_record(&inner.store, &key.tenant, &key.campaign_id).await
    {
        Ok(Some(found)) => found,
        Ok(None) => return Err(Stop::Gone),
        Err(err) => return Err(Stop::Failed(err.to_string())),
    };
    Ok(CampaignActor {
        inner: inner.clone(),
        owner: Arc::new(CampaignOwner {
            tenant: key.tenant.clone(),
            campaign_id: key.campaign_id.clone(),
            epoch,
        }),
        committed: campaign,
        deleted: false,
        holders: HashMap::new(),
        recall: None,
        rounds: 0,
        me,
        retry: Vec::new(),
        futile_at: None,
        fence_confirmed: Instant::now(),
    })
}

impl CampaignActor {
    /// Decides a chunk of commands, then what waits to be decided again.
    pub(in crate::campaign) async fn on_commands(
        &mut self,
        commands: Vec<CampaignCommand>,
    ) -> Option<Stop> {
        if let Some(stop) = self.batch(commands, Vec::new(), Vec::new()).await {
            return Some(stop);
        }
        self.retry_waiting().await
    }

    /// Handles a recall round's report or timeout.
    pub(in crate::campaign) async fn on_event(&mut self, event: CampaignEvent) -> Option<Stop> {
        match event {
            CampaignEvent::Recalled(round, returns) => {
                // A round that outlived its deadline still brings valid returns.
                if self.recall.as_ref().is_some_and(|r| r.id == round) {
                    self.recall_done();
                    let recovered = returns.iter().any(|back| !back.quota.is_zero());
                    self.futile_at = (!recovered).then(Instant::now);
                }
                if let Some(stop) = self.batch(Vec::new(), Vec::new(), returns).await {
                    return Some(stop);
                }
            }
            CampaignEvent::RecallTimedOut(round) => {
                if self.recall.as_ref().is_some_and(|r| r.id == round) {
                    tracing::warn!(campaign = %self.owner.campaign_id, "a recall round never reported");
                    self.recall_done();
                    self.futile_at = Some(Instant::now());
                }
            }
        }
        self.retry_waiting().await
    }

    /// Decides again the acquires a recall round ended, before anything new.
    async fn retry_waiting(&mut self) -> Option<Stop> {
        while !self.retry.is_empty() {
            if self.deleted {
                return Some(Stop::Gone);
            }
            let retry = std::mem::take(&mut self.retry);
            if let Some(stop) = self.batch(Vec::new(), retry, Vec::new()).await {
                return Some(stop);
            }
        }
        None
    }

    /// After every message: a deleted campaign stops; a closed mailbox
    /// passivates.
    pub(in crate::campaign) fn after(&self, closed: bool) -> Option<Stop> {
        if self.deleted {
            Some(Stop::Gone)
        } else if closed {
            Some(Stop::Passivate)
        } else {
            None
        }
    }

    /// How long it may idle before passivating: not while a recall round runs.
    pub(in crate::campaign) fn idle_after(&self) -> Option<Duration> {
        self.recall.is_none().then_some(self.inner.idle_passivate)
    }

    /// Decides a batch — acquires to decide again, returns a recall round
    /// brought, new messages — commits it, replies. `Some(stop)` ends the actor.
    async fn batch(
        &mut self,
        commands: Vec<CampaignCommand>,
        retry: Vec<Acquire>,
        returns: Vec<LeaseReturn>,
    ) -> Option<Stop> {
        let fence = self.fence_holds(&commands, &retry).await;
        if let Err(why) = fence {
            let stop = why.fenced.then(|| Stop::Failed(String::from("fenced")));
            for command in commands {
                command.fail(ActorError::Unavailable(why.detail.clone()));
            }
            for acquire in retry {
                let _ = acquire
                    .reply
                    .send(Err(ActorError::Unavailable(why.detail.clone())));
            }
            // What a recall brought stays with its coupons' leases: the next
            // recall re-reads them from storage.
            drop(returns);
            return stop;
        }
        let now = self.inner.clock.now();
        let mut next = self.committed.clone();
        let mut ops = Vec::new();
        let mut waiters = Vec::new();
        self.forget_idle_holders();
        self.on_recalled(returns, &mut ops);
        for acquire in retry {
            if self.deleted {
                let _ = acquire.reply.send(Err(campaign_not_found()));
                continue;
            }
            self.on_acquire(acquire, &mut next, &mut ops, &mut waiters, now);
        }
        for command in commands {
            if self.deleted || deletes(&ops) {
                command.fail(campaign_not_found());
                continue;
            }
            self.decide(command, &mut next, &mut ops, &mut waiters, now);
        }
        if ops.is_empty() {
            answer(waiters);
            return None;
        }
        self.commit(next, ops, waiters, now).await
    }

    /// Whether this activation may decide: it still owns the campaign, re-read
    /// when the batch decides something from memory (an acquire, a probe, a
    /// read) and the fence was confirmed [`FENCE_RECHECK_MS`] ago or more.
    async fn fence_holds(
        &mut self,
        commands: &[CampaignCommand],
        retry: &[Acquire],
    ) -> Result<(), FenceLost> {
        let deciding = !retry.is_empty()
            || commands
                .iter()
                .any(|c| !matches!(c, CampaignCommand::Return { .. }));
        let recheck = Duration::from_millis(FENCE_RECHECK_MS);
        if !deciding || self.fence_confirmed.elapsed() < recheck {
            return Ok(());
        }
        match fence::still_owned(&self.inner.store, &self.owner).await {
            Ok(true) => {
                self.fence_confirmed = Instant::now();
                Ok(())
            }
            Ok(false) => Err(FenceLost {
                fenced: true,
                detail: String::from("campaign ownership moved to another activation; retry"),
            }),
            Err(err) => Err(FenceLost {
                fenced: false,
                detail: format!("campaign ownership could not be checked: {err}"),
            }),
        }
    }

    /// Gives back to the budget what a recall round brought.
    fn on_recalled(&self, returns: Vec<LeaseReturn>, ops: &mut Vec<CampaignOp>) {
        for back in returns {
            LeaseCounters::add(
                &self.inner.stats.recalled_redemptions,
                back.quota.redemptions,
            );
            ops.push(CampaignOp::Return {
                coupon_id: back.coupon_id,
                code: back.code,
                epoch: back.epoch,
                recalled: Some((back.seq, back.quota)),
            });
        }
    }

    /// Decides one message against the batch's projection `next`.
    fn decide(
        &mut self,
        command: CampaignCommand,
        next: &mut Campaign,
        ops: &mut Vec<CampaignOp>,
        waiters: &mut Vec<Waiter>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        match command {
            CampaignCommand::Get { reply } => {
                let _ = reply.send(Ok(self.committed.clone()));
            }
            CampaignCommand::Change { change, reply } => {
                on_change(&change, reply, next, ops, waiters, now);
            }
            CampaignCommand::Acquire {
                coupon_id,
                code,
                needs,
                reply,
            } => {
                LeaseCounters::add(&self.inner.stats.acquires, 1);
                let acquire = Acquire {
                    coupon_id,
                    code,
                    needs,
                    reply,
                    recalls: 0,
                };
                self.on_acquire(acquire, next, ops, waiters, now);
            }
            CampaignCommand::Probe { needs, reply } => self.on_probe(needs, reply, next, now),
            CampaignCommand::Return {
                coupon_id,
                code,
                epoch,
            } => {
                // It passivated: it holds nothing any more.
                self.holders.remove(&coupon_id);
                ops.push(CampaignOp::Return {
                    coupon_id,
                    code,
                    epoch,
                    recalled: None,
                });
            }
        }
    }

    /// Answers whether `needs` would be granted now, against the batch's
    /// projection: nothing is granted.
    fn on_probe(
        &self,
        needs: Vec<Quota>,
        reply: Reply<Grant>,
        next: &Campaign,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let (grant, _) = decide_grant(next, &needs, now);
        let short = grant.count < needs.len().min(MAX_NEEDS_PER_ACQUIRE)
            && matches!(grant.refusal, Some((ErrorCode::CampaignLimitReached, _)));
        if short {
            // What other leases hold unspent would be recalled for it.
            tokio::spawn(recall::probe(
                self.inner.clone(),
                self.owner.clone(),
                next.budget.clone(),
                next.granted.clone(),
                needs,
                grant,
                reply,
            ));
        } else {
            let _ = reply.send(Ok(grant));
        }
    }

    /// Commits the batch's `ops` leading to `next`, then answers its waiters.
    async fn commit(
        &mut self,
        mut next: Campaign,
        ops: Vec<CampaignOp>,
        waiters: Vec<Waiter>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<Stop> {
        next.commit_seq = self.committed.commit_seq + 1;
        let result = commit_campaign(
            self.inner.store.clone(),
            self.owner.clone(),
            Arc::new(next),
            Arc::new(ops),
            now,
        )
        .await;
        #[cfg(feature = "fault-injection")]
        self.inner.injected_commit_fault();
        match result {
            Ok(Some(stored)) => {
                debug_assert!(stored.budget.allows(&Quota::default(), &stored.granted));
                self.committed = stored;
                self.fence_confirmed = Instant::now();
                answer(waiters);
                None
            }
            Ok(None) => {
                self.deleted = true;
                answer(waiters);
                Some(Stop::Gone)
            }
            Err(err) => self.commit_failed(err, waiters).await,
        }
    }

    /// Answers a failed batch's waiters; stops, or reloads the record.
    async fn commit_failed(
        &mut self,
        err: CampaignCommitError,
        waiters: Vec<Waiter>,
    ) -> Option<Stop> {
        let why = match &err {
            CampaignCommitError::Fenced => String::from("campaign ownership moved; retry"),
            CampaignCommitError::Vanished => String::from("campaign vanished"),
            CampaignCommitError::OverBudget => {
                tracing::error!(campaign = %self.owner.campaign_id, "refused a batch that would exceed the budget");
                String::from("campaign batch refused; retry")
            }
            CampaignCommitError::Stale { stored, decided } => {
                tracing::error!(campaign = %self.owner.campaign_id, stored, decided, "campaign batch decided on another stored record; reloading");
                String::from("campaign changed under its actor; retry")
            }
            CampaignCommitError::Storage(err) => format!("campaign commit failed: {err}"),
        };
        fail(waiters, &why);
        match err {
            CampaignCommitError::Fenced => Some(Stop::Failed(why)),
            CampaignCommitError::Vanished => Some(Stop::Gone),
            _ => self.reload().await,
        }
    }

    async fn reload(&mut self) -> Option<Stop> {
        match activate_record(
            &self.inner.store,
            &self.owner.tenant,
            &self.owner.campaign_id,
        )
        .await
        {
            Ok(Some((campaign, epoch))) => {
                let mut owner = (*self.owner).clone();
                owner.epoch = epoch;
                self.owner = Arc::new(owner);
                self.committed = campaign;
                self.fence_confirmed = Instant::now();
                None
            }
            Ok(None) => Some(Stop::Gone),
            Err(err) => Some(Stop::Failed(err.to_string())),
        }
    }
}

/// Whether the batch's `ops` delete the campaign (what follows is refused).
fn deletes(ops: &[CampaignOp]) -> bool {
    ops.iter().any(|op| {
        matches!(
            op,
            CampaignOp::Change {
                kind: ChangeKind::Delete,
                ..
            }
        )
    })
}

/// Applies a change to the batch's projection `next`; its caller hears after
/// the commit.
fn on_change(
    change: &CampaignChange,
    reply: Reply<Campaign>,
    next: &mut Campaign,
    ops: &mut Vec<CampaignOp>,
    waiters: &mut Vec<Waiter>,
    now: chrono::DateTime<chrono::Utc>,
) {
    let before = next.clone();
    match decide_change(next, change, now) {
        Ok(true) => {
            ops.push(CampaignOp::Change {
                kind: change.kind,
                before: Box::new(before),
                after: Box::new(next.clone()),
                provenance: change.provenance.clone(),
            });
            waiters.push(Waiter::Change(reply, Box::new(next.clone())));
        }
        Ok(false) => waiters.push(Waiter::Change(reply, Box::new(next.clone()))),
        Err(err) => {
            let _ = reply.send(Err(err));
        }
    }
}

fn answer(waiters: Vec<Waiter>) {
    for waiter in waiters {
        match waiter {
            Waiter::Change(reply, campaign) => {
                let _ = reply.send(Ok(*campaign));
            }
            Waiter::Grant(reply, grant) => {
                let _ = reply.send(Ok(grant));
            }
        }
    }
}

fn fail(waiters: Vec<Waiter>, why: &str) {
    for waiter in waiters {
        let err = ActorError::Unavailable(why.to_owned());
        match waiter {
            Waiter::Change(reply, _) => {
                let _ = reply.send(Err(err));
            }
            Waiter::Grant(reply, _) => {
                let _ = reply.send(Err(err));
            }
        }
    }
}

impl CampaignActor {
    /// Grants an acquire what fits (and maybe a prefetch), or holds it for a
    /// recall round when the budget falls short and other leases may hold
    /// unspent quota.
    fn on_acquire(
        &mut self,
        acquire: Acquire,
        next: &mut Campaign,
        ops: &mut Vec<CampaignOp>,
        waiters: &mut Vec<Waiter>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let (mut grant, daily) = decide_grant(next, &acquire.needs, now);
        let asked = acquire.needs.len().min(MAX_NEEDS_PER_ACQUIRE);
        let short = grant.count < asked
            && matches!(grant.refusal, Some((ErrorCode::CampaignLimitReached, _)));
        if short && self.may_recall(&acquire) {
            LeaseCounters::add(&self.inner.stats.deferred_acquires, 1);
            self.wait_for_recall(acquire);
            return;
        }
        next.granted.add(&grant.quota);
        // The `sabotage-lease-over-grant` build is a deliberately broken node
        // whose campaign grants one redemption more than it records as
        // granted: the simulation must catch it (README, Simulation).
        if cfg!(feature = "sabotage-lease-over-grant") && grant.count > 0 {
            grant.quota.redemptions += 1;
        }
        if let Some(daily) = daily {
            next.daily = Some(daily);
        }
        let rate = self.observe(&acquire.coupon_id);
        if grant.count == asked && asked > 0 {
            let extra = self.prefetch(next, &acquire.needs, rate, now);
            if !extra.is_zero() {
                next.granted.add(&extra);
                grant.quota.add(&extra);
                LeaseCounters::add(&self.inner.stats.prefetched_redemptions, extra.redemptions);
            }
        }
        debug_assert!(
            next.budget.allows(&Quota::default(), &next.granted),
            "a grant past the budget"
        );
        if let Some(holder) = self.holders.get_mut(&acquire.coupon_id) {
            holder.last_granted = grant.quota.redemptions;
        }
        if grant.count > 0 || !grant.quota.is_zero() {
            ops.push(CampaignOp::Grant {
                coupon_id: acquire.coupon_id,
                code: acquire.code,
                quota: grant.quota.clone(),
            });
        }
        waiters.push(Waiter::Grant(acquire.reply, grant));
    }

    /// Updates the coupon's demand rate from what it was granted last time and
    /// how long that lasted; returns the rate (redemptions per second).
    fn observe(&mut self, coupon_id: &str) -> f64 {
        let at = Instant::now();
        if let Some(holder) = self.holders.get_mut(coupon_id) {
            let elapsed = at
                .saturating_duration_since(holder.last_acquire)
                .max(Duration::from_millis(1));
            let sample = holder.last_granted as f64 / elapsed.as_secs_f64();
            holder.rate_per_sec = if holder.rate_per_sec > 0.0 {
                (holder.rate_per_sec + sample) / 2.0
            } else {
                sample
            };
            holder.last_acquire = at;
            holder.last_granted = 0;
            return holder.rate_per_sec;
        }
        if self.holders.len() < MAX_TRACKED_LEASEHOLDERS {
            self.holders.insert(
                coupon_id.to_owned(),
                Holder {
                    last_acquire: at,
                    last_granted: 0,
                    rate_per_sec: 0.0,
                },
            );
        }
        0.0
    }

    /// Forgets coupons that have not asked for quota for a while: they no longer
    /// count as active leaseholders when shares are computed.
    fn forget_idle_holders(&mut self) {
        let at = Instant::now();
        let active = Duration::from_millis(LEASEHOLDER_ACTIVE_MS);
        self.holders
            .retain(|_, holder| at.saturating_duration_since(holder.last_acquire) < active);
    }

    /// The extra quota to grant beyond an acquire's `needs`: what the coupon is
    /// expected to spend over [`LEASE_PREFETCH_HORIZON_MS`] at its recent rate
    /// (at least as many as it asked for at once), at most
    /// [`MAX_LEASE_PREFETCH_REDEMPTIONS`], and at most a fair share of what the
    /// budget has left, in redemptions and in each capped currency. Nothing while
    /// a recall is under way, and nothing for campaigns whose daily cap or time
    /// windows are checked only when quota is granted.
    fn prefetch(
        &self,
        campaign: &Campaign,
        needs: &[Quota],
        rate_per_sec: f64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Quota {
        if !self.inner.prefetch.load(Ordering::Relaxed) || self.recall.is_some() {
            return Quota::default();
        }
        if campaign
            .limits
            .as_ref()
            .is_some_and(|l| l.daily_cap.is_some() || !l.windows.is_empty())
        {
            return Quota::default();
        }
        let margin = chrono::Duration::seconds(LEASE_PREFETCH_END_MARGIN_SECS);
        if campaign.end.is_some_and(|end| end - now <= margin) {
            return Quota::default();
        }
        let horizon = Duration::from_millis(LEASE_PREFETCH_HORIZON_MS).as_secs_f64();
        // Saturating float-to-int conversion: NaN or negative become 0.
        let expected = (rate_per_sec * horizon).ceil() as u64;
        let mut want = expected
            .max(needs.len() as u64)
            .min(MAX_LEASE_PREFETCH_REDEMPTIONS);
        let sharers = self.holders.len() as u64 + 1;
        if let Some(max) = campaign.budget.max_redemptions {
            let left = max.saturating_sub(campaign.granted.redemptions);
            want = want.min(left / sharers);
        }
        // Each prefetched redemption is sized like the largest one asked now.
        let mut per_redemption: HashMap<&str, Decimal> = HashMap::new();
        for need in needs {
            for (currency, amount) in &need.money {
                let largest = per_redemption.entry(currency.as_str()).or_default();
                *largest = (*largest).max(*amount);
            }
        }
        for (currency, amount) in &per_redemption {
            if *amount <= Decimal::ZERO {
                return Quota::default();
            }
            if let Some(fits) = fair_share_fits(campaign, currency, *amount, sharers) {
                want = want.min(fits);
            }
        }
        if want == 0 {
            return Quota::default();
        }
        // A product past `Decimal`'s range (of a currency the budget does not
        // cap) is no basis for a prefetch.
        let Some(money) = times(per_redemption, want) else {
            return Quota::default();
        };
        let extra = Quota {
            redemptions: want,
            money,
        };
        if campaign.budget.allows(&campaign.granted, &extra) {
            extra
        } else {
            Quota::default()
        }
    }

    /// Whether a short acquire should wait for a recall round.
    fn may_recall(&self, acquire: &Acquire) -> bool {
        if acquire.recalls >= MAX_RECALL_ROUNDS_PER_ACQUIRE {
            return false;
        }
        if self.recall.is_some() {
            return true;
        }
        let cooldown = Duration::from_millis(RECALL_FUTILE_COOLDOWN_MS);
        self.futile_at.is_none_or(|at| at.elapsed() >= cooldown)
    }

    /// Holds `acquire` until the recall round in flight (or one started now)
    /// brings back what other coupons hold unspent.
    fn wait_for_recall(&mut self, acquire: Acquire) {
        if let Some(round) = &mut self.recall {
            round.waiting.push(acquire);
            return;
        }
        LeaseCounters::add(&self.inner.stats.recall_rounds, 1);
        self.rounds += 1;
        tokio::spawn(recall::round(
            self.inner.clone(),
            self.owner.clone(),
            self.rounds,
            std::iter::once(acquire.coupon_id.clone()).collect(),
            self.me.clone(),
        ));
        // Past this the round counts as having brought nothing back (its task
        // reports well before, unless it was lost).
        let deadline = Duration::from_millis(2 * RECALL_ROUND_TIMEOUT_MS);
        self.me
            .send_after(deadline, CampaignEvent::RecallTimedOut(self.rounds));
        self.recall = Some(RecallRound {
            id: self.rounds,
            waiting: vec![acquire],
        });
    }

    /// Ends the round in flight: its acquires are decided again next, having
    /// waited through one more round.
    fn recall_done(&mut self) {
        let waiting = self.recall.take().map(|r| r.waiting).unwrap_or_default();
        self.retry.extend(waiting.into_iter().map(|mut acquire| {
            acquire.recalls += 1;
            acquire
        }));
    }

    /// Answers the acquires still waiting when the actor stops.
    pub(in crate::campaign) fn drop_waiting(&mut self, stop: &Stop) {
        let waiting = self.recall.take().map(|r| r.waiting).unwrap_or_default();
        for acquire in waiting.into_iter().chain(self.retry.drain(..)) {
            let err = match stop {
                Stop::Gone => campaign_not_found(),
                _ => ActorError::Unavailable(String::from("campaign actor stopped; retry")),
            };
            let _ = acquire.reply.send(Err(err));
        }
    }
}

/// How many redemptions of `amount` fit in a fair share (the rest of the cap
/// ÷ `sharers`) of `currency`'s budget; `None` when the budget does not cap
/// `currency`.
fn fair_share_fits(
    campaign: &Campaign,
    currency: &str,
    amount: Decimal,
    sharers: u64,
) -> Option<u64> {
    let cap = campaign.budget.money.get(currency)?;
    let granted = campaign
        .granted
        .money
        .get(currency)
        .copied()
        .unwrap_or_default();
    let share = (*cap - granted).max(Decimal::ZERO) / Decimal::from(sharers);
    // A quotient past `Decimal`'s range (a need of a tiny fraction of a minor
    // unit, which only a malformed peer frame carries; it panicked here, found
    // by fuzzing) prefetches nothing, like one past `u64`.
    let fits = share.checked_div(amount).map(|q| q.floor());
    Some(fits.and_then(|f| u64::try_from(f).ok()).unwrap_or(0))
}

/// Each amount times `count`; `None` when one overflows.
fn times(amounts: HashMap<&str, Decimal>, count: u64) -> Option<BTreeMap<String, Decimal>> {
    amounts
        .into_iter()
        .map(|(currency, amount)| Some((currency.to_owned(), amount.checked_mul(count.into())?)))
        .collect()
}

/// What the budget grants of `needs` (a prefix that fits), and the day's usage
/// after it; `campaign` is left as it is.
fn decide_grant(
    campaign: &Campaign,
    needs: &[Quota],
    now: chrono::DateTime<chrono::Utc>,
) -> (Grant, Option<DailyUsage>) {
    if let Err(why) = campaign.running_at(now) {
        return (refused(ErrorCode::CampaignInactive, why.to_owned()), None);
    }
    let zone = limits::zone_of(None, campaign.time_zone.as_deref());
    let today = limits::day_counter(now, zone);
    let mut used_today = campaign
        .daily
        .as_ref()
        .filter(|d| d.day == today)
        .map_or(0, |d| d.redemptions);
    let campaign_limits = campaign.limits.clone().unwrap_or_default();
    if !limits::in_windows(&campaign_limits.windows, now, zone) {
        let refusal = refused(
            ErrorCode::OutsideTimeWindow,
            format!("the campaign does not run at this time ({zone})"),
        );
        return (refusal, None);
    }
    let mut grant = Grant::default();
    for need in needs.iter().take(MAX_NEEDS_PER_ACQUIRE) {
        if campaign_limits
            .daily_cap
            .is_some_and(|cap| used_today >= cap)
        {
            grant.refusal = Some((
                ErrorCode::DailyLimitReached,
                format!("the campaign's daily cap is reached ({zone})"),
            ));
            break;
        }
        let mut with = grant.quota.clone();
        with.add(need);
        if !campaign.budget.allows(&campaign.granted, &with) {
            grant.refusal = Some((
                ErrorCode::CampaignLimitReached,
                String::from("the campaign's budget is spent"),
            ));
            break;
        }
        grant.quota = with;
        grant.count += 1;
        used_today += need.redemptions;
    }
    let daily = (grant.count > 0).then_some(DailyUsage {
        day: today,
        redemptions: used_today,
    });
    (grant, daily)
}

fn refused(code: ErrorCode, detail: String) -> Grant {
    Grant {
        count: 0,
        quota: Quota::default(),
        refusal: Some((code, detail)),
    }
}

/// Applies a change to `campaign`. `Ok(false)`: nothing to change (already so).
fn decide_change(
    campaign: &mut Campaign,
    change: &CampaignChange,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, ActorError> {
    if let Some(version) = change.patch.version {
        if version != campaign.version {
            return Err(ActorError::VersionConflict {
                current: campaign.version,
            });
        }
    } else if change.kind == ChangeKind::Patch {
        return Err(ActorError::Invalid {
            field: "version",
            message: String::from("the current version is required"),
        });
    }
    use CampaignStatus::*;
    let status = campaign.status;
    let target = match (change.kind, status) {
        (ChangeKind::Patch, _) => status,
        (ChangeKind::Activate, Active) | (ChangeKind::Resume, Active) => return Ok(false),
        (ChangeKind::Pause, Paused) | (ChangeKind::End, Ended) => return Ok(false),
        (ChangeKind::Activate, Draft | Paused) | (ChangeKind::Resume, Paused) => Active,
        (ChangeKind::Pause, Active) => Paused,
        (ChangeKind::End, _) => Ended,
        (ChangeKind::Delete, Draft | Ended) => status,
        (ChangeKind::Delete, _) => {
            return Err(invalid_status("end the campaign before deleting it"))
        }
        (ChangeKind::Activate | ChangeKind::Resume, Ended) => {
            return Err(ActorError::refused(
                ErrorCode::CampaignNotActivatable,
                "status: an ended campaign cannot be activated",
            ))
        }
        (ChangeKind::Resume, Draft) => {
            return Err(invalid_status("a draft campaign is activated, not resumed"))
        }
        (ChangeKind::Pause, _) => {
            return Err(invalid_status("only an active campaign can be paused"))
        }
    };
    let mut next = campaign.clone();
    change.patch.apply_to(&mut next);
    next.status = target;
    if target == Active && status != Active {
        let problems = next.activation_problems(now);
        if !problems.is_empty() {
            let detail = problems
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(ActorError::refused(
                ErrorCode::CampaignNotActivatable,
                detail,
            ));
        }
    }
    if !next.budget.allows(&Quota::default(), &next.granted) {
        return Err(ActorError::Invalid {
            field: "budget",
            message: String::from("must be at least the quota already leased to coupons"),
        });
    }
    next.version += 1;
    next.updated_at = now;
    *campaign = next;
    Ok(true)
}

fn invalid_status(message: &str) -> ActorError {
    ActorError::Invalid {
        field: "status",
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn campaign(cap: &str, granted: &str) -> Campaign {
        serde_json::from_value(serde_json::json!({
            "id": "cmp_1", "name": "c", "status": "active",
            "budget": {"money": {"GBP": cap}}, "granted": {"money": {"GBP": granted}},
            "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
            "version": 1}))
        .unwrap()
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn a_fair_share_counts_whole_redemptions() {
        let c = campaign("100", "40");
        assert_eq!(fair_share_fits(&c, "GBP", dec("7"), 2), Some(4));
        assert_eq!(fair_share_fits(&c, "EUR", dec("7"), 2), None, "uncapped");
        assert_eq!(
            fair_share_fits(&campaign("10", "10"), "GBP", dec("1"), 1),
            Some(0)
        );
    }

    /// Found by fuzzing the peer frames (`tests/fuzz_peer.rs`): the share
    /// divided by a need of 1e-28 overflowed `Decimal` and panicked the
    /// campaign actor.
    #[test]
    fn a_quotient_past_the_decimal_range_prefetches_nothing() {
        let c = campaign("1000", "0");
        assert_eq!(
            fair_share_fits(&c, "GBP", dec("0.0000000000000000000000000001"), 1),
            Some(0)
        );
    }

    /// Found while fixing the one above: a prefetch of a currency the budget
    /// does not cap, sized from a need near `Decimal::MAX` (a malformed peer
    /// frame), overflowed when multiplied out.
    #[test]
    fn a_prefetch_past_the_decimal_range_is_none() {
        let amounts = HashMap::from([("EUR", Decimal::MAX), ("GBP", dec("2.5"))]);
        assert_eq!(times(amounts, 2), None);
        let amounts = HashMap::from([("GBP", dec("2.5"))]);
        assert_eq!(times(amounts, 4).unwrap()["GBP"], dec("10"));
    }
}
