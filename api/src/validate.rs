//! Bounds on client-supplied values. Each check names the field it refuses.

use chrono::{DateTime, Months, Utc};
use rust_decimal::Decimal;
use serde_json::Value;
use stampede_protocol::limits::*;
use stampede_protocol::money::is_known_currency;
use stampede_protocol::promotion::{PromoContext, PromoItem};
use stampede_protocol::{code, CartItem, Context};
use std::collections::BTreeMap;

use crate::error::ApiError;

/// A normalized coupon code, or a problem naming `field`.
pub fn coupon_code(field: &str, raw: &str) -> Result<String, ApiError> {
    code::normalize(raw).map_err(|err| ApiError::invalid(field, err.to_string()))
}

/// A client identifier: 1–256 bytes, no control characters.
pub fn identifier(field: &str, value: &str) -> Result<(), ApiError> {
    stampede_protocol::ids::check_id(value).map_err(|err| ApiError::invalid(field, err.to_string()))
}

pub fn optional_identifier(field: &str, value: Option<&str>) -> Result<(), ApiError> {
    value.map_or(Ok(()), |v| identifier(field, v))
}

/// A list of identifiers: at most `max` (refused as "at most `max` `what`"),
/// each one checked as `field[i]`.
pub fn identifiers(field: &str, list: &[String], max: usize, what: &str) -> Result<(), ApiError> {
    if list.len() > max {
        return Err(ApiError::invalid(field, format!("at most {max} {what}")));
    }
    for (i, value) in list.iter().enumerate() {
        identifier(&format!("{field}[{i}]"), value)?;
    }
    Ok(())
}

/// A money amount: non-negative and at most `MAX_MONEY_MAJOR_UNITS`.
pub fn amount(field: &str, value: Decimal) -> Result<(), ApiError> {
    amount_at_most(field, value, MAX_MONEY_MAJOR_UNITS)
}

/// A money amount: non-negative and at most `max` major units.
fn amount_at_most(field: &str, value: Decimal, max: i64) -> Result<(), ApiError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ApiError::invalid(field, "must not be negative"));
    }
    if value > Decimal::from(max) {
        return Err(ApiError::invalid(field, format!("must be at most {max}")));
    }
    Ok(())
}

/// The goods of a cart, from its lines' `(price, quantity)` (each price
/// already checked non-negative): every line's price × quantity at most
/// `MAX_LINE_TOTAL_MAJOR_UNITS`, their sum at most `MAX_CART_TOTAL_MAJOR_UNITS`.
/// Bounded here, once for every route that takes a cart, so no total the
/// engines compute from a cart can leave the range the service answers in;
/// the arithmetic is checked, so a cart past the bounds is refused, never
/// overflowed.
fn cart_goods(field: &str, lines: impl Iterator<Item = (Decimal, u32)>) -> Result<(), ApiError> {
    let line_max = Decimal::from(MAX_LINE_TOTAL_MAJOR_UNITS);
    let cart_max = Decimal::from(MAX_CART_TOTAL_MAJOR_UNITS);
    let mut total = Decimal::ZERO;
    for (i, (price, quantity)) in lines.enumerate() {
        let line = price
            .checked_mul(Decimal::from(quantity))
            .filter(|line| *line <= line_max)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("{field}.items[{i}]"),
                    format!("price × quantity must be at most {MAX_LINE_TOTAL_MAJOR_UNITS}"),
                )
            })?;
        total = total
            .checked_add(line)
            .filter(|total| *total <= cart_max)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("{field}.items"),
                    format!(
                        "the lines' price × quantity must total at most {MAX_CART_TOTAL_MAJOR_UNITS}"
                    ),
                )
            })?;
    }
    Ok(())
}

/// An upper-case ISO 4217 currency code.
pub fn currency(field: &str, value: &str) -> Result<(), ApiError> {
    if is_known_currency(value) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            field,
            "must be an upper-case ISO 4217 currency code",
        ))
    }
}

