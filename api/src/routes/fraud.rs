//! `/fraud/…` (seed 000 §12): the blacklist, scores, thresholds and alerts.
//!
//! * `POST /fraud/blacklist` adds an entry (`user_id`, `email`, `ip` — an
//!   address or a CIDR network — or `device_id`, with an optional `reason` and
//!   `expires_at`); `GET` lists them, `DELETE /fraud/blacklist/{entry_id}`
//!   removes one. Every validate, reserve and redemption whose context matches
//!   a live entry is refused `blacklisted` (403; a reason in validate's
//!   `reasons`), decided by the code's actor (`fraud::blacklist`).
//! * `POST /fraud/score` scores subjects from the counters (`fraud::score`).
//! * `GET`/`PUT /fraud/settings`: the tenant's thresholds and quarantine.
//! * `GET /fraud/alerts` (`?status=`), `POST /fraud/alerts/{id}/acknowledge`
//!   and `/resolve`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use stampede_actors::fraud::score;
use stampede_actors::records;
use stampede_protocol::fraud::{
    normalize, Alert, AlertStatus, BlacklistEntry, EntrySource, FraudSettings, Score, SubjectKind,
    Subjects, BLACKLIST_PREFIX, MAX_REASON_BYTES,
};
use stampede_protocol::{Context, ErrorCode};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, JsonOrEmpty, QueryParams};
use crate::{validate, AppState};

/// Body of `POST /fraud/blacklist`: exactly one subject, as `kind` + `value`
/// or as its own field (`{"ip": "10.0.0.0/8"}`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlacklistBody {
    /// `user_id`, `email`, `ip` or `device_id` (alias `type`).
    #[serde(alias = "type")]
    pub kind: Option<SubjectKind>,
    pub value: Option<String>,
    pub user_id: Option<String>,
    pub email: Option<String>,
    /// An address or a CIDR network.
    pub ip: Option<String>,
    pub device_id: Option<String>,
    /// At most 1,024 bytes.
    pub reason: Option<String>,
    /// When the entry lapses; in the future, at most 100 years ahead.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlacklistList {
    pub data: Vec<BlacklistEntry>,
}

/// Body of `POST /fraud/score`: the subjects to score (at least one).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub ip: Option<String>,
    pub device_id: Option<String>,
    /// A code: its refusal ratio over the last hour (`refusal_spike`).
    pub code: Option<String>,
}

/// `GET /fraud/alerts` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertQuery {
    pub status: Option<AlertStatus>,
    /// 1–1,000 (default 100).
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    pub data: Vec<Alert>,
}

/// Body of an alert's acknowledge or resolve.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertNote {
    /// At most 1,024 bytes.
    pub note: Option<String>,
}

/// The one `(kind, value)` a body names.
fn subject_of(body: &BlacklistBody) -> Result<(SubjectKind, String), ApiError> {
    let named = [
        (SubjectKind::UserId, &body.user_id),
        (SubjectKind::Email, &body.email),
        (SubjectKind::Ip, &body.ip),
        (SubjectKind::DeviceId, &body.device_id),
    ];
    let mut found: Vec<(SubjectKind, String)> = named
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v.clone())))
        .collect();
    match (body.kind, &body.value) {
        (Some(kind), Some(value)) => found.push((kind, value.clone())),
        (Some(_), None) => return Err(ApiError::invalid("value", "required with kind")),
        (None, Some(_)) => return Err(ApiError::invalid("kind", "required with value")),
        (None, None) => {}
    }
    if found.len() != 1 {
        return Err(ApiError::invalid(
            "kind",
            "name exactly one subject: kind and value, or one of user_id, email, ip, device_id",
        ));
    }
    let (kind, value) = found.remove(0);
    let field = if body.kind.is_some() {
        "value"
    } else {
        kind.as_str()
    };
    let value = normalize(kind, &value).map_err(|why| ApiError::invalid(field, why))?;
    Ok((kind, value))
}

fn check_reason(field: &str, reason: Option<&str>) -> Result<(), ApiError> {
    match reason {
        Some(r) if r.len() > MAX_REASON_BYTES || r.chars().any(char::is_control) => Err(
            ApiError::invalid(field, format!("at most {MAX_REASON_BYTES} bytes, one line")),
        ),
        _ => Ok(()),
    }
}

#[utoipa::path(post, path = "/v1/promotions/fraud/blacklist", tag = "fraud", request_body = BlacklistBody,
    responses((status = 201, body = BlacklistEntry, description = "the entry (an entry for the same subject is replaced)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or missing subject, reason or expiry"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<BlacklistBody>,
) -> Result<(StatusCode, Json<BlacklistEntry>), ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let body = body.value;
    let (kind, value) = subject_of(&body)?;
    check_reason("reason", body.reason.as_deref())?;
    let now = state.now();
    if let Some(until) = body.expires_at {
        if until <= now || until > validate::horizon(now) {
            return Err(ApiError::invalid(
                "expires_at",
                "must be in the future, within 100 years",
            ));
        }
    }
    let entry = BlacklistEntry {
        id: state.shards.clock().new_id(BLACKLIST_PREFIX),
        kind,
        value,
        reason: body.reason,
        expires_at: body.expires_at,
        source: EntrySource::Manual,
        alert_id: None,
        created_at: now,
    };
    let records = caller.records(&state);
    let stored = records::fraud::add_entry(&records, &caller.tenant, &entry).await?;
    state.shards.fraud().blacklists.invalidate(&caller.tenant);
    Ok((StatusCode::CREATED, Json(stored)))
}

