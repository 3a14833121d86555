//! The discount and validity engine: pure functions deciding whether a coupon
//! applies to a checkout context and how much it takes off.
//!
//! The `CouponActor` calls [`evaluate`] on every redemption and the validate
//! endpoint calls it for previews, so nothing here does I/O, awaits, or reads a
//! clock (the caller passes `now`), and the only allocations are the result's.
//!
//! Decisions the protocol leaves open, made once here:
//! * All failing reasons are reported, most important first: revoked (or
//!   deleted), inactive, expired, not yet valid, limit reached, per-customer
//!   limit reached, currency mismatch, balance exhausted, not eligible, minimum
//!   cart value not met.
//! * `max_uses` is checked against the larger of [`Usage::uses_count`] and the
//!   coupon's stored `uses_count`, so a stale caller can only refuse early.
//! * A per-customer limit is skipped when the context has no `user_id`: the
//!   customer cannot be identified, and anonymous previews must still work.
//! * `min_cart_value` is compared with the goods subtotal of the whole cart, not
//!   only the eligible lines; shipping never counts towards it.
//! * Fixed and gift-card coupons need the cart's currency to equal theirs. A
//!   percentage or free-shipping coupon that names a currency refuses only a cart
//!   stating a different one.
//! * Without items, `cart_total` is the single eligible amount; include lists
//!   then cannot match, so such a coupon is not eligible. Lines with quantity 0
//!   are ignored for eligibility.
//! * Amounts are rounded once, to the minor unit of the coupon's currency, else
//!   the cart's, else two places.

pub(crate) mod allocation;
mod amounts;
mod applicability;
mod checks;
mod definition;
mod discount;
#[cfg(test)]
mod fixtures;

pub use definition::check_definition;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use stampede_protocol::{Context, Coupon, CouponType, ErrorCode};

use amounts::{minor_dp, sat_add};
use applicability::CartScan;

/// Usage counters the owning actor knows, including decisions not yet committed.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// Redemptions counted against `max_uses`, pending ones included.
    pub uses_count: u64,
    /// Redemptions by the context's `user_id`, pending ones included.
    pub customer_uses: u64,
    /// Remaining gift-card balance; `None` falls back to the coupon's record.
    pub balance: Option<Decimal>,
}

/// Result of evaluating one coupon against one context.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Every reason the coupon cannot be applied, most important first (empty = valid).
    pub reasons: Vec<ErrorCode>,
    /// The discount, rounded once to the currency's minor unit; zero when invalid.
    pub discount: Decimal,
    /// Currency of the discount (coupon currency, else context currency).
    pub currency: Option<String>,
    /// Portion applied to shipping (free_shipping), included in `discount`.
    pub shipping_discount: Decimal,
    /// Per-line allocation of `discount` over the eligible lines (index into
    /// ctx.items, amount), summing exactly to the goods part of the discount
    /// (largest-remainder method on minor units). Empty when invalid, when the
    /// context has no items, and for free shipping, which leaves goods untouched.
    pub allocations: Vec<(usize, Decimal)>,
    /// Eligible goods subtotal the discount was computed on.
    pub eligible_subtotal: Decimal,
    /// Explanation entries, one per check in precedence order (seed 000 "explain").
    pub explain: Vec<Explain>,
}

impl Evaluation {
    pub fn is_valid(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The reason a redemption reports when it fails.
    pub fn first_reason(&self) -> Option<ErrorCode> {
        self.reasons.first().copied()
    }
}

/// One check as shown to a client: the clause, whether it held, and what was observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
    pub clause: String,
    pub matched: bool,
    pub detail: String,
}

/// Evaluates `coupon` against `ctx` at `now`, with the owning actor's `usage`.
pub fn evaluate(coupon: &Coupon, usage: &Usage, ctx: &Context, now: DateTime<Utc>) -> Evaluation {
    let cart = applicability::scan(&coupon.applicability, ctx);
    let findings = checks::run(&checks::Input {
        coupon,
        usage,
        ctx,
        now,
        cart: &cart,
    });
    let currency = coupon.currency.as_deref().or(ctx.currency.as_deref());
    let mut evaluation = Evaluation {
        reasons: findings.reasons,
        discount: Decimal::ZERO,
        currency: currency.map(str::to_owned),
        shipping_discount: Decimal::ZERO,
        allocations: Vec::new(),
        eligible_subtotal: cart.eligible_subtotal,
        explain: findings.explain,
    };
    if evaluation.is_valid() {
        // An empty code rounds to two places, like any unknown currency.
        apply_discount(
            &mut evaluation,
            coupon,
            usage,
            ctx,
            cart,
            currency.unwrap_or(""),
        );
    }
    evaluation
}

