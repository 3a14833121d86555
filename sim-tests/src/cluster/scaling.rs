//! A StatefulSet scaled out and back in while a sale runs, in Kubernetes'
//! order, one pod at a time:
//!
//! * **Scale out** (`nodes` → `scale_to`): the next pod is created only once
//!   the previous one is ready; a pod gets Service traffic only once its
//!   `/readyz` answers 200, which it does only after its failure detector has
//!   finished a first round (it knows which keys are its own).
//! * **Scale in** (back to `nodes`, highest ordinal first): the pod leaves the
//!   Service's endpoints, then `preStop` runs `stampede leave`
//!   (`POST /cluster/leave`): the node reports itself leaving, its peers drop
//!   it at their next probe, it hands its actors off (answering the frames
//!   forwarded to it meanwhile) and answers once none is left. Then SIGTERM:
//!   the node stops taking HTTP requests (those in flight finish), closes its
//!   sessions and stops. The next pod goes only after it has stopped or its
//!   grace period (counted from `preStop`, as Kubernetes does) ran out.
//!
//! An operator inside the simulation drives this, so each step waits on what
//! the pods report, not on guessed times. Clients use the Service's endpoints
//! only. Besides DESIGN §4's invariants ([`super::scenario`]'s checks), a run
//! must sell the whole supply exactly (one hot code and several others), no attempt may give up, and no attempt
//! may be answered "retry" for longer than [`MAX_UNAVAILABLE`]: one hand-off.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use stampede_actors::cluster::detector::{self, Peers, MEMBERSHIP_POLL_MS};
use stampede_actors::cluster::{Cluster, Ring};
use stampede_actors::{Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::{ManualClock, SharedClock};
use stampede_storage::SharedStore;
use tokio::sync::watch;

use super::net::{self, SimListener, SimTransport};
use super::scenario::{
    self, code_name, Answer, ClusterOutcome, ClusterScenario, Observation, Observations, Started,
    ROOT_KEY,
};
use super::store_link::StoreLinks;
use crate::store_view::TENANT;

/// The longest an attempt may be answered "retry" before it is answered for
/// good, in simulated ms: a hand-off (the ring change seen within a poll, the
/// old owner's drain, the new owner's activation) plus a client's backoff.
pub const MAX_UNAVAILABLE: Duration = Duration::from_millis(4_000);
/// How long `preStop`'s leave may wait for the hand-off, in ms.
const LEAVE_TIMEOUT_MS: u64 = 3_000;
/// A pod's grace period from `preStop` on; then it is killed.
const GRACE: Duration = Duration::from_secs(10);
/// How long a leaving node's actors may take to drain.
const DRAIN: Duration = Duration::from_secs(5);
/// How often the operator probes a new pod's readiness.
const READY_POLL: Duration = Duration::from_millis(50);
/// How long a new pod may take to become ready.
const READY_LIMIT: Duration = Duration::from_secs(30);
/// A client's pause between attempts is drawn from `0..THINK_MAX_MS`: long
/// enough that the sale lasts through the whole scale out and into the scale
/// in ([`check`] fails a run whose sale ended before the scale in began).
const THINK_MAX_MS: u64 = 1_500;
/// Every `HOT_EVERY`th attempt of a client is on the hot code; the others go
/// round the other codes, so each gets the same demand.
const HOT_EVERY: usize = 2;
/// Backoff of a client's retry: `RETRY_BACKOFF_MS × (retry + 1)`, plus jitter.
const RETRY_BACKOFF_MS: u64 = 20;

/// A pod's phase, as the operator sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Not created yet.
    Absent,
    Running,
    /// SIGTERM was sent.
    Terminating,
}

/// What the operator and the pods share: phases, the Service's endpoints,
/// the peers whose sessions are up, and the pods that have stopped.
#[derive(Clone)]
struct Pods {
    phases: Arc<HashMap<String, watch::Sender<Phase>>>,
    endpoints: Arc<Mutex<Vec<String>>>,
    sessions: Arc<Mutex<BTreeSet<String>>>,
    stopped: Arc<Mutex<BTreeSet<String>>>,
    timeline: Arc<Mutex<Timeline>>,
}

