//! Checks on a coupon definition, run when a coupon is created or patched.
//!
//! A definition that passes here can always be evaluated meaningfully: the
//! engine itself stays total on bad definitions, but refusing them at the edge
//! gives the author a field-level message instead of a coupon that never applies.

use rust_decimal::Decimal;
use stampede_protocol::limits::{MAX_APPLICABILITY_ENTRIES, MAX_MONEY_MAJOR_UNITS, MAX_USES_LIMIT};
use stampede_protocol::money::is_known_currency;
use stampede_protocol::{code, Coupon, CouponType};

use crate::promo::coupon::{currencies, definition};

/// A problem: the JSON field at fault and a message for the author.
type Problem = (&'static str, String);

/// Every problem with `coupon`'s definition, in field order; empty when it is valid.
pub fn check_definition(coupon: &Coupon) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(err) = code::normalize(&coupon.code) {
        problems.push(("code", err.to_string()));
    }
    problems.extend(check_value(coupon));
    problems.extend(check_currency(coupon));
    problems.extend(check_limits(coupon));
    problems.extend(check_window(coupon));
    problems.extend(check_applicability(coupon));
    problems.extend(check_amounts(coupon));
    problems
}

/// Percentages are 0–100 exclusive of zero; money values must be positive.
/// `free_shipping` ignores `value`, so any non-negative value is accepted there
/// rather than forcing authors to invent one.
fn check_value(coupon: &Coupon) -> Option<Problem> {
    if coupon.discount.is_some() || coupon.kind == CouponType::Promotion {
        return check_discount(coupon);
    }
    let value = coupon.value;
    let message = match coupon.kind {
        CouponType::FreeShipping if value < Decimal::ZERO => "must not be negative".to_string(),
        CouponType::FreeShipping | CouponType::Promotion => return None,
        _ if value <= Decimal::ZERO => "must be greater than 0".to_string(),
        CouponType::Percentage if value > Decimal::ONE_HUNDRED => {
            "must be at most 100 for a percentage coupon".to_string()
        }
        CouponType::Percentage => return None,
        CouponType::Fixed | CouponType::GiftCard => too_large(value)?,
        kind => {
            return Some((
                "discount",
                format!("is required for a {} coupon", kind.as_str()),
            ))
        }
    };
    Some(("value", message))
}

/// A discount in the engine's shape is checked by the engine, in every currency
/// it names, with the coupon's minimums and caps; its kind is the coupon's type.
fn check_discount(coupon: &Coupon) -> Option<Problem> {
    let discount = coupon.discount.as_ref()?;
    if CouponType::of_discount(discount) != coupon.kind {
        return Some((
            "type",
            format!(
                "is {} but the discount is {}",
                coupon.kind.as_str(),
                discount.kind()
            ),
        ));
    }
    let named = currencies(coupon);
    let first = named.iter().next().copied().unwrap_or("");
    let def = definition(coupon, None, first);
    match crate::promo::Promotion::new(def) {
        Ok(_) => None,
        Err(e) => Some((
            "discount",
            format!("{}: {}", e.path.replacen('$', "definition", 1), e.message),
        )),
    }
}

/// Fixed amounts and gift balances are money, so they need a currency; any
/// currency given must be a real ISO 4217 code or rounding would be guessed.
fn check_currency(coupon: &Coupon) -> Option<Problem> {
    let needs = coupon.discount.is_none()
        && matches!(coupon.kind, CouponType::Fixed | CouponType::GiftCard);
    if let Some(unknown) = currencies(coupon)
        .into_iter()
        .find(|c| !is_known_currency(c))
    {
        return Some((
            "currency",
            format!("'{unknown}' is not a known ISO 4217 currency code"),
        ));
    }
    let message = match coupon.currency.as_deref() {
        None if needs => format!("is required for a {} coupon", coupon.kind.as_str()),
        Some(c) if !is_known_currency(c) => {
            format!("'{c}' is not a known ISO 4217 currency code")
        }
        _ => return None,
    };
    Some(("currency", message))
}

/// A limit of zero would make the coupon unusable from birth; say so instead.
fn check_limits(coupon: &Coupon) -> Vec<Problem> {
    let mut problems = Vec::new();
    match coupon.max_uses {
        Some(0) => problems.push(("max_uses", "must be at least 1".to_string())),
        Some(n) if n > MAX_USES_LIMIT => {
            problems.push(("max_uses", format!("must be at most {MAX_USES_LIMIT}")));
        }
        _ => {}
    }
    if coupon.per_customer_limit == Some(0) {
        problems.push(("per_customer_limit", "must be at least 1".to_string()));
    }
    problems
}

/// An empty or inverted window would never be open.
fn check_window(coupon: &Coupon) -> Option<Problem> {
    match (coupon.valid_from, coupon.valid_until) {
        (Some(from), Some(until)) if from >= until => {
            Some(("valid_until", "must be after valid_from".to_string()))
        }
        _ => None,
    }
}

/// Bounded so matching a cart stays cheap on every redemption.
fn check_applicability(coupon: &Coupon) -> Option<Problem> {
    (coupon.applicability.entry_count() > MAX_APPLICABILITY_ENTRIES).then(|| {
        (
            "applicability",
            format!(
                "must list at most {MAX_APPLICABILITY_ENTRIES} products and categories in total"
            ),
        )
    })
}

