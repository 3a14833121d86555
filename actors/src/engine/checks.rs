//! The validity checks, each yielding its refusal reasons and one explanation.
//!
//! Every check runs even after one fails, because validate reports all reasons.
//! [`CHECKS`] lists them in precedence order, so the reasons come out most
//! important first without a sort, and the explanation follows the same order.

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use stampede_protocol::{Context, Coupon, CouponStatus, CouponType, ErrorCode};

use super::amounts::{non_negative, show};
use super::{Explain, Usage};
use crate::promo::coupon::{currencies, is_money};

/// Everything a check may look at.
pub(crate) struct Input<'a> {
    pub coupon: &'a Coupon,
    pub usage: &'a Usage,
    pub ctx: &'a Context,
    pub now: DateTime<Utc>,
}

/// Reasons and explanations gathered over all checks.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub reasons: Vec<ErrorCode>,
    pub explain: Vec<Explain>,
}

/// One check's outcome. Reasons are static slices so a check allocates only its
/// two explanation strings.
struct Check {
    clause: String,
    detail: String,
    failed: &'static [ErrorCode],
}

type CheckFn = fn(&Input<'_>) -> Option<Check>;

/// The checks in precedence order; a check returns `None` when it does not apply
/// to the coupon's type.
const CHECKS: [CheckFn; 6] = [status, window, max_uses, per_customer, currency, balance];

/// Runs every check against `input`.
pub(crate) fn run(input: &Input<'_>) -> Findings {
    let mut findings = Findings {
        reasons: Vec::new(),
        explain: Vec::with_capacity(CHECKS.len()),
    };
    for check in CHECKS.iter().filter_map(|check| check(input)) {
        for reason in check.failed {
            // `expired` can come from both the status and the window.
            if !findings.reasons.contains(reason) {
                findings.reasons.push(*reason);
            }
        }
        findings.explain.push(Explain {
            clause: check.clause,
            matched: check.failed.is_empty(),
            detail: check.detail,
        });
    }
    findings
}

/// Deleted and revoked coupons refuse first; a draft is not live yet; an
/// `expired` status is final whatever the window says.
fn status(input: &Input<'_>) -> Option<Check> {
    use ErrorCode::{Expired, Inactive, Revoked};
    let deleted = input.coupon.deleted_at.is_some();
    let failed: &'static [ErrorCode] = match (deleted, input.coupon.status) {
        (_, CouponStatus::Revoked) | (true, CouponStatus::Active) => &[Revoked],
        (true, CouponStatus::Draft | CouponStatus::Paused) => &[Revoked, Inactive],
        (true, CouponStatus::Expired) => &[Revoked, Expired],
        (false, CouponStatus::Draft | CouponStatus::Paused) => &[Inactive],
        (false, CouponStatus::Expired) => &[Expired],
        (false, CouponStatus::Active) => &[],
    };
    let mut detail = format!("status={}", input.coupon.status.as_str());
    if let Some(at) = input.coupon.deleted_at {
        detail.push_str(&format!(", deleted_at={}", stamp(at)));
    }
    Some(Check {
        clause: "status == active".into(),
        detail,
        failed,
    })
}

/// The window is half-open: valid from `valid_from` inclusive until
/// `valid_until` exclusive, matching `Coupon::effective_status`.
fn window(input: &Input<'_>) -> Option<Check> {
    use ErrorCode::{Expired, NotYetValid};
    let (from, until, now) = (input.coupon.valid_from, input.coupon.valid_until, input.now);
    let expired = until.is_some_and(|u| now >= u);
    let early = from.is_some_and(|f| now < f);
    let failed: &'static [ErrorCode] = match (expired, early) {
        (true, true) => &[Expired, NotYetValid],
        (true, false) => &[Expired],
        (false, true) => &[NotYetValid],
        (false, false) => &[],
    };
    let clause = match (from, until) {
        (Some(f), Some(u)) => format!("{} <= now < {}", stamp(f), stamp(u)),
        (Some(f), None) => format!("{} <= now", stamp(f)),
        (None, Some(u)) => format!("now < {}", stamp(u)),
        (None, None) => "no validity window".into(),
    };
    Some(Check {
        clause,
        detail: format!("now={}", stamp(now)),
        failed,
    })
}

