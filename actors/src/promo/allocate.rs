//! Splitting a cart-level amount over lines by the largest-remainder method.
//!
//! Order systems book discounts per line, so the shares must be whole minor units
//! adding up to exactly the amount. Every weight first gets its proportional share
//! rounded down; the units left over go one each to the largest dropped
//! remainders, ties to the earlier line. With `target ≤ Σ weights` no share exceeds
//! its weight, which is what keeps every line non-negative.

use super::units::Units;
use crate::engine::allocation::mul_div_rem;

fn as_u128(units: Units) -> u128 {
    u128::try_from(units.max(0)).unwrap_or(0)
}

/// Shares of `target` proportional to `weights` (all non-negative). The result sums
/// to `min(target, Σ weights)` exactly.
pub fn largest_remainder(target: Units, weights: &[Units]) -> Vec<Units> {
    let total: Units = weights.iter().map(|w| (*w).max(0)).sum();
    let target = target.clamp(0, total);
    if target == 0 {
        return vec![0; weights.len()];
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: Units = 0;
    for (i, &w) in weights.iter().enumerate() {
        // Exact even when target × weight exceeds 128 bits (the coupon engine's
        // wide division; both factors are at most `total`).
        let (share, remainder) = mul_div_rem(as_u128(target), as_u128(w), as_u128(total));
        let share = Units::try_from(share).unwrap_or(0);
        shares.push(share);
        remainders.push((remainder, i));
        given += share;
    }
    let leftover = usize::try_from(target - given).unwrap_or(0);
    if leftover > 0 {
        // The `leftover` largest remainders, earlier lines first on ties; the keys
        // are distinct, so the partial selection is deterministic.
        remainders.select_nth_unstable_by_key(leftover - 1, |&(r, i)| (std::cmp::Reverse(r), i));
        for &(_, i) in &remainders[..leftover] {
            shares[i] += 1;
        }
    }
    debug_assert_eq!(shares.iter().sum::<Units>(), target);
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

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
