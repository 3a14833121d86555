//! The campaign actor's loop: drain the mailbox, decide every message against the
//! in-memory record (which includes this batch's earlier decisions), commit the
//! batch in one transaction, then reply. Nobody hears of a grant or a change before
//! it is durable; a failed commit answers every waiter with a retryable error and
//! reloads the record.

use std::sync::Arc;

use stampede_protocol::campaign::{Campaign, CampaignStatus, DailyUsage, Quota};
use stampede_protocol::ErrorCode;
use tokio::sync::mpsc;

use crate::campaign::command::{
    campaign_not_found, CampaignChange, CampaignCommand, ChangeKind, Grant, Reply,
};
use crate::campaign::commit::{
    activate, commit_campaign, CampaignCommitError, CampaignOp, CampaignOwner,
};
use crate::campaign::registry::{CampaignKey, Inner};
use crate::campaign::{MAX_CAMPAIGN_BATCH_MESSAGES, MAX_NEEDS_PER_ACQUIRE};
use crate::error::ActorError;
use crate::limits;

/// Who waits for the batch, and what they will be told on success.
enum Waiter {
    Change(Reply<Campaign>, Box<Campaign>),
    Grant(Reply<Grant>, Grant),
}

struct CampaignActor {
    inner: Arc<Inner>,
    owner: Arc<CampaignOwner>,
    committed: Campaign,
    deleted: bool,
}

enum Stop {
    Passivate,
    Gone,
    Failed(String),
}

pub(crate) async fn run(
    inner: Arc<Inner>,
    key: CampaignKey,
    activation_id: u64,
    mut rx: mpsc::Receiver<CampaignCommand>,
) {
    let stop = match activate(&inner.store, &key.tenant, &key.campaign_id).await {
        Ok(Some((campaign, epoch))) => {
            let mut actor = CampaignActor {
                inner: inner.clone(),
                owner: Arc::new(CampaignOwner {
                    tenant: key.tenant.clone(),
                    campaign_id: key.campaign_id.clone(),
                    epoch,
                }),
                committed: campaign,
                deleted: false,
            };
            actor.serve(&key, activation_id, &mut rx).await
        }
        Ok(None) => Stop::Gone,
        Err(err) => Stop::Failed(err.to_string()),
    };
    inner.deregister(&key, activation_id);
    rx.close();
    while let Ok(command) = rx.try_recv() {
        match &stop {
            Stop::Passivate => inner.dispatch(&key, command),
            Stop::Gone => command.fail(campaign_not_found()),
            Stop::Failed(why) => command.fail(ActorError::Unavailable(why.clone())),
        }
    }
}

impl CampaignActor {
    async fn serve(
        &mut self,
        key: &CampaignKey,
        activation_id: u64,
        rx: &mut mpsc::Receiver<CampaignCommand>,
    ) -> Stop {
        let mut buffer = Vec::with_capacity(MAX_CAMPAIGN_BATCH_MESSAGES);
        loop {
            if self.deleted {
                return Stop::Gone;
            }
            tokio::select! {
                // Fixed order: messages before the idle timer. Deterministic, so
                // a simulation seed replays exactly.
                biased;
                received = rx.recv_many(&mut buffer, MAX_CAMPAIGN_BATCH_MESSAGES) => {
                    if received == 0 {
                        return Stop::Passivate;
                    }
                    let commands = std::mem::take(&mut buffer);
                    if let Some(stop) = self.batch(commands).await {
                        return stop;
                    }
                }
                _ = tokio::time::sleep(self.inner.idle_passivate) => {
                    if self.inner.try_deregister_idle(key, activation_id, rx) {
                        return Stop::Passivate;
                    }
                }
            }
        }
    }

