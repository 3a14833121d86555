//! Cluster scenarios: a flash sale across 3–5 nodes under a seeded schedule of
//! disruptions, then DESIGN §4's invariants checked against the store and against
//! every reply the clients saw.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use stampede_actors::cluster::detector::{self, StaticPeers};
use stampede_actors::cluster::Cluster;
use stampede_actors::webhooks::WebhookSettings;
use stampede_actors::{Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::{ManualClock, SharedClock};
use stampede_protocol::Redemption;
use stampede_storage::{MemFaults, MemStore, SharedStore};

use super::hooks::SimReceiver;
use super::net::{self, SimListener, SimTransport};
use super::store_link::StoreLinks;
use crate::store_view::{self, TENANT};

pub(super) const ROOT_KEY: &str = "sim-root-key";
/// How long a client waits for one HTTP answer before it retries elsewhere.
pub(super) const CLIENT_TIMEOUT_MS: u64 = 3_000;
/// Attempts of one setup request, across the nodes.
const SETUP_ATTEMPTS: usize = 40;
/// A client's pause between two attempts is drawn from `0..THINK_MAX_MS`, which
/// spreads a sale over a few simulated seconds, long enough for the disruptions.
pub(super) const THINK_MAX_MS: u64 = 250;
/// Commit latency jitter of the shared store, on top of its base latency.
pub(super) const CLUSTER_COMMIT_JITTER_MS: u64 = 4;
/// Upper bound of simulated time; a run that needs more is a liveness failure.
pub(super) const SIMULATION_LIMIT_SECS: u64 = 600;

/// What goes wrong during the sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disruption {
    None,
    /// Two nodes cannot reach each other for a while, then can again.
    PartitionHealed,
    /// Two nodes cannot reach each other until the end.
    PartitionUnhealed,
    /// A node crashes mid-batch and restarts.
    CrashRestart,
    /// A node starts mid-sale; each other node admits it when its probe answers.
    Join,
    /// A node drops out: its peers stop hearing from it (each notices on its own
    /// schedule) while it still serves clients by its own view, then it stops.
    Leave,
    /// No client can reach one node for a while (its peers still can).
    ClientsCutOff,
    /// A node stops for a while: every message to or from it is held, then
    /// delivered late (a long GC pause, a stalled VM).
    NodePaused,
    /// A node cannot reach the store for a while: its transactions time out
    /// while it still serves clients and peers.
    StoreCutOff,
    /// The StatefulSet scales from `nodes` to `scale_to` pods and back, one
    /// pod at a time, as Kubernetes does it: run by `run_scaling_seed`
    /// (`super::scaling`), which drives it from inside the simulation.
    ScaleOutIn,
    /// Two regions: the one away from the store's primary is cut off from
    /// it and from the other region, then the primary region is lost and the
    /// store fails over: run by `run_region_seed` (`super::regions`).
    RegionFailover,
}

/// Shape of one run.
/// How often a simulated node looks for abandoned jobs (simulated time).
const JOB_RESUME_SIM_MS: u64 = 500;

#[derive(Debug, Clone)]
pub struct ClusterScenario {
    pub nodes: usize,
    pub codes: usize,
    pub max_uses: u64,
    pub per_customer_limit: u32,
    pub customers: usize,
    pub clients: usize,
    pub attempts_per_client: usize,
    /// Rate of each storage fault (1020, 1021) per commit; 1007 at a fifth of it.
    pub fault_rate: f64,
    /// Retries of one attempt (same idempotency key) after a retryable answer.
    pub max_retries: usize,
    pub disruption: Disruption,
    /// When set, every code belongs to one campaign with this redemption budget,
    /// created over HTTP before the sale (the budget is spent through leases).
    pub campaign_budget: Option<u64>,
    /// How long idempotency keys are kept (clock time), when not the default:
    /// short enough and the expiry worker deletes records during the run.
    pub idempotency_retention: Option<Duration>,
    /// With [`Disruption::ScaleOutIn`]: the pods at the peak.
    pub scale_to: usize,
    /// The supply of the hot code, when not `max_uses`.
    pub hot_max_uses: Option<u64>,
    /// Which code is the hot one (`hot_max_uses`); the scaling run picks one
    /// that its scale-out moves.
    pub hot_code: usize,
}

