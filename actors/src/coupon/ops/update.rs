//! Change a coupon's definition: patch, revoke, soft or hard delete.
//!
//! The actor applies the change to its projection at once (decisions after it
//! see it) and answers once it is durable. The commit keeps the stored counters
//! (`uses_count`, a gift card's balance) whatever the new definition says, and
//! writes the audit record and the outbox event in the same transaction, once:
//! a retry of a commit whose result was unknown finds the version it wrote and
//! writes nothing again.

use rust_decimal::Decimal;
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::wire::{PeerOp, UpdateOp};
use stampede_protocol::{Coupon, CouponStatus, CouponType};
use stampede_storage::{keys, StorageError};

use super::CouponOp;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, CouponUpdate, Reply, UpdateKind};
use crate::coupon::actor::{CouponActor, Entry, Waiter};
use crate::coupon::commit::{to_value, Batch, Op, OpOutcome};
use crate::engine;
use crate::error::ActorError;
use crate::shards::Shards;

/// Change the definition of the code's coupon.
#[derive(Debug, Clone)]
pub(crate) struct Update(pub CouponUpdate);

impl CouponOp for Update {
    type Answer = Coupon;
    type Wire = UpdateOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::Update(codec::update_to_wire(&self.0))
    }

    fn from_wire(wire: UpdateOp) -> Result<Self, CodecError> {
        codec::update_from_wire(wire).map(Self)
    }

    fn command(self, reply: Reply<Coupon>) -> CouponCommand {
        CouponCommand::Update {
            update: Box::new(self.0),
            reply,
        }
    }
}

impl Shards {
    /// Changes the coupon's definition through its owner.
    pub async fn update(
        &self,
        tenant: &str,
        code: &str,
        update: CouponUpdate,
    ) -> Result<Coupon, ActorError> {
        self.run(tenant, code, Update(update)).await
    }
}

impl CouponActor {
    /// Decides a definition change: checks it, applies it to the projection,
    /// and queues it for the next commit.
    pub(in crate::coupon) fn on_update(&mut self, update: CouponUpdate, reply: Reply<Coupon>) {
        if let Err(err) = self.update_refusal(&update) {
            let _ = reply.send(Err(err));
            return;
        }
        let now = self.shards.clock.now();
        let mut next = self.state.projected.clone();
        match update.kind {
            UpdateKind::Patch => update.patch.apply_to(&mut next),
            UpdateKind::Revoke => next.status = CouponStatus::Revoked,
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
                provenance: Box::new(Provenance {
                    reason: update.reason.or(update.provenance.reason),
                    ..update.provenance
                }),
            },
            waiter: Waiter::Update {
                reply,
                definition: Box::new(next),
            },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
            trace: None,
        });
    }

    /// Answers a definition change once its commit's outcome is known: the coupon
    /// as stored, or a retry's stored answer.
    pub(in crate::coupon) fn settle_update(
        &self,
        reply: Reply<Coupon>,
        definition: Coupon,
        outcome: OpOutcome,
        stored: Option<&Coupon>,
    ) {
        let answer = match (outcome, stored) {
            (OpOutcome::Duplicate(record), _) => {
                Ok(serde_json::from_value(record.body).unwrap_or(definition))
            }
            (_, Some(coupon)) => Ok(coupon.clone()),
            (_, None) => Ok(definition),
        };
        let _ = reply.send(answer);
    }

    /// Why this change may not be made to the coupon as projected: a stale
    /// version, a patch without one, a promotion's code, or new terms on a code
    /// that follows its coupon's.
    fn update_refusal(&self, update: &CouponUpdate) -> Result<(), ActorError> {
        let current = &self.state.projected;
        if let Some(version) = update.patch.version {
            if version != current.version {
                return Err(ActorError::VersionConflict {
                    current: current.version,
                });
            }
        } else if update.kind == UpdateKind::Patch {
            return Err(ActorError::Invalid {
                field: "version",
                message: String::from("the current version is required"),
            });
        }
        if current.kind == CouponType::Promotion {
            return Err(ActorError::Invalid {
                field: "type",
                message: String::from(
                    "a promotion's code changes with its promotion (/campaigns/{id}/promotions)",
                ),
            });
        }
        let new_terms = update.kind == UpdateKind::Patch && update.patch.changes_terms();
        if current.parent_id.is_some() && new_terms {
            return Err(ActorError::Invalid {
                field: "parent_id",
                message: String::from(
                    "a code follows its coupon: change the coupon, or this code's status",
                ),
            });
        }
        Ok(())
    }
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

