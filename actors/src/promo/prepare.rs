//! Everything about one promotion and one cart that does not depend on which other
//! promotions apply: validity, schedule, rule, currency, minimum purchase and the
//! eligible lines. Done once per preview, before the combination search.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;
use stampede_protocol::promotion::{Discount, Window};

use super::cart::{bogo_units, bundle_sets, Cart};
use super::compile::DAY_NAMES;
use super::definition::Promotion;
use super::evaluate::{explain, matches, ClauseExplain, Facts};
use super::target::{selected_among, selected_lines};
use super::units::{amount_for, Units};

/// Why a promotion does not apply (stable codes, part of the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    CodeNotFound,
    /// Draft or paused.
    Inactive,
    /// Its usage limits are used up (total, daily or this customer's).
    UsageLimitReached,
    NotYetValid,
    Expired,
    OutsideTimeWindow,
    ConditionNotMet,
    CurrencyMismatch,
    MinPurchaseNotMet,
    NotEligible,
    /// Valid, but an exclusive promotion won, or this one is exclusive and others won.
    ExclusiveConflict,
    /// Valid, but a better combination left it out.
    NotInBestCombination,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::CodeNotFound => "code_not_found",
            Reason::Inactive => "inactive",
            Reason::UsageLimitReached => "usage_limit_reached",
            Reason::NotYetValid => "not_yet_valid",
            Reason::Expired => "expired",
            Reason::OutsideTimeWindow => "outside_time_window",
            Reason::ConditionNotMet => "condition_not_met",
            Reason::CurrencyMismatch => "currency_mismatch",
            Reason::MinPurchaseNotMet => "min_purchase_not_met",
            Reason::NotEligible => "not_eligible",
            Reason::ExclusiveConflict => "exclusive_conflict",
            Reason::NotInBestCombination => "not_in_best_combination",
        }
    }
}

/// A promotion checked against one cart.
#[derive(Debug, Clone)]
pub struct Prepared<'p> {
    pub promotion: &'p Promotion,
    /// Every reason it cannot apply, most important first (empty = valid).
    pub reasons: Vec<Reason>,
    /// Lines its targeting selects, in cart order.
    pub lines: Vec<usize>,
    /// Rule clauses, filled only when an explanation was asked for.
    pub explain: Vec<ClauseExplain>,
}

impl Prepared<'_> {
    pub fn is_valid(&self) -> bool {
        self.reasons.is_empty()
    }
}

/// Checks `promotion` against the cart; with `explain_rule` the rule's clauses are
/// all evaluated and reported, otherwise evaluation stops at the first decision.
pub fn prepare<'p>(
    promotion: &'p Promotion,
    facts: &Facts,
    cart: &Cart,
    explain_rule: bool,
    include_hits: Option<&[usize]>,
) -> Prepared<'p> {
    let def = &promotion.def;
    let mut reasons = Vec::new();
    if def.paused {
        reasons.push(Reason::Inactive);
    }
    if def.usage_exhausted {
        reasons.push(Reason::UsageLimitReached);
    }
    if let Some(window) = &def.window {
        if let Some(reason) = window_reason(window, facts.now) {
            reasons.push(reason);
        }
    }
    let mut clauses = Vec::new();
    if let Some(rule) = &promotion.rule {
        let holds = if explain_rule {
            let (holds, explained) = explain(rule, facts);
            clauses = explained;
            holds
        } else {
            matches(rule, facts)
        };
        if !holds {
            reasons.push(Reason::ConditionNotMet);
        }
    }
    if !currency_supported(&def.discount, facts.currency, facts.dp)
        || (!def.min_purchase.is_empty()
            && amount_for(&def.min_purchase, facts.currency, facts.dp).is_none())
    {
        reasons.push(Reason::CurrencyMismatch);
    }
    if let Some(min) = amount_for(&def.min_purchase, facts.currency, facts.dp) {
        if facts.subtotal < min {
            reasons.push(Reason::MinPurchaseNotMet);
        }
    }
    let lines = match include_hits {
        Some(hits) if def.target.has_includes() => selected_among(&def.target, cart.items, hits),
        _ => selected_lines(&def.target, cart.items),
    };
    if needs_lines(&def.discount) && lines.iter().all(|&l| cart.initial[l] == 0) {
        reasons.push(Reason::NotEligible);
    } else if let Some(reason) = shape_reason(&def.discount, cart, &lines) {
        reasons.push(reason);
    }
    Prepared {
        promotion,
        reasons,
        lines,
        explain: clauses,
    }
}

