//! `stampede bench`: a closed-loop load generator that also checks the answer.
//!
//! A flash sale is the workload Stampede exists for: thousands of buyers hitting one
//! code at the same instant. Throughput alone proves little, so `flash-sale` ends by
//! reading the coupon back and comparing its `uses_count` with the successes the
//! clients were told about. An over-count or an under-count fails the run with a
//! non-zero exit status.
//!
//! * `flash-sale` — creates a fresh coupon, rushes `POST /redemptions` with distinct
//!   buyers, reports latency and outcomes, then checks the count.
//! * `validate` — creates a fresh coupon and rushes the side-effect-free
//!   `POST /validate`.
//! * `many-codes` — makes `--codes` codes of one coupon and rushes
//!   redemptions of a code drawn per request (uniform or Zipf), then checks
//!   every code's count.
//! * `campaign` — sells `--codes` hot codes of one campaign with a redemption
//!   budget (every use spends quota through a lease), then checks that the
//!   budget was never exceeded and every success was counted.
//! * `generate` — times a job generating `--count` codes of a fresh coupon
//!   (codes/s) and checks that all were made.
//!
//! Modules:
//! * [`http`] — the client side of the API: building clients, creating and reading
//!   coupons, scraping `/metrics`, classifying responses.
//! * [`rush`] — the workers and the clock.
//! * [`ceiling`] — the echo server every bench measures in the same run, so
//!   its figure is also a ratio (`ceiling` alone, or before each rush).
//! * [`grpc_rush`] — the same rush over the gRPC `Redeem` (`flash-sale --grpc`).
//! * [`job`] — following a job to its end with a progress bar.
//! * [`stats`] — latency histograms and outcome counts, merged across workers.
//!
//! Every worker is closed-loop (one request in flight, the next sent when the
//! previous one is answered), so the offered load adapts to the server and
//! latency percentiles describe a saturated server, not an open-loop arrival rate.

mod campaign;
mod ceiling;
mod grpc_rush;
mod http;
pub(crate) mod job;
mod many_codes;
mod rush;
mod stats;

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::serve::BoxError;
pub(crate) use http::Api;
use http::NewCoupon;
use rush::{Plan, RequestKind};

/// Most concurrent connections a run may open: beyond this the client, not the
/// server, is what is measured (and file-descriptor limits are hit).
pub const MAX_CONNECTIONS: u64 = 10_000;
/// Longest run, in seconds (measured part and warm-up each).
pub const MAX_DURATION_SECS: u64 = 3_600;
/// Longest per-request timeout, in seconds.
pub const MAX_TIMEOUT_SECS: u64 = 300;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Rush redemptions of one fresh coupon and check that every success was
    /// counted exactly once.
    FlashSale(FlashSaleArgs),
    /// Rush `POST /validate` against one fresh coupon.
    Validate(ValidateArgs),
    /// Rush an in-process echo server: the HTTP stack's and this
    /// generator's ceiling on this machine.
    Ceiling(CeilingArgs),
    /// Rush redemptions spread over many codes (each order its own code),
    /// and check every code's count.
    ManyCodes(ManyCodesArgs),
    /// Rush the hot codes of one campaign with a redemption budget, and
    /// check that the budget was never exceeded.
    Campaign(CampaignArgs),
    /// Time a job generating `--count` codes of one fresh coupon, and check
    /// that it made all of them.
    Generate(GenerateBenchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct GenerateBenchArgs {
    /// Base URL of the node, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    pub target: String,
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub key: String,
    #[arg(long, default_value = "bench")]
    pub tenant: String,
    /// Codes to generate.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub count: u64,
    /// The codes' pattern.
    #[arg(long, default_value = "GEN-{RAND:10}")]
    pub pattern: String,
}

/// Where to send load and how hard.
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Base URL of the node, e.g. `http://127.0.0.1:8080`.
    #[arg(long)]
    pub target: String,
    /// API key: the root key (with `--tenant`) or a tenant key with the
    /// `coupons:write`, `coupons:read` and `redemptions:write` scopes (`validate`
    /// for the validate rush).
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub key: String,
    /// Tenant sent as `X-Tenant-ID`; pass an empty string to send no header (for a
    /// tenant key, whose tenant is implied).
    #[arg(long, default_value = "bench")]
    pub tenant: String,
    /// Concurrent connections, one closed-loop worker each.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=MAX_CONNECTIONS))]
    pub connections: u64,
    /// Seconds of measured load.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=MAX_DURATION_SECS))]
    pub duration: u64,
    /// Seconds of load before measuring starts (connections opened, actor
    /// activated); their requests count for the check but not for latency or
    /// throughput.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=MAX_DURATION_SECS))]
    pub warmup: u64,
    /// Per-request timeout, in seconds. A redemption that times out has an unknown
    /// outcome.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_SECS))]
    pub timeout: u64,
    /// Skip measuring the echo ceiling before the rush (then no ratio is
    /// printed).
    #[arg(long)]
    pub no_ceiling: bool,
}

