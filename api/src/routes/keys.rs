//! `/keys`: API keys of a tenant. The plaintext is returned once, at creation; only
//! its SHA-256 is stored. A `test` key (`sk_test_…`) acts on the tenant's
//! sandbox; keys are managed with live keys only.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_protocol::ids::API_KEY_PREFIX;
use stampede_protocol::limits::MAX_SCOPES_PER_KEY;
use utoipa::ToSchema;

use crate::auth::{
    generate_key, generate_test_key, hash_key, ApiKeyRecord, Caller, KeyMode, Scope,
};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathId};
use crate::{validate, AppState};

/// Longest key lifetime accepted in `expires_in`.
const MAX_KEY_LIFETIME_SECS: u64 = 10 * 365 * 24 * 3600;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKey {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Lifetime such as `30d`, `12h` or `90m`; absent = no expiry.
    pub expires_in: Option<String>,
    /// `live` (default) or `test`: a test key's requests act on the tenant's
    /// isolated sandbox and never touch live data.
    #[serde(default)]
    pub mode: KeyMode,
}

/// A created key: the only time `key` is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub record: ApiKeyRecord,
    pub key: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct KeyList {
    pub data: Vec<ApiKeyRecord>,
}

fn parse_lifetime(text: &str) -> Result<Duration, ApiError> {
    let lifetime = humantime::parse_duration(text)
        .map_err(|e| ApiError::invalid("expires_in", format!("not a duration like '30d': {e}")))?;
    if lifetime.is_zero() || lifetime.as_secs() > MAX_KEY_LIFETIME_SECS {
        return Err(ApiError::invalid(
            "expires_in",
            "must be between 1 second and 10 years",
        ));
    }
    Ok(lifetime)
}

#[utoipa::path(post, path = "/v1/promotions/keys", tag = "keys", request_body = CreateKey,
    responses((status = 201, body = CreatedKey), (status = 403, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<CreateKey>,
) -> Result<Response, ApiError> {
    caller.require_admin()?;
    caller.require_live("manage keys")?;
    let body = body.value;
    validate::identifier("name", &body.name)?;
    if body.scopes.is_empty() || body.scopes.len() > MAX_SCOPES_PER_KEY {
        return Err(ApiError::invalid(
            "scopes",
            format!("1–{MAX_SCOPES_PER_KEY} scopes"),
        ));
    }
    let now = state.now();
    let expires_at = match &body.expires_in {
        None => None,
        Some(text) => {
            let lifetime = chrono::Duration::from_std(parse_lifetime(text)?)
                .map_err(|_| ApiError::invalid("expires_in", "too long"))?;
            Some(now + lifetime)
        }
    };
    let key = match body.mode {
        KeyMode::Live => generate_key(),
        KeyMode::Test => generate_test_key(),
    };
    let record = ApiKeyRecord {
        id: state.new_id(API_KEY_PREFIX),
        tenant_id: caller.tenant.clone(),
        name: body.name,
        scopes: body.scopes,
        hash: hash_key(&key),
        prefix: key.chars().take(12).collect(),
        created_at: now,
        expires_at,
        mode: body.mode,
    };
    records::keys::create(&caller.records(&state), &record).await?;
    let mut shown = record;
    shown.hash = String::new();
    Ok((StatusCode::CREATED, Json(CreatedKey { record: shown, key })).into_response())
}

#[utoipa::path(get, path = "/v1/promotions/keys", tag = "keys", responses((status = 200, body = KeyList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<KeyList>, ApiError> {
    caller.require_admin()?;
    caller.require_live("manage keys")?;
    let mut data = records::keys::list(&state.records(), &caller.tenant).await?;
    for record in &mut data {
        record.hash = String::new();
    }
    Ok(Json(KeyList { data }))
}

async fn read_key(state: &AppState, tenant: &str, id: &str) -> Result<ApiKeyRecord, ApiError> {
    records::keys::get(&state.records(), tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found("key"))
}

#[utoipa::path(get, path = "/v1/promotions/keys/{key_id}", tag = "keys", params(("key_id" = String, Path)),
    responses((status = 200, body = ApiKeyRecord), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<Json<ApiKeyRecord>, ApiError> {
    caller.require_admin()?;
    caller.require_live("manage keys")?;
    let mut record = read_key(&state, &caller.tenant, id.as_str()).await?;
    record.hash = String::new();
    Ok(Json(record))
}

#[utoipa::path(delete, path = "/v1/promotions/keys/{key_id}", tag = "keys", params(("key_id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    id: PathId,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    caller.require_live("manage keys")?;
    let record = read_key(&state, &caller.tenant, id.as_str()).await?;
    records::keys::delete(&caller.records(&state), &record, state.now()).await?;
    state.auth.forget(&record.hash);
    Ok(StatusCode::NO_CONTENT)
}
