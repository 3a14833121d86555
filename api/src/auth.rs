//! Authentication and tenancy.
//!
//! A request carries a key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
//! Keys are stored only as SHA-256 hashes, looked up by hash, and carry a tenant and
//! scopes. The root key (from `STAMPEDE_ADMIN_KEY`) is not stored: it may act on any
//! tenant named by the path (`/v1/{tenant_id}/promotions`) or `X-Tenant-ID`.
//! A key never reaches another tenant's data: naming another tenant answers 404.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use rand::RngCore;
use sha2::{Digest, Sha256};
use stampede_actors::records::{self, Records};
use stampede_protocol::ErrorCode;
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::validate;
use crate::AppState;

/// How long a looked-up key is trusted before it is read again. A key deleted on
/// this node is forgotten at once; on another node within this time.
pub const KEY_CACHE_TTL_MS: u64 = 5_000;
/// Keys cached at most; the cache is emptied when full.
pub const MAX_CACHED_KEYS: usize = 10_000;
/// Longest accepted key, in bytes.
pub const MAX_KEY_LEN_BYTES: usize = 256;

pub use stampede_protocol::api_key::{ApiKeyRecord, Scope};

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: String,
    pub scopes: Vec<Scope>,
    pub root: bool,
    pub key_id: Option<String>,
    /// The request's id, correlation id and reason (see [`crate::trace`]).
    pub trace: crate::trace::RequestTrace,
}

impl Caller {
    /// Refuses with 403 unless the caller holds `scope` (root and `admin` hold all).
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.root || self.scopes.contains(&Scope::Admin) || self.scopes.contains(&scope) {
            return Ok(());
        }
        let name = serde_json::to_value(scope)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("this key lacks the '{name}' scope"),
        ))
    }

    /// Refuses unless the caller is the root key or holds `admin`.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        self.require(Scope::Admin)
    }

    /// Who performed a mutation, for audit records.
    pub fn actor(&self) -> String {
        match (&self.key_id, self.root) {
            (_, true) => String::from("root"),
            (Some(id), _) => id.clone(),
            (None, _) => String::from("unknown"),
        }
    }
}

/// Key verification with a short-lived cache.
pub struct Auth {
    root_hash: [u8; 32],
    cache: Mutex<HashMap<String, (Option<ApiKeyRecord>, Instant)>>,
}

impl Auth {
    pub fn new(root_key: &str) -> Self {
        Self {
            root_hash: Sha256::digest(root_key.as_bytes()).into(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Verification against a root key known only by its SHA-256 (a
    /// generated key whose hash is kept in the store, never the key).
    pub fn with_root_hash(root_hash: [u8; 32]) -> Self {
        Self {
            root_hash,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn is_root(&self, key: &str) -> bool {
        let hash: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        hash.ct_eq(&self.root_hash).into()
    }

    async fn lookup(
        &self,
        records: &Records,
        hash: &str,
    ) -> Result<Option<ApiKeyRecord>, ApiError> {
        if let Some(hit) = self.cached(hash) {
            return Ok(hit);
        }
        let record = records::keys::by_hash(records, hash).await?;
        self.remember(hash, record.clone());
        Ok(record)
    }

    fn cached(&self, hash: &str) -> Option<Option<ApiKeyRecord>> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let (record, at) = cache.get(hash)?;
        (at.elapsed() < Duration::from_millis(KEY_CACHE_TTL_MS)).then(|| record.clone())
    }

    fn remember(&self, hash: &str, record: Option<ApiKeyRecord>) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= MAX_CACHED_KEYS {
            cache.clear();
        }
        cache.insert(hash.to_owned(), (record, Instant::now()));
    }

    /// Forgets a key at once (after it was deleted on this node).
    pub fn forget(&self, hash: &str) {
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(hash);
    }
}

/// Hex SHA-256 of a key.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A new random key: `stk_` and 64 hex characters (256 bits).
pub fn generate_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("stk_{}", hex::encode(bytes))
}

fn presented_key(parts: &Parts) -> Option<&str> {
    if let Some(value) = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    {
        let value = value.trim();
        if value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer ") {
            return Some(value[7..].trim());
        }
    }
    parts
        .headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

async fn requested_tenant(parts: &mut Parts, state: &AppState) -> Result<Option<String>, ApiError> {
    let from_path = RawPathParams::from_request_parts(parts, state)
        .await
        .ok()
        .and_then(|params| {
            params
                .iter()
                .find(|(name, _)| *name == "tenant_id")
                .map(|(_, value)| value.to_owned())
        });
    let from_header = parts
        .headers
        .get("x-tenant-id")
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| ApiError::invalid("X-Tenant-ID", "must be visible ASCII"))?;
    match (from_path, from_header) {
        (Some(path), Some(header)) if path != header => Err(ApiError::invalid(
            "X-Tenant-ID",
            "differs from the tenant in the path",
        )),
        (Some(t), _) | (None, Some(t)) => {
            validate::tenant_id(&t)?;
            Ok(Some(t))
        }
        (None, None) => Ok(None),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    /// Authenticates once per request: the caller is kept in the request's
    /// extensions, so extractors that need it ([`crate::extract::PathId`],
    /// [`crate::idempotency::Idempotent`]) do not look the key up again.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let mut caller = authenticate(parts, state).await?;
        caller.trace = crate::trace::from_parts(parts)?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// Who presents the request's key, and for which tenant.
async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
    let unauthorized = || ApiError::new(ErrorCode::Unauthorized, "a valid API key is required");
    let key = presented_key(parts).ok_or_else(unauthorized)?.to_owned();
    if key.is_empty() || key.len() > MAX_KEY_LEN_BYTES {
        return Err(unauthorized());
    }
    let requested = requested_tenant(parts, state).await?;
    if state.auth.is_root(&key) {
        let tenant = requested.ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidRequest,
                "X-Tenant-ID",
                "the root key must name a tenant (X-Tenant-ID or /v1/{tenant_id}/promotions)",
            )
        })?;
        return Ok(Caller {
            tenant,
            scopes: vec![Scope::Admin],
            root: true,
            key_id: None,
            trace: Default::default(),
        });
    }
    let record = state
        .auth
        .lookup(&state.records(), &hash_key(&key))
        .await?
        .ok_or_else(unauthorized)?;
    if record.expires_at.is_some_and(|at| at <= state.now()) {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "this API key has expired",
        ));
    }
    if requested.is_some_and(|t| t != record.tenant_id) {
        return Err(ApiError::not_found("tenant"));
    }
    Ok(Caller {
        tenant: record.tenant_id,
        scopes: record.scopes,
        root: false,
        key_id: Some(record.id),
        trace: Default::default(),
    })
}
