//! Promotions as the engine reads them (issue "promotion engine", seed 000 §4) and
//! the richer checkout context a preview is computed on.
//!
//! A [`PromotionDef`] is what a marketer wrote, in one normalized shape: every
//! product of the seeds (coupon kinds of seeds 000/003/004, campaign promotions of
//! seed 001) converts into it before the engine sees it. Amounts stay `Decimal`
//! here; the engine turns them into whole minor units of the cart's currency.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An amount in one currency (seed 003 `discounts: [{amount, currency}]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[schema(value_type = f64)]
    pub amount: Decimal,
    /// ISO 4217, upper case.
    pub currency: String,
}

/// Whether a promotion combines with others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stacking {
    /// Combines with every other stackable promotion.
    #[default]
    Stackable,
    /// Applies only alone.
    Exclusive,
}

/// Which amount a discount is computed on when others applied before it
/// (Voucherify's "apply to discounted or initial price").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplyOn {
    /// What is left after the promotions applied earlier.
    #[default]
    Discounted,
    /// The cart as sent; still never more than what is left.
    Initial,
}

/// Which cart lines a promotion applies to. A line is eligible when no include list
/// is given or it matches any include entry, and it matches no exclude entry:
/// excludes always win.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Targeting {
    pub include_products: Vec<String>,
    pub exclude_products: Vec<String>,
    pub include_skus: Vec<String>,
    pub exclude_skus: Vec<String>,
    pub include_variants: Vec<String>,
    pub exclude_variants: Vec<String>,
    /// Category paths (`apparel/shoes`); a path also matches every sub-path.
    pub include_categories: Vec<String>,
    pub exclude_categories: Vec<String>,
    pub include_collections: Vec<String>,
    pub exclude_collections: Vec<String>,
    pub include_tags: Vec<String>,
    pub exclude_tags: Vec<String>,
}

impl Targeting {
    /// Whether any include list is present (the promotion is limited to some lines).
    pub fn has_includes(&self) -> bool {
        !(self.include_products.is_empty()
            && self.include_skus.is_empty()
            && self.include_variants.is_empty()
            && self.include_categories.is_empty()
            && self.include_collections.is_empty()
            && self.include_tags.is_empty())
    }

    /// Whether any exclude list is present.
    pub fn has_excludes(&self) -> bool {
        !(self.exclude_products.is_empty()
            && self.exclude_skus.is_empty()
            && self.exclude_variants.is_empty()
            && self.exclude_categories.is_empty()
            && self.exclude_collections.is_empty()
            && self.exclude_tags.is_empty())
    }

    /// Whether no list is given: the whole cart.
    pub fn is_unrestricted(&self) -> bool {
        !self.has_includes() && !self.has_excludes()
    }

    /// Entries over all lists, for bounds checks.
    pub fn entry_count(&self) -> usize {
        self.lists().iter().map(|(_, list)| list.len()).sum()
    }

    /// Every list, named as in JSON, for bounds checks.
    pub fn lists(&self) -> [(&'static str, &Vec<String>); 12] {
        [
            ("include_products", &self.include_products),
            ("exclude_products", &self.exclude_products),
            ("include_skus", &self.include_skus),
            ("exclude_skus", &self.exclude_skus),
            ("include_variants", &self.include_variants),
            ("exclude_variants", &self.exclude_variants),
            ("include_categories", &self.include_categories),
            ("exclude_categories", &self.exclude_categories),
            ("include_collections", &self.include_collections),
            ("exclude_collections", &self.exclude_collections),
            ("include_tags", &self.include_tags),
            ("exclude_tags", &self.exclude_tags),
        ]
    }
}

/// How much comes off the selected items of a BOGO, a bundle or a tier: exactly one
/// of `percent` or per-currency `amounts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Off {
    #[schema(value_type = Option<f64>)]
    pub percent: Option<Decimal>,
    pub amounts: Vec<Money>,
}

/// One component of a bundle: `quantity` units of lines matching `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleComponent {
    pub target: Targeting,
    pub quantity: u32,
}

/// One spend threshold of a tiered promotion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Eligible subtotal needed, per currency.
    pub min_subtotal: Vec<Money>,
    pub off: Off,
}

