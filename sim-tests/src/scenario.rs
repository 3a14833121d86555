//! The flash-sale-under-faults scenario: clients rush `codes` sales at once
//! (each its own coupon, or a code of its own coupon on odd seeds) while
//! storage injects faults. With several codes, their actors' batches share
//! the node's commit transactions (`coupon/commit_queue.rs`), so a fault in a
//! shared commit must answer none of its parts wrongly.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use stampede_actors::{ActorError, RedeemRequest, Shards, ShardsConfig};
use stampede_protocol::clock::ManualClock;
use stampede_protocol::idempotency::IdemSpec;
use stampede_protocol::Redemption;
use stampede_storage::{MemFaults, MemStore, SharedStore};

use crate::store_view::{self, TENANT};

/// The `i`th sale's code and coupon id.
fn sale(i: usize) -> (String, String) {
    (format!("FLASH{i}"), format!("cpn_flash{i}"))
}

/// Shape of one run.
#[derive(Debug, Clone)]
pub struct ScenarioConfig {
    /// Sales rushed at once, each with its own limits.
    pub codes: usize,
    pub clients: usize,
    pub attempts_per_client: usize,
    pub max_uses: u64,
    pub per_customer_limit: u32,
    /// Distinct customers the clients draw from (fewer than clients → per-customer
    /// limits are contended).
    pub customers: usize,
    pub fault_rate: f64,
    /// Retries of one attempt (same idempotency key) after a retryable error.
    pub max_retries: usize,
}

impl Default for ScenarioConfig {
    fn default() -> Self {
        Self {
            codes: 1,
            clients: 40,
            attempts_per_client: 8,
            max_uses: 120,
            per_customer_limit: 2,
            customers: 60,
            fault_rate: 0.1,
            max_retries: 6,
        }
    }
}

/// What a run observed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub acknowledged: usize,
    pub refused: usize,
    pub gave_up: usize,
    pub stored_successes: usize,
    pub uses_count: u64,
}

/// Runs one seed; `Err` names the violated invariant.
pub fn run_seed(seed: u64, config: &ScenarioConfig) -> Result<Outcome, String> {
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_all().start_paused(true);
    // The order `select!` polls in comes from the runtime's seeded generator.
    #[cfg(tokio_unstable)]
    builder.rng_seed(tokio::runtime::RngSeed::from_bytes(&seed.to_le_bytes()));
    let runtime = builder.build().map_err(|e| e.to_string())?;
    runtime.block_on(scenario(seed, config.clone()))
}

struct Reply {
    /// Which sale.
    sale: usize,
    idem_key: String,
    result: Result<Redemption, ActorError>,
}

async fn scenario(seed: u64, config: ScenarioConfig) -> Result<Outcome, String> {
    let mem = MemStore::with_seed(seed);
    let store: SharedStore = Arc::new(mem.clone());
    // Odd seeds rush a code of a coupon: its limits are its parent's.
    insert_coupons(&store, &config, seed % 2 == 1).await?;
    mem.set_faults(store_view::faults(config.fault_rate, 3));
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .single()
            .ok_or("clock")?,
    ));
    let shards = Shards::new(store.clone(), clock, ShardsConfig::default());
    let mut rng = StdRng::seed_from_u64(seed);
    let mut tasks = Vec::new();
    for client in 0..config.clients {
        let plan: Vec<Attempt> = (0..config.attempts_per_client)
            .map(|attempt| {
                let customer = format!("cust-{}", rng.random_range(0..config.customers));
                (
                    rng.random_range(0..config.codes.max(1)),
                    format!("k:{client}-{attempt}"),
                    customer,
                    rng.random_range(0..5),
                )
            })
            .collect();
        let shards = shards.clone();
        let retries = config.max_retries;
        tasks.push(tokio::spawn(async move {
            client_run(shards, plan, retries).await
        }));
    }
    let mut replies = Vec::new();
    for task in tasks {
        replies.extend(task.await.map_err(|e| e.to_string())?);
    }
    mem.set_faults(MemFaults::default());
    // The supervisor restarts a panicked actor, so a panic (a debug build's
    // failed invariant among them) would otherwise pass unnoticed.
    if shards.actor_restarts() > 0 || shards.campaigns().actor_restarts() > 0 {
        return Err(String::from(
            "an actor panicked and was restarted (see the log)",
        ));
    }
    check(&store, &config, &replies).await
}

/// One attempt of a client: the sale, the idempotency key, the customer and
/// the think time before it (ms).
type Attempt = (usize, String, String, u64);