/// Kinds whose quantities or thresholds the cart must reach: no free unit of a
/// buy-X-get-Y, no complete bundle, no tier reached. These depend only on the cart
/// as sent, never on other promotions, so they are decided here.
fn shape_reason(discount: &Discount, cart: &Cart, lines: &[usize]) -> Option<Reason> {
    match discount {
        Discount::BuyXGetY {
            buy,
            get,
            repeat_limit,
            get_target,
            ..
        } => {
            let get_lines = get_target
                .as_ref()
                .map(|t| selected_lines(t, cart.items))
                .unwrap_or_else(|| lines.to_vec());
            (bogo_units(cart, lines, &get_lines, *buy, *get, *repeat_limit) == 0)
                .then_some(Reason::NotEligible)
        }
        Discount::Bundle {
            components,
            repeat_limit,
            ..
        } => (bundle_sets(cart, lines, components, *repeat_limit).0 == 0)
            .then_some(Reason::NotEligible),
        Discount::Tiered { tiers } => {
            let eligible: Units = lines.iter().map(|&l| cart.initial[l]).sum();
            let reached = tiers.iter().any(|t| {
                amount_for(&t.min_subtotal, cart.currency, cart.dp)
                    .is_some_and(|min| eligible >= min)
            });
            (!reached).then_some(Reason::MinPurchaseNotMet)
        }
        _ => None,
    }
}

/// Kinds that discount goods need at least one eligible line with value.
fn needs_lines(discount: &Discount) -> bool {
    !matches!(
        discount,
        Discount::FreeShipping { .. }
            | Discount::FreeProduct { .. }
            | Discount::GiftCard { .. }
            | Discount::Custom { .. }
            | Discount::LoyaltyPoints { .. }
    )
}

/// Per-currency kinds need an amount in the cart's currency.
fn currency_supported(discount: &Discount, currency: &str, dp: u32) -> bool {
    match discount {
        Discount::CartFixed { amounts } | Discount::ProductFixed { amounts } => {
            amount_for(amounts, currency, dp).is_some()
        }
        Discount::GiftCard { balance } => amount_for(balance, currency, dp).is_some(),
        Discount::BuyXGetY { off, .. } | Discount::Bundle { off, .. } => {
            off.percent.is_some() || amount_for(&off.amounts, currency, dp).is_some()
        }
        Discount::Tiered { tiers } => tiers
            .iter()
            .any(|t| amount_for(&t.min_subtotal, currency, dp).is_some()),
        _ => true,
    }
}

/// Whether `now` is outside the window, and how.
pub fn window_reason(window: &Window, now: DateTime<Utc>) -> Option<Reason> {
    if window.start.is_some_and(|s| now < s) {
        return Some(Reason::NotYetValid);
    }
    if window.end.is_some_and(|e| now >= e) {
        return Some(Reason::Expired);
    }
    let tz: chrono_tz::Tz = window
        .time_zone
        .as_deref()
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let local = now.with_timezone(&tz);
    let day = DAY_NAMES[local.weekday().num_days_from_monday() as usize];
    if !window.days_of_week.is_empty() && !window.days_of_week.iter().any(|d| d == day) {
        return Some(Reason::OutsideTimeWindow);
    }
    if let Some(hours) = &window.hours_of_day {
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        let inside = if hours.start <= hours.end {
            hours.start <= time && time < hours.end
        } else {
            // Overnight, e.g. 22:00–02:00.
            time >= hours.start || time < hours.end
        };
        if !inside {
            return Some(Reason::OutsideTimeWindow);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use stampede_protocol::promotion::HoursOfDay;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn windows() {
        let w = Window {
            start: Some(at("2025-04-14T00:00:00Z")),
            end: Some(at("2025-05-15T00:00:00Z")),
            days_of_week: vec!["monday".into(), "friday".into()],
            hours_of_day: Some(HoursOfDay {
                start: "08:00".into(),
                end: "20:00".into(),
            }),
            time_zone: Some("America/New_York".into()),
        };
        // Monday 2025-04-14 12:00 UTC = 08:00 in New York (EDT).
        assert_eq!(window_reason(&w, at("2025-04-14T12:00:00Z")), None);
        assert_eq!(
            window_reason(&w, at("2025-04-14T11:59:00Z")),
            Some(Reason::OutsideTimeWindow)
        );
        // Tuesday.
        assert_eq!(
            window_reason(&w, at("2025-04-15T13:00:00Z")),
            Some(Reason::OutsideTimeWindow)
        );
        assert_eq!(
            window_reason(&w, at("2025-04-13T13:00:00Z")),
            Some(Reason::NotYetValid)
        );
        assert_eq!(
            window_reason(&w, at("2025-05-15T00:00:00Z")),
            Some(Reason::Expired)
        );
        let overnight = Window {
            hours_of_day: Some(HoursOfDay {
                start: "22:00".into(),
                end: "02:00".into(),
            }),
            ..Window::default()
        };
        assert_eq!(window_reason(&overnight, at("2025-04-15T23:00:00Z")), None);
        assert_eq!(window_reason(&overnight, at("2025-04-15T01:59:00Z")), None);
        assert_eq!(
            window_reason(&overnight, at("2025-04-15T02:00:00Z")),
            Some(Reason::OutsideTimeWindow)
        );
    }
}
