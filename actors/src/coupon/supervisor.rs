//! The coupon actor under the crate's supervisor (`crate::supervisor`): its
//! slot guard is [`Slot`], an activation is [`actor::run`].

use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::mpsc;

use crate::command::CouponCommand;
use crate::coupon::actor::{self, Stop};
use crate::shards::Slot;
use crate::supervisor::Supervised;

impl Supervised for Slot {
    type Command = CouponCommand;
    type Stop = Stop;
    const KIND: &'static str = "coupon";

    fn activate<'a>(&'a self, rx: &'a mut mpsc::Receiver<CouponCommand>) -> BoxFuture<'a, Stop> {
        actor::run(self.inner(), self.key(), self.activation_id(), rx).boxed()
    }

    fn gave_up(&self) -> Stop {
        Stop::Failed(String::from("coupon actor keeps failing; retry"))
    }

    fn restarted(&self) {
        self.inner().actor_restarted();
    }

    fn finish(&self, rx: mpsc::Receiver<CouponCommand>, stop: Stop) {
        actor::finish(self, rx, stop);
    }

    fn describe(&self) -> String {
        format!("{}/{}", self.key().tenant, self.key().code)
    }
}
