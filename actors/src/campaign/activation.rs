//! The campaign actor as a keyed actor of the registry (`crate::registry`):
//! the campaigns' shared state is its host, [`CampaignActor`] one activation,
//! run by a `ractor` actor under the campaign supervisor.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;

use crate::campaign::actor::{self, CampaignActor, Stop};
use crate::campaign::command::{campaign_not_found, CampaignCommand, CampaignEvent};
use crate::campaign::shared::{CampaignKey, Inner};
use crate::campaign::MAX_CAMPAIGN_BATCH_MESSAGES;
use crate::error::ActorError;
use crate::registry::{Activation, Host, Me, Registry, Slot};

impl Host for Inner {
    type Key = CampaignKey;
    type Command = CampaignCommand;
    type Actor = CampaignActor;

    fn registry(&self) -> &Registry<Inner> {
        &self.actors
    }

    fn tenant_of(key: &CampaignKey) -> &str {
        &key.tenant
    }
}

impl Activation for CampaignActor {
    type Host = Inner;
    type Event = CampaignEvent;
    type Stop = Stop;

    const KIND: &'static str = "campaign";
    const MAX_DRAIN: usize = MAX_CAMPAIGN_BATCH_MESSAGES;

    fn activate(slot: &Slot<Inner>, me: Me<CampaignEvent>) -> BoxFuture<'_, Result<Self, Stop>> {
        actor::activate(slot.inner(), slot.key(), me).boxed()
    }

    fn accepts(&self) -> bool {
        true
    }

    fn on_commands(&mut self, commands: Vec<CampaignCommand>) -> BoxFuture<'_, Option<Stop>> {
        CampaignActor::on_commands(self, commands).boxed()
    }

    fn on_event(&mut self, event: CampaignEvent) -> BoxFuture<'_, Option<Stop>> {
        CampaignActor::on_event(self, event).boxed()
    }

    fn after(&mut self, closed: bool) -> Option<Stop> {
        CampaignActor::after(self, closed)
    }

    fn idle_after(&self, _closed: bool) -> Option<Duration> {
        CampaignActor::idle_after(self)
    }

    fn stopping(&mut self, stop: &Stop) {
        self.drop_waiting(stop);
    }

    fn passivated() -> Stop {
        Stop::Passivate
    }

    fn gave_up() -> Stop {
        Stop::Failed(String::from("campaign actor keeps failing; retry"))
    }

    fn leftover(host: &Arc<Inner>, key: &CampaignKey, command: CampaignCommand, stop: &Stop) {
        match stop {
            Stop::Passivate => host.dispatch(key, command),
            Stop::Gone => command.fail(campaign_not_found()),
            Stop::Failed(why) => command.fail(ActorError::Unavailable(why.clone())),
        }
    }

    fn describe(key: &CampaignKey) -> String {
        format!("{}/{}", key.tenant, key.campaign_id)
    }
}
