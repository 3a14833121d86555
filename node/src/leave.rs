//! `stampede leave`: make a running node leave its cluster and wait until it
//! has handed its keys off. The StatefulSet's `preStop` runs it, so that by
//! SIGTERM the node owns nothing and its shutdown only closes connections.

use clap::Args;
use serde_json::json;

use crate::bench::Api;
use crate::serve::BoxError;

/// How long the call may take beyond the node's own wait.
const LEAVE_CALL_MARGIN_SECS: u64 = 10;

#[derive(Debug, Clone, Args)]
pub struct LeaveArgs {
    /// Base URL of the node, e.g. `http://127.0.0.1:8080`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// The root key: only it may make a node leave.
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub key: String,
    /// How long the node may wait for its actors to hand off, in seconds;
    /// what is left then drains at shutdown.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=120))]
    pub timeout_secs: u64,
}

pub async fn leave(args: LeaveArgs) -> Result<(), BoxError> {
    let call_timeout = args.timeout_secs + LEAVE_CALL_MARGIN_SECS;
    let api = Api::new(&args.target, &args.key, "default", call_timeout)?;
    let body = json!({"timeout_ms": args.timeout_secs * 1_000});
    let answer = api
        .post_expect("/v1/promotions/cluster/leave", &body, 200)
        .await?;
    let remaining = answer["remaining_actors"].as_u64().unwrap_or(0);
    println!(
        "{} left the ring in {} ms; {remaining} actor(s) still draining",
        answer["node_id"].as_str().unwrap_or("the node"),
        answer["took_ms"].as_u64().unwrap_or(0),
    );
    Ok(())
}
