//! `/cluster/home-region`: the caller's tenant's home region, the region whose
//! nodes own its keys (DESIGN, regions). Setting it moves the tenant's actors
//! there: this node at once, every other node at its next home refresh
//! (`cluster::detector::HOME_REFRESH_POLLS`); in between two nodes may
//! disagree about an owner, which the owner epoch keeps safe.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::cluster::valid_region;
use stampede_actors::records;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::AppState;

/// Body of `PUT /cluster/home-region`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutHomeRegion {
    /// A region some member of the cluster is in: 1-32 characters of
    /// `[a-z0-9-]`.
    pub region: String,
}

/// The tenant's home region and where this node stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct HomeRegionView {
    pub tenant_id: String,
    /// Absent: the tenant's keys are placed on the whole ring.
    pub home_region: Option<String>,
    /// The region of the node that answered.
    pub node_region: String,
    /// The regions that have a live member, as this node sees them.
    pub regions: Vec<String>,
}

fn view(state: &AppState, tenant: &str, home_region: Option<String>) -> HomeRegionView {
    let cluster = state.shards.cluster();
    HomeRegionView {
        tenant_id: tenant.to_owned(),
        home_region,
        node_region: cluster.region().to_owned(),
        regions: cluster.ring().regions().map(str::to_owned).collect(),
    }
}

#[utoipa::path(get, path = "/v1/promotions/cluster/home-region", tag = "cluster",
    operation_id = "get_home_region",
    responses((status = 200, body = HomeRegionView)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<HomeRegionView>, ApiError> {
    caller.require_admin()?;
    let home = records::regions::get(&state.records(), &caller.tenant).await?;
    Ok(Json(view(&state, &caller.tenant, home)))
}

/// Sets the home region; refuses a region no live member is in (a typo would
/// otherwise place the tenant on the whole ring without a word).
#[utoipa::path(put, path = "/v1/promotions/cluster/home-region", tag = "cluster",
    operation_id = "put_home_region",
    request_body = PutHomeRegion, responses((status = 200, body = HomeRegionView)))]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody { value: body, .. }: JsonBody<PutHomeRegion>,
) -> Result<Json<HomeRegionView>, ApiError> {
    caller.require_admin()?;
    if !valid_region(&body.region) {
        return Err(ApiError::invalid(
            "region",
            "a region is 1-32 characters of [a-z0-9-]",
        ));
    }
    if !state
        .shards
        .cluster()
        .ring()
        .regions()
        .any(|r| r == body.region)
    {
        return Err(ApiError::invalid(
            "region",
            format!("no member of the cluster is in region '{}'", body.region),
        ));
    }
    set(&state, &caller, Some(&body.region)).await
}

#[utoipa::path(delete, path = "/v1/promotions/cluster/home-region", tag = "cluster",
    operation_id = "delete_home_region",
    responses((status = 200, body = HomeRegionView)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<HomeRegionView>, ApiError> {
    caller.require_admin()?;
    set(&state, &caller, None).await
}

/// Stores the home region, then moves this node's actors of the tenant.
async fn set(
    state: &AppState,
    caller: &Caller,
    region: Option<&str>,
) -> Result<Json<HomeRegionView>, ApiError> {
    let now = state.shards.clock().now();
    records::regions::set(&caller.records(state), &caller.tenant, region, now).await?;
    if state.shards.cluster().set_home(&caller.tenant, region) {
        state.shards.hand_off();
    }
    Ok(Json(view(state, &caller.tenant, region.map(str::to_owned))))
}
