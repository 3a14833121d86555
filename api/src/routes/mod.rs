//! One module per resource. Handlers parse and bound input, then either read the
//! store (reads of committed records) or ask the owning actor (every decision).

pub mod analytics;
pub mod audit;
pub mod bulk;
pub mod bulk_revoke;
pub mod campaigns;
pub mod channels;
pub mod cluster;
pub mod codes;
pub mod coupon_list;
pub mod coupons;
pub mod eligibility;
pub mod experiments;
pub mod exports;
pub mod fraud;
pub mod generate;
pub mod health;
pub mod home_region;
pub mod imports;
pub mod jobs;
pub mod keys;
pub mod limits;
pub mod locks;
pub mod points;
pub mod preview;
pub mod promotions;
pub mod rate_limits;
pub mod redemptions;
pub mod reports;
pub mod retention;
pub mod rewards;
pub mod rules;
pub mod sandbox;
pub mod schedule;
pub mod segments;
pub mod triggers;
pub mod validate;
pub mod webhooks;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use axum::Router;
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::AppState;

/// The routes below `/v1/promotions` (and `/v1/{tenant_id}/promotions`).
pub fn promotions() -> Router<AppState> {
    Router::new()
        .merge(coupon_routes())
        .merge(redemption_routes())
        .merge(job_routes())
        .merge(campaign_routes())
        .merge(operation_routes())
        .merge(engine_routes())
        .merge(admin_routes())
        .merge(trust_routes())
        .merge(guard_routes())
        .merge(channel_routes())
        .merge(insight_routes())
        .merge(experiment_routes())
        .merge(trigger_routes())
}

/// Event-triggered coupons (seed 002 `auto_generate`).
fn trigger_routes() -> Router<AppState> {
    Router::new()
        .route("/events", post(triggers::ingest))
        .route("/events/{event_id}", get(triggers::get_event))
        .route("/coupons/{coupon_id}/generated", get(triggers::generated))
        .merge(reward_routes())
        .merge(lock_routes())
}

/// Order-level locks of multi-code reserves (seed 004 `lockReference`).
fn lock_routes() -> Router<AppState> {
    Router::new()
        .route("/redemptions/locks/{lock_reference}", get(locks::get_one))
        .route(
            "/redemptions/locks/{lock_reference}/confirm",
            post(locks::confirm),
        )
        .route(
            "/redemptions/locks/{lock_reference}/release",
            post(locks::release),
        )
}

/// Reward items and their grants (seed 002).
fn reward_routes() -> Router<AppState> {
    Router::new()
        .route("/rewards", post(rewards::create).get(rewards::list))
        .route("/rewards/grants", get(rewards::grants))
        .route(
            "/rewards/points-settings",
            get(points::get_settings).put(points::put_settings),
        )
        .route("/coupons/from-points", post(points::from_points))
        .route(
            "/rewards/{item_id}",
            get(rewards::get_one)
                .patch(rewards::patch)
                .delete(rewards::delete),
        )
}

/// Channels and campaigns' creatives (seed 000 §9).
fn channel_routes() -> Router<AppState> {
    Router::new()
        .route("/fraud/blacklist", get(fraud::list).post(fraud::add))
        .route("/fraud/blacklist/{entry_id}", delete(fraud::remove))
        .route("/fraud/score", post(fraud::score_subjects))
        .route(
            "/fraud/settings",
            get(fraud::get_settings).put(fraud::put_settings),
        )
        .route("/fraud/alerts", get(fraud::alerts))
        .route(
            "/fraud/alerts/{alert_id}/acknowledge",
            post(fraud::acknowledge),
        )
        .route("/fraud/alerts/{alert_id}/resolve", post(fraud::resolve))
        .route("/channels", get(channels::list).post(channels::create))
        .route("/channels/{channel_id}", delete(channels::delete))
        .route(
            "/campaigns/{campaign_id}/creatives",
            post(channels::create_creative).get(channels::list_creatives),
        )
        .route(
            "/campaigns/{campaign_id}/creatives/{creative_id}",
            get(channels::get_creative).delete(channels::delete_creative),
        )
}

