//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{
    analytics, audit, bulk, bulk_revoke, campaigns, channels, cluster, codes, coupon_list, coupons,
    experiments, exports, fraud, generate, health, home_region, imports, jobs, keys, limits, locks,
    points, rate_limits, redemptions, reports, retention, rewards, sandbox, schedule, validate,
    webhooks,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Stampede", description = "Coupons, vouchers and promotions at flash-sale concurrency."),
    paths(
        coupons::create, coupon_list::list, coupons::lookup, coupons::get_one, coupons::patch,
        coupons::delete, coupons::revoke,
        redemptions::redeem, redemptions::get_one, redemptions::void, redemptions::list_for_coupon,
        validate::validate,
        keys::create, keys::list, keys::get_one, keys::delete,
        cluster::view, cluster::leave, home_region::get, home_region::put, home_region::delete,
        campaigns::create, campaigns::list, campaigns::get_one, campaigns::patch, campaigns::delete,
        campaigns::activate, campaigns::pause, campaigns::resume, campaigns::end, campaigns::assets,
        redemptions::confirm, redemptions::release, redemptions::list, redemptions::void_by_reference,
        limits::get, limits::create, limits::patch, limits::delete, limits::check,
        schedule::create, schedule::list, schedule::get_one, schedule::patch, schedule::delete, schedule::run_now,
        codes::add, codes::list, codes::activate, codes::deactivate, codes::redeemers,
        bulk::start, bulk::get_one,
        generate::generate, generate::generate_for, bulk_revoke::start,
        jobs::get_one, jobs::cancel, jobs::errors,
        imports::create, imports::get_one, imports::codes_import, imports::codes_import_get,
        exports::start, exports::get_one, exports::file,
        audit::list, audit::get_one,
        retention::get, retention::set, retention::redact,
        webhooks::create, webhooks::list, webhooks::get_one, webhooks::delete, webhooks::rotate_secret,
        webhooks::test, webhooks::deliveries, webhooks::redeliver,
        rate_limits::get, rate_limits::put,
        sandbox::validate, sandbox::preview, sandbox::generate,
        channels::list, channels::create, channels::delete,
        channels::create_creative, channels::list_creatives, channels::get_creative, channels::delete_creative,
        analytics::overview, analytics::query, analytics::coupon_metrics, analytics::campaign_metrics,
        analytics::settings, analytics::put_settings,
        reports::create, reports::list,
        experiments::create, experiments::list, experiments::get_one, experiments::patch,
        experiments::delete, experiments::assignment, experiments::force_assign, experiments::stop,
        experiments::results,
        fraud::add, fraud::list, fraud::remove, fraud::score_subjects, fraud::get_settings,
        fraud::put_settings, fraud::alerts, fraud::acknowledge, fraud::resolve,
        rewards::create, rewards::list, rewards::get_one, rewards::patch, rewards::delete,
        rewards::grants,
        locks::get_one, locks::confirm, locks::release,
        points::put_settings, points::get_settings, points::from_points,
        health::healthz, health::readyz, health::metrics, serve,
    ),
    components(schemas(crate::error::Problem, jobs::ReportFormat)),
    modifiers(&Security),
    security(("bearer" = []), ("jwt" = []), ("api_key" = []))
)]
struct Doc;

/// Event-triggered coupons (seed 002 `auto_generate`).
#[derive(OpenApi)]
#[openapi(
    paths(
        crate::routes::triggers::ingest,
        crate::routes::triggers::get_event,
        crate::routes::triggers::generated,
    ),
    components(schemas(
        crate::routes::triggers::EventBatch,
        crate::routes::triggers::BatchOutcome,
        stampede_protocol::trigger::UserEvent,
        stampede_protocol::trigger::EventOutcome,
        stampede_protocol::trigger::GeneratedCode,
        stampede_protocol::trigger::AutoGenerate,
        stampede_protocol::trigger::TriggerConfig,
    ))
)]
struct TriggerDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "an API key as `Authorization: Bearer <key>`; the root key also needs \
                         `X-Tenant-ID` (or the `/v1/{tenant_id}/promotions` paths)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "HS256, RS256 or ES256; the tenant and scopes come from its claims",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "an API key; the root key also needs `X-Tenant-ID` (or the \
                 `/v1/{tenant_id}/promotions` paths)",
            ))),
        );
    }
}

/// The document as the handlers' annotations generate it.
pub fn generated() -> utoipa::openapi::OpenApi {
    let mut doc = Doc::openapi();
    doc.merge(crate::promo_openapi::document());
    doc.merge(TriggerDoc::openapi());
    doc
}

/// The document served at `/openapi.json`: [`generated`], completed with the
/// error answers of every route ([`crate::openapi_errors`]) and the bounds
/// the edge enforces on request bodies ([`crate::openapi_bounds`]), each
/// operation with an id of its own ([`crate::openapi_ids`]).
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(generated()).unwrap_or_default();
    crate::openapi_errors::complete(&mut doc);
    crate::openapi_bounds::apply(&mut doc);
    crate::openapi_ids::make_unique(&mut doc);
    doc
}

/// [`document`] serialized once, as `/openapi.json` answers it.
pub fn document_bytes() -> bytes::Bytes {
    static DOCUMENT: std::sync::OnceLock<bytes::Bytes> = std::sync::OnceLock::new();
    DOCUMENT
        .get_or_init(|| serde_json::to_vec(&document()).unwrap_or_default().into())
        .clone()
}

/// This document, at `/openapi.json` (no authentication).
#[utoipa::path(get, path = "/openapi.json", tag = "health",
    responses((status = 200, description = "the OpenAPI 3.1 document", body = Object)))]
pub async fn serve() -> axum::response::Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        document_bytes(),
    )
        .into_response()
}
