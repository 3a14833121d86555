//! Bounds on client-supplied values. Each check names the field it refuses.

use chrono::{DateTime, Months, Utc};
use rust_decimal::Decimal;
use serde_json::Value;
use stampede_protocol::limits::*;
use stampede_protocol::promotion::PromoContext;
use stampede_protocol::validate::{self as bounds, Invalid};
use stampede_protocol::{code, Context};
use std::collections::BTreeMap;

pub use stampede_protocol::limits::MAX_CONTEXT_LIST_ITEMS;

use crate::error::ApiError;

/// A normalized coupon code, or a problem naming `field`.
pub fn coupon_code(field: &str, raw: &str) -> Result<String, ApiError> {
    code::normalize(raw).map_err(|err| ApiError::invalid(field, err.to_string()))
}

impl From<Invalid> for ApiError {
    fn from(err: Invalid) -> Self {
        ApiError::invalid(err.field, err.message)
    }
}

/// A client identifier: 1–256 bytes, no control characters.
pub fn identifier(field: &str, value: &str) -> Result<(), ApiError> {
    bounds::identifier(field, value).map_err(ApiError::from)
}

pub fn optional_identifier(field: &str, value: Option<&str>) -> Result<(), ApiError> {
    bounds::optional_identifier(field, value).map_err(ApiError::from)
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
    bounds::amount(field, value).map_err(ApiError::from)
}

/// An upper-case ISO 4217 currency code.
pub fn currency(field: &str, value: &str) -> Result<(), ApiError> {
    bounds::currency(field, value).map_err(ApiError::from)
}

/// A metadata object: bounded in serialized size.
pub fn metadata(field: &str, value: &BTreeMap<String, Value>) -> Result<(), ApiError> {
    bounds::metadata(field, value).map_err(ApiError::from)
}

/// A checkout context: bounded lists, sane amounts, known currency.
pub fn context(field: &str, ctx: &Context) -> Result<(), ApiError> {
    bounds::context(field, ctx).map_err(ApiError::from)
}

/// A tenant id: 1–64 of letters, digits, `-`, `_`, not starting with `_`
/// (reserved for system keys).
pub fn tenant_id(value: &str) -> Result<(), ApiError> {
    bounds::tenant_id(value).map_err(ApiError::from)
}

/// Refuses a promotion context (previews, eligibility checks, rule
/// simulations) over the bounds, naming the field.
pub fn promo_context(field: &str, ctx: &PromoContext) -> Result<(), ApiError> {
    bounds::promo_context(field, ctx).map_err(ApiError::from)
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