/// When the scale in began, and how long each pod took from `preStop` to
/// stopped (its hand-off), in simulated time.
#[derive(Debug, Clone, Default)]
pub(super) struct Timeline {
    pub scale_in_at: Option<Duration>,
    pub handoffs: Vec<Duration>,
    /// Actors a leaving pod still had when its `preStop` wait ended.
    pub left_behind: u64,
}

impl Pods {
    fn new(all: &[String]) -> Self {
        let phases = all
            .iter()
            .map(|node| (node.clone(), watch::channel(Phase::Absent).0))
            .collect();
        Self {
            phases: Arc::new(phases),
            endpoints: Arc::default(),
            sessions: Arc::default(),
            stopped: Arc::default(),
            timeline: Arc::default(),
        }
    }

    fn set(&self, node: &str, phase: Phase) {
        if let Some(sender) = self.phases.get(node) {
            sender.send_replace(phase);
        }
    }

    fn watch(&self, node: &str) -> Option<watch::Receiver<Phase>> {
        self.phases.get(node).map(watch::Sender::subscribe)
    }

    fn endpoints(&self) -> Vec<String> {
        self.endpoints.lock().map(|e| e.clone()).unwrap_or_default()
    }

    fn edit<T>(set: &Mutex<T>, change: impl FnOnce(&mut T)) -> Result<(), String> {
        let mut guard = set.lock().map_err(|_| "pods poisoned")?;
        change(&mut guard);
        Ok(())
    }
}

/// Candidates are the nodes whose sessions are up: a pod that left is no
/// longer one, and its peers drop it at once.
struct Sessions(Arc<Mutex<BTreeSet<String>>>);