impl ClusterScenario {
    /// Code `i`'s `max_uses`.
    pub fn supply_of(&self, i: usize) -> u64 {
        match self.hot_max_uses {
            Some(hot) if i == self.hot_code => hot,
            _ => self.max_uses,
        }
    }
}

impl Default for ClusterScenario {
    fn default() -> Self {
        Self {
            nodes: 3,
            codes: 1,
            max_uses: 60,
            per_customer_limit: 1,
            customers: 80,
            clients: 24,
            attempts_per_client: 10,
            fault_rate: 0.05,
            max_retries: 8,
            disruption: Disruption::None,
            campaign_budget: None,
            idempotency_retention: None,
            scale_to: 3,
            hot_max_uses: None,
            hot_code: 0,
        }
    }
}

/// What a run observed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClusterOutcome {
    pub acknowledged: usize,
    pub refused: usize,
    pub gave_up: usize,
    pub stored_successes: usize,
    /// Last retryable answer of each attempt that gave up, counted.
    pub gave_up_reasons: BTreeMap<String, usize>,
    /// Digest of every reply in the order clients saw them, ids included (the
    /// simulated clock mints them): equal digests mean the run replayed the same
    /// way.
    pub trace_digest: u64,
}

/// Refusals a client may legitimately get in these scenarios.
const EXPECTED_REFUSALS: &[&str] = &[
    "limit_reached",
    "per_customer_limit_reached",
    "campaign_limit_reached",
];

#[derive(Debug, Clone)]
pub(super) enum Answer {
    Acknowledged(String),
    Refused(String),
    Retryable(String),
}

#[derive(Debug, Clone)]
pub(super) struct Observation {
    pub at: Duration,
    pub attempt: String,
    pub answer: Answer,
}

pub(super) type Observations = Arc<Mutex<Vec<Observation>>>;

/// Every node's `Shards`, a restarted node's new one included: read after the
/// run for the actors their supervisors restarted.
pub(super) type Started = Arc<Mutex<Vec<Shards>>>;

pub(super) fn node_name(i: usize) -> String {
    format!("n{}", i + 1)
}

pub(super) fn code_name(i: usize) -> String {
    format!("FLASH{i:02}")
}

fn coupon_id(i: usize) -> String {
    format!("cpn_flash{i:02}")
}

/// Runs one seed; `Err` names the violated invariant.
pub fn run_cluster_seed(seed: u64, scenario: &ClusterScenario) -> Result<ClusterOutcome, String> {
    let (mem, store) = open_store(seed, scenario)?;
    let observations = simulate(seed, scenario, &store)?;
    mem.set_faults(MemFaults::default());
    block_on(check(&store, scenario, &observations))
}

/// The shared store of one run: the sale's coupons in it (unless a campaign
/// creates them over HTTP), and its faults on.
pub(super) fn open_store(
    seed: u64,
    scenario: &ClusterScenario,
) -> Result<(MemStore, SharedStore), String> {
    let mem = MemStore::with_seed(seed);
    let store: SharedStore = Arc::new(mem.clone());
    if scenario.campaign_budget.is_none() {
        block_on(insert_coupons(&store, scenario))?;
    }
    mem.set_faults(store_view::faults(
        scenario.fault_rate,
        CLUSTER_COMMIT_JITTER_MS,
    ));
    Ok((mem, store))
}

pub(super) fn block_on<T>(
    future: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(future)
}

fn simulate(
    seed: u64,
    scenario: &ClusterScenario,
    store: &SharedStore,
) -> Result<Vec<Observation>, String> {
    let sale_opens = Utc
        .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .ok_or("clock")?;
    let mut stage = Stage::new(seed, scenario, store, sale_opens);
    let observations: Observations = Arc::default();
    let serving: Vec<String> = stage.initial.iter().cloned().collect();
    let ready = Arc::new(AtomicBool::new(scenario.campaign_budget.is_none()));
    if let Some(budget) = scenario.campaign_budget {
        add_setup(&mut stage.sim, scenario, budget, &serving, &ready);
    }
    for client in 0..scenario.clients {
        let sale = Sale {
            seed,
            scenario: scenario.clone(),
            serving: serving.clone(),
            all: stage.all.clone(),
            observations: observations.clone(),
            ready: ready.clone(),
        };
        add_client(&mut stage.sim, client, sale);
    }
    stage.run(0)?;
    let observed = observations
        .lock()
        .map_err(|_| "observations poisoned")?
        .clone();
    Ok(observed)
}

