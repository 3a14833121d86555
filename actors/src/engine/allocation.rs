//! Splitting a goods discount over the eligible cart lines.
//!
//! Order systems book a discount per line (for refunds and tax), so the per-line
//! amounts must be whole minor units that add up to exactly the discount. The
//! largest-remainder method does that: every line first gets its proportional
//! share rounded down, and the minor units left over go one each to the lines
//! with the largest dropped remainders, ties to the earlier line. The arithmetic
//! is on integer minor units, so the sum is exact by construction.
//!
//! Lines are weighted by their totals rounded down to the minor unit, the same
//! figures `CartScan::allocatable` caps the discount at; that is what keeps every
//! line's share at or below its own total even for prices finer than the currency.

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use super::amounts::floor_dp;

/// Splits `discount` (non-negative, at most the sum of the floored line totals)
/// over `lines` (index into `ctx.items`, line total), replacing each line total
/// with that line's share; the vector is reused to spare an allocation.
pub(crate) fn allocate(
    discount: Decimal,
    mut lines: Vec<(usize, Decimal)>,
    dp: u32,
) -> Vec<(usize, Decimal)> {
    let scale = pow10(dp);
    let target = to_units(discount, dp);
    let weights: Vec<u128> = lines
        .iter()
        .map(|&(_, total)| to_units(total, dp))
        .collect();
    let shares = largest_remainder(target, &weights);
    for (line, units) in lines.iter_mut().zip(shares) {
        line.1 = from_units(units, dp, scale);
    }
    lines
}

/// Integer core: shares of `target` proportional to `weights`, summing to
/// `target` whenever `target` ≤ the sum of the weights.
fn largest_remainder(target: u128, weights: &[u128]) -> Vec<u128> {
    let total = weights.iter().fold(0u128, |s, &w| s.saturating_add(w));
    if total == 0 || target == 0 {
        return vec![0; weights.len()];
    }
    let parts: Vec<(u128, u128)> = weights
        .iter()
        .map(|&w| mul_div_rem(target.min(total), w, total))
        .collect();
    let mut shares: Vec<u128> = parts.iter().map(|&(q, _)| q).collect();
    let given = shares.iter().fold(0u128, |s, &q| s.saturating_add(q));
    let leftover = usize::try_from(target.saturating_sub(given)).unwrap_or(usize::MAX);
    if leftover > 0 {
        let mut order: Vec<usize> = (0..parts.len()).collect();
        // Largest remainder first; the stable sort keeps earlier lines first on ties.
        order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1));
        for &pos in order.iter().take(leftover) {
            shares[pos] += 1;
        }
    }
    shares
}

/// `floor(a × b / c)` and its remainder, exactly, for `a ≤ c` and `b ≤ c`: the
/// quotient then fits in 128 bits even when the product does not.
pub(crate) fn mul_div_rem(a: u128, b: u128, c: u128) -> (u128, u128) {
    match a.checked_mul(b) {
        Some(product) => (product / c, product % c),
        None => {
            let (hi, lo) = wide_mul(a, b);
            long_div(hi, lo, c)
        }
    }
}

/// Full 256-bit product of two `u128`s, as (high, low) halves.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Divides the 256-bit number (hi, lo) by `c`, bit by bit; needs `hi < c`. Only
/// reached for amounts far beyond `protocol::limits`, so simplicity wins over speed.
fn long_div(hi: u128, lo: u128, c: u128) -> (u128, u128) {
    let mut rem = hi;
    let mut quot = 0u128;
    for bit in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> bit) & 1);
        quot <<= 1;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            quot |= 1;
        }
    }
    (quot, rem)
}

fn pow10(dp: u32) -> u128 {
    10u128.checked_pow(dp).unwrap_or(u128::MAX)
}

/// Whole minor units in a non-negative amount, rounded down.
fn to_units(amount: Decimal, dp: u32) -> u128 {
    let floored = floor_dp(amount, dp);
    let mantissa = u128::try_from(floored.mantissa()).unwrap_or(0);
    mantissa.saturating_mul(pow10(dp.saturating_sub(floored.scale())))
}

