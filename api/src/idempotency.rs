//! Idempotency keys.
//!
//! A mutation with `Idempotency-Key` (or, for redemptions, `redemption_client_id`)
//! stores its response in the same transaction as its effect. A retry first looks
//! for that response: found with the same request fingerprint → the stored response
//! is replayed; found with a different one → 422. Refusals (4xx) are not stored: a
//! refused request changed nothing, so deciding it again is harmless. A key is
//! kept for the node's retention (`--idempotency-retention-hours`); past it the
//! key names nothing and a request under it is a new one.

use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use stampede_actors::records;
use stampede_protocol::idempotency::{IdemRecord, IdemSpec};
use stampede_protocol::limits::MAX_IDEMPOTENCY_KEY_LEN_BYTES;

use crate::auth::{Caller, Scope};
use crate::error::ApiError;
use crate::extract::RawBody;
use crate::AppState;

pub const HEADER: &str = "idempotency-key";

/// Hash of what makes two requests "the same": method, resource path below the
/// tenant prefix, and body. A JSON body is hashed in its canonical form (object
/// keys sorted, no insignificant whitespace), so the same request with its keys
/// in another order or spaced differently is the same request; any other body
/// is hashed as its bytes.
pub fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let resource = path
        .split_once("/promotions")
        .map_or(path, |(_, rest)| rest);
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update([0]);
    hasher.update(resource.as_bytes());
    hasher.update([0]);
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(json) => {
            let mut canonical = Vec::with_capacity(body.len());
            write_canonical(&json, &mut canonical);
            hasher.update(&canonical);
        }
        Err(_) => hasher.update(body),
    }
    hex::encode(hasher.finalize())
}

/// Writes `value` as canonical JSON: objects with their keys sorted, at every
/// depth (the map keeps insertion order, so sorting is explicit).
fn write_canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(&Value::String(key.clone()), out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

fn write_scalar(value: &serde_json::Value, out: &mut Vec<u8>) {
    // Serialising a scalar into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// The idempotency spec of a request from its header, if any.
pub fn from_header(
    headers: &HeaderMap,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Option<IdemSpec>, ApiError> {
    spec_of(headers.get(HEADER), method, path, body)
}

/// The idempotency spec of a request from the value of its `Idempotency-Key`.
fn spec_of(
    value: Option<&HeaderValue>,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Option<IdemSpec>, ApiError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY_LEN_BYTES)
        .ok_or_else(|| {
            ApiError::invalid(
                "Idempotency-Key",
                format!("must be 1–{MAX_IDEMPOTENCY_KEY_LEN_BYTES} visible ASCII characters"),
            )
        })?;
    Ok(Some(IdemSpec {
        key: format!("k:{key}"),
        fingerprint: fingerprint(method, path, body),
    }))
}

/// The stored response for `spec`, if the mutation already happened.
pub async fn replay(
    state: &crate::AppState,
    tenant: &str,
    spec: &IdemSpec,
) -> Result<Option<Response>, ApiError> {
    let record = records::idempotency::replay(&state.records(), tenant, spec, state.now()).await?;
    Ok(record.as_ref().map(stored_response))
}

/// `201` with `created` for a create that ran now; the stored response for one
/// that ran before under the same key.
pub fn created<T: serde::Serialize>(done: records::idempotency::Done<()>, created: &T) -> Response {
    match done {
        records::idempotency::Done::Fresh(()) => {
            (StatusCode::CREATED, Json(created)).into_response()
        }
        records::idempotency::Done::Replayed(record) => stored_response(&record),
    }
}

/// Rebuilds a response from a stored record.
pub fn stored_response(record: &IdemRecord) -> Response {
    let status = StatusCode::from_u16(record.status).unwrap_or(StatusCode::OK);
    if status == StatusCode::NO_CONTENT {
        return status.into_response();
    }
    let mut response = (status, Json(record.body.clone())).into_response();
    response.headers_mut().insert(
        "idempotent-replayed",
        axum::http::HeaderValue::from_static("true"),
    );
    response
}

/// The scope a mutation needs, as a type, so that [`Idempotent`] checks it
/// before it answers a stored response: a replay tells no more than the
/// original request would have.
pub trait Requires: Send + Sync {
    const SCOPE: Scope;
}

/// `coupons:write`: coupons, campaigns, promotions, rules, segments, schedules.
pub struct CouponsWrite;
/// `redemptions:write`: redemptions, reservations, bulk jobs.
pub struct RedemptionsWrite;
/// `admin`: keys.
pub struct Admin;

impl Requires for CouponsWrite {
    const SCOPE: Scope = Scope::CouponsWrite;
}
impl Requires for RedemptionsWrite {
    const SCOPE: Scope = Scope::RedemptionsWrite;
}
impl Requires for Admin {
    const SCOPE: Scope = Scope::Admin;
}

/// A mutation's request with the idempotency preamble done: the caller
/// authenticated, the body parsed, the scope `S` checked, `Idempotency-Key`
/// read and, when that key already holds this request's response, that
/// response answered instead of running the handler (a different request under
/// the key is 422). The handler then runs the mutation with [`Self::spec`],
/// which the records layer stores with the effect in one transaction.
///
/// Checks run in the order a client's mistakes are reported: key, body,
/// scope, idempotency key.
pub struct Idempotent<B, S> {
    pub caller: Caller,
    pub body: B,
    /// `None` without `Idempotency-Key`.
    pub spec: Option<IdemSpec>,
    scope: PhantomData<S>,
}

impl<B, S> FromRequest<AppState> for Idempotent<B, S>
where
    B: FromRequest<AppState, Rejection = ApiError> + RawBody + Send,
    S: Requires,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let caller = Caller::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let method = parts.method.clone();
        let path = parts.uri.path().to_owned();
        let key = parts.headers.get(HEADER).cloned();
        let body = B::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        caller
            .require(S::SCOPE)
            .map_err(IntoResponse::into_response)?;
        let spec = spec_of(key.as_ref(), &method, &path, body.raw())
            .map_err(IntoResponse::into_response)?;
        if let Some(spec) = &spec {
            match replay(state, &caller.tenant, spec).await {
                Ok(Some(replayed)) => return Err(replayed),
                Ok(None) => {}
                Err(err) => return Err(err.into_response()),
            }
        }
        Ok(Self {
            caller,
            body,
            spec,
            scope: PhantomData,
        })
    }
}

