//! Property tests of the discount engine: the invariants money handling relies
//! on must hold for every coupon and cart, not just the hand-picked ones.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use stampede_actors::engine::{evaluate, Evaluation, Usage};
use stampede_protocol::money::minor_unit_exponent;
use stampede_protocol::{
    Applicability, CartItem, Context, Coupon, CouponStatus, CouponType, ErrorCode,
};

const SKUS: [&str; 3] = ["A", "B", "C"];
const CATEGORIES: [&str; 3] = ["x", "y", "z"];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 8, 15, 12, 0, 0).unwrap()
}

/// Amounts with up to four decimal places, so prices finer than the currency's
/// minor unit are exercised too.
fn amount(max_mantissa: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_mantissa, 0u32..=4).prop_map(|(m, scale)| Decimal::new(m, scale))
}

fn currency() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec!["GBP", "JPY", "KWD", "USD"]))
        .prop_map(|c| c.map(str::to_owned))
}

fn names(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(pool.to_vec(), 0..=2)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn applicability() -> impl Strategy<Value = Applicability> {
    (
        names(&SKUS),
        names(&SKUS),
        names(&CATEGORIES),
        names(&CATEGORIES),
    )
        .prop_map(
            |(include_products, exclude_products, include_categories, exclude_categories)| {
                Applicability {
                    include_products,
                    exclude_products,
                    include_categories,
                    exclude_categories,
                    ..Applicability::default()
                }
            },
        )
}

fn cart_item() -> impl Strategy<Value = CartItem> {
    (
        prop::sample::select(SKUS.to_vec()),
        prop::sample::select(CATEGORIES.to_vec()),
        0u32..5,
        amount(2_000_000),
    )
        .prop_map(|(sku, category, quantity, price)| CartItem {
            sku: Some(sku.into()),
            category: Some(category.into()),
            quantity,
            price,
            ..CartItem::default()
        })
}

fn context() -> impl Strategy<Value = Context> {
    (
        prop::option::of(Just("u1".to_string())),
        currency(),
        prop::collection::vec(cart_item(), 0..6),
        prop::option::of(amount(100_000)),
        prop::option::of(amount(10_000_000)),
    )
        .prop_map(
            |(user_id, currency, items, shipping_amount, cart_total)| Context {
                user_id,
                currency,
                items,
                shipping_amount,
                cart_total,
                ..Context::default()
            },
        )
}

fn kind() -> impl Strategy<Value = CouponType> {
    prop::sample::select(vec![
        CouponType::Percentage,
        CouponType::Fixed,
        CouponType::FreeShipping,
        CouponType::GiftCard,
    ])
}

fn status() -> impl Strategy<Value = CouponStatus> {
    prop_oneof![
        7 => Just(CouponStatus::Active),
        1 => Just(CouponStatus::Draft),
        1 => Just(CouponStatus::Expired),
        1 => Just(CouponStatus::Revoked),
    ]
}

/// A validity bound a few seconds either side of `now`, so the edges are hit.
fn bound() -> impl Strategy<Value = Option<DateTime<Utc>>> {
    prop::option::weighted(0.3, -3i64..3).prop_map(|o| o.map(|s| now() + Duration::seconds(s)))
}

/// Mostly unrestricted, so that enough generated coupons are valid.
fn maybe_restricted() -> impl Strategy<Value = Applicability> {
    prop_oneof![3 => Just(Applicability::default()), 2 => applicability()]
}

prop_compose! {
    fn coupon()(
        (kind, value, currency, status) in (kind(), amount(20_000), currency(), status()),
        (max_uses, uses_count, per_customer_limit) in (
            prop::option::weighted(0.3, 0u64..8),
            0u64..6,
            prop::option::weighted(0.3, 0u32..3),
        ),
        (valid_from, valid_until, deleted) in (bound(), bound(), prop::bool::weighted(0.05)),
        applicability in maybe_restricted(),
        (min_cart_value, max_discount_amount, balance) in (
            prop::option::weighted(0.3, amount(1_000_000)),
            prop::option::of(amount(100_000)),
            prop::option::of(amount(100_000)),
        ),
    ) -> Coupon {
        Coupon {
            id: "cpn_prop".into(),
            code: "PROP".into(),
            kind,
            value,
            currency,
            campaign_id: None,
            status,
            max_uses,
            uses_count,
            per_customer_limit,
            valid_from,
            valid_until,
            applicability,
            min_cart_value,
            max_discount_amount,
            balance,
            metadata: BTreeMap::new(),
            created_at: now(),
            updated_at: now(),
            version: 1,
            deleted_at: deleted.then(now),
            rule_ids: Vec::new(),
            ..Default::default()
        }
    }
}

fn usage() -> impl Strategy<Value = Usage> {
    (0u64..6, 0u64..3, prop::option::of(amount(100_000))).prop_map(
        |(uses_count, customer_uses, balance)| Usage {
            uses_count,
            customer_uses,
            balance,
        },
    )
}

fn now_strategy() -> impl Strategy<Value = DateTime<Utc>> {
    (-4i64..4).prop_map(|s| now() + Duration::seconds(s))
}

/// One evaluation's inputs. Most carts state the coupon's own currency, since
/// independent currencies would make nearly every money coupon a mismatch.
#[derive(Debug, Clone)]
struct Scenario {
    coupon: Coupon,
    usage: Usage,
    ctx: Context,
    now: DateTime<Utc>,
}

impl Scenario {
    fn evaluate(&self) -> Evaluation {
        evaluate(&self.coupon, &self.usage, &self.ctx, self.now)
    }
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        coupon(),
        usage(),
        context(),
        now_strategy(),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(coupon, usage, mut ctx, now, same_currency)| {
            if same_currency && coupon.currency.is_some() {
                ctx.currency.clone_from(&coupon.currency);
            }
            Scenario {
                coupon,
                usage,
                ctx,
                now,
            }
        })
}

