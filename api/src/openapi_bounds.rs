//! The bounds the edge enforces on request bodies, stated in the document's
//! schemas from the named limits ([`stampede_protocol::limits`]) the checks
//! themselves read ([`crate::validate`], `stampede_protocol::validate`), so
//! the two cannot drift apart.
//!
//! Identifiers are 1–256 bytes without control characters and free texts are
//! bounded in bytes: a schema's `maxLength` counts characters, so it states
//! the byte bound (a string within it in bytes is within it in characters),
//! and the description says bytes. Codes are ASCII, so their bound is exact.

use serde_json::{json, Map, Value};
use stampede_protocol::fraud::MAX_SUBJECT_BYTES;
use stampede_protocol::limits::*;

/// A client identifier ([`stampede_protocol::ids::check_id`]).
fn id() -> Value {
    json!({"minLength": 1, "maxLength": MAX_ID_LEN_BYTES,
        "description": format!("1–{MAX_ID_LEN_BYTES} bytes, no control characters")})
}

/// A coupon code ([`stampede_protocol::code::normalize`]).
fn code() -> Value {
    json!({"minLength": 1, "maxLength": MAX_CODE_LEN_CHARS, "pattern": "^[A-Za-z0-9_-]+$",
        "description": format!("1–{MAX_CODE_LEN_CHARS} of letters, digits, `-` and `_`; matched upper-cased unless the coupon is case-sensitive")})
}

/// A list of at most `max` entries, each `each`.
fn list(max: usize, each: Value) -> Value {
    json!({"maxItems": max, "items": each})
}

/// A money amount: 0 to `max` major units.
fn money(max: i64) -> Value {
    json!({"minimum": 0, "maximum": max})
}

/// An upper-case ISO 4217 code (one the service knows).
fn currency() -> Value {
    json!({"pattern": "^[A-Z]{3}$", "description": "an upper-case ISO 4217 currency code"})
}

/// Free text of at most `max` bytes.
fn text(min: usize, max: usize) -> Value {
    json!({"minLength": min, "maxLength": max, "description": format!("at most {max} bytes")})
}

/// A metadata object ([`stampede_protocol::validate::metadata`]).
fn metadata() -> Value {
    json!({"description": format!("any JSON object serializing to at most {MAX_METADATA_BYTES} bytes")})
}

/// (schema, property, constraints) for every bounded request field.
fn table() -> Vec<(&'static str, &'static str, Value)> {
    let mut rows = vec![
        ("CartItem", "sku", id()),
        ("CartItem", "product_id", id()),
        ("CartItem", "category", id()),
        (
            "CartItem",
            "categories",
            json!({"maxItems": MAX_APPLICABILITY_ENTRIES}),
        ),
        (
            "CartItem",
            "quantity",
            json!({"minimum": 0, "maximum": MAX_ITEM_QUANTITY}),
        ),
        ("CartItem", "price", money(MAX_LINE_TOTAL_MAJOR_UNITS)),
        ("Context", "user_id", id()),
        ("Context", "currency", currency()),
        ("Context", "items", json!({"maxItems": MAX_CART_ITEMS})),
        ("Context", "shipping_amount", money(MAX_MONEY_MAJOR_UNITS)),
        ("Context", "cart_total", money(MAX_CART_TOTAL_MAJOR_UNITS)),
        ("Context", "shipping_country", id()),
        ("Context", "channel", id()),
        ("Context", "store_id", id()),
        ("Context", "metadata", metadata()),
        ("Context", "ip", json!({"maxLength": MAX_SUBJECT_BYTES})),
        ("Context", "email", json!({"maxLength": 254})),
        ("Context", "device_id", id()),
        ("Money", "amount", money(MAX_MONEY_MAJOR_UNITS)),
        ("Money", "currency", currency()),
        ("RedeemBody", "coupon_code", code()),
        (
            "RedeemBody",
            "coupon_codes",
            list(MAX_CODES_PER_REQUEST, code()),
        ),
        ("RedeemBody", "user_id", id()),
        ("RedeemBody", "reference_id", id()),
        ("RedeemBody", "redemption_client_id", id()),
        ("RedeemBody", "metadata", metadata()),
        ("ValidateBody", "code", code()),
        ("ValidateBody", "codes", list(MAX_CODES_PER_REQUEST, code())),
        ("VoidBody", "reason", text(0, MAX_REASON_LEN_BYTES)),
        ("VoidByReferenceBody", "reference_id", id()),
        (
            "VoidByReferenceBody",
            "reason",
            text(0, MAX_REASON_LEN_BYTES),
        ),
        ("RevokeBody", "reason", id()),
    ];
    rows.extend(coupon_rows());
    rows
}

/// The body of `POST /coupons`.
fn coupon_rows() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        ("CreateCoupon", "code", code()),
        ("CreateCoupon", "value", money(MAX_MONEY_MAJOR_UNITS)),
        ("CreateCoupon", "currency", currency()),
        (
            "CreateCoupon",
            "min_purchase",
            json!({"maxItems": MAX_COUPON_CURRENCIES}),
        ),
        (
            "CreateCoupon",
            "max_discount",
            json!({"maxItems": MAX_COUPON_CURRENCIES}),
        ),
        ("CreateCoupon", "name", text(1, MAX_COUPON_NAME_BYTES)),
        (
            "CreateCoupon",
            "description",
            text(1, MAX_COUPON_DESCRIPTION_BYTES),
        ),
        ("CreateCoupon", "external_id", id()),
        ("CreateCoupon", "campaign_id", id()),
        (
            "CreateCoupon",
            "max_uses",
            json!({"minimum": 1, "maximum": MAX_USES_LIMIT}),
        ),
        ("CreateCoupon", "per_customer_limit", json!({"minimum": 1})),
        (
            "CreateCoupon",
            "min_cart_value",
            money(MAX_MONEY_MAJOR_UNITS),
        ),
        (
            "CreateCoupon",
            "max_discount_amount",
            money(MAX_MONEY_MAJOR_UNITS),
        ),
        ("CreateCoupon", "metadata", metadata()),
        ("CreateCoupon", "rule_ids", list(MAX_RULES_PER_COUPON, id())),
        ("CreateCoupon", "reward_item_id", id()),
    ]
}

/// States the bounds in `doc`'s component schemas (the document as JSON). A
/// row whose schema or property the document lacks is skipped; the api tests
/// check that every row lands.
pub fn apply(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (schema, property, bounds) in table() {
        let target = schemas
            .get_mut(schema)
            .and_then(|s| s.get_mut("properties"))
            .and_then(|p| p.get_mut(property));
        if let Some(target) = target {
            merge(target, bounds);
        }
    }
}

/// Merges `bounds` into `schema`: objects key by key; a description is
/// appended to one the schema has.
fn merge(schema: &mut Value, bounds: Value) {
    let (Some(schema), Value::Object(bounds)) = (schema.as_object_mut(), bounds) else {
        return;
    };
    for (key, value) in bounds {
        merge_key(schema, key, value);
    }
}

fn merge_key(schema: &mut Map<String, Value>, key: String, value: Value) {
    match (schema.get_mut(&key), value) {
        (Some(Value::String(existing)), Value::String(more)) if key == "description" => {
            existing.push_str(&format!(" ({more})"));
        }
        (Some(existing @ Value::Object(_)), more @ Value::Object(_)) => merge(existing, more),
        (_, value) => {
            schema.insert(key, value);
        }
    }
}

/// The (schema, property) pairs bounded, for tests.
pub fn bounded_fields() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|(s, p, _)| (s, p)).collect()
}
