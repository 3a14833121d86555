//! Redemptions and the checkout context they are decided against (seed 000 §4–§5).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::promotion::{Customer, PromoContext, PromoItem};

/// One line of the caller's cart. Stampede never stores carts; it reads them to
/// decide eligibility and compute the discount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartItem {
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub product_id: Option<String>,
    /// A single category, as many storefronts send it.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// Read by promotion targeting (seed 003 variants, collections, tags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Units, 0–1,000,000 (`limits::MAX_ITEM_QUANTITY`).
    pub quantity: u32,
    /// Unit price in the context's currency, 0–10^12; price × quantity is at
    /// most 10^12 too (`limits::MAX_LINE_TOTAL_MAJOR_UNITS`).
    #[schema(value_type = f64)]
    pub price: Decimal,
}

impl CartItem {
    /// The line in the promotion engine's shape.
    pub fn to_promo(&self) -> PromoItem {
        PromoItem {
            sku: self.sku.clone(),
            product_id: self.product_id.clone(),
            variant_id: self.variant_id.clone(),
            category: self.category.clone(),
            categories: self.categories.clone(),
            collections: self.collections.clone(),
            tags: self.tags.clone(),
            quantity: self.quantity,
            price: self.price,
        }
    }

    /// Price × quantity, unrounded.
    pub fn line_total(&self) -> Decimal {
        self.price * Decimal::from(self.quantity)
    }

    /// Whether the line is identified by `id` (its SKU or its product id).
    pub fn is_product(&self, id: &str) -> bool {
        self.sku.as_deref() == Some(id) || self.product_id.as_deref() == Some(id)
    }

    /// Whether the line belongs to category `name`.
    pub fn in_category(&self, name: &str) -> bool {
        self.category.as_deref() == Some(name) || self.categories.iter().any(|c| c == name)
    }
}

/// The checkout context of a validate or redeem request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    /// At most 500 lines, whose price × quantity totals at most 10^12
    /// (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
    #[serde(default)]
    pub items: Vec<CartItem>,
    /// Shipping cost of the order, discounted separately from goods.
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub shipping_amount: Option<Decimal>,
    /// Order subtotal when the caller sends no items; at most 10^12
    /// (`limits::MAX_CART_TOTAL_MAJOR_UNITS`).
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub cart_total: Option<Decimal>,
    #[serde(default)]
    pub shipping_country: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    /// The store the order is placed in (per-store limits).
    #[serde(default)]
    pub store_id: Option<String>,
    /// Region the order ships to, for promotions limited to regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// What the caller knows about the customer: stated segments, first-time,
    /// loyalty tier and attributes, read by rules, segments and promotions.
    #[serde(default, skip_serializing_if = "Customer::is_empty")]
    pub customer: Customer,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// The shopper's IP address (v4 or v6): matched against the fraud
    /// blacklist (addresses and CIDR networks) and counted by fraud scoring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The shopper's email address (up to 254 bytes), normalized before it is
    /// matched or counted (`fraud::normalize_email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The shopper's device (an identifier, up to 256 bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

impl Context {
    /// The context's fraud subjects, normalized (`user` is the redemption's
    /// user when the context names none). Values the edge would refuse are
    /// left out.
    pub fn subjects(&self, user: Option<&str>) -> crate::fraud::Subjects {
        use crate::fraud::{normalize_email, parse_network};
        crate::fraud::Subjects {
            user_id: self.user_id.as_deref().or(user).map(str::to_owned),
            email: self.email.as_deref().and_then(|e| normalize_email(e).ok()),
            ip: self
                .ip
                .as_deref()
                .and_then(|ip| parse_network(ip).ok())
                .map(|net| net.addr()),
            device_id: self.device_id.clone(),
            code: None,
        }
    }