    /// Decides a batch, commits it, replies. `Some(stop)` ends the actor.
    async fn batch(&mut self, commands: Vec<CampaignCommand>) -> Option<Stop> {
        let now = self.inner.clock.now();
        let mut next = self.committed.clone();
        let mut ops = Vec::new();
        let mut waiters = Vec::new();
        for command in commands {
            if self.deleted
                || ops.iter().any(|op| {
                    matches!(
                        op,
                        CampaignOp::Change {
                            kind: ChangeKind::Delete,
                            ..
                        }
                    )
                })
            {
                command.fail(campaign_not_found());
                continue;
            }
            match command {
                CampaignCommand::Get { reply } => {
                    let _ = reply.send(Ok(self.committed.clone()));
                }
                CampaignCommand::Change { change, reply } => {
                    let before = next.clone();
                    match decide_change(&mut next, &change, now) {
                        Ok(true) => {
                            ops.push(CampaignOp::Change {
                                kind: change.kind,
                                before: Box::new(before),
                                after: Box::new(next.clone()),
                                actor: change.actor.clone(),
                            });
                            waiters.push(Waiter::Change(reply, Box::new(next.clone())));
                        }
                        Ok(false) => waiters.push(Waiter::Change(reply, Box::new(next.clone()))),
                        Err(err) => {
                            let _ = reply.send(Err(err));
                        }
                    }
                }
                CampaignCommand::Acquire {
                    coupon_id,
                    code,
                    needs,
                    reply,
                } => {
                    let grant = decide_grant(&mut next, &needs, now);
                    if grant.count > 0 {
                        ops.push(CampaignOp::Grant {
                            coupon_id,
                            code,
                            quota: grant.quota.clone(),
                        });
                    }
                    waiters.push(Waiter::Grant(reply, grant));
                }
                CampaignCommand::Probe { needs, reply } => {
                    // Against the batch's projection, on a copy: nothing is granted.
                    let grant = decide_grant(&mut next.clone(), &needs, now);
                    let _ = reply.send(Ok(grant));
                }
                CampaignCommand::Return {
                    coupon_id,
                    code,
                    epoch,
                } => ops.push(CampaignOp::Return {
                    coupon_id,
                    code,
                    epoch,
                }),
            }
        }
        if ops.is_empty() {
            answer(waiters);
            return None;
        }
        next.commit_seq = self.committed.commit_seq + 1;
        let result = commit_campaign(
            self.inner.store.clone(),
            self.owner.clone(),
            Arc::new(next),
            Arc::new(ops),
            now,
        )
        .await;
        match result {
            Ok(Some(stored)) => {
                debug_assert!(stored.budget.allows(&Quota::default(), &stored.granted));
                self.committed = stored;
                answer(waiters);
                None
            }
            Ok(None) => {
                self.deleted = true;
                answer(waiters);
                Some(Stop::Gone)
            }
            Err(err) => {
                let why = match &err {
                    CampaignCommitError::Fenced => String::from("campaign ownership moved; retry"),
                    CampaignCommitError::Vanished => String::from("campaign vanished"),
                    CampaignCommitError::OverBudget => {
                        tracing::error!(campaign = %self.owner.campaign_id, "refused a batch that would exceed the budget");
                        String::from("campaign batch refused; retry")
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
        }
    }

    async fn reload(&mut self) -> Option<Stop> {
        match activate(
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
                None
            }
            Ok(None) => Some(Stop::Gone),
            Err(err) => Some(Stop::Failed(err.to_string())),
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

/// Grants quota for a prefix of `needs` that fits the budget.
fn decide_grant(
    campaign: &mut Campaign,
    needs: &[Quota],
    now: chrono::DateTime<chrono::Utc>,
) -> Grant {
    if let Err(why) = campaign.running_at(now) {
        return refused(ErrorCode::CampaignInactive, why.to_owned());
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
        return refused(
            ErrorCode::OutsideTimeWindow,
            format!("the campaign does not run at this time ({zone})"),
        );
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
    campaign.granted.add(&grant.quota);
    if grant.count > 0 {
        campaign.daily = Some(DailyUsage {
            day: today,
            redemptions: used_today,
        });
    }
    grant
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
