//! The `ractor` actor that runs one activation of a keyed actor (a coupon, a
//! campaign), and the [`Activation`] trait each kind implements.
//!
//! ```text
//! dispatch ──push──► bounded mailbox (the registry's; 429 when full)
//!     └──── Wake (only when none is pending) ──► KeyedActor ──drain──► Activation
//! commit task / lease / recall ──── Event ─────► KeyedActor ─────────► Activation
//! ```
//!
//! **Why the commands do not travel in ractor's own port.** ractor hands
//! `handle` one message at a time from an unbounded port it keeps private, and a
//! failed actor's port is dropped with it. These actors decide a whole chunk at
//! once (one read prefetches what the chunk needs, one commit carries it), must
//! refuse with 429 rather than queue without bound, and must not lose what was
//! queued when they fail. So the commands wait in a bounded mailbox the registry
//! owns; ractor carries a `Wake` (sent only when none is pending, so one per
//! chunk), the actor's own events (commit results, lease answers, recall
//! reports, timers) and supervision. Whatever queued while an activation was
//! busy is drained as the next chunk.
//!
//! **Slot.** Each activation holds its key's [`Slot`] guard (shared by its
//! restarts); the key and the live-actor slot are freed when the last holder
//! drops it, however the actor ended.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use ractor::{Actor, ActorProcessingErr, ActorRef};
use tokio::time::Instant;

use super::mailbox::Mailbox;
use super::{Host, Slot};

/// The commands of `H`'s actors.
pub(crate) type CommandOf<H> = <H as Host>::Command;
/// What `A`'s supervisor and routing need of its host.
type HostOf<A> = <A as Activation>::Host;

/// One kind of keyed actor's behaviour (coupon, campaign): its state is `Self`,
/// one activation's view of its key, loaded from the store.
pub(crate) trait Activation: Sized + Send + 'static {
    type Host: Host<Actor = Self>;
    /// What the actor sends itself (commit results, answers of tasks it started).
    type Event: Send + 'static;
    /// Why an activation ends.
    type Stop: Send + 'static;

    /// For logs and the restart metric's `actor` label.
    const KIND: &'static str;
    /// Commands decided as one chunk at most.
    const MAX_DRAIN: usize;

    /// Reads the key's state from the store; `Err` ends the activation at once.
    fn activate(
        slot: &Slot<Self::Host>,
        me: Me<Self::Event>,
    ) -> BoxFuture<'_, Result<Self, Self::Stop>>;

    /// Whether it takes new commands now (they wait in the mailbox otherwise).
    fn accepts(&self) -> bool;

    /// Decides a chunk of commands. `Some(stop)` ends the activation.
    fn on_commands(
        &mut self,
        commands: Vec<CommandOf<Self::Host>>,
    ) -> BoxFuture<'_, Option<Self::Stop>>;

    /// Handles one of its own events. `Some(stop)` ends the activation.
    fn on_event(&mut self, event: Self::Event) -> BoxFuture<'_, Option<Self::Stop>>;

    /// After every message: start what is due (a commit), or stop. `closed`:
    /// the mailbox is closed and empty (routing moved away).
    fn after(&mut self, closed: bool) -> Option<Self::Stop>;

    /// How long it may stay idle before passivating; `None` while anything is
    /// in flight.
    fn idle_after(&self, closed: bool) -> Option<Duration>;

    /// Ends with `stop`: answer or give back what it still holds.
    fn stopping(&mut self, stop: &Self::Stop);

    /// The stop of an idle activation, and of one its supervisor gave up on.
    fn passivated() -> Self::Stop;
    fn gave_up() -> Self::Stop;

    /// Answers or re-routes one command still queued when the activation ended.
    fn leftover(
        host: &Arc<Self::Host>,
        key: &<Self::Host as Host>::Key,
        command: CommandOf<Self::Host>,
        stop: &Self::Stop,
    );

    /// Who this is, for logs.
    fn describe(key: &<Self::Host as Host>::Key) -> String;
}

/// What a keyed actor's ractor port carries.
pub(crate) enum Msg<E> {
    /// The mailbox has commands.
    Wake,
    /// One of the actor's own events.
    Event(E),
    /// The idle timer fired.
    Idle,
}

impl<E: Send + 'static> ractor::Message for Msg<E> {}

/// An activation's handle on itself, for the tasks it starts to answer it.
pub(crate) struct Me<E: Send + 'static>(ActorRef<Msg<E>>);

impl<E: Send + 'static> Clone for Me<E> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<E: Send + 'static> Me<E> {
    /// Sends the actor `event`; dropped if it stopped (it answered its
    /// waiters then).
    pub(crate) fn send(&self, event: E) {
        let _ = self.0.send_message(Msg::Event(event));
    }

    /// Sends the actor `event` after `delay`.
    pub(crate) fn send_after(&self, delay: Duration, event: E) {
        // Detached: the timer's task ends by itself.
        drop(self.0.send_after(delay, move || Msg::Event(event)));
    }
}

/// What an activation runs on, shared with its restarts.
pub(crate) struct Child<H: Host> {
    pub(crate) slot: Arc<Slot<H>>,
    pub(crate) mailbox: Arc<Mailbox<H::Command>>,
    pub(crate) restarts: u32,
}