/// Minor units back to an amount with the currency's scale. Counts too large for
/// a `Decimal` mantissa (far beyond `protocol::limits`) drop their fraction
/// rather than panic.
fn from_units(units: u128, dp: u32, scale: u128) -> Decimal {
    let signed = i128::try_from(units).unwrap_or(i128::MAX);
    Decimal::try_from_i128_with_scale(signed, dp)
        .unwrap_or_else(|_| Decimal::from_i128(signed / scale as i128).unwrap_or(Decimal::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixtures::dec;

    fn lines(totals: &[&str]) -> Vec<(usize, Decimal)> {
        totals
            .iter()
            .enumerate()
            .map(|(i, t)| (i, dec(t)))
            .collect()
    }

    fn amounts(allocated: &[(usize, Decimal)]) -> Vec<Decimal> {
        allocated.iter().map(|&(_, a)| a).collect()
    }

    #[test]
    fn splits_table() {
        let cases: [(&str, &[&str], u32, &[&str]); 7] = [
            ("proportional", &["30", "10"], 2, &["3.00", "1.00"]),
            (
                "thirds tie to first",
                &["1", "1", "1"],
                2,
                &["0.34", "0.33", "0.33"],
            ),
            ("largest remainder wins", &["1", "2"], 2, &["0.33", "0.67"]),
            ("whole yen", &["100", "100", "100"], 0, &["34", "33", "33"]),
            ("fils", &["1.000", "2.000"], 3, &["0.333", "0.667"]),
            ("zero-priced line", &["0", "5"], 2, &["0.00", "1.00"]),
            ("full discount", &["2.50", "7.50"], 2, &["2.50", "7.50"]),
        ];
        let discounts = ["4", "1.00", "1.00", "100", "1.000", "1.00", "10.00"];
        for ((name, totals, dp, expected), discount) in cases.into_iter().zip(discounts) {
            let got = allocate(dec(discount), lines(totals), dp);
            let expected: Vec<Decimal> = expected.iter().map(|e| dec(e)).collect();
            assert_eq!(amounts(&got), expected, "{name}");
            let sum: Decimal = amounts(&got).iter().sum();
            assert_eq!(sum, dec(discount), "{name} sums");
        }
    }

    #[test]
    fn keeps_line_indices() {
        let got = allocate(dec("2"), vec![(3, dec("5")), (7, dec("5"))], 2);
        assert_eq!(got, vec![(3, dec("1.00")), (7, dec("1.00"))]);
    }

    #[test]
    fn off_grid_prices_never_exceed_their_line() {
        // 0.005 floors to zero minor units, so it can take no share.
        let got = allocate(dec("0.99"), lines(&["0.005", "0.999"]), 2);
        assert_eq!(amounts(&got), vec![dec("0.00"), dec("0.99")]);
    }

    #[test]
    fn nothing_to_split() {
        assert_eq!(largest_remainder(0, &[3, 4]), vec![0, 0]);
        assert_eq!(largest_remainder(5, &[0, 0]), vec![0, 0]);
        assert!(largest_remainder(5, &[]).is_empty());
    }

    #[test]
    fn wide_division_is_exact() {
        let cases = [
            (1u128 << 100, 1u128 << 100, 1u128 << 100),
            ((1 << 100) + 1, (1 << 100) - 3, (1 << 100) + 7),
            (u128::MAX - 5, u128::MAX - 9, u128::MAX),
        ];
        for (a, b, c) in cases {
            let (q, r) = mul_div_rem(a, b, c);
            assert!(r < c);
            // q × c + r must equal a × b, compared as 256-bit numbers.
            let (qh, ql) = wide_mul(q, c);
            let (lo, carry) = ql.overflowing_add(r);
            assert_eq!((qh + u128::from(carry), lo), wide_mul(a, b));
        }
        assert_eq!(mul_div_rem(7, 5, 10), (3, 5));
    }

    #[test]
    fn minor_unit_conversion() {
        assert_eq!(to_units(dec("12.3"), 2), 1230);
        assert_eq!(to_units(dec("12.349"), 2), 1234);
        assert_eq!(to_units(dec("7"), 3), 7000);
        assert_eq!(to_units(dec("-1"), 2), 0);
        assert_eq!(from_units(1230, 2, 100), dec("12.30"));
        assert_eq!(from_units(5, 0, 1), dec("5"));
    }
}
