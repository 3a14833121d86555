//! Reward items and their grants (seed 002): what a coupon gives besides its
//! discount, and the record of each time it gave it.
//!
//! A [`RewardItem`] is a tenant's catalogue entry (`points`, `item` or
//! `external`, with a bounded JSON `payload`). A coupon naming one in
//! `reward_item_id` grants it with every `success` redemption: the coupon's
//! actor writes a [`RewardGrant`] in the transaction that commits the
//! redemption (or confirms the reservation), keyed by the redemption's id,
//! and marks it `voided` in the transaction that voids the redemption.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::validate::Invalid;

/// The prefix of a reward item's id (`rwd_…`).
pub const REWARD_ITEM_PREFIX: &str = "rwd";
/// The prefix of a grant's id (`rgr_…`); the rest is its redemption's id.
pub const REWARD_GRANT_PREFIX: &str = "rgr";
/// Longest reward item name, in bytes (a label, not a document).
pub const MAX_REWARD_NAME_BYTES: usize = 256;
/// Longest reward item description, in bytes.
pub const MAX_REWARD_DESCRIPTION_BYTES: usize = 2_048;
/// Largest `payload`, in bytes of compact JSON: it is copied into every grant,
/// so it stays small.
pub const MAX_REWARD_PAYLOAD_BYTES: usize = 4_096;
/// Largest `amount` of a `points` payload: fits every consumer's integer
/// types with room to spare.
pub const MAX_REWARD_POINTS: u64 = 1_000_000_000;

/// What a reward item grants (seed 002 `reward_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RewardType {
    /// Loyalty points: `payload.amount` is a positive integer.
    Points,
    /// A physical or digital item the caller ships.
    Item,
    /// Fulfilled by another system, described by `payload`.
    External,
}

/// A reward item as stored and answered (seed 002 `item_id` is `id`, also
/// answered as `item_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RewardItem {
    /// `rwd_…`.
    pub id: String,
    /// Seed 002's name for `id`: always equal to it.
    pub item_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub reward_type: RewardType,
    #[schema(value_type = Object)]
    pub payload: BTreeMap<String, Value>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A deleted item is kept (hidden) so coupons naming it still grant it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Whether a grant still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantStatus {
    Granted,
    Voided,
}

/// One reward given by one `success` redemption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RewardGrant {
    /// `rgr_…`, derived from the redemption id ([`grant_id`]).
    pub id: String,
    pub reward_item_id: String,
    pub redemption_id: String,
    pub coupon_id: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub reward_type: RewardType,
    #[schema(value_type = Object)]
    pub payload: BTreeMap<String, Value>,
    pub status: GrantStatus,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided_at: Option<DateTime<Utc>>,
}

/// The grant id of a redemption: one grant per redemption, whatever retries.
pub fn grant_id(redemption_id: &str) -> String {
    format!("{REWARD_GRANT_PREFIX}_{redemption_id}")
}

/// The redemption id a grant id names; `None` for another string.
pub fn redemption_of_grant(grant_id: &str) -> Option<&str> {
    grant_id
        .strip_prefix(REWARD_GRANT_PREFIX)
        .and_then(|rest| rest.strip_prefix('_'))
        .filter(|rest| !rest.is_empty())
}

/// A payload: at most [`MAX_REWARD_PAYLOAD_BYTES`]; for `points`, a positive
/// integer `amount` up to [`MAX_REWARD_POINTS`].
pub fn check_payload(kind: RewardType, payload: &BTreeMap<String, Value>) -> Result<(), Invalid> {
    let size = serde_json::to_vec(payload).map_or(usize::MAX, |bytes| bytes.len());
    if size > MAX_REWARD_PAYLOAD_BYTES {
        return Err(Invalid::new(
            "payload",
            format!("must be at most {MAX_REWARD_PAYLOAD_BYTES} bytes of JSON"),
        ));
    }
    if kind == RewardType::Points {
        let amount = payload.get("amount").and_then(Value::as_u64);
        if !amount.is_some_and(|a| (1..=MAX_REWARD_POINTS).contains(&a)) {
            return Err(Invalid::new(
                "payload.amount",
                format!("a points reward holds an integer amount of 1–{MAX_REWARD_POINTS}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(value).unwrap_or_default()
    }

    #[test]
    fn points_need_a_positive_integer_amount() {
        assert!(check_payload(RewardType::Points, &map(json!({"amount": 100}))).is_ok());
        for bad in [
            json!({}),
            json!({"amount": 0}),
            json!({"amount": 1.5}),
            json!({"amount": "5"}),
        ] {
            let err = check_payload(RewardType::Points, &map(bad)).unwrap_err();
            assert_eq!(err.field, "payload.amount");
        }
        assert!(check_payload(RewardType::Item, &map(json!({}))).is_ok());
    }

    #[test]
    fn payloads_are_bounded() {
        let big = map(json!({"x": "y".repeat(MAX_REWARD_PAYLOAD_BYTES)}));
        assert_eq!(
            check_payload(RewardType::External, &big).unwrap_err().field,
            "payload"
        );
    }

    #[test]
    fn grant_ids_name_their_redemption() {
        let id = grant_id("red_1");
        assert_eq!(redemption_of_grant(&id), Some("red_1"));
        assert_eq!(redemption_of_grant("red_1"), None);
        assert_eq!(redemption_of_grant("rgr_"), None);
    }
}
