//! An experiment's results: exposures (the stored counters) and conversions
//! and revenue (the analytics rollups of each variant's coupon over the
//! experiment's window), put through [`super::stats`]. [`assemble`] is pure.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use stampede_protocol::experiment::{
    Comparison, Experiment, ExperimentResults, Recommendation, SampleRatio, VariantResult,
    SIGNIFICANCE_LEVEL, SRM_P_VALUE,
};

use super::stats;
use crate::records::analytics::{self, CouponTotals};
use crate::records::{self, RecordError, Records};

/// Decimal places of a reported revenue per exposure.
const REVENUE_PER_EXPOSURE_DP: u32 = 4;

/// The results of `experiment` at `now`: redemptions counted over
/// `[start, min(now, end))`, in the analytics rollups' whole hours (the
/// start's hour from its beginning, the last hour to its end).
pub async fn compute(
    records: &Records,
    tenant: &str,
    experiment: &Experiment,
    now: DateTime<Utc>,
) -> Result<ExperimentResults, RecordError> {
    let to = now.clamp(experiment.start, experiment.end);
    let exposures = records::experiments::exposures(records, tenant, experiment).await?;
    let mut totals = Vec::with_capacity(experiment.variants.len());
    for variant in &experiment.variants {
        if to <= experiment.start {
            // Not started: nothing to count (the rollups' whole hours would
            // take in the hour before the start).
            totals.push(CouponTotals::default());
            continue;
        }
        let coupon = variant.target();
        let found = analytics::coupon_totals(records, tenant, coupon, experiment.start, to).await?;
        totals.push(found);
    }
    Ok(assemble(experiment, &exposures, &totals, to, now))
}

/// The currency revenue is reported in: the experiment's, else the one
/// currency every variant's redemptions have (none when they have several).
fn currency_of(experiment: &Experiment, totals: &[CouponTotals]) -> Option<String> {
    if let Some(currency) = &experiment.currency {
        return Some(currency.clone());
    }
    let seen: BTreeSet<&String> = totals.iter().flat_map(|t| t.revenue.keys()).collect();
    match seen.len() {
        1 => seen.into_iter().next().cloned(),
        _ => None,
    }
}

fn variant_result(
    experiment: &Experiment,
    i: usize,
    exposures: u64,
    totals: &CouponTotals,
    currency: Option<&str>,
) -> VariantResult {
    let conversions = totals.unique_customers.min(exposures);
    let revenue = currency
        .and_then(|c| totals.revenue.get(c).copied())
        .unwrap_or(Decimal::ZERO);
    let revenue_per_exposure = if exposures == 0 {
        Decimal::ZERO
    } else {
        (revenue / Decimal::from(exposures)).round_dp(REVENUE_PER_EXPOSURE_DP)
    };
    VariantResult {
        variant_id: experiment.variants[i].id.clone(),
        allocation: experiment.allocation.get(i).copied().unwrap_or_default(),
        exposures,
        conversions,
        redeem_rate: stats::rate(conversions, exposures),
        revenue,
        revenue_per_exposure,
        revenue_by_currency: totals.revenue.clone(),
    }
}

fn comparison(control: &VariantResult, variant: &VariantResult) -> Option<Comparison> {
    let test = stats::two_proportion(
        (control.conversions, control.exposures),
        (variant.conversions, variant.exposures),
    )?;
    let base = control.revenue_per_exposure.to_f64().unwrap_or(0.0);
    let lift = variant.revenue_per_exposure.to_f64().unwrap_or(0.0);
    Some(Comparison {
        variant_id: variant.variant_id.clone(),
        control_id: control.variant_id.clone(),
        difference: test.difference,
        ci_low: test.ci_low,
        ci_high: test.ci_high,
        z: test.z,
        p_value: test.p_value,
        significant: test.p_value < SIGNIFICANCE_LEVEL,
        revenue_lift: (base > 0.0).then(|| (lift - base) / base),
    })
}

fn sample_ratio(variants: &[VariantResult]) -> Option<SampleRatio> {
    let observed: Vec<u64> = variants.iter().map(|v| v.exposures).collect();
    let shares: Vec<f64> = variants
        .iter()
        .map(|v| v.allocation.to_f64().unwrap_or(0.0) / 100.0)
        .collect();
    let (chi_square, p_value) = stats::chi_square_fit(&observed, &shares)?;
    Some(SampleRatio {
        chi_square,
        p_value,
        mismatch: p_value < SRM_P_VALUE,
    })
}

