//! Event-triggered coupons (seed 002 `auto_generate`): `POST /events` ingests
//! one user event or a batch; `GET /events/{event_id}` answers an ingested
//! event's stored outcome; `GET /coupons/{coupon_id}/generated` lists the
//! codes a template's trigger made (`user_id` for one user's).
//!
//! Each event is ingested once by its `id` (`records::triggers::ingest`): a
//! replay answers what the first answered, with status `duplicate`.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_actors::records;
use stampede_protocol::trigger::{EventOutcome, GeneratedCode, UserEvent, MAX_EVENTS_PER_BATCH};
use stampede_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{parse_json, JsonBody, PathId, QueryParams};
use crate::page::ListPage;
use crate::{validate, AppState};

/// Body of `POST /events` with several events (one event is sent as itself).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    /// 1–1,000 events, each ingested in its own transaction, in order.
    pub events: Vec<UserEvent>,
}

/// Answer of a batch: each event's outcome, in the batch's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOutcome {
    pub events: Vec<EventOutcome>,
}

/// `GET /coupons/{coupon_id}/generated` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GeneratedQuery {
    /// Only the codes made for this user.
    pub user_id: Option<String>,
    pub cursor: Option<String>,
    /// 1–500 (default 50).
    pub limit: Option<usize>,
}

/// The events of a body: `{"events": [...]}`, or one event.
fn events_of(body: &JsonBody<Value>) -> Result<(Vec<UserEvent>, bool), ApiError> {
    if body.value.get("events").is_none() {
        let event: UserEvent = parse_json(&body.raw)?;
        return Ok((vec![event], false));
    }
    let batch: EventBatch = parse_json(&body.raw)?;
    if batch.events.is_empty() {
        return Err(ApiError::invalid("events", "send at least one event"));
    }
    if batch.events.len() > MAX_EVENTS_PER_BATCH {
        return Err(ApiError::field(
            ErrorCode::PayloadTooLarge,
            "events",
            format!("at most {MAX_EVENTS_PER_BATCH} events per request"),
        ));
    }
    Ok((batch.events, true))
}

fn check_event(event: &UserEvent, at: &str) -> Result<(), ApiError> {
    event.check(at)?;
    if let Some(metadata) = &event.metadata {
        let field = if at.is_empty() {
            String::from("metadata")
        } else {
            format!("{at}.metadata")
        };
        validate::metadata(&field, metadata)?;
    }
    Ok(())
}

/// The users of `event` the blacklist bars from receiving coupons now.
fn barred_users(
    blacklist: &stampede_actors::fraud::blacklist::TenantBlacklist,
    event: &UserEvent,
    now: chrono::DateTime<chrono::Utc>,
) -> std::collections::BTreeSet<String> {
    let ranked = event.rankings.iter().flatten().map(|r| r.user_id.as_str());
    event
        .user_id
        .as_deref()
        .into_iter()
        .chain(ranked)
        .filter(|user| {
            let subjects = stampede_protocol::fraud::Subjects {
                user_id: Some((*user).to_owned()),
                ..Default::default()
            };
            blacklist.matches(&subjects, now).is_some()
        })
        .map(str::to_owned)
        .collect()
}

#[utoipa::path(post, path = "/v1/promotions/events", tag = "triggers", request_body = EventBatch,
    description = "One user event (`UserEvent`) or `{\"events\": [...]}`; answers the event's `EventOutcome`, or a batch's `BatchOutcome`.",
    responses((status = 200, body = BatchOutcome, description = "each event accepted (with the codes it made) or a duplicate (the first answer again)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown field, named"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "more than 1,000 events, or a body over 1 MiB"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "not JSON"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "invalid_trigger: a leaderboard closing that would make more than 1,000 codes (events before it in the batch were taken: send the batch again)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry (events are ingested once by id)")))]
pub async fn ingest(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<Value>,
) -> Result<Json<Value>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let (events, batch) = events_of(&body)?;
    for (i, event) in events.iter().enumerate() {
        let at = if batch {
            format!("events[{i}]")
        } else {
            String::new()
        };
        check_event(event, &at)?;
    }
    let records = caller.records(&state);
    let blacklist = state.blacklist(&caller.tenant).await?;
    let mut outcomes = Vec::with_capacity(events.len());
    for event in &events {
        let now = state.now();
        let barred = barred_users(&blacklist, event, now);
        let outcome =
            records::triggers::ingest(&records, &caller.tenant, event, &barred, now).await?;
        outcomes.push(outcome);
    }
    let answer = match (batch, outcomes.pop()) {
        (false, Some(one)) => serde_json::to_value(one),
        (_, last) => {
            outcomes.extend(last);
            serde_json::to_value(BatchOutcome { events: outcomes })
        }
    };
    answer
        .map(Json)
        .map_err(|err| ApiError::internal(err.to_string()))
}

#[utoipa::path(get, path = "/v1/promotions/events/{event_id}", tag = "triggers",
    params(("event_id" = String, Path)),
    responses((status = 200, body = EventOutcome, description = "the outcome stored when the event was ingested"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:read"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no event with this id was ingested")))]
pub async fn get_event(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<EventOutcome>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    records::triggers::read::outcome(&state.records(), &caller.tenant, id.as_str())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("event"))
}

#[utoipa::path(get, path = "/v1/promotions/coupons/{coupon_id}/generated", tag = "triggers",
    params(("coupon_id" = String, Path), GeneratedQuery),
    responses((status = 200, body = ListPage<GeneratedCode>, description = "the codes the coupon's trigger made, in coupon id order"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:read"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "coupon_not_found")))]
pub async fn generated(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<GeneratedQuery>,
) -> Result<Json<ListPage<GeneratedCode>>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let bounds = validate::page(query.cursor.as_deref(), query.limit)?;
    if let Some(user) = &query.user_id {
        validate::identifier("user_id", user)?;
    }
    let found = records::coupons::get(&state.records(), &caller.tenant, id.as_str()).await?;
    if found.is_none_or(|c| c.deleted_at.is_some()) {
        return Err(ApiError::new(ErrorCode::CouponNotFound, "coupon not found"));
    }
    let page = records::triggers::read::generated(
        &state.records(),
        &caller.tenant,
        id.as_str(),
        query.user_id.as_deref(),
        bounds,
    )
    .await?;
    Ok(Json(page.into()))
}
