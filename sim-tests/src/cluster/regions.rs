//! Two regions, a partition between them, then a region failover:
//!
//! * **Layout.** The first half of the nodes are in `east`, the rest in
//!   `west`; links between the regions take [`INTER_REGION_LATENCY`] each way.
//!   The store's primary is in the east, so every transaction a west node
//!   begins waits one inter-region round trip first. The sale's tenant has
//!   its home region in the east (stored before the run, read by every node's
//!   detector as in production), so its keys live on east nodes and a west
//!   node forwards its clients' redemptions there. Each client uses the nodes
//!   of its own region.
//! * **Partition.** The west is cut off from the east and from the store (the
//!   primary's proxies are in the east). West nodes stop hearing the east,
//!   place the tenant's keys on themselves (their home region has no live
//!   member), and can commit nothing: their clients are answered "retry"
//!   until the failover. The east sells on.
//! * **Failover.** The east is lost (its nodes crash, mid-commit or not) and
//!   the store fails over to the west: the west's link is restored, without
//!   the round trip. Every client now uses the west's nodes; those take the
//!   east's keys over by activating them from the store (which fences the
//!   dead owners' epochs) and sell the rest.
//!
//! The store stands for FoundationDB in multi-region configuration with
//! satellite logs, whose contract is that a commit acknowledged to the node
//! survives the loss of the primary data center (`deploy/fdb/multi-region/`,
//! and `deploy/README.md` on losing both of the region's data centers); the
//! simulation proves what Stampede builds on that: DESIGN §4's invariants
//! hold, every redemption acknowledged before the failover is present after
//! it, an attempt whose answer the failover lost is applied at most once when
//! retried in the other region, and the whole supply is sold exactly.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use stampede_actors::cluster::detector::{self, StaticPeers};
use stampede_actors::cluster::Cluster;
use stampede_actors::records::{regions, Records};
use stampede_actors::{Shards, ShardsConfig};
use stampede_api::auth::Auth;
use stampede_api::AppState;
use stampede_protocol::clock::{ManualClock, SharedClock};
use stampede_storage::SharedStore;

use super::net::{self, SimListener, SimTransport};
use super::scenario::{
    self, code_name, Answer, ClusterOutcome, ClusterScenario, Event, Observation, Observations,
    Schedule, Started, ROOT_KEY,
};
use super::store_link::StoreLinks;
use crate::store_view::TENANT;

/// One way between the regions.
pub const INTER_REGION_LATENCY: Duration = Duration::from_millis(30);
/// The region of the store's primary, and the sale tenant's home region.
const PRIMARY: &str = "east";
/// The other region.
const REMOTE: &str = "west";
/// A client's pause between attempts is drawn from `0..THINK_MAX_MS`: the sale
/// must outlast the failover ([`check`] fails a run whose sale ended before).
const THINK_MAX_MS: u64 = 800;
/// Backoff of a client's retry: `RETRY_BACKOFF_MS × (retry + 1)`, plus jitter.
const RETRY_BACKOFF_MS: u64 = 40;

/// When the partition began and the failover happened, in simulated time.
#[derive(Debug, Clone, Copy)]
struct Timeline {
    partition_at: Duration,
    failover_at: Duration,
}

/// The nodes of each region.
#[derive(Debug, Clone)]
struct Layout {
    east: Vec<String>,
    west: Vec<String>,
}

impl Layout {
    fn of(nodes: usize) -> Self {
        let east_count = nodes.div_ceil(2);
        Self {
            east: (1..=east_count).map(|i| format!("e{i}")).collect(),
            west: (1..=nodes - east_count).map(|i| format!("w{i}")).collect(),
        }
    }

    fn all(&self) -> Vec<String> {
        self.east.iter().chain(&self.west).cloned().collect()
    }
}

/// Runs one seed of a scenario with [`Disruption::RegionFailover`](super::Disruption):
/// DESIGN §4's invariants, then this run's own ([`check`]).
pub fn run_region_seed(seed: u64, scenario: &ClusterScenario) -> Result<ClusterOutcome, String> {
    if scenario.nodes < 2 {
        return Err(String::from("two regions need at least two nodes"));
    }
    let (mem, store) = scenario::open_store(seed, scenario)?;
    scenario::block_on(home_in_primary(&store))?;
    let (observations, timeline) = simulate(seed, scenario, &store)?;
    mem.set_faults(stampede_storage::MemFaults::default());
    let outcome = scenario::block_on(scenario::check(&store, scenario, &observations))?;
    check(scenario, &observations, timeline, &outcome)?;
    Ok(outcome)
}

