//! The whole redemption lifecycle on a cluster, under the same faults and
//! disruptions as the flash sale, with a clock that moves.
//!
//! Clients of two tenants redeem, reserve and then confirm, release or abandon
//! (the reservation expires), check out two codes at once, and void what they
//! were sold, each with an idempotency key and retries. The wall clock runs
//! [`CLOCK_SPEED`] times faster than simulated time from just before midnight:
//! reservations lapse and are expired by the sweeper, a windowed code opens and
//! closes, and a daily cap rolls over at midnight. When the clients are done,
//! the faults heal and a drainer buys every code until it is refused for a
//! limit: demand exceeds supply.
//!
//! Checked against the store and every reply (see [`check`]):
//! * each code's `uses_count`, per-customer counters and usage counters equal
//!   the redemptions holding a use (so every void and expiry released exactly
//!   once, and nothing is held by a lost reservation);
//! * no customer past the per-customer limit, no day past the daily cap, no
//!   redemption of the windowed code outside its window;
//! * a campaign never grants more than its budget, and after the drain exactly
//!   `min(max_uses × codes, budget)` are sold in each tenant (no under-sell);
//! * every acknowledged redemption, void, confirm and release is stored as
//!   acknowledged; one attempt is applied at most once per code and every reply
//!   for it names the same redemptions;
//! * a code generation job started at setup, run in batches through the
//!   crashes, partitions and store faults (and taken over by another node, or
//!   the same one restarted), ends `done` with exactly its count of codes:
//!   each stored once, distinct, indexed to its coupon;
//! * the sale codes grant a reward item: one `granted` grant per `success`
//!   redemption, voided with its void or expiry, and no other
//!   ([`super::grants`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use stampede_protocol::job::{Job, JobStatus};
use stampede_protocol::{Coupon, Redemption, RedemptionStatus};
use stampede_storage::{keys, MemFaults, MemStore, RangeOptions, SharedStore};

use super::hooks::{self, SimReceiver};
use super::net;
use super::scenario::{
    block_on, client_name, setup_call, ClusterScenario, Stage, CLIENT_TIMEOUT_MS,
    CLUSTER_COMMIT_JITTER_MS, ROOT_KEY, THINK_MAX_MS,
};
use crate::store_view;
use stampede_actors::idempotency_expiry::IDEMPOTENCY_SWEEP_INTERVAL_MS;

/// The two tenants: the same code names in each, counted apart.
pub const TENANTS: [&str; 2] = ["sim-a", "sim-b"];
/// Wall-clock milliseconds per simulated millisecond.
const CLOCK_SPEED: i64 = 60;
/// A reservation lapses after this long (wall clock): half a simulated second.
const RESERVATION_TTL_SECS: u64 = 30;
/// The windowed code is redeemable from this long after its setup…
const WINDOW_OPENS_SECS: i64 = 60;
/// …until this long after it.
const WINDOW_CLOSES_SECS: i64 = 300;
const WINDOW_CODE: &str = "WINDOW";
/// Attempts to create the windowed code before its window is over.
const WINDOW_SETUP_ATTEMPTS: usize = 5;
/// Uses per local (UTC) day of the daily code; midnight passes mid-sale.
const DAILY_CAP: u64 = 3;
const DAILY_CODE: &str = "DAILY";
/// The coupon whose codes a generation job makes during the run.
const GENERATED_CODE: &str = "GENSRC";
/// Codes the job makes per tenant (cut into batches of 50).
const GENERATED_CODES: u64 = 4_000;
/// Longest the drainer waits for the generation jobs to end (simulated).
const JOB_WAIT_MS: u64 = 60_000;
/// Simulated time the drainer waits once the clients are done: every
/// reservation they abandoned has lapsed and been swept by then.
const DRAIN_WAIT_MS: u64 = 3_000;
/// A client's pause between its reservation and settling it, in simulated
/// milliseconds: up to 1.5 reservation TTLs (wall clock / [`CLOCK_SPEED`]).
const SETTLE_THINK_MAX_MS: u64 = RESERVATION_TTL_SECS * 1_000 * 3 / 2 / CLOCK_SPEED as u64;
/// Retries of one request after a retryable answer (drainer and settlements).
const PERSIST_RETRIES: usize = 40;
/// Refusals a client may legitimately get.
const EXPECTED_REFUSALS: &[&str] = &[
    "limit_reached",
    "per_customer_limit_reached",
    "campaign_limit_reached",
    "daily_limit_reached",
    "reservation_expired",
    "redemption_not_pending",
    "not_yet_valid",
    "expired",
    "blacklisted",
];
/// The customer blacklisted in every tenant at setup: nothing of theirs may
/// be stored.
const BLACKLISTED_CUSTOMER: &str = "cust-0";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 23, 59, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn sale_code(i: usize) -> String {
    format!("SALE{i:02}")
}

/// What a run observed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LifecycleOutcome {
    /// Redemptions holding a use at the end, per tenant (sale codes only).
    pub sold: BTreeMap<String, u64>,
    /// Stored redemptions by final status, over every code and tenant.
    pub by_status: BTreeMap<String, usize>,
    /// Final answers of the attempts, by operation and code.
    pub answers: BTreeMap<String, usize>,
    /// Digest of every reply in the order clients saw them, ids included.
    pub trace_digest: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Redeem,
    Reserve,
    Checkout,
    Confirm,
    Release,
    Void,
    Drain,
    /// A redemption's key sent again with another customer: must be refused
    /// `idempotency_key_reused`, never answered as a replay or a new sale.
    Reuse,
}

