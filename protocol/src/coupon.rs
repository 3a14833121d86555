//! The coupon resource (seed 000 "Coupon resource").
//!
//! A [`Coupon`] is both the definition a marketer wrote and the counters the owning
//! `CouponActor` maintains (`uses_count`, `balance`). Only that actor writes a
//! coupon after creation, so the counters in the stored record are exact.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::promotion::{Discount, Money, Targeting};

/// What a coupon discounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CouponType {
    /// `value` percent off the eligible goods, optionally capped by `max_discount_amount`.
    #[default]
    Percentage,
    /// `value` off the eligible goods, in the coupon's currency; never more than them.
    Fixed,
    /// The shipping amount of the cart is waived.
    FreeShipping,
    /// A stored balance of `value` that each redemption draws down.
    GiftCard,
    /// `percent` off every eligible unit, rounded per line (seed 003
    /// `ProductLevelPercentage`).
    ProductPercentage,
    /// A fixed amount off every eligible unit, per currency (seed 003
    /// `ProductLevelFixed`).
    ProductFixed,
    /// Buy X, get Y with a percentage or a fixed amount off (seed 003 `Bogo*`).
    BuyXGetY,
    /// A set of products at a price or with a percentage off.
    Bundle,
    /// The highest spend tier reached applies.
    Tiered,
    /// Adds a zero-priced line (seed 004 `free_product`).
    FreeProduct,
    /// Grants loyalty points (seed 002 reward).
    LoyaltyPoints,
    /// A payload the engine passes through untouched (seed 004 `custom`).
    Custom,
    /// The code of a campaign promotion (seed 001). The promotion record holds
    /// the discount, eligibility, schedule and usage limits; this record (id =
    /// the promotion's id) holds the counters, owned by the code's actor. It is
    /// created and deleted with the promotion, never through `/coupons`.
    Promotion,
}

impl CouponType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Percentage => "percentage",
            Self::Fixed => "fixed",
            Self::FreeShipping => "free_shipping",
            Self::GiftCard => "gift_card",
            Self::ProductPercentage => "product_percentage",
            Self::ProductFixed => "product_fixed",
            Self::BuyXGetY => "buy_x_get_y",
            Self::Bundle => "bundle",
            Self::Tiered => "tiered",
            Self::FreeProduct => "free_product",
            Self::LoyaltyPoints => "loyalty_points",
            Self::Custom => "custom",
            Self::Promotion => "promotion",
        }
    }

    /// The coupon type a discount in the engine's shape is reported as: the
    /// shorthand's names for the kinds it has, the engine's for the others.
    pub fn of_discount(discount: &Discount) -> Self {
        match discount {
            Discount::CartPercentage { .. } => Self::Percentage,
            Discount::CartFixed { .. } => Self::Fixed,
            Discount::ProductPercentage { .. } => Self::ProductPercentage,
            Discount::ProductFixed { .. } => Self::ProductFixed,
            Discount::BuyXGetY { .. } => Self::BuyXGetY,
            Discount::Bundle { .. } => Self::Bundle,
            Discount::Tiered { .. } => Self::Tiered,
            Discount::FreeShipping { .. } => Self::FreeShipping,
            Discount::FreeProduct { .. } => Self::FreeProduct,
            Discount::GiftCard { .. } => Self::GiftCard,
            Discount::LoyaltyPoints { .. } => Self::LoyaltyPoints,
            Discount::Custom { .. } => Self::Custom,
        }
    }

    /// Kinds the shorthand (`value`, `currency`) can express on its own.
    pub fn is_shorthand(self) -> bool {
        matches!(
            self,
            Self::Percentage | Self::Fixed | Self::FreeShipping | Self::GiftCard
        )
    }
}

/// Lifecycle status as stored. `expired` is also reported for an active coupon
/// whose `valid_until` has passed (see [`Coupon::effective_status`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CouponStatus {
    #[default]
    Active,
    Draft,
    /// Stopped for now; `active` again resumes it.
    Paused,
    Expired,
    Revoked,
}

impl CouponStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Draft => "draft",
            Self::Paused => "paused",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

/// Which cart lines a coupon applies to: the promotion engine's [`Targeting`].
/// Empty include lists mean "everything"; excludes always win over includes. A
/// coupon's `include_products`/`exclude_products` also match SKUs (seed 000).
pub type Applicability = Targeting;

