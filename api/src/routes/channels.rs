//! `/channels` and `/campaigns/{id}/creatives` (seed 000 §9): where a
//! promotion displays, and what it displays there.
//!
//! `GET /channels` lists the built-in channels (`web`, `email`, `app`, `pos`,
//! `affiliate`) and the tenant's own; `POST /channels` adds one,
//! `DELETE /channels/{channel_id}` removes one (a built-in one is 409
//! `builtin_channel`). A campaign's creatives: `POST` (with `Idempotency-Key`),
//! `GET` (filtered by `channel` and `locale`), and `GET`/`DELETE` one by id.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stampede_actors::records;
use stampede_actors::records::idempotency::Done;
use stampede_protocol::channel::{
    check_channel_id, check_locale, Channel, Creative, CreativeKind, CREATIVE_PREFIX,
    MAX_BANNER_COPY_BYTES, MAX_CHANNEL_DESCRIPTION_BYTES, MAX_CHANNEL_NAME_BYTES,
    MAX_CREATIVE_BODY_BYTES, MAX_CREATIVE_TITLE_BYTES, MAX_DEEP_LINK_BYTES,
    MAX_EMAIL_SUBJECT_BYTES,
};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId, QueryParams};
use crate::idempotency::{stored_response, CouponsWrite, Idempotent};
use crate::{validate, AppState};

/// URI schemes a deep link may not use: they run or embed content rather
/// than open a page or an app.
const REFUSED_LINK_SCHEMES: [&str; 5] = ["javascript", "data", "vbscript", "file", "blob"];

/// Body of `POST /channels`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateChannel {
    /// A slug: lowercase ASCII letters, digits, `-` and `_`, 1–32 bytes.
    pub id: String,
    /// 1–128 bytes.
    pub name: String,
    /// At most 1,024 bytes.
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelList {
    pub data: Vec<Channel>,
}

/// Body of `POST /campaigns/{campaign_id}/creatives`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCreative {
    pub kind: CreativeKind,
    /// A channel the tenant knows (`GET /channels`).
    pub channel: String,
    /// A BCP 47 tag (`en`, `en-GB`), at most 35 bytes.
    pub locale: Option<String>,
    /// At most 256 bytes, one line.
    pub title: Option<String>,
    /// At most 2,048 bytes; required for a `banner`.
    pub banner_copy: Option<String>,
    /// At most 256 bytes, one line; required for an `email`.
    pub email_subject: Option<String>,
    /// At most 16 KiB; required for a `push`.
    pub body: Option<String>,
    /// An `http(s)` URL or an app-scheme URI, at most 2,048 bytes; required
    /// for a `deep_link`.
    pub deep_link: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreativeList {
    pub data: Vec<Creative>,
}

/// `GET /campaigns/{campaign_id}/creatives` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CreativeListQuery {
    /// Only creatives for this channel.
    pub channel: Option<String>,
    /// Only creatives in this locale (compared without case).
    pub locale: Option<String>,
}

/// A text of at most `max` bytes; `multiline` allows line breaks and tabs,
/// never another control character.
fn check_text(field: &str, text: &str, max: usize, multiline: bool) -> Result<(), ApiError> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if text.trim().is_empty() || text.len() > max {
        return Err(ApiError::invalid(field, format!("must be 1–{max} bytes")));
    }
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(ApiError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

fn check_optional_text(
    field: &str,
    text: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<(), ApiError> {
    text.map_or(Ok(()), |t| check_text(field, t, max, multiline))
}

fn check_channel_body(body: &CreateChannel) -> Result<(), ApiError> {
    check_channel_id("id", &body.id)?;
    check_text("name", &body.name, MAX_CHANNEL_NAME_BYTES, false)?;
    check_optional_text(
        "description",
        body.description.as_deref(),
        MAX_CHANNEL_DESCRIPTION_BYTES,
        true,
    )
}

/// A deep link: an absolute URI without whitespace, not of a scheme that runs
/// content; an `http(s)` one names a host.
fn check_deep_link(link: &str) -> Result<(), ApiError> {
    let field = "deep_link";
    if link.is_empty() || link.len() > MAX_DEEP_LINK_BYTES {
        return Err(ApiError::invalid(
            field,
            format!("must be 1–{MAX_DEEP_LINK_BYTES} bytes"),
        ));
    }
    if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::invalid(field, "must not contain whitespace"));
    }
    let url = url::Url::parse(link).map_err(|_| {
        ApiError::invalid(
            field,
            "must be an absolute URL or app URI (https://…, myapp://…)",
        )
    })?;
    if REFUSED_LINK_SCHEMES.contains(&url.scheme()) {
        return Err(ApiError::invalid(
            field,
            format!("the {} scheme is not allowed", url.scheme()),
        ));
    }
    if matches!(url.scheme(), "http" | "https") && url.host_str().is_none_or(str::is_empty) {
        return Err(ApiError::invalid(field, "an http(s) link names a host"));
    }
    Ok(())
}