fn line_total(item: &CartItem) -> Decimal {
    item.line_total().max(Decimal::ZERO)
}

fn goods(e: &Evaluation) -> Decimal {
    e.discount - e.shipping_discount
}

/// Precedence rank of a refusal reason, for checking the order of `reasons`.
fn rank(code: ErrorCode) -> usize {
    use ErrorCode::*;
    [
        Revoked,
        Inactive,
        Expired,
        NotYetValid,
        LimitReached,
        PerCustomerLimitReached,
        CurrencyMismatch,
        BalanceExhausted,
        NotEligible,
        MinCartValueNotMet,
    ]
    .iter()
    .position(|&c| c == code)
    .unwrap_or(usize::MAX)
}

/// An amount as the engine reads it: rounded once, half up, to the minor unit
/// of the cart's currency (amounts finer than the currency are not refused by
/// this generator, unlike the API edge of money).
fn grid(amount: Decimal, currency: Option<&str>) -> Decimal {
    let dp = stampede_protocol::money::minor_unit_exponent(currency.unwrap_or("")).unwrap_or(2);
    amount.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn discount_is_bounded(s in scenario()) {
        let e = s.evaluate();
        prop_assert!(e.discount >= Decimal::ZERO);
        prop_assert!(e.shipping_discount >= Decimal::ZERO);
        prop_assert!(goods(&e) >= Decimal::ZERO);
        prop_assert!(goods(&e) <= e.eligible_subtotal);
        let shipping = s.ctx.shipping_amount.unwrap_or_default().max(Decimal::ZERO);
        // Amounts are whole minor units of what the cart is charged: a shipping
        // amount finer than the currency is rounded once, half up.
        let shipping = grid(shipping, e.currency.as_deref());
        prop_assert!(e.shipping_discount <= shipping);
        prop_assert!(e.discount <= e.eligible_subtotal + shipping);
        // A gift card pays goods first, then shipping.
        if !matches!(s.coupon.kind, CouponType::FreeShipping | CouponType::GiftCard) {
            prop_assert_eq!(e.shipping_discount, Decimal::ZERO);
        }
    }

    #[test]
    fn cap_and_face_value_hold(s in scenario()) {
        let e = s.evaluate();
        let c = &s.coupon;
        match c.kind {
            CouponType::Percentage => {
                if let Some(cap) = c.max_discount_amount {
                    prop_assert!(e.discount <= cap);
                }
            }
            CouponType::Fixed => prop_assert!(e.discount <= grid(c.value, e.currency.as_deref())),
            CouponType::GiftCard => {
                let balance = s.usage.balance.or(c.balance).unwrap_or(c.value);
                prop_assert!(e.discount <= grid(balance.max(Decimal::ZERO), e.currency.as_deref()));
            }
            // The coupon engine gives a promotion's code nothing; the promotion
            // engine's properties are `promo_props.rs`.
            CouponType::Promotion => prop_assert!(e.discount.is_zero()),
            _ => {}
        }
    }

    #[test]
    fn allocations_sum_exactly(s in scenario()) {
        let e = s.evaluate();
        let discounts_goods = s.coupon.kind != CouponType::FreeShipping && !s.ctx.items.is_empty();
        if e.is_valid() && discounts_goods && goods(&e) > Decimal::ZERO {
            prop_assert!(!e.allocations.is_empty());
            let sum: Decimal = e.allocations.iter().map(|&(_, a)| a).sum();
            prop_assert_eq!(sum, goods(&e));
        } else if !e.is_valid() {
            prop_assert!(e.allocations.is_empty());
        }
        let mut previous = None;
        for &(index, share) in &e.allocations {
            prop_assert!(previous < Some(index), "indices ascend and are unique");
            previous = Some(index);
            let total = grid(line_total(&s.ctx.items[index]), e.currency.as_deref());
            prop_assert!(share >= Decimal::ZERO);
            prop_assert!(share <= total, "share {} > line {}", share, total);
        }
    }

    #[test]
    fn rounded_once_to_minor_unit(s in scenario()) {
        let e = s.evaluate();
        let dp = e.currency.as_deref().and_then(minor_unit_exponent).unwrap_or(2);
        prop_assert_eq!(e.discount.round_dp(dp), e.discount);
        for &(_, share) in &e.allocations {
            prop_assert_eq!(share.round_dp(dp), share);
        }
    }

    #[test]
    fn deterministic(s in scenario()) {
        prop_assert_eq!(s.evaluate(), s.evaluate());
    }

    #[test]
    fn used_up_coupon_is_never_valid(s in scenario(), max in 0u64..6) {
        let mut s = s;
        s.coupon.max_uses = Some(max);
        s.usage.uses_count = s.usage.uses_count.max(max);
        let e = s.evaluate();
        prop_assert!(!e.is_valid());
        prop_assert!(e.reasons.contains(&ErrorCode::LimitReached));
        prop_assert_eq!(e.discount, Decimal::ZERO);
    }

    #[test]
    fn reasons_follow_precedence(s in scenario()) {
        let e = s.evaluate();
        let ranks: Vec<usize> = e.reasons.iter().map(|&r| rank(r)).collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{:?}", e.reasons);
        prop_assert!(ranks.iter().all(|&r| r != usize::MAX));
        prop_assert_eq!(e.first_reason(), e.reasons.first().copied());
        if !e.is_valid() {
            prop_assert_eq!(e.discount, Decimal::ZERO);
        }
    }

    #[test]
    fn negative_inputs_never_make_negative_discounts(
        s in scenario(),
        price in -1_000_000i64..0,
        shipping in -10_000i64..0,
    ) {
        let mut s = s;
        let item = CartItem { price: Decimal::new(price, 2), quantity: 2, ..CartItem::default() };
        s.ctx.items.push(item);
        s.ctx.shipping_amount = Some(Decimal::new(shipping, 2));
        let e = s.evaluate();
        prop_assert!(e.discount >= Decimal::ZERO);
        prop_assert!(e.allocations.iter().all(|&(_, a)| a >= Decimal::ZERO));
    }
}