    /// The order's value before discounts: `cart_total`, else the lines'
    /// price × quantity; `None` with neither (or a sum beyond `Decimal`).
    pub fn order_value(&self) -> Option<Decimal> {
        if let Some(total) = self.cart_total {
            return Some(total);
        }
        if self.items.is_empty() {
            return None;
        }
        self.items.iter().try_fold(Decimal::ZERO, |sum, item| {
            item.price
                .checked_mul(Decimal::from(item.quantity))
                .and_then(|line| sum.checked_add(line))
        })
    }

    /// The context of a preview as a validate or redeem context (lossless: the
    /// inverse of [`Context::to_promo`]).
    pub fn from_promo(p: &PromoContext) -> Self {
        Context {
            user_id: p.user_id.clone(),
            currency: p.currency.clone(),
            items: p
                .items
                .iter()
                .map(|i| CartItem {
                    sku: i.sku.clone(),
                    product_id: i.product_id.clone(),
                    variant_id: i.variant_id.clone(),
                    category: i.category.clone(),
                    categories: i.categories.clone(),
                    collections: i.collections.clone(),
                    tags: i.tags.clone(),
                    quantity: i.quantity,
                    price: i.price,
                })
                .collect(),
            shipping_amount: p.shipping_amount,
            cart_total: p.cart_total,
            shipping_country: p.shipping_country.clone(),
            region: p.region.clone(),
            channel: p.channel.clone(),
            store_id: p.store.clone(),
            customer: p.customer.clone(),
            metadata: p.metadata.clone(),
            // A preview's context carries no fraud subjects.
            ip: None,
            email: None,
            device_id: None,
        }
    }

    /// The same checkout in the promotion engine's shape (it calls the store
    /// `store`); nothing is lost.
    pub fn to_promo(&self) -> PromoContext {
        PromoContext {
            user_id: self.user_id.clone(),
            currency: self.currency.clone(),
            items: self.items.iter().map(CartItem::to_promo).collect(),
            shipping_amount: self.shipping_amount,
            cart_total: self.cart_total,
            shipping_country: self.shipping_country.clone(),
            region: self.region.clone(),
            channel: self.channel.clone(),
            store: self.store_id.clone(),
            customer: self.customer.clone(),
            metadata: self.metadata.clone(),
        }
    }
}

/// Lifecycle of a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RedemptionStatus {
    Success,
    Failed,
    Voided,
    Pending,
    /// A reservation that was neither confirmed nor released in time.
    Expired,
}

/// A redemption record as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Redemption {
    pub id: String,
    pub coupon_id: String,
    pub coupon_code: String,
    pub user_id: Option<String>,
    pub reference_type: Option<String>,
    pub reference_id: Option<String>,
    #[schema(value_type = f64)]
    pub discount_amount: Decimal,
    pub currency: Option<String>,
    pub status: RedemptionStatus,
    pub failure_reason: Option<String>,
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void_reason: Option<String>,
    /// Client-chosen id (seed 000 `redemption_client_id`) or idempotency key the
    /// redemption was created under; a retry with it finds this record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redemption_client_id: Option<String>,
    /// The campaign whose budget this redemption was charged to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// The multi-code checkout this reservation belongs to: once that checkout's
    /// decision record exists, the reservation is confirmed, never expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_id: Option<String>,
    /// When a `pending` reservation lapses if not confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Usage counters (`channel:…`, `store:…`, `day:…`) this redemption counts in;
    /// a void releases exactly these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<String>,
    /// When a reservation was confirmed (burned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The channel the order came through (`context.channel`): the analytics
    /// row a void takes the redemption back out of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The order's value before discounts (`context.cart_total`, else its
    /// lines), in `currency`: the revenue the analytics count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub order_value: Option<Decimal>,
}

impl Redemption {
    /// Whether the redemption holds a use (counted against every limit).
    pub fn holds_use(&self) -> bool {
        matches!(
            self.status,
            RedemptionStatus::Success | RedemptionStatus::Pending
        )
    }
}