#[derive(Debug, Clone, Args)]
pub struct FlashSaleArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// `max_uses` of the coupon under test.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_uses: u64,
    /// `per_customer_limit` of the coupon under test (every buyer is distinct, so
    /// it is never reached; it makes the server keep per-customer counts).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub per_customer_limit: u32,
    /// Rush a campaign promotion's code (seed 001) instead of a coupon: its
    /// discount comes from the promotion engine, its limits are `usage_limits`.
    #[arg(long)]
    pub promotion: bool,
    /// Put the code in an active campaign with this redemption budget, so every
    /// use spends campaign quota through a lease.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub campaign_budget: Option<u64>,
    /// Rush the gRPC checkout service's `Redeem` instead of `POST
    /// /redemptions` (the coupon is still made and read back over REST).
    #[arg(long)]
    pub grpc: bool,
    /// The node's gRPC address, with `--grpc`.
    #[arg(long, default_value = "http://127.0.0.1:8081")]
    pub grpc_target: String,
}

#[derive(Debug, Clone, Args)]
pub struct CeilingArgs {
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=MAX_CONNECTIONS))]
    pub connections: u64,
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=MAX_DURATION_SECS))]
    pub duration: u64,
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=MAX_DURATION_SECS))]
    pub warmup: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ManyCodesArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Codes to make and draw from.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub codes: u64,
    /// Draw codes Zipf-distributed with this exponent (e.g. 1.1) instead of
    /// uniformly.
    #[arg(long, conflicts_with = "sweep")]
    pub zipf: Option<f64>,
    /// Redeem every code in turn (each once before any twice) instead of
    /// drawing them: with a long `--duration`, every code wakes.
    #[arg(long)]
    pub sweep: bool,
    /// `max_uses` of each code.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_uses: u64,
}

/// Most codes `bench campaign` makes (each is its own coupon).
pub const MAX_CAMPAIGN_CODES: u64 = 1_000;

#[derive(Debug, Clone, Args)]
pub struct CampaignArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Hot codes of the campaign, each its own coupon.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=MAX_CAMPAIGN_CODES))]
    pub codes: u64,
    /// The campaign's redemption budget.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub budget: u64,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

pub async fn run(command: BenchCommand) -> Result<(), BoxError> {
    match command {
        BenchCommand::FlashSale(args) => flash_sale(args).await,
        BenchCommand::Validate(args) => validate(args).await,
        BenchCommand::ManyCodes(args) => many_codes::run(args).await,
        BenchCommand::Campaign(args) => campaign::run(args).await,
        BenchCommand::Ceiling(args) => {
            let connections = usize::try_from(args.connections)?;
            let (warmup, duration) = (
                Duration::from_secs(args.warmup),
                Duration::from_secs(args.duration),
            );
            let report = ceiling::measure(connections, warmup, duration).await?;
            report.print("echoes");
            Ok(())
        }
        BenchCommand::Generate(args) => generate(args).await,
    }
}

/// Times one generation job from its `202` to its end, as the node records it
/// and as seen from here.
async fn generate(args: GenerateBenchArgs) -> Result<(), BoxError> {
    let api = Api::new(&args.target, &args.key, &args.tenant, 60)?;
    let spec = NewCoupon {
        prefix: "GEN",
        max_uses: Some(1),
        per_customer_limit: None,
        campaign_id: None,
    };
    let coupon = api.create_coupon(&spec).await?;
    println!(
        "generating {} codes of coupon {} ({})",
        args.count, coupon.code, coupon.id
    );
    let started = std::time::Instant::now();
    let body =
        serde_json::json!({"coupon_id": coupon.id, "count": args.count, "pattern": args.pattern});
    let job = api
        .send_json("/v1/promotions/coupons/generate", &body)
        .await?;
    let done = job::follow(&api, &job, true).await?;
    let wall = started.elapsed().as_secs_f64();
    job::summary(&done);
    let created = done["created"].as_u64().unwrap_or(0);
    println!(
        "generated {created} codes in {wall:.2} s: {:.0} codes/s (from the 202 to the end)",
        created as f64 / wall.max(1e-9)
    );
    if done["status"] != "done" || created != args.count {
        return Err(format!("CHECK FAILED: asked for {}, made {created}", args.count).into());
    }
    println!("CHECK PASSED: every code asked for was made");
    Ok(())
}