/// A coupon as stored and as returned by the API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Coupon {
    pub id: String,
    /// Normalized (upper-case) code, unique within the tenant.
    pub code: String,
    /// What marketers call it (seeds 002, 003).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The caller's own id of this coupon (seed 003 `externalId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The API key that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The coupon this code belongs to (seed 003's codes of a coupon). Such a
    /// code keeps its own counters and `status`; everything else is read live
    /// from the parent, whose changes apply to every code at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The one customer who may use this code (a code generated for a user,
    /// seed 002): anyone else is refused `not_eligible`. A code's own, never
    /// taken from its parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound_user_id: Option<String>,
    /// The discount in the promotion engine's shape. Absent for the shorthand
    /// kinds (`percentage`, `fixed`, `free_shipping`, `gift_card`), which are
    /// described by `value` and `currency` and converted the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// Whole-cart goods subtotal needed, per currency (seed 003 `currencies[]`
    /// `minimumCartValue`); with `min_cart_value` it is the shorthand's one entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub min_purchase: Vec<Money>,
    /// Cap on what the coupon takes off, per currency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub max_discount: Vec<Money>,
    /// Codes are matched exactly as created (seed 002 `case_sensitive`); off by
    /// default, when any spelling of the code names the coupon.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub case_sensitive: bool,
    /// The code as created, for a case-sensitive coupon (`code` is its
    /// upper-case form, unique within the tenant in any spelling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact_code: Option<String>,
    /// IANA zone the timezone-less `valid_from`/`valid_until` of the request
    /// were read in (seed 003 `localizedTimezone`); stored dates are UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub localized_timezone: Option<String>,
    #[serde(rename = "type")]
    pub kind: CouponType,
    /// Percent for `percentage`, amount for `fixed`, initial balance for `gift_card`,
    /// ignored for `free_shipping`.
    #[schema(value_type = f64)]
    pub value: Decimal,
    /// ISO 4217; required for `fixed` and `gift_card`, where it must match the cart.
    pub currency: Option<String>,
    pub campaign_id: Option<String>,
    pub status: CouponStatus,
    /// Total successful (or pending) redemptions allowed; `None` is unlimited.
    pub max_uses: Option<u64>,
    /// Successful (or pending) redemptions now counted against `max_uses`.
    pub uses_count: u64,
    pub per_customer_limit: Option<u32>,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
    pub applicability: Applicability,
    /// Smallest eligible cart subtotal, in the cart's currency.
    #[schema(value_type = Option<f64>)]
    pub min_cart_value: Option<Decimal>,
    /// Cap on a `percentage` discount.
    #[schema(value_type = Option<f64>)]
    pub max_discount_amount: Option<Decimal>,
    /// Remaining balance of a `gift_card`; `None` for other kinds.
    #[schema(value_type = Option<f64>)]
    pub balance: Option<Decimal>,
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Stored rules (seed 000 §3, by id) that must all hold for the coupon to
    /// apply; the coupon's actor loads them when it activates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version; bumped by every definition change.
    pub version: u64,
    /// Soft-deleted coupons are hidden from lists and refuse redemptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
    /// Seed 002 `auto_generate`: the events that make a code of this coupon
    /// for a user (`records::triggers`). A template's own, never a code's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_generate: Option<crate::trigger::AutoGenerate>,
    /// The reward item (`rwd_…`, seed 002) every `success` redemption grants,
    /// recorded once per redemption in its commit (`reward::RewardGrant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_item_id: Option<String>,
}

impl Coupon {
    /// The status a client should see at `now`: an active coupon past its
    /// `valid_until` reads as `expired`.
    pub fn effective_status(&self, now: DateTime<Utc>) -> CouponStatus {
        match (self.status, self.valid_until) {
            (CouponStatus::Active, Some(until)) if now >= until => CouponStatus::Expired,
            (status, _) => status,
        }
    }

    /// Takes every term of `parent` (this is one of its codes): its discount,
    /// validity, limits, targeting, rules and campaign. Kept: this code's
    /// identity, its own `status` (its active flag), counters, balance and
    /// version. A total lowered below this code's uses reads as used up, never
    /// as a count above its cap.
    pub fn follow(&mut self, parent: &Coupon) {
        debug_assert_eq!(self.parent_id.as_deref(), Some(parent.id.as_str()));
        self.name = parent.name.clone();
        self.description = parent.description.clone();
        self.kind = parent.kind;
        self.value = parent.value;
        self.currency = parent.currency.clone();
        self.discount = parent.discount.clone();
        self.min_purchase = parent.min_purchase.clone();
        self.max_discount = parent.max_discount.clone();
        self.localized_timezone = parent.localized_timezone.clone();
        self.campaign_id = parent.campaign_id.clone();
        self.max_uses = parent.max_uses.map(|max| max.max(self.uses_count));
        self.per_customer_limit = parent.per_customer_limit;
        self.valid_from = parent.valid_from;
        self.valid_until = parent.valid_until;
        self.applicability = parent.applicability.clone();
        self.min_cart_value = parent.min_cart_value;
        self.max_discount_amount = parent.max_discount_amount;
        self.rule_ids = parent.rule_ids.clone();
        self.reward_item_id = parent.reward_item_id.clone();
    }

