//! The verdict on one coupon for one cart: its validity against the owning
//! actor's counters, and its discount from the one discount engine, [`crate::promo`].
//!
//! The `CouponActor` calls [`evaluate_with`] on every validate, reserve and
//! redeem, so nothing here does I/O, awaits, or reads a clock (the caller passes
//! `now`). The coupon becomes a promotion with [`crate::promo::coupon::definition`]
//! and the engine computes what it takes off; this module adds only what the
//! engine does not know: status, validity window, uses, per-customer uses, the
//! currencies the coupon names and a gift card's balance.
//!
//! Decisions the protocol leaves open, made once here:
//! * All failing reasons are reported, most important first: revoked (or
//!   deleted), inactive (draft or paused), expired, not yet valid, limit reached,
//!   per-customer limit reached, currency mismatch, balance exhausted, then the
//!   engine's: not eligible, minimum cart value not met.
//! * `max_uses` is checked against the larger of [`Usage::uses_count`] and the
//!   coupon's stored `uses_count`, so a stale caller can only refuse early.
//! * A per-customer limit is skipped when the context has no `user_id`: the
//!   customer cannot be identified, and anonymous previews must still work.
//! * A coupon that names currencies refuses a cart stating another; one whose
//!   discount is money also refuses a cart that states none.
//! * The minimum purchase is compared with the goods subtotal of the whole cart,
//!   not only the eligible lines; shipping never counts towards it.
//! * Amounts are whole minor units of the cart's currency (two places when it
//!   states none), split over the lines by largest remainder.

mod amounts;
mod checks;
mod definition;
#[cfg(test)]
mod fixtures;

pub use definition::check_definition;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use stampede_protocol::{Context, Coupon, CouponType, ErrorCode};

use crate::promo::apply::money;
use crate::promo::coupon::definition;
use crate::promo::{alone, Catalog, Effect, Reason};
use stampede_protocol::promotion::PromoContext;

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
    /// The discount, goods and shipping, in the cart's currency; zero when invalid.
    pub discount: Decimal,
    /// Currency of the discount (the cart's, else the coupon's).
    pub currency: Option<String>,
    /// Portion applied to shipping, included in `discount`.
    pub shipping_discount: Decimal,
    /// Per-line allocation of the goods part of `discount` (index into ctx.items,
    /// amount), non-zero lines only. Empty when invalid.
    pub allocations: Vec<(usize, Decimal)>,
    /// Goods subtotal of the lines the coupon selects.
    pub eligible_subtotal: Decimal,
    /// What the coupon grants besides money off (free products, loyalty
    /// points, a custom payload); empty when invalid.
    pub effects: Vec<Effect>,
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

    /// A verdict of one reason, before anything was checked.
    pub fn refused(code: ErrorCode, detail: &str) -> Self {
        Evaluation {
            reasons: vec![code],
            discount: Decimal::ZERO,
            currency: None,
            shipping_discount: Decimal::ZERO,
            allocations: Vec::new(),
            eligible_subtotal: Decimal::ZERO,
            effects: Vec::new(),
            explain: vec![Explain {
                clause: code.as_str().to_owned(),
                matched: false,
                detail: detail.to_owned(),
            }],
        }
    }

    /// Takes every amount back: the coupon does not apply.
    pub fn clear_amounts(&mut self) {
        self.discount = Decimal::ZERO;
        self.shipping_discount = Decimal::ZERO;
        self.allocations.clear();
        self.effects.clear();
    }
}

/// One check as shown to a client: the clause, whether it held, and what was observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
    pub clause: String,
    pub matched: bool,
    pub detail: String,
}

/// Cart currencies whose compiled definitions a [`Compiled`] keeps.
pub const MAX_COMPILED_CURRENCIES: usize = 16;

/// A coupon's definition compiled for the engine, per cart currency, reused
/// while the coupon's version (and a gift card's balance) stays the same. The
/// owning actor keeps one, so a hot code compiles once, not per redemption.
#[derive(Debug, Default)]
pub struct Compiled {
    /// (cart currency, coupon version, live balance) → catalog of the one coupon.
    entries: Vec<(String, u64, Option<Decimal>, Catalog)>,
}