/// The echo ceiling with the run's connections and times, unless skipped.
async fn ceiling_of(common: &CommonArgs) -> Result<Option<stats::Report>, BoxError> {
    if common.no_ceiling {
        return Ok(None);
    }
    let report = ceiling::measure(
        usize::try_from(common.connections)?,
        Duration::from_secs(common.warmup),
        Duration::from_secs(common.duration),
    )
    .await?;
    println!("echo ceiling: {:.0} requests/s", report.rate());
    Ok(Some(report))
}

fn plan(common: &CommonArgs, kind: RequestKind) -> Plan {
    Plan {
        kind,
        // Both bounded by clap; the conversion cannot truncate on 32- or 64-bit.
        connections: usize::try_from(common.connections).unwrap_or(usize::MAX),
        warmup: Duration::from_secs(common.warmup),
        duration: Duration::from_secs(common.duration),
    }
}

async fn flash_sale(args: FlashSaleArgs) -> Result<(), BoxError> {
    let common = &args.common;
    let api = Api::new(&common.target, &common.key, &common.tenant, common.timeout)?;
    let campaign_id = match (args.promotion, args.campaign_budget) {
        (false, None) => None,
        (_, budget) => Some(api.create_campaign(budget).await?),
    };
    let spec = NewCoupon {
        prefix: "FLASH",
        max_uses: Some(args.max_uses),
        per_customer_limit: Some(args.per_customer_limit),
        campaign_id: campaign_id.clone(),
    };
    let coupon = match &campaign_id {
        Some(campaign) if args.promotion => api.create_promotion(campaign, &spec).await?,
        _ => api.create_coupon(&spec).await?,
    };
    if let Some(campaign) = &campaign_id {
        println!(
            "campaign {campaign}, budget {}",
            args.campaign_budget
                .map_or(String::from("none"), |b| b.to_string())
        );
    }
    let cap = args
        .campaign_budget
        .map_or(args.max_uses, |budget| budget.min(args.max_uses));
    let batches_before = api.batch_size_totals().await;
    println!(
        "flash sale: coupon {} ({}), max_uses {}, per_customer_limit {}",
        coupon.code, coupon.id, args.max_uses, args.per_customer_limit
    );
    println!(
        "rushing {} with {} connections: {} s warm-up + {} s measured, timeout {} s",
        api.base(),
        common.connections,
        common.warmup,
        common.duration,
        common.timeout
    );
    let ceiling = ceiling_of(common).await?;
    let kind = RequestKind::Redeem {
        code: coupon.code.clone(),
    };
    let report = if args.grpc {
        println!("over gRPC: {}", args.grpc_target);
        let target = grpc_rush::Target {
            url: args.grpc_target.clone(),
            key: common.key.clone(),
            tenant: common.tenant.clone(),
            timeout: Duration::from_secs(common.timeout),
        };
        grpc_rush::run(&target, &coupon.code, plan(common, kind)).await?
    } else {
        rush::run(&api, plan(common, kind)).await?
    };
    report.print("redemptions");
    if let Some(ceiling) = &ceiling {
        ceiling::print_ratio("redemptions", &report, ceiling);
    }

    let after = api.get_coupon(&coupon.id).await?;
    let batches_after = api.batch_size_totals().await;
    println!();
    println!("coupon read back:   uses_count {}", after.uses_count);
    print_batches(batches_before, batches_after);
    print_node_memory(&api).await;

    conclude(check(
        report.successes(),
        report.unknown(),
        after.uses_count,
        cap,
    ))
}

