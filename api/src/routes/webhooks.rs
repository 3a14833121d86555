//! `/webhooks` (seed 000 §14): endpoints that receive the tenant's events,
//! signed per the Standard Webhooks specification.
//!
//! `GET/POST /webhooks`, `GET/DELETE /webhooks/{id}`, `POST /webhooks/test`
//! (a signed `webhook.test` event, sent now), `POST /webhooks/{id}/rotate-secret`
//! (the old secret keeps signing beside the new one for a day),
//! `GET /webhooks/{id}/deliveries` and
//! `POST /webhooks/{id}/deliveries/{event_id}/redeliver`. Delivery itself is
//! the dispatcher's (`stampede_actors::webhooks`): in journal order, at least
//! once, with backoff and a dead state.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::TimeDelta;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_actors::webhooks::{self as dispatch, Sender};
use stampede_protocol::event::{Event, EventView, WEBHOOK_EVENT_TYPES};
use stampede_protocol::ids::WEBHOOK_PREFIX;
use stampede_protocol::webhook::{
    known_event_type, Attempt, Delivery, DeliveryStatus, Secret, Webhook, WebhookView,
    MAX_WEBHOOK_EVENTS, MAX_WEBHOOK_URL_BYTES, SECRET_ROTATION_OVERLAP_HOURS,
};
use stampede_protocol::ErrorCode;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId, QueryParams};
use crate::page::ListPage;
use crate::{validate, AppState};

/// Bytes of a generated signing key.
const SECRET_KEY_BYTES: usize = 32;
/// Bytes a caller's own signing key may have.
const SECRET_KEY_BYTES_RANGE: std::ops::RangeInclusive<usize> = 24..=64;
/// Longest description, in bytes.
const MAX_DESCRIPTION_BYTES: usize = 1_024;
/// Deliveries on a page when `limit` is absent, and at most.
const DEFAULT_DELIVERIES_PAGE: usize = 50;
const MAX_DELIVERIES_PAGE: usize = 200;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// An `http(s)` URL; private and loopback targets are refused unless the
    /// node runs with `--webhooks-allow-private`.
    pub url: String,
    /// Event types to receive, or `["*"]` for all.
    pub events: Vec<String>,
    /// A Standard Webhooks secret (`whsec_` + base64 of 24–64 bytes); one is
    /// generated when absent.
    pub secret: Option<String>,
    pub description: Option<String>,
    /// Default `true`.
    pub enabled: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookList {
    pub data: Vec<WebhookView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestWebhook {
    pub webhook_id: String,
}

/// `GET /webhooks/{id}/deliveries` query.
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<usize>,
}

fn sender(state: &AppState) -> Result<Arc<dyn Sender>, ApiError> {
    state
        .shards
        .config()
        .webhooks
        .sender
        .clone()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unavailable,
                "webhook delivery is not configured on this node",
            )
        })
}