    /// Whether the code as `entered` names this coupon: any spelling unless it
    /// is case-sensitive. `None`: the caller named the coupon itself.
    pub fn accepts(&self, entered: Option<&str>) -> bool {
        match (self.case_sensitive, entered, self.exact_code.as_deref()) {
            (true, Some(entered), Some(exact)) => entered.trim() == exact,
            _ => true,
        }
    }

    /// Uses left before `max_uses`; `None` when unlimited.
    pub fn remaining_uses(&self) -> Option<u64> {
        self.max_uses.map(|max| max.saturating_sub(self.uses_count))
    }
}

/// A change to a coupon's definition (PATCH). Absent fields are left alone; fields
/// that can be cleared take `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CouponPatch {
    /// The version the client read; required, a stale one is refused with 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub value: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CouponStatus>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<u64>)]
    pub max_uses: Option<Option<u64>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<u32>)]
    pub per_customer_limit: Option<Option<u32>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub valid_from: Option<Option<DateTime<Utc>>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// After now and after `valid_from`; at most 100 years from now.
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub valid_until: Option<Option<DateTime<Utc>>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub campaign_id: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicability: Option<Applicability>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<f64>)]
    pub min_cart_value: Option<Option<Decimal>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<f64>)]
    pub max_discount_amount: Option<Option<Decimal>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_ids: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub external_id: Option<Option<String>>,
    /// A new discount in the engine's shape; its kind must stay the coupon's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub discount: Option<Discount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_purchase: Option<Vec<Money>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_discount: Option<Vec<Money>>,
    /// Seed 002 `auto_generate`; `null` removes it.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<crate::trigger::AutoGenerate>)]
    pub auto_generate: Option<Option<crate::trigger::AutoGenerate>>,
    /// A reward item of the tenant (`rwd_…`), or `null` to grant none.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub reward_item_id: Option<Option<String>>,
}

impl CouponPatch {
    /// Applies the patch to a definition (counters are untouched).
    pub fn apply_to(&self, coupon: &mut Coupon) {
        if let Some(value) = self.value {
            coupon.value = value;
        }
        if let Some(status) = self.status {
            coupon.status = status;
        }
        if let Some(max_uses) = self.max_uses {
            coupon.max_uses = max_uses;
        }
        if let Some(limit) = self.per_customer_limit {
            coupon.per_customer_limit = limit;
        }
        if let Some(from) = self.valid_from {
            coupon.valid_from = from;
        }
        if let Some(until) = self.valid_until {
            coupon.valid_until = until;
        }
        if let Some(campaign) = &self.campaign_id {
            coupon.campaign_id = campaign.clone();
        }
        if let Some(applicability) = &self.applicability {
            coupon.applicability = applicability.clone();
        }
        if let Some(min) = self.min_cart_value {
            coupon.min_cart_value = min;
        }
        if let Some(cap) = self.max_discount_amount {
            coupon.max_discount_amount = cap;
        }
        if let Some(metadata) = &self.metadata {
            coupon.metadata = metadata.clone();
        }
        if let Some(rule_ids) = &self.rule_ids {
            coupon.rule_ids = rule_ids.clone();
        }
        if let Some(name) = &self.name {
            coupon.name = name.clone();
        }
        if let Some(description) = &self.description {
            coupon.description = description.clone();
        }
        if let Some(external_id) = &self.external_id {
            coupon.external_id = external_id.clone();
        }
        if let Some(discount) = &self.discount {
            coupon.discount = Some(discount.clone());
        }
        if let Some(min) = &self.min_purchase {
            coupon.min_purchase = min.clone();
        }
        if let Some(cap) = &self.max_discount {
            coupon.max_discount = cap.clone();
        }
        if let Some(auto) = &self.auto_generate {
            coupon.auto_generate = auto.clone();
        }
        if let Some(reward) = &self.reward_item_id {
            coupon.reward_item_id = reward.clone();
        }
    }

    /// Whether the patch touches anything but `status` and `metadata`: what a
    /// code under a coupon may not change on its own.
    pub fn changes_terms(&self) -> bool {
        let own = CouponPatch {
            version: self.version,
            status: self.status,
            metadata: self.metadata.clone(),
            ..CouponPatch::default()
        };
        *self != own
    }
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