/// The field a creative of `kind` must have, and whether it has it.
fn required_content(body: &CreateCreative) -> Option<(&'static str, bool)> {
    match body.kind {
        CreativeKind::Banner => Some(("banner_copy", body.banner_copy.is_some())),
        CreativeKind::Email => Some(("email_subject", body.email_subject.is_some())),
        CreativeKind::Push => Some(("body", body.body.is_some())),
        CreativeKind::DeepLink => Some(("deep_link", body.deep_link.is_some())),
        CreativeKind::Other => None,
    }
}

fn check_creative_body(body: &CreateCreative) -> Result<(), ApiError> {
    check_channel_id("channel", &body.channel)?;
    if let Some(locale) = &body.locale {
        check_locale("locale", locale)?;
    }
    check_optional_text(
        "title",
        body.title.as_deref(),
        MAX_CREATIVE_TITLE_BYTES,
        false,
    )?;
    let copy = body.banner_copy.as_deref();
    check_optional_text("banner_copy", copy, MAX_BANNER_COPY_BYTES, true)?;
    let subject = body.email_subject.as_deref();
    check_optional_text("email_subject", subject, MAX_EMAIL_SUBJECT_BYTES, false)?;
    check_optional_text("body", body.body.as_deref(), MAX_CREATIVE_BODY_BYTES, true)?;
    if let Some(link) = &body.deep_link {
        check_deep_link(link)?;
    }
    if let Some(metadata) = &body.metadata {
        validate::metadata("metadata", metadata)?;
    }
    if let Some((field, false)) = required_content(body) {
        return Err(ApiError::invalid(
            field,
            "required for this kind of creative",
        ));
    }
    let texts = [
        &body.title,
        &body.banner_copy,
        &body.email_subject,
        &body.body,
    ];
    if texts.iter().all(|t| t.is_none()) && body.deep_link.is_none() {
        return Err(ApiError::invalid(
            "body",
            "a creative has content: a title, banner_copy, email_subject, body or deep_link",
        ));
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/promotions/channels", tag = "channels",
    responses((status = 200, body = ChannelList, description = "the built-in channels, then the tenant's own"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "an unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ChannelList>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let data = records::channels::list(&state.records(), &caller.tenant).await?;
    Ok(Json(ChannelList { data }))
}

#[utoipa::path(post, path = "/v1/promotions/channels", tag = "channels", request_body = CreateChannel,
    params(("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = Channel),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field, or a tenant at its channel limit"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "duplicate_channel: the id is taken (built in or not)"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON, or an Idempotency-Key reused for another request")))]
pub async fn create(
    State(state): State<AppState>,
    request: Idempotent<JsonBody<CreateChannel>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let body = body.value;
    check_channel_body(&body)?;
    let now = state.now();
    let channel = Channel {
        id: body.id,
        name: body.name,
        description: body.description,
        builtin: false,
        created_at: Some(now),
    };
    let records = caller.records(&state);
    let done = records::channels::create(&records, &caller.tenant, &channel, spec, now).await?;
    Ok(answer(done))
}

/// `201` with a record created now; the stored response of a replay.
fn answer<T: Serialize>(done: Done<T>) -> Response {
    match done {
        Done::Fresh(created) => crate::idempotency::created(Done::Fresh(()), &created),
        Done::Replayed(record) => stored_response(&record),
    }
}

#[utoipa::path(delete, path = "/v1/promotions/channels/{channel_id}", tag = "channels",
    params(("channel_id" = String, Path)),
    responses((status = 204, description = "deleted; creatives naming it keep the name"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::error::Problem, content_type = "application/problem+json", description = "builtin_channel: a built-in channel cannot be deleted"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write")))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let records = caller.records(&state);
    if records::channels::delete(&records, &caller.tenant, id.as_str(), state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("channel"))
    }
}

/// The campaign and creative ids of a creative route.
fn path_ids(path: &BTreeMap<String, String>) -> (String, String) {
    let id = |name: &str| path.get(name).cloned().unwrap_or_default();
    (id("campaign_id"), id("creative_id"))
}

/// 404 unless the campaign exists.
async fn campaign_exists(state: &AppState, tenant: &str, id: &str) -> Result<(), ApiError> {
    match records::campaigns::get(&state.records(), tenant, id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found("campaign")),
    }
}

#[utoipa::path(post, path = "/v1/promotions/campaigns/{campaign_id}/creatives", tag = "channels", request_body = CreateCreative,
    params(("campaign_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "retry-safe key")),
    responses((status = 201, body = Creative),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad field (an unknown channel names `channel`), or a campaign at its creative limit"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such campaign"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json", description = "malformed JSON, or an Idempotency-Key reused for another request")))]
pub async fn create_creative(
    State(state): State<AppState>,
    Path(path): Path<BTreeMap<String, String>>,
    request: Idempotent<JsonBody<CreateCreative>, CouponsWrite>,
) -> Result<Response, ApiError> {
    let Idempotent {
        caller, body, spec, ..
    } = request;
    let (campaign_id, _) = path_ids(&path);
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    let body = body.value;
    check_creative_body(&body)?;
    let creative = Creative {
        id: state.new_id(CREATIVE_PREFIX),
        campaign_id,
        kind: body.kind,
        channel: body.channel,
        locale: body.locale,
        title: body.title,
        banner_copy: body.banner_copy,
        email_subject: body.email_subject,
        body: body.body,
        deep_link: body.deep_link,
        metadata: body.metadata.unwrap_or_default(),
        created_at: state.now(),
    };
    let records = caller.records(&state);
    let done =
        records::channels::create_creative(&records, &caller.tenant, &creative, spec).await?;
    Ok(answer(done))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/creatives", tag = "channels",
    params(("campaign_id" = String, Path), CreativeListQuery),
    responses((status = 200, body = CreativeList, description = "the campaign's creatives, oldest first"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a bad or unknown query parameter"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such campaign")))]
pub async fn list_creatives(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
    QueryParams(query): QueryParams<CreativeListQuery>,
) -> Result<Json<CreativeList>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    if let Some(channel) = &query.channel {
        check_channel_id("channel", channel)?;
    }
    if let Some(locale) = &query.locale {
        check_locale("locale", locale)?;
    }
    campaign_exists(&state, &caller.tenant, id.as_str()).await?;
    let all = records::channels::creatives(&state.records(), &caller.tenant, id.as_str()).await?;
    let keep = |c: &Creative| {
        let channel_ok = query.channel.as_ref().is_none_or(|ch| *ch == c.channel);
        let locale_ok = query.locale.as_ref().is_none_or(|want| {
            c.locale
                .as_ref()
                .is_some_and(|have| have.eq_ignore_ascii_case(want))
        });
        channel_ok && locale_ok
    };
    Ok(Json(CreativeList {
        data: all.into_iter().filter(keep).collect(),
    }))
}

#[utoipa::path(get, path = "/v1/promotions/campaigns/{campaign_id}/creatives/{creative_id}", tag = "channels",
    params(("campaign_id" = String, Path), ("creative_id" = String, Path)),
    responses((status = 200, body = Creative),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such campaign or creative")))]
pub async fn get_creative(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<Json<Creative>, ApiError> {
    caller.require(Scope::CouponsRead)?;
    let (campaign_id, creative_id) = path_ids(&path);
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    records::channels::creative(&state.records(), &caller.tenant, &campaign_id, &creative_id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("creative"))
}

#[utoipa::path(delete, path = "/v1/promotions/campaigns/{campaign_id}/creatives/{creative_id}", tag = "channels",
    params(("campaign_id" = String, Path), ("creative_id" = String, Path)),
    responses((status = 204, description = "deleted"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no or unknown key"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the key lacks coupons:write"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "no such campaign or creative")))]
pub async fn delete_creative(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<BTreeMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    caller.require(Scope::CouponsWrite)?;
    let (campaign_id, creative_id) = path_ids(&path);
    campaign_exists(&state, &caller.tenant, &campaign_id).await?;
    let records = caller.records(&state);
    let ids = (campaign_id.as_str(), creative_id.as_str());
    if records::channels::delete_creative(&records, &caller.tenant, ids, state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("creative"))
    }
}
