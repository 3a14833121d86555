//! One module per resource. Handlers parse and bound input, then either read the
//! store (reads of committed records) or ask the owning actor (every decision).

pub mod coupons;
pub mod eligibility;
pub mod health;
pub mod keys;
pub mod preview;
pub mod promotions;
pub mod redemptions;
pub mod rules;
pub mod segments;
pub mod validate;

use axum::routing::{get, post};
use axum::Router;
use stampede_protocol::ErrorCode;

use crate::error::ApiError;
use crate::AppState;

/// The routes below `/v1/promotions` (and `/v1/{tenant_id}/promotions`).
pub fn promotions() -> Router<AppState> {
    Router::new()
        .route("/coupons", post(coupons::create).get(coupons::list))
        .route("/coupons/lookup", get(coupons::lookup))
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
        .route("/validate", post(validate::validate))
        .route("/preview", post(preview::preview))
        .route("/eligibility/check", post(eligibility::check))
        .route("/redemptions", post(redemptions::redeem))
        .route("/redemptions/{redemption_id}", get(redemptions::get_one))
        .route("/redemptions/{redemption_id}/void", post(redemptions::void))
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
        .route("/keys", post(keys::create).get(keys::list))
        .route("/keys/{key_id}", get(keys::get_one).delete(keys::delete))
}

/// 404 for unknown paths, as problem+json.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such route")
}