#[derive(Debug, Clone)]
enum Answer {
    /// The redemptions the reply names (one, or one per code of a checkout).
    Done(Vec<String>),
    Refused(String),
    Retryable(String),
}

#[derive(Debug, Clone)]
struct Observation {
    /// Simulated time the reply came.
    at: Duration,
    tenant: &'static str,
    op: Op,
    attempt: String,
    answer: Answer,
}

type Observations = Arc<Mutex<Vec<Observation>>>;

/// What every client shares.
#[derive(Clone)]
struct Shared {
    scenario: ClusterScenario,
    nodes: Vec<String>,
    observations: Observations,
    /// Each tenant's generation job: (tenant, coupon id, job id).
    jobs: Arc<Mutex<Vec<(String, String, String)>>>,
    /// Where the nodes' webhook dispatchers send.
    receiver: Arc<SimReceiver>,
    ready: Arc<AtomicBool>,
    finished: Arc<AtomicUsize>,
}

/// Runs one seed of the lifecycle; `Err` names the violated invariant.
pub fn run_lifecycle_seed(
    seed: u64,
    scenario: &ClusterScenario,
) -> Result<LifecycleOutcome, String> {
    let mem = MemStore::with_seed(seed);
    let store: SharedStore = Arc::new(mem.clone());
    mem.set_faults(store_view::faults(
        scenario.fault_rate,
        CLUSTER_COMMIT_JITTER_MS,
    ));
    let (observations, jobs, receiver) = simulate(seed, scenario, &store, &mem)?;
    mem.set_faults(MemFaults::default());
    block_on(check_generated(&store, &jobs))?;
    for tenant in TENANTS {
        block_on(hooks::check(&store, &receiver, tenant))?;
    }
    block_on(check(&store, scenario, &observations))
}

/// What a run leaves to check: every reply, the generation jobs, and what the
/// webhook receiver saw.
type Simulated = (
    Vec<Observation>,
    Vec<(String, String, String)>,
    Arc<SimReceiver>,
);

fn simulate(
    seed: u64,
    scenario: &ClusterScenario,
    store: &SharedStore,
    mem: &MemStore,
) -> Result<Simulated, String> {
    let mut stage = Stage::new(seed, scenario, store, start());
    let shared = Shared {
        scenario: scenario.clone(),
        nodes: stage.initial.iter().cloned().collect(),
        observations: Arc::default(),
        jobs: Arc::default(),
        receiver: stage.receiver.clone(),
        ready: Arc::default(),
        finished: Arc::default(),
    };
    let sim = &mut stage.sim;
    add_setup(sim, &shared);
    for client in 0..scenario.clients {
        add_client(sim, seed, client, shared.clone());
    }
    add_drainer(sim, seed, shared.clone(), mem.clone());
    stage.run(CLOCK_SPEED)?;
    let observed = shared
        .observations
        .lock()
        .map_err(|_| "observations poisoned")?
        .clone();
    let jobs = shared.jobs.lock().map_err(|_| "jobs poisoned")?.clone();
    Ok((observed, jobs, shared.receiver))
}

/// Creates, in each tenant, the campaign (if any), the sale codes with a short
/// reservation TTL, the windowed code and the daily code, then opens the sale.
fn add_setup(sim: &mut turmoil::Sim<'_>, shared: &Shared) {
    let shared = shared.clone();
    sim.client("setup", async move {
        for tenant in TENANTS {
            setup_tenant(&shared.nodes, tenant, &shared.scenario).await?;
            let job = start_generation(&shared.nodes, tenant).await?;
            shared.jobs.lock().map_err(|_| "jobs poisoned")?.push(job);
        }
        shared.ready.store(true, Ordering::SeqCst);
        Ok(())
    });
}

async fn setup_tenant(
    nodes: &[String],
    tenant: &str,
    scenario: &ClusterScenario,
) -> Result<(), Box<dyn std::error::Error>> {
    // The endpoint first: every subscribed event of the run is after it.
    let hook = json!({"url": hooks::url_of(tenant), "events": hooks::HOOK_EVENTS});
    setup_call(nodes, tenant, "/v1/promotions/webhooks", &hook).await?;
    // One customer is blacklisted from the start: every node's verdict must
    // refuse them, whichever node decides (`check_blacklisted`).
    let entry = json!({"user_id": BLACKLISTED_CUSTOMER, "reason": "simulated abuse"});
    setup_call(nodes, tenant, "/v1/promotions/fraud/blacklist", &entry).await?;
    let reward = json!({"name": "sim points", "reward_type": "points", "payload": {"amount": 10}});
    let reward = setup_call(nodes, tenant, "/v1/promotions/rewards", &reward).await?;
    let mut campaign_id = Value::Null;
    if let Some(budget) = scenario.campaign_budget {
        let body = json!({"name": "sim", "status": "active",
            "budget": {"max_redemptions": budget}});
        let created = setup_call(nodes, tenant, "/v1/promotions/campaigns", &body).await?;
        campaign_id = created["id"].clone();
    }
    for i in 0..scenario.codes {
        let body = json!({"code": sale_code(i), "type": "percentage", "value": 20,
            "max_uses": scenario.max_uses,
            "per_customer_limit": scenario.per_customer_limit,
            "campaign_id": campaign_id, "reward_item_id": reward["id"]});
        let coupon = setup_call(nodes, tenant, "/v1/promotions/coupons", &body).await?;
        let limits = json!({"target": "coupon", "target_id": coupon["id"],
            "reservation_ttl_secs": RESERVATION_TTL_SECS});
        setup_call(nodes, tenant, "/v1/promotions/limits", &limits).await?;
    }
    create_window_code(nodes, tenant).await?;
    let body = json!({"code": DAILY_CODE, "type": "percentage", "value": 10});
    let coupon = setup_call(nodes, tenant, "/v1/promotions/coupons", &body).await?;
    let limits = json!({"target": "coupon", "target_id": coupon["id"],
        "daily_cap": DAILY_CAP, "time_zone": "UTC"});
    setup_call(nodes, tenant, "/v1/promotions/limits", &limits).await?;
    Ok(())
}

