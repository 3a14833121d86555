//! `/cluster`: the members of the ring as this node sees them, each member's share
//! of the key space, and the actors alive on each (asked of each peer).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterView {
    /// The node that answered.
    pub node_id: String,
    pub members: Vec<MemberView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub node_id: String,
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
            reachable: live_actors.is_some(),
            node_id,
            ring_share: share,
            live_actors,
        });
    }
    Ok(Json(ClusterView {
        node_id: cluster.node_id().to_owned(),
        members,
    }))
}
