//! `/limits` at campaign level: a daily cap and time windows across every coupon
//! of a campaign, stored on the campaign and enforced by its actor when it grants
//! quota (so in the campaign's time zone, and before any coupon spends).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use stampede_actors::campaign::{CampaignChange, ChangeKind};
use stampede_actors::records;
use stampede_protocol::campaign::{CampaignLimits, CampaignPatch};
use utoipa::ToSchema;

use super::LimitBody;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::AppState;

/// A campaign's limits and today's usage.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignLimitsView {
    pub campaign_id: String,
    pub time_zone: String,
    pub limits: Option<CampaignLimits>,
    /// The campaign's version: send it back to change the limits.
    pub version: u64,
    /// Redemptions granted on the current local day.
    pub today: u64,
}

/// Refuses the fields that only a coupon's limit set has.
fn only_campaign_fields(body: &LimitBody) -> Result<(), ApiError> {
    let coupon_only = [
        ("per_channel", body.per_channel.is_some()),
        ("per_store", body.per_store.is_some()),
        ("time_zone", body.time_zone.is_some()),
        ("reservation_ttl_secs", body.reservation_ttl_secs.is_some()),
        ("stores", body.stores.is_some()),
        ("exclusive", body.exclusive.is_some()),
        ("consumers", body.consumers.is_some()),
        ("segment", body.segment.is_some()),
    ];
    match coupon_only.iter().find(|(_, set)| *set) {
        Some((field, _)) => Err(ApiError::invalid(
            *field,
            "set on a coupon; a campaign takes daily_cap and windows (its zone is the campaign's)",
        )),
        None => Ok(()),
    }
}

pub(crate) async fn view(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Response, ApiError> {
    let campaign = records::campaigns::get(&caller.records(state), &caller.tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))?;
    let zone = stampede_actors::limits::zone_of(None, campaign.time_zone.as_deref());
    let today = stampede_actors::limits::day_counter(state.now(), zone);
    let used = campaign
        .daily
        .as_ref()
        .filter(|d| d.day == today)
        .map_or(0, |d| d.redemptions);
    let view = CampaignLimitsView {
        campaign_id: campaign.id,
        time_zone: zone.name().to_owned(),
        limits: campaign.limits,
        version: campaign.version,
        today: used,
    };
    Ok(Json(view).into_response())
}

/// Sets (or, with `None`, clears) the campaign's limits through its actor.
pub(crate) async fn set(
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: Option<LimitBody>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let campaign = records::campaigns::get(&caller.records(state), &caller.tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))?;
    let (limits, version) = match body {
        Some(body) => {
            only_campaign_fields(&body)?;
            let mut limits = campaign.limits.clone().unwrap_or_default();
            if body.daily_cap.is_some() {
                limits.daily_cap = body.daily_cap;
            }
            if let Some(windows) = body.windows {
                limits.windows = windows;
            }
            (limits, body.version.unwrap_or(campaign.version))
        }
        None => (CampaignLimits::default(), campaign.version),
    };
    let change = CampaignChange {
        kind: ChangeKind::Patch,
        patch: CampaignPatch {
            version: Some(version),
            limits: Some(limits),
            ..CampaignPatch::default()
        },
        provenance: caller.provenance(),
    };
    let updated = state
        .shards
        .campaigns()
        .change(&caller.tenant, id, change)
        .await?;
    if status == StatusCode::NO_CONTENT {
        return Ok(status.into_response());
    }
    Ok((status, Json(updated)).into_response())
}