fn check_amounts(coupon: &Coupon) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(min) = coupon.min_cart_value {
        let message = if min < Decimal::ZERO {
            Some("must not be negative".to_string())
        } else {
            too_large(min)
        };
        problems.extend(message.map(|m| ("min_cart_value", m)));
    }
    if let Some(cap) = coupon.max_discount_amount {
        let message = if cap <= Decimal::ZERO {
            Some("must be greater than 0".to_string())
        } else {
            too_large(cap)
        };
        problems.extend(message.map(|m| ("max_discount_amount", m)));
    }
    problems
}

/// Money above `MAX_MONEY_MAJOR_UNITS` is refused everywhere else too.
fn too_large(amount: Decimal) -> Option<String> {
    (amount > Decimal::from(MAX_MONEY_MAJOR_UNITS))
        .then(|| format!("must be at most {MAX_MONEY_MAJOR_UNITS}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixtures::{at, coupon, dec};
    use stampede_protocol::Applicability;

    fn fields(c: &Coupon) -> Vec<&'static str> {
        check_definition(c).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn valid_definitions_pass() {
        for kind in [
            CouponType::Percentage,
            CouponType::Fixed,
            CouponType::FreeShipping,
            CouponType::GiftCard,
        ] {
            assert!(check_definition(&coupon(kind, "10")).is_empty(), "{kind:?}");
        }
        assert!(check_definition(&coupon(CouponType::Percentage, "100")).is_empty());
        assert!(check_definition(&coupon(CouponType::FreeShipping, "0")).is_empty());
    }

    #[test]
    fn problems_table() {
        type Edit = fn(&mut Coupon);
        let cases: [(&str, CouponType, Edit, &[&str]); 16] = [
            (
                "empty code",
                CouponType::Percentage,
                |c| c.code.clear(),
                &["code"],
            ),
            (
                "bad code",
                CouponType::Percentage,
                |c| c.code = "A B".into(),
                &["code"],
            ),
            (
                "zero value",
                CouponType::Percentage,
                |c| c.value = dec("0"),
                &["value"],
            ),
            (
                "over 100%",
                CouponType::Percentage,
                |c| c.value = dec("100.01"),
                &["value"],
            ),
            (
                "negative fixed",
                CouponType::Fixed,
                |c| c.value = dec("-1"),
                &["value"],
            ),
            (
                "huge fixed",
                CouponType::Fixed,
                |c| c.value = dec("1000000000001"),
                &["value"],
            ),
            (
                "negative shipping value",
                CouponType::FreeShipping,
                |c| c.value = dec("-1"),
                &["value"],
            ),
            (
                "fixed without currency",
                CouponType::Fixed,
                |c| c.currency = None,
                &["currency"],
            ),
            (
                "gift without currency",
                CouponType::GiftCard,
                |c| c.currency = None,
                &["currency"],
            ),
            (
                "unknown currency",
                CouponType::Percentage,
                |c| c.currency = Some("XYZ".into()),
                &["currency"],
            ),
            (
                "lower-case currency",
                CouponType::Fixed,
                |c| c.currency = Some("gbp".into()),
                &["currency"],
            ),
            (
                "zero max_uses",
                CouponType::Percentage,
                |c| c.max_uses = Some(0),
                &["max_uses"],
            ),
            (
                "zero per customer",
                CouponType::Percentage,
                |c| c.per_customer_limit = Some(0),
                &["per_customer_limit"],
            ),
            (
                "negative min cart",
                CouponType::Percentage,
                |c| c.min_cart_value = Some(dec("-0.01")),
                &["min_cart_value"],
            ),
            (
                "zero cap",
                CouponType::Percentage,
                |c| c.max_discount_amount = Some(dec("0")),
                &["max_discount_amount"],
            ),
            (
                "several at once",
                CouponType::Fixed,
                |c| {
                    c.value = dec("0");
                    c.currency = None;
                    c.max_uses = Some(0);
                },
                &["value", "currency", "max_uses"],
            ),
        ];
        for (name, kind, edit, expected) in cases {
            let mut c = coupon(kind, "10");
            edit(&mut c);
            assert_eq!(fields(&c), expected, "{name}");
        }
    }

    #[test]
    fn window_must_be_ordered() {
        let mut c = coupon(CouponType::Percentage, "10");
        c.valid_from = Some(at("2025-09-01T00:00:00Z"));
        c.valid_until = Some(at("2025-09-01T00:00:00Z"));
        assert_eq!(fields(&c), vec!["valid_until"]);
        c.valid_until = Some(at("2025-09-01T00:00:01Z"));
        assert!(fields(&c).is_empty());
        c.valid_from = None;
        assert!(fields(&c).is_empty());
    }

    #[test]
    fn applicability_is_bounded() {
        let mut c = coupon(CouponType::Percentage, "10");
        let many = |n: usize| (0..n).map(|i| format!("p{i}")).collect::<Vec<_>>();
        c.applicability = Applicability {
            include_products: many(MAX_APPLICABILITY_ENTRIES / 2),
            exclude_categories: many(MAX_APPLICABILITY_ENTRIES / 2),
            ..Applicability::default()
        };
        assert!(fields(&c).is_empty());
        c.applicability.exclude_products.push("one-too-many".into());
        assert_eq!(fields(&c), vec!["applicability"]);
    }

    #[test]
    fn messages_name_the_rule() {
        let mut c = coupon(CouponType::Fixed, "10");
        c.currency = Some("XYZ".into());
        assert_eq!(
            check_definition(&c),
            vec![(
                "currency",
                "'XYZ' is not a known ISO 4217 currency code".to_string()
            )]
        );
    }
}