/// A metadata object: bounded in serialized size.
pub fn metadata(field: &str, value: &BTreeMap<String, Value>) -> Result<(), ApiError> {
    let size = serde_json::to_vec(value)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_METADATA_BYTES {
        return Err(ApiError::invalid(
            field,
            format!("must serialize to at most {MAX_METADATA_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// A checkout context: bounded lists, sane amounts, known currency.
pub fn context(field: &str, ctx: &Context) -> Result<(), ApiError> {
    optional_identifier(&format!("{field}.user_id"), ctx.user_id.as_deref())?;
    if let Some(c) = &ctx.currency {
        currency(&format!("{field}.currency"), c)?;
    }
    if ctx.items.len() > MAX_CART_ITEMS {
        return Err(ApiError::invalid(
            format!("{field}.items"),
            format!("at most {MAX_CART_ITEMS} items"),
        ));
    }
    for (i, item) in ctx.items.iter().enumerate() {
        // The field path is only formatted for a line that fails: this runs on
        // every redemption.
        if let Err(err) = cart_item(item) {
            let inner = err.field.unwrap_or_default();
            return Err(ApiError {
                field: Some(format!("{field}.items[{i}].{inner}")),
                ..err
            });
        }
    }
    cart_goods(field, ctx.items.iter().map(|i| (i.price, i.quantity)))?;
    if let Some(shipping) = ctx.shipping_amount {
        amount(&format!("{field}.shipping_amount"), shipping)?;
    }
    if let Some(total) = ctx.cart_total {
        amount_at_most(
            &format!("{field}.cart_total"),
            total,
            MAX_CART_TOTAL_MAJOR_UNITS,
        )?;
    }
    optional_identifier(&format!("{field}.channel"), ctx.channel.as_deref())?;
    optional_identifier(&format!("{field}.store_id"), ctx.store_id.as_deref())?;
    optional_identifier(
        &format!("{field}.shipping_country"),
        ctx.shipping_country.as_deref(),
    )?;
    metadata(&format!("{field}.metadata"), &ctx.metadata)?;
    let promo_fields = ctx.region.is_some()
        || !ctx.customer.is_empty()
        || ctx
            .items
            .iter()
            .any(|i| i.variant_id.is_some() || !i.tags.is_empty() || !i.collections.is_empty());
    if promo_fields {
        // What promotions read besides a coupon's fields, bounded the same way.
        promo_context(field, &ctx.to_promo())?;
    }
    Ok(())
}

/// One cart line; errors name the field relative to the line.
fn cart_item(item: &CartItem) -> Result<(), ApiError> {
    amount("price", item.price)?;
    // A line of quantity 0 is accepted and ignored, as `/preview` does: the
    // same cart gets the same answer on every endpoint.
    if item.quantity > MAX_ITEM_QUANTITY {
        return Err(ApiError::invalid(
            "quantity",
            format!("must be 0–{MAX_ITEM_QUANTITY}"),
        ));
    }
    optional_identifier("sku", item.sku.as_deref())?;
    optional_identifier("product_id", item.product_id.as_deref())?;
    optional_identifier("category", item.category.as_deref())?;
    if item.categories.len() > MAX_APPLICABILITY_ENTRIES {
        return Err(ApiError::invalid("categories", "too many categories"));
    }
    Ok(())
}

/// A tenant id: 1–64 of letters, digits, `-`, `_`, not starting with `_`
/// (reserved for system keys).
pub fn tenant_id(value: &str) -> Result<(), ApiError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && !value.starts_with('_')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "tenant_id",
            "must be 1–64 letters, digits, '-' or '_', not starting with '_'",
        ))
    }
}

/// A page size: 1–`MAX_PAGE_LIMIT`, default `DEFAULT_PAGE_LIMIT`.
pub fn page_limit(limit: Option<usize>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_PAGE_LIMIT),
        Some(n) if (1..=MAX_PAGE_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::invalid(
            "limit",
            format!("must be 1–{MAX_PAGE_LIMIT}"),
        )),
    }
}

/// A list request's cursor (an identifier) and page size, checked the one way
/// every list route checks them.
pub fn page(cursor: Option<&str>, limit: Option<usize>) -> Result<(Option<&str>, usize), ApiError> {
    if let Some(cursor) = cursor {
        identifier("cursor", cursor)?;
    }
    Ok((cursor, page_limit(limit)?))
}

