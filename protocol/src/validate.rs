//! Bounds on values that come from outside a node, with the field each check
//! refuses. The HTTP edge checks a client's request with these, and a node
//! checks a peer's forwarded frame with the same ones before it reaches an
//! actor: a peer's bytes never passed through the edge, so they get no more
//! trust than a client's.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::limits::*;
use crate::money::is_known_currency;
use crate::promotion::{PromoContext, PromoItem};
use crate::{CartItem, Context};

/// A value out of bounds: the field at fault (a JSON path such as
/// `context.items[2].price`) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {message}")]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A context's `ip` (an address, not a network), `email` and `device_id`.
fn fraud_subjects(field: &str, ctx: &Context) -> Result<(), Invalid> {
    use crate::fraud::{normalize_email, MAX_SUBJECT_BYTES};
    if let Some(ip) = &ctx.ip {
        if ip.len() > MAX_SUBJECT_BYTES || ip.trim().parse::<std::net::IpAddr>().is_err() {
            return Err(Invalid::new(format!("{field}.ip"), "must be an IP address"));
        }
    }
    if let Some(email) = &ctx.email {
        if email.len() > 254 || normalize_email(email).is_err() {
            return Err(Invalid::new(
                format!("{field}.email"),
                "must be an email address of at most 254 bytes",
            ));
        }
    }
    optional_identifier(&format!("{field}.device_id"), ctx.device_id.as_deref())
}

/// A client identifier: 1–256 bytes, no control characters.
pub fn identifier(field: &str, value: &str) -> Result<(), Invalid> {
    crate::ids::check_id(value).map_err(|err| Invalid::new(field, err.to_string()))
}

pub fn optional_identifier(field: &str, value: Option<&str>) -> Result<(), Invalid> {
    value.map_or(Ok(()), |v| identifier(field, v))
}

/// A money amount: non-negative and at most `MAX_MONEY_MAJOR_UNITS`.
pub fn amount(field: &str, value: Decimal) -> Result<(), Invalid> {
    amount_at_most(field, value, MAX_MONEY_MAJOR_UNITS)
}

/// A money amount: non-negative and at most `max` major units.
fn amount_at_most(field: &str, value: Decimal, max: i64) -> Result<(), Invalid> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Invalid::new(field, "must not be negative"));
    }
    if value > Decimal::from(max) {
        return Err(Invalid::new(field, format!("must be at most {max}")));
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
fn cart_goods(field: &str, lines: impl Iterator<Item = (Decimal, u32)>) -> Result<(), Invalid> {
    let line_max = Decimal::from(MAX_LINE_TOTAL_MAJOR_UNITS);
    let cart_max = Decimal::from(MAX_CART_TOTAL_MAJOR_UNITS);
    let mut total = Decimal::ZERO;
    for (i, (price, quantity)) in lines.enumerate() {
        let line = price
            .checked_mul(Decimal::from(quantity))
            .filter(|line| *line <= line_max)
            .ok_or_else(|| {
                Invalid::new(
                    format!("{field}.items[{i}]"),
                    format!("price × quantity must be at most {MAX_LINE_TOTAL_MAJOR_UNITS}"),
                )
            })?;
        total = total
            .checked_add(line)
            .filter(|total| *total <= cart_max)
            .ok_or_else(|| {
                Invalid::new(
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
pub fn currency(field: &str, value: &str) -> Result<(), Invalid> {
    if is_known_currency(value) {
        Ok(())
    } else {
        Err(Invalid::new(
            field,
            "must be an upper-case ISO 4217 currency code",
        ))
    }
}

/// A metadata object: bounded in serialized size.
pub fn metadata(field: &str, value: &BTreeMap<String, Value>) -> Result<(), Invalid> {
    let size = serde_json::to_vec(value)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_METADATA_BYTES {
        return Err(Invalid::new(
            field,
            format!("must serialize to at most {MAX_METADATA_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// A checkout context: bounded lists, sane amounts, known currency.
pub fn context(field: &str, ctx: &Context) -> Result<(), Invalid> {
    optional_identifier(&format!("{field}.user_id"), ctx.user_id.as_deref())?;
    if let Some(c) = &ctx.currency {
        currency(&format!("{field}.currency"), c)?;
    }
    if ctx.items.len() > MAX_CART_ITEMS {
        return Err(Invalid::new(
            format!("{field}.items"),
            format!("at most {MAX_CART_ITEMS} items"),
        ));
    }
    for (i, item) in ctx.items.iter().enumerate() {
        // The field path is only formatted for a line that fails: this runs on
        // every redemption.
        if let Err(err) = cart_item(item) {
            return Err(Invalid {
                field: format!("{field}.items[{i}].{}", err.field),
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
    fraud_subjects(field, ctx)?;
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
fn cart_item(item: &CartItem) -> Result<(), Invalid> {
    amount("price", item.price)?;
    // A line of quantity 0 is accepted and ignored, as `/preview` does: the
    // same cart gets the same answer on every endpoint.
    if item.quantity > MAX_ITEM_QUANTITY {
        return Err(Invalid::new(
            "quantity",
            format!("must be 0–{MAX_ITEM_QUANTITY}"),
        ));
    }
    optional_identifier("sku", item.sku.as_deref())?;
    optional_identifier("product_id", item.product_id.as_deref())?;
    optional_identifier("category", item.category.as_deref())?;
    if item.categories.len() > MAX_APPLICABILITY_ENTRIES {
        return Err(Invalid::new("categories", "too many categories"));
    }
    Ok(())
}

/// A tenant id: 1–64 of letters, digits, `-`, `_`, not starting with `_`
/// (reserved for system keys).
pub fn tenant_id(value: &str) -> Result<(), Invalid> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && !value.starts_with('_')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(
            "tenant_id",
            "must be 1–64 letters, digits, '-' or '_', not starting with '_'",
        ))
    }
}

fn promo_list(field: &str, values: &[String]) -> Result<(), Invalid> {
    if values.len() > MAX_CONTEXT_LIST_ITEMS {
        return Err(Invalid::new(
            field,
            format!("at most {MAX_CONTEXT_LIST_ITEMS} entries"),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        identifier(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

fn promo_item(field: &str, item: &PromoItem) -> Result<(), Invalid> {
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
        return Err(Invalid::new(
            format!("{field}.quantity"),
            format!("at most {MAX_ITEM_QUANTITY}"),
        ));
    }
    amount(&format!("{field}.price"), item.price)
}

/// Refuses a promotion context (previews, eligibility checks, rule
/// simulations) over the bounds, naming the field.
pub fn promo_context(field: &str, ctx: &PromoContext) -> Result<(), Invalid> {
    if ctx.items.len() > MAX_CART_ITEMS {
        return Err(Invalid::new(
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
