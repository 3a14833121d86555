//! `/rate-limits` (seed 000 §17): a tenant's request rate limits and what its
//! caller has left of them, and [`enforce`], the one middleware that spends a
//! request of the caller's key and tenant budgets before any handler runs.

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use stampede_actors::records;
use stampede_protocol::rate_limit::{ClassRates, RateLimitRecord, MAX_RATE_PER_MINUTE};
use stampede_protocol::ErrorCode;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::rate_limit::{key_bucket, tenant_bucket, Budget, Class, Decision};
use crate::AppState;

/// Body of `PUT /rate-limits`: requests per minute for each class; a class
/// left out uses the node's default.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRateLimits {
    #[serde(default)]
    pub per_key: ClassRates,
    #[serde(default)]
    pub per_tenant: ClassRates,
}

/// One class's budgets: the caller's key and its tenant (absent: unlimited).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassUsage {
    pub class: Class,
    pub key: Option<Budget>,
    pub tenant: Option<Budget>,
}

/// The limits in effect for the caller and what is left of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RateLimitsView {
    pub tenant_id: String,
    /// Whose budget the caller spends: a key id, `jwt:{sub}` or `root`
    /// (the root key is not limited).
    pub caller: String,
    /// In effect per key (the tenant's, else the node's; absent: unlimited).
    pub per_key: ClassRates,
    /// In effect for the whole tenant.
    pub per_tenant: ClassRates,
    /// What the tenant set with `PUT`, if anything.
    pub configured: Option<RateLimitRecord>,
    pub usage: Vec<ClassUsage>,
}

/// The tenant's stored limits, through the limiter's cache.
async fn stored(state: &AppState, tenant: &str) -> Result<Option<RateLimitRecord>, ApiError> {
    let limiter = state.auth.rate_limits();
    if let Some(hit) = limiter.cached_tenant(tenant) {
        return Ok(hit);
    }
    let record = records::rate_limits::get(&state.records(), tenant).await?;
    limiter.remember_tenant(tenant, record.clone());
    Ok(record)
}

/// The route below `/promotions` of a matched path.
fn route_of(matched: &str) -> &str {
    matched
        .split_once("/promotions")
        .map_or(matched, |(_, rest)| rest)
}

/// Authenticates the caller (kept for the handler) and spends one request of
/// its key's and its tenant's budgets for the route's class: 429
/// `rate_limited` with `Retry-After` when either is spent. Every limited
/// answer carries `RateLimit-Limit`, `-Remaining` and `-Reset` (the tighter
/// budget). The root key is not limited.
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let caller = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(err) => return err.into_response(),
    };
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map(|m| route_of(m.as_str()).to_owned())
        .unwrap_or_default();
    let class = Class::of_route(&parts.method, &route);
    let request = Request::from_parts(parts, body);
    if caller.root {
        return next.run(request).await;
    }
    let record = match stored(&state, &caller.tenant).await {
        Ok(record) => record,
        Err(err) => return err.into_response(),
    };
    let (per_key, per_tenant) = state.auth.rate_limits().effective(record.as_ref());
    let limiter = state.auth.rate_limits();
    let mut tightest: Option<Budget> = None;
    let checks = [
        (
            class.rate(&per_key),
            key_bucket(&caller.tenant, &caller.rate_key(), class),
        ),
        (
            class.rate(&per_tenant),
            tenant_bucket(&caller.tenant, class),
        ),
    ];
    for (rate, bucket) in checks {
        let Some(rate) = rate else { continue };
        match limiter.check(&bucket, rate) {
            Decision::Admitted(budget) => {
                if tightest.is_none_or(|t| budget.remaining < t.remaining) {
                    tightest = Some(budget);
                }
            }
            Decision::Refused {
                budget,
                retry_after_secs,
            } => return refused(class, budget, retry_after_secs),
        }
    }
    let mut response = next.run(request).await;
    if let Some(budget) = tightest {
        set_headers(response.headers_mut(), budget);
    }
    response
}