fn new_secret() -> String {
    let mut key = [0u8; SECRET_KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

fn check_secret(secret: &str) -> Result<(), ApiError> {
    let bytes = secret
        .strip_prefix("whsec_")
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok());
    match bytes {
        Some(key) if SECRET_KEY_BYTES_RANGE.contains(&key.len()) => Ok(()),
        _ => Err(ApiError::invalid(
            "secret",
            "must be whsec_ followed by the base64 of 24–64 bytes",
        )),
    }
}

fn check_events(events: &[String]) -> Result<(), ApiError> {
    if events.is_empty() || events.len() > MAX_WEBHOOK_EVENTS {
        return Err(ApiError::invalid(
            "events",
            format!("1–{MAX_WEBHOOK_EVENTS} event types"),
        ));
    }
    for (i, name) in events.iter().enumerate() {
        if !known_event_type(name) {
            return Err(ApiError::invalid(
                format!("events[{i}]"),
                format!(
                    "unknown event type; one of *, {}",
                    WEBHOOK_EVENT_TYPES.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

async fn check_body(state: &AppState, body: &CreateWebhook) -> Result<(), ApiError> {
    if body.url.len() > MAX_WEBHOOK_URL_BYTES {
        return Err(ApiError::invalid(
            "url",
            format!("at most {MAX_WEBHOOK_URL_BYTES} bytes"),
        ));
    }
    check_events(&body.events)?;
    if let Some(secret) = &body.secret {
        check_secret(secret)?;
    }
    if body
        .description
        .as_ref()
        .is_some_and(|d| d.len() > MAX_DESCRIPTION_BYTES)
    {
        return Err(ApiError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION_BYTES} bytes"),
        ));
    }
    sender(state)?
        .check_target(&body.url)
        .await
        .map_err(|why| ApiError::invalid("url", why))
}

#[utoipa::path(post, path = "/v1/promotions/webhooks", tag = "webhooks", request_body = CreateWebhook,
    responses((status = 201, body = WebhookView, description = "the endpoint, with its secret (shown once)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, a private target, or a tenant at its webhook limit"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "body too large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "not JSON"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<CreateWebhook>,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    let body = body.value;
    check_body(&state, &body).await?;
    let now = state.now();
    let secret = body.secret.clone().unwrap_or_else(new_secret);
    let hook = Webhook {
        id: state.new_id(WEBHOOK_PREFIX),
        url: body.url,
        events: body.events,
        description: body.description,
        enabled: body.enabled.unwrap_or(true),
        secrets: vec![Secret {
            secret: secret.clone(),
            expires_at: None,
        }],
        created_at: now,
        updated_at: now,
    };
    records::webhooks::create(&caller.records(&state), &caller.tenant, &hook).await?;
    let mut view = hook.view();
    view.secret = Some(secret);
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[utoipa::path(get, path = "/v1/promotions/webhooks", tag = "webhooks",
    responses((status = 200, body = WebhookList),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<WebhookList>, ApiError> {
    caller.require_admin()?;
    let hooks = records::webhooks::list(&state.records(), &caller.tenant).await?;
    Ok(Json(WebhookList {
        data: hooks.iter().map(Webhook::view).collect(),
    }))
}

async fn read(state: &AppState, caller: &Caller, id: &str) -> Result<Webhook, ApiError> {
    records::webhooks::get(&state.records(), &caller.tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("webhook"))
}

#[utoipa::path(get, path = "/v1/promotions/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookView),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<WebhookView>, ApiError> {
    caller.require_admin()?;
    Ok(Json(read(&state, &caller, id.as_str()).await?.view()))
}

#[utoipa::path(delete, path = "/v1/promotions/webhooks/{webhook_id}", tag = "webhooks",
    params(("webhook_id" = String, Path)),
    responses((status = 204, description = "deleted with its deliveries"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    let records = caller.records(&state);
    if records::webhooks::delete(&records, &caller.tenant, id.as_str(), state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("webhook"))
    }
}

#[utoipa::path(post, path = "/v1/promotions/webhooks/{webhook_id}/rotate-secret", tag = "webhooks",
    params(("webhook_id" = String, Path)),
    responses((status = 200, body = WebhookView, description = "the new secret (shown once); the old one signs beside it for 24 hours"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<WebhookView>, ApiError> {
    caller.require_admin()?;
    let hook = read(&state, &caller, id.as_str()).await?;
    let now = state.now();
    let until = now + TimeDelta::hours(SECRET_ROTATION_OVERLAP_HOURS);
    let secret = new_secret();
    let next = records::webhooks::rotated(&hook, secret.clone(), now, until);
    if !records::webhooks::replace(&caller.records(&state), &caller.tenant, &next).await? {
        return Err(ApiError::not_found("webhook"));
    }
    let mut view = next.view();
    view.secret = Some(secret);
    Ok(Json(view))
}

#[utoipa::path(post, path = "/v1/promotions/webhooks/test", tag = "webhooks", request_body = TestWebhook,
    responses((status = 200, body = Attempt, description = "a signed webhook.test event was sent now; how the endpoint answered"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "not JSON"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "delivery is off on this node, or unavailable: retry")))]
pub async fn test(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<TestWebhook>,
) -> Result<Json<Attempt>, ApiError> {
    caller.require_admin()?;
    validate::identifier("webhook_id", &body.value.webhook_id)?;
    let hook = read(&state, &caller, &body.value.webhook_id).await?;
    let now = state.now();
    let test_id = state.new_id("test");
    let mut event = Event::new("webhook.test", "webhook", &hook.id, now).by(&caller.provenance());
    event.after = Some(serde_json::json!({"message": "a test event from Stampede"}));
    let view = EventView {
        id: format!("evt_{test_id}"),
        event,
    };
    let sender = sender(&state)?;
    Ok(Json(
        dispatch::attempt(sender.as_ref(), &hook, &view, now).await,
    ))
}

#[utoipa::path(get, path = "/v1/promotions/webhooks/{webhook_id}/deliveries", tag = "webhooks",
    params(("webhook_id" = String, Path), DeliveriesQuery),
    responses((status = 200, body = ListPage<Delivery>, description = "deliveries in event order"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<DeliveriesQuery>,
) -> Result<Json<ListPage<Delivery>>, ApiError> {
    caller.require_admin()?;
    let hook = read(&state, &caller, id.as_str()).await?;
    let limit = query.limit.unwrap_or(DEFAULT_DELIVERIES_PAGE);
    if !(1..=MAX_DELIVERIES_PAGE).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("must be 1–{MAX_DELIVERIES_PAGE}"),
        ));
    }
    let page = records::webhooks::deliveries(
        &state.records(),
        &caller.tenant,
        &hook.id,
        query.cursor.as_deref(),
        limit,
    )
    .await?;
    Ok(Json(page.into()))
}

#[utoipa::path(post, path = "/v1/promotions/webhooks/{webhook_id}/deliveries/{event_id}/redeliver", tag = "webhooks",
    params(("webhook_id" = String, Path), ("event_id" = String, Path)),
    responses((status = 200, body = Delivery, description = "sent again now, under the same webhook-id"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not an admin key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "delivery is off on this node, or unavailable: retry")))]
pub async fn redeliver(
    State(state): State<AppState>,
    caller: Caller,
    Path(params): Path<Vec<(String, String)>>,
) -> Result<Json<Delivery>, ApiError> {
    caller.require_admin()?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (hook_id, event_id) = (param("webhook_id"), param("event_id"));
    let hook = read(&state, &caller, &hook_id).await?;
    let records = state.records();
    let event = records::events::get(&records, &caller.tenant, &event_id)
        .await?
        .ok_or_else(|| ApiError::not_found("event"))?;
    let now = state.now();
    let sender = sender(&state)?;
    let tried = dispatch::attempt(sender.as_ref(), &hook, &event, now).await;
    let previous =
        records::webhooks::delivery(&records, &caller.tenant, &hook.id, &event.id).await?;
    let mut delivery =
        previous.unwrap_or_else(|| Delivery::new(&event.id, &hook.id, &event.event.kind, now));
    let status = if tried.succeeded() {
        DeliveryStatus::Delivered
    } else {
        delivery.status
    };
    delivery.push(tried, status);
    records::webhooks::settle(&records, &caller.tenant, &delivery, None, None).await?;
    Ok(Json(delivery))
}
