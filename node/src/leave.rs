//! `stampede leave`: make a running node leave its cluster and wait until it
//! has handed its keys off. The StatefulSet's `preStop` runs it, so that by
//! SIGTERM the node owns nothing and its shutdown only closes connections.

use clap::Args;
use serde_json::json;

use crate::bench::Api;
use crate::serve::BoxError;

/// How long the call may take: the node's own wait (`LEAVE_TIMEOUT`, 20 s)
/// plus margin.
const LEAVE_CALL_TIMEOUT_SECS: u64 = 30;

#[derive(Debug, Clone, Args)]
pub struct LeaveArgs {
    /// Base URL of the node, e.g. `http://127.0.0.1:8080`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub target: String,
    /// The root key: only it may make a node leave.
    #[arg(long, env = "STAMPEDE_ADMIN_KEY", hide_env_values = true)]
    pub key: String,
}

pub async fn leave(args: LeaveArgs) -> Result<(), BoxError> {
    let api = Api::new(&args.target, &args.key, "default", LEAVE_CALL_TIMEOUT_SECS)?;
    let answer = api
        .post_expect("/v1/promotions/cluster/leave", &json!({}), 200)
        .await?;
    let remaining = answer["remaining_actors"].as_u64().unwrap_or(0);
    println!(
        "{} left the ring in {} ms; {remaining} actor(s) still draining",
        answer["node_id"].as_str().unwrap_or("the node"),
        answer["took_ms"].as_u64().unwrap_or(0),
    );
    Ok(())
}
