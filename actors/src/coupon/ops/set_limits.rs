//! Replace or remove a coupon's limit set (channels, stores, daily caps, time
//! windows, consumers, segment), guarded by its version. Decisions after the
//! change use it at once; the caller hears back once it is durable.

use rust_decimal::Decimal;
use stampede_protocol::event::{Event, Provenance};
use stampede_protocol::limit_set::LimitSet;
use stampede_protocol::wire::{PeerOp, SetLimitsOp};
use stampede_storage::{keys, StorageError};

use super::CouponOp;
use crate::cluster::admit;
use crate::cluster::codec::{self, CodecError};
use crate::command::{CouponCommand, Reply};
use crate::coupon::actor::{CouponActor, Entry, Waiter};
use crate::coupon::commit::{to_value, Batch, Op, OpOutcome};
use crate::error::ActorError;
use crate::records::encode;
use crate::shards::Shards;

/// Replace (`Some`) or remove (`None`) the coupon's limit set.
#[derive(Debug, Clone)]
pub(crate) struct SetLimits {
    pub set: Option<LimitSet>,
    /// `Some`: replace the consumer list; `None`: keep it (cleared with the set).
    pub consumers: Option<Vec<String>>,
    /// Applies only over this version of the set (0: none yet).
    pub expected_version: Option<u64>,
    pub provenance: Provenance,
}

impl CouponOp for SetLimits {
    type Answer = Option<LimitSet>;
    type Wire = SetLimitsOp;

    fn to_wire(&self) -> PeerOp {
        PeerOp::SetLimits(SetLimitsOp {
            set_json: codec::json(&self.set),
            expected_version: self.expected_version,
            consumers_json: self.consumers.as_ref().map(codec::json),
            provenance: codec::provenance_to_wire(&self.provenance),
        })
    }

    fn from_wire(wire: SetLimitsOp) -> Result<Self, CodecError> {
        let consumers: Option<Vec<String>> = match &wire.consumers_json {
            Some(bytes) => Some(codec::from_json(bytes, "consumers")?),
            None => None,
        };
        if let Some(list) = &consumers {
            admit::consumers(list)?;
        }
        let set: Option<LimitSet> = codec::from_json(&wire.set_json, "limit set")?;
        if let Some(set) = &set {
            admit::limit_set(set)?;
        }
        Ok(Self {
            set,
            consumers,
            expected_version: wire.expected_version,
            provenance: codec::provenance_from_wire(wire.provenance)?,
        })
    }

    fn command(self, reply: Reply<Option<LimitSet>>) -> CouponCommand {
        CouponCommand::SetLimits {
            set: self.set.map(Box::new),
            consumers: self.consumers,
            expected_version: self.expected_version,
            provenance: self.provenance,
            reply,
        }
    }
}

impl Shards {
    /// Replaces or removes the coupon's limit set through its owner. Answers the
    /// set now in force.
    pub async fn set_limits(
        &self,
        tenant: &str,
        code: &str,
        set: Option<LimitSet>,
        consumers: Option<Vec<String>>,
        expected_version: Option<u64>,
        provenance: &Provenance,
    ) -> Result<Option<LimitSet>, ActorError> {
        let op = SetLimits {
            set,
            consumers,
            expected_version,
            provenance: provenance.clone(),
        };
        self.run(tenant, code, op).await
    }
}

impl CouponActor {
    /// Replaces or removes the limit set. Decisions after this one use it at once;
    /// the caller hears back once it is durable.
    pub(in crate::coupon) fn on_set_limits(
        &mut self,
        set: Option<Box<LimitSet>>,
        consumers: Option<Vec<String>>,
        expected_version: Option<u64>,
        provenance: Provenance,
        reply: Reply<Option<LimitSet>>,
    ) {
        let current = self.limits.set.as_ref();
        let consumer_count = match (&consumers, current) {
            (Some(list), _) => list.len(),
            (None, Some(current)) => current.consumer_count,
            (None, None) => 0,
        };
        let version = current.map_or(0, |s| s.version);
        if let Some(expected) = expected_version {
            if expected != version {
                let _ = reply.send(Err(ActorError::VersionConflict { current: version }));
                return;
            }
        }
        let now = self.shards.clock.now();
        let created_at = current.map(|s| s.created_at);
        let next = set.map(|mut set| {
            set.target_id = self.owner.coupon_id.clone();
            set.version = version + 1;
            set.created_at = created_at.unwrap_or(now);
            set.updated_at = now;
            set.consumer_count = consumer_count;
            set
        });
        let segment_of = |s: Option<&LimitSet>| s.and_then(|s| s.segment.clone());
        if segment_of(self.limits.set.as_ref()) != segment_of(next.as_deref()) {
            // The segment's definition is read at activation: once this change
            // is durable, hand over to a fresh activation that reads the new one.
            self.restart = true;
        }
        self.limits.set = next.as_deref().cloned();
        match (&consumers, &next) {
            (Some(list), Some(_)) => self.limits.consumers = list.iter().cloned().collect(),
            (_, None) => self.limits.consumers.clear(),
            (None, Some(_)) => {}
        }
        let seq = self.next_seq();
        self.pending.push_back(Entry {
            seq,
            op: Op::SetLimits {
                set: next.clone(),
                consumers,
                provenance: Box::new(provenance),
            },
            waiter: Waiter::Limits { reply, set: next },
            delta_uses: 0,
            delta_balance: Decimal::ZERO,
            lease_quota: None,
            trace: None,
        });
    }
}

impl Batch<'_> {
    /// Writes (or clears) the limit set and, when given or cleared with it, the
    /// consumer list.
    pub(in crate::coupon) async fn set_limits(
        &mut self,
        set: Option<&LimitSet>,
        consumers: Option<&Vec<String>>,
    ) -> Result<OpOutcome, StorageError> {
        let (tenant, coupon_id) = (&self.owner.tenant, &self.owner.coupon_id);
        let key = keys::limit_set(tenant, "coupon", coupon_id);
        let before = match self.tx.get(&key).await? {
            Some(bytes) => crate::records::decode::<serde_json::Value>(&key, &bytes)?,
            None => serde_json::Value::Null,
        };
        match set {
            Some(set) => self.tx.set(&key, &encode(set)?)?,
            None => self.tx.clear(&key)?,
        }
        if consumers.is_some() || set.is_none() {
            let (begin, end) = keys::prefix_range(&keys::consumers_prefix(tenant, coupon_id));
            self.tx.clear_range(&begin, &end)?;
        }
        for user in consumers.into_iter().flatten() {
            self.tx.set(&keys::consumer(tenant, coupon_id, user), b"")?;
        }
        let after = match set {
            Some(set) => to_value(set)?,
            None => serde_json::Value::Null,
        };
        // The same set stored already: an earlier attempt of this very batch
        // (its commit's result unknown) wrote it with its event.
        if before != after {
            let coupon_id = self.owner.coupon_id.clone();
            let event = Event::new("coupon.limits_set", "coupon", &coupon_id, self.now)
                .before(before)
                .after(after);
            self.event(event, None)?;
        }
        Ok(OpOutcome::Updated)
    }
}