/// Attempts before a delivery is dead: more than the receiver ever refuses,
/// so every event must arrive.
const WEBHOOK_MAX_ATTEMPTS: u32 = 20;

/// A simulation with a scenario's nodes on it and its disruptions scheduled,
/// waiting for the scenario's clients.
pub(super) struct Stage<'a> {
    pub sim: turmoil::Sim<'a>,
    /// Every node, a joining one included.
    pub all: Vec<String>,
    /// The nodes that start as members.
    pub initial: BTreeSet<String>,
    /// Where every node's webhook dispatcher sends.
    pub receiver: Arc<SimReceiver>,
    clock: Arc<ManualClock>,
    start: DateTime<Utc>,
    started: Started,
    schedule: Schedule,
}

impl Stage<'_> {
    /// Every node of `scenario` on `store`, with a clock that reads `start`,
    /// and the seeded schedule of its disruption.
    pub(super) fn new(
        seed: u64,
        scenario: &ClusterScenario,
        store: &SharedStore,
        start: DateTime<Utc>,
    ) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut sim = sim_builder(seed);
        let clock = Arc::new(ManualClock::new(start));
        let shared_clock: SharedClock = clock.clone();
        let extra = usize::from(scenario.disruption == Disruption::Join);
        let all: Vec<String> = (0..scenario.nodes + extra).map(node_name).collect();
        let initial: BTreeSet<String> = all.iter().take(scenario.nodes).cloned().collect();
        let started: Started = Arc::default();
        let receiver = Arc::new(SimReceiver::default());
        let mut config = ShardsConfig {
            webhooks: WebhookSettings {
                sender: Some(receiver.clone()),
                max_attempts: WEBHOOK_MAX_ATTEMPTS,
                base_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(2),
            },
            ..ShardsConfig::default()
        };
        if let Some(retention) = scenario.idempotency_retention {
            config.idempotency_retention = retention;
        }
        let links = StoreLinks::new(store.clone());
        for node in &all {
            add_node(
                &mut sim,
                node,
                &all,
                &links,
                &shared_clock,
                &started,
                &config,
            );
        }
        let hosts = Hosts {
            all: &all,
            initial: &initial,
            clients: &client_names(scenario.clients),
        };
        let schedule = Schedule::new(&mut rng, scenario, &hosts, &links);
        Self {
            sim,
            all,
            initial,
            receiver,
            clock,
            start,
            started,
            schedule,
        }
    }

    /// Runs the simulation to its end, applying the schedule and moving the
    /// clock `speed` times as fast as simulated time (`0`: it stays put); then
    /// fails if any actor was restarted.
    pub(super) fn run(mut self, speed: i64) -> Result<(), String> {
        loop {
            self.schedule.apply_due(&mut self.sim);
            if speed != 0 {
                let elapsed =
                    i64::try_from(self.sim.elapsed().as_millis()).map_err(|e| e.to_string())?;
                let wall = chrono::Duration::milliseconds(elapsed * speed);
                self.clock.set(self.start + wall);
            }
            match self.sim.step() {
                Ok(true) => break,
                Ok(false) => {}
                Err(err) => return Err(format!("simulation failed: {err}")),
            }
        }
        no_actor_restarted(&self.started)
    }
}

/// A simulation of `seed`: 1 ms ticks, 1–4 ms between hosts (unless a link
/// is given its own latency), at most [`SIMULATION_LIMIT_SECS`].
pub(super) fn sim_builder<'a>(seed: u64) -> turmoil::Sim<'a> {
    turmoil::Builder::new()
        .simulation_duration(Duration::from_secs(SIMULATION_LIMIT_SECS))
        .tick_duration(Duration::from_millis(1))
        .min_message_latency(Duration::from_millis(1))
        .max_message_latency(Duration::from_millis(4))
        .rng_seed(seed)
        .build()
}

