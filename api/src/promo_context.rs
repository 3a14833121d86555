//! The request body the preview and eligibility routes share, and its checks;
//! the bounds on the checkout context of previews, eligibility checks and rule
//! simulations (a superset of the validate context) are
//! [`crate::validate::promo_context`].

use chrono::{DateTime, Utc};
use serde::Deserialize;
use stampede_actors::promo::bounds::MAX_COMBINATION_CODES;
use stampede_protocol::promotion::{PromoContext, PromotionDef};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::validate;

pub use crate::validate::{promo_context as check, MAX_CONTEXT_LIST_ITEMS};

/// Promotions a request may define inline, for what-if previews.
pub const MAX_INLINE_PROMOTIONS: usize = 100;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewOptions {
    /// Report every rule clause of every candidate.
    #[serde(default)]
    pub explain: bool,
    /// Preview as of this instant (schedules, day and time rules) instead of now.
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub context: PromoContext,
    /// Promotions in the engine's shape, previewed alongside the stored ones.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub promotions: Vec<PromotionDef>,
    #[serde(default)]
    pub options: PreviewOptions,
}

/// Checks what the preview and eligibility bodies share.
pub fn check_request(
    codes: &[String],
    ctx: &PromoContext,
    inline: &[PromotionDef],
) -> Result<(), ApiError> {
    if codes.len() > MAX_COMBINATION_CODES {
        return Err(ApiError::invalid(
            "codes",
            format!("at most {MAX_COMBINATION_CODES} codes are combined"),
        ));
    }
    for (i, c) in codes.iter().enumerate() {
        validate::identifier(&format!("codes[{i}]"), c)?;
    }
    if inline.len() > MAX_INLINE_PROMOTIONS {
        return Err(ApiError::invalid(
            "promotions",
            format!("at most {MAX_INLINE_PROMOTIONS} inline promotions"),
        ));
    }
    for (i, def) in inline.iter().enumerate() {
        stampede_actors::promo::Promotion::new(def.clone()).map_err(|e| {
            ApiError::field(
                stampede_protocol::ErrorCode::InvalidRule,
                e.path.replacen('$', &format!("promotions[{i}]"), 1),
                e.message,
            )
        })?;
    }
    check("context", ctx)
}