/// What a promotion does. Product-level kinds compute and round per line; cart-level
/// kinds compute on the eligible subtotal and split the result over the lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Discount {
    CartPercentage {
        #[schema(value_type = f64)]
        percent: Decimal,
    },
    CartFixed {
        amounts: Vec<Money>,
    },
    ProductPercentage {
        #[schema(value_type = f64)]
        percent: Decimal,
    },
    /// `amounts` off every eligible unit.
    ProductFixed {
        amounts: Vec<Money>,
    },
    /// Buy `buy` units, get `get` units (the cheapest) with `off` taken off them.
    BuyXGetY {
        buy: u32,
        get: u32,
        off: Off,
        #[serde(default)]
        repeat_limit: Option<u32>,
        /// Lines the free units come from; the promotion's own targeting when absent.
        #[serde(default)]
        get_target: Option<Box<Targeting>>,
    },
    /// A set of products at a fixed price (`off.amounts` is the bundle price) or with
    /// `off.percent` off.
    Bundle {
        components: Vec<BundleComponent>,
        off: Off,
        #[serde(default)]
        repeat_limit: Option<u32>,
    },
    /// The highest tier whose threshold the eligible subtotal reaches applies.
    Tiered {
        tiers: Vec<Tier>,
    },
    /// `percent` (default 100) of shipping, at most `max_amount`.
    FreeShipping {
        #[serde(default)]
        #[schema(value_type = Option<f64>)]
        percent: Option<Decimal>,
        #[serde(default)]
        max_amount: Vec<Money>,
    },
    /// Adds a zero-priced line.
    FreeProduct {
        #[serde(default)]
        sku: Option<String>,
        #[serde(default)]
        product_id: Option<String>,
        quantity: u32,
    },
    /// Pays from a balance, goods first, then shipping.
    GiftCard {
        balance: Vec<Money>,
    },
    /// Grants loyalty points: `points` flat plus `points_per_unit` per major unit of
    /// the eligible subtotal (seed 002 reward).
    LoyaltyPoints {
        #[serde(default)]
        points: Option<u64>,
        #[serde(default)]
        #[schema(value_type = Option<f64>)]
        points_per_unit: Option<Decimal>,
    },
    /// Passed through to the caller untouched (seed 004 `custom`).
    Custom {
        #[schema(value_type = Object)]
        payload: serde_json::Value,
    },
}

impl Discount {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CartPercentage { .. } => "cart_percentage",
            Self::CartFixed { .. } => "cart_fixed",
            Self::ProductPercentage { .. } => "product_percentage",
            Self::ProductFixed { .. } => "product_fixed",
            Self::BuyXGetY { .. } => "buy_x_get_y",
            Self::Bundle { .. } => "bundle",
            Self::Tiered { .. } => "tiered",
            Self::FreeShipping { .. } => "free_shipping",
            Self::FreeProduct { .. } => "free_product",
            Self::GiftCard { .. } => "gift_card",
            Self::LoyaltyPoints { .. } => "loyalty_points",
            Self::Custom { .. } => "custom",
        }
    }
}

/// Local hours of a day, `HH:MM`, start inclusive, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursOfDay {
    pub start: String,
    pub end: String,
}

/// When a promotion applies (seed 001 `schedule`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Window {
    pub start: Option<DateTime<Utc>>,
    /// Exclusive.
    pub end: Option<DateTime<Utc>>,
    /// Lower-case English day names (`monday`); empty means every day.
    pub days_of_week: Vec<String>,
    pub hours_of_day: Option<HoursOfDay>,
    /// IANA zone the days and hours are read in; UTC when absent.
    pub time_zone: Option<String>,
}