/// One attempt's requests: sent to the node `pick` names (none yet: wait
/// `idle` and ask again) and sent again with the same idempotency key, at
/// most `max_retries` times, while the answer is "retry", each backed off
/// `backoff_ms × (retry + 1)` plus jitter. Every answer is observed.
pub(super) async fn attempt(
    (key, body): (&str, &serde_json::Value),
    (max_retries, backoff_ms, idle): (usize, u64, Duration),
    rng: &mut StdRng,
    mut pick: impl FnMut(&mut StdRng) -> Option<String>,
    observations: &Observations,
) -> Result<(), String> {
    for retry in 0..=max_retries {
        let Some(node) = pick(rng) else {
            tokio::time::sleep(idle).await;
            continue;
        };
        let answer = call(&node, key, body).await;
        let retryable = matches!(answer, Answer::Retryable(_));
        let at = turmoil::sim_elapsed().unwrap_or_default();
        let observed = Observation {
            at,
            attempt: key.to_owned(),
            answer,
        };
        observations
            .lock()
            .map_err(|_| "observations poisoned")?
            .push(observed);
        if !retryable {
            break;
        }
        let backoff = backoff_ms * (retry as u64 + 1) + rng.random_range(0..20);
        tokio::time::sleep(Duration::from_millis(backoff)).await;
    }
    Ok(())
}

/// Starts `node` (again after each crash): its API, its peer listener, and the
/// failure detector probing every node of `all`.
pub(super) fn add_node(
    sim: &mut turmoil::Sim<'_>,
    node: &str,
    all: &[String],
    links: &StoreLinks,
    clock: &SharedClock,
    started: &Started,
    config: &ShardsConfig,
) {
    let node = node.to_owned();
    let config = config.clone();
    let store = links.store_for(&node);
    let clock = clock.clone();
    let peers: BTreeSet<String> = all.iter().cloned().collect();
    let started = started.clone();
    sim.host(node.clone(), move || {
        let node = node.clone();
        let store = store.clone();
        let clock = clock.clone();
        let peers = StaticPeers(peers.clone());
        let started = started.clone();
        let config = config.clone();
        async move {
            let shards = Shards::with_cluster(store, clock, config, Cluster::single(node.clone()));
            shards.cluster().set_transport(Arc::new(SimTransport));
            started
                .lock()
                .map_err(|_| "started nodes poisoned")?
                .push(shards.clone());
            tokio::spawn(detector::follow(shards.clone(), peers));
            tokio::spawn(net::serve_peers(shards.clone()));
            let state = AppState {
                shards,
                auth: Arc::new(Auth::new(ROOT_KEY)),
                metrics: stampede_api::telemetry::prometheus(),
            };
            // Jobs a crashed node left are taken over by another node (or by
            // this one restarted).
            let period = Duration::from_millis(JOB_RESUME_SIM_MS);
            let _resumer = stampede_api::jobs::spawn_resumer_every(state.clone(), period).await?;
            let listener = turmoil::net::TcpListener::bind(("0.0.0.0", net::HTTP_PORT)).await?;
            axum::serve(SimListener(listener), stampede_api::router(state)).await?;
            Ok(())
        }
    });
}

/// No coupon or campaign actor of any node was restarted: the supervisor
/// restarts a panicked actor, so a panic (a debug build's failed invariant
/// among them) would otherwise pass unnoticed.
pub(super) fn no_actor_restarted(started: &Started) -> Result<(), String> {
    let started = started.lock().map_err(|_| "started nodes poisoned")?;
    let restarts: u64 = started
        .iter()
        .map(|shards| shards.actor_restarts() + shards.campaigns().actor_restarts())
        .sum();
    if restarts > 0 {
        return Err(format!(
            "{restarts} actor restart(s): an actor panicked and was restarted (see the log)"
        ));
    }
    Ok(())
}

/// What every client of one run shares.
struct Sale {
    seed: u64,
    scenario: ClusterScenario,
    /// Nodes clients mostly use: a joining node gets traffic once it exists for
    /// everyone, a leaving one until it is gone.
    serving: Vec<String>,
    all: Vec<String>,
    observations: Observations,
    /// Set once the campaign and its coupons exist.
    ready: Arc<AtomicBool>,
}

