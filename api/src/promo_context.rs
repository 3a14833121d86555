//! Bounds on the checkout context of previews, eligibility checks and rule
//! simulations (a superset of the validate context), and the request body the
//! preview and eligibility routes share.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use stampede_actors::promo::bounds::MAX_COMBINATION_CODES;
use stampede_protocol::limits::{MAX_CART_ITEMS, MAX_ITEM_QUANTITY};
use stampede_protocol::promotion::{PromoContext, PromoItem, PromotionDef};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::validate;

/// Categories, collections, tags or segments on one line or customer.
pub const MAX_CONTEXT_LIST_ITEMS: usize = 64;

fn list(field: &str, values: &[String]) -> Result<(), ApiError> {
    if values.len() > MAX_CONTEXT_LIST_ITEMS {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_CONTEXT_LIST_ITEMS} entries"),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        validate::identifier(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

fn item(field: &str, item: &PromoItem) -> Result<(), ApiError> {
    for (name, value) in [
        ("sku", &item.sku),
        ("product_id", &item.product_id),
        ("variant_id", &item.variant_id),
        ("category", &item.category),
    ] {
        validate::optional_identifier(&format!("{field}.{name}"), value.as_deref())?;
    }
    list(&format!("{field}.categories"), &item.categories)?;
    list(&format!("{field}.collections"), &item.collections)?;
    list(&format!("{field}.tags"), &item.tags)?;
    if item.quantity > MAX_ITEM_QUANTITY {
        return Err(ApiError::invalid(
            format!("{field}.quantity"),
            format!("at most {MAX_ITEM_QUANTITY}"),
        ));
    }
    validate::amount(&format!("{field}.price"), item.price)
}

/// Refuses a context over the bounds, naming the field.
pub fn check(field: &str, ctx: &PromoContext) -> Result<(), ApiError> {
    if ctx.items.len() > MAX_CART_ITEMS {
        return Err(ApiError::invalid(
            format!("{field}.items"),
            format!("at most {MAX_CART_ITEMS} items"),
        ));
    }
    for (i, line) in ctx.items.iter().enumerate() {
        item(&format!("{field}.items[{i}]"), line)?;
    }
    if let Some(currency) = &ctx.currency {
        validate::currency(&format!("{field}.currency"), currency)?;
    }
    for (name, value) in [
        ("shipping_amount", ctx.shipping_amount),
        ("cart_total", ctx.cart_total),
    ] {
        validate::amount(&format!("{field}.{name}"), value.unwrap_or(Decimal::ZERO))?;
    }
    for (name, value) in [
        ("user_id", &ctx.user_id),
        ("shipping_country", &ctx.shipping_country),
        ("region", &ctx.region),
        ("channel", &ctx.channel),
        ("store", &ctx.store),
        ("customer.loyalty_tier", &ctx.customer.loyalty_tier),
    ] {
        validate::optional_identifier(&format!("{field}.{name}"), value.as_deref())?;
    }
    list(
        &format!("{field}.customer.segments"),
        &ctx.customer.segments,
    )?;
    validate::metadata(&format!("{field}.metadata"), &ctx.metadata)?;
    validate::metadata(
        &format!("{field}.customer.attributes"),
        &ctx.customer.attributes,
    )
}

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