/// Creates the coupon whose codes a job generates during the run, and starts
/// the job: (tenant, coupon id, job id).
async fn start_generation(
    nodes: &[String],
    tenant: &str,
) -> Result<(String, String, String), Box<dyn std::error::Error>> {
    let body = json!({"code": GENERATED_CODE, "type": "percentage", "value": 5});
    let coupon = setup_call(nodes, tenant, "/v1/promotions/coupons", &body).await?;
    let coupon_id = coupon["id"].as_str().ok_or("coupon without id")?.to_owned();
    let body = json!({"coupon_id": coupon_id, "count": GENERATED_CODES, "pattern": "G-{RAND:6}"});
    let job = setup_call(nodes, tenant, "/v1/promotions/coupons/generate", &body).await?;
    let job_id = job["id"].as_str().ok_or("job without id")?.to_owned();
    Ok((tenant.to_owned(), coupon_id, job_id))
}

/// Creates the windowed code, its window placed from the clock's reading when
/// the request is built: setup may take simulated seconds when a disruption
/// starts early, long enough for a fixed window to be over. A request that
/// arrives after its window ended is refused, nothing created, and built again;
/// `duplicate_code` means an earlier attempt, whose answer was lost, created it.
async fn create_window_code(
    nodes: &[String],
    tenant: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut last = String::new();
    for _ in 0..WINDOW_SETUP_ATTEMPTS {
        let elapsed = turmoil::sim_elapsed().unwrap_or_default().as_millis() as i64;
        let now = start() + chrono::Duration::milliseconds(elapsed * CLOCK_SPEED);
        let opens = now + chrono::Duration::seconds(WINDOW_OPENS_SECS);
        let closes = now + chrono::Duration::seconds(WINDOW_CLOSES_SECS);
        let body = json!({"code": WINDOW_CODE, "type": "percentage", "value": 10,
            "valid_from": opens.to_rfc3339(), "valid_until": closes.to_rfc3339()});
        match setup_call(nodes, tenant, "/v1/promotions/coupons", &body).await {
            Ok(_) => return Ok(()),
            Err(err) if err.to_string().contains("duplicate_code") => return Ok(()),
            Err(err) if err.to_string().contains("valid_until") => last = err.to_string(),
            Err(err) => return Err(err),
        }
    }
    Err(format!("the windowed code was never created: {last}").into())
}

/// One client's view of the run: its random source and what it was sold.
struct Client {
    rng: StdRng,
    name: usize,
    shared: Shared,
    /// Redemptions this client holds a use of, by tenant: what it may void.
    holding: Vec<(&'static str, String)>,
}

fn add_client(sim: &mut turmoil::Sim<'_>, seed: u64, client: usize, shared: Shared) {
    let rng =
        StdRng::seed_from_u64(seed ^ (0x9E37_79B9_7F4A_7C15_u64.wrapping_mul(client as u64 + 1)));
    let mut me = Client {
        rng,
        name: client,
        shared,
        holding: Vec::new(),
    };
    sim.client(client_name(client), async move {
        while !me.shared.ready.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        for attempt in 0..me.shared.scenario.attempts_per_client {
            let think = Duration::from_millis(me.rng.random_range(0..THINK_MAX_MS));
            tokio::time::sleep(think).await;
            me.act(attempt).await?;
        }
        me.shared.finished.fetch_add(1, Ordering::SeqCst);
        Ok(())
    });
}

impl Client {
    async fn act(&mut self, attempt: usize) -> Result<(), String> {
        let tenant = TENANTS[self.rng.random_range(0..TENANTS.len())];
        let key = format!("a-{}-{attempt}", self.name);
        let customer = format!(
            "cust-{}",
            self.rng.random_range(0..self.shared.scenario.customers)
        );
        let code = sale_code(self.rng.random_range(0..self.shared.scenario.codes));
        match self.rng.random_range(0..100) {
            0..40 => self.redeem(tenant, &key, &customer, &code).await,
            40..55 => self.reserve(tenant, &key, &customer, &code).await,
            55..67 => self.checkout(tenant, &key, &customer).await,
            67..85 if !self.holding.is_empty() => self.void(&key).await,
            67..85 => self.redeem(tenant, &key, &customer, &code).await,
            85..92 => self.redeem(tenant, &key, &customer, WINDOW_CODE).await,
            _ => self.redeem(tenant, &key, &customer, DAILY_CODE).await,
        }
    }

    async fn redeem(
        &mut self,
        tenant: &'static str,
        key: &str,
        customer: &str,
        code: &str,
    ) -> Result<(), String> {
        let body = json!({"coupon_code": code, "user_id": customer,
            "metadata": {"attempt": key}});
        let path = "/v1/promotions/redemptions";
        if let Answer::Done(ids) = self.persist(tenant, Op::Redeem, path, key, &body).await? {
            self.holding.extend(ids.into_iter().map(|id| (tenant, id)));
            if self.rng.random_range(0..8) == 0 {
                let other = json!({"coupon_code": code, "user_id": format!("{customer}-other"),
                    "metadata": {"attempt": key}});
                self.persist(tenant, Op::Reuse, path, key, &other).await?;
            }
        }
        Ok(())
    }

