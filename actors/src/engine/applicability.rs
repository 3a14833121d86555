//! Applicability: which cart lines a coupon discounts, and the subtotals the
//! checks and the discount read.
//!
//! The cart is scanned once per evaluation; everything later works from the
//! resulting [`CartScan`] so no rule is matched twice.

use rust_decimal::Decimal;
use stampede_protocol::{Applicability, CartItem, Context};

use super::amounts::{floor_dp, non_negative, sat_add, sat_mul};

/// What the engine needs to know about a cart, computed in one pass.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CartScan {
    /// Eligible lines as (index into `ctx.items`, line total), in cart order.
    /// Empty when the context has no items and `cart_total` stands in for them.
    pub eligible: Vec<(usize, Decimal)>,
    /// Sum of the eligible line totals (or the usable `cart_total`).
    pub eligible_subtotal: Decimal,
    /// Sum of every line total, eligible or not: what `min_cart_value` reads.
    pub goods_subtotal: Decimal,
    /// Lines in the context, eligible or not.
    pub line_count: usize,
    /// False when the filters leave nothing to discount.
    pub any_eligible: bool,
}

impl CartScan {
    /// The largest goods discount that can be split over the eligible lines in
    /// whole minor units without any line getting more than its own total: each
    /// line's total rounded down, summed. Equal to the eligible subtotal whenever
    /// prices are whole minor units.
    pub(crate) fn allocatable(&self, dp: u32) -> Decimal {
        if self.eligible.is_empty() {
            return floor_dp(self.eligible_subtotal, dp);
        }
        self.eligible
            .iter()
            .fold(Decimal::ZERO, |sum, &(_, total)| {
                sat_add(sum, floor_dp(total, dp))
            })
    }
}

/// Whether `rules` let the coupon discount `item`: it must match every non-empty
/// include list and no exclude list, so excludes always win.
pub(crate) fn is_eligible(rules: &Applicability, item: &CartItem) -> bool {
    let product_ok = rules.include_products.is_empty()
        || rules.include_products.iter().any(|p| item.is_product(p));
    let category_ok = rules.include_categories.is_empty()
        || rules.include_categories.iter().any(|c| item.in_category(c));
    product_ok
        && category_ok
        && !rules.exclude_products.iter().any(|p| item.is_product(p))
        && !rules.exclude_categories.iter().any(|c| item.in_category(c))
}

/// Scans the context's cart against `rules`.
pub(crate) fn scan(rules: &Applicability, ctx: &Context) -> CartScan {
    if ctx.items.is_empty() {
        return scan_total(rules, ctx);
    }
    let mut eligible = Vec::with_capacity(ctx.items.len());
    let mut eligible_subtotal = Decimal::ZERO;
    let mut goods_subtotal = Decimal::ZERO;
    for (index, item) in ctx.items.iter().enumerate() {
        let total = line_total(item);
        goods_subtotal = sat_add(goods_subtotal, total);
        // A line with quantity 0 buys nothing, so it cannot make a coupon apply.
        if item.quantity > 0 && is_eligible(rules, item) {
            eligible_subtotal = sat_add(eligible_subtotal, total);
            eligible.push((index, total));
        }
    }
    CartScan {
        any_eligible: !eligible.is_empty(),
        eligible,
        eligible_subtotal,
        goods_subtotal,
        line_count: ctx.items.len(),
    }
}

/// A context without items carries at most a `cart_total`. Excludes cannot remove
/// anything from a bare total, but include lists cannot be shown to match it.
fn scan_total(rules: &Applicability, ctx: &Context) -> CartScan {
    let total = non_negative(ctx.cart_total.unwrap_or_default());
    let any_eligible = !has_includes(rules);
    CartScan {
        eligible: Vec::new(),
        eligible_subtotal: if any_eligible { total } else { Decimal::ZERO },
        goods_subtotal: total,
        line_count: 0,
        any_eligible,
    }
}

fn has_includes(rules: &Applicability) -> bool {
    !rules.include_products.is_empty() || !rules.include_categories.is_empty()
}