/// A promotion in the engine's normalized shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromotionDef {
    pub id: String,
    /// Applied when the customer enters it; automatic when absent.
    #[serde(default)]
    pub code: Option<String>,
    /// Higher applies first; ties by id.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub stacking: Stacking,
    #[serde(default)]
    pub apply_on: ApplyOn,
    pub discount: Discount,
    #[serde(default)]
    pub target: Targeting,
    /// Whole-cart goods subtotal needed, per currency. A cart in a currency not
    /// listed is refused when the list is not empty.
    #[serde(default)]
    pub min_purchase: Vec<Money>,
    /// Cap on what this promotion takes off (goods and shipping), per currency.
    #[serde(default)]
    pub max_discount: Vec<Money>,
    /// A rule in the DSL of seed 000 §3; must hold for the promotion to apply.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub condition: Option<serde_json::Value>,
    #[serde(default)]
    pub window: Option<Window>,
    /// A draft or paused promotion: known, but never applied.
    #[serde(default)]
    pub paused: bool,
    /// Its usage limits are used up (in all, today, or for this customer): known,
    /// but not applied. The service sets it from the counters its code's actor
    /// commits; a what-if definition may set it too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub usage_exhausted: bool,
}

/// One cart line of a preview: [`crate::CartItem`] plus the attributes targeting
/// reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoItem {
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub variant_id: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// Category paths, `/`-separated.
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub collections: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Units, 0–1,000,000 (`limits::MAX_ITEM_QUANTITY`).
    pub quantity: u32,
    /// Unit price, 0–10^12; price × quantity is at most 10^12 too
    /// (`limits::MAX_LINE_TOTAL_MAJOR_UNITS`).
    #[schema(value_type = f64)]
    pub price: Decimal,
}

/// What the caller knows about the customer; rules read it as facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Customer {
    /// Segments the customer belongs to (the edge adds stored memberships).
    pub segments: Vec<String>,
    pub first_time: Option<bool>,
    pub loyalty_tier: Option<String>,
    /// Free-form attributes (`lifetime_spend`, …) for rules and segments.
    #[schema(value_type = Object)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

impl Customer {
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
            && self.first_time.is_none()
            && self.loyalty_tier.is_none()
            && self.attributes.is_empty()
    }
}

/// The checkout context of a preview: a superset of [`crate::Context`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PromoContext {
    pub user_id: Option<String>,
    pub currency: Option<String>,
    /// At most 500 lines, whose price × quantity totals at most 10^12
    /// (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
    pub items: Vec<PromoItem>,
    #[schema(value_type = Option<f64>)]
    pub shipping_amount: Option<Decimal>,
    /// Goods subtotal when the caller sends no items; at most 10^12
    /// (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
    #[schema(value_type = Option<f64>)]
    pub cart_total: Option<Decimal>,
    pub shipping_country: Option<String>,
    pub region: Option<String>,
    pub channel: Option<String>,
    pub store: Option<String>,
    pub customer: Customer,
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

// ---- Campaign promotions (seed 001) ----

/// Seed 001 `promotion_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromotionType {
    PercentageDiscount,
    FixedAmountDiscount,
    BuyXGetY,
    FreeShipping,
    BundleDeal,
    LoyaltyBonus,
}

impl PromotionType {
    /// Short tag used in generated codes.
    pub fn code_tag(self) -> &'static str {
        match self {
            Self::PercentageDiscount => "PCT",
            Self::FixedAmountDiscount => "OFF",
            Self::BuyXGetY => "BXGY",
            Self::FreeShipping => "SHIP",
            Self::BundleDeal => "BNDL",
            Self::LoyaltyBonus => "LOYL",
        }
    }
}

/// Seed 001 `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromotionStatus {
    Draft,
    Scheduled,
    Active,
    Paused,
    Expired,
}

/// Seed 001 `discount_rules`. The seed's fields plus what each promotion type
/// needs; amounts are in `currency`, or in the cart's currency when absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DiscountRules {
    /// Percent for `percentage_discount` (and the share off the free items of a
    /// `buy_x_get_y` or a `bundle_deal`), amount for `fixed_amount_discount`.
    #[schema(value_type = Option<f64>)]
    pub discount_value: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub max_discount_amount: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub min_purchase_amount: Option<Decimal>,
    pub currency: Option<String>,
    pub applicable_categories: Vec<String>,
    pub applicable_products: Vec<String>,
    /// Products, SKUs or categories left out.
    pub excluded_items: Vec<String>,
    /// `buy_x_get_y`: units to buy and units given.
    pub buy_quantity: Option<u32>,
    pub get_quantity: Option<u32>,
    /// `buy_x_get_y` / `bundle_deal`: how many times per order.
    pub max_applications: Option<u32>,
    /// `bundle_deal`: the products of the bundle (one unit each) and its price.
    pub bundle_products: Vec<String>,
    #[schema(value_type = Option<f64>)]
    pub bundle_price: Option<Decimal>,
    /// `loyalty_bonus`: points granted, and points per currency unit spent.
    pub bonus_points: Option<u64>,
    #[schema(value_type = Option<f64>)]
    pub points_per_unit: Option<Decimal>,
}