/// What to do: keep running below the sample; then a mismatched split is to
/// be investigated, a variant significantly better than the control shipped
/// (the largest difference), and otherwise there is no difference.
pub fn recommend(
    variants: &[VariantResult],
    comparisons: &[Comparison],
    srm: Option<&SampleRatio>,
    minimum: u64,
) -> (Recommendation, Option<String>) {
    if variants.iter().any(|v| v.exposures < minimum) {
        return (Recommendation::KeepRunning, None);
    }
    if srm.is_some_and(|s| s.mismatch) {
        return (Recommendation::InvestigateSrm, None);
    }
    let best = comparisons
        .iter()
        .filter(|c| c.significant && c.difference > 0.0)
        .max_by(|a, b| a.difference.total_cmp(&b.difference));
    match best {
        Some(c) => (Recommendation::ShipVariant, Some(c.variant_id.clone())),
        None => (Recommendation::NoDifference, None),
    }
}

/// The results from each variant's exposures and totals (in variant order).
pub fn assemble(
    experiment: &Experiment,
    exposures: &[u64],
    totals: &[CouponTotals],
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ExperimentResults {
    let currency = currency_of(experiment, totals);
    let empty = CouponTotals::default();
    let variants: Vec<VariantResult> = (0..experiment.variants.len())
        .map(|i| {
            let seen = exposures.get(i).copied().unwrap_or(0);
            let total = totals.get(i).unwrap_or(&empty);
            variant_result(experiment, i, seen, total, currency.as_deref())
        })
        .collect();
    let comparisons: Vec<Comparison> = variants
        .split_first()
        .map(|(control, rest)| rest.iter().filter_map(|v| comparison(control, v)).collect())
        .unwrap_or_default();
    let srm = sample_ratio(&variants);
    let minimum = experiment.minimum_sample();
    let (recommendation, recommended_variant) =
        recommend(&variants, &comparisons, srm.as_ref(), minimum);
    ExperimentResults {
        experiment_id: experiment.id.clone(),
        status: experiment.status,
        currency,
        from: experiment.start,
        to,
        computed_at: now,
        frozen: false,
        minimum_sample_per_variant: minimum,
        variants,
        comparisons,
        sample_ratio: srm,
        recommendation,
        recommended_variant,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use stampede_protocol::experiment::{ExperimentStatus, Variant};

    use super::*;

    fn experiment() -> Experiment {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let variant = |id: &str| Variant {
            id: id.to_owned(),
            name: None,
            coupon_id: Some(format!("cpn_{id}")),
            promotion_id: None,
        };
        Experiment {
            id: String::from("exp_1"),
            name: String::from("t"),
            description: None,
            variants: vec![variant("A"), variant("B")],
            allocation: vec![Decimal::from(50), Decimal::from(50)],
            start: at,
            end: at + chrono::TimeDelta::days(1),
            metrics: vec![],
            planned_sample_per_variant: None,
            currency: None,
            status: ExperimentStatus::Running,
            frozen_results: None,
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    fn totals(unique: u64, gbp: i64) -> CouponTotals {
        CouponTotals {
            redemptions: unique,
            unique_customers: unique,
            revenue: [(String::from("GBP"), Decimal::from(gbp))].into(),
            discount: Default::default(),
        }
    }

    #[test]
    fn recommendations_follow_sample_srm_and_significance() {
        let e = experiment();
        let (to, now) = (e.end, e.end);
        let t = [totals(100, 1_000), totals(130, 1_500)];
        let shipped = assemble(&e, &[1_000, 1_000], &t, to, now);
        assert_eq!(shipped.recommendation, Recommendation::ShipVariant);
        assert_eq!(shipped.recommended_variant.as_deref(), Some("B"));
        assert_eq!(shipped.currency.as_deref(), Some("GBP"));
        assert_eq!(
            shipped.variants[1].revenue_per_exposure,
            Decimal::new(15, 1)
        );
        let lift = shipped.comparisons[0].revenue_lift.unwrap();
        assert!((lift - 0.5).abs() < 1e-9);
        let early = assemble(&e, &[500, 500], &t, to, now);
        assert_eq!(early.recommendation, Recommendation::KeepRunning);
        // 1,000 against 1,200 on a 50/50 split: chi-square 18.2, p ≈ 2e-5.
        let skewed = assemble(&e, &[1_000, 1_200], &t, to, now);
        assert!(skewed.sample_ratio.as_ref().unwrap().mismatch);
        assert_eq!(skewed.recommendation, Recommendation::InvestigateSrm);
        let same = assemble(
            &e,
            &[1_000, 1_000],
            &[totals(100, 0), totals(101, 0)],
            to,
            now,
        );
        assert_eq!(same.recommendation, Recommendation::NoDifference);
    }
}