/// The larger of the actor's count and the stored one is used, so a caller
/// holding a stale figure can only refuse too early, never over-redeem.
fn max_uses(input: &Input<'_>) -> Option<Check> {
    let used = input.usage.uses_count.max(input.coupon.uses_count);
    let (clause, failed): (String, &'static [ErrorCode]) = match input.coupon.max_uses {
        Some(max) if used >= max => (format!("uses_count < {max}"), &[ErrorCode::LimitReached]),
        Some(max) => (format!("uses_count < {max}"), &[]),
        None => ("max_uses unlimited".into(), &[]),
    };
    Some(Check {
        clause,
        detail: format!("uses_count={used}"),
        failed,
    })
}

/// A per-customer limit needs a customer: without a `user_id` in the context
/// the check is skipped (reported as matched, saying why), because an
/// anonymous validate preview must still work. Redemption callers that must
/// enforce the limit require a `user_id` before calling the engine.
fn per_customer(input: &Input<'_>) -> Option<Check> {
    let uses = input.usage.customer_uses;
    let Some(limit) = input.coupon.per_customer_limit else {
        return Some(Check {
            clause: "per_customer_limit unlimited".into(),
            detail: format!("customer_uses={uses}"),
            failed: &[],
        });
    };
    let (detail, failed): (String, &'static [ErrorCode]) = match input.ctx.user_id {
        None => ("not checked: no user_id".into(), &[]),
        // The `sabotage-skip-per-customer` build is a deliberately broken node
        // that never refuses a customer at the limit: the simulation must
        // catch it (README, Simulation).
        Some(_) if uses >= u64::from(limit) && !cfg!(feature = "sabotage-skip-per-customer") => (
            format!("customer_uses={uses}"),
            &[ErrorCode::PerCustomerLimitReached],
        ),
        Some(_) => (format!("customer_uses={uses}"), &[]),
    };
    Some(Check {
        clause: format!("customer_uses < {limit}"),
        detail,
        failed,
    })
}

/// A coupon's amounts, minimums and caps are money in the currencies it names,
/// so a cart stating another currency is refused. One whose discount is money
/// (fixed amounts, gift balances) also needs the cart to state its currency.
/// Percentage and free-shipping coupons naming none work in any currency.
fn currency(input: &Input<'_>) -> Option<Check> {
    let named = currencies(input.coupon);
    let cart = input.ctx.currency.as_deref();
    let ok = match cart {
        Some(c) => named.is_empty() || named.iter().any(|n| n.eq_ignore_ascii_case(c)),
        None => !is_money(input.coupon),
    };
    let clause = match named.len() {
        0 if is_money(input.coupon) => "currency required".to_owned(),
        0 => "any currency".to_owned(),
        _ => format!(
            "currency in {}",
            named.into_iter().collect::<Vec<_>>().join(", ")
        ),
    };
    Some(Check {
        clause,
        detail: format!("currency={}", cart.unwrap_or("none")),
        failed: if ok {
            &[]
        } else {
            &[ErrorCode::CurrencyMismatch]
        },
    })
}

/// A gift card's balance: the actor's (pending draws included), else the
/// stored one, else its initial `value`.
pub(crate) fn gift_balance(coupon: &Coupon, usage: &Usage) -> Decimal {
    let balance = usage.balance.or(coupon.balance).unwrap_or(coupon.value);
    non_negative(balance)
}

/// Only gift cards carry a balance.
fn balance(input: &Input<'_>) -> Option<Check> {
    if input.coupon.kind != CouponType::GiftCard {
        return None;
    }
    let left = gift_balance(input.coupon, input.usage);
    Some(Check {
        clause: "balance > 0".into(),
        detail: format!("balance={}", show(left)),
        failed: if left.is_zero() {
            &[ErrorCode::BalanceExhausted]
        } else {
            &[]
        },
    })
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