/// Seed 001 `eligibility_criteria`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EligibilityCriteria {
    pub customer_segments: Vec<String>,
    pub first_time_customers_only: bool,
    pub loyalty_tier_requirements: Vec<String>,
    /// Regions or countries the customer must ship to.
    pub geographic_restrictions: Vec<String>,
    /// Stored rules (by id) that must all hold.
    pub rule_ids: Vec<String>,
}

/// Seed 001 `usage_limits.current_usage`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CurrentUsage {
    pub total_used: u64,
    pub today_used: u64,
    pub remaining_uses: Option<u64>,
}

/// Seed 001 `usage_limits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct UsageLimits {
    pub total_usage_limit: Option<u64>,
    pub per_customer_limit: Option<u64>,
    pub daily_usage_limit: Option<u64>,
    /// Maintained by the service; ignored on input.
    pub current_usage: Option<CurrentUsage>,
}

/// Seed 001 `schedule.time_restrictions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TimeRestrictions {
    pub days_of_week: Vec<String>,
    pub hours_of_day: Option<HoursOfDay>,
    /// IANA zone the days and hours are read in; UTC when absent.
    pub time_zone: Option<String>,
}

/// Seed 001 `schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Today or later; at most 100 years from now
    /// (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    pub start_date: DateTime<Utc>,
    /// After `start_date`; at most 100 years from now.
    pub end_date: DateTime<Utc>,
    #[serde(default)]
    pub time_restrictions: Option<TimeRestrictions>,
}

/// Seed 001 `performance_metrics`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PerformanceMetrics {
    pub total_uses: u64,
    pub unique_customers: u64,
    #[schema(value_type = f64)]
    pub total_discount_given: Decimal,
    /// Uses per valid check of the code (`/validate`): `total_uses /
    /// max(validations, total_uses)`.
    #[schema(value_type = f64)]
    pub conversion_rate: Decimal,
    /// The discount given, per currency (`total_discount_given` is the
    /// promotion's currency, or the only one used).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schema(value_type = Object)]
    pub discount_by_currency: BTreeMap<String, Decimal>,
}

/// A promotion within a campaign, as stored and returned (seed 001).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CampaignPromotion {
    pub promotion_id: String,
    pub campaign_id: String,
    pub promotion_name: String,
    pub promotion_type: PromotionType,
    pub description: String,
    pub promotion_code: String,
    pub status: PromotionStatus,
    pub discount_rules: DiscountRules,
    pub eligibility_criteria: EligibilityCriteria,
    pub usage_limits: UsageLimits,
    pub schedule: Schedule,
    #[schema(value_type = Object)]
    pub display_settings: serde_json::Value,
    pub auto_apply: bool,
    pub stackable: bool,
    pub performance_metrics: PerformanceMetrics,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
}

impl CampaignPromotion {
    /// The status a client sees at `now`: a published promotion is scheduled,
    /// active or expired by its schedule; draft and paused are as set.
    pub fn effective_status(&self, now: DateTime<Utc>) -> PromotionStatus {
        match self.status {
            PromotionStatus::Draft | PromotionStatus::Paused => self.status,
            _ if now >= self.schedule.end_date => PromotionStatus::Expired,
            _ if now < self.schedule.start_date => PromotionStatus::Scheduled,
            _ => PromotionStatus::Active,
        }
    }

    /// The promotion as answered at `now`: with its effective status.
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.status = self.effective_status(now);
        self
    }
}
