//! The statistics of an experiment's results, pure: a two-proportion
//! comparison (unpooled normal interval of the difference, pooled z-test) and
//! a chi-square goodness-of-fit of the split (sample-ratio mismatch). The
//! distributions are `statrs`'.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Confidence of the interval of a difference.
pub const CONFIDENCE: f64 = 0.95;

/// A variant's rate against the control's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoProportion {
    /// `rate(variant) - rate(control)`.
    pub difference: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub z: f64,
    /// Two-sided.
    pub p_value: f64,
}

fn standard_normal() -> Normal {
    // Mean 0 and deviation 1 are valid parameters: this cannot fail.
    Normal::new(0.0, 1.0).unwrap_or_else(|_| unreachable!("N(0, 1) is valid"))
}

/// Rate of `successes` out of `trials` (0 without trials).
pub fn rate(successes: u64, trials: u64) -> f64 {
    if trials == 0 {
        0.0
    } else {
        successes.min(trials) as f64 / trials as f64
    }
}

/// Compares `variant` (successes, trials) with `control`; `None` when either
/// has no trial. Successes above the trials count as the trials.
pub fn two_proportion(control: (u64, u64), variant: (u64, u64)) -> Option<TwoProportion> {
    let ((c1, n1), (c2, n2)) = (control, variant);
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (rate(c1, n1), rate(c2, n2));
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let difference = p2 - p1;
    let normal = standard_normal();
    let critical = normal.inverse_cdf(1.0 - (1.0 - CONFIDENCE) / 2.0);
    let unpooled = (p1 * (1.0 - p1) / n1f + p2 * (1.0 - p2) / n2f).sqrt();
    let pooled_rate = (c1.min(n1) + c2.min(n2)) as f64 / (n1f + n2f);
    let pooled = (pooled_rate * (1.0 - pooled_rate) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    let (z, p_value) = if pooled > 0.0 {
        let z = difference / pooled;
        (z, (2.0 * normal.sf(z.abs())).min(1.0))
    } else {
        (0.0, 1.0)
    };
    Some(TwoProportion {
        difference,
        ci_low: difference - critical * unpooled,
        ci_high: difference + critical * unpooled,
        z,
        p_value,
    })
}

/// Chi-square goodness of fit of `observed` counts against `shares` (the
/// expected fraction of each, summing to 1): `(statistic, p_value)`; `None`
/// with fewer than two categories or no observation.
pub fn chi_square_fit(observed: &[u64], shares: &[f64]) -> Option<(f64, f64)> {
    let total: u64 = observed.iter().sum();
    if observed.len() < 2 || observed.len() != shares.len() || total == 0 {
        return None;
    }
    let statistic: f64 = observed
        .iter()
        .zip(shares)
        .filter(|(_, share)| **share > 0.0)
        .map(|(o, share)| {
            let expected = total as f64 * share;
            (*o as f64 - expected).powi(2) / expected
        })
        .sum();
    let freedom = (observed.len() - 1) as f64;
    let distribution = ChiSquared::new(freedom).ok()?;
    Some((statistic, distribution.sf(statistic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// Pooled z-test worked by hand: 100/1000 against 130/1000 — pooled
    /// rate 0.115, standard error sqrt(0.115 · 0.885 · 2/1000) = 0.0142671,
    /// z = 0.03 / 0.0142671 = 2.10274, two-sided p = erfc(2.10274/√2) = 0.035488.
    #[test]
    fn z_test_matches_the_worked_example() {
        let t = two_proportion((100, 1000), (130, 1000)).unwrap();
        assert!(close(t.difference, 0.03, 1e-12));
        assert!(close(t.z, 2.10274, 1e-4), "{t:?}");
        assert!(close(t.p_value, 0.035488, 1e-5), "{t:?}");
        // Unpooled: sqrt(0.1·0.9/1000 + 0.13·0.87/1000) = 0.0142513;
        // 1.959964 · 0.0142513 = 0.0279321.
        assert!(close(t.ci_low, 0.03 - 0.0279321, 1e-6), "{t:?}");
        assert!(close(t.ci_high, 0.03 + 0.0279321, 1e-6), "{t:?}");
    }

    #[test]
    fn equal_rates_are_no_difference() {
        let t = two_proportion((50, 500), (50, 500)).unwrap();
        assert_eq!(t.difference, 0.0);
        assert!(close(t.p_value, 1.0, 1e-12));
        assert!(t.ci_low < 0.0 && t.ci_high > 0.0);
        let none = two_proportion((0, 100), (0, 100)).unwrap();
        assert_eq!((none.z, none.p_value), (0.0, 1.0));
        assert_eq!(two_proportion((0, 0), (1, 10)), None);
    }

    /// With 2 degrees of freedom the chi-square survival function is
    /// exp(-x/2); with 1 it is erfc(sqrt(x/2)) — closed forms, not statrs.
    #[test]
    fn chi_square_matches_closed_forms() {
        // 3 categories, equal shares, 300 observations: expected 100 each.
        // (120-100)²/100 + (90-100)²/100 + (90-100)²/100 = 4 + 1 + 1 = 6.
        let third = 1.0 / 3.0;
        let (x, p) = chi_square_fit(&[120, 90, 90], &[third, third, third]).unwrap();
        assert!(close(x, 6.0, 1e-9));
        assert!(close(p, (-3.0f64).exp(), 1e-9), "{p}");
        // 2 categories, 30/70 of 1000: expected 300 and 700; observed 330
        // and 670: 900/300 + 900/700 = 4.285714; p = erfc(sqrt(2.142857)) =
        // 0.038434.
        let (x, p) = chi_square_fit(&[330, 670], &[0.3, 0.7]).unwrap();
        assert!(close(x, 4.285714, 1e-6));
        assert!(close(p, 0.038434, 1e-5), "{p}");
        assert_eq!(chi_square_fit(&[0, 0], &[0.5, 0.5]), None);
    }

    #[test]
    fn a_perfect_split_has_p_one() {
        let (x, p) = chi_square_fit(&[300, 700], &[0.3, 0.7]).unwrap();
        assert!(close(x, 0.0, 1e-12));
        assert!(close(p, 1.0, 1e-12));
    }
}