/// What marketing decides by: analytics, time series and report exports.
fn insight_routes() -> Router<AppState> {
    Router::new()
        .route("/analytics/overview", get(analytics::overview))
        .route("/analytics/query", post(analytics::query))
        .route(
            "/analytics/settings",
            get(analytics::settings).put(analytics::put_settings),
        )
        .route(
            "/coupons/{coupon_id}/metrics",
            get(analytics::coupon_metrics),
        )
        .route(
            "/campaigns/{campaign_id}/metrics",
            get(analytics::campaign_metrics),
        )
        .route("/reports/exports", get(reports::list).post(reports::create))
}

/// What other systems rely on: the audit log and webhooks.
fn trust_routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(audit::list))
        .route("/audit/{event_id}", get(audit::get_one))
        .route(
            "/retention/policy",
            get(retention::get).post(retention::set).put(retention::set),
        )
        .route("/retention/redact", post(retention::redact))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/test", post(webhooks::test))
        .route(
            "/webhooks/{webhook_id}",
            get(webhooks::get_one).delete(webhooks::delete),
        )
        .route(
            "/webhooks/{webhook_id}/rotate-secret",
            post(webhooks::rotate_secret),
        )
        .route(
            "/webhooks/{webhook_id}/deliveries",
            get(webhooks::deliveries),
        )
        .route(
            "/webhooks/{webhook_id}/deliveries/{event_id}/redeliver",
            post(webhooks::redeliver),
        )
}

/// Experiments (seed 000 §10).
fn experiment_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/experiments",
            post(experiments::create).get(experiments::list),
        )
        .route(
            "/experiments/{experiment_id}",
            get(experiments::get_one)
                .patch(experiments::patch)
                .delete(experiments::delete),
        )
        .route(
            "/experiments/{experiment_id}/assignment",
            get(experiments::assignment),
        )
        .route(
            "/experiments/{experiment_id}/assign",
            post(experiments::force_assign),
        )
        .route("/experiments/{experiment_id}/stop", post(experiments::stop))
        .route(
            "/experiments/{experiment_id}/results",
            get(experiments::results),
        )
}

/// Request rate limits and the sandbox (seed 000 §16, §17).
fn guard_routes() -> Router<AppState> {
    Router::new()
        .route("/rate-limits", get(rate_limits::get).put(rate_limits::put))
        .route("/test/validate", post(sandbox::validate))
        .route("/test/preview", post(sandbox::preview))
        .route("/test/generate", post(sandbox::generate))
}

/// Coupons, their codes and redeemers.
fn coupon_routes() -> Router<AppState> {
    Router::new()
        .route("/coupons", post(coupons::create).get(coupon_list::list))
        .route("/coupons/lookup", get(coupons::lookup))
        .route("/coupons/generate", post(generate::generate))
        .route("/coupons/bulk-revoke", post(bulk_revoke::start))
        .route(
            "/coupons/{coupon_id}/generate",
            post(generate::generate_for),
        )
        .route(
            "/coupons/{coupon_id}",
            get(coupons::get_one)
                .patch(coupons::patch)
                .delete(coupons::delete),
        )
        .route("/coupons/{coupon_id}/revoke", post(coupons::revoke))
        .route(
            "/coupons/{coupon_id}/redemptions",
            get(redemptions::list_for_coupon),
        )
        .route(
            "/coupons/{coupon_id}/codes",
            post(codes::add).get(codes::list),
        )
        .route(
            "/coupons/{coupon_id}/codes/{code}/activate",
            post(codes::activate),
        )
        .route(
            "/coupons/{coupon_id}/codes/{code}/deactivate",
            post(codes::deactivate),
        )
        .route("/coupons/{coupon_id}/redeemers", get(codes::redeemers))
}

/// The one job API: every kind's status, cancel and error report.
fn job_routes() -> Router<AppState> {
    Router::new()
        .route("/jobs/{job_id}", get(jobs::get_one))
        .route("/jobs/{job_id}/cancel", post(jobs::cancel))
        .route("/jobs/{job_id}/errors", get(jobs::errors))
        .route(
            "/imports",
            post(imports::create).layer(DefaultBodyLimit::max(imports::MAX_IMPORT_BYTES)),
        )
        .route("/imports/{job_id}", get(imports::get_one))
        .route(
            "/coupons/{coupon_id}/codes/import",
            post(imports::codes_import).layer(DefaultBodyLimit::max(imports::MAX_IMPORT_BYTES)),
        )
        .route(
            "/coupons/{coupon_id}/codes/import/{import_id}",
            get(imports::codes_import_get),
        )
        .route("/exports", post(exports::start))
        .route("/exports/{job_id}", get(exports::get_one))
        .route("/exports/{job_id}/file", get(exports::file))
}