/// A mutation's body with what its idempotency needs read off the request
/// (method, path, `Idempotency-Key`), for the handlers whose own checks come
/// before the key's: the key is judged only when the handler asks
/// ([`Keyed::spec`]), so errors keep the order clients see. Dereferences to
/// the body.
pub struct Keyed<B> {
    body: B,
    method: Method,
    path: String,
    key: Option<HeaderValue>,
}

impl<B> FromRequest<AppState> for Keyed<B>
where
    B: FromRequest<AppState, Rejection = ApiError> + RawBody + Send,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let method = parts.method.clone();
        let path = parts.uri.path().to_owned();
        let key = parts.headers.get(HEADER).cloned();
        let body = B::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            body,
            method,
            path,
            key,
        })
    }
}

/// The keys that name one redemption request (see [`Keyed::redemption_identity`]).
pub struct RedemptionIdentity {
    /// The key the redemption is decided and stored under.
    pub primary: Option<IdemSpec>,
    /// The header's key when the client id is the primary: bound to the same
    /// answer.
    pub header: Option<IdemSpec>,
}

impl RedemptionIdentity {
    /// The answer already given to any of these keys; a key bound to another
    /// request is refused as reused.
    pub async fn replay(
        &self,
        state: &crate::AppState,
        tenant: &str,
    ) -> Result<Option<IdemRecord>, ApiError> {
        let (records, now) = (state.records(), state.now());
        for spec in self.header.iter().chain(self.primary.iter()) {
            let found = records::idempotency::replay(&records, tenant, spec, now).await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Binds the header's key to the answer given under the primary one, so
    /// that key replays it too (and refuses another request). Best effort: a
    /// retry of the same body is named by its client id anyway.
    pub async fn bind_header(
        &self,
        state: &crate::AppState,
        tenant: &str,
        status: StatusCode,
        body: &serde_json::Value,
    ) {
        let Some(header) = &self.header else { return };
        let stored = Some((status.as_u16(), body.clone()));
        let once = records::idempotency::Once::new(
            state.records(),
            tenant,
            Some(header.clone()),
            state.shards.clock().now(),
        );
        let bound = once
            .run(|_: &()| Ok(stored.clone()), |_| Box::pin(async { Ok(()) }))
            .await;
        if let Err(err) = bound {
            tracing::warn!(error = %err, "could not bind the idempotency key to its redemption");
        }
    }
}

impl<B: RawBody> Keyed<B> {
    /// The request's `Idempotency-Key` spec (`None` without the header); a
    /// malformed key is refused.
    pub fn spec(&self) -> Result<Option<IdemSpec>, ApiError> {
        spec_of(self.key.as_ref(), &self.method, &self.path, self.body.raw())
    }

    /// A redemption's identity. The body's `redemption_client_id` names the
    /// redemption when it is sent; the `Idempotency-Key` header then names it
    /// too ([`RedemptionIdentity::header`], bound after the answer), so a later
    /// request with either one replays the same redemption. Without a client
    /// id, the header alone names it.
    pub fn redemption_identity(
        &self,
        client_id: Option<&str>,
    ) -> Result<RedemptionIdentity, ApiError> {
        let header = self.spec()?;
        let Some(id) = client_id else {
            return Ok(RedemptionIdentity {
                primary: header,
                header: None,
            });
        };
        let primary = IdemSpec {
            key: format!("c:{id}"),
            fingerprint: fingerprint(&self.method, &self.path, self.body.raw()),
        };
        Ok(RedemptionIdentity {
            primary: Some(primary),
            header,
        })
    }

    /// The body, for handlers that consume it.
    pub fn into_body(self) -> B {
        self.body
    }
}

impl<B> std::ops::Deref for Keyed<B> {
    type Target = B;

    fn deref(&self) -> &B {
        &self.body
    }
}