#[async_trait]
impl Peers for Sessions {
    async fn candidates(&mut self) -> BTreeSet<String> {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Runs one seed of a scenario with [`Disruption::ScaleOutIn`](super::Disruption):
/// DESIGN §4's invariants, then this run's own ([`check`]).
pub fn run_scaling_seed(seed: u64, scenario: &ClusterScenario) -> Result<ClusterOutcome, String> {
    let scenario = &ClusterScenario {
        hot_code: most_moved_code(scenario),
        ..scenario.clone()
    };
    let (mem, store) = scenario::open_store(seed, scenario)?;
    let (observations, timeline) = simulate(seed, scenario, &store)?;
    mem.set_faults(stampede_storage::MemFaults::default());
    let outcome = scenario::block_on(scenario::check(&store, scenario, &observations))?;
    check(scenario, &observations, &timeline, &outcome)?;
    Ok(outcome)
}

/// The code whose owner the scale-out changes most often (the first such):
/// placement is a pure function of the member names, so without this choice
/// the hot code might stay on one node the whole run and prove nothing about
/// moving one.
fn most_moved_code(scenario: &ClusterScenario) -> usize {
    let owners = |code: usize| -> Vec<String> {
        (scenario.nodes..=scenario.scale_to.max(scenario.nodes))
            .map(|size| {
                let ring = Ring::new((0..size).map(scenario::node_name));
                let owner = ring.owner(TENANT, &code_name(code));
                owner.unwrap_or_default().to_owned()
            })
            .collect()
    };
    let moves = |code: usize| owners(code).windows(2).filter(|w| w[0] != w[1]).count();
    (0..scenario.codes)
        .max_by_key(|code| (moves(*code), std::cmp::Reverse(*code)))
        .unwrap_or(0)
}

/// Runs the sale while the StatefulSet scales; answers what clients saw.
fn simulate(
    seed: u64,
    scenario: &ClusterScenario,
    store: &SharedStore,
) -> Result<(Vec<Observation>, Timeline), String> {
    let mut sim = scenario::sim_builder(seed);
    let start = Utc
        .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .ok_or("clock")?;
    let clock: SharedClock = Arc::new(ManualClock::new(start));
    let all: Vec<String> = (0..scenario.scale_to.max(scenario.nodes))
        .map(scenario::node_name)
        .collect();
    let pods = Pods::new(&all);
    let started: Started = Arc::default();
    let links = StoreLinks::new(store.clone());
    for node in &all {
        add_pod(&mut sim, node, &links, &clock, &started, &pods);
    }
    add_operator(&mut sim, seed, scenario, &all, &pods);
    let observations: Observations = Arc::default();
    for client in 0..scenario.clients {
        add_client(&mut sim, seed, client, scenario, &pods, &observations);
    }
    sim.run()
        .map_err(|err| format!("simulation failed: {err}"))?;
    scenario::no_actor_restarted(&started)?;
    let observed = observations
        .lock()
        .map_err(|_| "observations poisoned")?
        .clone();
    let timeline = pods.timeline.lock().map_err(|_| "poisoned")?.clone();
    Ok((observed, timeline))
}

/// A pod: nothing until created; then a node that serves until SIGTERM, then
/// leaves the ring, drains and stops.
fn add_pod(
    sim: &mut turmoil::Sim<'_>,
    node: &str,
    links: &StoreLinks,
    clock: &SharedClock,
    started: &Started,
    pods: &Pods,
) {
    let (node, store, clock) = (node.to_owned(), links.store_for(node), clock.clone());
    let (started, pods) = (started.clone(), pods.clone());
    sim.host(node.clone(), move || {
        let (node, store, clock) = (node.clone(), store.clone(), clock.clone());
        let (started, pods) = (started.clone(), pods.clone());
        async move {
            let mut phase = pods.watch(&node).ok_or("unknown pod")?;
            phase.wait_for(|p| *p != Phase::Absent).await?;
            let shards = Shards::with_cluster(
                store,
                clock,
                ShardsConfig::default(),
                Cluster::single(node.clone()),
            );
            shards.cluster().set_transport(Arc::new(SimTransport));
            started.lock().map_err(|_| "poisoned")?.push(shards.clone());
            let detector = tokio::spawn(detector::follow(
                shards.clone(),
                Sessions(pods.sessions.clone()),
            ));
            let peer_server = tokio::spawn(net::serve_peers(shards.clone()));
            serve_until_terminated(&shards, phase).await?;
            leave(&node, &shards, &pods).await?;
            detector.abort();
            peer_server.abort();
            Pods::edit(&pods.stopped, |s| {
                s.insert(node.clone());
            })?;
            Ok(())
        }
    });
}

/// The HTTP API until SIGTERM; then the requests in flight finish.
async fn serve_until_terminated(
    shards: &Shards,
    mut phase: watch::Receiver<Phase>,
) -> Result<(), Box<dyn std::error::Error>> {
    let state = AppState {
        shards: shards.clone(),
        auth: Arc::new(Auth::new(ROOT_KEY)),
        metrics: None,
    };
    let listener = turmoil::net::TcpListener::bind(("0.0.0.0", net::HTTP_PORT)).await?;
    let cluster = shards.cluster().clone();
    let terminated = async move {
        let _ = phase.wait_for(|p| *p == Phase::Terminating).await;
        cluster.begin_leaving();
    };
    axum::serve(SimListener(listener), stampede_api::router(state))
        .with_graceful_shutdown(terminated)
        .await?;
    Ok(())
}

/// After SIGTERM (the node has left the ring in `preStop`): its sessions
/// close, it answers what was forwarded to it until its peers have noticed,
/// then whatever actors are left commit what they hold and stop.
async fn leave(node: &str, shards: &Shards, pods: &Pods) -> Result<(), String> {
    Pods::edit(&pods.sessions, |s| {
        s.remove(node);
    })?;
    tokio::time::sleep(Duration::from_millis(MEMBERSHIP_POLL_MS * 2)).await;
    shards.shutdown(DRAIN).await;
    Ok(())
}

/// The StatefulSet controller and the Service: creates pods one at a time,
/// each after the previous is ready, then removes them highest first.
fn add_operator(
    sim: &mut turmoil::Sim<'_>,
    seed: u64,
    scenario: &ClusterScenario,
    all: &[String],
    pods: &Pods,
) {
    let (min, all, pods) = (scenario.nodes, all.to_vec(), pods.clone());
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5CA1_AB1E);
    sim.client("operator", async move {
        for node in &all[..min] {
            create(node, &pods).await?;
        }
        // The sale runs a while on the first pods, so every code has an
        // owner (and an actor) before ownership starts to move.
        tokio::time::sleep(Duration::from_millis(rng.random_range(1_000..2_000))).await;
        for node in &all[min..] {
            tokio::time::sleep(Duration::from_millis(rng.random_range(100..600))).await;
            create(node, &pods).await?;
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(200..1_000))).await;
        let now = turmoil::sim_elapsed().unwrap_or_default();
        Pods::edit(&pods.timeline, |t| t.scale_in_at = Some(now))?;
        for node in all[min..].iter().rev() {
            remove(node, &pods).await?;
            tokio::time::sleep(Duration::from_millis(rng.random_range(50..400))).await;
        }
        Ok(())
    });
}