impl Compiled {
    fn catalog(
        &mut self,
        coupon: &Coupon,
        balance: Option<Decimal>,
        currency: &str,
    ) -> Result<&Catalog, String> {
        let hit = self
            .entries
            .iter()
            .position(|(c, v, b, _)| c == currency && *v == coupon.version && *b == balance);
        let index = match hit {
            Some(index) => index,
            None => {
                let def = definition(coupon, balance, currency);
                let catalog = Catalog::from_defs(vec![def]).map_err(|e| e.to_string())?;
                // Entries of older versions or balances are never hit again.
                self.entries
                    .retain(|(_, v, b, _)| *v == coupon.version && *b == balance);
                if self.entries.len() >= MAX_COMPILED_CURRENCIES {
                    self.entries.clear();
                }
                self.entries
                    .push((currency.to_owned(), coupon.version, balance, catalog));
                self.entries.len() - 1
            }
        };
        Ok(&self.entries[index].3)
    }
}

/// Evaluates `coupon` against `ctx` at `now`, with the owning actor's `usage`.
pub fn evaluate(coupon: &Coupon, usage: &Usage, ctx: &Context, now: DateTime<Utc>) -> Evaluation {
    evaluate_with(&mut Compiled::default(), coupon, usage, ctx, now)
}

/// [`evaluate`], reusing what `compiled` holds for this coupon.
pub fn evaluate_with(
    compiled: &mut Compiled,
    coupon: &Coupon,
    usage: &Usage,
    ctx: &Context,
    now: DateTime<Utc>,
) -> Evaluation {
    let findings = checks::run(&checks::Input {
        coupon,
        usage,
        ctx,
        now,
    });
    let mut evaluation = Evaluation {
        reasons: findings.reasons,
        discount: Decimal::ZERO,
        currency: ctx.currency.clone().or_else(|| coupon.currency.clone()),
        shipping_discount: Decimal::ZERO,
        allocations: Vec::new(),
        eligible_subtotal: Decimal::ZERO,
        effects: Vec::new(),
        explain: findings.explain,
    };
    // A promotion's code is computed from its promotion, by the same engine,
    // in the actor's conditions.
    if computes(coupon, usage, ctx) {
        let balance =
            (coupon.kind == CouponType::GiftCard).then(|| checks::gift_balance(coupon, usage));
        // A cart stating no currency is read in the coupon's, when it names
        // one: its amounts and caps are money in that currency.
        let named = crate::promo::coupon::currencies(coupon);
        let currency = match (ctx.currency.as_deref(), named.first()) {
            (Some(cart), _) => cart,
            (None, Some(named)) => named,
            (None, None) => "",
        };
        match compiled.catalog(coupon, balance, currency) {
            Ok(catalog) => apply_discount(&mut evaluation, catalog, coupon, ctx, currency, now),
            Err(why) => refuse(&mut evaluation, ErrorCode::NotEligible, "definition", why),
        }
    }
    if !evaluation.is_valid() {
        evaluation.clear_amounts();
    }
    evaluation
}

/// Whether the engine has anything to decide. Not for a promotion's code (its
/// promotion is computed by the same engine in the actor's conditions), not for
/// a spent gift card (refused already), and not for a context without a cart
/// when the coupon neither targets lines nor needs a minimum: such a check
/// ("is this code usable?") is valid and takes nothing off.
fn computes(coupon: &Coupon, usage: &Usage, ctx: &Context) -> bool {
    let spent =
        coupon.kind == CouponType::GiftCard && checks::gift_balance(coupon, usage).is_zero();
    let no_cart = ctx.items.is_empty() && ctx.cart_total.is_none();
    let needs_cart = coupon.applicability.has_includes()
        || !coupon.min_purchase.is_empty()
        || coupon.min_cart_value.is_some();
    coupon.kind != CouponType::Promotion && !spent && (needs_cart || !no_cart)
}

/// Runs the engine on the coupon alone and folds its decision in.
fn apply_discount(
    evaluation: &mut Evaluation,
    catalog: &Catalog,
    coupon: &Coupon,
    ctx: &Context,
    currency: &str,
    now: DateTime<Utc>,
) {
    let mut promo = ctx.to_promo();
    if promo.currency.is_none() && !currency.is_empty() {
        promo.currency = Some(currency.to_owned());
    }
    let entered = Entered {
        code: &coupon.code,
        sent_lines: ctx.items.len(),
    };
    decide(evaluation, catalog, &entered, &promo, now);
}

