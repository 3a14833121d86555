//! The OpenAPI paths of rules, campaign promotions, previews, eligibility and
//! segments, merged into the document of [`crate::openapi`].

use utoipa::OpenApi;

use crate::routes::{eligibility, preview, promotions, rules, segments};

#[derive(OpenApi)]
#[openapi(paths(
    rules::create,
    rules::list,
    rules::get_one,
    rules::patch,
    rules::delete,
    rules::compile_rule,
    rules::simulate,
    promotions::create,
    promotions::list,
    promotions::get_one,
    promotions::patch,
    promotions::delete,
    preview::preview,
    eligibility::check,
    segments::create,
    segments::list,
    segments::get_one,
    segments::patch,
    segments::delete,
    segments::import_members,
    segments::remove_members,
    segments::list_members,
    segments::evaluate,
    segments::bulk_evaluate,
))]
struct PromoDoc;

/// The promotion paths, to merge into the service document.
pub fn document() -> utoipa::openapi::OpenApi {
    PromoDoc::openapi()
}