/// The sale tenant's home region, as `PUT /cluster/home-region` stores it.
async fn home_in_primary(store: &SharedStore) -> Result<(), String> {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 27, 8, 0, 0)
        .single()
        .ok_or("clock")?;
    regions::set(&Records::new(store.clone()), TENANT, Some(PRIMARY), at)
        .await
        .map_err(|e| e.to_string())
}

fn simulate(
    seed: u64,
    scenario: &ClusterScenario,
    store: &SharedStore,
) -> Result<(Vec<Observation>, Timeline), String> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0E5A_57E5);
    let mut sim = scenario::sim_builder(seed);
    let start = Utc
        .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .ok_or("clock")?;
    let clock: SharedClock = Arc::new(ManualClock::new(start));
    let layout = Layout::of(scenario.nodes);
    let links = StoreLinks::new(store.clone());
    let started: Started = Arc::default();
    for (region, nodes) in [(PRIMARY, &layout.east), (REMOTE, &layout.west)] {
        for node in nodes {
            add_node(
                &mut sim,
                (node, region),
                &layout.all(),
                &links,
                &clock,
                &started,
            );
        }
    }
    for east in &layout.east {
        for west in &layout.west {
            sim.set_link_latency(east.as_str(), west.as_str(), INTER_REGION_LATENCY);
        }
    }
    let timeline = Timeline {
        partition_at: Duration::from_millis(rng.random_range(800..1_200)),
        failover_at: Duration::from_millis(rng.random_range(2_000..2_600)),
    };
    let observations: Observations = Arc::default();
    for client in 0..scenario.clients {
        add_client(
            &mut sim,
            (seed, client),
            scenario,
            &layout,
            timeline,
            &observations,
        );
    }
    let mut schedule = Schedule::of(events(&layout, &links, timeline, scenario.clients));
    loop {
        schedule.apply_due(&mut sim);
        match sim.step() {
            Ok(true) => break,
            Ok(false) => {}
            Err(err) => return Err(format!("simulation failed: {err}")),
        }
    }
    scenario::no_actor_restarted(&started)?;
    let observed = observations
        .lock()
        .map_err(|_| "observations poisoned")?
        .clone();
    Ok((observed, timeline))
}

/// The run's events: the west's slow link to the primary from the start; the
/// partition; the failover (the east cut off from its clients, then crashed,
/// then its links healed so that calls to it fail at once; the west's link
/// restored, now local).
fn events(
    layout: &Layout,
    links: &StoreLinks,
    timeline: Timeline,
    clients: usize,
) -> Vec<(Duration, Event)> {
    let round_trip = INTER_REGION_LATENCY * 2;
    let ms = Duration::from_millis;
    let mut events = Vec::new();
    for west in &layout.west {
        let slow = Event::StoreDelay(links.clone(), west.clone(), round_trip);
        events.push((Duration::ZERO, slow));
        for east in &layout.east {
            let partition = Event::Partition(east.clone(), west.clone());
            events.push((timeline.partition_at, partition));
        }
        let cut = Event::StoreLink(links.clone(), west.clone(), true);
        events.push((timeline.partition_at, cut));
        let failover = timeline.failover_at + ms(3);
        events.push((
            failover,
            Event::StoreLink(links.clone(), west.clone(), false),
        ));
        let local = Event::StoreDelay(links.clone(), west.clone(), Duration::ZERO);
        events.push((failover, local));
    }
    let clients = scenario::client_names(clients);
    for east in &layout.east {
        for client in &clients {
            let cut = Event::Partition(east.clone(), client.clone());
            events.push((timeline.failover_at, cut));
        }
        events.push((timeline.failover_at + ms(1), Event::Crash(east.clone())));
        for other in layout.west.iter().chain(&clients) {
            let healed = Event::Repair(east.clone(), other.clone());
            events.push((timeline.failover_at + ms(2), healed));
        }
    }
    events
}