/// A code entered at checkout: the promotion (or coupon) it names.
pub(crate) struct Entered<'a> {
    pub code: &'a str,
    /// Lines the caller sent (a line read from `cart_total` is not one).
    pub sent_lines: usize,
}

/// The one place the engine's decision on an entered code becomes a verdict:
/// its amount, lines and effects when it applies, else its reasons. Coupons and
/// campaign promotions' codes alike.
pub(crate) fn decide(
    evaluation: &mut Evaluation,
    catalog: &Catalog,
    entered: &Entered<'_>,
    promo: &PromoContext,
    now: DateTime<Utc>,
) {
    let Some(decided) = alone(catalog, entered.code, promo, now) else {
        return refuse(
            evaluation,
            ErrorCode::NotEligible,
            "discount",
            "not applicable".into(),
        );
    };
    let clause = format!("{} applies to the cart", decided.kind);
    let Some(applied) = decided.applied.filter(|_| decided.reasons.is_empty()) else {
        let why: Vec<&str> = decided.reasons.iter().map(|r| r.as_str()).collect();
        let mut codes: Vec<ErrorCode> = decided.reasons.iter().map(|r| reason_code(*r)).collect();
        // Which lines, before how much: the precedence the module map states.
        codes.sort_by_key(|c| *c == ErrorCode::MinCartValueNotMet);
        for code in codes {
            if !evaluation.reasons.contains(&code) {
                evaluation.reasons.push(code);
            }
        }
        evaluation.clear_amounts();
        evaluation.explain.push(Explain {
            clause,
            matched: false,
            detail: why.join(", "),
        });
        return;
    };
    let dp = decided.dp;
    evaluation.eligible_subtotal = money(
        applied.lines.iter().map(|&(l, _)| decided.initial[l]).sum(),
        dp,
    );
    evaluation.discount = money(applied.total(), dp);
    evaluation.shipping_discount = money(applied.shipping, dp);
    if let Some(currency) = &promo.currency {
        evaluation.currency = Some(currency.clone());
    }
    // Lines the caller sent: not a line read from `cart_total`.
    evaluation.allocations = applied
        .lines
        .iter()
        .filter(|&&(l, u)| u > 0 && l < entered.sent_lines)
        .map(|&(l, u)| (l, money(u, dp)))
        .collect();
    evaluation.effects = applied.effects;
    evaluation.explain.push(Explain {
        clause,
        matched: true,
        detail: format!("discount={}", amounts::show(evaluation.discount)),
    });
}

/// Records a refusal with its explanation.
pub(crate) fn refuse(evaluation: &mut Evaluation, code: ErrorCode, clause: &str, detail: String) {
    if !evaluation.reasons.contains(&code) {
        evaluation.reasons.push(code);
    }
    evaluation.explain.push(Explain {
        clause: clause.to_owned(),
        matched: false,
        detail,
    });
}

/// The engine's reason as the stable refusal code of a redemption.
pub fn reason_code(reason: Reason) -> ErrorCode {
    match reason {
        Reason::CodeNotFound => ErrorCode::CouponNotFound,
        Reason::Inactive => ErrorCode::Inactive,
        Reason::UsageLimitReached => ErrorCode::LimitReached,
        Reason::NotYetValid => ErrorCode::NotYetValid,
        Reason::Expired => ErrorCode::Expired,
        Reason::OutsideTimeWindow => ErrorCode::OutsideTimeWindow,
        Reason::ConditionNotMet => ErrorCode::ConditionNotMet,
        Reason::CurrencyMismatch => ErrorCode::CurrencyMismatch,
        Reason::MinPurchaseNotMet => ErrorCode::MinCartValueNotMet,
        Reason::NotEligible | Reason::ExclusiveConflict | Reason::NotInBestCombination => {
            ErrorCode::NotEligible
        }
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
                    // The GBP minimum cannot be compared with an EUR cart.
                    NotEligible,
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
                ("currency in GBP", true, "currency=GBP"),
                ("balance > 0", true, "balance=12.5"),
                (
                    "gift_card applies to the cart",
                    false,
                    "min_purchase_not_met"
                ),
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
