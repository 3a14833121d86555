//! What a `CampaignActor` is asked, and what it answers.

use stampede_protocol::campaign::{Campaign, CampaignPatch, Quota};
use stampede_protocol::event::Provenance;
use stampede_protocol::ErrorCode;
use tokio::sync::oneshot;

use crate::error::ActorError;

/// The kinds of change to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Patch,
    Activate,
    Pause,
    Resume,
    End,
    Delete,
}

impl ChangeKind {
    /// Name of the audit and outbox event.
    pub fn event(self) -> &'static str {
        match self {
            Self::Patch => "campaign.updated",
            Self::Activate => "campaign.activated",
            Self::Pause => "campaign.paused",
            Self::Resume => "campaign.resumed",
            Self::End => "campaign.ended",
            Self::Delete => "campaign.deleted",
        }
    }
}

/// A change to a campaign, decided by its actor.
#[derive(Debug, Clone)]
pub struct CampaignChange {
    pub kind: ChangeKind,
    pub patch: CampaignPatch,
    /// Who asked (for the audit log).
    pub provenance: Provenance,
}

/// The answer to an acquire: quota for the first `count` needs, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grant {
    pub count: usize,
    pub quota: Quota,
    /// Why the remaining needs were not granted.
    pub refusal: Option<(ErrorCode, String)>,
}

/// Unused quota a recalled coupon gave up. Its campaign applies it at most once
/// (`seq`), and only while the coupon's owner epoch is still `epoch`: a newer
/// activation has re-read the lease and may be spending that quota.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeaseReturn {
    pub coupon_id: String,
    pub code: String,
    pub epoch: u64,
    /// Increases with every return of one coupon activation.
    pub seq: u64,
    pub quota: Quota,
}

pub(crate) type Reply<T> = oneshot::Sender<Result<T, ActorError>>;

#[derive(Debug)]
pub(crate) enum CampaignCommand {
    Get {
        reply: Reply<Campaign>,
    },
    Change {
        change: Box<CampaignChange>,
        reply: Reply<Campaign>,
    },
    /// A coupon asks quota for each of `needs` (one per waiting redemption).
    Acquire {
        coupon_id: String,
        code: String,
        needs: Vec<Quota>,
        reply: Reply<Grant>,
    },
    /// Would these needs be granted now? Answers without granting anything.
    Probe {
        needs: Vec<Quota>,
        reply: Reply<Grant>,
    },
    /// A passivating coupon gives back what it holds; applied only while the
    /// coupon's owner epoch is still `epoch` (no newer activation spends it).
    Return {
        coupon_id: String,
        code: String,
        epoch: u64,
    },
}

impl CampaignCommand {
    pub(crate) fn fail(self, err: ActorError) {
        match self {
            Self::Get { reply } | Self::Change { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            Self::Acquire { reply, .. } | Self::Probe { reply, .. } => {
                let _ = reply.send(Err(err));
            }
            Self::Return { .. } => {}
        }
    }
}

/// The refusal for an unknown campaign.
pub(crate) fn campaign_not_found() -> ActorError {
    ActorError::refused(ErrorCode::NotFound, "campaign not found")
}

/// What a campaign actor sends itself.
pub(crate) enum CampaignEvent {
    /// Recall round `0` brought these back (possibly nothing).
    Recalled(u64, Vec<LeaseReturn>),
    /// Recall round `0`'s deadline passed.
    RecallTimedOut(u64),
}
