//! Campaigns (seed 000 §2): a named group of coupons sharing a lifecycle and a
//! budget, and the quota leases through which its coupons spend that budget.
//!
//! The `CampaignActor` is the only writer of a [`Campaign`] after creation. Its
//! `granted` total is the quota currently leased out to coupon actors; it never
//! exceeds the budget, so a coupon can only spend what it was granted and the
//! campaign can never overspend, even if a coupon actor crashes holding a lease
//! (the quota is then stranded with that coupon until it is activated again).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Lifecycle of a campaign. Only an `active` campaign grants quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Draft,
    Active,
    Paused,
    Ended,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Ended => "ended",
        }
    }
}

/// A campaign's caps. Absent caps are unlimited; a money cap applies to discounts
/// given in its currency only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = CampaignBudget)]
pub struct Budget {
    /// Redemptions allowed across every coupon of the campaign.
    pub max_redemptions: Option<u64>,
    /// Total discount allowed per ISO 4217 currency.
    #[schema(value_type = BTreeMap<String, f64>)]
    pub money: BTreeMap<String, Decimal>,
}

/// An amount of campaign quota: redemptions and money per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Quota {
    pub redemptions: u64,
    #[schema(value_type = BTreeMap<String, f64>)]
    pub money: BTreeMap<String, Decimal>,
}

impl Quota {
    /// The quota one redemption of `amount` in `currency` needs.
    pub fn one(amount: Decimal, currency: Option<&str>) -> Self {
        let mut money = BTreeMap::new();
        if let Some(currency) = currency {
            if !amount.is_zero() {
                money.insert(currency.to_owned(), amount);
            }
        }
        Self {
            redemptions: 1,
            money,
        }
    }

    pub fn is_zero(&self) -> bool {
        self.redemptions == 0 && self.money.values().all(Decimal::is_zero)
    }

    /// Adds `other`, saturating like the redemption count: a total past
    /// `Decimal`'s range (of a currency the budget does not cap, asked for by a
    /// malformed peer frame) stays at its end instead of panicking the
    /// campaign actor.
    pub fn add(&mut self, other: &Quota) {
        self.redemptions = self.redemptions.saturating_add(other.redemptions);
        for (currency, amount) in &other.money {
            let entry = self.money.entry(currency.clone()).or_default();
            *entry = entry.saturating_add(*amount);
        }
    }

    /// Subtracts `other`. Every caller subtracts only what it counted in, so
    /// taking more than is there is a bug: asserted in debug builds (the tests
    /// and the simulation), floored at zero in release so a bug cannot turn
    /// into negative quota that grants more than the budget.
    pub fn sub(&mut self, other: &Quota) {
        debug_assert!(self.covers(other), "quota underflow: {self:?} - {other:?}");
        self.redemptions = self.redemptions.saturating_sub(other.redemptions);
        for (currency, amount) in &other.money {
            let entry = self.money.entry(currency.clone()).or_default();
            *entry = (*entry - *amount).max(Decimal::ZERO);
        }
        self.money.retain(|_, amount| !amount.is_zero());
    }

    /// Subtracts `other`, flooring each dimension at zero: for figures that are
    /// "what is left, if anything" by definition.
    pub fn sub_floor(&mut self, other: &Quota) {
        self.redemptions = self.redemptions.saturating_sub(other.redemptions);
        for (currency, amount) in &other.money {
            let entry = self.money.entry(currency.clone()).or_default();
            *entry = (*entry - *amount).max(Decimal::ZERO);
        }
        self.money.retain(|_, amount| !amount.is_zero());
    }

    /// Whether every dimension of `need` fits in `self`.
    pub fn covers(&self, need: &Quota) -> bool {
        self.redemptions >= need.redemptions
            && need.money.iter().all(|(currency, amount)| {
                self.money.get(currency).copied().unwrap_or_default() >= *amount
            })
    }

