//! The coupon actor as a keyed actor of the registry (`crate::registry`): the
//! shards' state is its host, [`CouponActor`] one activation, run by a
//! `ractor` actor under the coupon supervisor.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;

use crate::command::CouponCommand;
use crate::coupon::actor::{self, CouponActor, CouponEvent, Stop};
use crate::coupon::MAX_DRAIN_MESSAGES;
use crate::error::ActorError;
use crate::registry::{Activation, Host, Me, Registry, Slot};
use crate::shards::{ActorKey, Inner};
use crate::telemetry;

impl Host for Inner {
    type Key = ActorKey;
    type Command = CouponCommand;
    type Actor = CouponActor;

    fn registry(&self) -> &Registry<Inner> {
        self.actors()
    }

    fn tenant_of(key: &ActorKey) -> &str {
        &key.tenant
    }
}

impl Activation for CouponActor {
    type Host = Inner;
    type Event = CouponEvent;
    type Stop = Stop;

    const KIND: &'static str = "coupon";
    const MAX_DRAIN: usize = MAX_DRAIN_MESSAGES;

    fn activate(slot: &Slot<Inner>, me: Me<CouponEvent>) -> BoxFuture<'_, Result<Self, Stop>> {
        actor::activate(slot.inner(), slot.key(), me).boxed()
    }

    fn accepts(&self) -> bool {
        // A coupon that moved to another campaign takes nothing new: it settles,
        // then passivates, and its next activation serves what waits.
        !self.restart
    }

    fn on_commands(&mut self, commands: Vec<CouponCommand>) -> BoxFuture<'_, Option<Stop>> {
        CouponActor::on_commands(self, commands).boxed()
    }

    fn on_event(&mut self, event: CouponEvent) -> BoxFuture<'_, Option<Stop>> {
        CouponActor::on_event(self, event).boxed()
    }

    fn after(&mut self, closed: bool) -> Option<Stop> {
        CouponActor::after(self, closed)
    }

    fn idle_after(&self, closed: bool) -> Option<Duration> {
        CouponActor::idle_after(self, closed)
    }

    fn stopping(&mut self, stop: &Stop) {
        self.give_back_lease(stop);
        metrics::counter!(telemetry::PASSIVATIONS_TOTAL).increment(1);
    }

    fn passivated() -> Stop {
        Stop::Passivate
    }

    fn gave_up() -> Stop {
        Stop::Failed(String::from("coupon actor keeps failing; retry"))
    }

    fn leftover(host: &Arc<Inner>, key: &ActorKey, command: CouponCommand, stop: &Stop) {
        match stop {
            Stop::Passivate => host.dispatch(key, command),
            Stop::Deleted => command.fail(ActorError::CouponNotFound),
            Stop::Failed(why) => command.fail(ActorError::Unavailable(why.clone())),
        }
    }

    fn describe(key: &ActorKey) -> String {
        format!("{}/{}", key.tenant, key.code)
    }
}