/// Validation, redemptions, reservations, checkout and bulk redemption.
fn redemption_routes() -> Router<AppState> {
    Router::new()
        .route("/validate", post(validate::validate))
        .route(
            "/redemptions",
            post(redemptions::redeem).get(redemptions::list),
        )
        .route("/redemptions/bulk", post(bulk::start))
        .route("/redemptions/bulk/{job_id}", get(bulk::get_one))
        .route(
            "/redemptions/void-by-reference",
            post(redemptions::void_by_reference),
        )
        .route(
            "/redemptions/{redemption_id}/confirm",
            post(redemptions::confirm),
        )
        .route(
            "/redemptions/{redemption_id}/release",
            post(redemptions::release),
        )
        .route("/redemptions/{redemption_id}", get(redemptions::get_one))
        .route("/redemptions/{redemption_id}/void", post(redemptions::void))
}

/// Campaigns and their budgets.
fn campaign_routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns", post(campaigns::create).get(campaigns::list))
        .route(
            "/campaigns/{campaign_id}",
            get(campaigns::get_one)
                .patch(campaigns::patch)
                .delete(campaigns::delete),
        )
        .route(
            "/campaigns/{campaign_id}/activate",
            post(campaigns::activate),
        )
        .route("/campaigns/{campaign_id}/pause", post(campaigns::pause))
        .route("/campaigns/{campaign_id}/resume", post(campaigns::resume))
        .route("/campaigns/{campaign_id}/end", post(campaigns::end))
        .route("/campaigns/{campaign_id}/assets", get(campaigns::assets))
}

/// Limit sets and schedules.
fn operation_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/limits",
            get(limits::get)
                .post(limits::create)
                .patch(limits::patch)
                .delete(limits::delete),
        )
        .route("/limits/check", post(limits::check))
        .route("/schedule", post(schedule::create).get(schedule::list))
        .route(
            "/schedule/{schedule_id}",
            get(schedule::get_one)
                .patch(schedule::patch)
                .delete(schedule::delete),
        )
        .route("/schedule/{schedule_id}/run", post(schedule::run_now))
}

/// Previews, eligibility, rules, campaign promotions and segments.
fn engine_routes() -> Router<AppState> {
    Router::new()
        .route("/preview", post(preview::preview))
        .route("/eligibility/check", post(eligibility::check))
        .route("/rules", post(rules::create).get(rules::list))
        .route("/rules/compile", post(rules::compile_rule))
        .route("/rules/simulate", post(rules::simulate))
        .route(
            "/rules/{rule_id}",
            get(rules::get_one)
                .patch(rules::patch)
                .delete(rules::delete),
        )
        .route(
            "/campaigns/{campaign_id}/promotions",
            post(promotions::create).get(promotions::list),
        )
        .route(
            "/campaigns/{campaign_id}/promotions/{promotion_id}",
            get(promotions::get_one)
                .patch(promotions::patch)
                .delete(promotions::delete),
        )
        .route("/segments", post(segments::create).get(segments::list))
        .route("/segments/bulk-evaluate", post(segments::bulk_evaluate))
        .route(
            "/segments/{segment_id}",
            get(segments::get_one)
                .patch(segments::patch)
                .delete(segments::delete),
        )
        .route(
            "/segments/{segment_id}/members",
            post(segments::import_members).get(segments::list_members),
        )
        .route(
            "/segments/{segment_id}/members/remove",
            post(segments::remove_members),
        )
        .route("/segments/{segment_id}/evaluate", post(segments::evaluate))
}

/// Keys, the cluster view, leaving, and the tenant's home region.
fn admin_routes() -> Router<AppState> {
    Router::new()
        .route("/keys", post(keys::create).get(keys::list))
        .route("/cluster", get(cluster::view))
        .route("/cluster/leave", post(cluster::leave))
        .route(
            "/cluster/home-region",
            get(home_region::get)
                .put(home_region::put)
                .delete(home_region::delete),
        )
        .route("/keys/{key_id}", get(keys::get_one).delete(keys::delete))
}

/// 405 for a known path with another method, as problem+json (axum adds the
/// `Allow` header).
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this path does not accept this method",
    )
}

/// 404 for unknown paths, as problem+json.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such route")
}