    /// Reserves, then confirms, releases, or walks away and lets it lapse.
    async fn reserve(
        &mut self,
        tenant: &'static str,
        key: &str,
        customer: &str,
        code: &str,
    ) -> Result<(), String> {
        let body = json!({"coupon_code": code, "user_id": customer, "status": "pending",
            "metadata": {"attempt": key}});
        let path = "/v1/promotions/redemptions";
        let Answer::Done(ids) = self.persist(tenant, Op::Reserve, path, key, &body).await? else {
            return Ok(());
        };
        let Some(id) = ids.into_iter().next() else {
            return Err(format!("reservation {key} answered without a redemption"));
        };
        // Up to one and a half TTLs: a third of settlements come too late.
        let think = Duration::from_millis(self.rng.random_range(0..SETTLE_THINK_MAX_MS));
        tokio::time::sleep(think).await;
        match self.rng.random_range(0..10) {
            0..5 => {
                let path = format!("/v1/promotions/redemptions/{id}/confirm");
                let settle = format!("{key}-confirm");
                let answer = self
                    .persist(tenant, Op::Confirm, &path, &settle, &json!({}))
                    .await?;
                if matches!(answer, Answer::Done(_)) {
                    self.holding.push((tenant, id));
                }
            }
            5..8 => {
                let path = format!("/v1/promotions/redemptions/{id}/release");
                let settle = format!("{key}-release");
                self.persist(tenant, Op::Release, &path, &settle, &json!({}))
                    .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn checkout(
        &mut self,
        tenant: &'static str,
        key: &str,
        customer: &str,
    ) -> Result<(), String> {
        let codes = self.shared.scenario.codes;
        if codes < 2 {
            return Ok(());
        }
        let first = self.rng.random_range(0..codes);
        let second = (first + 1 + self.rng.random_range(0..codes - 1)) % codes;
        let body = json!({"coupon_codes": [sale_code(first), sale_code(second)],
            "user_id": customer, "metadata": {"attempt": key}});
        let path = "/v1/promotions/redemptions";
        if let Answer::Done(ids) = self.persist(tenant, Op::Checkout, path, key, &body).await? {
            self.holding.extend(ids.into_iter().map(|id| (tenant, id)));
        }
        Ok(())
    }

    async fn void(&mut self, key: &str) -> Result<(), String> {
        let index = self.rng.random_range(0..self.holding.len());
        let (tenant, id) = self.holding.swap_remove(index);
        let path = format!("/v1/promotions/redemptions/{id}/void");
        let body = json!({"reason": "order_cancelled"});
        self.persist(tenant, Op::Void, &path, key, &body).await?;
        Ok(())
    }

    /// Sends one request until it gets a definite answer or runs out of
    /// retries, each attempt to a random node, every answer observed.
    async fn persist(
        &mut self,
        tenant: &'static str,
        op: Op,
        path: &str,
        key: &str,
        body: &Value,
    ) -> Result<Answer, String> {
        let retries = self.shared.scenario.max_retries.max(PERSIST_RETRIES);
        persist(
            &mut self.rng,
            &self.shared,
            tenant,
            op,
            path,
            key,
            body,
            retries,
        )
        .await
    }
}

#[allow(clippy::too_many_arguments)]
async fn persist(
    rng: &mut StdRng,
    shared: &Shared,
    tenant: &'static str,
    op: Op,
    path: &str,
    key: &str,
    body: &Value,
    retries: usize,
) -> Result<Answer, String> {
    let mut answer = Answer::Retryable(String::from("not sent"));
    let attempt = match op {
        Op::Reuse => format!("{key}~reuse"),
        _ => key.to_owned(),
    };
    for retry in 0..=retries {
        let node = &shared.nodes[rng.random_range(0..shared.nodes.len())];
        answer = call(node, tenant, path, key, body).await;
        if std::env::var_os("SIM_TRACE").is_some() {
            eprintln!(
                "OBS {:?} {node} {attempt} {answer:?}",
                turmoil::sim_elapsed()
            );
        }
        shared
            .observations
            .lock()
            .map_err(|_| "observations poisoned")?
            .push(Observation {
                at: turmoil::sim_elapsed().unwrap_or_default(),
                tenant,
                op,
                attempt: attempt.clone(),
                answer: answer.clone(),
            });
        if !matches!(answer, Answer::Retryable(_)) {
            break;
        }
        let backoff = 20 * (retry as u64 + 1).min(10) + rng.random_range(0..20);
        tokio::time::sleep(Duration::from_millis(backoff)).await;
    }
    Ok(answer)
}

async fn call(node: &str, tenant: &str, path: &str, key: &str, body: &Value) -> Answer {
    let request = net::post_json(node, path, tenant, ROOT_KEY, Some(key), body);
    match tokio::time::timeout(Duration::from_millis(CLIENT_TIMEOUT_MS), request).await {
        Err(_) => Answer::Retryable(String::from("timeout")),
        Ok(Err(err)) => Answer::Retryable(err),
        Ok(Ok(reply)) => match reply.status {
            200 | 201 => match redemption_ids(&reply.body) {
                Some(ids) => Answer::Done(ids),
                None => Answer::Retryable(format!("success without id: {}", reply.body)),
            },
            429 | 503 => Answer::Retryable(reply.body["code"].to_string()),
            _ => Answer::Refused(reply.body["code"].as_str().unwrap_or("no_code").to_owned()),
        },
    }
}

/// The redemption ids a success names: its own, or each of a checkout's.
fn redemption_ids(body: &Value) -> Option<Vec<String>> {
    if let Some(id) = body["id"].as_str() {
        return Some(vec![id.to_owned()]);
    }
    body["redemptions"]
        .as_array()?
        .iter()
        .map(|r| r["id"].as_str().map(str::to_owned))
        .collect()
}

/// Once every client is done: heals the store, waits for abandoned
/// reservations to lapse, then buys every sale code of every tenant, with fresh
/// customers, until each is refused for a limit.
fn add_drainer(sim: &mut turmoil::Sim<'_>, seed: u64, shared: Shared, mem: MemStore) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xD1A1_0000_0000_0001);
    sim.client("drainer", async move {
        while shared.finished.load(Ordering::SeqCst) < shared.scenario.clients
            || !shared.ready.load(Ordering::SeqCst)
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        mem.set_faults(MemFaults::default());
        tokio::time::sleep(Duration::from_millis(DRAIN_WAIT_MS)).await;
        for tenant in TENANTS {
            for i in 0..shared.scenario.codes {
                drain_code(&mut rng, &shared, tenant, &sale_code(i)).await?;
            }
        }
        let jobs = shared.jobs.lock().map_err(|_| "jobs poisoned")?.clone();
        let store: SharedStore = Arc::new(mem);
        for (tenant, _, job) in &jobs {
            wait_for_job(&store, tenant, job).await?;
        }
        for tenant in TENANTS {
            wait_for_hooks(&store, &shared.receiver, tenant).await?;
        }
        Ok(())
    });
}

/// Waits until a job is final (its worker, or whoever took it over, ran it to
/// the end), as the store shows it.
async fn wait_for_job(store: &SharedStore, tenant: &str, id: &str) -> Result<(), String> {
    for _ in 0..JOB_WAIT_MS / 100 {
        let job = read_job(store, tenant, id).await?;
        if job.status.is_final() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let job = read_job(store, tenant, id).await?;
    Err(format!(
        "job {tenant}/{id} still running after {JOB_WAIT_MS} ms: cursor {}, created {}",
        job.cursor, job.created
    ))
}

/// Waits until the tenant's endpoint received every subscribed event (a
/// bounded wait: the check after the run names what is missing).
async fn wait_for_hooks(
    store: &SharedStore,
    receiver: &SimReceiver,
    tenant: &str,
) -> Result<(), String> {
    for _ in 0..JOB_WAIT_MS / 100 {
        if hooks::caught_up(store, receiver, tenant).await? {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn read_job(store: &SharedStore, tenant: &str, id: &str) -> Result<Job, String> {
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let bytes = tx
        .get_snapshot(&keys::job(tenant, id))
        .await
        .map_err(|e| e.to_string())?;
    let bytes = bytes.ok_or_else(|| format!("job {tenant}/{id} not stored"))?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// Every generation job is done with exactly its codes: as many index entries
/// under the coupon as asked for, distinct codes, each code's index naming its
/// record and its record naming the coupon.
async fn check_generated(
    store: &SharedStore,
    jobs: &[(String, String, String)],
) -> Result<(), String> {
    for (tenant, coupon_id, id) in jobs {
        let at = format!("generation {tenant}/{id}");
        let job = read_job(store, tenant, id).await?;
        if job.status != JobStatus::Done || job.created != GENERATED_CODES {
            return Err(format!(
                "{at}: {:?} with {} codes, not done with {GENERATED_CODES} ({:?})",
                job.status, job.created, job.error
            ));
        }
        let mut tx = store.begin().await.map_err(|e| e.to_string())?;
        let indexed = range(tx.as_mut(), &keys::template_codes_prefix(tenant, coupon_id)).await?;
        let mut codes = BTreeSet::new();
        for (key, code) in &indexed {
            let code = String::from_utf8_lossy(code).into_owned();
            let id = keys::coupon_id_of_template_code(key).ok_or("bad template code key")?;
            let owner = tx
                .get_snapshot(&keys::code(tenant, &code))
                .await
                .map_err(|e| e.to_string())?;
            if owner.as_deref() != Some(id.as_bytes()) {
                return Err(format!(
                    "{at}: code {code} is not indexed to its record {id}"
                ));
            }
            let record = tx
                .get_snapshot(&keys::coupon(tenant, &id))
                .await
                .map_err(|e| e.to_string())?;
            let record: Coupon =
                serde_json::from_slice(&record.ok_or(format!("{at}: {id} missing"))?)
                    .map_err(|e| e.to_string())?;
            if record.parent_id.as_deref() != Some(coupon_id.as_str()) || record.code != code {
                return Err(format!(
                    "{at}: record {id} is not code {code} of {coupon_id}"
                ));
            }
            if !codes.insert(code.clone()) {
                return Err(format!("{at}: code {code} made twice"));
            }
        }
        if codes.len() as u64 != GENERATED_CODES {
            return Err(format!(
                "{at}: {} codes stored, {GENERATED_CODES} asked for",
                codes.len()
            ));
        }
    }
    Ok(())
}

async fn drain_code(
    rng: &mut StdRng,
    shared: &Shared,
    tenant: &'static str,
    code: &str,
) -> Result<(), String> {
    let most = shared.scenario.max_uses as usize + 2;
    for n in 0..most {
        let key = format!("drain-{tenant}-{code}-{n}");
        let body = json!({"coupon_code": code, "user_id": key, "metadata": {"attempt": key}});
        let path = "/v1/promotions/redemptions";
        let answer = persist(rng, shared, tenant, Op::Drain, path, &key, &body, 200).await?;
        match answer {
            Answer::Done(_) => {}
            Answer::Refused(_) => return Ok(()),
            Answer::Retryable(reason) => {
                return Err(format!("drain of {tenant}/{code} kept failing: {reason}"))
            }
        }
    }
    Err(format!(
        "{tenant}/{code} sold past max_uses {}",
        shared.scenario.max_uses
    ))
}

/// One tenant's code as stored: the coupon, every redemption, and its stored
/// per-customer and usage counters.
struct StoredCode {
    coupon: Coupon,
    redemptions: Vec<Redemption>,
    customers: BTreeMap<String, i64>,
    counters: BTreeMap<String, i64>,
}

impl StoredCode {
    fn holding(&self) -> impl Iterator<Item = &Redemption> {
        self.redemptions.iter().filter(|r| {
            matches!(
                r.status,
                RedemptionStatus::Success | RedemptionStatus::Pending
            )
        })
    }
}

async fn read_code(store: &SharedStore, tenant: &str, code: &str) -> Result<StoredCode, String> {
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let id = tx
        .get_snapshot(&keys::code(tenant, code))
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{tenant}/{code} missing"))?;
    let id = String::from_utf8(id).map_err(|e| e.to_string())?;
    let bytes = tx
        .get_snapshot(&keys::coupon(tenant, &id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or("coupon missing")?;
    let coupon: Coupon = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let mut redemptions = Vec::new();
    for row in range(&mut *tx, &keys::coupon_redemptions_prefix(tenant, &id)).await? {
        let rid = keys::redemption_id_of_index(&row.0).ok_or("bad index key")?;
        let bytes = tx
            .get_snapshot(&keys::redemption(tenant, &rid))
            .await
            .map_err(|e| e.to_string())?
            .ok_or("index without redemption")?;
        redemptions.push(serde_json::from_slice(&bytes).map_err(|e| e.to_string())?);
    }
    let mut customers = BTreeMap::new();
    for (key, value) in range(&mut *tx, &keys::customer_uses_prefix(tenant, &id)).await? {
        let user = keys::user_of_customer_uses(&key).ok_or("bad customer key")?;
        customers.insert(user, keys::decode_counter(&value).ok_or("bad counter")?);
    }
    let mut counters = BTreeMap::new();
    for (key, value) in range(&mut *tx, &keys::limit_counters_prefix(tenant, &id)).await? {
        let counter = keys::counter_of_key(&key).ok_or("bad counter key")?;
        counters.insert(counter, keys::decode_counter(&value).ok_or("bad counter")?);
    }
    Ok(StoredCode {
        coupon,
        redemptions,
        customers,
        counters,
    })
}

async fn range(
    tx: &mut dyn stampede_storage::Transaction,
    prefix: &[u8],
) -> Result<Vec<(Vec<u8>, Vec<u8>)>, String> {
    let (begin, end) = keys::prefix_range(prefix);
    let rows = tx
        .get_range(&RangeOptions {
            begin,
            end,
            limit: 1_000_000,
            reverse: false,
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows.into_iter().map(|row| (row.key, row.value)).collect())
}

async fn check(
    store: &SharedStore,
    scenario: &ClusterScenario,
    observations: &[Observation],
) -> Result<LifecycleOutcome, String> {
    let mut outcome = LifecycleOutcome::default();
    let mut stored: HashMap<(&str, String), Redemption> = HashMap::new();
    for tenant in TENANTS {
        let (mut sold, mut sales) = (0u64, Vec::new());
        let mut codes: Vec<String> = (0..scenario.codes).map(sale_code).collect();
        codes.extend([WINDOW_CODE.to_owned(), DAILY_CODE.to_owned()]);
        for code in &codes {
            let view = read_code(store, tenant, code).await?;
            let at = format!("{tenant}/{code}");
            check_counts(&at, &view, scenario)?;
            check_rolled_up(store, tenant, &at, &view).await?;
            if code.starts_with("SALE") {
                sold += view.holding().count() as u64;
                sales.extend(view.redemptions.iter().cloned());
            }
            for r in &view.redemptions {
                *outcome
                    .by_status
                    .entry(format!("{:?}", r.status))
                    .or_default() += 1;
                stored.insert((tenant, r.id.clone()), r.clone());
            }
        }
        check_sold(tenant, sold, scenario)?;
        super::grants::check(store, tenant, &sales).await?;
        outcome.sold.insert(tenant.to_owned(), sold);
    }
    let retention = scenario
        .idempotency_retention
        .map(|r| chrono::Duration::from_std(r).map_err(|e| e.to_string()))
        .transpose()?;
    check_applied_once(&stored, retention)?;
    check_blacklisted(&stored)?;
    if let Some(retention) = retention {
        check_swept(store, observations, retention).await?;
    }
    outcome.answers = check_answers(observations, &stored, retention)?;
    outcome.trace_digest = digest(observations);
    Ok(outcome)
}

/// The analytics count each redemption holding a use of a coupon exactly
/// once, whatever commits were retried, voided, released or expired.
async fn check_rolled_up(
    store: &SharedStore,
    tenant: &str,
    at: &str,
    view: &StoredCode,
) -> Result<(), String> {
    if view.coupon.parent_id.is_some() {
        return Ok(()); // its coupon's figures include codes not read here
    }
    let scope = format!("c:{}", view.coupon.id);
    let rolled = store_view::rollup_total(store, tenant, &scope, "redemptions").await?;
    let holding = view.holding().count() as i64;
    if rolled != holding {
        return Err(format!(
            "{at}: the analytics count {rolled} redemptions, {holding} hold a use"
        ));
    }
    Ok(())
}

/// A code's stored counts equal the redemptions holding a use of it; its
/// limits held; nothing is still reserved after the drain wait.
fn check_counts(at: &str, view: &StoredCode, scenario: &ClusterScenario) -> Result<(), String> {
    let holding: Vec<&Redemption> = view.holding().collect();
    if let Some(r) = holding
        .iter()
        .find(|r| r.status == RedemptionStatus::Pending)
    {
        return Err(format!("{at}: reservation {} never lapsed", r.id));
    }
    if view.coupon.uses_count != holding.len() as u64 {
        return Err(format!(
            "{at}: uses_count {} but {} redemptions hold a use",
            view.coupon.uses_count,
            holding.len()
        ));
    }
    if let Some(max) = view
        .coupon
        .max_uses
        .filter(|max| holding.len() as u64 > *max)
    {
        return Err(format!("{at}: {} uses held, max_uses {max}", holding.len()));
    }
    let mut customers: BTreeMap<String, i64> = BTreeMap::new();
    let mut counters: BTreeMap<String, i64> = BTreeMap::new();
    for r in &holding {
        *customers
            .entry(r.user_id.clone().unwrap_or_default())
            .or_default() += 1;
        for counter in &r.counters {
            *counters.entry(counter.clone()).or_default() += 1;
        }
        check_window(at, view, r)?;
    }
    check_counters(at, "per-customer", &customers, &view.customers)?;
    check_counters(at, "usage", &counters, &view.counters)?;
    let limit = i64::from(scenario.per_customer_limit);
    if at.contains("SALE") {
        if let Some((user, n)) = customers.iter().find(|(_, n)| **n > limit) {
            return Err(format!(
                "{at}: customer {user} holds {n} uses, limit {limit}"
            ));
        }
    }
    if at.ends_with(DAILY_CODE) {
        if let Some((day, n)) = counters.iter().find(|(_, n)| **n > DAILY_CAP as i64) {
            return Err(format!("{at}: {n} uses on {day}, daily cap {DAILY_CAP}"));
        }
    }
    Ok(())
}

/// The windowed code was only sold inside its window.
fn check_window(at: &str, view: &StoredCode, r: &Redemption) -> Result<(), String> {
    let opens = view.coupon.valid_from;
    let closes = view.coupon.valid_until;
    let before = opens.is_some_and(|from| r.created_at < from);
    let after = closes.is_some_and(|until| r.created_at >= until);
    if before || after {
        return Err(format!(
            "{at}: {} sold at {} outside its window",
            r.id, r.created_at
        ));
    }
    Ok(())
}

/// Stored counters equal the counts of the redemptions holding a use (a stored
/// zero is the same as none).
fn check_counters(
    at: &str,
    what: &str,
    expected: &BTreeMap<String, i64>,
    stored: &BTreeMap<String, i64>,
) -> Result<(), String> {
    let names: BTreeSet<&String> = expected.keys().chain(stored.keys()).collect();
    for name in names {
        let want = expected.get(name).copied().unwrap_or(0);
        let have = stored.get(name).copied().unwrap_or(0);
        if want != have {
            return Err(format!(
                "{at}: {what} counter {name} is {have}, {want} redemptions hold a use"
            ));
        }
    }
    Ok(())
}

/// After the drain, exactly what the limits allow was sold: every code's
/// `max_uses`, or the campaign's budget if that is less (no over- and no
/// under-sell).
fn check_sold(tenant: &str, sold: u64, scenario: &ClusterScenario) -> Result<(), String> {
    let supply = scenario.max_uses * scenario.codes as u64;
    let expected = scenario
        .campaign_budget
        .map_or(supply, |budget| budget.min(supply));
    if sold != expected {
        return Err(format!(
            "{tenant}: {sold} uses held after the drain, the limits allow exactly {expected}"
        ));
    }
    Ok(())
}

/// The blacklisted customer never got a redemption, pending or not.
fn check_blacklisted(stored: &HashMap<(&str, String), Redemption>) -> Result<(), String> {
    match stored
        .values()
        .find(|r| r.user_id.as_deref() == Some(BLACKLISTED_CUSTOMER))
    {
        Some(r) => Err(format!(
            "{} was stored for the blacklisted {BLACKLISTED_CUSTOMER} ({:?})",
            r.id, r.status
        )),
        None => Ok(()),
    }
}

/// One attempt (one idempotency key) applied at most once per code — or, with
/// a retention, never twice within it: a key the retention has outlived is
/// forgotten and may apply again, but a record swept early would let a retry
/// within the retention apply twice.
fn check_applied_once(
    stored: &HashMap<(&str, String), Redemption>,
    retention: Option<chrono::Duration>,
) -> Result<(), String> {
    let mut applied: HashMap<(&str, String, String), Vec<DateTime<Utc>>> = HashMap::new();
    for ((tenant, _), r) in stored {
        if let Some(attempt) = r.metadata.get("attempt").and_then(Value::as_str) {
            applied
                .entry((tenant, attempt.to_owned(), r.coupon_id.clone()))
                .or_default()
                .push(r.created_at);
        }
    }
    for (attempt, times) in &mut applied {
        times.sort();
        let too_close = times.windows(2).any(|pair| match retention {
            Some(retention) => pair[1] - pair[0] < retention,
            None => true,
        });
        if too_close {
            return Err(format!("attempt {attempt:?} was applied at {times:?}"));
        }
    }
    Ok(())
}

/// The expiry worker kept up: once the clients are done, no idempotency record
/// is older than the retention by more than two sweeps (the drain waits longer
/// than that, faults healed, before its last reply).
async fn check_swept(
    store: &SharedStore,
    observations: &[Observation],
    retention: chrono::Duration,
) -> Result<(), String> {
    let last = observations.iter().map(|o| o.at).max().unwrap_or_default();
    let end = start() + chrono::Duration::milliseconds(last.as_millis() as i64 * CLOCK_SPEED);
    let sweeps = IDEMPOTENCY_SWEEP_INTERVAL_MS as i64 * 2 * CLOCK_SPEED;
    let bound = end - retention - chrono::Duration::milliseconds(sweeps);
    let (begin, until) = keys::idempotency_index_until(bound.timestamp_millis());
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let options = RangeOptions {
        begin,
        end: until,
        limit: 1,
        reverse: false,
    };
    let outlived = tx.get_range(&options).await.map_err(|e| e.to_string())?;
    match outlived
        .first()
        .and_then(|row| keys::decode_idempotency_index(&row.key))
    {
        Some((created_ms, tenant, key)) => Err(format!(
            "idempotency record {tenant}/{key} written at {created_ms} ms outlived its retention; \
             the last reply came at {} ms",
            end.timestamp_millis()
        )),
        None => Ok(()),
    }
}

/// Whether a reply at simulated `at` may name other redemptions than `before`,
/// the ones its key first named: only once the retention has outlived the key.
fn key_outlived(
    before: &[String],
    tenant: &str,
    at: Duration,
    stored: &HashMap<(&str, String), Redemption>,
    retention: Option<chrono::Duration>,
) -> bool {
    let Some(retention) = retention else {
        return false;
    };
    let now = start() + chrono::Duration::milliseconds(at.as_millis() as i64 * CLOCK_SPEED);
    before.iter().all(|id| {
        stored
            .get(&(tenant, id.clone()))
            .is_some_and(|r| now - r.created_at >= retention)
    })
}

fn check_answers(
    observations: &[Observation],
    stored: &HashMap<(&str, String), Redemption>,
    retention: Option<chrono::Duration>,
) -> Result<BTreeMap<String, usize>, String> {
    let mut named: HashMap<(&str, &str), &Vec<String>> = HashMap::new();
    let mut finals: BTreeMap<(&str, &str), (Op, &Answer)> = BTreeMap::new();
    for o in observations {
        finals.insert((o.tenant, &o.attempt), (o.op, &o.answer));
        let Answer::Done(ids) = &o.answer else {
            continue;
        };
        if o.op == Op::Reuse {
            let original = o.attempt.trim_end_matches("~reuse");
            let first = named.get(&(o.tenant, original));
            if !first.is_some_and(|b| key_outlived(b, o.tenant, o.at, stored, retention)) {
                return Err(format!(
                    "{} reused with another request was answered {ids:?}",
                    o.attempt
                ));
            }
        }
        let first = named.entry((o.tenant, &o.attempt)).or_insert(ids);
        if *first != ids {
            if key_outlived(first, o.tenant, o.at, stored, retention) {
                *first = ids;
            } else {
                let before = first.clone();
                return Err(format!(
                    "attempt {} named {before:?} then {ids:?}",
                    o.attempt
                ));
            }
        }
        for id in ids {
            let r = stored
                .get(&(o.tenant, id.clone()))
                .ok_or_else(|| format!("{:?} {} acknowledged {id}, not stored", o.op, o.attempt))?;
            check_settled(o.op, r)?;
        }
    }
    let mut counted = BTreeMap::new();
    for ((_, attempt), (op, answer)) in finals {
        let label = match answer {
            Answer::Done(_) => String::from("done"),
            Answer::Refused(code) if EXPECTED_REFUSALS.contains(&code.as_str()) => code.clone(),
            Answer::Refused(code) if op == Op::Reuse && code == "idempotency_key_reused" => {
                code.clone()
            }
            Answer::Refused(code) => {
                return Err(format!("{op:?} {attempt} was refused with {code}"));
            }
            Answer::Retryable(_) => String::from("gave_up"),
        };
        *counted.entry(format!("{op:?} {label}")).or_default() += 1;
    }
    Ok(counted)
}

/// A redemption an operation acknowledged is stored in a state that operation
/// can have left it in (later operations of the same client included).
fn check_settled(op: Op, r: &Redemption) -> Result<(), String> {
    use RedemptionStatus::*;
    let allowed: &[RedemptionStatus] = match op {
        Op::Redeem | Op::Checkout | Op::Confirm | Op::Drain => &[Success, Voided],
        Op::Reserve => &[Success, Voided, Expired],
        // A release that finds the reservation already lapsed answers it as
        // it is: released either way, and only once.
        Op::Release => &[Voided, Expired],
        Op::Void => &[Voided],
        Op::Reuse => &[],
    };
    if !allowed.contains(&r.status) {
        return Err(format!(
            "{op:?} acknowledged {} but it is stored {:?}",
            r.id, r.status
        ));
    }
    Ok(())
}

fn digest(observations: &[Observation]) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same in every process.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    for o in observations {
        (o.tenant, &o.attempt, o.op as u8).hash(&mut hasher);
        match &o.answer {
            Answer::Done(ids) => ids.hash(&mut hasher),
            Answer::Refused(code) => code.hash(&mut hasher),
            Answer::Retryable(reason) => reason.hash(&mut hasher),
        }
    }
    hasher.finish()
}