/// A node of `region`: its API, its peer listener, and the failure detector
/// probing every node of both regions.
fn add_node(
    sim: &mut turmoil::Sim<'_>,
    (node, region): (&str, &str),
    all: &[String],
    links: &StoreLinks,
    clock: &SharedClock,
    started: &Started,
) {
    let (node, region) = (node.to_owned(), region.to_owned());
    let (store, clock, started) = (links.store_for(&node), clock.clone(), started.clone());
    let peers: BTreeSet<String> = all.iter().cloned().collect();
    sim.host(node.clone(), move || {
        let (node, region, store) = (node.clone(), region.clone(), store.clone());
        let (clock, started, peers) = (clock.clone(), started.clone(), peers.clone());
        async move {
            let cluster = Cluster::single_in(node, region);
            let shards = Shards::with_cluster(store, clock, ShardsConfig::default(), cluster);
            shards.cluster().set_transport(Arc::new(SimTransport));
            started.lock().map_err(|_| "poisoned")?.push(shards.clone());
            tokio::spawn(detector::follow(shards.clone(), StaticPeers(peers)));
            tokio::spawn(net::serve_peers(shards.clone()));
            let state = AppState {
                shards,
                auth: Arc::new(Auth::new(ROOT_KEY)),
                metrics: None,
            };
            let listener = turmoil::net::TcpListener::bind(("0.0.0.0", net::HTTP_PORT)).await?;
            axum::serve(SimListener(listener), stampede_api::router(state)).await?;
            Ok(())
        }
    });
}

/// Client `i` is in the east when even, the west when odd, and uses its
/// region's nodes until the failover, the west's after it.
fn add_client(
    sim: &mut turmoil::Sim<'_>,
    (seed, client): (u64, usize),
    scenario: &ClusterScenario,
    layout: &Layout,
    timeline: Timeline,
    observations: &Observations,
) {
    let (scenario, observations) = (scenario.clone(), observations.clone());
    let home = if client % 2 == 0 {
        layout.east.clone()
    } else {
        layout.west.clone()
    };
    let west = layout.west.clone();
    let mut rng = StdRng::seed_from_u64(seed ^ (0x2E61_0000 + client as u64));
    sim.client(scenario::client_name(client), async move {
        for attempt in 0..scenario.attempts_per_client {
            let key = format!("a-{client}-{attempt}");
            let customer = format!("cust-{}", rng.random_range(0..scenario.customers));
            let code = code_name(rng.random_range(0..scenario.codes));
            tokio::time::sleep(Duration::from_millis(rng.random_range(0..THINK_MAX_MS))).await;
            let body = json!({"coupon_code": code, "user_id": customer,
                "metadata": {"attempt": key}});
            let pick = |rng: &mut StdRng| {
                let now = turmoil::sim_elapsed().unwrap_or_default();
                let nodes = if now >= timeline.failover_at {
                    &west
                } else {
                    &home
                };
                Some(nodes[rng.random_range(0..nodes.len())].clone())
            };
            let retries = (scenario.max_retries, RETRY_BACKOFF_MS, Duration::ZERO);
            scenario::attempt((&key, &body), retries, &mut rng, pick, &observations).await?;
        }
        Ok(())
    });
}

/// The region run's own checks: the sale went on in the east during the
/// partition and in the west after the failover, and sold the whole supply
/// exactly; every acknowledgement (before the failover included) is stored,
/// which [`scenario::check`] has checked.
fn check(
    scenario: &ClusterScenario,
    observations: &[Observation],
    timeline: Timeline,
    outcome: &ClusterOutcome,
) -> Result<(), String> {
    let acked_between = |from: Duration, to: Duration| {
        observations
            .iter()
            .filter(|o| matches!(o.answer, Answer::Acknowledged(_)))
            .filter(|o| o.at >= from && o.at < to)
            .count()
    };
    let before = acked_between(Duration::ZERO, timeline.partition_at);
    let partitioned = acked_between(timeline.partition_at, timeline.failover_at);
    let after = acked_between(timeline.failover_at, Duration::MAX);
    if std::env::var_os("SIM_VERBOSE").is_some() {
        eprintln!(
            "regions: partition at {:?}, failover at {:?}; acknowledged {before} before, \
             {partitioned} while partitioned, {after} after",
            timeline.partition_at, timeline.failover_at
        );
    }
    if before == 0 || partitioned == 0 || after == 0 {
        return Err(format!(
            "acknowledged {before} before the partition, {partitioned} during it and \
             {after} after the failover: the sale must span all three, or the run proves nothing"
        ));
    }
    let supply: u64 = (0..scenario.codes).map(|i| scenario.supply_of(i)).sum();
    if outcome.stored_successes as u64 != supply {
        return Err(format!(
            "sold {} of a supply of {supply}: the sale did not sell out exactly",
            outcome.stored_successes
        ));
    }
    Ok(())
}