/// Creates the campaign and its coupons over HTTP, then opens the sale.
fn add_setup(
    sim: &mut turmoil::Sim<'_>,
    scenario: &ClusterScenario,
    budget: u64,
    nodes: &[String],
    ready: &Arc<AtomicBool>,
) {
    let (scenario, nodes, ready) = (scenario.clone(), nodes.to_vec(), ready.clone());
    sim.client("setup", async move {
        let body = json!({"name": "sim", "status": "active",
            "budget": {"max_redemptions": budget}});
        let created = setup_call(&nodes, TENANT, "/v1/promotions/campaigns", &body).await?;
        let campaign_id = created["id"]
            .as_str()
            .ok_or("campaign without id")?
            .to_owned();
        for i in 0..scenario.codes {
            let body = json!({"code": code_name(i), "type": "percentage", "value": 20,
                "max_uses": scenario.supply_of(i),
                "per_customer_limit": scenario.per_customer_limit,
                "campaign_id": campaign_id});
            setup_call(&nodes, TENANT, "/v1/promotions/coupons", &body).await?;
        }
        ready.store(true, Ordering::SeqCst);
        Ok(())
    });
}

/// Sends one setup request until it is answered, trying `nodes` in turn: nodes
/// may be down or cut off while the stage starts. The request carries an
/// idempotency key of its body, so a create whose answer was lost is not made
/// twice.
pub(super) async fn setup_call(
    nodes: &[String],
    tenant: &str,
    path: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    use std::hash::{Hash, Hasher};
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    (tenant, path, body.to_string()).hash(&mut hasher);
    let key = format!("setup-{:016x}", hasher.finish());
    let timeout = Duration::from_millis(CLIENT_TIMEOUT_MS);
    for attempt in 0..SETUP_ATTEMPTS {
        let node = &nodes[attempt % nodes.len()];
        let call = net::post_json(node, path, tenant, ROOT_KEY, Some(&key), body);
        match tokio::time::timeout(timeout, call).await {
            Ok(Ok(reply)) if (200..=202).contains(&reply.status) => return Ok(reply.body),
            Ok(Ok(reply)) if reply.status < 500 && reply.status != 429 => {
                return Err(format!("setup {path}: {} {}", reply.status, reply.body).into())
            }
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    Err(format!("setup {path} kept failing").into())
}

fn add_client(sim: &mut turmoil::Sim<'_>, client: usize, sale: Sale) {
    let Sale {
        seed,
        scenario,
        serving,
        all,
        observations,
        ready,
    } = sale;
    let mut rng =
        StdRng::seed_from_u64(seed ^ (0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(client as u64 + 1)));
    sim.client(client_name(client), async move {
        while !ready.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        for attempt in 0..scenario.attempts_per_client {
            let key = format!("a-{client}-{attempt}");
            let customer = format!("cust-{}", rng.random_range(0..scenario.customers));
            let code = code_name(rng.random_range(0..scenario.codes));
            let think = Duration::from_millis(rng.random_range(0..THINK_MAX_MS));
            tokio::time::sleep(think).await;
            let body = json!({
                "coupon_code": code,
                "user_id": customer,
                "metadata": {"attempt": key},
            });
            for retry in 0..=scenario.max_retries {
                let pool = if rng.random_bool(0.9) { &serving } else { &all };
                let node = &pool[rng.random_range(0..pool.len())];
                let answer = call(node, &key, &body).await;
                let retryable = matches!(answer, Answer::Retryable(_));
                observations
                    .lock()
                    .map_err(|_| "observations poisoned")?
                    .push(Observation {
                        at: turmoil::sim_elapsed().unwrap_or_default(),
                        attempt: key.clone(),
                        answer,
                    });
                if !retryable {
                    break;
                }
                let backoff = 20 * (retry as u64 + 1) + rng.random_range(0..20);
                tokio::time::sleep(Duration::from_millis(backoff)).await;
            }
        }
        Ok(())
    });
}

pub(super) async fn call(node: &str, key: &str, body: &serde_json::Value) -> Answer {
    let request = net::post_json(
        node,
        "/v1/promotions/redemptions",
        TENANT,
        ROOT_KEY,
        Some(key),
        body,
    );
    match tokio::time::timeout(Duration::from_millis(CLIENT_TIMEOUT_MS), request).await {
        Err(_) => Answer::Retryable(String::from("timeout")),
        Ok(Err(err)) => Answer::Retryable(err),
        Ok(Ok(reply)) => match reply.status {
            200 | 201 => match reply.body["id"].as_str() {
                Some(id) => Answer::Acknowledged(id.to_owned()),
                None => Answer::Retryable(format!("success without id: {}", reply.body)),
            },
            429 | 503 => Answer::Retryable(reply.body["code"].to_string()),
            _ => Answer::Refused(reply.body["code"].as_str().unwrap_or("no_code").to_owned()),
        },
    }
}

/// The simulated hosts a schedule may disrupt.
pub(super) struct Hosts<'a> {
    /// Every node, a joining one included.
    pub all: &'a [String],
    /// The nodes that start as members.
    pub initial: &'a BTreeSet<String>,
    /// The clients' host names.
    pub clients: &'a [String],
}

/// The host name of client `i`.
pub(super) fn client_name(i: usize) -> String {
    format!("c{i}")
}

pub(super) fn client_names(clients: usize) -> Vec<String> {
    (0..clients).map(client_name).collect()
}

/// The disruptions of one run, at seeded times.
pub(super) struct Schedule {
    events: Vec<(Duration, Event)>,
}

pub(super) enum Event {
    Partition(String, String),
    Repair(String, String),
    Hold(String, String),
    Release(String, String),
    Crash(String),
    Bounce(String),
    StoreLink(StoreLinks, String, bool),
    StoreDelay(StoreLinks, String, Duration),
}

impl Schedule {
    pub(super) fn new(
        rng: &mut StdRng,
        scenario: &ClusterScenario,
        hosts: &Hosts<'_>,
        links: &StoreLinks,
    ) -> Self {
        let (all, initial) = (hosts.all, hosts.initial);
        let start = Duration::from_millis(rng.random_range(50..800));
        let length = Duration::from_millis(rng.random_range(300..3_000));
        let members: Vec<String> = initial.iter().cloned().collect();
        let pick = |rng: &mut StdRng| members[rng.random_range(0..members.len())].clone();
        let mut events = Vec::new();
        match scenario.disruption {
            Disruption::None => {}
            Disruption::PartitionHealed | Disruption::PartitionUnhealed => {
                let a = pick(rng);
                let b = loop {
                    let b = pick(rng);
                    if b != a {
                        break b;
                    }
                };
                events.push((start, Event::Partition(a.clone(), b.clone())));
                if scenario.disruption == Disruption::PartitionHealed {
                    events.push((start + length, Event::Repair(a, b)));
                }
            }
            Disruption::CrashRestart => {
                let victim = pick(rng);
                events.push((start, Event::Crash(victim.clone())));
                events.push((start + length, Event::Bounce(victim)));
            }
            Disruption::Join => {
                // The joiner is down from the first step until it starts.
                let joiner = all.last().cloned().unwrap_or_default();
                events.push((Duration::ZERO, Event::Crash(joiner.clone())));
                events.push((start, Event::Bounce(joiner)));
            }
            Disruption::Leave => drop_out(&mut events, &pick(rng), start, length, hosts),
            Disruption::ClientsCutOff => {
                let node = pick(rng);
                for client in hosts.clients {
                    events.push((start, Event::Partition(node.clone(), client.clone())));
                    events.push((start + length, Event::Repair(node.clone(), client.clone())));
                }
            }
            Disruption::NodePaused => {
                let node = pick(rng);
                let others = all.iter().chain(hosts.clients).filter(|h| **h != node);
                for other in others {
                    events.push((start, Event::Hold(node.clone(), other.clone())));
                    events.push((start + length, Event::Release(node.clone(), other.clone())));
                }
            }
            // Scaling is driven from inside the simulation (`super::scaling`);
            // regions schedule their own events (`super::regions`).
            Disruption::ScaleOutIn | Disruption::RegionFailover => {}
            Disruption::StoreCutOff => {
                let node = pick(rng);
                events.push((start, Event::StoreLink(links.clone(), node.clone(), true)));
                events.push((start + length, Event::StoreLink(links.clone(), node, false)));
            }
        }
        Self::of(events)
    }

    /// A schedule of `events`, each at its time.
    pub(super) fn of(mut events: Vec<(Duration, Event)>) -> Self {
        events.sort_by_key(|(at, _)| *at);
        events.reverse();
        Self { events }
    }

    pub(super) fn apply_due(&mut self, sim: &mut turmoil::Sim<'_>) {
        while self
            .events
            .last()
            .is_some_and(|(at, _)| *at <= sim.elapsed())
        {
            let Some((_, event)) = self.events.pop() else {
                return;
            };
            match event {
                Event::Partition(a, b) => sim.partition(a.as_str(), b.as_str()),
                Event::Repair(a, b) => sim.repair(a.as_str(), b.as_str()),
                Event::Hold(a, b) => sim.hold(a.as_str(), b.as_str()),
                Event::Release(a, b) => sim.release(a.as_str(), b.as_str()),
                Event::StoreLink(links, node, cut) => links.set_cut(&node, cut),
                Event::StoreDelay(links, node, delay) => links.set_delay(&node, delay),
                Event::Crash(node) => sim.crash(node.as_str()),
                Event::Bounce(node) => sim.bounce(node.as_str()),
            }
        }
    }
}

/// `leaver` is cut off from its peers at `start` (it still serves clients by
/// its own view), then from its clients, then stops. Cut off first, the crash
/// sends nothing: the order in which a crashed host's sockets close follows
/// tokio's process-wide task ids, which would keep the seed from replaying.
/// Once it is down, links heal, so calls to it are refused at once.
fn drop_out(
    events: &mut Vec<(Duration, Event)>,
    leaver: &str,
    start: Duration,
    length: Duration,
    hosts: &Hosts<'_>,
) {
    let leaver = leaver.to_owned();
    for peer in hosts.all.iter().filter(|node| **node != leaver) {
        events.push((start, Event::Partition(leaver.clone(), peer.clone())));
    }
    let end = start + length;
    for client in hosts.clients {
        events.push((end, Event::Partition(leaver.clone(), client.clone())));
    }
    events.push((end + Duration::from_millis(1), Event::Crash(leaver.clone())));
    let healed = end + Duration::from_millis(2);
    for other in hosts
        .all
        .iter()
        .chain(hosts.clients)
        .filter(|h| **h != leaver)
    {
        events.push((healed, Event::Repair(leaver.clone(), other.clone())));
    }
}

async fn insert_coupons(store: &SharedStore, scenario: &ClusterScenario) -> Result<(), String> {
    for i in 0..scenario.codes {
        store_view::insert_sale_coupon(
            store,
            &coupon_id(i),
            &code_name(i),
            scenario.supply_of(i),
            scenario.per_customer_limit,
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn check(
    store: &SharedStore,
    scenario: &ClusterScenario,
    observations: &[Observation],
) -> Result<ClusterOutcome, String> {
    let mut stored: HashMap<String, Redemption> = HashMap::new();
    for i in 0..scenario.codes {
        let successes = check_code(store, scenario, i).await?;
        stored.extend(successes.into_iter().map(|r| (r.id.clone(), r)));
    }
    check_budget(scenario, &stored)?;
    check_applied_once(&stored)?;
    let finals = check_acknowledged(observations, &stored)?;
    let mut outcome = tally(&finals)?;
    outcome.stored_successes = stored.len();
    outcome.trace_digest = digest(observations);
    Ok(outcome)
}

/// Code `i` as stored: its uses count is its stored successes, within
/// `max_uses`, and no customer went past the per-customer limit. Answers those
/// successes.
async fn check_code(
    store: &SharedStore,
    scenario: &ClusterScenario,
    i: usize,
) -> Result<Vec<Redemption>, String> {
    let coupon_id = store_view::coupon_id_of(store, &code_name(i)).await?;
    let (uses_count, successes) = store_view::read_back(store, &coupon_id).await?;
    if uses_count as usize != successes.len() {
        return Err(format!(
            "{}: uses_count {uses_count} != {} stored successes",
            code_name(i),
            successes.len()
        ));
    }
    if uses_count > scenario.supply_of(i) {
        return Err(format!(
            "{}: uses_count {uses_count} exceeds max_uses {}",
            code_name(i),
            scenario.supply_of(i)
        ));
    }
    let mut per_customer: HashMap<&str, u32> = HashMap::new();
    for redemption in &successes {
        *per_customer
            .entry(redemption.user_id.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    if let Some((customer, n)) = per_customer
        .iter()
        .find(|(_, n)| **n > scenario.per_customer_limit)
    {
        return Err(format!(
            "{}: customer {customer} redeemed {n} times, limit {}",
            code_name(i),
            scenario.per_customer_limit
        ));
    }
    Ok(successes)
}

/// A campaign's budget covers every stored success.
fn check_budget(
    scenario: &ClusterScenario,
    stored: &HashMap<String, Redemption>,
) -> Result<(), String> {
    if let Some(budget) = scenario.campaign_budget {
        if stored.len() as u64 > budget {
            return Err(format!(
                "the campaign sold {} with a budget of {budget}",
                stored.len()
            ));
        }
    }
    Ok(())
}

/// One attempt (idempotency key) is applied at most once.
fn check_applied_once(stored: &HashMap<String, Redemption>) -> Result<(), String> {
    let mut applied: HashMap<String, usize> = HashMap::new();
    for redemption in stored.values() {
        if let Some(attempt) = redemption.metadata.get("attempt").and_then(|v| v.as_str()) {
            *applied.entry(attempt.to_owned()).or_default() += 1;
        }
    }
    if let Some((attempt, n)) = applied.iter().find(|(_, n)| **n > 1) {
        return Err(format!("attempt {attempt} was applied {n} times"));
    }
    Ok(())
}

/// Every acknowledged redemption is stored, and every reply for one attempt
/// names the same redemption. Answers each attempt's last answer.
fn check_acknowledged<'a>(
    observations: &'a [Observation],
    stored: &HashMap<String, Redemption>,
) -> Result<HashMap<&'a str, &'a Answer>, String> {
    let mut answered: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut finals: HashMap<&str, &Answer> = HashMap::new();
    for observation in observations {
        finals.insert(&observation.attempt, &observation.answer);
        if let Answer::Acknowledged(id) = &observation.answer {
            if !stored.contains_key(id) {
                return Err(format!(
                    "attempt {} was acknowledged as {id}, which is not stored",
                    observation.attempt
                ));
            }
            answered.entry(&observation.attempt).or_default().insert(id);
        }
    }
    if let Some((attempt, ids)) = answered.iter().find(|(_, ids)| ids.len() > 1) {
        return Err(format!("attempt {attempt} was answered with {ids:?}"));
    }
    Ok(finals)
}

/// Counts attempts by their last answer; a refusal these scenarios cannot
/// cause fails the run.
fn tally(finals: &HashMap<&str, &Answer>) -> Result<ClusterOutcome, String> {
    let mut outcome = ClusterOutcome::default();
    for (attempt, answer) in finals {
        match answer {
            Answer::Acknowledged(_) => outcome.acknowledged += 1,
            Answer::Refused(code) if EXPECTED_REFUSALS.contains(&code.as_str()) => {
                outcome.refused += 1
            }
            Answer::Refused(code) => {
                return Err(format!("attempt {attempt} was refused with {code}"));
            }
            Answer::Retryable(reason) => {
                outcome.gave_up += 1;
                *outcome.gave_up_reasons.entry(reason.clone()).or_default() += 1;
            }
        }
    }
    Ok(outcome)
}

fn digest(observations: &[Observation]) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same in every process.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    for observation in observations {
        if std::env::var_os("SIM_TRACE").is_some() {
            eprintln!(
                "OBS {:?} {} {:?}",
                observation.at, observation.attempt, observation.answer
            );
        }
        observation.attempt.hash(&mut hasher);
        match &observation.answer {
            Answer::Acknowledged(id) => id.hash(&mut hasher),
            Answer::Refused(code) => code.hash(&mut hasher),
            Answer::Retryable(reason) => reason.hash(&mut hasher),
        }
    }
    hasher.finish()
}