/// Fills in the amounts of a valid evaluation.
fn apply_discount(
    evaluation: &mut Evaluation,
    coupon: &Coupon,
    usage: &Usage,
    ctx: &Context,
    cart: CartScan,
    currency: &str,
) {
    let amounts = discount::compute(coupon, usage, ctx, &cart, currency);
    evaluation.discount = sat_add(amounts.goods, amounts.shipping);
    evaluation.shipping_discount = amounts.shipping;
    if coupon.kind != CouponType::FreeShipping {
        evaluation.allocations =
            allocation::allocate(amounts.goods, cart.eligible, minor_dp(currency));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixtures::{at, coupon, ctx, dec, item};
    use stampede_protocol::{Applicability, CouponStatus};
    use ErrorCode::*;

    const NOW: &str = "2025-08-15T12:00:00Z";

    /// A cart of two GBP lines, 2 × 49.95 shoes and 1 × 20.00 clearance hat.
    fn cart() -> Context {
        let mut c = ctx(
            Some("GBP"),
            vec![
                item("SHOE", "shoes", 2, "49.95"),
                item("HAT", "clearance", 1, "20.00"),
            ],
        );
        c.user_id = Some("u1".into());
        c
    }

    struct Case {
        name: &'static str,
        coupon: Coupon,
        usage: Usage,
        ctx: Context,
        now: &'static str,
        reasons: Vec<ErrorCode>,
        discount: &'static str,
    }

    fn case(name: &'static str, kind: CouponType, value: &str) -> Case {
        Case {
            name,
            coupon: coupon(kind, value),
            usage: Usage::default(),
            ctx: cart(),
            now: NOW,
            reasons: vec![],
            discount: "0",
        }
    }

    impl Case {
        fn edit(mut self, f: impl FnOnce(&mut Coupon)) -> Self {
            f(&mut self.coupon);
            self
        }
        fn context(mut self, f: impl FnOnce(&mut Context)) -> Self {
            f(&mut self.ctx);
            self
        }
        fn usage(mut self, usage: Usage) -> Self {
            self.usage = usage;
            self
        }
        fn at(mut self, now: &'static str) -> Self {
            self.now = now;
            self
        }
        fn gives(mut self, discount: &'static str) -> Self {
            self.discount = discount;
            self
        }
        fn refuses(mut self, reasons: &[ErrorCode]) -> Self {
            self.reasons = reasons.to_vec();
            self
        }
    }

    fn uses(n: u64) -> Usage {
        Usage {
            uses_count: n,
            ..Usage::default()
        }
    }

    fn cases() -> Vec<Case> {
        use CouponType::*;
        let window = |c: &mut Coupon| {
            c.valid_from = Some(at("2025-08-01T00:00:00Z"));
            c.valid_until = Some(at("2025-09-01T00:00:00Z"));
        };
        let only_shoes = |c: &mut Coupon| c.applicability.include_categories = vec!["shoes".into()];
        vec![
            case("percentage of whole cart", Percentage, "10").gives("11.99"),
            case("percentage capped", Percentage, "50")
                .edit(|c| c.max_discount_amount = Some(dec("20")))
                .gives("20"),
            case("percentage on eligible lines only", Percentage, "10")
                .edit(only_shoes)
                .gives("9.99"),
            case("fixed", Fixed, "15").gives("15"),
            case("fixed never above the cart", Fixed, "500").gives("119.90"),
            case("fixed needs the cart currency", Fixed, "15")
                .context(|x| x.currency = Some("USD".into()))
                .refuses(&[CurrencyMismatch]),
            case("fixed needs a stated currency", Fixed, "15")
                .context(|x| x.currency = None)
                .refuses(&[CurrencyMismatch]),
            case("currency compared case-insensitively", Fixed, "15")
                .context(|x| x.currency = Some("gbp".into()))
                .gives("15"),
            case("percentage in a named other currency", Percentage, "10")
                .edit(|c| c.currency = Some("EUR".into()))
                .refuses(&[CurrencyMismatch]),
            case("free shipping", FreeShipping, "0")
                .context(|x| x.shipping_amount = Some(dec("4.99")))
                .gives("4.99"),
            case("free shipping without shipping", FreeShipping, "0").gives("0"),
            case("gift card partial draw", GiftCard, "500")
                .usage(Usage {
                    balance: Some(dec("200")),
                    ..Usage::default()
                })
                .gives("119.90"),
            case("gift card draws its balance", GiftCard, "500")
                .edit(|c| c.balance = Some(dec("30")))
                .gives("30"),
            case("gift card exhausted", GiftCard, "500")
                .edit(|c| c.balance = Some(dec("0")))
                .refuses(&[BalanceExhausted]),
            case("at valid_from is valid", Percentage, "10")
                .edit(window)
                .at("2025-08-01T00:00:00Z")
                .gives("11.99"),
            case("before valid_from", Percentage, "10")
                .edit(window)
                .at("2025-07-31T23:59:59Z")
                .refuses(&[NotYetValid]),
            case("at valid_until is expired", Percentage, "10")
                .edit(window)
                .at("2025-09-01T00:00:00Z")
                .refuses(&[Expired]),
            case("expired status", Percentage, "10")
                .edit(|c| c.status = CouponStatus::Expired)
                .refuses(&[Expired]),
            case("draft", Percentage, "10")
                .edit(|c| c.status = CouponStatus::Draft)
                .refuses(&[Inactive]),
            case("revoked", Percentage, "10")
                .edit(|c| c.status = CouponStatus::Revoked)
                .refuses(&[Revoked]),
            case("deleted", Percentage, "10")
                .edit(|c| c.deleted_at = Some(at("2025-08-02T00:00:00Z")))
                .refuses(&[Revoked]),
            case("one use left", Percentage, "10")
                .edit(|c| c.max_uses = Some(5))
                .usage(uses(4))
                .gives("11.99"),
            case("uses exhausted", Percentage, "10")
                .edit(|c| c.max_uses = Some(5))
                .usage(uses(5))
                .refuses(&[LimitReached]),
            case("stored uses exhausted", Percentage, "10")
                .edit(|c| {
                    c.max_uses = Some(5);
                    c.uses_count = 5;
                })
                .refuses(&[LimitReached]),
            case("customer limit reached", Percentage, "10")
                .edit(|c| c.per_customer_limit = Some(1))
                .usage(Usage {
                    customer_uses: 1,
                    ..Usage::default()
                })
                .refuses(&[PerCustomerLimitReached]),
            case("customer limit skipped without user", Percentage, "10")
                .edit(|c| c.per_customer_limit = Some(1))
                .usage(Usage {
                    customer_uses: 1,
                    ..Usage::default()
                })
                .context(|x| x.user_id = None)
                .gives("11.99"),
            case("JPY rounds to whole yen", Percentage, "15")
                .context(|x| {
                    x.currency = Some("JPY".into());
                    x.items = vec![item("A", "x", 1, "1999")];
                })
                .gives("300"),
            case("KWD rounds to fils", Percentage, "7.5")
                .context(|x| {
                    x.currency = Some("KWD".into());
                    x.items = vec![item("A", "x", 1, "12.345")];
                })
                .gives("0.926"),
            case("GBP rounds half up once", Percentage, "12.5")
                .context(|x| x.items = vec![item("A", "x", 1, "9.99")])
                .gives("1.25"),
            case("excluded everything", Percentage, "10")
                .edit(|c| c.applicability.exclude_products = vec!["SHOE".into(), "HAT".into()])
                .refuses(&[NotEligible]),
            case("include matches nothing", Percentage, "10")
                .edit(|c| c.applicability.include_products = vec!["BAG".into()])
                .refuses(&[NotEligible]),
            case("min cart counts the whole cart", Percentage, "10")
                .edit(only_shoes)
                .edit(|c| c.min_cart_value = Some(dec("110")))
                .gives("9.99"),
            case("min cart not met", Percentage, "10")
                .edit(|c| c.min_cart_value = Some(dec("150")))
                .refuses(&[MinCartValueNotMet]),
            case("cart_total without items", Percentage, "10")
                .context(|x| {
                    x.items.clear();
                    x.cart_total = Some(dec("80"));
                })
                .gives("8"),
            case("include lists need items", Percentage, "10")
                .edit(only_shoes)
                .context(|x| {
                    x.items.clear();
                    x.cart_total = Some(dec("80"));
                })
                .refuses(&[NotEligible]),
            case("all reasons in precedence order", Fixed, "10")
                .edit(|c| {
                    c.status = CouponStatus::Draft;
                    c.valid_until = Some(at("2025-08-01T00:00:00Z"));
                    c.max_uses = Some(1);
                    c.per_customer_limit = Some(1);
                    c.applicability.include_products = vec!["BAG".into()];
                    c.min_cart_value = Some(dec("1000"));
                })
                .usage(Usage {
                    uses_count: 1,
                    customer_uses: 1,
                    balance: None,
                })
                .context(|x| x.currency = Some("EUR".into()))
                .refuses(&[
                    Inactive,
                    Expired,
                    LimitReached,
                    PerCustomerLimitReached,
                    CurrencyMismatch,
                    NotEligible,
                    MinCartValueNotMet,
                ]),
        ]
    }

    #[test]
    fn evaluation_table() {
        for case in cases() {
            let got = evaluate(&case.coupon, &case.usage, &case.ctx, at(case.now));
            assert_eq!(got.reasons, case.reasons, "{}: reasons", case.name);
            assert_eq!(got.discount, dec(case.discount), "{}: discount", case.name);
            assert_eq!(got.is_valid(), case.reasons.is_empty(), "{}", case.name);
            assert_eq!(
                got.first_reason(),
                case.reasons.first().copied(),
                "{}",
                case.name
            );
            if !got.allocations.is_empty() {
                let allocated: Decimal = got.allocations.iter().map(|&(_, a)| a).sum();
                let goods = got.discount - got.shipping_discount;
                assert_eq!(allocated, goods, "{}: allocations", case.name);
            }
        }
    }

    #[test]
    fn valid_result_carries_allocations_and_currency() {
        let c = coupon(CouponType::Fixed, "10");
        let got = evaluate(&c, &Usage::default(), &cart(), at(NOW));
        assert_eq!(got.currency.as_deref(), Some("GBP"));
        assert_eq!(got.eligible_subtotal, dec("119.90"));
        // 99.90 and 20.00 share 10.00: 8.3319… and 1.6680… → 8.33 + 1.67.
        assert_eq!(got.allocations, vec![(0, dec("8.33")), (1, dec("1.67"))]);
        assert_eq!(got.shipping_discount, Decimal::ZERO);
    }

    #[test]
    fn free_shipping_result_touches_only_shipping() {
        let c = coupon(CouponType::FreeShipping, "0");
        let mut x = cart();
        x.shipping_amount = Some(dec("3.50"));
        let got = evaluate(&c, &Usage::default(), &x, at(NOW));
        assert_eq!(got.discount, dec("3.50"));
        assert_eq!(got.shipping_discount, dec("3.50"));
        assert!(got.allocations.is_empty());
    }

    #[test]
    fn invalid_result_has_no_amounts() {
        let mut c = coupon(CouponType::Percentage, "10");
        c.status = CouponStatus::Draft;
        let got = evaluate(&c, &Usage::default(), &cart(), at(NOW));
        assert_eq!(got.discount, Decimal::ZERO);
        assert!(got.allocations.is_empty());
        assert_eq!(got.eligible_subtotal, dec("119.90"));
    }

    #[test]
    fn currency_falls_back_to_the_cart() {
        let c = coupon(CouponType::Percentage, "10");
        let got = evaluate(&c, &Usage::default(), &cart(), at(NOW));
        assert_eq!(got.currency.as_deref(), Some("GBP"));
        let got = evaluate(&c, &Usage::default(), &ctx(None, vec![]), at(NOW));
        assert_eq!(got.currency, None);
        assert!(got.is_valid());
    }

    #[test]
    fn explain_lists_every_check() {
        let mut c = coupon(CouponType::GiftCard, "50");
        c.max_uses = Some(10);
        c.per_customer_limit = Some(2);
        c.min_cart_value = Some(dec("150.00"));
        c.valid_until = Some(at("2025-09-01T00:00:00Z"));
        c.applicability = Applicability {
            exclude_categories: vec!["clearance".into()],
            ..Applicability::default()
        };
        let usage = Usage {
            uses_count: 3,
            customer_uses: 1,
            balance: Some(dec("12.50")),
        };
        let got = evaluate(&c, &usage, &cart(), at(NOW));
        let rows: Vec<(&str, bool, &str)> = got
            .explain
            .iter()
            .map(|e| (e.clause.as_str(), e.matched, e.detail.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("status == active", true, "status=active"),
                (
                    "now < 2025-09-01T00:00:00Z",
                    true,
                    "now=2025-08-15T12:00:00Z"
                ),
                ("uses_count < 10", true, "uses_count=3"),
                ("customer_uses < 2", true, "customer_uses=1"),
                ("currency == GBP", true, "currency=GBP"),
                ("balance > 0", true, "balance=12.5"),
                (
                    "at least one eligible item",
                    true,
                    "eligible_lines=1/2, eligible_subtotal=99.9"
                ),
                ("cart_total >= 150", false, "cart_total=119.9"),
            ]
        );
        assert_eq!(got.reasons, vec![MinCartValueNotMet]);
    }

    #[test]
    fn explain_serializes_as_seed_shape() {
        let e = Explain {
            clause: "cart_total >= 50".into(),
            matched: false,
            detail: "cart_total=32.5".into(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"clause": "cart_total >= 50", "matched": false, "detail": "cart_total=32.5"})
        );
    }
}