/// The latest instant a client's date may name: `MAX_VALIDITY_HORIZON_YEARS`
/// after `now` (the service clock's).
pub fn horizon(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_months(Months::new(MAX_VALIDITY_HORIZON_YEARS * 12))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A date no later than the [`horizon`].
pub fn within_horizon(field: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ApiError> {
    if at > horizon(now) {
        return Err(ApiError::invalid(
            field,
            format!("must be at most {MAX_VALIDITY_HORIZON_YEARS} years from now"),
        ));
    }
    Ok(())
}

/// A validity window a client sets (either end may be open or left as it
/// is): each end within the [`horizon`], and an end after `now`, since a
/// window that is already closed could only ever refuse. That the start comes
/// before the end is the definition's own check (`engine::check_definition`),
/// which sees the window a change leaves.
pub fn validity_window(
    valid_from: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(until) = valid_until {
        if until <= now {
            return Err(ApiError::invalid("valid_until", "must be after now"));
        }
        within_horizon("valid_until", until, now)?;
    }
    if let Some(from) = valid_from {
        within_horizon("valid_from", from, now)?;
    }
    Ok(())
}

/// An IANA time zone name (`Europe/London`).
pub fn time_zone(field: &str, zone: &str) -> Result<chrono_tz::Tz, ApiError> {
    zone.parse::<chrono_tz::Tz>()
        .map_err(|_| ApiError::invalid(field, "must be an IANA time zone such as Europe/London"))
}

/// Categories, collections, tags or segments on one line or customer.
pub const MAX_CONTEXT_LIST_ITEMS: usize = 64;

fn promo_list(field: &str, values: &[String]) -> Result<(), ApiError> {
    if values.len() > MAX_CONTEXT_LIST_ITEMS {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_CONTEXT_LIST_ITEMS} entries"),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        identifier(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

fn promo_item(field: &str, item: &PromoItem) -> Result<(), ApiError> {
    for (name, value) in [
        ("sku", &item.sku),
        ("product_id", &item.product_id),
        ("variant_id", &item.variant_id),
        ("category", &item.category),
    ] {
        optional_identifier(&format!("{field}.{name}"), value.as_deref())?;
    }
    promo_list(&format!("{field}.categories"), &item.categories)?;
    promo_list(&format!("{field}.collections"), &item.collections)?;
    promo_list(&format!("{field}.tags"), &item.tags)?;
    if item.quantity > MAX_ITEM_QUANTITY {
        return Err(ApiError::invalid(
            format!("{field}.quantity"),
            format!("at most {MAX_ITEM_QUANTITY}"),
        ));
    }
    amount(&format!("{field}.price"), item.price)
}

/// Refuses a promotion context (previews, eligibility checks, rule
/// simulations) over the bounds, naming the field.
pub fn promo_context(field: &str, ctx: &PromoContext) -> Result<(), ApiError> {
    if ctx.items.len() > MAX_CART_ITEMS {
        return Err(ApiError::invalid(
            format!("{field}.items"),
            format!("at most {MAX_CART_ITEMS} items"),
        ));
    }
    for (i, line) in ctx.items.iter().enumerate() {
        promo_item(&format!("{field}.items[{i}]"), line)?;
    }
    cart_goods(field, ctx.items.iter().map(|i| (i.price, i.quantity)))?;
    if let Some(code) = &ctx.currency {
        currency(&format!("{field}.currency"), code)?;
    }
    for (name, value, max) in [
        (
            "shipping_amount",
            ctx.shipping_amount,
            MAX_MONEY_MAJOR_UNITS,
        ),
        ("cart_total", ctx.cart_total, MAX_CART_TOTAL_MAJOR_UNITS),
    ] {
        amount_at_most(
            &format!("{field}.{name}"),
            value.unwrap_or(Decimal::ZERO),
            max,
        )?;
    }
    for (name, value) in [
        ("user_id", &ctx.user_id),
        ("shipping_country", &ctx.shipping_country),
        ("region", &ctx.region),
        ("channel", &ctx.channel),
        ("store", &ctx.store),
        ("customer.loyalty_tier", &ctx.customer.loyalty_tier),
    ] {
        optional_identifier(&format!("{field}.{name}"), value.as_deref())?;
    }
    promo_list(
        &format!("{field}.customer.segments"),
        &ctx.customer.segments,
    )?;
    metadata(&format!("{field}.metadata"), &ctx.metadata)?;
    metadata(
        &format!("{field}.customer.attributes"),
        &ctx.customer.attributes,
    )
}
