//! Group commit across actors: the node's coupon actors hand their batches
//! to one queue, and each storage transaction carries every batch waiting
//! when it starts, as PostgreSQL's group commit and FoundationDB's commit
//! proxies do. One hot actor already batches its own decisions; this makes
//! many actors with a decision or two each share one transaction, and so do
//! activations' claims of their codes (the owner epoch each one writes) (one fsync
//! on redb, whose single writer would otherwise take their commits one
//! after another; fewer, larger transactions on FoundationDB).
//!
//! Each job keeps its own outcome ([`commit::commit_jobs`]): one actor's
//! fenced, vanished or stale batch fails alone, and a shared transaction
//! that fails answers no part from it.
//!
//! There is no committer task: a batch that arrives while fewer than
//! [`MAX_COMMITS_IN_FLIGHT`] transactions run leads one. The leader takes
//! what waits (bounded by [`MAX_PARTS_PER_COMMIT`] and
//! [`MAX_DECISIONS_PER_COMMIT`]), commits it, answers each part, and, if
//! more arrived meanwhile, hands the lead to a new task, so its own actor
//! hears its answer at once. A leader that panics or is dropped mid-commit
//! hands the lead on and leaves its parts' callers an error (their outcome
//! unknown, as after a lost commit).
//!
//! Two transactions in flight let the next one read and buffer its writes
//! while the previous one is written and synced; they do not conflict, since
//! each actor has at most one batch in flight and the rollups both touch are
//! atomic adds. Should they conflict anyway (a claim racing another node),
//! the store's conflict check retries one of them.

use std::sync::{Arc, Mutex};

use stampede_storage::{SharedStore, StorageError};
use tokio::sync::oneshot;

use crate::coupon::commit::{self, CommitError, Committed, Done, Job, Part};
use crate::coupon::load::Activation;
use crate::telemetry;

/// Shared transactions committing at once, at most.
pub const MAX_COMMITS_IN_FLIGHT: usize = 2;
/// Batches (actors) in one shared transaction, at most.
pub const MAX_PARTS_PER_COMMIT: usize = 256;
/// Decisions in one shared transaction, at most (one actor's batch alone
/// may be up to `MAX_BATCH_DECISIONS`). Keeps a transaction well inside
/// FoundationDB's size and time limits and the journal's per-transaction
/// event numbering (`u16`).
pub const MAX_DECISIONS_PER_COMMIT: usize = 8_192;

const _: () = assert!(MAX_DECISIONS_PER_COMMIT >= crate::coupon::MAX_BATCH_DECISIONS);
const _: () = assert!(MAX_DECISIONS_PER_COMMIT * 4 < u16::MAX as usize);

/// A job waiting for its transaction.
struct Waiting {
    job: Job,
    reply: oneshot::Sender<Done>,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Waiting>,
    /// Leaders committing (or about to), at most [`MAX_COMMITS_IN_FLIGHT`].
    leading: usize,
}

/// The node's commit queue.
#[derive(Clone)]
pub(crate) struct CommitQueue {
    store: SharedStore,
    queue: Arc<Mutex<Queue>>,
}

impl CommitQueue {
    pub fn new(store: SharedStore) -> Self {
        Self {
            store,
            queue: Arc::new(Mutex::new(Queue::default())),
        }
    }

    /// Commits `part` with whatever else waits; answers when its transaction
    /// did.
    pub async fn commit(&self, part: Part) -> Result<Committed, CommitError> {
        match self.submit(Job::Commit(part)).await {
            Some(Done::Commit(answer)) => answer,
            _ => Err(CommitError::Storage(stopped())),
        }
    }

    /// Claims `code` for a new activation (its next owner epoch) with
    /// whatever else waits. `Ok(None)`: no such code.
    pub async fn claim(
        &self,
        tenant: &str,
        code: &str,
    ) -> Result<Option<Activation>, StorageError> {
        let job = Job::Claim {
            tenant: tenant.to_owned(),
            code: code.to_owned(),
        };
        match self.submit(job).await {
            Some(Done::Claim(answer)) => answer,
            _ => Err(stopped()),
        }
    }

    /// Queues `job` (leading a transaction when fewer than
    /// [`MAX_COMMITS_IN_FLIGHT`] run); `None` when
    /// the transaction stopped before answering.
    async fn submit(&self, job: Job) -> Option<Done> {
        let (reply, answer) = oneshot::channel();
        let lead = {
            let mut queue = self.lock();
            queue.waiting.push(Waiting { job, reply });
            let lead = queue.leading < MAX_COMMITS_IN_FLIGHT;
            queue.leading += usize::from(lead);
            lead
        };
        if lead {
            self.lead_once().await;
        }
        answer.await.ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // A panic while the lock is held leaves the queue consistent (every
        // change under it is one push or one drain).
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Commits one group of waiting parts, then hands the lead on.
    async fn lead_once(&self) {
        let (jobs, replies): (Vec<Job>, Vec<_>) = self
            .take_group()
            .into_iter()
            .map(|w| (w.job, Some(w.reply)))
            .unzip();
        let mut lead = Lead {
            queue: self.clone(),
            replies,
        };
        metrics::histogram!(telemetry::COMMIT_PARTS).record(jobs.len() as f64);
        let outcomes = commit::commit_jobs(&self.store, Arc::new(jobs)).await;
        debug_assert_eq!(outcomes.len(), lead.replies.len());
        for (reply, outcome) in lead.replies.iter_mut().zip(outcomes) {
            if let Some(reply) = reply.take() {
                // A caller that went away no longer needs its answer.
                let _ = reply.send(outcome);
            }
        }
        // `lead` drops here: hands the lead on.
    }

    /// The parts of the next transaction, in arrival order.
    fn take_group(&self) -> Vec<Waiting> {
        let mut queue = self.lock();
        let mut decisions = 0;
        let mut take = 0;
        for waiting in &queue.waiting {
            let ops = waiting.job.size();
            let fits = take < MAX_PARTS_PER_COMMIT && decisions + ops <= MAX_DECISIONS_PER_COMMIT;
            if take > 0 && !fits {
                break;
            }
            decisions += ops;
            take += 1;
        }
        queue.waiting.drain(..take).collect()
    }

    /// Ends a lead: the next group, if any waits, is led by a new task.
    fn hand_on(&self) {
        let more = {
            let mut queue = self.lock();
            debug_assert!(queue.leading > 0, "only a leader hands on");
            let more = !queue.waiting.is_empty();
            if !more {
                queue.leading -= 1;
            }
            more
        };
        if more {
            let next = self.clone();
            tokio::spawn(async move { next.lead_once().await });
        }
    }
}

/// One lead in progress. Dropped when the lead ends, however it ends: the
/// parts it has not answered get an error (their senders drop) and the lead
/// passes on.
struct Lead {
    queue: CommitQueue,
    replies: Vec<Option<oneshot::Sender<Done>>>,
}

fn stopped() -> StorageError {
    StorageError::Backend(String::from("the shared commit stopped before answering"))
}

impl Drop for Lead {
    fn drop(&mut self) {
        self.replies.clear();
        self.queue.hand_on();
    }
}
