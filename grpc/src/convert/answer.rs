//! REST answers as reply messages. Every field of the REST record the
//! message types is copied; a coupon also carries its whole record.

use serde_json::Value;

use crate::convert::json::{decimal_text, timestamp, to_struct};
use crate::proto;

fn text(value: &Value, key: &str) -> String {
    opt(value, key).unwrap_or_default()
}

fn opt(value: &Value, key: &str) -> Option<String> {
    value.get(key)?.as_str().map(str::to_owned)
}

fn number(value: &Value, key: &str) -> Option<u64> {
    value.get(key)?.as_u64()
}

/// A redemption record.
pub fn redemption(value: &Value) -> proto::Redemption {
    proto::Redemption {
        id: text(value, "id"),
        coupon_id: text(value, "coupon_id"),
        coupon_code: text(value, "coupon_code"),
        user_id: opt(value, "user_id"),
        reference_type: opt(value, "reference_type"),
        reference_id: opt(value, "reference_id"),
        discount_amount: decimal_text(value.get("discount_amount")),
        currency: opt(value, "currency"),
        status: text(value, "status"),
        failure_reason: opt(value, "failure_reason"),
        metadata: value.get("metadata").and_then(to_struct),
        created_at: timestamp(value.get("created_at")),
        voided_at: timestamp(value.get("voided_at")),
        void_reason: opt(value, "void_reason"),
        redemption_client_id: opt(value, "redemption_client_id"),
        campaign_id: opt(value, "campaign_id"),
        expires_at: timestamp(value.get("expires_at")),
        confirmed_at: timestamp(value.get("confirmed_at")),
        channel: opt(value, "channel"),
        order_value: value
            .get("order_value")
            .filter(|v| !v.is_null())
            .map(|v| decimal_text(Some(v))),
    }
}

/// A list of redemption records under `key`.
pub fn redemptions(value: &Value, key: &str) -> Vec<proto::Redemption> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|list| list.iter().map(redemption).collect())
        .unwrap_or_default()
}

/// A coupon record (`view` of the REST edge).
pub fn coupon(value: &Value) -> proto::Coupon {
    proto::Coupon {
        id: text(value, "id"),
        code: text(value, "code"),
        name: opt(value, "name"),
        r#type: text(value, "type"),
        value: decimal_text(value.get("value")),
        currency: opt(value, "currency"),
        campaign_id: opt(value, "campaign_id"),
        status: text(value, "status"),
        max_uses: number(value, "max_uses"),
        uses_count: number(value, "uses_count").unwrap_or(0),
        per_customer_limit: number(value, "per_customer_limit").and_then(|n| u32::try_from(n).ok()),
        valid_from: timestamp(value.get("valid_from")),
        valid_until: timestamp(value.get("valid_until")),
        record: to_struct(value),
    }
}

/// The usage a coupon watch reports.
pub fn usage(coupon: &proto::Coupon, observed_at: prost_types::Timestamp) -> proto::CouponUsage {
    proto::CouponUsage {
        coupon_id: coupon.id.clone(),
        code: coupon.code.clone(),
        status: coupon.status.clone(),
        uses_count: coupon.uses_count,
        max_uses: coupon.max_uses,
        remaining: coupon
            .max_uses
            .and_then(|max| max.checked_sub(coupon.uses_count)),
        observed_at: Some(observed_at),
    }
}

/// The answer of `/validate`.
pub fn validation(value: &Value) -> proto::ValidateResponse {
    let results = value
        .get("results")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(code_result).collect())
        .unwrap_or_default();
    proto::ValidateResponse {
        results,
        best_combination: value.get("best_combination").and_then(to_struct),
    }
}

fn code_result(value: &Value) -> proto::CodeResult {
    let strings = |key: &str| -> Vec<String> {
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let explain = value
        .get("explain")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|e| proto::ExplainEntry {
                    clause: text(e, "clause"),
                    matched: e.get("matched").and_then(Value::as_bool).unwrap_or(false),
                    detail: text(e, "detail"),
                })
                .collect()
        })
        .unwrap_or_default();
    let effects = value
        .get("effects")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(to_struct).collect())
        .unwrap_or_default();
    proto::CodeResult {
        code: text(value, "code"),
        valid: value.get("valid").and_then(Value::as_bool).unwrap_or(false),
        reasons: strings("reasons"),
        applied_discount: decimal_text(value.get("applied_discount")),
        currency: opt(value, "currency"),
        coupon_id: opt(value, "coupon_id"),
        explain,
        lock: value.get("lock").map(|lock| proto::Lock {
            redemption_id: text(lock, "redemption_id"),
            expires_at: timestamp(lock.get("expires_at")),
        }),
        effects,
    }
}
