//! `/schedule`: schedules that activate and pause a campaign or a coupon on time
//! (seed 000 §8). Writes go to the records layer (`records::schedules`), which moves
//! the schedule's entry in the scheduler queue in the same transaction; the
//! scheduler supervisor
//! (`stampede_actors::scheduler`) runs due events on the service clock, and
//! `POST /schedule/{id}/run` runs the next one now.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use stampede_actors::records::{self, RecordError};
use stampede_actors::scheduler::{self, parse_recurrence};
use stampede_protocol::ids::SCHEDULE_PREFIX;
use stampede_protocol::schedule::{Schedule, ScheduleStatus, ScheduleTarget};
use stampede_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId, QueryParams};
use crate::page::ListPage;
use crate::{validate, AppState};

/// Longest occurrence of a recurring schedule.
const MAX_SCHEDULE_DURATION_SECS: u64 = 366 * 24 * 60 * 60;

/// Body of `POST /schedule` (and the fields of `PATCH`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleBody {
    pub target: Option<ScheduleTarget>,
    pub target_id: Option<String>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    /// Cron: `0 9 * * Mon-Fri`, 6 fields with seconds, or `cron(…)`.
    pub recurrence: Option<String>,
    pub time_zone: Option<String>,
    pub duration_secs: Option<u64>,
    /// PATCH only: `active` or `paused`.
    pub status: Option<ScheduleStatus>,
    /// PATCH only: the version read.
    pub version: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScheduleListQuery {
    pub target_id: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

/// Checks a schedule's shape after a create or a patch, and plans its next event.
fn check_and_plan(schedule: &mut Schedule, now: DateTime<Utc>) -> Result<(), ApiError> {
    if let (Some(start), Some(end)) = (schedule.start, schedule.end) {
        if end <= start {
            return Err(ApiError::invalid("end", "must be after start"));
        }
    }
    if let Some(zone) = &schedule.time_zone {
        validate::time_zone("time_zone", zone)?;
    }
    if let Some(expr) = &schedule.recurrence {
        parse_recurrence(expr).map_err(|err| ApiError::invalid("recurrence", err))?;
    }
    if let Some(secs) = schedule.duration_secs {
        if schedule.recurrence.is_none() {
            return Err(ApiError::invalid("duration_secs", "needs a recurrence"));
        }
        if secs == 0 || secs > MAX_SCHEDULE_DURATION_SECS {
            return Err(ApiError::invalid(
                "duration_secs",
                format!("must be 1–{MAX_SCHEDULE_DURATION_SECS}"),
            ));
        }
    }
    scheduler::plan(schedule, now).map_err(|err| ApiError::invalid("recurrence", err))
}

async fn check_target(
    state: &AppState,
    tenant: &str,
    target: ScheduleTarget,
    id: &str,
) -> Result<(), ApiError> {
    validate::identifier("target_id", id)?;
    let exists = match target {
        ScheduleTarget::Campaign => records::campaigns::get(&state.records(), tenant, id)
            .await?
            .is_some(),
        ScheduleTarget::Coupon => records::coupons::get(&state.records(), tenant, id)
            .await?
            .is_some_and(|c| c.deleted_at.is_none()),
        ScheduleTarget::Promotion => {
            records::schedules::promotion_exists(&state.records(), tenant, id).await?
        }
        ScheduleTarget::Rule => {
            return Err(ApiError::invalid(
                "target",
                "campaigns, coupons and promotions can be scheduled; a rule takes effect \
                 through the promotions and coupons that use it",
            ))
        }
    };
    if exists {
        Ok(())
    } else {
        Err(ApiError::field(
            ErrorCode::NotFound,
            "target_id",
            "no such target",
        ))
    }
}

#[utoipa::path(post, path = "/v1/promotions/schedule", tag = "schedule", request_body = ScheduleBody,
    responses((status = 201, body = Schedule), (status = 400, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<ScheduleBody>,
) -> Result<Response, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    if body.status.is_some() || body.version.is_some() {
        return Err(ApiError::invalid(
            "status",
            "a new schedule is active; change it with PATCH",
        ));
    }
    let target = body
        .target
        .ok_or_else(|| ApiError::invalid("target", "is required"))?;
    let target_id = body
        .target_id
        .ok_or_else(|| ApiError::invalid("target_id", "is required"))?;
    check_target(&state, &caller.tenant, target, &target_id).await?;
    let now = state.now();
    let mut schedule = Schedule {
        id: state.new_id(SCHEDULE_PREFIX),
        target,
        target_id,
        start: body.start,
        end: body.end,
        recurrence: body.recurrence,
        time_zone: body.time_zone,
        duration_secs: body.duration_secs,
        status: ScheduleStatus::Active,
        next_run_at: None,
        next_action: None,
        pause_due_at: None,
        last_run_at: None,
        last_error: None,
        runs: 0,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    check_and_plan(&mut schedule, now)?;
    records::schedules::create(&caller.records(&state), &caller.tenant, &schedule).await?;
    Ok((StatusCode::CREATED, Json(schedule)).into_response())
}

/// A stored schedule, or 404.
async fn read_schedule(state: &AppState, tenant: &str, id: &str) -> Result<Schedule, ApiError> {
    records::schedules::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("schedule"))
}

#[utoipa::path(get, path = "/v1/promotions/schedule/{schedule_id}", tag = "schedule",
    params(("schedule_id" = String, Path)), responses((status = 200, body = Schedule), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Schedule>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    Ok(Json(
        read_schedule(&state, &caller.tenant, id.as_str()).await?,
    ))
}

#[utoipa::path(get, path = "/v1/promotions/schedule", tag = "schedule", params(ScheduleListQuery),
    responses((status = 200, body = ListPage<Schedule>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<ScheduleListQuery>,
) -> Result<Json<ListPage<Schedule>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (cursor, limit) = validate::page(query.cursor.as_deref(), query.limit)?;
    let keep = |schedule: &Schedule| {
        query
            .target_id
            .as_ref()
            .is_none_or(|t| *t == schedule.target_id)
    };
    let page =
        records::schedules::list(&caller.records(&state), &caller.tenant, cursor, limit, keep)
            .await?;
    Ok(Json(page.into()))
}

#[utoipa::path(patch, path = "/v1/promotions/schedule/{schedule_id}", tag = "schedule", request_body = ScheduleBody,
    params(("schedule_id" = String, Path)),
    responses((status = 200, body = Schedule), (status = 409, body = crate::error::Problem, description = "stale version")))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    body: JsonBody<ScheduleBody>,
) -> Result<Json<Schedule>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let version = body
        .version
        .ok_or_else(|| ApiError::invalid("version", "the current version is required"))?;
    if body.target.is_some() || body.target_id.is_some() {
        return Err(ApiError::invalid(
            "target",
            "a schedule's target cannot change",
        ));
    }
    if body.status == Some(ScheduleStatus::Done) {
        return Err(ApiError::invalid("status", "set active or paused"));
    }
    let now = state.now();
    let edit: records::schedules::Edit = Arc::new(move |schedule: &mut Schedule| {
        apply_patch(schedule, &body, now).map_err(|err| RecordError::Refused {
            code: err.code,
            field: err.field,
            detail: err.detail,
        })
    });
    let records = caller.records(&state);
    records::schedules::patch(&records, &caller.tenant, id.as_str(), version, now, edit)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("schedule"))
}