/// Whether the stored coupon already holds this decision: its version is the
/// decision's or a later one. Only the owning activation writes a coupon's
/// definition (the commit is fenced), each decision raises the version by
/// one, and an activation decides on what it read after the last commit it
/// could not settle; so a stored version this high was written by this batch
/// (this decision, or one after it in the batch), never by anything before.
fn applied_already(stored: &Coupon, definition: &Coupon) -> bool {
    stored.version >= definition.version
}

impl Batch<'_> {
    /// Writes the new definition over the stored counters (or deletes the
    /// coupon), with its audit record and outbox event.
    pub(in crate::coupon) async fn update(
        &mut self,
        kind: UpdateKind,
        definition: &Coupon,
        idem: Option<&stampede_protocol::idempotency::IdemSpec>,
    ) -> Result<OpOutcome, StorageError> {
        if applied_already(&self.coupon, definition) {
            // An earlier attempt of this very batch wrote it (its commit's
            // result was unknown): its audit record and event are stored with
            // it, so nothing is written again.
            return Ok(OpOutcome::Updated);
        }
        if let Some(idem) = idem {
            if let Some(record) = self.stored_response(idem).await? {
                return Ok(OpOutcome::Duplicate(record));
            }
        }
        let before = to_value(&self.coupon)?;
        self.reindex_trigger(kind, definition)?;
        if kind == UpdateKind::HardDelete {
            self.hard_delete()?;
        } else {
            let mut next = definition.clone();
            next.uses_count = self.coupon.uses_count;
            next.balance = self.coupon.balance;
            self.coupon = next;
        }
        let after = if self.deleted {
            serde_json::Value::Null
        } else {
            to_value(&self.coupon)?
        };
        if let Some(idem) = idem {
            let (status, body) = if self.deleted {
                (204, serde_json::Value::Null)
            } else {
                (200, after.clone())
            };
            self.store_response(idem, status, body, None)?;
        }
        let name = match kind {
            UpdateKind::Patch => "coupon.updated",
            UpdateKind::Revoke => "coupon.revoked",
            UpdateKind::SoftDelete | UpdateKind::HardDelete => "coupon.deleted",
        };
        let event = Event::new(name, "coupon", &self.owner.coupon_id, self.now)
            .before(before)
            .after(after);
        self.event(event, None)?;
        Ok(OpOutcome::Updated)
    }

    /// Moves the coupon's trigger index entry (seed 002 `auto_generate`) to
    /// what the new definition listens to; a deleted coupon listens to none.
    fn reindex_trigger(
        &mut self,
        kind: UpdateKind,
        definition: &Coupon,
    ) -> Result<(), StorageError> {
        let gone = matches!(kind, UpdateKind::HardDelete | UpdateKind::SoftDelete);
        let after = if gone {
            None
        } else {
            definition.auto_generate.as_ref()
        };
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        let before = self.coupon.auto_generate.as_ref();
        crate::records::triggers::index::reindex(self.tx, tenant, coupon_id, before, after)
    }

    /// Clears the coupon, its code, its per-customer and limit counters, its
    /// limit set and its consumer list.
    fn hard_delete(&mut self) -> Result<(), StorageError> {
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        self.tx.clear(&keys::coupon(tenant, coupon_id))?;
        self.tx.clear(&keys::code(tenant, &self.owner.code))?;
        let prefixes = [
            keys::customer_uses_prefix(tenant, coupon_id),
            keys::limit_counters_prefix(tenant, coupon_id),
            keys::consumers_prefix(tenant, coupon_id),
        ];
        for prefix in prefixes {
            let (begin, end) = keys::prefix_range(&prefix);
            self.tx.clear_range(&begin, &end)?;
        }
        self.tx
            .clear(&keys::limit_set(tenant, "coupon", coupon_id))?;
        self.deleted = true;
        Ok(())
    }
}