/// Creates `node` and puts it behind the Service once `/readyz` answers 200.
async fn create(node: &str, pods: &Pods) -> Result<(), Box<dyn std::error::Error>> {
    Pods::edit(&pods.sessions, |s| {
        s.insert(node.to_owned());
    })?;
    pods.set(node, Phase::Running);
    let deadline = tokio::time::Instant::now() + READY_LIMIT;
    loop {
        if net::get_status(node, "/readyz").await == Ok(200) {
            break;
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("{node} never became ready").into());
        }
        tokio::time::sleep(READY_POLL).await;
    }
    Pods::edit(&pods.endpoints, |e| e.push(node.to_owned()))?;
    Ok(())
}

/// Takes `node` out of the Service, runs `preStop` (the node leaves the ring
/// and hands off), sends SIGTERM and waits until it stopped (or its grace
/// period ended: it is killed then).
async fn remove(node: &str, pods: &Pods) -> Result<(), Box<dyn std::error::Error>> {
    Pods::edit(&pods.endpoints, |e| e.retain(|n| n != node))?;
    let pre_stop = tokio::time::Instant::now();
    let deadline = pre_stop + GRACE;
    let body = json!({"timeout_ms": LEAVE_TIMEOUT_MS});
    let path = "/v1/promotions/cluster/leave";
    let left = net::post_json(node, path, TENANT, ROOT_KEY, None, &body).await?;
    if left.status != 200 {
        return Err(format!(
            "{node}: preStop's leave answered {} {}",
            left.status, left.body
        )
        .into());
    }
    let behind = left.body["remaining_actors"].as_u64().unwrap_or(0);
    Pods::edit(&pods.timeline, |t| t.left_behind += behind)?;
    pods.set(node, Phase::Terminating);
    while tokio::time::Instant::now() < deadline {
        if pods.stopped.lock().map_err(|_| "poisoned")?.contains(node) {
            Pods::edit(&pods.timeline, |t| t.handoffs.push(pre_stop.elapsed()))?;
            return Ok(());
        }
        tokio::time::sleep(READY_POLL).await;
    }
    Err(format!("{node} did not stop within its grace period").into())
}

/// A shopper: `attempts_per_client` attempts, each after a pause. An attempt
/// on the hot code is two requests at once (two tabs, a double click), each
/// its own attempt, sent to different endpoints: with one owner per code they
/// meet in its actor, and only a second owner could let both past the
/// shopper's limit.
fn add_client(
    sim: &mut turmoil::Sim<'_>,
    seed: u64,
    client: usize,
    scenario: &ClusterScenario,
    pods: &Pods,
    observations: &Observations,
) {
    let (scenario, pods, observations) = (scenario.clone(), pods.clone(), observations.clone());
    let mut rng = StdRng::seed_from_u64(seed ^ (0xC0FF_EE00 + client as u64));
    sim.client(scenario::client_name(client), async move {
        for attempt in 0..scenario.attempts_per_client {
            let key = format!("a-{client}-{attempt}");
            let customer = format!("cust-{}", rng.random_range(0..scenario.customers));
            let hot = scenario.codes == 1 || attempt % HOT_EVERY == 0;
            let code = code_name(if hot {
                scenario.hot_code
            } else {
                other_code(&scenario, client * 3 + attempt)
            });
            let think = rng.random_range(0..THINK_MAX_MS);
            tokio::time::sleep(Duration::from_millis(think)).await;
            let shopper = Shopper {
                customer: &customer,
                code: &code,
                pods: &pods,
                observations: &observations,
                max_retries: scenario.max_retries,
            };
            let first = shopper.attempt(key.clone(), rng.random());
            if hot {
                let twin = shopper.attempt(format!("{key}-twin"), rng.random());
                let (first, twin) = tokio::join!(first, twin);
                first.and(twin)?;
            } else {
                first.await?;
            }
        }
        Ok(())
    });
}

