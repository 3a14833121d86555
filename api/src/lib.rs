//! The REST edge. Everything a client can get wrong is caught here, before an actor
//! sees it: authentication, tenancy, scopes, body size, JSON shape, value bounds,
//! idempotency keys.
//!
//! A handler parses, calls and maps: a decision goes to the owning actor through
//! `stampede_actors::Shards`, a stored record through `stampede_actors::records`.
//! This crate never touches storage itself.
//!
//! * [`router`] builds the axum `Router` (every route under `/v1/promotions` and
//!   `/v1/{tenant_id}/promotions`).
//! * [`routes`] — one module per resource: coupons, redemptions, validate, keys,
//!   rules, campaign promotions, preview, eligibility, segments, campaigns, codes,
//!   checkout, bulk, limits, schedule, health/metrics/OpenAPI.
//! * [`auth`] — API keys (stored hashed), the root key, scopes, the [`auth::Caller`]
//!   extractor.
//! * [`jwt`] — JWT bearer tokens (HS256 secret, RS256/ES256 JWKS) beside keys.
//! * [`rate_limit`] — token buckets per key and per tenant for each scope
//!   class; enforced once per request by [`routes::rate_limits::enforce`].
//! * [`auth_failures`] — failed authentications per source, refused 429.
//! * [`extract`] — the JSON body and query extractors that name the offending
//!   field, and [`extract::PathId`], the route's resource id.
//! * [`strict_query`] — refuses a query string on a route that reads none.
//! * [`idempotency`] — request fingerprints, stored-response replay and the
//!   [`idempotency::Idempotent`] extractor that does both before a mutation runs.
//! * [`jobs`] — the worker that runs bulk redemption jobs and resumes those a
//!   dead node left.
//! * [`error`] — [`ApiError`]: every error is `application/problem+json`; the one
//!   place that maps error codes to HTTP statuses.
//! * [`validate`] — bounds on client-supplied values; [`promo_context`] — bounds on
//!   the checkout context of previews.
//! * [`promo_catalog`] — loads the promotions a preview needs through the
//!   auto-apply index and the codes, and the customer's segment memberships.
//! * [`campaign_probe`] — asks a campaign whether it would grant a validated
//!   coupon's quota (for `/validate` and `/limits/check`).
//! * [`promo_openapi`] — the OpenAPI paths of the promotion routes.
//! * [`promo_store`] — the responses of the promotion, rule and segment
//!   routes' once-only mutations.
//! * [`query`] — the page query and the rule check several routes share.
//! * [`trace`] — request ids, correlation ids and reasons: who asks and why,
//!   recorded with every mutation's event.
//! * [`telemetry`] — Prometheus recorder and the per-route request middleware.
//! * [`openapi`] — the OpenAPI 3.1 document, generated from the handlers;
//!   [`openapi_errors`] completes every route's error answers and
//!   [`openapi_bounds`] states the request bounds from the named limits;
//!   [`openapi_ids`] gives every operation an id of its own.
//! * [`in_process`] — the router called in process, by the gRPC edge and the
//!   console: the one way another edge answers through the public routes.
//! * [`page`] — [`page::ListPage`], the one shape of every list answer.
//! * [`chart`] — line and bar charts rendered to SVG strings, for reports.
//! * [`analytics`] — the analytics query language checked and evaluated from
//!   the rollups: one evaluation for queries, overview, time series and
//!   report exports; [`chart_reply`] answers them as SVG charts.

pub mod analytics;
pub mod auth;
pub mod auth_failures;
pub mod campaign_probe;
pub mod chart;
pub mod chart_reply;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod in_process;
pub mod jobs;
pub mod jwt;
pub mod openapi;
pub mod openapi_bounds;
pub mod openapi_errors;
pub mod openapi_ids;
pub mod page;
pub mod promo_catalog;
pub mod promo_context;
pub mod promo_openapi;
pub mod promo_store;
pub mod query;
pub mod rate_limit;
pub mod routes;
pub mod strict_query;
pub mod telemetry;
pub mod trace;
pub mod trigger_check;
pub mod validate;
pub mod webhook_http;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use stampede_actors::Shards;
use stampede_protocol::limits::MAX_BODY_BYTES;

pub use error::ApiError;

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    pub shards: Shards,
    pub auth: Arc<auth::Auth>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
}

impl AppState {
    /// The records layer: every stored record a handler reads or writes.
    pub fn records(&self) -> stampede_actors::records::Records {
        self.shards.records()
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.shards.clock().now()
    }

    /// A fresh id with `prefix`, minted by the node's clock (replayable under
    /// simulation).
    pub fn new_id(&self, prefix: &str) -> String {
        self.shards.clock().new_id(prefix)
    }

    /// The tenant's blacklist as this node's cache holds it (`fraud::blacklist`).
    pub async fn blacklist(
        &self,
        tenant: &str,
    ) -> Result<std::sync::Arc<stampede_actors::fraud::blacklist::TenantBlacklist>, error::ApiError>
    {
        self.shards
            .fraud()
            .blacklists
            .current(tenant)
            .await
            .map_err(|err| error::ApiError::from(stampede_actors::ActorError::from(err)))
    }
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let promotions = routes::promotions();
    Router::new()
        .nest("/v1/promotions", promotions.clone())
        .nest("/v1/{tenant_id}/promotions", promotions)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::rate_limits::enforce,
        ))
        .route_layer(axum::middleware::from_fn(
            strict_query::refuse_unknown_query,
        ))
        .merge(routes::health::routes())
        .route("/openapi.json", axum::routing::get(openapi::serve))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(axum::middleware::from_fn(telemetry::track_requests))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            trace::request_id,
        ))
        .layer(axum::middleware::from_fn(trace::trace_context))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
