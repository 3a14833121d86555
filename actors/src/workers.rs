//! Periodic workers — reservation expiry, schedules, idempotency expiry,
//! abandoned bulk jobs — as `ractor` actors, each owned by a `ractor`
//! supervisor that restarts it when it fails.
//!
//! A worker is stateless between rounds (whatever it needs is re-read from the
//! store, and its ring-singleton lead is re-claimed under a new fence), so a
//! restart is simply a fresh worker from its factory. A round that panics fails
//! the worker actor; ractor reports the failure to the supervisor, which counts
//! it (`stampede_actor_restarts_total{actor=<worker>}`) and starts a fresh one;
//! the next round comes one period later, so a failure that every round
//! reproduces costs one log line per period, never a spin. A worker whose work
//! is over (its node's shards were dropped) stops cleanly, and its supervisor
//! with it.
//!
//! Coupon and campaign actors are ractor actors too, under their own kind of
//! supervisor (`crate::registry`): they keep a bounded mailbox and state that a
//! restart re-reads, so their supervision differs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
/// Why a supervisor could not start.
pub use ractor::SpawnErr;
use ractor::{Actor, ActorProcessingErr, ActorRef, SupervisionEvent};

use crate::telemetry;

/// One periodic job of a node.
pub trait Worker: Send + Sync + 'static {
    /// For logs and the restart metric's `actor` label.
    fn name(&self) -> &'static str;
    /// Time between the end of one round and the start of the next.
    fn period(&self) -> Duration;
    /// One round. `false`: the work is over for good (its node stopped).
    fn round(&mut self) -> BoxFuture<'_, bool>;
}

/// Makes a fresh worker: at start, and after each failure.
pub type Factory = Arc<dyn Fn() -> Box<dyn Worker> + Send + Sync>;

/// A running worker's supervisor.
#[derive(Clone)]
pub struct Supervised {
    supervisor: ActorRef<SupervisorMsg>,
    restarts: Arc<AtomicU64>,
}

impl Supervised {
    /// Workers this supervisor restarted after a failure.
    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::SeqCst)
    }

    /// Stops the supervisor and its worker (a round in progress finishes first).
    pub fn stop(&self) {
        self.supervisor.stop(None);
    }
}

/// Starts `factory`'s worker under its own supervisor.
pub async fn supervise(factory: Factory) -> Result<Supervised, SpawnErr> {
    let restarts = Arc::new(AtomicU64::new(0));
    let args = SupervisorArgs {
        factory,
        restarts: restarts.clone(),
    };
    let (supervisor, _) = Actor::spawn(None, WorkerSupervisor, args).await?;
    Ok(Supervised {
        supervisor,
        restarts,
    })
}

/// The worker's only message: time for a round.
pub enum WorkerMsg {
    Round,
}

impl ractor::Message for WorkerMsg {}

struct WorkerActor;

impl Actor for WorkerActor {
    type Msg = WorkerMsg;
    type State = Box<dyn Worker>;
    type Arguments = Box<dyn Worker>;

    async fn pre_start(
        &self,
        myself: ActorRef<WorkerMsg>,
        worker: Box<dyn Worker>,
    ) -> Result<Box<dyn Worker>, ActorProcessingErr> {
        myself.send_after(worker.period(), || WorkerMsg::Round);
        Ok(worker)
    }

    async fn handle(
        &self,
        myself: ActorRef<WorkerMsg>,
        _: WorkerMsg,
        worker: &mut Box<dyn Worker>,
    ) -> Result<(), ActorProcessingErr> {
        // The next round is asked for after this one ends, so slow rounds never
        // pile up in the mailbox.
        if worker.round().await {
            myself.send_after(worker.period(), || WorkerMsg::Round);
        } else {
            myself.stop(Some(String::from("work over")));
        }
        Ok(())
    }
}

/// A supervisor takes no messages of its own: only its child's lifecycle.
pub enum SupervisorMsg {}

impl ractor::Message for SupervisorMsg {}

struct WorkerSupervisor;

struct SupervisorArgs {
    factory: Factory,
    restarts: Arc<AtomicU64>,
}

struct SupervisorState {
    factory: Factory,
    restarts: Arc<AtomicU64>,
    /// The worker's name, for logs and the metric.
    name: &'static str,
}

impl Actor for WorkerSupervisor {
    type Msg = SupervisorMsg;
    type State = SupervisorState;
    type Arguments = SupervisorArgs;

    async fn pre_start(
        &self,
        myself: ActorRef<SupervisorMsg>,
        args: SupervisorArgs,
    ) -> Result<SupervisorState, ActorProcessingErr> {
        let name = start_worker(&myself, &args.factory).await?;
        Ok(SupervisorState {
            factory: args.factory,
            restarts: args.restarts,
            name,
        })
    }

    async fn handle(
        &self,
        _: ActorRef<SupervisorMsg>,
        message: SupervisorMsg,
        _: &mut SupervisorState,
    ) -> Result<(), ActorProcessingErr> {
        match message {}
    }

    async fn handle_supervisor_evt(
        &self,
        myself: ActorRef<SupervisorMsg>,
        event: SupervisionEvent,
        state: &mut SupervisorState,
    ) -> Result<(), ActorProcessingErr> {
        match event {
            SupervisionEvent::ActorFailed(_, err) => {
                let name = state.name;
                tracing::error!(worker = name, error = %err, "worker failed; restarting it");
                metrics::counter!(telemetry::ACTOR_RESTARTS_TOTAL, "actor" => name).increment(1);
                state.restarts.fetch_add(1, Ordering::SeqCst);
                start_worker(&myself, &state.factory).await?;
            }
            SupervisionEvent::ActorTerminated(..) => myself.stop(None),
            _ => {}
        }
        Ok(())
    }
}

/// Starts a fresh worker linked to `supervisor`; answers its name.
async fn start_worker(
    supervisor: &ActorRef<SupervisorMsg>,
    factory: &Factory,
) -> Result<&'static str, ActorProcessingErr> {
    let worker = factory();
    let name = worker.name();
    Actor::spawn_linked(None, WorkerActor, worker, supervisor.get_cell()).await?;
    Ok(name)
}