async fn validate(args: ValidateArgs) -> Result<(), BoxError> {
    let common = &args.common;
    let api = Api::new(&common.target, &common.key, &common.tenant, common.timeout)?;
    let coupon = api
        .create_coupon(&NewCoupon {
            prefix: "VALIDATE",
            max_uses: None,
            per_customer_limit: None,
            campaign_id: None,
        })
        .await?;
    println!("validate: coupon {} ({})", coupon.code, coupon.id);
    println!(
        "rushing {} with {} connections: {} s warm-up + {} s measured, timeout {} s",
        api.base(),
        common.connections,
        common.warmup,
        common.duration,
        common.timeout
    );
    let ceiling = ceiling_of(common).await?;
    let report = rush::run(
        &api,
        plan(common, RequestKind::Validate { code: coupon.code }),
    )
    .await?;
    report.print("validations");
    print_node_memory(&api).await;
    if let Some(ceiling) = &ceiling {
        ceiling::print_ratio("validations", &report, ceiling);
    }
    Ok(())
}

/// Prints a run's verdict; a failed check fails the command.
fn conclude(verdict: Result<String, String>) -> Result<(), BoxError> {
    match verdict {
        Ok(message) => {
            println!("CHECK PASSED: {message}");
            Ok(())
        }
        Err(message) => {
            println!("CHECK FAILED: {message}");
            Err(format!("check failed: {message}").into())
        }
    }
}

/// Prints the node's resident memory as its `/metrics` reports it.
async fn print_node_memory(api: &Api) {
    match api.node_resident_bytes().await {
        Some(bytes) => println!(
            "node RSS:           {:.0} MiB",
            bytes / f64::from(1u32 << 20)
        ),
        None => println!("node RSS:           not in /metrics"),
    }
}

/// Prints the average commit batch size over the run, from the difference of the
/// server's cumulative `stampede_commit_batch_size` histogram before and after.
/// The histogram is process-wide: earlier runs are subtracted, but concurrent
/// traffic from others is included.
fn print_batches(before: Option<(f64, f64)>, after: Option<(f64, f64)>) {
    let (Some((sum0, count0)), Some((sum1, count1))) = (before, after) else {
        println!("commit batches:     /metrics not readable");
        return;
    };
    let (sum, count) = (sum1 - sum0, count1 - count0);
    if count > 0.0 {
        println!(
            "commit batches:     {count:.0} commits of {sum:.0} batched decisions during the run, \
             average batch size {:.1}",
            sum / count
        );
    } else {
        println!("commit batches:     none recorded (no stampede_commit_batch_size in /metrics)");
    }
}

/// The flash-sale verdict.
///
/// Every acknowledged success must be counted, and nothing else may be: with no
/// unknown outcomes, `successes == uses_count`. A request that timed out, lost its
/// connection or got a 5xx may or may not have been committed, so with `unknown`
/// such requests the count may exceed the acknowledged successes by at most that
/// many. `uses_count <= max_uses` always.
fn check(successes: u64, unknown: u64, uses_count: u64, max_uses: u64) -> Result<String, String> {
    if uses_count > max_uses {
        return Err(format!(
            "uses_count {uses_count} exceeds max_uses {max_uses} (oversold)"
        ));
    }
    if unknown == 0 {
        return if successes == uses_count {
            Ok(format!(
                "{successes} acknowledged successes == uses_count {uses_count} <= max_uses {max_uses}"
            ))
        } else {
            Err(format!(
                "{successes} acknowledged successes != uses_count {uses_count} \
                 (no unknown outcomes, so they must be equal)"
            ))
        };
    }
    let upper = successes.saturating_add(unknown);
    if (successes..=upper).contains(&uses_count) {
        Ok(format!(
            "{unknown} requests had unknown outcomes (timeout, lost connection or 5xx), so the \
             check is the range: {successes} acknowledged successes <= uses_count {uses_count} \
             <= {upper}, and uses_count <= max_uses {max_uses}"
        ))
    } else {
        Err(format!(
            "uses_count {uses_count} outside [{successes}, {upper}] \
             ({successes} acknowledged successes + {unknown} unknown outcomes)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn exact_when_every_outcome_is_known() {
        assert!(check(10, 0, 10, 10).is_ok());
        assert!(check(9, 0, 10, 10).is_err());
        assert!(check(10, 0, 9, 10).is_err());
    }

    #[test]
    fn range_when_some_outcomes_are_unknown() {
        assert!(check(10, 3, 10, 100).is_ok());
        assert!(check(10, 3, 13, 100).is_ok());
        assert!(check(10, 3, 14, 100).is_err());
        assert!(check(10, 3, 9, 100).is_err());
    }

    #[test]
    fn never_above_max_uses() {
        assert!(check(11, 0, 11, 10).is_err());
        assert!(check(10, 5, 11, 10).is_err());
    }
}
