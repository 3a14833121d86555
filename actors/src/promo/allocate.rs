//! Splitting a cart-level amount over lines by the largest-remainder method.
//!
//! Order systems book discounts per line, so the shares must be whole minor units
//! adding up to exactly the amount. Every weight first gets its proportional share
//! rounded down; the units left over go one each to the largest dropped
//! remainders, ties to the earlier line. With `target ≤ Σ weights` no share exceeds
//! its weight, which is what keeps every line non-negative.

use super::units::Units;

fn as_u128(units: Units) -> u128 {
    u128::try_from(units.max(0)).unwrap_or(0)
}

/// Shares of `target` proportional to `weights` (all non-negative). The result sums
/// to `min(target, Σ weights)` exactly.
pub fn largest_remainder(target: Units, weights: &[Units]) -> Vec<Units> {
    let mut pairs: Vec<(usize, Units)> = weights.iter().copied().enumerate().collect();
    allocate_in_place(target, &mut pairs);
    pairs.into_iter().map(|(_, share)| share).collect()
}

/// Replaces each weight of `(line, weight)` pairs with that line's share of
/// `target`; the shares sum to `min(target, Σ weights)` exactly.
pub fn allocate_in_place(target: Units, pairs: &mut [(usize, Units)]) {
    let total: Units = pairs.iter().map(|&(_, w)| w.max(0)).sum();
    let target = target.clamp(0, total);
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(pairs.len());
    let mut given: Units = 0;
    for (i, pair) in pairs.iter_mut().enumerate() {
        let (share, remainder) = share_of(target, pair.1, total);
        pair.1 = share;
        given += share;
        remainders.push((remainder, i));
    }
    let leftover = usize::try_from(target - given).unwrap_or(0);
    if leftover > 0 {
        // The `leftover` largest remainders, earlier lines first on ties; the keys
        // are distinct, so the partial selection is deterministic.
        remainders.select_nth_unstable_by_key(leftover - 1, |&(r, i)| (std::cmp::Reverse(r), i));
        for &(_, i) in &remainders[..leftover] {
            pairs[i].1 += 1;
        }
    }
    debug_assert_eq!(pairs.iter().map(|&(_, s)| s).sum::<Units>(), target);
}

/// `target × weight / total` rounded down, and the remainder.
fn share_of(target: Units, weight: Units, total: Units) -> (Units, u128) {
    if total == 0 || target == 0 {
        return (0, 0);
    }
    let (share, remainder) = mul_div_rem(as_u128(target), as_u128(weight), as_u128(total));
    (Units::try_from(share).unwrap_or(0), remainder)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn splits_exactly() {
        assert_eq!(largest_remainder(400, &[3000, 1000]), vec![300, 100]);
        assert_eq!(largest_remainder(100, &[100, 100, 100]), vec![34, 33, 33]);
        assert_eq!(largest_remainder(100, &[100, 200]), vec![33, 67]);
        assert_eq!(largest_remainder(5, &[0, 0]), vec![0, 0]);
        assert_eq!(largest_remainder(50, &[10, 20]), vec![10, 20]);
        assert!(largest_remainder(5, &[]).is_empty());
    }

    #[test]
    fn huge_amounts_split_exactly() {
        // 10^20 minor units per line: the products overflow 128 bits.
        let w = 100_000_000_000_000_000_000;
        let shares = largest_remainder(w + 1, &[w, w, w]);
        assert_eq!(shares.iter().sum::<Units>(), w + 1);
        assert!(shares.iter().all(|&s| s <= w));
    }

    #[test]
    fn shares_never_exceed_weights() {
        let weights = [1, 7, 3, 0, 13, 2];
        for target in 0..=26 {
            let shares = largest_remainder(target, &weights);
            assert_eq!(shares.iter().sum::<Units>(), target);
            for (s, w) in shares.iter().zip(weights) {
                assert!(*s <= w && *s >= 0);
            }
        }
    }
}
