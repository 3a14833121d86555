//! `/cluster`: the members of the ring as this node sees them, each member's share
//! of the key space, and the actors alive on each (asked of each peer); and
//! `/cluster/leave`, which a node's `preStop` calls before it is stopped.

use std::time::Duration;

use tokio::time::Instant;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_protocol::ErrorCode;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::JsonOrEmpty;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterView {
    /// The node that answered.
    pub node_id: String,
    /// Its region.
    pub region: String,
    pub members: Vec<MemberView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub node_id: String,
    pub region: String,
    /// Fraction of keys this member owns on the current ring.
    pub ring_share: f64,
    /// Coupon actors alive on the member; absent when it did not answer.
    pub live_actors: Option<u64>,
    pub reachable: bool,
}

#[utoipa::path(get, path = "/v1/promotions/cluster", tag = "cluster",
    responses((status = 200, body = ClusterView)))]
pub async fn view(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ClusterView>, ApiError> {
    caller.require_admin()?;
    let cluster = state.shards.cluster();
    let ring = cluster.ring();
    let mut members = Vec::with_capacity(ring.members().len());
    for (node_id, share) in ring.shares() {
        let region = ring.regions_of().get(&node_id).cloned().unwrap_or_default();
        let live_actors = if node_id == cluster.node_id() {
            Some(state.shards.live_actors() as u64)
        } else {
            cluster
                .peer_stats(&node_id)
                .await
                .ok()
                .map(|s| s.live_actors)
        };
        members.push(MemberView {
            region,
            reachable: live_actors.is_some(),
            node_id,
            ring_share: share,
            live_actors,
        });
    }
    Ok(Json(ClusterView {
        node_id: cluster.node_id().to_owned(),
        region: cluster.region().to_owned(),
        members,
    }))
}

/// How long `POST /cluster/leave` waits for this node's actors to hand off,
/// unless the body says otherwise. The StatefulSet's `preStop` and grace
/// period are set from it (`deploy/k8s/statefulset.yaml`).
pub const LEAVE_TIMEOUT: Duration = Duration::from_secs(20);

/// The longest wait a caller may ask of `POST /cluster/leave`, in ms.
pub const MAX_LEAVE_TIMEOUT_MS: u64 = 120_000;

/// Body of `POST /cluster/leave` (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeaveRequest {
    /// How long to wait for the hand-off, in ms (at most 120000; default
    /// 20000). The node leaves whatever the wait; what is left drains at
    /// shutdown.
    pub timeout_ms: Option<u64>,
}

/// What leaving took.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaveView {
    pub node_id: String,
    /// From the call to the last actor handed off (or the timeout), in ms.
    pub took_ms: u64,
    /// Actors still alive when the wait ended: 0 means every key was handed
    /// off; more means the timeout passed and the shutdown drains the rest.
    pub remaining_actors: u64,
}

/// Makes this node leave the ring and waits until its actors have handed off
/// (at most [`LEAVE_TIMEOUT`]): its `/readyz` answers 503 from now on, its
/// peers drop it from their rings at their next probe, and it forwards every
/// request it still receives. Only the root key may; it cannot be undone
/// (the node is about to stop).
#[utoipa::path(post, path = "/v1/promotions/cluster/leave", tag = "cluster",
    operation_id = "leave_cluster",
    request_body = Option<LeaveRequest>,
    responses((status = 200, body = LeaveView)))]
pub async fn leave(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonOrEmpty<LeaveRequest>,
) -> Result<Json<LeaveView>, ApiError> {
    if !caller.root {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "only the root key may make a node leave the cluster",
        ));
    }
    let timeout = match body.value.timeout_ms {
        None => LEAVE_TIMEOUT,
        Some(ms) if ms <= MAX_LEAVE_TIMEOUT_MS => Duration::from_millis(ms),
        Some(_) => {
            return Err(ApiError::invalid(
                "timeout_ms",
                format!("at most {MAX_LEAVE_TIMEOUT_MS} ms"),
            ))
        }
    };
    let started = Instant::now();
    let remaining = state.shards.leave(timeout).await;
    tracing::info!(remaining, took = ?started.elapsed(), "left the ring");
    Ok(Json(LeaveView {
        node_id: state.shards.cluster().node_id().to_owned(),
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        remaining_actors: remaining as u64,
    }))
}
