//! Request extractors that turn every malformed input into a problem naming the
//! field, instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;
use stampede_protocol::ErrorCode;

use crate::error::ApiError;

/// A JSON body: `Content-Type: application/json`, at most
/// `limits::MAX_BODY_BYTES`, deserialized with the failing field's path reported.
/// Keeps the raw bytes for idempotency fingerprints.
pub struct JsonBody<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v.split(';').next().unwrap_or("").trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::field(
                ErrorCode::UnsupportedMediaType,
                "Content-Type",
                "expected application/json",
            ));
        }
        let raw = read_body(req, state).await?;
        let value = parse_json(&raw)?;
        Ok(Self { value, raw })
    }
}

/// Reads the body within the router's body limit (413 past it).
async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "request body is larger than 1 MiB",
            )
        } else {
            ApiError::new(ErrorCode::InvalidRequest, rejection.body_text())
        }
    })
}

/// Parses JSON, reporting the path of the first bad field.
pub fn parse_json<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(raw);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() || path == "." {
            if inner.is_data() {
                return ApiError::new(ErrorCode::InvalidRequest, inner.to_string());
            }
            return ApiError::new(ErrorCode::MalformedJson, format!("malformed JSON: {inner}"));
        }
        ApiError::invalid(path, inner.to_string())
    })?;
    deserializer
        .end()
        .map_err(|err| ApiError::new(ErrorCode::MalformedJson, format!("malformed JSON: {err}")))?;
    Ok(value)
}

/// Query parameters with a problem+json rejection.
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let merged = merge_repeats(parts.uri.query().unwrap_or_default())?;
        serde_urlencoded::from_str::<T>(&merged)
            .map(Self)
            .map_err(|err| query_error(&err.to_string()))
    }
}

/// Parameters a query may carry, repeats included.
pub const MAX_QUERY_PARAMS: usize = 64;

/// A repeated parameter (`type=a&type=b`, or seed 003's `kind[]=a&kind[]=b`) is
/// read as one comma-separated list (`type=a,b`), which list filters split;
/// a scalar parameter given twice then fails to parse instead of one silently
/// winning.
fn merge_repeats(query: &str) -> Result<String, ApiError> {
    let mut merged: Vec<(String, String)> = Vec::new();
    for (count, (name, value)) in form_urlencoded::parse(query.as_bytes()).enumerate() {
        if count >= MAX_QUERY_PARAMS {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("at most {MAX_QUERY_PARAMS} query parameters"),
            ));
        }
        let name = name.strip_suffix("[]").unwrap_or(&name).to_owned();
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => {
                values.push(',');
                values.push_str(&value);
            }
            None => merged.push((name, value.into_owned())),
        }
    }
    Ok(form_urlencoded::Serializer::new(String::new())
        .extend_pairs(merged)
        .finish())
}

/// A query string that does not parse: an unknown parameter is named as the
/// field at fault, so a typo is never silently ignored.
fn query_error(text: &str) -> ApiError {
    let unknown = text
        .split_once("unknown field `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_owned());
    match unknown {
        Some(name) => ApiError::field(
            ErrorCode::InvalidRequest,
            name.clone(),
            format!("unknown query parameter {name}"),
        ),
        None => ApiError::new(ErrorCode::InvalidRequest, text.to_owned()),
    }
}

/// Like [`JsonBody`], but an empty body (no `Content-Type` needed) is `T::default()`:
/// for actions such as revoke and void whose body is optional.
pub struct JsonOrEmpty<T> {
    pub value: T,
    pub raw: Bytes,
}

impl<S, T> FromRequest<S> for JsonOrEmpty<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Default,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if has_type {
            let JsonBody { value, raw } = JsonBody::from_request(req, state).await?;
            return Ok(Self { value, raw });
        }
        let raw = read_body(req, state).await?;
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self {
                value: T::default(),
                raw,
            });
        }
        Err(ApiError::field(
            ErrorCode::UnsupportedMediaType,
            "Content-Type",
            "expected application/json",
        ))
    }
}

/// The id of the resource a route names (`/coupons/{coupon_id}`): the one path
/// parameter other than `tenant_id` (which [`crate::auth::Caller`] reads).
///
/// The id is not judged here: an id that cannot exist (longer than the one id
/// limit, [`stampede_protocol::ids::check_id`]) is looked up by the records
/// layer as absent, and the handler answers it as not found, as it answers a
/// well-formed id of no record: a client learns nothing from the difference.
pub struct PathId(pub String);

impl PathId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|err| ApiError::internal(format!("route without path id: {err}")))?;
        params
            .iter()
            .find(|(name, _)| *name != "tenant_id")
            .map(|(_, value)| Self(value.to_owned()))
            .ok_or_else(|| ApiError::internal("route without path id"))
    }
}

/// A request body whose raw bytes an idempotency fingerprint covers.
pub trait RawBody {
    fn raw(&self) -> &[u8];
}

impl<T> RawBody for JsonBody<T> {
    fn raw(&self) -> &[u8] {
        &self.raw
    }
}

impl<T> RawBody for JsonOrEmpty<T> {
    fn raw(&self) -> &[u8] {
        &self.raw
    }
}

/// No body: a `DELETE`, whose fingerprint covers method and path only.
pub struct NoBody;

impl RawBody for NoBody {
    fn raw(&self) -> &[u8] {
        b""
    }
}

impl<S: Send + Sync> FromRequest<S> for NoBody {
    type Rejection = ApiError;

    async fn from_request(_req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(NoBody)
    }
}