    /// The per-dimension minimum of `self` and `cap`: never more than either.
    pub fn at_most(&self, cap: &Quota) -> Quota {
        let money = self
            .money
            .iter()
            .filter_map(|(currency, amount)| {
                let limit = cap.money.get(currency).copied().unwrap_or_default();
                let amount = (*amount).min(limit);
                (!amount.is_zero()).then(|| (currency.clone(), amount))
            })
            .collect();
        Quota {
            redemptions: self.redemptions.min(cap.redemptions),
            money,
        }
    }

    /// `granted - spent - returned`, per dimension, floored at zero (quota is
    /// spent against a lease re-read in the same transaction, so the floor
    /// only matters for a lease read between a return and its grant's update).
    pub fn available(granted: &Quota, used: &[&Quota]) -> Quota {
        let mut left = granted.clone();
        for quota in used {
            left.sub_floor(quota);
        }
        left
    }
}

impl Budget {
    /// Whether `granted + extra` stays within every cap (a sum past
    /// `Decimal`'s range is past any cap).
    pub fn allows(&self, granted: &Quota, extra: &Quota) -> bool {
        if let Some(max) = self.max_redemptions {
            if granted.redemptions.saturating_add(extra.redemptions) > max {
                return false;
            }
        }
        extra.money.iter().all(|(currency, amount)| {
            self.money.get(currency).is_none_or(|cap| {
                let granted = granted.money.get(currency).copied().unwrap_or_default();
                granted
                    .checked_add(*amount)
                    .is_some_and(|total| total <= *cap)
            })
        })
    }
}

/// A campaign as stored and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub status: CampaignStatus,
    /// Channels the campaign runs on (`web`, `email`, …); empty means every channel.
    #[serde(default)]
    pub channels: Vec<String>,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    /// IANA time zone in which the campaign's days are counted (daily caps).
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Quota leased out to coupon actors now: never more than the budget.
    #[serde(default)]
    pub granted: Quota,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: u64,
    /// Batches committed by the campaign's owner: lets a commit retried after an
    /// unknown result recognize that it already applied.
    #[serde(default)]
    pub commit_seq: u64,
    /// Campaign-wide daily cap and time windows (set through `/limits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    /// Redemptions granted on the campaign's current local day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily: Option<DailyUsage>,
}

/// Limits that span every coupon of a campaign, enforced by its actor when it
/// grants quota, in the campaign's time zone. The daily cap counts redemptions
/// granted that day: a later void does not give the day's allowance back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CampaignLimits {
    pub daily_cap: Option<u64>,
    pub windows: Vec<crate::limit_set::TimeWindow>,
}

/// Redemptions granted on one local day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DailyUsage {
    /// `YYYY-MM-DD` in the campaign's time zone.
    pub day: String,
    pub redemptions: u64,
}

impl Campaign {
    /// Why the campaign cannot be activated, as `(field, message)` pairs.
    pub fn activation_problems(&self, now: DateTime<Utc>) -> Vec<(&'static str, String)> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(("name", String::from("must not be empty")));
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end <= start {
                problems.push(("end", String::from("must be after start")));
            }
        }
        if let Some(end) = self.end {
            if end <= now {
                problems.push(("end", String::from("is in the past")));
            }
        }
        if self.budget.max_redemptions == Some(0) {
            problems.push(("budget.max_redemptions", String::from("must be positive")));
        }
        if self.status == CampaignStatus::Ended {
            problems.push((
                "status",
                String::from("an ended campaign cannot be activated"),
            ));
        }
        problems
    }

    /// Whether the campaign grants quota at `now`, or the refusal's reason.
    pub fn running_at(&self, now: DateTime<Utc>) -> Result<(), &'static str> {
        if self.status != CampaignStatus::Active {
            return Err("the campaign is not active");
        }
        if self.start.is_some_and(|start| now < start) {
            return Err("the campaign has not started");
        }
        if self.end.is_some_and(|end| now >= end) {
            return Err("the campaign has ended");
        }
        Ok(())
    }
}