/// Price × quantity, computed without panicking (unlike `CartItem::line_total`)
/// and with negative prices counted as zero.
fn line_total(item: &CartItem) -> Decimal {
    sat_mul(non_negative(item.price), Decimal::from(item.quantity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixtures::{ctx, dec, item};

    fn rules(inc_p: &[&str], exc_p: &[&str], inc_c: &[&str], exc_c: &[&str]) -> Applicability {
        let owned = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        Applicability {
            include_products: owned(inc_p),
            exclude_products: owned(exc_p),
            include_categories: owned(inc_c),
            exclude_categories: owned(exc_c),
        }
    }

    #[test]
    fn line_eligibility_table() {
        let shoe = item("SKU-SHOE", "shoes", 1, "10");
        let mut by_product_id = item("other", "shoes", 1, "10");
        by_product_id.product_id = Some("P-1".into());
        by_product_id.categories = vec!["sale".into()];
        let cases = [
            ("unrestricted", rules(&[], &[], &[], &[]), &shoe, true),
            (
                "include sku",
                rules(&["SKU-SHOE"], &[], &[], &[]),
                &shoe,
                true,
            ),
            (
                "include other sku",
                rules(&["X"], &[], &[], &[]),
                &shoe,
                false,
            ),
            (
                "include product_id",
                rules(&["P-1"], &[], &[], &[]),
                &by_product_id,
                true,
            ),
            (
                "include category",
                rules(&[], &[], &["shoes"], &[]),
                &shoe,
                true,
            ),
            (
                "include other category",
                rules(&[], &[], &["hats"], &[]),
                &shoe,
                false,
            ),
            (
                "category from list",
                rules(&[], &[], &["sale"], &[]),
                &by_product_id,
                true,
            ),
            (
                "both includes must match",
                rules(&["SKU-SHOE"], &[], &["hats"], &[]),
                &shoe,
                false,
            ),
            (
                "exclude sku",
                rules(&[], &["SKU-SHOE"], &[], &[]),
                &shoe,
                false,
            ),
            (
                "exclude beats include",
                rules(&["SKU-SHOE"], &[], &[], &["shoes"]),
                &shoe,
                false,
            ),
            (
                "exclude category list",
                rules(&[], &[], &[], &["sale"]),
                &by_product_id,
                false,
            ),
            (
                "exclude other",
                rules(&[], &["X"], &[], &["hats"]),
                &shoe,
                true,
            ),
        ];
        for (name, rules, line, expected) in cases {
            assert_eq!(is_eligible(&rules, line), expected, "{name}");
        }
    }

    #[test]
    fn scan_sums_eligible_and_whole_cart() {
        let c = ctx(
            Some("GBP"),
            vec![
                item("A", "shoes", 2, "10.50"),
                item("B", "clearance", 1, "5"),
                item("C", "shoes", 0, "99"),
            ],
        );
        let scan = scan(&rules(&[], &[], &[], &["clearance"]), &c);
        assert_eq!(scan.eligible, vec![(0, dec("21.00"))]);
        assert_eq!(scan.eligible_subtotal, dec("21"));
        assert_eq!(scan.goods_subtotal, dec("26"));
        assert_eq!(scan.line_count, 3);
        assert!(scan.any_eligible);
    }

    #[test]
    fn cart_total_stands_in_for_items() {
        let mut c = ctx(Some("GBP"), vec![]);
        c.cart_total = Some(dec("40"));
        let open = scan(&rules(&[], &["X"], &[], &["Y"]), &c);
        assert!(open.any_eligible);
        assert_eq!(open.eligible_subtotal, dec("40"));
        let limited = scan(&rules(&["X"], &[], &[], &[]), &c);
        assert!(!limited.any_eligible);
        assert_eq!(limited.eligible_subtotal, Decimal::ZERO);
        assert_eq!(limited.goods_subtotal, dec("40"));
    }

    #[test]
    fn allocatable_rounds_each_line_down() {
        let c = ctx(
            Some("GBP"),
            vec![item("A", "x", 1, "0.005"), item("B", "x", 3, "0.333")],
        );
        let scan = scan(&Applicability::default(), &c);
        assert_eq!(scan.allocatable(2), dec("0.99"));
        assert_eq!(scan.allocatable(0), Decimal::ZERO);
    }

    #[test]
    fn negative_prices_count_as_zero() {
        let c = ctx(Some("GBP"), vec![item("A", "x", 2, "-5")]);
        let scan = scan(&Applicability::default(), &c);
        assert_eq!(scan.eligible_subtotal, Decimal::ZERO);
    }
}