fn refused(class: Class, budget: Budget, retry_after_secs: u64) -> Response {
    let err = ApiError::new(
        ErrorCode::RateLimited,
        format!(
            "the '{}' rate limit ({} per minute) is spent; retry in {retry_after_secs} s",
            class.as_str(),
            budget.limit
        ),
    );
    let mut response = err.into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    set_headers(headers, budget);
    response
}

fn set_headers(headers: &mut HeaderMap, budget: Budget) {
    headers.insert("ratelimit-limit", HeaderValue::from(budget.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(budget.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(budget.reset_secs));
}

async fn view(state: &AppState, caller: &Caller) -> Result<RateLimitsView, ApiError> {
    let configured = stored(state, &caller.tenant).await?;
    let limiter = state.auth.rate_limits();
    let (per_key, per_tenant) = limiter.effective(configured.as_ref());
    let who = caller.rate_key();
    let usage = Class::ALL
        .iter()
        .map(|&class| ClassUsage {
            class,
            key: (class.rate(&per_key))
                .filter(|_| !caller.root)
                .map(|rate| limiter.peek(&key_bucket(&caller.tenant, &who, class), rate)),
            tenant: (class.rate(&per_tenant))
                .map(|rate| limiter.peek(&tenant_bucket(&caller.tenant, class), rate)),
        })
        .collect();
    Ok(RateLimitsView {
        tenant_id: caller.tenant.clone(),
        caller: who,
        per_key,
        per_tenant,
        configured,
        usage,
    })
}

#[utoipa::path(get, path = "/v1/promotions/rate-limits", tag = "keys",
    responses((status = 200, body = RateLimitsView, description = "the limits in effect for the caller's key and tenant, and what is left of each (after this request)"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a query string, or a bad tenant id"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no, unknown, expired or unverifiable key or token"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "a token for another tenant"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "a key naming another tenant"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json", description = "rate_limited: the admin budget is spent (Retry-After, RateLimit-*)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<RateLimitsView>, ApiError> {
    Ok(Json(view(&state, &caller).await?))
}

fn check_rates(field: &str, rates: &ClassRates) -> Result<(), ApiError> {
    for class in Class::ALL {
        if let Some(rate) = class.rate(rates) {
            if rate == 0 || rate > MAX_RATE_PER_MINUTE {
                return Err(ApiError::invalid(
                    format!("{field}.{}", class.as_str()),
                    format!("requests per minute: 1–{MAX_RATE_PER_MINUTE}"),
                ));
            }
        }
    }
    Ok(())
}

#[utoipa::path(put, path = "/v1/promotions/rate-limits", tag = "keys", request_body = PutRateLimits,
    responses((status = 200, body = RateLimitsView, description = "the limits now in effect"),
        (status = 400, body = crate::error::Problem, content_type = "application/problem+json", description = "a rate out of 1–1000000 (the field is named), an unknown field, malformed JSON"),
        (status = 401, body = crate::error::Problem, content_type = "application/problem+json", description = "no, unknown, expired or unverifiable key or token"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json", description = "the caller lacks admin, is a test key, or a token for another tenant"),
        (status = 404, body = crate::error::Problem, content_type = "application/problem+json", description = "a key naming another tenant"),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json", description = "payload_too_large"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json", description = "unsupported_media_type"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json", description = "rate_limited (Retry-After, RateLimit-*)"),
        (status = 503, body = crate::error::Problem, content_type = "application/problem+json", description = "unavailable: retry")))]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonBody<PutRateLimits>,
) -> Result<(StatusCode, Json<RateLimitsView>), ApiError> {
    caller.require_admin()?;
    caller.require_live("set rate limits")?;
    let body = body.value;
    check_rates("per_key", &body.per_key)?;
    check_rates("per_tenant", &body.per_tenant)?;
    let record = RateLimitRecord {
        tenant_id: caller.tenant.clone(),
        per_key: body.per_key,
        per_tenant: body.per_tenant,
        updated_at: state.now(),
        updated_by: caller.actor(),
    };
    records::rate_limits::put(&caller.records(&state), &record).await?;
    state
        .auth
        .rate_limits()
        .remember_tenant(&caller.tenant, Some(record));
    Ok((StatusCode::OK, Json(view(&state, &caller).await?)))
}