#[utoipa::path(get, path = "/v1/promotions/fraud/blacklist", tag = "fraud",
    responses((status = 200, body = BlacklistList),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<BlacklistList>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let data = records::fraud::list_entries(&state.records(), &caller.tenant).await?;
    Ok(Json(BlacklistList { data }))
}

#[utoipa::path(delete, path = "/v1/promotions/fraud/blacklist/{entry_id}", tag = "fraud",
    params(("entry_id" = String, Path)),
    responses((status = 204, description = "removed"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(entry_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    validate::identifier("entry_id", &entry_id)?;
    let records = caller.records(&state);
    if !records::fraud::remove_entry(&records, &caller.tenant, &entry_id, state.now()).await? {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "no such blacklist entry",
        ));
    }
    state.shards.fraud().blacklists.invalidate(&caller.tenant);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/v1/promotions/fraud/score", tag = "fraud", request_body = ScoreBody,
    responses((status = 200, body = Score, description = "0–100, the signals that contributed, allow|review|block"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "no subject, or a bad one"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn score_subjects(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<ScoreBody>,
) -> Result<Json<Score>, ApiError> {
    caller.require(Scope::Validate)?;
    let mut body = body.value;
    let context = Context {
        user_id: body.user_id.take(),
        email: body.email.take(),
        ip: body.ip.take(),
        device_id: body.device_id.take(),
        ..Context::default()
    };
    validate::context("", &context).map_err(strip_dot)?;
    let mut subjects: Subjects = context.subjects(None);
    if let Some(code) = &body.code {
        subjects.code = Some(validate::coupon_code("code", code)?);
    }
    if subjects.is_empty() {
        return Err(ApiError::invalid(
            "user_id",
            "name at least one of user_id, email, ip, device_id, code",
        ));
    }
    let records = state.records();
    let settings = records::fraud::settings(&records, &caller.tenant).await?;
    let blacklist = state.blacklist(&caller.tenant).await?;
    let now = state.now();
    let hit = blacklist.matches(&subjects, now);
    let scored = score::score(&records, &caller.tenant, &subjects, &settings, hit, now).await?;
    Ok(Json(scored))
}

/// A context check's field without the empty parent's leading dot.
fn strip_dot(mut err: ApiError) -> ApiError {
    if let Some(field) = err.field.as_mut() {
        if let Some(rest) = field.strip_prefix('.') {
            *field = rest.to_owned();
        }
    }
    err
}

#[utoipa::path(get, path = "/v1/promotions/fraud/settings", tag = "fraud",
    responses((status = 200, body = FraudSettings),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<FraudSettings>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    Ok(Json(
        records::fraud::settings(&state.records(), &caller.tenant).await?,
    ))
}

#[utoipa::path(put, path = "/v1/promotions/fraud/settings", tag = "fraud", request_body = FraudSettings,
    responses((status = 200, body = FraudSettings),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a threshold out of bounds"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key is not admin"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<FraudSettings>,
) -> Result<Json<FraudSettings>, ApiError> {
    caller.require(Scope::Admin)?;
    let settings = body.value;
    settings
        .check()
        .map_err(|(field, why)| ApiError::invalid(field, why))?;
    let records = caller.records(&state);
    records::fraud::set_settings(&records, &caller.tenant, &settings, state.now()).await?;
    Ok(Json(settings))
}

#[utoipa::path(get, path = "/v1/promotions/fraud/alerts", tag = "fraud", params(AlertQuery),
    responses((status = 200, body = AlertList, description = "newest first"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter or a bad limit"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn alerts(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(query): QueryParams<AlertQuery>,
) -> Result<Json<AlertList>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=records::fraud::MAX_ALERTS_LISTED).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1–1000"));
    }
    let data =
        records::fraud::alerts(&state.records(), &caller.tenant, query.status, limit).await?;
    Ok(Json(AlertList { data }))
}

async fn set_status(
    state: &AppState,
    caller: &Caller,
    alert_id: &str,
    status: AlertStatus,
    note: Option<String>,
) -> Result<Json<Alert>, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    validate::identifier("alert_id", alert_id)?;
    check_reason("note", note.as_deref())?;
    let records = caller.records(state);
    let alert = records::fraud::set_alert_status(
        &records,
        &caller.tenant,
        alert_id,
        status,
        note,
        state.now(),
    )
    .await?;
    Ok(Json(alert))
}

#[utoipa::path(post, path = "/v1/promotions/fraud/alerts/{alert_id}/acknowledge", tag = "fraud",
    params(("alert_id" = String, Path)), request_body = AlertNote,
    responses((status = 200, body = Alert),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(alert_id): Path<String>,
    body: JsonOrEmpty<AlertNote>,
) -> Result<Json<Alert>, ApiError> {
    let note = body.value.note;
    set_status(&state, &caller, &alert_id, AlertStatus::Acknowledged, note).await
}

#[utoipa::path(post, path = "/v1/promotions/fraud/alerts/{alert_id}/resolve", tag = "fraud",
    params(("alert_id" = String, Path)), request_body = AlertNote,
    responses((status = 200, body = Alert),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    Path(alert_id): Path<String>,
    body: JsonOrEmpty<AlertNote>,
) -> Result<Json<Alert>, ApiError> {
    let note = body.value.note;
    set_status(&state, &caller, &alert_id, AlertStatus::Resolved, note).await
}
