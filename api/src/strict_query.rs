//! Query strings are refused where a route reads none: a parameter the service
//! does not know is a 400 naming it, never silently ignored. Routes that read
//! parameters parse them with [`crate::extract::QueryParams`] into structs that
//! deny unknown fields; this layer covers every other route.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use stampede_protocol::ErrorCode;

use crate::error::ApiError;

/// Routes (method, path under `/v1/promotions`) whose handler parses its query.
const ROUTES_WITH_QUERY: [(Method, &str); 29] = [
    (Method::GET, "/analytics/overview"),
    (Method::GET, "/coupons/{coupon_id}/metrics"),
    (Method::GET, "/campaigns/{campaign_id}/metrics"),
    (Method::GET, "/reports/exports"),
    (Method::POST, "/imports"),
    (Method::POST, "/coupons/{coupon_id}/codes/import"),
    (Method::GET, "/jobs/{job_id}/errors"),
    (Method::GET, "/coupons"),
    (Method::GET, "/coupons/lookup"),
    (Method::DELETE, "/coupons/{coupon_id}"),
    (Method::GET, "/coupons/{coupon_id}/redemptions"),
    (Method::GET, "/redemptions"),
    (Method::GET, "/campaigns"),
    (Method::GET, "/campaigns/{campaign_id}/promotions"),
    (Method::GET, "/campaigns/{campaign_id}/creatives"),
    (Method::GET, "/limits"),
    (Method::PATCH, "/limits"),
    (Method::DELETE, "/limits"),
    (Method::GET, "/rules"),
    (Method::GET, "/schedule"),
    (Method::GET, "/segments"),
    (Method::GET, "/segments/{segment_id}/members"),
    (Method::GET, "/audit"),
    (Method::GET, "/webhooks/{webhook_id}/deliveries"),
    (Method::GET, "/experiments"),
    (Method::GET, "/experiments/{experiment_id}/assignment"),
    (Method::GET, "/fraud/alerts"),
    (Method::GET, "/rewards"),
    (Method::GET, "/rewards/grants"),
];

/// Routes of event-triggered coupons that read query parameters (kept apart
/// from [`ROUTES_WITH_QUERY`] so each feature adds its own list).
const TRIGGER_ROUTES_WITH_QUERY: [(Method, &str); 1] =
    [(Method::GET, "/coupons/{coupon_id}/generated")];

/// Path prefixes the API is nested under.
const PREFIXES: [&str; 2] = ["/v1/promotions", "/v1/{tenant_id}/promotions"];

/// Refuses a query string on a route that reads none.
pub async fn refuse_unknown_query(request: Request, next: Next) -> Response {
    let Some(query) = request.uri().query().filter(|q| !q.is_empty()) else {
        return next.run(request).await;
    };
    let matched = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let reads_query = matched.as_deref().is_some_and(|path| {
        let path = PREFIXES
            .iter()
            .find_map(|p| path.strip_prefix(p))
            .unwrap_or(path);
        ROUTES_WITH_QUERY
            .iter()
            .chain(TRIGGER_ROUTES_WITH_QUERY.iter())
            .any(|(method, route)| method == request.method() && *route == path)
    });
    if reads_query || matched.is_none() {
        return next.run(request).await;
    }
    let name = query.split('&').next().unwrap_or_default();
    let name = name.split('=').next().unwrap_or_default();
    let name: String = name.chars().take(64).collect();
    ApiError::field(
        ErrorCode::InvalidRequest,
        name.clone(),
        format!("unknown query parameter {name}: this route takes none"),
    )
    .into_response()
}