/// Applies a patch's fields to a stored schedule and plans it again; a
/// paused schedule stays paused, a done one whose plan changed is active.
fn apply_patch(
    schedule: &mut Schedule,
    body: &ScheduleBody,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    schedule.start = body.start.or(schedule.start);
    schedule.end = body.end.or(schedule.end);
    schedule.recurrence = body.recurrence.clone().or(schedule.recurrence.take());
    schedule.time_zone = body.time_zone.clone().or(schedule.time_zone.take());
    schedule.duration_secs = body.duration_secs.or(schedule.duration_secs);
    if let Some(status) = body.status {
        schedule.status = status;
    } else if schedule.status == ScheduleStatus::Done {
        // A changed plan may have events again.
        schedule.status = ScheduleStatus::Active;
    }
    let paused = schedule.status == ScheduleStatus::Paused;
    check_and_plan(schedule, now)?;
    if paused {
        schedule.status = ScheduleStatus::Paused;
    }
    Ok(())
}

#[utoipa::path(delete, path = "/v1/promotions/schedule/{schedule_id}", tag = "schedule",
    params(("schedule_id" = String, Path)), responses((status = 204), (status = 404, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    if records::schedules::delete(
        &caller.records(&state),
        &caller.tenant,
        id.as_str(),
        state.now(),
    )
    .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("schedule"))
    }
}

#[utoipa::path(post, path = "/v1/promotions/schedule/{schedule_id}/run", tag = "schedule",
    params(("schedule_id" = String, Path)),
    responses((status = 200, body = Schedule), (status = 400, body = crate::error::Problem, description = "the schedule is paused or done")))]
pub async fn run_now(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<Schedule>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let id = id.as_str();
    let current = read_schedule(&state, &caller.tenant, id).await?;
    if current.status != ScheduleStatus::Active {
        return Err(ApiError::invalid("status", "only an active schedule runs"));
    }
    let ran = scheduler::run_event(&state.shards, &caller.tenant, id, true).await;
    match ran.map_err(RecordError::from)? {
        Some(schedule) => Ok(Json(schedule)),
        None => Err(ApiError::new(
            ErrorCode::Unavailable,
            "the schedule changed while running; retry",
        )),
    }
}