impl<H: Host> Clone for Child<H> {
    fn clone(&self) -> Self {
        Self {
            slot: self.slot.clone(),
            mailbox: self.mailbox.clone(),
            restarts: self.restarts,
        }
    }
}

impl<H: Host> Child<H> {
    /// Leaves the map, closes the mailbox and answers (or, on passivation,
    /// re-routes) what it still holds.
    pub(crate) fn finish<A: Activation<Host = H>>(&self, stop: &A::Stop) {
        self.slot.deregister();
        let leftovers = self.mailbox.close_and_take();
        for command in leftovers {
            A::leftover(self.slot.inner(), self.slot.key(), command, stop);
        }
    }
}

/// The ractor actor that runs one activation of `A`.
pub(crate) struct KeyedActor<A>(PhantomData<fn() -> A>);

impl<A> KeyedActor<A> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

/// A keyed actor's ractor state.
pub(crate) struct Running<A: Activation> {
    child: Child<HostOf<A>>,
    /// `None` once it ended (or before it loaded).
    activation: Option<A>,
    /// The mailbox is closed and empty.
    closed: bool,
    idle_armed: bool,
    last_active: Instant,
}

impl<A: Activation> Actor for KeyedActor<A> {
    type Msg = Msg<A::Event>;
    type State = Running<A>;
    type Arguments = Child<HostOf<A>>;

    async fn pre_start(
        &self,
        _: ActorRef<Self::Msg>,
        child: Self::Arguments,
    ) -> Result<Running<A>, ActorProcessingErr> {
        Ok(Running {
            child,
            activation: None,
            closed: false,
            idle_armed: false,
            last_active: Instant::now(),
        })
    }

    /// Loads, then takes what queued meanwhile (or while a failed activation
    /// was being replaced).
    async fn post_start(
        &self,
        myself: ActorRef<Self::Msg>,
        state: &mut Running<A>,
    ) -> Result<(), ActorProcessingErr> {
        match A::activate(&state.child.slot, Me(myself.clone())).await {
            Ok(activation) => {
                state.activation = Some(activation);
                let stop = state.drain(&myself).await;
                state.tail(&myself, stop);
            }
            Err(stop) => state.end(&myself, stop),
        }
        Ok(())
    }

    async fn handle(
        &self,
        myself: ActorRef<Self::Msg>,
        message: Self::Msg,
        state: &mut Running<A>,
    ) -> Result<(), ActorProcessingErr> {
        let stop = match message {
            _ if state.activation.is_none() => return Ok(()),
            Msg::Wake => {
                state.last_active = Instant::now();
                state.drain(&myself).await
            }
            Msg::Event(event) => {
                state.last_active = Instant::now();
                match state.activation.as_mut() {
                    Some(activation) => activation.on_event(event).await,
                    None => None,
                }
            }
            Msg::Idle => state.on_idle(),
        };
        state.tail(&myself, stop);
        Ok(())
    }
}

impl<A: Activation> Running<A> {
    /// Takes up to a chunk from the mailbox and decides it.
    async fn drain(&mut self, myself: &ActorRef<Msg<A::Event>>) -> Option<A::Stop> {
        let activation = self.activation.as_mut()?;
        if !activation.accepts() {
            // What waits stays; it is taken (or handed on) when the actor ends.
            return None;
        }
        let taken = self.child.mailbox.take(A::MAX_DRAIN);
        self.closed = taken.closed;
        if taken.more {
            let _ = myself.send_message(Msg::Wake);
        }
        if taken.commands.is_empty() {
            return None;
        }
        activation.on_commands(taken.commands).await
    }

    /// Passivates if it stayed idle long enough and nothing is queued.
    fn on_idle(&mut self) -> Option<A::Stop> {
        self.idle_armed = false;
        let idle = self.activation.as_ref()?.idle_after(self.closed)?;
        if self.last_active.elapsed() < idle {
            return None; // re-armed by `tail` for what is left
        }
        let slot = &self.child.slot;
        let registry = slot.inner().registry();
        registry
            .try_deregister_idle(slot.key(), slot.activation_id(), &self.child.mailbox)
            .then(A::passivated)
    }

    /// After a message: stop, or start what is due and arm the idle timer.
    fn tail(&mut self, myself: &ActorRef<Msg<A::Event>>, stop: Option<A::Stop>) {
        let Some(activation) = self.activation.as_mut() else {
            return;
        };
        match stop.or_else(|| activation.after(self.closed)) {
            Some(stop) => self.end(myself, stop),
            None => {
                let Some(idle) = activation.idle_after(self.closed) else {
                    return;
                };
                if !self.idle_armed {
                    self.idle_armed = true;
                    let left = idle.saturating_sub(self.last_active.elapsed());
                    drop(myself.send_after(left, || Msg::Idle));
                }
            }
        }
    }

    /// Ends the activation: the mailbox's leftovers are answered or re-routed,
    /// the activation gives back what it holds, the ractor actor stops.
    fn end(&mut self, myself: &ActorRef<Msg<A::Event>>, stop: A::Stop) {
        self.child.finish::<A>(&stop);
        if let Some(mut activation) = self.activation.take() {
            activation.stopping(&stop);
        }
        myself.stop(None);
    }
}
