//! Authentication and tenancy.
//!
//! A request carries a key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
//! Keys are stored only as SHA-256 hashes, looked up by hash, and carry a tenant and
//! scopes. The root key (from `STAMPEDE_ADMIN_KEY`) is not stored: it may act on any
//! tenant named by the path (`/v1/{tenant_id}/promotions`) or `X-Tenant-ID`.
//! A key never reaches another tenant's data: naming another tenant answers 404.
//!
//! A bearer value shaped like a JWT is verified as one ([`crate::jwt`]): its
//! claims carry the tenant and scopes, its `sub` the caller. A token naming
//! another tenant than the request's is refused 403.
//!
//! A `test` key acts on its tenant's sandbox (`{tenant}~test`): every record
//! is stored under the tenant, so the sandbox shares nothing with live data.
//!
//! A source whose authentications keep failing is refused 429 before its key
//! is checked ([`crate::auth_failures`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use rand::RngCore;
use sha2::{Digest, Sha256};
use stampede_actors::records::{self, Records};
use stampede_protocol::event::Provenance;
use stampede_protocol::ErrorCode;
use subtle::ConstantTimeEq;

use crate::auth_failures::AuthFailures;
use crate::error::ApiError;
use crate::jwt::{self, JwtVerifier};
use crate::rate_limit::Limiter;
use crate::validate;
use crate::AppState;

/// How long a looked-up key is trusted before it is read again. A key deleted on
/// this node is forgotten at once; on another node within this time.
pub const KEY_CACHE_TTL_MS: u64 = 5_000;
/// Keys cached at most; the cache is emptied when full.
pub const MAX_CACHED_KEYS: usize = 10_000;
/// Longest accepted key, in bytes.
pub const MAX_KEY_LEN_BYTES: usize = 256;

pub use stampede_protocol::api_key::{sandbox_tenant, ApiKeyRecord, KeyMode, Scope};

/// What a test key's secret starts with (live keys start `stk_`).
pub const TEST_KEY_PREFIX: &str = "sk_test_";

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: String,
    pub scopes: Vec<Scope>,
    pub root: bool,
    pub key_id: Option<String>,
    /// The request's id, correlation id and reason (see [`crate::trace`]).
    pub trace: crate::trace::RequestTrace,
    /// The `sub` of a JWT caller.
    pub subject: Option<String>,
    /// A test key's caller: `tenant` is the sandbox tenant.
    pub sandbox: bool,
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

    /// Refuses a test key's caller: what only live keys may do.
    pub fn require_live(&self, what: &str) -> Result<(), ApiError> {
        if self.sandbox {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("a test key cannot {what}; use a live key"),
            ));
        }
        Ok(())
    }

    /// Whose request budget this caller spends (as [`Caller::actor`]).
    pub fn rate_key(&self) -> String {
        self.actor()
    }

    /// Who performed a mutation, for audit records: `root`, the key id, or
    /// `jwt:{sub}`.
    pub fn actor(&self) -> String {
        match (&self.key_id, &self.subject, self.root) {
            (_, _, true) => String::from("root"),
            (Some(id), _, _) => id.clone(),
            (None, Some(sub), _) => format!("jwt:{sub}"),
            (None, None, _) => String::from("unknown"),
        }
    }
}

/// Key verification with a short-lived cache.
pub struct Auth {
    root_hash: [u8; 32],
    cache: Mutex<HashMap<String, (Option<ApiKeyRecord>, Instant)>>,
    jwt: Option<JwtVerifier>,
    limits: Limiter,
    failures: AuthFailures,
}

impl Auth {
    pub fn new(root_key: &str) -> Self {
        Self::with_root_hash(Sha256::digest(root_key.as_bytes()).into())
    }

    /// Verification against a root key known only by its SHA-256 (a
    /// generated key whose hash is kept in the store, never the key).
    pub fn with_root_hash(root_hash: [u8; 32]) -> Self {
        Self {
            root_hash,
            cache: Mutex::new(HashMap::new()),
            jwt: None,
            limits: Limiter::default(),
            failures: AuthFailures::default(),
        }
    }

