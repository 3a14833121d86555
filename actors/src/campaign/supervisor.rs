//! The campaign actor under the crate's supervisor (`crate::supervisor`): its
//! slot guard is [`CampaignSlot`], an activation is [`actor::run`].

use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::mpsc;

use crate::campaign::actor::{self, Stop};
use crate::campaign::command::CampaignCommand;
use crate::campaign::shared::CampaignSlot;
use crate::supervisor::Supervised;

impl Supervised for CampaignSlot {
    type Command = CampaignCommand;
    type Stop = Stop;
    const KIND: &'static str = "campaign";

    fn activate<'a>(&'a self, rx: &'a mut mpsc::Receiver<CampaignCommand>) -> BoxFuture<'a, Stop> {
        actor::run(self.inner(), self.key(), self.activation_id(), rx).boxed()
    }

    fn gave_up(&self) -> Stop {
        Stop::Failed(String::from("campaign actor keeps failing; retry"))
    }

    fn restarted(&self) {
        self.inner().actors.actor_restarted();
    }

    fn finish(&self, rx: mpsc::Receiver<CampaignCommand>, stop: Stop) {
        actor::finish(self, rx, stop);
    }

    fn describe(&self) -> String {
        format!("{}/{}", self.key().tenant, self.key().campaign_id)
    }
}