/// The lease of one coupon: quota granted to it by its campaign (written only by
/// the campaign actor), stored at `keys::campaign_lease`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeaseGrant {
    pub coupon_id: String,
    pub code: String,
    /// Every grant ever made to this coupon, minus nothing: monotonic.
    pub granted: Quota,
}

/// What a coupon did with its lease, stored at `keys::campaign_lease_spend`:
/// `spent` is written by the coupon actor in its batch commit, `returned` by the
/// campaign actor when the coupon gives unused quota back (fenced by the coupon's
/// owner epoch). Available = granted − spent − returned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeaseSpend {
    #[serde(default)]
    pub spent: Quota,
    #[serde(default)]
    pub returned: Quota,
    /// The coupon activation (owner epoch) whose recalled returns were applied
    /// last, and the highest return sequence number applied for it: a recalled
    /// return is applied at most once, however often it is delivered.
    #[serde(default)]
    pub recall_epoch: u64,
    #[serde(default)]
    pub recall_seq: u64,
}

/// A change to a campaign's definition (PATCH). Status changes go through the
/// lifecycle actions (`activate`, `pause`, `resume`, `end`) instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    /// The version the client read; required, a stale one is refused with 409.
    pub version: Option<u64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub channels: Option<Vec<String>>,
    #[serde(default)]
    pub budget: Option<Budget>,
    /// At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    #[serde(default)]
    pub start: Option<DateTime<Utc>>,
    /// At most 100 years from now (`limits::MAX_VALIDITY_HORIZON_YEARS`).
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub limits: Option<CampaignLimits>,
}

impl CampaignPatch {
    pub fn apply_to(&self, campaign: &mut Campaign) {
        if let Some(name) = &self.name {
            campaign.name = name.clone();
        }
        if let Some(description) = &self.description {
            campaign.description = Some(description.clone());
        }
        if let Some(channels) = &self.channels {
            campaign.channels = channels.clone();
        }
        if let Some(budget) = &self.budget {
            campaign.budget = budget.clone();
        }
        if let Some(start) = self.start {
            campaign.start = Some(start);
        }
        if let Some(end) = self.end {
            campaign.end = Some(end);
        }
        if let Some(zone) = &self.time_zone {
            campaign.time_zone = Some(zone.clone());
        }
        if let Some(metadata) = &self.metadata {
            campaign.metadata = metadata.clone();
        }
        if let Some(limits) = &self.limits {
            campaign.limits = Some(limits.clone()).filter(|l| *l != CampaignLimits::default());
        }
    }
}

/// The value of a campaign's gate key: what coupon commits check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateState {
    Open,
    Closed,
    /// The campaign was deleted: its coupons stay closed.
    Deleted,
}

impl GateState {
    pub fn of(status: CampaignStatus) -> Self {
        if status == CampaignStatus::Active {
            Self::Open
        } else {
            Self::Closed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota(currency: &str, amount: Decimal) -> Quota {
        Quota {
            redemptions: 1,
            money: BTreeMap::from([(currency.to_owned(), amount)]),
        }
    }

    /// Found while fuzzing the peer frames: two grants near `Decimal::MAX` of
    /// a currency the budget does not cap overflowed the granted total, and a
    /// discount near it (of a checkout line past the edge's bounds) overflowed
    /// the cap check, each panicking the campaign actor.
    #[test]
    fn money_past_the_decimal_range_saturates_and_is_past_any_cap() {
        let mut granted = quota("EUR", Decimal::MAX);
        granted.add(&quota("EUR", Decimal::MAX));
        assert_eq!(granted.money["EUR"], Decimal::MAX);
        assert_eq!(granted.redemptions, 2);
        let budget = Budget {
            max_redemptions: None,
            money: BTreeMap::from([(String::from("EUR"), Decimal::MAX)]),
        };
        assert!(!budget.allows(&granted, &quota("EUR", Decimal::ONE)));
        assert!(budget.allows(&Quota::default(), &quota("EUR", Decimal::MAX)));
    }
}