    /// Also accepts JWT bearer tokens this verifier accepts.
    pub fn with_jwt(mut self, verifier: JwtVerifier) -> Self {
        self.jwt = Some(verifier);
        self
    }

    /// With these request rate limits (node defaults) instead of none.
    pub fn with_rate_limits(mut self, limits: Limiter) -> Self {
        self.limits = limits;
        self
    }

    /// With this bound on failed authentications per source.
    pub fn with_auth_failures(mut self, failures: AuthFailures) -> Self {
        self.failures = failures;
        self
    }

    /// The request rate limiter.
    pub fn rate_limits(&self) -> &Limiter {
        &self.limits
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

/// A new random test key: [`TEST_KEY_PREFIX`] and 64 hex characters.
pub fn generate_test_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{TEST_KEY_PREFIX}{}", hex::encode(bytes))
}

/// The presented credential, and whether it came as a bearer value.
fn presented_key(parts: &Parts) -> Option<(&str, bool)> {
    if let Some(value) = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    {
        let value = value.trim();
        if value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer ") {
            return Some((value[7..].trim(), true));
        }
    }
    parts
        .headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(|v| (v.trim(), false))
}

/// The peer's address, when the server recorded it.
fn source_of(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
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

/// Who presents the request's key, and for which tenant. A source over its
/// failed authentications is refused before anything is checked; each 401
/// counts against it.
async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
    let source = source_of(parts);
    if let Some(wait) = source.and_then(|ip| state.auth.failures.blocked_for(ip)) {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            format!("too many failed authentications from this address; retry in {wait} s"),
        ));
    }
    let caller = identify(parts, state).await;
    if let (Err(err), Some(ip)) = (&caller, source) {
        if err.code == ErrorCode::Unauthorized {
            state.auth.failures.record(ip);
        }
    }
    caller
}

async fn identify(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
    let unauthorized = || ApiError::new(ErrorCode::Unauthorized, "a valid API key is required");
    let (key, bearer) = presented_key(parts).ok_or_else(unauthorized)?;
    let key = key.to_owned();
    let requested = requested_tenant(parts, state).await?;
    if bearer && jwt::looks_like_jwt(&key) {
        return from_jwt(state, &key, requested);
    }
    if key.is_empty() || key.len() > MAX_KEY_LEN_BYTES {
        return Err(unauthorized());
    }
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
            subject: None,
            sandbox: false,
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
    let sandbox = record.mode == KeyMode::Test;
    Ok(Caller {
        tenant: if sandbox {
            sandbox_tenant(&record.tenant_id)
        } else {
            record.tenant_id
        },
        scopes: record.scopes,
        root: false,
        key_id: Some(record.id),
        subject: None,
        sandbox,
        trace: Default::default(),
    })
}

/// The caller a JWT names; 403 when the request names another tenant.
fn from_jwt(state: &AppState, token: &str, requested: Option<String>) -> Result<Caller, ApiError> {
    let verifier = state.auth.jwt.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unauthorized,
            "JWT bearer tokens are not accepted by this node; present an API key",
        )
    })?;
    let verified = verifier.verify(token)?;
    if requested.is_some_and(|t| t != verified.tenant) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this token is for another tenant",
        ));
    }
    Ok(Caller {
        tenant: verified.tenant,
        scopes: verified.scopes,
        root: false,
        key_id: None,
        subject: Some(verified.subject),
        sandbox: false,
        trace: Default::default(),
    })
}

impl Caller {
    /// Who asks and why, for the events of this request's effects.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            actor: self.actor(),
            reason: self.trace.reason.clone(),
            request_id: self.trace.request_id.clone(),
            correlation_id: self.trace.correlation_id.clone(),
        }
    }

    /// [`Self::provenance`] with the reason a body gave, over `X-Reason`.
    pub fn provenance_with(&self, reason: Option<&str>) -> Provenance {
        let mut provenance = self.provenance();
        if let Some(reason) = reason {
            provenance.reason = Some(reason.to_owned());
        }
        provenance
    }
}

impl Caller {
    /// The records layer acting for this caller: the events of the mutations
    /// made through it record who asked and why.
    pub fn records(&self, state: &AppState) -> Records {
        state.records().by(self.provenance())
    }
}