/// The `n`th code other than the hot one, round the others.
fn other_code(scenario: &ClusterScenario, n: usize) -> usize {
    let other = n % (scenario.codes - 1);
    if other >= scenario.hot_code {
        other + 1
    } else {
        other
    }
}

/// What one shopper's attempts share.
struct Shopper<'a> {
    customer: &'a str,
    code: &'a str,
    pods: &'a Pods,
    observations: &'a Observations,
    max_retries: usize,
}

impl Shopper<'_> {
    /// One attempt: sent to an endpoint, and retried (same key, any
    /// endpoint) while the answer is "retry".
    async fn attempt(&self, key: String, seed: u64) -> Result<(), String> {
        let mut rng = StdRng::seed_from_u64(seed);
        let body = json!({"coupon_code": self.code, "user_id": self.customer,
            "metadata": {"attempt": key}});
        let pick = |rng: &mut StdRng| {
            let endpoints = self.pods.endpoints();
            (!endpoints.is_empty()).then(|| endpoints[rng.random_range(0..endpoints.len())].clone())
        };
        let retries = (self.max_retries, RETRY_BACKOFF_MS, READY_POLL);
        scenario::attempt((&key, &body), retries, &mut rng, pick, self.observations).await
    }
}

/// The scaling run's own checks: the whole supply sold, no attempt given up,
/// and no attempt kept waiting longer than one hand-off.
fn check(
    scenario: &ClusterScenario,
    observations: &[Observation],
    timeline: &Timeline,
    outcome: &ClusterOutcome,
) -> Result<(), String> {
    let last_sale = observations
        .iter()
        .filter(|o| matches!(o.answer, Answer::Acknowledged(_)))
        .map(|o| o.at)
        .max();
    match (timeline.scale_in_at, last_sale) {
        (Some(scale_in), Some(last)) if last > scale_in => {}
        _ => {
            return Err(format!(
                "the sale (last sale at {last_sale:?}) did not last into the scale in \
                 ({:?}): the run proves nothing",
                timeline.scale_in_at
            ))
        }
    }
    let supply: u64 = (0..scenario.codes).map(|i| scenario.supply_of(i)).sum();
    if outcome.stored_successes as u64 != supply {
        return Err(format!(
            "sold {} of a supply of {supply}: the sale did not sell out exactly",
            outcome.stored_successes
        ));
    }
    if outcome.gave_up > 0 {
        return Err(format!(
            "{} attempt(s) gave up: {:?}",
            outcome.gave_up, outcome.gave_up_reasons
        ));
    }
    let (attempt, waited) = longest_unavailable(observations);
    if std::env::var_os("SIM_VERBOSE").is_some() {
        let longest_handoff = timeline.handoffs.iter().max();
        eprintln!(
            "scaling: scale in at {:?}, last sale at {last_sale:?}, longest hand-off \
             (preStop to stopped) {longest_handoff:?}, actors left after preStop {}, \
             longest wait {waited:?} ({attempt})",
            timeline.scale_in_at, timeline.left_behind
        );
    }
    if waited > MAX_UNAVAILABLE {
        return Err(format!(
            "attempt {attempt} was answered \"retry\" for {waited:?}, longer than a hand-off ({MAX_UNAVAILABLE:?})"
        ));
    }
    Ok(())
}

/// The attempt answered "retry" the longest: from its first retryable answer
/// to its final one.
pub(super) fn longest_unavailable(observations: &[Observation]) -> (String, Duration) {
    let mut first_retry: HashMap<&str, Duration> = HashMap::new();
    let mut longest = (String::new(), Duration::ZERO);
    for observation in observations {
        let attempt = observation.attempt.as_str();
        match observation.answer {
            Answer::Retryable(_) => {
                first_retry.entry(attempt).or_insert(observation.at);
            }
            _ => {
                if let Some(since) = first_retry.remove(attempt) {
                    let waited = observation.at.saturating_sub(since);
                    if waited > longest.1 {
                        longest = (attempt.to_owned(), waited);
                    }
                }
            }
        }
    }
    longest
}