async fn client_run(shards: Shards, plan: Vec<Attempt>, retries: usize) -> Vec<Reply> {
    let mut replies = Vec::new();
    for (sale_index, idem_key, customer, think_ms) in plan {
        let code = sale(sale_index).0;
        tokio::time::sleep(Duration::from_millis(think_ms)).await;
        for _ in 0..=retries {
            let request = RedeemRequest {
                provenance: Default::default(),
                user_id: Some(customer.clone()),
                idem: Some(IdemSpec {
                    key: idem_key.clone(),
                    fingerprint: format!("fp-{idem_key}"),
                }),
                ..RedeemRequest::default()
            };
            let result = shards.redeem(TENANT, &code, request).await;
            let retry = matches!(
                result,
                Err(ActorError::Unavailable(_) | ActorError::Overloaded)
            );
            replies.push(Reply {
                sale: sale_index,
                idem_key: idem_key.clone(),
                result,
            });
            if !retry {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    replies
}

async fn insert_coupons(
    store: &SharedStore,
    config: &ScenarioConfig,
    code_of_coupon: bool,
) -> Result<(), String> {
    let (max, per_customer) = (config.max_uses, config.per_customer_limit);
    for i in 0..config.codes.max(1) {
        let (code, id) = sale(i);
        if code_of_coupon {
            store_view::insert_sale_code_of_coupon(store, &id, &code, max, per_customer).await?;
        } else {
            store_view::insert_sale_coupon(store, &id, &code, max, per_customer).await?;
        }
    }
    Ok(())
}

async fn check(
    store: &SharedStore,
    config: &ScenarioConfig,
    replies: &[Reply],
) -> Result<Outcome, String> {
    let mut outcome = Outcome::default();
    for i in 0..config.codes.max(1) {
        let answered: Vec<&Reply> = replies.iter().filter(|r| r.sale == i).collect();
        let sale = check_sale(store, config, &sale(i).1, &answered)
            .await
            .map_err(|violation| format!("sale {i}: {violation}"))?;
        outcome.acknowledged += sale.acknowledged;
        outcome.refused += sale.refused;
        outcome.gave_up += sale.gave_up;
        outcome.stored_successes += sale.stored_successes;
        outcome.uses_count += sale.uses_count;
    }
    // The tenant's scope: the sales are its only coupons (or codes of them).
    let rolled = store_view::rollup_total(store, TENANT, "t", "redemptions").await?;
    if rolled != outcome.stored_successes as i64 {
        return Err(format!(
            "the analytics count {rolled} redemptions, {} are stored",
            outcome.stored_successes
        ));
    }
    Ok(outcome)
}

/// One sale's invariants: every acknowledged success stored, one redemption
/// per idempotency key, its count equal to what is stored and within its
/// limits.
async fn check_sale(
    store: &SharedStore,
    config: &ScenarioConfig,
    coupon_id: &str,
    replies: &[&Reply],
) -> Result<Outcome, String> {
    let (uses_count, stored) = store_view::read_back(store, coupon_id).await?;
    let mut outcome = Outcome {
        uses_count,
        stored_successes: stored.len(),
        ..Outcome::default()
    };
    let stored_ids: HashMap<&str, &Redemption> =
        stored.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut per_key: HashMap<&str, HashSet<&str>> = HashMap::new();
    for reply in replies {
        match &reply.result {
            Ok(redemption) => {
                outcome.acknowledged += 1;
                if !stored_ids.contains_key(redemption.id.as_str()) {
                    return Err(format!(
                        "acknowledged redemption {} is not stored",
                        redemption.id
                    ));
                }
                per_key
                    .entry(&reply.idem_key)
                    .or_default()
                    .insert(&redemption.id);
            }
            Err(ActorError::Refused { .. }) => outcome.refused += 1,
            Err(_) => outcome.gave_up += 1,
        }
    }
    if let Some((key, ids)) = per_key.iter().find(|(_, ids)| ids.len() > 1) {
        return Err(format!(
            "idempotency key {key} answered {} different redemptions",
            ids.len()
        ));
    }
    if uses_count as usize != stored.len() {
        return Err(format!(
            "uses_count {uses_count} != {} stored successes",
            stored.len()
        ));
    }
    if uses_count > config.max_uses {
        return Err(format!(
            "uses_count {uses_count} exceeds max_uses {}",
            config.max_uses
        ));
    }
    let mut per_customer: HashMap<&str, u32> = HashMap::new();
    for redemption in &stored {
        *per_customer
            .entry(redemption.user_id.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    if let Some((customer, count)) = per_customer
        .iter()
        .find(|(_, n)| **n > config.per_customer_limit)
    {
        return Err(format!("customer {customer} redeemed {count} times"));
    }
    Ok(outcome)
}
